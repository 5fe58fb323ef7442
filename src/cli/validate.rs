//! `mentor validate --program P LOG...`: check every pair's session log against the program
//! its `program` field names.

use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use super::check::{check_file, expand_paths};
use super::output::{Finished, Format, OutputArgs};
use crate::check::log::{check_matched, check_unique_pairs};
use crate::diagnostic::{Diagnostic, Diagnostics, Label, Severity};
use crate::log::{self, Log, LogFormat, Spanned, looks_like_id};
use crate::model::Program;
use crate::render::{Summary, TestCase};
use crate::rules;
use crate::source::{SourceId, Sources, Span};

#[derive(Debug, Args)]
pub struct ValidateArgs {
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
}

impl CohortArgs {
    pub fn as_of(&self) -> Date {
        self.as_of.unwrap_or_else(|| jiff::Zoned::now().date())
    }
}

pub fn run(args: ValidateArgs, color: bool) -> u8 {
    let as_of = args.cohort.as_of();
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();

    let programs = load_programs(&args.cohort.programs, &mut sources, &mut diagnostics);
    let program_errors = diagnostics.iter().any(|d| d.severity == Severity::Error);

    // The human report shows the log lines around each finding; none may show a reflection.
    // No other format shows source text (masking keeps every column), so a run that prints no
    // human report, or no finding, skips the copy.
    let human = args.output.format == Format::Human
        || args
            .output
            .outputs
            .iter()
            .any(|o| o.format == Format::Human);

    let first_log_source = sources.len();
    let inputs = log::collect_log_inputs(&args.cohort.logs, &mut sources, &mut diagnostics);
    // Each log is checked where it is parsed and only a summary is kept, so the logs of a
    // cohort file never all sit in memory. A broken program would turn every log into noise:
    // then the logs are only loaded (their shape problems are not reported either).
    let checked = log::load_inputs_map(&inputs, &sources, &mut diagnostics, &|log, found| {
        let before = found.len();
        // The program the log was checked against also keys its pair for `L034`.
        let program = if program_errors {
            None
        } else {
            check_matched(&programs, &log, as_of, found).map(|p| p.id.clone())
        };
        // A log with a pair id may yet be shown beside another log of the same pair (`L034`,
        // found once every log is read), so a human report keeps where its words are too.
        let may_be_shown = found.len() > before || (human && log.pair.is_some());
        CheckedLog::new(&log, program, may_be_shown)
    });
    if !program_errors {
        let pairs = checked
            .iter()
            .filter_map(|c| Some((c.program.as_deref()?, c.pair.as_ref()?)));
        check_unique_pairs(&programs, pairs, &mut diagnostics);
    }

    if human && !diagnostics.is_empty() {
        sources.mask(checked.iter().flat_map(|c| c.private_spans.iter().copied()));
        log::mask_unparsed(&mut sources, &inputs, &diagnostics);
    }

    let cases = test_cases(&sources, first_log_source, &inputs, &checked);
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
        cases,
        args.output.deny_warnings,
    );
    let status = finished.emit(&args.output, color);
    if program_errors {
        if matches!(args.output.format, Format::Human | Format::Short) {
            eprintln!("note: the logs were not validated because a program has errors");
        }
        return super::exit::COULD_NOT_CHECK;
    }
    status
}

/// Loads every program the `--program` paths name; libraries among them are skipped, and two
/// programs with one id are an error (logs could not be matched).
pub(super) fn load_programs(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<Program> {
    let files = expand_paths(paths, sources, diagnostics);
    let mut programs: Vec<Program> = Vec::new();
    for path in &files {
        let Some(program) = check_file(path, sources, diagnostics) else {
            continue;
        };
        if let Some(first) = programs.iter().find(|p| p.id == program.id) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::DUPLICATE_ID,
                    format!("two programs are called `{}`", program.id),
                    Label::new(program.span, "second program with this id"),
                )
                .with_label(Label::new(first.span, "first program with this id"))
                .with_help("logs are matched to programs by id; give each program its own"),
            );
            continue;
        }
        programs.push(program);
    }
    if files.is_empty() {
        let id = sources.add("<programs>", "");
        diagnostics.push(Diagnostic::new(
            &rules::UNREADABLE_FILE,
            "no program to validate against",
            Label::bare(Span::new(id, 0..0)),
        ));
    }
    programs
}

/// What a run keeps of a log once it is checked.
struct CheckedLog {
    source: SourceId,
    span: Span,
    /// The id of the program the log was checked against, if one was found.
    program: Option<String>,
    pair: Option<Spanned<String>>,
    held_sessions: usize,
    /// Where the pair's words are, kept only for a log a human report may show: one with
    /// findings, or (for a human report) one whose pair id another log may share.
    private_spans: Vec<Span>,
}

impl CheckedLog {
    fn new(log: &Log, program: Option<String>, may_be_shown: bool) -> CheckedLog {
        CheckedLog {
            source: log.source,
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

/// One JUnit case per log (named by its pair), plus one per log file that yielded no log.
fn test_cases(
    sources: &Sources,
    first_log_source: usize,
    inputs: &[log::LogInput],
    logs: &[CheckedLog],
) -> Vec<TestCase> {
    // Indexed by source, so a run over many files stays linear.
    let mut is_lines = vec![false; sources.len()];
    for input in inputs {
        if input.format == LogFormat::JsonLines
            && let Some(slot) = is_lines.get_mut(input.source.index())
        {
            *slot = true;
        }
    }
    let mut has_log = vec![false; sources.len()];
    let mut cases: Vec<TestCase> = logs
        .iter()
        .map(|log| {
            if let Some(slot) = has_log.get_mut(log.source.index()) {
                *slot = true;
            }
            let is_line = is_lines.get(log.source.index()).copied().unwrap_or(false);
            // A pair "id" that is a sentence may name a person: such a log is named by its
            // place, like one without a pair.
            let pair = log.pair.as_ref().filter(|p| looks_like_id(&p.value));
            let name = match (pair, is_line) {
                (Some(pair), _) => pair.value.clone(),
                (None, true) => format!(
                    "{}:{}",
                    sources.name(log.source),
                    sources.line_column(log.span).line
                ),
                (None, false) => sources.name(log.source).to_owned(),
            };
            let span = is_line.then(|| line_span(sources, log.span));
            TestCase {
                name,
                source: log.source,
                span,
            }
        })
        .collect();
    for source in sources.ids().skip(first_log_source) {
        if !has_log.get(source.index()).copied().unwrap_or(false) {
            cases.push(TestCase {
                name: sources.name(source).to_owned(),
                source,
                span: None,
            });
        }
    }
    cases
}

/// The whole line a JSON Lines record starts on.
fn line_span(sources: &Sources, start: Span) -> Span {
    let text = sources.text(start.source);
    let from = start.start as usize;
    let end = text
        .get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| from + i);
    Span::new(start.source, from..end)
}
