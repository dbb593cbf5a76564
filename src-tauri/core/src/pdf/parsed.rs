//! A PDF being imported: its bytes, and its lopdf document parsed at most once.
//!
//! An import looks at one file several times: the application check
//! ([`super::verify`]), the digital signature (`pades::verify`), and for a file
//! without an application the closure-notice check. Each needs the parsed
//! document; parsing the same bytes again was a sixth of a signed import's CPU.
//! The import makes one [`ParsedPdf`] per file and hands it down, so the document
//! lives exactly as long as that file's import and is never shared with another.

use std::cell::OnceCell;
use std::ops::Range;

use lopdf::Document;
use sha2::{Digest, Sha256};

use super::VerifyError;
use super::verify::load;

/// A file's bytes and (lazily) its document. Not `Sync`: one import, one thread.
pub(crate) struct ParsedPdf<'a> {
    bytes: &'a [u8],
    parsed: OnceCell<(Result<Document, VerifyError>, Option<SignatureGap>)>,
    sha256: OnceCell<[u8; 32]>,
}

/// The hex string that a digital signature's `/ByteRange` leaves out (ISO 32000-1
/// §12.8.1: the signature dictionary's `/Contents`, ~32 KB of hex digits), found
/// before parsing.
///
/// lopdf lexes a hex string digit by digit, which was most of a signed file's
/// parse. So the file is parsed from a copy in which that string is a literal
/// string of the same length (`(`, 32 random hex digits, zeros, `)`): every other
/// byte and offset is unchanged, and lexing the literal is one run. The
/// signature check takes the signature from [`SignatureGap::decoded`] and
/// requires the signature dictionary's `/Contents` to be exactly
/// [`SignatureGap::masked`]: the random digits are drawn for each parse, so no
/// file can hold that literal anywhere but in the gap. Masking can only make a
/// check fail, never pass: a page, attachment or other object overlapping the gap
/// would read the random digits instead of its own bytes.
pub(crate) struct SignatureGap {
    /// `b..c` of `/ByteRange [0 b c d]`: `<`, the hex digits, `>`.
    pub range: Range<usize>,
    /// The hex digits decoded: the CMS signature and its zero padding.
    pub decoded: Vec<u8>,
    /// The literal's bytes as the parsed document reads them.
    pub masked: Vec<u8>,
}

/// Gaps shorter than this are parsed as they are (nothing to gain).
const MIN_MASKED_DIGITS: usize = 1024;

impl<'a> ParsedPdf<'a> {
    /// Nothing is parsed until [`ParsedPdf::doc`] is first called.
    pub fn new(bytes: &'a [u8]) -> ParsedPdf<'a> {
        ParsedPdf {
            bytes,
            parsed: OnceCell::new(),
            sha256: OnceCell::new(),
        }
    }

    /// SHA-256 of the whole file (the archive's name for it), computed once.
    pub fn sha256(&self) -> [u8; 32] {
        *self
            .sha256
            .get_or_init(|| Sha256::digest(self.bytes).into())
    }

    /// SHA-256 of every byte but `b..c`: what a signature whose `/ByteRange` is
    /// `[0 b c len-c]` signed. The pass over `..b` (most of the file) also serves
    /// [`ParsedPdf::sha256`], so a signed import hashes its file once, not twice.
    pub fn signed_digest(&self, b: usize, c: usize) -> [u8; 32] {
        let (head, tail) = (&self.bytes[..b], &self.bytes[c..]);
        let mut signed = Sha256::new();
        signed.update(head);
        if self.sha256.get().is_none() {
            let mut whole = signed.clone();
            whole.update(&self.bytes[b..]);
            let _ = self.sha256.set(whole.finalize().into());
        }
        signed.update(tail);
        signed.finalize().into()
    }

    /// The file as read.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The document, parsed with the import's limits on the first call (the
    /// same answer, document or error, on every later one).
    pub fn doc(&self) -> Result<&Document, VerifyError> {
        self.parsed().0.as_ref().map_err(Clone::clone)
    }

    /// The newest signature's `/Contents`, if it was masked for the parse.
    pub fn signature_gap(&self) -> Option<&SignatureGap> {
        self.parsed().1.as_ref()
    }

    fn parsed(&self) -> &(Result<Document, VerifyError>, Option<SignatureGap>) {
        self.parsed.get_or_init(|| match signature_gap(self.bytes) {
            Some(gap) => {
                let mut copy = self.bytes.to_vec();
                let at = gap.range.start;
                copy[at] = b'(';
                copy[at + 1..at + 1 + gap.masked.len()].copy_from_slice(&gap.masked);
                copy[gap.range.end - 1] = b')';
                (load(&copy), Some(gap))
            }
            None => (load(self.bytes), None),
        })
    }
}

/// The gap of the file's last `/ByteRange [0 b c d]` when it is `<`, hex digits
/// only, `>`; else None (the file is parsed as it is and checked as before).
fn signature_gap(pdf: &[u8]) -> Option<SignatureGap> {
    let at = memchr::memmem::rfind(pdf, b"/ByteRange")?;
    let [a, b, c, _] = four_integers(pdf.get(at + 10..)?)?;
    let gap = pdf.get(b..c)?;
    let [b'<', hex @ .., b'>'] = gap else {
        return None;
    };
    if a != 0 || hex.len() < MIN_MASKED_DIGITS {
        return None;
    }
    let decoded = decode_hex(hex)?;
    let mut masked = vec![b'0'; hex.len()];
    masked[..32].copy_from_slice(uuid::Uuid::new_v4().simple().to_string().as_bytes());
    Some(SignatureGap {
        range: b..c,
        decoded,
        masked,
    })
}

/// `[n n n n]` after optional white space (ISO 32000-1 §7.3.6), as non-negative
/// integers.
fn four_integers(s: &[u8]) -> Option<[usize; 4]> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0');
    let mut s = s
        .get(s.iter().position(|b| !is_space(b))?..)?
        .strip_prefix(b"[")?;
    let mut out = [0usize; 4];
    for n in &mut out {
        s = &s[s.iter().position(|b| !is_space(b))?..];
        let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 12 {
            return None;
        }
        *n = std::str::from_utf8(&s[..digits]).ok()?.parse().ok()?;
        s = &s[digits..];
    }
    s = &s[s.iter().position(|b| !is_space(b))?..];
    s.starts_with(b"]").then_some(out)
}

/// The bytes of a hex string's digits (ISO 32000-1 §7.3.4.3; an odd last digit
/// is followed by 0, as lopdf reads it); `None` if any byte is not a hex digit.
/// One table look-up per digit: the 32 KB /Contents of every imported signed
/// file goes through here.
pub(crate) fn decode_hex(hex: &[u8]) -> Option<Vec<u8>> {
    const INVALID: u8 = 0xFF;
    const VALUES: [u8; 256] = {
        let mut t = [INVALID; 256];
        let mut i = 0;
        while i < 10 {
            t[b'0' as usize + i] = i as u8;
            i += 1;
        }
        let mut i = 0;
        while i < 6 {
            t[b'a' as usize + i] = 10 + i as u8;
            t[b'A' as usize + i] = 10 + i as u8;
            i += 1;
        }
        t
    };
    let mut out = Vec::with_capacity(hex.len().div_ceil(2));
    let mut invalid = 0u8;
    for pair in hex.chunks(2) {
        let high = VALUES[usize::from(pair[0])];
        let low = pair.get(1).map_or(0, |&d| VALUES[usize::from(d)]);
        invalid |= (high | low) & 0xF0;
        out.push((high << 4) | (low & 0x0F));
    }
    (invalid == 0).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_digest_and_the_file_digest_share_a_pass_and_are_both_right() {
        let (pdf, range) = signed_like(2048);
        let parsed = ParsedPdf::new(&pdf);
        let signed = parsed.signed_digest(range.start, range.end);
        let mut want = Sha256::new();
        want.update(&pdf[..range.start]);
        want.update(&pdf[range.end..]);
        assert_eq!(signed, <[u8; 32]>::from(want.finalize()));
        assert_eq!(parsed.sha256(), <[u8; 32]>::from(Sha256::digest(&pdf)));
        // In the other order, and again: the same answers.
        let other = ParsedPdf::new(&pdf);
        assert_eq!(other.sha256(), parsed.sha256());
        assert_eq!(other.signed_digest(range.start, range.end), signed);
    }

    #[test]
    fn hex_digits_decode_and_anything_else_is_refused() {
        assert_eq!(decode_hex(b"30820aFf").unwrap(), [0x30, 0x82, 0x0a, 0xff]);
        assert_eq!(
            decode_hex(b"7").unwrap(),
            [0x70],
            "an odd last digit is followed by 0"
        );
        assert_eq!(decode_hex(b"").unwrap(), Vec::<u8>::new());
        for bad in [&b"30 82"[..], b"3g", b"0x", b"30\n", b"/a"] {
            assert_eq!(decode_hex(bad), None, "{:?}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn byte_range_integers_are_read_loosely_and_anything_else_is_not() {
        assert_eq!(four_integers(b" [0 10 20 5]>>"), Some([0, 10, 20, 5]));
        assert_eq!(four_integers(b"[ 0\n10  20 5 ]"), Some([0, 10, 20, 5]));
        assert_eq!(four_integers(b"[0 10 20]"), None);
        assert_eq!(four_integers(b"[0 -10 20 5]"), None);
        assert_eq!(four_integers(b"7 0 R"), None);
    }

    /// A stand-in for a signed file: `/ByteRange` and the hex gap it names.
    fn signed_like(digits: usize) -> (Vec<u8>, Range<usize>) {
        let head = b"%PDF-1.7\n1 0 obj\n<</ByteRange[0 ".to_vec();
        let b = head.len() + 40;
        let c = b + digits + 2;
        let mut pdf = head;
        pdf.extend_from_slice(format!("{b} {c} 9]").as_bytes());
        pdf.resize(b, b' ');
        pdf.push(b'<');
        pdf.extend(std::iter::repeat_n(b'a', digits));
        pdf.extend_from_slice(b">>>\nendobj\n");
        (pdf, b..c)
    }

    #[test]
    fn the_newest_signature_gap_is_masked_with_fresh_random_digits() {
        let (pdf, range) = signed_like(2048);
        let gap = signature_gap(&pdf).unwrap();
        assert_eq!(gap.range, range);
        assert_eq!(gap.decoded, vec![0xaa; 1024]);
        assert!(gap.masked[..32].iter().all(u8::is_ascii_hexdigit));
        assert!(gap.masked[32..].iter().all(|&d| d == b'0'));
        assert_ne!(
            gap.masked,
            signature_gap(&pdf).unwrap().masked,
            "drawn anew"
        );

        // Not hex digits only, too short, or not starting at 0: parsed as it is.
        let mut bad = pdf.clone();
        bad[range.start + 5] = b'x';
        assert!(signature_gap(&bad).is_none());
        assert!(signature_gap(&signed_like(100).0).is_none());
        let not_from_zero = String::from_utf8_lossy(&pdf).replacen("[0 ", "[1 ", 1);
        assert!(signature_gap(not_from_zero.as_bytes()).is_none());
    }
}
