//! What each QR code on the printed page carries, and how a set of codes read from
//! a scan becomes the document again: the sealed application (issue 18), or the
//! unit's sealed closure notice, "Anmälan om avslutad kanal" (issue 16).
//!
//! Per code, in QR byte mode (ISO/IEC 18004:2015 §7.4.5), error correction level Q:
//!
//! | offset | bytes | content |
//! |---|---|---|
//! | 0 | 2 | magic: which document the codes carry, see below |
//! | 2 | 1 | payload format version, [`FORMAT_VERSION`] |
//! | 3 | 1 | index of this code, 1-based |
//! | 4 | 1 | total number of codes, 1..=[`MAX_CODES`] |
//! | 5 | 32 | the raw SHA-256 seal (a signed document's seal, a draft's canonical hash) |
//! | 37 | n | the index-th chunk of the raw DEFLATE (RFC 1951, level 9) of the document's JSON exactly as embedded in the PDF |
//!
//! The magic tells the documents apart before anything is inflated:
//!
//! | magic | document | JSON (as embedded in the PDF) | seal |
//! |---|---|---|---|
//! | `KS` (0x4B 0x53) | the application | `kanalansokan.json` ([`crate::model`]) | [`seal::compute`] |
//! | `KA` (0x4B 0x41), "avslut" | the closure notice | `kanalansokan-avslut.json` ([`crate::model::notice`], `"kind": "avslut"`) | [`seal::notice::compute`] |
//!
//! Both seals are the same scheme ([`crate::seal`]: SHA-256 of the canonical JSON
//! without `"seal"`), so to recompute a notice's codes take its JSON as embedded,
//! `serde_json`'s pretty form (two-space indent, members in the struct's order),
//! deflate it raw at level 9, split it as below and prefix each part with `KA`,
//! `0x01`, index, total and the 32 seal bytes. The JSON's own `"kind": "avslut"`
//! must agree with the magic: codes whose magic says notice but whose JSON is an
//! application (or the reverse) are refused as corrupt.
//!
//! The deflated bytes are split into `ceil(len / 660)` nearly equal chunks, in
//! order. QR's own structured append (§8) is not used: the `qrcode` crate cannot
//! write it, and our header also carries the seal, so that codes from two
//! documents never mix.
//!
//! Decoding reads untrusted scans: it never panics, inflates at most
//! [`MAX_INFLATED_BYTES`], and checks the seal before anything is returned.

use std::io::Read as _;

use crate::error::{ToUserError, UserError};
use crate::model::notice::{ClosureNotice, NOTICE_KIND, NOTICE_SCHEMA_VERSION};
use crate::model::{Application, SCHEMA_VERSION};
use crate::seal;

/// The first two bytes of an application's codes: "KS", Kanalansökan.
pub const MAGIC: [u8; 2] = *b"KS";
/// The first two bytes of a closure notice's codes: "KA", Kanalansökan avslut.
pub const NOTICE_MAGIC: [u8; 2] = *b"KA";
/// The layout of the bytes described in the module documentation.
pub const FORMAT_VERSION: u8 = 1;
/// Magic, version, index, total and the 32-byte seal.
pub const HEADER_BYTES: usize = 37;
/// Largest chunk of deflated data per code; with the header at most 697 bytes,
/// a QR code of version 25 at level Q (issue 18's trial: read at 150–300 dpi when
/// printed 50–55 mm wide).
pub const CHUNK_BYTES: usize = 660;
/// The most codes one application is split into.
pub const MAX_CODES: u8 = 9;
/// The inflated JSON may not be larger than this (a deflate bomb in a crafted
/// code is refused, not allocated).
pub const MAX_INFLATED_BYTES: usize = 64 * 1024;
/// More codes than this in one call are not looked at (no scan of one application
/// holds more; a crafted one cannot make us sort thousands).
const MAX_CODES_READ: usize = 256;

/// Why codes could not be made, or could not be read back as an application.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrPayloadError {
    /// None of the codes starts with our header (other QR codes, or none at all).
    #[error("no code carries a Kanalansökan payload")]
    NotOurs,
    /// Some of an application's codes were not found.
    #[error("{found} of {total} codes found")]
    Incomplete { found: u8, total: u8 },
    /// Codes from more than one application.
    #[error("codes from {0} different applications")]
    Mixed(usize),
    /// The rebuilt application does not have the seal its codes carry.
    #[error("the seal does not match the content")]
    SealMismatch,
    /// The application was written by a newer version of the program.
    #[error("unknown schema version {0}")]
    NewerSchema(u64),
    /// Our header, but the rest cannot be read (bad header fields, conflicting
    /// codes, broken deflate data, not an application).
    #[error("corrupt payload: {0}")]
    Corrupt(String),
    /// When encoding: the application needs more than [`MAX_CODES`] codes.
    #[error("the application needs {0} bytes deflated, more than {MAX_CODES} codes hold")]
    TooLarge(usize),
}

impl ToUserError for QrPayloadError {
    fn to_user_error(&self) -> UserError {
        match self {
            QrPayloadError::NotOurs => UserError::new(
                "qr.not_ours",
                "Inga QR-koder från Kanalansökan hittades. Kontrollera att hela sidan är skannad.",
            ),
            QrPayloadError::Incomplete { found, total } => UserError::new(
                "qr.incomplete",
                format!(
                    "{found} av {total} koder hittades. Skanna sidan igen så att alla QR-koder syns hela och tydligt."
                ),
            ),
            QrPayloadError::Mixed(_) => UserError::new(
                "qr.mixed",
                "Skanningen innehåller QR-koder från olika ansökningar. Skanna en ansökan i taget.",
            ),
            QrPayloadError::SealMismatch => UserError::new(
                "qr.seal_mismatch",
                "Sigillet i QR-koderna stämmer inte med innehållet: ansökan kan ha ändrats.",
            ),
            QrPayloadError::NewerSchema(_) => UserError::new(
                "qr.unknown_schema",
                "Ansökan är gjord i en nyare version av Kanalansökan. Uppdatera programmet.",
            ),
            QrPayloadError::Corrupt(_) => UserError::new(
                "qr.corrupt",
                "QR-koderna går inte att läsa som en ansökan. Skanna sidan igen, gärna med högre upplösning.",
            ),
            QrPayloadError::TooLarge(_) => UserError::new(
                "qr.too_large",
                "Ansökan har för mycket text för att få plats i QR-koderna på sidan.",
            ),
        }
    }
}

/// Which document a set of codes carries (the code's magic).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// "Sociala medier – Ansökan", magic [`MAGIC`].
    Application,
    /// "Anmälan om avslutad kanal", magic [`NOTICE_MAGIC`].
    ClosureNotice,
}

impl DocumentKind {
    /// The code's first two bytes for this document.
    pub fn magic(self) -> [u8; 2] {
        match self {
            DocumentKind::Application => MAGIC,
            DocumentKind::ClosureNotice => NOTICE_MAGIC,
        }
    }

    fn of_magic(bytes: &[u8]) -> Option<DocumentKind> {
        [DocumentKind::Application, DocumentKind::ClosureNotice]
            .into_iter()
            .find(|k| bytes.get(..2) == Some(k.magic().as_slice()))
    }
}

/// A sealed document that travels as QR codes: the application and the closure
/// notice, each with its magic, its embedded JSON and its seal.
pub trait QrDocument: Sized {
    const KIND: DocumentKind;
    /// The JSON exactly as the PDF embeds it.
    fn json(&self) -> Result<Vec<u8>, serde_json::Error>;
    /// The seal of the content (lower-case hex), whether or not one is stored.
    fn compute_seal(&self) -> String;
    /// The stored seal, if any.
    fn stored_seal(&self) -> Option<&str>;
    /// The JSON as this document of our schema version.
    fn parse(json: &[u8]) -> Result<Self, QrPayloadError>;
}

impl QrDocument for Application {
    const KIND: DocumentKind = DocumentKind::Application;
    fn json(&self) -> Result<Vec<u8>, serde_json::Error> {
        application_json(self)
    }
    fn compute_seal(&self) -> String {
        seal::compute(self)
    }
    fn stored_seal(&self) -> Option<&str> {
        self.seal.as_deref()
    }
    fn parse(json: &[u8]) -> Result<Self, QrPayloadError> {
        parse_versioned(json, SCHEMA_VERSION, |a: &Application| a.schema_version)
    }
}

impl QrDocument for ClosureNotice {
    const KIND: DocumentKind = DocumentKind::ClosureNotice;
    fn json(&self) -> Result<Vec<u8>, serde_json::Error> {
        // As `pdf::notice::render` embeds it.
        serde_json::to_vec_pretty(self)
    }
    fn compute_seal(&self) -> String {
        seal::notice::compute(self)
    }
    fn stored_seal(&self) -> Option<&str> {
        self.seal.as_deref()
    }
    fn parse(json: &[u8]) -> Result<Self, QrPayloadError> {
        let notice = parse_versioned(json, NOTICE_SCHEMA_VERSION, |n: &ClosureNotice| {
            n.schema_version
        })?;
        if notice.kind != NOTICE_KIND {
            return Err(QrPayloadError::Corrupt(format!("kind {:?}", notice.kind)));
        }
        Ok(notice)
    }
}

/// What a set of codes carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    Application(Application),
    ClosureNotice(ClosureNotice),
}

impl QrPayloadError {
    /// What the registrar reads when the codes are a closure notice's: the same
    /// reasons, said of "anmälan".
    pub fn notice_user_error(&self) -> UserError {
        let message = match self {
            QrPayloadError::Mixed(_) => {
                "Skanningen innehåller QR-koder från olika handlingar. Skanna en anmälan i taget."
            }
            QrPayloadError::SealMismatch => {
                "Sigillet i QR-koderna stämmer inte med innehållet: anmälan kan ha ändrats."
            }
            QrPayloadError::NewerSchema(_) => {
                "Anmälan är gjord i en nyare version av Kanalansökan. Uppdatera programmet."
            }
            QrPayloadError::Corrupt(_) => {
                "QR-koderna går inte att läsa som en anmälan om avslutad kanal. Skanna sidan igen, \
                 gärna med högre upplösning."
            }
            QrPayloadError::TooLarge(_) => {
                "Anmälan har för mycket text för att få plats i QR-koderna på sidan."
            }
            _ => return self.to_user_error(),
        };
        UserError::new(self.to_user_error().code, message)
    }
}

/// One code's content, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// Which document the code belongs to (its magic).
    pub kind: DocumentKind,
    /// 1-based.
    pub index: u8,
    pub total: u8,
    /// The raw SHA-256 seal.
    pub seal: [u8; 32],
    /// This code's part of the deflated JSON.
    pub data: Vec<u8>,
}

impl Chunk {
    /// Reads one code's bytes. `NotOurs` unless it starts with our magic;
    /// `Corrupt` for our magic with a header we cannot use.
    pub fn parse(bytes: &[u8]) -> Result<Chunk, QrPayloadError> {
        let kind = DocumentKind::of_magic(bytes).ok_or(QrPayloadError::NotOurs)?;
        let header = bytes
            .get(..HEADER_BYTES)
            .ok_or_else(|| QrPayloadError::Corrupt("header cut short".into()))?;
        if header[2] != FORMAT_VERSION {
            return Err(QrPayloadError::Corrupt(format!(
                "payload format {}",
                header[2]
            )));
        }
        let (index, total) = (header[3], header[4]);
        if total == 0 || total > MAX_CODES || index == 0 || index > total {
            return Err(QrPayloadError::Corrupt(format!("code {index} of {total}")));
        }
        let mut seal = [0u8; 32];
        seal.copy_from_slice(&header[5..HEADER_BYTES]);
        Ok(Chunk {
            kind,
            index,
            total,
            seal,
            data: bytes[HEADER_BYTES..].to_vec(),
        })
    }

    /// The bytes of the code.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_BYTES + self.data.len());
        out.extend_from_slice(&self.kind.magic());
        out.extend_from_slice(&[FORMAT_VERSION, self.index, self.total]);
        out.extend_from_slice(&self.seal);
        out.extend_from_slice(&self.data);
        out
    }
}

/// The application as JSON, exactly the bytes the PDF embeds as `kanalansokan.json`.
pub fn application_json(app: &Application) -> Result<Vec<u8>, serde_json::Error> {
    serde_json::to_vec_pretty(app)
}

/// The raw 32 bytes of the seal of `doc`'s content ([`seal::compute`] for an
/// application).
pub fn raw_seal<D: QrDocument>(doc: &D) -> [u8; 32] {
    from_hex(&doc.compute_seal()).unwrap_or([0; 32])
}

fn from_hex(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
    }
    Some(out)
}

/// The bytes of every code for `doc` (an application or a closure notice), in
/// order (code 1 first). Deterministic: the same document gives the same codes.
pub fn encode<D: QrDocument>(doc: &D) -> Result<Vec<Vec<u8>>, QrPayloadError> {
    let json = doc
        .json()
        .map_err(|e| QrPayloadError::Corrupt(e.to_string()))?;
    let deflated = deflate(&json)?;
    let total = deflated.len().div_ceil(CHUNK_BYTES).max(1);
    if total > usize::from(MAX_CODES) {
        return Err(QrPayloadError::TooLarge(deflated.len()));
    }
    let seal = raw_seal(doc);
    let (base, extra) = (deflated.len() / total, deflated.len() % total);
    let mut start = 0;
    let mut codes = Vec::with_capacity(total);
    for i in 0..total {
        // The first `extra` chunks take one byte more: nearly equal parts.
        let len = base + usize::from(i < extra);
        let chunk = Chunk {
            kind: D::KIND,
            index: (i + 1) as u8,
            total: total as u8,
            seal,
            data: deflated[start..start + len].to_vec(),
        };
        start += len;
        codes.push(chunk.to_bytes());
    }
    Ok(codes)
}

/// Raw DEFLATE (RFC 1951) at level 9, no zlib header.
fn deflate(data: &[u8]) -> Result<Vec<u8>, QrPayloadError> {
    use std::io::Write as _;
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(data.len() / 2),
        flate2::Compression::best(),
    );
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map_err(|e| QrPayloadError::Corrupt(format!("deflate: {e}")))
}

/// Inflates at most [`MAX_INFLATED_BYTES`]; more is `Corrupt`.
fn inflate(data: &[u8]) -> Result<Vec<u8>, QrPayloadError> {
    let mut out = Vec::with_capacity(data.len() * 4);
    flate2::read::DeflateDecoder::new(data)
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| QrPayloadError::Corrupt(format!("inflate: {e}")))?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(QrPayloadError::Corrupt(format!(
            "inflates to more than {MAX_INFLATED_BYTES} bytes"
        )));
    }
    Ok(out)
}

/// Which document the first of our codes in `codes` belongs to (to say a
/// refusal of the right document), `None` without any.
pub fn kind_of<'a>(codes: impl IntoIterator<Item = &'a [u8]>) -> Option<DocumentKind> {
    codes
        .into_iter()
        .take(MAX_CODES_READ)
        .find_map(DocumentKind::of_magic)
}

/// The application from the bytes of the codes read from a scan ([`decode_document`]);
/// the codes of a closure notice are not an application (`Corrupt`).
pub fn decode<'a>(
    codes: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Application, QrPayloadError> {
    match decode_document(codes)? {
        Document::Application(app) => Ok(app),
        Document::ClosureNotice(_) => Err(QrPayloadError::Corrupt(
            "the codes carry a closure notice".into(),
        )),
    }
}

/// The document (application or closure notice, by the codes' magic) from the
/// bytes of the codes read from a scan, in any order, duplicates allowed (a code
/// read twice), codes that are not ours ignored. Every one of the document's
/// codes must be there; codes of two documents are refused; the seal in the
/// codes must be the content's.
pub fn decode_document<'a>(
    codes: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Document, QrPayloadError> {
    let mut ours: Vec<Chunk> = Vec::new();
    let mut first_error = None;
    for bytes in codes.into_iter().take(MAX_CODES_READ) {
        match Chunk::parse(bytes) {
            Ok(chunk) => ours.push(chunk),
            Err(QrPayloadError::NotOurs) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let Some(first) = ours.first() else {
        return Err(first_error.unwrap_or(QrPayloadError::NotOurs));
    };
    let seal = first.seal;
    let mut seals: Vec<[u8; 32]> = ours.iter().map(|c| c.seal).collect();
    seals.sort_unstable();
    seals.dedup();
    if seals.len() > 1 {
        return Err(QrPayloadError::Mixed(seals.len()));
    }
    let (kind, total) = (first.kind, first.total);
    if ours.iter().any(|c| c.kind != kind) {
        return Err(QrPayloadError::Corrupt(
            "codes disagree on their document".into(),
        ));
    }
    if ours.iter().any(|c| c.total != total) {
        return Err(QrPayloadError::Corrupt(
            "codes disagree on their number".into(),
        ));
    }
    let mut parts: Vec<Option<&[u8]>> = vec![None; usize::from(total)];
    for chunk in &ours {
        let slot = &mut parts[usize::from(chunk.index - 1)];
        match slot {
            Some(seen) if *seen != chunk.data.as_slice() => {
                return Err(QrPayloadError::Corrupt(format!(
                    "two different codes {} of {total}",
                    chunk.index
                )));
            }
            _ => *slot = Some(&chunk.data),
        }
    }
    let found = parts.iter().filter(|p| p.is_some()).count() as u8;
    if found < total {
        return Err(QrPayloadError::Incomplete { found, total });
    }
    let deflated: Vec<u8> = parts.into_iter().flatten().flatten().copied().collect();
    let json = inflate(&deflated)?;
    Ok(match kind {
        DocumentKind::Application => Document::Application(sealed(&json, seal)?),
        DocumentKind::ClosureNotice => Document::ClosureNotice(sealed(&json, seal)?),
    })
}

/// `json` as a `D` whose content has the seal `seal` (and whose stored seal, if
/// any, is that too).
fn sealed<D: QrDocument>(json: &[u8], seal: [u8; 32]) -> Result<D, QrPayloadError> {
    let doc = D::parse(json)?;
    let computed = doc.compute_seal();
    if from_hex(&computed) != Some(seal) {
        return Err(QrPayloadError::SealMismatch);
    }
    if doc.stored_seal().is_some_and(|s| s != computed) {
        return Err(QrPayloadError::SealMismatch);
    }
    Ok(doc)
}

/// The JSON as a document of our schema version; another version says
/// "update" whether or not it also parses as ours (as the PDF import does).
fn parse_versioned<D: serde::de::DeserializeOwned>(
    json: &[u8],
    ours: u32,
    version_of: impl Fn(&D) -> u32,
) -> Result<D, QrPayloadError> {
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: Option<serde_json::Value>,
    }
    let parsed = serde_json::from_slice::<D>(json);
    if let Ok(doc) = &parsed
        && version_of(doc) == ours
    {
        return parsed.map_err(|e| QrPayloadError::Corrupt(e.to_string()));
    }
    let version = serde_json::from_slice::<Versioned>(json)
        .ok()
        .and_then(|v| v.schema_version)
        .and_then(|v| v.as_u64());
    match (version, parsed) {
        (Some(v), _) if v != u64::from(ours) => Err(QrPayloadError::NewerSchema(v)),
        (_, Err(e)) => Err(QrPayloadError::Corrupt(e.to_string())),
        (_, Ok(_)) => Err(QrPayloadError::Corrupt("no schema_version".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Signature;

    fn signed() -> Application {
        serde_json::from_str(include_str!(
            "../../../../tests/fixtures/signed-application.json"
        ))
        .unwrap()
    }

    fn paper() -> Application {
        let mut app = signed();
        app.approval.signature = Some(Signature::Paper);
        app.seal = None;
        app.seal = Some(seal::compute(&app));
        app
    }

    fn refs(codes: &[Vec<u8>]) -> Vec<&[u8]> {
        codes.iter().map(Vec::as_slice).collect()
    }

    /// An application whose JSON does not deflate well: `n` bytes of varied text.
    fn long(n: usize) -> Application {
        let mut app = paper();
        let mut x: u32 = 12345;
        app.purpose = (0..n)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                char::from(b'a' + (x >> 16) as u8 % 26)
            })
            .collect();
        app.seal = None;
        app.seal = Some(seal::compute(&app));
        app
    }

    #[test]
    fn codes_have_the_header_and_decode_to_the_same_application() {
        for app in [signed(), paper(), long(1500)] {
            let codes = encode(&app).unwrap();
            let total = codes.len();
            for (i, code) in codes.iter().enumerate() {
                assert_eq!(&code[..2], b"KS");
                assert_eq!(code[2], 1);
                assert_eq!(usize::from(code[3]), i + 1);
                assert_eq!(usize::from(code[4]), total);
                assert_eq!(seal::hex(&code[5..37]), app.seal.clone().unwrap());
                assert!(code.len() <= HEADER_BYTES + CHUNK_BYTES);
            }
            assert_eq!(decode(refs(&codes)).unwrap(), app);
            // Any order, and a code read twice.
            let mut shuffled = refs(&codes);
            shuffled.reverse();
            shuffled.push(codes[0].as_slice());
            assert_eq!(decode(shuffled).unwrap(), app);
        }
    }

    #[test]
    fn chunks_are_the_raw_deflate_of_the_embedded_json_in_nearly_equal_parts() {
        let app = long(1500);
        let codes = encode(&app).unwrap();
        assert!(codes.len() >= 2, "{} codes", codes.len());
        let lens: Vec<usize> = codes.iter().map(|c| c.len() - HEADER_BYTES).collect();
        assert!(lens.iter().max().unwrap() - lens.iter().min().unwrap() <= 1);
        let deflated: Vec<u8> = codes
            .iter()
            .flat_map(|c| c[HEADER_BYTES..].to_vec())
            .collect();
        let mut json = Vec::new();
        flate2::read::DeflateDecoder::new(deflated.as_slice())
            .read_to_end(&mut json)
            .unwrap();
        assert_eq!(json, serde_json::to_vec_pretty(&app).unwrap());
        assert_eq!(codes.len(), deflated.len().div_ceil(CHUNK_BYTES));
    }

    #[test]
    fn the_fixture_fits_in_one_code_and_a_draft_carries_its_canonical_hash() {
        assert_eq!(encode(&paper()).unwrap().len(), 1);
        let mut draft = paper();
        draft.seal = None;
        let codes = encode(&draft).unwrap();
        assert_eq!(seal::hex(&codes[0][5..37]), seal::compute(&draft));
        assert_eq!(decode(refs(&codes)).unwrap(), draft);
    }

    #[test]
    fn a_missing_code_is_reported_as_found_of_total() {
        let codes = encode(&long(3000)).unwrap();
        assert!(codes.len() >= 3, "{} codes", codes.len());
        let err = decode(refs(&codes[1..])).unwrap_err();
        assert_eq!(
            err,
            QrPayloadError::Incomplete {
                found: (codes.len() - 1) as u8,
                total: codes.len() as u8
            }
        );
        assert!(err.to_user_error().message.starts_with(&format!(
            "{} av {} koder hittades",
            codes.len() - 1,
            codes.len()
        )));
    }

    #[test]
    fn codes_of_two_applications_are_refused() {
        let mut other = paper();
        other.unit.push('!');
        other.seal = None;
        other.seal = Some(seal::compute(&other));
        let mut codes = encode(&paper()).unwrap();
        codes.extend(encode(&other).unwrap());
        let err = decode(refs(&codes)).unwrap_err();
        assert_eq!(err, QrPayloadError::Mixed(2));
        assert_eq!(err.to_user_error().code, "qr.mixed");
    }

    #[test]
    fn foreign_codes_are_ignored_and_none_of_ours_is_not_ours() {
        let codes = encode(&paper()).unwrap();
        let mut with_foreign = refs(&codes);
        with_foreign.insert(0, b"https://www.smedjebacken.se/");
        assert_eq!(decode(with_foreign).unwrap(), paper());
        assert_eq!(
            decode([b"https://example.org".as_slice()]).unwrap_err(),
            QrPayloadError::NotOurs
        );
        assert_eq!(decode([]).unwrap_err(), QrPayloadError::NotOurs);
    }

    #[test]
    fn changed_content_or_a_wrong_seal_is_a_seal_mismatch() {
        let app = paper();
        // Content changed, codes rebuilt with the old seal in the header.
        let mut changed = app.clone();
        changed.unit = "Tekniska förvaltningen".into();
        let json = serde_json::to_vec_pretty(&changed).unwrap();
        let forged = Chunk {
            kind: DocumentKind::Application,
            index: 1,
            total: 1,
            seal: raw_seal(&app),
            data: deflate(&json).unwrap(),
        };
        let err = decode([forged.to_bytes().as_slice()]).unwrap_err();
        assert_eq!(err, QrPayloadError::SealMismatch);
        assert_eq!(err.to_user_error().code, "qr.seal_mismatch");
        // Header seal right for the content, but the embedded seal is not.
        let mut stale = app.clone();
        stale.seal = Some("0".repeat(64));
        let json = serde_json::to_vec_pretty(&stale).unwrap();
        let forged = Chunk {
            kind: DocumentKind::Application,
            index: 1,
            total: 1,
            seal: raw_seal(&stale),
            data: deflate(&json).unwrap(),
        };
        assert_eq!(
            decode([forged.to_bytes().as_slice()]).unwrap_err(),
            QrPayloadError::SealMismatch
        );
    }

    #[test]
    fn a_newer_schema_says_update() {
        let mut value = serde_json::to_value(paper()).unwrap();
        value["schema_version"] = 2.into();
        value["something_new"] = "x".into();
        let chunk = Chunk {
            kind: DocumentKind::Application,
            index: 1,
            total: 1,
            seal: [7; 32],
            data: deflate(&serde_json::to_vec(&value).unwrap()).unwrap(),
        };
        let err = decode([chunk.to_bytes().as_slice()]).unwrap_err();
        assert_eq!(err, QrPayloadError::NewerSchema(2));
        assert!(err.to_user_error().message.contains("nyare version"));
    }

    #[test]
    fn bad_bytes_are_corrupt_never_a_panic() {
        let good = encode(&paper()).unwrap().remove(0);
        let mut cases: Vec<Vec<u8>> = vec![
            b"KS".to_vec(),
            good[..36].to_vec(),
            good[..HEADER_BYTES].to_vec(),
            good[..good.len() / 2].to_vec(),
        ];
        for (at, value) in [(2, 2), (3, 0), (3, 2), (4, 0), (4, 10)] {
            let mut bad = good.clone();
            bad[at] = value;
            cases.push(bad);
        }
        let mut flipped = good.clone();
        flipped[HEADER_BYTES + 3] ^= 0xFF;
        cases.push(flipped);
        // Valid deflate, not JSON.
        let mut not_json = good[..HEADER_BYTES].to_vec();
        not_json.extend(deflate(b"hello").unwrap());
        cases.push(not_json);
        for case in &cases {
            let err = decode([case.as_slice()]).unwrap_err();
            assert!(
                matches!(
                    err,
                    QrPayloadError::Corrupt(_) | QrPayloadError::SealMismatch
                ),
                "{err:?} for {case:?}"
            );
            assert!(!err.to_user_error().message.is_empty());
        }
        // Every prefix and every single-byte change of a real code.
        for n in 0..good.len() {
            let _ = decode([&good[..n]]);
            let mut changed = good.clone();
            changed[n] = changed[n].wrapping_add(1);
            let _ = decode([changed.as_slice()]);
        }
    }

    #[test]
    fn a_deflate_bomb_is_refused() {
        let bomb = deflate(&vec![b' '; 10 * MAX_INFLATED_BYTES]).unwrap();
        assert!(bomb.len() < CHUNK_BYTES);
        let chunk = Chunk {
            kind: DocumentKind::Application,
            index: 1,
            total: 1,
            seal: [0; 32],
            data: bomb,
        };
        assert!(matches!(
            decode([chunk.to_bytes().as_slice()]).unwrap_err(),
            QrPayloadError::Corrupt(m) if m.contains("more than")
        ));
    }

    #[test]
    fn too_much_text_for_nine_codes_is_too_large() {
        let err = encode(&long(12_000)).unwrap_err();
        assert!(matches!(err, QrPayloadError::TooLarge(n) if n > 9 * CHUNK_BYTES));
        assert_eq!(err.to_user_error().code, "qr.too_large");
    }

    #[test]
    fn encoding_is_deterministic() {
        assert_eq!(encode(&long(2000)).unwrap(), encode(&long(2000)).unwrap());
    }

    fn paper_notice() -> ClosureNotice {
        let mut draft: ClosureNotice =
            serde_json::from_str(include_str!("../../../../tests/fixtures/valid-notice.json"))
                .unwrap();
        draft.approval.signature = Some(Signature::Paper);
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
            .unwrap()
            .to_utc();
        seal::notice::sign(&draft, now).unwrap()
    }

    #[test]
    fn a_notice_travels_with_its_own_magic_and_comes_back_as_a_notice() {
        let notice = paper_notice();
        let codes = encode(&notice).unwrap();
        assert_eq!(codes.len(), 1);
        let code = &codes[0];
        assert_eq!(&code[..2], b"KA");
        assert_eq!(&code[2..5], &[1, 1, 1]);
        assert_eq!(seal::hex(&code[5..37]), notice.seal.clone().unwrap());
        // The payload is the raw deflate of the JSON exactly as the PDF embeds it.
        let mut json = Vec::new();
        flate2::read::DeflateDecoder::new(&code[HEADER_BYTES..])
            .read_to_end(&mut json)
            .unwrap();
        assert_eq!(json, serde_json::to_vec_pretty(&notice).unwrap());
        assert_eq!(
            decode_document(refs(&codes)).unwrap(),
            Document::ClosureNotice(notice.clone())
        );
        assert_eq!(kind_of(refs(&codes)), Some(DocumentKind::ClosureNotice));
        // Not an application, and never mixed with one.
        assert!(matches!(
            decode(refs(&codes)),
            Err(QrPayloadError::Corrupt(_))
        ));
        let mut both = codes.clone();
        both.extend(encode(&paper()).unwrap());
        let err = decode_document(refs(&both)).unwrap_err();
        assert_eq!(err, QrPayloadError::Mixed(2));
        assert!(
            err.notice_user_error()
                .message
                .contains("en anmälan i taget")
        );
    }

    #[test]
    fn a_notice_with_the_wrong_magic_or_a_changed_content_is_refused() {
        let notice = paper_notice();
        let json = serde_json::to_vec_pretty(&notice).unwrap();
        // Notice JSON under the application's magic: not an application.
        let as_app = Chunk {
            kind: DocumentKind::Application,
            index: 1,
            total: 1,
            seal: raw_seal(&notice),
            data: deflate(&json).unwrap(),
        };
        assert!(matches!(
            decode_document([as_app.to_bytes().as_slice()]),
            Err(QrPayloadError::Corrupt(_))
        ));
        // An application's JSON under the notice's magic.
        let app_json = serde_json::to_vec_pretty(&paper()).unwrap();
        let as_notice = Chunk {
            kind: DocumentKind::ClosureNotice,
            index: 1,
            total: 1,
            seal: raw_seal(&paper()),
            data: deflate(&app_json).unwrap(),
        };
        assert!(matches!(
            decode_document([as_notice.to_bytes().as_slice()]),
            Err(QrPayloadError::Corrupt(_))
        ));
        // Content changed, the old seal in the header.
        let mut changed = notice.clone();
        changed.last_day = "2026-12-01".into();
        let forged = Chunk {
            kind: DocumentKind::ClosureNotice,
            index: 1,
            total: 1,
            seal: raw_seal(&notice),
            data: deflate(&serde_json::to_vec_pretty(&changed).unwrap()).unwrap(),
        };
        let err = decode_document([forged.to_bytes().as_slice()]).unwrap_err();
        assert_eq!(err, QrPayloadError::SealMismatch);
        assert_eq!(
            err.notice_user_error().message,
            "Sigillet i QR-koderna stämmer inte med innehållet: anmälan kan ha ändrats."
        );
    }
}
