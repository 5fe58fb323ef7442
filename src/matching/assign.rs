//! The optimal assignment behind `mentor match`: each mentee gets at most one mentor, each
//! mentor at most its capacity of mentees, never a pair a hard constraint excludes; first as
//! many mentees matched as possible, then the largest total score.
//!
//! Why a solver of our own: the project takes what a well-kept crate does from the crate, and
//! `pathfinding` (4.16, the usual choice) has the Hungarian method, `kuhn_munkres`, but no
//! minimum-cost flow. `kuhn_munkres` knows no capacities, so it needs every mentor repeated
//! once per place plus a column per mentee for "unmatched", and it is O(n³) on that larger
//! problem. Measured in release mode, random scores 0..30 with a tenth of the pairs not
//! allowed, mentors of 5 places (mentees × mentors): 500 × 100 in 0.49 s, 1,000 × 200 in
//! 4.0 s, 2,000 × 400 in 26 s, 5,000 × 1,000 (a 5,000 × 10,000 matrix) in 630 s.
//! This solver runs the same method on the problem as it is, one column per mentor and one
//! "unmatched" column of unlimited room: 5,000 × 1,000 in 0.18 s (median of
//! `cargo bench --bench mentor -- matching`), with the same number matched and total score.
//!
//! The method is the shortest-augmenting-path form of the Hungarian method (Jonker and
//! Volgenant; the form SciPy's `linear_sum_assignment` uses) over columns with capacities.
//! Mentees are placed one at a time in index order. Each placement is a Dijkstra search over
//! reduced costs from the new mentee: reaching a mentor with a free place, or the unmatched
//! column, ends it; reaching a full mentor reaches every mentee it holds, each of which may
//! move on to another mentor. Potentials on mentees and mentors keep every reduced cost
//! non-negative, so each search is a shortest path and the assignment of the mentees placed
//! so far stays optimal. A mentor's potential only falls once it is full, and a full mentor
//! stays full, which is what keeps the potentials valid with capacities. A search costs
//! O(mentees reached × mentors).

use std::ops::{Add, Sub};

/// The score of a pair a hard constraint excludes.
pub const NOT_ALLOWED: i32 = i32::MIN;

/// Scores of every (mentee, mentor) pair, mentee-major. `NOT_ALLOWED` marks a pair a hard
/// constraint excludes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scores {
    mentees: usize,
    mentors: usize,
    cells: Vec<i32>,
}

impl Scores {
    /// A table in which no pair is allowed yet. It holds mentees × mentors cells, so like any
    /// `Vec` it cannot be larger than memory.
    pub fn new(mentees: usize, mentors: usize) -> Scores {
        Scores {
            mentees,
            mentors,
            cells: vec![NOT_ALLOWED; mentees.saturating_mul(mentors)],
        }
    }

    /// Fills every mentee's row in parallel: `fill(mentee, row)` writes the row's scores (one
    /// per mentor, [`NOT_ALLOWED`] for an excluded pair). The table is written in place, so a
    /// roster's scores are held once.
    pub fn fill_rows(&mut self, fill: impl Fn(usize, &mut [i32]) + Sync) {
        use rayon::prelude::*;
        if self.mentors == 0 {
            return;
        }
        self.cells
            .par_chunks_mut(self.mentors)
            .enumerate()
            .for_each(|(mentee, row)| fill(mentee, row));
    }

    /// Sets a pair's score (`NOT_ALLOWED` excludes it again). A pair outside the table is
    /// ignored.
    pub fn set(&mut self, mentee: usize, mentor: usize, score: i32) {
        if let Some(cell) = self
            .cell(mentee, mentor)
            .and_then(|i| self.cells.get_mut(i))
        {
            *cell = score;
        }
    }

    /// A pair's score; `None` when the pair is not allowed or outside the table.
    pub fn get(&self, mentee: usize, mentor: usize) -> Option<i32> {
        self.cell(mentee, mentor)
            .and_then(|i| self.cells.get(i))
            .copied()
            .filter(|&score| score != NOT_ALLOWED)
    }

    pub fn mentees(&self) -> usize {
        self.mentees
    }

    pub fn mentors(&self) -> usize {
        self.mentors
    }

    fn cell(&self, mentee: usize, mentor: usize) -> Option<usize> {
        (mentee < self.mentees && mentor < self.mentors).then(|| mentee * self.mentors + mentor)
    }

    /// One mentee's scores, indexed by mentor.
    pub fn row(&self, mentee: usize) -> &[i32] {
        let start = mentee.saturating_mul(self.mentors);
        self.cells
            .get(start..start.saturating_add(self.mentors))
            .unwrap_or(&[])
    }
}

/// For each mentee, the mentor it is paired with (None: unmatched).
///
/// The assignment matches as many mentees as possible and, among those assignments, has the
/// largest total score. A mentor takes at most its capacity (`capacities[mentor]`; a mentor
/// past the end of `capacities` takes nobody) and no mentee gets a `NOT_ALLOWED` pair.
///
/// Ties go to the lower index, and the same input always gives the same output: mentees are
/// placed in index order, a mentee with equally good mentors takes the lowest-indexed one
/// with a free place, and a mentee placed later never displaces an earlier one for an equally
/// good assignment (of two mentees wanting a last place equally, the lower-indexed keeps it).
pub fn assign(scores: &Scores, capacities: &[u32]) -> Vec<Option<usize>> {
    let costs = Costs::of(scores, capacities);
    // Every sum the search forms is within 3 × the unmatched cost (see `Cost`).
    match i64::try_from(costs.unmatched) {
        Ok(unmatched) if unmatched <= i64::MAX / 4 => Search::<i64>::new(&costs, unmatched).run(),
        _ => Search::<i128>::new(&costs, costs.unmatched).run(),
    }
}

/// The problem as a minimum-cost one: a pair costs how far its score falls short of the best
/// score anywhere (so costs are never negative), and leaving a mentee unmatched costs more
/// than any total score could make up.
struct Costs<'a> {
    scores: &'a Scores,
    /// Places per mentor, one per mentor of `scores`.
    capacities: Vec<usize>,
    best_score: i64,
    unmatched: i128,
}

impl<'a> Costs<'a> {
    fn of(scores: &'a Scores, capacities: &[u32]) -> Costs<'a> {
        let capacities: Vec<usize> = (0..scores.mentors())
            .map(|mentor| {
                capacities
                    .get(mentor)
                    .map_or(0, |&places| usize::try_from(places).unwrap_or(usize::MAX))
            })
            .collect();
        let allowed = scores.cells.iter().filter(|&&score| score != NOT_ALLOWED);
        let best_score = allowed.clone().max().map_or(0, |&score| i64::from(score));
        let worst_score = allowed.min().map_or(0, |&score| i64::from(score));
        let places = capacities
            .iter()
            .fold(0usize, |sum, &places| sum.saturating_add(places));
        Costs {
            scores,
            best_score,
            unmatched: unmatched_cost(scores.mentees().min(places), best_score - worst_score),
            capacities,
        }
    }

    /// What a pair of this score costs: how far the score falls short of the best.
    fn pair(&self, score: i32) -> i64 {
        self.best_score - i64::from(score)
    }
}

/// The cost of leaving a mentee unmatched, so that matching more mentees always wins:
/// between two assignments, total costs of matched pairs differ by at most
/// `matchable × score_range` (each pair costs 0..=score_range and at most `matchable` pairs are
/// made), and one more mentee matched saves one unmatched cost, which is larger.
/// Below 2^96 (`matchable` < 2^64, `score_range` < 2^32), so it fits `i128`.
fn unmatched_cost(matchable: usize, score_range: i64) -> i128 {
    let matchable = i128::try_from(matchable).unwrap_or(i128::MAX);
    matchable
        .saturating_mul(i128::from(score_range))
        .saturating_add(1)
}

/// The integer the search adds costs in. With U the unmatched cost (above every pair's cost
/// whenever a pair can be made), mentee potentials stay in 0..=U (the unmatched column's
/// potential stays 0), mentor potentials in -U..=0, and every distance and sum the search forms
/// below 3U, so `i64` serves whenever 4U fits in it, and `i128` always does.
trait Cost: Copy + Ord + Add<Output = Self> + Sub<Output = Self> + From<i64> {
    const ZERO: Self;
    /// The distance of a column no search has reached; only ever compared, never added.
    const UNREACHED: Self;
}

impl Cost for i64 {
    const ZERO: i64 = 0;
    const UNREACHED: i64 = i64::MAX;
}

impl Cost for i128 {
    const ZERO: i128 = 0;
    const UNREACHED: i128 = i128::MAX;
}

/// Where a mentee is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// Not placed yet (mentees are placed in index order).
    Waiting,
    /// With `mentor`, at `held[mentor][slot]`.
    Mentor {
        mentor: usize,
        slot: usize,
    },
    Unmatched,
}

/// Where a search ends: a mentor with a free place, or the unmatched column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Mentor(usize),
    Unmatched,
}

/// The state of the Hungarian method: the assignment so far, its potentials, and the scratch
/// space of one search (kept to allocate once).
struct Search<'a, C> {
    costs: &'a Costs<'a>,
    unmatched_cost: C,
    /// For every allowed pair, mentee potential + mentor potential ≤ the pair's cost, with
    /// equality for every pair held. The unmatched column's potential is 0 for ever: it always
    /// has room, and only a full column's potential falls.
    mentee_potential: Vec<C>,
    mentor_potential: Vec<C>,
    placement: Vec<Placement>,
    /// The mentees each mentor holds, in no particular order.
    held: Vec<Vec<usize>>,
    /// Mentors with at least one place, in index order: where every search starts.
    usable: Vec<usize>,
    /// The search's distance to each mentor, and the mentee it was reached from.
    distance: Vec<C>,
    reached_from: Vec<usize>,
    /// Mentors the search has not settled yet, in index order.
    open: Vec<usize>,
    /// Mentors the search settled, in order.
    settled: Vec<usize>,
    /// Mentees the search reached, with their distance.
    reached: Vec<(usize, C)>,
}

impl<'a, C: Cost> Search<'a, C> {
    fn new(costs: &'a Costs<'a>, unmatched_cost: C) -> Search<'a, C> {
        let mentees = costs.scores.mentees();
        let mentors = costs.scores.mentors();
        Search {
            costs,
            unmatched_cost,
            mentee_potential: vec![C::ZERO; mentees],
            mentor_potential: vec![C::ZERO; mentors],
            placement: vec![Placement::Waiting; mentees],
            held: vec![Vec::new(); mentors],
            usable: (0..mentors)
                .filter(|&mentor| costs.capacities[mentor] > 0)
                .collect(),
            distance: vec![C::UNREACHED; mentors],
            reached_from: vec![0; mentors],
            open: Vec::with_capacity(mentors),
            settled: Vec::with_capacity(mentors),
            reached: Vec::new(),
        }
    }

    fn run(mut self) -> Vec<Option<usize>> {
        for mentee in 0..self.placement.len() {
            self.place(mentee);
        }
        self.placement
            .iter()
            .map(|placement| match placement {
                Placement::Mentor { mentor, .. } => Some(*mentor),
                Placement::Waiting | Placement::Unmatched => None,
            })
            .collect()
    }

    fn has_room(&self, mentor: usize) -> bool {
        self.held[mentor].len() < self.costs.capacities[mentor]
    }

    /// The order in which the search settles columns: nearest first, then one with room
    /// (it ends the search), then the lower index. The unmatched column sorts as the mentor
    /// after the last.
    fn order(&self, mentor: usize) -> (C, bool, usize) {
        (self.distance[mentor], !self.has_room(mentor), mentor)
    }

    /// Places `root` by the shortest augmenting path from it, moving mentees along the path.
    fn place(&mut self, root: usize) {
        self.distance.fill(C::UNREACHED);
        self.open.clear();
        self.open.extend_from_slice(&self.usable);
        self.settled.clear();
        self.reached.clear();
        self.reached.push((root, C::ZERO));
        // The unmatched column's distance and the mentee it was reached from.
        let mut unmatched = (C::UNREACHED, root);
        let mut relaxed = 0;
        let (end, length) = loop {
            while let Some(&(mentee, distance)) = self.reached.get(relaxed) {
                self.relax(mentee, distance, &mut unmatched);
                relaxed += 1;
            }
            let nearest = self
                .open
                .iter()
                .enumerate()
                .min_by_key(|&(_, &mentor)| self.order(mentor));
            let unmatched_order = (unmatched.0, false, self.held.len());
            // The root reaches the unmatched column at once, so the search always ends.
            let Some((position, mentor)) = nearest
                .map(|(position, &mentor)| (position, mentor))
                .filter(|&(_, mentor)| self.order(mentor) < unmatched_order)
            else {
                break (Column::Unmatched, unmatched.0);
            };
            // `remove`, not `swap_remove`: in index order, the scans read memory in order.
            self.open.remove(position);
            self.settled.push(mentor);
            let distance = self.distance[mentor];
            if self.has_room(mentor) {
                break (Column::Mentor(mentor), distance);
            }
            // A held pair's reduced cost is 0: its mentee is as near as its mentor.
            self.reached
                .extend(self.held[mentor].iter().map(|&mentee| (mentee, distance)));
        };
        // Potentials move by how much nearer than the end each settled node was, which keeps
        // every reduced cost non-negative and makes the path's pairs tight. The end's own
        // potential does not move: its distance is the length.
        for &(mentee, distance) in &self.reached {
            self.mentee_potential[mentee] = self.mentee_potential[mentee] + (length - distance);
        }
        for &mentor in &self.settled {
            self.mentor_potential[mentor] =
                self.mentor_potential[mentor] - (length - self.distance[mentor]);
        }
        self.augment(end, unmatched.1);
    }

    /// Updates the distances of open columns through `mentee`, reached at `distance`.
    fn relax(&mut self, mentee: usize, distance: C, unmatched: &mut (C, usize)) {
        let base = distance - self.mentee_potential[mentee];
        let scores = self.costs.scores.row(mentee);
        for &mentor in &self.open {
            let Some(&score) = scores.get(mentor) else {
                continue;
            };
            if score == NOT_ALLOWED {
                continue;
            }
            // Only a strictly shorter path replaces one: of equal paths, the one through the
            // mentee reached first stays.
            let through = base + C::from(self.costs.pair(score)) - self.mentor_potential[mentor];
            if through < self.distance[mentor] {
                self.distance[mentor] = through;
                self.reached_from[mentor] = mentee;
            }
        }
        let through = base + self.unmatched_cost;
        if through < unmatched.0 {
            *unmatched = (through, mentee);
        }
    }

    /// Moves each mentee of the path one column on, from `end` back to the root: the end
    /// gains a mentee, every full mentor on the way loses one and gains one.
    fn augment(&mut self, end: Column, reached_unmatched_from: usize) {
        let mut column = end;
        loop {
            let mentee = match column {
                Column::Mentor(mentor) => self.reached_from[mentor],
                Column::Unmatched => reached_unmatched_from,
            };
            let left = self.placement[mentee];
            self.remove(mentee);
            self.placement[mentee] = match column {
                Column::Mentor(mentor) => {
                    self.held[mentor].push(mentee);
                    Placement::Mentor {
                        mentor,
                        slot: self.held[mentor].len() - 1,
                    }
                }
                Column::Unmatched => Placement::Unmatched,
            };
            match left {
                Placement::Mentor { mentor, .. } => column = Column::Mentor(mentor),
                // The root; an unmatched mentee is never reached, its column never being full.
                Placement::Waiting | Placement::Unmatched => break,
            }
        }
    }

    /// Takes `mentee` out of its mentor's list, filling the gap with the list's last mentee.
    fn remove(&mut self, mentee: usize) {
        let Placement::Mentor { mentor, slot } = self.placement[mentee] else {
            return;
        };
        let list = &mut self.held[mentor];
        list.swap_remove(slot);
        if let Some(&moved) = list.get(slot) {
            self.placement[moved] = Placement::Mentor { mentor, slot };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A table from rows of scores (`X` for not allowed).
    fn table(rows: &[&[i32]]) -> Scores {
        let mentors = rows.first().map_or(0, |row| row.len());
        let mut scores = Scores::new(rows.len(), mentors);
        for (mentee, row) in rows.iter().enumerate() {
            for (mentor, &score) in row.iter().enumerate() {
                scores.set(mentee, mentor, score);
            }
        }
        scores
    }

    const X: i32 = NOT_ALLOWED;

    /// (mentees matched, total score) of an assignment.
    fn value(scores: &Scores, assignment: &[Option<usize>]) -> (usize, i64) {
        let mut matched = 0;
        let mut total = 0;
        for (mentee, mentor) in assignment.iter().enumerate() {
            if let Some(mentor) = mentor {
                matched += 1;
                total += i64::from(scores.get(mentee, *mentor).unwrap());
            }
        }
        (matched, total)
    }

    /// Panics unless the assignment covers every mentee, fills no mentor past its capacity and
    /// uses only allowed pairs.
    fn assert_feasible(scores: &Scores, capacities: &[u32], assignment: &[Option<usize>]) {
        assert_eq!(assignment.len(), scores.mentees());
        let mut taken = vec![0u32; scores.mentors()];
        for (mentee, mentor) in assignment.iter().enumerate() {
            if let Some(mentor) = *mentor {
                assert!(
                    scores.get(mentee, mentor).is_some(),
                    "mentee {mentee} got mentor {mentor}, not allowed"
                );
                taken[mentor] += 1;
                assert!(
                    taken[mentor] <= capacities.get(mentor).copied().unwrap_or(0),
                    "mentor {mentor} over capacity"
                );
            }
        }
    }

    /// The best (matched, total) over every assignment, by enumeration.
    fn brute_force(scores: &Scores, capacities: &[u32]) -> (usize, i64) {
        fn walk(
            scores: &Scores,
            mentee: usize,
            room: &mut [u32],
            matched: usize,
            total: i64,
            best: &mut (usize, i64),
        ) {
            if mentee == scores.mentees() {
                *best = (*best).max((matched, total));
                return;
            }
            walk(scores, mentee + 1, room, matched, total, best);
            for mentor in 0..scores.mentors() {
                if let Some(score) = scores.get(mentee, mentor)
                    && room[mentor] > 0
                {
                    room[mentor] -= 1;
                    let total = total + i64::from(score);
                    walk(scores, mentee + 1, room, matched + 1, total, best);
                    room[mentor] += 1;
                }
            }
        }
        let mut room: Vec<u32> = (0..scores.mentors())
            .map(|mentor| capacities.get(mentor).copied().unwrap_or(0))
            .collect();
        let mut best = (0, 0);
        walk(scores, 0, &mut room, 0, 0, &mut best);
        best
    }

    /// The assignment through each cost type, which must agree.
    fn solve_both(scores: &Scores, capacities: &[u32]) -> Vec<Option<usize>> {
        let costs = Costs::of(scores, capacities);
        let wide = Search::<i128>::new(&costs, costs.unmatched).run();
        let assignment = assign(scores, capacities);
        assert_eq!(assignment, wide, "i64 and i128 searches differ");
        assignment
    }

    fn instance() -> impl Strategy<Value = (Scores, Vec<u32>)> {
        (0usize..=7, 0usize..=4).prop_flat_map(|(mentees, mentors)| {
            let score = prop_oneof![
                6 => 0i32..20,
                2 => Just(X),
                1 => prop_oneof![Just(i32::MAX), Just(i32::MIN + 1), Just(-1)],
            ];
            (
                proptest::collection::vec(score, mentees * mentors),
                proptest::collection::vec(0u32..3, mentors),
            )
                .prop_map(move |(cells, capacities)| {
                    (
                        Scores {
                            mentees,
                            mentors,
                            cells,
                        },
                        capacities,
                    )
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The solver's assignment is feasible and as good as the best of all assignments.
        #[test]
        fn matches_the_best_of_every_assignment((scores, capacities) in instance()) {
            let assignment = solve_both(&scores, &capacities);
            assert_feasible(&scores, &capacities, &assignment);
            prop_assert_eq!(value(&scores, &assignment), brute_force(&scores, &capacities));
        }
    }

    #[test]
    fn an_empty_roster_gives_an_empty_assignment() {
        assert_eq!(assign(&Scores::new(0, 3), &[1, 1, 1]), vec![]);
        assert_eq!(assign(&Scores::new(0, 0), &[]), vec![]);
    }

    #[test]
    fn without_mentors_nobody_is_matched() {
        assert_eq!(assign(&Scores::new(3, 0), &[]), vec![None, None, None]);
    }

    #[test]
    fn pairs_not_allowed_are_never_made() {
        let scores = table(&[&[X, X], &[X, X]]);
        assert_eq!(assign(&scores, &[5, 5]), vec![None, None]);
        let scores = table(&[&[X, 3], &[X, 9]]);
        assert_eq!(solve_both(&scores, &[5, 5]), vec![Some(1), Some(1)]);
    }

    #[test]
    fn a_mentor_of_capacity_zero_takes_nobody() {
        let scores = table(&[&[10, 1], &[10, X]]);
        assert_eq!(solve_both(&scores, &[0, 5]), vec![Some(1), None]);
        // A capacity missing from the list is 0.
        assert_eq!(solve_both(&scores, &[]), vec![None, None]);
    }

    #[test]
    fn the_first_mentee_gives_way_when_its_best_mentor_is_worth_more_to_another() {
        // Greedy in index order gives mentee 0 mentor 0 (10) and mentee 1 mentor 1 (1): 11.
        // The optimum gives mentee 0 its second best: 9 + 10 = 19.
        let scores = table(&[&[10, 9], &[10, 1]]);
        let assignment = solve_both(&scores, &[1, 1]);
        assert_eq!(assignment, vec![Some(1), Some(0)]);
        assert_eq!(value(&scores, &assignment), (2, 19));
    }

    #[test]
    fn matching_more_mentees_beats_a_higher_score() {
        // Mentee 0 with mentor 0 scores 100 but leaves mentee 1 without a mentor; two pairs
        // of 1 each match both.
        let scores = table(&[&[100, 1], &[1, X]]);
        let assignment = solve_both(&scores, &[1, 1]);
        assert_eq!(assignment, vec![Some(1), Some(0)]);
        assert_eq!(value(&scores, &assignment), (2, 2));
    }

    #[test]
    fn extreme_scores_still_count_matches_first() {
        let low = i32::MIN + 1;
        let scores = table(&[&[i32::MAX, low], &[low, X], &[low, X]]);
        let assignment = solve_both(&scores, &[1, 2]);
        assert_eq!(assignment, vec![Some(1), Some(0), None]);
    }

    #[test]
    fn equal_scores_go_to_the_lower_mentor() {
        let scores = table(&[&[5, 5, 5], &[5, 5, 5]]);
        assert_eq!(solve_both(&scores, &[1, 1, 1]), vec![Some(0), Some(1)]);
        assert_eq!(solve_both(&scores, &[0, 2, 2]), vec![Some(1), Some(1)]);
    }

    #[test]
    fn of_two_mentees_wanting_the_last_place_equally_the_lower_keeps_it() {
        let scores = table(&[&[7], &[7], &[7]]);
        assert_eq!(solve_both(&scores, &[2]), vec![Some(0), Some(0), None]);
        // Mentee 1 does as well with either mentor: it takes the free place rather than
        // displacing mentee 0, who has nowhere else to go.
        let scores = table(&[&[7, X], &[7, 7]]);
        assert_eq!(solve_both(&scores, &[1, 1]), vec![Some(0), Some(1)]);
        // Mentee 1 could take mentor 0 by moving mentee 0 to mentor 1, equally good: it
        // takes the free mentor 2 instead.
        let scores = table(&[&[7, 7, X], &[7, X, 7]]);
        assert_eq!(solve_both(&scores, &[1, 1, 1]), vec![Some(0), Some(2)]);
        // With a third mentee and no other place, mentee 2 is the one left out.
        let scores = table(&[&[7, X], &[7, 7], &[7, 7]]);
        assert_eq!(solve_both(&scores, &[1, 1]), vec![Some(0), Some(1), None]);
    }

    #[test]
    fn the_unmatched_cost_outweighs_every_score_even_at_the_extremes() {
        let range = i64::from(i32::MAX) - i64::from(i32::MIN + 1);
        let cost = unmatched_cost(usize::MAX, range);
        assert_eq!(cost, i128::from(u64::MAX) * i128::from(range) + 1);
        // Too large for the i64 search, so `assign` takes the i128 one.
        assert!(i64::try_from(cost).is_err());
        assert_eq!(unmatched_cost(0, range), 1);
        assert_eq!(unmatched_cost(3, 0), 1);
    }

    #[test]
    fn scores_outside_the_table_are_ignored() {
        let mut scores = Scores::new(2, 2);
        scores.set(2, 0, 5);
        scores.set(0, 2, 5);
        scores.set(1, 1, 4);
        assert_eq!(scores.get(1, 1), Some(4));
        assert_eq!(scores.get(2, 0), None);
        assert_eq!(scores.get(0, 0), None);
        scores.set(1, 1, NOT_ALLOWED);
        assert_eq!(scores.get(1, 1), None);
        assert_eq!((scores.mentees(), scores.mentors()), (2, 2));
    }
}
