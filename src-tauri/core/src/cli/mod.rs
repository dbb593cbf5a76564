//! The `kanalansokan` command line: the same core as the window, for scripts,
//! batch work and tests. Needs no display.
//!
//! Exit codes, for every subcommand: 0 success (valid, intact, nothing rejected);
//! 1 the input was read but is not acceptable (invalid, altered, rejected);
//! 2 the input could not be read at all (missing file, not JSON, bad arguments).

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub mod notice;
pub mod open;
pub mod pdf;
pub mod politician;
pub mod register;
pub mod sign;
pub mod trust;
pub mod validate;

/// Kanalansökan – ansökan om officiell kanal i sociala medier (Smedjebackens kommun).
///
/// Without a subcommand the window opens.
#[derive(Debug, Parser)]
#[command(
    name = "kanalansokan",
    version,
    about = "Kanalansökan – ansökan om officiell kanal i sociala medier (Smedjebackens kommun).\nWithout a subcommand the window opens.",
    long_about = None
)]
pub struct Cli {
    /// The SQLite database with drafts and the register (default: the OS's app-data folder).
    #[arg(long, env = "KANALANSOKAN_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check an application JSON file against every rule of the form.
    Validate(validate::Args),
    /// Render an application JSON file as the registrar's PDF (sealing it if signed).
    Pdf(pdf::PdfArgs),
    /// Check a PDF: embedded application, seal, and that the pages show the same data.
    Verify(pdf::VerifyArgs),
    /// Sign a PDF digitally (PAdES) with a PKCS#12 file or a PKCS#11 token (card, USB token).
    Sign(sign::SignArgs),
    /// Import signed PDFs (files or folders) into the register.
    Import(register::ImportArgs),
    /// Export the register: the public list (html), for the records system (csv), or everything (json).
    Export(register::ExportArgs),
    /// Record that a channel has been closed.
    Close(register::CloseArgs),
    /// The unit's closure notice ("Anmälan om avslutad kanal"): validate, pdf.
    Notice(notice::NoticeArgs),
    /// Politicians' blog links on the public list: add, edit, end, list, export (CSV).
    Politician(Box<politician::PoliticianArgs>),
    /// Add an application from a file (Kanalansökan PDF or JSON) to the database.
    Open(open::Args),
    /// The register's trusted issuers for digital signatures, CRLs, and the policy for unsigned applications.
    Trust(trust::TrustArgs),
}

/// Parses `args` (including the program name) and runs the subcommand, writing to
/// `out` and `err`. Returns the process exit code. `None` when there is no
/// subcommand, meaning: open the window (with [`Cli::db`]).
// The Err is the parsed command line itself, returned once per process: its size is no cost.
#[allow(clippy::result_large_err)]
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8, Cli>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are successes; anything else is a usage error (2).
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(err, "{text}")
            } else {
                write!(out, "{text}")
            };
            return Ok(code);
        }
    };
    let db = cli.db.clone();
    match cli.command {
        None => Err(cli),
        Some(Command::Validate(a)) => Ok(validate::run(a, out, err)),
        Some(Command::Pdf(a)) => Ok(pdf::run_pdf(a, out, err)),
        Some(Command::Verify(a)) => Ok(pdf::run_verify(a, out, err)),
        Some(Command::Sign(a)) => Ok(sign::run_sign(a, out, err)),
        Some(Command::Import(a)) => Ok(register::run_import(a, db, out, err)),
        Some(Command::Export(a)) => Ok(register::run_export(a, db, out, err)),
        Some(Command::Close(a)) => Ok(register::run_close(a, db, out, err)),
        Some(Command::Notice(a)) => Ok(notice::run(a, out, err)),
        Some(Command::Politician(a)) => Ok(politician::run(*a, db, out, err)),
        Some(Command::Open(a)) => Ok(open::run(a, db, out, err)),
        Some(Command::Trust(a)) => Ok(trust::run_trust(a, db, out, err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_subcommand_means_window() {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        let cli = run(["kanalansokan", "--db", "x.sqlite"], &mut o, &mut e).unwrap_err();
        assert_eq!(cli.db, Some(PathBuf::from("x.sqlite")));
    }

    #[test]
    fn unknown_subcommand_is_exit_2() {
        let (mut o, mut e) = (Vec::new(), Vec::new());
        assert_eq!(
            run(["kanalansokan", "frobnicate"], &mut o, &mut e).unwrap(),
            2
        );
        assert!(!e.is_empty());
    }
}
