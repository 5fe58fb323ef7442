//! Rhythm (`L014`–`L017`): the days between consecutive held sessions against the cadence's
//! gap bounds, and each held session's minutes against the program's session length.

use jiff::civil::Date;

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::{Session, Spanned};
use crate::rules;
use crate::schedule::days_between;
use crate::words::{days_with_weeks, plural};

/// Days between consecutive held sessions, against the cadence's gap bounds.
pub(super) fn gaps(cx: &mut LogContext<'_>) {
    let Some(cadence) = &cx.program.cadence else {
        return;
    };
    // Consecutive held sessions only: when one has no valid date (reported on its own),
    // the gaps on either side of it are unknown, not the gap between its neighbours.
    let held: Vec<(&Session, Option<&Spanned<Date>>)> = cx
        .log
        .held_sessions()
        .map(|s| (s, s.date.as_ref()))
        .collect();
    for pair in held.windows(2) {
        let [(before, Some(before_date)), (after, Some(after_date))] = pair else {
            continue;
        };
        if after_date.value < before_date.value {
            continue; // reported by `session-date-order`; a negative gap means nothing
        }
        let days = days_between(before_date.value, after_date.value);
        if let Some(max) = cadence.max_gap
            && days > i64::from(max.value)
        {
            cx.report(
                &rules::GAP_TOO_LONG,
                format!(
                    "{} is {days} days after {}; the program allows at most {}",
                    after.describe_dated(),
                    before.describe_dated(),
                    days_with_weeks(max.value)
                ),
                Label::new(
                    after_date.span,
                    format!("{days} days after the session before"),
                ),
            )
            .secondary
            .push(Label::new(max.span, "the longest gap the program allows"));
        }
        if let Some(min) = cadence.min_gap
            && days < i64::from(min.value)
        {
            cx.report(
                &rules::GAP_TOO_SHORT,
                format!(
                    "{} is {} after {}; the program asks for at least {}",
                    after.describe_dated(),
                    plural(days, "day"),
                    before.describe_dated(),
                    days_with_weeks(min.value)
                ),
                Label::new(
                    after_date.span,
                    format!("{} after the session before", plural(days, "day")),
                ),
            )
            .secondary
            .push(Label::new(
                min.span,
                "the shortest gap the program asks for",
            ));
        }
    }
}

pub(super) fn minutes(cx: &mut LogContext<'_>, session: &Session) {
    let (Some(minutes), Some(limits)) = (&session.minutes, &cx.program.session_minutes) else {
        return;
    };
    if let Some(min) = limits.at_least
        && minutes.value < min.value
    {
        cx.report(
            &rules::SESSION_TOO_SHORT,
            format!(
                "{} lasted {} minutes; the program asks for at least {}",
                session.describe(),
                minutes.value,
                min.value
            ),
            Label::new(minutes.span, "too short"),
        )
        .secondary
        .push(Label::new(
            min.span,
            "the shortest session the program allows",
        ));
    }
    if let Some(max) = limits.at_most
        && minutes.value > max.value
    {
        cx.report(
            &rules::SESSION_TOO_LONG,
            format!(
                "{} lasted {} minutes; the program allows at most {}",
                session.describe(),
                minutes.value,
                max.value
            ),
            Label::new(minutes.span, "too long"),
        )
        .secondary
        .push(Label::new(
            max.span,
            "the longest session the program allows",
        ));
    }
}
