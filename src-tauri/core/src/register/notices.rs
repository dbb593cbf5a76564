//! The unit's closure notices ("Anmälan om avslutad kanal") in the register: the
//! import's part for a PDF that carries `kanalansokan-avslut.json`, and the
//! notices kept for an application's detail view.
//!
//! A notice is checked as an application is ([`crate::pdf::notice::verify`]:
//! readable, known schema, signed, seal, pages; complete as it is; every rule of
//! a signed notice; its digital signature against the register's trust and
//! policy), then each channel it names is looked up: by the application it was
//! approved in and its address, or (a channel typed in, opened before the app)
//! by its address alone. Verdicts:
//!
//! - **Kanal avslutad**: the active channels are closed with the notice's last
//!   day and reason (the rows stay, marked *Avslutad*); channels already closed
//!   are left as they are.
//! - **Redan avslutad**: every channel it names was closed already; nothing
//!   changes but the notice being kept as a record.
//! - **Kanalen finns inte i registret**: a channel it names is not in the
//!   register. Nothing is stored, and the message says to import the application
//!   first. *Why refused rather than kept pending:* the register's rows are what
//!   the registrar sees and publishes; a notice waiting unseen for an application
//!   would close a channel the moment that application is imported, with no
//!   verdict on screen saying so. Refusing keeps every change in a verdict the
//!   registrar reads: they import the application, then the same notice file
//!   again (a notice for a channel that never reached the register may also just
//!   have the wrong address).
//! - **Redan importerad**: the same notice (same seal) is in the register.
//! - **Avvisad**: the application's refusals (damaged, newer schema, broken
//!   seal, changed pages, not signed, fails the rules, not digitally signed under
//!   that policy), a last day before a channel was approved, or the PDF of a
//!   notice signed on paper (the pen signature is on the paper: the registrar
//!   imports the scan of the signed page instead).
//!
//! **A scan of the pen-signed notice** (issue 16, as issue 18 for applications):
//! the printed page of a draft or paper-signed notice carries the sealed notice as
//! QR codes (`qr::payload`, magic `KA`). The import reads a PDF of page images as
//! a scan (`scan::read_document`, from `import::check`): the codes are read, the
//! notice rebuilt and its seal checked, and then it goes the same way as a PDF
//! notice ([`import_scanned_notice`]): signed on paper, the rules, the same
//! verdicts. The scan is archived as the record, the verdict says "Signerad på
//! papper (skannad)" and warns "Underskrift saknas i rutan?" when the signature
//! box looks empty; the event's detail says `"scanned": true` with the ink share.
//! The scan refusals are the application's, said of "anmälan" (codes missing,
//! from different documents, a seal that does not match, a newer schema).
//!
//! Everything is written in one transaction, the PDF archived like an
//! application's (`arkiv/<sha256>.pdf`); a refused or failed file leaves nothing.

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::channels::{ChannelRow, ChannelStatus, channel, close_in_tx};
use super::events::{self, EventKind};
use super::import::{
    INK_WARNING, INK_WARNING_CODE, ImportVerdict, Outcome, SCANNED_LABEL, ScanInfo,
    breaks_the_rules, latest_signing_day,
};
use super::signatures::{self, DigitalSignature, SignatureCheck};
use super::trust::UnsignedPolicy;
use super::{RegisterError, archive, intact, parse_date, timestamp};
use crate::error::{ToUserError, UserError};
use crate::model::Signature;
use crate::model::notice::{ClosingChannel, ClosureNotice};
use crate::pdf::{self, ParsedPdf};
use crate::validate::{Check, notice as rules};

/// An imported notice, for an application's detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedNotice {
    pub notice_id: String,
    pub unit: String,
    pub last_day: String,
    pub reason: String,
    /// "Namnförtydligande" of the approving manager.
    pub approver: String,
    pub signed_at: String,
    pub seal: String,
    /// The archived PDF is `<archive>/<pdf_sha256>.pdf`.
    pub pdf_sha256: String,
    pub file_name: String,
    pub imported_at: String,
    /// The application's channels it named: (channel id, whether this notice closed it).
    pub channels: Vec<(i64, bool)>,
}

/// The notices that named any channel of application `app_id`, oldest first.
pub fn notices_for_application(
    conn: &Connection,
    app_id: &str,
) -> Result<Vec<ImportedNotice>, RegisterError> {
    query(conn, Some(app_id))
}

/// Every imported notice, oldest first (for the JSON export).
pub(crate) fn all_notices(conn: &Connection) -> Result<Vec<ImportedNotice>, RegisterError> {
    query(conn, None)
}

fn query(conn: &Connection, app_id: Option<&str>) -> Result<Vec<ImportedNotice>, RegisterError> {
    let mut stmt = conn.prepare(
        "SELECT n.id, n.notice_id, n.unit, n.last_day, n.reason, n.approver, n.signed_at, n.seal,
                n.pdf_sha256, n.file_name, n.imported_at, c.channel_id, c.closed_by_notice
         FROM register_notices n JOIN register_notice_channels c ON c.notice_row = n.id
         WHERE ?1 IS NULL OR c.app_id = ?1 ORDER BY n.id, c.channel_id",
    )?;
    let mut rows = stmt.query(params![app_id])?;
    let mut out: Vec<(i64, ImportedNotice)> = Vec::new();
    while let Some(r) = rows.next()? {
        let row: i64 = r.get(0)?;
        let link = (r.get::<_, i64>(11)?, r.get::<_, i64>(12)? == 1);
        if let Some((last, notice)) = out.last_mut()
            && *last == row
        {
            notice.channels.push(link);
            continue;
        }
        out.push((
            row,
            ImportedNotice {
                notice_id: r.get(1)?,
                unit: r.get(2)?,
                last_day: r.get(3)?,
                reason: r.get(4)?,
                approver: r.get(5)?,
                signed_at: r.get(6)?,
                seal: r.get(7)?,
                pdf_sha256: r.get(8)?,
                file_name: r.get(9)?,
                imported_at: r.get(10)?,
                channels: vec![link],
            },
        ));
    }
    Ok(out.into_iter().map(|(_, n)| n).collect())
}

/// The import of a PDF without application data: `None` when it carries no
/// notice either (the caller's verdict stands), else the notice's verdict.
pub(super) fn import_notice(
    file: &File<'_>,
    conn: &Connection,
    now: DateTime<Utc>,
    signature: &SignatureCheck<'_>,
) -> Option<ImportVerdict> {
    let doc = file.parsed.doc().ok()?;
    if !pdf::notice::carries_notice(doc) {
        return None;
    }
    let checked = check(doc, file.parsed.bytes());
    Some(import_checked(file, conn, checked, now, signature, None))
}

/// The import of a notice read from a scan of its pen-signed page (the scan
/// already read, its seal checked and the file found complete by
/// `import::check`).
pub(super) fn import_scanned_notice(
    file: &File<'_>,
    conn: &Connection,
    now: DateTime<Utc>,
    signature: &SignatureCheck<'_>,
    notice: ClosureNotice,
    scan: ScanInfo,
) -> ImportVerdict {
    let checked = check_scanned(notice);
    let mut verdict = import_checked(file, conn, checked, now, signature, Some(scan));
    if verdict.outcome.is_accepted() {
        verdict.scanned = true;
        verdict.message = format!("{SCANNED_LABEL}. {}", verdict.message);
        if scan.ink_missing() {
            verdict
                .warnings
                .push(UserError::new(INK_WARNING_CODE, INK_WARNING));
        }
    }
    verdict
}

/// The file being imported: where it is archived, its name as shown and as
/// kept, its bytes.
pub(super) struct File<'a> {
    pub(super) archive_dir: &'a Path,
    pub(super) shown: &'a str,
    pub(super) file_name: &'a str,
    /// The file's bytes, parsed once for every check.
    pub(super) parsed: &'a ParsedPdf<'a>,
}

/// A notice that passed (or failed) its checks: its signature, then recorded.
fn import_checked(
    file: &File<'_>,
    conn: &Connection,
    checked: Result<ClosureNotice, UserError>,
    now: DateTime<Utc>,
    signature: &SignatureCheck<'_>,
    scan: Option<ScanInfo>,
) -> ImportVerdict {
    let shown = file.shown;
    let notice = match checked {
        Ok(n) => n,
        Err(reason) => {
            let reason = super::import::explained_by_signature(file.parsed, reason, signature);
            return ImportVerdict::refused(shown, Outcome::Rejected, reason);
        }
    };
    let digital = match check_signature(file.parsed, &notice, signature) {
        Ok(d) => d,
        Err(reason) => return ImportVerdict::refused(shown, Outcome::Rejected, reason),
    };
    let sha = crate::seal::hex(&file.parsed.sha256());
    let mut verdict = match record(file, conn, &sha, &notice, digital.as_ref(), now, scan) {
        Ok(recorded) => recorded.into_verdict(shown),
        Err(e) => {
            log::error!("import of the notice {shown} failed: {e:?}");
            ImportVerdict::failed(shown, e.to_user_error())
        }
    };
    verdict.unit = Some(notice.unit.clone());
    verdict.pdf_sha256 = Some(sha);
    if verdict.outcome.is_accepted() {
        verdict.digital_signature = Some(signatures::signature_label(digital.as_ref()));
        verdict.warnings = digital.map(|d| d.warnings).unwrap_or_default();
    }
    verdict
}

/// Everything a notice's PDF must pass before anything is written.
fn check(doc: &lopdf::Document, bytes: &[u8]) -> Result<ClosureNotice, UserError> {
    let notice = pdf::notice::verify_loaded(doc).map_err(|e| {
        log::info!("import of a notice: {e}");
        pdf::notice::user_error(&e)
    })?;
    intact::check_complete(bytes)?;
    let notice = check_rules(notice)?;
    if matches!(notice.approval.signature, Some(Signature::Paper)) {
        return Err(UserError::new(
            "register.notice_paper_signed",
            "Anmälan är signerad på papper. Skanna det underskrivna pappersoriginalet (med \
             QR-koderna) och läs in skanningen i stället.",
        ));
    }
    Ok(notice)
}

/// What a notice read from a scan must pass: signed, on paper, the rules.
fn check_scanned(notice: ClosureNotice) -> Result<ClosureNotice, UserError> {
    if !notice.is_signed() {
        return Err(pdf::notice::user_error(&pdf::VerifyError::NotSigned));
    }
    let notice = check_rules(notice)?;
    if !matches!(notice.approval.signature, Some(Signature::Paper)) {
        return Err(UserError::new(
            "scan.not_paper_signed",
            "Anmälan i skanningen är signerad elektroniskt. Importera den ursprungliga PDF-filen \
             i stället.",
        ));
    }
    Ok(notice)
}

/// Every rule of a signed notice, as on the day it was signed.
fn check_rules(notice: ClosureNotice) -> Result<ClosureNotice, UserError> {
    let signed_on = latest_signing_day(notice.signed_at.as_deref()).ok_or_else(|| {
        UserError::new(
            "register.invalid",
            "Anmälan saknar giltig tidpunkt för signering och kan inte registreras.",
        )
    })?;
    let problems = rules::validate(&notice, signed_on, Check::Signing);
    if !problems.is_empty() {
        return Err(breaks_the_rules(
            "Anmälan uppfyller inte reglerna för en signerad anmälan",
            &problems,
        ));
    }
    Ok(notice)
}

/// The notice's digital signature: verified against the register's trust, or
/// absent and accepted or refused by the policy, as for an application.
fn check_signature(
    pdf: &ParsedPdf<'_>,
    notice: &ClosureNotice,
    signature: &SignatureCheck<'_>,
) -> Result<Option<DigitalSignature>, UserError> {
    match (signature.verify)(pdf)? {
        Some(report) => Ok(Some(signatures::record_named(
            report,
            &notice.approval.name,
        ))),
        None if signature.policy == UnsignedPolicy::Refuse => Err(UserError::new(
            signatures::not_digitally_signed().code,
            "Anmälan är inte elektroniskt signerad, och registret tar bara emot elektroniskt \
             signerade handlingar. Be chefen signera PDF-filen med e-legitimation eller \
             certifikatfil, eller ändra regeln under Betrodda utfärdare.",
        )),
        None => Ok(None),
    }
}

/// What recording did.
enum Recorded {
    Already,
    /// The channels not found, and whether every one of them was typed in (no
    /// application to import first).
    Missing {
        channels: Vec<String>,
        typed_in: bool,
    },
    BeforeApproval {
        channel: String,
        since: String,
    },
    Closed {
        closed: usize,
        already: usize,
    },
    AllClosedAlready,
}

impl Recorded {
    fn into_verdict(self, shown: &str) -> ImportVerdict {
        match self {
            Recorded::Already => ImportVerdict::new(
                shown,
                Outcome::AlreadyImported,
                "Anmälan finns redan i registret. Inget har ändrats.".into(),
            ),
            Recorded::Missing { channels, typed_in } => ImportVerdict::refused(
                shown,
                Outcome::NotInRegister,
                UserError::new(
                    "register.notice_channel_unknown",
                    if typed_in {
                        // Opened before the app: there is no application to import.
                        format!(
                            "{} finns inte i registret. Kontrollera att adressen i anmälan är \
                             skriven så som i registret, och be annars enheten om en ny anmälan \
                             med rätt adress. Inget har ändrats.",
                            channels.join(", ")
                        )
                    } else {
                        format!(
                            "{} finns inte i registret. Importera först den signerade ansökan som \
                             kanalen godkändes i och läs sedan in anmälan igen. Inget har ändrats.",
                            channels.join(", ")
                        )
                    },
                ),
            ),
            Recorded::BeforeApproval { channel, since } => ImportVerdict::refused(
                shown,
                Outcome::Rejected,
                UserError::new(
                    "register.date.before_approval",
                    format!(
                        "Anmälans sista dag är före godkännandet av {channel} ({since}). Inget har ändrats."
                    ),
                ),
            ),
            Recorded::Closed { closed, already } => ImportVerdict::new(
                shown,
                Outcome::ChannelClosed,
                match already {
                    0 => format!("{} avslutad enligt anmälan.", channel_word(closed)),
                    n => format!(
                        "{} avslutad enligt anmälan; {} var redan avslutad.",
                        channel_word(closed),
                        channel_word(n)
                    ),
                },
            ),
            Recorded::AllClosedAlready => ImportVerdict::new(
                shown,
                Outcome::AlreadyClosed,
                "Kanalen var redan avslutad i registret. Anmälan har sparats; inget annat har ändrats."
                    .into(),
            ),
        }
    }
}

/// "1 kanal", "2 kanaler".
fn channel_word(n: usize) -> String {
    super::channel_count(n)
}

/// How a channel of the notice is named in a message.
fn named(c: &ClosingChannel) -> String {
    format!(
        "Kanalen {} {}",
        c.as_channel().platform_display(),
        c.address
    )
}

/// The register row a channel of the notice means: the application's row with
/// that address (an active one first), or for a channel typed in any row with
/// that address.
fn find(conn: &Connection, c: &ClosingChannel) -> Result<Option<ChannelRow>, RegisterError> {
    let id: Option<i64> = match &c.application {
        Some(app) => conn
            .prepare_cached(
                "SELECT id FROM register_channels WHERE app_id = ?1 AND address = ?2
                 ORDER BY status = 'aktiv' DESC, id DESC LIMIT 1",
            )?
            .query_row(params![app.id, c.address], |r| r.get(0))
            .optional()?,
        None => conn
            .prepare_cached(
                "SELECT id FROM register_channels WHERE address = ?1
                 ORDER BY status = 'aktiv' DESC, id DESC LIMIT 1",
            )?
            .query_row(params![c.address], |r| r.get(0))
            .optional()?,
    };
    id.map(|id| channel(conn, id)).transpose()
}

fn record(
    file: &File<'_>,
    conn: &Connection,
    sha: &str,
    notice: &ClosureNotice,
    digital: Option<&DigitalSignature>,
    now: DateTime<Utc>,
    scan: Option<ScanInfo>,
) -> Result<Recorded, RegisterError> {
    let (archive_dir, file_name, bytes) = (file.archive_dir, file.file_name, file.parsed.bytes());
    let seal = notice.seal.clone().unwrap_or_default();
    // Its own transaction, or a savepoint in the batch's (`durability`).
    let tx = super::durability::FileTx::begin(conn)?;
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM register_notices WHERE seal = ?1)")?
        .query_row(params![seal], |r| r.get(0))?;
    if known {
        return Ok(Recorded::Already);
    }
    let mut rows = Vec::with_capacity(notice.channels.len());
    let mut missing = Vec::new();
    let mut typed_in = true;
    for c in &notice.channels {
        match find(&tx, c)? {
            Some(row) => rows.push((c, row)),
            None => {
                missing.push(named(c));
                typed_in &= c.application.is_none();
            }
        }
    }
    if !missing.is_empty() {
        return Ok(Recorded::Missing {
            channels: missing,
            typed_in,
        });
    }
    let last_day = parse_date(&notice.last_day)?;
    for (c, row) in &rows {
        if row.status == ChannelStatus::Active
            && let Ok(since) = parse_date(&row.since)
            && last_day < since
        {
            return Ok(Recorded::BeforeApproval {
                channel: named(c).replacen("Kanalen", "kanalen", 1),
                since: row.since.clone(),
            });
        }
    }
    tx.prepare_cached(
        "INSERT INTO register_notices (notice_id, unit, last_day, reason, approver, signed_at,
            seal, body, pdf_sha256, pdf_size, file_name, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        notice.id,
        notice.unit,
        notice.last_day,
        notice.reason,
        notice.approval.name,
        notice.signed_at.as_deref().unwrap_or_default(),
        seal,
        serde_json::to_string(notice).map_err(|e| RegisterError::Corrupt(e.to_string()))?,
        sha,
        bytes.len() as i64,
        file_name,
        timestamp(now),
    ])?;
    let notice_row = tx.last_insert_rowid();
    let (mut closed, mut already) = (Vec::new(), Vec::new());
    for (_, row) in &rows {
        let closes = row.status == ChannelStatus::Active;
        if closes {
            close_in_tx(&tx, row, &notice.last_day, &notice.reason, now, None)?;
            closed.push(row);
        } else {
            already.push(row);
        }
        // A channel named twice (two rows with one address) is linked once.
        tx.prepare_cached(
            "INSERT OR IGNORE INTO register_notice_channels
                (notice_row, channel_id, app_id, closed_by_notice)
             VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![notice_row, row.id, row.app_id, closes])?;
    }
    // One event per application whose channels the notice named, so that each
    // application's history shows it.
    let mut apps: Vec<&str> = rows.iter().map(|(_, r)| r.app_id.as_str()).collect();
    apps.sort_unstable();
    apps.dedup();
    let channel_json = |list: &[&ChannelRow]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|r| serde_json::json!({"channel_id": r.id, "app_id": r.app_id, "address": r.address}))
            .collect()
    };
    let mut detail = serde_json::json!({
        "notice_id": notice.id,
        "file": file_name,
        "pdf_sha256": sha,
        "seal": seal,
        "unit": notice.unit,
        "last_day": notice.last_day,
        "reason": notice.reason,
        "approver": notice.approval.name,
        "reporter": notice.reporter.name,
        "closed": channel_json(&closed),
        "already_closed": channel_json(&already),
        "digital_signature": digital,
        "digital_signature_label": signatures::signature_label(digital),
    });
    if let Some(info) = scan {
        detail["scanned"] = true.into();
        detail["signature_ink"] = info.ink.into();
    }
    let summary = format!(
        "{}Anmälan om avslutad kanal från {} (sista dag {}) importerad: {} avslutad, {} redan avslutad.",
        if scan.is_some() {
            format!("{SCANNED_LABEL}: ")
        } else {
            String::new()
        },
        notice.unit,
        notice.last_day,
        channel_word(closed.len()),
        channel_word(already.len())
    );
    for app_id in apps {
        events::record(
            &tx,
            now,
            EventKind::Close,
            Some(app_id),
            None,
            &summary,
            &detail,
        )?;
    }
    tx.store_archive(archive_dir, sha, bytes)?;
    if let Err(e) = tx.commit(archive_dir) {
        archive::remove(archive_dir, sha);
        return Err(e);
    }
    Ok(if closed.is_empty() {
        Recorded::AllClosedAlready
    } else {
        Recorded::Closed {
            closed: closed.len(),
            already: already.len(),
        }
    })
}
