//! The closure notice's PDF ("Anmälan om avslutad kanal"): the application's
//! pattern, parts and guarantees (see [`super`]) for another document.
//!
//! PDF/A-3b with the fonts embedded and subset, text extractable, the notice
//! attached as [`NOTICE_ATTACHMENT_NAME`] (an associated file, `/AFRelationship
//! /Data`), deterministic (ids and font tags from the seal, dates from
//! `signed_at`), the layout in `notice_layout`. [`verify`] checks it as
//! [`super::verify`] checks an application: the embedded notice of a known
//! schema, signed, its seal ([`crate::seal::notice`]), and the pages (the same
//! content streams when the renderer version is ours, else every value in the
//! text).
//!
//! A draft and a notice signed on paper carry the notice as QR codes in a last
//! section "Maskinläsbar kopia" (`qr::payload`, magic `KA`), as the application
//! does; [`printed_layout`] says where they and the signature box are, for
//! reading a scan of the printed, pen-signed page (`scan`).
//!
//! ```
//! use kanalansokan_core::{model::notice::ClosureNotice, pdf, seal};
//! let draft: ClosureNotice = serde_json::from_str(include_str!(
//!     "../../../../tests/fixtures/valid-notice.json"
//! )).unwrap();
//! let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z").unwrap().to_utc();
//! let notice = seal::notice::sign(&draft, now).unwrap();
//! let bytes = pdf::notice::render(&notice).unwrap();
//! assert_eq!(pdf::notice::render(&notice).unwrap(), bytes);
//! assert_eq!(pdf::notice::verify(&bytes).unwrap(), notice);
//! ```

use lopdf::Document;

use crate::error::UserError;
use crate::model::notice::{ClosureNotice, NOTICE_SCHEMA_VERSION};

use super::embed::{self, Attachment};
use super::metadata::{self, DocInfo};
use super::render::{finish, printpdf_pages};
use super::verify::{attachment_named, load, pages_match_marked};
use super::{PdfError, PlacedRect, SignatureMark, VerifyError, content, notice_layout};

/// The attachment's file name.
pub const NOTICE_ATTACHMENT_NAME: &str = "kanalansokan-avslut.json";

const SUBJECT: &str = "Anmälan om avslutad kanal i sociala medier, Smedjebackens kommun";

/// The hex string the file's ids and font tags derive from: the seal, or for a
/// draft the hash of its canonical form.
fn fingerprint(notice: &ClosureNotice) -> String {
    notice
        .seal
        .clone()
        .unwrap_or_else(|| crate::seal::notice::compute(notice))
}

fn doc_info(notice: &ClosureNotice) -> DocInfo {
    let unit = notice.unit.trim();
    let mut keywords = vec![
        "sociala medier".to_string(),
        "avslutad kanal".into(),
        "Smedjebackens kommun".into(),
    ];
    for c in &notice.channels {
        let p = c.as_channel().platform_display();
        if !p.is_empty() && !keywords.contains(&p) {
            keywords.push(p);
        }
    }
    DocInfo {
        title: if unit.is_empty() {
            notice_layout::NOTICE_TITLE.into()
        } else {
            format!("{} – {unit}", notice_layout::NOTICE_TITLE)
        },
        author: unit.to_string(),
        subject: SUBJECT.into(),
        keywords: keywords.join(", "),
        signed_at: notice.signed_at.clone(),
    }
}

/// Renders `notice` as its PDF. A signed notice renders byte for byte the same
/// every time and says "Inte elektroniskt signerad"; an unsigned one is marked
/// "UTKAST – ej signerad".
pub fn render(notice: &ClosureNotice) -> Result<Vec<u8>, PdfError> {
    render_with(notice, SignatureMark::NotDigital)
}

/// [`render`], with the approval saying `mark`: [`SignatureMark::Digital`] for the
/// PDF that is signed digitally at once (`approval::sign_notice_digitally`,
/// `kanalansokan sign`). Such a PDF passes [`verify`] only once the signature is
/// in it, as an application's does.
pub fn render_with(notice: &ClosureNotice, mark: SignatureMark) -> Result<Vec<u8>, PdfError> {
    let fingerprint = fingerprint(notice);
    let info = doc_info(notice);
    let pages = notice_layout::layout(notice, mark)?;
    let doc = printpdf_pages(&pages, &fingerprint, &info.title)?;
    finish(doc, &fingerprint, |doc, catalog| {
        let info_id = metadata::add(doc, catalog, &info, &fingerprint)?;
        let json = serde_json::to_vec_pretty(notice)
            .map_err(|e| PdfError::Writer(format!("serialising the notice: {e}")))?;
        embed::add_file(
            doc,
            catalog,
            &Attachment {
                name: NOTICE_ATTACHMENT_NAME,
                description: "Anmälan om avslutad kanal som data (Kanalansökan, JSON med sigill)",
                json,
                date: notice.signed_at.as_deref().and_then(metadata::pdf_date_of),
            },
        )?;
        Ok(info_id)
    })
}

/// Where the QR codes and the signature box are on `notice`'s printed pages (PDF
/// points, origin bottom left), as [`super::printed_layout`] for an application.
/// No codes for a notice signed with a typed or drawn signature.
pub fn printed_layout(notice: &ClosureNotice) -> Result<super::PrintedLayout, PdfError> {
    notice_layout::printed_layout(notice)
}

/// True when the PDF document carries a closure notice (whatever its state).
pub(crate) fn carries_notice(doc: &Document) -> bool {
    !matches!(
        attachment_named(doc, NOTICE_ATTACHMENT_NAME),
        Err(VerifyError::NoApplicationData)
    )
}

/// Parses the embedded JSON; another schema version says "update" rather
/// than "invalid".
fn parse(json: &[u8]) -> Result<ClosureNotice, VerifyError> {
    match serde_json::from_slice::<ClosureNotice>(json) {
        Ok(n) if n.schema_version == NOTICE_SCHEMA_VERSION => Ok(n),
        Ok(n) => Err(VerifyError::UnknownSchemaVersion(u64::from(
            n.schema_version,
        ))),
        Err(e) => {
            #[derive(serde::Deserialize)]
            struct Versioned {
                schema_version: Option<serde_json::Value>,
            }
            match serde_json::from_slice::<Versioned>(json)
                .ok()
                .and_then(|v| v.schema_version)
                .and_then(|v| v.as_u64())
            {
                Some(v) if v != u64::from(NOTICE_SCHEMA_VERSION) => {
                    Err(VerifyError::UnknownSchemaVersion(v))
                }
                _ => Err(VerifyError::InvalidData(e.to_string())),
            }
        }
    }
}

/// Reads the embedded notice without checking anything else.
pub fn extract(pdf: &[u8]) -> Result<ClosureNotice, VerifyError> {
    let doc = load(pdf)?;
    parse(&attachment_named(&doc, NOTICE_ATTACHMENT_NAME)?)
}

/// Full check of an already loaded document; see [`verify`].
pub(crate) fn verify_loaded(doc: &Document) -> Result<ClosureNotice, VerifyError> {
    let notice = parse(&attachment_named(doc, NOTICE_ATTACHMENT_NAME)?)?;
    let Some(seal) = &notice.seal else {
        return Err(VerifyError::NotSigned);
    };
    if *seal != crate::seal::notice::compute(&notice) {
        return Err(VerifyError::SealMismatch);
    }
    pages_match_marked(
        doc,
        |mark| {
            Ok(content::page_contents_of(
                &notice_layout::layout(&notice, mark)?,
                &fingerprint(&notice),
            ))
        },
        &notice_layout::footer_text(&notice),
        || notice_layout::shown_values(&notice),
    )?;
    Ok(notice)
}

/// The approval's "Underskrift" box on the notice's page (PDF points, origin
/// bottom left): a digital signature's widget goes over it, as on an application
/// ([`super::signature_box`]).
pub fn signature_box(notice: &ClosureNotice) -> Result<Option<PlacedRect>, PdfError> {
    notice_layout::signature_box(notice)
}

/// Full check: readable, embedded notice of a known schema, signed, seal
/// matches, pages show that notice. [`VerifyError::NoApplicationData`] when the
/// PDF has no notice. Never panics on any input.
pub fn verify(pdf: &[u8]) -> Result<ClosureNotice, VerifyError> {
    verify_loaded(&load(pdf)?)
}

/// What the registrar reads when a notice is refused: the application's reasons
/// ([`VerifyError`]'s codes) said of a notice.
pub fn user_error(e: &VerifyError) -> UserError {
    use crate::error::ToUserError;
    let base = e.to_user_error();
    let message = match e {
        VerifyError::NoApplicationData => "PDF-filen innehåller ingen anmälan om avslutad kanal.",
        VerifyError::UnknownSchemaVersion(_) => {
            "Anmälan är gjord i en nyare version av Kanalansökan. Uppdatera programmet."
        }
        VerifyError::InvalidData(_) => "Anmälans data i PDF-filen går inte att tolka.",
        VerifyError::NotSigned => "Anmälan om avslutad kanal är inte signerad.",
        VerifyError::SealMismatch => "Sigillet stämmer inte: anmälan har ändrats efter signering.",
        VerifyError::PagesDisagree(_) => {
            "Sidorna i PDF-filen visar inte samma uppgifter som den inbäddade anmälan."
        }
        _ => return base,
    };
    UserError::new(base.code, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed() -> ClosureNotice {
        let draft: ClosureNotice =
            serde_json::from_str(include_str!("../../../../tests/fixtures/valid-notice.json"))
                .unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
            .unwrap()
            .to_utc();
        crate::seal::notice::sign(&draft, now).unwrap()
    }

    #[test]
    fn the_content_streams_are_printpdfs() {
        // What `verify` compares with is what `render` wrote.
        let notice = signed();
        let bytes = render(&notice).unwrap();
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let pages = doc.get_pages();
        let want = content::page_contents_of(
            &notice_layout::layout(&notice, SignatureMark::NotDigital).unwrap(),
            &fingerprint(&notice),
        );
        assert_eq!(pages.len(), want.len());
        for ((_, id), want) in pages.iter().zip(&want) {
            assert_eq!(&doc.get_page_content(*id), want);
        }
    }

    #[test]
    fn an_application_pdf_carries_no_notice() {
        let app: crate::model::Application = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/signed-application.json"
        ))
        .unwrap();
        let bytes = crate::pdf::render(&app).unwrap();
        assert!(matches!(
            verify(&bytes),
            Err(VerifyError::NoApplicationData)
        ));
        let notice = render(&signed()).unwrap();
        assert!(matches!(
            crate::pdf::verify(&notice),
            Err(VerifyError::NoApplicationData)
        ));
        assert!(carries_notice(&load(&notice).unwrap()));
        assert_eq!(
            user_error(&VerifyError::SealMismatch).code,
            "pdf.seal_mismatch"
        );
    }
}
