//! Hover text: what an id names (from its declaration), or what a keyword does.

use std::fmt::Write as _;

use super::index::{Decl, Index, Kind, Node};
use crate::syntax::{ast, keywords};
use crate::words;

/// Markdown describing a declaration.
pub(super) fn describe(index: &Index, decl: &Decl) -> String {
    let mut out = String::new();
    match &decl.node {
        Node::Program(title) => {
            let _ = write!(out, "**{}**\n\nprogram `{}`", title.value, decl.name);
        }
        Node::Library(title) => {
            let title = title
                .as_ref()
                .map_or(decl.name.as_str(), |t| t.value.as_str());
            let _ = write!(out, "**{title}**\n\nlibrary `{}`", decl.name);
        }
        Node::Lens(lens) => {
            let _ = write!(out, "**{}**\n\nlens `{}`", lens.label.value, decl.name);
            docs(&mut out, &lens.docs);
            for section in &lens.sections {
                let _ = write!(out, "\n\n*{}*", section.title.value);
                for field in &section.fields {
                    let optional = if field.optional { " (optional)" } else { "" };
                    let _ = write!(
                        out,
                        "\n- `{}`: {}{optional}",
                        field.id.name, field.label.value
                    );
                }
            }
        }
        Node::Field(field, lens) => {
            let optional = if field.optional { ", optional" } else { "" };
            let _ = write!(
                out,
                "**{}**\n\nfield `{}` of lens `{lens}`{optional}",
                field.label.value, decl.name
            );
        }
        Node::Competency(competency) => {
            let _ = write!(
                out,
                "**{}**\n\ncompetency `{}`",
                competency.label.value, decl.name
            );
            docs(&mut out, &competency.docs);
        }
        Node::Outcome(outcome) => {
            let failed = if outcome.failed {
                " — a `failed` outcome"
            } else {
                ""
            };
            let _ = write!(
                out,
                "**{}**\n\noutcome `{}`{failed}",
                outcome.label.value, decl.name
            );
        }
        Node::Phase(phase) => phase_text(&mut out, phase),
        Node::Milestone(milestone, track) => milestone_text(&mut out, index, milestone, track),
        Node::Attribute(attribute) => {
            let kind = index.sources.slice(attribute.kind_span);
            let _ = write!(
                out,
                "**{}**\n\nattribute `{}` of the `matching` block, `{kind}`: a column of the roster",
                attribute.label.value, decl.name
            );
        }
        Node::Track(track) => {
            let _ = write!(out, "**{}**\n\ntrack `{}`", track.label.value, decl.name);
            for item in &track.items {
                match &item.kind {
                    ast::TrackItemKind::Milestone(m) => {
                        let _ = write!(out, "\n- adds milestone `{}`", m.id.name);
                        if let Some(replaced) = &m.replaces {
                            let _ = write!(out, " (replaces `{}`)", replaced.name);
                        }
                    }
                    ast::TrackItemKind::Drop(id) => {
                        let _ = write!(out, "\n- drops milestone `{}`", id.name);
                    }
                    ast::TrackItemKind::Doc(_) => {}
                }
            }
        }
    }
    if decl.id_span.source.index() != 0 {
        let name = index.sources.name(decl.id_span.source);
        let _ = write!(out, "\n\n*from `{name}`*");
    }
    out
}

fn docs(out: &mut String, docs: &[ast::Text]) {
    for doc in docs {
        let _ = write!(out, "\n\n{}", doc.value);
    }
}

fn phase_text(out: &mut String, phase: &ast::Phase) {
    let _ = write!(
        out,
        "**{}**\n\nphase `{}`, {}",
        phase.label.value,
        phase.id.name,
        words::session_range(phase.sessions.first.value, phase.sessions.last.value)
    );
    let mut lens_rule = "any lens of the program (no `lenses` line)".to_owned();
    for item in &phase.items {
        match &item.kind {
            ast::PhaseItemKind::Lenses(rule) => {
                lens_rule = match rule {
                    ast::LensRule::None => "none".to_owned(),
                    ast::LensRule::Any => "any".to_owned(),
                    ast::LensRule::AnyOf(of) => {
                        format!("any of {}", words::ids_comma(of.iter().map(|id| &id.name)))
                    }
                    ast::LensRule::Count { kind, count, of } => {
                        let kind = match kind {
                            ast::CountKind::Exactly => "exactly",
                            ast::CountKind::AtLeast => "at least",
                            ast::CountKind::AtMost => "at most",
                        };
                        format!(
                            "{kind} {} of {}",
                            count.value,
                            words::ids_comma(of.iter().map(|id| &id.name))
                        )
                    }
                };
            }
            ast::PhaseItemKind::Goal(goal) => {
                let _ = write!(out, "\n- goal: {}", goal.value);
            }
            _ => {}
        }
    }
    let _ = write!(out, "\n\nlenses: {lens_rule}");
    for item in &phase.items {
        match &item.kind {
            ast::PhaseItemKind::Progression(of) => {
                let _ = write!(
                    out,
                    "\n\nprogression: {}",
                    words::ids_comma(of.iter().map(|id| &id.name))
                );
            }
            ast::PhaseItemKind::NewProblems { allowed, onward } => {
                let allowed = if *allowed { "allowed" } else { "forbidden" };
                let onward = if *onward { " from here on" } else { "" };
                let _ = write!(out, "\n\nnew problems: {allowed}{onward}");
            }
            _ => {}
        }
    }
}

fn milestone_text(
    out: &mut String,
    index: &Index,
    milestone: &ast::Milestone,
    track: &Option<String>,
) {
    let _ = write!(
        out,
        "**{}**\n\nmilestone `{}`",
        milestone.label.value, milestone.id.name
    );
    if let Some(track) = track {
        let _ = write!(out, " of track `{track}`");
    }
    if let Some(replaced) = &milestone.replaces {
        let _ = write!(out, ", replaces `{}`", replaced.name);
    }
    let label_of = |kind: Kind, id: &ast::Ident| {
        index
            .lookup(kind, &id.name)
            .and_then(|d| match &d.node {
                Node::Competency(c) => Some(c.label.value.clone()),
                Node::Lens(l) => Some(l.label.value.clone()),
                _ => None,
            })
            .map_or_else(String::new, |label| format!(" ({label})"))
    };
    for item in &milestone.items {
        match &item.kind {
            ast::MilestoneItemKind::Competency(id) => {
                let label = label_of(Kind::Competency, id);
                let _ = write!(out, "\n- competency: `{}`{label}", id.name);
            }
            ast::MilestoneItemKind::Due(due) => {
                let due = match due {
                    ast::Due::BySession(n) => format!("by session {}", n.value),
                    ast::Due::ByWeek(n) => format!("by week {}", n.value),
                    ast::Due::ByDate { text, .. } => format!("by {text}"),
                };
                let _ = write!(out, "\n- due: {due}");
            }
            ast::MilestoneItemKind::Evidence(ast::Evidence::Lens(id)) => {
                let label = label_of(Kind::Lens, id);
                let _ = write!(out, "\n- evidence: lens `{}`{label}", id.name);
            }
            ast::MilestoneItemKind::Evidence(ast::Evidence::Review) => {
                let _ = write!(out, "\n- evidence: a review session");
            }
            ast::MilestoneItemKind::Doc(_) => {}
        }
    }
}

/// What a keyword does, in a line or two; `None` for words that are not keywords.
pub(super) fn keyword(word: &str) -> Option<&'static str> {
    keywords::keyword(word).and_then(|keyword| keyword.hover)
}
