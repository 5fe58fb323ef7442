//! What the plan asks for at given sessions: the reviews (`review every N sessions`, `review at
//! sessions 4, 8, 12`) and the agreement, with its form's fields. Each number is noted for the
//! plan's bounds (`P025`); a session listed twice as a review is `P003` here, where every repeat
//! is found; a form field with no label is `P028`.

use super::Builder;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model;
use crate::resolve::duplicates::Names;
use crate::rules;
use crate::source::Span;
use crate::syntax::ast;

impl Builder<'_> {
    /// Resolves the review's lens, reporting an unknown one, and notes its interval or sessions
    /// for the plan's bounds.
    pub(super) fn review(&mut self, review: &ast::Review, span: Span) -> model::Review {
        let lens = review
            .lens
            .as_ref()
            .and_then(|id| self.lens_refs(std::slice::from_ref(id)).pop());
        let schedule = match &review.when {
            ast::ReviewWhen::Every(every) => {
                self.plan_session(*every);
                model::ReviewSchedule::Every(every.value)
            }
            ast::ReviewWhen::At(listed) => self.review_sessions(listed),
        };
        model::Review {
            schedule,
            span,
            lens,
        }
    }

    /// `review at sessions 4, 8, 12`: the sessions as written (the program check reports `0`,
    /// the order and sessions past the end) and as planned, ascending and once each.
    fn review_sessions(&mut self, listed: &[ast::Number]) -> model::ReviewSchedule {
        let mut firsts: Vec<&ast::Number> = Vec::new();
        for number in listed {
            self.plan_session(*number);
            match firsts.iter().find(|first| first.value == number.value) {
                Some(first) => self.diagnostics.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_SETTING,
                        format!("session {} is listed twice as a review", number.value),
                        Label::new(number.span, "listed again here"),
                    )
                    .with_label(Label::new(first.span, "first listed here"))
                    .with_help("list each review session once"),
                ),
                None => firsts.push(number),
            }
        }
        let mut sessions: Vec<u32> = firsts.iter().map(|n| n.value).filter(|&n| n > 0).collect();
        sessions.sort_unstable();
        model::ReviewSchedule::At {
            listed: firsts
                .iter()
                .map(|n| model::Bound {
                    value: n.value,
                    span: n.span,
                })
                .collect(),
            sessions,
        }
    }

    /// Notes the session the agreement is due before, for the plan's bounds, and keeps the
    /// form's fields: each id once (`P001`), each with a label (`P028`).
    pub(super) fn agreement(&mut self, agreement: &ast::Agreement, span: Span) -> model::Agreement {
        self.plan_session(agreement.before);
        let fields = agreement.fields.as_ref().map(|fields| {
            let mut ids = Names::default();
            let mut kept = Vec::new();
            for field in fields {
                if !ids.declare("field of the agreement", &field.id, self.diagnostics) {
                    continue;
                }
                labelled(self.diagnostics, "the agreement", &field.id, &field.label);
                kept.push(model::AgreementField {
                    id: field.id.name.clone(),
                    label: field.label.value.clone(),
                    span: field.span,
                });
            }
            kept
        });
        model::Agreement {
            before_session: agreement.before.value,
            span,
            fields,
        }
    }
}

/// `P028` for a field whose label is empty or blank: the printed form would show a blank
/// question.
pub(super) fn labelled(
    diagnostics: &mut Diagnostics,
    whose: &str,
    id: &ast::Ident,
    label: &ast::Text,
) {
    if label.value.trim().is_empty() {
        diagnostics.push(
            Diagnostic::new(
                &rules::EMPTY_LABEL,
                format!("field `{}` of {whose} has an empty label", id.name),
                Label::new(label.span, "nothing to print"),
            )
            .with_help(format!(
                "write the question the form asks: `field {} \"What …\"`",
                id.name
            )),
        );
    }
}
