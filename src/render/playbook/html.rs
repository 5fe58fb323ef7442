//! The playbook as one self-contained, print-ready HTML page.
//!
//! Inline CSS only: no scripts, fonts, images or links to anything outside the file, so it can be
//! mailed, archived or printed years later. The print stylesheet sets the paper size (A4 by
//! default, US Letter through a named `@page`), starts each phase and each worksheet on a new
//! page, and keeps table rows, lists and worksheet fields from splitting across pages.
//!
//! Every string from the program is escaped with `render::html::escape` (text and attribute
//! values alike).

use std::fmt::Write as _;

use super::{
    DueDate, LensUse, Playbook, evidence_text, new_problems_text, outcomes, plan, timeline,
};
use crate::model::{Lens, Phase};
use crate::render::html::escape;
use crate::words;

/// The paper a printout is laid out for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// A table of up to this many rows is kept whole on one page, with its heading: split, a short
/// table left a row or two alone on the next page.
const SHORT_TABLE_ROWS: usize = 16;

/// Ruled lines under each worksheet field.
const ANSWER_LINES: usize = 3;

/// Up to this many fields, a worksheet has [`ANSWER_LINES`] lines per field and fits one page;
/// beyond, one line fewer each keeps it on one page (six fields on A4 and Letter).
const ROOMY_FIELDS: usize = 4;

/// Ruled lines under each part of the agreement: two, so the form and its signatures fit one
/// page on A4 and Letter; one for a form of more than [`ROOMY_AGREEMENT_FIELDS`] parts.
const AGREEMENT_LINES: usize = 2;
const ROOMY_AGREEMENT_FIELDS: usize = 3;

/// The playbook's screen and print style; a pair's page (`render::pair`) builds on it.
pub(crate) const STYLE: &str = include_str!("playbook.css");

/// The whole playbook as an HTML document.
pub fn render_html(playbook: &Playbook, paper: Paper) -> String {
    let program = playbook.program;
    let mut out = String::new();
    let paper_class = match paper {
        Paper::A4 => "paper-a4",
        Paper::Letter => "paper-letter",
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"mentor playbook\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body class=\"{paper_class}\">\n",
        escape(&program.title)
    );

    out.push_str("<header class=\"cover\">\n<p class=\"kicker\">Mentoring playbook</p>\n");
    let _ = writeln!(out, "<h1>{}</h1>", escape(&program.title));
    out.push_str("<dl class=\"facts\">\n");
    if let Some(audience) = &program.audience {
        fact(&mut out, "For", &lines(audience));
    }
    if let Some(track) = playbook.track {
        fact(&mut out, "Track", &escape(&track.label));
    }
    if let Some(version) = &program.version {
        fact(&mut out, "Version", &escape(version));
    }
    if let Some(start) = playbook.start {
        fact(&mut out, "Starts", &start.to_string());
    }
    out.push_str("</dl>\n</header>\n");

    let sections = Sections::of(playbook);
    contents(&mut out, playbook, &sections);
    out.push_str("<main>\n");

    if sections.purpose {
        section_start(&mut out, "purpose", "Purpose of mentorship", "");
        if let Some(purpose) = &program.purpose {
            let _ = writeln!(out, "<p class=\"lead\">{}</p>", lines(purpose));
        }
        paragraphs(&mut out, &program.docs);
        out.push_str("</section>\n");
    }

    let (ends_well, failed) = outcomes(program);
    if sections.outcomes {
        section_start(&mut out, "outcomes", "How a session should end", "");
        if !ends_well.is_empty() {
            out.push_str("<div class=\"keep\">\n<p>A successful session ends with one of:</p>\n");
            list(&mut out, &ends_well, "outcomes good");
            out.push_str("</div>\n");
        }
        if !failed.is_empty() {
            out.push_str(
                "<div class=\"keep\">\n<p>A session that ends with one of these has \
                 <strong>failed its purpose</strong>:</p>\n",
            );
            list(&mut out, &failed, "outcomes failed");
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }

    if sections.mentorship {
        section_start(
            &mut out,
            "mentorship",
            "What mentorship is — and is not",
            "",
        );
        out.push_str("<div class=\"columns\">\n");
        if !program.mentorship_is.is_empty() {
            out.push_str("<div class=\"keep\">\n<h3>Mentorship is</h3>\n");
            list(&mut out, &program.mentorship_is, "is");
            out.push_str("</div>\n");
        }
        if !program.mentorship_is_not.is_empty() {
            out.push_str("<div class=\"keep\">\n<h3>Mentorship is not</h3>\n");
            list(&mut out, &program.mentorship_is_not, "is-not");
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n</section>\n");
    }

    if let Some(view) = super::matching::MatchingView::of(program) {
        section_start(&mut out, "matching", "How you were matched", "matching");
        super::matching::html(&mut out, &view);
        out.push_str("</section>\n");
    }

    let rhythm = playbook.rhythm();
    if !rhythm.is_empty() {
        section_start(&mut out, "rhythm", "Rhythm and commitment", "");
        out.push_str("<table class=\"rhythm short\">\n<tbody>\n");
        for (what, rule) in rhythm {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{what}</th><td>{}</td></tr>",
                escape(&rule)
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }

    section_start(&mut out, "arc", "The mentoring arc", "");
    if let Some((svg, reviews)) = timeline::svg(playbook) {
        let reviews = reviews.caption();
        let _ = writeln!(
            out,
            "<figure class=\"timeline keep\">\n{svg}\n<figcaption>Phases by session, and the \
             deadline of each milestone (numbered as in the milestone tables).{reviews}</figcaption>\n\
             </figure>"
        );
    }
    arc_table(&mut out, playbook);
    if let Some(track) = playbook.track {
        let _ = writeln!(out, "<h3>Track: {}</h3>", escape(&track.label));
        paragraphs(&mut out, &track.docs);
        let dropped = super::dropped_labels(program, track);
        if !dropped.is_empty() {
            let _ = writeln!(
                out,
                "<p>This track does without: {}.</p>",
                dropped
                    .iter()
                    .map(|label| format!("“{}”", escape(label)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    out.push_str("</section>\n");
    for (index, phase) in program.phases.iter().enumerate() {
        phase_section(&mut out, playbook, index + 1, phase);
    }

    // After the phases, before the milestones it dates: a plan of a few rows shares the page
    // with the last phase instead of taking one of its own.
    if let Some(plan) = playbook.session_plan() {
        section_start(&mut out, "plan", "Dated plan, session by session", "");
        plan::html(&mut out, playbook, &plan);
        out.push_str("</section>\n");
    }

    if sections.milestones {
        section_start(&mut out, "milestones", "Milestones", "milestones");
        milestones(&mut out, playbook);
        out.push_str("</section>\n");
    }

    if sections.tracks {
        section_start(&mut out, "tracks", "Tracks", "");
        tracks(&mut out, playbook);
        out.push_str("</section>\n");
    }

    if sections.worksheets {
        section_start(&mut out, "worksheets", "Lens worksheets", "worksheets");
        out.push_str(
            "<p>Copy or print one worksheet per session that uses a lens, and fill it in before \
             the session.</p>\n",
        );
        for lens in &playbook.lenses {
            worksheet(&mut out, playbook, lens);
        }
        out.push_str("</section>\n");
    }

    if let Some(agreement) = playbook.agreement() {
        section_start(&mut out, "agreement", "Mentoring agreement", "agreement");
        agreement_form(&mut out, playbook, &agreement);
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The agreement as a one-page form: who and from when (blanks), the terms the program sets,
/// the outcomes aimed for, what each contributes (ruled lines), and the signatures.
fn agreement_form(out: &mut String, playbook: &Playbook, agreement: &super::AgreementView) {
    let _ = writeln!(out, "<p>{}</p>", escape(&agreement.when));
    let start = agreement
        .start
        .map_or("<span class=\"blank\"></span>".to_owned(), |d| {
            d.to_string()
        });
    let _ = writeln!(
        out,
        "<p class=\"fill-in\"><span>Mentor <span class=\"blank\"></span></span> \
         <span>Mentee <span class=\"blank\"></span></span> <span>Start date {start}</span></p>"
    );
    if !agreement.terms.is_empty() {
        out.push_str("<table class=\"rhythm short\">\n<tbody>\n");
        for (what, rule) in &agreement.terms {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{what}</th><td>{}</td></tr>",
                escape(rule)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !playbook.milestones.is_empty() {
        out.push_str("<h3>Expected outcomes</h3>\n<ul>\n");
        for view in &playbook.milestones {
            let due = view
                .due
                .as_ref()
                .map(|due| format!(", {}", due.deadline.describe()))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li>{}{}</li>",
                escape(&view.milestone.label),
                escape(&due)
            );
        }
        out.push_str("</ul>\n");
    }
    let lines = if agreement.fields.len() > ROOMY_AGREEMENT_FIELDS {
        1
    } else {
        AGREEMENT_LINES
    };
    for field in &agreement.fields {
        let _ = writeln!(
            out,
            "<div class=\"field\">\n<p class=\"field-label\">{}</p>\n\
             <div class=\"answer\" aria-hidden=\"true\">{}</div>\n</div>",
            escape(field),
            "<div class=\"line\"></div>".repeat(lines)
        );
    }
    out.push_str(
        "<div class=\"keep signing\">\n<h3>Signatures</h3>\n<p class=\"fill-in signatures\">\
         <span>Mentor <span class=\"blank\"></span> Date <span class=\"blank short\"></span></span> \
         <span>Mentee <span class=\"blank\"></span> Date <span class=\"blank short\"></span></span></p>\n</div>\n",
    );
}

/// Which optional chapters the playbook has (the contents list and the body agree).
struct Sections {
    purpose: bool,
    outcomes: bool,
    mentorship: bool,
    rhythm: bool,
    milestones: bool,
    tracks: bool,
    worksheets: bool,
}

impl Sections {
    fn of(playbook: &Playbook) -> Sections {
        let program = playbook.program;
        Sections {
            purpose: program.purpose.is_some() || !program.docs.is_empty(),
            outcomes: !program.outcomes.is_empty(),
            mentorship: !program.mentorship_is.is_empty() || !program.mentorship_is_not.is_empty(),
            rhythm: !playbook.rhythm().is_empty(),
            milestones: !playbook.milestones.is_empty(),
            tracks: playbook.track.is_none() && !program.tracks.is_empty(),
            worksheets: !playbook.lenses.is_empty(),
        }
    }
}

fn contents(out: &mut String, playbook: &Playbook, sections: &Sections) {
    out.push_str("<nav class=\"contents\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n");
    let item = |out: &mut String, id: &str, title: &str| {
        let _ = writeln!(out, "<li><a href=\"#{id}\">{title}</a></li>");
    };
    if sections.purpose {
        item(out, "purpose", "Purpose of mentorship");
    }
    if sections.outcomes {
        item(out, "outcomes", "How a session should end");
    }
    if sections.mentorship {
        item(out, "mentorship", "What mentorship is — and is not");
    }
    if playbook.program.matching.is_some() {
        item(out, "matching", "How you were matched");
    }
    if sections.rhythm {
        item(out, "rhythm", "Rhythm and commitment");
    }
    out.push_str("<li><a href=\"#arc\">The mentoring arc</a>\n<ol>\n");
    for (index, phase) in playbook.program.phases.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><a href=\"#phase-{}\">Phase {}: {}</a></li>",
            escape(&phase.id),
            index + 1,
            escape(&phase.label)
        );
    }
    out.push_str("</ol>\n</li>\n");
    if playbook.session_plan().is_some() {
        item(out, "plan", "Dated plan, session by session");
    }
    if sections.milestones {
        item(out, "milestones", "Milestones");
    }
    if sections.tracks {
        item(out, "tracks", "Tracks");
    }
    if sections.worksheets {
        out.push_str("<li><a href=\"#worksheets\">Lens worksheets</a>\n<ol>\n");
        for lens in &playbook.lenses {
            let _ = writeln!(
                out,
                "<li><a href=\"#lens-{}\">{}</a></li>",
                escape(&lens.id),
                escape(&lens.label)
            );
        }
        out.push_str("</ol>\n</li>\n");
    }
    if playbook.agreement().is_some() {
        item(out, "agreement", "Mentoring agreement");
    }
    out.push_str("</ol>\n</nav>\n");
}

fn section_start(out: &mut String, id: &str, title: &str, class: &str) {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    let _ = writeln!(
        out,
        "<section id=\"{id}\"{class} aria-labelledby=\"{id}-title\">\n\
         <h2 id=\"{id}-title\">{title}</h2>"
    );
}

fn fact(out: &mut String, term: &str, escaped_value: &str) {
    let _ = writeln!(out, "<div><dt>{term}</dt><dd>{escaped_value}</dd></div>");
}

fn arc_table(out: &mut String, playbook: &Playbook) {
    let dated = playbook.start.is_some() && playbook.session_date(1).is_some();
    let _ = write!(
        out,
        "<table class=\"{}\">\n<thead><tr><th scope=\"col\" class=\"phase\">Phase</th>\
         <th scope=\"col\" class=\"sessions\">Sessions</th>",
        table_class("arc", playbook.program.phases.len())
    );
    if dated {
        out.push_str("<th scope=\"col\" class=\"around\">Around</th>");
    }
    out.push_str("<th scope=\"col\">Lenses</th></tr></thead>\n<tbody>\n");
    for (index, phase) in playbook.program.phases.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><td><a href=\"#phase-{}\">{}. {}</a></td><td class=\"nowrap\">{}</td>",
            escape(&phase.id),
            index + 1,
            escape(&phase.label),
            words::session_range_title(phase.first_session, phase.last_session)
        );
        if dated {
            let around = playbook
                .phase_dates(phase)
                .map(|(first, last)| {
                    if first == last {
                        format!("<span class=\"date\">{first}</span>")
                    } else {
                        format!("<span class=\"date\">{first}</span> – <span class=\"date\">{last}</span>")
                    }
                })
                .unwrap_or_default();
            let _ = write!(out, "<td>{around}</td>");
        }
        let lenses = match playbook.lens_use(phase) {
            LensUse::Any => "any".to_owned(),
            LensUse::None => "none".to_owned(),
            LensUse::Choose { count, lenses } => format!(
                "{count} of: {}",
                lenses
                    .iter()
                    .map(|l| lens_link(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let _ = writeln!(out, "<td>{lenses}</td></tr>");
    }
    out.push_str("</tbody>\n</table>\n");
    if dated {
        out.push_str(
            "<p class=\"note\">Dates are estimates: session 1 on the start date, then one \
             session per cadence interval.</p>\n",
        );
    }
}

/// A table's classes: `short` (kept whole on a page) when it has at most
/// [`SHORT_TABLE_ROWS`] rows.
pub(super) fn table_class(class: &str, rows: usize) -> String {
    if rows <= SHORT_TABLE_ROWS {
        format!("{class} short")
    } else {
        class.to_owned()
    }
}

pub(super) fn lens_link(lens: &Lens) -> String {
    format!(
        "<a href=\"#lens-{}\">{}</a>",
        escape(&lens.id),
        escape(&lens.label)
    )
}

fn phase_section(out: &mut String, playbook: &Playbook, number: usize, phase: &Phase) {
    let id = escape(&phase.id);
    let _ = writeln!(
        out,
        "<section class=\"phase\" id=\"phase-{id}\" aria-labelledby=\"phase-{id}-title\">\n\
         <h2 id=\"phase-{id}-title\"><span class=\"kicker\">Phase {number}</span> {} \
         <span class=\"range\">{}</span></h2>",
        escape(&phase.label),
        words::session_range_title(phase.first_session, phase.last_session)
    );
    match playbook.phase_dates(phase) {
        Some((first, last)) if first == last => {
            let _ = writeln!(
                out,
                "<p class=\"note\">Around {first} (estimated from the cadence).</p>"
            );
        }
        Some((first, last)) => {
            let _ = writeln!(
                out,
                "<p class=\"note\">Around {first} to {last} (estimated from the cadence).</p>"
            );
        }
        None => {}
    }
    paragraphs(out, &phase.docs);
    // Goals, what to bring, what not to expect and the lenses in two balanced columns: one
    // under the other, a phase of a few lines each took most of a page.
    out.push_str("<div class=\"phase-parts\">\n");
    if !phase.goals.is_empty() {
        out.push_str("<div class=\"keep\">\n<h3>Goals</h3>\n");
        list(out, &phase.goals, "goals");
        out.push_str("</div>\n");
    }
    if !phase.bring.is_empty() {
        out.push_str("<div class=\"keep\">\n<h3>What to bring</h3>\n<ul class=\"checklist\">\n");
        for item in &phase.bring {
            let _ = writeln!(
                out,
                "<li><span class=\"box\" aria-hidden=\"true\"></span>{}</li>",
                escape(item)
            );
        }
        out.push_str("</ul>\n</div>\n");
    }
    if !phase.not_expected.is_empty() {
        out.push_str("<div class=\"keep\">\n<h3>What not to expect</h3>\n");
        list(out, &phase.not_expected, "not-expected");
        out.push_str("</div>\n");
    }
    out.push_str("<div class=\"keep\">\n<h3>Lenses</h3>\n");
    match playbook.lens_use(phase) {
        LensUse::Any => out.push_str("<p>Any lens worksheet may be used.</p>\n"),
        LensUse::None => out.push_str("<p>None: these sessions use no worksheet.</p>\n"),
        LensUse::Choose { count, lenses } => {
            let _ = writeln!(
                out,
                "<p>Each session uses <strong>{count}</strong> of these worksheets: {}.</p>",
                lenses
                    .iter()
                    .map(|l| lens_link(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let reviews = playbook.reviews_in(phase);
    if let Some(reviews) = &reviews {
        let with = reviews.lens.map_or(String::new(), |lens| {
            format!(
                ", with the {} worksheet in place of this phase's",
                lens_link(lens)
            )
        });
        let _ = writeln!(
            out,
            "<p class=\"reviews\"><strong>Reviews:</strong> {}{with}.</p>",
            reviews.sentence()
        );
    }
    // The lenses' part ends; the progression table is a part of its own, so the two columns
    // balance.
    out.push_str("</div>\n");
    let progression = playbook.progression(phase);
    if !progression.rows.is_empty() {
        let _ = writeln!(
            out,
            "<table class=\"{}\">\n<caption>Session by session</caption>\n\
             <thead><tr><th scope=\"col\" class=\"session\">Session</th><th scope=\"col\">Lens</th></tr></thead>\n<tbody>",
            table_class("progression", progression.rows.len())
        );
        for (session, lens) in progression.rows {
            match reviews.as_ref().filter(|r| r.sessions.contains(&session)) {
                Some(review) => {
                    let lens = review.lens.unwrap_or(lens);
                    let _ = writeln!(
                        out,
                        "<tr><td>{session}</td><td>{} (review)</td></tr>",
                        lens_link(lens)
                    );
                }
                None => {
                    let _ = writeln!(
                        out,
                        "<tr><td>{session}</td><td>{}</td></tr>",
                        lens_link(lens)
                    );
                }
            }
        }
        if let Some((first, last)) = progression.continues {
            let _ = writeln!(
                out,
                "<tr><td>{first}–{last}</td><td>the same lenses, in turn</td></tr>"
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    // The rule on new problems and the notes close the columns.
    if let Some(sentence) = new_problems_text(phase) {
        let _ = writeln!(out, "<p class=\"rule\">{sentence}</p>");
    }
    for note in &phase.notes {
        let _ = writeln!(
            out,
            "<blockquote class=\"note\">{}</blockquote>",
            lines(note)
        );
    }
    out.push_str("</div>\n</section>\n");
}

fn milestones(out: &mut String, playbook: &Playbook) {
    out.push_str(
        "<p>Each milestone is met in a session that shows its evidence, by its deadline.</p>\n",
    );
    for group in playbook.competency_groups() {
        // A competency's heading, its text and a short table are kept on one page.
        let short = group.milestones.len() <= SHORT_TABLE_ROWS;
        let _ = writeln!(
            out,
            "<div{}>\n<h3>{}</h3>",
            if short { " class=\"keep\"" } else { "" },
            group.label.map_or("Other milestones".to_owned(), escape)
        );
        paragraphs(out, group.docs);
        let _ = writeln!(
            out,
            "<table class=\"{}\">\n<thead><tr><th scope=\"col\" class=\"num\">#</th>\
             <th scope=\"col\">Milestone</th><th scope=\"col\">Due</th>\
             <th scope=\"col\">Evidence</th><th scope=\"col\" class=\"met\">Met on</th></tr></thead>\n<tbody>",
            table_class("milestones", group.milestones.len())
        );
        for view in group.milestones {
            let milestone = view.milestone;
            let mut label = escape(&milestone.label);
            if view.from_track
                && let Some(track) = playbook.track
            {
                let _ = write!(label, " <span class=\"tag\">{} track", escape(&track.label));
                if let Some(replaced) = view.replaces {
                    let _ = write!(label, "; instead of “{}”", escape(&replaced.label));
                }
                label.push_str("</span>");
            }
            for doc in &milestone.docs {
                let _ = write!(label, "<br><span class=\"doc\">{}</span>", escape(doc));
            }
            let due = match &view.due {
                None => "—".to_owned(),
                Some(due) => {
                    let mut text = escape(&due.deadline.describe());
                    match due.date {
                        Some(DueDate::Exact(date))
                            if !matches!(due.deadline, crate::model::Deadline::ByDate(_)) =>
                        {
                            let _ = write!(text, "<br><strong class=\"date\">{date}</strong>");
                        }
                        Some(DueDate::Estimate(date)) => {
                            let _ = write!(
                                text,
                                "<br>around <span class=\"date\">{date}</span> \
                                 <span class=\"estimate\">(estimated)</span>"
                            );
                        }
                        _ => {}
                    }
                    text
                }
            };
            let evidence = milestone
                .evidence
                .as_ref()
                .map_or("—".to_owned(), |e| escape(&evidence_text(playbook, e)));
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td>{label}</td><td>{due}</td><td>{evidence}</td>\
                 <td class=\"met\"><span class=\"fill\">date</span><span class=\"fill\">session</span></td></tr>",
                view.number
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    if playbook.milestones.iter().any(|m| {
        matches!(
            m.due.as_ref().and_then(|d| d.date),
            Some(DueDate::Estimate(_))
        )
    }) {
        out.push_str(
            "<p class=\"note\">“Around” dates are estimates: the date that session falls on if \
             every session keeps the cadence from the start date.</p>\n",
        );
    }
}

fn tracks(out: &mut String, playbook: &Playbook) {
    let program = playbook.program;
    out.push_str(
        "<p>Each track is a variant of the program for one domain. A pair on a track owes the \
         program's milestones with these changes.</p>\n",
    );
    for track in &program.tracks {
        out.push_str("<div class=\"keep\">\n");
        let _ = writeln!(out, "<h3>{}</h3>", escape(&track.label));
        paragraphs(out, &track.docs);
        out.push_str("<ul>\n");
        for added in &track.milestones {
            let m = &added.milestone;
            let due = m
                .due
                .map(|d| format!(", {}", d.describe()))
                .unwrap_or_default();
            match added
                .replaces
                .as_ref()
                .and_then(|(id, _)| playbook.program_milestone(id))
            {
                Some(replaced) => {
                    let _ = writeln!(
                        out,
                        "<li>{}{}, instead of “{}”</li>",
                        escape(&m.label),
                        escape(&due),
                        escape(&replaced.label)
                    );
                }
                None => {
                    let _ = writeln!(out, "<li>{}{} (added)</li>", escape(&m.label), escape(&due));
                }
            }
        }
        for (dropped, _) in &track.drops {
            if let Some(m) = playbook.program_milestone(dropped) {
                let _ = writeln!(out, "<li>{}</li>", escape(&super::dropped_text(&m.label)));
            }
        }
        out.push_str("</ul>\n</div>\n");
    }
}

fn worksheet(out: &mut String, playbook: &Playbook, lens: &Lens) {
    let id = escape(&lens.id);
    let _ = writeln!(
        out,
        "<section class=\"worksheet\" id=\"lens-{id}\" aria-labelledby=\"lens-{id}-title\">\n\
         <h3 id=\"lens-{id}-title\"><span class=\"kicker\">Worksheet</span> {}</h3>",
        escape(&lens.label)
    );
    paragraphs(out, &lens.docs);
    let mut phases: Vec<String> = playbook
        .phases_using(lens)
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                escape(&p.label),
                words::session_range_title(p.first_session, p.last_session)
            )
        })
        .collect();
    phases.extend(playbook.review_use(lens));
    let evidence: Vec<String> = playbook
        .milestones_evidenced_by(lens)
        .iter()
        .map(|m| format!("“{}”", escape(&m.milestone.label)))
        .collect();
    if !phases.is_empty() || !evidence.is_empty() || lens.filled_by.is_some() {
        out.push_str("<dl class=\"facts\">\n");
        if !phases.is_empty() {
            fact(out, "Used in", &phases.join(", "));
        }
        if !evidence.is_empty() {
            fact(out, "Evidence for", &evidence.join(", "));
        }
        if let Some(who) = lens.filled_by {
            fact(out, "Filled in by", who.describe());
        }
        out.push_str("</dl>\n");
    }
    out.push_str(
        "<p class=\"fill-in\"><span>Session <span class=\"blank short\"></span></span> \
         <span>Date <span class=\"blank\"></span></span></p>\n",
    );
    // A worksheet is printed on one page when it can be: a lens of many fields gets fewer
    // ruled lines per field rather than a second page holding one field.
    let lines_per_field = if lens.fields().count() > ROOMY_FIELDS {
        ANSWER_LINES - 1
    } else {
        ANSWER_LINES
    };
    for section in &lens.sections {
        let _ = writeln!(
            out,
            "<div class=\"ws-section\">\n<h4>{}</h4>",
            escape(&section.title)
        );
        for field in &section.fields {
            let optional = if field.optional {
                " <span class=\"optional\">(optional)</span>"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<div class=\"field\">\n<p class=\"field-label\">{}{optional}</p>\n\
                 <div class=\"answer\" aria-hidden=\"true\">{}</div>\n</div>",
                escape(&field.label),
                "<div class=\"line\"></div>".repeat(lines_per_field)
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

fn paragraphs(out: &mut String, items: &[String]) {
    for item in items {
        let _ = writeln!(out, "<p>{}</p>", lines(item));
    }
}

fn list<S: AsRef<str>>(out: &mut String, items: &[S], class: &str) {
    let _ = writeln!(out, "<ul class=\"{class}\">");
    for item in items {
        let _ = writeln!(out, "<li>{}</li>", lines(item.as_ref()));
    }
    out.push_str("</ul>\n");
}

/// A program text that may hold line breaks (`\n` in the `.mentor` file): each line escaped,
/// joined by `<br>`.
fn lines(s: &str) -> String {
    s.split('\n').map(escape).collect::<Vec<_>>().join("<br>\n")
}
