//! The window's state: the draft database, opened once at start.
//!
//! If the database cannot be opened (unreadable path, a file from a newer version of
//! the program, not a database at all) the window still opens and shows the reason;
//! every command then returns that same error and nothing is written.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kanalansokan_core::error::{ToUserError, UserError};
use kanalansokan_core::storage::{StorageError, Store};

use crate::error::CommandError;

/// Managed by Tauri; commands reach the store through [`AppState::with_store`].
pub struct AppState {
    db_path: Option<PathBuf>,
    store: Result<Mutex<Store>, UserError>,
}

impl AppState {
    /// Opens the database at `db`, or at the OS's app-data location when `None`
    /// (`--db PATH` or `KANALANSOKAN_DB` choose another file, e.g. in tests).
    pub fn open(db: Option<PathBuf>) -> AppState {
        let path = match db.map(Ok).unwrap_or_else(Store::default_path) {
            Ok(p) => p,
            Err(e) => {
                log::error!("no database location: {e:?}");
                return AppState {
                    db_path: None,
                    store: Err(e.to_user_error()),
                };
            }
        };
        let store = Store::open(&path).map(Mutex::new).map_err(|e| {
            log::error!("cannot open database {}: {e:?}", path.display());
            e.to_user_error()
        });
        AppState {
            db_path: Some(path),
            store,
        }
    }

    /// A throw-away database, for tests of the commands.
    pub fn in_memory() -> Result<AppState, StorageError> {
        Ok(AppState {
            db_path: None,
            store: Ok(Mutex::new(Store::open_in_memory()?)),
        })
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
