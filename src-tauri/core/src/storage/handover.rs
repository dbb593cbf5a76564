//! The marks a row carries when an application is handed over as a file between
//! desks (issue 13): "Skickad för godkännande" on the sender's draft, "Mottagen
//! … från …" on the receiver's, and the bodies at those moments, so that local
//! edits since can be told apart from what was handed over.
//!
//! These are plain row operations; deciding what opening a file does (new draft,
//! already there, keep both) is [`crate::handover`]'s job.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::store::{check_key, now, to_json};
use super::{Status, StorageError, Store};
use crate::model::Application;

/// `sent_for_approval_at, received_from, received_at, received_body`.
type HandoverColumns = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One stored row with what handing over needs to know about it.
#[derive(Debug, Clone)]
pub struct StoredRow {
    pub status: Status,
    pub app: Application,
    /// The body when the draft was last sent for approval, if it was.
    pub sent_body: Option<Application>,
    /// The body as it was received from a file, if it was.
    pub received_body: Option<Application>,
}

impl StoredRow {
    /// True when the draft has been changed here since it was last sent or
    /// received; a draft made here and never sent counts as edited.
    pub fn has_local_edits(&self) -> bool {
        let baseline = [&self.sent_body, &self.received_body];
        !baseline.iter().any(|b| b.as_ref() == Some(&self.app))
    }
}

/// What the window shows about a draft's handover: where it came from and what
/// was received, for marking the fields the receiver changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandoverRecord {
    pub sent_for_approval_at: Option<String>,
    pub received_from: Option<String>,
    pub received_at: Option<String>,
    /// The application exactly as received; `None` if not received from a file.
    pub received: Option<Application>,
}

impl Store {
    /// The row `(id, version)` with its handover bodies; `None` if there is none.
    pub fn stored_row(&self, id: &str, version: u32) -> Result<Option<StoredRow>, StorageError> {
        let row: Option<(String, String, Option<String>, Option<String>)> = self
            .connection()
            .prepare_cached(
                "SELECT status, body, sent_body, received_body FROM applications
                 WHERE id = ?1 AND version = ?2",
            )?
            .query_row(params![id, version], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((status, body, sent, received)) = row else {
            return Ok(None);
        };
        let corrupt = |detail: String| StorageError::Corrupt {
            id: id.to_string(),
            version,
            detail,
        };
        let parse = |text: &str| {
            serde_json::from_str::<Application>(text).map_err(|e| corrupt(e.to_string()))
        };
        Ok(Some(StoredRow {
            status: Status::from_str_opt(&status)
                .ok_or_else(|| corrupt(format!("status {status:?}")))?,
            app: parse(&body)?,
            sent_body: sent.as_deref().map(parse).transpose()?,
            received_body: received.as_deref().map(parse).transpose()?,
        }))
    }

    /// Stores `app` as a draft received from the file `file_name` (no folder),
    /// keeping the received body. Inserts a new row, or replaces a stored *draft*
    /// with the same key (the caller has checked it has no local edits); a
    /// signed row is never touched ([`StorageError::SignedIsReadOnly`]).
    pub fn store_received_draft(
        &self,
        app: &Application,
        file_name: &str,
    ) -> Result<(), StorageError> {
        check_key(&app.id, app.version)?;
        if app.seal.is_some() || app.signed_at.is_some() {
            return Err(StorageError::SignedIsReadOnly {
                id: app.id.clone(),
                version: app.version,
            });
        }
        let body = to_json(app)?;
        let changed = self
            .connection()
            .prepare_cached(
                "INSERT INTO applications
                (id, version, unit, status, created_at, updated_at, save_seq, body,
                 received_from, received_at, received_body)
             VALUES (?1, ?2, ?3, 'utkast', ?4, ?4,
                (SELECT coalesce(max(save_seq), 0) + 1 FROM applications), ?5, ?6, ?4, ?5)
             ON CONFLICT (id, version) DO UPDATE
                SET unit = excluded.unit, updated_at = excluded.updated_at,
                    save_seq = excluded.save_seq, body = excluded.body,
                    received_from = excluded.received_from, received_at = excluded.received_at,
                    received_body = excluded.received_body
                WHERE applications.status = 'utkast'",
            )?
            .execute(params![
                app.id,
                app.version,
                app.unit.trim(),
                now(),
                body,
                file_name
            ])?;
        if changed == 0 {
            return Err(StorageError::SignedIsReadOnly {
                id: app.id.clone(),
                version: app.version,
            });
        }
        Ok(())
    }

    /// Marks a draft as written to a file for the manager's approval, now, and
    /// remembers its body at this moment. Returns the time (RFC 3339 UTC).
    /// A signed row is [`StorageError::SignedIsReadOnly`], a missing one
    /// [`StorageError::NotFound`].
    pub fn mark_sent_for_approval(&self, id: &str, version: u32) -> Result<String, StorageError> {
        let at = now();
        let changed = self
            .connection()
            .prepare_cached(
                "UPDATE applications SET sent_for_approval_at = ?3, sent_body = body
                 WHERE id = ?1 AND version = ?2 AND status = 'utkast'",
            )?
            .execute(params![id, version, at])?;
        if changed == 1 {
            return Ok(at);
        }
        match self.stored_row(id, version)? {
            Some(_) => Err(StorageError::SignedIsReadOnly {
                id: id.to_string(),
                version,
            }),
            None => Err(StorageError::NotFound {
                id: id.to_string(),
                version,
            }),
        }
    }

    /// The handover marks of one row ([`StorageError::NotFound`] if none).
    pub fn handover_record(&self, id: &str, version: u32) -> Result<HandoverRecord, StorageError> {
        let row: Option<HandoverColumns> = self
            .connection()
            .prepare_cached(
                "SELECT sent_for_approval_at, received_from, received_at, received_body
                 FROM applications WHERE id = ?1 AND version = ?2",
            )?
            .query_row(params![id, version], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let (sent_for_approval_at, received_from, received_at, received) =
            row.ok_or_else(|| StorageError::NotFound {
                id: id.to_string(),
                version,
            })?;
        let received = received
            .map(|text| {
                serde_json::from_str(&text).map_err(|e| StorageError::Corrupt {
                    id: id.to_string(),
                    version,
                    detail: e.to_string(),
                })
            })
            .transpose()?;
        Ok(HandoverRecord {
            sent_for_approval_at,
            received_from,
            received_at,
            received,
        })
    }
}
