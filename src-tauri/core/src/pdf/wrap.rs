//! Line breaking: the PDF writer does not wrap, so texts are measured glyph by
//! glyph and broken at spaces, or inside a word that alone is wider than the line
//! (long web addresses).

use super::font::Metrics;

/// Breaks `text` into lines no wider than `max_width` points at `size`. Line
/// breaks in the text are kept; an empty text gives one empty line.
///
/// ```ignore
/// wrap(&metrics, "Sprida information", 10.0, 60.0) == ["Sprida", "information"]
/// ```
pub(crate) fn wrap(metrics: &Metrics, text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let space = metrics.width(" ", size);
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_end_matches('\r');
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ') {
            let word_width = metrics.width(word, size);
            let candidate = if line.is_empty() {
                word_width
            } else {
                line_width + space + word_width
            };
            if candidate <= max_width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: split it where it no longer fits.
            line_width = 0.0;
            for c in word.chars() {
                let mut buf = [0u8; 4];
                let w = metrics.width(c.encode_utf8(&mut buf), size);
                if line_width + w > max_width && !line.is_empty() {
                    // A line ending in "-" reads as a hyphenated word to text
                    // extractors, which then drop the hyphen: carry it over.
                    let carry = if line.ends_with('-') && line.chars().count() > 1 {
                        line.pop();
                        "-"
                    } else {
                        ""
                    };
                    lines.push(std::mem::take(&mut line));
                    line.push_str(carry);
                    line_width = metrics.width(carry, size);
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;

    #[test]
    fn wraps_at_spaces_and_inside_long_words() {
        let m = Metrics::new(Face::Sans).unwrap();
        let lines = wrap(&m, "Sprida information om biblioteket", 10.0, 80.0);
        assert!(lines.len() >= 2);
        assert_eq!(lines.join(" "), "Sprida information om biblioteket");
        for l in &lines {
            assert!(m.width(l, 10.0) <= 80.0);
        }
        let url = "https://www.facebook.com/smedjebackensbibliotekochkulturhus";
        let parts = wrap(&m, url, 10.0, 100.0);
        assert!(parts.len() > 1);
        assert_eq!(parts.concat(), url);
        let dashed = "https://www.example.com/aaaa-bbbb-cccc-dddd-eeee-ffff-gggg-hhhh-iiii";
        for width in 60..140 {
            let parts = wrap(&m, dashed, 10.0, f64::from(width));
            assert_eq!(parts.concat(), dashed);
            assert!(parts.iter().all(|p| !p.ends_with('-')), "{parts:?}");
        }
    }

    #[test]
    fn keeps_line_breaks_and_empty_text() {
        let m = Metrics::new(Face::Sans).unwrap();
        assert_eq!(wrap(&m, "a\nb", 10.0, 300.0), vec!["a", "b"]);
        assert_eq!(wrap(&m, "", 10.0, 300.0), vec![""]);
    }
}
