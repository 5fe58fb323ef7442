//! Tests of `mentor validate`: session logs checked against the programs they name.
//!
//! - `fixtures`: a failing log per log rule, each with its passing twin, and the issue's
//!   "Done when" for the reference program.
//! - `formats`: every output format over the example failing logs, `--output`.
//! - `json_lines`: positions inside a JSON Lines file.
//! - `inputs`: bad input, exit statuses, directories, standard input, privacy.
//! - `exports`: logs as platforms export them (a byte-order mark, a JSON list of logs) and
//!   days not in the calendar, the same in every format.
//! - `csv`: CSV session exports: findings at their cells, grouping by pair, hostile input.
//! - `streaming`: a `.jsonl` file read in a stream reports what the same text read whole does.

mod baseline;
mod csv;
mod exceptions;
mod exports;
mod fixtures;
mod formats;
mod inputs;
mod json_lines;
mod privacy;
mod streaming;
mod versions;

/// Every run is judged on this day, so overdue milestones and snapshots do not change with
/// the date the tests run on.
const AS_OF: &str = "2026-11-23";

/// The last day the example cohort's active pair (`pair-033`, session 4 on 2025-03-24) is
/// within the program's 4-week gap: the compliant examples pass as of it. Later, `pair-033`
/// has stalled (`L035`), and after 2025-05-05 it is past its 12 weeks (`L037`).
const COMPLIANT_AS_OF: &str = "2025-04-21";

/// The example logs of `programs/logs/`.
const FAILING_LOGS: &str = "programs/logs/senior-ic-failing";
const COMPLIANT_LOGS: &str = "programs/logs/senior-ic";
