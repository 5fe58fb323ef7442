//! `mentor fmt` on the command line: writes, `--check`, standard input, refusals.

use crate::support::{Scratch, crate_root, run_in_with_stdin};

const MESSY: &str = "program p \"P\" {version \"1\"\n  outcome a \"A\"   outcome bb \"B\"}\n";
const CLEAN: &str =
    "program p \"P\" {\n    version \"1\"\n    outcome a  \"A\"\n    outcome bb \"B\"\n}\n";

#[test]
fn rewrites_changed_files_and_leaves_clean_ones_alone() {
    let scratch = Scratch::new();
    let messy = scratch.write("dir/messy.mentor", MESSY);
    let clean = scratch.write("dir/clean.mentor", CLEAN);
    let before = std::fs::metadata(&clean)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = scratch.run(&["fmt", "dir"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.stdout, "formatted dir/messy.mentor\n");
    assert_eq!(std::fs::read_to_string(&messy).expect("read"), CLEAN);
    let after = std::fs::metadata(&clean)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "an unchanged file is not rewritten");
    // A second run has nothing to do.
    let again = scratch.run(&["fmt", "dir"]);
    assert_eq!((again.status, again.stdout.as_str()), (0, ""));
}

#[test]
fn check_lists_what_would_change_and_changes_nothing() {
    let scratch = Scratch::new();
    let messy = scratch.write("messy.mentor", MESSY);
    scratch.write("clean.mentor", CLEAN);
    let output = scratch.run(&["fmt", "--check", "clean.mentor", "messy.mentor"]);
    assert_eq!(output.status, 1, "{output:#?}");
    insta::assert_snapshot!("check-output", output.stdout);
    assert_eq!(std::fs::read_to_string(&messy).expect("read"), MESSY);

    let clean = scratch.run(&["fmt", "--check", "clean.mentor"]);
    assert_eq!((clean.status, clean.stdout.as_str()), (0, ""));
}

#[test]
fn the_programs_directory_is_checked() {
    // CI runs this on the whole directory.
    let output = crate::support::run_in(crate_root(), &["fmt", "--check", "programs"]);
    assert_eq!(output.status, 0, "{output:#?}");
}

#[test]
fn a_file_that_does_not_parse_is_never_touched() {
    let scratch = Scratch::new();
    let text = std::fs::read(crate_root().join("tests/fixtures/fmt/syntax-error.mentor"))
        .expect("read the fixture");
    let broken = scratch.write("broken.mentor", &text);
    let messy = scratch.write("messy.mentor", MESSY);
    for args in [
        &["fmt", "--color", "never", "broken.mentor", "messy.mentor"][..],
        &["fmt", "--color", "never", "--check", "broken.mentor"][..],
    ] {
        let output = scratch.run(args);
        assert_eq!(output.status, 2, "{output:#?}");
        assert!(output.stderr.contains("S002"), "{}", output.stderr);
        assert!(output.stderr.contains("broken.mentor"), "{}", output.stderr);
        assert_eq!(
            std::fs::read(&broken).expect("read"),
            text,
            "byte-identical"
        );
    }
    // The good file next to it was still formatted.
    assert_eq!(std::fs::read_to_string(&messy).expect("read"), CLEAN);
}

#[test]
fn standard_input_to_standard_output() {
    let dir = crate_root();
    let output = run_in_with_stdin(dir, &["fmt"], MESSY.as_bytes());
    assert_eq!((output.status, output.stdout.as_str()), (0, CLEAN));
    let dash = run_in_with_stdin(dir, &["fmt", "-"], MESSY.as_bytes());
    assert_eq!(dash.stdout, CLEAN);
    let check = run_in_with_stdin(dir, &["fmt", "--check"], MESSY.as_bytes());
    assert_eq!(check.status, 1);
    assert!(
        check.stdout.starts_with("would reformat <stdin>\n"),
        "{}",
        check.stdout
    );
    let broken = run_in_with_stdin(
        dir,
        &["fmt", "--color", "never"],
        b"program p \"P\" { lenght 5 }",
    );
    assert_eq!((broken.status, broken.stdout.as_str()), (2, ""));
    assert!(
        broken.stderr.contains("unknown item `lenght`"),
        "{}",
        broken.stderr
    );
}

#[test]
fn unreadable_and_missing_files_exit_2() {
    let scratch = Scratch::new();
    scratch.write("latin1.mentor", b"program p \"caf\xe9\" {}\n");
    let output = scratch.run(&["fmt", "--color", "never", "latin1.mentor", "missing.mentor"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output.stderr.contains("F002") && output.stderr.contains("F001"),
        "{}",
        output.stderr
    );
}
