//! The `matching` block: attribute ids declared once, a value listed once per attribute,
//! `capacity` set once, every criterion's attribute resolved (an unknown one is `P002` and
//! the criterion is dropped), and `one of tracks` / `any of competencies` filled with the
//! program's ids.

use super::Builder;
use crate::model::{self, Program, matching as m};
use crate::resolve::duplicates::{Names, Settings};
use crate::source::Span;
use crate::syntax::ast;

impl Builder<'_> {
    pub(super) fn matching(
        &mut self,
        items: &[ast::Item<ast::MatchingItemKind>],
        span: Span,
        program: &Program,
    ) -> model::Matching {
        let mut matching = m::Matching {
            docs: Vec::new(),
            attributes: Vec::new(),
            capacity: None,
            requirements: Vec::new(),
            preferences: Vec::new(),
            span,
        };
        // Attributes first, so a criterion may name one declared below it.
        let mut names = Names::default();
        for item in items {
            if let ast::MatchingItemKind::Attribute(attribute) = &item.kind
                && names.declare("attribute", &attribute.id, self.diagnostics)
            {
                let kind = self.attribute_kind(&attribute.kind, program);
                matching.attributes.push(m::Attribute {
                    id: attribute.id.name.clone(),
                    label: attribute.label.value.clone(),
                    kind,
                    span: attribute.id.span,
                    kind_span: attribute.kind_span,
                });
            }
        }
        let mut settings = Settings::default();
        // A criterion stated twice would count twice: reported, and the repeat dropped.
        let (mut required, mut preferred) = (Names::default(), Names::default());
        for item in items {
            match &item.kind {
                ast::MatchingItemKind::Doc(text) => matching.docs.push(text.value.clone()),
                ast::MatchingItemKind::Attribute(_) => {}
                ast::MatchingItemKind::Capacity(number) => {
                    if settings.first("capacity", item.span, self.diagnostics) {
                        matching.capacity = Some(m::Capacity {
                            value: number.value,
                            span: number.span,
                        });
                    }
                }
                ast::MatchingItemKind::Require(criterion) => {
                    if let Some(criterion) = self.criterion(criterion, &names, &matching)
                        && required.declare(
                            "requirement",
                            &stated(&matching, &criterion),
                            self.diagnostics,
                        )
                    {
                        matching.requirements.push(criterion);
                    }
                }
                ast::MatchingItemKind::Prefer { criterion, weight } => {
                    if let Some(criterion) = self.criterion(criterion, &names, &matching)
                        && preferred.declare(
                            "preference",
                            &stated(&matching, &criterion),
                            self.diagnostics,
                        )
                    {
                        matching.preferences.push(m::Preference {
                            criterion,
                            weight: weight.value,
                            weight_span: weight.span,
                            span: item.span,
                        });
                    }
                }
            }
        }
        matching
    }

    fn attribute_kind(&mut self, kind: &ast::AttributeKind, program: &Program) -> m::AttributeKind {
        match kind {
            ast::AttributeKind::OneOf(values) => {
                m::AttributeKind::OneOf(self.values(values, program))
            }
            ast::AttributeKind::AnyOf(values) => {
                m::AttributeKind::AnyOf(self.values(values, program))
            }
            ast::AttributeKind::Number { min, max } => m::AttributeKind::Number {
                min: min.value,
                max: max.value,
            },
            ast::AttributeKind::Person => m::AttributeKind::Person,
        }
    }

    /// The values as listed, each once (a repeat is `P001`), or the program's tracks or
    /// competencies.
    fn values(&mut self, values: &ast::AttributeValues, program: &Program) -> m::Values {
        match values {
            ast::AttributeValues::Listed(list) => {
                let mut seen = Names::default();
                let ids = list
                    .iter()
                    .filter(|id| seen.declare("value", id, self.diagnostics))
                    .map(|id| id.name.clone())
                    .collect();
                m::Values {
                    ids,
                    from: m::ValuesFrom::Listed,
                }
            }
            ast::AttributeValues::Tracks(_) => m::Values {
                ids: program
                    .tracks
                    .iter()
                    .map(|track| track.id.clone())
                    .collect(),
                from: m::ValuesFrom::Tracks,
            },
            ast::AttributeValues::Competencies(_) => m::Values {
                ids: self.competencies.iter().map(|c| c.id.clone()).collect(),
                from: m::ValuesFrom::Competencies,
            },
        }
    }

    fn criterion(
        &mut self,
        criterion: &ast::Criterion,
        names: &Names,
        matching: &m::Matching,
    ) -> Option<m::Criterion> {
        let Some(attribute) = matching
            .attributes
            .iter()
            .position(|attribute| attribute.id == criterion.attribute.name)
        else {
            self.unknown("attribute", &criterion.attribute, names);
            return None;
        };
        let kind = match criterion.kind {
            ast::CriterionKind::Shared => m::CriterionKind::Shared,
            ast::CriterionKind::Same => m::CriterionKind::Same,
            ast::CriterionKind::Different => m::CriterionKind::Different,
            ast::CriterionKind::OutsideReportingLine => m::CriterionKind::OutsideReportingLine,
            ast::CriterionKind::AtLeastAbove(by) => m::CriterionKind::AtLeastAbove(by.value),
            ast::CriterionKind::Within(by) => m::CriterionKind::Within(by.value),
        };
        Some(m::Criterion {
            kind,
            attribute,
            span: criterion.span,
        })
    }
}

/// A criterion as an id for [`Names`]: its words, at its place.
fn stated(matching: &m::Matching, criterion: &m::Criterion) -> ast::Ident {
    ast::Ident {
        name: matching.describe(criterion),
        span: criterion.span,
    }
}
