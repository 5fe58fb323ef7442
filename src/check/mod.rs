//! The front door into the pipeline. Every caller outside `check` (the CLI, the language
//! server, the cohort report, benches, fuzz targets and the API tests) comes in here, so "parse
//! → resolve → check" is written once and `mentor check`, `mentor validate`, the report and the
//! editor cannot disagree about a file. As with cedar's `Validator::validate` and just's
//! `Compiler::compile`, each entry returns what it found as a value and pushes the diagnostics
//! into the caller's sink.
//!
//! - [`check_program_file`], [`check_program_source`]: one `.mentor` file, from a path or from
//!   a source already in [`Sources`] (an editor's unsaved buffer), as a [`ProgramCheck`].
//! - [`load_programs`]: the programs `--program` names, with the rules that span them (two
//!   programs with one id and version, no program at all); [`same_edition`] is the first of
//!   those, which `mentor check` asks of the programs it checks together.
//! - [`Validator`]: logs against those programs, one at a time ([`Validator::validate`]) and
//!   the rule that spans logs ([`Validator::unique_pairs`], `L034`).
//! - [`check_playbook_program`], [`find_track`]: what `mentor playbook` needs of a program.
//!
//! The rules live in [`program`] (`P` codes a program breaks on its own) and [`log`] (`L`
//! codes). This module makes only the codes that need more than one file or a command's
//! request: `P001` for two programs with one id, `F001` for no program at all, `P015` and `P002`
//! for `mentor playbook`. It prints nothing; what it reads, it reads through `source`.

pub(crate) mod log;
pub(crate) mod program;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

pub use crate::rules::Selection;

use crate::diagnostic::{Diagnostic, Diagnostics, Label, Severity};
use crate::exceptions::Exceptions;
use crate::log::Log;
use crate::model::{Program, Track};
use crate::resolve::{Loaded, load, resolve_source};
use crate::rules;
use crate::source::{self, SourceId, Sources, Span, expand_program_paths, not_a_program_file};
use crate::words::unknown_id_help;

/// What checking one `.mentor` file found. Its diagnostics are in the caller's sink; this says
/// what they mean, so no caller counts them.
#[derive(Debug)]
pub struct ProgramCheck {
    /// The program the file declares, checked (problems and all). `None` for a library, a file
    /// that could not be read, or one that declares nothing.
    pub program: Option<Program>,
    /// The file, or a library it imports, has syntax errors. The program checks were then
    /// skipped: items that could not be read are missing from the model, and checking what is
    /// left would report false gaps and overlaps. (Like `has_errors`, it sees only what this
    /// check pushed: a library already read into the same sink is not parsed again.)
    pub syntax_errors: bool,
    /// Some diagnostic this check pushed is an error, after the program's own `severity`
    /// lines: the program should not be used to judge logs or print a playbook. (A library's
    /// error already pushed by an earlier check into the same sink is not pushed again, so
    /// callers that need it per file give each file a sink of its own, as the LSP does.)
    pub has_errors: bool,
}

/// Reads, parses, resolves and checks the `.mentor` file at `path` and everything it imports;
/// `-` is standard input, its imports relative to the working directory. A path that is not a
/// `.mentor` file (see [`not_a_program_file`]) is reported (`F001`) and not read.
///
/// Guarantees: every problem is a diagnostic in `diagnostics` (nothing is printed, nothing
/// panics on any input); the program checks run exactly when the text parsed, so `mentor check`
/// and the language server give the same findings for the same text.
pub fn check_program_file(
    path: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> ProgramCheck {
    let before = diagnostics.len();
    let loaded = if path.as_os_str() == "-" {
        load_stdin(sources, diagnostics)
    } else if let Some(reason) = not_a_program_file(path) {
        let name = path.display().to_string();
        diagnostics.push(source::unreadable(sources, &name, &reason));
        Loaded::Nothing
    } else {
        load(path, sources, diagnostics)
    };
    check_loaded(loaded, before, diagnostics)
}

/// [`check_program_file`] for a file already in `sources`, such as an editor's unsaved buffer:
/// imports are read relative to `base_dir`, and `canonical_path` (the file's own, when it has
/// one) lets an import cycle back to the file be seen.
///
/// Guarantees: the same findings as [`check_program_file`] on the same text.
pub fn check_program_source(
    source: SourceId,
    base_dir: &Path,
    canonical_path: Option<PathBuf>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> ProgramCheck {
    let before = diagnostics.len();
    let loaded = resolve_source(source, base_dir, canonical_path, sources, diagnostics);
    check_loaded(loaded, before, diagnostics)
}

/// The program checks after a load, and what the load found since `first_new`.
fn check_loaded(loaded: Loaded, first_new: usize, diagnostics: &mut Diagnostics) -> ProgramCheck {
    let syntax_errors = diagnostics
        .rules_since(first_new)
        .any(|rule| rule.stage == rules::Stage::Syntax);
    let program = program::check_loaded(loaded, first_new, diagnostics);
    let has_errors = diagnostics
        .iter()
        .skip(first_new)
        .any(|d| d.severity == Severity::Error);
    ProgramCheck {
        program,
        syntax_errors,
        has_errors,
    }
}

/// The program checks alone, on a model the caller resolved, run even when its text had syntax
/// errors. Only for the fuzz targets and the no-panic tests, which must drive every check on
/// models built from broken text; everything else comes through [`check_program_file`] or
/// [`check_program_source`], which skip the checks then.
///
/// Guarantees: pushes with the program's severities; never panics on any model `resolve`
/// builds, whatever `references_resolved` says.
pub fn check_model(program: &Program, references_resolved: bool, diagnostics: &mut Diagnostics) {
    program::check_program(program, references_resolved, diagnostics);
}

/// A program on standard input, as `<stdin>`; its imports are relative to the working
/// directory.
fn load_stdin(sources: &mut Sources, diagnostics: &mut Diagnostics) -> Loaded {
    let bytes = match source::read_stdin() {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(source::unreadable(sources, "<stdin>", &error.to_string()));
            return Loaded::Nothing;
        }
    };
    match source::decode(bytes, "<stdin>", sources) {
        Ok(id) => resolve_source(id, Path::new("."), None, sources, diagnostics),
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            Loaded::Nothing
        }
    }
}

/// The programs of a run, as [`load_programs`] found them.
#[derive(Debug)]
pub struct LoadedPrograms {
    /// Every program the paths hold, in path order; libraries are not among them.
    pub programs: Vec<Program>,
    /// Some diagnostic of the load is an error (a program's, `P001`, `F001`): logs judged
    /// against these programs would be noise.
    pub has_errors: bool,
}

/// Loads and checks every program the `--program` paths name ([`expand_program_paths`], then
/// [`check_program_file`] each). Guarantees: no two returned programs share an id and a
/// version (a second one is `P001`, pointing at the first, and left out, since logs are matched
/// by id and version); versions of one program are all kept; no program at all is `F001`.
pub fn load_programs(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> LoadedPrograms {
    let before = diagnostics.len();
    let files = expand_program_paths(paths, sources, diagnostics);
    let mut programs: Vec<Program> = Vec::new();
    for path in &files {
        let Some(program) = check_program_file(path, sources, diagnostics).program else {
            continue;
        };
        if let Some(duplicate) = same_edition(&programs, &program) {
            diagnostics.push(duplicate);
            continue;
        }
        programs.push(program);
    }
    if files.is_empty() {
        let id = sources.add("<programs>", "");
        diagnostics.push(Diagnostic::new(
            &rules::UNREADABLE_FILE,
            "no program to validate against",
            Label::bare(Span::new(id, 0..0)),
        ));
    }
    let has_errors = diagnostics
        .iter()
        .skip(before)
        .any(|d| d.severity == Severity::Error);
    LoadedPrograms {
        programs,
        has_errors,
    }
}

/// `P001` when `program` has the id and the version of one of `earlier`: versions of one
/// program may sit side by side (each log is checked against the one it names), but the same
/// version twice leaves no way to choose. `load_programs` and `mentor check` both ask.
pub fn same_edition(earlier: &[Program], program: &Program) -> Option<Diagnostic> {
    let first = earlier
        .iter()
        .find(|p| p.id == program.id && p.version == program.version)?;
    Some(duplicate_program(first, program))
}

fn duplicate_program(first: &Program, second: &Program) -> Diagnostic {
    let (message, help) = match &second.version {
        Some(version) => (
            format!("two programs are `{}` version `{version}`", second.id),
            "logs are checked against the program of the id and version they name; give the \
             newer file its own `version`, or remove the copy",
        ),
        None => (
            format!("two programs are called `{}`", second.id),
            "logs are matched to programs by id; give each program its own, or give each \
             version of one program its own `version`",
        ),
    };
    Diagnostic::new(
        &rules::DUPLICATE_ID,
        message,
        Label::new(second.span, "second program with this id and version"),
    )
    .with_label(Label::new(
        first.span,
        "first program with this id and version",
    ))
    .with_help(help)
}

/// The program `mentor playbook` prints: [`check_program_file`], and `P015` when the file
/// declares none without an error saying why (a library, or a file of comments), since a
/// library is printed as part of the programs that import it. Guarantees: `program` is
/// usable (`Some` and without errors) exactly when `has_errors` is false.
pub fn check_playbook_program(
    path: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> ProgramCheck {
    let mut checked = check_program_file(path, sources, diagnostics);
    if checked.program.is_none() && !checked.has_errors {
        let name = path.display().to_string();
        let first = sources.ids().next();
        let source = first.unwrap_or_else(|| sources.add(name.clone(), ""));
        diagnostics.push(
            Diagnostic::new(
                &rules::MISSING_PROGRAM,
                format!("`{name}` holds no program to print a playbook of"),
                Label::bare(Span::new(source, 0..0)),
            )
            .with_help("a library is printed as part of the programs that import it"),
        );
        checked.has_errors = true;
    }
    checked
}

/// The track `--track ID` names. An unknown id is `P002 unknown-reference` at the
/// program header, suggesting the closest track (or saying the program has none).
pub fn find_track<'p>(program: &'p Program, id: &str) -> Result<&'p Track, Box<Diagnostic>> {
    program
        .track(id)
        .ok_or_else(|| Box::new(unknown_track(program, id)))
}

/// `--track enginering`: points at the program header and suggests the closest track.
fn unknown_track(program: &Program, id: &str) -> Diagnostic {
    let ids = program.tracks.iter().map(|t| t.id.as_str());
    let (message, label) = if program.tracks.is_empty() {
        (
            format!("`--track {id}`: program `{}` has no tracks", program.id),
            "this program defines no track",
        )
    } else {
        (
            format!("`--track {id}` names no track of program `{}`", program.id),
            "the program whose tracks were searched",
        )
    };
    Diagnostic::new(
        &rules::UNKNOWN_REFERENCE,
        message,
        Label::new(program.span, label),
    )
    .with_help(if program.tracks.is_empty() {
        "leave out `--track` to print the program's own milestones".to_owned()
    } else {
        unknown_id_help("track", id, ids)
    })
}

/// Judges session logs against a run's programs, one log at a time, so a cohort's logs never
/// all sit in memory: each log is checked where it is parsed and can be dropped after.
///
/// Guarantees: a log is checked against exactly the program [`Validator::program_of`] finds,
/// with that program's severities; `as_of` stands in for "today", so the same inputs give the
/// same findings on any day.
#[derive(Debug)]
pub struct Validator {
    programs: Vec<Program>,
    /// The day deadlines are judged on.
    as_of: Date,
    /// Approved pauses and extensions (waivers apply to the findings afterwards).
    exceptions: Exceptions,
}

impl Validator {
    pub fn new(programs: Vec<Program>, as_of: Date) -> Validator {
        Validator {
            programs,
            as_of,
            exceptions: Exceptions::default(),
        }
    }

    /// Checks each pair with its approved pauses and extensions (see [`crate::exceptions`]).
    /// Entries naming a program or milestone the programs lack are reported (`C003`) into
    /// `diagnostics` and dropped.
    pub fn with_exceptions(
        mut self,
        mut exceptions: Exceptions,
        diagnostics: &mut Diagnostics,
    ) -> Validator {
        exceptions.resolve(&self.programs, diagnostics);
        self.exceptions = exceptions;
        self
    }

    /// The exceptions the logs are checked with.
    pub fn exceptions(&self) -> &Exceptions {
        &self.exceptions
    }

    /// The day deadlines are judged on.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The programs logs are checked against, in the order they were loaded.
    pub fn programs(&self) -> &[Program] {
        &self.programs
    }

    /// Where `program` (one [`Validator::validate`] returned) is among
    /// [`programs`](Validator::programs): what a run keeps per log instead of its id.
    pub fn position_of(&self, program: &Program) -> Option<usize> {
        self.programs.iter().position(|p| std::ptr::eq(p, program))
    }

    /// The program a log names, if it is among the programs. When several versions of it sit
    /// side by side, the one the log's `version` names, else the newest (and `L006` says so
    /// when the log names another version).
    pub fn program_of(&self, log: &Log) -> Option<&Program> {
        log::find_program(&self.programs, log)
    }

    /// Checks one log against the program it names and returns that program. A log naming no
    /// known program gets its shape problems with default severities and, when it names an id
    /// no program has, `L005` with the closest id suggested.
    pub fn validate(&self, log: &Log, diagnostics: &mut Diagnostics) -> Option<&Program> {
        log::check_matched(
            &self.programs,
            log,
            self.as_of,
            &self.exceptions,
            diagnostics,
        )
    }

    /// [`Validator::validate`] for logs already in memory, in parallel; their diagnostics come
    /// out in log order.
    pub fn validate_all(&self, logs: &[Log], diagnostics: &mut Diagnostics) {
        log::check_logs(
            &self.programs,
            logs,
            self.as_of,
            &self.exceptions,
            diagnostics,
        );
    }

    /// `L034`: two logs of one program that name the same pair. `pair_of` gives each log of
    /// `logs` (in input order) its program id, `pair` value and that value's span, when it was
    /// matched and names a pair; the later log is reported, pointing at the first.
    pub fn unique_pairs<'a, T>(
        &self,
        logs: &'a [T],
        pair_of: impl Fn(&'a T) -> Option<(&'a str, &'a str, Span)>,
        diagnostics: &mut Diagnostics,
    ) {
        log::check_unique_pairs(&self.programs, logs, pair_of, diagnostics);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OVERLAPPING_PHASES: &str =
        include_str!("../../tests/fixtures/check/P004-phases-share-session-3.mentor");
    const MISSPELLED_KEYWORD: &str =
        include_str!("../../tests/fixtures/check/S002-misspelled-keyword.mentor");

    fn check_text(text: &str) -> (ProgramCheck, Vec<&'static str>) {
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let id = sources.add("test.mentor", text);
        let checked =
            check_program_source(id, Path::new("."), None, &mut sources, &mut diagnostics);
        (checked, diagnostics.iter().map(|d| d.rule.code).collect())
    }

    #[test]
    fn a_program_that_parses_is_checked() {
        let (checked, codes) = check_text(OVERLAPPING_PHASES);
        assert!(checked.program.is_some());
        assert!(!checked.syntax_errors);
        assert!(checked.has_errors);
        assert_eq!(codes, ["P004"]);
    }

    #[test]
    fn syntax_errors_are_returned_and_the_program_checks_skipped() {
        // Without its misspelled phase, sessions 3 and 4 are in no phase: that `P005` would be
        // a false finding.
        let (checked, codes) = check_text(MISSPELLED_KEYWORD);
        assert!(checked.program.is_some());
        assert!(checked.syntax_errors);
        assert_eq!(codes, ["S002"]);
    }

    #[test]
    fn two_programs_with_one_id_keep_the_first() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for name in ["a.mentor", "b.mentor"] {
            std::fs::write(dir.path().join(name), OVERLAPPING_PHASES).expect("written");
        }
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let loaded = load_programs(&[dir.path().to_path_buf()], &mut sources, &mut diagnostics);
        assert_eq!(loaded.programs.len(), 1);
        assert!(loaded.has_errors);
        let p001: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.rule.code == "P001")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(p001, ["two programs are called `demo`"]);
    }

    #[test]
    fn no_program_at_all_is_reported() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let loaded = load_programs(&[dir.path().to_path_buf()], &mut sources, &mut diagnostics);
        assert!(loaded.programs.is_empty());
        assert!(loaded.has_errors);
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("no `.mentor` file in directory"));
        assert_eq!(messages[1], "no program to validate against");
    }

    #[test]
    fn an_unknown_track_suggests_none_when_the_program_has_none() {
        let (checked, _) = check_text(OVERLAPPING_PHASES);
        let program = checked.program.expect("a program");
        let unknown = find_track(&program, "engineering").expect_err("no such track");
        assert_eq!(unknown.rule.code, "P002");
        assert_eq!(
            unknown.message,
            "`--track engineering`: program `demo` has no tracks"
        );
    }
}
