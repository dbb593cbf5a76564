//! Politicians' blog links ("Politikers bloggar"): the guidelines' part "Sociala
//! medier - politik" gives representatives of political parties with an ordinary
//! seat in kommunfullmäktige or a nämnd the right to a link to their blog on the
//! municipality's page for social media, with the statement that the
//! municipality is not responsible for the posts and comments in them.
//!
//! The registrar adds, edits and ends links. Ending keeps the row with its date
//! and reason (as closing a channel does); every change is in the event log.
//! Names, parties and seats are stored exactly as cleaned text: markup in a name
//! is text, and every export escapes it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::events::{self, EventKind};
use super::sortkey::natural_swedish;
use super::{RegisterError, parse_date, timestamp};
use crate::error::{ToUserError, UserError};
use crate::validate::{MAX_ADDRESS, check_blog_address, clean_text};

/// Longest name, party and seat.
pub const MAX_TEXT: usize = 200;
/// Longest reason for ending a link.
pub const MAX_REASON: usize = 1000;

/// What the registrar types for a link (add and edit).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoliticianInput {
    /// The politician's name.
    pub name: String,
    /// The party ("Socialdemokraterna").
    pub party: String,
    /// The ordinary seat: "Kommunfullmäktige" or the committee's name.
    pub seat: String,
    /// The blog's https address.
    pub address: String,
    /// ÅÅÅÅ-MM-DD: listed from.
    pub from_date: String,
}

/// One link in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliticianLink {
    /// The link's number in the register (`politician end --id ID`).
    pub id: i64,
    pub name: String,
    pub party: String,
    pub seat: String,
    pub address: String,
    pub from_date: String,
    /// Set when ended; the row stays.
    pub ended_on: Option<String>,
    pub end_reason: Option<String>,
}

impl PoliticianLink {
    /// True while listed on the public page.
    pub fn is_active(&self) -> bool {
        self.ended_on.is_none()
    }
}

/// Why a change to a politician's link was refused.
#[derive(Debug, thiserror::Error)]
pub enum PoliticianError {
    #[error(transparent)]
    Register(#[from] RegisterError),
    /// A field failed its check; the message is already the user's.
    #[error("invalid {}: {}", .0.field.as_deref().unwrap_or("?"), .0.code)]
    Invalid(UserError),
    #[error("no politician link with id {0}")]
    NotFound(i64),
    #[error("politician link {0} is already ended")]
    AlreadyEnded(i64),
    #[error("the same politician and address is already listed (id {0})")]
    Duplicate(i64),
    #[error("end date {date} is before the start {from}")]
    EndBeforeStart { date: String, from: String },
}

impl From<rusqlite::Error> for PoliticianError {
    fn from(e: rusqlite::Error) -> Self {
        PoliticianError::Register(RegisterError::Database(e))
    }
}

impl ToUserError for PoliticianError {
    fn to_user_error(&self) -> UserError {
        match self {
            PoliticianError::Register(e) => e.to_user_error(),
            PoliticianError::Invalid(e) => e.clone(),
            PoliticianError::NotFound(id) => UserError::new(
                "politician.not_found",
                format!("Det finns ingen politikerlänk med nummer {id} i registret."),
            ),
            PoliticianError::AlreadyEnded(id) => UserError::new(
                "politician.already_ended",
                format!("Länk {id} är redan avslutad."),
            ),
            PoliticianError::Duplicate(id) => UserError::new(
                "politician.duplicate",
                format!("Den här politikern finns redan med samma adress i listan (nummer {id})."),
            )
            .with_field("address"),
            PoliticianError::EndBeforeStart { from, .. } => UserError::new(
                "politician.date.before_start",
                format!("Länken kan inte avslutas före den började visas ({from})."),
            )
            .with_field("date"),
        }
    }
}

fn invalid(code: &str, message: impl Into<String>, field: &str) -> PoliticianError {
    PoliticianError::Invalid(UserError::new(code, message).with_field(field))
}

/// One line of text: cleaned, required, no line breaks or control characters,
/// at most [`MAX_TEXT`] characters. Markup is kept as text.
fn one_line(text: &str, field: &str, missing: &str) -> Result<String, PoliticianError> {
    let t = clean_text(text, false);
    if t.is_empty() {
        return Err(invalid(
            &format!("politician.{field}.required"),
            missing,
            field,
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(invalid(
            &format!("politician.{field}.invalid"),
            "Texten kan inte innehålla radbrytningar eller styrtecken.",
            field,
        ));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(invalid(
            &format!("politician.{field}.too_long"),
            format!("Texten är för lång (högst {MAX_TEXT} tecken)."),
            field,
        ));
    }
    Ok(t)
}

/// Checks and cleans what the registrar typed. Nothing is written.
pub fn validate_input(input: &PoliticianInput) -> Result<PoliticianInput, PoliticianError> {
    let name = one_line(&input.name, "name", "Ange politikerns namn.")?;
    let party = one_line(
        &input.party,
        "party",
        "Ange vilket parti politikern företräder.",
    )?;
    let seat = one_line(
        &input.seat,
        "seat",
        "Ange uppdraget: kommunfullmäktige eller nämndens namn (ordinarie plats).",
    )?;
    let address = clean_text(&input.address, false);
    if address.is_empty() {
        return Err(invalid(
            "politician.address.required",
            "Ange bloggens adress, till exempel https://blogg.example.se.",
            "address",
        ));
    }
    if address.chars().count() > MAX_ADDRESS {
        return Err(invalid(
            "politician.address.too_long",
            format!("Adressen är för lång (högst {MAX_ADDRESS} tecken)."),
            "address",
        ));
    }
    if let Some(e) = check_blog_address(&address, "address") {
        return Err(PoliticianError::Invalid(e));
    }
    let from_date = parse_date(&input.from_date)
        .map_err(|_| {
            invalid(
                "politician.from.invalid",
                "Ange från vilket datum länken visas som ÅÅÅÅ-MM-DD, till exempel 2026-12-01.",
                "from_date",
            )
        })?
        .to_string();
    Ok(PoliticianInput {
        name,
        party,
        seat,
        address,
        from_date,
    })
}

const COLUMNS: &str = "id, name, party, seat, address, from_date, ended_on, end_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<PoliticianLink> {
    Ok(PoliticianLink {
        id: r.get(0)?,
        name: r.get(1)?,
        party: r.get(2)?,
        seat: r.get(3)?,
        address: r.get(4)?,
        from_date: r.get(5)?,
        ended_on: r.get(6)?,
        end_reason: r.get(7)?,
    })
}

/// One link by its id.
pub fn politician(conn: &Connection, id: i64) -> Result<PoliticianLink, PoliticianError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM register_politicians WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()?
    .ok_or(PoliticianError::NotFound(id))
}

/// Every link, active and ended, in the order a reader expects: by name
/// (natural Swedish order: "Enhet 2" before "Enhet 10", å ä ö after z), then party, then id.
pub fn list_politicians(conn: &Connection) -> Result<Vec<PoliticianLink>, PoliticianError> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM register_politicians"))?;
    let mut out = stmt
        .query_map([], from_row)?
        .collect::<Result<Vec<_>, _>>()?;
    sort(&mut out);
    Ok(out)
}

/// [`list_politicians`] for the exports, whose errors are [`RegisterError`]s.
pub(crate) fn all_politicians(conn: &Connection) -> Result<Vec<PoliticianLink>, RegisterError> {
    list_politicians(conn).map_err(|e| match e {
        PoliticianError::Register(e) => e,
        other => RegisterError::Corrupt(other.to_string()),
    })
}

/// Sorts links by name, party, seat (natural Swedish order), then id.
pub fn sort(links: &mut [PoliticianLink]) {
    links.sort_by_cached_key(sort_key);
}

fn sort_key(p: &PoliticianLink) -> (Vec<u64>, Vec<u64>, Vec<u64>, i64) {
    (
        natural_swedish(&p.name),
        natural_swedish(&p.party),
        natural_swedish(&p.seat),
        p.id,
    )
}

/// The active links of `links`, in list order: what the public page shows.
pub fn public_politicians(links: &[PoliticianLink]) -> Vec<&PoliticianLink> {
    let mut out: Vec<&PoliticianLink> = links.iter().filter(|p| p.is_active()).collect();
    out.sort_by_cached_key(|p| sort_key(p));
    out
}

/// Refuses a second active row with the same politician (case-insensitively)
/// and address (a trailing `/` ignored), other than `except`.
fn check_duplicate(
    conn: &Connection,
    input: &PoliticianInput,
    except: Option<i64>,
) -> Result<(), PoliticianError> {
    let key = |name: &str, address: &str| {
        (
            name.to_lowercase(),
            address.trim_end_matches('/').to_lowercase(),
        )
    };
    let wanted = key(&input.name, &input.address);
    let mut stmt =
        conn.prepare("SELECT id, name, address FROM register_politicians WHERE ended_on IS NULL")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, name, address) = row?;
        if Some(id) != except && key(&name, &address) == wanted {
            return Err(PoliticianError::Duplicate(id));
        }
    }
    Ok(())
}

fn immediate(conn: &Connection) -> Result<rusqlite::Transaction<'_>, PoliticianError> {
    Ok(rusqlite::Transaction::new_unchecked(
        conn,
        rusqlite::TransactionBehavior::Immediate,
    )?)
}

/// Adds a link. Bad input changes nothing.
pub fn add_politician(
    conn: &Connection,
    input: &PoliticianInput,
    now: DateTime<Utc>,
) -> Result<PoliticianLink, PoliticianError> {
    let input = validate_input(input)?;
    let tx = immediate(conn)?;
    check_duplicate(&tx, &input, None)?;
    tx.execute(
        "INSERT INTO register_politicians (name, party, seat, address, from_date, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            input.name,
            input.party,
            input.seat,
            input.address,
            input.from_date,
            timestamp(now)
        ],
    )?;
    let id = tx.last_insert_rowid();
    events::record(
        &tx,
        now,
        EventKind::Politician,
        None,
        None,
        &format!(
            "Politikers blogg {id} tillagd: {} ({}), {}.",
            input.name, input.party, input.address
        ),
        &serde_json::json!({"politician_id": id, "action": "add", "new": input}),
    )?;
    tx.commit()?;
    politician(conn, id)
}

/// Changes an active link's fields. An ended link is not changed.
pub fn edit_politician(
    conn: &Connection,
    id: i64,
    input: &PoliticianInput,
    now: DateTime<Utc>,
) -> Result<PoliticianLink, PoliticianError> {
    let input = validate_input(input)?;
    let tx = immediate(conn)?;
    let old = politician(&tx, id)?;
    if !old.is_active() {
        return Err(PoliticianError::AlreadyEnded(id));
    }
    let unchanged = old.name == input.name
        && old.party == input.party
        && old.seat == input.seat
        && old.address == input.address
        && old.from_date == input.from_date;
    if unchanged {
        return Ok(old);
    }
    check_duplicate(&tx, &input, Some(id))?;
    tx.execute(
        "UPDATE register_politicians SET name = ?2, party = ?3, seat = ?4, address = ?5,
         from_date = ?6 WHERE id = ?1",
        params![
            id,
            input.name,
            input.party,
            input.seat,
            input.address,
            input.from_date
        ],
    )?;
    events::record(
        &tx,
        now,
        EventKind::Politician,
        None,
        None,
        &format!(
            "Politikers blogg {id} ändrad: {} ({}).",
            input.name, input.party
        ),
        &serde_json::json!({"politician_id": id, "action": "edit", "old": old, "new": input}),
    )?;
    tx.commit()?;
    politician(conn, id)
}

/// Ends a link on `date` (ÅÅÅÅ-MM-DD, not before its start, not in the future)
/// for `reason` ("Uppdraget har upphört", "Politikern har bett om det"). The row stays.
pub fn end_politician(
    conn: &Connection,
    id: i64,
    date: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<PoliticianLink, PoliticianError> {
    let day = parse_date(date)?;
    if day > now.date_naive() {
        return Err(RegisterError::DateInFuture(date.to_string()).into());
    }
    let reason = clean_text(reason, true);
    if reason.is_empty() {
        return Err(RegisterError::ReasonRequired.into());
    }
    if reason.chars().count() > MAX_REASON {
        return Err(RegisterError::TooLong {
            field: "reason",
            len: reason.chars().count(),
            max: MAX_REASON,
        }
        .into());
    }
    let date = day.to_string();
    let tx = immediate(conn)?;
    let old = politician(&tx, id)?;
    if !old.is_active() {
        return Err(PoliticianError::AlreadyEnded(id));
    }
    if date < old.from_date {
        return Err(PoliticianError::EndBeforeStart {
            date,
            from: old.from_date,
        });
    }
    tx.execute(
        "UPDATE register_politicians SET ended_on = ?2, end_reason = ?3 WHERE id = ?1",
        params![id, date, reason],
    )?;
    events::record(
        &tx,
        now,
        EventKind::Politician,
        None,
        None,
        &format!(
            "Politikers blogg {id} ({}) avslutad {date}: {reason}",
            old.name
        ),
        &serde_json::json!({"politician_id": id, "action": "end", "date": date, "reason": reason}),
    )?;
    tx.commit()?;
    politician(conn, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn conn() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::storage::migrations::migrations()
            .to_latest(&mut conn)
            .unwrap();
        conn
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 6, 10, 0, 0).unwrap()
    }

    fn input(name: &str, address: &str) -> PoliticianInput {
        PoliticianInput {
            name: name.into(),
            party: "Gröna partiet".into(),
            seat: "Kommunfullmäktige".into(),
            address: address.into(),
            from_date: "2026-01-15".into(),
        }
    }

    fn code(e: PoliticianError) -> String {
        e.to_user_error().code
    }

    fn log_len(conn: &Connection) -> usize {
        super::super::events(conn).unwrap().len()
    }

    #[test]
    fn add_edit_end_keep_the_row_and_log_every_change() {
        let c = conn();
        let p =
            add_politician(&c, &input(" Åsa  Öberg ", "https://asa.example.se/"), now()).unwrap();
        assert_eq!(p.name, "Åsa Öberg");
        assert!(p.is_active());
        let mut changed = input("Åsa Öberg", "https://asa.example.se/blogg");
        changed.seat = "Barn- och utbildningsnämnden".into();
        let p = edit_politician(&c, p.id, &changed, now()).unwrap();
        assert_eq!(p.seat, "Barn- och utbildningsnämnden");
        let p = end_politician(&c, p.id, "2026-11-30", "Uppdraget har upphört", now()).unwrap();
        assert_eq!(p.ended_on.as_deref(), Some("2026-11-30"));
        assert_eq!(list_politicians(&c).unwrap(), vec![p.clone()]);
        assert!(public_politicians(std::slice::from_ref(&p)).is_empty());
        let log = super::super::events(&c).unwrap();
        assert_eq!(log.len(), 3);
        assert!(log.iter().all(|e| e.kind == EventKind::Politician));
        assert!(
            log[2].summary.contains("avslutad 2026-11-30"),
            "{}",
            log[2].summary
        );
        // Ended stays ended, and cannot be edited.
        assert_eq!(
            code(end_politician(&c, p.id, "2026-12-01", "igen", now()).unwrap_err()),
            "politician.already_ended"
        );
        assert_eq!(
            code(edit_politician(&c, p.id, &changed, now()).unwrap_err()),
            "politician.already_ended"
        );
        // After ending, the same politician and address may be listed again, as a new row.
        add_politician(&c, &changed, now()).unwrap();
        assert_eq!(list_politicians(&c).unwrap().len(), 2);
    }

    #[test]
    fn bad_input_is_refused_in_swedish_and_changes_nothing() {
        let c = conn();
        let kept =
            add_politician(&c, &input("Per Olsson", "https://per.example.se"), now()).unwrap();
        let cases: Vec<(PoliticianInput, &str)> = vec![
            (
                input("Ny", "http://blogg.example.se"),
                "channels.address.not_https",
            ),
            (
                input("Ny", "javascript:alert(1)"),
                "channels.address.invalid",
            ),
            (
                input("Ny", "https://localhost/x"),
                "channels.address.host_invalid",
            ),
            (input("Ny", ""), "politician.address.required"),
            (
                input("per olsson", "https://per.example.se/"),
                "politician.duplicate",
            ),
            (
                PoliticianInput {
                    party: "  ".into(),
                    ..input("Ny", "https://ny.example.se")
                },
                "politician.party.required",
            ),
            (
                PoliticianInput {
                    seat: "".into(),
                    ..input("Ny", "https://ny.example.se")
                },
                "politician.seat.required",
            ),
            (
                PoliticianInput {
                    from_date: "1/2 2026".into(),
                    ..input("Ny", "https://ny.example.se")
                },
                "politician.from.invalid",
            ),
            (
                input("Rad\nbrytning", "https://ny.example.se"),
                "politician.name.invalid",
            ),
        ];
        for (bad, want) in cases {
            let e = add_politician(&c, &bad, now()).unwrap_err().to_user_error();
            assert_eq!(e.code, want, "{bad:?}");
            assert!(!e.message.is_empty() && e.field.is_some(), "{e:?}");
        }
        assert_eq!(
            add_politician(&c, &input("per olsson", "https://per.example.se/"), now())
                .unwrap_err()
                .to_user_error()
                .message,
            "Den här politikern finns redan med samma adress i listan (nummer 1)."
        );
        let e =
            end_politician(&c, kept.id, "2025-12-31", "Uppdraget har upphört", now()).unwrap_err();
        assert_eq!(code(e), "politician.date.before_start");
        let e =
            end_politician(&c, kept.id, "2026-12-07", "Uppdraget har upphört", now()).unwrap_err();
        assert_eq!(code(e), "register.date.future");
        let e = end_politician(&c, kept.id, "2026-12-01", "   ", now()).unwrap_err();
        assert_eq!(code(e), "register.reason.required");
        assert_eq!(
            code(end_politician(&c, 99, "2026-12-01", "x", now()).unwrap_err()),
            "politician.not_found"
        );
        assert_eq!(list_politicians(&c).unwrap(), vec![kept]);
        assert_eq!(log_len(&c), 1);
    }

    /// Migration 07 rebuilds the event log to allow the kind 'politiker': the rows
    /// already there stay, and the log stays append-only.
    #[test]
    fn migration_07_keeps_the_event_log_and_its_triggers() {
        let mut c = Connection::open_in_memory().unwrap();
        let m = crate::storage::migrations::migrations();
        m.to_version(&mut c, 2).unwrap();
        c.execute(
            "INSERT INTO register_events (at, kind, summary, detail)
             VALUES ('2026-01-01T00:00:00Z', 'dnr', 'Före', '{}')",
            [],
        )
        .unwrap();
        m.to_latest(&mut c).unwrap();
        let log = super::super::events(&c).unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].summary, "Före");
        assert!(
            c.execute("UPDATE register_events SET summary = 'x'", [])
                .is_err()
        );
        assert!(c.execute("DELETE FROM register_events", []).is_err());
        add_politician(&c, &input("Ny", "https://ny.example.se"), now()).unwrap();
        assert!(c.execute("DELETE FROM register_politicians", []).is_err());
        assert_eq!(super::super::events(&c).unwrap().len(), 2);
    }

    #[test]
    fn markup_in_a_name_is_stored_as_text() {
        let c = conn();
        let p = add_politician(
            &c,
            &input("<b>Kim</b> & \"Co\"", "https://kim.example.se"),
            now(),
        )
        .unwrap();
        assert_eq!(list_politicians(&c).unwrap()[0].name, "<b>Kim</b> & \"Co\"");
        assert_eq!(p.name, "<b>Kim</b> & \"Co\"");
    }

    #[test]
    fn the_list_sorts_naturally_and_in_swedish_order() {
        let c = conn();
        for (i, name) in ["Örjan 1", "Anna 10", "Anna 2", "Åke", "Zara"]
            .iter()
            .enumerate()
        {
            add_politician(&c, &input(name, &format!("https://b{i}.example.se")), now()).unwrap();
        }
        let names: Vec<String> = list_politicians(&c)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["Anna 2", "Anna 10", "Zara", "Åke", "Örjan 1"]);
    }
}
