//! `kanalansokan validate FILE.json [--json]`, run in-process as the binary runs it.

use std::path::PathBuf;

use kanalansokan_core::cli;

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Runs the CLI; returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut argv = vec!["kanalansokan"];
    argv.extend_from_slice(args);
    let code = cli::run(argv, &mut out, &mut err).expect("a subcommand, not the window");
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn valid_file_exits_0() {
    let (code, out, err) = run(&["validate", &fixture("valid-application.json")]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "Ansökan uppfyller alla regler.\n");
}

#[test]
fn valid_file_as_json_is_an_empty_list() {
    let (code, out, _) = run(&["validate", "--json", &fixture("valid-application.json")]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap(),
        serde_json::json!([])
    );
}

#[test]
fn invalid_file_prints_field_and_swedish_message_and_exits_1() {
    let (code, out, err) = run(&["validate", &fixture("invalid-missing-deputy.json")]);
    assert_eq!(code, 1);
    assert_eq!(err, "");
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("responsible[0].email: Det här är inte en giltig e-postadress."),
        "{out}"
    );
    assert!(
        lines[1].starts_with("operators: Ange minst två personer som sköter kanalen."),
        "{out}"
    );
    assert!(
        lines[1].contains("Vid befattningshavares frånvaro ska ersättare finnas utsedd"),
        "{out}"
    );
}

#[test]
fn invalid_file_as_json_lists_code_field_message() {
    let (code, out, _) = run(&["validate", &fixture("invalid-channels.json"), "--json"]);
    assert_eq!(code, 1);
    let v: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let got: Vec<(&str, &str)> = v
        .iter()
        .map(|e| (e["code"].as_str().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("channels.address.not_https", "channels[0].address"),
            ("channels.address.host_mismatch", "channels[1].address"),
            ("channels.address.duplicate", "channels[4].address"),
            ("guidelines_read.required", "guidelines_read"),
            ("approval.date.invalid", "approval.date"),
        ]
    );
    for e in &v {
        let keys: Vec<_> = e.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 3, "{e}");
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
    assert!(v[2]["message"].as_str().unwrap().contains("rad 4"));
    assert!(v[4]["message"].as_str().unwrap().contains("2026-11-28"));
}

#[test]
fn missing_file_exits_2_with_a_swedish_reason() {
    let (code, out, err) = run(&["validate", "/finns/inte/ansokan.json"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "Kan inte läsa /finns/inte/ansokan.json: filen finns inte.\n"
    );
}

#[test]
fn a_folder_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.starts_with("Kan inte läsa"), "{err}");
}

#[test]
fn broken_json_exits_2_naming_line_and_column() {
    let (code, out, err) = run(&["validate", &fixture("invalid-syntax.json")]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(err.contains("är inte giltig JSON"), "{err}");
    assert!(err.contains("rad 4, kolumn 3"), "{err}");
}

#[test]
fn wrong_shape_exits_2_naming_the_field() {
    let (code, _, err) = run(&["validate", &fixture("invalid-shape.json")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ingen ansökan i Kanalansökans format"),
        "{err}"
    );
    assert!(err.contains("\u{201D}fax\u{201D} finns inte"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    std::fs::write(&path, r#"{"schema_version": 1, "version": 1}"#).unwrap();
    let (code, _, err) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("\u{201D}id\u{201D} saknas"), "{err}");

    std::fs::write(
        &path,
        r#"{"schema_version": "ett", "id": "x", "version": 1}"#,
    )
    .unwrap();
    let (code, _, err) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("fel typ"), "{err}");

    std::fs::write(&path, r#"[1, 2]"#).unwrap();
    assert_eq!(run(&["validate", path.to_str().unwrap()]).0, 2);
}

#[test]
fn empty_and_non_utf8_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tom.json");
    std::fs::write(&path, "").unwrap();
    let (code, _, err) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("är tom"), "{err}");
    std::fs::write(&path, b"\xff\xfe{}").unwrap();
    assert_eq!(run(&["validate", path.to_str().unwrap()]).0, 2);
}

#[test]
fn a_huge_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stor.json");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(cli::validate::MAX_FILE_BYTES + 1).unwrap();
    let (code, _, err) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("för stor"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["validate"]).0, 2);
    assert_eq!(run(&["validate", "a.json", "--yaml"]).0, 2);
}
