//! Where CI meets mentor (issue 18): the GitHub Action's script, run locally as the runner
//! runs it, and the pre-commit hooks, run for real with `pre-commit try-repo`.

use std::path::Path;
use std::process::Command;

use crate::support::tools::tool_tests_enabled;
use crate::support::{Scratch, crate_root};

/// A cohort repository: the reference program and its library, and the example logs.
fn cohort(failing: bool) -> Scratch {
    let scratch = Scratch::new();
    let root = crate_root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect("read an example");
    scratch.write(
        "programs/senior-ic.mentor",
        read("programs/senior-ic.mentor"),
    );
    scratch.write(
        "programs/lib/lenses.mentor",
        read("programs/lib/lenses.mentor"),
    );
    let logs = if failing {
        "programs/logs/senior-ic-failing"
    } else {
        "programs/logs/senior-ic"
    };
    for entry in std::fs::read_dir(root.join(logs)).expect("read the examples") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read a log");
        scratch.write(&format!("logs/{name}"), text);
    }
    scratch
}

/// Runs `scripts/action.sh` in `dir` as the runner would, with the built binary; returns its
/// stdout and the step's outputs.
fn run_action(dir: &Path, inputs: &[(&str, &str)]) -> (String, String) {
    let mut command = Command::new(crate_root().join("scripts/action.sh"));
    command
        .current_dir(dir)
        .env("MENTOR", env!("CARGO_BIN_EXE_mentor"))
        .env("GITHUB_OUTPUT", dir.join("github-output"))
        .env("GITHUB_STEP_SUMMARY", dir.join("step-summary.md"))
        .env("RUNNER_TEMP", dir)
        .env("INPUT_PROGRAM", "programs")
        .env("INPUT_LOGS", "logs")
        .env("INPUT_AS_OF", "2025-04-21");
    for (name, value) in inputs {
        command.env(name, value);
    }
    let out = command.output().expect("run scripts/action.sh");
    assert!(out.status.success(), "the script exits 0: {out:#?}");
    let outputs = std::fs::read_to_string(dir.join("github-output")).unwrap_or_default();
    (String::from_utf8_lossy(&out.stdout).into_owned(), outputs)
}

#[test]
fn the_action_annotates_failing_logs_writes_sarif_and_the_job_summary() {
    let scratch = cohort(true);
    let (stdout, outputs) = run_action(scratch.path(), &[("INPUT_SARIF", "true")]);
    assert!(
        stdout.contains("::error file=logs/cadence-gap.toml,line="),
        "{stdout}"
    );
    let sarif_path = scratch.path().join("mentor.sarif");
    assert_eq!(
        outputs,
        format!("exit-code=1\nsarif={}\n", sarif_path.display())
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).expect("the SARIF file"))
            .expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let summary =
        std::fs::read_to_string(scratch.path().join("step-summary.md")).expect("the job summary");
    assert!(summary.starts_with("# Progress report"), "{summary}");
}

/// The summary and the annotations carry ids and counts only: a pair's words — in a takeaway,
/// in a pair "id" that is a name, in a status that is a sentence — reach neither.
#[test]
fn the_action_shows_no_word_a_pair_wrote() {
    let scratch = cohort(true);
    let log = std::fs::read_to_string(
        crate_root().join("programs/logs/senior-ic-failing/misspelled-lens.toml"),
    )
    .expect("read the example")
    .replacen(
        "pair     = \"pair-042\"",
        "pair     = \"Jane SECRETNAME\"",
        1,
    )
    .replacen(
        "status   = \"completed\"",
        "status   = \"quit SECRETSTATUS\"",
        1,
    )
    .replacen(
        "takeaway = \"My skip-level cares more about risk than speed\"",
        "takeaway = \"SECRETTAKEAWAY\"",
        1,
    );
    assert!(log.contains("SECRETTAKEAWAY") && log.contains("SECRETNAME"));
    scratch.write("logs/misspelled-lens.toml", log);
    let (stdout, outputs) = run_action(scratch.path(), &[("INPUT_SARIF", "true")]);
    assert!(outputs.starts_with("exit-code=1\n"), "{outputs}");
    let summary =
        std::fs::read_to_string(scratch.path().join("step-summary.md")).expect("the job summary");
    let sarif =
        std::fs::read_to_string(scratch.path().join("mentor.sarif")).expect("the SARIF file");
    for output in [&stdout, &summary, &sarif] {
        assert!(
            output.contains("logs/misspelled-lens.toml"),
            "the log is named"
        );
        for secret in ["SECRETNAME", "SECRETSTATUS", "SECRETTAKEAWAY"] {
            assert!(
                !output.contains(secret),
                "{secret} reached the output:\n{output}"
            );
        }
    }
}

#[test]
fn the_action_passes_a_clean_cohort_and_respects_its_inputs() {
    let scratch = cohort(false);
    let (stdout, outputs) = run_action(scratch.path(), &[("INPUT_SUMMARY", "false")]);
    assert!(!stdout.contains("::error"), "{stdout}");
    assert_eq!(outputs, "exit-code=0\n", "no SARIF unless asked");
    assert!(!scratch.path().join("step-summary.md").exists());
    // Extra arguments reach `mentor validate`: a warning now fails the run.
    let (_, outputs) = run_action(
        scratch.path(),
        &[
            ("INPUT_SUMMARY", "false"),
            ("INPUT_AS_OF", "2025-06-01"),
            ("INPUT_VALIDATE_ARGS", "--deny-warnings --select L037"),
        ],
    );
    assert_eq!(outputs, "exit-code=0\nexit-code=1\n");
}

/// Every `inputs.NAME` action.yml uses is declared, and every `INPUT_*` the script reads is
/// passed to it.
#[test]
fn action_yml_declares_what_it_uses_and_passes_what_the_script_reads() {
    let action = std::fs::read_to_string(crate_root().join("action.yml")).expect("action.yml");
    let script =
        std::fs::read_to_string(crate_root().join("scripts/action.sh")).expect("the script");
    let declared: Vec<&str> = action
        .split("\ninputs:\n")
        .nth(1)
        .and_then(|rest| rest.split("\noutputs:\n").next())
        .expect("an inputs section")
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|name| !name.starts_with(' '))
        .collect();
    for used in action.split("inputs.").skip(1) {
        let name: String = used
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(
            declared.contains(&name.as_str()),
            "inputs.{name} is not declared"
        );
    }
    for read in script.split("${INPUT_").skip(1) {
        let name: String = read
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || *c == '_')
            .collect();
        assert!(
            action.contains(&format!("INPUT_{name}: ${{{{ inputs.")),
            "action.yml does not pass INPUT_{name}"
        );
    }
    assert!(action.contains("scripts/action.sh"));
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {out:#?}");
}

/// `pre-commit try-repo` of this repository in `dir`; its exit status and output.
fn pre_commit(dir: &Path, cache: &Path) -> (i32, String) {
    let target = crate_root().join("target/pre-commit");
    let out = Command::new("pre-commit")
        .current_dir(dir)
        .args([
            "try-repo",
            &crate_root().display().to_string(),
            "--all-files",
        ])
        .env("PRE_COMMIT_HOME", cache)
        // `cargo install` of mentor in its release profile takes minutes (fat LTO); the
        // hooks' behaviour does not depend on it, and the build is kept between runs.
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("NO_COLOR", "1")
        .output()
        .expect("run pre-commit");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_pre_commit_hooks_pass_a_clean_repository_and_stop_a_broken_program() {
    if !tool_tests_enabled("ci::the_pre_commit_hooks_…", "pre-commit", "pre-commit") {
        return;
    }
    let scratch = cohort(false);
    // The hooks judge as of today: leave out the one pair still active in 2025.
    std::fs::remove_file(scratch.path().join("logs/cohort-2025-spring.jsonl"))
        .expect("remove the active cohort");
    scratch.write("mentor.toml", "program = \"programs\"\nlogs = [\"logs\"]\n");
    let cache = scratch.path().join(".cache");
    scratch.write(".gitignore", ".cache/\n");
    git(scratch.path(), &["init", "-q"]);
    git(scratch.path(), &["add", "-A"]);
    git(scratch.path(), &["commit", "-q", "-m", "cohort"]);

    let (status, output) = pre_commit(scratch.path(), &cache);
    assert_eq!(status, 0, "{output}");
    for hook in ["mentor fmt", "mentor check", "mentor validate"] {
        let passed = output
            .lines()
            .any(|l| l.starts_with(hook) && l.ends_with("Passed"));
        assert!(passed, "{hook} did not pass:\n{output}");
    }

    // A lens misspelt in the program: check and validate stop the commit.
    let program = std::fs::read_to_string(scratch.path().join("programs/senior-ic.mentor"))
        .expect("read the program")
        .replacen(
            "evidence lens decision-review",
            "evidence lens decision-reveiw",
            1,
        );
    scratch.write("programs/senior-ic.mentor", program);
    git(scratch.path(), &["add", "-A"]);
    let (status, output) = pre_commit(scratch.path(), &cache);
    assert_eq!(status, 1, "{output}");
    assert!(output.contains("P002"), "{output}");
    let failed = output
        .lines()
        .any(|l| l.starts_with("mentor check") && l.ends_with("Failed"));
    assert!(failed, "{output}");
}
