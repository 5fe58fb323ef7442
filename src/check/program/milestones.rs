//! `P008` (session-beyond-program), `P009` (deadline-beyond-length), `P013`
//! (evidence-unreachable) and `P024` (vague-milestone): every milestone is time-bound,
//! observable and reachable. Reviews and the agreement are due at a session too, and P008 covers
//! them, so they are checked here.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{Deadline, Evidence, Milestone, Phase, PlanNumber, Program, ReviewSchedule};
use crate::rules;
use crate::words;

use super::{LensAvailability, lenses};

/// The checks of each milestone, the track milestones included.
pub(super) fn check_milestones(
    program: &Program,
    availability: &LensAvailability<'_>,
    references_resolved: bool,
    found: &mut Diagnostics,
) {
    // Once, not per milestone: it scans every phase, and a generated program has 100,000 of
    // each (a scan per milestone made `check` quadratic).
    let last_session = program.last_session();
    for milestone in program.all_milestones() {
        check_deadline(program, last_session, milestone, found);
        check_milestone_is_measurable(milestone, found);
        if references_resolved {
            check_evidence(program, milestone, availability, found);
        }
    }
}

/// A milestone is time-bound and states its evidence. What was written counts, even if it
/// could not be read (an impossible date, a misspelled lens): that is reported on its own.
fn check_milestone_is_measurable(milestone: &Milestone, found: &mut Diagnostics) {
    let (message, help) = match (milestone.due_span, milestone.evidence_span) {
        (Some(_), Some(_)) => return,
        (None, None) => (
            format!(
                "milestone `{}` has no deadline and asks for no evidence: it is neither time-bound nor observable",
                milestone.id
            ),
            "add `due by session N` (or `by week N`, `by date YYYY-MM-DD`) and `evidence lens ID` (or `evidence review`)",
        ),
        (None, Some(_)) => (
            format!(
                "milestone `{}` has no deadline: no pair can be late with it",
                milestone.id
            ),
            "add `due by session N`, `due by week N` or `due by date YYYY-MM-DD`",
        ),
        (Some(_), None) => (
            format!(
                "milestone `{}` asks for no evidence: any held session may claim it",
                milestone.id
            ),
            "add `evidence lens ID` (the lens a claiming session uses) or `evidence review`",
        ),
    };
    found.push(
        Diagnostic::new(
            &rules::VAGUE_MILESTONE,
            message,
            Label::new(milestone.id_span, "this milestone"),
        )
        .with_help(help),
    );
}

fn check_deadline(program: &Program, last: u32, milestone: &Milestone, found: &mut Diagnostics) {
    let out_of_range = match milestone.due {
        Some(Deadline::BySession(n)) => n > PlanNumber::MAX_SESSION,
        Some(Deadline::ByWeek(weeks)) => weeks.saturating_mul(7) > PlanNumber::MAX_DAYS,
        _ => false,
    };
    if out_of_range {
        return; // `P025` says what is wrong with the number; "after the program ends" is noise
    }
    let due_span = milestone.due_span.unwrap_or(milestone.span);
    match milestone.due {
        // Due before the program starts: `P007`.
        Some(Deadline::BySession(0)) | Some(Deadline::ByWeek(0)) => {}
        Some(Deadline::BySession(n)) if n > last && last > 0 => found.push(
            Diagnostic::new(
                &rules::SESSION_BEYOND_PROGRAM,
                format!(
                    "milestone `{}` is due by session {n}, but the program ends at session {last}",
                    milestone.id
                ),
                Label::new(due_span, format!("session {n} never happens")),
            )
            .with_optional_help(last_phase_help(program, last)),
        ),
        Some(Deadline::ByWeek(week)) => {
            if let Some(length) = &program.length
                && let Some(within) = length.within_days
                && week.saturating_mul(7) > within
            {
                found.push(
                    Diagnostic::new(
                        &rules::DEADLINE_BEYOND_LENGTH,
                        format!(
                            "milestone `{}` is due by week {week}, but the program lasts {}",
                            milestone.id,
                            words::days_or_weeks(within)
                        ),
                        Label::new(due_span, format!("week {week} is after the program ends")),
                    )
                    .with_label(Label::new(length.span, "the program's length"))
                    .with_help("move the deadline inside the program, or lengthen the program"),
                );
            }
        }
        _ => {}
    }
}

fn check_evidence(
    program: &Program,
    milestone: &Milestone,
    availability: &LensAvailability<'_>,
    found: &mut Diagnostics,
) {
    let lens = match &milestone.evidence {
        Some(Evidence::Lens(lens)) => lens,
        Some(Evidence::Review) => {
            check_review_evidence(program, milestone, found);
            return;
        }
        None => return,
    };
    let evidence_span = milestone.evidence_span.unwrap_or(milestone.span);
    let deadline_session = match milestone.due {
        Some(Deadline::BySession(n)) => n,
        _ => u32::MAX,
    };
    let in_time = |first: Option<u32>| first.is_some_and(|first| first <= deadline_session);
    if in_time(availability.first_usable(lens)) {
        return;
    }
    // A phase allows the lens in time, but its progression gives those sessions other lenses.
    if in_time(availability.first_session(lens))
        && let Some(phase) = blocking_progression(program, lens, deadline_session)
    {
        found.push(progression_blocks_evidence(
            milestone,
            lens,
            phase,
            deadline_session,
            availability.first_usable(lens),
        ));
        return;
    }
    let message = if deadline_session == u32::MAX {
        format!(
            "milestone `{}` needs lens `{lens}`, which no phase allows",
            milestone.id
        )
    } else {
        format!(
            "milestone `{}` needs lens `{lens}` by session {deadline_session}, but no phase allows it that early",
            milestone.id
        )
    };
    let mut diagnostic = Diagnostic::new(
        &rules::EVIDENCE_UNREACHABLE,
        message,
        Label::new(evidence_span, "this evidence cannot be produced in time"),
    )
    .with_help(format!(
        "allow `{lens}` in a phase before the deadline, or move the deadline"
    ));
    if let Some(due) = milestone.due_span {
        diagnostic = diagnostic.with_label(Label::new(due, "the deadline"));
    }
    found.push(diagnostic);
}

/// `evidence review` due by session N, when the program lists its review sessions and the
/// first comes after N: a pair that holds its reviews where the plan puts them cannot meet the
/// deadline. (With `review every N sessions` a review may come at any session, sooner than the
/// Nth.)
fn check_review_evidence(program: &Program, milestone: &Milestone, found: &mut Diagnostics) {
    let Some(review) = &program.review else {
        return;
    };
    let (ReviewSchedule::At { .. }, Some(Deadline::BySession(deadline))) =
        (&review.schedule, milestone.due)
    else {
        return;
    };
    let Some(first) = review.first_planned().filter(|&first| first > deadline) else {
        return;
    };
    let mut diagnostic = Diagnostic::new(
        &rules::EVIDENCE_UNREACHABLE,
        format!(
            "milestone `{}` needs a review by session {deadline}, but the first review is at session {first}",
            milestone.id
        ),
        Label::new(
            milestone.evidence_span.unwrap_or(milestone.span),
            "this evidence cannot be produced in time",
        ),
    )
    .with_label(Label::new(review.span, "the review sessions"))
    .with_help(format!(
        "move the deadline to session {first} or later, or hold a review by session {deadline}"
    ));
    if let Some(due) = milestone.due_span {
        diagnostic = diagnostic.with_label(Label::new(due, "the deadline"));
    }
    found.push(diagnostic);
}

/// The first phase starting by `deadline` that allows `lens` and has a progression: the one
/// whose progression keeps the lens from the sessions before the deadline.
fn blocking_progression<'p>(program: &'p Program, lens: &str, deadline: u32) -> Option<&'p Phase> {
    program.phases.iter().find(|phase| {
        phase.first_session <= deadline
            && phase.lens_rule.allows(lens)
            && lenses::progression_steps(phase).is_some()
    })
}

/// `P013` when the lens is allowed in time but the phase's progression gives the sessions
/// before the deadline other lenses: every pair would break the progression or miss the
/// milestone. `first_usable` is the first session of the whole program that can use the lens.
fn progression_blocks_evidence(
    milestone: &Milestone,
    lens: &str,
    phase: &Phase,
    deadline: u32,
    first_usable: Option<u32>,
) -> Diagnostic {
    let reaches = lenses::progression_steps(phase)
        .and_then(|mut steps| steps.find(|(_, step)| *step == lens))
        .map(|(session, _)| session);
    let in_progression = phase
        .progression
        .as_ref()
        .is_some_and(|p| p.lenses.iter().any(|step| step == lens));
    let by = if deadline == u32::MAX {
        String::new()
    } else {
        format!(" by session {deadline}")
    };
    let needs = format!("milestone `{}` needs lens `{lens}`{by}", milestone.id);
    // Where the deadline could move to: the first session of any phase that can use the lens.
    let move_deadline = match first_usable {
        Some(session) => format!("move the deadline to session {session} or later, or "),
        None => String::new(),
    };
    let (message, help) = match reaches {
        Some(session) => (
            format!(
                "{needs}, but phase `{}`'s progression first gives `{lens}` at session {session}",
                phase.id
            ),
            format!("{move_deadline}put `{lens}` earlier in the progression"),
        ),
        None if in_progression => (
            format!(
                "{needs}, but phase `{}` ends at session {} before its progression reaches `{lens}`",
                phase.id, phase.last_session
            ),
            format!("{move_deadline}put `{lens}` earlier in the progression"),
        ),
        None => (
            format!(
                "{needs}, but phase `{}`'s progression never gives `{lens}`",
                phase.id
            ),
            format!(
                "{move_deadline}add `{lens}` to the progression, or evidence the milestone with another lens"
            ),
        ),
    };
    let evidence_span = milestone.evidence_span.unwrap_or(milestone.span);
    let mut diagnostic = Diagnostic::new(
        &rules::EVIDENCE_UNREACHABLE,
        message,
        Label::new(evidence_span, "this evidence cannot be produced in time"),
    )
    .with_help(help);
    if let Some(progression) = &phase.progression {
        diagnostic = diagnostic.with_label(Label::new(
            progression.span,
            "sessions use these lenses in turn",
        ));
    }
    if let Some(due) = milestone.due_span {
        diagnostic = diagnostic.with_label(Label::new(due, "the deadline"));
    }
    diagnostic
}

fn last_phase_help(program: &Program, last: u32) -> Option<String> {
    program
        .phases
        .iter()
        .find(|p| p.last_session == last)
        .map(|p| {
            format!(
                "the last phase, `{}`, covers {}",
                p.id,
                words::session_range(p.first_session, p.last_session)
            )
        })
}

/// `review every N sessions`, `review at sessions …` and `agreement before session N` must fit
/// in the program.
pub(super) fn check_session_references(program: &Program, found: &mut Diagnostics) {
    let last = program.last_session();
    // A review every 0 sessions and an agreement before session 0 are `P007`; 0 never exceeds
    // `last`, so the conditions below leave them alone.
    match program.review.as_ref().map(|r| (r, &r.schedule)) {
        Some((review, ReviewSchedule::Every(every))) if last > 0 && *every > last => found.push(
            Diagnostic::new(
                &rules::SESSION_BEYOND_PROGRAM,
                format!(
                    "a review every {every} sessions never comes due: the program ends at session {last}"
                ),
                Label::new(review.span, "longer than the program"),
            )
            .with_help(format!("review at least every {last} sessions")),
        ),
        Some((_, ReviewSchedule::At { listed, .. })) if last > 0 => {
            for number in listed.iter().filter(|n| n.value > last) {
                found.push(
                    Diagnostic::new(
                        &rules::SESSION_BEYOND_PROGRAM,
                        format!(
                            "a review at session {} never happens: the program ends at session {last}",
                            number.value
                        ),
                        Label::new(number.span, format!("session {} never happens", number.value)),
                    )
                    .with_optional_help(last_phase_help(program, last)),
                );
            }
        }
        _ => {}
    }
    if let Some(agreement) = &program.agreement
        && last > 0
        && agreement.before_session > last
    {
        found.push(
            Diagnostic::new(
                &rules::SESSION_BEYOND_PROGRAM,
                format!(
                    "the agreement is due before session {}, but the program ends at session {last}",
                    agreement.before_session
                ),
                Label::new(
                    agreement.span,
                    format!("session {} never happens", agreement.before_session),
                ),
            )
            .with_optional_help(last_phase_help(program, last)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    #[test]
    fn deadlines_fall_inside_the_program() {
        check(
            &[("due by session 4", "due by session 9")],
            &[
                "P008 milestone `first-review` is due by session 9, but the program ends at session 4",
            ],
        );
        check(
            &[("due by session 4", "due by week 20")],
            &["P009 milestone `first-review` is due by week 20, but the program lasts 8 weeks"],
        );
    }

    #[test]
    fn reviews_and_the_agreement_fall_inside_the_program() {
        check(
            &[
                ("review every 2 sessions", "review every 9 sessions"),
                ("before session 2", "before session 9"),
            ],
            &[
                "P008 a review every 9 sessions never comes due: the program ends at session 4",
                "P008 the agreement is due before session 9, but the program ends at session 4",
            ],
        );
    }

    #[test]
    fn evidence_can_be_produced_before_the_deadline() {
        check(
            &[("due by session 4", "due by session 2")],
            &[
                "P013 milestone `first-review` needs lens `decision-review` by session 2, but no phase allows it that early",
            ],
        );
    }

    /// Observation first, then the review: the practice phase's sessions 3 and 4.
    const PROGRESSION: [(&str, &str); 3] = [
        (
            "    phase framing",
            "    lens observation \"Observation\" {\n        section \"Seen\" {\n            field saw \"What I saw\"\n        }\n    }\n\n    phase framing",
        ),
        (
            "lenses exactly 1 of decision-review",
            "lenses exactly 1 of observation, decision-review",
        ),
        (
            "    }\n\n    milestone",
            "        progression observation, decision-review\n    }\n\n    milestone",
        ),
    ];

    #[test]
    fn evidence_follows_the_progression() {
        // Session 3 is the observation: the review comes at session 4.
        let [lens, rule, progression] = PROGRESSION;
        check(
            &[
                lens,
                rule,
                progression,
                ("due by session 4", "due by session 3"),
            ],
            &[
                "P013 milestone `first-review` needs lens `decision-review` by session 3, but phase `practice`'s progression first gives `decision-review` at session 4",
            ],
        );
        check(&PROGRESSION, &[]);
        // A progression longer than its phase: the phase (sessions 3 and 4) ends first.
        check(
            &[
                lens,
                rule,
                (
                    "    }\n\n    milestone",
                    "        progression observation, observation, decision-review\n    }\n\n    milestone",
                ),
            ],
            &[
                "P013 milestone `first-review` needs lens `decision-review` by session 4, but phase `practice` ends at session 4 before its progression reaches `decision-review`",
            ],
        );
        // A review may fall on any session, and a review lens is used whatever the progression.
        check(
            &[
                lens,
                rule,
                progression,
                ("due by session 4", "due by session 3"),
                (
                    "review every 2 sessions",
                    "review every 2 sessions with lens decision-review",
                ),
            ],
            &[],
        );
        // Listed review sessions: the review lens counts from the first of them.
        let listed = |sessions: &str| {
            (
                "review every 2 sessions",
                format!("review at sessions {sessions} with lens decision-review"),
            )
        };
        let (from, to) = listed("3, 4");
        check(
            &[
                lens,
                rule,
                progression,
                ("due by session 4", "due by session 3"),
                (from, &to),
            ],
            &[],
        );
        let (from, to) = listed("4");
        check(
            &[
                lens,
                rule,
                progression,
                ("due by session 4", "due by session 3"),
                (from, &to),
            ],
            &[
                "P013 milestone `first-review` needs lens `decision-review` by session 3, but phase `practice`'s progression first gives `decision-review` at session 4",
            ],
        );
    }

    #[test]
    fn review_evidence_needs_a_listed_review_in_time() {
        let evidence = ("evidence lens decision-review", "evidence review");
        check(
            &[
                evidence,
                ("review every 2 sessions", "review at sessions 4"),
            ],
            &[],
        );
        check(
            &[
                evidence,
                ("review every 2 sessions", "review at sessions 4"),
                ("due by session 4", "due by session 3"),
            ],
            &[
                "P013 milestone `first-review` needs a review by session 3, but the first review is at session 4",
            ],
        );
        // With a rhythm a review may come at any session, sooner than the Nth.
        check(
            &[
                evidence,
                ("review every 2 sessions", "review every 4 sessions"),
                ("due by session 4", "due by session 3"),
            ],
            &[],
        );
    }

    #[test]
    fn listed_reviews_fall_inside_the_program() {
        check(
            &[("review every 2 sessions", "review at sessions 2, 5, 9")],
            &[
                "P008 a review at session 5 never happens: the program ends at session 4",
                "P008 a review at session 9 never happens: the program ends at session 4",
            ],
        );
    }

    #[test]
    fn a_milestone_is_time_bound_and_observable() {
        check(
            &[("        due by session 4\n", "")],
            &["P024 milestone `first-review` has no deadline: no pair can be late with it"],
        );
        check(
            &[("        evidence lens decision-review\n", "")],
            &["P024 milestone `first-review` asks for no evidence: any held session may claim it"],
        );
        check(
            &[(
                "        due by session 4\n        evidence lens decision-review\n",
                "",
            )],
            &[
                "P024 milestone `first-review` has no deadline and asks for no evidence: it is neither time-bound nor observable",
            ],
        );
    }
}
