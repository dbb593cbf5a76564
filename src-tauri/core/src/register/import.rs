//! Importing signed PDFs: one verdict per file, each file's writes its own
//! transaction or savepoint ([`super::durability`]).
//!
//! A file is checked completely before anything is written: size, [`pdf::verify`]
//! (readable, embedded application, known schema, signed, seal matches, pages agree),
//! that the file is complete as it is ([`super::intact`]), then [`validate`] with
//! [`Check::Signing`] as on the day it was signed, then its digital signature
//! (PAdES) against the register's trust ([`super::signatures`], [`super::trust`]):
//! verified and recorded, or absent and accepted or refused by the registrar's
//! policy. Only then is
//! it recorded: the application row, its channels, an event, and the original PDF in
//! the archive folder. If anything fails on the way, the file's writes are rolled back
//! and an archive file written by this import is removed: a refused or failed file
//! leaves nothing behind, and the files before it in a batch stay imported.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::archive;
use super::channels::{ChannelRow, ChannelStatus, channels_of, close_in_tx};
use super::durability::{self, BatchCommit, FileTx};
use super::events::{self, EventKind};
use super::intact;
use super::signatures::{self, DigitalSignature, LoadedTrust, SignatureCheck};
use super::trust::UnsignedPolicy;
use super::{RegisterError, channel_count, timestamp, typed_text};
use crate::error::{ToUserError, UserError};
use crate::model::notice::ClosureNotice;
use crate::model::{Application, Signature};
use crate::pdf::{self, MAX_PDF_BYTES, ParsedPdf, VerifyError};
use crate::qr::Document;
use crate::scan;
use crate::validate::{Check, validate};

/// How deep [`collect_pdfs`] goes into sub-folders of a folder it is given.
pub const MAX_FOLDER_DEPTH: usize = 3;
/// Most files one batch takes from folders (a safeguard against a wrong folder).
pub const MAX_BATCH_FILES: usize = 100_000;

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// "Importerad": new in the register (or an older version kept in the history).
    Imported,
    /// "Redan importerad": the same signed version is already there; nothing changed.
    AlreadyImported,
    /// "Ny version": replaced an earlier version; its channels were updated.
    NewVersion,
    /// "Avvisad": the file is not an acceptable signed application; see the reason.
    Rejected,
    /// "Fel": the register could not be written (disk, database); nothing changed.
    Failed,
    /// "Kanal avslutad": a closure notice closed its channels ([`super::notices`]).
    ChannelClosed,
    /// "Redan avslutad": every channel a closure notice names was closed already.
    AlreadyClosed,
    /// "Kanalen finns inte i registret": a closure notice names a channel the
    /// register does not have; nothing changed.
    NotInRegister,
}

impl Outcome {
    /// The word in the verdict column.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Imported => "Importerad",
            Outcome::AlreadyImported => "Redan importerad",
            Outcome::NewVersion => "Ny version",
            Outcome::Rejected => "Avvisad",
            Outcome::Failed => "Fel",
            Outcome::ChannelClosed => "Kanal avslutad",
            Outcome::AlreadyClosed => "Redan avslutad",
            Outcome::NotInRegister => "Kanalen finns inte i registret",
        }
    }

    /// True for the outcomes that leave the file in the register.
    pub fn is_accepted(self) -> bool {
        matches!(
            self,
            Outcome::Imported
                | Outcome::AlreadyImported
                | Outcome::NewVersion
                | Outcome::ChannelClosed
                | Outcome::AlreadyClosed
        )
    }
}

/// The verdict row for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportVerdict {
    /// The file as given (path or name).
    pub file: String,
    pub outcome: Outcome,
    /// [`Outcome::label`].
    pub label: String,
    /// One Swedish sentence: what happened or why it was refused.
    pub message: String,
    /// For `Rejected` and `Failed`: the reason with its stable code
    /// (`pdf.not_pdf`, `pdf.seal_mismatch`, `register.paper_signed`, …).
    pub reason: Option<UserError>,
    pub app_id: Option<String>,
    pub version: Option<u32>,
    pub unit: Option<String>,
    pub pdf_sha256: Option<String>,
    /// True when the application is signed on paper: the window offers
    /// "Registrera manuellt" ([`register_paper_signed`]).
    pub manual_registration: bool,
    /// True for a scan of the pen-signed page ("Signerad på papper (skannad)").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub scanned: bool,
    /// For an accepted file: "Elektroniskt signerad av … (verifierad)" or
    /// "Inte elektroniskt signerad".
    pub digital_signature: Option<String>,
    /// For an accepted file: what the registrar should look at (the certificate's
    /// name is not "Namnförtydligande", a CRL is out of date, the signature box of
    /// a scanned page looks empty, …).
    pub warnings: Vec<UserError>,
}

impl ImportVerdict {
    pub(super) fn new(file: &str, outcome: Outcome, message: String) -> ImportVerdict {
        ImportVerdict {
            file: file.to_string(),
            outcome,
            label: outcome.label().to_string(),
            message,
            reason: None,
            app_id: None,
            version: None,
            unit: None,
            pdf_sha256: None,
            manual_registration: false,
            scanned: false,
            digital_signature: None,
            warnings: Vec::new(),
        }
    }

    pub(super) fn refused(file: &str, outcome: Outcome, reason: UserError) -> ImportVerdict {
        let mut v = ImportVerdict::new(file, outcome, reason.message.clone());
        v.reason = Some(reason);
        v
    }

    /// "Fel": the register could not be written for this file; nothing changed.
    pub fn failed(file: &str, reason: UserError) -> ImportVerdict {
        ImportVerdict::refused(file, Outcome::Failed, reason)
    }

    fn signed(mut self, signature: Option<&DigitalSignature>) -> ImportVerdict {
        if self.outcome.is_accepted() {
            self.digital_signature = Some(signatures::signature_label(signature));
            self.warnings = signature.map(|s| s.warnings.clone()).unwrap_or_default();
        }
        self
    }

    fn about(mut self, app: &Application, sha: &str) -> ImportVerdict {
        self.app_id = Some(app.id.clone());
        self.version = Some(app.version);
        self.unit = Some(app.unit.clone());
        self.pdf_sha256 = Some(sha.to_string());
        self
    }
}

/// Reported after each file of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct BatchProgress {
    /// Files done so far, including this one.
    pub done: usize,
    pub total: usize,
    pub verdict: ImportVerdict,
}

/// The result of a batch: every verdict in order, and whether it was cancelled.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BatchReport {
    pub verdicts: Vec<ImportVerdict>,
    /// True when the cancel flag stopped the batch; the verdicts cover the files done.
    pub cancelled: bool,
    /// Files found but not done because of cancelling.
    pub skipped: usize,
}

impl BatchReport {
    /// How many verdicts have this outcome.
    pub fn count(&self, outcome: Outcome) -> usize {
        self.verdicts
            .iter()
            .filter(|v| v.outcome == outcome)
            .count()
    }

    /// True when no file was rejected or failed.
    pub fn all_accepted(&self) -> bool {
        self.verdicts.iter().all(|v| v.outcome.is_accepted())
    }

    /// The outcomes that occurred, counted in Swedish: "2 importerade, 1 avvisad."
    /// (singular and plural; outcomes with no file are left out).
    pub fn summary(&self) -> String {
        const FORMS: [(Outcome, &str, &str); 8] = [
            (Outcome::Imported, "importerad", "importerade"),
            (Outcome::NewVersion, "ny version", "nya versioner"),
            (
                Outcome::AlreadyImported,
                "redan importerad",
                "redan importerade",
            ),
            (
                Outcome::ChannelClosed,
                "anmälan om avslut",
                "anmälningar om avslut",
            ),
            (Outcome::AlreadyClosed, "redan avslutad", "redan avslutade"),
            (
                Outcome::NotInRegister,
                "anmälan om okänd kanal",
                "anmälningar om okända kanaler",
            ),
            (Outcome::Rejected, "avvisad", "avvisade"),
            (Outcome::Failed, "fel", "fel"),
        ];
        let parts: Vec<String> = FORMS
            .iter()
            .filter_map(|(outcome, one, many)| match self.count(*outcome) {
                0 => None,
                1 => Some(format!("1 {one}")),
                n => Some(format!("{n} {many}")),
            })
            .collect();
        let mut s = if parts.is_empty() {
            "Inga filer.".to_string()
        } else {
            format!("{}.", parts.join(", "))
        };
        if self.cancelled {
            let skipped = match self.skipped {
                1 => "1 fil".to_string(),
                n => format!("{n} filer"),
            };
            s.push_str(&format!(" Avbruten: {skipped} hoppades över."));
        }
        s
    }
}

type Verifier<'a> = &'a dyn Fn(&ParsedPdf<'_>) -> Result<Application, UserError>;

/// The real check of a PDF: [`pdf::verify`] (readable, embedded application,
/// seal, pages), then that the file is complete as it is ([`intact`]).
fn verify_pdf(pdf: &ParsedPdf<'_>) -> Result<Application, UserError> {
    let app = pdf
        .doc()
        .and_then(pdf::verify::verify_document)
        .map_err(|e| {
            log::info!("import: {e}");
            e.to_user_error()
        })?;
    intact::check_complete(pdf.bytes())?;
    Ok(app)
}

/// Imports one PDF file. Never panics and never returns an error: every problem
/// is a verdict.
///
/// Stale temporaries left in the archive folder by a killed import are removed
/// first ([`archive::remove_stale_temporaries`]).
pub fn import_file(
    conn: &Connection,
    archive_dir: &Path,
    path: &Path,
    now: DateTime<Utc>,
) -> ImportVerdict {
    archive::remove_stale_temporaries(archive_dir);
    let shown = path.display().to_string();
    with_trust(conn, &shown, now, |signature| {
        import_one(conn, archive_dir, path, now, signature)
    })
}

/// Runs `f` with the register's trust (issuers, CRLs, policy) loaded; a register
/// whose trust cannot be read gives a "Fel" verdict for `shown`.
fn with_trust(
    conn: &Connection,
    shown: &str,
    now: DateTime<Utc>,
    f: impl FnOnce(&SignatureCheck<'_>) -> ImportVerdict,
) -> ImportVerdict {
    match LoadedTrust::load(conn, now) {
        Ok(trust) => trust.with_check(f),
        Err(e) => {
            log::error!("loading the register's trust: {e:?}");
            ImportVerdict::failed(shown, e.to_user_error())
        }
    }
}

fn import_one(
    conn: &Connection,
    archive_dir: &Path,
    path: &Path,
    now: DateTime<Utc>,
    signature: &SignatureCheck<'_>,
) -> ImportVerdict {
    let shown = path.display().to_string();
    match read_limited(path) {
        Ok(bytes) => import_with(
            conn,
            archive_dir,
            &shown,
            &file_name(path),
            &bytes,
            now,
            &verify_pdf,
            signature,
            Mode::Normal,
        ),
        Err(reason) => ImportVerdict::refused(&shown, Outcome::Rejected, reason),
    }
}

/// Imports a PDF already in memory (drag and drop of data, the fuzz target).
/// `file_name` is recorded as where it came from.
pub fn import_bytes(
    conn: &Connection,
    archive_dir: &Path,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> ImportVerdict {
    with_trust(conn, file_name, now, |signature| {
        import_with(
            conn,
            archive_dir,
            file_name,
            file_name,
            bytes,
            now,
            &verify_pdf,
            signature,
            Mode::Normal,
        )
    })
}

/// Registers an application signed with a pen on paper, after the registrar has
/// confirmed the paper original ("Registrera manuellt"). Every other check still
/// applies; the event log records the manual registration and `note` (what the
/// registrar checked, e.g. where the paper original is filed).
///
/// Returns a verdict (which may be "Avvisad" for another reason), or
/// [`RegisterError::NotPaperSigned`] if the file is not signed on paper.
pub fn register_paper_signed(
    conn: &Connection,
    archive_dir: &Path,
    path: &Path,
    note: &str,
    now: DateTime<Utc>,
) -> Result<ImportVerdict, RegisterError> {
    let note = typed_text(note, "note", 1000)?;
    let shown = path.display().to_string();
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(reason) => return Ok(ImportVerdict::refused(&shown, Outcome::Rejected, reason)),
    };
    let verdict = with_trust(conn, &shown, now, |signature| {
        import_with(
            conn,
            archive_dir,
            &shown,
            &file_name(path),
            &bytes,
            now,
            &verify_pdf,
            signature,
            Mode::Manual { note: &note },
        )
    });
    if verdict.reason.as_ref().map(|r| r.code.as_str()) == Some(NOT_PAPER) {
        return Err(RegisterError::NotPaperSigned);
    }
    Ok(verdict)
}

const NOT_PAPER: &str = "register.not_paper_signed";

/// The PDF files a batch covers: files as given, and `*.pdf` in folders (and their
/// sub-folders, at most [`MAX_FOLDER_DEPTH`] deep, symbolic links not followed),
/// each folder in name order, each file once. Paths that cannot be read get a
/// verdict instead.
pub fn collect_pdfs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportVerdict>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => walk(path, 0, &mut files, &mut problems),
            Ok(_) => files.push(path.clone()),
            Err(e) => {
                log::info!("{}: {e}", path.display());
                problems.push(ImportVerdict::refused(
                    &path.display().to_string(),
                    Outcome::Rejected,
                    UserError::new("register.not_found", "Filen eller mappen finns inte."),
                ));
            }
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    files.truncate(MAX_BATCH_FILES);
    (files, problems)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, problems: &mut Vec<ImportVerdict>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            log::info!("{}: {e}", dir.display());
            problems.push(ImportVerdict::refused(
                &dir.display().to_string(),
                Outcome::Rejected,
                UserError::new("register.folder_unreadable", "Mappen kunde inte läsas."),
            ));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            if depth < MAX_FOLDER_DEPTH {
                walk(&path, depth + 1, files, problems);
            }
        } else if kind.is_file()
            && path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
        {
            files.push(path);
        }
        if files.len() >= MAX_BATCH_FILES {
            return;
        }
    }
}

/// Imports files and folders (see [`collect_pdfs`]) one file at a time, each with its
/// own verdict, and commits them in chunks (`durability`: one transaction and one
/// fsync of the archive folder per chunk, a savepoint per file, so a refused file
/// leaves nothing and the others stay imported). Stale temporaries in the archive
/// folder are removed first, as in [`import_file`]. `progress` is called for every
/// file once it is durable (the files of a chunk together, in order); setting
/// `cancel` stops the batch before the next file (what was done stays done).
pub fn import_batch(
    conn: &Connection,
    archive_dir: &Path,
    paths: &[PathBuf],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&BatchProgress),
    cancel: &AtomicBool,
) -> BatchReport {
    import_batch_in_chunks(
        conn,
        archive_dir,
        paths,
        now,
        progress,
        cancel,
        durability::CHUNK_FILES,
    )
}

/// [`import_batch`], committing at most `chunk_files` files together.
fn import_batch_in_chunks(
    conn: &Connection,
    archive_dir: &Path,
    paths: &[PathBuf],
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(&BatchProgress),
    cancel: &AtomicBool,
    chunk_files: usize,
) -> BatchReport {
    let (files, problems) = collect_pdfs(paths);
    let total = files.len() + problems.len();
    let mut report = BatchReport::default();
    archive::remove_stale_temporaries(archive_dir);
    // The trust is read once for the batch.
    let trust = LoadedTrust::load(conn, now).map_err(|e| {
        log::error!("loading the register's trust: {e:?}");
        e.to_user_error()
    });
    for verdict in problems {
        report.verdicts.push(verdict.clone());
        progress(&BatchProgress {
            done: report.verdicts.len(),
            total,
            verdict,
        });
    }
    let mut chunk = None;
    let mut report_all = |report: &mut BatchReport, verdicts: Vec<ImportVerdict>| {
        for verdict in verdicts {
            report.verdicts.push(verdict.clone());
            progress(&BatchProgress {
                done: report.verdicts.len(),
                total,
                verdict,
            });
        }
    };
    for (i, file) in files.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            report.cancelled = true;
            report.skipped = files.len() - i;
            break;
        }
        let verdict = match &trust {
            Ok(trust) => {
                // The chunk's transaction is opened before the file's savepoint.
                if chunk.is_none() {
                    chunk = BatchCommit::begin(conn, chunk_files);
                }
                trust.with_check(|signature| import_one(conn, archive_dir, file, now, signature))
            }
            Err(reason) => ImportVerdict::failed(&file.display().to_string(), reason.clone()),
        };
        // Reported once durable: at the chunk's commit, or at once when the file
        // was its own transaction.
        match chunk.as_mut() {
            Some(open) => open.push(verdict),
            None => report_all(&mut report, vec![verdict]),
        }
        if chunk.as_ref().is_some_and(BatchCommit::is_full)
            && let Some(full) = chunk.take()
        {
            report_all(&mut report, full.commit(archive_dir));
        }
    }
    if let Some(last) = chunk.take() {
        report_all(&mut report, last.commit(archive_dir));
    }
    report
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads at most [`MAX_PDF_BYTES`], checking the size before reading.
fn read_limited(path: &Path) -> Result<Vec<u8>, UserError> {
    let unreadable = |e: std::io::Error| {
        log::info!("{}: {e}", path.display());
        UserError::new("register.unreadable", "Filen kunde inte läsas.")
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(UserError::new(
            "register.not_a_file",
            "Det här är inte en fil.",
        ));
    }
    if meta.len() > MAX_PDF_BYTES as u64 {
        return Err(VerifyError::TooLarge.to_user_error());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read: never read past the limit.
    file.take(MAX_PDF_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooLarge.to_user_error());
    }
    Ok(bytes)
}

#[derive(Clone, Copy)]
enum Mode<'a> {
    Normal,
    Manual { note: &'a str },
}

/// What an import learnt from a scanned paper application or closure notice.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ScanInfo {
    /// Share of dark pixels in the signature box; `None` when the box could not be
    /// placed on the image.
    pub(super) ink: Option<f64>,
}

impl ScanInfo {
    /// True when the signature box looks empty (or could not be looked at).
    pub(super) fn ink_missing(self) -> bool {
        self.ink.is_none_or(|share| share < scan::ink::SIGNED_SHARE)
    }
}

pub(super) const SCANNED_LABEL: &str = "Signerad på papper (skannad)";
/// The warning's code: the signature box on the scanned page looks empty.
pub const INK_WARNING_CODE: &str = "scan.signature_box_empty";
pub(super) const INK_WARNING: &str =
    "Underskrift saknas i rutan? Kontrollera att pappersoriginalet är underskrivet.";

/// What passed [`check`]: an application (with what its scan showed, if it was
/// one), or a closure notice read from a scan (the notices' own checks follow).
enum Checked {
    Application(Application, Option<ScanInfo>),
    ScannedNotice(ClosureNotice, ScanInfo),
}

/// A PDF without our attachment may be a scan of the printed, pen-signed page of
/// an application or a closure notice: read its QR codes (`scan`). Not a scan:
/// the PDF's own error stands. An application must be paper-signed here; a
/// notice is checked further by `notices`.
fn check_scan(bytes: &[u8], not_ours: UserError) -> Result<(Document, ScanInfo), UserError> {
    match scan::read_document(bytes) {
        Ok(scanned) => {
            let ink = scanned.signature_ink();
            if let Document::Application(app) = &scanned.document
                && !matches!(app.approval.signature, Some(Signature::Paper))
            {
                return Err(if app.is_signed() {
                    UserError::new(
                        "scan.not_paper_signed",
                        "Ansökan i skanningen är signerad elektroniskt. Importera den ursprungliga PDF-filen i stället.",
                    )
                } else {
                    VerifyError::NotSigned.to_user_error()
                });
            }
            Ok((scanned.document, ScanInfo { ink }))
        }
        Err(scan::ScanError::NotScan) => Err(not_ours),
        Err(e) => {
            log::info!("import of a scan: {e}");
            Err(e.to_user_error())
        }
    }
}

/// Everything a file must pass before it may be recorded. Returns the application
/// (and, for a scan, what the scan showed), or a scanned closure notice.
fn check(
    pdf: &ParsedPdf<'_>,
    verifier: Verifier<'_>,
    mode: Mode<'_>,
) -> Result<Checked, UserError> {
    let bytes = pdf.bytes();
    if bytes.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooLarge.to_user_error());
    }
    let (app, scanned) = match verifier(pdf) {
        Ok(app) => (app, None),
        // No embedded application: perhaps a scan of the printed, pen-signed page.
        Err(e) if e.code == VerifyError::NoApplicationData.to_user_error().code => {
            let (document, info) = check_scan(bytes, e)?;
            // The scan is archived as the record, so it must be sound as it is too.
            intact::check_complete(bytes)?;
            match document {
                Document::Application(app) => (app, Some(info)),
                Document::ClosureNotice(_) if matches!(mode, Mode::Manual { .. }) => {
                    return Err(UserError::new(
                        NOT_PAPER,
                        "Skanningen är en anmälan om avslutad kanal; läs in den som vanligt.",
                    ));
                }
                Document::ClosureNotice(notice) => {
                    return Ok(Checked::ScannedNotice(notice, info));
                }
            }
        }
        Err(e) => return Err(e),
    };
    let signed_on = latest_signing_day(app.signed_at.as_deref()).ok_or_else(|| {
        UserError::new(
            "register.invalid",
            "Ansökan saknar giltig tidpunkt för signering och kan inte registreras.",
        )
    })?;
    let problems = validate(&app, signed_on, Check::Signing);
    if !problems.is_empty() {
        return Err(breaks_the_rules(
            "Ansökan uppfyller inte reglerna för en signerad ansökan",
            &problems,
        ));
    }
    let paper = matches!(app.approval.signature, Some(Signature::Paper));
    match (mode, paper) {
        // The scan of the pen-signed page is the record: it imports as it is.
        _ if scanned.is_some() => Ok(Checked::Application(app, scanned)),
        (Mode::Normal, true) => Err(UserError::new(
            "register.paper_signed",
            "Signerad på papper – registrera manuellt",
        )),
        (Mode::Manual { .. }, false) => Err(UserError::new(
            NOT_PAPER,
            "Ansökan är inte signerad på papper; importera den som vanligt.",
        )),
        _ => Ok(Checked::Application(app, None)),
    }
}

/// The latest day a document signed at `signed_at` (RFC 3339) may be dated: the
/// signer's calendar day is at most one day ahead of the UTC date (no time zone
/// is more than +14 h), and the dates were checked against it.
pub(super) fn latest_signing_day(signed_at: Option<&str>) -> Option<chrono::NaiveDate> {
    signed_at
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc).date_naive() + chrono::Days::new(1))
}

/// "register.invalid": `lead`, then the first three problems (and how many more).
pub(super) fn breaks_the_rules(lead: &str, problems: &[UserError]) -> UserError {
    let shown: Vec<&str> = problems
        .iter()
        .take(3)
        .map(|p| p.message.as_str())
        .collect();
    let more = problems.len().saturating_sub(3);
    let mut message = format!("{lead}: {}", shown.join(" "));
    if more > 0 {
        message.push_str(&format!(" (och {more} fel till)"));
    }
    UserError::new("register.invalid", message)
}

#[allow(clippy::too_many_arguments)]
fn import_with(
    conn: &Connection,
    archive_dir: &Path,
    shown: &str,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
    verifier: Verifier<'_>,
    signature: &SignatureCheck<'_>,
    mode: Mode<'_>,
) -> ImportVerdict {
    // Parsed once, on first use, for every check below.
    let parsed = ParsedPdf::new(bytes);
    let file = super::notices::File {
        archive_dir,
        shown,
        file_name,
        parsed: &parsed,
    };
    let (app, scanned) = match check(&parsed, verifier, mode) {
        Ok(Checked::Application(app, scanned)) => (app, scanned),
        Ok(Checked::ScannedNotice(notice, info)) => {
            return super::notices::import_scanned_notice(
                &file, conn, now, signature, notice, info,
            );
        }
        Err(reason) => {
            // No application and no scan: perhaps the unit's closure notice.
            if reason.code == VerifyError::NoApplicationData.to_user_error().code
                && matches!(mode, Mode::Normal)
                && let Some(verdict) = super::notices::import_notice(&file, conn, now, signature)
            {
                return verdict;
            }
            let reason = explained_by_signature(&parsed, reason, signature);
            let paper = reason.code == "register.paper_signed";
            let mut v = ImportVerdict::refused(shown, Outcome::Rejected, reason);
            v.manual_registration = paper;
            return v;
        }
    };
    let digital = match check_signature(&parsed, &app, signature, mode) {
        Ok(digital) => digital,
        Err(reason) => return ImportVerdict::refused(shown, Outcome::Rejected, reason),
    };
    let sha = crate::seal::hex(&parsed.sha256());
    match record(
        conn,
        archive_dir,
        file_name,
        bytes,
        &sha,
        &app,
        digital.as_ref(),
        now,
        mode,
        scanned,
    ) {
        Ok(verdict) => {
            let mut v = verdict
                .into_verdict(shown, &app)
                .about(&app, &sha)
                .signed(digital.as_ref());
            if let Some(info) = scanned {
                v.scanned = true;
                v.message = format!("{SCANNED_LABEL}. {}", v.message);
                if info.ink_missing() {
                    v.warnings
                        .push(UserError::new(INK_WARNING_CODE, INK_WARNING));
                }
            }
            v
        }
        Err(e) => {
            log::error!("import of {shown} failed: {e:?}");
            ImportVerdict::refused(shown, Outcome::Failed, e.to_user_error()).about(&app, &sha)
        }
    }
}

/// When a digitally signed file fails the application checks (seal, pages, a
/// damaged body), the signature's own verdict says why ("changed after
/// signing", "invalid signature") better than the symptom does; a file without a
/// signature keeps the application check's verdict.
pub(super) fn explained_by_signature(
    pdf: &ParsedPdf<'_>,
    reason: UserError,
    signature: &SignatureCheck<'_>,
) -> UserError {
    const OWN: [&str; 4] = [
        "pdf.too_large",
        "pdf.not_pdf",
        "register.paper_signed",
        NOT_PAPER,
    ];
    if OWN.contains(&reason.code.as_str()) {
        return reason;
    }
    match (signature.verify)(pdf) {
        // A file too broken to find a signature in keeps its own verdict.
        Err(signature_reason) if signature_reason.code != "signature.malformed" => signature_reason,
        _ => reason,
    }
}

/// The digital signature of an application that passed every other check:
/// verified against the register's trust, or absent and accepted by the policy.
/// A paper-signed application registered manually (the registrar has checked the
/// pen signature) is accepted without one whatever the policy.
fn check_signature(
    pdf: &ParsedPdf<'_>,
    app: &Application,
    signature: &SignatureCheck<'_>,
    mode: Mode<'_>,
) -> Result<Option<DigitalSignature>, UserError> {
    match (signature.verify)(pdf)? {
        Some(report) => Ok(Some(signatures::record_of(report, app))),
        None => match (signature.policy, mode) {
            (UnsignedPolicy::Refuse, Mode::Normal) => Err(signatures::not_digitally_signed()),
            _ => Ok(None),
        },
    }
}

/// What recording did.
enum Recorded {
    Already {
        restored: bool,
    },
    Conflict,
    Disposed {
        reference: String,
    },
    New {
        channels: usize,
    },
    Older {
        current: u32,
    },
    Replaced {
        from: u32,
        added: usize,
        updated: usize,
        closed: usize,
    },
}

impl Recorded {
    fn into_verdict(self, shown: &str, app: &Application) -> ImportVerdict {
        let v = app.version;
        match self {
            Recorded::Already { restored } => ImportVerdict::new(
                shown,
                Outcome::AlreadyImported,
                if restored {
                    format!(
                        "Version {v} finns redan i registret. Arkivfilen saknades och har återställts."
                    )
                } else {
                    format!("Version {v} finns redan i registret. Inget har ändrats.")
                },
            ),
            Recorded::Conflict => ImportVerdict::refused(
                shown,
                Outcome::Rejected,
                UserError::new(
                    "register.version_conflict",
                    format!(
                        "Version {v} av ansökan finns redan i registret med ett annat innehåll. Kontrollera vilken PDF som är rätt."
                    ),
                ),
            ),
            Recorded::Disposed { reference } => ImportVerdict::refused(
                shown,
                Outcome::Rejected,
                UserError::new(
                    "register.disposed",
                    format!(
                        "Ansökan har gallrats ur registret (beslut {reference}) och importeras inte igen."
                    ),
                ),
            ),
            Recorded::New { channels } => ImportVerdict::new(
                shown,
                Outcome::Imported,
                // The verdict column already says "Importerad".
                format!("{} har lagts till i registret.", channel_count(channels)),
            ),
            Recorded::Older { current } => ImportVerdict::new(
                shown,
                Outcome::Imported,
                format!(
                    "Äldre version {v} sparad i historiken; registret visar redan version {current}."
                ),
            ),
            Recorded::Replaced {
                from,
                added,
                updated,
                closed,
            } => ImportVerdict::new(
                shown,
                Outcome::NewVersion,
                format!(
                    "Ersätter version {from}. Kanaler: {updated} uppdaterade, {added} nya, {closed} avslutade."
                ),
            ),
        }
    }
}

fn signature_kind(app: &Application) -> &'static str {
    match app.approval.signature {
        Some(Signature::Drawn { .. }) => "drawn",
        Some(Signature::Typed { .. }) => "typed",
        Some(Signature::Paper) | None => "paper",
    }
}

fn json_text<T: Serialize>(value: &T) -> Result<String, RegisterError> {
    serde_json::to_string(value).map_err(|e| RegisterError::Corrupt(e.to_string()))
}

#[allow(clippy::too_many_arguments)]
fn record(
    conn: &Connection,
    archive_dir: &Path,
    file_name: &str,
    bytes: &[u8],
    sha: &str,
    app: &Application,
    digital: Option<&DigitalSignature>,
    now: DateTime<Utc>,
    mode: Mode<'_>,
    scanned: Option<ScanInfo>,
) -> Result<Recorded, RegisterError> {
    let seal = app.seal.clone().unwrap_or_default();
    // Its own transaction, or a savepoint in the batch's (`durability`).
    let tx = FileTx::begin(conn)?;
    // Cached statements: preparing them anew was ~5 % of an import (profiled).
    let existing: Option<String> = tx
        .prepare_cached("SELECT pdf_sha256 FROM register_applications WHERE seal = ?1")?
        .query_row(params![seal], |r| r.get(0))
        .optional()?;
    if let Some(existing_sha) = existing {
        // Same signed content. Repair a missing archive file: from this PDF if it
        // is the very file that was imported.
        let restored = existing_sha == sha && !archive::holds(archive_dir, sha);
        if restored {
            tx.store_archive(archive_dir, sha, bytes)?;
        }
        tx.commit(archive_dir)?;
        return Ok(Recorded::Already { restored });
    }
    // What the register holds of this application already, in one statement.
    let (disposed, same_number, current): (Option<String>, bool, Option<u32>) = tx
        .prepare_cached(
            "SELECT
                (SELECT reference FROM register_disposals WHERE app_id = ?1 ORDER BY id DESC LIMIT 1),
                EXISTS (SELECT 1 FROM register_applications WHERE app_id = ?1 AND version = ?2),
                (SELECT max(version) FROM register_applications WHERE app_id = ?1)",
        )?
        .query_row(params![app.id, app.version], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if let Some(reference) = disposed {
        return Ok(Recorded::Disposed { reference });
    }
    if same_number {
        return Ok(Recorded::Conflict);
    }
    tx.prepare_cached(
        "INSERT INTO register_applications (app_id, version, unit, approval_date, approver,
            signature_kind, signed_at, seal, body, pdf_sha256, pdf_size, file_name, imported_at,
            scanned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
        app.id,
        app.version,
        app.unit,
        app.approval.date,
        app.approval.name,
        signature_kind(app),
        app.signed_at.as_deref().unwrap_or_default(),
        seal,
        json_text(app)?,
        sha,
        bytes.len() as i64,
        file_name,
        timestamp(now),
        scanned.is_some(),
    ])?;
    let application_row = tx.last_insert_rowid();
    if let Some(digital) = digital {
        signatures::store(&tx, application_row, digital)?;
    }
    let base_detail = serde_json::json!({
        "file": file_name,
        "pdf_sha256": sha,
        "seal": seal,
        "version": app.version,
        "unit": app.unit,
        // The check at receipt, as archives advise for signed documents.
        "digital_signature": digital,
        "digital_signature_label": signatures::signature_label(digital),
    });
    let (recorded, kind, summary, mut detail) = match current {
        Some(cur) if cur > app.version => (
            Recorded::Older { current: cur },
            EventKind::Import,
            format!(
                "Äldre version {} av ansökan från {} sparad i historiken.",
                app.version, app.unit
            ),
            base_detail,
        ),
        Some(cur) => {
            let (added, updated, closed) =
                apply_new_version(&tx, app, &People::of(app)?, application_row, now)?;
            let mut d = base_detail;
            d["from_version"] = cur.into();
            d["added"] = added.clone().into();
            d["updated"] = updated.clone().into();
            d["closed"] = closed.clone().into();
            (
                Recorded::Replaced {
                    from: cur,
                    added: added.len(),
                    updated: updated.len(),
                    closed: closed.len(),
                },
                EventKind::NewVersion,
                format!(
                    "Version {} av ansökan från {} ersätter version {cur}.",
                    app.version, app.unit
                ),
                d,
            )
        }
        None => {
            let mut added = Vec::new();
            let people = People::of(app)?;
            for ch in &app.channels {
                let id = insert_channel(&tx, app, &people, application_row, ch)?;
                added.push(serde_json::json!({"channel_id": id, "address": ch.address}));
            }
            let mut d = base_detail;
            d["added"] = added.clone().into();
            (
                Recorded::New {
                    channels: added.len(),
                },
                EventKind::Import,
                format!(
                    "Ansökan från {} (version {}) importerad med {}.",
                    app.unit,
                    app.version,
                    channel_count(added.len())
                ),
                d,
            )
        }
    };
    if let Some(info) = scanned {
        detail["scanned"] = true.into();
        detail["signature_ink"] = info.ink.into();
    }
    let summary = match scanned {
        Some(_) => format!("{SCANNED_LABEL}: {summary}"),
        None => summary,
    };
    let (kind, summary) = match mode {
        Mode::Normal => (kind, summary),
        Mode::Manual { note } => {
            detail["note"] = note.into();
            detail["recorded_as"] = kind.code().into();
            (
                EventKind::ManualRegistration,
                format!("Signerad på papper, registrerad manuellt: {summary}"),
            )
        }
    };
    events::record(&tx, now, kind, Some(&app.id), None, &summary, &detail)?;
    tx.store_archive(archive_dir, sha, bytes)?;
    if let Err(e) = tx.commit(archive_dir) {
        archive::remove(archive_dir, sha);
        return Err(e);
    }
    Ok(recorded)
}

/// A channel row's "Ansvariga" and "Sköts av" as stored (JSON arrays), written
/// once per application rather than once per channel.
struct People {
    responsible: String,
    operators: String,
}

impl People {
    fn of(app: &Application) -> Result<People, RegisterError> {
        Ok(People {
            responsible: json_text(&app.responsible)?,
            operators: json_text(&app.operators)?,
        })
    }
}

/// A new active channel row, official since this version's approval date.
fn insert_channel(
    conn: &Connection,
    app: &Application,
    people: &People,
    application_row: i64,
    ch: &crate::model::Channel,
) -> Result<i64, RegisterError> {
    conn.prepare_cached(
        "INSERT INTO register_channels (app_id, application_row, version, platform, platform_label,
            address, unit, approval_date, since, responsible, operators, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'aktiv')",
    )?
    .execute(params![
        app.id,
        application_row,
        app.version,
        ch.platform,
        ch.platform_display(),
        ch.address,
        app.unit,
        app.approval.date,
        app.approval.date,
        people.responsible,
        people.operators,
    ])?;
    Ok(conn.last_insert_rowid())
}

type Changes = (
    Vec<serde_json::Value>,
    Vec<serde_json::Value>,
    Vec<serde_json::Value>,
);

/// Brings the application's active channels in line with a newer version: same
/// address → updated; new address → added; address no longer there → closed.
fn apply_new_version(
    conn: &Connection,
    app: &Application,
    people: &People,
    application_row: i64,
    now: DateTime<Utc>,
) -> Result<Changes, RegisterError> {
    let active: Vec<ChannelRow> = channels_of(conn, &app.id)?
        .into_iter()
        .filter(|r| r.status == ChannelStatus::Active)
        .collect();
    let mut by_address: HashMap<&str, &ChannelRow> =
        active.iter().map(|r| (r.address.as_str(), r)).collect();
    let (mut added, mut updated, mut closed) = (Vec::new(), Vec::new(), Vec::new());
    for ch in &app.channels {
        if let Some(row) = by_address.remove(ch.address.as_str()) {
            conn.execute(
                "UPDATE register_channels SET application_row = ?2, version = ?3, platform = ?4,
                    platform_label = ?5, unit = ?6, approval_date = ?7, responsible = ?8,
                    operators = ?9
                 WHERE id = ?1",
                params![
                    row.id,
                    application_row,
                    app.version,
                    ch.platform,
                    ch.platform_display(),
                    app.unit,
                    app.approval.date,
                    people.responsible,
                    people.operators,
                ],
            )?;
            updated.push(serde_json::json!({"channel_id": row.id, "address": row.address}));
        } else {
            let id = insert_channel(conn, app, people, application_row, ch)?;
            added.push(serde_json::json!({"channel_id": id, "address": ch.address}));
        }
    }
    let mut left: Vec<&ChannelRow> = by_address.into_values().collect();
    left.sort_by_key(|r| r.id);
    for row in left {
        // Closed as of the new approval, never before the channel began.
        let date = if app.approval.date >= row.since {
            app.approval.date.clone()
        } else {
            row.since.clone()
        };
        let reason = format!("Ingår inte i version {} av ansökan.", app.version);
        close_in_tx(conn, row, &date, &reason, now, Some(app.version))?;
        closed.push(serde_json::json!({"channel_id": row.id, "address": row.address}));
    }
    Ok((added, updated, closed))
}

#[cfg(test)]
mod tests {
    //! The recording logic with a stand-in verifier (the bytes are the JSON), so
    //! it is tested independently of the PDF layer; `tests/register_import.rs`
    //! tests the whole path with real PDFs.
    use super::*;
    use crate::register::list_channels;
    use crate::storage::migrations::migrations;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_latest(&mut conn).unwrap();
        conn
    }

    fn no_signature(_: &ParsedPdf<'_>) -> Result<Option<crate::pades::SignatureReport>, UserError> {
        Ok(None)
    }

    fn unsigned() -> SignatureCheck<'static> {
        SignatureCheck {
            verify: &no_signature,
            policy: UnsignedPolicy::Accept,
        }
    }

    fn json_verifier(pdf: &ParsedPdf<'_>) -> Result<Application, UserError> {
        let app: Application = serde_json::from_slice(pdf.bytes())
            .map_err(|e| VerifyError::InvalidData(e.to_string()).to_user_error())?;
        if app.seal.is_none() {
            return Err(VerifyError::NotSigned.to_user_error());
        }
        Ok(app)
    }

    fn signed(version: u32, addresses: &[&str]) -> Application {
        let mut app: Application = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/valid-application.json"
        ))
        .unwrap();
        app.version = version;
        app.approval.date = format!("2026-11-{:02}", 10 + version);
        app.approval.signature = Some(Signature::Typed {
            text: "Karin Ålund".into(),
        });
        app.channels = addresses
            .iter()
            .map(|a| crate::model::Channel {
                platform: "facebook".into(),
                platform_name: String::new(),
                address: format!("https://www.facebook.com/{a}"),
            })
            .collect();
        app.signed_at = Some(format!("2026-11-{:02}T09:00:00Z", 10 + version));
        app.seal = Some(format!("seal-v{version}-{}", addresses.join("-")));
        app
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn run(conn: &Connection, dir: &Path, app: &Application) -> ImportVerdict {
        let bytes = serde_json::to_vec(app).unwrap();
        import_with(
            conn,
            dir,
            "a.pdf",
            "a.pdf",
            &bytes,
            now(),
            &json_verifier,
            &unsigned(),
            Mode::Normal,
        )
    }

    /// Real PDFs of the fixture, `n` different applications, in a folder.
    fn pdf_folder(dir: &Path, n: usize) -> PathBuf {
        let folder = dir.join("inkorg");
        std::fs::create_dir(&folder).unwrap();
        for i in 0..n {
            let mut app: Application = serde_json::from_str(include_str!(
                "../../../../tests/fixtures/valid-application.json"
            ))
            .unwrap();
            app.id = format!("5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a{i:02}");
            app.approval.signature = Some(Signature::Typed {
                text: app.approval.name.clone(),
            });
            let sealed = crate::seal::sign(&app, now() - chrono::Days::new(1)).unwrap();
            let name = folder.join(format!("{i:02}.pdf"));
            std::fs::write(name, crate::pdf::render(&sealed).unwrap()).unwrap();
        }
        folder
    }

    #[test]
    fn cancelling_stops_after_the_chunk_and_keeps_what_was_committed() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("arkiv");
        let folder = pdf_folder(dir.path(), 3);
        let cancel = AtomicBool::new(false);
        // Chunks of one file: the first verdict is reported once committed, and
        // cancelling then stops the batch before the second file.
        let report = import_batch_in_chunks(
            &conn,
            &archive,
            &[folder],
            now(),
            &mut |p| {
                assert_eq!(p.verdict.outcome, Outcome::Imported, "{p:?}");
                cancel.store(true, Ordering::Relaxed);
            },
            &cancel,
            1,
        );
        assert!(report.cancelled);
        assert_eq!((report.verdicts.len(), report.skipped), (1, 2));
        assert_eq!(
            report.summary(),
            "1 importerad. Avbruten: 2 filer hoppades över."
        );
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM register_applications", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(rows, 1);
        assert_eq!(std::fs::read_dir(&archive).unwrap().count(), 1);
        assert!(conn.is_autocommit(), "no transaction left open");
    }

    #[test]
    fn new_version_updates_adds_and_closes() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        let v1 = run(&conn, dir.path(), &signed(1, &["a", "b"]));
        assert_eq!(v1.outcome, Outcome::Imported, "{v1:?}");
        let v2 = run(&conn, dir.path(), &signed(2, &["b", "c"]));
        assert_eq!(v2.outcome, Outcome::NewVersion, "{v2:?}");
        let rows = list_channels(&conn).unwrap();
        let a = rows.iter().find(|r| r.address.ends_with("/a")).unwrap();
        let b = rows.iter().find(|r| r.address.ends_with("/b")).unwrap();
        let c = rows.iter().find(|r| r.address.ends_with("/c")).unwrap();
        assert_eq!(a.status, ChannelStatus::Closed);
        assert_eq!(a.closed_on.as_deref(), Some("2026-11-12"));
        assert_eq!((b.version, b.since.as_str()), (2, "2026-11-11"));
        assert_eq!(b.approval_date, "2026-11-12");
        assert_eq!(
            (c.status, c.since.as_str()),
            (ChannelStatus::Active, "2026-11-12")
        );
        // The old version is kept; importing it again changes nothing.
        let again = run(&conn, dir.path(), &signed(1, &["a", "b"]));
        assert_eq!(again.outcome, Outcome::AlreadyImported);
        let kinds: Vec<_> = events(&conn).into_iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            [EventKind::Import, EventKind::Close, EventKind::NewVersion]
        );
    }

    fn events(conn: &Connection) -> Vec<crate::register::Event> {
        crate::register::events(conn).unwrap()
    }

    #[test]
    fn older_version_goes_to_history_only() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        run(&conn, dir.path(), &signed(2, &["b"]));
        let v = run(&conn, dir.path(), &signed(1, &["a"]));
        assert_eq!(v.outcome, Outcome::Imported);
        assert!(v.message.contains("historiken"), "{}", v.message);
        let rows = list_channels(&conn).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].version, 2);
    }

    #[test]
    fn same_version_with_other_content_is_a_conflict() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        run(&conn, dir.path(), &signed(1, &["a"]));
        let v = run(&conn, dir.path(), &signed(1, &["z"]));
        assert_eq!(v.outcome, Outcome::Rejected);
        assert_eq!(v.reason.unwrap().code, "register.version_conflict");
        assert_eq!(list_channels(&conn).unwrap().len(), 1);
    }

    #[test]
    fn failing_commit_leaves_no_archive_file() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        // The archive "folder" is a file: storing fails, the row must roll back.
        let not_a_dir = dir.path().join("arkiv");
        std::fs::write(&not_a_dir, b"x").unwrap();
        let v = run(&conn, &not_a_dir, &signed(1, &["a"]));
        assert_eq!(v.outcome, Outcome::Failed, "{v:?}");
        assert!(list_channels(&conn).unwrap().is_empty());
        assert!(events(&conn).is_empty());
    }

    #[test]
    fn paper_signed_is_refused_with_manual_offer_and_then_registered() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        let mut app = signed(1, &["a"]);
        app.approval.signature = Some(Signature::Paper);
        let v = run(&conn, dir.path(), &app);
        assert_eq!(v.outcome, Outcome::Rejected);
        assert_eq!(v.message, "Signerad på papper – registrera manuellt");
        assert!(v.manual_registration);
        let bytes = serde_json::to_vec(&app).unwrap();
        let v = import_with(
            &conn,
            dir.path(),
            "a.pdf",
            "a.pdf",
            &bytes,
            now(),
            &json_verifier,
            &unsigned(),
            Mode::Manual {
                note: "Pappersoriginalet kontrollerat",
            },
        );
        assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
        let log = events(&conn);
        assert_eq!(log[0].kind, EventKind::ManualRegistration);
        assert_eq!(log[0].detail["note"], "Pappersoriginalet kontrollerat");
    }

    #[test]
    fn a_disposed_application_is_not_imported_again() {
        let conn = db();
        let dir = tempfile::tempdir().unwrap();
        let app = signed(1, &["a"]);
        run(&conn, dir.path(), &app);
        let id = list_channels(&conn).unwrap()[0].id;
        crate::register::close_channel(&conn, id, "2026-11-20", "Nedlagd.", now()).unwrap();
        crate::register::dispose_application(
            &conn,
            dir.path(),
            &app.id,
            "Gallringsfrist",
            "KS 2026/7",
            now(),
        )
        .unwrap();
        let v = run(&conn, dir.path(), &app);
        assert_eq!(v.outcome, Outcome::Rejected);
        let reason = v.reason.unwrap();
        assert_eq!(reason.code, "register.disposed");
        assert!(reason.message.contains("KS 2026/7"));
        assert!(list_channels(&conn).unwrap().is_empty());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The window reads these keys; pin them.
    #[test]
    fn the_summary_counts_in_swedish_and_leaves_out_what_did_not_happen() {
        let report = |outcomes: &[Outcome], cancelled: bool, skipped: usize| BatchReport {
            verdicts: outcomes
                .iter()
                .map(|o| ImportVerdict::new("a.pdf", *o, String::new()))
                .collect(),
            cancelled,
            skipped,
        };
        use Outcome::*;
        assert_eq!(
            report(&[Imported, Imported, Rejected], false, 0).summary(),
            "2 importerade, 1 avvisad."
        );
        assert_eq!(
            report(&[NewVersion, AlreadyImported, Failed], false, 0).summary(),
            "1 ny version, 1 redan importerad, 1 fel."
        );
        assert_eq!(
            report(&[NewVersion, NewVersion, Failed, Failed], false, 0).summary(),
            "2 nya versioner, 2 fel."
        );
        assert_eq!(report(&[], false, 0).summary(), "Inga filer.");
        assert_eq!(
            report(&[Imported], true, 1).summary(),
            "1 importerad. Avbruten: 1 fil hoppades över."
        );
        assert_eq!(
            report(&[], true, 5).summary(),
            "Inga filer. Avbruten: 5 filer hoppades över."
        );
    }

    #[test]
    fn verdict_json_shape_is_pinned() {
        let v = ImportVerdict::refused(
            "a.pdf",
            Outcome::Rejected,
            UserError::new("pdf.not_pdf", "Filen är inte en PDF."),
        );
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            serde_json::json!({
                "file": "a.pdf", "outcome": "rejected", "label": "Avvisad",
                "message": "Filen är inte en PDF.",
                "reason": {"code": "pdf.not_pdf", "message": "Filen är inte en PDF.", "field": null},
                "app_id": null, "version": null, "unit": null, "pdf_sha256": null,
                "manual_registration": false, "digital_signature": null, "warnings": []
            })
        );
    }
}
