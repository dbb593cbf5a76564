//! `cargo bench -p kanalansokan-core`: in-process render and verify of the signed
//! fixture (one page) and of a big application (two pages). Goals (issue 3):
//! render ≤ 2 ms; a one-page signed PDF ≤ 45 KB (checked by a test, printed here).
//!
//! Measured as CPU time of the benchmarking thread, not wall time: the machines
//! this runs on are shared, and other processes' load would otherwise count.

use criterion::measurement::{Measurement, ValueFormatter, WallTime};
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

/// CPU time consumed by the calling thread.
struct ThreadCpuTime;

fn thread_cpu_nanos() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime only writes the timespec we pass.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_nanos()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_nanos().saturating_sub(start)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        // Nanoseconds, like wall time: reuse its formatting.
        WallTime.formatter()
    }
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
