//! Reading a case's directives.
//!
//! A comment is a directive when its text, after the `#` and any spaces or tabs, starts with
//! `expect:` or `as-of:` (in any case: `Expect:` counts). Nothing else is: `# we expect: …`,
//! `## expect: …` and a `#` inside a string are not directives.
//!
//! - `# expect: RULE[, RULE…]` at the end of a line expects those findings on that line.
//! - `# expect: RULE[, RULE…] at line N` expects them on line N, wherever the comment is; a
//!   comment on a line of its own (and every line of a sidecar) must name its line this way.
//! - `# as-of: YYYY-MM-DD`, once, is the day the case is checked as of.
//!
//! A rule is a code or a name in any case (`L014`, `gap-too-long`); only what a log can
//! produce may be expected: the `L` rules, and `F003` for a log that does not parse.

use super::{DirectiveError, Directives, Entry, ExpectDirective, Lines};
use crate::log::toml_comments_and_values;
use crate::rules::{self, Rule, Stage};
use crate::words::{self, quote_id};

/// The directives of a TOML case: its comments, found by the log lexer.
pub fn read_toml_case(text: &str) -> Directives {
    let lines = Lines::of(text);
    let mut directives = Directives::default();
    let (comments, _) = toml_comments_and_values(text);
    for comment in comments {
        // The lexer's range starts after the `#`.
        let hash = comment.start.saturating_sub(1);
        let end = without_carriage_return(text, comment.end);
        read_comment(text, hash, end, &lines, lines.count(), &mut directives);
    }
    directives
}

/// The directives of a JSON or JSON Lines case, from its sidecar `NAME.json.expect`: every
/// line blank or a `#` comment, each `# expect:` naming its line of the log, which has
/// `log_lines` lines.
pub fn read_sidecar(text: &str, log_lines: usize) -> Directives {
    let lines = Lines::of(text);
    let mut directives = Directives::default();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content_end = without_carriage_return(text, start + line.trim_end_matches('\n').len());
        let first = start + (line.len() - line.trim_start_matches([' ', '\t']).len());
        if first < content_end {
            if text.as_bytes()[first] == b'#' {
                read_comment(text, first, content_end, &lines, log_lines, &mut directives);
            } else {
                directives.errors.push(DirectiveError {
                    offset: first,
                    message: "a line of an expectations file is blank or a `#` comment".to_owned(),
                    help: Some(
                        "write each expectation as `# expect: RULE at line N`, and the day as \
                         `# as-of: YYYY-MM-DD`"
                            .to_owned(),
                    ),
                });
            }
        }
        start += line.len();
    }
    directives
}

/// `end` moved back over a `\r` (of a Windows line break) just before it.
fn without_carriage_return(text: &str, end: usize) -> usize {
    if end > 0 && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The comment `text[hash..end]`, read as a directive if it is one. Findings may be expected on
/// lines 1 to `target_lines`.
fn read_comment(
    text: &str,
    hash: usize,
    end: usize,
    lines: &Lines,
    target_lines: usize,
    directives: &mut Directives,
) {
    let Some(after_hash) = text.get(hash + 1..end) else {
        return;
    };
    let body_start =
        hash + 1 + (after_hash.len() - after_hash.trim_start_matches([' ', '\t']).len());
    let body = &text[body_start..end];
    let comment_line = lines.line(hash);
    let line_start = lines.start(comment_line).unwrap_or(0);
    let whole_line = text[line_start..hash].trim_matches([' ', '\t']).is_empty();
    if let Some(rest) = strip_keyword(body, "expect:") {
        let parsed = parse_expect(text, end - rest.len(), end, target_lines);
        match parsed {
            Ok((entries, explicit)) => {
                let line = match &explicit {
                    Some(at) => at.line,
                    None if whole_line => {
                        directives.errors.push(DirectiveError {
                            offset: hash,
                            message: "an `# expect:` comment on a line of its own must name the \
                                      line it expects findings on"
                                .to_owned(),
                            help: Some(
                                "end it with `at line N`, or put the comment at the end of the \
                                 line the finding starts on"
                                    .to_owned(),
                            ),
                        });
                        return;
                    }
                    None => comment_line,
                };
                directives.expects.push(ExpectDirective {
                    comment: hash..end,
                    whole_line,
                    comment_line,
                    line,
                    explicit: explicit.map(|at| at.digits),
                    entries,
                });
            }
            Err(error) => directives.errors.push(error),
        }
    } else if let Some(rest) = strip_keyword(body, "as-of:") {
        let date_start = end - rest.len() + (rest.len() - rest.trim_start().len());
        match parse_date(rest.trim()) {
            Some(_) if directives.as_of.is_some() => directives.errors.push(DirectiveError {
                offset: hash,
                message: "a second `# as-of:` date: a case is checked as of one day".to_owned(),
                help: None,
            }),
            Some(date) => directives.as_of = Some(date),
            None => directives.errors.push(DirectiveError {
                offset: date_start,
                message: "`# as-of:` needs a date, written YYYY-MM-DD".to_owned(),
                help: Some("for example `# as-of: 2025-06-01`".to_owned()),
            }),
        }
    }
}

/// The rest of `body` after `keyword`, if it starts with it (in any case).
fn strip_keyword<'b>(body: &'b str, keyword: &str) -> Option<&'b str> {
    let head = body.get(..keyword.len())?;
    head.eq_ignore_ascii_case(keyword)
        .then(|| &body[keyword.len()..])
}

/// A `YYYY-MM-DD` date, and nothing else.
fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let shape = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if shape { text.parse().ok() } else { None }
}

/// The rules of `# expect:` (from `start` to `end`) and its `at line N`, if given: the line and
/// the range of its digits.
fn parse_expect(
    text: &str,
    start: usize,
    end: usize,
    target_lines: usize,
) -> Result<(Vec<Entry>, Option<AtLine>), DirectiveError> {
    let bytes = text.as_bytes();
    let blank = |b: u8| b == b' ' || b == b'\t';
    let skip_blanks = |mut i: usize| {
        while i < end && blank(bytes[i]) {
            i += 1;
        }
        i
    };
    let word_end = |mut i: usize| {
        while i < end && !blank(bytes[i]) && bytes[i] != b',' {
            i += 1;
        }
        i
    };
    let mut entries = Vec::new();
    let mut i = skip_blanks(start);
    loop {
        let word = i..word_end(i);
        if word.is_empty() {
            return Err(DirectiveError {
                offset: i,
                message: if entries.is_empty() {
                    "`# expect:` names no rule".to_owned()
                } else {
                    "a rule is missing after `,`".to_owned()
                },
                help: Some(
                    "name rules by code or name, separated by commas: `# expect: L014, \
                     lens-not-allowed`"
                        .to_owned(),
                ),
            });
        }
        entries.push(Entry {
            rule: expectable_rule(&text[word.clone()], word.start)?,
            range: word.clone(),
        });
        i = skip_blanks(word.end);
        if i == end {
            return Ok((entries, None));
        }
        if bytes[i] == b',' {
            i = skip_blanks(i + 1);
            continue;
        }
        let explicit = parse_at_line(text, i, end, target_lines)?;
        return Ok((entries, Some(explicit)));
    }
}

/// `at line N`: N, and where its digits are.
struct AtLine {
    line: usize,
    digits: std::ops::Range<usize>,
}

/// `at line N` from `start` to the end of the comment.
fn parse_at_line(
    text: &str,
    start: usize,
    end: usize,
    target_lines: usize,
) -> Result<AtLine, DirectiveError> {
    let rest = &text[start..end];
    let mut words = rest.split([' ', '\t']).filter(|w| !w.is_empty());
    let malformed = || DirectiveError {
        offset: start,
        message: "expected `,` and another rule, or `at line N`, after the rules of `# expect:`"
            .to_owned(),
        help: Some("for example `# expect: L014, L019 at line 42`".to_owned()),
    };
    let (Some(at), Some(line_word), Some(digits), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(malformed());
    };
    if at != "at" || line_word != "line" || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    // The last word of the comment.
    let digits_start = start + rest.rfind(digits).unwrap_or(0);
    match digits.parse::<usize>() {
        Ok(line) if (1..=target_lines).contains(&line) => Ok(AtLine {
            line,
            digits: digits_start..digits_start + digits.len(),
        }),
        _ => Err(DirectiveError {
            offset: digits_start,
            message: format!(
                "line {} is not a line of the log, which has {}",
                quote_id(digits),
                words::count(target_lines as u64, "line", "lines")
            ),
            help: None,
        }),
    }
}

/// The rule `word` names (a code or a name, in any case), if a log can produce it.
fn expectable_rule(word: &str, offset: usize) -> Result<&'static Rule, DirectiveError> {
    let expectable = |rule: &Rule| rule.stage == Stage::Log || rule == &rules::UNPARSEABLE_LOG;
    match rules::find(&word.to_ascii_lowercase()) {
        Some(rule) if expectable(rule) => Ok(rule),
        Some(rule) => Err(DirectiveError {
            offset,
            message: format!(
                "`{}` ({}) is not a finding a log can produce",
                rule.code, rule.name
            ),
            help: Some(
                "a case expects the findings of its log: the `L` rules, and `F003` for a log \
                 that does not parse"
                    .to_owned(),
            ),
        }),
        None => {
            let candidates = rules::all()
                .filter(|rule| expectable(rule))
                .flat_map(|rule| [rule.code, rule.name]);
            Err(DirectiveError {
                offset,
                message: format!("unknown rule {} in `# expect:`", quote_id(word)),
                help: Some(match words::did_you_mean(word, candidates) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`mentor rules` lists every rule's code and name".to_owned(),
                }),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (code, line) of every expected finding.
    fn expected(directives: &Directives) -> Vec<(&'static str, usize)> {
        directives
            .expected()
            .iter()
            .map(|f| (f.rule.code, f.line))
            .collect()
    }

    fn messages(directives: &Directives) -> Vec<(usize, &str)> {
        directives
            .errors
            .iter()
            .map(|e| (e.offset, e.message.as_str()))
            .collect()
    }

    #[test]
    fn trailing_comments_expect_findings_on_their_line() {
        let text = "# as-of: 2025-06-01\nprogram = \"senior-ic\"\ndate = 2025-03-10  # expect: gap-too-long, L019 ,l024\n";
        let read = read_toml_case(text);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(read.as_of, Some(jiff::civil::date(2025, 6, 1)));
        assert_eq!(expected(&read), [("L014", 3), ("L019", 3), ("L024", 3)]);
        let directive = &read.expects[0];
        assert!(!directive.whole_line);
        assert_eq!(
            &text[directive.comment.clone()],
            "# expect: gap-too-long, L019 ,l024"
        );
        let written: Vec<&str> = directive
            .entries
            .iter()
            .map(|e| &text[e.range.clone()])
            .collect();
        assert_eq!(written, ["gap-too-long", "L019", "l024"]);
    }

    #[test]
    fn the_same_rule_twice_is_two_findings_and_names_are_case_insensitive() {
        let read = read_toml_case("x = 1 # Expect: GAP-TOO-LONG, L014\n");
        assert_eq!(expected(&read), [("L014", 1), ("L014", 1)]);
    }

    #[test]
    fn a_hash_inside_a_string_starts_no_comment() {
        let text = concat!(
            "a = \"not # expect: L014\"\n",
            "b = 'nor # expect: L014'\n",
            "c = \"\"\"\n# expect: L014 at line 1\n\"\"\"\n",
            "\"key # expect: L014\" = 1\n",
            "d = [\n  \"x\", # expect: L008\n]\n",
        );
        let read = read_toml_case(text);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(expected(&read), [("L008", 8)]);
    }

    #[test]
    fn only_a_directive_at_the_start_of_a_comment_counts() {
        let text = "# we expect: nothing here\nx = 1 ## expect: L014\ny = 2 # the as-of: is below\n#expect:L014 at line 2\n";
        let read = read_toml_case(text);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(expected(&read), [("L014", 2)]);
        assert_eq!(read.as_of, None);
    }

    #[test]
    fn a_whole_line_comment_names_its_line() {
        let text = "x = 1\n  # expect: L014, L019 at line 1\n# expect: L014\n";
        let read = read_toml_case(text);
        assert_eq!(expected(&read), [("L014", 1), ("L019", 1)]);
        let explicit = read.expects[0].explicit.clone().expect("`at line 1`");
        assert_eq!(&text[explicit], "1");
        assert!(read.expects[0].whole_line);
        assert_eq!(read.expects[0].comment_line, 2);
        assert_eq!(
            messages(&read),
            [(
                39,
                "an `# expect:` comment on a line of its own must name the line it expects findings on"
            )]
        );
    }

    #[test]
    fn unknown_and_misplaced_rules_are_errors_pointing_at_them() {
        let text = "a = 1 # expect: gap-to-long\nb = 2 # expect: P004\nc = 3 # expect: I cried\n";
        let read = read_toml_case(text);
        assert!(read.expects.is_empty());
        assert_eq!(
            messages(&read),
            [
                (16, "unknown rule `gap-to-long` in `# expect:`"),
                (
                    44,
                    "`P004` (phase-overlap) is not a finding a log can produce"
                ),
                (65, "unknown rule `I` in `# expect:`"),
            ]
        );
        assert_eq!(
            read.errors[0].help.as_deref(),
            Some("did you mean `gap-too-long`?")
        );
    }

    #[test]
    fn malformed_lists_lines_and_dates_are_errors() {
        let text = concat!(
            "a = 1 # expect:\n",
            "b = 2 # expect: L014,\n",
            "# expect: L014 at line 0\n",
            "# expect: L014 at line 99\n",
            "# expect: L014 at line\n",
            "# as-of: June 1st\n",
            "# as-of: 2025-02-30\n",
        );
        let read = read_toml_case(text);
        let found: Vec<&str> = read.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            found,
            [
                "`# expect:` names no rule",
                "a rule is missing after `,`",
                "line `0` is not a line of the log, which has 8 lines",
                "line `99` is not a line of the log, which has 8 lines",
                "expected `,` and another rule, or `at line N`, after the rules of `# expect:`",
                "`# as-of:` needs a date, written YYYY-MM-DD",
                "`# as-of:` needs a date, written YYYY-MM-DD",
            ]
        );
    }

    #[test]
    fn a_second_as_of_is_an_error() {
        let read = read_toml_case("# as-of: 2025-06-01\n# as-of: 2025-07-01\n");
        assert_eq!(read.as_of, Some(jiff::civil::date(2025, 6, 1)));
        assert_eq!(
            messages(&read),
            [(
                20,
                "a second `# as-of:` date: a case is checked as of one day"
            )]
        );
    }

    #[test]
    fn windows_line_breaks_are_not_part_of_a_comment() {
        let text = "x = 1 # expect: L014\r\n# as-of: 2025-06-01\r\n";
        let read = read_toml_case(text);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(&text[read.expects[0].comment.clone()], "# expect: L014");
        assert_eq!(read.as_of, Some(jiff::civil::date(2025, 6, 1)));
    }

    #[test]
    fn a_sidecar_holds_explicit_directives_and_comments_only() {
        let text = "# as-of: 2025-06-01\n\n# the outcome is missing\n# expect: L023 at line 9\nL014 at line 3\n# expect: L014\n";
        let read = read_sidecar(text, 20);
        assert_eq!(expected(&read), [("L023", 9)]);
        assert_eq!(
            messages(&read),
            [
                (
                    71,
                    "a line of an expectations file is blank or a `#` comment"
                ),
                (
                    86,
                    "an `# expect:` comment on a line of its own must name the line it expects findings on"
                ),
            ]
        );
        assert_eq!(
            read_sidecar("# expect: L023 at line 21\n", 20).errors[0].message,
            "line `21` is not a line of the log, which has 20 lines"
        );
    }

    #[test]
    fn a_broken_log_still_has_its_directives_read() {
        let text = "# as-of: 2025-06-01\nprogram = \"senior-ic\n[[sessions]] # expect: F003\n";
        let read = read_toml_case(text);
        assert_eq!(read.as_of, Some(jiff::civil::date(2025, 6, 1)));
        assert_eq!(expected(&read), [("F003", 3)]);
    }
}
