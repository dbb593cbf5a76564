//! [`RegisterError`]: what can go wrong in the register outside an import verdict.

use std::path::PathBuf;

use crate::error::{ToUserError, UserError};

/// Errors of the register's operations (close, Dnr, gallring, export, opening).
///
/// A file refused at import is not an error but an [`ImportVerdict`](super::ImportVerdict);
/// these are for operations the registrar asked for that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("register data is not valid JSON: {0}")]
    Corrupt(String),
    #[error("no channel with id {0}")]
    ChannelNotFound(i64),
    #[error("no imported application {0}")]
    ApplicationNotFound(String),
    #[error("channel {0} is already closed")]
    AlreadyClosed(i64),
    #[error("not an ISO date: {0:?}")]
    InvalidDate(String),
    #[error("close date {date} is before the approval date {since}")]
    CloseBeforeApproval { date: String, since: String },
    #[error("close date {0} is in the future")]
    DateInFuture(String),
    #[error("a reason is required")]
    ReasonRequired,
    #[error("a decision reference is required")]
    ReferenceRequired,
    #[error("text too long ({field}: {len} > {max})")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("Dnr contains control characters")]
    InvalidDnr,
    #[error("application {0} still has active channels")]
    StillActive(String),
    #[error("not a paper-signed application")]
    NotPaperSigned,
    /// A CA certificate or CRL file the registrar chose could not be read
    /// (the reason from [`crate::pades`], already in Swedish).
    #[error("trust file refused: {0:?}")]
    TrustFile(UserError),
    #[error("already trusted: {0}")]
    AlreadyTrusted(String),
    #[error("no trusted issuer or CRL {0:?}")]
    TrustNotFound(String),
}

impl RegisterError {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> RegisterError {
        RegisterError::Io {
            path: path.into(),
            source,
        }
    }
}

impl ToUserError for RegisterError {
    fn to_user_error(&self) -> UserError {
        match self {
            RegisterError::Database(e) if is_busy(e) => UserError::new(
                "register.busy",
                "Registret används av ett annat program just nu. Försök igen om en stund.",
            ),
            RegisterError::Database(_) => UserError::new(
                "register.database",
                "Registret kunde inte läsas eller sparas. Inget har ändrats.",
            ),
            RegisterError::Io { path, .. } => UserError::new(
                "register.io",
                format!("Filen {} kunde inte läsas eller skrivas.", path.display()),
            ),
            RegisterError::Corrupt(_) => UserError::new(
                "register.corrupt",
                "Registret innehåller uppgifter som inte går att läsa. Kontakta support.",
            ),
            RegisterError::ChannelNotFound(id) => UserError::new(
                "register.channel_not_found",
                format!("Det finns ingen kanal med nummer {id} i registret."),
            ),
            RegisterError::ApplicationNotFound(_) => UserError::new(
                "register.application_not_found",
                "Ansökan finns inte i registret.",
            ),
            RegisterError::AlreadyClosed(id) => UserError::new(
                "register.already_closed",
                format!("Kanal {id} är redan avslutad."),
            ),
            RegisterError::InvalidDate(_) => UserError::new(
                "register.date.invalid",
                "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-29.",
            )
            .with_field("date"),
            RegisterError::CloseBeforeApproval { since, .. } => UserError::new(
                "register.date.before_approval",
                format!("Kanalen kan inte avslutas före godkännandet ({since})."),
            )
            .with_field("date"),
            RegisterError::DateInFuture(_) => UserError::new(
                "register.date.future",
                "Datumet kan inte ligga i framtiden.",
            )
            .with_field("date"),
            RegisterError::TrustFile(reason) => reason.clone(),
            RegisterError::AlreadyTrusted(name) => UserError::new(
                "register.trust.already",
                format!("{name} finns redan bland betrodda utfärdare."),
            ),
            RegisterError::TrustNotFound(key) => UserError::new(
                "register.trust.not_found",
                format!(
                    "Det finns ingen betrodd utfärdare eller spärrlista med nummer eller fingeravtryck {key}."
                ),
            ),
            RegisterError::ReasonRequired => {
                UserError::new("register.reason.required", "Ange en anledning.")
                    .with_field("reason")
            }
            RegisterError::ReferenceRequired => UserError::new(
                "register.reference.required",
                "Ange vilket gallringsbeslut som gäller (till exempel dess Dnr).",
            )
            .with_field("reference"),
            RegisterError::TooLong { field, max, .. } => UserError::new(
                "register.too_long",
                format!("Texten är för lång (högst {max} tecken)."),
            )
            .with_field(*field),
            RegisterError::InvalidDnr => UserError::new(
                "register.dnr.invalid",
                "Diarienumret kan inte innehålla radbrytningar eller styrtecken.",
            )
            .with_field("dnr"),
            RegisterError::StillActive(_) => UserError::new(
                "register.dispose.active",
                "Ansökan har aktiva kanaler. Avsluta dem innan uppgifterna gallras.",
            ),
            RegisterError::NotPaperSigned => UserError::new(
                "register.not_paper_signed",
                "Ansökan är inte signerad på papper; importera den som vanligt.",
            ),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_swedish() {
        let e = RegisterError::CloseBeforeApproval {
            date: "2026-01-01".into(),
            since: "2026-02-01".into(),
        }
        .to_user_error();
        assert_eq!(e.code, "register.date.before_approval");
        assert_eq!(e.field.as_deref(), Some("date"));
        assert!(e.message.contains("2026-02-01"));
        assert_eq!(
            RegisterError::ReasonRequired.to_user_error().code,
            "register.reason.required"
        );
    }
}
