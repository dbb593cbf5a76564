//! Fuzzes the register's import path with arbitrary file contents: size check,
//! PDF parsing (lopdf with its limits), attachment extraction, schema, seal,
//! page check, validation and recording. It must never panic, and a file that is
//! not accepted must leave nothing behind: no event, no archive file. An accepted
//! one is logged (a new version also logs the channels it closes) and archived
//! byte for byte.
//!
//! The register trusts the test CA of the digitally signed seed
//! (`corpus/import/signed-pades.pdf`, with `trust/ca.pem`, both written by
//! `tests/register_import_signed.rs`'s `seed_fuzz_corpus`), so mutations of that
//! seed run the whole PAdES check (ByteRange, CMS, chain, key usage) and an intact
//! one is recorded with its signature.
#![no_main]

use std::cell::RefCell;

use kanalansokan_core::register::{self, EventKind, Outcome};
use libfuzzer_sys::fuzz_target;

struct Env {
    _dir: tempfile::TempDir,
    archive: std::path::PathBuf,
    store: kanalansokan_core::storage::Store,
}

thread_local! {
    static ENV: RefCell<Option<Env>> = const { RefCell::new(None) };
}

/// The CA that signed the digitally signed seed.
const SEED_CA: &[u8] = include_bytes!("../trust/ca.pem");

fn env(now: chrono::DateTime<chrono::Utc>) -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("arkiv");
    let store = kanalansokan_core::storage::Store::open_in_memory().expect("in-memory store");
    register::add_trusted_issuer(store.connection(), SEED_CA, now).expect("trust the seed's CA");
    Env {
        _dir: dir,
        archive,
        store,
    }
}

/// Files in the archive folder (it does not exist until the first import).
fn archived(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| entries.count())
}

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("fixed time");
    ENV.with(|cell| {
        let mut slot = cell.borrow_mut();
        let env = slot.get_or_insert_with(|| env(now));
        let conn = env.store.connection();
        let last_event: i64 = conn
            .query_row(
                "SELECT coalesce(max(id), 0) FROM register_events",
                [],
                |r| r.get(0),
            )
            .expect("last event id");
        let files_before = archived(&env.archive);
        let verdict = register::import_bytes(conn, &env.archive, "fuzz.pdf", data, now);
        let logged: Vec<String> = conn
            .prepare("SELECT kind FROM register_events WHERE id > ?1 ORDER BY id")
            .and_then(|mut q| q.query_map([last_event], |r| r.get(0))?.collect())
            .expect("new events");
        let logged: Vec<&str> = logged.iter().map(String::as_str).collect();
        match verdict.outcome {
            Outcome::Imported | Outcome::NewVersion => {
                // One event for the import; a new version first closes each active
                // channel it leaves out, one Close event each (as in
                // tests/register_import.rs: Import, then Close, NewVersion).
                let expected: Vec<&str> = if verdict.outcome == Outcome::Imported {
                    vec![EventKind::Import.code()]
                } else {
                    let closes = logged.len().saturating_sub(1);
                    let mut kinds = vec![EventKind::Close.code(); closes];
                    kinds.push(EventKind::NewVersion.code());
                    kinds
                };
                assert_eq!(logged, expected, "events of an accepted file: {verdict:?}");
                // The original kept byte for byte.
                let sha = verdict
                    .pdf_sha256
                    .as_deref()
                    .expect("accepted file's sha256");
                let kept = std::fs::read(register::archive_path(&env.archive, sha))
                    .expect("accepted file archived");
                assert!(kept == data, "archived bytes differ from the file");
                assert_eq!(
                    archived(&env.archive),
                    files_before + 1,
                    "one archive file per import"
                );
            }
            _ => {
                assert!(
                    logged.is_empty(),
                    "a refused file changed the register: {logged:?} {verdict:?}"
                );
                assert_eq!(
                    archived(&env.archive),
                    files_before,
                    "a refused file left an archive file"
                );
            }
        }
        // Exports of whatever got in must work too. (Only when something got in:
        // otherwise the register is the one already exported, and exporting it
        // again each time was most of a run's time once a few files were in.)
        if !verdict.outcome.is_accepted() || verdict.outcome == Outcome::AlreadyImported {
            return;
        }
        let snap = register::snapshot(conn).expect("snapshot");
        for f in [
            register::ExportFormat::Html,
            register::ExportFormat::Csv,
            register::ExportFormat::Json,
        ] {
            let _ = register::export::render(&snap, f, now);
        }
    });
});
