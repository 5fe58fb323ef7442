//! Streaks (`L039`): with `missed sessions at most N in a row`, no more than N sessions one
//! after another in a log's list are `cancelled` or `no-show`. It has a file of its own rather
//! than a place in `sequence.rs`: that file checks how sessions are numbered and dated, this one
//! what a run of sessions says about the pair (and the cohort report's "on a streak" reads the
//! same `schedule::missed_streaks`). A missed session dated inside an approved pause neither
//! counts nor ends a run.

use super::{LogContext, pause_labels};
use crate::diagnostic::Label;
use crate::log::{Session, SessionStatus};
use crate::rules;
use crate::schedule::{missed_streaks, pauses_between};
use crate::words;

/// `L039`: each run of more than N missed sessions, labelled from its first session to the
/// status of its last.
pub(super) fn missed_sessions(cx: &mut LogContext<'_>) {
    let Some(rule) = &cx.program.missed_sessions else {
        return;
    };
    let at_most = rule.at_most;
    let rule_span = rule.span;
    for streak in missed_streaks(cx.log, at_most, cx.exceptions) {
        let (Some(first), Some(last)) = (streak.first(), streak.last()) else {
            continue;
        };
        let end = last.status.as_ref().map_or(last.span, |s| s.span);
        // Missed sessions inside an approved pause were left out of the run: name the pauses
        // that left one out (not every pause between its first and last session).
        let pauses = match (&first.date, &last.date) {
            (Some(from), Some(to)) => {
                let left_out: Vec<jiff::civil::Date> = cx
                    .log
                    .sessions
                    .iter()
                    .filter(|s| {
                        matches!(
                            s.session_status(),
                            SessionStatus::Cancelled | SessionStatus::NoShow
                        )
                    })
                    .filter_map(|s| s.date.as_ref().map(|d| d.value))
                    .filter(|day| (from.value..=to.value).contains(day))
                    .collect();
                let mut pauses = pauses_between(cx.exceptions, from.value, to.value);
                pauses.retain(|pause| left_out.iter().any(|day| pause.contains(*day)));
                pauses
            }
            _ => Vec::new(),
        };
        let count = |status| {
            streak
                .iter()
                .filter(|s| s.session_status() == status)
                .count()
        };
        let kinds: Vec<String> = [
            (count(SessionStatus::Cancelled), "cancelled"),
            (count(SessionStatus::NoShow), "no-show"),
        ]
        .into_iter()
        .filter(|&(n, _)| n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        let allowed = if at_most == 0 {
            "no missed session".to_owned()
        } else {
            format!("at most {at_most} in a row")
        };
        let kinds = kinds.join(", ");
        let (what, label) = match streak.len() {
            1 => (
                format!("a session was missed ({kinds}) on {}", when(first)),
                "missed".to_owned(),
            ),
            n => (
                format!(
                    "{} in a row were missed ({kinds}), from {} to {}",
                    words::plural(i64::try_from(n).unwrap_or(i64::MAX), "session"),
                    when(first),
                    when(last)
                ),
                format!("{n} missed in a row"),
            ),
        };
        let finding = cx.report(
            &rules::MISSED_SESSIONS_STREAK,
            format!("{what}; the program allows {allowed}"),
            Label::new(first.span.to(end), label),
        );
        finding
            .secondary
            .push(Label::new(rule_span, "the missed-sessions rule"));
        finding.secondary.extend(pause_labels(&pauses));
        if let Some(found) = cx.found.last_mut() {
            found.help = Some(
                "hold the next session, or mark the pair `status = \"withdrawn\"` if it has stopped meeting"
                    .into(),
            );
        }
    }
}

/// A session of a streak as the message names it: its date, or its place in the list.
fn when(session: &Session) -> String {
    match &session.date {
        Some(date) => date.value.to_string(),
        None => format!("session entry {}", session.index + 1),
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, check_excepted, check_with, codes_and_positions, compliant_with, pause,
        program_with,
    };
    use crate::diagnostic::Severity;
    use crate::log::LogFormat;

    const RULE: &str = "    missed sessions at most 2 in a row\n";

    /// `statuses` as sessions between held sessions 1 and 2 of the compliant log, dated a
    /// day apart from 2025-01-07.
    fn with_missed(statuses: &[&str]) -> String {
        let entries: String = statuses
            .iter()
            .enumerate()
            .map(|(i, status)| {
                format!(
                    "[[sessions]]\ndate   = 2025-01-{:02}\nstatus = \"{status}\"\n\n",
                    7 + i
                )
            })
            .collect();
        compliant_with(
            "[[sessions]]\nnumber  = 2",
            &format!("{entries}[[sessions]]\nnumber  = 2"),
        )
    }

    fn codes(findings: &[crate::check::log::test_support::Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.code).collect()
    }

    #[test]
    fn a_run_longer_than_the_limit_is_reported_over_its_sessions() {
        let log = with_missed(&["cancelled", "no-show", "cancelled"]);
        let findings = check_with(LogFormat::Toml, &log, &program_with(RULE));
        // Sessions 1 (line 7) … then the streak's first `[[sessions]]` on line 13.
        assert_eq!(
            codes_and_positions(&findings),
            [("L039", 13, 1)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "3 sessions in a row were missed (2 cancelled, 1 no-show), from 2025-01-07 to 2025-01-09; the program allows at most 2 in a row"
        );
        let rule_line = program_with(RULE).lines().count() - 1;
        assert_eq!(findings[0].program_label, Some((rule_line, 5)));
        assert_eq!(findings[0].severity, Severity::Error);
    }

    #[test]
    fn a_run_at_the_limit_or_broken_by_a_held_session_complies() {
        let program = program_with(RULE);
        let at_limit = with_missed(&["cancelled", "no-show"]);
        assert!(check_with(LogFormat::Toml, &at_limit, &program).is_empty());
        // Two missed before session 2 and two after it: two runs of two.
        let two_runs = with_missed(&["cancelled", "no-show"]).replacen(
            "[[sessions]]\nnumber     = 3",
            "[[sessions]]\ndate   = 2025-01-21\nstatus = \"cancelled\"\n\n[[sessions]]\ndate   = 2025-01-22\nstatus = \"cancelled\"\n\n[[sessions]]\nnumber     = 3",
            1,
        );
        let findings = check_with(LogFormat::Toml, &two_runs, &program);
        assert!(findings.is_empty(), "{findings:#?}");
        // Without the rule, no run is too long.
        let log = with_missed(&["cancelled", "no-show", "cancelled"]);
        assert!(!codes(&check_with(LogFormat::Toml, &log, &program_with(""))).contains(&"L039"));
    }

    #[test]
    fn at_most_0_reports_every_missed_session_once_per_run() {
        let program = program_with("    missed sessions at most 0 in a row\n");
        let log = with_missed(&["no-show", "no-show"]);
        let findings = check_with(LogFormat::Toml, &log, &program);
        assert_eq!(codes(&findings), ["L039"], "{findings:#?}");
        assert_eq!(
            findings[0].message,
            "2 sessions in a row were missed (2 no-show), from 2025-01-07 to 2025-01-08; the program allows no missed session"
        );
        assert!(check_with(LogFormat::Toml, COMPLIANT, &program).is_empty());
        let one = check_with(LogFormat::Toml, &with_missed(&["cancelled"]), &program);
        assert_eq!(
            one[0].message,
            "a session was missed (1 cancelled) on 2025-01-07; the program allows no missed session"
        );
    }

    #[test]
    fn a_misspelt_status_ends_a_run_and_is_reported_once() {
        let log = with_missed(&["cancelled", "canceled", "cancelled"]);
        let findings = check_with(LogFormat::Toml, &log, &program_with(RULE));
        assert_eq!(codes(&findings), ["L003"], "{findings:#?}");
    }

    #[test]
    fn severity_overrides_apply() {
        let log = with_missed(&["cancelled", "cancelled", "cancelled"]);
        let program = program_with(&format!(
            "{RULE}    severity missed-sessions-streak warning\n"
        ));
        let findings = check_with(LogFormat::Toml, &log, &program);
        assert_eq!(
            findings.iter().map(|f| f.severity).collect::<Vec<_>>(),
            [Severity::Warning]
        );
    }

    #[test]
    fn a_streak_in_json_spans_its_sessions() {
        let json = r#"{"program": "senior-ic", "pair": "pair-1", "started": "2025-01-06", "status": "withdrawn", "sessions": [{"date": "2025-01-06", "status": "no-show"}, {"date": "2025-01-13", "status": "cancelled"}, {"date": "2025-01-20", "status": "no-show"}]}"#;
        let findings = check_with(LogFormat::Json, json, &program_with(RULE));
        assert_eq!(codes(&findings), ["L039"], "{findings:#?}");
        let first = json.find("{\"date\"").map_or(0, |c| c + 1);
        assert_eq!(findings[0].at, (1, first));
    }

    #[test]
    fn missed_sessions_inside_a_pause_do_not_count() {
        // Missed on 2025-01-07, 08 and 09; the pair was paused on the 8th.
        let log = with_missed(&["cancelled", "no-show", "cancelled"]);
        let program = program_with(RULE);
        let as_of = crate::check::log::test_support::as_of();
        let one_day = pause("pair-017", "2025-01-08", "2025-01-09");
        let findings = check_excepted(&log, &program, &one_day, as_of);
        assert!(findings.is_empty(), "{findings:#?}");
        // Around the pause, the run goes on: four missed, one of them paused, is three.
        let four = with_missed(&["cancelled", "no-show", "cancelled", "no-show"]);
        let findings = check_excepted(&four, &program, &one_day, as_of);
        assert_eq!(codes(&findings), ["L039"], "{findings:#?}");
        assert_eq!(
            findings[0].message,
            "3 sessions in a row were missed (2 cancelled, 1 no-show), from 2025-01-07 to 2025-01-10; the program allows at most 2 in a row"
        );
        assert_eq!(
            findings[0].exception_labels,
            [(1, 1, "a pause of 1 day".to_owned())]
        );
    }
}
