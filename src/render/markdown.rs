//! Markdown escaping of text we did not write, shared by the playbook and the cohort report.
//!
//! Both put program strings (titles, labels) and log strings (pair ids) into Markdown tables
//! and headings, and must show them as typed rather than let them format, link or break a
//! table: one escaping, so a fix reaches both.

use crate::render::visible::push_visible;

/// A program string as Markdown text: punctuation that would format (`~~` strikes through on
/// GitHub), link, open an HTML tag or end a table cell is backslash-escaped; control
/// characters are shown escaped (`render::visible`); line breaks become spaces (for table cells
/// and headings; the playbook's paragraphs and list items keep them through its `lines`).
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at_start = true;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;");
            }
            '\n' | '\r' => out.push(' '),
            _ => push_visible(&mut out, c),
        }
        at_start = false;
    }
    out
}
