//! The register itself: close, Dnr, search/filter/sort, the event log, gallring,
//! and the SQL guarantees (append-only log, no deletion without a decision).

mod register_support;

use kanalansokan_core::error::ToUserError;
use kanalansokan_core::register::{
    self, ChannelQuery, ChannelStatus, EventKind, RegisterError, SortColumn,
};
use register_support::*;

fn ids(rows: &[register::ChannelRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

#[test]
fn closing_records_date_and_reason_and_keeps_the_row() {
    let db = TestDb::new();
    sample(&db.conn);
    let row =
        register::close_channel(&db.conn, 1, "2026-11-28", "Ersatt av ny sida.", now()).unwrap();
    assert_eq!(row.status, ChannelStatus::Closed);
    assert_eq!(row.closed_on.as_deref(), Some("2026-11-28"));
    assert_eq!(row.close_reason.as_deref(), Some("Ersatt av ny sida."));
    assert_eq!(register::list_channels(&db.conn).unwrap().len(), 5);
    let last = register::events(&db.conn).unwrap().pop().unwrap();
    assert_eq!(last.kind, EventKind::Close);
    assert_eq!(last.channel_id, Some(1));
    assert_eq!(last.detail["reason"], "Ersatt av ny sida.");
    assert_eq!(last.detail["closed_on"], "2026-11-28");
}

#[test]
fn closing_on_the_approval_day_is_allowed_but_not_before() {
    let db = TestDb::new();
    sample(&db.conn);
    // Channel 1 was approved 2026-11-27.
    let err = register::close_channel(&db.conn, 1, "2026-11-26", "Fel", now()).unwrap_err();
    assert!(matches!(err, RegisterError::CloseBeforeApproval { .. }));
    assert_eq!(err.to_user_error().code, "register.date.before_approval");
    register::close_channel(&db.conn, 1, "2026-11-27", "Stängd samma dag.", now()).unwrap();
}

#[test]
fn closing_needs_a_reason_a_real_date_not_in_the_future_and_an_open_channel() {
    let db = TestDb::new();
    sample(&db.conn);
    let e = |r: Result<_, RegisterError>| r.unwrap_err().to_user_error().code;
    assert_eq!(
        e(register::close_channel(
            &db.conn,
            1,
            "2026-11-28",
            "   ",
            now()
        )),
        "register.reason.required"
    );
    assert_eq!(
        e(register::close_channel(
            &db.conn,
            1,
            "28/11/2026",
            "x",
            now()
        )),
        "register.date.invalid"
    );
    assert_eq!(
        e(register::close_channel(
            &db.conn,
            1,
            "2026-12-01",
            "x",
            now()
        )),
        "register.date.future"
    );
    assert_eq!(
        e(register::close_channel(
            &db.conn,
            99,
            "2026-11-28",
            "x",
            now()
        )),
        "register.channel_not_found"
    );
    // Channel 4 was closed by `sample`.
    assert_eq!(
        e(register::close_channel(
            &db.conn,
            4,
            "2026-11-28",
            "x",
            now()
        )),
        "register.already_closed"
    );
    // Nothing refused was logged.
    assert_eq!(
        register::events(&db.conn)
            .unwrap()
            .iter()
            .filter(|e| e.kind == EventKind::Close)
            .count(),
        1
    );
}

#[test]
fn dnr_is_logged_with_old_and_new_value_and_can_be_cleared() {
    let db = TestDb::new();
    sample(&db.conn);
    let row = register::set_dnr(&db.conn, 1, " KS 2026/00200 ", now()).unwrap();
    assert_eq!(row.dnr, "KS 2026/00200");
    let last = register::events(&db.conn).unwrap().pop().unwrap();
    assert_eq!(last.kind, EventKind::Dnr);
    assert_eq!(last.detail["old"], "KS 2026/00123");
    assert_eq!(last.detail["new"], "KS 2026/00200");
    // The same value again changes nothing and logs nothing.
    let before = register::events(&db.conn).unwrap().len();
    register::set_dnr(&db.conn, 1, "KS 2026/00200", now()).unwrap();
    assert_eq!(register::events(&db.conn).unwrap().len(), before);
    assert_eq!(register::set_dnr(&db.conn, 1, "", now()).unwrap().dnr, "");
    let err = register::set_dnr(&db.conn, 1, "KS\n2026", now()).unwrap_err();
    assert_eq!(err.to_user_error().code, "register.dnr.invalid");
    let err = register::set_dnr(&db.conn, 1, &"9".repeat(65), now()).unwrap_err();
    assert_eq!(err.to_user_error().code, "register.too_long");
    // A closed channel can still get its Dnr.
    assert_eq!(
        register::set_dnr(&db.conn, 4, "KS 1", now()).unwrap().dnr,
        "KS 1"
    );
}

#[test]
fn search_filter_and_sort() {
    let db = TestDb::new();
    sample(&db.conn);
    let q = |q: ChannelQuery| ids(&register::query_channels(&db.conn, &q).unwrap());
    // Default: by unit in Swedish order (Ö last), then id.
    assert_eq!(q(ChannelQuery::default()), [3, 4, 1, 2, 5]);
    assert_eq!(
        q(ChannelQuery {
            descending: true,
            ..Default::default()
        }),
        [5, 2, 1, 4, 3]
    );
    assert_eq!(
        q(ChannelQuery {
            sort: SortColumn::Since,
            ..Default::default()
        }),
        [5, 3, 4, 1, 2]
    );
    assert_eq!(
        q(ChannelQuery {
            status: Some(ChannelStatus::Closed),
            ..Default::default()
        }),
        [4]
    );
    assert_eq!(
        q(ChannelQuery {
            platform: Some("facebook".into()),
            ..Default::default()
        }),
        [1]
    );
    assert_eq!(
        q(ChannelQuery {
            unit: Some("Östra förvaltningen".into()),
            ..Default::default()
        }),
        [5]
    );
    // Free text: case-insensitive, every word, across columns and people.
    assert_eq!(
        q(ChannelQuery {
            text: "BIBLIOTEK insta".into(),
            ..Default::default()
        }),
        [2]
    );
    assert_eq!(
        q(ChannelQuery {
            text: "ks 2026/00123".into(),
            ..Default::default()
        }),
        [1]
    );
    assert_eq!(
        q(ChannelQuery {
            text: "östra".into(),
            ..Default::default()
        }),
        [5]
    );
    assert_eq!(
        q(ChannelQuery {
            text: "märta".into(),
            status: Some(ChannelStatus::Active),
            sort: SortColumn::Id,
            ..Default::default()
        }),
        [1, 2, 3, 5]
    );
    assert!(
        q(ChannelQuery {
            text: "finns-inte".into(),
            ..Default::default()
        })
        .is_empty()
    );
}

#[test]
fn filter_menus_list_units_and_platforms_once_in_swedish_order() {
    let db = TestDb::new();
    sample(&db.conn);
    let opts = register::filter_options(&register::list_channels(&db.conn).unwrap());
    assert_eq!(
        opts.units,
        [
            "Barn- och utbildningsförvaltningen / Hagaskolan",
            "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
            "Östra förvaltningen"
        ]
    );
    let labels: Vec<_> = opts.platforms.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        labels,
        ["Facebook", "Instagram", "LinkedIn", "Mastodon", "YouTube"]
    );
}

#[test]
fn the_event_log_cannot_be_changed_or_deleted() {
    let db = TestDb::new();
    sample(&db.conn);
    assert!(
        db.conn
            .execute("UPDATE register_events SET summary = 'x'", [])
            .is_err()
    );
    assert!(db.conn.execute("DELETE FROM register_events", []).is_err());
    assert_eq!(register::events(&db.conn).unwrap().len(), 2);
}

#[test]
fn nothing_is_deleted_or_reopened_without_a_decision() {
    let db = TestDb::new();
    sample(&db.conn);
    assert!(
        db.conn
            .execute("DELETE FROM register_channels WHERE id = 4", [])
            .is_err()
    );
    assert!(
        db.conn
            .execute("DELETE FROM register_applications", [])
            .is_err()
    );
    assert!(
        db.conn
            .execute("UPDATE register_applications SET unit = 'x'", [])
            .is_err()
    );
    assert!(
        db.conn
            .execute(
                "UPDATE register_channels SET status = 'aktiv', closed_on = NULL,
                 close_reason = NULL WHERE id = 4",
                []
            )
            .is_err()
    );
    assert_eq!(register::list_channels(&db.conn).unwrap().len(), 5);
}

#[test]
fn gallring_needs_a_decision_closed_channels_and_is_logged_without_personal_data() {
    let db = TestDb::new();
    sample(&db.conn);
    let school = "0a1b2c3d-0000-4000-8000-000000000002";
    std::fs::create_dir_all(db.archive()).unwrap();
    let versions = register::application_versions(&db.conn, school).unwrap();
    let file = register::archive_path(&db.archive(), &versions[0].pdf_sha256);
    std::fs::write(&file, b"%PDF").unwrap();

    let e =
        |r: Result<register::DisposalReport, RegisterError>| r.unwrap_err().to_user_error().code;
    assert_eq!(
        e(register::dispose_application(
            &db.conn,
            &db.archive(),
            school,
            "",
            "KS 2026/1",
            now()
        )),
        "register.reason.required"
    );
    assert_eq!(
        e(register::dispose_application(
            &db.conn,
            &db.archive(),
            school,
            "Gallring",
            " ",
            now()
        )),
        "register.reference.required"
    );
    // Channel 3 (YouTube) is still active.
    assert_eq!(
        e(register::dispose_application(
            &db.conn,
            &db.archive(),
            school,
            "Gallring",
            "KS 2026/1",
            now()
        )),
        "register.dispose.active"
    );
    register::close_channel(&db.conn, 3, "2026-11-28", "Nedlagd.", now()).unwrap();
    let report = register::dispose_application(
        &db.conn,
        &db.archive(),
        school,
        "Gallringsfrist enligt dokumenthanteringsplan.",
        "KS 2026/00999",
        now(),
    )
    .unwrap();
    assert_eq!(report.channels, [3, 4]);
    assert_eq!(report.versions, [1]);
    assert!(!file.exists());
    assert!(
        register::application_versions(&db.conn, school)
            .unwrap()
            .is_empty()
    );
    assert_eq!(register::list_channels(&db.conn).unwrap().len(), 3);

    let last = register::events(&db.conn).unwrap().pop().unwrap();
    assert_eq!(last.kind, EventKind::Disposal);
    assert_eq!(last.detail["reference"], "KS 2026/00999");
    let text = last.detail.to_string() + &last.summary;
    for personal in ["Åsa", "Öberg", "Jörgen", "Märta", "smedjebacken.se", "+46"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    let snap = register::snapshot(&db.conn).unwrap();
    assert_eq!(snap.disposals.len(), 1);
    assert_eq!(snap.disposals[0].reference, "KS 2026/00999");
}
