//! `mentor test [CASE_OR_DIR...]`: a program's expected-findings tests (`docs/testing.md`). Each
//! case is a log whose comments (or, for JSON, a sidecar `NAME.json.expect`) say which findings
//! it must produce as of a fixed day; the case is checked against its program and the table says
//! which cases pass. `--update` rewrites the expectations of failing cases so they pass.
//!
//! Tests are hermetic: no exceptions file, baseline or rule selection applies, only the
//! program's own severities. Exit status: 0 every case passes (or was updated), 1 a case fails,
//! 2 a case could not be run (unreadable, a directive that cannot be read, no day to check it
//! as of, its program has errors or cannot be found, an update that could not be written).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::output::print_to_stderr;
use super::writing::write_file;
use super::{ExitStatus, shown_path, write_stdout};
use crate::check::{Validator, load_programs};
use crate::diagnostic::Diagnostics;
use crate::expectations::{
    self, CaseResult, Comparison, Directives, Finding, Home, Verdict, compare, plan_update,
    read_sidecar, read_toml_case,
};
use crate::log::{self, LogFormat, LogInput, LogPath};
use crate::model::Program;
use crate::render::visible::visible_line;
use crate::render::{self, render_test_json, render_test_table};
use crate::source::{self, SourceId, Sources, Span};
use crate::words;

#[derive(Debug, Args)]
pub(super) struct TestArgs {
    /// Test cases (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml` logs with their expectations) and directories
    /// searched for them, as log directories are searched
    #[arg(value_name = "CASE_OR_DIR", default_value = ".")]
    pub(super) paths: Vec<PathBuf>,

    /// A `.mentor` program, or a directory of them, to check every case against; repeatable.
    /// Default: `program` in `mentor.toml`, else the `.mentor` files of the nearest directory
    /// above each case that holds any
    #[arg(long = "program", short = 'p', value_name = "FILE_OR_DIR")]
    pub(super) programs: Vec<PathBuf>,

    /// The day a case without an `# as-of:` line is checked as of (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = super::date_arg)]
    as_of: Option<Date>,

    /// Rewrite the expectations of failing cases so they pass, and say what changed
    #[arg(long)]
    update: bool,

    /// A table for people, or JSON
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,

    #[command(flatten)]
    pub(super) config: super::config::ConfigArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    Human,
    Json,
}

pub(super) fn run(args: TestArgs, color: bool) -> ExitStatus {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        eprintln!(
            "error: `mentor test` reads its cases from files: standard input (`-`) has no \
             directory to find its program in and cannot be updated"
        );
        return ExitStatus::CouldNotCheck;
    }
    let mut sources = Sources::new();
    let mut unreadable = Diagnostics::new();
    let mut cases: Vec<PathBuf> = log::find_log_paths(
        &args.paths,
        &source::WalkOptions::new(),
        &mut sources,
        &mut unreadable,
    )
    .into_iter()
    .filter_map(|found| match found {
        // The walk of the default `.` names `./x.toml`; the table says `x.toml`.
        LogPath::File(path) => Some(match path.strip_prefix(".") {
            Ok(inside) if !inside.as_os_str().is_empty() => inside.to_path_buf(),
            _ => path,
        }),
        LogPath::Stdin => None,
    })
    .collect();
    cases.sort_by_cached_key(|path| path.display().to_string());

    let mut programs = Programs::new(args.programs.clone(), color);
    let mut results = Vec::new();
    // Logs a directory walk finds without a directive are not cases (the example logs beside
    // the cases, fixtures of other tools): counted, not run. A file named on the command line
    // is always a case.
    let mut not_cases = 0;
    for path in &cases {
        let name = path.display().to_string();
        let id = match source::read_file(path, &name, &mut sources) {
            Ok(id) => id,
            Err(diagnostic) => {
                log::mask_undecoded(&mut sources, &diagnostic, LogFormat::from_extension(path));
                unreadable.push(*diagnostic);
                continue;
            }
        };
        if !args.paths.iter().any(|named| named == path) && !has_directives(path, id, &sources) {
            not_cases += 1;
            continue;
        }
        let verdict = run_case(path, id, &args, &mut programs, &mut sources);
        results.push(CaseResult {
            case: name,
            verdict,
        });
    }

    // A file that could not be read (or a directory with no case) is not a case: it is shown
    // on stderr, and the table lists the cases that could be read.
    let status = if unreadable.is_empty() {
        ExitStatus::Clean
    } else {
        unreadable.sort(&sources);
        eprint!(
            "{}",
            render::render_human(&unreadable.into_vec(), &sources, color)
        );
        ExitStatus::CouldNotCheck
    };
    // Logs and no case: every case lost its `# as-of:`, or the wrong directory was named. A run
    // that tested nothing must not pass.
    let status = if results.is_empty() && not_cases > 0 {
        eprintln!(
            "error: no test case among {}: a case has an `# as-of:` or `# expect:` comment, \
             or a `.expect` sidecar (docs/testing.md)",
            words::count(not_cases as u64, "log", "logs")
        );
        status.max(ExitStatus::CouldNotCheck)
    } else {
        status
    };
    write_results(&results, not_cases, args.format);
    results
        .iter()
        .map(|result| match result.verdict {
            Verdict::Passed | Verdict::Updated(_) => ExitStatus::Clean,
            Verdict::Failed(_) => ExitStatus::Violations,
            Verdict::Error { .. } => ExitStatus::CouldNotCheck,
        })
        .fold(status, ExitStatus::max)
}

fn write_results(results: &[CaseResult], not_cases: usize, format: TestFormat) {
    write_stdout(&match format {
        TestFormat::Human => render_test_table(results, not_cases),
        TestFormat::Json => render_test_json(results, not_cases),
    });
}

/// Whether the log at `path` says it is a case: a directive in its comments (`# as-of:`,
/// `# expect:`, well formed or not), or, for JSON and JSON Lines, a sidecar beside it.
fn has_directives(path: &Path, id: SourceId, sources: &Sources) -> bool {
    let text = sources.text(id);
    match LogFormat::from_extension(path).unwrap_or_else(|| LogFormat::sniff(text)) {
        LogFormat::Toml => {
            let directives = read_toml_case(text);
            directives.as_of.is_some()
                || !directives.expects.is_empty()
                || !directives.errors.is_empty()
        }
        LogFormat::Json | LogFormat::JsonLines | LogFormat::Yaml | LogFormat::Csv => {
            source::is_regular_file(&sidecar_of(path))
        }
    }
}

/// Where a case's expectations were read from.
enum ExpectationsFile {
    /// Its own comments (a TOML case).
    Case,
    /// A JSON case's sidecar, which may not exist yet.
    Sidecar {
        path: PathBuf,
        source: Option<SourceId>,
    },
}

/// Runs one case, and with `--update` rewrites its expectations if it fails.
fn run_case(
    path: &Path,
    id: SourceId,
    args: &TestArgs,
    programs: &mut Programs,
    sources: &mut Sources,
) -> Verdict {
    let format =
        LogFormat::from_extension(path).unwrap_or_else(|| LogFormat::sniff(sources.text(id)));
    let case = match read_expectations(path, id, format, sources) {
        Ok(case) => case,
        Err(verdict) => return verdict,
    };
    let Some(as_of) = case.directives.as_of.or(args.as_of) else {
        let fix = match &case.file {
            ExpectationsFile::Case => "add a line `# as-of: YYYY-MM-DD` to the case".to_owned(),
            ExpectationsFile::Sidecar { path, .. } => {
                format!("add a line `# as-of: YYYY-MM-DD` to `{}`", shown_path(path))
            }
        };
        return Verdict::Error {
            problem: format!("no day to check the case as of: {fix}, or pass --as-of"),
            more: 0,
        };
    };
    let validator = match programs.validator(path, as_of, sources) {
        Ok(validator) => validator,
        Err(problem) => return Verdict::Error { problem, more: 0 },
    };
    let found = expectations::findings(validator, sources, LogInput { source: id, format });
    let comparison = compare(&case.directives.expected(), &found);
    if comparison.passed() {
        Verdict::Passed
    } else if args.update {
        update(&case, &comparison, &found, validator, sources)
    } else {
        Verdict::Failed(comparison)
    }
}

/// A case's log and its expectations, read.
struct Case<'p> {
    path: &'p Path,
    source: SourceId,
    format: LogFormat,
    /// How many lines the log has (a sidecar's `at line N` must be one of them).
    log_lines: usize,
    directives: Directives,
    file: ExpectationsFile,
}

/// The directives of the case at `path`: its comments (TOML) or its sidecar (JSON, JSON Lines;
/// none expects nothing). A directive that cannot be read, or a sidecar that cannot, is the
/// case's `Err` verdict.
fn read_expectations<'p>(
    path: &'p Path,
    id: SourceId,
    format: LogFormat,
    sources: &mut Sources,
) -> Result<Case<'p>, Verdict> {
    let log_lines = expectations::line_count(sources.text(id));
    let (directives, file, directives_source) = match format {
        LogFormat::Toml => (
            read_toml_case(sources.text(id)),
            ExpectationsFile::Case,
            Some(id),
        ),
        // YAML has comments, but `--update` rewrites TOML comments only: a YAML case keeps
        // its expectations beside it, as JSON does.
        LogFormat::Json | LogFormat::JsonLines | LogFormat::Yaml | LogFormat::Csv => {
            let sidecar = sidecar_of(path);
            if source::is_regular_file(&sidecar) {
                let name = sidecar.display().to_string();
                let sidecar_id =
                    source::read_file(&sidecar, &name, sources).map_err(|d| Verdict::Error {
                        problem: d.message,
                        more: 0,
                    })?;
                (
                    read_sidecar(sources.text(sidecar_id), log_lines),
                    ExpectationsFile::Sidecar {
                        path: sidecar,
                        source: Some(sidecar_id),
                    },
                    Some(sidecar_id),
                )
            } else {
                let file = ExpectationsFile::Sidecar {
                    path: sidecar,
                    source: None,
                };
                (Directives::default(), file, None)
            }
        }
    };
    if let Some(source) = directives_source
        && !directives.errors.is_empty()
    {
        return Err(directive_errors(&directives, source, sources, &file));
    }
    Ok(Case {
        path,
        source: id,
        format,
        log_lines,
        directives,
        file,
    })
}

/// `--update`: plans the text that makes the failing case pass, reads and runs it again, and
/// only then writes it over the case or its sidecar.
fn update(
    case: &Case,
    comparison: &Comparison,
    found: &[Finding],
    validator: &Validator,
    sources: &mut Sources,
) -> Verdict {
    let (target, home_text, home) = match &case.file {
        ExpectationsFile::Case => (
            case.path.to_path_buf(),
            sources.text(case.source),
            Home::Case,
        ),
        ExpectationsFile::Sidecar { path, source } => (
            path.clone(),
            source.map_or("", |s| sources.text(s)),
            Home::Sidecar,
        ),
    };
    let (updated, changes) = plan_update(home_text, &case.directives, comparison, home);
    let passes = match home {
        Home::Case => {
            let again = read_toml_case(&updated);
            let updated_id = sources.add(case.path.display().to_string(), updated.clone());
            let input = LogInput {
                source: updated_id,
                format: case.format,
            };
            again.errors.is_empty()
                && compare(
                    &again.expected(),
                    &expectations::findings(validator, sources, input),
                )
                .passed()
        }
        Home::Sidecar => {
            let again = read_sidecar(&updated, case.log_lines);
            again.errors.is_empty() && compare(&again.expected(), found).passed()
        }
    };
    if !passes {
        // A log that does not parse may swallow a comment added to it (an unclosed string).
        return Verdict::Error {
            problem: "--update could not write expectations that make the case pass, and left \
                      it as it was; write them by hand"
                .to_owned(),
            more: 0,
        };
    }
    match write_file(&target, &updated) {
        Ok(()) => Verdict::Updated(changes),
        Err(error) => Verdict::Error {
            problem: format!("cannot write `{}`: {error}", shown_path(&target)),
            more: 0,
        },
    }
}

/// `pair.json` → `pair.json.expect`.
fn sidecar_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".expect");
    PathBuf::from(name)
}

/// Every directive that cannot be read, on stderr (`error: FILE:LINE:COL: …` and its help),
/// and the first as the case's row.
fn directive_errors(
    directives: &Directives,
    source: SourceId,
    sources: &Sources,
    file: &ExpectationsFile,
) -> Verdict {
    let name = visible_line(sources.name(source)).into_owned();
    let place = |offset: usize| sources.line_column(Span::new(source, offset..offset));
    for error in &directives.errors {
        let at = place(error.offset);
        eprintln!(
            "error: {name}:{}:{}: {}",
            at.line,
            at.column,
            visible_line(&error.message)
        );
        if let Some(help) = &error.help {
            eprintln!("  help: {}", visible_line(help));
        }
    }
    let first = directives.errors.first();
    let at = place(first.map_or(0, |e| e.offset));
    let mut problem = match file {
        ExpectationsFile::Case => format!("line {}, column {}: ", at.line, at.column),
        ExpectationsFile::Sidecar { .. } => {
            format!("{name}, line {}, column {}: ", at.line, at.column)
        }
    };
    if let Some(first) = first {
        problem.push_str(&first.message);
        if let Some(help) = &first.help {
            problem.push_str("; ");
            problem.push_str(help);
        }
    }
    Verdict::Error {
        problem,
        more: directives.errors.len().saturating_sub(1),
    }
}

/// The programs cases are checked against, each set loaded once, and a validator per set and
/// day.
struct Programs {
    /// `--program` (or `mentor.toml`'s `program`); empty: each case's nearest programs.
    given: Vec<PathBuf>,
    /// The working directory, where the search above a case stops when the case is inside it.
    working_directory: PathBuf,
    /// Each set of program paths loaded, with its programs (`None`: they have errors).
    loaded: Vec<(Vec<PathBuf>, Option<Vec<Program>>)>,
    validators: HashMap<(usize, Date), Validator>,
    color: bool,
}

impl Programs {
    fn new(given: Vec<PathBuf>, color: bool) -> Programs {
        Programs {
            given,
            working_directory: source::canonical(&std::env::current_dir().unwrap_or_default()),
            loaded: Vec::new(),
            validators: HashMap::new(),
            color,
        }
    }

    /// The validator of `case`'s programs as of `as_of`; `Err` says why there is none. A set
    /// with errors has them shown on stderr when it is first loaded.
    fn validator(
        &mut self,
        case: &Path,
        as_of: Date,
        sources: &mut Sources,
    ) -> Result<&Validator, String> {
        let paths = if self.given.is_empty() {
            self.nearest(case)?
        } else {
            self.given.clone()
        };
        let index = match self.loaded.iter().position(|(loaded, _)| *loaded == paths) {
            Some(index) => index,
            None => {
                let mut diagnostics = Diagnostics::new();
                let first_read = sources.len();
                let loaded = load_programs(&paths, sources, &mut diagnostics);
                let programs = if loaded.has_errors {
                    let files = sources.len() - first_read;
                    print_to_stderr(diagnostics, sources, self.color, files);
                    None
                } else {
                    Some(loaded.programs)
                };
                self.loaded.push((paths, programs));
                self.loaded.len() - 1
            }
        };
        let Some(programs) = &self.loaded[index].1 else {
            return Err(
                "its program has errors (shown on standard error), so it was not run".to_owned(),
            );
        };
        Ok(self
            .validators
            .entry((index, as_of))
            .or_insert_with(|| Validator::new(programs.clone(), as_of)))
    }

    /// The `.mentor` files of the nearest directory above `case` that holds any, up to the
    /// working directory (or the file-system root, for a case outside it), as paths from the
    /// working directory when they are inside it.
    fn nearest(&self, case: &Path) -> Result<Vec<PathBuf>, String> {
        let case = source::canonical(case);
        let roots = std::slice::from_ref(&self.working_directory);
        source::program_files_above(&case, roots, usize::MAX)
            .into_iter()
            .find(|(_, files)| !files.is_empty())
            .map(|(_, files)| {
                files
                    .into_iter()
                    .map(|file| match file.strip_prefix(&self.working_directory) {
                        Ok(inside) => inside.to_path_buf(),
                        Err(_) => file,
                    })
                    .collect()
            })
            .ok_or_else(|| {
                "no `.mentor` program in its directory or any directory above it; name one with \
                 --program"
                    .to_owned()
            })
    }
}
