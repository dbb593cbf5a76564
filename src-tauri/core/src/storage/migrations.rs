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
    ])
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_validate() {
        assert!(super::migrations().validate().is_ok());
    }
}
