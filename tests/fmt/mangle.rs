//! Whitespace mangling: the "Done when" test (a mangled `programs/senior-ic.mentor` formats
//! back to the exact file) and the property that formatting any whitespace variant of a
//! program keeps its syntax tree and is idempotent.
//!
//! The mangler changes only the white space between tokens, under the rules a formatter can
//! honour: a comment at the end of a line stays at the end of that line, a comment on its own
//! line stays on its own line, and a blank line between two items (the author's grouping)
//! stays a blank line (of any length); elsewhere lines are freely joined and split, blank lines
//! added inside items, spaces turned into tabs and runs of spaces, `\n` into `\r\n`.

use proptest::prelude::*;

use super::fmt;
use crate::support::{crate_root, mentor_files};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Glue,
    Comment,
}

struct Token {
    start: usize,
    end: usize,
    kind: Kind,
}

/// A tokenizer of its own (not the formatter's), enough for the files in `programs/`.
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let kind = if text[i..].starts_with("//") {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            while bytes[i - 1].is_ascii_whitespace() {
                i -= 1;
            }
            Kind::Comment
        } else if b == b'"' {
            i += 1;
            while bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            Kind::Glue
        } else if text[i..].starts_with("..") {
            i += 2;
            Kind::Glue
        } else if matches!(b, b'{' | b'}' | b',') {
            i += 1;
            Kind::Glue
        } else {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_'))
            {
                i += 1;
            }
            assert!(i > start, "unexpected byte {b} at {i}");
            Kind::Word
        };
        out.push(Token {
            start,
            end: i,
            kind,
        });
    }
    out
}

/// The source of choices: a byte string consumed in turn (proptest shrinks it well).
struct Choices<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Choices<'_> {
    fn next(&mut self, below: u8) -> u8 {
        let b = self
            .bytes
            .get(self.at % self.bytes.len().max(1))
            .copied()
            .unwrap_or(0);
        self.at += 1;
        // Mix the position in, so a short byte string still varies.
        (b.wrapping_add((self.at as u8).wrapping_mul(31))) % below.max(1)
    }

    /// White space with `least` to `least + extra` line breaks; `min_one`: never empty.
    fn space(&mut self, least: u8, extra: u8, min_one: bool) -> String {
        let newlines = least + self.next(extra + 1);
        let mut out = String::new();
        for line in 0..=newlines {
            if line > 0 {
                out.push_str(if self.next(3) == 0 { "\r\n" } else { "\n" });
            }
            for _ in 0..self.next(4) {
                out.push(if self.next(3) == 0 { '\t' } else { ' ' });
            }
        }
        if out.is_empty() && min_one {
            out.push(if self.next(2) == 0 { '\t' } else { ' ' });
        }
        out
    }
}

/// `text` with every gap between tokens replaced by the mangler's choice.
fn mangle(text: &str, choices: &mut Choices<'_>) -> String {
    let tokens = tokens(text);
    let mut out = choices.space(0, 2, false);
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            let previous = &tokens[i - 1];
            let gap = &text[previous.end..token.start];
            let newlines = gap.matches('\n').count();
            let blank = newlines >= 2;
            let space = if token.kind == Kind::Comment && newlines == 0 {
                // A comment at the end of a line stays there.
                let mut s = choices.space(0, 0, true);
                s.retain(|c| c != '\r');
                if s.is_empty() { " ".to_owned() } else { s }
            } else if token.kind == Kind::Comment || previous.kind == Kind::Comment {
                // Comment lines keep their line, and blank lines around them stay.
                if blank {
                    choices.space(2, 1, false)
                } else {
                    choices.space(1, 0, false)
                }
            } else if blank {
                choices.space(2, 1, false)
            } else if newlines == 1 {
                // Join the lines, or keep them apart.
                let min_one = previous.kind == Kind::Word && token.kind == Kind::Word;
                choices.space(0, 1, min_one)
            } else {
                // Inside a line: split it, even with blank lines.
                let min_one = previous.kind == Kind::Word && token.kind == Kind::Word;
                choices.space(0, 3, min_one)
            };
            out.push_str(&space);
        }
        out.push_str(&text[token.start..token.end]);
    }
    out.push_str(&choices.space(0, 2, false));
    out
}

/// The syntax tree without its spans (and comments without trailing white space), as text.
fn tree_without_spans(text: &str) -> String {
    let mut diagnostics = mentor::diagnostic::Diagnostics::new();
    let source = mentor::source::Sources::new().add("x", text);
    let mut file = mentor::syntax::parse(source, text, &mut diagnostics);
    assert!(
        !diagnostics.has_errors(),
        "parses: {:?}",
        diagnostics.iter().next()
    );
    for comment in &mut file.comments {
        comment.text = comment.text.trim_end().to_owned();
    }
    let debug = format!("{file:?}");
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find('}').expect("a span closes");
        out.push_str("Span");
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

fn program_texts() -> Vec<(String, String)> {
    mentor_files(&crate_root().join("programs"))
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read the program");
            (p.display().to_string(), text)
        })
        .collect()
}

/// The "Done when" test: whitespace-mangled copies of the reference program, from fully joined
/// to fully spread out, format back to the exact file.
#[test]
fn a_mangled_reference_program_formats_back_to_the_exact_file() {
    let original = crate::support::reference_text();
    let mut seeds: Vec<Vec<u8>> = vec![vec![0], vec![1], vec![255], vec![7, 200, 13, 64, 99]];
    seeds.extend((0u8..40).map(|n| {
        (0..97)
            .map(|i: u8| i.wrapping_mul(n).wrapping_add(n))
            .collect()
    }));
    for seed in seeds {
        let mangled = mangle(
            &original,
            &mut Choices {
                bytes: &seed,
                at: 0,
            },
        );
        assert_ne!(mangled, original);
        assert_eq!(
            tree_without_spans(&mangled),
            tree_without_spans(&original),
            "the mangler keeps the tree"
        );
        let formatted = fmt(&mangled);
        assert!(
            formatted == original,
            "seed {seed:?}:\n--- mangled\n{mangled}\n--- formatted\n{formatted}"
        );
    }
}

/// Whatever the mangling, there is one comment per original comment, and it is where it was.
#[test]
fn every_comment_is_kept() {
    let original = crate::support::reference_text();
    let formatted = fmt(&mangle(
        &original,
        &mut Choices {
            bytes: &[3, 1, 4, 1, 5, 9],
            at: 0,
        },
    ));
    let comments = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.find("//").map(|at| l[at..].to_owned()))
            .collect()
    };
    assert_eq!(comments(&formatted), comments(&original));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// fmt keeps the syntax tree (modulo spans) and is idempotent, for every program in
    /// `programs/` under any whitespace mangling.
    #[test]
    fn formatting_keeps_the_tree_and_is_idempotent(seed in proptest::collection::vec(any::<u8>(), 1..64)) {
        for (name, original) in program_texts() {
            let mangled = mangle(&original, &mut Choices { bytes: &seed, at: 0 });
            let formatted = fmt(&mangled);
            prop_assert_eq!(tree_without_spans(&formatted), tree_without_spans(&original), "{}", name);
            prop_assert_eq!(fmt(&formatted), formatted.clone(), "{}: idempotent", name);
            // The output is the formatted original: the layout depends on the tokens, comments
            // and blank lines, never on the mangled white space.
            prop_assert_eq!(formatted, fmt(&original), "{}", name);
        }
    }
}
