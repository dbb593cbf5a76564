//! Finding and checking the signature of a signed PDF (ISO 32000-1 §12.8.1, ETSI EN
//! 319 142-1 §5): the signature must be the file's last revision, its `/ByteRange`
//! must cover every byte but the `/Contents` value, and the CMS must hold
//! ([`super::cms`]) and chain to a trusted CA ([`super::trust`]).

use std::borrow::Cow;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use lopdf::Object;
use sha2::{Digest, Sha256};

use super::certinfo::{self, CertificateInfo};
use super::{SignatureError, TrustStore, cms};
use crate::error::UserError;
use crate::pdf::ParsedPdf;
use crate::pdf::parsed::decode_hex;

/// A valid signature: who signed, when (by the signer's clock), and any warnings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SignatureReport {
    pub signer: CertificateInfo,
    /// RFC 3339, from the signature dictionary's `/M` (the signer's clock).
    pub signing_time: String,
    /// e.g. "signature.crl_out_of_date".
    pub warnings: Vec<UserError>,
}

/// Ok(None): the file has no digital signature. Ok(Some): signature valid, covers the whole file
/// (it is the last revision), chains to a trusted CA, valid at the signing time, key usage
/// digitalSignature or nonRepudiation, not revoked on a loaded CRL.
pub fn verify_pdf_signature(
    pdf: &[u8],
    trust: &TrustStore,
    now: DateTime<Utc>,
) -> Result<Option<SignatureReport>, SignatureError> {
    verify_pdf_signature_with(pdf, Some(trust), now)
}

/// As [`verify_pdf_signature`]; with `trust` None every check but the certificate's
/// (chain, validity, key usage, CRL) is made: for `kanalansokan verify` without `--trust`,
/// to name the signer. Never use None to accept a file.
pub fn verify_pdf_signature_with(
    pdf: &[u8],
    trust: Option<&TrustStore>,
    now: DateTime<Utc>,
) -> Result<Option<SignatureReport>, SignatureError> {
    let doc =
        crate::pdf::verify::load(pdf).map_err(|e| SignatureError::Malformed(e.to_string()))?;
    verify_document_signature(&doc, pdf, None, trust, now)
}

/// [`verify_pdf_signature`] of a file being imported, with the document its
/// application check parsed already.
pub(crate) fn verify_parsed_signature(
    parsed: &crate::pdf::ParsedPdf<'_>,
    trust: &TrustStore,
    now: DateTime<Utc>,
) -> Result<Option<SignatureReport>, SignatureError> {
    let doc = parsed
        .doc()
        .map_err(|e| SignatureError::Malformed(e.to_string()))?;
    verify_document_signature(doc, parsed.bytes(), Some(parsed), Some(trust), now)
}

/// The checks of [`verify_pdf_signature_with`] on `doc`, the parsed `pdf`; with
/// `parsed` when the import parsed it (its /Contents possibly masked, and its
/// whole-file SHA-256 to share a pass with).
fn verify_document_signature(
    doc: &lopdf::Document,
    pdf: &[u8],
    parsed: Option<&ParsedPdf<'_>>,
    trust: Option<&TrustStore>,
    now: DateTime<Utc>,
) -> Result<Option<SignatureReport>, SignatureError> {
    let signatures = crate::pdf::verify::signature_dictionaries(doc);
    if signatures.is_empty() {
        if pdf.windows(10).any(|w| w == b"/ByteRange") {
            return Err(SignatureError::ChangedAfterSigning(
                "a signature dictionary was removed from the newest revision".into(),
            ));
        }
        return Ok(None);
    }
    let mut last = None;
    for sig in &signatures {
        let (range_end, report) = check_one(pdf, sig, parsed, trust, now)?;
        if range_end == pdf.len() {
            last = Some(report);
        }
    }
    last.map(Some).ok_or_else(|| {
        SignatureError::ChangedAfterSigning("no signature covers the end of the file".into())
    })
}

fn check_one(
    pdf: &[u8],
    sig: &lopdf::Dictionary,
    parsed: Option<&ParsedPdf<'_>>,
    trust: Option<&TrustStore>,
    now: DateTime<Utc>,
) -> Result<(usize, SignatureReport), SignatureError> {
    let malformed = |m: &str| SignatureError::Malformed(m.to_string());
    let subfilter = sig
        .get(b"SubFilter")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    if subfilter != b"ETSI.CAdES.detached" {
        return Err(SignatureError::Unsupported(format!(
            "SubFilter {}",
            String::from_utf8_lossy(subfilter)
        )));
    }
    let range: Vec<usize> = sig
        .get(b"ByteRange")
        .and_then(Object::as_array)
        .map_err(|_| malformed("no /ByteRange"))?
        .iter()
        .map(|o| o.as_i64().ok().and_then(|i| usize::try_from(i).ok()))
        .collect::<Option<_>>()
        .ok_or_else(|| malformed("/ByteRange is not four integers"))?;
    let [a, b, c, d] = range[..] else {
        return Err(malformed("/ByteRange is not four integers"));
    };
    let end = c
        .checked_add(d)
        .ok_or_else(|| malformed("/ByteRange overflows"))?;
    if end > pdf.len() || b > c {
        return Err(malformed("/ByteRange beyond the file"));
    }
    if end < pdf.len() {
        return Err(SignatureError::ChangedAfterSigning(format!(
            "{} bytes after the signed range",
            pdf.len() - end
        )));
    }
    // The only gap allowed is the /Contents hex string itself: `<`, hex digits
    // only (no white space), `>`, and the same bytes as the dictionary's /Contents.
    // When the parse masked this very gap ([`SignatureGap`]), the dictionary's
    // /Contents must be the mask, and the signature is the gap's digits.
    let masked = parsed
        .and_then(ParsedPdf::signature_gap)
        .filter(|m| a == 0 && m.range == (b..c));
    let from_gap = match (masked, &pdf[b..c]) {
        (Some(m), _) => Some(Cow::Borrowed(m.decoded.as_slice())),
        (None, [b'<', hex @ .., b'>']) if a == 0 => decode_hex(hex).map(Cow::Owned),
        _ => None,
    };
    let Some(from_gap) = from_gap else {
        return Err(SignatureError::IncompleteCoverage(format!(
            "[{a} {b} {c} {d}] leaves more than /Contents uncovered"
        )));
    };
    let contents = sig
        .get(b"Contents")
        .and_then(Object::as_str)
        .map_err(|_| malformed("no /Contents"))?;
    if contents != masked.map_or(from_gap.as_ref(), |m| m.masked.as_slice()) {
        return Err(SignatureError::IncompleteCoverage(
            "the gap in /ByteRange is not this signature's /Contents".into(),
        ));
    }
    let digest = match parsed {
        // The usual case, the whole file but /Contents: one pass shared with the
        // file's own SHA-256 (its archive name).
        Some(parsed) if a == 0 && end == pdf.len() => parsed.signed_digest(b, c),
        _ => {
            let mut hasher = Sha256::new();
            hasher.update(&pdf[a..b]);
            hasher.update(&pdf[c..end]);
            hasher.finalize().into()
        }
    };
    let checked = cms::check(&from_gap, &digest)?;
    let signing_time = sig
        .get(b"M")
        .and_then(Object::as_str)
        .ok()
        .and_then(parse_pdf_date)
        .ok_or_else(|| malformed("no or unreadable /M"))?;
    let warnings = match trust {
        Some(trust) => trust.check(&checked.signer, &checked.certificates, signing_time, now)?,
        None => Vec::new(),
    };
    Ok((
        end,
        SignatureReport {
            signer: certinfo::info_of(&checked.signer, &checked.signer_der),
            signing_time: certinfo::rfc3339(signing_time),
            warnings,
        },
    ))
}

/// A PDF date `D:YYYYMMDDHHmmSS` with `Z`, `+HH'mm'` or `-HH'mm'` (ISO 32000-1 §7.9.4).
pub(crate) fn parse_pdf_date(bytes: &[u8]) -> Option<DateTime<Utc>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix("D:").unwrap_or(text);
    let (main, zone) = text.split_at(text.len().min(14));
    let naive = NaiveDateTime::parse_from_str(main, "%Y%m%d%H%M%S").ok()?;
    let offset_secs = match zone.as_bytes().first() {
        None | Some(b'Z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let hours: i32 = digits.get(..2)?.parse().ok()?;
            let minutes: i32 = digits.get(2..4).unwrap_or("00").parse().ok()?;
            let s = hours * 3600 + minutes * 60;
            if *sign == b'-' { -s } else { s }
        }
        _ => return None,
    };
    let offset = chrono::FixedOffset::east_opt(offset_secs)?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}
