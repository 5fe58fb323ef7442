//! `mentor validate --program P LOG...`: check every pair's session log against the program
//! its `program` field names.

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use clap::Args;
use jiff::civil::Date;

use super::ExitStatus;
use super::output::{Finished, Format, OutputArgs, print_to_stderr};
use super::writing::write_output;
use crate::baseline::{self, Baseline};
use crate::check::{Validator, load_programs};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::exceptions::{self, DEFAULT_EXCEPTIONS, Exceptions, LogRead};
use crate::log::{self, Log};
use crate::render::{Summary, Unit};
use crate::source::{self, Sources, Span};
use crate::words;

#[derive(Debug, Args)]
pub(super) struct ValidateArgs {
    #[command(flatten)]
    pub(super) cohort: CohortArgs,

    /// The exceptions file: approved waivers, pauses and extensions (default: `exceptions` in
    /// `mentor.toml`, else the nearest `mentor-exceptions.toml` in the working directory or a
    /// parent, if there is one)
    #[arg(long, value_name = "FILE")]
    pub(super) exceptions: Option<PathBuf>,

    /// Also list the findings a waiver excused (JSON, SARIF and JUnit always carry them,
    /// marked)
    #[arg(long)]
    show_waived: bool,

    /// Report only the findings this baseline does not record, and its entries that no longer
    /// occur
    #[arg(long, value_name = "FILE")]
    pub(super) baseline: Option<PathBuf>,

    /// Record today's findings in FILE (a baseline for `--baseline`) instead of reporting them
    #[arg(long, value_name = "FILE")]
    pub(super) write_baseline: Option<PathBuf>,

    #[command(flatten)]
    pub(super) output: OutputArgs,

    #[command(flatten)]
    pub(super) config: super::config::ConfigArgs,
}

/// The programs, the logs and the day: what `validate`, `report` and `status` all read.
#[derive(Debug, Args)]
pub(super) struct CohortArgs {
    /// A `.mentor` program, or a directory of them; logs are matched by their `program` id.
    /// Required, unless `mentor.toml` sets `program`
    #[arg(long = "program", short = 'p', value_name = "FILE_OR_DIR")]
    pub programs: Vec<PathBuf>,

    /// Log files (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml`, `.csv`), directories searched for them, or `-` for
    /// stdin. Required, unless `mentor.toml` sets `logs`
    #[arg(value_name = "LOG_OR_DIR")]
    pub logs: Vec<PathBuf>,

    /// The day deadlines are judged on (YYYY-MM-DD): those before it are overdue; defaults to
    /// today
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    as_of: Option<Date>,

    /// Leave out what this gitignore-style glob matches (`drafts/`, `*.bak`) when walking a
    /// log directory, relative to it; repeatable. Hidden and `.gitignore`d files are always
    /// left out; a file named on the command line is always read
    /// (`mentor.toml`'s `exclude` globs are added to these.)
    #[arg(long, value_name = "GLOB", value_parser = crate::source::exclude_glob)]
    pub exclude: Vec<String>,

    /// How CSV exports name their columns: a TOML file with `[columns]` ("Pair ID" = "pair")
    /// and `date-format` ("%m/%d/%Y"), as `mentor.toml`'s `[csv]` table, which it replaces
    #[arg(long = "csv-map", value_name = "FILE")]
    pub csv_map: Option<PathBuf>,

    /// The CSV mapping in force: `--csv-map`'s, else `mentor.toml`'s `[csv]`.
    #[arg(skip)]
    pub csv: crate::log::CsvMapping,
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
    let selection = args.output.selection();
    // A program error left out with `--ignore` does not stop the logs from being checked.
    let program_errors = loaded.has_errors
        && diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && selection.includes(d.rule));
    let exceptions = read_exceptions(args.exceptions.as_deref(), &mut sources, &mut diagnostics);
    // Writing a baseline records every finding: an old baseline does not filter it.
    let baseline = match (&args.baseline, &args.write_baseline) {
        (Some(path), None) => read_baseline(path, &mut sources, &mut diagnostics),
        _ => None,
    };
    let validator =
        Validator::new(loaded.programs, as_of).with_exceptions(exceptions, &mut diagnostics);

    // The human output shows the log lines around each finding; none may show a reflection.
    // No other format shows source text (masking keeps every column), so a run that prints no
    // human output, or no finding, skips the copy.
    let human = args.output.writes(Format::Human);

    let first_log_source = sources.len();
    // The exceptions file and the baseline are never read as logs, wherever they are.
    let mut walk = args.cohort.walk();
    // (Not the file `--write-baseline` names: if a walk reads it, it is an input, and the
    // write refuses to replace it — it may be a log.)
    for path in [&args.exceptions, &args.baseline].into_iter().flatten() {
        walk.read_otherwise(path);
    }
    // JSON Lines files are read in a stream: a cohort's file of any size is never held whole.
    // The other files are read where their logs are checked, and kept only when their checks
    // find something (or read again for a finding found later, `L034`): a directory of 19,100
    // logs is never held whole either.
    let inputs =
        log::collect_log_inputs_deferred(&args.cohort.logs, &walk, &mut sources, &mut diagnostics);
    // Each log is checked where it is parsed and only a summary is kept, so the logs of a
    // cohort file never all sit in memory. A broken program would turn every log into noise:
    // then the logs are only loaded (their shape problems are not reported either).
    let pair_store = PairIdStore::default();
    let private_spans = Mutex::new(Vec::new());
    let checked = log::load_inputs_mapped(
        &inputs,
        &args.cohort.csv,
        &sources,
        &mut diagnostics,
        &|log, found| {
            let before = found.len();
            // The program the log was checked against also keys its pair for `L034`.
            let program = if program_errors {
                None
            } else {
                validator
                    .validate(&log, found)
                    .and_then(|p| validator.position_of(p))
            };
            // A log with a pair id may yet be shown beside another log of the same pair (`L034`,
            // found once every log is read), so a human output keeps where its words are too.
            // (A streamed file's shown lines are masked as they are kept: none needed here.)
            let may_be_shown = (found.len() > before || (human && log.pair.is_some()))
                && sources.get(log.span.source).streamed_path().is_none();
            CheckedLog::new(&log, program, &pair_store, may_be_shown, &private_spans)
        },
    );
    let pairs = pair_store.finish();
    let pair = |c: &CheckedLog| Some(pairs.get(c.pair?));
    let program_id = |c: &CheckedLog| {
        let position = c.program?.get() as usize - 1;
        Some(validator.programs().get(position)?.id.as_str())
    };
    if !program_errors {
        validator.unique_pairs(
            &checked,
            |c| Some((program_id(c)?, pair(c)?, c.pair_span())),
            &mut diagnostics,
        );
    }

    let mut waived = Vec::new();
    if !program_errors {
        diagnostics.retain(|d| selection.includes(d.rule));
        // Listed only if an exceptions file's entry asks which pairs were read.
        let logs_read = || -> Vec<LogRead> {
            checked
                .iter()
                .filter_map(|c| {
                    Some(LogRead {
                        program: program_id(c),
                        pair: pair(c)?,
                    })
                })
                .collect()
        };
        let applied = exceptions::apply(
            validator.exceptions(),
            diagnostics,
            &logs_read,
            as_of,
            &selection,
        );
        diagnostics = applied.findings;
        waived = applied.waived;
    }
    let baselined = match &baseline {
        Some(baseline) if !program_errors => {
            baseline.filter(&mut diagnostics, &sources, &selection)
        }
        _ => 0,
    };
    // The checked logs are done with, but for JUnit's names: what the summary and the units
    // need is taken now, and the logs (9.7 MB of them on 500 MB) go before the lines the
    // findings point into are read (or, for files read whole, given the text kept).
    let held_sessions: usize = checked.iter().map(|c| c.held_sessions as usize).sum();
    let checked_logs = checked.len();
    let junit = args.output.writes(Format::Junit);
    let spans: Vec<Span> = if junit {
        Vec::new()
    } else {
        checked.iter().map(|c| c.span).collect()
    };
    let named = junit.then_some((checked, pairs));
    // Every finding is known: keep the lines of streamed files they point into (shown, masked,
    // when a human report may show them: the output's, or the unreadable inputs a refused
    // baseline prints). A human output reads the lines it shows a batch of reports at a time
    // instead: a 500 MB file's findings would otherwise hold hundreds of megabytes of lines.
    let shows_lines = human || args.write_baseline.is_some();
    super::note_changed_files(&log::read_again_for(
        &mut sources,
        &inputs,
        diagnostics.iter().chain(&waived),
    ));
    log::keep_lines_for(
        &sources,
        &inputs,
        diagnostics.iter().chain(&waived),
        args.write_baseline.is_some(),
    );
    // Files read whole are masked before any report that shows their lines: the human output,
    // and the findings a refused baseline prints on stderr.
    if shows_lines && !(diagnostics.is_empty() && (waived.is_empty() || !args.show_waived)) {
        // Threads add each log's places at once, the logs in any order: they are masked log by
        // log in the file's order, each log's in its own (masking overlapping places in
        // another order can mask a quote differently).
        let mut private = private_spans
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        private.sort_by_key(|&(log_at, span)| (span.source.index(), log_at));
        let private = private.into_iter().map(|(_, span)| span).collect();
        log::mask_private(&mut sources, &inputs, private);
        log::mask_unparsed_mapped(&mut sources, &inputs, &diagnostics, &args.cohort.csv);
    }
    if let Some(path) = &args.write_baseline {
        if program_errors {
            print_to_stderr(diagnostics, &sources, color, 0);
            eprintln!(
                "error: no baseline written: the logs were not validated because a program has errors"
            );
            return ExitStatus::CouldNotCheck;
        }
        return write_baseline(path, diagnostics, &sources, color);
    }

    let files = sources.len() - first_log_source;
    // Logs read against a broken program were not validated: the summary says so, and the run
    // could not check them (exit 2), whatever the program's own errors are.
    let (logs, sessions) = if program_errors {
        (0, 0)
    } else {
        (checked_logs, held_sessions)
    };
    // Only JUnit names each log's unit; the others need only where each log is.
    let units = match named {
        Some((checked, pairs)) => named_units(&sources, &inputs, first_log_source, checked, &pairs),
        None => {
            let findings = diagnostics.iter().chain(&waived);
            Unit::for_capping(&sources, &inputs, first_log_source, spans, findings)
        }
    };
    let shown_lines =
        log::ShownLineReader::new(&sources, &inputs, diagnostics.iter().chain(&waived));
    let finished = Finished::new(
        &sources,
        diagnostics,
        |d| Summary {
            logs: Some(logs),
            sessions: Some(sessions),
            ..Summary::count(files, d)
        },
        units,
        &args.output,
    )
    .with_waived(waived, args.show_waived)
    .with_baselined(baselined)
    .reading_shown_lines(&shown_lines);
    let status = finished.emit(&args.output, color);
    // The run is the process's last work, and the output is written: what it holds (every file
    // kept, every finding) goes back to the system at exit in one go instead of being freed
    // piece by piece, which took 10 ms after the output of 19,100 files.
    std::mem::forget(finished);
    std::mem::forget(shown_lines);
    std::mem::forget(sources);
    if program_errors {
        if matches!(args.output.format, Format::Human | Format::Short) {
            eprintln!("note: the logs were not validated because a program has errors");
        }
        return ExitStatus::CouldNotCheck;
    }
    status
}

/// The exceptions file `--exceptions` (or `mentor.toml`) names, or else the nearest
/// `mentor-exceptions.toml` in the working directory or a parent, as `mentor.toml` is found (the
/// language server searches from the log's directory up, so both find a repository's file);
/// empty when there is none. A file named and not found is `F001`.
pub(super) fn read_exceptions(
    named: Option<&Path>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Exceptions {
    let Some(path) = exceptions_file(named) else {
        return Exceptions::default();
    };
    match source::read_file(&path, &path.display().to_string(), sources) {
        Ok(id) => exceptions::read(sources, id, diagnostics),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            Exceptions::default()
        }
    }
}

/// The exceptions file a run reads: the one named, else the nearest `mentor-exceptions.toml`
/// in the working directory or a parent, if there is one.
pub(super) fn exceptions_file(named: Option<&Path>) -> Option<PathBuf> {
    match named {
        Some(path) => Some(path.to_path_buf()),
        None => source::find_config(DEFAULT_EXCEPTIONS).found,
    }
}

/// The baseline `--baseline` names; `None` when it cannot be read or understood (reported:
/// `F001`, `C006`, both of which make the run exit 2).
fn read_baseline(
    path: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Baseline> {
    match source::read_file(path, &path.display().to_string(), sources) {
        Ok(id) => Baseline::read(sources, id, diagnostics),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    }
}

/// `--write-baseline`: records the findings that stand and says how many. Nothing is written
/// when an input could not be read: a baseline of a partial run would hide findings later.
fn write_baseline(
    path: &Path,
    mut diagnostics: Diagnostics,
    sources: &Sources,
    color: bool,
) -> ExitStatus {
    diagnostics.sort(sources);
    let findings = diagnostics.into_vec();
    let unreadable: Vec<Diagnostic> = findings
        .iter()
        .filter(|d| d.is_unreadable_input())
        .cloned()
        .collect();
    if !unreadable.is_empty() {
        let mut shown = Diagnostics::new();
        for diagnostic in unreadable {
            shown.push(diagnostic);
        }
        print_to_stderr(shown, sources, color, 0);
        eprintln!("error: no baseline written: an input could not be read or understood");
        return ExitStatus::CouldNotCheck;
    }
    let (text, entries) = baseline::write(&findings, sources);
    if write_output(path, &text, sources).is_err() {
        return ExitStatus::CouldNotCheck;
    }
    eprintln!(
        "wrote {} ({}) to {}",
        words::count(entries as u64, "baseline entry", "baseline entries"),
        words::count(findings.len() as u64, "finding", "findings"),
        super::shown_path(path)
    );
    ExitStatus::Clean
}

/// JUnit's unit for each checked log, named by its pair, made where the checked log was: the
/// two have the same size and alignment, so the list is collected in place (a cohort file of
/// 190,000 logs held both at once, 7.6 and 12 MB).
fn named_units(
    sources: &Sources,
    inputs: &[log::LogInput],
    first_log_source: usize,
    checked: Vec<CheckedLog>,
    pairs: &PairIds,
) -> Vec<Unit> {
    let logs = checked
        .into_iter()
        .map(|c| (c.span, c.pair.map(|id| pairs.get(id))));
    Unit::for_logs(sources, inputs, first_log_source, logs, true)
}

/// What a run keeps of a log once it is checked. A cohort file of hundreds of thousands of
/// logs keeps one of these for each while the file streams past, so it holds 40 bytes and
/// no allocation: the pair id is kept in [`PairIds`], and where the pair's words are (for a
/// human output to mask them) in one list for the whole run. (It was 72 bytes, an allocation
/// for the pair id and one for the words' places: 104 bytes and more a log; then 48, with
/// the pair's place a whole span and the program's position a `u32` beside its flag.) Aligned
/// like a [`Unit`], which is as large, so that JUnit's units take the checked logs' place.
#[repr(align(8))]
struct CheckedLog {
    span: Span,
    /// Where `pair` is in the log (its start and end in the log's file).
    pair_at: (u32, u32),
    pair: Option<PairId>,
    /// The position, among the validator's programs, of the one the log was checked against,
    /// plus one (so the `Option` takes no more room).
    program: Option<NonZeroU32>,
    held_sessions: u32,
}

impl CheckedLog {
    /// Where `pair` is in the log.
    fn pair_span(&self) -> Span {
        Span {
            start: self.pair_at.0,
            end: self.pair_at.1,
            ..self.span
        }
    }

    /// Keeps what the run needs of `log`: its pair id in `pairs` and, for a log a human output
    /// may show (`may_be_shown`), where its words are in `private_spans`.
    fn new(
        log: &Log,
        program: Option<usize>,
        pairs: &PairIdStore,
        may_be_shown: bool,
        private_spans: &Mutex<Vec<((u32, u32), Span)>>,
    ) -> CheckedLog {
        if may_be_shown {
            let log_at = (log.span.start, log.span.end);
            lock(private_spans).extend(log.private_spans().map(|span| (log_at, span)));
        }
        // (A log's pair is in its own file.)
        let pair_span = log
            .pair
            .as_ref()
            .map(|p| p.span)
            .filter(|span| span.source == log.span.source)
            .unwrap_or(log.span);
        CheckedLog {
            span: log.span,
            pair_at: (pair_span.start, pair_span.end),
            pair: log.pair.as_ref().map(|p| pairs.add(&p.value)),
            program: program
                .and_then(|p| u32::try_from(p.checked_add(1)?).ok())
                .and_then(NonZeroU32::new),
            held_sessions: u32::try_from(log.held_sessions().count()).unwrap_or(u32::MAX),
        }
    }
}

/// Where a checked log's pair id is in [`PairIds`].
#[derive(Clone, Copy)]
struct PairId {
    /// The chunk's position plus one (so an `Option<PairId>` takes no more room).
    chunk: NonZeroU32,
    start: u32,
    end: u32,
}

/// The pair ids of the logs being checked, written by every thread into shared chunks of
/// text: a cohort of 190,000 logs keeps 2 MB of ids in 64 KiB chunks instead of 190,000
/// allocations. [`PairIdStore::finish`] gives the ids to read once every log is checked.
#[derive(Default)]
struct PairIdStore {
    chunks: Mutex<Vec<String>>,
}

/// What a chunk holds (more only for a longer id, which has a chunk of its own size).
const PAIR_ID_CHUNK: usize = 64 * 1024;

impl PairIdStore {
    fn add(&self, id: &str) -> PairId {
        let mut chunks = lock(&self.chunks);
        let new_chunk = || String::with_capacity(PAIR_ID_CHUNK.max(id.len()));
        let mut chunk = match chunks.pop() {
            Some(last) if last.capacity() - last.len() >= id.len() => last,
            Some(full) => {
                chunks.push(full);
                new_chunk()
            }
            None => new_chunk(),
        };
        let start = chunk.len();
        chunk.push_str(id);
        let end = chunk.len();
        chunks.push(chunk);
        let position = chunks.len();
        // (A log's text is under 4 GiB: its spans are `u32` offsets too.)
        let offset = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        PairId {
            chunk: NonZeroU32::new(offset(position)).unwrap_or(NonZeroU32::MAX),
            start: offset(start),
            end: offset(end),
        }
    }

    fn finish(self) -> PairIds {
        PairIds {
            chunks: self
                .chunks
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
        }
    }
}

/// The pair ids of the checked logs, read by their [`PairId`].
struct PairIds {
    chunks: Vec<String>,
}

impl PairIds {
    fn get(&self, id: PairId) -> &str {
        let chunk = self.chunks.get(id.chunk.get() as usize - 1);
        chunk
            .and_then(|chunk| chunk.get(id.start as usize..id.end as usize))
            .unwrap_or_default()
    }
}

/// A lock taken by a thread that panicked still guards whole entries: each is written by one
/// call.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    /// Every log of a streamed cohort file keeps one: 190,000 logs of 500 MB keep 7.6 MB.
    #[test]
    fn a_checked_log_is_kept_in_40_bytes() {
        assert_eq!(std::mem::size_of::<super::CheckedLog>(), 40);
    }

    /// JUnit names every log of a cohort file: the units are made where the checked logs were
    /// (a second list would hold 7.6 MB more for 190,000 logs).
    #[test]
    fn the_checked_logs_become_their_units_in_place() {
        use crate::log::{LogFormat, LogInput};
        use std::mem::{align_of, size_of};
        assert_eq!(size_of::<super::Unit>(), size_of::<super::CheckedLog>());
        assert_eq!(align_of::<super::Unit>(), align_of::<super::CheckedLog>());
        let mut sources = super::Sources::new();
        let lines = sources.add("cohort.jsonl", "{}\n{}\n{}\n");
        let inputs = [LogInput {
            source: lines,
            format: LogFormat::JsonLines,
        }];
        let store = super::PairIdStore::default();
        let pair = store.add("pair-1");
        let checked: Vec<super::CheckedLog> = (0..3)
            .map(|k| super::CheckedLog {
                span: super::Span::new(lines, 3 * k..3 * k + 2),
                pair_at: (0, 0),
                pair: (k < 2).then_some(pair),
                program: None,
                held_sessions: 0,
            })
            .collect();
        let list = checked.as_ptr().cast::<u8>();
        let units = super::named_units(&sources, &inputs, 0, checked, &store.finish());
        assert_eq!(units.as_ptr().cast::<u8>(), list);
        let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(names, ["pair-1", "pair-1", "cohort.jsonl:3"]);
        assert_eq!(units[2].span(), Some(super::Span::new(lines, 6..8)));
    }
}
