//! The archive folder: every imported PDF byte for byte, named by its SHA-256.
//!
//! The file is written (atomically) before the database transaction commits and
//! removed again if the commit fails, so a failed import leaves nothing. A crash
//! between the two leaves at worst a file without a row; importing the same PDF
//! again then simply rewrites it. A row whose file has gone missing is repaired by
//! importing the PDF again ("Redan importerad" restores the file).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::RegisterError;
use crate::fsutil::write_atomic;

/// The folder name used beside the database when no archive folder is given.
pub const ARCHIVE_DIR_NAME: &str = "arkiv";

/// `<folder of the database>/arkiv`.
///
/// ```
/// use std::path::Path;
/// let dir = kanalansokan_core::register::default_archive_dir(Path::new("/data/kanalansokan.sqlite"));
/// assert_eq!(dir, Path::new("/data/arkiv"));
/// ```
pub fn default_archive_dir(db_path: &Path) -> PathBuf {
    match db_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(ARCHIVE_DIR_NAME),
        _ => PathBuf::from(ARCHIVE_DIR_NAME),
    }
}

/// Where the PDF with this SHA-256 (lower-case hex) is kept ("Öppna PDF").
pub fn archive_path(archive_dir: &Path, pdf_sha256: &str) -> PathBuf {
    archive_dir.join(format!("{pdf_sha256}.pdf"))
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    crate::seal::hex(&Sha256::digest(bytes))
}

/// True when the archive already holds exactly these bytes under their name.
pub(crate) fn holds(archive_dir: &Path, sha: &str) -> bool {
    match std::fs::read(archive_path(archive_dir, sha)) {
        Ok(existing) => sha256_hex(&existing) == sha,
        Err(_) => false,
    }
}

/// Writes the PDF into the archive (atomically; an orphan file of the same name,
/// left by an import that crashed before its commit, holds the same bytes and is
/// simply replaced). The caller removes it again if its transaction fails.
pub(crate) fn store(archive_dir: &Path, sha: &str, bytes: &[u8]) -> Result<(), RegisterError> {
    store_with(archive_dir, sha, bytes, write_atomic)
}

/// [`store`] for a file in a batch's chunk: durable only once the chunk's
/// [`crate::fsutil::sync_batch`] has run (`durability::BatchCommit::commit`). A
/// crash before that may leave a short orphan under the name, which is harmless for
/// the same reason as any orphan: no row refers to it, and the next import of that
/// PDF writes it again.
pub(crate) fn store_in_batch(
    archive_dir: &Path,
    sha: &str,
    bytes: &[u8],
) -> Result<(), RegisterError> {
    store_with(
        archive_dir,
        sha,
        bytes,
        crate::fsutil::write_atomic_in_batch,
    )
}

fn store_with(
    archive_dir: &Path,
    sha: &str,
    bytes: &[u8],
    write: fn(&Path, &[u8]) -> std::io::Result<()>,
) -> Result<(), RegisterError> {
    let path = archive_path(archive_dir, sha);
    match write(&path, bytes) {
        // The folder is made on the first import, not looked for on every one.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(archive_dir).map_err(|e| RegisterError::io(archive_dir, e))?;
            write(&path, bytes).map_err(|e| RegisterError::io(&path, e))
        }
        other => other.map_err(|e| RegisterError::io(&path, e)),
    }
}

/// Removes an archive file, logging (not failing) if that is impossible: a file
/// without a row is harmless and is reused by the next import of the same PDF.
pub(crate) fn remove(archive_dir: &Path, sha: &str) {
    let path = archive_path(archive_dir, sha);
    if let Err(e) = std::fs::remove_file(&path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        log::warn!("could not remove archive file {}: {e}", path.display());
    }
}

/// A temporary file younger than this may belong to an import running right now
/// (another window on the same register); an older one was left by a process that
/// was killed between writing and renaming it ([`write_atomic`]).
pub const STALE_TEMPORARY_AGE: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes the archive folder's stale temporaries (`.kanalansokan-*.tmp` older
/// than [`STALE_TEMPORARY_AGE`]), left when an import was killed (`kill -9`, power
/// loss) while writing a PDF. Nothing is lost with them: the archive file is only
/// renamed into place before the row commits. Returns how many were removed;
/// failures are logged, never fatal (the import goes on).
pub(crate) fn remove_stale_temporaries(archive_dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(archive_dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".kanalansokan-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_TEMPORARY_AGE);
        if !stale {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => {
                log::info!("removed stale temporary {}", entry.path().display());
                removed += 1;
            }
            Err(e) => log::warn!("could not remove {}: {e}", entry.path().display()),
        }
    }
    removed
}

/// What [`check_archive`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ArchiveCheck {
    /// Imported versions whose PDF is missing or altered: (application id, version, SHA-256).
    /// Importing the original PDF again restores the file.
    pub missing: Vec<(String, u32, String)>,
    /// Files in the archive folder that belong to no imported application (left by
    /// an import that crashed before its commit). Harmless; reused if imported again.
    pub orphans: Vec<PathBuf>,
}

/// Compares the archive folder with the register: every imported version has its
/// PDF, byte for byte, and every PDF belongs to one.
pub fn check_archive(
    conn: &rusqlite::Connection,
    archive_dir: &Path,
) -> Result<ArchiveCheck, RegisterError> {
    let mut stmt = conn.prepare(
        "SELECT app_id, version, pdf_sha256 FROM register_applications ORDER BY app_id, version",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<(String, u32, String)>, _>>()?;
    let mut known: std::collections::HashSet<String> = rows
        .iter()
        .map(|(_, _, sha)| format!("{sha}.pdf"))
        .collect();
    // Imported closure notices are kept in the same folder.
    let mut notices = conn.prepare("SELECT pdf_sha256 FROM register_notices")?;
    for sha in notices.query_map([], |r| r.get::<_, String>(0))? {
        known.insert(format!("{}.pdf", sha?));
    }
    let missing = rows
        .into_iter()
        .filter(|(_, _, sha)| !holds(archive_dir, sha))
        .collect();
    let mut orphans = Vec::new();
    if let Ok(entries) = std::fs::read_dir(archive_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !known.contains(&name) {
                orphans.push(entry.path());
            }
        }
    }
    orphans.sort();
    Ok(ArchiveCheck { missing, orphans })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_detects_damage() {
        let dir = tempfile::tempdir().unwrap();
        let arkiv = dir.path().join("arkiv");
        let sha = sha256_hex(b"%PDF-1.7 x");
        assert!(!holds(&arkiv, &sha));
        store(&arkiv, &sha, b"%PDF-1.7 x").unwrap();
        assert!(holds(&arkiv, &sha));
        store(&arkiv, &sha, b"%PDF-1.7 x").unwrap();
        assert!(holds(&arkiv, &sha));
        assert_eq!(
            std::fs::read_dir(&arkiv).unwrap().count(),
            1,
            "no temporary left"
        );
        std::fs::write(archive_path(&arkiv, &sha), b"altered").unwrap();
        assert!(!holds(&arkiv, &sha));
        store(&arkiv, &sha, b"%PDF-1.7 x").unwrap();
        assert_eq!(
            std::fs::read(archive_path(&arkiv, &sha)).unwrap(),
            b"%PDF-1.7 x"
        );
    }

    #[test]
    fn check_finds_missing_and_orphaned_files() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::storage::migrations::migrations()
            .to_latest(&mut conn)
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let (kept, lost) = (sha256_hex(b"kept"), sha256_hex(b"lost"));
        for (v, sha) in [(1, &kept), (2, &lost)] {
            conn.execute(
                "INSERT INTO register_applications (app_id, version, unit, approval_date, approver,
                    signature_kind, signed_at, seal, body, pdf_sha256, pdf_size, file_name,
                    imported_at)
                 VALUES ('a', ?1, 'E', '2026-01-01', 'N', 'typed', 't', ?2, '{}', ?2, 4, 'f', 't')",
                rusqlite::params![v, sha],
            )
            .unwrap();
        }
        store(dir.path(), &kept, b"kept").unwrap();
        store(dir.path(), &sha256_hex(b"orphan"), b"orphan").unwrap();
        let check = check_archive(&conn, dir.path()).unwrap();
        assert_eq!(check.missing, [("a".to_string(), 2, lost)]);
        assert_eq!(
            check.orphans,
            [archive_path(dir.path(), &sha256_hex(b"orphan"))]
        );
    }
}
