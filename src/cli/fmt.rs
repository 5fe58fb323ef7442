//! `mentor fmt [--check] [FILE...]`: print `.mentor` files in the canonical layout.
//!
//! Files are rewritten only when their text changes, through `writing::write_file` (atomically
//! where a rename loses nothing; read-only files are refused). A file that does not parse is
//! reported and never touched. Exit status: 0 all formatted (or already clean), 1 `--check`
//! found files that would change, 2 a file could not be formatted (unreadable, not UTF-8, a
//! syntax error) or written.

use std::path::PathBuf;

use clap::Args;

use super::writing::write_file;
use super::{ExitStatus, write_stdout};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::format::{FormatError, format_file};
use crate::render;
use crate::render::visible::visible_line;
use crate::source::expand_program_paths;
use crate::source::{self, Sources};

#[derive(Debug, Args)]
pub(super) struct FmtArgs {
    /// `.mentor` files, directories searched for them, or `-` (the default) to format standard
    /// input to standard output
    #[arg(value_name = "FILE")]
    paths: Vec<PathBuf>,

    /// Change nothing: list the files that would change (with their first changed line) and
    /// exit with status 1 if there are any
    #[arg(long)]
    check: bool,
}

pub(super) fn run(args: FmtArgs, color: bool) -> ExitStatus {
    let stdin = args.paths.is_empty() || args.paths.iter().all(|p| p.as_os_str() == "-");
    if args.paths.len() > 1 && args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!("error: `-` (standard input) cannot be mixed with files");
        return ExitStatus::CouldNotCheck;
    }
    if stdin {
        return run_stdin(args.check, color);
    }
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let files = expand_program_paths(&args.paths, &mut sources, &mut diagnostics);
    let mut status = ExitStatus::Clean;
    for path in &files {
        let display = path.display().to_string();
        let id = match source::read_file(path, &display, &mut sources) {
            Ok(id) => id,
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                continue;
            }
        };
        match format_file(id, sources.text(id)) {
            Ok(formatted) if formatted == sources.text(id) => {}
            Ok(formatted) if args.check => {
                write_stdout(&would_change(&display, sources.text(id), &formatted));
                status = status.max(ExitStatus::Violations);
            }
            Ok(formatted) => match write_file(path, &formatted) {
                Ok(()) => write_stdout(&format!("formatted {}\n", super::shown_path(path))),
                Err(error) => {
                    eprintln!("error: cannot write `{}`: {error}", super::shown_path(path));
                    status = status.max(ExitStatus::CouldNotCheck);
                }
            },
            Err(error) => {
                status = status.max(ExitStatus::CouldNotCheck);
                refused(&display, error, &mut diagnostics);
            }
        }
    }
    if !diagnostics.is_empty() {
        status = status.max(ExitStatus::CouldNotCheck);
        print_diagnostics(&sources, diagnostics, color);
    }
    status
}

/// `mentor fmt` / `mentor fmt -`: standard input to standard output. With `--check`, nothing
/// is printed but the verdict.
fn run_stdin(check: bool, color: bool) -> ExitStatus {
    // Capped like every read: `mentor fmt - < /dev/zero` must end.
    let bytes = match source::read_stdin() {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read standard input: {error}");
            return ExitStatus::CouldNotCheck;
        }
    };
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let id = match source::decode(bytes, "<stdin>", &mut sources) {
        Ok(id) => id,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            print_diagnostics(&sources, diagnostics, color);
            return ExitStatus::CouldNotCheck;
        }
    };
    match format_file(id, sources.text(id)) {
        Ok(formatted) if check => {
            if formatted == sources.text(id) {
                ExitStatus::Clean
            } else {
                write_stdout(&would_change("<stdin>", sources.text(id), &formatted));
                ExitStatus::Violations
            }
        }
        Ok(formatted) => {
            write_stdout(&formatted);
            ExitStatus::Clean
        }
        Err(error) => {
            refused("<stdin>", error, &mut diagnostics);
            print_diagnostics(&sources, diagnostics, color);
            ExitStatus::CouldNotCheck
        }
    }
}

fn refused(display: &str, error: FormatError, diagnostics: &mut Diagnostics) {
    let display = visible_line(display);
    match error {
        FormatError::Syntax(found) => {
            diagnostics.extend(found);
            eprintln!("error: `{display}` has syntax errors; it was not formatted");
        }
        FormatError::Internal(message) => eprintln!(
            "error: the formatter could not format `{display}` safely ({message}); the file was \
             left unchanged. This is a bug in mentor: please report it with the file"
        ),
    }
}

/// The syntax errors (and unreadable files) on standard error, where they cannot mix with
/// formatted text on standard output.
fn print_diagnostics(sources: &Sources, mut diagnostics: Diagnostics, color: bool) {
    diagnostics.sort(sources);
    let list: Vec<Diagnostic> = diagnostics.into_vec();
    eprint!("{}", render::render_human(&list, sources, color));
}

/// `would reformat FILE` and the first line that changes, old and new.
fn would_change(display: &str, old: &str, new: &str) -> String {
    let mut out = format!("would reformat {}\n", visible_line(display));
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    let mut number = 0;
    loop {
        number += 1;
        match (old_lines.next(), new_lines.next()) {
            (None, None) => {
                // Only the end of the file (a missing or extra line break) differs.
                out.push_str("  the end of the file changes\n");
                break;
            }
            (a, b) if a == b => continue,
            (a, b) => {
                out.push_str(&format!("  line {number}:\n"));
                out.push_str(&format!("  - {}\n", visible(a.unwrap_or("(no line)"))));
                out.push_str(&format!("  + {}\n", visible(b.unwrap_or("(no line)"))));
                break;
            }
        }
    }
    out
}

/// Tabs and carriage returns shown, so a whitespace-only change is not invisible; other
/// control characters escaped, as everywhere (`render::visible`).
fn visible(line: &str) -> String {
    visible_line(&line.replace('\t', "→").replace('\r', "␍")).into_owned()
}
