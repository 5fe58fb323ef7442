//! One pair's own page (`mentor status`): what the pair has done and what comes next, for the
//! mentor and the mentee themselves.
//!
//! [`PairPage::new`] reads the same facts as the cohort report ([`PairProgress::of`], and
//! `schedule` for deadlines and the program's end), so a pair's page and `mentor report` never
//! disagree on a date. The page adds what a report leaves out because it is about one pair: each
//! session on a timeline, the phase the pair is in with the program's goals for it, the session
//! that showed each milestone's evidence, and the log's findings.
//!
//! **Architecture Invariant:** only ids, dates, numbers, the program's own words and the
//! findings' messages (built from ids and numbers, never from a pair's words: every rule's unit
//! tests check it) reach the page. A session's takeaway and answers are not read; a log value
//! that does not look like an id (an outcome or lens the program does not know, written as a
//! sentence) is left out rather than shown.

use jiff::civil::Date;

use super::{MilestoneProgress, MilestoneState, PairProgress, Risk};
use crate::diagnostic::{Diagnostics, Severity};
use crate::exceptions::PairExceptions;
use crate::log::{Log, PairStatus, Session, SessionKind, SessionStatus, looks_like_id};
use crate::model::{Deadline, Milestone, Phase, Program};
use crate::schedule::{self, meeting_claim, milestone_due};
use crate::words;

/// Everything a pair's page shows, in the order a renderer lays it out.
#[derive(Debug, Clone)]
pub struct PairPage {
    /// The day the page is made for (`--as-of`).
    pub as_of: Date,
    pub program: ProgramHeading,
    /// The pair's id, or, for a log without one that looks like an id, its place (file, or
    /// file and line).
    pub pair: PairName,
    /// The track, with its label from the program.
    pub track: Option<Named>,
    pub status: PairStatus,
    pub started: Option<Date>,
    /// The last day of the program for this pair (`length … within N`, moved by its pauses).
    pub program_ends: Option<Date>,
    pub held: u32,
    pub cancelled: u32,
    pub no_shows: u32,
    /// Every session the log lists (held, cancelled, missed, planned), by date.
    pub timeline: Vec<TimelineEntry>,
    /// The phase of the pair's latest held session, with its goals.
    pub phase: Option<PhaseView>,
    /// What an active pair does next: the session after its latest, and the day it is due by.
    pub next_session: Option<NextSession>,
    /// Milestones met, on time or late, in program order: the pair's wins.
    pub wins: Vec<Win>,
    /// Milestones not met yet, overdue first, then the one due soonest.
    pub owed: Vec<Owed>,
    /// Why the pair is at risk, as the cohort report says it.
    pub risks: Vec<Risk>,
    /// The log's findings, as `mentor validate` gives them (a waived finding is left out).
    pub findings: Vec<Finding>,
}

/// The program a page is about.
#[derive(Debug, Clone)]
pub struct ProgramHeading {
    pub id: String,
    pub title: String,
    pub version: Option<String>,
}

/// How the page names its pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PairName {
    /// The log's `pair` id.
    Id(String),
    /// The log has no id that looks like one: where it is.
    Place(String),
}

/// An id from the program, with the program's label for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub label: String,
}

/// An id a log gives, with the program's label when the program knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogId {
    pub id: String,
    pub label: Option<String>,
}

/// One session on the pair's timeline.
#[derive(Debug, Clone)]
pub struct TimelineEntry {
    pub number: Option<u32>,
    pub date: Option<Date>,
    pub status: SessionStatus,
    pub kind: SessionKind,
    pub minutes: Option<u32>,
    /// The phase a held session's number falls in.
    pub phase: Option<Named>,
    pub lenses: Vec<LogId>,
    pub outcome: Option<Outcome>,
    /// The milestones this session met (the first claim with its evidence): the wins it shows.
    pub met: Vec<Named>,
    /// Dated after `as_of`: it has not happened yet on the page's day.
    pub after_as_of: bool,
}

/// How a held session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub id: String,
    /// The program's label; `None` for an outcome the program does not have (a finding).
    pub label: Option<String>,
    /// The program marks it as a session that failed its purpose.
    pub failed: bool,
}

/// The phase the pair is in, with the program's goals for it.
#[derive(Debug, Clone)]
pub struct PhaseView {
    pub id: String,
    pub label: String,
    /// Its place among the program's phases, from 1, and how many there are.
    pub position: usize,
    pub of: usize,
    pub first_session: u32,
    pub last_session: u32,
    pub goals: Vec<String>,
}

/// The session an active pair holds next.
#[derive(Debug, Clone)]
pub struct NextSession {
    /// The number after the latest held one; `None` once the program's sessions are all held.
    pub number: Option<u32>,
    /// The phase that number falls in, when it is not the phase the pair is in.
    pub opens_phase: Option<Named>,
    /// The last day it may be held on (`schedule::next_session_due`): the pair's last activity
    /// plus the cadence's longest gap, not counting paused days.
    pub due_by: Option<Date>,
    /// The longest gap the cadence allows, in days.
    pub longest_gap_days: Option<u32>,
}

/// A milestone the pair met.
#[derive(Debug, Clone)]
pub struct Win {
    pub milestone: Named,
    pub competency: Option<Named>,
    /// The held session whose claim showed the evidence.
    pub session: Option<u32>,
    pub date: Option<Date>,
    pub on_time: bool,
    /// The deadline it was held to, in words ("by session 4", "by week 10 (2025-03-17)").
    pub deadline: Option<String>,
}

/// A milestone the pair still owes.
#[derive(Debug, Clone)]
pub struct Owed {
    pub milestone: Named,
    pub competency: Option<Named>,
    /// Its deadline in words, with the pair's own date after pauses and extensions.
    pub deadline: Option<String>,
    /// The date it is due by (`by week N`, `by DATE`, moved as the pair's exceptions say).
    pub due: Option<Date>,
    /// The session it is due by (`by session N`).
    pub by_session: Option<u32>,
    /// For `by session N`: the last day session N can be held on, each session from the next one
    /// on held at the longest gap the cadence allows (paused days not counted). It orders the
    /// milestones owed among those due by a date.
    pub latest: Option<Date>,
    pub overdue: bool,
}

/// One finding of the log, as plain words.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// The finding's message: ids, numbers and dates, never a pair's words.
    pub message: String,
}

impl PairPage {
    /// The page of the pair of `log`, judged against `program` as of `as_of`. `findings` are
    /// the diagnostics the log rules gave it, sorted, waived ones left out; `exceptions` its
    /// pauses and extensions; `place` names a log without a `pair` id.
    pub fn new(
        program: &Program,
        log: &Log,
        as_of: Date,
        findings: &Diagnostics,
        exceptions: PairExceptions<'_>,
        place: String,
    ) -> PairPage {
        let progress = PairProgress::of(program, log, as_of, findings, exceptions);
        let progress_of_pair = &progress;
        let owed_milestones = program.milestones_for_track(progress.track);
        let milestone = |id: &str| owed_milestones.iter().copied().find(|m| m.id == id);
        let phase = progress.phase.and_then(|id| phase_view(program, id));
        let mut wins = Vec::new();
        let mut owed = Vec::new();
        for progress in &progress.milestones {
            let Some(milestone) = milestone(progress.id) else {
                continue;
            };
            let deadline = milestone.due.map(|deadline| {
                words::deadline(deadline, milestone_due(log, milestone, exceptions).as_ref())
            });
            match progress.state {
                MilestoneState::Met | MilestoneState::MetLate => {
                    wins.push(win(program, milestone, progress, deadline));
                }
                MilestoneState::Overdue | MilestoneState::Pending => owed.push(Owed {
                    milestone: named_milestone(milestone),
                    competency: competency(program, milestone),
                    deadline,
                    due: progress.due,
                    by_session: match milestone.due {
                        Some(Deadline::BySession(n)) => Some(n),
                        _ => None,
                    },
                    latest: match milestone.due {
                        Some(Deadline::BySession(n)) => {
                            latest_day_of_session(program, log, progress_of_pair, n, exceptions)
                        }
                        _ => None,
                    },
                    overdue: progress.state == MilestoneState::Overdue,
                }),
                MilestoneState::NotOwed => {}
            }
        }
        // Overdue first (they are late already), then the deadline that comes first: by date (a
        // `by session N` at the latest day session N can come), a session before a date on the
        // same day, then `by session N` without such a day, then milestones without a deadline.
        owed.sort_by_key(|o| {
            let day = o.due.or(o.latest);
            (
                !o.overdue,
                day.is_none(),
                day,
                o.by_session.is_none(),
                o.by_session,
            )
        });
        let next_session = schedule::is_active(log).then(|| {
            let number = progress.last_number.map_or(1, |n| n.saturating_add(1));
            let number = (number <= program.last_session()).then_some(number);
            NextSession {
                number,
                opens_phase: number
                    .and_then(|n| program.phase_for_session(n))
                    .filter(|next| Some(next.id.as_str()) != progress.phase)
                    .map(|p| Named {
                        id: p.id.clone(),
                        label: p.label.clone(),
                    }),
                due_by: progress.next_session_due,
                longest_gap_days: program
                    .cadence
                    .as_ref()
                    .and_then(|c| c.max_gap.as_ref())
                    .map(|g| g.value),
            }
        });
        PairPage {
            as_of,
            program: ProgramHeading {
                id: program.id.clone(),
                title: program.title.clone(),
                version: program.version.clone(),
            },
            pair: match &progress.pair {
                Some(id) => PairName::Id(id.clone()),
                None => PairName::Place(place),
            },
            track: progress
                .track
                .and_then(|id| program.track(id))
                .map(|t| Named {
                    id: t.id.clone(),
                    label: t.label.clone(),
                }),
            status: progress.status,
            started: progress.started,
            program_ends: schedule::program_end(program, log, exceptions),
            held: progress.held,
            cancelled: progress.cancelled,
            no_shows: progress.no_shows,
            timeline: timeline(
                program,
                log,
                as_of,
                &progress.milestones,
                &owed_milestones,
                exceptions,
            ),
            phase,
            next_session,
            wins,
            owed,
            risks: progress.risks.clone(),
            findings: findings_by_severity(findings),
        }
    }

    /// The pending milestone whose deadline comes first (overdue ones are late already): what
    /// is due next, and by when.
    pub fn next_deadline(&self) -> Option<&Owed> {
        self.owed
            .iter()
            .find(|o| !o.overdue && (o.due.is_some() || o.by_session.is_some()))
    }

    /// How many of the milestones the pair owes it has met.
    pub fn milestones_owed(&self) -> usize {
        self.wins.len() + self.owed.len()
    }
}

/// The last day session `n` can be held on, for an active pair of a program with a longest
/// gap: the next session's due day, then one longest gap per session after it (paused days not
/// counted). `None` when no such day can be said.
fn latest_day_of_session(
    program: &Program,
    log: &Log,
    progress: &PairProgress,
    n: u32,
    exceptions: PairExceptions<'_>,
) -> Option<Date> {
    let next = progress
        .last_number
        .map_or(1, |last| last.saturating_add(1));
    let gap = program.cadence.as_ref()?.max_gap.as_ref()?.value;
    let sessions_after_next = n.checked_sub(next)?;
    if !schedule::is_active(log) {
        return None;
    }
    schedule::advance(
        exceptions,
        progress.next_session_due?,
        sessions_after_next.checked_mul(gap)?,
    )
}

/// The findings, errors first, then warnings, then advice, each kind in the order given (the
/// log's order, as `validate` sorts them).
fn findings_by_severity(findings: &Diagnostics) -> Vec<Finding> {
    let mut shown: Vec<Finding> = findings
        .iter()
        .map(|d| Finding {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity,
            message: d.message.clone(),
        })
        .collect();
    shown.sort_by_key(|f| f.severity);
    shown
}

fn named_milestone(milestone: &Milestone) -> Named {
    Named {
        id: milestone.id.clone(),
        label: milestone.label.clone(),
    }
}

fn competency(program: &Program, milestone: &Milestone) -> Option<Named> {
    let id = milestone.competency.as_deref()?;
    program.competency(id).map(|c| Named {
        id: c.id.clone(),
        label: c.label.clone(),
    })
}

fn win(
    program: &Program,
    milestone: &Milestone,
    progress: &MilestoneProgress,
    deadline: Option<String>,
) -> Win {
    Win {
        milestone: named_milestone(milestone),
        competency: competency(program, milestone),
        session: progress.met_in.and_then(|m| m.session),
        date: progress.met_in.and_then(|m| m.date),
        on_time: progress.state == MilestoneState::Met,
        deadline,
    }
}

fn phase_view(program: &Program, id: &str) -> Option<PhaseView> {
    let (index, phase): (usize, &Phase) = program
        .phases
        .iter()
        .enumerate()
        .find(|(_, p)| p.id == id)?;
    Some(PhaseView {
        id: phase.id.clone(),
        label: phase.label.clone(),
        position: index + 1,
        of: program.phases.len(),
        first_session: phase.first_session,
        last_session: phase.last_session,
        goals: phase.goals.clone(),
    })
}

/// An id the log gives, if it looks like one: a sentence in its place may be the pair's words.
fn log_id(id: &str, label: Option<&str>) -> Option<LogId> {
    looks_like_id(id).then(|| LogId {
        id: id.to_owned(),
        label: label.map(str::to_owned),
    })
}

/// Every session of the log, by date (undated ones last, each kind in log order), with the
/// wins each held session showed.
fn timeline(
    program: &Program,
    log: &Log,
    as_of: Date,
    milestones: &[MilestoneProgress],
    owed: &[&Milestone],
    exceptions: PairExceptions<'_>,
) -> Vec<TimelineEntry> {
    // The session whose claim met each milestone met: its index in the log, and the milestone.
    let met_in: Vec<(usize, &Milestone)> = milestones
        .iter()
        .filter(|m| matches!(m.state, MilestoneState::Met | MilestoneState::MetLate))
        .filter_map(|m| owed.iter().copied().find(|o| o.id == m.id))
        .filter_map(|m| Some((meeting_claim(program, log, m, exceptions)?.0.index, m)))
        .collect();
    let mut sessions: Vec<&Session> = log.sessions.iter().collect();
    sessions.sort_by_key(|s| (s.date.is_none(), s.date.as_ref().map(|d| d.value), s.index));
    sessions
        .into_iter()
        .map(|session| {
            let number = session.number.as_ref().map(|n| n.value);
            let date = session.date.as_ref().map(|d| d.value);
            let held = session.is_held();
            let met = met_in
                .iter()
                .filter(|(index, _)| *index == session.index)
                .map(|(_, m)| named_milestone(m))
                .collect();
            TimelineEntry {
                number,
                date,
                status: session.session_status(),
                kind: session.session_kind(),
                minutes: session.minutes.as_ref().map(|m| m.value),
                phase: number
                    .filter(|_| held)
                    .and_then(|n| program.phase_for_session(n))
                    .map(|p| Named {
                        id: p.id.clone(),
                        label: p.label.clone(),
                    }),
                lenses: session
                    .lenses
                    .iter()
                    .filter_map(|lens| {
                        log_id(
                            &lens.value,
                            program.lens(&lens.value).map(|l| l.label.as_str()),
                        )
                    })
                    .collect(),
                outcome: session.outcome.as_ref().and_then(|outcome| {
                    let known = program.outcome(&outcome.value);
                    looks_like_id(&outcome.value).then(|| Outcome {
                        id: outcome.value.clone(),
                        label: known.map(|o| o.label.clone()),
                        failed: known.is_some_and(|o| o.failed),
                    })
                }),
                met,
                after_as_of: date.is_some_and(|d| d > as_of),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::{LogFormat, parse_logs};
    use crate::resolve::{Loaded, resolve_source};
    use crate::source::Sources;

    const PROGRAM: &str = r#"
program demo "Demo" {
    length 6 sessions within 12 weeks
    cadence every 2 weeks, gap at most 3 weeks
    outcome tried "Something to try"
    competency judgment "Judgment"
    phase start "Start" sessions 1..2 {
        goal "Get going"
        lenses any
    }
    phase rest "Rest" sessions 3..6 { lenses any }
    milestone by-session "By session 5" {
        competency judgment
        due by session 5
    }
    milestone by-date "By a date" {
        competency judgment
        due by date 2025-03-01
    }
    milestone early "Early" {
        competency judgment
        due by date 2025-01-15
    }
    milestone soon "By session 3" {
        competency judgment
        due by session 3
    }
    milestone whenever "No deadline" {
        competency judgment
    }
    milestone first "By session 1" {
        competency judgment
        due by session 1
    }
}
"#;

    fn page(log: &str, as_of: Date) -> PairPage {
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
        let log_source = sources.add("log.toml", log);
        let logs = parse_logs(&sources, log_source, LogFormat::Toml, &mut diagnostics);
        let [log] = logs.as_slice() else {
            panic!("one log: {diagnostics:?}");
        };
        PairPage::new(
            &program,
            log,
            as_of,
            &Diagnostics::new(),
            PairExceptions::default(),
            "log.toml".to_owned(),
        )
    }

    const LOG: &str = "program = \"demo\"\npair = \"p1\"\nstarted = 2025-01-06\n\
        [[sessions]]\nnumber = 1\ndate = 2025-01-06\noutcome = \"tried\"\nmilestones = [\"first\"]\n\
        [[sessions]]\nstatus = \"planned\"\n\
        [[sessions]]\nnumber = 2\ndate = 2025-01-20\noutcome = \"a sentence, not an id\"\n\
        [[sessions]]\ndate = 2025-01-13\nstatus = \"no-show\"\n";

    #[test]
    fn owed_milestones_come_overdue_first_then_by_the_deadline_that_comes_first() {
        let page = page(LOG, jiff::civil::date(2025, 1, 21));
        let owed: Vec<(&str, bool)> = page
            .owed
            .iter()
            .map(|o| (o.milestone.id.as_str(), o.overdue))
            .collect();
        assert_eq!(
            owed,
            [
                ("early", true),
                ("soon", false),
                ("by-date", false),
                ("by-session", false),
                ("whenever", false)
            ]
        );
        // By hand: session 2 on 2025-01-20 plus 3 weeks is 2025-02-10, the latest day of
        // session 3; session 5 comes two gaps later at the latest, 2025-03-24, after the date
        // deadline of 2025-03-01.
        let latest: Vec<Option<Date>> = page.owed.iter().map(|o| o.latest).collect();
        let day = |m, d| Some(jiff::civil::date(2025, m, d));
        assert_eq!(latest, [None, day(2, 10), None, day(3, 24), None]);
        assert_eq!(
            page.next_deadline().map(|o| o.milestone.id.as_str()),
            Some("soon")
        );
        // The win names the session that showed it; 2025-01-20 plus 3 weeks is 2025-02-10.
        assert_eq!(page.wins.len(), 1);
        assert_eq!(
            (
                page.wins[0].session,
                page.wins[0].date,
                page.wins[0].on_time
            ),
            (Some(1), Some(jiff::civil::date(2025, 1, 6)), true)
        );
        let next = page.next_session.as_ref().map(|n| (n.number, n.due_by));
        assert_eq!(next, Some((Some(3), Some(jiff::civil::date(2025, 2, 10)))));
        // Session 3 opens the phase `rest`; the pair is in `start`, whose goals the page shows.
        let opens = page
            .next_session
            .as_ref()
            .and_then(|n| n.opens_phase.as_ref());
        assert_eq!(opens.map(|p| p.id.as_str()), Some("rest"));
        let phase = page
            .phase
            .as_ref()
            .map(|p| (p.id.as_str(), p.goals.clone()));
        assert_eq!(phase, Some(("start", vec!["Get going".to_owned()])));
    }

    #[test]
    fn the_timeline_is_in_date_order_with_undated_sessions_last_and_no_words() {
        let page = page(LOG, jiff::civil::date(2025, 1, 21));
        let entries: Vec<(Option<u32>, SessionStatus, bool)> = page
            .timeline
            .iter()
            .map(|e| (e.number, e.status, e.outcome.is_some()))
            .collect();
        assert_eq!(
            entries,
            [
                (Some(1), SessionStatus::Held, true),
                (None, SessionStatus::NoShow, false),
                // An outcome written as a sentence may be the pair's words: left out.
                (Some(2), SessionStatus::Held, false),
                (None, SessionStatus::Planned, false),
            ]
        );
        assert_eq!(page.timeline[0].met.len(), 1);
        assert!(page.timeline[2].met.is_empty());
        assert_eq!(page.pair, PairName::Id("p1".to_owned()));
    }
}
