//! Which files a directory walk reads (`validate`, `report`, `check`): the tree as git would
//! see it (hidden entries skipped, `.gitignore` and `.ignore` honoured, in a repository or not),
//! other tools' dependency directories and manifests never read as logs, `--exclude GLOB`, and
//! a file named on the command line always read.

use std::path::Path;

use crate::support::{Output, Scratch, crate_root};

/// The day the compliant example cohort passes (see `tests/validate/mod.rs`).
const AS_OF: &str = "2025-04-21";

/// What the compliant examples give: 5 logs (two files of one log each and a cohort file of 3)
/// in 3 files.
const COMPLIANT_SUMMARY: &str = "validated 5 logs (21 held sessions) in 3 files: no problems";

fn read(relative: &str) -> String {
    std::fs::read_to_string(crate_root().join(relative)).expect("read the file")
}

fn program() -> String {
    crate_root()
        .join("programs/senior-ic.mentor")
        .to_str()
        .expect("a UTF-8 path")
        .to_owned()
}

/// A failing log (`L014`, a gap of 35 days) for a pair no compliant log has.
fn failing_log(pair: &str) -> String {
    read("programs/logs/senior-ic-failing/cadence-gap.toml").replace("\"pair-041\"", pair)
}

/// The compliant example logs under `dir`.
fn write_compliant_logs(scratch: &Scratch, dir: &str) {
    for name in ["pair-017.toml", "pair-021.json", "cohort-2025-spring.jsonl"] {
        scratch.write(
            &format!("{dir}/{name}"),
            read(&format!("programs/logs/senior-ic/{name}")),
        );
    }
}

/// A repository as a team keeps it: logs beside a JavaScript and a Python project, the git
/// directory, dependencies, drafts the `.gitignore` leaves out, an archive the `.ignore` leaves
/// out, and a hidden directory. Every file but the compliant logs would fail if it were read.
fn write_repository(scratch: &Scratch, with_git: bool) {
    if with_git {
        scratch.write("cohort/.git/HEAD", "ref: refs/heads/main\n");
        scratch.write("cohort/.git/lfs.toml", "not = a log\n");
    }
    scratch.write("cohort/.gitignore", "drafts/\n*.tmp.toml\n");
    scratch.write("cohort/.ignore", "archive/\n");
    scratch.write("cohort/package.json", "{\"name\": \"cohort-site\"}\n");
    scratch.write("cohort/package-lock.json", "{\"lockfileVersion\": 3}\n");
    scratch.write("cohort/tsconfig.json", "{\"compilerOptions\": {}}\n");
    scratch.write("cohort/pyproject.toml", "[project]\nname = \"cohort\"\n");
    scratch.write("cohort/mentor.toml", "exclude = [\"drafts/\"]\n");
    scratch.write(
        "cohort/node_modules/left-pad/package.json",
        "{\"name\": \"left-pad\"}\n",
    );
    scratch.write("cohort/node_modules/left-pad/data.json", "{\"data\": []}\n");
    scratch.write("cohort/venv/pyvenv.toml", "home = \"/usr\"\n");
    scratch.write("cohort/drafts/pair-090.toml", failing_log("\"pair-090\""));
    scratch.write("cohort/logs/pair-091.tmp.toml", failing_log("\"pair-091\""));
    scratch.write("cohort/archive/pair-092.toml", failing_log("\"pair-092\""));
    scratch.write("cohort/.hidden/pair-093.toml", failing_log("\"pair-093\""));
    scratch.write("cohort/logs/.pair-094.toml", failing_log("\"pair-094\""));
    write_compliant_logs(scratch, "cohort/logs");
}

fn validate(dir: &Path, args: &[&str]) -> Output {
    let program = program();
    let mut all = vec![
        "validate",
        "--as-of",
        AS_OF,
        "--color",
        "never",
        "--format",
        "short",
        "--program",
        &program,
    ];
    all.extend_from_slice(args);
    crate::support::run_in(dir, &all)
}

fn assert_summary(output: &Output, status: i32, summary: &str) {
    assert_eq!(output.status, status, "{output:#?}");
    assert_eq!(output.stdout.lines().last(), Some(summary), "{output:#?}");
}

#[test]
fn a_repository_is_walked_as_git_sees_it() {
    let scratch = Scratch::new();
    write_repository(&scratch, true);
    let output = validate(scratch.path(), &["cohort"]);
    assert_summary(&output, 0, COMPLIANT_SUMMARY);
    // `./cohort`, and the directory named with a trailing slash, are walked alike.
    for dir in ["./cohort", "cohort/"] {
        assert_summary(&validate(scratch.path(), &[dir]), 0, COMPLIANT_SUMMARY);
    }
    // From inside the directory.
    let output = validate(&scratch.path().join("cohort"), &["."]);
    assert_summary(&output, 0, COMPLIANT_SUMMARY);
}

#[test]
fn a_gitignore_is_honoured_outside_a_repository_too() {
    // Logs exported to a folder that is not (yet) a repository: the same files are read.
    let scratch = Scratch::new();
    write_repository(&scratch, false);
    let output = validate(scratch.path(), &["cohort"]);
    assert_summary(&output, 0, COMPLIANT_SUMMARY);
}

#[test]
fn the_ignore_files_of_parent_directories_count_up_to_the_repository_root() {
    let scratch = Scratch::new();
    scratch.write("repo/.git/HEAD", "ref: refs/heads/main\n");
    // The repository's `.gitignore` leaves out `cohort/old/` though the walk starts below it.
    scratch.write("repo/.gitignore", "/cohort/old/\n");
    scratch.write("repo/cohort/old/pair-090.toml", failing_log("\"pair-090\""));
    write_compliant_logs(&scratch, "repo/cohort/logs");
    // A `.gitignore` above the repository is not the repository's: git does not read it.
    scratch.write(".gitignore", "logs/\n");
    let output = validate(scratch.path(), &["repo/cohort"]);
    assert_summary(&output, 0, COMPLIANT_SUMMARY);
}

#[test]
fn exclude_leaves_out_what_its_globs_match_relative_to_the_directory_walked() {
    let scratch = Scratch::new();
    write_compliant_logs(&scratch, "cohort/2025");
    scratch.write("cohort/2024/pair-090.toml", failing_log("\"pair-090\""));
    scratch.write("cohort/2025/pair-091.bak.toml", failing_log("\"pair-091\""));
    // Without `--exclude`, both failing logs are read.
    let output = validate(scratch.path(), &["cohort"]);
    assert_summary(
        &output,
        1,
        "validated 7 logs (31 held sessions) in 5 files: 2 errors",
    );
    let summary = COMPLIANT_SUMMARY;
    for excludes in [
        &["--exclude", "2024/", "--exclude", "*.bak.toml"][..],
        &["--exclude", "/2024", "--exclude", "2025/pair-091*"],
        &["--exclude=2024", "--exclude=**/*.bak.*"],
    ] {
        let mut args = excludes.to_vec();
        args.push("cohort");
        assert_summary(&validate(scratch.path(), &args), 0, summary);
    }
    // One glob leaves out one subtree; the other failing log is still read.
    let output = validate(scratch.path(), &["--exclude", "2024/", "cohort"]);
    assert_summary(
        &output,
        1,
        "validated 6 logs (26 held sessions) in 4 files: 1 error",
    );
    assert!(
        output
            .stdout
            .starts_with("cohort/2025/pair-091.bak.toml:42:15: error[L014] "),
        "{}",
        output.stdout
    );
    // A glob anchored with `/` is relative to the directory walked, not to the working one.
    let output = validate(scratch.path(), &["--exclude", "/cohort/2024", "cohort"]);
    assert_eq!(output.status, 1, "{output:#?}");
}

#[test]
fn a_file_named_on_the_command_line_is_read_whatever_the_walk_skips() {
    let scratch = Scratch::new();
    write_repository(&scratch, true);
    for file in [
        "cohort/drafts/pair-090.toml",
        "cohort/archive/pair-092.toml",
        "cohort/.hidden/pair-093.toml",
    ] {
        let output = validate(scratch.path(), &["--exclude", "drafts/", "cohort", file]);
        assert_summary(
            &output,
            1,
            "validated 6 logs (26 held sessions) in 4 files: 1 error",
        );
        assert!(
            output
                .stdout
                .starts_with(&format!("{file}:42:15: error[L014] ")),
            "{file}:\n{}",
            output.stdout
        );
    }
    // A directory named on the command line is walked whatever its name.
    let output = validate(scratch.path(), &["cohort/drafts"]);
    assert_summary(
        &output,
        1,
        "validated 1 log (5 held sessions) in 1 file: 1 error",
    );
    // A tool's manifest named on the command line is read as a log (and is not one).
    let output = validate(scratch.path(), &["cohort/package.json"]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(
        output
            .stdout
            .starts_with("cohort/package.json:1:1: error[L004] the log has no `pair`\n"),
        "{}",
        output.stdout
    );
}

#[test]
fn a_directory_whose_every_log_is_left_out_could_not_be_checked() {
    let scratch = Scratch::new();
    write_compliant_logs(&scratch, "logs");
    let output = crate::support::validate_json(
        scratch.path(),
        &[
            "--as-of",
            AS_OF,
            "--program",
            &program(),
            "--exclude",
            "*.json*",
            "--exclude",
            "*.toml",
            "logs",
        ],
    );
    let (output, diagnostics) = output;
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(diagnostics.len(), 1, "{output:#?}");
    assert_eq!(diagnostics[0].code, "F001");
    assert_eq!(
        diagnostics[0].message,
        "no log file (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml`, `.csv`) in directory `logs`"
    );
    assert!(
        diagnostics[0]
            .help
            .as_deref()
            .is_some_and(|help| help.contains("`--exclude`")),
        "{:?}",
        diagnostics[0].help
    );
}

#[test]
fn an_invalid_glob_is_a_usage_error() {
    let scratch = Scratch::new();
    write_compliant_logs(&scratch, "logs");
    let program = program();
    for (glob, reason) in [
        ("logs/[a-", "unclosed character class; missing ']'"),
        ("{a,b", "unclosed alternate group; missing '}'"),
        ("!drafts/", "cannot start with `!`"),
        ("", "an empty glob excludes nothing"),
    ] {
        for command in [
            &["validate", "--program", &program, "--exclude", glob, "logs"][..],
            &["report", "--program", &program, "--exclude", glob, "logs"],
            &["check", "--exclude", glob, &program],
        ] {
            let output = scratch.run(command);
            assert_eq!(output.status, 2, "{command:?}: {output:#?}");
            assert!(output.stdout.is_empty(), "{command:?}: {output:#?}");
            let expected = format!("error: invalid value '{glob}' for '--exclude <GLOB>': ");
            assert!(
                output.stderr.starts_with(&expected) && output.stderr.contains(reason),
                "{command:?}: {}",
                output.stderr
            );
        }
    }
}

#[test]
fn report_reads_the_logs_validate_reads() {
    let scratch = Scratch::new();
    write_repository(&scratch, true);
    let program = program();
    let output = scratch.run(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "json",
        "--program",
        &program,
        "--min-group",
        "1",
        "--exclude",
        "cohort-*.jsonl",
        "cohort",
    ]);
    assert_eq!(output.status, 0, "{output:#?}");
    let json: serde_json::Value = serde_json::from_str(&output.stdout).expect("JSON");
    // The two single-pair logs: no draft, archive, hidden log, manifest or the excluded cohort.
    assert_eq!(
        json["programs"][0]["cohort"]["pairs"], 2,
        "{}",
        output.stdout
    );
}

#[test]
fn check_walks_a_program_directory_as_git_sees_it() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let broken = "program broken {\n";
    scratch.write("programs/.gitignore", "scratch/\n");
    scratch.write("programs/scratch/broken.mentor", broken);
    scratch.write("programs/.hidden/broken.mentor", broken);
    scratch.write("programs/node_modules/pkg/broken.mentor", broken);
    scratch.write("programs/old/broken.mentor", broken);
    let output = scratch.run(&["check", "--format", "short", "--exclude", "old", "programs"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.stdout, "checked 3 files: no problems\n");
    // Without `--exclude`, the old program is read.
    let output = scratch.run(&["check", "--format", "short", "programs"]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert!(
        output.stdout.starts_with("programs/old/broken.mentor:"),
        "{}",
        output.stdout
    );
}

#[test]
fn the_documentation_names_every_skipped_directory_and_file() {
    let doc = read("docs/limits.md");
    let skipped = mentor::source::SKIPPED_DIRECTORIES
        .iter()
        .chain(mentor::log::NOT_LOGS);
    let missing: Vec<&&str> = skipped
        .filter(|name| !doc.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/limits.md does not name {missing:?}"
    );
}
