//! STUB in the `pdf` branch — replaced at merge by the validate helper's real
//! module. Only the contract names exist here so that `seal::sign` and the PDF
//! renderer compile; it checks almost nothing.

use crate::error::UserError;
use crate::model::Application;

/// Which rules to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Form,
    Signing,
}

/// STUB: only requires a signature choice when signing.
pub fn validate(app: &Application, _today: chrono::NaiveDate, check: Check) -> Vec<UserError> {
    let mut problems = Vec::new();
    if check == Check::Signing && app.approval.signature.is_none() {
        problems.push(
            UserError::new("approval.signature.required", "Välj hur chefen signerar.")
                .with_field("approval.signature"),
        );
    }
    problems
}

/// STUB: drops blank rows and trims; the real one also does NFC, E.164 and URLs.
pub fn normalize(app: &Application) -> Application {
    let mut app = app.without_blank_rows();
    app.unit = app.unit.trim().to_string();
    app
}

/// STUB: "+46701234567" -> "070-123 45 67" for Swedish mobiles; others unchanged.
pub fn phone_display(e164: &str) -> String {
    match e164.strip_prefix("+46") {
        Some(rest) if rest.len() == 9 && rest.starts_with('7') => format!(
            "0{}-{} {} {}",
            &rest[..2],
            &rest[2..5],
            &rest[5..7],
            &rest[7..]
        ),
        Some(rest) => format!("0{rest}"),
        None => e164.to_string(),
    }
}
