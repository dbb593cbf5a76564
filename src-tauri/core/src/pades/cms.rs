//! The detached CMS SignedData of a PAdES signature (RFC 5652 §5), CAdES baseline B-B
//! (ETSI EN 319 122-1 §6.3): the signed attributes content-type (§11.1),
//! message-digest (§11.2) and signing-certificate-v2 (RFC 5035 §3), and deliberately
//! no signing-time: PAdES puts the time in the signature dictionary's `/M`
//! (ETSI EN 319 142-1 §5.4).

use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{Any, ObjectIdentifier as Oid, OctetString, SetOfVec};
use der::{Decode, Encode, Reader, Sequence, SliceReader};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::{GeneralName, GeneralNames};
use x509_cert::serial_number::SerialNumber;

use super::algorithm::{self, ECDSA_WITH_SHA256, RSA_ENCRYPTION, SHA256};
use super::{KeyAlgorithm, SignError, SignatureError, Signer};

const ID_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: Oid = Oid::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: Oid = Oid::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: Oid = Oid::new_unwrap("1.2.840.113549.1.9.4");
/// id-aa-signingCertificateV2 (RFC 5035 §3).
const ID_AA_SIGNING_CERTIFICATE_V2: Oid = Oid::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }`
#[derive(Clone, Debug, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT id-sha256, certHash, issuerSerial OPTIONAL }`
#[derive(Clone, Debug, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

/// `IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }`
#[derive(Clone, Debug, Sequence)]
struct IssuerSerial {
    issuer: GeneralNames,
    serial_number: SerialNumber,
}

fn pdf_err(e: impl std::fmt::Display) -> SignError {
    SignError::Pdf(format!("CMS: {e}"))
}

fn attribute(oid: Oid, value: Any) -> Result<Attribute, der::Error> {
    Ok(Attribute {
        oid,
        values: SetOfVec::try_from(vec![value])?,
    })
}

/// The DER of a detached SignedData over content whose SHA-256 is `digest`.
pub(crate) fn build(signer: &dyn Signer, digest: &[u8]) -> Result<Vec<u8>, SignError> {
    let cert = Certificate::from_der(signer.certificate_der())
        .map_err(|e| SignError::NoCertificate(format!("certificate: {e}")))?;
    let tbs = &cert.tbs_certificate;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            hash_algorithm: None, // DEFAULT id-sha256: absent in DER
            cert_hash: OctetString::new(Sha256::digest(signer.certificate_der()).to_vec())
                .map_err(pdf_err)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(tbs.issuer.clone())],
                serial_number: tbs.serial_number.clone(),
            }),
        }],
        policies: None,
    };
    let attrs = vec![
        attribute(
            ID_CONTENT_TYPE,
            Any::encode_from(&ID_DATA).map_err(pdf_err)?,
        ),
        attribute(
            ID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest.to_vec()).map_err(pdf_err)?)
                .map_err(pdf_err)?,
        ),
        attribute(
            ID_AA_SIGNING_CERTIFICATE_V2,
            Any::encode_from(&ess).map_err(pdf_err)?,
        ),
    ]
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(pdf_err)?;
    let signed_attrs = SetOfVec::try_from(attrs).map_err(pdf_err)?;
    let message = signed_attrs.to_der().map_err(pdf_err)?;
    let signature = signer.sign(&message)?;
    let signature_algorithm = match signer.algorithm() {
        KeyAlgorithm::Rsa => AlgorithmIdentifierOwned {
            oid: RSA_ENCRYPTION,
            parameters: Some(Any::null()),
        },
        KeyAlgorithm::EcdsaP256 => AlgorithmIdentifierOwned {
            oid: ECDSA_WITH_SHA256,
            parameters: None,
        },
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: SHA256,
        parameters: None,
    };
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        }),
        digest_alg: sha256.clone(),
        signed_attrs: Some(signed_attrs),
        signature_algorithm,
        signature: OctetString::new(signature).map_err(pdf_err)?,
        unsigned_attrs: None,
    };
    let mut certificates = vec![CertificateChoices::Certificate(cert.clone())];
    for der_bytes in signer.chain_der() {
        let c = Certificate::from_der(der_bytes).map_err(pdf_err)?;
        certificates.push(CertificateChoices::Certificate(c));
    }
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(pdf_err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(certificates).map_err(pdf_err)?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).map_err(pdf_err)?),
    };
    let content_info = ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(pdf_err)?,
    };
    content_info.to_der().map_err(pdf_err)
}

/// A SignedData whose signature value and attributes hold.
pub(crate) struct Checked {
    /// The signer's certificate and its DER.
    pub signer: Certificate,
    pub signer_der: Vec<u8>,
    /// Every certificate in the SignedData (the signer's included).
    pub certificates: Vec<Certificate>,
}

fn malformed(e: impl std::fmt::Display) -> SignatureError {
    SignatureError::Malformed(e.to_string())
}

/// Checks a detached SignedData (`contents`, zero padding after the DER allowed) against
/// the SHA-256 `digest` of the signed bytes: content-type, message-digest, the signature
/// value over the signed attributes and signing-certificate-v2 (RFC 5652 §5.4, §5.6;
/// RFC 5035 §5.4).
pub(crate) fn check(contents: &[u8], digest: &[u8]) -> Result<Checked, SignatureError> {
    let mut reader = SliceReader::new(contents).map_err(malformed)?;
    let content_info: ContentInfo = reader.decode().map_err(malformed)?;
    if content_info.content_type != ID_SIGNED_DATA {
        return Err(SignatureError::Unsupported("not SignedData".into()));
    }
    let signed_data: SignedData = content_info.content.decode_as().map_err(malformed)?;
    if signed_data.encap_content_info.econtent.is_some() {
        return Err(SignatureError::Unsupported("not detached".into()));
    }
    let mut infos = signed_data.signer_infos.0.iter();
    let (Some(info), None) = (infos.next(), infos.next()) else {
        return Err(SignatureError::Unsupported(
            "not exactly one SignerInfo".into(),
        ));
    };
    if info.digest_alg.oid != SHA256 {
        return Err(SignatureError::Unsupported(format!(
            "digest {}",
            info.digest_alg.oid
        )));
    }
    let certificates: Vec<Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let signer = match &info.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certificates.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => None,
    }
    .cloned()
    .ok_or_else(|| SignatureError::Malformed("signer's certificate not in the CMS".into()))?;
    let signer_der = signer.to_der().map_err(malformed)?;

    let attrs = info
        .signed_attrs
        .as_ref()
        .ok_or_else(|| SignatureError::Malformed("no signed attributes".into()))?;
    let single = |oid: Oid| -> Result<&Any, SignatureError> {
        let mut found = attrs.iter().filter(|a| a.oid == oid);
        match (found.next(), found.next()) {
            (Some(a), None) if a.values.len() == 1 => Ok(a.values.get(0).expect("len 1")),
            _ => Err(SignatureError::Malformed(format!(
                "attribute {oid} missing or repeated"
            ))),
        }
    };
    let content_type: Oid = single(ID_CONTENT_TYPE)?.decode_as().map_err(malformed)?;
    if content_type != ID_DATA {
        return Err(SignatureError::Malformed(
            "content-type is not id-data".into(),
        ));
    }
    let message_digest: OctetString = single(ID_MESSAGE_DIGEST)?.decode_as().map_err(malformed)?;
    if message_digest.as_bytes() != digest {
        return Err(SignatureError::Invalid(
            "message-digest does not match the signed bytes".into(),
        ));
    }
    let message = attrs.to_der().map_err(malformed)?;
    let spki = signer
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(malformed)?;
    let holds = algorithm::verify(
        &spki,
        &info.signature_algorithm.oid,
        &message,
        info.signature.as_bytes(),
    )
    .map_err(SignatureError::Unsupported)?;
    if !holds {
        return Err(SignatureError::Invalid(
            "signature value does not verify".into(),
        ));
    }
    let ess: SigningCertificateV2 = single(ID_AA_SIGNING_CERTIFICATE_V2)?
        .decode_as()
        .map_err(malformed)?;
    let first = ess
        .certs
        .first()
        .ok_or_else(|| SignatureError::Malformed("empty signing-certificate-v2".into()))?;
    let hash_oid = first.hash_algorithm.as_ref().map_or(SHA256, |a| a.oid);
    if hash_oid != SHA256 {
        return Err(SignatureError::Unsupported(format!("ESS hash {hash_oid}")));
    }
    if first.cert_hash.as_bytes() != Sha256::digest(&signer_der).as_slice() {
        return Err(SignatureError::Invalid(
            "signing-certificate-v2 does not match the certificate".into(),
        ));
    }
    let _ = reader.is_finished();
    Ok(Checked {
        signer,
        signer_der,
        certificates,
    })
}
