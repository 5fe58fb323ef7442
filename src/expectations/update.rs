//! `--update`: the text that makes a failing case pass, with every byte but its directives
//! left as it was.
//!
//! - An expected finding no longer found loses its entry; an `# expect:` comment left with none
//!   is removed (a comment at the end of a line with the blanks before it; a comment on a line
//!   of its own with its line, and every `at line N` below it then counts one line less).
//! - A new finding is added by its rule's name, the designer's word: to the `# expect:` comment
//!   already at the end of its line, else to an `# expect: … at line N` comment for its line,
//!   else as `  # expect: NAME` at the end of its line, else (the line ends inside a multi-line
//!   string, holds another comment, or is blank) as `# expect: NAME at line N` on a new line at
//!   the end of the file. In a sidecar every new expectation takes this last form.
//! - `# as-of:` is never added: the day a case is checked on is the designer's choice.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Comparison, Directives, Lines};
use crate::log::toml_comments_and_values;
use crate::rules::Rule;

/// One expectation `--update` added (`+ gap-too-long at line 41`) or removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub added: bool,
    pub rule: &'static Rule,
    /// The line of the finding, as the case was read.
    pub line: usize,
}

/// Where a case's directives are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// In the comments of the TOML case itself: new ones may go at the end of a line, and
    /// removing a line moves the lines below it.
    Case,
    /// In a JSON case's sidecar, whose lines name lines of another file.
    Sidecar,
}

/// The new text of the file `directives` were read from, and what changed. `comparison` is
/// the case's, read from that text.
pub fn plan_update(
    text: &str,
    directives: &Directives,
    comparison: &Comparison,
    home: Home,
) -> (String, Vec<Change>) {
    let lines = Lines::of(text);
    let expects = &directives.expects;

    // The entry each missing finding removes: the last one of its rule on its line.
    let mut removed: Vec<Vec<bool>> = expects
        .iter()
        .map(|d| vec![false; d.entries.len()])
        .collect();
    for missing in &comparison.missing {
        let spot = expects
            .iter()
            .enumerate()
            .filter(|(_, d)| d.line == missing.line)
            .flat_map(|(di, d)| d.entries.iter().enumerate().map(move |(ei, e)| (di, ei, e)))
            .filter(|(di, ei, e)| e.rule.code == missing.rule.code && !removed[*di][*ei])
            .map(|(di, ei, _)| (di, ei))
            .next_back();
        if let Some((di, ei)) = spot {
            removed[di][ei] = true;
        }
    }

    // Where each unexpected finding is added.
    let takes_comment = match home {
        Home::Case => Some(CommentPlaces::of(text, &lines)),
        Home::Sidecar => None,
    };
    let mut added: Vec<Vec<&'static Rule>> = vec![Vec::new(); expects.len()];
    let mut new_trailing: BTreeMap<usize, Vec<&'static Rule>> = BTreeMap::new();
    let mut new_explicit: BTreeMap<usize, Vec<&'static Rule>> = BTreeMap::new();
    for unexpected in &comparison.unexpected {
        let line = unexpected.line;
        let trailing = takes_comment.as_ref().and_then(|_| {
            expects
                .iter()
                .position(|d| d.explicit.is_none() && d.line == line)
        });
        let explicit = expects
            .iter()
            .position(|d| d.explicit.is_some() && d.line == line);
        if let Some(di) = trailing.or(explicit) {
            added[di].push(unexpected.rule);
        } else if takes_comment
            .as_ref()
            .is_some_and(|c| c.takes_comment(line))
        {
            new_trailing.entry(line).or_default().push(unexpected.rule);
        } else {
            new_explicit.entry(line).or_default().push(unexpected.rule);
        }
    }

    let mut edits = Edits::default();
    let mut removed_lines = Vec::new();
    let mut kept_directives = Vec::new();
    for (di, directive) in expects.iter().enumerate() {
        let changed = removed[di].contains(&true) || !added[di].is_empty();
        let mut entries: Vec<&str> = directive
            .entries
            .iter()
            .zip(&removed[di])
            .filter(|(_, removed)| !**removed)
            .map(|(e, _)| &text[e.range.clone()])
            .collect();
        entries.extend(added[di].iter().map(|rule| rule.name));
        if !changed {
            kept_directives.push(directive);
        } else if entries.is_empty() && directive.whole_line {
            let start = lines.start(directive.comment_line).unwrap_or(0);
            let end = lines
                .start(directive.comment_line + 1)
                .unwrap_or(text.len());
            edits.push(start..end, String::new());
            if home == Home::Case {
                removed_lines.push(directive.comment_line);
            }
        } else if entries.is_empty() {
            let before = text[..directive.comment.start].trim_end_matches([' ', '\t']);
            edits.push(before.len()..directive.comment.end, String::new());
        } else {
            let (Some(first), Some(last)) = (directive.entries.first(), directive.entries.last())
            else {
                continue;
            };
            edits.push(first.range.start..last.range.end, entries.join(", "));
            kept_directives.push(directive);
        }
    }

    // Lines below a removed line move up by one.
    let moved = |line: usize| line - removed_lines.iter().filter(|&&r| r < line).count();
    for directive in kept_directives {
        if let Some(digits) = &directive.explicit
            && moved(directive.line) != directive.line
        {
            edits.push(digits.clone(), moved(directive.line).to_string());
        }
    }
    let names = |rules: &[&'static Rule]| {
        rules
            .iter()
            .map(|rule| rule.name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (line, rules) in &new_trailing {
        let at = lines.end(text, *line);
        edits.push(at..at, format!("  # expect: {}", names(rules)));
    }
    if !new_explicit.is_empty() {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut block = String::new();
        if !text.is_empty() && !text.ends_with('\n') {
            block.push_str(newline);
        }
        for (line, rules) in &new_explicit {
            block.push_str(&format!(
                "# expect: {} at line {}{newline}",
                names(rules),
                moved(*line)
            ));
        }
        edits.push(text.len()..text.len(), block);
    }

    let mut changes: Vec<Change> = comparison
        .unexpected
        .iter()
        .map(|f| Change {
            added: true,
            rule: f.rule,
            line: f.line,
        })
        .chain(comparison.missing.iter().map(|f| Change {
            added: false,
            rule: f.rule,
            line: f.line,
        }))
        .collect();
    changes.sort_by_key(|c| (c.line, !c.added, c.rule.code));
    (edits.apply(text), changes)
}

/// Which lines of a TOML case can take a comment at their end: those with no comment yet,
/// not blank, and not ending inside a string (a multi-line one).
struct CommentPlaces {
    /// By line, from line 1.
    open: Vec<bool>,
}

impl CommentPlaces {
    fn of(text: &str, lines: &Lines) -> CommentPlaces {
        let (comments, values) = toml_comments_and_values(text);
        let mut open: Vec<bool> = (1..=lines.count())
            .map(|line| {
                let start = lines.start(line).unwrap_or(text.len());
                let newline = text[start..].find('\n').map_or(text.len(), |n| start + n);
                // The scanner lists values in text order, none inside another.
                let before = values.partition_point(|v| v.start <= newline);
                let in_string = before > 0 && newline < values[before - 1].end;
                !text[start..newline].trim().is_empty() && !in_string
            })
            .collect();
        for comment in &comments {
            if let Some(open) = open.get_mut(lines.line(comment.start) - 1) {
                *open = false;
            }
        }
        CommentPlaces { open }
    }

    fn takes_comment(&self, line: usize) -> bool {
        line.checked_sub(1)
            .and_then(|i| self.open.get(i))
            .is_some_and(|open| *open)
    }
}

impl Lines {
    /// Where the text of 1-based `line` ends: before its line break (`\n` or `\r\n`).
    fn end(&self, text: &str, line: usize) -> usize {
        let start = self.start(line).unwrap_or(text.len());
        let newline = text[start..].find('\n').map_or(text.len(), |n| start + n);
        if newline > start && text.as_bytes()[newline - 1] == b'\r' {
            newline - 1
        } else {
            newline
        }
    }
}

/// Replacements of byte ranges of one text, none overlapping another.
#[derive(Default)]
struct Edits {
    /// (range, new text); applied from the end, and at one offset the later pushed goes last.
    list: Vec<(Range<usize>, String)>,
}

impl Edits {
    fn push(&mut self, range: Range<usize>, text: String) {
        self.list.push((range, text));
    }

    fn apply(mut self, text: &str) -> String {
        let mut out = text.to_owned();
        // From the end, so every range still means what it meant; of two insertions at one
        // offset the later pushed is applied first, and so ends up after the other.
        let order: Vec<usize> = {
            let mut order: Vec<usize> = (0..self.list.len()).collect();
            order.sort_by_key(|&i| std::cmp::Reverse((self.list[i].0.start, i)));
            order
        };
        for i in order {
            let (range, new) = std::mem::take(&mut self.list[i]);
            if range.end <= out.len()
                && out.is_char_boundary(range.start)
                && out.is_char_boundary(range.end)
            {
                out.replace_range(range, &new);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expectations::test_finding as finding;
    use crate::expectations::{Finding, compare, read_sidecar, read_toml_case};

    /// The updated text of a TOML case that now finds `found`, checked to pass when read again.
    fn update_case(text: &str, found: &[Finding]) -> (String, Vec<String>) {
        let directives = read_toml_case(text);
        assert!(directives.errors.is_empty(), "{:?}", directives.errors);
        let comparison = compare(&directives.expected(), found);
        let (updated, changes) = plan_update(text, &directives, &comparison, Home::Case);
        let again = read_toml_case(&updated);
        assert!(again.errors.is_empty(), "{:?}\n{updated}", again.errors);
        (updated, shown(&changes))
    }

    fn shown(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| {
                let sign = if c.added { '+' } else { '-' };
                format!("{sign} {} at line {}", c.rule.name, c.line)
            })
            .collect()
    }

    #[test]
    fn a_moved_finding_moves_its_comment_and_nothing_else_changes() {
        let text = "a = 1\nb = 2   # expect: L014\nc = 3\n";
        let (updated, changes) = update_case(text, &[finding("L014", 3)]);
        assert_eq!(updated, "a = 1\nb = 2\nc = 3  # expect: gap-too-long\n");
        assert_eq!(
            changes,
            ["- gap-too-long at line 2", "+ gap-too-long at line 3"]
        );
    }

    #[test]
    fn entries_are_removed_and_added_in_the_comment_of_their_line() {
        let text = "a = 1 # expect: L014,  lens-not-allowed\n";
        let (updated, changes) = update_case(
            text,
            &[finding("L019", 1), finding("L024", 1), finding("L024", 1)],
        );
        assert_eq!(
            updated,
            "a = 1 # expect: lens-not-allowed, failed-outcome, failed-outcome\n"
        );
        assert_eq!(
            changes,
            [
                "+ failed-outcome at line 1",
                "+ failed-outcome at line 1",
                "- gap-too-long at line 1"
            ]
        );
    }

    #[test]
    fn a_line_inside_a_multi_line_string_or_with_a_comment_gets_an_explicit_line() {
        let text = "a = \"\"\"\nwords\n\"\"\"\nb = 2 # a note\n\nc = 3";
        let found = [
            finding("L022", 1),
            finding("L022", 2),
            finding("L001", 4),
            finding("L003", 5),
        ];
        let (updated, _) = update_case(text, &found);
        assert_eq!(
            updated,
            concat!(
                "a = \"\"\"\nwords\n\"\"\"\nb = 2 # a note\n\nc = 3\n",
                "# expect: lens-field-unanswered at line 1\n",
                "# expect: lens-field-unanswered at line 2\n",
                "# expect: unknown-log-field at line 4\n",
                "# expect: invalid-log-value at line 5\n",
            )
        );
    }

    #[test]
    fn removing_a_line_of_its_own_renumbers_the_lines_named_below_it() {
        let text =
            "# expect: L014 at line 3\nx = 1\ny = \"\"\"\n\"\"\"\n# expect: L022 at line 3\n";
        let (updated, changes) = update_case(text, &[finding("L022", 3), finding("L009", 4)]);
        assert_eq!(
            updated,
            "x = 1\ny = \"\"\"\n\"\"\"  # expect: unknown-outcome\n# expect: L022 at line 2\n"
        );
        assert_eq!(
            changes,
            ["- gap-too-long at line 3", "+ unknown-outcome at line 4"]
        );
    }

    #[test]
    fn an_existing_explicit_comment_for_the_line_takes_the_new_rule() {
        let text = "x = \"\"\"\n\"\"\"\n# expect: L022 at line 1\n";
        let (updated, _) = update_case(text, &[finding("L022", 1), finding("L011", 1)]);
        assert_eq!(
            updated,
            "x = \"\"\"\n\"\"\"\n# expect: L022, unknown-answer-field at line 1\n"
        );
    }

    #[test]
    fn windows_line_breaks_are_kept() {
        let text = "a = 1\r\nb = 2 # expect: L014\r\n";
        let (updated, _) = update_case(text, &[finding("L014", 1)]);
        assert_eq!(updated, "a = 1  # expect: gap-too-long\r\nb = 2\r\n");
    }

    #[test]
    fn a_sidecar_gets_explicit_lines_and_keeps_its_other_lines() {
        let text = "# as-of: 2025-06-01\n# why this case\n# expect: L023 at line 9\n# expect: L014, L014 at line 3";
        let directives = read_sidecar(text, 20);
        let found = [finding("L014", 3), finding("L024", 12)];
        let comparison = compare(&directives.expected(), &found);
        let (updated, changes) = plan_update(text, &directives, &comparison, Home::Sidecar);
        assert_eq!(
            updated,
            "# as-of: 2025-06-01\n# why this case\n# expect: L014 at line 3\n# expect: failed-outcome at line 12\n"
        );
        assert_eq!(
            shown(&changes),
            [
                "- gap-too-long at line 3",
                "- missing-outcome at line 9",
                "+ failed-outcome at line 12"
            ]
        );
        let (created, _) = plan_update(
            "",
            &read_sidecar("", 20),
            &compare(&[], &[finding("L024", 12)]),
            Home::Sidecar,
        );
        assert_eq!(created, "# expect: failed-outcome at line 12\n");
    }

    /// Each line's text before its comment, without trailing blanks.
    fn code_lines(text: &str) -> Vec<String> {
        let (comments, _) = toml_comments_and_values(text);
        let lines = Lines::of(text);
        let mut cut: Vec<Option<usize>> = vec![None; lines.count()];
        for comment in &comments {
            let line = lines.line(comment.start);
            cut[line - 1].get_or_insert(comment.start - 1);
        }
        let mut start = 0;
        text.split('\n')
            .zip(cut)
            .map(|(line, cut)| {
                let end = cut.map_or(start + line.len(), |c| c.min(start + line.len()));
                let code = text[start..end].trim_end().to_owned();
                start += line.len() + 1;
                code
            })
            .collect()
    }

    const PIECES: &[&str] = &[
        "a = 1",
        "b = \"x # expect: L014\"",
        "c = \"\"\"\nmulti # expect: L014\n\"\"\"",
        "d = 'lit'",
        "# a note",
        "",
        "e = [\n  1,\n  2\n]",
        "f = 2 # a note",
        "g = 3 # expect: L014",
        "h = 4  # expect: L019, lens-not-allowed",
        "[[sessions]]",
        "# expect: L024 at line 1",
    ];
    const RULES: &[&str] = &["L014", "L019", "L024"];

    proptest::proptest! {
        /// Whatever the case and its findings, the update reads back without errors, expects
        /// exactly the findings, and leaves every line's text before its comment as it was.
        #[test]
        fn an_update_expects_the_findings_and_keeps_the_code(
            pieces in proptest::collection::vec(0..PIECES.len(), 1..12),
            crlf in proptest::bool::ANY,
            found in proptest::collection::vec((0..RULES.len(), 1usize..30), 0..6),
        ) {
            let newline = if crlf { "\r\n" } else { "\n" };
            let text = pieces.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(newline);
            let directives = read_toml_case(&text);
            let lines = Lines::of(&text).count();
            let found: Vec<Finding> = found
                .iter()
                .filter(|(_, line)| *line <= lines)
                .map(|&(rule, line)| finding(RULES[rule], line))
                .collect();
            let comparison = compare(&directives.expected(), &found);
            let (updated, _) = plan_update(&text, &directives, &comparison, Home::Case);
            let again = read_toml_case(&updated);
            proptest::prop_assert!(again.errors.is_empty(), "{:?}\n{}", again.errors, updated);
            if directives.expects.iter().all(|d| !d.whole_line) {
                proptest::prop_assert!(compare(&again.expected(), &found).passed(), "{}", updated);
                let before = code_lines(&text);
                let after = code_lines(&updated);
                proptest::prop_assert_eq!(&after[..before.len()], &before[..], "{}", updated);
                proptest::prop_assert!(after[before.len()..].iter().all(String::is_empty));
            }
            let sidecar = read_sidecar("", lines);
            let (written, _) = plan_update("", &sidecar, &compare(&[], &found), Home::Sidecar);
            proptest::prop_assert!(compare(&read_sidecar(&written, lines).expected(), &found).passed());
        }
    }
}
