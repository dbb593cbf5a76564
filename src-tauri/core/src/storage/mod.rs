//! Drafts, signed applications and their versions in a local SQLite file.
//!
//! One row per (application id, version) holds the whole [`Application`](crate::model::Application) JSON,
//! plus copies of a few fields for the list. Drafts are saved as the user types;
//! signed applications are sealed and never change again ("Ny version" makes the
//! next version instead). The register module shares the same file through
//! [`Store::connection`].
//!
//! | file | concern |
//! |---|---|
//! | `store.rs` | [`Store`] and its operations |
//! | `open.rs` | opening a file safely, pragmas, migrating |
//! | `paths.rs` | the default location ([`Store::default_path`]) |
//! | `handover.rs` | marks for handing a draft over as a file (sent, received) |
//! | `error.rs` | [`StorageError`] and its Swedish messages |
//! | `migrations.rs` | the schema's migrations |
//! | `signed_pdf.rs` | the digitally signed PDF as signed, and the signing settings (issue 14) |
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::storage::{Status, Store};
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
//! let dir = tempfile::tempdir().unwrap();
//! let store = Store::open(&dir.path().join("kanalansokan.sqlite")).unwrap();
//!
//! let mut draft = store.create_draft(today).unwrap();
//! draft.unit = "Smedjebackens bibliotek".into();
//! store.save_draft(&draft).unwrap();
//!
//! let list = store.list().unwrap();
//! assert_eq!(list[0].unit, "Smedjebackens bibliotek");
//! assert_eq!(list[0].status, Status::Draft);
//! assert_eq!(store.get(&draft.id, 1).unwrap(), draft);
//! ```

mod error;
mod handover;
pub mod migrations;
mod open;
mod paths;
mod signed_pdf;
mod store;

use serde::{Deserialize, Serialize};

pub use error::StorageError;
pub use handover::{HandoverRecord, StoredRow};
pub use open::APPLICATION_ID;
pub use paths::{DB_FILE_NAME, log_dir};
pub use signed_pdf::{DigitalSignature, Setting};
pub use store::Store;

/// Where an application is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// "Utkast": still being filled in; saved as typed.
    #[serde(rename = "utkast")]
    Draft,
    /// "Signerad": sealed; read-only for ever.
    #[serde(rename = "signerad")]
    Signed,
}

impl Status {
    /// The value in the `status` column and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "utkast",
            Status::Signed => "signerad",
        }
    }

    /// Parses the column value; `None` for anything else.
    pub fn from_str_opt(s: &str) -> Option<Status> {
        match s {
            "utkast" => Some(Status::Draft),
            "signerad" => Some(Status::Signed),
            _ => None,
        }
    }

    /// The word a user reads in the list.
    pub fn label(self) -> &'static str {
        match self {
            Status::Draft => "Utkast",
            Status::Signed => "Signerad",
        }
    }
}

/// One row of the list of applications ("Mina ansökningar").
///
/// # Example
///
/// ```
/// use kanalansokan_core::storage::{ApplicationSummary, Status};
/// let s = ApplicationSummary {
///     id: "5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a23".into(),
///     version: 2,
///     unit: "Smedjebackens bibliotek".into(),
///     status: Status::Signed,
///     updated_at: "2026-11-29T04:12:08.123Z".into(),
///     signed_at: Some("2026-11-29T04:12:08Z".into()),
///     sent_for_approval_at: None,
///     received_from: None,
///     received_at: None,
/// };
/// let json = serde_json::to_value(&s).unwrap();
/// assert_eq!(json["status"], "signerad");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: String,
    pub version: u32,
    /// "Förvaltning/enhetens namn" as typed, trimmed; may be empty for a new draft.
    pub unit: String,
    pub status: Status,
    /// Last save, RFC 3339 UTC with milliseconds ("2026-11-29T04:12:08.123Z").
    pub updated_at: String,
    /// When it was signed (the application's `signed_at`); `None` for a draft.
    pub signed_at: Option<String>,
    /// When the draft was last written as a file for the manager's approval
    /// ("Skickad för godkännande"); `None` if never.
    #[serde(default)]
    pub sent_for_approval_at: Option<String>,
    /// The file name it was opened from ("Mottagen … från …"); `None` if made here.
    #[serde(default)]
    pub received_from: Option<String>,
    /// When it was opened from that file.
    #[serde(default)]
    pub received_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The window's list reads exactly these keys; pin them.
    #[test]
    fn summary_json_shape_is_pinned() {
        let s = ApplicationSummary {
            id: "a".into(),
            version: 3,
            unit: "Biblioteket".into(),
            status: Status::Draft,
            updated_at: "2026-11-29T04:12:08.123Z".into(),
            signed_at: None,
            sent_for_approval_at: None,
            received_from: Some("ansokan.pdf".into()),
            received_at: Some("2026-11-29T05:00:00.000Z".into()),
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({
                "id": "a", "version": 3, "unit": "Biblioteket", "status": "utkast",
                "updated_at": "2026-11-29T04:12:08.123Z", "signed_at": null,
                "sent_for_approval_at": null, "received_from": "ansokan.pdf",
                "received_at": "2026-11-29T05:00:00.000Z"
            })
        );
    }

    #[test]
    fn status_words() {
        for s in [Status::Draft, Status::Signed] {
            assert_eq!(Status::from_str_opt(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(Status::from_str_opt("Utkast"), None);
        assert_eq!(Status::Draft.label(), "Utkast");
        assert_eq!(Status::Signed.label(), "Signerad");
    }
}
