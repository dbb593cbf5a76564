//! The public list (HTML export) as a real web page: the exported file opened in
//! headless Chromium, axe-core run on it at desktop and phone width (no serious or
//! critical violation), the caption's width measured at 390 px (it wrapped into a
//! narrow column once), and screenshots at both widths to look at
//! (`tests/out/screenshots/public-list-*.png`).
//!
//! Needs `chromium` (Debian package) and axe-core (`KANALANSOKAN_AXE`, the path
//! of `axe.min.js`; `.ci/test.sh` installs both). Without them the test says so
//! and passes, unless `KANALANSOKAN_REQUIRE_BROWSER=1` (set in CI).
//!
//! axe runs in a copy of the exported file with two `<script src>` tags added
//! before `</body>` (the export itself has no script); Chromium's `--dump-dom`
//! prints the page after the scripts ran, with axe's findings in a `<pre>`.

mod register_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use kanalansokan_core::register::{self, ExportFormat, PoliticianInput};
use register_support::*;

fn axe_path() -> Option<PathBuf> {
    let from_env = std::env::var_os("KANALANSOKAN_AXE").map(PathBuf::from);
    let from_target = std::env::var_os("CARGO_TARGET_DIR")
        .map(|d| PathBuf::from(d).join("test-tools/axe/node_modules/axe-core/axe.min.js"));
    [from_env, from_target]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
}

fn chromium_available() -> bool {
    Command::new("chromium")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn chromium(width: u32, height: u32) -> Command {
    let mut c = Command::new("chromium");
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--allow-file-access-from-files",
        &format!("--window-size={width},{height}"),
    ]);
    c
}

const RUN_AXE: &str = r#"
axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } })
  .then(function (r) {
    var captions = Array.prototype.map.call(document.querySelectorAll("caption"), function (c) {
      return Math.round(c.getBoundingClientRect().width);
    });
    var out = {
      violations: r.violations.map(function (v) {
        return { id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help };
      }),
      captions: captions,
      viewport: window.innerWidth
    };
    parent.postMessage(JSON.stringify(out), "*");
  });
"#;

/// The page that holds the list in a frame `width` px wide: headless Chromium's
/// window is at least 500 px wide, so a phone's 390 px is a frame of that width.
/// The frame's findings arrive as a message and are written into a `<pre>`.
const OUTER_JS: &str = r#"
window.addEventListener("message", function (e) {
  var pre = document.createElement("pre");
  pre.id = "axe-result";
  pre.textContent = e.data;
  document.body.appendChild(pre);
});
"#;

fn frame_page(src: &str, width: u32, height: u32) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>ram</title></head>\
         <body style=\"margin:0\"><iframe title=\"lista\" src=\"{src}\" \
         style=\"border:0;display:block;width:{width}px;height:{height}px\"></iframe>\
         <script src=\"outer.js\"></script></body></html>"
    )
}

/// Runs axe on `page` at `width` px; returns axe's findings and the captions' widths.
fn axe_at(dir: &Path, page: &str, axe: &Path, width: u32) -> serde_json::Value {
    std::fs::copy(axe, dir.join("axe.min.js")).unwrap();
    std::fs::write(dir.join("run-axe.js"), RUN_AXE).unwrap();
    let harness = page.replace(
        "</body>",
        "<script src=\"axe.min.js\"></script><script src=\"run-axe.js\"></script>\n</body>",
    );
    std::fs::write(dir.join("axe-check.html"), harness).unwrap();
    std::fs::write(dir.join("outer.js"), OUTER_JS).unwrap();
    let path = dir.join("outer.html");
    std::fs::write(&path, frame_page("axe-check.html", width, 900)).unwrap();
    let out = chromium(width.max(500), 900)
        .args(["--virtual-time-budget=20000", "--dump-dom"])
        .arg(format!("file://{}", path.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let doc = scraper::Html::parse_document(&dom);
    let sel = scraper::Selector::parse("#axe-result").unwrap();
    let text: String = doc
        .select(&sel)
        .next()
        .unwrap_or_else(|| {
            panic!(
                "axe gave no result at {width} px; chromium said: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
        .text()
        .collect();
    serde_json::from_str(&text).unwrap()
}

fn screenshot(page: &Path, width: u32, height: u32, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/out/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join(name);
    let _ = std::fs::remove_file(&png);
    let framed = page.with_file_name(format!("frame-{width}.html"));
    let name_in_dir = page.file_name().unwrap().to_str().unwrap();
    std::fs::write(&framed, frame_page(name_in_dir, width, height)).unwrap();
    let out = chromium(width.max(500), height)
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", framed.display()))
        .output()
        .unwrap();
    assert!(
        png.metadata().is_ok_and(|m| m.len() > 1000),
        "no screenshot {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    png
}

/// A register with channels (one unit name with numbers) and politicians'
/// links, one with markup in the name and one ended.
fn register_with_politicians(db: &TestDb) {
    sample(&db.conn);
    let (r, o) = (
        vec![person(
            "Åsa Öberg",
            "+46240660000",
            "asa.oberg@smedjebacken.se",
        )],
        vec![
            person("Jörgen Nyström", "+46701234567", "j@smedjebacken.se"),
            person("Märta Ek", "+46702345678", "m@smedjebacken.se"),
        ],
    );
    for (n, unit) in [(10, "Enhet 10"), (2, "Enhet 2")] {
        insert(
            &db.conn,
            &Row {
                app_id: &format!("0a1b2c3d-0000-4000-8000-0000000001{n:02}"),
                version: 1,
                unit,
                approval_date: "2026-10-01",
                channels: &[("facebook", "Facebook", "https://www.facebook.com/enhet")],
                responsible: r.clone(),
                operators: o.clone(),
            },
        );
    }
    let add = |name: &str, party: &str, seat: &str, address: &str| {
        register::add_politician(
            &db.conn,
            &PoliticianInput {
                name: name.into(),
                party: party.into(),
                seat: seat.into(),
                address: address.into(),
                from_date: "2026-01-15".into(),
            },
            now(),
        )
        .unwrap()
    };
    add(
        "Örjan Källström",
        "Centerpartiet",
        "Kommunfullmäktige",
        "https://orjan.example.se/blogg",
    );
    add(
        "<b>Anna</b> Lind",
        "Socialdemokraterna",
        "Barn- och utbildningsnämnden",
        "https://annalind.example.se",
    );
    let ended = add(
        "Bertil Berg",
        "Moderaterna",
        "Kommunfullmäktige",
        "https://bertil.example.se",
    );
    register::end_politician(
        &db.conn,
        ended.id,
        "2026-11-20",
        "Uppdraget har upphört",
        now(),
    )
    .unwrap();
}

#[test]
fn the_public_list_passes_axe_and_reads_well_on_a_phone() {
    let axe = axe_path();
    if !chromium_available() || axe.is_none() {
        assert!(
            std::env::var_os("KANALANSOKAN_REQUIRE_BROWSER").is_none(),
            "chromium and axe-core are required here (.ci/test.sh installs them)"
        );
        eprintln!("SKIPPED: needs chromium and KANALANSOKAN_AXE (axe.min.js)");
        return;
    }
    let axe = axe.unwrap();
    let db = TestDb::new();
    register_with_politicians(&db);
    let page = db.dir.path().join("lista.html");
    register::export(&db.conn, ExportFormat::Html, &page, now()).unwrap();
    let text = std::fs::read_to_string(&page).unwrap();

    // What a visitor reads: both sections, the statement, the active links only,
    // markup as text, "Enhet 2" before "Enhet 10".
    assert!(text.contains("<h2 id=\"politiker\">Politikers bloggar</h2>"));
    assert!(text.contains(
        "Smedjebackens kommun ansvarar inte för inlägg och kommentarer i politikernas bloggar."
    ));
    assert!(text.contains("&lt;b&gt;Anna&lt;/b&gt; Lind"));
    assert!(!text.contains("Bertil"), "an ended link is not listed");
    let anna = text.find("Anna").unwrap();
    assert!(anna < text.find("Örjan").unwrap(), "Swedish order");
    assert!(
        text.find(">Enhet 2<").unwrap() < text.find(">Enhet 10<").unwrap(),
        "natural order"
    );

    let dir = tempfile::tempdir().unwrap();
    for width in [1280, 390] {
        let found = axe_at(dir.path(), &text, &axe, width);
        assert_eq!(found["viewport"], width, "{found}");
        let bad: Vec<&serde_json::Value> = found["violations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| matches!(v["impact"].as_str(), Some("serious" | "critical")))
            .collect();
        assert!(bad.is_empty(), "axe at {width} px: {bad:#?}");
        // Both tables' captions use the page's width (at 390 px they once wrapped
        // into a column one or two words wide).
        let captions = found["captions"].as_array().unwrap();
        assert_eq!(captions.len(), 2, "{found}");
        for c in captions {
            let w = c.as_u64().unwrap();
            assert!(
                w as f64 >= f64::from(width.min(960)) * 0.8 - 40.0,
                "caption {w} px wide at {width} px"
            );
        }
    }
    screenshot(&page, 1280, 1400, "public-list-desktop.png");
    screenshot(&page, 390, 2600, "public-list-phone.png");
}
