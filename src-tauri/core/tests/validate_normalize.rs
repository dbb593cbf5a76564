//! normalize(): what is stored and sealed once an application is signed.

use chrono::NaiveDate;
use kanalansokan_core::model::{Application, Channel, Person, Signature};
use kanalansokan_core::validate::{Check, normalize, phone_display, validate};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn valid() -> Application {
    serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap()
}

fn channel(platform: &str, address: &str) -> Channel {
    Channel {
        platform: platform.into(),
        address: address.into(),
        ..Channel::default()
    }
}

#[test]
fn text_is_trimmed_and_nfc() {
    let mut app = valid();
    app.unit = "  A\u{30A}sa  kommun\t".into();
    app.purpose = " Rad ett\r\nRad tva\u{308} \n".into();
    app.approval.name = "Karin A\u{30A}lund ".into();
    let n = normalize(&app);
    assert_eq!(n.unit, "Åsa kommun");
    assert_eq!(n.purpose, "Rad ett\nRad tvä");
    assert_eq!(n.approval.name, "Karin Ålund");
}

#[test]
fn phones_become_e164_and_are_shown_the_swedish_way() {
    let mut app = valid();
    app.responsible[0].phone = "070-123 45 67".into();
    app.operators[0].phone = "08-123 456 78".into();
    app.operators[1].phone = "+47 22 12 34 56".into();
    let n = normalize(&app);
    assert_eq!(n.responsible[0].phone, "+46701234567");
    assert_eq!(n.operators[0].phone, "+46812345678");
    assert_eq!(n.operators[1].phone, "+4722123456");
    assert_eq!(phone_display(&n.responsible[0].phone), "070-123 45 67");
    assert_eq!(phone_display(&n.operators[0].phone), "08-123 456 78");
    assert_eq!(phone_display("+46240660000"), "0240-66 00 00");
    assert_eq!(phone_display(&n.operators[1].phone), "+47 22 12 34 56");
}

#[test]
fn an_invalid_phone_is_kept_as_typed() {
    let mut app = valid();
    app.responsible[0].phone = " 070-12 ".into();
    assert_eq!(normalize(&app).responsible[0].phone, "070-12");
    assert_eq!(phone_display("070-12"), "070-12");
}

#[test]
fn handles_become_full_addresses() {
    let mut app = valid();
    app.channels = vec![
        channel("instagram", "@biblioteket"),
        channel("x", " @smedjebacken"),
        channel("tiktok", "@smedjebacken"),
        channel("facebook", "@smedjebacken"),
    ];
    let n = normalize(&app);
    let got: Vec<_> = n.channels.iter().map(|c| c.address.as_str()).collect();
    assert_eq!(
        got,
        [
            "https://www.instagram.com/biblioteket",
            "https://x.com/smedjebacken",
            "https://www.tiktok.com/@smedjebacken",
            // Not a handle platform: kept, and refused by validate.
            "@smedjebacken",
        ]
    );
}

#[test]
fn blank_rows_are_dropped_and_stray_values_tidied() {
    let mut app = valid();
    app.channels.insert(0, Channel::default());
    app.channels.push(Channel {
        platform: " Facebook ".into(),
        platform_name: "Ska bort".into(),
        address: "https://www.facebook.com/bibliotek".into(),
    });
    app.channels.push(Channel {
        platform: "annat".into(),
        platform_name: " Mastodon ".into(),
        address: "https://mastodon.social/@smedjebacken".into(),
    });
    app.responsible.push(Person::default());
    app.operators.insert(
        1,
        Person {
            name: " ".into(),
            ..Person::default()
        },
    );
    app.operators[0].email = "Jorgen.Nystrom@Smedjebacken.SE".into();
    let n = normalize(&app);
    assert_eq!(n.channels.len(), 4);
    assert_eq!(n.channels[2].platform, "facebook");
    assert_eq!(n.channels[2].platform_name, "");
    assert_eq!(n.channels[3].platform_name, "Mastodon");
    assert_eq!(n.responsible.len(), 1);
    assert_eq!(n.operators.len(), 2);
    assert_eq!(n.operators[0].email, "Jorgen.Nystrom@smedjebacken.se");
}

#[test]
fn typed_signature_is_tidied_drawn_is_kept() {
    let mut app = valid();
    app.approval.signature = Some(Signature::Typed {
        text: " Karin A\u{30A}lund ".into(),
    });
    assert_eq!(
        normalize(&app).approval.signature,
        Some(Signature::Typed {
            text: "Karin Ålund".into()
        })
    );
}

#[test]
fn the_fixture_is_already_normal_and_normalising_is_idempotent() {
    let app = valid();
    assert_eq!(normalize(&app), app);
    let mut messy = valid();
    messy.unit = " Kultur  ".into();
    messy.responsible[0].phone = "0240-66 00 00".into();
    messy.channels[1].address = "@smedjebackensbibliotek".into();
    let once = normalize(&messy);
    assert_eq!(normalize(&once), once);
    assert_eq!(once.responsible[0].phone, "+46240660000");
}

#[test]
fn what_validates_still_validates_after_normalising() {
    let mut app = valid();
    app.unit = " Kultur ".into();
    app.responsible[0].phone = "070-123 45 67".into();
    app.channels[1].address = "@smedjebackensbibliotek".into();
    app.operators.push(Person::default());
    assert_eq!(validate(&app, today(), Check::Form), vec![]);
    assert_eq!(validate(&normalize(&app), today(), Check::Form), vec![]);
}

#[test]
fn normalize_never_fails_on_garbage() {
    let mut app = Application::new_draft(today());
    app.id = "inte ett id".into();
    app.unit = "\u{0}\u{7}🙂".into();
    app.channels = vec![channel("??", "@@@"), channel("x", "@")];
    app.responsible = vec![Person {
        name: "\u{202E}".into(),
        phone: "++++".into(),
        email: "@@".into(),
    }];
    app.approval.date = "2026-99-99".into();
    let n = normalize(&app);
    assert_eq!(n.id, "inte ett id");
    assert_eq!(n.channels[1].address, "@");
    assert_eq!(n.responsible[0].phone, "++++");
}
