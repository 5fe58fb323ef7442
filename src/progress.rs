//! Progress across a cohort: where each pair stands against its program, and the cohort's
//! figures per competency, phase, outcome, track and rule.
//!
//! [`PairProgress::of`] reduces one log to what a report needs (counts, dates, ids, the state of
//! each milestone, the codes of its findings), so a cohort of tens of thousands of logs is
//! summarised without keeping the logs. [`Report::new`] then aggregates per program.
//!
//! Small groups are not shown: any figure computed over 1 to `min_group - 1` pairs is
//! replaced by [`Group::Suppressed`] (a figure over no pair is about no one and shows its zeros), so the only pair of a track, or the two pairs a milestone
//! applies to, cannot be singled out when the aggregates are shared ("publish anonymized
//! insights … without singling out individuals", in the program-design article). Figures that
//! would give a hidden group away by subtraction from a shown total are hidden too (see
//! `tracks` and `competencies` below).
//!
//! **Architecture Invariant:** nothing a pair wrote (takeaways, answers) reaches the report, and
//! mentor and mentee ids are not read at all: a pair is named only by its pseudonymous `pair` id.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::{Diagnostics, Severity};
use crate::log::{Log, PairStatus, SessionKind, SessionStatus, looks_like_id};
use crate::model::{Deadline, Program};
pub use crate::schedule::MilestoneState;
use crate::schedule::{due_date, milestone_state};
use crate::source::Span;

/// One pair's standing, reduced from its log.
#[derive(Debug, Clone)]
pub struct PairProgress {
    /// The program the log follows (an id the report's programs include).
    pub program: String,
    pub pair: Option<String>,
    /// Where the log is: a file, or a line of a JSON Lines file.
    pub span: Span,
    pub track: Option<String>,
    pub status: PairStatus,
    pub started: Option<Date>,
    pub held: u32,
    pub cancelled: u32,
    pub no_shows: u32,
    pub reviews: u32,
    pub minutes: u64,
    /// The highest held session number, and the date of the last held session.
    pub last_number: Option<u32>,
    pub last_date: Option<Date>,
    /// The phase of the highest held session number.
    pub phase: Option<String>,
    /// Held sessions per outcome id (ids the program knows; others are findings).
    pub outcomes: BTreeMap<String, u32>,
    pub milestones: Vec<MilestoneProgress>,
    pub errors: u32,
    pub warnings: u32,
    /// The rule codes of the log's findings, each once.
    pub codes: Vec<&'static str>,
}

/// Where one milestone stands for one pair.
#[derive(Debug, Clone)]
pub struct MilestoneProgress {
    pub id: String,
    pub state: MilestoneState,
    /// The date it is due by, for `by week N` (counted from `started`) and `by DATE`.
    pub due: Option<Date>,
}

impl PairProgress {
    /// Reduces `log` against `program`; `findings` are the diagnostics `check_log` gave it.
    pub fn of(program: &Program, log: &Log, as_of: Date, findings: &Diagnostics) -> PairProgress {
        let held: Vec<_> = log.held_sessions().collect();
        let count = |status: SessionStatus| {
            log.sessions
                .iter()
                .filter(|s| s.session_status() == status)
                .count() as u32
        };
        let last_number = held
            .iter()
            .filter_map(|s| s.number.as_ref())
            .map(|n| n.value)
            .max();
        let mut outcomes = BTreeMap::new();
        for session in &held {
            if let Some(outcome) = &session.outcome
                && program.outcome(&outcome.value).is_some()
            {
                *outcomes.entry(outcome.value.clone()).or_insert(0) += 1;
            }
        }
        let mut codes: Vec<&'static str> = findings
            .iter()
            .filter(|d| d.severity != Severity::Advice)
            .map(|d| d.code())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        PairProgress {
            program: program.id.clone(),
            // A pair "id" that is a sentence may name a person: the pair is then named by its
            // file, like a log without one.
            pair: log
                .pair
                .as_ref()
                .filter(|p| looks_like_id(&p.value))
                .map(|p| p.value.clone()),
            span: log.span,
            track: log
                .track_id()
                .filter(|id| program.track(id).is_some())
                .map(str::to_owned),
            status: log.pair_status(),
            started: log.started.as_ref().map(|s| s.value),
            held: held.len() as u32,
            cancelled: count(SessionStatus::Cancelled),
            no_shows: count(SessionStatus::NoShow),
            reviews: held
                .iter()
                .filter(|s| s.session_kind() == SessionKind::Review)
                .count() as u32,
            minutes: held
                .iter()
                .filter_map(|s| s.minutes.as_ref())
                .map(|m| u64::from(m.value))
                .sum(),
            last_number,
            last_date: held
                .iter()
                .filter_map(|s| s.date.as_ref())
                .map(|d| d.value)
                .max(),
            phase: last_number
                .and_then(|n| program.phase_for_session(n))
                .map(|p| p.id.clone()),
            outcomes,
            milestones: milestones(program, log, as_of),
            errors: findings.count(Severity::Error) as u32,
            warnings: findings.count(Severity::Warning) as u32,
            codes,
        }
    }
}

/// The state of every milestone that applies to the log's track, in program order.
fn milestones(program: &Program, log: &Log, as_of: Date) -> Vec<MilestoneProgress> {
    // A track the program does not have (`L007`): which milestones the pair owes is unknown,
    // so it is counted in no milestone figure rather than against the program's.
    if log.track_id().is_some_and(|id| program.track(id).is_none()) {
        return Vec::new();
    }
    program
        .milestones_for_track(log.track_id())
        .into_iter()
        .map(|milestone| {
            let state = milestone_state(program, log, milestone, as_of);
            MilestoneProgress {
                id: milestone.id.clone(),
                state,
                due: milestone.due.and_then(|deadline| due_date(log, deadline)),
            }
        })
        .collect()
}

/// A figure over a group of pairs, or nothing when the group is too small to show.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Group<T> {
    Shown(T),
    Suppressed(Suppressed),
}

/// What a suppressed figure says instead.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Suppressed {
    /// Always `true`: the group has fewer pairs than `min_group`.
    pub suppressed: bool,
}

impl<T> Group<T> {
    /// A figure over `pairs` pairs: hidden for 1 to `min_group - 1` of them. A figure over no
    /// pair (a track milestone when nobody is on the track) shows its zeros: it is about no one.
    fn over(pairs: usize, min_group: usize, figure: impl FnOnce() -> T) -> Group<T> {
        if is_small(pairs, min_group) {
            Group::Suppressed(Suppressed { suppressed: true })
        } else {
            Group::Shown(figure())
        }
    }

    pub fn shown(&self) -> Option<&T> {
        match self {
            Group::Shown(figure) => Some(figure),
            Group::Suppressed(_) => None,
        }
    }
}

/// The whole report: one part per program that has logs.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub as_of: Date,
    /// Figures over fewer pairs than this are suppressed.
    pub min_group: usize,
    pub programs: Vec<ProgramReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgramReport {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
    pub cohort: Group<Cohort>,
    pub competencies: Vec<CompetencyReport>,
    pub phases: Group<Vec<PhaseRow>>,
    pub outcomes: Group<Vec<OutcomeRow>>,
    pub findings: Group<Vec<FindingRow>>,
    pub tracks: Vec<TrackRow>,
    /// The pairs on no track, for a program that has tracks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_track: Option<Group<TrackFigures>>,
    /// One row per pair, in pair order; `None` when the report is anonymous.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<Vec<PairRow>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    pub pairs: usize,
    pub active: usize,
    pub completed: usize,
    pub withdrawn: usize,
    pub held_sessions: u64,
    pub cancelled_sessions: u64,
    pub no_shows: u64,
    pub review_sessions: u64,
    /// Minutes of held sessions that give their length.
    pub minutes: u64,
    /// Pairs whose log has at least one error (as `mentor validate` reports them).
    pub pairs_with_errors: usize,
    /// Pairs whose log has warnings but no error.
    pub pairs_with_warnings_only: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompetencyReport {
    pub id: String,
    pub label: String,
    pub milestones: Vec<MilestoneRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    pub id: String,
    pub label: String,
    /// "by session 4", "by week 10", "by 2025-06-30".
    pub due: Option<String>,
    /// The tracks the milestone belongs to when it is not the program's own.
    pub track: Option<String>,
    pub counts: Group<MilestoneCounts>,
}

/// How many of the pairs a milestone applies to stand where.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MilestoneCounts {
    /// Pairs the milestone applies to (withdrawn pairs excluded).
    pub pairs: usize,
    pub met: usize,
    pub met_late: usize,
    pub overdue: usize,
    pub pending: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseRow {
    pub id: String,
    pub label: String,
    pub sessions: String,
    /// Active pairs whose latest held session is in this phase.
    pub active_pairs_here: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeRow {
    pub id: String,
    pub label: String,
    pub failed: bool,
    pub sessions: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingRow {
    pub code: &'static str,
    pub name: &'static str,
    /// Pairs whose log has at least one finding of this rule.
    pub pairs: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrackRow {
    pub id: String,
    pub label: String,
    pub figures: Group<TrackFigures>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrackFigures {
    pub pairs: usize,
    pub held_sessions: u64,
    /// Milestones met (on time or late) over milestones owed, across the track's pairs that
    /// did not withdraw; `None` when those are fewer than `min_group`.
    pub milestones_met: Option<usize>,
    pub milestones_owed: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    /// The `pair` id, or where the log is when it gives none.
    pub pair: String,
    pub track: Option<String>,
    pub status: &'static str,
    pub started: Option<Date>,
    pub held_sessions: u32,
    pub phase: Option<String>,
    pub last_session: Option<Date>,
    /// Days from the last held session to the report's date (`None` when the session lies
    /// after it).
    pub days_since_last_session: Option<i64>,
    pub milestones_met: usize,
    pub milestones_owed: usize,
    pub overdue: Vec<String>,
    /// The earliest pending milestone with a date deadline, and that date.
    pub next_deadline: Option<(String, Date)>,
    pub errors: u32,
    pub warnings: u32,
}

impl Report {
    /// Aggregates `pairs` per program in `programs` (programs without logs are left out).
    /// `name_of` gives the text that stands for a pair without a `pair` id (its file and line).
    pub fn new(
        programs: &[&Program],
        pairs: &[PairProgress],
        as_of: Date,
        min_group: usize,
        anonymous: bool,
        name_of: &dyn Fn(&PairProgress) -> String,
    ) -> Report {
        let min_group = min_group.max(1);
        let mut reports = Vec::new();
        for program in programs {
            let mine: Vec<&PairProgress> =
                pairs.iter().filter(|p| p.program == program.id).collect();
            if mine.is_empty() {
                continue;
            }
            reports.push(ProgramReport::new(
                program, &mine, as_of, min_group, anonymous, name_of,
            ));
        }
        Report {
            as_of,
            min_group,
            programs: reports,
        }
    }
}

impl ProgramReport {
    fn new(
        program: &Program,
        pairs: &[&PairProgress],
        as_of: Date,
        min_group: usize,
        anonymous: bool,
        name_of: &dyn Fn(&PairProgress) -> String,
    ) -> ProgramReport {
        let (tracks, no_track, hidden_tracks) = tracks(program, pairs, min_group);
        let hidden_tracks: Vec<&str> = hidden_tracks.iter().map(String::as_str).collect();
        ProgramReport {
            id: program.id.clone(),
            title: program.title.clone(),
            version: program.version.clone(),
            cohort: Group::over(pairs.len(), min_group, || cohort(pairs)),
            competencies: competencies(program, pairs, min_group, &hidden_tracks),
            phases: Group::over(pairs.len(), min_group, || phases(program, pairs)),
            outcomes: Group::over(pairs.len(), min_group, || outcomes(program, pairs)),
            findings: Group::over(pairs.len(), min_group, || findings(pairs)),
            tracks,
            no_track,
            pairs: (!anonymous).then(|| pair_rows(pairs, as_of, name_of)),
        }
    }
}

fn cohort(pairs: &[&PairProgress]) -> Cohort {
    let with_status = |status: PairStatus| pairs.iter().filter(|p| p.status == status).count();
    let sum = |field: fn(&PairProgress) -> u64| pairs.iter().map(|p| field(p)).sum();
    Cohort {
        pairs: pairs.len(),
        active: with_status(PairStatus::Active),
        completed: with_status(PairStatus::Completed),
        withdrawn: with_status(PairStatus::Withdrawn),
        held_sessions: sum(|p| u64::from(p.held)),
        cancelled_sessions: sum(|p| u64::from(p.cancelled)),
        no_shows: sum(|p| u64::from(p.no_shows)),
        review_sessions: sum(|p| u64::from(p.reviews)),
        minutes: sum(|p| p.minutes),
        pairs_with_errors: pairs.iter().filter(|p| p.errors > 0).count(),
        pairs_with_warnings_only: pairs
            .iter()
            .filter(|p| p.errors == 0 && p.warnings > 0)
            .count(),
    }
}

/// Milestones grouped by competency, in program order; track milestones follow the program's,
/// and milestones without a competency come last under "other". A row is suppressed when it is computed over fewer than
/// `min_group` pairs, when the pairs it leaves out (of those not withdrawn) are fewer than
/// `min_group` (a total minus the row would give them), or when a track that adds, replaces or
/// drops the milestone is suppressed (its row would give the track's size away).
fn competencies(
    program: &Program,
    pairs: &[&PairProgress],
    min_group: usize,
    hidden_tracks: &[&str],
) -> Vec<CompetencyReport> {
    let owing = pairs
        .iter()
        .filter(|p| p.status != PairStatus::Withdrawn)
        .count();
    let shaped_by_hidden_track = |milestone_id: &str| {
        program
            .tracks
            .iter()
            .filter(|t| hidden_tracks.contains(&t.id.as_str()))
            .any(|t| {
                t.drops.iter().any(|(d, _)| d == milestone_id)
                    || t.milestones.iter().any(|m| {
                        m.milestone.id == milestone_id
                            || m.replaces.as_ref().is_some_and(|(r, _)| r == milestone_id)
                    })
            })
    };
    let track_of = |milestone_id: &str| {
        program
            .tracks
            .iter()
            .find(|t| t.milestones.iter().any(|m| m.milestone.id == milestone_id))
            .map(|t| t.id.clone())
    };
    let rows_for = |competency: Option<&str>| -> Vec<MilestoneRow> {
        let mut seen: Vec<&str> = Vec::new();
        program
            .all_milestones()
            .filter(|m| m.competency.as_deref() == competency)
            .filter(|m| {
                // A track may define a milestone id the program also has; report it once.
                let new = !seen.contains(&m.id.as_str());
                seen.push(&m.id);
                new
            })
            .map(|milestone| {
                let mut counts = MilestoneCounts::default();
                for state in pairs.iter().flat_map(|p| {
                    p.milestones
                        .iter()
                        .filter(|m| m.id == milestone.id)
                        .map(|m| m.state)
                }) {
                    match state {
                        MilestoneState::Met => counts.met += 1,
                        MilestoneState::MetLate => counts.met_late += 1,
                        MilestoneState::Overdue => counts.overdue += 1,
                        MilestoneState::Pending => counts.pending += 1,
                        MilestoneState::Withdrawn => continue,
                    }
                    counts.pairs += 1;
                }
                MilestoneRow {
                    id: milestone.id.clone(),
                    label: milestone.label.clone(),
                    due: milestone.due.map(Deadline::describe),
                    track: track_of(&milestone.id)
                        .filter(|_| !program.milestones.iter().any(|m| m.id == milestone.id)),
                    counts: if shaped_by_hidden_track(&milestone.id)
                        || is_small(owing - counts.pairs.min(owing), min_group)
                    {
                        Group::Suppressed(Suppressed { suppressed: true })
                    } else {
                        Group::over(counts.pairs, min_group, || counts.clone())
                    },
                }
            })
            .collect()
    };
    let mut reports: Vec<CompetencyReport> = program
        .competencies
        .iter()
        .map(|c| CompetencyReport {
            id: c.id.clone(),
            label: c.label.clone(),
            milestones: rows_for(Some(&c.id)),
        })
        .collect();
    let other = rows_for(None);
    if !other.is_empty() {
        reports.push(CompetencyReport {
            id: String::new(),
            label: "Milestones without a competency".to_owned(),
            milestones: other,
        });
    }
    reports
}

fn phases(program: &Program, pairs: &[&PairProgress]) -> Vec<PhaseRow> {
    program
        .phases
        .iter()
        .map(|phase| PhaseRow {
            id: phase.id.clone(),
            label: phase.label.clone(),
            sessions: if phase.first_session == phase.last_session {
                format!("{}", phase.first_session)
            } else {
                format!("{}–{}", phase.first_session, phase.last_session)
            },
            active_pairs_here: pairs
                .iter()
                .filter(|p| p.status == PairStatus::Active && p.phase.as_ref() == Some(&phase.id))
                .count(),
        })
        .collect()
}

fn outcomes(program: &Program, pairs: &[&PairProgress]) -> Vec<OutcomeRow> {
    program
        .outcomes
        .iter()
        .map(|outcome| OutcomeRow {
            id: outcome.id.clone(),
            label: outcome.label.clone(),
            failed: outcome.failed,
            sessions: pairs
                .iter()
                .filter_map(|p| p.outcomes.get(&outcome.id))
                .map(|&n| u64::from(n))
                .sum(),
        })
        .collect()
}

/// The rules the cohort's logs break, most widespread first (then by code).
fn findings(pairs: &[&PairProgress]) -> Vec<FindingRow> {
    let mut by_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    for code in pairs.iter().flat_map(|p| p.codes.iter()) {
        *by_code.entry(code).or_insert(0) += 1;
    }
    let mut rows: Vec<FindingRow> = by_code
        .into_iter()
        .map(|(code, pairs)| FindingRow {
            code,
            name: crate::rules::find(code).map_or("", |rule| rule.name),
            pairs,
        })
        .collect();
    rows.sort_by(|a, b| b.pairs.cmp(&a.pairs).then(a.code.cmp(b.code)));
    rows
}

/// A group of 1 to `min_group - 1` pairs: too small to show. (An empty group shows no one.)
fn is_small(pairs: usize, min_group: usize) -> bool {
    pairs > 0 && pairs < min_group
}

/// The track rows and the "no track" row, and the ids of the tracks whose figures are
/// suppressed.
///
/// Tracks and "no track" split the cohort, whose totals are shown: subtracting the shown groups
/// from the totals gives the sum over the hidden ones. So while the hidden groups hold fewer
/// than `min_group` pairs between them, the smallest shown group with pairs is hidden too
/// (secondary suppression).
fn tracks(
    program: &Program,
    pairs: &[&PairProgress],
    min_group: usize,
) -> (Vec<TrackRow>, Option<Group<TrackFigures>>, Vec<String>) {
    if program.tracks.is_empty() {
        return (Vec::new(), None, Vec::new());
    }
    // Each track in program order, then the pairs on no track.
    let mut groups: Vec<Vec<&PairProgress>> = program
        .tracks
        .iter()
        .map(|track| {
            pairs
                .iter()
                .copied()
                .filter(|p| p.track.as_deref() == Some(track.id.as_str()))
                .collect()
        })
        .collect();
    groups.push(
        pairs
            .iter()
            .copied()
            .filter(|p| p.track.is_none())
            .collect(),
    );
    let mut hidden: Vec<bool> = groups
        .iter()
        .map(|g| pairs.len() < min_group || is_small(g.len(), min_group))
        .collect();
    // What subtraction from the totals gives is the sum over the hidden groups: hide the
    // smallest shown groups until that sum is itself no small group.
    loop {
        let hidden_pairs: usize = groups
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(g, _)| g.len())
            .sum();
        if !is_small(hidden_pairs, min_group) {
            break;
        }
        let smallest_shown = groups
            .iter()
            .enumerate()
            .filter(|(i, g)| !hidden[*i] && !g.is_empty())
            .min_by_key(|(_, g)| g.len())
            .map(|(i, _)| i);
        match smallest_shown {
            Some(i) => hidden[i] = true,
            None => break,
        }
    }
    // Milestones are owed by the pairs that did not withdraw, a group of their own in each
    // track. If any shown group has too few of them, no group shows its milestone figures: the
    // milestone rows (over all owing pairs) minus the others would give the small one away.
    let owing = |group: &[&PairProgress]| {
        group
            .iter()
            .filter(|p| p.status != PairStatus::Withdrawn)
            .count()
    };
    let small = groups
        .iter()
        .zip(&hidden)
        .any(|(group, hidden)| !hidden && is_small(owing(group), min_group));
    let figures = |group: &[&PairProgress], hidden: bool| {
        if hidden {
            return Group::Suppressed(Suppressed { suppressed: true });
        }
        let (met, owed) = group
            .iter()
            .map(|p| met_and_owed(p))
            .fold((0, 0), |(m, o), (pm, po)| (m + pm, o + po));
        Group::Shown(TrackFigures {
            pairs: group.len(),
            held_sessions: group.iter().map(|p| u64::from(p.held)).sum(),
            milestones_met: (!small).then_some(met),
            milestones_owed: (!small).then_some(owed),
        })
    };
    let rows = program
        .tracks
        .iter()
        .zip(&groups)
        .zip(&hidden)
        .map(|((track, group), &hidden)| TrackRow {
            id: track.id.clone(),
            label: track.label.clone(),
            figures: figures(group, hidden),
        })
        .collect();
    let no_track = groups
        .last()
        .zip(hidden.last())
        .map(|(group, &hidden)| figures(group, hidden));
    let hidden_ids = program
        .tracks
        .iter()
        .zip(&hidden)
        .filter(|(_, h)| **h)
        .map(|(t, _)| t.id.clone())
        .collect();
    (rows, no_track, hidden_ids)
}

/// Milestones met (on time or late) and milestones the pair owes (all but those it no longer
/// owes after withdrawing).
fn met_and_owed(pair: &PairProgress) -> (usize, usize) {
    let met = pair
        .milestones
        .iter()
        .filter(|m| matches!(m.state, MilestoneState::Met | MilestoneState::MetLate))
        .count();
    let owed = pair
        .milestones
        .iter()
        .filter(|m| m.state != MilestoneState::Withdrawn)
        .count();
    (met, owed)
}

fn pair_rows(
    pairs: &[&PairProgress],
    as_of: Date,
    name_of: &dyn Fn(&PairProgress) -> String,
) -> Vec<PairRow> {
    let mut rows: Vec<PairRow> = pairs
        .iter()
        .map(|pair| {
            let (met, owed) = met_and_owed(pair);
            PairRow {
                pair: pair.pair.clone().unwrap_or_else(|| name_of(pair)),
                track: pair.track.clone(),
                status: pair.status.as_str(),
                started: pair.started,
                held_sessions: pair.held,
                phase: pair.phase.clone(),
                last_session: pair.last_date,
                days_since_last_session: pair
                    .last_date
                    .and_then(|d| d.until(as_of).ok())
                    .map(|span| i64::from(span.get_days()))
                    .filter(|days| *days >= 0),
                milestones_met: met,
                milestones_owed: owed,
                overdue: pair
                    .milestones
                    .iter()
                    .filter(|m| m.state == MilestoneState::Overdue)
                    .map(|m| m.id.clone())
                    .collect(),
                next_deadline: pair
                    .milestones
                    .iter()
                    .filter(|m| m.state == MilestoneState::Pending)
                    .filter_map(|m| m.due.map(|due| (m.id.clone(), due)))
                    .min_by_key(|(_, due)| *due),
                errors: pair.errors,
                warnings: pair.warnings,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.pair.cmp(&b.pair));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::log::check_log;
    use crate::log::{LogFormat, parse_logs};
    use crate::resolve::{Loaded, resolve_source};
    use crate::source::Sources;

    const PROGRAM: &str = r#"
program demo "Demo" {
    length 4 sessions within 12 weeks
    cadence every 2 weeks, gap at most 6 weeks
    outcome tried "Something to try"
    outcome answer "An answer" failed
    competency judgment "Judgment"
    lens review "Review" {
        section "What happened" {
            field what "What happened"
        }
    }
    phase all "All" sessions 1..4 { lenses any }
    milestone by-two "Reviewed by session 2" {
        competency judgment
        due by session 2
        evidence lens review
    }
    milestone by-week "Reviewed by week 4" {
        competency judgment
        due by week 4
    }
    track sales "Sales" {
        milestone sales-call "A sales call reviewed" replaces by-week {
            competency judgment
        }
    }
}
"#;

    fn progress_of(log: &str, as_of: Date) -> PairProgress {
        let mut sources = Sources::new();
        let program_source = sources.add("demo.mentor", PROGRAM);
        let mut diagnostics = Diagnostics::new();
        let Loaded::Program(program) = resolve_source(
            program_source,
            std::path::Path::new("."),
            None,
            &mut sources,
            &mut diagnostics,
        ) else {
            panic!("the demo program loads: {diagnostics:?}");
        };
        assert!(!diagnostics.has_errors(), "{diagnostics:?}");
        let log_source = sources.add("log.toml", log);
        let logs = parse_logs(&sources, log_source, LogFormat::Toml, &mut diagnostics);
        let [log] = logs.as_slice() else {
            panic!("one log: {diagnostics:?}");
        };
        let mut findings = Diagnostics::new();
        check_log(&program, log, as_of, &mut findings);
        PairProgress::of(&program, log, as_of, &findings)
    }

    fn states(progress: &PairProgress) -> Vec<(&str, MilestoneState)> {
        progress
            .milestones
            .iter()
            .map(|m| (m.id.as_str(), m.state))
            .collect()
    }

    const HEAD: &str = "program = \"demo\"\npair = \"p1\"\nstarted = 2025-01-06\n";

    fn session(number: u32, date: &str, extra: &str) -> String {
        format!(
            "[[sessions]]\nnumber = {number}\ndate = {date}\nminutes = 60\noutcome = \"tried\"\n{extra}\n"
        )
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn a_claim_with_its_evidence_meets_a_milestone_on_time_or_late() {
        let evidence = "lens = \"review\"\nmilestones = [\"by-two\", \"by-week\"]\n[sessions.answers]\nwhat = \"x\"";
        let on_time = format!("{HEAD}{}", session(1, "2025-01-06", evidence));
        let progress = progress_of(&on_time, date("2025-06-01"));
        assert_eq!(
            states(&progress),
            [
                ("by-two", MilestoneState::Met),
                ("by-week", MilestoneState::Met)
            ]
        );
        let late = format!(
            "{HEAD}{}{}{}",
            session(1, "2025-01-06", ""),
            session(2, "2025-01-20", ""),
            session(3, "2025-02-17", evidence)
        );
        let progress = progress_of(&late, date("2025-06-01"));
        assert_eq!(
            states(&progress),
            [
                ("by-two", MilestoneState::MetLate),
                ("by-week", MilestoneState::MetLate)
            ]
        );
        assert_eq!((progress.held, progress.last_number), (3, Some(3)));
        assert_eq!(progress.last_date, Some(date("2025-02-17")));
        assert_eq!(progress.outcomes.get("tried"), Some(&3));
    }

    #[test]
    fn a_claim_without_its_evidence_does_not_meet_the_milestone() {
        let log = format!(
            "{HEAD}{}{}",
            session(1, "2025-01-06", "milestones = [\"by-two\"]"),
            session(2, "2025-01-20", "")
        );
        let progress = progress_of(&log, date("2025-01-21"));
        assert_eq!(
            states(&progress),
            [
                ("by-two", MilestoneState::Overdue),
                ("by-week", MilestoneState::Pending)
            ]
        );
        // The checker reports the claim (`L026 milestone-without-evidence`), not an overdue milestone.
        assert_eq!(progress.codes, ["L026"]);
        assert!(progress.errors > 0);
    }

    #[test]
    fn deadlines_ahead_are_pending_and_passed_ones_overdue() {
        let log = format!("{HEAD}{}", session(1, "2025-01-06", ""));
        // Week 4 from 2025-01-06 is 2025-02-03; session 2 has not been held.
        let before = progress_of(&log, date("2025-02-03"));
        assert_eq!(
            states(&before),
            [
                ("by-two", MilestoneState::Pending),
                ("by-week", MilestoneState::Pending)
            ]
        );
        assert_eq!(before.milestones[1].due, Some(date("2025-02-03")));
        let after = progress_of(&log, date("2025-02-04"));
        assert_eq!(after.milestones[1].state, MilestoneState::Overdue);
    }

    #[test]
    fn completed_pairs_owe_every_milestone_and_withdrawn_pairs_none() {
        let log = format!(
            "{HEAD}status = \"completed\"\n{}",
            session(1, "2025-01-06", "")
        );
        let completed = progress_of(&log, date("2025-01-07"));
        assert!(
            completed
                .milestones
                .iter()
                .all(|m| m.state == MilestoneState::Overdue)
        );
        let log = log.replace("completed", "withdrawn");
        let withdrawn = progress_of(&log, date("2025-06-01"));
        assert!(
            withdrawn
                .milestones
                .iter()
                .all(|m| m.state == MilestoneState::Withdrawn)
        );
        assert_eq!(withdrawn.status, PairStatus::Withdrawn);
    }

    #[test]
    fn a_claim_in_time_counts_wherever_it_is_listed() {
        let evidence =
            "lens = \"review\"\nmilestones = [\"by-two\"]\n[sessions.answers]\nwhat = \"x\"";
        // A late claim listed before the claim in time (the log is out of order: a finding of
        // its own); the milestone was met in time.
        let log = format!(
            "{HEAD}{}{}{}",
            session(3, "2025-02-17", evidence),
            session(1, "2025-01-06", evidence),
            session(2, "2025-01-20", "")
        );
        let progress = progress_of(&log, date("2025-02-18"));
        assert_eq!(progress.milestones[0].state, MilestoneState::Met);
    }

    #[test]
    fn a_withdrawn_pair_is_counted_in_no_milestone() {
        let evidence =
            "lens = \"review\"\nmilestones = [\"by-two\"]\n[sessions.answers]\nwhat = \"x\"";
        let log = format!(
            "{HEAD}status = \"withdrawn\"\n{}",
            session(1, "2025-01-06", evidence)
        );
        let progress = progress_of(&log, date("2025-06-01"));
        assert_eq!(
            states(&progress),
            [
                ("by-two", MilestoneState::Withdrawn),
                ("by-week", MilestoneState::Withdrawn)
            ]
        );
    }

    #[test]
    fn a_track_replaces_the_programs_milestones() {
        let log = format!("{HEAD}track = \"sales\"\n{}", session(1, "2025-01-06", ""));
        let progress = progress_of(&log, date("2025-01-07"));
        let ids: Vec<&str> = progress.milestones.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["by-two", "sales-call"]);
        assert_eq!(progress.track.as_deref(), Some("sales"));
    }

    #[test]
    fn groups_smaller_than_the_minimum_are_suppressed() {
        let shown: Group<usize> = Group::over(5, 5, || 5);
        let hidden: Group<usize> = Group::over(4, 5, || 4);
        assert_eq!(shown.shown(), Some(&5));
        assert_eq!(hidden.shown(), None);
        assert_eq!(
            serde_json::to_string(&hidden).unwrap_or_default(),
            r#"{"suppressed":true}"#
        );
    }
}
