//! Output of a finished run: every format, to stdout and to the extra files `--output` names.

use std::io::Write;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, ValueEnum};

use super::writing::write_output_with;
use super::{ExitStatus, write_stdout_with};
use crate::check::Selection;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::log::ShownLineReader;
use crate::render::{self, MAX_DIAGNOSTICS_PER_UNIT, Summary, Unit, keep_first_per_unit};
use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
    /// miette's graphical report
    Human,
    /// One line per diagnostic: file:line:col: severity[CODE] message
    Short,
    /// One JSON document with every diagnostic and a summary
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// JUnit XML, one test case per checked log or file
    Junit,
}

/// The output options `check` and `validate` share.
#[derive(Debug, Args)]
pub(super) struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Also write FORMAT to PATH (repeatable), e.g. `--output sarif=mentor.sarif`
    #[arg(long = "output", value_name = "FORMAT=PATH")]
    pub outputs: Vec<OutputSpec>,

    /// Exit with status 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,

    /// Report only these rules: codes (`L014`), names (`gap-too-long`), code prefixes (`L01`,
    /// `L`) or `ALL`, comma-separated or repeated
    #[arg(long, value_name = "RULES", value_parser = rule_selector)]
    pub select: Option<Vec<String>>,

    /// Report these rules as well as the selected ones
    #[arg(long, value_name = "RULES", value_parser = rule_selector)]
    pub extend_select: Vec<String>,

    /// Leave these rules out (unreadable files and syntax errors are always reported)
    #[arg(long, value_name = "RULES", value_parser = rule_selector)]
    pub ignore: Vec<String>,
}

impl OutputArgs {
    /// The rules the run reports.
    pub(super) fn selection(&self) -> Selection {
        // Every selector was read when the arguments were parsed.
        Selection::new(self.select.as_deref(), &self.extend_select, &self.ignore)
            .unwrap_or_default()
    }

    /// Whether the run writes `format`, on stdout or to an `--output` file.
    pub(super) fn writes(&self, format: Format) -> bool {
        self.format == format || self.outputs.iter().any(|o| o.format == format)
    }
}

/// Checks a `--select`/`--ignore` value while the arguments are parsed, so a typo is a usage
/// error with a suggestion.
fn rule_selector(text: &str) -> Result<String, String> {
    Selection::new(Some(&[text]), &[], &[]).map(|_| text.to_owned())
}

/// `--output FORMAT=PATH`: another format written to a file in the same run.
#[derive(Debug, Clone)]
pub(super) struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
}

impl FromStr for OutputSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<OutputSpec, String> {
        let (format, path) = text.split_once('=').ok_or_else(|| {
            format!("expected FORMAT=PATH, e.g. sarif=mentor.sarif, found `{text}`")
        })?;
        let format = Format::from_str(format, true).map_err(|_| {
            format!(
                "unknown format `{format}`; expected human, short, json, sarif, github or junit"
            )
        })?;
        if path.is_empty() {
            return Err("the path after `=` is empty".to_owned());
        }
        Ok(OutputSpec {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// Everything a run produced, ready to render.
pub(super) struct Finished<'a> {
    pub sources: &'a Sources,
    /// Sorted; at most [`MAX_DIAGNOSTICS_PER_UNIT`] per [`Unit`] (a log, or else a file).
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    pub units: Vec<Unit>,
    pub deny_warnings: bool,
    /// Of every diagnostic found, including those not shown.
    pub status: ExitStatus,
    /// The findings an approved waiver excused, sorted and capped like `diagnostics`: JSON,
    /// SARIF and JUnit carry them marked; the other formats only under `--show-waived`.
    pub waived: Vec<Diagnostic>,
    pub show_waived: bool,
    /// Reads the lines of streamed files a human report shows, for each batch of reports as
    /// it is written; `None` when they were kept for every finding before.
    pub shown_lines: Option<&'a ShownLineReader<'a>>,
    /// The formats the run writes, on stdout and to `--output` files.
    formats: Vec<Format>,
}

impl<'a> Finished<'a> {
    pub(super) fn new(
        sources: &'a Sources,
        mut diagnostics: Diagnostics,
        summary: impl FnOnce(&[Diagnostic]) -> Summary,
        units: Vec<Unit>,
        args: &OutputArgs,
    ) -> Finished<'a> {
        let deny_warnings = args.deny_warnings;
        // Left-out rules are dropped before anything is counted: the summary and the exit
        // status say what the run reports.
        let selection = args.selection();
        diagnostics.retain(|d| selection.includes(d.rule));
        diagnostics.sort(sources);
        let mut diagnostics = diagnostics.into_vec();
        let mut summary = summary(&diagnostics);
        let status = ExitStatus::of(&diagnostics, deny_warnings);
        // The cap is applied here, once, before any renderer runs: every format shows the same
        // diagnostics.
        summary.not_shown = keep_first_per_unit(&mut diagnostics, &units, MAX_DIAGNOSTICS_PER_UNIT);
        Finished {
            sources,
            diagnostics,
            summary,
            units,
            deny_warnings,
            status,
            waived: Vec::new(),
            show_waived: false,
            shown_lines: None,
            formats: std::iter::once(args.format)
                .chain(args.outputs.iter().map(|o| o.format))
                .collect(),
        }
    }

    /// Adds the findings waivers excused (they count in the summary as waived, never in the
    /// exit status).
    pub(super) fn with_waived(mut self, waived: Vec<Diagnostic>, show_waived: bool) -> Self {
        let mut sorted = Diagnostics::new();
        for diagnostic in waived {
            sorted.push(diagnostic);
        }
        sorted.sort(self.sources);
        let mut waived = sorted.into_vec();
        self.summary.waived = waived.len();
        keep_first_per_unit(&mut waived, &self.units, MAX_DIAGNOSTICS_PER_UNIT);
        self.show_waived = show_waived;
        // When every format written shows the waived findings among the others (JSON, SARIF,
        // JUnit; any under `--show-waived`), they are moved in among them once, in the
        // findings' own list (sorting moves them in place), and `waived` stays empty: a
        // cohort's findings are not copied into a third list for each format written.
        let every_format_shows_them = self
            .formats
            .iter()
            .all(|&format| carries_waived(format, show_waived));
        if every_format_shows_them && !waived.is_empty() {
            let mut all = Diagnostics::from(std::mem::take(&mut self.diagnostics));
            for diagnostic in waived {
                all.push(diagnostic);
            }
            all.sort(self.sources);
            self.diagnostics = all.into_vec();
        } else {
            self.waived = waived;
        }
        self
    }

    /// Reads the lines a human report shows of streamed files a batch of reports at a time
    /// (see [`Finished::shown_lines`]).
    pub(super) fn reading_shown_lines(mut self, reader: &'a ShownLineReader<'a>) -> Self {
        self.shown_lines = Some(reader);
        self
    }

    /// Counts the findings a baseline recorded (and so not shown).
    pub(super) fn with_baselined(mut self, baselined: usize) -> Self {
        self.summary.baselined = baselined;
        self
    }

    /// What `format` shows: the findings that stand, and the waived ones where they belong,
    /// in the one sorted order.
    fn shown(&self, format: Format) -> std::borrow::Cow<'_, [Diagnostic]> {
        if !carries_waived(format, self.show_waived) || self.waived.is_empty() {
            return std::borrow::Cow::Borrowed(&self.diagnostics);
        }
        let mut all = Diagnostics::new();
        for diagnostic in self.diagnostics.iter().chain(&self.waived) {
            all.push(diagnostic.clone());
        }
        all.sort(self.sources);
        std::borrow::Cow::Owned(all.into_vec())
    }

    /// Writes the output in `format` to `out` as it is made, in every format: a cohort's
    /// report is never held whole (SARIF on 37,864 findings held 672 MB of JSON values).
    fn write(&self, format: Format, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
        let shown = self.shown(format);
        let (diagnostics, sources) = (shown.as_ref(), self.sources);
        match format {
            Format::Human => {
                self.write_human(diagnostics, color, out)?;
                out.write_all(self.summary.line().as_bytes())
            }
            Format::Short => {
                render::write_short(diagnostics, sources, out)?;
                out.write_all(self.summary.line().as_bytes())
            }
            Format::Json => render::write_json(diagnostics, sources, &self.summary, out),
            Format::Sarif => render::write_sarif(diagnostics, sources, out),
            Format::Github => render::write_github(diagnostics, sources, out),
            Format::Junit => {
                render::write_junit(diagnostics, sources, &self.units, self.deny_warnings, out)
            }
        }
    }

    fn write_human(
        &self,
        diagnostics: &[Diagnostic],
        color: bool,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let keep_for = |batch: &[Diagnostic]| {
            if let Some(reader) = self.shown_lines {
                reader.keep_for(batch);
            }
        };
        let before_batch = self
            .shown_lines
            .map(|_| &keep_for as &dyn Fn(&[Diagnostic]));
        render::write_human(diagnostics, self.sources, color, out, before_batch)
    }

    /// Prints `--format` to stdout and writes each `--output`; returns the exit status.
    pub(super) fn emit(&self, args: &OutputArgs, color: bool) -> ExitStatus {
        write_stdout_with(&|out| self.write(args.format, color, out));
        let mut status = self.status;
        // Each `--output` file is written as it is made too, like stdout.
        for output in &args.outputs {
            let written = write_output_with(
                &output.path,
                &|out| self.write(output.format, false, out),
                self.sources,
            );
            if written.is_err() {
                status = ExitStatus::CouldNotCheck;
            }
        }
        status
    }
}

/// Whether `format` shows the findings a waiver excused among the others.
fn carries_waived(format: Format, show_waived: bool) -> bool {
    match format {
        Format::Json | Format::Sarif | Format::Junit => true,
        Format::Human | Format::Short | Format::Github => show_waived,
    }
}

/// Prints diagnostics on stderr with a summary line, so stdout carries only what the command
/// makes (a playbook, a report).
pub(super) fn print_to_stderr(
    mut diagnostics: Diagnostics,
    sources: &Sources,
    color: bool,
    files: usize,
) {
    diagnostics.sort(sources);
    let diagnostics = diagnostics.into_vec();
    let mut text = render::render_human(&diagnostics, sources, color);
    text.push_str(&Summary::count(files, &diagnostics).line());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// When the programs a command needs have errors: their diagnostics on stderr, "no `what`
/// written", and exit 2 if a file could not be read (an `F` rule), else 1.
pub(super) fn refuse(
    diagnostics: Diagnostics,
    sources: &Sources,
    color: bool,
    what: &str,
    the_program: &str,
) -> ExitStatus {
    let unreadable = diagnostics.iter().any(Diagnostic::is_unreadable_input);
    print_to_stderr(diagnostics, sources, color, 1);
    if unreadable {
        eprintln!("error: no {what} written: {the_program} could not be read");
        ExitStatus::CouldNotCheck
    } else {
        eprintln!("error: no {what} written: {the_program} has errors");
        ExitStatus::Violations
    }
}
