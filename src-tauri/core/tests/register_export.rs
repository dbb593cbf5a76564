//! The exports: pinned by snapshots, read back with real parsers, checked for
//! what the public may see (GDPR) and for escaping of hostile text.

mod register_support;

use kanalansokan_core::error::ToUserError;
use kanalansokan_core::register::{self, ExportFormat, export::render};
use register_support::*;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn exported(db: &TestDb, format: ExportFormat) -> Vec<u8> {
    let snap = register::snapshot(&db.conn).unwrap();
    render(&snap, format, now())
}

#[test]
fn snapshots_html_csv_json() {
    let db = TestDb::new();
    sample(&db.conn);
    assert_snapshot("register.html", &exported(&db, ExportFormat::Html));
    assert_snapshot("register.csv", &exported(&db, ExportFormat::Csv));
    assert_snapshot("register.json", &exported(&db, ExportFormat::Json));
}

#[test]
fn the_same_register_exports_the_same_bytes() {
    let db = TestDb::new();
    sample(&db.conn);
    for f in [ExportFormat::Html, ExportFormat::Csv, ExportFormat::Json] {
        assert_eq!(exported(&db, f), exported(&db, f));
    }
}

#[test]
fn html_is_a_valid_accessible_swedish_page_of_active_channels() {
    let db = TestDb::new();
    sample(&db.conn);
    let text = String::from_utf8(exported(&db, ExportFormat::Html)).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"));
    let doc = Html::parse_document(&text);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("sv"));
    assert!(doc.select(&sel("meta[name=viewport]")).next().is_some());
    assert!(
        doc.select(&sel("head > style")).next().is_some(),
        "CSS inside the page"
    );
    assert!(
        doc.select(&sel("link, script")).next().is_none(),
        "standalone"
    );
    let caption: String = doc
        .select(&sel("table > caption"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(caption.contains("2026-11-29"), "{caption}");
    let headers: Vec<(String, Option<&str>)> = doc
        .select(&sel("thead th"))
        .map(|th| (th.text().collect(), th.value().attr("scope")))
        .collect();
    assert_eq!(
        headers,
        [
            ("Plattform".to_string(), Some("col")),
            ("Adress".to_string(), Some("col")),
            ("Förvaltning/enhet".to_string(), Some("col")),
            ("Sedan".to_string(), Some("col")),
        ]
    );
    // Four active channels; the closed Mastodon account is not listed.
    let rows: Vec<Vec<String>> = doc
        .select(&sel("tbody tr"))
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect())
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0],
        [
            "YouTube",
            "https://www.youtube.com/@hagaskolan",
            "Barn- och utbildningsförvaltningen / Hagaskolan",
            "2026-03-02"
        ]
    );
    assert_eq!(rows[3][2], "Östra förvaltningen");
    assert!(!text.contains("mastodon"));
    let links: Vec<&str> = doc
        .select(&sel("td a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links.len(), 4);
    assert!(links.iter().all(|l| l.starts_with("https://")));
}

#[test]
fn html_has_no_personal_data() {
    let db = TestDb::new();
    sample(&db.conn);
    let text = String::from_utf8(exported(&db, ExportFormat::Html)).unwrap();
    for personal in [
        "Åsa",
        "Öberg",
        "Jörgen",
        "Nyström",
        "Märta",
        "Karin",
        "@smedjebacken.se",
        "+46",
        "0240",
        "070-",
        "KS 2026",
    ] {
        assert!(!text.contains(personal), "{personal} in the public list");
    }
}

#[test]
fn an_empty_register_exports_an_empty_but_valid_list() {
    let db = TestDb::new();
    let text = String::from_utf8(exported(&db, ExportFormat::Html)).unwrap();
    let doc = Html::parse_document(&text);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    assert!(text.contains("Inga aktiva kanaler."));
    let csv = exported(&db, ExportFormat::Csv);
    assert_eq!(csv.iter().filter(|b| **b == b'\n').count(), 1);
}

fn hostile(db: &TestDb, payload: &str) -> i64 {
    let p = || vec![person(payload, payload, payload)];
    let ids = insert(
        &db.conn,
        &Row {
            app_id: "11111111-2222-4333-8444-555555555555",
            version: 1,
            unit: payload,
            approval_date: "2026-01-01",
            channels: &[("annat", payload, payload)],
            responsible: p(),
            operators: p(),
        },
    );
    register::set_dnr(&db.conn, ids[0], payload, now()).unwrap();
    ids[0]
}

#[test]
fn xss_payloads_in_every_field_come_out_escaped_in_html() {
    for payload in XSS {
        let db = TestDb::new();
        hostile(&db, payload);
        let text = String::from_utf8(exported(&db, ExportFormat::Html)).unwrap();
        assert!(!text.contains(payload), "raw payload in HTML");
        let doc = Html::parse_document(&text);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        assert!(doc.select(&sel("script, img")).next().is_none());
        assert!(doc.select(&sel("td a")).next().is_none(), "not a link");
        let cells: Vec<String> = doc
            .select(&sel("tbody td"))
            .map(|td| td.text().collect())
            .collect();
        // The text shows exactly what was typed, as text.
        assert_eq!(&cells[..3], [payload, payload, payload]);
    }
}

#[test]
fn only_web_addresses_become_links() {
    let db = TestDb::new();
    insert(
        &db.conn,
        &Row {
            app_id: "11111111-2222-4333-8444-555555555555",
            version: 1,
            unit: "Enhet",
            approval_date: "2026-01-01",
            channels: &[
                ("annat", "A", "javascript:alert(1)"),
                ("annat", "B", "data:text/html,<b>x</b>"),
                ("annat", "C", "https://example.org/a?b=1&c=\"2\""),
            ],
            responsible: vec![],
            operators: vec![],
        },
    );
    let text = String::from_utf8(exported(&db, ExportFormat::Html)).unwrap();
    let doc = Html::parse_document(&text);
    let hrefs: Vec<&str> = doc
        .select(&sel("a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["https://example.org/a?b=1&c=%222%22"]);
    assert!(text.contains("javascript:alert(1)"), "shown as text");
}

fn parse_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).expect("BOM");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_is_excel_friendly_with_every_column() {
    let db = TestDb::new();
    sample(&db.conn);
    let bytes = exported(&db, ExportFormat::Csv);
    assert!(bytes.starts_with("\u{feff}Kanal-id;Status;".as_bytes()));
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count());
    let rows = parse_csv(&bytes);
    assert_eq!(rows.len(), 6, "header and every channel, closed too");
    assert_eq!(rows[0], register::export::csv::HEADERS);
    let closed = &rows[4];
    assert_eq!(closed[0], "4");
    assert_eq!(closed[1], "Avslutad");
    assert_eq!(closed[2], "Mastodon");
    assert_eq!(closed[7], "2026-11-20");
    assert_eq!(closed[8], "Kontot används inte längre.");
    let first = &rows[1];
    assert_eq!(first[5], "2026-11-27");
    assert_eq!(first[9], "KS 2026/00123");
    assert_eq!(
        first[12],
        "Åsa Öberg, 0240-66 00 00, asa.oberg@smedjebacken.se"
    );
    assert!(
        first[13].contains("Jörgen Nyström, 070-123 45 67"),
        "{}",
        first[13]
    );
    assert!(first[13].contains(" | Märta Ek"), "{}", first[13]);
}

#[test]
fn csv_quotes_and_neutralises_formulas() {
    let db = TestDb::new();
    let ids = insert(
        &db.conn,
        &Row {
            app_id: "11111111-2222-4333-8444-555555555555",
            version: 1,
            unit: "=HYPERLINK(\"http://evil\";\"klicka\")",
            approval_date: "2026-01-01",
            channels: &[
                ("annat", "+SUM(1;2)", "-1"),
                ("annat", "@cmd", "rad ett\nrad två"),
            ],
            responsible: vec![person("\"Citat\"; semikolon", "", "")],
            operators: vec![],
        },
    );
    register::set_dnr(&db.conn, ids[0], "KS 1", now()).unwrap();
    let rows = parse_csv(&exported(&db, ExportFormat::Csv));
    assert_eq!(rows[1][4], "'=HYPERLINK(\"http://evil\";\"klicka\")");
    assert_eq!(rows[1][2], "'+SUM(1;2)");
    assert_eq!(rows[1][3], "'-1");
    assert_eq!(rows[2][2], "'@cmd");
    assert_eq!(rows[2][3], "rad ett\nrad två");
    assert_eq!(rows[1][12], "\"Citat\"; semikolon");
}

#[test]
fn xss_payloads_survive_csv_and_json_as_plain_text() {
    for payload in XSS {
        let db = TestDb::new();
        hostile(&db, payload);
        let rows = parse_csv(&exported(&db, ExportFormat::Csv));
        for col in [2, 3, 4, 9] {
            assert_eq!(rows[1][col], payload);
        }
        let json = String::from_utf8(exported(&db, ExportFormat::Json)).unwrap();
        assert!(
            !json.contains('<') && !json.contains('>'),
            "escaped in JSON"
        );
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let ch = &v["channels"][0];
        for key in ["platform_label", "address", "unit", "dnr"] {
            assert_eq!(ch[key], payload, "{key}");
        }
        assert_eq!(ch["responsible"][0]["name"], payload);
    }
}

#[test]
fn json_has_everything() {
    let db = TestDb::new();
    sample(&db.conn);
    let v: serde_json::Value = serde_json::from_slice(&exported(&db, ExportFormat::Json)).unwrap();
    assert_eq!(v["format"], "kanalansokan-register");
    assert_eq!(v["generated_at"], "2026-11-29T12:00:00Z");
    assert_eq!(v["channels"].as_array().unwrap().len(), 5);
    assert_eq!(v["applications"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["applications"][0]["application"]["schema_version"],
        serde_json::json!(1)
    );
    assert_eq!(v["events"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["channels"][0]["responsible"][0]["email"],
        "asa.oberg@smedjebacken.se"
    );
}

#[test]
fn export_writes_the_file_atomically_or_not_at_all() {
    let db = TestDb::new();
    sample(&db.conn);
    let out = db.dir.path().join("lista.html");
    std::fs::write(&out, "gammal").unwrap();
    let n = register::export(&db.conn, ExportFormat::Html, &out, now()).unwrap();
    assert_eq!(n, 4);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        exported(&db, ExportFormat::Html)
    );
    let missing = db.dir.path().join("finns-inte").join("lista.csv");
    let err = register::export(&db.conn, ExportFormat::Csv, &missing, now()).unwrap_err();
    assert_eq!(err.to_user_error().code, "register.io");
    assert!(!missing.exists());
}

/// The W3C Nu HTML Checker, when available (`VNU_JAR=/path/to/vnu.jar`, from the
/// npm package `vnu-jar`): the public page, with hostile text, has no errors or
/// warnings. Without it, the html5ever parse above is the check.
#[test]
fn html_passes_the_nu_html_checker_when_available() {
    let Some(jar) = std::env::var_os("VNU_JAR") else {
        return;
    };
    let db = TestDb::new();
    sample(&db.conn);
    hostile(&db, XSS[1]);
    let page = db.dir.path().join("lista.html");
    register::export(&db.conn, ExportFormat::Html, &page, now()).unwrap();
    let out = std::process::Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(&page)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
