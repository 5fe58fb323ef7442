//! Writing files: what every writer (`fmt`, `playbook -o`, `report -o`, `--output`, `new`) does
//! to the file it is pointed at: never an input under another name, devices and FIFOs written in
//! place, links followed, read-only files refused, owner, mode and hard links kept, the umask
//! honoured, and no temporary file left behind. See docs/limits.md, "Writing files".

#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::Path;
use std::process::Command;

use crate::support::{Output, REFERENCE_PROGRAM, Scratch, crate_root};

const MESSY: &str = "program p \"P\" {version \"1\"\n  outcome a \"A\"   outcome bb \"B\"}\n";

fn mentor() -> &'static str {
    env!("CARGO_BIN_EXE_mentor")
}

/// The playbook of the reference program as `-o -` prints it.
fn reference_playbook(scratch: &Scratch) -> String {
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM]);
    assert_eq!(output.status, 0, "{output:#?}");
    output.stdout
}

fn scratch_with_programs_and_log() -> Scratch {
    let scratch = Scratch::new();
    scratch.copy_programs();
    write_example_log(&scratch);
    scratch
}

/// `mentor report` of the example log in `format` (a cohort report's JSON and CSV are written
/// as they are made), then `more`.
fn report_args<'a>(format: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let report = [
        "report",
        "-p",
        REFERENCE_PROGRAM,
        "pair-017.toml",
        "--format",
        format,
    ];
    [&report[..], more].concat()
}

/// Puts the example log in `scratch` as `pair-017.toml`.
fn write_example_log(scratch: &Scratch) {
    let log = std::fs::read(crate_root().join("programs/logs/senior-ic/pair-017.toml"))
        .expect("the example log");
    scratch.write("pair-017.toml", log);
}

/// The names in `dir` that look like a temporary file of ours.
fn temporary_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read the directory")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.contains(".mentor-tmp-"))
        .collect()
}

fn is_root(scratch: &Scratch) -> bool {
    let probe = scratch.write("whoami", "");
    std::fs::metadata(probe).expect("the probe").uid() == 0
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

/// Device nodes made in the scratch directory (never `/dev` itself: a broken writer would
/// replace the machine's `/dev/null`). `None` where this user may not make device nodes.
fn device(scratch: &Scratch, name: &str, major_minor: (&str, &str)) -> Option<std::path::PathBuf> {
    let path = scratch.path().join(name);
    let made = Command::new("mknod")
        .arg(&path)
        .args(["c", major_minor.0, major_minor.1])
        .status()
        .is_ok_and(|s| s.success());
    made.then_some(path)
}

#[test]
fn devices_are_written_in_place_and_their_errors_reported() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let (Some(null), Some(full)) = (
        device(&scratch, "null", ("1", "3")),
        device(&scratch, "full", ("1", "7")),
    ) else {
        eprintln!("skipped: cannot make device nodes here");
        return;
    };
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", "null"]);
    assert_eq!(output.status, 0, "{output:#?}");
    let kind = std::fs::symlink_metadata(&null).unwrap().file_type();
    assert!(kind.is_char_device(), "`null` is still a device: {kind:?}");

    write_example_log(&scratch);
    // The cohort report's JSON and CSV are written as they are made: a failed write is still
    // the run's error.
    let (json, csv) = (
        report_args("json", &["-o", "full"]),
        report_args("csv", &["-o", "full"]),
    );
    for args in [
        &["playbook", REFERENCE_PROGRAM, "-o", "full"][..],
        &["check", REFERENCE_PROGRAM, "--output", "json=full"][..],
        &json[..],
        &csv[..],
    ] {
        let output = scratch.run(args);
        assert_eq!(output.status, 2, "{args:?}: {output:#?}");
        assert!(
            output
                .stderr
                .contains("error: cannot write `full`: No space left on device"),
            "{args:?}: {}",
            output.stderr
        );
    }
    assert!(
        std::fs::symlink_metadata(&full)
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(temporary_files(scratch.path()), Vec::<String>::new());
}

#[test]
fn a_fifo_is_written_in_place() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let fifo = scratch.path().join("pipe");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).expect("read the FIFO"))
    };
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", "pipe"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(reader.join().unwrap(), reference_playbook(&scratch));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[test]
fn dev_stdout_is_standard_output() {
    let scratch = scratch_with_programs_and_log();
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", "/dev/stdout"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(output.stdout, reference_playbook(&scratch));

    let report = |out: &str| {
        scratch.run(&[
            "report",
            "-p",
            REFERENCE_PROGRAM,
            "pair-017.toml",
            "-o",
            out,
        ])
    };
    let (to_stdout, to_dash) = (report("/dev/stdout"), report("-"));
    assert_eq!(to_stdout.status, 0, "{to_stdout:#?}");
    assert_eq!(to_stdout.stdout, to_dash.stdout);

    // Not a file that exists: no `--force` needed.
    let starter = scratch.run(&["new", "program"]);
    for out in ["/dev/stdout", "-"] {
        let output = scratch.run(&["new", "program", "-o", out]);
        assert_eq!(output.status, 0, "{out}: {output:#?}");
        assert_eq!(output.stdout, starter.stdout, "{out}");
    }
    assert!(!scratch.path().join("-").exists());

    // `--output` after the main format, on the same stream.
    let output = scratch.run(&[
        "check",
        "--format",
        "short",
        REFERENCE_PROGRAM,
        "--output",
        "json=/dev/stdout",
    ]);
    assert_eq!(output.status, 0, "{output:#?}");
    let (short, json) = output
        .stdout
        .split_once('{')
        .expect("the JSON after the summary");
    assert!(short.ends_with('\n') && !short.contains('"'), "{short}");
    let json: serde_json::Value = serde_json::from_str(&format!("{{{json}")).expect("JSON");
    assert_eq!(json["diagnostics"], serde_json::json!([]));
}

#[test]
fn a_symbolic_link_stays_a_link_and_its_target_gets_the_text() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let at = |name: &str| scratch.path().join(name);
    scratch.write("site/playbook.md", "old\n");
    std::os::unix::fs::symlink("site/playbook.md", at("out.md")).unwrap();
    // A dangling link creates its target, as a shell redirection does.
    std::fs::create_dir(at("drafts")).unwrap();
    std::os::unix::fs::symlink("../site/new.md", at("drafts/new.md")).unwrap();
    // A program formatted through a link.
    scratch.write("shared/p.mentor", MESSY);
    std::os::unix::fs::symlink("shared/p.mentor", at("p.mentor")).unwrap();

    for out in ["out.md", "drafts/new.md"] {
        let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", out]);
        assert_eq!(output.status, 0, "{out}: {output:#?}");
        let link = std::fs::symlink_metadata(at(out)).unwrap();
        assert!(link.file_type().is_symlink(), "{out} is still a link");
    }
    let playbook = reference_playbook(&scratch);
    assert_eq!(
        std::fs::read_to_string(at("site/playbook.md")).unwrap(),
        playbook
    );
    assert_eq!(
        std::fs::read_to_string(at("site/new.md")).unwrap(),
        playbook
    );

    let output = scratch.run(&["fmt", "p.mentor"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(
        std::fs::symlink_metadata(at("p.mentor"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_ne!(
        std::fs::read_to_string(at("shared/p.mentor")).unwrap(),
        MESSY
    );
    for dir in [".", "site", "drafts", "shared"] {
        assert_eq!(temporary_files(&at(dir)), Vec::<String>::new(), "{dir}");
    }
}

#[test]
fn a_read_only_file_is_never_replaced() {
    let scratch = scratch_with_programs_and_log();
    let at = |name: &str| scratch.path().join(name);
    scratch.write("p.mentor", MESSY);
    scratch.write("playbook.md", "kept\n");
    scratch.write("starter.mentor", "kept\n");
    scratch.write("scan.json", "kept\n");
    for name in ["p.mentor", "playbook.md", "starter.mentor", "scan.json"] {
        std::fs::set_permissions(at(name), std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    let cases: [(&[&str], &str); 4] = [
        (&["fmt", "p.mentor"], "p.mentor"),
        (
            &["playbook", REFERENCE_PROGRAM, "-o", "playbook.md"],
            "playbook.md",
        ),
        (
            &["new", "program", "-o", "starter.mentor", "--force"],
            "starter.mentor",
        ),
        (
            &[
                "validate",
                "-p",
                REFERENCE_PROGRAM,
                "pair-017.toml",
                "--output",
                "json=scan.json",
            ],
            "scan.json",
        ),
    ];
    for (args, name) in cases {
        let output = scratch.run(args);
        assert_eq!(output.status, 2, "{args:?}: {output:#?}");
        let expected = format!(
            "error: cannot write `{name}`: it is read-only (mode 0444); make it writable to \
             replace it"
        );
        assert!(
            output.stderr.contains(&expected),
            "{args:?}: {}",
            output.stderr
        );
        let mode = std::fs::metadata(at(name)).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o444, "{name}");
    }
    assert_eq!(std::fs::read_to_string(at("p.mentor")).unwrap(), MESSY);
    for name in ["playbook.md", "starter.mentor", "scan.json"] {
        assert_eq!(
            std::fs::read_to_string(at(name)).unwrap(),
            "kept\n",
            "{name}"
        );
    }
}

#[test]
fn hard_links_stay_one_file() {
    let scratch = Scratch::new();
    let at = |name: &str| scratch.path().join(name);
    scratch.write("p.mentor", MESSY);
    std::fs::create_dir(at("mirror")).unwrap();
    std::fs::hard_link(at("p.mentor"), at("mirror/p.mentor")).unwrap();
    let inode = std::fs::metadata(at("p.mentor")).unwrap().ino();

    let output = scratch.run(&["fmt", "p.mentor"]);
    assert_eq!(output.status, 0, "{output:#?}");
    let formatted = std::fs::read_to_string(at("p.mentor")).unwrap();
    assert_ne!(formatted, MESSY);
    assert_eq!(
        std::fs::read_to_string(at("mirror/p.mentor")).unwrap(),
        formatted
    );
    let after = std::fs::metadata(at("p.mentor")).unwrap();
    assert_eq!((after.ino(), after.nlink()), (inode, 2));
    assert_eq!(temporary_files(scratch.path()), Vec::<String>::new());

    // Outputs written as they are made (the cohort report's JSON, a `--output` file of
    // `validate`) over a longer file with two links: each file ends where its output does.
    scratch.copy_programs();
    write_example_log(&scratch);
    let validate = [
        "validate",
        "-p",
        REFERENCE_PROGRAM,
        "pair-017.toml",
        "--format",
        "sarif",
    ];
    for (args, name) in [
        (report_args("json", &[]), "report.json"),
        (validate.to_vec(), "found.sarif"),
    ] {
        scratch.write(name, "x".repeat(1 << 20));
        std::fs::hard_link(at(name), at(&format!("mirror/{name}"))).unwrap();
        let expected = scratch.run(&args);
        let output = match args[0] {
            "report" => scratch.run(&[&args[..], &["-o", name]].concat()),
            _ => scratch.run(&[&args[..], &["--output", &format!("sarif={name}")]].concat()),
        };
        assert_eq!(output.status, expected.status, "{output:#?}");
        for name in [name.to_owned(), format!("mirror/{name}")] {
            assert_eq!(std::fs::read_to_string(at(&name)).unwrap(), expected.stdout);
        }
        assert_eq!(std::fs::metadata(at(name)).unwrap().nlink(), 2);
    }
    assert_eq!(temporary_files(scratch.path()), Vec::<String>::new());
}

#[test]
fn the_owner_group_and_mode_of_a_replaced_file_are_kept() {
    let scratch = Scratch::new();
    if !is_root(&scratch) {
        eprintln!("skipped: giving a file to another user needs root");
        return;
    }
    let path = scratch.write("p.mentor", MESSY);
    std::os::unix::fs::chown(&path, Some(1234), Some(1235)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();

    let output = scratch.run(&["fmt", "p.mentor"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_ne!(std::fs::read_to_string(&path).unwrap(), MESSY);
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (1234, 1235));
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
}

/// Runs `mentor ARGS` in `dir` as user and group 1234 (the test runs as root).
fn run_as_another_user(dir: &Path, args: &[&str]) -> Output {
    use std::os::unix::process::CommandExt as _;
    let output = Command::new(mentor())
        .args(args)
        .current_dir(dir)
        .uid(1234)
        .gid(1234)
        .output()
        .expect("the mentor binary runs");
    Output {
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
        status: output.status.code().unwrap_or(-1),
    }
}

#[test]
fn a_user_who_cannot_give_a_file_away_writes_it_in_place_or_not_at_all() {
    let scratch = Scratch::new();
    if !is_root(&scratch) {
        eprintln!("skipped: acting as two other users needs root");
        return;
    }
    // A shared directory, as a team's checkout on a build machine may be.
    std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let shared = scratch.write("shared.mentor", MESSY);
    let theirs = scratch.write("theirs.mentor", MESSY);
    for (path, mode) in [(&shared, 0o666), (&theirs, 0o644)] {
        std::os::unix::fs::chown(path, Some(1235), Some(1235)).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let inode = std::fs::metadata(&shared).unwrap().ino();

    // Writable by user 1234, owned by 1235: a rename would make 1234 the owner.
    let output = run_as_another_user(scratch.path(), &["fmt", "shared.mentor"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_ne!(std::fs::read_to_string(&shared).unwrap(), MESSY);
    let after = std::fs::metadata(&shared).unwrap();
    assert_eq!((after.uid(), after.gid(), after.ino()), (1235, 1235, inode));
    assert_eq!(after.permissions().mode() & 0o7777, 0o666);

    // Not writable by user 1234: the directory would allow a rename, the file does not.
    let output = run_as_another_user(scratch.path(), &["fmt", "theirs.mentor"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output
            .stderr
            .contains("error: cannot write `theirs.mentor`: Permission denied"),
        "{}",
        output.stderr
    );
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), MESSY);
    assert_eq!(std::fs::metadata(&theirs).unwrap().uid(), 1235);
    assert_eq!(temporary_files(scratch.path()), Vec::<String>::new());
}

#[test]
fn a_new_file_honours_the_umask() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    for (umask, mode) in [("077", 0o600), ("027", 0o640), ("022", 0o644)] {
        let out = format!("playbook-{umask}.md");
        let status = Command::new("sh")
            .args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")])
            .arg(mentor())
            .args(["playbook", REFERENCE_PROGRAM, "-o", &out])
            .current_dir(scratch.path())
            .status()
            .expect("sh runs");
        assert!(status.success());
        let written = std::fs::metadata(scratch.path().join(&out)).unwrap();
        assert_eq!(written.permissions().mode() & 0o7777, mode, "umask {umask}");
    }
}

#[test]
fn a_killed_runs_temporary_files_are_removed_by_the_next_write() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // No process can have this id: it is above the kernel's largest (2^22).
    let dead = ".out.md.mentor-tmp-4194305-a1B2c3";
    // This test's own process runs: its file may be a write in progress.
    let live = format!(".out.md.mentor-tmp-{}-a1B2c3", std::process::id());
    // Not ours: an editor's or another tool's.
    let others = [".out.md.tmpA1b2C3", ".out.md.swp"];
    for name in [dead, &live].into_iter().chain(others) {
        scratch.write(name, "half a playbook");
    }
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", "out.md"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert!(
        !scratch.path().join(dead).exists(),
        "the dead run's file is gone"
    );
    assert_eq!(temporary_files(scratch.path()), vec![live]);
    for name in others {
        assert!(scratch.path().join(name).exists(), "{name} is kept");
    }
}

#[test]
fn nothing_another_user_planted_in_a_shared_directory_is_written_through() {
    let scratch = Scratch::new();
    if !is_root(&scratch) {
        eprintln!("skipped: planting another user's links needs root");
        return;
    }
    scratch.copy_programs();
    let at = |name: &str| scratch.path().join(name);
    // Like /tmp: anyone may create files, only their owner may remove them.
    std::fs::create_dir(at("shared")).unwrap();
    std::fs::set_permissions(at("shared"), std::fs::Permissions::from_mode(0o1777)).unwrap();
    scratch.write("victim.md", "the victim's text\n");
    std::os::unix::fs::symlink("../victim.md", at("shared/link.md")).unwrap();
    std::os::unix::fs::lchown(at("shared/link.md"), Some(1234), Some(1234)).unwrap();
    scratch.write("shared/theirs.md", "theirs\n");
    std::os::unix::fs::chown(at("shared/theirs.md"), Some(1234), Some(1234)).unwrap();
    // A hard link to a file of ours, as another user could make where the kernel allows it.
    std::fs::hard_link(at("victim.md"), at("shared/hard.md")).unwrap();

    for (out, what) in [
        ("shared/link.md", "a symbolic link"),
        ("shared/theirs.md", "the file"),
    ] {
        let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", out]);
        assert_eq!(output.status, 2, "{out}: {output:#?}");
        let expected = format!(
            "error: cannot write `{out}`: {what} belongs to another user (uid 1234) in a \
             directory anyone can write to; not writing through it"
        );
        assert!(
            output.stderr.contains(&expected),
            "{out}: {}",
            output.stderr
        );
    }
    assert_eq!(
        std::fs::read_to_string(at("shared/theirs.md")).unwrap(),
        "theirs\n"
    );

    // The hard link is replaced, not written through.
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", "shared/hard.md"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(
        std::fs::read_to_string(at("shared/hard.md")).unwrap(),
        reference_playbook(&scratch)
    );
    assert_eq!(
        std::fs::read_to_string(at("victim.md")).unwrap(),
        "the victim's text\n"
    );

    // Our own link there is followed as anywhere else.
    std::os::unix::fs::symlink("../victim.md", at("shared/ours.md")).unwrap();
    let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "-o", "shared/ours.md"]);
    assert_eq!(output.status, 0, "{output:#?}");
    assert_eq!(
        std::fs::read_to_string(at("victim.md")).unwrap(),
        reference_playbook(&scratch)
    );
}

/// A 64 KiB file system mounted in the scratch directory, unmounted when dropped.
struct TinyDisk {
    path: std::path::PathBuf,
}

impl TinyDisk {
    /// `None` where this user may not mount one (not root, or a container without the right).
    fn mount(scratch: &Scratch) -> Option<TinyDisk> {
        let path = scratch.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=755", "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(TinyDisk { path })
    }

    /// Takes every free byte.
    fn fill(&self) {
        use std::io::Write as _;
        let mut filler = std::fs::File::create(self.path.join("filler")).unwrap();
        let block = [b'x'; 4096];
        while filler.write_all(&block).is_ok() {}
    }
}

impl Drop for TinyDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn a_full_disk_leaves_the_old_file_whether_replaced_or_written_in_place() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let Some(disk) = TinyDisk::mount(&scratch) else {
        eprintln!("skipped: cannot mount a small file system here");
        return;
    };
    let at = |name: &str| disk.path.join(name);
    std::fs::write(at("replaced.html"), "old\n").unwrap();
    // Two links: written in place, where a half-written text would be in both.
    std::fs::write(at("linked.html"), "old\n").unwrap();
    std::fs::hard_link(at("linked.html"), at("other-link.html")).unwrap();
    disk.fill();

    for out in ["disk/replaced.html", "disk/linked.html"] {
        let output = scratch.run(&["playbook", REFERENCE_PROGRAM, "--format", "html", "-o", out]);
        assert_eq!(output.status, 2, "{out}: {output:#?}");
        assert!(
            output.stderr.contains(&format!(
                "error: cannot write `{out}`: No space left on device"
            )),
            "{out}: {}",
            output.stderr
        );
    }
    for name in ["replaced.html", "linked.html", "other-link.html"] {
        assert_eq!(
            std::fs::read_to_string(at(name)).unwrap(),
            "old\n",
            "{name}"
        );
    }
    assert_eq!(temporary_files(&disk.path), Vec::<String>::new());
}

/// Runs `mentor ARGS` in `dir` with standard input redirected from the file `stdin`, as
/// `mentor ARGS < stdin` does.
fn run_with_stdin_from(dir: &Path, args: &[&str], stdin: &Path) -> Output {
    let output = Command::new(mentor())
        .args(args)
        .current_dir(dir)
        .stdin(std::fs::File::open(stdin).expect("the file for standard input"))
        .output()
        .expect("the mentor binary runs");
    Output {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        status: output.status.code().unwrap_or(-1),
    }
}

#[test]
fn the_file_standard_input_is_redirected_from_is_an_input() {
    let scratch = scratch_with_programs_and_log();
    let programs = scratch.path().join("programs");
    std::fs::copy(
        scratch.path().join("pair-017.toml"),
        programs.join("x.toml"),
    )
    .expect("a log");
    let program = std::fs::read(programs.join("senior-ic.mentor")).expect("the program");
    let log = std::fs::read(programs.join("x.toml")).expect("the log");

    let cases: [(&[&str], &str); 3] = [
        (
            &[
                "validate",
                "-p",
                "senior-ic.mentor",
                "-",
                "--output",
                "json=x.toml",
            ],
            "x.toml",
        ),
        (
            &["playbook", "-", "-o", "senior-ic.mentor"],
            "senior-ic.mentor",
        ),
        (
            &["check", "-", "--output", "json=senior-ic.mentor"],
            "senior-ic.mentor",
        ),
    ];
    for (args, file) in cases {
        let output = run_with_stdin_from(&programs, args, &programs.join(file));
        assert_eq!(output.status, 2, "{args:?}\n{output:#?}");
        let expected = format!(
            "error: not writing `{file}`: it is one of the files this run read, `<stdin>` \
             (standard input is redirected from it)"
        );
        assert!(
            output.stderr.contains(&expected),
            "{args:?}: {}",
            output.stderr
        );
        assert_eq!(
            std::fs::read(programs.join("senior-ic.mentor")).unwrap(),
            program
        );
        assert_eq!(
            std::fs::read(programs.join("x.toml")).unwrap(),
            log,
            "{args:?}"
        );
    }

    // Standard input from another file, or a run that does not read it, writes as before.
    let output = run_with_stdin_from(
        &programs,
        &["playbook", "-", "-o", "out.md"],
        &programs.join("senior-ic.mentor"),
    );
    assert_eq!(output.status, 0, "{output:#?}");
    let output = run_with_stdin_from(
        &programs,
        &["playbook", "senior-ic.mentor", "-o", "x.toml"],
        &programs.join("x.toml"),
    );
    assert_eq!(output.status, 0, "{output:#?}");
}

/// Runs `mentor ARGS` in `dir` with standard output redirected to `/dev/full`, where every
/// write fails with "No space left on device".
fn run_into_full_device(dir: &Path, args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let output = Command::new(mentor())
        .args(args)
        .current_dir(dir)
        .stdout(full)
        .output()
        .expect("the mentor binary runs");
    Output {
        stdout: String::new(),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        status: output.status.code().unwrap_or(-1),
    }
}

#[test]
fn a_failed_write_to_standard_output_exits_2() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let scratch = scratch_with_programs_and_log();
    let (json, csv) = (report_args("json", &[]), report_args("csv", &[]));
    let cases: [&[&str]; 6] = [
        &["playbook", REFERENCE_PROGRAM, "-o", "-"],
        &json,
        &csv,
        &[
            "validate",
            "-p",
            REFERENCE_PROGRAM,
            "pair-017.toml",
            "--format",
            "json",
        ],
        &["check", REFERENCE_PROGRAM],
        &["rules"],
    ];
    for args in cases {
        let output = run_into_full_device(scratch.path(), args);
        assert_eq!(output.status, 2, "{args:?}\n{output:#?}");
        assert_eq!(
            output
                .stderr
                .matches("error: cannot write standard output: ")
                .count(),
            1,
            "{args:?}: {}",
            output.stderr
        );
        assert!(
            output.stderr.contains("No space left on device"),
            "{args:?}: {}",
            output.stderr
        );
    }
}

/// A reader that stops early (`| head`) is not an error: nothing on stderr, the run's own
/// status.
#[test]
fn a_closed_pipe_on_standard_output_stays_quiet() {
    let scratch = scratch_with_programs_and_log();
    // `/dev/stdout` is standard output, as `-` is; the report's JSON and CSV are written as
    // they are made.
    let (json, csv) = (report_args("json", &[]), report_args("csv", &[]));
    let to_dev_stdout = report_args("csv", &["-o", "/dev/stdout"]);
    for args in [
        &["playbook", REFERENCE_PROGRAM, "-o", "-"][..],
        &["playbook", REFERENCE_PROGRAM, "-o", "/dev/stdout"][..],
        &json,
        &csv,
        &to_dev_stdout,
    ] {
        let mut child = Command::new(mentor())
            .args(args)
            .current_dir(scratch.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the mentor binary starts");
        // Close the read end before anything is printed.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("the mentor binary runs");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:#?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
}
