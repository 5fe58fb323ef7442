//! Milestones (`L026`–`L029`): each claim needs its evidence (and a held session) and meets its
//! deadline; an unclaimed milestone is overdue once its deadline has passed as of `as_of`, or
//! unmet when the pair is marked completed. A withdrawn pair owes nothing, and neither does a
//! log whose track is unknown (`L007` says why). Deadlines and evidence are read from
//! `crate::schedule`, as the cohort report reads them.

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::{PairStatus, Session, Spanned};
use crate::model::{Deadline, Milestone};
use crate::rules;
use crate::schedule::{
    claimed_with_evidence, due_date, evidence_shortfall, lateness, session_reached,
};
use crate::words::{self, quote_id};

/// Claims (evidence, deadline) and unclaimed milestones (overdue, or unmet at completion).
pub(super) fn milestones(cx: &mut LogContext<'_>) {
    let applicable = cx.program.milestones_for_track(cx.log.track_id());
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
                );
                continue;
            }
            if !claimed.contains(&milestone.id.as_str()) {
                claimed.push(milestone.id.as_str());
            }
            evidence(cx, session, claim, milestone);
            claimed_late(cx, session, claim, milestone);
        }
    }
    // Nothing is owed when the pair withdrew, or when the milestones it owes are unknown
    // because its track is (a misspelt track would make every track milestone "missing").
    if cx.log.pair_status() == PairStatus::Withdrawn || cx.track_unknown() {
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
    .secondary
    .push(Label::new(rule_span, "the evidence the milestone requires"));
}

/// "by session 4", "by week 10 (2025-03-17)", "by 2025-06-30".
fn describe_deadline(cx: &LogContext<'_>, deadline: Deadline) -> String {
    match (deadline, due_date(cx.log, deadline)) {
        (Deadline::ByWeek(weeks), Some(date)) => format!("by week {weeks} ({date})"),
        _ => deadline.describe(),
    }
}

fn claimed_late(
    cx: &mut LogContext<'_>,
    session: &Session,
    claim: &Spanned<String>,
    milestone: &Milestone,
) {
    let Some(deadline) = milestone.due else {
        return;
    };
    // Once a claim with its evidence met the deadline, claiming it again later is no lateness
    // (and `mentor report` counts the milestone met on time).
    if claimed_with_evidence(cx.program, cx.log, milestone) == Some(true) {
        return;
    }
    let late = lateness(cx.log, session, deadline);
    let Some(late) = late else {
        return;
    };
    let rule_span = milestone.due_span.unwrap_or(milestone.span);
    cx.report(
        &rules::MILESTONE_LATE,
        format!(
            "milestone `{}` is claimed in {}; it was due {}",
            milestone.id,
            words::late_claim(session, late),
            describe_deadline(cx, deadline)
        ),
        Label::new(claim.span, "claimed late"),
    )
    .secondary
    .push(Label::new(rule_span, "the deadline"));
}

fn overdue(cx: &mut LogContext<'_>, milestone: &Milestone) {
    let Some(deadline) = milestone.due else {
        return;
    };
    let rule_span = milestone.due_span.unwrap_or(milestone.span);
    let (message, primary) = match deadline {
        Deadline::BySession(last) => {
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
        Deadline::ByWeek(_) | Deadline::ByDate(_) => {
            let Some(due) = due_date(cx.log, deadline) else {
                return; // no `started` date: reported by `missing-log-field`
            };
            if due >= cx.as_of {
                return; // the deadline is still ahead
            }
            let primary = match (&cx.log.started, deadline) {
                (Some(started), Deadline::ByWeek(_)) => {
                    Label::new(started.span, "the deadline counts from here")
                }
                _ => Label::new(cx.log.span, format!("no session claims `{}`", milestone.id)),
            };
            (
                format!(
                    "milestone `{}` is overdue: it was due {} and no session claims it as of {}",
                    milestone.id,
                    describe_deadline(cx, deadline),
                    cx.as_of
                ),
                primary,
            )
        }
    };
    cx.report(&rules::MILESTONE_OVERDUE, message, primary)
        .secondary
        .push(Label::new(rule_span, "the deadline"));
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
    .secondary
    .push(Label::new(milestone.span, "the milestone"));
}
