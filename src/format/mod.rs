//! The formatter behind `mentor fmt` (and the language server's document formatting).
//!
//! [`format_source`] prints a `.mentor` file in the one canonical layout. It only formats text
//! that parses: with any syntax error it returns the parser's diagnostics and nothing else.
//!
//! The layout (see `docs/authoring.md` for the designer's version):
//! - Four spaces per block level; one item per line; `{` ends its header line and `}` has a
//!   line of its own. A block with nothing in it is written `{}`.
//! - Within a line, tokens are separated by one space, except `,` (none before) and `..`
//!   (none around): `cadence every 2 weeks, gap at most 4 weeks`, `sessions 1..2`.
//! - Consecutive `outcome`, `competency` (without a doc block), `field` and `severity` lines
//!   at one level line up in columns: each column is as wide as its widest entry among the
//!   lines that have something after it. A blank line or another item ends the run; a
//!   comment line does not.
//! - Blank lines are the author's: wherever the source has one or more blank lines between two
//!   items or comments (also right after a `{`), the output has exactly one. There are none at
//!   the top of the file, none before a `}`, and the file ends with one line break.
//! - Comments keep their place: a comment at the end of a line stays at the end of that line,
//!   starting at column 44 (or two spaces after the code when the code is longer; consecutive
//!   lines with such comments share one column); a comment on its own line stays on its own
//!   line, indented like the item after it (or like the block's items, at the end of a
//!   block). A comment written in the middle of an item (possible when an item is split over
//!   lines) moves to its own line just before the item.
//! - Tokens are printed as written: strings byte for byte (escapes untouched), ids and
//!   numbers as spelled. Comments lose only their trailing white space.
//! - Line ends are `\n`; a byte order mark is dropped.
//!
//! **Architecture Invariant:** the formatter never changes what a file means. Before
//! returning, it re-tokenizes its output and compares it with the input: the same tokens in
//! the same order and the same comments in the same order, or it refuses ([`FormatError::Internal`]).

mod layout;
mod print;

use crate::diagnostic::Diagnostics;
use crate::source::{SourceId, Sources};
use crate::syntax::{self, lexer};

/// Why a text was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The text does not parse; the parser's diagnostics say where.
    Syntax(Diagnostics),
    /// The formatter's own check failed (a bug in the formatter); the text must be left as is.
    Internal(String),
}

/// Formats a `.mentor` text. Diagnostics of a syntax error point into a source of their own;
/// their byte ranges index `text`. Use [`format_file`] to have them point into your `Sources`.
pub fn format_source(text: &str) -> Result<String, FormatError> {
    let mut sources = Sources::new();
    let source = sources.add("<input>", text);
    format_file(source, text)
}

/// Formats the text of `source` (its diagnostics point into `source`).
pub fn format_file(source: SourceId, text: &str) -> Result<String, FormatError> {
    let mut diagnostics = Diagnostics::new();
    let file = syntax::parse(source, text, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(FormatError::Syntax(diagnostics));
    }
    let tokens = lexer::tokenize(text);
    let nodes = layout::nodes(&file, text, &tokens);
    let lines = layout::Layout::new(text, &tokens)
        .file(&nodes)
        .map_err(|e| FormatError::Internal(e.0))?;
    let formatted = print::render(&lines);
    verify(text, &tokens, &formatted)?;
    Ok(formatted)
}

/// The output must hold the input's tokens in order, and its comments in order.
fn verify(input: &str, input_tokens: &[lexer::Token], output: &str) -> Result<(), FormatError> {
    let output_tokens = lexer::tokenize(output);
    let split = |text: &str, tokens: &[lexer::Token]| {
        let (comments, code): (Vec<_>, Vec<_>) = tokens
            .iter()
            .map(|t| (t.is_comment(), t.text(text).to_owned()))
            .partition(|(is_comment, _)| *is_comment);
        (code, comments)
    };
    let (code_in, comments_in) = split(input, input_tokens);
    let (code_out, comments_out) = split(output, &output_tokens);
    if code_in != code_out {
        let at = code_in
            .iter()
            .zip(&code_out)
            .position(|(a, b)| a != b)
            .unwrap_or(code_in.len().min(code_out.len()));
        return Err(FormatError::Internal(format!(
            "the formatted text would change token {} (`{}`)",
            at + 1,
            code_in.get(at).map_or("", |t| t.1.as_str())
        )));
    }
    if comments_in != comments_out {
        return Err(FormatError::Internal(
            "the formatted text would lose or reorder a comment".to_owned(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format_source(text) {
            Ok(out) => out,
            Err(e) => panic!("{e:?}"),
        }
    }

    #[test]
    fn aligns_outcomes_and_keeps_comments() {
        let input = "program p \"P\" {   version \"1\"\n// lead\n outcome a \"A\"\n outcome bbb \"B b\" failed // end\n outcome cc \"C\" failed }\n";
        assert_eq!(
            fmt(input),
            "program p \"P\" {\n    version \"1\"\n    // lead\n    outcome a   \"A\"\n    outcome bbb \"B b\" failed               // end\n    outcome cc  \"C\"   failed\n}\n"
        );
    }

    #[test]
    fn empty_blocks_and_mid_item_comments() {
        assert_eq!(
            fmt("library l {   }\nprogram p \"P\" { length 5 // five\n sessions }"),
            "library l {}\nprogram p \"P\" {\n    // five\n    length 5 sessions\n}\n"
        );
        assert_eq!(fmt(""), "");
        assert_eq!(
            fmt("\n\n// only\n\n\n// comments\n"),
            "// only\n\n// comments\n"
        );
    }

    #[test]
    fn keeps_the_first_session_and_missed_sessions_lines() {
        assert_eq!(
            fmt(
                "program p \"P\" { first  session within 2   weeks\n  missed sessions at most 2 in   a row }"
            ),
            "program p \"P\" {\n    first session within 2 weeks\n    missed sessions at most 2 in a row\n}\n"
        );
    }

    #[test]
    fn refuses_syntax_errors() {
        assert!(matches!(
            format_source("program p \"P\" { lenght 5 sessions }"),
            Err(FormatError::Syntax(_))
        ));
    }
}
