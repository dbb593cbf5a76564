//! Opening an application from a file (issue 13): every kind of file the unit
//! head, the manager and the registrar may hand each other, and every bad file,
//! against a real SQLite database, with PDFs made by the real renderer.

#[path = "common/pdf_edit.rs"]
mod pdf_edit;
mod storage_common;

use std::path::{Path, PathBuf};

use kanalansokan_core::error::ToUserError;
use kanalansokan_core::handover::{self, FileKind, Opened};
use kanalansokan_core::model::Application;
use kanalansokan_core::storage::{Status, Store};
use kanalansokan_core::{pdf, seal};
use storage_common::{fixture, signed, today};

/// The draft PDF the unit head's "Skicka till chef för godkännande…" writes.
fn draft_pdf(app: &Application) -> Vec<u8> {
    pdf::render(app).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// What a user sees of the list: (id, version, status, received_from).
fn list(store: &Store) -> Vec<(String, u32, Status, Option<String>)> {
    store
        .list()
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.version, s.status, s.received_from))
        .collect()
}

#[test]
fn draft_pdf_becomes_a_received_draft_with_every_field_and_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chef.sqlite")).unwrap();
    let app = fixture();
    let name = "Ansokan-sociala-medier_Biblioteket_for-godkannande.pdf";
    let path = write(dir.path(), name, &draft_pdf(&app));

    let o = handover::open_file(&store, &path, today()).unwrap();
    assert_eq!(
        (o.opened, o.kind, o.status),
        (Opened::NewDraft, FileKind::DraftPdf, Status::Draft)
    );
    assert!(o.message.contains(name), "{}", o.message);
    assert_eq!(store.get(&app.id, 1).unwrap(), app);
    let summary = &store.list().unwrap()[0];
    assert_eq!(summary.received_from.as_deref(), Some(name));
    assert!(summary.received_at.is_some());
    let record = store.handover_record(&app.id, 1).unwrap();
    assert_eq!(record.received.as_ref(), Some(&app));
}

#[test]
fn the_same_file_twice_adds_nothing_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chef.sqlite")).unwrap();
    let path = write(dir.path(), "a.pdf", &draft_pdf(&fixture()));
    handover::open_file(&store, &path, today()).unwrap();
    let before = list(&store);
    let o = handover::open_file(&store, &path, today()).unwrap();
    assert_eq!(o.opened, Opened::AlreadyThere);
    assert!(o.message.contains("finns redan"), "{}", o.message);
    assert_eq!(list(&store), before);
}

#[test]
fn a_received_draft_never_overwrites_local_edits_both_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chef.sqlite")).unwrap();
    let app = fixture();
    let path = write(dir.path(), "a.pdf", &draft_pdf(&app));
    handover::open_file(&store, &path, today()).unwrap();
    // The manager edits the received draft …
    let mut edited = app.clone();
    edited.purpose = "Ändrat av chefen".into();
    store.save_draft(&edited).unwrap();
    // … and then a second, different copy of the file arrives.
    let mut resent = app.clone();
    resent.audience = "Alla".into();
    let path2 = write(dir.path(), "b.pdf", &draft_pdf(&resent));
    let o = handover::open_file(&store, &path2, today()).unwrap();
    assert_eq!(o.opened, Opened::KeptBoth);
    assert_eq!(o.other, Some((app.id.clone(), 1)));
    assert_ne!(o.id, app.id);
    assert!(o.message.contains("Båda finns kvar"), "{}", o.message);
    assert_eq!(store.get(&app.id, 1).unwrap(), edited, "local edits kept");
    assert_eq!(store.get(&o.id, 1).unwrap().audience, "Alla");
    assert_eq!(store.list().unwrap().len(), 2);
}

#[test]
fn an_unedited_received_draft_is_updated_by_a_newer_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chef.sqlite")).unwrap();
    let app = fixture();
    handover::open_file(
        &store,
        &write(dir.path(), "a.pdf", &draft_pdf(&app)),
        today(),
    )
    .unwrap();
    let mut resent = app.clone();
    resent.audience = "Alla".into();
    let o = handover::open_file(
        &store,
        &write(dir.path(), "b.pdf", &draft_pdf(&resent)),
        today(),
    )
    .unwrap();
    assert_eq!(o.opened, Opened::DraftUpdated);
    assert_eq!(store.get(&app.id, 1).unwrap(), resent);
    assert_eq!(
        list(&store),
        vec![(app.id, 1, Status::Draft, Some("b.pdf".into()))]
    );
}

/// Desk A: the unit head sends the draft, the manager signs it at desk B, and
/// the signed PDF comes back: it replaces the sent draft, read-only.
#[test]
fn signed_pdf_back_at_the_sender_replaces_the_unedited_sent_draft() {
    let dir = tempfile::tempdir().unwrap();
    let desk_a = Store::open(&dir.path().join("enhet.sqlite")).unwrap();
    let app = fixture();
    desk_a.save_draft(&app).unwrap();
    desk_a.mark_sent_for_approval(&app.id, 1).unwrap();
    assert!(desk_a.list().unwrap()[0].sent_for_approval_at.is_some());

    let signed_app = signed(app.clone());
    let path = write(
        dir.path(),
        "signerad.pdf",
        &pdf::render(&signed_app).unwrap(),
    );
    let o = handover::open_file(&desk_a, &path, today()).unwrap();
    assert_eq!(
        (o.opened, o.kind),
        (Opened::SignedAdded, FileKind::SignedPdf)
    );
    assert_eq!(
        list(&desk_a),
        vec![(app.id.clone(), 1, Status::Signed, None)]
    );
    assert_eq!(desk_a.get(&app.id, 1).unwrap(), signed_app);
    // Read-only: the draft cannot be saved over it.
    assert!(desk_a.save_draft(&app).is_err());
    // Twice: nothing more.
    let again = handover::open_file(&desk_a, &path, today()).unwrap();
    assert_eq!(again.opened, Opened::AlreadyThere);
    assert_eq!(desk_a.list().unwrap().len(), 1);
}

#[test]
fn signed_pdf_back_at_a_sender_who_edited_since_keeps_the_edits_as_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let desk_a = Store::open(&dir.path().join("enhet.sqlite")).unwrap();
    let app = fixture();
    desk_a.save_draft(&app).unwrap();
    desk_a.mark_sent_for_approval(&app.id, 1).unwrap();
    let mut edited = app.clone();
    edited.purpose = "Ändrat efter att det skickades".into();
    desk_a.save_draft(&edited).unwrap();

    let path = write(
        dir.path(),
        "s.pdf",
        &pdf::render(&signed(app.clone())).unwrap(),
    );
    let o = handover::open_file(&desk_a, &path, today()).unwrap();
    assert_eq!(o.opened, Opened::KeptBoth);
    let (copy_id, copy_version) = o.other.clone().unwrap();
    assert_eq!(
        desk_a.get(&copy_id, copy_version).unwrap().purpose,
        edited.purpose
    );
    assert!(desk_a.get(&app.id, 1).unwrap().is_signed());
}

#[test]
fn json_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chef.sqlite")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(include_bytes!(
        "../../../tests/fixtures/valid-application.json"
    ));
    let path = write(dir.path(), "ansokan.json", &bytes);
    let o = handover::open_file(&store, &path, today()).unwrap();
    assert_eq!((o.opened, o.kind), (Opened::NewDraft, FileKind::DraftJson));
    assert_eq!(store.get(&o.id, 1).unwrap(), fixture());
}

#[test]
fn signed_json_with_an_intact_seal_is_a_signed_version() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("chef.sqlite")).unwrap();
    let path = write(
        dir.path(),
        "signerad.json",
        include_bytes!("../../../tests/fixtures/signed-application.json"),
    );
    let o = handover::open_file(&store, &path, today()).unwrap();
    assert_eq!((o.kind, o.status), (FileKind::SignedJson, Status::Signed));
}

/// Asserts that opening `path` fails with `code`, names the file, and changes
/// nothing in a store that already holds one draft.
fn refused(path: &Path, code: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let mut existing = fixture();
    existing.id = "0b1f4f4e-0000-4000-8000-000000000001".into();
    store.save_draft(&existing).unwrap();
    let before = list(&store);
    let err = handover::open_file(&store, path, today()).unwrap_err();
    let user = err.to_user_error();
    assert_eq!(user.code, code, "{err:?}: {}", user.message);
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(
        user.message.contains(&*name),
        "names the file: {}",
        user.message
    );
    assert_eq!(list(&store), before, "nothing in the list changed");
    user.message
}

#[test]
fn bad_files_each_get_a_swedish_message_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    let m = refused(
        &write(d, "semester.png", b"\x89PNG\r\n\x1a\nnot really"),
        "open.not_supported",
    );
    assert!(
        m.contains("varken en PDF eller en ansökan i JSON-format"),
        "{m}"
    );
    refused(
        &write(d, "anteckning.txt", "Hej chefen!".as_bytes()),
        "open.not_supported",
    );

    // A PDF with no application in it: the rendered page without its attachment.
    let mut doc = lopdf::Document::load_mem(&draft_pdf(&fixture())).unwrap();
    let catalog = doc.catalog_mut().unwrap();
    catalog.remove(b"AF");
    catalog.remove(b"Names");
    let mut plain = Vec::new();
    doc.save_to(&mut plain).unwrap();
    let m = refused(&write(d, "inskannad.pdf", &plain), "open.no_application");
    assert!(m.contains("innehåller ingen ansökan"), "{m}");

    let whole = draft_pdf(&fixture());
    let m = refused(
        &write(d, "trasig.pdf", &whole[..whole.len() / 3]),
        "open.damaged",
    );
    assert!(m.contains("skadad"), "{m}");

    let mut newer = fixture();
    newer.schema_version = 99;
    let newer_json = serde_json::to_vec(&newer).unwrap();
    let m = refused(&write(d, "framtida.json", &newer_json), "open.newer_schema");
    assert!(m.contains("nyare version"), "{m}");
    let newer_pdf = pdf_edit::with_attachment(&draft_pdf(&fixture()), newer_json);
    refused(&write(d, "framtida.pdf", &newer_pdf), "open.newer_schema");

    // A signed PDF whose embedded application was changed after signing.
    let signed_app = signed(fixture());
    let mut tampered = signed_app.clone();
    tampered.purpose = "Något helt annat".into();
    let bad = pdf_edit::with_attachment(
        &pdf::render(&signed_app).unwrap(),
        serde_json::to_vec(&tampered).unwrap(),
    );
    let m = refused(&write(d, "andrad-signerad.pdf", &bad), "open.seal_broken");
    assert!(m.contains("sigillet stämmer inte"), "{m}");
    assert!(!seal::is_intact(&tampered));
    refused(
        &write(
            d,
            "andrad-signerad.json",
            &serde_json::to_vec(&tampered).unwrap(),
        ),
        "open.seal_broken",
    );

    // 200 MB: refused from its size, before reading (a sparse file).
    let huge = d.join("film.pdf");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let m = refused(&huge, "open.too_large");
    assert!(m.contains("200 MB"), "{m}");

    let folder = d.join("Ansökningar");
    std::fs::create_dir(&folder).unwrap();
    let m = refused(&folder, "open.folder");
    assert!(m.contains("är en mapp"), "{m}");

    refused(&d.join("finns-inte.pdf"), "open.unreadable");
    refused(
        &write(d, "tom.json", b"{ \"schema_version\": 1 "),
        "open.invalid_json",
    );
}

#[test]
fn a_conflicting_signed_version_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("db.sqlite")).unwrap();
    let one = signed(fixture());
    store.store_signed(&one).unwrap();
    let mut other = fixture();
    other.audience = "Annan".into();
    let other = signed(other);
    let path = write(dir.path(), "annan.pdf", &pdf::render(&other).unwrap());
    let err = handover::open_file(&store, &path, today()).unwrap_err();
    assert_eq!(err.to_user_error().code, "open.signed_conflict");
    assert_eq!(store.get(&one.id, 1).unwrap(), one);
}
