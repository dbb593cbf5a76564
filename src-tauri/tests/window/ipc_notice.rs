//! Issue 16's new notice commands as the page calls them (mock runtime): a blank
//! notice for a channel typed in, its problems beside their fields with nothing
//! written, and the digital signature with a certificate file, whose signed
//! bytes "Spara PDF…" writes exactly (checked with `pdfsig`, poppler).

use kanalansokan_shell::state::AppState;
use serde_json::{Value, json};

use crate::ipc_digital_signing::P12_HOOK;
use crate::ipc_support::{app, invoke, window};

/// These tests set the save and certificate-file hooks in this process's
/// environment: they take the window tests' turn too, so that no window starts
/// while the environment is changing.
fn own_turn() -> (
    tokio::sync::MutexGuard<'static, ()>,
    std::sync::MutexGuard<'static, ()>,
) {
    let serial = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(crate::support::serial());
    (serial, P12_HOOK.lock().unwrap_or_else(|p| p.into_inner()))
}

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// The fixture's notice with only its typed-in channel (Mastodon), dated today.
fn typed_in_notice() -> Value {
    let mut n: Value =
        serde_json::from_str(include_str!("../../../tests/fixtures/valid-notice.json")).unwrap();
    n["channels"] = json!([n["channels"][1].clone()]);
    n["last_day"] = json!(today());
    n["approval"]["date"] = json!(today());
    n
}

fn fields(err: &Value) -> Vec<String> {
    err.as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["field"].as_str().map(String::from))
        .collect()
}

#[test]
fn a_blank_notice_for_a_channel_typed_in_shows_its_problems_beside_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("avslut.pdf");
    let _turn = own_turn();
    unsafe { std::env::set_var("KANALANSOKAN_SAVE_PATH", &out) };
    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");

    let draft = invoke(&w, "blank_notice_draft", json!({})).unwrap();
    assert_eq!(draft["kind"], "avslut");
    assert_eq!(draft["unit"], "");
    assert_eq!(
        draft["channels"],
        json!([{ "platform": "", "address": "" }])
    );
    assert_eq!(draft["approval"]["date"], today());

    // As sent with nothing typed: every problem at once, each naming its field.
    let err = invoke(&w, "save_notice_pdf", json!({ "notice": draft })).unwrap_err();
    let f = fields(&err);
    for want in [
        "unit",
        "channels",
        "last_day",
        "reason",
        "reporter",
        "approval.name",
    ] {
        assert!(
            f.iter()
                .any(|x| x == want || x.starts_with(&format!("{want}["))),
            "{want} in {f:?}"
        );
    }
    assert!(!out.exists(), "nothing written");

    // A channel typed in with a bad address and "Annat" without its name.
    let mut bad = typed_in_notice();
    bad["channels"] = json!([
        { "platform": "annat", "address": "https://mastodon.nu/@smedjebackensbibliotek" },
        { "platform": "facebook", "address": "facebook.com/biblioteket" }
    ]);
    let err = invoke(&w, "save_notice_pdf", json!({ "notice": bad })).unwrap_err();
    let f = fields(&err);
    assert!(f.contains(&"channels[0].platform_name".into()), "{f:?}");
    assert!(f.contains(&"channels[1].address".into()), "{f:?}");
    let message = err
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["field"] == "channels[1].address")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("https"), "{message}");
    assert!(!out.exists(), "nothing written");

    // A good one is saved, sealed, with its channel without an application.
    let path = invoke(
        &w,
        "save_notice_pdf",
        json!({ "notice": typed_in_notice() }),
    )
    .unwrap();
    assert_eq!(path, out.display().to_string());
    let notice = kanalansokan_core::pdf::notice::verify(&std::fs::read(&out).unwrap()).unwrap();
    assert!(notice.channels[0].application.is_none());
    unsafe { std::env::remove_var("KANALANSOKAN_SAVE_PATH") };
}

#[test]
fn a_notice_signed_with_a_certificate_file_is_saved_byte_for_byte_as_signed() {
    let dir = tempfile::tempdir().unwrap();
    let p12_path = dir.path().join("karin.p12");
    let (p12, _ca) = crate::test_keys::mint_p12("Karin Ålund", "Rätt lösenord 1");
    std::fs::write(&p12_path, p12).unwrap();
    let out = dir.path().join("avslut-signerad.pdf");
    let _turn = own_turn();
    unsafe { std::env::set_var("KANALANSOKAN_P12_PATH", &p12_path) };
    unsafe { std::env::set_var("KANALANSOKAN_SAVE_PATH", &out) };
    let tauri_app = app(AppState::in_memory().unwrap());
    let w = window(&tauri_app, "main");
    let notice = typed_in_notice();
    let id = notice["id"].as_str().unwrap().to_string();
    let sign = |notice: &Value, password: &str| {
        invoke(
            &w,
            "sign_notice_with_certificate_file",
            json!({ "notice": notice, "password": password }),
        )
    };
    let nothing_kept = |what: &str| {
        let err = invoke(&w, "save_signed_notice_pdf", json!({ "id": id })).unwrap_err();
        assert_eq!(err[0]["code"], "notice.not_signed_here", "{what}: {err}");
        assert!(!out.exists(), "{what}: nothing written");
    };

    let err = sign(&notice, "x").unwrap_err();
    assert_eq!(err[0]["code"], "sign.no_file", "{err}");
    nothing_kept("no file");
    assert_eq!(
        invoke(&w, "choose_certificate_file", json!({})).unwrap(),
        "karin.p12"
    );
    let err = sign(&notice, "fel").unwrap_err();
    assert_eq!(err[0]["code"], "sign.bad_password", "{err}");
    nothing_kept("wrong password");
    // The form's problems come back with their fields, nothing signed.
    let mut incomplete = notice.clone();
    incomplete["reason"] = json!("");
    let err = sign(&incomplete, "Rätt lösenord 1").unwrap_err();
    assert_eq!(fields(&err), ["reason"], "{err}");
    nothing_kept("incomplete");

    let signed = sign(&notice, "Rätt lösenord 1").unwrap();
    assert_eq!(signed["signer_name"], "Karin Ålund");
    assert_eq!(signed["notice"]["seal"].as_str().unwrap().len(), 64);
    assert!(!out.exists(), "signing alone writes no file");
    let other = invoke(
        &w,
        "save_signed_notice_pdf",
        json!({ "id": "00000000-0000-4000-8000-000000000000" }),
    )
    .unwrap_err();
    assert_eq!(other[0]["code"], "notice.not_signed_here");

    let path = invoke(&w, "save_signed_notice_pdf", json!({ "id": id })).unwrap();
    assert_eq!(path, out.display().to_string());
    let first = std::fs::read(&out).unwrap();
    // Saved again: the very same bytes (a signature cannot be made again).
    std::fs::remove_file(&out).unwrap();
    invoke(&w, "save_signed_notice_pdf", json!({ "id": id })).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), first);
    let verified = kanalansokan_core::pdf::notice::verify(&first).unwrap();
    assert_eq!(
        serde_json::to_value(&verified).unwrap(),
        signed["notice"],
        "the saved PDF carries the notice the page was given"
    );
    crate::fixtures::assert_pdfsig_valid(&out, "Karin Ålund");
    unsafe { std::env::remove_var("KANALANSOKAN_SAVE_PATH") };
}
