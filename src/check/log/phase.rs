//! Phase (`L018`–`L021`, `L025`): what the phase a held session falls in allows. A session
//! numbered beyond the last phase (`L018`); lenses the phase's lens rule does not allow
//! (`L019`), too many or too few (`L020`); the lens a progression expects (`L021`); a new
//! problem where the phase forbids them (`L025`). A review session of a program with
//! `review every N sessions with lens X` uses lens X in place of its phase's lens rule, so
//! that rule's `L019`/`L020` are emitted here too. What the session may use decides which
//! fields it must answer (`answers.rs`).

use super::{KnownLens, LogContext};
use crate::diagnostic::Label;
use crate::log::{Session, SessionKind};
use crate::model::{LensRule, Phase, Review};
use crate::rules;
use crate::words::ids_comma;

/// `L018`: a held session numbered past the program's last session, where no phase has it.
pub(super) fn beyond_last_phase(cx: &mut LogContext<'_>, session: &Session, phase: Option<&Phase>) {
    let Some(number) = session.number.as_ref() else {
        return;
    };
    let last = cx.program.last_session();
    if phase.is_none() && last > 0 && number.value > last {
        let rule_span = cx
            .program
            .phases
            .iter()
            .max_by_key(|p| p.last_session)
            .map_or(cx.program.span, |p| p.range_span);
        cx.report(
            &rules::SESSION_BEYOND_LAST_PHASE,
            format!(
                "session {} is beyond the program's last session, {last}",
                number.value
            ),
            Label::new(number.span, format!("the program ends at session {last}")),
        )
        .secondary
        .push(Label::new(rule_span, "the last session of the program"));
    }
}

/// The lens rule that applies to a held session (the review rule's lens for a review, else its
/// phase's lens rule and progression). Returns the lenses whose fields it must answer, or
/// `None` when which worksheet its answers belong to is itself the mistake, already reported.
pub(super) fn allowed_lenses<'a>(
    cx: &mut LogContext<'a>,
    session: &'a Session,
    phase: Option<&Phase>,
    known_lenses: &[KnownLens<'a>],
) -> Option<Vec<&'a str>> {
    let review_lens = cx
        .program
        .review
        .as_ref()
        .filter(|_| session.session_kind() == SessionKind::Review)
        .and_then(|review| Some((review, review.lens.as_deref()?)));
    match (review_lens, phase) {
        (Some((review, lens)), _) => review_lens_rule(cx, session, review, lens),
        (None, Some(phase)) => Some(lens_rule(cx, session, phase, known_lenses)),
        (None, None) => Some(session.lenses.iter().map(|l| l.value.as_str()).collect()),
    }
}

/// `review every N sessions with lens X`: a review session uses lens X, in place of its
/// phase's lens rule and progression. Returns the lenses whose fields it must answer, or
/// `None` when it names another lens: which worksheet its answers belong to is then the
/// one mistake, already reported.
fn review_lens_rule<'a>(
    cx: &mut LogContext<'a>,
    session: &'a Session,
    review: &Review,
    lens: &str,
) -> Option<Vec<&'a str>> {
    let mut allowed = Vec::new();
    let mut other_lens = false;
    for used in &session.lenses {
        if used.value == lens {
            allowed.push(used.value.as_str());
        } else if cx.program.lens(&used.value).is_none() {
            other_lens = true; // `L008` names it, with the closest lens
        } else {
            other_lens = true;
            cx.report(
                &rules::LENS_NOT_ALLOWED,
                format!(
                    "{} is a review and uses lens `{}`; the program's reviews use lens `{lens}`",
                    session.describe(),
                    used.value
                ),
                Label::new(used.span, "not the review lens"),
            )
            .secondary
            .push(Label::new(review.span, "the review rule"));
        }
    }
    // A review with another lens (or a misspelt one) is told which one reviews use, once.
    if !session.uses_lens(lens) && !other_lens {
        let primary = match session.lens_span {
            Some(span) => Label::new(span, format!("expected `{lens}`")),
            None => Label::new(session.span, format!("no `lens`; expected `{lens}`")),
        };
        let diagnostic = cx.report(
            &rules::LENS_COUNT,
            format!(
                "{} is a review but does not use lens `{lens}`, which the program's reviews use",
                session.describe()
            ),
            primary,
        );
        diagnostic
            .secondary
            .push(Label::new(review.span, "the review rule"));
        diagnostic.help = Some(format!("add `lens = \"{lens}\"` and answer its fields").into());
    }
    (!other_lens).then_some(allowed)
}

/// How a finding names a phase: ``phase `build` (sessions 3..6)``.
struct PhaseName<'p>(&'p Phase);

impl std::fmt::Display for PhaseName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let phase = self.0;
        write!(
            f,
            "phase `{}` (sessions {}..{})",
            phase.id, phase.first_session, phase.last_session
        )
    }
}

/// The phase's lens rule and progression; returns the known lenses the phase allows,
/// whose fields the session must then answer.
fn lens_rule<'a>(
    cx: &mut LogContext<'a>,
    session: &'a Session,
    phase: &Phase,
    known_lenses: &[KnownLens<'a>],
) -> Vec<&'a str> {
    let mut allowed = Vec::new();
    // Written only into a finding's message: most sessions have none.
    let phase_name = PhaseName(phase);
    for &KnownLens { named: lens, .. } in known_lenses {
        if phase.lens_rule.allows(&lens.value) {
            allowed.push(lens.value.as_str());
            continue;
        }
        let (message, help) = match &phase.lens_rule {
            LensRule::Choose { of, .. } => (
                format!(
                    "{} uses lens `{}`, which {phase_name} does not allow",
                    session.describe(),
                    lens.value
                ),
                Some(format!("{phase_name} allows {}", ids_comma(of))),
            ),
            _ => (
                format!(
                    "{} uses lens `{}`, but {phase_name} allows no lens",
                    session.describe(),
                    lens.value
                ),
                Some("remove `lens` (and its answers) from this session".to_owned()),
            ),
        };
        let diagnostic = cx.report(
            &rules::LENS_NOT_ALLOWED,
            message,
            Label::new(lens.span, "not allowed in this phase"),
        );
        diagnostic
            .secondary
            .push(Label::new(phase.lens_rule_span, "the phase's lens rule"));
        diagnostic.help = help.map(Into::into);
    }
    let LensRule::Choose { count, of } = &phase.lens_rule else {
        return allowed;
    };
    let used = u32::try_from(session.lenses.len()).unwrap_or(u32::MAX);
    let mut count_reported = false;
    if !count.admits(used) {
        count_reported = true;
        let uses = match used {
            0 => "uses no lens".to_owned(),
            1 => "uses 1 lens".to_owned(),
            n => format!("uses {n} lenses"),
        };
        let primary = match session.lens_span {
            Some(span) => Label::new(span, uses.clone()),
            None => Label::new(session.span, "no `lens` in this session"),
        };
        cx.report(
            &rules::LENS_COUNT,
            format!(
                "{} {uses}; {phase_name} requires {} of {}",
                session.describe(),
                count.describe(),
                ids_comma(of)
            ),
            primary,
        )
        .secondary
        .push(Label::new(phase.lens_rule_span, "the phase's lens rule"));
    }
    if let (Some(progression), Some(number)) = (&phase.progression, &session.number)
        && let Some(expected) = progression.expected_lens(phase, number.value)
        && !session.uses_lens(expected)
        && !(count_reported && session.lenses.is_empty())
    {
        let primary = match session.lens_span {
            Some(span) => Label::new(span, format!("expected `{expected}`")),
            None => Label::new(session.span, format!("no `lens`; expected `{expected}`")),
        };
        cx.report(
            &rules::PROGRESSION_NOT_FOLLOWED,
            format!(
                "{} does not use lens `{expected}`, which the progression of {phase_name} expects in session {}",
                session.describe(),
                number.value
            ),
            primary,
        )
        .secondary
        .push(Label::new(progression.span, "the phase's progression"));
    }
    allowed
}

/// `L025`: a new problem brought to a phase that forbids them.
pub(super) fn new_problem(cx: &mut LogContext<'_>, session: &Session, phase: Option<&Phase>) {
    if let (Some(phase), Some(new_problem)) = (phase, &session.new_problem)
        && new_problem.value
        && let Some(rule) = phase.new_problems.as_ref().filter(|n| !n.allowed)
    {
        // A rule carried from an earlier phase names the phase that states it.
        let (since, stated) = if rule.stated_in == phase.id {
            (
                String::new(),
                format!("phase `{}` forbids new problems", phase.id),
            )
        } else {
            (
                format!(" (forbidden from phase `{}` on)", rule.stated_in),
                format!(
                    "phase `{}` forbids new problems from here on",
                    rule.stated_in
                ),
            )
        };
        cx.report(
            &rules::NEW_PROBLEM_FORBIDDEN,
            format!(
                "{} brings a new problem, but phase `{}` (sessions {}..{}) forbids new problems{since}",
                session.describe(),
                phase.id,
                phase.first_session,
                phase.last_session
            ),
            Label::new(new_problem.span, "a new problem"),
        )
        .secondary
        .push(Label::new(rule.span, stated));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        COMPLIANT, PROGRAM_TEXT, check, check_with, codes_and_positions, compliant_with,
        program_position, program_replacing, program_with,
    };
    use crate::log::LogFormat;

    #[test]
    fn the_lens_rule_of_the_phase() {
        // A lens in a phase that allows none, then a session of `judgment` with none.
        let text = compliant_with(
            "minutes = 50\noutcome = \"behavior\"",
            "minutes = 50\nlens = \"decision-review\"\noutcome = \"behavior\"",
        )
        .replacen("lens       = \"influence-review\"\n", "", 1);
        let findings = check(&text);
        let found: Vec<_> = findings
            .iter()
            .filter(|f| f.code == "L019" || f.code == "L020")
            .map(|f| (f.code, f.at, f.program_label))
            .collect();
        assert_eq!(
            found,
            [
                ("L019", (17, 8), Some(program_position("lenses none"))),
                ("L020", (33, 1), Some(program_position("lenses exactly 1"))),
            ],
            "{findings:#?}"
        );
    }

    #[test]
    fn a_progression_expects_its_lens() {
        let program = program_replacing(
            "        new-problems forbidden\n",
            "        new-problems forbidden\n        progression decision-review, decision-review, influence-review\n",
        );
        let findings = check_with(LogFormat::Toml, COMPLIANT, &program);
        assert_eq!(
            codes_and_positions(&findings),
            [("L021", 36, 14), ("L021", 49, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 4 does not use lens `decision-review`, which the progression of phase `judgment` (sessions 3..5) expects in session 4"
        );
    }

    #[test]
    fn new_problems_in_a_phase_that_forbids_them() {
        let findings = check(&compliant_with(
            "minutes    = 55",
            "minutes    = 55\nnew-problem = true",
        ));
        assert_eq!(codes_and_positions(&findings), [("L025", 36, 15)]);
        assert_eq!(
            findings[0].program_label,
            Some(program_position("new-problems forbidden"))
        );
    }

    #[test]
    fn a_new_problem_in_a_phase_the_rule_is_carried_into() {
        // `judgment` keeps session 3 and forbids new problems from there on; `practice` (4..5)
        // says nothing of them, and the rule holds there too.
        let program = program_replacing(
            "    phase judgment \"Judgment Building\" sessions 3..5 {\n        lenses exactly 1 of decision-review, influence-review\n        new-problems forbidden\n    }",
            "    phase judgment \"Judgment Building\" sessions 3..3 {\n        lenses exactly 1 of decision-review, influence-review\n        new-problems forbidden from here on\n    }\n    phase practice \"Practice\" sessions 4..5 {\n        lenses exactly 1 of decision-review, influence-review\n    }",
        );
        let log = compliant_with("minutes    = 55", "minutes    = 55\nnew-problem = true");
        let findings = check_with(LogFormat::Toml, &log, &program);
        assert_eq!(
            findings
                .iter()
                .map(|f| (f.code, f.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                "L025",
                "session 4 brings a new problem, but phase `practice` (sessions 4..5) forbids new problems (forbidden from phase `judgment` on)"
            )],
            "{findings:#?}"
        );
        // `new-problems allowed` in `practice` ends the rule.
        let ended = program.replace(
            "    phase practice \"Practice\" sessions 4..5 {\n",
            "    phase practice \"Practice\" sessions 4..5 {\n        new-problems allowed\n",
        );
        assert!(check_with(LogFormat::Toml, &log, &ended).is_empty());
    }

    #[test]
    fn reviews_with_their_own_lens_step_outside_the_phase_rule() {
        // Reviews use the Influence Attempt Review, whatever the phase allows.
        let program_with_review_lens =
            program_with("    review every 4 sessions with lens influence-review\n");
        let review_answers = "[sessions.answers]\nwho = \"a\"\nwhy = \"b\"\nwhat-happened = \"c\"\nmisread = \"d\"\n";
        // Session 2 is in `framing`, which allows no lens: as a review it uses the review lens.
        let review_in_framing = compliant_with(
            "minutes = 50\noutcome = \"behavior\"\n",
            &format!(
                "minutes = 50\nkind = \"review\"\nlens = \"influence-review\"\noutcome = \"behavior\"\n{review_answers}"
            ),
        );
        let findings = check_with(
            LogFormat::Toml,
            &review_in_framing,
            &program_with_review_lens,
        );
        assert_eq!(codes_and_positions(&findings), [], "{findings:#?}");
        // Without the program's review lens, the same session breaks framing's rule.
        let findings = check_with(LogFormat::Toml, &review_in_framing, PROGRAM_TEXT);
        assert_eq!(
            findings.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L019"],
            "{findings:#?}"
        );

        // A review without its lens, and a review with another lens.
        let no_lens = compliant_with(
            "minutes = 50\noutcome = \"behavior\"",
            "minutes = 50\nkind = \"review\"\noutcome = \"behavior\"",
        );
        let findings = check_with(LogFormat::Toml, &no_lens, &program_with_review_lens);
        assert_eq!(
            codes_and_positions(&findings),
            [("L020", 13, 1)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 2 is a review but does not use lens `influence-review`, which the program's reviews use"
        );
        // One mistake: the lens. Its answers (to the review lens's fields) are not reported again.
        let other_lens = review_in_framing.replacen(
            "lens = \"influence-review\"",
            "lens = \"decision-review\"",
            1,
        );
        let findings = check_with(LogFormat::Toml, &other_lens, &program_with_review_lens);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L019"], "{findings:#?}");
        assert_eq!(
            findings[0].message,
            "session 2 is a review and uses lens `decision-review`; the program's reviews use lens `influence-review`"
        );
        // A misspelt review lens is `L008` alone.
        let misspelt =
            review_in_framing.replacen("\"influence-review\"", "\"influence-reveiw\"", 1);
        let findings = check_with(LogFormat::Toml, &misspelt, &program_with_review_lens);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L008"], "{findings:#?}");
    }
}
