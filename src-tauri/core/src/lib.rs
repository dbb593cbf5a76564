//! Kanalansökan's domain logic: everything but the window.
//!
//! | module | what it does |
//! |---|---|
//! | [`model`] | the application as data (the JSON format) |
//! | [`validate`] | every rule of the form, with Swedish messages; normalisation |
//! | [`seal`] | canonical form and SHA-256 seal; signing |
//! | [`storage`] | drafts and versions in SQLite |
//! | [`pdf`] | the registrar's PDF: render, embed, verify |
//! | [`pades`] | PAdES digital signatures: sign, verify, trust |
//! | [`register`] | the registrar's register: import, close, export |
//! | [`cli`] | the `kanalansokan` subcommands |
//!
//! Nothing here depends on Tauri, GTK or WebKit, so `cargo test -p kanalansokan-core`
//! runs anywhere.

pub mod cli;
pub mod error;
pub mod fonts;
pub mod fsutil;
pub mod model;
pub mod pades;
pub mod pdf;
pub mod register;
pub mod seal;
pub mod storage;
pub mod validate;

pub use error::UserError;
pub use model::Application;
