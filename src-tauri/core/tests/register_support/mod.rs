//! Shared helpers for the register's integration tests: real SQLite files,
//! rows inserted directly (for tests that are about the register, not the PDF),
//! and plain-file snapshots.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use kanalansokan_core::model::{Application, Person};
use rusqlite::{Connection, params};

pub const XSS: [&str; 2] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
];

pub fn at(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn now() -> DateTime<Utc> {
    at("2026-11-29T12:00:00Z")
}

/// A register database file in a temporary folder, migrated.
pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub conn: Connection,
}

impl TestDb {
    pub fn new() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kanalansokan.sqlite");
        // The real opening path creates and migrates the file; the tests then use
        // a plain connection to the same file, as the register module does.
        drop(kanalansokan_core::storage::Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        TestDb { dir, conn }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("kanalansokan.sqlite")
    }

    pub fn archive(&self) -> PathBuf {
        self.dir.path().join("arkiv")
    }
}

pub fn person(name: &str, phone: &str, email: &str) -> Person {
    Person {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
    }
}

/// What a directly inserted application looks like.
pub struct Row<'a> {
    pub app_id: &'a str,
    pub version: u32,
    pub unit: &'a str,
    pub approval_date: &'a str,
    /// (platform code, label, address)
    pub channels: &'a [(&'a str, &'a str, &'a str)],
    pub responsible: Vec<Person>,
    pub operators: Vec<Person>,
}

/// Inserts an imported application and its channels as an import would, without
/// a PDF (for tests of the register itself). Returns the channel ids.
pub fn insert(conn: &Connection, row: &Row<'_>) -> Vec<i64> {
    let fixture: Application = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/valid-application.json"
    ))
    .unwrap();
    let mut app = fixture;
    app.id = row.app_id.into();
    app.version = row.version;
    app.unit = row.unit.into();
    app.approval.date = row.approval_date.into();
    app.responsible = row.responsible.clone();
    app.operators = row.operators.clone();
    let seal = hex(format!("seal {} {}", row.app_id, row.version).as_bytes());
    let sha = hex(format!("pdf {} {}", row.app_id, row.version).as_bytes());
    conn.execute(
        "INSERT INTO register_applications (app_id, version, unit, approval_date, approver,
            signature_kind, signed_at, seal, body, pdf_sha256, pdf_size, file_name, imported_at)
         VALUES (?1, ?2, ?3, ?4, 'Karin Ålund', 'typed', ?5, ?6, ?7, ?8, 1000, 'a.pdf',
            '2026-11-28T08:00:00Z')",
        params![
            row.app_id,
            row.version,
            row.unit,
            row.approval_date,
            format!("{}T08:00:00Z", row.approval_date),
            seal,
            serde_json::to_string(&app).unwrap(),
            sha,
        ],
    )
    .unwrap();
    let app_row = conn.last_insert_rowid();
    let mut ids = Vec::new();
    for (platform, label, address) in row.channels {
        conn.execute(
            "INSERT INTO register_channels (app_id, application_row, version, platform,
                platform_label, address, unit, approval_date, since, responsible, operators, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?10, 'aktiv')",
            params![
                row.app_id,
                app_row,
                row.version,
                platform,
                label,
                address,
                row.unit,
                row.approval_date,
                serde_json::to_string(&row.responsible).unwrap(),
                serde_json::to_string(&row.operators).unwrap(),
            ],
        )
        .unwrap();
        ids.push(conn.last_insert_rowid());
    }
    ids
}

/// A small register: three applications, one closed channel, one Dnr.
pub fn sample(conn: &Connection) {
    let people = || {
        (
            vec![person(
                "Åsa Öberg",
                "+46240660000",
                "asa.oberg@smedjebacken.se",
            )],
            vec![
                person(
                    "Jörgen Nyström",
                    "+46701234567",
                    "jorgen.nystrom@smedjebacken.se",
                ),
                person("Märta Ek", "+46702345678", "marta.ek@smedjebacken.se"),
            ],
        )
    };
    let (r, o) = people();
    let lib = insert(
        conn,
        &Row {
            app_id: "5f0c6c1e-8a3b-4d1e-9f4a-2b7c9d0e1a23",
            version: 1,
            unit: "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
            approval_date: "2026-11-27",
            channels: &[
                (
                    "facebook",
                    "Facebook",
                    "https://www.facebook.com/smedjebackensbibliotek",
                ),
                (
                    "instagram",
                    "Instagram",
                    "https://www.instagram.com/smedjebackensbibliotek",
                ),
            ],
            responsible: r,
            operators: o,
        },
    );
    let (r, o) = people();
    let school = insert(
        conn,
        &Row {
            app_id: "0a1b2c3d-0000-4000-8000-000000000002",
            version: 1,
            unit: "Barn- och utbildningsförvaltningen / Hagaskolan",
            approval_date: "2026-03-02",
            channels: &[
                ("youtube", "YouTube", "https://www.youtube.com/@hagaskolan"),
                ("annat", "Mastodon", "https://mastodon.nu/@hagaskolan"),
            ],
            responsible: r,
            operators: o,
        },
    );
    let (r, o) = people();
    insert(
        conn,
        &Row {
            app_id: "0a1b2c3d-0000-4000-8000-000000000003",
            version: 1,
            unit: "Östra förvaltningen",
            approval_date: "2025-06-10",
            channels: &[(
                "linkedin",
                "LinkedIn",
                "https://www.linkedin.com/company/ostra",
            )],
            responsible: r,
            operators: o,
        },
    );
    kanalansokan_core::register::close_channel(
        conn,
        school[1],
        "2026-11-20",
        "Kontot används inte längre.",
        now(),
    )
    .unwrap();
    kanalansokan_core::register::set_dnr(conn, lib[0], "KS 2026/00123", now()).unwrap();
}

/// Compares `actual` with `tests/snapshots/<name>`. Writes the file when it is
/// missing or when `UPDATE_SNAPSHOTS=1` (review the diff before committing).
pub fn assert_snapshot(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !path.exists() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap();
    if expected != actual {
        panic!(
            "snapshot {name} differs; run with UPDATE_SNAPSHOTS=1 and review.\n--- expected\n{}\n--- actual\n{}",
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual)
        );
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
