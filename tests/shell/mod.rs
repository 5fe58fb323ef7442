//! `mentor completions` and `mentor man`: what a shell and `man` do with them (issue 18).

use crate::support::tools::tool_tests_enabled;
use crate::support::{Output, Scratch};

/// Runs `script` in bash after loading the completion script mentor printed; prints what bash
/// would offer.
fn complete_in_bash(scratch: &Scratch, words: &[&str]) -> Vec<String> {
    let script = scratch.run(&["completions", "bash"]);
    assert_eq!(script.status, 0, "{script:#?}");
    let path = scratch.write("mentor.bash", &script.stdout);
    // Bash calls the completion function with the command, the word being completed and the
    // word before it, and sets COMP_WORDS / COMP_CWORD.
    let current = words.len() - 1;
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={current}\n_mentor mentor '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        quoted.join(" "),
        words[current],
        words[current - 1],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{out:#?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "bash said something"
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_bash_completion_loads_and_completes_subcommands_and_flags() {
    let scratch = Scratch::new();
    assert_eq!(complete_in_bash(&scratch, &["mentor", "va"]), ["validate"]);
    let all = complete_in_bash(&scratch, &["mentor", ""]);
    for command in [
        "check",
        "validate",
        "playbook",
        "diff",
        "completions",
        "man",
    ] {
        assert!(all.iter().any(|c| c == command), "{command} not in {all:?}");
    }
    assert_eq!(
        complete_in_bash(&scratch, &["mentor", "validate", "--for"]),
        ["--format"]
    );
    // The values of an option, from its value enum.
    let formats = complete_in_bash(&scratch, &["mentor", "validate", "--format", ""]);
    for format in ["human", "short", "json", "sarif", "github", "junit"] {
        assert!(
            formats.iter().any(|f| f == format),
            "{format} not in {formats:?}"
        );
    }
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let scratch = Scratch::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let Output { status, stdout, .. } = scratch.run(&["completions", shell]);
        assert_eq!(status, 0, "{shell}");
        for command in ["validate", "playbook", "completions"] {
            assert!(stdout.contains(command), "{shell}: {command} missing");
        }
    }
    let unknown = scratch.run(&["completions", "tcsh"]);
    assert_eq!(unknown.status, 2);
    assert!(
        unknown.stderr.contains("invalid value 'tcsh'"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn the_manual_page_has_the_commands_and_the_exit_statuses() {
    let scratch = Scratch::new();
    let page = scratch.run(&["man"]);
    assert_eq!(page.status, 0, "{page:#?}");
    assert!(page.stdout.contains(".TH mentor 1"), "{}", page.stdout);
    for section in [
        ".SH SYNOPSIS",
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH FILES",
    ] {
        assert!(page.stdout.contains(section), "{section} missing");
    }
    assert!(
        page.stdout.contains("mentor\\-validate(1)"),
        "the commands' pages are named"
    );
}

#[test]
fn man_dir_writes_a_page_per_command_that_groff_reads_without_a_warning() {
    let scratch = Scratch::new();
    std::fs::create_dir(scratch.path().join("man")).expect("mkdir");
    let written = scratch.run(&["man", "--dir", "man"]);
    assert_eq!(written.status, 0, "{written:#?}");
    let mut pages: Vec<String> = std::fs::read_dir(scratch.path().join("man"))
        .expect("read the directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    for page in [
        "mentor.1",
        "mentor-validate.1",
        "mentor-new-log.1",
        "mentor-man.1",
    ] {
        assert!(pages.iter().any(|p| p == page), "{page} not in {pages:?}");
    }
    assert!(!pages.iter().any(|p| p == "mentor-help.1"), "{pages:?}");
    assert_eq!(
        written.stderr,
        format!("wrote {} manual pages into man\n", pages.len())
    );
    // A directory that does not exist yet is created, as packagers expect.
    let nested = scratch.run(&["man", "--dir", "share/man/man1"]);
    assert_eq!(nested.status, 0, "{nested:#?}");
    assert!(
        scratch
            .path()
            .join("share/man/man1/mentor-validate.1")
            .is_file()
    );
    // A file where the directory should be cannot be written into.
    scratch.write("taken", "a file");
    let taken = scratch.run(&["man", "--dir", "taken"]);
    assert_eq!(taken.status, 2);
    assert!(
        taken
            .stderr
            .starts_with("error: cannot create the directory taken"),
        "{}",
        taken.stderr
    );

    if !tool_tests_enabled("shell::man_dir_…_groff", "groff", "groff-base") {
        return;
    }
    for page in &pages {
        let out = std::process::Command::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(scratch.path().join("man").join(page))
            .output()
            .expect("run groff");
        assert!(out.status.success(), "{page}: {out:#?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{page}: groff warns"
        );
    }
}
