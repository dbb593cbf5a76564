//! Reading a PDF back: the embedded application, its seal, and whether the
//! visible pages show that same application.
//!
//! The files come from anywhere (the register imports whole folders), so every
//! step is bounded: file size ([`MAX_PDF_BYTES`]), decompressed stream size,
//! name-tree depth; lopdf's parser runs inside `catch_unwind` as a last resort,
//! because a parser bug on a crafted file must become "damaged PDF", not a
//! crashed import.

use lopdf::{Dictionary, Document, LoadOptions, Object};

use crate::model::{Application, SCHEMA_VERSION};
use crate::validate::phone_display;

use super::content;
use super::embed::ATTACHMENT_NAME;
use super::layout;
use super::metadata::renderer_version;
use super::render::RENDERER_VERSION;
use super::{MAX_PDF_BYTES, SignatureMark, VerifyError};

/// No single stream may decompress to more than this (a "zip bomb" guard).
const MAX_STREAM_BYTES: usize = 32 * 1024 * 1024;
/// The embedded JSON is a few kilobytes; anything near this is not ours.
const MAX_JSON_BYTES: usize = 4 * 1024 * 1024;
const MAX_NAME_TREE_DEPTH: usize = 8;

/// Parses `pdf` with the limits of the module doc. An import parses each file
/// once and passes the document on ([`super::parsed::ParsedPdf`]).
pub(crate) fn load(pdf: &[u8]) -> Result<Document, VerifyError> {
    parse(pdf)
}

fn parse(pdf: &[u8]) -> Result<Document, VerifyError> {
    if pdf.len() > MAX_PDF_BYTES {
        return Err(VerifyError::TooLarge);
    }
    let head = pdf.get(..pdf.len().min(1024)).unwrap_or(pdf);
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(VerifyError::NotPdf);
    }
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Document::load_mem_with_options(pdf, options)
    }));
    let doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(e)) => return Err(VerifyError::Damaged(e.to_string())),
        Err(_) => return Err(VerifyError::Damaged("the PDF parser gave up".into())),
    };
    if doc.is_encrypted() {
        return Err(VerifyError::Damaged("encrypted".into()));
    }
    Ok(doc)
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Object> {
    doc.dereference(object).ok().map(|(_, o)| o)
}

/// Text of a PDF text string: UTF-16BE with a byte order mark, else (close
/// enough for names we look for) Latin-1.
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// File specifications named `name` in the EmbeddedFiles name tree.
fn find_in_name_tree<'a>(
    doc: &'a Document,
    node: &'a Object,
    name: &str,
    depth: usize,
    found: &mut Vec<&'a Object>,
) {
    if depth > MAX_NAME_TREE_DEPTH {
        return;
    }
    let Some(dict) = deref(doc, node).and_then(|o| o.as_dict().ok()) else {
        return;
    };
    if let Some(names) = dict
        .get(b"Names")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        for pair in names.chunks(2) {
            if let [named, spec] = pair
                && deref(doc, named)
                    .and_then(|n| n.as_str().ok())
                    .map(decode_text)
                    .as_deref()
                    == Some(name)
            {
                found.push(spec);
            }
        }
    }
    if let Some(kids) = dict
        .get(b"Kids")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        for kid in kids.iter().take(1024) {
            find_in_name_tree(doc, kid, name, depth + 1, found);
        }
    }
}

fn attachment_bytes(doc: &Document) -> Result<Vec<u8>, VerifyError> {
    attachment_named(doc, ATTACHMENT_NAME)
}

/// The bytes of the attached file `name` (found in the EmbeddedFiles name tree
/// or the catalog's `/AF`); [`VerifyError::NoApplicationData`] when there is none.
pub(crate) fn attachment_named(doc: &Document, name: &str) -> Result<Vec<u8>, VerifyError> {
    let catalog = doc
        .catalog()
        .map_err(|e| VerifyError::Damaged(format!("no catalog: {e}")))?;
    let mut specs = Vec::new();
    if let Some(tree) = catalog
        .get_deref(b"Names", doc)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .and_then(|names| names.get(b"EmbeddedFiles").ok())
    {
        find_in_name_tree(doc, tree, name, 0, &mut specs);
    }
    // Associated files (PDF/A-3 /AF) as a second way to find it.
    if let Some(af) = catalog
        .get_deref(b"AF", doc)
        .ok()
        .and_then(|o| o.as_array().ok())
    {
        for spec in af.iter().take(64) {
            let named = deref(doc, spec)
                .and_then(|o| o.as_dict().ok())
                .and_then(|d| {
                    d.get_deref(b"UF", doc)
                        .or_else(|_| d.get_deref(b"F", doc))
                        .ok()
                })
                .and_then(|o| o.as_str().ok())
                .map(decode_text);
            if named.as_deref() == Some(name) {
                specs.push(spec);
            }
        }
    }
    for spec in specs {
        let stream = deref(doc, spec)
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get_deref(b"EF", doc).ok())
            .and_then(|o| o.as_dict().ok())
            .and_then(|ef| {
                ef.get_deref(b"F", doc)
                    .or_else(|_| ef.get_deref(b"UF", doc))
                    .ok()
            })
            .and_then(|o| o.as_stream().ok());
        if let Some(stream) = stream {
            return if stream.dict.get(b"Filter").is_ok() {
                stream
                    .decompressed_content_with_limit(MAX_JSON_BYTES)
                    .map_err(|e| VerifyError::Damaged(format!("attachment: {e}")))
            } else if stream.content.len() <= MAX_JSON_BYTES {
                Ok(stream.content.clone())
            } else {
                Err(VerifyError::InvalidData("attachment too large".into()))
            };
        }
    }
    Err(VerifyError::NoApplicationData)
}

/// Parses the embedded JSON. A file of another schema version says "update"
/// rather than "invalid", whether or not it also parses as this version.
pub(crate) fn parse_application(json: &[u8]) -> Result<Application, VerifyError> {
    // One pass in the usual case; only a file that does not parse is read again
    // for its version.
    let parse_error = match serde_json::from_slice::<Application>(json) {
        Ok(app) if app.schema_version == SCHEMA_VERSION => return Ok(app),
        Ok(app) => {
            return Err(VerifyError::UnknownSchemaVersion(u64::from(
                app.schema_version,
            )));
        }
        Err(e) => e,
    };
    /// Only the version; every other member is skipped unparsed.
    #[derive(serde::Deserialize)]
    struct Versioned {
        schema_version: Option<serde_json::Value>,
    }
    let versioned: Versioned =
        serde_json::from_slice(json).map_err(|e| VerifyError::InvalidData(e.to_string()))?;
    let version = versioned
        .schema_version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| VerifyError::InvalidData("no schema_version".into()))?;
    if version != u64::from(SCHEMA_VERSION) {
        return Err(VerifyError::UnknownSchemaVersion(version));
    }
    Err(VerifyError::InvalidData(parse_error.to_string()))
}

pub(crate) fn extract_from(doc: &Document) -> Result<Application, VerifyError> {
    parse_application(&attachment_bytes(doc)?)
}

fn producer(doc: &Document) -> Option<String> {
    let info = doc.trailer.get_deref(b"Info", doc).ok()?.as_dict().ok()?;
    let producer = info.get_deref(b"Producer", doc).ok()?.as_str().ok()?;
    Some(decode_text(producer))
}

/// The `/V` dictionaries of the signature fields in `/AcroForm /Fields` (ISO 32000-1
/// §12.7.4.5): where a PAdES signature is (`pades::verify` checks them).
pub(crate) fn signature_dictionaries(doc: &Document) -> Vec<Dictionary> {
    let deref = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(r) => doc.get_object(*r).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let Ok(catalog) = doc.catalog() else {
        return Vec::new();
    };
    let Some(Object::Dictionary(acroform)) = catalog.get(b"AcroForm").ok().and_then(deref) else {
        return Vec::new();
    };
    let Some(Object::Array(fields)) = acroform.get(b"Fields").ok().and_then(deref) else {
        return Vec::new();
    };
    fields
        .iter()
        .take(1000)
        .filter_map(deref)
        .filter_map(|f| f.as_dict().ok().cloned())
        .filter(|f| f.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig"))
        .filter_map(|f| f.get(b"V").ok().and_then(deref))
        .filter_map(|v| v.as_dict().ok().cloned())
        .collect()
}

/// What the pages must say about a digital signature: whether the file has one.
pub(crate) fn signature_mark(doc: &Document) -> SignatureMark {
    if signature_dictionaries(doc).is_empty() {
        SignatureMark::NotDigital
    } else {
        SignatureMark::Digital
    }
}

/// Do the pages show `app`? Same renderer version: the page content streams must
/// be exactly what rendering `app` gives, with a [`SignatureMark`] the file's own
/// signature (or its absence) allows. Otherwise (a file from another version of
/// the program) every value must be found in the pages' text.
///
/// A page saying "Elektroniskt signerad" needs a signature in the file. A page
/// saying "Inte elektroniskt signerad" may still carry one: a manager who signed
/// the app's PDF with their e-ID card in a PDF reader. That page understates
/// rather than claims, and the signature is checked at import like any other.
fn check_pages(doc: &Document, app: &Application) -> Result<(), VerifyError> {
    pages_match_marked(
        doc,
        |mark| content::page_contents(app, mark),
        &layout::footer_text(app),
        || shown_values(app),
    )
}

/// [`pages_match`] for a signed document whose approval says a [`SignatureMark`]:
/// `expected(mark)` are its pages saying `mark`. The rule of [`check_pages`], for
/// the application and the closure notice alike.
pub(crate) fn pages_match_marked(
    doc: &Document,
    expected: impl Fn(SignatureMark) -> Result<Vec<Vec<u8>>, super::PdfError>,
    footer: &str,
    values: impl Fn() -> Vec<String>,
) -> Result<(), VerifyError> {
    let check = |mark| pages_match(doc, || expected(mark), footer, values());
    match signature_mark(doc) {
        SignatureMark::NotDigital => check(SignatureMark::NotDigital),
        SignatureMark::Digital => check(SignatureMark::Digital).or_else(|e| match e {
            VerifyError::PagesDisagree(_) => check(SignatureMark::NotDigital).map_err(|_| e),
            other => Err(other),
        }),
    }
}

/// Do the pages show the embedded document? The same renderer version: the page
/// content streams must be exactly `expected()`. Otherwise every one of `values`
/// must be in the pages' text, read without the running header, `footer` and
/// page numbers. (For the application and the closure notice alike.)
pub(crate) fn pages_match(
    doc: &Document,
    expected: impl FnOnce() -> Result<Vec<Vec<u8>>, super::PdfError>,
    footer: &str,
    values: Vec<String>,
) -> Result<(), VerifyError> {
    let pages = doc.get_pages();
    if producer(doc).as_deref().and_then(renderer_version) == Some(RENDERER_VERSION) {
        let expected = expected().map_err(|e| {
            VerifyError::PagesDisagree(format!("cannot lay out the pages again: {e}"))
        })?;
        if expected.len() != pages.len() {
            return Err(VerifyError::PagesDisagree(format!(
                "{} pages, the embedded data gives {}",
                pages.len(),
                expected.len()
            )));
        }
        for ((number, id), want) in pages.iter().zip(&expected) {
            let got = doc
                .get_page_content_with_limit(*id, MAX_STREAM_BYTES)
                .map_err(|e| VerifyError::Damaged(format!("page {number}: {e}")))?;
            if got != *want {
                return Err(VerifyError::PagesDisagree(format!("page {number} differs")));
            }
        }
        return Ok(());
    }
    // Text comparison: each page's text without its running header and footer
    // (which interrupt a value that spills onto the next page), then every value.
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let header = squeeze(&format!("{}{}", layout::HEADER, layout::WEBSITE));
    let footer = squeeze(footer);
    let total = pages.len();
    let mut body = String::new();
    for (index, number) in pages.keys().enumerate() {
        let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            doc.extract_text(&[*number])
        }))
        .map_err(|_| VerifyError::Damaged("text extraction gave up".into()))?
        .map_err(|e| VerifyError::PagesDisagree(format!("no text on page {number}: {e}")))?;
        let page_number = squeeze(&format!("Sida {} av {total}", index + 1));
        let text = squeeze(&text)
            .replacen(&header, "", 1)
            .replace(&footer, "")
            .replace(&page_number, "")
            .replace(&squeeze(layout::DRAFT_MARK), "");
        body.push_str(&text);
    }
    for value in values {
        let v = squeeze(&value);
        if !v.is_empty() && !body.contains(&v) {
            return Err(VerifyError::PagesDisagree(format!("missing {value:?}")));
        }
    }
    Ok(())
}

/// Every value of `app` as the pages show it.
pub fn shown_values(app: &Application) -> Vec<String> {
    let mut values = vec![app.unit.clone(), app.purpose.clone(), app.audience.clone()];
    for c in &app.channels {
        values.push(c.platform_display());
        values.push(c.address.clone());
    }
    for p in app.responsible.iter().chain(&app.operators) {
        values.push(p.name.clone());
        values.push(phone_display(&p.phone));
        values.push(p.email.clone());
    }
    values.push(app.approval.date.clone());
    values.push(app.approval.name.clone());
    if let Some(crate::model::Signature::Typed { text }) = &app.approval.signature {
        values.push(text.clone());
    }
    values
}

pub(crate) fn verify(pdf: &[u8]) -> Result<Application, VerifyError> {
    verify_document(&load(pdf)?)
}

/// [`verify`] of a document already parsed.
pub(crate) fn verify_document(doc: &Document) -> Result<Application, VerifyError> {
    let app = extract_from(doc)?;
    let Some(seal) = &app.seal else {
        return Err(VerifyError::NotSigned);
    };
    if *seal != crate::seal::compute(&app) {
        return Err(VerifyError::SealMismatch);
    }
    check_pages(doc, &app)?;
    Ok(app)
}
