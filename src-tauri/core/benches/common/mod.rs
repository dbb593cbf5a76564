//! Shared by the benchmarks: criterion measured in CPU time of the benchmarking
//! thread (`CLOCK_THREAD_CPUTIME_ID`), because the machines these run on are
//! shared and wall time would count other processes' load.
#![allow(dead_code)]

use criterion::measurement::{Measurement, ValueFormatter, WallTime};

/// CPU time consumed by the calling thread.
pub struct ThreadCpuTime;

/// Seconds of CPU time the whole machine has been busy (all cores: user, nice,
/// system, irq, softirq of /proc/stat; not idle, iowait or steal). Around a step,
/// on an otherwise quiet machine, this counts what the thread's own CPU time
/// cannot: work the step leaves to kernel threads, such as writeback after
/// syncfs. `None` where /proc/stat is not there.
pub fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    // user nice system idle iowait irq softirq steal ...; USER_HZ is 100 on Linux.
    let busy = [0, 1, 2, 5, 6]
        .iter()
        .map(|&i| fields.get(i).copied())
        .sum::<Option<u64>>()?;
    Some(busy as f64 / 100.0)
}

/// Nanoseconds of CPU time the calling thread has used.
pub fn thread_cpu_nanos() -> u64 {
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
