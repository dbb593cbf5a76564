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
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// True when the archive already holds exactly these bytes under their name.
pub(crate) fn holds(archive_dir: &Path, sha: &str) -> bool {
    match std::fs::read(archive_path(archive_dir, sha)) {
        Ok(existing) => sha256_hex(&existing) == sha,
        Err(_) => false,
    }
}

/// Writes the PDF into the archive unless an intact copy is there. Returns
/// `true` if it wrote a file (which the caller removes if its transaction fails).
pub(crate) fn store(archive_dir: &Path, sha: &str, bytes: &[u8]) -> Result<bool, RegisterError> {
    if holds(archive_dir, sha) {
        return Ok(false);
    }
    std::fs::create_dir_all(archive_dir).map_err(|e| RegisterError::io(archive_dir, e))?;
    let path = archive_path(archive_dir, sha);
    write_atomic(&path, bytes).map_err(|e| RegisterError::io(&path, e))?;
    Ok(true)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_once_and_detects_damage() {
        let dir = tempfile::tempdir().unwrap();
        let arkiv = dir.path().join("arkiv");
        let sha = sha256_hex(b"%PDF-1.7 x");
        assert!(store(&arkiv, &sha, b"%PDF-1.7 x").unwrap());
        assert!(!store(&arkiv, &sha, b"%PDF-1.7 x").unwrap());
        std::fs::write(archive_path(&arkiv, &sha), b"altered").unwrap();
        assert!(!holds(&arkiv, &sha));
        assert!(store(&arkiv, &sha, b"%PDF-1.7 x").unwrap());
        assert_eq!(
            std::fs::read(archive_path(&arkiv, &sha)).unwrap(),
            b"%PDF-1.7 x"
        );
    }
}
