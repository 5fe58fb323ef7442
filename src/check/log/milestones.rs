//! Milestones (`L026`–`L029`, `L041`): each claim needs its evidence (and a held session) and meets its
//! deadline; an unclaimed milestone is overdue once its deadline has passed as of `as_of`, or
//! unmet when the pair is marked completed. A pair that ended early (withdrawn or re-matched)
//! owes nothing, and neither does a log whose track is unknown (`L007` says why). Before an unclaimed milestone's deadline, an
//! active pair whose own pace will not reach it in time has it at risk (`L041`, a forecast).
//! Deadlines, evidence and forecasts are read from `crate::schedule`, as the cohort report
//! reads them. A pair's deadline is the one `schedule::milestone_due` gives: an approved
//! extension's date, else the program's, with `due by week N`/`due by date D` moved by the
//! pair's approved pauses; a finding about a moved deadline says so and points at the entries.

use super::{LogContext, pause_labels};
use crate::diagnostic::{Diagnostic, Label};
use crate::log::{PairStatus, Session, Spanned};
use crate::model::{Deadline, Milestone};
use crate::rules;
use crate::schedule::{
    Activity, Due, Moved, claimed_with_evidence, evidence_shortfall, last_activity, lateness,
    milestone_at_risk_due, milestone_due, session_reached,
};
use crate::words::{self, quote_id};

/// Claims (evidence, deadline) and unclaimed milestones (overdue, or unmet at completion).
pub(super) fn milestones(cx: &mut LogContext<'_>) {
    // Taken out while the rules below report into `cx`, and put back.
    let applicable = std::mem::take(&mut cx.applicable_milestones);
    milestones_owed(cx, &applicable);
    cx.applicable_milestones = applicable;
}

/// [`milestones`] over `applicable`, the milestones the log's track owes.
fn milestones_owed(cx: &mut LogContext<'_>, applicable: &[&Milestone]) {
    let mut claimed: Vec<&str> = Vec::new();
    for session in &cx.log.sessions {
        for claim in &session.milestones {
            let Some(milestone) = applicable.iter().find(|m| m.id == claim.value) else {
                continue; // reported by `unknown-milestone`
            };
            if !session.is_held() {
                cx.report(
                    &rules::MILESTONE_WITHOUT_EVIDENCE,
                    format!(
                        "{} claims milestone `{}`, but a session that was not held evidences nothing",
                        session.describe(),
                        milestone.id
                    ),
                    Label::new(claim.span, "claimed in a session not held"),
                )
                .about_milestone(&milestone.id);
                continue;
            }
            if !claimed.contains(&milestone.id.as_str()) {
                claimed.push(milestone.id.as_str());
            }
            evidence(cx, session, claim, milestone);
            claimed_late(cx, session, claim, milestone);
        }
    }
    // Nothing is owed when the pair ended early (withdrew, or was re-matched: its mentee's new
    // pair owes them), or when the milestones it owes are unknown because its track is (a
    // misspelt track would make every track milestone "missing").
    if cx.log.pair_status().ended_early() || cx.track_unknown() {
        return;
    }
    for milestone in applicable
        .iter()
        .filter(|m| !claimed.contains(&m.id.as_str()))
    {
        if cx.log.pair_status() == PairStatus::Completed {
            unmet_at_completion(cx, milestone);
        } else {
            overdue(cx, milestone);
        }
    }
    for milestone in applicable {
        at_risk(cx, milestone);
    }
}

fn evidence(
    cx: &mut LogContext<'_>,
    session: &Session,
    claim: &Spanned<String>,
    milestone: &Milestone,
) {
    let shortfall = evidence_shortfall(cx.program, session, milestone);
    let Some(shortfall) = shortfall else {
        return;
    };
    let rule_span = milestone.evidence_span.unwrap_or(milestone.span);
    cx.report(
        &rules::MILESTONE_WITHOUT_EVIDENCE,
        format!(
            "{} claims milestone `{}` but {}",
            session.describe(),
            milestone.id,
            words::shortfall(shortfall)
        ),
        Label::new(claim.span, "claimed without its evidence"),
    )
    .about_milestone(&milestone.id)
    .secondary
    .push(Label::new(rule_span, "the evidence the milestone requires"));
}

/// Adds the program's deadline label and, when an exception moved the deadline, labels on the
/// entries that moved it.
fn label_deadline(finding: &mut Diagnostic, milestone: &Milestone, due: Option<&Due<'_>>) {
    let rule_span = milestone.due_span.unwrap_or(milestone.span);
    finding
        .secondary
        .push(Label::new(rule_span, "the deadline"));
    match due {
        Some(Due::ByDay {
            moved: Moved::Paused { pauses, .. },
            ..
        }) => finding.secondary.extend(pause_labels(pauses)),
        Some(Due::ByDay {
            moved: Moved::Extended(extension),
            ..
        }) => finding.secondary.push(Label::new(
            extension.approval.span,
            "the approved extension",
        )),
        _ => {}
    }
}

fn claimed_late(
    cx: &mut LogContext<'_>,
    session: &Session,
    claim: &Spanned<String>,
    milestone: &Milestone,
) {
    let (Some(deadline), Some(due)) = (
        milestone.due,
        milestone_due(cx.log, milestone, cx.exceptions),
    ) else {
        return;
    };
    let Some(late) = lateness(session, &due) else {
        return;
    };
    // Once a claim with its evidence met the deadline, claiming it again later is no lateness
    // (and `mentor report` counts the milestone met on time). (Asked only of a late claim:
    // finding the claim reads every session.)
    if claimed_with_evidence(cx.program, cx.log, milestone, cx.exceptions) == Some(true) {
        return;
    }
    let finding = cx
        .report(
            &rules::MILESTONE_LATE,
            format!(
                "milestone `{}` is claimed in {}; it was due {}",
                milestone.id,
                words::late_claim(session, late),
                words::deadline(deadline, Some(&due))
            ),
            Label::new(claim.span, "claimed late"),
        )
        .about_milestone(&milestone.id);
    label_deadline(finding, milestone, Some(&due));
}

fn overdue(cx: &mut LogContext<'_>, milestone: &Milestone) {
    let (Some(deadline), Some(due)) = (
        milestone.due,
        milestone_due(cx.log, milestone, cx.exceptions),
    ) else {
        return; // no deadline, or no `started` date for it: reported by `missing-log-field`
    };
    let (message, primary) = match &due {
        Due::BySession(last) => {
            let last = *last;
            let Some((session, number)) = session_reached(cx.log, last, cx.as_of) else {
                return; // session `last` has not been held (as of `as_of`) yet
            };
            let when = session
                .date
                .as_ref()
                .map(|d| format!(" on {}", d.value))
                .unwrap_or_default();
            (
                format!(
                    "milestone `{}` is overdue: it was due by session {last}, and session {}{when} was held without a claim",
                    milestone.id, number.value
                ),
                Label::new(
                    session.span,
                    format!("no session up to here claims `{}`", milestone.id),
                ),
            )
        }
        Due::ByDay { date, moved } => {
            if *date >= cx.as_of {
                return; // the deadline is still ahead
            }
            let primary = match (&cx.log.started, deadline, moved) {
                (Some(started), Deadline::ByWeek(_), Moved::No | Moved::Paused { .. }) => {
                    Label::new(started.span, "the deadline counts from here")
                }
                _ => Label::new(cx.log.span, format!("no session claims `{}`", milestone.id)),
            };
            (
                format!(
                    "milestone `{}` is overdue: it was due {} and no session claims it as of {}",
                    milestone.id,
                    words::deadline(deadline, Some(&due)),
                    cx.as_of
                ),
                primary,
            )
        }
    };
    let finding = cx
        .report(&rules::MILESTONE_OVERDUE, message, primary)
        .about_milestone(&milestone.id);
    label_deadline(finding, milestone, Some(&due));
}

/// An unclaimed milestone whose deadline is ahead, but which the pair's pace will not reach in
/// time (`schedule::forecast`: only active pairs, only future deadlines).
fn at_risk(cx: &mut LogContext<'_>, milestone: &Milestone) {
    let Some(due) = milestone_due(cx.log, milestone, cx.exceptions) else {
        return;
    };
    let Some(forecast) =
        milestone_at_risk_due(cx.program, cx.log, milestone, &due, cx.as_of, cx.exceptions)
    else {
        return;
    };
    let pace = words::pace(forecast.pace_days, forecast.basis);
    let message = match due {
        Due::BySession(n) => format!(
            "milestone `{}` is at risk: it is due by session {n}, and at {pace}, session {n} falls around {}, after the program's end {}",
            milestone.id, forecast.projected, forecast.deadline
        ),
        Due::ByDay { .. } => format!(
            "milestone `{}` is at risk: at {pace}, session {} falls around {}, after its deadline {}{}",
            milestone.id,
            forecast.session,
            forecast.projected,
            forecast.deadline,
            words::moved_note(&due)
        ),
    };
    let primary = match last_activity(cx.log, cx.as_of) {
        Some(Activity::Held(_, date)) => Label::new(date.span, "the pace counts on from here"),
        Some(Activity::Started(started)) => {
            Label::new(started.span, "the pace counts on from here")
        }
        None => Label::new(cx.log.span, "the pace counts on from here"),
    };
    let finding = cx
        .report(&rules::MILESTONE_AT_RISK, message, primary)
        .about_milestone(&milestone.id);
    label_deadline(finding, milestone, Some(&due));
}

fn unmet_at_completion(cx: &mut LogContext<'_>, milestone: &Milestone) {
    let Some(status) = &cx.log.status else {
        return;
    };
    let pair = cx.log.pair.as_ref().map_or_else(
        || "the pair".to_owned(),
        |p| format!("pair {}", quote_id(&p.value)),
    );
    cx.report(
        &rules::COMPLETED_WITH_UNMET_MILESTONES,
        format!(
            "{pair} is marked completed, but no session claims milestone `{}`",
            milestone.id
        ),
        Label::new(status.span, "marked completed"),
    )
    .about_milestone(&milestone.id)
    .secondary
    .push(Label::new(milestone.span, "the milestone"));
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, Finding, PROGRAM_TEXT, check, check_as_of, check_excepted, check_with,
        codes_and_positions, compliant_with, extension, pause, program_replacing, program_with,
    };
    use crate::log::LogFormat;
    use jiff::civil::Date;

    #[test]
    fn milestones_late_overdue_and_at_completion() {
        // The decision review claimed in session 5 (late), the influence reflection never.
        let text = compliant_with("milestones = [\"first-decision-review\"]\n", "")
            .replacen("milestones = [\"influence-reflection\"]\n", "", 1)
            .replacen(
                "lens    = \"decision-review\"",
                "lens    = \"decision-review\"\nmilestones = [\"first-decision-review\"]",
                1,
            )
            .replacen("status  = \"completed\"", "status  = \"active\"", 1);
        let findings = check(&text);
        // Still active a year and a half later: stalled (`L035`) and past its 12 weeks (`L037`).
        assert_eq!(
            codes_and_positions(&findings),
            [
                ("L028", 4, 11),
                ("L037", 4, 11),
                ("L035", 45, 11),
                ("L027", 48, 15)
            ],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "milestone `influence-reflection` is overdue: it was due by week 10 (2025-03-17) and no session claims it as of 2026-11-23"
        );
        assert_eq!(
            findings[3].message,
            "milestone `first-decision-review` is claimed in session 5; it was due by session 4"
        );
        let completed = check(&text.replacen("status  = \"active\"", "status  = \"completed\"", 1));
        assert_eq!(
            codes_and_positions(&completed),
            [("L029", 5, 11), ("L027", 48, 15)],
            "{completed:#?}"
        );
    }

    #[test]
    fn a_milestone_met_in_time_may_be_claimed_again_later() {
        // Session 3 meets `first-decision-review`; session 5 claims it again, after session 4.
        let text = compliant_with(
            "lens    = \"decision-review\"\noutcome = \"behavior\"",
            "lens    = \"decision-review\"\nmilestones = [\"first-decision-review\"]\noutcome = \"behavior\"",
        );
        assert_eq!(codes_and_positions(&check(&text)), []);
        // Without the claim in time, the late one is reported.
        let late_only = text.replacen("milestones = [\"first-decision-review\"]\n", "", 1);
        assert_eq!(codes_and_positions(&check(&late_only)), [("L027", 49, 15)]);
    }

    #[test]
    fn future_deadlines_are_not_violations() {
        // As of 2025-03-10, the influence reflection (due by week 10, 2025-03-17) is ahead.
        let text = compliant_with("milestones = [\"influence-reflection\"]\n", "").replacen(
            "status  = \"completed\"",
            "status  = \"active\"",
            1,
        );
        let findings = check_as_of(
            LogFormat::Toml,
            &text,
            PROGRAM_TEXT,
            jiff::civil::date(2025, 3, 10),
        );
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn a_session_deadline_passes_when_its_session_was_held_by_as_of() {
        // Session 4 (the deadline of `first-decision-review`) is dated 2025-02-17.
        let text = compliant_with("milestones = [\"first-decision-review\"]\n", "")
            .replacen("status  = \"completed\"", "status  = \"active\"", 1)
            .replacen("milestones = [\"influence-reflection\"]\n", "", 1);
        // The sessions dated after the day are `L036` (`activity.rs`), left out here.
        let codes_as_of = |day: Date| {
            check_as_of(LogFormat::Toml, &text, PROGRAM_TEXT, day)
                .into_iter()
                .filter(|f| f.code != "L036")
                .map(|f| (f.code, f.message))
                .collect::<Vec<_>>()
        };
        // As of the day before session 4, neither deadline has passed.
        assert_eq!(codes_as_of(jiff::civil::date(2025, 2, 16)), []);
        let on_the_day = codes_as_of(jiff::civil::date(2025, 2, 17));
        assert_eq!(on_the_day.len(), 1, "{on_the_day:?}");
        assert!(
            on_the_day[0]
                .1
                .starts_with("milestone `first-decision-review` is overdue")
        );
    }

    #[test]
    fn date_deadlines_and_review_evidence() {
        let program = program_replacing(
            "        due by week 10\n        evidence lens influence-review\n",
            "        due by date 2025-02-10\n        evidence review\n",
        );
        let findings = check_with(LogFormat::Toml, COMPLIANT, &program);
        assert_eq!(
            codes_and_positions(&findings),
            [("L026", 37, 15), ("L027", 37, 15)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 4 claims milestone `influence-reflection` but is not a review (`kind = \"review\"`)"
        );
        assert_eq!(
            findings[1].message,
            "milestone `influence-reflection` is claimed in session 4 on 2025-02-17, 7 days after the deadline; it was due by 2025-02-10"
        );
    }

    #[test]
    fn track_milestones_replace_the_programs() {
        let program = program_with(
            r#"    track engineering "Engineering" {
        milestone first-design-review "A design reviewed" replaces first-decision-review {
            due by session 5
            evidence lens decision-review
        }
    }
"#,
        );
        let on_track = compliant_with(
            "status  = \"completed\"",
            "status  = \"completed\"\ntrack   = \"engineering\"",
        );
        let findings = check_with(LogFormat::Toml, &on_track, &program);
        assert_eq!(
            codes_and_positions(&findings),
            [("L029", 5, 11), ("L010", 25, 15)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].message,
            "session 3 claims milestone `first-decision-review`, which does not apply to track `engineering`"
        );
        assert_eq!(
            findings[1].help.as_deref(),
            Some("did you mean `first-design-review`?")
        );
        let claimed = on_track.replacen(
            "[\"first-decision-review\"]",
            "[\"first-design-review\"]",
            1,
        );
        assert!(check_with(LogFormat::Toml, &claimed, &program).is_empty());
        // A misspelt track is one mistake: its milestones are not judged against the program's.
        let misspelt = claimed.replacen("\"engineering\"", "\"enginering\"", 1);
        let findings = check_with(LogFormat::Toml, &misspelt, &program);
        assert_eq!(
            findings.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L007"],
            "{findings:#?}"
        );
    }

    #[test]
    fn pairs_that_ended_early_owe_no_milestones() {
        let unclaimed = compliant_with("milestones = [\"influence-reflection\"]\n", "");
        // Completed without the claim, the milestone is unmet; ended early, it is not owed.
        let completed = check(&unclaimed);
        assert_eq!(
            completed.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L029"],
            "{completed:#?}"
        );
        for status in ["withdrawn", "re-matched"] {
            let ended = unclaimed.replacen(
                "status  = \"completed\"",
                &format!("status  = \"{status}\""),
                1,
            );
            assert!(check(&ended).is_empty(), "{status}: {:#?}", check(&ended));
        }
    }

    /// The reference log, still active, without its claim of `influence-reflection`.
    fn unclaimed_influence() -> String {
        compliant_with("milestones = [\"influence-reflection\"]\n", "").replacen(
            "status  = \"completed\"",
            "status  = \"active\"",
            1,
        )
    }

    fn line_of(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .expect("present")
            + 1
    }

    #[test]
    fn a_date_deadline_the_pace_misses_is_at_risk() {
        // Five sessions from 2025-01-06 to 2025-03-03: 56 days over 4 gaps, one every 14 days.
        // As of 2025-03-10, session 6 falls on 2025-03-03 + 14 = 2025-03-17, one day late.
        let text = unclaimed_influence();
        let program = program_replacing("due by week 10", "due by date 2025-03-16");
        let as_of = jiff::civil::date(2025, 3, 10);
        let findings = check_as_of(LogFormat::Toml, &text, &program, as_of);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].code, "L041");
        assert_eq!(findings[0].severity, crate::diagnostic::Severity::Warning);
        assert_eq!(
            findings[0].message,
            "milestone `influence-reflection` is at risk: at one session every 14 days (the mean gap of 5 held sessions), session 6 falls around 2025-03-17, after its deadline 2025-03-16"
        );
        // The pace counts on from the last held session; the deadline is the program's line.
        assert_eq!(findings[0].at.0, line_of(&text, "2025-03-03"));
        assert_eq!(
            findings[0].program_label.map(|l| l.0),
            Some(line_of(&program, "due by date 2025-03-16"))
        );
        // Week 10 (2025-03-17) is met on the day: the twin is silent (`future_deadlines_…`).
        assert!(check_as_of(LogFormat::Toml, &text, PROGRAM_TEXT, as_of).is_empty());
        // Overridden severity, and no forecast for a claimed milestone or a passed deadline.
        let severe = program.replacen(
            "    version",
            "    severity milestone-at-risk error\n    version",
            1,
        );
        let findings = check_as_of(LogFormat::Toml, &text, &severe, as_of);
        assert_eq!(
            findings.iter().map(|f| f.severity).collect::<Vec<_>>(),
            [crate::diagnostic::Severity::Error]
        );
        let claimed = compliant_with("status  = \"completed\"", "status  = \"active\"");
        assert!(check_as_of(LogFormat::Toml, &claimed, &program, as_of).is_empty());
        let passed = check_as_of(
            LogFormat::Toml,
            &text,
            &program,
            jiff::civil::date(2025, 3, 17),
        );
        assert_eq!(
            passed.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L028"],
            "{passed:#?}"
        );
    }

    #[test]
    fn a_session_deadline_is_at_risk_when_its_session_falls_after_the_programs_end() {
        // Sessions 1 and 2, 42 days apart: session 4 falls on 2025-02-17 + 2 × 42 = 2025-05-12,
        // after the program's end (2025-01-06 + 12 weeks = 2025-03-31).
        let text = "program = \"senior-ic\"\nversion = \"2025.1\"\npair    = \"pair-017\"\nstarted = 2025-01-06\nstatus  = \"active\"\n\n[[sessions]]\nnumber  = 1\ndate    = 2025-01-06\nminutes = 60\noutcome = \"assumption\"\n\n[[sessions]]\nnumber  = 2\ndate    = 2025-02-17\nminutes = 50\noutcome = \"behavior\"\n";
        let as_of = jiff::civil::date(2025, 2, 20);
        let findings = check_as_of(LogFormat::Toml, text, PROGRAM_TEXT, as_of);
        let at_risk: Vec<_> = findings.iter().filter(|f| f.code == "L041").collect();
        assert_eq!(at_risk.len(), 2, "{findings:#?}");
        assert_eq!(
            at_risk[0].message,
            "milestone `first-decision-review` is at risk: it is due by session 4, and at one session every 42 days (the mean gap of 2 held sessions), session 4 falls around 2025-05-12, after the program's end 2025-03-31"
        );
        assert_eq!(
            at_risk[1].message,
            "milestone `influence-reflection` is at risk: at one session every 42 days (the mean gap of 2 held sessions), session 3 falls around 2025-03-31, after its deadline 2025-03-17"
        );
        // A withdrawn, re-matched or completed pair, and an unknown track, are never forecast.
        for status in ["withdrawn", "re-matched", "completed"] {
            let done = text.replacen("\"active\"", &format!("\"{status}\""), 1);
            let findings = check_as_of(LogFormat::Toml, &done, PROGRAM_TEXT, as_of);
            assert!(findings.iter().all(|f| f.code != "L041"), "{findings:#?}");
        }
        let unknown = text.replacen(
            "status  = \"active\"",
            "status  = \"active\"\ntrack   = \"nope\"",
            1,
        );
        let findings = check_as_of(LogFormat::Toml, &unknown, PROGRAM_TEXT, as_of);
        assert!(findings.iter().all(|f| f.code != "L041"), "{findings:#?}");
    }

    /// The findings of `code` for `text` with `exceptions`, as of `day`.
    fn excepted(text: &str, exceptions: &str, day: Date, code: &str) -> Vec<Finding> {
        check_excepted(text, PROGRAM_TEXT, exceptions, day)
            .into_iter()
            .filter(|f| f.code == code)
            .collect()
    }

    #[test]
    fn a_pause_moves_a_week_deadline_by_its_length() {
        // Due by week 10, 2025-03-17; paused 21 days from 2025-02-24: due by 2025-04-07.
        let text = unclaimed_influence();
        let exceptions = pause("pair-017", "2025-02-24", "2025-03-17");
        let d = |m, day| jiff::civil::date(2025, m, day);
        assert_eq!(
            excepted(&text, "", d(3, 18), "L028").len(),
            1,
            "without the pause, overdue the day after week 10"
        );
        assert!(excepted(&text, &exceptions, d(3, 18), "L028").is_empty());
        let findings = check_excepted(&text, PROGRAM_TEXT, &exceptions, d(4, 7));
        assert!(findings.is_empty(), "{findings:#?}");
        let overdue = excepted(&text, &exceptions, d(4, 8), "L028");
        assert_eq!(overdue.len(), 1, "{overdue:#?}");
        assert_eq!(
            overdue[0].message,
            "milestone `influence-reflection` is overdue: it was due by 2025-04-07 (week 10, moved 21 days by a pause) and no session claims it as of 2025-04-08"
        );
        assert_eq!(overdue[0].at, (4, 11));
        assert_eq!(
            overdue[0].exception_labels,
            [(1, 1, "a pause of 21 days".to_owned())]
        );
        // A pause that starts after the deadline does not move it.
        let later = pause("pair-017", "2025-03-18", "2025-04-08");
        let overdue = excepted(&text, &later, d(3, 18), "L028");
        assert_eq!(
            overdue[0].message,
            "milestone `influence-reflection` is overdue: it was due by week 10 (2025-03-17) and no session claims it as of 2025-03-18"
        );
    }

    #[test]
    fn a_claim_after_the_stated_deadline_is_in_time_within_a_pauses_move() {
        // The influence reflection claimed in session 5 (2025-03-03) against `due by date
        // 2025-02-20`: 11 days late, unless a pause of 14 days before it moves the date.
        let program = program_replacing("due by week 10", "due by date 2025-02-20");
        let text = compliant_with("milestones = [\"influence-reflection\"]\n", "").replacen(
            "lens    = \"decision-review\"\noutcome = \"behavior\"",
            "lens    = \"influence-review\"\nmilestones = [\"influence-reflection\"]\noutcome = \"behavior\"",
            1,
        ).replacen("chose         = \"private text nine\"\noptimized-for = \"private text ten\"\ntrade-off     = \"private text eleven\"\nframing       = \"private text twelve\"", "who           = \"private text nine\"\nwhy           = \"private text ten\"\nwhat-happened = \"private text eleven\"\nmisread       = \"private text twelve\"", 1);
        let late = check_with(LogFormat::Toml, &text, &program);
        assert_eq!(
            late.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L027"],
            "{late:#?}"
        );
        let as_of = crate::check::log::test_support::as_of();
        let short = pause("pair-017", "2025-02-03", "2025-02-10");
        let findings = check_excepted(&text, &program, &short, as_of);
        assert_eq!(
            findings[0].message,
            "milestone `influence-reflection` is claimed in session 5 on 2025-03-03, 4 days after the deadline; it was due by 2025-02-27 (2025-02-20, moved 7 days by a pause)"
        );
        let long = pause("pair-017", "2025-02-03", "2025-02-17");
        let findings = check_excepted(&text, &program, &long, as_of);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn an_extension_moves_one_milestones_deadline_for_one_pair() {
        let text = unclaimed_influence();
        let d = |m, day| jiff::civil::date(2025, m, day);
        let exceptions = extension("pair-017", "influence-reflection", "2025-05-30");
        assert!(excepted(&text, &exceptions, d(5, 30), "L028").is_empty());
        let overdue = excepted(&text, &exceptions, d(5, 31), "L028");
        assert_eq!(overdue.len(), 1, "{overdue:#?}");
        assert_eq!(
            overdue[0].message,
            "milestone `influence-reflection` is overdue: it was due by 2025-05-30 (moved from week 10 by an approved extension) and no session claims it as of 2025-05-31"
        );
        assert_eq!(
            overdue[0].exception_labels,
            [(1, 1, "the approved extension".to_owned())]
        );
        // Another pair's extension, or another milestone's, leaves this deadline alone.
        for other in [
            extension("pair-018", "influence-reflection", "2025-05-30"),
            extension("pair-017", "first-decision-review", "2025-05-30"),
        ] {
            let overdue = excepted(&text, &other, d(3, 18), "L028");
            assert_eq!(overdue.len(), 1, "{other}");
            assert!(overdue[0].message.contains("by week 10 (2025-03-17)"));
        }
        // A session deadline extended to a date: session 5 on 2025-03-03 claims it in time, or
        // late by the days after the date.
        let late_claim = compliant_with("milestones = [\"first-decision-review\"]\n", "").replacen(
            "lens    = \"decision-review\"",
            "lens    = \"decision-review\"\nmilestones = [\"first-decision-review\"]",
            1,
        );
        let as_of = crate::check::log::test_support::as_of();
        let in_time = extension("pair-017", "first-decision-review", "2025-03-10");
        assert!(check_excepted(&late_claim, PROGRAM_TEXT, &in_time, as_of).is_empty());
        let short = extension("pair-017", "first-decision-review", "2025-03-01");
        let findings = check_excepted(&late_claim, PROGRAM_TEXT, &short, as_of);
        assert_eq!(
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>(),
            [
                "milestone `first-decision-review` is claimed in session 5 on 2025-03-03, 2 days after the deadline; it was due by 2025-03-01 (moved from session 4 by an approved extension)"
            ]
        );
    }

    #[test]
    fn a_forecast_is_held_against_the_moved_deadline() {
        // At one session every 14 days, session 6 falls on 2025-03-17 as of 2025-03-10: at risk
        // against `due by date 2025-03-16`, not once a pause of 7 days moved it to 2025-03-23.
        let text = unclaimed_influence();
        let program = program_replacing("due by week 10", "due by date 2025-03-16");
        let as_of = jiff::civil::date(2025, 3, 10);
        let codes = |exceptions: &str| -> Vec<&'static str> {
            check_excepted(&text, &program, exceptions, as_of)
                .iter()
                .map(|f| f.code)
                .collect()
        };
        assert_eq!(codes(""), ["L041"]);
        assert_eq!(
            codes(&pause("pair-017", "2025-02-24", "2025-03-03")),
            Vec::<&str>::new()
        );
        let extended = extension("pair-017", "influence-reflection", "2025-03-12");
        let findings = check_excepted(&text, &program, &extended, as_of);
        assert_eq!(
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>(),
            [
                "milestone `influence-reflection` is at risk: at one session every 14 days (the mean gap of 5 held sessions), session 6 falls around 2025-03-17, after its deadline 2025-03-12 (moved by an approved extension)"
            ]
        );
    }
}
