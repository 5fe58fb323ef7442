//! Where a pair's words may be in a log file that did not parse.
//!
//! A parsed log knows the span of every takeaway and answer (`Log::private_spans`). A file that
//! is not valid TOML or JSON has no such tree, yet a human report shows the lines around its
//! syntax error. This lexer finds every value that could be text (the contents of quoted
//! strings that are not keys, and bare words that are not `true`, `false`, `null`, numbers or
//! dates) so that those lines can be shown with the words masked and the structure (keys,
//! quotes, brackets, numbers, dates) left to read the error by. It errs towards masking.

use std::ops::Range;

use super::LogFormat;

/// Byte ranges of `text` that may hold a pair's words, for a file of `format` that did not parse.
pub fn unparsed_text_ranges(text: &str, format: LogFormat) -> Vec<Range<usize>> {
    match format {
        LogFormat::Toml => {
            let mut scan = toml_scan(text);
            scan.values.append(&mut scan.comments);
            scan.values
        }
        LogFormat::Json | LogFormat::JsonLines => json_ranges(text),
    }
}

/// The text of every comment in a TOML log (after its `#`). A parsed log's tree has no
/// comments, yet a comment is as likely as a takeaway to hold what a pair said.
pub(super) fn toml_comment_ranges(text: &str) -> Vec<Range<usize>> {
    toml_scan(text).comments
}

/// The comments of a TOML text (each from after its `#` to the end of its line, a `\r` of a
/// Windows line break included) and the values that could be text (quoted strings' contents,
/// bare words), as the scanner finds them in a file that parsed or not: a `#` inside a string
/// starts no comment. `mentor test` reads its `# expect:` directives from the comments, and asks
/// the values whether a line ends inside a multi-line string.
pub(crate) fn toml_comments_and_values(text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let scan = toml_scan(text);
    (scan.comments, scan.values)
}

/// A quoted key that is not a name may itself be a pair's words (`"I felt unheard" = true`).
fn push_unless_id(text: &str, range: Range<usize>, ranges: &mut Vec<Range<usize>>) {
    if !text.get(range.clone()).is_some_and(super::looks_like_id) {
        ranges.push(range);
    }
}

/// A bare word that is structure, not text: a boolean, `null`, or all of it a number, a date
/// or a time (`45`, `-1.5e3`, `2025-01-06`, `10:30:00Z`). `3 colleagues think …` is text.
fn is_plain_value(word: &str) -> bool {
    let numeric = |c: char| c.is_ascii_digit() || "+-._:eETZtz".contains(c);
    matches!(
        word,
        "true" | "false" | "null" | "inf" | "nan" | "+inf" | "-inf" | "+nan" | "-nan"
    ) || (word.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-')
        && word.chars().any(|c| c.is_ascii_digit())
        && word.chars().all(numeric))
}

/// Where the bare word starting at `start` ends: at the next character that ends one.
fn bare_word_end(bytes: &[u8], start: usize, stops: &[u8]) -> usize {
    let mut end = start;
    while end < bytes.len() && bytes[end] != b'\n' && !stops.contains(&bytes[end]) {
        end += 1;
    }
    // Trailing spaces belong to no word.
    while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    end
}

/// A line with no `=` that is neither a table header nor a comment is no key: most likely the
/// rest of a text whose quotes broke. It is masked whole; returns where scanning goes on.
fn mask_stray_line(text: &str, start: usize, ranges: &mut Vec<Range<usize>>) -> usize {
    let end = text
        .get(start..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |n| start + n);
    let line = text.get(start..end).unwrap_or_default();
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with(['[', '#']) || line.contains('=') {
        return start;
    }
    let from = start + (line.len() - line.trim_start().len());
    ranges.push(from..from + trimmed.len());
    end
}

/// What [`toml_scan`] finds: values that could be words, and comments.
struct TomlScan {
    values: Vec<Range<usize>>,
    comments: Vec<Range<usize>>,
}

fn toml_scan(text: &str) -> TomlScan {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut comments = Vec::new();
    let mut i = mask_stray_line(text, 0, &mut ranges);
    // In the value part of a line (after `=`), or inside an array that spans lines.
    let mut in_value = false;
    let mut depth = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            in_value = depth > 0;
            i += 1;
            if !in_value {
                i = mask_stray_line(text, i, &mut ranges);
            }
            continue;
        }
        if b == b'#' {
            // A comment runs to the end of the line; its `#` stays to read the line by.
            let start = i + 1;
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            if i > start {
                comments.push(start..i);
            }
            continue;
        }
        if !in_value {
            match b {
                b'=' => in_value = true,
                b'"' | b'\'' => {
                    let end = skip_quoted_key(bytes, i);
                    push_unless_id(text, i + 1..end.max(i + 1), &mut ranges);
                    i = end;
                }
                b' ' | b'\t' | b'\r' | b'.' | b'[' | b']' => {}
                _ => {
                    // A bare key, or a table name: a name unless it holds words
                    // (`my boss is awful = 1`, `[I cried after the meeting]`).
                    let end = bare_word_end(bytes, i, b"=.[]\"'#").max(i + 1);
                    push_unless_id(text, i..end, &mut ranges);
                    i = end;
                    continue;
                }
            }
            i += 1;
            continue;
        }
        match b {
            b'"' | b'\'' => {
                let triple = bytes.get(i..i + 3).is_some_and(|q| q == [b, b, b]);
                let (content, end) = if triple {
                    multi_line_string(bytes, i + 3, b)
                } else {
                    single_line_string(bytes, i + 1, b)
                };
                ranges.push(content);
                i = end;
            }
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b' ' | b'\t' | b'\r' | b',' | b'=' => i += 1,
            _ => {
                let end = bare_word_end(bytes, i, b",]}#=").max(i + 1);
                if !text.get(i..end).is_some_and(is_plain_value) {
                    ranges.push(i..end);
                }
                i = end;
            }
        }
    }
    TomlScan {
        values: ranges,
        comments,
    }
}

/// The index of the closing quote of a quoted key starting at `start`, or the end of its line.
fn skip_quoted_key(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut i = start + 1;
    while i < bytes.len() && bytes[i] != b'\n' {
        if quote == b'"' && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            return i;
        }
        i += 1;
    }
    i.min(bytes.len()).saturating_sub(1).max(start)
}

/// A string on one line from `start` (after its opening quote): its contents and the index
/// after it. Unterminated strings run to the end of the line.
fn single_line_string(bytes: &[u8], start: usize, quote: u8) -> (Range<usize>, usize) {
    let mut i = start;
    while i < bytes.len() && bytes[i] != b'\n' {
        if quote == b'"' && bytes[i] == b'\\' {
            i = (i + 2).min(bytes.len());
            continue;
        }
        if bytes[i] == quote {
            return (start..i, i + 1);
        }
        i += 1;
    }
    let end = i.min(bytes.len());
    (start..end, end)
}

/// A `"""` or `'''` string from `start` (after its opening quotes), across lines.
fn multi_line_string(bytes: &[u8], start: usize, quote: u8) -> (Range<usize>, usize) {
    let mut i = start;
    while i < bytes.len() {
        if quote == b'"' && bytes[i] == b'\\' {
            i = (i + 2).min(bytes.len());
            continue;
        }
        if bytes
            .get(i..i + 3)
            .is_some_and(|q| q == [quote, quote, quote])
        {
            return (start..i, i + 3);
        }
        i += 1;
    }
    (start..bytes.len(), bytes.len())
}

fn json_ranges(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // JSON strings hold no raw line break; stopping at one keeps a broken string
                // from masking the rest of a JSON Lines file.
                let (content, end) = single_line_string(bytes, i + 1, b'"');
                let mut next = end;
                while next < bytes.len() && matches!(bytes[next], b' ' | b'\t' | b'\r' | b'\n') {
                    next += 1;
                }
                if bytes.get(next) == Some(&b':') {
                    push_unless_id(text, content, &mut ranges);
                } else {
                    ranges.push(content);
                }
                i = end;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' | b'[' | b']' | b'{' | b'}' => i += 1,
            _ => {
                let end = bare_word_end(bytes, i, b",:]}\"").max(i + 1);
                if !text.get(i..end).is_some_and(is_plain_value) {
                    ranges.push(i..end);
                }
                i = end;
            }
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with every range replaced by `*`.
    fn masked(text: &str, format: LogFormat) -> String {
        let mut bytes = text.as_bytes().to_vec();
        for range in unparsed_text_ranges(text, format) {
            for b in &mut bytes[range] {
                if *b != b'\n' {
                    *b = b'*';
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[test]
    fn toml_values_that_could_be_words_are_masked_and_structure_stays() {
        let text = concat!(
            "program = \"senior-ic\"\n",
            "started = 2025-01-06\n",
            "[[sessions]]\n",
            "number = 1\n",
            "takeaway = \"I felt \\\"stuck\\\"\n",
            "\"quoted key\" = 'literal words'\n",
            "notes = my bare words # a comment\n",
            "answer = \"\"\"\nline one = two\nline three\"\"\"\n",
            "lens = [\n  \"decision-review\",\n  \"second\"\n]\n",
            "new-problem = false\n",
        );
        assert_eq!(
            masked(text, LogFormat::Toml),
            concat!(
                "program = \"*********\"\n",
                "started = 2025-01-06\n",
                "[[sessions]]\n",
                "number = 1\n",
                "takeaway = \"****************\n",
                "\"**********\" = '*************'\n",
                "notes = ************* #**********\n",
                "answer = \"\"\"\n**************\n**********\"\"\"\n",
                "lens = [\n  \"***************\",\n  \"******\"\n]\n",
                "new-problem = false\n",
            )
        );
    }

    #[test]
    fn text_that_only_starts_like_a_number_and_broken_lines_are_masked() {
        let text = "takeaway = 3 colleagues think so\nnote = \"My manager said\nI might be let go\n[[sessions]]\nminutes = -45\ndate = 2025-01-06T10:00:00Z\n";
        assert_eq!(
            masked(text, LogFormat::Toml),
            "takeaway = *********************\nnote = \"***************\n*****************\n[[sessions]]\nminutes = -45\ndate = 2025-01-06T10:00:00Z\n"
        );
        assert_eq!(
            masked("{\"takeaway\": -my manager}", LogFormat::Json),
            "{\"takeaway\": ***********}"
        );
    }

    #[test]
    fn json_string_values_and_bare_words_are_masked_keys_stay() {
        let text = "{\"pair\": \"p-1\", \"minutes\": 60, \"takeaway\": my words, \"ok\": true, \"x\": null}\n{\"takeaway\": \"unterminated\n{\"a\" : [\"b\"]}";
        assert_eq!(
            masked(text, LogFormat::JsonLines),
            "{\"pair\": \"***\", \"minutes\": 60, \"takeaway\": ********, \"ok\": true, \"x\": null}\n{\"takeaway\": \"************\n{\"a\" : [\"*\"]}"
        );
    }

    #[test]
    fn keys_that_are_not_names_are_masked_and_comments_of_a_parsed_log_are_found() {
        assert_eq!(
            masked("{\"I felt unheard\": true, \"pair\": 1}", LogFormat::Json),
            "{\"**************\": true, \"pair\": 1}"
        );
        let text = "pair = \"p-1\" # she told me\n# the #2 worry\nnote = \"a # b\"\n";
        let comments: Vec<&str> = toml_comment_ranges(text)
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(comments, [" she told me", " the #2 worry"]);
    }

    #[test]
    fn bare_keys_and_table_names_that_hold_words_are_masked() {
        let text = "[[sessions]]\n[I cried here]\nmy boss is awful = 1\nsessions.answers = 2\n";
        assert_eq!(
            masked(text, LogFormat::Toml),
            "[[sessions]]\n[************]\n**************** = 1\nsessions.answers = 2\n"
        );
    }
}
