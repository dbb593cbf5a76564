//! The registrar's register of the municipality's official channels
//! ("förteckning"): import of signed PDFs, one row per channel, closing, Dnr,
//! the event log, gallring, and the exports (public HTML list, CSV, JSON).
//!
//! The register lives in the same SQLite file as the drafts (tables from
//! `migrations/02-register.sql`); every function takes a `&rusqlite::Connection`
//! (from [`Store::connection`](crate::storage)). Original PDFs are kept byte for byte
//! in an archive folder as `<sha256>.pdf` (see [`archive`]).
//!
//! | file | concern |
//! |---|---|
//! | `import.rs` | [`import_file`], [`import_batch`], [`register_paper_signed`]: verdicts |
//! | `intact.rs` | a PDF must be complete as it is (no repair) before import |
//! | `archive.rs` | the archive folder of original PDFs |
//! | `durability.rs` | when an import is on disk: one transaction per file, or per chunk of a batch |
//! | `channels.rs` | [`ChannelRow`], search/filter/sort, [`close_channel`], [`set_dnr`] |
//! | `applications.rs` | imported applications and their versions |
//! | `events.rs` | the append-only event log |
//! | `signatures.rs` | the verified digital signature of an imported version |
//! | `trust.rs` | "Betrodda utfärdare", CRLs and the policy for unsigned applications |
//! | `disposal.rs` | gallring under a recorded decision |
//! | `notices.rs` | the unit's closure notices: their import, and per application |
//! | `politicians.rs` | politicians' blog links ("Politikers bloggar", issue 16) |
//! | `export/` | HTML, CSV and JSON exports |
//! | `error.rs` | [`RegisterError`] |
//!
//! Times are passed in (`now`), so tests and exports are deterministic.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::register::{self, ChannelQuery};
//! let mut conn = rusqlite::Connection::open_in_memory().unwrap();
//! kanalansokan_core::storage::migrations::migrations().to_latest(&mut conn).unwrap();
//! assert!(register::query_channels(&conn, &ChannelQuery::default()).unwrap().is_empty());
//! assert!(register::events(&conn).unwrap().is_empty());
//! ```

pub mod applications;
pub mod archive;
pub mod channels;
pub mod disposal;
mod durability;
mod error;
pub mod events;
pub mod export;
pub mod import;
mod intact;
pub mod notices;
pub mod politicians;
pub mod signatures;
mod sortkey;
pub mod trust;

pub use applications::{
    ImportedApplication, application_versions, imported_application, verify_archived,
};
pub use archive::{ArchiveCheck, archive_path, check_archive, default_archive_dir};
pub use channels::{
    ChannelQuery, ChannelRow, ChannelStatus, FilterOptions, SortColumn, channel, channels_of,
    close_channel, filter_channels, filter_options, list_channels, query_channels, set_dnr,
};
pub use disposal::{DisposalReport, dispose_application};
pub use error::RegisterError;
pub use events::{Event, EventKind, events, events_for_application};
pub use export::{ExportFormat, RegisterSnapshot, export, snapshot};
pub use import::{
    BatchProgress, BatchReport, ImportVerdict, Outcome, collect_pdfs, import_batch, import_bytes,
    import_file, register_paper_signed,
};
pub use notices::{ImportedNotice, notices_for_application};
pub use politicians::{
    PoliticianError, PoliticianInput, PoliticianLink, add_politician, edit_politician,
    end_politician, list_politicians, public_politicians,
};
pub use signatures::{DigitalSignature, NOT_DIGITALLY_SIGNED, signature_label};
pub use trust::{
    LoadedCrl, TrustSettings, TrustedIssuer, UnsignedPolicy, add_crl, add_trusted_issuer,
    remove_crl, remove_trusted_issuer, set_unsigned_policy, trust_settings, unsigned_policy,
};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

/// RFC 3339 UTC with whole seconds, as every time in the register is stored.
/// "1 kanal", "3 kanaler": a count of channels in what the user reads.
///
/// ```
/// assert_eq!(kanalansokan_core::register::channel_count(1), "1 kanal");
/// assert_eq!(kanalansokan_core::register::channel_count(0), "0 kanaler");
/// ```
pub fn channel_count(n: usize) -> String {
    if n == 1 {
        "1 kanal".to_string()
    } else {
        format!("{n} kanaler")
    }
}

pub(crate) fn timestamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses a strict ISO date ("2026-11-29").
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, RegisterError> {
    let t = text.trim();
    if t.len() != 10 {
        return Err(RegisterError::InvalidDate(text.to_string()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| RegisterError::InvalidDate(text.into()))
}

/// Text the registrar typed: trimmed, at most `max` characters.
pub(crate) fn typed_text(
    text: &str,
    field: &'static str,
    max: usize,
) -> Result<String, RegisterError> {
    let t = text.trim().to_string();
    let len = t.chars().count();
    if len > max {
        return Err(RegisterError::TooLong { field, len, max });
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict_iso() {
        assert!(parse_date("2026-11-29").is_ok());
        assert!(parse_date(" 2026-11-29 ").is_ok());
        assert!(parse_date("2026-2-1").is_err());
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("29/11/2026").is_err());
    }
}
