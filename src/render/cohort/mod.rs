//! The cohort report (`mentor report`) in its formats. All read the same
//! [`CohortReport`](crate::cohort::CohortReport), and suppressed figures are never computed
//! into it, so no format can leak them.
//!
//! Architecture Invariant: no clock and no IO; the same report gives byte-identical output.

mod csv;
mod json;
mod markdown;

pub use csv::render_cohort_csv;
pub use json::render_cohort_json;
pub use markdown::render_cohort_markdown;
