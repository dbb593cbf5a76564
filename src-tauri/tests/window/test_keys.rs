//! Test keys for issue 14's window tests: a test CA and a manager's certificate
//! (ECDSA P-256), minted with rcgen and written as a .p12 with p12-keystore; and
//! for the card tests a CA whose managers' keys go onto a SoftHSM2 token.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};

/// A .p12 for `name` protected by `password`, and the issuing test CA's DER.
pub fn mint_p12(name: &str, password: &str) -> (Vec<u8>, Vec<u8>) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name = DistinguishedName::new();
    ca.distinguished_name
        .push(DnType::CommonName, "Testkommunens CA");
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, &ca_key);

    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(Vec::<String>::new()).unwrap();
    leaf.distinguished_name = DistinguishedName::new();
    leaf.distinguished_name.push(DnType::CommonName, name);
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    leaf.not_before = rcgen::date_time_ymd(2025, 1, 1);
    leaf.not_after = rcgen::date_time_ymd(2035, 1, 1);
    let leaf_cert = leaf.signed_by(&key, &issuer).unwrap();

    let chain = vec![
        p12_keystore::Certificate::from_der(leaf_cert.der()).unwrap(),
        p12_keystore::Certificate::from_der(ca_cert.der()).unwrap(),
    ];
    let entry = p12_keystore::PrivateKeyChain::new(key.serialize_der(), [1u8; 20], chain);
    let mut store = p12_keystore::KeyStore::new();
    store.add_entry("chef", p12_keystore::KeyStoreEntry::PrivateKeyChain(entry));
    (
        store.writer(password).write().unwrap(),
        ca_cert.der().to_vec(),
    )
}

/// A test CA with a readable name, as a municipality's issuer of staff e-ID.
pub struct TestCa {
    /// The CA certificate, PEM: what the registrar adds under "Betrodda utfärdare".
    pub cert_pem: String,
    issuer: Issuer<'static, KeyPair>,
}

/// A manager's key (PKCS#8 PEM) and certificate (PEM), as a card holds them.
pub struct ManagerKey {
    pub key_pem: String,
    pub cert_pem: String,
}

impl TestCa {
    /// "CN=Testkommunens CA,O=Smedjebackens kommun,C=SE".
    pub fn mint() -> TestCa {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = DistinguishedName::new();
        params.distinguished_name.push(DnType::CountryName, "SE");
        params
            .distinguished_name
            .push(DnType::OrganizationName, "Smedjebackens kommun");
        params
            .distinguished_name
            .push(DnType::CommonName, "Testkommunens CA");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2040, 1, 1);
        let cert = params.self_signed(&key).unwrap();
        TestCa {
            cert_pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// An ECDSA P-256 signing key for `name`, valid from `from` to `until` (years).
    pub fn manager(&self, name: &str, from: i32, until: i32) -> ManagerKey {
        let key = KeyPair::generate().unwrap();
        let mut leaf = CertificateParams::new(Vec::<String>::new()).unwrap();
        leaf.distinguished_name = DistinguishedName::new();
        leaf.distinguished_name.push(DnType::CountryName, "SE");
        leaf.distinguished_name
            .push(DnType::OrganizationName, "Smedjebackens kommun");
        leaf.distinguished_name.push(DnType::CommonName, name);
        leaf.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        leaf.not_before = rcgen::date_time_ymd(from, 1, 1);
        leaf.not_after = rcgen::date_time_ymd(until, 1, 1);
        let cert = leaf.signed_by(&key, &self.issuer).unwrap();
        ManagerKey {
            key_pem: key.serialize_pem(),
            cert_pem: cert.pem(),
        }
    }
}
