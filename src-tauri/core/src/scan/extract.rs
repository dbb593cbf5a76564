//! Finding the page images of a scanned PDF (ISO 32000-1 §8.9 image XObjects),
//! with their sizes checked before anything is decoded.

use lopdf::{Dictionary, Document, Object, Stream};

use super::{MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, MAX_SCAN_PAGES, ScanError};

/// How a page image's bytes are encoded (its last `/Filter`, §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Samples, after lopdf undid Flate/LZW/RunLength (with /Predictor, §7.4.4.4).
    Samples,
    /// `/DCTDecode`: a JPEG file (§7.4.8).
    Jpeg,
    /// `/CCITTFaxDecode`: fax Group 3 or 4 (§7.4.6).
    Ccitt,
}

/// One page's image, not yet decoded.
#[derive(Debug)]
pub struct RawImage<'a> {
    pub width: u32,
    pub height: u32,
    pub encoding: Encoding,
    pub bits_per_component: u8,
    /// Colour components (1 grey, 3 RGB, 4 CMYK); for JPEG the file says.
    pub components: u8,
    /// `/Decode [1 0]`: sample values inverted (§8.9.5.2).
    pub inverted: bool,
    pub stream: &'a Stream,
}

/// True when every page is only images: no fonts, at least one image XObject.
/// Our own PDFs and other text PDFs have fonts on every page.
pub fn is_scan(doc: &Document) -> bool {
    let pages = doc.get_pages();
    !pages.is_empty()
        && pages.values().all(|&id| {
            doc.get_page_fonts(id).is_ok_and(|fonts| fonts.is_empty())
                && doc
                    .get_page_images(id)
                    .is_ok_and(|images| !images.is_empty())
        })
}

/// The largest image of each page, in page order. Refuses too many pages and
/// images whose stated size is over the limits, JBIG2 and unknown encodings.
pub fn page_images(doc: &Document) -> Result<Vec<RawImage<'_>>, ScanError> {
    let pages = doc.get_pages();
    if pages.len() > MAX_SCAN_PAGES {
        return Err(ScanError::TooManyPages(pages.len()));
    }
    let mut out = Vec::with_capacity(pages.len());
    for (number, &id) in &pages {
        let images = doc
            .get_page_images(id)
            .map_err(|e| ScanError::Damaged(format!("page {number}: {e}")))?;
        let largest = images
            .iter()
            .max_by_key(|i| i.width.saturating_mul(i.height))
            .ok_or(ScanError::NotScan)?;
        let stream = doc
            .get_object(largest.id)
            .and_then(Object::as_stream)
            .map_err(|e| ScanError::Damaged(format!("page {number}: {e}")))?;
        out.push(raw_image(doc, stream)?);
    }
    Ok(out)
}

fn raw_image<'a>(doc: &Document, stream: &'a Stream) -> Result<RawImage<'a>, ScanError> {
    let dict = &stream.dict;
    let (width, height) = (int(dict, b"Width"), int(dict, b"Height"));
    let (Some(w), Some(h)) = (width, height) else {
        return Err(ScanError::Damaged("no /Width or /Height".into()));
    };
    if w <= 0 || h <= 0 {
        return Err(ScanError::Damaged(format!("size {w}x{h}")));
    }
    let (w, h) = (w as u64, h as u64);
    if w > u64::from(MAX_IMAGE_SIDE) || h > u64::from(MAX_IMAGE_SIDE) || w * h > MAX_IMAGE_PIXELS {
        return Err(ScanError::ImageTooLarge {
            width: w,
            height: h,
        });
    }
    let filters: Vec<&[u8]> = stream.filters().unwrap_or_default();
    if filters.iter().any(|f| *f == b"JBIG2Decode") {
        return Err(ScanError::Jbig2);
    }
    let encoding = match filters.last().copied() {
        Some(b"DCTDecode") if filters.len() == 1 => Encoding::Jpeg,
        Some(b"CCITTFaxDecode") if filters.len() == 1 => Encoding::Ccitt,
        None | Some(b"FlateDecode" | b"LZWDecode" | b"RunLengthDecode") => Encoding::Samples,
        Some(other) => {
            return Err(ScanError::Unsupported(format!(
                "filter {}",
                String::from_utf8_lossy(other)
            )));
        }
    };
    let image_mask = matches!(dict.get(b"ImageMask"), Ok(Object::Boolean(true)));
    let bits_per_component = if image_mask || encoding == Encoding::Ccitt {
        1
    } else {
        match int(dict, b"BitsPerComponent") {
            Some(b @ (1 | 8)) => b as u8,
            None if encoding == Encoding::Jpeg => 8,
            other => return Err(ScanError::Unsupported(format!("{other:?} bits"))),
        }
    };
    let components = if image_mask {
        1
    } else {
        components(doc, dict.get(b"ColorSpace").ok(), encoding)?
    };
    let inverted = dict
        .get(b"Decode")
        .ok()
        .and_then(|o| doc.dereference(o).ok().map(|(_, o)| o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(number)
        .is_some_and(|first| first > 0.5);
    // An image mask paints where the sample is 0 (§8.9.6.2): black on white paper.
    Ok(RawImage {
        width: w as u32,
        height: h as u32,
        encoding,
        bits_per_component,
        components,
        inverted,
        stream,
    })
}

/// Components of a colour space (§8.6): the device and CIE spaces and ICCBased's /N.
fn components(doc: &Document, space: Option<&Object>, encoding: Encoding) -> Result<u8, ScanError> {
    let space = match space {
        Some(o) => doc
            .dereference(o)
            .map(|(_, o)| o)
            .map_err(|e| ScanError::Damaged(e.to_string()))?,
        // JPEG carries its own components; fax is always one.
        None if encoding != Encoding::Samples => return Ok(1),
        None => return Err(ScanError::Unsupported("no /ColorSpace".into())),
    };
    let name = match space {
        Object::Name(n) => n.as_slice(),
        Object::Array(a) => a.first().and_then(|o| o.as_name().ok()).unwrap_or(b""),
        _ => b"",
    };
    match name {
        b"DeviceGray" | b"CalGray" | b"G" => Ok(1),
        b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(3),
        b"DeviceCMYK" | b"CMYK" => Ok(4),
        b"ICCBased" => {
            let n = space
                .as_array()
                .ok()
                .and_then(|a| a.get(1))
                .and_then(|o| doc.dereference(o).ok().map(|(_, o)| o))
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| int(&s.dict, b"N"));
            match n {
                Some(n @ (1 | 3 | 4)) => Ok(n as u8),
                other => Err(ScanError::Unsupported(format!("ICCBased N {other:?}"))),
            }
        }
        other => Err(ScanError::Unsupported(format!(
            "colour space {}",
            String::from_utf8_lossy(other)
        ))),
    }
}

pub(crate) fn int(dict: &Dictionary, key: &[u8]) -> Option<i64> {
    dict.get(key).ok().and_then(|o| o.as_i64().ok())
}

fn number(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}
