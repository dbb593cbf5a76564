//! The application (issue 18) and the closure notice (issue 16) as QR codes on
//! the printed page: a pen-signed paper copy, scanned, imports with the data it
//! was printed from.
//!
//! [`payload`] is what each code carries (the sealed document, deflated, split
//! into numbered parts, its magic saying application `KS` or notice `KA`) and how
//! codes read from a scan become the document again; [`matrix`] turns one code's bytes into its module matrix, which `pdf`
//! draws as vector rectangles. Between `seal` and `pdf` in the core's layering.
//!
//! # Example
//!
//! ```
//! use kanalansokan_core::{model::{Application, Signature}, qr, seal};
//! let mut app: Application = serde_json::from_str(include_str!(
//!     "../../../../tests/fixtures/signed-application.json"
//! )).unwrap();
//! app.approval.signature = Some(Signature::Paper);
//! app.seal = None;
//! app.seal = Some(seal::compute(&app));
//! let codes = qr::encode(&app).unwrap(); // the bytes of each code, "1 av N" first
//! let matrix = qr::matrix::Matrix::encode(&codes[0]).unwrap();
//! assert!(matrix.version() <= 25);
//! assert_eq!(qr::decode(codes.iter().map(Vec::as_slice)).unwrap(), app);
//! ```

pub mod matrix;
pub mod payload;

pub use payload::{
    Document, DocumentKind, QrDocument, QrPayloadError, decode, decode_document, encode,
};
