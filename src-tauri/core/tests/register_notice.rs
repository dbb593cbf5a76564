//! The registrar's import of the unit's closure notice ("Anmälan om avslutad
//! kanal"): real PDFs made by `pdf::render` and `pdf::notice::render`, a real
//! SQLite file, the same import as for applications. Every verdict ("Kanal
//! avslutad", "Redan avslutad", "Kanalen finns inte i registret", "Redan
//! importerad", the refusals), that a refused file leaves nothing behind, and
//! that a closed channel leaves the public list.

#[path = "common/pdf_edit.rs"]
mod pdf_edit;
#[path = "common/pdf_read.rs"]
#[allow(dead_code)] // the embedded-file readers are for the PDF tests
mod pdf_read;
mod register_support;
#[path = "../../tests/window/test_keys.rs"]
#[allow(dead_code)] // the card tests' CA is for the window tests
mod test_keys;

use std::path::{Path, PathBuf};

use kanalansokan_core::model::notice::{ClosingChannel, ClosureNotice};
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::register::{
    self, ChannelStatus, EventKind, ExportFormat, ImportVerdict, Outcome,
};
use kanalansokan_core::{pdf, seal};
use pdf_read::{pdftotext, tool_present};
use register_support::*;

fn application() -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    seal::sign(&app, at("2026-11-28T09:15:42Z")).unwrap()
}

/// A signed notice for the application's first channel (Facebook).
fn notice_for(app: &Application) -> ClosureNotice {
    let mut n: ClosureNotice =
        serde_json::from_str(include_str!("../../../tests/fixtures/valid-notice.json")).unwrap();
    n.channels = vec![ClosingChannel::from_application(app, &app.channels[0])];
    n
}

fn sign(n: &ClosureNotice) -> ClosureNotice {
    seal::notice::sign(n, at("2026-12-05T10:00:00Z")).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(db: &TestDb, path: &Path) -> ImportVerdict {
    register::import_file(&db.conn, &db.archive(), path, at("2026-12-06T08:00:00Z"))
}

/// The manager's key that the register's trusted CA issued.
struct TrustedManager {
    signer: kanalansokan_core::pades::Pkcs12Signer,
    /// The CA's certificate (DER), as the register trusts it.
    ca: Vec<u8>,
    /// The manager's .p12 file (password "lösen").
    p12: Vec<u8>,
}

/// A register with the signed application imported and the test CA trusted, and
/// the manager's key (a .p12 minted by `test_keys`) that the CA issued: the
/// starting point of a digitally signed notice.
fn the_application_and_a_trusted_manager(db: &TestDb) -> (Application, TrustedManager) {
    let app = application();
    import(
        db,
        &write(db.dir.path(), "ansokan.pdf", &pdf::render(&app).unwrap()),
    );
    let (p12, ca) = test_keys::mint_p12("Karin Ålund", "lösen");
    let signer = kanalansokan_core::pades::Pkcs12Signer::from_bytes(&p12, "lösen").unwrap();
    register::add_trusted_issuer(&db.conn, &ca, at("2026-12-06T07:00:00Z")).unwrap();
    (app, TrustedManager { signer, ca, p12 })
}

fn archive_count(db: &TestDb) -> usize {
    std::fs::read_dir(db.archive()).map_or(0, |rd| rd.count())
}

fn notice_rows(db: &TestDb) -> i64 {
    db.conn
        .query_row("SELECT count(*) FROM register_notices", [], |r| r.get(0))
        .unwrap()
}

fn public_list(db: &TestDb) -> String {
    let path = db.dir.path().join("lista.html");
    register::export(
        &db.conn,
        ExportFormat::Html,
        &path,
        at("2026-12-06T09:00:00Z"),
    )
    .unwrap();
    std::fs::read_to_string(path).unwrap()
}

/// The application imported, then its notice: the channel is closed with the
/// notice's day and reason, the notice archived and in the log and the detail.
#[test]
fn a_notice_closes_its_channel_and_it_leaves_the_public_list() {
    let db = TestDb::new();
    let app = application();
    let app_file = write(db.dir.path(), "ansokan.pdf", &pdf::render(&app).unwrap());
    assert_eq!(import(&db, &app_file).outcome, Outcome::Imported);
    let facebook = "https://www.facebook.com/smedjebackensbibliotek";
    assert!(public_list(&db).contains(facebook));

    let notice = sign(&notice_for(&app));
    let bytes = pdf::notice::render(&notice).unwrap();
    let file = write(db.dir.path(), "avslut.pdf", &bytes);
    let v = import(&db, &file);
    assert_eq!(v.outcome, Outcome::ChannelClosed, "{v:?}");
    assert_eq!(v.label, "Kanal avslutad");
    assert_eq!(v.message, "1 kanal avslutad enligt anmälan.");
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Inte elektroniskt signerad")
    );

    let rows = register::channels_of(&db.conn, &app.id).unwrap();
    let closed = rows.iter().find(|r| r.address == facebook).unwrap();
    assert_eq!(closed.status, ChannelStatus::Closed);
    assert_eq!(closed.closed_on.as_deref(), Some("2026-12-04"));
    assert_eq!(closed.close_reason.as_deref(), Some(notice.reason.as_str()));
    let other = rows.iter().find(|r| r.address != facebook).unwrap();
    assert_eq!(other.status, ChannelStatus::Active);

    // Archived byte for byte, like an application; the archive check knows it.
    let sha = v.pdf_sha256.clone().unwrap();
    assert_eq!(
        std::fs::read(register::archive_path(&db.archive(), &sha)).unwrap(),
        bytes
    );
    let check = register::check_archive(&db.conn, &db.archive()).unwrap();
    assert!(
        check.orphans.is_empty() && check.missing.is_empty(),
        "{check:?}"
    );

    // In the application's detail data and its event log.
    let notices = register::notices_for_application(&db.conn, &app.id).unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].notice_id, notice.id);
    assert_eq!(notices[0].last_day, "2026-12-04");
    assert_eq!(notices[0].channels, [(closed.id, true)]);
    let log = register::events_for_application(&db.conn, &app.id).unwrap();
    let kinds: Vec<EventKind> = log.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [EventKind::Import, EventKind::Close, EventKind::Close]
    );
    let summary = &log[2].summary;
    assert!(
        summary.starts_with("Anmälan om avslutad kanal från Kultur- och fritidsförvaltningen"),
        "{summary}"
    );
    assert_eq!(log[2].detail["pdf_sha256"], sha);

    // Off the public list; the other channel stays.
    let html = public_list(&db);
    assert!(!html.contains(facebook), "closed channel still listed");
    assert!(html.contains("https://www.instagram.com/smedjebackensbibliotek"));

    // The JSON export (everything, for other systems) has the notice.
    let json_path = db.dir.path().join("register.json");
    register::export(
        &db.conn,
        ExportFormat::Json,
        &json_path,
        at("2026-12-06T09:00:00Z"),
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(json_path).unwrap()).unwrap();
    assert_eq!(json["notices"][0]["notice_id"], notice.id.as_str());
    assert_eq!(json["notices"][0]["channels"][0][0], closed.id);

    // The same notice again: nothing changes.
    let again = import(&db, &file);
    assert_eq!(again.outcome, Outcome::AlreadyImported, "{again:?}");
    assert_eq!(register::events(&db.conn).unwrap().len(), 3);
    assert_eq!(notice_rows(&db), 1);
}

/// A notice that comes first is refused, with nothing stored, and imports once
/// the application is there.
#[test]
fn a_notice_before_its_application_is_refused_then_imports_after_it() {
    let db = TestDb::new();
    let app = application();
    let notice_file = write(
        db.dir.path(),
        "avslut.pdf",
        &pdf::notice::render(&sign(&notice_for(&app))).unwrap(),
    );
    let v = import(&db, &notice_file);
    assert_eq!(v.outcome, Outcome::NotInRegister, "{v:?}");
    assert_eq!(v.label, "Kanalen finns inte i registret");
    let reason = v.reason.unwrap();
    assert_eq!(reason.code, "register.notice_channel_unknown");
    assert!(
        reason
            .message
            .contains("Importera först den signerade ansökan"),
        "{}",
        reason.message
    );
    assert_eq!(archive_count(&db), 0);
    assert_eq!(notice_rows(&db), 0);
    assert!(register::events(&db.conn).unwrap().is_empty());

    let app_file = write(db.dir.path(), "ansokan.pdf", &pdf::render(&app).unwrap());
    assert_eq!(import(&db, &app_file).outcome, Outcome::Imported);
    assert_eq!(import(&db, &notice_file).outcome, Outcome::ChannelClosed);
}

/// Closed by hand before the notice arrived: "Redan avslutad", the channel keeps
/// the registrar's date and reason, the notice is kept as a record.
#[test]
fn a_channel_closed_already_is_left_as_it_is() {
    let db = TestDb::new();
    let app = application();
    let app_file = write(db.dir.path(), "ansokan.pdf", &pdf::render(&app).unwrap());
    import(&db, &app_file);
    let id = register::channels_of(&db.conn, &app.id).unwrap()[0].id;
    register::close_channel(
        &db.conn,
        id,
        "2026-12-01",
        "Stängd enligt telefonsamtal",
        at("2026-12-02T08:00:00Z"),
    )
    .unwrap();
    let file = write(
        db.dir.path(),
        "avslut.pdf",
        &pdf::notice::render(&sign(&notice_for(&app))).unwrap(),
    );
    let v = import(&db, &file);
    assert_eq!(v.outcome, Outcome::AlreadyClosed, "{v:?}");
    assert_eq!(v.label, "Redan avslutad");
    let row = register::channel(&db.conn, id).unwrap();
    assert_eq!(row.closed_on.as_deref(), Some("2026-12-01"));
    assert_eq!(
        row.close_reason.as_deref(),
        Some("Stängd enligt telefonsamtal")
    );
    assert_eq!(notice_rows(&db), 1);
}

/// A channel typed in (no application in the notice) is found by its address.
#[test]
fn a_channel_typed_in_is_found_by_its_address() {
    let db = TestDb::new();
    let app = application();
    import(
        &db,
        &write(db.dir.path(), "ansokan.pdf", &pdf::render(&app).unwrap()),
    );
    let mut n = notice_for(&app);
    n.channels[0].application = None;
    n.channels[0].address = "https://www.instagram.com/smedjebackensbibliotek".into();
    n.channels[0].platform = "instagram".into();
    let v = import(
        &db,
        &write(
            db.dir.path(),
            "avslut.pdf",
            &pdf::notice::render(&sign(&n)).unwrap(),
        ),
    );
    assert_eq!(v.outcome, Outcome::ChannelClosed, "{v:?}");
    let rows = register::channels_of(&db.conn, &app.id).unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.status == ChannelStatus::Closed)
            .map(|r| r.address.as_str())
            .collect::<Vec<_>>(),
        ["https://www.instagram.com/smedjebackensbibliotek"]
    );

    // A channel typed in that the register lacks: no application to import first,
    // so the registrar is told to check the address instead; nothing stored.
    let mut unknown = n.clone();
    unknown.channels[0].address = "https://www.instagram.com/nagot-annat".into();
    let v = import(
        &db,
        &write(
            db.dir.path(),
            "okand.pdf",
            &pdf::notice::render(&sign(&unknown)).unwrap(),
        ),
    );
    assert_eq!(v.outcome, Outcome::NotInRegister, "{v:?}");
    let reason = v.reason.unwrap();
    assert_eq!(reason.code, "register.notice_channel_unknown");
    assert!(
        reason.message.contains("Kontrollera att adressen"),
        "{}",
        reason.message
    );
    assert!(
        !reason.message.contains("Importera först"),
        "{}",
        reason.message
    );
}

/// The application's refusals, said of a notice; nothing is stored.
#[test]
fn a_broken_notice_is_refused_and_leaves_nothing() {
    let db = TestDb::new();
    let app = application();
    import(
        &db,
        &write(db.dir.path(), "ansokan.pdf", &pdf::render(&app).unwrap()),
    );
    let events_before = register::events(&db.conn).unwrap().len();
    let archived_before = archive_count(&db);
    let notice = sign(&notice_for(&app));
    let bytes = pdf::notice::render(&notice).unwrap();

    let mut changed = notice.clone();
    changed.last_day = "2026-11-30".into();
    let broken_seal = pdf_edit::with_attachment(&bytes, serde_json::to_vec(&changed).unwrap());
    changed.seal = Some(seal::notice::compute(&changed));
    let other_pages = pdf_edit::with_attachment(&bytes, serde_json::to_vec(&changed).unwrap());
    let mut value = serde_json::to_value(&notice).unwrap();
    value["schema_version"] = 7.into();
    let newer = pdf_edit::with_attachment(&bytes, serde_json::to_vec(&value).unwrap());
    let mut paper = notice_for(&app);
    paper.approval.signature = Some(Signature::Paper);
    let paper = pdf::notice::render(&sign(&paper)).unwrap();
    let draft = pdf::notice::render(&kanalansokan_core::validate::notice::normalize(
        &notice_for(&app),
    ))
    .unwrap();
    let mut early = notice_for(&app);
    early.last_day = "2026-11-20".into(); // before the approval on 2026-11-27
    let early = pdf::notice::render(&sign(&early)).unwrap();

    for (name, bytes, code, says) in [
        (
            "sigill.pdf",
            broken_seal,
            "pdf.seal_mismatch",
            "anmälan har ändrats efter signering",
        ),
        (
            "sidor.pdf",
            other_pages,
            "pdf.pages_disagree",
            "inbäddade anmälan",
        ),
        (
            "nyare.pdf",
            newer,
            "pdf.unknown_schema",
            "Anmälan är gjord i en nyare version",
        ),
        (
            "papper.pdf",
            paper,
            "register.notice_paper_signed",
            "läs in skanningen",
        ),
        ("utkast.pdf", draft, "pdf.not_signed", "inte signerad"),
        (
            "tidig.pdf",
            early,
            "register.date.before_approval",
            "före godkännandet",
        ),
        (
            "trasig.pdf",
            bytes[..bytes.len() / 2].to_vec(),
            "pdf.damaged",
            "skadad",
        ),
    ] {
        let v = import(&db, &write(db.dir.path(), name, &bytes));
        assert_eq!(v.outcome, Outcome::Rejected, "{name}: {v:?}");
        let reason = v.reason.unwrap();
        assert_eq!(reason.code, code, "{name}: {reason:?}");
        assert!(reason.message.contains(says), "{name}: {}", reason.message);
    }
    assert_eq!(register::events(&db.conn).unwrap().len(), events_before);
    assert_eq!(archive_count(&db), archived_before);
    assert_eq!(notice_rows(&db), 0);
    assert!(
        register::channels_of(&db.conn, &app.id)
            .unwrap()
            .iter()
            .all(|r| r.status == ChannelStatus::Active)
    );
}

/// A folder with an application and its notice, in either order of names.
#[test]
fn a_folder_import_takes_notices_too() {
    let db = TestDb::new();
    let app = application();
    let folder = db.dir.path().join("inkommet");
    std::fs::create_dir(&folder).unwrap();
    write(&folder, "1-ansokan.pdf", &pdf::render(&app).unwrap());
    write(
        &folder,
        "2-avslut.pdf",
        &pdf::notice::render(&sign(&notice_for(&app))).unwrap(),
    );
    let report = register::import_batch(
        &db.conn,
        &db.archive(),
        &[folder],
        at("2026-12-06T08:00:00Z"),
        &mut |_| {},
        &std::sync::atomic::AtomicBool::new(false),
    );
    let outcomes: Vec<Outcome> = report.verdicts.iter().map(|v| v.outcome).collect();
    assert_eq!(outcomes, [Outcome::Imported, Outcome::ChannelClosed]);
    assert_eq!(report.summary(), "1 importerad, 1 anmälan om avslut.");
}

/// A notice signed digitally with `pades::sign_pdf` (the same PAdES signing as
/// `kanalansokan sign`), imported under the policy that refuses unsigned files:
/// verified, and named in the verdict; the unsigned one is refused.
#[test]
fn a_digitally_signed_notice_is_verified_against_the_registers_trust() {
    use kanalansokan_core::pades;
    let db = TestDb::new();
    let (app, TrustedManager { signer, ca, .. }) = the_application_and_a_trusted_manager(&db);
    register::set_unsigned_policy(
        &db.conn,
        register::UnsignedPolicy::Refuse,
        at("2026-12-06T07:00:00Z"),
    )
    .unwrap();
    let unsigned = pdf::notice::render(&sign(&notice_for(&app))).unwrap();
    let v = import(&db, &write(db.dir.path(), "osignerad.pdf", &unsigned));
    assert_eq!(v.outcome, Outcome::Rejected);
    let reason = v.reason.unwrap();
    assert_eq!(reason.code, "register.not_digitally_signed");
    assert!(
        reason
            .message
            .starts_with("Anmälan är inte elektroniskt signerad")
    );

    let signed = pades::sign_pdf(&unsigned, &signer, at("2026-12-06T07:30:00Z"), None).unwrap();
    assert!(pdf::notice::verify(&signed).is_ok());
    // `kanalansokan verify --trust` names the signer of a notice as of an application.
    let signed_file = write(db.dir.path(), "signerad.pdf", &signed);
    let ca_file = write(db.dir.path(), "ca.der", &ca);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = kanalansokan_core::cli::run(
        [
            "kanalansokan".as_ref(),
            "verify".as_ref(),
            signed_file.as_os_str(),
            "--trust".as_ref(),
            ca_file.as_os_str(),
        ],
        &mut out,
        &mut err,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(code, 0, "{out}{}", String::from_utf8_lossy(&err));
    assert!(out.contains("signerad anmälan om avslutad kanal"), "{out}");
    assert!(
        out.contains("Elektroniskt signerad av: Karin Ålund"),
        "{out}"
    );
    let v = import(&db, &write(db.dir.path(), "signerad.pdf", &signed));
    assert_eq!(v.outcome, Outcome::ChannelClosed, "{v:?}");
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Elektroniskt signerad av Karin Ålund (verifierad)")
    );
}

/// Issue 16, the window's digital path in the core: `approval::sign_notice_digitally`
/// renders the page saying "Elektroniskt signerad", signs it, and the import closes
/// the channel. A page that claims a digital signature the file lacks is refused,
/// as an application's is; the signature's widget lies over the signature box.
#[test]
fn a_notice_signed_digitally_says_so_on_its_page_and_is_held_to_it() {
    use kanalansokan_core::approval;
    if !tool_present("pdftotext", "poppler-utils") {
        return;
    }
    let db = TestDb::new();
    let (app, TrustedManager { signer, p12, .. }) = the_application_and_a_trusted_manager(&db);

    let draft = notice_for(&app);
    let signed =
        approval::sign_notice_digitally(&draft, &signer, at("2026-12-06T07:30:00Z")).unwrap();
    assert_eq!(signed.signature.signer_name, "Karin Ålund");
    assert_eq!(pdf::notice::verify(&signed.pdf).unwrap(), signed.notice);
    let text = pdftotext(&signed.pdf);
    assert!(
        text.contains("Elektroniskt signerad – den elektroniska signaturen finns i PDF-filen"),
        "{text}"
    );

    // The same page without the signature: it claims what the file lacks.
    let claiming = pdf::notice::render_with(&signed.notice, pdf::SignatureMark::Digital).unwrap();
    let v = import(&db, &write(db.dir.path(), "pastar.pdf", &claiming));
    assert_eq!(v.outcome, Outcome::Rejected, "{v:?}");
    assert_eq!(v.reason.unwrap().code, "pdf.pages_disagree");
    assert_eq!(archive_count(&db), 1);

    // A notice signed typed says "Inte elektroniskt signerad"; `kanalansokan sign`
    // lays it out again saying "Elektroniskt signerad" before signing it.
    let plain = pdf::notice::render(&sign(&draft)).unwrap();
    assert!(pdftotext(&plain).contains("Inte elektroniskt signerad"));
    let plain_file = write(db.dir.path(), "typad.pdf", &plain);
    let p12_file = write(db.dir.path(), "karin.p12", &p12);
    let cli_file = db.dir.path().join("cli-signerad.pdf");
    // Only this test in this binary sets it.
    unsafe { std::env::set_var("KANALANSOKAN_P12_PASSWORD", "lösen") };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = kanalansokan_core::cli::run(
        [
            "kanalansokan".as_ref(),
            "sign".as_ref(),
            plain_file.as_os_str(),
            "-o".as_ref(),
            cli_file.as_os_str(),
            "--p12".as_ref(),
            p12_file.as_os_str(),
        ],
        &mut out,
        &mut err,
    )
    .unwrap();
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let cli_signed = std::fs::read(&cli_file).unwrap();
    assert_eq!(
        pdf::notice::verify(&cli_signed).unwrap(),
        pdf::notice::verify(&plain).unwrap()
    );
    assert!(pdftotext(&cli_signed).contains("Elektroniskt signerad – den elektroniska"));

    let v = import(&db, &write(db.dir.path(), "signerad.pdf", &signed.pdf));
    assert_eq!(v.outcome, Outcome::ChannelClosed, "{v:?}");
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Elektroniskt signerad av Karin Ålund (verifierad)")
    );

    // A draft is refused before anything is signed, with the form's problems.
    let mut empty = draft.clone();
    empty.last_day.clear();
    let Err(approval::ApprovalError::Invalid(problems)) =
        approval::sign_notice_digitally(&empty, &signer, at("2026-12-06T07:30:00Z"))
    else {
        panic!("an incomplete notice was signed");
    };
    assert!(
        problems
            .iter()
            .any(|p| p.field.as_deref() == Some("last_day"))
    );
}
