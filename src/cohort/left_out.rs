//! The logs a report leaves out, and why: the report's own data quality section, so whoever
//! reads the figures knows what they do not cover (not only whoever saw the run's stderr).
//!
//! A log is named by its file (and line, in a JSON Lines file), never by anything it says: the
//! file is the operator's own name for it. An anonymous report gives the counts alone, since a
//! file name may be a person's.

use serde::Serialize;

/// Why a log is not in the report's figures. The JSON names (`"unreadable"`, …) are the
/// report's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeftOutReason {
    /// The file could not be read or parsed (`F001`–`F003`): no log came out of it.
    Unreadable,
    /// The log names no program given, or none (`L005`).
    UnknownProgram,
    /// Another log of the same pair was counted first (`L034`).
    DuplicatePair,
    /// The log names a track its program does not have (`L007`): which milestones it owes is
    /// unknown, and counting it anywhere would skew the figures it is not in.
    UnknownTrack,
}

impl LeftOutReason {
    pub const ALL: [LeftOutReason; 4] = [
        LeftOutReason::Unreadable,
        LeftOutReason::UnknownProgram,
        LeftOutReason::DuplicatePair,
        LeftOutReason::UnknownTrack,
    ];

    /// The reason in the report's words.
    pub fn describe(self) -> &'static str {
        match self {
            LeftOutReason::Unreadable => "could not be read",
            LeftOutReason::UnknownProgram => "follows no program given",
            LeftOutReason::DuplicatePair => "repeats a pair already counted",
            LeftOutReason::UnknownTrack => "names a track its program does not have",
        }
    }

    /// The rule `mentor validate` reports it under.
    pub fn rule(self) -> &'static str {
        match self {
            LeftOutReason::Unreadable => "F001–F003",
            LeftOutReason::UnknownProgram => "L005",
            LeftOutReason::DuplicatePair => "L034",
            LeftOutReason::UnknownTrack => "L007",
        }
    }
}

/// One log left out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LeftOutLog {
    /// The file, as it was given or found.
    pub file: String,
    /// The line the log starts on, in a JSON Lines file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub reason: LeftOutReason,
    /// The program it follows, when it names one given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
}

/// The logs left out of a report: how many per reason, and (unless anonymous) which.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LeftOut {
    pub logs: usize,
    pub unreadable: usize,
    pub unknown_program: usize,
    pub duplicate_pair: usize,
    pub unknown_track: usize,
    /// The logs, in file order; `None` in an anonymous report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<Vec<LeftOutLog>>,
}

impl LeftOut {
    pub(super) fn new(mut logs: Vec<LeftOutLog>, anonymous: bool) -> LeftOut {
        logs.sort();
        logs.dedup();
        let count = |reason| logs.iter().filter(|l| l.reason == reason).count();
        LeftOut {
            logs: logs.len(),
            unreadable: count(LeftOutReason::Unreadable),
            unknown_program: count(LeftOutReason::UnknownProgram),
            duplicate_pair: count(LeftOutReason::DuplicatePair),
            unknown_track: count(LeftOutReason::UnknownTrack),
            files: (!anonymous).then_some(logs),
        }
    }

    /// How many were left out for `reason`.
    pub fn count(&self, reason: LeftOutReason) -> usize {
        match reason {
            LeftOutReason::Unreadable => self.unreadable,
            LeftOutReason::UnknownProgram => self.unknown_program,
            LeftOutReason::DuplicatePair => self.duplicate_pair,
            LeftOutReason::UnknownTrack => self.unknown_track,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(file: &str, line: Option<usize>, reason: LeftOutReason) -> LeftOutLog {
        LeftOutLog {
            file: file.to_owned(),
            line,
            reason,
            program: None,
        }
    }

    #[test]
    fn counts_per_reason_and_names_files_unless_anonymous() {
        let logs = vec![
            log("b.jsonl", Some(3), LeftOutReason::Unreadable),
            log("a.toml", None, LeftOutReason::UnknownTrack),
            log("b.jsonl", Some(3), LeftOutReason::Unreadable),
            log("b.jsonl", Some(1), LeftOutReason::Unreadable),
        ];
        let left_out = LeftOut::new(logs.clone(), false);
        assert_eq!(
            (left_out.logs, left_out.unreadable, left_out.unknown_track),
            (3, 2, 1)
        );
        let files: Vec<(&str, Option<usize>)> = left_out
            .files
            .iter()
            .flatten()
            .map(|l| (l.file.as_str(), l.line))
            .collect();
        assert_eq!(
            files,
            [("a.toml", None), ("b.jsonl", Some(1)), ("b.jsonl", Some(3))]
        );
        let anonymous = LeftOut::new(logs, true);
        assert_eq!(anonymous.logs, 3);
        assert!(anonymous.files.is_none());
    }
}
