//! Helpers shared by the storage integration tests.
#![allow(dead_code)] // each test file uses a different subset

use chrono::NaiveDate;
use kanalansokan_core::model::{Application, Signature};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

/// The complete valid example application from the repository.
pub fn fixture() -> Application {
    serde_json::from_str(include_str!(
        "../../../../tests/fixtures/valid-application.json"
    ))
    .unwrap()
}

/// `app` as the signing step would hand it to `store_signed`: typed signature,
/// signing time and a seal.
pub fn signed(mut app: Application) -> Application {
    app.approval.signature = Some(Signature::Typed {
        text: app.approval.name.clone(),
    });
    app.signed_at = Some("2026-11-29T09:30:00Z".into());
    app.seal = None;
    app.seal = Some(kanalansokan_core::seal::compute(&app));
    app
}

/// A fresh temporary folder and a database path inside it.
pub fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kanalansokan.sqlite");
    (dir, path)
}
