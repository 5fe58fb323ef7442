//! Expected-findings tests of a program (`mentor test`): a test case is a session log and the
//! findings it must produce, written by a designer as comments in the log.
//!
//! - `read.rs` reads a case's directives, `# expect: gap-too-long` at the end of the line a
//!   finding starts on, `# expect: L014 at line 42` on a line of its own, and `# as-of:
//!   2025-06-01`, from a TOML case's comments (found by the log lexer, so a `#` inside a string
//!   is no comment) or from a JSON case's sidecar file (`NAME.json.expect`).
//! - `compare.rs` compares the expected findings with those found (rule and line, counted: the
//!   same rule twice on a line is two findings) and names the first difference.
//! - `update.rs` plans the edits of `--update`: the text that makes a failing case pass,
//!   touching only the directives.
//!
//! [`findings`] runs one case through the front door ([`Validator::validate`]), so a case sees
//! exactly what `mentor validate` reports for its log, program severities applied.
//!
//! **Architecture Invariant:** this module reads no file and prints nothing; the CLI
//! (`cli/test.rs`) reads the cases and programs, and writes what `--update` plans.

mod compare;
mod read;
mod update;

use std::ops::Range;

pub use compare::{Comparison, Difference, compare};
pub use read::{read_sidecar, read_toml_case};
pub use update::{Change, Home, plan_update};

use crate::check::Validator;
use crate::diagnostic::Diagnostics;
use crate::log::{self, LogInput};
use crate::rules::Rule;
use crate::source::Sources;

/// A finding as a case names it: its rule and the line its primary label starts on.
#[derive(Debug, Clone, Copy)]
pub struct Finding {
    pub rule: &'static Rule,
    /// 1-based.
    pub line: usize,
}

/// A finding of the rule `code` on `line`, for the unit tests of cases.
#[cfg(test)]
pub(crate) fn test_finding(code: &str, line: usize) -> Finding {
    Finding {
        rule: crate::rules::find(code).expect("a rule"),
        line,
    }
}

impl Finding {
    /// The order findings are listed and compared in: by line, then by code.
    fn key(&self) -> (usize, &'static str) {
        (self.line, self.rule.code)
    }
}

impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Finding {}

impl PartialOrd for Finding {
    fn partial_cmp(&self, other: &Finding) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Finding {
    fn cmp(&self, other: &Finding) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// What a case's directives say: the day it is checked as of and the findings it expects.
#[derive(Debug, Default)]
pub struct Directives {
    /// `# as-of: 2025-06-01`, if the case gives one.
    pub as_of: Option<jiff::civil::Date>,
    /// Every well-formed `# expect:` comment, in text order.
    pub expects: Vec<ExpectDirective>,
    /// Directives that could not be read; a case with any is not run.
    pub errors: Vec<DirectiveError>,
}

impl Directives {
    /// The findings the case expects, sorted.
    pub fn expected(&self) -> Vec<Finding> {
        let mut expected: Vec<Finding> = self
            .expects
            .iter()
            .flat_map(|d| {
                d.entries.iter().map(|e| Finding {
                    rule: e.rule,
                    line: d.line,
                })
            })
            .collect();
        expected.sort();
        expected
    }
}

/// One `# expect:` comment, with the byte ranges `--update` edits. Offsets are in the text the
/// directive was read from (the case, or its sidecar).
#[derive(Debug, Clone)]
pub struct ExpectDirective {
    /// The comment, from its `#` to the end of its text (a line break not included).
    pub comment: Range<usize>,
    /// Nothing but blanks before the `#` on its line.
    pub whole_line: bool,
    /// The line the comment is on.
    pub comment_line: usize,
    /// The line the findings are expected on: the comment's own, or `at line N`'s.
    pub line: usize,
    /// The digits of `at line N`, when the comment names its line.
    pub explicit: Option<Range<usize>>,
    /// The rules, in the order written; the same rule twice is two findings.
    pub entries: Vec<Entry>,
}

/// One rule of an `# expect:` list, as written (`L014` or `gap-too-long`).
#[derive(Debug, Clone)]
pub struct Entry {
    pub rule: &'static Rule,
    pub range: Range<usize>,
}

/// A directive that could not be read: where (a byte offset in the text it was read from),
/// what is wrong and, when there is one, how to fix it. Words quoted from the comment go
/// through `words::quote_id`, as every id read from a log does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
}

/// What became of one case in a run of `mentor test`.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// The case's path, as named on the command line or found by the walk.
    pub case: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone)]
pub enum Verdict {
    /// Its findings are the ones it expects.
    Passed,
    /// They differ.
    Failed(Comparison),
    /// They differed, and `--update` rewrote its expectations so they are.
    Updated(Vec<Change>),
    /// It could not be run (a directive that cannot be read, no day to check it as of, a
    /// program with errors, an update that could not be written): the first problem, and how
    /// many more there are.
    Error { problem: String, more: usize },
}

/// The findings of the case in `input`: every finding [`Validator::validate`] gives for its
/// log (or each log of a JSON Lines case, with `L034` for two records naming one pair), and the
/// file rules of a log that does not parse (`F003`), sorted by line and code.
pub fn findings(validator: &Validator, sources: &Sources, input: LogInput) -> Vec<Finding> {
    let mut diagnostics = Diagnostics::new();
    let checked = log::load_inputs_map(&[input], sources, &mut diagnostics, &|log, found| {
        let program = validator.validate(&log, found).map(|p| p.id.clone());
        (program, log.pair)
    });
    validator.unique_pairs(
        &checked,
        |(program, pair)| {
            let pair = pair.as_ref()?;
            Some((program.as_deref()?, pair.value.as_str(), pair.span))
        },
        &mut diagnostics,
    );
    let mut found: Vec<Finding> = diagnostics
        .iter()
        .map(|d| Finding {
            rule: d.rule,
            line: sources.line_column(d.primary.span).line,
        })
        .collect();
    found.sort();
    found
}

/// The line each byte offset of `text` is on: the offsets where lines start, as
/// `codespan-reporting` finds them for every diagnostic (`source::index`), so an `at line N`
/// and the line a finding is reported on are counted the same way.
struct Lines {
    starts: Vec<usize>,
}

/// The lines of `text` a finding can be on (see [`Lines::count`]).
pub fn line_count(text: &str) -> usize {
    Lines::of(text).count()
}

impl Lines {
    fn of(text: &str) -> Lines {
        Lines {
            starts: codespan_reporting::files::line_starts(text).collect(),
        }
    }

    /// The 1-based line of `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// The lines a finding can be on: one more than the line breaks (the line after a final
    /// break is where the end of the file is).
    fn count(&self) -> usize {
        self.starts.len()
    }

    /// Where 1-based `line` starts, if the text has it.
    fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }
}
