//! A pair's page as one self-contained, printable HTML page: the playbook's style
//! (`render::playbook::STYLE`: A4 print margins, tables that do not split a row) and the page's
//! own (`pair.css`), inline. No scripts, fonts, images or links to anything outside the file.
//!
//! The sessions are an ordered list, so a screen reader reads them in order; each says what
//! happened in words beside its marker, and each win has a check mark and the words "met on",
//! so nothing depends on colour. Every string from the program or the log, and every message,
//! is escaped with the playbook's `escape`.

use std::fmt::Write as _;

use super::{findings_lead, finished_words, gap_words, met_words, session_words};
use crate::cohort::{LogId, Named, PairName, PairPage, TimelineEntry};
use crate::diagnostic::Severity;
use crate::log::SessionStatus;
use crate::render::html::escape;
use crate::render::playbook::STYLE;
use crate::words;

const PAIR_STYLE: &str = include_str!("pair.css");

pub fn render_pair_html(page: &PairPage) -> String {
    let mut out = String::new();
    let name = match &page.pair {
        PairName::Id(id) | PairName::Place(id) => escape(id),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"mentor status\">\n\
         <title>Pair page: {name} – {}</title>\n<style>\n{STYLE}{PAIR_STYLE}</style>\n</head>\n\
         <body class=\"paper-a4\">\n",
        escape(&page.program.title)
    );
    heading(&mut out, page, &name);
    out.push_str("<main>\n");
    next_section(&mut out, page);
    wins_section(&mut out, page);
    owed_section(&mut out, page);
    phase_section(&mut out, page);
    sessions_section(&mut out, page);
    risks_section(&mut out, page);
    findings_section(&mut out, page);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn named(named: &Named) -> String {
    format!(
        "{} <span class=\"tag\">({})</span>",
        escape(&named.label),
        escape(&named.id)
    )
}

fn log_id(id: &LogId) -> String {
    match &id.label {
        Some(label) => format!(
            "{} <span class=\"tag\">({})</span>",
            escape(label),
            escape(&id.id)
        ),
        None => format!("<code>{}</code>", escape(&id.id)),
    }
}

fn date_or_dash(date: Option<jiff::civil::Date>) -> String {
    date.map_or("—".to_owned(), |d| {
        format!("<span class=\"date\">{d}</span>")
    })
}

fn section_start(out: &mut String, id: &str, title: &str) {
    let _ = writeln!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-title\">\n\
         <h2 id=\"{id}-title\">{title}</h2>"
    );
}

fn heading(out: &mut String, page: &PairPage, name: &str) {
    let program = &page.program;
    out.push_str("<header class=\"cover\">\n<p class=\"kicker\">Pair page</p>\n");
    let _ = writeln!(out, "<h1>{name}</h1>");
    let version = program
        .version
        .as_deref()
        .map(|v| format!(", version {}", escape(v)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<p>{} <span class=\"tag\">({})</span>{version}. As of <span class=\"date\">{}</span>.</p>",
        escape(&program.title),
        escape(&program.id),
        page.as_of
    );
    out.push_str("<dl class=\"summary\">\n");
    let track = page.track.as_ref().map_or("—".to_owned(), named);
    let met = format!("{} of {}", page.wins.len(), page.milestones_owed());
    for (term, value) in [
        ("Status", page.status.as_str().to_owned()),
        ("Track", track),
        ("Started", date_or_dash(page.started)),
        ("Program ends", date_or_dash(page.program_ends)),
        ("Sessions held", page.held.to_string()),
        ("Cancelled", page.cancelled.to_string()),
        ("No-shows", page.no_shows.to_string()),
        ("Milestones met", met),
    ] {
        let _ = writeln!(out, "<div><dt>{term}</dt><dd>{value}</dd></div>");
    }
    out.push_str("</dl>\n</header>\n");
}

fn next_section(out: &mut String, page: &PairPage) {
    section_start(out, "next", "What comes next");
    if let Some(finished) = finished_words(page.status) {
        let _ = writeln!(out, "<p>{finished}</p>\n</section>");
        return;
    }
    out.push_str("<dl class=\"facts\">\n");
    if let Some(next) = &page.next_session {
        let session = next
            .number
            .map_or(String::new(), |n| format!("session {n}, "));
        let opens = next
            .opens_phase
            .as_ref()
            .map(|p| format!("; it opens {}", named(p)))
            .unwrap_or_default();
        let value = match next.due_by {
            Some(due) => {
                let why = next
                    .longest_gap_days
                    .map(|days| format!(" ({})", gap_words(days)))
                    .unwrap_or_default();
                let by = if due < page.as_of {
                    format!(
                        "was due by <strong class=\"date\">{due}</strong>: \
                         <span class=\"state-overdue\">overdue</span>"
                    )
                } else {
                    format!("by <strong class=\"date\">{due}</strong> at the latest")
                };
                format!("{session}{by}{why}{opens}")
            }
            None => {
                let why = super::markdown::no_date_reason(next.longest_gap_days);
                format!("{session}no date: {why}{opens}")
            }
        };
        let _ = writeln!(out, "<div><dt>Next session</dt><dd>{value}</dd></div>");
    }
    let deadline = match page.next_deadline() {
        Some(owed) => format!(
            "{}, <strong>{}</strong>",
            named(&owed.milestone),
            escape(owed.deadline.as_deref().unwrap_or("—"))
        ),
        None if page.owed.iter().any(|o| o.overdue) => {
            "none ahead; the milestones below are overdue".to_owned()
        }
        None => "none; every milestone is met".to_owned(),
    };
    let _ = writeln!(
        out,
        "<div><dt>Next deadline</dt><dd>{deadline}</dd></div>\n</dl>\n</section>"
    );
}

fn wins_section(out: &mut String, page: &PairPage) {
    section_start(out, "wins", "Milestones met");
    if page.wins.is_empty() {
        out.push_str("<p>None yet.</p>\n</section>\n");
        return;
    }
    out.push_str("<ul class=\"wins\">\n");
    for win in &page.wins {
        let competency = win
            .competency
            .as_ref()
            .map(|c| {
                format!(
                    "<span class=\"competency tag\">Competency: {}</span>",
                    escape(&c.label)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<li><span class=\"check\" aria-hidden=\"true\">✓</span><span><strong>{}</strong>\
             <span class=\"met-when\">{}</span>{competency}</span></li>",
            escape(&win.milestone.label),
            escape(&met_words(win))
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn owed_section(out: &mut String, page: &PairPage) {
    section_start(out, "owed", "Milestones still owed");
    if page.owed.is_empty() {
        out.push_str("<p>None: every milestone is met.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th scope=\"col\">Milestone</th><th scope=\"col\">Competency</th>\
         <th scope=\"col\">Due</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n",
    );
    for owed in &page.owed {
        let state = if owed.overdue {
            "<span class=\"state-overdue\">overdue</span>"
        } else {
            "not yet due"
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{state}</td></tr>",
            named(&owed.milestone),
            owed.competency
                .as_ref()
                .map_or("—".to_owned(), |c| escape(&c.label)),
            escape(owed.deadline.as_deref().unwrap_or("—"))
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn phase_section(out: &mut String, page: &PairPage) {
    let Some(phase) = &page.phase else {
        section_start(out, "phase", "Phase");
        out.push_str("<p>No session held yet.</p>\n</section>\n");
        return;
    };
    let title = format!(
        "<span class=\"kicker\">Phase {} of {}</span> {} <span class=\"range\">{}</span>",
        phase.position,
        phase.of,
        escape(&phase.label),
        words::session_range_title(phase.first_session, phase.last_session)
    );
    section_start(out, "phase", &title);
    if phase.goals.is_empty() {
        out.push_str("<p>The program states no goals for this phase.</p>\n");
    } else {
        out.push_str("<h3>Goals</h3>\n<ul class=\"goals\">\n");
        for goal in &phase.goals {
            let _ = writeln!(out, "<li>{}</li>", escape(goal));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The marker beside a session, and its class: the number of a held session, a cross for a
/// missed one, an ellipsis for a plan. The words beside it say the same.
fn marker(entry: &TimelineEntry) -> (String, &'static str) {
    match entry.status {
        SessionStatus::Held => (
            entry.number.map_or("•".to_owned(), |n| n.to_string()),
            "held",
        ),
        SessionStatus::Cancelled | SessionStatus::NoShow => ("✕".to_owned(), "missed"),
        SessionStatus::Planned => ("…".to_owned(), "planned"),
    }
}

fn sessions_section(out: &mut String, page: &PairPage) {
    section_start(out, "sessions", "Sessions");
    if page.timeline.is_empty() {
        out.push_str("<p>No session logged yet.</p>\n</section>\n");
        return;
    }
    out.push_str("<ol class=\"timeline\">\n");
    for entry in &page.timeline {
        let (mark, class) = marker(entry);
        let when = match (entry.number, entry.status) {
            (Some(n), SessionStatus::Held) => format!("Session {n}"),
            (None, SessionStatus::Held) => "Session".to_owned(),
            (_, status) => {
                let status = status.as_str();
                let mut chars = status.chars();
                chars.next().map_or(String::new(), |first| {
                    first.to_uppercase().chain(chars).collect()
                })
            }
        };
        let date = match entry.date {
            Some(date) if entry.after_as_of => format!(
                " · <span class=\"date\">{date}</span> (after {})",
                page.as_of
            ),
            Some(date) => format!(" · <span class=\"date\">{date}</span>"),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<li class=\"{class}\"><span class=\"marker\" aria-hidden=\"true\">{mark}</span>\
             <span class=\"when\">{when}{date}</span> <span class=\"what\">— {}</span>",
            session_words(entry)
        );
        let mut details = Vec::new();
        if let Some(phase) = &entry.phase {
            details.push(format!("Phase: {}", escape(&phase.label)));
        }
        if !entry.lenses.is_empty() {
            let lenses: Vec<String> = entry.lenses.iter().map(log_id).collect();
            details.push(format!("Lens: {}", lenses.join(", ")));
        }
        if let Some(outcome) = &entry.outcome {
            let id = LogId {
                id: outcome.id.clone(),
                label: outcome.label.clone(),
            };
            let failed = if outcome.failed {
                " <strong>(failed its purpose)</strong>"
            } else {
                ""
            };
            details.push(format!("Outcome: {}{failed}", log_id(&id)));
        }
        if let Some(minutes) = entry
            .minutes
            .filter(|_| entry.status == SessionStatus::Held)
        {
            details.push(words::minutes(minutes));
        }
        if !details.is_empty() {
            let _ = write!(out, "\n<p class=\"details\">{}</p>", details.join(" · "));
        }
        for met in &entry.met {
            let _ = write!(
                out,
                "\n<p class=\"details win\">✓ Met: {}</p>",
                escape(&met.label)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

fn risks_section(out: &mut String, page: &PairPage) {
    if page.risks.is_empty() {
        return;
    }
    section_start(out, "risks", "At risk");
    out.push_str("<ul>\n");
    for risk in &page.risks {
        let milestone = risk
            .milestone
            .as_deref()
            .map(|m| format!(" <code>{}</code>", escape(m)))
            .unwrap_or_default();
        let due = risk
            .due
            .map(|d| format!(": due by <span class=\"date\">{d}</span>"))
            .unwrap_or_default();
        let _ = writeln!(out, "<li>{}{milestone}{due}</li>", risk.reason.describe());
    }
    out.push_str("</ul>\n</section>\n");
}

fn findings_section(out: &mut String, page: &PairPage) {
    section_start(out, "findings", "Findings");
    if page.findings.is_empty() {
        let _ = writeln!(
            out,
            "<p>None: the log follows the program as of <span class=\"date\">{}</span>.</p>\n</section>",
            page.as_of
        );
        return;
    }
    let _ = writeln!(out, "<p>{}</p>", escape(&findings_lead(page)));
    out.push_str(
        "<table>\n<thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th>\
         <th scope=\"col\">Finding</th></tr></thead>\n<tbody>\n",
    );
    for finding in &page.findings {
        let class = if finding.severity == Severity::Error {
            " class=\"finding-error\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"nowrap\">{} <code>{}</code></td><td{class}>{}</td><td>{}</td></tr>",
            finding.code,
            finding.name,
            finding.severity.as_str(),
            code_spans(&escape(&finding.message))
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// An escaped message with its backticked ids (`` `senior-ic` ``) as `<code>`, the way the
/// Markdown shows them; a message with an unpaired backtick is left as it is.
fn code_spans(escaped: &str) -> String {
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escaped.to_owned();
    }
    let mut out = String::with_capacity(escaped.len());
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}
