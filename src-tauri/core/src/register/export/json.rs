//! JSON with everything, for other systems: channels, imported applications (whole),
//! disposal decisions and the event log. Pretty-printed, keys in a fixed order.
//! `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (still the same JSON
//! strings), so the file stays harmless if someone pastes it into a web page.

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
        Ok(s) => {
            let mut s = html_safe(&s);
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

/// Escapes the characters that matter to HTML inside JSON strings. Outside
/// strings JSON has none of them, so this never changes the data.
fn html_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_characters_are_escaped_but_the_data_is_the_same() {
        let v = serde_json::json!({"a": "<script>alert(1)</script> & \u{2028}"});
        let text = super::html_safe(&v.to_string());
        assert!(!text.contains('<') && !text.contains('&'));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), v);
    }
}
