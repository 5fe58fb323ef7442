//! Writing files: what every writer (`playbook -o`, `report -o`, `--output`, `new`) does to the
//! file it is pointed at: never an input under another name. See docs/limits.md, "Writing
//! files".

#![cfg(unix)]

use std::os::unix::fs::MetadataExt as _;

use crate::support::{REFERENCE_PROGRAM, Scratch, crate_root};

fn scratch_with_programs_and_log() -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let log = std::fs::read(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log");
    scratch.write("pair-017.toml", log);
    scratch
}

#[test]
fn a_link_to_an_input_is_refused_under_any_name() {
    let scratch = scratch_with_programs_and_log();
    let at = |name: &str| scratch.path().join(name);
    std::os::unix::fs::symlink(REFERENCE_PROGRAM, at("program-link.md")).expect("a symlink");
    std::fs::hard_link(at("pair-017.toml"), at("report.md")).expect("a hard link");
    std::os::unix::fs::symlink("pair-017.toml", at("log-link.json")).expect("a symlink");
    // An imported library counts as much as the program named on the command line.
    std::fs::hard_link(at("programs/lib/lenses.mentor"), at("scan.sarif")).expect("a hard link");
    let program = std::fs::read(at(REFERENCE_PROGRAM)).expect("the program");
    let log = std::fs::read(at("pair-017.toml")).expect("the log");
    let library = std::fs::read(at("programs/lib/lenses.mentor")).expect("the library");

    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["playbook", REFERENCE_PROGRAM, "-o", "program-link.md"],
            "program-link.md",
            REFERENCE_PROGRAM,
        ),
        (
            &[
                "report",
                "-p",
                REFERENCE_PROGRAM,
                "pair-017.toml",
                "-o",
                "report.md",
            ],
            "report.md",
            "pair-017.toml",
        ),
        (
            &[
                "validate",
                "-p",
                REFERENCE_PROGRAM,
                "pair-017.toml",
                "--output",
                "json=log-link.json",
            ],
            "log-link.json",
            "pair-017.toml",
        ),
        (
            &["check", REFERENCE_PROGRAM, "--output", "sarif=scan.sarif"],
            "scan.sarif",
            "programs/lib/lenses.mentor",
        ),
    ];
    for (args, output_name, input_name) in cases {
        let output = scratch.run(args);
        assert_eq!(output.status, 2, "{args:?}\n{output:#?}");
        let expected = format!(
            "error: not writing `{output_name}`: it is one of the files this run read, \
             `{input_name}` (the same file under another name)"
        );
        assert!(
            output.stderr.contains(&expected),
            "{args:?}: {}",
            output.stderr
        );
    }
    assert_eq!(std::fs::read(at(REFERENCE_PROGRAM)).unwrap(), program);
    assert_eq!(std::fs::read(at("pair-017.toml")).unwrap(), log);
    assert_eq!(
        std::fs::read(at("programs/lib/lenses.mentor")).unwrap(),
        library
    );
    let link = std::fs::symlink_metadata(at("program-link.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(std::fs::metadata(at("pair-017.toml")).unwrap().nlink(), 2);
}

#[test]
fn new_log_force_never_replaces_its_program() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    std::fs::hard_link(
        scratch.path().join(REFERENCE_PROGRAM),
        scratch.path().join("pair-001.toml"),
    )
    .expect("a hard link");
    let before = std::fs::read(scratch.path().join(REFERENCE_PROGRAM)).unwrap();
    let output = scratch.run(&[
        "new",
        "log",
        "-p",
        REFERENCE_PROGRAM,
        "--pair",
        "pair-001",
        "--started",
        "2026-01-05",
        "-o",
        "pair-001.toml",
        "--force",
    ]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output
            .stderr
            .contains("it is one of the files this run read, `programs/senior-ic.mentor`"),
        "{}",
        output.stderr
    );
    assert_eq!(
        std::fs::read(scratch.path().join(REFERENCE_PROGRAM)).unwrap(),
        before
    );
}
