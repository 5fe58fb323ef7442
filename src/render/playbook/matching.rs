//! The playbook's "How you were matched": the program's `matching` block as a mentee or mentor
//! reads it. The rules become sentences in the program's own labels ("Your mentor's Career
//! level is at least 2 above yours"), the preferences a table of what counts and how much,
//! so a pair can see why it was put together. One view, laid out by both renderers.

use std::fmt::Write as _;

use crate::model::Program;
use crate::model::matching::{AttributeKind, CriterionKind, Matching};
use crate::render::html::escape;
use crate::render::markdown::text;

/// What the section says.
pub(super) struct MatchingView {
    pub(super) docs: Vec<String>,
    /// What every pair meets, one sentence each.
    pub(super) requirements: Vec<String>,
    /// What counts, and how much: (what, points).
    pub(super) preferences: Vec<(String, String)>,
    /// "Each mentor takes up to 2 mentees."
    pub(super) capacity: String,
}

impl MatchingView {
    pub(super) fn of(program: &Program) -> Option<MatchingView> {
        let matching = program.matching.as_ref()?;
        let requirements = matching
            .requirements
            .iter()
            .map(|criterion| requirement_sentence(matching, criterion.kind, criterion.attribute))
            .collect();
        let preferences = matching
            .preferences
            .iter()
            .filter(|preference| preference.weight > 0)
            .map(|preference| {
                let criterion = &preference.criterion;
                let per_value = matching.counts_per_value(criterion);
                let points = crate::words::count(u64::from(preference.weight), "point", "points");
                (
                    preference_phrase(matching, criterion.kind, criterion.attribute),
                    if per_value {
                        format!("{points} for each one shared")
                    } else {
                        points
                    },
                )
            })
            .collect();
        let capacity = match matching.default_capacity() {
            1 => "Each mentor takes one mentee, unless the roster says otherwise.".to_owned(),
            n => format!("Each mentor takes up to {n} mentees, unless the roster says otherwise."),
        };
        Some(MatchingView {
            docs: matching.docs.clone(),
            requirements,
            preferences,
            capacity,
        })
    }
}

fn label(matching: &Matching, attribute: usize) -> &str {
    matching
        .attributes
        .get(attribute)
        .map_or("?", |a| a.label.as_str())
}

/// Whether the attribute holds one value per person (`one of`): `shared` then means "the same".
fn one_value(matching: &Matching, attribute: usize) -> bool {
    matching
        .attributes
        .get(attribute)
        .is_some_and(|a| matches!(a.kind, AttributeKind::OneOf(_)))
}

/// A label inside a sentence: "Career level" reads "career level", but "UTC offset" keeps its
/// capitals (a word whose second letter is a capital is an acronym).
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// A requirement as the pair reads it: "Your mentor's Career level is at least 2 above yours."
fn requirement_sentence(matching: &Matching, kind: CriterionKind, attribute: usize) -> String {
    let label = in_sentence(label(matching, attribute));
    match kind {
        CriterionKind::Shared if one_value(matching, attribute) => {
            format!("You and your mentor have the same {label}.")
        }
        CriterionKind::Shared => format!("You and your mentor share at least one of your {label}."),
        CriterionKind::Same => format!("You and your mentor have the same {label}."),
        CriterionKind::Different => format!("You and your mentor differ in {label}."),
        CriterionKind::OutsideReportingLine => {
            format!("Your mentor is outside your reporting line ({label}).")
        }
        CriterionKind::AtLeastAbove(by) => {
            format!("Your mentor's {label} is at least {by} above yours.")
        }
        CriterionKind::Within(by) => {
            format!("Your {label} and your mentor's differ by at most {by}.")
        }
    }
}

/// What a preference rewards: "Values you share".
fn preference_phrase(matching: &Matching, kind: CriterionKind, attribute: usize) -> String {
    let written = label(matching, attribute);
    let label = in_sentence(written);
    match kind {
        CriterionKind::Shared if one_value(matching, attribute) => format!("The same {label}"),
        CriterionKind::Shared => format!("{written} you share"),
        CriterionKind::Same => format!("The same {label}"),
        CriterionKind::Different => format!("A different {label}"),
        CriterionKind::OutsideReportingLine => format!("Outside your reporting line ({label})"),
        CriterionKind::AtLeastAbove(by) => {
            format!("Your mentor's {label} at least {by} above yours")
        }
        CriterionKind::Within(by) => format!("{written} within {by} of each other"),
    }
}

const INTRO: &str = "Mentors and mentees were paired by the rules below, written in the program. \
     Every pair meets all the requirements. The match paired as many mentees as the requirements \
     and the mentors' capacities allow and, among the ways to do so, chose the one that scores \
     highest over the whole cohort.";

pub(super) fn markdown(out: &mut String, view: &MatchingView) {
    let _ = writeln!(out, "{INTRO}\n");
    for doc in &view.docs {
        let _ = writeln!(out, "{}\n", text(doc));
    }
    if !view.requirements.is_empty() {
        out.push_str("### Every pair\n\n");
        for requirement in &view.requirements {
            let _ = writeln!(out, "- {}", text(requirement));
        }
        out.push('\n');
    }
    if !view.preferences.is_empty() {
        out.push_str(
            "### What makes a pair a better match\n\n| What counts | Points |\n| --- | --- |\n",
        );
        for (what, points) in &view.preferences {
            let _ = writeln!(out, "| {} | {} |", text(what), text(points));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}\n", view.capacity);
}

pub(super) fn html(out: &mut String, view: &MatchingView) {
    let _ = writeln!(out, "<p>{INTRO}</p>");
    for doc in &view.docs {
        let _ = writeln!(out, "<p>{}</p>", escape(doc));
    }
    out.push_str("<div class=\"columns\">\n");
    if !view.requirements.is_empty() {
        out.push_str("<div class=\"keep\">\n<h3>Every pair</h3>\n<ul class=\"requirements\">\n");
        for requirement in &view.requirements {
            let _ = writeln!(out, "<li>{}</li>", escape(requirement));
        }
        out.push_str("</ul>\n</div>\n");
    }
    if !view.preferences.is_empty() {
        out.push_str(
            "<div class=\"keep\">\n<h3>What makes a pair a better match</h3>\n\
             <table class=\"preferences short\">\n<thead><tr><th scope=\"col\">What counts</th>\
             <th scope=\"col\">Points</th></tr></thead>\n<tbody>\n",
        );
        for (what, points) in &view.preferences {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                escape(what),
                escape(points)
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    out.push_str("</div>\n");
    let _ = writeln!(out, "<p>{}</p>", escape(&view.capacity));
}
