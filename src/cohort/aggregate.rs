//! The cohort report: one part per program, its figures per competency, phase, outcome, track
//! and rule, aggregated from [`PairProgress`] summaries.
//!
//! The types here are the report's JSON (serde field names are the output format: renaming a
//! field changes what dashboards read). Which figures may be shown is decided in `suppress`;
//! this module only counts, and builds every figure through `Group::over` or a suppression
//! rule, so a figure over a small group is never computed into the report.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::left_out::{LeftOut, LeftOutLog};
use super::suppress::{
    Group, Suppressed, hidden_groups, leaves_out_small_group, milestone_figures_hidden,
    shaped_by_hidden_track,
};
use super::trends::{Trends, trends};
use super::{MilestoneState, PairProgress, RiskReason};
use crate::log::PairStatus;
use crate::model::{Deadline, Program};

/// The whole report: one part per program that has logs.
#[derive(Debug, Clone, Serialize)]
pub struct CohortReport {
    pub as_of: Date,
    /// Figures over fewer pairs than this are suppressed.
    pub min_group: usize,
    /// The logs no figure covers, and why.
    pub left_out: LeftOut,
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
    /// How many pairs are at risk, per reason (suppressed with the cohort's figures).
    pub at_risk: Group<RiskCounts>,
    /// Sessions held per week and milestones met to date (suppressed with the cohort's
    /// figures; each week's figures are suppressed on their own too, see `trends`).
    pub trends: Group<Trends>,
    pub tracks: Vec<TrackRow>,
    /// The pairs on no track, for a program that has tracks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_track: Option<Group<TrackFigures>>,
    /// One row per pair, in pair order; `None` when the report is anonymous.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs: Option<Vec<PairRow>>,
    /// One row per pair and reason it is at risk, the earliest due first; `None` when the
    /// report is anonymous (like `pairs`: it names pairs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs_at_risk: Option<Vec<RiskRow>>,
}

/// Pairs at risk, in all and per reason (a pair may have several reasons).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RiskCounts {
    pub pairs: usize,
    pub inactive: usize,
    pub late_start: usize,
    pub missed_streak: usize,
    pub unlogged_plan: usize,
    /// Pairs with a milestone their pace will not reach in time (`L041`).
    pub milestone_at_risk: usize,
}

/// One reason one pair is at risk.
#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    /// The `pair` id, or where the log is when it gives none (as in `PairRow`).
    pub pair: String,
    pub reason: RiskReason,
    /// The day what is missing was due by (see `cohort::Risk::due`).
    pub due: Option<Date>,
    /// The milestone, for `milestone-at-risk` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub milestone: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    pub pairs: usize,
    pub active: usize,
    pub completed: usize,
    /// Pairs that stopped: a loss to the program.
    pub withdrawn: usize,
    /// Pairs whose chemistry did not work and whose mentee was matched with another mentor: a
    /// normal outcome of the first sessions, counted on its own rather than as a withdrawal.
    /// Like withdrawn pairs they owe no milestone, so they count in no milestone figure (the
    /// mentee's new pair owes them).
    pub re_matched: usize,
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
    /// Pairs the milestone applies to (pairs that withdrew or were re-matched excluded).
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
    /// did not end early (withdraw or be re-matched); `None` when those are fewer than
    /// `min_group`.
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
    /// The day the next held session is due by (active pairs of a program with a longest gap).
    pub next_session_due: Option<Date>,
    pub errors: u32,
    pub warnings: u32,
}

impl CohortReport {
    /// Aggregates `pairs` per program in `programs`, each version of a program on its own
    /// (programs without logs are left out).
    /// `name_of` gives the text that stands for a pair without a `pair` id (its file and line);
    /// `left_out` are the logs the caller could not count.
    pub fn new(
        programs: &[&Program],
        pairs: &[&PairProgress],
        left_out: Vec<LeftOutLog>,
        as_of: Date,
        min_group: usize,
        anonymous: bool,
        name_of: &dyn Fn(&PairProgress) -> String,
    ) -> CohortReport {
        let min_group = min_group.max(1);
        let mut reports = Vec::new();
        for program in programs {
            let mine: Vec<&PairProgress> = pairs
                .iter()
                .copied()
                .filter(|p| {
                    p.program == program.id && p.program_version == program.version.as_deref()
                })
                .collect();
            if mine.is_empty() {
                continue;
            }
            reports.push(ProgramReport::new(
                program, &mine, as_of, min_group, anonymous, name_of,
            ));
        }
        CohortReport {
            as_of,
            min_group,
            left_out: LeftOut::new(left_out, anonymous),
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
            at_risk: Group::over(pairs.len(), min_group, || risk_counts(pairs)),
            trends: Group::over(pairs.len(), min_group, || trends(pairs, as_of, min_group)),
            tracks,
            no_track,
            pairs: (!anonymous).then(|| pair_rows(pairs, as_of, name_of)),
            pairs_at_risk: (!anonymous).then(|| risk_rows(pairs, name_of)),
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
        re_matched: with_status(PairStatus::Rematched),
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
/// and milestones without a competency come last under "other". A row is suppressed when it is
/// computed over fewer than `min_group` pairs, when the pairs it leaves out (of those that did
/// not end early) are fewer than `min_group` (a total minus the row would give them), or when a
/// track that adds, replaces or drops the milestone is suppressed (its row would give the
/// track's size away).
fn competencies(
    program: &Program,
    pairs: &[&PairProgress],
    min_group: usize,
    hidden_tracks: &[&str],
) -> Vec<CompetencyReport> {
    let owing = pairs.iter().filter(|p| !p.status.ended_early()).count();
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
                        MilestoneState::NotOwed => continue,
                    }
                    counts.pairs += 1;
                }
                MilestoneRow {
                    id: milestone.id.clone(),
                    label: milestone.label.clone(),
                    due: milestone.due.map(Deadline::describe),
                    track: track_of(&milestone.id)
                        .filter(|_| !program.milestones.iter().any(|m| m.id == milestone.id)),
                    counts: if shaped_by_hidden_track(program, hidden_tracks, &milestone.id)
                        || leaves_out_small_group(owing, counts.pairs, min_group)
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
                .filter(|p| p.status == PairStatus::Active && p.phase == Some(phase.id.as_str()))
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
                .map(|p| u64::from(p.sessions_with_outcome(&outcome.id)))
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

/// The track rows and the "no track" row, and the ids of the tracks whose figures are
/// suppressed.
///
/// Tracks and "no track" split the cohort, whose totals are shown; which of them are hidden,
/// and when their milestone figures are, is decided by the subtraction rules in `suppress`.
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
                .filter(|p| p.track == Some(track.id.as_str()))
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
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    let hidden = hidden_groups(&sizes, pairs.len(), min_group);
    // Milestones are owed by the pairs that did not end early.
    let owing: Vec<usize> = groups
        .iter()
        .map(|group| group.iter().filter(|p| !p.status.ended_early()).count())
        .collect();
    let small = milestone_figures_hidden(&owing, &hidden, min_group);
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

/// Milestones met (on time or late) and milestones the pair owes (none once it ended early:
/// withdrew or was re-matched).
fn met_and_owed(pair: &PairProgress) -> (usize, usize) {
    let met = pair
        .milestones
        .iter()
        .filter(|m| matches!(m.state, MilestoneState::Met | MilestoneState::MetLate))
        .count();
    let owed = pair
        .milestones
        .iter()
        .filter(|m| m.state != MilestoneState::NotOwed)
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
                track: pair.track.map(str::to_owned),
                status: pair.status.as_str(),
                started: pair.started,
                held_sessions: pair.held,
                phase: pair.phase.map(str::to_owned),
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
                    .map(|m| m.id.to_owned())
                    .collect(),
                next_deadline: pair
                    .milestones
                    .iter()
                    .filter(|m| m.state == MilestoneState::Pending)
                    .filter_map(|m| m.due.map(|due| (m.id.to_owned(), due)))
                    .min_by_key(|(_, due)| *due),
                next_session_due: pair.next_session_due,
                errors: pair.errors,
                warnings: pair.warnings,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.pair.cmp(&b.pair));
    rows
}

/// The pairs at risk, per reason.
fn risk_counts(pairs: &[&PairProgress]) -> RiskCounts {
    let with = |reason: RiskReason| {
        pairs
            .iter()
            .filter(|p| p.risks.iter().any(|r| r.reason == reason))
            .count()
    };
    RiskCounts {
        pairs: pairs.iter().filter(|p| !p.risks.is_empty()).count(),
        inactive: with(RiskReason::Inactive),
        late_start: with(RiskReason::LateStart),
        missed_streak: with(RiskReason::MissedStreak),
        unlogged_plan: with(RiskReason::UnloggedPlan),
        milestone_at_risk: with(RiskReason::MilestoneAtRisk),
    }
}

/// One row per pair and reason, the earliest due day first (then by pair and reason; a row
/// without a day last).
fn risk_rows(pairs: &[&PairProgress], name_of: &dyn Fn(&PairProgress) -> String) -> Vec<RiskRow> {
    let mut rows: Vec<RiskRow> = pairs
        .iter()
        .flat_map(|pair| {
            let name = pair.pair.clone().unwrap_or_else(|| name_of(pair));
            pair.risks.iter().map(move |risk| RiskRow {
                pair: name.clone(),
                reason: risk.reason,
                due: risk.due,
                milestone: risk.milestone.clone(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.due.is_none(), a.due, &a.pair, a.reason).cmp(&(
            b.due.is_none(),
            b.due,
            &b.pair,
            b.reason,
        ))
    });
    rows
}
