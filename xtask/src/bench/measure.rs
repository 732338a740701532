//! Timing whole processes: wall time, CPU time and peak resident memory of
//! one child, from `wait4`, and the median over several runs.

use std::fs::File;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One finished process.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    /// User plus system time of the process and the children it waited for.
    pub cpu: Duration,
    pub peak_rss_kib: u64,
    pub success: bool,
}

/// Runs `command` to the end with stdout and stderr appended to `log`.
pub fn run(command: &mut Command, log: &Path) -> io::Result<Run> {
    let log = File::options().create(true).append(true).open(log)?;
    command.stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
    let started = Instant::now();
    let child = command.spawn()?;
    let pid = libc::pid_t::try_from(child.id()).map_err(io::Error::other)?;
    let (status, usage) = wait4(pid)?;
    let wall = started.elapsed();
    // The child is reaped; dropping its handle neither waits nor kills.
    drop(child);
    Ok(Run {
        wall,
        cpu: timeval(usage.ru_utime) + timeval(usage.ru_stime),
        peak_rss_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0),
        success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    })
}

fn wait4(pid: libc::pid_t) -> io::Result<(libc::c_int, libc::rusage)> {
    loop {
        let mut status: libc::c_int = 0;
        // SAFETY: all-zero is a valid `rusage` (plain integers and timevals).
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `pid` is our own unreaped child; both pointers are valid for writes.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            return Ok((status, usage));
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

pub fn timeval(time: libc::timeval) -> Duration {
    let seconds = u64::try_from(time.tv_sec).unwrap_or(0);
    let micros = u32::try_from(time.tv_usec).unwrap_or(0);
    Duration::from_secs(seconds) + Duration::from_micros(micros.into())
}

/// How often to repeat a measurement.
#[derive(Clone, Copy, Debug)]
pub struct Repeat {
    pub min_runs: usize,
    pub max_runs: usize,
    /// No new run starts once the measured runs took this long together
    /// (after `min_runs`).
    pub budget: Duration,
    /// A first run shorter than this is discarded as a warm-up (page cache,
    /// lazily loaded code); a longer one counts, since the warm-up effect is
    /// lost in it and repeating slow peers would take too long.
    pub warm_up_below: Duration,
}

/// The medians of a repeated measurement.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub runs: usize,
    pub wall: Duration,
    pub cpu: Duration,
    pub peak_rss_kib: u64,
}

/// Runs the command `make` builds, after `prepare`, as `repeat` says.
/// Fails with the first error line of the log when a run fails.
pub fn repeat(
    repeat: Repeat,
    log: &Path,
    mut prepare: impl FnMut() -> io::Result<()>,
    mut make: impl FnMut() -> Command,
) -> Result<Summary, String> {
    let mut runs = Vec::new();
    let mut once = || -> Result<Run, String> {
        prepare().map_err(|error| format!("preparing the run: {error}"))?;
        let outcome = run(&mut make(), log).map_err(|error| format!("could not start: {error}"))?;
        if outcome.success {
            Ok(outcome)
        } else {
            Err(first_error_line(log))
        }
    };
    let first = once()?;
    if first.wall >= repeat.warm_up_below {
        runs.push(first);
    }
    while runs.len() < repeat.max_runs {
        let spent: Duration = runs.iter().map(|run| run.wall).sum();
        if runs.len() >= repeat.min_runs && spent >= repeat.budget {
            break;
        }
        runs.push(once()?);
    }
    Ok(summarize(&runs))
}

fn summarize(runs: &[Run]) -> Summary {
    Summary {
        runs: runs.len(),
        wall: median(runs.iter().map(|run| run.wall).collect()),
        cpu: median(runs.iter().map(|run| run.cpu).collect()),
        peak_rss_kib: median(runs.iter().map(|run| run.peak_rss_kib).collect()),
    }
}

/// Values whose median can be taken.
pub trait Halfway: Copy + Ord + Default {
    /// The value halfway between `self` and `other`.
    fn halfway(self, other: Self) -> Self;
}

impl Halfway for Duration {
    fn halfway(self, other: Self) -> Self {
        (self + other) / 2
    }
}

impl Halfway for u64 {
    fn halfway(self, other: Self) -> Self {
        u64::midpoint(self, other)
    }
}

/// The median; halfway between the two middle values for an even count, and
/// the default for none.
pub fn median<T: Halfway>(mut values: Vec<T>) -> T {
    values.sort_unstable();
    let middle = values.len() / 2;
    match (values.len() % 2, middle.checked_sub(1).and_then(|low| values.get(low)), values.get(middle)) {
        (0, Some(&low), Some(&high)) => low.halfway(high),
        (_, _, Some(&value)) => value,
        _ => T::default(),
    }
}

/// The line of the log that best says why a run failed: the first one that
/// mentions an error or exception, else the last non-empty one.
pub fn first_error_line(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let mentions_error = |line: &&str| {
        let lower = line.to_lowercase();
        lower.contains("error") || lower.contains("exception") || lower.contains("panicked")
    };
    let line = lines.clone().find(mentions_error).or_else(|| lines.next_back()).unwrap_or("no output");
    let mut line = line.to_owned();
    if line.len() > 200 {
        let cut = (0..=200).rev().find(|&at| line.is_char_boundary(at)).unwrap_or(0);
        line.truncate(cut);
        line.push('…');
    }
    line
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::median;

    #[test]
    fn median_of_odd_even_and_no_values() {
        assert_eq!(median(vec![5_u64, 1, 3]), 3);
        assert_eq!(median(vec![4_u64, 1, 3, 10]), 3);
        assert_eq!(
            median(vec![Duration::from_millis(2), Duration::from_millis(4)]),
            Duration::from_millis(3)
        );
        assert_eq!(median(Vec::<u64>::new()), 0);
    }
}
