//! `mentor report --program P LOG...`: progress across a cohort, per program, competency,
//! phase, outcome, track, week and pair, as Markdown, JSON, CSV or an HTML dashboard.
//!
//! Each log is checked as `mentor validate` checks it and reduced to a summary where it is
//! parsed (`cohort::PairProgress`), and a JSON Lines file is read in a stream, so a cohort file
//! of tens of thousands of logs never sits in memory. The report is a report, not a gate: findings in logs are counted in it and do not
//! change the exit status. A program with errors writes no report (exit 1); a program or log
//! file that cannot be read is shown on stderr and exits 2, the report of the other logs still
//! written, so CI notices the gap.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::ExitStatus;
use super::output::{print_to_stderr, refuse};
use super::validate::{CohortArgs, read_exceptions};
use super::writing::{write_to, write_to_with};
use crate::check::{Validator, load_programs};
use crate::cohort::{CohortReport, LeftOutLog, LeftOutReason, PairProgress};
use crate::diagnostic::Diagnostics;
use crate::log;
use crate::model::Program;
use crate::render::{self, LogPlaces};
use crate::source::Sources;

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    #[command(flatten)]
    pub(super) cohort: CohortArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    format: ReportFormat,

    /// Write to FILE instead of stdout (`-`: stdout), atomically: FILE is untouched unless a
    /// report is written
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// Figures computed over fewer pairs than this are not shown (default: `min-group` under
    /// `[report]` in `mentor.toml`, else 5)
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub(super) min_group: u32,

    /// Leave out the table of pairs, so the report can be shared beyond program operations
    #[arg(long)]
    anonymous: bool,

    /// The exceptions file, as for `validate` (default: `exceptions` in `mentor.toml`, else the
    /// nearest `mentor-exceptions.toml` in the working directory or a parent): pauses and
    /// extensions move the report's dates, and waived findings are not counted
    #[arg(long, value_name = "FILE")]
    pub(super) exceptions: Option<PathBuf>,

    #[command(flatten)]
    pub(super) config: super::config::ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// GitHub-flavoured Markdown (also fits `$GITHUB_STEP_SUMMARY`)
    Md,
    /// One JSON document, for dashboards
    Json,
    /// RFC 4180 CSV for spreadsheets and HR systems: the pair table, or with `--anonymous`
    /// the figures as one long table
    Csv,
    /// A self-contained, printable HTML dashboard with charts
    Html,
}

/// What came of one log: a pair to count, or a log left out and why.
enum Read<'p> {
    Pair(Box<PairProgress<'p>>),
    LeftOut(crate::source::Span, LeftOutReason, Option<String>),
}

pub(super) fn run(args: ReportArgs, color: bool) -> ExitStatus {
    let as_of = args.cohort.as_of();
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();

    let loaded = load_programs(&args.cohort.programs, &mut sources, &mut diagnostics);
    if loaded.has_errors {
        return refuse(diagnostics, &sources, color, "report", "a program");
    }
    // Warnings in a program do not stop the report; they are shown like `playbook` shows them.
    let mut program_warnings = std::mem::take(&mut diagnostics);
    // The exceptions file's own problems are shown like a program's warnings; one that cannot
    // be read at all makes the run exit 2, like a log that cannot.
    let mut about_exceptions = Diagnostics::new();
    let exceptions = read_exceptions(
        args.exceptions.as_deref(),
        &mut sources,
        &mut about_exceptions,
    );
    let validator =
        Validator::new(loaded.programs, as_of).with_exceptions(exceptions, &mut about_exceptions);
    for diagnostic in about_exceptions {
        if diagnostic.is_unreadable_input() {
            diagnostics.push(diagnostic);
        } else {
            program_warnings.push(diagnostic);
        }
    }

    // The logs' own problems are kept apart: those that left a log unread are named in the
    // report (its data quality), then shown on stderr with the rest.
    let mut about_logs = Diagnostics::new();
    // Log files are read as `validate` reads them: a JSON Lines file in a stream, the others
    // where they are checked, so neither a cohort's file nor a directory of logs is held whole;
    // what the problems on stderr point into is read again once they are known.
    let inputs = log::collect_log_inputs_deferred(
        &args.cohort.logs,
        &args.cohort.walk(),
        &mut sources,
        &mut about_logs,
    );
    let read: Vec<Read> = log::load_inputs_mapped(
        &inputs,
        &args.cohort.csv,
        &sources,
        &mut about_logs,
        &|log, _| {
            // A log that names no program given is left out; finding it first spares the "did
            // you mean" of a log nobody will see.
            let Some(program) = validator.program_of(&log) else {
                return Read::LeftOut(log.span, LeftOutReason::UnknownProgram, None);
            };
            // A track the program does not have (`L007`): which milestones the pair owes is
            // unknown, so it is counted nowhere rather than against figures it is not in.
            if log.track_id().is_some_and(|id| program.track(id).is_none()) {
                let program = Some(program.id.clone());
                return Read::LeftOut(log.span, LeftOutReason::UnknownTrack, program);
            }
            let mut findings = Diagnostics::new();
            let Some(program) = validator.validate(&log, &mut findings) else {
                return Read::LeftOut(log.span, LeftOutReason::UnknownProgram, None);
            };
            findings.retain(|finding| !validator.exceptions().excuses(finding, as_of));
            let pair = log.pair.as_ref().map(|p| p.value.as_str());
            let exceptions = validator
                .exceptions()
                .for_pair(Some(&program.id), pair, as_of);
            Read::Pair(Box::new(PairProgress::of(
                program, &log, as_of, &findings, exceptions,
            )))
        },
    );
    // A pair without a `pair` id is named by its place: its file, and line in a JSON Lines
    // file.
    let places = LogPlaces::new(&sources, &inputs);
    let left_out_log = |span, reason, program| {
        let (file, line) = places.file_and_line(span);
        LeftOutLog {
            file,
            line,
            reason,
            program,
        }
    };
    let mut left_out: Vec<LeftOutLog> = about_logs
        .iter()
        .filter(|d| d.is_unreadable_input())
        .map(|d| left_out_log(d.primary.span, LeftOutReason::Unreadable, None))
        .collect();
    // One log per pair (`L034` in `validate`): a pair exported twice is counted once, from the
    // first log read, or every figure about it would double. Each pair stays in the box it
    // was made in: a cohort's pairs are most of the run's memory, and a vector of them would
    // be copied as it grows.
    let mut pairs: Vec<Box<PairProgress>> = Vec::new();
    {
        let mut seen = std::collections::HashSet::new();
        for read in read {
            match read {
                Read::LeftOut(span, reason, program) => {
                    left_out.push(left_out_log(span, reason, program));
                }
                Read::Pair(pair) => match &pair.pair {
                    Some(id) if !seen.insert((pair.program, id.clone())) => {
                        let program = Some(pair.program.to_owned());
                        left_out.push(left_out_log(
                            pair.span,
                            LeftOutReason::DuplicatePair,
                            program,
                        ));
                    }
                    _ => pairs.push(pair),
                },
            }
        }
    }
    let counts: std::collections::BTreeMap<LeftOutReason, usize> =
        left_out.iter().fold(Default::default(), |mut counts, log| {
            *counts.entry(log.reason).or_default() += 1;
            counts
        });

    let program_refs: Vec<&Program> = validator.programs().iter().collect();
    let name_of = |pair: &PairProgress| places.unit(pair.span, None).name.into_string();
    let pair_refs: Vec<&PairProgress> = pairs.iter().map(Box::as_ref).collect();
    let report = CohortReport::new(
        &program_refs,
        &pair_refs,
        left_out,
        as_of,
        args.min_group as usize,
        args.anonymous,
        &name_of,
    );
    // The report has what it needs from the pairs (the rows it shows are its own): they go
    // before it is written, which for a large cohort is most of the run's memory.
    drop(pair_refs);
    drop(pairs);
    diagnostics.extend(about_logs);

    let could_not_read = diagnostics.has_errors();
    // Only file-level problems reach stderr here; a file that did not parse is shown masked.
    super::note_changed_files(&log::read_again_for(
        &mut sources,
        &inputs,
        diagnostics.iter(),
    ));
    log::mask_unparsed_mapped(&mut sources, &inputs, &diagnostics, &args.cohort.csv);
    let mut shown = program_warnings;
    shown.extend(diagnostics);
    log::keep_lines_for(&sources, &inputs, shown.iter(), true);
    if !shown.is_empty() {
        let files = shown
            .iter()
            .map(|d| d.primary.span.source)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        print_to_stderr(shown, &sources, color, files);
    }
    // The report names the logs it left out; stderr says how many, for whoever reads the run.
    for (reason, n) in counts {
        let logs = if n == 1 { "log" } else { "logs" };
        eprintln!(
            "note: {n} {logs} left out of the report: {} (`mentor validate` reports {})",
            reason.describe(),
            reason.rule()
        );
    }
    let output = args.output.as_deref();
    let written = match args.format {
        ReportFormat::Md => write_to(output, &render::render_cohort_markdown(&report), &sources),
        ReportFormat::Html => write_to(output, &render::render_cohort_html(&report), &sources),
        // The formats that name every pair are written as they are made.
        ReportFormat::Json => write_to_with(
            output,
            &|out| render::write_cohort_json(&report, out),
            &sources,
        ),
        ReportFormat::Csv => write_to_with(
            output,
            &|out| render::write_cohort_csv(&report, out),
            &sources,
        ),
    };
    if !written || could_not_read {
        ExitStatus::CouldNotCheck
    } else {
        ExitStatus::Clean
    }
}
