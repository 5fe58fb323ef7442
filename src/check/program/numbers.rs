//! `P007` (empty-range), `P025` (number-too-large) and `P026` (sessions-out-of-order): the
//! numbers a plan is built from. No range is reversed and no count or interval is zero (nothing
//! could satisfy it), none is beyond what any program can use (dates computed from it would
//! leave the calendar), and listed review sessions run from first to last.
//!
//! Both rules look at numbers all over a program (phases, length, cadence, session minutes,
//! deadlines, lens rules, review, agreement, commitment), so they have a file of their own rather
//! than a share of each family's. The families ask the predicates below and stay silent where
//! `P007` speaks, so one mistake is reported once.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::matching::{AttributeKind, MAX_CAPACITY, MAX_WEIGHT};
use crate::model::{
    Bound, Cadence, Deadline, Length, LensRule, Phase, PlanNumber, PlanUnit, Program,
    ReviewSchedule,
};
use crate::rules;

/// `P025`: every session number and duration that dates are computed from stays within bounds
/// no real program reaches, so the date arithmetic downstream never leaves jiff's range by
/// way of one absurd number (it is checked arithmetic as well, for programs that turn the
/// rule off).
pub(super) fn check_plan_numbers(program: &Program, found: &mut Diagnostics) {
    for number in program.plan_numbers.iter().filter(|n| !n.in_range()) {
        let (message, label) = match number.unit {
            PlanUnit::Session => (
                format!(
                    "session {} is beyond any program: session numbers go up to {}",
                    number.value,
                    PlanNumber::MAX_SESSION
                ),
                format!("at most {}", PlanNumber::MAX_SESSION),
            ),
            PlanUnit::Day | PlanUnit::Week => {
                let (unit, most) = if number.unit == PlanUnit::Day {
                    ("days", PlanNumber::MAX_DAYS)
                } else {
                    ("weeks", PlanNumber::MAX_DAYS / 7)
                };
                (
                    format!(
                        "{} {unit} is longer than any program: durations go up to {} days ({} weeks)",
                        number.value,
                        PlanNumber::MAX_DAYS,
                        PlanNumber::MAX_DAYS / 7
                    ),
                    format!("at most {most}"),
                )
            }
        };
        found.push(
            Diagnostic::new(
                &rules::NUMBER_TOO_LARGE,
                message,
                Label::new(number.span, label),
            )
            .with_help("dates are computed from this number; write the number that was meant"),
        );
    }
}

/// The numbers of a `matching` block: a `number` attribute's range that ends before it starts
/// (`P007`), a weight or capacity beyond any use (`P025`), so the match's scores stay far
/// inside the integers they are summed in.
pub(super) fn check_matching_numbers(program: &Program, found: &mut Diagnostics) {
    let Some(matching) = &program.matching else {
        return;
    };
    for attribute in &matching.attributes {
        if let AttributeKind::Number { min, max } = attribute.kind
            && min > max
        {
            found.push(
                Diagnostic::new(
                    &rules::EMPTY_RANGE,
                    format!(
                        "attribute `{}` allows no number: {min} comes after {max}",
                        attribute.id
                    ),
                    Label::new(attribute.kind_span, "empty range"),
                )
                .with_help(format!("did you mean `number {max}..{min}`?")),
            );
        }
    }
    if let Some(capacity) = matching.capacity
        && capacity.value > MAX_CAPACITY
    {
        found.push(Diagnostic::new(
            &rules::NUMBER_TOO_LARGE,
            format!(
                "a capacity of {} mentees is beyond any mentor: capacities go up to {MAX_CAPACITY}",
                capacity.value
            ),
            Label::new(capacity.span, format!("at most {MAX_CAPACITY}")),
        ));
    }
    for preference in &matching.preferences {
        if preference.weight > MAX_WEIGHT {
            found.push(
                Diagnostic::new(
                    &rules::NUMBER_TOO_LARGE,
                    format!(
                        "a weight of {} is beyond any use: weights go up to {MAX_WEIGHT}",
                        preference.weight
                    ),
                    Label::new(preference.weight_span, format!("at most {MAX_WEIGHT}")),
                )
                .with_help(
                    "weights compare preferences with each other: 1, 2 and 3 say as much as 100, 200 and 300",
                ),
            );
        }
    }
}

/// Whether `P007` reports this phase's range: it starts at 0 or ends before it starts.
pub(super) fn phase_range_is_empty(phase: &Phase) -> bool {
    phase.first_session == 0 || phase.first_session > phase.last_session
}

/// Whether `P007` reports this length: no number of sessions, or no days, satisfies it.
pub(super) fn length_is_empty(length: &Length) -> bool {
    length.min_sessions == 0
        || length.min_sessions > length.max_sessions
        || length.within_days == Some(0)
}

/// Whether `P007` reports this cadence: sessions every 0 days, or at most 0 days apart.
pub(super) fn cadence_has_zero_interval(cadence: &Cadence) -> bool {
    cadence.every_days == Some(0) || cadence.max_gap.is_some_and(|b| b.value == 0)
}

/// Whether `P007` reports this lens rule: it lists lenses and lets a session choose none.
pub(super) fn lens_choice_is_empty(rule: &LensRule) -> bool {
    matches!(rule, LensRule::Choose { count, of } if count.max() == Some(0) && !of.is_empty())
}

/// `P007`: every range, count and interval in the program can be met by some session.
pub(super) fn check_empty_ranges(program: &Program, found: &mut Diagnostics) {
    for phase in &program.phases {
        check_phase_range(phase, found);
    }
    check_length(program, found);
    check_cadence(program, found);
    check_session_minutes(program, found);
    for milestone in program.all_milestones() {
        if let Some(Deadline::BySession(0) | Deadline::ByWeek(0)) = milestone.due {
            found.push(Diagnostic::new(
                &rules::EMPTY_RANGE,
                format!(
                    "milestone `{}` is due before the program starts",
                    milestone.id
                ),
                Label::new(
                    milestone.due_span.unwrap_or(milestone.span),
                    "sessions and weeks are counted from 1",
                ),
            ));
        }
    }
    for phase in &program.phases {
        check_lens_choice(phase, found);
    }
    check_session_references(program, found);
}

fn check_phase_range(phase: &Phase, found: &mut Diagnostics) {
    if phase.first_session == 0 {
        found.push(
            Diagnostic::new(
                &rules::EMPTY_RANGE,
                format!("phase `{}` starts at session 0", phase.id),
                Label::new(phase.range_span, "sessions are numbered from 1"),
            )
            .with_help(format!("write `sessions 1..{}`", phase.last_session.max(1))),
        );
    } else if phase.first_session > phase.last_session {
        found.push(
            Diagnostic::new(
                &rules::EMPTY_RANGE,
                format!(
                    "phase `{}` has no sessions: {} comes after {}",
                    phase.id, phase.first_session, phase.last_session
                ),
                Label::new(phase.range_span, "empty range"),
            )
            .with_help(format!(
                "did you mean `sessions {}..{}`?",
                phase.last_session, phase.first_session
            )),
        );
    }
}

fn check_length(program: &Program, found: &mut Diagnostics) {
    let Some(length) = &program.length else {
        return;
    };
    if length.min_sessions == 0 || length.min_sessions > length.max_sessions {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            if length.min_sessions == 0 {
                "the program's length is zero sessions".to_owned()
            } else {
                format!(
                    "the program's length `{}..{}` is empty: {} comes after {}",
                    length.min_sessions,
                    length.max_sessions,
                    length.min_sessions,
                    length.max_sessions
                )
            },
            Label::new(length.span, "no number of sessions satisfies this"),
        ));
        return;
    }
    if length.within_days == Some(0) {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "the program lasts zero days",
            Label::new(length.span, "`within` must be at least 1 day"),
        ));
    }
}

fn check_cadence(program: &Program, found: &mut Diagnostics) {
    let Some(cadence) = &program.cadence else {
        return;
    };
    if cadence_has_zero_interval(cadence) {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "the cadence has a zero interval",
            Label::new(cadence.span, "intervals must be at least 1 day"),
        ));
    }
}

fn check_session_minutes(program: &Program, found: &mut Diagnostics) {
    let Some(minutes) = &program.session_minutes else {
        return;
    };
    if let Some(most) = minutes.at_most
        && most.value == 0
    {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "sessions may last at most 0 minutes",
            Label::new(most.span, "no session is this short"),
        ));
    }
}

fn check_lens_choice(phase: &Phase, found: &mut Diagnostics) {
    if let LensRule::Choose { count, .. } = &phase.lens_rule
        && lens_choice_is_empty(&phase.lens_rule)
    {
        found.push(
            Diagnostic::new(
                &rules::EMPTY_RANGE,
                format!(
                    "phase `{}` asks for {} of its lenses: no session may use one",
                    phase.id,
                    count.describe()
                ),
                Label::new(phase.lens_rule_span, "allows no lens"),
            )
            .with_help("write `lenses none`, or ask for at least 1"),
        );
    }
}

/// A review every 0 sessions or at session 0, an agreement before session 0, a commitment of
/// no time.
fn check_session_references(program: &Program, found: &mut Diagnostics) {
    match program.review.as_ref().map(|r| (r, &r.schedule)) {
        Some((review, ReviewSchedule::Every(0))) => found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "reviews every 0 sessions",
            Label::new(review.span, "must be at least 1"),
        )),
        Some((_, ReviewSchedule::At { listed, .. })) => check_review_sessions(listed, found),
        _ => {}
    }
    if let Some(agreement) = &program.agreement
        && agreement.before_session == 0
    {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "an agreement before session 0 can never be recorded",
            Label::new(agreement.span, "sessions are numbered from 1"),
        ));
    }
    if let Some(commitment) = &program.commitment
        && commitment.minutes == 0
    {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "the time commitment is zero",
            Label::new(commitment.span, "commit at least some time"),
        ));
    }
}

/// `review at sessions 4, 8, 12`: no session 0 (`P007`), and in ascending order (`P026`; the
/// plan reads the same either way, but `8, 4, 12` is most often a typo). A session listed twice
/// was reported while resolving (`P003`) and is listed once here; sessions past the program's
/// end are `P008` (`milestones.rs`).
fn check_review_sessions(listed: &[Bound], found: &mut Diagnostics) {
    let mut highest: Option<&Bound> = None;
    for number in listed {
        if number.value == 0 {
            found.push(
                Diagnostic::new(
                    &rules::EMPTY_RANGE,
                    "a review at session 0 can never be held",
                    Label::new(number.span, "sessions are numbered from 1"),
                )
                .with_help("the first session is session 1"),
            );
            continue;
        }
        if let Some(before) = highest.filter(|before| before.value > number.value) {
            found.push(
                Diagnostic::new(
                    &rules::SESSIONS_OUT_OF_ORDER,
                    format!(
                        "review session {} is listed after session {}",
                        number.value, before.value
                    ),
                    Label::new(number.span, "out of order"),
                )
                .with_label(Label::new(before.span, "a later session, listed earlier"))
                .with_help("list the review sessions from first to last"),
            );
        }
        if highest.is_none_or(|h| number.value > h.value) {
            highest = Some(number);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    #[test]
    fn a_phase_starting_at_0_or_reversed_is_reported_once() {
        // Not also as a first phase not starting at 1 (`P006`) or a gap (`P005`).
        check(
            &[("sessions 1..2", "sessions 0..2")],
            &["P007 phase `framing` starts at session 0"],
        );
        check(
            &[("sessions 1..2", "sessions 2..1")],
            &["P007 phase `framing` has no sessions: 2 comes after 1"],
        );
    }

    #[test]
    fn an_empty_length_is_not_also_unreachable() {
        check(
            &[("length 4 sessions", "length 0 sessions")],
            &["P007 the program's length is zero sessions"],
        );
        check(
            &[("length 4 sessions", "length 5..3 sessions")],
            &["P007 the program's length `5..3` is empty: 5 comes after 3"],
        );
        check(
            &[("within 8 weeks", "within 0 days")],
            &["P007 the program lasts zero days"],
        );
    }

    #[test]
    fn a_zero_interval_is_not_also_a_contradiction() {
        check(
            &[(
                "every 1 week",
                "every 0 days, gap at least 3 days, gap at most 1 day",
            )],
            &["P007 the cadence has a zero interval"],
        );
    }

    #[test]
    fn listed_review_sessions_are_real_ordered_and_once_each() {
        check(
            &[(
                "review every 2 sessions",
                "review at sessions 0, 2, 4, 2, 3",
            )],
            &[
                "P007 a review at session 0 can never be held",
                "P003 session 2 is listed twice as a review",
                "P026 review session 3 is listed after session 4",
            ],
        );
        check(&[("review every 2 sessions", "review at session 2")], &[]);
    }

    #[test]
    fn zero_minutes_zero_sessions_and_no_time_are_empty() {
        check(
            &[("at most 90 minutes", "at most 0 minutes")],
            &[
                "P012 sessions must last at least 30 minutes but at most 0",
                "P007 sessions may last at most 0 minutes",
            ],
        );
        check(
            &[
                ("review every 2 sessions", "review every 0 sessions"),
                ("before session 2", "before session 0"),
                ("commitment 4 hours", "commitment 0 hours"),
            ],
            &[
                "P007 the time commitment is zero",
                "P007 reviews every 0 sessions",
                "P007 an agreement before session 0 can never be recorded",
            ],
        );
    }

    #[test]
    fn a_deadline_at_0_is_before_the_program_starts() {
        check(
            &[("due by session 4", "due by week 0")],
            &["P007 milestone `first-review` is due before the program starts"],
        );
    }

    #[test]
    fn a_lens_rule_admitting_none_is_not_also_too_small() {
        check(
            &[(
                "exactly 1 of decision-review",
                "exactly 0 of decision-review",
            )],
            &[
                "P010 lens `decision-review` is allowed in no phase",
                "P007 phase `practice` asks for exactly 0 of its lenses: no session may use one",
                "P013 milestone `first-review` needs lens `decision-review` by session 4, but no phase allows it that early",
            ],
        );
    }

    #[test]
    fn the_time_to_log_a_session_is_bounded_and_set_once() {
        check(
            &[(
                "before session 2",
                "before session 2\n    log sessions within 0 days",
            )],
            &[],
        );
        check(
            &[(
                "before session 2",
                "before session 2\n    log sessions within 40000 days",
            )],
            &[
                "P025 40000 days is longer than any program: durations go up to 36400 days (5200 weeks)",
            ],
        );
        check(
            &[(
                "before session 2",
                "before session 2\n    log sessions within 3 days\n    log sessions within 1 week",
            )],
            &["P003 `log` is already set"],
        );
    }

    #[test]
    fn a_number_beyond_any_program_is_not_also_after_its_end() {
        check(
            &[("due by session 4", "due by session 200000")],
            &["P025 session 200000 is beyond any program: session numbers go up to 100000"],
        );
        check(
            &[("every 1 week", "every 1043498 weeks")],
            &[
                "P014 4 sessions every 1043498 weeks apart take at least 21913458 days, but the program lasts 56 days",
                "P025 1043498 weeks is longer than any program: durations go up to 36400 days (5200 weeks)",
            ],
        );
    }

    #[test]
    fn first_session_and_missed_sessions_are_bounded_and_set_once() {
        // The first session's time feeds the date arithmetic (`P025`); zero days (the first
        // session on the start day) and zero missed sessions (none allowed) can be met.
        check(
            &[(
                "agreement before session 2\n",
                "agreement before session 2\n    first session within 6000 weeks\n",
            )],
            &[
                "P025 6000 weeks is longer than any program: durations go up to 36400 days (5200 weeks)",
            ],
        );
        check(
            &[(
                "agreement before session 2\n",
                "agreement before session 2\n    first session within 0 days\n    missed sessions at most 0 in a row\n",
            )],
            &[],
        );
        check(
            &[(
                "agreement before session 2\n",
                "agreement before session 2\n    first session within 1 week\n    missed sessions at most 1 in a row\n    first session within 2 weeks\n    missed sessions at most 2 in a row\n",
            )],
            &[
                "P003 `first session` is already set",
                "P003 `missed sessions` is already set",
            ],
        );
    }
}
