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

/// Held by each test that sets `KANALANSOKAN_P12_PATH` (one process, one environment).
pub(crate) static P12_HOOK: std::sync::Mutex<()> = std::sync::Mutex::new(());

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

/// Signing with a certificate file over IPC: a wrong password is refused with its
/// Swedish message and nothing signed; the right one stores the sealed application
/// with its signed PDF, which the preview then serves byte for byte.
#[test]
fn signing_with_a_certificate_file_stores_the_signed_pdf_and_a_wrong_password_signs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p12_path = dir.path().join("karin.p12");
    let (p12, _ca) = crate::test_keys::mint_p12("Karin Ålund", "Rätt lösenord 1");
    std::fs::write(&p12_path, p12).unwrap();
    // Only choose_certificate_file reads this variable; the tests that call it
    // take turns.
    let _hook = P12_HOOK.lock().unwrap_or_else(|p| p.into_inner());
    unsafe { std::env::set_var("KANALANSOKAN_P12_PATH", &p12_path) };

    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");
    let draft = complete();
    invoke(&w, "save_draft", json!({ "app": draft.clone() })).unwrap();

    let err = invoke(
        &w,
        "sign_with_certificate_file",
        json!({ "app": draft, "password": "x" }),
    )
    .unwrap_err();
    assert_eq!(err[0]["code"], "sign.no_file", "{err}");

    let name = invoke(&w, "choose_certificate_file", json!({})).unwrap();
    assert_eq!(name, "karin.p12");

    let err = invoke(
        &w,
        "sign_with_certificate_file",
        json!({ "app": draft, "password": "fel" }),
    )
    .unwrap_err();
    assert_eq!(err[0]["code"], "sign.bad_password", "{err}");
    let list = invoke(&w, "list_applications", json!({})).unwrap();
    assert_eq!(list[0]["status"], "utkast", "nothing signed");

    let signed = invoke(
        &w,
        "sign_with_certificate_file",
        json!({ "app": draft, "password": "Rätt lösenord 1" }),
    )
    .unwrap();
    assert_eq!(signed["seal"].as_str().unwrap().len(), 64);
    let id = signed["id"].as_str().unwrap();
    let who = invoke(&w, "digital_signature", json!({ "id": id, "version": 1 })).unwrap();
    assert_eq!(who["signer_name"], "Karin Ålund");

    let served = raw(call(&w, "pdf_bytes", json!({ "id": id, "version": 1 })).unwrap());
    let stored = tauri_app
        .state::<AppState>()
        .with_store(|s| s.signed_pdf(id, 1))
        .unwrap()
        .unwrap();
    assert_eq!(served, stored);
    let path = dir.path().join("signerad.pdf");
    std::fs::write(&path, &served).unwrap();
    let out = std::process::Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("Total document signed"), "{report}");
}

/// The card's problems over IPC, with a real SoftHSM2 token: a card software that
/// does not load, no card, a card without a certificate, an expired certificate
/// and a wrong PIN each get their own Swedish message, beside the dialog's control
/// it concerns (`field`), and sign nothing: the draft stays as it was and is
/// signed afterwards with the right certificate and PIN.
#[test]
fn token_problems_are_told_beside_their_control_and_sign_nothing() {
    use crate::softhsm::{self, PIN, TOKEN};
    let ca = crate::test_keys::TestCa::mint();
    let Some(token) = softhsm::token_with_keys(&ca) else {
        return;
    };
    let empty = softhsm::empty_token().expect("SoftHSM2 made the first token");
    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");
    let draft = complete();
    invoke(&w, "save_draft", json!({ "app": draft.clone() })).unwrap();
    let id = draft["id"].as_str().unwrap().to_string();
    let before = invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap();
    let sign = |key: &str, pin: &str| {
        invoke(
            &w,
            "sign_with_token",
            json!({ "app": draft, "tokenLabel": TOKEN, "keyIdHex": key, "pin": pin }),
        )
    };
    let nothing_signed = |what: &str| {
        let list = invoke(&w, "list_applications", json!({})).unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "{what}");
        assert_eq!(list[0]["status"], "utkast", "{what}: still a draft");
        let stored = invoke(&w, "get_application", json!({ "id": id, "version": 1 })).unwrap();
        assert_eq!(stored, before, "{what}: the draft is unchanged");
        let pdf = tauri_app
            .state::<AppState>()
            .with_store(|s| s.signed_pdf(&id, 1))
            .unwrap();
        assert!(pdf.is_none(), "{what}: no signed PDF stored");
    };
    let expect = |err: &Value, code: &str, field: &str, says: &str| {
        assert_eq!(err["code"], code, "{err}");
        assert_eq!(err["field"], field, "{err}");
        assert!(err["message"].as_str().unwrap().contains(says), "{err}");
    };
    // SoftHSM2 reads its configuration at each C_Initialize; this is the only
    // test in this binary that loads a PKCS#11 module, and it does so in turn.
    let use_conf = |conf: &std::path::Path| unsafe { std::env::set_var("SOFTHSM2_CONF", conf) };

    // A card software path that is not a PKCS#11 library.
    let junk = token.dir.path().join("inte-en-modul.so");
    std::fs::write(&junk, b"\x7fELF inte ett bibliotek").unwrap();
    invoke(&w, "set_pkcs11_module", json!({ "module": junk })).unwrap();
    let err = invoke(&w, "token_certificates", json!({})).unwrap_err();
    expect(
        &err,
        "sign.module",
        "pkcs11-module",
        "Programvara för kortet",
    );
    let err = sign("01", PIN).unwrap_err();
    expect(
        &err[0],
        "sign.module",
        "pkcs11-module",
        "gick inte att starta",
    );
    nothing_signed("module");

    invoke(&w, "set_pkcs11_module", json!({ "module": token.module })).unwrap();
    // No card: the module loads, its slot holds no initialised token.
    use_conf(&softhsm::no_token(&token));
    let err = invoke(&w, "token_certificates", json!({})).unwrap_err();
    expect(&err, "sign.no_token", "token-certificate", "Inget kort");
    let err = sign("01", PIN).unwrap_err();
    expect(
        &err[0],
        "sign.no_token",
        "token-certificate",
        "Sätt i kortet",
    );
    nothing_signed("no token");

    // A card with no certificate on it.
    use_conf(&empty.conf);
    let err = invoke(&w, "token_certificates", json!({})).unwrap_err();
    expect(
        &err,
        "sign.no_certificate",
        "token-certificate",
        "inget certifikat",
    );
    let err = sign("01", PIN).unwrap_err();
    expect(
        &err[0],
        "sign.no_certificate",
        "token-certificate",
        "inget certifikat",
    );
    nothing_signed("no certificate");

    // The card with Karin's keys: the expired one is listed as expired and refused.
    use_conf(&token.conf);
    let listed = invoke(&w, "token_certificates", json!({})).unwrap();
    let expired: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["key_id_hex"].as_str().unwrap(),
                c["expired"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(
        expired.contains(&("01", false)) && expired.contains(&("02", true)),
        "{listed}"
    );
    let err = sign("02", PIN).unwrap_err();
    expect(
        &err[0],
        "sign.certificate_expired",
        "token-certificate",
        "gått ut",
    );
    nothing_signed("expired");

    // A wrong PIN; SoftHSM2 keeps no retry count, so none is told.
    let err = sign("01", "000000").unwrap_err();
    expect(
        &err[0],
        "sign.wrong_pin",
        "token-pin",
        "Fel PIN-kod. Kontrollera koden",
    );
    nothing_signed("wrong PIN");

    // Still signable: the right certificate and PIN sign the same draft.
    let signed = sign("01", PIN).unwrap();
    assert_eq!(signed["seal"].as_str().unwrap().len(), 64);
    let who = invoke(&w, "digital_signature", json!({ "id": id, "version": 1 })).unwrap();
    assert_eq!(who["signer_name"], "Karin Ålund");
}
