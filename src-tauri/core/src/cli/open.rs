//! `kanalansokan open FILE [--db DB]`
//!
//! Adds the application in FILE (a Kanalansökan PDF, draft or signed, or
//! application JSON) to the database, as the window's "Öppna ansökan från fil…"
//! does (both call [`crate::handover::open_file`]), and prints what it did in
//! Swedish: a new draft, a signed version added, or already there. So that
//! "Öppna med" in a file manager and scripts work alike.
//!
//! Exit 0 when the application is in the database afterwards (added or already
//! there); 1 when the file was read but is not acceptable (seal broken, newer
//! schema, no application in the PDF, a conflicting signed version); 2 when it
//! could not be read (missing, a folder, too large, not PDF or JSON, damaged)
//! or the database could not be opened. The reason goes to stderr.
//!
//! ```text
//! $ kanalansokan open Ansokan-sociala-medier_Biblioteket_for-godkannande.pdf --db chef.sqlite
//! Nytt utkast: ”Ansokan-sociala-medier_Biblioteket_for-godkannande.pdf” har öppnats som ett utkast, …
//! ```

use std::io::Write;
use std::path::PathBuf;

use crate::error::ToUserError;
use crate::handover::{self, Opened};
use crate::storage::Store;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file: a PDF made by Kanalansökan, or an application JSON file.
    pub file: PathBuf,
}

/// The short label the command line prints before the message.
fn label(opened: Opened) -> &'static str {
    match opened {
        Opened::NewDraft => "Nytt utkast",
        Opened::DraftUpdated => "Utkastet uppdaterat",
        Opened::SignedAdded => "Signerad version tillagd",
        Opened::AlreadyThere => "Finns redan",
        Opened::KeptBoth => "Båda behålls",
    }
}

pub fn run(args: Args, db: Option<PathBuf>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let path = match db.map(Ok).unwrap_or_else(Store::default_path) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "Fel: {}", e.to_user_error().message);
            return 2;
        }
    };
    let store = match Store::open(&path) {
        Ok(s) => s,
        Err(e) => {
            log::error!("opening {}: {e:?}", path.display());
            let _ = writeln!(err, "Fel: {}", e.to_user_error().message);
            return 2;
        }
    };
    let today = chrono::Local::now().date_naive();
    match handover::open_file(&store, &args.file, today) {
        Ok(o) => {
            let _ = writeln!(out, "{}: {}", label(o.opened), o.message);
            let _ = writeln!(out, "Id: {} version {}", o.id, o.version);
            0
        }
        Err(e) => {
            log::info!("open: {e:?}");
            let _ = writeln!(err, "Fel: {}", e.to_user_error().message);
            if e.is_unreadable() { 2 } else { 1 }
        }
    }
}
