//! The signature as a PDF incremental update (ISO 32000-1 §7.5.6) carrying a signature
//! field and dictionary (§12.7.4.5, §12.8.1) in the PAdES profile (ETSI EN 319 142-1
//! §5.3, §5.4: SubFilter `ETSI.CAdES.detached`, time in `/M`).
//!
//! The original bytes stay as they are; appended are: the signature dictionary with a
//! `/Contents` placeholder and a fixed-width `/ByteRange`, an empty form XObject as the
//! widget's normal appearance (PDF/A-3 §6.3.3 wants `/AP /N`), the signature field's
//! widget over the form's signature box ([`WidgetPlacement`]; it paints nothing, so the
//! drawn or typed signature beneath stays what a person sees, and a reader that shows
//! signatures shows the digital one where the visible one is), new revisions of that
//! page (its `/Annots`) and of the catalog (`/AcroForm` with `/SigFlags 3`), and a
//! cross-reference table with `/Prev`, as the original's. The Info dictionary and the
//! XMP metadata are not touched, so PDF/A-3b still holds.
//!
//! The widget's flags are Print and Locked (`/F 132`): PDF/A-3 §6.3.2 requires the
//! Print flag and forbids Hidden, Invisible, ToggleNoView and NoView.

use chrono::{DateTime, Utc};
use der::Decode;
use lopdf::{Dictionary, Object, ObjectId};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

use super::certinfo::time_utc;
use super::{SignError, Signer, cms};

/// Bytes reserved for the CMS (hex-encoded twice that): a certificate chain of a few
/// certificates and an RSA-4096 signature fit with room to spare.
const CONTENTS_BYTES: usize = 16 * 1024;
/// `/ByteRange[0 b c d]` padded to this width, so it can be filled in afterwards.
const BYTE_RANGE_WIDTH: usize = 40;

/// Where the signature field's widget goes: a rectangle on a page, in PDF user space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WidgetPlacement {
    /// 0-based page index.
    pub page: usize,
    /// `[x1 y1 x2 y2]` (ISO 32000-1 §7.9.5), lower left and upper right corner.
    pub rect: [f32; 4],
}

impl WidgetPlacement {
    /// Over the application's signature box ([`crate::pdf::signature_box`]), to
    /// hundredths of a point as the page draws it.
    pub fn over(signature_box: &crate::pdf::PlacedRect) -> Self {
        let r = |v: f64| ((v * 100.0).round() / 100.0) as f32;
        let b = signature_box;
        WidgetPlacement {
            page: b.page,
            rect: [r(b.x), r(b.y), r(b.x + b.width), r(b.y + b.height)],
        }
    }
}

/// Appends a PAdES B-B signature as an incremental update; returns the whole signed file.
///
/// `placement`: the widget over the application's signature box; None (a PDF that is
/// not one of ours) puts a zero-size widget on page 1.
pub fn sign_pdf(
    pdf: &[u8],
    signer: &dyn Signer,
    at: DateTime<Utc>,
    placement: Option<WidgetPlacement>,
) -> Result<Vec<u8>, SignError> {
    let cert = Certificate::from_der(signer.certificate_der())
        .map_err(|e| SignError::NoCertificate(format!("certificate: {e}")))?;
    let validity = &cert.tbs_certificate.validity;
    if at < time_utc(&validity.not_before) || at > time_utc(&validity.not_after) {
        return Err(SignError::CertificateExpired);
    }
    append_signature(pdf, signer, at, placement)
}

/// [`sign_pdf`] without its check that the certificate is valid at `at`: for tests and
/// tools that must make a signature with an expired certificate. The app never calls it.
pub fn append_signature(
    pdf: &[u8],
    signer: &dyn Signer,
    at: DateTime<Utc>,
    placement: Option<WidgetPlacement>,
) -> Result<Vec<u8>, SignError> {
    let doc = crate::pdf::verify::load(pdf).map_err(|e| SignError::Pdf(e.to_string()))?;
    let prev = last_startxref(pdf).ok_or_else(|| SignError::Pdf("no startxref".into()))?;
    if !pdf
        .get(prev..)
        .is_some_and(|rest| rest.starts_with(b"xref"))
    {
        return Err(SignError::Pdf(
            "cross-reference streams are not supported".into(),
        ));
    }
    let trailer = &doc.trailer;
    let root_id = trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| SignError::Pdf("no /Root".into()))?;
    let catalog = doc
        .get_dictionary(root_id)
        .map_err(|_| SignError::Pdf("no catalog".into()))?;
    let placement = placement.unwrap_or(WidgetPlacement {
        page: 0,
        rect: [0.0; 4],
    });
    let page_id = *doc
        .get_pages()
        .values()
        .nth(placement.page)
        .ok_or_else(|| SignError::Pdf(format!("no page {}", placement.page + 1)))?;
    let page = doc
        .get_dictionary(page_id)
        .map_err(|_| SignError::Pdf("the page is not a dictionary".into()))?;

    let size = trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|s| u32::try_from(s).ok())
        .unwrap_or(0)
        .max(doc.max_id + 1);
    let (sig_id, ap_id, widget_id) = ((size, 0), (size + 1, 0), (size + 2, 0));

    // The new revisions of the widget's page and the catalog.
    let mut page = page.clone();
    let mut annots = match page.get(b"Annots") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(Object::Reference(r)) => doc
            .get_object(*r)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    annots.push(Object::Reference(widget_id));
    page.set("Annots", Object::Array(annots));
    let mut catalog = catalog.clone();
    let mut acroform = match catalog.get(b"AcroForm") {
        Ok(Object::Dictionary(d)) => d.clone(),
        Ok(Object::Reference(r)) => doc.get_dictionary(*r).cloned().unwrap_or_default(),
        _ => Dictionary::new(),
    };
    let mut fields = match acroform.get(b"Fields") {
        Ok(Object::Array(a)) => a.clone(),
        _ => Vec::new(),
    };
    fields.push(Object::Reference(widget_id));
    acroform.set("Fields", Object::Array(fields));
    acroform.set("SigFlags", Object::Integer(3));
    catalog.set("AcroForm", Object::Dictionary(acroform));

    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 4096);
    out.extend_from_slice(pdf);
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();

    offsets.push((sig_id, out.len()));
    let m = at.format("D:%Y%m%d%H%M%S+00'00'");
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/M({m})/ByteRange",
            sig_id.0
        )
        .as_bytes(),
    );
    let byte_range_at = out.len();
    out.extend_from_slice(&[b' '; BYTE_RANGE_WIDTH]);
    out.extend_from_slice(b"/Contents");
    let contents_start = out.len();
    out.push(b'<');
    out.resize(out.len() + 2 * CONTENTS_BYTES, b'0');
    out.push(b'>');
    let contents_end = out.len();
    out.extend_from_slice(b">>\nendobj\n");

    // The appearance paints nothing (an empty content stream): what is beneath, the
    // drawn or typed signature, shows through.
    let [x1, y1, x2, y2] = placement.rect;
    let (width, height) = ((x2 - x1).max(0.0), (y2 - y1).max(0.0));
    offsets.push((ap_id, out.len()));
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type/XObject/Subtype/Form/BBox[0 0 {width} {height}]/Resources<<>>/Length 0>>\nstream\n\nendstream\nendobj\n",
            ap_id.0
        )
        .as_bytes(),
    );
    offsets.push((widget_id, out.len()));
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type/Annot/Subtype/Widget/FT/Sig/T(Signatur)/V {} 0 R/F 132/Rect[{x1} {y1} {x2} {y2}]/P {} {} R/AP<</N {} 0 R>>>>\nendobj\n",
            widget_id.0, sig_id.0, page_id.0, page_id.1, ap_id.0
        )
        .as_bytes(),
    );
    for (id, dict) in [(page_id, &page), (root_id, &catalog)] {
        offsets.push((id, out.len()));
        out.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        write_object(&mut out, &Object::Dictionary(dict.clone()));
        out.extend_from_slice(b"\nendobj\n");
    }

    let xref_at = out.len();
    offsets.sort_by_key(|(id, _)| id.0);
    out.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i + 1;
        while j < offsets.len() && offsets[j].0.0 == offsets[j - 1].0.0 + 1 {
            j += 1;
        }
        out.extend_from_slice(format!("{} {}\n", offsets[i].0.0, j - i).as_bytes());
        for ((_, generation), offset) in &offsets[i..j] {
            out.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
        }
        i = j;
    }
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {}/Root {} {} R",
            widget_id.0 + 1,
            root_id.0,
            root_id.1
        )
        .as_bytes(),
    );
    for key in [b"Info".as_slice(), b"ID"] {
        if let Ok(value) = trailer.get(key) {
            out.push(b'/');
            out.extend_from_slice(key);
            out.push(b' ');
            write_object(&mut out, value);
        }
    }
    out.extend_from_slice(format!("/Prev {prev}>>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());

    let tail = out.len() - contents_end;
    let byte_range = format!("[0 {contents_start} {contents_end} {tail}]");
    if byte_range.len() > BYTE_RANGE_WIDTH {
        return Err(SignError::Pdf("file too large for the ByteRange".into()));
    }
    out[byte_range_at..byte_range_at + byte_range.len()].copy_from_slice(byte_range.as_bytes());

    let mut hasher = Sha256::new();
    hasher.update(&out[..contents_start]);
    hasher.update(&out[contents_end..]);
    let digest = hasher.finalize();
    let cms = cms::build(signer, &digest)?;
    if cms.len() > CONTENTS_BYTES {
        return Err(SignError::TooLarge);
    }
    let hex = super::certinfo::hex(&cms);
    out[contents_start + 1..contents_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// The offset after the last `startxref` keyword (ISO 32000-1 §7.5.5).
pub(crate) fn last_startxref(pdf: &[u8]) -> Option<usize> {
    let from = pdf.len().saturating_sub(1024);
    let tail = &pdf[from..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let text = std::str::from_utf8(&tail[at + 9..]).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Writes a PDF object (ISO 32000-1 §7.3); strings as hex, names escaped (§7.3.5).
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(format!("{r}").as_bytes()),
        Object::Name(n) => write_name(out, n),
        Object::String(s, _) => {
            out.push(b'<');
            out.extend_from_slice(super::certinfo::hex(s).as_bytes());
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => write_dictionary(out, d),
        // Page and catalog dictionaries hold no inline streams; a reference is all there can be.
        Object::Stream(s) => write_dictionary(out, &s.dict),
        Object::Reference((id, generation)) => {
            out.extend_from_slice(format!("{id} {generation} R").as_bytes())
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, d: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in d.iter() {
        write_name(out, key);
        out.push(b' ');
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &b in name {
        if b.is_ascii_alphanumeric() || b"-_.+".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}
