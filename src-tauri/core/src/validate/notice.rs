//! The closure notice's rules ("Anmälan om avslutad kanal",
//! [`crate::model::notice`]), with the application's own rules reused for what the
//! two share: channel addresses, the person, the approval, every text.
//!
//! Problems are [`UserError`]s whose `field` is a path into the notice JSON
//! (`unit`, `channels[1].address`, `last_day`, `reporter.email`, `approval.date`).
//!
//! # Codes
//!
//! Those of [`super`] for the shared parts (`unit.required`, `channels.address.*`,
//! `channels.platform.*`, `person.*`, `approval.*`, `text.*`, `id.invalid`,
//! `schema_version.unsupported`), and:
//!
//! | code | field | when |
//! |---|---|---|
//! | `notice.kind.invalid` | `kind` | `kind` is not `"avslut"` |
//! | `notice.channels.required` | `channels` | no channel row filled in |
//! | `notice.channels.application.invalid` | `channels[i].application` | the application reference has no UUID or version 0 |
//! | `notice.last_day.required` | `last_day` | last day empty |
//! | `notice.last_day.invalid` | `last_day` | not an ISO date `ÅÅÅÅ-MM-DD` of a real day |
//! | `notice.last_day.future` | `last_day` | after today: the notice reports a channel that has closed |
//! | `notice.reason.required` | `reason` | reason empty |
//! | `notice.reporter.required` | `reporter` | nobody named as reporting it |

use chrono::NaiveDate;

use crate::error::UserError;
use crate::model::Channel;
use crate::model::notice::{ClosingChannel, ClosureNotice, NOTICE_KIND, NOTICE_SCHEMA_VERSION};

use super::text::Spec;
use super::{Check, MAX_LONG_TEXT, MAX_UNIT, clean_text, required_text};

/// Every problem with `notice`, in the form's order; empty when it may be signed
/// (with [`Check::Signing`]). `today` is the latest allowed last day and
/// approval date.
pub fn validate(notice: &ClosureNotice, today: NaiveDate, check: Check) -> Vec<UserError> {
    let mut errors = Vec::new();
    envelope(notice, &mut errors);
    required_text(
        &notice.unit,
        Spec::line(MAX_UNIT),
        "unit",
        ("unit.required", "Ange förvaltningens eller enhetens namn."),
        &mut errors,
    );
    channels(&notice.channels, &mut errors);
    last_day(&notice.last_day, today, &mut errors);
    required_text(
        &notice.reason,
        Spec::long(MAX_LONG_TEXT),
        "reason",
        (
            "notice.reason.required",
            "Beskriv varför kanalen avslutas, till exempel att verksamheten samlar sin information på webbplatsen.",
        ),
        &mut errors,
    );
    if notice.reporter.is_blank() {
        errors.push(
            UserError::new(
                "notice.reporter.required",
                "Ange vem som anmäler att kanalen avslutas, med namn, telefon och e-post.",
            )
            .with_field("reporter"),
        );
    } else {
        // The application's person rules, on a list of one; the row's path
        // `reporter[0].name` is the notice's `reporter.name`.
        let (_, rows) = super::people(std::slice::from_ref(&notice.reporter), "reporter");
        errors.extend(rows.into_iter().map(|mut e| {
            e.field = e.field.map(|f| f.replacen("reporter[0]", "reporter", 1));
            e
        }));
    }
    super::approval_rules(&notice.approval, today, check, &mut errors);
    errors
}

/// The notice as it is sealed: text cleaned, the phone in E.164, addresses
/// normalised as the application's, blank channel rows dropped, ids lower-case.
/// Never fails; values that do not pass [`validate`] are kept (cleaned).
pub fn normalize(notice: &ClosureNotice) -> ClosureNotice {
    let uuid = |id: &str| match uuid::Uuid::parse_str(id.trim()) {
        Ok(u) => u.hyphenated().to_string(),
        Err(_) => id.trim().to_string(),
    };
    ClosureNotice {
        schema_version: notice.schema_version,
        kind: notice.kind.clone(),
        id: uuid(&notice.id),
        unit: clean_text(&notice.unit, false),
        channels: notice
            .channels
            .iter()
            .filter(|c| !super::channel_is_blank(&c.as_channel()))
            .map(|c| {
                let channel = super::normalize_channel(&c.as_channel());
                ClosingChannel {
                    application: c.application.as_ref().map(|a| {
                        crate::model::notice::ApplicationRef {
                            id: uuid(&a.id),
                            version: a.version,
                        }
                    }),
                    platform: channel.platform,
                    platform_name: channel.platform_name,
                    address: channel.address,
                }
            })
            .collect(),
        last_day: clean_text(&notice.last_day, false),
        reason: clean_text(&notice.reason, true),
        reporter: super::normalize_people(std::slice::from_ref(&notice.reporter))
            .pop()
            .unwrap_or_default(),
        approval: super::normalize_approval(&notice.approval),
        signed_at: notice.signed_at.clone(),
        seal: notice.seal.clone(),
    }
}

fn envelope(notice: &ClosureNotice, errors: &mut Vec<UserError>) {
    if notice.schema_version != NOTICE_SCHEMA_VERSION {
        errors.push(
            UserError::new(
                "schema_version.unsupported",
                format!(
                    "Anmälan har formatversion {}; den här versionen av Kanalansökan läser version {}. \
                     Uppdatera programmet om anmälan är gjord i en nyare version.",
                    notice.schema_version, NOTICE_SCHEMA_VERSION
                ),
            )
            .with_field("schema_version"),
        );
    }
    if notice.kind != NOTICE_KIND {
        errors.push(
            UserError::new(
                "notice.kind.invalid",
                "Filen är inte en anmälan om avslutad kanal (\"kind\" ska vara \"avslut\").",
            )
            .with_field("kind"),
        );
    }
    if uuid::Uuid::parse_str(notice.id.trim()).is_err() {
        errors.push(
            UserError::new(
                "id.invalid",
                "Anmälan saknar ett giltigt id (ett UUID). Skapa anmälan i programmet i stället för att skriva filen för hand.",
            )
            .with_field("id"),
        );
    }
}

fn channels(list: &[ClosingChannel], errors: &mut Vec<UserError>) {
    // The application's channel rules, row for row (same indices, so the same
    // field paths), with its "no channel" message said for a notice.
    let as_channels: Vec<Channel> = list.iter().map(ClosingChannel::as_channel).collect();
    let mut found = Vec::new();
    super::channels(&as_channels, &mut found);
    for e in found {
        if e.code == "channels.required" {
            errors.push(
                UserError::new(
                    "notice.channels.required",
                    "Ange minst en kanal som avslutas: vilket socialt medium och kanalens adress.",
                )
                .with_field("channels"),
            );
        } else {
            errors.push(e);
        }
    }
    for (i, c) in list.iter().enumerate() {
        if let Some(app) = &c.application
            && (uuid::Uuid::parse_str(app.id.trim()).is_err() || app.version == 0)
        {
            errors.push(
                UserError::new(
                    "notice.channels.application.invalid",
                    "Kanalens ansökan är inte angiven rätt (id och version). Välj kanalen från en signerad ansökan \
                     i \u{201D}Mina ansökningar\u{201D}, eller skriv in kanalen utan ansökan.",
                )
                .with_field(format!("channels[{i}].application")),
            );
        }
    }
}

fn last_day(text: &str, today: NaiveDate, errors: &mut Vec<UserError>) {
    let text = clean_text(text, false);
    let example = today.format("%Y-%m-%d");
    if text.is_empty() {
        errors.push(
            UserError::new(
                "notice.last_day.required",
                format!("Ange kanalens sista dag som ÅÅÅÅ-MM-DD, till exempel {example}."),
            )
            .with_field("last_day"),
        );
        return;
    }
    // The approval date's check: the same formats and suggestions.
    if let Some(e) = super::date::check(&text, today, "last_day") {
        let (code, message) = match e.code.as_str() {
            "approval.date.future" => (
                "notice.last_day.future",
                format!(
                    "Sista dagen ({text}) har inte kommit än. Anmäl när kanalen har avslutats, \
                     med den sista dag den användes (i dag, {example}, eller tidigare)."
                ),
            ),
            _ => ("notice.last_day.invalid", e.message),
        };
        errors.push(UserError::new(code, message).with_field("last_day"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Signature;

    fn fixture() -> ClosureNotice {
        serde_json::from_str(include_str!("../../../../tests/fixtures/valid-notice.json")).unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 6).unwrap()
    }

    fn codes(n: &ClosureNotice, check: Check) -> Vec<(String, Option<String>)> {
        validate(n, today(), check)
            .into_iter()
            .map(|e| (e.code, e.field))
            .collect()
    }

    #[test]
    fn the_fixture_may_be_signed() {
        assert_eq!(codes(&fixture(), Check::Signing), vec![]);
    }

    #[test]
    fn an_empty_notice_says_what_is_missing_in_the_forms_order() {
        let mut n = ClosureNotice::new_draft(today());
        n.approval.date = String::new();
        let got: Vec<String> = codes(&n, Check::Signing)
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(
            got,
            [
                "unit.required",
                "notice.channels.required",
                "notice.last_day.required",
                "notice.reason.required",
                "notice.reporter.required",
                "approval.date.required",
                "approval.name.required",
                "approval.signature.required",
            ]
        );
        let messages = validate(&n, today(), Check::Signing);
        assert!(messages.iter().all(|e| !e.message.is_empty()));
    }

    #[test]
    fn shared_rules_name_the_notices_fields() {
        let mut n = fixture();
        n.channels[1].address = "http://mastodon.nu/@x".into();
        n.reporter.email = "åsa@smedjebacken".into();
        n.reporter.phone = "12".into();
        n.approval.signature = Some(Signature::Typed { text: " ".into() });
        n.channels[0].application.as_mut().unwrap().version = 0;
        let got = codes(&n, Check::Signing);
        for want in [
            ("channels.address.not_https", "channels[1].address"),
            (
                "notice.channels.application.invalid",
                "channels[0].application",
            ),
            ("person.phone.invalid", "reporter.phone"),
            ("approval.signature.empty", "approval.signature"),
        ] {
            assert!(
                got.contains(&(want.0.to_string(), Some(want.1.to_string()))),
                "{want:?} not in {got:?}"
            );
        }
        assert!(
            got.iter()
                .any(|(c, f)| c.starts_with("person.email")
                    && f.as_deref() == Some("reporter.email"))
        );
    }

    #[test]
    fn the_last_day_is_a_real_day_not_in_the_future() {
        let mut n = fixture();
        n.last_day = "4/12/2026".into();
        let e = validate(&n, today(), Check::Form);
        assert_eq!(e[0].code, "notice.last_day.invalid");
        assert!(e[0].message.contains("2026-12-04"), "{}", e[0].message);
        n.last_day = "2026-12-07".into();
        let e = validate(&n, today(), Check::Form);
        assert_eq!(e[0].code, "notice.last_day.future");
        assert_eq!(e[0].field.as_deref(), Some("last_day"));
    }

    #[test]
    fn a_file_that_is_not_a_notice_is_told_so() {
        let mut n = fixture();
        n.kind = "ansokan".into();
        n.schema_version = 2;
        let got: Vec<String> = codes(&n, Check::Form).into_iter().map(|(c, _)| c).collect();
        assert_eq!(got, ["schema_version.unsupported", "notice.kind.invalid"]);
    }

    #[test]
    fn normalising_tidies_what_is_sealed() {
        let mut n = fixture();
        n.unit = "  Biblioteket ".into();
        n.channels.push(ClosingChannel::default());
        n.channels[0].application.as_mut().unwrap().id =
            "5F0C6C1E-8A3B-4D1E-9F4A-2B7C9D0E1A23".into();
        let got = normalize(&n);
        assert_eq!(got.unit, "Biblioteket");
        assert_eq!(got.channels.len(), 2);
        assert_eq!(got.reporter.phone, "+46240660000");
        assert_eq!(
            got.channels[0].application.as_ref().unwrap().id,
            "5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a23"
        );
    }
}
