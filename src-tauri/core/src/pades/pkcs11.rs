//! A key on a PKCS#11 token (OASIS PKCS#11 2.40): the staff e-ID card's middleware or a
//! USB token. Not yet implemented on this branch: every call returns
//! [`SignError::Module`].

use std::path::Path;

use super::{CertificateInfo, KeyAlgorithm, SignError, Signer};

/// What the window lists in "Välj certifikat": every certificate on every token that
/// has a matching private key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenCertificate {
    pub token_label: String,
    pub key_id_hex: String,
    pub label: String,
    pub certificate: CertificateInfo,
    /// e.g. "count low", "final try", "locked".
    pub pin_status: Option<String>,
}

/// A private key on a token, with its certificate.
#[derive(Debug)]
pub struct Pkcs11Signer {
    certificate: Vec<u8>,
    chain: Vec<Vec<u8>>,
    algorithm: KeyAlgorithm,
}

impl Pkcs11Signer {
    /// `token`: token label (None: the only token with a certificate); `key`: CKA_ID in hex or
    /// CKA_LABEL (None: the only certificate with a private key). The PIN is used, never kept.
    pub fn open(
        module: &Path,
        token: Option<&str>,
        key: Option<&str>,
        pin: &str,
    ) -> Result<Self, SignError> {
        let _ = (module, token, key, pin);
        Err(SignError::Module("PKCS#11 is not implemented yet".into()))
    }
}

impl Signer for Pkcs11Signer {
    fn certificate_der(&self) -> &[u8] {
        &self.certificate
    }
    fn chain_der(&self) -> &[Vec<u8>] {
        &self.chain
    }
    fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }
    fn sign(&self, _message: &[u8]) -> Result<Vec<u8>, SignError> {
        Err(SignError::Module("PKCS#11 is not implemented yet".into()))
    }
}

/// Every certificate with a private key on every token of `module`.
pub fn list_pkcs11_certificates(module: &Path) -> Result<Vec<TokenCertificate>, SignError> {
    let _ = module;
    Err(SignError::Module("PKCS#11 is not implemented yet".into()))
}
