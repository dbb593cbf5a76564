//! `kanalansokan import|export|close --register REG.sqlite …`

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use crate::error::{ToUserError, UserError};
use crate::register::{self, ExportFormat};
use crate::storage::Store;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The register database.
    #[arg(long, value_name = "REG.sqlite")]
    pub register: Option<PathBuf>,
    /// PDF files and folders of PDF files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "REG.sqlite")]
    pub register: Option<PathBuf>,
    /// html: the public list for the website; csv: for the records system and Excel; json: everything.
    #[arg(long, value_parser = ["html", "csv", "json"])]
    pub format: String,
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    #[arg(long, value_name = "REG.sqlite")]
    pub register: Option<PathBuf>,
    /// The channel's id in the register.
    #[arg(long)]
    pub channel: i64,
    /// The date the channel closed (ÅÅÅÅ-MM-DD).
    #[arg(long)]
    pub date: String,
    /// Why it closed.
    #[arg(long)]
    pub reason: String,
}

/// The register database: `--register`, else the global `--db`, else the default.
pub(crate) fn database_path(
    register: Option<PathBuf>,
    db: Option<PathBuf>,
) -> Result<PathBuf, UserError> {
    if let Some(p) = register.or(db) {
        return Ok(p);
    }
    default_path()
}

/// The register's path (`--register`, else `--db`, else the default) and the
/// register opened there: what every register subcommand starts with.
pub(crate) fn open_register(
    register: Option<PathBuf>,
    db: Option<PathBuf>,
) -> Result<(PathBuf, Store), UserError> {
    let path = database_path(register, db)?;
    let store = open(&path)?;
    Ok((path, store))
}

/// Opens the register database (the same file as the drafts), creating and
/// migrating it if needed.
pub(crate) fn open(path: &Path) -> Result<Store, UserError> {
    Store::open(path).map_err(|e| {
        log::error!("opening {}: {e:?}", path.display());
        e.to_user_error()
    })
}

fn default_path() -> Result<PathBuf, UserError> {
    Store::default_path().map_err(|e| e.to_user_error())
}

pub(crate) fn fail(err: &mut dyn Write, e: &UserError) -> u8 {
    let _ = writeln!(err, "Fel: {}", e.message);
    2
}

/// A verdict line: `fil.pdf: Avvisad – Filen är inte en PDF.`; for an accepted
/// file also who signed it digitally (or "Inte elektroniskt signerad") and a
/// "Varning:" line per warning.
fn verdict_line(v: &register::ImportVerdict) -> String {
    let mut line = format!("{}: {} – {}", v.file, v.label, v.message);
    if let Some(signature) = &v.digital_signature {
        line.push_str(&format!(" {signature}."));
    }
    for w in &v.warnings {
        line.push_str(&format!("\n  Varning: {}", w.message));
    }
    line
}

/// `import`: a verdict line per file, then a summary. Exit 0 if nothing was
/// rejected or failed, 1 otherwise, 2 if the register cannot be opened.
pub fn run_import(
    a: ImportArgs,
    db: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (path, store) = match open_register(a.register, db) {
        Ok(opened) => opened,
        Err(e) => return fail(err, &e),
    };
    let conn = store.connection();
    let archive = register::default_archive_dir(&path);
    let cancel = AtomicBool::new(false);
    let mut print = |p: &register::BatchProgress| {
        let _ = writeln!(out, "{}", verdict_line(&p.verdict));
    };
    let report = register::import_batch(
        conn,
        &archive,
        &a.files,
        chrono::Utc::now(),
        &mut print,
        &cancel,
    );
    let _ = writeln!(out, "{}", report.summary());
    if report.verdicts.is_empty() {
        let _ = writeln!(err, "Inga PDF-filer hittades.");
        return 1;
    }
    if report.all_accepted() { 0 } else { 1 }
}

/// `export`: writes the file atomically and says how many channels it lists.
pub fn run_export(
    a: ExportArgs,
    db: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let Some(format) = ExportFormat::from_code(&a.format) else {
        let _ = writeln!(
            err,
            "Okänt format {:?}: välj html, csv eller json.",
            a.format
        );
        return 2;
    };
    let (_, store) = match open_register(a.register, db) {
        Ok(opened) => opened,
        Err(e) => return fail(err, &e),
    };
    let conn = store.connection();
    match register::export(conn, format, &a.output, chrono::Utc::now()) {
        Ok(n) => {
            let _ = writeln!(
                out,
                "{}: {} exporterade.",
                a.output.display(),
                register::channel_count(n)
            );
            0
        }
        Err(e) => {
            log::error!("export: {e:?}");
            fail(err, &e.to_user_error())
        }
    }
}

/// `close`: records the closing; exit 1 if it is refused (unknown channel, bad date…).
pub fn run_close(
    a: CloseArgs,
    db: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (_, store) = match open_register(a.register, db) {
        Ok(opened) => opened,
        Err(e) => return fail(err, &e),
    };
    let conn = store.connection();
    match register::close_channel(conn, a.channel, &a.date, &a.reason, chrono::Utc::now()) {
        Ok(row) => {
            let _ = writeln!(
                out,
                "Kanal {} ({} {}) avslutad {}.",
                row.id,
                row.platform_label,
                row.address,
                row.closed_on.unwrap_or_default()
            );
            0
        }
        Err(e) => {
            log::info!("close: {e:?}");
            let _ = writeln!(err, "Fel: {}", e.to_user_error().message);
            if matches!(
                e,
                register::RegisterError::Database(_) | register::RegisterError::Io { .. }
            ) {
                2
            } else {
                1
            }
        }
    }
}
