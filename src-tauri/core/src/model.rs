//! The application ("Sociala medier – Ansökan") as data.
//!
//! One struct serves three purposes, so there is one format to document and test:
//! the draft the window autosaves (anything the user has typed, even if invalid),
//! the file `kanalansokan validate` reads, and the data embedded in the PDF.
//!
//! Every text field is a plain `String` *as typed*: a draft must keep "2026-13-45"
//! or "070-12" exactly, so that nothing typed is lost. [`crate::validate`] checks
//! the rules and [`crate::validate::normalize`] produces the canonical values
//! (trimmed NFC text, E.164 phone numbers, full https addresses) that are sealed.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::model::Application;
//! let app: Application = serde_json::from_str(include_str!(
//!     "../../../tests/fixtures/valid-application.json"
//! )).unwrap();
//! assert_eq!(app.schema_version, kanalansokan_core::model::SCHEMA_VERSION);
//! ```

use serde::{Deserialize, Serialize};

pub mod notice;

/// The version of the JSON format below. Bump it on any incompatible change and
/// keep reading the old one: signed PDFs live for decades in the records system.
pub const SCHEMA_VERSION: u32 = 1;

/// One application for an official social-media channel, in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    /// Format version of this JSON; see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Identifies the application across its versions (a UUID, lower-case, hyphenated).
    pub id: String,
    /// 1 for the first version; "Ny version" of a signed application adds one.
    pub version: u32,
    /// 1. "Förvaltning/enhetens namn".
    #[serde(default)]
    pub unit: String,
    /// 2. "Socialt media som verksamheten vill använda — Ange adress".
    #[serde(default)]
    pub channels: Vec<Channel>,
    /// 3. "Syftet med att delta".
    #[serde(default)]
    pub purpose: String,
    /// 4. "Målgruppen".
    #[serde(default)]
    pub audience: String,
    /// 5. "Ansvariga för kanalen".
    #[serde(default)]
    pub responsible: Vec<Person>,
    /// 6. "Vem/vilka sköter det praktiska, bevaka, svara på inlägg".
    #[serde(default)]
    pub operators: Vec<Person>,
    /// 7. "Har läst kommunens riktlinjer för sociala medier".
    #[serde(default)]
    pub guidelines_read: bool,
    /// 8. "Godkännande av närmaste chef: Datum/namn/underskrift".
    #[serde(default)]
    pub approval: Approval,
    /// When the application was signed (RFC 3339, UTC, whole seconds); `None` for a draft.
    /// Part of the sealed content, and the PDF's creation date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    /// SHA-256 (lower-case hex) of the canonical form of everything above; `None` for a draft.
    /// See [`crate::seal`]. Never part of what it seals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<String>,
}

/// One row of field 2: a platform and the channel's address on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// One of [`Platform::code`], or "" while the user has not chosen.
    #[serde(default)]
    pub platform: String,
    /// The platform's name when `platform` is "annat" (e.g. "Mastodon"); otherwise empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub platform_name: String,
    /// As typed: a full https URL, or for Instagram, X and TikTok also a handle like `@biblioteket`.
    /// Normalised to the full https URL.
    #[serde(default)]
    pub address: String,
}

/// A person in field 5 or 6 ("Namn", "Telefon", "E-post").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Person {
    #[serde(default)]
    pub name: String,
    /// As typed; normalised to E.164 ("+46701234567"). Shown the Swedish way ("070-123 45 67").
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// Field 8: the nearest manager's approval.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// "Datum": ISO 8601 calendar date ("2026-11-28"), as typed until validated.
    #[serde(default)]
    pub date: String,
    /// "namn": the manager's name in print (namnförtydligande).
    #[serde(default)]
    pub name: String,
    /// "underskrift": `None` until the manager has chosen how to sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

/// How the manager signed.
///
/// In JSON an object with `"kind"`: `"drawn"` (with `width`, `height`,
/// `strokes`), `"typed"` (with `text`) or `"paper"`; any other member is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Signature {
    /// Drawn on screen with mouse, pen or finger, kept as vector strokes.
    Drawn {
        /// Size of the drawing area in its own units; points lie within it.
        width: u32,
        height: u32,
        strokes: Vec<Stroke>,
    },
    /// Typed, for keyboard users: the name rendered in a signature style.
    Typed { text: String },
    /// "Signeras på papper": the PDF gets an empty line for a pen signature.
    Paper,
}

/// The members any kind of signature may have, read in one pass.
///
/// (serde's own reading of an internally tagged enum first copies the whole
/// object into a buffer, every point of a drawing included, to find `"kind"`;
/// that was a noticeable part of reading each imported PDF's data.)
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureMembers {
    kind: String,
    width: Option<u32>,
    height: Option<u32>,
    strokes: Option<Vec<Stroke>>,
    text: Option<String>,
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let m = SignatureMembers::deserialize(deserializer)?;
        // A member the kind does not have is refused as serde would refuse it.
        let only = |allowed: &'static [&'static str]| -> Result<(), D::Error> {
            let present = [
                ("width", m.width.is_some()),
                ("height", m.height.is_some()),
                ("strokes", m.strokes.is_some()),
                ("text", m.text.is_some()),
            ];
            match present
                .iter()
                .find(|(name, is)| *is && !allowed.contains(name))
            {
                Some((name, _)) => Err(D::Error::unknown_field(name, allowed)),
                None => Ok(()),
            }
        };
        match m.kind.as_str() {
            "drawn" => {
                only(&["width", "height", "strokes"])?;
                Ok(Signature::Drawn {
                    width: m.width.ok_or_else(|| D::Error::missing_field("width"))?,
                    height: m.height.ok_or_else(|| D::Error::missing_field("height"))?,
                    strokes: m
                        .strokes
                        .ok_or_else(|| D::Error::missing_field("strokes"))?,
                })
            }
            "typed" => {
                only(&["text"])?;
                Ok(Signature::Typed {
                    text: m.text.ok_or_else(|| D::Error::missing_field("text"))?,
                })
            }
            "paper" => {
                only(&[])?;
                Ok(Signature::Paper)
            }
            other => Err(D::Error::unknown_variant(
                other,
                &["drawn", "typed", "paper"],
            )),
        }
    }
}

/// One continuous pen movement.
pub type Stroke = Vec<Point>;

/// A sampled pen position. Integers, so the canonical form (and the seal) has no
/// floating-point formatting questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// 0..=width, left to right.
    pub x: u32,
    /// 0..=height, top to bottom.
    pub y: u32,
    /// Milliseconds since the stroke began.
    pub t: u32,
}

/// The platforms of field 2 ("Ex Facebook/Instagram").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Platform {
    Facebook,
    Instagram,
    X,
    LinkedIn,
    YouTube,
    TikTok,
    Blog,
    Other,
}

impl Platform {
    /// Every platform, in the order the window lists them.
    pub const ALL: [Platform; 8] = [
        Platform::Facebook,
        Platform::Instagram,
        Platform::X,
        Platform::LinkedIn,
        Platform::YouTube,
        Platform::TikTok,
        Platform::Blog,
        Platform::Other,
    ];

    /// The code stored in JSON.
    pub fn code(self) -> &'static str {
        match self {
            Platform::Facebook => "facebook",
            Platform::Instagram => "instagram",
            Platform::X => "x",
            Platform::LinkedIn => "linkedin",
            Platform::YouTube => "youtube",
            Platform::TikTok => "tiktok",
            Platform::Blog => "blogg",
            Platform::Other => "annat",
        }
    }

    /// The name a user reads.
    pub fn label(self) -> &'static str {
        match self {
            Platform::Facebook => "Facebook",
            Platform::Instagram => "Instagram",
            Platform::X => "X",
            Platform::LinkedIn => "LinkedIn",
            Platform::YouTube => "YouTube",
            Platform::TikTok => "TikTok",
            Platform::Blog => "Blogg",
            Platform::Other => "Annat",
        }
    }

    /// Parses a JSON code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.code() == code)
    }
}

impl Channel {
    /// The platform's name as a user reads it: "Facebook", or the free name for "Annat".
    pub fn platform_display(&self) -> String {
        match Platform::from_code(&self.platform) {
            Some(Platform::Other) if !self.platform_name.trim().is_empty() => {
                self.platform_name.trim().to_string()
            }
            Some(p) => p.label().to_string(),
            None => self.platform.clone(),
        }
    }
}

impl Application {
    /// A new, empty draft as the window shows it first: one channel row and, as on
    /// the paper form, two person rows in each list. Approval date defaults to `today`.
    pub fn new_draft(today: chrono::NaiveDate) -> Application {
        Application {
            schema_version: SCHEMA_VERSION,
            id: uuid::Uuid::new_v4().to_string(),
            version: 1,
            unit: String::new(),
            channels: vec![Channel::default()],
            purpose: String::new(),
            audience: String::new(),
            responsible: vec![Person::default(), Person::default()],
            operators: vec![Person::default(), Person::default()],
            guidelines_read: false,
            approval: Approval {
                date: today.format("%Y-%m-%d").to_string(),
                ..Approval::default()
            },
            signed_at: None,
            seal: None,
        }
    }

    /// Signed applications are sealed and never change; see [`crate::seal`].
    pub fn is_signed(&self) -> bool {
        self.seal.is_some()
    }

    /// Person rows where every field is blank are placeholders (the form starts with
    /// two); they are neither validated nor sealed.
    pub fn without_blank_rows(&self) -> Application {
        let mut app = self.clone();
        app.channels.retain(|c| {
            !(c.platform.trim().is_empty()
                && c.address.trim().is_empty()
                && c.platform_name.trim().is_empty())
        });
        app.responsible.retain(|p| !p.is_blank());
        app.operators.retain(|p| !p.is_blank());
        app
    }
}

impl Person {
    /// True when name, phone and e-mail are all empty or whitespace.
    pub fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.phone.trim().is_empty() && self.email.trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_codes_round_trip() {
        for p in Platform::ALL {
            assert_eq!(Platform::from_code(p.code()), Some(p));
        }
        assert_eq!(Platform::from_code("myspace"), None);
    }

    #[test]
    fn new_draft_has_the_paper_forms_rows() {
        let app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(app.channels.len(), 1);
        assert_eq!(app.responsible.len(), 2);
        assert_eq!(app.operators.len(), 2);
        assert_eq!(app.approval.date, "2026-11-29");
        assert!(!app.is_signed());
    }

    #[test]
    fn signature_json_is_tagged() {
        let s = Signature::Typed {
            text: "Åsa Öberg".into(),
        };
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"kind":"typed","text":"Åsa Öberg"}"#
        );
        let p: Signature = serde_json::from_str(r#"{"kind":"paper"}"#).unwrap();
        assert_eq!(p, Signature::Paper);
    }

    #[test]
    fn every_kind_of_signature_reads_back_and_wrong_shapes_say_what_is_wrong() {
        let drawn = Signature::Drawn {
            width: 300,
            height: 100,
            strokes: vec![vec![
                Point { x: 1, y: 2, t: 0 },
                Point { x: 3, y: 4, t: 16 },
            ]],
        };
        for s in [
            drawn,
            Signature::Typed {
                text: "Åsa".into()
            },
            Signature::Paper,
        ] {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(
                serde_json::from_str::<Signature>(&json).unwrap(),
                s,
                "{json}"
            );
        }
        // "kind" need not come first.
        let late: Signature = serde_json::from_str(r#"{"text":"Åsa","kind":"typed"}"#).unwrap();
        assert_eq!(
            late,
            Signature::Typed {
                text: "Åsa".into()
            }
        );
        let error = |json: &str| {
            serde_json::from_str::<Signature>(json)
                .unwrap_err()
                .to_string()
        };
        for (json, says) in [
            (
                r#"{"kind":"stamp"}"#,
                "unknown variant `stamp`, expected one of `drawn`, `typed`, `paper`",
            ),
            (r#"{"text":"Åsa"}"#, "missing field `kind`"),
            (r#"{"kind":"typed"}"#, "missing field `text`"),
            (
                r#"{"kind":"drawn","width":1,"strokes":[]}"#,
                "missing field `height`",
            ),
            (
                r#"{"kind":"typed","text":"Å","width":3}"#,
                "unknown field `width`, expected `text`",
            ),
            (
                r#"{"kind":"paper","text":"Å"}"#,
                "unknown field `text`, there are no fields",
            ),
            (
                r#"{"kind":"paper","colour":"blå"}"#,
                "unknown field `colour`",
            ),
            (
                r#"{"kind":"drawn","width":1,"height":1,"strokes":[[{"x":1,"y":1}]]}"#,
                "missing field `t`",
            ),
            (
                r#"{"kind":"drawn","width":-1,"height":1,"strokes":[]}"#,
                "invalid value",
            ),
        ] {
            assert!(error(json).contains(says), "{json}: {}", error(json));
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_str::<Person>(r#"{"name":"A","fax":"1"}"#).unwrap_err();
        assert!(err.to_string().contains("fax"));
    }
}
