//! Playbooks: the program as mentors and mentees read it, in Markdown or print-ready HTML.
//!
//! [`Playbook::new`] turns a checked [`Program`] (and optionally one of its tracks and a start
//! date) into a view both renderers read: which lenses get a worksheet, the milestones grouped by
//! competency with their deadlines worked out, the session dates a cadence implies. The
//! renderers only lay that view out, so Markdown and HTML always say the same things.
//!
//! Architecture Invariant: rendering does no IO and reads no clock. The same program, track and
//! start date give byte-identical output (snapshots and CI diffs rely on it).
//!
//! Architecture Invariant: every string a program author wrote reaches the page in their own
//! words. Connective text ("what to bring", "around …") is ours; the rules are theirs.

mod html;
mod markdown;
mod matching;
mod plan;
mod timeline;

use std::collections::HashMap;

use jiff::civil::Date;

use crate::schedule::{SessionDates, add_days, cadence_dates};
use crate::words;

use crate::model::{
    CountRule, Deadline, Evidence, Lens, LensRule, Milestone, Period, Phase, Program,
    ReviewSchedule, Track,
};

pub(crate) use html::STYLE;
pub use html::{Paper, render_html};
pub use markdown::render_markdown;
pub use plan::{PlanLens, PlanRest, PlanRow, SessionPlan};

/// What a playbook shows: the program, seen from one track (or none) and one start date (or none).
#[derive(Debug)]
pub struct Playbook<'a> {
    pub program: &'a Program,
    /// With `--track`: the track whose milestones replace or add to the program's.
    pub track: Option<&'a Track>,
    /// With `--start`: the program's first day; deadlines become calendar dates.
    pub start: Option<Date>,
    /// The milestones the reader's pair owes, grouped by competency and numbered from 1.
    pub milestones: Vec<MilestoneView<'a>>,
    /// Lenses that get a worksheet: those a phase allows, reviews use or a milestone needs as
    /// evidence.
    pub lenses: Vec<&'a Lens>,
    /// Lookups built once. The renderers ask, for every phase, lens and milestone, about the
    /// others; answered by scanning, a playbook of 100,000 of each took minutes (quadratic).
    index: Index<'a>,
}

#[derive(Debug, Default)]
struct Index<'a> {
    lens: HashMap<&'a str, &'a Lens>,
    /// The program's own milestones (not the tracks') by id.
    program_milestone: HashMap<&'a str, &'a Milestone>,
    /// Lens id → the phases (in program order) whose rule names it and admits it; phases
    /// without a lens rule admit every lens and are kept apart in `unrestricted_phases`.
    phases_naming: HashMap<&'a str, Vec<usize>>,
    unrestricted_phases: Vec<usize>,
    /// Lens id → the milestones (indices into `Playbook::milestones`) it is the evidence for.
    evidence_for: HashMap<&'a str, Vec<usize>>,
    /// Competency id → its place in the program's declaration order.
    competency_rank: HashMap<&'a str, usize>,
}

/// The review sessions that fall in a phase, as the log skeleton places them: every N-th
/// session (a pair may hold one earlier, as the rule is "at least every N"), or the sessions
/// the program lists.
#[derive(Debug)]
pub struct ReviewsView<'a> {
    /// At most [`PROGRESSION_ROWS`] of them.
    pub sessions: Vec<u32>,
    /// `review every N sessions`: N. `None` for listed sessions.
    pub every: Option<u32>,
    /// Reviews of the phase past the listed ones, when the list was cut at
    /// [`PROGRESSION_ROWS`]: how many, and the last.
    pub more: Option<(usize, u32)>,
    /// The review's `with lens`, used in place of the phase's lenses and progression.
    pub lens: Option<&'a Lens>,
}

impl ReviewsView<'_> {
    /// "Sessions 4 and 8 are reviews (a review at least every 4 sessions)", or for listed
    /// sessions "Sessions 4 and 8 are reviews"; a cut list says what follows it. The lens is
    /// left to the caller, which escapes its label for its format.
    pub fn sentence(&self) -> String {
        let listed: Vec<String> = self.sessions.iter().map(u32::to_string).collect();
        let which = match (listed.as_slice(), self.more) {
            ([one], None) => format!("Session {one} is a review"),
            (_, None) => format!("Sessions {} are reviews", words::and_list(&listed)),
            (_, Some((count, last))) => {
                let after = match self.every {
                    Some(1) => format!("every session after that up to session {last}"),
                    Some(every) => format!(
                        "every {} session after that up to session {last}",
                        words::ordinal(every)
                    ),
                    None => format!(
                        "{} more listed up to session {last}",
                        words::count(count as u64, "session", "sessions")
                    ),
                };
                format!("Sessions {}, and {after}, are reviews", listed.join(", "))
            }
        };
        match self.every {
            Some(every) => format!(
                "{which} (a review at least every {})",
                words::count(u64::from(every), "session", "sessions")
            ),
            None => which,
        }
    }
}

/// The review sessions of the whole program, as far as the phases list them.
#[derive(Debug)]
pub struct ReviewSessions {
    /// Ascending, each once.
    pub sessions: Vec<u32>,
    /// A phase had more reviews than the [`PROGRESSION_ROWS`] listed.
    pub capped: bool,
}

/// A phase's progression, session by session, as far as the playbook lists it.
#[derive(Debug)]
pub struct ProgressionView<'a> {
    pub rows: Vec<(u32, &'a Lens)>,
    /// When the phase runs on past the rows listed: its first session not listed and its
    /// last. The progression only repeats from there.
    pub continues: Option<(u32, u32)>,
}

/// Rows of a progression table: a phase longer than this continues the same rotation, which
/// the table says in one row instead of one per session (a phase may span 100,000 sessions).
pub const PROGRESSION_ROWS: u32 = 50;

/// One milestone as the playbook shows it.
#[derive(Debug)]
pub struct MilestoneView<'a> {
    /// 1-based; the timeline marks milestones by this number.
    pub number: usize,
    pub milestone: &'a Milestone,
    /// Added by the selected track (not one of the program's own).
    pub from_track: bool,
    /// The program milestone this track milestone stands in for.
    pub replaces: Option<&'a Milestone>,
    pub due: Option<Due>,
}

/// A deadline in words, and as a date when the playbook has a start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub deadline: Deadline,
    pub date: Option<DueDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueDate {
    /// A calendar deadline: `by week N` from the start date, or a fixed date.
    Exact(Date),
    /// `by session N`: the date session N falls on if every session keeps the cadence.
    Estimate(Date),
}

/// A group of milestones under one competency (or under none).
#[derive(Debug)]
pub struct CompetencyGroup<'p, 'a> {
    /// `None`: milestones tied to no competency.
    pub label: Option<&'a str>,
    pub docs: &'a [String],
    pub milestones: Vec<&'p MilestoneView<'a>>,
}

/// What a phase's lens rule means for a session, with lens labels resolved.
#[derive(Debug)]
pub enum LensUse<'a> {
    /// No `lenses` line: any lens, any number.
    Any,
    /// `lenses none`.
    None,
    Choose {
        /// "exactly 1", "at least 2" …
        count: String,
        lenses: Vec<&'a Lens>,
    },
}

impl<'a> Playbook<'a> {
    /// The playbook for `program` as a pair on `track` sees it, dated from `start` when given.
    pub fn new(program: &'a Program, track: Option<&'a Track>, start: Option<Date>) -> Self {
        let mut index = Index {
            lens: program.lenses.iter().map(|l| (l.id.as_str(), l)).collect(),
            competency_rank: program
                .competencies
                .iter()
                .enumerate()
                .map(|(rank, c)| (c.id.as_str(), rank))
                .collect(),
            ..Index::default()
        };
        for (position, phase) in program.phases.iter().enumerate() {
            match &phase.lens_rule {
                LensRule::Unrestricted => index.unrestricted_phases.push(position),
                LensRule::None => {}
                // Every lens listed is allowed unless the rule admits none.
                LensRule::Choose { count, of } if count.max() != Some(0) => {
                    for lens in of {
                        let phases = index.phases_naming.entry(lens.as_str()).or_default();
                        // A list naming a lens twice is a `P003` error, but stay exact anyway.
                        if phases.last() != Some(&position) {
                            phases.push(position);
                        }
                    }
                }
                LensRule::Choose { .. } => {}
            }
        }
        index.program_milestone = program
            .milestones
            .iter()
            .map(|m| (m.id.as_str(), m))
            .collect();
        let added_by_track: HashMap<*const Milestone, &crate::model::TrackMilestone> = track
            .map(|t| {
                t.milestones
                    .iter()
                    .map(|m| (&raw const m.milestone, m))
                    .collect()
            })
            .unwrap_or_default();
        let owed = program.milestones_for_track(track.map(|t| t.id.as_str()));
        let mut milestones = owed
            .into_iter()
            .map(|milestone| {
                let track_milestone = added_by_track.get(&std::ptr::from_ref(milestone));
                let replaces = track_milestone
                    .and_then(|m| m.replaces.as_ref())
                    .and_then(|(id, _)| index.program_milestone.get(id.as_str()).copied());
                MilestoneView {
                    number: 0,
                    milestone,
                    from_track: track_milestone.is_some(),
                    replaces,
                    due: milestone
                        .due
                        .map(|deadline| due(deadline, start, session_dates(program, start))),
                }
            })
            .collect::<Vec<_>>();
        // Shown grouped by competency (in declaration order) and numbered as shown, so the
        // timeline's numbers read 1, 2, 3 down the tables. The sort is stable: program order
        // within a group.
        milestones.sort_by_cached_key(|m| index.competency_rank_of(m.milestone));
        for (position, view) in milestones.iter_mut().enumerate() {
            view.number = position + 1;
            if let Some(Evidence::Lens(lens)) = &view.milestone.evidence {
                index
                    .evidence_for
                    .entry(lens.as_str())
                    .or_default()
                    .push(position);
            }
        }
        let review_lens = program.review.as_ref().and_then(|r| r.lens.as_deref());
        let lenses = program
            .lenses
            .iter()
            .filter(|lens| {
                let id = lens.id.as_str();
                !index.unrestricted_phases.is_empty()
                    || index.phases_naming.contains_key(id)
                    || review_lens == Some(id)
                    || index.evidence_for.contains_key(id)
            })
            .collect();
        Playbook {
            program,
            track,
            start,
            milestones,
            lenses,
            index,
        }
    }

    /// A lens of the program by id.
    pub fn lens(&self, id: &str) -> Option<&'a Lens> {
        self.index.lens.get(id).copied()
    }

    /// One of the program's own milestones (not a track's) by id.
    pub fn program_milestone(&self, id: &str) -> Option<&'a Milestone> {
        self.index.program_milestone.get(id).copied()
    }

    /// Milestones grouped by competency, in the order the program declares competencies; the
    /// milestones tied to none come last.
    pub fn competency_groups(&self) -> Vec<CompetencyGroup<'_, 'a>> {
        // The milestones are already sorted by competency rank (the loose ones last), so each
        // group is one run of them.
        let mut groups: Vec<CompetencyGroup<'_, 'a>> = Vec::new();
        let mut current_rank = None;
        for view in &self.milestones {
            let rank = self.index.competency_rank_of(view.milestone);
            if current_rank != Some(rank) {
                current_rank = Some(rank);
                let competency = self.program.competencies.get(rank);
                groups.push(CompetencyGroup {
                    label: competency.map(|c| c.label.as_str()),
                    docs: competency.map_or(&[], |c| c.docs.as_slice()),
                    milestones: Vec::new(),
                });
            }
            if let Some(group) = groups.last_mut() {
                group.milestones.push(view);
            }
        }
        groups
    }

    /// The date session `n` falls on if sessions keep the cadence's rhythm from the start date.
    pub fn session_date(&self, n: u32) -> Option<Date> {
        session_dates(self.program, self.start)?.date_of(n)
    }

    /// The estimated first and last dates of a phase.
    pub fn phase_dates(&self, phase: &Phase) -> Option<(Date, Date)> {
        Some((
            self.session_date(phase.first_session)?,
            self.session_date(phase.last_session)?,
        ))
    }

    pub fn lens_use(&self, phase: &Phase) -> LensUse<'a> {
        match &phase.lens_rule {
            LensRule::Unrestricted => LensUse::Any,
            LensRule::None => LensUse::None,
            LensRule::Choose { count, of } => LensUse::Choose {
                count: count_text(*count),
                lenses: of.iter().filter_map(|id| self.lens(id)).collect(),
            },
        }
    }

    /// The phases whose sessions may use `lens`.
    pub fn phases_using(&self, lens: &Lens) -> Vec<&'a Phase> {
        let naming = self
            .index
            .phases_naming
            .get(lens.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        let mut positions = merge_sorted(naming, &self.index.unrestricted_phases);
        positions.dedup();
        positions
            .into_iter()
            .filter_map(|position| self.program.phases.get(position))
            .collect()
    }

    /// "Review sessions (every 4 sessions)" or "Review sessions (sessions 4, 8 and 12)" when
    /// `lens` is the review's lens: the sessions a worksheet is used in besides its phases'.
    pub fn review_use(&self, lens: &Lens) -> Option<String> {
        let review = self.program.review.as_ref()?;
        review.first_planned()?; // `review every 0 sessions` (`P007` off) plans no review
        (review.lens.as_deref() == Some(lens.id.as_str())).then(|| {
            let when = match &review.schedule {
                ReviewSchedule::Every(every) => format!(
                    "every {}",
                    words::count(u64::from(*every), "session", "sessions")
                ),
                ReviewSchedule::At { sessions, .. } => session_list(sessions),
            };
            format!("Review sessions ({when})")
        })
    }

    /// The milestones `lens` is the evidence for.
    pub fn milestones_evidenced_by(&self, lens: &Lens) -> Vec<&MilestoneView<'a>> {
        self.index
            .evidence_for
            .get(lens.id.as_str())
            .into_iter()
            .flatten()
            .filter_map(|&position| self.milestones.get(position))
            .collect()
    }

    /// The progression of a phase, session by session, for at most [`PROGRESSION_ROWS`]
    /// sessions.
    pub fn progression(&self, phase: &Phase) -> ProgressionView<'a> {
        let Some(progression) = &phase.progression else {
            return ProgressionView {
                rows: Vec::new(),
                continues: None,
            };
        };
        let listed_last = phase
            .last_session
            .min(phase.first_session.saturating_add(PROGRESSION_ROWS - 1));
        let rows: Vec<(u32, &'a Lens)> = (phase.first_session..=listed_last)
            .filter_map(|n| {
                let id = progression.expected_lens(phase, n)?;
                Some((n, self.lens(id)?))
            })
            .collect();
        let continues = (listed_last < phase.last_session && !rows.is_empty())
            .then(|| (listed_last + 1, phase.last_session));
        ProgressionView { rows, continues }
    }

    /// The reviews that fall in `phase`, if the program plans any there.
    pub fn reviews_in(&self, phase: &Phase) -> Option<ReviewsView<'a>> {
        let review = self.program.review.as_ref()?;
        let limit = PROGRESSION_ROWS as usize;
        let (sessions, cut) =
            review.planned_between(phase.first_session, phase.last_session, limit);
        if sessions.is_empty() {
            return None;
        }
        let (every, more) = match &review.schedule {
            ReviewSchedule::Every(every) => {
                let last = phase.last_session / every * every;
                let in_phase = (phase.last_session / every)
                    .saturating_sub(phase.first_session.saturating_sub(1) / every);
                let more = (in_phase as usize).saturating_sub(sessions.len());
                (Some(*every), cut.then_some((more, last)))
            }
            ReviewSchedule::At { sessions: all, .. } => {
                let in_phase: Vec<u32> =
                    all.iter().copied().filter(|n| phase.contains(*n)).collect();
                let more = in_phase.len().saturating_sub(sessions.len());
                (
                    None,
                    in_phase.last().filter(|_| cut).map(|&last| (more, last)),
                )
            }
        };
        Some(ReviewsView {
            sessions,
            every,
            more,
            lens: review.lens.as_deref().and_then(|id| self.lens(id)),
        })
    }

    /// Every review session, in order: the sessions [`Playbook::reviews_in`] lists for each
    /// phase (at most [`PROGRESSION_ROWS`] a phase). The timeline and the dated plan show
    /// reviews where they fall from here, so they follow however the program places them.
    pub fn review_sessions(&self) -> ReviewSessions {
        let mut capped = false;
        let mut sessions: Vec<u32> = Vec::new();
        for reviews in self
            .program
            .phases
            .iter()
            .filter_map(|phase| self.reviews_in(phase))
        {
            capped |= reviews.sessions.len() >= PROGRESSION_ROWS as usize;
            sessions.extend(reviews.sessions);
        }
        sessions.sort_unstable();
        sessions.dedup();
        ReviewSessions { sessions, capped }
    }

    /// Where on the session axis a deadline falls (1.0 = session 1), if it can be placed: a
    /// `by week N` deadline where week N falls if sessions keep the cadence (session 1 in week
    /// 0), a fixed date the same way from the start date. Without a cadence only `by session N`
    /// is placed.
    pub fn deadline_position(&self, deadline: Deadline) -> Option<f64> {
        let every = self
            .program
            .cadence
            .as_ref()
            .and_then(|c| c.every_days)
            .filter(|d| *d > 0)?;
        let days = match deadline {
            Deadline::BySession(n) => return Some(f64::from(n)),
            Deadline::ByWeek(weeks) => f64::from(weeks) * 7.0,
            // A civil `Date::until` counts in days unless asked for larger units.
            Deadline::ByDate(date) => f64::from(self.start?.until(date).ok()?.get_days()),
        };
        Some(1.0 + days / f64::from(every))
    }

    /// The rhythm of the program as `(what, rule)` rows: length, cadence, session length,
    /// reviews, commitment, agreement. Only the rules the program states.
    pub fn rhythm(&self) -> Vec<(&'static str, String)> {
        let program = self.program;
        let mut rows = Vec::new();
        if let Some(length) = &program.length {
            let sessions = if length.min_sessions == length.max_sessions {
                words::count(u64::from(length.min_sessions), "session", "sessions")
            } else {
                format!(
                    "{} to {} sessions",
                    length.min_sessions, length.max_sessions
                )
            };
            let within = length
                .within_days
                .map(|d| format!(" within {}", words::weeks_or_days(d)))
                .unwrap_or_default();
            rows.push(("Length", format!("{sessions}{within}")));
        }
        if let Some(cadence) = &program.cadence {
            let mut parts = Vec::new();
            if let Some(every) = cadence.every_days {
                parts.push(format!("a session every {}", words::weeks_or_days(every)));
            }
            if let Some(min) = cadence.min_gap {
                parts.push(format!(
                    "at least {} between sessions",
                    words::weeks_or_days(min.value)
                ));
            }
            if let Some(max) = cadence.max_gap {
                parts.push(format!(
                    "at most {} between sessions",
                    words::weeks_or_days(max.value)
                ));
            }
            if !parts.is_empty() {
                rows.push(("Cadence", parts.join("; ")));
            }
        }
        if let Some(minutes) = &program.session_minutes {
            let mut parts = Vec::new();
            if let Some(min) = minutes.at_least {
                parts.push(format!("at least {} minutes", min.value));
            }
            if let Some(max) = minutes.at_most {
                parts.push(format!("at most {} minutes", max.value));
            }
            if !parts.is_empty() {
                rows.push(("Each session", parts.join(", ")));
            }
        }
        // `review every 0 sessions` (`P007` off) plans no review, and gets no row.
        if let Some(review) = program
            .review
            .as_ref()
            .filter(|r| r.first_planned().is_some())
        {
            let with_lens = review
                .lens
                .as_deref()
                .and_then(|id| self.lens(id))
                .map(|lens| format!(", using the {} worksheet whatever the phase", lens.label))
                .unwrap_or_default();
            let when = match &review.schedule {
                ReviewSchedule::Every(every) => format!(
                    "a formal review session at least every {}",
                    words::count(u64::from(*every), "session", "sessions")
                ),
                ReviewSchedule::At { sessions, .. } => {
                    format!("a formal review session at {}", session_list(sessions))
                }
            };
            rows.push(("Reviews", format!("{when}{with_lens}")));
        }
        if let Some(commitment) = &program.commitment {
            let per = match commitment.per {
                Period::Week => "week",
                Period::Month => "month",
            };
            rows.push((
                "Time commitment",
                format!("{} per {per}", words::minutes(commitment.minutes)),
            ));
        }
        if let Some(agreement) = &program.agreement {
            let mut text = format!(
                "a mentoring agreement recorded before session {}",
                agreement.before_session
            );
            if let Some(date) = self.session_date(agreement.before_session) {
                text.push_str(&format!(" (around {date})"));
            }
            rows.push(("Agreement", text));
        }
        if let Some(start) = self.start {
            rows.push(("Start", format!("{start} (session 1)")));
        }
        rows
    }
}

/// The mentoring agreement the pair fills in and signs: printed when the program asks for one
/// (`agreement before session N`) or states a time commitment.
pub struct AgreementView<'a> {
    /// "Fill it in together and sign it before session 2 (around 2025-01-20).", or in the
    /// first sessions when the program sets no session.
    pub when: String,
    /// What the pair commits to, as `(what, rule)` rows: the rhythm and the time commitment.
    pub terms: Vec<(&'static str, String)>,
    /// The start date, filled in when the playbook has one.
    pub start: Option<Date>,
    /// The labels of the parts the pair writes by hand: the program's `agreement { field … }`,
    /// else [`AGREEMENT_FIELDS`].
    pub fields: Vec<&'a str>,
}

impl<'a> Playbook<'a> {
    /// The agreement form: every program gets one when it has terms or milestones to agree on
    /// (a pair aligns on expectations at the start, as the seeds ask, whether or not the
    /// program asks for the agreement to be recorded); `agreement` says when to sign it and
    /// what its parts are, `commitment` adds the time the pair commits.
    pub fn agreement(&self) -> Option<AgreementView<'a>> {
        let program = self.program;
        let when = match program.agreement.as_ref() {
            Some(agreement) => {
                let date = self
                    .session_date(agreement.before_session)
                    .map(|date| format!(" (around {date})"))
                    .unwrap_or_default();
                format!(
                    "Fill it in together and sign it before session {}{date}.",
                    agreement.before_session
                )
            }
            None => "Fill it in together in your first sessions, and sign it.".to_owned(),
        };
        let terms = self
            .rhythm()
            .into_iter()
            .filter(|(what, _)| {
                [
                    "Length",
                    "Cadence",
                    "Each session",
                    "Reviews",
                    "Time commitment",
                ]
                .contains(what)
            })
            .collect();
        let terms: Vec<(&'static str, String)> = terms;
        if program.agreement.is_none() && terms.is_empty() && self.milestones.is_empty() {
            return None;
        }
        let fields = match program.agreement.as_ref().and_then(|a| a.fields.as_ref()) {
            Some(fields) => fields.iter().map(|f| f.label.as_str()).collect(),
            None => AGREEMENT_FIELDS.to_vec(),
        };
        Some(AgreementView {
            when,
            terms,
            start: self.start,
            fields,
        })
    }
}

/// The parts of the agreement a pair writes by hand when the program lists none, in order: what
/// each brings, and how they will keep to it.
pub const AGREEMENT_FIELDS: [&str; 3] = [
    "What the mentee contributes",
    "What the mentor contributes",
    "How we meet, and how we reschedule",
];

impl<'a> Index<'a> {
    /// The declaration rank of a milestone's competency; `usize::MAX` (last) for none.
    fn competency_rank_of(&self, milestone: &Milestone) -> usize {
        milestone
            .competency
            .as_deref()
            .and_then(|id| self.competency_rank.get(id).copied())
            .unwrap_or(usize::MAX)
    }
}

/// Two ascending lists as one.
fn merge_sorted(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// The session dates a playbook shows: with a start date, by the playbook's policy
/// (`schedule::cadence_dates`).
fn session_dates(program: &Program, start: Option<Date>) -> Option<SessionDates> {
    cadence_dates(program, start?)
}

fn due(deadline: Deadline, start: Option<Date>, dates: Option<SessionDates>) -> Due {
    let date = match deadline {
        Deadline::ByDate(date) => Some(DueDate::Exact(date)),
        Deadline::ByWeek(weeks) => start
            .and_then(|s| add_days(s, i64::from(weeks) * 7))
            .map(DueDate::Exact),
        Deadline::BySession(n) => dates.and_then(|d| d.date_of(n)).map(DueDate::Estimate),
    };
    Due { deadline, date }
}

impl Due {
    /// "by session 4", "by week 10 (2025-03-17)", "by session 4 (around 2025-02-03, estimated)".
    pub fn text(&self) -> String {
        match (self.deadline, self.date) {
            (Deadline::ByDate(date), _) => format!("by {date}"),
            (deadline, None) => deadline.describe(),
            (deadline, Some(DueDate::Exact(date))) => format!("{} ({date})", deadline.describe()),
            (deadline, Some(DueDate::Estimate(date))) => {
                format!("{} (around {date}, estimated)", deadline.describe())
            }
        }
    }
}

/// "session 6", "sessions 4, 8 and 12".
fn session_list(sessions: &[u32]) -> String {
    let listed: Vec<String> = sessions.iter().map(u32::to_string).collect();
    match listed.as_slice() {
        [one] => format!("session {one}"),
        _ => format!("sessions {}", words::and_list(&listed)),
    }
}

fn count_text(count: CountRule) -> String {
    match count {
        CountRule::AtLeast(0) => "any number".to_owned(),
        other => other.describe(),
    }
}

/// What a milestone's evidence asks for, in words.
pub fn evidence_text(playbook: &Playbook, evidence: &Evidence) -> String {
    match evidence {
        Evidence::Lens(id) => {
            let label = playbook.lens(id).map_or(id.as_str(), |l| l.label.as_str());
            format!("a session using the {label} worksheet, every required field filled in")
        }
        Evidence::Review => "a review session".to_owned(),
    }
}

/// The sentence a phase's `new-problems` line stands for; said once, in the phase that states
/// it (a rule carried from an earlier phase is not repeated).
pub fn new_problems_text(phase: &Phase) -> Option<&'static str> {
    if phase.new_problems_carried() {
        return None;
    }
    phase.new_problems.as_ref().map(|n| match (n.allowed, n.onward) {
        (true, false) => "New problems are welcome in this phase.",
        (true, true) => "From this phase onward, new problems are welcome.",
        (false, false) => {
            "Sessions in this phase are not about new problems: they review leadership behavior \
             you have already shown."
        }
        (false, true) => {
            "From this phase onward, sessions are not about new problems: they review leadership \
             behavior you have already shown."
        }
    })
}

/// The outcomes a session should end with, then those that mean it failed its purpose.
pub fn outcomes(program: &Program) -> (Vec<&str>, Vec<&str>) {
    let labels = |failed: bool| {
        program
            .outcomes
            .iter()
            .filter(|o| o.failed == failed)
            .map(|o| o.label.as_str())
            .collect::<Vec<_>>()
    };
    (labels(false), labels(true))
}

/// The labels of the program milestones a track drops (`drop milestone …`), in program order:
/// a track's playbook says what its pairs do without, not only what they owe.
pub(crate) fn dropped_labels<'a>(program: &'a Program, track: &Track) -> Vec<&'a str> {
    let dropped: std::collections::HashSet<&str> =
        track.drops.iter().map(|(id, _)| id.as_str()).collect();
    program
        .milestones
        .iter()
        .filter(|m| dropped.contains(m.id.as_str()))
        .map(|m| m.label.as_str())
        .collect()
}

/// A program milestone a track does without, as both formats list it, said as what it means
/// for the pair (a bare `No “…”` read like part of the milestone's name).
fn dropped_text(label: &str) -> String {
    format!("Not asked on this track: “{label}”")
}
