//! A pair's own page (`mentor status`) in its two formats: Markdown, and one self-contained,
//! printable HTML page. Both lay out the same [`PairPage`] and take their sentences from here,
//! so they always say the same things.
//!
//! Architecture Invariant: no clock and no IO; the same page gives byte-identical output. Every
//! string from the program or the log is escaped for its format; what the functions here return
//! holds only our words, dates and numbers (ids and labels are added by each renderer, escaped).

mod html;
mod markdown;

pub use html::render_pair_html;
pub use markdown::render_pair_markdown;

use crate::cohort::{PairPage, TimelineEntry, Win};
use crate::log::{PairStatus, SessionKind, SessionStatus};
use crate::words;

/// "met on 2025-02-03 in session 3, on time: due by session 4", "met on …, late: due by …", or
/// less when the session gives no date or number, or the milestone no deadline.
fn met_words(win: &Win) -> String {
    let met = match (win.date, win.session) {
        (Some(date), Some(n)) => format!("met on {date} in session {n}"),
        (Some(date), None) => format!("met on {date}"),
        (None, Some(n)) => format!("met in session {n}"),
        (None, None) => "met".to_owned(),
    };
    let when = if win.on_time { "on time" } else { "late" };
    match &win.deadline {
        Some(deadline) => format!("{met}, {when}: due {deadline}"),
        None => met,
    }
}

/// What happened to a session: "held, check-in", "held, review", "cancelled", "no-show",
/// "planned".
fn session_words(entry: &TimelineEntry) -> String {
    match entry.status {
        SessionStatus::Held => format!(
            "held, {}",
            match entry.kind {
                SessionKind::CheckIn => "check-in",
                SessionKind::Review => "review",
            }
        ),
        status => status.as_str().to_owned(),
    }
}

/// The sentence that stands for "what comes next" when nothing does: a pair that completed,
/// withdrew or was re-matched owes no session.
fn finished_words(status: PairStatus) -> Option<&'static str> {
    match status {
        PairStatus::Completed => Some("The pair completed the program: no session is due."),
        PairStatus::Withdrawn => Some("The pair withdrew from the program: no session is due."),
        PairStatus::Rematched => {
            Some("The pair was re-matched after its chemistry sessions: no session is due.")
        }
        PairStatus::Active => None,
    }
}

/// The findings' lead: how many, and that the page does not depend on them.
fn findings_lead(page: &PairPage) -> String {
    format!(
        "As of {}, checking this log against the program finds {}:",
        page.as_of,
        words::plural(page.findings.len() as i64, "problem")
    )
}

/// "the program allows at most 4 weeks between sessions": why the next session is due when it
/// is.
fn gap_words(days: u32) -> String {
    format!(
        "the program allows at most {} between sessions",
        words::days_or_weeks(days)
    )
}
