//! Drafts, signed applications and versions, through a real SQLite file.

mod storage_common;

use kanalansokan_core::error::ToUserError;
use kanalansokan_core::model::Signature;
use kanalansokan_core::storage::{Status, StorageError, Store};
use storage_common::{fixture, signed, temp_db, today};

#[test]
fn a_draft_survives_closing_and_reopening_the_file() {
    let (_dir, path) = temp_db();
    let mut draft = {
        let store = Store::open(&path).unwrap();
        store.create_draft(today()).unwrap()
    };
    draft.unit = "Kultur- och fritidsförvaltningen".into();
    draft.responsible[0].name = "Åsa Öberg".into();
    draft.operators[1].name = "Jörgen Nyström".into();
    // Drafts keep what was typed, even if it is not valid yet.
    draft.approval.date = "2026-13-45".into();
    draft.responsible[0].phone = "070-12".into();
    {
        let store = Store::open(&path).unwrap();
        store.save_draft(&draft).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.get(&draft.id, 1).unwrap(), draft);
    let list = store.list().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].unit, "Kultur- och fritidsförvaltningen");
    assert_eq!(list[0].status, Status::Draft);
    assert_eq!(list[0].signed_at, None);
}

#[test]
fn create_draft_stores_an_empty_form_with_the_paper_forms_rows() {
    let store = Store::open_in_memory().unwrap();
    let draft = store.create_draft(today()).unwrap();
    let stored = store.get(&draft.id, 1).unwrap();
    assert_eq!(stored.version, 1);
    assert_eq!(stored.responsible.len(), 2);
    assert_eq!(stored.operators.len(), 2);
    assert_eq!(stored.approval.date, "2026-11-29");
    assert!(uuid::Uuid::parse_str(&stored.id).is_ok());
}

#[test]
fn saving_again_replaces_the_draft_and_keeps_one_row() {
    let store = Store::open_in_memory().unwrap();
    let mut draft = store.create_draft(today()).unwrap();
    for text in ["S", "Sm", "Sme", "Smedjebackens bibliotek"] {
        draft.unit = text.into();
        store.save_draft(&draft).unwrap();
    }
    assert_eq!(store.list().unwrap().len(), 1);
    assert_eq!(
        store.get(&draft.id, 1).unwrap().unit,
        "Smedjebackens bibliotek"
    );
}

#[test]
fn updated_at_is_rfc3339_utc() {
    let store = Store::open_in_memory().unwrap();
    store.create_draft(today()).unwrap();
    let s = &store.list().unwrap()[0];
    let t = chrono::DateTime::parse_from_rfc3339(&s.updated_at).unwrap();
    assert_eq!(t.offset().local_minus_utc(), 0);
    assert!(s.updated_at.ends_with('Z'), "{}", s.updated_at);
}

#[test]
fn list_is_most_recently_saved_first() {
    let store = Store::open_in_memory().unwrap();
    let mut a = store.create_draft(today()).unwrap();
    let b = store.create_draft(today()).unwrap();
    let c = store.create_draft(today()).unwrap();
    let ids = |store: &Store| -> Vec<String> {
        store.list().unwrap().into_iter().map(|s| s.id).collect()
    };
    assert_eq!(ids(&store), [c.id.clone(), b.id.clone(), a.id.clone()]);
    a.unit = "Biblioteket".into();
    store.save_draft(&a).unwrap();
    assert_eq!(ids(&store), [a.id.clone(), c.id.clone(), b.id.clone()]);
}

#[test]
fn get_of_an_unknown_application_is_not_found() {
    let store = Store::open_in_memory().unwrap();
    let err = store.get("finns-inte", 1).unwrap_err();
    assert!(matches!(err, StorageError::NotFound { .. }));
    let user = err.to_user_error();
    assert_eq!(user.code, "storage.not_found");
    assert!(user.message.contains("finns inte"), "{}", user.message);
}

#[test]
fn a_draft_without_a_usable_key_is_refused() {
    let store = Store::open_in_memory().unwrap();
    let mut draft = fixture();
    draft.id = "  ".into();
    assert_eq!(
        store.save_draft(&draft).unwrap_err().to_user_error().code,
        "storage.invalid_key"
    );
    let mut draft = fixture();
    draft.version = 0;
    assert_eq!(
        store.save_draft(&draft).unwrap_err().to_user_error().code,
        "storage.invalid_key"
    );
    let mut draft = fixture();
    draft.id = "x".repeat(65);
    assert!(matches!(
        store.save_draft(&draft),
        Err(StorageError::InvalidKey { .. })
    ));
    assert!(store.list().unwrap().is_empty());
    // The fixture's own key is fine.
    store.save_draft(&fixture()).unwrap();
}

#[test]
fn deleting_a_draft_removes_it() {
    let store = Store::open_in_memory().unwrap();
    let keep = store.create_draft(today()).unwrap();
    let gone = store.create_draft(today()).unwrap();
    store.delete_draft(&gone.id, 1).unwrap();
    assert!(matches!(
        store.get(&gone.id, 1),
        Err(StorageError::NotFound { .. })
    ));
    assert_eq!(store.list().unwrap().len(), 1);
    assert_eq!(store.get(&keep.id, 1).unwrap(), keep);
    // Deleting twice: the second time there is nothing to delete.
    assert_eq!(
        store
            .delete_draft(&gone.id, 1)
            .unwrap_err()
            .to_user_error()
            .code,
        "storage.not_found"
    );
}

#[test]
fn a_signed_application_is_stored_and_listed_as_signed() {
    let store = Store::open_in_memory().unwrap();
    let app = signed(fixture());
    store.store_signed(&app).unwrap();
    assert_eq!(store.get(&app.id, app.version).unwrap(), app);
    let s = &store.list().unwrap()[0];
    assert_eq!(s.status, Status::Signed);
    assert_eq!(s.signed_at.as_deref(), Some("2026-11-29T09:30:00Z"));
    assert_eq!(serde_json::to_value(s).unwrap()["status"], "signerad");
}

#[test]
fn signing_a_draft_turns_its_row_into_the_signed_row() {
    let store = Store::open_in_memory().unwrap();
    let draft = fixture();
    store.save_draft(&draft).unwrap();
    store.store_signed(&signed(draft.clone())).unwrap();
    let versions = store.versions(&draft.id).unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].status, Status::Signed);
}

#[test]
fn store_signed_refuses_an_application_without_a_seal() {
    let store = Store::open_in_memory().unwrap();
    let mut app = signed(fixture());
    app.seal = None;
    let err = store.store_signed(&app).unwrap_err();
    assert_eq!(err.to_user_error().code, "storage.seal_not_intact");
    let mut app = signed(fixture());
    app.signed_at = None;
    assert!(matches!(
        store.store_signed(&app),
        Err(StorageError::SealNotIntact { .. })
    ));
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn storing_the_same_signed_application_twice_is_harmless() {
    let store = Store::open_in_memory().unwrap();
    let app = signed(fixture());
    store.store_signed(&app).unwrap();
    store.store_signed(&app).unwrap();
    assert_eq!(store.versions(&app.id).unwrap().len(), 1);
    assert_eq!(store.get(&app.id, 1).unwrap(), app);
}

#[test]
fn a_signed_application_cannot_be_saved_over_deleted_or_resigned() {
    let store = Store::open_in_memory().unwrap();
    let app = signed(fixture());
    store.store_signed(&app).unwrap();

    // The window saving the (now signed) form as a draft, with or without the seal.
    let mut as_draft = app.clone();
    as_draft.unit = "Ändrad".into();
    as_draft.seal = None;
    as_draft.signed_at = None;
    let err = store.save_draft(&as_draft).unwrap_err();
    let user = err.to_user_error();
    assert_eq!(user.code, "storage.signed_is_read_only");
    assert!(user.message.contains("Ny version"), "{}", user.message);
    assert!(matches!(
        store.save_draft(&app),
        Err(StorageError::SignedIsReadOnly { .. })
    ));

    assert!(matches!(
        store.delete_draft(&app.id, 1),
        Err(StorageError::SignedIsReadOnly { .. })
    ));

    let mut other = app.clone();
    other.purpose = "Ett annat syfte".into();
    let other = signed(other);
    assert_ne!(other.seal, app.seal);
    assert!(matches!(
        store.store_signed(&other),
        Err(StorageError::SignedIsReadOnly { .. })
    ));

    assert_eq!(store.get(&app.id, 1).unwrap(), app);
}

#[test]
fn the_database_itself_refuses_to_change_or_delete_a_signed_row() {
    let store = Store::open_in_memory().unwrap();
    let app = signed(fixture());
    store.store_signed(&app).unwrap();
    let conn = store.connection();
    for sql in [
        "UPDATE applications SET unit = 'Ändrad' WHERE id = ?1",
        "UPDATE applications SET status = 'utkast', seal = NULL, signed_at = NULL WHERE id = ?1",
        "DELETE FROM applications WHERE id = ?1",
    ] {
        let err = conn.execute(sql, [&app.id]).unwrap_err();
        assert!(err.to_string().contains("read-only"), "{sql}: {err}");
    }
    assert_eq!(store.get(&app.id, 1).unwrap(), app);
}

#[test]
fn the_database_refuses_a_signed_row_without_seal_and_a_draft_with_one() {
    let store = Store::open_in_memory().unwrap();
    let conn = store.connection();
    let insert = "INSERT INTO applications
        (id, version, unit, status, created_at, updated_at, save_seq, signed_at, seal, body)
        VALUES ('x', 1, '', ?1, 't', 't', 1, ?2, ?3, '{}')";
    let bad: [(&str, Option<&str>, Option<&str>); 3] = [
        ("signerad", None, None),
        ("signerad", Some("2026-11-29T09:30:00Z"), None),
        ("utkast", None, Some("ab")),
    ];
    for (status, signed_at, seal) in bad {
        assert!(
            conn.execute(insert, rusqlite::params![status, signed_at, seal])
                .is_err(),
            "{status} {signed_at:?} {seal:?}"
        );
    }
    conn.execute(
        insert,
        rusqlite::params!["utkast", None::<String>, None::<String>],
    )
    .unwrap();
}

#[test]
fn duplicate_copies_the_content_into_a_new_unapproved_draft() {
    let store = Store::open_in_memory().unwrap();
    let original = signed(fixture());
    store.store_signed(&original).unwrap();
    let later = chrono::NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();

    let copy = store.duplicate(&original.id, 1, later).unwrap();
    assert_ne!(copy.id, original.id);
    assert_eq!(copy.version, 1);
    assert_eq!(copy.unit, original.unit);
    assert_eq!(copy.channels, original.channels);
    // The same people; their numbers shown the Swedish way (see below).
    let normalized = kanalansokan_core::validate::normalize(&copy);
    assert_eq!(normalized.responsible, original.responsible);
    assert_eq!(normalized.operators, original.operators);
    assert_eq!(copy.approval.name, original.approval.name);
    assert_eq!(copy.approval.date, "2027-01-15");
    assert_eq!(copy.approval.signature, None);
    assert_eq!(copy.signed_at, None);
    assert_eq!(copy.seal, None);

    assert_eq!(store.get(&copy.id, 1).unwrap(), copy);
    assert_eq!(store.list().unwrap()[0].status, Status::Draft);
    // The original is untouched.
    assert_eq!(store.get(&original.id, 1).unwrap(), original);
}

#[test]
fn copies_of_a_signed_application_show_phone_numbers_the_swedish_way() {
    // Signing stores E.164; the copy is a draft for a person to edit, and FORM.md
    // says numbers are shown the Swedish way.
    let store = Store::open_in_memory().unwrap();
    let mut app = fixture();
    app.responsible[0].phone = "+46240660000".into();
    app.operators[0].phone = "+46701234567".into();
    app.operators[1].phone = "+4722123456".into();
    let v1 = signed(app);
    store.store_signed(&v1).unwrap();
    let later = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    for copy in [
        store.duplicate(&v1.id, 1, later).unwrap(),
        store.new_version(&v1.id, 1, later).unwrap(),
    ] {
        assert_eq!(copy.responsible[0].phone, "0240-66 00 00");
        assert_eq!(copy.operators[0].phone, "070-123 45 67");
        assert_eq!(copy.operators[1].phone, "+47 22 12 34 56");
        // Signing the copy gives the same stored numbers as before.
        let normalized = kanalansokan_core::validate::normalize(&copy);
        assert_eq!(normalized.responsible, v1.responsible);
        assert_eq!(normalized.operators, v1.operators);
    }
    assert_eq!(
        store.get(&v1.id, 1).unwrap(),
        v1,
        "the signed version is untouched"
    );
}

#[test]
fn duplicate_of_an_unknown_application_is_not_found() {
    let store = Store::open_in_memory().unwrap();
    assert!(matches!(
        store.duplicate("finns-inte", 1, today()),
        Err(StorageError::NotFound { .. })
    ));
}

#[test]
fn new_version_of_a_signed_application_is_the_next_unsigned_version() {
    let store = Store::open_in_memory().unwrap();
    let v1 = signed(fixture());
    store.store_signed(&v1).unwrap();
    let later = chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();

    let v2 = store.new_version(&v1.id, 1, later).unwrap();
    assert_eq!(v2.id, v1.id);
    assert_eq!(v2.version, 2);
    assert_eq!(v2.unit, v1.unit);
    assert_eq!(v2.channels, v1.channels);
    assert_eq!(v2.approval.date, "2027-03-01");
    assert_eq!(v2.approval.signature, None);
    assert_eq!(v2.signed_at, None);
    assert_eq!(v2.seal, None);
    assert_eq!(store.get(&v1.id, 2).unwrap(), v2);
    assert_eq!(store.get(&v1.id, 1).unwrap(), v1, "version 1 is kept whole");

    let versions = store.versions(&v1.id).unwrap();
    let shape: Vec<(u32, Status)> = versions.iter().map(|s| (s.version, s.status)).collect();
    assert_eq!(shape, [(2, Status::Draft), (1, Status::Signed)]);
}

#[test]
fn new_version_while_a_newer_draft_exists_returns_that_draft() {
    let store = Store::open_in_memory().unwrap();
    let v1 = signed(fixture());
    store.store_signed(&v1).unwrap();
    let mut v2 = store.new_version(&v1.id, 1, today()).unwrap();
    v2.purpose = "Nytt syfte, redan påbörjat".into();
    store.save_draft(&v2).unwrap();

    let again = store.new_version(&v1.id, 1, today()).unwrap();
    assert_eq!(again, v2, "the draft in progress, not a fresh copy");
    assert_eq!(store.versions(&v1.id).unwrap().len(), 2);
}

#[test]
fn new_version_from_an_old_signed_version_is_refused() {
    let store = Store::open_in_memory().unwrap();
    let v1 = signed(fixture());
    store.store_signed(&v1).unwrap();
    let v2 = store.new_version(&v1.id, 1, today()).unwrap();
    store.store_signed(&signed(v2)).unwrap();

    let err = store.new_version(&v1.id, 1, today()).unwrap_err();
    assert!(matches!(
        err,
        StorageError::NotLatestVersion { latest: 2, .. }
    ));
    assert_eq!(err.to_user_error().code, "storage.not_latest_version");
    // From the latest signed one it works.
    assert_eq!(store.new_version(&v1.id, 2, today()).unwrap().version, 3);
}

#[test]
fn new_version_of_a_draft_or_unknown_application_is_refused() {
    let store = Store::open_in_memory().unwrap();
    let draft = store.create_draft(today()).unwrap();
    let err = store.new_version(&draft.id, 1, today()).unwrap_err();
    assert_eq!(err.to_user_error().code, "storage.not_signed");
    assert!(matches!(
        store.new_version("finns-inte", 1, today()),
        Err(StorageError::NotFound { .. })
    ));
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn versions_of_an_unknown_id_is_empty() {
    let store = Store::open_in_memory().unwrap();
    assert!(store.versions("finns-inte").unwrap().is_empty());
}

#[test]
fn a_drawn_signature_round_trips() {
    let store = Store::open_in_memory().unwrap();
    let mut app = fixture();
    app.approval.signature = Some(Signature::Drawn {
        width: 400,
        height: 120,
        strokes: vec![vec![
            kanalansokan_core::model::Point { x: 1, y: 2, t: 0 },
            kanalansokan_core::model::Point {
                x: 30,
                y: 40,
                t: 16,
            },
        ]],
    });
    store.save_draft(&app).unwrap();
    assert_eq!(store.get(&app.id, 1).unwrap(), app);
}

#[test]
fn a_row_that_is_not_an_application_is_reported_as_corrupt() {
    let store = Store::open_in_memory().unwrap();
    store
        .connection()
        .execute(
            "INSERT INTO applications (id, version, unit, status, created_at, updated_at, save_seq, body)
             VALUES ('trasig', 1, '', 'utkast', 't', 't', 1, '{\"hej\": 1}')",
            [],
        )
        .unwrap();
    let err = store.get("trasig", 1).unwrap_err();
    assert_eq!(err.to_user_error().code, "storage.corrupt");
}

#[test]
fn the_connection_has_wal_full_sync_and_foreign_keys() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), Some(path.as_path()));
    let conn = store.connection();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    assert_eq!(sync, 2, "FULL");
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let busy: i64 = conn
        .pragma_query_value(None, "busy_timeout", |r| r.get(0))
        .unwrap();
    assert!(busy > 0);
    let app_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(app_id, kanalansokan_core::storage::APPLICATION_ID);
}

#[test]
fn an_in_memory_store_has_no_path() {
    assert_eq!(Store::open_in_memory().unwrap().path(), None);
}
