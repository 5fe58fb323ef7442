//! The cohort report (`mentor report --format json`) as one JSON document, for dashboards: the
//! [`CohortReport`] structs as serde writes them, so the field names in `cohort::aggregate` are
//! the format. A suppressed figure is `{"suppressed": true}`, never a number.

use crate::cohort::CohortReport;

pub fn render_cohort_json(report: &CohortReport) -> String {
    match serde_json::to_string_pretty(report) {
        Ok(mut json) => {
            json.push('\n');
            json
        }
        // Serialising plain structs of strings and numbers cannot fail; say so if it ever does.
        Err(error) => format!("{{\"error\": \"{error}\"}}\n"),
    }
}
