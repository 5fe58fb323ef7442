//! The outline: program or library, then its phases, lenses (with sections and fields),
//! milestones, tracks (with their milestones), competencies and outcomes.

use lsp_types::{DocumentSymbol, Range, SymbolKind};

use crate::source::Span;
use crate::syntax::ast;

/// The outline of one file; `range` turns a span of the file into an LSP range.
pub(super) fn outline(file: &ast::File, range: &dyn Fn(Span) -> Range) -> Vec<DocumentSymbol> {
    file.items
        .iter()
        .filter_map(|item| match item {
            ast::TopItem::Import(_) => None,
            ast::TopItem::Program(p) => Some(symbol(
                &p.id,
                Some(&p.title),
                SymbolKind::MODULE,
                p.span,
                items(&p.items, range),
                range,
            )),
            ast::TopItem::Library(l) => Some(symbol(
                &l.id,
                l.title.as_ref(),
                SymbolKind::PACKAGE,
                l.span,
                items(&l.items, range),
                range,
            )),
        })
        .collect()
}

#[expect(
    deprecated,
    reason = "`DocumentSymbol::deprecated` must still be given; `tags` replaces it"
)]
fn symbol(
    id: &ast::Ident,
    label: Option<&ast::Text>,
    kind: SymbolKind,
    span: Span,
    children: Vec<DocumentSymbol>,
    range: &dyn Fn(Span) -> Range,
) -> DocumentSymbol {
    let full = range(span);
    let mut selection = range(id.span);
    // The selection must lie inside the full range (a header the parser invented may not).
    if selection.start < full.start || selection.end > full.end {
        selection = full;
    }
    DocumentSymbol {
        name: if id.name.is_empty() {
            "?".to_owned()
        } else {
            id.name.clone()
        },
        detail: label.map(|t| t.value.clone()),
        kind,
        tags: None,
        deprecated: None,
        range: full,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

fn items(items: &[ast::ProgramItem], range: &dyn Fn(Span) -> Range) -> Vec<DocumentSymbol> {
    use ast::ProgramItemKind as K;
    let mut out = Vec::new();
    for item in items {
        match &item.kind {
            K::Phase(p) => out.push(symbol(
                &p.id,
                Some(&p.label),
                SymbolKind::EVENT,
                item.span,
                Vec::new(),
                range,
            )),
            K::Lens(l) => out.push(lens(l, item.span, range)),
            K::Milestone(m) => out.push(milestone(m, item.span, range)),
            K::Track(t) => {
                let children = t
                    .items
                    .iter()
                    .filter_map(|i| match &i.kind {
                        ast::TrackItemKind::Milestone(m) => Some(milestone(m, i.span, range)),
                        _ => None,
                    })
                    .collect();
                out.push(symbol(
                    &t.id,
                    Some(&t.label),
                    SymbolKind::NAMESPACE,
                    item.span,
                    children,
                    range,
                ));
            }
            K::Competency(c) => out.push(symbol(
                &c.id,
                Some(&c.label),
                SymbolKind::INTERFACE,
                item.span,
                Vec::new(),
                range,
            )),
            K::Outcome(o) => out.push(symbol(
                &o.id,
                Some(&o.label),
                SymbolKind::ENUM_MEMBER,
                item.span,
                Vec::new(),
                range,
            )),
            _ => {}
        }
    }
    out
}

fn milestone(m: &ast::Milestone, span: Span, range: &dyn Fn(Span) -> Range) -> DocumentSymbol {
    symbol(
        &m.id,
        Some(&m.label),
        SymbolKind::KEY,
        span,
        Vec::new(),
        range,
    )
}

#[expect(
    deprecated,
    reason = "`DocumentSymbol::deprecated` must still be given; `tags` replaces it"
)]
fn lens(l: &ast::Lens, span: Span, range: &dyn Fn(Span) -> Range) -> DocumentSymbol {
    let sections = l
        .sections
        .iter()
        .map(|section| {
            let fields = section
                .fields
                .iter()
                .map(|f| {
                    symbol(
                        &f.id,
                        Some(&f.label),
                        SymbolKind::FIELD,
                        f.span,
                        Vec::new(),
                        range,
                    )
                })
                .collect::<Vec<_>>();
            let full = range(section.span);
            let selection = range(section.title.span);
            DocumentSymbol {
                name: section.title.value.clone(),
                detail: Some("section".to_owned()),
                kind: SymbolKind::STRUCT,
                tags: None,
                deprecated: None,
                range: full,
                selection_range: if selection.start < full.start || selection.end > full.end {
                    full
                } else {
                    selection
                },
                children: (!fields.is_empty()).then_some(fields),
            }
        })
        .collect();
    symbol(
        &l.id,
        Some(&l.label),
        SymbolKind::CLASS,
        span,
        sections,
        range,
    )
}
