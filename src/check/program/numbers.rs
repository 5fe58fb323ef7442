//! `P025` (number-too-large): the numbers a plan is built from stay within what any program
//! can use, so the date arithmetic downstream never meets an absurd one.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{PlanNumber, PlanUnit, Program};
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
