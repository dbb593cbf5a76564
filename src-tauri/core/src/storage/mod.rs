//! Drafts, signed applications and their versions in a local SQLite file.
//! Filled in by the foundation issue.

pub mod migrations;
