//! Issue 14 at the registrar's import: digitally signed PDFs (PAdES) made the app's
//! way (`approval::sign_digitally`, or `pades` on a rendered sealed application)
//! imported into a real register (SQLite file and archive folder) that trusts a test
//! CA minted here. The good file is recorded with who signed, everywhere the
//! registrar looks; each file of the hostile corpus gets its own Swedish verdict and
//! leaves nothing behind: no row, no event, no file in the archive folder.
//!
//! `pades_sign.rs` checks the same corpus at the `pades` level; `register_trust.rs`
//! the policy for unsigned files (typed signature), the trust command and the log.

mod pades_support;
#[path = "common/pdf_edit.rs"]
mod pdf_edit;
mod register_support;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use kanalansokan_core::approval;
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::pades::{self, Pkcs12Signer};
use kanalansokan_core::register::{self, ExportFormat, ImportVerdict, Outcome, UnsignedPolicy};
use kanalansokan_core::storage::Store;
use kanalansokan_core::{pdf, seal};
use pades_support::tamper::{append_update, stream_offset};
use pades_support::{CertSpec, KeyKind, TestCa, TestCert, p12};
use register_support::{TestDb, at, now};

/// The manager's clock when signing; the import runs a day later ([`now`]).
fn signing_time() -> DateTime<Utc> {
    at("2026-11-28T09:15:42Z")
}

/// The shipped complete application with a typed signature by Karin Ålund.
fn application() -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    app
}

fn signer_of(cert: &TestCert, ca: Option<&TestCa>) -> Pkcs12Signer {
    let dir = tempfile::tempdir().unwrap();
    let path = p12(dir.path(), "chef", cert, ca, "hemligt");
    Pkcs12Signer::from_bytes(&std::fs::read(path).unwrap(), "hemligt").unwrap()
}

/// The app's way: the manager signs `app` with a .p12 (`approval::sign_digitally`
/// seals, renders and signs in one step); the file is the stored signed PDF.
fn sign_app(app: &Application, cert: &TestCert, ca: Option<&TestCa>) -> Vec<u8> {
    let store = Store::open_in_memory().unwrap();
    store.save_draft(app).unwrap();
    approval::sign_digitally(&store, app, &signer_of(cert, ca), signing_time())
        .unwrap()
        .pdf
}

/// The fixture signed the app's way by `cert`, with its CA in the signature.
fn signed_by_the_app(cert: &TestCert, ca: &TestCa) -> Vec<u8> {
    sign_app(&application(), cert, Some(ca))
}

/// A rendered sealed application signed with `cert` without the signing-time
/// validity check (`append_signature`): the app refuses to sign with an expired
/// certificate, so a file signed with one is made this way.
fn signed_anyway(app: &Application, cert: &TestCert) -> Vec<u8> {
    let sealed = seal::sign(app, signing_time()).unwrap();
    let unsigned = pdf::render_with(&sealed, pdf::SignatureMark::Digital).unwrap();
    let placement = pdf::signature_box(&sealed)
        .unwrap()
        .map(|b| pades::WidgetPlacement::over(&b));
    pades::update::append_signature(&unsigned, &signer_of(cert, None), signing_time(), placement)
        .unwrap()
}

/// A register that trusts `ca` (and has loaded `crl`, if any).
fn trusting(ca: &TestCa, crl: Option<&str>) -> TestDb {
    let db = TestDb::new();
    register::add_trusted_issuer(&db.conn, ca.cert_pem.as_bytes(), now()).unwrap();
    if let Some(crl) = crl {
        register::add_crl(&db.conn, crl.as_bytes(), now()).unwrap();
    }
    db
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(db: &TestDb, path: &Path) -> ImportVerdict {
    register::import_file(&db.conn, &db.archive(), path, now())
}

/// "Importera mapp…": a batch of one folder.
fn import_folder(db: &TestDb, folder: PathBuf) -> register::BatchReport {
    register::import_batch(
        &db.conn,
        &db.archive(),
        &[folder],
        now(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// What the register holds, read from the SQLite file on disk with a connection of
/// its own: rows of applications, channels, signatures, and events.
fn stored(db: &TestDb) -> [i64; 4] {
    let conn = rusqlite::Connection::open(db.db_path()).unwrap();
    [
        "register_applications",
        "register_channels",
        "register_signatures",
        "register_events",
    ]
    .map(|table| {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    })
}

/// Every file in the archive folder (temporaries included).
fn archive_files(db: &TestDb) -> Vec<String> {
    std::fs::read_dir(db.archive()).map_or_else(
        |_| Vec::new(),
        |entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        },
    )
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---- the good file ---------------------------------------------------------------

#[test]
fn a_signed_pdf_is_imported_and_who_signed_is_recorded_everywhere() {
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Karin Ålund", KeyKind::Rsa2048, 0x21));
    let signed = signed_by_the_app(&cert, &ca);
    let db = trusting(&ca, None);
    // Under the refusing policy too: a verified signature is what it asks for.
    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Refuse, now()).unwrap();
    let [_, _, _, events_before] = stored(&db);

    let v = import(&db, &write(db.dir.path(), "signerad.pdf", &signed));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(v.label, "Importerad");
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Elektroniskt signerad av Karin Ålund (verifierad)")
    );
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);

    // The register's detail data.
    let app = register::imported_application(&db.conn, v.app_id.as_deref().unwrap(), 1).unwrap();
    let s = app.digital_signature.as_ref().expect("recorded signature");
    assert_eq!(s.signer_name, "Karin Ålund");
    assert_eq!(s.serial, "21");
    assert_eq!(s.sha256, sha256_hex(&cert.cert_der));
    assert!(s.issuer_dn.contains("CN=Testkommun CA"), "{}", s.issuer_dn);
    assert!(s.subject_dn.contains("CN=Karin Ålund"), "{}", s.subject_dn);
    assert_eq!(s.signing_time, "2026-11-28T09:15:42Z");
    assert_eq!(
        (s.outcome.as_str(), s.outcome_label.as_str()),
        ("verifierad", "Verifierad")
    );
    assert_eq!(
        app.digital_signature_label,
        "Elektroniskt signerad av Karin Ålund (verifierad)"
    );

    // The event log: one import event carrying the check at receipt.
    let log = register::events(&db.conn).unwrap();
    assert_eq!(log.len() as i64, events_before + 1);
    let last = log.last().unwrap();
    assert_eq!(last.kind, register::EventKind::Import);
    let detail = &last.detail["digital_signature"];
    assert_eq!(detail["signer_name"], "Karin Ålund");
    assert_eq!(detail["serial"], "21");
    assert_eq!(detail["sha256"], sha256_hex(&cert.cert_der).as_str());
    assert_eq!(detail["signing_time"], "2026-11-28T09:15:42Z");
    assert_eq!(detail["outcome"], "verifierad");
    assert!(
        detail["issuer_dn"]
            .as_str()
            .unwrap()
            .contains("Testkommun CA")
    );

    // The JSON export.
    let snap = register::snapshot(&db.conn).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&register::export::render(&snap, ExportFormat::Json, now()))
            .unwrap();
    let text = json.to_string();
    for want in [
        "\"signer_name\":\"Karin Ålund\"",
        "\"serial\":\"21\"",
        &format!("\"sha256\":\"{}\"", sha256_hex(&cert.cert_der)),
        "\"signing_time\":\"2026-11-28T09:15:42Z\"",
        "\"outcome\":\"verifierad\"",
    ] {
        assert!(text.contains(want), "{want} not in the JSON export: {text}");
    }

    // The CSV: "Elektroniskt signerad" ja and the signer, on every channel row.
    let csv = String::from_utf8(register::export::render(&snap, ExportFormat::Csv, now())).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].ends_with(";Elektroniskt signerad;Signerad av"),
        "{}",
        lines[0]
    );
    assert!(lines.len() > 1);
    for line in &lines[1..] {
        assert!(line.ends_with(";ja;Karin Ålund"), "{line}");
    }

    // The original archived byte for byte, and nothing else in the folder.
    assert_eq!(
        archive_files(&db),
        vec![format!("{}.pdf", sha256_hex(&signed))]
    );
    let kept = std::fs::read(register::archive_path(&db.archive(), &sha256_hex(&signed))).unwrap();
    assert!(kept == signed, "the archived file is the signed original");
}

/// Imports the fixture signed the app's way by `name` (a certificate of a CA the
/// register trusts, with `crl` loaded); the verdict must be "Importerad".
fn import_signed_by_with(name: &str, ca: TestCa, crl: Option<&str>) -> (TestDb, ImportVerdict) {
    let cert = ca.issue(&CertSpec::manager(name, KeyKind::EcdsaP256, 0x22));
    let db = trusting(&ca, crl);
    let signed = sign_app(&application(), &cert, None);
    let v = import(&db, &write(db.dir.path(), "a.pdf", &signed));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    (db, v)
}

fn import_signed_by(name: &str, crl: Option<&str>) -> (TestDb, ImportVerdict) {
    import_signed_by_with(name, TestCa::new("Testkommun CA"), crl)
}

#[test]
fn a_certificate_name_other_than_namnfortydligande_imports_with_a_warning() {
    let (db, v) = import_signed_by("Kalle Annan", None);
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Elektroniskt signerad av Kalle Annan (verifierad)")
    );
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    assert_eq!(v.warnings[0].code, "signature.name_mismatch");
    assert_eq!(
        v.warnings[0].message,
        "Certifikatet tillhör Kalle Annan, men namnförtydligandet är Karin Ålund. \
         Kontrollera att det är rätt chef som har godkänt."
    );
    // The warning is kept with the signature, for the detail view and the log.
    let app = register::imported_application(&db.conn, v.app_id.as_deref().unwrap(), 1).unwrap();
    assert_eq!(
        app.digital_signature.unwrap().warnings[0].code,
        "signature.name_mismatch"
    );
    let log = register::events(&db.conn).unwrap();
    assert_eq!(
        log.last().unwrap().detail["digital_signature"]["warnings"][0]["code"],
        "signature.name_mismatch"
    );
}

#[test]
fn a_crl_past_its_next_update_imports_with_a_warning_that_it_is_out_of_date() {
    let ca = TestCa::new("Testkommun CA");
    let stale = ca.crl(&[0x77], (2026, 1, 1), (2026, 2, 1));
    let (_, v) = import_signed_by_with("Karin Ålund", ca, Some(&stale));
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    assert_eq!(v.warnings[0].code, "signature.crl_out_of_date");
    assert!(
        v.warnings[0].message.starts_with("Spärrlistan från ")
            && v.warnings[0]
                .message
                .ends_with("är inaktuell (nästa uppdatering skulle ha kommit 2026-02-01T00:00:00Z). Läs in en ny spärrlista."),
        "{}",
        v.warnings[0].message
    );
}

// ---- the hostile corpus ------------------------------------------------------------

/// The bytes of object `id` ("N 0 obj … endobj") as the file has them.
fn object_bytes(pdf: &[u8], id: u32) -> Vec<u8> {
    let head = format!("\n{id} 0 obj");
    let start = pdf
        .windows(head.len())
        .position(|w| w == head.as_bytes())
        .expect("object")
        + 1;
    let end = start
        + pdf[start..]
            .windows(6)
            .position(|w| w == b"endobj")
            .expect("endobj")
        + 6;
    pdf[start..end].to_vec()
}

/// The forgery the digital signature exists for: a signed file with an update that
/// swaps in another manager, page and embedded JSON both, with a recomputed seal,
/// so that the seal and the page check hold and only the signature can tell.
fn forged_update(signed: &[u8], forger: &TestCert) -> Vec<u8> {
    let mut forged = application();
    forged.approval.name = "Sven Falsk".into();
    forged.approval.signature = Some(Signature::Typed {
        text: "Sven Falsk".into(),
    });
    // Made with the app (and the forger's own key), so its page and JSON are what a
    // digitally signed file's are; only objects of its first revision are taken.
    let forged_pdf = sign_app(&forged, forger, None);
    assert!(
        pdf::verify(&forged_pdf).is_ok(),
        "the forgery alone is intact"
    );
    let ours = lopdf::Document::load_mem(signed).unwrap();
    let theirs = lopdf::Document::load_mem(&forged_pdf).unwrap();
    let mut objects = Vec::new();
    let attachment = pdf_edit::attachment_id(&ours).0;
    assert_eq!(attachment, pdf_edit::attachment_id(&theirs).0);
    objects.push((attachment, object_bytes(&forged_pdf, attachment)));
    for (page, their_page) in ours.get_pages().values().zip(theirs.get_pages().values()) {
        let contents = |doc: &lopdf::Document, page| {
            doc.get_dictionary(page)
                .unwrap()
                .get(b"Contents")
                .unwrap()
                .as_reference()
                .unwrap()
                .0
        };
        let id = contents(&ours, *page);
        assert_eq!(id, contents(&theirs, *their_page), "same object layout");
        objects.push((id, object_bytes(&forged_pdf, id)));
    }
    let out = append_update(signed, &objects);
    let shown = pdf::verify(&out).expect("seal and pages hold for the forged update");
    assert_eq!(shown.approval.name, "Sven Falsk");
    out
}

/// The signed file without its signature: the signature field replaced by a plain
/// widget in an update, and the AcroForm's field list emptied.
fn signature_removed(signed: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(signed).unwrap();
    let field = doc
        .objects
        .iter()
        .find(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"FT").and_then(|f| f.as_name()).ok() == Some(b"Sig".as_slice())
            })
        })
        .map(|(id, _)| id.0)
        .expect("signature field");
    append_update(
        signed,
        &[(
            field,
            format!("{field} 0 obj\n<</Type/Annot/Subtype/Widget/Rect[0 0 0 0]/F 4>>\nendobj")
                .into_bytes(),
        )],
    )
}

/// A byte of the CMS signature value changed (its last bytes before the padding).
fn signature_byte_changed(signed: &[u8]) -> Vec<u8> {
    let start = signed
        .windows(10)
        .rposition(|w| w == b"/Contents<")
        .unwrap()
        + 10;
    let end = start + signed[start..].iter().position(|&b| b == b'>').unwrap();
    let zeros = signed[start..end]
        .iter()
        .rev()
        .take_while(|&&b| b == b'0')
        .count();
    let at = end - zeros - 6;
    let mut bad = signed.to_vec();
    bad[at] = if bad[at] == b'1' { b'2' } else { b'1' };
    bad
}

/// The ByteRange's gap widened by 20 bytes before `/Contents` (same width, so every
/// offset holds): those bytes are no longer signed.
fn byte_range_uncovered(signed: &[u8]) -> Vec<u8> {
    let br = signed
        .windows(11)
        .rposition(|w| w == b"/ByteRange[")
        .unwrap()
        + 11;
    let end = br + signed[br..].iter().position(|&b| b == b']').unwrap();
    let numbers: Vec<usize> = std::str::from_utf8(&signed[br..end])
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let widened = format!("0 {} {} {}", numbers[1] - 20, numbers[2], numbers[3]);
    let widened = format!("{widened:<width$}", width = end - br);
    let mut bad = signed.to_vec();
    bad[br..end].copy_from_slice(widened.as_bytes());
    bad
}

/// An update appended after signing that replaces the signature dictionary with
/// one whose `/ByteRange` leaves out the old signature's `/Contents` (a valid hex
/// string, and the file's last `/ByteRange`, so the import parses the file with
/// that string masked) but whose own `/Contents` is elsewhere.
fn contents_elsewhere(signed: &[u8]) -> Vec<u8> {
    let doc = lopdf::Document::load_mem(signed).unwrap();
    let acroform = doc
        .catalog()
        .unwrap()
        .get(b"AcroForm")
        .unwrap()
        .as_dict()
        .unwrap();
    let field = acroform.get(b"Fields").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let sig = doc
        .get_dictionary(field)
        .unwrap()
        .get(b"V")
        .unwrap()
        .as_reference()
        .unwrap()
        .0;
    let b = signed
        .windows(10)
        .rposition(|w| w == b"/Contents<")
        .unwrap()
        + 9;
    let c = b + signed[b..].iter().position(|&x| x == b'>').unwrap() + 1;
    // `d` has a fixed width, so the file's length does not depend on it.
    let object = |d: usize| {
        format!(
            "{sig} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached\
             /M(D:20261128091542+00'00')/ByteRange[0 {b} {c} {d:>10}]/Contents(x)>>\nendobj"
        )
        .into_bytes()
    };
    let d = append_update(signed, &[(sig, object(0))]).len() - c;
    append_update(signed, &[(sig, object(d))])
}

fn byte_flipped(pdf: &[u8], at: usize) -> Vec<u8> {
    let mut bad = pdf.to_vec();
    bad[at] ^= 0x01;
    bad
}

const INVALID: &str = "Den elektroniska signaturen är ogiltig: filen eller signaturen har ändrats.";
const CHANGED: &str = "Filen har ändrats efter signering.";

#[test]
fn each_hostile_signed_file_gets_its_own_verdict_and_leaves_nothing_behind() {
    let ca = TestCa::new("Testkommun CA");
    let karin = ca.issue(&CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x31));
    let signed = signed_by_the_app(&karin, &ca);
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let json = pdf_edit::attachment_id(&doc).0;
    let page = *doc.get_pages().values().next().unwrap();
    let page_contents = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap()
        .0;

    // A second signature, by a key of a CA the register does not trust.
    let other = TestCa::new("Annan CA");
    let mallory = other.issue(&CertSpec::manager("Mallory", KeyKind::EcdsaP256, 0x66));
    let twice = pades::sign_pdf(&signed, &signer_of(&mallory, None), signing_time(), None).unwrap();

    let with = |spec: CertSpec<'_>, ca: &TestCa| sign_app(&application(), &ca.issue(&spec), None);
    let mut expired = CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x32);
    (expired.not_before, expired.not_after) = ((2021, 1, 1), (2022, 1, 1));
    let mut no_signing = CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x33);
    no_signing.key_usages = vec![rcgen::KeyUsagePurpose::KeyEncipherment];
    let revoked = CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x34);

    let corpus: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "json-byte.pdf",
            byte_flipped(&signed, stream_offset(&signed, json) + 5),
            "signature.invalid",
            INVALID,
        ),
        (
            "page-byte.pdf",
            byte_flipped(&signed, stream_offset(&signed, page_contents) + 5),
            "signature.invalid",
            INVALID,
        ),
        (
            "signature-byte.pdf",
            signature_byte_changed(&signed),
            "signature.invalid",
            INVALID,
        ),
        (
            "forged-name-update.pdf",
            forged_update(&signed, &mallory),
            "signature.changed_after_signing",
            CHANGED,
        ),
        (
            "signature-removed.pdf",
            signature_removed(&signed),
            "signature.changed_after_signing",
            CHANGED,
        ),
        (
            "second-signature.pdf",
            twice,
            "signature.changed_after_signing",
            CHANGED,
        ),
        (
            "byterange-gap.pdf",
            byte_range_uncovered(&signed),
            "signature.incomplete_coverage",
            "Signaturen täcker inte hela filen, så delar av den kan ha ändrats.",
        ),
        (
            "contents-elsewhere.pdf",
            contents_elsewhere(&signed),
            "signature.incomplete_coverage",
            "Signaturen täcker inte hela filen, så delar av den kan ha ändrats.",
        ),
        (
            "untrusted-ca.pdf",
            sign_app(&application(), &mallory, Some(&other)),
            "signature.untrusted",
            "Signaturen är gjord med ett certifikat från en utfärdare som inte finns bland \
             betrodda utfärdare.",
        ),
        (
            "expired.pdf",
            signed_anyway(&application(), &ca.issue(&expired)),
            "signature.expired",
            "Certifikatet som signaturen gjordes med hade gått ut när filen signerades.",
        ),
        (
            "revoked.pdf",
            with(revoked, &ca),
            "signature.revoked",
            "Certifikatet som signaturen gjordes med är spärrat.",
        ),
        (
            "key-usage.pdf",
            with(no_signing, &ca),
            "signature.key_usage",
            "Certifikatet som signaturen gjordes med får inte användas för att signera.",
        ),
    ];

    let crl = ca.crl(&[0x34], (2026, 11, 1), (2027, 1, 1));
    let db = trusting(&ca, Some(&crl));
    let before = stored(&db);
    assert_eq!(before, [0, 0, 0, 2], "the trust changes are logged");

    // One at a time, as "Importera fil…" does.
    for (name, bytes, code, message) in &corpus {
        let v = import(&db, &write(db.dir.path(), name, bytes));
        assert_eq!(v.outcome, Outcome::Rejected, "{name}: {v:?}");
        assert_eq!(v.label, "Avvisad", "{name}");
        let reason = v.reason.as_ref().unwrap();
        assert_eq!(reason.code, *code, "{name}: {}", reason.message);
        assert_eq!(v.message, *message, "{name}");
        assert_eq!(v.digital_signature, None, "{name}");
        assert_eq!(stored(&db), before, "{name} stored something");
        assert!(
            archive_files(&db).is_empty(),
            "{name}: {:?}",
            archive_files(&db)
        );
    }

    // And as one folder, as "Importera mapp…" does: the same verdicts.
    let folder = db.dir.path().join("inkorg");
    std::fs::create_dir(&folder).unwrap();
    for (name, bytes, _, _) in &corpus {
        write(&folder, name, bytes);
    }
    let report = import_folder(&db, folder);
    assert_eq!(report.verdicts.len(), corpus.len());
    for v in &report.verdicts {
        let name = Path::new(&v.file).file_name().unwrap().to_str().unwrap();
        let (_, _, code, _) = corpus.iter().find(|(n, ..)| *n == name).unwrap();
        assert_eq!(v.reason.as_ref().unwrap().code, *code, "{name} in a batch");
    }
    assert_eq!(report.summary(), format!("{} avvisade.", corpus.len()));
    assert_eq!(stored(&db), before);
    assert!(archive_files(&db).is_empty());

    // The untouched file is imported into the same register afterwards.
    let v = import(&db, &write(db.dir.path(), "signerad.pdf", &signed));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    let channels = application().channels.len() as i64;
    assert_eq!(stored(&db), [1, channels, 1, 3]);
    assert_eq!(archive_files(&db).len(), 1);
}

// ---- a batch: durable per chunk, one refused file rolls back only itself ---------

/// SHA-256s of the imported applications, read from the SQLite file with a
/// connection of its own: only what is committed.
fn committed_shas(db: &TestDb) -> Vec<String> {
    let conn = rusqlite::Connection::open(db.db_path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT pdf_sha256 FROM register_applications ORDER BY pdf_sha256")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_batch_with_refused_files_among_good_ones_keeps_exactly_the_good_ones() {
    let ca = TestCa::new("Testkommun CA");
    let karin = ca.issue(&CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x41));
    // Four different applications (their own id), each signed the app's way.
    let good: Vec<Vec<u8>> = (1..=4)
        .map(|n| {
            let mut app = application();
            app.id = format!("5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a0{n}");
            sign_app(&app, &karin, Some(&ca))
        })
        .collect();
    // Refused ones between them: a changed signature, an update appended after
    // signing that changes the visible name, a file cut short in transfer.
    let other = TestCa::new("Annan CA");
    let mallory = other.issue(&CertSpec::manager("Mallory", KeyKind::EcdsaP256, 0x67));
    let cut = good[0][..good[0].len() - 10].to_vec();
    let folder_files: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("a-god.pdf", good[0].clone(), None),
        (
            "b-signatur-andrad.pdf",
            signature_byte_changed(&good[1]),
            Some("signature.invalid"),
        ),
        ("c-god.pdf", good[1].clone(), None),
        (
            "d-tillagd.pdf",
            forged_update(&good[2], &mallory),
            Some("signature.changed_after_signing"),
        ),
        ("e-god.pdf", good[2].clone(), None),
        ("f-avkortad.pdf", cut, Some("pdf.incomplete")),
        ("g-god.pdf", good[3].clone(), None),
    ];
    let db = trusting(&ca, None);
    let folder = db.dir.path().join("inkorg");
    std::fs::create_dir(&folder).unwrap();
    for (name, bytes, _) in &folder_files {
        write(&folder, name, bytes);
    }

    // Each verdict is reported once it is on disk: an "Importerad" file is
    // already in the SQLite file as another connection reads it.
    let mut reported = Vec::new();
    let report = register::import_batch(
        &db.conn,
        &db.archive(),
        std::slice::from_ref(&folder),
        now(),
        &mut |p| {
            if p.verdict.outcome == Outcome::Imported {
                let sha = p.verdict.pdf_sha256.clone().unwrap();
                assert!(
                    committed_shas(&db).contains(&sha),
                    "{} reported before it was committed",
                    p.verdict.file
                );
                assert!(register::archive_path(&db.archive(), &sha).is_file());
            }
            reported.push((p.done, p.verdict.file.clone()));
        },
        &AtomicBool::new(false),
    );

    let names = |v: &ImportVerdict| {
        Path::new(&v.file)
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(report.verdicts.len(), folder_files.len());
    for ((name, _, refused), v) in folder_files.iter().zip(&report.verdicts) {
        assert_eq!(names(v), *name, "verdicts in the folder's order");
        match refused {
            None => assert_eq!(v.outcome, Outcome::Imported, "{name}: {v:?}"),
            Some(code) => {
                assert_eq!(v.outcome, Outcome::Rejected, "{name}: {v:?}");
                assert_eq!(v.reason.as_ref().unwrap().code, *code, "{name}");
            }
        }
    }
    assert_eq!(report.summary(), "4 importerade, 3 avvisade.");
    assert_eq!(
        reported,
        report
            .verdicts
            .iter()
            .enumerate()
            .map(|(i, v)| (i + 1, v.file.clone()))
            .collect::<Vec<_>>(),
        "progress once per file, in order"
    );

    // Exactly the good ones, in the database and in the archive folder.
    let mut want: Vec<String> = good.iter().map(|b| sha256_hex(b)).collect();
    want.sort();
    assert_eq!(committed_shas(&db), want);
    let channels = application().channels.len() as i64;
    assert_eq!(stored(&db), [4, 4 * channels, 4, 1 + 4]);
    let mut files = archive_files(&db);
    files.sort();
    assert_eq!(
        files,
        want.iter()
            .map(|sha| format!("{sha}.pdf"))
            .collect::<Vec<_>>(),
        "no file of a refused PDF and no temporary"
    );
    let check = register::check_archive(&db.conn, &db.archive()).unwrap();
    assert!(
        check.missing.is_empty() && check.orphans.is_empty(),
        "{check:?}"
    );

    // The same folder again: every good file is already there, nothing changes.
    let again = import_folder(&db, folder);
    assert_eq!(again.summary(), "4 redan importerade, 3 avvisade.");
    assert_eq!(stored(&db), [4, 4 * channels, 4, 1 + 4]);
}

// ---- the policy for files without a digital signature (a drawn signature) ----------

#[test]
fn a_drawn_signature_is_refused_by_the_refusing_policy_and_marked_by_the_accepting_one() {
    let drawn: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/signed-application.json"
    ))
    .unwrap();
    assert!(matches!(
        drawn.approval.signature,
        Some(Signature::Drawn { .. })
    ));
    let pdf = pdf::render(&drawn).unwrap();
    let ca = TestCa::new("Testkommun CA");
    let db = trusting(&ca, None);
    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Refuse, now()).unwrap();
    let before = stored(&db);
    let path = write(db.dir.path(), "ritad.pdf", &pdf);

    let v = import(&db, &path);
    assert_eq!(v.outcome, Outcome::Rejected, "{v:?}");
    assert_eq!(
        v.reason.as_ref().unwrap().code,
        "register.not_digitally_signed"
    );
    assert_eq!(
        v.message,
        "Ansökan är inte elektroniskt signerad, och registret tar bara emot elektroniskt \
         signerade ansökningar. Be chefen signera PDF-filen med e-legitimation eller \
         certifikatfil, eller ändra regeln under Betrodda utfärdare."
    );
    assert_eq!(stored(&db), before);
    assert!(archive_files(&db).is_empty());

    register::set_unsigned_policy(&db.conn, UnsignedPolicy::Accept, now()).unwrap();
    let v = import(&db, &path);
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Inte elektroniskt signerad")
    );
    let app = register::imported_application(&db.conn, &drawn.id, drawn.version).unwrap();
    assert_eq!(app.signature_kind, "drawn");
    assert_eq!(app.digital_signature, None);
    assert_eq!(app.digital_signature_label, "Inte elektroniskt signerad");
    assert_eq!(stored(&db)[2], 0, "no signature row");
}

// ---- the fuzz seed ----------------------------------------------------------------

/// Writes the digitally signed seed of the import fuzz target and the CA its
/// register trusts (`fuzz/trust/ca.pem`), so the fuzzer starts from a file that
/// passes every check and mutates the signature-parsing paths. Run by hand:
/// `cargo test --workspace --test register_import_signed -- --ignored seed_fuzz_corpus`.
#[test]
#[ignore]
fn seed_fuzz_corpus() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x21));
    let signed = signed_by_the_app(&cert, &ca);
    std::fs::create_dir_all(fuzz.join("trust")).unwrap();
    std::fs::write(fuzz.join("trust/ca.pem"), &ca.cert_pem).unwrap();
    std::fs::write(fuzz.join("corpus/import/signed-pades.pdf"), &signed).unwrap();
    // As the fuzz target sees it: a register trusting the CA, at the target's time.
    let fuzz_now = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
    let db = TestDb::new();
    register::add_trusted_issuer(&db.conn, ca.cert_pem.as_bytes(), fuzz_now).unwrap();
    let v = register::import_bytes(&db.conn, &db.archive(), "fuzz.pdf", &signed, fuzz_now);
    assert_eq!(
        v.digital_signature.as_deref(),
        Some("Elektroniskt signerad av Karin Ålund (verifierad)"),
        "{v:?}"
    );
}

#[test]
fn a_signing_time_after_the_import_imports_with_a_warning() {
    let ca = TestCa::new("Testkommun CA");
    let cert = ca.issue(&CertSpec::manager("Karin Ålund", KeyKind::EcdsaP256, 0x24));
    // The manager's computer says 2029 (the certificate is valid until 2030).
    let store = Store::open_in_memory().unwrap();
    let app = application();
    store.save_draft(&app).unwrap();
    let future = at("2029-06-01T10:00:00Z");
    let pdf = approval::sign_digitally(&store, &app, &signer_of(&cert, None), future)
        .unwrap()
        .pdf;
    let db = trusting(&ca, None);
    let v = import(&db, &write(db.dir.path(), "a.pdf", &pdf));
    assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    assert_eq!(v.warnings[0].code, "signature.time_in_future");
    assert_eq!(
        v.warnings[0].message,
        "Filen säger att den signerades 2029-06-01 10:00 UTC, alltså efter importen. Klockan \
         i datorn som signerade gick fel, eller ställdes om. Certifikatet har bara \
         kontrollerats för den tiden: fråga chefen när ansökan signerades."
    );
}
