//! Every rule of the form ("Sociala medier – Ansökan"), with Swedish messages
//! that say what to do, and the normalisation that produces the values that are
//! sealed.
//!
//! [`validate`] reports every problem at once, in the form's order, each as a
//! [`UserError`] whose `field` is a path into the application JSON as the window
//! holds it (`unit`, `channels[1].address`, `responsible[0].email`, `operators`,
//! `approval.date`). Blank placeholder rows (the form starts with two empty
//! person rows) are skipped by the rules but keep their place, so `operators[2]`
//! is always the window's third row. Each field gets at most one message.
//!
//! The rules judge the *normalised* value ([`normalize`]): a trailing space, a
//! decomposed "å", a `@handle` or "070-123 45 67" are tidied, not refused.
//!
//! # Codes
//!
//! Stable; the window and tests match on them. Texts (`message`) may be improved.
//!
//! | code | field | when |
//! |---|---|---|
//! | `schema_version.unsupported` | `schema_version` | the JSON format version is not [`SCHEMA_VERSION`] |
//! | `id.invalid` | `id` | the application id is not a UUID |
//! | `version.invalid` | `version` | version 0 (versions start at 1) |
//! | `unit.required` | `unit` | 1. unit name empty |
//! | `channels.required` | `channels` | 2. no channel row filled in |
//! | `channels.platform.required` | `channels[i].platform` | no platform chosen |
//! | `channels.platform.unknown` | `channels[i].platform` | not one of [`Platform::ALL`] |
//! | `channels.platform_name.required` | `channels[i].platform_name` | "Annat" without the platform's name |
//! | `channels.address.required` | `channels[i].address` | address empty |
//! | `channels.address.missing_scheme` | `channels[i].address` | no `https://` ("facebook.com/x") |
//! | `channels.address.not_https` | `channels[i].address` | `http://`; the message offers the https address |
//! | `channels.address.invalid` | `channels[i].address` | not a web address, other scheme, spaces, user:password@ |
//! | `channels.address.host_invalid` | `channels[i].address` | IP address, `localhost`, no real domain |
//! | `channels.address.host_mismatch` | `channels[i].address` | host not the platform's (e.g. instagram.com for Facebook) |
//! | `channels.address.no_page` | `channels[i].address` | the platform's start page, not the channel's page |
//! | `channels.address.handle_invalid` | `channels[i].address` | `@handle` with characters the platform does not allow |
//! | `channels.address.handle_not_supported` | `channels[i].address` | `@handle` for a platform other than Instagram, X, TikTok |
//! | `channels.address.duplicate` | `channels[i].address` | same address as an earlier row |
//! | `purpose.required` | `purpose` | 3. purpose empty |
//! | `audience.required` | `audience` | 4. audience empty |
//! | `responsible.required` | `responsible` | 5. no responsible person |
//! | `operators.too_few` | `operators` | 6. fewer than two people (the guideline's deputy rule) |
//! | `person.name.required` | `responsible[i].name`, `operators[i].name` | name empty |
//! | `person.phone.required` | `….phone` | phone empty |
//! | `person.phone.invalid` | `….phone` | not a valid Swedish or international number |
//! | `person.email.required` | `….email` | e-mail empty |
//! | `person.email.invalid` | `….email` | not an e-mail address (see [`email`]) |
//! | `person.email.non_ascii` | `….email` | å, ä, ö … before the `@` |
//! | `person.duplicate` | `….name` | same name and e-mail as an earlier row of the same list |
//! | `guidelines_read.required` | `guidelines_read` | 7. box not ticked |
//! | `approval.date.required` | `approval.date` | 8. date empty |
//! | `approval.date.invalid` | `approval.date` | not an ISO date `ÅÅÅÅ-MM-DD` of a real day |
//! | `approval.date.future` | `approval.date` | after today |
//! | `approval.name.required` | `approval.name` | name in print empty |
//! | `approval.signature.required` | `approval.signature` | [`Check::Signing`] without a chosen signature |
//! | `approval.signature.empty` | `approval.signature` | typed signature blank; drawn one without a stroke of two points |
//! | `approval.signature.invalid` | `approval.signature` | drawing area 0 or too large, points outside it |
//! | `approval.signature.too_complex` | `approval.signature` | more than [`MAX_STROKES`] strokes or [`MAX_POINTS`] points |
//! | `text.line_break` | any one-line field | a line break (allowed only in purpose and audience) |
//! | `text.control_character` | any text field | control or invisible formatting character (bidi override, zero-width space) |
//! | `text.unsupported_character` | any text field | a character the PDF's font cannot draw (emoji); named in the message |
//! | `text.too_long` | any text field | longer than its limit ([`MAX_UNIT`], [`MAX_LONG_TEXT`], …) |
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::model::Application;
//! use kanalansokan_core::validate::{validate, Check};
//! let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
//! let mut app = Application::new_draft(today);
//! app.unit = "Smedjebackens bibliotek".into();
//! let problems = validate(&app, today, Check::Form);
//! assert!(problems.iter().any(|p| p.code == "channels.required"));
//! assert!(!problems.iter().any(|p| p.field.as_deref() == Some("unit")));
//! ```

mod address;
mod date;
pub mod email;
pub mod notice;
mod phone;
mod phone_se;
mod signature;
mod text;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::error::UserError;
use crate::model::{Application, Channel, Person, Platform, SCHEMA_VERSION, Signature};

pub use phone::phone_display;
pub use signature::{MAX_POINTS, MAX_SIGNATURE_SIDE, MAX_STROKES};
pub use text::{
    MAX_ADDRESS, MAX_EMAIL, MAX_LONG_TEXT, MAX_NAME, MAX_PHONE, MAX_PLATFORM_NAME, MAX_UNIT,
    clean_text,
};

use text::Spec;

/// Which rules apply. In JSON (for the window's commands) `"form"` or `"signing"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// "Kontrollera": every field of the form; a signature is checked if one is chosen.
    Form,
    /// "Signera": as `Form`, and the approval must carry a signature.
    Signing,
}

/// Every problem with `app`, in the form's order; empty when it may be signed
/// (with [`Check::Signing`]) or is complete (with [`Check::Form`]). `today` is
/// the latest allowed approval date.
pub fn validate(app: &Application, today: NaiveDate, check: Check) -> Vec<UserError> {
    let mut errors = Vec::new();
    envelope(app, &mut errors);
    required_text(
        &app.unit,
        Spec::line(MAX_UNIT),
        "unit",
        ("unit.required", "Ange förvaltningens eller enhetens namn."),
        &mut errors,
    );
    channels(&app.channels, &mut errors);
    required_text(
        &app.purpose,
        Spec::long(MAX_LONG_TEXT),
        "purpose",
        (
            "purpose.required",
            "Beskriv syftet med att delta, till exempel att sprida information eller ge service.",
        ),
        &mut errors,
    );
    required_text(
        &app.audience,
        Spec::long(MAX_LONG_TEXT),
        "audience",
        (
            "audience.required",
            "Ange vilken eller vilka som är målgruppen för kanalen.",
        ),
        &mut errors,
    );

    let (count, rows) = people(&app.responsible, "responsible");
    if count == 0 {
        errors.push(
            UserError::new(
                "responsible.required",
                "Ange minst en person som är ansvarig för kanalen, med namn, telefon och e-post.",
            )
            .with_field("responsible"),
        );
    }
    errors.extend(rows);

    let (count, rows) = people(&app.operators, "operators");
    if count < 2 {
        let now = match count {
            0 => "Ingen är angiven ännu.".to_string(),
            n => format!("Nu finns {n}."),
        };
        errors.push(
            UserError::new(
                "operators.too_few",
                format!(
                    "Ange minst två personer som sköter kanalen. Kommunens riktlinjer kräver en ersättare: \
                     \u{201D}Vid befattningshavares frånvaro ska ersättare finnas utsedd.\u{201D} {now}"
                ),
            )
            .with_field("operators"),
        );
    }
    errors.extend(rows);

    if !app.guidelines_read {
        errors.push(
            UserError::new(
                "guidelines_read.required",
                "Kryssa i rutan när du har läst kommunens riktlinjer för sociala medier. \
                 Ansökan kan inte godkännas utan det.",
            )
            .with_field("guidelines_read"),
        );
    }

    approval_rules(&app.approval, today, check, &mut errors);
    errors
}

/// The form of `app` that is stored in a signed application: every text
/// [`clean_text`]ed (trimmed, NFC), phone numbers in E.164, `@handles` as full
/// https addresses, e-mail domains lower-cased, blank rows dropped, a platform
/// name kept only for "Annat". Values that do not pass [`validate`] are kept as
/// typed (cleaned), so this never fails and never loses input.
///
/// ```
/// use kanalansokan_core::model::{Application, Channel};
/// use kanalansokan_core::validate::normalize;
/// let mut app = Application::new_draft(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
/// app.channels = vec![Channel { platform: "instagram".into(), address: " @biblioteket ".into(), ..Default::default() }];
/// app.operators[0].phone = "070-123 45 67".into();
/// let n = normalize(&app);
/// assert_eq!(n.channels[0].address, "https://www.instagram.com/biblioteket");
/// assert_eq!(n.operators[0].phone, "+46701234567");
/// assert_eq!(n.operators.len(), 1);
/// ```
pub fn normalize(app: &Application) -> Application {
    let id = match uuid::Uuid::parse_str(app.id.trim()) {
        Ok(u) => u.hyphenated().to_string(),
        Err(_) => app.id.trim().to_string(),
    };
    Application {
        schema_version: app.schema_version,
        id,
        version: app.version,
        unit: clean_text(&app.unit, false),
        channels: app
            .channels
            .iter()
            .filter(|c| !channel_is_blank(c))
            .map(normalize_channel)
            .collect(),
        purpose: clean_text(&app.purpose, true),
        audience: clean_text(&app.audience, true),
        responsible: normalize_people(&app.responsible),
        operators: normalize_people(&app.operators),
        guidelines_read: app.guidelines_read,
        approval: normalize_approval(&app.approval),
        signed_at: app.signed_at.clone(),
        seal: app.seal.clone(),
    }
}

/// Field 8 as sealed: date and name cleaned, a typed signature's text cleaned.
fn normalize_approval(approval: &crate::model::Approval) -> crate::model::Approval {
    crate::model::Approval {
        date: clean_text(&approval.date, false),
        name: clean_text(&approval.name, false),
        signature: approval.signature.as_ref().map(|s| match s {
            Signature::Typed { text } => Signature::Typed {
                text: clean_text(text, false),
            },
            other => other.clone(),
        }),
    }
}

/// Field 8's rules, shared with the closure notice ([`notice`]): the date (not
/// after `today`), the name in print, and the signature (required for
/// [`Check::Signing`]). Fields under `approval.`.
fn approval_rules(
    approval: &crate::model::Approval,
    today: NaiveDate,
    check: Check,
    errors: &mut Vec<UserError>,
) {
    errors.extend(date::check(
        &clean_text(&approval.date, false),
        today,
        "approval.date",
    ));
    required_text(
        &approval.name,
        Spec::line(MAX_NAME),
        "approval.name",
        (
            "approval.name.required",
            "Skriv namnet på den chef som godkänner, i klartext (namnförtydligande).",
        ),
        errors,
    );
    match (&approval.signature, check) {
        (Some(sig), _) => errors.extend(signature::check(sig)),
        (None, Check::Signing) => errors.push(
            UserError::new(
                "approval.signature.required",
                "Välj hur chefen skriver under: rita underskriften, skriv namnet, \
                 eller välj att signera på papper.",
            )
            .with_field("approval.signature"),
        ),
        (None, Check::Form) => {}
    }
}

/// The same test as [`Application::without_blank_rows`]: nothing chosen or typed.
fn channel_is_blank(c: &Channel) -> bool {
    c.platform.trim().is_empty() && c.address.trim().is_empty() && c.platform_name.trim().is_empty()
}

fn platform_code(c: &Channel) -> String {
    c.platform.trim().to_lowercase()
}

fn normalize_channel(c: &Channel) -> Channel {
    let code = platform_code(c);
    let platform = Platform::from_code(&code);
    Channel {
        platform_name: if platform == Some(Platform::Other) {
            clean_text(&c.platform_name, false)
        } else {
            String::new()
        },
        address: address::normalize(platform, &clean_text(&c.address, false)),
        platform: code,
    }
}

fn normalize_people(list: &[Person]) -> Vec<Person> {
    list.iter()
        .filter(|p| !p.is_blank())
        .map(|p| {
            let phone = clean_text(&p.phone, false);
            Person {
                name: clean_text(&p.name, false),
                phone: phone::to_e164(&phone).unwrap_or(phone),
                email: email::normalize(&clean_text(&p.email, false)),
            }
        })
        .collect()
}

/// Checks a text field that must not be empty. Returns the cleaned text when
/// it passed every text rule, for the field's own rules.
fn required_text(
    value: &str,
    spec: Spec,
    field: &str,
    (code, message): (&str, &str),
    errors: &mut Vec<UserError>,
) -> Option<String> {
    let clean = clean_text(value, spec.multiline);
    if clean.is_empty() {
        errors.push(UserError::new(code, message).with_field(field));
        return None;
    }
    match text::check(&clean, spec, field) {
        Some(e) => {
            errors.push(e);
            None
        }
        None => Some(clean),
    }
}

fn envelope(app: &Application, errors: &mut Vec<UserError>) {
    if app.schema_version != SCHEMA_VERSION {
        let message = if app.schema_version > SCHEMA_VERSION {
            format!(
                "Ansökan är sparad med en nyare version av Kanalansökan (formatversion {}). \
                 Uppdatera programmet för att öppna den.",
                app.schema_version
            )
        } else {
            format!(
                "Ansökan har en okänd formatversion ({}); den här versionen av Kanalansökan läser version {}.",
                app.schema_version, SCHEMA_VERSION
            )
        };
        errors.push(
            UserError::new("schema_version.unsupported", message).with_field("schema_version"),
        );
    }
    if uuid::Uuid::parse_str(app.id.trim()).is_err() {
        errors.push(
            UserError::new(
                "id.invalid",
                "Ansökan saknar ett giltigt id (ett UUID, till exempel 5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a23). \
                 Skapa ansökan i programmet i stället för att skriva filen för hand.",
            )
            .with_field("id"),
        );
    }
    if app.version == 0 {
        errors.push(
            UserError::new(
                "version.invalid",
                "Ansökans versionsnummer måste vara 1 eller högre.",
            )
            .with_field("version"),
        );
    }
}

fn channels(list: &[Channel], errors: &mut Vec<UserError>) {
    let rows: Vec<(usize, &Channel)> = list
        .iter()
        .enumerate()
        .filter(|(_, c)| !channel_is_blank(c))
        .collect();
    if rows.is_empty() {
        errors.push(
            UserError::new(
                "channels.required",
                "Ange minst ett socialt medium som verksamheten vill använda, med kanalens adress.",
            )
            .with_field("channels"),
        );
    }
    // Duplicate key -> the window's row index where it first appeared.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, c) in rows {
        let code = platform_code(c);
        let platform = Platform::from_code(&code);
        if code.is_empty() {
            errors.push(
                UserError::new(
                    "channels.platform.required",
                    "Välj vilket socialt medium kanalen finns på.",
                )
                .with_field(format!("channels[{i}].platform")),
            );
        } else if platform.is_none() {
            errors.push(
                UserError::new(
                    "channels.platform.unknown",
                    "Välj ett socialt medium i listan: Facebook, Instagram, X, LinkedIn, YouTube, TikTok, \
                     Blogg eller Annat.",
                )
                .with_field(format!("channels[{i}].platform")),
            );
        }
        let mut shown = platform.map_or("plattformen", |p| p.label()).to_string();
        if platform == Some(Platform::Other)
            && let Some(name) = required_text(
                &c.platform_name,
                Spec::line(MAX_PLATFORM_NAME),
                &format!("channels[{i}].platform_name"),
                (
                    "channels.platform_name.required",
                    "Skriv namnet på det sociala mediet när du väljer Annat, till exempel Mastodon.",
                ),
                errors,
            )
        {
            shown = name;
        }
        let field = format!("channels[{i}].address");
        let Some(typed) = required_text(
            &c.address,
            Spec::line(MAX_ADDRESS),
            &field,
            (
                "channels.address.required",
                "Ange kanalens adress, till exempel https://www.facebook.com/smedjebackensbibliotek.",
            ),
            errors,
        ) else {
            continue;
        };
        // Without a known platform the address is still checked as a web address.
        let judged_as = platform.unwrap_or(Platform::Other);
        let addr = address::normalize(platform, &typed);
        if let Some(e) = address::check(judged_as, &addr, &shown, &field) {
            errors.push(e);
            continue;
        }
        if let Some(key) = address::duplicate_key(platform, &addr) {
            if let Some(first) = seen.get(&key) {
                errors.push(
                    UserError::new(
                        "channels.address.duplicate",
                        format!(
                            "Samma adress finns redan på rad {}. Varje kanal ska bara stå en gång; ta bort den här raden.",
                            first + 1
                        ),
                    )
                    .with_field(field),
                );
            } else {
                seen.insert(key, i);
            }
        }
    }
}

/// Checks a person list; returns how many different people it names (for the
/// list's minimum) and the rows' problems, each row's in name, phone, e-mail order.
fn people(list: &[Person], key: &str) -> (usize, Vec<UserError>) {
    let mut errors = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    let mut count = 0;
    for (i, p) in list.iter().enumerate().filter(|(_, p)| !p.is_blank()) {
        let base = format!("{key}[{i}]");
        let mut row = Vec::new();
        let name = required_text(
            &p.name,
            Spec::line(MAX_NAME),
            &format!("{base}.name"),
            ("person.name.required", "Ange personens för- och efternamn."),
            &mut row,
        );
        let mut phone_errors = Vec::new();
        if let Some(phone) = required_text(
            &p.phone,
            Spec::line(MAX_PHONE),
            &format!("{base}.phone"),
            (
                "person.phone.required",
                "Ange ett telefonnummer, till exempel 070-123 45 67 eller 0240-66 00 00.",
            ),
            &mut phone_errors,
        ) && phone::to_e164(&phone).is_none()
        {
            phone_errors.push(
                    UserError::new(
                        "person.phone.invalid",
                        "Telefonnumret är inte ett giltigt nummer. Skriv ett svenskt nummer med riktnummer, \
                         till exempel 070-123 45 67 eller 0240-66 00 00, eller ett utländskt med landsnummer, \
                         till exempel +47 22 12 34 56.",
                    )
                    .with_field(format!("{base}.phone")),
                );
        }
        let mut email_errors = Vec::new();
        let email = required_text(
            &p.email,
            Spec::line(MAX_EMAIL),
            &format!("{base}.email"),
            (
                "person.email.required",
                "Ange en e-postadress, till exempel asa.oberg@smedjebacken.se.",
            ),
            &mut email_errors,
        )
        .map(|e| email::normalize(&e));
        if let Some(e) = &email {
            email_errors.extend(email::check(e, &format!("{base}.email")));
        }
        // Same name and e-mail (case ignored) as an earlier row: the same person.
        match name {
            Some(name) => {
                let identity = (
                    name.to_lowercase(),
                    email.unwrap_or_default().to_lowercase(),
                );
                match seen.get(&identity) {
                    Some(first) => row.push(
                        UserError::new(
                            "person.duplicate",
                            format!(
                                "Den här personen står redan på rad {} i samma lista. \
                                 Ta bort raden eller ange en annan person.",
                                first + 1
                            ),
                        )
                        .with_field(format!("{base}.name")),
                    ),
                    None => {
                        seen.insert(identity, i);
                        count += 1;
                    }
                }
            }
            None => count += 1,
        }
        errors.extend(row);
        errors.extend(phone_errors);
        errors.extend(email_errors);
    }
    (count, errors)
}

/// Checks a blog address the way a channel address on the platform "Blogg" is
/// checked (https only, a real domain, no user:password@): for the politicians'
/// links in the register. `address` is already through [`clean_text`].
pub(crate) fn check_blog_address(address: &str, field: &str) -> Option<UserError> {
    address::check(Platform::Blog, address, "bloggen", field)
}
