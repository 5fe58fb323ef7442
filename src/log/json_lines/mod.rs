//! JSON Lines files: one log per line, read whole or in a stream. A file read in a stream
//! (`mentor validate`'s) never sits in memory whole, whatever its size.
//!
//! The first pass (`blocks.rs`) reads the file a block of whole lines at a time, checks each
//! record on the thread that parsed it (as a file read whole is checked) and records where
//! each line starts, and, of each line whose record has findings, what counting its columns
//! needs. Once every
//! finding is known (a duplicate pair is found only at the end), the second pass reads the
//! file again for what the first did not keep: the lines a human report shows, masked, and the
//! columns of lines other findings point into. Spans stay offsets in
//! the real file throughout (see `source::streamed`).

mod blocks;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rayon::prelude::*;

pub(super) use blocks::read_streamed;

use super::{
    Log, LogFormat, LogInput, build, byte_order_mark_len, direct, mask, syntax_error, tree,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{self, KeptLine, SourceId, Sources};

/// A JSON Lines record: a line that is not blank, without the blanks around it.
pub(super) struct Record<'t> {
    /// Where it starts in its file.
    pub(super) at: usize,
    pub(super) text: &'t str,
    /// Its line up to its end, with the blanks before it (columns count from the line's
    /// start).
    pub(super) line: &'t str,
}

/// The records of JSON Lines `text`, which starts at `offset` in its file. `from` skips a
/// byte-order mark.
pub(super) fn records(text: &str, from: usize, offset: usize) -> Vec<Record<'_>> {
    // (memchr's search, where `split_inclusive('\n')` was 1.6% of a run's time.)
    let breaks = memchr::memchr_iter(b'\n', text.get(from..).unwrap_or_default().as_bytes());
    records_between(text, from, offset, breaks.map(|at| at + 1))
}

/// [`records`] where the line breaks are known: `line_ends` are the positions just after
/// them in `text[from..]`, in order (the thread reading a streamed block has found them to count
/// lines).
fn records_between(
    text: &str,
    from: usize,
    offset: usize,
    line_ends: impl Iterator<Item = usize>,
) -> Vec<Record<'_>> {
    let mut records = Vec::new();
    let text = text.get(from..).unwrap_or_default();
    // Each line ends after its line break, the last one at the end of the text.
    let line_ends = line_ends.chain(std::iter::once(text.len()));
    let mut line_start = 0;
    for line_end in line_ends {
        let Some(line) = text
            .get(line_start..line_end)
            .filter(|line| !line.is_empty())
        else {
            continue;
        };
        // Without the line break: an error at the end of a cut-short record is then reported
        // on its own line, not at the start of the next.
        let trimmed = line.trim_start();
        if !trimmed.trim_end().is_empty() {
            let lead = line.len() - trimmed.len();
            let text = trimmed.trim_end();
            records.push(Record {
                at: offset + from + line_start + lead,
                text,
                line: line.get(..lead + text.len()).unwrap_or(text),
            });
        }
        line_start = line_end;
    }
    records
}

/// What [`parse_records`] made of a record: what `visit` made of its log, what was found in
/// it, and, when asked and something was found, where its line starts and what counting the
/// line's columns needs.
pub(super) struct Parsed<T> {
    pub(super) log: Option<T>,
    pub(super) found: Diagnostics,
    pub(super) line: Option<(usize, KeptLine)>,
}

/// Each JSON Lines record parsed, built and handed to `visit`, in parallel (records are
/// independent logs); results in the records' order. A streamed file asks for the lines with
/// findings (`keep_lines`): its findings' columns are then counted without reading them again.
pub(super) fn parse_records<T: Send>(
    source: SourceId,
    records: Vec<Record<'_>>,
    keep_lines: bool,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<Parsed<T>> {
    records
        .into_par_iter()
        .map(|record| parse_kept(source, &record, keep_lines, visit))
        .collect()
}

/// What [`parse_records`] makes of one record.
fn parse_kept<T>(
    source: SourceId,
    record: &Record<'_>,
    keep_lines: bool,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Parsed<T> {
    let mut found = Diagnostics::new();
    let log = parse_record(source, record, &mut found, visit);
    let line = (keep_lines && !found.is_empty()).then(|| {
        // (A file's byte-order mark is no part of its first record's line here, so that line
        // is not found where the file's first line starts, and is read again: its columns
        // count from after the mark.)
        let blanks = record.line.len() - record.text.len();
        (record.at - blanks, KeptLine::new(record.line))
    });
    Parsed { log, found, line }
}

/// One record's log, handed to `visit`; what is wrong with it goes to `found`.
fn parse_record<T>(
    source: SourceId,
    record: &Record<'_>,
    found: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Option<T> {
    let (text, at) = (record.text, record.at);
    // Most records are clean logs, built with no value tree between; the others are judged by
    // the builder, from the tree.
    if let Some(log) = direct::clean_log(source, text, at) {
        return Some(visit(log, found));
    }
    match tree::parse_json(source, text, at) {
        Ok(root) => {
            build::build_log(source, LogFormat::JsonLines, root, found).map(|log| visit(log, found))
        }
        Err(error) => {
            found.push(syntax_error(source, "JSON", error));
            None
        }
    }
}

/// Keeps, of each streamed file among `inputs`, the lines `findings` point into: with their
/// text masked (and the line either side, which a human report shows too) when `shown`, else
/// only what counting their columns needs. Call once every finding is known, before any is
/// rendered. A human report on a large file keeps only the columns here and its shown lines a
/// batch of reports at a time ([`ShownLineReader`]). The columns of lines whose records had
/// findings come from the first pass (the text that was checked); only the others are read
/// again, so a file changed in between counts those as it is now.
pub fn keep_lines_for<'d>(
    sources: &Sources,
    inputs: &[LogInput],
    findings: impl IntoIterator<Item = &'d Diagnostic> + Clone,
    shown: bool,
) {
    let reader = ShownLineReader::new(sources, inputs, findings.clone());
    if reader.streamed.is_empty() {
        return;
    }
    let around = usize::from(shown);
    for (id, lines) in reader.wanted(findings, around) {
        let file = sources.get(id);
        // The lines the reading pass examined need no second read for their columns; their
        // text, when it is shown, does.
        let examined = file.take_examined_lines();
        let mut known = BTreeMap::new();
        let unread: BTreeSet<usize> = if shown {
            lines
        } else {
            lines
                .into_iter()
                .filter(|&line| {
                    let kept = file
                        .line_bounds(line)
                        .and_then(|bounds| examined.get(bounds.start));
                    match kept {
                        Some(kept) => {
                            // (An ASCII line needs nothing: its columns are its bytes.)
                            if !kept.wide.is_empty() {
                                known.insert(line, kept);
                            }
                            false
                        }
                        None => true,
                    }
                })
                .collect()
        };
        let (mut columns, shown_lines) = if unread.is_empty() {
            (BTreeMap::new(), BTreeMap::new())
        } else {
            read_kept_lines(sources, id, &unread, shown, reader.unparsed.contains(&id))
        };
        columns.append(&mut known);
        file.set_kept_lines(columns);
        if shown {
            file.set_shown_lines(shown_lines);
        }
    }
}

/// Reads, for a batch of human reports, the lines of streamed files they show, masked: each
/// batch's lines replace the last batch's, so a report on a file of any size holds one batch's
/// lines. Columns are [`keep_lines_for`]'s, kept for every finding.
pub struct ShownLineReader<'s> {
    sources: &'s Sources,
    streamed: HashSet<SourceId>,
    /// Files where a record did not parse (or the file is not UTF-8) are masked as a file that
    /// did not parse is: every value that could be words, parsed record or not.
    unparsed: HashSet<SourceId>,
}

impl<'s> ShownLineReader<'s> {
    /// For the streamed files among `inputs`, with every finding that will be shown.
    pub fn new<'d>(
        sources: &'s Sources,
        inputs: &[LogInput],
        findings: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> ShownLineReader<'s> {
        let streamed: HashSet<SourceId> = inputs
            .iter()
            .map(|input| input.source)
            .filter(|&id| sources.get(id).streamed_path().is_some())
            .collect();
        let unparsed = if streamed.is_empty() {
            HashSet::new()
        } else {
            findings
                .into_iter()
                .filter(|f| f.rule == &rules::UNPARSEABLE_LOG || f.rule == &rules::NOT_UTF8)
                .map(|f| f.primary.span.source)
                .filter(|home| streamed.contains(home))
                .collect()
        };
        ShownLineReader {
            sources,
            streamed,
            unparsed,
        }
    }

    /// Reads the lines `batch` shows (each label's lines and one either side) and makes them
    /// the lines shown of their files; every other streamed file shows none.
    pub fn keep_for(&self, batch: &[Diagnostic]) {
        if self.streamed.is_empty() {
            return;
        }
        let mut wanted = self.wanted(batch, 1);
        for &id in &self.streamed {
            let shown = match wanted.remove(&id) {
                Some(lines) => {
                    let unparsed = self.unparsed.contains(&id);
                    read_kept_lines(self.sources, id, &lines, true, unparsed).1
                }
                None => BTreeMap::new(),
            };
            self.sources.get(id).set_shown_lines(shown);
        }
    }

    /// The lines of each streamed file `findings` point into, with `around` lines either side.
    fn wanted<'d>(
        &self,
        findings: impl IntoIterator<Item = &'d Diagnostic>,
        around: usize,
    ) -> BTreeMap<SourceId, BTreeSet<usize>> {
        let mut wanted: BTreeMap<SourceId, BTreeSet<usize>> = BTreeMap::new();
        for finding in findings {
            for label in std::iter::once(&finding.primary).chain(&finding.secondary) {
                let span = label.span;
                if !self.streamed.contains(&span.source) {
                    continue;
                }
                let file = self.sources.get(span.source);
                let (first, _) = file.line_start(span.start as usize);
                let (last, _) = file.line_start(
                    (span.end as usize)
                        .saturating_sub(1)
                        .max(span.start as usize),
                );
                let lines = wanted.entry(span.source).or_default();
                lines.extend(first.saturating_sub(around)..=last + around);
            }
        }
        wanted
    }
}

/// The second pass over one streamed file: of its `lines` (0-based), what counting columns
/// needs (of the lines with characters wider than a byte) and, when `shown`, their text
/// masked. A file changed since the first pass gives what now lies where its lines were.
fn read_kept_lines(
    sources: &Sources,
    id: SourceId,
    lines: &BTreeSet<usize>,
    shown: bool,
    unparsed: bool,
) -> (BTreeMap<usize, KeptLine>, BTreeMap<usize, String>) {
    let file = sources.get(id);
    let mut columns = BTreeMap::new();
    let mut shown_lines = BTreeMap::new();
    let Some(path) = file.streamed_path() else {
        return (columns, shown_lines);
    };
    // Each wanted line with where it starts and ends (before its line break) in the file.
    let wanted: Vec<(usize, usize, usize)> = lines
        .iter()
        .filter_map(|&line| {
            let start = file.line_bounds(line)?.start;
            Some((line, start, file.line_end(start)))
        })
        .collect();
    // Runs of consecutive lines are read at once; nothing else of the file is read again.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut previous_line = None;
    for &(line, start, end) in &wanted {
        match runs.last_mut() {
            Some(run) if previous_line.is_some_and(|p: usize| p + 1 == line) => run.end = end,
            _ => runs.push(start..end),
        }
        previous_line = Some(line);
    }
    let mut next = wanted.iter().peekable();
    let _ = source::read_ranges(path, &runs, &mut |offset, bytes| {
        let read_end = offset + bytes.len();
        while let Some(&&(line, start, end)) = next.peek() {
            if start > read_end {
                break;
            }
            next.next();
            let Some(line_bytes) =
                bytes.get(start.saturating_sub(offset)..end.saturating_sub(offset))
            else {
                continue;
            };
            // An ASCII line not shown has nothing to keep: its columns are its bytes.
            if !shown && line_bytes.is_ascii() {
                continue;
            }
            let text = match std::str::from_utf8(line_bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(line_bytes),
            };
            if !text.is_ascii() {
                columns.insert(line, KeptLine::new(&text));
            }
            if shown {
                shown_lines.insert(line, masked(id, &text, start, unparsed));
            }
        }
    });
    (columns, shown_lines)
}

/// `line` (at `start` in the file) with the pair's words masked: the private values of the log
/// it holds, or, in a file where a record did not parse, every value that could be words.
fn masked(id: SourceId, line: &str, start: usize, unparsed: bool) -> String {
    let mut text = line.to_owned();
    // As a file read whole is masked: first the private values of the log the line holds
    // (an unread value whole, keys inside it too), then, in a file where a record did not
    // parse, every value of what is left that could be words.
    // The file's byte-order mark is no part of its first record.
    let mark = if start == 0 {
        byte_order_mark_len(line)
    } else {
        0
    };
    let after_mark = line.get(mark..).unwrap_or_default();
    let record = after_mark.trim();
    let lead = mark + after_mark.len() - after_mark.trim_start().len();
    let mut ignored = Diagnostics::new();
    let log = tree::parse_json(id, record, start + lead)
        .ok()
        .and_then(|root| build::build_log(id, LogFormat::JsonLines, root, &mut ignored));
    match log {
        Some(log) => {
            for span in log.private_spans() {
                let range = span.range();
                source::mask_range(
                    &mut text,
                    range.start.saturating_sub(start)..range.end.saturating_sub(start),
                );
            }
        }
        // A record that is no log (a list, a number) holds no private field: mask it as
        // text that did not parse.
        None => {
            for range in mask::unparsed_text_ranges(line, LogFormat::JsonLines) {
                source::mask_all(&mut text, range);
            }
            return text;
        }
    }
    if unparsed {
        let ranges = mask::unparsed_text_ranges(&text, LogFormat::JsonLines);
        for range in ranges {
            source::mask_all(&mut text, range);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::source::Span;

    /// A finding at each log's `pair`, as a check would push.
    fn finding_at_pair(log: Log, found: &mut Diagnostics) {
        if let Some(pair) = &log.pair {
            let label = Label::new(pair.span, "here");
            found.push(Diagnostic::new(&rules::UNPARSEABLE_LOG, "found", label));
        }
    }

    #[test]
    fn columns_of_lines_with_findings_come_from_the_first_read_and_only_the_others_are_read_again()
    {
        let path = std::env::temp_dir().join(format!(
            "mentor-examined-lines-{}.jsonl",
            std::process::id()
        ));
        let first = "{\"mentor\": \"é\", \"pair\": \"p-1\"}\n \u{3000}{\"mentor\": \"—\", \"pair\": \"p-2\"}\n{\"mentor\": \"ü\"}\n";
        let written = std::fs::write(&path, first);
        assert!(written.is_ok(), "{written:?}");
        let mut sources = Sources::new();
        let source = sources.add_streamed("cohort.jsonl", path.clone());
        let mut diagnostics = Diagnostics::new();
        read_streamed(&sources, source, &mut diagnostics, &|log, found| {
            finding_at_pair(log, found)
        });
        // The third line's log has no pair: nothing was found in it, as in a log that a
        // repeated pair's finding points into later. Its finding comes once every log is read.
        let third = first.rfind("\"ü\"").unwrap_or(0);
        diagnostics.push(Diagnostic::new(
            &rules::UNPARSEABLE_LOG,
            "found later",
            Label::new(Span::new(source, third + 4..third + 5), "here"),
        ));
        // The file changes before the second pass: each wide character becomes two ASCII
        // bytes or three, at the same offsets.
        let second = first
            .replace('é', "ee")
            .replace('—', "---")
            .replace('ü', "uu");
        let rewritten = std::fs::write(&path, &second);
        assert!(rewritten.is_ok(), "{rewritten:?}");
        let inputs = [LogInput {
            source,
            format: LogFormat::JsonLines,
        }];
        keep_lines_for(&sources, &inputs, diagnostics.iter(), false);
        let _ = std::fs::remove_file(&path);
        let columns: Vec<(usize, usize)> = diagnostics
            .iter()
            .map(|finding| {
                let at = sources
                    .get(source)
                    .line_column(finding.primary.span.start as usize);
                (at.line, at.column)
            })
            .collect();
        // Lines 1 and 2 count characters as they were checked (the ideographic space before
        // the second record too); line 3, in bytes, as it is now.
        let pair = |line: &str| line.find("\"p-").unwrap_or(0);
        let line_two = first.lines().nth(1).unwrap_or_default();
        let line_three_start = first[..third].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            columns,
            [
                (1, first[..pair(first)].chars().count() + 1),
                (2, line_two[..pair(line_two)].chars().count() + 1),
                (3, third + 4 - line_three_start + 1),
            ]
        );
    }
}
