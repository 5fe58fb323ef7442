//! Syntax: the pest grammar (`grammar/mentor.pest`) and the AST it builds.
//!
//! Parsing never fails. [`parse`] returns a tree with every item it could read and a
//! diagnostic for every item it could not; recovery is per item, so one typo does not hide
//! the next. Syntax knows nothing of imports, ids or the CLI.

pub mod ast;
mod braces;
pub(crate) mod keywords;
pub(crate) mod lexer;
mod parser;
mod recovery;

use crate::diagnostic::Diagnostics;
use crate::source::SourceId;

/// Parses one `.mentor` file.
pub fn parse(source: SourceId, text: &str, diagnostics: &mut Diagnostics) -> ast::File {
    parser::parse_file(source, text, diagnostics)
}
