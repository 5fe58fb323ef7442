//! Reviews (`L031`): with `review every N sessions`, among any N consecutive held sessions one
//! is a review (`kind = "review"`); with `review at sessions 4, 8, 12`, each of those sessions
//! a log has held is one. Which lens a review uses is the phase rule's business (`phase.rs`).

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::{Session, SessionKind};
use crate::model::{Review, ReviewSchedule};
use crate::rules;
use crate::words::plural;

pub(super) fn reviews(cx: &mut LogContext<'_>) {
    let Some(review) = &cx.program.review else {
        return;
    };
    match &review.schedule {
        // `P007`; with that rule off, the line plans no review and asks for none.
        ReviewSchedule::Every(0) => {}
        ReviewSchedule::Every(every) => reviews_every(cx, review, *every as usize),
        ReviewSchedule::At { .. } => reviews_at(cx, review),
    }
}

/// Among any `every` consecutive held sessions, one is a review.
fn reviews_every(cx: &mut LogContext<'_>, review: &Review, every: usize) {
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
        cx.report(
            &rules::REVIEW_OVERDUE,
            format!(
                "no review from {first} to {}: the program asks for a review at least every {}",
                session.describe(),
                plural(every as i64, "session")
            ),
            not_a_review(session),
        )
        .secondary
        .push(Label::new(review.span, "the review interval"));
        since_review = 0;
    }
}

/// Each listed session the log has held is a review.
fn reviews_at(cx: &mut LogContext<'_>, review: &Review) {
    for session in cx.log.held_sessions() {
        let Some(number) = session.number.as_ref().map(|n| n.value) else {
            continue;
        };
        if !review.planned_at(number) || session.session_kind() == SessionKind::Review {
            continue;
        }
        cx.report(
            &rules::REVIEW_OVERDUE,
            format!(
                "session {number} is not a review: the program holds its reviews {}",
                crate::words::review_when(review)
            ),
            not_a_review(session),
        )
        .secondary
        .push(Label::new(review.span, "the review sessions"));
    }
}

fn not_a_review(session: &Session) -> Label {
    match &session.kind {
        Some(kind) => Label::new(kind.span, "not a review"),
        None => Label::new(session.span, "not a review"),
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

    #[test]
    fn reviews_at_the_listed_sessions() {
        let program = program_with("    review at sessions 2, 4\n");
        let findings = check_with(LogFormat::Toml, COMPLIANT, &program);
        let codes: Vec<_> = findings
            .iter()
            .map(|f| (f.code, f.message.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (
                    "L031",
                    "session 2 is not a review: the program holds its reviews at sessions 2 and 4"
                ),
                (
                    "L031",
                    "session 4 is not a review: the program holds its reviews at sessions 2 and 4"
                ),
            ],
            "{findings:#?}"
        );
        // Session 2 a review and session 4 not: only session 4 is reported.
        let with_review = compliant_with(
            "minutes = 50\noutcome = \"behavior\"",
            "minutes = 50\nkind = \"review\"\noutcome = \"behavior\"",
        );
        let findings = check_with(LogFormat::Toml, &with_review, &program);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert!(findings[0].message.starts_with("session 4 is not a review"));
    }

    #[test]
    fn no_review_asked_every_0_sessions() {
        let program = program_with("    review every 0 sessions\n    severity P007 off\n");
        assert!(check_with(LogFormat::Toml, COMPLIANT, &program).is_empty());
    }
}
