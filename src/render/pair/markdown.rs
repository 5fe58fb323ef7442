//! A pair's page as Markdown: one section per part of a [`PairPage`], in the order the pair asks
//! about itself (where it stands, what comes next, what it met, what it owes, the phase, the
//! sessions, then what is wrong). Program strings and messages go through
//! `render::markdown::text`; ids from a log looked like ids before they reached the page, and
//! are shown in code spans.

use std::fmt::Write as _;

use super::{findings_lead, finished_words, gap_words, met_words, session_words};
use crate::cohort::{LogId, Named, PairName, PairPage};
use crate::render::markdown::text;

pub fn render_pair_markdown(page: &PairPage) -> String {
    let mut out = String::new();
    heading(&mut out, page);
    next_section(&mut out, page);
    wins_section(&mut out, page);
    owed_section(&mut out, page);
    phase_section(&mut out, page);
    sessions_section(&mut out, page);
    risks_section(&mut out, page);
    findings_section(&mut out, page);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// "Label (`id`)".
fn named(named: &Named) -> String {
    format!("{} (`{}`)", text(&named.label), named.id)
}

/// "Label (`id`)", or "`id`" for an id the program does not know.
fn log_id(id: &LogId) -> String {
    match &id.label {
        Some(label) => format!("{} (`{}`)", text(label), id.id),
        None => format!("`{}`", id.id),
    }
}

fn dash_or(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_owned())
}

fn heading(out: &mut String, page: &PairPage) {
    match &page.pair {
        PairName::Id(id) => {
            let _ = writeln!(out, "# Pair page: `{id}`\n");
        }
        PairName::Place(place) => {
            let _ = writeln!(out, "# Pair page: {}\n", text(place));
        }
    }
    let program = &page.program;
    let version = program
        .version
        .as_deref()
        .map(|v| format!(", version {}", text(v)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{} (`{}`){version}. As of {}.\n",
        text(&program.title),
        program.id,
        page.as_of
    );
    out.push_str(
        "| status | track | started | program ends | sessions held | cancelled | no-shows | milestones met |\n\
         | --- | --- | --- | --- | ---: | ---: | ---: | ---: |\n",
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} | {} of {} |\n",
        page.status.as_str(),
        dash_or(page.track.as_ref().map(named)),
        dash_or(page.started.map(|d| d.to_string())),
        dash_or(page.program_ends.map(|d| d.to_string())),
        page.held,
        page.cancelled,
        page.no_shows,
        page.wins.len(),
        page.milestones_owed()
    );
}

fn next_section(out: &mut String, page: &PairPage) {
    out.push_str("## What comes next\n\n");
    if let Some(finished) = finished_words(page.status) {
        let _ = writeln!(out, "{finished}\n");
        return;
    }
    if let Some(next) = &page.next_session {
        let session = next
            .number
            .map_or(String::new(), |n| format!("session {n}, "));
        let opens = next
            .opens_phase
            .as_ref()
            .map(|p| format!("; it opens {}", named(p)))
            .unwrap_or_default();
        match next.due_by {
            Some(due) => {
                let why = next
                    .longest_gap_days
                    .map(|days| format!(" ({})", gap_words(days)))
                    .unwrap_or_default();
                let by = if due < page.as_of {
                    format!("was due by **{due}**: overdue")
                } else {
                    format!("by **{due}** at the latest")
                };
                let _ = writeln!(out, "- **Next session**: {session}{by}{why}{opens}.");
            }
            None => {
                let why = no_date_reason(next.longest_gap_days);
                let _ = writeln!(out, "- **Next session**: {session}no date: {why}{opens}.");
            }
        }
    }
    match page.next_deadline() {
        Some(owed) => {
            let _ = writeln!(
                out,
                "- **Next deadline**: {}, {}.",
                named(&owed.milestone),
                dash_or(owed.deadline.clone())
            );
        }
        None if page.owed.iter().any(|o| o.overdue) => {
            out.push_str("- **Next deadline**: none ahead; the milestones below are overdue.\n");
        }
        None => out.push_str("- **Next deadline**: none; every milestone is met.\n"),
    }
    out.push('\n');
}

fn wins_section(out: &mut String, page: &PairPage) {
    out.push_str("## Milestones met\n\n");
    if page.wins.is_empty() {
        out.push_str("None yet.\n\n");
        return;
    }
    for win in &page.wins {
        let competency = win
            .competency
            .as_ref()
            .map(|c| format!(" — {}", text(&c.label)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- ✓ **{}** (`{}`){competency}: {}.",
            text(&win.milestone.label),
            win.milestone.id,
            met_words(win)
        );
    }
    out.push('\n');
}

fn owed_section(out: &mut String, page: &PairPage) {
    out.push_str("## Milestones still owed\n\n");
    if page.owed.is_empty() {
        out.push_str("None: every milestone is met.\n\n");
        return;
    }
    out.push_str("| milestone | competency | due | state |\n| --- | --- | --- | --- |\n");
    for owed in &page.owed {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            named(&owed.milestone),
            dash_or(owed.competency.as_ref().map(|c| text(&c.label))),
            dash_or(owed.deadline.clone()),
            if owed.overdue {
                "**overdue**"
            } else {
                "not yet due"
            }
        );
    }
    out.push('\n');
}

fn phase_section(out: &mut String, page: &PairPage) {
    let Some(phase) = &page.phase else {
        out.push_str("## Phase\n\nNo session held yet.\n\n");
        return;
    };
    let _ = writeln!(
        out,
        "## Phase {} of {}: {} (`{}`)\n\n{}.\n",
        phase.position,
        phase.of,
        text(&phase.label),
        phase.id,
        crate::words::session_range_title(phase.first_session, phase.last_session)
    );
    if phase.goals.is_empty() {
        out.push_str("The program states no goals for this phase.\n\n");
        return;
    }
    out.push_str("Goals:\n\n");
    for goal in &phase.goals {
        let _ = writeln!(out, "- {}", text(goal));
    }
    out.push('\n');
}

fn sessions_section(out: &mut String, page: &PairPage) {
    out.push_str("## Sessions\n\n");
    if page.timeline.is_empty() {
        out.push_str("No session logged yet.\n\n");
        return;
    }
    out.push_str(
        "| session | date | what | phase | lenses | outcome | milestones met |\n\
         | ---: | --- | --- | --- | --- | --- | --- |\n",
    );
    for entry in &page.timeline {
        let date = match entry.date {
            Some(date) if entry.after_as_of => format!("{date} (after {})", page.as_of),
            Some(date) => date.to_string(),
            None => "—".to_owned(),
        };
        let lenses = if entry.lenses.is_empty() {
            "—".to_owned()
        } else {
            entry
                .lenses
                .iter()
                .map(log_id)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let outcome = entry.outcome.as_ref().map(|o| {
            let failed = if o.failed { " — failed" } else { "" };
            let id = LogId {
                id: o.id.clone(),
                label: o.label.clone(),
            };
            format!("{}{failed}", log_id(&id))
        });
        let met = if entry.met.is_empty() {
            "—".to_owned()
        } else {
            entry
                .met
                .iter()
                .map(|m| format!("✓ {}", named(m)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | {date} | {} | {} | {lenses} | {} | {met} |",
            dash_or(entry.number.map(|n| n.to_string())),
            session_words(entry),
            dash_or(entry.phase.as_ref().map(|p| text(&p.label))),
            dash_or(outcome)
        );
    }
    out.push('\n');
}

fn risks_section(out: &mut String, page: &PairPage) {
    if page.risks.is_empty() {
        return;
    }
    out.push_str("## At risk\n\n");
    for risk in &page.risks {
        let milestone = risk
            .milestone
            .as_deref()
            .map(|m| format!(" `{m}`"))
            .unwrap_or_default();
        let due = risk
            .due
            .map(|d| format!(": due by {d}"))
            .unwrap_or_default();
        let _ = writeln!(out, "- {}{milestone}{due}", risk.reason.describe());
    }
    out.push('\n');
}

fn findings_section(out: &mut String, page: &PairPage) {
    out.push_str("## Findings\n\n");
    if page.findings.is_empty() {
        let _ = writeln!(
            out,
            "None: the log follows the program as of {}.\n",
            page.as_of
        );
        return;
    }
    let _ = writeln!(out, "{}\n", findings_lead(page));
    out.push_str("| rule | severity | finding |\n| --- | --- | --- |\n");
    for finding in &page.findings {
        let _ = writeln!(
            out,
            "| {} `{}` | {} | {} |",
            finding.code,
            finding.name,
            finding.severity.as_str(),
            text(&finding.message)
        );
    }
    out.push('\n');
}

/// Why the next session has no date: the program sets no longest gap, or the log has nothing
/// to count it from (no `started` date and no held session dated, or a date past the calendar).
pub(super) fn no_date_reason(longest_gap_days: Option<u32>) -> &'static str {
    match longest_gap_days {
        None => "the program sets no longest gap between sessions",
        Some(_) => "the log gives no start date or dated session to count the longest gap from",
    }
}
