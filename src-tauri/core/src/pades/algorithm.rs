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

/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
/// secp256r1, a.k.a. P-256 (RFC 5480 §2.1.1.1).
const SECP256R1: Oid = Oid::new_unwrap("1.2.840.10045.3.1.7");

/// Whether `signature` over `message` verifies with the public key `spki_der` under
/// the algorithm `algorithm` (digest SHA-256). `Err` for algorithms not supported here.
///
/// ring verifies (its assembly arithmetic is what makes a signed import fast);
/// RustCrypto's `rsa` and `p256` take the keys ring does not: RSA moduli outside
/// 2,048–8,192 bits and compressed P-256 points. Either way the same checks: the
/// key's own algorithm must match, PKCS#1 v1.5 padding with a SHA-256 DigestInfo,
/// or a DER-encoded ECDSA signature.
pub(crate) fn verify(
    spki_der: &[u8],
    algorithm: &Oid,
    message: &[u8],
    signature: &[u8],
) -> Result<bool, String> {
    use der::Decode;
    use ring::signature::{ECDSA_P256_SHA256_ASN1, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

    let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der)
        .map_err(|e| format!("public key: {e}"))?;
    let key_bits = spki
        .subject_public_key
        .as_bytes()
        .ok_or("public key: not whole bytes")?;
    if *algorithm == RSA_ENCRYPTION || *algorithm == SHA256_WITH_RSA {
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(format!("RSA key: key algorithm {}", spki.algorithm.oid));
        }
        let modulus_bits = rsa_modulus_bits(key_bits)?;
        if (2048..=8192).contains(&modulus_bits) {
            let key = UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, key_bits);
            return Ok(key.verify(message, signature).is_ok());
        }
        let key = rsa::RsaPublicKey::from_public_key_der(spki_der)
            .map_err(|e| format!("RSA key: {e}"))?;
        let verifier = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        let Ok(sig) = rsa::pkcs1v15::Signature::try_from(signature) else {
            return Ok(false);
        };
        Ok(verifier.verify(message, &sig).is_ok())
    } else if *algorithm == ECDSA_WITH_SHA256 {
        let curve = spki
            .algorithm
            .parameters_oid()
            .map_err(|e| format!("P-256 key: {e}"))?;
        if spki.algorithm.oid != EC_PUBLIC_KEY || curve != SECP256R1 {
            return Err(format!(
                "P-256 key: key algorithm {} {curve}",
                spki.algorithm.oid
            ));
        }
        if key_bits.first() == Some(&0x04) {
            let key = UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, key_bits);
            return Ok(key.verify(message, signature).is_ok());
        }
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

/// The size in bits of an RSAPublicKey's modulus (RFC 8017 App. A.1.1).
fn rsa_modulus_bits(rsa_public_key_der: &[u8]) -> Result<usize, String> {
    use rsa::pkcs1::der::Decode;
    let key = rsa::pkcs1::RsaPublicKey::from_der(rsa_public_key_der)
        .map_err(|e| format!("RSA key: {e}"))?;
    let n = key.modulus.as_bytes();
    Ok(match n.iter().position(|&b| b != 0) {
        Some(i) => (n.len() - i) * 8 - n[i].leading_zeros() as usize,
        None => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::EncodePublicKey;
    use rsa::signature::{SignatureEncoding, Signer};

    fn rsa_key(bits: usize) -> (rsa::pkcs1v15::SigningKey<Sha256>, Vec<u8>) {
        let mut rng = rsa::rand_core::OsRng;
        let private = rsa::RsaPrivateKey::new(&mut rng, bits).unwrap();
        let spki = private.to_public_key().to_public_key_der().unwrap();
        (rsa::pkcs1v15::SigningKey::new(private), spki.into_vec())
    }

    /// ring takes 2,048 bits and up, RustCrypto the smaller keys; both give the
    /// same answers for a good signature, another message and a changed byte.
    #[test]
    fn rsa_signatures_verify_on_both_paths() {
        for bits in [1024, 2048] {
            let (signer, spki) = rsa_key(bits);
            let mut sig = signer.sign(b"signerade attribut").to_vec();
            assert_eq!(
                verify(&spki, &RSA_ENCRYPTION, b"signerade attribut", &sig),
                Ok(true)
            );
            assert_eq!(
                verify(&spki, &SHA256_WITH_RSA, b"signerade attribut", &sig),
                Ok(true)
            );
            assert_eq!(
                verify(&spki, &RSA_ENCRYPTION, b"andra attribut", &sig),
                Ok(false)
            );
            sig[7] ^= 1;
            assert_eq!(
                verify(&spki, &RSA_ENCRYPTION, b"signerade attribut", &sig),
                Ok(false)
            );
            assert_eq!(verify(&spki, &RSA_ENCRYPTION, b"x", &[]), Ok(false));
            assert_eq!(
                rsa_modulus_bits(
                    spki::SubjectPublicKeyInfoRef::try_from(spki.as_slice())
                        .unwrap()
                        .subject_public_key
                        .raw_bytes()
                ),
                Ok(bits)
            );
        }
    }

    #[test]
    fn p256_signatures_verify_and_keys_of_another_kind_are_refused() {
        use p256::ecdsa::{DerSignature, SigningKey};
        let key = SigningKey::random(&mut rsa::rand_core::OsRng);
        let spki = key.verifying_key().to_public_key_der().unwrap().into_vec();
        let sig: DerSignature = key.sign(b"attribut");
        assert_eq!(
            verify(&spki, &ECDSA_WITH_SHA256, b"attribut", sig.as_bytes()),
            Ok(true)
        );
        assert_eq!(
            verify(&spki, &ECDSA_WITH_SHA256, b"annat", sig.as_bytes()),
            Ok(false)
        );
        // An EC key under an RSA algorithm, and an RSA key under ECDSA: errors.
        assert!(verify(&spki, &RSA_ENCRYPTION, b"attribut", sig.as_bytes()).is_err());
        let (_, rsa_spki) = rsa_key(1024);
        assert!(verify(&rsa_spki, &ECDSA_WITH_SHA256, b"attribut", &[0x30, 0]).is_err());
        assert!(verify(b"not DER", &RSA_ENCRYPTION, b"x", b"y").is_err());
    }
}
