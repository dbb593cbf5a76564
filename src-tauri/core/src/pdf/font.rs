//! The bundled TrueType fonts as the PDF needs them: advance widths for wrapping,
//! and a deterministic subset (only the glyphs a document uses, renumbered from
//! 1 in the order of the original glyph ids) with its `/W` widths and ToUnicode map.
//!
//! Subsetting keeps the tables a PDF TrueType (CIDFontType2) font program needs
//! (ISO 32000 9.9: head, hhea, loca, glyf, hmtx, maxp, cvt, fpgm, prep) and drops
//! the rest (names, layout tables, cmap): the PDF maps codes to glyphs itself.

use std::collections::{BTreeMap, BTreeSet};
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

/// PostScript name used in `/BaseFont` (after the subset tag).
pub(crate) fn postscript_name(which: Face) -> &'static str {
    match which {
        Face::Sans => "DejaVuSans",
        Face::SansBold => "DejaVuSans-Bold",
        Face::Signature => "DejaVuSerif-Italic",
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

    pub(crate) fn glyph(&self, c: char) -> u16 {
        self.lookup(c).0
    }

    pub(crate) fn units_per_em(&self) -> f64 {
        self.units_per_em
    }

    pub(crate) fn face(&self) -> &'static ttf_parser::Face<'static> {
        self.face
    }
}

/// A subset font ready to be written: new glyph id per character, the font
/// program, widths and the text each new glyph stands for.
pub(crate) struct Subset {
    /// Character → new glyph id (the 2-byte code written in content streams).
    pub(crate) codes: BTreeMap<char, u16>,
    /// The TrueType font program.
    pub(crate) program: Vec<u8>,
    /// Advance width of each new glyph id in 1/1000 em, index = new id.
    pub(crate) widths: Vec<i64>,
    /// New glyph id → the character it was chosen for (for ToUnicode).
    pub(crate) unicode: BTreeMap<u16, char>,
}

#[derive(Debug)]
pub(crate) struct SubsetError(pub(crate) String);

fn be16(data: &[u8], at: usize) -> Result<u16, SubsetError> {
    data.get(at..at + 2)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
        .ok_or_else(|| SubsetError(format!("read past end at {at}")))
}

fn be32(data: &[u8], at: usize) -> Result<u32, SubsetError> {
    data.get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or_else(|| SubsetError(format!("read past end at {at}")))
}

/// Table directory of a TrueType file: tag → (offset, length).
fn tables(font: &[u8]) -> Result<BTreeMap<[u8; 4], (usize, usize)>, SubsetError> {
    let count = usize::from(be16(font, 4)?);
    let mut out = BTreeMap::new();
    for i in 0..count {
        let rec = 12 + 16 * i;
        let tag = font
            .get(rec..rec + 4)
            .ok_or_else(|| SubsetError("short table directory".into()))?;
        let offset = be32(font, rec + 8)? as usize;
        let length = be32(font, rec + 12)? as usize;
        if font.get(offset..offset + length).is_none() {
            return Err(SubsetError("table outside the file".into()));
        }
        out.insert([tag[0], tag[1], tag[2], tag[3]], (offset, length));
    }
    Ok(out)
}

fn table<'a>(
    font: &'a [u8],
    dir: &BTreeMap<[u8; 4], (usize, usize)>,
    tag: &[u8; 4],
) -> Result<&'a [u8], SubsetError> {
    let (offset, length) = dir
        .get(tag)
        .ok_or_else(|| SubsetError(format!("missing table {}", String::from_utf8_lossy(tag))))?;
    Ok(&font[*offset..*offset + *length])
}

/// Byte range of original glyph `gid` in `glyf`, from `loca` (looked up per
/// glyph: building the table for all ~6,000 glyphs showed up in profiles).
fn glyph_range(head: &[u8], loca: &[u8], gid: usize) -> Result<(usize, usize), SubsetError> {
    let long = be16(head, 50)? == 1;
    let offset = |i: usize| -> Result<usize, SubsetError> {
        if long {
            Ok(be32(loca, 4 * i)? as usize)
        } else {
            Ok(usize::from(be16(loca, 2 * i)?) * 2)
        }
    };
    Ok((offset(gid)?, offset(gid + 1)?))
}

// Composite glyph flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// Offsets (within the glyph) of each component's glyph index in a composite glyph.
fn component_index_offsets(glyph: &[u8]) -> Result<Vec<usize>, SubsetError> {
    let mut out = Vec::new();
    if glyph.len() < 10 || (be16(glyph, 0)? as i16) >= 0 {
        return Ok(out);
    }
    let mut at = 10;
    loop {
        let flags = be16(glyph, at)?;
        out.push(at + 2);
        at += 4;
        at += if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        if flags & WE_HAVE_A_SCALE != 0 {
            at += 2;
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            at += 4;
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            at += 8;
        }
        if flags & MORE_COMPONENTS == 0 {
            return Ok(out);
        }
    }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Builds the subset of `which` for the characters in `chars`.
pub(crate) fn subset(which: Face, chars: &BTreeSet<char>) -> Result<Subset, SubsetError> {
    let font = bytes(which);
    let metrics = Metrics::new(which).ok_or_else(|| SubsetError("font does not parse".into()))?;
    let dir = tables(font)?;
    let head = table(font, &dir, b"head")?;
    let maxp = table(font, &dir, b"maxp")?;
    let hhea = table(font, &dir, b"hhea")?;
    let hmtx = table(font, &dir, b"hmtx")?;
    let loca = table(font, &dir, b"loca")?;
    let glyf = table(font, &dir, b"glyf")?;
    let glyph_count = usize::from(be16(maxp, 4)?);
    let h_metrics = usize::from(be16(hhea, 34)?);
    let glyph_data = |gid: usize| -> Result<&[u8], SubsetError> {
        if gid >= glyph_count {
            return Err(SubsetError(format!("glyph {gid} out of range")));
        }
        let (start, end) = glyph_range(head, loca, gid)?;
        glyf.get(start..end)
            .ok_or_else(|| SubsetError(format!("glyph {gid} outside glyf")))
    };

    // Original glyph ids needed: .notdef, the characters', and composite parts.
    let mut needed: BTreeSet<u16> = BTreeSet::from([0]);
    for &c in chars {
        needed.insert(metrics.glyph(c));
    }
    let mut queue: Vec<u16> = needed.iter().copied().collect();
    while let Some(gid) = queue.pop() {
        let data = glyph_data(usize::from(gid))?;
        for at in component_index_offsets(data)? {
            let part = be16(data, at)?;
            if needed.insert(part) {
                queue.push(part);
            }
        }
    }
    let new_id: BTreeMap<u16, u16> = needed
        .iter()
        .enumerate()
        .map(|(i, &old)| (old, i as u16))
        .collect();

    // glyf and loca (long offsets), composite references renumbered.
    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::with_capacity(4 * (needed.len() + 1));
    let mut new_hmtx = Vec::with_capacity(4 * needed.len());
    let mut widths = Vec::with_capacity(needed.len());
    for &old in &needed {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut data = glyph_data(usize::from(old))?.to_vec();
        for at in component_index_offsets(&data)? {
            let part = be16(&data, at)?;
            let renumbered = new_id.get(&part).copied().unwrap_or(0);
            data[at..at + 2].copy_from_slice(&renumbered.to_be_bytes());
        }
        new_glyf.extend_from_slice(&data);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
        let metric = usize::from(old).min(h_metrics.saturating_sub(1));
        let advance = be16(hmtx, 4 * metric)?;
        let lsb = if usize::from(old) < h_metrics {
            be16(hmtx, 4 * metric + 2)?
        } else {
            be16(hmtx, 4 * h_metrics + 2 * (usize::from(old) - h_metrics))?
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
        widths.push((f64::from(advance) * 1000.0 / metrics.units_per_em()).round() as i64);
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());

    let count = needed.len() as u16;
    let mut new_head = head.to_vec();
    new_head[8..12].copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca
    let mut new_maxp = maxp.to_vec();
    new_maxp[4..6].copy_from_slice(&count.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea[34..36].copy_from_slice(&count.to_be_bytes());

    let mut out_tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
    ];
    for tag in [b"cvt ", b"fpgm", b"prep"] {
        if let Ok(data) = table(font, &dir, tag) {
            out_tables.push((*tag, data.to_vec()));
        }
    }
    out_tables.sort_by_key(|t| t.0);
    let program = assemble(out_tables);

    let mut codes = BTreeMap::new();
    let mut unicode = BTreeMap::new();
    for &c in chars {
        let id = new_id.get(&metrics.glyph(c)).copied().unwrap_or(0);
        codes.insert(c, id);
        unicode.entry(id).or_insert(c);
    }
    Ok(Subset {
        codes,
        program,
        widths,
        unicode,
    })
}

/// Writes an sfnt file from its tables (sorted by tag) with correct checksums.
fn assemble(tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    let count = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= count {
        pow *= 2;
        log += 1;
    }
    let search_range = pow * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&log.to_be_bytes());
    out.extend_from_slice(&(count * 16 - search_range).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        if tag == b"head" {
            head_at = Some(offset);
        }
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// The ToUnicode CMap for a subset, so text extraction gives back the letters.
pub(crate) fn to_unicode_cmap(subset: &Subset) -> Vec<u8> {
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &char)> = subset.unicode.iter().filter(|(id, _)| **id != 0).collect();
    for chunk in entries.chunks(100) {
        out.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for (id, c) in chunk {
            let mut units = [0u16; 2];
            let hex: String = c
                .encode_utf16(&mut units)
                .iter()
                .map(|u| format!("{u:04X}"))
                .collect();
            out.push_str(&format!("<{id:04X}> <{hex}>\n"));
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_parses_and_keeps_only_used_glyphs() {
        let chars: BTreeSet<char> = "Åsa Öberg ☒".chars().collect();
        let sub = subset(Face::Sans, &chars).unwrap();
        let parsed = ttf_parser::Face::parse(&sub.program, 0).unwrap();
        // .notdef + distinct characters (Å and Ö are composites: their parts come too).
        assert!(usize::from(parsed.number_of_glyphs()) > chars.len());
        assert!(parsed.number_of_glyphs() < 30);
        assert!(sub.program.len() < 20_000, "{}", sub.program.len());
        let a_ring = sub.codes[&'Å'];
        assert!(
            parsed
                .outline_glyph(ttf_parser::GlyphId(a_ring), &mut Sink)
                .is_some()
        );
        assert_eq!(sub.unicode[&a_ring], 'Å');
    }

    struct Sink;
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }

    #[test]
    fn widths_are_measured_in_points() {
        let m = Metrics::new(Face::Sans).unwrap();
        let w = m.width("Smedjebacken", 10.0);
        assert!(w > 50.0 && w < 80.0, "{w}");
    }
}
