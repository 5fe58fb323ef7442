//! Pairs (`L034`): one log per pair. The only log rule that spans logs: `validate` feeds it
//! each matched log's program id and `pair` in input order, and the later log is reported,
//! pointing at the first.

use std::hash::BuildHasher as _;

use rayon::slice::ParallelSliceMut as _;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::Program;
use crate::rules;
use crate::source::Span;
use crate::words::quote_id;

/// `L034`: two logs of one program that name the same pair. `pair_of` gives each log of `logs`
/// (in input order) its program id, `pair` value and that value's span, if it was matched to a
/// program and names a pair; the later log is reported, pointing at the first.
pub(crate) fn check_unique_pairs<'a, T>(
    programs: &[Program],
    logs: &'a [T],
    pair_of: impl Fn(&'a T) -> Option<(&'a str, &'a str, Span)>,
    diagnostics: &mut Diagnostics,
) {
    let key = |at: u32| {
        logs.get(at as usize)
            .and_then(&pair_of)
            .map(|(program, pair, _)| (program, pair))
    };
    // (foldhash, seeded per run: std's SipHash took 8.5 M more instructions on 30,000 logs, on
    // the one thread that runs this. Its `quality` variant: pair ids come from the logs, and
    // ids made to share a hash would make the comparison of their keys quadratic.)
    let hasher = foldhash::quality::RandomState::default();
    // (Half the hash: a few keys share one, and 4 bytes a log are saved.)
    let mut repeated = repeated_keys(logs.len(), key, |key| hasher.hash_one(key) as u32);
    repeated.sort_unstable();
    let found = |at: u32| logs.get(at as usize).and_then(&pair_of);
    for (later, first) in repeated {
        let (Some((program_id, pair, span)), Some((_, _, earlier))) = (found(later), found(first))
        else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            &rules::DUPLICATE_PAIR,
            format!(
                "pair {} of program `{program_id}` has another log: the contract is one log per pair",
                quote_id(pair)
            ),
            Label::new(span, "a second log of this pair"),
        )
        .with_label(Label::new(earlier, "the first log of this pair"))
        .with_help("keep one log per pair (an export and a hand-written copy count twice), or give each pair its own id");
        diagnostic.subject = super::subject_of(Some(program_id), Some(pair), None);
        match programs.iter().find(|p| p.id == program_id) {
            Some(program) => diagnostics.push_with(program, diagnostic),
            None => diagnostics.push(diagnostic),
        }
    }
}

/// Each position below `len` whose `key` an earlier position has, with the first position that
/// has it. The positions are sorted by `hash` of their key, rather than kept in a map of every
/// key: 8 bytes a position, for a cohort file of hundreds of thousands of logs; and numbers
/// sort (on both cores) faster than a cohort's pair ids, which share long prefixes. Keys that
/// share a hash (a few in a cohort of hundreds of thousands) are told apart by comparing them.
fn repeated_keys<K: PartialEq>(
    len: usize,
    key: impl Fn(u32) -> Option<K>,
    hash: impl Fn(&K) -> u32,
) -> Vec<(u32, u32)> {
    let mut order: Vec<(u32, u32)> = (0..len)
        .filter_map(|at| u32::try_from(at).ok())
        .filter_map(|at| Some((hash(&key(at)?), at)))
        .collect();
    order.par_sort_unstable();
    let mut repeated: Vec<(u32, u32)> = Vec::new();
    // The first position of each key of one hash; positions of one hash come in order.
    let mut firsts: Vec<u32> = Vec::new();
    for group in order.chunk_by(|(a, _), (b, _)| a == b) {
        firsts.clear();
        for &(_, at) in group {
            match firsts.iter().find(|&&first| key(first) == key(at)) {
                Some(&first) => repeated.push((at, first)),
                None => firsts.push(at),
            }
        }
    }
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::Spanned;
    use crate::source::{SourceId, Sources};

    /// `pair` at byte `start` of a log source.
    fn pair(source: SourceId, value: &str, start: usize) -> Spanned<String> {
        Spanned::new(
            value.to_owned(),
            Span::new(source, start..start + value.len()),
        )
    }

    #[test]
    fn a_second_log_of_a_pair_points_at_the_first() {
        let mut sources = Sources::new();
        let log = sources.add("logs.jsonl", "pair-1 pair-1 pair-2 pair-1");
        let first = pair(log, "pair-1", 0);
        let second = pair(log, "pair-1", 7);
        let other = pair(log, "pair-2", 14);
        let elsewhere = pair(log, "pair-1", 21);
        let mut diagnostics = Diagnostics::new();
        let logs = [
            ("senior-ic", &first),
            ("senior-ic", &second),
            ("senior-ic", &other),
            ("other-program", &elsewhere),
        ];
        check_unique_pairs(
            &[],
            &logs,
            |(program, pair)| Some((program, pair.value.as_str(), pair.span)),
            &mut diagnostics,
        );
        let found: Vec<_> = diagnostics
            .iter()
            .map(|d| {
                (
                    d.code(),
                    d.message.as_str(),
                    d.primary.span,
                    d.secondary.first().map(|l| l.span),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(
                "L034",
                "pair `pair-1` of program `senior-ic` has another log: the contract is one log per pair",
                second.span,
                Some(first.span)
            )]
        );
    }

    #[test]
    fn keys_that_share_a_hash_are_told_apart() {
        let keys = ["a", "b", "a", "c", "b", "a"];
        let key = |at: u32| keys.get(at as usize).copied();
        // Every key one hash, and each its own: the same logs repeat either way.
        let hashes: [fn(&&str) -> u32; 2] = [|_| 7, |k| u32::from(k.as_bytes()[0])];
        for hash in hashes {
            let mut repeated = repeated_keys(keys.len(), key, hash);
            repeated.sort_unstable();
            assert_eq!(repeated, [(2, 0), (4, 1), (5, 0)]);
        }
    }
}
