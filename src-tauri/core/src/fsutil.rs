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
    write_renamed(path, bytes, true)
}

/// [`write_atomic`] for a batch whose files are made durable together by
/// [`sync_batch`] before anything relies on them (the register's import commits its
/// chunks so, `register::durability`). On Linux the bytes are not flushed here: a
/// crash before [`sync_batch`] may leave `path` empty or short, so only a file that
/// nothing refers to yet may be written this way. Elsewhere this is
/// [`write_atomic`]: only Linux has a flush of many files at once (syncfs(2)).
pub(crate) fn write_atomic_in_batch(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_renamed(path, bytes, !cfg!(target_os = "linux"))
}

/// Makes durable every file written into `dir` by [`write_atomic_in_batch`], and
/// their names. On Linux one syncfs(2) of `dir`'s file system: its writeback of a
/// hundred archive files is one pass instead of a hundred fsyncs (a seventh of a
/// signed import's CPU, BENCHMARKS.md), at the price of also flushing whatever else
/// is waiting to be written on that file system. Elsewhere the files were flushed
/// as they were written, and this is [`sync_dir`].
pub(crate) fn sync_batch(dir: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let folder = std::fs::File::open(dir)?;
        // SAFETY: syncfs only reads the descriptor, which `folder` keeps open.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    sync_dir(dir)
}

fn write_renamed(path: &Path, bytes: &[u8], flush: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".kanalansokan-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if flush {
        tmp.as_file().sync_all()?;
    }
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
    fn a_batch_write_is_in_place_after_its_sync() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        write_atomic_in_batch(&path, b"%PDF").unwrap();
        sync_batch(dir.path()).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Where the folder is opened (Unix), a missing one is an error; on Windows
        // there is nothing to open and nothing to flush there.
        #[cfg(unix)]
        assert!(sync_batch(&dir.path().join("nope")).is_err());
    }

    #[test]
    fn missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope").join("a.csv");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }
}
