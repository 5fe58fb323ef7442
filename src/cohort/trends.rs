//! The cohort over time: sessions held per week, and milestones met to date (a burn-up), the
//! series behind the dashboard's activity chart and a dashboard tool's own.
//!
//! Weeks start on Monday. The series runs from the week of the earliest held session to the
//! week of the report's date, at most [`MAX_WEEKS`] weeks back: a session dated in another
//! century (a typo `validate` reports) must not make a series of thousands of empty weeks.
//! Sessions dated after the report's date have not happened yet and are not counted.
//!
//! Suppression holds here as in every other figure (`suppress`):
//! - a week's sessions are hidden when 1 to `min_group - 1` pairs held them, and while the
//!   hidden weeks together cover fewer than `min_group` pairs, the shown week with the fewest
//!   pairs is hidden too (the cohort's total minus the shown weeks would give them away);
//! - a burn-up point is shown only when the milestones met since the previous shown point were
//!   met by no pair or by at least `min_group` pairs, so two shown points never differ by what
//!   a small group did; and the last points are hidden until what follows the last shown one
//!   is no small group either (the milestone tables' totals would give it).

use std::collections::BTreeMap;

use jiff::civil::Date;
#[cfg(test)]
use jiff::civil::Weekday;
use serde::Serialize;

use super::suppress::{Group, Suppressed, is_small};
use super::{MilestoneState, PairProgress};

/// The most weeks a series covers, counting back from the report's date: ten years.
pub const MAX_WEEKS: i64 = 520;

/// The weekly series of one program's cohort.
#[derive(Debug, Clone, Serialize)]
pub struct Trends {
    pub weeks: Vec<Week>,
}

/// One week of the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct Week {
    /// The week's Monday.
    pub week: Date,
    /// Sessions held that week, by any pair.
    pub sessions_held: Group<u64>,
    /// Milestones met (on time or late) by the end of the week, counted on the day of the
    /// session that showed the evidence; pairs that withdrew or were re-matched are left out,
    /// as in the milestone tables.
    pub milestones_met_to_date: Group<u64>,
}

/// What happened in one week: how many, and by which pairs (indices into the cohort, each
/// once, kept only while few enough to matter for suppression).
#[derive(Default)]
struct Tally {
    count: u64,
    pairs: usize,
    /// The last pair counted: a pair's dates come together, so this counts each pair once.
    last_pair: Option<usize>,
    few: Vec<usize>,
}

impl Tally {
    fn add(&mut self, pair: usize, min_group: usize) {
        self.count += 1;
        if self.last_pair != Some(pair) {
            self.last_pair = Some(pair);
            self.pairs += 1;
            if self.few.len() < min_group {
                self.few.push(pair);
            }
        }
    }
}

/// The Monday of the week `date` falls in.
fn monday_of(date: Date) -> Option<Date> {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back)).ok()
}

/// The weekly series of `pairs` as of `as_of`.
pub(super) fn trends(pairs: &[&PairProgress], as_of: Date, min_group: usize) -> Trends {
    let Some(last_week) = monday_of(as_of) else {
        return Trends { weeks: Vec::new() };
    };
    let window_start = last_week
        .checked_sub(jiff::Span::new().weeks(MAX_WEEKS - 1))
        .unwrap_or(Date::MIN);
    let in_window = |date: Date| date >= window_start && date <= as_of;
    let mut sessions: BTreeMap<Date, Tally> = BTreeMap::new();
    let mut met: BTreeMap<Date, Tally> = BTreeMap::new();
    // What the cohort's totals count and no week does (undated, after the report's date, before
    // the window): the totals minus the weeks give it, so it is a hidden group of its own.
    let mut sessions_elsewhere = Tally::default();
    let mut met_elsewhere = Tally::default();
    for (index, pair) in pairs.iter().enumerate() {
        let mut in_weeks = 0;
        for &date in pair.held_dates.iter().filter(|d| in_window(**d)) {
            if let Some(week) = monday_of(date) {
                sessions.entry(week).or_default().add(index, min_group);
                in_weeks += 1;
            }
        }
        if in_weeks < pair.held {
            sessions_elsewhere.add(index, min_group);
        }
        for milestone in pair
            .milestones
            .iter()
            .filter(|m| matches!(m.state, MilestoneState::Met | MilestoneState::MetLate))
        {
            let week = milestone
                .met_in
                .and_then(|met| met.date)
                .filter(|d| in_window(*d))
                .and_then(monday_of);
            match week {
                Some(week) => met.entry(week).or_default().add(index, min_group),
                None => met_elsewhere.add(index, min_group),
            }
        }
    }
    let Some(first_week) = sessions
        .keys()
        .chain(met.keys())
        .min()
        .copied()
        .filter(|w| *w <= last_week)
    else {
        return Trends { weeks: Vec::new() };
    };
    let mut weeks_list = Vec::new();
    let mut week = first_week;
    while week <= last_week {
        weeks_list.push(week);
        match week.checked_add(jiff::Span::new().weeks(1)) {
            Ok(next) => week = next,
            Err(_) => break,
        }
    }
    let empty = Tally::default();
    let session_tallies: Vec<&Tally> = weeks_list
        .iter()
        .map(|w| sessions.get(w).unwrap_or(&empty))
        .collect();
    let met_tallies: Vec<&Tally> = weeks_list
        .iter()
        .map(|w| met.get(w).unwrap_or(&empty))
        .collect();
    let sessions_shown = weekly_shown(&session_tallies, &sessions_elsewhere, min_group);
    let burn_up_shown = burn_up_shown(&met_tallies, &met_elsewhere, min_group);
    let mut to_date = 0;
    let weeks = weeks_list
        .iter()
        .enumerate()
        .map(|(i, &week)| {
            to_date += met_tallies[i].count;
            Week {
                week,
                sessions_held: shown_or_hidden(sessions_shown[i], session_tallies[i].count),
                milestones_met_to_date: shown_or_hidden(burn_up_shown[i], to_date),
            }
        })
        .collect();
    Trends { weeks }
}

fn shown_or_hidden(shown: bool, figure: u64) -> Group<u64> {
    if shown {
        Group::Shown(figure)
    } else {
        Group::Suppressed(Suppressed { suppressed: true })
    }
}

/// Which weeks may show their own figure: none over a small group of pairs, and while the
/// hidden weeks together cover fewer than `min_group` pairs, the shown week with the fewest
/// pairs (the earliest of equals) is hidden too. `elsewhere` is what no week shows (always
/// hidden).
fn weekly_shown(tallies: &[&Tally], elsewhere: &Tally, min_group: usize) -> Vec<bool> {
    let mut shown: Vec<bool> = tallies
        .iter()
        .map(|t| !is_small(t.pairs, min_group))
        .collect();
    loop {
        let mut covered: Vec<usize> = tallies
            .iter()
            .zip(&shown)
            .filter(|(_, shown)| !**shown)
            .flat_map(|(t, _)| t.few.iter().copied())
            .chain(elsewhere.few.iter().copied())
            .collect();
        covered.sort_unstable();
        covered.dedup();
        // A hidden week of a small group holds all its pairs in `few`; once `min_group` distinct
        // pairs are covered, the hidden weeks are no small group.
        if !is_small(covered.len(), min_group) {
            break;
        }
        let fewest = tallies
            .iter()
            .enumerate()
            .filter(|(i, t)| shown[*i] && t.pairs > 0)
            .min_by_key(|(i, t)| (t.pairs, *i))
            .map(|(i, _)| i);
        match fewest {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    shown
}

/// Which points of the burn-up may be shown (see the module's documentation).
/// `elsewhere` is what the milestone tables count and no week does: it follows the last point.
fn burn_up_shown(tallies: &[&Tally], elsewhere: &Tally, min_group: usize) -> Vec<bool> {
    let mut shown = vec![false; tallies.len()];
    // The pairs that met milestones since the last shown point.
    let mut pending: Vec<usize> = Vec::new();
    let mut last_shown: Option<usize> = None;
    for (i, tally) in tallies.iter().enumerate() {
        pending.extend(tally.few.iter().copied());
        pending.sort_unstable();
        pending.dedup();
        // `few` stops at `min_group` pairs: a week of more than that is no small group.
        let many = tally.pairs >= min_group || pending.len() >= min_group;
        if pending.is_empty() || many {
            shown[i] = true;
            last_shown = Some(i);
            pending.clear();
        }
    }
    // What follows the last shown point is the tables' total minus that point: while it is a
    // small group, fold the last shown point's own increase into it.
    pending.extend(elsewhere.few.iter().copied());
    pending.sort_unstable();
    pending.dedup();
    while is_small(pending.len(), min_group) {
        let Some(last) = last_shown else { break };
        shown[last] = false;
        let previous = shown[..last].iter().rposition(|s| *s);
        let from = previous.map_or(0, |p| p + 1);
        for tally in &tallies[from..=last] {
            pending.extend(tally.few.iter().copied());
        }
        pending.sort_unstable();
        pending.dedup();
        last_shown = previous;
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cohort::{MetIn, MilestoneProgress};
    use crate::log::PairStatus;
    use jiff::civil::date as d;

    fn pair(held: &[Date], met: &[Date]) -> PairProgress<'static> {
        PairProgress {
            program: "p",
            program_version: None,
            pair: Some("x".to_owned()),
            span: crate::source::Span::new(crate::source::Sources::new().add("x", ""), 0..0),
            track: None,
            status: PairStatus::Active,
            started: None,
            held: held.len() as u32,
            held_dates: held.into(),
            cancelled: 0,
            no_shows: 0,
            reviews: 0,
            minutes: 0,
            last_number: None,
            last_date: None,
            phase: None,
            outcomes: Box::default(),
            milestones: met
                .iter()
                .map(|&date| MilestoneProgress {
                    id: "m",
                    state: MilestoneState::Met,
                    due: None,
                    met_in: Some(MetIn {
                        session: Some(1),
                        date: Some(date),
                    }),
                })
                .collect(),
            next_session_due: None,
            risks: Vec::new(),
            errors: 0,
            warnings: 0,
            codes: Box::default(),
        }
    }

    fn figures(trends: &Trends) -> Vec<(Date, Option<u64>, Option<u64>)> {
        trends
            .weeks
            .iter()
            .map(|w| {
                (
                    w.week,
                    w.sessions_held.shown().copied(),
                    w.milestones_met_to_date.shown().copied(),
                )
            })
            .collect()
    }

    #[test]
    fn weeks_start_on_monday_and_run_to_the_report_date() {
        // 2025-01-08 is a Wednesday; 2025-01-20 a Monday.
        let pairs = [
            pair(&[d(2025, 1, 8), d(2025, 1, 20)], &[d(2025, 1, 20)]),
            pair(&[d(2025, 1, 9)], &[]),
        ];
        let refs: Vec<&PairProgress> = pairs.iter().collect();
        let trends = trends(&refs, d(2025, 1, 22), 1);
        assert_eq!(
            figures(&trends),
            [
                (d(2025, 1, 6), Some(2), Some(0)),
                (d(2025, 1, 13), Some(0), Some(0)),
                (d(2025, 1, 20), Some(1), Some(1)),
            ]
        );
        // A session after the report's date has not happened yet.
        let trends = super::trends(&refs, d(2025, 1, 19), 1);
        assert_eq!(trends.weeks.len(), 2);
        assert!(
            trends
                .weeks
                .iter()
                .all(|w| w.week.weekday() == Weekday::Monday)
        );
    }

    #[test]
    fn a_week_of_a_small_group_is_hidden_with_the_smallest_shown_one() {
        let week1 = d(2025, 1, 6);
        let week2 = d(2025, 1, 13);
        let week3 = d(2025, 1, 20);
        // Week 1: three pairs; week 2: one pair; week 3: two pairs.
        let pairs = [
            pair(&[week1, week3], &[]),
            pair(&[week1, week3], &[]),
            pair(&[week1], &[]),
            pair(&[week2], &[]),
        ];
        let refs: Vec<&PairProgress> = pairs.iter().collect();
        let trends = trends(&refs, week3, 2);
        // Week 2 (one pair) is hidden; alone it would be the total minus the others, so week 3
        // (two pairs, fewer than week 1's three) goes with it.
        let shown: Vec<Option<u64>> = figures(&trends).iter().map(|f| f.1).collect();
        assert_eq!(shown, [Some(3), None, None]);
    }

    #[test]
    fn burn_up_points_never_differ_by_a_small_group() {
        let weeks: Vec<Date> = (0..4)
            .map(|i| {
                d(2025, 1, 6)
                    .checked_add(jiff::Span::new().weeks(i))
                    .unwrap_or(Date::MIN)
            })
            .collect();
        // Week 0: two pairs meet; week 1: one pair; week 2: one other pair; week 3: nobody.
        let pairs = [
            pair(&[weeks[0]], &[weeks[0]]),
            pair(&[weeks[0]], &[weeks[0]]),
            pair(&[weeks[1]], &[weeks[1]]),
            pair(&[weeks[2]], &[weeks[2]]),
        ];
        let refs: Vec<&PairProgress> = pairs.iter().collect();
        let points: Vec<Option<u64>> = figures(&trends(&refs, weeks[3], 2))
            .iter()
            .map(|f| f.2)
            .collect();
        // Week 1 alone would show one pair's milestone; weeks 1 and 2 together are two pairs.
        assert_eq!(points, [Some(2), None, Some(4), Some(4)]);
        // With a minimum of 3, weeks 0 and 1 make a point of three pairs, but the one pair after
        // it would be the tables' total minus that point: no point is shown.
        let points: Vec<Option<u64>> = figures(&trends(&refs, weeks[3], 3))
            .iter()
            .map(|f| f.2)
            .collect();
        assert_eq!(points, [None, None, None, None]);
        // A fifth pair meeting alone in week 3 would be the total minus week 2's point: week 2
        // is hidden too, and what follows week 0 is a group of three.
        let mut more = pairs.to_vec();
        more.push(pair(&[weeks[3]], &[weeks[3]]));
        let refs: Vec<&PairProgress> = more.iter().collect();
        let points: Vec<Option<u64>> = figures(&trends(&refs, weeks[3], 2))
            .iter()
            .map(|f| f.2)
            .collect();
        assert_eq!(points, [Some(2), None, None, None]);
    }

    #[test]
    fn what_no_week_counts_is_a_hidden_group_of_its_own() {
        let week = d(2025, 2, 3);
        let later = d(2025, 5, 26);
        // Five pairs meet in one week; a sixth holds its session after the report's date, which
        // the cohort's totals count and no week does.
        let mut pairs: Vec<PairProgress> = (0..5).map(|_| pair(&[week], &[week])).collect();
        pairs.push(pair(&[later], &[later]));
        let refs: Vec<&PairProgress> = pairs.iter().collect();
        let trends = trends(&refs, d(2025, 5, 20), 5);
        // The week alone would be the totals minus one pair's session and milestone.
        assert!(
            trends
                .weeks
                .iter()
                .all(|w| w.sessions_held.shown().is_none_or(|n| *n == 0)),
            "{:?}",
            figures(&trends)
        );
        assert!(
            trends
                .weeks
                .iter()
                .all(|w| w.milestones_met_to_date.shown().is_none_or(|n| *n == 0)),
            "{:?}",
            figures(&trends)
        );
    }

    #[test]
    fn a_session_centuries_back_does_not_make_a_series_of_centuries() {
        let pairs = [pair(&[d(1025, 1, 6), d(2025, 1, 6)], &[])];
        let refs: Vec<&PairProgress> = pairs.iter().collect();
        let trends = trends(&refs, d(2025, 1, 6), 1);
        assert_eq!(trends.weeks.len(), 1);
        assert_eq!(trends.weeks[0].sessions_held.shown(), Some(&1));
    }

    proptest::proptest! {
        /// Whatever the cohort, no shown figure and no difference of shown figures is about a
        /// small group of pairs.
        #[test]
        fn no_small_group_is_shown_or_given_away(
            cohort in proptest::collection::vec(
                (
                    proptest::collection::vec(0u8..15, 0..6),
                    proptest::collection::vec(0u8..15, 0..3),
                ),
                0..14,
            ),
            min_group in 1usize..6,
        ) {
            let monday = d(2025, 1, 6);
            let week = |n: u8| monday.checked_add(jiff::Span::new().weeks(i64::from(n))).unwrap_or(monday);
            let pairs: Vec<PairProgress> = cohort
                .iter()
                .map(|(held, met)| {
                    let held: Vec<Date> = held.iter().map(|n| week(*n)).collect();
                    let met: Vec<Date> = met.iter().map(|n| week(*n)).collect();
                    pair(&held, &met)
                })
                .collect();
            let refs: Vec<&PairProgress> = pairs.iter().collect();
            let trends = trends(&refs, week(12), min_group);
            let small = |pairs: &std::collections::BTreeSet<usize>| is_small(pairs.len(), min_group);
            let pairs_in = |week: Date, of: &dyn Fn(&PairProgress) -> Vec<Date>| {
                refs.iter()
                    .enumerate()
                    .filter(|(_, p)| of(p).iter().any(|d| monday_of(*d) == Some(week)))
                    .map(|(i, _)| i)
                    .collect::<std::collections::BTreeSet<usize>>()
            };
            let held_of = |p: &PairProgress| p.held_dates.to_vec();
            let met_of = |p: &PairProgress| {
                p.milestones.iter().filter_map(|m| m.met_in.and_then(|m| m.date)).collect()
            };
            let mut hidden_sessions = std::collections::BTreeSet::new();
            let mut since_shown = std::collections::BTreeSet::new();
            // Subtracting shown figures from the cohort's totals gives away only what lies
            // beside a shown figure that is not zero (the totals are the tables' own).
            let mut any_sessions_shown = false;
            let mut any_point_shown = false;
            for w in &trends.weeks {
                let held_by = pairs_in(w.week, &held_of);
                match w.sessions_held.shown() {
                    Some(n) => {
                        proptest::prop_assert!(!small(&held_by), "{:?}", w.week);
                        any_sessions_shown |= *n > 0;
                    }
                    None => hidden_sessions.extend(held_by),
                }
                since_shown.extend(pairs_in(w.week, &met_of));
                if let Some(n) = w.milestones_met_to_date.shown() {
                    any_point_shown |= *n > 0;
                    proptest::prop_assert!(!small(&since_shown), "burn-up at {:?}", w.week);
                    since_shown.clear();
                }
            }
            // Sessions and milestones after the report's date are in the totals, in no week.
            let after = |of: &dyn Fn(&PairProgress) -> Vec<Date>| {
                refs.iter()
                    .enumerate()
                    .filter(|(_, p)| of(p).iter().any(|d| *d > week(12)))
                    .map(|(i, _)| i)
                    .collect::<Vec<usize>>()
            };
            hidden_sessions.extend(after(&held_of));
            since_shown.extend(after(&met_of));
            proptest::prop_assert!(
                !any_sessions_shown || !small(&hidden_sessions),
                "hidden weeks: {hidden_sessions:?}"
            );
            proptest::prop_assert!(
                !any_point_shown || !small(&since_shown),
                "after the last point: {since_shown:?}"
            );
        }
    }
}
