//! `kanalansokan trust add|add-crl|list|remove|remove-crl|policy --register REG.sqlite …`:
//! the registrar's "Betrodda utfärdare" for digital signatures (issue 14).

use std::io::Write;
use std::path::PathBuf;

use super::register::{fail, open_register};
use crate::error::{ToUserError, UserError};
use crate::register::{self, RegisterError, UnsignedPolicy};

#[derive(Debug, clap::Args)]
pub struct TrustArgs {
    /// The register database.
    #[arg(long, value_name = "REG.sqlite", global = true)]
    pub register: Option<PathBuf>,
    #[command(subcommand)]
    pub action: TrustAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum TrustAction {
    /// Trust a CA certificate (PEM or DER): signatures by certificates it issued are accepted.
    Add {
        #[arg(value_name = "CA.pem")]
        file: PathBuf,
    },
    /// Load a certificate revocation list (PEM or DER): certificates on it are refused.
    AddCrl {
        #[arg(value_name = "FILE.crl")]
        file: PathBuf,
    },
    /// List the trusted issuers, the loaded CRLs and the policy for unsigned applications.
    List,
    /// Stop trusting an issuer, named by its number in `trust list` or its SHA-256 fingerprint.
    Remove {
        #[arg(value_name = "NUMBER-or-FINGERPRINT")]
        issuer: String,
    },
    /// Remove a CRL, named by its number in `trust list` or its SHA-256.
    RemoveCrl {
        #[arg(value_name = "NUMBER-or-SHA256")]
        crl: String,
    },
    /// What the import does with applications without a digital signature:
    /// accept (import them, marked "Inte elektroniskt signerad") or refuse.
    Policy {
        #[arg(value_parser = ["accept", "refuse"])]
        policy: String,
    },
}

fn read(path: &PathBuf) -> Result<Vec<u8>, UserError> {
    let meta = std::fs::metadata(path).map_err(|e| RegisterError::io(path, e).to_user_error())?;
    if meta.len() > register::trust::MAX_TRUST_FILE_BYTES as u64 {
        return Err(UserError::new(
            "register.trust.too_large",
            "Filen är för stor för att vara ett certifikat eller en spärrlista (högst 8 MB).",
        ));
    }
    std::fs::read(path).map_err(|e| RegisterError::io(path, e).to_user_error())
}

/// Exit 0 done; 1 refused (not a certificate, already trusted, not found); 2 the
/// register or the file could not be read.
pub fn run_trust(
    a: TrustArgs,
    db: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let (_, store) = match open_register(a.register, db) {
        Ok(opened) => opened,
        Err(e) => return fail(err, &e),
    };
    let conn = store.connection();
    let now = chrono::Utc::now();
    let result: Result<String, RegisterError> = match a.action {
        TrustAction::Add { file } => match read(&file) {
            Ok(bytes) => register::add_trusted_issuer(conn, &bytes, now).map(|i| {
                format!(
                    "Betrodd utfärdare tillagd: {} (giltigt till {}, SHA-256 {}).",
                    i.subject, i.not_after, i.sha256
                )
            }),
            Err(e) => return fail(err, &e),
        },
        TrustAction::AddCrl { file } => match read(&file) {
            Ok(bytes) => register::add_crl(conn, &bytes, now).map(|c| {
                format!(
                    "Spärrlista tillagd från {} ({} spärrade certifikat).",
                    c.issuer_dn, c.revoked
                )
            }),
            Err(e) => return fail(err, &e),
        },
        TrustAction::List => register::trust_settings(conn).map(|s| list_text(&s)),
        TrustAction::Remove { issuer } => register::remove_trusted_issuer(conn, &issuer, now)
            .map(|i| format!("Betrodd utfärdare borttagen: {}.", i.subject)),
        TrustAction::RemoveCrl { crl } => register::remove_crl(conn, &crl, now)
            .map(|c| format!("Spärrlista borttagen: {}.", c.issuer_dn)),
        TrustAction::Policy { policy } => {
            let policy = UnsignedPolicy::from_code(&policy).unwrap_or(UnsignedPolicy::Accept);
            register::set_unsigned_policy(conn, policy, now)
                .map(|()| format!("Regel: {}.", policy.label()))
        }
    };
    match result {
        Ok(text) => {
            let _ = writeln!(out, "{text}");
            0
        }
        Err(e) => {
            log::info!("trust: {e:?}");
            let _ = writeln!(err, "Fel: {}", e.to_user_error().message);
            if matches!(e, RegisterError::Database(_) | RegisterError::Io { .. }) {
                2
            } else {
                1
            }
        }
    }
}

fn list_text(s: &register::TrustSettings) -> String {
    let mut t = String::from("Betrodda utfärdare:\n");
    if s.issuers.is_empty() {
        t.push_str("  (inga)\n");
    }
    for i in &s.issuers {
        t.push_str(&format!(
            "  {}. {} – giltigt {} till {}\n     SHA-256 {}\n",
            i.id, i.subject, i.not_before, i.not_after, i.sha256
        ));
    }
    t.push_str("Spärrlistor:\n");
    if s.crls.is_empty() {
        t.push_str("  (inga)\n");
    }
    for c in &s.crls {
        t.push_str(&format!(
            "  {}. {} – utfärdad {}, nästa {}, {} spärrade\n",
            c.id,
            c.issuer_dn,
            c.this_update,
            c.next_update.as_deref().unwrap_or("–"),
            c.revoked
        ));
    }
    t.push_str(&format!(
        "Utan elektronisk signatur: {}",
        s.unsigned_policy.label()
    ));
    t
}
