//! Resolution: from the AST of a program file and the libraries it imports to a
//! [`model::Program`].
//!
//! Reads imported files (relative to the importing file), merges their lenses, competencies and
//! outcomes into the program, and resolves every id. Reports duplicate ids (`P001`), unknown
//! references (`P002`), repeated settings (`P003`), invalid dates (`P021`) and import problems
//! (`P016`–`P018`). Unknown references and duplicates are dropped from the model, so later stages
//! never see a dangling id. Whether the program makes sense is `check::program`'s business.
//!
//! `imports.rs` follows the `import` lines (also for the language server's index), `build.rs`
//! turns the merged syntax into the model, and `duplicates.rs` remembers the first declaration
//! of each id and the first of each setting.

mod build;
mod duplicates;
mod imports;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::Program;
use crate::rules;
use crate::source::{self, SourceId, Sources, Span};
use crate::syntax::{self, ast};
use build::Builder;
pub(crate) use imports::follow_imports;
pub use imports::{ImportCache, ImportProblem, Imported, locate_import};

/// What a `.mentor` file turned out to hold.
#[derive(Debug)]
pub enum Loaded {
    /// A program (possibly with problems, reported as diagnostics).
    Program(Box<Program>),
    /// A library of shared lenses, competencies and outcomes; checked, nothing to return.
    Library,
    /// The file could not be read, or holds neither a program nor a library.
    Nothing,
}

/// Reads, parses and resolves the `.mentor` file at `path` and everything it imports.
pub fn load(path: &Path, sources: &mut Sources, diagnostics: &mut Diagnostics) -> Loaded {
    let display = path.display().to_string();
    let source = match source::read_file(path, &display, sources) {
        Ok(id) => id,
        Err(diagnostic) => {
            diagnostics.push(*diagnostic);
            return Loaded::Nothing;
        }
    };
    let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let canonical = crate::source::canonical(path);
    resolve_source(source, &base_dir, Some(canonical), sources, diagnostics)
}

/// Resolves a file already in `sources` (the language server passes unsaved text this way).
/// Imports are read relative to `base_dir`.
pub fn resolve_source(
    source: SourceId,
    base_dir: &Path,
    canonical_path: Option<PathBuf>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Loaded {
    let text = sources.get(source).clone();
    let before = diagnostics.len();
    let file = syntax::parse(source, text.text(), diagnostics);
    let has_syntax_errors = diagnostics.len() > before;
    let imports::Followed {
        libraries,
        failed: imports_failed,
    } = imports::follow_imports(
        &file,
        base_dir,
        canonical_path,
        sources,
        diagnostics,
        &source::read_bytes,
    );

    let programs: Vec<&ast::Program> = file
        .items
        .iter()
        .filter_map(|item| match item {
            ast::TopItem::Program(p) => Some(p),
            _ => None,
        })
        .collect();
    let local_libraries: Vec<&ast::Library> = file
        .items
        .iter()
        .filter_map(|item| match item {
            ast::TopItem::Library(l) => Some(l),
            _ => None,
        })
        .collect();

    for extra in programs.iter().skip(1) {
        diagnostics.push(
            Diagnostic::new(
                &rules::MISSING_PROGRAM,
                "a file holds one program; this is a second one",
                Label::new(extra.id.span, "second program"),
            )
            .with_label(Label::new(programs[0].id.span, "first program"))
            .with_help("put each program in its own file"),
        );
    }

    let mut builder = Builder::new(diagnostics);
    builder.imports_failed = imports_failed;
    for library in libraries.iter().flat_map(|file| file.libraries()) {
        builder.add_library_items(&library.items, true);
    }
    for library in &local_libraries {
        builder.add_library_items(&library.items, false);
    }

    match programs.first() {
        Some(program) => Loaded::Program(Box::new(builder.build(program, source))),
        None if !local_libraries.is_empty() => Loaded::Library,
        None => {
            if !has_syntax_errors {
                let span = Span::new(source, 0..0);
                let message = if text.text().trim().is_empty() {
                    format!("`{}` is empty", text.name())
                } else {
                    format!("`{}` holds no program", text.name())
                };
                builder.diagnostics.push(
                    Diagnostic::new(
                        &rules::MISSING_PROGRAM,
                        message,
                        Label::new(span, "expected `program id \"Title\" { … }`"),
                    )
                    .with_help("start from `mentor new program`, or see docs/language.md"),
                );
            }
            Loaded::Nothing
        }
    }
}
