//! Opening the database file: what is refused, and that refusing changes nothing.

mod storage_common;

use std::path::Path;

use kanalansokan_core::error::ToUserError;
use kanalansokan_core::storage::{StorageError, Store};
use storage_common::{temp_db, today};

/// The file's bytes and modification time, to prove a refused open wrote nothing.
fn snapshot(path: &Path) -> (Vec<u8>, std::time::SystemTime) {
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().modified().unwrap(),
    )
}

#[test]
fn open_creates_missing_folders_and_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join("Kanalansökan")
        .join("data")
        .join("k.sqlite");
    let store = Store::open(&path).unwrap();
    assert!(path.is_file());
    assert_eq!(store.path(), Some(path.as_path()));
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    let (_dir, path) = temp_db();
    std::fs::write(&path, b"").unwrap();
    let store = Store::open(&path).unwrap();
    store.create_draft(today()).unwrap();
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn a_text_file_given_as_database_is_refused_and_not_clobbered() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "anteckningar.txt",
            "Möte med Åsa Öberg på torsdag.\n".repeat(200),
        ),
        ("kort.txt", "hej".to_string()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let before = snapshot(&path);

        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StorageError::NotADatabase { .. }), "{err:?}");
        let user = err.to_user_error();
        assert_eq!(user.code, "storage.not_a_database");
        assert!(user.message.contains("inte ändrats"), "{}", user.message);

        assert_eq!(snapshot(&path), before);
        assert!(!dir.path().join(format!("{name}-wal")).exists());
    }
}

#[test]
fn another_programs_sqlite_database_is_refused_and_not_changed() {
    let (dir, path) = temp_db();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');")
            .unwrap();
    }
    let before = snapshot(&path);
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.to_user_error().code, "storage.not_a_database");
    assert_eq!(snapshot(&path), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_directory_given_as_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path()).unwrap_err();
    assert!(matches!(err, StorageError::Unreadable { .. }), "{err:?}");
    let user = err.to_user_error();
    assert_eq!(user.code, "storage.unreadable");
    assert!(user.message.contains("mapp"), "{}", user.message);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_empty_path_is_refused_rather_than_opening_a_throwaway_database() {
    let err = Store::open(Path::new("")).unwrap_err();
    assert_eq!(err.to_user_error().code, "storage.unreadable");
}

#[test]
fn a_path_below_a_file_is_refused_and_the_file_kept() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rapport.txt");
    std::fs::write(&file, "Rapport").unwrap();
    let err = Store::open(&file.join("k.sqlite")).unwrap_err();
    assert_eq!(err.to_user_error().code, "storage.unreadable");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "Rapport");
}

/// Sets a database's `user_version` beyond what this program knows, as a newer
/// Kanalansökan would have, in the given journal mode.
fn make_newer(path: &Path, journal_mode: &str) {
    {
        let store = Store::open(path).unwrap();
        store.create_draft(today()).unwrap();
    }
    let conn = rusqlite::Connection::open(path).unwrap();
    let _: String = conn
        .pragma_update_and_check(None, "journal_mode", journal_mode, |r| r.get(0))
        .unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_not_modified() {
    for mode in ["DELETE", "WAL"] {
        let (dir, path) = temp_db();
        make_newer(&path, mode);
        let files_before = std::fs::read_dir(dir.path()).unwrap().count();
        let before = snapshot(&path);

        let err = Store::open(&path).unwrap_err();
        match &err {
            StorageError::NewerSchema {
                found, supported, ..
            } => {
                assert_eq!(*found, 99);
                assert!(*supported < 99);
            }
            other => panic!("{mode}: expected NewerSchema, got {other:?}"),
        }
        let user = err.to_user_error();
        assert_eq!(user.code, "storage.newer_schema");
        assert!(user.message.contains("nyare version"), "{}", user.message);
        assert!(user.message.contains("inte ändrats"), "{}", user.message);

        assert_eq!(snapshot(&path), before, "{mode}: file changed");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            files_before,
            "{mode}: files left behind"
        );
        // Still what the newer program left: version and journal mode.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 99);
        let m: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(m.to_uppercase(), mode);
    }
}

#[test]
fn a_database_at_our_version_opens_again_without_changes_to_its_data() {
    let (_dir, path) = temp_db();
    let draft = {
        let store = Store::open(&path).unwrap();
        store.create_draft(today()).unwrap()
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get(&draft.id, 1).unwrap(), draft);
    let v: i64 = store
        .connection()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    // On an empty database, "pending" is the number of migrations we know.
    let known = kanalansokan_core::storage::migrations::migrations()
        .pending_migrations(&rusqlite::Connection::open_in_memory().unwrap())
        .unwrap();
    assert_eq!(v, i64::from(known));
}

#[cfg(unix)]
mod permissions {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// Root ignores file permissions, so these tests prove nothing as root.
    fn permissions_apply(dir: &Path) -> bool {
        let probe = dir.join("probe");
        std::fs::write(&probe, "x").unwrap();
        std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o444)).unwrap();
        let writable = std::fs::OpenOptions::new().write(true).open(&probe).is_ok();
        std::fs::remove_file(&probe).unwrap();
        !writable
    }

    #[test]
    fn a_folder_without_write_permission_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        if !permissions_apply(dir.path()) {
            eprintln!("skipped: running with privileges that ignore file permissions");
            return;
        }
        let locked = dir.path().join("låst");
        std::fs::create_dir(&locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
        let err = Store::open(&locked.join("k.sqlite")).unwrap_err();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
        assert_eq!(err.to_user_error().code, "storage.unreadable", "{err:?}");
    }

    #[test]
    fn a_read_only_database_is_refused_and_not_changed() {
        let (dir, path) = temp_db();
        if !permissions_apply(dir.path()) {
            eprintln!("skipped: running with privileges that ignore file permissions");
            return;
        }
        {
            let store = Store::open(&path).unwrap();
            store.create_draft(today()).unwrap();
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let before = snapshot(&path);
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.to_user_error().code, "storage.read_only", "{err:?}");
        assert_eq!(snapshot(&path), before);
    }
}
