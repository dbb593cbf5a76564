//! A PDF being imported: its bytes, and its lopdf document parsed at most once.
//!
//! An import looks at one file several times: the application check
//! ([`super::verify`]), the digital signature (`pades::verify`), and for a file
//! without an application the closure-notice check. Each needs the parsed
//! document; parsing the same bytes again was a sixth of a signed import's CPU.
//! The import makes one [`ParsedPdf`] per file and hands it down, so the document
//! lives exactly as long as that file's import and is never shared with another.

use std::cell::OnceCell;

use lopdf::Document;

use super::VerifyError;
use super::verify::load;

/// A file's bytes and (lazily) its document. Not `Sync`: one import, one thread.
pub(crate) struct ParsedPdf<'a> {
    bytes: &'a [u8],
    doc: OnceCell<Result<Document, VerifyError>>,
}

impl<'a> ParsedPdf<'a> {
    /// Nothing is parsed until [`ParsedPdf::doc`] is first called.
    pub fn new(bytes: &'a [u8]) -> ParsedPdf<'a> {
        ParsedPdf {
            bytes,
            doc: OnceCell::new(),
        }
    }

    /// The file as read.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The document, parsed with the import's limits on the first call (the
    /// same answer, document or error, on every later one).
    pub fn doc(&self) -> Result<&Document, VerifyError> {
        self.doc
            .get_or_init(|| load(self.bytes))
            .as_ref()
            .map_err(Clone::clone)
    }
}
