//! `mentor explain CODE`: the rule's page.

use clap::Args;

use super::{ExitStatus, write_stdout};
use crate::rules;
use crate::words::did_you_mean;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule code (`P004`) or name (`phase-overlap`)
    code: String,
}

pub fn run(args: ExplainArgs) -> ExitStatus {
    match rules::find(&args.code) {
        Some(rule) => {
            write_stdout(&format!(
                "{code} {name} (default severity: {severity})\n\n{summary}\n{explanation}",
                code = rule.code,
                name = rule.name,
                severity = rule.severity.as_str(),
                summary = rule.summary,
                explanation = rule.explanation,
            ));
            ExitStatus::Clean
        }
        None => {
            let upper = args.code.to_uppercase();
            let candidates = rules::all()
                .map(|r| r.code)
                .chain(rules::all().map(|r| r.name));
            let hint = match did_you_mean(&upper, candidates) {
                Some(best) => format!("; did you mean `{best}`?"),
                None => "; run `mentor rules` for the list".to_owned(),
            };
            eprintln!(
                "error: unknown rule `{}`{hint}",
                crate::render::visible::visible_line(&args.code)
            );
            ExitStatus::CouldNotCheck
        }
    }
}
