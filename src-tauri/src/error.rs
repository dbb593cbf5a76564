//! What a failed command tells the page.
//!
//! Every command returns `Result<T, CommandError>`. The page receives the error as
//! `{code, message, field}` — exactly the core's [`UserError`] — so the front end has
//! one shape to show, whatever layer failed. The internal cause is logged, never sent.

use kanalansokan_core::error::{ToUserError, UserError};
use serde::Serialize;

/// A command's failure as the page sees it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct CommandError(pub UserError);

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl CommandError {
    /// Logs the internal error for support and keeps only what a person should read.
    pub fn from_layer<E: ToUserError + std::fmt::Debug>(err: E) -> CommandError {
        log::warn!("command failed: {err:?}");
        CommandError(err.to_user_error())
    }
}

impl From<UserError> for CommandError {
    fn from(e: UserError) -> CommandError {
        CommandError(e)
    }
}

impl From<kanalansokan_core::storage::StorageError> for CommandError {
    fn from(e: kanalansokan_core::storage::StorageError) -> CommandError {
        CommandError::from_layer(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front end (ui/js/ipc.js) reads exactly these three keys.
    #[test]
    fn serialises_as_code_message_field() {
        let e = CommandError(
            UserError::new("storage.signed", "Ansökan är signerad och kan inte ändras.")
                .with_field("unit"),
        );
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "code": "storage.signed",
                "message": "Ansökan är signerad och kan inte ändras.",
                "field": "unit"
            })
        );
        let none = CommandError(UserError::new("x.y", "Något gick fel."));
        assert_eq!(
            serde_json::to_string(&none).unwrap(),
            r#"{"code":"x.y","message":"Något gick fel.","field":null}"#
        );
    }
}
