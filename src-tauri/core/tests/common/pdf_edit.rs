//! Editing a rendered PDF the way a tamperer would: find and replace the embedded
//! `kanalansokan.json`. Shared by the tamper and the import tests.
#![allow(dead_code)]

use lopdf::{Document, Object, Stream};

/// The id of the embedded file stream (`/AF[0] /EF /F`).
pub fn attachment_id(doc: &Document) -> lopdf::ObjectId {
    let catalog = doc.catalog().unwrap();
    let spec = catalog.get(b"AF").unwrap().as_array().unwrap()[0]
        .as_reference()
        .unwrap();
    let spec = doc.get_dictionary(spec).unwrap();
    let ef = spec.get(b"EF").unwrap().as_dict().unwrap();
    ef.get(b"F").unwrap().as_reference().unwrap()
}

/// Replaces the embedded JSON with `json` (uncompressed).
pub fn with_attachment(bytes: &[u8], json: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::load_mem(bytes).unwrap();
    let id = attachment_id(&doc);
    let mut dict = doc
        .get_object(id)
        .unwrap()
        .as_stream()
        .unwrap()
        .dict
        .clone();
    dict.remove(b"Filter");
    doc.objects
        .insert(id, Object::Stream(Stream::new(dict, json)));
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}
