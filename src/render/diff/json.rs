//! `mentor diff --format json`: one document with the same content as the other formats, for
//! a bot or a dashboard. Each change keeps its machine-readable kind (`item`, `change`) beside
//! the sentence a person reads, and its place.

use serde::Serialize;

use super::place;
use crate::diff::impact::Impact;
use crate::diff::{Change, Edition, ProgramDiff};
use crate::source::Sources;

#[derive(Serialize)]
struct Document<'a> {
    programs: Vec<ProgramJson<'a>>,
    /// `null` when no logs were given.
    impact: Option<&'a Impact>,
}

#[derive(Serialize)]
struct ProgramJson<'a> {
    id: &'a str,
    old: Option<&'a Edition>,
    new: Option<&'a Edition>,
    changes: Vec<ChangeJson<'a>>,
}

#[derive(Serialize)]
struct ChangeJson<'a> {
    #[serde(flatten)]
    change: &'a Change,
    sentence: String,
    file: String,
    line: usize,
}

pub fn render_diff_json(
    diffs: &[ProgramDiff],
    impact: Option<&Impact>,
    sources: &Sources,
) -> String {
    let programs = diffs
        .iter()
        .map(|diff| ProgramJson {
            id: &diff.id,
            old: diff.old.as_ref(),
            new: diff.new.as_ref(),
            changes: diff
                .changes
                .iter()
                .map(|change| {
                    let (file, line) = place(change, sources);
                    ChangeJson {
                        change,
                        sentence: change.sentence(),
                        file,
                        line,
                    }
                })
                .collect(),
        })
        .collect();
    let document = Document { programs, impact };
    // Plain data of strings and numbers: serialising it cannot fail.
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
