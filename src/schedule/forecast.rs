//! The pair's pace and the forecast of a milestone at risk (`milestone-at-risk`, and the cohort
//! report's "milestone at risk"): where an unclaimed milestone's deadline stands at the pace of
//! the sessions the pair held.

use jiff::civil::Date;

use super::{
    Due, advance, claimed_with_evidence, days_between, is_active, is_overdue, last_activity,
    milestone_due, paused_days, program_end,
};
use crate::exceptions::PairExceptions;
use crate::log::Log;
use crate::model::{Milestone, Program};

/// Where a pace comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PaceBasis {
    /// The mean gap between this many held sessions (two or more).
    Held(usize),
    /// The program's `cadence every N` (the pair held fewer than two sessions).
    Cadence,
}

/// Where an unclaimed milestone's deadline stands at the pair's pace (`milestone-at-risk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Forecast {
    /// One session every this many days.
    pub(crate) pace_days: u32,
    pub(crate) basis: PaceBasis,
    /// The session forecast: `N` of a `by session N` deadline, else the next session.
    pub(crate) session: u32,
    /// The day it falls on at the pace.
    pub(crate) projected: Date,
    /// The last day it may fall on: the deadline's date, or for `by session N` the program's
    /// end ([`program_end`]).
    pub(crate) deadline: Date,
}

impl Forecast {
    /// Whether the session falls after the deadline.
    pub(crate) fn at_risk(&self) -> bool {
        self.projected > self.deadline
    }
}

/// The pair's pace as of `as_of`: the mean gap, in whole days (rounded, at least 1), between its
/// first and last dated held sessions on or before `as_of` (their paused days not counted), when
/// it held two or more; else the program's `cadence every N`; else none.
pub(crate) fn pace(
    program: &Program,
    log: &Log,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<(u32, PaceBasis)> {
    let dates: Vec<Date> = log
        .held_sessions()
        .filter_map(|s| s.date.as_ref().map(|d| d.value))
        .filter(|d| *d <= as_of)
        .collect();
    let (Some(first), Some(last)) = (dates.iter().min(), dates.iter().max()) else {
        return cadence_pace(program);
    };
    let gaps = i64::try_from(dates.len()).ok()?.checked_sub(1)?;
    if gaps == 0 {
        return cadence_pace(program);
    }
    let span = days_between(*first, *last) - paused_days(exceptions, *first, *last);
    // Rounded to the nearest day; sessions all on one day still take a day each.
    let mean = span.checked_add(gaps / 2)?.checked_div(gaps)?.max(1);
    Some((u32::try_from(mean).ok()?, PaceBasis::Held(dates.len())))
}

fn cadence_pace(program: &Program) -> Option<(u32, PaceBasis)> {
    let every = program.cadence.as_ref()?.every_days?.max(1);
    Some((every, PaceBasis::Cadence))
}

/// The forecast of a milestone that no held session has claimed and whose deadline the pair's
/// pace will miss (`L041`, and the cohort report's "milestone at risk"): one definition, so the
/// report and `validate` name the same milestones.
pub(crate) fn milestone_at_risk(
    program: &Program,
    log: &Log,
    milestone: &Milestone,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<Forecast> {
    let due = milestone_due(log, milestone, exceptions)?;
    milestone_at_risk_due(program, log, milestone, &due, as_of, exceptions)
}

/// [`milestone_at_risk`] for a milestone due `due`.
pub(crate) fn milestone_at_risk_due(
    program: &Program,
    log: &Log,
    milestone: &Milestone,
    due: &Due<'_>,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<Forecast> {
    // The cheapest question first: most of a cohort's pairs are no longer active or past the
    // deadline, and finding a claim reads every session.
    if !may_be_forecast(log, due, as_of) {
        return None;
    }
    if claimed_with_evidence(program, log, milestone, exceptions).is_some() {
        return None;
    }
    forecast(program, log, due, as_of, exceptions).filter(Forecast::at_risk)
}

/// Whether `due` can have a forecast as of `as_of`: the pair is active and the deadline has not
/// passed ([`is_overdue`]).
fn may_be_forecast(log: &Log, due: &Due<'_>, as_of: Date) -> bool {
    is_active(log) && !is_overdue(log, due, as_of)
}

/// The forecast of `due` for the pair of `log` as of `as_of` (see [`Forecast`]), or `None`
/// when there is nothing to forecast: the pair is not active, the deadline has passed
/// ([`is_overdue`]), no pace is known, or a date is missing or past the calendar.
///
/// The next session falls one pace after the last held session (or `started`, when none was
/// held by `as_of`), but not before `as_of`: a pair that is behind can meet today at the
/// earliest. Each later session falls one pace after the one before. For `by session N` the
/// forecast is session `N`, counted on from the highest number held, against the program's end;
/// for a date deadline it is the next session, against the deadline's date: the first session
/// that could claim the milestone. Paused days are skipped: a session that would fall in a
/// pause falls that much later ([`advance`]), and the program's end moves by the pauses.
pub(crate) fn forecast(
    program: &Program,
    log: &Log,
    due: &Due<'_>,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<Forecast> {
    if !may_be_forecast(log, due, as_of) {
        return None;
    }
    let (pace_days, basis) = pace(program, log, as_of, exceptions)?;
    let base = last_activity(log, as_of)?.date();
    let next = advance(exceptions, base, pace_days)?.max(as_of);
    let held_number = log
        .held_sessions()
        .filter(|s| s.date.as_ref().is_none_or(|d| d.value <= as_of))
        .filter_map(|s| s.number.as_ref().map(|n| n.value))
        .max()
        .unwrap_or(0);
    let (session, projected, due) = match *due {
        Due::BySession(n) => {
            let later = n.checked_sub(held_number)?.checked_sub(1)?;
            let days = u32::try_from(u64::from(later).checked_mul(u64::from(pace_days))?).ok()?;
            (
                n,
                advance(exceptions, next, days)?,
                program_end(program, log, exceptions)?,
            )
        }
        Due::ByDay { date, .. } => (held_number.checked_add(1)?, next, date),
    };
    // Only a deadline still ahead is forecast. For `due by session N` that is the program's end:
    // once it has passed, the pair is past the program (`L037`), not at risk of a deadline.
    if due < as_of {
        return None;
    }
    Some(Forecast {
        pace_days,
        basis,
        session,
        projected,
        deadline: due,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{STALLED, held, log, log_text, program};
    use super::*;
    use crate::model::Deadline;

    /// The forecast of `deadline` for a pair without exceptions.
    fn forecast(program: &Program, log: &Log, deadline: Deadline, as_of: Date) -> Option<Forecast> {
        let none = PairExceptions::default();
        let due = super::super::pauses::deadline_due(log, deadline, none)?;
        super::forecast(program, log, &due, as_of, none)
    }

    fn pace(program: &Program, log: &Log, as_of: Date) -> Option<(u32, PaceBasis)> {
        super::pace(program, log, as_of, PairExceptions::default())
    }

    #[test]
    fn a_forecast_projects_the_pace_of_held_sessions() {
        let program = program(
            "cadence every 2 weeks, gap at most 4 weeks\n    length 5 sessions within 12 weeks",
        );
        let d = jiff::civil::date;
        // Held on 2025-02-10 and 2025-03-24: one gap of 42 days. As of 2025-04-01 the next
        // session falls on 2025-03-24 + 42 = 2025-05-05.
        let stalled = log_text(STALLED);
        let as_of = d(2025, 4, 1);
        assert_eq!(
            pace(&program, &stalled, as_of),
            Some((42, PaceBasis::Held(2)))
        );
        let by_date = forecast(&program, &stalled, Deadline::ByDate(d(2025, 5, 1)), as_of)
            .expect("a forecast");
        assert_eq!(
            by_date,
            Forecast {
                pace_days: 42,
                basis: PaceBasis::Held(2),
                session: 3,
                projected: d(2025, 5, 5),
                deadline: d(2025, 5, 1),
            }
        );
        assert!(by_date.at_risk());
        // Week 13 from 2025-02-10 is 2025-05-12: the pace still meets it.
        let by_week = forecast(&program, &stalled, Deadline::ByWeek(13), as_of).expect("one");
        assert_eq!(by_week.deadline, d(2025, 5, 12));
        assert!(!by_week.at_risk());
        // Session 4 comes two paces after session 2: 2025-03-24 + 84 = 2025-06-16, after the
        // program's end (2025-02-10 + 12 weeks = 2025-05-05).
        let by_session = forecast(&program, &stalled, Deadline::BySession(4), as_of).expect("one");
        assert_eq!(
            (
                by_session.session,
                by_session.projected,
                by_session.deadline
            ),
            (4, d(2025, 6, 16), d(2025, 5, 5))
        );
        assert!(by_session.at_risk());
        let next = forecast(&program, &stalled, Deadline::BySession(3), as_of).expect("one");
        assert!(!next.at_risk());
        // A pair behind its pace meets today at the earliest.
        let late = forecast(
            &program,
            &stalled,
            Deadline::ByDate(d(2025, 9, 1)),
            d(2025, 6, 1),
        );
        assert_eq!(late.map(|f| f.projected), Some(d(2025, 6, 1)));
        // Passed deadlines, and pairs no longer active, are not forecast.
        assert_eq!(
            forecast(&program, &stalled, Deadline::ByDate(d(2025, 3, 1)), as_of),
            None
        );
        assert_eq!(
            forecast(&program, &stalled, Deadline::BySession(2), as_of),
            None
        );
        let completed = log_text(&STALLED.replace("started", "status = \"completed\"\nstarted"));
        assert_eq!(
            forecast(&program, &completed, Deadline::ByWeek(13), as_of),
            None
        );
    }

    #[test]
    fn with_fewer_than_two_held_sessions_the_cadence_is_the_pace() {
        let d = jiff::civil::date;
        let every = program("cadence every 2 weeks");
        let one = log("", &held(1, "2025-01-06"));
        let as_of = d(2025, 1, 10);
        assert_eq!(pace(&every, &one, as_of), Some((14, PaceBasis::Cadence)));
        let f = forecast(&every, &one, Deadline::ByDate(d(2025, 1, 19)), as_of).expect("one");
        assert_eq!((f.session, f.projected), (2, d(2025, 1, 20)));
        assert!(f.at_risk());
        // Without a cadence there is no pace to forecast with.
        assert_eq!(pace(&program(""), &one, as_of), None);
        // Sessions held on one day still take a day each; past the calendar, nothing.
        let same_day = log(
            "",
            &format!("{}{}", held(1, "2025-01-06"), held(2, "2025-01-06")),
        );
        assert_eq!(pace(&every, &same_day, as_of).map(|p| p.0), Some(1));
        let last_day = log_text("program = \"p\"\npair = \"x\"\nstarted = 9999-12-31\n");
        assert_eq!(
            forecast(&every, &last_day, Deadline::BySession(3), d(9999, 12, 31)),
            None
        );
        assert_eq!(
            forecast(&every, &one, Deadline::BySession(u32::MAX), as_of),
            None
        );
    }
}
