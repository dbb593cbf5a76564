//! Import of real PDFs made by `pdf::render` from applications signed by
//! `seal::sign`: every verdict, every rejection reason, batches, cancelling, and
//! recovery after a crash between archive file and database row.

#[path = "common/pdf_edit.rs"]
mod pdf_edit;
mod register_support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use kanalansokan_core::model::{Application, Channel, Signature};
use kanalansokan_core::register::{self, EventKind, ImportVerdict, Outcome};
use kanalansokan_core::{pdf, seal};
use lopdf::{Document, Object, Stream, dictionary};
use pdf_edit::with_attachment;
use register_support::*;

fn draft() -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    app
}

fn sign(app: &Application) -> Application {
    seal::sign(app, at("2026-11-28T09:15:42Z")).unwrap()
}

fn pdf_of(app: &Application) -> Vec<u8> {
    pdf::render(app).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn archive_files(db: &TestDb) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(db.archive()) {
        Ok(rd) => rd
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

fn import(db: &TestDb, path: &Path) -> ImportVerdict {
    register::import_file(&db.conn, &db.archive(), path, now())
}

/// Nothing in the register, no event, no archive file.
fn assert_untouched(db: &TestDb) {
    assert!(register::list_channels(&db.conn).unwrap().is_empty());
    assert!(register::events(&db.conn).unwrap().is_empty());
    assert!(
        register::snapshot(&db.conn)
            .unwrap()
            .applications
            .is_empty()
    );
    assert!(archive_files(db).is_empty(), "{:?}", archive_files(db));
}

fn second_version(v1: &Application) -> Application {
    let mut app = v1.clone();
    app.version = 2;
    app.signed_at = None;
    app.seal = None;
    app.channels = vec![
        v1.channels[1].clone(),
        Channel {
            platform: "youtube".into(),
            platform_name: String::new(),
            address: "https://www.youtube.com/@smedjebackensbibliotek".into(),
        },
    ];
    sign(&app)
}

#[test]
fn a_valid_pdf_is_imported_and_archived_byte_for_byte() {
    let db = TestDb::new();
    let app = sign(&draft());
    let bytes = pdf_of(&app);
    let file = write(db.dir.path(), "ansokan.pdf", &bytes);
    let v = import(&db, &file);
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(v.label, "Importerad");
    assert_eq!(v.message, "2 kanaler har lagts till i registret.");
    assert_eq!(v.app_id.as_deref(), Some(app.id.as_str()));
    let sha = hex(&bytes);
    assert_eq!(v.pdf_sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(
        std::fs::read(register::archive_path(&db.archive(), &sha)).unwrap(),
        bytes
    );
    let rows = register::list_channels(&db.conn).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].address,
        "https://www.facebook.com/smedjebackensbibliotek"
    );
    assert_eq!(rows[0].since, "2026-11-27");
    assert_eq!(rows[0].unit, app.unit);
    assert_eq!(rows[0].responsible, app.responsible);
    let stored = register::imported_application(&db.conn, &app.id, 1).unwrap();
    assert_eq!(stored.application, app);
    assert_eq!(stored.pdf_sha256, sha);
    assert_eq!(stored.file_name, "ansokan.pdf");
    assert_eq!(stored.signature_kind, "typed");
    register::applications::verify_archived(&db.archive(), &stored).unwrap();
    let log = register::events(&db.conn).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, EventKind::Import);
    assert_eq!(log[0].detail["pdf_sha256"], sha);
}

#[test]
fn the_same_pdf_again_changes_nothing() {
    let db = TestDb::new();
    let file = write(db.dir.path(), "a.pdf", &pdf_of(&sign(&draft())));
    import(&db, &file);
    let before = register::snapshot(&db.conn).unwrap();
    let v = import(&db, &file);
    assert_eq!(v.outcome, Outcome::AlreadyImported, "{v:?}");
    assert_eq!(v.label, "Redan importerad");
    assert_eq!(register::snapshot(&db.conn).unwrap(), before);
    assert_eq!(archive_files(&db).len(), 1);
}

#[test]
fn a_new_version_supersedes_and_the_old_stays_in_history() {
    let db = TestDb::new();
    let v1 = sign(&draft());
    let v2 = second_version(&v1);
    import(&db, &write(db.dir.path(), "v1.pdf", &pdf_of(&v1)));
    let v = import(&db, &write(db.dir.path(), "v2.pdf", &pdf_of(&v2)));
    assert_eq!(v.outcome, Outcome::NewVersion, "{v:?}");
    assert_eq!(v.label, "Ny version");
    let versions = register::application_versions(&db.conn, &v1.id).unwrap();
    assert_eq!(
        versions.iter().map(|a| a.version).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(archive_files(&db).len(), 2);
    let rows = register::list_channels(&db.conn).unwrap();
    let by = |end: &str| rows.iter().find(|r| r.address.ends_with(end)).unwrap();
    let facebook = by("facebook.com/smedjebackensbibliotek");
    assert_eq!(facebook.status, register::ChannelStatus::Closed);
    assert_eq!(
        facebook.close_reason.as_deref(),
        Some("Ingår inte i version 2 av ansökan.")
    );
    let instagram = by("instagram.com/smedjebackensbibliotek");
    assert_eq!((instagram.version, instagram.id), (2, 2));
    assert_eq!(
        by("@smedjebackensbibliotek").status,
        register::ChannelStatus::Active
    );
    let kinds: Vec<EventKind> = register::events(&db.conn)
        .unwrap()
        .iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        [EventKind::Import, EventKind::Close, EventKind::NewVersion]
    );
}

fn assert_rejected(db: &TestDb, bytes: &[u8], code: &str) -> ImportVerdict {
    let file = write(db.dir.path(), "fil.pdf", bytes);
    let v = import(db, &file);
    assert_eq!(v.outcome, Outcome::Rejected, "{v:?}");
    assert_eq!(v.label, "Avvisad");
    assert_eq!(v.reason.as_ref().unwrap().code, code, "{v:?}");
    assert!(!v.message.is_empty());
    assert_untouched(db);
    v
}

#[test]
fn random_bytes_are_not_a_pdf() {
    let db = TestDb::new();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let v = assert_rejected(&db, &noise, "pdf.not_pdf");
    assert_eq!(v.message, "Filen är inte en PDF.");
    assert_rejected(&db, b"", "pdf.not_pdf");
}

#[test]
fn a_truncated_pdf_is_damaged() {
    let db = TestDb::new();
    let bytes = pdf_of(&sign(&draft()));
    assert_rejected(&db, &bytes[..bytes.len() / 2], "pdf.damaged");
}

#[test]
fn a_pdf_readable_only_after_repair_is_refused() {
    let db = TestDb::new();
    let bytes = pdf_of(&sign(&draft()));
    // Cut in transfer: no `%%EOF`, the cross-reference offset gone; lopdf would
    // rebuild it and the broken file would become the archived record.
    let v = assert_rejected(&db, &bytes[..bytes.len() - 10], "pdf.incomplete");
    assert!(
        v.message.starts_with("PDF-filen är ofullständig"),
        "{}",
        v.message
    );
    // The same file whole is imported.
    let v = import(&db, &write(db.dir.path(), "hel.pdf", &bytes));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
}

fn write_an_hour_ago(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
}

#[test]
fn stale_temporaries_left_by_a_killed_import_are_removed_at_the_next() {
    let db = TestDb::new();
    std::fs::create_dir_all(db.archive()).unwrap();
    // What `kill -9` during `write_atomic` leaves: a half-written temporary.
    let stale = db.archive().join(".kanalansokan-Ab12Cd.tmp");
    write_an_hour_ago(&stale, b"%PDF-1.7 half");
    // One being written right now by another import is left alone.
    let fresh = db.archive().join(".kanalansokan-Xy34Zw.tmp");
    std::fs::write(&fresh, b"%PDF-1.7 in progress").unwrap();
    let bytes = pdf_of(&sign(&draft()));
    let v = import(&db, &write(db.dir.path(), "a.pdf", &bytes));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(
        archive_files(&db),
        [
            ".kanalansokan-Xy34Zw.tmp".to_string(),
            format!("{}.pdf", hex(&bytes))
        ]
    );
    // A batch (the CLI's import) cleans up too, even when its file is refused.
    write_an_hour_ago(&stale, b"again");
    let report = register::import_batch(
        &db.conn,
        &db.archive(),
        &[write(db.dir.path(), "trasig.pdf", b"nej")],
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    );
    assert_eq!(report.count(Outcome::Rejected), 1);
    assert!(!stale.exists());
    assert!(fresh.exists());
}

fn minimal_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, b"BT ET".to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn a_pdf_without_application_data_is_refused() {
    let db = TestDb::new();
    let v = assert_rejected(&db, &minimal_pdf(), "pdf.no_data");
    assert!(v.message.contains("ingen ansökan"), "{}", v.message);
}

/// The id of the embedded file stream (`/AF` of the catalog).
#[test]
fn an_unknown_schema_version_is_refused() {
    let db = TestDb::new();
    let app = sign(&draft());
    let mut json = serde_json::to_value(&app).unwrap();
    json["schema_version"] = 99.into();
    let bytes = with_attachment(&pdf_of(&app), serde_json::to_vec(&json).unwrap());
    assert_rejected(&db, &bytes, "pdf.unknown_schema");
}

#[test]
fn an_application_altered_after_signing_is_refused() {
    let db = TestDb::new();
    let app = sign(&draft());
    let mut altered = app.clone();
    altered.purpose.push_str(" Och lite till.");
    let bytes = with_attachment(&pdf_of(&app), serde_json::to_vec(&altered).unwrap());
    let v = assert_rejected(&db, &bytes, "pdf.seal_mismatch");
    assert!(
        v.message.contains("ändrats efter signering"),
        "{}",
        v.message
    );
}

#[test]
fn an_unsigned_draft_is_refused() {
    let db = TestDb::new();
    assert_rejected(&db, &pdf_of(&draft()), "pdf.not_signed");
}

#[test]
fn a_sealed_application_that_breaks_the_rules_is_refused() {
    let db = TestDb::new();
    // Sealed by hand (not through sign, which refuses it): guidelines not read.
    let mut app = sign(&draft());
    app.guidelines_read = false;
    app.seal = None;
    app.seal = Some(seal::compute(&app));
    let v = assert_rejected(&db, &pdf_of(&app), "register.invalid");
    assert!(v.message.contains("riktlinjer"), "{}", v.message);
}

/// Signed at 00:30 Swedish time on 30 November: the UTC time is still the 29th, and
/// the approval date (the signer's today) must not be refused as in the future.
#[test]
fn approved_and_signed_just_after_local_midnight_is_imported() {
    let db = TestDb::new();
    let mut app = sign(&draft());
    app.approval.date = "2026-11-30".into();
    app.signed_at = Some("2026-11-29T23:30:00Z".into());
    app.seal = None;
    app.seal = Some(seal::compute(&app));
    let path = write(db.dir.path(), "midnatt.pdf", &pdf_of(&app));
    let v = import(&db, &path);
    assert_eq!(v.outcome, Outcome::Imported, "{}", v.message);

    // Two days ahead of the signing is still refused.
    let db = TestDb::new();
    let mut app = sign(&draft());
    app.approval.date = "2026-12-01".into();
    app.signed_at = Some("2026-11-29T23:30:00Z".into());
    app.seal = None;
    app.seal = Some(seal::compute(&app));
    assert_rejected(&db, &pdf_of(&app), "register.invalid");
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let db = TestDb::new();
    let path = db.dir.path().join("stor.pdf");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(pdf::MAX_PDF_BYTES as u64 + 1).unwrap();
    let v = import(&db, &path);
    assert_eq!(v.reason.unwrap().code, "pdf.too_large");
    assert_untouched(&db);
}

#[test]
fn paper_signed_is_refused_then_registered_manually_and_logged() {
    let db = TestDb::new();
    let mut app = draft();
    app.approval.signature = Some(Signature::Paper);
    let app = sign(&app);
    let bytes = pdf_of(&app);
    let v = assert_rejected(&db, &bytes, "register.paper_signed");
    assert_eq!(v.message, "Signerad på papper – registrera manuellt");
    assert!(v.manual_registration);

    let file = write(db.dir.path(), "papper.pdf", &bytes);
    let v = register::register_paper_signed(
        &db.conn,
        &db.archive(),
        &file,
        "Original med underskrift kontrollerat, arkiverat i pärm 3.",
        now(),
    )
    .unwrap();
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(register::list_channels(&db.conn).unwrap().len(), 2);
    let log = register::events(&db.conn).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].kind, EventKind::ManualRegistration);
    assert_eq!(
        log[0].detail["note"],
        "Original med underskrift kontrollerat, arkiverat i pärm 3."
    );
    let stored = register::imported_application(&db.conn, &app.id, 1).unwrap();
    assert_eq!(stored.signature_kind, "paper");
}

#[test]
fn manual_registration_is_only_for_paper_signed_applications() {
    let db = TestDb::new();
    let file = write(db.dir.path(), "a.pdf", &pdf_of(&sign(&draft())));
    let err =
        register::register_paper_signed(&db.conn, &db.archive(), &file, "", now()).unwrap_err();
    assert!(matches!(err, register::RegisterError::NotPaperSigned));
    assert_untouched(&db);
}

#[test]
fn a_batch_where_the_middle_file_fails_keeps_the_others() {
    let db = TestDb::new();
    let folder = db.dir.path().join("inkorg");
    std::fs::create_dir(&folder).unwrap();
    let v1 = sign(&draft());
    let mut other = draft();
    other.id = "7d2e9c1a-1b2c-4d3e-8f4a-5b6c7d8e9f01".into();
    other.unit = "Tekniska förvaltningen".into();
    other.channels = vec![Channel {
        platform: "facebook".into(),
        platform_name: String::new(),
        address: "https://www.facebook.com/smedjebackenteknik".into(),
    }];
    let other = sign(&other);
    write(&folder, "1.pdf", &pdf_of(&v1));
    write(&folder, "2.pdf", b"%PDF-1.7\ntrasig");
    write(&folder, "3.pdf", &pdf_of(&other));
    let mut seen = Vec::new();
    let report = register::import_batch(
        &db.conn,
        &db.archive(),
        &[folder],
        now(),
        &mut |p| seen.push((p.done, p.total, p.verdict.outcome)),
        &AtomicBool::new(false),
    );
    assert_eq!(
        seen,
        [
            (1, 3, Outcome::Imported),
            (2, 3, Outcome::Rejected),
            (3, 3, Outcome::Imported)
        ]
    );
    assert!(!report.all_accepted());
    assert_eq!(register::list_channels(&db.conn).unwrap().len(), 3);
    assert_eq!(archive_files(&db).len(), 2);
    assert!(
        report.summary().starts_with("2 importerade"),
        "{}",
        report.summary()
    );
}

#[test]
fn cancelling_before_the_first_file_imports_nothing_and_says_so() {
    // Cancelling during a batch stops it after the files committed so far
    // (a chunk at a time): `import.rs`'s unit test with chunks of one file.
    let db = TestDb::new();
    let v1 = sign(&draft());
    let a = write(db.dir.path(), "a.pdf", &pdf_of(&v1));
    let b = write(db.dir.path(), "b.pdf", &pdf_of(&second_version(&v1)));
    let cancel = AtomicBool::new(true);
    let report = register::import_batch(
        &db.conn,
        &db.archive(),
        &[a, b],
        now(),
        &mut |_| panic!("no file was imported"),
        &cancel,
    );
    assert!(report.cancelled);
    assert_eq!((report.verdicts.len(), report.skipped), (0, 2));
    assert!(
        register::application_versions(&db.conn, &v1.id)
            .unwrap()
            .is_empty()
    );
    assert!(archive_files(&db).is_empty());
    assert_eq!(
        report.summary(),
        "Inga filer. Avbruten: 2 filer hoppades över."
    );
}

#[test]
fn an_archive_file_left_by_a_crash_before_commit_is_reused() {
    let db = TestDb::new();
    let bytes = pdf_of(&sign(&draft()));
    let sha = hex(&bytes);
    std::fs::create_dir_all(db.archive()).unwrap();
    // A crash after writing the archive file, before the row was committed;
    // another left half a file behind.
    std::fs::write(register::archive_path(&db.archive(), &sha), &bytes[..100]).unwrap();
    let v = import(&db, &write(db.dir.path(), "a.pdf", &bytes));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(
        std::fs::read(register::archive_path(&db.archive(), &sha)).unwrap(),
        bytes
    );
    assert_eq!(archive_files(&db), [format!("{sha}.pdf")]);
}

#[test]
fn a_row_whose_archive_file_is_missing_is_repaired_by_importing_again() {
    let db = TestDb::new();
    let bytes = pdf_of(&sign(&draft()));
    let file = write(db.dir.path(), "a.pdf", &bytes);
    import(&db, &file);
    let archived = register::archive_path(&db.archive(), &hex(&bytes));
    std::fs::remove_file(&archived).unwrap();
    let app = &register::snapshot(&db.conn).unwrap().applications[0];
    let err = register::applications::verify_archived(&db.archive(), app).unwrap_err();
    assert_eq!(err.code, "register.archive.missing");
    let v = import(&db, &file);
    assert_eq!(v.outcome, Outcome::AlreadyImported);
    assert!(v.message.contains("återställts"), "{}", v.message);
    assert_eq!(std::fs::read(&archived).unwrap(), bytes);
    register::applications::verify_archived(&db.archive(), app).unwrap();
}

#[test]
fn a_pdf_imported_through_the_cli_gets_a_verdict_line_and_exit_0() {
    let db = TestDb::new();
    let file = write(db.dir.path(), "a.pdf", &pdf_of(&sign(&draft())));
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let code = kanalansokan_core::cli::run(
        [
            "kanalansokan",
            "import",
            "--register",
            db.db_path().to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        &mut o,
        &mut e,
    )
    .unwrap();
    let out = String::from_utf8(o).unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("a.pdf: Importerad – "), "{out}");
    assert!(out.contains("\n1 importerad.\n"), "{out}");
    // The CLI archives beside the database.
    assert_eq!(archive_files(&db).len(), 1);
}

/// Writes the fuzz target's seed corpus: valid PDFs and a few near misses.
/// `cargo test -p kanalansokan-core --test register_import -- --ignored seed`
#[test]
#[ignore]
fn seed_fuzz_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/import");
    std::fs::create_dir_all(&dir).unwrap();
    let v1 = sign(&draft());
    let mut paper = draft();
    paper.approval.signature = Some(Signature::Paper);
    for (name, bytes) in [
        ("valid-typed.pdf", pdf_of(&v1)),
        ("valid-v2.pdf", pdf_of(&second_version(&v1))),
        ("paper.pdf", pdf_of(&sign(&paper))),
        ("draft.pdf", pdf_of(&draft())),
        ("minimal.pdf", minimal_pdf()),
    ] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
