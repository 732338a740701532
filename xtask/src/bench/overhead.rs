//! Client overhead: runs the `client-bench` program and reads its lines.

use std::process::Command;

use super::peers;
use super::Settings;
use crate::harness::WORKSPACE_FEATURES;

/// One line of `client-bench`: medians per request.
pub struct Row {
    pub case: String,
    pub variant: String,
    pub requests: u64,
    pub response_bytes: u64,
    pub wall_ns: u64,
    pub cpu_ns: u64,
}

impl Row {
    pub fn requests_per_second(&self) -> f64 {
        1e9 / self.wall_ns.max(1) as f64
    }

    /// Decoded megabytes (10^6 bytes) per second of wall time.
    pub fn megabytes_per_second(&self) -> f64 {
        self.response_bytes as f64 / self.wall_ns.max(1) as f64 * 1e3
    }
}

/// The command, for the report.
pub fn command(smoke: bool) -> String {
    if smoke {
        format!(
            "cargo build --locked --workspace --bins {} && target/debug/client-bench --smoke",
            WORKSPACE_FEATURES.join(" ")
        )
    } else {
        "cargo run --release --locked -p client-bench".to_owned()
    }
}

pub fn measure(settings: &Settings) -> Result<Vec<Row>, String> {
    eprintln!("bench: client overhead ({})", command(settings.smoke));
    let log = settings.logs.join("client-bench.log");
    let output = match &settings.sharing {
        // Built alone, client-bench resolves its dependencies' features
        // otherwise than the workspace does, and most of them would be
        // compiled again; built with the workspace, it reuses what the
        // tests compiled (the smoke run's numbers mean nothing anyway).
        Some(sharing) => {
            let mut build = Command::new(peers::cargo());
            build.current_dir(&settings.root).args(["build", "--locked", "--workspace", "--bins"]);
            build.args(WORKSPACE_FEATURES);
            let built = build.output().map_err(|error| format!("failed: {error}"))?;
            if !built.status.success() {
                let _ = std::fs::write(&log, &built.stderr);
                return Err(format!("failed: {}", super::measure::first_error_line(&log)));
            }
            Command::new(sharing.target_dir.join("debug/client-bench")).arg("--smoke").output()
        }
        None => Command::new(peers::cargo())
            .current_dir(&settings.root)
            .args(["run", "--release", "--locked", "-p", "client-bench"])
            .output(),
    }
    .map_err(|error| format!("failed: {error}"))?;
    let _ = std::fs::write(&log, [output.stdout.as_slice(), output.stderr.as_slice()].concat());
    if !output.status.success() {
        return Err(format!("failed: {}", super::measure::first_error_line(&log)));
    }
    String::from_utf8_lossy(&output.stdout).lines().map(parse).collect()
}

fn parse(line: &str) -> Result<Row, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let number = |index: usize| -> Result<u64, String> {
        fields
            .get(index)
            .and_then(|field| field.parse().ok())
            .ok_or_else(|| format!("failed: cannot read client-bench's line `{line}`"))
    };
    match fields.as_slice() {
        [case, variant, ..] if fields.len() == 6 => Ok(Row {
            case: (*case).to_owned(),
            variant: (*variant).to_owned(),
            requests: number(2)?,
            response_bytes: number(3)?,
            wall_ns: number(4)?,
            cpu_ns: number(5)?,
        }),
        _ => Err(format!("failed: cannot read client-bench's line `{line}`")),
    }
}
