//! Finding and reading the QR codes on a page image with `rxing` (a Rust port of
//! ZXing): its multiple-code reader over a hybrid binariser, QR only.
//!
//! The data is taken as bytes, never as text: ZXing's text guesses a character set
//! and would corrupt binary data. rxing has two QR readers behind its multi reader:
//! the port of zxing-cpp's (tried first), whose `getRawBytes` is the decoded content
//! and whose points are the symbol's corners; and the port of the Java reader,
//! whose `getRawBytes` is the codeword stream (mode indicators included), whose
//! data is its byte-mode segments (ISO/IEC 18004 §7.4.5, `BYTE_SEGMENTS`) and whose
//! points are the finder patterns' centres. Both are handled; the test below pins
//! the version in use.

use std::collections::HashSet;

use rxing::{
    BarcodeFormat, DecodeHints, RXingResult, RXingResultMetadataType, RXingResultMetadataValue,
};

use super::decode::GrayPage;

/// One code read on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundCode {
    /// The bytes the code carries (its byte-mode segments in order).
    pub bytes: Vec<u8>,
    /// Where the code is in the image.
    pub anchors: Anchors,
}

/// Points of a code in image pixels, as the reader gave them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchors {
    /// The symbol's outer corners: top-left, top-right, bottom-left, bottom-right
    /// (in the code's own orientation).
    Corners([(f32, f32); 4]),
    /// Centres of the finder patterns: bottom-left, top-left, top-right.
    Finders([(f32, f32); 3]),
}

/// Every QR code rxing reads on `page`, each once. A failure inside the reader
/// (including a panic on a strange image) means "no codes".
pub fn find_codes(page: &GrayPage) -> Vec<FoundCode> {
    let mut hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        TryHarder: Some(true),
        ..DecodeHints::default()
    };
    let pixels = page.pixels.clone();
    let (w, h) = (page.width, page.height);
    let results = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rxing::helpers::detect_multiple_in_luma_with_hints(pixels, w, h, &mut hints)
    }));
    let results = match results {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => {
            log::debug!("scan: no codes: {e}");
            Vec::new()
        }
        Err(_) => {
            log::warn!("scan: the QR reader gave up on a page");
            Vec::new()
        }
    };
    let mut seen = HashSet::new();
    results
        .iter()
        .filter_map(found)
        .filter(|c| seen.insert(c.bytes.clone()))
        .collect()
}

fn found(result: &RXingResult) -> Option<FoundCode> {
    if *result.getBarcodeFormat() != BarcodeFormat::QR_CODE {
        return None;
    }
    let p: Vec<(f32, f32)> = result.getPoints().iter().map(|p| (p.x, p.y)).collect();
    match result
        .getRXingResultMetadata()
        .get(&RXingResultMetadataType::BYTE_SEGMENTS)
    {
        Some(RXingResultMetadataValue::ByteSegments(segments)) => Some(FoundCode {
            bytes: segments.concat(),
            anchors: Anchors::Finders([*p.first()?, *p.get(1)?, *p.get(2)?]),
        }),
        _ => Some(FoundCode {
            bytes: result.getRawBytes().to_vec(),
            anchors: Anchors::Corners([*p.first()?, *p.get(1)?, *p.get(2)?, *p.get(3)?]),
        }),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use qrcode::bits::Bits;
    use qrcode::{EcLevel, QrCode, Version};

    /// A byte-mode code at level Q, the smallest version that holds `bytes`.
    pub(crate) fn code(bytes: &[u8]) -> QrCode {
        (1..=40)
            .find_map(|v| {
                let mut bits = Bits::new(Version::Normal(v));
                bits.push_byte_data(bytes).ok()?;
                bits.push_terminator(EcLevel::Q).ok()?;
                QrCode::with_bits(bits, EcLevel::Q).ok()
            })
            .unwrap()
    }

    /// White page with `codes` drawn at (x, y) pixels, `px` pixels per module.
    pub(crate) fn page_with(codes: &[(&QrCode, u32, u32)], px: u32, w: u32, h: u32) -> GrayPage {
        let mut pixels = vec![255u8; (w * h) as usize];
        for (code, x0, y0) in codes {
            let n = code.width() as u32;
            let dark: Vec<bool> = code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            for y in 0..n * px {
                for x in 0..n * px {
                    if dark[((y / px) * n + x / px) as usize] {
                        pixels[((y0 + y) * w + x0 + x) as usize] = 0;
                    }
                }
            }
        }
        GrayPage {
            width: w,
            height: h,
            pixels,
        }
    }

    /// Pins rxing's byte-mode data (not its text, not its codeword stream): every
    /// byte value comes back exactly, from two codes on one page, with the finder
    /// centres in the documented order.
    #[test]
    fn binary_bytes_come_back_exactly_from_two_codes() {
        let first: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        let second: Vec<u8> = (0..=255u8).rev().collect();
        let (a, b) = (code(&first), code(&second));
        let page = page_with(&[(&a, 40, 60), (&b, 600, 60)], 4, 1000, 700);
        let mut found = find_codes(&page);
        let left = |c: &FoundCode| match c.anchors {
            Anchors::Corners(p) => p[0].0,
            Anchors::Finders(p) => p[1].0,
        };
        found.sort_by(|x, y| left(x).total_cmp(&left(y)));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].bytes, first);
        assert_eq!(found[1].bytes, second);
        // rxing 0.9.3 reads them with its zxing-cpp port: the symbol's corners.
        let side = (a.width() * 4) as f32;
        let Anchors::Corners([tl, tr, bl, br]) = found[0].anchors else {
            panic!("{:?}", found[0].anchors);
        };
        let near = |p: (f32, f32), x: f32, y: f32| (p.0 - x).abs() < 2.0 && (p.1 - y).abs() < 2.0;
        assert!(near(tl, 40.0, 60.0), "{tl:?}");
        assert!(near(tr, 40.0 + side, 60.0), "{tr:?}");
        assert!(near(bl, 40.0, 60.0 + side), "{bl:?}");
        assert!(near(br, 40.0 + side, 60.0 + side), "{br:?}");
    }

    #[test]
    fn a_blank_or_noisy_page_has_no_codes() {
        let blank = GrayPage {
            width: 300,
            height: 200,
            pixels: vec![255; 60_000],
        };
        assert!(find_codes(&blank).is_empty());
        let noise = GrayPage {
            pixels: (0..60_000u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
                .collect(),
            ..blank
        };
        assert!(find_codes(&noise).is_empty());
    }
}
