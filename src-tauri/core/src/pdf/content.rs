//! The pages' content streams, written straight from the layout: what `verify`
//! compares an imported file's pages with.
//!
//! `render` has printpdf write the pages. Asking printpdf again for every file
//! the register imports cost ~37 % of an import (profiled): to produce streams
//! that are only compared, it copied the three fonts, prepared their width arrays
//! and ToUnicode maps, and tried to read each as a CFF font. Our pages use six
//! drawing operations, one PDF operator per line, so they are written here the
//! way printpdf 0.12 writes them through lopdf 0.44's `Content::encode`:
//!
//! - operands each followed by one space, then the operator; operations joined
//!   by `\n`, no newline at the end;
//! - numbers as lopdf writes an `f32` (`{}`), integers in decimal, names as `/NAME`;
//! - text as a hexadecimal string of 2-byte codes (Identity-H), upper-case
//!   digits: the glyph ids renumbered the way printpdf numbers a subset font's
//!   glyphs — `.notdef` 0, then the glyph ids the document uses, in ascending
//!   order, 1, 2, 3… per font.
//!
//! printpdf stays the reference: the tests render with printpdf and compare the
//! pages byte for byte (`tests::streams_equal_printpdfs_pages`, and every
//! round trip in `tests/pdf_*.rs`, which fails as "page N differs" otherwise), and
//! the glyph lookup is compared with printpdf's for every Unicode scalar value.

use std::fmt::Write as _;

use crate::fonts;
use crate::model::Application;

use super::layout::{self, Op, Rgb};
use super::render::{FACES, face_index, fingerprint, hundredths, subset_tag};
use super::{PdfError, SignatureMark};

/// The uncompressed content stream of every page of `app`'s PDF, byte for byte
/// as [`super::render`] writes them, each with the newline lopdf's
/// `get_page_content` adds when it reads a page.
pub(crate) fn page_contents(
    app: &Application,
    mark: SignatureMark,
) -> Result<Vec<Vec<u8>>, PdfError> {
    Ok(page_contents_of(
        &layout::layout(app, mark)?,
        &fingerprint(app),
    ))
}

/// The content streams of laid-out `pages` (an application's or a closure
/// notice's) whose fonts are named from `fingerprint`.
pub(crate) fn page_contents_of(pages: &[layout::Page], fingerprint: &str) -> Vec<Vec<u8>> {
    let tags = FACES.map(|face| subset_tag(fingerprint, face));

    // First pass: every text's glyph ids, and which ids each font uses.
    let mut glyphs: Vec<u16> = Vec::new();
    let mut used = [Used::new(), Used::new(), Used::new()];
    for page in pages {
        for op in &page.ops {
            if let Op::Text { face, text, .. } = op {
                for c in text.chars() {
                    let gid = fonts::glyph_id(*face, c);
                    used[face_index(*face)].insert(gid);
                    glyphs.push(gid);
                }
            }
        }
    }
    for u in &mut used {
        u.prepare_ranks();
    }

    // Second pass: the streams, taking the glyph ids in the same order.
    let mut glyphs = glyphs.into_iter();
    let mut streams = Vec::with_capacity(pages.len());
    for page in pages {
        let mut out = Stream::default();
        for op in &page.ops {
            write_op(&mut out, op, &tags, &used, &mut glyphs);
        }
        // lopdf's `get_page_content` ends every stream it reads with a newline.
        out.bytes.push('\n');
        streams.push(out.bytes.into_bytes());
    }
    streams
}

fn write_op(
    out: &mut Stream,
    op: &Op,
    tags: &[String; 3],
    used: &[Used; 3],
    glyphs: &mut impl Iterator<Item = u16>,
) {
    match op {
        Op::Text {
            face,
            size,
            x,
            y,
            color,
            text,
        } => {
            let font = face_index(*face);
            out.op(&[], "BT");
            out.name(&tags[font]);
            out.number(hundredths(*size));
            out.op_end("Tf");
            out.rgb(*color, "rg");
            out.op(&[1.0, 0.0, 0.0, 1.0, hundredths(*x), hundredths(*y)], "Tm");
            out.begin();
            out.bytes.push('<');
            for _ in text.chars() {
                let code = used[font].code(glyphs.next().unwrap_or(0));
                for shift in [12, 8, 4, 0] {
                    out.bytes.push(char::from(
                        b"0123456789ABCDEF"[usize::from(code >> shift & 0xF)],
                    ));
                }
            }
            out.bytes.push_str("> ");
            out.op_end("Tj");
            out.op(&[], "ET");
        }
        Op::Line {
            from,
            to,
            width,
            color,
        } => {
            out.op(&[hundredths(*width)], "w");
            out.rgb(*color, "RG");
            out.op(&[hundredths(from.0), hundredths(from.1)], "m");
            out.op(&[hundredths(to.0), hundredths(to.1)], "l");
            out.op(&[], "S");
        }
        Op::Rect {
            x,
            y,
            w,
            h,
            width,
            color,
        } => {
            out.op(&[hundredths(*width)], "w");
            out.rgb(*color, "RG");
            out.rect(*x, *y, *w, *h);
            out.op(&[], "S");
        }
        Op::Fill { x, y, w, h, color } => {
            out.rgb(*color, "rg");
            out.rect(*x, *y, *w, *h);
            out.op(&[], "f");
        }
        Op::Code {
            x,
            top,
            module,
            runs,
        } => {
            // As `render` writes it: one `re` per run, then `f`.
            out.op(&[], "q");
            out.rgb(Rgb(0.0, 0.0, 0.0), "rg");
            let m = hundredths(*module);
            out.op(&[m, 0.0, 0.0, -m, hundredths(*x), hundredths(*top)], "cm");
            for &(row, x, len) in runs {
                out.begin();
                for v in [x, row, len, 1] {
                    out.integer(u64::from(v));
                    out.bytes.push(' ');
                }
                out.op_end("re");
            }
            out.op(&[], "f");
            out.op(&[], "Q");
        }
        Op::Curve {
            start,
            segments,
            width,
            color,
        } => {
            out.op(&[], "q");
            out.integer_op(1, "J"); // round caps
            out.integer_op(1, "j"); // round joins
            out.op(&[hundredths(*width)], "w");
            out.rgb(*color, "RG");
            out.op(&[hundredths(start.0), hundredths(start.1)], "m");
            for s in segments {
                out.op(&s.map(hundredths), "c");
            }
            out.op(&[], "S");
            out.op(&[], "Q");
        }
    }
}

/// `Some(k)` when `v` is the f32 that [`hundredths`] gives for k/100 and
/// |k| < 100,000 (coordinates within ±1,000 pt; the page is 595 × 842). Such a
/// decimal has at most 6 significant digits, and
/// every decimal of up to 6 digits reads back from an f32 as itself, so `{}`
/// (the shortest decimal that reads back as `v`) is that decimal. A test checks
/// all 199,999 values against `{}`.
fn plain_hundredths(v: f32) -> Option<i64> {
    let k = super::render::round(f64::from(v) * 100.0);
    let exact = k.abs() < 100_000.0 && hundredths(k / 100.0) == v;
    // -0.0 is written "-0" by `{}`.
    (exact && !(v == 0.0 && v.is_sign_negative())).then_some(k as i64)
}

/// A content stream being written: operations separated by `\n`.
#[derive(Default)]
struct Stream {
    bytes: String,
}

impl Stream {
    /// Starts an operation (a newline unless it is the first).
    fn begin(&mut self) {
        if !self.bytes.is_empty() {
            self.bytes.push('\n');
        }
    }

    /// A number as lopdf writes an `Object::Real` (`{}`), and a space.
    fn number(&mut self, v: f32) {
        match plain_hundredths(v) {
            Some(k) => {
                // The exact decimal of k/100, trailing zeros dropped: what `{}`
                // gives for these values (see `plain_hundredths`), without the
                // general float formatting, which was ~4 % of an import.
                if k < 0 {
                    self.bytes.push('-');
                }
                let k = k.unsigned_abs();
                self.integer(k / 100);
                let cents = k % 100;
                if cents != 0 {
                    self.bytes.push('.');
                    self.bytes.push(char::from(b'0' + (cents / 10) as u8));
                    if cents % 10 != 0 {
                        self.bytes.push(char::from(b'0' + (cents % 10) as u8));
                    }
                }
                self.bytes.push(' ');
            }
            None => {
                let _ = write!(self.bytes, "{v} ");
            }
        }
    }

    /// Decimal digits of `n` (what `{}` writes, without the formatting machinery).
    fn integer(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.bytes.push(char::from(d));
        }
    }

    fn name(&mut self, name: &str) {
        self.begin();
        self.bytes.push('/');
        self.bytes.push_str(name);
        self.bytes.push(' ');
    }

    /// Ends an operation whose operands were written already.
    fn op_end(&mut self, operator: &str) {
        self.bytes.push_str(operator);
    }

    fn op(&mut self, operands: &[f32], operator: &str) {
        self.begin();
        for v in operands {
            self.number(*v);
        }
        self.op_end(operator);
    }

    fn integer_op(&mut self, v: i64, operator: &str) {
        self.begin();
        let _ = write!(self.bytes, "{v} {operator}");
    }

    fn rgb(&mut self, c: Rgb, operator: &str) {
        self.op(
            &[hundredths(c.0), hundredths(c.1), hundredths(c.2)],
            operator,
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64) {
        self.op(
            &[hundredths(x), hundredths(y), hundredths(w), hundredths(h)],
            "re",
        );
    }
}

/// The glyph ids one font uses, as a bit set. It grows to the highest id used
/// (a few dozen words for the bundled fonts), instead of being zeroed for all
/// 65,536 ids for every font of every page check (~3 % of an import).
struct Used {
    bits: Vec<u64>,
    /// Set bits in the words before each word (filled by `prepare_ranks`).
    before: Vec<u16>,
}

impl Used {
    fn new() -> Self {
        Used {
            bits: Vec::new(),
            before: Vec::new(),
        }
    }

    fn insert(&mut self, gid: u16) {
        // Glyph 0 (.notdef) is never part of a subset.
        if gid != 0 {
            let word = usize::from(gid / 64);
            if word >= self.bits.len() {
                self.bits.resize(word + 1, 0);
            }
            self.bits[word] |= 1 << (gid % 64);
        }
    }

    fn prepare_ranks(&mut self) {
        let mut total = 0u16;
        self.before = self
            .bits
            .iter()
            .map(|w| {
                let here = total;
                total = total.wrapping_add(w.count_ones() as u16);
                here
            })
            .collect();
    }

    /// 1 + the number of used glyph ids below `gid`: printpdf numbers a subset's
    /// glyphs 1, 2, 3… in glyph id order (0 stays .notdef).
    fn code(&self, gid: u16) -> u16 {
        let (word, bit) = (usize::from(gid / 64), gid % 64);
        let bits = self.bits.get(word).copied().unwrap_or(0);
        if gid == 0 || bits & (1 << bit) == 0 {
            return 0;
        }
        let below = (bits & ((1u64 << bit) - 1)).count_ones() as u16;
        self.before[word] + below + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Application, Signature};

    fn fixture() -> Application {
        serde_json::from_str(include_str!(
            "../../../../tests/fixtures/signed-application.json"
        ))
        .unwrap()
    }

    fn printpdfs_pages(app: &Application, mark: SignatureMark) -> Vec<Vec<u8>> {
        let doc = super::super::render::printpdf_document(app, mark).unwrap();
        doc.get_pages()
            .into_values()
            .map(|id| doc.get_page_content(id))
            .collect()
    }

    #[test]
    fn streams_equal_printpdfs_pages() {
        let drawn = fixture();
        assert!(matches!(
            drawn.approval.signature,
            Some(Signature::Drawn { .. })
        ));
        let mut typed = drawn.clone();
        typed.approval.signature = Some(Signature::Typed {
            text: "Karin Ålund-Żółć".into(),
        });
        typed.purpose = "Öppettider, evenemang och service för Smedjebackens invånare. ".repeat(40);
        let mut paper = drawn.clone();
        paper.approval.signature = Some(Signature::Paper);
        paper.unit = "Ελένη / Наталья / Nguyễn Thị Ánh / ☐☒ – “citat” (x) \\ <y>".into();
        let mut draft = drawn.clone();
        draft.seal = None;
        draft.signed_at = None;
        draft.approval.signature = None;
        draft.channels.clear();
        let digital = drawn.clone();
        let cases = [
            (drawn, SignatureMark::NotDigital),
            (typed, SignatureMark::NotDigital),
            (paper, SignatureMark::NotDigital),
            (draft, SignatureMark::NotDigital),
            (digital, SignatureMark::Digital),
        ];
        for (app, mark) in cases {
            let written = printpdfs_pages(&app, mark);
            let ours = page_contents(&app, mark).unwrap();
            assert!(!written.is_empty());
            assert_eq!(ours.len(), written.len());
            for (page, (want, got)) in written.iter().zip(&ours).enumerate() {
                let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
                let differ = want
                    .lines()
                    .zip(got.lines())
                    .enumerate()
                    .find(|(_, (w, g))| w != g);
                assert!(
                    differ.is_none() && want.len() == got.len(),
                    "page {}: first different line {differ:?} ({} vs {} bytes)",
                    page + 1,
                    want.len(),
                    got.len()
                );
            }
        }
    }

    #[test]
    fn a_changed_value_changes_the_stream() {
        let app = fixture();
        let mut changed = app.clone();
        changed.unit.push('s');
        let mark = SignatureMark::NotDigital;
        assert_ne!(
            page_contents(&app, mark).unwrap(),
            page_contents(&changed, mark).unwrap()
        );
        assert_ne!(
            page_contents(&app, mark).unwrap(),
            page_contents(&app, SignatureMark::Digital).unwrap(),
            "the page says whether the file is digitally signed"
        );
    }

    #[test]
    fn numbers_are_written_as_lopdf_writes_them() {
        let written = |v: f32| {
            let mut out = Stream::default();
            out.number(v);
            out.bytes
        };
        for k in -100_000..=100_000 {
            let v = hundredths(f64::from(k) / 100.0);
            assert_eq!(written(v), format!("{v} "), "{k}");
        }
        for v in [-0.0, 0.1 + 0.2, 1234.5678, 1e-9, 123_456.79, f32::MAX] {
            assert_eq!(written(v), format!("{v} "), "{v}");
        }
    }

    #[test]
    fn glyph_ids_are_printpdfs_for_every_character() {
        for face in FACES {
            let printpdf = super::super::render::parsed_font(face).unwrap();
            for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
                assert_eq!(
                    fonts::glyph_id(face, c),
                    printpdf.lookup_glyph_index(c as u32).unwrap_or(0),
                    "{face:?} U+{:04X}",
                    c as u32
                );
            }
        }
    }
}
