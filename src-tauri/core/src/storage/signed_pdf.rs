//! The digitally signed PDF of a signed application, kept byte for byte as it was
//! signed (issue 14), and the manager's signing settings.
//!
//! A PAdES signature (ETSI EN 319 142-1) cannot be made again: the signing time
//! and the key's randomness differ each time. So the signed file is stored with
//! the sealed application in one transaction ([`Store::store_digitally_signed`]),
//! and is read-only from then on (triggers in `05-signed-pdfs.sql`).

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use super::{StorageError, Store, store::write_signed_row};
use crate::model::Application;

/// Who signed a stored PDF digitally, from the signer's certificate (what the
/// window shows as "Elektroniskt signerad av …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigitalSignature {
    /// The certificate subject's common name, else its whole DN.
    pub signer_name: String,
    pub issuer_dn: String,
    /// The certificate's serial number, hex.
    pub serial_hex: String,
    /// SHA-256 of the certificate's DER, hex.
    pub certificate_sha256: String,
    /// The signing time in the signature dictionary's `/M`, RFC 3339 UTC.
    pub signed_at: String,
}

/// A setting the manager chooses once. Only these keys can be stored (the table's
/// CHECK agrees): a PIN or password never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// The PKCS#11 module (the e-ID card middleware's or a token's library).
    Pkcs11Module,
}

impl Setting {
    fn key(self) -> &'static str {
        match self {
            Setting::Pkcs11Module => "pkcs11_module",
        }
    }
}

impl Store {
    /// Stores a signed application and its digitally signed PDF in one
    /// transaction: either both are stored or neither is.
    ///
    /// Refused as [`Store::store_signed`] refuses (seal not intact, a different
    /// signed row under the key), and [`StorageError::SignedIsReadOnly`] when the
    /// version already has a signed PDF.
    pub fn store_digitally_signed(
        &self,
        app: &Application,
        pdf: &[u8],
        signature: &DigitalSignature,
    ) -> Result<(), StorageError> {
        let tx = Transaction::new_unchecked(self.connection(), TransactionBehavior::Immediate)?;
        write_signed_row(&tx, app)?;
        let exists: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM signed_pdfs WHERE id = ?1 AND version = ?2)",
            )?
            .query_row(params![app.id, app.version], |r| r.get(0))?;
        if exists {
            return Err(StorageError::SignedIsReadOnly {
                id: app.id.clone(),
                version: app.version,
            });
        }
        tx.prepare_cached(
            "INSERT INTO signed_pdfs (id, version, pdf, signer_name, issuer_dn, serial_hex,
                 certificate_sha256, signed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            app.id,
            app.version,
            pdf,
            signature.signer_name,
            signature.issuer_dn,
            signature.serial_hex,
            signature.certificate_sha256,
            signature.signed_at
        ])?;
        tx.commit()?;
        Ok(())
    }

    /// The stored signed PDF of a version, `None` if it was not signed digitally.
    pub fn signed_pdf(&self, id: &str, version: u32) -> Result<Option<Vec<u8>>, StorageError> {
        Ok(self
            .connection()
            .prepare_cached("SELECT pdf FROM signed_pdfs WHERE id = ?1 AND version = ?2")?
            .query_row(params![id, version], |r| r.get(0))
            .optional()?)
    }

    /// Who signed a version digitally, `None` if nobody did.
    pub fn digital_signature(
        &self,
        id: &str,
        version: u32,
    ) -> Result<Option<DigitalSignature>, StorageError> {
        Ok(self
            .connection()
            .prepare_cached(
                "SELECT signer_name, issuer_dn, serial_hex, certificate_sha256, signed_at
                 FROM signed_pdfs WHERE id = ?1 AND version = ?2",
            )?
            .query_row(params![id, version], |r| {
                Ok(DigitalSignature {
                    signer_name: r.get(0)?,
                    issuer_dn: r.get(1)?,
                    serial_hex: r.get(2)?,
                    certificate_sha256: r.get(3)?,
                    signed_at: r.get(4)?,
                })
            })
            .optional()?)
    }

    /// A setting's stored value, `None` if never chosen.
    pub fn setting(&self, setting: Setting) -> Result<Option<String>, StorageError> {
        Ok(self
            .connection()
            .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
            .query_row([setting.key()], |r| r.get(0))
            .optional()?)
    }

    /// Chooses a setting's value (`None` forgets it).
    pub fn set_setting(&self, setting: Setting, value: Option<&str>) -> Result<(), StorageError> {
        let conn = self.connection();
        match value {
            Some(v) => conn
                .prepare_cached(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![setting.key(), v])?,
            None => conn
                .prepare_cached("DELETE FROM settings WHERE key = ?1")?
                .execute([setting.key()])?,
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Status;

    /// The shipped signed application (sealed, without a digital signature).
    fn signed_app() -> Application {
        let app: Application = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/signed-application.json"
        ))
        .unwrap();
        assert!(crate::seal::is_intact(&app));
        app
    }

    fn who() -> DigitalSignature {
        DigitalSignature {
            signer_name: "Karin Chef".into(),
            issuer_dn: "CN=Test-CA".into(),
            serial_hex: "01ab".into(),
            certificate_sha256: "ff".repeat(32),
            signed_at: "2026-12-06T10:00:00Z".into(),
        }
    }

    #[test]
    fn stores_the_signed_application_and_its_pdf_together_and_reads_them_back() {
        let store = Store::open_in_memory().unwrap();
        let app = signed_app();
        store
            .store_digitally_signed(&app, b"%PDF-1.7 signed", &who())
            .unwrap();
        assert_eq!(store.get(&app.id, app.version).unwrap(), app);
        assert_eq!(store.list().unwrap()[0].status, Status::Signed);
        assert_eq!(
            store.signed_pdf(&app.id, app.version).unwrap().unwrap(),
            b"%PDF-1.7 signed"
        );
        assert_eq!(
            store.digital_signature(&app.id, app.version).unwrap(),
            Some(who())
        );
        assert_eq!(store.signed_pdf(&app.id, app.version + 1).unwrap(), None);
        assert_eq!(store.digital_signature("other", 1).unwrap(), None);
    }

    #[test]
    fn a_broken_seal_stores_neither_the_application_nor_the_pdf() {
        let store = Store::open_in_memory().unwrap();
        let mut app = signed_app();
        app.unit = "Någon annan enhet".into();
        let err = store
            .store_digitally_signed(&app, b"%PDF", &who())
            .unwrap_err();
        assert!(matches!(err, StorageError::SealNotIntact { .. }), "{err:?}");
        assert!(store.list().unwrap().is_empty());
        assert_eq!(store.signed_pdf(&app.id, app.version).unwrap(), None);
    }

    #[test]
    fn a_second_signed_pdf_is_refused_and_the_first_stays() {
        let store = Store::open_in_memory().unwrap();
        let app = signed_app();
        store
            .store_digitally_signed(&app, b"first", &who())
            .unwrap();
        let err = store
            .store_digitally_signed(&app, b"second", &who())
            .unwrap_err();
        assert!(
            matches!(err, StorageError::SignedIsReadOnly { .. }),
            "{err:?}"
        );
        assert_eq!(
            store.signed_pdf(&app.id, app.version).unwrap().unwrap(),
            b"first"
        );
    }

    /// The triggers hold for any code or tool writing to the file.
    #[test]
    fn the_signed_pdf_cannot_be_changed_deleted_or_added_to_a_draft_with_sql() {
        let store = Store::open_in_memory().unwrap();
        let app = signed_app();
        store
            .store_digitally_signed(&app, b"first", &who())
            .unwrap();
        let conn = store.connection();
        for sql in [
            "UPDATE signed_pdfs SET pdf = x'00'",
            "UPDATE signed_pdfs SET signer_name = 'Någon annan'",
            "DELETE FROM signed_pdfs",
        ] {
            let err = conn.execute(sql, []).unwrap_err();
            assert!(err.to_string().contains("read-only"), "{sql}: {err}");
        }
        let draft = store
            .create_draft(chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap())
            .unwrap();
        let err = conn
            .execute(
                "INSERT INTO signed_pdfs VALUES (?1, 1, x'25', 'a', 'b', 'c', 'd', 'e')",
                [&draft.id],
            )
            .unwrap_err();
        assert!(
            err.to_string().contains("needs a signed application"),
            "{err}"
        );
        assert_eq!(
            store.signed_pdf(&app.id, app.version).unwrap().unwrap(),
            b"first"
        );
    }

    #[test]
    fn the_pkcs11_module_is_remembered_and_nothing_else_can_be_stored() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.setting(Setting::Pkcs11Module).unwrap(), None);
        store
            .set_setting(Setting::Pkcs11Module, Some("/usr/lib/opensc-pkcs11.so"))
            .unwrap();
        store
            .set_setting(Setting::Pkcs11Module, Some("C:\\Windows\\System32\\x.dll"))
            .unwrap();
        assert_eq!(
            store.setting(Setting::Pkcs11Module).unwrap().as_deref(),
            Some("C:\\Windows\\System32\\x.dll")
        );
        let err = store
            .connection()
            .execute("INSERT INTO settings VALUES ('pin', '1234')", [])
            .unwrap_err();
        assert!(err.to_string().contains("CHECK"), "{err}");
        store.set_setting(Setting::Pkcs11Module, None).unwrap();
        assert_eq!(store.setting(Setting::Pkcs11Module).unwrap(), None);
    }
}
