//! `kanalansokan pdf APP.json -o OUT.pdf` and `kanalansokan verify FILE.pdf [--json]`

use std::io::Write;
use std::path::PathBuf;

use crate::error::{ToUserError, UserError};
use crate::model::Application;
use crate::pades;
use crate::pdf::{self, VerifyError};
use crate::seal;
use crate::validate::{self, Check};

#[derive(Debug, clap::Args)]
pub struct PdfArgs {
    /// The application JSON file.
    pub file: PathBuf,
    /// Where to write the PDF.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The PDF to check.
    pub file: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
    /// A trusted CA certificate (PEM or DER) for the digital signature; repeatable.
    #[arg(long, value_name = "CA.pem")]
    pub trust: Vec<PathBuf>,
    /// A CRL (PEM or DER) of a trusted CA; repeatable.
    #[arg(long, value_name = "FILE.crl")]
    pub crl: Vec<PathBuf>,
}

fn print_problems(err: &mut dyn Write, problems: &[UserError]) {
    for p in problems {
        let _ = match &p.field {
            Some(field) => writeln!(err, "{field}: {}", p.message),
            None => writeln!(err, "{}", p.message),
        };
    }
}

/// Validates, seals when the approval carries a signature, renders, writes atomically.
/// An already sealed application is rendered as it is, if its seal is intact.
pub fn run_pdf(args: PdfArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // Fonts on one core while the other reads, validates and seals; the render
    // waits for them only if they are not ready yet.
    std::thread::spawn(pdf::warm_up);
    let text = match std::fs::read_to_string(&args.file) {
        Ok(t) => t,
        Err(e) => {
            log::warn!("reading {}: {e}", args.file.display());
            let _ = writeln!(err, "Kan inte läsa filen {}.", args.file.display());
            return 2;
        }
    };
    // A file saved by Notepad as "UTF-8 med BOM" is read like any other.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let app: Application = match serde_json::from_str(text) {
        Ok(a) => a,
        Err(e) => {
            let _ = writeln!(
                err,
                "{} är inte en ansökan i Kanalansökans format: {e}",
                args.file.display()
            );
            return 2;
        }
    };
    let app = if app.is_signed() {
        if !seal::is_intact(&app) {
            let _ = writeln!(
                err,
                "Sigillet stämmer inte: ansökan har ändrats efter signering. Ingen PDF skrevs."
            );
            return 1;
        }
        app
    } else if app.approval.signature.is_some() {
        match seal::sign(&app, chrono::Utc::now()) {
            Ok(signed) => signed,
            Err(problems) => {
                let _ = writeln!(err, "Ansökan kan inte signeras:");
                print_problems(err, &problems);
                return 1;
            }
        }
    } else {
        let problems = validate::validate(&app, chrono::Utc::now().date_naive(), Check::Form);
        if !problems.is_empty() {
            let _ = writeln!(err, "Ansökan har fel:");
            print_problems(err, &problems);
            return 1;
        }
        validate::normalize(&app)
    };
    write_rendered(
        pdf::render(&app),
        &args.output,
        app.seal.as_deref(),
        "",
        out,
        err,
    )
}

/// Writes a rendered PDF atomically to `output` and says so ("Skrev … (signerad,
/// sigill …)" or "UTKAST"), `what` naming the document ("" for an application,
/// "anmälan om avslutad kanal, " for a notice). Returns the exit code.
pub(super) fn write_rendered(
    rendered: Result<Vec<u8>, pdf::PdfError>,
    output: &std::path::Path,
    seal: Option<&str>,
    what: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let bytes = match rendered {
        Ok(b) => b,
        Err(e) => {
            log::error!("render: {e:?}");
            let _ = writeln!(err, "PDF-filen kunde inte skapas.");
            return 1;
        }
    };
    if let Err(e) = crate::fsutil::write_atomic(output, &bytes) {
        log::warn!("writing {}: {e}", output.display());
        let _ = writeln!(err, "Kan inte skriva {}.", output.display());
        return 2;
    }
    let _ = match seal {
        Some(s) => writeln!(
            out,
            "Skrev {} ({what}signerad, sigill {}).",
            output.display(),
            s.get(..12).unwrap_or(s)
        ),
        None => writeln!(
            out,
            "Skrev {} ({what}UTKAST – ej signerad).",
            output.display()
        ),
    };
    0
}

/// The PAdES signature's result as `verify --json` reports it.
pub(super) fn signature_json(
    signature: &Result<Option<pades::SignatureReport>, pades::SignatureError>,
    trusted: bool,
) -> serde_json::Value {
    match signature {
        Ok(Some(r)) => serde_json::json!({"valid": true, "trusted": trusted, "report": r}),
        Ok(None) => serde_json::Value::Null,
        Err(e) => serde_json::json!({"valid": false, "error": e.to_user_error()}),
    }
}

/// The PAdES signature's lines of `verify` (the signer, or why it fails on `err`).
pub(super) fn print_signature(
    signature: &Result<Option<pades::SignatureReport>, pades::SignatureError>,
    args: &VerifyArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) {
    match signature {
        Ok(Some(r)) => {
            let _ = writeln!(out, "  Elektroniskt signerad av: {}", r.signer.subject_name);
            let _ = writeln!(
                out,
                "  Certifikat: serienummer {}, utfärdare {}",
                r.signer.serial_hex, r.signer.issuer_dn
            );
            let _ = writeln!(
                out,
                "  Signeringstid (signerarens klocka): {}",
                r.signing_time
            );
            if args.trust.is_empty() {
                let _ = writeln!(
                    out,
                    "  Utfärdaren är inte kontrollerad: ange --trust CA.pem."
                );
            }
            for w in &r.warnings {
                let _ = writeln!(out, "  Varning: {}", w.message);
            }
        }
        Ok(None) => {}
        Err(e) => {
            let _ = writeln!(
                err,
                "{}: {}",
                args.file.display(),
                e.to_user_error().message
            );
        }
    }
}

/// Exit code for a rejection: 2 when the file could not be read as a PDF at all.
fn exit_code(e: &VerifyError) -> u8 {
    match e {
        VerifyError::TooLarge | VerifyError::NotPdf | VerifyError::Damaged(_) => 2,
        _ => 1,
    }
}

pub fn run_verify(args: VerifyArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            log::warn!("reading {}: {e}", args.file.display());
            let _ = writeln!(err, "Kan inte läsa filen {}.", args.file.display());
            return 2;
        }
    };
    let result = pdf::verify(&bytes);
    let trust = match super::sign::trust_store(&args.trust, &args.crl) {
        Ok(t) => t,
        Err(message) => {
            let _ = writeln!(err, "{message}");
            return 2;
        }
    };
    // A closure notice carries no application: it is checked as what it is.
    if matches!(result, Err(VerifyError::NoApplicationData))
        && let Some(code) = super::notice::verify_notice(
            &bytes,
            &args,
            (!args.trust.is_empty()).then_some(&trust),
            out,
            err,
        )
    {
        return code;
    }
    if let Err(e) = &result {
        log::info!("verify {}: {e:?}", args.file.display());
    }
    // Without --trust the signature is checked but no issuer is trusted: that is said, not failed.
    let signature = if result.is_ok() {
        pades::verify_pdf_signature_with(
            &bytes,
            (!args.trust.is_empty()).then_some(&trust),
            chrono::Utc::now(),
        )
    } else {
        Ok(None)
    };
    if let Err(e) = &signature {
        log::info!("signature {}: {e:?}", args.file.display());
    }
    if args.json {
        let json = match &result {
            Ok(app) => serde_json::json!({
                "intact": true,
                "file": args.file.display().to_string(),
                "error": null,
                "application": {
                    "id": app.id, "version": app.version, "unit": app.unit,
                    "signed_at": app.signed_at, "seal": app.seal,
                },
                "digital_signature": signature_json(&signature, !args.trust.is_empty()),
            }),
            Err(e) => serde_json::json!({
                "intact": false,
                "file": args.file.display().to_string(),
                "error": e.to_user_error(),
                "application": null,
            }),
        };
        let _ = writeln!(out, "{json}");
    } else {
        match &result {
            Ok(app) => {
                let _ = writeln!(
                    out,
                    "Intakt: signerad ansökan, sigillet stämmer och sidorna visar samma uppgifter."
                );
                let _ = writeln!(out, "  Enhet:     {}", app.unit);
                let _ = writeln!(out, "  Ansökan:   {} version {}", app.id, app.version);
                let _ = writeln!(
                    out,
                    "  Signerad:  {}",
                    app.signed_at.as_deref().unwrap_or("–")
                );
                let _ = writeln!(out, "  Sigill:    {}", app.seal.as_deref().unwrap_or("–"));
                for c in &app.channels {
                    let _ = writeln!(out, "  Kanal:     {} {}", c.platform_display(), c.address);
                }
                print_signature(&signature, &args, out, err);
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "{}: {}",
                    args.file.display(),
                    e.to_user_error().message
                );
            }
        }
    }
    match (&result, &signature) {
        (Ok(_), Ok(_)) => 0,
        (Ok(_), Err(_)) => 1,
        (Err(e), _) => exit_code(e),
    }
}
