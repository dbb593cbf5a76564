//! Test PKI for the PAdES tests, minted at test time with rcgen (and OpenSSL's CLI for
//! RSA keys and .p12 files): a test CA, managers' certificates (valid, expired, wrong
//! key usage, revoked with a CRL), PKCS#12 files.
//!
//! Reuse from another test crate of the core with
//! `#[path = "pades_support/mod.rs"] mod pades_support;` (needs `rcgen` and `tempfile`
//! as dev-dependencies, both in this crate already). Everything is written below a
//! temporary directory the caller owns.
#![allow(dead_code)]

pub mod tamper;

use std::path::{Path, PathBuf};
use std::process::Command;

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DnType, IsCa, Issuer,
    KeyIdMethod, KeyPair, KeyUsagePurpose, RevokedCertParams, SerialNumber, date_time_ymd,
};

/// The kind of key a manager's certificate gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Rsa2048,
    EcdsaP256,
}

/// A test CA (ECDSA P-256, valid 2020–2040) that issues certificates and CRLs.
pub struct TestCa {
    pub params: CertificateParams,
    pub key: KeyPair,
    pub cert_der: Vec<u8>,
    pub cert_pem: String,
}

/// A manager's certificate and private key.
pub struct TestCert {
    pub cert_der: Vec<u8>,
    pub cert_pem: String,
    /// PKCS#8 PEM.
    pub key_pem: String,
    pub serial: u8,
}

/// What to mint.
pub struct CertSpec<'a> {
    pub common_name: &'a str,
    pub kind: KeyKind,
    pub serial: u8,
    /// (year, month, day) of not_before and not_after.
    pub not_before: (i32, u8, u8),
    pub not_after: (i32, u8, u8),
    pub key_usages: Vec<KeyUsagePurpose>,
}

impl<'a> CertSpec<'a> {
    /// Valid 2025-01-01 to 2030-12-31, digitalSignature + nonRepudiation.
    pub fn manager(common_name: &'a str, kind: KeyKind, serial: u8) -> Self {
        CertSpec {
            common_name,
            kind,
            serial,
            not_before: (2025, 1, 1),
            not_after: (2030, 12, 31),
            key_usages: vec![
                KeyUsagePurpose::DigitalSignature,
                KeyUsagePurpose::ContentCommitment,
            ],
        }
    }
}

impl TestCa {
    pub fn new(common_name: &str) -> TestCa {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Testkommun");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = date_time_ymd(2040, 1, 1);
        params.serial_number = Some(SerialNumber::from_slice(&[1]));
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        TestCa {
            cert_der: cert.der().to_vec(),
            cert_pem: cert.pem(),
            params,
            key,
        }
    }

    fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }

    /// Mints a certificate; RSA keys come from `openssl genpkey` (rcgen with ring cannot
    /// generate RSA keys).
    pub fn issue(&self, spec: &CertSpec<'_>) -> TestCert {
        let key = match spec.kind {
            KeyKind::EcdsaP256 => KeyPair::generate().unwrap(),
            KeyKind::Rsa2048 => {
                let out = Command::new("openssl")
                    .args([
                        "genpkey",
                        "-algorithm",
                        "RSA",
                        "-pkeyopt",
                        "rsa_keygen_bits:2048",
                    ])
                    .output()
                    .expect("openssl");
                assert!(out.status.success(), "openssl genpkey failed");
                KeyPair::from_pem(&String::from_utf8(out.stdout).unwrap()).unwrap()
            }
        };
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, spec.common_name);
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Testkommun");
        let (y, m, d) = spec.not_before;
        params.not_before = date_time_ymd(y, m, d);
        let (y, m, d) = spec.not_after;
        params.not_after = date_time_ymd(y, m, d);
        params.serial_number = Some(SerialNumber::from_slice(&[spec.serial]));
        params.key_usages = spec.key_usages.clone();
        params.use_authority_key_identifier_extension = true;
        let cert = params.signed_by(&key, &self.issuer()).unwrap();
        TestCert {
            cert_der: cert.der().to_vec(),
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            serial: spec.serial,
        }
    }

    /// A CRL (PEM) listing `revoked` serials, issued `this_update`, next `next_update`.
    pub fn crl(
        &self,
        revoked: &[u8],
        this_update: (i32, u8, u8),
        next_update: (i32, u8, u8),
    ) -> String {
        let params = CertificateRevocationListParams {
            this_update: date_time_ymd(this_update.0, this_update.1, this_update.2),
            next_update: date_time_ymd(next_update.0, next_update.1, next_update.2),
            crl_number: SerialNumber::from_slice(&[1]),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|&s| RevokedCertParams {
                    serial_number: SerialNumber::from_slice(&[s]),
                    revocation_time: date_time_ymd(2026, 1, 1),
                    reason_code: None,
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        };
        params.signed_by(&self.issuer()).unwrap().pem().unwrap()
    }
}

/// Writes `cert` (with its key and, if given, the CA) as a PKCS#12 file via `openssl
/// pkcs12 -export` (OpenSSL 3's defaults: PBES2, AES-256-CBC, HMAC-SHA256).
pub fn p12(
    dir: &Path,
    name: &str,
    cert: &TestCert,
    ca: Option<&TestCa>,
    password: &str,
) -> PathBuf {
    let cert_path = dir.join(format!("{name}.crt.pem"));
    let key_path = dir.join(format!("{name}.key.pem"));
    std::fs::write(&cert_path, &cert.cert_pem).unwrap();
    std::fs::write(&key_path, &cert.key_pem).unwrap();
    let out = dir.join(format!("{name}.p12"));
    let mut cmd = Command::new("openssl");
    cmd.args(["pkcs12", "-export", "-inkey"])
        .arg(&key_path)
        .arg("-in")
        .arg(&cert_path)
        .arg("-out")
        .arg(&out)
        .args(["-passout", &format!("pass:{password}"), "-name", name]);
    if let Some(ca) = ca {
        let ca_path = dir.join(format!("{name}.ca.pem"));
        std::fs::write(&ca_path, &ca.cert_pem).unwrap();
        cmd.arg("-certfile").arg(&ca_path);
    }
    let status = cmd.status().expect("openssl");
    assert!(status.success(), "openssl pkcs12 -export failed");
    out
}
