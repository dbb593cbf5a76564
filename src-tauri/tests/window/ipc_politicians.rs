//! Issue 16's commands as the "Politikers bloggar" section calls them, over
//! Tauri's mock runtime: add, edit, end and list, each refusal as
//! `{code, message, field}` with the field the page shows it beside, nothing
//! saved when refused, and every change in the event log.

use kanalansokan_shell::state::AppState;
use serde_json::{Value, json};
use tauri::WebviewWindow;
use tauri::test::MockRuntime;

use crate::ipc_support::{app, invoke, window};

fn input(name: &str, address: &str) -> Value {
    json!({
        "name": name,
        "party": "Gröna partiet",
        "seat": "Kommunfullmäktige",
        "address": address,
        "from_date": "2026-01-15",
    })
}

/// Asserts the refusal's code and field, and that its message is Swedish text for a person.
fn assert_refused(err: &Value, code: &str, field: &str) {
    assert_eq!(err["code"], code, "{err}");
    assert_eq!(err["field"], field, "{err}");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(
        message.len() > 10 && !message.contains(code),
        "not a message for a person: {err}"
    );
}

fn list(w: &WebviewWindow<MockRuntime>) -> Vec<Value> {
    invoke(w, "register_politicians", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn politician_events(w: &WebviewWindow<MockRuntime>) -> Vec<Value> {
    invoke(w, "register_events", json!({}))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind_label"] == "Politikers blogg")
        .cloned()
        .collect()
}

#[test]
fn refusals_name_their_field_and_change_nothing() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    assert!(list(&w).is_empty());

    let add = |input: Value| invoke(&w, "register_politician_add", json!({ "input": input }));
    let err = add(input("Åsa Öberg", "http://asa.example.se")).unwrap_err();
    assert_refused(&err, "channels.address.not_https", "address");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("https://asa.example.se"),
        "the message suggests the https address: {err}"
    );
    let mut no_party = input("Åsa Öberg", "https://asa.example.se");
    no_party["party"] = json!("  ");
    assert_refused(
        &add(no_party).unwrap_err(),
        "politician.party.required",
        "party",
    );
    let mut no_seat = input("Åsa Öberg", "https://asa.example.se");
    no_seat["seat"] = json!("");
    assert_refused(
        &add(no_seat).unwrap_err(),
        "politician.seat.required",
        "seat",
    );
    let mut bad_date = input("Åsa Öberg", "https://asa.example.se");
    bad_date["from_date"] = json!("15/1 2026");
    assert_refused(
        &add(bad_date).unwrap_err(),
        "politician.from.invalid",
        "from_date",
    );
    assert_refused(
        &add(input("", "https://asa.example.se")).unwrap_err(),
        "politician.name.required",
        "name",
    );
    assert!(list(&w).is_empty(), "a refused link was saved");
    assert!(politician_events(&w).is_empty());

    // Markup in a name is stored and answered as text.
    let kim = add(input("<b>Kim</b> & Co", "https://kim.example.se")).unwrap();
    assert_eq!(kim["name"], "<b>Kim</b> & Co");
    let id = kim["id"].as_i64().unwrap();
    assert_refused(
        &add(input("<B>KIM</B> & co", "https://kim.example.se/")).unwrap_err(),
        "politician.duplicate",
        "address",
    );

    // Edit: the same checks; an unknown id is refused without a field.
    let mut committee = input("<b>Kim</b> & Co", "https://kim.example.se");
    committee["seat"] = json!("Barn- och utbildningsnämnden");
    let edited = invoke(
        &w,
        "register_politician_edit",
        json!({ "id": id, "input": committee }),
    )
    .unwrap();
    assert_eq!(edited["seat"], "Barn- och utbildningsnämnden");
    let err = invoke(
        &w,
        "register_politician_edit",
        json!({ "id": id, "input": input("Kim", "https://") }),
    )
    .unwrap_err();
    assert_eq!(err["field"], "address", "{err}");
    let err = invoke(
        &w,
        "register_politician_edit",
        json!({ "id": 99, "input": input("Ny", "https://ny.example.se") }),
    )
    .unwrap_err();
    assert_eq!(err["code"], "politician.not_found");
    assert_eq!(list(&w)[0]["seat"], "Barn- och utbildningsnämnden");

    // End: the date and the reason are checked first.
    let end = |date: &str, reason: &str| {
        invoke(
            &w,
            "register_politician_end",
            json!({ "id": id, "date": date, "reason": reason }),
        )
    };
    assert_refused(
        &end("2026-01-14", "Uppdraget har upphört.").unwrap_err(),
        "politician.date.before_start",
        "date",
    );
    assert_refused(
        &end("2999-01-01", "Uppdraget har upphört.").unwrap_err(),
        "register.date.future",
        "date",
    );
    assert_refused(
        &end("2026-01-32", "Uppdraget har upphört.").unwrap_err(),
        "register.date.invalid",
        "date",
    );
    assert_refused(
        &end("2026-06-30", "   ").unwrap_err(),
        "register.reason.required",
        "reason",
    );
    assert!(list(&w)[0]["ended_on"].is_null());
    let ended = end("2026-06-30", "Politikern har bett om det.").unwrap();
    assert_eq!(ended["ended_on"], "2026-06-30");
    assert_eq!(ended["end_reason"], "Politikern har bett om det.");
    assert_eq!(
        end("2026-06-30", "igen").unwrap_err()["code"],
        "politician.already_ended"
    );

    // The row stays; the log has the add, the edit and the end, newest first.
    assert_eq!(list(&w), vec![ended]);
    let log = politician_events(&w);
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(
        log[0]["summary"]
            .as_str()
            .unwrap()
            .contains("avslutad 2026-06-30"),
        "{log:?}"
    );
}

#[test]
fn the_list_sorts_naturally_in_swedish_order() {
    let app = app(AppState::in_memory().unwrap());
    let w = window(&app, "main");
    for (i, name) in ["Örjan", "Anna 10", "Anna 2", "Zara"].iter().enumerate() {
        invoke(
            &w,
            "register_politician_add",
            json!({ "input": input(name, &format!("https://b{i}.example.se")) }),
        )
        .unwrap();
    }
    let names: Vec<Value> = list(&w).into_iter().map(|p| p["name"].clone()).collect();
    assert_eq!(names, ["Anna 2", "Anna 10", "Zara", "Örjan"]);
}
