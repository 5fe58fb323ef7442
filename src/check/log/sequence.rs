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
            ));
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
