//! The tokens of a `.mentor` file, as the formatter prints them.
//!
//! The formatter never re-spells a token: it prints each token's source slice. The lexer
//! mirrors the grammar's tokens (words, strings, `{ } , ..`, comments); it only runs on text
//! that `syntax::parse` accepted, so it needs no error recovery.

/// What a token is, as far as spacing is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
pub(super) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// Line breaks in the white space before the token (2 or more: a blank line).
    pub newlines_before: u32,
}

impl Token {
    pub fn text<'t>(&self, source: &'t str) -> &'t str {
        source.get(self.start..self.end).unwrap_or("")
    }

    pub fn is_comment(&self) -> bool {
        self.kind == Kind::Comment
    }
}

/// Splits `text` into tokens. Characters the grammar does not know become one-character
/// punctuation; the formatter's token check then refuses the result rather than guess.
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    let mut newlines = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        if matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}') {
            if c == '\n' {
                newlines += 1;
            }
            at += c.len_utf8();
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
        } else {
            (Kind::Punct, c.len_utf8())
        };
        tokens.push(Token {
            kind,
            start: at,
            end: at + len,
            newlines_before: newlines,
        });
        newlines = 0;
        at += len;
    }
    tokens
}

/// A quoted text: up to the closing quote, escapes skipped, never past the end of the line.
fn string_len(rest: &str) -> usize {
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return i + 1,
            '\n' | '\r' => return i,
            '\\' => {
                if let Some((j, escaped)) = chars.next()
                    && matches!(escaped, '\n' | '\r')
                {
                    return j;
                }
            }
            _ => {}
        }
    }
    rest.len()
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
}
