//! What the builder has seen once so far, so a second declaration or setting is reported at
//! the repeat with a label at the first: `Names` for ids (one set per kind, `P001`), `Settings`
//! for the settings a block may give once (`P003`). Kept apart from `build.rs` because every
//! item kind there uses them and they need nothing of the builder.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::Span;
use crate::syntax::ast;

/// Ids declared so far of one kind, with where they were declared.
#[derive(Default)]
pub(super) struct Names {
    pub(super) spans: HashMap<String, Span>,
    order: Vec<String>,
}

impl Names {
    pub(super) fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.order.iter().map(String::as_str)
    }

    pub(super) fn contains(&self, id: &str) -> bool {
        self.spans.contains_key(id)
    }

    /// Records an id; reports and refuses a duplicate.
    pub(super) fn declare(
        &mut self,
        kind: &str,
        id: &ast::Ident,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        if let Some(first) = self.spans.get(&id.name) {
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
        self.spans.insert(id.name.clone(), id.span);
        self.order.push(id.name.clone());
        true
    }
}

/// Settings that may appear once in their block.
#[derive(Default)]
pub(super) struct Settings {
    first: HashMap<&'static str, Span>,
}

impl Settings {
    /// Whether this is the first time `name` is set; reports the repeat otherwise.
    pub(super) fn first(
        &mut self,
        name: &'static str,
        span: Span,
        diagnostics: &mut Diagnostics,
    ) -> bool {
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
