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
    Color, CurTransMat, DictItem, FontId, Line, LineCapStyle, LineJoinStyle, LinePoint, Mm,
    Op as PdfOp, PaintMode, ParsedFont, PdfConformance, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, TextItem, TextMatrix,
};
use printpdf_lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use crate::fonts::{self, Face};
use crate::model::Application;

use super::layout::{self, Op, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb};
use super::{PdfError, SignatureMark};
use super::{embed, metadata};

/// Bumped whenever the layout or the content stream encoding changes, so
/// `verify` knows whether laying out the embedded application again must
/// reproduce the pages exactly.
/// 2: pages written by printpdf. 3: fonts reduced to the characters we set
/// (other glyph ids in the content streams). 4: a draft and a paper-signed
/// application carry the application as QR codes (section "Maskinläsbar kopia").
/// 5: a signed application's approval says whether the file is digitally signed
/// ([`super::SignatureMark`]). 6: a draft and a paper-signed closure notice carry
/// the notice as QR codes too. 7: a signed closure notice's approval says whether
/// the file is digitally signed, as the application's does.
pub const RENDERER_VERSION: u32 = 7;

pub(super) const FACES: [Face; 3] = [Face::Sans, Face::SansBold, Face::Signature];

/// The hex string everything deterministic is derived from: the seal, or for a
/// draft the hash of its canonical form.
pub(crate) fn fingerprint(app: &Application) -> String {
    app.seal
        .clone()
        .unwrap_or_else(|| crate::seal::compute(app))
}

pub(super) fn face_index(face: Face) -> usize {
    match face {
        Face::Sans => 0,
        Face::SansBold => 1,
        Face::Signature => 2,
    }
}

/// The bundled fonts parsed by printpdf, once per process (parsing a 700 KB
/// font costs more than rendering a page).
pub(super) fn parsed_font(face: Face) -> Result<&'static ParsedFont, PdfError> {
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
pub(super) fn subset_tag(fingerprint: &str, face: Face) -> String {
    let digest = Sha256::digest(format!("{fingerprint}:{face:?}"));
    digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// Coordinates (and colour components) to hundredths: enough for print, short
/// in the file. `content` writes the same numbers.
pub(super) fn hundredths(v: f64) -> f32 {
    (round(v * 100.0) / 100.0) as f32
}

/// `f64::round` (half away from zero, the sign kept), without the C library
/// call that `round()` is on x86-64's baseline: the page check rounds every
/// coordinate of every page it lays out again. Exact: for |x| < 2^52 the
/// integer part and `x - t` are exact; larger values are integers already.
pub(super) fn round(x: f64) -> f64 {
    if x.abs() < 4_503_599_627_370_496.0 {
        let t = x as i64 as f64;
        let r = match x - t {
            f if f >= 0.5 => t + 1.0,
            f if f <= -0.5 => t - 1.0,
            _ => t,
        };
        r.copysign(x)
    } else {
        x.round()
    }
}

fn pt(v: f64) -> Pt {
    Pt(hundredths(v))
}

fn point(x: f64, y: f64) -> Point {
    Point { x: pt(x), y: pt(y) }
}

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb {
        r: hundredths(c.0),
        g: hundredths(c.1),
        b: hundredths(c.2),
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
            Op::Code {
                x,
                top,
                module,
                runs,
            } => {
                // In module units, rows downwards from the code's top left
                // corner: every number is a small integer. One path of `re`
                // subpaths, one per run, filled once: abutting runs of adjacent
                // rows leave no seam. printpdf has no operation for a rectangle
                // that is part of a larger path (its DrawRectangle paints or
                // ends each one; DrawPolygon's "m l l l" per run made the page
                // 2.6 times larger after compression), so `re` and `f` go in as
                // raw operators (`Unknown`, written only with `secure: false`).
                ops.push(PdfOp::SaveGraphicsState);
                ops.push(PdfOp::SetFillColor {
                    col: color(Rgb(0.0, 0.0, 0.0)),
                });
                let m = hundredths(*module);
                ops.push(PdfOp::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([m, 0.0, 0.0, -m, hundredths(*x), hundredths(*top)]),
                });
                for &(row, x, len) in runs {
                    ops.push(PdfOp::Unknown {
                        key: "re".into(),
                        value: [x, row, len, 1]
                            .map(|v| DictItem::Int(i64::from(v)))
                            .to_vec(),
                    });
                }
                ops.push(PdfOp::Unknown {
                    key: "f".into(),
                    value: Vec::new(),
                });
                ops.push(PdfOp::RestoreGraphicsState);
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
pub(super) fn printpdf_document(
    app: &Application,
    mark: SignatureMark,
) -> Result<Document, PdfError> {
    printpdf_pages(
        &layout::layout(app, mark)?,
        &fingerprint(app),
        &metadata::title(app),
    )
}

/// printpdf's document for laid-out `pages` (an application's or a closure
/// notice's), its fonts named from `fingerprint`.
pub(super) fn printpdf_pages(
    pages: &[Page],
    fingerprint: &str,
    title: &str,
) -> Result<Document, PdfError> {
    let mut used = [false; 3];
    for page in pages {
        for op in &page.ops {
            if let Op::Text { face, .. } = op {
                used[face_index(*face)] = true;
            }
        }
    }

    let mut doc = PdfDocument::new(title);
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
            let id = FontId(subset_tag(fingerprint, face));
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
        subset_fonts: true,
        // Only lets `Op::Unknown` through (printpdf 0.12.8, serialize.rs):
        // the QR codes' `re` and `f`, our own operations, nothing from input.
        secure: false,
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
pub(crate) fn render(app: &Application, mark: SignatureMark) -> Result<Vec<u8>, PdfError> {
    let fingerprint = fingerprint(app);
    let doc = printpdf_document(app, mark)?;
    finish(doc, &fingerprint, |doc, catalog| {
        let info_id = metadata::add(doc, catalog, &metadata::DocInfo::of(app), &fingerprint)?;
        embed::add(doc, catalog, app)?;
        Ok(info_id)
    })
}

/// Finishes printpdf's `doc` as [`render`] describes; `describe` adds the
/// document's Info, XMP and attachment to the catalog and returns Info's id.
pub(super) fn finish(
    mut doc: Document,
    fingerprint: &str,
    describe: impl FnOnce(&mut Document, &mut Dictionary) -> Result<ObjectId, PdfError>,
) -> Result<Vec<u8>, PdfError> {
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
    let info_id = describe(&mut doc, &mut catalog)?;
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

    /// Round half away from zero decided with integers only: the reference for
    /// [`round`]. Not `f64::round`, which is the C library's `round()` on some
    /// targets, and mingw-w64's returns 1 for 0.49999999999999994 (glibc: 0).
    fn reference_round(v: f64) -> f64 {
        if !v.is_finite() {
            return v;
        }
        let bits = v.abs().to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1u64 << 52) - 1);
        // |v| = mantissa * 2^power exactly (IEEE 754, section 3.4).
        let (mantissa, power) = if exponent == 0 {
            (fraction, -1074)
        } else {
            (fraction | (1u64 << 52), exponent - 1075)
        };
        if power >= 0 {
            return v; // an integer already
        }
        let shift = -power;
        if shift > 53 {
            return 0.0f64.copysign(v); // |v| < 0.5
        }
        let whole = mantissa >> shift;
        let rest = mantissa & ((1u64 << shift) - 1);
        let rounded = whole + u64::from(rest >= 1u64 << (shift - 1));
        (rounded as f64).copysign(v)
    }

    #[test]
    fn round_is_f64_round() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.5,
            -1.5,
            2.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            0.3,
            -0.3,
            4_503_599_627_370_495.5,
            4_503_599_627_370_497.0,
            -4_503_599_627_370_496.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            59_527.64,
            -84_189.06,
        ];
        values.extend((-200_000..=200_000).map(|i| f64::from(i) * 0.37 + 0.005));
        values.extend((0..100_000).map(|i| f64::from(i) / 100.0 * 100.0));
        for v in values {
            assert_eq!(round(v).to_bits(), reference_round(v).to_bits(), "{v:e}");
        }
        // The reference itself, on the cases where C libraries disagree.
        assert_eq!(
            reference_round(0.49999999999999994).to_bits(),
            0.0f64.to_bits()
        );
        assert_eq!(
            reference_round(-0.49999999999999994).to_bits(),
            (-0.0f64).to_bits()
        );
        assert_eq!(reference_round(2.5), 3.0);
        assert_eq!(reference_round(-2.5), -3.0);
        assert_eq!(
            reference_round(4_503_599_627_370_495.5),
            4_503_599_627_370_496.0
        );
        assert_eq!(reference_round(f64::MIN_POSITIVE), 0.0);
        assert!(round(f64::NAN).is_nan());
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
