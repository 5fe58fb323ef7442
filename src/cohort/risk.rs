//! The "at risk" view of a pair: what did not happen that should have, each with the day it was
//! due by. The facts are the ones the log rules judge (`L035` pair-inactive, `L038`
//! first-session-late, `L039` missed-sessions-streak, `L040` planned-session-not-logged), read
//! from `schedule` as the rules read them, so `report` and `validate` agree on every date; this
//! module never reads `check` (nor a rule's `severity`: the report says what happened, the
//! program's policy says how much it matters).
//!
//! Only ids and dates leave a log: the reasons are a fixed list, and the due day is computed.

use jiff::civil::Date;
use serde::Serialize;

use crate::log::{Log, SessionStatus};
use crate::model::Program;
use crate::schedule::{
    LateStart, inactivity, late_start, milestone_at_risk, missed_streaks, unlogged_plan,
};

/// Why a pair is at risk. The JSON names (`"inactive"`, …) are the report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskReason {
    /// An active pair held no session within the cadence's longest gap (`L035`).
    Inactive,
    /// Its first held session came after `first session within N`, or none was held and that
    /// day has passed (`L038`).
    LateStart,
    /// More sessions in a row were cancelled or no-shows than `missed sessions at most N in a
    /// row` allows (`L039`).
    MissedStreak,
    /// A planned session's date (plus `log sessions within N days`) has passed and it is still
    /// planned (`L040`).
    UnloggedPlan,
    /// A milestone the pair's pace will not reach in time (`L041`,
    /// `schedule::milestone_at_risk`); [`Risk::milestone`] names it, and the due day is its
    /// deadline (for `due by session N`, the program's end).
    MilestoneAtRisk,
}

impl RiskReason {
    /// The reason in the report's words.
    pub fn describe(self) -> &'static str {
        match self {
            RiskReason::Inactive => "inactive",
            RiskReason::LateStart => "late to start",
            RiskReason::MissedStreak => "on a missed-session streak",
            RiskReason::UnloggedPlan => "planned session not logged",
            RiskReason::MilestoneAtRisk => "milestone at risk",
        }
    }
}

/// One reason a pair is at risk, and the day what it lacks was due by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub reason: RiskReason,
    /// The day it was due by: the next session (inactive), the first session (late to start),
    /// the session that took the streak past the limit (its date), the plan's last day to be
    /// logged. The earliest one when the log has several (streaks, plans). `None` only for a
    /// streak whose deciding session has no date (`L004` says so).
    pub due: Option<Date>,
    /// The milestone, for [`RiskReason::MilestoneAtRisk`] only.
    pub milestone: Option<String>,
}

/// Every reason the pair of `log` is at risk as of `as_of`, in reason order: each once, but
/// one milestone-at-risk row per milestone.
pub(super) fn risks(
    program: &Program,
    log: &Log,
    as_of: Date,
    exceptions: crate::exceptions::PairExceptions<'_>,
) -> Vec<Risk> {
    let mut risks = Vec::new();
    let mut push = |reason, due| {
        risks.push(Risk {
            reason,
            due,
            milestone: None,
        });
    };
    if let Some(inactive) = inactivity(program, log, as_of, exceptions) {
        push(RiskReason::Inactive, Some(inactive.due));
    }
    if let Some(rule) = &program.first_session
        && let Some(late) = late_start(log, rule.within_days, as_of, exceptions)
    {
        let due = match late {
            LateStart::HeldLate { due, .. } | LateStart::NoneHeld { due } => due,
        };
        push(RiskReason::LateStart, Some(due));
    }
    if let Some(rule) = &program.missed_sessions {
        let limit = usize::try_from(rule.at_most).unwrap_or(usize::MAX);
        let streaks = missed_streaks(log, rule.at_most, exceptions);
        if !streaks.is_empty() {
            // The session that went past the limit is the one that should have been held.
            let due = streaks
                .iter()
                .filter_map(|streak| streak.get(limit))
                .filter_map(|s| s.date.as_ref().map(|d| d.value))
                .min();
            push(RiskReason::MissedStreak, due);
        }
    }
    // As `L040`: only an active pair still owes its plans.
    if crate::schedule::is_active(log) {
        let grace = program.log_within.as_ref().map_or(0, |g| g.days);
        let due = log
            .sessions
            .iter()
            .filter(|s| s.session_status() == SessionStatus::Planned)
            .filter_map(|s| s.date.as_ref())
            .filter_map(|date| unlogged_plan(date.value, grace, as_of))
            .map(|plan| plan.log_by)
            .min();
        if due.is_some() {
            push(RiskReason::UnloggedPlan, due);
        }
    }
    // As `L041`: the milestones of the pair's track whose deadline its pace will miss, one row
    // each. A track the program does not have owes no milestone the report could name.
    if log.track_id().is_none_or(|id| program.track(id).is_some()) {
        for milestone in program.milestones_for_track(log.track_id()) {
            if let Some(forecast) = milestone_at_risk(program, log, milestone, as_of, exceptions) {
                risks.push(Risk {
                    reason: RiskReason::MilestoneAtRisk,
                    due: Some(forecast.deadline),
                    milestone: Some(milestone.id.clone()),
                });
            }
        }
    }
    risks
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    const RULES: &str = "cadence every 2 weeks, gap at most 4 weeks\n    \
                         log sessions within 3 days\n    \
                         first session within 2 weeks\n    \
                         missed sessions at most 1 in a row";

    fn program() -> Program {
        program_from(RULES)
    }

    fn program_from(body: &str) -> Program {
        crate::schedule::tests::program(body)
    }

    fn log(started: &str, top: &str, sessions: &str) -> Log {
        crate::schedule::tests::log_text(&format!(
            "program = \"p\"\npair = \"x\"\nstarted = {started}\n{top}\n{sessions}"
        ))
    }

    fn reasons(risks: &[Risk]) -> Vec<(RiskReason, Option<Date>)> {
        risks.iter().map(|r| (r.reason, r.due)).collect()
    }

    const HELD: &str = "[[sessions]]\nnumber = 1\ndate = 2025-01-06\n";

    #[test]
    fn each_reason_with_the_day_it_was_due() {
        let program = program();
        // Met on its start, then missed two in a row (one allowed), then a plan left planned.
        let sessions = format!(
            "{HELD}[[sessions]]\ndate = 2025-01-20\nstatus = \"cancelled\"\n\
             [[sessions]]\ndate = 2025-02-03\nstatus = \"no-show\"\n\
             [[sessions]]\ndate = 2025-02-17\nstatus = \"planned\"\n"
        );
        let pair = log("2025-01-06", "", &sessions);
        // 2025-01-06 + 28 = 2025-02-03; the plan was to be logged by 2025-02-17 + 3 = 02-20.
        assert_eq!(
            reasons(&risks(&program, &pair, d(2025, 3, 1), Default::default())),
            [
                (RiskReason::Inactive, Some(d(2025, 2, 3))),
                (RiskReason::MissedStreak, Some(d(2025, 2, 3))),
                (RiskReason::UnloggedPlan, Some(d(2025, 2, 20))),
            ]
        );
        // On the last day of each limit, nothing but the streak (a fact once it happened).
        assert_eq!(
            reasons(&risks(&program, &pair, d(2025, 2, 3), Default::default())),
            [(RiskReason::MissedStreak, Some(d(2025, 2, 3)))]
        );
        // A completed pair is neither inactive nor owes its plans.
        let completed = log("2025-01-06", "status = \"completed\"", &sessions);
        assert_eq!(
            reasons(&risks(
                &program,
                &completed,
                d(2025, 3, 1),
                Default::default()
            )),
            [(RiskReason::MissedStreak, Some(d(2025, 2, 3)))]
        );
    }

    #[test]
    fn a_pair_that_never_met_is_late_to_start_unless_it_ended_early() {
        let program = program();
        let never = log("2025-01-06", "", "");
        // 2025-01-06 + 14 = 2025-01-20; on that day it still has time.
        assert!(risks(&program, &never, d(2025, 1, 20), Default::default()).is_empty());
        assert_eq!(
            reasons(&risks(&program, &never, d(2025, 1, 21), Default::default())),
            [(RiskReason::LateStart, Some(d(2025, 1, 20)))]
        );
        for status in ["withdrawn", "re-matched"] {
            let ended = log("2025-01-06", &format!("status = \"{status}\""), "");
            assert!(
                risks(&program, &ended, d(2025, 6, 1), Default::default()).is_empty(),
                "{status}"
            );
        }
        // A start on the calendar's last day has no due day, and no panic.
        let last = log("9999-12-31", "", "");
        assert!(risks(&program, &last, d(9999, 12, 31), Default::default()).is_empty());
    }

    #[test]
    fn a_milestone_the_pace_misses_is_at_risk_by_its_deadline() {
        let program = program_from(
            "cadence every 2 weeks, gap at most 8 weeks\n    competency c \"C\"\n    \
             milestone m \"M\" {\n        competency c\n        due by date 2025-03-17\n    }",
        );
        let sessions = "[[sessions]]\nnumber = 1\ndate = 2025-01-06\n\
                        [[sessions]]\nnumber = 2\ndate = 2025-02-02\n\
                        [[sessions]]\nnumber = 3\ndate = 2025-03-01\n";
        let pair = log("2025-01-06", "", sessions);
        // By hand: (2025-03-01 − 2025-01-06) / 2 gaps = 54 / 2 = one session every 27 days;
        // the next falls on 2025-03-01 + 27 = 2025-03-28, after 2025-03-17.
        let risks = risks(&program, &pair, d(2025, 3, 5), Default::default());
        assert_eq!(
            reasons(&risks),
            [(RiskReason::MilestoneAtRisk, Some(d(2025, 3, 17)))]
        );
        assert_eq!(risks[0].milestone.as_deref(), Some("m"));
        // Sessions 21 days apart: the next falls on 2025-02-17 + 21 = 2025-03-10, in time.
        let on_pace = log(
            "2025-01-06",
            "",
            &sessions
                .replace("2025-02-02", "2025-01-27")
                .replace("2025-03-01", "2025-02-17"),
        );
        assert!(risks_of(&program, &on_pace).is_empty());
    }

    fn risks_of(program: &Program, log: &Log) -> Vec<Risk> {
        risks(program, log, d(2025, 3, 5), Default::default())
    }
}
