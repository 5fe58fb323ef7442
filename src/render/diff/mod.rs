//! `mentor diff` in its three formats: the terminal (`human`, here), Markdown for a pull-request
//! comment or a CI job summary (`markdown`), and JSON (`json`). All three say the same things in
//! the same order: each program's changes, then (with logs) the totals first, then by rule, then
//! the logs that change.

pub(crate) mod json;
pub(crate) mod markdown;

use std::fmt::Write as _;

use crate::diff::impact::{Impact, LogImpact};
use crate::diff::{Change, Edition, ProgramDiff};
use crate::render::visible::visible_line;
use crate::source::Sources;
use crate::words;

/// Where a change is: the file and line, in the new program (or the old one, for what was
/// removed).
pub(crate) fn place(change: &Change, sources: &Sources) -> (String, usize) {
    let line = sources.line_column(change.span).line;
    (sources.name(change.span.source).to_owned(), line)
}

/// "senior-ic 2025.1 → 2026.1", "senior-ic (added, 2026.1)".
pub(crate) fn heading(diff: &ProgramDiff) -> String {
    let version = |e: &Edition| {
        e.version
            .clone()
            .unwrap_or_else(|| "(no version)".to_owned())
    };
    match (&diff.old, &diff.new) {
        (Some(old), Some(new)) if old.version == new.version => {
            format!("{} {}", diff.id, version(new))
        }
        (Some(old), Some(new)) => format!("{} {} → {}", diff.id, version(old), version(new)),
        (None, Some(new)) => format!("{} {} (added)", diff.id, version(new)),
        (Some(old), None) => format!("{} {} (removed)", diff.id, version(old)),
        (None, None) => diff.id.clone(),
    }
}

/// "2 changes (1 only in the playbook's text)", "no change".
pub(crate) fn change_count(diff: &ProgramDiff) -> String {
    let all = diff.changes.len();
    let text_only = diff.changes.iter().filter(|c| !c.affects_logs).count();
    if all == 0 {
        return "no change".to_owned();
    }
    let count = words::count(all as u64, "change", "changes");
    if text_only == 0 {
        count
    } else if text_only == all {
        format!("{count}, only in the playbook's text")
    } else {
        format!("{count} ({text_only} only in the playbook's text)")
    }
}

/// The totals line: "1 log newly fails, 0 newly pass, 2 keep their verdict with other
/// findings, 7 unchanged".
pub(crate) fn totals(impact: &Impact) -> String {
    let keep = if impact.other_findings_only == 1 {
        "keeps its"
    } else {
        "keep their"
    };
    format!(
        "{} newly {}, {} newly {}, {} {keep} verdict with other findings, {} unchanged",
        words::count(impact.newly_failing as u64, "log", "logs"),
        if impact.newly_failing == 1 {
            "fails"
        } else {
            "fail"
        },
        impact.newly_passing,
        if impact.newly_passing == 1 {
            "passes"
        } else {
            "pass"
        },
        impact.other_findings_only,
        impact.unchanged,
    )
}

/// "3 findings appear, 1 disappears, 2 say something else".
pub(crate) fn finding_totals(impact: &Impact) -> String {
    format!(
        "{} {}, {} {}, {} {} something else",
        words::count(impact.appeared as u64, "finding", "findings"),
        if impact.appeared == 1 {
            "appears"
        } else {
            "appear"
        },
        impact.disappeared,
        if impact.disappeared == 1 {
            "disappears"
        } else {
            "disappear"
        },
        impact.said_otherwise,
        if impact.said_otherwise == 1 {
            "says"
        } else {
            "say"
        },
    )
}

/// At most this many unreadable log files are named; the rest are counted.
const NAMED_UNREADABLE: usize = 20;

/// "2 log files could not be read and are in no figure: a.toml, b.json", or `None`.
pub(crate) fn unreadable(impact: &Impact) -> Option<String> {
    let files = &impact.unreadable;
    if files.is_empty() {
        return None;
    }
    let mut named = files
        .iter()
        .take(NAMED_UNREADABLE)
        .map(|f| visible_line(f).into_owned())
        .collect::<Vec<_>>()
        .join(", ");
    if files.len() > NAMED_UNREADABLE {
        let _ = write!(named, " and {} more", files.len() - NAMED_UNREADABLE);
    }
    Some(format!(
        "{} could not be read and {} in no figure: {named}",
        words::count(files.len() as u64, "log file", "log files"),
        if files.len() == 1 { "is" } else { "are" },
    ))
}

/// What "no change" means when some files could not be read.
pub(crate) fn no_change(impact: &Impact) -> &'static str {
    if impact.unreadable.is_empty() {
        "every log has the same findings and verdict under both"
    } else {
        "every log that was read has the same findings and verdict under both"
    }
}

/// What happened to a log's verdict: "passes → fails", "fails (unchanged)".
pub(crate) fn verdict_change(log: &LogImpact) -> String {
    if log.before == log.after {
        format!("{} (unchanged)", log.after.words())
    } else {
        format!("{} → {}", log.before.words(), log.after.words())
    }
}

/// Where a log is: its file, and line for a JSON Lines record.
pub(crate) fn log_place(log: &LogImpact) -> String {
    match log.line {
        Some(line) => format!("{}:{line}", log.file),
        None => log.file.clone(),
    }
}

/// The plain-text report for a terminal or a CI log; every string from input goes through
/// `visible_line`, so no control character reaches the terminal.
pub fn render_diff_human(
    diffs: &[ProgramDiff],
    impact: Option<&Impact>,
    sources: &Sources,
) -> String {
    let mut out = String::new();
    for diff in diffs {
        let _ = writeln!(
            out,
            "{}: {}",
            visible_line(&heading(diff)),
            change_count(diff)
        );
        for change in &diff.changes {
            let (file, line) = place(change, sources);
            let _ = writeln!(
                out,
                "  {}  ({}:{line})",
                visible_line(&change.sentence()),
                visible_line(&file)
            );
        }
    }
    let Some(impact) = impact else {
        return out;
    };
    let _ = writeln!(
        out,
        "\nImpact on {} as of {}:",
        words::count(impact.logs as u64, "log", "logs"),
        impact.as_of
    );
    if let Some(unreadable) = unreadable(impact) {
        let _ = writeln!(out, "  {unreadable}");
    }
    if impact.is_empty() {
        let _ = writeln!(out, "  the change affects no log: {}", no_change(impact));
        return out;
    }
    let _ = writeln!(out, "  {}", totals(impact));
    let _ = writeln!(out, "  {}", finding_totals(impact));
    let _ = writeln!(
        out,
        "\nBy rule (+ appear, - disappear, ~ say something else):"
    );
    for rule in &impact.rules {
        let _ = writeln!(
            out,
            "  {} {}  +{} -{} ~{}  in {}",
            rule.code,
            rule.name,
            rule.appeared,
            rule.disappeared,
            rule.said_otherwise,
            words::count(rule.logs as u64, "log", "logs")
        );
    }
    let _ = writeln!(out, "\nBy log:");
    for log in &impact.changed_logs {
        let name = visible_line(&log.log);
        let place = log_place(log);
        let place = visible_line(&place);
        let _ = if *name == *place {
            writeln!(out, "  {name}: {}", verdict_change(log))
        } else {
            writeln!(out, "  {name} ({place}): {}", verdict_change(log))
        };
        for (sign, findings) in [("+", &log.appeared), ("-", &log.disappeared)] {
            for finding in findings {
                let _ = writeln!(
                    out,
                    "    {sign} {} {} at line {}: {}: {}",
                    finding.code,
                    finding.name,
                    finding.line,
                    finding.severity,
                    visible_line(&finding.message)
                );
            }
        }
        for changed in &log.said_otherwise {
            let finding = &changed.after;
            let _ = writeln!(
                out,
                "    ~ {} {} at line {}: {}: {}\n        was {}: {}",
                finding.code,
                finding.name,
                finding.line,
                finding.severity,
                visible_line(&finding.message),
                changed.before_severity,
                visible_line(&changed.before_message)
            );
        }
    }
    out
}
