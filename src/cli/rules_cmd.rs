//! `mentor rules`: the catalogue as a table, Markdown (the rule reference) or JSON.

use clap::{Args, ValueEnum};

use super::{ExitStatus, write_stdout};
use crate::render::catalogue;

#[derive(Debug, Args)]
pub(super) struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
    Json,
}

pub(super) fn run(args: RulesArgs) -> ExitStatus {
    let text = match args.format {
        RulesFormat::Text => catalogue::rules_text(),
        RulesFormat::Markdown => catalogue::rules_markdown(),
        RulesFormat::Json => catalogue::rules_json(),
    };
    write_stdout(&text);
    ExitStatus::Clean
}
