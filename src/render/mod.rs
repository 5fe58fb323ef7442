//! Rendering diagnostics in every output format. Renderers take sorted diagnostics and the
//! sources; they never reorder, filter or change a diagnostic, so every format says the same.

mod cohort;
mod diagnostics;
mod markdown;
pub mod playbook;
pub(crate) mod skeleton;
pub mod visible;

pub use cohort::{render_cohort_json, render_cohort_markdown};
pub use diagnostics::github::render_github;
pub use diagnostics::human::render_human;
pub use diagnostics::json::{JsonDiagnostic, json_diagnostic, render_json};
pub use diagnostics::junit::{TestCase, render_junit};
pub use diagnostics::sarif::render_sarif;
pub use diagnostics::short::render_short;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{LineColumn, Sources};
use crate::words;

/// At most this many diagnostics are shown for one unit, in every format: a log (one record of
/// a JSON Lines file, or a whole TOML or JSON file), or else the file their primary label is in
/// (a program; the unreadable lines of a JSON Lines file). The summary counts the rest and the
/// exit status reflects them all. A file of a million garbage lines would otherwise print
/// hundreds of megabytes; and since the limit is per log, a cohort file of thousands of logs
/// still shows every failing log (each keeps its first findings), so CI flags exactly them.
pub const MAX_DIAGNOSTICS_PER_UNIT: usize = 200;

/// Counts shown in summary lines and machine formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    /// Logs checked (`validate` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<usize>,
    /// Held sessions in those logs (`validate` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<usize>,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
    /// Diagnostics counted above but not shown: past the limit for one log or file.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_shown: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn count(files: usize, diagnostics: &[Diagnostic]) -> Summary {
        let of = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            logs: None,
            sessions: None,
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            advice: of(Severity::Advice),
            not_shown: 0,
        }
    }

    /// The line printed after human and short output.
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| words::plural(n as i64, word);
        match (self.logs, self.sessions) {
            (Some(logs), Some(sessions)) => format!(
                "validated {} ({}) in {}: {}\n",
                plural(logs, "log"),
                plural(sessions, "held session"),
                plural(self.files, "file"),
                self.counts_text()
            ),
            _ => format!(
                "checked {}: {}\n",
                plural(self.files, "file"),
                self.counts_text()
            ),
        }
    }

    /// "2 errors, 1 warning" (or "no problems").
    pub fn counts_text(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.errors, "error", "errors"),
            (self.warnings, "warning", "warnings"),
            (self.advice, "advice", "advice"),
        ] {
            if n > 0 {
                parts.push(words::count(n as u64, one, many));
            }
        }
        if parts.is_empty() {
            "no problems".to_owned()
        } else if self.not_shown > 0 {
            format!(
                "{} ({} not shown: at most {MAX_DIAGNOSTICS_PER_UNIT} per log or file)",
                parts.join(", "),
                self.not_shown
            )
        } else {
            parts.join(", ")
        }
    }
}

/// Where a label starts and ends, 1-based.
pub(crate) fn start_end(sources: &Sources, span: crate::source::Span) -> (LineColumn, LineColumn) {
    let file = sources.get(span.source);
    (
        file.line_column(span.start as usize),
        file.line_column(span.end as usize),
    )
}
