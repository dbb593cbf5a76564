//! Issue 3's commands as the page calls them, over Tauri's mock runtime: signing
//! refuses an incomplete application with every problem, a signed application is
//! read-only to every command, "Ny version" gives version + 1, and the preview's
//! bytes are the registrar's PDF.

use kanalansokan_shell::state::AppState;
use serde_json::{Value, json};
use tauri::ipc::InvokeResponseBody;

use crate::ipc_support::{app, call, invoke, window};

/// The shipped complete application, signed with a typed name.
pub(crate) fn complete() -> Value {
    let mut app: Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    app["approval"]["signature"] = json!({ "kind": "typed", "text": "Karin Ålund" });
    app
}

#[test]
fn signing_an_incomplete_application_lists_every_problem_and_signs_nothing() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let draft = invoke(&w, "new_draft", json!({})).unwrap();
    invoke(&w, "save_draft", json!({ "app": draft.clone() })).unwrap();

    let problems = invoke(&w, "sign_application", json!({ "app": draft.clone() })).unwrap_err();
    let problems = problems.as_array().expect("a list of problems");
    let fields: Vec<&str> = problems
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    // All at once, in form order, the missing signature included.
    assert!(fields.contains(&"unit"), "{fields:?}");
    assert!(fields.contains(&"guidelines_read"), "{fields:?}");
    assert!(fields.contains(&"approval.signature"), "{fields:?}");
    assert!(problems.len() >= 5, "{problems:?}");
    for p in problems {
        assert!(p["code"].is_string() && !p["message"].as_str().unwrap().is_empty());
    }

    let id = draft["id"].as_str().unwrap();
    let stored = invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap();
    assert!(stored.get("seal").is_none(), "nothing was signed");
    let list = invoke(&w, "list_applications", json!({})).unwrap();
    assert_eq!(list[0]["status"], "utkast");
}

#[test]
fn a_signed_application_is_sealed_and_every_command_refuses_to_change_it() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let mut draft = complete();
    // Untrimmed text as typed: signing stores the normalised form.
    draft["unit"] = json!("  Kultur- och fritidsförvaltningen / Smedjebackens bibliotek ");
    invoke(&w, "save_draft", json!({ "app": draft.clone() })).unwrap();

    let signed = invoke(&w, "sign_application", json!({ "app": draft.clone() })).unwrap();
    let seal = signed["seal"].as_str().expect("sealed");
    assert_eq!(seal.len(), 64);
    assert!(signed["signed_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        signed["unit"],
        "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek"
    );

    let id = signed["id"].as_str().unwrap();
    let stored = invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap();
    assert_eq!(stored, signed);
    let list = invoke(&w, "list_applications", json!({})).unwrap();
    assert_eq!(list[0]["status"], "signerad");

    // Autosave of an edited copy, deleting, and signing again are all refused.
    let mut edited = signed.clone();
    edited["purpose"] = json!("Något helt annat.");
    let err = invoke(&w, "save_draft", json!({ "app": edited })).unwrap_err();
    assert!(
        err["code"].as_str().unwrap().starts_with("storage."),
        "{err}"
    );
    let mut unsealed = draft.clone();
    unsealed["purpose"] = json!("Något helt annat.");
    assert!(invoke(&w, "save_draft", json!({ "app": unsealed })).is_err());
    assert!(invoke(&w, "delete_draft", json!({ "id": id, "version": 1 })).is_err());
    let again = invoke(&w, "sign_application", json!({ "app": signed.clone() })).unwrap_err();
    assert!(again.as_array().is_some_and(|a| !a.is_empty()), "{again}");
    let mut other = draft.clone();
    other["audience"] = json!("Alla.");
    let err = invoke(&w, "sign_application", json!({ "app": other })).unwrap_err();
    assert!(
        err[0]["code"].as_str().unwrap().starts_with("storage."),
        "{err}"
    );

    assert_eq!(
        invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap(),
        signed,
        "the signed version is unchanged"
    );
}

#[test]
fn new_version_is_a_draft_with_the_same_id_and_the_next_number() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let signed = invoke(&w, "sign_application", json!({ "app": complete() })).unwrap();
    let id = signed["id"].as_str().unwrap();

    let next = invoke(&w, "new_version", json!({ "id": id, "version": 1 })).unwrap();
    assert_eq!(next["id"], signed["id"]);
    assert_eq!(next["version"], 2);
    assert!(next.get("seal").is_none() && next.get("signed_at").is_none());
    assert!(
        next["approval"].get("signature").is_none(),
        "a new version is signed anew"
    );
    assert_eq!(next["unit"], signed["unit"]);

    // The new draft can be edited; version 1 stays signed.
    let mut edited = next.clone();
    edited["audience"] = json!("Unga vuxna i Smedjebacken.");
    invoke(&w, "save_draft", json!({ "app": edited })).unwrap();
    let list = invoke(&w, "list_applications", json!({})).unwrap();
    let statuses: Vec<(u64, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["version"].as_u64().unwrap(),
                s["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        statuses.contains(&(1, "signerad")) && statuses.contains(&(2, "utkast")),
        "{statuses:?}"
    );

    // "Ny version" of a draft is refused with a message, not a crash.
    let err = invoke(&w, "new_version", json!({ "id": id, "version": 2 })).unwrap_err();
    assert!(
        err["code"].as_str().unwrap().starts_with("storage."),
        "{err}"
    );
}

#[test]
fn the_preview_gets_the_registrars_pdf_as_raw_bytes() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    let signed = invoke(&w, "sign_application", json!({ "app": complete() })).unwrap();
    let id = signed["id"].as_str().unwrap();

    let body = call(&w, "pdf_bytes", json!({ "id": id, "version": 1 })).unwrap();
    let InvokeResponseBody::Raw(bytes) = body else {
        panic!("pdf_bytes answers with raw bytes, not JSON");
    };
    assert!(bytes.starts_with(b"%PDF-"));
    // The same PDF the registrar verifies: intact, signed, and this application.
    let embedded = kanalansokan_core::pdf::verify(&bytes).expect("verifies");
    assert_eq!(serde_json::to_value(&embedded).unwrap(), signed);

    // A draft can be previewed too (it is marked as a draft, not signed).
    let draft = invoke(&w, "new_draft", json!({})).unwrap();
    invoke(&w, "save_draft", json!({ "app": draft.clone() })).unwrap();
    let body = call(&w, "pdf_bytes", json!({ "id": draft["id"], "version": 1 })).unwrap();
    let InvokeResponseBody::Raw(bytes) = body else {
        panic!("raw bytes");
    };
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        kanalansokan_core::pdf::verify(&bytes).is_err(),
        "a draft does not verify"
    );

    let err = call(&w, "pdf_bytes", json!({ "id": id, "version": 9 })).unwrap_err();
    assert!(
        err["code"].as_str().unwrap().starts_with("storage."),
        "{err}"
    );
}
