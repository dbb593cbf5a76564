//! The fonts the PDF embeds, and the question the validator asks of them: can
//! this text be drawn? A character without a glyph would silently vanish from the
//! registrar's PDF, so it is refused when the user types it instead.
//!
//! DejaVu (Bitstream Vera licence, see `assets/LICENSE-DejaVu.txt`), reduced by
//! `assets/subset-fonts.sh` to what the PDF can set: Latin including Sámi, Polish
//! and South Slavic letters, Greek and Cyrillic, punctuation and the ☐ ☒ glyphs. No
//! emoji, and no Arabic or Hebrew: the PDF writer neither joins nor reorders
//! right-to-left text, so those are refused rather than printed garbled.

use std::sync::OnceLock;

/// Body text and values.
pub static SANS: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
/// Labels and headings.
pub static SANS_BOLD: &[u8] = include_bytes!("../assets/DejaVuSans-Bold.ttf");
/// Typed signatures ("signature style").
pub static SIGNATURE: &[u8] = include_bytes!("../assets/DejaVuSerif-Italic.ttf");

/// Which embedded font a text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    Sans,
    SansBold,
    Signature,
}

/// Characters below this get their glyph id and advance width from a table built
/// once per face: nearly every character of a Swedish form is in this range, and
/// cmap look-ups were a noticeable part of validating, laying out and checking
/// the pages of every imported PDF.
const TABLE_CHARS: u32 = 0x250;

/// A parsed bundled font and its table for the common characters.
pub(crate) struct Font {
    pub face: ttf_parser::Face<'static>,
    /// Index = character; (glyph id, advance width), glyph 0 when the font has none.
    table: Vec<(u16, u16)>,
}

impl Font {
    /// The glyph `c` is drawn with, or `None` when the font has none.
    pub(crate) fn glyph(&self, c: char) -> Option<u16> {
        match self.table.get(c as usize) {
            Some(&(gid, _)) => (gid != 0).then_some(gid),
            None => self.face.glyph_index(c).map(|g| g.0),
        }
    }

    /// The advance width of `c` in font units (that of glyph 0 when it has none).
    pub(crate) fn advance(&self, c: char) -> u16 {
        match self.table.get(c as usize) {
            Some(&(_, advance)) => advance,
            None => {
                let gid = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
                self.face.glyph_hor_advance(gid).unwrap_or(0)
            }
        }
    }
}

/// The bundled font, parsed once per process.
pub(crate) fn font(face: Face) -> &'static Font {
    static CELLS: [OnceLock<Font>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (i, bytes) = match face {
        Face::Sans => (0, SANS),
        Face::SansBold => (1, SANS_BOLD),
        Face::Signature => (2, SIGNATURE),
    };
    CELLS[i].get_or_init(|| {
        // The fonts are compiled in; a parse failure is a build defect, found by the tests below.
        let face = ttf_parser::Face::parse(bytes, 0).expect("bundled font parses");
        let table = (0..TABLE_CHARS)
            .map(|u| {
                let gid = char::from_u32(u)
                    .and_then(|c| face.glyph_index(c))
                    .unwrap_or(ttf_parser::GlyphId(0));
                (gid.0, face.glyph_hor_advance(gid).unwrap_or(0))
            })
            .collect();
        Font { face, table }
    })
}

/// Parses `face` now (it is parsed once per process, on first use).
pub(crate) fn load(face: Face) {
    font(face);
}

/// The glyph id `face` draws `c` with; 0 (`.notdef`) when it has none.
pub(crate) fn glyph_id(face: Face, c: char) -> u16 {
    font(face).glyph(c).unwrap_or(0)
}

/// The first character of `text` that `face` has no glyph for. Line breaks and
/// tabs are layout, not glyphs, and are skipped.
///
/// # Example
///
/// ```
/// use kanalansokan_core::fonts::{first_missing_glyph, Face};
/// assert_eq!(first_missing_glyph("Åsa Öberg, Łukasz Żółć, Đorđe, Áilu", Face::Sans), None);
/// assert_eq!(first_missing_glyph("Hej 🙂", Face::Sans), Some('🙂'));
/// ```
pub fn first_missing_glyph(text: &str, face: Face) -> Option<char> {
    let f = font(face);
    text.chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\t'))
        .find(|&c| f.glyph(c).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_font_parses_and_has_swedish_letters() {
        for face in [Face::Sans, Face::SansBold, Face::Signature] {
            assert_eq!(
                first_missing_glyph("ÅÄÖåäö – Sociala medier", face),
                None,
                "{face:?}"
            );
        }
    }

    #[test]
    fn checkbox_glyphs_exist() {
        assert_eq!(first_missing_glyph("☐☒", Face::Sans), None);
    }

    #[test]
    fn greek_and_cyrillic_names_can_be_set_right_to_left_scripts_cannot() {
        for face in [Face::Sans, Face::SansBold, Face::Signature] {
            assert_eq!(
                first_missing_glyph("Ελένη Παπαδοπούλου", face),
                None,
                "{face:?}"
            );
            assert_eq!(
                first_missing_glyph("Наталья Иванова", face),
                None,
                "{face:?}"
            );
            assert_eq!(
                first_missing_glyph("Nguyễn Thị Ánh", face),
                None,
                "{face:?}"
            );
        }
        assert_eq!(first_missing_glyph("Sara سارا", Face::Sans), Some('س'));
        assert_eq!(first_missing_glyph("Noa נועה", Face::Sans), Some('נ'));
    }

    #[test]
    fn the_window_shows_a_typed_signature_in_the_pdfs_font() {
        // ui/css/signing.css draws the typed signature with this file: the preview
        // must have exactly the glyphs the PDF has.
        assert!(
            include_bytes!("../../../ui/fonts/DejaVuSerif-Italic.ttf")[..] == *SIGNATURE,
            "ui/fonts/DejaVuSerif-Italic.ttf differs from assets/DejaVuSerif-Italic.ttf"
        );
    }

    #[test]
    fn the_table_answers_as_the_fonts_cmap_does() {
        // A character the cmap maps to glyph 0 would read as "missing" from the
        // table; none does, so the table and the cmap agree everywhere.
        for face in [Face::Sans, Face::SansBold, Face::Signature] {
            let f = font(face);
            for c in (0..0x600).filter_map(char::from_u32) {
                let cmap = f.face.glyph_index(c);
                assert_eq!(f.glyph(c), cmap.map(|g| g.0), "{face:?} {c:?}");
                let gid = cmap.unwrap_or(ttf_parser::GlyphId(0));
                assert_eq!(
                    f.advance(c),
                    f.face.glyph_hor_advance(gid).unwrap_or(0),
                    "{face:?} {c:?}"
                );
            }
        }
    }

    #[test]
    fn emoji_is_missing() {
        assert_eq!(first_missing_glyph("🙂", Face::Sans), Some('🙂'));
    }
}
