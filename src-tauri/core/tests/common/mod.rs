//! Shared helpers for the PDF tests: the signed fixture and a generated corpus.
#![allow(dead_code)]

use kanalansokan_core::model::{Application, Channel, Person, Signature};
use kanalansokan_core::seal;

pub fn fixture() -> Application {
    serde_json::from_str(include_str!(
        "../../../../tests/fixtures/signed-application.json"
    ))
    .unwrap()
}

/// Seals `app` as signed at a fixed time (no validation: the corpus is valid by construction).
pub fn sealed(mut app: Application) -> Application {
    app.seal = None;
    app.signed_at = Some("2026-11-28T10:00:00Z".into());
    app.seal = Some(seal::compute(&app));
    app
}

const NAMES: [&str; 8] = [
    "Łukasz Żółć",
    "Đorđe Petrović",
    "Áilu Valle",
    "Åsa Öberg-Ärlig",
    "Jörgen Nyström",
    "Märta Ek",
    "Zoë Ångström",
    "Ṣọlá Adébáyọ̀",
];

/// A big application: Unicode names, a 2,000-character purpose that spills to
/// page 2, 10 channels, 6 people in each list, a typed signature.
pub fn big(seed: usize) -> Application {
    let mut app = fixture();
    app.id = format!("00000000-0000-4000-8000-{:012}", seed);
    app.unit =
        format!("Barn- och utbildningsförvaltningen / Västerbergslagens ungdomsråd nr {seed}");
    let sentence = "Vi vill sprida information om öppettider, evenemang och service till kommunens invånare, svara på frågor och föra en saklig dialog. ";
    let mut purpose = String::new();
    while purpose.chars().count() < 2000 {
        purpose.push_str(sentence);
    }
    app.purpose = purpose
        .chars()
        .take(2000)
        .collect::<String>()
        .trim()
        .to_string();
    app.audience = format!(
        "Unga vuxna 16–25 år, föräldrar och äldre; särskilt grupp {seed} – även på nordsamiska (Sámegiella)."
    );
    let platforms = [
        "facebook",
        "instagram",
        "x",
        "linkedin",
        "youtube",
        "tiktok",
        "blogg",
        "annat",
        "facebook",
        "instagram",
    ];
    app.channels = platforms
        .iter()
        .enumerate()
        .map(|(i, p)| Channel {
            platform: p.to_string(),
            platform_name: if *p == "annat" { "Mastodon".into() } else { String::new() },
            address: format!("https://www.example-{p}.com/smedjebacken-kanal-nummer-{i}-med-ett-ganska-langt-namn-{seed}"),
        })
        .collect();
    let person = |i: usize| Person {
        name: NAMES[(i + seed) % NAMES.len()].to_string(),
        phone: format!("+4670{:07}", 1_234_500 + i),
        email: format!("person{i}.{seed}@smedjebacken.se"),
    };
    app.responsible = (0..6).map(person).collect();
    app.operators = (6..12).map(person).collect();
    app.approval.name = NAMES[seed % NAMES.len()].to_string();
    app.approval.signature = Some(Signature::Typed {
        text: app.approval.name.clone(),
    });
    sealed(app)
}
