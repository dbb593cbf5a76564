//! TEMPORARY stand-in on the `shell` branch (contract signature of `sign` only), so
//! the window's "Signera" can be built and tested before the pdf branch lands.
//! Replaced wholesale by the real module on merge.

use sha2::{Digest, Sha256};

use crate::error::UserError;
use crate::model::Application;
use crate::validate::{self, Check};

pub fn sign(
    app: &Application,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Application, Vec<UserError>> {
    let problems = validate::validate(app, now.date_naive(), Check::Signing);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut signed = validate::normalize(app);
    signed.signed_at = Some(now.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    signed.seal = None;
    let bytes = serde_json::to_vec(&signed).unwrap_or_default();
    signed.seal = Some(
        Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    );
    Ok(signed)
}
