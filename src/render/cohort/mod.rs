//! The cohort report (`mentor report`) in its two formats. Both read the same
//! [`CohortReport`](crate::cohort::CohortReport), and suppressed figures are never computed
//! into it, so neither format can leak them.
//!
//! Architecture Invariant: no clock and no IO; the same report gives byte-identical output.

mod json;
mod markdown;

pub use json::render_cohort_json;
pub use markdown::render_cohort_markdown;
