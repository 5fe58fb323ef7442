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

use super::braces::{block_left_open, innermost_unclosed_brace};
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

    // Words left over at the end of a line whose item was complete before them
    // (`review at sessions 4, 8 and 12`, `new-problems forbidden onward`).
    let line_start = cx.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before_on_line = cx.text[line_start..start].trim();
    // (Not inside a one-line block, `{ lense none }`, and not a `#` comment, told below.)
    if !before_on_line.is_empty()
        && !before_on_line.starts_with("//")
        && !before_on_line.ends_with(['{', '}'])
        && !text.starts_with('#')
    {
        cx.diagnostics.push(left_over_diagnostic(
            before_on_line,
            text,
            block,
            Span::new(cx.source, start..start + text.trim_end().len().max(1)),
        ));
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

/// What follows a complete item on its line: the common slips said in the designer's words,
/// else where the item ended.
fn left_over_diagnostic(item: &str, rest: &str, block: Block, span: Span) -> Diagnostic {
    let item_keyword = first_word(item);
    let word = first_word(rest);
    let shown = truncate(rest.lines().next().unwrap_or(rest).trim_end(), 30);
    let (message, help) = if item_keyword == "review"
        && (word == "and" || rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'))
    {
        (
            "review sessions are listed with commas".to_owned(),
            "write `review at sessions 4, 8, 12`".to_owned(),
        )
    } else if item_keyword == "new-problems"
        && ["onward", "onwards", "thereafter", "forward", "afterwards"].contains(&word)
    {
        (
            format!("`{word}`: a rule carries forward with `from here on`"),
            format!("write `{} from here on`", item.trim_end()),
        )
    } else if block == Block::Agreement && word == "optional" {
        (
            "an agreement's parts are never optional: a log records only the agreement's date"
                .to_owned(),
            "remove `optional`".to_owned(),
        )
    } else {
        (
            format!("`{shown}` after a complete `{item_keyword}` item"),
            match syntax_help(item_keyword) {
                Some(form) => format!("the item ends before it; its form: {form}"),
                None => "the item ends before it: remove it, or start a new line".to_owned(),
            },
        )
    };
    Diagnostic::new(
        &rules::SYNTAX_ERROR,
        message,
        Label::new(span, "left over on this line"),
    )
    .with_help(help)
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
pub(super) fn first_word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

pub(super) fn truncate(text: &str, max_chars: usize) -> String {
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
