//! The closure notice's PDF ("Anmälan om avslutad kanal"), read back with tools
//! nobody here wrote: lopdf (the attachment), poppler's `pdftotext` (every label
//! and value), `qpdf --check` and `pdftoppm` (pages as images in
//! `tests/out/notice/` to look at); the PDF/A lint is in `pdf_pdfa_lint.rs`. Same input, same bytes; a
//! changed attachment or page is caught by `verify`.
//!
//! The tools follow `pdf_roundtrip.rs`: skipped with a message when absent,
//! unless `KANALANSOKAN_REQUIRE_PDF_TOOLS=1`.

#[path = "common/pdf_edit.rs"]
mod pdf_edit;
#[path = "common/pdf_read.rs"]
#[allow(dead_code)] // pdftotext: this file reads the page with -raw
mod pdf_read;

use std::process::Command;

use kanalansokan_core::model::Signature;
use kanalansokan_core::model::notice::ClosureNotice;
use kanalansokan_core::pdf::{self, VerifyError};
use kanalansokan_core::seal;
use pdf_read::{embedded_json_with_lopdf, tool_present};

fn draft() -> ClosureNotice {
    serde_json::from_str(include_str!("../../../tests/fixtures/valid-notice.json")).unwrap()
}

fn signed(notice: &ClosureNotice) -> ClosureNotice {
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
        .unwrap()
        .to_utc();
    seal::notice::sign(notice, now).unwrap()
}

/// The attachment read with lopdf alone, checked as the application's is.
fn attachment_with_lopdf(bytes: &[u8]) -> ClosureNotice {
    serde_json::from_slice(&embedded_json_with_lopdf(bytes, "kanalansokan-avslut.json")).unwrap()
}

#[test]
fn a_signed_notice_round_trips_and_renders_the_same_bytes() {
    let notice = signed(&draft());
    let bytes = pdf::notice::render(&notice).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    assert_eq!(pdf::notice::render(&notice).unwrap(), bytes);
    assert_eq!(attachment_with_lopdf(&bytes), notice);
    assert_eq!(pdf::notice::verify(&bytes).unwrap(), notice);
    assert_eq!(pdf::notice::extract(&bytes).unwrap(), notice);
    // Title and PDF/A identification as a records system reads them.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let info = doc
        .trailer
        .get_deref(b"Info", &doc)
        .unwrap()
        .as_dict()
        .unwrap();
    let title = info.get(b"Title").unwrap().as_str().unwrap();
    let title: Vec<u16> = title[2..]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    assert!(
        String::from_utf16(&title)
            .unwrap()
            .starts_with("Anmälan om avslutad kanal – Kultur- och fritidsförvaltningen")
    );
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("<pdfaid:part>3</pdfaid:part>"));
}

#[test]
fn pdftotext_finds_every_label_and_value() {
    if !tool_present("pdftotext", "poppler-utils") {
        return;
    }
    let notice = signed(&draft());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("avslut.pdf");
    std::fs::write(&path, pdf::notice::render(&notice).unwrap()).unwrap();
    let out = Command::new("pdftotext")
        // Content-stream order: a cell's wrapped lines stay together.
        .args(["-raw".as_ref(), path.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    let body = squeeze(&text);
    for want in [
        "SMEDJEBACKEN",
        "Anmälan om avslutad kanal",
        "Förvaltning/enhetens namn",
        "Kanal eller kanaler som avslutas",
        "Sista dag",
        "Anledning",
        "Anmäld av",
        "Godkännande av närmaste chef:",
        "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
        "https://www.facebook.com/smedjebackensbibliotek",
        "Mastodon",
        "Ingen i Kanalansökan",
        "2026-12-04",
        "Biblioteket samlar sin information på kommunens webbplats och i Instagram.",
        "Åsa Öberg",
        "0240-66 00 00",
        "asa.oberg@smedjebacken.se",
        "Karin Ålund",
        "Sida 1 av 1",
    ] {
        assert!(
            body.contains(&squeeze(want)),
            "{want:?} missing in:\n{text}"
        );
    }
    assert!(!text.contains("UTKAST"), "a signed notice is no draft");
}

#[test]
fn qpdf_finds_the_structure_sound() {
    if !tool_present("qpdf", "qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut drawn = draft();
    drawn.approval.signature = Some(Signature::Drawn {
        width: 300,
        height: 100,
        strokes: vec![vec![
            kanalansokan_core::model::Point { x: 10, y: 50, t: 0 },
            kanalansokan_core::model::Point {
                x: 150,
                y: 20,
                t: 40,
            },
            kanalansokan_core::model::Point {
                x: 290,
                y: 80,
                t: 90,
            },
        ]],
    });
    let unsigned = kanalansokan_core::validate::notice::normalize(&draft());
    for (i, notice) in [signed(&draft()), signed(&drawn), unsigned]
        .iter()
        .enumerate()
    {
        let path = dir.path().join(format!("{i}.pdf"));
        std::fs::write(&path, pdf::notice::render(notice).unwrap()).unwrap();
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Page images to look at: `tests/out/notice/avslut-1.png` (80 dpi).
#[test]
fn pdftoppm_draws_the_page() {
    if !tool_present("pdftoppm", "poppler-utils") {
        return;
    }
    let out_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/out/notice");
    std::fs::create_dir_all(&out_dir).unwrap();
    let pdf_path = out_dir.join("avslut.pdf");
    std::fs::write(&pdf_path, pdf::notice::render(&signed(&draft())).unwrap()).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "80", "-png"])
        .arg(&pdf_path)
        .arg(out_dir.join("avslut"))
        .status()
        .unwrap();
    assert!(status.success());
    assert!(out_dir.join("avslut-1.png").exists());
}

#[test]
fn a_changed_attachment_is_caught() {
    let notice = signed(&draft());
    let bytes = pdf::notice::render(&notice).unwrap();
    // The last day moved, seal kept: the seal no longer matches.
    let mut moved = notice.clone();
    moved.last_day = "2026-11-30".into();
    let tampered = pdf_edit::with_attachment(&bytes, serde_json::to_vec(&moved).unwrap());
    assert!(matches!(
        pdf::notice::verify(&tampered),
        Err(VerifyError::SealMismatch)
    ));
    // Resealed by someone who knows the format: the page still shows the old day.
    moved.seal = Some(seal::notice::compute(&moved));
    let resealed = pdf_edit::with_attachment(&bytes, serde_json::to_vec(&moved).unwrap());
    assert!(matches!(
        pdf::notice::verify(&resealed),
        Err(VerifyError::PagesDisagree(_))
    ));
    // A newer format says "update", not "invalid".
    let mut value = serde_json::to_value(&notice).unwrap();
    value["schema_version"] = 2.into();
    let newer = pdf_edit::with_attachment(&bytes, serde_json::to_vec(&value).unwrap());
    assert!(matches!(
        pdf::notice::verify(&newer),
        Err(VerifyError::UnknownSchemaVersion(2))
    ));
    // A draft is not signed.
    let draft_pdf =
        pdf::notice::render(&kanalansokan_core::validate::notice::normalize(&draft())).unwrap();
    assert!(matches!(
        pdf::notice::verify(&draft_pdf),
        Err(VerifyError::NotSigned)
    ));
}

#[test]
fn the_cli_makes_and_verifies_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("avslut.json");
    let out_pdf = dir.path().join("avslut.pdf");
    std::fs::write(
        &json,
        include_str!("../../../tests/fixtures/valid-notice.json"),
    )
    .unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let mut all = vec![std::ffi::OsStr::new("kanalansokan")];
        all.extend_from_slice(args);
        let code = kanalansokan_core::cli::run(all, &mut o, &mut e).unwrap();
        (
            code,
            String::from_utf8(o).unwrap(),
            String::from_utf8(e).unwrap(),
        )
    };
    let (code, out, err) = run(&["notice".as_ref(), "validate".as_ref(), json.as_os_str()]);
    assert_eq!(
        (code, out.trim(), err.as_str()),
        (0, "Anmälan uppfyller alla regler.", "")
    );
    let (code, out, err) = run(&[
        "notice".as_ref(),
        "pdf".as_ref(),
        json.as_os_str(),
        "-o".as_ref(),
        out_pdf.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("anmälan om avslutad kanal, signerad"), "{out}");
    let (code, out, err) = run(&["verify".as_ref(), out_pdf.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Intakt: signerad anmälan om avslutad kanal"),
        "{out}"
    );
    assert!(out.contains("Sista dag: 2026-12-04"), "{out}");
    // A notice with a problem: exit 1 and the field named.
    let mut bad = draft();
    bad.reason.clear();
    std::fs::write(&json, serde_json::to_vec(&bad).unwrap()).unwrap();
    let (code, out, _) = run(&["notice".as_ref(), "validate".as_ref(), json.as_os_str()]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("reason: Beskriv varför kanalen avslutas"),
        "{out}"
    );
    // An altered notice PDF: verify says so about the notice.
    let bytes = std::fs::read(&out_pdf).unwrap();
    let mut notice = pdf::notice::extract(&bytes).unwrap();
    notice.reason.push('!');
    std::fs::write(
        &out_pdf,
        pdf_edit::with_attachment(&bytes, serde_json::to_vec(&notice).unwrap()),
    )
    .unwrap();
    let (code, _, err) = run(&["verify".as_ref(), out_pdf.as_os_str()]);
    assert_eq!(code, 1);
    assert!(err.contains("anmälan har ändrats efter signering"), "{err}");
}
