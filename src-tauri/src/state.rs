//! The window's state: the draft database, opened once at start.
//!
//! The real window opens it on a thread of its own ([`AppState::open_in_background`]),
//! while GTK and WebKit start: a first start creates the file and runs the migrations
//! with `synchronous = FULL`, 50–90 ms of fsyncs on this machine that would otherwise
//! come before the window (issue 17). A command that comes before the file is open
//! waits for it.
//!
//! If the database cannot be opened (unreadable path, a file from a newer version of
//! the program, not a database at all) the window still opens and shows the reason;
//! every command then returns that same error and nothing is written.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use kanalansokan_core::error::{ToUserError, UserError};
use kanalansokan_core::register;
use kanalansokan_core::storage::{StorageError, Store};
use rusqlite::Connection;

use crate::error::CommandError;
use crate::register::ImportJob;

/// Managed by Tauri; commands reach the store through [`AppState::with_store`].
pub struct AppState {
    db_path: Option<PathBuf>,
    /// Set once, by [`AppState::open`] or by the thread of [`AppState::open_in_background`].
    store: Arc<OnceLock<Result<Mutex<Store>, UserError>>>,
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
        let path = match location(db) {
            Ok(p) => p,
            Err(e) => return AppState::new(None, Err(e), None),
        };
        let store = open_store(&path);
        let archive = register::default_archive_dir(&path);
        AppState::new(Some(path), store, Some(archive))
    }

    /// [`AppState::open`], with the file opened on a thread of its own; commands wait
    /// for it. If that thread fails without an answer, commands get the open error.
    pub fn open_in_background(db: Option<PathBuf>) -> AppState {
        let path = match location(db) {
            Ok(p) => p,
            Err(e) => return AppState::new(None, Err(e), None),
        };
        let cell = Arc::new(OnceLock::new());
        let archive = register::default_archive_dir(&path);
        let state = AppState::with_cell(Some(path.clone()), Arc::clone(&cell), Some(archive));
        let spawned = std::thread::Builder::new()
            .name("open-database".into())
            .spawn(move || {
                let store = std::panic::catch_unwind(|| open_store(&path)).unwrap_or_else(|_| {
                    log::error!("opening the database {} panicked", path.display());
                    Err(storage_unavailable())
                });
                let _ = cell.set(store);
            });
        if let Err(e) = spawned {
            log::error!("no thread to open the database: {e}");
            let _ = state.store.set(Err(storage_unavailable()));
        }
        state
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
        AppState::with_cell(db_path, Arc::new(OnceLock::from(store)), archive_dir)
    }

    fn with_cell(
        db_path: Option<PathBuf>,
        store: Arc<OnceLock<Result<Mutex<Store>, UserError>>>,
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
        let store = self.store().as_ref().map_err(|e| CommandError(e.clone()))?;
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
        self.store().as_ref().err()
    }

    /// The opened store or why it could not be opened; waits while it is being opened.
    fn store(&self) -> &Result<Mutex<Store>, UserError> {
        self.store.wait()
    }

    /// Runs `f` with the store locked. Commands are short, so one lock is enough.
    pub fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, StorageError>,
    ) -> Result<T, CommandError> {
        let store = self.store().as_ref().map_err(|e| CommandError(e.clone()))?;
        // A panic in another command must not lock the user out of their drafts:
        // SQLite's own transactions keep the data consistent.
        let guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&guard).map_err(CommandError::from)
    }
}

/// `db`, or the OS's app-data location when `None`; logs why there is none.
fn location(db: Option<PathBuf>) -> Result<PathBuf, UserError> {
    db.map(Ok).unwrap_or_else(Store::default_path).map_err(|e| {
        log::error!("no database location: {e:?}");
        e.to_user_error()
    })
}

/// Opens the store at `path`, logging why when it cannot.
fn open_store(path: &Path) -> Result<Mutex<Store>, UserError> {
    Store::open(path).map(Mutex::new).map_err(|e| {
        log::error!("cannot open database {}: {e:?}", path.display());
        e.to_user_error()
    })
}

/// What commands answer when the database could not be opened for a reason the
/// storage layer did not name (the opening thread failed).
fn storage_unavailable() -> UserError {
    UserError::new(
        "storage.unavailable",
        "Kanalansökan kunde inte öppna sina sparade ansökningar. Starta om programmet.",
    )
}
