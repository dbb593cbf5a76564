//! `kanalansokan import|export|close` as a script runs them: exit codes and output.

mod register_support;

use kanalansokan_core::cli::run;
use kanalansokan_core::register;
use register_support::*;

fn cli(args: &[&str]) -> (u8, String, String) {
    let (mut o, mut e) = (Vec::new(), Vec::new());
    let mut all = vec!["kanalansokan"];
    all.extend_from_slice(args);
    let code = run(all, &mut o, &mut e).unwrap();
    (
        code,
        String::from_utf8(o).unwrap(),
        String::from_utf8(e).unwrap(),
    )
}

#[test]
fn export_each_format_to_a_file() {
    let db = TestDb::new();
    sample(&db.conn);
    let reg = db.db_path();
    for (format, start) in [
        ("html", "<!DOCTYPE html>".as_bytes()),
        ("csv", "\u{feff}Kanal-id".as_bytes()),
        ("json", b"{".as_slice()),
    ] {
        let out = db.dir.path().join(format!("lista.{format}"));
        let (code, stdout, stderr) = cli(&[
            "export",
            "--register",
            reg.to_str().unwrap(),
            "--format",
            format,
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("exporterade"), "{stdout}");
        assert!(std::fs::read(&out).unwrap().starts_with(start));
    }
}

#[test]
fn export_refuses_an_unknown_format() {
    let (code, _, stderr) = cli(&["export", "--format", "xlsx", "-o", "x"]);
    assert_eq!(code, 2);
    assert!(!stderr.is_empty());
}

#[test]
fn global_db_is_used_when_register_is_not_given() {
    let db = TestDb::new();
    sample(&db.conn);
    let out = db.dir.path().join("lista.csv");
    let (code, _, stderr) = cli(&[
        "--db",
        db.db_path().to_str().unwrap(),
        "export",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 6);
}

#[test]
fn close_records_and_refuses_with_exit_1() {
    let db = TestDb::new();
    sample(&db.conn);
    let reg = db.db_path();
    let reg = reg.to_str().unwrap();
    let (code, stdout, stderr) = cli(&[
        "close",
        "--register",
        reg,
        "--channel",
        "2",
        "--date",
        "2026-11-28",
        "--reason",
        "Kontot är nedlagt.",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Kanal 2"), "{stdout}");
    assert!(stdout.contains("avslutad 2026-11-28"), "{stdout}");
    let row = register::list_channels(&db.conn)
        .unwrap()
        .into_iter()
        .find(|r| r.id == 2)
        .unwrap();
    assert_eq!(row.close_reason.as_deref(), Some("Kontot är nedlagt."));

    let (code, _, stderr) = cli(&[
        "close",
        "--register",
        reg,
        "--channel",
        "1",
        "--date",
        "2026-11-01",
        "--reason",
        "x",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("före godkännandet"), "{stderr}");
    let (code, _, stderr) = cli(&[
        "close",
        "--register",
        reg,
        "--channel",
        "77",
        "--date",
        "2026-11-28",
        "--reason",
        "x",
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("77"), "{stderr}");
}

#[test]
fn import_prints_a_verdict_per_file_and_exits_1_on_rejection() {
    let db = TestDb::new();
    let files = db.dir.path().join("in");
    std::fs::create_dir(&files).unwrap();
    std::fs::write(files.join("a.pdf"), b"inte en pdf").unwrap();
    std::fs::write(files.join("b.PDF"), [0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    std::fs::write(files.join("notes.txt"), b"ignored in folders").unwrap();
    let (code, stdout, _) = cli(&[
        "import",
        "--register",
        db.db_path().to_str().unwrap(),
        files.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert!(lines[0].contains("a.pdf: Avvisad – "), "{stdout}");
    assert!(lines[1].contains("b.PDF: Avvisad – "), "{stdout}");
    assert!(!stdout.contains("notes.txt"));
    assert!(lines[2].contains("2 avvisade"), "{stdout}");
    assert!(register::list_channels(&db.conn).unwrap().is_empty());
}

#[test]
fn import_of_an_empty_folder_or_missing_file_is_not_a_success() {
    let db = TestDb::new();
    let empty = db.dir.path().join("tom");
    std::fs::create_dir(&empty).unwrap();
    let reg = db.db_path();
    let (code, _, stderr) = cli(&[
        "import",
        "--register",
        reg.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("Inga PDF-filer"), "{stderr}");
    let (code, stdout, _) = cli(&[
        "import",
        "--register",
        reg.to_str().unwrap(),
        "/finns/inte.pdf",
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("finns inte"), "{stdout}");
}

#[test]
fn politician_add_list_end_export_and_refusals() {
    let db = TestDb::new();
    let reg = db.db_path();
    let reg = reg.to_str().unwrap();
    let add = |name: &str, address: &str| {
        cli(&[
            "politician",
            "add",
            "--register",
            reg,
            "--name",
            name,
            "--party",
            "Vänsterpartiet",
            "--seat",
            "Kommunfullmäktige",
            "--address",
            address,
            "--from",
            "2026-02-01",
        ])
    };
    let (code, out, err) = add("Sara Ström", "https://sara.example.se");
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Tillagd: 1\tAktiv\tSara Ström (Vänsterpartiet)"),
        "{out}"
    );
    let (code, _, err) = add("Sara Ström", "http://sara.example.se");
    assert_eq!(code, 1);
    assert!(err.contains("https://"), "{err}");
    let (code, _, err) = add("sara ström", "https://sara.example.se/");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Fel: Den här politikern finns redan med samma adress i listan (nummer 1).\n"
    );
    let (code, _, err) = cli(&[
        "politician",
        "end",
        "--register",
        reg,
        "--id",
        "1",
        "--date",
        "2026-01-01",
        "--reason",
        "Uppdraget har upphört",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("före den började visas (2026-02-01)"), "{err}");
    let (code, out, _) = cli(&[
        "politician",
        "end",
        "--register",
        reg,
        "--id",
        "1",
        "--date",
        "2026-03-01",
        "--reason",
        "Uppdraget har upphört",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Avslutad 2026-03-01"), "{out}");
    let (code, out, _) = cli(&["politician", "list", "--register", reg]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "the ended row stays: {out}");
    let csv = db.dir.path().join("politiker.csv");
    let (code, _, err) = cli(&[
        "politician",
        "export",
        "--register",
        reg,
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(
        text,
        "\u{feff}Id;Status;Namn;Parti;Uppdrag;Adress;Från;Avslutad;Anledning\r\n\
         1;Avslutad;Sara Ström;Vänsterpartiet;Kommunfullmäktige;https://sara.example.se;2026-02-01;2026-03-01;Uppdraget har upphört\r\n"
    );
    let kinds: Vec<String> = register::events(&db.conn)
        .unwrap()
        .into_iter()
        .map(|e| e.kind_label)
        .collect();
    assert_eq!(kinds, ["Politikers blogg", "Politikers blogg"]);
}
