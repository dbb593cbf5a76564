//! `kanalansokan import|export|close --register REG.sqlite …`

use std::io::Write;
use std::path::PathBuf;

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

pub fn run_import(
    _a: ImportArgs,
    _db: Option<PathBuf>,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let _ = writeln!(err, "import: ännu inte byggt");
    2
}

pub fn run_export(
    _a: ExportArgs,
    _db: Option<PathBuf>,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let _ = writeln!(err, "export: ännu inte byggt");
    2
}

pub fn run_close(
    _a: CloseArgs,
    _db: Option<PathBuf>,
    _out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let _ = writeln!(err, "close: ännu inte byggt");
    2
}
