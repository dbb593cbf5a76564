//! The errors of signing ([`SignError`]) and of verifying ([`SignatureError`]).
//!
//! Each variant has a stable code and a Swedish message through [`ToUserError`];
//! the `Display` text is the developer's detail, for the log. PINs and passwords
//! never appear in either.

use crate::error::{ToUserError, UserError};

/// Why signing failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The PIN was wrong; `tries_left` where the token says (count low / final try).
    #[error("wrong PIN (tries left: {tries_left:?})")]
    WrongPin { tries_left: Option<u32> },
    #[error("PIN locked")]
    PinLocked,
    #[error("no token present")]
    NoToken,
    #[error("no certificate with a private key: {0}")]
    NoCertificate(String),
    #[error("more than one certificate or token; choose one: {0}")]
    Ambiguous(String),
    #[error("certificate expired or not yet valid at the signing time")]
    CertificateExpired,
    #[error("wrong PKCS#12 password")]
    BadPassword,
    #[error("not a PKCS#12 file: {0}")]
    NotPkcs12(String),
    #[error("unsupported key: {0}")]
    UnsupportedKey(String),
    #[error("PKCS#11 module: {0}")]
    Module(String),
    #[error("the token refused to sign: {0}")]
    Device(String),
    #[error("cannot sign this PDF: {0}")]
    Pdf(String),
    #[error("signature too large for the reserved space")]
    TooLarge,
}

impl ToUserError for SignError {
    fn to_user_error(&self) -> UserError {
        let (code, message) = match self {
            SignError::WrongPin { tries_left: Some(n) } => (
                "sign.wrong_pin",
                format!("Fel PIN-kod. Du har {n} försök kvar innan kortet låses."),
            ),
            SignError::WrongPin { tries_left: None } => (
                "sign.wrong_pin",
                "Fel PIN-kod. Kontrollera koden och försök igen.".to_string(),
            ),
            SignError::PinLocked => (
                "sign.pin_locked",
                "PIN-koden är låst efter för många felaktiga försök. Kontakta den som gav ut kortet för att låsa upp det.".into(),
            ),
            SignError::NoToken => (
                "sign.no_token",
                "Inget kort eller ingen säkerhetsdosa hittades. Sätt i kortet och försök igen.".into(),
            ),
            SignError::NoCertificate(_) => (
                "sign.no_certificate",
                "Det finns inget certifikat att signera med på kortet eller i filen.".into(),
            ),
            SignError::Ambiguous(_) => (
                "sign.ambiguous",
                "Det finns flera certifikat eller kort. Välj vilket du vill signera med.".into(),
            ),
            SignError::CertificateExpired => (
                "sign.certificate_expired",
                "Certifikatet har gått ut eller gäller inte ännu. Kontakta den som gav ut det.".into(),
            ),
            SignError::BadPassword => (
                "sign.bad_password",
                "Fel lösenord till certifikatfilen. Kontrollera lösenordet och försök igen.".into(),
            ),
            SignError::NotPkcs12(_) => (
                "sign.not_pkcs12",
                "Filen är inte en certifikatfil (.p12 eller .pfx) som går att läsa.".into(),
            ),
            SignError::UnsupportedKey(_) => (
                "sign.unsupported_key",
                "Nyckeln är av en sort som inte stöds. RSA och ECDSA P-256 stöds.".into(),
            ),
            SignError::Module(_) => (
                "sign.module",
                "Programmodulen för kortläsaren gick inte att använda. Kontrollera sökvägen i inställningarna.".into(),
            ),
            SignError::Device(_) => (
                "sign.device",
                "Kortet kunde inte signera. Försök igen, eller sätt i kortet på nytt.".into(),
            ),
            SignError::Pdf(_) => (
                "sign.pdf",
                "PDF-filen gick inte att signera. Skapa PDF:en på nytt i Kanalansökan.".into(),
            ),
            SignError::TooLarge => (
                "sign.too_large",
                "Signaturen blev för stor för PDF-filen. Certifikatkedjan är ovanligt lång.".into(),
            ),
        };
        UserError::new(code, message)
    }
}

/// Why a signed PDF's signature is not accepted: one variant per verdict.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// Digest, signature value or signing-certificate-v2 do not hold.
    #[error("invalid signature: {0}")]
    Invalid(String),
    #[error("certificate does not chain to a trusted CA: {0}")]
    Untrusted(String),
    #[error("certificate expired at the signing time: {0}")]
    Expired(String),
    #[error("certificate not yet valid at the signing time: {0}")]
    NotYetValid(String),
    #[error("certificate revoked: {0}")]
    Revoked(String),
    /// Something was appended after the signature (it is not the last revision), or
    /// the signature was removed from the newest revision.
    #[error("changed after signing: {0}")]
    ChangedAfterSigning(String),
    /// The ByteRange leaves bytes other than the signature value uncovered.
    #[error("ByteRange does not cover the whole file: {0}")]
    IncompleteCoverage(String),
    #[error("key usage allows no signing: {0}")]
    KeyUsage(String),
    #[error("malformed signature: {0}")]
    Malformed(String),
    #[error("unsupported signature: {0}")]
    Unsupported(String),
    /// A CA certificate or CRL given to the trust store could not be read.
    #[error("not a certificate: {0}")]
    BadCertificate(String),
    #[error("not a CRL: {0}")]
    BadCrl(String),
}

impl ToUserError for SignatureError {
    fn to_user_error(&self) -> UserError {
        let (code, message) = match self {
            SignatureError::Invalid(_) => (
                "signature.invalid",
                "Den elektroniska signaturen är ogiltig: filen eller signaturen har ändrats.",
            ),
            SignatureError::Untrusted(_) => (
                "signature.untrusted",
                "Signaturen är gjord med ett certifikat från en utfärdare som inte finns bland betrodda utfärdare.",
            ),
            SignatureError::Expired(_) => (
                "signature.expired",
                "Certifikatet som signaturen gjordes med hade gått ut när filen signerades.",
            ),
            SignatureError::NotYetValid(_) => (
                "signature.not_yet_valid",
                "Certifikatet som signaturen gjordes med gällde ännu inte när filen signerades.",
            ),
            SignatureError::Revoked(_) => (
                "signature.revoked",
                "Certifikatet som signaturen gjordes med är spärrat.",
            ),
            SignatureError::ChangedAfterSigning(_) => (
                "signature.changed_after_signing",
                "Filen har ändrats efter signering.",
            ),
            SignatureError::IncompleteCoverage(_) => (
                "signature.incomplete_coverage",
                "Signaturen täcker inte hela filen, så delar av den kan ha ändrats.",
            ),
            SignatureError::KeyUsage(_) => (
                "signature.key_usage",
                "Certifikatet som signaturen gjordes med får inte användas för att signera.",
            ),
            SignatureError::Malformed(_) => (
                "signature.malformed",
                "Den elektroniska signaturen är skadad och kan inte kontrolleras.",
            ),
            SignatureError::Unsupported(_) => (
                "signature.unsupported",
                "Den elektroniska signaturen är av en sort som inte kan kontrolleras här.",
            ),
            SignatureError::BadCertificate(_) => (
                "signature.bad_certificate",
                "Filen är inte ett certifikat (PEM eller DER) som går att läsa.",
            ),
            SignatureError::BadCrl(_) => (
                "signature.bad_crl",
                "Filen är inte en spärrlista (CRL, PEM eller DER) som går att läsa.",
            ),
        };
        UserError::new(code, message)
    }
}

/// Warning code: a loaded CRL is past its nextUpdate.
pub const WARNING_CRL_OUT_OF_DATE: &str = "signature.crl_out_of_date";
