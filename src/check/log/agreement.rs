//! Agreement (`L032`, `L033`): once session K has been held (as of `as_of`), the log records
//! an `agreement` date, and that date is no later than session K.

use super::LogContext;
use crate::diagnostic::Label;
use crate::rules;
use crate::schedule::session_reached;

pub(super) fn agreement(cx: &mut LogContext<'_>) {
    let Some(rule) = &cx.program.agreement else {
        return;
    };
    let before = rule.before_session;
    let Some((session, _)) = session_reached(cx.log, before, cx.as_of) else {
        return; // session K not held (as of `as_of`) yet: the pair still has time
    };
    let session_name = session.describe();
    let on = session
        .date
        .as_ref()
        .map(|d| format!(" on {}", d.value))
        .unwrap_or_default();
    let rule_span = rule.span;
    match &cx.log.agreement {
        None if !cx.log.has_field("agreement") => {
            cx.report(
                &rules::AGREEMENT_MISSING,
                format!(
                    "the log records no `agreement` date, but {session_name} was held{on}; the program asks for an agreement before session {before}"
                ),
                Label::new(session.span, "held without a recorded agreement"),
            )
            .secondary
            .push(Label::new(rule_span, "the agreement rule"));
            if let Some(last) = cx.found.last_mut() {
                last.help = Some("add `agreement = YYYY-MM-DD` at the top of the log".into());
            }
        }
        Some(agreement) => {
            if let Some(date) = &session.date
                && agreement.value > date.value
            {
                cx.report(
                    &rules::AGREEMENT_LATE,
                    format!(
                        "the agreement is dated {}, after {session_name} on {}; the program asks for it before session {before}",
                        agreement.value, date.value
                    ),
                    Label::new(agreement.span, "too late"),
                )
                .secondary
                .push(Label::new(rule_span, "the agreement rule"));
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, check_with, codes_and_positions, compliant_with, program_with,
    };
    use crate::log::LogFormat;

    #[test]
    fn agreement_missing_or_late() {
        let program_with_agreement = program_with("    agreement before session 2\n");
        let missing = check_with(LogFormat::Toml, COMPLIANT, &program_with_agreement);
        assert_eq!(
            codes_and_positions(&missing),
            [("L032", 13, 1)],
            "{missing:#?}"
        );
        let late = compliant_with(
            "started = 2025-01-06",
            "started = 2025-01-06\nagreement = 2025-01-27",
        );
        let late = check_with(LogFormat::Toml, &late, &program_with_agreement);
        assert_eq!(codes_and_positions(&late), [("L033", 5, 13)], "{late:#?}");
        let on_time = compliant_with(
            "started = 2025-01-06",
            "started = 2025-01-06\nagreement = 2025-01-06",
        );
        assert!(check_with(LogFormat::Toml, &on_time, &program_with_agreement).is_empty());
    }
}
