//! `mentor new program` and `mentor new log`: starting points to fill in.
//!
//! `new program` writes a commented starter program that checks clean. `new log` writes the
//! skeleton of one pair's session log for a given program: every session of the program with
//! a planned date, the lens each phase asks for and its fields as blank answers. Neither ever
//! replaces an existing file unless `--force` is given.
//!
//! What they write is made in `render::skeleton` (and its dates in `schedule`); this file reads
//! the flags, checks the program and writes the file.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

use super::writing::{would_replace, write_output};
use super::{ExitStatus, write_stdout};
use crate::check::check_program_file;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::render;
use crate::render::skeleton::{LogSkeleton, STARTER_PROGRAM};
use crate::source::Sources;

#[derive(Debug, Args)]
pub(super) struct NewArgs {
    #[command(subcommand)]
    what: NewCommand,
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// A commented starter program that `mentor check` accepts
    Program(NewProgramArgs),
    /// The skeleton of one pair's session log for a program
    Log(NewLogArgs),
}

#[derive(Debug, Args)]
struct NewProgramArgs {
    /// Write to FILE instead of standard output (`-`: standard output)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Replace FILE if it exists
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct NewLogArgs {
    /// The `.mentor` program the pair follows
    #[arg(long, short = 'p', value_name = "PROGRAM")]
    program: PathBuf,

    /// The pair's pseudonymous id, e.g. `pair-017`
    #[arg(long, value_name = "ID")]
    pair: String,

    /// The day the program starts for the pair (YYYY-MM-DD); defaults to today
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    started: Option<Date>,

    /// Write to FILE instead of standard output (`-`: standard output)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// The log format; defaults to the extension of FILE, else TOML (JSON has no comments)
    #[arg(long, value_enum)]
    format: Option<LogFormatArg>,

    /// Replace FILE if it exists
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormatArg {
    Toml,
    Json,
    /// A CSV export: a header row, a row per planned session
    Csv,
}

pub(super) fn run(args: NewArgs, color: bool) -> ExitStatus {
    match args.what {
        NewCommand::Program(args) => emit(
            STARTER_PROGRAM,
            args.output.as_deref(),
            args.force,
            &Sources::new(),
        ),
        NewCommand::Log(args) => new_log(args, color),
    }
}

/// Prints `text` (no `output`, or `-`), or writes it to `output` unless that is a file that
/// exists (and `force` is not given) or one of the files `read` (`--force` replaces an old log,
/// never the program it was made from).
fn emit(text: &str, output: Option<&Path>, force: bool, read: &Sources) -> ExitStatus {
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        write_stdout(text);
        return ExitStatus::Clean;
    };
    if !force && would_replace(path) {
        eprintln!(
            "error: `{}` already exists; pass --force to replace it",
            super::shown_path(path)
        );
        return ExitStatus::CouldNotCheck;
    }
    match write_output(path, text, read) {
        Ok(()) => {
            eprintln!("wrote {}", super::shown_path(path));
            ExitStatus::Clean
        }
        Err(()) => ExitStatus::CouldNotCheck,
    }
}

fn new_log(args: NewLogArgs, color: bool) -> ExitStatus {
    if !is_id(&args.pair) {
        eprintln!(
            "error: the pair id must be a pseudonymous id of letters, digits, `-`, `_` or `.`, e.g. `pair-017`"
        );
        return ExitStatus::CouldNotCheck;
    }
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let program = check_program_file(&args.program, &mut sources, &mut diagnostics).program;
    let errors: Vec<Diagnostic> = diagnostics
        .into_vec()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        eprint!("{}", render::render_human(&errors, &sources, color));
        eprintln!(
            "error: `{}` has errors; fix them before writing a log for it",
            super::shown_path(&args.program)
        );
        return ExitStatus::CouldNotCheck;
    }
    let Some(program) = program else {
        eprintln!(
            "error: `{}` holds a library, not a program",
            super::shown_path(&args.program)
        );
        return ExitStatus::CouldNotCheck;
    };
    let started = args.started.unwrap_or_else(|| jiff::Zoned::now().date());
    // A skeleton is TOML, JSON or CSV; one written into a `.yaml` file would not read as YAML.
    if let Some(ext) = args.output.as_ref().and_then(|p| p.extension())
        && (ext == "yaml" || ext == "yml")
    {
        eprintln!(
            "error: `mentor new log` writes TOML, JSON or CSV, not YAML: name the file `.toml`, `.json` or `.csv`"
        );
        return ExitStatus::CouldNotCheck;
    }
    let extension = args.output.as_ref().and_then(|p| p.extension());
    let format = args
        .format
        .unwrap_or(match extension.and_then(|e| e.to_str()) {
            Some("json") => LogFormatArg::Json,
            Some("csv") => LogFormatArg::Csv,
            _ => LogFormatArg::Toml,
        });
    let skeleton = LogSkeleton::new(&program, &args.pair, started);
    let text = match format {
        LogFormatArg::Toml => skeleton.toml(&args.program),
        LogFormatArg::Json => skeleton.json(),
        LogFormatArg::Csv => skeleton.csv(),
    };
    emit(&text, args.output.as_deref(), args.force, &sources)
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
