//! Braces: which block a missing `}` left open, and how deeply a text nests.
//!
//! Both read the text as a stream of braces outside strings, before or beside the grammar: a
//! `}` left out makes pest report the end of the file, and a deep nest would overflow its
//! recursion. Here the first is told by the item that starts inside a block it cannot sit in,
//! and the second is refused before parsing.

use super::recovery::{first_word, truncate};
use crate::diagnostic::{Diagnostic, Label};
use crate::rules;
use crate::source::{SourceId, Span};

/// A block whose `}` is missing, told by the item that starts inside it although it cannot
/// sit there (`phase practice` inside `phase framing`).
pub(super) struct LeftOpen<'t> {
    /// The open block's keyword and where its line starts (after the indent).
    keyword: &'t str,
    header: usize,
    /// The keyword of the item that starts inside it, and where.
    nested: &'t str,
    nested_at: usize,
}

impl LeftOpen<'_> {
    pub(super) fn diagnostic(&self, text: &str, start: usize, source: SourceId) -> Diagnostic {
        let line_end = |from: usize| text[from..].find('\n').map_or(text.len(), |i| from + i);
        let header = text[self.header..line_end(self.header)]
            .trim_end()
            .trim_end_matches('{')
            .trim_end();
        let nested = text[self.nested_at..line_end(self.nested_at)]
            .trim_end()
            .trim_end_matches('{')
            .trim_end();
        let name = |line: &str| {
            line.split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ")
        };
        Diagnostic::new(
            &rules::SYNTAX_ERROR,
            format!(
                "expected `}}` before `{}`: the `{}` block is never closed",
                truncate(&name(nested), 40),
                truncate(&name(header), 40)
            ),
            Label::new(
                Span::new(
                    source,
                    start + self.header..start + self.header + header.len(),
                ),
                "this block is never closed",
            ),
        )
        .with_label(Label::new(
            Span::new(
                source,
                start + self.nested_at..start + self.nested_at + self.nested.len(),
            ),
            format!(
                "a `{}` cannot start inside a `{}`",
                self.nested, self.keyword
            ),
        ))
        .with_help(format!(
            "add the missing `}}` at the end of the `{}` block, before this `{}`",
            self.keyword, self.nested
        ))
    }
}

/// The items that open a block of their own.
const BLOCKS: [&str; 6] = ["phase", "lens", "milestone", "track", "section", "library"];

/// Which items may start inside a block of `keyword`: a block item of another kind at a line's
/// start (a `phase` in a `phase`) means the block before it was never closed.
fn may_hold(block: &str, item: &str) -> bool {
    match block {
        "program" | "library" => item != "program" && item != "library",
        "lens" => item == "section" || !BLOCKS.contains(&item),
        "track" => item == "milestone" || !BLOCKS.contains(&item),
        _ => !BLOCKS.contains(&item) && item != "program",
    }
}

/// The first block left open, found by an item that cannot start inside it; ignores strings
/// and `//` comments as [`innermost_unclosed_brace`] does.
///
/// Only an item indented no deeper than the open block's header is the tell: one indented
/// deeper was written inside on purpose (a misplaced item, reported as such), and blaming its
/// block for a `}` left out further down would point at a block that is closed.
pub(super) fn block_left_open(text: &str) -> Option<LeftOpen<'_>> {
    /// An open block: its keyword (empty when its header is not a block we know), where its
    /// header starts, and the header's indent.
    struct Open<'t> {
        keyword: &'t str,
        header: usize,
        indent: usize,
    }
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut line_start = 0;
    // The last line with something on it before the current one: a header whose `{` is on
    // the next line.
    let mut previous_line: Option<usize> = None;
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if i == line_start {
            let (indent, word) = indent_and_word(&text[i..]);
            if let Some(block) = open.last()
                && !block.keyword.is_empty()
                && !word.is_empty()
                && indent <= block.indent
                && !may_hold(block.keyword, word)
                && may_hold("program", word)
            {
                return Some(LeftOpen {
                    keyword: block.keyword,
                    header: block.header,
                    nested: word,
                    nested_at: i + indent,
                });
            }
        }
        if b == b'\n' {
            if !text[line_start..i].trim().is_empty() {
                previous_line = Some(line_start);
            }
            line_start = i + 1;
            in_comment = false;
            in_string = false;
            continue;
        }
        if in_comment {
            continue;
        }
        if in_string {
            in_string = escaped || b != b'"';
            escaped = b == b'\\' && !escaped;
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'/' if bytes.get(i + 1) == Some(&b'/') => in_comment = true,
            b'{' => {
                let alone = text[line_start..i].trim().is_empty();
                let header_line = match previous_line {
                    Some(previous) if alone => previous,
                    _ => line_start,
                };
                let (indent, word) = indent_and_word(&text[header_line..]);
                let known = ["program", "mentorship", "agreement"].contains(&word)
                    || BLOCKS.contains(&word);
                open.push(Open {
                    keyword: if known { word } else { "" },
                    header: header_line + indent,
                    indent,
                });
            }
            b'}' => {
                open.pop();
            }
            _ => {}
        }
    }
    None
}

/// A line's indent (in bytes of spaces and tabs) and its first word.
fn indent_and_word(line: &str) -> (usize, &str) {
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    (indent, first_word(&line[indent..]))
}

/// The byte offset of the innermost `{` that is never closed, ignoring strings and comments.
pub(super) fn innermost_unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if in_comment {
            in_comment = b != b'\n';
        } else if in_string {
            in_string = (escaped || b != b'"') && b != b'\n';
            escaped = b == b'\\' && !escaped;
        } else {
            match b {
                b'"' => in_string = true,
                b'/' if bytes.get(i + 1) == Some(&b'/') => in_comment = true,
                b'{' => open.push(i),
                b'}' => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.pop()
}

/// How deep `{` may nest in a `.mentor` file. Real programs nest a few levels (program › lens ›
/// section); the limit exists because the grammar's recovery rule (`invalid_block`) recurses once
/// per level, and a file of 100,000 `{` would otherwise overflow the stack.
pub(crate) const MAX_NESTING: usize = 64;

/// The byte offset of the first `{` nested deeper than [`MAX_NESTING`], if any.
///
/// This guard replaces pest's own stack probe, which cost about a third of parse time. It reads
/// braces the way `invalid_block` does (strings as `string_loose`: to the closing quote or the
/// end of the line, a backslash escaping any character; `//` is not special), so inside a bad
/// item its depth is exactly the grammar's recursion depth. Outside one, a `}` in a comment can
/// only lower the count by the few levels of real blocks open at that point, so the grammar never
/// recurses more than a handful of levels past the limit.
pub(crate) fn too_deeply_nested(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else {
                match b {
                    b'\\' => escaped = true,
                    b'"' | b'\n' => in_string = false,
                    _ => {}
                }
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The `S001` diagnostic for a file that [`too_deeply_nested`] refuses.
pub(crate) fn too_deeply_nested_diagnostic(source: SourceId, at: usize) -> Diagnostic {
    Diagnostic::new(
        &rules::SYNTAX_ERROR,
        format!("this text is nested too deeply to read: more than {MAX_NESTING} levels of `{{`"),
        Label::new(Span::new(source, at..at + 1), "reading stopped here"),
    )
    .with_help("blocks nest a few levels at most (program › lens › section); look for `{` that never close")
}

#[cfg(test)]
mod tests {
    use super::{MAX_NESTING, block_left_open, too_deeply_nested};
    use crate::diagnostic::Diagnostics;
    use crate::source::Sources;

    /// A bad item whose block nests `depth` levels: `x {{…}}`.
    fn bad_item(depth: usize) -> String {
        format!(
            "program demo \"Demo\" {{\n    x {}{}\n}}\n",
            "{".repeat(depth),
            "}".repeat(depth)
        )
    }

    #[test]
    fn the_limit_counts_levels_not_braces() {
        // The program's own block is one level.
        assert_eq!(too_deeply_nested(&bad_item(MAX_NESTING - 1)), None);
        let text = bad_item(MAX_NESTING);
        let at = too_deeply_nested(&text);
        assert_eq!(at, text.rfind("{{").map(|i| i + 1), "the last `{{` opened");
        // Many blocks side by side are not deep.
        let wide = "x { }\n".repeat(10 * MAX_NESTING);
        assert_eq!(too_deeply_nested(&wide), None);
    }

    #[test]
    fn braces_in_strings_do_not_count_but_braces_in_comments_do() {
        let in_strings = format!("x \"{}\" \"\\\"{}\"", "{".repeat(100), "{".repeat(100));
        assert_eq!(too_deeply_nested(&in_strings), None);
        // A string ends at the end of its line, as `string_loose` does.
        let unterminated = format!("x \"open\n{}", "{".repeat(MAX_NESTING + 1));
        assert!(too_deeply_nested(&unterminated).is_some());
        // Inside a bad item `//` is not a comment: the grammar recurses on these braces too.
        let commented = format!("x {{ // {}", "{".repeat(MAX_NESTING));
        assert!(too_deeply_nested(&commented).is_some());
        // Closing braces in strings cannot hide the opening ones around them.
        let hidden = "x { \"}}}}\" ".repeat(MAX_NESTING + 1);
        assert!(too_deeply_nested(&hidden).is_some());
    }

    #[test]
    fn a_file_at_the_limit_parses_on_a_small_stack() {
        // Debug builds use far bigger frames than release; 1 MiB is half a test thread's stack.
        let handle = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(|| {
                let mut sources = Sources::new();
                let text = bad_item(MAX_NESTING - 1);
                let source = sources.add("deep.mentor", text.as_str());
                let mut diagnostics = Diagnostics::new();
                super::super::parse(source, &text, &mut diagnostics);
                diagnostics.into_vec()
            });
        let diagnostics = handle
            .ok()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_default();
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["S002"], "the bad item is reported, not the nesting");
    }

    /// `(keyword, header line, nested item)` of the block blamed for a `}` left out.
    fn blamed(text: &str) -> Option<(&str, &str, &str)> {
        block_left_open(text).map(|open| {
            let header = text[open.header..].lines().next().unwrap_or("");
            (open.keyword, header, open.nested)
        })
    }

    #[test]
    fn the_block_left_open_is_the_one_a_sibling_starts_inside() {
        let text = "program p \"P\" {\n    phase a \"A\" sessions 1..2 {\n        goal \"x\"\n    phase b \"B\" sessions 3..4 {\n    }\n}\n";
        assert_eq!(
            blamed(text),
            Some(("phase", "phase a \"A\" sessions 1..2 {", "phase"))
        );
    }

    #[test]
    fn a_brace_on_the_next_line_belongs_to_the_header_above() {
        let text = "program p \"P\" {\n    phase a \"A\" sessions 1..2\n    {\n        goal \"x\"\n    phase b \"B\" sessions 3..4 {\n    }\n}\n";
        assert_eq!(
            blamed(text),
            Some(("phase", "phase a \"A\" sessions 1..2", "phase"))
        );
    }

    #[test]
    fn an_item_indented_inside_a_closed_block_does_not_blame_it() {
        // The milestone is misplaced inside the phase, which is closed; the `}` left out is
        // the last lens's, which nothing follows.
        let text = "program p \"P\" {\n    phase a \"A\" sessions 1..2 {\n        milestone m \"M\" {\n        }\n    }\n    lens l \"L\" {\n        field f \"F\"\n}\n";
        assert_eq!(blamed(text), None);
    }

    #[test]
    fn an_agreement_left_open_is_blamed_by_the_phase_after_it() {
        let text = "program p \"P\" {\n    agreement before session 2 {\n        field a \"A\"\n    phase b \"B\" sessions 1..4 {\n    }\n}\n";
        assert_eq!(
            blamed(text),
            Some(("agreement", "agreement before session 2 {", "phase"))
        );
    }

    #[test]
    fn a_line_that_is_not_a_block_header_is_never_blamed() {
        let text = "program p \"P\" {\n    # note {\n    phase b \"B\" sessions 3..4 {\n    }\n}\n";
        assert_eq!(blamed(text), None);
    }
}
