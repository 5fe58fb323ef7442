//! Where a pair's words may be in a log file that did not parse (and in any CSV export).
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
        LogFormat::Yaml => {
            let mut scan = yaml_scan(text);
            scan.values.append(&mut scan.comments);
            scan.values
        }
        LogFormat::Csv => {
            let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
            csv_word_ranges(text, start, &super::CsvMapping::default())
        }
    }
}

/// The text of every comment in a YAML log (after its `#`), masked as TOML comments are.
pub(super) fn yaml_comment_ranges(text: &str) -> Vec<Range<usize>> {
    yaml_scan(text).comments
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

/// The comments and the values that could be text of a YAML text, line by line, whether it
/// parsed or not: quoted scalars (across lines while unclosed), block scalars (`|`, `>`: every
/// line indented deeper), and plain scalars that are not numbers, booleans, nulls or dates.
/// Keys that look like ids are structure and stay.
fn yaml_scan(text: &str) -> TomlScan {
    let bytes = text.as_bytes();
    let mut scan = TomlScan {
        comments: Vec::new(),
        values: Vec::new(),
    };
    // An unclosed quote carried to the next line, and the indent of a block scalar's line.
    let mut open_quote: Option<u8> = None;
    let mut block_indent: Option<usize> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(bytes.len(), |i| line_start + i);
        let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' {
            line_end - 1
        } else {
            line_end
        };
        let indent = bytes[line_start..content_end]
            .iter()
            .take_while(|&&b| b == b' ')
            .count();
        let blank = line_start + indent == content_end;
        if let Some(block) = block_indent {
            if blank || indent > block {
                if !blank {
                    scan.values.push(line_start + indent..content_end);
                }
                line_start = line_end + 1;
                continue;
            }
            block_indent = None;
        }
        let mut i = line_start + indent;
        let mut flow_depth = 0usize;
        if let Some(quote) = open_quote {
            let (content, end, closed) = yaml_quoted(bytes, i, content_end, quote);
            scan.values.push(content);
            if !closed {
                line_start = line_end + 1;
                continue;
            }
            open_quote = None;
            i = end;
        }
        while i < content_end {
            match bytes[i] {
                b' ' | b'\t' | b',' | b':' | b'?' => i += 1,
                b'-' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n')) => {
                    i += 1;
                }
                b'[' | b'{' => {
                    flow_depth += 1;
                    i += 1;
                }
                b']' | b'}' => {
                    flow_depth = flow_depth.saturating_sub(1);
                    i += 1;
                }
                b'#' if i == line_start || matches!(bytes[i - 1], b' ' | b'\t') => {
                    scan.comments.push(i + 1..content_end);
                    i = content_end;
                }
                quote @ (b'"' | b'\'') => {
                    let (content, end, closed) = yaml_quoted(bytes, i + 1, content_end, quote);
                    if !closed {
                        open_quote = Some(quote);
                        scan.values.push(content);
                        i = content_end;
                        continue;
                    }
                    if yaml_is_key(bytes, end, content_end) {
                        push_unless_id(text, content, &mut scan.values);
                    } else {
                        scan.values.push(content);
                    }
                    i = end;
                }
                b'|' | b'>' => {
                    // The lines below are the block's; a comment may follow the indicator.
                    block_indent = Some(indent);
                    i += 1;
                }
                // A verbatim tag (`!<…>`) may hold anything, spaces included.
                b'!' if bytes.get(i + 1) == Some(&b'<') => {
                    let end = text[i..content_end]
                        .find('>')
                        .map_or(content_end, |at| i + at + 1);
                    scan.values.push(i..end);
                    i = end;
                }
                b'&' | b'*' | b'!' => i = bare_word_end(bytes, i, b" \t,]}").max(i + 1),
                _ => {
                    let end = yaml_plain_end(bytes, i, content_end, flow_depth > 0);
                    let word = text[i..end].trim_end();
                    let word_end = i + word.len();
                    if yaml_is_key(bytes, end, content_end) {
                        push_unless_id(text, i..word_end, &mut scan.values);
                    } else if !is_plain_value(word) {
                        scan.values.push(i..word_end);
                    }
                    i = end.max(i + 1);
                }
            }
        }
        line_start = line_end + 1;
    }
    scan
}

/// A quoted scalar's content from `start` (after the quote) to its closing quote on this line:
/// the content's range, where scanning goes on, and whether it closed.
fn yaml_quoted(
    bytes: &[u8],
    start: usize,
    line_end: usize,
    quote: u8,
) -> (Range<usize>, usize, bool) {
    let mut i = start;
    while i < line_end {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b if b == quote => return (start..i, i + 1, true),
            _ => i += 1,
        }
    }
    (start..line_end.max(start), line_end, false)
}

/// Where a plain scalar starting at `start` ends: at `: `, ` #`, the line's end, or in a flow
/// collection also at `,`, `]`, `}`.
fn yaml_plain_end(bytes: &[u8], start: usize, line_end: usize, in_flow: bool) -> usize {
    let mut i = start;
    while i < line_end {
        match bytes[i] {
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t' | b'\r' | b'\n'))
                || (in_flow && matches!(bytes.get(i + 1), Some(b',' | b']' | b'}'))) =>
            {
                return i;
            }
            b'#' if i > start && matches!(bytes[i - 1], b' ' | b'\t') => return i,
            b',' | b']' | b'}' if in_flow => return i,
            _ => i += 1,
        }
    }
    line_end
}

/// Whether a `:` that makes what ends at `end` a key follows it.
fn yaml_is_key(bytes: &[u8], end: usize, line_end: usize) -> bool {
    let mut i = end;
    while i < line_end && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    bytes.get(i) == Some(&b':')
        && matches!(
            bytes.get(i + 1),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b']' | b'}')
        )
}

/// Byte ranges of a CSV text that may hold a pair's words, parsed or not: every cell below
/// the header row but ids, numbers and dates, and every cell of a column that holds free text
/// (a takeaway, an answer, a column the contract does not know, by its header as `mapping`
/// maps it).
pub(super) fn csv_word_ranges(
    text: &str,
    start: usize,
    mapping: &super::CsvMapping,
) -> Vec<Range<usize>> {
    let records = match super::csv::read_records(text, start) {
        Ok(records) => records,
        // A file quoted wrongly: everything past the header is masked but the delimiters.
        Err(_) => return unquoted_runs(text, start),
    };
    let mut records = records.into_iter();
    let header: Vec<String> = records
        .next()
        .map(|row| {
            row.into_iter()
                .map(|c| mapping.column_for(&c.text).to_owned())
                .collect()
        })
        .unwrap_or_default();
    let free_text = |index: usize| {
        header.get(index).is_none_or(|name| {
            !super::csv::contract_columns().any(|c| c == name) || name == "takeaway"
        })
    };
    let mut ranges = Vec::new();
    for row in records {
        for (index, cell) in row.into_iter().enumerate() {
            if cell.text.is_empty() {
                continue;
            }
            if free_text(index) || !super::csv::could_be_an_id_or_value(&cell.text) {
                ranges.push(cell.range);
            }
        }
    }
    ranges
}

/// When cells cannot be told apart (a quote never closed): after the first line, the text of
/// every quoted stretch, and every run between commas and line breaks outside quotes that is not
/// an id, a number or a date.
fn unquoted_runs(text: &str, start: usize) -> Vec<Range<usize>> {
    let body = text[start..]
        .find('\n')
        .map_or(text.len(), |n| start + n + 1);
    let mut ranges = Vec::new();
    let (mut run_start, mut quoted) = (body, false);
    let end_run = |from: usize, to: usize, quoted: bool, ranges: &mut Vec<Range<usize>>| {
        if to > from && (quoted || !super::csv::could_be_an_id_or_value(&text[from..to])) {
            ranges.push(from..to);
        }
    };
    for (at, byte) in text.bytes().enumerate().skip(body) {
        let ends = if quoted {
            byte == b'"'
        } else {
            matches!(byte, b',' | b'\n' | b'\r' | b'"')
        };
        if ends {
            end_run(run_start, at, quoted, &mut ranges);
            if byte == b'"' {
                quoted = !quoted;
            }
            run_start = at + 1;
        }
    }
    end_run(run_start, text.len(), quoted, &mut ranges);
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

    #[test]
    fn yaml_values_that_could_be_words_are_masked_and_keys_stay() {
        let text = concat!(
            "program: senior-ic  # my note\n",
            "started: 2025-01-06\n",
            "sessions:\n",
            "  - number: 1\n",
            "    takeaway: I felt stuck: again\n",
            "    lens: [decision-review, second]\n",
            "    answers: {chose: \"the 'big' one\", framing: 'it''s fine'}\n",
            "    note: | # my comment\n",
            "      first line\n",
            "\n",
            "      second line\n",
            "    quoted: \"open\n",
            "      still open\" \n",
            "    \"I felt unheard\": true\n",
            "    new-problem: false\n",
            "    tagged: !<my words> x\n",
        );
        assert_eq!(
            masked(text, LogFormat::Yaml),
            concat!(
                "program: *********  #********\n",
                "started: 2025-01-06\n",
                "sessions:\n",
                "  - number: 1\n",
                "    takeaway: ************: *****\n",
                "    lens: [***************, ******]\n",
                "    answers: {chose: \"*************\", framing: '**********'}\n",
                "    note: | #***********\n",
                "      **********\n",
                "\n",
                "      ***********\n",
                "    quoted: \"****\n",
                "      **********\" \n",
                "    \"**************\": true\n",
                "    new-problem: false\n",
                "    tagged: *********** *\n",
            )
        );
    }

    #[test]
    fn words_are_masked_and_ids_numbers_and_dates_kept() {
        let text = "pair,date,minutes,takeaway,note\np1,01/06/2025,60,Great,x\np2,2025-01-06,sixty minutes,\"I, felt\",\n";
        let masked: Vec<&str> = csv_word_ranges(text, 0, &crate::log::CsvMapping::default())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(masked, ["Great", "x", "sixty minutes", "\"I, felt\""]);
        let broken = "pair,takeaway\np1,\"I, felt\",fine words,\"unheard\n";
        let masked: Vec<&str> = csv_word_ranges(broken, 0, &crate::log::CsvMapping::default())
            .into_iter()
            .map(|r| &broken[r])
            .collect();
        assert_eq!(masked, ["I, felt", "fine words", "unheard\n"]);
    }
}
