//! Approved exceptions: the decisions program operations record in an exceptions file
//! (`--exceptions FILE`, or the one `mentor.toml` names) because logs are exported from
//! platforms and nobody can annotate them.
//!
//! - a **waiver** excuses the findings of one rule for one pair (optionally one session or one
//!   milestone);
//! - a **pause** takes a stretch of days out of a pair's calendar: the gap, inactivity and
//!   streak rules skip it, and week and date deadlines move by its length;
//! - an **extension** moves one milestone's deadline for one pair to a date.
//!
//! [`read`] turns the file into [`Exceptions`] (an entry that is incomplete or malformed is
//! reported, `C002`, and left out). The validator asks [`Exceptions::for_pair`] for the pauses
//! and extensions of the pair it checks; once every log is checked, [`apply`] moves the
//! findings a waiver excuses aside and reports the entries that are expired (`C004`), name what
//! the programs lack (`C003`) or matched nothing (`C005`).
//!
//! **Architecture Invariant:** no IO; the file's text comes from [`crate::source::Sources`].
//! Every entry carries an approval (who, when, why) — an exception without one is not applied.

mod apply;
mod read;

pub use apply::{Applied, LogRead, apply};
pub use read::read;

use jiff::civil::Date;

use crate::diagnostic::Waiver as WaiverNote;
use crate::log::Spanned;
use crate::rules::Rule;
use crate::source::Span;

/// The name an exceptions file is found by when none is named.
pub const DEFAULT_EXCEPTIONS: &str = "mentor-exceptions.toml";

/// The exceptions of a run; empty when there is no exceptions file.
#[derive(Debug, Default, Clone)]
pub struct Exceptions {
    pub waivers: Vec<Waiver>,
    pub pauses: Vec<Pause>,
    pub extensions: Vec<Extension>,
}

/// Who approved an exception, when and why, and until when it holds.
#[derive(Debug, Clone)]
pub struct Approval {
    /// The whole entry (its `[[waive]]`, `[[pause]]` or `[[extend]]` header).
    pub span: Span,
    pub reason: Spanned<String>,
    pub approved_by: Spanned<String>,
    pub approved: Spanned<Date>,
    /// The last day the exception applies; from the next day it is expired (`C004`).
    pub expires: Option<Spanned<Date>>,
}

impl Approval {
    /// Whether the exception still applies on `as_of`.
    pub fn holds_on(&self, as_of: Date) -> bool {
        self.expires.as_ref().is_none_or(|e| as_of <= e.value)
    }

    /// What an excused finding shows of this approval.
    pub(crate) fn note(&self) -> WaiverNote {
        WaiverNote {
            reason: self.reason.value.clone(),
            approved_by: self.approved_by.value.clone(),
            approved: self.approved.value,
            expires: self.expires.as_ref().map(|e| e.value),
            entry: self.span,
        }
    }
}

/// Which pair an entry concerns: `program` may be left out when the logs follow one program
/// (the entry then concerns the pair of that id in any program).
#[derive(Debug, Clone)]
pub struct PairRef {
    pub program: Option<Spanned<String>>,
    pub pair: Spanned<String>,
}

impl PairRef {
    pub fn matches(&self, program: Option<&str>, pair: Option<&str>) -> bool {
        pair == Some(self.pair.value.as_str())
            && self
                .program
                .as_ref()
                .is_none_or(|p| program == Some(p.value.as_str()))
    }
}

/// `[[waive]]`: the findings of one rule for one pair are excused.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub target: PairRef,
    pub rule: Spanned<&'static Rule>,
    /// Only the findings about this session.
    pub session: Option<Spanned<u32>>,
    /// Only the findings about this milestone.
    pub milestone: Option<Spanned<String>>,
    pub approval: Approval,
}

/// `[[pause]]`: the pair is paused from `from` until `to`; the pause is `to - from` days long.
#[derive(Debug, Clone)]
pub struct Pause {
    pub target: PairRef,
    pub from: Spanned<Date>,
    pub to: Spanned<Date>,
    pub approval: Approval,
}

impl Pause {
    /// The days the pause takes out of the calendar.
    pub fn days(&self) -> i64 {
        crate::schedule::days_between(self.from.value, self.to.value)
    }

    /// The days of the pause that fall between `start` and `end` (`start` < day ≤ `end`
    /// counted as for a gap: the days from one date to another).
    pub fn overlap(&self, start: Date, end: Date) -> i64 {
        let from = self.from.value.max(start);
        let to = self.to.value.min(end);
        if from < to {
            crate::schedule::days_between(from, to)
        } else {
            0
        }
    }

    /// Whether `date` is a day of the pause (from `from`, before `to`).
    pub fn contains(&self, date: Date) -> bool {
        self.from.value <= date && date < self.to.value
    }
}

/// `[[extend]]`: one milestone's deadline for one pair moved to `to`.
#[derive(Debug, Clone)]
pub struct Extension {
    pub target: PairRef,
    pub milestone: Spanned<String>,
    pub to: Spanned<Date>,
    pub approval: Approval,
}

/// The pauses and extensions that apply to one pair on the run's day: what the log rules and
/// the schedule read. Empty for a pair with none (and for every pair of a run without an
/// exceptions file).
#[derive(Debug, Clone, Copy, Default)]
pub struct PairExceptions<'e> {
    /// The entries of the pair's id, in the file's order (see [`Exceptions::sort_by_pair`]).
    pauses: &'e [Pause],
    extensions: &'e [Extension],
    program: Option<&'e str>,
    as_of: Option<Date>,
}

impl<'e> PairExceptions<'e> {
    /// The pair's pauses that hold on the run's day, in the file's order.
    pub fn pauses(&self) -> impl Iterator<Item = &'e Pause> + '_ {
        self.pauses
            .iter()
            .filter(|pause| self.concerns(&pause.target, &pause.approval))
    }

    /// The deadline an extension gives `milestone` for this pair, if one holds.
    pub fn extension(&self, milestone: &str) -> Option<&'e Extension> {
        self.extensions.iter().find(|extension| {
            extension.milestone.value == milestone
                && self.concerns(&extension.target, &extension.approval)
        })
    }

    fn concerns(&self, target: &PairRef, approval: &Approval) -> bool {
        target
            .program
            .as_ref()
            .is_none_or(|p| self.program == Some(p.value.as_str()))
            && self.as_of.is_none_or(|day| approval.holds_on(day))
    }
}

impl Exceptions {
    /// The pauses and extensions of `pair` of `program` that hold on `as_of`. Found by binary
    /// search: every log of a cohort asks, and the schedule asks many times per log.
    pub fn for_pair<'e>(
        &'e self,
        program: Option<&'e str>,
        pair: Option<&'e str>,
        as_of: Date,
    ) -> PairExceptions<'e> {
        let Some(pair) = pair else {
            return PairExceptions {
                as_of: Some(as_of),
                ..PairExceptions::default()
            };
        };
        PairExceptions {
            pauses: of_pair(&self.pauses, pair, |p| &p.target),
            extensions: of_pair(&self.extensions, pair, |e| &e.target),
            program,
            as_of: Some(as_of),
        }
    }

    /// Orders pauses and extensions by pair id, keeping the file's order within a pair, so
    /// [`Exceptions::for_pair`] finds a pair's entries in one search. [`read`] leaves them so.
    pub(crate) fn sort_by_pair(&mut self) {
        self.pauses
            .sort_by(|a, b| a.target.pair.value.cmp(&b.target.pair.value));
        self.extensions
            .sort_by(|a, b| a.target.pair.value.cmp(&b.target.pair.value));
    }

    pub fn is_empty(&self) -> bool {
        self.waivers.is_empty() && self.pauses.is_empty() && self.extensions.is_empty()
    }
}

/// The entries of `pair` in `entries`, sorted by pair id.
fn of_pair<'e, T>(entries: &'e [T], pair: &str, target: impl Fn(&T) -> &PairRef) -> &'e [T] {
    let start = entries.partition_point(|e| target(e).pair.value.as_str() < pair);
    let end = entries.partition_point(|e| target(e).pair.value.as_str() <= pair);
    entries.get(start..end).unwrap_or_default()
}
