//! `--format human`: miette's graphical report, one per diagnostic.
//!
//! miette shows one source per diagnostic, so labels in other files (the program rule a log
//! breaks) become "related" reports, one per file, each with its own source. Nothing from input
//! reaches the terminal raw: messages, names and the source lines shown go through `visible`.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::render::visible::{EscapedText, visible, visible_line};
use crate::source::{IndexedSource, SourceFile, SourceId, Sources, Span};
use crate::words::waiver_note;

/// One diagnostic as miette sees it.
#[derive(Debug)]
struct Report {
    code: Option<String>,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: IndexedSource,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

fn labeled_span(label: &Label, shown: &ShownSources, primary: bool) -> LabeledSpan {
    let range = shown.range(label.span);
    let range = (range.start, range.len());
    let text = label.text.as_deref().map(|t| visible(t).into_owned());
    if primary {
        LabeledSpan::new_primary_with_span(text, range)
    } else {
        LabeledSpan::new_with_span(text, range)
    }
}

/// The sources as the report shows them: a file whose name or text holds a control character
/// is shown from a copy with those characters escaped (`\u{1b}`), its label spans moved to
/// match; every other file is shown as it is, without a copy.
struct ShownSources<'a> {
    sources: &'a Sources,
    /// The copies of files read whole, made once for every batch of reports.
    whole: &'a HashMap<SourceId, Shown>,
    /// Streamed files, shown from the lines kept for this batch (see [`Skeleton`]).
    streamed: HashMap<SourceId, (Shown, Skeleton)>,
}

/// A file's copy as shown, and its escaped characters when it has any.
type Shown = (IndexedSource, Option<EscapedText>);

/// The sources of the files `diagnostics` point into and read whole that a report cannot show
/// as they are (see [`ShownSources`]).
fn whole_files(sources: &Sources, diagnostics: &[Diagnostic]) -> HashMap<SourceId, Shown> {
    source_ids(diagnostics)
        .into_par_iter()
        .filter(|&id| sources.get(id).streamed_path().is_none())
        .filter_map(|id| {
            let file = sources.get(id);
            let text = EscapedText::of(file.text());
            let name = visible_line(file.name());
            if text.is_none() && matches!(name, Cow::Borrowed(_)) {
                return None;
            }
            Some((
                id,
                shown_copy(name.into_owned(), file.text().to_owned(), text, 0),
            ))
        })
        .collect()
}

/// The streamed files `batch` points into, each shown from its lines kept now.
fn streamed_files(sources: &Sources, batch: &[Diagnostic]) -> HashMap<SourceId, (Shown, Skeleton)> {
    source_ids(batch)
        .into_par_iter()
        .filter(|&id| sources.get(id).streamed_path().is_some())
        .map(|id| {
            let file = sources.get(id);
            let mut skeleton = Skeleton::of(file);
            let text = EscapedText::of(&skeleton.text);
            let name = visible_line(file.name()).into_owned();
            // Only the skeleton's line starts are read from here on: its text moves.
            let original = std::mem::take(&mut skeleton.text);
            let shown = shown_copy(name, original, text, skeleton.first_line);
            (id, (shown, skeleton))
        })
        .collect()
}

fn source_ids(diagnostics: &[Diagnostic]) -> Vec<SourceId> {
    let mut ids: Vec<SourceId> = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|label| label.span.source)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The copy a report shows of a file (or of its part from line `first_line` on).
fn shown_copy(
    name: String,
    original: String,
    escaped: Option<EscapedText>,
    first_line: usize,
) -> Shown {
    let shown_text = escaped.as_ref().map_or(original, |t| t.text.clone());
    let copy = SourceFile::part(name, shown_text, first_line);
    (IndexedSource(Arc::new(copy)), escaped)
}

/// A streamed file as a report shows it: its kept lines where they are, from the first of them
/// on, every other line empty, so line numbers stay those of the file (counted from
/// `first_line`) while only what findings need is held. A batch of reports far into a file
/// starts at its own first line, not at the file's.
struct Skeleton {
    /// Moved into the report's copy of the file once made (see [`streamed_files`]).
    text: String,
    /// The length of `text`.
    len: usize,
    /// The file's line (0-based) the skeleton's first line is.
    first_line: usize,
    /// Where each line from `first_line` on starts in `text`.
    line_starts: Vec<usize>,
    /// Where the last line ends (before the line break that may follow it).
    last_line_end: usize,
}

impl Skeleton {
    fn of(file: &SourceFile) -> Skeleton {
        file.with_shown_lines(|shown| Skeleton::of_lines(file, shown))
    }

    fn of_lines(file: &SourceFile, shown: &BTreeMap<usize, String>) -> Skeleton {
        let kept: Vec<(usize, &str)> = shown.iter().map(|(&l, t)| (l, t.as_str())).collect();
        let first_line = kept.first().map_or(0, |&(first, _)| first);
        let lines = kept.last().map_or(1, |&(last, _)| last + 1);
        let mut text = String::with_capacity(
            kept.iter().map(|(_, t)| t.len() + 1).sum::<usize>() + (lines - first_line),
        );
        let mut line_starts = Vec::with_capacity(lines - first_line);
        let mut next = kept.into_iter().peekable();
        for line in first_line..lines {
            if line > first_line {
                text.push('\n');
            }
            line_starts.push(text.len());
            if let Some((_, shown)) = next.next_if(|&(kept, _)| kept == line) {
                text.push_str(shown);
            }
        }
        let last_line_end = text.len();
        // The line break after the last kept line, when the file has one: a `\r` before it is
        // then a line ending, as in the file, and an empty line after it is a line.
        if lines <= file.last_line_index() {
            text.push('\n');
        }
        Skeleton {
            len: text.len(),
            text,
            first_line,
            line_starts,
            last_line_end,
        }
    }

    /// Where the file's byte `offset` is in the skeleton (a line before its first, which no
    /// label of the reports it serves points at, is at its start).
    fn offset(&self, file: &SourceFile, offset: usize) -> usize {
        let (line, start) = file.line_start(offset);
        let Some(index) = line.checked_sub(self.first_line) else {
            return 0;
        };
        let Some(&at) = self.line_starts.get(index) else {
            return self.len;
        };
        let line_end = self
            .line_starts
            .get(index + 1)
            .map_or(self.last_line_end, |&next| next - 1);
        (at + (offset - start.min(offset))).min(line_end.max(at))
    }
}

impl<'a> ShownSources<'a> {
    fn shown(&self, id: SourceId) -> Option<&Shown> {
        self.streamed
            .get(&id)
            .map(|(shown, _)| shown)
            .or_else(|| self.whole.get(&id))
    }

    fn source(&self, id: SourceId) -> IndexedSource {
        match self.shown(id) {
            Some((source, _)) => source.clone(),
            None => IndexedSource(self.sources.get(id).clone()),
        }
    }

    fn name(&self, id: SourceId) -> Cow<'a, str> {
        visible_line(self.sources.name(id))
    }

    fn range(&self, span: Span) -> std::ops::Range<usize> {
        let range = match self.streamed.get(&span.source) {
            Some((_, skeleton)) => {
                let file = self.sources.get(span.source);
                skeleton.offset(file, span.start as usize)..skeleton.offset(file, span.end as usize)
            }
            None => span.range(),
        };
        match self.shown(span.source) {
            Some((_, Some(text))) => text.range(range),
            _ => range,
        }
    }
}

/// How a label in another file is introduced: a log pointing at its program states a rule;
/// anything else (a program pointing into a library) is a plain reference.
fn elsewhere_heading(home: &str, other: &str) -> String {
    if !home.ends_with(".mentor") && other.ends_with(".mentor") {
        format!("the rule is stated in `{other}`")
    } else {
        format!("see `{other}`")
    }
}

fn to_report(diagnostic: &Diagnostic, shown: &ShownSources) -> Report {
    let home = diagnostic.primary.span.source;
    // A file that could not be read has no text to show: a snippet would be an empty box.
    let nothing_to_show = shown.sources.get(home).is_empty();
    let mut labels = if nothing_to_show {
        Vec::new()
    } else {
        vec![labeled_span(&diagnostic.primary, shown, true)]
    };
    let mut elsewhere: Vec<(SourceId, Vec<LabeledSpan>)> = Vec::new();
    for label in &diagnostic.secondary {
        if label.span.source == home {
            labels.push(labeled_span(label, shown, false));
        } else {
            match elsewhere
                .iter_mut()
                .find(|(id, _)| *id == label.span.source)
            {
                Some((_, spans)) => spans.push(labeled_span(label, shown, false)),
                None => {
                    elsewhere.push((label.span.source, vec![labeled_span(label, shown, false)]))
                }
            }
        }
    }
    let related = elsewhere
        .into_iter()
        .map(|(id, labels)| Report {
            code: None,
            severity: miette::Severity::Advice,
            message: elsewhere_heading(&shown.name(home), &shown.name(id)),
            help: None,
            source: shown.source(id),
            labels,
            related: Vec::new(),
        })
        .collect();
    Report {
        code: Some(format!(
            "{}({})",
            diagnostic.rule.code, diagnostic.rule.name
        )),
        // A waived finding (shown only when asked) is advice, and says why it is waived where
        // its help would be.
        severity: match diagnostic.severity {
            _ if diagnostic.waived.is_some() => miette::Severity::Advice,
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Advice => miette::Severity::Advice,
        },
        message: match &diagnostic.waived {
            Some(_) => format!("waived: {}", visible(&diagnostic.message)),
            None => visible(&diagnostic.message).into_owned(),
        },
        help: match &diagnostic.waived {
            Some(waiver) => Some(visible(&waiver_note(waiver)).into_owned()),
            None => diagnostic.help.as_deref().map(|h| visible(h).into_owned()),
        },
        source: shown.source(home),
        labels,
        related,
    }
}

/// How many reports are rendered (in parallel) and written at a time. The lines a batch shows
/// of a streamed file are read for it alone: a report on a 500 MB file with 37,864 findings holds
/// one batch's lines and reports, not every finding's. (Batches of 256 peaked 3 MB higher on
/// that file than batches of 64, in the same time.)
const REPORTS_AT_ONCE: usize = 64;

/// Renders diagnostics as miette's graphical reports; `color` picks the themed or plain style.
pub fn render_human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    crate::render::written(|out| write_human(diagnostics, sources, color, out, None))
}

/// What [`write_human`] calls with each batch of reports before rendering it.
pub(crate) type BeforeBatch<'b> = &'b dyn Fn(&[Diagnostic]);

/// [`render_human`], written to `out`. With `before_batch`, a batch of reports at a time, each
/// batch handed to it first (to read the lines it shows of streamed files); without, all at
/// once, from the lines kept for every finding.
pub fn write_human(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    color: bool,
    out: &mut dyn std::io::Write,
    before_batch: Option<BeforeBatch>,
) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_show_related_as_nested(true);
    let whole = whole_files(sources, diagnostics);
    let batch_size = match before_batch {
        Some(_) => REPORTS_AT_ONCE,
        None => diagnostics.len().max(1),
    };
    for batch in diagnostics.chunks(batch_size) {
        if let Some(before_batch) = before_batch {
            before_batch(batch);
        }
        let shown = ShownSources {
            sources,
            whole: &whole,
            streamed: streamed_files(sources, batch),
        };
        // Reports are independent: render them in parallel, then write them in order.
        let reports: Vec<String> = batch
            .par_iter()
            .map(|diagnostic| {
                let mut out = String::new();
                let report = to_report(diagnostic, &shown);
                if handler.render_report(&mut out, &report).is_err() {
                    out.push_str(&format!(
                        "{}[{}]: {}\n",
                        diagnostic.severity.as_str(),
                        diagnostic.rule.code,
                        visible(&diagnostic.message)
                    ));
                }
                out.push('\n');
                out
            })
            .collect();
        for report in &reports {
            out.write_all(report.as_bytes())?;
        }
    }
    Ok(())
}
