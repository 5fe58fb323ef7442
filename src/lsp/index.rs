//! What the editor features read: the declarations a `.mentor` document can name (its own and
//! those of the libraries it imports, read from disk) and every reference it makes.
//!
//! Built from the syntax tree, not the resolved model, so it works on a library as well as a
//! program, and on a document with errors: whatever parsed is indexed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::resolve::{follow_imports, locate_import};
use crate::source::{self, Sources, Span};
use crate::syntax::{self, ast};

/// What kind of thing an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Program,
    Library,
    Lens,
    Field,
    Competency,
    Outcome,
    Phase,
    Milestone,
    Track,
    /// An attribute of the `matching` block.
    Attribute,
}

impl Kind {
    pub(super) fn noun(self) -> &'static str {
        match self {
            Kind::Program => "program",
            Kind::Library => "library",
            Kind::Lens => "lens",
            Kind::Field => "field",
            Kind::Competency => "competency",
            Kind::Outcome => "outcome",
            Kind::Phase => "phase",
            Kind::Milestone => "milestone",
            Kind::Track => "track",
            Kind::Attribute => "attribute",
        }
    }
}

/// The syntax of a declaration, kept for hover text.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Program(ast::Text),
    Library(Option<ast::Text>),
    Lens(ast::Lens),
    /// A field and the id of its lens.
    Field(ast::Field, String),
    Competency(ast::Competency),
    Outcome(ast::Outcome),
    Phase(ast::Phase),
    /// A milestone and the id of the track that adds it, if any.
    Milestone(ast::Milestone, Option<String>),
    Track(ast::Track),
    Attribute(ast::Attribute),
}

/// One declared id.
#[derive(Debug, Clone)]
pub(super) struct Decl {
    pub kind: Kind,
    pub name: String,
    /// The id as written in the declaration.
    pub id_span: Span,
    pub node: Node,
}

impl Decl {
    fn in_track(&self) -> bool {
        matches!(&self.node, Node::Milestone(_, Some(_)))
    }
}

/// An id the document uses to name a declaration.
#[derive(Debug, Clone)]
pub(super) struct Reference {
    pub kind: Kind,
    pub name: String,
    pub span: Span,
}

/// `import "…"` in the document and the file it reads, when that file exists.
#[derive(Debug, Clone)]
pub(super) struct ImportLink {
    pub span: Span,
    pub path: Option<PathBuf>,
}

/// What is under the cursor.
#[derive(Debug, Clone, Copy)]
pub(super) enum Target<'a> {
    Reference(&'a Reference),
    Declaration(&'a Decl),
    Import(&'a ImportLink),
}

/// The index of one document. Source 0 of `sources` is the document itself; the others are
/// the libraries it imports, directly or not.
#[derive(Debug)]
pub(super) struct Index {
    pub sources: Sources,
    /// The path of each source, by source index (`None` for a document not saved to disk).
    pub paths: Vec<Option<PathBuf>>,
    pub file: ast::File,
    pub decls: Vec<Decl>,
    pub references: Vec<Reference>,
    pub imports: Vec<ImportLink>,
}

impl Index {
    /// Indexes `text`, reading its imports relative to `base_dir`.
    pub(super) fn build(text: &str, path: Option<&Path>, base_dir: &Path) -> Index {
        let mut sources = Sources::new();
        let name = path.map_or_else(|| "<document>".to_owned(), |p| p.display().to_string());
        let source = sources.add(name, text);
        let mut ignored = Diagnostics::new();
        let file = syntax::parse(source, text, &mut ignored);
        let mut index = Index {
            sources,
            paths: vec![path.map(Path::to_path_buf)],
            file: ast::File {
                items: Vec::new(),
                comments: Vec::new(),
                span: file.span,
            },
            decls: Vec::new(),
            references: Vec::new(),
            imports: Vec::new(),
        };
        // Imports are read from disk, as saved, like the diagnostics' `resolve`: what hover
        // and definition show of a library is what `mentor check` reads.
        let canonical = path.and_then(crate::source::canonical_if_found);
        let followed = follow_imports(
            &file,
            base_dir,
            canonical,
            &mut index.sources,
            &mut ignored,
            &source::read_bytes,
        );
        index.paths.resize(index.sources.len(), None);
        for import in file.imports() {
            index.imports.push(ImportLink {
                span: import.path.span,
                path: locate_import(base_dir, &import.path.value)
                    .ok()
                    .map(|(_, canonical)| canonical),
            });
        }
        for library in &followed.libraries {
            if let Some(slot) = library.source.and_then(|s| index.paths.get_mut(s.index())) {
                *slot = library.canonical.clone();
            }
            // Declarations of what a library imports come before its own, as in `resolve`.
            for declared in library.libraries() {
                index.declare(
                    Kind::Library,
                    &declared.id,
                    Node::Library(declared.title.clone()),
                );
                index.add_items(&declared.items, false);
            }
        }
        index.add_file(&file, true);
        index.file = file;
        index
    }

    fn add_file(&mut self, file: &ast::File, is_document: bool) {
        for item in &file.items {
            match item {
                ast::TopItem::Import(_) => {}
                ast::TopItem::Program(program) => {
                    self.declare(
                        Kind::Program,
                        &program.id,
                        Node::Program(program.title.clone()),
                    );
                    self.add_items(&program.items, is_document);
                }
                ast::TopItem::Library(library) => {
                    self.declare(
                        Kind::Library,
                        &library.id,
                        Node::Library(library.title.clone()),
                    );
                    self.add_items(&library.items, is_document);
                }
            }
        }
    }

    fn declare(&mut self, kind: Kind, id: &ast::Ident, node: Node) {
        if id.name.is_empty() {
            return; // A header the parser had to invent.
        }
        self.decls.push(Decl {
            kind,
            name: id.name.clone(),
            id_span: id.span,
            node,
        });
    }

    fn refer(&mut self, kind: Kind, id: &ast::Ident, is_document: bool) {
        if is_document && !id.name.is_empty() {
            self.references.push(Reference {
                kind,
                name: id.name.clone(),
                span: id.span,
            });
        }
    }

    fn add_items(&mut self, items: &[ast::ProgramItem], is_document: bool) {
        use ast::ProgramItemKind as K;
        for item in items {
            match &item.kind {
                K::Outcome(outcome) => {
                    self.declare(Kind::Outcome, &outcome.id, Node::Outcome(outcome.clone()));
                }
                K::Competency(competency) => self.declare(
                    Kind::Competency,
                    &competency.id,
                    Node::Competency(competency.clone()),
                ),
                K::Review(ast::Review { lens: Some(id), .. }) => {
                    self.refer(Kind::Lens, id, is_document);
                }
                K::Lens(lens) => {
                    self.declare(Kind::Lens, &lens.id, Node::Lens(lens.clone()));
                    for field in lens.sections.iter().flat_map(|s| &s.fields) {
                        self.declare(
                            Kind::Field,
                            &field.id,
                            Node::Field(field.clone(), lens.id.name.clone()),
                        );
                    }
                }
                K::Phase(phase) => {
                    self.declare(Kind::Phase, &phase.id, Node::Phase(phase.clone()));
                    for phase_item in &phase.items {
                        match &phase_item.kind {
                            ast::PhaseItemKind::Lenses(
                                ast::LensRule::AnyOf(ids) | ast::LensRule::Count { of: ids, .. },
                            )
                            | ast::PhaseItemKind::Progression(ids) => {
                                for id in ids {
                                    self.refer(Kind::Lens, id, is_document);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                K::Milestone(milestone) => {
                    self.milestone(milestone, None, is_document);
                }
                K::Track(track) => {
                    self.declare(Kind::Track, &track.id, Node::Track(track.clone()));
                    for track_item in &track.items {
                        match &track_item.kind {
                            ast::TrackItemKind::Milestone(milestone) => {
                                self.milestone(milestone, Some(track.id.name.clone()), is_document)
                            }
                            ast::TrackItemKind::Drop(id) => {
                                self.refer(Kind::Milestone, id, is_document);
                            }
                            ast::TrackItemKind::Doc(_) => {}
                        }
                    }
                }
                K::Matching(items) => {
                    for matching_item in items {
                        match &matching_item.kind {
                            ast::MatchingItemKind::Attribute(attribute) => self.declare(
                                Kind::Attribute,
                                &attribute.id,
                                Node::Attribute(attribute.clone()),
                            ),
                            ast::MatchingItemKind::Require(criterion)
                            | ast::MatchingItemKind::Prefer { criterion, .. } => {
                                self.refer(Kind::Attribute, &criterion.attribute, is_document);
                            }
                            ast::MatchingItemKind::Doc(_) | ast::MatchingItemKind::Capacity(_) => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn milestone(&mut self, milestone: &ast::Milestone, track: Option<String>, is_document: bool) {
        self.declare(
            Kind::Milestone,
            &milestone.id,
            Node::Milestone(milestone.clone(), track),
        );
        if let Some(replaces) = &milestone.replaces {
            self.refer(Kind::Milestone, replaces, is_document);
        }
        for item in &milestone.items {
            match &item.kind {
                ast::MilestoneItemKind::Competency(id) => {
                    self.refer(Kind::Competency, id, is_document);
                }
                ast::MilestoneItemKind::Evidence(ast::Evidence::Lens(id)) => {
                    self.refer(Kind::Lens, id, is_document);
                }
                _ => {}
            }
        }
    }

    /// The declaration an id of this kind names. A program milestone wins over a track's (a
    /// `replaces` or `drop` names the program's), the document's own over an imported one.
    pub(super) fn lookup(&self, kind: Kind, name: &str) -> Option<&Decl> {
        let mut found = self
            .decls
            .iter()
            .filter(|d| d.kind == kind && d.name == name);
        let first = found.next()?;
        let better = std::iter::once(first)
            .chain(found)
            .min_by_key(|d| (d.in_track(), d.id_span.source.index() != 0));
        Some(better.unwrap_or(first))
    }

    /// The declarations of one kind that a reference may name, each id once.
    pub(super) fn in_scope(&self, kind: Kind) -> Vec<&Decl> {
        let mut names = HashSet::new();
        self.decls
            .iter()
            .filter(|d| d.kind == kind && !(kind == Kind::Milestone && d.in_track()))
            .filter(|d| names.insert(d.name.as_str()))
            .collect()
    }

    /// What the document has at a byte offset (a cursor just after an id still counts).
    pub(super) fn at(&self, offset: usize) -> Option<Target<'_>> {
        let hits = |span: &Span| {
            span.source.index() == 0 && (span.start as usize..=span.end as usize).contains(&offset)
        };
        if let Some(reference) = self.references.iter().find(|r| hits(&r.span)) {
            return Some(Target::Reference(reference));
        }
        if let Some(decl) = self.decls.iter().find(|d| hits(&d.id_span)) {
            return Some(Target::Declaration(decl));
        }
        self.imports
            .iter()
            .find(|i| hits(&i.span))
            .map(Target::Import)
    }

    /// The declaration a target stands for.
    pub(super) fn declaration_of<'a>(&'a self, target: Target<'a>) -> Option<&'a Decl> {
        match target {
            Target::Reference(r) => self.lookup(r.kind, &r.name),
            Target::Declaration(d) => Some(d),
            Target::Import(_) => None,
        }
    }
}
