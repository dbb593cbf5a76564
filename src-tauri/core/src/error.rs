//! What the window (and `--json` output) is told when something goes wrong.
//!
//! Each layer has its own `thiserror` enum (`StorageError`, `PdfError`, …) with the
//! internal detail a developer needs; it goes to the log. What reaches a person is
//! a [`UserError`]: a stable machine code, a Swedish sentence, and the form field
//! it concerns, if any. The JSON shape `{code, message, field}` is pinned by a test
//! because the front end depends on it.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::error::UserError;
//! let e = UserError::new("unit.required", "Ange förvaltningens eller enhetens namn.")
//!     .with_field("unit");
//! assert_eq!(
//!     serde_json::to_string(&e).unwrap(),
//!     r#"{"code":"unit.required","message":"Ange förvaltningens eller enhetens namn.","field":"unit"}"#
//! );
//! ```

use serde::{Deserialize, Serialize};

/// An error or validation problem as a person sees it.
///
/// `field` is a path into the application JSON such as `unit`,
/// `channels[1].address` or `approval.date`; `None` when it concerns no one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct UserError {
    /// Stable, dotted, English: `channels.address.host_mismatch`. Tests and the front
    /// end match on it; never change one that has shipped.
    pub code: String,
    /// One or two sentences in Swedish that say what is wrong and what to do.
    pub message: String,
    /// The field it concerns, as a path into the application JSON.
    pub field: Option<String>,
}

impl UserError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> UserError {
        UserError {
            code: code.into(),
            message: message.into(),
            field: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> UserError {
        self.field = Some(field.into());
        self
    }
}

/// Turns a layer's error into what a person reads. Implementations log nothing;
/// the caller logs the internal error (`{err:?}`) before converting it.
pub trait ToUserError {
    fn to_user_error(&self) -> UserError;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_is_code_message_field() {
        let e = UserError::new("x.y", "Något gick fel.");
        let v: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "x.y", "message": "Något gick fel.", "field": null})
        );
    }
}
