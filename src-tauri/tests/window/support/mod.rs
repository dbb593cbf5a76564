//! Test harness for the window: Xvfb (when there is no display), tauri-driver on
//! free ports, and a fantoccini session on the built binary.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;
use tokio::sync::{Mutex, MutexGuard};

/// The window tests start a WebKit each; one at a time keeps a 2-core machine responsive.
/// (An async mutex: a failed test does not poison it for the others.)
pub async fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::const_new(());
    LOCK.lock().await
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

fn find_program(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "{name} not found. Run `bash .ci/test.sh`, which installs it \
                 (tauri-driver: cargo install tauri-driver --version '^2' --locked; \
                 WebKitWebDriver and Xvfb: apt install webkit2gtk-driver xvfb)."
            )
        })
}

/// A child process stopped when the test ends, pass or fail. SIGTERM first:
/// tauri-driver then stops the WebKitWebDriver it started (SIGKILL would orphan it).
pub struct Reaped(Child);
impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Xvfb (if needed) plus tauri-driver, whose app gets `KANALANSOKAN_DB=db`.
pub struct Driver {
    pub url: String,
    // Dropped in order: tauri-driver before the X server it draws on.
    _driver: Reaped,
    _xvfb: Option<Reaped>,
    /// The app's XDG folders (window state, log, cache): never the tester's own.
    pub home: tempfile::TempDir,
}

impl Driver {
    pub fn start(db: &Path) -> Driver {
        Driver::start_with_env(db, &[])
    }

    /// As [`Driver::start`], with extra environment variables for the app, such as
    /// the signing test's `KANALANSOKAN_SAVE_PATH` hook.
    pub fn start_with_env(db: &Path, env: &[(&str, &std::ffi::OsStr)]) -> Driver {
        let (display, xvfb) = display();
        let port = free_port();
        let native = free_port();
        let home = tempfile::tempdir().expect("a folder for the app's settings");
        let driver = Command::new(find_program("tauri-driver"))
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("DISPLAY", &display)
            .env("KANALANSOKAN_DB", db)
            // No session bus: on a developer's desktop the single-instance check
            // would otherwise hand a test's window over to one still closing.
            .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .envs(env.iter().copied())
            // No accessibility bus under Xvfb; keeps GTK from waiting for one.
            .env("NO_AT_BRIDGE", "1")
            .env("GDK_BACKEND", "x11")
            // Not inherited: the drivers must not hold the test's output pipes open.
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver starts");
        let driver = Reaped(driver);
        wait_for_port(port);
        Driver {
            url: format!("http://127.0.0.1:{port}"),
            _driver: driver,
            _xvfb: xvfb,
            home,
        }
    }
}

/// The display to use: `$DISPLAY`, or a new Xvfb (kept alive by the second value).
pub fn display() -> (String, Option<Reaped>) {
    match std::env::var("DISPLAY") {
        Ok(d) if !d.is_empty() && std::env::var_os("KANALANSOKAN_E2E_XVFB").is_none() => (d, None),
        _ => start_xvfb(),
    }
}

/// A new Xvfb of its own, for tests that find windows by title: on the shared
/// display a window left behind by an earlier test has the same title.
pub fn private_display() -> (String, Option<Reaped>) {
    start_xvfb()
}

fn start_xvfb() -> (String, Option<Reaped>) {
    let mut child = Command::new(find_program("Xvfb"))
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1400x2400x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb starts");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("Xvfb stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("Xvfb reports its display");
    let number = line.trim();
    assert!(!number.is_empty(), "Xvfb did not report a display");
    (format!(":{number}"), Some(Reaped(child)))
}

fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "tauri-driver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One run of the app in a WebDriver session.
pub struct Session {
    pub c: Client,
}

impl Session {
    /// Starts the app and waits until it has shown a draft.
    pub async fn open(driver: &Driver) -> Session {
        Session::open_expecting("body[data-ready='true']", driver).await
    }

    /// Starts the app and waits until `ready` (CSS) matches.
    pub async fn open_expecting(ready: &str, driver: &Driver) -> Session {
        Session::open_with_args(ready, driver, &[]).await
    }

    /// As [`Session::open_expecting`], with `args` on the app's command line
    /// (`kanalansokan-window FILE`).
    pub async fn open_with_args(ready: &str, driver: &Driver, args: &[&str]) -> Session {
        let caps = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": env!("CARGO_BIN_EXE_kanalansokan-window"),
                "args": args,
            }
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        // tauri-driver listens before its WebKitWebDriver is ready (and while the
        // previous session's is still shutting down): a first request can be cut
        // off. Retry a few times; a real failure still fails the test.
        let mut attempt = 0;
        let c = loop {
            attempt += 1;
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&driver.url)
                .await
            {
                Ok(c) => break c,
                Err(e) if attempt < 8 => {
                    eprintln!("WebDriver session attempt {attempt} failed: {e}; retrying");
                    tokio::time::sleep(Duration::from_millis(250 * attempt)).await;
                }
                Err(e) => panic!("WebDriver session on the app: {e}"),
            }
        };
        let s = Session { c };
        s.wait_for(ready).await;
        s
    }

    pub async fn close(self) {
        self.c.close().await.expect("session closes");
    }

    pub async fn wait_for(&self, css: &str) {
        // Any error is worth another look until the deadline, not only "no such
        // element": WebKitWebDriver answers "stale element" when the page replaces
        // the element while it is being found (a view rendering anew).
        self.poll(async || match self.c.find(Locator::Css(css)).await {
            Ok(_) => Ok(()),
            Err(e) => Err(format!("waiting for {css}: {e}")),
        })
        .await;
    }

    /// Tries `attempt` every 50 ms until it succeeds; fails with its last
    /// complaint after 20 s.
    async fn poll(&self, mut attempt: impl AsyncFnMut() -> Result<(), String>) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match attempt().await {
                Ok(()) => return,
                Err(why) => assert!(Instant::now() < deadline, "{why}"),
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn wait_for_count(&self, css: &str, n: usize) {
        self.poll(async || match self.count(css).await {
            got if got == n => Ok(()),
            got => Err(format!("{css}: {got} elements, wanted {n}")),
        })
        .await;
    }

    pub async fn wait_for_text(&self, css: &str, text: &str) {
        self.poll(async || match self.c.find(Locator::Css(css)).await {
            Ok(el) if el.text().await.unwrap_or_default().contains(text) => Ok(()),
            _ => Err(format!("{css} never showed {text:?}")),
        })
        .await;
    }

    /// Waits until the field's value is `text` (set by the page after an IPC call).
    pub async fn wait_for_value(&self, css: &str, text: &str) {
        self.poll(async || match self.value(css).await {
            got if got == text => Ok(()),
            got => Err(format!("{css} shows {got:?}, never {text:?}")),
        })
        .await;
    }

    pub async fn count(&self, css: &str) -> usize {
        self.c.find_all(Locator::Css(css)).await.unwrap().len()
    }

    pub async fn click(&self, css: &str) {
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Types into several fields in order: `(css, text)` pairs.
    pub async fn fill(&self, fields: &[(&str, &str)]) {
        for (css, text) in fields {
            self.type_into(css, text).await;
        }
    }

    /// Types `text` (never empty: WebKitWebDriver refuses empty keys).
    pub async fn type_into(&self, css: &str, text: &str) {
        assert!(!text.is_empty());
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Clears the field and types `text`.
    pub async fn replace(&self, css: &str, text: &str) {
        let el = self.c.find(Locator::Css(css)).await.unwrap();
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    pub async fn select(&self, css: &str, value: &str) {
        let el = self.c.find(Locator::Css(css)).await.unwrap();
        el.select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("select {value} in {css}: {e}"));
    }

    pub async fn value(&self, css: &str) -> String {
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        el.prop("value").await.unwrap().unwrap_or_default()
    }

    pub async fn text(&self, css: &str) -> String {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// The field paths the error summary links to.
    pub async fn summary_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in self
            .c
            .find_all(Locator::Css("#error-summary-list a"))
            .await
            .unwrap()
        {
            if let Some(f) = a.attr("data-field").await.unwrap() {
                out.push(f);
            }
        }
        out
    }
}

/// Saves a PNG of the window as `tests/out/screenshots/<name>.png`.
pub async fn screenshot(c: &Client, name: &str) {
    let png = window_png(c).await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/out/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// A PNG of the window as it is now, after what the test just did has been painted.
///
/// WebKitGTK's WebDriver takes a screenshot only after the page's next paint. The
/// window paints without accelerated compositing (`painting.rs`, issue 17), and then
/// a page where nothing changes (no caret blinking: the fatal page, a dialog with a
/// button focused) never paints again, so the screenshot would never come. While it
/// is taken, a one-pixel, fully transparent element therefore changes colour every
/// 50 ms: a repaint with the same pixels. It is removed again afterwards.
pub async fn window_png(c: &Client) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    // Let WebKit lay out and paint what the test just did (two animation frames),
    // otherwise the snapshot can show an earlier frame.
    c.execute_async(
        "const done = arguments[arguments.length - 1];\n\
         const d = document.createElement('div');\n\
         d.id = 'e2e-repaint';\n\
         d.setAttribute('aria-hidden', 'true');\n\
         d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;\
           pointer-events:none;background:rgba(0,0,0,0)';\n\
         document.documentElement.append(d);\n\
         let n = 0;\n\
         window.__e2eRepaint = setInterval(() => {\n\
           d.style.background = (n++ % 2) ? 'rgba(0,0,0,0)' : 'rgba(255,255,255,0)';\n\
         }, 50);\n\
         requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        vec![],
    )
    .await?;
    let png = c.screenshot().await;
    c.execute(
        "clearInterval(window.__e2eRepaint); document.getElementById('e2e-repaint')?.remove();",
        vec![],
    )
    .await?;
    png
}
