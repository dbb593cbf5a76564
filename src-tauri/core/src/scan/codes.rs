//! Finding and reading the QR codes on a page image with `rxing` (a Rust port of
//! ZXing): its multiple-code reader over a hybrid binariser, QR only.
//!
//! The data is taken as the byte-mode segments' bytes (ISO/IEC 18004 §7.4.5), never
//! as text: ZXing's text guesses a character set and would corrupt binary data. Its
//! `getRawBytes` is not it either: that is the codeword stream with mode indicators.

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
    /// Centres of the finder patterns in image pixels: bottom-left, top-left,
    /// top-right (ZXing's order, corrected for a mirrored code).
    pub finders: [(f32, f32); 3],
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
    let bytes = match result
        .getRXingResultMetadata()
        .get(&RXingResultMetadataType::BYTE_SEGMENTS)
    {
        Some(RXingResultMetadataValue::ByteSegments(segments)) => segments.concat(),
        _ => Vec::new(),
    };
    let p = result.getPoints();
    if p.len() < 3 {
        return None;
    }
    Some(FoundCode {
        bytes,
        finders: [(p[0].x, p[0].y), (p[1].x, p[1].y), (p[2].x, p[2].y)],
    })
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
            let dark = code.to_vec();
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
        found.sort_by(|x, y| x.finders[1].0.total_cmp(&y.finders[1].0));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].bytes, first);
        assert_eq!(found[1].bytes, second);
        let [bottom_left, top_left, top_right] = found[0].finders;
        // Centre of the top-left finder: 3.5 modules in from the code's corner.
        assert!((top_left.0 - (40.0 + 14.0)).abs() < 2.0, "{top_left:?}");
        assert!((top_left.1 - (60.0 + 14.0)).abs() < 2.0, "{top_left:?}");
        assert!(bottom_left.1 > top_left.1 + 100.0 && top_right.0 > top_left.0 + 100.0);
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
