//! The resolved program model: what every later stage (log checking, playbooks, reports) reads.
//!
//! Built from the AST by `resolve` after imports are merged. A `Program` guarantees:
//! - ids are unique per kind (duplicates were reported and the later one dropped);
//! - every id a lens rule, progression, milestone or track names exists (unknown references were
//!   reported and dropped);
//! - phases are sorted by their first session.
//!
//! It does not guarantee the program is sensible (overlapping phases, impossible deadlines):
//! those are reported by `check::program`, and the model still holds them as written.
//!
//! The model keeps the span of each rule's text so a log diagnostic can point at the program
//! line it breaks; it never needs the AST again.

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::source::{SourceId, Span};

pub mod matching;

pub use matching::Matching;

/// A resolved program.
#[derive(Debug, Clone)]
pub struct Program {
    pub id: String,
    pub title: String,
    /// The `program id "title"` header.
    pub span: Span,
    pub source: SourceId,
    pub version: Option<String>,
    pub audience: Option<String>,
    pub purpose: Option<String>,
    pub docs: Vec<String>,
    pub mentorship_is: Vec<String>,
    pub mentorship_is_not: Vec<String>,
    pub length: Option<Length>,
    pub cadence: Option<Cadence>,
    pub session_minutes: Option<SessionMinutes>,
    pub outcomes: Vec<Outcome>,
    pub competencies: Vec<Competency>,
    pub lenses: Vec<Lens>,
    /// Sorted by first session.
    pub phases: Vec<Phase>,
    /// The milestones every pair has, whatever its track.
    pub milestones: Vec<Milestone>,
    pub review: Option<Review>,
    pub commitment: Option<Commitment>,
    pub agreement: Option<Agreement>,
    /// `first session within 2 weeks`.
    pub first_session: Option<FirstSession>,
    /// `missed sessions at most 2 in a row`.
    pub missed_sessions: Option<MissedSessions>,
    /// `log sessions within N days`; `None`: a planned session is logged by its own date.
    pub log_within: Option<LogWithin>,
    pub tracks: Vec<Track>,
    /// `matching { … }`: how `mentor match` pairs a roster.
    pub matching: Option<Matching>,
    /// Rule code → severity the program chose (`None`: the rule is off).
    pub severity_overrides: BTreeMap<&'static str, SeverityOverride>,
    /// Every session number and duration that dates are computed from (length, cadence,
    /// phase ranges, deadlines, reviews, the agreement, the first session), as written, in the order read: the
    /// program check bounds them all in one place (`P025`), so a new setting cannot be missed.
    pub plan_numbers: Vec<PlanNumber>,
}

/// A session number or duration as the program states it, with the text of the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanNumber {
    pub value: u32,
    pub unit: PlanUnit,
    /// The digits only, so a diagnostic points at the number itself.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanUnit {
    /// A session number or a count of sessions (`sessions 1..4`, `due by session 4`).
    Session,
    Day,
    Week,
}

impl PlanNumber {
    /// The largest session number a program may use: 100,000 sessions is a weekly program
    /// of 1,900 years, yet keeps every session count in the arithmetic far from `u32::MAX`.
    pub const MAX_SESSION: u32 = 100_000;
    /// The longest duration a program may state, in days: 36,400 days (5,200 weeks, about a
    /// century). Any such span fits jiff's `Span` limits (7.3 million days) many times over.
    pub const MAX_DAYS: u32 = 36_400;

    /// The number in days, or as a session number; saturating, so `u32::MAX` weeks stays
    /// out of range rather than wrapping into it.
    pub fn magnitude(self) -> u32 {
        match self.unit {
            PlanUnit::Session | PlanUnit::Day => self.value,
            PlanUnit::Week => self.value.saturating_mul(7),
        }
    }

    /// Whether the tool can compute dates with this number.
    pub fn in_range(self) -> bool {
        match self.unit {
            PlanUnit::Session => self.value <= Self::MAX_SESSION,
            PlanUnit::Day | PlanUnit::Week => self.magnitude() <= Self::MAX_DAYS,
        }
    }
}

/// `length 5 sessions within 12 weeks`, or `length 8..12 sessions`.
#[derive(Debug, Clone)]
pub struct Length {
    pub min_sessions: u32,
    pub max_sessions: u32,
    pub within_days: Option<u32>,
    pub span: Span,
}

/// `cadence every 2 weeks, gap at least 1 week, gap at most 4 weeks` (all parts optional).
#[derive(Debug, Clone)]
pub struct Cadence {
    pub every_days: Option<u32>,
    pub min_gap: Option<Bound>,
    pub max_gap: Option<Bound>,
    pub span: Span,
}

/// A numeric limit and the text that states it.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub value: u32,
    pub span: Span,
}

/// `session at least 45 minutes, at most 90 minutes`.
#[derive(Debug, Clone)]
pub struct SessionMinutes {
    pub at_least: Option<Bound>,
    pub at_most: Option<Bound>,
    pub span: Span,
}

/// `outcome answer "A step-by-step answer" failed`.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub label: String,
    pub failed: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Competency {
    pub id: String,
    pub label: String,
    pub docs: Vec<String>,
    pub span: Span,
    /// Declared in an imported library rather than in the program file.
    pub imported: bool,
}

#[derive(Debug, Clone)]
pub struct Lens {
    pub id: String,
    pub label: String,
    pub docs: Vec<String>,
    /// `filled by mentee | mentor | both`: who writes the answers (`None`: not said).
    pub filled_by: Option<FilledBy>,
    pub sections: Vec<Section>,
    pub span: Span,
    pub imported: bool,
}

pub use crate::syntax::ast::FilledBy;

impl FilledBy {
    /// "the mentee", "the mentor", "the mentee and the mentor together": who fills the
    /// worksheet in, as the playbook says it.
    pub fn describe(self) -> &'static str {
        match self {
            FilledBy::Mentee => "the mentee",
            FilledBy::Mentor => "the mentor",
            FilledBy::Both => "the mentee and the mentor together",
        }
    }
}

impl Lens {
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.sections.iter().flat_map(|s| s.fields.iter())
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().find(|f| f.id == id)
    }
}

#[derive(Debug, Clone)]
pub struct Section {
    pub title: String,
    pub fields: Vec<Field>,
    pub span: Span,
}

/// `field chose "What I chose"`; `optional` fields may be left blank in a log.
#[derive(Debug, Clone)]
pub struct Field {
    pub id: String,
    pub label: String,
    pub optional: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub id: String,
    pub label: String,
    pub first_session: u32,
    pub last_session: u32,
    /// The `sessions 1..2` text.
    pub range_span: Span,
    pub span: Span,
    pub goals: Vec<String>,
    pub bring: Vec<String>,
    pub not_expected: Vec<String>,
    pub notes: Vec<String>,
    pub docs: Vec<String>,
    pub lens_rule: LensRule,
    /// The `lenses …` line, or the phase header when the rule is the default.
    pub lens_rule_span: Span,
    /// The rule that holds here: the phase's own `new-problems` line, or one carried from an
    /// earlier phase (`from here on`), with where it is stated.
    pub new_problems: Option<NewProblems>,
    pub progression: Option<Progression>,
}

impl Phase {
    pub fn contains(&self, session: u32) -> bool {
        (self.first_session..=self.last_session).contains(&session)
    }

    pub fn new_problems_forbidden(&self) -> bool {
        self.new_problems.as_ref().is_some_and(|n| !n.allowed)
    }
}

/// Which lenses a session of a phase may or must use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LensRule {
    /// No `lenses` line: any lens of the program, any number.
    Unrestricted,
    /// `lenses none`.
    None,
    /// `lenses exactly N of a, b`, `lenses at least N of …`, `lenses at most N of …`,
    /// `lenses any of …` (= at least 0).
    Choose { count: CountRule, of: Vec<String> },
}

impl LensRule {
    /// Whether this rule ever admits the lens.
    pub fn allows(&self, lens: &str) -> bool {
        match self {
            LensRule::Unrestricted => true,
            LensRule::None => false,
            LensRule::Choose { count, of } => {
                count.max() != Some(0) && of.iter().any(|id| id == lens)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountRule {
    Exactly(u32),
    AtLeast(u32),
    AtMost(u32),
}

impl CountRule {
    pub fn admits(self, n: u32) -> bool {
        match self {
            CountRule::Exactly(k) => n == k,
            CountRule::AtLeast(k) => n >= k,
            CountRule::AtMost(k) => n <= k,
        }
    }

    pub fn min(self) -> u32 {
        match self {
            CountRule::Exactly(k) | CountRule::AtLeast(k) => k,
            CountRule::AtMost(_) => 0,
        }
    }

    pub fn max(self) -> Option<u32> {
        match self {
            CountRule::Exactly(k) | CountRule::AtMost(k) => Some(k),
            CountRule::AtLeast(_) => None,
        }
    }

    /// "exactly 1", "at least 2", "at most 1"; `any of` (at least none) is "any number".
    pub fn describe(self) -> String {
        match self {
            CountRule::AtLeast(0) => "any number".to_owned(),
            CountRule::Exactly(k) => format!("exactly {k}"),
            CountRule::AtLeast(k) => format!("at least {k}"),
            CountRule::AtMost(k) => format!("at most {k}"),
        }
    }
}

/// The `new-problems` rule that holds in a phase: stated in it, or carried from an earlier
/// phase's `new-problems forbidden from here on`.
#[derive(Debug, Clone)]
pub struct NewProblems {
    pub allowed: bool,
    /// The line that states it, in whichever phase that is.
    pub span: Span,
    /// `from here on`: it carries into every later phase until one states its own.
    pub onward: bool,
    /// The id of the phase that states it.
    pub stated_in: String,
}

impl Phase {
    /// Whether this phase's new-problems rule is carried from an earlier phase, not stated in
    /// it: the playbook says it once, where it starts.
    pub fn new_problems_carried(&self) -> bool {
        self.new_problems
            .as_ref()
            .is_some_and(|rule| rule.stated_in != self.id)
    }
}

/// `progression observation, assignment, debrief`: the phase's sessions use these lenses in
/// turn (its first session the first lens, and round again).
#[derive(Debug, Clone)]
pub struct Progression {
    pub lenses: Vec<String>,
    pub span: Span,
}

impl Progression {
    /// The lens the progression expects for a session of the phase.
    pub fn expected_lens(&self, phase: &Phase, session: u32) -> Option<&str> {
        let step = session.checked_sub(phase.first_session)? as usize;
        let n = self.lenses.len();
        (n > 0).then(|| self.lenses[step % n].as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub id: String,
    /// The id where the milestone is declared.
    pub id_span: Span,
    pub label: String,
    pub competency: Option<String>,
    pub due: Option<Deadline>,
    pub due_span: Option<Span>,
    pub evidence: Option<Evidence>,
    pub evidence_span: Option<Span>,
    pub docs: Vec<String>,
    pub span: Span,
}

/// When a milestone is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deadline {
    /// Claimed in a held session numbered at most N.
    BySession(u32),
    /// Claimed on or before the log's `started` date + N weeks.
    ByWeek(u32),
    /// Claimed on or before this date.
    ByDate(jiff::civil::Date),
}

impl Deadline {
    pub fn describe(self) -> String {
        match self {
            Deadline::BySession(n) => format!("by session {n}"),
            Deadline::ByWeek(n) => format!("by week {n}"),
            Deadline::ByDate(date) => format!("by {date}"),
        }
    }
}

/// What a session claiming a milestone must show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// The claiming session used this lens with every required field answered.
    Lens(String),
    /// The claiming session is a review (`kind = "review"`).
    Review,
}

/// `review every 4 sessions` (a session of kind `review` at least every N held sessions) or
/// `review at sessions 4, 8, 12` (those sessions are reviews).
#[derive(Debug, Clone)]
pub struct Review {
    pub schedule: ReviewSchedule,
    pub span: Span,
    /// `with lens …`: the lens a review session uses, in place of its phase's lens rule and
    /// progression.
    pub lens: Option<String>,
}

/// When a program's reviews come. Every reader handles both forms: a rhythm (`every`) is a
/// limit on the sessions between reviews, a list (`at`) names the review sessions themselves.
#[derive(Debug, Clone)]
pub enum ReviewSchedule {
    /// `review every N sessions`: every Nth session is planned as one. `0` (`P007`) plans none.
    Every(u32),
    /// `review at sessions 4, 8, 12`.
    At {
        /// As written, each with its digits, a repeat left out (`P003`): the program check
        /// reports the order, `0` and sessions past the end.
        listed: Vec<Bound>,
        /// The sessions planned as reviews: ascending, once each, without `0`.
        sessions: Vec<u32>,
    },
}

impl Review {
    /// Whether held session `n` is planned as a review.
    pub fn planned_at(&self, n: u32) -> bool {
        match &self.schedule {
            ReviewSchedule::Every(every) => *every > 0 && n > 0 && n.is_multiple_of(*every),
            ReviewSchedule::At { sessions, .. } => sessions.binary_search(&n).is_ok(),
        }
    }

    /// The first session planned as a review, if any is.
    pub fn first_planned(&self) -> Option<u32> {
        match &self.schedule {
            ReviewSchedule::Every(0) => None,
            ReviewSchedule::Every(every) => Some(*every),
            ReviewSchedule::At { sessions, .. } => sessions.first().copied(),
        }
    }

    /// The sessions from `first` to `last` planned as reviews, ascending, at most `limit` of
    /// them, and whether more follow up to `last`.
    pub fn planned_between(&self, first: u32, last: u32, limit: usize) -> (Vec<u32>, bool) {
        let mut planned: Box<dyn Iterator<Item = u32>> = match &self.schedule {
            ReviewSchedule::Every(0) => Box::new(std::iter::empty()),
            ReviewSchedule::Every(every) => {
                let every = *every;
                let start = first.div_ceil(every).max(1).saturating_mul(every);
                Box::new(
                    std::iter::successors(Some(start), move |n| n.checked_add(every))
                        .take_while(move |n| *n <= last),
                )
            }
            ReviewSchedule::At { sessions, .. } => Box::new(
                sessions
                    .iter()
                    .copied()
                    .filter(move |n| (first..=last).contains(n)),
            ),
        };
        let listed: Vec<u32> = planned.by_ref().take(limit).collect();
        let more = planned.next().is_some();
        (listed, more)
    }
}

/// `commitment 2 hours per month`.
#[derive(Debug, Clone)]
pub struct Commitment {
    pub minutes: u32,
    pub per: Period,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
}

/// `log sessions within 3 days`: how long after its date a planned session may stay planned
/// before `planned-session-not-logged`.
#[derive(Debug, Clone)]
pub struct LogWithin {
    pub days: u32,
    pub span: Span,
}

/// `agreement before session 2`: the log records an `agreement` date on or before the date of
/// that session. The log keeps only that date: what a pair agreed stays on their paper form.
#[derive(Debug, Clone)]
pub struct Agreement {
    pub before_session: u32,
    pub span: Span,
    /// `{ field id "Label" … }`: the parts of the agreement form the playbook prints, once
    /// each (a repeated id is `P001` and left out). `None` without a block: the playbook's own.
    pub fields: Option<Vec<AgreementField>>,
}

/// One part of the agreement form: `field contributions "What each of us contributes"`.
#[derive(Debug, Clone)]
pub struct AgreementField {
    pub id: String,
    pub label: String,
    pub span: Span,
}

/// `first session within 2 weeks`: a pair holds its first session at most that many days after
/// the log's `started` date.
#[derive(Debug, Clone)]
pub struct FirstSession {
    pub within_days: u32,
    pub span: Span,
}

/// `missed sessions at most 2 in a row`: no more than `at_most` `cancelled` or `no-show`
/// sessions one after another in a log's list.
#[derive(Debug, Clone)]
pub struct MissedSessions {
    pub at_most: u32,
    pub span: Span,
}

/// A domain variant of the program: adds, replaces or drops milestones.
#[derive(Debug, Clone)]
pub struct Track {
    pub id: String,
    pub label: String,
    pub docs: Vec<String>,
    /// Milestones the track adds; `replaces` names the program milestone each one stands in for.
    pub milestones: Vec<TrackMilestone>,
    /// Program milestones this track does without.
    pub drops: Vec<(String, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct TrackMilestone {
    pub milestone: Milestone,
    pub replaces: Option<(String, Span)>,
}

#[derive(Debug, Clone, Copy)]
pub struct SeverityOverride {
    /// `None` turns the rule off.
    pub severity: Option<Severity>,
    pub span: Span,
}

impl Program {
    pub fn lens(&self, id: &str) -> Option<&Lens> {
        self.lenses.iter().find(|l| l.id == id)
    }

    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.competencies.iter().find(|c| c.id == id)
    }

    pub fn phase(&self, id: &str) -> Option<&Phase> {
        self.phases.iter().find(|p| p.id == id)
    }

    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    /// The phase a held session number falls in.
    pub fn phase_for_session(&self, session: u32) -> Option<&Phase> {
        self.phases.iter().find(|p| p.contains(session))
    }

    /// The last session number the program can reach: the end of the last phase, or the
    /// largest `length` when that is larger.
    pub fn last_session(&self) -> u32 {
        let phases_end = self
            .phases
            .iter()
            .map(|p| p.last_session)
            .max()
            .unwrap_or(0);
        let length_end = self.length.as_ref().map_or(0, |l| l.max_sessions);
        phases_end.max(length_end)
    }

    /// The milestones a pair on `track` must meet: the program's, with the track's replacements
    /// and drops applied and its own milestones added. Unknown tracks get the program's.
    pub fn milestones_for_track(&self, track: Option<&str>) -> Vec<&Milestone> {
        let Some(track) = track.and_then(|id| self.track(id)) else {
            return self.milestones.iter().collect();
        };
        // A set, not a scan per milestone: a track may change thousands of milestones, and
        // this runs for every log that names the track.
        let replaced_or_dropped: std::collections::HashSet<&str> = track
            .drops
            .iter()
            .map(|(id, _)| id.as_str())
            .chain(
                track
                    .milestones
                    .iter()
                    .filter_map(|m| m.replaces.as_ref().map(|(id, _)| id.as_str())),
            )
            .collect();
        self.milestones
            .iter()
            .filter(|m| !replaced_or_dropped.contains(m.id.as_str()))
            .chain(track.milestones.iter().map(|m| &m.milestone))
            .collect()
    }

    /// Every milestone id in the program or any of its tracks.
    pub fn all_milestones(&self) -> impl Iterator<Item = &Milestone> {
        self.milestones.iter().chain(
            self.tracks
                .iter()
                .flat_map(|t| t.milestones.iter().map(|m| &m.milestone)),
        )
    }

    /// The severity a rule has in this program (`None`: turned off).
    pub fn severity_for(&self, rule: &'static crate::rules::Rule) -> Option<Severity> {
        match self.severity_overrides.get(rule.code) {
            Some(o) => o.severity,
            None => Some(rule.severity),
        }
    }
}

impl crate::diagnostic::SeverityPolicy for Program {
    fn severity_for(&self, rule: &'static crate::rules::Rule) -> Option<Severity> {
        Program::severity_for(self, rule)
    }
}

/// Orders two program versions, oldest first: `2025.1` < `2025.2` < `2026.1`, `1.9` < `1.10`.
/// A version is read as runs of digits and runs of other characters; runs compare in turn,
/// digits as numbers (leading zeros aside) and other text as text, a text run before a number
/// (`1.0-rc.1` < `1.0.0`), and a version that is the start of another before it (`1.0` <
/// `1.0.1`). Versions whose runs are equal (`2025.010`, `2025.10`) are told apart by their text.
/// A program without a version is older than any with one.
///
/// Guarantees: a total order (every comparison is of keys with a derived order, then of the
/// text), so sorting by it cannot panic and "the newest" does not depend on file order. (The
/// `version-compare` crate was tried first: it skips a text part met opposite a number, which
/// makes `2025.1.0.3` < `2025.1.1` < `2025.1-rc.2` < `2025.1.0.3`.)
pub fn compare_versions(a: Option<&str>, b: Option<&str>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(a), Some(b)) => version_runs(a).cmp(version_runs(b)).then_with(|| a.cmp(b)),
    }
}

/// One run of a version string. The derived order puts text before numbers; a number compares
/// by its length without leading zeros, then by its digits, which is its value at any length.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum VersionRun<'a> {
    Text(&'a str),
    Number { digits: usize, value: &'a str },
}

fn version_runs(version: &str) -> impl Iterator<Item = VersionRun<'_>> {
    let mut rest = version;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(end);
        rest = after;
        Some(if digit {
            let value = run.trim_start_matches('0');
            VersionRun::Number {
                digits: value.len(),
                value,
            }
        } else {
            VersionRun::Text(run)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::compare_versions;
    use std::cmp::Ordering;

    #[test]
    fn versions_order_by_their_numbers_and_a_missing_version_is_oldest() {
        let mut versions = vec![
            Some("2026.1"),
            Some("1.10"),
            None,
            Some("2025.2"),
            Some("1.9"),
            Some("2025.1"),
        ];
        versions.sort_by(|a, b| compare_versions(*a, *b));
        assert_eq!(
            versions,
            [
                None,
                Some("1.9"),
                Some("1.10"),
                Some("2025.1"),
                Some("2025.2"),
                Some("2026.1")
            ]
        );
        assert_eq!(compare_versions(Some("1.0"), Some("1.0.0")), Ordering::Less);
        assert_eq!(
            compare_versions(Some("1.0-rc.1"), Some("1.0.0")),
            Ordering::Less
        );
        assert_eq!(
            compare_versions(Some("2025.010"), Some("2025.10")),
            Ordering::Less
        );
        assert_eq!(
            compare_versions(Some("spring"), Some("spring")),
            Ordering::Equal
        );
    }

    proptest::proptest! {
        /// A total order on any strings: sorting by it never panics, and every pair of a
        /// sorted list is in order (transitivity), with ties only between equal strings.
        #[test]
        fn versions_are_totally_ordered(
            versions in proptest::collection::vec("[0-9a-c.-]{0,8}", 0..24)
        ) {
            let mut sorted: Vec<Option<&str>> = versions.iter().map(|v| Some(v.as_str())).collect();
            sorted.push(None);
            sorted.sort_by(|a, b| compare_versions(*a, *b));
            for (i, a) in sorted.iter().enumerate() {
                for b in &sorted[i..] {
                    proptest::prop_assert_ne!(compare_versions(*a, *b), Ordering::Greater);
                    proptest::prop_assert_eq!(compare_versions(*a, *b) == Ordering::Equal, a == b);
                }
            }
        }
    }
}
