//! Decoding a page image to 8-bit grey (0 black, 255 white): JPEG through the
//! `image` crate (zune-jpeg), fax through the `fax` crate, samples (Flate, with
//! /Predictor undone by lopdf) here. Every decoder gets the size limits first.

use std::io::Cursor;

use image::ImageDecoder;
use lopdf::{Dictionary, Object};

use super::extract::{Encoding, RawImage, int};
use super::{MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, ScanError};

/// A decoded page image, one byte per pixel, rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayPage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl GrayPage {
    /// The grey value at (x, y); white outside the image.
    pub fn at(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return 255;
        }
        self.pixels[(y as usize) * (self.width as usize) + x as usize]
    }
}

/// Decodes `raw` to grey.
pub fn decode(raw: &RawImage<'_>) -> Result<GrayPage, ScanError> {
    let page = match raw.encoding {
        Encoding::Jpeg => jpeg(raw)?,
        Encoding::Ccitt => ccitt(raw)?,
        Encoding::Samples => samples(raw)?,
    };
    Ok(page)
}

fn jpeg(raw: &RawImage<'_>) -> Result<GrayPage, ScanError> {
    let damaged = |e: image::ImageError| ScanError::Damaged(format!("JPEG: {e}"));
    let mut decoder =
        image::codecs::jpeg::JpegDecoder::new(Cursor::new(&raw.stream.content)).map_err(damaged)?;
    let (w, h) = decoder.dimensions();
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE || u64::from(w) * u64::from(h) > MAX_IMAGE_PIXELS {
        return Err(ScanError::ImageTooLarge {
            width: w.into(),
            height: h.into(),
        });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    // RGB or CMYK at the largest size, plus the grey copy.
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 5);
    decoder.set_limits(limits).map_err(damaged)?;
    let mut grey = image::DynamicImage::from_decoder(decoder)
        .map_err(damaged)?
        .into_luma8();
    if raw.inverted {
        grey.iter_mut().for_each(|p| *p = 255 - *p);
    }
    Ok(GrayPage {
        width: w,
        height: h,
        pixels: grey.into_raw(),
    })
}

/// `/DecodeParms` of the (single) filter: a dictionary, or the first of an array.
fn params<'a>(raw: &'a RawImage<'_>) -> Option<&'a Dictionary> {
    match raw.stream.dict.get(b"DecodeParms").ok()? {
        Object::Dictionary(d) => Some(d),
        Object::Array(a) => a.first().and_then(|o| o.as_dict().ok()),
        _ => None,
    }
}

/// CCITT fax (ISO 32000-1 §7.4.6, table 11): `/K` < 0 is Group 4, 0 is Group 3
/// one-dimensional; `/Columns` must be the image width, `/Rows` (when given) at
/// most its height; `/BlackIs1` and `/Decode [1 0]` each invert.
/// `/EncodedByteAlign` and two-dimensional Group 3 (`/K` > 0) are refused: no
/// scanner we know writes them.
fn ccitt(raw: &RawImage<'_>) -> Result<GrayPage, ScanError> {
    let p = params(raw);
    let get = |key: &[u8]| p.and_then(|d| int(d, key));
    let flag = |key: &[u8]| p.is_some_and(|d| matches!(d.get(key), Ok(Object::Boolean(true))));
    let k = get(b"K").unwrap_or(0);
    let columns = get(b"Columns").unwrap_or(1728);
    if columns != i64::from(raw.width) {
        return Err(ScanError::Damaged(format!(
            "/Columns {columns} but /Width {}",
            raw.width
        )));
    }
    let rows = match get(b"Rows") {
        Some(r) if r > 0 && r <= i64::from(raw.height) => r as u32,
        Some(r) if r > 0 => return Err(ScanError::Damaged(format!("/Rows {r}"))),
        _ => raw.height,
    };
    if flag(b"EncodedByteAlign") {
        return Err(ScanError::Unsupported("CCITT /EncodedByteAlign".into()));
    }
    let black_value_is_white = flag(b"BlackIs1") != raw.inverted;
    let (width, height) = (raw.width, raw.height);
    let mut pixels = Vec::with_capacity(width as usize * height as usize);
    let mut line = |transitions: &[u32]| {
        if pixels.len() < width as usize * height as usize {
            pixels.extend(fax::decoder::pels(transitions, width).map(|c| {
                let black = (c == fax::Color::Black) != black_value_is_white;
                if black { 0 } else { 255 }
            }));
        }
    };
    let input = raw.stream.content.iter().copied();
    let done = match k {
        k if k < 0 => fax::decoder::decode_g4(input, width, Some(rows), &mut line),
        0 => fax::decoder::decode_g3(input, &mut line),
        _ => return Err(ScanError::Unsupported("CCITT Group 3 2D".into())),
    };
    if done.is_none() && pixels.is_empty() {
        return Err(ScanError::Damaged("CCITT data".into()));
    }
    // Missing rows at the end are white paper.
    pixels.resize(width as usize * height as usize, 255);
    Ok(GrayPage {
        width,
        height,
        pixels,
    })
}

/// Plain samples: 8-bit grey, RGB or CMYK, or 1-bit grey (§8.9.5).
fn samples(raw: &RawImage<'_>) -> Result<GrayPage, ScanError> {
    let (w, h) = (raw.width as usize, raw.height as usize);
    let comps = usize::from(raw.components);
    let bpc = usize::from(raw.bits_per_component);
    if bpc == 1 && comps != 1 {
        return Err(ScanError::Unsupported("1-bit colour".into()));
    }
    let row_bytes = (w * comps * bpc).div_ceil(8);
    let want = row_bytes * h;
    let data = if raw.stream.filters().is_ok() {
        raw.stream
            .decompressed_content_with_limit(want + 4096)
            .map_err(|e| ScanError::Damaged(format!("samples: {e}")))?
    } else {
        raw.stream.content.clone()
    };
    if data.len() < want {
        return Err(ScanError::Damaged(format!(
            "{} bytes of samples, {want} needed",
            data.len()
        )));
    }
    let mut pixels = Vec::with_capacity(w * h);
    for row in data.chunks_exact(row_bytes).take(h) {
        match (bpc, comps) {
            (1, _) => pixels.extend((0..w).map(|x| {
                let bit = (row[x / 8] >> (7 - x % 8)) & 1;
                if (bit == 1) != raw.inverted { 255 } else { 0 }
            })),
            (_, 1) => pixels.extend_from_slice(&row[..w]),
            (_, 3) => pixels.extend(row[..w * 3].chunks_exact(3).map(|p| luma(p[0], p[1], p[2]))),
            _ => pixels.extend(row[..w * 4].chunks_exact(4).map(|p| {
                let ink = |c: u8| 255 - c.saturating_add(p[3]);
                luma(ink(p[0]), ink(p[1]), ink(p[2]))
            })),
        }
    }
    if raw.inverted && bpc == 8 {
        pixels.iter_mut().for_each(|p| *p = 255 - *p);
    }
    Ok(GrayPage {
        width: raw.width,
        height: raw.height,
        pixels,
    })
}

/// ITU-R BT.601 luma, as JPEG's own conversion.
fn luma(r: u8, g: u8, b: u8) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b) + 500) / 1000) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    fn raw(stream: &Stream, bits: u8, components: u8, inverted: bool) -> RawImage<'_> {
        RawImage {
            width: 10,
            height: 2,
            encoding: Encoding::Samples,
            bits_per_component: bits,
            components,
            inverted,
            stream,
        }
    }

    /// 1-bit grey (§8.9.5): a 1 is white unless `/Decode [1 0]` inverts; rows are
    /// padded to whole bytes.
    #[test]
    fn one_bit_samples_and_decode_inversion() {
        let stream = Stream::new(dictionary! {}, vec![0b1010_0000, 0b0100_0000, 0xFF, 0xC0]);
        let page = decode(&raw(&stream, 1, 1, false)).unwrap();
        assert_eq!(&page.pixels[..4], &[255, 0, 255, 0]);
        assert_eq!(page.pixels[9], 255);
        assert!(page.pixels[10..].iter().all(|&p| p == 255));
        let inverted = decode(&raw(&stream, 1, 1, true)).unwrap();
        assert_eq!(&inverted.pixels[..4], &[0, 255, 0, 255]);
    }

    #[test]
    fn rgb_samples_become_luma_and_short_data_is_damaged() {
        let mut rgb = vec![255u8; 60];
        rgb[..3].copy_from_slice(&[255, 0, 0]);
        let stream = Stream::new(dictionary! {}, rgb);
        let page = decode(&raw(&stream, 8, 3, false)).unwrap();
        assert_eq!((page.pixels[0], page.pixels[1]), (76, 255));
        let short = Stream::new(dictionary! {}, vec![0; 59]);
        assert!(matches!(
            decode(&raw(&short, 8, 3, false)),
            Err(ScanError::Damaged(_))
        ));
    }
}
