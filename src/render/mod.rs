//! Rendering diagnostics in every output format. Renderers take sorted diagnostics and the
//! sources; they never reorder, filter or change a diagnostic, so every format says the same.
//! The one cut, at most [`MAX_DIAGNOSTICS_PER_UNIT`] per [`Unit`] (a log's place in a file), is
//! made by [`keep_first_per_unit`] once, before any renderer runs.

pub mod catalogue;
mod cohort;
mod diagnostics;
mod diff;
pub(crate) mod html;
mod markdown;
pub mod matching;
mod pair;
pub mod playbook;
pub(crate) mod skeleton;
pub(crate) mod svg;
mod test_table;
pub mod visible;

pub use cohort::{
    MAX_TABLE_ROWS, render_cohort_csv, render_cohort_html, render_cohort_json,
    render_cohort_markdown, write_cohort_csv, write_cohort_json,
};
pub use diagnostics::github::{render_github, write_github};
pub use diagnostics::human::{render_human, write_human};
pub use diagnostics::json::{JsonDiagnostic, json_diagnostic, render_json, write_json};
pub use diagnostics::junit::{render_junit, write_junit};
pub use diagnostics::sarif::{render_sarif, write_sarif};
pub use diagnostics::short::{render_short, write_short};
pub use diff::json::render_diff_json;
pub use diff::markdown::render_diff_markdown;
pub use diff::render_diff_human;
pub use pair::{render_pair_html, render_pair_markdown};
pub use test_table::{render_test_json, render_test_table};

use std::collections::HashMap;

use compact_str::{CompactString, format_compact};

use crate::diagnostic::{Diagnostic, Severity};
use crate::log::{LogFormat, LogInput, looks_like_id};
use crate::source::{LineColumn, SourceId, Sources, Span};
use crate::words;

/// At most this many diagnostics are shown for one unit, in every format: a log (one record of
/// a JSON Lines file, or a whole TOML or JSON file), or else the file their primary label is in
/// (a program; the unreadable lines of a JSON Lines file). The summary counts the rest and the
/// exit status reflects them all. A file of a million garbage lines would otherwise print
/// hundreds of megabytes; and since the limit is per log, a cohort file of thousands of logs
/// still shows every failing log (each keeps its first findings), so CI flags exactly them.
pub const MAX_DIAGNOSTICS_PER_UNIT: usize = 200;

/// A log's place in a file: a whole file (a TOML or JSON log; a program), or one record of a
/// JSON Lines file. It is the key of the per-log output cap in every format
/// ([`keep_first_per_unit`]) and JUnit's test case.
///
/// A cohort file's JUnit output has one for each of its logs, so a unit is kept in 40 bytes, its
/// name inline when it is a pair id of up to 24 bytes: the logs a run checked become their
/// units in place (see `cli::validate`), with no second list beside the first.
#[derive(Debug, Clone)]
pub struct Unit {
    /// What the unit is called: the pair id, or its place when there is none (`file`, or
    /// `file:line` for a JSON Lines record).
    pub name: CompactString,
    pub source: SourceId,
    /// Where in the file this unit starts and ends (a JSON Lines record); `None` for the whole
    /// file. (Not a `Span`: its file is `source`, and an optional span takes 16 bytes.)
    range: Option<(u32, u32)>,
}

impl Unit {
    /// A whole file, such as a checked program.
    pub fn file(name: impl Into<CompactString>, source: SourceId) -> Unit {
        Unit {
            name: name.into(),
            source,
            range: None,
        }
    }

    /// The part of the file that is this unit (a JSON Lines record); `None` for the whole file.
    pub fn span(&self) -> Option<Span> {
        self.range.map(|(start, end)| Span {
            source: self.source,
            start,
            end,
        })
    }

    /// A part of a file, such as one record of a JSON Lines file.
    pub fn part(name: impl Into<CompactString>, span: Span) -> Unit {
        Unit {
            name: name.into(),
            source: span.source,
            range: Some((span.start, span.end)),
        }
    }

    /// One unit per log (each given by its span and its `pair` value), in order, plus one per
    /// log file from `first_log_source` on that yielded no log, so every file read has a unit.
    /// Only JUnit shows a log's unit by name: without `named`, logs' units are left unnamed
    /// (the per-log cap needs their places only), which saves a string per log of a cohort.
    pub(crate) fn for_logs<'a>(
        sources: &Sources,
        inputs: &[LogInput],
        first_log_source: usize,
        logs: impl IntoIterator<Item = (Span, Option<&'a str>)>,
        named: bool,
    ) -> Vec<Unit> {
        let places = LogPlaces::new(sources, inputs);
        let mut has_log = vec![false; sources.len()];
        let logs = logs.into_iter();
        let mut starts = Vec::with_capacity(logs.size_hint().0);
        // (Collected in place when `logs` maps a list of 40-byte items: see [`Unit`].)
        let mut units: Vec<Unit> = logs
            .map(|(span, pair)| {
                if let Some(slot) = has_log.get_mut(span.source.index()) {
                    *slot = true;
                }
                starts.push(span.start);
                if named {
                    places.unit(span, pair)
                } else {
                    places.unnamed_unit(span)
                }
            })
            .collect();
        // A CSV export's rows of one pair need not be together: no part of the file is one log's.
        let csv: Vec<SourceId> = inputs
            .iter()
            .filter(|input| input.format == LogFormat::Csv)
            .map(|input| input.source)
            .collect();
        place_logs_sharing_a_file(sources, &mut units, &starts, &csv);
        for source in sources.ids().skip(first_log_source) {
            if !has_log.get(source.index()).copied().unwrap_or(false) {
                units.push(Unit::file(sources.name(source), source));
            }
        }
        units
    }
    /// The units the per-log cap needs when no output names them ([`Unit::for_logs`], unnamed),
    /// leaving out each JSON Lines record no finding (of `findings`) starts in: its unit would
    /// cap nothing, and a finding's unit is the same without it (each record's unit is its own
    /// line). A cohort file of 190,000 records with 38,000 findings keeps 38,000 units, not
    /// 190,000 (9 MB).
    pub(crate) fn for_capping<'d>(
        sources: &Sources,
        inputs: &[LogInput],
        first_log_source: usize,
        logs: impl IntoIterator<Item = Span>,
        findings: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> Vec<Unit> {
        let places = LogPlaces::new(sources, inputs);
        let mut found_at: Vec<(SourceId, u32)> = findings
            .into_iter()
            .map(|d| (d.primary.span.source, d.primary.span.start))
            .collect();
        found_at.sort_unstable();
        let has_finding = |span: Span| {
            let line = line_span(sources, span);
            let first = found_at.partition_point(|&at| at < (line.source, line.start));
            found_at
                .get(first)
                .is_some_and(|&(source, start)| source == line.source && start <= line.end)
        };
        let logs = logs
            .into_iter()
            .filter(|&span| !places.is_lines(span.source) || has_finding(span))
            .map(|span| (span, None));
        Unit::for_logs(sources, inputs, first_log_source, logs, false)
    }
}

/// Which log files are JSON Lines, where each record is a unit of its own: what naming a log
/// by its place needs to know.
pub(crate) struct LogPlaces<'s> {
    sources: &'s Sources,
    /// Indexed by source, so a run over many files stays linear.
    is_lines: Vec<bool>,
}

impl<'s> LogPlaces<'s> {
    pub(crate) fn new(sources: &'s Sources, inputs: &[LogInput]) -> LogPlaces<'s> {
        let mut is_lines = vec![false; sources.len()];
        for input in inputs {
            if input.format == LogFormat::JsonLines
                && let Some(slot) = is_lines.get_mut(input.source.index())
            {
                *slot = true;
            }
        }
        LogPlaces { sources, is_lines }
    }

    fn is_lines(&self, source: SourceId) -> bool {
        self.is_lines.get(source.index()).copied().unwrap_or(false)
    }

    /// The file of the log at `span`, and its line when the file is JSON Lines (a record of
    /// its own): where a report says a log it left out is.
    pub(crate) fn file_and_line(&self, span: Span) -> (String, Option<usize>) {
        let line = self
            .is_lines(span.source)
            .then(|| self.sources.line_column(span).line);
        (self.sources.name(span.source).to_owned(), line)
    }

    /// The unit of the log at `span`, named by its `pair` value when that looks like an id.
    pub(crate) fn unit(&self, span: Span, pair: Option<&str>) -> Unit {
        let sources = self.sources;
        let is_line = self.is_lines(span.source);
        // A pair "id" that is a sentence may name a person: such a log is named by its
        // place, like one without a pair.
        let pair = pair.filter(|p| looks_like_id(p));
        let name = match (pair, is_line) {
            (Some(pair), _) => CompactString::from(pair),
            (None, true) => format_compact!(
                "{}:{}",
                sources.name(span.source),
                sources.line_column(span).line
            ),
            (None, false) => CompactString::from(sources.name(span.source)),
        };
        self.named(name, span)
    }

    /// [`LogPlaces::unit`] without its name.
    pub(crate) fn unnamed_unit(&self, span: Span) -> Unit {
        self.named(CompactString::default(), span)
    }

    /// The unit called `name` of the log at `span`: its line in a JSON Lines file, else the
    /// whole file (until [`place_logs_sharing_a_file`] places it).
    fn named(&self, name: CompactString, span: Span) -> Unit {
        if self.is_lines(span.source) {
            Unit::part(name, line_span(self.sources, span))
        } else {
            Unit::file(name, span.source)
        }
    }
}

/// Gives each log of a file that holds several (a JSON or YAML list, YAML documents) the part of
/// the file from where it starts to where the next one starts, so its findings are its own in
/// JUnit and in the per-log cap; JSON Lines records have their lines already.
fn place_logs_sharing_a_file(
    sources: &Sources,
    units: &mut [Unit],
    starts: &[u32],
    csv: &[SourceId],
) {
    for (source, mut indices) in by_source(units, |index, _| Some(index)) {
        if indices.len() < 2
            || csv.contains(&source)
            || indices.iter().any(|&i| units[i].range.is_some())
        {
            continue;
        }
        let mut order: Vec<(u32, usize)> = indices
            .drain(..)
            .filter_map(|i| starts.get(i).map(|&start| (start, i)))
            .collect();
        order.sort_unstable();
        let file_end = u32::try_from(sources.get(source).len()).unwrap_or(u32::MAX);
        for k in 0..order.len() {
            let (start, index) = order[k];
            let end = order
                .get(k + 1)
                .map_or(file_end, |&(next, _)| next.saturating_sub(1));
            units[index].range = Some((start, end.max(start)));
        }
    }
}

/// The whole line a JSON Lines record starts on.
fn line_span(sources: &Sources, start: Span) -> Span {
    let from = start.start as usize;
    Span::new(start.source, from..sources.get(start.source).line_end(from))
}

/// What `item` gives of each unit (given with its position), grouped by file. Each file's list
/// is made at its size: a cohort file's 190,000 units grew one by doubling it, a copy and a
/// list a quarter too long held at the end of a run, when its memory peaks.
pub(crate) fn by_source<T>(
    units: &[Unit],
    item: impl Fn(usize, &Unit) -> Option<T>,
) -> HashMap<SourceId, Vec<T>> {
    let mut sizes: HashMap<SourceId, usize> = HashMap::new();
    for (index, unit) in units.iter().enumerate() {
        if item(index, unit).is_some() {
            *sizes.entry(unit.source).or_default() += 1;
        }
    }
    let mut grouped: HashMap<SourceId, Vec<T>> = sizes
        .into_iter()
        .map(|(source, size)| (source, Vec::with_capacity(size)))
        .collect();
    for (index, unit) in units.iter().enumerate() {
        if let (Some(item), Some(list)) = (item(index, unit), grouped.get_mut(&unit.source)) {
            list.push(item);
        }
    }
    grouped
}

/// The per-log cap, applied once before any renderer runs: keeps the first `limit` diagnostics
/// of each unit, the [`Unit`] (a log) whose span holds the primary label, or else the file. The
/// list is sorted by file and position, so counting in order keeps the first ones. Returns how
/// many were dropped.
pub(crate) fn keep_first_per_unit(
    diagnostics: &mut Vec<Diagnostic>,
    units: &[Unit],
    limit: usize,
) -> usize {
    // Per file, the byte ranges of its logs when a file holds several (JSON Lines), in order.
    let mut logs_in_file = by_source(units, |_, unit| unit.range);
    for ranges in logs_in_file.values_mut() {
        ranges.sort_unstable();
    }
    let unit = |d: &Diagnostic| {
        let span = d.primary.span;
        let log = logs_in_file.get(&span.source).and_then(|ranges| {
            let i = ranges.partition_point(|&(start, _)| start <= span.start);
            i.checked_sub(1)
                .filter(|&i| ranges.get(i).is_some_and(|&(_, end)| span.start <= end))
        });
        (span.source, log)
    };
    let before = diagnostics.len();
    // At its size from the start: growing it held the old table beside the new one. (A key
    // is a unit or a whole file, so there are no more than the units and a few files, however
    // many findings one log has.)
    let mut shown: HashMap<(SourceId, Option<usize>), usize> =
        HashMap::with_capacity(diagnostics.len().min(units.len().saturating_add(16)));
    diagnostics.retain(|d| {
        let count = shown.entry(unit(d)).or_insert(0);
        *count += 1;
        *count <= limit
    });
    before - diagnostics.len()
}

/// Writes `document` to `out` as indented JSON and a line break, through a buffer of its own:
/// serde_json writes each token (a quote, a comma, a line's indent) on its own, and through
/// `dyn Write` each was a call that could not be inlined, 61 M of the 137 M instructions of the
/// JSON output of 30,000 logs.
pub(crate) fn write_pretty_json(
    out: &mut dyn std::io::Write,
    document: &impl serde::Serialize,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut buffered = std::io::BufWriter::with_capacity(64 << 10, out);
    serde_json::to_writer_pretty(&mut buffered, document)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// What a renderer's `write_*` writes, as a string (each `render_*`). Writing to memory fails
/// only if serializing does, which these values never do; the text is UTF-8, and were it not,
/// its bytes would be shown rather than dropped.
pub fn written(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out);
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Counts shown in summary lines and machine formats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    /// Logs checked (`validate` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logs: Option<usize>,
    /// Held sessions in those logs (`validate` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<usize>,
    pub errors: usize,
    pub warnings: usize,
    pub advice: usize,
    /// Diagnostics counted above but not shown: past the limit for one log or file.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_shown: usize,
    /// Findings an approved waiver excused; not counted above.
    #[serde(skip_serializing_if = "is_zero")]
    pub waived: usize,
    /// Findings the baseline already records; not counted above, not shown.
    #[serde(skip_serializing_if = "is_zero")]
    pub baselined: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Summary {
    pub fn count(files: usize, diagnostics: &[Diagnostic]) -> Summary {
        let of = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            logs: None,
            sessions: None,
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            advice: of(Severity::Advice),
            not_shown: 0,
            waived: 0,
            baselined: 0,
        }
    }

    /// The line printed after human and short output.
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| words::plural(n as i64, word);
        match (self.logs, self.sessions) {
            (Some(logs), Some(sessions)) => format!(
                "validated {} ({}) in {}: {}\n",
                plural(logs, "log"),
                plural(sessions, "held session"),
                plural(self.files, "file"),
                self.counts_text()
            ),
            _ => format!(
                "checked {}: {}\n",
                plural(self.files, "file"),
                self.counts_text()
            ),
        }
    }

    /// "2 errors, 1 warning" (or "no problems"), then what was set aside: "3 waived, 12 in
    /// the baseline".
    pub fn counts_text(&self) -> String {
        let mut text = self.problems_text();
        for (n, what) in [(self.waived, "waived"), (self.baselined, "in the baseline")] {
            if n > 0 {
                text.push_str(&format!(", {n} {what}"));
            }
        }
        text
    }

    fn problems_text(&self) -> String {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (self.errors, "error", "errors"),
            (self.warnings, "warning", "warnings"),
            (self.advice, "advice", "advice"),
        ] {
            if n > 0 {
                parts.push(words::count(n as u64, one, many));
            }
        }
        if parts.is_empty() {
            "no problems".to_owned()
        } else if self.not_shown > 0 {
            format!(
                "{} ({} not shown: at most {MAX_DIAGNOSTICS_PER_UNIT} per log or file)",
                parts.join(", "),
                self.not_shown
            )
        } else {
            parts.join(", ")
        }
    }
}

/// Where a label starts and ends, 1-based.
pub(crate) fn start_end(sources: &Sources, span: crate::source::Span) -> (LineColumn, LineColumn) {
    let file = sources.get(span.source);
    (
        file.line_column(span.start as usize),
        file.line_column(span.end as usize),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_is_named_by_its_pair_id_or_else_by_its_place() {
        let mut sources = Sources::new();
        let toml = sources.add("logs/a.toml", "program = \"demo\"\n");
        let lines = sources.add("logs/cohort.jsonl", "{\"pair\":1}\n{\"pair\":2}\n");
        let inputs = [
            LogInput {
                source: toml,
                format: LogFormat::Toml,
            },
            LogInput {
                source: lines,
                format: LogFormat::JsonLines,
            },
        ];
        let places = LogPlaces::new(&sources, &inputs);
        let whole = places.unit(Span::new(toml, 0..7), None);
        assert_eq!((whole.name.as_str(), whole.span()), ("logs/a.toml", None));
        let record = places.unit(Span::new(lines, 11..12), None);
        assert_eq!(record.name, "logs/cohort.jsonl:2");
        assert_eq!(record.span(), Some(Span::new(lines, 11..21)));
        assert_eq!(
            places.unit(Span::new(toml, 0..7), Some("pair-017")).name,
            "pair-017"
        );
        // A sentence may name a person: the place stands in for it.
        let sentence = places.unit(Span::new(toml, 0..7), Some("Ada and her mentor"));
        assert_eq!(sentence.name, "logs/a.toml");
    }

    #[test]
    fn every_log_file_without_a_log_gets_a_unit_of_its_own() {
        let mut sources = Sources::new();
        let program = sources.add("p.mentor", "");
        let good = sources.add("good.toml", "pair = \"p-1\"\n");
        let broken = sources.add("broken.toml", "[[[");
        let inputs = [good, broken].map(|source| LogInput {
            source,
            format: LogFormat::Toml,
        });
        let logs = [(Span::new(good, 0..4), Some("p-1"))];
        let units = Unit::for_logs(&sources, &inputs, program.index() + 1, logs, true);
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["p-1", "broken.toml"]);
        // Unnamed, a log's unit is in the same place.
        let unnamed = Unit::for_logs(&sources, &inputs, program.index() + 1, logs, false);
        let places = |units: &[Unit]| {
            units
                .iter()
                .map(|u| (u.source, u.span()))
                .collect::<Vec<_>>()
        };
        assert_eq!(places(&unnamed), places(&units));
        assert_eq!(unnamed[0].name, "");
    }

    #[test]
    fn the_cap_keeps_the_first_findings_of_each_log() {
        let mut sources = Sources::new();
        let lines = sources.add("c.jsonl", "{}\n{}\n");
        let units = [0..2, 3..5].map(|range| Unit::part("", Span::new(lines, range)));
        let at = |start: usize| {
            Diagnostic::new(
                &crate::rules::UNPARSEABLE_LOG,
                "x",
                crate::diagnostic::Label::bare(Span::new(lines, start..start)),
            )
        };
        let mut diagnostics = vec![at(0), at(1), at(1), at(3), at(4)];
        assert_eq!(keep_first_per_unit(&mut diagnostics, &units, 2), 1);
        let starts: Vec<u32> = diagnostics.iter().map(|d| d.primary.span.start).collect();
        assert_eq!(starts, [0, 1, 3, 4]);
    }
}
