//! `cargo xtask codegen`: generate, or check, a client crate.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use generator::diff::{Outcome, Previous};
use generator::output::{self, Difference};
use generator::Options;

/// The checked-in client's package name.
const DEFAULT_PACKAGE: &str = "tiledb-array-api";
const DEFAULT_SPEC: &str = "spec/array-api.yaml";
const DEFAULT_OUT: &str = "generated-client";
const DEFAULT_EXAMPLES: &str = "spec/examples";

/// Parsed command-line arguments.
#[derive(Debug, Default)]
pub struct Args {
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    examples: Option<PathBuf>,
    crate_name: Option<String>,
    workspace_member: bool,
    check: bool,
    bump: bool,
    /// List every warning, not only the counts by kind.
    list_warnings: bool,
    /// Fail, writing nothing, when there are warnings.
    deny_warnings: bool,
}

impl Args {
    pub fn parse(arguments: &[String]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut rest = arguments.iter();
        while let Some(argument) = rest.next() {
            let mut value = |flag: &str| rest.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
            match argument.as_str() {
                "--spec" => args.spec = Some(PathBuf::from(value("--spec")?)),
                "--out" => args.out = Some(PathBuf::from(value("--out")?)),
                "--examples" => args.examples = Some(PathBuf::from(value("--examples")?)),
                "--crate-name" => args.crate_name = Some(value("--crate-name")?),
                "--workspace-member" => args.workspace_member = true,
                "--check" => args.check = true,
                "--bump" => args.bump = true,
                "--warnings" => args.list_warnings = true,
                "--deny-warnings" => args.deny_warnings = true,
                other => return Err(format!("unexpected argument `{other}`")),
            }
        }
        if args.check && args.bump {
            return Err("--check writes nothing, so it cannot --bump".to_owned());
        }
        Ok(args)
    }
}

/// The workspace root: xtask lives one level below it.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_owned).unwrap_or_default()
}

pub fn run(args: &Args) -> ExitCode {
    // First, so that it is ready when the files are: starting it takes longer than generating.
    let rustfmt = generator::start_rustfmt();
    let root = project_root();
    let spec = args.spec.clone().unwrap_or_else(|| root.join(DEFAULT_SPEC));
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_OUT));
    let is_default_spec = args.spec.is_none();
    let is_default_out = args.out.is_none();
    let examples = args.examples.clone().or_else(|| is_default_spec.then(|| root.join(DEFAULT_EXAMPLES)));
    let options = Options {
        spec_label: label(&spec, &root),
        spec,
        examples: examples.map(|dir| {
            let label = label(&dir, &root);
            (dir, label)
        }),
        package_name: args.crate_name.clone().or_else(|| is_default_spec.then(|| DEFAULT_PACKAGE.to_owned())),
        standalone: !(is_default_out || args.workspace_member),
    };
    let started = Instant::now();
    let generated =
        match rustfmt.and_then(|rustfmt| generate(&options, &Previous::load(&out), args.bump, rustfmt)) {
            Ok(generated) => generated,
            Err(error) => {
                eprintln!("error: {error}");
                eprintln!("nothing was written; {} is unchanged", out.display());
                return ExitCode::FAILURE;
            }
        };
    let elapsed = started.elapsed();
    if let Some(why) = generated.files.unformatted() {
        eprintln!("note: rustfmt did not lay out the Rust files, so `cargo fmt` would change them: {why}");
    }
    if !report_warnings(&generated.warnings, &options.spec_label, args) {
        eprintln!("nothing was written; {} is unchanged", out.display());
        return ExitCode::FAILURE;
    }
    if args.check {
        check(&generated.files, &out, &generated.outcome, args)
    } else if write(&generated.files, &out, elapsed) {
        report(&generated, &out, args)
    } else {
        ExitCode::FAILURE
    }
}

/// What a run produces.
struct Generated {
    files: generator::Files,
    /// What changed since the output was last generated.
    outcome: Outcome,
    /// The version `--bump` moved the crate to.
    bumped: Option<String>,
    /// What the generator typed less precisely than the spec says.
    warnings: Vec<generator::Warning>,
}

/// Prints the warnings on stderr: counts by kind, and each one with
/// `--warnings`. With `--deny-warnings` they are errors: false then.
fn report_warnings(warnings: &[generator::Warning], spec: &str, args: &Args) -> bool {
    let Some(summary) = generator::warning::summary(warnings) else { return true };
    let level = if args.deny_warnings { "error" } else { "warning" };
    eprintln!("{level}: {summary}");
    if args.list_warnings || args.deny_warnings {
        for warning in warnings {
            eprintln!("{level}: {}", warning.line(spec));
        }
    } else {
        eprintln!("(each one with its location: --warnings; as errors: --deny-warnings)");
    }
    !args.deny_warnings
}

/// Generates the crate at the previous output's version, or at the one the
/// changes call for with `--bump`.
fn generate(
    options: &Options,
    previous: &Previous,
    bump: bool,
    rustfmt: generator::rustfmt::Rustfmt,
) -> Result<Generated, generator::Error> {
    let mut api = generator::api(options)?;
    previous.keep_version(&mut api);
    let outcome = previous.compare(&api);
    let bumped = outcome.report().and_then(|report| report.next_version()).filter(|_| bump);
    if let Some(version) = &bumped {
        api.package_version = version.clone();
    }
    let files = generator::files_formatted_by(&api, options, rustfmt)?;
    Ok(Generated { files, outcome, bumped, warnings: api.warnings.clone() })
}

/// Prints what changed after writing, and records a bump.
fn report(generated: &Generated, out: &Path, args: &Args) -> ExitCode {
    println!("\n{}", generated.outcome);
    let Some(report) = generated.outcome.report() else {
        if args.bump {
            println!("--bump: nothing to compare with, so the version stays as it is");
        }
        return ExitCode::SUCCESS;
    };
    match &generated.bumped {
        Some(version) => changelog(out, version, &report.changelog_entry(version)),
        None if report.bump().is_none() => ExitCode::SUCCESS,
        None if args.bump => {
            eprintln!(
                "error: cannot bump `{}`: not a semantic version",
                generator::message::escaped(&report.version)
            );
            ExitCode::FAILURE
        }
        None => {
            println!("run `{} --bump` to apply it", rerun_command(args));
            ExitCode::SUCCESS
        }
    }
}

/// Records the bump in the crate's changelog.
fn changelog(out: &Path, version: &str, entry: &str) -> ExitCode {
    match output::prepend_changelog(out, entry) {
        Ok(()) => {
            println!(
                "bumped the crate to {version} and added it to {}",
                out.join(output::CHANGELOG).display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn check(files: &generator::Files, out: &Path, outcome: &Outcome, args: &Args) -> ExitCode {
    match output::check(files, out) {
        Ok(differences) if differences.is_empty() => {
            println!("{} is up to date", out.display());
            ExitCode::SUCCESS
        }
        Ok(differences) => {
            println!("{outcome}\n");
            for difference in &differences {
                println!("{difference}");
            }
            if let Some(why) = files.unformatted() {
                explain_layout(files, out, &differences, why);
            }
            let changed = differences.iter().filter(|d| matches!(d, Difference::Changed { .. })).count();
            eprintln!(
                "error: {} is out of date ({changed} changed, {} missing, {} extra file(s)); run `{}` to update it",
                out.display(),
                differences.iter().filter(|d| matches!(d, Difference::Missing { .. })).count(),
                differences.iter().filter(|d| matches!(d, Difference::Extra { .. })).count(),
                rerun_command(args),
            );
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Says which changed Rust files differ from the generated ones in layout only, as files do
/// when rustfmt did not lay the generated ones out.
fn explain_layout(files: &generator::Files, out: &Path, differences: &[Difference], why: &str) {
    let layout_only: Vec<&str> = differences
        .iter()
        .filter_map(|difference| match difference {
            Difference::Changed { path, .. } if path.ends_with(".rs") => Some(path.as_str()),
            _ => None,
        })
        .filter(|path| {
            let on_disk = std::fs::read_to_string(out.join(path)).unwrap_or_default();
            files.get(path).is_some_and(|generated| generator::rustfmt::same_code(&on_disk, generated))
        })
        .collect();
    if !layout_only.is_empty() {
        eprintln!(
            "note: {} differ{} from the generated code in layout only: rustfmt did not lay the generated \
             files out ({why})",
            layout_only.join(", "),
            if layout_only.len() == 1 { "s" } else { "" },
        );
    }
}

/// Writes the files and says what it did; false when it failed.
fn write(files: &generator::Files, out: &Path, elapsed: std::time::Duration) -> bool {
    match output::write(files, out) {
        Ok(summary) => {
            println!(
                "generated {} in {:.1} ms: {} file(s) written, {} removed, {} unchanged",
                out.display(),
                elapsed.as_secs_f64() * 1000.0,
                summary.written.len(),
                summary.removed.len(),
                files.iter().count() - summary.written.len(),
            );
            true
        }
        Err(error) => {
            eprintln!("error: {error}");
            false
        }
    }
}

/// The command that regenerates what `--check` just compared.
fn rerun_command(args: &Args) -> String {
    let mut command = String::from("cargo xtask codegen");
    if let Some(spec) = &args.spec {
        command.push_str(&format!(" --spec {}", spec.display()));
    }
    if let Some(out) = &args.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    if let Some(examples) = &args.examples {
        command.push_str(&format!(" --examples {}", examples.display()));
    }
    if let Some(name) = &args.crate_name {
        command.push_str(&format!(" --crate-name {name}"));
    }
    if args.workspace_member {
        command.push_str(" --workspace-member");
    }
    command
}

/// `spec` relative to the workspace root when it is inside it, with `/`
/// separators, so the generated header is the same on every machine.
fn label(spec: &Path, root: &Path) -> String {
    let absolute = if spec.is_absolute() {
        spec.to_owned()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(spec)).unwrap_or_else(|_| spec.to_owned())
    };
    match absolute.strip_prefix(root) {
        Ok(inside) => {
            inside.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
        }
        Err(_) => spec.to_string_lossy().replace('\\', "/"),
    }
}
