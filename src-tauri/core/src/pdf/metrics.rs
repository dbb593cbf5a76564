//! Advance widths of the bundled fonts, for wrapping and placing text. printpdf
//! does not wrap text, so the layout measures glyphs itself; embedding and
//! subsetting the fonts is printpdf's job (see `render`).

use crate::fonts::{self, Face, Font};

/// Measures text in one of the bundled fonts.
pub(crate) struct Metrics {
    font: &'static Font,
    units_per_em: f64,
}

impl Metrics {
    pub(crate) fn new(which: Face) -> Option<Metrics> {
        let font = fonts::font(which);
        Some(Metrics {
            font,
            units_per_em: f64::from(font.face.units_per_em()),
        })
    }

    /// Width of `text` at `size` points. Characters without a glyph count as
    /// glyph 0 (validation refuses them before a signed PDF is made).
    pub(crate) fn width(&self, text: &str, size: f64) -> f64 {
        let units: u32 = text.chars().map(|c| u32::from(self.font.advance(c))).sum();
        f64::from(units) * size / self.units_per_em
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
