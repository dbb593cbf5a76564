//! A fresh SoftHSM2 token per test for issue 14's card tests, made by the project's
//! own scripts (`tests/softhsm/setup.sh`, `import.sh`) in a temp folder of its own:
//! `SOFTHSM2_CONF` points there, so tests never share a token.
//!
//! SoftHSM2 is required in CI (`KANALANSOKAN_REQUIRE_SOFTHSM=1`, set by
//! `.ci/test.sh`); locally a test without it is skipped with a message.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::test_keys::{ManagerKey, TestCa};

/// The user PIN of every test token: distinctive, so a log can be searched for it.
pub const PIN: &str = "583921";
/// The token's label (CKA_LABEL of the token, as the card's name).
pub const TOKEN: &str = "Kanalansokan test";

/// A token's folder, configuration and module.
pub struct Token {
    pub dir: tempfile::TempDir,
    pub conf: PathBuf,
    pub module: PathBuf,
}

impl Token {
    /// The app's environment: this token's configuration and its module as the
    /// one offered first (`KANALANSOKAN_PKCS11_MODULE`).
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        vec![
            ("SOFTHSM2_CONF", self.conf.clone().into_os_string()),
            (
                "KANALANSOKAN_PKCS11_MODULE",
                self.module.clone().into_os_string(),
            ),
        ]
    }

    /// Writes `key` under CKA_ID `id` (hex) with `label`, as a card holds it.
    pub fn import(&self, key: &ManagerKey, id: &str, label: &str) {
        let key_path = self.dir.path().join(format!("{id}.key.pem"));
        let cert_path = self.dir.path().join(format!("{id}.crt.pem"));
        std::fs::write(&key_path, &key.key_pem).unwrap();
        std::fs::write(&cert_path, &key.cert_pem).unwrap();
        let out = Command::new(repo().join("tests/softhsm/import.sh"))
            .current_dir(repo())
            .args([&key_path, &cert_path])
            .args([id, label])
            .env("SOFTHSM2_CONF", &self.conf)
            .env("KANALANSOKAN_TEST_PKCS11_MODULE", &self.module)
            .env("KANALANSOKAN_TEST_TOKEN", TOKEN)
            .env("KANALANSOKAN_TEST_PIN", PIN)
            .output()
            .expect("import.sh runs");
        assert!(
            out.status.success(),
            "import.sh: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh token with no objects on it; `None` (skip) when SoftHSM2 is missing
/// and not required.
pub fn empty_token() -> Option<Token> {
    let dir = tempfile::tempdir().unwrap();
    let setup = Command::new(repo().join("tests/softhsm/setup.sh"))
        .arg(dir.path())
        .arg(TOKEN)
        .arg(PIN)
        .output();
    let Some(setup) = setup.ok().filter(|o| o.status.success()) else {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_SOFTHSM").is_none(),
            "SoftHSM2 is required here: apt-get install softhsm2 opensc"
        );
        eprintln!("SKIPPED: needs softhsm2 and opensc (tests/softhsm/setup.sh)");
        return None;
    };
    let mut module = None;
    for line in String::from_utf8_lossy(&setup.stdout).lines() {
        let line = line.trim_start_matches("export ");
        if let Some(v) = line.strip_prefix("KANALANSOKAN_TEST_PKCS11_MODULE=") {
            module = Some(PathBuf::from(v.trim_matches('\'')));
        }
    }
    Some(Token {
        conf: dir.path().join("softhsm2.conf"),
        module: module.expect("setup.sh names the module"),
        dir,
    })
}

/// A token holding Karin Ålund's valid key (CKA_ID 01) and her expired one (02),
/// both from `ca`.
pub fn token_with_keys(ca: &TestCa) -> Option<Token> {
    let token = empty_token()?;
    token.import(&ca.manager("Karin Ålund", 2025, 2035), "01", "Karin giltig");
    token.import(&ca.manager("Karin Ålund", 2019, 2022), "02", "Karin gammal");
    Some(token)
}

/// A SoftHSM2 configuration whose token folder is empty: the module loads and
/// shows one slot, with no initialised token in it (no card in the reader).
pub fn no_token(token: &Token) -> PathBuf {
    let dir = token.dir.path().join("utan-kort");
    std::fs::create_dir_all(dir.join("tokens")).unwrap();
    let conf = dir.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n",
            dir.display()
        ),
    )
    .unwrap();
    conf
}

/// Every line of the app's log files under `home` (the harness's XDG folders).
pub fn app_logs(home: &Path) -> String {
    let mut text = String::new();
    let mut dirs = vec![home.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "log") {
                text.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
            }
        }
    }
    text
}
