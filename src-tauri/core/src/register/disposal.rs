//! Gallring: disposing of an application's records under a recorded decision.
//!
//! The only way anything leaves the register. The decision (reason and reference,
//! e.g. the Dnr of the disposal decision) is recorded first — the SQL triggers
//! refuse deleting rows without one — and the disposal is itself logged. The
//! log keeps what was disposed of (versions, seals, addresses) but no personal data.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::applications::application_versions;
use super::channels::{ChannelStatus, list_channels};
use super::events::{self, EventKind};
use super::{RegisterError, archive, timestamp, typed_text};

/// What a disposal removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisposalReport {
    pub app_id: String,
    pub versions: Vec<u32>,
    pub channels: Vec<i64>,
    /// Archive files removed (their SHA-256).
    pub files: Vec<String>,
}

/// Disposes of every version of application `app_id`, its channels and archived
/// PDFs. Refused while any of its channels is active; `reason` and `reference`
/// (the disposal decision) are required.
pub fn dispose_application(
    conn: &Connection,
    archive_dir: &Path,
    app_id: &str,
    reason: &str,
    reference: &str,
    now: DateTime<Utc>,
) -> Result<DisposalReport, RegisterError> {
    let reason = typed_text(reason, "reason", 1000)?;
    let reference = typed_text(reference, "reference", 200)?;
    if reason.is_empty() {
        return Err(RegisterError::ReasonRequired);
    }
    if reference.is_empty() {
        return Err(RegisterError::ReferenceRequired);
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let versions = application_versions(&tx, app_id)?;
    if versions.is_empty() {
        return Err(RegisterError::ApplicationNotFound(app_id.to_string()));
    }
    let channels: Vec<_> = list_channels(&tx)?
        .into_iter()
        .filter(|c| c.app_id == app_id)
        .collect();
    if channels.iter().any(|c| c.status == ChannelStatus::Active) {
        return Err(RegisterError::StillActive(app_id.to_string()));
    }
    tx.execute(
        "INSERT INTO register_disposals (app_id, decided_at, reason, reference)
         VALUES (?1, ?2, ?3, ?4)",
        params![app_id, timestamp(now), reason, reference],
    )?;
    tx.execute(
        "DELETE FROM register_channels WHERE app_id = ?1",
        params![app_id],
    )?;
    tx.execute(
        "DELETE FROM register_applications WHERE app_id = ?1",
        params![app_id],
    )?;
    let report = DisposalReport {
        app_id: app_id.to_string(),
        versions: versions.iter().map(|v| v.version).collect(),
        channels: channels.iter().map(|c| c.id).collect(),
        files: versions.iter().map(|v| v.pdf_sha256.clone()).collect(),
    };
    let unit = versions.last().map(|v| v.unit.as_str()).unwrap_or_default();
    events::record(
        &tx,
        now,
        EventKind::Disposal,
        Some(app_id),
        None,
        &format!("Ansökan från {unit} gallrad enligt beslut {reference}."),
        &serde_json::json!({
            "reason": reason,
            "reference": reference,
            "unit": unit,
            "versions": report.versions,
            "seals": versions.iter().map(|v| v.seal.as_str()).collect::<Vec<_>>(),
            "pdf_sha256": report.files,
            "channels": channels.iter()
                .map(|c| serde_json::json!({"channel_id": c.id, "address": c.address}))
                .collect::<Vec<_>>(),
        }),
    )?;
    tx.commit()?;
    // Files go only once the rows are gone for good.
    for sha in &report.files {
        archive::remove(archive_dir, sha);
    }
    Ok(report)
}

/// A recorded disposal decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disposal {
    pub id: i64,
    pub app_id: String,
    pub decided_at: String,
    pub reason: String,
    pub reference: String,
}

/// Every disposal decision, oldest first.
pub fn disposals(conn: &Connection) -> Result<Vec<Disposal>, RegisterError> {
    let mut stmt = conn.prepare(
        "SELECT id, app_id, decided_at, reason, reference FROM register_disposals ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Disposal {
            id: r.get(0)?,
            app_id: r.get(1)?,
            decided_at: r.get(2)?,
            reason: r.get(3)?,
            reference: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
