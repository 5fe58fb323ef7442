//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.
//! The rule catalogue goes into `tool.driver.rules`, so viewers can show each rule's page.

use serde_json::{Value, json};

use super::start_end;
use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::rules;
use crate::source::Sources;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Advice => "note",
    }
}

fn location(label: &Label, sources: &Sources) -> Value {
    let (start, end) = start_end(sources, label.span);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(sources.name(label.span.source)) },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end.column,
            }
        }
    })
}

/// File names as relative URI references (forward slashes, spaces and `%` escaped).
fn uri(name: &str) -> String {
    name.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

pub fn render_sarif(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let catalogue: Vec<&rules::Rule> = rules::all().collect();
    let driver_rules: Vec<Value> = catalogue
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.explanation.trim(), "markdown": rule.explanation.trim() },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            let mut message = diagnostic.message.clone();
            if let Some(help) = &diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let related: Vec<Value> = diagnostic
                .secondary
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let mut location = location(label, sources);
                    location["id"] = json!(i + 1);
                    if let Some(text) = &label.text {
                        location["message"] = json!({ "text": text });
                    }
                    location
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.rule.code,
                "ruleIndex": catalogue.iter().position(|r| r.code == diagnostic.rule.code),
                "level": level(diagnostic.severity),
                "message": { "text": message },
                "locations": [location(&diagnostic.primary, sources)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mentor",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/mentor-toolchain/mentor",
                    "rules": driver_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}
