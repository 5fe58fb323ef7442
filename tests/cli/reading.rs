//! What the tool reads, and what it refuses to read: files over the size limit, FIFOs and
//! devices named on the command line, imports that are not `.mentor` files, long import chains.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Output, REFERENCE_PROGRAM, Scratch};

pub(crate) use super::imports::program_importing;

/// Runs `mentor ARGS` in `dir`, killing it after `limit`: a run that blocks on a FIFO must
/// fail the test, not hang the suite.
fn run_within(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mentor binary starts");
    let started = Instant::now();
    while child.try_wait().expect("poll mentor").is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`mentor {}` still running after {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().expect("collect the output");
    Output {
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        status: output.status.code().unwrap_or(-1),
    }
}

const LIMIT: Duration = Duration::from_secs(20);

#[cfg(unix)]
fn make_fifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_f001_without_waiting_for_a_writer() {
    let scratch = Scratch::new();
    make_fifo(&scratch.path().join("pipe.mentor"));
    make_fifo(&scratch.path().join("pipe.toml"));
    scratch.copy_programs();

    for args in [
        &["check", "--format", "json", "pipe.mentor"][..],
        &[
            "validate",
            "--format",
            "json",
            "--program",
            "pipe.mentor",
            "pipe.toml",
        ][..],
        &[
            "validate",
            "--format",
            "json",
            "--program",
            REFERENCE_PROGRAM,
            "pipe.toml",
        ][..],
    ] {
        let output = run_within(scratch.path(), args, LIMIT);
        assert_eq!(output.status, 2, "{args:?}: {output:#?}");
        let f001: Vec<_> = output
            .diagnostics()
            .into_iter()
            .filter(|d| d.code == "F001")
            .collect();
        assert!(!f001.is_empty(), "{args:?}: {output:#?}");
        for d in f001 {
            assert!(d.file.starts_with("pipe."), "{d:?}");
            assert!(
                d.message
                    .contains("is not a regular file (a FIFO, socket or device)"),
                "{d:?}"
            );
            assert_eq!((d.line, d.column), (1, 1));
        }
    }
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_instead_of_read_until_memory_runs_out() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // As a log: logs may have any name, so it is the file type that refuses it.
    let output = run_within(
        scratch.path(),
        &[
            "validate",
            "--format",
            "json",
            "--program",
            REFERENCE_PROGRAM,
            "/dev/zero",
        ],
        LIMIT,
    );
    assert_eq!(output.status, 2, "{output:#?}");
    let diagnostics = output.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "F001");
    assert_eq!(
        diagnostics[0].message,
        "cannot read `/dev/zero`: it is not a regular file (a FIFO, socket or device); \
         use `-` to read standard input"
    );
    // As a program: not a `.mentor` file, refused from its name.
    let output = run_within(
        scratch.path(),
        &["check", "--format", "json", "/dev/zero"],
        LIMIT,
    );
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(output.diagnostics()[0].code, "F001");
}

/// A sparse file: it claims 300 MiB without taking the disk space or the time to write.
#[test]
fn a_file_over_256_mib_is_f001_and_is_not_read() {
    let scratch = Scratch::new();
    for name in ["huge.mentor", "huge.toml"] {
        let file = std::fs::File::create(scratch.path().join(name)).expect("create");
        file.set_len(300 * 1024 * 1024).expect("set the length");
    }
    scratch.copy_programs();
    for (args, file) in [
        (
            &["check", "--format", "json", "huge.mentor"][..],
            "huge.mentor",
        ),
        (
            &[
                "validate",
                "--format",
                "json",
                "--program",
                REFERENCE_PROGRAM,
                "huge.toml",
            ][..],
            "huge.toml",
        ),
    ] {
        let started = Instant::now();
        let output = run_within(scratch.path(), args, LIMIT);
        assert_eq!(output.status, 2, "{args:?}: {output:#?}");
        let diagnostics = output.diagnostics();
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(diagnostics[0].code, "F001");
        assert_eq!(diagnostics[0].file, file);
        assert_eq!(
            diagnostics[0].message,
            format!(
                "cannot read `{file}`: it is larger than 256 MiB, the most `mentor` reads from one file"
            )
        );
        // Refused from its size, not after reading 300 MiB of zeros.
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?}");
    }
}

#[test]
fn standard_input_is_still_read() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    // Imports of a program on standard input are relative to the working directory.
    let output = crate::support::run_in_with_stdin(
        &scratch.path().join("programs"),
        &["check", "--format", "short", "--color", "never", "-"],
        crate::support::reference_text().as_bytes(),
    );
    assert_eq!(output.stdout, "checked 1 file: no problems\n");
    assert_eq!(output.status, 0);
}

/// `l0.mentor` imports `l1.mentor`, … up to `l{length - 1}.mentor`, which declares the lens
/// `decision-review`.
pub(crate) fn write_import_chain(scratch: &Scratch, length: usize) {
    for n in 0..length {
        let text = if n + 1 < length {
            format!(
                "import \"l{}.mentor\"\nlibrary l{n} \"Link {n}\" {{\n}}\n",
                n + 1
            )
        } else {
            format!(
                "library l{n} \"Link {n}\" {{\n    lens decision-review \"Decision Review\" {{\n        \
                 section \"Decision\" {{\n            field chose \"What I chose\"\n        }}\n    }}\n}}\n"
            )
        };
        scratch.write(&format!("chain/l{n}.mentor"), text);
    }
    scratch.write("chain/demo.mentor", program_importing("l0.mentor"));
}

/// Imports were followed by recursion, one call per file: 14,000 files overflowed the stack
/// (in a release build too). They are followed with a work list now.
#[test]
fn an_import_chain_of_14000_files_does_not_overflow_the_stack() {
    let scratch = Scratch::new();
    write_import_chain(&scratch, 14_000);
    let output = run_within(
        scratch.path(),
        &["check", "--format", "short", "chain/demo.mentor"],
        Duration::from_secs(60),
    );
    assert_eq!(
        output.stdout, "checked 1 file: no problems\n",
        "{output:#?}"
    );
    assert_eq!(output.status, 0);
}

/// Each file of a directory followed its whole chain of imports again, reading and parsing
/// every library once per file that reaches it: 1,000 files of a chain took 73 s in a debug
/// build, 3,000 would take many minutes. A run now reads each library once and follows
/// imports over what it has parsed, without hashing a path: about 2.5 s.
#[test]
fn a_directory_of_a_3000_file_import_chain_is_read_once() {
    let scratch = Scratch::new();
    write_import_chain(&scratch, 3_000);
    let output = run_within(
        scratch.path(),
        &["check", "--format", "short", "chain"],
        Duration::from_secs(40),
    );
    assert_eq!(
        output.stdout, "checked 3001 files: no problems\n",
        "{output:#?}"
    );
    assert_eq!(output.status, 0);
}

/// Runs `mentor check` with `MENTOR_TEST_SECRET` set to `secret` in its environment.
fn check_with_secret(dir: &Path, format: &str, file: &str, secret: &str) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_mentor"))
        .args(["check", "--color", "always", "--format", format, file])
        .current_dir(dir)
        .env("MENTOR_TEST_SECRET", secret)
        .output()
        .expect("the mentor binary runs");
    Output {
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        status: output.status.code().unwrap_or(-1),
    }
}

const FORMATS: [&str; 6] = ["human", "short", "json", "sarif", "github", "junit"];

/// An import names a `.mentor` library. Anything else is refused from its name, before it is
/// read: `import "/proc/self/environ"` printed the environment (CI secrets) in a snippet of
/// its syntax errors.
#[test]
fn an_import_of_a_file_that_is_not_mentor_is_p016_and_its_text_is_never_shown() {
    let secret = "hunter2-9f8e7d6c";
    let scratch = Scratch::new();
    scratch.write(
        "notes.txt",
        format!("library {secret} \"x\" {{ {secret} }}\n"),
    );
    scratch.write("notes.mentor.txt", format!("{secret}\n"));
    let mut cases = vec![
        (
            "notes.txt",
            "`notes.txt` is not a `.mentor` file".to_owned(),
        ),
        (
            "notes.mentor.txt",
            "`notes.mentor.txt` is not a `.mentor` file".to_owned(),
        ),
    ];
    #[cfg(unix)]
    {
        // A link named `.mentor` to a file that is not one.
        let target = scratch.path().join("notes.txt");
        std::os::unix::fs::symlink(&target, scratch.path().join("linked.mentor")).expect("link");
        let target = target.canonicalize().expect("canonical");
        cases.push((
            "linked.mentor",
            format!(
                "`linked.mentor` leads to `{}`, which is not a `.mentor` file",
                target.display()
            ),
        ));
    }
    if cfg!(target_os = "linux") {
        cases.push((
            "/proc/self/environ",
            "`/proc/self/environ` is not a `.mentor` file".to_owned(),
        ));
    }
    for (import, message) in cases {
        scratch.write("demo.mentor", program_importing(import));
        let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
        assert_eq!(output.status, 1, "{import}: {output:#?}");
        let p016: Vec<_> = diagnostics.iter().filter(|d| d.code == "P016").collect();
        assert_eq!(p016.len(), 1, "{import}: {diagnostics:#?}");
        assert_eq!(p016[0].message, message);
        assert_eq!(
            (p016[0].file.as_str(), p016[0].line, p016[0].column),
            ("demo.mentor", 1, 8)
        );
        assert_eq!(
            p016[0].help.as_deref(),
            Some("an import names a library written in a `.mentor` file; no other file is read")
        );
        for format in FORMATS {
            let output = check_with_secret(scratch.path(), format, "demo.mentor", secret);
            assert_eq!(output.status, 1, "{import} {format}: {output:#?}");
            assert!(
                output.stdout.contains("P016"),
                "{import} {format}: {}",
                output.stdout
            );
            assert!(
                !output.stdout.contains(secret) && !output.stderr.contains(secret),
                "{import} {format}: the file's text was shown\n{}{}",
                output.stdout,
                output.stderr
            );
        }
    }
}

/// A program is read only from a `.mentor` file: a link named `x.mentor` to
/// `/proc/self/environ`, committed to a repository whose CI runs `mentor check programs/`,
/// printed the CI's environment in a snippet, from every command that reads programs.
#[cfg(target_os = "linux")]
#[test]
fn a_program_link_to_a_file_that_is_not_mentor_is_f001_in_every_command() {
    let secret = "hunter2-1a2b3c4d";
    let scratch = Scratch::new();
    scratch.write("programs/notes.txt", format!("{secret}\n"));
    std::os::unix::fs::symlink(
        "/proc/self/environ",
        scratch.path().join("programs/env.mentor"),
    )
    .expect("link");
    scratch.write("pair.toml", "program = \"x\"\n");
    let reason = |name: &str| {
        if name.ends_with("env.mentor") {
            "it leads to `/proc/".to_owned()
        } else {
            "it is not a `.mentor` file; programs are read from `.mentor` files only (or `-`, \
             standard input)"
                .to_owned()
        }
    };
    for format in FORMATS {
        for args in [
            vec!["check", "--format", format, "programs"],
            vec!["check", "--format", format, "programs/env.mentor"],
            vec!["check", "--format", format, "programs/notes.txt"],
            vec![
                "validate",
                "--format",
                format,
                "--program",
                "programs",
                "pair.toml",
            ],
        ] {
            let output = Command::new(env!("CARGO_BIN_EXE_mentor"))
                .args(&args)
                .args(["--color", "always"])
                .current_dir(scratch.path())
                .env("MENTOR_TEST_SECRET", secret)
                .output()
                .expect("mentor runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{args:?}\n{stdout}{stderr}");
            assert!(stdout.contains("F001"), "{args:?}\n{stdout}");
            assert!(
                !stdout.contains(secret) && !stderr.contains(secret),
                "{args:?}: the file's text was shown\n{stdout}{stderr}"
            );
        }
    }
    let (output, diagnostics) = scratch.check_json(&["programs"]);
    assert_eq!(output.status, 2);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "F001");
    assert_eq!(diagnostics[0].file, "programs/env.mentor");
    assert!(
        diagnostics[0].message.starts_with(&format!(
            "cannot read `programs/env.mentor`: {}",
            reason("env.mentor")
        )) && diagnostics[0]
            .message
            .ends_with("/environ`, which is not a `.mentor` file"),
        "{}",
        diagnostics[0].message
    );
    let (_, diagnostics) = scratch.check_json(&["programs/notes.txt"]);
    assert_eq!(
        diagnostics[0].message,
        format!("cannot read `programs/notes.txt`: {}", reason("notes.txt"))
    );
    for command in [
        vec!["playbook", "programs/env.mentor"],
        vec!["fmt", "--check", "programs"],
        vec!["fmt", "--check", "programs/notes.txt"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_mentor"))
            .args(&command)
            .current_dir(scratch.path())
            .env("MENTOR_TEST_SECRET", secret)
            .output()
            .expect("mentor runs");
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(2), "{command:?}\n{printed}");
        assert!(printed.contains("F001"), "{command:?}\n{printed}");
        assert!(!printed.contains(secret), "{command:?}\n{printed}");
    }
}

/// A cycle through a long chain named every file in its message (14,000 names on one line).
#[test]
fn a_cycle_through_thousands_of_files_names_its_ends() {
    let scratch = Scratch::new();
    let length = 3_000;
    write_import_chain(&scratch, length);
    // The last library imports the first: a cycle of every file in the chain.
    let last = format!("chain/l{}.mentor", length - 1);
    let text = std::fs::read_to_string(scratch.path().join(&last)).expect("read");
    scratch.write(&last, format!("import \"l0.mentor\"\n{text}"));
    let (output, diagnostics) = scratch.check_json(&["chain/demo.mentor"]);
    assert_eq!(output.status, 1, "{output:#?}");
    let p017: Vec<_> = diagnostics.iter().filter(|d| d.code == "P017").collect();
    assert_eq!(p017.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        p017[0].message,
        format!(
            "import cycle: l0.mentor → l1.mentor → l2.mentor → l3.mentor → … ({} more files) → \
             l2997.mentor → l2998.mentor → l2999.mentor → l0.mentor",
            length + 1 - 8
        )
    );
    assert_eq!(
        (p017[0].file.as_str(), p017[0].line, p017[0].column),
        (last.as_str(), 1, 8)
    );
}

/// Refusing programs that are not `.mentor` files leaves the older, more precise reasons in
/// place: a directory given where one program is expected, and a missing file.
#[test]
fn a_directory_or_a_missing_file_keeps_its_own_reason() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let output = scratch.run(&["playbook", "--color", "never", "programs"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert!(
        output
            .stderr
            .contains("cannot read `programs`: it is a directory")
            || output
                .stdout
                .contains("cannot read `programs`: it is a directory"),
        "{output:#?}"
    );
    let (output, diagnostics) = scratch.check_json(&["missing.txt"]);
    assert_eq!(output.status, 2);
    assert!(
        diagnostics[0]
            .message
            .starts_with("cannot read `missing.txt`: No such file or directory"),
        "{diagnostics:#?}"
    );
}

#[test]
fn standard_input_without_end_is_refused_at_the_size_limit() {
    let scratch = Scratch::new();
    for args in [&["fmt", "-"][..], &["check", "-"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_mentor"))
            .args(args)
            .current_dir(scratch.path())
            .stdin(std::fs::File::open("/dev/zero").expect("/dev/zero"))
            .output()
            .expect("the mentor binary runs");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        // `check` reports it as F001 on stdout, `fmt` on stderr.
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            printed.contains("larger than 256 MiB"),
            "{args:?}: {printed}"
        );
    }
}
