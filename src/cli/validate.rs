//! `mentor validate --program P LOG...`: check every pair's session log against the program
//! its `program` field names.

use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use super::ExitStatus;
use super::output::{Finished, Format, OutputArgs};
use crate::check::{Validator, load_programs};
use crate::diagnostic::Diagnostics;
use crate::log::{self, Log, Spanned};
use crate::render::{Summary, Unit};
use crate::source::{Sources, Span};

#[derive(Debug, Args)]
pub(super) struct ValidateArgs {
    #[command(flatten)]
    cohort: CohortArgs,

    #[command(flatten)]
    output: OutputArgs,
}

/// The programs, the logs and the day: what `validate` and `report` both read.
#[derive(Debug, Args)]
pub(super) struct CohortArgs {
    /// A `.mentor` program, or a directory of them; logs are matched by their `program` id
    #[arg(
        long = "program",
        short = 'p',
        required = true,
        value_name = "FILE_OR_DIR"
    )]
    pub programs: Vec<PathBuf>,

    /// Log files (`.toml`, `.json`, `.jsonl`), directories searched for them, or `-` for stdin
    #[arg(required = true, value_name = "LOG_OR_DIR")]
    pub logs: Vec<PathBuf>,

    /// The day deadlines are judged on (YYYY-MM-DD): those before it are overdue; defaults to
    /// today
    #[arg(long, value_name = "DATE")]
    as_of: Option<Date>,

    /// Leave out what this gitignore-style glob matches (`drafts/`, `*.bak`) when walking a
    /// log directory, relative to it; repeatable. Hidden and `.gitignore`d files are always
    /// left out; a file named on the command line is always read
    #[arg(long, value_name = "GLOB", value_parser = crate::source::exclude_glob)]
    exclude: Vec<String>,
}

impl CohortArgs {
    pub(super) fn as_of(&self) -> Date {
        self.as_of.unwrap_or_else(|| jiff::Zoned::now().date())
    }

    /// How log directories are walked: the `--exclude` globs (each checked by clap already).
    pub(super) fn walk(&self) -> crate::source::WalkOptions {
        // Each glob was checked by `exclude_glob` as clap parsed it.
        crate::source::WalkOptions::excluding(&self.exclude).unwrap_or_default()
    }
}

pub(super) fn run(args: ValidateArgs, color: bool) -> ExitStatus {
    let as_of = args.cohort.as_of();
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();

    let loaded = load_programs(&args.cohort.programs, &mut sources, &mut diagnostics);
    let program_errors = loaded.has_errors;
    let validator = Validator::new(loaded.programs, as_of);

    // The human output shows the log lines around each finding; none may show a reflection.
    // No other format shows source text (masking keeps every column), so a run that prints no
    // human output, or no finding, skips the copy.
    let human = args.output.format == Format::Human
        || args
            .output
            .outputs
            .iter()
            .any(|o| o.format == Format::Human);

    let first_log_source = sources.len();
    let inputs = log::collect_log_inputs(
        &args.cohort.logs,
        &args.cohort.walk(),
        &mut sources,
        &mut diagnostics,
    );
    // Each log is checked where it is parsed and only a summary is kept, so the logs of a
    // cohort file never all sit in memory. A broken program would turn every log into noise:
    // then the logs are only loaded (their shape problems are not reported either).
    let checked = log::load_inputs_map(&inputs, &sources, &mut diagnostics, &|log, found| {
        let before = found.len();
        // The program the log was checked against also keys its pair for `L034`.
        let program = if program_errors {
            None
        } else {
            validator.validate(&log, found).map(|p| p.id.clone())
        };
        // A log with a pair id may yet be shown beside another log of the same pair (`L034`,
        // found once every log is read), so a human output keeps where its words are too.
        let may_be_shown = found.len() > before || (human && log.pair.is_some());
        CheckedLog::new(&log, program, may_be_shown)
    });
    if !program_errors {
        let pairs = checked
            .iter()
            .filter_map(|c| Some((c.program.as_deref()?, c.pair.as_ref()?)));
        validator.unique_pairs(pairs, &mut diagnostics);
    }

    if human && !diagnostics.is_empty() {
        sources.mask(checked.iter().flat_map(|c| c.private_spans.iter().copied()));
        log::mask_unparsed(&mut sources, &inputs, &diagnostics);
    }

    let units = Unit::for_logs(
        &sources,
        &inputs,
        first_log_source,
        checked
            .iter()
            .map(|c| (c.span, c.pair.as_ref().map(|p| p.value.as_str()))),
    );
    let files = sources.len() - first_log_source;
    // Logs read against a broken program were not validated: the summary says so, and the run
    // could not check them (exit 2), whatever the program's own errors are.
    let (logs, sessions) = if program_errors {
        (0, 0)
    } else {
        (checked.len(), checked.iter().map(|c| c.held_sessions).sum())
    };
    let finished = Finished::new(
        &sources,
        diagnostics,
        |d| Summary {
            logs: Some(logs),
            sessions: Some(sessions),
            ..Summary::count(files, d)
        },
        units,
        args.output.deny_warnings,
    );
    let status = finished.emit(&args.output, color);
    if program_errors {
        if matches!(args.output.format, Format::Human | Format::Short) {
            eprintln!("note: the logs were not validated because a program has errors");
        }
        return ExitStatus::CouldNotCheck;
    }
    status
}

/// What a run keeps of a log once it is checked.
struct CheckedLog {
    span: Span,
    /// The id of the program the log was checked against, if one was found.
    program: Option<String>,
    pair: Option<Spanned<String>>,
    held_sessions: usize,
    /// Where the pair's words are, kept only for a log a human output may show: one with
    /// findings, or (for a human output) one whose pair id another log may share.
    private_spans: Vec<Span>,
}

impl CheckedLog {
    fn new(log: &Log, program: Option<String>, may_be_shown: bool) -> CheckedLog {
        CheckedLog {
            span: log.span,
            program,
            pair: log.pair.clone(),
            held_sessions: log.held_sessions().count(),
            private_spans: if may_be_shown {
                log.private_spans().collect()
            } else {
                Vec::new()
            },
        }
    }
}
