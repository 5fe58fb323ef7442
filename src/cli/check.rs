//! `mentor check PROGRAM...`: parse, resolve and check programs.

use std::path::PathBuf;

use clap::Args;

use super::ExitStatus;
use super::output::{Finished, OutputArgs};
use crate::check::{check_program_file, same_edition};
use crate::diagnostic::Diagnostics;
use crate::render::{Summary, Unit};
use crate::source::{Sources, WalkOptions, expand_program_paths_with};

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// `.mentor` files, directories searched for them, or `-` for stdin (imports are then
    /// relative to the working directory); default: `program` in `mentor.toml`
    #[arg(value_name = "PROGRAM")]
    pub(super) paths: Vec<PathBuf>,

    /// Leave out what this gitignore-style glob matches (`drafts/`, `old-*.mentor`) when
    /// walking a directory, relative to it; repeatable. Hidden and `.gitignore`d files are
    /// always left out; a file named on the command line is always read
    /// (`mentor.toml`'s `exclude` globs are added to these.)
    #[arg(long, value_name = "GLOB", value_parser = crate::source::exclude_glob)]
    pub(super) exclude: Vec<String>,

    #[command(flatten)]
    pub(super) output: OutputArgs,

    #[command(flatten)]
    pub(super) config: super::config::ConfigArgs,
}

pub(super) fn run(args: CheckArgs, color: bool) -> ExitStatus {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    // Each glob was checked by `exclude_glob` as clap parsed it.
    let walk = WalkOptions::excluding(&args.exclude).unwrap_or_default();
    let files = expand_program_paths_with(&args.paths, &walk, &mut sources, &mut diagnostics);
    let mut units = Vec::new();
    // Programs checked together are given together: the same id and version twice is `P001`,
    // as `validate --program` reports it.
    let mut programs = Vec::new();
    for path in &files {
        let first_source = sources.len();
        if let Some(program) = check_program_file(path, &mut sources, &mut diagnostics).program {
            match same_edition(&programs, &program) {
                Some(duplicate) => diagnostics.push(duplicate),
                None => programs.push(program),
            }
        }
        if first_source < sources.len() {
            let source = sources.ids().nth(first_source);
            units.extend(source.map(|source| Unit::file(path.display().to_string(), source)));
        }
    }
    let finished = Finished::new(
        &sources,
        diagnostics,
        |d| Summary::count(files.len(), d),
        units,
        &args.output,
    );
    finished.emit(&args.output, color)
}
