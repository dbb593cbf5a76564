//! The printed page's QR codes (issue 18), read back by tools nobody here wrote:
//! the PDF rasterised by poppler's `pdftoppm` at 300 and 150 dpi (an office
//! scanner's range), the codes decoded by `zbarimg` (Debian `zbar-tools`), and
//! the bytes given to `qr::decode`: the same application comes back. The same
//! for the closure notice's page (issue 16).
//!
//! Writes the pages at 80 dpi to `tests/out/qr/` (not committed) for looking at;
//! `tests/screenshots/paper-signed-page-2.png` in the README is a copy of one.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use kanalansokan_core::model::notice::ClosureNotice;
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::{pdf, qr, seal};

const PAGE_HEIGHT: f64 = 841.89;
const MM: f64 = 72.0 / 25.4;

fn paper_signed() -> Application {
    let mut app = common::fixture();
    app.approval.signature = Some(Signature::Paper);
    common::sealed(app)
}

/// Paper-signed with texts that deflate badly, so the data needs two codes.
fn paper_signed_long() -> Application {
    let mut app = paper_signed();
    let words = [
        "bibliotek",
        "öppettider",
        "sagostund",
        "läsecirkel",
        "utställning",
        "lovaktivitet",
        "e-böcker",
        "språkcafé",
        "författarbesök",
        "filmvisning",
        "skrivarverkstad",
        "poddar",
    ];
    let mut x: u32 = 7;
    let mut text = |n: usize| {
        (0..n)
            .map(|i| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                format!(
                    "{} {}",
                    words[(x >> 16) as usize % words.len()],
                    i * 37 % 101
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    app.purpose = text(120);
    app.audience = text(60);
    common::sealed(app)
}

/// Paper-signed with `n` characters of text that hardly deflates: many codes.
fn paper_signed_random(n: usize) -> Application {
    let mut app = paper_signed();
    let mut x: u32 = 99;
    app.purpose = (0..n)
        .map(|i| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            if i % 7 == 6 {
                ' '
            } else {
                char::from(b'a' + (x >> 16) as u8 % 26)
            }
        })
        .collect();
    common::sealed(app)
}

fn draft() -> Application {
    let mut app = common::fixture();
    app.seal = None;
    app.signed_at = None;
    app.approval.signature = None;
    app
}

fn run(cmd: &mut Command, what: &str) -> Vec<u8> {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what} must be installed ({e}); see .ci/test.sh"));
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn write_pdf(dir: &Path, app: &Application) -> PathBuf {
    let path = dir.join("a.pdf");
    std::fs::write(&path, pdf::render(app).unwrap()).unwrap();
    path
}

/// Each code's bytes, read by zbarimg from its own part of the page rasterised
/// in grey at `dpi` (the part: the code's rectangle from `printed_layout` and
/// 6 mm around it).
fn read_codes(pdf_path: &Path, app: &Application, dpi: u32) -> Vec<Vec<u8>> {
    read_placed_codes(pdf_path, &pdf::printed_layout(app).unwrap(), dpi)
}

/// [`read_codes`] for the codes placed as `layout` says.
fn read_placed_codes(pdf_path: &Path, layout: &pdf::PrintedLayout, dpi: u32) -> Vec<Vec<u8>> {
    let scale = f64::from(dpi) / 72.0;
    let dir = pdf_path.parent().unwrap();
    let mut codes = Vec::new();
    for (i, rect) in layout.codes.iter().enumerate() {
        let margin = 6.0 * MM;
        let px = |v: f64| ((v * scale).round() as i64).to_string();
        let prefix = dir.join(format!("code{i}-{dpi}"));
        run(
            Command::new("pdftoppm")
                .args(["-gray", "-png", "-singlefile", "-r", &dpi.to_string()])
                .args(["-f", &(rect.page + 1).to_string()])
                .args(["-x", &px(rect.x - margin)])
                .args(["-y", &px(PAGE_HEIGHT - rect.y - rect.height - margin)])
                .args(["-W", &px(rect.width + 2.0 * margin)])
                .args(["-H", &px(rect.height + 2.0 * margin)])
                .arg(pdf_path)
                .arg(&prefix),
            "pdftoppm (poppler-utils)",
        );
        let bytes = run(
            Command::new("zbarimg")
                .args(["--raw", "-q", "-Sdisable", "-Sqrcode.enable", "-Sbinary"])
                .arg(prefix.with_extension("png")),
            "zbarimg (zbar-tools)",
        );
        // With -Sbinary zbarimg writes the data as it is, no newline after it.
        assert!(!bytes.is_empty(), "code {} not read at {dpi} dpi", i + 1);
        codes.push(bytes);
    }
    codes
}

/// How many QR codes zbarimg finds on a whole page rasterised at `dpi`.
fn symbols_on_page(pdf_path: &Path, page: usize, dpi: u32) -> usize {
    let prefix = pdf_path.with_file_name(format!("page{page}-{dpi}"));
    run(
        Command::new("pdftoppm")
            .args(["-gray", "-png", "-singlefile", "-r", &dpi.to_string()])
            .args(["-f", &(page + 1).to_string()])
            .arg(pdf_path)
            .arg(&prefix),
        "pdftoppm (poppler-utils)",
    );
    let xml = run(
        Command::new("zbarimg")
            // Counting only: in XML, -Sbinary writes the data raw, not as base64.
            .args(["--xml", "-q"])
            .arg(prefix.with_extension("png")),
        "zbarimg (zbar-tools)",
    );
    String::from_utf8_lossy(&xml).matches("<symbol ").count()
}

#[test]
fn zbarimg_reads_the_codes_back_to_the_same_application_at_300_and_150_dpi() {
    for app in [paper_signed(), paper_signed_long(), draft()] {
        let dir = tempfile::tempdir().unwrap();
        let path = write_pdf(dir.path(), &app);
        let expected = qr::encode(&app).unwrap();
        let layout = pdf::printed_layout(&app).unwrap();
        assert_eq!(layout.codes.len(), expected.len());
        for dpi in [300, 150] {
            let codes = read_codes(&path, &app, dpi);
            assert_eq!(codes, expected, "{dpi} dpi");
            let back = qr::decode(codes.iter().map(Vec::as_slice)).unwrap();
            assert_eq!(back, app, "{dpi} dpi");
        }
        // On the whole page too, with nothing else taken for a code.
        let page = layout.codes[0].page;
        let on_page = layout.codes.iter().filter(|c| c.page == page).count();
        assert_eq!(symbols_on_page(&path, page, 300), on_page);
    }
    assert_eq!(qr::encode(&paper_signed_long()).unwrap().len(), 2);
}

#[test]
fn codes_are_52_mm_side_by_side_clear_of_everything_else() {
    let many = paper_signed_random(8_000);
    assert!(qr::encode(&many).unwrap().len() >= 5);
    for app in [paper_signed(), paper_signed_long(), draft(), many] {
        let layout = pdf::printed_layout(&app).unwrap();
        let sig = layout.signature_box.unwrap();
        assert!(!layout.codes.is_empty());
        for (i, c) in layout.codes.iter().enumerate() {
            assert!(
                (50.0..=55.0).contains(&(c.width / MM)),
                "{} mm",
                c.width / MM
            );
            assert_eq!(c.width, c.height);
            // Within the margins and above the footer rule (y 46), with room
            // for the quiet zone.
            assert!(c.x >= 56.0 && c.x + c.width <= 595.28 - 56.0);
            assert!(c.y >= 46.0 + 4.0 * MM, "code {} bottom {}", i + 1, c.y);
            assert!(c.page > sig.page || c.y + c.height + 4.0 * MM < sig.y);
            if i % 2 == 1 {
                let left = layout.codes[i - 1];
                assert_eq!((left.page, left.y), (c.page, c.y));
                assert!(c.x - (left.x + left.width) >= 15.0 * MM);
            }
            if i >= 2 {
                // The row above: on an earlier page, or higher with room for
                // the caption and both quiet zones.
                let above = layout.codes[i - 2];
                assert!(above.page < c.page || above.y - (c.y + c.height) >= 20.0);
            }
        }
    }
    // A drawn signature travels as the PDF itself: no codes.
    let drawn = common::fixture();
    assert!(matches!(
        drawn.approval.signature,
        Some(Signature::Drawn { .. })
    ));
    let layout = pdf::printed_layout(&drawn).unwrap();
    assert!(layout.codes.is_empty());
    assert!(layout.signature_box.is_some());
}

#[test]
fn the_page_says_what_the_codes_are_and_numbers_them() {
    let dir = tempfile::tempdir().unwrap();
    let app = paper_signed_long();
    let path = write_pdf(dir.path(), &app);
    let text = String::from_utf8(run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-"),
        "pdftotext (poppler-utils)",
    ))
    .unwrap();
    for want in [
        "Maskinläsbar kopia",
        "1 av 2",
        "2 av 2",
        "QR-koderna innehåller hela ansökan",
    ] {
        assert!(text.contains(want), "{want:?} missing in:\n{text}");
    }
    // Every value still comes back (the codes take nothing from the page).
    let app = paper_signed();
    let text = String::from_utf8(run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(write_pdf(dir.path(), &app))
            .arg("-"),
        "pdftotext (poppler-utils)",
    ))
    .unwrap();
    assert!(text.contains("1 av 1"));
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for value in pdf::shown_values(&app) {
        let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains(&v), "{value:?}");
    }
    let drawn = String::from_utf8(run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(write_pdf(dir.path(), &common::fixture()))
            .arg("-"),
        "pdftotext (poppler-utils)",
    ))
    .unwrap();
    assert!(!drawn.contains("Maskinläsbar kopia"));
}

#[test]
fn paper_signed_and_draft_pages_as_images_for_looking_at() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/out/qr");
    std::fs::create_dir_all(&out).unwrap();
    for (name, app) in [
        ("paper-signed", paper_signed()),
        ("paper-signed-long", paper_signed_long()),
        ("draft", draft()),
        ("paper-signed-many", paper_signed_random(8_000)),
    ] {
        let pdf_path = out.join(format!("{name}.pdf"));
        std::fs::write(&pdf_path, pdf::render(&app).unwrap()).unwrap();
        run(
            Command::new("pdftoppm")
                .args(["-png", "-r", "80"])
                .arg(&pdf_path)
                .arg(out.join(name)),
            "pdftoppm (poppler-utils)",
        );
        // Deterministic, and the paper-signed one verifies like any signed PDF.
        assert_eq!(
            pdf::render(&app).unwrap(),
            std::fs::read(&pdf_path).unwrap()
        );
        if app.is_signed() {
            assert_eq!(
                pdf::verify(&std::fs::read(&pdf_path).unwrap()).unwrap(),
                app
            );
        }
    }
}

#[test]
fn a_changed_module_in_a_printed_code_is_caught_by_verify() {
    let app = paper_signed();
    let bytes = pdf::render(&app).unwrap();
    let layout = pdf::printed_layout(&app).unwrap();
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let page = *doc
        .get_pages()
        .get(&(layout.codes[0].page as u32 + 1))
        .unwrap();
    let content_id = doc.get_page_contents(page)[0];
    let stream = doc
        .get_object_mut(content_id)
        .unwrap()
        .as_stream_mut()
        .unwrap();
    let content = String::from_utf8(stream.decompressed_content().unwrap()).unwrap();
    // The top row of the top left finder pattern: 7 dark modules, one run.
    let run = "\n0 0 7 1 re\n";
    assert_eq!(content.matches(run).count(), 1, "{content:.400}");
    let shorter = content.replacen(run, "\n0 0 6 1 re\n", 1);
    stream.dict.remove(b"Filter");
    stream.set_content(shorter.into_bytes());
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert!(matches!(
        pdf::verify(&out),
        Err(pdf::VerifyError::PagesDisagree(_))
    ));
    // Unchanged, the same route verifies.
    let mut doc = lopdf::Document::load_mem(&bytes).unwrap();
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert_eq!(pdf::verify(&out).unwrap(), app);
}

#[test]
fn many_codes_read_back_and_too_much_text_prints_a_note_instead() {
    let app = paper_signed_random(8_000);
    let dir = tempfile::tempdir().unwrap();
    let path = write_pdf(dir.path(), &app);
    let codes = read_codes(&path, &app, 300);
    assert!(codes.len() >= 5);
    assert_eq!(qr::decode(codes.iter().map(Vec::as_slice)).unwrap(), app);
    assert_eq!(pdf::verify(&std::fs::read(&path).unwrap()).unwrap(), app);

    let huge = paper_signed_random(14_000);
    assert!(matches!(
        qr::encode(&huge),
        Err(qr::QrPayloadError::TooLarge(_))
    ));
    assert!(pdf::printed_layout(&huge).unwrap().codes.is_empty());
    let path = write_pdf(dir.path(), &huge);
    let text = String::from_utf8(run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-"),
        "pdftotext (poppler-utils)",
    ))
    .unwrap();
    assert!(
        text.contains("för mycket text för att få plats i QR-koder"),
        "{text}"
    );
    assert_eq!(pdf::verify(&std::fs::read(&path).unwrap()).unwrap(), huge);
}

/// The text of the PDF at `path`, as poppler's `pdftotext` reads it.
fn pdftotext(path: &Path) -> String {
    let text = run(
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(path)
            .arg("-"),
        "pdftotext (poppler-utils)",
    );
    String::from_utf8(text).unwrap()
}

/// The notice fixture signed on paper, or left a draft.
fn notice(paper: bool) -> ClosureNotice {
    let mut n: ClosureNotice =
        serde_json::from_str(include_str!("../../../tests/fixtures/valid-notice.json")).unwrap();
    if !paper {
        return n;
    }
    n.approval.signature = Some(Signature::Paper);
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z").unwrap();
    seal::notice::sign(&n, now.to_utc()).unwrap()
}

/// The closure notice's page carries the notice as codes (magic `KA`) that read
/// back to the same notice, placed as the application's are; a typed signature
/// gets none. The pages are written to `tests/out/qr/notice-*.png`.
#[test]
fn a_notice_on_paper_carries_its_codes_and_zbarimg_reads_them_back() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/out/qr");
    std::fs::create_dir_all(&out).unwrap();
    for (name, n) in [
        ("notice-paper-signed", notice(true)),
        ("notice-draft", notice(false)),
    ] {
        let bytes = pdf::notice::render(&n).unwrap();
        assert_eq!(pdf::notice::render(&n).unwrap(), bytes);
        let path = out.join(format!("{name}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        run(
            Command::new("pdftoppm")
                .args(["-png", "-r", "80"])
                .arg(&path)
                .arg(out.join(name)),
            "pdftoppm (poppler-utils)",
        );
        let layout = pdf::notice::printed_layout(&n).unwrap();
        let expected = qr::encode(&n).unwrap();
        assert_eq!(layout.codes.len(), expected.len());
        assert_eq!(&expected[0][..2], b"KA");
        for dpi in [300, 150] {
            let codes = read_placed_codes(&path, &layout, dpi);
            assert_eq!(codes, expected, "{name} at {dpi} dpi");
            assert_eq!(
                qr::decode_document(codes.iter().map(Vec::as_slice)).unwrap(),
                qr::Document::ClosureNotice(n.clone()),
                "{name} at {dpi} dpi"
            );
        }
        // Clear of the signature box and above the footer, as the application's.
        let sig = layout.signature_box.unwrap();
        for c in &layout.codes {
            assert!(c.x >= 56.0 && c.x + c.width <= 595.28 - 56.0);
            assert!(c.y >= 46.0 + 4.0 * MM);
            assert!(c.page > sig.page || c.y + c.height + 4.0 * MM < sig.y);
            assert!((50.0..=55.0).contains(&(c.width / MM)));
        }
        // A one-page notice: printed, signed and scanned as one sheet.
        let page = layout.codes[0].page;
        assert_eq!((page, sig.page), (0, 0), "{layout:?}");
        assert_eq!(symbols_on_page(&path, page, 300), layout.codes.len());
        let text = pdftotext(&path);
        for want in [
            "Maskinläsbar kopia",
            "1 av 1",
            "QR-koderna innehåller hela anmälan",
        ] {
            assert!(text.contains(want), "{want:?} missing in:\n{text}");
        }
        if n.seal.is_some() {
            assert_eq!(pdf::notice::verify(&bytes).unwrap(), n);
        }
    }
    // A typed signature travels as the PDF itself: no codes.
    let mut typed = notice(false);
    typed.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z").unwrap();
    let typed = seal::notice::sign(&typed, now.to_utc()).unwrap();
    assert!(
        pdf::notice::printed_layout(&typed)
            .unwrap()
            .codes
            .is_empty()
    );
}
