//! `mentor man`: the manual pages, generated from the command definition itself
//! (clap_mangen): `mentor.1` on standard output, or with `--dir` one page per command
//! (`mentor.1`, `mentor-check.1`, `mentor-new-log.1`, …) for packagers.

use std::path::PathBuf;

use clap::{Args, CommandFactory as _};
use clap_mangen::Man;
use roff::{Roff, bold, roman};

use super::writing::{create_dir_all, write_file};
use super::{Cli, ExitStatus, shown_path, write_stdout};

#[derive(Debug, Args)]
pub(super) struct ManArgs {
    /// Write every page (the program's and each command's) into this directory instead
    /// (created if missing)
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub(super) fn run(args: ManArgs) -> ExitStatus {
    // `mentor help` is clap's own and has nothing to document.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = args.dir else {
        return match render(&command) {
            Ok(page) => {
                write_stdout(&page);
                ExitStatus::Clean
            }
            Err(error) => failed("standard output", &error),
        };
    };
    if let Err(error) = create_dir_all(&dir) {
        eprintln!(
            "error: cannot create the directory {}: {error}",
            shown_path(&dir)
        );
        return ExitStatus::CouldNotCheck;
    }
    let mut pages = Vec::new();
    collect_pages(command, &mut pages);
    for (name, command) in &pages {
        let path = dir.join(name);
        if let Err(error) = render(command).and_then(|page| write_file(&path, &page)) {
            return failed(&shown_path(&path), &error);
        }
    }
    eprintln!(
        "wrote {} manual pages into {}",
        pages.len(),
        shown_path(&dir)
    );
    ExitStatus::Clean
}

/// The page's file name and command, for the command and each of its visible subcommands, in
/// the order `--help` lists them; a subcommand's display name (`mentor-new-log`) names its page.
fn collect_pages(command: clap::Command, pages: &mut Vec<(String, clap::Command)>) {
    let name = format!(
        "{}.1",
        command.get_display_name().unwrap_or(command.get_name())
    );
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect();
    pages.push((name, command));
    for sub in subcommands {
        collect_pages(sub, pages);
    }
}

fn render(command: &clap::Command) -> std::io::Result<String> {
    let mut page = Vec::new();
    Man::new(command.clone()).render(&mut page)?;
    let mut page = String::from_utf8(page).map_err(std::io::Error::other)?;
    // The program's own page also says what a script and a packager need beyond the flags:
    // the exit statuses, the files read, the environment. Before VERSION, as man-pages(7) orders.
    if command.get_name() == "mentor" {
        let at = page.find(".SH VERSION").unwrap_or(page.len());
        page.insert_str(at, &program_sections());
    }
    Ok(page)
}

/// EXIT STATUS, FILES, ENVIRONMENT and SEE ALSO of `mentor.1`.
fn program_sections() -> String {
    let mut roff = Roff::new();
    let entry = |roff: &mut Roff, term: &str, text: &str| {
        roff.control("TP", [])
            .text([bold(term)])
            .text([roman(text)]);
    };
    roff.control("SH", ["EXIT STATUS"]);
    entry(&mut roff, "0", "Clean: nothing found that fails the run.");
    entry(
        &mut roff,
        "1",
        "Violations: an error was found (or a warning, under --deny-warnings).",
    );
    entry(
        &mut roff,
        "2",
        "Could not check: a file could not be read or written, or the command line was wrong.",
    );
    roff.control("SH", ["FILES"]);
    entry(
        &mut roff,
        "mentor.toml",
        "Settings for the repository (programs, logs, formats, rules), read from the working \
         directory or the nearest parent that has one.",
    );
    entry(
        &mut roff,
        "mentor-exceptions.toml",
        "Approved waivers, pauses and extensions of deadlines, found the same way.",
    );
    roff.control("SH", ["ENVIRONMENT"]);
    entry(
        &mut roff,
        "NO_COLOR",
        "When set and not empty, human output is not colored (--color auto).",
    );
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(
        "mentor-check(1), mentor-validate(1), mentor-playbook(1), mentor-report(1); \
         mentor explain CODE for any rule.",
    )]);
    roff.to_roff()
}

fn failed(target: &str, error: &std::io::Error) -> ExitStatus {
    eprintln!("error: cannot write the manual page to {target}: {error}");
    ExitStatus::CouldNotCheck
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_visible_command_has_a_page_named_after_it() {
        let mut command = Cli::command().disable_help_subcommand(true);
        command.build();
        let mut pages = Vec::new();
        collect_pages(command, &mut pages);
        let names: Vec<&str> = pages.iter().map(|(name, _)| name.as_str()).collect();
        for expected in [
            "mentor.1",
            "mentor-check.1",
            "mentor-new-log.1",
            "mentor-man.1",
        ] {
            assert!(names.contains(&expected), "{expected} not in {names:?}");
        }
        assert!(!names.contains(&"mentor-help.1"), "{names:?}");
    }
}
