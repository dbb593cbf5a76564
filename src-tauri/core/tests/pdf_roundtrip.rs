//! Render → read back with a real parser (lopdf), with poppler's pdftotext and
//! with qpdf: the data comes back field by field, every value is visible, the
//! file is structurally sound, and the same application gives the same bytes.
//!
//! The poppler and qpdf tests need `pdftotext` and `qpdf` on PATH. Without them
//! (a Windows build under Wine cannot run the Linux tools) they say so and pass,
//! unless `KANALANSOKAN_REQUIRE_PDF_TOOLS=1`, which `.ci/test.sh` sets.

mod common;
#[path = "common/pdf_read.rs"]
mod pdf_read;

use std::process::Command;

use kanalansokan_core::model::{Application, Signature};
use kanalansokan_core::pdf;
use pdf_read::{embedded_json_with_lopdf, pdftotext, tool_present};

fn pdftotext_present() -> bool {
    tool_present("pdftotext", "poppler-utils")
}

fn corpus() -> Vec<Application> {
    let mut apps = vec![common::fixture()];
    apps.extend((0..4).map(common::big));
    let mut paper = common::fixture();
    paper.approval.signature = Some(Signature::Paper);
    apps.push(common::sealed(paper));
    apps
}

/// The attachment read with lopdf alone, not through our own reader.
fn attachment_with_lopdf(bytes: &[u8]) -> Application {
    serde_json::from_slice(&embedded_json_with_lopdf(bytes, "kanalansokan.json")).unwrap()
}

#[test]
fn round_trip_is_lossless_field_by_field() {
    for app in corpus() {
        let bytes = pdf::render(&app).unwrap();
        let back = attachment_with_lopdf(&bytes);
        assert_eq!(back.schema_version, app.schema_version);
        assert_eq!(back.id, app.id);
        assert_eq!(back.version, app.version);
        assert_eq!(back.unit, app.unit);
        assert_eq!(back.channels, app.channels);
        assert_eq!(back.purpose, app.purpose);
        assert_eq!(back.audience, app.audience);
        assert_eq!(back.responsible, app.responsible);
        assert_eq!(back.operators, app.operators);
        assert_eq!(back.guidelines_read, app.guidelines_read);
        assert_eq!(back.approval, app.approval);
        assert_eq!(back.signed_at, app.signed_at);
        assert_eq!(back.seal, app.seal);
        assert_eq!(back, app);
        assert_eq!(pdf::extract_application(&bytes).unwrap(), app);
        assert_eq!(pdf::verify(&bytes).unwrap(), app);
    }
}

#[test]
fn long_purpose_flows_onto_page_two_and_every_page_is_numbered() {
    if !pdftotext_present() {
        return;
    }
    let bytes = pdf::render(&common::big(7)).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages().len();
    assert!(pages >= 2, "{pages} pages");
    let text = pdftotext(&bytes);
    for n in 1..=pages {
        assert!(text.contains(&format!("Sida {n} av {pages}")), "page {n}");
    }
    assert_eq!(text.matches("SMEDJEBACKEN").count(), pages);
}

/// The text without the running header and footer, which a value spilling onto
/// the next page is interrupted by.
fn body_text(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.trim_matches(|c: char| c.is_whitespace());
            !(l == "SMEDJEBACKEN"
                || l == "smedjebacken.se"
                || (l.starts_with("Sida ") && l.contains(" av "))
                || (l.starts_with("Ansökan ") && l.contains(" · version ")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn pdftotext_gives_back_every_label_and_value() {
    if !pdftotext_present() {
        return;
    }
    let labels = [
        "SMEDJEBACKEN",
        "smedjebacken.se",
        "Sociala medier – Ansökan",
        "Verksamhet som vill starta kommunikation via sociala medier",
        "Förvaltning/enhetens namn",
        "Socialt media som verksamheten vill använda",
        "Ex Facebook/Instagram",
        "Ange adress",
        "Syftet med att delta",
        "Ex sprida information, service",
        "Målgruppen",
        "Ange vilken/vilka som är målgruppen",
        "Ansvariga för kanalen",
        "Vem/vilka sköter det praktiska, bevaka, svara på inlägg",
        "Namn",
        "Telefon",
        "E-post",
        "☒",
        "Har läst kommunens riktlinjer för sociala medier",
        "Godkännande av närmaste chef:",
        "Datum/namn/underskrift",
    ];
    for app in corpus() {
        let full = pdftotext(&pdf::render(&app).unwrap());
        let text = squeeze(&full);
        for label in labels {
            assert!(text.contains(&squeeze(label)), "label {label:?}");
        }
        let body = squeeze(&body_text(&full));
        for value in pdf::shown_values(&app) {
            assert!(body.contains(&squeeze(&value)), "value {value:?}");
        }
        let seal = app.seal.as_deref().unwrap();
        assert!(text.contains(&seal[..12]), "short seal in footer");
        assert!(text.contains(&squeeze(&app.id)));
        assert!(!text.contains("UTKAST"));
    }
}

#[test]
fn phones_are_shown_the_swedish_way() {
    if !pdftotext_present() {
        return;
    }
    let text = pdftotext(&pdf::render(&common::fixture()).unwrap());
    assert!(text.contains("070-123 45 67"), "{text}");
}

#[test]
fn draft_is_marked_on_every_page() {
    if !pdftotext_present() {
        return;
    }
    let mut draft = common::big(3);
    draft.seal = None;
    draft.signed_at = None;
    let bytes = pdf::render(&draft).unwrap();
    let text = pdftotext(&bytes);
    let pages = lopdf::Document::load_mem(&bytes).unwrap().get_pages().len();
    // Header banner and footer on each page.
    assert_eq!(text.matches("UTKAST – ej signerad").count(), 2 * pages);
    assert!(matches!(
        pdf::verify(&bytes),
        Err(pdf::VerifyError::NotSigned)
    ));
}

#[test]
fn qpdf_check_passes() {
    if !tool_present("qpdf", "qpdf") {
        return;
    }
    for app in corpus() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, pdf::render(&app).unwrap()).unwrap();
        let out = Command::new("qpdf")
            .arg("--check")
            .arg(&path)
            .output()
            .expect("qpdf must be installed: apt-get install qpdf");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("No syntax or stream encoding errors"),
            "{stdout}"
        );
    }
}

#[test]
fn same_application_gives_identical_bytes_and_ids_follow_the_seal() {
    let app = common::fixture();
    let a = pdf::render(&app).unwrap();
    let b = pdf::render(&app.clone()).unwrap();
    assert_eq!(a, b);
    let other = pdf::render(&common::big(1)).unwrap();
    let id = |bytes: &[u8]| {
        let doc = lopdf::Document::load_mem(bytes).unwrap();
        doc.trailer.get(b"ID").unwrap().clone()
    };
    assert_eq!(id(&a), id(&b));
    assert_ne!(id(&a), id(&other));
}

#[test]
fn pdfa_metadata_and_fonts_are_in_place() {
    let app = common::fixture();
    let bytes = pdf::render(&app).unwrap();
    assert!(bytes.starts_with(b"%PDF-1.7"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert!(!doc.is_encrypted());
    let catalog = doc.catalog().unwrap();
    let xmp = catalog
        .get_deref(b"Metadata", &doc)
        .unwrap()
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    for needle in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "<xmp:CreateDate>2026-11-27T14:32:05Z</xmp:CreateDate>",
        "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
    ] {
        assert!(xmp.contains(needle), "{needle}");
    }
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let intent = doc.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    let profile = intent
        .get_deref(b"DestOutputProfile", &doc)
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(
        profile.decompressed_content().unwrap().len(),
        include_bytes!("../assets/sRGB.icc").len()
    );
    // Every font embedded as a subset.
    for (_, page) in doc.get_pages() {
        for (_, font) in doc.get_page_fonts(page).unwrap() {
            let base = font.get(b"BaseFont").unwrap().as_name().unwrap();
            assert_eq!(base[6], b'+', "{}", String::from_utf8_lossy(base));
            let descendant = doc
                .dereference(&font.get(b"DescendantFonts").unwrap().as_array().unwrap()[0])
                .unwrap()
                .1
                .as_dict()
                .unwrap();
            let descriptor = descendant
                .get_deref(b"FontDescriptor", &doc)
                .unwrap()
                .as_dict()
                .unwrap();
            assert!(descriptor.get(b"FontFile2").is_ok());
        }
    }
}

#[test]
fn one_page_signed_application_is_small() {
    let bytes = pdf::render(&common::fixture()).unwrap();
    assert!(bytes.len() <= 45 * 1024, "{} bytes", bytes.len());
}
