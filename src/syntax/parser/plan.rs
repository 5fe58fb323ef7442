//! The items that plan given sessions: `agreement before session 2 { field … }` and `review
//! every 4 sessions` / `review at sessions 4, 8, 12`, each `with lens id` or not.

use pest::iterators::Pair;

use super::{Cx, Header, Rule, children, first_number, parse_ident, parse_number};
use crate::source::Span;
use crate::syntax::ast::{Agreement, AgreementField, Number, Review, ReviewWhen};
use crate::syntax::keywords::Block;
use crate::syntax::recovery::report_invalid_item;

/// `agreement before session 2`, then the form's fields in an optional block.
pub(super) fn parse_agreement(pair: Pair<'_, Rule>, cx: &mut Cx<'_>, span: Span) -> Agreement {
    let fields = children(pair.clone())
        .find(|p| p.as_rule() == Rule::agreement_block)
        .map(|block| {
            let mut fields = Vec::new();
            for item in children(block) {
                match item.as_rule() {
                    Rule::agreement_field => {
                        let item_span = cx.span(&item);
                        let mut header = Header::new();
                        for child in children(item) {
                            header.take(&child, cx);
                        }
                        fields.push(AgreementField {
                            id: header.id(item_span),
                            label: header.label(item_span),
                            span: item_span,
                        });
                    }
                    Rule::invalid_item => report_invalid_item(item, Block::Agreement, cx),
                    _ => {}
                }
            }
            fields
        });
    Agreement {
        before: first_number(pair, cx, span),
        fields,
    }
}

/// `review every 4 sessions` or `review at sessions 4, 8, 12`, then `with lens id`.
pub(super) fn parse_review(pair: Pair<'_, Rule>, cx: &mut Cx<'_>, span: Span) -> Review {
    let mut when = ReviewWhen::Every(Number { value: 0, span });
    let mut lens = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::review_every => when = ReviewWhen::Every(first_number(child, cx, span)),
            Rule::review_at => {
                when = ReviewWhen::At(
                    children(child)
                        .filter(|p| p.as_rule() == Rule::int)
                        .map(|p| parse_number(p, cx))
                        .collect(),
                );
            }
            Rule::ident => lens = Some(parse_ident(child, cx)),
            _ => {}
        }
    }
    Review { when, lens }
}
