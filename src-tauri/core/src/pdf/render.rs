//! Turns the layout into PDF objects with lopdf: content streams, subset Type 0
//! fonts, pages. Every name and id is derived from the application (its seal, or
//! for a draft its content hash), never from a clock or a random source, so the
//! same application gives the same bytes.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use crate::fonts::Face;
use crate::model::Application;

use super::PdfError;
use super::font::{self, Subset};
use super::layout::{self, Op, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb};
use super::{embed, metadata};

/// Bumped whenever the layout or the content stream encoding changes, so
/// `verify` knows whether re-rendering must reproduce the pages exactly.
pub const RENDERER_VERSION: u32 = 1;

const FACES: [Face; 3] = [Face::Sans, Face::SansBold, Face::Signature];

/// The hex string everything deterministic is derived from: the seal, or for a
/// draft the hash of its canonical form.
pub(crate) fn fingerprint(app: &Application) -> String {
    app.seal
        .clone()
        .unwrap_or_else(|| crate::seal::compute(app))
}

/// Pages laid out and encoded: one uncompressed content stream per page, and the
/// subsets (index as in `FACES`) they refer to.
pub(crate) struct Encoded {
    pub(crate) contents: Vec<Vec<u8>>,
    pub(crate) subsets: Vec<Option<Subset>>,
}

/// Lays out and encodes the pages of `app`. `verify` compares these content
/// streams with the ones in a file.
pub(crate) fn encode(app: &Application) -> Result<Encoded, PdfError> {
    let pages = layout::layout(app)?;
    let mut used: [BTreeSet<char>; 3] = Default::default();
    for page in &pages {
        for op in &page.ops {
            if let Op::Text { face, text, .. } = op {
                used[font::index(*face)].extend(text.chars());
            }
        }
    }
    let mut subsets = Vec::with_capacity(3);
    for face in FACES {
        let chars = &used[font::index(face)];
        if chars.is_empty() {
            subsets.push(None);
        } else {
            let subset = font::subset(face, chars)
                .map_err(|e| PdfError::Writer(format!("subsetting {face:?}: {}", e.0)))?;
            subsets.push(Some(subset));
        }
    }
    let contents = pages
        .iter()
        .map(|page| content_stream(page, &subsets))
        .collect();
    Ok(Encoded { contents, subsets })
}

/// Numbers with at most two decimals and no trailing zeros: short and stable.
fn num(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" || s.is_empty() {
        "0".into()
    } else {
        s.into()
    }
}

fn rgb(c: Rgb) -> String {
    format!("{} {} {}", num(c.0), num(c.1), num(c.2))
}

fn content_stream(page: &Page, subsets: &[Option<Subset>]) -> Vec<u8> {
    let mut out = String::with_capacity(4096);
    for op in &page.ops {
        match op {
            Op::Text {
                face,
                size,
                x,
                y,
                color,
                text,
            } => {
                let i = font::index(*face);
                let Some(Some(subset)) = subsets.get(i) else {
                    continue;
                };
                let hex: String = text
                    .chars()
                    .map(|c| format!("{:04X}", subset.codes.get(&c).copied().unwrap_or(0)))
                    .collect();
                out.push_str(&format!(
                    "BT /F{} {} Tf {} rg 1 0 0 1 {} {} Tm <{hex}> Tj ET\n",
                    i + 1,
                    num(*size),
                    rgb(*color),
                    num(*x),
                    num(*y)
                ));
            }
            Op::Line {
                from,
                to,
                width,
                color,
            } => out.push_str(&format!(
                "{} w {} RG {} {} m {} {} l S\n",
                num(*width),
                rgb(*color),
                num(from.0),
                num(from.1),
                num(to.0),
                num(to.1)
            )),
            Op::Rect {
                x,
                y,
                w,
                h,
                width,
                color,
            } => out.push_str(&format!(
                "{} w {} RG {} {} {} {} re S\n",
                num(*width),
                rgb(*color),
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            )),
            Op::Fill { x, y, w, h, color } => out.push_str(&format!(
                "{} rg {} {} {} {} re f\n",
                rgb(*color),
                num(*x),
                num(*y),
                num(*w),
                num(*h)
            )),
            Op::Curve {
                start,
                segments,
                width,
                color,
            } => {
                out.push_str(&format!(
                    "q 1 J 1 j {} w {} RG {} {} m",
                    num(*width),
                    rgb(*color),
                    num(start.0),
                    num(start.1)
                ));
                for s in segments {
                    out.push_str(&format!(
                        " {} {} {} {} {} {} c",
                        num(s[0]),
                        num(s[1]),
                        num(s[2]),
                        num(s[3]),
                        num(s[4]),
                        num(s[5])
                    ));
                }
                out.push_str(" S Q\n");
            }
        }
    }
    out.into_bytes()
}

/// Six capital letters for a subset font's name, from the fingerprint (ISO 32000 9.6.4).
fn subset_tag(fingerprint: &str, face: Face) -> String {
    let digest = Sha256::digest(format!("{fingerprint}:{}", font::postscript_name(face)));
    digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// Zlib at level 1, miniz's fast path: compression was over half the render
/// time at level 6, for a file about 10 % smaller. One
/// compressor per thread, reset between streams: its tables are large, and
/// allocating them afresh for every stream cost more than the compression.
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

fn font_objects(
    doc: &mut Document,
    face: Face,
    subset: &Subset,
    tag: &str,
) -> Result<ObjectId, PdfError> {
    let metrics = font::Metrics::new(face)
        .ok_or_else(|| PdfError::Writer(format!("bundled font {face:?} unreadable")))?;
    let f = metrics.face();
    let scale = 1000.0 / metrics.units_per_em();
    let s = |v: i16| Object::Integer((f64::from(v) * scale).round() as i64);
    let bbox = f.global_bounding_box();
    let base_font = format!("{tag}+{}", font::postscript_name(face));

    let mut file_dict = Dictionary::new();
    file_dict.set("Length1", subset.program.len() as i64);
    let file_id = doc.add_object(compressed(file_dict, subset.program.clone())?);

    // CIDSet: one bit per CID, high bit first; every CID of the subset is present.
    // Optional in PDF/A-2/3 but expected by lints and required by PDF/A-1.
    let glyphs = subset.widths.len();
    let mut cid_set = vec![0u8; glyphs.div_ceil(8)];
    for cid in 0..glyphs {
        cid_set[cid / 8] |= 0x80 >> (cid % 8);
    }
    let cid_set_id = doc.add_object(Stream::new(Dictionary::new(), cid_set));

    let mut flags = 32; // nonsymbolic
    if face == Face::Signature {
        flags |= 64; // italic
    }
    let descriptor = dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(base_font.clone().into_bytes()),
        "Flags" => flags,
        "FontBBox" => vec![s(bbox.x_min), s(bbox.y_min), s(bbox.x_max), s(bbox.y_max)],
        "ItalicAngle" => Object::Real(f.italic_angle()),
        "Ascent" => s(f.ascender()),
        "Descent" => s(f.descender()),
        "CapHeight" => s(f.capital_height().unwrap_or(f.ascender())),
        "StemV" => if face == Face::SansBold { 120 } else { 80 },
        "FontFile2" => file_id,
        "CIDSet" => cid_set_id,
    };
    let descriptor_id = doc.add_object(descriptor);

    let widths: Vec<Object> = subset.widths.iter().map(|w| Object::Integer(*w)).collect();
    let cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => Object::Name(base_font.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor_id,
        "CIDToGIDMap" => "Identity",
        "W" => vec![Object::Integer(0), Object::Array(widths)],
    };
    let cid_id = doc.add_object(cid_font);
    let to_unicode = doc.add_object(compressed(
        Dictionary::new(),
        font::to_unicode_cmap(subset),
    )?);
    Ok(doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(base_font.into_bytes()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_id)],
        "ToUnicode" => to_unicode,
    }))
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

/// The whole document; see [`super::render`].
pub(crate) fn render(app: &Application) -> Result<Vec<u8>, PdfError> {
    let encoded = encode(app)?;
    let fingerprint = fingerprint(app);
    let mut doc = Document::with_version("1.7");

    let mut fonts = Dictionary::new();
    for (i, face) in FACES.into_iter().enumerate() {
        if let Some(Some(subset)) = encoded.subsets.get(i) {
            let id = font_objects(&mut doc, face, subset, &subset_tag(&fingerprint, face))?;
            fonts.set(format!("F{}", i + 1), id);
        }
    }
    let resources = doc.add_object(dictionary! { "Font" => fonts });
    let pages_id = doc.new_object_id();
    let mut kids = Vec::with_capacity(encoded.contents.len());
    for content in encoded.contents {
        let content_id = doc.add_object(compressed(Dictionary::new(), content)?);
        let page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_WIDTH as f32), Object::Real(PAGE_HEIGHT as f32)],
            "Resources" => resources,
            "Contents" => content_id,
        };
        kids.push(Object::Reference(doc.add_object(page)));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );

    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => Object::string_literal("sv-SE"),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
    };
    let info_id = metadata::add(&mut doc, &mut catalog, app, &fingerprint)?;
    embed::add(&mut doc, &mut catalog, app)?;
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);
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
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.5), "0.5");
        assert_eq!(num(595.276), "595.28");
        assert_eq!(num(-0.001), "0");
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
