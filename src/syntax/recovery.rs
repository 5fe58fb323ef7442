//! Turning unreadable text into precise diagnostics.
//!
//! The grammar's `invalid_item` swallows one bad item so the parse can go on. Here we decide
//! what to say about it: a keyword that belongs in this block is re-parsed alone with the rule
//! it names (with pest's detailed error tracking on), which yields the exact position and the
//! tokens expected there; a keyword from another block is "misplaced"; anything else is an
//! unknown item with the closest keyword suggested.

use std::collections::BTreeSet;

use pest::Parser as _;
use pest::error::{Error as PestError, ErrorVariant, InputLocation};
use pest::iterators::Pair;

use super::keywords::{self, ALL_BLOCKS, Block};
use super::parser::{Cx, MentorParser, Rule};
use crate::diagnostic::{Diagnostic, Label};
use crate::rules;
use crate::source::{SourceId, Span};
use crate::words::{self, did_you_mean};

/// Reports one `invalid_item` found in `block`.
pub(crate) fn report_invalid_item(pair: Pair<'_, Rule>, block: Block, cx: &mut Cx<'_>) {
    let item_span = cx.span(&pair);
    let text = pair.as_str();
    let start = pair.as_span().start();
    let word = first_word(text);
    let word_span = Span::new(cx.source, start..start + word.len().max(1));

    if let Some((_, rule)) = block.items().into_iter().find(|(kw, _)| *kw == word) {
        cx.diagnostics
            .push(reparse_diagnostic(rule, text, start, word, item_span, cx));
        return;
    }

    // `competency judgmént`: the id stopped at `é`, which then looked like an item of its own.
    if let Some(letter) = text
        .chars()
        .next()
        .filter(|c| !c.is_ascii() && c.is_alphabetic())
        && cx.text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        cx.diagnostics
            .push(letter_in_id_diagnostic(cx.source, start, letter));
        return;
    }

    if text.starts_with('"') {
        let diagnostic = if block == Block::Mentorship {
            Diagnostic::new(
                &rules::SYNTAX_ERROR,
                "this text is not closed",
                Label::new(item_span, "a closing `\"` is missing on this line"),
            )
        } else {
            Diagnostic::new(
                &rules::UNKNOWN_ITEM,
                format!("expected an item {}, found a quoted text", block.describe()),
                Label::new(item_span, "this text belongs to no item"),
            )
            .with_help(format!(
                "each item starts with a keyword: {}",
                keyword_list(block)
            ))
        };
        cx.diagnostics.push(diagnostic);
        return;
    }

    // `# a note`: comments in other languages start with `#`.
    if let Some(comment) = text.strip_prefix('#') {
        let comment = comment.trim_start_matches('#').trim();
        cx.diagnostics.push(
            Diagnostic::new(
                &rules::UNKNOWN_ITEM,
                "comments start with `//`, not `#`",
                Label::new(
                    Span::new(cx.source, start..start + 1),
                    "`#` does not start a comment",
                ),
            )
            .with_help(format!("write `// {}`", truncate(comment, 40))),
        );
        return;
    }

    if block == Block::Mentorship {
        cx.diagnostics.push(
            Diagnostic::new(
                &rules::SYNTAX_ERROR,
                "expected a quoted text in the `mentorship` list",
                Label::new(item_span, "not in quotes"),
            )
            .with_help("write each line in double quotes: \"Pressure-testing thinking\""),
        );
        return;
    }

    if let Some(home) = ALL_BLOCKS
        .iter()
        .find(|other| other.items().iter().any(|(kw, _)| *kw == word))
    {
        // `lens none` in a phase: the word is an item elsewhere, but this block's `lenses` is
        // what was meant.
        // A whole item of its own (`lens x "X" { … }` written inside a phase) is misplaced,
        // not misspelt: only a bare `lens none` is suggested `lenses`.
        let whole_item = text.contains('"') || text.contains('{');
        let here = block.items();
        let meant = here
            .iter()
            .map(|(kw, _)| *kw)
            .filter(|_| !whole_item)
            .find(|kw| kw.len() > word.len() && kw.starts_with(word));
        if let Some(meant) = meant {
            cx.diagnostics.push(
                Diagnostic::new(
                    &rules::MISPLACED_ITEM,
                    format!(
                        "`{word}` is not allowed {}: did you mean `{meant}`?",
                        block.describe()
                    ),
                    Label::new(word_span, format!("did you mean `{meant}`?")),
                )
                .with_help(format!(
                    "`{meant}` is the item {}; `{word}` belongs {}",
                    block.describe(),
                    home.describe()
                )),
            );
            return;
        }
        cx.diagnostics.push(
            Diagnostic::new(
                &rules::MISPLACED_ITEM,
                format!("`{word}` is not allowed {}", block.describe()),
                Label::new(word_span, format!("`{word}` belongs {}", home.describe())),
            )
            .with_help(format!(
                "move it into the block where it belongs; the items allowed here are {}",
                keyword_list(block)
            )),
        );
        return;
    }

    // `deadline session 5`: the designer's word for what the language calls `due by`.
    if let Some((keyword, form)) = synonym(block, word) {
        let rest = text[word.len()..].trim();
        let rest = rest.strip_prefix("by ").unwrap_or(rest);
        let example = if rest.is_empty() {
            form.to_owned()
        } else {
            format!("{keyword} {}", truncate(rest, 30))
        };
        cx.diagnostics.push(
            Diagnostic::new(
                &rules::UNKNOWN_ITEM,
                format!(
                    "unknown item `{word}` {}: did you mean `{keyword}`?",
                    block.describe()
                ),
                Label::new(word_span, format!("write `{keyword}`")),
            )
            .with_help(format!("write `{example}`")),
        );
        return;
    }

    let items = block.items();
    let keywords = items.iter().map(|(kw, _)| *kw);
    let help = match did_you_mean(word, keywords) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("the items allowed here are {}", keyword_list(block)),
    };
    let shown = if word.is_empty() { text.trim() } else { word };
    cx.diagnostics.push(
        Diagnostic::new(
            &rules::UNKNOWN_ITEM,
            format!(
                "unknown item `{}` {}",
                truncate(shown, 40),
                block.describe()
            ),
            Label::new(word_span, "not a keyword"),
        )
        .with_help(help),
    );
}

/// The words designers write for an item the language names otherwise, with the keyword and
/// its form: `deadline session 5` is `due by session 5`. Only where the keyword is allowed.
fn synonym(block: Block, word: &str) -> Option<(&'static str, &'static str)> {
    const SYNONYMS: [(&str, &str, &str); 6] = [
        ("deadline", "due by", "due by session 5"),
        ("due-by", "due by", "due by session 5"),
        ("due-date", "due by", "due by 2025-06-30"),
        ("by", "due by", "due by session 5"),
        ("proof", "evidence", "evidence lens decision-review"),
        ("evidenced", "evidence", "evidence lens decision-review"),
    ];
    let (_, keyword, form) = SYNONYMS
        .iter()
        .find(|(synonym, _, _)| synonym.eq_ignore_ascii_case(word))?;
    let first = keyword.split(' ').next().unwrap_or(keyword);
    block
        .items()
        .iter()
        .any(|(kw, _)| *kw == first)
        .then_some((*keyword, *form))
}

fn keyword_list(block: Block) -> String {
    let items = block.items();
    let keywords = items.iter().map(|(kw, _)| kw);
    if items.is_empty() {
        "quoted texts".to_owned()
    } else {
        words::ids_and(keywords)
    }
}

/// The leading keyword-like word of an item.
fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Re-parses one item with the rule its keyword names, to say exactly what is wrong.
fn reparse_diagnostic(
    rule: Rule,
    text: &str,
    start: usize,
    keyword: &str,
    item_span: Span,
    cx: &Cx<'_>,
) -> Diagnostic {
    // Detailed tracking costs time, so it is only on while re-parsing a known-bad item.
    pest::set_error_detail(true);
    let result = MentorParser::parse(rule, text);
    pest::set_error_detail(false);
    match result {
        Err(error) => match innermost_unclosed_brace(text) {
            // The item runs to the end of the file because a `{` is never closed: say so, at
            // the block that is missing its `}`, rather than list every item pest could take.
            Some(open) if text.len() + start >= cx.text.len() => {
                // The tell of a `}` forgotten: a `phase` (or lens, milestone, …) starting inside
                // another block it cannot sit in. Point there, not at the program header.
                if let Some(left_open) = block_left_open(text) {
                    return left_open.diagnostic(text, start, cx.source);
                }
                let end = Span::new(cx.source, cx.text.len()..cx.text.len());
                let line_start = text[..open].rfind('\n').map_or(0, |i| i + 1);
                let indent = text[line_start..].len() - text[line_start..].trim_start().len();
                let line_start = line_start + indent;
                let line_end = text[open..].find('\n').map_or(text.len(), |i| open + i);
                let header = Span::new(cx.source, start + line_start..start + line_end);
                Diagnostic::new(
                    &rules::SYNTAX_ERROR,
                    "expected `}`, found the end of the file",
                    Label::new(end, "the file ends here"),
                )
                .with_label(Label::new(header, "this block is never closed"))
                .with_help("add the missing `}` where the block should end")
            }
            _ => pest_error_diagnostic(&error, cx.source, start, keyword),
        },
        Ok(_) => Diagnostic::new(
            &rules::SYNTAX_ERROR,
            format!("could not read this `{keyword}`"),
            Label::new(item_span, "something after this item does not fit"),
        )
        .with_help("check the items that follow it, and that every `{` has its `}`"),
    }
}

/// A block whose `}` is missing, told by the item that starts inside it although it cannot
/// sit there (`phase practice` inside `phase framing`).
struct LeftOpen<'t> {
    /// The open block's keyword and where its line starts (after the indent).
    keyword: &'t str,
    header: usize,
    /// The keyword of the item that starts inside it, and where.
    nested: &'t str,
    nested_at: usize,
}

impl LeftOpen<'_> {
    fn diagnostic(&self, text: &str, start: usize, source: SourceId) -> Diagnostic {
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
fn block_left_open(text: &str) -> Option<LeftOpen<'_>> {
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
                let known = word == "program" || word == "mentorship" || BLOCKS.contains(&word);
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
fn innermost_unclosed_brace(text: &str) -> Option<usize> {
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

/// A pest error as an `S001` diagnostic; `offset` is where the parsed text starts in its file.
pub(crate) fn pest_error_diagnostic(
    error: &PestError<Rule>,
    source: SourceId,
    offset: usize,
    what: &str,
) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let at = offset + position;
    let expected = expected_descriptions(error);
    // `práctica` where an id belongs (not `Práctica` where a quoted text does): pest would list
    // the characters an id may continue with.
    if let Some((offset, letter)) = letter_inside_an_id(error, position)
        && (offset == 0 || expected.iter().any(|e| e == "an id"))
    {
        return letter_in_id_diagnostic(source, at + offset, letter);
    }
    if let Some(diagnostic) = designer_slip(error, &expected, source, at) {
        return diagnostic;
    }
    // `lenses exactly 1 of` with nothing after it: the item ends there (a list cannot take the
    // next line's item, see `phase_item_start` in the grammar).
    let before = split_at_error(error).0;
    // (pest has skipped a comment after `of`: it is not what the list lacks.)
    let code = before.split("//").next().unwrap_or_default();
    if what == "lenses"
        && code.trim_end().ends_with(" of")
        && remaining(error, position).trim().is_empty()
    {
        return Diagnostic::new(
            &rules::SYNTAX_ERROR,
            "expected the lens ids after `of`, found the end of the line",
            Label::new(Span::new(source, at..at), "the list is empty"),
        )
        .with_help(
            "list the lenses after `of`: `lenses exactly 1 of decision-review, influence-review`",
        );
    }
    let found = found_at(error, position, what);
    let message = if expected.is_empty() {
        format!("could not read this `{what}`")
    } else {
        format!("expected {}, found {found}", words::or_list(&expected))
    };
    let label_text = if (1..=3).contains(&expected.len()) {
        format!("expected {}", words::or_list(&expected))
    } else {
        "unexpected here".to_owned()
    };
    let mut diagnostic = Diagnostic::new(
        &rules::SYNTAX_ERROR,
        message,
        Label::new(
            Span::new(source, at..at + found_len(error, position)),
            label_text,
        ),
    );
    // `lenses nune`: a misspelt keyword among the ones expected here.
    let word: String = remaining(error, position)
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let keywords: Vec<&str> = expected
        .iter()
        .filter_map(|e| e.strip_prefix('`')?.strip_suffix('`'))
        .collect();
    // `cadence every 2 weeks gap at most 4 weeks`: the grammar refuses a part that follows
    // another without its comma, so the word "expected" is the very word found.
    if !word.is_empty() && keywords.contains(&word.as_str()) {
        let example = match what {
            "session" => "`session at least 45 minutes, at most 90 minutes`",
            _ => "`cadence every 2 weeks, gap at most 4 weeks`",
        };
        return Diagnostic::new(
            &rules::SYNTAX_ERROR,
            format!(
                "expected `,` before `{word}`: the parts of a `{what}` line are separated by commas"
            ),
            Label::new(
                Span::new(source, at..at + word.len()),
                "add a comma before this",
            ),
        )
        .with_help(format!("for example {example}"));
    }
    let suggestion = (!word.is_empty())
        .then(|| did_you_mean(&word, keywords.iter().copied()))
        .flatten();
    if let Some(best) = suggestion {
        diagnostic = diagnostic.with_help(format!("did you mean `{best}`?"));
    } else if let Some(help) = syntax_help(what) {
        diagnostic = diagnostic.with_help(help);
    }
    diagnostic
}

/// The slips of someone who writes programs in a word processor or from a printed playbook,
/// each told in their words with the fix: curly quotes, a text left unquoted at its end, a
/// session range written `3-6` (the playbook prints "Sessions 3–6"), an id that starts with a
/// letter ids cannot hold.
fn designer_slip(
    error: &PestError<Rule>,
    expected: &[String],
    source: SourceId,
    at: usize,
) -> Option<Diagnostic> {
    let (before, rest) = split_at_error(error);
    let first = rest.chars().next()?;
    let wants = |what: &str| expected.iter().any(|e| e == what);
    if wants("a quoted text") && matches!(first, '“' | '”' | '„' | '‘' | '’' | '«' | '»')
    {
        return Some(
            Diagnostic::new(
                &rules::SYNTAX_ERROR,
                format!(
                    "`{first}` is a curly quote: texts are written between straight quotes `\"`"
                ),
                Label::new(
                    Span::new(source, at..at + first.len_utf8()),
                    "a curly quote",
                ),
            )
            .with_help(
                "replace the curly quotes with `\"` (a word processor turns quotes curly; paste \
                 as plain text, or type the program in a code editor)",
            ),
        );
    }
    if wants("a quoted text") && first == '"' {
        let line_end = rest.trim_end().len();
        return Some(
            Diagnostic::new(
                &rules::SYNTAX_ERROR,
                "this text has no closing `\"`: a quoted text ends on its own line",
                Label::new(Span::new(source, at..at + 1), "the text opens here"),
            )
            .with_label(Label::new(
                Span::new(source, at + line_end..at + line_end),
                "and the line ends without a `\"`",
            ))
            .with_help("add `\"` where the text ends"),
        );
    }
    if wants("`..`") && matches!(first, '-' | '–' | '—') {
        let from: String = before
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let to: String = rest[first.len_utf8()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !from.is_empty() && !to.is_empty() {
            return Some(
                Diagnostic::new(
                    &rules::SYNTAX_ERROR,
                    format!("a session range is written `{from}..{to}`, with two dots, not `{from}{first}{to}`"),
                    Label::new(
                        Span::new(source, at..at + first.len_utf8()),
                        "write `..` here",
                    ),
                )
                .with_help(format!(
                    "write `{from}..{to}`: the playbook prints a range as {from}–{to}, the program writes it with two dots"
                )),
            );
        }
    }
    if wants("an id") && !first.is_ascii() && first.is_alphabetic() {
        return Some(letter_in_id_diagnostic(source, at, first));
    }
    None
}

/// "`á` cannot be part of an id", at the letter.
fn letter_in_id_diagnostic(source: SourceId, at: usize, letter: char) -> Diagnostic {
    Diagnostic::new(
        &rules::SYNTAX_ERROR,
        format!(
            "`{letter}` cannot be part of an id: ids use the letters a-z and A-Z, digits, `-` and `_`"
        ),
        Label::new(
            Span::new(source, at..at + letter.len_utf8()),
            "not allowed in an id",
        ),
    )
    .with_help(
        "keep ids to those characters (`practica`, `decision-review`); labels in quotes may use any letters",
    )
}

/// The letter at `position` when it is a letter an id cannot hold (`á`, `ß`, `ø`) written
/// right after the start of an id.
/// The letter an id cannot hold, and its offset from `position`: the parse stopped at an id
/// (`práctica`, which the grammar refuses whole) or inside one, at the letter.
fn letter_inside_an_id(error: &PestError<Rule>, position: usize) -> Option<(usize, char)> {
    let rest = remaining(error, position);
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let run = rest.find(|c: char| !is_id_char(c)).unwrap_or(rest.len());
    let letter = rest.get(run..)?.chars().next()?;
    if letter.is_ascii() || !letter.is_alphabetic() {
        return None;
    }
    if run > 0 {
        return Some((run, letter));
    }
    let before = split_at_error(error).0.chars().next_back()?;
    is_id_char(before).then_some((0, letter))
}

/// What the text has where the parse stopped, in words. A bad item is re-parsed alone, so the
/// end of its text is the end of its line, not of the file.
fn found_at(error: &PestError<Rule>, position: usize, what: &str) -> String {
    let rest = remaining(error, position);
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(20)
        .collect();
    if rest.trim().is_empty() && what != "file" {
        "the end of the line".to_owned()
    } else if rest.trim().is_empty() {
        "the end of the file".to_owned()
    } else if token.is_empty() {
        "a line break".to_owned()
    } else {
        format!("`{token}`")
    }
}

fn found_len(error: &PestError<Rule>, position: usize) -> usize {
    let rest = remaining(error, position);
    rest.chars()
        .take_while(|c| !c.is_whitespace())
        .take(20)
        .map(char::len_utf8)
        .sum()
}

/// The parsed text after the error position. pest keeps only the error's line, so the text is
/// rebuilt from it: the line starts at the error's column.
fn remaining(error: &PestError<Rule>, _position: usize) -> &str {
    split_at_error(error).1
}

/// The error's line, split at the error's column: what comes before it, and the rest.
fn split_at_error(error: &PestError<Rule>) -> (&str, &str) {
    let line = error.line();
    let column = match error.line_col {
        pest::error::LineColLocation::Pos((_, c))
        | pest::error::LineColLocation::Span((_, c), _) => c,
    };
    let skip: usize = line
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    line.split_at_checked(skip).unwrap_or((line, ""))
}

fn expected_descriptions(error: &PestError<Rule>) -> Vec<String> {
    let mut expected = BTreeSet::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        expected.extend(positives.iter().flat_map(|r| describe_rule(*r)));
    }
    if let Some(attempts) = error.parse_attempts() {
        for stack in attempts.call_stacks() {
            match stack.deepest.get_rule() {
                Some(rule) => expected.extend(describe_rule(*rule)),
                None => expected.extend(stack.parent.into_iter().flat_map(describe_rule)),
            }
        }
        for token in attempts.expected_tokens() {
            // pest does not export its token type; its `Display` shows a literal as written.
            expected.extend(describe_token(&token.to_string()));
        }
    }
    // A keyword rule and its literal describe the same thing; the set already merged them.
    // `at` is the start of `at least` and `at most`: name the phrases only.
    let phrases: Vec<String> = expected
        .iter()
        .filter(|e| e.starts_with('`') && e.contains(' '))
        .cloned()
        .collect();
    expected
        .into_iter()
        .filter(|e| {
            let word = e.trim_end_matches('`');
            !phrases.iter().any(|p| p.starts_with(&format!("{word} ")))
        })
        .collect()
}

/// What a rule stands for, as the items of an "expected …" list (each one thing, so a list
/// never nests "or").
fn describe_rule(rule: Rule) -> Vec<String> {
    if let Some(keyword) = keywords::by_rule(rule) {
        return vec![format!("`{}`", keyword.word)];
    }
    let items: &[&str] = match rule {
        Rule::ident | Rule::ident_list => &["an id"],
        Rule::string => &["a quoted text"],
        Rule::int => &["a number"],
        Rule::range => &["a session range such as `1..2`"],
        Rule::date => &["a date such as `2025-06-30`"],
        Rule::duration => &["a duration such as `2 weeks`"],
        Rule::time_unit => &["`days`", "`weeks`"],
        Rule::count => &["`exactly`", "`at least`", "`at most`"],
        Rule::severity_level => &["`error`", "`warning`", "`advice`", "`off`"],
        Rule::filler => &["`mentee`", "`mentor`", "`both`"],
        Rule::EOI => &["the end of the file"],
        _ => &[],
    };
    items.iter().map(|&item| item.to_owned()).collect()
}

fn describe_token(token: &str) -> Option<String> {
    match token {
        "\"" => Some("a quoted text".to_owned()),
        // What may continue an id or a word: never what the designer meant to write next.
        "//" | "\u{FEFF}" | "-" | "_" => None,
        t if t.trim().is_empty() => None,
        t if t.chars().all(|c| c.is_ascii_alphabetic() || c == '-') => Some(format!("`{t}`")),
        t if t.chars().any(|c| c.is_ascii_alphanumeric()) => None,
        t => Some(format!("`{t}`")),
    }
}

/// The form of an item, shown as help under its syntax errors.
fn syntax_help(keyword: &str) -> Option<&'static str> {
    keywords::keyword(keyword).and_then(|keyword| keyword.form)
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
    fn a_line_that_is_not_a_block_header_is_never_blamed() {
        let text = "program p \"P\" {\n    # note {\n    phase b \"B\" sessions 3..4 {\n    }\n}\n";
        assert_eq!(blamed(text), None);
    }
}
