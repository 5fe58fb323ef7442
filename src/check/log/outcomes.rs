//! Outcomes (`L023`, `L024`): how a held session ended. When the program declares outcomes,
//! every held session records one, and one the program marks `failed` is reported.

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::Session;
use crate::rules;
use crate::words::ids_or;

pub(super) fn outcome(cx: &mut LogContext<'_>, session: &Session) {
    match &session.outcome {
        None if !session.has_field("outcome") && !cx.program.outcomes.is_empty() => {
            // Suggest the outcomes a session should end with, not the failed ones.
            let ids = ids_or(
                cx.program
                    .outcomes
                    .iter()
                    .filter(|o| !o.failed)
                    .map(|o| &o.id),
            );
            let first = cx.program.outcomes.first().map(|o| o.span);
            let diagnostic = cx.report(
                &rules::MISSING_OUTCOME,
                format!("{} records no outcome", session.describe()),
                Label::new(session.span, "no `outcome` in this session"),
            );
            if let Some(span) = first {
                diagnostic
                    .secondary
                    .push(Label::new(span, "the program's outcomes start here"));
            }
            diagnostic.help = Some(format!("add an `outcome`: {ids}").into());
        }
        Some(outcome) => {
            if let Some(declared) = cx.program.outcome(&outcome.value).filter(|o| o.failed) {
                let span = declared.span;
                cx.report(
                    &rules::FAILED_OUTCOME,
                    format!(
                        "{} ended with outcome `{}`, which the program marks as failed",
                        session.describe(),
                        declared.id
                    ),
                    Label::new(outcome.span, "a failed outcome"),
                )
                .secondary
                .push(Label::new(span, "marked `failed` here"));
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        check, codes_and_positions, compliant_with, program_position,
    };

    #[test]
    fn missing_and_failed_outcomes() {
        let findings = check(&compliant_with("outcome = \"assumption\"\n", "").replacen(
            "outcome = \"behavior\"",
            "outcome = \"answer\"",
            1,
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L023", 7, 1), ("L024", 16, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].program_label,
            Some(program_position("outcome answer"))
        );
    }
}
