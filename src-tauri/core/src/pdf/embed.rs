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
    let mut params = dictionary! { "Size" => json.len() as i64 };
    if let Some(date) = pdf_date(app) {
        params.set("ModDate", text_string(&date));
    }
    let file = compressed(
        dictionary! {
            "Type" => "EmbeddedFile",
            "Subtype" => Object::Name(b"application/json".to_vec()),
            "Params" => params,
        },
        json,
    )?;
    let file_id = doc.add_object(file);
    let spec = dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal(ATTACHMENT_NAME),
        "UF" => text_string(ATTACHMENT_NAME),
        "Desc" => text_string("Ansökan som data (Kanalansökan, JSON med sigill)"),
        "AFRelationship" => "Data",
        "EF" => dictionary! { "F" => file_id, "UF" => file_id },
    };
    let spec_id = doc.add_object(spec);
    catalog.set(
        "Names",
        dictionary! {
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal(ATTACHMENT_NAME), Object::Reference(spec_id)],
            },
        },
    );
    catalog.set("AF", vec![Object::Reference(spec_id)]);
    Ok(())
}
