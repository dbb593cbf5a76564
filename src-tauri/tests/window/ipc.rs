//! The commands as the page calls them, over Tauri's mock runtime (no display):
//! the same builder, capabilities and JSON as the real window.

use kanalansokan_shell::state::AppState;
use serde_json::{Value, json};

use crate::ipc_support::{app, invoke, window};

#[test]
fn draft_round_trip_through_the_commands() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");

    let mut draft = invoke(&w, "new_draft", json!({})).unwrap();
    assert_eq!(draft["schema_version"], 1);
    assert_eq!(draft["responsible"].as_array().unwrap().len(), 2);

    draft["unit"] = json!("Kultur- och fritidsförvaltningen");
    draft["responsible"][0]["name"] = json!("Åsa Öberg");
    invoke(&w, "save_draft", json!({ "app": draft.clone() })).unwrap();

    let id = draft["id"].as_str().unwrap().to_string();
    let back = invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap();
    assert_eq!(back, draft);

    let list = invoke(&w, "list_applications", json!({})).unwrap();
    assert_eq!(list[0]["unit"], "Kultur- och fritidsförvaltningen");
    assert_eq!(list[0]["status"], "utkast");

    let copy = invoke(
        &w,
        "duplicate_application",
        json!({ "id": id, "version": 1 }),
    )
    .unwrap();
    assert_ne!(copy["id"], draft["id"]);
    assert_eq!(copy["unit"], "Kultur- och fritidsförvaltningen");

    invoke(&w, "delete_draft", json!({ "id": id, "version": 1 })).unwrap();
    let err = invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap_err();
    assert!(
        err["code"].as_str().unwrap().starts_with("storage."),
        "{err}"
    );
    assert!(!err["message"].as_str().unwrap().is_empty());
}

#[test]
fn validation_problems_come_back_as_code_field_message() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let draft = invoke(&w, "new_draft", json!({})).unwrap();
    let problems = invoke(&w, "validate_application", json!({ "app": draft })).unwrap();
    let problems = problems.as_array().unwrap();
    assert!(!problems.is_empty());
    let unit = problems
        .iter()
        .find(|p| p["field"] == "unit")
        .expect("unit error");
    assert!(unit["code"].is_string() && unit["message"].is_string());

    let valid: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    // The fixture's approval date is in the past, so it stays valid whatever today is.
    assert_eq!(
        invoke(&w, "validate_application", json!({ "app": valid })).unwrap(),
        json!([])
    );
}

#[test]
fn malformed_application_is_a_swedish_error_not_a_crash() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let err = invoke(
        &w,
        "save_draft",
        json!({ "app": { "schema_version": 1, "id": "x", "version": 1, "fax": "?" } }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "application.unreadable");
    assert!(err["message"].as_str().unwrap().contains("Formulärets"));
}

#[test]
fn a_window_without_the_capability_is_refused() {
    let app = app(AppState::in_memory().unwrap());
    let main = window(&app, "main");
    let intruder = window(&app, "intruder");
    // These open a native dialog when allowed, which would wait for a person, or
    // close the window the test goes on using.
    const OPENS_A_DIALOG: [&str; 8] = [
        "register_choose_files",
        "register_choose_folder",
        "window_close_ready",
        "open_application_file",
        "choose_certificate_file",
        "register_trust_add_issuer",
        "register_trust_add_crl",
        "save_signed_notice_pdf",
    ];
    for cmd in kanalansokan_shell::commands::ALL {
        // Allowed for the main window (it may still fail for want of arguments)…
        if OPENS_A_DIALOG.contains(cmd) {
            // (the capability test below checks that main may call them)
        } else if let Err(e) = invoke(&main, cmd, json!({})) {
            assert!(!e.to_string().contains("not allowed"), "{cmd}: {e}");
        }
        // …refused by the ACL for any other window, before the command runs.
        let err = invoke(&intruder, cmd, json!({})).unwrap_err();
        assert!(
            err.to_string().contains("not allowed"),
            "{cmd} should be refused for a window without the capability: {err}"
        );
    }
}

#[test]
fn capability_allows_exactly_the_apps_commands() {
    let cap: Value = serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
    let mut allowed: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let mut expected: Vec<String> = kanalansokan_shell::commands::ALL
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    allowed.sort();
    expected.sort();
    assert_eq!(allowed, expected);
}

#[test]
fn a_database_that_cannot_be_opened_is_reported_not_written() {
    let dir = tempfile::tempdir().unwrap();
    // A path under a regular file cannot be created, even by root.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "keep me").unwrap();
    let state = AppState::open(Some(blocker.join("kanalansokan.sqlite")));
    let app = app(state);
    let w = window(&app, "main");

    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert!(info["db_error"]["message"].is_string(), "{info}");
    let err = invoke(&w, "new_draft", json!({})).unwrap_err();
    assert_eq!(err, info["db_error"]);
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "keep me");
}

/// The window opens its database on a thread of its own (issue 17): the first
/// commands wait for it and see the same drafts and the same open error.
#[test]
fn a_database_opened_in_the_background_answers_the_first_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kanalansokan.sqlite");
    let app1 = app(AppState::open_in_background(Some(db.clone())));
    let w = window(&app1, "main");
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert!(info["db_error"].is_null(), "{info}");
    let mut draft = invoke(&w, "new_draft", json!({})).unwrap();
    draft["unit"] = json!("Kultur- och fritidsförvaltningen");
    invoke(&w, "save_draft", json!({ "app": draft })).unwrap();
    drop(w);
    drop(app1);

    let app2 = app(AppState::open_in_background(Some(db)));
    let w = window(&app2, "main");
    let list = invoke(&w, "list_applications", json!({})).unwrap();
    assert_eq!(
        list[0]["unit"], "Kultur- och fritidsförvaltningen",
        "{list}"
    );

    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "keep me").unwrap();
    let app3 = app(AppState::open_in_background(Some(
        blocker.join("kanalansokan.sqlite"),
    )));
    let w = window(&app3, "main");
    let info = invoke(&w, "app_info", json!({})).unwrap();
    assert!(info["db_error"]["message"].is_string(), "{info}");
    assert_eq!(
        invoke(&w, "list_applications", json!({})).unwrap_err(),
        info["db_error"]
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "keep me");
}
