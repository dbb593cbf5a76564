//! The signing commands themselves, over the core's `pades` and `approval`.

use std::path::Path;

use kanalansokan_core::approval::{self, ApprovalError};
use kanalansokan_core::error::UserError;
use kanalansokan_core::model::Application;
use kanalansokan_core::pades::{self, Pkcs11Signer, Pkcs12Signer, Signer};
use serde::Serialize;
use tauri::State;

use super::{ChosenCertificateFile, current_settings, no_module, read_certificate_file};
use crate::error::CommandError;
use crate::signing::Problems;
use crate::state::AppState;

/// One certificate on a token, as "Välj certifikat" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenCertificateView {
    pub token_label: String,
    pub key_id_hex: String,
    /// The certificate subject's name.
    pub name: String,
    pub issuer: String,
    /// Last day of validity, RFC 3339.
    pub not_after: String,
    /// True if the certificate has expired (signing with it is refused).
    pub expired: bool,
    /// The token's word on the PIN ("count low", "final try"), if any.
    pub pin_status: Option<String>,
}

/// "Välj certifikat": the certificates with a private key on every token of the
/// module in use. Runs off the main thread: a token can be slow to answer.
#[tauri::command(async)]
pub fn token_certificates(
    state: State<'_, AppState>,
) -> Result<Vec<TokenCertificateView>, CommandError> {
    let module = current_settings(&state)?.module.ok_or_else(no_module)?;
    let now = chrono::Utc::now();
    let certificates = pades::list_pkcs11_certificates(Path::new(&module))
        .map_err(|e| CommandError(beside_token_control(CommandError::from_layer(e).0)))?;
    if certificates.is_empty() {
        return Err(CommandError(
            UserError::new(
                "sign.no_certificate",
                "Det finns inget certifikat att signera med på kortet. Kontrollera att rätt kort sitter i läsaren.",
            )
            .with_field(CERTIFICATE_FIELD),
        ));
    }
    Ok(certificates
        .into_iter()
        .map(|c| {
            let expired = chrono::DateTime::parse_from_rfc3339(&c.certificate.not_after)
                .map(|t| t < now)
                .unwrap_or(false);
            TokenCertificateView {
                token_label: c.token_label,
                key_id_hex: c.key_id_hex,
                name: c.certificate.subject_name,
                issuer: c.certificate.issuer_dn,
                not_after: c.certificate.not_after,
                expired,
                pin_status: c.pin_status,
            }
        })
        .collect())
}

/// Signs with the card or token: the certificate chosen in "Välj certifikat" and
/// the PIN typed in the dialog (used once, never kept). On success the page gets
/// the sealed application, stored with its signed PDF.
#[tauri::command(async)]
pub fn sign_with_token(
    state: State<'_, AppState>,
    app: serde_json::Value,
    token_label: String,
    key_id_hex: String,
    pin: String,
) -> Result<Application, Problems> {
    let app = crate::commands::parse(app)?;
    let signer = token_signer(&state, &token_label, &key_id_hex, pin)?;
    sign_and_store(&state, &app, &signer).map_err(beside_token_controls)
}

/// The key on the card or token chosen in "Välj certifikat", opened with `pin`
/// (used here once, then dropped). For the application and the closure notice.
pub(crate) fn token_signer(
    state: &AppState,
    token_label: &str,
    key_id_hex: &str,
    pin: String,
) -> Result<Pkcs11Signer, Problems> {
    let module = current_settings(state)?.module.ok_or_else(no_module)?;
    let signer = Pkcs11Signer::open(
        Path::new(&module),
        Some(token_label),
        Some(key_id_hex),
        &pin,
    )
    .map_err(|e| Problems(vec![beside_token_control(CommandError::from_layer(e).0)]))?;
    drop(pin);
    Ok(signer)
}

/// [`beside_token_control`] for every problem of a signing with the token.
pub(crate) fn beside_token_controls(Problems(p): Problems) -> Problems {
    Problems(p.into_iter().map(beside_token_control).collect())
}

/// The token dialog's controls (ui/index.html, `#token-dialog`), as `field`.
const MODULE_FIELD: &str = "pkcs11-module";
const CERTIFICATE_FIELD: &str = "token-certificate";
const PIN_FIELD: &str = "token-pin";

/// Puts a card or token error beside the dialog's control it concerns: the PIN's
/// beside the PIN field, the card's and the certificate's beside the certificate
/// list, the card software's beside its path. Other errors (the form's
/// validation problems) are left as they are.
fn beside_token_control(e: UserError) -> UserError {
    let field = match e.code.as_str() {
        "sign.wrong_pin" | "sign.pin_locked" => PIN_FIELD,
        "sign.no_token"
        | "sign.no_certificate"
        | "sign.ambiguous"
        | "sign.certificate_expired"
        | "sign.unsupported_key"
        | "sign.device" => CERTIFICATE_FIELD,
        // The core's message speaks of "settings"; the dialog's control is named.
        "sign.module" => {
            return UserError::new(
                "sign.module",
                "Programvaran för kortet gick inte att starta. Kontrollera sökvägen under ”Programvara för kortet”, eller fråga IT-supporten.",
            )
            .with_field(MODULE_FIELD);
        }
        _ => return e,
    };
    e.with_field(field)
}

/// Signs with the certificate file chosen by "Välj fil…" and its password (used
/// once, never kept).
#[tauri::command(async)]
pub fn sign_with_certificate_file(
    state: State<'_, AppState>,
    chosen: State<'_, ChosenCertificateFile>,
    app: serde_json::Value,
    password: String,
) -> Result<Application, Problems> {
    let app = crate::commands::parse(app)?;
    let signer = file_signer(&chosen, password)?;
    sign_and_store(&state, &app, &signer)
}

/// The key in the certificate file chosen with "Välj fil…", opened with
/// `password` (used here once, then dropped). For the application and the notice.
pub(crate) fn file_signer(
    chosen: &ChosenCertificateFile,
    password: String,
) -> Result<Pkcs12Signer, Problems> {
    let path = chosen
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| {
            Problems(vec![
                UserError::new(
                    "sign.no_file",
                    "Välj certifikatfilen (.p12 eller .pfx) först.",
                )
                .with_field("p12-file"),
            ])
        })?;
    let bytes = read_certificate_file(&path).map_err(|e| Problems(vec![e.0]))?;
    let signer = Pkcs12Signer::from_bytes(&bytes, &password)
        .map_err(|e| Problems(vec![CommandError::from_layer(e).0]))?;
    drop(password);
    Ok(signer)
}

fn sign_and_store(
    state: &AppState,
    app: &Application,
    signer: &dyn Signer,
) -> Result<Application, Problems> {
    let now = chrono::Utc::now();
    let result = state.with_store(|store| Ok(approval::sign_digitally(store, app, signer, now)))?;
    match result {
        Ok(signed) => Ok(signed.application),
        Err(e) => {
            if !matches!(e, ApprovalError::Invalid(_)) {
                log::warn!("digital signing failed: {e:?}");
            }
            Err(Problems(e.problems()))
        }
    }
}
