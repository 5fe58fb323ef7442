//! Hover text: what an id names (from its declaration), or what a keyword does.

use std::fmt::Write as _;

use super::index::{Decl, Index, Kind, Node};
use crate::syntax::ast;
use crate::words;

/// Markdown describing a declaration.
pub fn describe(index: &Index, decl: &Decl) -> String {
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
            ast::PhaseItemKind::NewProblems { allowed } => {
                let allowed = if *allowed { "allowed" } else { "forbidden" };
                let _ = write!(out, "\n\nnew problems: {allowed}");
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
pub fn keyword(word: &str) -> Option<&'static str> {
    Some(match word {
        "program" => "`program id \"Title\" { … }`: the program, one per file.",
        "library" => {
            "`library id \"Title\" { … }`: lenses, competencies and outcomes that programs share through `import`."
        }
        "import" => {
            "`import \"path.mentor\"`: brings in a library; the path is relative to this file."
        }
        "version" => "`version \"…\"`: the program's version; logs may name it.",
        "audience" => "`audience \"…\"`: who the program is for.",
        "purpose" => "`purpose \"…\"`: what the program is for, in one sentence.",
        "doc" => "`doc \"…\"`: text for the playbook.",
        "mentorship" => {
            "`mentorship is { \"…\" }` / `mentorship is-not { \"…\" }`: what mentorship is and is not, one string per line."
        }
        "length" => {
            "`length 5 sessions within 12 weeks` (or a range `8..12 sessions`): how many sessions, over how long."
        }
        "cadence" => {
            "`cadence every 2 weeks, gap at least 1 week, gap at most 4 weeks`: how often pairs meet (all parts optional)."
        }
        "session" => "`session at least 45 minutes, at most 90 minutes`: how long a session lasts.",
        "outcome" => {
            "`outcome id \"Label\" [failed]`: a way a held session may end; every held session records one."
        }
        "failed" => "marks an outcome that means the session went wrong.",
        "competency" => {
            "`competency id \"Label\"` declares a competency; inside a milestone, `competency id` names the one it shows."
        }
        "lens" => {
            "`lens id \"Title\" { section … }`: a structured reflection; sessions that use it answer its fields."
        }
        "section" => "`section \"Title\" { field … }`: a group of fields of a lens.",
        "field" => {
            "`field id \"Label\" [optional]`: one question of a lens; optional fields may be left blank."
        }
        "optional" => "the field may be left blank in a log.",
        "phase" => {
            "`phase id \"Title\" sessions 1..2 { … }`: a stretch of sessions with its goals and lens rule."
        }
        "goal" | "bring" | "not-expected" | "note" => "text of a phase, for the playbook.",
        "lenses" => {
            "`lenses none | any | any of a, b | exactly N of a, b | at least N of … | at most N of …`: which lenses a session of this phase may use."
        }
        "new-problems" => {
            "`new-problems forbidden | allowed`: whether a session of this phase may bring a new problem."
        }
        "progression" => "`progression a, b, c`: the phase's sessions use these lenses in turn.",
        "milestone" => {
            "`milestone id \"Title\" { competency …  due by …  evidence … }`: something a pair must reach, by when, shown how."
        }
        "due" => {
            "`due by session N | week N | date YYYY-MM-DD`: when a milestone is due (weeks count from the log's `started`)."
        }
        "evidence" => {
            "`evidence lens id | review`: what the session claiming a milestone must show."
        }
        "review" => {
            "`review every N sessions [with lens id]`: a session of kind `review` at least every N held sessions, using that lens whatever its phase allows; `evidence review` in a milestone."
        }
        "commitment" => "`commitment 4 hours per month`: the time a pair agrees to spend.",
        "agreement" => {
            "`agreement before session 2`: the log records an agreement date on or before that session."
        }
        "track" => {
            "`track id \"Title\" { milestone … replaces …  drop milestone … }`: a variant of the program's milestones."
        }
        "replaces" => {
            "`milestone id \"Title\" replaces other { … }`: in a track, stands in for a program milestone."
        }
        "drop" => "`drop milestone id`: the track does without a program milestone.",
        "severity" => {
            "`severity CODE-or-name error | warning | advice | off`: changes how a rule reports for this program."
        }
        _ => return None,
    })
}
