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
pub fn check_unique_pairs<'a>(
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
        let diagnostic = Diagnostic::new(
            &rules::DUPLICATE_PAIR,
            format!(
                "pair {} of program `{program_id}` has another log: the contract is one log per pair",
                quote_id(&pair.value)
            ),
            Label::new(pair.span, "a second log of this pair"),
        )
        .with_label(Label::new(*earlier, "the first log of this pair"))
        .with_help("keep one log per pair (an export and a hand-written copy count twice), or give each pair its own id");
        match programs.iter().find(|p| p.id == program_id) {
            Some(program) => diagnostics.push_with(program, diagnostic),
            None => diagnostics.push(diagnostic),
        }
    }
}
