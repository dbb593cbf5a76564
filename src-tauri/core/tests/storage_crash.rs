//! Killing the app while it saves loses nothing that was committed.
//!
//! The test re-runs this test binary as a child process that saves drafts in a
//! tight loop and reports each committed save on stdout; the parent kills it
//! with SIGKILL (no destructors, no flushing) after a varying number of saves,
//! then reopens the file. Repeated on the same file, so each reopen also
//! recovers from the previous kill. No timing is asserted: only what was
//! reported as saved is checked.

mod storage_common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use kanalansokan_core::storage::Store;
use storage_common::today;

/// Set in the child's environment to the database path; its presence turns
/// `crash_child_writer` from a no-op into the writer.
const CHILD_ENV: &str = "KANALANSOKAN_TEST_CRASH_CHILD_DB";

/// What the draft looks like after save number `i`: every field that changes
/// is derived from `i`, so a half-written save would show as a mismatch.
fn draft_text(i: u64) -> (String, String) {
    (
        format!("Enhet {i}"),
        "Syftet är att sprida information och ge service. ".repeat((i % 40) as usize + 1),
    )
}

/// The child: does nothing unless started by the parent test below.
#[test]
fn crash_child_writer() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = Store::open(Path::new(&path)).unwrap();
    let mut app = store.create_draft(today()).unwrap();
    println!("crash-test-id {}", app.id);
    for i in 0u64.. {
        (app.unit, app.purpose) = draft_text(i);
        store.save_draft(&app).unwrap();
        // Other rows come and go too, so pages are allocated and freed.
        if i % 7 == 0 {
            let extra = store.create_draft(today()).unwrap();
            if i % 14 == 0 {
                store.delete_draft(&extra.id, 1).unwrap();
            }
        }
        // Printed only after save_draft returned, i.e. after the commit.
        println!("crash-test-saved {i}");
    }
}

#[test]
fn killing_the_app_while_saving_keeps_the_last_committed_draft() {
    if std::env::var_os(CHILD_ENV).is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let exe = std::env::current_exe().unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::from(d.subsec_nanos()))
        .unwrap_or(0);

    for round in 0..3u64 {
        // A different, unpredictable moment each round.
        let kill_after = 15 + (seed / (round + 1) + round * 53) % 120;
        let stderr_path = dir.path().join(format!("child-{round}.stderr"));
        let mut child = Command::new(&exe)
            .args([
                "crash_child_writer",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr_path).unwrap())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();

        let mut id = None;
        let mut last_saved = None;
        let mut killed = false;
        // Keep reading after the kill: lines already in the pipe are saves that
        // were committed before it.
        for line in BufReader::new(stdout).lines() {
            let line = line.unwrap();
            // The test harness may print "test crash_child_writer ... " first.
            if let Some((_, rest)) = line.split_once("crash-test-id ") {
                id = Some(rest.to_string());
            } else if let Some((_, n)) = line.split_once("crash-test-saved ") {
                let n: u64 = n.parse().unwrap();
                last_saved = Some(n);
                if !killed && n >= kill_after {
                    child.kill().unwrap(); // SIGKILL on Unix
                    killed = true;
                }
            }
        }
        let status = child.wait().unwrap();
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        assert!(
            killed,
            "round {round}: child ended on its own ({status}): {stderr}"
        );
        let id = id.expect("child reported its draft id");
        let last_saved = last_saved.expect("child reported saves");

        let store = Store::open(&db).unwrap();
        let check: String = store
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        let fk: i64 = store
            .connection()
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(fk, 0);

        let app = store.get(&id, 1).unwrap();
        let n: u64 = app
            .unit
            .strip_prefix("Enhet ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected unit {:?}", app.unit));
        // The child may have committed one more save than it managed to print.
        assert!(
            n == last_saved || n == last_saved + 1,
            "round {round}: last reported save {last_saved}, found {n}"
        );
        assert_eq!((app.unit.clone(), app.purpose.clone()), draft_text(n));
        eprintln!(
            "round {round}: kill requested after save {kill_after}; last reported {last_saved}; stored {n}"
        );
        assert!(store.list().unwrap().iter().any(|s| s.id == id));
    }
}
