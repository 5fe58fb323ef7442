//! `mentor diff --format markdown`: GitHub-flavoured Markdown for a pull-request comment or a
//! CI job summary. The totals come first, in a sentence a reviewer reads before deciding to
//! open the tables; the per-log details sit in a `<details>` block, so a change that moves
//! hundreds of findings still makes a short comment.

use std::fmt::Write as _;

use super::{
    change_count, finding_totals, heading, log_place, no_change, place, totals, unreadable,
    verdict_change,
};
use crate::diff::ProgramDiff;
use crate::diff::impact::Impact;
use crate::render::markdown::text;
use crate::render::visible::visible_line;
use crate::source::Sources;
use crate::words;

/// Text of ours that holds ids in backticks (a change, a finding's message): shown as written,
/// on one line, with a `|` escaped so it cannot end a table cell (GitHub reads `\|` inside a
/// code span in a table as a `|`).
fn cell(s: &str) -> String {
    visible_line(s)
        .replace(['\n', '\r'], " ")
        .replace('|', "\\|")
}

pub fn render_diff_markdown(
    diffs: &[ProgramDiff],
    impact: Option<&Impact>,
    sources: &Sources,
) -> String {
    let mut out = String::from("## Program changes\n\n");
    for diff in diffs {
        let _ = writeln!(
            out,
            "### {}\n\n{}.\n",
            text(&heading(diff)),
            change_count(diff)
        );
        if diff.changes.is_empty() {
            continue;
        }
        out.push_str("| change | where |\n| --- | --- |\n");
        for change in &diff.changes {
            let (file, line) = place(change, sources);
            let _ = writeln!(
                out,
                "| {} | {}:{line} |",
                cell(&change.sentence()),
                text(&file)
            );
        }
        out.push('\n');
    }
    let Some(impact) = impact else {
        return out;
    };
    let _ = writeln!(
        out,
        "## Impact on {} as of {}\n",
        words::count(impact.logs as u64, "log", "logs"),
        impact.as_of
    );
    if let Some(unreadable) = unreadable(impact) {
        let _ = writeln!(out, "**{}**\n", text(&unreadable));
    }
    if impact.is_empty() {
        let _ = writeln!(out, "The change affects no log: {}.", no_change(impact));
        return out;
    }
    let verdict = if impact.newly_failing > 0 { "**" } else { "" };
    let _ = writeln!(
        out,
        "{verdict}{}{verdict}; {}.\n",
        totals(impact),
        finding_totals(impact)
    );
    out.push_str(
        "| rule | appear | disappear | say something else | logs |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    for rule in &impact.rules {
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {} |",
            rule.code, rule.name, rule.appeared, rule.disappeared, rule.said_otherwise, rule.logs
        );
    }
    // Open when a log newly fails: that is what the reviewer has to sign off.
    let open = if impact.newly_failing > 0 {
        " open"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "\n<details{open}><summary>{} that change</summary>\n",
        words::count(impact.changed_logs.len() as u64, "log", "logs")
    );
    out.push_str(
        "| log | verdict | finding | line | message |\n| --- | --- | --- | ---: | --- |\n",
    );
    for log in &impact.changed_logs {
        let name = if log.log == log_place(log) {
            text(&log.log)
        } else {
            format!("{} ({})", text(&log.log), text(&log_place(log)))
        };
        let mut first = true;
        let findings = log
            .appeared
            .iter()
            .map(|f| ("appears", f, f.message.clone()))
            .chain(
                log.disappeared
                    .iter()
                    .map(|f| ("disappears", f, f.message.clone())),
            )
            .chain(log.said_otherwise.iter().map(|c| {
                let message = format!(
                    "{} (was {}: {})",
                    c.after.message, c.before_severity, c.before_message
                );
                ("says something else", &c.after, message)
            }));
        for (what, finding, message) in findings {
            let (log_cell, verdict_cell) = if first {
                (name.clone(), verdict_change(log))
            } else {
                (String::new(), String::new())
            };
            first = false;
            let _ = writeln!(
                out,
                "| {log_cell} | {verdict_cell} | `{}` {} {what} | {} | {} |",
                finding.code,
                finding.name,
                finding.line,
                cell(&message)
            );
        }
        if first {
            let _ = writeln!(out, "| {name} | {} | | | |", verdict_change(log));
        }
    }
    out.push_str("\n</details>\n");
    out
}
