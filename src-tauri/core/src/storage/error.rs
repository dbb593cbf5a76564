//! What can go wrong with the database, and what a person is told about it.
//!
//! The variants carry the detail a developer needs (paths, SQLite's own error);
//! [`ToUserError`] turns them into a Swedish sentence with a stable code. Every
//! message about opening a file says that nothing was changed, because that is
//! the first thing a worried user wants to know.

use std::path::PathBuf;

use crate::error::{ToUserError, UserError};

/// An error from [`crate::storage::Store`].
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The OS gave no home or app-data directory (no `$HOME`, a broken profile).
    #[error("no application data directory could be determined")]
    NoDataDir,

    /// The path could not be opened or created: a directory, a missing
    /// permission, a parent folder that cannot be created.
    #[error("cannot open database {path}: {detail}")]
    Unreadable { path: PathBuf, detail: String },

    /// The file exists but is not a SQLite database, or is another program's one.
    #[error("{path} is not a Kanalansökan database: {detail}")]
    NotADatabase { path: PathBuf, detail: String },

    /// The file can be read but not written (read-only file, folder or medium).
    #[error("database {path} is read-only")]
    ReadOnly { path: PathBuf },

    /// The database was written by a newer Kanalansökan; opening it with this
    /// one could damage data it does not understand.
    #[error("database {path} has schema version {found}, this program knows up to {supported}")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    /// Bringing the schema up to date failed; the migration was rolled back.
    #[error("migrating the database failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    /// No application with this id and version.
    #[error("application {id} version {version} not found")]
    NotFound { id: String, version: u32 },

    /// The application is signed; signed applications are never changed or deleted.
    #[error("application {id} version {version} is signed and read-only")]
    SignedIsReadOnly { id: String, version: u32 },

    /// `store_signed` was given an application whose seal is missing or does not match.
    #[error("application {id} version {version} has no intact seal")]
    SealNotIntact { id: String, version: u32 },

    /// `new_version` was asked for on a draft (a draft is simply edited).
    #[error("application {id} version {version} is a draft, not signed")]
    NotSigned { id: String, version: u32 },

    /// `new_version` was asked for on an old version while a newer signed one exists.
    #[error("application {id} version {version} is not the latest; version {latest} is signed")]
    NotLatestVersion {
        id: String,
        version: u32,
        latest: u32,
    },

    /// The application's id or version cannot be a key (empty, too long, version 0).
    #[error("invalid application key {id:?} version {version}")]
    InvalidKey { id: String, version: u32 },

    /// A stored row cannot be read back as an application.
    #[error("stored application {id} version {version} is unreadable: {detail}")]
    Corrupt {
        id: String,
        version: u32,
        detail: String,
    },

    /// Another program holds the database longer than the busy timeout.
    #[error("database is busy: {0}")]
    Busy(rusqlite::Error),

    /// The disk is full.
    #[error("disk full: {0}")]
    DiskFull(rusqlite::Error),

    /// Any other SQLite error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> StorageError {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StorageError::Busy(e),
            Some(ErrorCode::DiskFull) => StorageError::DiskFull(e),
            _ => StorageError::Sqlite(e),
        }
    }
}

impl StorageError {
    /// The stable code a test or the front end matches on.
    pub fn code(&self) -> &'static str {
        match self {
            StorageError::NoDataDir => "storage.no_data_dir",
            StorageError::Unreadable { .. } => "storage.unreadable",
            StorageError::NotADatabase { .. } => "storage.not_a_database",
            StorageError::ReadOnly { .. } => "storage.read_only",
            StorageError::NewerSchema { .. } => "storage.newer_schema",
            StorageError::Migration(_) => "storage.migration_failed",
            StorageError::NotFound { .. } => "storage.not_found",
            StorageError::SignedIsReadOnly { .. } => "storage.signed_is_read_only",
            StorageError::SealNotIntact { .. } => "storage.seal_not_intact",
            StorageError::NotSigned { .. } => "storage.not_signed",
            StorageError::NotLatestVersion { .. } => "storage.not_latest_version",
            StorageError::InvalidKey { .. } => "storage.invalid_key",
            StorageError::Corrupt { .. } => "storage.corrupt",
            StorageError::Busy(_) => "storage.busy",
            StorageError::DiskFull(_) => "storage.disk_full",
            StorageError::Sqlite(_) => "storage.failed",
        }
    }
}

impl ToUserError for StorageError {
    /// # Example
    ///
    /// ```
    /// use kanalansokan_core::error::ToUserError;
    /// use kanalansokan_core::storage::StorageError;
    /// let e = StorageError::SignedIsReadOnly { id: "a".into(), version: 2 };
    /// let u = e.to_user_error();
    /// assert_eq!(u.code, "storage.signed_is_read_only");
    /// assert!(u.message.contains("Ny version"));
    /// ```
    fn to_user_error(&self) -> UserError {
        let message = match self {
            StorageError::NoDataDir => "Det gick inte att hitta en mapp för programmets data. \
                 Ange var databasen ska ligga med --db, eller kontakta IT-supporten."
                .to_string(),
            StorageError::Unreadable { path, .. } => format!(
                "Databasen {} gick inte att öppna. Kontrollera att sökvägen pekar på en fil \
                 (inte en mapp) och att du har behörighet att läsa och skriva där. \
                 Ingenting har ändrats.",
                path.display()
            ),
            StorageError::NotADatabase { path, .. } => format!(
                "Filen {} är ingen databas för Kanalansökan. Välj en annan fil. \
                 Filen har inte ändrats.",
                path.display()
            ),
            StorageError::ReadOnly { path } => format!(
                "Databasen {} är skrivskyddad, så utkast kan inte sparas. Kontrollera \
                 behörigheterna eller välj en annan plats. Ingenting har ändrats.",
                path.display()
            ),
            StorageError::NewerSchema { path, .. } => format!(
                "Databasen {} har skapats av en nyare version av Kanalansökan. Uppdatera \
                 programmet för att öppna den. Databasen har inte ändrats.",
                path.display()
            ),
            StorageError::Migration(_) => "Databasen kunde inte uppdateras till den här \
                 versionen av programmet. Ingenting har ändrats. Kontakta IT-supporten."
                .to_string(),
            StorageError::NotFound { version, .. } => format!(
                "Ansökan (version {version}) finns inte längre. Den kan ha tagits bort \
                 i ett annat fönster."
            ),
            StorageError::SignedIsReadOnly { version, .. } => format!(
                "Version {version} av ansökan är signerad och kan inte ändras eller tas bort. \
                 Välj \"Ny version\" för att göra ändringar."
            ),
            StorageError::SealNotIntact { .. } => "Ansökan kunde inte sparas som signerad: \
                 dess försegling saknas eller stämmer inte med innehållet. Signera igen."
                .to_string(),
            StorageError::NotSigned { .. } => "Det här är ett utkast. Ändra det direkt; \
                 en ny version görs bara av en signerad ansökan."
                .to_string(),
            StorageError::NotLatestVersion { latest, .. } => format!(
                "Det finns en nyare signerad version ({latest}) av ansökan. \
                 Gör den nya versionen utifrån den."
            ),
            StorageError::InvalidKey { .. } => "Ansökan saknar giltig identitet och kan \
                 inte sparas. Skapa en ny ansökan eller kopiera den här."
                .to_string(),
            StorageError::Corrupt { version, .. } => format!(
                "Version {version} av ansökan är skadad i databasen och kan inte visas. \
                 Kontakta IT-supporten."
            ),
            StorageError::Busy(_) => "Databasen används just nu av ett annat program \
                 (kanske Kanalansökan i ett annat fönster). Försök igen om en stund."
                .to_string(),
            StorageError::DiskFull(_) => "Disken är full, så ändringen kunde inte sparas. \
                 Frigör utrymme och försök igen. Det som sparats tidigare är kvar."
                .to_string(),
            StorageError::Sqlite(_) => "Det gick inte att läsa eller spara i databasen. \
                 Försök igen; kontakta IT-supporten om felet kvarstår."
                .to_string(),
        };
        UserError::new(self.code(), message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<StorageError> {
        let sqlite = || rusqlite::Error::QueryReturnedNoRows;
        let p = || PathBuf::from("/tmp/x.sqlite");
        let k = || "id".to_string();
        vec![
            StorageError::NoDataDir,
            StorageError::Unreadable {
                path: p(),
                detail: "d".into(),
            },
            StorageError::NotADatabase {
                path: p(),
                detail: "d".into(),
            },
            StorageError::ReadOnly { path: p() },
            StorageError::NewerSchema {
                path: p(),
                found: 9,
                supported: 2,
            },
            StorageError::Migration(rusqlite_migration::Error::InvalidUserVersion),
            StorageError::NotFound {
                id: k(),
                version: 1,
            },
            StorageError::SignedIsReadOnly {
                id: k(),
                version: 1,
            },
            StorageError::SealNotIntact {
                id: k(),
                version: 1,
            },
            StorageError::NotSigned {
                id: k(),
                version: 1,
            },
            StorageError::NotLatestVersion {
                id: k(),
                version: 1,
                latest: 3,
            },
            StorageError::InvalidKey {
                id: k(),
                version: 0,
            },
            StorageError::Corrupt {
                id: k(),
                version: 1,
                detail: "d".into(),
            },
            StorageError::Busy(sqlite()),
            StorageError::DiskFull(sqlite()),
            StorageError::Sqlite(sqlite()),
        ]
    }

    #[test]
    fn every_error_has_a_distinct_stable_code_and_a_swedish_message() {
        let mut codes = std::collections::HashSet::new();
        for e in all() {
            let u = e.to_user_error();
            assert!(u.code.starts_with("storage."), "{}", u.code);
            assert!(codes.insert(u.code.clone()), "duplicate code {}", u.code);
            assert!(u.message.ends_with('.'), "{}", u.message);
            assert_eq!(u.field, None);
            // Internal detail ("d", SQLite's text) stays in the log.
            assert!(!u.message.contains("Query returned no rows"));
        }
    }

    #[test]
    fn opening_errors_say_nothing_was_changed() {
        for e in all().into_iter().take(6) {
            if matches!(e, StorageError::NoDataDir) {
                continue;
            }
            let m = e.to_user_error().message;
            assert!(
                m.contains("inte ändrats") || m.contains("Ingenting har ändrats"),
                "{m}"
            );
        }
    }
}
