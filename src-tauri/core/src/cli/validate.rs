//! `kanalansokan validate FILE.json [--json]`

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The application JSON file.
    pub file: PathBuf,
    /// Print the problems as JSON ([{code, field, message}]) instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_args: Args, _out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let _ = writeln!(err, "validate: ännu inte byggt");
    2
}
