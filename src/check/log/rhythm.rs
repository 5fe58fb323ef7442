//! Rhythm (`L014`–`L017`): the days between consecutive held sessions against the cadence's
//! gap bounds, and each held session's minutes against the program's session length. The days
//! of an approved pause inside a gap do not count against the longest gap.

use jiff::civil::Date;

use super::{LogContext, pause_labels};
use crate::diagnostic::Label;
use crate::log::{Session, Spanned};
use crate::rules;
use crate::schedule::{self, days_between};
use crate::words::{days_with_weeks, paused_part, plural};

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
        // An approved pause's days inside the gap do not count against it.
        let paused = schedule::paused_days(cx.exceptions, before_date.value, after_date.value);
        if let Some(max) = cadence.max_gap
            && days - paused > i64::from(max.value)
        {
            let pauses =
                schedule::pauses_between(cx.exceptions, before_date.value, after_date.value);
            let finding = cx.report(
                &rules::GAP_TOO_LONG,
                format!(
                    "{} is {days} days after {}{}; the program allows at most {}",
                    after.describe_dated(),
                    before.describe_dated(),
                    paused_part(paused),
                    days_with_weeks(max.value)
                ),
                Label::new(
                    after_date.span,
                    format!("{days} days after the session before"),
                ),
            );
            finding
                .secondary
                .push(Label::new(max.span, "the longest gap the program allows"));
            finding.secondary.extend(pause_labels(&pauses));
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

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        PROGRAM_TEXT, as_of, check, check_excepted, check_with, codes_and_positions,
        compliant_with, pause, program_position, program_replacing,
    };
    use crate::diagnostic::Severity;
    use crate::log::LogFormat;

    #[test]
    fn a_gap_longer_than_the_cadence_gives_the_days_and_the_limit() {
        let findings = check(&compliant_with(
            "date    = 2025-03-03",
            "date    = 2025-03-24",
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L014", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 5 on 2025-03-24 is 35 days after session 4 on 2025-02-17; the program allows at most 28 days (4 weeks)"
        );
        assert_eq!(
            findings[0].program_label,
            Some(program_position("gap at most 4 weeks"))
        );
    }

    /// Session 2 has no date: the gaps around it are unknown, so nothing is measured from
    /// session 1 to session 3 (35 days apart) as if they were consecutive.
    #[test]
    fn a_session_without_a_date_breaks_no_gap_between_its_neighbours() {
        let text = compliant_with("date    = 2025-01-20\n", "").replacen(
            "date       = 2025-02-03",
            "date       = 2025-02-10",
            1,
        );
        let findings = check(&text);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L004"], "{findings:#?}");
    }

    #[test]
    fn sessions_shorter_than_the_minimum() {
        let findings = check(&compliant_with("minutes = 45", "minutes = 30"));
        assert_eq!(codes_and_positions(&findings), [("L016", 48, 11)]);
        assert_eq!(
            findings[0].message,
            "session 5 lasted 30 minutes; the program asks for at least 45"
        );
        assert_eq!(
            findings[0].program_label,
            Some(program_position("at least 45 minutes"))
        );
    }

    #[test]
    fn long_sessions_and_short_gaps_are_warnings() {
        let program = program_replacing(
            "session at least 45 minutes",
            "session at least 45 minutes, at most 90 minutes",
        )
        .replacen(
            "cadence every 2 weeks,",
            "cadence every 2 weeks, gap at least 1 week,",
            1,
        );
        let findings = check_with(
            LogFormat::Toml,
            &compliant_with("minutes = 60", "minutes = 150").replacen(
                "date    = 2025-03-03",
                "date    = 2025-02-19",
                1,
            ),
            &program,
        );
        assert_eq!(
            codes_and_positions(&findings),
            [("L017", 10, 11), ("L015", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            (findings[0].severity, findings[1].severity),
            (Severity::Warning, Severity::Warning)
        );
        assert_eq!(
            findings[0].message,
            "session 1 lasted 150 minutes; the program allows at most 90"
        );
        assert_eq!(
            findings[1].message,
            "session 5 on 2025-02-19 is 2 days after session 4 on 2025-02-17; the program asks for at least 7 days (1 week)"
        );
    }

    /// The compliant log with session 5 on 2025-04-07: 49 days after session 4 (2025-02-17),
    /// and after the program's 12 weeks (2025-03-31).
    fn seven_weeks() -> String {
        compliant_with("date    = 2025-03-03", "date    = 2025-04-07")
    }

    fn excepted(exceptions: &str) -> Vec<crate::check::log::test_support::Finding> {
        check_excepted(&seven_weeks(), PROGRAM_TEXT, exceptions, as_of())
    }

    #[test]
    fn a_pause_inside_a_long_gap_takes_its_days_out_of_it() {
        let codes = |findings: &[crate::check::log::test_support::Finding]| {
            findings.iter().map(|f| f.code).collect::<Vec<_>>()
        };
        assert_eq!(codes(&check(&seven_weeks())), ["L014", "L037"]);
        // Paused 21 days of the 49: 28 remain, the longest gap allowed. The program's end moves
        // by the pause too (2025-04-21), so nothing is left to say.
        let findings = excepted(&pause("pair-017", "2025-02-24", "2025-03-17"));
        assert!(findings.is_empty(), "{findings:#?}");
        // A pause outside the gap, another pair's pause, and an expired one change nothing.
        let unchanged = check(&seven_weeks());
        for exceptions in [
            pause("pair-017", "2025-05-01", "2025-05-22"),
            pause("pair-018", "2025-02-24", "2025-03-17"),
            pause("pair-017", "2025-02-24", "2025-03-17").replace(
                "approved = 2025-01-01\n",
                "approved = 2025-01-01\nexpires = 2025-06-30\n",
            ),
        ] {
            let findings = excepted(&exceptions);
            assert_eq!(codes(&findings), codes(&unchanged), "{exceptions}");
            assert_eq!(findings[0].message, unchanged[0].message);
            assert!(findings.iter().all(|f| f.exception_labels.is_empty()));
        }
    }

    #[test]
    fn a_gap_still_too_long_after_a_pause_says_how_many_days_were_paused() {
        let findings = excepted(&pause("pair-017", "2025-02-24", "2025-03-10"));
        assert_eq!(
            codes_and_positions(&findings),
            [("L014", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 5 on 2025-04-07 is 49 days after session 4 on 2025-02-17 (14 of them paused); the program allows at most 28 days (4 weeks)"
        );
        assert_eq!(
            findings[0].exception_labels,
            [(1, 1, "a pause of 14 days".to_owned())]
        );
        // Two pauses add up (7 + 14 days): 28 remain.
        let two = format!(
            "{}{}",
            pause("pair-017", "2025-02-17", "2025-02-24"),
            pause("pair-017", "2025-03-10", "2025-03-24")
        );
        assert!(excepted(&two).is_empty(), "{:#?}", excepted(&two));
    }
}
