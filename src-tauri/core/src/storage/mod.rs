//! TEMPORARY stand-in written on the `shell` branch so the window can be built and
//! tested before the storage branch is merged. It follows the contract in the brief;
//! the real module replaces this file wholesale on merge.

pub mod migrations;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::error::{ToUserError, UserError};
use crate::model::Application;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not found")]
    NotFound,
    #[error("signed")]
    Signed,
    #[error("newer schema")]
    NewerSchema,
    #[error("no app-data dir")]
    NoDataDir,
}

impl ToUserError for StorageError {
    fn to_user_error(&self) -> UserError {
        match self {
            StorageError::NotFound => UserError::new("storage.not_found", "Ansökan finns inte."),
            StorageError::Signed => {
                UserError::new("storage.signed", "Ansökan är signerad och kan inte ändras.")
            }
            StorageError::NewerSchema => UserError::new(
                "storage.newer_schema",
                "Databasen är skapad av en nyare version av Kanalansökan. Uppdatera programmet.",
            ),
            _ => UserError::new(
                "storage.failed",
                "Databasen kunde inte läsas eller skrivas.",
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[serde(rename = "utkast")]
    Draft,
    #[serde(rename = "signerad")]
    Signed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: String,
    pub version: u32,
    pub unit: String,
    pub status: Status,
    pub updated_at: String,
    pub signed_at: Option<String>,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, StorageError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        Store::init(Connection::open(path)?)
    }

    pub fn open_in_memory() -> Result<Store, StorageError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store, StorageError> {
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if v > 2 {
            return Err(StorageError::NewerSchema);
        }
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS stub_apps (id TEXT, version INTEGER, json TEXT,
             signed INTEGER, updated_at TEXT, PRIMARY KEY (id, version));",
        )?;
        Ok(Store { conn })
    }

    pub fn default_path() -> Result<PathBuf, StorageError> {
        directories::ProjectDirs::from("se", "smedjebacken", "kanalansokan")
            .map(|d| d.data_dir().join("kanalansokan.sqlite"))
            .ok_or(StorageError::NoDataDir)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub fn create_draft(&self, today: NaiveDate) -> Result<Application, StorageError> {
        let app = Application::new_draft(today);
        self.put(&app)?;
        Ok(app)
    }

    fn put(&self, app: &Application) -> Result<(), StorageError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO stub_apps VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                app.id,
                app.version,
                serde_json::to_string(app)?,
                app.is_signed(),
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    pub fn save_draft(&self, app: &Application) -> Result<(), StorageError> {
        let signed: Option<bool> = self
            .conn
            .query_row(
                "SELECT signed FROM stub_apps WHERE id=?1 AND version=?2",
                params![app.id, app.version],
                |r| r.get(0),
            )
            .optional()?;
        if signed == Some(true) || app.is_signed() {
            return Err(StorageError::Signed);
        }
        self.put(app)
    }

    pub fn get(&self, id: &str, version: u32) -> Result<Application, StorageError> {
        let json: String = self
            .conn
            .query_row(
                "SELECT json FROM stub_apps WHERE id=?1 AND version=?2",
                params![id, version],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StorageError::NotFound)?;
        Ok(serde_json::from_str(&json)?)
    }

    pub fn list(&self) -> Result<Vec<ApplicationSummary>, StorageError> {
        let mut st = self
            .conn
            .prepare("SELECT json, updated_at FROM stub_apps ORDER BY updated_at DESC")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (json, updated_at) = row?;
            let app: Application = serde_json::from_str(&json)?;
            out.push(ApplicationSummary {
                status: if app.is_signed() {
                    Status::Signed
                } else {
                    Status::Draft
                },
                id: app.id,
                version: app.version,
                unit: app.unit,
                updated_at,
                signed_at: app.signed_at,
            });
        }
        Ok(out)
    }

    pub fn duplicate(
        &self,
        id: &str,
        version: u32,
        today: NaiveDate,
    ) -> Result<Application, StorageError> {
        let old = self.get(id, version)?;
        let mut app = Application::new_draft(today);
        app.unit = old.unit;
        app.channels = old.channels;
        app.purpose = old.purpose;
        app.audience = old.audience;
        app.responsible = old.responsible;
        app.operators = old.operators;
        self.put(&app)?;
        Ok(app)
    }

    pub fn delete_draft(&self, id: &str, version: u32) -> Result<(), StorageError> {
        if self.get(id, version)?.is_signed() {
            return Err(StorageError::Signed);
        }
        self.conn.execute(
            "DELETE FROM stub_apps WHERE id=?1 AND version=?2",
            params![id, version],
        )?;
        Ok(())
    }

    pub fn store_signed(&self, app: &Application) -> Result<(), StorageError> {
        self.put(app)
    }

    pub fn new_version(
        &self,
        id: &str,
        version: u32,
        today: NaiveDate,
    ) -> Result<Application, StorageError> {
        let mut app = self.get(id, version)?;
        app.version += 1;
        app.seal = None;
        app.signed_at = None;
        app.approval.signature = None;
        app.approval.date = today.format("%Y-%m-%d").to_string();
        self.put(&app)?;
        Ok(app)
    }

    pub fn versions(&self, id: &str) -> Result<Vec<ApplicationSummary>, StorageError> {
        Ok(self.list()?.into_iter().filter(|s| s.id == id).collect())
    }
}
