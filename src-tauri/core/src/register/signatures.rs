//! The digital signature (PAdES, ETSI EN 319 142-1) of an imported PDF, as the
//! import verified it against the registrar's trust ([`super::trust`]), and as the
//! register keeps it: who signed (the certificate's name, serial, SHA-256
//! fingerprint, issuer), when (the signature dictionary's `/M`: the signer's clock,
//! there is no timestamp authority), the outcome and any warnings. Archives advise
//! documenting the check made at receipt; this is that record.
//!
//! The cryptography is [`crate::pades::verify_pdf_signature`]'s; this file decides
//! what the import does with its answer (the policy for unsigned applications, the
//! name check against "Namnförtydligande") and stores it.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::RegisterError;
use super::trust::{UnsignedPolicy, trust_store, unsigned_policy};
use crate::error::{ToUserError, UserError};
use crate::model::Application;
use crate::pades::verify::verify_parsed_signature;
use crate::pades::{SignatureReport, TrustStore};
use crate::pdf::ParsedPdf;

/// The word for a version without a digital signature, everywhere it is shown.
pub const NOT_DIGITALLY_SIGNED: &str = "Inte elektroniskt signerad";

/// A verified digital signature of an imported application version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DigitalSignature {
    /// The certificate's CN (else its DN).
    pub signer_name: String,
    pub subject_dn: String,
    /// The certificate's serial number, hex.
    pub serial: String,
    /// SHA-256 of the signer's certificate (DER), lower-case hex.
    pub sha256: String,
    pub issuer_dn: String,
    /// RFC 3339, the signature dictionary's `/M`.
    pub signing_time: String,
    /// "verifierad": valid, covering the whole file, chained to a trusted issuer,
    /// valid at the signing time, allowed to sign, not on a loaded CRL.
    pub outcome: String,
    /// What the registrar reads: "Verifierad".
    pub outcome_label: String,
    /// Shown with the verdict: the name does not match "Namnförtydligande", a CRL
    /// is out of date, …
    pub warnings: Vec<UserError>,
}

impl DigitalSignature {
    /// "Elektroniskt signerad av Karin Ålund (verifierad)".
    pub fn label(&self) -> String {
        format!(
            "Elektroniskt signerad av {} ({})",
            self.signer_name,
            self.outcome_label.to_lowercase()
        )
    }
}

/// The label for an optional signature: [`DigitalSignature::label`] or
/// [`NOT_DIGITALLY_SIGNED`].
pub fn signature_label(signature: Option<&DigitalSignature>) -> String {
    signature.map_or_else(|| NOT_DIGITALLY_SIGNED.to_string(), DigitalSignature::label)
}

/// How the import checks digital signatures: a verifier (the real one, or a
/// stand-in in unit tests) and the registrar's policy for unsigned applications.
/// A digital-signature verifier: `Ok(None)` when the file has none.
pub(crate) type VerifySignature<'a> =
    dyn Fn(&ParsedPdf<'_>) -> Result<Option<SignatureReport>, UserError> + 'a;

pub(crate) struct SignatureCheck<'a> {
    pub verify: &'a VerifySignature<'a>,
    pub policy: UnsignedPolicy,
}

/// The registrar's trust, loaded once per batch.
pub(crate) struct LoadedTrust {
    store: TrustStore,
    policy: UnsignedPolicy,
    now: DateTime<Utc>,
}

impl LoadedTrust {
    pub fn load(conn: &Connection, now: DateTime<Utc>) -> Result<LoadedTrust, RegisterError> {
        Ok(LoadedTrust {
            store: trust_store(conn)?,
            policy: unsigned_policy(conn)?,
            now,
        })
    }

    /// [`crate::pades::verify_pdf_signature`] against the loaded trust, its error in Swedish; a
    /// signing time after the import gets a warning ([`signed_after`]).
    pub fn verify(&self, pdf: &ParsedPdf<'_>) -> Result<Option<SignatureReport>, UserError> {
        let mut report = verify_parsed_signature(pdf, &self.store, self.now).map_err(|e| {
            log::info!("import: signature: {e:?}");
            e.to_user_error()
        })?;
        if let Some(r) = &mut report {
            r.warnings.extend(signed_after(&r.signing_time, self.now));
        }
        Ok(report)
    }

    /// Runs `f` with the [`SignatureCheck`] of this trust.
    pub fn with_check<R>(&self, f: impl FnOnce(&SignatureCheck<'_>) -> R) -> R {
        let verify = |pdf: &ParsedPdf<'_>| self.verify(pdf);
        f(&SignatureCheck {
            verify: &verify,
            policy: self.policy,
        })
    }
}

/// A signing time (`/M`, the signer's own clock) more than an hour after `now`
/// cannot be true. The certificate was checked as valid at that time, which says
/// nothing of today, so the registrar is told (issue 14: the time is the signer's
/// clock, there is no timestamp authority; a time in the past cannot be caught).
fn signed_after(signing_time: &str, now: DateTime<Utc>) -> Option<UserError> {
    let at = DateTime::parse_from_rfc3339(signing_time)
        .ok()?
        .with_timezone(&Utc);
    (at > now + chrono::TimeDelta::hours(1)).then(|| {
        UserError::new(
            "signature.time_in_future",
            format!(
                "Filen säger att den signerades {}, alltså efter importen. Klockan i datorn \
                 som signerade gick fel, eller ställdes om. Certifikatet har bara kontrollerats \
                 för den tiden: fråga chefen när ansökan signerades.",
                at.format("%Y-%m-%d %H:%M UTC")
            ),
        )
    })
}

/// Refused under [`UnsignedPolicy::Refuse`].
pub(crate) fn not_digitally_signed() -> UserError {
    UserError::new(
        "register.not_digitally_signed",
        "Ansökan är inte elektroniskt signerad, och registret tar bara emot elektroniskt \
         signerade ansökningar. Be chefen signera PDF-filen med e-legitimation eller \
         certifikatfil, eller ändra regeln under Betrodda utfärdare.",
    )
}

/// The record of a verified signature for `app`, with a warning when the
/// certificate's name is not the approver's "Namnförtydligande".
pub(crate) fn record_of(report: SignatureReport, app: &Application) -> DigitalSignature {
    record_named(report, &app.approval.name)
}

/// The record of a verified signature of a document approved by `approver`
/// (its "Namnförtydligande"): an application, a closure notice.
pub(crate) fn record_named(report: SignatureReport, approver: &str) -> DigitalSignature {
    let mut warnings = report.warnings;
    if !same_person(&report.signer.subject_name, approver) {
        warnings.push(UserError::new(
            "signature.name_mismatch",
            format!(
                "Certifikatet tillhör {}, men namnförtydligandet är {}. Kontrollera att det \
                 är rätt chef som har godkänt.",
                report.signer.subject_name,
                approver.trim()
            ),
        ));
    }
    DigitalSignature {
        signer_name: report.signer.subject_name,
        subject_dn: report.signer.subject_dn,
        serial: report.signer.serial_hex,
        sha256: report.signer.sha256_hex,
        issuer_dn: report.signer.issuer_dn,
        signing_time: report.signing_time,
        outcome: "verifierad".into(),
        outcome_label: "Verifierad".into(),
        warnings,
    }
}

/// The same words in any order, case and commas ignored: "Ålund, Karin" and
/// "karin ålund" are Karin Ålund (certificates often put the surname first).
fn same_person(certificate_name: &str, typed_name: &str) -> bool {
    let words = |s: &str| {
        let mut w: Vec<String> = s
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .collect();
        w.sort();
        w
    };
    let cert = words(certificate_name);
    !cert.is_empty() && cert == words(typed_name)
}

/// Stores the signature of the application version in `application_row`.
pub(crate) fn store(
    conn: &Connection,
    application_row: i64,
    s: &DigitalSignature,
) -> Result<(), RegisterError> {
    let warnings =
        serde_json::to_string(&s.warnings).map_err(|e| RegisterError::Corrupt(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO register_signatures (application_row, signer_name, subject_dn, serial,
            sha256, issuer_dn, signing_time, outcome, warnings)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        application_row,
        s.signer_name,
        s.subject_dn,
        s.serial,
        s.sha256,
        s.issuer_dn,
        s.signing_time,
        s.outcome,
        warnings,
    ])?;
    Ok(())
}

/// The columns [`from_columns`] reads, for a LEFT JOIN on `register_signatures s`.
pub(crate) const COLUMNS: &str = "s.signer_name, s.subject_dn, s.serial, s.sha256, s.issuer_dn,
    s.signing_time, s.outcome, s.warnings";

/// Reads [`COLUMNS`] starting at `first`; `None` when the version has no row.
pub(crate) fn from_columns(
    r: &rusqlite::Row<'_>,
    first: usize,
) -> rusqlite::Result<Option<DigitalSignature>> {
    let Some(signer_name) = r.get::<_, Option<String>>(first)? else {
        return Ok(None);
    };
    let warnings: String = r.get(first + 7)?;
    let outcome: String = r.get(first + 6)?;
    Ok(Some(DigitalSignature {
        signer_name,
        subject_dn: r.get(first + 1)?,
        serial: r.get(first + 2)?,
        sha256: r.get(first + 3)?,
        issuer_dn: r.get(first + 4)?,
        signing_time: r.get(first + 5)?,
        outcome_label: if outcome == "verifierad" {
            "Verifierad".into()
        } else {
            outcome.clone()
        },
        outcome,
        warnings: serde_json::from_str(&warnings).unwrap_or_default(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_in_any_order_and_case() {
        assert!(same_person("Karin Ålund", "Karin Ålund"));
        assert!(same_person("Ålund, Karin", "karin  ålund "));
        assert!(!same_person("Karin Ålund", "Kalle Ålund"));
        assert!(!same_person("", ""));
        assert!(!same_person("Karin Ålund", "Karin Maria Ålund"));
    }

    #[test]
    fn a_signing_time_after_the_import_is_warned_of() {
        let now = DateTime::parse_from_rfc3339("2026-11-29T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(signed_after("2026-11-28T09:15:42Z", now), None);
        assert_eq!(
            signed_after("2026-11-29T12:59:00Z", now),
            None,
            "clock drift"
        );
        let w = signed_after("2029-06-01T10:00:00Z", now).unwrap();
        assert_eq!(w.code, "signature.time_in_future");
        assert!(w.message.contains("2029-06-01 10:00 UTC"), "{}", w.message);
        assert_eq!(signed_after("not a time", now), None);
    }

    #[test]
    fn labels_say_who_signed_or_that_nobody_did() {
        assert_eq!(signature_label(None), "Inte elektroniskt signerad");
        let s = DigitalSignature {
            signer_name: "Karin Ålund".into(),
            subject_dn: String::new(),
            serial: String::new(),
            sha256: String::new(),
            issuer_dn: String::new(),
            signing_time: String::new(),
            outcome: "verifierad".into(),
            outcome_label: "Verifierad".into(),
            warnings: vec![],
        };
        assert_eq!(
            signature_label(Some(&s)),
            "Elektroniskt signerad av Karin Ålund (verifierad)"
        );
    }
}
