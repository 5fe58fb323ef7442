//! `mentor check PROGRAM...`: parse, resolve and check programs.

use std::path::{Path, PathBuf};

use clap::Args;

use super::output::{Finished, OutputArgs};
use crate::check::program::check_loaded;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::Program;
use crate::render::{Summary, TestCase};
use crate::resolve::{Loaded, load, resolve_source};
use crate::rules;
use crate::source::{self, Sources, Span};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// `.mentor` files, directories searched for them, or `-` for stdin (imports are then
    /// relative to the working directory)
    #[arg(required = true, value_name = "PROGRAM")]
    paths: Vec<PathBuf>,

    #[command(flatten)]
    output: OutputArgs,
}

pub fn run(args: CheckArgs, color: bool) -> u8 {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let files = expand_paths(&args.paths, &mut sources, &mut diagnostics);
    let mut cases = Vec::new();
    for path in &files {
        let first_source = sources.len();
        check_file(path, &mut sources, &mut diagnostics);
        if first_source < sources.len() {
            let source = sources.ids().nth(first_source);
            cases.extend(source.map(|source| TestCase {
                name: path.display().to_string(),
                source,
                span: None,
            }));
        }
    }
    let finished = Finished::new(
        &sources,
        diagnostics,
        |d| Summary::count(files.len(), d),
        cases,
        args.output.deny_warnings,
    );
    finished.emit(&args.output, color)
}

/// Loads and checks one `.mentor` file; returns the program if the file holds one.
pub fn check_file(
    path: &Path,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Option<Program> {
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

/// A program on standard input, as `<stdin>`; its imports are relative to the working
/// directory.
fn load_stdin(sources: &mut Sources, diagnostics: &mut Diagnostics) -> Loaded {
    let bytes = match source::read_limited(std::io::stdin().lock(), source::MAX_FILE_BYTES) {
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

/// Why `path` is not read as a program, decided from names before a byte is read: programs
/// are `.mentor` files, and the file a name leads to must be one too. A link
/// `programs/x.mentor` to `/proc/self/environ`, committed to a repository whose CI runs
/// `mentor check programs/`, would otherwise print the CI's environment in a snippet of its
/// syntax errors. A path that does not exist, or a directory, is left to the read, which
/// reports it as such.
pub fn not_a_program_file(path: &Path) -> Option<String> {
    let is_mentor = |path: &Path| path.extension().is_some_and(|e| e == "mentor");
    if path.is_dir() || !path.exists() {
        return None;
    }
    if !is_mentor(path) {
        return Some(
            "it is not a `.mentor` file; programs are read from `.mentor` files only (or `-`, \
             standard input)"
                .to_owned(),
        );
    }
    match path.canonicalize() {
        Ok(target) if !is_mentor(&target) => Some(format!(
            "it leads to `{}`, which is not a `.mentor` file",
            target.display()
        )),
        _ => None,
    }
}

/// Files named on the command line, with directories searched (sorted) for `*.mentor`. A file
/// that is not a `.mentor` file (see [`not_a_program_file`]) is reported and left out.
pub fn expand_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let (found, errors) =
                source::find_files(path, &|p| p.extension().is_some_and(|e| e == "mentor"));
            for (dir, error) in errors {
                let name = dir.display().to_string();
                diagnostics.push(source::unreadable(sources, &name, &error.to_string()));
            }
            if found.is_empty() {
                let name = path.display().to_string();
                let id = sources.add(name.clone(), "");
                diagnostics.push(Diagnostic::new(
                    &rules::UNREADABLE_FILE,
                    format!("no `.mentor` file in directory `{name}`"),
                    Label::bare(Span::new(id, 0..0)),
                ));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files.retain(|file| {
        if file.as_os_str() == "-" {
            return true;
        }
        let Some(reason) = not_a_program_file(file) else {
            return true;
        };
        let name = file.display().to_string();
        diagnostics.push(source::unreadable(sources, &name, &reason));
        false
    });
    // A file named twice (or inside a directory also named) is checked once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    files
}
