//! What changed between two editions of the programs, in the designer's words (`mentor diff`).
//!
//! A program is code and changes in pull requests while cohorts run on it. A text diff shows
//! which lines moved; this module says what they mean: a phase that now covers other sessions,
//! a field made required, a milestone re-dated, a shorter longest gap. [`diff_programs`] pairs
//! the programs of the two sides and lists their [`Change`]s; [`impact`] checks logs against
//! both sides and says which findings and verdicts the change moves.
//!
//! Changes are read off the resolved models (`model::Program`), not the text, so reformatting,
//! reordering or moving a lens into a library is no change, and a change made in an imported
//! library shows in every program that imports it.

pub mod impact;
mod program;

use serde::Serialize;

use crate::model::{Program, compare_versions};
use crate::source::Span;

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Item {
    Program,
    /// A program-wide setting: length, cadence, session length, reviews, commitment, agreement,
    /// first session, missed sessions, the time to log a session.
    Setting,
    Outcome,
    Competency,
    Lens,
    Field,
    Phase,
    Milestone,
    Track,
    /// A `severity` line: the severity a rule has in this program.
    Severity,
}

/// How it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verb {
    Added,
    Removed,
    /// A milestone that is no longer owed.
    Dropped,
    /// A phase that covers other sessions.
    Moved,
    /// A milestone due at another time.
    Redated,
    /// A milestone that asks for other evidence.
    Reevidenced,
    MadeRequired,
    MadeOptional,
    Changed,
    /// Text the playbook shows (a label, a goal, a doc paragraph): no log is judged by it.
    Reworded,
}

impl Verb {
    fn words(self) -> &'static str {
        match self {
            Verb::Added => "added",
            Verb::Removed => "removed",
            Verb::Dropped => "dropped",
            Verb::Moved => "moved",
            Verb::Redated => "re-dated",
            Verb::Reevidenced => "re-evidenced",
            Verb::MadeRequired => "made required",
            Verb::MadeOptional => "made optional",
            Verb::Changed => "changed",
            Verb::Reworded => "reworded",
        }
    }
}

/// One change, as a designer would say it: "milestone `first-decision-review` re-dated: by
/// session 4 → by session 3".
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub item: Item,
    pub change: Verb,
    /// What changed, in the language's words; ids in backticks (`phase `framing``, `field
    /// `trade-off` of lens `decision-review``, `cadence: longest gap`).
    pub subject: String,
    /// The value before and after, as the language writes it (`4 weeks`, `sessions 1..2`,
    /// `by session 4`); `None` where there was none, or for a rewording.
    pub before: Option<String>,
    pub after: Option<String>,
    /// Whether a log can be judged differently: false for text only the playbook shows.
    pub affects_logs: bool,
    /// Where the change is: in the new program, or in the old one for what was removed.
    #[serde(skip)]
    pub span: Span,
}

impl Change {
    /// The change in one sentence, without the place: "cadence: longest gap changed: 4 weeks
    /// → 3 weeks".
    pub fn sentence(&self) -> String {
        let head = format!("{} {}", self.subject, self.change.words());
        match (&self.before, &self.after) {
            (Some(before), Some(after)) => format!("{head}: {before} → {after}"),
            (None, Some(after)) => format!("{head}: {after}"),
            (Some(before), None) => format!("{head} (was {before})"),
            (None, None) => head,
        }
    }
}

/// One side of a program's comparison: its version and where its header is.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    pub version: Option<String>,
    /// The file the program is declared in.
    pub file: String,
    #[serde(skip)]
    pub span: Span,
}

/// One program's changes: both editions when it is on both sides, else the one it has.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramDiff {
    pub id: String,
    pub old: Option<Edition>,
    pub new: Option<Edition>,
    /// In program order: the header and settings first, then outcomes, competencies, lenses,
    /// phases, milestones, tracks and severities.
    pub changes: Vec<Change>,
}

impl ProgramDiff {
    /// Some change can judge a log differently.
    pub fn affects_logs(&self) -> bool {
        self.changes.iter().any(|c| c.affects_logs)
    }
}

/// Pairs the programs of `old` and `new` and lists what changed in each, in the order of
/// `new` (then the programs only `old` has).
///
/// A program is paired with the one of the same id and version on the other side; those left
/// are paired by id, newest with newest (a pull request that bumps `version` and changes the
/// program); a program left after that was added or removed. Guarantees: every program of
/// either side is in exactly one `ProgramDiff`; a program paired with an identical one has no
/// changes; the order depends on the inputs only.
pub fn diff_programs(
    old: &[Program],
    new: &[Program],
    file_of: &dyn Fn(Span) -> String,
) -> Vec<ProgramDiff> {
    let edition = |program: &Program| Edition {
        version: program.version.clone(),
        file: file_of(program.span),
        span: program.span,
    };
    let mut old_left: Vec<Option<&Program>> = old.iter().map(Some).collect();
    let mut take_old = |wanted: &dyn Fn(&Program) -> bool| -> Option<&Program> {
        // The newest matching program still unpaired.
        let index = old_left
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.filter(|p| wanted(p)).map(|p| (i, p)))
            .max_by(|(_, a), (_, b)| compare_versions(a.version.as_deref(), b.version.as_deref()))
            .map(|(i, _)| i)?;
        old_left[index].take()
    };
    // Exact editions first, so a version added beside another is not compared with it.
    let mut paired: Vec<(Option<&Program>, &Program)> = new
        .iter()
        .map(|n| {
            let same = take_old(&|o| o.id == n.id && o.version == n.version);
            (same, n)
        })
        .collect();
    // Then by id, newest first, for what is left on both sides.
    let mut by_newest: Vec<usize> = (0..paired.len()).collect();
    by_newest.sort_by(|&a, &b| {
        compare_versions(
            paired[b].1.version.as_deref(),
            paired[a].1.version.as_deref(),
        )
    });
    for index in by_newest {
        if paired[index].0.is_none() {
            let id = &paired[index].1.id;
            paired[index].0 = take_old(&|o| o.id == *id);
        }
    }
    let mut diffs: Vec<ProgramDiff> = paired
        .into_iter()
        .map(|(old, new)| match old {
            Some(old) => ProgramDiff {
                id: new.id.clone(),
                old: Some(edition(old)),
                new: Some(edition(new)),
                changes: program::changes(old, new),
            },
            None => ProgramDiff {
                id: new.id.clone(),
                old: None,
                new: Some(edition(new)),
                changes: vec![program::whole(new, Verb::Added)],
            },
        })
        .collect();
    diffs.extend(old_left.into_iter().flatten().map(|old| {
        let mut removed = program::whole(old, Verb::Removed);
        // An edition dropped while the program stays: its logs are judged by the newest one
        // now, and what changed for them is that edition's diff against it.
        if let Some(newest) = new
            .iter()
            .filter(|n| n.id == old.id)
            .max_by(|a, b| compare_versions(a.version.as_deref(), b.version.as_deref()))
        {
            let version = newest.version.as_deref().unwrap_or("(no version)");
            removed.after = Some(format!(
                "{}; its logs are now checked against `{}`",
                removed
                    .after
                    .take()
                    .unwrap_or_else(|| "no version".to_owned()),
                version.replace('`', "'")
            ));
        }
        ProgramDiff {
            id: old.id.clone(),
            old: Some(edition(old)),
            new: None,
            changes: vec![removed],
        }
    }));
    diffs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_program_source;
    use crate::diagnostic::Diagnostics;
    use crate::source::Sources;

    fn program(sources: &mut Sources, id: &str, version: &str, gap: u32) -> Program {
        let text = format!(
            "program {id} \"T\" {{\n    version \"{version}\"\n    cadence gap at most {gap} weeks\n    phase all \"All\" sessions 1..3 {{ lenses any }}\n}}\n"
        );
        let source = sources.add(format!("{id}-{version}.mentor"), text);
        let mut diagnostics = Diagnostics::new();
        let checked = check_program_source(
            source,
            std::path::Path::new("."),
            None,
            sources,
            &mut diagnostics,
        );
        assert!(!checked.has_errors, "{diagnostics:#?}");
        checked.program.expect("a program")
    }

    fn summary(diffs: &[ProgramDiff]) -> Vec<(String, Option<String>, Option<String>, usize)> {
        diffs
            .iter()
            .map(|d| {
                (
                    d.id.clone(),
                    d.old.as_ref().and_then(|e| e.version.clone()),
                    d.new.as_ref().and_then(|e| e.version.clone()),
                    d.changes.len(),
                )
            })
            .collect()
    }

    #[test]
    fn editions_pair_by_version_first_then_newest_with_newest() {
        let mut sources = Sources::new();
        let old = vec![
            program(&mut sources, "a", "2025.1", 4),
            program(&mut sources, "a", "2025.2", 4),
            program(&mut sources, "gone", "1", 4),
        ];
        let new = vec![
            program(&mut sources, "a", "2025.1", 4),
            program(&mut sources, "a", "2026.1", 3),
            program(&mut sources, "fresh", "1", 4),
        ];
        let file_of = |span: Span| sources.name(span.source).to_owned();
        let diffs = diff_programs(&old, &new, &file_of);
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(
            summary(&diffs),
            [
                // The same edition on both sides: nothing changed.
                ("a".to_owned(), some("2025.1"), some("2025.1"), 0),
                // The newest left of each side: the version and the gap changed.
                ("a".to_owned(), some("2025.2"), some("2026.1"), 2),
                ("fresh".to_owned(), None, some("1"), 1),
                ("gone".to_owned(), some("1"), None, 1),
            ]
        );
        assert_eq!(
            diffs[1].changes[1].sentence(),
            "cadence: longest gap changed: 4 weeks → 3 weeks"
        );
        assert_eq!(diffs[2].changes[0].change, Verb::Added);
        assert_eq!(diffs[3].changes[0].change, Verb::Removed);
    }
}
