//! `mentor status LOG [--pair ID]`: one pair's own page, as Markdown or printable HTML.
//!
//! It reads what `mentor report` reads (the programs, the exceptions file, the logs) through
//! the same front door, checks the one log it shows as `validate` does, and lays out a
//! `cohort::PairPage`. The page is a page, not a gate: the log's findings are on it and do not
//! change the exit status. A program with errors writes no page (exit 1); a log or program that
//! cannot be read, a log that names a program not given, and a choice of log that is not one
//! log (no `--pair` among several, or an unknown one) write none either (exit 2).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::ExitStatus;
use super::output::{print_to_stderr, refuse};
use super::validate::{CohortArgs, read_exceptions};
use super::writing::write_to;
use crate::check::{Validator, load_programs};
use crate::cohort::PairPage;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::log::{self, Log, looks_like_id};
use crate::render::{self, LogPlaces};
use crate::source::{Sources, Span};
use crate::words;

#[derive(Debug, Args)]
pub(super) struct StatusArgs {
    #[command(flatten)]
    pub(super) cohort: CohortArgs,

    /// The pair whose page to write, when the logs hold several (a JSON Lines file, a
    /// directory)
    #[arg(long, value_name = "ID")]
    pair: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = StatusFormat::Md)]
    format: StatusFormat,

    /// Write to FILE instead of stdout (`-`: stdout), atomically: FILE is untouched unless a
    /// page is written
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// The exceptions file, as for `validate` (default: `exceptions` in `mentor.toml`, else the
    /// nearest `mentor-exceptions.toml` in the working directory or a parent): pauses and
    /// extensions move the pair's dates, and waived findings are left out
    #[arg(long, value_name = "FILE")]
    pub(super) exceptions: Option<PathBuf>,

    #[command(flatten)]
    pub(super) config: super::config::ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum StatusFormat {
    /// GitHub-flavoured Markdown
    Md,
    /// One self-contained HTML page, ready to print (A4)
    Html,
}

/// At most this many pair ids are listed when a choice of log is needed: a cohort file may hold
/// thousands.
const LISTED_IDS: usize = 20;

/// One log read: its id if it looks like one, where it is, and the log itself when it may be
/// the one shown (the others are dropped as they are parsed).
struct Candidate {
    pair: Option<String>,
    span: Span,
    log: Option<Box<Log>>,
}

pub(super) fn run(args: StatusArgs, color: bool) -> ExitStatus {
    let as_of = args.cohort.as_of();
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();

    let loaded = load_programs(&args.cohort.programs, &mut sources, &mut diagnostics);
    if loaded.has_errors {
        return refuse(diagnostics, &sources, color, "pair page", "a program");
    }
    // Warnings in a program, and the exceptions file's own problems, are shown as `report`
    // shows them; an exceptions file that cannot be read at all makes the run exit 2.
    let exceptions = read_exceptions(args.exceptions.as_deref(), &mut sources, &mut diagnostics);
    let validator =
        Validator::new(loaded.programs, as_of).with_exceptions(exceptions, &mut diagnostics);

    // Log files are read as `validate` and `report` read them (a JSON Lines file in a stream,
    // the others where they are checked): the pair's page is one log of what may be a cohort.
    let inputs = log::collect_log_inputs_deferred(
        &args.cohort.logs,
        &args.cohort.walk(),
        &mut sources,
        &mut diagnostics,
    );
    let wanted = args.pair.as_deref();
    let candidates: Vec<Candidate> = log::load_inputs_mapped(
        &inputs,
        &args.cohort.csv,
        &sources,
        &mut diagnostics,
        &|log, _| {
            let pair = log
                .pair
                .as_ref()
                .map(|p| p.value.clone())
                .filter(|p| looks_like_id(p));
            let keep = wanted.is_none_or(|wanted| pair.as_deref() == Some(wanted));
            Candidate {
                pair,
                span: log.span,
                log: keep.then(|| Box::new(log)),
            }
        },
    );
    // A broken exceptions entry (`C002`, `C003`) is shown, as `report` shows it; only a file
    // that could not be read makes the run exit 2.
    let could_not_read = diagnostics.iter().any(Diagnostic::is_unreadable_input);
    // A log without a pair id is named by its place: its file, and line in a JSON Lines file.
    let chosen = {
        let places = LogPlaces::new(&sources, &inputs);
        choose(&candidates, wanted, &places)
            .map(|(log, later)| (log, later, places.unit(log.span, None).name.into_string()))
    };
    // The problems of reading (a program's warnings, a file that could not be read) go to
    // stderr, masked; the log's findings go on the page.
    super::note_changed_files(&log::read_again_for(
        &mut sources,
        &inputs,
        diagnostics.iter(),
    ));
    log::mask_unparsed_mapped(&mut sources, &inputs, &diagnostics, &args.cohort.csv);
    log::keep_lines_for(&sources, &inputs, diagnostics.iter(), true);
    if !diagnostics.is_empty() {
        diagnostics.sort(&sources);
        let files = diagnostics
            .iter()
            .map(|d| d.primary.span.source)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        print_to_stderr(diagnostics, &sources, color, files);
    }
    let (log, later, place) = match chosen {
        Ok(chosen) => chosen,
        Err(problem) => {
            eprintln!("error: no pair page written: {problem}");
            return ExitStatus::CouldNotCheck;
        }
    };
    if later > 0 {
        eprintln!(
            "note: {} of this pair left out: the page shows the first log read \
             (`mentor validate` reports L034)",
            words::count(later as u64, "later log", "later logs")
        );
    }

    let mut findings = Diagnostics::new();
    let Some(program) = validator.validate(log, &mut findings) else {
        let named = log
            .program_id()
            .map_or("no program".to_owned(), words::quote_id);
        eprintln!(
            "error: no pair page written: the log follows {named}, which is not among the \
             programs given (`mentor validate` says more)"
        );
        return ExitStatus::CouldNotCheck;
    };
    findings.retain(|finding| !validator.exceptions().excuses(finding, as_of));
    findings.sort(&sources);
    let exceptions = validator.exceptions().for_pair(
        Some(&program.id),
        log.pair.as_ref().map(|p| p.value.as_str()),
        as_of,
    );
    let page = PairPage::new(program, log, as_of, &findings, exceptions, place);
    let text = match args.format {
        StatusFormat::Md => render::render_pair_markdown(&page),
        StatusFormat::Html => render::render_pair_html(&page),
    };
    let written = write_to(args.output.as_deref(), &text, &sources);
    if !written || could_not_read {
        ExitStatus::CouldNotCheck
    } else {
        ExitStatus::Clean
    }
}

/// The one log the page is about, and how many more logs of the same pair were read; or why
/// there is none: no log, several and no `--pair`, or no log of that pair.
fn choose<'c>(
    candidates: &'c [Candidate],
    wanted: Option<&str>,
    places: &LogPlaces<'_>,
) -> Result<(&'c Log, usize), String> {
    let mut kept = candidates.iter().filter_map(|c| c.log.as_deref());
    let name = |c: &Candidate| match &c.pair {
        Some(id) => format!("`{id}`"),
        None => places.unit(c.span, None).name.into_string(),
    };
    match (wanted, kept.next()) {
        (None, None) => Err("no log was read".to_owned()),
        (None, Some(log)) if candidates.len() == 1 => Ok((log, 0)),
        (None, Some(_)) => Err(format!(
            "{} logs were read; choose one with `--pair ID`: {}",
            candidates.len(),
            listed(candidates.iter().map(name))
        )),
        (Some(_), Some(log)) => Ok((log, kept.count())),
        (Some(wanted), None) => {
            let ids: Vec<&str> = candidates
                .iter()
                .filter_map(|c| c.pair.as_deref())
                .collect();
            let wanted_shown = words::quote_id(wanted);
            let help = match words::did_you_mean(wanted, ids.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if ids.is_empty() => "no log read names a pair".to_owned(),
                None => format!(
                    "the pairs read: {}",
                    listed(ids.iter().map(|id| format!("`{id}`")))
                ),
            };
            Err(format!("no log read is of pair {wanted_shown}; {help}"))
        }
    }
}

/// "`a`, `b`, `c`", each once (a pair may have two logs), or the first [`LISTED_IDS`] and how
/// many more.
fn listed(names: impl Iterator<Item = String>) -> String {
    let mut seen = std::collections::HashSet::new();
    let names: Vec<String> = names.filter(|name| seen.insert(name.clone())).collect();
    let more = names.len().saturating_sub(LISTED_IDS);
    let shown = names
        .into_iter()
        .take(LISTED_IDS)
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        format!("{shown} and {more} more")
    } else {
        shown
    }
}
