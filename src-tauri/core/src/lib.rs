//! Kanalansökan's domain logic: everything but the window.
//!
//! | module | what it does |
//! |---|---|
//! | [`model`] | the application as data (the JSON format); the closure notice ([`model::notice`]) |
//! | [`validate`] | every rule of the form, with Swedish messages; normalisation |
//! | [`seal`] | canonical form and SHA-256 seal; signing |
//! | [`qr`] | the application as QR codes on the printed page, and back |
//! | [`storage`] | drafts and versions in SQLite |
//! | [`pdf`] | the registrar's PDF: render, embed, verify |
//! | [`scan`] | scanned paper applications: page images, their QR codes |
//! | [`pades`] | PAdES digital signatures: sign, verify, trust |
//! | [`approval`] | the manager's digital signing: seal, render, PAdES-sign, store |
//! | [`handover`] | opening an application from a file (sent for approval, signed back) |
//! | [`register`] | the registrar's register: import, close, export |
//! | [`cli`] | the `kanalansokan` subcommands |
//!
//! Nothing here depends on Tauri, GTK or WebKit, so `cargo test -p kanalansokan-core`
//! runs anywhere.

pub mod approval;
pub mod cli;
pub mod error;
pub mod fonts;
pub mod fsutil;
pub mod handover;
pub mod model;
pub mod pades;
pub mod pdf;
pub mod qr;
pub mod register;
pub mod scan;
pub mod seal;
pub mod storage;
pub mod validate;

pub use error::UserError;
pub use model::Application;
