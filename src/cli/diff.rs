//! `mentor diff OLD NEW [--logs LOG...]`: what changed between two editions of the programs,
//! in the designer's words, and with logs, what the change does to them.
//!
//! Exit status: 0 when no log that passes under OLD fails under NEW (or no logs were given), 1
//! when one does (so CI can ask for a sign-off), 2 when something could not be compared: a
//! program with errors or that cannot be read (on either side), a log that cannot be read, or
//! an output that cannot be written. The exit status is 1 only for what the change does: it
//! never says anything about findings both sides share.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::ExitStatus;
use super::output::{print_to_stderr, write_to};
use super::validate::read_exceptions;
use crate::check::{Validator, load_programs};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::diff::impact::{CheckedLog, Impact};
use crate::diff::{ProgramDiff, diff_programs};
use crate::exceptions::DEFAULT_EXCEPTIONS;
use crate::log::{self, looks_like_id};
use crate::render::{self, LogPlaces};
use crate::source::{Sources, WalkOptions};

#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    /// The programs before the change: a `.mentor` file or a directory of them
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The programs after the change: a `.mentor` file or a directory of them
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// Logs to check under both (files, directories, `-` for stdin): which change findings
    /// or verdict
    #[arg(long, value_name = "LOG_OR_DIR", num_args = 1..)]
    logs: Vec<PathBuf>,

    /// The day deadlines are judged on (YYYY-MM-DD); defaults to today
    #[arg(long, value_name = "DATE")]
    as_of: Option<Date>,

    /// A log fails on a warning too, as with `validate --deny-warnings`
    #[arg(long)]
    deny_warnings: bool,

    /// The exceptions file, applied under both (default: the nearest `mentor-exceptions.toml`
    /// in the working directory or a parent, as `validate` finds it)
    #[arg(long, value_name = "FILE")]
    exceptions: Option<PathBuf>,

    /// Leave out what this gitignore-style glob matches when walking a log directory
    #[arg(long, value_name = "GLOB", value_parser = crate::source::exclude_glob)]
    exclude: Vec<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,

    /// Write to FILE instead of stdout (`-`: stdout), atomically
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Plain text for a terminal or a CI log
    Human,
    /// GitHub-flavoured Markdown, for a pull-request comment or a CI job summary
    #[value(alias = "md")]
    Markdown,
    /// One JSON document
    Json,
}

pub(super) fn run(args: DiffArgs, color: bool) -> ExitStatus {
    let as_of = args.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
    let mut sources = Sources::new();
    // What stops the comparison: a side's program errors, an unreadable file.
    let mut old_problems = Diagnostics::new();
    let mut new_problems = Diagnostics::new();
    let old = load_programs(
        std::slice::from_ref(&args.old),
        &mut sources,
        &mut old_problems,
    );
    let new = load_programs(
        std::slice::from_ref(&args.new),
        &mut sources,
        &mut new_problems,
    );
    if old.has_errors || new.has_errors {
        let why = |side: &str, problems: &Diagnostics| {
            if problems.iter().any(Diagnostic::is_unreadable_input) {
                format!("{side} could not be read")
            } else {
                format!("{side} has programs with errors (`mentor check` shows them)")
            }
        };
        let mut reasons = Vec::new();
        let mut errors = Diagnostics::new();
        for (side, has_errors, problems) in [
            ("OLD", old.has_errors, old_problems),
            ("NEW", new.has_errors, new_problems),
        ] {
            if has_errors {
                reasons.push(why(side, &problems));
                errors.extend(only_errors(problems));
            }
        }
        print_to_stderr(errors, &sources, color, 2);
        eprintln!("error: nothing compared: {}", reasons.join("; "));
        return ExitStatus::CouldNotCheck;
    }
    let file_of = |span: crate::source::Span| sources.name(span.source).to_owned();
    let diffs: Vec<ProgramDiff> = diff_programs(&old.programs, &new.programs, &file_of);

    let mut status = ExitStatus::Clean;
    let impact = if args.logs.is_empty() {
        None
    } else {
        let mut about_inputs = Diagnostics::new();
        let exceptions =
            read_exceptions(args.exceptions.as_deref(), &mut sources, &mut about_inputs);
        let old_validator = Validator::new(old.programs, as_of)
            .with_exceptions(exceptions.clone(), &mut Diagnostics::new());
        // An entry naming what only the new programs lack is worth knowing: it stops applying.
        let new_validator =
            Validator::new(new.programs, as_of).with_exceptions(exceptions, &mut about_inputs);
        let mut walk = WalkOptions::excluding(&args.exclude).unwrap_or_default();
        if let Some(path) = &args.exceptions {
            walk.read_otherwise(path);
        } else if let Some(found) = crate::source::find_config(DEFAULT_EXCEPTIONS).found {
            walk.read_otherwise(&found);
        }
        let inputs = log::collect_log_inputs(&args.logs, &walk, &mut sources, &mut about_inputs);
        let places = LogPlaces::new(&sources, &inputs);
        let checked: Vec<CheckedLog> =
            log::load_inputs_map(&inputs, &sources, &mut about_inputs, &|log, _| {
                let findings = |validator: &Validator| {
                    let mut found = Diagnostics::new();
                    validator.validate(&log, &mut found);
                    found.retain(|d| !validator.exceptions().excuses(d, as_of));
                    found.into_vec()
                };
                let pair = log.pair.as_ref().map(|p| p.value.as_str());
                let (file, line) = places.file_and_line(log.span);
                CheckedLog {
                    name: places.unit(log.span, pair).name,
                    file,
                    line,
                    source: log.span.source,
                    // A `program` value that is a sentence may be a pair's words.
                    program: log
                        .program_id()
                        .filter(|id| looks_like_id(id))
                        .map(str::to_owned),
                    old: findings(&old_validator),
                    new: findings(&new_validator),
                }
            });
        // The logs that could not be read are named in the output too: a summary that only
        // counted the others would read as if every log had been compared.
        let mut unreadable: Vec<String> = about_inputs
            .iter()
            .filter(|d| d.is_unreadable_input())
            .map(|d| sources.name(d.primary.span.source).to_owned())
            .collect();
        unreadable.sort();
        unreadable.dedup();
        if !about_inputs.is_empty() {
            // Their lines are shown around the diagnostics: nobody's words may be in them.
            log::mask_unparsed(&mut sources, &inputs, &about_inputs);
            print_to_stderr(about_inputs, &sources, color, inputs.len());
        }
        if !unreadable.is_empty() {
            status = ExitStatus::CouldNotCheck;
        }
        let impact =
            Impact::new(checked, &sources, as_of, args.deny_warnings).with_unreadable(unreadable);
        if impact.newly_failing > 0 {
            status = status.max(ExitStatus::Violations);
        }
        Some(impact)
    };

    let text = match args.format {
        DiffFormat::Human => render::render_diff_human(&diffs, impact.as_ref(), &sources),
        DiffFormat::Markdown => render::render_diff_markdown(&diffs, impact.as_ref(), &sources),
        DiffFormat::Json => render::render_diff_json(&diffs, impact.as_ref(), &sources),
    };
    if !write_to(args.output.as_deref(), &text, &sources) {
        return ExitStatus::CouldNotCheck;
    }
    status
}

/// The errors among a load's diagnostics: a program's warnings are not what stopped the
/// comparison.
fn only_errors(diagnostics: Diagnostics) -> Diagnostics {
    let mut errors = Diagnostics::new();
    for diagnostic in diagnostics.into_vec() {
        if diagnostic.severity == Severity::Error {
            errors.push(diagnostic);
        }
    }
    errors
}
