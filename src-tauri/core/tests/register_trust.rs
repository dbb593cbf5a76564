//! The registrar's trust for digital signatures (issue 14): the policy for
//! applications without a digital signature, the event log of every change, the
//! `trust` command, and what the register records of a signature.

mod register_support;

use std::path::{Path, PathBuf};

use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::register::{self, EventKind, ImportVerdict, Outcome, UnsignedPolicy};
use kanalansokan_core::{pdf, seal};
use register_support::*;

fn signed_pdf() -> Vec<u8> {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    pdf::render(&seal::sign(&app, at("2026-11-28T09:15:42Z")).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(db: &TestDb, path: &Path) -> ImportVerdict {
    register::import_file(&db.conn, &db.archive(), path, now())
}

fn cli(args: &[&str]) -> (u8, String, String) {
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut all = vec!["kanalansokan"];
    all.extend_from_slice(args);
    let code = kanalansokan_core::cli::run(all, &mut o, &mut e).unwrap();
    (
        code,
        String::from_utf8(o).unwrap(),
        String::from_utf8(e).unwrap(),
    )
}

#[test]
fn without_a_digital_signature_the_default_imports_and_marks_it() {
    let db = TestDb::new();
    assert_eq!(
        register::unsigned_policy(&db.conn).unwrap(),
        UnsignedPolicy::Accept
    );
    let v = import(&db, &write(db.dir.path(), "a.pdf", &signed_pdf()));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Inte elektroniskt signerad")
    );
    assert!(v.warnings.is_empty());
    let snap = register::snapshot(&db.conn).unwrap();
    assert_eq!(snap.applications[0].digital_signature, None);
    assert_eq!(
        snap.applications[0].digital_signature_label,
        "Inte elektroniskt signerad"
    );
    assert_eq!(
        snap.events[0].detail["digital_signature_label"],
        "Inte elektroniskt signerad"
    );
    assert!(snap.events[0].detail["digital_signature"].is_null());
    let csv = register::export::render(&snap, register::ExportFormat::Csv, now());
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].ends_with(";Elektroniskt signerad;Signerad av"),
        "{}",
        lines[0]
    );
    assert!(lines[1].ends_with(";nej;"), "{}", lines[1]);
}

#[test]
fn a_refusing_policy_refuses_it_and_stores_nothing_and_the_change_is_logged() {
    let db = TestDb::new();
    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Refuse, now()).unwrap();
    // Setting the same policy again logs nothing.
    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Refuse, now()).unwrap();
    let log = register::events(&db.conn).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, EventKind::Trust);
    assert_eq!(log[0].kind_label, "Betrodda utfärdare");
    assert_eq!(
        log[0].summary,
        "Regel för ansökningar utan elektronisk signatur: Avvisa ansökningar utan elektronisk signatur."
    );
    assert_eq!(log[0].detail["from"], "accept");
    assert_eq!(log[0].detail["to"], "refuse");

    let v = import(&db, &write(db.dir.path(), "a.pdf", &signed_pdf()));
    assert_eq!(v.outcome, Outcome::Rejected, "{v:?}");
    let reason = v.reason.unwrap();
    assert_eq!(reason.code, "register.not_digitally_signed");
    assert!(
        reason
            .message
            .starts_with("Ansökan är inte elektroniskt signerad"),
        "{}",
        reason.message
    );
    assert!(register::list_channels(&db.conn).unwrap().is_empty());
    assert_eq!(register::events(&db.conn).unwrap().len(), 1);
    assert!(!db.archive().exists() || std::fs::read_dir(db.archive()).unwrap().count() == 0);

    // Back to accepting: the same file is imported.
    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Accept, now()).unwrap();
    let v = import(&db, &write(db.dir.path(), "a.pdf", &signed_pdf()));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
}

#[test]
fn the_trust_command_lists_sets_the_policy_and_refuses_what_is_not_a_certificate() {
    let db = TestDb::new();
    let reg = db.db_path();
    let reg = reg.to_str().unwrap();
    let (code, out, err) = cli(&["trust", "list", "--register", reg]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Betrodda utfärdare:\n  (inga)"), "{out}");
    assert!(out.contains("Spärrlistor:\n  (inga)"), "{out}");
    assert!(
        out.contains("Utan elektronisk signatur: Importera"),
        "{out}"
    );

    let (code, out, _) = cli(&["trust", "policy", "refuse", "--register", reg]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Regel: Avvisa ansökningar utan elektronisk signatur.\n"
    );
    assert_eq!(
        register::unsigned_policy(&db.conn).unwrap(),
        UnsignedPolicy::Refuse
    );
    let (code, _, err) = cli(&["trust", "policy", "sometimes", "--register", reg]);
    assert_eq!(code, 2, "{err}");

    let not_a_cert = write(db.dir.path(), "ca.pem", b"-----BEGIN NONSENSE-----\n");
    let (code, out, err) = cli(&[
        "trust",
        "add",
        "--register",
        reg,
        not_a_cert.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.starts_with("Fel: "), "{err}");
    let (code, _, err) = cli(&["trust", "remove", "--register", reg, "7"]);
    assert_eq!(code, 1);
    assert!(err.contains("ingen betrodd utfärdare"), "{err}");
    let (code, _, err) = cli(&["trust", "add", "--register", reg, "/nonexistent/ca.pem"]);
    assert_eq!(code, 2, "{err}");
    // Only the policy change is in the log.
    assert_eq!(register::events(&db.conn).unwrap().len(), 1);

    let (code, help, _) = cli(&["trust", "--help"]);
    assert_eq!(code, 0);
    for word in ["add", "add-crl", "list", "remove", "remove-crl", "policy"] {
        assert!(help.contains(word), "{help}");
    }
}

#[test]
fn the_event_log_stays_append_only_after_the_migration() {
    let db = TestDb::new();
    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Refuse, now()).unwrap();
    assert!(
        db.conn
            .execute("DELETE FROM register_events", [])
            .unwrap_err()
            .to_string()
            .contains("append-only")
    );
    assert!(
        db.conn
            .execute("UPDATE register_events SET summary = 'x'", [])
            .unwrap_err()
            .to_string()
            .contains("append-only")
    );
    assert!(
        db.conn
            .execute(
                "INSERT INTO register_events (at, kind, summary, detail) VALUES ('t', 'annat', 's', '{}')",
                []
            )
            .is_err()
    );
}

#[test]
fn events_logged_before_the_migration_are_kept() {
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    let m = kanalansokan_core::storage::migrations::migrations();
    m.to_version(&mut conn, 2).unwrap();
    conn.execute(
        "INSERT INTO register_events (at, kind, summary, detail)
         VALUES ('2026-11-01T08:00:00Z', 'dnr', 'Dnr satt.', '{\"dnr\":\"KS 1\"}')",
        [],
    )
    .unwrap();
    m.to_latest(&mut conn).unwrap();
    let log = register::events(&conn).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].kind, log[0].summary.as_str()),
        (EventKind::Dnr, "Dnr satt.")
    );
    assert_eq!(log[0].detail["dnr"], "KS 1");
}
