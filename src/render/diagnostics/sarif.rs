//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning and most CI dashboards read.
//! The rule catalogue goes into `tool.driver.rules`, so viewers can show each rule's page.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::render::start_end;
use crate::rules;
use crate::source::Sources;
use crate::words::waiver_note;

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

/// What a path segment may not hold unescaped in a URI reference (RFC 3986): a `#` would start
/// a fragment, a `?` a query, a space or a quote end the reference for some readers.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A file name as SARIF wants it: an absolute path as a `file://` URI, a relative one as a
/// relative URI reference (so code scanning resolves it against the repository root).
fn uri(name: &str) -> String {
    let path = std::path::Path::new(name);
    if path.is_absolute()
        && let Ok(url) = url::Url::from_file_path(path)
    {
        return url.into();
    }
    // A backslash separates folders only on Windows; on Unix it is a character of the name
    // (`a\b.toml` is one file) and is percent-encoded like any other.
    let name = if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_owned()
    };
    let reference = name
        .split('/')
        .map(|segment| utf8_percent_encode(segment, PATH_SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    // `p:1.toml` would read as a URI with scheme `p` (RFC 3986, 4.2).
    let first = reference.split('/').next().unwrap_or_default();
    if first.contains(':') {
        format!("./{reference}")
    } else {
        reference
    }
}

pub fn render_sarif(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    crate::render::written(|out| write_sarif(diagnostics, sources, out))
}

/// [`render_sarif`] written to `out` as it is made: each result is built as it is written, so
/// a cohort's tens of thousands of findings are never all held as JSON values (500 MB of JSON
/// Lines with 37,864 findings held 672 MB of them).
pub fn write_sarif(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
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
    let document = Document {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results {
                diagnostics,
                sources,
                catalogue: &catalogue,
            },
            tool: json!({
                "driver": {
                    "name": "mentor",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/mentor-toolchain/mentor",
                    "rules": driver_rules,
                }
            }),
        }],
        version: "2.1.0",
    };
    crate::render::write_pretty_json(out, &document)
}

// The document's keys are in the order `json!` objects write theirs (sorted, as serde_json's
// map keeps them), so each level reads alike.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    results: Results<'a>,
    tool: Value,
}

/// The results, each built as it is written.
struct Results<'a> {
    diagnostics: &'a [Diagnostic],
    sources: &'a Sources,
    catalogue: &'a [&'static rules::Rule],
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| result(d, self.sources, self.catalogue)),
        )
    }
}

fn result(diagnostic: &Diagnostic, sources: &Sources, catalogue: &[&rules::Rule]) -> Value {
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
    // An approved exception is SARIF's external suppression: viewers show the result as
    // suppressed, with who approved it and why.
    if let Some(waiver) = &diagnostic.waived {
        result["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": waiver_note(waiver),
            "location": location(&Label::bare(waiver.entry), sources),
        }]);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(
            uri("programs/logs/pair-017.toml"),
            "programs/logs/pair-017.toml"
        );
        assert_eq!(uri("my log#1.toml"), "my%20log%231.toml");
        assert_eq!(uri("a<b>\"c\"%?.json"), "a%3Cb%3E%22c%22%25%3F.json");
        #[cfg(not(windows))]
        {
            assert_eq!(uri("logs\\pair.toml"), "logs%5Cpair.toml");
            assert_eq!(uri("/tmp/a\\b.toml"), "file:///tmp/a%5Cb.toml");
        }
        assert_eq!(uri("/tmp/my log.toml"), "file:///tmp/my%20log.toml");
        assert_eq!(uri("café/é.toml"), "caf%C3%A9/%C3%A9.toml");
        assert_eq!(uri("p:1.toml"), "./p:1.toml");
    }
}
