//! `mentor rules`: the catalogue as a table, Markdown (the rule reference) or JSON.

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{ExitStatus, write_stdout};
use crate::diagnostic::Severity;
use crate::rules;

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    summary: &'static str,
}

pub fn run(args: RulesArgs) -> ExitStatus {
    let text = match args.format {
        RulesFormat::Text => {
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
        RulesFormat::Markdown => rules::reference_markdown(),
        RulesFormat::Json => {
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
    };
    write_stdout(&text);
    ExitStatus::Clean
}
