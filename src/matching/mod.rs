//! `mentor match`: pairing a roster's mentees with its mentors by the program's `matching`
//! block, and explaining every pair it makes and every mentee it leaves unmatched.
//!
//! The data flows one way: the roster is read and checked (`roster`, the `R` rules), every
//! (mentee, mentor) pair is scored (`score`: excluded by a requirement, or the sum of its
//! preferences' points), the assignment maximises first the number of mentees matched and then
//! the total score under each mentor's capacity (`assign`), and [`MatchResult`] holds the pairs
//! with their breakdowns, the unmatched with the reason, and each mentor's load, for
//! `render::matching` to print.
//!
//! Optimal assignment rather than stable matching: a program states weighted criteria, not
//! each person's ranking of the others, and the organisation asks for the best total fit under
//! its rules, explainable pair by pair. Stable matching would need rankings nobody writes down
//! and gives one side the advantage.

pub mod assign;
pub mod roster;
pub(crate) mod score;
mod table;

use std::collections::{BTreeMap, BTreeSet};

use crate::model::matching::Matching;
use roster::{Person, Roster};
use score::{ReportingLines, preference_points, requirement_met};

/// The most people a roster may list: far beyond any cohort, and it keeps the score matrix of
/// the match (mentees × mentors) within memory.
pub const MAX_PEOPLE: usize = 100_000;

/// The most (mentee, mentor) pairs one match weighs: each is a score in memory (4 bytes), so
/// 50 million take 200 MB; 5,000 mentees with 1,000 mentors are 5 million.
pub const MAX_CANDIDATE_PAIRS: usize = 50_000_000;

/// Pairs the roster already holds, read from the logs of `--existing`.
#[derive(Debug, Clone, Default)]
pub struct Existing {
    /// (mentor id, mentee id) of every pair that has a log, in any status: never paired again.
    pub paired: BTreeSet<(String, String)>,
    /// Each mentor's active pairs: they take part of the mentor's capacity.
    pub active: BTreeMap<String, u32>,
    /// Each mentee in an active pair, with its mentor: not matched again.
    pub active_mentees: BTreeMap<String, String>,
}

/// The outcome of a match.
#[derive(Debug, Clone)]
pub struct MatchResult {
    /// Sorted by mentee id.
    pub pairs: Vec<MatchedPair>,
    /// Sorted by mentee id.
    pub unmatched: Vec<Unmatched>,
    /// Every mentor, sorted by id.
    pub load: Vec<MentorLoad>,
    pub total_score: i64,
}

impl MatchResult {
    /// How many of the unmatched are in an active pair already (`--existing`).
    pub fn already_paired(&self) -> usize {
        self.unmatched
            .iter()
            .filter(|u| matches!(u.reason, UnmatchedReason::AlreadyPaired { .. }))
            .count()
    }
}

#[derive(Debug, Clone)]
pub struct MatchedPair {
    /// Index in [`Roster::mentees`].
    pub mentee: usize,
    /// Index in [`Roster::mentors`].
    pub mentor: usize,
    pub score: i64,
    /// One entry per preference of the program, in its order: the points add up to `score`.
    pub breakdown: Vec<PreferenceScore>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PreferenceScore {
    /// Index in [`Matching::preferences`].
    pub preference: usize,
    /// Values shared (for `shared`), or 1 when the preference holds and 0 when it does not.
    pub count: u32,
    pub points: i64,
}

#[derive(Debug, Clone)]
pub struct Unmatched {
    /// Index in [`Roster::mentees`].
    pub mentee: usize,
    pub reason: UnmatchedReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnmatchedReason {
    /// The mentee is in an active pair already (`--existing`), with this mentor.
    AlreadyPaired { mentor: String },
    /// The roster has no mentor.
    NoMentors,
    /// Every mentor is excluded for this mentee: how many each requirement excludes (in the
    /// program's order, those that exclude any), and how many were paired with the mentee
    /// before.
    Excluded {
        by_requirement: Vec<(usize, usize)>,
        paired_before: usize,
    },
    /// Mentors are allowed, but all are full: `full_before` of them with their active pairs
    /// (`--existing`), the others with mentees the match placed for a larger number matched
    /// or a higher total score.
    AllowedMentorsFull { allowed: usize, full_before: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MentorLoad {
    /// Index in [`Roster::mentors`].
    pub mentor: usize,
    /// Mentees this match gave the mentor.
    pub matched: u32,
    /// Active pairs the mentor already has (`--existing`).
    pub existing: u32,
    pub capacity: u32,
}

/// Matches the roster's mentees with its mentors.
pub fn match_roster(matching: &Matching, roster: &Roster, existing: &Existing) -> MatchResult {
    let lines = ReportingLines::new(matching, roster);
    let capacities: Vec<u32> = roster
        .mentors
        .iter()
        .map(|mentor| {
            let capacity = mentor
                .capacity
                .unwrap_or_else(|| matching.default_capacity());
            capacity.saturating_sub(existing.active.get(&mentor.id).copied().unwrap_or(0))
        })
        .collect();
    // Earlier pairs as (mentee, mentor) indexes, looked up once rather than per pair by id.
    let paired_before: std::collections::HashSet<(usize, usize)> = {
        let mentor_index: BTreeMap<&str, usize> = roster
            .mentors
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        let mentee_index: BTreeMap<&str, usize> = roster
            .mentees
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        existing
            .paired
            .iter()
            .filter_map(|(mentor, mentee)| {
                Some((
                    *mentee_index.get(mentee.as_str())?,
                    *mentor_index.get(mentor.as_str())?,
                ))
            })
            .collect()
    };
    let mut scores = assign::Scores::new(roster.mentees.len(), roster.mentors.len());
    scores.fill_rows(|index, row| {
        let mentee = &roster.mentees[index];
        let paired = existing.active_mentees.contains_key(&mentee.id);
        for (mentor_index, (cell, mentor)) in row.iter_mut().zip(&roster.mentors).enumerate() {
            *cell = if paired || paired_before.contains(&(index, mentor_index)) {
                assign::NOT_ALLOWED
            } else {
                match score::pair_score(matching, mentee, mentor, &lines) {
                    // `mentor match` refuses a block whose best score would not fit
                    // (`Matching::unusable`); the clamp only keeps a model built otherwise from
                    // wrapping.
                    Some(score) => score.clamp(0, i64::from(i32::MAX - 1)) as i32,
                    None => assign::NOT_ALLOWED,
                }
            };
        }
    });
    let assignment = assign::assign(&scores, &capacities);

    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    let mut matched_count = vec![0u32; roster.mentors.len()];
    for (index, choice) in assignment.iter().enumerate() {
        let mentee = &roster.mentees[index];
        match choice {
            Some(mentor_index) => {
                let mentor = &roster.mentors[*mentor_index];
                matched_count[*mentor_index] += 1;
                let breakdown: Vec<PreferenceScore> = (0..matching.preferences.len())
                    .map(|preference| {
                        let (count, points) =
                            preference_points(matching, preference, mentee, mentor, &lines);
                        PreferenceScore {
                            preference,
                            count,
                            points,
                        }
                    })
                    .collect();
                pairs.push(MatchedPair {
                    mentee: index,
                    mentor: *mentor_index,
                    score: breakdown.iter().map(|b| b.points).sum(),
                    breakdown,
                });
            }
            None => {
                let reason = unmatched_reason(
                    matching,
                    roster,
                    existing,
                    &lines,
                    mentee,
                    scores.row(index),
                    &capacities,
                );
                unmatched.push(Unmatched {
                    mentee: index,
                    reason,
                });
            }
        }
    }
    let load = roster
        .mentors
        .iter()
        .enumerate()
        .map(|(index, mentor)| MentorLoad {
            mentor: index,
            matched: matched_count[index],
            existing: existing.active.get(&mentor.id).copied().unwrap_or(0),
            capacity: mentor
                .capacity
                .unwrap_or_else(|| matching.default_capacity()),
        })
        .collect();
    MatchResult {
        total_score: pairs.iter().map(|p| p.score).sum(),
        pairs,
        unmatched,
        load,
    }
}

/// Why `mentee` was left unmatched. The requirements and earlier pairs are judged against
/// every mentor of the roster, full or not: a mentor the requirements allow who had no room
/// makes the reason "full", never "excluded".
fn unmatched_reason(
    matching: &Matching,
    roster: &Roster,
    existing: &Existing,
    lines: &ReportingLines,
    mentee: &Person,
    row: &[i32],
    capacities: &[u32],
) -> UnmatchedReason {
    if let Some(mentor) = existing.active_mentees.get(&mentee.id) {
        return UnmatchedReason::AlreadyPaired {
            mentor: mentor.clone(),
        };
    }
    if roster.mentors.is_empty() {
        return UnmatchedReason::NoMentors;
    }
    let allowed: Vec<usize> = (0..row.len())
        .filter(|&m| row[m] != assign::NOT_ALLOWED)
        .collect();
    if !allowed.is_empty() {
        let full_before = allowed.iter().filter(|&&m| capacities[m] == 0).count();
        return UnmatchedReason::AllowedMentorsFull {
            allowed: allowed.len(),
            full_before,
        };
    }
    let by_requirement = (0..matching.requirements.len())
        .map(|requirement| {
            let excluded = roster
                .mentors
                .iter()
                .filter(|mentor| !requirement_met(matching, requirement, mentee, mentor, lines))
                .count();
            (requirement, excluded)
        })
        .filter(|&(_, excluded)| excluded > 0)
        .collect();
    let paired_before = roster
        .mentors
        .iter()
        .filter(|mentor| {
            existing
                .paired
                .contains(&(mentor.id.clone(), mentee.id.clone()))
        })
        .count();
    UnmatchedReason::Excluded {
        by_requirement,
        paired_before,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::roster::{AttributeValue, Person, Role, ValueSet};
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::resolve::{Loaded, resolve_source};
    use crate::source::{Sources, Span};

    const PROGRAM: &str = "program p \"P\" {\n    matching {\n        attribute level \"Level\" number 1..6\n        attribute languages \"Languages\" any of a, b, c\n        attribute function \"Function\" one of x, y\n        attribute manager \"Manager\" person\n        require level at least 1 above\n        require shared languages\n        require outside reporting line of manager\n        prefer shared languages weight 2\n        prefer different function weight 3\n        prefer level within 2 weight 1\n    }\n}\n";

    fn matching() -> Matching {
        let mut sources = Sources::new();
        let source = sources.add("p.mentor", PROGRAM);
        let mut diagnostics = Diagnostics::new();
        let Loaded::Program(program) =
            resolve_source(source, Path::new("."), None, &mut sources, &mut diagnostics)
        else {
            panic!("the test program did not load");
        };
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        program.matching.expect("a matching block")
    }

    /// One person as the generator draws them: level, languages (a bit mask), function, the
    /// index of their manager among everyone, and a capacity.
    type Drawn = (i64, u8, usize, Option<usize>, u32);

    fn person(id: String, role: Role, drawn: &Drawn, ids: &[String]) -> Person {
        let (level, languages, function, manager, capacity) = drawn;
        let mut set = ValueSet::default();
        for bit in 0..3 {
            if languages & (1 << bit) != 0 {
                set.insert(bit);
            }
        }
        Person {
            id,
            role,
            capacity: (role == Role::Mentor).then_some(*capacity),
            values: vec![
                AttributeValue::Number(*level),
                AttributeValue::Set(set),
                AttributeValue::One(*function),
                manager
                    .and_then(|m| ids.get(m))
                    .map_or(AttributeValue::Missing, |m| {
                        AttributeValue::Person(m.clone())
                    }),
            ],
            span: nowhere(),
        }
    }

    /// A span for people made without a file.
    fn nowhere() -> Span {
        Span::new(Sources::new().add("roster", ""), 0..0)
    }

    fn roster(mentees: &[Drawn], mentors: &[Drawn]) -> Roster {
        let ids: Vec<String> = (0..mentees.len())
            .map(|i| format!("mentee-{i}"))
            .chain((0..mentors.len()).map(|i| format!("mentor-{i}")))
            .collect();
        Roster {
            mentees: mentees
                .iter()
                .enumerate()
                .map(|(i, d)| person(ids[i].clone(), Role::Mentee, d, &ids))
                .collect(),
            mentors: mentors
                .iter()
                .enumerate()
                .map(|(i, d)| person(ids[mentees.len() + i].clone(), Role::Mentor, d, &ids))
                .collect(),
            private: Vec::new(),
        }
    }

    fn drawn() -> impl Strategy<Value = Drawn> {
        (
            1i64..=6,
            1u8..8,
            0usize..2,
            proptest::option::of(0usize..9),
            0u32..3,
        )
    }

    /// An exhaustive search over every assignment the capacities allow.
    struct Search<'a> {
        matching: &'a Matching,
        roster: &'a Roster,
        existing: &'a Existing,
        lines: ReportingLines,
    }

    impl Search<'_> {
        fn walk(&self, at: usize, so_far: (usize, i64), load: &mut [u32], best: &mut (usize, i64)) {
            let roster = self.roster;
            if at == roster.mentees.len() {
                *best = (*best).max(so_far);
                return;
            }
            self.walk(at + 1, so_far, load, best);
            let mentee = &roster.mentees[at];
            if self.existing.active_mentees.contains_key(&mentee.id) {
                return;
            }
            for (m, mentor) in roster.mentors.iter().enumerate() {
                let before = (mentor.id.clone(), mentee.id.clone());
                if load[m] >= mentor.capacity.unwrap_or(1) || self.existing.paired.contains(&before)
                {
                    continue;
                }
                if let Some(score) = score::pair_score(self.matching, mentee, mentor, &self.lines) {
                    load[m] += 1;
                    self.walk(at + 1, (so_far.0 + 1, so_far.1 + score), load, best);
                    load[m] -= 1;
                }
            }
        }
    }

    /// The best (matched, total score) over every assignment the capacities allow.
    fn brute_force(matching: &Matching, roster: &Roster, existing: &Existing) -> (usize, i64) {
        // Active pairs take their places first.
        let mut load: Vec<u32> = roster
            .mentors
            .iter()
            .map(|m| existing.active.get(&m.id).copied().unwrap_or(0))
            .collect();
        let search = Search {
            matching,
            roster,
            existing,
            lines: ReportingLines::new(matching, roster),
        };
        let mut best = (0, 0);
        search.walk(0, (0, 0), &mut load, &mut best);
        best
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// On small rosters the match is as good as the best of every assignment, every pair
        /// meets every requirement, each mentor stays within capacity, and each pair's
        /// breakdown adds up to its score.
        #[test]
        fn the_match_is_optimal_and_explains_itself(
            mentees in proptest::collection::vec(drawn(), 0..6),
            mentors in proptest::collection::vec(drawn(), 0..4),
            // Earlier pairs, as (mentee, mentor, still active) indexes (taken modulo the roster).
            before in proptest::collection::vec((0usize..6, 0usize..4, any::<bool>()), 0..4),
        ) {
            let matching = matching();
            let roster = roster(&mentees, &mentors);
            let mut existing = Existing::default();
            for (mentee, mentor, active) in before {
                let (Some(mentee), Some(mentor)) = (
                    roster.mentees.get(mentee % roster.mentees.len().max(1)),
                    roster.mentors.get(mentor % roster.mentors.len().max(1)),
                ) else {
                    continue;
                };
                existing.paired.insert((mentor.id.clone(), mentee.id.clone()));
                if active && !existing.active_mentees.contains_key(&mentee.id) {
                    *existing.active.entry(mentor.id.clone()).or_default() += 1;
                    existing.active_mentees.insert(mentee.id.clone(), mentor.id.clone());
                }
            }
            let result = match_roster(&matching, &roster, &existing);
            prop_assert_eq!(
                (result.pairs.len(), result.total_score),
                brute_force(&matching, &roster, &existing)
            );
            let lines = ReportingLines::new(&matching, &roster);
            let mut load = vec![0u32; roster.mentors.len()];
            for pair in &result.pairs {
                let (mentee, mentor) = (&roster.mentees[pair.mentee], &roster.mentors[pair.mentor]);
                for requirement in 0..matching.requirements.len() {
                    prop_assert!(requirement_met(&matching, requirement, mentee, mentor, &lines));
                }
                prop_assert_eq!(pair.breakdown.iter().map(|b| b.points).sum::<i64>(), pair.score);
                load[pair.mentor] += 1;
            }
            for pair in &result.pairs {
                let (mentee, mentor) = (&roster.mentees[pair.mentee], &roster.mentors[pair.mentor]);
                prop_assert!(!existing.paired.contains(&(mentor.id.clone(), mentee.id.clone())));
                prop_assert!(!existing.active_mentees.contains_key(&mentee.id));
            }
            for (m, mentor) in roster.mentors.iter().enumerate() {
                let active = existing.active.get(&mentor.id).copied().unwrap_or(0);
                prop_assert!(load[m] + active <= mentor.capacity.unwrap_or(1).max(active));
                prop_assert_eq!(result.load[m].matched, load[m]);
            }
            prop_assert_eq!(result.pairs.len() + result.unmatched.len(), roster.mentees.len());
        }
    }

    #[test]
    fn a_mentee_whose_manager_manages_the_mentor_is_not_paired_with_either() {
        let matching = matching();
        // mentee-0 reports to mentor-0, who reports to mentor-1: both are in its line.
        let roster = roster(
            &[(1, 1, 0, Some(1), 0)],
            &[(3, 1, 1, Some(2), 1), (4, 1, 1, None, 1)],
        );
        let result = match_roster(&matching, &roster, &Existing::default());
        assert!(result.pairs.is_empty(), "{:?}", result.pairs);
        assert_eq!(
            result.unmatched[0].reason,
            UnmatchedReason::Excluded {
                by_requirement: vec![(2, 2)],
                paired_before: 0
            }
        );
    }
}
