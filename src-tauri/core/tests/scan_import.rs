//! Scans of the printed, pen-signed application import with its data (issue 18),
//! and so do scans of the unit's pen-signed closure notice (issue 16).
//!
//! The scans are made here, from the paper-signed PDF that `pdf::render` writes:
//! poppler's `pdftoppm` rasterises it (grey or black and white, 150–300 dpi),
//! ImageMagick rotates it, adds noise and a pen scribble in the signature box, and
//! `img2pdf` or ImageMagick wrap the pages back into a PDF, as JPEG or as CCITT
//! Group 4, as an office scanner would. A few variants run always; set
//! `KANALANSOKAN_SCAN_VARIANTS=all` for the whole matrix. The tools are required
//! in CI (`KANALANSOKAN_REQUIRE_SCAN_TOOLS=1`, set by `.ci/test.sh`).

mod register_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use kanalansokan_core::model::notice::{ClosingChannel, ClosureNotice};
use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::register::{self, ChannelStatus, ImportVerdict, Outcome};
use kanalansokan_core::{pdf, qr, seal};
use lopdf::{Document, Object, Stream, dictionary};
use register_support::*;

fn tools_present() -> bool {
    let missing: Vec<&str> = ["pdftoppm", "convert", "img2pdf"]
        .into_iter()
        .filter(|t| Command::new(t).arg("--version").output().is_err())
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var_os("KANALANSOKAN_REQUIRE_SCAN_TOOLS").is_some() {
        panic!("the scan tests need {missing:?} (installed by .ci/test.sh)");
    }
    eprintln!("Hoppar över skanningstestet: {missing:?} saknas.");
    false
}

fn paper_signed(unit: &str) -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app.unit = unit.into();
    app.approval.signature = Some(Signature::Paper);
    seal::sign(&app, at("2026-11-28T09:15:42Z")).unwrap()
}

/// A paper-signed application with long texts that do not compress well: its
/// data needs several codes.
fn long_paper_signed() -> Application {
    const WORDS: [&str; 16] = [
        "kommunen",
        "invånare",
        "evenemang",
        "bibliotek",
        "öppettider",
        "simhall",
        "fritidsgård",
        "information",
        "kultur",
        "föreningar",
        "ungdomar",
        "äldre",
        "utställning",
        "konsert",
        "tävling",
        "höstlov",
    ];
    let mut seed: u32 = 7;
    let mut text = |len: usize| {
        let mut s = String::new();
        while s.chars().count() < len {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            s.push_str(WORDS[(seed >> 16) as usize % WORDS.len()]);
            s.push_str(if seed.is_multiple_of(7) { ". " } else { " " });
        }
        s.trim().to_string()
    };
    let mut app = paper_signed("Kultur och fritid");
    app.signed_at = None;
    app.seal = None;
    app.purpose = text(1900);
    app.audience = text(1900);
    seal::sign(&app, at("2026-11-28T09:15:42Z")).unwrap()
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// How a variant is scanned.
#[derive(Debug, Clone, Copy)]
struct Variant {
    dpi: u32,
    mono: bool,
    rotate: f32,
    noise: bool,
    scribble: bool,
    g4: bool,
}

/// Rasterises `pdf_bytes` and makes each page a scanned page image in `dir`;
/// `extra` adds ImageMagick operations to every page.
fn scan_pages(
    dir: &Path,
    name: &str,
    pdf_bytes: &[u8],
    v: Variant,
    extra: &[String],
) -> Vec<PathBuf> {
    let sig = pdf::printed_layout(&paper_signed("x"))
        .unwrap()
        .signature_box
        .unwrap();
    scan_pages_signed_in(dir, name, pdf_bytes, v, extra, sig)
}

/// [`scan_pages`] for a page whose signature box is `sig` (where the pen
/// scribble goes).
fn scan_pages_signed_in(
    dir: &Path,
    name: &str,
    pdf_bytes: &[u8],
    v: Variant,
    extra: &[String],
    sig: pdf::PlacedRect,
) -> Vec<PathBuf> {
    let src = dir.join(format!("{name}.pdf"));
    std::fs::write(&src, pdf_bytes).unwrap();
    let prefix = dir.join(format!("{name}-raw"));
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-r", &v.dpi.to_string(), "-gray", "-png"]);
    cmd.arg(&src).arg(&prefix);
    run(&mut cmd);
    let mut raws: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{name}-raw"))
        })
        .collect();
    raws.sort();
    let scale = v.dpi as f64 / 72.0;
    raws.iter()
        .enumerate()
        .map(|(i, raw)| {
            let out = dir.join(format!("{name}-{i}.{}", if v.g4 { "tif" } else { "jpg" }));
            let mut cmd = Command::new("convert");
            cmd.arg(raw);
            if v.scribble && i == sig.page {
                // A pen stroke across the box, in page pixels (origin top left).
                let x0 = (sig.x + sig.width * 0.15) * scale;
                let x1 = (sig.x + sig.width * 0.8) * scale;
                let ym = (841.89 - sig.y - sig.height * 0.5) * scale;
                let amp = sig.height * 0.25 * scale;
                cmd.args([
                    "-stroke",
                    "black",
                    "-strokewidth",
                    &format!("{}", (scale * 1.2).max(2.0)),
                    "-fill",
                    "none",
                ]);
                cmd.args([
                    "-draw",
                    &format!(
                        "bezier {x0},{ym} {},{} {},{} {x1},{ym}",
                        x0 + (x1 - x0) / 3.0,
                        ym - amp,
                        x0 + 2.0 * (x1 - x0) / 3.0,
                        ym + amp
                    ),
                ]);
            }
            cmd.args(extra);
            cmd.args([
                "-background",
                "white",
                "-rotate",
                &v.rotate.to_string(),
                "+repage",
            ]);
            if v.noise {
                cmd.args(["-attenuate", "0.4", "+noise", "Gaussian"]);
            }
            if v.mono || v.g4 {
                cmd.args([
                    "-threshold",
                    "55%",
                    "-type",
                    "bilevel",
                    "-compress",
                    "Group4",
                ]);
            } else {
                cmd.args(["-quality", "75"]);
            }
            cmd.arg(&out);
            run(&mut cmd);
            out
        })
        .collect()
}

/// The pages as one PDF: img2pdf keeps JPEG and CCITT G4 as they are.
fn wrap(dir: &Path, name: &str, pages: &[PathBuf]) -> PathBuf {
    let out = dir.join(format!("{name}-scan.pdf"));
    let mut cmd = Command::new("img2pdf");
    cmd.args(pages).arg("-o").arg(&out);
    run(&mut cmd);
    out
}

fn import(db: &TestDb, path: &Path) -> ImportVerdict {
    register::import_file(&db.conn, &db.archive(), path, now())
}

fn assert_untouched(db: &TestDb) {
    assert!(register::list_channels(&db.conn).unwrap().is_empty());
    assert!(register::events(&db.conn).unwrap().is_empty());
    let archived = std::fs::read_dir(db.archive())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(archived, 0);
}

fn check_variant(v: Variant) {
    let app = paper_signed("Kultur och fritid");
    let dir = tempfile::tempdir().unwrap();
    let pages = scan_pages(dir.path(), "a", &pdf::render(&app).unwrap(), v, &[]);
    let scan = wrap(dir.path(), "a", &pages);
    let db = TestDb::new();
    let verdict = import(&db, &scan);
    assert_eq!(verdict.outcome, Outcome::Imported, "{v:?}: {verdict:?}");
    assert!(verdict.scanned, "{verdict:?}");
    assert!(
        verdict.message.starts_with("Signerad på papper (skannad)."),
        "{}",
        verdict.message
    );
    assert_eq!(verdict.app_id.as_deref(), Some(app.id.as_str()));
    let ink = &register::events(&db.conn).unwrap()[0].detail["signature_ink"];
    let ink_warning = verdict
        .warnings
        .iter()
        .find(|w| w.code == register::import::INK_WARNING_CODE);
    assert_eq!(
        ink_warning.is_some(),
        !v.scribble,
        "{v:?}: ink warning {ink_warning:?}, ink share {ink}"
    );
    if let Some(w) = ink_warning {
        assert!(
            w.message.starts_with("Underskrift saknas i rutan?"),
            "{}",
            w.message
        );
    }
    if std::env::var_os("KANALANSOKAN_KEEP_SCANS").is_some() {
        let keep = std::env::temp_dir().join(format!("scan-{}-{}.pdf", v.dpi, v.g4));
        std::fs::copy(&scan, keep).unwrap();
    }
    // The register holds the application's channels, the scan is the record.
    let rows = register::list_channels(&db.conn).unwrap();
    let mut got: Vec<&str> = rows.iter().map(|r| r.address.as_str()).collect();
    let mut want: Vec<&str> = app.channels.iter().map(|c| c.address.as_str()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let archived = db
        .archive()
        .join(format!("{}.pdf", verdict.pdf_sha256.as_deref().unwrap()));
    assert_eq!(
        std::fs::read(archived).unwrap(),
        std::fs::read(&scan).unwrap()
    );
    // Shown as signed on paper, from a scan, and the archived scan verifies again.
    let stored = register::applications::imported_application(&db.conn, &app.id, 1).unwrap();
    assert_eq!(
        (stored.signature_kind.as_str(), stored.scanned),
        ("paper", true)
    );
    register::applications::verify_archived(&db.archive(), &stored).unwrap();
}

const fn variant(
    dpi: u32,
    mono: bool,
    rotate: f32,
    noise: bool,
    scribble: bool,
    g4: bool,
) -> Variant {
    Variant {
        dpi,
        mono,
        rotate,
        noise,
        scribble,
        g4,
    }
}

#[test]
fn scans_import_with_their_data() {
    if !tools_present() {
        return;
    }
    let mut variants = vec![
        variant(200, false, 1.5, true, true, false),
        variant(300, true, -1.0, false, false, true),
        variant(150, false, -2.0, false, true, false),
    ];
    if std::env::var("KANALANSOKAN_SCAN_VARIANTS").as_deref() == Ok("all") {
        for dpi in [150, 200, 300] {
            for (mono, g4) in [(false, false), (true, false), (true, true)] {
                for rotate in [0.0, 1.0, -2.0] {
                    variants.push(variant(dpi, mono, rotate, rotate != 0.0, rotate < 0.0, g4));
                }
            }
        }
    }
    for v in variants {
        check_variant(v);
    }
}

#[test]
fn refused_scans_leave_nothing_behind() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = variant(200, false, 0.0, false, true, false);
    let a = paper_signed("Kultur och fritid");
    let b = paper_signed("Barn och utbildning");
    let long = long_paper_signed();
    let layout = pdf::printed_layout(&long).unwrap();
    assert!(layout.codes.len() >= 2, "{layout:?}");
    let db = TestDb::new();
    let refused = |path: &Path, code: &str| {
        let v = import(&db, path);
        assert_eq!(v.outcome, Outcome::Rejected, "{v:?}");
        let reason = v.reason.unwrap();
        assert_eq!(reason.code, code, "{reason:?}");
        assert_untouched(&db);
        reason.message
    };

    // One code cut off (covered by white, as a page not fully on the glass).
    let last = layout.codes.last().unwrap();
    let s = 200.0 / 72.0;
    let cover = format!(
        "rectangle {},{} {},{}",
        last.x * s,
        (841.89 - last.y - last.height) * s,
        (last.x + last.width * 0.6) * s,
        (841.89 - last.y) * s
    );
    let extra = ["-fill".to_string(), "white".into(), "-draw".into(), cover];
    let cut = scan_pages(
        dir.path(),
        "cut",
        &pdf::render(&long).unwrap(),
        plain,
        &extra,
    );
    let message = refused(&wrap(dir.path(), "cut", &cut), "qr.incomplete");
    let total = layout.codes.len();
    assert!(
        message.starts_with(&format!("{} av {total} koder hittades", total - 1)),
        "{message}"
    );

    // Two applications' pages in one scan.
    let pages_a = scan_pages(dir.path(), "a", &pdf::render(&a).unwrap(), plain, &[]);
    let pages_b = scan_pages(dir.path(), "b", &pdf::render(&b).unwrap(), plain, &[]);
    let both: Vec<PathBuf> = pages_a.into_iter().chain(pages_b).collect();
    refused(&wrap(dir.path(), "both", &both), "qr.mixed");

    // An unrelated scan: a page of text, no codes.
    let letter = dir.path().join("letter.jpg");
    run(Command::new("convert")
        .args([
            "-size",
            "1654x2339",
            "xc:white",
            "-fill",
            "black",
            "-pointsize",
            "40",
            "-draw",
            "rectangle 200,300 1400,340",
            "-draw",
            "rectangle 200,400 1200,440",
        ])
        .arg(&letter));
    refused(&wrap(dir.path(), "letter", &[letter]), "scan.no_codes");
}

/// A PDF of one page that shows one image XObject with `image` as its dictionary.
fn image_pdf(image: lopdf::Dictionary, data: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(Stream::new(image, data));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A scan bomb (an image that says it is 60,000 pixels square) and JBIG2 are
/// refused from the image's dictionary, before anything is decoded.
#[test]
fn a_huge_image_and_jbig2_are_refused_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    let huge = image_pdf(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 60_000, "Height" => 60_000,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "FlateDecode",
        },
        vec![0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    );
    let path = dir.path().join("huge.pdf");
    std::fs::write(&path, huge).unwrap();
    let started = std::time::Instant::now();
    let v = import(&db, &path);
    assert_eq!(
        v.reason.as_ref().unwrap().code,
        "scan.image_too_large",
        "{v:?}"
    );
    assert!(started.elapsed().as_secs() < 5);
    let jbig2 = image_pdf(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 100, "Height" => 100,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "JBIG2Decode",
        },
        vec![0; 16],
    );
    let path = dir.path().join("jbig2.pdf");
    std::fs::write(&path, jbig2).unwrap();
    let v = import(&db, &path);
    let reason = v.reason.unwrap();
    assert_eq!(reason.code, "scan.jbig2");
    assert!(reason.message.contains("JBIG2"));
    assert_untouched(&db);
}

/// The application the notices name, signed with a typed name (its PDF imports
/// as it is).
fn typed_signed() -> Application {
    let mut app = paper_signed("Kultur och fritid");
    app.signed_at = None;
    app.seal = None;
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    seal::sign(&app, at("2026-11-28T09:15:42Z")).unwrap()
}

/// A closure notice for `app`'s first channel, signed on paper (or left a draft).
fn paper_notice(app: &Application, reason: &str, signed: bool) -> ClosureNotice {
    let mut n: ClosureNotice =
        serde_json::from_str(include_str!("../../../tests/fixtures/valid-notice.json")).unwrap();
    n.channels = vec![ClosingChannel::from_application(app, &app.channels[0])];
    n.reason = reason.into();
    n.approval.signature = Some(Signature::Paper);
    if !signed {
        return kanalansokan_core::validate::notice::normalize(&n);
    }
    seal::notice::sign(&n, at("2026-12-05T10:00:00Z")).unwrap()
}

/// The notice's paper page, scanned as `v` says (the pen in its own box).
fn scan_notice(dir: &Path, name: &str, n: &ClosureNotice, v: Variant) -> PathBuf {
    let sig = pdf::notice::printed_layout(n)
        .unwrap()
        .signature_box
        .unwrap();
    let bytes = pdf::notice::render(n).unwrap();
    let pages = scan_pages_signed_in(dir, name, &bytes, v, &[], sig);
    wrap(dir, name, &pages)
}

fn import_at(db: &TestDb, path: &Path) -> ImportVerdict {
    register::import_file(&db.conn, &db.archive(), path, at("2026-12-06T08:00:00Z"))
}

/// What a refused file must leave as it was.
#[derive(Debug, PartialEq)]
struct Snapshot {
    channels: Vec<(i64, ChannelStatus, Option<String>)>,
    events: usize,
    archived: usize,
    notices: usize,
}

fn snapshot(db: &TestDb, app: &Application) -> Snapshot {
    Snapshot {
        channels: register::list_channels(&db.conn)
            .unwrap()
            .into_iter()
            .map(|r| (r.id, r.status, r.closed_on))
            .collect(),
        events: register::events(&db.conn).unwrap().len(),
        archived: std::fs::read_dir(db.archive()).map_or(0, |d| d.count()),
        notices: register::notices::notices_for_application(&db.conn, &app.id)
            .unwrap()
            .len(),
    }
}

/// The pen-signed closure notice, printed, signed and scanned, imports with its
/// data: before its application "Kanalen finns inte i registret" (nothing
/// stored), then "Kanal avslutad" (the scan archived as the record), and a
/// second notice for the closed channel "Redan avslutad".
#[test]
fn a_scanned_notice_closes_its_channel() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    let app = typed_signed();
    let notice = paper_notice(
        &app,
        "Biblioteket samlar sin information på webbplatsen.",
        true,
    );
    let scan = scan_notice(
        dir.path(),
        "avslut",
        &notice,
        variant(200, false, 1.5, true, true, false),
    );

    // Before its application: refused, nothing stored.
    let v = import_at(&db, &scan);
    assert_eq!(v.outcome, Outcome::NotInRegister, "{v:?}");
    assert_eq!(v.label, "Kanalen finns inte i registret");
    assert!(
        v.reason
            .as_ref()
            .unwrap()
            .message
            .contains("Importera först"),
        "{v:?}"
    );
    assert_untouched(&db);

    let app_pdf = dir.path().join("ansokan.pdf");
    std::fs::write(&app_pdf, pdf::render(&app).unwrap()).unwrap();
    assert_eq!(import_at(&db, &app_pdf).outcome, Outcome::Imported);

    let v = import_at(&db, &scan);
    assert_eq!(v.outcome, Outcome::ChannelClosed, "{v:?}");
    assert_eq!(v.label, "Kanal avslutad");
    assert!(v.scanned);
    assert!(
        v.message
            .starts_with("Signerad på papper (skannad). 1 kanal avslutad enligt anmälan."),
        "{}",
        v.message
    );
    assert!(
        !v.warnings
            .iter()
            .any(|w| w.code == register::import::INK_WARNING_CODE),
        "pen in the box, yet {:?}",
        v.warnings
    );
    let closed = register::list_channels(&db.conn)
        .unwrap()
        .into_iter()
        .find(|r| r.address == app.channels[0].address)
        .unwrap();
    assert_eq!(closed.status, ChannelStatus::Closed);
    assert_eq!(closed.closed_on.as_deref(), Some(notice.last_day.as_str()));
    assert_eq!(closed.close_reason.as_deref(), Some(notice.reason.as_str()));
    // The scan is the record, byte for byte, and the notice is kept with it.
    let sha = v.pdf_sha256.clone().unwrap();
    assert_eq!(
        std::fs::read(db.archive().join(format!("{sha}.pdf"))).unwrap(),
        std::fs::read(&scan).unwrap()
    );
    let kept = register::notices::notices_for_application(&db.conn, &app.id).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].notice_id.as_str(), kept[0].pdf_sha256.as_str()),
        (notice.id.as_str(), sha.as_str())
    );
    let event = register::events(&db.conn).unwrap().pop().unwrap();
    assert_eq!(event.detail["scanned"], true);
    assert!(event.detail["signature_ink"].as_f64().unwrap() > 0.0);
    assert!(
        event
            .summary
            .starts_with("Signerad på papper (skannad): Anmälan")
    );

    // The same scan again: nothing new.
    assert_eq!(import_at(&db, &scan).outcome, Outcome::AlreadyImported);

    // Another notice for the closed channel, scanned in black and white (CCITT
    // G4), no pen in the box: "Redan avslutad", with the empty-box warning.
    let second = paper_notice(&app, "Ingen ska längre svara på inlägg där.", true);
    let scan = scan_notice(
        dir.path(),
        "avslut2",
        &second,
        variant(300, true, -1.0, false, false, true),
    );
    let v = import_at(&db, &scan);
    assert_eq!(v.outcome, Outcome::AlreadyClosed, "{v:?}");
    assert_eq!(v.label, "Redan avslutad");
    assert!(v.scanned);
    let warning = v
        .warnings
        .iter()
        .find(|w| w.code == register::import::INK_WARNING_CODE)
        .expect("the empty signature box is pointed out");
    assert!(warning.message.starts_with("Underskrift saknas i rutan?"));
    assert_eq!(
        register::notices::notices_for_application(&db.conn, &app.id)
            .unwrap()
            .len(),
        2
    );
}

/// A grey PNG of `bytes` as a QR code (`qr::matrix`), 8 pixels a module and a
/// quiet zone of 4 modules, written as a binary PGM (read by ImageMagick).
fn code_image(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let matrix = qr::matrix::Matrix::encode(bytes).unwrap();
    let (modules, px) = (matrix.width(), 8);
    let side = (modules + 8) * px;
    let mut pgm = format!("P5\n{side} {side}\n255\n").into_bytes();
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / px).wrapping_sub(4), (y / px).wrapping_sub(4));
            let dark = mx < modules && my < modules && matrix.is_dark(mx, my);
            pgm.push(if dark { 0 } else { 255 });
        }
    }
    let path = dir.join(format!("{name}.pgm"));
    std::fs::write(&path, pgm).unwrap();
    path
}

/// Scans of a notice that must be refused, each with its Swedish reason, and
/// each leaving the register as it was: a code whose content was changed under
/// the old seal, a draft, a notice and an application in one scan, a code cut
/// off.
#[test]
fn refused_notice_scans_leave_nothing_behind() {
    if !tools_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    let app = typed_signed();
    let app_pdf = dir.path().join("ansokan.pdf");
    std::fs::write(&app_pdf, pdf::render(&app).unwrap()).unwrap();
    assert_eq!(import_at(&db, &app_pdf).outcome, Outcome::Imported);
    let before = snapshot(&db, &app);
    let refused = |path: &Path, code: &str| -> String {
        let v = import_at(&db, path);
        assert_eq!(v.outcome, Outcome::Rejected, "{v:?}");
        let reason = v.reason.unwrap();
        assert_eq!(reason.code, code, "{reason:?}");
        assert_eq!(snapshot(&db, &app), before, "{code}");
        reason.message
    };
    let plain = variant(200, false, 0.0, false, true, false);
    let notice = paper_notice(
        &app,
        "Biblioteket samlar sin information på webbplatsen.",
        true,
    );
    let layout = pdf::notice::printed_layout(&notice).unwrap();
    let code = layout.codes[0];
    let s = 200.0 / 72.0;
    let (x, y) = (code.x * s, (841.89 - code.y - code.height) * s);
    let side = code.width * s;

    // The code replaced by one whose notice says another last day, under the
    // notice's own seal: the content no longer has that seal.
    let mut changed = notice.clone();
    changed.last_day = "2026-12-01".into();
    let mut deflated = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut deflated, &serde_json::to_vec_pretty(&changed).unwrap())
        .unwrap();
    let forged = qr::payload::Chunk {
        kind: qr::DocumentKind::ClosureNotice,
        index: 1,
        total: 1,
        seal: qr::payload::raw_seal(&notice),
        data: deflated.finish().unwrap(),
    };
    let image = code_image(dir.path(), "forged", &forged.to_bytes());
    // Our quiet zone is 4 of `modules + 8`: the printed code's side plus that.
    let modules = qr::matrix::Matrix::encode(&forged.to_bytes())
        .unwrap()
        .width() as f64;
    let outer = side * (modules + 8.0) / modules;
    let inset = (outer - side) / 2.0;
    let paste = [
        "(".to_string(),
        image.display().to_string(),
        "-filter".into(),
        "point".into(),
        "-resize".into(),
        format!("{0}x{0}!", outer.round()),
        ")".into(),
        "-geometry".into(),
        format!("+{}+{}", (x - inset).round(), (y - inset).round()),
        "-composite".into(),
    ];
    let bytes = pdf::notice::render(&notice).unwrap();
    let sig = layout.signature_box.unwrap();
    let pages = scan_pages_signed_in(dir.path(), "forged", &bytes, plain, &paste, sig);
    let message = refused(&wrap(dir.path(), "forged", &pages), "qr.seal_mismatch");
    assert_eq!(
        message,
        "Sigillet i QR-koderna stämmer inte med innehållet: anmälan kan ha ändrats."
    );

    // A draft (unsigned) notice's page, printed and scanned.
    let draft = scan_notice(
        dir.path(),
        "draft",
        &paper_notice(&app, "Utkast.", false),
        plain,
    );
    let message = refused(&draft, "pdf.not_signed");
    assert_eq!(message, "Anmälan om avslutad kanal är inte signerad.");

    // The notice's page and an application's page in one scan.
    let notice_pages = scan_pages_signed_in(dir.path(), "n", &bytes, plain, &[], sig);
    let app_pages = scan_pages(
        dir.path(),
        "p",
        &pdf::render(&paper_signed("Barn och utbildning")).unwrap(),
        plain,
        &[],
    );
    let both: Vec<PathBuf> = notice_pages.into_iter().chain(app_pages).collect();
    let message = refused(&wrap(dir.path(), "both", &both), "qr.mixed");
    assert!(message.contains("Skanna en anmälan i taget"), "{message}");

    // The code half covered (the sheet not fully on the glass): no code left.
    let cover = format!("rectangle {},{} {},{}", x, y, x + side * 0.5, y + side);
    let extra = ["-fill".to_string(), "white".into(), "-draw".into(), cover];
    let cut = scan_pages_signed_in(dir.path(), "cut", &bytes, plain, &extra, sig);
    let message = refused(&wrap(dir.path(), "cut", &cut), "scan.no_codes");
    assert!(message.starts_with("Inga QR-koder"), "{message}");
}

/// The fuzz seed `scan-notice-g4.pdf` (one code of a paper-signed notice, CCITT
/// G4) still reads as that notice, so the fuzzer reaches the notice's way.
#[test]
fn the_notice_fuzz_seed_reads_as_a_notice() {
    let seed = include_bytes!("../fuzz/corpus/import/scan-notice-g4.pdf");
    let scanned = kanalansokan_core::scan::read_document(seed).unwrap();
    let qr::Document::ClosureNotice(notice) = scanned.document else {
        panic!("not a notice: {:?}", scanned.document);
    };
    assert_eq!(notice.id, "0b6f1c8e-2d4a-4f7b-9c1e-5a3d2f6b8e90");
    assert_eq!(notice.approval.signature, Some(Signature::Paper));
    assert!(seal::notice::is_intact(&notice));
}
