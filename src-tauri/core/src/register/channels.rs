//! One row per channel: list, search, filter, sort; close a channel; enter its Dnr.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use super::events::{self, EventKind};
use super::sortkey::swedish;
use super::{RegisterError, parse_date, typed_text};
use crate::model::Person;

/// Longest reason for closing a channel.
pub const MAX_REASON: usize = 1000;
/// Longest Dnr ("KS 2026/00123" is 13).
pub const MAX_DNR: usize = 64;

/// Whether a channel is one of the municipality's official channels today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ChannelStatus {
    /// "Aktiv": approved and in use.
    #[serde(rename = "aktiv")]
    Active,
    /// "Avslutad": closed on a date, for a reason.
    #[serde(rename = "avslutad")]
    Closed,
}

impl ChannelStatus {
    /// The value in the `status` column and in JSON.
    pub fn code(self) -> &'static str {
        match self {
            ChannelStatus::Active => "aktiv",
            ChannelStatus::Closed => "avslutad",
        }
    }

    /// The word the registrar reads.
    pub fn label(self) -> &'static str {
        match self {
            ChannelStatus::Active => "Aktiv",
            ChannelStatus::Closed => "Avslutad",
        }
    }

    fn from_code(code: &str) -> Option<ChannelStatus> {
        match code {
            "aktiv" => Some(ChannelStatus::Active),
            "avslutad" => Some(ChannelStatus::Closed),
            _ => None,
        }
    }
}

/// One channel in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRow {
    /// The channel's number in the register (`close --channel ID`).
    pub id: i64,
    /// The application it was approved in, and the version the row shows.
    pub app_id: String,
    pub version: u32,
    /// Platform code ("facebook", …, "annat").
    pub platform: String,
    /// The platform's name as read ("Facebook", or the free name for "annat").
    pub platform_label: String,
    pub address: String,
    /// "Förvaltning/enhet".
    pub unit: String,
    /// Approval date of the version shown.
    pub approval_date: String,
    /// Approval date of the version that first made the channel official.
    pub since: String,
    /// "Ansvariga för kanalen".
    pub responsible: Vec<Person>,
    /// "Vem/vilka sköter det praktiska".
    pub operators: Vec<Person>,
    pub status: ChannelStatus,
    pub closed_on: Option<String>,
    pub close_reason: Option<String>,
    /// Registration number in the records system; empty until entered.
    pub dnr: String,
}

/// A column to sort the list by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortColumn {
    Id,
    Platform,
    Address,
    #[default]
    Unit,
    Since,
    ApprovalDate,
    Status,
    Dnr,
    Application,
}

/// Search and filter for the register view. Empty fields match everything.
///
/// ```
/// use kanalansokan_core::register::{ChannelQuery, ChannelStatus, SortColumn};
/// let q = ChannelQuery { text: "bibliotek".into(), status: Some(ChannelStatus::Active),
///     sort: SortColumn::Since, descending: true, ..ChannelQuery::default() };
/// assert_eq!(serde_json::to_value(&q).unwrap()["status"], "aktiv");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelQuery {
    /// Free text: every word must occur (case-insensitively) in platform, address,
    /// unit, Dnr, application id, a person's name or e-mail, or the close reason.
    pub text: String,
    /// Exact förvaltning/enhet.
    pub unit: Option<String>,
    /// Platform code.
    pub platform: Option<String>,
    pub status: Option<ChannelStatus>,
    pub sort: SortColumn,
    pub descending: bool,
}

/// The values the filter menus offer, from the register's rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FilterOptions {
    /// Distinct units, in Swedish order.
    pub units: Vec<String>,
    /// Distinct (code, label) pairs, in label order.
    pub platforms: Vec<(String, String)>,
}

const COLUMNS: &str = "id, app_id, version, platform, platform_label, address, unit, approval_date,
    since, responsible, operators, status, closed_on, close_reason, dnr";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<ChannelRow, RegisterError>> {
    let responsible: String = r.get(9)?;
    let operators: String = r.get(10)?;
    let status: String = r.get(11)?;
    let parsed = (|| {
        let status = ChannelStatus::from_code(&status)
            .ok_or_else(|| RegisterError::Corrupt(format!("status {status:?}")))?;
        let people = |s: &str| {
            serde_json::from_str::<Vec<Person>>(s)
                .map_err(|e| RegisterError::Corrupt(e.to_string()))
        };
        Ok((status, people(&responsible)?, people(&operators)?))
    })();
    let (status, responsible, operators) = match parsed {
        Ok(v) => v,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(ChannelRow {
        id: r.get(0)?,
        app_id: r.get(1)?,
        version: r.get(2)?,
        platform: r.get(3)?,
        platform_label: r.get(4)?,
        address: r.get(5)?,
        unit: r.get(6)?,
        approval_date: r.get(7)?,
        since: r.get(8)?,
        responsible,
        operators,
        status,
        closed_on: r.get(12)?,
        close_reason: r.get(13)?,
        dnr: r.get(14)?,
    }))
}

/// Every channel, by id.
pub fn list_channels(conn: &Connection) -> Result<Vec<ChannelRow>, RegisterError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM register_channels ORDER BY id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// The channels of one application (every version), by id.
pub fn channels_of(conn: &Connection, app_id: &str) -> Result<Vec<ChannelRow>, RegisterError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM register_channels WHERE app_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![app_id], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// One channel by its id.
pub fn channel(conn: &Connection, id: i64) -> Result<ChannelRow, RegisterError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM register_channels WHERE id = ?1"),
        params![id],
        from_row,
    )
    .optional()?
    .ok_or(RegisterError::ChannelNotFound(id))?
}

/// The channels matching `query`, sorted as it asks.
pub fn query_channels(
    conn: &Connection,
    query: &ChannelQuery,
) -> Result<Vec<ChannelRow>, RegisterError> {
    let rows = list_channels(conn)?;
    Ok(filter_channels(&rows, query).into_iter().cloned().collect())
}

/// Filters and sorts rows already in memory (what the window does as the user types).
/// Ties are broken by id, so the order is always the same.
pub fn filter_channels<'a>(rows: &'a [ChannelRow], query: &ChannelQuery) -> Vec<&'a ChannelRow> {
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    // One buffer for every row's lower-cased text instead of two new strings per row.
    let mut hay = String::with_capacity(512);
    let mut out: Vec<&ChannelRow> = rows
        .iter()
        .filter(|r| query.unit.as_ref().is_none_or(|u| &r.unit == u))
        .filter(|r| query.platform.as_ref().is_none_or(|p| &r.platform == p))
        .filter(|r| query.status.is_none_or(|s| r.status == s))
        .filter(|r| words.is_empty() || matches_words(r, &words, &mut hay))
        .collect();
    // Most columns repeat a few values (units, platforms, dates): each distinct
    // value gets its sort key once, and rows sort by the key's rank.
    let mut keys: std::collections::HashMap<std::borrow::Cow<'_, str>, usize> =
        std::collections::HashMap::new();
    let mut ranked: Vec<(usize, i64, &ChannelRow)> = Vec::with_capacity(out.len());
    for r in out.drain(..) {
        let next = keys.len();
        let slot = *keys.entry(sort_text(r, &query.sort)).or_insert(next);
        ranked.push((slot, r.id, r));
    }
    let mut distinct: Vec<(Vec<u32>, usize)> = keys
        .into_iter()
        .map(|(value, slot)| (swedish(&value), slot))
        .collect();
    distinct.sort_unstable();
    // Values with equal keys ("Café", "Cafe") share a rank, so their rows fall back
    // to id order as before.
    let mut rank = vec![0usize; distinct.len()];
    let mut position = 0;
    for (i, (key, slot)) in distinct.iter().enumerate() {
        if i > 0
            && distinct
                .get(i - 1)
                .is_some_and(|(previous, _)| previous != key)
        {
            position += 1;
        }
        if let Some(r) = rank.get_mut(*slot) {
            *r = position;
        }
    }
    ranked.sort_unstable_by_key(|(slot, id, _)| (rank.get(*slot).copied().unwrap_or(0), *id));
    out.extend(ranked.into_iter().map(|(_, _, r)| r));
    if query.descending {
        out.reverse();
    }
    out
}

/// The text a row sorts by in `column`.
fn sort_text<'r>(r: &'r ChannelRow, column: &SortColumn) -> std::borrow::Cow<'r, str> {
    match column {
        SortColumn::Id => "".into(),
        SortColumn::Platform => r.platform_label.as_str().into(),
        SortColumn::Address => r.address.as_str().into(),
        SortColumn::Unit => r.unit.as_str().into(),
        SortColumn::Since => r.since.as_str().into(),
        SortColumn::ApprovalDate => r.approval_date.as_str().into(),
        SortColumn::Status => r.status.label().into(),
        SortColumn::Dnr => r.dnr.as_str().into(),
        SortColumn::Application => format!("{} {:010}", r.app_id, r.version).into(),
    }
}

fn matches_words(r: &ChannelRow, words: &[String], hay: &mut String) -> bool {
    hay.clear();
    let people = r
        .responsible
        .iter()
        .chain(&r.operators)
        .flat_map(|p| [p.name.as_str(), p.email.as_str()]);
    for part in [
        r.platform_label.as_str(),
        &r.address,
        &r.unit,
        &r.dnr,
        &r.app_id,
        r.close_reason.as_deref().unwrap_or_default(),
    ]
    .into_iter()
    .chain(people)
    {
        let start = hay.len();
        if part.is_ascii() {
            hay.push_str(part);
            if let Some(added) = hay.get_mut(start..) {
                added.make_ascii_lowercase();
            }
        } else {
            hay.extend(part.chars().flat_map(char::to_lowercase));
        }
        hay.push('\n');
    }
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// The distinct units and platforms among `rows`, for the filter menus.
pub fn filter_options(rows: &[ChannelRow]) -> FilterOptions {
    let mut units: Vec<String> = rows.iter().map(|r| r.unit.clone()).collect();
    units.sort_by_cached_key(|u| swedish(u));
    units.dedup();
    let mut platforms: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.platform.clone(), r.platform_label.clone()))
        .collect();
    platforms.sort_by_cached_key(|(c, l)| (swedish(l), c.clone()));
    platforms.dedup();
    FilterOptions { units, platforms }
}

/// Records that a channel has closed: `date` (ÅÅÅÅ-MM-DD, not before the channel
/// was approved, not in the future) and a reason. The row stays, marked
/// "Avslutad"; the change is logged.
pub fn close_channel(
    conn: &Connection,
    channel_id: i64,
    date: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<ChannelRow, RegisterError> {
    let day = parse_date(date)?;
    let reason = typed_text(reason, "reason", MAX_REASON)?;
    if reason.is_empty() {
        return Err(RegisterError::ReasonRequired);
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let row = channel(&tx, channel_id)?;
    if row.status == ChannelStatus::Closed {
        return Err(RegisterError::AlreadyClosed(channel_id));
    }
    if let Ok(since) = parse_date(&row.since)
        && day < since
    {
        return Err(RegisterError::CloseBeforeApproval {
            date: day.to_string(),
            since: row.since.clone(),
        });
    }
    if day > now.date_naive() {
        return Err(RegisterError::DateInFuture(day.to_string()));
    }
    close_in_tx(&tx, &row, &day.to_string(), &reason, now, None)?;
    tx.commit()?;
    channel(conn, channel_id)
}

/// Closes `row` inside the caller's transaction and logs it. `version` is the
/// application version that left it out, when that is why.
pub(crate) fn close_in_tx(
    conn: &Connection,
    row: &ChannelRow,
    date: &str,
    reason: &str,
    now: DateTime<Utc>,
    version: Option<u32>,
) -> Result<(), RegisterError> {
    conn.execute(
        "UPDATE register_channels SET status = 'avslutad', closed_on = ?2, close_reason = ?3
         WHERE id = ?1",
        params![row.id, date, reason],
    )?;
    events::record(
        conn,
        now,
        EventKind::Close,
        Some(&row.app_id),
        Some(row.id),
        &format!(
            "Kanal {} ({} {}) avslutad {date}.",
            row.id, row.platform_label, row.address
        ),
        &serde_json::json!({
            "channel_id": row.id,
            "address": row.address,
            "closed_on": date,
            "reason": reason,
            "left_out_of_version": version,
        }),
    )
}

/// Enters or changes a channel's Dnr (an empty text clears it). Logged with the
/// old and new value; entering the same value again changes nothing.
pub fn set_dnr(
    conn: &Connection,
    channel_id: i64,
    dnr: &str,
    now: DateTime<Utc>,
) -> Result<ChannelRow, RegisterError> {
    let dnr = typed_text(dnr, "dnr", MAX_DNR)?;
    if dnr.chars().any(char::is_control) {
        return Err(RegisterError::InvalidDnr);
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let row = channel(&tx, channel_id)?;
    if row.dnr == dnr {
        return Ok(row);
    }
    tx.execute(
        "UPDATE register_channels SET dnr = ?2 WHERE id = ?1",
        params![channel_id, dnr],
    )?;
    let summary = if dnr.is_empty() {
        format!("Dnr för kanal {channel_id} borttaget.")
    } else {
        format!("Dnr för kanal {channel_id} satt till {dnr}.")
    };
    events::record(
        &tx,
        now,
        EventKind::Dnr,
        Some(&row.app_id),
        Some(channel_id),
        &summary,
        &serde_json::json!({"channel_id": channel_id, "old": row.dnr, "new": dnr}),
    )?;
    tx.commit()?;
    channel(conn, channel_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, unit: &str, address: &str) -> ChannelRow {
        ChannelRow {
            id,
            app_id: format!("app-{}", id % 4),
            version: 1,
            platform: "facebook".into(),
            platform_label: "Facebook".into(),
            address: address.into(),
            unit: unit.into(),
            approval_date: "2026-11-27".into(),
            since: format!("2026-0{}-01", 1 + id % 9),
            responsible: Vec::new(),
            operators: Vec::new(),
            status: ChannelStatus::Active,
            closed_on: None,
            close_reason: None,
            dnr: String::new(),
        }
    }

    /// The ranked sort gives exactly the order of sorting every row by its
    /// Swedish key and then id, including values whose keys are equal
    /// ("Café"/"Cafe") and descending order.
    #[test]
    fn sorting_by_ranked_values_equals_sorting_every_row_by_key_then_id() {
        let units = [
            "Östra", "Café", "Cafe", "Åby", "arboga", "Arboga", "Zeta", "ärende",
        ];
        let rows: Vec<ChannelRow> = (1..=60)
            .map(|id| {
                let u = units[(id as usize * 7) % units.len()];
                row(id, u, &format!("https://x.se/{}", 61 - id))
            })
            .collect();
        for sort in [
            SortColumn::Unit,
            SortColumn::Address,
            SortColumn::Since,
            SortColumn::Application,
            SortColumn::Id,
        ] {
            for descending in [false, true] {
                let query = ChannelQuery {
                    sort,
                    descending,
                    ..Default::default()
                };
                let got: Vec<i64> = filter_channels(&rows, &query)
                    .iter()
                    .map(|r| r.id)
                    .collect();
                let mut want: Vec<&ChannelRow> = rows.iter().collect();
                want.sort_by_key(|r| (swedish(&sort_text(r, &sort)), r.id));
                if descending {
                    want.reverse();
                }
                let want: Vec<i64> = want.iter().map(|r| r.id).collect();
                assert_eq!(got, want, "{sort:?} descending={descending}");
            }
        }
    }
}
