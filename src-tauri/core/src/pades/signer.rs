//! The [`Signer`] trait: a private key with its certificate, on a token or in a file.

use super::SignError;

/// The key's algorithm; the digest is always SHA-256.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAlgorithm {
    /// RSA with PKCS#1 v1.5 padding (RFC 8017 §8.2).
    Rsa,
    /// ECDSA on NIST P-256 (FIPS 186-4), signature DER-encoded (RFC 3279 §2.2.3).
    EcdsaP256,
}

/// A key that can sign, with its certificate. PKCS#11 tokens and PKCS#12 files implement it.
pub trait Signer {
    /// The signer's certificate (DER).
    fn certificate_der(&self) -> &[u8];
    /// Further chain certificates (DER), may be empty.
    fn chain_der(&self) -> &[Vec<u8>];
    fn algorithm(&self) -> KeyAlgorithm;
    /// Signs `message` (the DER of the CMS SignedAttributes, RFC 5652 §5.4) with SHA-256:
    /// RSA PKCS#1 v1.5 (on a token: CKM_RSA_PKCS over a DigestInfo) or ECDSA P-256 (DER-encoded).
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError>;
}
