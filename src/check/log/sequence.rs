//! Sequence (`L012`, `L013`): held sessions are numbered 1, 2, 3 … in list order and others
//! carry no number; sessions are listed in date order, none before the log started.

use jiff::civil::Date;

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::{Session, Spanned};
use crate::rules;

/// Held sessions are numbered 1, 2, 3 … in list order; others carry no number.
pub(super) fn numbering(cx: &mut LogContext<'_>) {
    let mut expected = 1u32;
    for session in &cx.log.sessions {
        let Some(number) = &session.number else {
            if session.is_held() {
                expected = expected.saturating_add(1);
            }
            continue;
        };
        if !session.is_held() {
            let status = session.session_status().as_str();
            let what = match &session.date {
                Some(date) => format!("the {status} session on {}", date.value),
                None => format!("session entry {} ({status})", session.index + 1),
            };
            cx.report(
                &rules::SESSION_NUMBERING,
                format!(
                    "{what} has number {}; only held sessions are numbered",
                    number.value
                ),
                Label::new(number.span, "not held, so not numbered"),
            )
            .help = Some(format!(
                "remove `number`, or mark the session held; the next held session is number {expected}"
            ).into());
            continue;
        }
        if number.value != expected {
            cx.report(
                &rules::SESSION_NUMBERING,
                format!(
                    "held session numbered {} where {expected} was expected: held sessions are numbered 1, 2, 3 … in the order listed",
                    number.value
                ),
                Label::new(number.span, format!("expected {expected}")),
            );
        }
        expected = number.value.saturating_add(1);
    }
}

/// Sessions are listed in date order, none before the log started.
pub(super) fn date_order(cx: &mut LogContext<'_>) {
    let started = cx.log.started.clone();
    let mut previous: Option<(&Session, &Spanned<Date>)> = None;
    for session in &cx.log.sessions {
        let Some(date) = &session.date else {
            continue;
        };
        if let Some(started) = &started
            && date.value < started.value
        {
            cx.report(
                &rules::SESSION_DATE_ORDER,
                format!(
                    "{} is dated before the log started on {}",
                    session.describe_dated(),
                    started.value
                ),
                Label::new(date.span, "before `started`"),
            )
            .secondary
            .push(Label::new(started.span, "the log started here"));
        } else if let Some((before, before_date)) = previous
            && date.value < before_date.value
        {
            cx.report(
                &rules::SESSION_DATE_ORDER,
                format!(
                    "{} is dated before {}, listed above it",
                    session.describe_dated(),
                    before.describe_dated()
                ),
                Label::new(date.span, "out of order"),
            )
            .secondary
            .push(Label::new(before_date.span, "the session listed above"));
        }
        previous = Some((session, date));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{check, codes_and_positions, compliant_with};

    #[test]
    fn numbering_and_date_order() {
        let findings = check(
            &compliant_with("number     = 4", "number     = 5").replacen(
                "date    = 2025-03-03",
                "date    = 2025-02-10",
                1,
            ),
        );
        assert_eq!(
            codes_and_positions(&findings),
            [("L012", 33, 14), ("L012", 46, 11), ("L013", 47, 11)],
            "{findings:#?}"
        );
    }

    /// A session without a number is described by its date, and the date is named once.
    #[test]
    fn a_cancelled_session_out_of_order_names_its_date_once() {
        let text = compliant_with(
            "outcome = \"behavior\"\n\n",
            "outcome = \"behavior\"\n\n[[sessions]]\ndate = 2025-01-10\nstatus = \"cancelled\"\n\n",
        );
        let findings = check(&text);
        assert_eq!(
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>(),
            [
                "the cancelled session on 2025-01-10 is dated before session 2 on 2025-01-20, listed above it"
            ],
            "{findings:#?}"
        );
    }

    #[test]
    fn cancelled_sessions_are_not_numbered_and_do_not_close_a_gap() {
        let text = compliant_with(
            "[[sessions]]\nnumber     = 4",
            "[[sessions]]\ndate = 2025-02-10\nstatus = \"cancelled\"\nnumber = 4\n\n[[sessions]]\nnumber     = 4",
        )
        .replacen("date       = 2025-02-17", "date       = 2025-03-10", 1)
        .replacen("date    = 2025-03-03", "date    = 2025-03-17", 1);
        let findings = check(&text);
        assert_eq!(
            codes_and_positions(&findings),
            [("L012", 35, 10), ("L014", 39, 14)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "the cancelled session on 2025-02-10 has number 4; only held sessions are numbered"
        );
    }
}
