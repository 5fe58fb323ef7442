//! Expected findings against found ones, counted: each expected finding is matched by one found
//! finding of the same rule on the same line, and what is left over on either side is a
//! difference.

use super::Finding;

/// What is left once every expected finding is matched by a found one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Expected and not found, sorted by line and code.
    pub missing: Vec<Finding>,
    /// Found and not expected, sorted by line and code.
    pub unexpected: Vec<Finding>,
}

/// The first difference, as a designer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difference {
    /// An expected finding, and a finding of the same rule on another line.
    Moved { expected: Finding, got: Finding },
    /// An expected finding, and no finding of its rule left over anywhere.
    Missing(Finding),
    /// A finding nobody expected, and no expected finding of its rule left over.
    Unexpected(Finding),
}

impl Difference {
    /// How many of the comparison's differences this one names: two for a moved finding.
    pub fn differences_named(self) -> usize {
        match self {
            Difference::Moved { .. } => 2,
            Difference::Missing(_) | Difference::Unexpected(_) => 1,
        }
    }
}

/// Matches `expected` with `found`, both in any order.
pub fn compare(expected: &[Finding], found: &[Finding]) -> Comparison {
    let mut expected = expected.to_vec();
    let mut found = found.to_vec();
    expected.sort();
    found.sort();
    let mut comparison = Comparison::default();
    let (mut e, mut f) = (0, 0);
    while e < expected.len() || f < found.len() {
        match (expected.get(e), found.get(f)) {
            (Some(a), Some(b)) if a == b => {
                e += 1;
                f += 1;
            }
            (Some(a), Some(b)) if a < b => {
                comparison.missing.push(*a);
                e += 1;
            }
            (Some(a), None) => {
                comparison.missing.push(*a);
                e += 1;
            }
            (_, Some(b)) => {
                comparison.unexpected.push(*b);
                f += 1;
            }
            (None, None) => break,
        }
    }
    comparison
}

impl Comparison {
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.unexpected.is_empty()
    }

    /// Every difference, counted one by one.
    pub fn differences(&self) -> usize {
        self.missing.len() + self.unexpected.len()
    }

    /// The difference on the earliest line (a missing finding before an unexpected one on the
    /// same line and code), paired with the leftover finding of the same rule on the nearest
    /// line, if there is one: "expected L014 at line 42, got L014 at line 41".
    pub fn first_difference(&self) -> Option<Difference> {
        let missing_first = match (self.missing.first(), self.unexpected.first()) {
            (Some(missing), Some(unexpected)) => missing <= unexpected,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let nearest = |list: &[Finding], to: &Finding| {
            list.iter()
                .filter(|f| f.rule.code == to.rule.code)
                .min_by_key(|f| (f.line.abs_diff(to.line), f.line))
                .copied()
        };
        if missing_first {
            let missing = *self.missing.first()?;
            Some(match nearest(&self.unexpected, &missing) {
                Some(got) => Difference::Moved {
                    expected: missing,
                    got,
                },
                None => Difference::Missing(missing),
            })
        } else {
            let unexpected = *self.unexpected.first()?;
            Some(match nearest(&self.missing, &unexpected) {
                Some(expected) => Difference::Moved {
                    expected,
                    got: unexpected,
                },
                None => Difference::Unexpected(unexpected),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expectations::test_finding as finding;

    #[test]
    fn findings_are_matched_one_for_one() {
        let expected = [finding("L014", 3), finding("L014", 3), finding("L019", 5)];
        let found = [finding("L019", 5), finding("L014", 3), finding("L024", 5)];
        let comparison = compare(&expected, &found);
        assert_eq!(comparison.missing, [finding("L014", 3)]);
        assert_eq!(comparison.unexpected, [finding("L024", 5)]);
        assert!(!comparison.passed());
        assert_eq!(comparison.differences(), 2);
        assert!(compare(&found, &found).passed());
    }

    #[test]
    fn a_finding_on_another_line_is_paired_with_the_expected_one() {
        let comparison = compare(&[finding("L014", 42)], &[finding("L014", 41)]);
        assert_eq!(
            comparison.first_difference(),
            Some(Difference::Moved {
                expected: finding("L014", 42),
                got: finding("L014", 41)
            })
        );
    }

    #[test]
    fn the_earliest_line_comes_first_and_other_rules_are_not_paired() {
        let comparison = compare(
            &[finding("L014", 42)],
            &[finding("L019", 12), finding("L014", 50)],
        );
        assert_eq!(
            comparison.first_difference(),
            Some(Difference::Unexpected(finding("L019", 12)))
        );
        let comparison = compare(&[finding("L014", 42), finding("L023", 7)], &[]);
        assert_eq!(
            comparison.first_difference(),
            Some(Difference::Missing(finding("L023", 7)))
        );
        assert_eq!(compare(&[], &[]).first_difference(), None);
    }

    #[test]
    fn the_nearest_leftover_of_the_rule_is_the_pair() {
        let comparison = compare(
            &[finding("L014", 10)],
            &[finding("L014", 30), finding("L014", 12)],
        );
        assert_eq!(
            comparison.first_difference(),
            Some(Difference::Moved {
                expected: finding("L014", 10),
                got: finding("L014", 12)
            })
        );
    }
}
