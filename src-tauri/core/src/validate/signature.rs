//! The manager's signature ("underskrift"): drawn strokes must make a mark that
//! fits the drawing area; a typed signature must be a name the signature font
//! can draw; "Signeras på papper" is always fine.

use crate::error::UserError;
use crate::fonts::Face;
use crate::model::Signature;

use super::text::{self, MAX_NAME, Spec};

/// Largest drawing area accepted, in its own units (a pad is a few hundred wide).
pub const MAX_SIGNATURE_SIDE: u32 = 10_000;
/// Most strokes in one signature; a real one has a handful.
pub const MAX_STROKES: usize = 200;
/// Most points over all strokes; keeps the sealed JSON and the PDF small.
pub const MAX_POINTS: usize = 20_000;

const FIELD: &str = "approval.signature";

fn err(code: &str, message: &str) -> UserError {
    UserError::new(code, message).with_field(FIELD)
}

/// The problem with a chosen signature, if any.
pub(crate) fn check(sig: &Signature) -> Option<UserError> {
    match sig {
        Signature::Paper => None,
        Signature::Typed { text: typed } => {
            let clean = text::clean_text(typed, false);
            if clean.is_empty() {
                return Some(err(
                    "approval.signature.empty",
                    "Skriv chefens namn som underskrift, eller välj att rita underskriften eller signera på papper.",
                ));
            }
            text::check(
                &clean,
                Spec {
                    max: MAX_NAME,
                    multiline: false,
                    face: Face::Signature,
                },
                FIELD,
            )
        }
        Signature::Drawn {
            width,
            height,
            strokes,
        } => {
            if *width == 0
                || *height == 0
                || *width > MAX_SIGNATURE_SIDE
                || *height > MAX_SIGNATURE_SIDE
            {
                return Some(err(
                    "approval.signature.invalid",
                    "Underskriften har en ogiltig storlek. Rensa den och rita den igen.",
                ));
            }
            let points: usize = strokes.iter().map(Vec::len).sum();
            if strokes.len() > MAX_STROKES || points > MAX_POINTS {
                return Some(err(
                    "approval.signature.too_complex",
                    "Underskriften består av för många streck. Rensa den och rita den igen, med en enkel namnteckning.",
                ));
            }
            let outside = strokes
                .iter()
                .flatten()
                .any(|p| p.x > *width || p.y > *height);
            if outside {
                return Some(err(
                    "approval.signature.invalid",
                    "Underskriften har punkter utanför ritytan. Rensa den och rita den igen.",
                ));
            }
            if !strokes.iter().any(|s| s.len() >= 2) {
                return Some(err(
                    "approval.signature.empty",
                    "Underskriften är tom. Rita namnteckningen i rutan, skriv namnet, eller välj att signera på papper.",
                ));
            }
            None
        }
    }
}
