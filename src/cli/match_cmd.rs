//! `mentor match --program P --roster FILE`: pairs the roster's mentees with its mentors by the
//! program's `matching` block, and prints the pairs (with each one's score broken down), the
//! mentees left unmatched (with why) and each mentor's load, as Markdown, CSV or JSON.
//!
//! Exit status: 0 when a match was written (unmatched mentees are a result, not an error); 1
//! when the program or the roster has errors (nothing is matched: a half-read roster would pair
//! people by what is left); 2 when a file could not be read, the roster is not a table
//! (`R001`, `R002`), the program has no `matching` block, or a log skeleton could not be written.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::ExitStatus;
use super::output::{print_to_stderr, refuse};
use super::writing::{create_dir_all, would_replace, write_file, write_to};
use crate::check::check_program_file;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::log::{self, PairStatus, looks_like_id};
use crate::matching::roster::{RosterFormat, read_roster};
use crate::matching::{Existing, match_roster};
use crate::render::matching::{
    MatchReport, render_match_csv, render_match_json, render_match_markdown,
};
use crate::render::skeleton::LogSkeleton;
use crate::source::{self, Sources};

#[derive(Debug, Args)]
pub(super) struct MatchArgs {
    /// The `.mentor` program whose `matching` block says how to pair
    #[arg(long, short = 'p', value_name = "PROGRAM")]
    program: PathBuf,

    /// The roster: a CSV file with a header row (`id`, `role`, a column per attribute) or a
    /// JSON list of objects; `-` reads standard input
    #[arg(long, value_name = "FILE")]
    roster: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = MatchFormat::Md)]
    format: MatchFormat,

    /// Write to FILE instead of stdout (`-`: stdout)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// Logs of the pairs that exist (files or directories): two people who were paired are
    /// never paired again (a pair that ended `re-matched` among them), and a mentor's active
    /// pairs take part of their capacity
    #[arg(long, value_name = "LOGS", num_args = 1..)]
    existing: Vec<PathBuf>,

    /// The day the new pairs start (YYYY-MM-DD): writes each new pair's log skeleton, as `mentor
    /// new log` writes it, into `--logs-dir`
    #[arg(long, value_name = "DATE", value_parser = super::date_arg, requires = "logs_dir")]
    start: Option<Date>,

    /// Where `--start` writes the new pairs' logs (created if missing); an existing log is never
    /// replaced
    #[arg(long, value_name = "DIR", requires = "start")]
    logs_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MatchFormat {
    /// GitHub-flavoured Markdown: the pairs and why, the unmatched and why, the mentors' load
    Md,
    /// RFC 4180 CSV: one row per mentee, a column per preference
    Csv,
    /// One JSON document
    Json,
}

pub(super) fn run(args: MatchArgs, color: bool) -> ExitStatus {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let checked = check_program_file(&args.program, &mut sources, &mut diagnostics);
    if checked.has_errors {
        return refuse(diagnostics, &sources, color, "match", "the program");
    }
    let Some(program) = checked.program else {
        print_to_stderr(diagnostics, &sources, color, 1);
        eprintln!(
            "error: no match written: `{}` holds a library, not a program",
            super::shown_path(&args.program)
        );
        return ExitStatus::CouldNotCheck;
    };
    let Some(matching) = &program.matching else {
        print_to_stderr(diagnostics, &sources, color, 1);
        eprintln!(
            "error: no match written: program `{}` has no `matching` block to say how pairs are made",
            program.id
        );
        eprintln!(
            "help: see `docs/matching.md`, or `mentor explain R002` for the roster's columns"
        );
        return ExitStatus::CouldNotCheck;
    };

    // A program may turn `P029` or `P025` off; what they report still cannot be matched by.
    if let Some(problem) = matching.unusable() {
        print_to_stderr(diagnostics, &sources, color, 1);
        eprintln!("error: no match written: {problem}");
        return ExitStatus::CouldNotCheck;
    }
    let roster_source = if args.roster.as_os_str() == "-" {
        source::read_stdin()
            .map_err(|error| {
                Box::new(source::unreadable(
                    &mut sources,
                    "<stdin>",
                    &error.to_string(),
                ))
            })
            .and_then(|bytes| source::decode(bytes, "<stdin>", &mut sources))
    } else {
        let name = args.roster.display().to_string();
        source::read_file(&args.roster, &name, &mut sources)
    };
    let roster_source = match roster_source {
        Ok(id) => id,
        Err(problem) => {
            // A roster that is not UTF-8 (a spreadsheet's Latin-1 export) was registered as
            // read: none of its cells is told from another, so all of it is private.
            let id = problem.primary.span.source;
            let whole = 0..sources.text(id).len();
            sources.mask_ranges(id, &[whole]);
            diagnostics.push(*problem);
            print_to_stderr(diagnostics, &sources, color, 2);
            eprintln!("error: no match written: the roster could not be read");
            return ExitStatus::CouldNotCheck;
        }
    };
    let text = sources.text(roster_source).to_owned();
    let format = RosterFormat::of(sources.name(roster_source), &text);
    let mut about_roster = Diagnostics::new();
    let roster = read_roster(roster_source, &text, format, matching, &mut about_roster);
    // No line of the roster is shown with a cell that is not an id, a number or a value.
    sources.mask_ranges(roster_source, &roster.private);
    let stopped = about_roster.iter().any(|d| d.rule.stops_the_run());
    let roster_errors = about_roster.has_errors();
    diagnostics.extend(about_roster);

    let existing = match read_existing(&args.existing, &program.id, &mut sources, &mut diagnostics)
    {
        Ok(existing) => existing,
        Err(()) => {
            print_to_stderr(diagnostics, &sources, color, 2);
            eprintln!("error: no match written: a log of `--existing` could not be read");
            return ExitStatus::CouldNotCheck;
        }
    };
    if stopped || roster_errors {
        print_to_stderr(diagnostics, &sources, color, 2);
        eprintln!("error: no match written: the roster has errors");
        return if stopped {
            ExitStatus::CouldNotCheck
        } else {
            ExitStatus::Violations
        };
    }
    if !diagnostics.is_empty() {
        print_to_stderr(diagnostics, &sources, color, 2);
    }

    let result = match_roster(matching, &roster, &existing);
    let report = MatchReport {
        program: &program,
        matching,
        roster: &roster,
        result: &result,
    };
    // The match is written before the logs: a refused `--output` (the roster itself) must not
    // leave logs behind that a second run would refuse to replace.
    let text = match args.format {
        MatchFormat::Md => render_match_markdown(&report),
        MatchFormat::Csv => render_match_csv(&report),
        MatchFormat::Json => render_match_json(&report),
    };
    if !write_to(args.output.as_deref(), &text, &sources) {
        return ExitStatus::CouldNotCheck;
    }
    if let (Some(start), Some(dir)) = (args.start, &args.logs_dir)
        && let Err(status) = write_skeletons(&report, &args.program, start, dir)
    {
        return status;
    }
    let already = result.already_paired();
    let mut summary = format!(
        "matched {} of {}; {} unmatched",
        result.pairs.len(),
        crate::words::count(roster.mentees.len() as u64, "mentee", "mentees"),
        result.unmatched.len() - already
    );
    if already > 0 {
        summary.push_str(&format!("; {already} already in a pair"));
    }
    eprintln!("{summary}");
    ExitStatus::Clean
}

/// The pairs the logs of `--existing` hold, for program `program`: every (mentor, mentee) that
/// was paired, each mentor's active pairs, and the mentees in one. A log that cannot be read
/// stops the match (`Err`): a pair it holds might be made again. Logs that cannot say who was
/// paired (another program's, or one without `mentor` and `mentee`) are counted in a note.
fn read_existing(
    paths: &[PathBuf],
    program: &str,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Result<Existing, ()> {
    let mut existing = Existing::default();
    if paths.is_empty() {
        return Ok(existing);
    }
    let mut about_logs = Diagnostics::new();
    let walk = source::WalkOptions::default().allowing_empty_directories();
    // Logs are read as `validate` reads them: a JSON Lines export in a stream, the others
    // where they are checked.
    let inputs = log::collect_log_inputs_deferred(paths, &walk, sources, &mut about_logs);
    enum Read {
        Pair(String, String, PairStatus),
        OtherProgram,
        NoPeople,
    }
    let read: Vec<Read> = log::load_inputs_map(&inputs, sources, &mut about_logs, &|log, _| {
        let named = log.program.as_ref().map(|p| p.value.as_str());
        if named != Some(program) {
            return Read::OtherProgram;
        }
        // Only ids name people here: a log's `mentor` holding a sentence (or a name) is shown
        // masked by the log reader and must not come back through the match's output.
        match (&log.mentor, &log.mentee) {
            (Some(mentor), Some(mentee))
                if looks_like_id(&mentor.value) && looks_like_id(&mentee.value) =>
            {
                Read::Pair(
                    mentor.value.clone(),
                    mentee.value.clone(),
                    log.pair_status(),
                )
            }
            _ => Read::NoPeople,
        }
    });
    // A log that does not parse, or is not UTF-8, is shown masked, as `validate` shows it.
    super::note_changed_files(&log::read_again_for(sources, &inputs, about_logs.iter()));
    log::keep_lines_for(sources, &inputs, about_logs.iter(), true);
    log::mask_unparsed(sources, &inputs, &about_logs);
    for diagnostic in about_logs.iter() {
        log::mask_undecoded(sources, diagnostic, None);
    }
    let unreadable: Vec<Diagnostic> = about_logs
        .into_vec()
        .into_iter()
        .filter(Diagnostic::is_unreadable_input)
        .collect();
    if !unreadable.is_empty() {
        for diagnostic in unreadable {
            diagnostics.push(diagnostic);
        }
        return Err(());
    }
    let (mut other_program, mut no_people) = (0u64, 0u64);
    for read in read {
        match read {
            Read::Pair(mentor, mentee, status) => {
                if status == PairStatus::Active {
                    *existing.active.entry(mentor.clone()).or_default() += 1;
                    existing
                        .active_mentees
                        .insert(mentee.clone(), mentor.clone());
                }
                existing.paired.insert((mentor, mentee));
            }
            Read::OtherProgram => other_program += 1,
            Read::NoPeople => no_people += 1,
        }
    }
    if other_program > 0 {
        eprintln!(
            "note: {} of `--existing` follow another program than `{program}`: they were not read",
            crate::words::count(other_program, "log", "logs")
        );
    }
    if no_people > 0 {
        eprintln!(
            "note: {} of `--existing` name no `mentor` and `mentee` ids: they cannot keep a pair from being made again",
            crate::words::count(no_people, "log", "logs")
        );
    }
    Ok(existing)
}

/// Writes each new pair's log skeleton into `dir` as `MENTEE-with-MENTOR.toml`. Nothing is
/// written when any of them exists already: a log the user has is never replaced.
fn write_skeletons(
    report: &MatchReport<'_>,
    program_path: &Path,
    start: Date,
    dir: &Path,
) -> Result<(), ExitStatus> {
    let files: Vec<(PathBuf, String)> = report
        .result
        .pairs
        .iter()
        .map(|pair| {
            let mentee = &report.roster.mentees[pair.mentee].id;
            let mentor = &report.roster.mentors[pair.mentor].id;
            let id = format!("{mentee}-with-{mentor}");
            if !looks_like_id(&id) {
                return Err(id);
            }
            let skeleton = LogSkeleton::new(report.program, &id, start)
                .with_people(mentor, mentee)
                .toml(program_path);
            Ok((dir.join(format!("{id}.toml")), skeleton))
        })
        .collect::<Result<_, String>>()
        .map_err(|id| {
            eprintln!(
                "error: no log written: the pair id `{id}` would be longer than the 64 characters of an id; shorten the roster's ids"
            );
            ExitStatus::CouldNotCheck
        })?;
    // Ids may hold `-with-`: two pairs could name one file, and the second would replace the
    // first's log.
    let mut names = std::collections::BTreeSet::new();
    if let Some((path, _)) = files.iter().find(|(path, _)| !names.insert(path.clone())) {
        eprintln!(
            "error: no log written: two new pairs would both be written to `{}`; their ids run into each other around `-with-`",
            super::shown_path(path)
        );
        return Err(ExitStatus::CouldNotCheck);
    }
    let taken: Vec<String> = files
        .iter()
        .filter(|(path, _)| would_replace(path))
        .map(|(path, _)| super::shown_path(path))
        .collect();
    if !taken.is_empty() {
        eprintln!(
            "error: no log written: {} already exist{} in `{}`: a log is never replaced",
            taken.join(", "),
            if taken.len() == 1 { "s" } else { "" },
            super::shown_path(dir)
        );
        return Err(ExitStatus::CouldNotCheck);
    }
    if let Err(error) = create_dir_all(dir) {
        eprintln!("error: cannot create `{}`: {error}", super::shown_path(dir));
        return Err(ExitStatus::CouldNotCheck);
    }
    for (path, text) in &files {
        if let Err(error) = write_file(path, text) {
            eprintln!("error: cannot write `{}`: {error}", super::shown_path(path));
            return Err(ExitStatus::CouldNotCheck);
        }
    }
    eprintln!(
        "wrote {} in {}",
        crate::words::count(files.len() as u64, "log skeleton", "log skeletons"),
        super::shown_path(dir)
    );
    Ok(())
}
