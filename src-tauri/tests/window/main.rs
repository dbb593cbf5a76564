//! Every test of the window crate, in one test binary: each binary links Tauri and
//! WebKitGTK, and five of them cost CI minutes of linking and gigabytes of disk.
//!
//! | module | what |
//! |---|---|
//! | `ipc`, `ipc_signing`, `ipc_register` | the commands over Tauri's mock runtime (no display) |
//! | `cli` | the same binary as a command-line tool |
//! | `e2e`, `e2e_signing`, `e2e_register` | the real window over WebDriver, on Xvfb |
//!
//! The end-to-end tests take a lock (`support::serial`), so only one window runs
//! at a time whatever the test threads.

mod cli;
mod e2e;
mod e2e_a11y;
mod e2e_desktop;
mod e2e_digital_signing;
mod e2e_handover;
mod e2e_notice;
mod e2e_notice_signing;
mod e2e_politicians;
mod e2e_register;
mod e2e_signing;
mod e2e_token_signing;
mod fixtures;
mod ipc;
mod ipc_digital_signing;
mod ipc_notice;
mod ipc_politicians;
mod ipc_register;
mod ipc_signing;
mod ipc_support;
mod softhsm;
mod support;
mod test_keys;
