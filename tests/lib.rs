//! The integration tests: one binary, a module per feature.
//!
//! - `cli`: runs the built `mentor` binary the way a designer does (fixtures per rule code,
//!   every program in `programs/`, the "Done when" mutations, exit codes and output formats).
//! - `ci`: the GitHub Action's script run locally, and the pre-commit hooks run by pre-commit.
//! - `config`: `mentor.toml`, its discovery and its precedence under the flags.
//! - `diff`: `mentor diff`, the semantic diff of two editions and its impact on logs.
//! - `api`: drives the library directly (the parser never panics; `docs/rules.md` matches the
//!   catalogue).
//! - `matching`: `mentor match`, the roster paired and explained, and what it must never print.
//! - `playbook`: `mentor playbook` output.
//! - `report`: `mentor report`, the cohort's progress, and what it must never show.
//! - `shell`: `mentor completions` loaded in bash, and `mentor man` read by groff.
//! - `status`: `mentor status`, a pair's own page, and what it must never show.
//! - `test_cmd`: `mentor test`, a program's expected-findings cases, and `--update`.
//! - `walk`: which files a directory walk reads (ignore files, hidden entries, `--exclude`).
//! - `tidy`: the architecture invariants of `ARCHITECTURE.md`, checked by reading the source.
//!
//! `support` holds the helpers every module shares.

// The crate denies these outside tests; clippy does not count the helpers of an integration
// test binary as tests, and here a failed expectation must panic to fail the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

mod api;
mod ci;
mod cli;
mod config;
mod diff;
mod fmt;
mod lsp;
mod matching;
mod new;
mod playbook;
mod report;
mod shell;
mod status;
mod support;
mod test_cmd;
mod tidy;
mod validate;
mod walk;
