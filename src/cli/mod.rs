//! The `mentor` command line: one file per subcommand. Everything here is IO and flags; the work
//! is done by the library stages.

mod check;
mod completions;
mod config;
mod diff;
mod explain;
mod fmt;
mod lsp;
mod man;
mod match_cmd;
mod new;
mod output;
mod playbook;
mod report;
mod rules_cmd;
mod status;
mod test;
mod validate;
mod writing;

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Severity};
use crate::render::visible::visible_line;

#[derive(Debug, Parser)]
#[command(
    name = "mentor",
    version,
    about = "Check mentoring programs and the session logs of every pair",
    propagate_version = true
)]
pub struct Cli {
    /// When to color human output; `auto` honours NO_COLOR and whether stdout is a terminal.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check `.mentor` programs (and directories of them) for mistakes
    Check(check::CheckArgs),
    /// Validate session logs against the programs they follow
    Validate(validate::ValidateArgs),
    /// Print the playbook mentors and mentees read, as Markdown or print-ready HTML
    Playbook(playbook::PlaybookArgs),
    /// Report progress across a cohort: per competency, phase, outcome, track and pair
    Report(report::ReportArgs),
    /// Write one pair's own page: sessions, milestones met, what is due next, as Markdown or
    /// printable HTML
    Status(status::StatusArgs),
    /// Pair a roster's mentees with mentors by the program's `matching` block, and explain
    /// every pair
    Match(match_cmd::MatchArgs),
    /// What changed between two editions of the programs, in the designer's words, and with
    /// `--logs`, which logs it makes fail or pass
    Diff(diff::DiffArgs),
    /// Run a program's tests: logs that say which findings they must produce (`--update`
    /// rewrites what they expect)
    Test(test::TestArgs),
    /// Explain a rule code, e.g. `mentor explain P004`
    Explain(explain::ExplainArgs),
    /// List every rule with its code, name and default severity
    Rules(rules_cmd::RulesArgs),
    /// Format `.mentor` files in the canonical layout (`--check` to only report)
    Fmt(fmt::FmtArgs),
    /// Write a starting point: a commented program, or the session log skeleton of a pair
    New(new::NewArgs),
    /// Run the language server on stdin/stdout (for editors: diagnostics, hover, definition,
    /// completion, formatting, outline)
    Lsp(lsp::LspArgs),
    /// Print the completion script of a shell, e.g. `mentor completions bash`
    Completions(completions::CompletionsArgs),
    /// Print the manual page (`--dir` writes one page per command)
    Man(man::ManArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

/// Exit statuses, documented in the README. Ordered, so a run that met several keeps the worst
/// (`status.max(..)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// 0: nothing found that fails the run.
    Clean = 0,
    /// 1: violations found (errors, or warnings under `--deny-warnings`).
    Violations = 1,
    /// 2: something could not be checked or written (an unreadable file, a usage error).
    CouldNotCheck = 2,
}

impl ExitStatus {
    /// The status of a finished run: 2 if a file could not be read (an `F` rule), else 1 for an
    /// error (or a warning under `deny_warnings`), else 0.
    pub fn of(diagnostics: &[Diagnostic], deny_warnings: bool) -> ExitStatus {
        if diagnostics.iter().any(Diagnostic::is_unreadable_input) {
            ExitStatus::CouldNotCheck
        } else if diagnostics.iter().any(|d| {
            d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
        }) {
            ExitStatus::Violations
        } else {
            ExitStatus::Clean
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status as u8)
    }
}

pub fn main() -> ExitCode {
    // The matches are kept to tell a flag given from its default, which `mentor.toml` replaces.
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        // A usage error quotes the argument it could not use, and arguments are input: a
        // file name a shell glob picked up may hold a line break and `::error`, or an escape
        // sequence. It is printed plain, with those shown escaped.
        Err(error) if error.use_stderr() => {
            // clap quotes arguments inside a message of several lines: parse once more with
            // every argument escaped, so the same message quotes them on one line each.
            let escaped: Vec<String> = std::env::args_os()
                .map(|arg| visible_line(&arg.to_string_lossy()).into_owned())
                .collect();
            let message = match Cli::try_parse_from(&escaped) {
                Err(again) => again.render().to_string(),
                Ok(_) => error.render().to_string(),
            };
            eprint!("{}", crate::render::visible::visible(&message));
            return u8::try_from(error.exit_code())
                .map_or(ExitStatus::CouldNotCheck.into(), ExitCode::from);
        }
        Err(help) => help.exit(),
    };
    let color = cli.color.enabled();
    // `check`, `validate`, `report`, `status` and `test` run with their flags over `mentor.toml`
    // (`config.rs`).
    let given = config::Given(matches.subcommand().map(|(_, m)| m));
    let status: ExitCode = match cli.command {
        Command::Check(args) => config::check(args, &given, color)
            .map_or_else(|s| s, |args| check::run(args, color))
            .into(),
        Command::Validate(args) => config::validate(args, &given, color)
            .map_or_else(|s| s, |args| validate::run(args, color))
            .into(),
        Command::Playbook(args) => playbook::run(args, color).into(),
        Command::Report(args) => config::report(args, &given, color)
            .map_or_else(|s| s, |args| report::run(args, color))
            .into(),
        Command::Status(args) => config::status(args, color)
            .map_or_else(|s| s, |args| status::run(args, color))
            .into(),
        Command::Match(args) => match_cmd::run(args, color).into(),
        Command::Diff(args) => config::diff(args, color)
            .map_or_else(|s| s, |args| diff::run(args, color))
            .into(),
        Command::Test(args) => config::test(args, color)
            .map_or_else(|s| s, |args| test::run(args, color))
            .into(),
        Command::Explain(args) => explain::run(args).into(),
        Command::Rules(args) => rules_cmd::run(args).into(),
        Command::Fmt(args) => fmt::run(args, color).into(),
        Command::New(args) => new::run(args, color).into(),
        Command::Lsp(args) => lsp::run(args),
        Command::Completions(args) => completions::run(args).into(),
        Command::Man(args) => man::run(args).into(),
    };
    if STDOUT_FAILED.load(Ordering::Relaxed) {
        return ExitStatus::CouldNotCheck.into();
    }
    status
}

/// A day given on the command line (`--as-of`, `--start`, `--started`), as clap parses it: a
/// mistake is told in a designer's words ("write it as YYYY-MM-DD"), not the date parser's.
pub(crate) fn date_arg(text: &str) -> Result<jiff::civil::Date, String> {
    // Only YYYY-MM-DD: the date parser alone would also take `20250101`, `+002025-01-01` and
    // `2025-01-01T10:00`, which a log's dates never are.
    let shaped_as_a_day = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped_as_a_day {
        return Err("write the day as YYYY-MM-DD, e.g. 2025-06-30".to_owned());
    }
    text.parse::<jiff::civil::Date>().map_err(|_| {
        format!("`{text}` is not a day of the calendar (write it as YYYY-MM-DD, e.g. 2025-06-30)")
    })
}

/// A path as a message shows it: on one line, its control characters escaped
/// (`render::visible`), since a file name is input like any other.
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    visible_line(&path.display().to_string()).into_owned()
}

/// The note for log files that changed (or could not be read) between being checked and being
/// read again for their findings' lines (`log::read_again_for`): one line each, on stderr.
pub(crate) fn note_changed_files(changed: &[String]) {
    for name in changed {
        eprintln!(
            "note: `{}` changed (or could not be read) while it was checked: its findings are shown without its lines",
            visible_line(name)
        );
    }
}

/// Set when a write to standard output failed: the run then exits 2, whatever it found.
static STDOUT_FAILED: AtomicBool = AtomicBool::new(false);

/// The one way a command prints to standard output. A write error (a full disk, `> /dev/full`)
/// is reported once on stderr, `error: cannot write standard output: …`, and makes the run exit
/// 2. A closed pipe (`mentor check … | head`) is not an error: the reader had what it wanted,
/// and the run stays quiet (Rust ignores `SIGPIPE`, so the write returns `EPIPE`).
pub fn write_stdout(text: &str) {
    write_stdout_with(&|out| out.write_all(text.as_bytes()));
}

/// [`write_stdout`] for an output produced as it is written, through a buffer.
fn write_stdout_with(content: writing::Content<'_>) {
    let written = writing::write_buffered(std::io::stdout().lock(), content);
    match written {
        Err(error)
            if error.kind() != std::io::ErrorKind::BrokenPipe
                && !STDOUT_FAILED.swap(true, Ordering::Relaxed) =>
        {
            eprintln!("error: cannot write standard output: {error}");
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::{ExitStatus, date_arg};

    #[test]
    fn a_day_on_the_command_line_is_written_yyyy_mm_dd_and_nothing_else() {
        assert_eq!(
            date_arg("2025-06-30").map(|d| d.to_string()),
            Ok("2025-06-30".to_owned())
        );
        for other in [
            "20250101",
            "+002025-01-01",
            "2025-01-01T10:00",
            "2025-1-1",
            "30/06/2025",
            "",
        ] {
            assert_eq!(
                date_arg(other),
                Err("write the day as YYYY-MM-DD, e.g. 2025-06-30".to_owned()),
                "{other:?}"
            );
        }
        assert_eq!(
            date_arg("2025-02-30"),
            Err(
                "`2025-02-30` is not a day of the calendar (write it as YYYY-MM-DD, e.g. 2025-06-30)"
                    .to_owned()
            )
        );
    }

    #[test]
    fn exit_statuses_are_the_documented_numbers_and_the_worst_wins() {
        let statuses = [
            ExitStatus::Clean,
            ExitStatus::Violations,
            ExitStatus::CouldNotCheck,
        ];
        assert_eq!(statuses.map(|s| s as u8), [0, 1, 2]);
        assert_eq!(
            ExitStatus::Violations.max(ExitStatus::CouldNotCheck),
            ExitStatus::CouldNotCheck
        );
    }
}
