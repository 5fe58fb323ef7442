//! `mentor.toml` meets the command line: the one place a command's parsed flags and the
//! configuration become the arguments the command runs with.
//!
//! Precedence, as in ruff and cargo: a flag given on the command line wins over the file. The
//! paths (`--program`, the logs) and single values (`--format`, `--exceptions`, `--baseline`,
//! `--min-group`) replace the file's; `--output` replaces its `output` list. Rule selection
//! reads like ruff's: `--select` replaces the file's whole selection (`select`,
//! `extend-select` and `ignore`), while `--extend-select` and `--ignore` add to it. `--exclude`
//! globs add to the file's `exclude`, and `--deny-warnings` (or the file's
//! `deny-warnings = true`) denies warnings.
//!
//! A configuration the tool cannot use (`C001`, or `F001` for a `--config` file that cannot be
//! read) stops the run before anything else is read: exit 2.

use std::path::{Path, PathBuf};

use clap::{ArgMatches, Args, CommandFactory as _, ValueEnum as _, parser::ValueSource};

use super::ExitStatus;
use super::check::CheckArgs;
use super::diff::DiffArgs;
use super::output::{Finished, Format, OutputArgs, OutputSpec, print_to_stderr};
use super::report::ReportArgs;
use super::shown_path;
use super::status::StatusArgs;
use super::test::TestArgs;
use super::validate::{CohortArgs, ValidateArgs};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::Diagnostics;
use crate::exceptions::DEFAULT_EXCEPTIONS;
use crate::render::{Summary, Unit};
use crate::source::{self, Sources};

/// The flags of the commands that read `mentor.toml`.
#[derive(Debug, Args)]
pub(super) struct ConfigArgs {
    /// Read the configuration from FILE (relative paths in it are relative to its directory)
    /// instead of the nearest `mentor.toml` in the working directory or a parent
    #[arg(long = "config", value_name = "FILE", conflicts_with = "no_config")]
    file: Option<PathBuf>,

    /// Read no `mentor.toml`: only the command line counts
    #[arg(long)]
    no_config: bool,

    /// Say on stderr which configuration file, paths, exceptions file and baseline the run uses
    #[arg(long, short = 'v')]
    verbose: bool,
}

/// Which of a command's arguments were given on the command line (rather than defaulted),
/// from clap's matches of the subcommand.
pub(super) struct Given<'m>(pub Option<&'m ArgMatches>);

impl Given<'_> {
    fn on_command_line(&self, id: &str) -> bool {
        self.0
            .and_then(|m| m.value_source(id))
            .is_some_and(|s| s == ValueSource::CommandLine)
    }
}

/// The configuration a run uses, and where it came from.
struct Loaded {
    config: Config,
    /// What `--verbose` and a usage error say about it: "`../mentor.toml`", "none (…)".
    described: String,
    verbose: bool,
}

impl Loaded {
    /// `mentor.toml` found upward, or `--config`, or none under `--no-config`. A configuration
    /// with a problem is shown like the command shows findings (`output`), or on stderr, and
    /// stops the run.
    fn read(
        args: &ConfigArgs,
        output: Option<&OutputArgs>,
        color: bool,
    ) -> Result<Loaded, ExitStatus> {
        let (path, described) = if args.no_config {
            (None, "none (--no-config)".to_owned())
        } else if let Some(path) = &args.file {
            (Some(path.clone()), shown_path(path))
        } else {
            let search = source::find_config(CONFIG_FILE);
            let described = match &search.found {
                Some(path) => shown_path(path),
                None => format!(
                    "none (no {CONFIG_FILE} found from {} up)",
                    shown_path(&search.from)
                ),
            };
            (search.found, described)
        };
        let loaded = |config| Loaded {
            config,
            described: described.clone(),
            verbose: args.verbose,
        };
        let Some(path) = path else {
            return Ok(loaded(Config::default()));
        };
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let dir = path.parent().unwrap_or(Path::new(""));
        let config = match source::read_file(&path, &path.display().to_string(), &mut sources) {
            Ok(id) => Config::read(&sources, id, dir, &mut diagnostics),
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                None
            }
        };
        match config {
            Some(config) if diagnostics.is_empty() => Ok(loaded(config)),
            _ => Err(stop(&sources, diagnostics, output, color, &described)),
        }
    }

    /// `--verbose`: one line on stderr, `what: value`, for each thing the run was configured
    /// with; stdout stays the output's alone.
    fn say(&self, what: &str, value: &str) {
        if self.verbose {
            eprintln!("{what}: {value}");
        }
    }

    fn say_config(&self) {
        self.say("config", &self.described);
    }

    /// `--verbose` on paths a command reads: where they came from.
    fn say_paths(&self, what: &str, paths: &[PathBuf], from_config: bool) {
        if self.verbose && !paths.is_empty() {
            let shown: Vec<String> = paths.iter().map(|p| shown_path(p)).collect();
            let origin = if from_config {
                " (from the config)"
            } else {
                ""
            };
            self.say(what, &format!("{}{origin}", shown.join(", ")));
        }
    }

    /// The file's `exclude` globs added to the command line's (`--exclude`), and said.
    fn exclude(&self, cli: &mut Vec<String>) {
        let mut globs = self.config.exclude.clone();
        globs.append(cli);
        *cli = globs;
        if !cli.is_empty() {
            self.say("exclude", &cli.join(", "));
        }
    }
}

/// Shows the configuration's problems and stops the run (exit 2).
fn stop(
    sources: &Sources,
    diagnostics: Diagnostics,
    output: Option<&OutputArgs>,
    color: bool,
    described: &str,
) -> ExitStatus {
    match output {
        Some(output) => {
            let units = sources
                .ids()
                .map(|id| Unit::file(sources.name(id), id))
                .collect();
            let finished = Finished::new(
                sources,
                diagnostics,
                |d| Summary::count(1, d),
                units,
                output,
            );
            finished.emit(output, color);
        }
        None => print_to_stderr(diagnostics, sources, color, 1),
    }
    eprintln!(
        "note: nothing was checked: the configuration `{described}` cannot be used (fix it, or \
         pass --no-config to run without it)"
    );
    ExitStatus::CouldNotCheck
}

/// The file's output settings under the command line's.
fn merge_output(output: &mut OutputArgs, config: &Config, given: &Given) {
    let format = config.format.as_deref();
    if !given.on_command_line("format")
        && let Some(format) = format.and_then(|f| Format::from_str(f, true).ok())
    {
        output.format = format;
    }
    if output.outputs.is_empty() {
        output.outputs = config
            .outputs
            .iter()
            .filter_map(|(format, path)| {
                Some(OutputSpec {
                    format: Format::from_str(format, true).ok()?,
                    path: path.clone(),
                })
            })
            .collect();
    }
    output.deny_warnings |= config.deny_warnings.unwrap_or(false);
    // `--select` starts the selection afresh, as ruff's does; the other two add to the file's.
    if output.select.is_none() {
        output.select.clone_from(&config.select);
        let extend = std::mem::take(&mut output.extend_select);
        output.extend_select = config.extend_select.iter().cloned().chain(extend).collect();
        let ignore = std::mem::take(&mut output.ignore);
        output.ignore = config.ignore.iter().cloned().chain(ignore).collect();
    }
}

/// The programs and logs: the command line's, else the file's; a run without either is a
/// usage error.
fn merge_cohort(
    cohort: &mut CohortArgs,
    loaded: &Loaded,
    command: &str,
    color: bool,
) -> Result<(), ExitStatus> {
    let programs_from_config = cohort.programs.is_empty();
    if programs_from_config {
        cohort.programs.clone_from(&loaded.config.programs);
    }
    let logs_from_config = cohort.logs.is_empty();
    if logs_from_config {
        cohort.logs.clone_from(&loaded.config.logs);
    }
    if cohort.programs.is_empty() {
        return Err(missing(
            command,
            "--program <FILE_OR_DIR>",
            "program",
            loaded,
        ));
    }
    if cohort.logs.is_empty() {
        return Err(missing(command, "<LOG_OR_DIR>...", "logs", loaded));
    }
    loaded.say_paths("programs", &cohort.programs, programs_from_config);
    loaded.say_paths("logs", &cohort.logs, logs_from_config);
    loaded.exclude(&mut cohort.exclude);
    cohort.csv = match &cohort.csv_map {
        Some(path) => read_csv_map(path, color)?,
        None => loaded.config.csv.clone(),
    };
    Ok(())
}

/// The CSV mapping of a `--csv-map` file; a problem with it stops the run (exit 2), as one with
/// the configuration does.
fn read_csv_map(path: &Path, color: bool) -> Result<crate::log::CsvMapping, ExitStatus> {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let mapping = match source::read_file(path, &path.display().to_string(), &mut sources) {
        Ok(id) => crate::config::read_csv_map(&sources, id, &mut diagnostics),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            None
        }
    };
    match mapping {
        Some(mapping) if diagnostics.is_empty() => Ok(mapping),
        _ => {
            print_to_stderr(diagnostics, &sources, color, 1);
            eprintln!(
                "note: nothing was checked: the CSV mapping `{}` cannot be used",
                shown_path(path)
            );
            Err(ExitStatus::CouldNotCheck)
        }
    }
}

/// The usage error of a command given neither `argument` nor the file's `key`: clap's own,
/// with its usage line, exit 2.
fn missing(command: &str, argument: &str, key: &str, loaded: &Loaded) -> ExitStatus {
    let mut cli = super::Cli::command();
    // Built, so the usage line names the command as `mentor validate`.
    cli.build();
    let message = format!(
        "the following required argument was not provided: {argument}\n\n\
         tip: or set `{key}` in {CONFIG_FILE} (the configuration used: {})",
        loaded.described
    );
    let error = match cli.find_subcommand_mut(command) {
        Some(sub) => sub.error(clap::error::ErrorKind::MissingRequiredArgument, message),
        None => cli.error(clap::error::ErrorKind::MissingRequiredArgument, message),
    };
    let _ = error.print();
    ExitStatus::CouldNotCheck
}

/// `mentor check`'s arguments under the configuration.
pub(super) fn check(
    mut args: CheckArgs,
    given: &Given,
    color: bool,
) -> Result<CheckArgs, ExitStatus> {
    let loaded = Loaded::read(&args.config, Some(&args.output), color)?;
    loaded.say_config();
    merge_output(&mut args.output, &loaded.config, given);
    let from_config = args.paths.is_empty();
    if from_config {
        args.paths.clone_from(&loaded.config.programs);
    }
    if args.paths.is_empty() {
        return Err(missing("check", "<PROGRAM>...", "program", &loaded));
    }
    loaded.say_paths("programs", &args.paths, from_config);
    loaded.exclude(&mut args.exclude);
    Ok(args)
}

/// `mentor validate`'s arguments under the configuration.
pub(super) fn validate(
    mut args: ValidateArgs,
    given: &Given,
    color: bool,
) -> Result<ValidateArgs, ExitStatus> {
    let loaded = Loaded::read(&args.config, Some(&args.output), color)?;
    loaded.say_config();
    merge_output(&mut args.output, &loaded.config, given);
    merge_cohort(&mut args.cohort, &loaded, "validate", color)?;
    let exceptions_from_config = args.exceptions.is_none() && loaded.config.exceptions.is_some();
    if exceptions_from_config {
        args.exceptions.clone_from(&loaded.config.exceptions);
    }
    let baseline_from_config = args.baseline.is_none() && loaded.config.baseline.is_some();
    if baseline_from_config {
        args.baseline.clone_from(&loaded.config.baseline);
    }
    if loaded.verbose {
        let origin = |from_config: bool| {
            if from_config {
                " (from the config)"
            } else {
                ""
            }
        };
        let exceptions = match &args.exceptions {
            Some(path) => format!("{}{}", shown_path(path), origin(exceptions_from_config)),
            None => match source::find_config(DEFAULT_EXCEPTIONS).found {
                Some(found) => format!("{} (found by name)", shown_path(&found)),
                None => "none".to_owned(),
            },
        };
        loaded.say("exceptions", &exceptions);
        let baseline = match (&args.baseline, &args.write_baseline) {
            (_, Some(path)) => format!("{} (to be written)", shown_path(path)),
            (Some(path), None) => format!("{}{}", shown_path(path), origin(baseline_from_config)),
            (None, None) => "none".to_owned(),
        };
        loaded.say("baseline", &baseline);
    }
    Ok(args)
}

/// `mentor report`'s arguments under the configuration: its programs, logs and `[report]`.
pub(super) fn report(
    mut args: ReportArgs,
    given: &Given,
    color: bool,
) -> Result<ReportArgs, ExitStatus> {
    let loaded = Loaded::read(&args.config, None, color)?;
    loaded.say_config();
    merge_cohort(&mut args.cohort, &loaded, "report", color)?;
    if !given.on_command_line("min_group")
        && let Some(min_group) = loaded.config.min_group
    {
        args.min_group = min_group;
    }
    if args.exceptions.is_none() {
        args.exceptions.clone_from(&loaded.config.exceptions);
    }
    Ok(args)
}

/// `mentor status`'s arguments under the configuration: its programs, logs and exceptions
/// file, as `report` reads them.
pub(super) fn status(mut args: StatusArgs, color: bool) -> Result<StatusArgs, ExitStatus> {
    let loaded = Loaded::read(&args.config, None, color)?;
    loaded.say_config();
    merge_cohort(&mut args.cohort, &loaded, "status", color)?;
    if args.exceptions.is_none() {
        args.exceptions.clone_from(&loaded.config.exceptions);
    }
    Ok(args)
}

/// `mentor test`'s programs under the configuration: `--program`, else the file's `program`;
/// with neither, each case is checked against the programs nearest above it. Nothing else of the
/// file applies: tests are hermetic.
/// `mentor diff` judges logs as `validate` does: the file's exceptions, `exclude` globs and
/// `deny-warnings` apply (OLD, NEW and `--logs` are always given on the command line).
pub(super) fn diff(mut args: DiffArgs, color: bool) -> Result<DiffArgs, ExitStatus> {
    let loaded = Loaded::read(&args.config, None, color)?;
    loaded.say_config();
    if args.exceptions.is_none() {
        args.exceptions.clone_from(&loaded.config.exceptions);
    }
    args.deny_warnings |= loaded.config.deny_warnings.unwrap_or(false);
    loaded.exclude(&mut args.exclude);
    Ok(args)
}

pub(super) fn test(mut args: TestArgs, color: bool) -> Result<TestArgs, ExitStatus> {
    let loaded = Loaded::read(&args.config, None, color)?;
    loaded.say_config();
    let from_config = args.programs.is_empty();
    if from_config {
        args.programs.clone_from(&loaded.config.programs);
    }
    if args.programs.is_empty() {
        loaded.say(
            "programs",
            "the `.mentor` files of the nearest directory above each case",
        );
    } else {
        loaded.say_paths("programs", &args.programs, from_config);
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum as _;

    use super::Format;
    use crate::config::FORMATS;

    #[test]
    fn the_config_knows_every_format_the_command_line_does() {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| Some(f.to_possible_value()?.get_name().to_owned()))
            .collect();
        assert_eq!(names, FORMATS);
    }
}
