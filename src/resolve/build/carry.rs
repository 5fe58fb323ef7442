//! Phase rules that carry forward: `new-problems forbidden from here on` holds in its phase and
//! in every later one, until a later phase states a `new-problems` line of its own. Each phase
//! of the model then holds the rule in force there, with the phase that states it, so a log
//! finding can point at that line. A later phase restating the rule in force is `P027`.

use super::Builder;
use crate::diagnostic::{Diagnostic, Label};
use crate::model;
use crate::rules;

impl Builder<'_> {
    /// Gives each phase (sorted by sessions) the new-problems rule in force there.
    pub(super) fn carry_new_problems(&mut self, phases: &mut [model::Phase]) {
        let mut carried: Option<model::NewProblems> = None;
        for phase in phases.iter_mut() {
            let Some(own) = phase.new_problems.take() else {
                phase.new_problems = carried.clone();
                continue;
            };
            match carried.take() {
                // The same rule again: said already, and removing the line changes nothing
                // (the rule carries on, whether or not this line says `from here on`).
                Some(rule) if rule.allowed == own.allowed => {
                    self.diagnostics.push(restated(&own, &rule));
                    phase.new_problems = Some(rule.clone());
                    carried = Some(rule);
                }
                // A rule of its own ends the carried one; it carries on only if it says so.
                _ => {
                    carried = own.onward.then(|| own.clone());
                    phase.new_problems = Some(own);
                }
            }
        }
    }
}

fn restated(own: &model::NewProblems, rule: &model::NewProblems) -> Diagnostic {
    let what = if rule.allowed { "allowed" } else { "forbidden" };
    Diagnostic::new(
        &rules::REDUNDANT_PHASE_RULE,
        format!(
            "phase `{}` repeats `new-problems {what}`: it holds from phase `{}` on",
            own.stated_in, rule.stated_in
        ),
        Label::new(own.span, "already in force"),
    )
    .with_label(Label::new(
        rule.span,
        format!("stated from phase `{}` on", rule.stated_in),
    ))
    .with_help("remove this line: the rule carries on into this phase")
}
