//! `mentor new program` and `mentor new log`: what they write checks clean, and a log
//! skeleton loads without shape errors for every program in `programs/`.

use crate::support::{Scratch, crate_root, mentor_files};

#[test]
fn the_starter_program_checks_clean_and_is_formatted() {
    let scratch = Scratch::new();
    let output = scratch.run(&["new", "program", "-o", "starter.mentor"]);
    assert_eq!(output.status, 0, "{output:#?}");
    let check = scratch.run(&[
        "check",
        "--deny-warnings",
        "--color",
        "never",
        "starter.mentor",
    ]);
    assert_eq!(check.status, 0, "{check:#?}");
    let fmt = scratch.run(&["fmt", "--check", "starter.mentor"]);
    assert_eq!(fmt.status, 0, "{fmt:#?}");
    let printed = scratch.run(&["new", "program"]);
    let written = std::fs::read_to_string(scratch.path().join("starter.mentor")).expect("read");
    assert_eq!(printed.stdout, written);
    let playbook = scratch.run(&["playbook", "starter.mentor"]);
    assert_eq!(playbook.status, 0, "{playbook:#?}");
}

#[test]
fn new_never_replaces_a_file_without_force() {
    let scratch = Scratch::new();
    let path = scratch.write("mine.mentor", "// my own work\n");
    let refused = scratch.run(&["new", "program", "-o", "mine.mentor"]);
    assert_eq!(refused.status, 2);
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "// my own work\n"
    );
    let forced = scratch.run(&["new", "program", "-o", "mine.mentor", "--force"]);
    assert_eq!(forced.status, 0, "{forced:#?}");
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("program starter")
    );

    scratch.copy_programs();
    let log = scratch.write("log.toml", "# mine\n");
    let refused = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/senior-ic.mentor",
        "--pair",
        "p1",
        "-o",
        "log.toml",
    ]);
    assert_eq!(refused.status, 2);
    assert_eq!(std::fs::read_to_string(&log).expect("read"), "# mine\n");
}

/// The shape codes: a skeleton must never produce them.
const SHAPE_CODES: &[&str] = &[
    "F001", "F002", "F003", "L001", "L002", "L003", "L004", "L005",
];

#[test]
fn log_skeletons_load_without_shape_errors() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let programs = mentor_files(&scratch.path().join("programs"));
    let mut written = 0;
    for program in programs {
        let relative = program
            .strip_prefix(scratch.path())
            .expect("in the scratch directory")
            .display()
            .to_string();
        if relative.contains("/lib/") {
            continue;
        }
        for extension in ["toml", "json"] {
            let out = format!("{}.{extension}", relative.replace('/', "-"));
            let output = scratch.run(&[
                "new",
                "log",
                "--program",
                &relative,
                "--pair",
                "pair-017",
                "--started",
                "2026-11-23",
                "-o",
                &out,
            ]);
            assert_eq!(output.status, 0, "{output:#?}");
            let validate = scratch.run(&[
                "validate",
                "--format",
                "json",
                "--as-of",
                "2026-11-23",
                "--program",
                &relative,
                &out,
            ]);
            let diagnostics = validate.diagnostics();
            let shape: Vec<_> = diagnostics
                .iter()
                .filter(|d| SHAPE_CODES.contains(&d.code.as_str()))
                .collect();
            assert!(shape.is_empty(), "{out}: {shape:#?}");
            assert_eq!(
                validate.json()["summary"]["logs"].as_u64(),
                Some(1),
                "{out}"
            );
            // Only the findings docs/authoring.md announces: blank answers, no outcome,
            // milestones due by a session that passed without a claim, no agreement, and
            // sessions listed as held on days after `--as-of` (`L036`).
            for d in &diagnostics {
                assert!(
                    ["L022", "L023", "L028", "L032", "L036"].contains(&d.code.as_str()),
                    "{out}: unexpected {d:#?}"
                );
            }
            written += 1;
        }
    }
    assert_eq!(written, 4);
}

#[test]
fn the_senior_ic_skeleton() {
    let skeleton = |format: &str| {
        crate::support::run_in(
            crate_root(),
            &[
                "new",
                "log",
                "--program",
                "programs/senior-ic.mentor",
                "--pair",
                "pair-017",
                "--started",
                "2026-11-23",
                "--format",
                format,
            ],
        )
    };
    let output = skeleton("toml");
    assert_eq!(output.status, 0, "{output:#?}");
    insta::assert_snapshot!("senior-ic-log-toml", output.stdout);
    let json = skeleton("json");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(value["sessions"].as_array().map(Vec::len), Some(5));
    assert_eq!(value["sessions"][2]["lens"], "decision-review");
}

#[test]
fn a_bad_pair_id_or_a_broken_program_writes_nothing() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let bad_pair = scratch.run(&[
        "new",
        "log",
        "--program",
        "programs/senior-ic.mentor",
        "--pair",
        "Jane Doe",
        "-o",
        "x.toml",
    ]);
    assert_eq!(bad_pair.status, 2);
    scratch.write("broken.mentor", "program p \"P\" { lenght 5 }\n");
    let broken = scratch.run(&[
        "new",
        "log",
        "--color",
        "never",
        "--program",
        "broken.mentor",
        "--pair",
        "p1",
        "-o",
        "x.toml",
    ]);
    assert_eq!(broken.status, 2);
    assert!(broken.stderr.contains("S002"), "{}", broken.stderr);
    assert!(!scratch.path().join("x.toml").exists());
}
