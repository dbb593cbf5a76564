//! JSON with everything, for other systems: channels, imported applications (whole),
//! disposal decisions and the event log. Pretty-printed, keys in a fixed order.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::RegisterSnapshot;
use crate::register::timestamp;

/// Identifies the file's format for whoever reads it.
pub const FORMAT: &str = "kanalansokan-register";
/// Bumped on any incompatible change to the export's shape.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    format_version: u32,
    generated_at: String,
    #[serde(flatten)]
    register: &'a RegisterSnapshot,
}

/// The file's text.
pub fn render(snap: &RegisterSnapshot, generated_at: DateTime<Utc>) -> String {
    let export = Export {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        generated_at: timestamp(generated_at),
        register: snap,
    };
    match serde_json::to_string_pretty(&export) {
        Ok(mut s) => {
            s.push('\n');
            s
        }
        // Serialising plain structs of strings and numbers does not fail; keep the
        // export well-formed even so.
        Err(e) => {
            log::error!("register JSON export: {e}");
            String::from("{}\n")
        }
    }
}
