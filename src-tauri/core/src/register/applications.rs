//! The imported applications, kept whole, and their versions.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::RegisterError;
use super::archive::{archive_path, sha256_hex};
use super::signatures::{self, DigitalSignature, signature_label};
use crate::error::{ToUserError, UserError};
use crate::model::Application;

/// One imported, signed version of an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportedApplication {
    pub app_id: String,
    pub version: u32,
    pub unit: String,
    pub approval_date: String,
    /// The approving manager (namnförtydligande).
    pub approver: String,
    /// "drawn", "typed" or "paper" (registered manually after confirmation).
    pub signature_kind: String,
    pub signed_at: String,
    pub seal: String,
    /// SHA-256 of the original PDF; the file is [`archive_path`]`(dir, pdf_sha256)`.
    pub pdf_sha256: String,
    pub pdf_size: u64,
    /// The name of the file it was imported from.
    pub file_name: String,
    pub imported_at: String,
    /// The whole application as it was embedded in the PDF.
    pub application: Application,
    /// Imported from a scan of the pen-signed page: the archived file is the scan.
    /// (Left out of the JSON when false, so exports of typed and drawn
    /// signatures keep their shape.)
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub scanned: bool,
    /// The digital signature as verified at import; `None`: "Inte elektroniskt signerad".
    pub digital_signature: Option<DigitalSignature>,
    /// [`signature_label`]: who signed and whether it was verified, or that nobody did.
    pub digital_signature_label: String,
}

/// The version's columns (`a`) and its digital signature's (`s`, see [`FROM`]).
fn columns() -> String {
    format!(
        "a.app_id, a.version, a.unit, a.approval_date, a.approver, a.signature_kind, a.signed_at,
    a.seal, a.pdf_sha256, a.pdf_size, a.file_name, a.imported_at, a.body, a.scanned, {}",
        signatures::COLUMNS
    )
}

const FROM: &str = "register_applications a
    LEFT JOIN register_signatures s ON s.application_row = a.id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Result<ImportedApplication, RegisterError>> {
    let body: String = r.get(12)?;
    let digital_signature = signatures::from_columns(r, 14)?;
    let application = match serde_json::from_str::<Application>(&body) {
        Ok(a) => a,
        Err(e) => return Ok(Err(RegisterError::Corrupt(e.to_string()))),
    };
    Ok(Ok(ImportedApplication {
        app_id: r.get(0)?,
        version: r.get(1)?,
        unit: r.get(2)?,
        approval_date: r.get(3)?,
        approver: r.get(4)?,
        signature_kind: r.get(5)?,
        signed_at: r.get(6)?,
        seal: r.get(7)?,
        pdf_sha256: r.get(8)?,
        pdf_size: r.get::<_, i64>(9)?.max(0) as u64,
        file_name: r.get(10)?,
        imported_at: r.get(11)?,
        application,
        scanned: r.get(13)?,
        digital_signature_label: signature_label(digital_signature.as_ref()),
        digital_signature,
    }))
}

/// Every imported version of an application, oldest first ("Versioner").
pub fn application_versions(
    conn: &Connection,
    app_id: &str,
) -> Result<Vec<ImportedApplication>, RegisterError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {FROM} WHERE a.app_id = ?1 ORDER BY a.version",
        columns()
    ))?;
    let rows = stmt.query_map(params![app_id], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// Every imported application version, by id and version.
pub fn all_applications(conn: &Connection) -> Result<Vec<ImportedApplication>, RegisterError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM {FROM} ORDER BY a.app_id, a.version",
        columns()
    ))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

/// One imported version ("Visa ansökan").
pub fn imported_application(
    conn: &Connection,
    app_id: &str,
    version: u32,
) -> Result<ImportedApplication, RegisterError> {
    conn.query_row(
        &format!(
            "SELECT {} FROM {FROM} WHERE a.app_id = ?1 AND a.version = ?2",
            columns()
        ),
        params![app_id, version],
        from_row,
    )
    .optional()?
    .ok_or_else(|| RegisterError::ApplicationNotFound(format!("{app_id} v{version}")))?
}

/// Checks the archived PDF of `app` again ("Verifieringsresultat" in the detail
/// view): present, the same bytes as imported, and still passes [`crate::pdf::verify`].
pub fn verify_archived(archive_dir: &Path, app: &ImportedApplication) -> Result<(), UserError> {
    let path = archive_path(archive_dir, &app.pdf_sha256);
    let bytes = std::fs::read(&path).map_err(|e| {
        log::warn!("archive file {}: {e}", path.display());
        UserError::new(
            "register.archive.missing",
            "Arkivfilen saknas. Importera PDF-filen igen för att återställa den.",
        )
    })?;
    if sha256_hex(&bytes) != app.pdf_sha256 {
        return Err(UserError::new(
            "register.archive.altered",
            "Arkivfilen har ändrats sedan importen. Importera originalet igen.",
        ));
    }
    if app.scanned {
        // The scan's codes must still give the very application imported.
        let scanned = crate::scan::read(&bytes).map_err(|e| e.to_user_error())?;
        if scanned.app.seal.as_deref() != Some(app.seal.as_str()) {
            return Err(crate::pdf::VerifyError::SealMismatch.to_user_error());
        }
        return Ok(());
    }
    crate::pdf::verify(&bytes).map_err(|e| e.to_user_error())?;
    Ok(())
}
