//! The window's state: the draft database, opened once at start.
//!
//! If the database cannot be opened (unreadable path, a file from a newer version of
//! the program, not a database at all) the window still opens and shows the reason;
//! every command then returns that same error and nothing is written.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use kanalansokan_core::error::{ToUserError, UserError};
use kanalansokan_core::register;
use kanalansokan_core::storage::{StorageError, Store};
use rusqlite::Connection;

use crate::error::CommandError;
use crate::register::ImportJob;

/// Managed by Tauri; commands reach the store through [`AppState::with_store`].
pub struct AppState {
    db_path: Option<PathBuf>,
    store: Result<Mutex<Store>, UserError>,
    /// The register's archive of original PDFs: `arkiv/` beside the database.
    archive_dir: Option<PathBuf>,
    /// The import batch running or last run (issue 4).
    import: Mutex<Option<Arc<ImportJob>>>,
    /// True while a batch runs; a second one is refused.
    importing: Mutex<bool>,
    /// Files dropped on the window, waiting for the page to import them.
    dropped: Mutex<Vec<PathBuf>>,
}

impl AppState {
    /// Opens the database at `db`, or at the OS's app-data location when `None`
    /// (`--db PATH` or `KANALANSOKAN_DB` choose another file, e.g. in tests).
    pub fn open(db: Option<PathBuf>) -> AppState {
        let path = match db.map(Ok).unwrap_or_else(Store::default_path) {
            Ok(p) => p,
            Err(e) => {
                log::error!("no database location: {e:?}");
                return AppState::new(None, Err(e.to_user_error()), None);
            }
        };
        let store = Store::open(&path).map(Mutex::new).map_err(|e| {
            log::error!("cannot open database {}: {e:?}", path.display());
            e.to_user_error()
        });
        let archive = register::default_archive_dir(&path);
        AppState::new(Some(path), store, Some(archive))
    }

    /// A throw-away database, for tests of the commands; imported PDFs are archived
    /// in `archive_dir` when one is given.
    pub fn in_memory_with_archive(archive_dir: Option<PathBuf>) -> Result<AppState, StorageError> {
        Ok(AppState::new(
            None,
            Ok(Mutex::new(Store::open_in_memory()?)),
            archive_dir,
        ))
    }

    /// A throw-away database without an archive folder, for tests of the commands.
    pub fn in_memory() -> Result<AppState, StorageError> {
        AppState::in_memory_with_archive(None)
    }

    fn new(
        db_path: Option<PathBuf>,
        store: Result<Mutex<Store>, UserError>,
        archive_dir: Option<PathBuf>,
    ) -> AppState {
        AppState {
            db_path,
            store,
            archive_dir,
            import: Mutex::new(None),
            importing: Mutex::new(false),
            dropped: Mutex::new(Vec::new()),
        }
    }

    /// The register's archive folder.
    pub fn archive_dir(&self) -> Result<PathBuf, CommandError> {
        self.archive_dir
            .clone()
            .ok_or_else(crate::register::no_archive)
    }

    /// Runs `f` with the register's connection, the store locked.
    pub fn with_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, CommandError>,
    ) -> Result<T, CommandError> {
        let store = self.store.as_ref().map_err(|e| CommandError(e.clone()))?;
        let guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(guard.connection())
    }

    /// Makes `job` the current import; refused while another one runs.
    pub(crate) fn begin_import(&self, job: Arc<ImportJob>) -> Result<(), CommandError> {
        let mut running = self.importing.lock().unwrap_or_else(|p| p.into_inner());
        if *running {
            return Err(CommandError(UserError::new(
                "register.import_running",
                "En import pågår redan. Vänta tills den är klar eller avbryt den.",
            )));
        }
        *running = true;
        *self.import.lock().unwrap_or_else(|p| p.into_inner()) = Some(job);
        Ok(())
    }

    pub(crate) fn end_import(&self) {
        *self.importing.lock().unwrap_or_else(|p| p.into_inner()) = false;
    }

    /// The running or last import, for the page's progress.
    pub(crate) fn import_job(&self) -> Option<Arc<ImportJob>> {
        self.import
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Remembers files dropped on the window until the page takes them.
    pub fn push_dropped(&self, paths: Vec<PathBuf>) {
        self.dropped
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(paths);
    }

    pub(crate) fn take_dropped(&self) -> Vec<PathBuf> {
        std::mem::take(&mut *self.dropped.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn db_path(&self) -> Option<&Path> {
        self.db_path.as_deref()
    }

    /// Why the database could not be opened, if it could not.
    pub fn open_error(&self) -> Option<&UserError> {
        self.store.as_ref().err()
    }

    /// Runs `f` with the store locked. Commands are short, so one lock is enough.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StorageError>,
    ) -> Result<T, CommandError> {
        let store = self.store.as_ref().map_err(|e| CommandError(e.clone()))?;
        // A panic in another command must not lock the user out of their drafts:
        // SQLite's own transactions keep the data consistent.
        let guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard).map_err(CommandError::from)
    }
}
