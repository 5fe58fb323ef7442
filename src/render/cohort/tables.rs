//! The dashboard's long tables, about one pair or one log each: the pairs, the pairs at risk and
//! the logs left out. Each stops at [`MAX_TABLE_ROWS`] rows, with a note.

use std::fmt::Write as _;

use crate::cohort::{CohortReport, LeftOutReason, PairRow, RiskRow};
use crate::render::html::escape;
use crate::words;

/// The most rows the pair table and the at-risk list show in the dashboard.
pub const MAX_TABLE_ROWS: usize = 1_000;

/// The pairs at risk, one row per pair and reason, the earliest due first.
pub(super) fn risk_rows(out: &mut String, rows: &[RiskRow]) {
    let _ = writeln!(
        out,
        "<h4>Pairs at risk</h4>\n{}",
        capped_note(rows.len(), "rows", "the earliest due first")
    );
    out.push_str(
        "<table class=\"at-risk\">\n<thead><tr><th scope=\"col\">pair</th>\
         <th scope=\"col\">at risk</th><th scope=\"col\">due by</th></tr></thead>\n<tbody>\n",
    );
    for row in rows.iter().take(MAX_TABLE_ROWS) {
        let milestone = row
            .milestone
            .as_deref()
            .map(|m| format!(" <code>{}</code>", escape(m)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}{milestone}</td><td class=\"date\">{}</td></tr>",
            escape(&row.pair),
            row.reason.describe(),
            row.due.map_or("—".to_owned(), |d| d.to_string())
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// One row per pair, in pair order.
pub(super) fn pairs(out: &mut String, pairs: &[PairRow]) {
    let _ = writeln!(
        out,
        "<h3>Pairs</h3>\n{}",
        capped_note(pairs.len(), "pairs", "in pair order")
    );
    out.push_str(
        "<table class=\"pairs\">\n<thead><tr><th scope=\"col\">pair</th><th scope=\"col\">track</th>\
         <th scope=\"col\">status</th><th scope=\"col\">started</th><th scope=\"col\" class=\"num\">held</th>\
         <th scope=\"col\">phase</th><th scope=\"col\">last session</th>\
         <th scope=\"col\" class=\"num\">milestones met</th><th scope=\"col\">overdue</th>\
         <th scope=\"col\">next deadline</th><th scope=\"col\">next session due by</th>\
         <th scope=\"col\" class=\"num\">errors</th><th scope=\"col\" class=\"num\">warnings</th>\
         </tr></thead>\n<tbody>\n",
    );
    let or_dash = |text: Option<String>| text.unwrap_or_else(|| "—".to_owned());
    for pair in pairs.iter().take(MAX_TABLE_ROWS) {
        let last = match (pair.last_session, pair.days_since_last_session) {
            (Some(date), Some(days)) => format!(
                "{date} <span class=\"ago\">{} ago</span>",
                words::plural(days, "day")
            ),
            (Some(date), None) => date.to_string(),
            _ => "—".to_owned(),
        };
        let overdue = (!pair.overdue.is_empty()).then(|| {
            pair.overdue
                .iter()
                .map(|id| format!("<code>{}</code>", escape(id)))
                .collect::<Vec<_>>()
                .join(", ")
        });
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"date\">{}</td><td class=\"num\">{}</td>\
             <td>{}</td><td class=\"date\">{last}</td><td class=\"num nowrap\">{} of {}</td><td>{}</td><td>{}</td>\
             <td class=\"date\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&pair.pair),
            or_dash(
                pair.track
                    .as_deref()
                    .map(|t| format!("<code>{}</code>", escape(t)))
            ),
            pair.status,
            or_dash(pair.started.map(|d| d.to_string())),
            pair.held_sessions,
            or_dash(
                pair.phase
                    .as_deref()
                    .map(|p| format!("<code>{}</code>", escape(p)))
            ),
            pair.milestones_met,
            pair.milestones_owed,
            or_dash(overdue),
            or_dash(
                pair.next_deadline
                    .as_ref()
                    .map(|(id, due)| format!("<code>{}</code> by {due}", escape(id)))
            ),
            or_dash(pair.next_session_due.map(|d| d.to_string())),
            pair.errors,
            pair.warnings
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The paragraph above a table of `count` rows: how many it lists of how many.
fn capped_note(count: usize, what: &str, order: &str) -> String {
    if count <= MAX_TABLE_ROWS {
        String::new()
    } else {
        format!(
            "<p class=\"note\">The first {MAX_TABLE_ROWS} of {count} {what}, {order}; \
             <code>mentor report --format json</code> (or Markdown) lists them all.</p>"
        )
    }
}

/// The logs no figure covers: how many per reason, and (unless anonymous) which.
pub(super) fn left_out_section(out: &mut String, report: &CohortReport) {
    let left_out = &report.left_out;
    out.push_str("<section class=\"left-out\" id=\"left-out\">\n<h2>Logs left out</h2>\n");
    if left_out.logs == 0 {
        out.push_str("<p>None: every log read is in the figures.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        out,
        "<p>{} not in the figures; <code>mentor validate</code> says what is wrong with each.</p>",
        if left_out.logs == 1 {
            "1 log is".to_owned()
        } else {
            format!("{} logs are", left_out.logs)
        }
    );
    out.push_str(
        "<table class=\"left-out-reasons\">\n<thead><tr><th scope=\"col\">why</th>\
         <th scope=\"col\">rule</th><th scope=\"col\" class=\"num\">logs</th></tr></thead>\n<tbody>\n",
    );
    for reason in LeftOutReason::ALL {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            reason.describe(),
            reason.rule(),
            left_out.count(reason)
        );
    }
    out.push_str("</tbody>\n</table>\n");
    match &left_out.files {
        None => out.push_str("<p>The files are not named in an anonymous report.</p>\n"),
        Some(files) => {
            out.push_str(&capped_note(files.len(), "logs left out", "in file order"));
            out.push_str(
                "<table class=\"left-out-files\">\n<thead><tr><th scope=\"col\">file</th>\
                 <th scope=\"col\" class=\"num\">line</th><th scope=\"col\">why</th></tr></thead>\n<tbody>\n",
            );
            for log in files.iter().take(MAX_TABLE_ROWS) {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    escape(&log.file),
                    log.line.map_or("—".to_owned(), |l| l.to_string()),
                    log.reason.describe()
                );
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    out.push_str("</section>\n");
}
