//! Reviews (`L031`): among any `every` consecutive held sessions, one is a review
//! (`kind = "review"`). Which lens a review uses is the phase rule's business (`phase.rs`).

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::{Session, SessionKind};
use crate::rules;
use crate::words::plural;

/// Among any `every` consecutive held sessions, one is a review.
pub(super) fn reviews(cx: &mut LogContext<'_>) {
    let Some(review) = &cx.program.review else {
        return;
    };
    let every = review.every_sessions.max(1) as usize;
    let held: Vec<&Session> = cx.log.held_sessions().collect();
    let mut since_review = 0usize;
    for (position, session) in held.iter().enumerate() {
        if session.session_kind() == SessionKind::Review {
            since_review = 0;
            continue;
        }
        since_review += 1;
        if since_review < every {
            continue;
        }
        let first = held
            .get(position + 1 - every)
            .map_or_else(String::new, |s| s.describe());
        let primary = match &session.kind {
            Some(kind) => Label::new(kind.span, "not a review"),
            None => Label::new(session.span, "not a review"),
        };
        let span = review.span;
        cx.report(
            &rules::REVIEW_OVERDUE,
            format!(
                "no review from {first} to {}: the program asks for a review at least every {}",
                session.describe(),
                plural(every as i64, "session")
            ),
            primary,
        )
        .secondary
        .push(Label::new(span, "the review interval"));
        since_review = 0;
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, check_with, codes_and_positions, compliant_with, program_with,
    };
    use crate::log::LogFormat;

    #[test]
    fn reviews_within_the_interval() {
        let program_with_review = program_with("    review every 4 sessions\n");
        let findings = check_with(LogFormat::Toml, COMPLIANT, &program_with_review);
        assert_eq!(
            codes_and_positions(&findings),
            [("L031", 32, 1)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "no review from session 1 to session 4: the program asks for a review at least every 4 sessions"
        );
        let with_review = compliant_with(
            "minutes = 50\noutcome = \"behavior\"",
            "minutes = 50\nkind = \"review\"\noutcome = \"behavior\"",
        );
        assert!(check_with(LogFormat::Toml, &with_review, &program_with_review).is_empty());
    }
}
