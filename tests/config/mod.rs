//! `mentor.toml`: found upward from the working directory, its relative paths resolved against
//! its own directory, overridden by flags, reported (`C001`, exit 2) when it cannot be used,
//! never read as a log.

use std::path::Path;

use crate::support::{Output, Scratch, crate_root, run_in};

const AS_OF: &str = "2025-06-01";

/// A log breaking the gap rule (`L014` at line 42) and one that passes as of [`AS_OF`].
const GAP_LOG: &str = "programs/logs/senior-ic-failing/cadence-gap.toml";
const CLEAN_LOG: &str = "programs/logs/senior-ic/pair-017.toml";

/// A scratch project: `programs/`, `logs/` with the failing log, `sub/deep/`, and `config` as
/// `mentor.toml` at its root.
fn project(config: &str) -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = std::fs::read(crate_root().join(GAP_LOG)).unwrap();
    scratch.write("logs/cadence-gap.toml", log);
    std::fs::create_dir_all(scratch.path().join("sub/deep")).unwrap();
    scratch.write("mentor.toml", config);
    scratch
}

const PROGRAM_AND_LOGS: &str = "program = \"programs\"\nlogs = [\"logs/\"]\n";

fn codes(output: &Output) -> Vec<String> {
    output.diagnostics().into_iter().map(|d| d.code).collect()
}

#[test]
fn validate_runs_with_no_paths_when_the_config_names_them() {
    let scratch = project(PROGRAM_AND_LOGS);
    let output = scratch.run(&["validate", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    let found = output.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].code.as_str(),
            found[0].file.as_str(),
            found[0].line
        ),
        ("L014", "logs/cadence-gap.toml", 42)
    );

    // A passing cohort passes.
    let clean = project(PROGRAM_AND_LOGS);
    std::fs::remove_file(clean.path().join("logs/cadence-gap.toml")).unwrap();
    let log = std::fs::read(crate_root().join(CLEAN_LOG)).unwrap();
    clean.write("logs/pair-017.toml", log);
    let output = clean.run(&["validate", "--as-of", AS_OF]);
    assert_eq!(output.status, 0, "{}{}", output.stdout, output.stderr);
}

#[test]
fn the_config_is_found_from_a_subdirectory_and_its_paths_are_relative_to_it() {
    let scratch = project(PROGRAM_AND_LOGS);
    let deep = scratch.path().join("sub/deep");
    let output = run_in(&deep, &["validate", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    let found = output.diagnostics();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "L014");
    // The path a message shows leads from the working directory to the log.
    assert_eq!(found[0].file, "../../logs/cadence-gap.toml");

    // `check` takes its programs from the same file.
    let output = run_in(&deep, &["check", "--format", "short"]);
    assert_eq!(output.status, 0, "{}{}", output.stdout, output.stderr);
    assert!(output.stdout.contains("checked"), "{}", output.stdout);
}

#[test]
fn a_flag_on_the_command_line_wins_over_the_config() {
    let scratch = project(&format!(
        "{PROGRAM_AND_LOGS}format = \"json\"\nselect = [\"L035\"]\n"
    ));
    // The config's format and selection: JSON, and L014 not selected.
    let output = scratch.run(&["validate", "--as-of", AS_OF]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(codes(&output), Vec::<String>::new());

    // `--select` replaces the config's selection; `--format` its format.
    let output = scratch.run(&[
        "validate", "--as-of", AS_OF, "--select", "L014", "--format", "short",
    ]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert!(
        output
            .stdout
            .starts_with("logs/cadence-gap.toml:42:15: error[L014]"),
        "{}",
        output.stdout
    );

    // Paths on the command line replace the config's.
    let output = scratch.run(&[
        "validate",
        "--as-of",
        AS_OF,
        "-p",
        "programs",
        "programs/logs/senior-ic/pair-017.toml",
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.json()["summary"]["logs"], 1);
}

#[test]
fn ignore_in_the_config_and_on_the_command_line_add_up() {
    let scratch = project(&format!("{PROGRAM_AND_LOGS}ignore = [\"gap-too-long\"]\n"));
    let output = scratch.run(&["validate", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(codes(&output), Vec::<String>::new());
    // `--extend-select` adds to the config's (empty) selection; the ignore still holds.
    let output = scratch.run(&[
        "validate",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--extend-select",
        "L",
    ]);
    assert_eq!(codes(&output), Vec::<String>::new());
}

#[test]
fn an_unknown_key_is_c001_at_the_key_with_a_suggestion_and_nothing_is_checked() {
    let scratch = project(&format!("{PROGRAM_AND_LOGS}exclud = [\"archive/**\"]\n"));
    let output = scratch.run(&["validate", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status, 2, "{}", output.stderr);
    let found = output.diagnostics();
    assert_eq!(
        found.len(),
        1,
        "only the configuration's problem: {found:?}"
    );
    let c001 = &found[0];
    assert_eq!(
        (
            c001.code.as_str(),
            c001.file.as_str(),
            c001.line,
            c001.column
        ),
        ("C001", "mentor.toml", 3, 1)
    );
    assert_eq!(c001.message, "`mentor.toml` has no key `exclud`");
    assert_eq!(c001.help.as_deref(), Some("did you mean `exclude`?"));
    assert!(
        output.stderr.contains("note: nothing was checked"),
        "{}",
        output.stderr
    );

    // The human output shows it too, with the same status; `report` and `check` stop as well.
    let output = scratch.run(&["validate", "--color", "never"]);
    assert_eq!(output.status, 2);
    assert!(output.stdout.contains("C001"), "{}", output.stdout);
    assert_eq!(scratch.run(&["report", "--color", "never"]).status, 2);
    assert_eq!(scratch.run(&["check", "--color", "never"]).status, 2);
}

#[test]
fn a_value_of_the_wrong_type_is_c001_at_the_value() {
    let scratch = project("program = 3\nlogs = [\"logs/\"]\n");
    let output = scratch.run(&["validate", "--format", "json"]);
    assert_eq!(output.status, 2);
    let found = output.diagnostics();
    assert_eq!(
        (found[0].code.as_str(), found[0].line, found[0].column),
        ("C001", 1, 11)
    );
    assert_eq!(
        found[0].message,
        "`program` must be a string or a list of strings, found a number"
    );
}

#[test]
fn no_config_ignores_the_file() {
    let scratch = project("this is not toml\n");
    let output = scratch.run(&[
        "validate",
        "--no-config",
        "--as-of",
        AS_OF,
        "-p",
        "programs",
        "logs",
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert_eq!(codes(&output), ["L014"]);

    // Without the file, the paths are required again: a usage error, exit 2.
    let output = scratch.run(&["validate", "--no-config", "--as-of", AS_OF]);
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("--program <FILE_OR_DIR>")
            && output.stderr.contains("Usage: mentor validate"),
        "{}",
        output.stderr
    );
}

#[test]
fn a_config_named_with_config_is_used_and_a_missing_one_is_f001() {
    let scratch = project("this is not toml\n");
    scratch.write(
        "ci/ci.toml",
        "program = \"../programs\"\nlogs = \"../logs\"\n",
    );
    let output = scratch.run(&[
        "validate",
        "--config",
        "ci/ci.toml",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert_eq!(codes(&output), ["L014"]);

    let output = scratch.run(&["validate", "--config", "missing.toml", "--format", "json"]);
    assert_eq!(output.status, 2);
    let found = output.diagnostics();
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].code.as_str(), found[0].file.as_str()),
        ("F001", "missing.toml")
    );
}

#[test]
fn verbose_says_which_config_file_on_stderr_only() {
    let scratch = project(&format!(
        "{PROGRAM_AND_LOGS}exceptions = \"mentor-exceptions.toml\"\n"
    ));
    scratch.write("mentor-exceptions.toml", "");
    let deep = scratch.path().join("sub/deep");
    let output = run_in(
        &deep,
        &[
            "validate",
            "--verbose",
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status, 1, "{}", output.stderr);
    // stdout is still the JSON document alone.
    assert_eq!(codes(&output), ["L014"]);
    for line in [
        "config: ../../mentor.toml",
        "programs: ../../programs (from the config)",
        "logs: ../../logs/ (from the config)",
        "exceptions: ../../mentor-exceptions.toml (from the config)",
        "baseline: none",
    ] {
        assert!(
            output.stderr.lines().any(|l| l == line),
            "no line {line:?} in:\n{}",
            output.stderr
        );
    }

    // Without a file, it says where it looked.
    let bare = Scratch::new();
    let output = bare.run(&["check", "-v", "--format", "json", "nothing.mentor"]);
    let searched = format!(
        "config: none (no mentor.toml found from {} up)",
        bare.path().canonicalize().unwrap().display()
    );
    assert!(
        output.stderr.lines().any(|l| l == searched),
        "{}",
        output.stderr
    );
    let output = bare.run(&["check", "-v", "--no-config", "nothing.mentor"]);
    assert!(output.stderr.contains("config: none (--no-config)"));
}

#[test]
fn report_reads_program_logs_and_min_group_from_the_config() {
    let scratch = project(&format!("{PROGRAM_AND_LOGS}[report]\nmin-group = 1\n"));
    let output = scratch.run(&["report", "--as-of", AS_OF, "--format", "json"]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    assert_eq!(output.json()["min_group"], 1, "{}", output.stdout);
    let output = scratch.run(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--min-group",
        "7",
    ]);
    assert_eq!(output.json()["min_group"], 7);
}

#[test]
fn a_walked_log_directory_never_reads_mentor_toml_as_a_log() {
    let scratch = project(PROGRAM_AND_LOGS);
    // Not a log: read as one, it would be L004 (no `program`, no `pair`).
    scratch.write("logs/mentor.toml", PROGRAM_AND_LOGS);
    let output = scratch.run(&[
        "validate",
        "--no-config",
        "-p",
        "programs",
        "logs",
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_eq!(output.status, 1, "{}", output.stderr);
    assert_eq!(codes(&output), ["L014"]);
    assert_eq!(output.json()["summary"]["files"], 1);
    // Named on the command line, a file is read whatever its name.
    let named = Path::new("logs/mentor.toml").to_str().unwrap();
    let output = scratch.run(&[
        "validate",
        "--no-config",
        "-p",
        "programs",
        named,
        "--as-of",
        AS_OF,
        "--format",
        "json",
    ]);
    assert_ne!(codes(&output), Vec::<String>::new());
}
