//! Completion (`L030`): a pair marked completed has held at least the sessions the program's
//! `length` asks for.

use super::LogContext;
use crate::diagnostic::Label;
use crate::log::PairStatus;
use crate::rules;
use crate::words::plural;

pub(super) fn completion(cx: &mut LogContext<'_>) {
    let (Some(status), Some(length)) = (&cx.log.status, &cx.program.length) else {
        return;
    };
    if status.value != PairStatus::Completed {
        return;
    }
    let held = cx.log.held_sessions().count();
    if held < length.min_sessions as usize {
        cx.report(
            &rules::COMPLETED_TOO_FEW_SESSIONS,
            format!(
                "the pair is marked completed after {}; the program takes at least {}",
                plural(held as i64, "held session"),
                plural(i64::from(length.min_sessions), "session")
            ),
            Label::new(status.span, "marked completed"),
        )
        .secondary
        .push(Label::new(length.span, "the program's length"));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{COMPLIANT, check, codes_and_positions};

    #[test]
    fn completed_with_too_few_sessions() {
        let cut = COMPLIANT
            .find("[[sessions]]\nnumber  = 5")
            .unwrap_or(COMPLIANT.len());
        let findings = check(&COMPLIANT[..cut]);
        assert_eq!(
            codes_and_positions(&findings),
            [("L030", 5, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "the pair is marked completed after 4 held sessions; the program takes at least 5 sessions"
        );
    }
}
