//! See lib.rs; filled in by its issue.
