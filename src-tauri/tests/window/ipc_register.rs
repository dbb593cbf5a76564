//! Issue 4's commands as the register view calls them, over Tauri's mock runtime:
//! a folder import on the background thread with a verdict per file, manual
//! registration of a paper-signed application, search and filter, Dnr, closing,
//! the detail view and the event log, with `{code, message, field}` errors.

use std::time::{Duration, Instant};

use kanalansokan_core::model::Signature;
use kanalansokan_shell::state::AppState;
use serde_json::{Value, json};
use tauri::WebviewWindow;
use tauri::test::MockRuntime;

use crate::fixtures::{application, sign, typed, write_pdf};
use crate::ipc_support::{app, invoke, window};

/// Polls the running import as the page does, until it is finished.
fn wait_for_import(w: &WebviewWindow<MockRuntime>) -> (Vec<Value>, Value) {
    let start = Instant::now();
    let mut verdicts = Vec::new();
    loop {
        let status = invoke(
            w,
            "register_import_status",
            json!({ "from": verdicts.len() }),
        )
        .expect("status while importing");
        verdicts.extend(status["verdicts"].as_array().unwrap().iter().cloned());
        assert_eq!(status["done"].as_u64().unwrap() as usize, verdicts.len());
        if status["finished"] == true {
            return (verdicts, status);
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "import did not finish"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn verdict_for<'a>(verdicts: &'a [Value], file: &str) -> &'a Value {
    verdicts
        .iter()
        .find(|v| v["file"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no verdict for {file}: {verdicts:?}"))
}

#[test]
fn a_folder_import_gives_a_verdict_per_file_and_fills_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inkorg");
    std::fs::create_dir(&inbox).unwrap();
    write_pdf(
        &inbox,
        "a-bibliotek.pdf",
        &sign(application(1, "Biblioteket"), typed()),
    );
    write_pdf(
        &inbox,
        "b-musikskolan.pdf",
        &sign(application(2, "Musikskolan"), typed()),
    );
    write_pdf(
        &inbox,
        "c-papper.pdf",
        &sign(application(3, "Fritidsgården"), Signature::Paper),
    );
    std::fs::write(inbox.join("d-anteckningar.pdf"), "inte en pdf").unwrap();

    let app = app(AppState::in_memory_with_archive(Some(dir.path().join("arkiv"))).unwrap());
    let w = window(&app, "main");

    // Nothing has run yet.
    let none = invoke(&w, "register_import_status", json!({ "from": 0 })).unwrap_err();
    assert_eq!(none["code"], "register.no_import");
    let empty = invoke(&w, "register_import_start", json!({ "paths": [] })).unwrap_err();
    assert_eq!(empty["code"], "register.nothing_to_import");

    invoke(
        &w,
        "register_import_start",
        json!({ "paths": [inbox.display().to_string()] }),
    )
    .unwrap();
    let (verdicts, status) = wait_for_import(&w);
    assert_eq!(verdicts.len(), 4, "{verdicts:?}");
    assert_eq!(status["total"], 4);
    assert_eq!(status["cancelled"], false);
    assert_eq!(status["summary"], "2 importerade, 2 avvisade.");

    let a = verdict_for(&verdicts, "a-bibliotek.pdf");
    assert_eq!(a["outcome"], "imported");
    assert_eq!(a["label"], "Importerad");
    let junk = verdict_for(&verdicts, "d-anteckningar.pdf");
    assert_eq!(junk["label"], "Avvisad");
    assert_eq!(junk["reason"]["code"], "pdf.not_pdf");
    assert_eq!(junk["message"], "Filen är inte en PDF.");
    let paper = verdict_for(&verdicts, "c-papper.pdf");
    assert_eq!(paper["reason"]["code"], "register.paper_signed");
    assert_eq!(paper["manual_registration"], true);

    // "Registrera manuellt" needs a note on where the paper original is.
    let file = paper["file"].as_str().unwrap();
    let err = invoke(&w, "register_manual", json!({ "file": file, "note": "  " })).unwrap_err();
    assert_eq!(err["code"], "register.note_required");
    assert_eq!(err["field"], "note");
    let manual = invoke(
        &w,
        "register_manual",
        json!({ "file": file, "note": "Pärm 3, KS 2026/114" }),
    )
    .unwrap();
    assert_eq!(manual["outcome"], "imported", "{manual}");

    // The register: two channels per application (the fixture's), all active.
    let all = invoke(&w, "register_channels", json!({ "query": {} })).unwrap();
    assert_eq!(all["total"], 6);
    assert_eq!(all["active"], 6);
    assert_eq!(all["rows"].as_array().unwrap().len(), 6);
    let units: Vec<&str> = all["options"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(units, ["Biblioteket", "Fritidsgården", "Musikskolan"]);

    let music = invoke(
        &w,
        "register_channels",
        json!({ "query": { "unit": "Musikskolan", "platform": "instagram", "sort": "id" } }),
    )
    .unwrap();
    let rows = music["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let channel = rows[0]["id"].as_i64().unwrap();
    let app_id = rows[0]["app_id"].as_str().unwrap().to_string();

    // Dnr, then closing: refused for a date in the future, then recorded.
    let row = invoke(
        &w,
        "register_set_dnr",
        json!({ "channelId": channel, "dnr": "KS 2026/00123" }),
    )
    .unwrap();
    assert_eq!(row["dnr"], "KS 2026/00123");
    let err = invoke(
        &w,
        "register_close_channel",
        json!({ "channelId": channel, "date": "2999-01-01", "reason": "Nedlagd" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "register.date.future");
    assert_eq!(err["field"], "date");
    let today = chrono::Local::now().date_naive().to_string();
    let closed = invoke(
        &w,
        "register_close_channel",
        json!({ "channelId": channel, "date": today, "reason": "Verksamheten flyttar till Facebook." }),
    )
    .unwrap();
    assert_eq!(closed["status"], "avslutad");
    let active = invoke(
        &w,
        "register_channels",
        json!({ "query": { "status": "aktiv" } }),
    )
    .unwrap();
    assert_eq!(active["rows"].as_array().unwrap().len(), 5);
    assert_eq!(active["matched"], 5);
    assert_eq!(active["total"], 6);

    // The detail view: one verified version, both channels, its events.
    let detail = invoke(&w, "register_application", json!({ "appId": app_id })).unwrap();
    let versions = detail["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1);
    assert!(versions[0]["problem"].is_null(), "{detail}");
    assert_eq!(versions[0]["application"]["unit"], "Musikskolan");
    assert_eq!(detail["channels"].as_array().unwrap().len(), 2);
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"dnr") && kinds.contains(&"close"),
        "{kinds:?}"
    );

    // The whole log, newest first.
    let events = invoke(&w, "register_events", json!({})).unwrap();
    let events = events.as_array().unwrap();
    assert_eq!(events[0]["kind"], "close", "{events:?}");
    assert!(events.len() >= 5);

    // A second import of the same folder changes nothing.
    invoke(
        &w,
        "register_import_start",
        json!({ "paths": [inbox.display().to_string()] }),
    )
    .unwrap();
    let (again, _) = wait_for_import(&w);
    assert_eq!(
        verdict_for(&again, "a-bibliotek.pdf")["label"],
        "Redan importerad"
    );
    let all = invoke(&w, "register_channels", json!({ "query": {} })).unwrap();
    assert_eq!(all["total"], 6);
}

#[test]
fn register_errors_are_code_message_field() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(AppState::in_memory_with_archive(Some(dir.path().join("arkiv"))).unwrap());
    let w = window(&app, "main");
    let err = invoke(
        &w,
        "register_close_channel",
        json!({ "channelId": 99, "date": "2026-11-29", "reason": "x" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "register.channel_not_found");
    assert!(err["message"].as_str().unwrap().contains("99"));
    let err = invoke(
        &w,
        "register_close_channel",
        json!({ "channelId": 1, "date": "29/11/2026", "reason": "x" }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "register.date.invalid");
    assert_eq!(err["field"], "date");
    let err = invoke(&w, "register_application", json!({ "appId": "okänd" })).unwrap_err();
    assert_eq!(err["code"], "register.application_not_found");
    // A query the core cannot read is Tauri's own refusal, never a panic.
    assert!(
        invoke(
            &w,
            "register_channels",
            json!({ "query": { "sort": "hacked" } })
        )
        .is_err()
    );
}

#[test]
fn a_register_without_an_archive_folder_says_so() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let err = invoke(
        &w,
        "register_import_start",
        json!({ "paths": ["/tmp/x.pdf"] }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "register.no_archive");
    // Reading the register still works.
    let all = invoke(&w, "register_channels", json!({ "query": {} })).unwrap();
    assert_eq!(all["total"], 0);
}

/// Files dropped on the window wait in the state (lib.rs puts them there on the
/// native drop event) until the page takes them, once.
#[test]
fn dropped_files_are_handed_to_the_page_once() {
    use tauri::Manager;
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let none = invoke(&w, "register_take_dropped", json!({})).unwrap();
    assert_eq!(none, json!([]));
    app.state::<AppState>()
        .push_dropped(vec!["/tmp/a.pdf".into(), "/tmp/Inkomna ansökningar".into()]);
    let taken = invoke(&w, "register_take_dropped", json!({})).unwrap();
    assert_eq!(taken, json!(["/tmp/a.pdf", "/tmp/Inkomna ansökningar"]));
    assert_eq!(
        invoke(&w, "register_take_dropped", json!({})).unwrap(),
        json!([])
    );
}
