//! Program checks: the rules that make a program impossible or contradictory before any cohort
//! starts. Names were resolved earlier (`resolve`); these checks read the model only.
//!
//! One file per family of codes, each naming the codes it owns:
//! - `numbers`: P007 P025 P026 (no range or count empty or zero, no number beyond any program,
//!   listed sessions in order; a matching block's ranges, weights and capacity too)
//! - `phases`: P004 P005 P006 P015 (sessions covered by exactly one phase, from 1)
//! - `rhythm`: P012 P014 P023 (length, cadence, session minutes and commitment agree)
//! - `milestones`: P008 P009 P013 P024 (every deadline, review and agreement can be met)
//! - `lenses`: P010 P011 P019 (every lens usable, every lens rule satisfiable)
//! - `competencies`: P020 (every competency measured, on every track)
//! - `matching`: P029 P030 P031 (every criterion fits its attribute and can be met;
//!   preferences weigh something)
//!
//! P001 P002 P003 P016 P017 P018 P021 P022 P027 P028 are found while resolving (`resolve`); this module
//! reads P001 and P002 only to know whether every reference resolved.

use crate::diagnostic::Diagnostics;
use crate::model::Program;
use crate::resolve::Loaded;
use crate::rules;

mod competencies;
mod lenses;
pub(crate) mod matching;
mod milestones;
mod numbers;
mod phases;
mod rhythm;

use lenses::LensAvailability;

/// The program checks for what `resolve` loaded; `first_new` is the index of the first
/// diagnostic the load pushed. Returns the program, if the file held one.
///
/// The checks are skipped when the file has syntax errors: items that could not be read are
/// missing from the model, and checking what is left would report false gaps and overlaps.
/// `mentor check` and the language server both come through here, so they always agree.
pub(crate) fn check_loaded(
    loaded: Loaded,
    first_new: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Program> {
    let Loaded::Program(program) = loaded else {
        return None;
    };
    let new = || diagnostics.rules_since(first_new);
    if !new().any(|rule| rule.stage == rules::Stage::Syntax) {
        let references_resolved =
            !new().any(|rule| rule == &rules::UNKNOWN_REFERENCE || rule == &rules::DUPLICATE_ID);
        check_program(&program, references_resolved, diagnostics);
    }
    Some(*program)
}

/// Runs every program check, honouring the program's `severity` lines.
///
/// `references_resolved` says whether resolution found every id and no duplicate. When it did
/// not, the model lacks what was misspelled or dropped, and the checks that look for something
/// absent (a phase covering a session, a lens ever allowed, evidence that can be produced, a
/// milestone for a competency) are skipped: the cause is already reported, and a "gap" that is
/// only a dropped duplicate phase would be noise.
pub(crate) fn check_program(
    program: &Program,
    references_resolved: bool,
    diagnostics: &mut Diagnostics,
) {
    let mut found = Diagnostics::new();
    numbers::check_plan_numbers(program, &mut found);
    numbers::check_empty_ranges(program, &mut found);
    numbers::check_matching_numbers(program, &mut found);
    phases::check_phases(program, references_resolved, &mut found);
    rhythm::check_length(program, &mut found);
    rhythm::check_cadence(program, &mut found);
    rhythm::check_session_minutes(program, &mut found);
    rhythm::check_commitment(program, &mut found);
    let availability = LensAvailability::new(program);
    milestones::check_milestones(program, &availability, references_resolved, &mut found);
    if references_resolved {
        lenses::check_lenses_allowed(program, &availability, &mut found);
    }
    lenses::check_lens_rules(program, &mut found);
    milestones::check_session_references(program, &mut found);
    if references_resolved {
        competencies::check_competencies(program, &mut found);
    }
    matching::check_matching(program, &mut found);
    for diagnostic in found {
        diagnostics.push_with(program, diagnostic);
    }
}

#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::check;

    #[test]
    fn the_reference_program_passes_every_check() {
        check(&[], &[]);
    }

    /// `new-problems forbidden from here on` carries into the later phases; saying it again
    /// there is `P027`, whether or not the repeat says `from here on`.
    #[test]
    fn a_rule_carried_forward_is_not_restated() {
        let from_framing = (
            "    phase framing \"Framing\" sessions 1..2 {\n        lenses none\n",
            "    phase framing \"Framing\" sessions 1..2 {\n        lenses none\n        new-problems forbidden from here on\n",
        );
        check(&[from_framing], &[]);
        for restated in [
            "new-problems forbidden",
            "new-problems forbidden from here on",
        ] {
            check(
                &[
                    from_framing,
                    (
                        "        lenses exactly 1 of decision-review\n",
                        &format!(
                            "        lenses exactly 1 of decision-review\n        {restated}\n"
                        ),
                    ),
                ],
                &[
                    "P027 phase `practice` repeats `new-problems forbidden`: it holds from phase `framing` on",
                ],
            );
        }
        check(
            &[
                from_framing,
                (
                    "        lenses exactly 1 of decision-review\n",
                    "        lenses exactly 1 of decision-review\n        new-problems allowed\n",
                ),
            ],
            &[],
        );
    }

    /// The new forms left unfinished are their own item's mistake, told at the place.
    #[test]
    fn unfinished_new_forms_are_reported_where_they_stop() {
        check(
            &[("review every 2 sessions", "review at sessions 2,")],
            &["S001 expected a number, found the end of the line"],
        );
        check(
            &[(
                "        lenses exactly 1 of decision-review\n",
                "        lenses exactly 1 of decision-review\n        new-problems forbidden from here\n",
            )],
            &["S001 expected `on`, found the end of the line"],
        );
        check(
            &[(
                "agreement before session 2",
                "agreement before session 2 {\n        feild time \"Time\"\n    }",
            )],
            &["S002 unknown item `feild` in an `agreement` block"],
        );
    }

    #[test]
    fn a_syntax_error_skips_the_program_checks() {
        // The phase starting at 0 would be `P007`, but the file could not be read whole.
        check(
            &[
                ("sessions 1..2", "sessions 0..2"),
                ("cadence every 1 week", "cadence evry 1 week"),
            ],
            &["S001 expected `every` or `gap`, found `evry`"],
        );
    }

    #[test]
    fn an_unresolved_reference_skips_the_checks_for_what_is_absent() {
        // Without the misspelling, `decision-review` is allowed nowhere (`P010`) and the
        // milestone's evidence cannot be produced (`P013`); both follow from the typo.
        check(
            &[(
                "exactly 1 of decision-review",
                "exactly 1 of decision-reveiw",
            )],
            &["P002 unknown lens `decision-reveiw`"],
        );
    }
}
