//! Diagnostics as `mentor check` and `mentor validate` find them, turned into LSP diagnostics.
//!
//! A `.mentor` document is resolved from its unsaved text (imports read from disk, relative to
//! the document) and checked through the front door, as `mentor check` does
//! (`check::check_program_source`). A session log is validated with a `check::Validator` against
//! the program its `program` field names, found among the `.mentor` files of the log's
//! directory and its parents (up to the workspace root); open documents are read from the
//! editor, not the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url};

use super::position::{Encoding, LineIndex};
use crate::check::{self, Selection, Validator};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostic::{DefaultSeverities, Diagnostic, Diagnostics, Severity};
use crate::exceptions::{self, DEFAULT_EXCEPTIONS, Exceptions, LogRead};
use crate::log::{self, LogFormat};
use crate::model::Program;
use crate::source::{self, SourceId, Sources, Span};
use crate::syntax::lexer::program_id_hint;
use crate::syntax::{self, ast};
use crate::words::did_you_mean;

/// Diagnostics found for one document, with the sources their spans point into.
pub(super) struct Checked {
    pub sources: Sources,
    /// The document's own source.
    pub source: SourceId,
    pub diagnostics: Vec<Diagnostic>,
    /// Notes without a rule (why a log was not validated), at a span of the document.
    pub notes: Vec<(Span, String)>,
}

/// Checks the text of a `.mentor` document.
pub(super) fn check_mentor(text: &str, path: Option<&Path>, base_dir: &Path) -> Checked {
    let mut sources = Sources::new();
    let name = path.map_or_else(|| "<document>".to_owned(), |p| p.display().to_string());
    let source = sources.add(name, text);
    let mut diagnostics = Diagnostics::new();
    let canonical = path.map(source::canonical);
    check::check_program_source(source, base_dir, canonical, &mut sources, &mut diagnostics);
    diagnostics.sort(&sources);
    Checked {
        sources,
        source,
        diagnostics: diagnostics.into_vec(),
        notes: Vec::new(),
    }
}

/// Where to look for programs, and how to read a file (the editor's text when it is open).
pub(super) struct Workspace<'a> {
    pub roots: &'a [PathBuf],
    pub read: &'a dyn Fn(&Path) -> Option<String>,
    /// What a `.mentor` file declares, which the server remembers for a file on disk until its
    /// size or modification time changes: the programs beside a log are looked at on every
    /// edit of the log, and a big one that the log does not name must not be read every time.
    pub header: &'a dyn Fn(&Path) -> Option<Header>,
}

/// What a `.mentor` file declares, enough to pass over a file a log does not need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Header {
    /// A line starts `program ID`.
    Names(String),
    /// It declares a program no line start names.
    Program,
    /// It declares no program: a library, or text that does not parse.
    NoProgram,
}

impl Header {
    pub(super) fn of(text: &str) -> Header {
        match program_id_hint(text) {
            Some(id) => Header::Names(id.to_owned()),
            None if declares_program(text) => Header::Program,
            None => Header::NoProgram,
        }
    }
}

/// At most this many diagnostics are published for one document, the most the CLI shows for
/// one file: a document of a million bad lines would otherwise be one message of 120 MiB.
pub(super) const MAX_PUBLISHED: usize = crate::render::MAX_DIAGNOSTICS_PER_UNIT;

/// How many directories above a log are searched when it is in no workspace folder.
const PARENTS_OUTSIDE_WORKSPACE: usize = 3;

/// Validates the text of a log file. Returns `None` when the file does not look like a
/// session log (a JSON or TOML file that names no program), so unrelated files stay quiet.
pub(super) fn check_log_file(
    text: &str,
    path: &Path,
    format: LogFormat,
    workspace: &Workspace<'_>,
    as_of: Date,
) -> Option<Checked> {
    let mut sources = Sources::new();
    let source = sources.add(path.display().to_string(), text);
    let mut diagnostics = Diagnostics::new();
    let logs = log::parse_logs(&sources, source, format, &mut diagnostics);
    let names_a_program = logs.iter().any(|l| l.program.is_some());
    let may_be_a_broken_log = logs.is_empty() && text.contains("program");
    if !(names_a_program || may_be_a_broken_log) {
        return None;
    }
    let mut notes = Vec::new();
    let wanted: Vec<&str> = logs.iter().filter_map(|l| l.program_id()).collect();
    let found = find_programs(path, &wanted, workspace, &mut sources);
    let Found {
        programs,
        broken,
        other_ids,
    } = found;
    // The exceptions of the cohort apply in the editor as in `mentor validate`: pauses and
    // extensions move what the rules find, and a waived finding is not shown. What is wrong
    // with the exceptions file itself belongs to that file, not to this log.
    let exceptions = read_exceptions(path, workspace, &mut sources);
    let mut about_the_exceptions = Diagnostics::new();
    let validator =
        Validator::new(programs, as_of).with_exceptions(exceptions, &mut about_the_exceptions);
    for log in &logs {
        match validator.program_of(log) {
            Some(program) if broken.contains(&program.id) => {
                for problem in &log.problems {
                    diagnostics.push_with(&DefaultSeverities, problem.clone());
                }
                let span = log.program.as_ref().map_or(log.span, |p| p.span);
                notes.push((
                    span,
                    format!(
                        "not validated: program `{}` ({}) has errors; `mentor check` it",
                        program.id,
                        sources.name(program.source)
                    ),
                ));
            }
            None if validator.programs().is_empty() => {
                for problem in &log.problems {
                    diagnostics.push_with(&DefaultSeverities, problem.clone());
                }
                if let Some(program) = &log.program {
                    let suggestion =
                        did_you_mean(&program.value, other_ids.iter().map(String::as_str))
                            .map_or_else(String::new, |id| format!("; did you mean `{id}`?"));
                    notes.push((
                        program.span,
                        format!(
                            "not validated: no `.mentor` file in this directory or above it declares program `{}`{suggestion}",
                            program.value
                        ),
                    ));
                }
            }
            _ => {
                validator.validate(log, &mut diagnostics);
            }
        }
    }
    let logs_read = || -> Vec<LogRead> {
        logs.iter()
            .filter_map(|log| {
                Some(LogRead {
                    program: validator.program_of(log).map(|p| p.id.as_str()),
                    pair: log.pair.as_ref()?.value.as_str(),
                })
            })
            .collect()
    };
    let mut diagnostics = exceptions::apply(
        validator.exceptions(),
        diagnostics,
        &logs_read,
        as_of,
        &Selection::default(),
    )
    .findings;
    diagnostics.retain(|d| d.primary.span.source == source);
    diagnostics.sort(&sources);
    Some(Checked {
        sources,
        source,
        diagnostics: diagnostics.into_vec(),
        notes,
    })
}

/// The exceptions file of the log's cohort, found as `mentor validate` run from the log's
/// directory finds it: the one the nearest `mentor.toml` names, else the nearest
/// `mentor-exceptions.toml` (the log's directory or a parent, searched like programs). Read from
/// the editor when it is open; none when there is none.
fn read_exceptions(
    log_path: &Path,
    workspace: &Workspace<'_>,
    sources: &mut Sources,
) -> Exceptions {
    let above =
        |name: &str| source::file_above(log_path, name, workspace.roots, PARENTS_OUTSIDE_WORKSPACE);
    let named_by_config = above(CONFIG_FILE).and_then(|config_path| {
        let text = (workspace.read)(&config_path)?;
        let id = sources.add(config_path.display().to_string(), text);
        let dir = config_path.parent().unwrap_or(Path::new("."));
        Config::read(sources, id, dir, &mut Diagnostics::new())?.exceptions
    });
    let Some(path) = named_by_config.or_else(|| above(DEFAULT_EXCEPTIONS)) else {
        return Exceptions::default();
    };
    let Some(text) = (workspace.read)(&path) else {
        return Exceptions::default();
    };
    let id = sources.add(path.display().to_string(), text);
    exceptions::read(sources, id, &mut Diagnostics::new())
}

/// The programs a log's directory and its parents hold.
struct Found {
    /// The programs with an id a log names, nearest first.
    programs: Vec<Program>,
    /// The ids of those with errors: their logs are not validated, as with `validate`.
    broken: Vec<String>,
    /// The ids of the other programs, for "did you mean".
    other_ids: Vec<String>,
}

/// Loads the programs in `.mentor` files of the log's directory and its parents whose id is
/// `wanted`.
fn find_programs(
    log_path: &Path,
    wanted: &[&str],
    workspace: &Workspace<'_>,
    sources: &mut Sources,
) -> Found {
    let mut found = Found {
        programs: Vec::new(),
        broken: Vec::new(),
        other_ids: Vec::new(),
    };
    for (dir, files) in
        source::program_files_above(log_path, workspace.roots, PARENTS_OUTSIDE_WORKSPACE)
    {
        for file in files {
            // Parsing a large program only to learn that no log names it would cost every
            // keystroke in the log: a program whose header names another id is skipped.
            match (workspace.header)(&file) {
                None | Some(Header::NoProgram) => continue,
                Some(Header::Names(id)) if !wanted.contains(&id.as_str()) => {
                    found.other_ids.push(id);
                    continue;
                }
                Some(_) => {}
            }
            let Some(text) = (workspace.read)(&file) else {
                continue;
            };
            if !declares_program(&text) {
                continue; // Changed since its header was read.
            }
            let source = sources.add(file.display().to_string(), text);
            let mut problems = Diagnostics::new();
            let checked = check::check_program_source(
                source,
                &dir,
                Some(source::canonical(&file)),
                sources,
                &mut problems,
            );
            if let Some(program) = checked.program {
                if checked.has_errors {
                    found.broken.push(program.id.clone());
                }
                found.programs.push(program);
            }
        }
    }
    found
}

fn declares_program(text: &str) -> bool {
    let mut scratch = Sources::new();
    let source = scratch.add("", text);
    let file = syntax::parse(source, text, &mut Diagnostics::new());
    file.items
        .iter()
        .any(|item| matches!(item, ast::TopItem::Program(_)))
}

/// Turns checked diagnostics into LSP diagnostics of the document `uri`. A diagnostic whose
/// primary place is in another file (an imported library) is shown at `elsewhere`, the line
/// that brought that file in, with the real place as related information.
pub(super) fn to_lsp(
    checked: &Checked,
    uri: &Url,
    encoding: Encoding,
    elsewhere: &dyn Fn(&Path) -> std::ops::Range<usize>,
) -> Vec<lsp_types::Diagnostic> {
    let mut indexes: HashMap<SourceId, LineIndex> = HashMap::new();
    let mut range = |span: Span| {
        let text = checked.sources.text(span.source);
        let index = indexes
            .entry(span.source)
            .or_insert_with(|| LineIndex::new(text));
        index.range(text, span.range(), encoding)
    };
    let location_uri = |source: SourceId| {
        if source == checked.source {
            Some(uri.clone())
        } else {
            file_uri(Path::new(checked.sources.name(source)))
        }
    };
    let mut out = Vec::new();
    for d in checked.diagnostics.iter().take(MAX_PUBLISHED) {
        let mut message = d.message.clone();
        let mut related = Vec::new();
        let primary = if d.primary.span.source == checked.source {
            d.primary.span
        } else {
            let name = checked.sources.name(d.primary.span.source);
            message = format!("in `{name}`: {message}");
            if let Some(uri) = location_uri(d.primary.span.source) {
                related.push(DiagnosticRelatedInformation {
                    location: Location::new(uri, range(d.primary.span)),
                    message: d.primary.text.as_deref().unwrap_or(&d.message).to_owned(),
                });
            }
            Span::new(checked.source, elsewhere(Path::new(name)))
        };
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for label in &d.secondary {
            if let Some(uri) = location_uri(label.span.source) {
                related.push(DiagnosticRelatedInformation {
                    location: Location::new(uri, range(label.span)),
                    message: label.text.as_deref().unwrap_or_default().to_owned(),
                });
            }
        }
        out.push(lsp_types::Diagnostic {
            range: range(primary),
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.rule.code.to_owned())),
            code_description: None,
            source: Some("mentor".to_owned()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        });
    }
    if let Some(first_hidden) = checked.diagnostics.get(MAX_PUBLISHED) {
        let hidden = checked.diagnostics.len() - MAX_PUBLISHED;
        let span = if first_hidden.primary.span.source == checked.source {
            first_hidden.primary.span
        } else {
            Span::new(checked.source, 0..0)
        };
        out.push(lsp_types::Diagnostic {
            range: range(span),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some("mentor".to_owned()),
            message: format!(
                "{hidden} more {} not shown from here on: at most {MAX_PUBLISHED} per file, as `mentor check` shows",
                if hidden == 1 { "problem" } else { "problems" }
            ),
            ..Default::default()
        });
    }
    for (span, note) in &checked.notes {
        out.push(lsp_types::Diagnostic {
            range: range(*span),
            severity: Some(DiagnosticSeverity::INFORMATION),
            source: Some("mentor".to_owned()),
            message: note.clone(),
            ..Default::default()
        });
    }
    out
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Advice => DiagnosticSeverity::INFORMATION,
    }
}

/// The `file:` URI of a path (made absolute against the working directory).
pub(super) fn file_uri(path: &Path) -> Option<Url> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    Url::from_file_path(absolute).ok()
}
