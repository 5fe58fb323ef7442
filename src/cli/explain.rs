//! `mentor explain CODE`: the rule's page.

use clap::Args;

use super::{ExitStatus, write_stdout};
use crate::render::catalogue::rule_page;

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
    /// A rule code (`P004`) or name (`phase-overlap`)
    code: String,
}

pub(super) fn run(args: ExplainArgs) -> ExitStatus {
    match rule_page(&args.code) {
        Ok(page) => {
            write_stdout(&page);
            ExitStatus::Clean
        }
        Err(hint) => {
            eprintln!(
                "error: unknown rule `{}`{hint}",
                crate::render::visible::visible_line(&args.code)
            );
            ExitStatus::CouldNotCheck
        }
    }
}
