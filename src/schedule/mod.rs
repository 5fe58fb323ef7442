//! What time means in a program: when a deadline falls due, whether a session was reached by a
//! day, how late a claim is, what evidence a claim lacks, and the state of a milestone.
//!
//! The log rules (`check::log`) and the cohort report (`cohort`) both read these, so `validate`
//! and `report` never disagree on a deadline. Everything here returns data; the sentences are
//! made in `words` and in the rule files. "Today" is always a parameter (`as_of`): nothing here
//! reads a clock.
//!
//! A pair's approved pauses and extensions (`PairExceptions`, empty for a pair without any)
//! move its dates: `pauses.rs` says how; `forecast.rs` holds the pace and the forecast of a
//! milestone at risk.

mod forecast;
mod pauses;

use jiff::civil::Date;
use serde::Serialize;

use crate::exceptions::PairExceptions;
use crate::log::{Log, PairStatus, Session, SessionKind, SessionStatus, Spanned};
use crate::model::{Deadline, Evidence, Milestone, Program};

pub(crate) use forecast::{PaceBasis, milestone_at_risk, milestone_at_risk_due};
pub(crate) use pauses::{
    Due, Moved, advance, milestone_due, paused_days, paused_on, pauses_between,
};

/// What a claim of a milestone lacks of the evidence the milestone requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shortfall<'p> {
    /// The milestone asks for a review, and the session is not one.
    NotAReview,
    /// The milestone asks for this lens, and the session does not use it.
    LensNotUsed(&'p str),
    /// The session uses the lens but leaves a required field of it blank or unanswered.
    FieldsUnanswered(&'p str),
}

/// Why a claim of `milestone` in `session` lacks the evidence the milestone requires, if it
/// does.
pub(crate) fn evidence_shortfall<'p>(
    program: &Program,
    session: &Session,
    milestone: &'p Milestone,
) -> Option<Shortfall<'p>> {
    match milestone.evidence.as_ref()? {
        Evidence::Review if session.session_kind() != SessionKind::Review => {
            Some(Shortfall::NotAReview)
        }
        Evidence::Review => None,
        Evidence::Lens(lens) if !session.uses_lens(lens) => Some(Shortfall::LensNotUsed(lens)),
        Evidence::Lens(lens) => {
            let unanswered = program.lens(lens).is_some_and(|lens| {
                lens.fields()
                    .any(|f| !f.optional && session.answer(&f.id).is_none_or(|a| a.is_blank))
            });
            unanswered.then_some(Shortfall::FieldsUnanswered(lens))
        }
    }
}

/// The last date a date-based deadline can be met on (`None` for `by session N`, or when the
/// log gives no `started` date for `by week N`).
pub(crate) fn due_date(log: &Log, deadline: Deadline) -> Option<Date> {
    match deadline {
        Deadline::BySession(_) => None,
        Deadline::ByWeek(weeks) => {
            let started = log.started.as_ref()?.value;
            // It can fail (`P025` bounds the weeks, but a program may turn it off, and a log may
            // start on 9999-12-31): a deadline past the calendar is no date at all. (Added as
            // days: a span of days alone is added to the day's number, one of weeks through
            // the calendar's months.)
            add_days(started, i64::from(weeks) * 7)
        }
        Deadline::ByDate(date) => Some(date),
    }
}

/// How a claim misses its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lateness {
    /// Claimed in this session, numbered past a `by session N` deadline.
    PastSession(u32),
    /// Claimed in a session dated this many days after a date deadline.
    DaysLate(i64),
}

/// How a claim in `session` misses `due` ([`milestone_due`]), or `None` when it is on time.
pub(crate) fn lateness(session: &Session, due: &Due<'_>) -> Option<Lateness> {
    match due {
        Due::BySession(last) => session
            .number
            .as_ref()
            .filter(|n| n.value > *last)
            .map(|n| Lateness::PastSession(n.value)),
        Due::ByDay { date: due, .. } => match &session.date {
            Some(date) if date.value > *due => {
                Some(Lateness::DaysLate(days_between(*due, date.value)))
            }
            _ => None,
        },
    }
}

/// The first session numbered `n` or later that was held by `as_of` (an undated one counts):
/// judged as of a day, a session logged for a later day has not happened yet. A deadline by
/// session `n` (and an agreement before session `n`) falls due with it.
pub(crate) fn session_reached(log: &Log, n: u32, as_of: Date) -> Option<(&Session, &Spanned<u32>)> {
    log.held_sessions()
        .filter(|s| s.date.as_ref().is_none_or(|d| d.value <= as_of))
        .filter_map(|s| s.number.as_ref().map(|number| (s, number)))
        .find(|(_, number)| number.value >= n)
}

/// Whether a held session claims `milestone` with the evidence it requires: `None` when none
/// does, `Some(true)` when one of them meets the deadline (one claim in time is enough, wherever
/// it is listed), `Some(false)` when all are late. The deadline is the pair's
/// ([`milestone_due`]).
pub(crate) fn claimed_with_evidence(
    program: &Program,
    log: &Log,
    milestone: &Milestone,
    exceptions: PairExceptions<'_>,
) -> Option<bool> {
    meeting_claim(program, log, milestone, exceptions).map(|(_, in_time)| in_time)
}

/// The held session whose claim meets `milestone` (the first one in time, else the first one
/// with its evidence), and whether it was in time: the session a pair's page names as the one
/// that showed the evidence, and the day the cohort's burn-up counts it on.
pub(crate) fn meeting_claim<'l>(
    program: &Program,
    log: &'l Log,
    milestone: &Milestone,
    exceptions: PairExceptions<'_>,
) -> Option<(&'l Session, bool)> {
    let mut claims = log.held_sessions().filter(|session| {
        session.milestones.iter().any(|c| c.value == milestone.id)
            && evidence_shortfall(program, session, milestone).is_none()
    });
    let due = milestone_due(log, milestone, exceptions);
    let in_time = |session: &Session| {
        due.as_ref()
            .is_none_or(|due| lateness(session, due).is_none())
    };
    let first = claims.next()?;
    if in_time(first) {
        return Some((first, true));
    }
    Some(
        claims
            .find(|s| in_time(s))
            .map_or((first, false), |s| (s, true)),
    )
}

/// Whether an unclaimed milestone due `due` is overdue: its session was held by `as_of`, or its
/// date lies before `as_of`.
pub(crate) fn is_overdue(log: &Log, due: &Due<'_>, as_of: Date) -> bool {
    match due {
        Due::BySession(last) => session_reached(log, *last, as_of).is_some(),
        Due::ByDay { date, .. } => *date < as_of,
    }
}

/// The last day a pair may hold its first session on, `within_days` after the log's `started`
/// not counting its paused days ([`advance`]); `None` without a `started` date, or past the
/// calendar (a log may start on 9999-12-31).
pub(crate) fn first_session_due(
    log: &Log,
    within_days: u32,
    exceptions: PairExceptions<'_>,
) -> Option<Date> {
    advance(exceptions, log.started.as_ref()?.value, within_days)
}

/// How a pair misses `first session within N days`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LateStart<'l> {
    /// Its first held session (the earliest dated one) fell after `due`.
    HeldLate {
        session: &'l Session,
        date: Date,
        due: Date,
    },
    /// It held no session, and `due` lies before `as_of`.
    NoneHeld { due: Date },
}

/// Whether the pair of `log` started later than `within_days` after its `started` date allow,
/// as of `as_of`: its earliest held session is dated after the due day, or it held none and
/// the due day has passed (on the due day itself the pair still has time). A pair that ended
/// early (withdrawn or re-matched) without meeting owes no first session; a held session
/// without a date leaves the start unknown, so nothing is said. The due day moves by the pair's
/// pauses ([`first_session_due`]).
pub(crate) fn late_start<'l>(
    log: &'l Log,
    within_days: u32,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<LateStart<'l>> {
    let due = first_session_due(log, within_days, exceptions)?;
    let mut first: Option<(&Session, Date)> = None;
    for session in log.held_sessions() {
        let date = session.date.as_ref()?.value;
        // Judged as of a day: a session logged for a later day has not happened yet.
        if date > as_of {
            continue;
        }
        if first.is_none_or(|(_, earliest)| date < earliest) {
            first = Some((session, date));
        }
    }
    match first {
        Some((session, date)) => (date > due).then_some(LateStart::HeldLate { session, date, due }),
        None => {
            let owes = !log.pair_status().ended_early();
            (owes && due < as_of).then_some(LateStart::NoneHeld { due })
        }
    }
}

/// The runs of more than `at_most` sessions in a row, in list order, whose status is
/// `cancelled` or `no-show`; any other session (held, or of a status that could not be read)
/// ends a run. A missed session dated in one of the pair's pauses neither counts nor ends a
/// run: the pair was not expected to meet. Each run is never empty.
pub(crate) fn missed_streaks<'l>(
    log: &'l Log,
    at_most: u32,
    exceptions: PairExceptions<'_>,
) -> Vec<Vec<&'l Session>> {
    let missed = |s: &Session| {
        matches!(
            s.status.as_ref().map(|status| status.value),
            Some(SessionStatus::Cancelled | SessionStatus::NoShow)
        )
    };
    let paused = |s: &Session| {
        s.date
            .as_ref()
            .is_some_and(|d| paused_on(exceptions, d.value))
    };
    let limit = usize::try_from(at_most).unwrap_or(usize::MAX);
    let mut runs = Vec::new();
    let mut run: Vec<&Session> = Vec::new();
    for session in &log.sessions {
        if !missed(session) {
            runs.push(std::mem::take(&mut run));
        } else if !paused(session) {
            run.push(session);
        }
    }
    runs.push(run);
    runs.retain(|run| run.len() > limit);
    runs
}

/// Whole days from one date to another (negative when `to` is the earlier). Counted from the
/// dates' day numbers: a `Span` from `until` costs several times as much, and this runs for
/// every gap between sessions of every log.
pub(crate) fn days_between(from: Date, to: Date) -> i64 {
    from.duration_until(to).as_hours() / 24
}

/// What a pair last did, as of a day: its latest held session dated on or before it, or, when
/// none was held by then, the day it started. Sessions dated after the day have not happened yet.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Activity<'l> {
    Held(&'l Session, &'l Spanned<Date>),
    Started(&'l Spanned<Date>),
}

impl Activity<'_> {
    pub(crate) fn date(&self) -> Date {
        match self {
            Activity::Held(_, date) | Activity::Started(date) => date.value,
        }
    }
}

/// The pair's last activity as of `as_of` (see [`Activity`]); `None` before it started, or when
/// the log gives no `started` date and no dated held session.
pub(crate) fn last_activity(log: &Log, as_of: Date) -> Option<Activity<'_>> {
    let latest = log
        .held_sessions()
        .filter_map(|s| s.date.as_ref().map(|date| (s, date)))
        .filter(|(_, date)| date.value <= as_of)
        // The last listed of the latest date, so sessions out of order (`L013`) change nothing.
        .max_by_key(|(s, date)| (date.value, s.index));
    match latest {
        Some((session, date)) => Some(Activity::Held(session, date)),
        None => log
            .started
            .as_ref()
            .filter(|started| started.value <= as_of)
            .map(Activity::Started),
    }
}

/// Whether the pair is still running the program: `active`, or no status given. A status that
/// could not be read (`L003`) is nobody's guess.
pub(crate) fn is_active(log: &Log) -> bool {
    match &log.status {
        Some(status) => status.value == PairStatus::Active,
        None => !log.has_field("status"),
    }
}

/// The day an active pair's next held session is due by: its last activity as of `as_of` plus
/// the cadence's longest gap, not counting its paused days ([`advance`]). `None` for pairs that
/// are not active, programs without a gap limit, and dates past the calendar.
pub(crate) fn next_session_due(
    program: &Program,
    log: &Log,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<Date> {
    if !is_active(log) {
        return None;
    }
    let max_gap = program.cadence.as_ref()?.max_gap?.value;
    advance(exceptions, last_activity(log, as_of)?.date(), max_gap)
}

/// An active pair that has held no session for longer than the cadence allows, as of a day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Inactivity<'l> {
    /// The last held session (or the start) the silence is counted from.
    pub(crate) since: Activity<'l>,
    /// Days from it to `as_of`.
    pub(crate) days: i64,
    /// The days of them the pair was paused.
    pub(crate) paused: i64,
    /// The day the next session was due by.
    pub(crate) due: Date,
}

/// The pair's inactivity as of `as_of`: `None` while its next session is not yet overdue (the
/// last day of the longest gap included), while the pair is paused, or when it is not active or
/// nothing bounds the gap.
pub(crate) fn inactivity<'l>(
    program: &Program,
    log: &'l Log,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> Option<Inactivity<'l>> {
    let due = next_session_due(program, log, as_of, exceptions)?;
    let since = last_activity(log, as_of)?;
    (due < as_of && !paused_on(exceptions, as_of)).then(|| Inactivity {
        since,
        days: days_between(since.date(), as_of),
        paused: paused_days(exceptions, since.date(), as_of),
        due,
    })
}

/// The last day of the program for this pair: `started` plus `length … within N`, not counting
/// its paused days ([`advance`]). `None` without both, or past the calendar.
pub(crate) fn program_end(
    program: &Program,
    log: &Log,
    exceptions: PairExceptions<'_>,
) -> Option<Date> {
    let within = program.length.as_ref()?.within_days?;
    advance(exceptions, log.started.as_ref()?.value, within)
}

/// How a pair runs past the end of its program.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Overrun<'l> {
    /// A held session (the first one) dated after the end.
    SessionAfter(&'l Session, &'l Spanned<Date>),
    /// The pair is still active on `as_of`, after the end.
    StillActive,
}

/// Whether the pair ran past `end` ([`program_end`]): a held session dated after it (on or
/// before `as_of`: a later one has not happened yet), else an active pair past it on `as_of`.
pub(crate) fn overrun<'l>(log: &'l Log, end: Date, as_of: Date) -> Option<Overrun<'l>> {
    let after = log
        .held_sessions()
        .filter_map(|s| s.date.as_ref().map(|date| (s, date)))
        .find(|(_, date)| date.value > end && date.value <= as_of);
    match after {
        Some((session, date)) => Some(Overrun::SessionAfter(session, date)),
        None => (is_active(log) && as_of > end).then_some(Overrun::StillActive),
    }
}

/// `date` plus `days`, or `None` past the calendar.
pub(crate) fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// Where a pair stands with one milestone, as of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneState {
    /// Claimed, with its evidence, by its deadline.
    Met,
    /// Claimed with its evidence, after its deadline.
    MetLate,
    /// Past its deadline (or the pair completed) without a claim that carries the evidence.
    Overdue,
    /// Not met yet, and its deadline is still ahead (or it has none).
    Pending,
    /// The pair ended early (withdrew, or was re-matched): it owes no milestone, and is not
    /// counted in milestone figures.
    NotOwed,
}

/// The state of `milestone` for the pair of `log`, as of `as_of`, its deadline moved by the
/// pair's exceptions ([`milestone_due`]).
pub(crate) fn milestone_state(
    program: &Program,
    log: &Log,
    milestone: &Milestone,
    as_of: Date,
    exceptions: PairExceptions<'_>,
) -> MilestoneState {
    // A claim without the evidence (a finding of its own, `L026`) does not meet it.
    let met = claimed_with_evidence(program, log, milestone, exceptions);
    match (met, milestone_due(log, milestone, exceptions)) {
        // A pair that ended early owes nothing and is counted nowhere, whatever it met: a
        // re-matched mentee's milestones are owed by its new pair.
        _ if log.pair_status().ended_early() => MilestoneState::NotOwed,
        (Some(true), _) => MilestoneState::Met,
        (Some(false), _) => MilestoneState::MetLate,
        (None, _) if log.pair_status() == PairStatus::Completed => MilestoneState::Overdue,
        (None, Some(due)) if is_overdue(log, &due, as_of) => MilestoneState::Overdue,
        (None, _) => MilestoneState::Pending,
    }
}

/// A planned session that should have been logged by now (`planned-session-not-logged`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UnloggedPlan {
    /// The last day it could stay planned: its date plus the program's grace.
    pub(crate) log_by: Date,
    /// Days from its date to `as_of`.
    pub(crate) days_since: i64,
}

/// Whether a session planned for `date` is overdue for logging as of `as_of`, when the program
/// gives `grace_days` to log a session (`log sessions within N days`, else 0): it is once
/// `as_of` lies after `date + grace_days`. A plan for today, or within the grace, is not; nor
/// is one whose grace runs past the calendar.
pub(crate) fn unlogged_plan(date: Date, grace_days: u32, as_of: Date) -> Option<UnloggedPlan> {
    let grace = jiff::Span::new().try_days(i64::from(grace_days)).ok()?;
    let log_by = date.checked_add(grace).ok()?;
    (log_by < as_of).then(|| UnloggedPlan {
        log_by,
        days_since: days_between(date, as_of),
    })
}

/// Planned session dates: session 1 on `first`, then one every `every_days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SessionDates {
    pub(crate) first: Date,
    pub(crate) every_days: u32,
}

impl SessionDates {
    /// The planned date of session `n`: `None` for session 0, and past the calendar (a program
    /// may turn `P025`, which bounds the numbers, off).
    pub(crate) fn date_of(&self, n: u32) -> Option<Date> {
        // Two `u32`s can overflow an `i64`.
        let offset = i64::from(n.checked_sub(1)?).checked_mul(i64::from(self.every_days))?;
        self.first
            .checked_add(jiff::Span::new().try_days(offset).ok()?)
            .ok()
    }
}

/// The playbook's session dates from `start`: only when the program states a cadence
/// (`cadence every N weeks`), one session per step; otherwise none.
///
/// A playbook is what a pair plans by, so it shows a date only where the program promises a
/// rhythm (and calls a `by session N` deadline's date "estimated" even then); a gap limit says
/// how far apart sessions may be, not when they happen. Compare [`skeleton_dates`].
pub(crate) fn cadence_dates(program: &Program, start: Date) -> Option<SessionDates> {
    let every_days = program.cadence.as_ref().and_then(|c| c.every_days)?;
    Some(SessionDates {
        first: start,
        every_days,
    })
}

/// The session dates `mentor new log` writes into a skeleton, from `started`: one session per
/// stated cadence, else per minimum gap, else per week (at least a day apart).
///
/// Unlike the playbook ([`cadence_dates`]), a skeleton needs a date in every session entry, and
/// the pair replaces each with the day the session was held: any plausible plan is better than
/// none, so it falls back to the shortest gap the program allows, then to a week.
pub(crate) fn skeleton_dates(program: &Program, started: Date) -> SessionDates {
    let cadence = program.cadence.as_ref();
    let every_days = cadence
        .and_then(|c| c.every_days.or(c.min_gap.as_ref().map(|g| g.value)))
        .unwrap_or(7)
        .max(1);
    SessionDates {
        first: started,
        every_days,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Besides its own tests, the program and log builders the cohort's tests share.

    use super::*;

    /// No exceptions.
    pub(super) fn no() -> PairExceptions<'static> {
        PairExceptions::default()
    }

    #[test]
    fn days_and_weeks_count_as_the_calendar_does_either_way_across_leap_years_and_its_ends() {
        use jiff::civil::date;
        let dates = [
            date(-9999, 1, 1),
            date(1900, 2, 28),
            date(2000, 2, 29),
            date(2024, 2, 28),
            date(2024, 3, 1),
            date(2025, 12, 31),
            date(2026, 1, 1),
            date(9999, 12, 31),
        ];
        for from in dates {
            for to in dates {
                let by_span = from.until(to).map(|span| i64::from(span.get_days())).ok();
                assert_eq!(Some(days_between(from, to)), by_span, "{from} {to}");
            }
        }
        assert_eq!(days_between(date(2024, 2, 28), date(2024, 3, 1)), 2);
        // A deadline in weeks lands where a span of weeks lands, or past the calendar as it
        // does.
        let mut pair = log("", "");
        for started in dates {
            if let Some(given) = pair.started.as_mut() {
                given.value = started;
            }
            for weeks in [0, 1, 10, 52, 521_774, 1_043_497, 1_043_498, u32::MAX] {
                let by_weeks = jiff::Span::new()
                    .try_weeks(i64::from(weeks))
                    .ok()
                    .and_then(|span| started.checked_add(span).ok());
                assert_eq!(
                    due_date(&pair, Deadline::ByWeek(weeks)),
                    by_weeks,
                    "{started} {weeks}"
                );
            }
        }
        assert_eq!(days_between(date(2026, 1, 1), date(2025, 12, 31)), -1);
    }

    #[test]
    fn a_session_date_past_the_calendar_is_no_date() {
        let start = jiff::civil::date(2026, 1, 5);
        let every = |every_days| SessionDates {
            first: start,
            every_days,
        };
        assert_eq!(every(14).date_of(3), Some(jiff::civil::date(2026, 2, 2)));
        assert_eq!(every(14).date_of(1), Some(start));
        assert_eq!(every(14).date_of(0), None);
        // Numbers `P025` refuses, for programs that turn it off: no overflow, no panic.
        assert_eq!(every(u32::MAX).date_of(u32::MAX), None);
        assert_eq!(every(36_400).date_of(100_000), None);
        let last_day = SessionDates {
            first: jiff::civil::date(9999, 12, 31),
            every_days: 1,
        };
        assert_eq!(last_day.date_of(2), None);
    }

    #[test]
    fn a_plan_is_unlogged_once_its_grace_has_passed() {
        let date = jiff::civil::date(2025, 3, 3);
        let day = |d| jiff::civil::date(2025, 3, d);
        // No grace: the day itself is fine, the day after is not.
        assert_eq!(unlogged_plan(date, 0, day(3)), None);
        assert_eq!(
            unlogged_plan(date, 0, day(4)),
            Some(UnloggedPlan {
                log_by: day(3),
                days_since: 1
            })
        );
        // Three days of grace: exactly at the limit is fine.
        assert_eq!(unlogged_plan(date, 3, day(6)), None);
        assert_eq!(
            unlogged_plan(date, 3, day(15)),
            Some(UnloggedPlan {
                log_by: day(6),
                days_since: 12
            })
        );
        // A plan in the future, and a grace past the calendar, are never unlogged.
        assert_eq!(unlogged_plan(day(20), 0, day(15)), None);
        let last_day = jiff::civil::date(9999, 12, 31);
        assert_eq!(unlogged_plan(last_day, 0, last_day), None);
        assert_eq!(unlogged_plan(last_day, u32::MAX, last_day), None);
        assert_eq!(unlogged_plan(last_day, 1, last_day), None);
    }

    /// Program `p` with `body` (items, one per line) resolved by the real resolver.
    pub(crate) fn program(body: &str) -> Program {
        let text = format!("program p \"P\" {{\n    {body}\n}}\n");
        let mut sources = crate::source::Sources::new();
        let source = sources.add("p.mentor", &text);
        let mut diagnostics = crate::diagnostic::Diagnostics::new();
        match crate::resolve::resolve_source(
            source,
            std::path::Path::new("."),
            None,
            &mut sources,
            &mut diagnostics,
        ) {
            crate::resolve::Loaded::Program(program) => *program,
            _ => panic!("{text} loads: {diagnostics:?}"),
        }
    }

    #[test]
    fn the_playbook_dates_only_a_stated_cadence_and_a_skeleton_always_dates() {
        let start = jiff::civil::date(2026, 1, 5);
        let every = program("cadence every 2 weeks, gap at least 1 week");
        assert_eq!(cadence_dates(&every, start).map(|d| d.every_days), Some(14));
        assert_eq!(skeleton_dates(&every, start).every_days, 14);
        let gap = program("cadence gap at least 10 days");
        assert_eq!(cadence_dates(&gap, start), None);
        assert_eq!(skeleton_dates(&gap, start).every_days, 10);
        let none = program("");
        assert_eq!(cadence_dates(&none, start), None);
        assert_eq!(skeleton_dates(&none, start).every_days, 7);
    }

    /// A TOML log of one pair, started on 2025-01-06, with `sessions` (TOML entries) and `top`
    /// (more top-level fields).
    pub(super) fn log(top: &str, sessions: &str) -> Log {
        let text =
            format!("program = \"p\"\npair = \"pair-1\"\nstarted = 2025-01-06\n{top}\n{sessions}");
        let (mut logs, diagnostics) = parse_toml(&text);
        assert!(diagnostics.is_empty() && logs.len() == 1, "{diagnostics:?}");
        logs.remove(0)
    }

    /// The logs of a TOML text, and what loading it found.
    fn parse_toml(text: &str) -> (Vec<Log>, crate::diagnostic::Diagnostics) {
        let mut sources = crate::source::Sources::new();
        let source = sources.add("pair.toml", text);
        let mut diagnostics = crate::diagnostic::Diagnostics::new();
        let logs = crate::log::parse_logs(
            &sources,
            source,
            crate::log::LogFormat::Toml,
            &mut diagnostics,
        );
        (logs, diagnostics)
    }

    pub(super) fn held(number: u32, date: &str) -> String {
        format!("[[sessions]]\nnumber = {number}\ndate = {date}\n")
    }

    fn missed(status: &str, date: &str) -> String {
        format!("[[sessions]]\ndate = {date}\nstatus = \"{status}\"\n")
    }

    #[test]
    fn a_late_start_is_the_earliest_held_session_after_the_due_day() {
        let day = |d| jiff::civil::date(2025, 1, d);
        let as_of = jiff::civil::date(2025, 6, 1);
        // 14 days from 2025-01-06: due 2025-01-20, which still complies.
        let on_time = log(
            "",
            &format!(
                "{}{}",
                missed("cancelled", "2025-01-08"),
                held(1, "2025-01-20")
            ),
        );
        assert_eq!(first_session_due(&on_time, 14, no()), Some(day(20)));
        assert!(late_start(&on_time, 14, as_of, no()).is_none());
        let late = log("", &held(1, "2025-01-21"));
        match late_start(&late, 14, as_of, no()) {
            Some(LateStart::HeldLate { date, due, .. }) => {
                assert_eq!((date, due), (day(21), day(20)))
            }
            other => panic!("{other:?}"),
        }
        // Out of order, the earliest date counts; an undated held session leaves it unknown.
        let unordered = log(
            "",
            &format!("{}{}", held(1, "2025-01-25"), held(2, "2025-01-19")),
        );
        assert!(late_start(&unordered, 14, as_of, no()).is_none());
        let undated = log("", "[[sessions]]\nnumber = 1\n");
        assert!(late_start(&undated, 14, as_of, no()).is_none());
    }

    #[test]
    fn no_session_held_is_late_once_the_due_day_passed_unless_the_pair_ended_early() {
        let none = log("", &missed("no-show", "2025-01-13"));
        assert!(late_start(&none, 14, jiff::civil::date(2025, 1, 20), no()).is_none());
        assert!(matches!(
            late_start(&none, 14, jiff::civil::date(2025, 1, 21), no()),
            Some(LateStart::NoneHeld { due }) if due == jiff::civil::date(2025, 1, 20)
        ));
        for ended in ["withdrawn", "re-matched"] {
            let ended = log(&format!("status = \"{ended}\""), "");
            assert!(late_start(&ended, 14, jiff::civil::date(2026, 1, 1), no()).is_none());
        }
        let active = log("status = \"active\"", "");
        assert!(late_start(&active, 14, jiff::civil::date(2026, 1, 1), no()).is_some());
        // Past the calendar there is no due day, and nothing to say.
        assert!(first_session_due(&none, u32::MAX, no()).is_none());
    }

    #[test]
    fn missed_streaks_are_runs_longer_than_the_limit_in_list_order() {
        let sessions = [
            missed("cancelled", "2025-01-07"),
            missed("no-show", "2025-01-08"),
            held(1, "2025-01-09"),
            missed("cancelled", "2025-01-10"),
            missed("cancelled", "2025-01-11"),
            missed("no-show", "2025-01-12"),
        ]
        .concat();
        let log = log("", &sessions);
        let lengths = |at_most| -> Vec<usize> {
            missed_streaks(&log, at_most, no())
                .iter()
                .map(|run| run.len())
                .collect()
        };
        assert_eq!(lengths(0), [2, 3]);
        assert_eq!(lengths(2), [3]);
        assert_eq!(lengths(3), Vec::<usize>::new());
        assert_eq!(missed_streaks(&log, 2, no())[0][0].index, 3);
    }

    /// A TOML log from its whole text (what loading found is not asserted: a test may give
    /// a value the log cannot read).
    pub(crate) fn log_text(text: &str) -> Log {
        parse_toml(text).0.into_iter().next().expect("one log")
    }

    /// An active pair that started 2025-02-10 and held sessions on 2025-02-10 and 2025-03-24
    /// (the latter listed first), plus a cancelled one on 2025-04-07.
    pub(super) const STALLED: &str = "program = \"p\"\npair = \"x\"\nstarted = 2025-02-10\n\n[[sessions]]\nnumber = 2\ndate = 2025-03-24\n\n[[sessions]]\nnumber = 1\ndate = 2025-02-10\n\n[[sessions]]\ndate = 2025-04-07\nstatus = \"cancelled\"\n";

    #[test]
    fn the_next_session_is_due_a_longest_gap_after_the_last_one_held() {
        let program = program(
            "cadence every 2 weeks, gap at most 4 weeks\n    length 5 sessions within 12 weeks",
        );
        let stalled = log_text(STALLED);
        let d = jiff::civil::date;
        // The latest held session counts, wherever it is listed; the cancelled one does not.
        assert_eq!(
            last_activity(&stalled, d(2025, 6, 1)).map(|a| a.date()),
            Some(d(2025, 3, 24))
        );
        assert_eq!(
            next_session_due(&program, &stalled, d(2025, 6, 1), no()),
            Some(d(2025, 4, 21))
        );
        // As of a day before it, a session has not happened yet.
        assert_eq!(
            last_activity(&stalled, d(2025, 3, 1)).map(|a| a.date()),
            Some(d(2025, 2, 10))
        );
        assert!(last_activity(&stalled, d(2025, 2, 9)).is_none());
        // Exactly at the limit is not inactive; the day after is.
        assert!(inactivity(&program, &stalled, d(2025, 4, 21), no()).is_none());
        let late = inactivity(&program, &stalled, d(2025, 6, 1), no()).expect("inactive");
        assert_eq!((late.days, late.due), (69, d(2025, 4, 21)));
        // The program's end, and the overrun of an active pair after it.
        assert_eq!(program_end(&program, &stalled, no()), Some(d(2025, 5, 5)));
        assert!(overrun(&stalled, d(2025, 5, 5), d(2025, 5, 5)).is_none());
        assert!(matches!(
            overrun(&stalled, d(2025, 5, 5), d(2025, 5, 6)),
            Some(Overrun::StillActive)
        ));
        // A completed pair owes no next session and does not overrun by standing still.
        let completed = log_text(&STALLED.replace("started", "status = \"completed\"\nstarted"));
        assert_eq!(
            next_session_due(&program, &completed, d(2025, 6, 1), no()),
            None
        );
        assert!(overrun(&completed, d(2025, 5, 5), d(2025, 6, 1)).is_none());
        // Without a gap limit or a `within`, there is no date to give.
        assert_eq!(
            next_session_due(&self::program(""), &stalled, d(2025, 6, 1), no()),
            None
        );
        assert_eq!(program_end(&self::program(""), &stalled, no()), None);
    }
}
