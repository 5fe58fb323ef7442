//! The cohort report (`mentor report`) as Markdown, for people, CI job summaries and wikis:
//! one section per part of a [`CohortReport`], in the order a reader asks about a cohort. Every
//! program and log string goes through `render::markdown::text`; a suppressed figure is a
//! `Group` with nothing in it, so no section can print one.

use std::fmt::Write as _;

use crate::cohort::{Cohort, CohortReport, LeftOutReason, ProgramReport, RiskReason};
use crate::render::markdown::text;
use crate::words;

/// What a suppressed cell says.
fn suppressed(min_group: usize) -> String {
    format!("(fewer than {min_group} pairs)")
}

/// `part` of `whole` as "3 (60%)"; a whole of 0 gives the count alone.
pub(super) fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        return part.to_string();
    }
    format!("{part} ({}%)", (part * 100 + whole / 2) / whole)
}

pub fn render_cohort_markdown(report: &CohortReport) -> String {
    let mut out = String::new();
    if report.programs.is_empty() {
        let _ = writeln!(
            out,
            "# Progress report\n\nAs of {}: no log follows the programs given.\n",
            report.as_of
        );
        left_out_section(&mut out, report);
        return out;
    }
    for (i, program) in report.programs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        program_markdown(&mut out, program, report);
    }
    out.push('\n');
    left_out_section(&mut out, report);
    out
}

fn program_markdown(out: &mut String, program: &ProgramReport, report: &CohortReport) {
    let min = report.min_group;
    heading(out, program, report);
    cohort_section(out, program, min);
    trends_section(out, program, min);
    milestones_section(out, program, min);
    tracks_section(out, program, min);
    phases_section(out, program);
    outcomes_section(out, program);
    findings_section(out, program);
    at_risk_section(out, program, report);
    pairs_section(out, program);
    while out.ends_with("\n\n") {
        out.pop();
    }
}

/// The title, the date and what the report leaves out.
fn heading(out: &mut String, program: &ProgramReport, report: &CohortReport) {
    let min = report.min_group;
    let _ = writeln!(
        out,
        "# Progress report: {} (`{}`)\n",
        text(&program.title),
        program.id
    );
    let version = program
        .version
        .as_deref()
        .map(|v| format!(", version {}", text(v)))
        .unwrap_or_default();
    let groups = if min > 1 {
        format!(" Figures over fewer than {min} pairs are not shown.")
    } else {
        String::new()
    };
    let _ = writeln!(out, "As of {}{version}.{groups}\n", report.as_of);
    let left_out = report.left_out.logs;
    if left_out > 0 {
        let (logs, are) = if left_out == 1 {
            ("log is", "it")
        } else {
            ("logs are", "them")
        };
        let _ = writeln!(
            out,
            "{left_out} {logs} left out of the figures: [Logs left out](#logs-left-out) lists {are}.\n"
        );
    }
}

/// The logs no figure covers, per reason, and (unless anonymous) by file: the report's data
/// quality, in the report itself.
fn left_out_section(out: &mut String, report: &CohortReport) {
    let left_out = &report.left_out;
    out.push_str("## Logs left out\n\n");
    if left_out.logs == 0 {
        out.push_str("None: every log read is in the figures.\n");
        return;
    }
    let reasons: Vec<String> = LeftOutReason::ALL
        .into_iter()
        .filter(|r| left_out.count(*r) > 0)
        .map(|r| format!("{} {} ({})", left_out.count(r), r.describe(), r.rule()))
        .collect();
    let _ = writeln!(
        out,
        "{} {} not in the figures: {}. `mentor validate` says what is wrong with each.\n",
        left_out.logs,
        if left_out.logs == 1 {
            "log is"
        } else {
            "logs are"
        },
        reasons.join("; ")
    );
    match &left_out.files {
        None => out.push_str("The files are not named in an anonymous report.\n"),
        Some(files) => {
            out.push_str("| file | line | why |\n| --- | ---: | --- |\n");
            for log in files {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    text(&log.file),
                    log.line.map_or("—".to_owned(), |l| l.to_string()),
                    log.reason.describe()
                );
            }
        }
    }
}

/// The cohort week by week: sessions held, and milestones met to date.
fn trends_section(out: &mut String, program: &ProgramReport, min: usize) {
    let Some(trends) = program.trends.shown() else {
        return;
    };
    if trends.weeks.is_empty() {
        return;
    }
    out.push_str("## Activity by week\n\n");
    let hidden = trends
        .weeks
        .iter()
        .any(|w| w.sessions_held.shown().is_none() || w.milestones_met_to_date.shown().is_none());
    if hidden {
        let _ = writeln!(
            out,
            "Weeks start on Monday. A figure marked \"hidden\" is about fewer than {min} pairs, or \
             would give such a figure away.\n"
        );
    } else {
        out.push_str("Weeks start on Monday.\n\n");
    }
    out.push_str("| week of | sessions held | milestones met to date |\n| --- | ---: | ---: |\n");
    let cell = |figure: Option<&u64>| figure.map_or("hidden".to_owned(), u64::to_string);
    for week in &trends.weeks {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            week.week,
            cell(week.sessions_held.shown()),
            cell(week.milestones_met_to_date.shown())
        );
    }
    out.push('\n');
}

/// The cohort's totals, or why they are not shown.
fn cohort_section(out: &mut String, program: &ProgramReport, min: usize) {
    out.push_str("## Cohort\n\n");
    match program.cohort.shown() {
        None => {
            let _ = writeln!(
                out,
                "The cohort has fewer than {min} pairs: its figures, its activity by week, where \
                 its pairs are, how their sessions ended, their most common findings and how \
                 many are at risk are not shown.\n"
            );
        }
        Some(c) => {
            out.push_str("| pairs | active | completed | withdrawn | re-matched | held sessions | cancelled | no-shows | reviews | hours |\n");
            out.push_str(
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                c.pairs,
                c.active,
                c.completed,
                c.withdrawn,
                c.re_matched,
                c.held_sessions,
                c.cancelled_sessions,
                c.no_shows,
                c.review_sessions,
                hours(c.minutes)
            );
            let _ = writeln!(
                out,
                "Logs with errors: {}; with warnings only: {} (run `mentor validate` for the details).\n",
                share(c.pairs_with_errors, c.pairs),
                share(c.pairs_with_warnings_only, c.pairs)
            );
        }
    }
}

/// One table per competency: where the pairs stand with each of its milestones.
fn milestones_section(out: &mut String, program: &ProgramReport, min: usize) {
    out.push_str("## Milestones by competency\n\n");
    if program.competencies.is_empty() {
        out.push_str("The program sets no milestones.\n\n");
    }
    for competency in &program.competencies {
        if competency.id.is_empty() {
            let _ = writeln!(out, "### {}\n", text(&competency.label));
        } else {
            let _ = writeln!(
                out,
                "### {} (`{}`)\n",
                text(&competency.label),
                competency.id
            );
        }
        if competency.milestones.is_empty() {
            out.push_str("No milestone measures this competency.\n\n");
            continue;
        }
        out.push_str("| milestone | due | pairs | met | met late | overdue | not yet due |\n");
        out.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for milestone in &competency.milestones {
            let track = milestone
                .track
                .as_deref()
                .map(|t| format!(" (track `{t}`)"))
                .unwrap_or_default();
            let due = milestone.due.as_deref().unwrap_or("—");
            let _ = write!(out, "| `{}`{track} | {due} |", milestone.id);
            match milestone.counts.shown() {
                None => {
                    let _ = writeln!(out, " {} | | | | |", suppressed(min));
                }
                Some(n) => {
                    let _ = writeln!(
                        out,
                        " {} | {} | {} | {} | {} |",
                        n.pairs,
                        share(n.met, n.pairs),
                        share(n.met_late, n.pairs),
                        share(n.overdue, n.pairs),
                        share(n.pending, n.pairs)
                    );
                }
            }
        }
        out.push('\n');
    }
}

/// The tracks and the pairs on none, for a program that has tracks.
fn tracks_section(out: &mut String, program: &ProgramReport, min: usize) {
    if !program.tracks.is_empty() {
        out.push_str("## Tracks\n\n");
        out.push_str("| track | pairs | held sessions | milestones met |\n");
        out.push_str("| --- | ---: | ---: | ---: |\n");
        let no_track = program
            .no_track
            .as_ref()
            .map(|figures| ("No track".to_owned(), figures));
        let rows = program
            .tracks
            .iter()
            .map(|t| (format!("{} (`{}`)", text(&t.label), t.id), &t.figures))
            .chain(no_track);
        for (name, figures) in rows {
            let _ = write!(out, "| {name} |");
            match figures.shown() {
                None => {
                    let _ = writeln!(out, " {} | | |", suppressed(min));
                }
                Some(t) => {
                    let met = match (t.milestones_met, t.milestones_owed) {
                        (Some(met), Some(owed)) => format!("{met} of {owed}"),
                        _ => suppressed(min),
                    };
                    let _ = writeln!(out, " {} | {} | {met} |", t.pairs, t.held_sessions);
                }
            }
        }
        out.push('\n');
    }
}

/// The phase each active pair has reached (left out with the cohort's figures).
fn phases_section(out: &mut String, program: &ProgramReport) {
    if let Some(phases) = program.phases.shown() {
        out.push_str("## Where active pairs are\n\n");
        out.push_str("| phase | sessions | active pairs |\n| --- | --- | ---: |\n");
        for phase in phases {
            let _ = writeln!(
                out,
                "| {} (`{}`) | {} | {} |",
                text(&phase.label),
                phase.id,
                phase.sessions,
                phase.active_pairs_here
            );
        }
        out.push('\n');
    }
}

/// How held sessions ended, per outcome.
fn outcomes_section(out: &mut String, program: &ProgramReport) {
    if let Some(outcomes) = program.outcomes.shown() {
        let total: u64 = outcomes.iter().map(|o| o.sessions).sum();
        out.push_str("## How sessions ended\n\n");
        out.push_str("| outcome | sessions |\n| --- | ---: |\n");
        for outcome in outcomes {
            let failed = if outcome.failed { " — failed" } else { "" };
            let _ = writeln!(
                out,
                "| {} (`{}`){failed} | {} |",
                text(&outcome.label),
                outcome.id,
                share(outcome.sessions as usize, total as usize)
            );
        }
        out.push('\n');
    }
}

/// The rules the logs break, most widespread first.
fn findings_section(out: &mut String, program: &ProgramReport) {
    if let Some(findings) = program.findings.shown()
        && !findings.is_empty()
    {
        out.push_str("## Most common findings\n\n");
        out.push_str("| rule | pairs |\n| --- | ---: |\n");
        let pairs = program.cohort.shown().map_or(0, |c: &Cohort| c.pairs);
        for finding in findings {
            let _ = writeln!(
                out,
                "| {} `{}` | {} |",
                finding.code,
                finding.name,
                share(finding.pairs, pairs)
            );
        }
        out.push('\n');
    }
}

/// The pairs at risk: how many per reason (left out with the cohort's figures), then one row
/// per pair and reason with the day it was due by (left out of an anonymous report).
fn at_risk_section(out: &mut String, program: &ProgramReport, report: &CohortReport) {
    let counts = program.at_risk.shown();
    let rows = program.pairs_at_risk.as_deref();
    if counts.is_none() && rows.is_none() {
        return;
    }
    out.push_str("## At risk\n\n");
    if let Some(c) = counts {
        if c.pairs == 0 {
            let _ = writeln!(out, "No pair is at risk as of {}.\n", report.as_of);
        } else {
            let total = program.cohort.shown().map_or(0, |c: &Cohort| c.pairs);
            let reasons: Vec<String> = [
                (RiskReason::Inactive, c.inactive),
                (RiskReason::LateStart, c.late_start),
                (RiskReason::MissedStreak, c.missed_streak),
                (RiskReason::UnloggedPlan, c.unlogged_plan),
                (RiskReason::MilestoneAtRisk, c.milestone_at_risk),
            ]
            .into_iter()
            .filter(|&(_, n)| n > 0)
            .map(|(reason, n)| format!("{} {n}", reason.describe()))
            .collect();
            let _ = writeln!(
                out,
                "Pairs at risk as of {}: {}; {}.\n",
                report.as_of,
                share(c.pairs, total),
                reasons.join(", ")
            );
        }
    }
    if let Some(rows) = rows
        && !rows.is_empty()
    {
        out.push_str("| pair | at risk | due by |\n| --- | --- | --- |\n");
        for row in rows {
            let milestone = row
                .milestone
                .as_deref()
                .map(|m| format!(" `{m}`"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {}{milestone} | {} |",
                text(&row.pair),
                row.reason.describe(),
                row.due.map_or("—".to_owned(), |d| d.to_string())
            );
        }
        out.push('\n');
    } else if counts.is_none() {
        let _ = writeln!(out, "No pair is at risk as of {}.\n", report.as_of);
    }
}

/// One row per pair, unless the report is anonymous.
fn pairs_section(out: &mut String, program: &ProgramReport) {
    if let Some(pairs) = &program.pairs {
        out.push_str("## Pairs\n\n");
        out.push_str("| pair | track | status | started | held | phase | last session | milestones met | overdue | next deadline | next session due by | errors | warnings |\n");
        out.push_str(
            "| --- | --- | --- | --- | ---: | --- | --- | ---: | --- | --- | --- | ---: | ---: |\n",
        );
        for pair in pairs {
            let last = match (pair.last_session, pair.days_since_last_session) {
                (Some(date), Some(days)) => format!("{date} ({} ago)", words::plural(days, "day")),
                (Some(date), None) => date.to_string(),
                _ => "—".to_owned(),
            };
            let overdue = if pair.overdue.is_empty() {
                "—".to_owned()
            } else {
                pair.overdue
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let next = pair
                .next_deadline
                .as_ref()
                .map_or_else(|| "—".to_owned(), |(id, due)| format!("`{id}` by {due}"));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {last} | {} of {} | {overdue} | {next} | {} | {} | {} |",
                text(&pair.pair),
                pair.track
                    .as_deref()
                    .map_or("—".to_owned(), |t| format!("`{t}`")),
                pair.status,
                pair.started.map_or("—".to_owned(), |d| d.to_string()),
                pair.held_sessions,
                pair.phase
                    .as_deref()
                    .map_or("—".to_owned(), |p| format!("`{p}`")),
                pair.milestones_met,
                pair.milestones_owed,
                pair.next_session_due
                    .map_or("—".to_owned(), |d| d.to_string()),
                pair.errors,
                pair.warnings
            );
        }
        out.push('\n');
    }
}

/// Minutes as hours with one decimal: "12.5".
pub(super) fn hours(minutes: u64) -> String {
    format!("{}.{}", minutes / 60, (minutes % 60) * 10 / 60)
}
