//! The register's exports, each deterministic (sorted, time passed in) so that
//! the same register gives the same bytes:
//!
//! | format | for | content |
//! |---|---|---|
//! | [`html`] | the municipality's website | active channels only, no personal data |
//! | [`csv`] | the records system and Excel | one row per channel, every column |
//! | [`json`] | other systems | everything: channels, applications, decisions, log |

pub mod csv;
pub mod html;
pub mod json;

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::RegisterError;
use super::applications::{ImportedApplication, all_applications};
use super::channels::{ChannelRow, list_channels};
use super::disposal::{Disposal, disposals};
use super::events::{Event, events};
use super::politicians::{PoliticianLink, all_politicians};
use crate::fsutil::write_atomic;

/// Which export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Html,
    Csv,
    Json,
}

impl ExportFormat {
    /// Parses "html", "csv" or "json".
    pub fn from_code(code: &str) -> Option<ExportFormat> {
        match code {
            "html" => Some(ExportFormat::Html),
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            _ => None,
        }
    }

    /// The file extension the save dialog suggests.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Html => "html",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// Everything in the register, as the exports read it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RegisterSnapshot {
    /// By id.
    pub channels: Vec<ChannelRow>,
    /// By application id and version.
    pub applications: Vec<ImportedApplication>,
    pub disposals: Vec<Disposal>,
    /// Oldest first.
    pub events: Vec<Event>,
    /// Politicians' blog links, active and ended, in list order (issue 16).
    pub politicians: Vec<PoliticianLink>,
    /// The units' imported closure notices, oldest first (issue 16); left out
    /// of the JSON while there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<crate::register::notices::ImportedNotice>,
}

/// Reads the whole register.
pub fn snapshot(conn: &Connection) -> Result<RegisterSnapshot, RegisterError> {
    Ok(RegisterSnapshot {
        channels: list_channels(conn)?,
        applications: all_applications(conn)?,
        disposals: disposals(conn)?,
        events: events(conn)?,
        politicians: all_politicians(conn)?,
        notices: crate::register::notices::all_notices(conn)?,
    })
}

/// The bytes of an export of `snap`.
pub fn render(
    snap: &RegisterSnapshot,
    format: ExportFormat,
    generated_at: DateTime<Utc>,
) -> Vec<u8> {
    match format {
        ExportFormat::Html => {
            html::render_with_politicians(&snap.channels, &snap.politicians, generated_at)
                .into_bytes()
        }
        ExportFormat::Csv => csv::render(&snap.channels, &snap.applications),
        ExportFormat::Json => json::render(snap, generated_at).into_bytes(),
    }
}

/// Writes an export of the register to `path` atomically. Returns the number of
/// channels it lists.
pub fn export(
    conn: &Connection,
    format: ExportFormat,
    path: &Path,
    generated_at: DateTime<Utc>,
) -> Result<usize, RegisterError> {
    let snap = snapshot(conn)?;
    let count = match format {
        ExportFormat::Html => html::public_rows(&snap.channels).len(),
        _ => snap.channels.len(),
    };
    write_atomic(path, &render(&snap, format, generated_at))
        .map_err(|e| RegisterError::io(path, e))?;
    Ok(count)
}
