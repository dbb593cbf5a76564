//! The database schema, as an ordered list of migrations. Never edit a migration
//! that has shipped; add the next one. The schema version is SQLite's `user_version`.

use rusqlite_migration::{M, Migrations};

/// All migrations, oldest first.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        // Drafts, signed applications and their versions.
        M::up(include_str!("../../migrations/01-applications.sql")),
        // The registrar's register of official channels, its archive and event log.
        M::up(include_str!("../../migrations/02-register.sql")),
        // Handing an application over as a file: sent for approval, received from.
        M::up(include_str!("../../migrations/03-handover.sql")),
        // Trusted issuers, CRLs, the unsigned policy and verified digital signatures.
        M::up(include_str!("../../migrations/04-signatures.sql")),
        // Issue 14: the digitally signed PDF as signed, and the signing settings.
        M::up(include_str!("../../migrations/05-signed-pdfs.sql")),
        // Scanned paper applications in the register (issue 18).
        M::up(include_str!("../../migrations/06-scans.sql")),
        // Politicians' blog links on the public list (issue 16).
        M::up(include_str!("../../migrations/07-politicians.sql")),
        // The unit's closure notices in the register (issue 16).
        M::up(include_str!("../../migrations/08-notices.sql")),
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_validate() {
        assert!(super::migrations().validate().is_ok());
    }

    #[test]
    fn migrated_schema_has_the_applications_table_its_triggers_and_our_id() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        super::migrations().to_latest(&mut conn).unwrap();
        let names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE tbl_name = 'applications' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for expected in [
            "applications",
            "applications_signed_no_delete",
            "applications_signed_no_update",
            "applications_by_save_seq",
            "applications_by_unit",
            "applications_by_status",
        ] {
            assert!(
                names.iter().any(|n| n == expected),
                "{expected} in {names:?}"
            );
        }
        let app_id: i64 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(app_id, crate::storage::APPLICATION_ID);
    }

    #[test]
    fn migrating_twice_changes_nothing() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let m = super::migrations();
        m.to_latest(&mut conn).unwrap();
        assert_eq!(m.pending_migrations(&conn).unwrap(), 0);
        m.to_latest(&mut conn).unwrap();
        assert_eq!(m.pending_migrations(&conn).unwrap(), 0);
    }
}
