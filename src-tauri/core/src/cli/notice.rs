//! `kanalansokan notice validate NOTICE.json [--json]` and `kanalansokan notice
//! pdf NOTICE.json -o OUT.pdf`: the closure notice ("Anmälan om avslutad kanal")
//! as `validate` and `pdf` treat an application, with the same exit codes.

use std::io::Write;

use crate::error::ToUserError;
use crate::model::notice::ClosureNotice;
use crate::pdf;
use crate::seal;
use crate::validate::{Check, notice as rules};

use super::validate::{print_problems, read_json};

#[derive(Debug, clap::Args)]
pub struct NoticeArgs {
    #[command(subcommand)]
    pub command: NoticeCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum NoticeCommand {
    /// Check a closure notice JSON file against every rule.
    Validate(super::validate::Args),
    /// Render a closure notice JSON file as its PDF (sealing it if the approval is signed).
    Pdf(super::pdf::PdfArgs),
}

pub fn run(args: NoticeArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match args.command {
        NoticeCommand::Validate(a) => run_validate(a, out, err),
        NoticeCommand::Pdf(a) => run_pdf(a, out, err),
    }
}

fn read(path: &std::path::Path, err: &mut dyn Write) -> Option<ClosureNotice> {
    match read_json::<ClosureNotice>(path) {
        Ok(n) => Some(n),
        Err(e) => {
            log::info!("notice: {e:?}");
            let _ = writeln!(err, "{}", e.to_user_error().message);
            None
        }
    }
}

fn run_validate(args: super::validate::Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(notice) = read(&args.file, err) else {
        return 2;
    };
    let problems = rules::validate(&notice, chrono::Local::now().date_naive(), Check::Form);
    let printed = if problems.is_empty() && !args.json {
        writeln!(out, "Anmälan uppfyller alla regler.")
    } else {
        print_problems(&problems, args.json, out)
    };
    if let Err(e) = printed {
        log::warn!("notice validate: cannot write the result: {e}");
        return 2;
    }
    if problems.is_empty() { 0 } else { 1 }
}

/// Validates, seals when the approval carries a signature, renders, writes
/// atomically. A sealed notice is rendered as it is, if its seal is intact.
fn run_pdf(args: super::pdf::PdfArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let Some(notice) = read(&args.file, err) else {
        return 2;
    };
    let notice = if notice.is_signed() {
        if !seal::notice::is_intact(&notice) {
            let _ = writeln!(
                err,
                "Sigillet stämmer inte: anmälan har ändrats efter signering. Ingen PDF skrevs."
            );
            return 1;
        }
        notice
    } else if notice.approval.signature.is_some() {
        match seal::notice::sign(&notice, chrono::Utc::now()) {
            Ok(signed) => signed,
            Err(problems) => {
                let _ = writeln!(err, "Anmälan kan inte signeras:");
                let _ = print_problems(&problems, false, err);
                return 1;
            }
        }
    } else {
        let problems = rules::validate(&notice, chrono::Local::now().date_naive(), Check::Form);
        if !problems.is_empty() {
            let _ = writeln!(err, "Anmälan har fel:");
            let _ = print_problems(&problems, false, err);
            return 1;
        }
        rules::normalize(&notice)
    };
    super::pdf::write_rendered(
        pdf::notice::render(&notice),
        &args.output,
        notice.seal.as_deref(),
        "anmälan om avslutad kanal, ",
        out,
        err,
    )
}

/// `verify` of a PDF that carries a notice: prints what it is, and its digital
/// signature (PAdES, checked against `trust` when given) as for an application.
/// Returns the exit code, or `None` when the PDF has no notice (the caller
/// reports the application's verdict).
pub(crate) fn verify_notice(
    bytes: &[u8],
    args: &super::pdf::VerifyArgs,
    trust: Option<&crate::pades::TrustStore>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Option<u8> {
    let result = pdf::notice::verify(bytes);
    if matches!(result, Err(pdf::VerifyError::NoApplicationData)) {
        return None;
    }
    let file = &args.file;
    let signature = match &result {
        Ok(_) => crate::pades::verify_pdf_signature_with(bytes, trust, chrono::Utc::now()),
        Err(_) => Ok(None),
    };
    if args.json {
        let value = match &result {
            Ok(n) => serde_json::json!({
                "intact": true,
                "file": file.display().to_string(),
                "error": null,
                "notice": {
                    "id": n.id, "unit": n.unit, "last_day": n.last_day,
                    "signed_at": n.signed_at, "seal": n.seal,
                },
                "digital_signature": super::pdf::signature_json(&signature, trust.is_some()),
            }),
            Err(e) => serde_json::json!({
                "intact": false,
                "file": file.display().to_string(),
                "error": pdf::notice::user_error(e),
                "notice": null,
            }),
        };
        let _ = writeln!(out, "{value}");
    } else {
        match &result {
            Ok(n) => {
                let _ = writeln!(
                    out,
                    "Intakt: signerad anmälan om avslutad kanal, sigillet stämmer och sidorna visar samma uppgifter."
                );
                let _ = writeln!(out, "  Enhet:     {}", n.unit);
                let _ = writeln!(out, "  Anmälan:   {}", n.id);
                let _ = writeln!(out, "  Sista dag: {}", n.last_day);
                let _ = writeln!(
                    out,
                    "  Signerad:  {}",
                    n.signed_at.as_deref().unwrap_or("–")
                );
                let _ = writeln!(out, "  Sigill:    {}", n.seal.as_deref().unwrap_or("–"));
                for c in &n.channels {
                    let _ = writeln!(
                        out,
                        "  Avslutas:  {} {}",
                        c.as_channel().platform_display(),
                        c.address
                    );
                }
                super::pdf::print_signature(&signature, args, out, err);
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "{}: {}",
                    file.display(),
                    pdf::notice::user_error(e).message
                );
            }
        }
    }
    Some(match (&result, &signature) {
        (Ok(_), Ok(_)) => 0,
        (Ok(_), Err(_)) => 1,
        (
            Err(
                pdf::VerifyError::TooLarge
                | pdf::VerifyError::NotPdf
                | pdf::VerifyError::Damaged(_),
            ),
            _,
        ) => 2,
        (Err(_), _) => 1,
    })
}
