//! The cohort report (`mentor report --format json`) as one JSON document, for dashboards: the
//! [`CohortReport`] structs as serde writes them, so the field names in `cohort::aggregate` are
//! the format. A suppressed figure is `{"suppressed": true}`, never a number.

use crate::cohort::CohortReport;

/// The report as one string (the benchmarks' and tests' way in; writing into memory cannot
/// fail).
pub fn render_cohort_json(report: &CohortReport) -> String {
    crate::render::written(|out| write_cohort_json(report, out))
}

/// [`render_cohort_json`] written to `out` as it is made: the JSON of a cohort of 190,000 pairs
/// is 94 MB, which is never held whole. Serialising plain structs of strings and numbers fails
/// only when `out` does.
pub fn write_cohort_json(
    report: &CohortReport,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    crate::render::write_pretty_json(out, report)
}
