//! Tests of `mentor validate`: session logs checked against the programs they name.
//!
//! - `fixtures`: a failing log per log rule, each with its passing twin, and the issue's
//!   "Done when" for the reference program.
//! - `formats`: every output format over the example failing logs, `--output`.
//! - `json_lines`: positions inside a JSON Lines file.
//! - `inputs`: bad input, exit statuses, directories, standard input, privacy.

mod fixtures;
mod formats;
mod inputs;
mod json_lines;
mod privacy;

/// Every run is judged on this day, so overdue milestones and snapshots do not change with
/// the date the tests run on.
const AS_OF: &str = "2026-11-23";

/// The example logs of `programs/logs/`.
const FAILING_LOGS: &str = "programs/logs/senior-ic-failing";
const COMPLIANT_LOGS: &str = "programs/logs/senior-ic";
