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

use crate::log::{Log, PairStatus, SessionStatus};
use crate::model::Program;
use crate::schedule::{LateStart, inactivity, late_start, missed_streaks, unlogged_plan};

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
    /// A milestone the pair's pace will not reach in time (`milestone-at-risk`, issue 13 item 7).
    /// Nothing gives this reason yet: the forecast lives in `schedule` once it lands, and fills
    /// [`Risk::milestone`] with the milestone's id.
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

/// Every reason the pair of `log` is at risk as of `as_of`, in reason order, each once.
pub(super) fn risks(program: &Program, log: &Log, as_of: Date) -> Vec<Risk> {
    let mut risks = Vec::new();
    let mut push = |reason, due| {
        risks.push(Risk {
            reason,
            due,
            milestone: None,
        });
    };
    if let Some(inactive) = inactivity(program, log, as_of) {
        push(RiskReason::Inactive, Some(inactive.due));
    }
    if let Some(rule) = &program.first_session
        && let Some(late) = late_start(log, rule.within_days, as_of)
    {
        let due = match late {
            LateStart::HeldLate { due, .. } | LateStart::NoneHeld { due } => due,
        };
        push(RiskReason::LateStart, Some(due));
    }
    if let Some(rule) = &program.missed_sessions {
        let limit = usize::try_from(rule.at_most).unwrap_or(usize::MAX);
        let streaks = missed_streaks(log, rule.at_most);
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
    if log.pair_status() == PairStatus::Active {
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
    risks
}
