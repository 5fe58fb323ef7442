//! Tools outside the Rust toolchain that some tests drive for real (groff for the manual
//! pages; later Neovim and pre-commit).
//!
//! Gated by `MENTOR_TOOL_TESTS=1`, which `.ci/run` sets after installing them. Unset, a test
//! says on the terminal that it did not run and why (past the harness's output capture, as
//! the browser tests do). Set, a missing tool fails the test.

use std::io::Write as _;
use std::process::Command;

const GATE: &str = "MENTOR_TOOL_TESTS";

/// Whether the tests of `tool` are asked for; `package` is the Debian package that has it.
pub(crate) fn tool_tests_enabled(test: &str, tool: &str, package: &str) -> bool {
    if std::env::var(GATE).is_ok_and(|v| v == "1") {
        let found = Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            found,
            "{GATE}=1 but `{tool}` is not installed (Debian package `{package}`)"
        );
        return true;
    }
    let line = format!(
        "NOT RUN: {test}: set {GATE}=1 to run it with `{tool}` (Debian package `{package}`)\n"
    );
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(line.as_bytes());
    false
}
