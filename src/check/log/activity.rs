//! Activity (`L035`, `L036`, `L037`): the log against the calendar as of `--as-of`. An active
//! pair has held a session within the cadence's longest gap (`L035`), no session was held,
//! cancelled or missed on a day that has not come yet (`L036`), and the pair did not run past
//! the end of `length … within N weeks` (`L037`).
//!
//! `L036` lives here rather than in `sequence.rs`: `sequence.rs` compares the log's dates with
//! each other and with `started`, so its findings are the same whatever day the log is checked
//! on; every rule here compares the log with `--as-of`, and its answer changes as time passes.
//! The dates (last activity, the next session's due date, the program's end) come from
//! `crate::schedule`, which the cohort report reads too. An approved pause's days do not count
//! towards inactivity (a pair inside a pause is not inactive), and the next session's due day
//! and the program's end move by the pauses; a finding that still fires names them.

use super::{LogContext, pause_labels};
use crate::diagnostic::Label;
use crate::exceptions::PairExceptions;
use crate::log::{Session, SessionStatus};
use crate::rules;
use crate::schedule::{self, Activity, Overrun};
use crate::words::{
    days_or_weeks, days_with_weeks, moved_by_pauses, moved_suffix, paused_part, plural,
};

/// An active pair held no session for longer than the cadence's longest gap (`L035`).
pub(super) fn inactive(cx: &mut LogContext<'_>) {
    let Some(max_gap) = cx.program.cadence.as_ref().and_then(|c| c.max_gap) else {
        return;
    };
    let Some(inactivity) = schedule::inactivity(cx.program, cx.log, cx.as_of, cx.exceptions) else {
        return;
    };
    let since_date = inactivity.since.date();
    let pauses = schedule::pauses_between(cx.exceptions, since_date, cx.as_of);
    // The due day the program states, before the pauses moved it.
    let stated = schedule::advance(PairExceptions::default(), since_date, max_gap.value);
    let (since, primary) = match inactivity.since {
        Activity::Held(session, date) => (
            session.describe_dated(),
            Label::new(date.span, "the last session held"),
        ),
        Activity::Started(started) => (
            format!("the pair started on {}", started.value),
            Label::new(started.span, "started here; no session held since"),
        ),
    };
    let finding = cx.report_about_log(
        &rules::PAIR_INACTIVE,
        format!(
            "no session held since {since}, {} before {}{}; the program allows at most {} between sessions — the next one was due by {}{}",
            plural(inactivity.days, "day"),
            cx.as_of,
            paused_part(inactivity.paused),
            days_with_weeks(max_gap.value),
            inactivity.due,
            moved_suffix(stated, inactivity.due, pauses.len())
        ),
        primary,
    );
    finding.secondary.push(Label::new(
        max_gap.span,
        "the longest gap the program allows",
    ));
    finding.secondary.extend(pause_labels(&pauses));
    finding.help = Some(
        "log the sessions held since, or mark the pair `completed` or `withdrawn` if it has ended"
            .into(),
    );
}

/// A held, cancelled or no-show session dated after `as_of` (`L036`).
pub(super) fn session_in_future(cx: &mut LogContext<'_>, session: &Session) {
    // Only what has happened: a status this rule does not name (one added later, or one that
    // could not be read, `L003`) is not judged.
    let happened = match &session.status {
        Some(status) => matches!(
            status.value,
            SessionStatus::Held | SessionStatus::Cancelled | SessionStatus::NoShow
        ),
        None => !session.has_field("status"),
    };
    let Some(date) = &session.date else {
        return;
    };
    if !happened || date.value <= cx.as_of {
        return;
    }
    let days = schedule::days_between(cx.as_of, date.value);
    let status = session.session_status().as_str();
    cx.report(
        &rules::SESSION_IN_FUTURE,
        format!(
            "{} is dated {} after {}, the day the log is checked as of; a session logged as {status} has already taken place",
            session.describe_dated(),
            plural(days, "day"),
            cx.as_of
        ),
        Label::new(date.span, format!("after {}", cx.as_of)),
    )
    .help = Some("correct the date, or log the session once its day has come".into());
}

/// The pair ran past the end of the program's `length … within N` (`L037`).
pub(super) fn overrun(cx: &mut LogContext<'_>) {
    let (Some(length), Some(within), Some(started)) = (
        &cx.program.length,
        cx.program.length.as_ref().and_then(|l| l.within_days),
        &cx.log.started,
    ) else {
        return;
    };
    let Some(end) = schedule::program_end(cx.program, cx.log, cx.exceptions) else {
        return;
    };
    let Some(overrun) = schedule::overrun(cx.log, end, cx.as_of) else {
        return;
    };
    let stated = schedule::program_end(cx.program, cx.log, PairExceptions::default());
    let pauses = match stated {
        Some(stated) if stated < end => schedule::pauses_between(cx.exceptions, started.value, end),
        _ => Vec::new(),
    };
    let moved = match stated {
        Some(stated) if stated < end => format!(
            ", {}",
            moved_by_pauses(schedule::days_between(stated, end), pauses.len())
        ),
        _ => String::new(),
    };
    let the_end = format!(
        "the program's end on {end} ({} from the start on {}{moved})",
        days_or_weeks(within),
        started.value
    );
    let (message, primary) = match overrun {
        Overrun::SessionAfter(session, date) => (
            format!(
                "{} was held {} after {the_end}",
                session.describe_dated(),
                plural(schedule::days_between(end, date.value), "day")
            ),
            Label::new(date.span, format!("after {end}")),
        ),
        Overrun::StillActive => (
            format!(
                "the pair is still active on {}, {} after {the_end}",
                cx.as_of,
                plural(schedule::days_between(end, cx.as_of), "day")
            ),
            Label::new(started.span, "the program's length counts from here"),
        ),
    };
    let finding = cx.report_about_log(&rules::PROGRAM_OVERRUN, message, primary);
    finding
        .secondary
        .push(Label::new(length.span, "the program's length"));
    finding.secondary.extend(pause_labels(&pauses));
    if matches!(overrun, Overrun::StillActive) {
        finding.help =
            Some("if the pair has finished, mark it `completed` (or `withdrawn`)".into());
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Date, date};

    use crate::check::log::test_support::{
        COMPLIANT, Finding, PROGRAM_TEXT, check, check_as_of, check_excepted, codes_and_positions,
        compliant_with, pause, program_position, program_replacing, program_with,
    };
    use crate::diagnostic::Severity;
    use crate::log::LogFormat;

    /// The compliant log (sessions 2025-01-06 … 2025-03-03) with its pair still active.
    fn active() -> String {
        compliant_with("status  = \"completed\"", "status  = \"active\"")
    }

    fn as_of(text: &str, day: Date) -> Vec<Finding> {
        check_as_of(LogFormat::Toml, text, PROGRAM_TEXT, day)
    }

    #[test]
    fn an_active_pair_is_inactive_the_day_after_the_longest_gap() {
        // Session 5 on 2025-03-03; the gap is at most 28 days: due by 2025-03-31, which is
        // also the last day of the program's 12 weeks from 2025-01-06.
        let text = active();
        assert_eq!(codes_and_positions(&as_of(&text, date(2025, 3, 31))), []);
        let findings = as_of(&text, date(2025, 4, 1));
        assert_eq!(
            codes_and_positions(&findings),
            [("L037", 4, 11), ("L035", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].message,
            "no session held since session 5 on 2025-03-03, 29 days before 2025-04-01; the program allows at most 28 days (4 weeks) between sessions — the next one was due by 2025-03-31"
        );
        assert_eq!(
            findings[1].program_label,
            Some(program_position("gap at most 4 weeks"))
        );
        assert_eq!(findings[1].severity, Severity::Error);
        assert_eq!(
            findings[0].message,
            "the pair is still active on 2025-04-01, 1 day after the program's end on 2025-03-31 (12 weeks from the start on 2025-01-06)"
        );
        assert_eq!(
            findings[0].program_label,
            Some(program_position("length 5 sessions within 12 weeks"))
        );
        assert_eq!(findings[0].severity, Severity::Warning);
    }

    #[test]
    fn a_missing_status_counts_as_active_and_completed_withdrawn_or_re_matched_pairs_are_not_inactive()
     {
        let missing = active().replacen("status  = \"active\"\n", "", 1);
        let codes = |text: &str| -> Vec<&'static str> {
            as_of(text, date(2025, 6, 1))
                .iter()
                .map(|f| f.code)
                .collect()
        };
        assert_eq!(codes(&missing), ["L037", "L035"]);
        assert_eq!(codes(COMPLIANT), Vec::<&str>::new());
        for status in ["withdrawn", "re-matched"] {
            let ended = compliant_with(
                "status  = \"completed\"",
                &format!("status  = \"{status}\""),
            );
            assert_eq!(codes(&ended), Vec::<&str>::new(), "{status}");
        }
        // A status that could not be read is reported once, as what it is.
        let misspelt = compliant_with("status  = \"completed\"", "status  = \"activ\"");
        assert_eq!(codes(&misspelt), ["L003"]);
    }

    #[test]
    fn a_pair_that_held_no_session_is_counted_from_its_start() {
        let text = "program = \"senior-ic\"\npair    = \"pair-1\"\nstarted = 2025-01-06\n\n[[sessions]]\ndate   = 2025-01-13\nstatus = \"cancelled\"\n";
        assert_eq!(codes_and_positions(&as_of(text, date(2025, 2, 3))), []);
        let findings = as_of(text, date(2025, 2, 4));
        assert_eq!(
            codes_and_positions(&findings),
            [("L035", 3, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "no session held since the pair started on 2025-01-06, 29 days before 2025-02-04; the program allows at most 28 days (4 weeks) between sessions — the next one was due by 2025-02-03"
        );
        // Before it starts, a pair owes nothing (the cancelled session is ahead: `L036`).
        assert_eq!(
            codes_and_positions(&as_of(text, date(2025, 1, 1))),
            [("L036", 6, 10)]
        );
    }

    #[test]
    fn sessions_after_the_day_have_not_happened_and_are_reported() {
        // As of 2025-02-20, session 5 (2025-03-03) lies ahead: `L036`; the pair is not
        // inactive (session 4 on 2025-02-17).
        let findings = as_of(&active(), date(2025, 2, 20));
        assert_eq!(
            codes_and_positions(&findings),
            [("L036", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 5 on 2025-03-03 is dated 11 days after 2025-02-20, the day the log is checked as of; a session logged as held has already taken place"
        );
        assert_eq!(findings[0].program_label, None);
        // A cancelled session and a no-show too; the day itself is not in the future.
        let cancelled = format!(
            "{}\n[[sessions]]\ndate   = 2025-03-04\nstatus = \"cancelled\"\n\n[[sessions]]\ndate   = 2025-03-05\nstatus = \"no-show\"\n",
            COMPLIANT
        );
        let findings = as_of(&cancelled, date(2025, 3, 3));
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the cancelled session on 2025-03-04 is dated 1 day after 2025-03-03, the day the log is checked as of; a session logged as cancelled has already taken place",
                "the no-show session on 2025-03-05 is dated 2 days after 2025-03-03, the day the log is checked as of; a session logged as no-show has already taken place",
            ]
        );
        // A status that could not be read is not judged.
        let misspelt = cancelled.replacen("\"no-show\"", "\"noshow\"", 1);
        let codes: Vec<&str> = as_of(&misspelt, date(2025, 3, 3))
            .iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(codes, ["L036", "L003"]);
    }

    #[test]
    fn a_session_held_after_the_program_ended_is_an_overrun() {
        // Started 2024-12-08: the 12 weeks end on 2025-03-02, and session 5 is on 2025-03-03.
        let text = COMPLIANT.replacen("started = 2025-01-06", "started = 2024-12-08", 1);
        let program = program_replacing("due by week 10", "due by week 11");
        let findings = check_as_of(LogFormat::Toml, &text, &program, date(2025, 6, 1));
        assert_eq!(
            codes_and_positions(&findings),
            [("L037", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 5 on 2025-03-03 was held 1 day after the program's end on 2025-03-02 (12 weeks from the start on 2024-12-08)"
        );
        // Held on the last day, it is within the program.
        let on_the_day = COMPLIANT.replacen("started = 2025-01-06", "started = 2024-12-09", 1);
        assert_eq!(
            codes_and_positions(&check_as_of(
                LogFormat::Toml,
                &on_the_day,
                &program,
                date(2025, 6, 1)
            )),
            []
        );
    }

    #[test]
    fn severity_overrides_apply() {
        let program = program_with("    severity L035 warning\n    severity L037 error\n");
        let findings = check_as_of(LogFormat::Toml, &active(), &program, date(2025, 6, 1));
        let severities: Vec<_> = findings.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(
            severities,
            [("L037", Severity::Error), ("L035", Severity::Warning)]
        );
        let off = program_with("    severity L036 off\n");
        assert!(check_as_of(LogFormat::Toml, &active(), &off, date(2025, 2, 20)).is_empty());
    }

    #[test]
    fn dates_at_the_end_of_the_calendar_do_not_panic() {
        let text = active().replace("2025-", "9999-").replacen(
            "started = 9999-01-06",
            "started = 9999-12-31",
            1,
        );
        // The program's end is past the calendar: no `L037`. The sessions are dated before
        // `started` (`L013`) and the last of them more than 4 weeks before the day (`L035`).
        let findings = as_of(&text, date(9999, 12, 31));
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L013", "L013", "L013", "L013", "L013", "L035"]);
        let late = active().replace("2025-03-03", "9999-12-31");
        let codes: Vec<&str> = check(&late).iter().map(|f| f.code).collect();
        assert!(codes.contains(&"L036"), "{codes:?}");
    }

    fn paused(text: &str, exceptions: &str, day: Date) -> Vec<Finding> {
        check_excepted(text, PROGRAM_TEXT, exceptions, day)
    }

    #[test]
    fn a_pause_moves_the_next_session_and_the_programs_end_by_its_length() {
        // Session 5 on 2025-03-03: without the pause the next one was due by 2025-03-31, the
        // program's end. Paused 21 days from 2025-03-10, both move to 2025-04-21.
        let exceptions = pause("pair-017", "2025-03-10", "2025-03-31");
        let text = active();
        let codes_on = |day| codes_and_positions(&paused(&text, &exceptions, day));
        assert_eq!(
            codes_and_positions(&as_of(&text, date(2025, 4, 15))).len(),
            2
        );
        assert_eq!(codes_on(date(2025, 4, 15)), []);
        assert_eq!(codes_on(date(2025, 4, 21)), []);
        let findings = paused(&text, &exceptions, date(2025, 4, 22));
        assert_eq!(
            codes_and_positions(&findings),
            [("L037", 4, 11), ("L035", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].message,
            "no session held since session 5 on 2025-03-03, 50 days before 2025-04-22 (21 of them paused); the program allows at most 28 days (4 weeks) between sessions — the next one was due by 2025-04-21 (moved 21 days by a pause)"
        );
        assert_eq!(
            findings[0].message,
            "the pair is still active on 2025-04-22, 1 day after the program's end on 2025-04-21 (12 weeks from the start on 2025-01-06, moved 21 days by a pause)"
        );
        for finding in &findings {
            assert_eq!(
                finding.exception_labels,
                [(1, 1, "a pause of 21 days".to_owned())]
            );
        }
    }

    #[test]
    fn a_pair_inside_a_pause_is_not_inactive() {
        // Due by 2025-03-31; paused from 2025-04-10 to 2025-05-01: silent inside the pause
        // (`L037` still says the program ended), inactive again from the day it resumes.
        let exceptions = pause("pair-017", "2025-04-10", "2025-05-01");
        let inactive = |day| {
            paused(&active(), &exceptions, day)
                .into_iter()
                .filter(|f| f.code == "L035")
                .map(|f| f.message)
                .collect::<Vec<_>>()
        };
        assert_eq!(inactive(date(2025, 4, 9)).len(), 1);
        assert_eq!(inactive(date(2025, 4, 10)), Vec::<String>::new());
        assert_eq!(inactive(date(2025, 4, 30)), Vec::<String>::new());
        assert_eq!(
            inactive(date(2025, 5, 1)),
            [
                "no session held since session 5 on 2025-03-03, 59 days before 2025-05-01 (21 of them paused); the program allows at most 28 days (4 weeks) between sessions — the next one was due by 2025-03-31"
            ]
        );
    }
}
