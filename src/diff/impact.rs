//! What a change of the programs does to the logs already under way: each log's findings under
//! the old programs and under the new, and which logs change verdict.
//!
//! A finding is the same finding on both sides when it has the same rule, points at the same
//! place in the log and is about the same session or milestone: the log is one text, so its
//! spans are the same under both programs. Its message may differ (the limit it quotes moved)
//! or its severity (a `severity` line changed): it is then a changed finding, neither appearing
//! nor disappearing. Findings are compared as multisets: two findings of one rule at one place
//! on one side and one on the other is one disappearing.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceId, Sources};

/// Whether a log passes: no error (and no warning, under `--deny-warnings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Passes,
    Fails,
}

impl Verdict {
    fn of(findings: &[Diagnostic], deny_warnings: bool) -> Verdict {
        let fails = findings.iter().any(|d| {
            d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
        });
        if fails {
            Verdict::Fails
        } else {
            Verdict::Passes
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Verdict::Passes => "passes",
            Verdict::Fails => "fails",
        }
    }
}

/// One log, checked under both sides.
#[derive(Debug)]
pub struct CheckedLog {
    /// What the log is called: its pair id when that looks like one, else its file (and line).
    pub name: String,
    pub file: String,
    /// The line of a JSON Lines record.
    pub line: Option<usize>,
    pub source: SourceId,
    /// The program id the log names, when it names one.
    pub program: Option<String>,
    pub old: Vec<Diagnostic>,
    pub new: Vec<Diagnostic>,
}

/// A finding that appears or disappears.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub line: usize,
    pub column: usize,
    /// The finding's message (ids, numbers and dates only, as every message is).
    pub message: String,
}

/// A log whose findings or verdict change.
#[derive(Debug, Clone, Serialize)]
pub struct LogImpact {
    pub log: String,
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub program: Option<String>,
    pub before: Verdict,
    pub after: Verdict,
    /// In the order of the log.
    pub appeared: Vec<Finding>,
    pub disappeared: Vec<Finding>,
    /// Findings on both sides whose message or severity differs: the limit they quote moved,
    /// or a `severity` line changed.
    pub said_otherwise: Vec<ChangedFinding>,
}

/// A finding on both sides that says something else under the new programs.
#[derive(Debug, Clone, Serialize)]
pub struct ChangedFinding {
    /// The finding under the new programs.
    #[serde(flatten)]
    pub after: Finding,
    pub before_severity: &'static str,
    pub before_message: String,
}

impl LogImpact {
    pub fn newly_fails(&self) -> bool {
        self.before == Verdict::Passes && self.after == Verdict::Fails
    }

    pub fn newly_passes(&self) -> bool {
        self.before == Verdict::Fails && self.after == Verdict::Passes
    }
}

/// How one rule's findings move.
#[derive(Debug, Clone, Serialize)]
pub struct RuleImpact {
    pub code: &'static str,
    pub name: &'static str,
    pub appeared: usize,
    pub disappeared: usize,
    /// Findings of this rule on both sides that say something else.
    pub said_otherwise: usize,
    /// Logs with a finding of this rule appearing, disappearing or changing.
    pub logs: usize,
}

/// The impact of a change on a set of logs.
#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    pub as_of: Date,
    /// Logs checked under both sides.
    pub logs: usize,
    pub newly_failing: usize,
    pub newly_passing: usize,
    /// Logs whose findings appear, disappear or change without a change of verdict.
    pub other_findings_only: usize,
    pub unchanged: usize,
    pub appeared: usize,
    pub disappeared: usize,
    pub said_otherwise: usize,
    /// By rule code.
    pub rules: Vec<RuleImpact>,
    /// The logs that change, newly failing first, then newly passing, then the rest; each
    /// group in input order.
    pub changed_logs: Vec<LogImpact>,
    /// Log files that could not be read (an `F` rule): in no figure.
    pub unreadable: Vec<String>,
}

impl Impact {
    pub fn new(
        logs: Vec<CheckedLog>,
        sources: &Sources,
        as_of: Date,
        deny_warnings: bool,
    ) -> Impact {
        let total = logs.len();
        let mut changed: Vec<LogImpact> = logs
            .into_iter()
            .filter_map(|log| log_impact(log, sources, deny_warnings))
            .collect();
        // Stable: input order within each group.
        changed.sort_by_key(|log| {
            if log.newly_fails() {
                0
            } else if log.newly_passes() {
                1
            } else {
                2
            }
        });
        let mut rules: BTreeMap<&'static str, RuleImpact> = BTreeMap::new();
        for log in &changed {
            let mut seen: Vec<&'static str> = Vec::new();
            let moves = log
                .appeared
                .iter()
                .map(|f| (f, Move::Appeared))
                .chain(log.disappeared.iter().map(|f| (f, Move::Disappeared)))
                .chain(log.said_otherwise.iter().map(|c| (&c.after, Move::Changed)));
            for (finding, what) in moves {
                let entry = rules.entry(finding.code).or_insert(RuleImpact {
                    code: finding.code,
                    name: finding.name,
                    appeared: 0,
                    disappeared: 0,
                    said_otherwise: 0,
                    logs: 0,
                });
                match what {
                    Move::Appeared => entry.appeared += 1,
                    Move::Disappeared => entry.disappeared += 1,
                    Move::Changed => entry.said_otherwise += 1,
                }
                if !seen.contains(&finding.code) {
                    seen.push(finding.code);
                    entry.logs += 1;
                }
            }
        }
        let newly_failing = changed.iter().filter(|l| l.newly_fails()).count();
        let newly_passing = changed.iter().filter(|l| l.newly_passes()).count();
        Impact {
            as_of,
            logs: total,
            newly_failing,
            newly_passing,
            other_findings_only: changed.len() - newly_failing - newly_passing,
            unchanged: total - changed.len(),
            appeared: changed.iter().map(|l| l.appeared.len()).sum(),
            said_otherwise: changed.iter().map(|l| l.said_otherwise.len()).sum(),
            disappeared: changed.iter().map(|l| l.disappeared.len()).sum(),
            rules: rules.into_values().collect(),
            changed_logs: changed,
            unreadable: Vec::new(),
        }
    }

    /// Names the log files that could not be read, so every format says they were not
    /// compared.
    pub fn with_unreadable(mut self, files: Vec<String>) -> Impact {
        self.unreadable = files;
        self
    }

    /// No log changes findings or verdict.
    pub fn is_empty(&self) -> bool {
        self.changed_logs.is_empty()
    }
}

enum Move {
    Appeared,
    Disappeared,
    Changed,
}

/// What identifies a finding across the two sides (see the module comment).
type Key = (
    &'static str,
    Option<(u32, u32)>,
    Option<u32>,
    Option<String>,
);

fn key(finding: &Diagnostic, log: SourceId) -> Key {
    let span = finding.primary.span;
    let place = (span.source == log).then_some((span.start, span.end));
    (
        finding.rule.code,
        place,
        finding.subject.session,
        finding.subject.milestone.as_deref().map(str::to_owned),
    )
}

fn log_impact(log: CheckedLog, sources: &Sources, deny_warnings: bool) -> Option<LogImpact> {
    let before = Verdict::of(&log.old, deny_warnings);
    let after = Verdict::of(&log.new, deny_warnings);
    let compared = compare(&log.old, &log.new, log.source, sources);
    if before == after && compared.is_empty() {
        return None;
    }
    Some(LogImpact {
        log: log.name,
        file: log.file,
        line: log.line,
        program: log.program,
        before,
        after,
        appeared: compared.appeared,
        disappeared: compared.disappeared,
        said_otherwise: compared.changed,
    })
}

/// How one log's findings differ between the sides.
struct Compared {
    appeared: Vec<Finding>,
    disappeared: Vec<Finding>,
    changed: Vec<ChangedFinding>,
}

impl Compared {
    fn is_empty(&self) -> bool {
        self.appeared.is_empty() && self.disappeared.is_empty() && self.changed.is_empty()
    }
}

/// Pairs the findings of the two sides by [`Key`], as multisets: each new finding takes the
/// first old one with its key still unpaired.
fn compare(old: &[Diagnostic], new: &[Diagnostic], log: SourceId, sources: &Sources) -> Compared {
    let mut unpaired: BTreeMap<Key, std::collections::VecDeque<&Diagnostic>> = BTreeMap::new();
    for finding in old {
        unpaired
            .entry(key(finding, log))
            .or_default()
            .push_back(finding);
    }
    let mut compared = Compared {
        appeared: Vec::new(),
        disappeared: Vec::new(),
        changed: Vec::new(),
    };
    for finding in new {
        match unpaired
            .get_mut(&key(finding, log))
            .and_then(|q| q.pop_front())
        {
            None => compared.appeared.push(Finding::of(finding, sources)),
            Some(before)
                if before.message != finding.message || before.severity != finding.severity =>
            {
                let after = Finding::of(finding, sources);
                compared.changed.push(ChangedFinding {
                    before_severity: before.severity.as_str(),
                    before_message: before.message.clone(),
                    after,
                });
            }
            Some(_) => {}
        }
    }
    compared.disappeared = unpaired
        .into_values()
        .flatten()
        .map(|finding| Finding::of(finding, sources))
        .collect();
    let order = |f: &Finding| (f.line, f.column, f.code);
    compared.appeared.sort_by_key(order);
    compared.disappeared.sort_by_key(order);
    compared.changed.sort_by_key(|c| order(&c.after));
    compared
}

impl Finding {
    fn of(finding: &Diagnostic, sources: &Sources) -> Finding {
        let place = sources.line_column(finding.primary.span);
        Finding {
            code: finding.rule.code,
            name: finding.rule.name,
            severity: finding.severity.as_str(),
            line: place.line,
            column: place.column,
            message: finding.message.clone(),
        }
    }
}
