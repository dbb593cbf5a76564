//! `cargo bench -p kanalansokan-core --bench register`: the register (issue 4).
//!
//! 1. **Import throughput.** 1,000 distinct signed PDFs (each application signed with
//!    `seal::sign` and rendered with `pdf::render`) are generated once into a
//!    folder, then imported with `register::import_batch` into a fresh register
//!    file on disk (opened with `Store::open`, as the app and the CLI do: WAL,
//!    `synchronous = FULL`) with its archive folder beside it: read, verify the seal
//!    and the visible pages, validate, store, archive. Reported as PDFs/s of thread
//!    CPU time (and wall time), and the process's memory (VmRSS, and VmHWM reset
//!    just before the import) after 100, 500 and 1,000 files. This pass is timed by
//!    hand (`IMPORT_RUNS` passes, default 3, each into a new register), not by
//!    criterion: one pass is 1,000 imports. Criterion also measures one import.
//! 2. **Filtering** 10,000 channel rows in memory (`filter_channels`, as the window
//!    does as the user types): text + status + sort. Goal < 20 ms.
//! 3. **Exports** of 10,000 channels: HTML (goal < 100 ms), CSV, JSON.
//!
//! Environment:
//! - `KANALANSOKAN_BENCH_PDFS=DIR`: write the 1,000 PDFs to DIR (kept afterwards),
//!   e.g. for `.ci/bench/pypdf_extract.py`; otherwise a temporary folder. A relative
//!   DIR is taken from the top of the repository, not from `src-tauri/core/`.
//! - `KANALANSOKAN_BENCH_WRITE_ONLY=1`: only write the PDFs, measure nothing.
//! - `KANALANSOKAN_BENCH_REUSE=1`: with `KANALANSOKAN_BENCH_PDFS`, use the PDFs already
//!   there instead of generating them (for profiling the import alone).
//! - `KANALANSOKAN_BENCH_IMPORT_ONLY=1`: stop after the import passes.
//! - `IMPORT_RUNS=N`: import passes (0 skips the import pass).
//! - `IMPORT_FILES=N`: how many PDFs (default 1,000).
//! - `KANALANSOKAN_BENCH_KEEP=1`: keep the import passes' registers and archives
//!   (under `TMPDIR`) instead of deleting them when the passes are done.
//! - `KANALANSOKAN_BENCH_P12=KEY.p12` (password in `KANALANSOKAN_P12_PASSWORD`): the
//!   generated PDFs are signed digitally (PAdES) with that key the manager's app's
//!   way (`approval::sign_digitally`, issue 14).
//! - `KANALANSOKAN_BENCH_TRUST=CA.pem`: each import pass's register trusts this CA
//!   first, and the pass asserts that every PDF imported with a verified digital
//!   signature (the signature check at import, issue 14; `.ci/bench/signed-import.sh`).
//!
//! Criterion numbers are CPU time of the benchmarking thread, as in `pdf.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use chrono::{DateTime, Utc};
use common::{ThreadCpuTime, machine_busy_seconds, thread_cpu_nanos};
use criterion::Criterion;
use kanalansokan_core::approval;
use kanalansokan_core::model::{Application, Channel, Person, Platform, Signature};
use kanalansokan_core::pades::Pkcs12Signer;
use kanalansokan_core::register::export::{self, ExportFormat, RegisterSnapshot};
use kanalansokan_core::register::{
    self, BatchProgress, ChannelQuery, ChannelRow, ChannelStatus, Outcome, SortColumn,
};
use kanalansokan_core::storage::Store;
use kanalansokan_core::{pdf, seal};

const UNITS: [&str; 12] = [
    "Kultur- och fritidsförvaltningen / Smedjebackens bibliotek",
    "Kultur- och fritidsförvaltningen / Fritidsgården Ungdomens hus",
    "Barn- och utbildningsförvaltningen / Hagaskolan",
    "Barn- och utbildningsförvaltningen / Vretaskolan",
    "Socialförvaltningen / Äldreomsorgen",
    "Socialförvaltningen / Individ- och familjeomsorgen",
    "Samhällsbyggnadsförvaltningen / Räddningstjänsten",
    "Samhällsbyggnadsförvaltningen / Gata och park",
    "Kommunstyrelseförvaltningen / Kommunikation",
    "Kommunstyrelseförvaltningen / Näringsliv och turism",
    "Östra skolområdet / Söderbärke skola",
    "Miljö- och byggförvaltningen",
];

/// The code of the `n`th platform with a fixed name (all but "annat", which
/// needs a name typed in), in the window's order, round and round.
fn platform(n: usize) -> &'static str {
    let named: Vec<Platform> = Platform::ALL
        .into_iter()
        .filter(|p| *p != Platform::Other)
        .collect();
    named.get(n % named.len()).map_or("facebook", |p| p.code())
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-29T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn signed_at() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T09:15:42Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The signed fixture as a draft again (drawn signature).
fn base() -> Application {
    let mut app: Application = serde_json::from_str(include_str!(
        "../../../tests/fixtures/signed-application.json"
    ))
    .expect("fixture parses");
    app.seal = None;
    app.signed_at = None;
    app
}

fn address(platform: &str, slug: &str) -> String {
    match platform {
        "facebook" => format!("https://www.facebook.com/{slug}"),
        "instagram" => format!("@{}", slug.replace('-', "_")),
        "x" => format!("@sm{}", &slug[slug.len().saturating_sub(12)..]).replace('-', "_"),
        "linkedin" => format!("https://www.linkedin.com/company/{slug}"),
        "youtube" => format!("https://www.youtube.com/@{slug}"),
        "tiktok" => format!("https://www.tiktok.com/@{}", slug.replace('-', "_")),
        _ => format!("https://{slug}.blogg.smedjebacken.se"),
    }
}

/// Application number `i`, distinct in id, unit, channels, people and signature.
fn application(base: &Application, i: usize) -> Application {
    let mut app = base.clone();
    app.id = format!("5f0c6c1e-8a3b-4d1e-9f4a-{i:012x}");
    app.unit = format!("{} {}", UNITS[i % UNITS.len()], i / UNITS.len() + 1);
    let slug = format!("smedjebacken-{i:04}");
    let count = 1 + i % 3;
    app.channels = (0..count)
        .map(|k| {
            let platform = platform(i + 2 * k);
            Channel {
                platform: platform.into(),
                platform_name: String::new(),
                address: address(platform, &slug),
            }
        })
        .collect();
    app.responsible[0].email = format!("chef{i}@smedjebacken.se");
    app.operators[0].name = format!("Jörgen Nyström {i}");
    app.operators[1].phone = format!("070-{:03} {:02} {:02}", i % 1000, i % 97, i % 89);
    if i % 2 == 1 {
        app.approval.signature = Some(Signature::Typed {
            text: app.approval.name.clone(),
        });
    }
    app
}

/// A file named by an environment variable, relative to the top of the repository.
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).map(|p| Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p))
}

/// The manager's key from `KANALANSOKAN_BENCH_P12`, if given.
fn digital_signer() -> Option<Pkcs12Signer> {
    let path = env_path("KANALANSOKAN_BENCH_P12")?;
    let password = std::env::var("KANALANSOKAN_P12_PASSWORD").unwrap_or_default();
    let bytes = std::fs::read(&path).expect("KANALANSOKAN_BENCH_P12 reads");
    Some(Pkcs12Signer::from_bytes(&bytes, &password).expect("the .p12 opens"))
}

/// Signs and renders `n` applications (and signs each PDF digitally with
/// [`digital_signer`]'s key, if given); writes them to `dir` as `ansokan-NNNN.pdf`.
fn generate(dir: &Path, n: usize) -> u64 {
    std::fs::create_dir_all(dir).expect("PDF folder");
    let base = base();
    let signer = digital_signer();
    // The manager's app keeps its drafts and signed PDFs here while signing.
    let drafts = Store::open_in_memory().expect("draft store");
    let mut bytes = 0;
    for i in 0..n {
        let app = application(&base, i);
        let pdf = match &signer {
            Some(signer) => {
                drafts.save_draft(&app).expect("draft saved");
                approval::sign_digitally(&drafts, &app, signer, signed_at())
                    .unwrap_or_else(|e| panic!("application {i} does not sign: {e:?}"))
                    .pdf
            }
            None => {
                let signed = seal::sign(&app, signed_at())
                    .unwrap_or_else(|e| panic!("application {i} does not sign: {e:?}"));
                pdf::render(&signed).expect("renders")
            }
        };
        bytes += pdf.len() as u64;
        std::fs::write(dir.join(format!("ansokan-{i:04}.pdf")), &pdf).expect("write PDF");
    }
    bytes
}

/// (VmRSS, VmHWM) of this process in KiB.
fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak is the import's.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

struct Pass {
    cpu_s: f64,
    wall_s: f64,
    /// All cores' busy time during the import (`machine_busy_seconds`).
    machine_s: Option<f64>,
    /// (files done, VmRSS KiB, VmHWM KiB)
    memory: Vec<(usize, u64, u64)>,
}

/// One import of every PDF in `folder` into a new register file under `work`.
fn import_pass(folder: &Path, work: &Path, n: usize) -> Pass {
    let db_path = work.join("kanalansokan.sqlite");
    let store = Store::open(&db_path).expect("register opens");
    let archive = register::default_archive_dir(&db_path);
    let trust = env_path("KANALANSOKAN_BENCH_TRUST");
    if let Some(ca) = &trust {
        let pem = std::fs::read(ca).expect("KANALANSOKAN_BENCH_TRUST reads");
        register::add_trusted_issuer(store.connection(), &pem, now()).expect("CA trusted");
    }
    let cancel = AtomicBool::new(false);
    let mut memory = Vec::new();
    reset_peak();
    let (rss, hwm) = memory_kib();
    memory.push((0, rss, hwm));
    let checkpoints = [100, 500, 1000, n];
    let mut progress = |p: &BatchProgress| {
        if checkpoints.contains(&p.done) && memory.last().map(|m| m.0) != Some(p.done) {
            let (rss, hwm) = memory_kib();
            memory.push((p.done, rss, hwm));
        }
    };
    // The folder as the user gives it; only a reused folder with more PDFs than
    // IMPORT_FILES is given as its first `n` files.
    let (mut inputs, _) = register::collect_pdfs(&[folder.to_path_buf()]);
    if inputs.len() == n {
        inputs = vec![folder.to_path_buf()];
    } else {
        inputs.truncate(n);
    }
    let wall = Instant::now();
    let machine = machine_busy_seconds();
    let cpu = thread_cpu_nanos();
    let report = register::import_batch(
        store.connection(),
        &archive,
        &inputs,
        now(),
        &mut progress,
        &cancel,
    );
    let cpu_s = (thread_cpu_nanos() - cpu) as f64 / 1e9;
    let wall_s = wall.elapsed().as_secs_f64();
    let machine_s = machine
        .zip(machine_busy_seconds())
        .map(|(before, after)| after - before);
    assert_eq!(
        report.count(Outcome::Imported),
        n,
        "every PDF imports: {}",
        report.summary()
    );
    let channels = register::list_channels(store.connection()).expect("channels");
    assert_eq!(channels.len(), (0..n).map(|i| 1 + i % 3).sum::<usize>());
    if trust.is_some() {
        let verified = report
            .verdicts
            .iter()
            .filter(|v| {
                v.digital_signature
                    .as_deref()
                    .is_some_and(|s| s.ends_with("(verifierad)"))
            })
            .count();
        assert_eq!(verified, n, "every PDF imports with a verified signature");
    }
    let archived = std::fs::read_dir(&archive).expect("archive").count();
    assert_eq!(archived, n, "one archive file per PDF");
    Pass {
        cpu_s,
        wall_s,
        machine_s,
        memory,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// PDFs/s of thread CPU time for `step` over every PDF in `files` (read included).
fn per_file_rate(files: &[PathBuf], step: impl Fn(&[u8]) -> bool) -> f64 {
    let cpu = thread_cpu_nanos();
    for f in files {
        let bytes = std::fs::read(f).expect("read PDF");
        assert!(step(&bytes), "{}", f.display());
    }
    files.len() as f64 / ((thread_cpu_nanos() - cpu) as f64 / 1e9)
}

/// The import passes, by hand, each into a new register file; then the same files
/// read and only extracted (what the pypdf script does) and read and verified.
fn import_throughput(pdf_dir: &Path, n: usize, runs: usize) {
    let mut cpu = Vec::new();
    let mut wall = Vec::new();
    // Every pass's folder is kept until all passes are done. Deleting a pass's
    // 1,000 archive files before the next pass made that pass slower on this
    // machine's ext4 without a journal: for 60–360 s after a deletion, creating a
    // file scans for an inode that was not recently deleted (`recently_deleted`
    // in ext4's inode allocator, no-journal mode only) — ~15 % of an import in a
    // profile, a cost of the benchmark's clean-up, not of importing.
    let mut folders = Vec::new();
    for run in 1..=runs {
        let work = tempfile::Builder::new()
            .prefix("kanalansokan-register-bench-")
            .tempdir_in(std::env::temp_dir())
            .expect("temp folder");
        let pass = import_pass(pdf_dir, work.path(), n);
        folders.push(work);
        println!(
            "import run {run}/{runs}: {n} PDFs, thread CPU {:.2} s = {:.1} PDFs/s, wall {:.2} s = {:.1} PDFs/s",
            pass.cpu_s,
            n as f64 / pass.cpu_s,
            pass.wall_s,
            n as f64 / pass.wall_s
        );
        if let Some(m) = pass.machine_s {
            println!(
                "  machine CPU during the import (all cores, kernel threads included): {m:.2} s = {:.1} PDFs/s",
                n as f64 / m
            );
        }
        let start_rss = pass.memory[0].1;
        for (done, rss, hwm) in &pass.memory {
            println!(
                "  memory after {done:>5} files: VmRSS {:.1} MiB ({:+.1} MiB since start), peak (VmHWM) {:.1} MiB",
                mib(*rss),
                mib(*rss) - mib(start_rss),
                mib(*hwm)
            );
        }
        cpu.push(n as f64 / pass.cpu_s);
        wall.push(n as f64 / pass.wall_s);
    }
    println!(
        "import median of {runs} runs: {:.1} PDFs/s (thread CPU), {:.1} PDFs/s (wall)",
        median(cpu),
        median(wall)
    );
    if std::env::var_os("KANALANSOKAN_BENCH_KEEP").is_some() {
        // Not deleted at all, so that the next measurement within minutes does not
        // pay for this one's deletions (see above); the caller removes them later.
        for folder in folders {
            println!("kept {}", folder.keep().display());
        }
    }
    let (files, _) = register::collect_pdfs(&[pdf_dir.to_path_buf()]);
    let extract: Vec<f64> = (0..runs)
        .map(|_| per_file_rate(&files, |b| pdf::extract_application(b).is_ok()))
        .collect();
    let verify: Vec<f64> = (0..runs)
        .map(|_| per_file_rate(&files, |b| pdf::verify(b).is_ok()))
        .collect();
    println!(
        "read + pdf::extract_application only (the pypdf script's work), median of {runs}: {:.1} PDFs/s (thread CPU)",
        median(extract)
    );
    println!(
        "read + pdf::verify only, median of {runs}: {:.1} PDFs/s (thread CPU)",
        median(verify)
    );
}

/// `n` channel rows as the register holds them: 84 units, 7 platforms,
/// one in ten closed, some with a Dnr.
fn rows(n: usize) -> Vec<ChannelRow> {
    let people = |i: usize, k: usize| -> Vec<Person> {
        (0..k)
            .map(|j| Person {
                name: format!("Person {i}-{j} Öberg"),
                phone: format!("+4670{:07}", (i * 7 + j) % 10_000_000),
                email: format!("person{i}.{j}@smedjebacken.se"),
            })
            .collect()
    };
    (0..n)
        .map(|i| {
            let platform = platform(i);
            let closed = i % 10 == 9;
            let label = kanalansokan_core::model::Platform::from_code(platform)
                .map(|p| p.label().to_string())
                .unwrap_or_default();
            let address = match platform {
                "blogg" => format!("https://smedjebacken-{i:05}.blogg.smedjebacken.se"),
                p => format!("https://www.{p}.com/smedjebacken-{i:05}"),
            };
            ChannelRow {
                id: i as i64 + 1,
                app_id: format!("5f0c6c1e-8a3b-4d1e-9f4a-{:012x}", i / 2),
                version: 1 + (i % 3) as u32,
                platform: platform.into(),
                platform_label: label,
                address,
                unit: format!("{} {}", UNITS[i % UNITS.len()], i % 84 + 1),
                approval_date: format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 28),
                since: format!("20{:02}-{:02}-{:02}", 15 + i % 12, 1 + i % 12, 1 + i % 28),
                responsible: people(i, 1),
                operators: people(i + 1, 2),
                status: if closed {
                    ChannelStatus::Closed
                } else {
                    ChannelStatus::Active
                },
                closed_on: closed.then(|| "2026-10-01".to_string()),
                close_reason: closed.then(|| "Kanalen används inte längre.".to_string()),
                dnr: if i % 3 == 0 {
                    format!("KS 2026/{:05}", i)
                } else {
                    String::new()
                },
            }
        })
        .collect()
}

fn criterion_benches(c: &mut Criterion<ThreadCpuTime>, pdf_dir: Option<&Path>) {
    // One import (the full path) into a register that grows; a new register file
    // (not timed) when every PDF has been imported once.
    if let Some(dir) = pdf_dir {
        let (files, _) = register::collect_pdfs(&[dir.to_path_buf()]);
        let mut group = c.benchmark_group("import");
        group.sample_size(10);
        group.bench_function(
            "import one PDF (read, verify, validate, store, archive)",
            |b| {
                let mut work: Option<(tempfile::TempDir, Store)> = None;
                let mut next = files.len();
                b.iter_custom(|iters| {
                    let mut total = 0;
                    for _ in 0..iters {
                        if next == files.len() {
                            let dir = tempfile::tempdir().expect("temp folder");
                            let store = Store::open(&dir.path().join("kanalansokan.sqlite"))
                                .expect("register opens");
                            work = Some((dir, store));
                            next = 0;
                        }
                        let (dir, store) = work.as_ref().unwrap();
                        let start = thread_cpu_nanos();
                        let v = register::import_file(
                            store.connection(),
                            &dir.path().join("arkiv"),
                            &files[next],
                            now(),
                        );
                        total += thread_cpu_nanos() - start;
                        assert_eq!(v.outcome, Outcome::Imported, "{v:?}");
                        next += 1;
                    }
                    total
                })
            },
        );
        group.finish();
    }

    let rows = rows(10_000);
    let active = rows
        .iter()
        .filter(|r| r.status == ChannelStatus::Active)
        .count();
    let text_query = ChannelQuery {
        text: "bibliotek facebook".into(),
        status: Some(ChannelStatus::Active),
        sort: SortColumn::Since,
        descending: true,
        ..ChannelQuery::default()
    };
    let person_query = ChannelQuery {
        text: "öberg".into(),
        status: Some(ChannelStatus::Active),
        sort: SortColumn::Unit,
        ..ChannelQuery::default()
    };
    println!(
        "filter rows: 10000 channels ({active} active); \"{}\" + aktiv matches {}, \"{}\" + aktiv matches {}",
        text_query.text,
        register::filter_channels(&rows, &text_query).len(),
        person_query.text,
        register::filter_channels(&rows, &person_query).len(),
    );
    let mut group = c.benchmark_group("filter 10000 channels");
    group.bench_function(
        "text \"bibliotek facebook\" + aktiv, sort since desc",
        |b| b.iter(|| register::filter_channels(std::hint::black_box(&rows), &text_query)),
    );
    group.bench_function("text \"öberg\" (every row) + aktiv, sort unit", |b| {
        b.iter(|| register::filter_channels(std::hint::black_box(&rows), &person_query))
    });
    group.bench_function("no filter, sort unit (the list as opened)", |b| {
        b.iter(|| register::filter_channels(std::hint::black_box(&rows), &ChannelQuery::default()))
    });
    group.finish();

    let html = export::html::render(&rows, now());
    let csv = export::csv::render(&rows, &[]);
    let snap = RegisterSnapshot {
        channels: rows.clone(),
        ..RegisterSnapshot::default()
    };
    let json = export::render(&snap, ExportFormat::Json, now());
    println!(
        "export sizes for 10000 channels: HTML {} bytes, CSV {} bytes, JSON (channels only) {} bytes",
        html.len(),
        csv.len(),
        json.len()
    );
    let mut group = c.benchmark_group("export 10000 channels");
    group.bench_function("html", |b| {
        b.iter(|| export::html::render(std::hint::black_box(&rows), now()))
    });
    group.bench_function("csv", |b| {
        b.iter(|| export::csv::render(std::hint::black_box(&rows), &[]))
    });
    group.bench_function("json (channels only)", |b| {
        b.iter(|| export::render(std::hint::black_box(&snap), ExportFormat::Json, now()))
    });
    group.finish();
}

fn main() {
    let n = env_usize("IMPORT_FILES", 1000);
    let runs = env_usize("IMPORT_RUNS", 3);
    let write_only = std::env::var_os("KANALANSOKAN_BENCH_WRITE_ONLY").is_some();
    // Cargo runs a bench in its package's folder, so a relative path would land
    // in src-tauri/core/; the commands in BENCHMARKS.md are typed at the top.
    let keep: Option<PathBuf> = env_path("KANALANSOKAN_BENCH_PDFS");
    let temp = tempfile::tempdir().expect("temp folder");
    let pdf_dir = keep.clone().unwrap_or_else(|| temp.path().join("pdf"));

    let reuse = keep.is_some() && std::env::var_os("KANALANSOKAN_BENCH_REUSE").is_some();
    if reuse {
        println!("using the PDFs in {}", pdf_dir.display());
    } else {
        let started = Instant::now();
        let bytes = generate(&pdf_dir, n);
        println!(
            "generated {n} signed PDFs ({:.1} KB average) in {} in {:.1} s",
            bytes as f64 / n as f64 / 1000.0,
            pdf_dir.display(),
            started.elapsed().as_secs_f64()
        );
    }
    if write_only {
        return;
    }
    if runs > 0 {
        import_throughput(&pdf_dir, n, runs);
    }
    if std::env::var_os("KANALANSOKAN_BENCH_IMPORT_ONLY").is_some() {
        return;
    }

    let mut c = Criterion::default()
        .with_measurement(ThreadCpuTime)
        .configure_from_args();
    criterion_benches(&mut c, Some(&pdf_dir));
    c.final_summary();
}
