//! What a criterion says of one mentee and one mentor: whether a requirement holds, and how
//! many points a preference gives. The match reads these for every pair of the roster, and the
//! explanation of a pair reads the same functions, so the breakdown always adds up to the score
//! the assignment maximised.

use std::collections::HashMap;

use super::roster::{AttributeValue, Person, Roster};
use crate::model::matching::{CriterionKind, Matching};

/// Whom each person reports to, up the line, for `outside reporting line of` criteria: one
/// table per `person` attribute a criterion reads.
pub(crate) struct ReportingLines {
    /// By attribute index: each person's chain of managers found in the roster, as ids.
    lines: HashMap<usize, HashMap<String, Vec<String>>>,
}

impl ReportingLines {
    pub(crate) fn new(matching: &Matching, roster: &Roster) -> ReportingLines {
        let mut lines = HashMap::new();
        let attributes = matching
            .requirements
            .iter()
            .chain(matching.preferences.iter().map(|p| &p.criterion))
            .filter(|c| c.kind == CriterionKind::OutsideReportingLine)
            .map(|c| c.attribute);
        for attribute in attributes {
            if lines.contains_key(&attribute) {
                continue;
            }
            let manager_of: HashMap<&str, &str> = roster
                .mentees
                .iter()
                .chain(&roster.mentors)
                .filter_map(|person| match person.values.get(attribute) {
                    Some(AttributeValue::Person(manager)) => {
                        Some((person.id.as_str(), manager.as_str()))
                    }
                    _ => None,
                })
                .collect();
            let chains = manager_of
                .keys()
                .map(|&id| {
                    // Up the line while the manager's own manager is known; a cycle (a data
                    // mistake) ends the walk where it closes.
                    let mut chain: Vec<String> = Vec::new();
                    let mut at = id;
                    while let Some(&manager) = manager_of.get(at) {
                        if manager == id || chain.iter().any(|c| c == manager) {
                            break;
                        }
                        chain.push(manager.to_owned());
                        at = manager;
                    }
                    (id.to_owned(), chain)
                })
                .collect();
            lines.insert(attribute, chains);
        }
        ReportingLines { lines }
    }

    /// Whether one of the two is above the other in the line that `attribute` records.
    fn in_line(&self, attribute: usize, a: &str, b: &str) -> bool {
        let Some(chains) = self.lines.get(&attribute) else {
            return false;
        };
        let above = |x: &str, y: &str| {
            chains
                .get(x)
                .is_some_and(|chain| chain.iter().any(|m| m == y))
        };
        above(a, b) || above(b, a)
    }
}

/// How far a mentee and a mentor meet `kind` on attribute `attribute`: `None` when either value
/// is missing (the criterion cannot be judged), else a count — the values they share for
/// `shared`, 1 or 0 for the others.
pub(crate) fn criterion_count(
    kind: CriterionKind,
    attribute: usize,
    mentee: &Person,
    mentor: &Person,
    lines: &ReportingLines,
) -> Option<u32> {
    if kind == CriterionKind::OutsideReportingLine {
        // Who reports to whom is read from the whole roster; a person with no manager given
        // is in nobody's line below them.
        return Some(u32::from(!lines.in_line(attribute, &mentee.id, &mentor.id)));
    }
    let (a, b) = (mentee.values.get(attribute)?, mentor.values.get(attribute)?);
    let met = |holds: bool| Some(u32::from(holds));
    match (kind, a, b) {
        (_, AttributeValue::Missing, _) | (_, _, AttributeValue::Missing) => None,
        (CriterionKind::Shared, AttributeValue::Set(x), AttributeValue::Set(y)) => {
            Some(x.shared(y))
        }
        (
            CriterionKind::Shared | CriterionKind::Same,
            AttributeValue::One(x),
            AttributeValue::One(y),
        ) => met(x == y),
        (CriterionKind::Different, AttributeValue::One(x), AttributeValue::One(y)) => met(x != y),
        (CriterionKind::Same, AttributeValue::Number(x), AttributeValue::Number(y)) => met(x == y),
        (CriterionKind::Different, AttributeValue::Number(x), AttributeValue::Number(y)) => {
            met(x != y)
        }
        (CriterionKind::Same, AttributeValue::Person(x), AttributeValue::Person(y)) => met(x == y),
        (CriterionKind::Different, AttributeValue::Person(x), AttributeValue::Person(y)) => {
            met(x != y)
        }
        (
            CriterionKind::AtLeastAbove(by),
            AttributeValue::Number(mentee),
            AttributeValue::Number(mentor),
        ) => met(mentor.saturating_sub(*mentee) >= i64::from(by)),
        (CriterionKind::Within(by), AttributeValue::Number(x), AttributeValue::Number(y)) => {
            met(x.abs_diff(*y) <= u64::from(by))
        }
        // A criterion that does not fit its attribute is a program error (`P029`); a program
        // with errors is never matched, so this is only reached by a broken model.
        _ => met(false),
    }
}

/// Whether the pair meets requirement `index`; an attribute left empty meets nothing (the
/// roster reports an empty cell a requirement reads, so this is defensive).
pub(crate) fn requirement_met(
    matching: &Matching,
    index: usize,
    mentee: &Person,
    mentor: &Person,
    lines: &ReportingLines,
) -> bool {
    let criterion = &matching.requirements[index];
    criterion_count(criterion.kind, criterion.attribute, mentee, mentor, lines)
        .is_some_and(|count| count >= 1)
}

/// The points preference `index` gives the pair, and the count they come from.
pub(crate) fn preference_points(
    matching: &Matching,
    index: usize,
    mentee: &Person,
    mentor: &Person,
    lines: &ReportingLines,
) -> (u32, i64) {
    let preference = &matching.preferences[index];
    let count = criterion_count(
        preference.criterion.kind,
        preference.criterion.attribute,
        mentee,
        mentor,
        lines,
    )
    .unwrap_or(0);
    (count, i64::from(count) * i64::from(preference.weight))
}

/// The pair's score, or `None` when a requirement excludes it.
pub(crate) fn pair_score(
    matching: &Matching,
    mentee: &Person,
    mentor: &Person,
    lines: &ReportingLines,
) -> Option<i64> {
    if !(0..matching.requirements.len())
        .all(|i| requirement_met(matching, i, mentee, mentor, lines))
    {
        return None;
    }
    Some(
        (0..matching.preferences.len())
            .map(|i| preference_points(matching, i, mentee, mentor, lines).1)
            .sum(),
    )
}
