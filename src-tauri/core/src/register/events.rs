//! The event log: every change to the register, with its time and what changed.
//! Append-only (SQL triggers refuse UPDATE and DELETE).

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use super::{RegisterError, timestamp};

/// What kind of change an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A signed application was imported for the first time.
    Import,
    /// A newer version of an application replaced an earlier one.
    NewVersion,
    /// A channel was closed (by the registrar, or by being left out of a new version).
    Close,
    /// A Dnr was entered or changed.
    Dnr,
    /// A paper-signed application was registered after the registrar confirmed it.
    ManualRegistration,
    /// Records were disposed of under a decision.
    Disposal,
    /// A politician's blog link was added, changed or ended (issue 16).
    Politician,
    /// The trusted issuers, the CRLs or the policy for unsigned applications changed.
    Trust,
}

impl EventKind {
    /// The value in the `kind` column.
    pub fn code(self) -> &'static str {
        match self {
            EventKind::Import => "import",
            EventKind::NewVersion => "ny_version",
            EventKind::Close => "avslut",
            EventKind::Dnr => "dnr",
            EventKind::ManualRegistration => "manuell_registrering",
            EventKind::Disposal => "gallring",
            EventKind::Politician => "politiker",
            EventKind::Trust => "tillit",
        }
    }

    /// The word the registrar reads in the log.
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Import => "Import",
            EventKind::NewVersion => "Ny version",
            EventKind::Close => "Avslutad",
            EventKind::Dnr => "Dnr",
            EventKind::ManualRegistration => "Manuell registrering",
            EventKind::Disposal => "Gallring",
            EventKind::Politician => "Politikers blogg",
            EventKind::Trust => "Betrodda utfärdare",
        }
    }

    fn from_code(code: &str) -> Option<EventKind> {
        [
            EventKind::Import,
            EventKind::NewVersion,
            EventKind::Close,
            EventKind::Dnr,
            EventKind::ManualRegistration,
            EventKind::Disposal,
            EventKind::Politician,
            EventKind::Trust,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub id: i64,
    /// RFC 3339 UTC.
    pub at: String,
    pub kind: EventKind,
    /// [`EventKind::label`], for the window.
    pub kind_label: String,
    pub app_id: Option<String>,
    pub channel_id: Option<i64>,
    /// One Swedish sentence: what happened.
    pub summary: String,
    /// What changed, as JSON (old and new values, files, versions).
    pub detail: serde_json::Value,
}

/// Appends an event. Called inside the transaction of the change it records.
pub(crate) fn record(
    conn: &Connection,
    now: DateTime<Utc>,
    kind: EventKind,
    app_id: Option<&str>,
    channel_id: Option<i64>,
    summary: &str,
    detail: &serde_json::Value,
) -> Result<(), RegisterError> {
    conn.prepare_cached(
        "INSERT INTO register_events (at, kind, app_id, channel_id, summary, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        timestamp(now),
        kind.code(),
        app_id,
        channel_id,
        summary,
        detail.to_string()
    ])?;
    Ok(())
}

/// The whole event log, oldest first.
pub fn events(conn: &Connection) -> Result<Vec<Event>, RegisterError> {
    query(conn, None)
}

/// The events of one application (all its versions and channels), oldest first.
pub fn events_for_application(
    conn: &Connection,
    app_id: &str,
) -> Result<Vec<Event>, RegisterError> {
    query(conn, Some(app_id))
}

fn query(conn: &Connection, app_id: Option<&str>) -> Result<Vec<Event>, RegisterError> {
    let mut stmt = conn.prepare(
        "SELECT id, at, kind, app_id, channel_id, summary, detail FROM register_events
         WHERE ?1 IS NULL OR app_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![app_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at, kind, app_id, channel_id, summary, detail) = row?;
        let kind = EventKind::from_code(&kind)
            .ok_or_else(|| RegisterError::Corrupt(format!("event kind {kind:?}")))?;
        let detail =
            serde_json::from_str(&detail).map_err(|e| RegisterError::Corrupt(e.to_string()))?;
        out.push(Event {
            id,
            at,
            kind,
            kind_label: kind.label().to_string(),
            app_id,
            channel_id,
            summary,
            detail,
        });
    }
    Ok(out)
}
