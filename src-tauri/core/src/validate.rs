//! TEMPORARY stand-in written on the `shell` branch (contract signatures only, two
//! rules so the window's error display can be exercised). Replaced on merge.

use crate::error::UserError;
use crate::model::Application;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    Form,
    Signing,
}

pub fn validate(app: &Application, _today: chrono::NaiveDate, _check: Check) -> Vec<UserError> {
    let app = app.without_blank_rows();
    let mut out = Vec::new();
    if app.unit.trim().is_empty() {
        out.push(
            UserError::new("unit.required", "Ange förvaltningens eller enhetens namn.")
                .with_field("unit"),
        );
    }
    for (i, p) in app.responsible.iter().enumerate() {
        if !p.email.contains('@') {
            out.push(
                UserError::new("person.email.invalid", "Ange en giltig e-postadress.")
                    .with_field(format!("responsible[{i}].email")),
            );
        }
    }
    if app.operators.len() < 2 {
        out.push(
            UserError::new(
                "operators.deputy_missing",
                "Ange minst två personer: riktlinjerna kräver en ersättare vid frånvaro.",
            )
            .with_field("operators"),
        );
    }
    out
}

pub fn normalize(app: &Application) -> Application {
    app.without_blank_rows()
}

pub fn phone_display(e164: &str) -> String {
    e164.to_string()
}
