//! What the benchmarks ran on, read from the system.

use std::process::Command;

/// A few lines about the machine and toolchains.
pub fn describe() -> Vec<String> {
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|line| {
            line.strip_prefix("model name").map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let memory_kib: u64 = read("/proc/meminfo")
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let os = read("/etc/os-release")
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME=").map(|name| name.trim_matches('"').to_owned()))
        .unwrap_or_else(|| "unknown".to_owned());
    vec![
        format!("CPU: {cpu}, {cores} cores available to the process"),
        format!("Memory: {:.1} GiB", memory_kib as f64 / 1024.0 / 1024.0),
        format!("OS: {os}, Linux {}", read("/proc/sys/kernel/osrelease").trim()),
        format!("Rust: {}", first_line("rustc", &["--version"])),
        format!("Java: {}", first_line("java", &["-version"])),
        format!("Python: {}", first_line("python3", &["--version"])),
    ]
}

/// The date and time, in UTC.
pub fn now() -> String {
    first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    read("/proc/loadavg").split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The first line a program prints (some print their version on stderr).
fn first_line(program: &str, args: &[&str]) -> String {
    match Command::new(program).args(args).output() {
        Ok(output) => {
            let text = if output.stdout.is_empty() { output.stderr } else { output.stdout };
            String::from_utf8_lossy(&text).lines().next().unwrap_or_default().to_owned()
        }
        Err(error) => format!("not available ({error})"),
    }
}
