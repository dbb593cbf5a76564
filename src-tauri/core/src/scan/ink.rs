//! Is there ink in the signature box? The box's place on the scanned image is
//! found from the QR codes: their finder patterns' centres are known in page
//! coordinates (`pdf::printed_layout` gives each code's square) and were found in
//! image pixels, so a least-squares affine map from page to image (which absorbs
//! the scanner's resolution, offset, small rotation and skew) places the box.

use super::codes::Anchors;
use super::decode::GrayPage;

/// A rectangle in PDF points, origin bottom left (ISO 32000-1 §8.3.2.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageRect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// A point on the printed page (points) and where it was found in the image (pixels).
pub type Anchor = ((f64, f64), (f64, f64));

/// `image = A · (x, y, 1)`: page points to image pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageToImage {
    row_x: [f64; 3],
    row_y: [f64; 3],
}

impl PageToImage {
    /// Least-squares fit to pairs (page point, image pixel); `None` with fewer
    /// than three pairs or when they are (nearly) on one line.
    pub fn fit(pairs: &[Anchor]) -> Option<PageToImage> {
        if pairs.len() < 3 {
            return None;
        }
        // Normal equations M·a = b with M = Σ v·vᵀ, v = (x, y, 1).
        let mut m = [[0.0f64; 3]; 3];
        let (mut bx, mut by) = ([0.0f64; 3], [0.0f64; 3]);
        for &((x, y), (u, v)) in pairs {
            let p = [x, y, 1.0];
            for i in 0..3 {
                for j in 0..3 {
                    m[i][j] += p[i] * p[j];
                }
                bx[i] += p[i] * u;
                by[i] += p[i] * v;
            }
        }
        Some(PageToImage {
            row_x: solve3(m, bx)?,
            row_y: solve3(m, by)?,
        })
    }

    pub fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let [a, b, c] = self.row_x;
        let [d, e, f] = self.row_y;
        (a * x + b * y + c, d * x + e * y + f)
    }
}

/// Cramer's rule; `None` for a singular system.
fn solve3(m: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(m);
    if d.abs() < 1e-9 * (1.0 + m[0][0].abs() * m[1][1].abs() * m[2][2].abs()) {
        return None;
    }
    let mut out = [0.0; 3];
    for (k, slot) in out.iter_mut().enumerate() {
        let mut mk = m;
        for (row, value) in mk.iter_mut().zip(b) {
            row[k] = value;
        }
        *slot = det(mk) / d;
    }
    Some(out)
}

/// Pairs (page point, image pixel) for a code printed in `rect` (quiet zone
/// excluded) with `modules` modules a side and found at `anchors`. The finder
/// patterns' centres are 3.5 modules in from their corners (ISO/IEC 18004 §6.3.3).
pub fn anchor_pairs(rect: PageRect, modules: usize, anchors: Anchors) -> Vec<Anchor> {
    let m = rect.width / modules.max(1) as f64;
    let top = rect.y + rect.height;
    let px = |p: (f32, f32)| (f64::from(p.0), f64::from(p.1));
    match anchors {
        Anchors::Corners([tl, tr, bl, br]) => {
            let (l, r, b) = (rect.x, rect.x + rect.width, rect.y);
            vec![
                ((l, top), px(tl)),
                ((r, top), px(tr)),
                ((l, b), px(bl)),
                ((r, b), px(br)),
            ]
        }
        Anchors::Finders([bl, tl, tr]) => {
            let (l, r) = (rect.x + 3.5 * m, rect.x + rect.width - 3.5 * m);
            let (u, d) = (top - 3.5 * m, rect.y + 3.5 * m);
            vec![((l, d), px(bl)), ((l, u), px(tl)), ((r, u), px(tr))]
        }
    }
}

/// Share of dark pixels in the writing band of the signature box `rect`: between
/// the printed label "Underskrift" at the top and the signing line near the
/// bottom (the box's middle half in height, without its side borders), where a
/// pen signature crosses. `None` when that band falls outside the image.
pub fn ink_share(page: &GrayPage, map: &PageToImage, rect: PageRect) -> Option<f64> {
    let (left, right) = (rect.x + rect.width * 0.05, rect.x + rect.width * 0.95);
    let (bottom, top) = (rect.y + rect.height * 0.28, rect.y + rect.height * 0.75);
    let corners =
        [(left, bottom), (right, bottom), (left, top), (right, top)].map(|p| map.apply(p));
    let xs = corners.iter().map(|c| c.0);
    let ys = corners.iter().map(|c| c.1);
    let (x0, x1) = (
        xs.clone().fold(f64::MAX, f64::min),
        xs.fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f64::MAX, f64::min),
        ys.fold(f64::MIN, f64::max),
    );
    if x0 < 0.0 || y0 < 0.0 || x1 > f64::from(page.width) || y1 > f64::from(page.height) {
        return None;
    }
    let (x0, x1, y0, y1) = (x0 as i64, x1 as i64, y0 as i64, y1 as i64);
    let total = ((x1 - x0).max(1) * (y1 - y0).max(1)) as f64;
    let mut dark = 0u64;
    for y in y0..y1 {
        for x in x0..x1 {
            if page.at(x, y) < DARK {
                dark += 1;
            }
        }
    }
    Some(dark as f64 / total)
}

/// A pixel darker than this is ink (paper scans at 230–255, pen strokes well
/// under 100 even in grey scans at 150 dpi).
const DARK: u8 = 110;
/// Less ink than this share of the box looks like no signature: noise and dust
/// stay under 0.1 %, a short signature covers 1–3 % (measured on the test scans).
pub const SIGNED_SHARE: f64 = 0.004;
