//! The registrar's trust: CA certificates and CRLs, and the checks of RFC 5280 §6 that
//! the import needs, offline: a chain from the signer to a trusted CA (each signature
//! verified), every certificate valid at the signing time, the signer's key usage
//! (§4.2.1.3: digitalSignature or nonRepudiation), and revocation against loaded CRLs
//! (§5, §6.3; a CRL past its nextUpdate is a warning, not a failure).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use der::{Decode, Encode};
use x509_cert::Certificate;
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::KeyUsage;

use super::certinfo::{self, CertificateInfo, CrlInfo, time_utc};
use super::error::WARNING_CRL_OUT_OF_DATE;
use super::{SignatureError, algorithm};
use crate::error::UserError;

/// The longest chain followed (signer, intermediates, trusted CA).
const MAX_CHAIN: usize = 8;
const KEY_USAGE: der::asn1::ObjectIdentifier = der::asn1::ObjectIdentifier::new_unwrap("2.5.29.15");

/// Trusted CA certificates and CRLs (PEM or DER accepted).
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    cas: Vec<Certificate>,
    crls: Vec<CertificateList>,
    /// Certificate signatures already verified against an issuer, so that an
    /// import of many files by the same manager verifies the manager's certificate
    /// once, not once per file (it was a tenth of a signed import's CPU). Only
    /// successes are kept, keyed by the exact DER of the signed part, the signature
    /// and the issuer's public key: the same bytes give the same answer. Validity,
    /// key usage and CRLs are still checked for every file.
    verified: Arc<Mutex<HashSet<Vec<u8>>>>,
}

impl TrustStore {
    pub fn new() -> Self {
        TrustStore::default()
    }

    /// Adds a CA certificate (the first one in a PEM file).
    pub fn add_ca(&mut self, pem_or_der: &[u8]) -> Result<CertificateInfo, SignatureError> {
        let der_bytes = certinfo::pem_or_der(pem_or_der, "CERTIFICATE")
            .into_iter()
            .next()
            .ok_or_else(|| SignatureError::BadCertificate("empty PEM".into()))?;
        let cert = Certificate::from_der(&der_bytes)
            .map_err(|e| SignatureError::BadCertificate(e.to_string()))?;
        let info = certinfo::info_of(&cert, &der_bytes);
        self.cas.push(cert);
        Ok(info)
    }

    /// Adds a CRL (the first one in a PEM file).
    pub fn add_crl(&mut self, pem_or_der: &[u8]) -> Result<CrlInfo, SignatureError> {
        let der_bytes = certinfo::pem_or_der(pem_or_der, "X509 CRL")
            .into_iter()
            .next()
            .ok_or_else(|| SignatureError::BadCrl("empty PEM".into()))?;
        let crl = CertificateList::from_der(&der_bytes)
            .map_err(|e| SignatureError::BadCrl(e.to_string()))?;
        let info = certinfo::crl_info(&crl);
        self.crls.push(crl);
        Ok(info)
    }

    /// Checks `signer` (with the further certificates the signature carries) at the
    /// signing time `at`; returns the warnings.
    pub(crate) fn check(
        &self,
        signer: &Certificate,
        carried: &[Certificate],
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<UserError>, SignatureError> {
        let chain = self.chain(signer, carried)?;
        for cert in &chain {
            let validity = &cert.tbs_certificate.validity;
            let who = cert.tbs_certificate.subject.to_string();
            if at < time_utc(&validity.not_before) {
                return Err(SignatureError::NotYetValid(who));
            }
            if at > time_utc(&validity.not_after) {
                return Err(SignatureError::Expired(who));
            }
        }
        key_usage_allows_signing(signer)?;
        let mut warnings = Vec::new();
        for pair in chain.windows(2) {
            let (cert, issuer) = (&pair[0], &pair[1]);
            for crl in &self.crls {
                let tbs = &crl.tbs_cert_list;
                if tbs.issuer != cert.tbs_certificate.issuer || !crl_signed_by(crl, issuer) {
                    continue;
                }
                let revoked = tbs.revoked_certificates.iter().flatten().any(|r| {
                    r.serial_number == cert.tbs_certificate.serial_number
                        && time_utc(&r.revocation_date) <= now
                });
                if revoked {
                    return Err(SignatureError::Revoked(
                        cert.tbs_certificate.subject.to_string(),
                    ));
                }
                if tbs.next_update.as_ref().is_some_and(|t| time_utc(t) < now) {
                    warnings.push(UserError::new(
                        WARNING_CRL_OUT_OF_DATE,
                        format!(
                            "Spärrlistan från {} är inaktuell (nästa uppdatering skulle ha kommit {}). Läs in en ny spärrlista.",
                            tbs.issuer,
                            certinfo::rfc3339(time_utc(tbs.next_update.as_ref().expect("checked")))
                        ),
                    ));
                }
            }
        }
        Ok(warnings)
    }

    /// From the signer up to a trusted CA, each certificate's signature verified by the next.
    fn chain(
        &self,
        signer: &Certificate,
        carried: &[Certificate],
    ) -> Result<Vec<Certificate>, SignatureError> {
        let mut chain = vec![signer.clone()];
        while chain.len() < MAX_CHAIN {
            let current = chain.last().expect("non-empty");
            let issuer_name = &current.tbs_certificate.issuer;
            if let Some(ca) = self.cas.iter().find(|ca| {
                &ca.tbs_certificate.subject == issuer_name && self.cert_signed_by(current, ca)
            }) {
                chain.push(ca.clone());
                return Ok(chain);
            }
            let next = carried.iter().find(|c| {
                &c.tbs_certificate.subject == issuer_name
                    && c.tbs_certificate.subject != c.tbs_certificate.issuer
                    && !chain.contains(c)
                    && self.cert_signed_by(current, c)
            });
            match next {
                Some(c) => chain.push(c.clone()),
                None => break,
            }
        }
        Err(SignatureError::Untrusted(
            signer.tbs_certificate.issuer.to_string(),
        ))
    }
}

fn spki_der(issuer: &Certificate) -> Option<Vec<u8>> {
    issuer.tbs_certificate.subject_public_key_info.to_der().ok()
}

impl TrustStore {
    /// Whether `issuer`'s key made `cert`'s signature (RFC 5280 §6.1.3 (a)(1)),
    /// remembered in [`TrustStore::verified`] once true.
    fn cert_signed_by(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        let (Some(spki), Ok(tbs)) = (spki_der(issuer), cert.tbs_certificate.to_der()) else {
            return false;
        };
        let Some(sig) = cert.signature.as_bytes() else {
            return false;
        };
        let Ok(alg) = cert.signature_algorithm.oid.to_der() else {
            return false;
        };
        let mut key = Vec::with_capacity(tbs.len() + sig.len() + spki.len() + alg.len() + 24);
        for part in [&tbs[..], sig, &spki, &alg] {
            key.extend_from_slice(&(part.len() as u64).to_be_bytes());
            key.extend_from_slice(part);
        }
        let memo = |f: &dyn Fn(&mut HashSet<Vec<u8>>) -> bool| {
            self.verified
                .lock()
                .map(|mut set| f(&mut set))
                .unwrap_or(false)
        };
        if memo(&|set| set.contains(&key)) {
            return true;
        }
        let ok =
            algorithm::verify(&spki, &cert.signature_algorithm.oid, &tbs, sig).unwrap_or(false);
        if ok {
            memo(&|set| set.insert(key.clone()));
        }
        ok
    }
}

fn crl_signed_by(crl: &CertificateList, issuer: &Certificate) -> bool {
    let (Some(spki), Ok(tbs)) = (spki_der(issuer), crl.tbs_cert_list.to_der()) else {
        return false;
    };
    let Some(sig) = crl.signature.as_bytes() else {
        return false;
    };
    algorithm::verify(&spki, &crl.signature_algorithm.oid, &tbs, sig).unwrap_or(false)
}

/// RFC 5280 §4.2.1.3: absent means unrestricted; present, it must allow
/// digitalSignature or nonRepudiation (contentCommitment).
fn key_usage_allows_signing(cert: &Certificate) -> Result<(), SignatureError> {
    let Some(ext) = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == KEY_USAGE)
    else {
        return Ok(());
    };
    let usage = KeyUsage::from_der(ext.extn_value.as_bytes())
        .map_err(|e| SignatureError::Malformed(format!("key usage: {e}")))?;
    if usage.digital_signature() || usage.non_repudiation() {
        Ok(())
    } else {
        Err(SignatureError::KeyUsage(
            cert.tbs_certificate.subject.to_string(),
        ))
    }
}
