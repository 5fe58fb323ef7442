//! The playbook in GitHub-flavoured Markdown: headings, tables, `- [ ]` checkboxes for what to
//! bring, and blank answer space in the worksheets.
//!
//! Every string from the program goes through `render::markdown::text`, so Markdown and HTML in a goal or note
//! shows as the characters the author typed instead of being interpreted.

use std::fmt::Write as _;

use super::{LensUse, Playbook, evidence_text, new_problems_text, outcomes, plan};
use crate::render::markdown::text;
use crate::words;

/// Paragraphs of answer space under each worksheet field. Each is a non-breaking space, so
/// GitHub keeps the empty lines (it drops plain blank lines) and a printout has room to write.
const ANSWER_LINES: usize = 3;

/// The whole playbook as Markdown.
pub fn render_markdown(playbook: &Playbook) -> String {
    let mut out = String::new();
    let program = playbook.program;
    let _ = writeln!(out, "# {}\n", text(&program.title));
    let mut facts = Vec::new();
    if let Some(audience) = &program.audience {
        facts.push(format!("**For:** {}", lines(audience, "")));
    }
    if let Some(track) = playbook.track {
        facts.push(format!("**Track:** {}", text(&track.label)));
    }
    if let Some(version) = &program.version {
        facts.push(format!("**Version:** {}", text(version)));
    }
    if let Some(start) = playbook.start {
        facts.push(format!("**Starts:** {start}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "{}\n", facts.join("  \n"));
    }

    let mut chapter = 0;
    let mut heading = |out: &mut String, title: &str| {
        chapter += 1;
        let _ = writeln!(out, "---\n\n## {chapter}. {title}\n");
    };

    if program.purpose.is_some() || !program.docs.is_empty() {
        heading(&mut out, "Purpose of mentorship");
        if let Some(purpose) = &program.purpose {
            let _ = writeln!(out, "**{}**\n", lines(purpose, ""));
        }
        paragraphs(&mut out, &program.docs);
    }

    let (ends_well, failed) = outcomes(program);
    if !ends_well.is_empty() || !failed.is_empty() {
        heading(&mut out, "How a session should end");
        if !ends_well.is_empty() {
            out.push_str("A successful session ends with one of:\n\n");
            bullets(&mut out, &ends_well, "- ");
        }
        if !failed.is_empty() {
            out.push_str("A session that ends with one of these has **failed its purpose**:\n\n");
            bullets(&mut out, &failed, "- ");
        }
    }

    if !program.mentorship_is.is_empty() || !program.mentorship_is_not.is_empty() {
        heading(&mut out, "What mentorship is — and is not");
        if !program.mentorship_is.is_empty() {
            out.push_str("### Mentorship is\n\n");
            bullets(&mut out, &program.mentorship_is, "- ");
        }
        if !program.mentorship_is_not.is_empty() {
            out.push_str("### Mentorship is not\n\n");
            bullets(&mut out, &program.mentorship_is_not, "- ");
        }
    }

    if let Some(view) = super::matching::MatchingView::of(program) {
        heading(&mut out, "How you were matched");
        super::matching::markdown(&mut out, &view);
    }

    let rhythm = playbook.rhythm();
    if !rhythm.is_empty() {
        heading(&mut out, "Rhythm and commitment");
        out.push_str("| | |\n| --- | --- |\n");
        for (what, rule) in rhythm {
            let _ = writeln!(out, "| **{what}** | {} |", text(&rule));
        }
        out.push('\n');
    }

    heading(&mut out, "The mentoring arc");
    arc_table(&mut out, playbook);
    if let Some(track) = playbook.track {
        let _ = writeln!(out, "### Track: {}\n", text(&track.label));
        paragraphs(&mut out, &track.docs);
        let dropped = super::dropped_labels(playbook.program, track);
        if !dropped.is_empty() {
            let _ = writeln!(
                out,
                "This track does without: {}.\n",
                dropped
                    .iter()
                    .map(|label| format!("“{}”", text(label)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    for (index, phase) in program.phases.iter().enumerate() {
        phase_section(&mut out, playbook, index + 1, phase);
    }

    if let Some(plan) = playbook.session_plan() {
        heading(&mut out, "Dated plan, session by session");
        plan::markdown(&mut out, &plan);
    }

    if !playbook.milestones.is_empty() {
        heading(&mut out, "Milestones");
        milestones(&mut out, playbook);
    }

    if playbook.track.is_none() && !program.tracks.is_empty() {
        heading(&mut out, "Tracks");
        tracks(&mut out, playbook);
    }

    if !playbook.lenses.is_empty() {
        heading(&mut out, "Lens worksheets");
        out.push_str(
            "Copy or print one worksheet per session that uses a lens, and fill it in before \
             the session.\n\n",
        );
        for lens in &playbook.lenses {
            worksheet(&mut out, playbook, lens);
        }
    }

    if let Some(agreement) = playbook.agreement() {
        heading(&mut out, "Mentoring agreement");
        agreement_form(&mut out, playbook, &agreement);
    }
    trim_end(&mut out);
    out
}

fn arc_table(out: &mut String, playbook: &Playbook) {
    let dated = playbook.start.is_some() && playbook.session_date(1).is_some();
    out.push_str(if dated {
        "| Phase | Sessions | Around | Lenses |\n| --- | --- | --- | --- |\n"
    } else {
        "| Phase | Sessions | Lenses |\n| --- | --- | --- |\n"
    });
    for (index, phase) in playbook.program.phases.iter().enumerate() {
        let _ = write!(
            out,
            "| {}. {} | {} |",
            index + 1,
            text(&phase.label),
            words::session_range_title(phase.first_session, phase.last_session)
        );
        if dated {
            let around = playbook
                .phase_dates(phase)
                .map(|(first, last)| {
                    if first == last {
                        first.to_string()
                    } else {
                        format!("{first} – {last}")
                    }
                })
                .unwrap_or_default();
            let _ = write!(out, " {around} |");
        }
        let _ = writeln!(out, " {} |", lens_use_short(&playbook.lens_use(phase)));
    }
    out.push('\n');
    if dated {
        out.push_str(
            "_Dates are estimates: session 1 on the start date, then one session per cadence \
             interval._\n\n",
        );
    }
}

pub(super) fn lens_use_short(lens_use: &LensUse) -> String {
    match lens_use {
        LensUse::Any => "any".to_owned(),
        LensUse::None => "none".to_owned(),
        LensUse::Choose { count, lenses } => format!(
            "{count} of: {}",
            lenses
                .iter()
                .map(|l| text(&l.label))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn phase_section(
    out: &mut String,
    playbook: &Playbook,
    number: usize,
    phase: &crate::model::Phase,
) {
    let _ = writeln!(
        out,
        "### Phase {number}: {} ({})\n",
        text(&phase.label),
        words::session_range_title(phase.first_session, phase.last_session)
    );
    match playbook.phase_dates(phase) {
        Some((first, last)) if first == last => {
            let _ = writeln!(out, "_Around {first} (estimated from the cadence)._\n");
        }
        Some((first, last)) => {
            let _ = writeln!(
                out,
                "_Around {first} to {last} (estimated from the cadence)._\n"
            );
        }
        None => {}
    }
    paragraphs(out, &phase.docs);
    if !phase.goals.is_empty() {
        out.push_str("**Goals**\n\n");
        bullets(out, &phase.goals, "- ");
    }
    if !phase.bring.is_empty() {
        out.push_str("**What to bring**\n\n");
        bullets(out, &phase.bring, "- [ ] ");
    }
    if !phase.not_expected.is_empty() {
        out.push_str("**What not to expect**\n\n");
        bullets(out, &phase.not_expected, "- ");
    }
    if let Some(sentence) = new_problems_text(phase) {
        let _ = writeln!(out, "{sentence}\n");
    }
    match playbook.lens_use(phase) {
        LensUse::Any => out.push_str("**Lenses:** any lens worksheet may be used.\n\n"),
        LensUse::None => out.push_str("**Lenses:** none; these sessions use no worksheet.\n\n"),
        LensUse::Choose { count, lenses } => {
            let _ = writeln!(
                out,
                "**Lenses:** each session uses **{count}** of these worksheets:\n"
            );
            let labels: Vec<String> = lenses
                .iter()
                .map(|l| format!("{} (worksheet below)", l.label))
                .collect();
            bullets(out, &labels, "- ");
        }
    }
    let reviews = playbook.reviews_in(phase);
    if let Some(reviews) = &reviews {
        let with = reviews.lens.map_or(String::new(), |lens| {
            format!(
                ", with the {} worksheet in place of this phase's",
                text(&lens.label)
            )
        });
        let _ = writeln!(out, "**Reviews:** {}{with}.\n", reviews.sentence());
    }
    let progression = playbook.progression(phase);
    if !progression.rows.is_empty() {
        out.push_str("**Session by session**\n\n| Session | Lens |\n| --- | --- |\n");
        for (session, lens) in progression.rows {
            match reviews.as_ref().filter(|r| r.sessions.contains(&session)) {
                Some(review) => {
                    let lens = review.lens.unwrap_or(lens);
                    let _ = writeln!(out, "| {session} | {} (review) |", text(&lens.label));
                }
                None => {
                    let _ = writeln!(out, "| {session} | {} |", text(&lens.label));
                }
            }
        }
        if let Some((first, last)) = progression.continues {
            let _ = writeln!(out, "| {first}–{last} | the same lenses, in turn |");
        }
        out.push('\n');
    }
    for note in &phase.notes {
        let _ = writeln!(out, "> {}\n", lines(note, "> "));
    }
}

fn milestones(out: &mut String, playbook: &Playbook) {
    out.push_str(
        "Each milestone is met in a session that shows its evidence, by its deadline.\n\n",
    );
    for group in playbook.competency_groups() {
        let _ = writeln!(
            out,
            "### {}\n",
            group.label.map_or("Other milestones".to_owned(), text)
        );
        paragraphs(out, group.docs);
        out.push_str("| # | Milestone | Due | Evidence |\n| --- | --- | --- | --- |\n");
        for view in group.milestones {
            let milestone = view.milestone;
            let mut label = text(&milestone.label);
            if view.from_track
                && let Some(track) = playbook.track
            {
                let _ = write!(label, " _({} track", text(&track.label));
                if let Some(replaced) = view.replaces {
                    let _ = write!(label, "; instead of “{}”", text(&replaced.label));
                }
                label.push_str(")_");
            }
            for doc in &milestone.docs {
                let _ = write!(label, "<br>{}", text(doc));
            }
            let due = view
                .due
                .as_ref()
                .map_or("—".to_owned(), |d| text(&d.text()));
            let evidence = milestone
                .evidence
                .as_ref()
                .map_or("—".to_owned(), |e| text(&evidence_text(playbook, e)));
            let _ = writeln!(out, "| {} | {label} | {due} | {evidence} |", view.number);
        }
        out.push('\n');
    }
    if playbook.milestones.iter().any(|m| {
        matches!(
            m.due.as_ref().and_then(|d| d.date),
            Some(super::DueDate::Estimate(_))
        )
    }) {
        out.push_str(
            "_“Around” dates are estimates: the date that session falls on if every session keeps \
             the cadence from the start date._\n\n",
        );
    }
}

fn tracks(out: &mut String, playbook: &Playbook) {
    let program = playbook.program;
    out.push_str(
        "Each track is a variant of the program for one domain. A pair on a track owes the \
         program's milestones with these changes.\n\n",
    );
    for track in &program.tracks {
        let _ = writeln!(out, "### {}\n", text(&track.label));
        paragraphs(out, &track.docs);
        let mut changes = Vec::new();
        for added in &track.milestones {
            let m = &added.milestone;
            let due = m
                .due
                .map(|d| format!(", {}", d.describe()))
                .unwrap_or_default();
            let line = match added
                .replaces
                .as_ref()
                .and_then(|(id, _)| playbook.program_milestone(id))
            {
                Some(replaced) => format!("{}{due}, instead of “{}”", m.label, replaced.label),
                None => format!("{}{due} (added)", m.label),
            };
            changes.push(line);
        }
        for (dropped, _) in &track.drops {
            if let Some(m) = playbook.program_milestone(dropped) {
                changes.push(super::dropped_text(&m.label));
            }
        }
        bullets(out, &changes, "- ");
    }
}

/// The agreement as a form: who, from when, the terms the program sets, the outcomes aimed
/// for, what each contributes, and the signatures.
fn agreement_form(out: &mut String, playbook: &Playbook, agreement: &super::AgreementView) {
    let _ = writeln!(out, "{}\n", agreement.when);
    let start = agreement.start.map(|d| d.to_string()).unwrap_or_default();
    let _ = writeln!(
        out,
        "| | |\n| --- | --- |\n| **Mentor** | |\n| **Mentee** | |\n| **Start date** | {start} |"
    );
    for (what, rule) in &agreement.terms {
        let _ = writeln!(out, "| **{what}** | {} |", text(rule));
    }
    out.push('\n');
    if !playbook.milestones.is_empty() {
        out.push_str("### Expected outcomes\n\n");
        for view in &playbook.milestones {
            let due = view
                .due
                .as_ref()
                .map(|due| format!(", {}", due.deadline.describe()))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}{due}", text(&view.milestone.label));
        }
        out.push('\n');
    }
    for field in &agreement.fields {
        let _ = writeln!(out, "### {}\n\n&nbsp;\n\n&nbsp;\n", text(field));
    }
    out.push_str("### Signatures\n\n| | Signature | Date |\n| --- | --- | --- |\n| Mentor | | |\n| Mentee | | |\n\n");
}

fn worksheet(out: &mut String, playbook: &Playbook, lens: &crate::model::Lens) {
    let _ = writeln!(out, "### Worksheet: {}\n", text(&lens.label));
    paragraphs(out, &lens.docs);
    let mut phases: Vec<String> = playbook
        .phases_using(lens)
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                text(&p.label),
                words::session_range_title(p.first_session, p.last_session)
            )
        })
        .collect();
    phases.extend(playbook.review_use(lens));
    if !phases.is_empty() {
        let _ = writeln!(out, "**Used in:** {}  ", phases.join(", "));
    }
    let evidence: Vec<String> = playbook
        .milestones_evidenced_by(lens)
        .iter()
        .map(|m| format!("“{}”", text(&m.milestone.label)))
        .collect();
    if !evidence.is_empty() {
        let _ = writeln!(out, "**Evidence for:** {}  ", evidence.join(", "));
    }
    if let Some(who) = lens.filled_by {
        let _ = writeln!(out, "**Filled in by:** {}  ", who.describe());
    }
    out.push_str("**Session:** ______ **Date:** ____________\n\n");
    for section in &lens.sections {
        let _ = writeln!(out, "#### {}\n", text(&section.title));
        for field in &section.fields {
            let optional = if field.optional { " _(optional)_" } else { "" };
            let _ = writeln!(out, "**{}**{optional}\n", text(&field.label));
            for _ in 0..ANSWER_LINES {
                out.push_str("&nbsp;\n\n");
            }
        }
    }
}

fn paragraphs(out: &mut String, items: &[String]) {
    for item in items {
        let _ = writeln!(out, "{}\n", lines(item, ""));
    }
}

fn bullets<S: AsRef<str>>(out: &mut String, items: &[S], marker: &str) {
    for item in items {
        let _ = writeln!(out, "{marker}{}", lines(item.as_ref(), "  "));
    }
    out.push('\n');
}

/// A program text that may hold line breaks (`\n` in the `.mentor` file), for a paragraph or a
/// list item: each line escaped, joined by Markdown hard breaks; `indent` keeps the following
/// lines inside a list item. (Table cells use [`text`], where a break would end the row.)
fn lines(s: &str, indent: &str) -> String {
    s.split('\n')
        .map(text)
        .collect::<Vec<_>>()
        .join(&format!("\\\n{indent}"))
}

fn trim_end(out: &mut String) {
    while out.ends_with('\n') {
        out.pop();
    }
    out.push('\n');
}
