//! Planned sessions (`L040`): a session with `status = "planned"` is on the calendar, not held.
//! Once its date (plus the program's `log sessions within N days`, else none) has passed as of
//! `as_of`, the pair owes the log what happened: held, cancelled or no-show.
//!
//! Only an active pair owes it: a completed, withdrawn or re-matched pair's remaining plans (a
//! skeleton lists every session the program could take) no longer stand. A plan dated after
//! `as_of` is fine, and a plan without a date is `L004` already.

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::SessionStatus;
use crate::rules;
use crate::schedule::unlogged_plan;
use crate::words;

pub(super) fn planned_sessions(cx: &mut LogContext<'_>) {
    if !crate::schedule::is_active(cx.log) {
        return;
    }
    let grace = cx.program.log_within.as_ref();
    let grace_days = grace.map_or(0, |g| g.days);
    for session in &cx.log.sessions {
        if session.session_status() != SessionStatus::Planned {
            continue;
        }
        let Some(date) = &session.date else {
            continue;
        };
        let Some(plan) = unlogged_plan(date.value, grace_days, cx.as_of) else {
            continue;
        };
        let since = words::plural(plan.days_since, "day");
        let due = match grace {
            Some(_) => format!(
                "the program allows {} to log a session, so it was due by {}",
                words::days_with_weeks(grace_days),
                plan.log_by
            ),
            None => format!("it was due to be logged on {}", plan.log_by),
        };
        let diagnostic = cx.report(
            &rules::PLANNED_SESSION_NOT_LOGGED,
            format!(
                "the planned session on {} was never logged: as of {}, {since} later, it is still planned; {due}",
                date.value, cx.as_of
            ),
            Label::new(date.span, format!("still planned {since} later")),
        );
        let mut help = "log what happened: set `status` to `held` (and give its `number`), \
                        `cancelled` or `no-show`, or change `date` if it was moved"
            .to_owned();
        match grace {
            Some(grace) => diagnostic
                .secondary
                .push(Label::new(grace.span, "the time to log a session")),
            None => help.push_str(
                "; the program has no `log sessions within N days` line, so a plan is due on its own date",
            ),
        }
        diagnostic.help = Some(help.into());
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, check_as_of, check_with, codes_and_positions, program_with,
    };
    use crate::diagnostic::Severity;
    use crate::log::LogFormat;

    /// [`COMPLIANT`], still active, with a planned session after its last one.
    fn with_plan(date: &str) -> String {
        let active = COMPLIANT.replacen("status  = \"completed\"", "status  = \"active\"", 1);
        format!("{active}\n[[sessions]]\ndate   = {date}\nstatus = \"planned\"\n")
    }

    fn plan_line() -> usize {
        COMPLIANT.lines().count() + 3
    }

    const GRACE: &str = "    log sessions within 3 days\n";

    fn day(d: i8) -> jiff::civil::Date {
        jiff::civil::date(2025, 3, d)
    }

    #[test]
    fn a_plan_past_its_grace_is_reported_at_its_date_and_the_grace_line() {
        let program = program_with(GRACE);
        let findings = check_as_of(LogFormat::Toml, &with_plan("2025-03-17"), &program, day(29));
        assert_eq!(
            codes_and_positions(&findings),
            [("L040", plan_line(), 10)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "the planned session on 2025-03-17 was never logged: as of 2025-03-29, 12 days later, it is still planned; the program allows 3 days to log a session, so it was due by 2025-03-20"
        );
        assert_eq!(findings[0].severity, Severity::Error);
        let grace_line = {
            let mut sources = crate::source::Sources::new();
            let id = sources.add("p", &program);
            let start = program.find("log sessions").unwrap_or(0);
            let lc = sources.line_column(crate::source::Span::new(id, start..start + 3));
            (lc.line, lc.column)
        };
        assert_eq!(findings[0].program_label, Some(grace_line));
    }

    #[test]
    fn a_plan_within_its_grace_or_in_the_future_is_fine() {
        let program = program_with(GRACE);
        let log = with_plan("2025-03-17");
        // Exactly at the limit: 3 days after the date.
        assert!(check_as_of(LogFormat::Toml, &log, &program, day(20)).is_empty());
        // Its own day, and before it.
        assert!(check_as_of(LogFormat::Toml, &log, &program, day(17)).is_empty());
        assert!(check_as_of(LogFormat::Toml, &log, &program, day(10)).is_empty());
        // One day past the limit.
        let late = check_as_of(LogFormat::Toml, &log, &program, day(21));
        assert_eq!(codes_and_positions(&late), [("L040", plan_line(), 10)]);
    }

    #[test]
    fn without_a_grace_line_a_plan_is_due_on_its_date_and_the_help_says_so() {
        let log = with_plan("2025-03-17");
        let reference = program_with("");
        assert!(check_as_of(LogFormat::Toml, &log, &reference, day(17)).is_empty());
        let findings = check_as_of(LogFormat::Toml, &log, &reference, day(18));
        assert_eq!(codes_and_positions(&findings), [("L040", plan_line(), 10)]);
        assert_eq!(
            findings[0].message,
            "the planned session on 2025-03-17 was never logged: as of 2025-03-18, 1 day later, it is still planned; it was due to be logged on 2025-03-17"
        );
        assert_eq!(findings[0].program_label, None);
        let help = findings[0].help.as_deref().unwrap_or("");
        assert!(
            help.contains("no `log sessions within N days` line"),
            "{help}"
        );
    }

    #[test]
    fn held_cancelled_and_no_show_sessions_are_logged_and_planned_ones_count_nowhere() {
        for status in ["cancelled", "no-show"] {
            let log = with_plan("2025-03-17").replace("\"planned\"", &format!("\"{status}\""));
            // As of the plan's day: within the program, and no gap too long yet.
            let findings = check_as_of(LogFormat::Toml, &log, &program_with(""), day(18));
            assert!(findings.is_empty(), "{status}: {findings:#?}");
        }
        // A planned session between held ones needs no number and breaks no numbering.
        let between = with_plan("2025-03-17").replacen(
            "[[sessions]]\nnumber  = 5",
            "[[sessions]]\ndate   = 2025-02-24\nstatus = \"planned\"\n\n[[sessions]]\nnumber  = 5",
            1,
        );
        assert!(between.contains("2025-02-24"));
        let findings = check_as_of(LogFormat::Toml, &between, &program_with(""), day(3));
        let line = between
            .lines()
            .position(|l| l.contains("2025-02-24"))
            .map_or(0, |i| i + 1);
        assert_eq!(
            codes_and_positions(&findings),
            [("L040", line, 10)],
            "{findings:#?}"
        );
    }

    #[test]
    fn a_plan_is_judged_as_a_cancelled_session_is_by_the_other_rules() {
        let program = program_with("");
        let codes = |log: &str| -> Vec<&'static str> {
            check_as_of(LogFormat::Toml, log, &program, day(10))
                .iter()
                .map(|f| f.code)
                .collect()
        };
        // A number on a planned session: only held sessions are numbered.
        let numbered = with_plan("2025-03-17")
            .replace("status = \"planned\"", "number = 6\nstatus = \"planned\"");
        assert_eq!(codes(&numbered), ["L012"]);
        // A milestone claimed in a planned session is evidenced by nothing.
        let claim = with_plan("2025-03-17").replace(
            "status = \"planned\"",
            "status = \"planned\"\nmilestones = [\"first-decision-review\"]",
        );
        assert_eq!(codes(&claim), ["L026"]);
        // Without a date, it is a missing date, not an unlogged plan.
        let undated = with_plan("2025-03-17").replace("date   = 2025-03-17\n", "");
        assert_eq!(codes(&undated), ["L004"]);
        // A plan between held sessions does not close a gap between them.
        let gap = with_plan("2025-03-31").replacen(
            "[[sessions]]\nnumber  = 5\ndate    = 2025-03-03",
            "[[sessions]]\ndate   = 2025-03-03\nstatus = \"planned\"\n\n[[sessions]]\nnumber  = 5\ndate    = 2025-03-10",
            1,
        );
        // Judged on the day of the held session after the plan (a grace keeps the plan itself
        // out of it), so no session lies in the future.
        let graced = program_with("log sessions within 30 days");
        let findings = check_as_of(LogFormat::Toml, &gap, &graced, day(10));
        assert!(findings.is_empty(), "{findings:#?}");
        let far = gap.replace("date    = 2025-03-10", "date    = 2025-03-24");
        let findings = check_as_of(LogFormat::Toml, &far, &graced, day(24));
        assert_eq!(
            findings.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L014"],
            "{findings:#?}"
        );
    }

    #[test]
    fn a_completed_withdrawn_or_re_matched_pair_owes_no_plan() {
        for status in ["completed", "withdrawn", "re-matched"] {
            let log = with_plan("2025-03-17").replacen(
                "status  = \"active\"",
                &format!("status  = \"{status}\""),
                1,
            );
            let codes: Vec<&str> = check_with(LogFormat::Toml, &log, &program_with(""))
                .iter()
                .map(|f| f.code)
                .collect();
            assert!(!codes.contains(&"L040"), "{status}: {codes:?}");
        }
    }

    #[test]
    fn severity_overrides_apply() {
        let program = program_with(&format!("{GRACE}    severity L040 warning\n"));
        let findings = check_as_of(LogFormat::Toml, &with_plan("2025-03-17"), &program, day(29));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Warning);
        let off = program_with("    severity planned-session-not-logged off\n");
        assert!(check_as_of(LogFormat::Toml, &with_plan("2025-03-17"), &off, day(29)).is_empty());
    }

    #[test]
    fn json_and_json_lines_logs_plan_too() {
        let json = r#"{"program": "senior-ic", "pair": "pair-1", "started": "2025-03-03", "sessions": [{"date": "2025-03-03", "status": "planned"}]}"#;
        let findings = check_as_of(LogFormat::Json, json, &program_with(""), day(4));
        let column = json.find("\"2025-03-03\", \"status\"").map_or(0, |c| c + 1);
        assert_eq!(codes_and_positions(&findings), [("L040", 1, column)]);
        let lines = format!("{json}\n{json}\n");
        let findings = check_as_of(LogFormat::JsonLines, &lines, &program_with(""), day(4));
        assert_eq!(
            codes_and_positions(&findings),
            [("L040", 1, column), ("L040", 2, column)]
        );
        assert!(check_as_of(LogFormat::Json, json, &program_with(""), day(3)).is_empty());
    }
}
