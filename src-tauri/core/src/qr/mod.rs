//! The application as QR codes on the printed page (issue 18): a pen-signed paper
//! copy, scanned, imports with the data it was printed from.
//!
//! [`payload`] is what each code carries (the sealed application, deflated, split
//! into numbered parts) and how codes read from a scan become the application
//! again; [`matrix`] turns one code's bytes into its module matrix, which `pdf`
//! draws as vector rectangles. Between `seal` and `pdf` in the core's layering.

pub mod payload;

pub use payload::{QrPayloadError, decode, encode};
