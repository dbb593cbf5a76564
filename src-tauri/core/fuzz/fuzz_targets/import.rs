//! Fuzzes the register's import path with arbitrary file contents: size check,
//! PDF parsing (lopdf with its limits), attachment extraction, schema, seal,
//! page check, validation and recording. It must never panic, and a file that is
//! not accepted must leave nothing behind.
#![no_main]

use std::cell::RefCell;

use kanalansokan_core::register::{self, Outcome};
use libfuzzer_sys::fuzz_target;

struct Env {
    _dir: tempfile::TempDir,
    archive: std::path::PathBuf,
    store: kanalansokan_core::storage::Store,
}

thread_local! {
    static ENV: RefCell<Option<Env>> = const { RefCell::new(None) };
}

fn env() -> Env {
    let dir = tempfile::tempdir().expect("temp dir");
    let archive = dir.path().join("arkiv");
    let store = kanalansokan_core::storage::Store::open_in_memory().expect("in-memory store");
    Env {
        _dir: dir,
        archive,
        store,
    }
}

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0).expect("fixed time");
    ENV.with(|cell| {
        let mut slot = cell.borrow_mut();
        let env = slot.get_or_insert_with(env);
        let conn = env.store.connection();
        let before: i64 = conn
            .query_row("SELECT count(*) FROM register_events", [], |r| r.get(0))
            .expect("count");
        let verdict = register::import_bytes(conn, &env.archive, "fuzz.pdf", data, now);
        let after: i64 = conn
            .query_row("SELECT count(*) FROM register_events", [], |r| r.get(0))
            .expect("count");
        match verdict.outcome {
            Outcome::Imported | Outcome::NewVersion => assert_eq!(after, before + 1),
            _ => assert_eq!(after, before, "a refused file changed the register"),
        }
        // Exports of whatever got in must work too.
        let snap = register::snapshot(conn).expect("snapshot");
        for f in [register::ExportFormat::Html, register::ExportFormat::Csv, register::ExportFormat::Json] {
            let _ = register::export::render(&snap, f, now);
        }
    });
});
