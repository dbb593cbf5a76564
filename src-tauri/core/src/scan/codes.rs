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
