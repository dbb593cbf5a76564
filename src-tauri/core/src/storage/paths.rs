//! Where the database lives by default.

use std::path::PathBuf;

use super::StorageError;

/// File name of the database inside the app-data directory.
pub const DB_FILE_NAME: &str = "kanalansokan.sqlite";

/// The default database file: the OS's *local* app-data directory for
/// "se.Smedjebacken.Kanalansokan", then [`DB_FILE_NAME`].
///
/// | OS | path |
/// |---|---|
/// | Linux | `$XDG_DATA_HOME/kanalansokan/kanalansokan.sqlite` (`~/.local/share/…`) |
/// | Windows | `%LOCALAPPDATA%\Smedjebacken\Kanalansokan\data\kanalansokan.sqlite` |
/// | macOS | `~/Library/Application Support/se.Smedjebacken.Kanalansokan/kanalansokan.sqlite` |
///
/// The local rather than the roaming directory on purpose: municipal Windows
/// profiles are often roaming, and a profile sync copying a live SQLite file
/// with its WAL can damage it.
///
/// Nothing is created here; [`crate::storage::Store::open`] creates the folder.
///
/// # Example
///
/// ```
/// let path = kanalansokan_core::storage::Store::default_path().unwrap();
/// assert!(path.ends_with("kanalansokan.sqlite"));
/// ```
pub fn default_path() -> Result<PathBuf, StorageError> {
    let dirs = directories::ProjectDirs::from("se", "Smedjebacken", "Kanalansokan")
        .ok_or(StorageError::NoDataDir)?;
    Ok(dirs.data_local_dir().join(DB_FILE_NAME))
}

/// The folder for the window's log file: `logs` beside the default database
/// (`~/.local/share/kanalansokan/logs` on Linux,
/// `%LOCALAPPDATA%\Smedjebacken\Kanalansokan\data\logs` on Windows,
/// `~/Library/Application Support/se.Smedjebacken.Kanalansokan/logs` on macOS).
/// Local like the database, so support finds both in one place. Nothing is created here.
pub fn log_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("se", "Smedjebacken", "Kanalansokan")?;
    Some(dirs.data_local_dir().join("logs"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_path_is_an_absolute_file_in_a_kanalansokan_folder() {
        let p = default_path().unwrap();
        assert!(p.is_absolute());
        assert_eq!(p.file_name().unwrap(), DB_FILE_NAME);
        let parent = p.parent().unwrap().to_string_lossy().to_lowercase();
        assert!(parent.contains("kanalansokan"), "{parent}");
    }
}
