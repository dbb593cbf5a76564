//! The registrar's trust in digital signatures: "Betrodda utfärdare" (CA
//! certificates, PEM or DER, as the files were given), optional certificate
//! revocation lists (RFC 5280 §5), and the policy for applications without a
//! digital signature. Every change is in the event log ([`EventKind::Trust`]).
//!
//! The files are read with [`crate::pades::TrustStore`], which the import then
//! builds from what is stored here ([`trust_store`]), so what the registrar added is
//! exactly what signatures are checked against. Removing an issuer affects later
//! imports only; what an import found stays recorded with the application.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::archive::sha256_hex;
use super::events::{self, EventKind};
use super::{RegisterError, timestamp};
use crate::error::ToUserError;
use crate::pades::TrustStore;

/// A CA certificate the registrar trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustedIssuer {
    pub id: i64,
    /// SHA-256 of the certificate (DER), lower-case hex: its fingerprint.
    pub sha256: String,
    /// The CN (else the DN): what the registrar reads.
    pub subject: String,
    pub subject_dn: String,
    pub issuer_dn: String,
    pub serial: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    pub added_at: String,
}

/// A loaded certificate revocation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadedCrl {
    pub id: i64,
    /// SHA-256 of the file as given, lower-case hex.
    pub sha256: String,
    pub issuer_dn: String,
    pub this_update: String,
    /// After this the list is out of date (reported as a warning at import).
    pub next_update: Option<String>,
    /// How many certificates it revokes.
    pub revoked: usize,
    pub added_at: String,
}

/// What the import does with an application that has no digital signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnsignedPolicy {
    /// Imported, marked "Inte elektroniskt signerad" (the default: drawn, typed and
    /// paper signatures keep working as before).
    Accept,
    /// Refused: only digitally signed applications enter the register.
    Refuse,
}

impl UnsignedPolicy {
    /// The stored value, also the CLI's word.
    pub fn code(self) -> &'static str {
        match self {
            UnsignedPolicy::Accept => "accept",
            UnsignedPolicy::Refuse => "refuse",
        }
    }

    /// What the registrar reads.
    pub fn label(self) -> &'static str {
        match self {
            UnsignedPolicy::Accept => {
                "Importera ansökningar utan elektronisk signatur, märkta \"Inte elektroniskt signerad\""
            }
            UnsignedPolicy::Refuse => "Avvisa ansökningar utan elektronisk signatur",
        }
    }

    pub fn from_code(code: &str) -> Option<UnsignedPolicy> {
        match code {
            "accept" => Some(UnsignedPolicy::Accept),
            "refuse" => Some(UnsignedPolicy::Refuse),
            _ => None,
        }
    }
}

/// Everything about trust, for the window's "Betrodda utfärdare" panel and `trust list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustSettings {
    pub issuers: Vec<TrustedIssuer>,
    pub crls: Vec<LoadedCrl>,
    pub unsigned_policy: UnsignedPolicy,
    /// [`UnsignedPolicy::label`].
    pub unsigned_policy_label: String,
}

/// Largest CA certificate or CRL file taken (a CRL of a large CA can be a few MB).
pub const MAX_TRUST_FILE_BYTES: usize = 8 * 1024 * 1024;

fn too_large() -> RegisterError {
    RegisterError::TrustFile(crate::error::UserError::new(
        "register.trust.too_large",
        "Filen är för stor för att vara ett certifikat eller en spärrlista (högst 8 MB).",
    ))
}

/// Adds a trusted CA certificate (PEM or DER) and logs it.
pub fn add_trusted_issuer(
    conn: &Connection,
    file_bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<TrustedIssuer, RegisterError> {
    if file_bytes.len() > MAX_TRUST_FILE_BYTES {
        return Err(too_large());
    }
    let info = TrustStore::new().add_ca(file_bytes).map_err(|e| {
        log::info!("CA file refused: {e:?}");
        RegisterError::TrustFile(e.to_user_error())
    })?;
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM register_trusted_cas WHERE sha256 = ?1",
            params![info.sha256_hex],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(RegisterError::AlreadyTrusted(info.subject_name));
    }
    tx.execute(
        "INSERT INTO register_trusted_cas (sha256, subject, subject_dn, issuer_dn, serial,
            not_before, not_after, data, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            info.sha256_hex,
            info.subject_name,
            info.subject_dn,
            info.issuer_dn,
            info.serial_hex,
            info.not_before,
            info.not_after,
            file_bytes,
            timestamp(now),
        ],
    )?;
    let id = tx.last_insert_rowid();
    let issuer = trusted_issuer(&tx, id)?;
    record_change(
        &tx,
        now,
        &format!("Betrodd utfärdare tillagd: {}.", issuer.subject),
        &serde_json::json!({"action": "add_issuer", "issuer": issuer}),
    )?;
    tx.commit()?;
    Ok(issuer)
}

/// Adds a certificate revocation list (PEM or DER) and logs it.
pub fn add_crl(
    conn: &Connection,
    file_bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<LoadedCrl, RegisterError> {
    if file_bytes.len() > MAX_TRUST_FILE_BYTES {
        return Err(too_large());
    }
    let info = TrustStore::new().add_crl(file_bytes).map_err(|e| {
        log::info!("CRL file refused: {e:?}");
        RegisterError::TrustFile(e.to_user_error())
    })?;
    let sha = sha256_hex(file_bytes);
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM register_crls WHERE sha256 = ?1",
            params![sha],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(RegisterError::AlreadyTrusted(format!(
            "Spärrlistan från {}",
            info.issuer_dn
        )));
    }
    tx.execute(
        "INSERT INTO register_crls (sha256, issuer_dn, this_update, next_update, revoked, data,
            added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            sha,
            info.issuer_dn,
            info.this_update,
            info.next_update,
            info.revoked as i64,
            file_bytes,
            timestamp(now),
        ],
    )?;
    let crl = crls_where(&tx, Some(tx.last_insert_rowid()))?
        .pop()
        .ok_or_else(|| RegisterError::Corrupt("CRL row vanished".into()))?;
    record_change(
        &tx,
        now,
        &format!("Spärrlista tillagd från {}.", crl.issuer_dn),
        &serde_json::json!({"action": "add_crl", "crl": crl}),
    )?;
    tx.commit()?;
    Ok(crl)
}

/// Every change to the trust goes into the event log under one kind ("Betrodda utfärdare").
fn record_change(
    tx: &Connection,
    now: DateTime<Utc>,
    summary: &str,
    detail: &serde_json::Value,
) -> Result<(), RegisterError> {
    events::record(tx, now, EventKind::Trust, None, None, summary, detail)
}

/// What names an entry in `trust list`: its number, or its SHA-256 fingerprint
/// (hex; colons and case ignored).
enum Key {
    Id(i64),
    Sha256(String),
}

fn parse_key(key: &str) -> Result<Key, RegisterError> {
    let key = key.trim();
    if let Ok(id) = key.parse::<i64>() {
        return Ok(Key::Id(id));
    }
    let hex: String = key
        .chars()
        .filter(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if hex.len() == 64 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(Key::Sha256(hex))
    } else {
        Err(RegisterError::TrustNotFound(key.to_string()))
    }
}

fn matches(key: &Key, id: i64, sha256: &str) -> bool {
    match key {
        Key::Id(k) => *k == id,
        Key::Sha256(h) => h == sha256,
    }
}

/// Removes a trusted issuer (by number or fingerprint, see `trust list`) and logs it.
pub fn remove_trusted_issuer(
    conn: &Connection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<TrustedIssuer, RegisterError> {
    let parsed = parse_key(key)?;
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let issuer = issuers(&tx)?
        .into_iter()
        .find(|i| matches(&parsed, i.id, &i.sha256))
        .ok_or_else(|| RegisterError::TrustNotFound(key.trim().to_string()))?;
    tx.execute(
        "DELETE FROM register_trusted_cas WHERE id = ?1",
        params![issuer.id],
    )?;
    record_change(
        &tx,
        now,
        &format!("Betrodd utfärdare borttagen: {}.", issuer.subject),
        &serde_json::json!({"action": "remove_issuer", "issuer": issuer}),
    )?;
    tx.commit()?;
    Ok(issuer)
}

/// Removes a CRL (by number or SHA-256 of the file, see `trust list`) and logs it.
pub fn remove_crl(
    conn: &Connection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<LoadedCrl, RegisterError> {
    let parsed = parse_key(key)?;
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let crl = crls(&tx)?
        .into_iter()
        .find(|c| matches(&parsed, c.id, &c.sha256))
        .ok_or_else(|| RegisterError::TrustNotFound(key.trim().to_string()))?;
    tx.execute("DELETE FROM register_crls WHERE id = ?1", params![crl.id])?;
    record_change(
        &tx,
        now,
        &format!("Spärrlista borttagen: {}.", crl.issuer_dn),
        &serde_json::json!({"action": "remove_crl", "crl": crl}),
    )?;
    tx.commit()?;
    Ok(crl)
}

/// The policy for applications without a digital signature.
pub fn unsigned_policy(conn: &Connection) -> Result<UnsignedPolicy, RegisterError> {
    let code: Option<String> = conn
        .query_row(
            "SELECT value FROM register_settings WHERE key = 'unsigned_policy'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match code {
        None => Ok(UnsignedPolicy::Accept),
        Some(c) => UnsignedPolicy::from_code(&c)
            .ok_or_else(|| RegisterError::Corrupt(format!("unsigned_policy {c:?}"))),
    }
}

/// Sets the policy and logs the change (nothing is logged if it is unchanged).
pub fn set_unsigned_policy(
    conn: &Connection,
    policy: UnsignedPolicy,
    now: DateTime<Utc>,
) -> Result<(), RegisterError> {
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let before = unsigned_policy(&tx)?;
    if before == policy {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO register_settings (key, value) VALUES ('unsigned_policy', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![policy.code()],
    )?;
    record_change(
        &tx,
        now,
        &format!(
            "Regel för ansökningar utan elektronisk signatur: {}.",
            policy.label()
        ),
        &serde_json::json!({"action": "policy", "from": before, "to": policy}),
    )?;
    tx.commit()?;
    Ok(())
}

/// Trusted issuers, in the order they were added.
pub fn issuers(conn: &Connection) -> Result<Vec<TrustedIssuer>, RegisterError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {ISSUER_COLUMNS} FROM register_trusted_cas ORDER BY id"
    ))?;
    let rows = stmt.query_map([], issuer_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Loaded CRLs, in the order they were added.
pub fn crls(conn: &Connection) -> Result<Vec<LoadedCrl>, RegisterError> {
    crls_where(conn, None)
}

/// The whole trust set-up.
pub fn trust_settings(conn: &Connection) -> Result<TrustSettings, RegisterError> {
    let unsigned_policy = unsigned_policy(conn)?;
    Ok(TrustSettings {
        issuers: issuers(conn)?,
        crls: crls(conn)?,
        unsigned_policy,
        unsigned_policy_label: unsigned_policy.label().to_string(),
    })
}

/// The trust store the import checks signatures against: every trusted issuer and
/// every CRL, as stored. A stored file that no longer reads (written by another
/// tool) is left out and logged, never fatal: it can only make trust narrower.
pub fn trust_store(conn: &Connection) -> Result<TrustStore, RegisterError> {
    let mut store = TrustStore::new();
    let mut stmt = conn.prepare("SELECT id, data FROM register_trusted_cas ORDER BY id")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (id, data) = row?;
        if let Err(e) = store.add_ca(&data) {
            log::warn!("trusted issuer {id} does not read: {e:?}");
        }
    }
    let mut stmt = conn.prepare("SELECT id, data FROM register_crls ORDER BY id")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))? {
        let (id, data) = row?;
        if let Err(e) = store.add_crl(&data) {
            log::warn!("CRL {id} does not read: {e:?}");
        }
    }
    Ok(store)
}

const ISSUER_COLUMNS: &str =
    "id, sha256, subject, subject_dn, issuer_dn, serial, not_before, not_after, added_at";

fn issuer_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TrustedIssuer> {
    Ok(TrustedIssuer {
        id: r.get(0)?,
        sha256: r.get(1)?,
        subject: r.get(2)?,
        subject_dn: r.get(3)?,
        issuer_dn: r.get(4)?,
        serial: r.get(5)?,
        not_before: r.get(6)?,
        not_after: r.get(7)?,
        added_at: r.get(8)?,
    })
}

fn trusted_issuer(conn: &Connection, id: i64) -> Result<TrustedIssuer, RegisterError> {
    conn.query_row(
        &format!("SELECT {ISSUER_COLUMNS} FROM register_trusted_cas WHERE id = ?1"),
        params![id],
        issuer_from_row,
    )
    .optional()?
    .ok_or_else(|| RegisterError::TrustNotFound(id.to_string()))
}

fn crls_where(conn: &Connection, id: Option<i64>) -> Result<Vec<LoadedCrl>, RegisterError> {
    let mut stmt = conn.prepare(
        "SELECT id, sha256, issuer_dn, this_update, next_update, revoked, added_at
         FROM register_crls WHERE ?1 IS NULL OR id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map(params![id], |r| {
        Ok(LoadedCrl {
            id: r.get(0)?,
            sha256: r.get(1)?,
            issuer_dn: r.get(2)?,
            this_update: r.get(3)?,
            next_update: r.get(4)?,
            revoked: r.get::<_, i64>(5)?.max(0) as usize,
            added_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
