//! The cohort report as one self-contained, printable dashboard (`mentor report --format
//! html`): the figures of the Markdown and JSON formats, with a chart where people would rather
//! look than read, and beside every chart the table of the same figures.
//!
//! Inline CSS and SVG only: no script, font, image or link outside the file. Every program and
//! log string is escaped with `render::html::escape`. A suppressed figure is a `Group` with
//! nothing in it: the tables say "hidden (fewer than N pairs)" and the charts (`charts`) are
//! never given it, so nothing is drawn or sized by it. Each chart is an `<svg role="img">` with
//! a `<title>` and a `<desc>` that says its figures in words.
//!
//! The pair table and the at-risk list (`tables`) show at most `MAX_TABLE_ROWS` rows each, with a note
//! of how many more the JSON and Markdown formats list: a dashboard of 19,100 pairs stays a
//! page a browser opens and prints in seconds, and the at-risk list keeps its earliest rows.

use std::fmt::Write as _;

use super::charts::{
    self, Bar, BarRow, Chart, Column, Fill, MET, MET_LATE, NOT_YET_DUE, OVERDUE, PLAIN, Scale,
    StackedRow, WeekPoint,
};
use super::markdown::{hours, share};
use super::tables::{self, left_out_section};
use crate::cohort::{CohortReport, CompetencyReport, ProgramReport, RiskCounts, RiskReason};
use crate::render::html::escape;
use crate::words;

const STYLE: &str = include_str!("dashboard.css");

/// The most findings the chart draws; the table lists them all.
const MAX_FINDING_BARS: usize = 10;

/// What a hidden figure says, in a table and in a chart.
fn hidden(min_group: usize) -> String {
    format!("hidden (fewer than {min_group} pairs)")
}

pub fn render_cohort_html(report: &CohortReport) -> String {
    let mut out = String::new();
    let title = match report.programs.as_slice() {
        [program] => format!("Progress report: {}", program.title),
        _ => "Progress report".to_owned(),
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"mentor report\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    out.push_str("<header class=\"cover\">\n<p class=\"kicker\">Cohort dashboard</p>\n");
    out.push_str("<h1>Progress report</h1>\n");
    let groups = if report.min_group > 1 {
        format!(
            " Figures over fewer than {} pairs are not shown.",
            report.min_group
        )
    } else {
        String::new()
    };
    let _ = writeln!(out, "<p>As of {}.{groups}</p>", report.as_of);
    if report.programs.is_empty() {
        out.push_str("<p>No log follows the programs given.</p>\n");
    } else {
        out.push_str("<nav class=\"contents\"><ul>\n");
        for (index, program) in report.programs.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><a href=\"#p{}\">{}</a> (<code>{}</code>)</li>",
                index + 1,
                escape(&program.title),
                escape(&program.id)
            );
        }
        out.push_str("<li><a href=\"#left-out\">Logs left out</a></li>\n</ul></nav>\n");
    }
    out.push_str("</header>\n<main>\n");
    for (index, program) in report.programs.iter().enumerate() {
        Page {
            out: &mut out,
            report,
            program,
            prefix: format!("p{}", index + 1),
            hidden: hidden(report.min_group),
        }
        .program();
    }
    left_out_section(&mut out, report);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// One program's part of the page.
struct Page<'a> {
    out: &'a mut String,
    report: &'a CohortReport,
    program: &'a ProgramReport,
    /// Prefixes every id in the program's part, so two programs' charts never share one.
    prefix: String,
    hidden: String,
}

impl Page<'_> {
    fn program(&mut self) {
        let program = self.program;
        let _ = writeln!(
            self.out,
            "<section class=\"program\" id=\"{}\">\n<h2>{} <code>{}</code></h2>",
            self.prefix,
            escape(&program.title),
            escape(&program.id)
        );
        let version = program
            .version
            .as_deref()
            .map(|v| format!(", version {}", escape(v)))
            .unwrap_or_default();
        let _ = writeln!(
            self.out,
            "<p class=\"meta\">As of {}{version}.</p>",
            self.report.as_of
        );
        self.cohort();
        self.trends();
        self.milestones();
        self.tracks();
        self.phases();
        self.outcomes();
        self.findings();
        self.at_risk();
        self.pairs();
        self.out.push_str("</section>\n");
    }

    /// A figure: the drawing, a caption, and the table of the same figures below it.
    fn figure(&mut self, svg: &str, caption: &str) {
        let _ = writeln!(
            self.out,
            "<figure class=\"chart\">\n{svg}\n<figcaption>{caption}</figcaption>\n</figure>"
        );
    }

    fn cohort(&mut self) {
        self.out.push_str("<h3>Cohort</h3>\n");
        let Some(c) = self.program.cohort.shown() else {
            let _ = writeln!(
                self.out,
                "<p class=\"note\">The cohort has fewer than {} pairs: its figures, and where its \
                 pairs are, how their sessions ended, its most common findings and its activity by \
                 week, are not shown.</p>",
                self.report.min_group
            );
            return;
        };
        let tiles = [
            ("pairs", c.pairs.to_string()),
            ("active", c.active.to_string()),
            ("completed", c.completed.to_string()),
            ("withdrawn", c.withdrawn.to_string()),
            ("re-matched", c.re_matched.to_string()),
            ("held sessions", c.held_sessions.to_string()),
            ("cancelled", c.cancelled_sessions.to_string()),
            ("no-shows", c.no_shows.to_string()),
            ("reviews", c.review_sessions.to_string()),
            ("hours", hours(c.minutes)),
        ];
        self.out.push_str("<dl class=\"tiles\">\n");
        for (name, value) in tiles {
            let _ = writeln!(self.out, "<div><dt>{name}</dt><dd>{value}</dd></div>");
        }
        self.out.push_str("</dl>\n");
        let _ = writeln!(
            self.out,
            "<p>Logs with errors: {}; with warnings only: {} (run <code>mentor validate</code> \
             for the details).</p>",
            share(c.pairs_with_errors, c.pairs),
            share(c.pairs_with_warnings_only, c.pairs)
        );
    }

    fn trends(&mut self) {
        let Some(trends) = self.program.trends.shown() else {
            return;
        };
        let (Some(first), Some(last)) = (trends.weeks.first(), trends.weeks.last()) else {
            return;
        };
        self.out.push_str("<h3>Activity by week</h3>\n");
        let points: Vec<WeekPoint> = trends
            .weeks
            .iter()
            .map(|w| WeekPoint {
                week: w.week,
                sessions: w.sessions_held.shown().copied(),
                met_to_date: w.milestones_met_to_date.shown().copied(),
            })
            .collect();
        let shown: Vec<(usize, u64)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.sessions.map(|s| (i, s)))
            .collect();
        let hidden_weeks = points.len() - shown.len();
        let mut description = format!(
            "Sessions held per week, {} weeks from the week of {} to the week of {}",
            points.len(),
            first.week,
            last.week
        );
        if let Some((busiest, most)) = shown.iter().max_by_key(|(i, s)| (*s, usize::MAX - i)) {
            let _ = write!(
                description,
                ": at most {most}, in the week of {}",
                points[*busiest].week
            );
        }
        if hidden_weeks > 0 {
            let _ = write!(
                description,
                "; {} hidden (fewer than {} pairs, or would give such a figure away)",
                words::plural(hidden_weeks as i64, "week"),
                self.report.min_group
            );
        }
        if let Some(point) = points.iter().rev().find(|p| p.met_to_date.is_some())
            && let Some(met) = point.met_to_date
        {
            let _ = write!(
                description,
                ". Milestones met to date: {met} by the week of {}",
                point.week
            );
        }
        description.push('.');
        let id = format!("{}-activity", self.prefix);
        let chart = Chart {
            id: &id,
            title: "Activity by week: sessions held, and milestones met to date",
            description,
            hidden: &self.hidden,
        };
        let svg = charts::weekly(&chart, &points);
        self.figure(
            &svg,
            "Sessions held per week across the cohort (columns), and milestones met to date \
             (the line), each week dated by its Monday; a hatched band is a hidden week.",
        );
        self.out.push_str(
            "<table class=\"weeks\">\n<thead><tr><th scope=\"col\">week of</th>\
             <th scope=\"col\" class=\"num\">sessions held</th>\
             <th scope=\"col\" class=\"num\">milestones met to date</th></tr></thead>\n<tbody>\n",
        );
        let cell = |figure: Option<u64>| figure.map_or("hidden".to_owned(), |n| n.to_string());
        for point in &points {
            let _ = writeln!(
                self.out,
                "<tr><td class=\"date\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                point.week,
                cell(point.sessions),
                cell(point.met_to_date)
            );
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn milestones(&mut self) {
        self.out.push_str("<h3>Milestones by competency</h3>\n");
        if self.program.competencies.is_empty() {
            self.out
                .push_str("<p>The program sets no milestones.</p>\n");
        }
        for (index, competency) in self.program.competencies.iter().enumerate() {
            self.competency(index, competency);
        }
    }

    fn competency(&mut self, index: usize, competency: &CompetencyReport) {
        if competency.id.is_empty() {
            let _ = writeln!(self.out, "<h4>{}</h4>", escape(&competency.label));
        } else {
            let _ = writeln!(
                self.out,
                "<h4>{} <code>{}</code></h4>",
                escape(&competency.label),
                escape(&competency.id)
            );
        }
        if competency.milestones.is_empty() {
            self.out
                .push_str("<p>No milestone measures this competency.</p>\n");
            return;
        }
        let segments = [
            ("met", MET),
            ("met late", MET_LATE),
            ("overdue", OVERDUE),
            ("not yet due", NOT_YET_DUE),
        ];
        let rows: Vec<StackedRow> = competency
            .milestones
            .iter()
            .map(|m| StackedRow {
                label: m.label.clone(),
                parts: m
                    .counts
                    .shown()
                    .map(|n| vec![n.met, n.met_late, n.overdue, n.pending]),
            })
            .collect();
        let description = competency
            .milestones
            .iter()
            .map(|m| match m.counts.shown() {
                None => format!("{}: {}", m.label, self.hidden),
                Some(n) => format!(
                    "{}: of {}, {} met, {} met late, {} overdue, {} not yet due",
                    m.label,
                    words::plural(n.pairs as i64, "pair"),
                    n.met,
                    n.met_late,
                    n.overdue,
                    n.pending
                ),
            })
            .collect::<Vec<_>>()
            .join("; ");
        let id = format!("{}-competency-{}", self.prefix, index + 1);
        let title = format!("Milestones of {}", competency.label);
        let chart = Chart {
            id: &id,
            title: &title,
            description,
            hidden: &self.hidden,
        };
        let svg = charts::stacked(&chart, &segments, &rows, "no pair owes it");
        self.figure(
            &svg,
            "Where the pairs each milestone applies to stand, as shares of those pairs.",
        );
        self.out.push_str(
            "<table class=\"milestones\">\n<thead><tr><th scope=\"col\">milestone</th>\
             <th scope=\"col\">due</th><th scope=\"col\" class=\"num\">pairs</th>\
             <th scope=\"col\" class=\"num\">met</th><th scope=\"col\" class=\"num\">met late</th>\
             <th scope=\"col\" class=\"num\">overdue</th>\
             <th scope=\"col\" class=\"num\">not yet due</th></tr></thead>\n<tbody>\n",
        );
        for milestone in &competency.milestones {
            let track = milestone
                .track
                .as_deref()
                .map(|t| {
                    format!(
                        " <span class=\"tag\">track <code>{}</code></span>",
                        escape(t)
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                self.out,
                "<tr><th scope=\"row\">{} <code>{}</code>{track}</th><td>{}</td>",
                escape(&milestone.label),
                escape(&milestone.id),
                escape(milestone.due.as_deref().unwrap_or("—"))
            );
            match milestone.counts.shown() {
                None => {
                    let _ = writeln!(
                        self.out,
                        "<td colspan=\"5\" class=\"hidden\">{}</td></tr>",
                        self.hidden
                    );
                }
                Some(n) => {
                    let _ = writeln!(
                        self.out,
                        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                         <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                        n.pairs,
                        share(n.met, n.pairs),
                        share(n.met_late, n.pairs),
                        share(n.overdue, n.pairs),
                        share(n.pending, n.pairs)
                    );
                }
            }
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn tracks(&mut self) {
        let program = self.program;
        if program.tracks.is_empty() {
            return;
        }
        self.out.push_str("<h3>Tracks</h3>\n");
        let groups: Vec<(String, String, _)> = program
            .tracks
            .iter()
            .map(|t| {
                (
                    t.label.clone(),
                    format!("{} <code>{}</code>", escape(&t.label), escape(&t.id)),
                    &t.figures,
                )
            })
            .chain(
                program
                    .no_track
                    .as_ref()
                    .map(|f| ("No track".to_owned(), "No track".to_owned(), f)),
            )
            .collect();
        let met_share = |met: usize, owed: usize| {
            if owed == 0 {
                0.0
            } else {
                met as f64 * 100.0 / owed as f64
            }
        };
        let rows: Vec<BarRow> = groups
            .iter()
            .map(|(label, _, figures)| BarRow {
                label: label.clone(),
                bars: match figures.shown() {
                    None => vec![None, None, None],
                    Some(t) => vec![
                        Some(Bar {
                            value: t.pairs as f64,
                            text: t.pairs.to_string(),
                        }),
                        Some(Bar {
                            value: t.held_sessions as f64,
                            text: t.held_sessions.to_string(),
                        }),
                        match (t.milestones_met, t.milestones_owed) {
                            (Some(met), Some(owed)) => Some(Bar {
                                value: met_share(met, owed),
                                text: format!("{met} of {owed}"),
                            }),
                            _ => None,
                        },
                    ],
                },
                fill: PLAIN,
            })
            .collect();
        let description = groups
            .iter()
            .map(|(label, _, figures)| match figures.shown() {
                None => format!("{label}: {}", self.hidden),
                Some(t) => {
                    let met = match (t.milestones_met, t.milestones_owed) {
                        (Some(met), Some(owed)) => format!("{met} of {owed} milestones met"),
                        _ => format!("milestones met {}", self.hidden),
                    };
                    format!(
                        "{label}: {}, {} held, {met}",
                        words::plural(t.pairs as i64, "pair"),
                        words::plural(t.held_sessions as i64, "session")
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let id = format!("{}-tracks", self.prefix);
        let chart = Chart {
            id: &id,
            title: "Tracks side by side",
            description,
            hidden: &self.hidden,
        };
        let columns = [
            Column {
                heading: "pairs",
                scale: Scale::Largest,
            },
            Column {
                heading: "held sessions",
                scale: Scale::Largest,
            },
            Column {
                heading: "milestones met of owed",
                scale: Scale::Whole(100.0),
            },
        ];
        let svg = charts::bars(&chart, &columns, &rows, false);
        self.figure(
            &svg,
            "Each track, and the pairs on none: pairs, held sessions, and the milestones met of \
             those owed (the bar is the share).",
        );
        self.out.push_str(
            "<table class=\"tracks\">\n<thead><tr><th scope=\"col\">track</th>\
             <th scope=\"col\" class=\"num\">pairs</th><th scope=\"col\" class=\"num\">held sessions</th>\
             <th scope=\"col\" class=\"num\">milestones met</th></tr></thead>\n<tbody>\n",
        );
        for (_, name, figures) in &groups {
            let _ = write!(self.out, "<tr><th scope=\"row\">{name}</th>");
            match figures.shown() {
                None => {
                    let _ = writeln!(
                        self.out,
                        "<td colspan=\"3\" class=\"hidden\">{}</td></tr>",
                        self.hidden
                    );
                }
                Some(t) => {
                    let met = match (t.milestones_met, t.milestones_owed) {
                        (Some(met), Some(owed)) => format!("{met} of {owed}"),
                        _ => format!("<span class=\"hidden\">{}</span>", self.hidden),
                    };
                    let _ = writeln!(
                        self.out,
                        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{met}</td></tr>",
                        t.pairs, t.held_sessions
                    );
                }
            }
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    /// A chart of one figure per row and its table: the phases (as a funnel), the outcomes, the
    /// findings and the at-risk reasons.
    fn single_figure(&mut self, figure: SingleFigure<'_>, rows: &[FigureRow]) {
        let SingleFigure {
            name,
            title,
            caption,
            headings,
            drawn,
            centred,
        } = figure;
        let description = rows
            .iter()
            .map(|row| format!("{}: {}", row.drawn_label, row.text))
            .collect::<Vec<_>>()
            .join("; ");
        let id = format!("{}-{name}", self.prefix);
        let chart = Chart {
            id: &id,
            title,
            description,
            hidden: &self.hidden,
        };
        let bar_rows: Vec<BarRow> = rows
            .iter()
            .take(drawn)
            .map(|row| BarRow {
                label: row.drawn_label.clone(),
                bars: vec![Some(Bar {
                    value: row.value as f64,
                    text: row.text.clone(),
                })],
                fill: row.fill,
            })
            .collect();
        let column = Column {
            heading: "",
            scale: Scale::Largest,
        };
        let svg = charts::bars(&chart, &[column], &bar_rows, centred);
        self.figure(&svg, &caption);
        let _ = writeln!(
            self.out,
            "<table class=\"{name}\">\n<thead><tr><th scope=\"col\">{}</th>\
             <th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>",
            headings[0], headings[1]
        );
        for row in rows {
            let _ = writeln!(
                self.out,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td></tr>",
                row.listed_label,
                escape(&row.text)
            );
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    fn phases(&mut self) {
        let Some(phases) = self.program.phases.shown() else {
            return;
        };
        self.out.push_str("<h3>Where active pairs are</h3>\n");
        let rows: Vec<_> = phases
            .iter()
            .map(|p| FigureRow {
                drawn_label: p.label.clone(),
                listed_label: format!(
                    "{} <code>{}</code> <span class=\"tag\">sessions {}</span>",
                    escape(&p.label),
                    escape(&p.id),
                    escape(&p.sessions)
                ),
                value: p.active_pairs_here as u64,
                text: p.active_pairs_here.to_string(),
                fill: PLAIN,
            })
            .collect();
        let figure = SingleFigure {
            name: "phases",
            title: "Where active pairs are: a funnel of the phases",
            caption: "Active pairs by the phase of their latest held session, in the program's \
                      order."
                .to_owned(),
            headings: ["phase", "active pairs"],
            drawn: rows.len(),
            centred: true,
        };
        self.single_figure(figure, &rows);
    }

    fn outcomes(&mut self) {
        let Some(outcomes) = self.program.outcomes.shown() else {
            return;
        };
        self.out.push_str("<h3>How sessions ended</h3>\n");
        let total: u64 = outcomes.iter().map(|o| o.sessions).sum();
        let rows: Vec<_> = outcomes
            .iter()
            .map(|o| {
                let failed = if o.failed { " (failed)" } else { "" };
                FigureRow {
                    drawn_label: format!("{}{failed}", o.label),
                    listed_label: format!(
                        "{} <code>{}</code>{}",
                        escape(&o.label),
                        escape(&o.id),
                        if o.failed {
                            " <span class=\"failed\">failed</span>"
                        } else {
                            ""
                        }
                    ),
                    value: o.sessions,
                    text: share(o.sessions as usize, total as usize),
                    fill: if o.failed { OVERDUE } else { PLAIN },
                }
            })
            .collect();
        let figure = SingleFigure {
            name: "outcomes",
            title: "How held sessions ended",
            caption: "Held sessions per outcome; outcomes that mean a session failed its purpose \
                      are hatched."
                .to_owned(),
            headings: ["outcome", "sessions"],
            drawn: rows.len(),
            centred: false,
        };
        self.single_figure(figure, &rows);
    }

    fn findings(&mut self) {
        let Some(findings) = self.program.findings.shown() else {
            return;
        };
        if findings.is_empty() {
            return;
        }
        self.out.push_str("<h3>Most common findings</h3>\n");
        let pairs = self.program.cohort.shown().map_or(0, |c| c.pairs);
        let rows: Vec<_> = findings
            .iter()
            .map(|f| FigureRow {
                drawn_label: format!("{} {}", f.code, f.name),
                listed_label: format!("{} <code>{}</code>", escape(f.code), escape(f.name)),
                value: f.pairs as u64,
                text: share(f.pairs, pairs),
                fill: PLAIN,
            })
            .collect();
        let caption = if rows.len() > MAX_FINDING_BARS {
            format!(
                "Pairs whose log breaks each rule: the {MAX_FINDING_BARS} most widespread; the \
                 table lists all {}.",
                rows.len()
            )
        } else {
            "Pairs whose log breaks each rule, most widespread first.".to_owned()
        };
        let figure = SingleFigure {
            name: "findings",
            title: "Most common findings",
            caption,
            headings: ["rule", "pairs"],
            drawn: MAX_FINDING_BARS,
            centred: false,
        };
        self.single_figure(figure, &rows);
    }

    fn at_risk(&mut self) {
        let counts = self.program.at_risk.shown();
        let rows = self.program.pairs_at_risk.as_deref();
        if counts.is_none() && rows.is_none() {
            return;
        }
        self.out.push_str("<h3>At risk</h3>\n");
        let as_of = self.report.as_of;
        if let Some(c) = counts {
            if c.pairs == 0 {
                let _ = writeln!(self.out, "<p>No pair is at risk as of {as_of}.</p>");
            } else {
                self.risk_counts(c);
            }
        }
        match rows {
            Some(rows) if !rows.is_empty() => {
                tables::risk_rows(self.out, rows);
            }
            _ if counts.is_none() => {
                let _ = writeln!(self.out, "<p>No pair is at risk as of {as_of}.</p>");
            }
            _ => {}
        }
    }

    fn risk_counts(&mut self, c: &RiskCounts) {
        let total = self.program.cohort.shown().map_or(0, |c| c.pairs);
        let _ = writeln!(
            self.out,
            "<p>Pairs at risk as of {}: <strong>{}</strong>.</p>",
            self.report.as_of,
            share(c.pairs, total)
        );
        let rows: Vec<_> = [
            (RiskReason::Inactive, c.inactive),
            (RiskReason::LateStart, c.late_start),
            (RiskReason::MissedStreak, c.missed_streak),
            (RiskReason::UnloggedPlan, c.unlogged_plan),
            (RiskReason::MilestoneAtRisk, c.milestone_at_risk),
        ]
        .into_iter()
        .map(|(reason, n)| FigureRow {
            drawn_label: reason.describe().to_owned(),
            listed_label: reason.describe().to_owned(),
            value: n as u64,
            text: share(n, total),
            fill: OVERDUE,
        })
        .collect();
        let figure = SingleFigure {
            name: "risks",
            title: "Pairs at risk, per reason",
            caption: "Pairs at risk per reason (a pair may have several).".to_owned(),
            headings: ["reason", "pairs"],
            drawn: rows.len(),
            centred: false,
        };
        self.single_figure(figure, &rows);
    }

    fn pairs(&mut self) {
        if let Some(pairs) = &self.program.pairs {
            tables::pairs(self.out, pairs);
        }
    }
}

/// A chart of one figure per row, and what its table is headed.
struct SingleFigure<'a> {
    /// Names the chart's id and the table's class.
    name: &'a str,
    title: &'a str,
    caption: String,
    headings: [&'a str; 2],
    /// How many of the rows the chart draws (the table lists them all).
    drawn: usize,
    /// Bars about the middle: a funnel.
    centred: bool,
}

/// One row of a [`SingleFigure`].
struct FigureRow {
    /// The label in the chart (escaped where it is drawn).
    drawn_label: String,
    /// The label in the table, as HTML (escaped here).
    listed_label: String,
    value: u64,
    /// The figure as written: "3", "3 (60%)".
    text: String,
    fill: Fill,
}
