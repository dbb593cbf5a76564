//! PAdES digital signatures: the manager's provable approval (issue 14).
//!
//! The app's PDF/A-3b is signed with a PAdES baseline B-B signature (ETSI EN 319 142-1):
//! a detached CMS SignedData (RFC 5652) with the signed attributes content-type,
//! message-digest and signing-certificate-v2 (RFC 5035), appended as an incremental
//! update (ISO 32000-1 §7.5.6, §12.8) with SubFilter `ETSI.CAdES.detached`. The
//! registrar's import verifies it offline against the CA certificates and CRLs the
//! registrar trusts.
//!
//! # What a valid signature proves
//!
//! - The whole file, the embedded `kanalansokan.json` included, is byte for byte what
//!   the holder of the private key signed: the signature is the file's last revision
//!   and its ByteRange covers everything but the signature value itself.
//! - The key belongs to the certificate in the signature (signing-certificate-v2), and
//!   that certificate chains to a CA the registrar trusts, was valid at the stated
//!   signing time, allows signing (key usage digitalSignature or nonRepudiation) and is
//!   not on a CRL the registrar loaded.
//!
//! # What it does not prove
//!
//! - **When** it was signed: there is no timestamp authority. The signing time (`/M`)
//!   is the signer's own clock and could be set to anything.
//! - **That it stays verifiable for decades**: no long-term validation data (LTV:
//!   the CAs' certificates, CRLs or OCSP answers) is embedded; revocation is only
//!   checked against the CRL files the registrar loads, at import.
//! - That the certificate's holder is the person named as manager in the form; the
//!   import compares the names and warns, it cannot know.
//!
//! # Modules
//!
//! | module | concern |
//! |---|---|
//! | [`signer`] | the [`Signer`] trait a key implements |
//! | [`pkcs12`] | a key in a PKCS#12 file (RFC 7292) |
//! | [`pkcs11`] | a key on a PKCS#11 token (OASIS PKCS#11 2.40) |
//! | [`cms`] | the CMS SignedData (RFC 5652, RFC 5035, ETSI EN 319 122-1 B-B) |
//! | [`update`] | the PDF incremental update (ISO 32000-1 §7.5.6, §12.8) |
//! | [`verify`] | finding and checking the signature in a PDF |
//! | [`trust`] | chain, validity, key usage and CRLs (RFC 5280) |
//! | [`certinfo`] | what a person is shown of a certificate |
//! | [`error`] | [`SignError`] and [`SignatureError`], with Swedish messages |
//!
//! # API changes against `/work/pades-api.md`
//!
//! None to the agreed names and shapes. Additions: [`SignatureError::IncompleteCoverage`],
//! `BadCertificate`, `BadCrl`; [`SignError`] `Ambiguous`, `UnsupportedKey`, `Device`,
//! `TooLarge`; [`verify_pdf_signature_with`] (trust `None`: name the signer only);
//! [`update::append_signature`] (no validity check, for tests); [`sign_pdf`] takes an
//! `Option<`[`WidgetPlacement`]`>` (the widget over the form's signature box);
//! [`certificate_info`]. Test PKI: `tests/pades_support/`; SoftHSM2: `tests/softhsm/`.

mod algorithm;
pub mod certinfo;
pub mod cms;
pub mod error;
pub mod pkcs11;
pub mod pkcs12;
pub mod signer;
pub mod trust;
pub mod update;
pub mod verify;

pub use certinfo::{CertificateInfo, CrlInfo, certificate_info};
pub use error::{SignError, SignatureError};
pub use pkcs11::{Pkcs11Signer, TokenCertificate, list_pkcs11_certificates};
pub use pkcs12::Pkcs12Signer;
pub use signer::{KeyAlgorithm, Signer};
pub use trust::TrustStore;
pub use update::{WidgetPlacement, sign_pdf};
pub use verify::{SignatureReport, verify_pdf_signature, verify_pdf_signature_with};
