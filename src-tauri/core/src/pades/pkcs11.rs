//! A key on a PKCS#11 token (OASIS PKCS#11 2.40) through `cryptoki`: the staff e-ID
//! card's middleware or a USB token. Many cards have no hash-and-sign mechanism, so the
//! digest is made here: RSA signs a DigestInfo (RFC 8017 §9.2) with `CKM_RSA_PKCS`;
//! ECDSA signs the SHA-256 digest with `CKM_ECDSA` and the raw r‖s is DER-encoded
//! (RFC 3279 §2.2.3). The PIN logs in and is dropped; it is never kept or logged.
//!
//! The signer's chain goes into the CMS where the token has it: a card often holds the
//! certificates of its issuing CAs beside the holder's own. They are found by name
//! (issuer → subject, RFC 5280 §4.1.2.4, §6.1), nearest first, at most
//! [`MAX_CHAIN`], never the same certificate twice. A CA certificate
//! (basicConstraints cA, RFC 5280 §4.2.1.9) is never offered as the signer's.

use std::path::Path;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use cryptoki::mechanism::Mechanism;
use cryptoki::object::{Attribute, AttributeType, KeyType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use der::Decode;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::ext::pkix::BasicConstraints;

use super::certinfo::{self, CertificateInfo};
use super::{KeyAlgorithm, SignError, Signer};

/// DigestInfo prefix for SHA-256 (RFC 8017 §9.2, note 1).
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// Most issuer certificates taken from the token into the CMS (a card's chain is
/// one or two CAs deep; the limit bounds what a strange token can make us carry).
pub const MAX_CHAIN: usize = 4;

/// basicConstraints (RFC 5280 §4.2.1.9).
const BASIC_CONSTRAINTS: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("2.5.29.19");

/// What the window lists in "Välj certifikat": every certificate on every token that
/// has a CKA_ID (its private key, usually invisible before login, has the same id).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TokenCertificate {
    pub token_label: String,
    pub key_id_hex: String,
    pub label: String,
    pub certificate: CertificateInfo,
    /// "count low", "final try" or "locked", where the token says.
    pub pin_status: Option<String>,
}

/// A private key on a token, with its certificate; the session stays logged in while it lives.
pub struct Pkcs11Signer {
    session: Session,
    key: ObjectHandle,
    certificate: Vec<u8>,
    chain: Vec<Vec<u8>>,
    algorithm: KeyAlgorithm,
}

impl std::fmt::Debug for Pkcs11Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Signer")
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

fn module_err(e: impl std::fmt::Display) -> SignError {
    SignError::Module(e.to_string())
}

fn device_err(e: CkError) -> SignError {
    match e {
        CkError::Pkcs11(RvError::DeviceRemoved | RvError::TokenNotPresent, _) => SignError::NoToken,
        other => SignError::Device(other.to_string()),
    }
}

fn context(module: &Path) -> Result<Pkcs11, SignError> {
    let ctx = Pkcs11::new(module).map_err(module_err)?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => Ok(ctx),
        Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => Ok(ctx),
        Err(e) => Err(module_err(e)),
    }
}

fn pin_status(ctx: &Pkcs11, slot: Slot) -> Option<String> {
    let info = ctx.get_token_info(slot).ok()?;
    if info.user_pin_locked() {
        Some("locked".into())
    } else if info.user_pin_final_try() {
        Some("final try".into())
    } else if info.user_pin_count_low() {
        Some("count low".into())
    } else {
        None
    }
}

/// A certificate object on a token: CKA_ID, CKA_LABEL, CKA_VALUE (DER).
type TokenObject = (Vec<u8>, String, Vec<u8>);

/// Any certificate object on a token: CKA_ID (if it has one), CKA_LABEL, CKA_VALUE.
type AnyCertificate = (Option<Vec<u8>>, String, Vec<u8>);

/// Every certificate object in `session`.
fn certificate_objects(session: &Session) -> Result<Vec<AnyCertificate>, SignError> {
    let handles = session
        .find_objects(&[Attribute::Class(ObjectClass::CERTIFICATE)])
        .map_err(device_err)?;
    let mut out = Vec::new();
    for h in handles {
        let attrs = session
            .get_attributes(
                h,
                &[
                    AttributeType::Id,
                    AttributeType::Label,
                    AttributeType::Value,
                ],
            )
            .map_err(device_err)?;
        let (mut id, mut label, mut value) = (None, String::new(), None);
        for a in attrs {
            match a {
                Attribute::Id(v) => id = Some(v),
                Attribute::Label(v) => label = String::from_utf8_lossy(&v).into_owned(),
                Attribute::Value(v) => value = Some(v),
                _ => {}
            }
        }
        if let Some(value) = value {
            out.push((id, label, value));
        }
    }
    Ok(out)
}

/// Every certificate with a CKA_ID in `session` that is not a CA's: the ones a
/// private key of the holder's can belong to.
fn certificates(session: &Session) -> Result<Vec<TokenObject>, SignError> {
    Ok(certificate_objects(session)?
        .into_iter()
        .filter_map(|(id, label, value)| Some((id?, label, value)))
        .filter(|(_, _, value)| !is_ca_certificate(value))
        .collect())
}

/// True for a CA's certificate (basicConstraints with cA): the card's issuers, which
/// have no private key of the holder's and are never the signer's certificate.
fn is_ca_certificate(der: &[u8]) -> bool {
    let Ok(cert) = Certificate::from_der(der) else {
        return false;
    };
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == BASIC_CONSTRAINTS)
        .any(|e| BasicConstraints::from_der(e.extn_value.as_bytes()).is_ok_and(|b| b.ca))
}

/// The issuers of `leaf` found among `on_token`, nearest first: each the certificate
/// whose subject is the previous one's issuer. Stops at a self-signed certificate,
/// an issuer that is not there, one already taken (a loop), or [`MAX_CHAIN`].
/// Whether the chain is trustworthy is the verifier's question, not this one's.
pub(crate) fn chain_from(leaf: &[u8], on_token: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let Ok(mut current) = Certificate::from_der(leaf) else {
        return Vec::new();
    };
    let parsed: Vec<(Certificate, &Vec<u8>)> = on_token
        .iter()
        .filter(|der| der.as_slice() != leaf)
        .filter_map(|der| Certificate::from_der(der).ok().map(|c| (c, der)))
        .collect();
    let mut chain: Vec<Vec<u8>> = Vec::new();
    while chain.len() < MAX_CHAIN {
        let tbs = &current.tbs_certificate;
        if tbs.issuer == tbs.subject {
            break;
        }
        let Some((issuer, der)) = parsed
            .iter()
            .find(|(c, der)| c.tbs_certificate.subject == tbs.issuer && !chain.contains(*der))
        else {
            break;
        };
        chain.push((*der).clone());
        current = issuer.clone();
    }
    chain
}

fn token_slots(ctx: &Pkcs11, token: Option<&str>) -> Result<Vec<Slot>, SignError> {
    let slots = ctx.get_slots_with_initialized_token().map_err(module_err)?;
    let slots: Vec<Slot> = slots
        .into_iter()
        .filter(|s| match token {
            None => true,
            Some(label) => ctx
                .get_token_info(*s)
                .is_ok_and(|i| i.label().trim_end() == label),
        })
        .collect();
    if slots.is_empty() {
        return Err(SignError::NoToken);
    }
    Ok(slots)
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
        let ctx = context(module)?;
        // The tokens with a matching certificate.
        let mut candidates = Vec::new();
        for slot in token_slots(&ctx, token)? {
            let session = ctx.open_ro_session(slot).map_err(device_err)?;
            for (id, label, der) in certificates(&session)? {
                let matches = match key {
                    None => true,
                    Some(k) => certinfo::hex(&id).eq_ignore_ascii_case(k) || label == k,
                };
                if matches {
                    candidates.push((slot, id, der));
                }
            }
        }
        let (slot, id, der) = match candidates.len() {
            0 => return Err(SignError::NoCertificate("no matching certificate".into())),
            1 => candidates.remove(0),
            n => return Err(SignError::Ambiguous(format!("{n} certificates"))),
        };
        let session = ctx.open_ro_session(slot).map_err(device_err)?;
        let login = session.login(UserType::User, Some(&AuthPin::new(pin.to_string().into())));
        match login {
            Ok(()) | Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(CkError::Pkcs11(
                RvError::PinIncorrect | RvError::PinInvalid | RvError::PinLenRange,
                _,
            )) => {
                let status = pin_status(&ctx, slot);
                return Err(match status.as_deref() {
                    Some("locked") => SignError::PinLocked,
                    Some("final try") => SignError::WrongPin {
                        tries_left: Some(1),
                    },
                    _ => SignError::WrongPin { tries_left: None },
                });
            }
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => return Err(SignError::PinLocked),
            Err(e) => return Err(device_err(e)),
        }
        let keys = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::Id(id.clone()),
            ])
            .map_err(device_err)?;
        let key = *keys
            .first()
            .ok_or_else(|| SignError::NoCertificate("no private key for the certificate".into()))?;
        let key_type = session
            .get_attributes(key, &[AttributeType::KeyType])
            .map_err(device_err)?;
        let algorithm = match key_type.first() {
            Some(Attribute::KeyType(t)) if *t == KeyType::RSA => KeyAlgorithm::Rsa,
            Some(Attribute::KeyType(t)) if *t == KeyType::EC => KeyAlgorithm::EcdsaP256,
            _ => return Err(SignError::UnsupportedKey("neither RSA nor EC".into())),
        };
        let on_token: Vec<Vec<u8>> = certificate_objects(&session)?
            .into_iter()
            .map(|(_, _, value)| value)
            .collect();
        let chain = chain_from(&der, &on_token);
        Ok(Pkcs11Signer {
            session,
            key,
            certificate: der,
            chain,
            algorithm,
        })
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
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignError> {
        let digest = Sha256::digest(message);
        match self.algorithm {
            KeyAlgorithm::Rsa => {
                let mut info = SHA256_DIGEST_INFO.to_vec();
                info.extend_from_slice(&digest);
                self.session
                    .sign(&Mechanism::RsaPkcs, self.key, &info)
                    .map_err(device_err)
            }
            KeyAlgorithm::EcdsaP256 => {
                let raw = self
                    .session
                    .sign(&Mechanism::Ecdsa, self.key, &digest)
                    .map_err(device_err)?;
                let sig = p256::ecdsa::Signature::from_slice(&raw)
                    .map_err(|e| SignError::Device(format!("ECDSA r||s: {e}")))?;
                Ok(sig.to_der().as_bytes().to_vec())
            }
        }
    }
}

/// Every certificate with a CKA_ID on every token of `module` (no PIN needed).
/// [`SignError::NoToken`] when no slot holds an initialised token (no card in the
/// reader); an empty list when there are tokens but no certificate on them.
pub fn list_pkcs11_certificates(module: &Path) -> Result<Vec<TokenCertificate>, SignError> {
    let ctx = context(module)?;
    let slots = ctx.get_slots_with_initialized_token().map_err(module_err)?;
    if slots.is_empty() {
        return Err(SignError::NoToken);
    }
    let mut out = Vec::new();
    for slot in slots {
        let token_label = ctx
            .get_token_info(slot)
            .map(|i| i.label().trim_end().to_string())
            .unwrap_or_default();
        let session = ctx.open_ro_session(slot).map_err(device_err)?;
        for (id, label, der) in certificates(&session)? {
            let Ok(certificate) = certinfo::certificate_info(&der) else {
                continue;
            };
            out.push(TokenCertificate {
                token_label: token_label.clone(),
                key_id_hex: certinfo::hex(&id),
                label,
                certificate,
                pin_status: pin_status(&ctx, slot),
            });
        }
    }
    Ok(out)
}
