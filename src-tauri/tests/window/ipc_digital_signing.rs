//! Issue 14's storage as the page sees it: once a version has a digitally signed
//! PDF, the preview (and so "Spara PDF…", "Skriv ut", "Öppna PDF", which share
//! `render_stored`) gets exactly the stored bytes, never a fresh rendering.

use kanalansokan_core::storage::DigitalSignature;
use kanalansokan_shell::state::AppState;
use serde_json::{Value, json};
use tauri::Manager;
use tauri::ipc::InvokeResponseBody;

use crate::ipc_signing::complete;
use crate::ipc_support::{app, call, invoke, window};

fn raw(body: InvokeResponseBody) -> Vec<u8> {
    match body {
        InvokeResponseBody::Raw(bytes) => bytes,
        InvokeResponseBody::Json(j) => panic!("raw bytes expected, got JSON {j}"),
    }
}

#[test]
fn the_preview_gets_the_stored_signed_pdf_byte_for_byte() {
    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");
    let signed = invoke(&w, "sign_application", json!({ "app": complete() })).unwrap();
    let id = signed["id"].as_str().unwrap().to_string();
    let rendered = raw(call(&w, "pdf_bytes", json!({ "id": id, "version": 1 })).unwrap());

    // What a PAdES signature does to the file: an incremental update appended.
    // Rendering again would lose it, so the stored bytes must be what comes back.
    let mut stored = rendered.clone();
    stored.extend_from_slice(b"\n% incremental update with the signature\n%%EOF\n");
    let application: kanalansokan_core::Application = serde_json::from_value(signed).unwrap();
    let who = DigitalSignature {
        signer_name: "Karin Ålund".into(),
        issuer_dn: "CN=Testkommunens CA".into(),
        serial_hex: "0a".into(),
        certificate_sha256: "ab".repeat(32),
        signed_at: "2026-12-06T10:00:00Z".into(),
    };
    tauri_app
        .state::<AppState>()
        .with_store(|s| s.store_digitally_signed(&application, &stored, &who))
        .unwrap();

    let served = raw(call(&w, "pdf_bytes", json!({ "id": id, "version": 1 })).unwrap());
    assert_eq!(served, stored, "the stored signed PDF, not a new rendering");
    assert_ne!(served, rendered);

    // The signed view says who signed.
    let status = invoke(&w, "digital_signature", json!({ "id": id, "version": 1 })).unwrap();
    assert_eq!(status["signer_name"], "Karin Ålund");
    assert_eq!(status["issuer_dn"], "CN=Testkommunens CA");
    assert_eq!(status["signed_at"], "2026-12-06T10:00:00Z");
}

#[test]
fn a_version_without_a_digital_signature_says_so() {
    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");
    let signed = invoke(&w, "sign_application", json!({ "app": complete() })).unwrap();
    let status = invoke(
        &w,
        "digital_signature",
        json!({ "id": signed["id"], "version": 1 }),
    )
    .unwrap();
    assert_eq!(
        status,
        Value::Null,
        "the page shows \"Inte elektroniskt signerad\""
    );
}

#[test]
fn the_card_software_is_chosen_once_and_a_missing_file_is_refused() {
    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");
    let dir = tempfile::tempdir().unwrap();

    let err = invoke(
        &w,
        "set_pkcs11_module",
        json!({ "module": dir.path().join("finns-inte.so") }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "sign.module_missing");
    assert_eq!(err["field"], "pkcs11-module");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("Filen finns inte")
    );

    let module = dir.path().join("kortets-programvara.so");
    std::fs::write(&module, b"\x7fELF").unwrap();
    let module = module.display().to_string();
    let settings = invoke(&w, "set_pkcs11_module", json!({ "module": module })).unwrap();
    assert_eq!(settings["module"], module);
    let settings = invoke(&w, "pkcs11_settings", json!({})).unwrap();
    assert_eq!(settings["module"], module, "remembered");
    assert!(
        settings["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == &json!(module))
    );
}
