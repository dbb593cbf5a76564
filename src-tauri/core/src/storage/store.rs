//! [`Store`]: the operations on drafts, signed applications and versions.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};

use super::{ApplicationSummary, Status, StorageError, open, paths};
use crate::model::{Application, SCHEMA_VERSION};

/// The longest id the schema accepts (a UUID is 36 characters).
const MAX_ID_LEN: usize = 64;

/// Inserts a draft, or replaces the stored draft with the same key. The `WHERE`
/// makes it a no-op on a signed row, which the caller sees as 0 changed rows.
const UPSERT_DRAFT: &str = "
    INSERT INTO applications (id, version, unit, status, created_at, updated_at, save_seq, body)
    VALUES (?1, ?2, ?3, 'utkast', ?4, ?4, (SELECT coalesce(max(save_seq), 0) + 1 FROM applications), ?5)
    ON CONFLICT (id, version) DO UPDATE
        SET unit = excluded.unit, updated_at = excluded.updated_at,
            save_seq = excluded.save_seq, body = excluded.body
        WHERE applications.status = 'utkast'";

/// Stores a signed application, turning its draft row (if any) into the signed row.
const UPSERT_SIGNED: &str = "
    INSERT INTO applications
        (id, version, unit, status, created_at, updated_at, save_seq, signed_at, seal, body)
    VALUES (?1, ?2, ?3, 'signerad', ?4, ?4,
        (SELECT coalesce(max(save_seq), 0) + 1 FROM applications), ?5, ?6, ?7)
    ON CONFLICT (id, version) DO UPDATE
        SET unit = excluded.unit, status = 'signerad', updated_at = excluded.updated_at,
            save_seq = excluded.save_seq, signed_at = excluded.signed_at, seal = excluded.seal, body = excluded.body
        WHERE applications.status = 'utkast'";

const SUMMARY_COLUMNS: &str = "id, version, unit, status, updated_at, signed_at, sent_for_approval_at, received_from, received_at";

/// The application database: one SQLite connection.
///
/// `Store` is `Send` but not `Sync` (a rusqlite `Connection`); the window keeps it
/// behind a `Mutex`. Every method is one transaction: when it returns `Ok`, the
/// change is on disk (`synchronous = FULL`), and a crash at any moment leaves
/// either the state before or after it.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database at `path`, creating its folder and the file if missing,
    /// and brings the schema up to date.
    ///
    /// Refused, with the file left exactly as it was: a directory, a path without
    /// permission ([`StorageError::Unreadable`]); a file that is not SQLite or is
    /// another program's database ([`StorageError::NotADatabase`]); a read-only
    /// file ([`StorageError::ReadOnly`]); a database from a newer Kanalansökan
    /// ([`StorageError::NewerSchema`]).
    ///
    /// # Example
    ///
    /// ```
    /// use kanalansokan_core::error::ToUserError;
    /// use kanalansokan_core::storage::Store;
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("ny mapp").join("kanalansokan.sqlite");
    /// let store = Store::open(&path).unwrap();
    /// assert_eq!(store.path(), Some(path.as_path()));
    ///
    /// let notes = dir.path().join("anteckningar.txt");
    /// std::fs::write(&notes, "Inte en databas").unwrap();
    /// let err = Store::open(&notes).unwrap_err();
    /// assert_eq!(err.to_user_error().code, "storage.not_a_database");
    /// assert_eq!(std::fs::read_to_string(&notes).unwrap(), "Inte en databas");
    /// ```
    pub fn open(path: &Path) -> Result<Store, StorageError> {
        let conn = open::open_file(path)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A private database in memory, gone when the `Store` is dropped. For tests.
    pub fn open_in_memory() -> Result<Store, StorageError> {
        Ok(Store {
            conn: open::open_in_memory()?,
            path: None,
        })
    }

    /// The default database file in the OS's app-data directory; see
    /// [`paths::default_path`](super::paths) for the locations.
    pub fn default_path() -> Result<PathBuf, StorageError> {
        paths::default_path()
    }

    /// The file this store was opened from; `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The connection, for the register module, which keeps its tables in the
    /// same file. Foreign keys are on, WAL and `synchronous = FULL` are set.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Creates and stores a new, empty draft ([`Application::new_draft`]):
    /// a fresh id, version 1, approval date `today`.
    ///
    /// # Example
    ///
    /// ```
    /// # let store = kanalansokan_core::storage::Store::open_in_memory().unwrap();
    /// let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    /// let draft = store.create_draft(today).unwrap();
    /// assert_eq!(draft.version, 1);
    /// assert_eq!(draft.approval.date, "2026-11-29");
    /// assert_eq!(store.get(&draft.id, 1).unwrap(), draft);
    /// ```
    pub fn create_draft(&self, today: NaiveDate) -> Result<Application, StorageError> {
        let app = Application::new_draft(today);
        self.save_draft(&app)?;
        Ok(app)
    }

    /// Saves a draft exactly as given, inserting or replacing the row
    /// `(app.id, app.version)`.
    ///
    /// Called several times a second while the user types, so it is one
    /// `INSERT … ON CONFLICT DO UPDATE` statement (SQLite runs a single statement
    /// as its own transaction): no read first, one fsync.
    ///
    /// Refuses ([`StorageError::SignedIsReadOnly`]) when the stored row is signed,
    /// or when `app` itself carries a seal or signing time (use
    /// [`Store::store_signed`]). Refuses an empty or over-long id or version 0
    /// ([`StorageError::InvalidKey`]).
    ///
    /// # Example
    ///
    /// ```
    /// # let store = kanalansokan_core::storage::Store::open_in_memory().unwrap();
    /// # let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    /// let mut draft = store.create_draft(today).unwrap();
    /// draft.purpose = "Ex sprida information, service".into();
    /// store.save_draft(&draft).unwrap();
    /// assert_eq!(store.get(&draft.id, 1).unwrap().purpose, draft.purpose);
    /// ```
    pub fn save_draft(&self, app: &Application) -> Result<(), StorageError> {
        check_key(&app.id, app.version)?;
        if app.seal.is_some() || app.signed_at.is_some() {
            return Err(StorageError::SignedIsReadOnly {
                id: app.id.clone(),
                version: app.version,
            });
        }
        let body = to_json(app)?;
        let changed = self.conn.prepare_cached(UPSERT_DRAFT)?.execute(params![
            app.id,
            app.version,
            app.unit.trim(),
            now(),
            body
        ])?;
        if changed == 0 {
            return Err(StorageError::SignedIsReadOnly {
                id: app.id.clone(),
                version: app.version,
            });
        }
        Ok(())
    }

    /// One version of an application, as stored.
    ///
    /// [`StorageError::NotFound`] if there is no such row; [`StorageError::Corrupt`]
    /// if the stored JSON cannot be read.
    pub fn get(&self, id: &str, version: u32) -> Result<Application, StorageError> {
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM applications WHERE id = ?1 AND version = ?2")?
            .query_row(params![id, version], |r| r.get(0))
            .optional()?;
        let body = body.ok_or_else(|| StorageError::NotFound {
            id: id.to_string(),
            version,
        })?;
        let app: Application = serde_json::from_str(&body).map_err(|e| StorageError::Corrupt {
            id: id.to_string(),
            version,
            detail: e.to_string(),
        })?;
        if app.id != id || app.version != version {
            return Err(StorageError::Corrupt {
                id: id.to_string(),
                version,
                detail: format!("body is {} version {}", app.id, app.version),
            });
        }
        Ok(app)
    }

    /// Every stored application, every version, most recently saved first (in
    /// the order of saves, not by clock, so a corrected clock cannot reorder it).
    ///
    /// Each version is its own row: a signed version 1 and its draft version 2
    /// are both listed (they are different documents).
    pub fn list(&self) -> Result<Vec<ApplicationSummary>, StorageError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM applications
             ORDER BY save_seq DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], summary_from_row)?;
        collect_summaries(rows)
    }

    /// All versions of one application, highest version first. Empty if the id
    /// is unknown.
    pub fn versions(&self, id: &str) -> Result<Vec<ApplicationSummary>, StorageError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM applications WHERE id = ?1 ORDER BY version DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([id], summary_from_row)?;
        collect_summaries(rows)
    }

    /// Copies an application (draft or signed) into a new draft: a new id,
    /// version 1, approval date `today`, and no signature, signing time or seal,
    /// since the copy has not been approved. Everything else is kept.
    ///
    /// # Example
    ///
    /// ```
    /// # let store = kanalansokan_core::storage::Store::open_in_memory().unwrap();
    /// # let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    /// let mut original = store.create_draft(today).unwrap();
    /// original.unit = "Fritidsgården".into();
    /// store.save_draft(&original).unwrap();
    /// let copy = store.duplicate(&original.id, 1, today).unwrap();
    /// assert_ne!(copy.id, original.id);
    /// assert_eq!(copy.unit, "Fritidsgården");
    /// ```
    pub fn duplicate(
        &self,
        id: &str,
        version: u32,
        today: NaiveDate,
    ) -> Result<Application, StorageError> {
        let source = self.get(id, version)?;
        let copy = unsigned_copy(source, uuid::Uuid::new_v4().to_string(), 1, today);
        self.save_draft(&copy)?;
        Ok(copy)
    }

    /// Deletes a draft. Signed applications are records and are never deleted
    /// ([`StorageError::SignedIsReadOnly`]); an unknown key is
    /// [`StorageError::NotFound`].
    pub fn delete_draft(&self, id: &str, version: u32) -> Result<(), StorageError> {
        let changed = self
            .conn
            .prepare_cached(
                "DELETE FROM applications WHERE id = ?1 AND version = ?2 AND status = 'utkast'",
            )?
            .execute(params![id, version])?;
        if changed == 1 {
            return Ok(());
        }
        match self.status_of(id, version)? {
            Some(Status::Signed) => Err(StorageError::SignedIsReadOnly {
                id: id.to_string(),
                version,
            }),
            _ => Err(StorageError::NotFound {
                id: id.to_string(),
                version,
            }),
        }
    }

    /// Stores a signed application: its draft row, if any, becomes the signed
    /// row, which is read-only from then on.
    ///
    /// The seal must be intact ([`StorageError::SealNotIntact`] otherwise).
    /// Storing the very same signed application again (same seal) is accepted and
    /// changes nothing, so a double click on "Signera" is harmless; a different
    /// one under the key of a signed row is [`StorageError::SignedIsReadOnly`].
    pub fn store_signed(&self, app: &Application) -> Result<(), StorageError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        write_signed_row(&tx, app)?;
        tx.commit()?;
        Ok(())
    }

    /// Starts the next version of a signed application ("Ny version"): same id,
    /// version = highest stored version + 1, content copied, approval date
    /// `today`, approval signature, signing time and seal cleared.
    ///
    /// Only one draft per application at a time: if a higher version than
    /// `version` already exists as a *draft*, that draft is returned unchanged
    /// instead of making another (pressing "Ny version" twice, or in two
    /// windows, opens the same draft). If a higher version is *signed*, the
    /// request is refused with [`StorageError::NotLatestVersion`]: a version
    /// made from an old one would silently drop the later signed changes.
    /// A draft as source is [`StorageError::NotSigned`] (edit it instead).
    pub fn new_version(
        &self,
        id: &str,
        version: u32,
        today: NaiveDate,
    ) -> Result<Application, StorageError> {
        // IMMEDIATE: takes the write lock before reading the highest version, so
        // two windows cannot both create version n+1.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        match self.status_of(id, version)? {
            None => {
                return Err(StorageError::NotFound {
                    id: id.to_string(),
                    version,
                });
            }
            Some(Status::Draft) => {
                return Err(StorageError::NotSigned {
                    id: id.to_string(),
                    version,
                });
            }
            Some(Status::Signed) => {}
        }
        let latest =
            self.versions(id)?
                .into_iter()
                .next()
                .ok_or_else(|| StorageError::NotFound {
                    id: id.to_string(),
                    version,
                })?;
        if latest.version > version {
            return match latest.status {
                Status::Draft => self.get(id, latest.version),
                Status::Signed => Err(StorageError::NotLatestVersion {
                    id: id.to_string(),
                    version,
                    latest: latest.version,
                }),
            };
        }
        let next_version = latest
            .version
            .checked_add(1)
            .ok_or(StorageError::InvalidKey {
                id: id.to_string(),
                version: latest.version,
            })?;
        let source = self.get(id, version)?;
        let next = unsigned_copy(source, id.to_string(), next_version, today);
        self.save_draft(&next)?;
        tx.commit()?;
        Ok(next)
    }

    /// The status of a stored row, `None` if there is none.
    fn status_of(&self, id: &str, version: u32) -> Result<Option<Status>, StorageError> {
        let status: Option<String> = self
            .conn
            .prepare_cached("SELECT status FROM applications WHERE id = ?1 AND version = ?2")?
            .query_row(params![id, version], |r| r.get(0))
            .optional()?;
        status
            .map(|s| {
                Status::from_str_opt(&s).ok_or_else(|| StorageError::Corrupt {
                    id: id.to_string(),
                    version,
                    detail: format!("status {s:?}"),
                })
            })
            .transpose()
    }
}

/// `source`'s content under a new key, as an unapproved draft dated `today`.
fn unsigned_copy(mut app: Application, id: String, version: u32, today: NaiveDate) -> Application {
    app.schema_version = SCHEMA_VERSION;
    app.id = id;
    app.version = version;
    app.approval.date = today.format("%Y-%m-%d").to_string();
    app.approval.signature = None;
    app.signed_at = None;
    app.seal = None;
    // A draft holds what a person would type: phone numbers the Swedish way, not
    // the E.164 that signing stored ("+46240660000" -> "0240-66 00 00"). Signing
    // the copy stores E.164 again; a number typed in a draft stays as it is.
    for person in app.responsible.iter_mut().chain(app.operators.iter_mut()) {
        person.phone = crate::validate::phone_display(&person.phone);
    }
    app
}

/// Writes `app` as the signed row inside the caller's transaction; see
/// [`Store::store_signed`] for what is refused.
pub(super) fn write_signed_row(conn: &Connection, app: &Application) -> Result<(), StorageError> {
    check_key(&app.id, app.version)?;
    let intact = crate::seal::is_intact(app);
    let (Some(seal), Some(signed_at)) = (app.seal.as_ref(), app.signed_at.as_ref()) else {
        return Err(StorageError::SealNotIntact {
            id: app.id.clone(),
            version: app.version,
        });
    };
    if !intact {
        return Err(StorageError::SealNotIntact {
            id: app.id.clone(),
            version: app.version,
        });
    }
    let body = to_json(app)?;
    let changed = conn.prepare_cached(UPSERT_SIGNED)?.execute(params![
        app.id,
        app.version,
        app.unit.trim(),
        now(),
        signed_at,
        seal,
        body
    ])?;
    if changed == 0 {
        let stored: Option<String> = conn
            .prepare_cached("SELECT seal FROM applications WHERE id = ?1 AND version = ?2")?
            .query_row(params![app.id, app.version], |r| r.get(0))
            .optional()?
            .flatten();
        if stored.as_ref() != Some(seal) {
            return Err(StorageError::SignedIsReadOnly {
                id: app.id.clone(),
                version: app.version,
            });
        }
    }
    Ok(())
}

pub(super) fn check_key(id: &str, version: u32) -> Result<(), StorageError> {
    let ok = !id.trim().is_empty()
        && id.chars().count() <= MAX_ID_LEN
        && !id.chars().any(char::is_control)
        && version >= 1;
    if ok {
        Ok(())
    } else {
        Err(StorageError::InvalidKey {
            id: id.to_string(),
            version,
        })
    }
}

pub(super) fn to_json(app: &Application) -> Result<String, StorageError> {
    serde_json::to_string(app).map_err(|e| StorageError::Corrupt {
        id: app.id.clone(),
        version: app.version,
        detail: e.to_string(),
    })
}

/// Now, RFC 3339 UTC with milliseconds: fixed width, so it sorts as text.
pub(super) fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A summary row, with the raw status and version still to be checked.
type RawSummary = (
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    [Option<String>; 3],
);

fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<RawSummary> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        [r.get(6)?, r.get(7)?, r.get(8)?],
    ))
}

fn collect_summaries(
    rows: impl Iterator<Item = rusqlite::Result<RawSummary>>,
) -> Result<Vec<ApplicationSummary>, StorageError> {
    rows.map(|row| {
        let (id, version, unit, status, updated_at, signed_at, handover) = row?;
        let [sent_for_approval_at, received_from, received_at] = handover;
        let corrupt = |detail: String| StorageError::Corrupt {
            id: id.clone(),
            version: u32::try_from(version).unwrap_or(0),
            detail,
        };
        let status =
            Status::from_str_opt(&status).ok_or_else(|| corrupt(format!("status {status:?}")))?;
        let version = u32::try_from(version).map_err(|_| corrupt(format!("version {version}")))?;
        Ok(ApplicationSummary {
            id,
            version,
            unit,
            status,
            updated_at,
            signed_at,
            sent_for_approval_at,
            received_from,
            received_at,
        })
    })
    .collect()
}
