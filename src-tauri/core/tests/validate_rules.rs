//! Every rule of the form: a valid and an invalid case each, asserting what the
//! user sees (code, field, and the gist of the Swedish message).

use chrono::NaiveDate;
use kanalansokan_core::UserError;
use kanalansokan_core::model::{Application, Channel, Person, Platform, Point, Signature};
use kanalansokan_core::validate::{Check, MAX_POINTS, MAX_STROKES, validate};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn valid() -> Application {
    serde_json::from_str(include_str!(
        "../../../tests/fixtures/valid-application.json"
    ))
    .unwrap()
}

fn problems(app: &Application) -> Vec<UserError> {
    validate(app, today(), Check::Form)
}

/// Asserts that `app` has exactly one problem, with this code and field; returns its message.
#[track_caller]
fn only(app: &Application, code: &str, field: &str) -> String {
    let p = problems(app);
    assert_eq!(p.len(), 1, "expected only {code} at {field}, got {p:#?}");
    assert_eq!(p[0].code, code, "{p:#?}");
    assert_eq!(p[0].field.as_deref(), Some(field), "{p:#?}");
    p[0].message.clone()
}

#[track_caller]
fn clean(app: &Application) {
    let p = problems(app);
    assert!(p.is_empty(), "expected no problems, got {p:#?}");
}

fn person(name: &str, phone: &str, email: &str) -> Person {
    Person {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
    }
}

fn channel(platform: &str, address: &str) -> Channel {
    Channel {
        platform: platform.into(),
        address: address.into(),
        ..Channel::default()
    }
}

fn with_channel(platform: &str, address: &str) -> Application {
    let mut app = valid();
    app.channels = vec![channel(platform, address)];
    app
}

// ---- the fixture and the envelope ----

#[test]
fn fixture_is_valid_for_form_and_for_signing_with_a_signature() {
    clean(&valid());
    let mut app = valid();
    app.approval.signature = Some(Signature::Paper);
    assert_eq!(validate(&app, today(), Check::Signing), vec![]);
}

#[test]
fn schema_version_must_be_known() {
    let mut app = valid();
    app.schema_version = 2;
    let m = only(&app, "schema_version.unsupported", "schema_version");
    assert!(m.contains("nyare version"), "{m}");
}

#[test]
fn id_must_be_a_uuid() {
    let mut app = valid();
    app.id = "ansokan-1".into();
    only(&app, "id.invalid", "id");
    app.id = "5F0C6C1E-8A3B-4D1E-9F4A-2B7C9D0E1A23".into();
    clean(&app);
}

#[test]
fn version_starts_at_one() {
    let mut app = valid();
    app.version = 0;
    only(&app, "version.invalid", "version");
    app.version = 3;
    clean(&app);
}

// ---- 1. unit and the shared text rules ----

#[test]
fn unit_is_required() {
    let mut app = valid();
    app.unit = "   ".into();
    let m = only(&app, "unit.required", "unit");
    assert!(m.contains("enhetens namn"), "{m}");
    app.unit = "Barn- och utbildningsförvaltningen".into();
    clean(&app);
}

#[test]
fn unit_has_a_length_limit_of_200() {
    let mut app = valid();
    app.unit = "å".repeat(200);
    clean(&app);
    app.unit = "å".repeat(201);
    let m = only(&app, "text.too_long", "unit");
    assert!(m.contains("201") && m.contains("200"), "{m}");
}

#[test]
fn one_line_fields_refuse_line_breaks_but_not_a_trailing_one() {
    let mut app = valid();
    app.unit = "Kultur\nFritid".into();
    only(&app, "text.line_break", "unit");
    app.unit = "Kultur och fritid\r\n".into();
    clean(&app);
}

#[test]
fn control_and_invisible_characters_are_refused() {
    for bad in [
        "Bibli\u{7}oteket",
        "Bibli\u{200B}oteket",
        "\u{202E}ketoilbib",
        "Biblio\u{1B}[31m",
    ] {
        let mut app = valid();
        app.unit = bad.into();
        only(&app, "text.control_character", "unit");
    }
    let mut app = valid();
    app.unit = "Bibliotek\tet".into(); // a tab is tidied to a space, not refused
    clean(&app);
}

#[test]
fn every_character_must_be_drawable_by_the_pdf_font() {
    let mut app = valid();
    app.responsible[0].name = "Łukasz Żółć".into();
    app.operators[0].name = "Đorđe Petrović".into();
    app.operators[1].name = "Áilu Valkeapää".into();
    app.approval.name = "Ŋoahttá Ášša".into();
    clean(&app);

    app.unit = "Biblioteket 📚".into();
    let m = only(&app, "text.unsupported_character", "unit");
    assert!(m.contains('📚') && m.contains("U+1F4DA"), "{m}");
}

// ---- 2. channels ----

#[test]
fn at_least_one_channel() {
    let mut app = valid();
    app.channels = vec![];
    let m = only(&app, "channels.required", "channels");
    assert!(m.contains("minst ett"), "{m}");
    app.channels = vec![Channel::default(), Channel::default()];
    only(&app, "channels.required", "channels");
    app.channels = vec![
        Channel::default(),
        channel("youtube", "https://www.youtube.com/@smedjebacken"),
    ];
    clean(&app);
}

#[test]
fn platform_is_required_and_from_the_list() {
    let app = with_channel("", "https://www.facebook.com/smedjebacken");
    only(&app, "channels.platform.required", "channels[0].platform");
    let app = with_channel("myspace", "https://myspace.com/smedjebacken");
    let m = only(&app, "channels.platform.unknown", "channels[0].platform");
    assert!(
        m.contains("Facebook, Instagram, X, LinkedIn, YouTube, TikTok, Blogg eller Annat"),
        "{m}"
    );
    // Codes are matched as the select sends them, but case and spaces are forgiven.
    clean(&with_channel(
        " Facebook ",
        "https://www.facebook.com/smedjebacken",
    ));
}

#[test]
fn every_platform_in_the_list_is_accepted_with_its_own_address() {
    let addresses = [
        (
            Platform::Facebook,
            "https://www.facebook.com/smedjebackenskommun",
        ),
        (
            Platform::Instagram,
            "https://www.instagram.com/smedjebacken",
        ),
        (Platform::X, "https://x.com/smedjebacken"),
        (
            Platform::LinkedIn,
            "https://www.linkedin.com/company/smedjebackens-kommun",
        ),
        (Platform::YouTube, "https://www.youtube.com/@smedjebacken"),
        (Platform::TikTok, "https://www.tiktok.com/@smedjebacken"),
        (Platform::Blog, "https://blogg.smedjebacken.se"),
    ];
    for (p, a) in addresses {
        clean(&with_channel(p.code(), a));
    }
}

#[test]
fn other_needs_the_platforms_name() {
    let mut app = with_channel("annat", "https://mastodon.social/@smedjebacken");
    let m = only(
        &app,
        "channels.platform_name.required",
        "channels[0].platform_name",
    );
    assert!(m.contains("Annat"), "{m}");
    app.channels[0].platform_name = "Mastodon".into();
    clean(&app);
}

#[test]
fn address_is_required() {
    let app = with_channel("facebook", " ");
    only(&app, "channels.address.required", "channels[0].address");
}

#[test]
fn address_host_must_belong_to_the_platform() {
    let m = only(
        &with_channel("facebook", "https://www.instagram.com/smedjebacken"),
        "channels.address.host_mismatch",
        "channels[0].address",
    );
    assert!(
        m.contains("www.instagram.com") && m.contains("Facebook"),
        "{m}"
    );
    for (p, a) in [
        ("facebook", "https://facebook.com.example.se/smedjebacken"),
        ("facebook", "https://notfacebook.com/smedjebacken"),
        ("x", "https://www.xx.com/smedjebacken"),
        ("youtube", "https://www.youtube.com:8443/@smedjebacken"),
        ("linkedin", "https://linkedin.se/company/smedjebacken"),
    ] {
        only(
            &with_channel(p, a),
            "channels.address.host_mismatch",
            "channels[0].address",
        );
    }
    for (p, a) in [
        ("facebook", "https://fb.com/smedjebacken"),
        ("facebook", "https://m.facebook.com/smedjebacken"),
        ("facebook", "https://sv-se.facebook.com/smedjebacken"),
        ("facebook", "HTTPS://WWW.FACEBOOK.COM/smedjebacken"),
        ("x", "https://twitter.com/smedjebacken"),
        ("youtube", "https://youtu.be/dQw4w9WgXcQ"),
        ("youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("linkedin", "https://se.linkedin.com/company/smedjebacken"),
        ("tiktok", "https://www.tiktok.com/@smedjebacken"),
    ] {
        clean(&with_channel(p, a));
    }
}

#[test]
fn address_must_be_https_and_the_message_offers_it() {
    let m = only(
        &with_channel("facebook", "http://www.facebook.com/smedjebacken"),
        "channels.address.not_https",
        "channels[0].address",
    );
    assert!(m.contains("https://www.facebook.com/smedjebacken"), "{m}");
}

#[test]
fn address_without_scheme_is_refused_with_the_full_form_offered() {
    let m = only(
        &with_channel("facebook", "www.facebook.com/smedjebacken"),
        "channels.address.missing_scheme",
        "channels[0].address",
    );
    assert!(m.contains("https://www.facebook.com/smedjebacken"), "{m}");
    // A bare name is not an address; the message shows a whole one.
    let m = only(
        &with_channel("instagram", "smedjebacken"),
        "channels.address.missing_scheme",
        "channels[0].address",
    );
    assert!(m.contains("https://www.instagram.com/"), "{m}");
    // Without https:// and on the wrong site: the wrong site is said first.
    only(
        &with_channel("facebook", "instagram.com/smedjebacken"),
        "channels.address.host_mismatch",
        "channels[0].address",
    );
}

#[test]
fn address_must_be_a_web_address() {
    for a in [
        "https://",
        "ftp://www.facebook.com/smedjebacken",
        "mailto:info@smedjebacken.se",
        "https://www.facebook.com/smedje backen",
        "https://user:secret@www.facebook.com/smedjebacken",
    ] {
        only(
            &with_channel("facebook", a),
            "channels.address.invalid",
            "channels[0].address",
        );
    }
}

#[test]
fn blog_and_other_take_any_https_host_with_a_real_domain() {
    for a in [
        "https://192.168.1.10/blogg",
        "https://intranet/blogg",
        "https://[::1]/blogg",
        "https://blogg.se1/x",
    ] {
        only(
            &with_channel("blogg", a),
            "channels.address.host_invalid",
            "channels[0].address",
        );
    }
    for a in [
        "https://smedjebacken.se/bibliotek/blogg",
        "https://bibliotek.smedjebacken.se",
        "https://blogg.bibliotek-åsa.se/",
    ] {
        clean(&with_channel("blogg", a));
    }
}

#[test]
fn address_must_be_the_channels_page_not_the_start_page() {
    let m = only(
        &with_channel("instagram", "https://www.instagram.com/"),
        "channels.address.no_page",
        "channels[0].address",
    );
    assert!(m.contains("startsida"), "{m}");
}

#[test]
fn handles_are_accepted_for_instagram_x_and_tiktok() {
    clean(&with_channel("instagram", "@smedjebackens.bibliotek"));
    clean(&with_channel("x", "@smedjebacken"));
    clean(&with_channel("tiktok", "@smedjebacken_kommun"));
    only(
        &with_channel("instagram", "@smedjebackens bibliotek!"),
        "channels.address.handle_invalid",
        "channels[0].address",
    );
    only(
        &with_channel("x", "@this_handle_is_too_long_for_x"),
        "channels.address.handle_invalid",
        "channels[0].address",
    );
    let m = only(
        &with_channel("facebook", "@smedjebacken"),
        "channels.address.handle_not_supported",
        "channels[0].address",
    );
    assert!(m.contains("https://www.facebook.com/"), "{m}");
}

#[test]
fn no_address_twice() {
    let mut app = valid();
    app.channels = vec![
        channel("facebook", "https://www.facebook.com/Smedjebacken"),
        channel("instagram", "https://www.instagram.com/smedjebacken"),
        channel("facebook", "https://FACEBOOK.com/smedjebacken/"),
    ];
    let m = only(&app, "channels.address.duplicate", "channels[2].address");
    assert!(m.contains("rad 1"), "{m}");
    // A handle and its full address are the same channel.
    app.channels = vec![
        channel("instagram", "@smedjebacken"),
        channel("instagram", "https://instagram.com/smedjebacken"),
    ];
    only(&app, "channels.address.duplicate", "channels[1].address");
    // Different pages are different channels.
    app.channels = vec![
        channel("facebook", "https://www.facebook.com/smedjebacken"),
        channel(
            "facebook",
            "https://www.facebook.com/smedjebackensbibliotek",
        ),
    ];
    clean(&app);
}

#[test]
fn blank_rows_are_ignored_but_keep_the_indexes() {
    let mut app = valid();
    app.channels = vec![
        Channel::default(),
        channel("facebook", "https://www.facebook.com/smedjebacken"),
        channel("  ", "  "),
        channel("facebook", "http://www.facebook.com/bibliotek"),
    ];
    only(&app, "channels.address.not_https", "channels[3].address");
    app.operators.insert(0, Person::default());
    app.operators
        .push(person("Nils Berg", "070-12", "nils.berg@smedjebacken.se"));
    let p = problems(&app);
    let fields: Vec<_> = p.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, ["channels[3].address", "operators[3].phone"]);
}

// ---- 3, 4. purpose and audience ----

#[test]
fn purpose_and_audience_are_required() {
    let mut app = valid();
    app.purpose = "".into();
    app.audience = " \n ".into();
    let p = problems(&app);
    let got: Vec<_> = p
        .iter()
        .map(|e| (e.code.as_str(), e.field.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("purpose.required", "purpose"),
            ("audience.required", "audience")
        ]
    );
}

#[test]
fn long_texts_allow_line_breaks_and_2000_characters() {
    let mut app = valid();
    app.purpose = format!(
        "Första stycket.\r\n\r\nAndra stycket.\n{}",
        "x".repeat(1960)
    );
    app.audience = "ö".repeat(2000);
    clean(&app);
    app.audience = "ö".repeat(2001);
    only(&app, "text.too_long", "audience");
}

// ---- 5, 6. people ----

#[test]
fn at_least_one_responsible_person() {
    let mut app = valid();
    app.responsible = vec![Person::default(), Person::default()];
    only(&app, "responsible.required", "responsible");
    app.responsible[1] = person("Åsa Öberg", "0240-66 00 00", "asa.oberg@smedjebacken.se");
    clean(&app);
}

#[test]
fn at_least_two_operators_because_of_the_deputy_rule() {
    let mut app = valid();
    app.operators.truncate(1);
    app.operators.push(Person::default());
    let m = only(&app, "operators.too_few", "operators");
    assert!(
        m.contains("Vid befattningshavares frånvaro ska ersättare finnas utsedd"),
        "{m}"
    );
    assert!(m.contains("minst två"), "{m}");
    app.operators[1] = person("Märta Ek", "070-234 56 78", "marta.ek@smedjebacken.se");
    clean(&app);
}

#[test]
fn the_same_person_twice_in_a_list_is_not_a_deputy() {
    let mut app = valid();
    app.operators[1] = person(
        " jörgen nyström ",
        "070-123 45 67",
        "Jorgen.Nystrom@smedjebacken.se",
    );
    let p = problems(&app);
    let got: Vec<_> = p
        .iter()
        .map(|e| (e.code.as_str(), e.field.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("operators.too_few", "operators"),
            ("person.duplicate", "operators[1].name")
        ]
    );
    assert!(p[1].message.contains("rad 1"));
}

#[test]
fn the_same_person_may_be_in_both_lists() {
    let mut app = valid();
    app.responsible = vec![app.operators[0].clone()];
    clean(&app);
}

#[test]
fn person_name_is_required() {
    let mut app = valid();
    app.operators[1].name = "".into();
    let m = only(&app, "person.name.required", "operators[1].name");
    assert!(m.contains("namn"), "{m}");
}

#[test]
fn person_name_has_a_limit_of_100() {
    let mut app = valid();
    app.responsible[0].name = "Å".repeat(100);
    clean(&app);
    app.responsible[0].name = "Å".repeat(101);
    only(&app, "text.too_long", "responsible[0].name");
}

#[test]
fn phone_is_required_and_valid() {
    let mut app = valid();
    app.responsible[0].phone = "".into();
    only(&app, "person.phone.required", "responsible[0].phone");
    for bad in [
        "070-12",
        "12345",
        "070 123 45 67 ankn. 3",
        "+99 123 456 789",
        "telefon",
    ] {
        app.responsible[0].phone = bad.into();
        let m = only(&app, "person.phone.invalid", "responsible[0].phone");
        assert!(m.contains("070-123 45 67") && m.contains("+47"), "{m}");
    }
    for good in [
        "070-123 45 67",
        "0701234567",
        "08-123 456 78",
        "0240-66 00 00",
        "+46 70 123 45 67",
        "+47 22 12 34 56",
        "0047 22 12 34 56",
    ] {
        app.responsible[0].phone = good.into();
        clean(&app);
    }
}

#[test]
fn email_is_required_and_valid() {
    let mut app = valid();
    app.operators[0].email = "".into();
    only(&app, "person.email.required", "operators[0].email");
    for bad in [
        "jorgen.nystrom",
        "jorgen.nystrom(at)smedjebacken.se",
        "jorgen@smedjebacken",
        "jorgen@@smedjebacken.se",
    ] {
        app.operators[0].email = bad.into();
        let m = only(&app, "person.email.invalid", "operators[0].email");
        assert!(m.contains("namn@exempel.se"), "{m}");
    }
    app.operators[0].email = "jörgen.nyström@smedjebacken.se".into();
    only(&app, "person.email.non_ascii", "operators[0].email");
    app.operators[0].email = "Jorgen.Nystrom@Smedjebacken.SE ".into();
    clean(&app);
    app.operators[0].email = format!("{}@smedjebacken.se", "a".repeat(240));
    only(&app, "text.too_long", "operators[0].email");
}

// ---- 7. guidelines ----

#[test]
fn guidelines_must_be_read() {
    let mut app = valid();
    app.guidelines_read = false;
    let m = only(&app, "guidelines_read.required", "guidelines_read");
    assert!(m.contains("riktlinjer"), "{m}");
}

// ---- 8. approval ----

#[test]
fn approval_date_is_required() {
    let mut app = valid();
    app.approval.date = "".into();
    let m = only(&app, "approval.date.required", "approval.date");
    assert!(m.contains("ÅÅÅÅ-MM-DD"), "{m}");
}

#[test]
fn approval_date_is_a_real_iso_date() {
    let mut app = valid();
    for bad in ["2026-02-30", "2026-13-01", "igår", "2026-11-5"] {
        app.approval.date = bad.into();
        only(&app, "approval.date.invalid", "approval.date");
    }
    app.approval.date = "28/11/2026".into();
    let m = only(&app, "approval.date.invalid", "approval.date");
    assert!(m.contains("2026-11-28"), "{m}");
    app.approval.date = "2024-02-29".into();
    clean(&app);
}

#[test]
fn approval_date_is_not_in_the_future() {
    let mut app = valid();
    app.approval.date = "2026-11-30".into();
    let m = only(&app, "approval.date.future", "approval.date");
    assert!(m.contains("2026-11-29"), "{m}");
    app.approval.date = "2026-11-29".into();
    clean(&app);
}

#[test]
fn approval_name_is_required() {
    let mut app = valid();
    app.approval.name = "".into();
    let m = only(&app, "approval.name.required", "approval.name");
    assert!(m.contains("namnförtydligande"), "{m}");
}

fn signing(app: &Application) -> Vec<(String, String)> {
    validate(app, today(), Check::Signing)
        .into_iter()
        .map(|e| (e.code, e.field.unwrap_or_default()))
        .collect()
}

fn drawn(width: u32, height: u32, strokes: Vec<Vec<(u32, u32)>>) -> Signature {
    Signature::Drawn {
        width,
        height,
        strokes: strokes
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .enumerate()
                    .map(|(i, (x, y))| Point {
                        x,
                        y,
                        t: i as u32 * 16,
                    })
                    .collect()
            })
            .collect(),
    }
}

fn one(code: &str) -> Vec<(String, String)> {
    vec![(code.to_string(), "approval.signature".to_string())]
}

#[test]
fn signing_requires_a_signature_but_a_form_check_does_not() {
    let app = valid();
    clean(&app);
    assert_eq!(signing(&app), one("approval.signature.required"));
    for sig in [
        Signature::Paper,
        Signature::Typed {
            text: "Karin Ålund".into(),
        },
        drawn(400, 150, vec![vec![(10, 10), (390, 140)]]),
    ] {
        let mut app = valid();
        app.approval.signature = Some(sig);
        assert_eq!(signing(&app), vec![]);
    }
}

#[test]
fn typed_signature_needs_drawable_text() {
    let mut app = valid();
    app.approval.signature = Some(Signature::Typed { text: "  ".into() });
    assert_eq!(signing(&app), one("approval.signature.empty"));
    // A chosen but empty signature is reported by "Kontrollera" too.
    only(&app, "approval.signature.empty", "approval.signature");
    app.approval.signature = Some(Signature::Typed {
        text: "Karin ✍️".into(),
    });
    assert_eq!(signing(&app), one("text.unsupported_character"));
    app.approval.signature = Some(Signature::Typed {
        text: "Łukasz Żółć".into(),
    });
    assert_eq!(signing(&app), vec![]);
}

#[test]
fn drawn_signature_needs_a_line_inside_its_area() {
    let mut app = valid();
    for (sig, code) in [
        (drawn(400, 150, vec![]), "approval.signature.empty"),
        (
            drawn(400, 150, vec![vec![(5, 5)], vec![(9, 9)]]),
            "approval.signature.empty",
        ),
        (
            drawn(400, 150, vec![vec![(10, 10), (401, 20)]]),
            "approval.signature.invalid",
        ),
        (
            drawn(400, 150, vec![vec![(10, 10), (20, 151)]]),
            "approval.signature.invalid",
        ),
        (
            drawn(0, 150, vec![vec![(0, 10), (0, 20)]]),
            "approval.signature.invalid",
        ),
        (
            drawn(100_000, 150, vec![vec![(0, 10), (0, 20)]]),
            "approval.signature.invalid",
        ),
        (
            drawn(400, 150, vec![vec![(1, 1), (2, 2)]; MAX_STROKES + 1]),
            "approval.signature.too_complex",
        ),
        (
            drawn(400, 150, vec![vec![(1, 1); MAX_POINTS + 1]]),
            "approval.signature.too_complex",
        ),
    ] {
        app.approval.signature = Some(sig);
        assert_eq!(signing(&app), one(code));
    }
    app.approval.signature = Some(drawn(
        400,
        150,
        vec![vec![(0, 0), (400, 150)], vec![(7, 7)]],
    ));
    assert_eq!(signing(&app), vec![]);
}

// ---- the whole list ----

#[test]
fn an_empty_draft_lists_every_missing_field_in_form_order() {
    let app = Application::new_draft(today());
    let got: Vec<_> = validate(&app, today(), Check::Signing)
        .into_iter()
        .map(|e| (e.code, e.field.unwrap()))
        .collect();
    let want = [
        ("unit.required", "unit"),
        ("channels.required", "channels"),
        ("purpose.required", "purpose"),
        ("audience.required", "audience"),
        ("responsible.required", "responsible"),
        ("operators.too_few", "operators"),
        ("guidelines_read.required", "guidelines_read"),
        ("approval.name.required", "approval.name"),
        ("approval.signature.required", "approval.signature"),
    ];
    let want: Vec<_> = want
        .iter()
        .map(|(c, f)| (c.to_string(), f.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn each_field_gets_at_most_one_message_and_every_message_is_swedish_prose() {
    let mut app = valid();
    app.unit = format!("{}📚\u{7}", "x".repeat(300));
    app.channels = vec![channel("facebook", "http://instagram.com")];
    app.responsible = vec![person("", "abc", "åsa@")];
    let p = problems(&app);
    let mut fields: Vec<_> = p.iter().filter_map(|e| e.field.clone()).collect();
    let n = fields.len();
    fields.dedup();
    assert_eq!(fields.len(), n, "{p:#?}");
    for e in &p {
        assert!(
            e.message.ends_with('.') || e.message.ends_with('”'),
            "{e:?}"
        );
        assert!(!e.message.contains("error"), "{e:?}");
    }
}

#[test]
fn check_is_named_form_or_signing_in_json() {
    assert_eq!(
        serde_json::to_string(&Check::Signing).unwrap(),
        "\"signing\""
    );
    assert_eq!(
        serde_json::from_str::<Check>("\"form\"").unwrap(),
        Check::Form
    );
}
