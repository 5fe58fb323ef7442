//! Text from input made safe to print: no character a terminal or a CI log acts on.
//!
//! Programs, logs and file names come from outside. An escape sequence in a pair id could
//! recolour or clear a terminal, a carriage return could overwrite a line a reviewer reads,
//! a bidi override could make a snippet read differently from the bytes it shows, and a line
//! break in a file name could start a GitHub workflow command (`::error …`) on a line of its
//! own. Every text renderer passes input-derived text through [`visible`] (texts that may span
//! lines) or [`visible_line`] (names, and anything printed on one line), which show such
//! characters as Rust-style escapes: ESC becomes `\u{1b}`.

use std::borrow::Cow;
use std::ops::Range;

/// Whether `c` must not reach a terminal or a CI log raw. Line ends are decided by [`kept`].
pub fn is_hidden_control(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides and isolates, and the marks that steer them
        // ("Trojan Source", CVE-2021-42574); line and paragraph separators, which some
        // terminals and viewers break lines at.
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Noncharacters that XML forbids and that no text needs.
        | '\u{fffe}' | '\u{ffff}')
}

/// What may stay of the line ends: none (names, one-line formats), line feeds (messages), or
/// line feeds and CRLF line ends (source text, which miette splits into lines itself).
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    NoLineEnds,
    LineFeeds,
    LineEnds,
}

/// Whether `c`, at `i` in `bytes`, is shown as it is.
fn kept(c: char, i: usize, bytes: &[u8], keep: Keep) -> bool {
    match c {
        '\n' => keep != Keep::NoLineEnds,
        '\r' => keep == Keep::LineEnds && bytes.get(i + 1) == Some(&b'\n'),
        c => !is_hidden_control(c),
    }
}

/// Whether `text` holds anything that `keep` does not keep.
fn needs_escape(text: &str, keep: Keep) -> bool {
    let bytes = text.as_bytes();
    // Most text is plain ASCII without controls: decide that from the bytes alone.
    let suspicious = bytes
        .iter()
        .any(|&b| (b < 0x20 && b != b'\t') || b == 0x7f || b >= 0xc2);
    suspicious && text.char_indices().any(|(i, c)| !kept(c, i, bytes, keep))
}

/// Appends `c` to `out`, escaped if it is a hidden control: `\u{1b}`.
fn escape_into(out: &mut String, c: char) {
    if is_hidden_control(c) || c == '\n' || c == '\r' {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

fn escape(text: &str, keep: Keep) -> Cow<'_, str> {
    if !needs_escape(text, keep) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if kept(c, i, bytes, keep) {
            out.push(c);
        } else {
            escape_into(&mut out, c);
        }
    }
    Cow::Owned(out)
}

/// Appends `c` to `out` as [`visible`] shows it, for escapers that walk a text themselves
/// (Markdown); they decide about line breaks.
pub fn push_visible(out: &mut String, c: char) {
    if is_hidden_control(c) {
        escape_into(out, c);
    } else {
        out.push(c);
    }
}

/// `text` with every control character but tab and line feed escaped.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, Keep::LineFeeds)
}

/// `text` on one line: like [`visible`], and line breaks escaped too (`\u{a}`). For file
/// names and anything else a line of output is built around.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    escape(text, Keep::NoLineEnds)
}

/// Past this many hidden controls in one file, a snippet shows each as a placeholder of the
/// same length instead of an escape: a file of nothing but ESC bytes would otherwise need an
/// escaped copy six times its size and an offset table four times that.
const MAX_ESCAPES: usize = 4096;

/// A visible stand-in of the same UTF-8 length as `c`, so that offsets do not move.
fn placeholder(c: char) -> char {
    match c.len_utf8() {
        1 => '?',
        2 => '\u{bf}', // ¿
        _ => '\u{fffd}',
    }
}

/// A source text with its hidden controls escaped, and the way from its offsets to the
/// escaped text's, so labels still sit under the characters they point at.
pub struct EscapedText {
    pub text: String,
    /// Each escaped character's offset in the original text, with how many bytes the text
    /// has grown by up to and including it; sorted by offset.
    growth: Vec<(usize, usize)>,
}

impl EscapedText {
    /// `None` when `text` needs no escape (the common case): use it as it is.
    pub fn of(text: &str) -> Option<EscapedText> {
        if !needs_escape(text, Keep::LineEnds) {
            return None;
        }
        let bytes = text.as_bytes();
        let hidden = text
            .char_indices()
            .filter(|&(i, c)| !kept(c, i, bytes, Keep::LineEnds))
            .count();
        if hidden > MAX_ESCAPES {
            return Some(EscapedText {
                text: text
                    .char_indices()
                    .map(|(i, c)| {
                        if kept(c, i, bytes, Keep::LineEnds) {
                            c
                        } else {
                            placeholder(c)
                        }
                    })
                    .collect(),
                growth: Vec::new(),
            });
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut growth = Vec::with_capacity(hidden);
        for (i, c) in text.char_indices() {
            if kept(c, i, bytes, Keep::LineEnds) {
                out.push(c);
            } else {
                let before = out.len();
                escape_into(&mut out, c);
                let grown =
                    growth.last().map_or(0, |&(_, g)| g) + (out.len() - before) - c.len_utf8();
                growth.push((i, grown));
            }
        }
        Some(EscapedText { text: out, growth })
    }

    /// Where `offset` of the original text is in the escaped one. An offset at an escaped
    /// character maps to the start of its escape.
    pub fn offset(&self, offset: usize) -> usize {
        let before = self.growth.partition_point(|&(at, _)| at < offset);
        let grown = match before {
            0 => 0,
            n => self.growth[n - 1].1,
        };
        offset + grown
    }

    /// A range of the original text as a range of the escaped one: a range that covers an
    /// escaped character covers the whole of its escape.
    pub fn range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_plain_text_is_borrowed() {
        assert!(matches!(visible("decision-review"), Cow::Borrowed(_)));
        assert!(matches!(visible("judgmént\tok\nnext"), Cow::Borrowed(_)));
        assert_eq!(visible("crlf\r\n"), "crlf\\u{d}\n");
        assert_eq!(visible("a\u{1b}[31mred\u{7}"), "a\\u{1b}[31mred\\u{7}");
        assert_eq!(visible("over\rwrite"), "over\\u{d}write");
        assert_eq!(
            visible("\u{202e}txt.exe\u{2066}"),
            "\\u{202e}txt.exe\\u{2066}"
        );
        assert_eq!(visible("c1 \u{9b}31m"), "c1 \\u{9b}31m");
        assert_eq!(visible("xml \u{fffe}\u{ffff}"), "xml \\u{fffe}\\u{ffff}");
        assert_eq!(visible("two\nlines"), "two\nlines");
        assert_eq!(visible_line("two\n::error::x"), "two\\u{a}::error::x");
        assert_eq!(visible_line("a\r\nb"), "a\\u{d}\\u{a}b");
    }

    #[test]
    fn offsets_move_past_each_escape() {
        let text = "ab\u{1b}cd\u{202e}e\nf";
        let escaped = EscapedText::of(text).expect("the text has controls");
        assert_eq!(escaped.text, "ab\\u{1b}cd\\u{202e}e\nf");
        // `c` follows ESC (1 byte shown as 6); `e` follows U+202E (3 bytes shown as 8).
        assert_eq!(&escaped.text[escaped.range(3..5)], "cd");
        assert_eq!(&escaped.text[escaped.range(8..9)], "e");
        assert_eq!(&escaped.text[escaped.range(2..3)], "\\u{1b}");
        assert_eq!(&escaped.text[escaped.range(0..text.len())], escaped.text);
        assert!(EscapedText::of("plain\r\ntext").is_none());
        // A file full of controls is shown with placeholders, offsets unchanged.
        let flood = format!("a{}\u{9b}\u{202e}b", "\u{1b}".repeat(MAX_ESCAPES));
        let shown = EscapedText::of(&flood).expect("the text has controls");
        assert_eq!(shown.text.len(), flood.len());
        assert!(shown.text.ends_with("?¿\u{fffd}b"));
        assert_eq!(shown.range(3..5), 3..5);
    }
}
