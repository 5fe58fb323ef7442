//! What the plan asks for at given sessions: the reviews (`review every N sessions`, `review at
//! sessions 4, 8, 12`) and the agreement. Each number is noted for the plan's bounds (`P025`);
//! a session listed twice as a review is `P003` here, where every repeat is found.

use super::Builder;
use crate::diagnostic::{Diagnostic, Label};
use crate::model;
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

    /// Notes the session the agreement is due before, for the plan's bounds.
    pub(super) fn agreement(&mut self, before: ast::Number, span: Span) -> model::Agreement {
        self.plan_session(before);
        model::Agreement {
            before_session: before.value,
            span,
        }
    }
}
