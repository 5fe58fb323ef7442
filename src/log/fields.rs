//! The fields of the log format, and which of them a log or session gives.

/// A log's fields, in the contract's order.
pub(super) const LOG_FIELDS: &[&str] = &[
    "program",
    "version",
    "pair",
    "mentor",
    "mentee",
    "track",
    "started",
    "status",
    "agreement",
    "sessions",
];

/// A session's fields, in the contract's order.
pub(super) const SESSION_FIELDS: &[&str] = &[
    "number",
    "date",
    "minutes",
    "kind",
    "status",
    "outcome",
    "takeaway",
    "lens",
    "milestones",
    "new-problem",
    "answers",
];

// A bit for each field in `FieldsGiven`'s `u32`.
const _: () = assert!(LOG_FIELDS.len() <= 32 && SESSION_FIELDS.len() <= 32);

/// Which of a table's known fields (a log's or a session's) were given: a bit per field of the
/// format's list, so that a log of thousands of sessions keeps no list per session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldsGiven {
    bits: u32,
    known: &'static [&'static str],
}

impl FieldsGiven {
    pub(crate) fn none(known: &'static [&'static str]) -> FieldsGiven {
        FieldsGiven { bits: 0, known }
    }

    pub(crate) fn add(&mut self, index: usize) {
        self.bits |= 1 << index;
    }

    pub(crate) fn contains_index(&self, index: usize) -> bool {
        self.bits & (1 << index) != 0
    }

    /// Whether `field` was given (a name not in the format's list never was).
    pub fn contains(&self, field: &str) -> bool {
        self.known
            .iter()
            .position(|known| *known == field)
            .is_some_and(|index| self.contains_index(index))
    }
}
