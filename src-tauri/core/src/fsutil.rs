//! Writing files so that a crash never leaves half a file behind.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder,
/// flushed to disk, then renamed over `path`. Readers see the old file or the new
/// one, never a mix; on error the old file is untouched and the temporary removed.
///
/// # Example
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("lista.html");
/// kanalansokan_core::fsutil::write_atomic(&path, b"<!doctype html>").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"<!doctype html>");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".kanalansokan-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Makes the names in folder `dir` durable: after [`write_atomic`] the file's
/// bytes are on disk, but on Linux its new name is only once the folder itself is
/// fsynced (fsync(2): "calling fsync() on a file descriptor for the directory is
/// also needed"). The register fsyncs its archive folder once before each commit
/// (`register::durability`). On Windows a folder cannot be opened as a file and
/// NTFS journals the rename itself, so this does nothing there.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// `bytes` without a leading UTF-8 byte-order mark (EF BB BF). Windows Notepad and
/// Excel write one ("UTF-8 med BOM"); JSON (RFC 8259, section 8.1) must not start
/// with one, and serde_json refuses it, so files people bring are read without it.
pub fn without_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_leading_bom_is_removed() {
        assert_eq!(without_utf8_bom(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(without_utf8_bom(b"{}"), b"{}");
        assert_eq!(
            without_utf8_bom(b"{\"a\":\"\xEF\xBB\xBF\"}"),
            b"{\"a\":\"\xEF\xBB\xBF\"}"
        );
        assert_eq!(without_utf8_bom(b"\xEF\xBB"), b"\xEF\xBB");
    }

    #[test]
    fn replaces_existing_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("a.csv");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
