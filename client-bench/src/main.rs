//! Client overhead at run time: the generated client against a hand-written
//! `reqwest` + `serde_json` call making the same request, against the same
//! loopback server, in the same process and runtime.
//!
//! `client-bench [--smoke]` prints one tab-separated line per case and
//! variant: `case variant requests response_bytes wall_ns_per_request
//! cpu_ns_per_request`, medians over rounds that rotate the order of the
//! variants so that load from elsewhere on the machine hits all alike. CPU time is
//! the client thread's own: the client runs on a current-thread runtime on
//! the main thread, the server on a thread of its own.

mod cpu;
mod server;
mod workload;

use std::process::ExitCode;
use std::time::Duration;

use workload::{Case, Variant};

/// How much to run.
struct Sizes {
    rounds: usize,
    small_per_round: usize,
    large_per_round: usize,
    large_items: usize,
}

const FULL: Sizes = Sizes { rounds: 15, small_per_round: 2000, large_per_round: 5, large_items: 10_000 };
const SMOKE: Sizes = Sizes { rounds: 2, small_per_round: 20, large_per_round: 1, large_items: 100 };

fn main() -> ExitCode {
    let sizes = match std::env::args().nth(1).as_deref() {
        None => FULL,
        Some("--smoke") => SMOKE,
        Some(other) => {
            eprintln!("error: unexpected argument `{other}`\nusage: client-bench [--smoke]");
            return ExitCode::from(2);
        }
    };
    match run(&sizes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(sizes: &Sizes) -> Result<(), String> {
    let bodies = workload::Bodies::new(sizes.large_items)?;
    let server = server::start(bodies.clone())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("runtime: {error}"))?;
    runtime.block_on(async {
        let clients = workload::Clients::new(&server)?;
        clients.check_same_requests_and_results(&server).await?;
        for (case, per_round, bytes) in [
            (Case::OneModel, sizes.small_per_round, bodies.one.len()),
            (Case::List, sizes.large_per_round, bodies.list.len()),
        ] {
            let mut samples: Vec<(Variant, Duration, Duration)> = Vec::new();
            for round in 0..sizes.rounds {
                let mut order = Variant::ALL;
                order.rotate_left(round % Variant::ALL.len());
                for variant in order {
                    let cpu_before = cpu::thread_time()?;
                    let started = std::time::Instant::now();
                    for _ in 0..per_round {
                        clients.call(case, variant).await?;
                    }
                    let wall = started.elapsed();
                    let cpu = cpu::thread_time()?.saturating_sub(cpu_before);
                    samples.push((variant, wall / per_round as u32, cpu / per_round as u32));
                }
            }
            for variant in Variant::ALL {
                let of_variant = samples.iter().filter(|(of, _, _)| *of == variant);
                let wall = median(of_variant.clone().map(|(_, wall, _)| *wall).collect());
                let cpu = median(of_variant.map(|(_, _, cpu)| *cpu).collect());
                println!(
                    "{}\t{}\t{}\t{bytes}\t{}\t{}",
                    case.name(),
                    variant.name(),
                    sizes.rounds * per_round,
                    wall.as_nanos(),
                    cpu.as_nanos()
                );
            }
        }
        Ok(())
    })
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}
