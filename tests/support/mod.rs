//! Helpers shared by every test module: run the built `mentor` binary and read its output.

pub(crate) mod browser;
pub(crate) mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// The crate root; fixture paths in snapshots are relative to it, so output is stable.
pub(crate) fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of `mentor` printed, and how it exited.
#[derive(Debug)]
pub(crate) struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

/// Runs `mentor ARGS` with `dir` as the working directory. `NO_COLOR` is cleared so colour
/// depends only on the `--color` flag a test passes.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the mentor binary runs");
    Output {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        // A signal (a crash) has no code; -1 fails every status assertion.
        status: output.status.code().unwrap_or(-1),
    }
}

/// Runs `mentor check --color never --format json PATHS` in `dir` and returns its diagnostics.
pub(crate) fn check_json(dir: &Path, paths: &[&str]) -> (Output, Vec<Diag>) {
    let mut args = vec!["check", "--color", "never", "--format", "json"];
    args.extend_from_slice(paths);
    let output = run_in(dir, &args);
    let diagnostics = output.diagnostics();
    (output, diagnostics)
}

/// A diagnostic as `--format json` prints it, reduced to what tests assert on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Diag {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl Output {
    /// The JSON document on stdout.
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// The diagnostics of a `--format json` run.
    pub(crate) fn diagnostics(&self) -> Vec<Diag> {
        let json = self.json();
        let list = json["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no `diagnostics` array in:\n{}", self.stdout));
        list.iter()
            .map(|d| Diag {
                code: string(d, "code"),
                severity: string(d, "severity"),
                message: string(d, "message"),
                help: d["help"].as_str().map(str::to_owned),
                file: string(d, "file"),
                line: d["line"].as_u64().expect("`line` is a number"),
                column: d["column"].as_u64().expect("`column` is a number"),
            })
            .collect()
    }
}

fn string(value: &Value, key: &str) -> String {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {value}"))
        .to_owned()
}

/// A scratch directory to write programs into and run `mentor` in.
pub(crate) struct Scratch {
    dir: TempDir,
}

impl Scratch {
    pub(crate) fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `relative` (creating directories) and returns the full path.
    pub(crate) fn write(&self, relative: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the parent directory");
        }
        std::fs::write(&path, text).expect("write the file");
        path
    }

    /// Copies `programs/` (with its sub-directories, e.g. `programs/lib/`) into `programs/` here,
    /// so imports between them keep working.
    pub(crate) fn copy_programs(&self) {
        copy_dir(
            &crate_root().join("programs"),
            &self.dir.path().join("programs"),
        );
    }

    pub(crate) fn run(&self, args: &[&str]) -> Output {
        run_in(self.path(), args)
    }

    pub(crate) fn check_json(&self, paths: &[&str]) -> (Output, Vec<Diag>) {
        check_json(self.path(), paths)
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the directory");
    for entry in std::fs::read_dir(from).expect("read the directory") {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy the file");
        }
    }
}

/// Every `.mentor` file under `dir`, sorted, found by walking it.
pub(crate) fn mentor_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the directory") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "mentor") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The reference program, as the mutation and truncation tests start from it.
pub(crate) const REFERENCE_PROGRAM: &str = "programs/senior-ic.mentor";

pub(crate) fn reference_text() -> String {
    std::fs::read_to_string(crate_root().join(REFERENCE_PROGRAM))
        .expect("read the reference program")
}

/// Runs `mentor ARGS` in `dir` with `stdin` piped to its standard input.
pub(crate) fn run_in_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write as _;
    use std::process::Stdio;

    let mut child = Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mentor binary starts");
    // Write from another thread, so a child that prints before reading cannot deadlock us.
    let mut pipe = child.stdin.take().expect("a stdin pipe");
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("the mentor binary runs");
    writer.join().expect("the stdin writer finishes");
    Output {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        status: output.status.code().unwrap_or(-1),
    }
}

/// Runs `mentor validate --color never --format json ARGS` in `dir` and returns its
/// diagnostics; `args` holds `--program`, `--as-of` and the logs.
pub(crate) fn validate_json(dir: &Path, args: &[&str]) -> (Output, Vec<Diag>) {
    let mut all = vec!["validate", "--color", "never", "--format", "json"];
    all.extend_from_slice(args);
    let output = run_in(dir, &all);
    let diagnostics = output.diagnostics();
    (output, diagnostics)
}

/// One label of a diagnostic as `--format json` prints it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JsonLabel {
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub message: Option<String>,
    pub primary: bool,
}

impl Output {
    /// The labels of each diagnostic of a `--format json` run, in the order of
    /// [`Output::diagnostics`] (the primary label first).
    pub(crate) fn labels(&self) -> Vec<Vec<JsonLabel>> {
        let json = self.json();
        let list = json["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no `diagnostics` array in:\n{}", self.stdout));
        list.iter()
            .map(|d| {
                d["labels"]
                    .as_array()
                    .unwrap_or_else(|| panic!("no `labels` array in {d}"))
                    .iter()
                    .map(|l| JsonLabel {
                        file: string(l, "file"),
                        line: l["line"].as_u64().expect("`line` is a number"),
                        column: l["column"].as_u64().expect("`column` is a number"),
                        message: l["message"].as_str().map(str::to_owned),
                        primary: l["primary"].as_bool().expect("`primary` is a boolean"),
                    })
                    .collect()
            })
            .collect()
    }
}

/// Runs `mentor ARGS` in `scratch` and checks what every hostile input must get: a
/// diagnostic, exit 1 or 2, no panic, no hang and no megabytes of output, whatever the size of
/// the input. The time bound catches a quadratic path (minutes), not a slow one: the largest
/// case takes about 9 s in this debug build on an idle 2-core machine, and three times that
/// when the machine is shared, so the bound is 60 s. Speed itself is measured by `cargo bench`.
pub(crate) fn run_hostile(scratch: &Scratch, what: &str, args: &[&str]) -> Output {
    let started = std::time::Instant::now();
    let output = scratch.run(args);
    let took = started.elapsed();
    assert!(
        took < std::time::Duration::from_secs(60),
        "{what}: took {took:?}"
    );
    assert!(
        !output.stderr.contains("panicked") && !output.stderr.contains("overflow"),
        "{what}: crashed\n{}",
        output.stderr
    );
    assert!(
        output.status == 1 || output.status == 2,
        "{what}: exit status {}\n{}{}",
        output.status,
        truncated(&output.stdout),
        truncated(&output.stderr)
    );
    let printed = output.stdout.len() + output.stderr.len();
    assert!(
        printed < 512 * 1024,
        "{what}: printed {printed} bytes\n{}",
        truncated(&output.stdout)
    );
    output
}

pub(crate) fn truncated(text: &str) -> &str {
    let mut end = text.len().min(2000);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The example cohort's JSON Lines export with a record cut short on line 2 (a takeaway holding
/// `SECRET-WORDS`), and `extra` records after it, as lines.
pub(crate) fn cohort_with_a_broken_record(extra: &[&str]) -> Vec<String> {
    let good = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic/cohort-2025-spring.jsonl"),
    )
    .expect("the example cohort");
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    lines.insert(
        1,
        "{\"program\": \"senior-ic\", \"pair\": \"p-broken\", \"takeaway\": \"SECRET-WORDS"
            .to_owned(),
    );
    lines.extend(extra.iter().map(|line| (*line).to_owned()));
    lines
}

/// `mentor ARGS cohort.jsonl` and `mentor ARGS -` with the same text on standard input, in
/// `scratch` (the file written there first): a streamed file against one read whole.
pub(crate) fn run_file_and_stdin(scratch: &Scratch, args: &[&str], text: &str) -> (Output, Output) {
    scratch.write("cohort.jsonl", text);
    let mut from_file = args.to_vec();
    from_file.push("cohort.jsonl");
    let mut from_stdin = args.to_vec();
    from_stdin.push("-");
    (
        scratch.run(&from_file),
        run_in_with_stdin(scratch.path(), &from_stdin, text.as_bytes()),
    )
}
