//! Diagnostics in every output format, one file per format: `human` (miette's graphical
//! report), `short` (one line each), `json`, `sarif`, `github` (workflow commands) and `junit`.
//!
//! They take sorted diagnostics and the sources, and never reorder, filter or change a
//! diagnostic, so every format says the same. They live apart from the other renderers (the
//! playbook, the cohort report, the log skeleton), which lay out a program or a report, not
//! findings.

pub(super) mod github;
pub(super) mod human;
pub(super) mod json;
pub(super) mod junit;
pub(super) mod sarif;
pub(super) mod short;

/// Writes `document` to `out` as indented JSON and a line break, through a buffer of its own:
/// serde_json writes each token (a quote, a comma, a line's indent) on its own, and through
/// `dyn Write` each was a call that could not be inlined, 61 M of the 137 M instructions of the
/// JSON output of 30,000 logs.
fn write_pretty_json(
    out: &mut dyn std::io::Write,
    document: &impl serde::Serialize,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut buffered = std::io::BufWriter::with_capacity(64 << 10, out);
    serde_json::to_writer_pretty(&mut buffered, document)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}
