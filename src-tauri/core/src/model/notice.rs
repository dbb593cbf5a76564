//! The unit's closure notice ("Anmälan om avslutad kanal") as data.
//!
//! The guidelines: "Om närvaron i det sociala mediet avslutas ska det meddelas
//! kommuns kommunikatör." A unit that stops using one or more channels reports
//! it on this notice; the nearest manager approves it as they approve an
//! application; the registrar imports the PDF and the channels are closed.
//!
//! Like [`super::Application`], one struct is the draft, the file `kanalansokan
//! notice validate` reads, and the data embedded in the PDF (as
//! `kanalansokan-avslut.json`); text is kept as typed until
//! [`crate::validate::notice::normalize`]. People and the approval are the
//! application's own types ([`Person`], [`Approval`], [`super::Signature`]).
//!
//! # The JSON format (schema version [`NOTICE_SCHEMA_VERSION`])
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "kind": "avslut",
//!   "id": "0b6f1c8e-2d4a-4f7b-9c1e-5a3d2f6b8e90",
//!   "unit": "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
//!   "channels": [
//!     { "application": { "id": "5f0c…", "version": 1 },
//!       "platform": "facebook", "address": "https://www.facebook.com/…" },
//!     { "platform": "annat", "platform_name": "Mastodon", "address": "https://…" }
//!   ],
//!   "last_day": "2026-12-04",
//!   "reason": "Biblioteket samlar sin information på webbplatsen.",
//!   "reporter": { "name": "Åsa Öberg", "phone": "+46240660000", "email": "…" },
//!   "approval": { "date": "2026-12-05", "name": "Karin Ålund",
//!                 "signature": { "kind": "typed", "text": "Karin Ålund" } },
//!   "signed_at": "2026-12-05T10:00:00Z",
//!   "seal": "…64 hex digits…"
//! }
//! ```
//!
//! `kind` is always `"avslut"`: it tells a notice from an application in any
//! file that holds one of them. A channel with `application` was approved in that
//! signed application (id and version, as the registrar's register knows it); one
//! without was typed in, for channels opened before the app. The seal is computed
//! as the application's ([`crate::seal`], module documentation): the canonical
//! JSON of everything but `"seal"`, SHA-256, lower-case hex.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::model::notice::{ClosureNotice, NOTICE_SCHEMA_VERSION};
//! let notice: ClosureNotice = serde_json::from_str(include_str!(
//!     "../../../../tests/fixtures/valid-notice.json"
//! )).unwrap();
//! assert_eq!(notice.schema_version, NOTICE_SCHEMA_VERSION);
//! ```

use serde::{Deserialize, Serialize};

use super::{Approval, Channel, Person};

/// The version of the notice's JSON format. Bump it on any incompatible change
/// and keep reading the old one.
pub const NOTICE_SCHEMA_VERSION: u32 = 1;

/// The value of `kind` in every notice.
pub const NOTICE_KIND: &str = "avslut";

/// "Anmälan om avslutad kanal": one unit's report that channels have closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosureNotice {
    /// Format version of this JSON; see [`NOTICE_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always [`NOTICE_KIND`].
    pub kind: String,
    /// Identifies the notice (a UUID, lower-case, hyphenated).
    pub id: String,
    /// "Förvaltning/enhetens namn".
    #[serde(default)]
    pub unit: String,
    /// "Kanal eller kanaler som avslutas".
    #[serde(default)]
    pub channels: Vec<ClosingChannel>,
    /// "Sista dag": the last day the channel was used, ISO 8601 ("2026-12-04").
    #[serde(default)]
    pub last_day: String,
    /// "Anledning".
    #[serde(default)]
    pub reason: String,
    /// "Anmäld av": who reports it.
    #[serde(default)]
    pub reporter: Person,
    /// "Godkännande av närmaste chef: Datum/namn/underskrift".
    #[serde(default)]
    pub approval: Approval,
    /// When it was signed (RFC 3339, UTC, whole seconds); `None` for a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    /// SHA-256 (lower-case hex) of the canonical form of everything above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

/// One channel that closes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ClosingChannel {
    /// The signed application the channel was approved in; `None` for a channel
    /// typed in (opened before the app).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<ApplicationRef>,
    /// As in the application: a platform code ([`super::Platform::code`]).
    #[serde(default)]
    pub platform: String,
    /// The platform's name when `platform` is "annat".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub platform_name: String,
    /// The channel's address, as in the application.
    #[serde(default)]
    pub address: String,
}

/// Which signed application a channel was approved in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationRef {
    /// The application's id (UUID).
    pub id: String,
    /// The signed version the channel is taken from.
    pub version: u32,
}

impl ClosingChannel {
    /// The channel part as the application's [`Channel`] (for its rules and names).
    pub fn as_channel(&self) -> Channel {
        Channel {
            platform: self.platform.clone(),
            platform_name: self.platform_name.clone(),
            address: self.address.clone(),
        }
    }

    /// The same channel of a signed application, for "Anmäl att kanalen avslutas…".
    pub fn from_application(app: &super::Application, channel: &Channel) -> ClosingChannel {
        ClosingChannel {
            application: Some(ApplicationRef {
                id: app.id.clone(),
                version: app.version,
            }),
            platform: channel.platform.clone(),
            platform_name: channel.platform_name.clone(),
            address: channel.address.clone(),
        }
    }
}

impl ClosureNotice {
    /// A new, empty notice: one channel row, approval date `today`.
    pub fn new_draft(today: chrono::NaiveDate) -> ClosureNotice {
        ClosureNotice {
            schema_version: NOTICE_SCHEMA_VERSION,
            kind: NOTICE_KIND.into(),
            id: uuid::Uuid::new_v4().to_string(),
            unit: String::new(),
            channels: vec![ClosingChannel::default()],
            last_day: String::new(),
            reason: String::new(),
            reporter: Person::default(),
            approval: Approval {
                date: today.format("%Y-%m-%d").to_string(),
                ..Approval::default()
            },
            signed_at: None,
            seal: None,
        }
    }

    /// A notice for every channel of a signed application, filled in from it
    /// (unit, channels with their application, the first responsible person as
    /// the reporter).
    pub fn for_application(app: &super::Application, today: chrono::NaiveDate) -> ClosureNotice {
        let mut notice = ClosureNotice::new_draft(today);
        notice.unit = app.unit.clone();
        notice.channels = app
            .channels
            .iter()
            .map(|c| ClosingChannel::from_application(app, c))
            .collect();
        notice.reporter = app.responsible.first().cloned().unwrap_or_default();
        notice
    }

    /// Signed notices are sealed and never change.
    pub fn is_signed(&self) -> bool {
        self.seal.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_reads_and_unknown_members_are_refused() {
        let notice: ClosureNotice =
            serde_json::from_str(include_str!("../../../../tests/fixtures/valid-notice.json"))
                .unwrap();
        assert_eq!(notice.kind, NOTICE_KIND);
        assert!(notice.channels[0].application.is_some());
        assert!(notice.channels[1].application.is_none());
        let json = serde_json::to_string(&notice).unwrap();
        let extra = json.replacen('{', r#"{"fax":"1","#, 1);
        let err = serde_json::from_str::<ClosureNotice>(&extra).unwrap_err();
        assert!(err.to_string().contains("fax"), "{err}");
    }

    #[test]
    fn a_notice_for_an_application_names_its_channels() {
        let app: super::super::Application = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/signed-application.json"
        ))
        .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let n = ClosureNotice::for_application(&app, today);
        assert_eq!(n.channels.len(), app.channels.len());
        assert_eq!(n.channels[0].address, app.channels[0].address);
        assert_eq!(
            n.channels[0].application,
            Some(ApplicationRef {
                id: app.id.clone(),
                version: app.version
            })
        );
        assert_eq!(n.reporter, app.responsible[0]);
        assert!(!n.is_signed());
    }
}
