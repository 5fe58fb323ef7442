//! `mentor diff OLD NEW [--logs LOG...]`: what changed between two editions of the programs,
//! in the designer's words, and with logs, what the change does to them.
//!
//! Exit status: 0 when no log that passes under OLD fails under NEW (or no logs were given), 1
//! when one does (so CI can ask for a sign-off), 2 when something could not be compared: a
//! program with errors or that cannot be read (on either side), a log or the exceptions file
//! that cannot be read, or an output that cannot be written. The exit status is 1 only for what the change does: it
//! never says anything about findings both sides share.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::ExitStatus;
use super::output::print_to_stderr;
use super::validate::{exceptions_file, read_exceptions};
use super::writing::write_to;
use crate::check::{LoadedPrograms, Validator, load_programs};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::diff::impact::{CheckedLog, Impact};
use crate::diff::{ProgramDiff, diff_programs};
use crate::log::{self, Spanned, looks_like_id};
use crate::render::{self, LogPlaces};
use crate::source::{self, Sources, Span, WalkOptions};

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
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    as_of: Option<Date>,

    /// A log fails on a warning too, as with `validate --deny-warnings`
    #[arg(long)]
    pub(super) deny_warnings: bool,

    /// The exceptions file, applied under both (default: `exceptions` in `mentor.toml`, else the
    /// nearest `mentor-exceptions.toml` in the working directory or a parent, as `validate`
    /// finds it)
    #[arg(long, value_name = "FILE")]
    pub(super) exceptions: Option<PathBuf>,

    /// Leave out what this gitignore-style glob matches when walking a log directory
    #[arg(long, value_name = "GLOB", value_parser = crate::source::exclude_glob)]
    pub(super) exclude: Vec<String>,

    #[command(flatten)]
    pub(super) config: super::config::ConfigArgs,

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
    let old = load_side(&args.old, &mut sources, &mut old_problems);
    let new = load_side(&args.new, &mut sources, &mut new_problems);
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
                // A program's warnings are not what stopped the comparison.
                let mut problems = problems;
                problems.retain(|d| d.severity == Severity::Error);
                errors.extend(problems);
            }
        }
        print_to_stderr(errors, &sources, color, 2);
        eprintln!("error: nothing compared: {}", reasons.join("; "));
        return ExitStatus::CouldNotCheck;
    }
    let file_of = |span: Span| sources.name(span.source).to_owned();
    let diffs: Vec<ProgramDiff> = diff_programs(&old.programs, &new.programs, &file_of);

    let mut status = ExitStatus::Clean;
    let impact = if args.logs.is_empty() {
        None
    } else {
        let exceptions_path = exceptions_file(args.exceptions.as_deref());
        // The exceptions file's own problems are shown; they are not about a log.
        let mut about_exceptions = Diagnostics::new();
        let exceptions = read_exceptions(
            exceptions_path.as_deref(),
            &mut sources,
            &mut about_exceptions,
        );
        let old_validator = Validator::new(old.programs, as_of)
            .with_exceptions(exceptions.clone(), &mut Diagnostics::new());
        // An entry naming what only the new programs lack is worth knowing: it stops applying.
        let new_validator =
            Validator::new(new.programs, as_of).with_exceptions(exceptions, &mut about_exceptions);
        let mut walk = WalkOptions::excluding(&args.exclude).unwrap_or_default();
        if let Some(path) = &exceptions_path {
            walk.read_otherwise(path);
        }
        let mut about_logs = Diagnostics::new();
        // Log files are read as `validate` reads them: a JSON Lines file in a stream, the
        // others where they are checked.
        let inputs =
            log::collect_log_inputs_deferred(&args.logs, &walk, &mut sources, &mut about_logs);
        let mut checked: Vec<Checked> =
            log::load_inputs_map(&inputs, &sources, &mut about_logs, &|log, _| {
                let side = |validator: &Validator| {
                    let mut found = Diagnostics::new();
                    let program = validator.validate(&log, &mut found).map(|p| p.id.clone());
                    found.retain(|d| !validator.exceptions().excuses(d, as_of));
                    (found.into_vec(), program)
                };
                let ((old, old_program), (new, new_program)) =
                    (side(&old_validator), side(&new_validator));
                Checked {
                    log: CheckedLog {
                        // Named once the file is read to its end: a streamed file's lines are
                        // known only then.
                        name: String::new(),
                        file: String::new(),
                        line: None,
                        source: log.span.source,
                        // A `program` value that is a sentence may be a pair's words.
                        program: log
                            .program_id()
                            .filter(|id| looks_like_id(id))
                            .map(str::to_owned),
                        old,
                        new,
                    },
                    span: log.span,
                    pair: log.pair.clone(),
                    old_program,
                    new_program,
                }
            });
        let places = LogPlaces::new(&sources, &inputs);
        for c in &mut checked {
            let pair = c.pair.as_ref().map(|p| p.value.as_str());
            c.log.name = places.unit(c.span, pair).name.into_string();
            (c.log.file, c.log.line) = places.file_and_line(c.span);
        }
        repeated_pairs(&mut checked, &old_validator, Side::Old, as_of);
        repeated_pairs(&mut checked, &new_validator, Side::New, as_of);
        // Every finding is known: read again the files they point into, and keep the lines of
        // streamed files, masked.
        let findings = || {
            checked
                .iter()
                .flat_map(|c| c.log.old.iter().chain(&c.log.new))
                .chain(about_logs.iter())
        };
        super::note_changed_files(&log::read_again_for(&mut sources, &inputs, findings()));
        log::keep_lines_for(&sources, &inputs, findings(), true);
        let places = LogPlaces::new(&sources, &inputs);
        // The logs that could not be read are named in the output too (a file, or a record of
        // a JSON Lines file): a summary that only counted the others would read as if every
        // log had been compared.
        let mut unreadable: Vec<String> = about_logs
            .iter()
            .filter(|d| d.is_unreadable_input())
            .map(|d| match places.file_and_line(d.primary.span) {
                (file, Some(line)) => format!("{file}:{line}"),
                (file, None) => file,
            })
            .collect();
        unreadable.sort();
        unreadable.dedup();
        if !unreadable.is_empty()
            || about_exceptions
                .iter()
                .any(|d| d.is_unreadable_input() || d.rule.stops_the_run())
        {
            status = ExitStatus::CouldNotCheck;
        }
        about_logs.extend(about_exceptions);
        if !about_logs.is_empty() {
            // Their lines are shown around the diagnostics: nobody's words may be in them.
            log::mask_unparsed(&mut sources, &inputs, &about_logs);
            let files = log::inputs_read(&inputs, &about_logs);
            print_to_stderr(about_logs, &sources, color, files);
        }
        let checked: Vec<CheckedLog> = checked.into_iter().map(|c| c.log).collect();
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

/// The programs of one side. A directory that holds no `.mentor` file is a side without
/// programs (a pull request that adds the first one, or removes the last): everything on the
/// other side is added or removed, where `validate` would report that it has nothing to check
/// against.
fn load_side(path: &Path, sources: &mut Sources, problems: &mut Diagnostics) -> LoadedPrograms {
    let is_mentor = |p: &Path| p.extension().is_some_and(|e| e == "mentor");
    if source::is_directory(path) {
        let (found, unreadable) = source::find_files(path, &WalkOptions::new(), &is_mentor);
        if found.is_empty() && unreadable.is_empty() {
            return LoadedPrograms {
                programs: Vec::new(),
                has_errors: false,
            };
        }
    }
    load_programs(std::slice::from_ref(&path.to_path_buf()), sources, problems)
}

/// A log checked under both sides, with what `L034` needs of it on each.
struct Checked {
    log: CheckedLog,
    span: Span,
    pair: Option<Spanned<String>>,
    /// The id of the program the log was checked against on each side.
    old_program: Option<String>,
    new_program: Option<String>,
}

#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

/// `L034` on one side, as `validate` reports it: a later log of a pair another log of the same
/// program names. Each finding goes to the log it points into.
fn repeated_pairs(checked: &mut [Checked], validator: &Validator, side: Side, as_of: Date) {
    let mut found = Diagnostics::new();
    validator.unique_pairs(
        checked,
        |c| {
            let program = match side {
                Side::Old => c.old_program.as_deref(),
                Side::New => c.new_program.as_deref(),
            };
            let pair = c.pair.as_ref()?;
            Some((program?, pair.value.as_str(), pair.span))
        },
        &mut found,
    );
    found.retain(|d| !validator.exceptions().excuses(d, as_of));
    for finding in found.into_vec() {
        // The log of the finding: the last one of its file starting at or before it (a JSON
        // Lines file holds several).
        let at = finding.primary.span;
        let log = checked
            .iter_mut()
            .filter(|c| c.span.source == at.source && c.span.start <= at.start)
            .max_by_key(|c| c.span.start);
        if let Some(log) = log {
            match side {
                Side::Old => log.log.old.push(finding),
                Side::New => log.log.new.push(finding),
            }
        }
    }
}
