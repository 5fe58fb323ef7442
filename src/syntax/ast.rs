//! The syntax tree of a `.mentor` file: it mirrors the text.
//!
//! Every node has an owned [`Span`]; strings are unescaped but their spans cover the quotes.
//! Comments are kept beside the tree (in source order) so the formatter can put them back.
//! A successful parse does not make a valid program: ids are not resolved here (see `resolve`).

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub items: Vec<TopItem>,
    pub comments: Vec<Comment>,
    pub span: Span,
}

impl File {
    /// The file's `import` lines, in order.
    pub fn imports(&self) -> impl Iterator<Item = &Import> {
        self.items.iter().filter_map(|item| match item {
            TopItem::Import(import) => Some(import),
            _ => None,
        })
    }
}

/// `// text`, with the span of the whole comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// A quoted string, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub value: String,
    pub span: Span,
}

/// `agreement before session 2 [{ field id "Label" … }]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub before: Number,
    /// The fields of the agreement form, as written; `None` without a block.
    pub fields: Option<Vec<AgreementField>>,
}

/// `field contributions "What each of us contributes"` in an agreement block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementField {
    pub id: Ident,
    pub label: Text,
    pub span: Span,
}

/// `review every 4 sessions [with lens progress-review]`, or `review at sessions 4, 8, 12 […]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub when: ReviewWhen,
    /// The lens review sessions use, whatever their phase allows.
    pub lens: Option<Ident>,
}

/// When reviews come: every N held sessions, or at the sessions listed (as written: order and
/// repeats are the program check's to report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewWhen {
    Every(Number),
    At(Vec<Number>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    pub value: u32,
    pub span: Span,
}

/// `1..2`, or a single `3` (first = last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub first: Number,
    pub last: Number,
    pub span: Span,
}

/// A node with the span of all its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<K> {
    pub kind: K,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopItem {
    Import(Import),
    Program(Program),
    Library(Library),
}

/// `import "lib/lenses.mentor"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub path: Text,
    pub span: Span,
}

/// `program id "title" { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub id: Ident,
    pub title: Text,
    pub items: Vec<ProgramItem>,
    pub span: Span,
}

/// `library id "title" { … }`: lenses, competencies and outcomes shared by programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Library {
    pub id: Ident,
    pub title: Option<Text>,
    pub items: Vec<ProgramItem>,
    pub span: Span,
}

pub type ProgramItem = Item<ProgramItemKind>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramItemKind {
    Version(Text),
    Audience(Text),
    Purpose(Text),
    Doc(Text),
    Mentorship(Mentorship),
    Length(Length),
    Cadence(Vec<Item<CadencePart>>),
    Session(Vec<Item<MinutesBound>>),
    Outcome(Outcome),
    Competency(Competency),
    Lens(Lens),
    Phase(Phase),
    Milestone(Milestone),
    Review(Review),
    Commitment(Commitment),
    Agreement(Agreement),
    Track(Track),
    Severity(SeverityDecl),
    /// `first session within 2 weeks`.
    FirstSession(Duration),
    /// `missed sessions at most 2 in a row`.
    MissedSessions(Number),
    /// `log sessions within 3 days`: the grace for logging a planned session.
    LogWithin(Duration),
    /// `matching { … }`: how mentors and mentees are paired.
    Matching(Vec<Item<MatchingItemKind>>),
}

impl ProgramItemKind {
    /// The keyword that starts the item (with the word after it where the keyword alone does
    /// not name the setting), as the user wrote it.
    pub fn keyword(&self) -> &'static str {
        match self {
            ProgramItemKind::Version(_) => "version",
            ProgramItemKind::Audience(_) => "audience",
            ProgramItemKind::Purpose(_) => "purpose",
            ProgramItemKind::Doc(_) => "doc",
            ProgramItemKind::Mentorship(_) => "mentorship",
            ProgramItemKind::Length(_) => "length",
            ProgramItemKind::Cadence(_) => "cadence",
            ProgramItemKind::Session(_) => "session",
            ProgramItemKind::Outcome(_) => "outcome",
            ProgramItemKind::Competency(_) => "competency",
            ProgramItemKind::Lens(_) => "lens",
            ProgramItemKind::Phase(_) => "phase",
            ProgramItemKind::Milestone(_) => "milestone",
            ProgramItemKind::Review(_) => "review",
            ProgramItemKind::Commitment(_) => "commitment",
            ProgramItemKind::Agreement(_) => "agreement",
            ProgramItemKind::Track(_) => "track",
            ProgramItemKind::Severity(_) => "severity",
            ProgramItemKind::FirstSession(_) => "first session",
            ProgramItemKind::MissedSessions(_) => "missed sessions",
            ProgramItemKind::LogWithin(_) => "log",
            ProgramItemKind::Matching(_) => "matching",
        }
    }
}

/// `mentorship is { … }` / `mentorship is-not { … }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mentorship {
    pub negated: bool,
    pub lines: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Day,
    Week,
}

/// `2 weeks`, `10 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub amount: Number,
    pub unit: TimeUnit,
    pub span: Span,
}

impl Duration {
    pub fn days(&self) -> u32 {
        match self.unit {
            TimeUnit::Day => self.amount.value,
            TimeUnit::Week => self.amount.value.saturating_mul(7),
        }
    }
}

/// `length 5 sessions within 12 weeks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Length {
    pub sessions: Range,
    pub within: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CadencePart {
    Every(Duration),
    GapAtLeast(Duration),
    GapAtMost(Duration),
}

/// `at least 45 minutes` / `at most 90 minutes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinutesBound {
    pub at_least: bool,
    pub minutes: Number,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub id: Ident,
    pub label: Text,
    pub failed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competency {
    pub id: Ident,
    pub label: Text,
    pub docs: Vec<Text>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lens {
    pub id: Ident,
    pub label: Text,
    pub docs: Vec<Text>,
    /// Every `filled by …` line (a second one is `P003`).
    pub filled_by: Vec<(FilledBy, Span)>,
    pub sections: Vec<Section>,
}

/// Who fills a lens's worksheet in: `filled by mentee | mentor | both`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilledBy {
    Mentee,
    Mentor,
    Both,
}

impl FilledBy {
    /// The word after `filled by`, as the designer writes it.
    pub fn keyword(self) -> &'static str {
        match self {
            FilledBy::Mentee => "mentee",
            FilledBy::Mentor => "mentor",
            FilledBy::Both => "both",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: Text,
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub id: Ident,
    pub label: Text,
    pub optional: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    pub id: Ident,
    pub label: Text,
    pub sessions: Range,
    pub items: Vec<Item<PhaseItemKind>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhaseItemKind {
    Goal(Text),
    Bring(Text),
    NotExpected(Text),
    Note(Text),
    Doc(Text),
    Lenses(LensRule),
    /// `new-problems forbidden | allowed [from here on]`; `onward`: the rule carries into the
    /// later phases.
    NewProblems {
        allowed: bool,
        onward: bool,
    },
    Progression(Vec<Ident>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LensRule {
    None,
    Any,
    AnyOf(Vec<Ident>),
    Count {
        kind: CountKind,
        count: Number,
        of: Vec<Ident>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountKind {
    Exactly,
    AtLeast,
    AtMost,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub id: Ident,
    pub label: Text,
    pub replaces: Option<Ident>,
    pub items: Vec<Item<MilestoneItemKind>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MilestoneItemKind {
    Competency(Ident),
    Due(Due),
    Evidence(Evidence),
    Doc(Text),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    BySession(Number),
    ByWeek(Number),
    /// The date as written (`YYYY-MM-DD`); checked for existence when resolved.
    ByDate {
        text: String,
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    Lens(Ident),
    Review,
}

/// `commitment 2 hours per month`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    pub amount: Number,
    pub unit_minutes: u32,
    pub per_month: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Track {
    pub id: Ident,
    pub label: Text,
    pub items: Vec<Item<TrackItemKind>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrackItemKind {
    Doc(Text),
    Milestone(Milestone),
    Drop(Ident),
}

/// `severity L012 warning` / `severity cadence-gap off`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityDecl {
    pub rule: Ident,
    pub level: SeverityLevel,
    pub level_span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeverityLevel {
    Error,
    Warning,
    Advice,
    Off,
}

/// One item of a `matching` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchingItemKind {
    Doc(Text),
    Attribute(Attribute),
    /// `capacity 3`: how many mentees a mentor takes unless the roster says otherwise.
    Capacity(Number),
    /// `require shared languages`: every pair meets it.
    Require(Criterion),
    /// `prefer shared values weight 3`: a pair that meets it scores the weight.
    Prefer {
        criterion: Criterion,
        weight: Number,
    },
}

/// `attribute level "Level" number 1..8`: a column of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub id: Ident,
    pub label: Text,
    pub kind: AttributeKind,
    /// The text after the label (`number 1..8`).
    pub kind_span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeKind {
    /// `one of a, b, c`: a person has one of the values.
    OneOf(AttributeValues),
    /// `any of a, b, c`: a person has any number of the values.
    AnyOf(AttributeValues),
    /// `number 1..8`: a whole number in the range (negative numbers allowed: time zones).
    Number {
        min: SignedNumber,
        max: SignedNumber,
    },
    /// `person`: the id of another person of the roster (a line manager).
    Person,
}

/// Where an attribute's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeValues {
    Listed(Vec<Ident>),
    /// `tracks`: the program's track ids.
    Tracks(Span),
    /// `competencies`: the program's competency ids.
    Competencies(Span),
}

/// A whole number that may be negative, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedNumber {
    pub value: i64,
    pub span: Span,
}

/// What a requirement or a preference asks of a mentor and a mentee, about one attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub kind: CriterionKind,
    pub attribute: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionKind {
    /// `shared values`: at least one value in common (for a preference, each one counts).
    Shared,
    /// `same location`.
    Same,
    /// `different function`.
    Different,
    /// `outside reporting line of manager`: neither is the other's manager, or above them.
    OutsideReportingLine,
    /// `level at least 2 above`: the mentor's number exceeds the mentee's by at least this.
    AtLeastAbove(Number),
    /// `time-zone within 3`: the two numbers differ by at most this.
    Within(Number),
}
