//! The one lexer of `.mentor` text outside pest: the formatter's tokens, the words completion
//! reads on the line being typed, and the program id the language server reads from a file it
//! does not parse.
//!
//! pest builds the syntax tree; this module serves the code that needs the tokens themselves
//! (the formatter never re-spells a token: it prints each token's source slice) or that reads
//! text too broken or too big to parse. The lexer mirrors the grammar's tokens (words, strings,
//! `{ } , ..`, comments). On text `syntax::parse` accepted it needs no error recovery; on any
//! other text it still splits everything into tokens, characters the grammar does not know
//! becoming one-character punctuation.
//!
//! **Architecture Invariant:** no other module scans `.mentor` text by hand, with three
//! exceptions that read it differently from the grammar's tokens on purpose or by history:
//! `syntax::braces::too_deeply_nested` follows pest's recovery rule `invalid_block` (where
//! `//` starts no comment), and `braces::innermost_unclosed_brace` and completion's block
//! scan (`lsp::completion::block_at`) read a string past a carriage return or an escaped line
//! break, where this lexer ends it; moving them here would change what they report.

/// What a token is, as far as spacing is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A keyword, id, number or date.
    Word,
    /// A quoted text, quotes included.
    Str,
    /// `{`, `}`, `,` or `..`.
    Punct,
    /// `// …` up to the end of its line, trailing white space excluded.
    Comment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Line breaks in the white space before the token (2 or more: a blank line).
    pub newlines_before: u32,
}

impl Token {
    pub(crate) fn text<'t>(&self, source: &'t str) -> &'t str {
        source.get(self.start..self.end).unwrap_or("")
    }

    pub(crate) fn is_comment(&self) -> bool {
        self.kind == Kind::Comment
    }
}

/// Splits `text` into tokens. Characters the grammar does not know become one-character
/// punctuation; the formatter's token check then refuses the result rather than guess.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokens(text).collect()
}

/// The tokens of `text`, one at a time, so a caller that looks for one (a program's header)
/// stops reading there.
pub(crate) fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

/// The iterator behind [`tokenize`].
pub(crate) struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let text = self.text;
        let mut newlines = 0;
        while self.at < text.len() {
            let rest = &text[self.at..];
            let c = rest.chars().next()?;
            if matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}') {
                if c == '\n' {
                    newlines += 1;
                }
                self.at += c.len_utf8();
                continue;
            }
            let (kind, len) = if rest.starts_with("//") {
                let line = rest.find('\n').map_or(rest, |end| &rest[..end]);
                (Kind::Comment, line.trim_end().len())
            } else if c == '"' {
                (Kind::Str, string_len(rest))
            } else if rest.starts_with("..") {
                (Kind::Punct, 2)
            } else if c.is_ascii_alphabetic() {
                (Kind::Word, word_len(rest))
            } else if c.is_ascii_digit() {
                (Kind::Word, number_len(rest))
            } else if c == '-' && rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit) {
                // A negative number (`number -12..14`) is one word, as the grammar's
                // `signed_int` reads it: the formatter must not part the sign from its digits.
                (Kind::Word, 1 + number_len(&rest[1..]))
            } else {
                (Kind::Punct, c.len_utf8())
            };
            let token = Token {
                kind,
                start: self.at,
                end: self.at + len,
                newlines_before: newlines,
            };
            self.at += len;
            return Some(token);
        }
        None
    }
}

/// A quoted text: up to the closing quote, escapes skipped, never past the end of the line.
fn string_len(rest: &str) -> usize {
    string_end(rest).0
}

/// The length of the quoted text `rest` starts with, and whether its closing quote is there.
fn string_end(rest: &str) -> (usize, bool) {
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (i + 1, true),
            '\n' | '\r' => return (i, false),
            '\\' => {
                if let Some((j, escaped)) = chars.next()
                    && matches!(escaped, '\n' | '\r')
                {
                    return (j, false);
                }
            }
            _ => {}
        }
    }
    (rest.len(), false)
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

fn word_len(rest: &str) -> usize {
    rest.bytes().take_while(|&b| is_ident_char(b)).count()
}

/// A date (`2026-01-05`) or a run of digits, as the grammar's `date` and `int`.
fn number_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    let is_date = bytes.len() >= 10
        && bytes[..10].iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if is_date {
        10
    } else {
        bytes.iter().take_while(|b| b.is_ascii_digit()).count()
    }
}

/// A token of the line being typed, as completion reads it: what decides the words that may
/// follow.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineToken<'a> {
    /// A run of text between white space, commas, quotes and braces (a keyword, an id, a
    /// number, `1..2`, or a word the grammar would refuse).
    Word(&'a str),
    Comma,
    Str,
}

/// The tokens of one line of an item, after the last `{` or `}` on it; `None` if the line ends
/// inside a string or a comment. Built on [`tokenize`]: the tokens that touch, but for `,`, a
/// quoted text and the braces, make one word (the word being typed need not be one the grammar
/// reads: `1..2`, `judgmént`). Words are split at any white space, as the editor shows it: a
/// no-break space separates, a byte order mark does not.
pub(crate) fn line_tokens(line: &str) -> Option<Vec<LineToken<'_>>> {
    let mut tokens = Vec::new();
    let mut word: Option<std::ops::Range<usize>> = None;
    let end_word = |word: &mut Option<std::ops::Range<usize>>, tokens: &mut Vec<_>| {
        if let Some(w) = word.take() {
            tokens.push(LineToken::Word(&line[w]));
        }
    };
    let add_to_word =
        |word: &mut Option<std::ops::Range<usize>>, piece: std::ops::Range<usize>| match word {
            Some(w) if w.end == piece.start => w.end = piece.end,
            _ => *word = Some(piece),
        };
    let mut at = 0;
    for token in tokenize(line) {
        // The lexer skips a byte order mark as the grammar does; here it is a character of
        // the word around it.
        for (i, c) in line[at..token.start].char_indices() {
            if c == '\u{FEFF}' {
                add_to_word(&mut word, at + i..at + i + c.len_utf8());
            } else {
                end_word(&mut word, &mut tokens);
            }
        }
        at = token.end;
        let text = token.text(line);
        let is_space = text.chars().all(char::is_whitespace);
        match token.kind {
            Kind::Word => add_to_word(&mut word, token.start..token.end),
            Kind::Punct if !matches!(text, "," | "{" | "}") && !is_space => {
                add_to_word(&mut word, token.start..token.end);
            }
            Kind::Punct if is_space => end_word(&mut word, &mut tokens),
            Kind::Comment => return None,
            Kind::Str if !string_end(&line[token.start..]).1 => return None,
            Kind::Str => {
                end_word(&mut word, &mut tokens);
                tokens.push(LineToken::Str);
            }
            _ if text == "," => {
                end_word(&mut word, &mut tokens);
                tokens.push(LineToken::Comma);
            }
            _ => {
                // `{` or `}`: what came before is another item's.
                word = None;
                tokens.clear();
            }
        }
    }
    for (i, c) in line[at..].char_indices() {
        if c == '\u{FEFF}' {
            add_to_word(&mut word, at + i..at + i + c.len_utf8());
        } else {
            end_word(&mut word, &mut tokens);
        }
    }
    end_word(&mut word, &mut tokens);
    Some(tokens)
}

/// The id after the first `program` keyword that starts a line, read without parsing (a log's
/// directory may hold programs too big to parse on every keystroke).
pub(crate) fn program_id_hint(text: &str) -> Option<&str> {
    tokens(text).find_map(|token| {
        if token.kind != Kind::Word || token.text(text) != "program" {
            return None;
        }
        let line_start = text[..token.start].rfind('\n').map_or(0, |i| i + 1);
        if !text[line_start..token.start].trim_start().is_empty() {
            return None;
        }
        let rest = &text[token.end..];
        if !rest.starts_with([' ', '\t']) {
            return None;
        }
        rest.lines().next()?.split_whitespace().next()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(&str, u32)> {
        tokenize(text)
            .iter()
            .map(|t| (t.text(text), t.newlines_before))
            .collect()
    }

    #[test]
    fn words_numbers_strings_and_comments() {
        assert_eq!(
            texts("phase a-b \"x \\\" y\" sessions 1..12 {\r\n  // note  \r\n\n}"),
            [
                ("phase", 0),
                ("a-b", 0),
                ("\"x \\\" y\"", 0),
                ("sessions", 0),
                ("1", 0),
                ("..", 0),
                ("12", 0),
                ("{", 0),
                ("// note", 1),
                ("}", 2),
            ]
        );
        assert_eq!(
            texts("due by date 2026-01-05 5sessions"),
            [
                ("due", 0),
                ("by", 0),
                ("date", 0),
                ("2026-01-05", 0),
                ("5", 0),
                ("sessions", 0)
            ]
        );
    }

    /// The line tokenizer completion used before it was built on [`tokenize`], kept as the
    /// oracle its replacement must agree with.
    fn hand_line_tokens(line: &str) -> Option<Vec<LineToken<'_>>> {
        let mut tokens = Vec::new();
        let mut rest = line;
        loop {
            rest = rest.trim_start();
            let Some(c) = rest.chars().next() else {
                return Some(tokens);
            };
            if rest.starts_with("//") {
                return None;
            }
            match c {
                ',' => {
                    tokens.push(LineToken::Comma);
                    rest = &rest[1..];
                }
                '{' | '}' => {
                    tokens.clear();
                    rest = &rest[1..];
                }
                '"' => {
                    let mut escaped = false;
                    let end = rest[1..].char_indices().find_map(|(i, c)| {
                        let is_end = c == '"' && !escaped;
                        escaped = c == '\\' && !escaped;
                        is_end.then_some(i + 2)
                    })?;
                    tokens.push(LineToken::Str);
                    rest = &rest[end..];
                }
                _ => {
                    let end = rest
                        .find(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | '{' | '}'))
                        .unwrap_or(rest.len());
                    tokens.push(LineToken::Word(&rest[..end]));
                    rest = &rest[end..];
                }
            }
        }
    }

    /// Random lines of the characters that matter (no `//` inside a word, which the block
    /// scan refuses before a line is tokenized, and no lone carriage return).
    #[test]
    fn line_tokens_agree_with_the_hand_tokenizer() {
        let pieces = [
            "lenses",
            "at",
            "1",
            "..",
            "2",
            "2025-01-05",
            ",",
            "{",
            "}",
            "\"",
            "\\",
            " ",
            "\t",
            "\u{A0}",
            "\u{FEFF}",
            "é",
            "-",
            "_",
            "// c",
            "x",
            "\u{2003}",
        ];
        let mut rng = fastrand::Rng::with_seed(12);
        for _ in 0..20_000 {
            let line: String = (0..rng.usize(0..12))
                .map(|_| pieces[rng.usize(0..pieces.len())])
                .collect();
            let hand = hand_line_tokens(&line);
            if hand.is_some() && line.contains("//") {
                continue; // `a//b`: a comment to the block scan, never tokenized.
            }
            assert_eq!(line_tokens(&line), hand, "{line:?}");
        }
    }

    #[test]
    fn program_id_hint_reads_the_first_line_that_starts_with_program() {
        assert_eq!(
            program_id_hint("// x\n  program senior-ic \"S\" {"),
            Some("senior-ic")
        );
        assert_eq!(
            program_id_hint("\"program x\"\nprogramme y\nprogram\tz"),
            Some("z")
        );
        assert_eq!(program_id_hint("\u{FEFF}program x"), None);
        assert_eq!(program_id_hint("program \nprogram a\"T\""), Some("a\"T\""));
        assert_eq!(program_id_hint("library l {}"), None);
    }
}
