//! Which cohort figures may be shown: small groups, and groups that subtraction would give away.
//!
//! Any figure computed over 1 to `min_group - 1` pairs is replaced by [`Group::Suppressed`] (a
//! figure over no pair is about no one and shows its zeros), so the only pair of a track, or
//! the two pairs a milestone applies to, cannot be singled out when the aggregates are shared
//! ("publish anonymized insights … without singling out individuals", in the program-design
//! article). Hiding a group is not enough when the others are shown beside their total: the
//! total minus the shown groups is the hidden one. The subtraction rules below hide those
//! figures too (secondary suppression). They are kept apart from the counting in `aggregate`
//! so that each rule can be read, and tested, on group sizes alone.

use serde::Serialize;

use crate::model::Program;

/// A figure over a group of pairs, or nothing when the group is too small to show.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Group<T> {
    Shown(T),
    Suppressed(Suppressed),
}

/// What a suppressed figure says instead.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Suppressed {
    /// Always `true`: the group has fewer pairs than `min_group`.
    pub suppressed: bool,
}

impl<T> Group<T> {
    /// A figure over `pairs` pairs: hidden for 1 to `min_group - 1` of them. A figure over no
    /// pair (a track milestone when nobody is on the track) shows its zeros: it is about no one.
    pub(super) fn over(pairs: usize, min_group: usize, figure: impl FnOnce() -> T) -> Group<T> {
        if is_small(pairs, min_group) {
            Group::Suppressed(Suppressed { suppressed: true })
        } else {
            Group::Shown(figure())
        }
    }

    pub fn shown(&self) -> Option<&T> {
        match self {
            Group::Shown(figure) => Some(figure),
            Group::Suppressed(_) => None,
        }
    }
}

/// A group of 1 to `min_group - 1` pairs: too small to show. (An empty group shows no one.)
pub(super) fn is_small(pairs: usize, min_group: usize) -> bool {
    pairs > 0 && pairs < min_group
}

/// Which of the groups that split a cohort of `cohort_pairs` pairs (the tracks, then the pairs
/// on no track; `sizes` in pairs) are hidden.
///
/// Those groups split the cohort, whose totals are shown: subtracting the shown groups from the
/// totals gives the sum over the hidden ones. So while the hidden groups hold fewer than
/// `min_group` pairs between them, the smallest shown group with pairs is hidden too.
pub(super) fn hidden_groups(sizes: &[usize], cohort_pairs: usize, min_group: usize) -> Vec<bool> {
    let mut hidden: Vec<bool> = sizes
        .iter()
        .map(|&size| cohort_pairs < min_group || is_small(size, min_group))
        .collect();
    // What subtraction from the totals gives is the sum over the hidden groups: hide the
    // smallest shown groups until that sum is itself no small group.
    loop {
        let hidden_pairs: usize = sizes
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(size, _)| size)
            .sum();
        if !is_small(hidden_pairs, min_group) {
            break;
        }
        let smallest_shown = sizes
            .iter()
            .enumerate()
            .filter(|(i, size)| !hidden[*i] && **size > 0)
            .min_by_key(|(_, size)| **size)
            .map(|(i, _)| i);
        match smallest_shown {
            Some(i) => hidden[i] = true,
            None => break,
        }
    }
    hidden
}

/// Whether the shown groups' milestone figures are hidden, given how many pairs of each group
/// owe milestones (those that did not end early, a group of their own in each track).
///
/// If any shown group has too few of them, no group shows its milestone figures: the milestone
/// rows (over all owing pairs) minus the others would give the small one away.
pub(super) fn milestone_figures_hidden(owing: &[usize], hidden: &[bool], min_group: usize) -> bool {
    owing
        .iter()
        .zip(hidden)
        .any(|(&owing, hidden)| !hidden && is_small(owing, min_group))
}

/// Whether a milestone's row would leave out a small group: of the `owing` pairs (those that
/// did not end early), the row counts `counted`; the total minus the row would give the others.
pub(super) fn leaves_out_small_group(owing: usize, counted: usize, min_group: usize) -> bool {
    is_small(owing - counted.min(owing), min_group)
}

/// Whether a hidden track adds, replaces or drops the milestone `milestone_id`: its row would
/// then give the track's size away.
pub(super) fn shaped_by_hidden_track(
    program: &Program,
    hidden_tracks: &[&str],
    milestone_id: &str,
) -> bool {
    program
        .tracks
        .iter()
        .filter(|t| hidden_tracks.contains(&t.id.as_str()))
        .any(|t| {
            t.drops.iter().any(|(d, _)| d == milestone_id)
                || t.milestones.iter().any(|m| {
                    m.milestone.id == milestone_id
                        || m.replaces.as_ref().is_some_and(|(r, _)| r == milestone_id)
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_smaller_than_the_minimum_are_suppressed() {
        let shown: Group<usize> = Group::over(5, 5, || 5);
        let hidden: Group<usize> = Group::over(4, 5, || 4);
        assert_eq!(shown.shown(), Some(&5));
        assert_eq!(hidden.shown(), None);
        assert_eq!(
            serde_json::to_string(&hidden).unwrap_or_default(),
            r#"{"suppressed":true}"#
        );
        // A figure over no pair is about no one.
        let empty: Group<usize> = Group::over(0, 5, || 0);
        assert_eq!(empty.shown(), Some(&0));
    }

    #[test]
    fn a_lone_small_group_takes_the_smallest_shown_one_with_it() {
        // One pair on the first track: subtracting the others from the total would give it.
        assert_eq!(
            hidden_groups(&[1, 5, 6], 12, 5),
            [true, true, false],
            "the smallest shown group is hidden beside it"
        );
        // Two small groups that together are no small group are enough.
        assert_eq!(hidden_groups(&[3, 2, 7], 12, 5), [true, true, false]);
        // Empty groups are no one, and are never hidden to cover a small one.
        assert_eq!(hidden_groups(&[0, 9], 9, 5), [false, false]);
        assert_eq!(hidden_groups(&[1, 0, 6], 7, 5), [true, false, true]);
        // A cohort too small to show hides every group.
        assert_eq!(hidden_groups(&[2, 2], 4, 5), [true, true]);
    }

    #[test]
    fn milestone_figures_hide_when_a_shown_group_owes_too_few() {
        assert!(milestone_figures_hidden(&[5, 2], &[false, false], 5));
        assert!(!milestone_figures_hidden(&[5, 2], &[false, true], 5));
        assert!(!milestone_figures_hidden(&[5, 0], &[false, false], 5));
    }

    #[test]
    fn a_row_that_leaves_out_a_small_group_is_hidden() {
        assert!(leaves_out_small_group(10, 8, 5));
        assert!(!leaves_out_small_group(10, 10, 5));
        assert!(!leaves_out_small_group(10, 5, 5));
        // Counted pairs beyond the owing ones leave no one out.
        assert!(!leaves_out_small_group(3, 4, 5));
    }
}
