//! Following `import` lines: each library read once per run (cached in `Sources`), cycles
//! reported with their chain, a work list instead of recursion so a chain's length cannot
//! overflow the stack, and only `.mentor` files ever read (`locate_import` decides from names
//! and metadata first).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules::{self, Rule};
use crate::source::{self, SourceId, Sources, Span};
use crate::syntax::{self, ast};

/// What following a file's imports found.
pub(crate) struct Followed {
    /// The libraries to merge, each after the libraries it imports.
    pub(crate) libraries: Vec<Arc<Imported>>,
    /// Whether an import could not be followed (reported now or in a file read before), so an
    /// unknown id may be declared in the missing file.
    pub(crate) failed: bool,
}

/// Follows the imports of `file` (imports relative to `base_dir`; `canonical` is the file's
/// own path, so an import of it is a cycle), reading each library into `sources` and reporting
/// the problems of imports into `diagnostics`. Libraries read before in this run are taken from
/// the cache `sources` keeps. Files are read with `read` (the CLI passes
/// `source::read_bytes`).
pub(crate) fn follow_imports(
    file: &ast::File,
    base_dir: &Path,
    canonical: Option<PathBuf>,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
    read: source::Read<'_>,
) -> Followed {
    let cache = std::mem::take(&mut sources.imports);
    let mut imports = Imports {
        sources,
        diagnostics,
        read,
        cache,
        stack: Vec::new(),
        libraries: Vec::new(),
        again: Vec::new(),
        failed: false,
    };
    imports.follow(file, base_dir, canonical);
    let libraries = std::mem::take(&mut imports.libraries);
    let failed = imports.failed;
    imports.sources.imports = std::mem::take(&mut imports.cache);
    Followed { libraries, failed }
}

/// Follows `import` lines depth-first, collecting each library once.
struct Imports<'a> {
    sources: &'a mut Sources,
    diagnostics: &'a mut Diagnostics,
    read: source::Read<'a>,
    /// The libraries this run has read already.
    cache: ImportCache,
    /// The files being imported right now ([`ImportCache::file`] numbers), outermost first;
    /// the cache marks them too, to tell in constant time whether an import closes a cycle.
    stack: Vec<usize>,
    libraries: Vec<Arc<Imported>>,
    /// Rules of problems met again in libraries this run read before (not pushed again).
    again: Vec<&'static Rule>,
    failed: bool,
}

/// The libraries read for imports in one run, kept in [`Sources`] beside their text. Checking
/// a directory whose files import the same libraries (or each other, in a chain of thousands)
/// reads, parses and reports each library once, so the run is linear in what it reads; each
/// checked file still follows its own imports (cycles and diamonds are its own), over what is
/// already parsed. Keyed by the path as joined, the name the library's diagnostics show.
///
/// Files are numbered by canonical path and names by path as joined when they are located
/// (once per import line read), so following the imports of each checked file hashes no path.
#[derive(Debug, Default)]
pub struct ImportCache {
    /// Canonical paths, by file number.
    canonical: Vec<PathBuf>,
    files: HashMap<PathBuf, usize>,
    /// For each file number, the checked file that merged it last ([`Self::generation`]).
    seen: Vec<u64>,
    /// For each file number, whether it is on the stack of files being imported.
    on_stack: Vec<bool>,
    /// Counts the checked files.
    generation: u64,
    /// Name numbers, by path as joined.
    names: HashMap<PathBuf, usize>,
    /// By name number: the library read, or the rule of the read that failed.
    read: Vec<Option<Result<Arc<Imported>, &'static Rule>>>,
    /// Imports, in files read once, whose problem (`P016`, `P018`) was reported already.
    reported: HashSet<Span>,
}

impl ImportCache {
    /// The number of the file at `canonical`.
    fn file(&mut self, canonical: &Path) -> usize {
        if let Some(&file) = self.files.get(canonical) {
            return file;
        }
        let file = self.canonical.len();
        self.canonical.push(canonical.to_path_buf());
        self.files.insert(canonical.to_path_buf(), file);
        self.seen.push(0);
        self.on_stack.push(false);
        file
    }

    /// The number of the name `path`.
    fn name(&mut self, path: &Path) -> usize {
        if let Some(&name) = self.names.get(path) {
            return name;
        }
        let name = self.read.len();
        self.read.push(None);
        self.names.insert(path.to_path_buf(), name);
        name
    }

    /// Where `import`, written in a file of `dir`, leads.
    fn locate(&mut self, dir: &Path, import: &ast::Import) -> Result<Located, ImportProblem> {
        let (path, canonical) = locate_import(dir, &import.path.value)?;
        Ok(Located {
            file: self.file(&canonical),
            name: self.name(&path),
            path,
        })
    }
}

/// The file an import leads to.
#[derive(Debug)]
struct Located {
    /// As joined to the importing file's directory.
    path: PathBuf,
    /// Numbers of its canonical path and of `path` ([`ImportCache::file`], [`ImportCache::name`]).
    file: usize,
    name: usize,
}

/// A file read for an import, or the file being checked.
#[derive(Debug)]
pub struct Imported {
    /// Its imports, each with the file it names or why it names none.
    imports: Vec<(ast::Import, Result<Located, ImportProblem>)>,
    /// Imports of this file are relative to this directory.
    dir: PathBuf,
    libraries: Vec<ast::Library>,
    /// The id of a program the file declares: it cannot be imported (`P018`).
    program: Option<Span>,
    /// The rules of the problems reading and parsing it found (reported once).
    rules: Vec<&'static Rule>,
    /// Where its text is, and its canonical path (none for the file being checked).
    pub(crate) source: Option<SourceId>,
    pub(crate) canonical: Option<PathBuf>,
}

impl Imported {
    /// The libraries the file declares (a library file holds one; the rest is reported).
    pub(crate) fn libraries(&self) -> &[ast::Library] {
        &self.libraries
    }

    /// `imports` of a file in `dir`, located.
    fn locate<'i>(
        imports: impl Iterator<Item = &'i ast::Import>,
        dir: &Path,
        cache: &mut ImportCache,
    ) -> Imported {
        Imported {
            imports: imports
                .map(|import| (import.clone(), cache.locate(dir, import)))
                .collect(),
            dir: dir.to_path_buf(),
            libraries: Vec::new(),
            program: None,
            rules: Vec::new(),
            source: None,
            canonical: None,
        }
    }
}

/// A file whose imports are being followed. The work list holds the whole chain from the
/// checked file to the library being read, so a chain of any length (14,000 files in the
/// hostile-input tests) costs heap, not call stack.
struct Pending {
    file: Arc<Imported>,
    next: usize,
    /// Whether `file` is an imported library, merged once its own imports are merged (not the
    /// file being checked).
    imported: bool,
}

/// Why an import names no file that may be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    /// The path as written does not end in `.mentor`.
    NotMentor,
    /// It does, but it is a link to this file, which does not.
    LinkNotMentor(PathBuf),
    NotFound,
    /// A directory, FIFO, socket or device.
    NotRegular,
}

/// The file an `import "written"` in a file of `base_dir` reads: its path as joined and its
/// canonical path. Decided from names and metadata, before a byte is read: an import names a
/// `.mentor` library, so `import "/proc/self/environ"` (or a `.mentor` link to it) is refused,
/// and no snippet of the environment can ever be shown.
pub fn locate_import(base_dir: &Path, written: &str) -> Result<(PathBuf, PathBuf), ImportProblem> {
    let is_mentor = |path: &Path| path.extension().is_some_and(|e| e == "mentor");
    let path = base_dir.join(written);
    if !is_mentor(&path) {
        return Err(ImportProblem::NotMentor);
    }
    let canonical = crate::source::canonical_if_found(&path).ok_or(ImportProblem::NotFound)?;
    if !is_mentor(&canonical) {
        return Err(ImportProblem::LinkNotMentor(canonical));
    }
    if !crate::source::is_regular_file(&canonical) {
        return Err(ImportProblem::NotRegular);
    }
    Ok((path, canonical))
}

impl Imports<'_> {
    fn follow(&mut self, file: &ast::File, base_dir: &Path, canonical: Option<PathBuf>) {
        let before = self.diagnostics.len();
        self.cache.generation += 1;
        if let Some(canonical) = canonical {
            let file = self.cache.file(&canonical);
            self.cache.on_stack[file] = true;
            self.stack.push(file);
        }
        let root = Imported::locate(file.imports(), base_dir, &mut self.cache);
        let mut work = vec![Pending {
            file: Arc::new(root),
            next: 0,
            imported: false,
        }];
        while let Some(current) = work.last_mut() {
            let file = Arc::clone(&current.file);
            if let Some((import, located)) = file.imports.get(current.next) {
                current.next += 1;
                if let Some((opened, canonical)) = self.open(import, located, &file.dir) {
                    self.cache.on_stack[canonical] = true;
                    self.stack.push(canonical);
                    work.push(Pending {
                        file: opened,
                        next: 0,
                        imported: true,
                    });
                }
                continue;
            }
            // Every import of this file is merged: now the file itself, after them.
            if let Some(done) = work.pop()
                && done.imported
            {
                if let Some(canonical) = self.stack.pop() {
                    self.cache.on_stack[canonical] = false;
                }
                self.libraries.push(done.file);
            }
        }
        for file in self.stack.drain(..) {
            self.cache.on_stack[file] = false; // The checked file.
        }
        self.again.sort_by_key(|rule| rule.code);
        self.again.dedup_by_key(|rule| rule.code);
        for rule in std::mem::take(&mut self.again) {
            self.diagnostics.met_again(rule);
            self.failed = true;
        }
        self.failed |= self.diagnostics.len() > before;
    }

    /// The library an import names, read and parsed unless this run did already, and its
    /// canonical path; `None` when it was merged already or cannot be (`P016`–`P018`, or the
    /// `F` rule of a read that failed).
    fn open(
        &mut self,
        import: &ast::Import,
        located: &Result<Located, ImportProblem>,
        base_dir: &Path,
    ) -> Option<(Arc<Imported>, usize)> {
        let located = match located {
            Ok(found) => found,
            Err(problem) => {
                if !self.first_report(import.path.span, &rules::IMPORT_NOT_FOUND) {
                    return None;
                }
                let written = base_dir.join(&import.path.value);
                let written = written.display();
                let (message, label, help) = match problem.clone() {
                    ImportProblem::NotMentor => (
                        format!("`{written}` is not a `.mentor` file"),
                        "not a `.mentor` file",
                        "an import names a library written in a `.mentor` file; no other file is read"
                            .to_owned(),
                    ),
                    ImportProblem::LinkNotMentor(target) => (
                        format!(
                            "`{written}` leads to `{}`, which is not a `.mentor` file",
                            target.display()
                        ),
                        "not a `.mentor` file",
                        "an import names a library written in a `.mentor` file; no other file is read"
                            .to_owned(),
                    ),
                    ImportProblem::NotRegular => (
                        format!("imported `{written}` is not a regular file"),
                        "not a regular file",
                        "an import names a library written in a `.mentor` file".to_owned(),
                    ),
                    ImportProblem::NotFound => (
                        format!("cannot find imported file `{written}`"),
                        "no such file",
                        format!(
                            "imports are resolved relative to the importing file's directory (`{}`)",
                            if base_dir.as_os_str().is_empty() {
                                ".".to_owned()
                            } else {
                                base_dir.display().to_string()
                            }
                        ),
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::IMPORT_NOT_FOUND,
                        message,
                        Label::new(import.path.span, label),
                    )
                    .with_help(help),
                );
                return None;
            }
        };
        let canonical = located.file;
        if self.cache.on_stack[canonical] {
            let position = self.stack.iter().position(|&f| f == canonical).unwrap_or(0);
            let files = &self.stack[position..];
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::IMPORT_CYCLE,
                    format!(
                        "import cycle: {}",
                        cycle_text(files.len() + 1, |i| {
                            file_name(&self.cache.canonical[*files.get(i).unwrap_or(&canonical)])
                        })
                    ),
                    Label::new(import.path.span, "this import closes the cycle"),
                )
                .with_help("move what both files share into a third library that imports neither"),
            );
            return None;
        }
        if self.cache.seen[canonical] == self.cache.generation {
            return None; // Already merged through another import: a diamond, not a cycle.
        }
        self.cache.seen[canonical] = self.cache.generation;
        let imported = match &self.cache.read[located.name] {
            Some(Ok(imported)) => {
                self.again.extend(&imported.rules);
                Arc::clone(imported)
            }
            Some(Err(rule)) => {
                self.again.push(rule);
                return None;
            }
            None => self.read(&located.path, located.name, canonical)?,
        };
        if let Some(program) = imported.program {
            if self.first_report(import.path.span, &rules::IMPORT_NOT_LIBRARY) {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::IMPORT_NOT_LIBRARY,
                        format!("`{}` is a program, not a library", located.path.display()),
                        Label::new(import.path.span, "imported here"),
                    )
                    .with_label(Label::new(program, "declared as a program here"))
                    .with_help("only `library` files can be imported"),
                );
            }
            return None;
        }
        Some((imported, canonical))
    }

    /// Whether the problem of the import at `span` is to be reported: it is not when a file
    /// this run read before holds the import, and it was reported then.
    fn first_report(&mut self, span: Span, rule: &'static Rule) -> bool {
        let first = self.cache.reported.insert(span);
        if !first {
            self.again.push(rule);
        }
        first
    }

    /// Reads and parses the library at `path` into the cache, reporting its problems.
    fn read(&mut self, path: &Path, name: usize, canonical: usize) -> Option<Arc<Imported>> {
        let display = path.display().to_string();
        let before = self.diagnostics.len();
        let bytes = (self.read)(path);
        let source = match source::register_read(path, &display, bytes, self.sources) {
            Ok(id) => id,
            Err(diagnostic) => {
                self.cache.read[name] = Some(Err(diagnostic.rule));
                self.diagnostics.push(*diagnostic);
                return None;
            }
        };
        let text = self.sources.get(source).clone();
        let file = syntax::parse(source, text.text(), self.diagnostics);
        let program = file.items.iter().find_map(|item| match item {
            ast::TopItem::Program(p) => Some(p.id.span),
            _ => None,
        });
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        // A program's imports are not followed: it is not merged.
        let mut imported = if program.is_some() {
            Imported::locate(std::iter::empty(), &dir, &mut self.cache)
        } else {
            Imported::locate(file.imports(), &dir, &mut self.cache)
        };
        imported.program = program;
        imported.source = Some(source);
        imported.canonical = self.cache.canonical.get(canonical).cloned();
        imported.rules = self.diagnostics.rules_since(before).collect();
        imported.rules.sort_by_key(|rule| rule.code);
        imported.rules.dedup_by_key(|rule| rule.code);
        imported.libraries = file
            .items
            .into_iter()
            .filter_map(|item| match item {
                ast::TopItem::Library(library) => Some(library),
                _ => None,
            })
            .collect();
        let imported = Arc::new(imported);
        self.cache.read[name] = Some(Ok(Arc::clone(&imported)));
        Some(imported)
    }
}

/// Files of a cycle shown in full; a longer one shows its ends.
const CYCLE_SHOWN: usize = 8;

/// "a.mentor → b.mentor → a.mentor" for the `len` files of a cycle (`name(i)` names the
/// `i`th; the last closes it); a cycle through thousands of files names the first and last
/// few and counts the rest, so the message stays a line (and costs no more to write).
fn cycle_text(len: usize, name: impl Fn(usize) -> String) -> String {
    let names = |range: std::ops::Range<usize>| range.map(&name).collect::<Vec<_>>().join(" → ");
    if len <= CYCLE_SHOWN {
        return names(0..len);
    }
    let half = CYCLE_SHOWN / 2;
    format!(
        "{} → … ({} more files) → {}",
        names(0..half),
        len - 2 * half,
        names(len - half..len)
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
