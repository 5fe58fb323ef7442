//! The values a log's `status` and `kind` fields take: the pair's status, and each session's
//! status and kind, each with the spelling the log contract gives it.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStatus {
    Active,
    Completed,
    Withdrawn,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Active => "active",
            PairStatus::Completed => "completed",
            PairStatus::Withdrawn => "withdrawn",
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
