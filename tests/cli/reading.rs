//! What the tool reads, and what it refuses to read: files over the size limit, FIFOs and
//! devices named on the command line, imports that are not `.mentor` files, long import chains.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Output, REFERENCE_PROGRAM, Scratch};

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
    for args in [
        &["check", "--format", "json", "/dev/zero"][..],
        &[
            "validate",
            "--format",
            "json",
            "--program",
            "/dev/zero",
            "-",
        ][..],
    ] {
        let output = run_within(scratch.path(), args, LIMIT);
        assert_eq!(output.status, 2, "{args:?}: {output:#?}");
        let diagnostics = output.diagnostics();
        assert_eq!(diagnostics[0].code, "F001", "{diagnostics:#?}");
        assert_eq!(
            diagnostics[0].message,
            "cannot read `/dev/zero`: it is not a regular file (a FIFO, socket or device); \
             use `-` to read standard input"
        );
    }
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
