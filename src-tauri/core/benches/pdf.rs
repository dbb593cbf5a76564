//! `cargo bench -p kanalansokan-core`: in-process render and verify of the signed
//! fixture (one page) and of a big application (two pages). Goals (issue 3):
//! render ≤ 2 ms; a one-page signed PDF ≤ 45 KB (checked by a test, printed here).
//!
//! Measured as CPU time of the benchmarking thread, not wall time: the machines
//! this runs on are shared, and other processes' load would otherwise count.

mod common;

use common::ThreadCpuTime;
use criterion::{Criterion, criterion_group, criterion_main};
use kanalansokan_core::model::{Application, Channel, Person, Signature};
use kanalansokan_core::{pdf, seal};

fn fixture() -> Application {
    serde_json::from_str(include_str!(
        "../../../tests/fixtures/signed-application.json"
    ))
    .expect("fixture parses")
}

fn big() -> Application {
    let mut app = fixture();
    app.purpose = "Vi vill sprida information om öppettider, evenemang och service. ".repeat(31);
    app.channels = (0..10)
        .map(|i| Channel {
            platform: "facebook".into(),
            platform_name: String::new(),
            address: format!("https://www.facebook.com/smedjebacken-{i}"),
        })
        .collect();
    app.operators = (0..6)
        .map(|i| Person {
            name: format!("Łukasz Żółć {i}"),
            phone: format!("+4670123456{i}"),
            email: format!("person{i}@smedjebacken.se"),
        })
        .collect();
    app.approval.signature = Some(Signature::Typed {
        text: "Karin Ålund".into(),
    });
    app.seal = Some(seal::compute(&app));
    app
}

fn benches(c: &mut Criterion<ThreadCpuTime>) {
    let one = fixture();
    let two = big();
    let one_pdf = pdf::render(&one).expect("renders");
    let two_pdf = pdf::render(&two).expect("renders");
    eprintln!(
        "sizes: one-page signed {} bytes, two-page {} bytes",
        one_pdf.len(),
        two_pdf.len()
    );
    c.bench_function("render one-page signed", |b| {
        b.iter(|| pdf::render(std::hint::black_box(&one)))
    });
    c.bench_function("render two-page signed", |b| {
        b.iter(|| pdf::render(std::hint::black_box(&two)))
    });
    c.bench_function("verify one-page signed", |b| {
        b.iter(|| pdf::verify(std::hint::black_box(&one_pdf)))
    });
    c.bench_function("extract one-page signed", |b| {
        b.iter(|| pdf::extract_application(std::hint::black_box(&one_pdf)))
    });
}

criterion_group! {
    name = pdf_benches;
    config = Criterion::default().with_measurement(ThreadCpuTime);
    targets = benches
}
criterion_main!(pdf_benches);
