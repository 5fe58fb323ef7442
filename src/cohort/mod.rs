//! Progress across a cohort: where each pair stands against its program, and the cohort's
//! figures per competency, phase, outcome, track and rule.
//!
//! [`PairProgress::of`] reduces one log to what a report needs (counts, dates, ids, the state of
//! each milestone, the codes of its findings), so a cohort of tens of thousands of logs is
//! summarised without keeping the logs. [`CohortReport::new`] (`aggregate`) then aggregates per
//! program, and `suppress` decides which of its figures may be shown: none over a small group,
//! and none that subtraction from a shown total would give away.
//!
//! Milestone states come from `schedule`, the module the log rules read too, so `report` and
//! `validate` never disagree on a deadline. This module never reads `check`: it is given the
//! findings of a log, and counts them.
//!
//! **Architecture Invariant:** nothing a pair wrote (takeaways, answers) reaches the report, and
//! mentor and mentee ids are not read at all: a pair is named only by its pseudonymous `pair` id.

mod aggregate;
mod left_out;
mod pair_page;
mod risk;
mod suppress;
mod trends;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostics, Severity};
use crate::exceptions::PairExceptions;
use crate::log::{Log, PairStatus, SessionKind, SessionStatus, looks_like_id};
use crate::model::Program;
pub use crate::schedule::MilestoneState;
use crate::schedule::{Due, meeting_claim, milestone_due, milestone_state, next_session_due};
use crate::source::Span;

pub use aggregate::{
    Cohort, CohortReport, CompetencyReport, FindingRow, MilestoneCounts, MilestoneRow, OutcomeRow,
    PairRow, PhaseRow, ProgramReport, RiskCounts, RiskRow, TrackFigures, TrackRow,
};
pub use left_out::{LeftOut, LeftOutLog, LeftOutReason};
pub use pair_page::{
    Finding, LogId, Named, NextSession, Outcome, Owed, PairName, PairPage, PhaseView,
    ProgramHeading, TimelineEntry, Win,
};
pub use risk::{Risk, RiskReason};
pub use suppress::{Group, Suppressed};
pub use trends::{MAX_WEEKS, Trends, Week};

/// One pair's standing, reduced from its log. The ids of the program's parts are borrowed from
/// the program (`'p`): a report holds one of these for every pair of a cohort, so only what
/// the log itself says (its `pair` id, counts and dates) is the pair's own.
#[derive(Debug, Clone)]
pub struct PairProgress<'p> {
    /// The program the log follows (an id the report's programs include).
    pub program: &'p str,
    /// The version of the program the log was checked against: with several versions side
    /// by side, each is reported on its own.
    pub program_version: Option<&'p str>,
    pub pair: Option<String>,
    /// Where the log is: a file, or a line of a JSON Lines file.
    pub span: Span,
    pub track: Option<&'p str>,
    pub status: PairStatus,
    pub started: Option<Date>,
    pub held: u32,
    /// The dates of the held sessions that give one, in log order: the cohort's weekly series
    /// (`trends`) count them.
    pub held_dates: Box<[Date]>,
    pub cancelled: u32,
    pub no_shows: u32,
    pub reviews: u32,
    pub minutes: u64,
    /// The highest held session number, and the date of the last held session.
    pub last_number: Option<u32>,
    pub last_date: Option<Date>,
    /// The phase of the highest held session number.
    pub phase: Option<&'p str>,
    /// Held sessions per outcome id, in program order (ids the program knows; others are
    /// findings), outcomes never held left out: a program has a handful, so a list is both
    /// smaller and faster than a map.
    pub outcomes: Box<[(&'p str, u32)]>,
    pub milestones: Box<[MilestoneProgress<'p>]>,
    /// The day the pair's next held session is due by (`schedule::next_session_due`): active
    /// pairs of a program with a longest gap only.
    pub next_session_due: Option<Date>,
    /// Why the pair is at risk, each reason once with the day it was due by (`risk`).
    pub risks: Vec<Risk>,
    pub errors: u32,
    pub warnings: u32,
    /// The rule codes of the log's findings, each once.
    pub codes: Box<[&'static str]>,
}

/// Where one milestone stands for one pair.
#[derive(Debug, Clone)]
pub struct MilestoneProgress<'p> {
    pub id: &'p str,
    pub state: MilestoneState,
    /// The date it is due by, for `by week N` (counted from `started`) and `by DATE`.
    pub due: Option<Date>,
    /// The held session whose claim met it (on time or late), for a milestone met.
    pub met_in: Option<MetIn>,
}

/// The session that showed a milestone's evidence: the win a pair's page names, and the day
/// the cohort's burn-up counts the milestone on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetIn {
    pub session: Option<u32>,
    pub date: Option<Date>,
}

impl<'p> PairProgress<'p> {
    /// Reduces `log` against `program`; `findings` are the diagnostics the log rules gave it
    /// (those a waiver excuses left out), `exceptions` the pair's pauses and extensions, so the
    /// report's dates are `validate`'s.
    pub fn of(
        program: &'p Program,
        log: &Log,
        as_of: Date,
        findings: &Diagnostics,
        exceptions: PairExceptions<'_>,
    ) -> PairProgress<'p> {
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
        let outcomes = program
            .outcomes
            .iter()
            .map(|outcome| {
                let sessions = held
                    .iter()
                    .filter(|s| s.outcome.as_ref().is_some_and(|o| o.value == outcome.id))
                    .count() as u32;
                (outcome.id.as_str(), sessions)
            })
            .filter(|(_, sessions)| *sessions > 0)
            .collect();
        let mut codes: Vec<&'static str> = findings
            .iter()
            .filter(|d| d.severity != Severity::Advice)
            .map(|d| d.code())
            .collect();
        codes.sort_unstable();
        codes.dedup();
        PairProgress {
            program: &program.id,
            program_version: program.version.as_deref(),
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
                .and_then(|id| program.track(id))
                .map(|track| track.id.as_str()),
            status: log.pair_status(),
            started: log.started.as_ref().map(|s| s.value),
            held: held.len() as u32,
            held_dates: held
                .iter()
                .filter_map(|s| s.date.as_ref().map(|d| d.value))
                .collect(),
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
                .map(|p| p.id.as_str()),
            outcomes,
            milestones: milestones(program, log, as_of, exceptions),
            next_session_due: next_session_due(program, log, as_of, exceptions),
            risks: risk::risks(program, log, as_of, exceptions),
            errors: findings.count(Severity::Error) as u32,
            warnings: findings.count(Severity::Warning) as u32,
            codes: codes.into_boxed_slice(),
        }
    }

    /// How many held sessions ended with `outcome` (an id of the program's).
    pub fn sessions_with_outcome(&self, outcome: &str) -> u32 {
        self.outcomes
            .iter()
            .find(|(id, _)| *id == outcome)
            .map_or(0, |(_, sessions)| *sessions)
    }
}

/// The state of every milestone that applies to the log's track, in program order.
fn milestones<'p>(
    program: &'p Program,
    log: &Log,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Box<[MilestoneProgress<'p>]> {
    // A track the program does not have (`L007`): which milestones the pair owes is unknown,
    // so it is counted in no milestone figure rather than against the program's.
    if log.track_id().is_some_and(|id| program.track(id).is_none()) {
        return Box::default();
    }
    program
        .milestones_for_track(log.track_id())
        .into_iter()
        .map(|milestone| {
            let state = milestone_state(program, log, milestone, as_of, exceptions);
            let met_in = matches!(state, MilestoneState::Met | MilestoneState::MetLate)
                .then(|| meeting_claim(program, log, milestone, exceptions))
                .flatten()
                .map(|(session, _)| MetIn {
                    session: session.number.as_ref().map(|n| n.value),
                    date: session.date.as_ref().map(|d| d.value),
                });
            MilestoneProgress {
                id: &milestone.id,
                state,
                // The pair's own deadline: extended, or moved by its pauses.
                due: match milestone_due(log, milestone, exceptions) {
                    Some(Due::ByDay { date, .. }) => Some(date),
                    _ => None,
                },
                met_in,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Label};
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

    fn progress_of(log: &str, as_of: Date) -> PairProgress<'static> {
        progress_with_findings(log, as_of, &[])
    }

    /// The progress of `log`, given findings with these codes, as the log rules would give
    /// them: what the rules find is tested where they live; here, how a log is reduced. The
    /// program is leaked, so the progress can borrow its ids as a report's do.
    fn progress_with_findings(log: &str, as_of: Date, codes: &[&str]) -> PairProgress<'static> {
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
        for code in codes {
            let Some(rule) = crate::rules::find(code) else {
                panic!("no rule {code}");
            };
            findings.push(Diagnostic::new(rule, "a finding", Label::bare(log.span)));
        }
        let program: &'static Program = Box::leak(Box::new(program));
        PairProgress::of(program, log, as_of, &findings, PairExceptions::default())
    }

    fn states<'p>(progress: &PairProgress<'p>) -> Vec<(&'p str, MilestoneState)> {
        progress
            .milestones
            .iter()
            .map(|m| (m.id, m.state))
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
        // The win names the session that showed the evidence, late as it was.
        assert_eq!(
            progress.milestones[0].met_in,
            Some(MetIn {
                session: Some(3),
                date: Some(date("2025-02-17"))
            })
        );
        assert_eq!(
            *progress.held_dates,
            [date("2025-01-06"), date("2025-01-20"), date("2025-02-17")]
        );
        assert_eq!((progress.held, progress.last_number), (3, Some(3)));
        assert_eq!(progress.last_date, Some(date("2025-02-17")));
        assert_eq!(progress.sessions_with_outcome("tried"), 3);
    }

    #[test]
    fn planned_sessions_count_nowhere() {
        let planned = "[[sessions]]\ndate = 2025-01-20\nstatus = \"planned\"\n";
        let log = format!("{HEAD}{}{planned}", session(1, "2025-01-06", ""));
        let progress = progress_of(&log, date("2025-01-10"));
        assert_eq!(
            (progress.held, progress.cancelled, progress.no_shows),
            (1, 0, 0)
        );
        assert_eq!(progress.last_date, Some(date("2025-01-06")));
        assert_eq!(progress.last_number, Some(1));
    }

    #[test]
    fn a_claim_without_its_evidence_does_not_meet_the_milestone() {
        let log = format!(
            "{HEAD}{}{}",
            session(1, "2025-01-06", "milestones = [\"by-two\"]"),
            session(2, "2025-01-20", "")
        );
        // The checker reports the claim (`L026 milestone-without-evidence`), not an overdue
        // milestone; the report counts what it reports, each code once.
        let progress = progress_with_findings(&log, date("2025-01-21"), &["L026", "L026"]);
        assert_eq!(
            states(&progress),
            [
                ("by-two", MilestoneState::Overdue),
                ("by-week", MilestoneState::Pending)
            ]
        );
        assert_eq!(*progress.codes, ["L026"]);
        assert!(progress.milestones.iter().all(|m| m.met_in.is_none()));
        assert_eq!(progress.errors, 2);
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
    fn completed_pairs_owe_every_milestone_and_pairs_that_ended_early_none() {
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
        for (text, status) in [
            ("withdrawn", PairStatus::Withdrawn),
            ("re-matched", PairStatus::Rematched),
        ] {
            let ended = progress_of(&log.replace("completed", text), date("2025-06-01"));
            assert!(
                ended
                    .milestones
                    .iter()
                    .all(|m| m.state == MilestoneState::NotOwed),
                "{text}: {:?}",
                states(&ended)
            );
            assert_eq!(ended.status, status);
        }
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
    fn a_withdrawn_or_re_matched_pair_is_counted_in_no_milestone() {
        let evidence =
            "lens = \"review\"\nmilestones = [\"by-two\"]\n[sessions.answers]\nwhat = \"x\"";
        for status in ["withdrawn", "re-matched"] {
            let log = format!(
                "{HEAD}status = \"{status}\"\n{}",
                session(1, "2025-01-06", evidence)
            );
            let progress = progress_of(&log, date("2025-06-01"));
            assert_eq!(
                states(&progress),
                [
                    ("by-two", MilestoneState::NotOwed),
                    ("by-week", MilestoneState::NotOwed)
                ],
                "{status}"
            );
        }
    }

    #[test]
    fn a_track_replaces_the_programs_milestones() {
        let log = format!("{HEAD}track = \"sales\"\n{}", session(1, "2025-01-06", ""));
        let progress = progress_of(&log, date("2025-01-07"));
        let ids: Vec<&str> = progress.milestones.iter().map(|m| m.id).collect();
        assert_eq!(ids, ["by-two", "sales-call"]);
        assert_eq!(progress.track, Some("sales"));
    }
}
