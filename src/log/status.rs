//! The values a log's `status` and `kind` fields take: the pair's status, and each session's
//! status and kind, each with the spelling the log contract gives it.

/// Where a pair stands with its program: the log's top-level `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStatus {
    Active,
    Completed,
    Withdrawn,
    /// The pair's chemistry did not work and its mentee was matched with another mentor (an
    /// addition to the contract): a normal end of the first sessions, not a withdrawal.
    Rematched,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Active => "active",
            PairStatus::Completed => "completed",
            PairStatus::Withdrawn => "withdrawn",
            PairStatus::Rematched => "re-matched",
        }
    }

    /// Whether the pair stopped before the program's end (it withdrew, or was re-matched), and
    /// so owes nothing more: no session, no plan, no milestone. A completed pair owes no
    /// session either, but is still held to every milestone, so it has not ended early.
    pub fn ended_early(self) -> bool {
        match self {
            PairStatus::Withdrawn | PairStatus::Rematched => true,
            PairStatus::Active | PairStatus::Completed => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Held,
    Cancelled,
    NoShow,
    /// On the calendar, not held yet: counted nowhere, like a cancelled session.
    Planned,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Held => "held",
            SessionStatus::Cancelled => "cancelled",
            SessionStatus::NoShow => "no-show",
            SessionStatus::Planned => "planned",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    CheckIn,
    Review,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::CheckIn => "check-in",
            SessionKind::Review => "review",
        }
    }
}
