//! `P012` (cadence-contradiction), `P014` (length-unreachable) and `P023`
//! (commitment-below-sessions): the program's length, cadence, session minutes and time
//! commitment can all be honoured at once.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{Period, Program};
use crate::rules;
use crate::words;

use super::numbers;

pub(super) fn check_length(program: &Program, found: &mut Diagnostics) {
    let Some(length) = &program.length else {
        return;
    };
    if numbers::length_is_empty(length) {
        return; // `P007`: nothing can be unreachable in a length nothing satisfies
    }
    let phases_end = program
        .phases
        .iter()
        .map(|p| p.last_session)
        .max()
        .unwrap_or(0);
    if phases_end > length.max_sessions
        && let Some(last) = program.phases.iter().find(|p| p.last_session == phases_end)
    {
        found.push(
            Diagnostic::new(
                &rules::LENGTH_UNREACHABLE,
                format!(
                    "phase `{}` runs to session {}, but the program has at most {} sessions",
                    last.id, phases_end, length.max_sessions
                ),
                Label::new(last.range_span, format!("ends at session {phases_end}")),
            )
            .with_label(Label::new(length.span, "the program's length"))
            .with_help("make the phases and the length agree"),
        );
    }
    let (Some(within), Some(cadence)) = (length.within_days, &program.cadence) else {
        return;
    };
    let intervals = length.min_sessions.saturating_sub(1);
    if let (Some(min), Some(max)) = (cadence.min_gap, cadence.max_gap)
        && min.value > max.value
    {
        return; // The cadence contradicts itself; that is reported on its own.
    }
    let min_gap = cadence.min_gap.map(|b| (b.value, b.span, "at least"));
    let every = cadence.every_days.map(|d| (d, cadence.span, "every"));
    for (gap, span, how) in [min_gap, every].into_iter().flatten() {
        let needed = intervals.saturating_mul(gap);
        if needed > within {
            found.push(
                Diagnostic::new(
                    &rules::LENGTH_UNREACHABLE,
                    format!(
                        "{} sessions {} {} apart take at least {} days, but the program lasts {} days",
                        length.min_sessions,
                        how,
                        words::days_or_weeks(gap),
                        needed,
                        within
                    ),
                    Label::new(span, format!("{} between sessions", words::days_or_weeks(gap))),
                )
                .with_label(Label::new(length.span, format!("{within} days in all")))
                .with_help("lengthen the program, shorten the gap, or plan fewer sessions"),
            );
            break;
        }
    }
}

pub(super) fn check_cadence(program: &Program, found: &mut Diagnostics) {
    let Some(cadence) = &program.cadence else {
        return;
    };
    if numbers::cadence_has_zero_interval(cadence) {
        return; // `P007`; a zero interval contradicts nothing else worth reporting
    }
    if let (Some(min), Some(max)) = (cadence.min_gap, cadence.max_gap)
        && min.value > max.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "the minimum gap ({}) exceeds the maximum gap ({})",
                    words::days_or_weeks(min.value),
                    words::days_or_weeks(max.value)
                ),
                Label::new(min.span, "minimum"),
            )
            .with_label(Label::new(max.span, "maximum"))
            .with_help("no two sessions can be both this far and this close apart"),
        );
        return;
    }
    let Some(every) = cadence.every_days else {
        return;
    };
    if let Some(max) = cadence.max_gap
        && every > max.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "sessions every {} break the maximum gap of {}",
                    words::days_or_weeks(every),
                    words::days_or_weeks(max.value)
                ),
                Label::new(max.span, "maximum gap"),
            )
            .with_label(Label::new(cadence.span, "the rhythm"))
            .with_help("the rhythm must lie within the gap limits"),
        );
    }
    if let Some(min) = cadence.min_gap
        && every < min.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "sessions every {} break the minimum gap of {}",
                    words::days_or_weeks(every),
                    words::days_or_weeks(min.value)
                ),
                Label::new(min.span, "minimum gap"),
            )
            .with_label(Label::new(cadence.span, "the rhythm"))
            .with_help("the rhythm must lie within the gap limits"),
        );
    }
}

pub(super) fn check_session_minutes(program: &Program, found: &mut Diagnostics) {
    let Some(minutes) = &program.session_minutes else {
        return;
    };
    if let (Some(least), Some(most)) = (minutes.at_least, minutes.at_most)
        && least.value > most.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "sessions must last at least {} minutes but at most {}",
                    least.value, most.value
                ),
                Label::new(least.span, "minimum"),
            )
            .with_label(Label::new(most.span, "maximum"))
            .with_help("no session can satisfy both limits"),
        );
    }
}

/// The sessions the cadence plans, at their shortest, must fit in the time commitment.
pub(super) fn check_commitment(program: &Program, found: &mut Diagnostics) {
    let (Some(commitment), Some(cadence), Some(minutes)) = (
        &program.commitment,
        &program.cadence,
        &program.session_minutes,
    ) else {
        return;
    };
    let Some(least) = minutes.at_least else {
        return;
    };
    // The planned rhythm; without one, the longest gap allowed is the sparsest a pair may meet.
    let (gap, rhythm) = match (cadence.every_days, cadence.max_gap) {
        (Some(every), _) => (every, format!("every {}", words::days_or_weeks(every))),
        (None, Some(max)) => (
            max.value,
            format!("at most {} apart", words::days_or_weeks(max.value)),
        ),
        (None, None) => return,
    };
    if gap == 0 || commitment.minutes == 0 || least.value == 0 {
        return; // zero intervals and commitments are `empty-range`
    }
    let (period, period_days) = match commitment.per {
        Period::Week => ("week", 7.0),
        Period::Month => ("month", 365.25 / 12.0),
    };
    let sessions = period_days / f64::from(gap);
    let needed = f64::from(least.value) * sessions;
    if needed <= f64::from(commitment.minutes) {
        return;
    }
    found.push(
        Diagnostic::new(
            &rules::COMMITMENT_BELOW_SESSIONS,
            format!(
                "sessions {rhythm} of at least {} minutes take about {} minutes per {period}, more than the commitment of {} per {period}",
                least.value,
                needed.round(),
                words::minutes(commitment.minutes)
            ),
            Label::new(commitment.span, "the time each pair commits"),
        )
        .with_label(Label::new(cadence.span, "the cadence"))
        .with_label(Label::new(least.span, "the shortest session"))
        .with_help("raise the commitment, space the sessions out, or shorten them"),
    );
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    #[test]
    fn gaps_that_contradict_each_other_are_not_also_too_long() {
        // 3 gaps of at least 9 days would not fit in 2 weeks either; the contradiction is
        // the news.
        check(
            &[
                ("within 8 weeks", "within 2 weeks"),
                ("every 1 week", "gap at least 9 days, gap at most 3 days"),
                ("commitment 4 hours", "commitment 8 hours"),
            ],
            &["P012 the minimum gap (9 days) exceeds the maximum gap (3 days)"],
        );
    }

    #[test]
    fn the_rhythm_lies_within_the_gap_limits() {
        check(
            &[("every 1 week", "every 1 week, gap at least 2 weeks")],
            &["P012 sessions every 1 week break the minimum gap of 2 weeks"],
        );
        check(
            &[
                ("within 8 weeks", "within 10 weeks"),
                ("every 1 week", "every 3 weeks, gap at most 2 weeks"),
            ],
            &["P012 sessions every 3 weeks break the maximum gap of 2 weeks"],
        );
    }

    #[test]
    fn session_minutes_have_room_between_their_limits() {
        check(
            &[("at most 90 minutes", "at most 20 minutes")],
            &["P012 sessions must last at least 30 minutes but at most 20"],
        );
    }

    #[test]
    fn the_phases_and_the_sessions_fit_in_the_length() {
        check(
            &[("length 4 sessions", "length 3 sessions")],
            &["P014 phase `practice` runs to session 4, but the program has at most 3 sessions"],
        );
        check(
            &[("within 8 weeks", "within 2 weeks")],
            &[
                "P014 4 sessions every 1 week apart take at least 21 days, but the program lasts 14 days",
            ],
        );
    }

    #[test]
    fn the_sessions_fit_in_the_commitment() {
        check(
            &[("commitment 4 hours", "commitment 1 hour")],
            &[
                "P023 sessions every 1 week of at least 30 minutes take about 130 minutes per month, more than the commitment of 1 hour per month",
            ],
        );
    }
}
