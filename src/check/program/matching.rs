//! The `matching` block: P029 P030 P031 (a criterion that does not fit its attribute, an
//! attribute named like a column the tool reads itself; a requirement no pair can meet, given
//! the declared values; preferences that all weigh nothing). Its numbers are bounded with the
//! others in `numbers.rs`.

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::Program;
use crate::model::matching::{
    AttributeKind, Criterion, CriterionKind, Matching, RESERVED_COLUMNS, ValuesFrom,
};
use crate::rules;

pub(super) fn check_matching(program: &Program, found: &mut Diagnostics) {
    let Some(matching) = &program.matching else {
        return;
    };
    check_attributes(matching, found);
    for criterion in matching
        .requirements
        .iter()
        .chain(matching.preferences.iter().map(|p| &p.criterion))
    {
        check_fit(matching, criterion, found);
    }
    check_requirements(matching, found);
    check_weights(matching, found);
}

fn check_attributes(matching: &Matching, found: &mut Diagnostics) {
    for attribute in &matching.attributes {
        if RESERVED_COLUMNS.contains(&attribute.id.as_str()) {
            found.push(
                Diagnostic::new(
                    &rules::MATCHING_ATTRIBUTE_MISUSED,
                    format!("`{}` is a roster column the tool reads itself", attribute.id),
                    Label::new(attribute.span, "not an attribute name"),
                )
                .with_help("`id`, `role` and `capacity` are every roster's own columns; name the attribute otherwise"),
            );
        }
    }
    if let Some(capacity) = matching.capacity
        && capacity.value == 0
    {
        found.push(
            Diagnostic::new(
                &rules::REQUIREMENT_UNMEETABLE,
                "a capacity of 0 lets no mentor take a mentee",
                Label::new(capacity.span, "no mentee is ever matched"),
            )
            .with_help("write the number of mentees a mentor takes, such as `capacity 2`; a mentor who takes none is left out of the roster"),
        );
    }
}

/// P029: the criterion asks what its attribute's kind cannot answer.
fn check_fit(matching: &Matching, criterion: &Criterion, found: &mut Diagnostics) {
    let Some(attribute) = matching.attributes.get(criterion.attribute) else {
        return;
    };
    if criterion.kind.fits(&attribute.kind) {
        return;
    }
    found.push(
        Diagnostic::new(
            &rules::MATCHING_ATTRIBUTE_MISUSED,
            format!(
                "`{}` cannot be asked of `{}`, {} `{}` attribute",
                criterion.kind.words(),
                attribute.id,
                if attribute.kind.describe().starts_with('a') {
                    "an"
                } else {
                    "a"
                },
                attribute.kind.describe()
            ),
            Label::new(criterion.span, "does not fit the attribute"),
        )
        .with_label(Label::new(attribute.kind_span, "declared here"))
        .with_help(format!(
            "`{}` needs {}",
            criterion.kind.words(),
            criterion.kind.fitting_kinds()
        )),
    );
}

/// P030: a requirement the declared values make impossible, alone or with another
/// requirement on the same attribute.
fn check_requirements(matching: &Matching, found: &mut Diagnostics) {
    for (index, criterion) in matching.requirements.iter().enumerate() {
        let Some(attribute) = matching.attributes.get(criterion.attribute) else {
            continue;
        };
        if !criterion.kind.fits(&attribute.kind) {
            continue;
        }
        let why = match (&attribute.kind, criterion.kind) {
            (AttributeKind::Number { min, max }, CriterionKind::AtLeastAbove(by))
                if max.saturating_sub(*min) < i64::from(by) =>
            {
                Some(format!(
                    "`{}` runs from {min} to {max}: no mentor can be {by} above a mentee",
                    attribute.id
                ))
            }
            (AttributeKind::Number { min, max }, CriterionKind::Different) if min == max => {
                Some(format!("`{}` holds only the number {min}", attribute.id))
            }
            (AttributeKind::OneOf(values), CriterionKind::Different) if values.ids.len() < 2 => {
                Some(format!(
                    "`{}` has {} value, so no two people differ in it",
                    attribute.id,
                    if values.ids.is_empty() { "no" } else { "one" }
                ))
            }
            (AttributeKind::OneOf(values) | AttributeKind::AnyOf(values), _)
                if values.ids.is_empty() =>
            {
                Some(format!(
                    "`{}` takes its values from the program's {}, and the program has none",
                    attribute.id,
                    match values.from {
                        ValuesFrom::Tracks => "tracks",
                        ValuesFrom::Competencies => "competencies",
                        ValuesFrom::Listed => "list",
                    }
                ))
            }
            _ => None,
        };
        let contradicted = why
            .is_none()
            .then(|| contradiction(matching, index, criterion))
            .flatten();
        let (why, other_label) = match (why, contradicted) {
            (Some(why), _) => (Some(why), Label::new(attribute.kind_span, "declared here")),
            (None, Some(other)) => (
                Some(format!(
                    "cannot hold with `require {}`",
                    matching.describe(other)
                )),
                Label::new(other.span, "required here"),
            ),
            (None, None) => (None, Label::new(attribute.kind_span, "")),
        };
        if let Some(why) = why {
            found.push(
                Diagnostic::new(
                    &rules::REQUIREMENT_UNMEETABLE,
                    format!(
                        "no pair can meet `require {}`",
                        matching.describe(criterion)
                    ),
                    Label::new(criterion.span, why),
                )
                .with_label(other_label)
                .with_help("loosen the requirement or the attribute's values, or make it a preference (`prefer … weight N`)"),
            );
        }
    }
}

/// An earlier requirement on the same attribute with which this one leaves no pair: on a
/// `number`, the mentor-minus-mentee differences every requirement so far allows (an interval,
/// from the declared range, `at least N above`, `within N` and `same`, with `different` asking
/// for one that is not 0) become empty with this one; on a value, `same` with `different`.
/// Requirements already reported on their own are not counted.
fn contradiction<'m>(
    matching: &'m Matching,
    index: usize,
    criterion: &Criterion,
) -> Option<&'m Criterion> {
    let attribute = matching.attributes.get(criterion.attribute)?;
    let earlier: Vec<&Criterion> = matching.requirements[..index]
        .iter()
        .filter(|other| other.attribute == criterion.attribute && other.kind.fits(&attribute.kind))
        .collect();
    let AttributeKind::Number { min, max } = attribute.kind else {
        let clash = |a: CriterionKind, b: CriterionKind| {
            matches!(
                (a, b),
                (CriterionKind::Same, CriterionKind::Different)
                    | (CriterionKind::Different, CriterionKind::Same)
            )
        };
        return earlier
            .into_iter()
            .find(|other| clash(other.kind, criterion.kind));
    };
    let span = max.saturating_sub(min);
    let allows = |kinds: &[CriterionKind]| {
        let (mut low, mut high, mut not_zero) = (-span, span, false);
        for kind in kinds {
            match *kind {
                CriterionKind::AtLeastAbove(by) => low = low.max(i64::from(by)),
                CriterionKind::Within(by) => {
                    low = low.max(-i64::from(by));
                    high = high.min(i64::from(by));
                }
                CriterionKind::Same => {
                    low = low.max(0);
                    high = high.min(0);
                }
                CriterionKind::Different => not_zero = true,
                CriterionKind::Shared | CriterionKind::OutsideReportingLine => {}
            }
        }
        low <= high && !(not_zero && low == 0 && high == 0)
    };
    let mut kinds: Vec<CriterionKind> = earlier.iter().map(|other| other.kind).collect();
    if !allows(&kinds)
        || allows(&[criterion.kind]) && {
            kinds.push(criterion.kind);
            allows(&kinds)
        }
    {
        return None;
    }
    // The earliest requirement that, with this one, leaves no difference.
    earlier
        .iter()
        .find(|other| !allows(&[other.kind, criterion.kind]))
        .or(earlier.last())
        .copied()
}

fn check_weights(matching: &Matching, found: &mut Diagnostics) {
    if !matching.preferences.is_empty() && matching.preferences.iter().all(|p| p.weight == 0) {
        let mut diagnostic = Diagnostic::new(
            &rules::PREFERENCES_WEIGHTLESS,
            "every preference has weight 0, so no pair scores better than another",
            Label::new(matching.preferences[0].weight_span, "weight 0"),
        );
        for preference in &matching.preferences[1..] {
            diagnostic = diagnostic.with_label(Label::new(preference.weight_span, "weight 0"));
        }
        found.push(diagnostic.with_help(
            "give the preferences that matter a weight, or remove them to match by the requirements alone",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    /// The demo program with `block` as its `matching` block.
    fn with_matching(block: &str) -> (&'static str, String) {
        (
            "        evidence lens decision-review\n    }\n",
            format!(
                "        evidence lens decision-review\n    }}\n    matching {{\n{block}    }}\n"
            ),
        )
    }

    #[track_caller]
    fn check_block(block: &str, expect: &[&str]) {
        let (from, to) = with_matching(block);
        check(&[(from, &to)], expect);
    }

    const ATTRIBUTES: &str = "        attribute level \"Level\" number 1..8\n        attribute function \"Function\" one of engineering, product\n        attribute languages \"Languages\" any of english, french\n        attribute manager \"Manager\" person\n";

    #[test]
    fn a_sensible_block_passes() {
        check_block(
            &format!(
                "{ATTRIBUTES}        capacity 2\n        require level at least 2 above\n        require shared languages\n        require outside reporting line of manager\n        prefer different function weight 2\n        prefer level within 3 weight 1\n"
            ),
            &[],
        );
    }

    #[test]
    fn a_criterion_must_fit_its_attribute() {
        check_block(
            &format!(
                "{ATTRIBUTES}        require function at least 2 above\n        require shared level\n        prefer same languages weight 1\n        require outside reporting line of function\n"
            ),
            &[
                "P029 `at least 2 above` cannot be asked of `function`, a `one of` attribute",
                "P029 `shared` cannot be asked of `level`, a `number` attribute",
                "P029 `same` cannot be asked of `languages`, an `any of` attribute",
                "P029 `outside reporting line of` cannot be asked of `function`, a `one of` attribute",
            ],
        );
    }

    #[test]
    fn requirements_no_pair_can_meet() {
        check_block(
            "        attribute level \"Level\" number 1..5\n        attribute alone \"Alone\" one of only\n        attribute track \"Track\" one of tracks\n        capacity 0\n        require level at least 5 above\n        require different alone\n        require shared track\n        require same level\n        require level at least 1 above\n",
            &[
                "P030 a capacity of 0 lets no mentor take a mentee",
                "P030 no pair can meet `require level at least 5 above`",
                "P030 no pair can meet `require different alone`",
                "P030 no pair can meet `require shared track`",
            ],
        );
    }

    /// Requirements on one number that leave no difference between mentor and mentee, reported
    /// at the one that empties it; a value's `same` with its `different`.
    #[test]
    fn requirements_that_contradict_each_other() {
        for (pair, expect) in [
            (
                "require level within 0\n        require level at least 1 above\n",
                "P030 no pair can meet `require level at least 1 above`",
            ),
            (
                "require level within 1\n        require level at least 2 above\n",
                "P030 no pair can meet `require level at least 2 above`",
            ),
            (
                "require level within 0\n        require different level\n",
                "P030 no pair can meet `require different level`",
            ),
            (
                "require same level\n        require level at least 1 above\n",
                "P030 no pair can meet `require level at least 1 above`",
            ),
            (
                "require different function\n        require same function\n",
                "P030 no pair can meet `require same function`",
            ),
        ] {
            check_block(&format!("{ATTRIBUTES}        {pair}"), &[expect]);
        }
        // What can hold together is not reported.
        check_block(
            &format!(
                "{ATTRIBUTES}        require level within 3\n        require level at least 2 above\n        require different level\n"
            ),
            &[],
        );
    }

    #[test]
    fn weights_all_zero_and_weights_too_large() {
        check_block(
            &format!(
                "{ATTRIBUTES}        prefer shared languages weight 0\n        prefer different function weight 0\n"
            ),
            &["P031 every preference has weight 0, so no pair scores better than another"],
        );
        check_block(
            &format!("{ATTRIBUTES}        prefer shared languages weight 1001\n"),
            &["P025 a weight of 1001 is beyond any use: weights go up to 1000"],
        );
    }

    #[test]
    fn names_ranges_and_references() {
        check_block(
            "        attribute role \"Role\" one of a, b\n        attribute tz \"TZ\" number 5..-3\n        attribute tz \"Again\" person\n        attribute colour \"Colour\" one of red, red\n        require shared langauges\n",
            &[
                "P029 `role` is a roster column the tool reads itself",
                "P007 attribute `tz` allows no number: 5 comes after -3",
                "P001 `tz` is already an attribute",
                "P001 `red` is already a value",
                "P002 unknown attribute `langauges`",
            ],
        );
        // A criterion stated twice would count twice.
        check_block(
            &format!(
                "{ATTRIBUTES}        require shared languages\n        require shared languages\n        prefer different function weight 1\n        prefer different function weight 2\n"
            ),
            &[
                "P001 `shared languages` is already a requirement",
                "P001 `different function` is already a preference",
            ],
        );
    }
}
