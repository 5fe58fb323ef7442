//! The dated plan (`--start` and a cadence): each session with its estimated date, phase, lens
//! (the review's for a review session) and the milestones due by then, as both formats lay it
//! out. At most [`PROGRESSION_ROWS`] rows; one more says what the rest is.

use std::fmt::Write as _;

use jiff::civil::Date;

use super::{LensUse, MilestoneView, PROGRESSION_ROWS, Playbook, session_dates};
use crate::model::{Lens, Phase};
use crate::render::html::escape as html_escape;
use crate::render::markdown::text as md_text;
use crate::words;

/// The dated plan: one row per session, as far as the playbook lists them.
#[derive(Debug)]
pub struct SessionPlan<'p, 'a> {
    pub rows: Vec<PlanRow<'p, 'a>>,
    /// The sessions past the rows listed, said in one row.
    pub rest: Option<PlanRest>,
}

/// One session of the dated plan.
#[derive(Debug)]
pub struct PlanRow<'p, 'a> {
    pub session: u32,
    /// Estimated from the cadence; `None` past 9999-12-31.
    pub date: Option<Date>,
    /// The phase's number (from 1) and the phase, if one covers the session.
    pub phase: Option<(usize, &'a Phase)>,
    /// A review session (the review's lens, if it has one, is in `lens`).
    pub review: bool,
    pub lens: PlanLens<'a>,
    /// The milestones whose deadline falls after the previous session and by this one.
    pub due: Vec<&'p MilestoneView<'a>>,
}

/// The lens a session of the plan uses.
#[derive(Debug)]
pub enum PlanLens<'a> {
    /// The progression's (or the review's) lens; `None` when the plan knows of no lens.
    Lens(Option<&'a Lens>),
    /// No progression: the phase's rule, which leaves the pair a choice.
    Use(LensUse<'a>),
}

/// The sessions a plan does not list one by one.
#[derive(Debug)]
pub struct PlanRest {
    pub first: u32,
    pub last: u32,
    /// The estimated dates of `first` and `last`.
    pub dates: Option<(Date, Date)>,
    /// How many milestones fall due in them.
    pub milestones: usize,
}

impl PlanRest {
    /// "The phases go on as above for 250 more sessions; 2 more milestones fall due in them."
    pub fn sentence(&self) -> String {
        let sessions = words::count(
            u64::from(self.last - self.first + 1),
            "more session",
            "more sessions",
        );
        let milestones = match self.milestones {
            0 => String::new(),
            n => format!(
                "; {} due in them (see Milestones)",
                words::count(n as u64, "more milestone falls", "more milestones fall")
            ),
        };
        format!("The phases go on as above for {sessions}{milestones}.")
    }
}

impl<'a> Playbook<'a> {
    /// The dated session-by-session plan (`--start` and a cadence): each session's estimated
    /// date, phase, lens and the milestones due by then, for at most [`PROGRESSION_ROWS`]
    /// sessions; `None` without dates.
    pub fn session_plan(&self) -> Option<SessionPlan<'_, 'a>> {
        let dates = session_dates(self.program, self.start)?;
        let last = self.program.last_session();
        if last == 0 {
            return None;
        }
        let reviews = self.review_sessions().sessions;
        let review_lens = self
            .program
            .review
            .as_ref()
            .and_then(|r| r.lens.as_deref())
            .and_then(|id| self.lens(id));
        // Each milestone is listed at the last session on or before its deadline (its last
        // chance), a deadline before session 1 at session 1, one past the last at the last.
        let mut due_at: Vec<(u32, &MilestoneView<'a>)> = self
            .milestones
            .iter()
            .filter_map(|view| {
                let position = self.deadline_position(view.due.as_ref()?.deadline)?;
                let session = if position < 1.0 {
                    1
                } else if position >= f64::from(last) {
                    last
                } else {
                    // In 1..last, so the cast keeps the value.
                    position.floor() as u32
                };
                Some((session, view))
            })
            .collect();
        due_at.sort_by_key(|(session, view)| (*session, view.number));
        let listed_last = last.min(PROGRESSION_ROWS);
        let rows = (1..=listed_last)
            .map(|session| {
                let phase = self
                    .program
                    .phases
                    .iter()
                    .enumerate()
                    .find(|(_, p)| (p.first_session..=p.last_session).contains(&session));
                let is_review = reviews.binary_search(&session).is_ok();
                let lens = match phase {
                    _ if is_review && review_lens.is_some() => PlanLens::Lens(review_lens),
                    Some((_, phase)) => match phase
                        .progression
                        .as_ref()
                        .and_then(|p| p.expected_lens(phase, session))
                        .and_then(|id| self.lens(id))
                    {
                        Some(lens) => PlanLens::Lens(Some(lens)),
                        None => PlanLens::Use(self.lens_use(phase)),
                    },
                    None => PlanLens::Lens(None),
                };
                PlanRow {
                    session,
                    date: dates.date_of(session),
                    phase: phase.map(|(index, p)| (index + 1, p)),
                    review: is_review,
                    lens,
                    due: due_at
                        .iter()
                        .filter(|(at, _)| *at == session)
                        .map(|(_, view)| *view)
                        .collect(),
                }
            })
            .collect();
        let rest = (listed_last < last).then(|| PlanRest {
            first: listed_last + 1,
            last,
            dates: dates.date_of(listed_last + 1).zip(dates.date_of(last)),
            milestones: due_at.iter().filter(|(at, _)| *at > listed_last).count(),
        });
        Some(SessionPlan { rows, rest })
    }
}

/// The dated plan (`--start` and a cadence): a row per session with its estimated date, lens
/// and the milestones due by then, grouped by phase (a `tbody` each, headed by the phase and
/// its lens rule). It breaks only between phases.
pub(super) fn html(out: &mut String, playbook: &Playbook, plan: &SessionPlan) {
    // Not kept whole like a short table: it breaks between phases (each `tbody` is kept
    // whole), its header repeated, so it can start under the last phase.
    out.push_str(
        "<table class=\"plan\">\n<thead><tr><th scope=\"col\" class=\"num\">Session</th>\
         <th scope=\"col\">Around</th><th scope=\"col\">Lens</th>\
         <th scope=\"col\">Milestones due</th></tr></thead>\n",
    );
    let mut current_phase = None;
    for row in &plan.rows {
        let phase_number = row.phase.map(|(number, _)| number);
        if current_phase != Some(phase_number) {
            if current_phase.is_some() {
                out.push_str("</tbody>\n");
            }
            current_phase = Some(phase_number);
            let heading = match row.phase {
                Some((number, phase)) => {
                    let rule = match playbook.lens_use(phase) {
                        LensUse::Any => " <span class=\"tag\">· any lens</span>".to_owned(),
                        LensUse::None => " <span class=\"tag\">· no lens</span>".to_owned(),
                        LensUse::Choose { count, lenses } if phase.progression.is_none() => {
                            format!(
                                " <span class=\"tag\">· each session {count} of: {}</span>",
                                lenses
                                    .iter()
                                    .map(|l| super::html::lens_link(l))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }
                        LensUse::Choose { .. } => String::new(),
                    };
                    format!("{number}. {}{rule}", html_escape(&phase.label))
                }
                None => "In no phase".to_owned(),
            };
            let _ = writeln!(
                out,
                "<tbody>\n<tr class=\"phase\"><th scope=\"rowgroup\" colspan=\"4\">{heading}</th></tr>"
            );
        }
        // The phase's heading states a rule that leaves the pair a choice; the row says only
        // what the plan knows.
        let mut lens = match &row.lens {
            PlanLens::Lens(Some(lens)) => super::html::lens_link(lens),
            PlanLens::Lens(None) | PlanLens::Use(_) => String::new(),
        };
        if row.review {
            if !lens.is_empty() {
                lens.push(' ');
            }
            lens.push_str("<strong>(review)</strong>");
        }
        let due = row
            .due
            .iter()
            .map(|view| {
                let by = view
                    .due
                    .as_ref()
                    .map(|due| format!(" ({})", due.deadline.describe()))
                    .unwrap_or_default();
                format!(
                    "{}. {}{by}",
                    view.number,
                    html_escape(&view.milestone.label)
                )
            })
            .collect::<Vec<_>>()
            .join("<br>");
        let date = row.date.map_or(String::new(), |d| {
            format!("<span class=\"date\">{d}</span>")
        });
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{date}</td><td>{lens}</td><td>{due}</td></tr>",
            row.session
        );
    }
    if current_phase.is_some() {
        out.push_str("</tbody>\n");
    }
    if let Some(rest) = &plan.rest {
        let _ = writeln!(
            out,
            "<tbody>\n<tr><td class=\"num nowrap\">{}–{}</td><td>{}</td><td colspan=\"2\">{}</td></tr>\n</tbody>",
            rest.first,
            rest.last,
            rest.dates.map_or(String::new(), |(first, last)| format!(
                "<span class=\"date\">{first}</span> – <span class=\"date\">{last}</span>"
            )),
            html_escape(&rest.sentence())
        );
    }
    out.push_str(
        "</table>\n<p class=\"note\">Each milestone is listed at the last session on or before \
         its deadline. Dates are estimates: session 1 on the start date, then one session per \
         cadence interval.</p>\n",
    );
}

/// The dated plan (`--start` and a cadence): a row per session with its estimated date, phase,
/// lens and the milestones due by then.
pub(super) fn markdown(out: &mut String, plan: &SessionPlan) {
    out.push_str(
        "| Session | Around | Phase | Lens | Milestones due |\n| --- | --- | --- | --- | --- |\n",
    );
    // A phase without a progression leaves every session the same choice of lenses: it is
    // written out on the phase's first row, and later rows point back to it.
    let mut choice_stated: Option<(usize, u32)> = None;
    for row in &plan.rows {
        let date = row.date.map(|d| d.to_string()).unwrap_or_default();
        let phase = row.phase.map_or("—".to_owned(), |(number, phase)| {
            format!("{number}. {}", md_text(&phase.label))
        });
        let number = row.phase.map(|(number, _)| number);
        let mut lens = match &row.lens {
            PlanLens::Lens(Some(lens)) => md_text(&lens.label),
            PlanLens::Lens(None) => "—".to_owned(),
            PlanLens::Use(LensUse::Choose { .. })
                if number.is_some() && choice_stated.map(|(n, _)| n) == number =>
            {
                let first = choice_stated.map_or(row.session, |(_, session)| session);
                format!("as session {first}")
            }
            PlanLens::Use(lens_use @ LensUse::Choose { .. }) => {
                choice_stated = number.map(|n| (n, row.session));
                super::markdown::lens_use_short(lens_use)
            }
            PlanLens::Use(lens_use) => super::markdown::lens_use_short(lens_use),
        };
        if row.review {
            lens.push_str(" **(review)**");
        }
        let due = row
            .due
            .iter()
            .map(|view| {
                let by = view
                    .due
                    .as_ref()
                    .map(|due| format!(" ({})", due.deadline.describe()))
                    .unwrap_or_default();
                format!("{}. {}{by}", view.number, md_text(&view.milestone.label))
            })
            .collect::<Vec<_>>()
            .join("<br>");
        let _ = writeln!(
            out,
            "| {} | {date} | {phase} | {lens} | {due} |",
            row.session
        );
    }
    if let Some(rest) = &plan.rest {
        let dates = rest
            .dates
            .map(|(first, last)| format!("{first} – {last}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "| {}–{} | {dates} | {} | | |",
            rest.first,
            rest.last,
            md_text(&rest.sentence())
        );
    }
    out.push_str(
        "\n_Each milestone is listed at the last session on or before its deadline. Dates are \
         estimates: session 1 on the start date, then one session per cadence interval._\n\n",
    );
}
