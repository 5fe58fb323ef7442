//! Completion: the keywords that may start an item in the block at the cursor, the words that
//! may follow on the line so far, and the ids in scope after `lenses … of`, `progression`,
//! `evidence lens`, `competency` (in a milestone), `replaces` and `drop milestone`.
//!
//! Works on the text, not the syntax tree: the line being typed rarely parses.

use super::index::{Index, Kind};
use crate::rules;
use crate::syntax::keywords::{self, Block};
use crate::syntax::lexer::{LineToken as Token, line_tokens};

/// The block the cursor is in, named by the keyword that opened it; `None` in a block no
/// keyword opens (a bad item's `{ … }`), where no item may start.
type Place = Option<Block>;

/// The block a `{` opens after `keyword`, in `parent`.
fn opened_by(parent: Place, keyword: &str) -> Place {
    match keywords::keyword(keyword)?.opens? {
        // In a milestone, `competency id` names a competency and opens nothing.
        Block::Competency if !matches!(parent, Some(Block::Program | Block::Library)) => None,
        block => Some(block),
    }
}

/// The keywords that start an item in `place`.
fn item_keywords(place: Place) -> Vec<&'static str> {
    place
        .map(Block::items)
        .unwrap_or_default()
        .into_iter()
        .map(|(word, _)| word)
        .collect()
}

/// What to offer at the cursor.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Offer {
    Keywords(Vec<&'static str>),
    Ids(Kind),
    /// Rule codes and names, after `severity`.
    Rules,
}

/// The offer, and the byte range the chosen item replaces (the partial word before the cursor).
#[derive(Debug)]
pub(super) struct Completion {
    pub offer: Offer,
    pub replace: std::ops::Range<usize>,
    /// The item-start keywords of the block (offered only when asked for, not on a space).
    pub is_item_start: bool,
}

/// What may be typed at `offset`; `None` inside a string or a comment, or where nothing fits.
pub(super) fn complete(text: &str, offset: usize) -> Option<Completion> {
    let offset = floor_boundary(text, offset);
    let before = &text[..offset];
    let block = block_at(before)?;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let mut tokens = line_tokens(line)?;
    // The word being typed is replaced by the choice; what precedes it decides the offer.
    let partial_len = match tokens.last() {
        Some(Token::Word(w)) if line.ends_with(w) => w.len(),
        _ => 0,
    };
    if partial_len > 0 {
        tokens.pop();
    }
    let replace = offset - partial_len..offset;
    let offer = if tokens.is_empty() {
        return Some(Completion {
            offer: Offer::Keywords(item_keywords(block)),
            replace,
            is_item_start: true,
        });
    } else {
        follow(block, &tokens)?
    };
    Some(Completion {
        offer,
        replace,
        is_item_start: false,
    })
}

/// Whether a byte offset is in code (not in a string or a comment).
pub(super) fn is_code(text: &str, offset: usize) -> bool {
    block_at(&text[..floor_boundary(text, offset)]).is_some()
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The innermost block open at the end of `before`; `None` inside a string or comment.
fn block_at(before: &str) -> Option<Place> {
    let mut stack: Vec<Place> = vec![Some(Block::Top)];
    let mut line_start = 0;
    let mut chars = before.char_indices().peekable();
    let mut in_string = false;
    while let Some((i, c)) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' | '\n' => in_string = false,
                _ => {}
            }
            if c == '\n' {
                line_start = i + 1;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '\n' => line_start = i + 1,
            '/' if chars.peek().is_some_and(|&(_, next)| next == '/') => {
                match before[i..].find('\n') {
                    Some(end) => {
                        // Skip to the line break, which the loop then sees.
                        while chars.peek().is_some_and(|&(j, _)| j < i + end) {
                            chars.next();
                        }
                    }
                    None => return None, // The cursor is in a comment.
                }
            }
            '{' => {
                let header = before[line_start..i]
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                let parent = stack.last().copied().unwrap_or(Some(Block::Top));
                stack.push(opened_by(parent, header));
            }
            '}' if stack.len() > 1 => {
                stack.pop();
            }
            _ => {}
        }
    }
    if in_string {
        return None;
    }
    stack.last().copied()
}

fn is_number(token: &Token<'_>) -> bool {
    matches!(token, Token::Word(w) if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn keywords(words: &[&'static str]) -> Option<Offer> {
    Some(Offer::Keywords(words.to_vec()))
}

/// What may follow the complete tokens of an item.
fn follow(block: Place, tokens: &[Token<'_>]) -> Option<Offer> {
    let Some(Token::Word(first)) = tokens.first() else {
        return None;
    };
    let last = tokens.last()?;
    let word = |i: usize| match tokens.get(i) {
        Some(Token::Word(w)) => *w,
        _ => "",
    };
    let n = tokens.len();
    let after_list = matches!(last, Token::Comma);
    match *first {
        "lenses" if block == Some(Block::Phase) => {
            if let Some(of) = tokens.iter().position(|t| *t == Token::Word("of")) {
                return (of == n - 1 || after_list).then_some(Offer::Ids(Kind::Lens));
            }
            match (n, word(1), word(2)) {
                (1, _, _) => keywords(&["none", "any", "exactly", "at"]),
                (2, "at", _) => keywords(&["least", "most"]),
                (2, "any", _) => keywords(&["of"]),
                (3, "exactly", _) | (4, "at", _) if is_number(last) => keywords(&["of"]),
                _ => None,
            }
        }
        "progression" if block == Some(Block::Phase) => {
            (n == 1 || after_list).then_some(Offer::Ids(Kind::Lens))
        }
        "new-problems" => match n {
            1 => keywords(&["forbidden", "allowed"]),
            2 => keywords(&["from"]),
            3 => keywords(&["here"]),
            4 => keywords(&["on"]),
            _ => None,
        },
        "evidence" if block == Some(Block::Milestone) => match (n, word(1)) {
            (1, _) => keywords(&["lens", "review"]),
            (2, "lens") => Some(Offer::Ids(Kind::Lens)),
            _ => None,
        },
        "competency" if block == Some(Block::Milestone) && n == 1 => {
            Some(Offer::Ids(Kind::Competency))
        }
        "due" => match (n, word(1)) {
            (1, _) => keywords(&["by"]),
            (2, "by") => keywords(&["session", "week", "date"]),
            _ => None,
        },
        "milestone" => match (n, last) {
            (_, Token::Word("replaces")) => Some(Offer::Ids(Kind::Milestone)),
            (3, Token::Str) if block == Some(Block::Track) => keywords(&["replaces"]),
            _ => None,
        },
        "drop" => match (n, word(1)) {
            (1, _) => keywords(&["milestone"]),
            (2, "milestone") => Some(Offer::Ids(Kind::Milestone)),
            _ => None,
        },
        "mentorship" if n == 1 => keywords(&["is", "is-not"]),
        "cadence" => match last {
            Token::Word("cadence") | Token::Comma => keywords(&["every", "gap"]),
            Token::Word("gap") => keywords(&["at"]),
            Token::Word("at") => keywords(&["least", "most"]),
            _ if is_number(last) => keywords(&["days", "weeks", "day", "week"]),
            _ => None,
        },
        "session" if block == Some(Block::Program) => match last {
            Token::Word("session") | Token::Comma => keywords(&["at"]),
            Token::Word("at") => keywords(&["least", "most"]),
            _ if is_number(last) => keywords(&["minutes"]),
            _ => None,
        },
        "length" => match last {
            Token::Word("sessions") => keywords(&["within"]),
            _ if is_number(last) && n == 2 => keywords(&["sessions"]),
            _ if is_number(last) => keywords(&["weeks", "days", "week", "day"]),
            _ => None,
        },
        "phase" if n == 3 && *last == Token::Str => keywords(&["sessions"]),
        "outcome" if n == 3 && *last == Token::Str => keywords(&["failed"]),
        "field" if block == Some(Block::Section) && n == 3 && *last == Token::Str => {
            keywords(&["optional"])
        }
        // `review every 4 sessions` or `review at sessions 4, 8`, then `with lens id`.
        "review" if block == Some(Block::Program) => match (n, last) {
            (1, _) => keywords(&["every", "at"]),
            (_, Token::Word("with")) => keywords(&["lens"]),
            (_, Token::Word("lens")) if word(n - 2) == "with" => Some(Offer::Ids(Kind::Lens)),
            (2, Token::Word("at")) => keywords(&["sessions", "session"]),
            (3, _) if word(1) == "every" && is_number(last) => keywords(&["sessions"]),
            (4, _) if word(1) == "every" => keywords(&["with"]),
            _ if word(1) == "at" && is_number(last) => keywords(&["with"]),
            _ => None,
        },
        "commitment" => match (n, last) {
            (2, _) if is_number(last) => keywords(&["hours", "hour", "minutes"]),
            (3, _) => keywords(&["per"]),
            (4, Token::Word("per")) => keywords(&["month", "week"]),
            _ => None,
        },
        "log" if block == Some(Block::Program) => match n {
            1 => keywords(&["sessions"]),
            2 => keywords(&["within"]),
            4 if is_number(last) => keywords(&["days", "day", "weeks", "week"]),
            _ => None,
        },
        "agreement" => match n {
            1 => keywords(&["before"]),
            2 => keywords(&["session"]),
            _ => None,
        },
        "first" if block == Some(Block::Program) => match n {
            1 => keywords(&["session"]),
            2 => keywords(&["within"]),
            4 if is_number(last) => keywords(&["weeks", "days", "week", "day"]),
            _ => None,
        },
        "missed" if block == Some(Block::Program) => match n {
            1 => keywords(&["sessions"]),
            2 => keywords(&["at"]),
            3 => keywords(&["most"]),
            5 if is_number(last) => keywords(&["in"]),
            6 => keywords(&["a"]),
            7 => keywords(&["row"]),
            _ => None,
        },
        "severity" => match n {
            1 => Some(Offer::Rules),
            2 => keywords(&["error", "warning", "advice", "off"]),
            _ => None,
        },
        _ => None,
    }
}

/// Rule codes and names a `severity` line may name.
pub(super) fn overridable_rules() -> impl Iterator<Item = &'static rules::Rule> {
    rules::all().filter(|r| r.is_overridable())
}

/// The ids of one kind in scope, with their labels.
pub(super) fn ids(index: &Index, kind: Kind) -> Vec<(String, String)> {
    index
        .in_scope(kind)
        .into_iter()
        .map(|decl| {
            let label = match &decl.node {
                super::index::Node::Lens(l) => l.label.value.clone(),
                super::index::Node::Competency(c) => c.label.value.clone(),
                super::index::Node::Milestone(m, _) => m.label.value.clone(),
                _ => String::new(),
            };
            (decl.name.clone(), label)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(text: &str) -> Option<Offer> {
        complete(text, text.len()).map(|c| c.offer)
    }

    #[test]
    fn offers_by_block_and_line() {
        let phase = "program p \"P\" {\n    phase a \"A\" sessions 1..2 {\n        ";
        assert!(matches!(offer(phase), Some(Offer::Keywords(k)) if k.contains(&"lenses")));
        assert_eq!(
            offer(&format!("{phase}lenses exactly 1 of ")),
            Some(Offer::Ids(Kind::Lens))
        );
        assert_eq!(
            offer(&format!("{phase}lenses exactly 1 of a, dec")),
            Some(Offer::Ids(Kind::Lens))
        );
        assert_eq!(offer(&format!("{phase}lenses exactly 1 of a ")), None);
        assert_eq!(
            offer(&format!("{phase}lenses at ")),
            Some(Offer::Keywords(vec!["least", "most"]))
        );
        let milestone = "program p \"P\" {\n    milestone m \"M\" {\n        ";
        assert_eq!(
            offer(&format!("{milestone}competency ")),
            Some(Offer::Ids(Kind::Competency))
        );
        assert_eq!(
            offer(&format!("{milestone}evidence lens ")),
            Some(Offer::Ids(Kind::Lens))
        );
        let track = "program p \"P\" {\n    track t \"T\" {\n        ";
        assert_eq!(
            offer(&format!("{track}drop milestone ")),
            Some(Offer::Ids(Kind::Milestone))
        );
        assert_eq!(
            offer(&format!("{track}milestone m \"M\" replaces ")),
            Some(Offer::Ids(Kind::Milestone))
        );
        let program = "program p \"P\" {\n    ";
        assert_eq!(
            offer(&format!("{program}review every 4 sessions ")),
            Some(Offer::Keywords(vec!["with"]))
        );
        // Issue 17's forms.
        assert!(
            matches!(offer(&format!("{program}review ")), Some(Offer::Keywords(k)) if k.contains(&"every") && k.contains(&"at"))
        );
        assert_eq!(
            offer(&format!("{program}review at sessions 4, 8 ")),
            Some(Offer::Keywords(vec!["with"]))
        );
        assert_eq!(
            offer(&format!("{phase}new-problems forbidden from ")),
            Some(Offer::Keywords(vec!["here"]))
        );
        assert_eq!(
            offer(&format!("{program}review at sessions 4, 8 with lens ")),
            Some(Offer::Ids(Kind::Lens))
        );
        assert!(
            matches!(offer(&format!("{program}agreement before session 2 {{\n        ")), Some(Offer::Keywords(k)) if k == ["field"])
        );
        assert_eq!(
            offer(&format!("{program}review every 4 sessions with lens ")),
            Some(Offer::Ids(Kind::Lens))
        );
        assert!(
            matches!(offer(program), Some(Offer::Keywords(k)) if k.contains(&"first") && k.contains(&"missed"))
        );
        for (line, next) in [
            ("first ", "session"),
            ("first session ", "within"),
            ("missed sessions at most 2 ", "in"),
            ("missed sessions at most 2 in a ", "row"),
        ] {
            assert_eq!(
                offer(&format!("{program}{line}")),
                Some(Offer::Keywords(vec![next])),
                "{line}"
            );
        }
        assert!(
            matches!(offer(&format!("{program}first session within 2 ")), Some(Offer::Keywords(k)) if k.contains(&"weeks"))
        );
        assert!(matches!(offer(program), Some(Offer::Keywords(k)) if k.contains(&"log")));
        assert_eq!(
            offer(&format!("{program}log ")),
            Some(Offer::Keywords(vec!["sessions"]))
        );
        assert_eq!(
            offer(&format!("{program}log sessions ")),
            Some(Offer::Keywords(vec!["within"]))
        );
        assert_eq!(
            offer(&format!("{program}log sessions within 3 ")),
            Some(Offer::Keywords(vec!["days", "day", "weeks", "week"]))
        );
        assert!(matches!(offer(""), Some(Offer::Keywords(k)) if k.contains(&"program")));
        // Strings and comments get nothing.
        assert_eq!(offer(&format!("{phase}goal \"lenses ")), None);
        assert_eq!(offer(&format!("{phase}// lenses exactly 1 of ")), None);
        // A closed block is left.
        assert!(
            matches!(offer(&format!("{phase}lenses none\n    }}\n    ")), Some(Offer::Keywords(k)) if k.contains(&"milestone"))
        );
    }
}
