//! Hostile input: specs (and previous outputs) written so that the
//! generator's work or memory would grow much faster than their size. Each
//! one generates, or fails with an error that says where, in under 10 s and
//! under 1 GiB, without a crash.
//!
//! Every case runs `cargo xtask codegen` as a child process whose address
//! space is limited to 1 GiB and its CPU time to 10 s (`setrlimit` in the
//! child, before it runs the generator: an allocation past the first aborts
//! the run, the kernel stops it at the second). CPU time rather than wall
//! time, because on a shared machine a run that needs 2 s of CPU can wait
//! 10 s for it; a run that waits without working (a read that blocks) is
//! killed after a minute. Those are limits, not measurements: a run passes
//! when it exits with 0 or 1 and prints what the case expects; a signal (a
//! crash, a limit, the kill) fails it, with the time and peak memory it
//! took. The specs are written here, each sized so that the generator
//! before these limits took minutes, gigabytes or its stack on it, and each
//! is kept under `target/hostile-input/` for a look after the run.

#![cfg(unix)]

use std::fs::{self, File};
use std::io;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// CPU seconds (user and system, every thread) a run may take.
const CPU_LIMIT: u64 = 10;
const MEMORY_LIMIT: u64 = 1 << 30;
/// How long a run may wait in all, the CPU it gets included.
const WAIT_LIMIT: Duration = Duration::from_secs(60);

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Hostile, version: 1.0.0}\n";

/// A directory of its own for `case`, emptied.
fn scene(case: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
    let dir = root.join("target/hostile-input").join(case);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("remove the previous run");
    }
    fs::create_dir_all(&dir).expect("scene directory");
    dir
}

/// What a bounded run of the generator did.
struct Run {
    /// The exit code; `None` when a signal ended the run.
    code: Option<i32>,
    stderr: String,
    wall: Duration,
    /// CPU time (user and system).
    cpu: Duration,
    /// Peak resident memory, in bytes.
    peak: u64,
    killed: bool,
}

impl Run {
    fn summary(&self) -> String {
        format!(
            "exit {:?}{} after {:.2} s ({:.2} s CPU), peak {} MiB; stderr: {:.600}",
            self.code,
            if self.killed { " (killed: it waited a minute)" } else { "" },
            self.wall.as_secs_f64(),
            self.cpu.as_secs_f64(),
            self.peak >> 20,
            self.stderr
        )
    }

    /// Exited 0, within the limits.
    fn generated(&self) -> &Self {
        assert_eq!(self.code, Some(0), "{}", self.summary());
        self
    }

    /// Exited 1 with an error holding each of `expected`, within the limits.
    fn failed_with(&self, expected: &[&str]) -> &Self {
        assert_eq!(self.code, Some(1), "{}", self.summary());
        for text in expected {
            assert!(self.stderr.contains(text), "expected {text:?}: {}", self.summary());
        }
        self
    }

    fn warned(&self, expected: &str) -> &Self {
        assert!(self.stderr.contains(expected), "expected {expected:?}: {}", self.summary());
        self
    }
}

/// Runs `cargo xtask codegen --spec SPEC --out SPEC.out` in `dir`, bounded
/// as the module says.
fn generate(dir: &Path, spec: &str) -> Run {
    bounded(dir, &["codegen", "--spec", spec, "--out", &format!("{spec}.out")])
}

fn bounded(dir: &Path, args: &[&str]) -> Run {
    let stderr_path = dir.join("stderr.txt");
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(File::create(dir.join("stdout.txt")).expect("stdout file")))
        .stderr(Stdio::from(File::create(&stderr_path).expect("stderr file")));
    // SAFETY: between fork and exec the closure only calls setrlimit, which
    // is async-signal-safe, on stack values.
    unsafe {
        command.pre_exec(|| {
            for (resource, value) in [(libc::RLIMIT_AS, MEMORY_LIMIT), (libc::RLIMIT_CPU, CPU_LIMIT)] {
                let limit = libc::rlimit { rlim_cur: value, rlim_max: value };
                if libc::setrlimit(resource, &limit) != 0 {
                    return Err(io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
    let started = Instant::now();
    #[expect(clippy::zombie_processes, reason = "reaped by wait4 below, which gives its resource usage too")]
    let child = command.spawn().expect("xtask runs");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let (done, finished) = mpsc::channel();
    // The child is reaped here only, with its resource usage: until then
    // its pid stays its own, so the kill below cannot reach another process.
    std::thread::spawn(move || {
        let mut status = 0;
        // SAFETY: all-zero is a valid `rusage` (integers and timevals).
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our child.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        let _ = done.send((reaped, status, usage));
    });
    let (outcome, killed) = match finished.recv_timeout(WAIT_LIMIT) {
        Ok(outcome) => (outcome, false),
        Err(_) => {
            // SAFETY: the child has not been reaped (the waiting thread has
            // not returned), so `pid` is still that process.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            (finished.recv().expect("the child is reaped"), true)
        }
    };
    let wall = started.elapsed();
    let (reaped, status, usage) = outcome;
    assert_eq!(reaped, pid, "wait4 failed");
    let seconds = |time: libc::timeval| {
        Duration::from_secs(u64::try_from(time.tv_sec).unwrap_or(0))
            + Duration::from_micros(u64::try_from(time.tv_usec).unwrap_or(0))
    };
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Run {
        code,
        stderr: fs::read_to_string(&stderr_path).unwrap_or_default(),
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        // Kilobytes on Linux.
        peak: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        killed,
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write a spec");
}

/// `count` component schemas as YAML lines, each made by `schema`.
fn schemas(count: usize, schema: impl Fn(usize) -> String) -> String {
    (0..count).map(|index| format!("    {}\n", schema(index))).collect()
}

/// A name no letter of which is ASCII: every one becomes the same Rust name.
fn cjk(index: usize) -> String {
    format!("{index:x}").chars().map(|digit| char::from_u32(0x4e00 + digit as u32).unwrap_or('中')).collect()
}

/// A YAML alias names a node that names others thousands of times: 90 KB
/// that loaded into 10^8 nodes. serde_yaml's own limit counts the aliases
/// followed, not what each one copies.
#[test]
fn yaml_aliases_cannot_outgrow_the_text() {
    let dir = scene("aliases");
    let items = vec!["x"; 10_000].join(", ");
    let copies = vec!["*big"; 10_000].join(", ");
    write(&dir, "wide.yaml", &format!("{HEAD}paths: {{}}\nx-big: &big [{items}]\nx-copies: [{copies}]\n"));
    generate(&dir, "wide.yaml").failed_with(&["wide.yaml:4:", "loads into more nodes than its size allows"]);
    let mut nested = format!("{HEAD}paths: {{}}\nx-a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        nested.push_str(&format!(
            "x-a{level}: &a{level} [{}]\n",
            vec![format!("*a{}", level - 1); 10].join(", ")
        ));
    }
    write(&dir, "nested.yaml", &nested);
    generate(&dir, "nested.yaml").failed_with(&["nested.yaml:", "not valid YAML"]);
}

/// The YAML parser looks at every open flow collection for every token:
/// 100,000 nested `[` took minutes.
#[test]
fn deep_flow_collections_are_refused_before_parsing() {
    let dir = scene("flow");
    let depth = 100_000;
    write(
        &dir,
        "brackets.yaml",
        &format!("{HEAD}paths: {{}}\nx: {}{}\n", "[".repeat(depth), "]".repeat(depth)),
    );
    generate(&dir, "brackets.yaml").failed_with(&["brackets.yaml:4:132:", "nested more than 128 deep"]);
    write(
        &dir,
        "braces.yaml",
        &format!("{HEAD}paths: {{}}\nx: {}1{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
    );
    generate(&dir, "braces.yaml").failed_with(&["braces.yaml:4:", "nested more than 128 deep"]);
}

/// Server variables whose defaults name other variables: substituted into
/// the result, 40 of them made a URL of 2^40 copies.
#[test]
fn server_variables_are_substituted_once() {
    let dir = scene("servers");
    let variables: String =
        (0..40).map(|i| format!("    v{i}: {{default: '{{v{n}}}{{v{n}}}'}}\n", n = i + 1)).collect();
    write(
        &dir,
        "servers.yaml",
        &format!(
            "{HEAD}paths: {{}}\nservers:\n- url: 'https://{{v0}}/'\n  variables:\n{variables}    \
             v40: {{default: x}}\n"
        ),
    );
    generate(&dir, "servers.yaml").generated();
    let root = fs::read_to_string(dir.join("servers.yaml.out/src/lib.rs")).expect("lib.rs");
    assert!(root.contains("DEFAULT_BASE_URL: &str = \"https://{v1}{v1}\";"), "substituted once: {root}");
}

/// Markdown nested 20,000 deep overflowed the stack; a text of many bare
/// URLs was read to its end for each.
#[test]
fn deep_markdown_is_rendered_to_a_bounded_depth() {
    let dir = scene("markdown");
    let levels = 20_000;
    let texts = [
        format!("{}x", "- ".repeat(levels)),
        format!("{}x", "1. ".repeat(levels)),
        format!("{}x", "> ".repeat(levels)),
        format!("{}x", "> - ".repeat(levels / 2)),
        format!("{}x{}", "*a ".repeat(levels), " b*".repeat(levels)),
        format!("{}x{}", "[".repeat(levels), "](https://x.y)".repeat(levels)),
        format!("{}x{}", "![".repeat(levels), "](https://x.y)".repeat(levels)),
        "http://a)".repeat(200_000),
    ];
    let components: String = texts
        .iter()
        .enumerate()
        .map(|(index, text)| format!("    S{index}: {{type: string, description: {text:?}}}\n"))
        .collect();
    write(&dir, "markdown.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n{components}"));
    generate(&dir, "markdown.yaml").generated();
}

/// Chains of `$ref` aliases were walked whole for every use, with a list
/// searched for cycles at each link.
#[test]
fn reference_chains_are_walked_once() {
    let dir = scene("ref-chains");
    let links = 3_000;
    let chain = |section: &str, end: &str| {
        let mut text = schemas(links, |i| format!("A{i}: {{$ref: '#/components/{section}/A{}'}}", i + 1));
        text.push_str(&format!("    A{links}: {end}\n"));
        text
    };
    let uses: String =
        (0..links).map(|i| format!("      - $ref: '#/components/parameters/A{i}'\n")).collect();
    let spec = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      parameters:\n{uses}      \
         responses: {{'200': {{description: ok}}}}\n\
         components:\n  parameters:\n{}  schemas:\n{}",
        chain("parameters", "{name: p, in: query, schema: {type: string}}"),
        chain("schemas", "{type: object, properties: {x: {type: string}}}"),
    );
    write(&dir, "chains.yaml", &spec);
    generate(&dir, "chains.yaml").generated();
}

/// References the loader follows: `$id`s and anchors (OpenAPI 3.1), a
/// mapping thousands of `$ref`s name into, and thousands of targets that
/// get one name; each was searched for, or numbered from 1 again, per
/// reference.
#[test]
fn loader_references_are_looked_up() {
    let dir = scene("loader-refs");
    let head31 = HEAD.replace("3.0.3", "3.1.0");
    let count = 4_000;
    let ids = schemas(count, |i| {
        let (next, after) = ((i + 1) % count, (i + 2) % count);
        format!(
            "S{i}: {{$id: 'https://x.y/s{i}', $anchor: 'a{i}', type: object, \
             properties: {{a: {{$ref: 'https://x.y/s{next}'}}, b: {{$ref: '#a{after}'}}}}}}"
        )
    });
    write(&dir, "ids.yaml", &format!("{head31}paths: {{}}\ncomponents:\n  schemas:\n{ids}"));
    generate(&dir, "ids.yaml").generated();
    let count = 7_000;
    let definitions: String =
        (0..count).map(|i| format!("  G{i}: {{Same: {{type: string}}, D: {{type: integer}}}}\n")).collect();
    let users = schemas(count, |i| {
        format!(
            "S{i}: {{type: object, properties: \
             {{a: {{$ref: '#/x-defs/G{i}/Same'}}, b: {{$ref: '#/x-defs/G{i}/D'}}}}}}"
        )
    });
    write(
        &dir,
        "targets.yaml",
        &format!("{HEAD}paths: {{}}\nx-defs:\n{definitions}components:\n  schemas:\n{users}"),
    );
    generate(&dir, "targets.yaml").generated();
}

/// Structs and forms of thousands of required fields: each was checked
/// against the whole list of them.
#[test]
fn many_required_fields_take_time_in_proportion() {
    let dir = scene("required");
    let count = 5_000;
    let names: Vec<String> = (0..count).map(|i| format!("p{i}")).collect();
    let properties: String =
        (0..count).map(|i| format!("                p{i}: {{type: string}}\n")).collect();
    let object = format!(
        "type: object\n              required: [{}]\n              properties:\n{properties}",
        names.join(", ")
    );
    let spec = format!(
        "{HEAD}paths:\n  /form:\n    post:\n      requestBody:\n        content:\n          \
         application/x-www-form-urlencoded:\n            schema:\n              {object}      \
         responses: {{'200': {{description: ok}}}}\ncomponents:\n  schemas:\n    Big:\n              {object}"
    );
    write(&dir, "required.yaml", &spec);
    generate(&dir, "required.yaml").generated();
}

/// Thousands of names that become one Rust name (no ASCII letter in them)
/// were numbered each from 2 again.
#[test]
fn colliding_names_are_numbered_in_linear_time() {
    let dir = scene("names");
    let count = 6_000;
    let properties: String =
        (0..count).map(|i| format!("        \"{}\": {{type: string}}\n", cjk(i))).collect();
    let values: String = (0..count).map(|i| format!("        - \"{}\"\n", cjk(i))).collect();
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Fields:\n      type: object\n      \
         properties:\n{properties}\
         \x20   Values:\n      type: string\n      enum:\n{values}{}",
        schemas(count, |i| format!("\"{}\": {{type: integer}}", cjk(i)))
    );
    write(&dir, "names.yaml", &spec);
    generate(&dir, "names.yaml").generated();
}

/// A `$ref` to a named pipe hung the run; to a huge file it would read it
/// all. The spec itself is held to the same.
#[test]
fn only_regular_files_of_bounded_size_are_read() {
    let dir = scene("special-files");
    let pipe =
        std::ffi::CString::new(dir.join("pipe.yaml").into_os_string().into_encoded_bytes()).expect("path");
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o600) }, 0, "mkfifo");
    File::create(dir.join("huge.yaml")).expect("huge file").set_len(100 << 30).expect("a sparse 100 GiB");
    for (spec, target, expected) in [
        ("to-pipe.yaml", "pipe.yaml", "not a regular file"),
        ("to-huge.yaml", "huge.yaml", "at most 67108864 bytes"),
    ] {
        let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '{target}#/A'}}\n");
        write(&dir, spec, &text);
        // The one schema that cannot be read allows any value; the rest generates.
        let out = format!("{spec}.out");
        bounded(&dir, &["codegen", "--spec", spec, "--out", &out, "--warnings"])
            .generated()
            .warned(&format!("{spec}: #/components/schemas/A/$ref"))
            .warned(expected);
    }
    generate(&dir, "pipe.yaml").failed_with(&["cannot read pipe.yaml: not a regular file"]);
}

/// `allOf`: members reached along many paths were walked once per path
/// (exponential for a schema made of the previous two); fields copied from
/// the schemas named, and their docs, multiplied with their users; an
/// inline schema of a shared body became a model per operation.
#[test]
fn all_of_and_shared_schemas_do_not_multiply() {
    let dir = scene("all-of");
    let diamond = schemas(60, |i| match i {
        0 | 1 => format!("A{i}: {{type: object, properties: {{f{i}: {{type: string}}}}}}"),
        _ => format!(
            "A{i}: {{allOf: [{{$ref: '#/components/schemas/A{}'}}, {{$ref: '#/components/schemas/A{}'}}]}}",
            i - 1,
            i - 2
        ),
    });
    let mut base: String = (0..300)
        .map(|i| format!("        p{i}: {{type: string, description: {:?}}}\n", "d".repeat(50)))
        .collect();
    // Copied with its docs into each user: a gigabyte of them.
    base.push_str(&format!("        long: {{type: string, description: {:?}}}\n", "word ".repeat(200_000)));
    let users = schemas(1_000, |i| {
        format!(
            "U{i}: {{allOf: [{{$ref: '#/components/schemas/Base'}}], properties: {{own: {{type: string}}}}}}"
        )
    });
    let operations: String = (0..500)
        .map(|i| {
            format!(
                "  /o{i}:\n    post:\n      requestBody: {{$ref: '#/components/requestBodies/B'}}\n      \
                 responses: {{'200': {{description: ok}}}}\n"
            )
        })
        .collect();
    let body_fields: String = (0..500).map(|i| format!("              q{i}: {{type: string}}\n")).collect();
    let spec = format!(
        "{HEAD}paths:\n{operations}components:\n  requestBodies:\n    B:\n      content:\n        \
         application/json:\n          schema:\n            type: object\n            \
         properties:\n{body_fields}  schemas:\n{diamond}\
         \x20   Base:\n      type: object\n      properties:\n{base}{users}"
    );
    write(&dir, "all-of.yaml", &spec);
    generate(&dir, "all-of.yaml").generated().warned("`allOf` members that do not merge");
}

/// Enums of tens of thousands of values were deduplicated, looked up for
/// each default, and read again for each `$ref` to them, by scanning them
/// all.
#[test]
fn huge_enums_take_time_in_proportion() {
    let dir = scene("enums");
    let count = 10_000;
    let values: String = (0..count).map(|i| format!("        - v{i}\n")).collect();
    let fields: String = (0..count)
        .map(|i| format!("        f{i}: {{allOf: [{{$ref: '#/components/schemas/E'}}], default: v{i}}}\n"))
        .collect();
    let unions = schemas(count / 3, |i| {
        format!("U{i}: {{oneOf: [{{$ref: '#/components/schemas/E'}}, {{type: integer}}]}}")
    });
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    E:\n      type: string\n      enum:\n{values}\
         \x20   S:\n      type: object\n      properties:\n{fields}{unions}"
    );
    write(&dir, "enums.yaml", &spec);
    generate(&dir, "enums.yaml").generated();
}

/// Names of 20 KB nested 60 deep: every stage builds each node's pointer,
/// and nested models were named after all their parents.
#[test]
fn long_names_nested_deep_are_refused_where_they_outgrow_the_text() {
    let dir = scene("long-names");
    let mut schema = String::from("{\"type\": \"string\"}");
    for level in (0..60).rev() {
        schema = format!(
            "{{\"type\": \"object\", \"properties\": {{\"p{level}{}\": {schema}}}}}",
            "x".repeat(20_000)
        );
    }
    let spec = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \
         \"components\": {{\"schemas\": {{\"A\": {schema}}}}}}}"
    );
    write(&dir, "long.json", &spec);
    generate(&dir, "long.json")
        .failed_with(&["long.json: #/components/schemas/A/properties/p", "nested deep under long names"]);
}

/// A previous output is input too: an `api.json` of tens of thousands of
/// items made the diff compare each with every other, and a named pipe in
/// its place would block the read.
#[test]
fn a_hostile_previous_output_is_read_within_bounds() {
    let dir = scene("previous");
    let schema = "{type: object, properties: {a: {type: string}}}";
    let spec = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n");
    write(&dir, "spec.yaml", &spec);
    generate(&dir, "spec.yaml").generated();
    let description = fs::read_to_string(dir.join("spec.yaml.out/api.json")).expect("api.json");
    let mut value: serde_json::Value = serde_json::from_str(&description).expect("JSON");
    let model = value["models"][0].clone();
    let models: Vec<serde_json::Value> = (0..20_000)
        .map(|i| {
            let mut model = model.clone();
            model["name"] = format!("M{i}").into();
            model
        })
        .collect();
    value["models"] = models.into();
    fs::write(dir.join("spec.yaml.out/api.json"), value.to_string()).expect("write api.json");
    generate(&dir, "spec.yaml").generated();
    fs::remove_file(dir.join("spec.yaml.out/api.json")).expect("remove api.json");
    let pipe =
        std::ffi::CString::new(dir.join("spec.yaml.out/api.json").into_os_string().into_encoded_bytes())
            .expect("path");
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o600) }, 0, "mkfifo");
    generate(&dir, "spec.yaml").failed_with(&["api.json", "neither a regular file nor a directory"]);
}

/// 10 MB of the smallest nodes there are: loading stops at the document's
/// node budget instead of building millions of them.
#[test]
fn ten_megabytes_of_tiny_nodes_stop_at_the_node_budget() {
    let dir = scene("dense");
    let ones = vec!["1"; 5_000_000].join(",");
    write(&dir, "dense.json", &format!("{{\"openapi\": \"3.0.3\", \"x-ones\": [{ones}]}}"));
    generate(&dir, "dense.json")
        .failed_with(&["dense.json:1:", "loads into more nodes than its size allows"]);
}
