//! Pairs (`L034`): one log per pair. The only log rule that spans logs: `validate` feeds it
//! each matched log's program id and `pair` in input order, and the later log is reported,
//! pointing at the first.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::log::Spanned;
use crate::model::Program;
use crate::rules;
use crate::source::Span;
use crate::words::quote_id;

/// `L034`: two logs of one program that name the same pair. `pairs` gives each matched log's
/// program id and `pair` value in input order; the later log is reported, pointing at the first.
pub(crate) fn check_unique_pairs<'a>(
    programs: &[Program],
    pairs: impl IntoIterator<Item = (&'a str, &'a Spanned<String>)>,
    diagnostics: &mut Diagnostics,
) {
    let mut first: HashMap<(&str, &str), Span> = HashMap::new();
    for (program_id, pair) in pairs {
        let Some(earlier) = first.get(&(program_id, pair.value.as_str())) else {
            first.insert((program_id, pair.value.as_str()), pair.span);
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            &rules::DUPLICATE_PAIR,
            format!(
                "pair {} of program `{program_id}` has another log: the contract is one log per pair",
                quote_id(&pair.value)
            ),
            Label::new(pair.span, "a second log of this pair"),
        )
        .with_label(Label::new(*earlier, "the first log of this pair"))
        .with_help("keep one log per pair (an export and a hand-written copy count twice), or give each pair its own id");
        diagnostic.subject = super::subject_of(Some(program_id), Some(pair), None);
        match programs.iter().find(|p| p.id == program_id) {
            Some(program) => diagnostics.push_with(program, diagnostic),
            None => diagnostics.push(diagnostic),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        check_unique_pairs(
            &[],
            [
                ("senior-ic", &first),
                ("senior-ic", &second),
                ("senior-ic", &other),
                ("other-program", &elsewhere),
            ],
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
}
