//! `kanalansokan politician add|edit|end|list|export --register REG.sqlite …`:
//! the politicians' blog links on the public list (issue 16).

use std::io::Write;
use std::path::PathBuf;

use crate::error::ToUserError;
use crate::fsutil::write_atomic;
use crate::register::politicians::{self, PoliticianError, PoliticianInput, PoliticianLink};

use super::register::{fail, open_register};

#[derive(Debug, clap::Args)]
pub struct PoliticianArgs {
    #[command(subcommand)]
    pub command: PoliticianCommand,
}

#[derive(Debug, clap::Args)]
pub struct LinkFields {
    /// The politician's name.
    #[arg(long)]
    pub name: String,
    /// The party.
    #[arg(long)]
    pub party: String,
    /// The ordinary seat: "Kommunfullmäktige" or the committee's name.
    #[arg(long)]
    pub seat: String,
    /// The blog's address (https://…).
    #[arg(long)]
    pub address: String,
    /// Listed from (ÅÅÅÅ-MM-DD).
    #[arg(long = "from")]
    pub from_date: String,
}

impl LinkFields {
    fn input(self) -> PoliticianInput {
        PoliticianInput {
            name: self.name,
            party: self.party,
            seat: self.seat,
            address: self.address,
            from_date: self.from_date,
        }
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum PoliticianCommand {
    /// Add a politician's blog link to the public list.
    Add {
        #[arg(long, value_name = "REG.sqlite")]
        register: Option<PathBuf>,
        #[command(flatten)]
        fields: LinkFields,
    },
    /// Change an active link (every field is given again).
    Edit {
        #[arg(long, value_name = "REG.sqlite")]
        register: Option<PathBuf>,
        /// The link's number (`politician list`).
        #[arg(long)]
        id: i64,
        #[command(flatten)]
        fields: LinkFields,
    },
    /// End a link: it leaves the public list, the row stays.
    End {
        #[arg(long, value_name = "REG.sqlite")]
        register: Option<PathBuf>,
        #[arg(long)]
        id: i64,
        /// The last day (ÅÅÅÅ-MM-DD).
        #[arg(long)]
        date: String,
        /// Why: the seat ended, the politician asked.
        #[arg(long)]
        reason: String,
    },
    /// List every link, active and ended.
    List {
        #[arg(long, value_name = "REG.sqlite")]
        register: Option<PathBuf>,
    },
    /// Write every link as CSV for the records system.
    Export {
        #[arg(long, value_name = "REG.sqlite")]
        register: Option<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// One line: `3  Aktiv     Åsa Öberg (S), Kommunfullmäktige: https://… från 2026-01-15`.
fn line(p: &PoliticianLink) -> String {
    let status = match &p.ended_on {
        None => "Aktiv".to_string(),
        Some(d) => format!("Avslutad {d}"),
    };
    format!(
        "{}\t{status}\t{} ({}), {}: {} från {}",
        p.id, p.name, p.party, p.seat, p.address, p.from_date
    )
}

/// Runs a `politician` subcommand. Exit 0 done, 1 refused (bad input), 2 the
/// register could not be opened or written.
pub fn run(a: PoliticianArgs, db: Option<PathBuf>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let register = match &a.command {
        PoliticianCommand::Add { register, .. }
        | PoliticianCommand::Edit { register, .. }
        | PoliticianCommand::End { register, .. }
        | PoliticianCommand::List { register }
        | PoliticianCommand::Export { register, .. } => register.clone(),
    };
    let (_, store) = match open_register(register, db) {
        Ok(opened) => opened,
        Err(e) => return fail(err, &e),
    };
    let conn = store.connection();
    let now = chrono::Utc::now();
    let done = match a.command {
        PoliticianCommand::Add { fields, .. } => {
            politicians::add_politician(conn, &fields.input(), now)
                .map(|p| format!("Tillagd: {}", line(&p)))
        }
        PoliticianCommand::Edit { id, fields, .. } => {
            politicians::edit_politician(conn, id, &fields.input(), now)
                .map(|p| format!("Ändrad: {}", line(&p)))
        }
        PoliticianCommand::End {
            id, date, reason, ..
        } => politicians::end_politician(conn, id, &date, &reason, now)
            .map(|p| format!("Avslutad: {}", line(&p))),
        PoliticianCommand::List { .. } => politicians::list_politicians(conn).map(|list| {
            if list.is_empty() {
                "Inga politikerbloggar i registret.".to_string()
            } else {
                list.iter().map(line).collect::<Vec<_>>().join("\n")
            }
        }),
        PoliticianCommand::Export { output, .. } => match politicians::list_politicians(conn) {
            Ok(list) => {
                let bytes = crate::register::export::csv::render_politicians(&list);
                match write_atomic(&output, &bytes) {
                    Ok(()) => Ok(format!(
                        "{}: {} länkar exporterade.",
                        output.display(),
                        list.len()
                    )),
                    Err(e) => Err(PoliticianError::Register(
                        crate::register::RegisterError::io(&output, e),
                    )),
                }
            }
            Err(e) => Err(e),
        },
    };
    match done {
        Ok(text) => {
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            log::info!("politician: {e:?}");
            let _ = writeln!(err, "Fel: {}", e.to_user_error().message);
            match e {
                PoliticianError::Register(
                    crate::register::RegisterError::Database(_)
                    | crate::register::RegisterError::Io { .. },
                ) => 2,
                _ => 1,
            }
        }
    }
}
