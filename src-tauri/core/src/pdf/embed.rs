//! The application as data inside the PDF: `kanalansokan.json` as an associated
//! file (PDF/A-3, the Factur-X pattern): an EmbeddedFile stream with MIME type
//! and /Params, a file specification with /AFRelationship /Data, listed both in
//! the catalog's EmbeddedFiles name tree and in its /AF array.

use printpdf_lopdf::{Dictionary, Document, Object, dictionary};

use crate::model::Application;

use super::PdfError;
use super::metadata::pdf_date;
use super::render::{compressed, text_string};

/// The attachment's file name.
pub const ATTACHMENT_NAME: &str = "kanalansokan.json";

pub(crate) fn add(
    doc: &mut Document,
    catalog: &mut Dictionary,
    app: &Application,
) -> Result<(), PdfError> {
    let json = crate::qr::payload::application_json(app)
        .map_err(|e| PdfError::Writer(format!("serialising the application: {e}")))?;
    add_file(
        doc,
        catalog,
        &Attachment {
            name: ATTACHMENT_NAME,
            description: "Ansökan som data (Kanalansökan, JSON med sigill)",
            json,
            date: pdf_date(app),
        },
    )
}

/// One JSON document to attach.
pub(crate) struct Attachment {
    /// The file name (`kanalansokan.json`, `kanalansokan-avslut.json`).
    pub(crate) name: &'static str,
    /// `/Desc`, in Swedish.
    pub(crate) description: &'static str,
    pub(crate) json: Vec<u8>,
    /// `/ModDate` of `/Params` (a PDF date), when signed.
    pub(crate) date: Option<String>,
}

/// Attaches `file` as the document's associated data file.
pub(crate) fn add_file(
    doc: &mut Document,
    catalog: &mut Dictionary,
    file: &Attachment,
) -> Result<(), PdfError> {
    let Attachment {
        name,
        description,
        json,
        date,
    } = file;
    let mut params = dictionary! { "Size" => json.len() as i64 };
    if let Some(date) = date {
        params.set("ModDate", text_string(date));
    }
    let file = compressed(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => params,
        },
        json.clone(),
    )?;
    let file_id = doc.add_object(file);
    let spec = dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal(*name),
        "UF" => text_string(name),
        "Desc" => text_string(description),
        "AFRelationship" => "Data",
        "EF" => dictionary! { "F" => file_id, "UF" => file_id },
    };
    let spec_id = doc.add_object(spec);
    catalog.set(
        "Names",
        dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal(*name), Object::Reference(spec_id)],
            },
        },
    );
    catalog.set("AF", vec![Object::Reference(spec_id)]);
    Ok(())
}
