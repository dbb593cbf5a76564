//! What a person (and the register) is shown of a certificate or a CRL (RFC 5280 §4.1, §5.1).

use chrono::{DateTime, SecondsFormat, Utc};
use der::Decode;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::name::Name;
use x509_cert::time::Time;

use super::SignatureError;

/// A certificate as the register records it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CertificateInfo {
    /// The subject's commonName, else the whole DN.
    pub subject_name: String,
    /// RFC 4514 string of the subject.
    pub subject_dn: String,
    pub issuer_dn: String,
    /// Serial number, lower-case hex without separators.
    pub serial_hex: String,
    /// SHA-256 of the certificate's DER, lower-case hex.
    pub sha256_hex: String,
    /// RFC 3339, UTC.
    pub not_before: String,
    pub not_after: String,
}

/// A CRL as the trust store holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CrlInfo {
    pub issuer_dn: String,
    pub this_update: String,
    pub next_update: Option<String>,
    /// Number of revoked certificates listed.
    pub revoked: usize,
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn time_utc(t: &Time) -> DateTime<Utc> {
    let secs = t.to_unix_duration().as_secs();
    DateTime::from_timestamp(i64::try_from(secs).unwrap_or(i64::MAX), 0).unwrap_or_default()
}

pub(crate) fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The commonName of `name` (the last one, the most specific), if any.
pub(crate) fn common_name(name: &Name) -> Option<String> {
    let mut found = None;
    for rdn in name.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::CN {
                if let Ok(s) = std::str::from_utf8(atv.value.value()) {
                    found = Some(s.to_string());
                }
            }
        }
    }
    found
}

pub(crate) fn info_of(cert: &Certificate, der_bytes: &[u8]) -> CertificateInfo {
    let tbs = &cert.tbs_certificate;
    let subject_dn = tbs.subject.to_string();
    CertificateInfo {
        subject_name: common_name(&tbs.subject).unwrap_or_else(|| subject_dn.clone()),
        subject_dn,
        issuer_dn: tbs.issuer.to_string(),
        serial_hex: hex(tbs.serial_number.as_bytes()),
        sha256_hex: hex(&Sha256::digest(der_bytes)),
        not_before: rfc3339(time_utc(&tbs.validity.not_before)),
        not_after: rfc3339(time_utc(&tbs.validity.not_after)),
    }
}

/// The [`CertificateInfo`] of a DER certificate.
pub fn certificate_info(der_bytes: &[u8]) -> Result<CertificateInfo, SignatureError> {
    let cert = Certificate::from_der(der_bytes)
        .map_err(|e| SignatureError::BadCertificate(e.to_string()))?;
    Ok(info_of(&cert, der_bytes))
}

pub(crate) fn crl_info(crl: &CertificateList) -> CrlInfo {
    let tbs = &crl.tbs_cert_list;
    CrlInfo {
        issuer_dn: tbs.issuer.to_string(),
        this_update: rfc3339(time_utc(&tbs.this_update)),
        next_update: tbs.next_update.as_ref().map(|t| rfc3339(time_utc(t))),
        revoked: tbs.revoked_certificates.as_ref().map_or(0, Vec::len),
    }
}

/// DER of a PEM (`label`) or DER input: the first PEM block with that label, else the bytes as they are.
pub(crate) fn pem_or_der(input: &[u8], label: &str) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(input);
    let begin = format!("-----BEGIN {label}-----");
    if !text.contains(&begin) {
        return vec![input.to_vec()];
    }
    let mut out = Vec::new();
    let end = format!("-----END {label}-----");
    let mut rest = &text[..];
    while let Some(start) = rest.find(&begin) {
        let Some(stop) = rest[start..].find(&end) else {
            break;
        };
        let block = &rest[start..start + stop + end.len()];
        if let Ok((_, der_bytes)) = der::pem::decode_vec(block.as_bytes()) {
            out.push(der_bytes);
        }
        rest = &rest[start + stop + end.len()..];
    }
    out
}
