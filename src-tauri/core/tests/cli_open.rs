//! `kanalansokan open FILE --db DB` and `validate` with a byte-order mark, run
//! in-process as the binary runs them.

mod storage_common;

use kanalansokan_core::storage::{Status, Store};
use kanalansokan_core::{cli, pdf};

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
fn open_adds_a_draft_then_says_it_is_already_there_then_adds_the_signed_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chef.sqlite");
    let db = db.to_str().unwrap();
    let app = storage_common::fixture();
    let draft = dir.path().join("Ansokan_for-godkannande.pdf");
    std::fs::write(&draft, pdf::render(&app).unwrap()).unwrap();
    let draft = draft.to_str().unwrap();

    let (code, out, err) = run(&["open", draft, "--db", db]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.starts_with("Nytt utkast: ”Ansokan_for-godkannande.pdf” har öppnats som ett utkast"),
        "{out}"
    );

    let (code, out, _) = run(&["open", draft, "--db", db]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Finns redan:"), "{out}");

    let signed = dir.path().join("signerad.pdf");
    std::fs::write(
        &signed,
        pdf::render(&storage_common::signed(app.clone())).unwrap(),
    )
    .unwrap();
    let (code, out, _) = run(&["open", signed.to_str().unwrap(), "--db", db]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Signerad version tillagd:"), "{out}");

    let list = Store::open(std::path::Path::new(db))
        .unwrap()
        .list()
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, Status::Signed);
}

#[test]
fn open_exit_codes_for_bad_files_and_nothing_added() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    let db_s = db.to_str().unwrap();
    let text = dir.path().join("brev.txt");
    std::fs::write(&text, "Hej").unwrap();
    let (code, _, err) = run(&["open", text.to_str().unwrap(), "--db", db_s]);
    assert_eq!(code, 2);
    assert!(err.starts_with("Fel: ”brev.txt” är varken en PDF"), "{err}");

    let mut tampered = storage_common::signed(storage_common::fixture());
    tampered.purpose = "Ändrat".into();
    let json = dir.path().join("andrad.json");
    std::fs::write(&json, serde_json::to_vec(&tampered).unwrap()).unwrap();
    let (code, _, err) = run(&["open", json.to_str().unwrap(), "--db", db_s]);
    assert_eq!(code, 1);
    assert!(err.contains("sigillet stämmer inte"), "{err}");

    let (code, _, err) = run(&["open", dir.path().to_str().unwrap(), "--db", db_s]);
    assert_eq!(code, 2);
    assert!(err.contains("är en mapp"), "{err}");

    assert!(Store::open(&db).unwrap().list().unwrap().is_empty());
}

#[test]
fn validate_reads_json_saved_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notepad.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(include_bytes!(
        "../../../tests/fixtures/valid-application.json"
    ));
    std::fs::write(&path, bytes).unwrap();
    let (code, out, err) = run(&["validate", path.to_str().unwrap()]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "Ansökan uppfyller alla regler.\n");
}
