//! A key in a PKCS#12 file (.p12/.pfx, RFC 7292), for municipalities that issue soft
//! certificates. Read with `p12-keystore` (pure Rust, PBES2/AES as OpenSSL 3 writes
//! by default, and the legacy PBES1 3DES/RC2 older tools write).

use p12_keystore::KeyStore;
use p12_keystore::error::Error as P12Error;
use rsa::pkcs1v15::SigningKey as RsaSigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer as _};
use sha2::Sha256;

use super::{KeyAlgorithm, SignError, Signer};

enum Key {
    Rsa(Box<RsaSigningKey<Sha256>>),
    EcdsaP256(p256::ecdsa::SigningKey),
}

/// A private key and its certificate chain from a PKCS#12 file.
pub struct Pkcs12Signer {
    key: Key,
    certificate: Vec<u8>,
    chain: Vec<Vec<u8>>,
}

impl std::fmt::Debug for Pkcs12Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs12Signer")
            .field("key", &"<KEY>")
            .finish()
    }
}

impl Pkcs12Signer {
    /// Reads the first private key and its chain (leaf first) from `p12`.
    pub fn from_bytes(p12: &[u8], password: &str) -> Result<Self, SignError> {
        let store = KeyStore::from_pkcs12(p12, password).map_err(|e| match e {
            P12Error::MacError(_) | P12Error::UnpadError => SignError::BadPassword,
            other => SignError::NotPkcs12(other.to_string()),
        })?;
        let (_, entry) = store
            .private_key_chain()
            .ok_or_else(|| SignError::NoCertificate("no private key in the file".into()))?;
        let mut certs = entry.chain().iter().map(|c| c.as_der().to_vec());
        let certificate = certs
            .next()
            .ok_or_else(|| SignError::NoCertificate("no certificate for the key".into()))?;
        let chain = certs.collect();
        let key = if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(entry.key()) {
            Key::Rsa(Box::new(RsaSigningKey::<Sha256>::new(k)))
        } else if let Ok(k) = p256::SecretKey::from_pkcs8_der(entry.key()) {
            Key::EcdsaP256(p256::ecdsa::SigningKey::from(k))
        } else {
            return Err(SignError::UnsupportedKey(
                "neither RSA nor ECDSA P-256 (PKCS#8)".into(),
            ));
        };
        Ok(Pkcs12Signer {
            key,
            certificate,
            chain,
        })
    }
}

impl Signer for Pkcs12Signer {
    fn certificate_der(&self) -> &[u8] {
        &self.certificate
    }
    fn chain_der(&self) -> &[Vec<u8>] {
        &self.chain
    }
    fn algorithm(&self) -> KeyAlgorithm {
        match self.key {
            Key::Rsa(_) => KeyAlgorithm::Rsa,
            Key::EcdsaP256(_) => KeyAlgorithm::EcdsaP256,
        }
    }
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        match &self.key {
            Key::Rsa(k) => k
                .try_sign(message)
                .map(|s| s.to_vec())
                .map_err(|e| SignError::Device(e.to_string())),
            Key::EcdsaP256(k) => {
                let sig: p256::ecdsa::Signature = k
                    .try_sign(message)
                    .map_err(|e| SignError::Device(e.to_string()))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}
