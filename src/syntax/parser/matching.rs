//! The `matching` block: `attribute id "Label" one of …`, `require …`, `prefer … weight N`,
//! `capacity N`, `doc "…"`.

use pest::iterators::Pair;

use super::{Cx, Header, Rule, children, first_number, first_text, parse_ident, parse_number};
use crate::diagnostic::{Diagnostic, Label};
use crate::rules;
use crate::source::Span;
use crate::syntax::ast::{
    Attribute, AttributeKind, AttributeValues, Criterion, CriterionKind, Item, MatchingItemKind,
    Number, SignedNumber,
};
use crate::syntax::keywords::Block;
use crate::syntax::recovery::report_invalid_item;

pub(super) fn parse_matching(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Vec<Item<MatchingItemKind>> {
    let mut items = Vec::new();
    for child in children(pair) {
        let span = cx.span(&child);
        let kind = match child.as_rule() {
            Rule::doc_decl => MatchingItemKind::Doc(first_text(child, cx, span)),
            Rule::attribute_decl => MatchingItemKind::Attribute(parse_attribute(child, cx, span)),
            Rule::capacity_decl => MatchingItemKind::Capacity(first_number(child, cx, span)),
            Rule::require_decl => match parse_criterion(child, cx) {
                Some(criterion) => MatchingItemKind::Require(criterion),
                None => continue,
            },
            Rule::prefer_decl => {
                let weight = children(child.clone())
                    .filter(|p| p.as_rule() == Rule::int)
                    .last()
                    .map(|p| parse_number(p, cx))
                    .unwrap_or(Number { value: 0, span });
                match parse_criterion(child, cx) {
                    Some(criterion) => MatchingItemKind::Prefer { criterion, weight },
                    None => continue,
                }
            }
            Rule::invalid_item => {
                report_invalid_item(child, Block::Matching, cx);
                continue;
            }
            _ => continue,
        };
        items.push(Item { kind, span });
    }
    items
}

fn parse_attribute(pair: Pair<'_, Rule>, cx: &mut Cx<'_>, span: Span) -> Attribute {
    let mut header = Header::new();
    let mut kind = AttributeKind::Person;
    let mut kind_span = span;
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        kind_span = cx.span(&child);
        kind = match child.as_rule() {
            Rule::kind_one_of => AttributeKind::OneOf(parse_values(child, cx)),
            Rule::kind_any_of => AttributeKind::AnyOf(parse_values(child, cx)),
            Rule::kind_number => {
                let mut bounds = children(child)
                    .filter(|p| p.as_rule() == Rule::signed_int)
                    .map(|p| parse_signed(p, cx));
                let min = bounds.next().unwrap_or(SignedNumber {
                    value: 0,
                    span: kind_span,
                });
                let max = bounds.next().unwrap_or(min);
                AttributeKind::Number { min, max }
            }
            _ => AttributeKind::Person,
        };
    }
    Attribute {
        id: header.id(span),
        label: header.label(span),
        kind,
        kind_span,
    }
}

fn parse_values(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> AttributeValues {
    for child in children(pair) {
        match child.as_rule() {
            Rule::program_values => {
                let span = cx.span(&child);
                return if child.as_str().starts_with("tracks") {
                    AttributeValues::Tracks(span)
                } else {
                    AttributeValues::Competencies(span)
                };
            }
            Rule::value_list => {
                return AttributeValues::Listed(
                    children(child).map(|p| parse_ident(p, cx)).collect(),
                );
            }
            _ => {}
        }
    }
    AttributeValues::Listed(Vec::new())
}

/// Numbers a roster compares are bounded far inside `i64`, so sums and differences of two
/// never overflow; the program check reports a bound past that.
const SIGNED_LIMIT: i64 = 1_000_000_000;

fn parse_signed(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> SignedNumber {
    let span = cx.span(&pair);
    let value = match pair.as_str().parse::<i64>() {
        Ok(value) if value.abs() <= SIGNED_LIMIT => value,
        _ => {
            cx.diagnostics.push(
                Diagnostic::new(
                    &rules::SYNTAX_ERROR,
                    format!("number `{}` is too large", pair.as_str()),
                    Label::new(span, format!("beyond ±{SIGNED_LIMIT}")),
                )
                .with_help(
                    "an attribute's range holds whole numbers such as levels or UTC offsets",
                ),
            );
            if pair.as_str().starts_with('-') {
                -SIGNED_LIMIT
            } else {
                SIGNED_LIMIT
            }
        }
    };
    SignedNumber { value, span }
}

/// The criterion of a `require` or `prefer` item: the first child that is one.
fn parse_criterion(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Option<Criterion> {
    let criterion = children(pair).find(|p| {
        matches!(
            p.as_rule(),
            Rule::criterion_shared
                | Rule::criterion_same
                | Rule::criterion_different
                | Rule::criterion_outside
                | Rule::criterion_above
                | Rule::criterion_within
        )
    })?;
    let span = cx.span(&criterion);
    let rule = criterion.as_rule();
    let attribute = children(criterion.clone())
        .find(|p| p.as_rule() == Rule::ident)
        .map(|p| parse_ident(p, cx))?;
    let kind = match rule {
        Rule::criterion_shared => CriterionKind::Shared,
        Rule::criterion_same => CriterionKind::Same,
        Rule::criterion_different => CriterionKind::Different,
        Rule::criterion_outside => CriterionKind::OutsideReportingLine,
        Rule::criterion_above => CriterionKind::AtLeastAbove(first_number(criterion, cx, span)),
        _ => CriterionKind::Within(first_number(criterion, cx, span)),
    };
    Some(Criterion {
        kind,
        attribute,
        span,
    })
}
