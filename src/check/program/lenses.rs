//! `P010` (lens-never-allowed), `P011` (lens-choice-too-small) and `P019`
//! (progression-lens-not-allowed): every lens can be used, and every phase's lens rule and
//! progression can be followed. Also where each lens first becomes usable, which milestone
//! evidence (`P013`) reads as well.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{LensRule, Phase, Program, ReviewSchedule};
use crate::rules;

use super::numbers;

/// The first session at which each lens is allowed, and the first at which a session can use
/// it, computed once: checking every milestone and lens against every phase is quadratic, and
/// generated programs have thousands of each.
pub(super) struct LensAvailability<'p> {
    /// By the phases' lens rules alone.
    allowed: FirstSessions<'p>,
    /// By the lens rules and the progressions: a session of a phase with a progression uses
    /// the progression's lens for it (a review may use the review lens on any session).
    usable: FirstSessions<'p>,
}

#[derive(Default)]
struct FirstSessions<'p> {
    by_lens: HashMap<&'p str, u32>,
    /// The first session of a phase without a lens rule (any lens allowed).
    any_lens_from: Option<u32>,
}

impl<'p> FirstSessions<'p> {
    fn lens(&mut self, lens: &'p str, session: u32) {
        let entry = self.by_lens.entry(lens).or_insert(session);
        *entry = (*entry).min(session);
    }

    fn rule(&mut self, rule: &'p LensRule, first: u32) {
        match rule {
            LensRule::Unrestricted => {
                self.any_lens_from = Some(self.any_lens_from.map_or(first, |u| u.min(first)));
            }
            LensRule::None => {}
            // Every lens listed is allowed unless the rule admits none (`allows` per lens
            // would rescan the list for each of its lenses).
            LensRule::Choose { count, of } if count.max() != Some(0) => {
                for lens in of {
                    self.lens(lens, first);
                }
            }
            LensRule::Choose { .. } => {}
        }
    }

    fn first(&self, lens: &str) -> Option<u32> {
        let chosen = self.by_lens.get(lens).copied();
        match (chosen, self.any_lens_from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

impl<'p> LensAvailability<'p> {
    pub(super) fn new(program: &'p Program) -> LensAvailability<'p> {
        let mut allowed = FirstSessions::default();
        let mut usable = FirstSessions::default();
        for phase in &program.phases {
            allowed.rule(&phase.lens_rule, phase.first_session);
            match progression_steps(phase) {
                Some(steps) => {
                    for (session, lens) in steps {
                        if phase.lens_rule.allows(lens) {
                            usable.lens(lens, session);
                        }
                    }
                }
                None => usable.rule(&phase.lens_rule, phase.first_session),
            }
        }
        // A review uses its lens whatever the phase allows. With `review every N sessions` a
        // review may fall on any session; with `review at sessions …`, from the first listed.
        if let Some(review) = &program.review
            && let Some(lens) = review.lens.as_deref()
        {
            let first = match &review.schedule {
                ReviewSchedule::Every(_) => Some(1),
                ReviewSchedule::At { .. } => review.first_planned(),
            };
            if let Some(first) = first {
                allowed.lens(lens, first);
                usable.lens(lens, first);
            }
        }
        LensAvailability { allowed, usable }
    }

    /// The first session whose phase allows `lens`, if any does.
    pub(super) fn first_session(&self, lens: &str) -> Option<u32> {
        self.allowed.first(lens)
    }

    /// The first session that can use `lens`: allowed by its phase, and its progression's lens
    /// for that session when the phase has one.
    pub(super) fn first_usable(&self, lens: &str) -> Option<u32> {
        self.usable.first(lens)
    }
}

/// The sessions of a phase with a progression and the lens the progression gives each, first
/// round only (later rounds repeat it); `None` for a phase without one.
pub(super) fn progression_steps(phase: &Phase) -> Option<impl Iterator<Item = (u32, &str)>> {
    let progression = phase
        .progression
        .as_ref()
        .filter(|p| !p.lenses.is_empty())?;
    Some(
        (phase.first_session..=phase.last_session)
            .zip(progression.lenses.iter().map(String::as_str)),
    )
}

pub(super) fn check_lenses_allowed(
    program: &Program,
    availability: &LensAvailability<'_>,
    found: &mut Diagnostics,
) {
    for lens in program.lenses.iter().filter(|l| !l.imported) {
        if !program.phases.is_empty() && availability.first_session(&lens.id).is_none() {
            found.push(
                Diagnostic::new(
                    &rules::LENS_NEVER_ALLOWED,
                    format!("lens `{}` is allowed in no phase", lens.id),
                    Label::new(lens.span, "never usable"),
                )
                .with_help(format!(
                    "name `{}` in a phase's `lenses` line, or remove the lens",
                    lens.id
                )),
            );
        }
    }
}

pub(super) fn check_lens_rules(program: &Program, found: &mut Diagnostics) {
    for phase in &program.phases {
        if let LensRule::Choose { count, of } = &phase.lens_rule {
            if numbers::lens_choice_is_empty(&phase.lens_rule) {
                // `P007`: the rule admits no lens, so how many it lists is beside the point
                check_progression(phase, found);
                continue;
            }
            let mut distinct: Vec<&String> = of.iter().collect();
            distinct.sort();
            distinct.dedup();
            let available = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
            if !of.is_empty() && available < count.min() {
                found.push(
                    Diagnostic::new(
                        &rules::LENS_CHOICE_TOO_SMALL,
                        format!(
                            "phase `{}` asks for {} of {} {}",
                            phase.id,
                            count.describe(),
                            available,
                            if available == 1 { "lens" } else { "lenses" }
                        ),
                        Label::new(phase.lens_rule_span, "not enough lenses to choose from"),
                    )
                    .with_help("list more lenses, or ask for fewer"),
                );
            }
        }
        check_progression(phase, found);
    }
}

fn check_progression(phase: &Phase, found: &mut Diagnostics) {
    let Some(progression) = &phase.progression else {
        return;
    };
    let one_lens_allowed = match &phase.lens_rule {
        LensRule::Unrestricted => true,
        LensRule::None => false,
        LensRule::Choose { count, .. } => count.admits(1),
    };
    if !one_lens_allowed {
        found.push(
            Diagnostic::new(
                &rules::PROGRESSION_LENS_NOT_ALLOWED,
                format!(
                    "phase `{}` has a progression, but its lens rule does not allow one lens per session",
                    phase.id
                ),
                Label::new(progression.span, "one lens per session"),
            )
            .with_label(Label::new(phase.lens_rule_span, "the phase's lens rule"))
            .with_help("a progression needs a rule such as `lenses exactly 1 of …`"),
        );
        return;
    }
    for lens in &progression.lenses {
        if !phase.lens_rule.allows(lens) {
            found.push(
                Diagnostic::new(
                    &rules::PROGRESSION_LENS_NOT_ALLOWED,
                    format!(
                        "the progression of phase `{}` uses lens `{lens}`, which the phase does not allow",
                        phase.id
                    ),
                    Label::new(progression.span, format!("`{lens}` is not allowed here")),
                )
                .with_label(Label::new(phase.lens_rule_span, "the phase's lens rule"))
                .with_help(format!("add `{lens}` to the phase's `lenses` line")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    #[test]
    fn every_lens_is_allowed_somewhere() {
        check(
            &[
                ("exactly 1 of decision-review", "none"),
                ("evidence lens decision-review", "evidence review"),
            ],
            &["P010 lens `decision-review` is allowed in no phase"],
        );
    }

    #[test]
    fn a_lens_rule_has_enough_lenses_to_choose_from() {
        check(
            &[(
                "exactly 1 of decision-review",
                "exactly 3 of decision-review",
            )],
            &["P011 phase `practice` asks for exactly 3 of 1 lens"],
        );
    }

    #[test]
    fn a_progression_uses_one_allowed_lens_per_session() {
        check(
            &[(
                "lenses none\n",
                "lenses none\n        progression decision-review\n",
            )],
            &[
                "P019 phase `framing` has a progression, but its lens rule does not allow one lens per session",
            ],
        );
        check(
            &[(
                "exactly 1 of decision-review\n",
                "exactly 1 of decision-review\n        progression decision-review\n",
            )],
            &[],
        );
    }
}
