//! One code's bytes as a QR module matrix (ISO/IEC 18004:2015), made by the
//! `qrcode` crate: byte mode only, error correction level Q, the smallest version
//! that holds the bytes.
//!
//! `QrCode::new` would choose its own mix of modes (numeric, alphanumeric, byte)
//! for runs of the data; our payload is binary, so the bits are built by hand:
//! one byte-mode segment (§7.4.5), then the terminator and padding (§7.4.9).

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

use super::payload::QrPayloadError;

/// Level Q restores up to ~25 % of the codewords: a scan's smudge, a fold, a
/// staple hole (issue 18's trial read every variant at Q).
pub const EC_LEVEL: EcLevel = EcLevel::Q;

/// The light border every reader needs around a code, in modules (§9.1).
pub const QUIET_ZONE_MODULES: usize = 4;

/// A square QR code: `width` × `width` modules, dark or light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    version: i16,
    width: usize,
    dark: Vec<bool>,
}

/// A horizontal run of dark modules in one row: from `x`, `len` modules long.
/// Rows and columns count from the top left, as QR does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub row: usize,
    pub x: usize,
    pub len: usize,
}

impl Matrix {
    /// The code for `bytes` in pure byte mode at level Q, the smallest version
    /// (1–40) that holds them. `TooLarge` beyond version 40's 1,663 bytes.
    pub fn encode(bytes: &[u8]) -> Result<Matrix, QrPayloadError> {
        for version in 1..=40 {
            let mut bits = Bits::new(Version::Normal(version));
            if bits.push_byte_data(bytes).is_err() || bits.push_terminator(EC_LEVEL).is_err() {
                continue;
            }
            let code = QrCode::with_bits(bits, EC_LEVEL)
                .map_err(|e| QrPayloadError::Corrupt(format!("QR code: {e:?}")))?;
            let width = code.width();
            let dark = code
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            return Ok(Matrix {
                version,
                width,
                dark,
            });
        }
        Err(QrPayloadError::TooLarge(bytes.len()))
    }

    /// The QR version, 1–40.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// Modules per side (17 + 4 × version), quiet zone excluded.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Whether the module in `row`, column `x` (from the top left) is dark.
    pub fn is_dark(&self, x: usize, row: usize) -> bool {
        x < self.width && row < self.width && self.dark[row * self.width + x]
    }

    /// Every horizontal run of dark modules, row by row from the top, left to
    /// right: what the PDF fills, one rectangle per run.
    pub fn runs(&self) -> Vec<Run> {
        let mut runs = Vec::new();
        for (row, modules) in self.dark.chunks_exact(self.width).enumerate() {
            let mut x = 0;
            while x < self.width {
                if modules[x] {
                    let start = x;
                    while x < self.width && modules[x] {
                        x += 1;
                    }
                    runs.push(Run {
                        row,
                        x: start,
                        len: x - start,
                    });
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_mode_at_q_picks_the_smallest_version() {
        // Version 25 at level Q has 718 data codewords (ISO/IEC 18004 Table 7):
        // 5,744 bits, less 4 for the mode and 16 for the count, hold 715 bytes;
        // 716 need version 26.
        assert_eq!(Matrix::encode(&[0xA5; 715]).unwrap().version(), 25);
        assert_eq!(Matrix::encode(&[0xA5; 716]).unwrap().version(), 26);
        let small = Matrix::encode(b"KS").unwrap();
        assert_eq!((small.version(), small.width()), (1, 21));
        assert!(matches!(
            Matrix::encode(&[0; 1700]),
            Err(QrPayloadError::TooLarge(1700))
        ));
    }

    #[test]
    fn the_largest_payload_code_is_version_25_or_less() {
        let bytes =
            vec![0x5A; super::super::payload::HEADER_BYTES + super::super::payload::CHUNK_BYTES];
        let m = Matrix::encode(&bytes).unwrap();
        assert!(m.version() <= 25, "version {}", m.version());
        assert_eq!(m.width(), 17 + 4 * m.version() as usize);
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = Matrix::encode(b"KS\x01\x01\x01 the runs").unwrap();
        let mut painted = vec![false; m.width() * m.width()];
        for run in m.runs() {
            assert!(run.len > 0);
            // Runs are maximal: light (or the edge) on both sides.
            assert!(run.x == 0 || !m.is_dark(run.x - 1, run.row));
            assert!(!m.is_dark(run.x + run.len, run.row));
            for x in run.x..run.x + run.len {
                assert!(!painted[run.row * m.width() + x]);
                painted[run.row * m.width() + x] = true;
            }
        }
        for row in 0..m.width() {
            for x in 0..m.width() {
                assert_eq!(painted[row * m.width() + x], m.is_dark(x, row));
            }
        }
        // The top left finder pattern (§6.3.3): a 7-module dark top row.
        assert_eq!(
            m.runs()[0],
            Run {
                row: 0,
                x: 0,
                len: 7
            }
        );
    }
}
