//! `mentor match`'s output: the pairs with each one's score broken down by preference, the
//! mentees left unmatched with the requirement that excluded each, and each mentor's load, as
//! Markdown (a review, a CI job summary), CSV (a spreadsheet) and JSON (a platform import).
//!
//! Everything printed is the program's own words (its criteria) and the roster's ids, which the
//! roster reader accepted only when they look like ids: no roster cell of any other kind
//! reaches an output.

use std::fmt::Write as _;

use serde::Serialize;

use crate::matching::roster::Roster;
use crate::matching::{MatchResult, MatchedPair, UnmatchedReason};
use crate::model::Program;
use crate::model::matching::Matching;
use crate::words::count;

/// What one run of the match was about, for every format's header.
pub struct MatchReport<'a> {
    pub program: &'a Program,
    pub matching: &'a Matching,
    pub roster: &'a Roster,
    pub result: &'a MatchResult,
}

impl MatchReport<'_> {
    fn mentee(&self, index: usize) -> &str {
        &self.roster.mentees[index].id
    }

    fn mentor(&self, index: usize) -> &str {
        &self.roster.mentors[index].id
    }

    /// Why a pair scores what it does: each preference that gave points, in the program's
    /// order, e.g. "shared values 6 (2 × 3) · different function 2".
    fn why(&self, pair: &MatchedPair) -> String {
        let parts: Vec<String> = pair
            .breakdown
            .iter()
            .filter(|entry| entry.points != 0)
            .map(|entry| {
                let preference = &self.matching.preferences[entry.preference];
                let text = self.matching.describe(&preference.criterion);
                if entry.count > 1 {
                    format!(
                        "{text} {} ({} × {})",
                        entry.points, entry.count, preference.weight
                    )
                } else {
                    format!("{text} {}", entry.points)
                }
            })
            .collect();
        if parts.is_empty() {
            "meets every requirement; scores nothing on the preferences".to_owned()
        } else {
            parts.join(" · ")
        }
    }

    /// Why a mentee was left unmatched, in a sentence.
    fn unmatched_why(&self, reason: &UnmatchedReason) -> String {
        match reason {
            UnmatchedReason::AlreadyPaired { mentor } => {
                format!("already in an active pair with {}", md(mentor))
            }
            UnmatchedReason::NoMentors => "the roster has no mentor".to_owned(),
            UnmatchedReason::AllowedMentorsFull {
                allowed,
                full_before,
            } => {
                let (who, are) = if *allowed == 1 {
                    ("the one mentor the requirements allow".to_owned(), "is")
                } else {
                    (
                        format!("all {allowed} mentors the requirements allow"),
                        "are",
                    )
                };
                if full_before == allowed {
                    format!("{who} {are} full with active pairs")
                } else if *full_before > 0 {
                    format!(
                        "{who} {are} full: {full_before} with active pairs, the others with mentees whose places this mentee would have cost, or a higher total score"
                    )
                } else {
                    format!(
                        "{who} {are} full: a place for this mentee would cost another mentee theirs, or a higher total score"
                    )
                }
            }
            UnmatchedReason::Excluded {
                by_requirement,
                paired_before,
            } => {
                let mentors = self.roster.mentors.len();
                let mut parts: Vec<String> = by_requirement
                    .iter()
                    .map(|&(requirement, excluded)| {
                        format!(
                            "`require {}` excludes {excluded} of {mentors}",
                            self.matching
                                .describe(&self.matching.requirements[requirement])
                        )
                    })
                    .collect();
                if *paired_before > 0 {
                    parts.push(format!(
                        "{} paired with this mentee before",
                        count(*paired_before as u64, "mentor was", "mentors were")
                    ));
                }
                format!("no mentor is allowed: {}", parts.join("; "))
            }
        }
    }

    fn capacity_total(&self) -> u64 {
        self.result
            .load
            .iter()
            .map(|load| u64::from(load.capacity.saturating_sub(load.existing)))
            .sum()
    }
}

/// A roster id in Markdown: ids are letters, digits, `-`, `_` and `.`, but a leading `-` or a
/// pair of `_` would still format.
fn md(id: &str) -> String {
    crate::render::markdown::text(id)
}

/// The match as Markdown.
pub fn render_match_markdown(report: &MatchReport<'_>) -> String {
    let result = report.result;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Match: {} (`{}`)\n",
        crate::render::markdown::text(&report.program.title),
        report.program.id
    );
    let already = result.already_paired();
    let _ = write!(
        out,
        "{} of {} matched with {} ({}) · total score {} · {} unmatched",
        result.pairs.len(),
        count(report.roster.mentees.len() as u64, "mentee", "mentees"),
        count(report.roster.mentors.len() as u64, "mentor", "mentors"),
        count(report.capacity_total(), "place", "places"),
        result.total_score,
        result.unmatched.len() - already,
    );
    if already > 0 {
        let _ = write!(out, " · {already} already in a pair");
    }
    out.push_str("\n\n");
    out.push_str("## How pairs are scored\n\n");
    for requirement in &report.matching.requirements {
        let _ = writeln!(
            out,
            "- every pair meets `require {}`",
            report.matching.describe(requirement)
        );
    }
    for preference in &report.matching.preferences {
        let _ = writeln!(out, "- {}", report.matching.describe_preference(preference));
    }
    if report.matching.requirements.is_empty() && report.matching.preferences.is_empty() {
        out.push_str("- any mentee may be paired with any mentor\n");
    }
    out.push_str(
        "\nThe match pairs as many mentees as the requirements and capacities allow, then the \
         highest total score; ties go to the earlier ids.\n",
    );
    out.push_str("\n## Pairs\n\n");
    if result.pairs.is_empty() {
        out.push_str("No pair was made.\n");
    } else {
        out.push_str("| mentee | mentor | score | why |\n| --- | --- | ---: | --- |\n");
        for pair in &result.pairs {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(report.mentee(pair.mentee)),
                md(report.mentor(pair.mentor)),
                pair.score,
                report.why(pair)
            );
        }
    }
    if !result.unmatched.is_empty() {
        out.push_str("\n## Unmatched\n\n| mentee | why |\n| --- | --- |\n");
        for unmatched in &result.unmatched {
            let _ = writeln!(
                out,
                "| {} | {} |",
                md(report.mentee(unmatched.mentee)),
                report.unmatched_why(&unmatched.reason)
            );
        }
    }
    if !result.load.is_empty() {
        out.push_str(
            "\n## Mentor load\n\n| mentor | matched | already mentoring | capacity |\n| --- | ---: | ---: | ---: |\n",
        );
        for load in &result.load {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                md(report.mentor(load.mentor)),
                load.matched,
                load.existing,
                load.capacity
            );
        }
    }
    out
}

/// The match as CSV: one row per mentee, matched or not, with a column per preference (its
/// points), then the reason a mentee was left unmatched.
pub fn render_match_csv(report: &MatchReport<'_>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = vec!["mentee".into(), "mentor".into(), "score".into()];
    header.extend(
        report
            .matching
            .preferences
            .iter()
            .map(|p| report.matching.describe(&p.criterion)),
    );
    header.push("unmatched because".into());
    let _ = writer.write_record(&header);
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for pair in &report.result.pairs {
        let mut row = vec![
            report.mentee(pair.mentee).to_owned(),
            report.mentor(pair.mentor).to_owned(),
            pair.score.to_string(),
        ];
        row.extend(pair.breakdown.iter().map(|entry| entry.points.to_string()));
        row.push(String::new());
        rows.push((pair.mentee, row));
    }
    for unmatched in &report.result.unmatched {
        let mut row = vec![
            report.mentee(unmatched.mentee).to_owned(),
            String::new(),
            String::new(),
        ];
        row.extend(report.matching.preferences.iter().map(|_| String::new()));
        row.push(report.unmatched_why(&unmatched.reason));
        rows.push((unmatched.mentee, row));
    }
    rows.sort_by_key(|(mentee, _)| *mentee);
    for (_, row) in rows {
        let _ = writer.write_record(&row);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    program: &'a str,
    version: Option<&'a str>,
    mentees: usize,
    mentors: usize,
    matched: usize,
    total_score: i64,
    requirements: Vec<String>,
    preferences: Vec<JsonPreference>,
    pairs: Vec<JsonPair<'a>>,
    unmatched: Vec<JsonUnmatched<'a>>,
    load: Vec<JsonLoad<'a>>,
}

#[derive(Serialize)]
struct JsonPreference {
    criterion: String,
    weight: u32,
}

#[derive(Serialize)]
struct JsonPair<'a> {
    mentee: &'a str,
    mentor: &'a str,
    score: i64,
    breakdown: Vec<JsonScore>,
}

#[derive(Serialize)]
struct JsonScore {
    criterion: String,
    weight: u32,
    count: u32,
    points: i64,
}

#[derive(Serialize)]
struct JsonUnmatched<'a> {
    mentee: &'a str,
    /// `already-paired`, `no-mentors`, `excluded` or `allowed-mentors-full`.
    reason: &'static str,
    /// For `excluded`: how many of the roster's mentors each requirement excludes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    excluded_by: Vec<JsonExclusion>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paired_before: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed: Option<usize>,
    /// For `allowed-mentors-full`: how many of them were full with active pairs already.
    #[serde(skip_serializing_if = "Option::is_none")]
    full_with_active_pairs: Option<usize>,
    /// For `already-paired`: the mentor of the active pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    paired_with: Option<&'a str>,
    message: String,
}

#[derive(Serialize)]
struct JsonExclusion {
    requirement: String,
    mentors: usize,
}

#[derive(Serialize)]
struct JsonLoad<'a> {
    mentor: &'a str,
    matched: u32,
    existing: u32,
    capacity: u32,
}

/// The match as one JSON document.
pub fn render_match_json(report: &MatchReport<'_>) -> String {
    let matching = report.matching;
    let document = JsonMatch {
        program: &report.program.id,
        version: report.program.version.as_deref(),
        mentees: report.roster.mentees.len(),
        mentors: report.roster.mentors.len(),
        matched: report.result.pairs.len(),
        total_score: report.result.total_score,
        requirements: matching
            .requirements
            .iter()
            .map(|c| matching.describe(c))
            .collect(),
        preferences: matching
            .preferences
            .iter()
            .map(|p| JsonPreference {
                criterion: matching.describe(&p.criterion),
                weight: p.weight,
            })
            .collect(),
        pairs: report
            .result
            .pairs
            .iter()
            .map(|pair| JsonPair {
                mentee: report.mentee(pair.mentee),
                mentor: report.mentor(pair.mentor),
                score: pair.score,
                breakdown: pair
                    .breakdown
                    .iter()
                    .map(|entry| {
                        let preference = &matching.preferences[entry.preference];
                        JsonScore {
                            criterion: matching.describe(&preference.criterion),
                            weight: preference.weight,
                            count: entry.count,
                            points: entry.points,
                        }
                    })
                    .collect(),
            })
            .collect(),
        unmatched: report
            .result
            .unmatched
            .iter()
            .map(|unmatched| {
                let message = report.unmatched_why(&unmatched.reason);
                let mentee = report.mentee(unmatched.mentee);
                // Every reason starts from nothing but its name, and fills in its own fields.
                let mut entry = JsonUnmatched {
                    mentee,
                    reason: "",
                    excluded_by: Vec::new(),
                    paired_before: None,
                    allowed: None,
                    full_with_active_pairs: None,
                    paired_with: None,
                    message,
                };
                match &unmatched.reason {
                    UnmatchedReason::AlreadyPaired { mentor } => {
                        entry.reason = "already-paired";
                        entry.paired_with = Some(mentor);
                    }
                    UnmatchedReason::NoMentors => entry.reason = "no-mentors",
                    UnmatchedReason::AllowedMentorsFull {
                        allowed,
                        full_before,
                    } => {
                        entry.reason = "allowed-mentors-full";
                        entry.allowed = Some(*allowed);
                        entry.full_with_active_pairs = Some(*full_before);
                    }
                    UnmatchedReason::Excluded {
                        by_requirement,
                        paired_before,
                    } => {
                        entry.reason = "excluded";
                        entry.excluded_by = by_requirement
                            .iter()
                            .map(|&(requirement, mentors)| JsonExclusion {
                                requirement: matching.describe(&matching.requirements[requirement]),
                                mentors,
                            })
                            .collect();
                        entry.paired_before = Some(*paired_before);
                    }
                }
                entry
            })
            .collect(),
        load: report
            .result
            .load
            .iter()
            .map(|load| JsonLoad {
                mentor: report.mentor(load.mentor),
                matched: load.matched,
                existing: load.existing,
                capacity: load.capacity,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
