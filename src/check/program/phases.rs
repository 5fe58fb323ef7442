//! `P004` (phase-overlap), `P005` (phase-gap), `P006` (phase-not-starting-at-one) and `P015`
//! (missing-program: a program without phases): every session from 1 to the program's end
//! belongs to exactly one phase, since a log's session is checked against its phase.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{Phase, Program};
use crate::rules;
use crate::words;

use super::numbers;

/// "session 3 belongs" / "sessions 3..4 belong".
fn belong_text(first: u32, last: u32) -> String {
    let verb = if first == last { "belongs" } else { "belong" };
    format!("{} {verb}", words::session_range(first, last))
}

pub(super) fn check_phases(program: &Program, check_coverage: bool, found: &mut Diagnostics) {
    if program.phases.is_empty() {
        found.push(
            Diagnostic::new(
                &rules::MISSING_PROGRAM,
                format!("program `{}` has no phase", program.id),
                Label::new(program.span, "no phase in this program"),
            )
            .with_help("add at least one `phase id \"Title\" sessions 1..N { … }`"),
        );
        return;
    }
    let valid: Vec<&Phase> = program
        .phases
        .iter()
        .filter(|phase| !numbers::phase_range_is_empty(phase))
        .collect();
    let Some(first) = valid.first() else {
        return;
    };
    // A phase with an empty range is reported as `P007`; the sessions it was meant to cover
    // would otherwise show up again as "not starting at 1" or as a gap.
    let check_coverage = check_coverage && valid.len() == program.phases.len();
    if check_coverage && first.first_session != 1 {
        found.push(
            Diagnostic::new(
                &rules::PHASE_NOT_STARTING_AT_ONE,
                format!(
                    "the first phase, `{}`, starts at session {}",
                    first.id, first.first_session
                ),
                Label::new(
                    first.range_span,
                    format!(
                        "{} belong to no phase",
                        words::session_range(1, first.first_session - 1)
                    ),
                ),
            )
            .with_help("held sessions are numbered from 1; start the first phase there"),
        );
    }
    // Phases are sorted by first session, so only neighbours can overlap or leave a gap first;
    // `reach` tracks the furthest session covered so far for phases nested inside others.
    let mut reach: &Phase = first;
    for phase in valid.iter().skip(1) {
        if phase.first_session <= reach.last_session {
            let shared_last = phase.last_session.min(reach.last_session);
            found.push(
                Diagnostic::new(
                    &rules::PHASE_OVERLAP,
                    format!(
                        "phase `{}` ({}) overlaps phase `{}` ({})",
                        phase.id,
                        words::session_range(phase.first_session, phase.last_session),
                        reach.id,
                        words::session_range(reach.first_session, reach.last_session)
                    ),
                    Label::new(
                        phase.range_span,
                        format!(
                            "{} also in `{}`",
                            words::session_range(phase.first_session, shared_last),
                            reach.id
                        ),
                    ),
                )
                .with_label(Label::new(
                    reach.range_span,
                    format!("`{}` is here", reach.id),
                ))
                .with_help(format!(
                    "start `{}` at session {}",
                    phase.id,
                    reach.last_session.saturating_add(1)
                )),
            );
        } else if check_coverage && phase.first_session > reach.last_session.saturating_add(1) {
            found.push(
                Diagnostic::new(
                    &rules::PHASE_GAP,
                    format!(
                        "{} to no phase: `{}` ends at session {} and `{}` starts at session {}",
                        belong_text(
                            reach.last_session.saturating_add(1),
                            phase.first_session - 1
                        ),
                        reach.id,
                        reach.last_session,
                        phase.id,
                        phase.first_session
                    ),
                    Label::new(phase.range_span, "the gap ends here"),
                )
                .with_label(Label::new(
                    reach.range_span,
                    "the gap starts after this phase",
                ))
                .with_help(format!(
                    "start `{}` at session {}, or add a phase for the missing sessions",
                    phase.id,
                    reach.last_session.saturating_add(1)
                )),
            );
        }
        if phase.last_session > reach.last_session {
            reach = phase;
        }
    }
    if let Some(length) = &program.length
        && check_coverage
        && length.max_sessions > reach.last_session
        && length.min_sessions <= length.max_sessions
    {
        found.push(
            Diagnostic::new(
                &rules::PHASE_GAP,
                format!(
                    "{} to no phase: the program has up to {} sessions but the last phase, `{}`, ends at session {}",
                    belong_text(reach.last_session.saturating_add(1), length.max_sessions),
                    length.max_sessions,
                    reach.id,
                    reach.last_session
                ),
                Label::new(reach.range_span, "the last phase ends here"),
            )
            .with_label(Label::new(length.span, "the program's length"))
            .with_help(format!(
                "extend `{}` to session {}, or shorten the program",
                reach.id, length.max_sessions
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    #[test]
    fn phases_that_share_a_session_overlap() {
        check(
            &[("sessions 1..2", "sessions 1..3")],
            &["P004 phase `practice` (sessions 3..4) overlaps phase `framing` (sessions 1..3)"],
        );
    }

    #[test]
    fn sessions_between_phases_or_after_the_last_belong_to_none() {
        check(
            &[
                ("length 4 sessions", "length 6 sessions"),
                ("sessions 3..4", "sessions 4..5"),
            ],
            &[
                "P005 session 3 belongs to no phase: `framing` ends at session 2 and `practice` starts at session 4",
                "P005 session 6 belongs to no phase: the program has up to 6 sessions but the last phase, `practice`, ends at session 5",
            ],
        );
    }

    #[test]
    fn the_first_phase_starts_at_session_1() {
        check(
            &[("sessions 1..2", "sessions 2..2")],
            &["P006 the first phase, `framing`, starts at session 2"],
        );
    }

    #[test]
    fn a_program_needs_a_phase() {
        check(
            &[
                (
                    "    phase framing \"Framing\" sessions 1..2 {\n        lenses none\n    }\n",
                    "",
                ),
                (
                    "    phase practice \"Practice\" sessions 3..4 {\n        lenses exactly 1 of decision-review\n    }\n",
                    "",
                ),
                ("evidence lens decision-review", "evidence review"),
            ],
            &["P015 program `demo` has no phase"],
        );
    }
}
