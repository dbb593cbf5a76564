//! Opening an application from a file: how a draft goes from the unit head's desk
//! to the manager's, and the signed application back (issue 13).
//!
//! The file is whatever the user picked, dropped or passed on the command line,
//! so it is untrusted: its size is checked before anything is read (at most
//! [`MAX_FILE_BYTES`]), a folder is refused, and what is read is classified by
//! its content, never by its name:
//!
//! | content | becomes |
//! |---|---|
//! | a Kanalansökan PDF without a seal ("UTKAST – ej signerad") | a received draft |
//! | a Kanalansökan PDF with a seal that [`pdf::verify`] accepts | that signed version, read-only |
//! | the same, digitally signed (PAdES) | that signed version, and the file kept byte for byte |
//! | application JSON (a UTF-8 byte-order mark, as Windows Notepad writes, is accepted) | a draft, or a signed version if it carries an intact seal |
//! | anything else | an [`OpenError`] whose Swedish message names the file |
//!
//! Adding to the [`Store`] never loses anything: the same file twice adds nothing
//! ([`Opened::AlreadyThere`]); a received draft never overwrites a local draft
//! of the same id that has been edited here ([`Opened::KeptBoth`]: the received
//! one gets a new id); a signed version replaces the draft it was made from only
//! when that draft has no edits since it was sent, and otherwise keeps the draft
//! as a copy. When an error is returned, nothing in the store has changed.
//!
//! A digitally signed PDF cannot be made again (issue 14: the signing time and the
//! key's randomness), so the file itself is stored with the signed version
//! ([`Store::store_digitally_signed`]) and "Spara PDF…" hands on those bytes. Its
//! signature must hold (digest, signature value, nothing appended after signing);
//! whether the signer is trusted is the registrar's question, asked at import.

use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::error::{ToUserError, UserError};
use crate::model::{Application, SCHEMA_VERSION};
use crate::pades::{self, SignatureError};
use crate::pdf::{self, VerifyError};
use crate::storage::{DigitalSignature, Status, StorageError, Store};

/// The largest file opened: the same limit as the registrar's import of PDFs.
pub const MAX_FILE_BYTES: u64 = pdf::MAX_PDF_BYTES as u64;

/// The UTF-8 byte-order mark Windows Notepad puts before a file it saves.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What kind of application a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    /// A Kanalansökan PDF of a draft (no seal).
    DraftPdf,
    /// A Kanalansökan PDF of a signed application, verified.
    SignedPdf,
    /// Application JSON without a seal.
    DraftJson,
    /// Application JSON with an intact seal.
    SignedJson,
}

impl FileKind {
    pub fn is_signed(self) -> bool {
        matches!(self, FileKind::SignedPdf | FileKind::SignedJson)
    }
}

/// Why a file could not be opened as an application. Every variant names the
/// file (its name, without the folder), since the user may have picked the
/// wrong one.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{file}: cannot read: {source}")]
    Unreadable {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file} is a folder")]
    Folder { file: String },
    #[error("{file} has {bytes} bytes, more than {MAX_FILE_BYTES}")]
    TooLarge { file: String, bytes: u64 },
    #[error("{file} is neither PDF nor JSON")]
    NotSupported { file: String },
    #[error("{file}: {source}")]
    Pdf {
        file: String,
        #[source]
        source: VerifyError,
    },
    #[error("{file}: not application JSON: {source}")]
    Json {
        file: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{file} has schema version {found}")]
    NewerSchema { file: String, found: u64 },
    #[error("{file}: signed, but the seal does not match")]
    SealBroken { file: String },
    #[error("{file}: another signed application has the same id and version")]
    SignedConflict { file: String },
    #[error("{file}: the digital signature does not hold: {source}")]
    SignatureBroken {
        file: String,
        #[source]
        source: SignatureError,
    },
    #[error("{file}: {source}")]
    Storage {
        file: String,
        #[source]
        source: StorageError,
    },
}

impl OpenError {
    /// The file's name as the messages show it.
    pub fn file(&self) -> &str {
        match self {
            OpenError::Unreadable { file, .. }
            | OpenError::Folder { file }
            | OpenError::TooLarge { file, .. }
            | OpenError::NotSupported { file }
            | OpenError::Pdf { file, .. }
            | OpenError::Json { file, .. }
            | OpenError::NewerSchema { file, .. }
            | OpenError::SealBroken { file }
            | OpenError::SignedConflict { file }
            | OpenError::SignatureBroken { file, .. }
            | OpenError::Storage { file, .. } => file,
        }
    }

    /// True when the file could not be read at all (the command line's exit 2);
    /// false when it was read but is not acceptable (exit 1).
    pub fn is_unreadable(&self) -> bool {
        match self {
            OpenError::Unreadable { .. }
            | OpenError::Folder { .. }
            | OpenError::TooLarge { .. }
            | OpenError::NotSupported { .. }
            | OpenError::Json { .. }
            | OpenError::Storage { .. } => true,
            OpenError::Pdf { source, .. } => matches!(
                source,
                VerifyError::TooLarge | VerifyError::NotPdf | VerifyError::Damaged(_)
            ),
            OpenError::NewerSchema { .. }
            | OpenError::SealBroken { .. }
            | OpenError::SignatureBroken { .. }
            | OpenError::SignedConflict { .. } => false,
        }
    }
}

impl ToUserError for OpenError {
    fn to_user_error(&self) -> UserError {
        let f = quoted(self.file());
        let (code, message) = match self {
            OpenError::Unreadable { source, .. } => (
                "open.unreadable",
                match source.kind() {
                    std::io::ErrorKind::NotFound => format!("Filen {f} finns inte."),
                    std::io::ErrorKind::PermissionDenied => {
                        format!("Du saknar behörighet att läsa {f}.")
                    }
                    _ => format!("Filen {f} gick inte att läsa."),
                },
            ),
            OpenError::Folder { .. } => (
                "open.folder",
                format!("{f} är en mapp. Välj en PDF- eller JSON-fil med en ansökan."),
            ),
            OpenError::TooLarge { bytes, .. } => (
                "open.too_large",
                format!(
                    "{f} är för stor för att vara en ansökan ({} MB; en ansökan är högst {} MB). Inget har ändrats.",
                    bytes.div_ceil(1024 * 1024),
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ),
            OpenError::NotSupported { .. } => (
                "open.not_supported",
                format!(
                    "{f} är varken en PDF eller en ansökan i JSON-format. Öppna PDF-filen som skapades i Kanalansökan."
                ),
            ),
            OpenError::Pdf { source, .. } => match source {
                VerifyError::NoApplicationData => (
                    "open.no_application",
                    format!(
                        "{f} är en PDF men innehåller ingen ansökan från Kanalansökan. Be avsändaren om PDF-filen som Kanalansökan skapade."
                    ),
                ),
                VerifyError::UnknownSchemaVersion(_) => (
                    "open.newer_schema",
                    format!(
                        "{f} är gjord i en nyare version av Kanalansökan. Uppdatera programmet och försök igen."
                    ),
                ),
                VerifyError::SealMismatch
                | VerifyError::PagesDisagree(_)
                | VerifyError::NotSigned => (
                    "open.seal_broken",
                    format!(
                        "{f} är signerad, men sigillet stämmer inte: ansökan har ändrats efter signeringen. Be om en ny fil från den som signerade."
                    ),
                ),
                VerifyError::InvalidData(_) => (
                    "open.invalid_data",
                    format!("Ansökan i {f} går inte att tolka."),
                ),
                VerifyError::TooLarge | VerifyError::NotPdf | VerifyError::Damaged(_) => (
                    "open.damaged",
                    format!("{f} är en skadad PDF-fil och kan inte läsas."),
                ),
            },
            OpenError::Json { source, .. } => (
                "open.invalid_json",
                format!(
                    "{f} är ingen ansökan i Kanalansökans JSON-format (fel på rad {}, kolumn {}).",
                    source.line(),
                    source.column()
                ),
            ),
            OpenError::NewerSchema { .. } => (
                "open.newer_schema",
                format!(
                    "{f} är gjord i en nyare version av Kanalansökan. Uppdatera programmet och försök igen."
                ),
            ),
            OpenError::SealBroken { .. } => (
                "open.seal_broken",
                format!(
                    "{f} är signerad, men sigillet stämmer inte: ansökan har ändrats efter signeringen. Be om en ny fil från den som signerade."
                ),
            ),
            OpenError::SignedConflict { .. } => (
                "open.signed_conflict",
                format!(
                    "{f} innehåller en signerad ansökan med samma nummer och version som en annan signerad ansökan här, men med annat innehåll. Inget har ändrats."
                ),
            ),
            OpenError::SignatureBroken { source, .. } => (
                "open.signature_broken",
                format!(
                    "{f} är elektroniskt signerad, men signaturen håller inte: {} Be om en ny fil från den som signerade.",
                    source.to_user_error().message
                ),
            ),
            OpenError::Storage { source, .. } => {
                let inner = source.to_user_error();
                (
                    "open.storage",
                    format!("{f} kunde inte sparas: {}", inner.message),
                )
            }
        };
        UserError::new(code, message)
    }
}

/// What opening a file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Opened {
    /// A new draft, marked as received from the file.
    NewDraft,
    /// A received draft that had not been edited here was replaced by the file's.
    DraftUpdated,
    /// A signed version was added (replacing its unedited draft, if any).
    SignedAdded,
    /// The same id, version and content was there already; nothing changed.
    AlreadyThere,
    /// A local draft with edits was kept and the file's application added beside it.
    KeptBoth,
}

/// The result of [`open_file`], as the window and the command line report it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenOutcome {
    pub opened: Opened,
    pub kind: FileKind,
    /// The entry to show: id and version in the store.
    pub id: String,
    pub version: u32,
    pub status: Status,
    /// With [`Opened::KeptBoth`]: the other entry (the local draft, or its copy).
    pub other: Option<(String, u32)>,
    /// The file's name, without the folder.
    pub file: String,
    /// One or two Swedish sentences that say what happened.
    pub message: String,
}

/// The name of `path` as messages show it (the last component).
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

fn quoted(name: &str) -> String {
    format!("\u{201D}{name}\u{201D}")
}

/// Reads `path` (size and type checked first) and classifies it. Changes nothing.
pub fn read_file(path: &Path) -> Result<(Application, FileKind), OpenError> {
    classify(&read_bytes(path)?, &display_name(path))
}

/// The file's bytes, its size checked before and while reading.
fn read_bytes(path: &Path) -> Result<Vec<u8>, OpenError> {
    let file = display_name(path);
    let io = |source| OpenError::Unreadable {
        file: file.clone(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(OpenError::Folder { file });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(OpenError::TooLarge {
            file,
            bytes: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(OpenError::TooLarge {
            file,
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// A digitally signed PDF as it was signed, and who signed it.
#[derive(Debug, Clone)]
pub struct SignedOriginal {
    pub pdf: Vec<u8>,
    pub signature: DigitalSignature,
}

/// The PAdES signature of a signed PDF, if it has one: `Ok(None)` when it has
/// none; an error when it has one that does not hold. The signer's certificate
/// is not judged here (no trust store on this desk); the registrar's import does.
pub fn digital_original(
    bytes: &[u8],
    file: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<SignedOriginal>, OpenError> {
    let report = pades::verify_pdf_signature_with(bytes, None, now).map_err(|source| {
        OpenError::SignatureBroken {
            file: file.to_string(),
            source,
        }
    })?;
    Ok(report.map(|r| SignedOriginal {
        pdf: bytes.to_vec(),
        signature: DigitalSignature {
            signer_name: r.signer.subject_name,
            issuer_dn: r.signer.issuer_dn,
            serial_hex: r.signer.serial_hex,
            certificate_sha256: r.signer.sha256_hex,
            signed_at: r.signing_time,
        },
    }))
}

/// Classifies file content (see the module documentation); `file` names it in errors.
pub fn classify(bytes: &[u8], file: &str) -> Result<(Application, FileKind), OpenError> {
    let pdf_err = |source| OpenError::Pdf {
        file: file.to_string(),
        source,
    };
    // PDF readers accept the header anywhere in the first kilobyte (ISO 32000-1, annex H.3).
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        let app = pdf::extract_application(bytes).map_err(pdf_err)?;
        if app.seal.is_none() && app.signed_at.is_none() {
            return Ok((app, FileKind::DraftPdf));
        }
        let verified = pdf::verify(bytes).map_err(pdf_err)?;
        return Ok((verified, FileKind::SignedPdf));
    }
    let text = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        return Err(OpenError::NotSupported {
            file: file.to_string(),
        });
    }
    let app = parse_json(text, file)?;
    if app.seal.is_none() && app.signed_at.is_none() {
        return Ok((app, FileKind::DraftJson));
    }
    if !crate::seal::is_intact(&app) {
        return Err(OpenError::SealBroken {
            file: file.to_string(),
        });
    }
    Ok((app, FileKind::SignedJson))
}

/// Application JSON; another schema version says "update" rather than "invalid".
fn parse_json(text: &[u8], file: &str) -> Result<Application, OpenError> {
    let error = match serde_json::from_slice::<Application>(text) {
        Ok(app) if app.schema_version == SCHEMA_VERSION => return Ok(app),
        Ok(app) => {
            return Err(OpenError::NewerSchema {
                file: file.to_string(),
                found: u64::from(app.schema_version),
            });
        }
        Err(e) => e,
    };
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: Option<serde_json::Value>,
    }
    if let Ok(Versioned {
        schema_version: Some(v),
    }) = serde_json::from_slice::<Versioned>(text)
        && let Some(found) = v.as_u64()
        && found > u64::from(SCHEMA_VERSION)
    {
        return Err(OpenError::NewerSchema {
            file: file.to_string(),
            found,
        });
    }
    Err(OpenError::Json {
        file: file.to_string(),
        source: error,
    })
}

/// Reads `path` and adds its application to `store` (see the module
/// documentation for every case). `today` dates a copy of a local draft kept
/// beside an incoming signed version.
pub fn open_file(
    store: &Store,
    path: &Path,
    today: chrono::NaiveDate,
) -> Result<OpenOutcome, OpenError> {
    let file = display_name(path);
    let bytes = read_bytes(path)?;
    let (app, kind) = classify(&bytes, &file)?;
    let original = match kind {
        FileKind::SignedPdf => digital_original(&bytes, &file, chrono::Utc::now())?,
        _ => None,
    };
    add_signed_original(store, app, kind, &file, today, original)
}

/// Adds an already classified application to `store`; `file` is the name it
/// came from.
pub fn add_to_store(
    store: &Store,
    app: Application,
    kind: FileKind,
    file: &str,
    today: chrono::NaiveDate,
) -> Result<OpenOutcome, OpenError> {
    add_signed_original(store, app, kind, file, today, None)
}

/// As [`add_to_store`]; a signed version that comes with its digitally signed
/// original is stored with it.
fn add_signed_original(
    store: &Store,
    app: Application,
    kind: FileKind,
    file: &str,
    today: chrono::NaiveDate,
    original: Option<SignedOriginal>,
) -> Result<OpenOutcome, OpenError> {
    let store_signed = |app: &Application| match &original {
        Some(o) => store.store_digitally_signed(app, &o.pdf, &o.signature),
        None => store.store_signed(app),
    };
    let storage = |source| OpenError::Storage {
        file: file.to_string(),
        source,
    };
    let f = quoted(file);
    let existing = store.stored_row(&app.id, app.version).map_err(storage)?;
    let outcome = |opened, app: &Application, status, other, message: String| OpenOutcome {
        opened,
        kind,
        id: app.id.clone(),
        version: app.version,
        status,
        other,
        file: file.to_string(),
        message,
    };
    let already = |app: &Application, status| {
        outcome(
            Opened::AlreadyThere,
            app,
            status,
            None,
            format!(
                "Ansökan i {f} finns redan i Mina ansökningar, med samma version och innehåll. Inget har lagts till; den öppnas."
            ),
        )
    };
    if kind.is_signed() {
        return match existing {
            Some(row) if row.status == Status::Signed => {
                if row.app.seal == app.seal {
                    Ok(already(&app, Status::Signed))
                } else {
                    Err(OpenError::SignedConflict {
                        file: file.to_string(),
                    })
                }
            }
            Some(row) if row.has_local_edits() => {
                let copy = store
                    .duplicate(&app.id, app.version, today)
                    .map_err(storage)?;
                store_signed(&app).map_err(storage)?;
                Ok(outcome(
                    Opened::KeptBoth,
                    &app,
                    Status::Signed,
                    Some((copy.id.clone(), copy.version)),
                    format!(
                        "Den signerade ansökan i {f} har lagts till och kan inte ändras. Ditt utkast hade ändringar som inte finns i den; de finns kvar i ett nytt utkast."
                    ),
                ))
            }
            _ => {
                store_signed(&app).map_err(storage)?;
                Ok(outcome(
                    Opened::SignedAdded,
                    &app,
                    Status::Signed,
                    None,
                    format!(
                        "Den signerade ansökan i {f} har lagts till i Mina ansökningar. Den kan inte ändras."
                    ),
                ))
            }
        };
    }
    match existing {
        None => {
            store.store_received_draft(&app, file).map_err(storage)?;
            Ok(outcome(
                Opened::NewDraft,
                &app,
                Status::Draft,
                None,
                format!(
                    "{f} har öppnats som ett utkast, märkt \u{201D}Mottagen\u{201D}. Granska uppgifterna; ändrade fält markeras."
                ),
            ))
        }
        Some(row) if row.status == Status::Signed => Ok(outcome(
            Opened::AlreadyThere,
            &app,
            Status::Signed,
            None,
            format!(
                "Ansökan i {f} är redan signerad här. Inget har lagts till; den signerade versionen öppnas."
            ),
        )),
        Some(row) if row.app == app => Ok(already(&app, Status::Draft)),
        Some(row) if !row.has_local_edits() => {
            store.store_received_draft(&app, file).map_err(storage)?;
            Ok(outcome(
                Opened::DraftUpdated,
                &app,
                Status::Draft,
                None,
                format!(
                    "Utkastet har uppdaterats med innehållet i {f}. Det hade inte ändrats här sedan det skickades eller togs emot."
                ),
            ))
        }
        Some(_) => {
            let local = (app.id.clone(), app.version);
            let mut received = app;
            received.id = uuid::Uuid::new_v4().to_string();
            store
                .store_received_draft(&received, file)
                .map_err(storage)?;
            Ok(outcome(
                Opened::KeptBoth,
                &received,
                Status::Draft,
                Some(local),
                format!(
                    "Du har redan ett utkast av samma ansökan med egna ändringar. Båda finns kvar: ditt utkast är oförändrat, och det från {f} är ett nytt utkast märkt \u{201D}Mottagen\u{201D}."
                ),
            ))
        }
    }
}
