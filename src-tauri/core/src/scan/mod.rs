//! Scanned PDFs: a pen-signed paper application, or closure notice, brought back
//! by a scanner.
//!
//! An office multifunction printer makes a PDF whose pages are only images (JPEG in
//! colour or grey, CCITT Group 4 or Flate in black and white). The printed page
//! carries the sealed application (issue 18) or closure notice (issue 16) as QR
//! codes (`qr`); this module finds the page images ([`extract`]), decodes them to
//! grey ([`decode`]) and reads the codes' bytes ([`codes`]). [`read_document`]
//! rebuilds the document from those bytes with `qr::payload` (the codes' magic
//! says which) and checks its seal; the register validates it as for any import.
//!
//! The file is untrusted: the page count, every image's stated and decoded size,
//! and the pixels decoded in total are bounded, and the stated size is checked
//! before anything is decoded, so a "scan bomb" is refused in milliseconds.

use crate::error::{ToUserError, UserError};
use crate::model::Application;
use crate::pdf::{PrintedLayout, VerifyError};
use crate::qr::{Document, DocumentKind, QrPayloadError};

pub mod codes;
pub mod decode;
pub mod extract;
pub mod ink;

pub use codes::{Anchors, FoundCode, find_codes};
pub use decode::GrayPage;
pub use extract::{is_scan, page_images};

/// Most pages a scan may have (an application is one to three pages; a batch
/// scan of a whole pile would be several applications in one file).
pub const MAX_SCAN_PAGES: usize = 12;
/// Longest side of a page image: A4 at 600 dpi is 7016 pixels.
pub const MAX_IMAGE_SIDE: u32 = 10_000;
/// Pixels of one page image: A4 at 600 dpi is 35 million.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;
/// Pixels decoded for the whole file.
pub const MAX_TOTAL_PIXELS: u64 = 120_000_000;

/// Why a scan could not be read. Each variant is a reason the registrar sees.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("not a scan (pages are not only images)")]
    NotScan,
    #[error("{0} pages (at most {MAX_SCAN_PAGES})")]
    TooManyPages(usize),
    #[error("page image {width}x{height} is too large")]
    ImageTooLarge { width: u64, height: u64 },
    #[error("JBIG2 images are not supported")]
    Jbig2,
    #[error("unsupported page image: {0}")]
    Unsupported(String),
    #[error("damaged page image: {0}")]
    Damaged(String),
    #[error("no QR codes found")]
    NoCodes,
    #[error("codes: {0}")]
    Payload(#[from] QrPayloadError),
    /// The codes are a closure notice's, and cannot be read as one.
    #[error("closure notice codes: {0}")]
    NoticePayload(QrPayloadError),
    #[error("PDF: {0}")]
    Pdf(#[from] VerifyError),
}

impl ToUserError for ScanError {
    fn to_user_error(&self) -> UserError {
        let (code, message) = match self {
            ScanError::NotScan => (
                "scan.not_scan",
                "PDF-filen är inte en skannad ansökan (sidorna är inte bara bilder).".to_string(),
            ),
            ScanError::TooManyPages(n) => (
                "scan.too_many_pages",
                format!(
                    "Skanningen har {n} sidor; en ansökan har högst {MAX_SCAN_PAGES}. \
                     Skanna varje ansökan som en egen fil."
                ),
            ),
            ScanError::ImageTooLarge { .. } => (
                "scan.image_too_large",
                "En sida i skanningen är en för stor bild. Skanna med 150–300 dpi och försök igen."
                    .to_string(),
            ),
            ScanError::Jbig2 => (
                "scan.jbig2",
                "Skanningen är komprimerad med JBIG2, som programmet inte kan läsa. \
                 Ställ in skannern på JPEG (grått eller färg) eller svartvitt CCITT G4 och skanna igen."
                    .to_string(),
            ),
            ScanError::Unsupported(_) => (
                "scan.unsupported_image",
                "Skanningens bilder är sparade i ett format som programmet inte kan läsa. \
                 Skanna igen som PDF med JPEG-bilder."
                    .to_string(),
            ),
            ScanError::Damaged(_) => (
                "scan.damaged_image",
                "En bild i skanningen är skadad och kan inte läsas.".to_string(),
            ),
            ScanError::NoCodes => (
                "scan.no_codes",
                "Inga QR-koder från Kanalansökan hittades i skanningen. Skanna sidan med \
                 QR-koderna i 150–300 dpi och försök igen."
                    .to_string(),
            ),
            ScanError::Payload(e) => return e.to_user_error(),
            ScanError::NoticePayload(e) => return e.notice_user_error(),
            ScanError::Pdf(e) => return e.to_user_error(),
        };
        UserError::new(code, message)
    }
}

/// One page of a scan, decoded, with the codes found on it.
#[derive(Debug)]
pub struct ScannedPage {
    /// The page's position in the file, from 0.
    pub index: usize,
    pub image: GrayPage,
    pub codes: Vec<FoundCode>,
}

/// Decodes every page image of a scanned PDF and reads the QR codes on each.
/// `doc` must be a scan ([`is_scan`]). Errors if a page cannot be decoded or if no
/// page has a code.
pub fn read_pages(doc: &lopdf::Document) -> Result<Vec<ScannedPage>, ScanError> {
    let images = page_images(doc)?;
    let mut total: u64 = 0;
    let mut pages = Vec::with_capacity(images.len());
    for (index, raw) in images.iter().enumerate() {
        total += u64::from(raw.width) * u64::from(raw.height);
        if total > MAX_TOTAL_PIXELS {
            return Err(ScanError::ImageTooLarge {
                width: u64::from(raw.width),
                height: u64::from(raw.height),
            });
        }
        let image = decode::decode(raw)?;
        let codes = find_codes(&image);
        pages.push(ScannedPage {
            index,
            image,
            codes,
        });
    }
    if pages.iter().all(|p| p.codes.is_empty()) {
        return Err(ScanError::NoCodes);
    }
    Ok(pages)
}

/// An application read back from a scan.
#[derive(Debug)]
pub struct ScannedApplication {
    pub app: Application,
    pub pages: Vec<ScannedPage>,
}

/// Reads a scanned PDF of an application ([`read_document`]); the codes of a
/// closure notice are refused as not an application.
pub fn read(pdf: &[u8]) -> Result<ScannedApplication, ScanError> {
    let scanned = read_document(pdf)?;
    match scanned.document {
        Document::Application(app) => Ok(ScannedApplication {
            app,
            pages: scanned.pages,
        }),
        Document::ClosureNotice(_) => Err(ScanError::Payload(QrPayloadError::Corrupt(
            "the codes carry a closure notice".into(),
        ))),
    }
}

/// A document (application or closure notice) read back from a scan.
#[derive(Debug)]
pub struct ScannedDocument {
    pub document: Document,
    pub pages: Vec<ScannedPage>,
}

impl ScannedDocument {
    /// Share of ink in the signature box ([`ink_in_box`]) of the document's
    /// printed page.
    pub fn signature_ink(&self) -> Option<f64> {
        let layout = match &self.document {
            Document::Application(app) => crate::pdf::printed_layout(app),
            Document::ClosureNotice(notice) => crate::pdf::notice::printed_layout(notice),
        };
        ink_in_box(&layout.ok()?, &self.pages)
    }
}

/// Reads a scanned PDF: the page images, every QR code on them, and the document
/// they carry (seal checked by `qr::payload`). [`ScanError::NotScan`] when the PDF
/// is not only images. A refusal of a notice's codes is
/// [`ScanError::NoticePayload`], said of "anmälan". Never panics on any input.
pub fn read_document(pdf: &[u8]) -> Result<ScannedDocument, ScanError> {
    let doc = crate::pdf::load_untrusted(pdf)?;
    if !is_scan(&doc) {
        return Err(ScanError::NotScan);
    }
    let pages = read_pages(&doc)?;
    let codes = || {
        pages
            .iter()
            .flat_map(|p| p.codes.iter().map(|c| c.bytes.as_slice()))
    };
    let document = crate::qr::decode_document(codes()).map_err(|e| {
        match crate::qr::payload::kind_of(codes()) {
            Some(DocumentKind::ClosureNotice) => ScanError::NoticePayload(e),
            _ => ScanError::Payload(e),
        }
    })?;
    Ok(ScannedDocument { document, pages })
}

/// A4 in points (ISO 216), for a page the codes cannot place.
const A4_POINTS: (f64, f64) = (595.276, 841.89);

/// Share of ink in the signature box of a scanned application ([`ink_in_box`]).
pub fn signature_ink(scanned: &ScannedApplication) -> Option<f64> {
    ink_in_box(
        &crate::pdf::printed_layout(&scanned.app).ok()?,
        &scanned.pages,
    )
}

/// Share of ink in the signature box of the scanned page ([`ink::ink_share`]),
/// `layout` being where the printed page had its codes and its box.
///
/// The box is placed through the codes: each code's corners (or finder centres)
/// are known on the printed page (`pdf::printed_layout`, the code's number from
/// its header) and were found in the image, which gives the map from page points
/// to image pixels. Codes on the box's own page are best; when the codes are on
/// another page (the last "Maskinläsbar kopia" section), that page's map is
/// used for the box's page, as one scanner scans every page alike. Without any
/// code the scan page is taken to cover the whole A4 page. `None` when the box
/// cannot be placed at all.
pub fn ink_in_box(layout: &PrintedLayout, pages: &[ScannedPage]) -> Option<f64> {
    let boxed = layout.signature_box?;
    let rect = |r: &crate::pdf::PlacedRect| ink::PageRect {
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
    };
    // (on the box's page?, pairs) for each scan page with codes.
    let mut best: Option<(bool, &ScannedPage, Vec<ink::Anchor>)> = None;
    for page in pages {
        let mut pairs = Vec::new();
        let mut same_page = false;
        for code in &page.codes {
            let Ok(chunk) = crate::qr::payload::Chunk::parse(&code.bytes) else {
                continue;
            };
            let Some(placed) = layout.codes.get(usize::from(chunk.index).wrapping_sub(1)) else {
                continue;
            };
            let Ok(matrix) = crate::qr::matrix::Matrix::encode(&code.bytes) else {
                continue;
            };
            same_page |= placed.page == boxed.page;
            pairs.extend(ink::anchor_pairs(
                rect(placed),
                matrix.width(),
                code.anchors,
            ));
        }
        let better = best
            .as_ref()
            .is_none_or(|(s, _, b)| (same_page, pairs.len()) > (*s, b.len()));
        if pairs.len() >= 3 && better {
            best = Some((same_page, page, pairs));
        }
    }
    let (page, map) = match best {
        Some((same, page, pairs)) => {
            let page = if same { page } else { pages.get(boxed.page)? };
            (page, ink::PageToImage::fit(&pairs)?)
        }
        None => {
            let page = pages.get(boxed.page)?;
            let (w, h) = (f64::from(page.image.width), f64::from(page.image.height));
            let corners = [
                ((0.0, 0.0), (0.0, h)),
                ((A4_POINTS.0, 0.0), (w, h)),
                ((0.0, A4_POINTS.1), (0.0, 0.0)),
            ];
            (page, ink::PageToImage::fit(&corners)?)
        }
    };
    log::debug!("signature box on scan page {}", page.index);
    ink::ink_share(&page.image, &map, rect(&boxed))
}
