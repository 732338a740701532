//! `cargo xtask codegen [--spec PATH] [--out DIR] [--examples DIR] [--crate-name NAME] [--workspace-member] [--check | --bump] [--warnings] [--deny-warnings]`,
//! `cargo xtask test [--ci] [--fixtures-only]`, `cargo xtask conformance --spec FILE`,
//! `cargo xtask bench [--smoke]` and `cargo xtask semver-verify [--check]`.
//!
//! `codegen` is a thin command line over the `generator` library. Without
//! arguments it regenerates the checked-in TileDB array API client; with
//! `--check` it writes nothing and fails when the checked-in client is stale.
//! Either way it reports how the API changed since the output was generated,
//! and `--bump` moves the crate's version accordingly. `bench` measures the
//! generator and its output against other generators.

mod bench;
mod codegen;
mod conformance;
mod harness;
mod semver_verify;

use std::process::ExitCode;

// The generator allocates many small, short-lived values: strings, and the
// tokens and syntax tree of every item it emits. With glibc's malloc, when
// the emitters last built tokens, allocating and freeing took a quarter of
// its instructions.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask codegen [--spec PATH] [--out DIR] [--examples DIR] [--crate-name NAME] [--workspace-member] [--check | --bump] [--warnings] [--deny-warnings]

  --spec PATH          OpenAPI 3.1, 3.0 or Swagger 2.0 document, YAML or JSON, and the files
                       its `$ref`s name inside its directory (default: spec/array-api.yaml)
  --out DIR            directory of the generated crate (default: generated-client)
  --examples DIR       example programs (*.rs) to ship in the crate's examples/
                       (default: spec/examples for the default spec, none otherwise)
  --crate-name NAME    Cargo package name (default: tiledb-array-api for the default spec,
                       otherwise derived from info.title)
  --workspace-member   the output is a member of the enclosing workspace: no [workspace] table
                       (implied for the default output directory)
  --check              write nothing; exit 1 if DIR differs from what would be generated,
                       printing what changed in the API before the diff
  --bump               bump the crate's version as the API changes since the last run call
                       for, and add an entry to DIR/CHANGELOG.md
  --warnings           list every warning with its file and JSON pointer (by default only
                       their counts by kind are printed)
  --deny-warnings      treat warnings as errors: print them and write nothing

Constructs the generator cannot type precisely get the nearest honest type
(serde_json::Value, String) and a warning on stderr.

The Rust files are laid out by rustfmt ($RUSTFMT, else the one beside $CARGO when cargo
runs codegen, else the first on PATH); without it they keep prettyplease's layout, which
compiles the same, and a note on stderr says so.

Every run compares the spec's API with the one DIR was generated from (DIR/api.json) and
prints each change as breaking, additive or docs-only, then the semver bump they call for.

usage: cargo xtask semver-verify [--check]

  Runs cargo-semver-checks 0.51.0 (on PATH) on the old and new crate of every case under
  tests/specs/evolution/ and records its verdicts, our bumps and the crates' fingerprints in
  tests/specs/evolution/verdicts.toml, which `cargo xtask test` holds the API diff to.
  --check              write nothing; fail when the tool's verdicts differ from the file

usage: cargo xtask test [--ci] [--fixtures-only]

  Every test: generates a crate from each fixture spec into target/fixtures/, runs
  `cargo test --workspace`, then clippy, the wire and behaviour tests, the conformance
  sweep of the array API and the corpus against Prism, rustdoc and doctests on the
  fixture crates, all in one target dir.
  --ci                 also the slow extra crates (the 2,000-operation crate, Stripe's crate and its
                       conformance sweep)
  --fixtures-only      skip `cargo test --workspace`

usage: cargo xtask conformance --spec FILE

  Generates FILE's crate into target/conformance/, calls every operation through it against
  Prism serving FILE with request validation on (once with the required arguments, once with
  every optional one too; values from the spec's valid examples or written from its schemas),
  decodes every response, and prints a line per operation that fails, then
  `N of M operations conform`. Needs Node.js 18.20+ and npm (Prism is installed from
  tests/prism/ on first use).

usage: cargo xtask bench [--smoke]

  Generation speed, compile time, client overhead and size, side by side with
  OpenAPI Generator and progenitor (installed under target/bench-peers/);
  rewrites BENCHMARKS.md.
  --smoke              tiny sizes, one run each, no progenitor install; writes
                       target/bench/BENCHMARKS.smoke.md instead";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    match arguments.split_first() {
        Some((command, rest)) if command == "codegen" => match codegen::Args::parse(rest) {
            Ok(args) => codegen::run(&args),
            Err(message) => usage_error(&message),
        },
        Some((command, rest)) if command == "test" => harness::run(rest, codegen::project_root()),
        Some((command, rest)) if command == "bench" => bench::run(rest, codegen::project_root()),
        Some((command, rest)) if command == "conformance" => conformance::run(rest, &codegen::project_root()),
        Some((command, rest)) if command == "semver-verify" => {
            semver_verify::run(rest, codegen::project_root())
        }
        Some((command, _)) if command == "help" || command == "--help" || command == "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some((command, _)) => usage_error(&format!("unknown command `{command}`")),
        None => usage_error("no command given"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{USAGE}");
    ExitCode::from(2)
}
