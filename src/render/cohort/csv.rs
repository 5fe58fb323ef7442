//! The cohort report (`mentor report --format csv`) as one RFC 4180 table, for spreadsheets and
//! HR systems, written by the `csv` crate (quotes, commas and line breaks quoted; CRLF ends).
//!
//! A spreadsheet wants one rectangular table, so a report is exactly one:
//! - with names (the default), the pair table: one row per pair, program after program in
//!   report order and pairs in pair order, then one row per log left out, named by its file
//!   and marked in the `left_out` column;
//! - anonymous, the figures as one "long" table (`program, table, group, row, label, measure,
//!   value, suppressed`), each figure a row, so a pivot table rebuilds any of the report's
//!   tables. A suppressed figure has an empty `value` and `suppressed` = `true`: it is a
//!   `Group` with nothing in it, so there is no number to write.
//!
//! Every cell goes through [`cell`]: control characters escaped (`render::visible`, since a CSV
//! is often printed to a terminal), then a cell a spreadsheet would read as a formula
//! neutralised with a leading `'`.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::cohort::{
    Cohort, CohortReport, Group, LeftOut, LeftOutLog, LeftOutReason, MilestoneCounts, PairRow,
    ProgramReport, RiskCounts, RiskReason, RiskRow, TrackFigures,
};
use crate::render::visible::visible;

/// The pair table's columns: the JSON `PairRow` fields, with `next_deadline` split in two, the
/// pair's at-risk rows folded into three columns, and the reason a log is left out.
const PAIR_COLUMNS: [&str; 22] = [
    "program",
    "pair",
    "track",
    "status",
    "started",
    "held_sessions",
    "phase",
    "last_session",
    "days_since_last_session",
    "milestones_met",
    "milestones_owed",
    "overdue",
    "next_deadline_milestone",
    "next_deadline",
    "next_session_due",
    "at_risk",
    "milestones_at_risk",
    "at_risk_due_by",
    "errors",
    "warnings",
    "left_out",
    // Last, so the columns of a report before versions sat side by side keep their places.
    "program_version",
];

/// The long table's columns (anonymous reports).
const FIGURE_COLUMNS: [&str; 9] = [
    "program",
    "table",
    "group",
    "row",
    "label",
    "measure",
    "value",
    "suppressed",
    "program_version",
];

/// The characters that make a spreadsheet read a cell as a formula when they start it:
/// `=`, `+`, `-` and `@` (Excel, LibreOffice, Google Sheets), and tab, carriage return, line
/// feed and NUL, which some of them skip before looking (OWASP's list, and ASVS 1.2.10's).
const FORMULA_STARTS: [char; 8] = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

/// The report as one string (the benchmarks' and tests' way in; writing into memory cannot
/// fail).
pub fn render_cohort_csv(report: &CohortReport) -> String {
    crate::render::written(|out| write_cohort_csv(report, out))
}

/// [`render_cohort_csv`] written to `out` a row at a time: the pair table of a cohort of
/// 190,000 pairs is never held whole.
pub fn write_cohort_csv(
    report: &CohortReport,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // Names are written only when every part of the report has them: a report that is
    // anonymous anywhere names no one anywhere.
    let named =
        report.left_out.files.is_some() && report.programs.iter().all(|p| p.pairs.is_some());
    if named {
        table(PAIR_COLUMNS, pair_table(report), out)
    } else {
        table(FIGURE_COLUMNS, figure_table(report), out)
    }
}

/// A cell as it is written: control characters escaped, and a leading formula character
/// neutralised by a `'`, which spreadsheets read as "this is text". Every cell goes through
/// it, numbers too: a number we compute never starts with one of those characters, so only
/// text is ever changed (a date from a log with a negative year would be, and stays text).
fn cell(text: &str) -> String {
    let shown = visible(text);
    if shown.starts_with(FORMULA_STARTS) {
        format!("'{shown}")
    } else {
        shown.into_owned()
    }
}

/// The table as RFC 4180 text: a header row, then `rows`, every one as wide as the header
/// (fixed-size arrays, so the `csv` writer's one error of its own, a ragged row, cannot happen:
/// what can fail is writing to `out`).
fn table<const N: usize>(
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    std::iter::once(header.map(str::to_owned))
        .chain(rows)
        .try_for_each(|row| writer.write_record(row.iter().map(|c| cell(c))))
        .map_err(io_error)?;
    writer.flush()
}

/// A `csv` error as the IO error it is (or, for any other kind, with its message).
fn io_error(error: csv::Error) -> std::io::Error {
    let message = error.to_string();
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        _ => std::io::Error::other(message),
    }
}

/// The name the JSON report gives a value (`"milestone-at-risk"`, `"unknown-track"`): the
/// same words in both formats.
fn json_name(value: impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn date(day: Option<Date>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

/// Ids as one cell, separated by a space (ids hold none).
fn ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(" ")
}

/// One row per pair, then one per log left out, each made as it is written.
fn pair_table(report: &CohortReport) -> impl Iterator<Item = [String; 22]> + '_ {
    let pairs = report.programs.iter().flat_map(|program| {
        let mut risks: BTreeMap<&str, Vec<&RiskRow>> = BTreeMap::new();
        for risk in program.pairs_at_risk.iter().flatten() {
            risks.entry(risk.pair.as_str()).or_default().push(risk);
        }
        program.pairs.iter().flatten().map(move |pair| {
            let risks = risks.get(pair.pair.as_str()).map_or(&[][..], Vec::as_slice);
            pair_row(program, pair, risks)
        })
    });
    pairs.chain(report.left_out.files.iter().flatten().map(left_out_row))
}

fn pair_row(program: &ProgramReport, pair: &PairRow, risks: &[&RiskRow]) -> [String; 22] {
    let reasons: BTreeSet<RiskReason> = risks.iter().map(|r| r.reason).collect();
    let (next_milestone, next_deadline) = match &pair.next_deadline {
        Some((id, due)) => (id.clone(), due.to_string()),
        None => (String::new(), String::new()),
    };
    [
        program.id.clone(),
        pair.pair.clone(),
        pair.track.clone().unwrap_or_default(),
        pair.status.to_owned(),
        date(pair.started),
        pair.held_sessions.to_string(),
        pair.phase.clone().unwrap_or_default(),
        date(pair.last_session),
        pair.days_since_last_session
            .map(|d| d.to_string())
            .unwrap_or_default(),
        pair.milestones_met.to_string(),
        pair.milestones_owed.to_string(),
        ids(pair.overdue.iter().map(String::as_str)),
        next_milestone,
        next_deadline,
        date(pair.next_session_due),
        reasons
            .into_iter()
            .map(json_name)
            .collect::<Vec<_>>()
            .join(" "),
        ids(risks.iter().filter_map(|r| r.milestone.as_deref())),
        date(risks.iter().filter_map(|r| r.due).min()),
        pair.errors.to_string(),
        pair.warnings.to_string(),
        String::new(),
        program.version.clone().unwrap_or_default(),
    ]
}

/// A log no figure covers: named like a pair without a `pair` id (its file, and `:line` in a
/// JSON Lines file), its figures empty, and why in `left_out`.
fn left_out_row(log: &LeftOutLog) -> [String; 22] {
    let mut row: [String; 22] = Default::default();
    row[0] = log.program.clone().unwrap_or_default();
    row[1] = match log.line {
        Some(line) => format!("{}:{line}", log.file),
        None => log.file.clone(),
    };
    row[20] = json_name(log.reason);
    row
}

/// The long table of an anonymous report: each figure a row, program by program in the
/// report's order (cohort, milestones, tracks, phases, outcomes, findings, at risk, weeks),
/// then the logs left out.
struct Figures {
    rows: Vec<[String; 9]>,
}

/// Where a figure sits: its program (and version), table, group (a milestone's competency),
/// row and label.
struct Place<'a> {
    program: &'a str,
    version: &'a str,
    table: &'a str,
    group: &'a str,
    row: &'a str,
    label: &'a str,
}

impl Figures {
    /// One figure; `None` is a suppressed one, written without a number.
    fn push(&mut self, place: &Place<'_>, measure: &str, value: Option<u64>) {
        self.rows.push([
            place.program.to_owned(),
            place.table.to_owned(),
            place.group.to_owned(),
            place.row.to_owned(),
            place.label.to_owned(),
            measure.to_owned(),
            value.map(|v| v.to_string()).unwrap_or_default(),
            if value.is_some() { "false" } else { "true" }.to_owned(),
            place.version.to_owned(),
        ]);
    }

    /// The `measures` of a figure over a group, named as in the JSON report: all shown, or
    /// (for a suppressed group) all written as suppressed.
    fn group<T, const N: usize>(
        &mut self,
        place: &Place<'_>,
        figure: Option<&T>,
        measures: [&str; N],
        values: fn(&T) -> [u64; N],
    ) {
        let values = figure.map(values);
        for (i, measure) in measures.into_iter().enumerate() {
            self.push(place, measure, values.map(|v| v[i]));
        }
    }
}

const COHORT_MEASURES: [&str; 12] = [
    "pairs",
    "active",
    "completed",
    "withdrawn",
    "re_matched",
    "held_sessions",
    "cancelled_sessions",
    "no_shows",
    "review_sessions",
    "minutes",
    "pairs_with_errors",
    "pairs_with_warnings_only",
];

fn cohort_values(c: &Cohort) -> [u64; 12] {
    [
        c.pairs as u64,
        c.active as u64,
        c.completed as u64,
        c.withdrawn as u64,
        c.re_matched as u64,
        c.held_sessions,
        c.cancelled_sessions,
        c.no_shows,
        c.review_sessions,
        c.minutes,
        c.pairs_with_errors as u64,
        c.pairs_with_warnings_only as u64,
    ]
}

const MILESTONE_MEASURES: [&str; 5] = ["pairs", "met", "met_late", "overdue", "pending"];

fn milestone_values(n: &MilestoneCounts) -> [u64; 5] {
    [n.pairs, n.met, n.met_late, n.overdue, n.pending].map(|n| n as u64)
}

const RISK_MEASURES: [&str; 6] = [
    "pairs",
    "inactive",
    "late_start",
    "missed_streak",
    "unlogged_plan",
    "milestone_at_risk",
];

fn risk_values(c: &RiskCounts) -> [u64; 6] {
    [
        c.pairs,
        c.inactive,
        c.late_start,
        c.missed_streak,
        c.unlogged_plan,
        c.milestone_at_risk,
    ]
    .map(|n| n as u64)
}

fn figure_table(report: &CohortReport) -> Vec<[String; 9]> {
    let mut figures = Figures { rows: Vec::new() };
    for program in &report.programs {
        program_figures(&mut figures, program);
    }
    left_out_figures(&mut figures, &report.left_out);
    figures.rows
}

fn program_figures(figures: &mut Figures, program: &ProgramReport) {
    fn place<'a>(
        program: &'a str,
        version: &'a str,
    ) -> impl Fn(&'a str, &'a str, &'a str, &'a str) -> Place<'a> {
        move |table, group, row, label| Place {
            program,
            version,
            table,
            group,
            row,
            label,
        }
    }
    let at = place(&program.id, program.version.as_deref().unwrap_or_default());
    figures.group(
        &at("cohort", "", "", ""),
        program.cohort.shown(),
        COHORT_MEASURES,
        cohort_values,
    );
    for competency in &program.competencies {
        for milestone in &competency.milestones {
            figures.group(
                &at(
                    "milestones",
                    &competency.id,
                    &milestone.id,
                    &milestone.label,
                ),
                milestone.counts.shown(),
                MILESTONE_MEASURES,
                milestone_values,
            );
        }
    }
    let no_track = program
        .no_track
        .as_ref()
        .map(|figures| ("", "No track", figures));
    let tracks = program
        .tracks
        .iter()
        .map(|t| (t.id.as_str(), t.label.as_str(), &t.figures))
        .chain(no_track);
    for (id, label, group) in tracks {
        track_figures(figures, &at("tracks", "", id, label), group);
    }
    // The lists of rows are suppressed whole: one row says so, naming no row.
    let hidden = at("", "", "", "");
    let suppressed = |figures: &mut Figures, table| {
        figures.push(&Place { table, ..hidden }, "", None);
    };
    match program.phases.shown() {
        Some(phases) => {
            for phase in phases {
                figures.push(
                    &at("phases", "", &phase.id, &phase.label),
                    "active_pairs_here",
                    Some(phase.active_pairs_here as u64),
                );
            }
        }
        None => suppressed(figures, "phases"),
    }
    match program.outcomes.shown() {
        Some(outcomes) => {
            for outcome in outcomes {
                figures.push(
                    &at("outcomes", "", &outcome.id, &outcome.label),
                    "sessions",
                    Some(outcome.sessions),
                );
            }
        }
        None => suppressed(figures, "outcomes"),
    }
    match program.findings.shown() {
        Some(findings) => {
            for finding in findings {
                figures.push(
                    &at("findings", "", finding.code, finding.name),
                    "pairs",
                    Some(finding.pairs as u64),
                );
            }
        }
        None => suppressed(figures, "findings"),
    }
    figures.group(
        &at("at_risk", "", "", ""),
        program.at_risk.shown(),
        RISK_MEASURES,
        risk_values,
    );
    match program.trends.shown() {
        Some(trends) => {
            for week in &trends.weeks {
                let monday = week.week.to_string();
                let place = Place {
                    row: &monday,
                    ..at("weeks", "", "", "")
                };
                figures.push(&place, "sessions_held", week.sessions_held.shown().copied());
                figures.push(
                    &place,
                    "milestones_met_to_date",
                    week.milestones_met_to_date.shown().copied(),
                );
            }
        }
        None => suppressed(figures, "weeks"),
    }
}

/// A track's figures (or those of the pairs on no track); milestones met and owed are
/// suppressed on their own when too few of the group's pairs owe milestones.
fn track_figures(figures: &mut Figures, place: &Place<'_>, group: &Group<TrackFigures>) {
    let shown = group.shown();
    figures.push(place, "pairs", shown.map(|t| t.pairs as u64));
    figures.push(place, "held_sessions", shown.map(|t| t.held_sessions));
    let met = shown.and_then(|t| t.milestones_met);
    let owed = shown.and_then(|t| t.milestones_owed);
    figures.push(place, "milestones_met", met.map(|n| n as u64));
    figures.push(place, "milestones_owed", owed.map(|n| n as u64));
}

/// The logs left out, per reason: counts of logs over the whole report (no program), never
/// suppressed, as in the JSON.
fn left_out_figures(figures: &mut Figures, left_out: &LeftOut) {
    fn place(row: &str) -> Place<'_> {
        Place {
            program: "",
            version: "",
            table: "left_out",
            group: "",
            row,
            label: "",
        }
    }
    figures.push(&place(""), "logs", Some(left_out.logs as u64));
    for reason in LeftOutReason::ALL {
        let name = json_name(reason);
        figures.push(&place(&name), "logs", Some(left_out.count(reason) as u64));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised_and_controls_escaped() {
        for formula in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\nx"] {
            assert_eq!(cell(formula), format!("'{formula}"));
        }
        // A carriage return is escaped first, so the cell starts with a backslash.
        assert_eq!(cell("\r=1"), "\\u{d}=1");
        assert_eq!(cell("a\u{1b}[31m"), "a\\u{1b}[31m");
        for plain in ["pair-017", "2025-06-01", "12", "a=b", "", "'quoted"] {
            assert_eq!(cell(plain), plain);
        }
    }

    #[test]
    fn rows_are_rfc_4180() {
        let text = crate::render::written(|out| {
            table(
                ["a", "b"],
                vec![["x,y".to_owned(), "say \"hi\"\nthen".to_owned()]],
                out,
            )
        });
        assert_eq!(text, "a,b\r\n\"x,y\",\"say \"\"hi\"\"\nthen\"\r\n");
    }

    /// A table is written as it is made, so a failed write is the command's error, of the
    /// writer's kind (a closed pipe stays quiet, a full disk is reported), never a table cut
    /// short: whether it fails within the rows (past the `csv` writer's own buffer) or at the
    /// end.
    #[test]
    fn a_table_that_cannot_be_written_is_the_writer_s_error() {
        struct Failing(std::io::ErrorKind);
        impl std::io::Write for Failing {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(self.0.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        for kind in [
            std::io::ErrorKind::BrokenPipe,
            std::io::ErrorKind::StorageFull,
        ] {
            for rows in [1, 10_000] {
                let rows = vec![["pair-000001".to_owned()]; rows];
                let written = table(["pair"], rows, &mut Failing(kind));
                assert_eq!(written.map_err(|e| e.kind()), Err(kind));
            }
        }
    }

    #[test]
    fn names_are_the_json_ones() {
        assert_eq!(json_name(RiskReason::MilestoneAtRisk), "milestone-at-risk");
        assert_eq!(json_name(LeftOutReason::UnknownProgram), "unknown-program");
    }
}
