//! `mentor playbook PROGRAM`: print the playbook mentors and mentees read, as Markdown or as a
//! print-ready HTML page.
//!
//! The program is checked first, exactly as `mentor check` does: a program with errors prints
//! its diagnostics on stderr, writes no playbook, and exits 1 (2 when the file cannot be read).
//! Warnings are printed on stderr and the playbook is still produced. An unknown `--track` is a
//! usage error: a diagnostic with "did you mean", exit 2. Nothing is written to `-o FILE` unless
//! the whole playbook was produced, and then through a temporary file and a rename.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::ExitStatus;
use super::output::{print_to_stderr, refuse};
use super::writing::write_to;
use crate::check::{ProgramCheck, check_playbook_program, find_track};
use crate::diagnostic::Diagnostics;
use crate::render::playbook::{self, Paper, Playbook};
use crate::source::Sources;

#[derive(Debug, Args)]
pub(super) struct PlaybookArgs {
    /// The `.mentor` program to print
    #[arg(value_name = "PROGRAM")]
    program: PathBuf,

    /// Print the playbook of one track: its milestones replace or add to the program's
    #[arg(long, value_name = "ID")]
    track: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t = PlaybookFormat::Md)]
    format: PlaybookFormat,

    /// Write to FILE instead of stdout (`-`: stdout), atomically: FILE is untouched if anything
    /// fails
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,

    /// The program's first day (YYYY-MM-DD): deadlines become calendar dates
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    start: Option<Date>,

    /// Paper size the HTML is laid out for when printed
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    paper: PaperArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PlaybookFormat {
    /// GitHub-flavoured Markdown
    Md,
    /// One self-contained HTML page with a print stylesheet
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PaperArg {
    /// 210 × 297 mm
    A4,
    /// US Letter, 8.5 × 11 in
    Letter,
}

pub(super) fn run(args: PlaybookArgs, color: bool) -> ExitStatus {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    // A library (or an empty file that only holds comments) has nothing to print: that is an
    // error too.
    let program = match check_playbook_program(&args.program, &mut sources, &mut diagnostics) {
        ProgramCheck {
            program: Some(program),
            has_errors: false,
            ..
        } => program,
        _ => return refuse(diagnostics, &sources, color, "playbook", "the program"),
    };

    let track = match &args.track {
        None => None,
        Some(id) => match find_track(&program, id) {
            Ok(track) => Some(track),
            Err(unknown) => {
                diagnostics.push(*unknown);
                print_to_stderr(diagnostics, &sources, color, 1);
                return ExitStatus::CouldNotCheck;
            }
        },
    };
    // Warnings do not stop the playbook, but the designer should see them.
    if !diagnostics.is_empty() {
        print_to_stderr(diagnostics, &sources, color, 1);
    }

    let playbook = Playbook::new(&program, track, args.start);
    let text = match args.format {
        PlaybookFormat::Md => playbook::render_markdown(&playbook),
        PlaybookFormat::Html => {
            let paper = match args.paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::Letter => Paper::Letter,
            };
            playbook::render_html(&playbook, paper)
        }
    };
    if write_to(args.output.as_deref(), &text, &sources) {
        ExitStatus::Clean
    } else {
        ExitStatus::CouldNotCheck
    }
}
