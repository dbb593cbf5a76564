//! Advance widths of the bundled fonts, for wrapping and placing text. printpdf
//! does not wrap text, so the layout measures glyphs itself; embedding and
//! subsetting the fonts is printpdf's job (see `render`).

use std::sync::OnceLock;

use crate::fonts::{self, Face};

/// Parsed faces, once per process; the fonts are compiled in.
pub(crate) fn face(which: Face) -> Option<&'static ttf_parser::Face<'static>> {
    static CELLS: [OnceLock<Option<ttf_parser::Face<'static>>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (i, bytes) = (index(which), bytes(which));
    CELLS[i]
        .get_or_init(|| ttf_parser::Face::parse(bytes, 0).ok())
        .as_ref()
}

pub(crate) fn index(which: Face) -> usize {
    match which {
        Face::Sans => 0,
        Face::SansBold => 1,
        Face::Signature => 2,
    }
}

pub(crate) fn bytes(which: Face) -> &'static [u8] {
    match which {
        Face::Sans => fonts::SANS,
        Face::SansBold => fonts::SANS_BOLD,
        Face::Signature => fonts::SIGNATURE,
    }
}

/// Glyph id and advance width of the characters below this, computed once per
/// face: nearly every character of a Swedish form is in this range, and cmap
/// look-ups were most of the layout time.
const CACHED_CHARS: usize = 0x250;

type GlyphCache = Vec<(u16, u16)>;

fn cache(which: Face) -> Option<&'static GlyphCache> {
    static CELLS: [OnceLock<Option<GlyphCache>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    CELLS[index(which)]
        .get_or_init(|| {
            let f = face(which)?;
            Some(
                (0..CACHED_CHARS as u32)
                    .map(|u| {
                        let gid = char::from_u32(u)
                            .and_then(|c| f.glyph_index(c))
                            .unwrap_or(ttf_parser::GlyphId(0));
                        (gid.0, f.glyph_hor_advance(gid).unwrap_or(0))
                    })
                    .collect(),
            )
        })
        .as_ref()
}

/// Measures text in one of the bundled fonts.
pub(crate) struct Metrics {
    face: &'static ttf_parser::Face<'static>,
    cache: &'static GlyphCache,
    units_per_em: f64,
}

impl Metrics {
    pub(crate) fn new(which: Face) -> Option<Metrics> {
        let face = face(which)?;
        Some(Metrics {
            face,
            cache: cache(which)?,
            units_per_em: f64::from(face.units_per_em()),
        })
    }

    /// Width of `text` at `size` points. Characters without a glyph count as
    /// glyph 0 (validation refuses them before a signed PDF is made).
    pub(crate) fn width(&self, text: &str, size: f64) -> f64 {
        let units: u32 = text.chars().map(|c| u32::from(self.lookup(c).1)).sum();
        f64::from(units) * size / self.units_per_em
    }

    fn lookup(&self, c: char) -> (u16, u16) {
        if let Some(hit) = self.cache.get(c as usize) {
            return *hit;
        }
        let gid = self.face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        (gid.0, self.face.glyph_hor_advance(gid).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_measured_in_points() {
        let m = Metrics::new(Face::Sans).unwrap();
        let w = m.width("Smedjebacken", 10.0);
        assert!(w > 50.0 && w < 80.0, "{w}");
    }
}
