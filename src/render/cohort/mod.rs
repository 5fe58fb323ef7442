//! The cohort report (`mentor report`) in each of its formats. All read the same
//! [`CohortReport`](crate::cohort::CohortReport), and suppressed figures are never computed
//! into it, so no format can leak them.
//!
//! Architecture Invariant: no clock and no IO but the writer a format is given (the JSON and
//! CSV formats are written as they are made); the same report gives byte-identical output.

mod charts;
mod csv;
mod html;
mod json;
mod markdown;
mod tables;

pub use csv::{render_cohort_csv, write_cohort_csv};
pub use html::render_cohort_html;
pub use json::{render_cohort_json, write_cohort_json};
pub use markdown::render_cohort_markdown;
pub use tables::MAX_TABLE_ROWS;
