//! `kanalansokan validate FILE.json [--json]`
//!
//! Prints every problem with the application in FILE.json: as `field: message`
//! lines in Swedish, or with `--json` as an array of `{code, field, message}`.
//! Exit 0 when valid, 1 when not, 2 when the file cannot be read as an
//! application (missing, too large, not JSON, wrong shape); the reason goes to
//! stderr in Swedish. Today's date (local time) is the latest allowed approval date.
//!
//! A file that cannot be read is a [`ReadError`]; as a [`UserError`] its code is
//! `file.unreadable` (missing, no permission, a folder), `file.too_large` (over
//! [`MAX_FILE_BYTES`]) or `file.not_an_application` (not JSON, with line and
//! column; or JSON of the wrong shape, naming an unknown or missing field).
//!
//! ```text
//! $ kanalansokan validate ansokan.json
//! responsible[0].email: Det här är inte en giltig e-postadress. Skriv den som namn@exempel.se, …
//! operators: Ange minst två personer som sköter kanalen. Kommunens riktlinjer kräver en ersättare: …
//! $ echo $?
//! 1
//! ```

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{ToUserError, UserError};
use crate::model::Application;
use crate::validate::{Check, validate};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The application JSON file.
    pub file: PathBuf,
    /// Print the problems as JSON ([{code, field, message}]) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// An application file is a few kilobytes; a drawn signature adds some. Anything
/// far larger is not one, and is not read into memory.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Why an application JSON file could not be read. Other subcommands that read
/// an application file (`pdf`) use [`read_application`] too.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is larger than {MAX_FILE_BYTES} bytes")]
    TooLarge { path: PathBuf },
    #[error("{path} is not an application: {source}")]
    Json {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
}

/// The name of a field in a serde message such as "unknown field `fax`, expected …".
fn quoted_name(message: &str, prefix: &str) -> Option<String> {
    let rest = message.split_once(prefix)?.1;
    let rest = rest.strip_prefix('`')?;
    Some(rest.split_once('`')?.0.to_string())
}

impl ToUserError for ReadError {
    fn to_user_error(&self) -> UserError {
        match self {
            ReadError::Io { path, source } => {
                let why = match source.kind() {
                    std::io::ErrorKind::NotFound => "filen finns inte".to_string(),
                    std::io::ErrorKind::PermissionDenied => {
                        "du saknar behörighet att läsa den".to_string()
                    }
                    std::io::ErrorKind::IsADirectory => "det är en mapp, inte en fil".to_string(),
                    _ => "den gick inte att läsa".to_string(),
                };
                UserError::new(
                    "file.unreadable",
                    format!("Kan inte läsa {}: {why}.", path.display()),
                )
            }
            ReadError::TooLarge { path } => UserError::new(
                "file.too_large",
                format!(
                    "{} är för stor för att vara en ansökan (över {} MB).",
                    path.display(),
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ),
            ReadError::Json { path, source } => {
                let (line, column) = (source.line(), source.column());
                let at = format!("rad {line}, kolumn {column}");
                let text = source.to_string();
                let message = match source.classify() {
                    serde_json::error::Category::Eof if line <= 1 && column == 0 => {
                        format!(
                            "{} är tom. Den ska innehålla en ansökan i JSON-format.",
                            path.display()
                        )
                    }
                    serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                        format!(
                            "{} är inte giltig JSON: felet finns på {at}. Kontrollera kommatecken, citattecken och klamrar där.",
                            path.display()
                        )
                    }
                    serde_json::error::Category::Io => {
                        format!("Kan inte läsa {}: den gick inte att läsa.", path.display())
                    }
                    serde_json::error::Category::Data => {
                        let what = if let Some(name) = quoted_name(&text, "unknown field ") {
                            format!("fältet \u{201D}{name}\u{201D} finns inte i formatet")
                        } else if let Some(name) = quoted_name(&text, "missing field ") {
                            format!("fältet \u{201D}{name}\u{201D} saknas")
                        } else if let Some(name) = quoted_name(&text, "unknown variant ") {
                            format!("värdet \u{201D}{name}\u{201D} är inte tillåtet")
                        } else {
                            "ett värde har fel typ (till exempel text där det ska vara ett tal)"
                                .to_string()
                        };
                        format!(
                            "{} är JSON men ingen ansökan i Kanalansökans format: {what} ({at}).",
                            path.display()
                        )
                    }
                };
                UserError::new("file.not_an_application", message)
            }
        }
    }
}

/// Reads and parses an application JSON file, refusing files over [`MAX_FILE_BYTES`].
pub fn read_application(path: &Path) -> Result<Application, ReadError> {
    read_json(path)
}

/// Reads and parses a JSON file of the model (an application, a closure notice),
/// refusing files over [`MAX_FILE_BYTES`].
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ReadError> {
    let io = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
        });
    }
    serde_json::from_slice(crate::fsutil::without_utf8_bom(&bytes)).map_err(|source| {
        ReadError::Json {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Writes `problems` as the command prints them: `field: message` lines, or JSON.
pub fn print_problems(
    problems: &[UserError],
    json: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if json {
        let text = serde_json::to_string_pretty(problems).map_err(std::io::Error::other)?;
        writeln!(out, "{text}")
    } else {
        for p in problems {
            match &p.field {
                Some(f) => writeln!(out, "{f}: {}", p.message)?,
                None => writeln!(out, "{}", p.message)?,
            }
        }
        Ok(())
    }
}

pub fn run(args: Args, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let app = match read_application(&args.file) {
        Ok(app) => app,
        Err(e) => {
            log::info!("validate: {e:?}");
            let _ = writeln!(err, "{}", e.to_user_error().message);
            return 2;
        }
    };
    let today = chrono::Local::now().date_naive();
    let problems = validate(&app, today, Check::Form);
    let printed = if problems.is_empty() && !args.json {
        writeln!(out, "Ansökan uppfyller alla regler.")
    } else {
        print_problems(&problems, args.json, out)
    };
    if let Err(e) = printed {
        log::warn!("validate: cannot write the result: {e}");
        return 2;
    }
    if problems.is_empty() { 0 } else { 1 }
}
