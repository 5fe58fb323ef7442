//! Approved pauses and extensions in time: the days a pause takes out of a pair's calendar,
//! the dates it moves, and what a milestone's deadline asks of a pair once its exceptions apply.
//!
//! A pause runs from its `from` day up to, not including, its `to` day (the day the pair
//! resumes): it is `to - from` days long. Two pauses that overlap count their common days once.
//!
//! - Counting days (a gap between sessions, the silence of an inactive pair): the paused days
//!   in between do not count.
//! - Counting a limit on from a day (the next session's due day, the first session's, the
//!   program's end, a `due by week N` or `due by date D` deadline): the limit moves by the length
//!   of every pause that starts on or before the (moved) limit, counting only its days from the
//!   day the limit counts from on ([`advance`]). A limit that falls on a pause's first day (or
//!   within it) moves by the whole pause: the pair could not meet on it.
//! - An extension replaces its milestone's deadline with its date; pauses do not move it further
//!   (it was approved as a date).

use jiff::civil::Date;

use super::{add_days, days_between, due_date};
use crate::exceptions::{Extension, PairExceptions, Pause};
use crate::log::Log;
use crate::model::{Deadline, Milestone};

/// The pair's pauses as stretches of days `[from, to)`, sorted and merged.
fn stretches(exceptions: PairExceptions<'_>) -> Vec<(Date, Date)> {
    let mut all: Vec<(Date, Date)> = exceptions
        .pauses()
        .filter(|p| p.from.value < p.to.value)
        .map(|p| (p.from.value, p.to.value))
        .collect();
    all.sort_unstable();
    let mut merged: Vec<(Date, Date)> = Vec::with_capacity(all.len());
    for (from, to) in all {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// The days from `start` to `end` (`start` ≤ day < `end`) that fall in a pause, each once.
pub(crate) fn paused_days(exceptions: PairExceptions<'_>, start: Date, end: Date) -> i64 {
    stretches(exceptions)
        .into_iter()
        .map(|(from, to)| {
            let (from, to) = (from.max(start), to.min(end));
            if from < to { days_between(from, to) } else { 0 }
        })
        .sum()
}

/// Whether the pair is paused on `day`.
pub(crate) fn paused_on(exceptions: PairExceptions<'_>, day: Date) -> bool {
    exceptions.pauses().any(|pause| pause.contains(day))
}

/// The pauses with a day from `start` to `end` (`start` ≤ day < `end`), in the file's order:
/// the ones a finding names when they moved its dates.
pub(crate) fn pauses_between<'e>(
    exceptions: PairExceptions<'e>,
    start: Date,
    end: Date,
) -> Vec<&'e Pause> {
    exceptions
        .pauses()
        .filter(|pause| pause.overlap(start, end) > 0)
        .collect()
}

/// The day `days` days after `start`, not counting paused days: each pause that starts on or
/// before the day reached so far moves it by its days from `start` on. `None` past the
/// calendar. Without pauses, `start + days`.
pub(crate) fn advance(exceptions: PairExceptions<'_>, start: Date, days: u32) -> Option<Date> {
    let mut day = start;
    let mut left = i64::from(days);
    for (from, to) in stretches(exceptions) {
        if to <= day {
            continue;
        }
        let before = days_between(day, from.max(day));
        if before > left {
            break;
        }
        left -= before;
        day = to;
    }
    add_days(day, left)
}

/// How an exception moved a deadline.
#[derive(Debug, Clone)]
pub(crate) enum Moved<'e> {
    /// It stands as the program states it.
    No,
    /// These pauses moved it `days` later.
    Paused { days: i64, pauses: Vec<&'e Pause> },
    /// An approved extension replaced it.
    Extended(&'e Extension),
}

/// What a milestone's deadline asks of a pair once its exceptions apply.
#[derive(Debug, Clone)]
pub(crate) enum Due<'e> {
    /// A claim in a held session numbered N or lower.
    BySession(u32),
    /// A claim on or before `date`.
    ByDay { date: Date, moved: Moved<'e> },
}

/// The deadline `deadline` for the pair of `log`, moved by its pauses: `None` for a date that
/// cannot be known (`by week N` without `started`) or lies past the calendar.
pub(crate) fn deadline_due<'e>(
    log: &Log,
    deadline: Deadline,
    exceptions: PairExceptions<'e>,
) -> Option<Due<'e>> {
    if let Deadline::BySession(n) = deadline {
        return Some(Due::BySession(n));
    }
    let stated = due_date(log, deadline)?;
    // Without a pause nothing moves it: most pairs, spared the counting below.
    if exceptions.pauses().next().is_none() {
        return Some(Due::ByDay {
            date: stated,
            moved: Moved::No,
        });
    }
    // The limit counts from `started` (a pause before it takes nothing from the program); a
    // log without one counts every pause before the date.
    let earliest_pause = exceptions.pauses().map(|p| p.from.value).min();
    let start = log
        .started
        .as_ref()
        .map(|s| s.value)
        .or(earliest_pause)
        .map_or(stated, |start| start.min(stated));
    let days = u32::try_from(days_between(start, stated)).ok()?;
    let date = advance(exceptions, start, days)?;
    let moved = if date > stated {
        Moved::Paused {
            days: days_between(stated, date),
            pauses: pauses_between(exceptions, start, date),
        }
    } else {
        Moved::No
    };
    Some(Due::ByDay { date, moved })
}

/// The deadline of `milestone` for the pair of `log`: an approved extension's date, else the
/// program's deadline moved by the pair's pauses. `None` without a deadline (or one that cannot
/// be dated, see [`deadline_due`]).
pub(crate) fn milestone_due<'e>(
    log: &Log,
    milestone: &Milestone,
    exceptions: PairExceptions<'e>,
) -> Option<Due<'e>> {
    let deadline = milestone.due?;
    match exceptions.extension(&milestone.id) {
        Some(extension) => Some(Due::ByDay {
            date: extension.to.value,
            moved: Moved::Extended(extension),
        }),
        None => deadline_due(log, deadline, exceptions),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    //! Besides its own tests, `exceptions_of`: a pair's exceptions from an exceptions file's text.

    use super::*;
    use crate::exceptions::Exceptions;

    /// The exceptions of an exceptions file's `text` (it must read without a finding).
    pub(crate) fn exceptions_of(text: &str) -> Exceptions {
        let mut sources = crate::source::Sources::new();
        let source = sources.add("exceptions.toml", text);
        let mut diagnostics = crate::diagnostic::Diagnostics::new();
        let exceptions = crate::exceptions::read(&sources, source, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        exceptions
    }

    /// `[[pause]]` entries for pair `x`, one per `(from, to)`.
    fn pauses(stretches: &[(&str, &str)]) -> Exceptions {
        let text: String = stretches
            .iter()
            .map(|(from, to)| {
                format!("[[pause]]\npair = \"x\"\nfrom = {from}\nto = {to}\nreason = \"leave\"\napproved-by = \"lead\"\napproved = 2025-01-01\n\n")
            })
            .collect();
        exceptions_of(&text)
    }

    fn of(exceptions: &Exceptions) -> PairExceptions<'_> {
        exceptions.for_pair(Some("p"), Some("x"), jiff::civil::date(2025, 6, 1))
    }

    const D: fn(i16, i8, i8) -> Date = jiff::civil::date;

    #[test]
    fn paused_days_count_the_days_of_a_gap_inside_a_pause_once() {
        let (a, b) = (D(2025, 3, 3), D(2025, 4, 21)); // 49 days
        let inside = pauses(&[("2025-03-10", "2025-03-31")]);
        assert_eq!(paused_days(of(&inside), a, b), 21);
        // A pause from the earlier session's day to the later one's takes the whole gap.
        let whole = pauses(&[("2025-03-03", "2025-04-21")]);
        assert_eq!(paused_days(of(&whole), a, b), 49);
        // Longer than the gap on both sides: still only the gap's days.
        let longer = pauses(&[("2025-01-01", "2025-12-31")]);
        assert_eq!(paused_days(of(&longer), a, b), 49);
        // Touching the gap from outside: nothing.
        let outside = pauses(&[("2025-02-01", "2025-03-03"), ("2025-04-21", "2025-05-01")]);
        assert_eq!(paused_days(of(&outside), a, b), 0);
        // Two pauses add up; overlapping ones count their common days once.
        let two = pauses(&[("2025-03-10", "2025-03-17"), ("2025-04-01", "2025-04-08")]);
        assert_eq!(paused_days(of(&two), a, b), 14);
        let overlapping = pauses(&[("2025-03-10", "2025-03-24"), ("2025-03-17", "2025-03-31")]);
        assert_eq!(paused_days(of(&overlapping), a, b), 21);
        assert!(paused_on(of(&inside), D(2025, 3, 10)));
        assert!(!paused_on(of(&inside), D(2025, 3, 31)));
        // Another pair's pause is none of this pair's.
        let other = inside.for_pair(Some("p"), Some("y"), D(2025, 6, 1));
        assert_eq!(paused_days(other, a, b), 0);
    }

    #[test]
    fn a_limit_moves_by_the_pauses_that_start_on_or_before_it() {
        let start = D(2025, 3, 3);
        let none = Exceptions::default();
        assert_eq!(advance(of(&none), start, 28), Some(D(2025, 3, 31)));
        // A pause of 21 days inside the 28: the limit moves 21 days.
        let inside = pauses(&[("2025-03-10", "2025-03-31")]);
        assert_eq!(advance(of(&inside), start, 28), Some(D(2025, 4, 21)));
        // Starting on the limit's day, it moves by the whole pause; the day after, not at all.
        let on_the_day = pauses(&[("2025-03-31", "2025-04-07")]);
        assert_eq!(advance(of(&on_the_day), start, 28), Some(D(2025, 4, 7)));
        let after = pauses(&[("2025-04-01", "2025-04-07")]);
        assert_eq!(advance(of(&after), start, 28), Some(D(2025, 3, 31)));
        // A pause the first one's move reaches moves it too; one before the start does not.
        let chained = pauses(&[
            ("2025-01-01", "2025-02-01"),
            ("2025-03-10", "2025-03-31"),
            ("2025-04-14", "2025-04-21"),
        ]);
        assert_eq!(advance(of(&chained), start, 28), Some(D(2025, 4, 28)));
        // Begun before the start, a pause counts from the start on.
        let begun = pauses(&[("2025-02-24", "2025-03-10")]);
        assert_eq!(advance(of(&begun), start, 28), Some(D(2025, 4, 7)));
    }

    #[test]
    fn dates_at_the_end_of_the_calendar_never_panic() {
        let last = D(9999, 12, 31);
        let late = pauses(&[("9999-12-01", "9999-12-31")]);
        assert_eq!(advance(of(&late), D(9999, 11, 30), 1), Some(last));
        assert_eq!(advance(of(&late), D(9999, 11, 30), 2), None);
        assert_eq!(advance(of(&late), last, u32::MAX), None);
        assert_eq!(paused_days(of(&late), D(9999, 1, 1), last), 30);
        let wide = pauses(&[("0001-01-01", "9999-12-31")]);
        assert_eq!(advance(of(&wide), D(2025, 1, 1), 0), Some(last));
        assert_eq!(advance(of(&wide), D(2025, 1, 1), 1), None);
    }

    #[test]
    fn a_pause_past_its_expiry_no_longer_applies() {
        let text = "[[pause]]\npair = \"x\"\nfrom = 2025-03-10\nto = 2025-03-31\nreason = \"leave\"\napproved-by = \"lead\"\napproved = 2025-03-01\nexpires = 2025-04-30\n";
        let exceptions = exceptions_of(text);
        let start = D(2025, 3, 3);
        let on = exceptions.for_pair(Some("p"), Some("x"), D(2025, 4, 30));
        assert_eq!(advance(on, start, 28), Some(D(2025, 4, 21)));
        let expired = exceptions.for_pair(Some("p"), Some("x"), D(2025, 5, 1));
        assert_eq!(advance(expired, start, 28), Some(D(2025, 3, 31)));
    }
}
