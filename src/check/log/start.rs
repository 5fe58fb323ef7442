//! Start (`L038`): with `first session within N days`, a pair holds its first session within
//! that time of its `started` date. It has a file of its own because it is about the time since
//! the start, which no other family judges: `rhythm.rs` measures gaps between sessions, and
//! `milestones.rs` deadlines of claims. (Kept apart from the rules about a pair's inactivity as
//! of today, which came at the same time, so neither change had to edit the other's file.)
//! An approved pause that starts on or before the due day moves it by its length.

use super::{LogContext, pause_labels};
use crate::diagnostic::Label;
use crate::exceptions::PairExceptions;
use crate::rules;
use crate::schedule::{LateStart, days_between, first_session_due, late_start, pauses_between};
use crate::words;

/// `L038`: the first held session came after the due day, or none was held and the due day
/// has passed as of `as_of`.
pub(super) fn first_session(cx: &mut LogContext<'_>) {
    let Some(rule) = &cx.program.first_session else {
        return;
    };
    let Some(started) = &cx.log.started else {
        return; // `L004`: without a start, no due day
    };
    let Some(late) = late_start(cx.log, rule.within_days, cx.as_of, cx.exceptions) else {
        return;
    };
    let start = started.value;
    // The due day the program states, and the pauses that moved it.
    let stated = first_session_due(cx.log, rule.within_days, PairExceptions::default());
    let due = match late {
        LateStart::HeldLate { due, .. } | LateStart::NoneHeld { due } => due,
    };
    let pauses = if stated.is_some_and(|stated| stated < due) {
        pauses_between(cx.exceptions, start, due)
    } else {
        Vec::new()
    };
    let moved = words::moved_suffix(stated, due, pauses.len());
    let allowed = words::days_with_weeks(rule.within_days);
    let rule_span = rule.span;
    let diagnostic = match late {
        LateStart::HeldLate { session, date, due } => {
            let after = days_between(start, date);
            let Some(date_span) = session.date.as_ref().map(|d| d.span) else {
                return;
            };
            cx.report(
                &rules::FIRST_SESSION_LATE,
                format!(
                    "the first session held, {}, came {} after the start on {start}; the program asks for it within {allowed}, by {due}{moved}",
                    session.describe_dated(),
                    words::plural(after, "day")
                ),
                Label::new(
                    date_span,
                    format!("{} late", words::plural(days_between(due, date), "day")),
                ),
            )
        }
        LateStart::NoneHeld { due } => {
            let since = days_between(start, cx.as_of);
            let as_of = cx.as_of;
            let diagnostic = cx.report(
                &rules::FIRST_SESSION_LATE,
                format!(
                    "no session held since the start on {start}, {} before {as_of}; the program asks for the first session within {allowed}, by {due}{moved}",
                    words::plural(since, "day")
                ),
                Label::new(started.span, "no session held since"),
            );
            diagnostic.help = Some(
                "log the first session once it is held; a pair that will not meet is `status = \"withdrawn\"`"
                    .into(),
            );
            diagnostic
        }
    };
    diagnostic
        .secondary
        .push(Label::new(rule_span, "the first-session rule"));
    diagnostic.secondary.extend(pause_labels(&pauses));
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, check_as_of, check_excepted, check_with, codes_and_positions, compliant_with,
        pause, program_with,
    };
    use crate::diagnostic::Severity;
    use crate::log::LogFormat;

    const RULE: &str = "    first session within 1 week\n";

    fn program() -> String {
        program_with(RULE)
    }

    /// The compliant log with its first session on `date` (the start stays 2025-01-06).
    fn first_on(date: &str) -> String {
        compliant_with("date    = 2025-01-06", &format!("date    = {date}"))
    }

    /// The reference program's line number of the rule (`program_with` puts it last).
    fn rule_line() -> usize {
        program().lines().count() - 1
    }

    #[test]
    fn a_first_session_after_the_limit_is_reported_at_its_date() {
        let findings = check_with(LogFormat::Toml, &first_on("2025-01-15"), &program());
        assert_eq!(
            codes_and_positions(&findings),
            [("L038", 9, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "the first session held, session 1 on 2025-01-15, came 9 days after the start on 2025-01-06; the program asks for it within 7 days (1 week), by 2025-01-13"
        );
        assert_eq!(findings[0].program_label, Some((rule_line(), 5)));
        assert_eq!(findings[0].severity, Severity::Error);
    }

    #[test]
    fn the_last_allowed_day_complies() {
        let findings = check_with(LogFormat::Toml, &first_on("2025-01-13"), &program());
        assert!(findings.is_empty(), "{findings:#?}");
        // So does any session once the program says nothing.
        let unstated = check_with(LogFormat::Toml, &first_on("2025-03-01"), COMPLIANT_PROGRAM);
        assert!(!unstated.iter().any(|f| f.code == "L038"), "{unstated:#?}");
    }

    const COMPLIANT_PROGRAM: &str = crate::check::log::test_support::PROGRAM_TEXT;

    /// A pair that has held nothing yet, active, started on 2025-01-06.
    const NOT_STARTED: &str = "program = \"senior-ic\"\npair    = \"pair-017\"\nstarted = 2025-01-06\n\n[[sessions]]\ndate   = 2025-01-13\nstatus = \"cancelled\"\n";

    #[test]
    fn no_session_held_is_reported_at_started_once_the_limit_passed() {
        let as_of = jiff::civil::date(2025, 1, 21);
        let findings = check_as_of(LogFormat::Toml, NOT_STARTED, &program(), as_of);
        assert_eq!(
            codes_and_positions(&findings),
            [("L038", 3, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "no session held since the start on 2025-01-06, 15 days before 2025-01-21; the program asks for the first session within 7 days (1 week), by 2025-01-13"
        );
        assert_eq!(findings[0].program_label, Some((rule_line(), 5)));
        assert!(findings[0].help.is_some());
        // On the last allowed day the pair still has time.
        let on_the_day = jiff::civil::date(2025, 1, 13);
        assert!(check_as_of(LogFormat::Toml, NOT_STARTED, &program(), on_the_day).is_empty());
    }

    #[test]
    fn a_withdrawn_or_re_matched_pair_that_never_met_owes_no_first_session() {
        let never_met = codes_and_positions(&check_with(LogFormat::Toml, NOT_STARTED, &program()));
        assert!(never_met.iter().any(|f| f.0 == "L038"), "{never_met:?}");
        for status in ["withdrawn", "re-matched"] {
            let ended = NOT_STARTED.replace(
                "started = 2025-01-06\n",
                &format!("started = 2025-01-06\nstatus  = \"{status}\"\n"),
            );
            let findings = check_with(LogFormat::Toml, &ended, &program());
            assert!(findings.is_empty(), "{status}: {findings:#?}");
        }
    }

    #[test]
    fn the_earliest_dated_held_session_is_the_start_and_undated_ones_leave_it_unknown() {
        // Listed out of order (`L013`), the start is still the earliest date: session 2 on
        // 2025-01-20 is 14 days after the start, allowed by `within 2 weeks`.
        let two_weeks = program_with("    first session within 2 weeks\n");
        let findings = check_with(LogFormat::Toml, &first_on("2025-01-25"), &two_weeks);
        assert_eq!(
            findings.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L013"],
            "{findings:#?}"
        );
        let undated = COMPLIANT.replacen("date    = 2025-01-06\n", "", 1);
        let findings = check_with(LogFormat::Toml, &undated, &program());
        assert!(!findings.iter().any(|f| f.code == "L038"), "{findings:#?}");
    }

    #[test]
    fn severity_overrides_apply() {
        let program = program_with(&format!("{RULE}    severity first-session-late warning\n"));
        let findings = check_with(LogFormat::Toml, &first_on("2025-01-15"), &program);
        assert_eq!(findings[0].severity, Severity::Warning);
        let off = program_with(&format!("{RULE}    severity L038 off\n"));
        assert!(check_with(LogFormat::Toml, &first_on("2025-01-15"), &off).is_empty());
    }

    #[test]
    fn a_log_starting_at_the_end_of_the_calendar_does_not_panic() {
        let log = COMPLIANT.replace("started = 2025-01-06", "started = 9999-12-31");
        let findings = check_with(LogFormat::Toml, &log, &program());
        assert!(!findings.iter().any(|f| f.code == "L038"), "{findings:#?}");
    }

    #[test]
    fn a_session_logged_for_a_later_day_is_no_start_yet() {
        // Due by 2025-01-13; the only held session is logged for 2025-02-10 (`L036` as of an
        // earlier day): as of 2025-01-10 the pair still has time, as of 2025-01-20 it has not
        // started, whatever the log says of February.
        let later = NOT_STARTED.replace(
            "date   = 2025-01-13\nstatus = \"cancelled\"",
            "number = 1\ndate   = 2025-02-10",
        );
        assert!(later.contains("2025-02-10") && !later.contains("cancelled"));
        let late_start = |day| {
            let findings = check_as_of(
                LogFormat::Toml,
                &later,
                &program(),
                jiff::civil::date(2025, 1, day),
            );
            codes_and_positions(&findings)
                .into_iter()
                .filter(|(code, _, _)| *code == "L038")
                .collect::<Vec<_>>()
        };
        assert_eq!(late_start(10), []);
        assert_eq!(late_start(20), [("L038", 3, 11)]);
    }

    #[test]
    fn a_pause_that_starts_before_the_due_day_moves_it() {
        // Due by 2025-01-13; paused 14 days from 2025-01-10: due by 2025-01-27.
        let exceptions = pause("pair-017", "2025-01-10", "2025-01-24");
        let on = |day| {
            check_excepted(
                NOT_STARTED,
                &program(),
                &exceptions,
                jiff::civil::date(2025, 1, day),
            )
        };
        assert!(on(27).is_empty(), "{:#?}", on(27));
        let findings = on(28);
        assert_eq!(
            codes_and_positions(&findings),
            [("L038", 3, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "no session held since the start on 2025-01-06, 22 days before 2025-01-28; the program asks for the first session within 7 days (1 week), by 2025-01-27 (moved 14 days by a pause)"
        );
        assert_eq!(
            findings[0].exception_labels,
            [(1, 1, "a pause of 14 days".to_owned())]
        );
        // A pause that starts after the due day moves nothing.
        let later = pause("pair-017", "2025-01-14", "2025-01-28");
        let findings = check_excepted(
            NOT_STARTED,
            &program(),
            &later,
            jiff::civil::date(2025, 1, 14),
        );
        assert_eq!(codes_and_positions(&findings), [("L038", 3, 11)]);
        assert!(findings[0].exception_labels.is_empty());
    }
}
