//! When an import is durable: one file's writes ([`FileTx`]) and a batch's
//! ([`BatchCommit`]).
//!
//! An imported file is two things: its rows in SQLite (WAL, `synchronous = FULL`:
//! a COMMIT fsyncs the log) and its original PDF in the archive folder (written
//! atomically and fsynced by [`archive::store`]; its new name is durable once the
//! folder is fsynced, [`fsutil::sync_dir`]). The order is always: archive file
//! written and fsynced, folder fsynced, then COMMIT, then the verdict is reported.
//!
//! - **One file** ([`super::import_file`], "Registrera manuellt", the window's
//!   import): [`FileTx`] is its own `BEGIN IMMEDIATE … COMMIT`, with the folder
//!   fsynced just before the COMMIT.
//! - **A batch** ([`super::import_batch`], the command line's `import`): files are
//!   committed in chunks of at most [`CHUNK_FILES`] files or [`CHUNK_TIME`]. The
//!   chunk is one `BEGIN IMMEDIATE` transaction; each file is a `SAVEPOINT` inside
//!   it ([`FileTx`] again), so a refused or failed file rolls back only its own
//!   writes. At the end of the chunk the archive is flushed once, the transaction
//!   commits once, and only then are the chunk's verdicts reported. On Linux the
//!   chunk's archive files are not fsynced one by one either: they are written
//!   unflushed and one syncfs(2) makes them and their names durable
//!   ([`fsutil::sync_batch`]); elsewhere each file is flushed as it is written and
//!   the folder once. At ~1 ms of checking per file, the per-file fsyncs were a
//!   third of an import's CPU, later still a seventh (BENCHMARKS.md).
//!
//! Why a chunk is still crash-safe (power loss, `kill -9`) at each point:
//! - while a file is written: a `.kanalansokan-*.tmp` in the archive folder, no
//!   row; removed as stale by a later import ([`archive::remove_stale_temporaries`]);
//! - after files are renamed into place, before the COMMIT is durable: archive
//!   files without rows, on Linux possibly short or empty until the chunk's
//!   syncfs (the WAL holds no commit record for the chunk, so SQLite discards its
//!   pages on recovery). They are orphans as [`archive::check_archive`]
//!   defines them, harmless, and rewritten by the next import of the same PDF; no
//!   verdict was reported for them, so nobody was told they were imported;
//! - after the COMMIT: the rows are in the fsynced WAL and every file was fsynced
//!   with its name before it, so everything reported as imported is on disk.
//!
//! A COMMIT that fails leaves the chunk's files without rows: they are removed
//! and their verdicts become "Fel" ([`BatchCommit::commit`]).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::import::ImportVerdict;
use super::{RegisterError, archive};
use crate::error::{ToUserError, UserError};
use crate::fsutil;

/// Most files committed together in a batch.
pub const CHUNK_FILES: usize = 100;
/// Longest a batch holds its verdicts (and the register's write lock) before
/// committing: the window's progress and other users of the register wait at
/// most this long.
pub const CHUNK_TIME: Duration = Duration::from_millis(500);

const SAVEPOINT: &str = "SAVEPOINT import_file";
const RELEASE: &str = "RELEASE import_file";
const ROLLBACK_TO: &str = "ROLLBACK TO import_file";

/// One file's writes: its own `BEGIN IMMEDIATE` transaction, or a `SAVEPOINT` in
/// the batch's when one is open on the connection. Dropped without
/// [`FileTx::commit`], its writes are rolled back (and only its own).
pub(crate) struct FileTx<'c> {
    conn: &'c Connection,
    in_batch: bool,
    finished: bool,
}

impl<'c> FileTx<'c> {
    pub fn begin(conn: &'c Connection) -> Result<FileTx<'c>, RegisterError> {
        let in_batch = !conn.is_autocommit();
        if in_batch {
            conn.prepare_cached(SAVEPOINT)?.execute([])?;
        } else {
            conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(FileTx {
            conn,
            in_batch,
            finished: false,
        })
    }

    /// Writes the file's PDF into the archive: flushed at once when the file is its
    /// own transaction, or with the rest of the chunk at [`BatchCommit::commit`].
    pub fn store_archive(
        &self,
        archive_dir: &Path,
        sha: &str,
        bytes: &[u8],
    ) -> Result<(), RegisterError> {
        if self.in_batch {
            archive::store_in_batch(archive_dir, sha, bytes)
        } else {
            archive::store(archive_dir, sha, bytes)
        }
    }

    /// Makes the file's writes part of the batch's, or (alone) durable: the archive
    /// folder is fsynced first, so an archive file written in this transaction
    /// keeps its name once the rows are committed.
    pub fn commit(mut self, archive_dir: &Path) -> Result<(), RegisterError> {
        self.finished = true;
        if self.in_batch {
            self.conn.prepare_cached(RELEASE)?.execute([])?;
            return Ok(());
        }
        let synced = sync_archive_dir(archive_dir);
        if let Err(e) = synced {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(e);
        }
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            // A COMMIT that failed may leave the transaction open (SQLITE_BUSY).
            if !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            return Err(e.into());
        }
        Ok(())
    }
}

impl std::ops::Deref for FileTx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for FileTx<'_> {
    fn drop(&mut self) {
        if self.finished || self.conn.is_autocommit() {
            return;
        }
        let undone = if self.in_batch {
            // ROLLBACK TO keeps the savepoint open; RELEASE then ends it.
            self.conn
                .execute_batch(&format!("{ROLLBACK_TO}; {RELEASE}"))
        } else {
            self.conn.execute_batch("ROLLBACK")
        };
        if let Err(e) = undone {
            log::error!("rolling back an import: {e}");
        }
    }
}

fn sync_archive_dir(archive_dir: &Path) -> Result<(), RegisterError> {
    not_written_is_synced(archive_dir, fsutil::sync_dir(archive_dir))
}

/// The chunk's archive files and their names (`fsutil::sync_batch`).
fn sync_archive_batch(archive_dir: &Path) -> Result<(), RegisterError> {
    not_written_is_synced(archive_dir, fsutil::sync_batch(archive_dir))
}

fn not_written_is_synced(
    archive_dir: &Path,
    synced: std::io::Result<()>,
) -> Result<(), RegisterError> {
    match synced {
        // No archive folder yet: nothing was written into it.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other.map_err(|e| RegisterError::io(archive_dir, e)),
    }
}

/// A batch's open chunk: the `BEGIN IMMEDIATE` transaction its files' savepoints
/// are in, and their verdicts, held back until the chunk is committed.
pub(crate) struct BatchCommit<'c> {
    conn: &'c Connection,
    started: Instant,
    max_files: usize,
    pending: Vec<ImportVerdict>,
    done: bool,
}

impl<'c> BatchCommit<'c> {
    /// Opens a chunk. `None` if the register cannot be locked for writing now:
    /// the files are then imported one transaction each, and each gets its own
    /// verdict (e.g. "Fel" if the register stays busy).
    /// At most `max_files` files ([`CHUNK_FILES`] in an import).
    pub fn begin(conn: &'c Connection, max_files: usize) -> Option<BatchCommit<'c>> {
        if !conn.is_autocommit() {
            // Already inside a transaction the caller owns: not ours to commit.
            return None;
        }
        match conn.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => Some(BatchCommit {
                conn,
                started: Instant::now(),
                max_files,
                pending: Vec::new(),
                done: false,
            }),
            Err(e) => {
                log::warn!("import: no batch transaction, one per file: {e}");
                None
            }
        }
    }

    /// Holds a file's verdict until [`BatchCommit::commit`].
    pub fn push(&mut self, verdict: ImportVerdict) {
        self.pending.push(verdict);
    }

    /// True when the chunk should be committed before the next file.
    pub fn is_full(&self) -> bool {
        self.pending.len() >= self.max_files || self.started.elapsed() >= CHUNK_TIME
    }

    /// Flushes the chunk's archive files and folder, commits, and returns the
    /// chunk's verdicts, now true. If that fails, every accepted verdict whose file has no row in the
    /// register after all becomes "Fel", and its archive file is removed.
    pub fn commit(mut self, archive_dir: &Path) -> Vec<ImportVerdict> {
        self.done = true;
        let pending = std::mem::take(&mut self.pending);
        let committed = if self.conn.is_autocommit() {
            // SQLite rolled the whole transaction back on an error (disk full,
            // I/O): later files in the chunk were their own transactions.
            Err(RegisterError::Database(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
                Some("the batch transaction was rolled back".into()),
            )))
        } else {
            sync_archive_batch(archive_dir)
                .and_then(|()| self.conn.execute_batch("COMMIT").map_err(Into::into))
        };
        let Err(e) = committed else {
            return pending;
        };
        log::error!("import: committing a batch of files failed: {e:?}");
        if !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let failed = e.to_user_error();
        pending
            .into_iter()
            .map(|v| match v.pdf_sha256.as_deref() {
                Some(sha) if v.outcome.is_accepted() => match has_row(self.conn, sha) {
                    Ok(true) => v,
                    Ok(false) => {
                        archive::remove(archive_dir, sha);
                        failed_as(v, failed.clone())
                    }
                    Err(_) => failed_as(v, failed.clone()),
                },
                _ => v,
            })
            .collect()
    }
}

fn failed_as(v: ImportVerdict, reason: UserError) -> ImportVerdict {
    let mut failed = ImportVerdict::failed(&v.file, reason);
    failed.app_id = v.app_id;
    failed.version = v.version;
    failed.unit = v.unit;
    failed.pdf_sha256 = v.pdf_sha256;
    failed
}

/// True when an imported application or notice has this PDF.
fn has_row(conn: &Connection, sha: &str) -> Result<bool, RegisterError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM register_applications WHERE pdf_sha256 = ?1)
             OR EXISTS (SELECT 1 FROM register_notices WHERE pdf_sha256 = ?1)",
        [sha],
        |r| r.get(0),
    )?)
}

impl Drop for BatchCommit<'_> {
    fn drop(&mut self) {
        // Not committed (a panic unwinding through the batch): roll back.
        if !self.done && !self.conn.is_autocommit() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
