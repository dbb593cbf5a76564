//! Signature algorithms, by OID: RSA PKCS#1 v1.5 with SHA-256 (RFC 8017 §8.2, RFC 4055)
//! and ECDSA P-256 with SHA-256 (RFC 5758 §3.2, FIPS 186-4).

use der::asn1::ObjectIdentifier as Oid;
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use sha2::Sha256;

/// id-sha256 (RFC 5754 §2.2).
pub(crate) const SHA256: Oid = Oid::new_unwrap("2.16.840.1.101.3.4.2.1");
/// rsaEncryption (RFC 8017 App. C), used in CMS SignerInfo with SHA-256 as the digest.
pub(crate) const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
/// sha256WithRSAEncryption (RFC 4055 §5).
pub(crate) const SHA256_WITH_RSA: Oid = Oid::new_unwrap("1.2.840.113549.1.1.11");
/// ecdsa-with-SHA256 (RFC 5758 §3.2).
pub(crate) const ECDSA_WITH_SHA256: Oid = Oid::new_unwrap("1.2.840.10045.4.3.2");

/// Whether `signature` over `message` verifies with the public key `spki_der` under
/// the algorithm `algorithm` (digest SHA-256). `Err` for algorithms not supported here.
pub(crate) fn verify(
    spki_der: &[u8],
    algorithm: &Oid,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    if *algorithm == RSA_ENCRYPTION || *algorithm == SHA256_WITH_RSA {
        let key = rsa::RsaPublicKey::from_public_key_der(spki_der)
            .map_err(|e| format!("RSA key: {e}"))?;
        let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return Ok(false);
        };
        Ok(verifier.verify(message, &sig).is_ok())
    } else if *algorithm == ECDSA_WITH_SHA256 {
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(spki_der)
            .map_err(|e| format!("P-256 key: {e}"))?;
        let Ok(sig) = p256::ecdsa::Signature::from_der(signature) else {
            return Ok(false);
        };
        Ok(key.verify(message, &sig).is_ok())
    } else {
        Err(format!("algorithm {algorithm}"))
    }
}
