//! The rule catalogue as `mentor explain` and `mentor rules` print it: one rule's page, and
//! the list as a table, Markdown (the rule reference, `docs/rules.md`) or JSON. The CLI only
//! picks the format, so it names no rule itself.

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::rules;
use crate::words::did_you_mean;

/// The page of the rule `code_or_name` names (`P004` or `phase-overlap`, any case for a code).
/// `Err` holds what to add to "unknown rule `…`": the closest code or name, or where the list
/// is.
pub fn rule_page(code_or_name: &str) -> Result<String, String> {
    match rules::find(code_or_name) {
        Some(rule) => Ok(format!(
            "{code} {name} (default severity: {severity})\n\n{summary}\n{explanation}",
            code = rule.code,
            name = rule.name,
            severity = rule.severity.as_str(),
            summary = rule.summary,
            explanation = rule.explanation,
        )),
        None => {
            let upper = code_or_name.to_uppercase();
            let candidates = rules::all()
                .map(|r| r.code)
                .chain(rules::all().map(|r| r.name));
            Err(match did_you_mean(&upper, candidates) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => "; run `mentor rules` for the list".to_owned(),
            })
        }
    }
}

/// One line per rule: code, name, default severity, summary.
pub fn rules_text() -> String {
    // The name column is as wide as the longest name, so no row runs into the next column.
    let width = rules::all().map(|r| r.name.len()).max().unwrap_or(0);
    rules::all()
        .map(|r| {
            format!(
                "{}  {:<width$} {:<8} {}\n",
                r.code,
                r.name,
                r.severity.as_str(),
                r.summary
            )
        })
        .collect()
}

/// The rule reference, `docs/rules.md`.
pub fn rules_markdown() -> String {
    rules::reference_markdown()
}

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
}

/// Every rule's code, name, default severity and summary, as a JSON array.
pub fn rules_json() -> String {
    let list: Vec<JsonRule> = rules::all()
        .map(|r| JsonRule {
            code: r.code,
            name: r.name,
            severity: r.severity,
            summary: r.summary,
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
    text.push('\n');
    text
}
