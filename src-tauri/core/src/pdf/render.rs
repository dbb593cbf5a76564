//! Turns the layout into a PDF with printpdf, then finishes it with lopdf.
//!
//! printpdf draws the pages (text, lines, rectangles, Bézier strokes) and embeds
//! the DejaVu fonts as subsets (Type 0 / CIDFontType2, Identity-H, with `/W` and
//! ToUnicode). What printpdf does not do is done afterwards on its output with
//! lopdf (`render`), on printpdf's objects in memory: it writes no XMP, no sRGB output intent (its PDF/A setting
//! is a label) and no attachments, it has no CIDSet, and its ids (trailer /ID,
//! dates) are not reproducible. Font resource names and subset tags are chosen
//! by us (printpdf takes the tag from the resource name), derived from the seal,
//! so the same application gives the same bytes.

use printpdf::{
    Color, FontId, Line, LineCapStyle, LineJoinStyle, LinePoint, Mm, Op as PdfOp, PaintMode,
    ParsedFont, PdfConformance, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Pt, Rect, TextItem, TextMatrix,
};
use printpdf_lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use crate::fonts::{self, Face};
use crate::model::Application;

use super::PdfError;
use super::layout::{self, Op, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb};
use super::{embed, metadata};

/// Bumped whenever the layout or the content stream encoding changes, so
/// `verify` knows whether re-rendering must reproduce the pages exactly.
/// 2: pages written by printpdf. 3: fonts reduced to the characters we set
/// (other glyph ids in the content streams).
pub const RENDERER_VERSION: u32 = 3;

const FACES: [Face; 3] = [Face::Sans, Face::SansBold, Face::Signature];

/// The hex string everything deterministic is derived from: the seal, or for a
/// draft the hash of its canonical form.
pub(crate) fn fingerprint(app: &Application) -> String {
    app.seal
        .clone()
        .unwrap_or_else(|| crate::seal::compute(app))
}

fn face_index(face: Face) -> usize {
    match face {
        Face::Sans => 0,
        Face::SansBold => 1,
        Face::Signature => 2,
    }
}

/// The bundled fonts parsed by printpdf, once per process (parsing a 700 KB
/// font costs more than rendering a page).
fn parsed_font(face: Face) -> Result<&'static ParsedFont, PdfError> {
    static CELLS: [std::sync::OnceLock<Option<ParsedFont>>; 3] = [
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
    ];
    let bytes = match face {
        Face::Sans => fonts::SANS,
        Face::SansBold => fonts::SANS_BOLD,
        Face::Signature => fonts::SIGNATURE,
    };
    CELLS[face_index(face)]
        .get_or_init(|| ParsedFont::from_bytes(bytes, 0, &mut Vec::new()))
        .as_ref()
        .ok_or_else(|| PdfError::Writer(format!("bundled font {face:?} unreadable")))
}

pub(crate) fn warm_up() {
    for face in FACES {
        let _ = parsed_font(face);
        fonts::load(face);
    }
}

/// Six capital letters for a subset font's name, from the fingerprint (ISO 32000
/// 9.6.4). printpdf uses the font's resource id as the tag, so this is both the
/// resource name (`/ABCDEF`) and the `/BaseFont` prefix (`ABCDEF+DejaVuSans`).
fn subset_tag(fingerprint: &str, face: Face) -> String {
    let digest = Sha256::digest(format!("{fingerprint}:{face:?}"));
    digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// Coordinates to hundredths of a point: enough for print, short in the file.
fn pt(v: f64) -> Pt {
    Pt(((v * 100.0).round() / 100.0) as f32)
}

fn point(x: f64, y: f64) -> Point {
    Point { x: pt(x), y: pt(y) }
}

fn color(c: Rgb) -> Color {
    let round = |v: f64| ((v * 100.0).round() / 100.0) as f32;
    Color::Rgb(printpdf::Rgb {
        r: round(c.0),
        g: round(c.1),
        b: round(c.2),
        icc_profile: None,
    })
}

fn corner(x: f64, y: f64) -> LinePoint {
    LinePoint {
        p: point(x, y),
        bezier: false,
    }
}

/// One layout page as printpdf operations.
fn page_ops(page: &Page, font_ids: &[Option<FontId>]) -> Vec<PdfOp> {
    let mut ops = Vec::with_capacity(page.ops.len() * 6);
    for op in &page.ops {
        match op {
            Op::Text {
                face,
                size,
                x,
                y,
                color: c,
                text,
            } => {
                let Some(Some(id)) = font_ids.get(face_index(*face)) else {
                    continue;
                };
                ops.push(PdfOp::StartTextSection);
                ops.push(PdfOp::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: pt(*size),
                });
                ops.push(PdfOp::SetFillColor { col: color(*c) });
                // Absolute position (Tm); SetTextCursor (Td) would be relative.
                ops.push(PdfOp::SetTextMatrix {
                    matrix: TextMatrix::Translate(pt(*x), pt(*y)),
                });
                ops.push(PdfOp::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                });
                ops.push(PdfOp::EndTextSection);
            }
            Op::Line {
                from,
                to,
                width,
                color: c,
            } => {
                ops.push(PdfOp::SetOutlineThickness { pt: pt(*width) });
                ops.push(PdfOp::SetOutlineColor { col: color(*c) });
                ops.push(PdfOp::DrawLine {
                    line: Line {
                        points: vec![corner(from.0, from.1), corner(to.0, to.1)],
                        is_closed: false,
                    },
                });
            }
            Op::Rect {
                x,
                y,
                w,
                h,
                width,
                color: c,
            } => {
                ops.push(PdfOp::SetOutlineThickness { pt: pt(*width) });
                ops.push(PdfOp::SetOutlineColor { col: color(*c) });
                ops.push(PdfOp::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: pt(*y),
                        width: pt(*w),
                        height: pt(*h),
                        mode: Some(PaintMode::Stroke),
                        winding_order: None,
                    },
                });
            }
            Op::Fill {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                ops.push(PdfOp::SetFillColor { col: color(*c) });
                ops.push(PdfOp::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: pt(*y),
                        width: pt(*w),
                        height: pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
            Op::Curve {
                start,
                segments,
                width,
                color: c,
            } => {
                // A pen stroke: round caps and joins, in its own graphics state.
                let mut points = Vec::with_capacity(1 + segments.len() * 3);
                points.push(corner(start.0, start.1));
                for s in segments {
                    let handle = |x: f64, y: f64| LinePoint {
                        p: point(x, y),
                        bezier: true,
                    };
                    points.push(handle(s[0], s[1]));
                    points.push(handle(s[2], s[3]));
                    points.push(corner(s[4], s[5]));
                }
                ops.push(PdfOp::SaveGraphicsState);
                ops.push(PdfOp::SetLineCapStyle {
                    cap: LineCapStyle::Round,
                });
                ops.push(PdfOp::SetLineJoinStyle {
                    join: LineJoinStyle::Round,
                });
                ops.push(PdfOp::SetOutlineThickness { pt: pt(*width) });
                ops.push(PdfOp::SetOutlineColor { col: color(*c) });
                ops.push(PdfOp::DrawLine {
                    line: Line {
                        points,
                        is_closed: false,
                    },
                });
                ops.push(PdfOp::RestoreGraphicsState);
            }
        }
    }
    ops
}

/// Lays out `app` and lets printpdf build it: pages and subset fonts, streams
/// not yet compressed, as lopdf objects for finishing.
fn printpdf_document(app: &Application) -> Result<Document, PdfError> {
    printpdf_document_with(app, true)
}

/// The uncompressed content stream of every page, byte for byte as
/// [`render`] writes them: what `verify` compares a file's pages with.
///
/// Without building the font subsets, which was most of the cost (the subsetter
/// reads the whole font each time): printpdf writes the pages with the full
/// fonts, whose codes are the fonts' own glyph ids, and those are renumbered the
/// way printpdf numbers a subset's glyphs — `.notdef` first, then the used glyph
/// ids in ascending order (`printpdf::font::subset_font`). A test renders a
/// corpus both ways and compares.
pub(crate) fn page_contents(app: &Application) -> Result<Vec<Vec<u8>>, PdfError> {
    let doc = printpdf_document_with(app, false)?;
    let mut pages = Vec::new();
    for id in doc.get_pages().into_values() {
        pages.push(doc.get_page_content(id));
    }
    subset_codes::renumber(&mut pages);
    Ok(pages)
}

/// Renumbering full-font glyph ids into subset codes in our own content streams.
///
/// Only ever applied to streams printpdf just wrote for us (never to a file's):
/// one operation per line, fonts selected with `/TAG size Tf`, text shown as
/// hexadecimal strings of 2-byte glyph ids (Identity-H); nothing else in our
/// pages is a hexadecimal string.
mod subset_codes {
    /// The font a `/TAG size Tf` line selects.
    fn font_of(line: &[u8]) -> Option<&[u8]> {
        let rest = line.strip_suffix(b" Tf")?.strip_prefix(b"/")?;
        rest.split(|&b| b == b' ').next()
    }

    fn hex_value(b: u8) -> Option<u16> {
        Some(match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'F' => b - b'A' + 10,
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        } as u16)
    }

    const HEX: &[u8; 16] = b"0123456789ABCDEF";

    /// The glyph ids one font uses, as a bit set over all 65,536.
    struct Used {
        bits: Vec<u64>,
        /// Set bits in the words before each word (filled by `prepare_ranks`).
        before: Vec<u16>,
    }

    impl Used {
        fn new() -> Self {
            Used {
                bits: vec![0; 1024],
                before: Vec::new(),
            }
        }

        fn insert(&mut self, gid: u16) {
            // Glyph 0 (.notdef) is never part of a subset.
            if gid != 0 {
                self.bits[usize::from(gid / 64)] |= 1 << (gid % 64);
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

        /// 1 + the number of used glyph ids below `gid`: printpdf numbers a
        /// subset's glyphs 1, 2, 3… in glyph id order (0 stays .notdef).
        fn code(&self, gid: u16) -> u16 {
            let (word, bit) = (usize::from(gid / 64), gid % 64);
            if gid == 0 || self.bits[word] & (1 << bit) == 0 {
                return 0;
            }
            let below = (self.bits[word] & ((1u64 << bit) - 1)).count_ones() as u16;
            self.before[word] + below + 1
        }
    }

    /// A glyph id in a content stream: the font selected for it (an index into
    /// the fonts met), the page, where its four hex digits start, and the id.
    struct Glyph {
        font: usize,
        page: usize,
        at: usize,
        gid: u16,
    }

    /// Every complete 4-digit glyph id of every hexadecimal string in `pages`,
    /// with the font the last `/TAG size Tf` line selected, and how many fonts.
    fn glyphs(pages: &[Vec<u8>]) -> (usize, Vec<Glyph>) {
        let mut fonts: Vec<&[u8]> = Vec::new();
        let mut found = Vec::new();
        for (page_index, page) in pages.iter().enumerate() {
            let mut font: Option<usize> = None;
            let mut line_start = 0;
            while line_start < page.len() {
                let line_end = page[line_start..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(page.len(), |i| line_start + i);
                let line = &page[line_start..line_end];
                if let Some(selected) = font_of(line) {
                    font = Some(match fonts.iter().position(|f| *f == selected) {
                        Some(i) => i,
                        None => {
                            fonts.push(selected);
                            fonts.len() - 1
                        }
                    });
                } else if let Some(font) = font {
                    let mut i = 0;
                    while let Some(open) = line[i..].iter().position(|&b| b == b'<') {
                        let start = i + open + 1;
                        let close = line[start..]
                            .iter()
                            .position(|&b| b == b'>')
                            .map_or(line.len(), |c| start + c);
                        for at in (start..close).step_by(4).filter(|at| at + 4 <= close) {
                            let gid = line[at..at + 4]
                                .iter()
                                .try_fold(0u16, |v, &b| Some(v << 4 | hex_value(b)?));
                            if let Some(gid) = gid {
                                found.push(Glyph {
                                    font,
                                    page: page_index,
                                    at: line_start + at,
                                    gid,
                                });
                            }
                        }
                        i = close;
                    }
                }
                line_start = line_end + 1;
            }
        }
        (fonts.len(), found)
    }

    /// Replaces the full fonts' glyph ids in `pages` by the codes printpdf gives
    /// them in its subset fonts. In place: a code is four hexadecimal digits
    /// like the id it replaces.
    pub(super) fn renumber(pages: &mut [Vec<u8>]) {
        let (font_count, glyphs) = glyphs(pages);
        let mut used: Vec<Used> = (0..font_count).map(|_| Used::new()).collect();
        for g in &glyphs {
            used[g.font].insert(g.gid);
        }
        for u in &mut used {
            u.prepare_ranks();
        }
        for g in glyphs {
            let code = used[g.font].code(g.gid);
            for (k, digit) in pages[g.page][g.at..g.at + 4].iter_mut().enumerate() {
                *digit = HEX[usize::from(code >> (12 - 4 * k) & 0xF)];
            }
        }
    }
}

fn printpdf_document_with(app: &Application, subset_fonts: bool) -> Result<Document, PdfError> {
    let pages = layout::layout(app)?;
    let fingerprint = fingerprint(app);

    let mut used = [false; 3];
    for page in &pages {
        for op in &page.ops {
            if let Op::Text { face, .. } = op {
                used[face_index(*face)] = true;
            }
        }
    }

    let mut doc = PdfDocument::new(&metadata::title(app));
    // No FOGRA39 CMYK profile and no XMP from printpdf: `finish` adds the sRGB
    // intent and the PDF/A-3b XMP that the form needs.
    doc.metadata.info.conformance = PdfConformance::Custom(printpdf::CustomPdfConformance {
        requires_icc_profile: false,
        requires_xmp_metadata: false,
        ..Default::default()
    });
    let mut font_ids = Vec::with_capacity(3);
    for face in FACES {
        if used[face_index(face)] {
            let id = FontId(subset_tag(&fingerprint, face));
            doc.resources
                .fonts
                .map
                .insert(id.clone(), PdfFont::new(parsed_font(face)?.clone()));
            font_ids.push(Some(id));
        } else {
            font_ids.push(None);
        }
    }
    let width = Mm::from(Pt(PAGE_WIDTH as f32));
    let height = Mm::from(Pt(PAGE_HEIGHT as f32));
    let pdf_pages = pages
        .iter()
        .map(|page| PdfPage::new(width, height, page_ops(page, &font_ids)))
        .collect();
    doc.with_pages(pdf_pages);

    let options = PdfSaveOptions {
        // Compression is done in `finish`, at a faster level than lopdf's.
        optimize: false,
        subset_fonts,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    // printpdf's objects as they are, not its bytes written out and parsed back.
    let out = doc.to_lopdf_document(&options, &mut warnings);
    for w in &warnings {
        log::debug!("printpdf: {w:?}");
    }
    Ok(out)
}

/// Zlib at level 1 (zlib-rs: its "quick" strategy). Compression was half of the
/// render time at level 6 with miniz. With the reduced fonts (see
/// `assets/subset-fonts.sh`) the one-page signed PDF is 34 KB at level 1 against
/// 27 KB at level 6, both under the 45 KB goal, and renders in 1.6 ms instead of
/// 2.2 ms. One compressor per thread, reset between streams: its tables are large,
/// and allocating them afresh for every stream cost more than the compression.
pub(crate) fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(1), true));
    }
    COMPRESSOR.with(|cell| {
        let mut z = cell.borrow_mut();
        z.reset();
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(z.total_in()).unwrap_or(data.len());
            let input = data.get(consumed..).unwrap_or(&[]);
            if out.capacity() - out.len() < 1024 {
                out.reserve(out.capacity().max(4096));
            }
            match z.compress_vec(input, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) => {}
                Err(e) => return Err(PdfError::Writer(format!("compressing: {e}"))),
            }
        }
    })
}

/// A Flate-compressed stream.
pub(crate) fn compressed(mut dict: Dictionary, content: Vec<u8>) -> Result<Stream, PdfError> {
    let data = deflate(&content)?;
    dict.set("Filter", "FlateDecode");
    Ok(Stream::new(dict, data))
}

/// CIDSet for each embedded subset font: one bit per glyph of the font program,
/// all present. Optional in PDF/A-2/3 but expected by lints and required by
/// PDF/A-1; printpdf does not write it.
fn add_cid_sets(doc: &mut Document) -> Result<(), PdfError> {
    let mut descriptors: Vec<(ObjectId, usize)> = Vec::new();
    for (id, object) in &doc.objects {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor".as_slice()) {
            continue;
        }
        let Ok(file_id) = dict.get(b"FontFile2").and_then(Object::as_reference) else {
            continue;
        };
        let stream = doc
            .get_object(file_id)
            .and_then(Object::as_stream)
            .map_err(|e| PdfError::Writer(format!("font program: {e}")))?;
        let program = if stream.dict.get(b"Filter").is_ok() {
            stream
                .decompressed_content()
                .map_err(|e| PdfError::Writer(format!("font program: {e}")))?
        } else {
            stream.content.clone()
        };
        let glyphs = ttf_parser::Face::parse(&program, 0)
            .map_err(|e| PdfError::Writer(format!("subset font: {e}")))?
            .number_of_glyphs();
        descriptors.push((*id, usize::from(glyphs)));
    }
    for (id, glyphs) in descriptors {
        let mut bits = vec![0u8; glyphs.div_ceil(8)];
        for cid in 0..glyphs {
            if let Some(byte) = bits.get_mut(cid / 8) {
                *byte |= 0x80 >> (cid % 8);
            }
        }
        let set_id = doc.add_object(Stream::new(Dictionary::new(), bits));
        if let Ok(dict) = doc.get_dictionary_mut(id) {
            dict.set("CIDSet", set_id);
        }
    }
    Ok(())
}

/// Flate for every stream printpdf left uncompressed, except the XMP (PDF/A
/// wants it readable as is).
fn compress_streams(doc: &mut Document) -> Result<(), PdfError> {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Filter").is_ok()
            || stream.dict.get(b"Type").and_then(Object::as_name).ok()
                == Some(b"Metadata".as_slice())
        {
            continue;
        }
        let data = deflate(&stream.content)?;
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(data);
    }
    Ok(())
}

/// A PDF text string: literal when plain ASCII, else UTF-16BE with a byte order mark.
pub(crate) fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// The whole document; see [`super::render`]. printpdf's output, finished:
/// our catalog (language, metadata, output intent, attachment) and Info replace
/// printpdf's, CIDSets are added, streams compressed, /ID derived from the seal.
pub(crate) fn render(app: &Application) -> Result<Vec<u8>, PdfError> {
    let mut doc = printpdf_document(app)?;
    let fingerprint = fingerprint(app);
    doc.version = "1.7".into();

    let pages_id = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Writer(format!("printpdf output has no pages: {e}")))?;
    // printpdf writes an empty link array on every page.
    for page_id in doc.get_pages().into_values() {
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            page.remove(b"Annots");
        }
    }
    add_cid_sets(&mut doc)?;
    compress_streams(&mut doc)?;

    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => Object::string_literal("sv-SE"),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
    };
    let info_id = metadata::add(&mut doc, &mut catalog, app, &fingerprint)?;
    embed::add(&mut doc, &mut catalog, app)?;
    let catalog_id = doc.add_object(catalog);
    doc.trailer = Dictionary::new();
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
    // printpdf's catalog and Info (with its 1970 dates) are no longer referenced.
    doc.prune_objects();
    doc.renumber_objects();
    let id_bytes = Sha256::digest(format!("{fingerprint}:document-id"))[..16].to_vec();
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id_bytes.clone(), StringFormat::Hexadecimal),
            Object::String(id_bytes, StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::with_capacity(64 * 1024);
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Writer(format!("writing: {e}")))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_contents_without_subsetting_equal_the_written_pages() {
        let fixture: Application = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/signed-application.json"
        ))
        .unwrap();
        let mut typed = fixture.clone();
        typed.approval.signature = Some(crate::model::Signature::Typed {
            text: "Karin Ålund-Żółć".into(),
        });
        typed.purpose = "Öppettider, evenemang och service för Smedjebackens invånare. ".repeat(40);
        for app in [fixture, typed] {
            let written = printpdf_document(&app).unwrap();
            let written: Vec<Vec<u8>> = written
                .get_pages()
                .into_values()
                .map(|id| written.get_page_content(id))
                .collect();
            let expected = page_contents(&app).unwrap();
            assert!(!written.is_empty());
            assert_eq!(expected.len(), written.len());
            for (want, got) in expected.iter().zip(&written) {
                assert_eq!(String::from_utf8_lossy(want), String::from_utf8_lossy(got));
            }
        }
    }

    #[test]
    fn subset_tags_are_six_capitals_and_differ_per_font() {
        let a = subset_tag("abc", Face::Sans);
        assert_eq!(a.len(), 6);
        assert!(a.chars().all(|c| c.is_ascii_uppercase()));
        assert_ne!(a, subset_tag("abc", Face::SansBold));
        assert_eq!(a, subset_tag("abc", Face::Sans));
    }
}
