//! Resolution: from the AST of a program file and the libraries it imports to a
//! [`model::Program`].
//!
//! Reads imported files (relative to the importing file), merges their lenses, competencies and
//! outcomes into the program, and resolves every id. Reports duplicate ids (`P001`), unknown
//! references (`P002`), repeated settings (`P003`), invalid dates (`P021`) and import problems
//! (`P016`–`P018`). Unknown references and duplicates are dropped from the model, so later stages
//! never see a dangling id. Whether the program makes sense is `check::program`'s business.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Label, Severity, did_you_mean, unknown_id_help};
use crate::model::{self, Program};
use crate::rules;
use crate::source::{self, SourceId, Sources, Span};
use crate::syntax::{self, ast};

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
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
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
    let mut imports = Imports {
        sources,
        diagnostics,
        on_stack: canonical_path.iter().cloned().collect(),
        stack: canonical_path.into_iter().collect(),
        seen: HashSet::new(),
        libraries: Vec::new(),
        failed: false,
    };
    imports.follow(&file, base_dir);
    let libraries = std::mem::take(&mut imports.libraries);
    let imports_failed = imports.failed;

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
    for library in &libraries {
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

/// Follows `import` lines depth-first, collecting each library once.
struct Imports<'a> {
    sources: &'a mut Sources,
    diagnostics: &'a mut Diagnostics,
    /// Canonical paths of the files being imported right now, outermost first.
    stack: Vec<PathBuf>,
    /// The same paths, to tell in constant time whether an import closes a cycle.
    on_stack: HashSet<PathBuf>,
    seen: HashSet<PathBuf>,
    libraries: Vec<ast::Library>,
    failed: bool,
}

/// A file whose imports are being followed. The work list holds the whole chain from the
/// checked file to the library being read, so a chain of any length (14,000 files in the
/// hostile-input tests) costs heap, not call stack.
struct Pending {
    imports: Vec<ast::Import>,
    next: usize,
    /// Imports of this file are relative to this directory.
    dir: PathBuf,
    /// The imported library, merged once its own imports are merged; `None` for the file
    /// being checked.
    library: Option<ast::File>,
}

impl Pending {
    fn new(file: &ast::File, dir: PathBuf) -> Pending {
        let imports = file.imports().cloned().collect();
        Pending {
            imports,
            next: 0,
            dir,
            library: None,
        }
    }
}

/// A library read for an import, before its own imports are followed.
struct Opened {
    file: ast::File,
    canonical: PathBuf,
    dir: PathBuf,
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
    let canonical = path.canonicalize().map_err(|_| ImportProblem::NotFound)?;
    if !is_mentor(&canonical) {
        return Err(ImportProblem::LinkNotMentor(canonical));
    }
    if !canonical.is_file() {
        return Err(ImportProblem::NotRegular);
    }
    Ok((path, canonical))
}

impl Imports<'_> {
    fn follow(&mut self, file: &ast::File, base_dir: &Path) {
        let before = self.diagnostics.len();
        let mut work = vec![Pending::new(file, base_dir.to_path_buf())];
        while let Some(current) = work.last_mut() {
            if let Some(import) = current.imports.get(current.next).cloned() {
                current.next += 1;
                let dir = current.dir.clone();
                if let Some(opened) = self.open(&import, &dir) {
                    self.on_stack.insert(opened.canonical.clone());
                    self.stack.push(opened.canonical);
                    let mut pending = Pending::new(&opened.file, opened.dir);
                    pending.library = Some(opened.file);
                    work.push(pending);
                }
                continue;
            }
            // Every import of this file is merged: now the file itself, after them.
            if let Some(done) = work.pop()
                && let Some(library) = done.library
            {
                if let Some(canonical) = self.stack.pop() {
                    self.on_stack.remove(&canonical);
                }
                for item in library.items {
                    if let ast::TopItem::Library(library) = item {
                        self.libraries.push(library);
                    }
                }
            }
        }
        self.failed |= self.diagnostics.len() > before;
    }

    /// Reads and parses the library an import names, unless it was merged already; reports
    /// why it cannot be (`P016`–`P018`, or the `F` rule of a read that failed).
    fn open(&mut self, import: &ast::Import, base_dir: &Path) -> Option<Opened> {
        let written = base_dir.join(&import.path.value);
        let written = written.display();
        let (path, canonical) = match locate_import(base_dir, &import.path.value) {
            Ok(found) => found,
            Err(problem) => {
                let (message, label, help) = match problem {
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
        let display = path.display().to_string();
        if self.on_stack.contains(&canonical) {
            let position = self.stack.iter().position(|p| *p == canonical).unwrap_or(0);
            let mut chain: Vec<String> = self.stack[position..]
                .iter()
                .map(|p| file_name(p))
                .collect();
            chain.push(file_name(&canonical));
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::IMPORT_CYCLE,
                    format!("import cycle: {}", cycle_text(&chain)),
                    Label::new(import.path.span, "this import closes the cycle"),
                )
                .with_help("move what both files share into a third library that imports neither"),
            );
            return None;
        }
        if !self.seen.insert(canonical.clone()) {
            return None; // Already merged through another import: a diamond, not a cycle.
        }
        let source = match source::read_file(&path, &display, self.sources) {
            Ok(id) => id,
            Err(diagnostic) => {
                self.diagnostics.push(*diagnostic);
                return None;
            }
        };
        let text = self.sources.get(source).clone();
        let file = syntax::parse(source, text.text(), self.diagnostics);
        if let Some(program) = file.items.iter().find_map(|item| match item {
            ast::TopItem::Program(p) => Some(p),
            _ => None,
        }) {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::IMPORT_NOT_LIBRARY,
                    format!("`{display}` is a program, not a library"),
                    Label::new(import.path.span, "imported here"),
                )
                .with_label(Label::new(program.id.span, "declared as a program here"))
                .with_help("only `library` files can be imported"),
            );
            return None;
        }
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Some(Opened {
            file,
            canonical,
            dir,
        })
    }
}

/// Files of a cycle shown in full; a longer one shows its ends.
const CYCLE_SHOWN: usize = 8;

/// "a.mentor → b.mentor → a.mentor"; a cycle through thousands of files names the first and
/// last few and counts the rest, so the message stays a line.
fn cycle_text(chain: &[String]) -> String {
    if chain.len() <= CYCLE_SHOWN {
        return chain.join(" → ");
    }
    let half = CYCLE_SHOWN / 2;
    format!(
        "{} → … ({} more files) → {}",
        chain[..half].join(" → "),
        chain.len() - 2 * half,
        chain[chain.len() - half..].join(" → ")
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Ids declared so far of one kind, with where they were declared.
#[derive(Default)]
struct Names {
    spans: HashMap<String, Span>,
    order: Vec<String>,
}

impl Names {
    fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.order.iter().map(String::as_str)
    }

    fn contains(&self, id: &str) -> bool {
        self.spans.contains_key(id)
    }
}

struct Builder<'a> {
    diagnostics: &'a mut Diagnostics,
    outcomes: Vec<model::Outcome>,
    competencies: Vec<model::Competency>,
    lenses: Vec<model::Lens>,
    outcome_names: Names,
    competency_names: Names,
    lens_names: Names,
    /// An import could not be loaded, so an unknown id may be declared in the missing file.
    imports_failed: bool,
    plan_numbers: Vec<model::PlanNumber>,
}

impl<'a> Builder<'a> {
    fn new(diagnostics: &'a mut Diagnostics) -> Builder<'a> {
        Builder {
            diagnostics,
            outcomes: Vec::new(),
            competencies: Vec::new(),
            lenses: Vec::new(),
            outcome_names: Names::default(),
            competency_names: Names::default(),
            lens_names: Names::default(),
            imports_failed: false,
            plan_numbers: Vec::new(),
        }
    }

    /// Notes a session number that dates are computed from, for the program check's bounds.
    fn plan_session(&mut self, number: ast::Number) {
        // `sessions 3` and `length 5 sessions` are ranges whose ends are the same text.
        if self
            .plan_numbers
            .last()
            .is_some_and(|n| n.span == number.span)
        {
            return;
        }
        self.plan_numbers.push(model::PlanNumber {
            value: number.value,
            unit: model::PlanUnit::Session,
            span: number.span,
        });
    }

    /// Notes a duration that dates are computed from, for the program check's bounds.
    fn plan_duration(&mut self, duration: &ast::Duration) {
        self.plan_numbers.push(model::PlanNumber {
            value: duration.amount.value,
            unit: match duration.unit {
                ast::TimeUnit::Day => model::PlanUnit::Day,
                ast::TimeUnit::Week => model::PlanUnit::Week,
            },
            span: duration.amount.span,
        });
    }

    /// Records an id; reports and refuses a duplicate.
    fn declare(
        diagnostics: &mut Diagnostics,
        names: &mut Names,
        kind: &str,
        id: &ast::Ident,
    ) -> bool {
        if let Some(first) = names.spans.get(&id.name) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::DUPLICATE_ID,
                    format!("`{}` is already {} {kind}", id.name, article(kind)),
                    Label::new(id.span, format!("second {kind} named `{}`", id.name)),
                )
                .with_label(Label::new(*first, "first declared here"))
                .with_help(format!("give each {kind} its own id")),
            );
            return false;
        }
        names.spans.insert(id.name.clone(), id.span);
        names.order.push(id.name.clone());
        true
    }

    fn add_library_items(&mut self, items: &[ast::ProgramItem], imported: bool) {
        for item in items {
            self.add_shared_item(item, imported);
        }
    }

    /// Outcomes, competencies and lenses: the items a library may share. Returns false for
    /// any other item.
    fn add_shared_item(&mut self, item: &ast::ProgramItem, imported: bool) -> bool {
        match &item.kind {
            ast::ProgramItemKind::Outcome(outcome) => {
                if Self::declare(
                    self.diagnostics,
                    &mut self.outcome_names,
                    "outcome",
                    &outcome.id,
                ) {
                    self.outcomes.push(model::Outcome {
                        id: outcome.id.name.clone(),
                        label: outcome.label.value.clone(),
                        failed: outcome.failed,
                        span: item.span,
                    });
                }
            }
            ast::ProgramItemKind::Competency(competency) => {
                if Self::declare(
                    self.diagnostics,
                    &mut self.competency_names,
                    "competency",
                    &competency.id,
                ) {
                    self.competencies.push(model::Competency {
                        id: competency.id.name.clone(),
                        label: competency.label.value.clone(),
                        docs: texts(&competency.docs),
                        span: competency.id.span,
                        imported,
                    });
                }
            }
            ast::ProgramItemKind::Lens(lens) => {
                if Self::declare(self.diagnostics, &mut self.lens_names, "lens", &lens.id) {
                    let lens = self.lens(lens, imported);
                    self.lenses.push(lens);
                }
            }
            // A library's own `doc` describes the library, not the programs importing it.
            ast::ProgramItemKind::Doc(_) => {}
            _ => return false,
        }
        true
    }

    fn lens(&mut self, lens: &ast::Lens, imported: bool) -> model::Lens {
        let mut fields = Names::default();
        let sections = lens
            .sections
            .iter()
            .map(|section| model::Section {
                title: section.title.value.clone(),
                span: section.span,
                fields: section
                    .fields
                    .iter()
                    .filter(|field| {
                        Self::declare(
                            self.diagnostics,
                            &mut fields,
                            &format!("field of lens `{}`", lens.id.name),
                            &field.id,
                        )
                    })
                    .map(|field| model::Field {
                        id: field.id.name.clone(),
                        label: field.label.value.clone(),
                        optional: field.optional,
                        span: field.span,
                    })
                    .collect(),
            })
            .collect();
        model::Lens {
            id: lens.id.name.clone(),
            label: lens.label.value.clone(),
            docs: texts(&lens.docs),
            sections,
            span: lens.id.span,
            imported,
        }
    }

    fn unknown(&mut self, kind: &str, id: &ast::Ident, names: &Names) {
        let mut help = unknown_id_help(kind, &id.name, names.ids());
        // Only lenses, competencies and outcomes can come from a library.
        let from_a_library = matches!(kind, "lens" | "competency" | "outcome");
        if self.imports_failed && from_a_library && !help.starts_with("did you mean") {
            help = format!("it may be declared in the import that could not be loaded; {help}");
        }
        self.diagnostics.push(
            Diagnostic::new(
                &rules::UNKNOWN_REFERENCE,
                format!("unknown {kind} `{}`", id.name),
                Label::new(id.span, format!("no {kind} has this id")),
            )
            .with_help(help),
        );
    }

    /// Keeps the ids of `list` that name a lens, reporting the others.
    fn lens_refs(&mut self, list: &[ast::Ident]) -> Vec<String> {
        let mut kept = Vec::new();
        for id in list {
            if self.lens_names.contains(&id.name) {
                kept.push(id.name.clone());
            } else {
                let names = std::mem::take(&mut self.lens_names);
                self.unknown("lens", id, &names);
                self.lens_names = names;
            }
        }
        kept
    }

    fn build(mut self, program: &ast::Program, source: SourceId) -> Program {
        let mut settings = Settings::default();
        let mut phases = Vec::new();
        let mut phase_names = Names::default();
        let mut milestone_asts = Vec::new();
        let mut track_asts = Vec::new();
        let mut model = Program {
            id: program.id.name.clone(),
            title: program.title.value.clone(),
            span: program.id.span.to(program.title.span),
            source,
            version: None,
            audience: None,
            purpose: None,
            docs: Vec::new(),
            mentorship_is: Vec::new(),
            mentorship_is_not: Vec::new(),
            length: None,
            cadence: None,
            session_minutes: None,
            outcomes: Vec::new(),
            competencies: Vec::new(),
            lenses: Vec::new(),
            phases: Vec::new(),
            milestones: Vec::new(),
            review: None,
            commitment: None,
            agreement: None,
            tracks: Vec::new(),
            severity_overrides: BTreeMap::new(),
            plan_numbers: Vec::new(),
        };

        // Shared items first, so references resolve whatever the order in the file.
        for item in &program.items {
            self.add_shared_item(item, false);
        }

        for item in &program.items {
            use ast::ProgramItemKind as K;
            let keyword = item.kind.keyword();
            match &item.kind {
                K::Version(text) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.version = Some(text.value.clone());
                    }
                }
                K::Audience(text) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.audience = Some(text.value.clone());
                    }
                }
                K::Purpose(text) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.purpose = Some(text.value.clone());
                    }
                }
                K::Doc(text) => model.docs.push(text.value.clone()),
                K::Mentorship(m) => {
                    let list = if m.negated {
                        &mut model.mentorship_is_not
                    } else {
                        &mut model.mentorship_is
                    };
                    list.extend(m.lines.iter().map(|t| t.value.clone()));
                }
                K::Length(length) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        self.plan_session(length.sessions.first);
                        self.plan_session(length.sessions.last);
                        if let Some(within) = &length.within {
                            self.plan_duration(within);
                        }
                        model.length = Some(model::Length {
                            min_sessions: length.sessions.first.value,
                            max_sessions: length.sessions.last.value,
                            within_days: length.within.map(|d| d.days()),
                            span: item.span,
                        });
                    }
                }
                K::Cadence(parts) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.cadence = Some(self.cadence(parts, item.span));
                    }
                }
                K::Session(bounds) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.session_minutes = Some(self.session_minutes(bounds, item.span));
                    }
                }
                K::Outcome(_) | K::Competency(_) | K::Lens(_) => {}
                K::Phase(phase) => {
                    if Self::declare(self.diagnostics, &mut phase_names, "phase", &phase.id) {
                        phases.push((phase, item.span));
                    }
                }
                K::Milestone(milestone) => milestone_asts.push((milestone, item.span)),
                K::Review(review) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        let lens = review
                            .lens
                            .as_ref()
                            .and_then(|id| self.lens_refs(std::slice::from_ref(id)).pop());
                        self.plan_session(review.every);
                        model.review = Some(model::Review {
                            every_sessions: review.every.value,
                            span: item.span,
                            lens,
                        });
                    }
                }
                K::Commitment(c) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.commitment = Some(model::Commitment {
                            minutes: c.amount.value.saturating_mul(c.unit_minutes),
                            per: if c.per_month {
                                model::Period::Month
                            } else {
                                model::Period::Week
                            },
                            span: item.span,
                        });
                    }
                }
                K::Agreement(before) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        self.plan_session(*before);
                        model.agreement = Some(model::Agreement {
                            before_session: before.value,
                            span: item.span,
                        });
                    }
                }
                K::Track(track) => track_asts.push(track),
                K::Severity(decl) => self.severity(decl, item.span, &mut model.severity_overrides),
            }
        }

        model.phases = phases
            .into_iter()
            .map(|(phase, span)| self.phase(phase, span))
            .collect();
        model
            .phases
            .sort_by_key(|p| (p.first_session, p.last_session));

        let mut milestone_names = Names::default();
        for (milestone, span) in &milestone_asts {
            if let Some(replaces) = &milestone.replaces {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::MISPLACED_ITEM,
                        "`replaces` is only allowed on a milestone inside a `track`",
                        Label::new(replaces.span, "outside any track"),
                    )
                    .with_help("move this milestone into the track that replaces the other one"),
                );
            }
            if Self::declare(
                self.diagnostics,
                &mut milestone_names,
                "milestone",
                &milestone.id,
            ) {
                let m = self.milestone(milestone, *span);
                model.milestones.push(m);
            }
        }

        let mut track_names = Names::default();
        for track in &track_asts {
            if Self::declare(self.diagnostics, &mut track_names, "track", &track.id) {
                let t = self.track(track, track.id.span.to(track.label.span), &milestone_names);
                model.tracks.push(t);
            }
        }

        model.outcomes = self.outcomes;
        model.competencies = self.competencies;
        model.lenses = self.lenses;
        model.plan_numbers = self.plan_numbers;
        model
    }

    fn cadence(&mut self, parts: &[ast::Item<ast::CadencePart>], span: Span) -> model::Cadence {
        let mut cadence = model::Cadence {
            every_days: None,
            min_gap: None,
            max_gap: None,
            span,
        };
        let mut seen = Settings::default();
        for part in parts {
            let (name, duration) = match &part.kind {
                ast::CadencePart::Every(d) => ("every", d),
                ast::CadencePart::GapAtLeast(d) => ("gap at least", d),
                ast::CadencePart::GapAtMost(d) => ("gap at most", d),
            };
            if !seen.first(name, part.span, self.diagnostics) {
                continue;
            }
            self.plan_duration(duration);
            let bound = model::Bound {
                value: duration.days(),
                span: part.span,
            };
            match &part.kind {
                ast::CadencePart::Every(_) => cadence.every_days = Some(bound.value),
                ast::CadencePart::GapAtLeast(_) => cadence.min_gap = Some(bound),
                ast::CadencePart::GapAtMost(_) => cadence.max_gap = Some(bound),
            }
        }
        cadence
    }

    fn session_minutes(
        &mut self,
        bounds: &[ast::Item<ast::MinutesBound>],
        span: Span,
    ) -> model::SessionMinutes {
        let mut minutes = model::SessionMinutes {
            at_least: None,
            at_most: None,
            span,
        };
        let mut seen = Settings::default();
        for bound in bounds {
            let name = if bound.kind.at_least {
                "at least"
            } else {
                "at most"
            };
            if !seen.first(name, bound.span, self.diagnostics) {
                continue;
            }
            let value = Some(model::Bound {
                value: bound.kind.minutes.value,
                span: bound.span,
            });
            if bound.kind.at_least {
                minutes.at_least = value;
            } else {
                minutes.at_most = value;
            }
        }
        minutes
    }

    fn severity(
        &mut self,
        decl: &ast::SeverityDecl,
        span: Span,
        overrides: &mut BTreeMap<&'static str, model::SeverityOverride>,
    ) {
        let Some(rule) = rules::find(&decl.rule.name) else {
            let names = rules::all().flat_map(|r| [r.code, r.name]);
            let help = match did_you_mean(&decl.rule.name, names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "run `mentor rules` for every code and name".to_owned(),
            };
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::UNKNOWN_REFERENCE,
                    format!("unknown rule `{}`", decl.rule.name),
                    Label::new(decl.rule.span, "no rule has this code or name"),
                )
                .with_help(help),
            );
            return;
        };
        if !rule.is_overridable() {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::UNKNOWN_REFERENCE,
                    format!("the severity of `{}` cannot be changed", rule.code),
                    Label::new(decl.rule.span, "file and syntax errors always stop a check"),
                )
                .with_help("only `P` and `L` rules can be relaxed or raised"),
            );
            return;
        }
        if let Some(first) = overrides.get(rule.code) {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::DUPLICATE_SETTING,
                    format!("the severity of `{}` is already set", rule.code),
                    Label::new(span, "set again here"),
                )
                .with_label(Label::new(first.span, "first set here")),
            );
            return;
        }
        let severity = match decl.level {
            ast::SeverityLevel::Error => Some(Severity::Error),
            ast::SeverityLevel::Warning => Some(Severity::Warning),
            ast::SeverityLevel::Advice => Some(Severity::Advice),
            ast::SeverityLevel::Off => None,
        };
        overrides.insert(rule.code, model::SeverityOverride { severity, span });
    }

    fn phase(&mut self, phase: &ast::Phase, span: Span) -> model::Phase {
        self.plan_session(phase.sessions.first);
        self.plan_session(phase.sessions.last);
        let mut out = model::Phase {
            id: phase.id.name.clone(),
            label: phase.label.value.clone(),
            first_session: phase.sessions.first.value,
            last_session: phase.sessions.last.value,
            range_span: phase.sessions.span,
            span,
            goals: Vec::new(),
            bring: Vec::new(),
            not_expected: Vec::new(),
            notes: Vec::new(),
            docs: Vec::new(),
            lens_rule: model::LensRule::Unrestricted,
            lens_rule_span: phase.id.span.to(phase.sessions.span),
            new_problems: None,
            progression: None,
        };
        let mut settings = Settings::default();
        for item in &phase.items {
            use ast::PhaseItemKind as K;
            match &item.kind {
                K::Goal(t) => out.goals.push(t.value.clone()),
                K::Bring(t) => out.bring.push(t.value.clone()),
                K::NotExpected(t) => out.not_expected.push(t.value.clone()),
                K::Note(t) => out.notes.push(t.value.clone()),
                K::Doc(t) => out.docs.push(t.value.clone()),
                K::Lenses(rule) => {
                    if settings.first("lenses", item.span, self.diagnostics) {
                        out.lens_rule = self.lens_rule(rule);
                        out.lens_rule_span = item.span;
                    }
                }
                K::NewProblems { allowed } => {
                    if settings.first("new-problems", item.span, self.diagnostics) {
                        out.new_problems = Some(model::NewProblems {
                            allowed: *allowed,
                            span: item.span,
                        });
                    }
                }
                K::Progression(list) => {
                    if settings.first("progression", item.span, self.diagnostics) {
                        out.progression = Some(model::Progression {
                            lenses: self.lens_refs(list),
                            span: item.span,
                        });
                    }
                }
            }
        }
        out
    }

    fn lens_rule(&mut self, rule: &ast::LensRule) -> model::LensRule {
        if let ast::LensRule::AnyOf(list) | ast::LensRule::Count { of: list, .. } = rule {
            self.listed_once(list);
        }
        match rule {
            ast::LensRule::None => model::LensRule::None,
            ast::LensRule::Any => model::LensRule::Unrestricted,
            ast::LensRule::AnyOf(list) => model::LensRule::Choose {
                count: model::CountRule::AtLeast(0),
                of: self.lens_refs(list),
            },
            ast::LensRule::Count { kind, count, of } => model::LensRule::Choose {
                count: match kind {
                    ast::CountKind::Exactly => model::CountRule::Exactly(count.value),
                    ast::CountKind::AtLeast => model::CountRule::AtLeast(count.value),
                    ast::CountKind::AtMost => model::CountRule::AtMost(count.value),
                },
                of: self.lens_refs(of),
            },
        }
    }

    /// `P003` for an id listed twice in one list (`lenses exactly 2 of a, a, b`).
    fn listed_once(&mut self, list: &[ast::Ident]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for id in list {
            if let Some(&first) = seen.get(id.name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_SETTING,
                        format!("`{}` is listed twice", id.name),
                        Label::new(id.span, "listed again here"),
                    )
                    .with_label(Label::new(first, "first listed here"))
                    .with_help("list each id once; was another one meant?"),
                );
            } else {
                seen.insert(&id.name, id.span);
            }
        }
    }

    fn milestone(&mut self, milestone: &ast::Milestone, span: Span) -> model::Milestone {
        let mut out = model::Milestone {
            id: milestone.id.name.clone(),
            id_span: milestone.id.span,
            label: milestone.label.value.clone(),
            competency: None,
            due: None,
            due_span: None,
            evidence: None,
            evidence_span: None,
            docs: Vec::new(),
            span,
        };
        let mut settings = Settings::default();
        for item in &milestone.items {
            use ast::MilestoneItemKind as K;
            match &item.kind {
                K::Competency(id) => {
                    if !settings.first("competency", item.span, self.diagnostics) {
                        continue;
                    }
                    if self.competency_names.contains(&id.name) {
                        out.competency = Some(id.name.clone());
                    } else {
                        let names = std::mem::take(&mut self.competency_names);
                        self.unknown("competency", id, &names);
                        self.competency_names = names;
                    }
                }
                K::Due(due) => {
                    if !settings.first("due", item.span, self.diagnostics) {
                        continue;
                    }
                    out.due_span = Some(item.span);
                    match due {
                        ast::Due::BySession(n) => self.plan_session(*n),
                        ast::Due::ByWeek(n) => self.plan_duration(&ast::Duration {
                            amount: *n,
                            unit: ast::TimeUnit::Week,
                            span: n.span,
                        }),
                        ast::Due::ByDate { .. } => {}
                    }
                    out.due = match due {
                        ast::Due::BySession(n) => Some(model::Deadline::BySession(n.value)),
                        ast::Due::ByWeek(n) => Some(model::Deadline::ByWeek(n.value)),
                        ast::Due::ByDate { text, span } => {
                            match text.parse::<jiff::civil::Date>() {
                                Ok(date) => Some(model::Deadline::ByDate(date)),
                                Err(_) => {
                                    self.diagnostics.push(
                                        Diagnostic::new(
                                            &rules::INVALID_DATE,
                                            format!("`{text}` is not a date in the calendar"),
                                            Label::new(*span, "no such day"),
                                        )
                                        .with_help("dates are written YYYY-MM-DD, e.g. 2025-06-30"),
                                    );
                                    None
                                }
                            }
                        }
                    };
                }
                K::Evidence(evidence) => {
                    if !settings.first("evidence", item.span, self.diagnostics) {
                        continue;
                    }
                    out.evidence_span = Some(item.span);
                    out.evidence = match evidence {
                        ast::Evidence::Review => Some(model::Evidence::Review),
                        ast::Evidence::Lens(id) => self
                            .lens_refs(std::slice::from_ref(id))
                            .pop()
                            .map(model::Evidence::Lens),
                    };
                }
                K::Doc(t) => out.docs.push(t.value.clone()),
            }
        }
        out
    }

    fn track(
        &mut self,
        track: &ast::Track,
        span: Span,
        program_milestones: &Names,
    ) -> model::Track {
        let mut out = model::Track {
            id: track.id.name.clone(),
            label: track.label.value.clone(),
            docs: Vec::new(),
            milestones: Vec::new(),
            drops: Vec::new(),
            span,
        };
        let mut own_names = Names::default();
        // Program milestones this track already drops or replaces, and where.
        let mut changed: HashMap<String, Span> = HashMap::new();
        let mut change_once = |id: &str, span: Span, diagnostics: &mut Diagnostics| {
            if let Some(first) = changed.get(id) {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::CONFLICTING_TRACK_CHANGE,
                        format!("track `{}` changes milestone `{id}` twice", track.id.name),
                        Label::new(span, "second change"),
                    )
                    .with_label(Label::new(*first, "first change"))
                    .with_help("drop it or replace it once"),
                );
                false
            } else {
                changed.insert(id.to_owned(), span);
                true
            }
        };
        for item in &track.items {
            match &item.kind {
                ast::TrackItemKind::Doc(t) => out.docs.push(t.value.clone()),
                ast::TrackItemKind::Drop(id) => {
                    if program_milestones.contains(&id.name) {
                        if change_once(&id.name, id.span, self.diagnostics) {
                            out.drops.push((id.name.clone(), id.span));
                        }
                    } else {
                        self.unknown("milestone", id, program_milestones);
                    }
                }
                ast::TrackItemKind::Milestone(milestone) => {
                    let replaces = match &milestone.replaces {
                        Some(id) if program_milestones.contains(&id.name) => {
                            change_once(&id.name, id.span, self.diagnostics)
                                .then(|| (id.name.clone(), id.span))
                        }
                        Some(id) => {
                            self.unknown("milestone", id, program_milestones);
                            None
                        }
                        None => None,
                    };
                    let replaces_itself = replaces
                        .as_ref()
                        .is_some_and(|(r, _)| *r == milestone.id.name);
                    if !replaces_itself && program_milestones.contains(&milestone.id.name) {
                        let first = program_milestones.spans.get(&milestone.id.name).copied();
                        let mut diagnostic = Diagnostic::new(
                            &rules::DUPLICATE_ID,
                            format!("`{}` is already a milestone of the program", milestone.id.name),
                            Label::new(milestone.id.span, "same id as a program milestone"),
                        )
                        .with_help(format!(
                            "to change it for this track, write `milestone {0} \"…\" replaces {0} {{ … }}`",
                            milestone.id.name
                        ));
                        if let Some(first) = first {
                            diagnostic =
                                diagnostic.with_label(Label::new(first, "program milestone"));
                        }
                        self.diagnostics.push(diagnostic);
                        continue;
                    }
                    if Self::declare(
                        self.diagnostics,
                        &mut own_names,
                        "milestone of this track",
                        &milestone.id,
                    ) {
                        let m = self.milestone(milestone, item.span);
                        out.milestones.push(model::TrackMilestone {
                            milestone: m,
                            replaces,
                        });
                    }
                }
            }
        }
        out
    }
}

fn texts(texts: &[ast::Text]) -> Vec<String> {
    texts.iter().map(|t| t.value.clone()).collect()
}

/// Settings that may appear once in their block.
#[derive(Default)]
struct Settings {
    first: HashMap<&'static str, Span>,
}

impl Settings {
    /// Whether this is the first time `name` is set; reports the repeat otherwise.
    fn first(&mut self, name: &'static str, span: Span, diagnostics: &mut Diagnostics) -> bool {
        if let Some(first) = self.first.get(name) {
            diagnostics.push(
                Diagnostic::new(
                    &rules::DUPLICATE_SETTING,
                    format!("`{name}` is already set"),
                    Label::new(span, "set again here"),
                )
                .with_label(Label::new(*first, "first set here"))
                .with_help("keep one of them"),
            );
            return false;
        }
        self.first.insert(name, span);
        true
    }
}

/// "a" or "an" before a kind of declaration ("an outcome", "a lens").
fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
