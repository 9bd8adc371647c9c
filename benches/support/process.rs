//! What a whole process costs: wall time, CPU time (user + system, all threads) and peak memory,
//! read from the kernel with `wait4`.
#![allow(dead_code)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one process cost.
#[derive(Clone, Copy, Default)]
pub struct Cost {
    /// From start to exit.
    pub wall: Duration,
    /// User + system time of all its threads.
    pub cpu: Duration,
    /// Peak resident memory.
    pub peak_mib: f64,
}

/// Runs a command to its end (it must succeed) and reads its resource use from the kernel
/// (`wait4`, which reaps the child: `Child::wait` is not called).
#[allow(clippy::zombie_processes)]
pub fn measure(command: &mut Command) -> Cost {
    let errors = tempfile::tempfile().unwrap();
    let start = Instant::now();
    let child = command.stdout(Stdio::null()).stderr(errors.try_clone().unwrap()).spawn().expect("the command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data the kernel fills in; the child is ours and not yet reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our child, not yet reaped; `status` and `usage` are valid for writes.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(reaped, pid, "wait4 failed");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        use std::io::{Read, Seek};
        let mut err = String::new();
        let mut errors = errors;
        let _ = errors.rewind().and_then(|()| errors.read_to_string(&mut err));
        panic!("{command:?} failed: {err}");
    }
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Cost { wall, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), peak_mib: usage.ru_maxrss as f64 / 1024.0 }
}

/// The median of each of the three figures, taken separately.
pub fn median(mut v: Vec<Cost>) -> Cost {
    let mid = v.len() / 2;
    let mut pick = |key: fn(&Cost) -> f64| {
        v.sort_by(|a, b| key(a).total_cmp(&key(b)));
        key(&v[mid])
    };
    Cost {
        wall: Duration::from_secs_f64(pick(|c| c.wall.as_secs_f64())),
        cpu: Duration::from_secs_f64(pick(|c| c.cpu.as_secs_f64())),
        peak_mib: pick(|c| c.peak_mib),
    }
}
