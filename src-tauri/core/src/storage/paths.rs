//! Where the database lives by default.

use std::path::{Path, PathBuf};

use super::StorageError;

/// File name of the database inside the app-data directory.
pub const DB_FILE_NAME: &str = "kanalansokan.sqlite";

/// The default database file: the OS's *local* app-data directory for
/// "se.Smedjebacken.Kanalansokan", then [`DB_FILE_NAME`].
///
/// | OS | path |
/// |---|---|
/// | Linux | `$XDG_DATA_HOME/kanalansokan/kanalansokan.sqlite` (`~/.local/share/…`) |
/// | Windows | `%LOCALAPPDATA%\Smedjebacken\Kanalansokan\kanalansokan.sqlite` |
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
    Ok(data_dir()
        .ok_or(StorageError::NoDataDir)?
        .join(DB_FILE_NAME))
}

/// The folder for the window's log file: `logs` beside the default database
/// (`~/.local/share/kanalansokan/logs` on Linux,
/// `%LOCALAPPDATA%\Smedjebacken\Kanalansokan\logs` on Windows,
/// `~/Library/Application Support/se.Smedjebacken.Kanalansokan/logs` on macOS).
/// Local like the database, so support finds both in one place. Nothing is created here.
pub fn log_dir() -> Option<PathBuf> {
    Some(data_dir()?.join("logs"))
}

/// The app's own local data folder. On Windows `directories` would add a `data`
/// folder below `…\Smedjebacken\Kanalansokan` (its layout for roaming and local
/// data side by side); the app keeps only local data, so the folder is the one
/// IT support expects and the README names, `%LOCALAPPDATA%\Smedjebacken\Kanalansokan`.
fn data_dir() -> Option<PathBuf> {
    if cfg!(windows) {
        Some(windows_data_dir(
            directories::BaseDirs::new()?.data_local_dir(),
        ))
    } else {
        let dirs = directories::ProjectDirs::from("se", "Smedjebacken", "Kanalansokan")?;
        Some(dirs.data_local_dir().to_path_buf())
    }
}

/// `<local app data>\Smedjebacken\Kanalansokan`, `local_app_data` being
/// `%LOCALAPPDATA%` (FOLDERID_LocalAppData).
fn windows_data_dir(local_app_data: &Path) -> PathBuf {
    local_app_data.join("Smedjebacken").join("Kanalansokan")
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
        assert_eq!(log_dir().unwrap().parent(), p.parent());
    }

    #[test]
    fn windows_folder_is_smedjebacken_kanalansokan_in_local_app_data() {
        let local = Path::new("C:\\Users\\Åsa Öberg\\AppData\\Local");
        let dir = windows_data_dir(local);
        assert!(dir.starts_with(local));
        assert!(
            dir.ends_with(Path::new("Smedjebacken").join("Kanalansokan")),
            "{dir:?}"
        );
        assert_eq!(dir.components().count(), local.components().count() + 2);
    }

    /// On Windows itself (and under Wine): the real `%LOCALAPPDATA%`.
    #[cfg(windows)]
    #[test]
    fn windows_default_path_is_under_localappdata() {
        let local = std::env::var_os("LOCALAPPDATA").expect("LOCALAPPDATA");
        assert_eq!(
            default_path().unwrap(),
            Path::new(&local).join("Smedjebacken\\Kanalansokan\\kanalansokan.sqlite")
        );
    }
}
