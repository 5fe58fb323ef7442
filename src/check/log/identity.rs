//! Identity (`L005`–`L010`): the program, version, track and ids a log names exist in the
//! program it is checked against. `L005` (no program has the id) is reported for a log that
//! matched none; the others compare the log with its program. Misspelt ids are suggested the
//! closest declared id; a misspelt track is one mistake, so milestone claims are not judged
//! against a track that does not exist.

use super::LogContext;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::log::{Log, Session};
use crate::model::Program;
use crate::rules;
use crate::words::{quote_id, unknown_id_help};

/// `L005`: the log names a program id that none of `programs` has.
pub(super) fn unknown_program(programs: &[Program], log: &Log, diagnostics: &mut Diagnostics) {
    let Some(program) = &log.program else {
        return;
    };
    let ids = programs.iter().map(|p| p.id.as_str());
    diagnostics.push(
        Diagnostic::new(
            &rules::UNKNOWN_PROGRAM,
            format!(
                "the log follows program {}, which is not among the programs checked",
                quote_id(&program.value)
            ),
            Label::new(program.span, "unknown program"),
        )
        .with_help(unknown_id_help("program", &program.value, ids)),
    );
}

pub(super) fn version(cx: &mut LogContext<'_>) {
    let (Some(logged), Some(current)) = (&cx.log.version, &cx.program.version) else {
        return;
    };
    if &logged.value == current {
        return;
    }
    let program_span = cx.program.span;
    // A log may name a version newer than any given (its program file was not passed along).
    let newer = crate::model::compare_versions(Some(&logged.value), Some(current))
        == std::cmp::Ordering::Greater;
    let message = if newer {
        format!(
            "the log names version {} of `{}`, newer than the newest given, version {}",
            quote_id(&logged.value),
            cx.program.id,
            quote_id(current)
        )
    } else {
        format!(
            "the log was started on version {} of `{}`; the program is now version {}",
            quote_id(&logged.value),
            cx.program.id,
            quote_id(current)
        )
    };
    let diagnostic = cx.report(
        &rules::VERSION_MISMATCH,
        message,
        Label::new(logged.span, "the version the pair started on"),
    );
    diagnostic.secondary.push(Label::new(
        program_span,
        format!("this program is version `{current}`"),
    ));
    diagnostic.help = Some(
        "put the program file of its version beside this one in `--program` (each log is \
         checked against the version it names), or update `version` once the pair moves to \
         the new one"
            .into(),
    );
}

pub(super) fn track(cx: &mut LogContext<'_>) {
    let Some(track) = &cx.log.track else {
        return;
    };
    if cx.program.track(&track.value).is_some() {
        return;
    }
    let help = unknown_id_help(
        "track",
        &track.value,
        cx.program.tracks.iter().map(|t| t.id.as_str()),
    );
    let program_span = cx.program.span;
    let message = if cx.program.tracks.is_empty() {
        format!(
            "the log names track {}, but program `{}` has no tracks",
            quote_id(&track.value),
            cx.program.id
        )
    } else {
        format!(
            "program `{}` has no track {}",
            cx.program.id,
            quote_id(&track.value)
        )
    };
    let diagnostic = cx.report(
        &rules::UNKNOWN_TRACK,
        message,
        Label::new(track.span, "unknown track"),
    );
    diagnostic
        .secondary
        .push(Label::new(program_span, "the program the log follows"));
    diagnostic.help = Some(help.into());
}

/// Ids a session names must exist, whether or not it was held: a misspelled id in a
/// cancelled session is still a misspelling.
pub(super) fn session_ids(cx: &mut LogContext<'_>, session: &Session) {
    for lens in &session.lenses {
        if cx.program.lens(&lens.value).is_none() {
            let help = unknown_id_help(
                "lens",
                &lens.value,
                cx.program.lenses.iter().map(|l| l.id.as_str()),
            );
            cx.report(
                &rules::UNKNOWN_LENS,
                format!(
                    "{} uses lens {}, which program `{}` does not define",
                    session.describe(),
                    quote_id(&lens.value),
                    cx.program.id
                ),
                Label::new(lens.span, "unknown lens"),
            )
            .help = Some(help.into());
        }
    }
    if let Some(outcome) = &session.outcome
        && cx.program.outcome(&outcome.value).is_none()
    {
        let help = unknown_id_help(
            "outcome",
            &outcome.value,
            cx.program.outcomes.iter().map(|o| o.id.as_str()),
        );
        cx.report(
            &rules::UNKNOWN_OUTCOME,
            format!(
                "{} records outcome {}, which program `{}` does not define",
                session.describe(),
                quote_id(&outcome.value),
                cx.program.id
            ),
            Label::new(outcome.span, "unknown outcome"),
        )
        .help = Some(help.into());
    }
    let track = cx.log.track_id();
    for claim in &session.milestones {
        if cx.applicable_milestones.iter().any(|m| m.id == claim.value) {
            continue;
        }
        let elsewhere = cx.program.all_milestones().any(|m| m.id == claim.value);
        if elsewhere && cx.track_unknown() {
            continue; // which track's milestones apply is unknown: `L007` says why
        }
        let message = match (elsewhere, track) {
            (true, Some(track)) => format!(
                "{} claims milestone {}, which does not apply to track `{track}`",
                session.describe(),
                quote_id(&claim.value)
            ),
            (true, None) => format!(
                "{} claims milestone {}, which belongs to a track the log does not name",
                session.describe(),
                quote_id(&claim.value)
            ),
            (false, _) => format!(
                "{} claims milestone {}, which program `{}` does not define",
                session.describe(),
                quote_id(&claim.value),
                cx.program.id
            ),
        };
        let help = unknown_id_help(
            "milestone",
            &claim.value,
            cx.applicable_milestones.iter().map(|m| m.id.as_str()),
        );
        cx.report(
            &rules::UNKNOWN_MILESTONE,
            message,
            Label::new(claim.span, "unknown milestone"),
        )
        .help = Some(help.into());
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{
        check, codes_and_positions, compliant_with, program_position,
    };
    use crate::diagnostic::Severity;

    #[test]
    fn unknown_program_suggests_the_closest_id() {
        let findings = check(&compliant_with("\"senior-ic\"", "\"senior-lc\""));
        assert_eq!(codes_and_positions(&findings), [("L005", 1, 11)]);
        assert_eq!(
            findings[0].help.as_deref(),
            Some("did you mean `senior-ic`?")
        );
    }

    #[test]
    fn a_version_mismatch_is_a_warning_with_a_label_at_the_program() {
        let findings = check(&compliant_with("\"2025.1\"", "\"2024.2\""));
        assert_eq!(codes_and_positions(&findings), [("L006", 2, 11)]);
        assert_eq!(findings[0].severity, Severity::Warning);
        // The resolver spans a program by its id and title (the hand-built model of old used
        // the `program` keyword).
        assert_eq!(
            findings[0].program_label,
            Some(program_position("senior-ic \"Leadership"))
        );
    }

    #[test]
    fn unknown_track_lens_outcome_and_milestone_are_reported_at_the_id() {
        let text = compliant_with(
            "status  = \"completed\"",
            "status  = \"completed\"\ntrack = \"engineering\"",
        )
        .replacen(
            "lens       = \"decision-review\"",
            "lens       = \"decision-reveiw\"",
            1,
        )
        .replacen("outcome = \"behavior\"", "outcome = \"behaviour\"", 1)
        .replacen("[\"influence-reflection\"]", "[\"influence-reflect\"]", 1);
        let findings = check(&text);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert!(codes.contains(&"L007"), "{findings:#?}");
        assert!(codes.contains(&"L008"), "{findings:#?}");
        assert!(codes.contains(&"L009"), "{findings:#?}");
        assert!(codes.contains(&"L010"), "{findings:#?}");
        let lens = findings.iter().find(|f| f.code == "L008").map(|f| f.at);
        assert_eq!(lens, Some((24, 14)));
        let helps: Vec<Option<&str>> = findings.iter().map(|f| f.help.as_deref()).collect();
        assert!(
            helps.contains(&Some("did you mean `decision-review`?")),
            "{findings:#?}"
        );
        assert!(
            helps.contains(&Some("did you mean `behavior`?")),
            "{findings:#?}"
        );
        assert!(
            helps.contains(&Some("did you mean `influence-reflection`?")),
            "{findings:#?}"
        );
        assert!(
            helps.contains(&Some("no track is defined")),
            "{findings:#?}"
        );
    }
}
