//! Opening a database file safely: refuse anything that is not ours, or is newer
//! than us, *before* writing a single byte; then configure and migrate.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::StorageError;
use super::migrations::migrations;

/// SQLite's `application_id` for Kanalansökan ("KANS" as a big-endian u32), set by
/// the first migration. Marks the file as ours.
pub const APPLICATION_ID: i64 = 0x4B41_4E53;

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a statement waits for another connection (the register in another
/// window, a backup tool) before giving up with [`StorageError::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Opens (creating if missing) the database at `path`.
pub(super) fn open_file(path: &Path) -> Result<Connection, StorageError> {
    let unreadable = |detail: String| StorageError::Unreadable {
        path: path.to_path_buf(),
        detail,
    };
    // SQLite would take "" as a private temporary database: drafts would vanish.
    if path.as_os_str().is_empty() {
        return Err(unreadable("empty path".into()));
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => return Err(unreadable("is a directory".into())),
        // An empty file is a valid, empty SQLite database.
        Ok(meta) if meta.len() > 0 => check_magic(path)?,
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| unreadable(format!("creating {}: {e}", parent.display())))?;
            }
        }
        Err(e) => return Err(unreadable(e.to_string())),
    }
    // No SQLITE_OPEN_URI: a path that happens to start with "file:" is a path.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    configure(conn, Some(path))
}

/// Opens a private in-memory database (tests, `--db :memory:`-like uses).
pub(super) fn open_in_memory() -> Result<Connection, StorageError> {
    configure(Connection::open_in_memory()?, None)
}

/// Refuses a non-empty file that is not SQLite without letting SQLite touch it:
/// a text file given as `--db` by mistake stays exactly as it was.
fn check_magic(path: &Path) -> Result<(), StorageError> {
    let mut head = Vec::with_capacity(SQLITE_MAGIC.len());
    std::fs::File::open(path)
        .and_then(|f| f.take(SQLITE_MAGIC.len() as u64).read_to_end(&mut head))
        .map_err(|e| StorageError::Unreadable {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
    if head.as_slice() == SQLITE_MAGIC {
        Ok(())
    } else {
        Err(StorageError::NotADatabase {
            path: path.to_path_buf(),
            detail: "no SQLite header".into(),
        })
    }
}

/// Turns an error met while opening into the error a person can act on.
fn classify(path: &Path, e: rusqlite::Error) -> StorageError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StorageError::NotADatabase {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StorageError::ReadOnly { path },
        Some(
            ErrorCode::CannotOpen
            | ErrorCode::PermissionDenied
            | ErrorCode::AuthorizationForStatementDenied,
        ) => StorageError::Unreadable {
            path,
            detail: e.to_string(),
        },
        _ => StorageError::from(e),
    }
}

/// Checks, configures and migrates a freshly opened connection.
///
/// Order matters: the probes at the top only read. `journal_mode = WAL` rewrites
/// the file header and migrations write the schema, so both come after we know
/// the file is ours and not from a newer program.
fn configure(mut conn: Connection, path: Option<&Path>) -> Result<Connection, StorageError> {
    let shown = path.unwrap_or(Path::new(":memory:"));
    let err = |e| classify(shown, e);
    conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;

    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(err)?;
    let user_version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(err)?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(err)?;
    let fresh = app_id == 0 && user_version == 0 && objects == 0;
    if app_id != APPLICATION_ID && !fresh {
        return Err(StorageError::NotADatabase {
            path: shown.to_path_buf(),
            detail: format!(
                "application_id {app_id}, user_version {user_version}, {objects} schema objects"
            ),
        });
    }
    let pending = migrations().pending_migrations(&conn)?;
    if pending < 0 {
        return Err(StorageError::NewerSchema {
            path: shown.to_path_buf(),
            found: user_version,
            supported: user_version + i64::from(pending),
        });
    }
    if path.is_some() && conn.is_readonly(rusqlite::MAIN_DB).map_err(err)? {
        return Err(StorageError::ReadOnly {
            path: shown.to_path_buf(),
        });
    }

    // WAL: a save appends to the log instead of rewriting pages in place, so a
    // crash mid-save leaves the last committed state, and the register reading in
    // another window never blocks the autosave.
    let mode: String = conn
        .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
        .map_err(err)?;
    if path.is_some() && !mode.eq_ignore_ascii_case("wal") {
        // E.g. a network share without shared memory; still safe with a rollback journal.
        log::warn!("database {} stays in journal_mode {mode}", shown.display());
    }
    // FULL, not WAL's usual NORMAL: NORMAL survives a killed app but may lose the
    // last commits on power loss or an OS crash. The issue promises that nothing
    // saved is ever lost; FULL fsyncs the log on every commit, which at one
    // debounced save per ~300 ms of typing is cheap.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(err)?;
    // Off by default in SQLite; the register's tables reference applications.
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(err)?;

    migrations().to_latest(&mut conn)?;
    Ok(conn)
}
