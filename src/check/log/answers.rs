//! Answers (`L011`, `L022`): a held session's answers against the fields of the lenses it
//! names. An answer to a field none of them has is `L011`; a required field of an allowed lens
//! left unanswered or blank is `L022`. Runs only once the session's lenses are settled by its
//! phase or the review rule (see `phase::allowed_lenses`), so a lens named in the wrong place
//! is one mistake, not one per answer.

use super::{KnownLens, LogContext};
use crate::diagnostic::Label;
use crate::log::Session;
use crate::model::Lens;
use crate::rules;
use crate::words::{did_you_mean, ids_and, quote_id};

/// Answers must belong to the session's lenses; required fields of the allowed lenses
/// must be answered.
pub(super) fn answers(
    cx: &mut LogContext<'_>,
    session: &Session,
    known_lenses: &[KnownLens<'_>],
    allowed_lenses: &[&str],
) {
    let known = || known_lenses.iter().map(|known| known.lens);
    if known_lenses.is_empty() && !session.lenses.is_empty() {
        return; // every lens named is unknown (`unknown-lens`): no field list to compare
    }
    if session.lenses.is_empty()
        && let Some(first) = session.answers.first()
    {
        // One finding for the whole table: every answer lacks a lens for the same reason.
        let fields: Vec<String> = session
            .answers
            .iter()
            .map(|a| quote_id(&a.field.value))
            .collect();
        let owner = cx
            .program
            .lenses
            .iter()
            .find(|l| l.field(&first.field.value).is_some());
        cx.report(
            &rules::UNKNOWN_ANSWER_FIELD,
            format!(
                "{} answers {} {} but names no lens",
                session.describe(),
                if fields.len() == 1 { "field" } else { "fields" },
                fields.join(", ")
            ),
            Label::new(
                session.answers_span.unwrap_or(first.field.span),
                "answers without a lens",
            ),
        )
        .help = owner.map(|lens| format!("add `lens = \"{}\"` to the session", lens.id).into());
        return;
    }
    // The known lenses as a list, made for the first answer none of them has.
    let mut listed: Option<Vec<&Lens>> = None;
    for answer in &session.answers {
        let field = &answer.field.value;
        if known().any(|l| l.field(field).is_some()) {
            continue;
        }
        let lenses = listed.get_or_insert_with(|| known().collect());
        let owner = cx.program.lenses.iter().find(|l| l.field(field).is_some());
        let message = match lenses.as_slice() {
            [] if session.lenses.is_empty() => format!(
                "{} answers field {} but names no lens",
                session.describe(),
                quote_id(field)
            ),
            [] => format!(
                "{} answers field {}, which no lens it names has",
                session.describe(),
                quote_id(field)
            ),
            _ => format!(
                "{} answers field {}, which is not a field of {}",
                session.describe(),
                quote_id(field),
                ids_and(lenses.iter().map(|l| &l.id))
            ),
        };
        let help = match (
            did_you_mean(
                field,
                lenses
                    .iter()
                    .flat_map(|l| l.fields().map(|f| f.id.as_str())),
            ),
            owner,
        ) {
            (Some(best), _) => Some(format!("did you mean `{best}`?")),
            (None, Some(owner)) => Some(format!(
                "`{field}` is a field of lens `{}`, which this session does not use",
                owner.id
            )),
            (None, None) => None,
        };
        let diagnostic = cx.report(
            &rules::UNKNOWN_ANSWER_FIELD,
            message,
            Label::new(answer.field.span, "not a field of the session's lenses"),
        );
        if let [lens] = lenses.as_slice() {
            diagnostic.secondary.push(Label::new(
                lens.span,
                format!("lens `{}` is declared here", lens.id),
            ));
        }
        diagnostic.help = help.map(Into::into);
    }
    for lens in known().filter(|l| allowed_lenses.contains(&l.id.as_str())) {
        // One pass over the required fields: each answer is looked up once.
        let mut unanswered = Vec::new();
        let mut blank = Vec::new();
        for field in lens.fields().filter(|f| !f.optional) {
            match session.answer(&field.id) {
                None => unanswered.push(field),
                Some(answer) if answer.is_blank => blank.push((field, answer)),
                Some(_) => {}
            }
        }
        if !unanswered.is_empty() {
            let primary_span = session
                .answers_span
                .or(session.lens_span)
                .unwrap_or(session.span);
            let diagnostic = cx.report(
                &rules::LENS_FIELD_UNANSWERED,
                format!(
                    "{} uses lens `{}` but does not answer {} {}",
                    session.describe(),
                    lens.id,
                    if unanswered.len() == 1 {
                        "its field"
                    } else {
                        "its fields"
                    },
                    ids_and(unanswered.iter().map(|f| &f.id))
                ),
                Label::new(primary_span, "missing answers"),
            );
            for field in &unanswered {
                diagnostic
                    .secondary
                    .push(Label::new(field.span, "a required field"));
            }
        }
        for (field, answer) in blank {
            cx.report(
                &rules::LENS_FIELD_UNANSWERED,
                format!(
                    "{} leaves field `{}` of lens `{}` blank",
                    session.describe(),
                    field.id,
                    lens.id
                ),
                Label::new(answer.text_span, "blank"),
            )
            .secondary
            .push(Label::new(field.span, "a required field"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::log::test_support::{check, codes_and_positions, compliant_with};

    #[test]
    fn answers_to_fields_the_lens_lacks_suggest_the_field() {
        let findings = check(&compliant_with(
            "chose         = \"private text one\"",
            "choose        = \"private text one\"",
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L026", 24, 15), ("L022", 26, 1), ("L011", 27, 1)],
            "{findings:#?}"
        );
    }

    #[test]
    fn blank_and_missing_lens_answers() {
        let text = compliant_with(
            "framing       = \"private text four\"",
            "framing       = \"  \"",
        )
        .replacen("misread       = \"private text eight\"\n", "", 1);
        let findings = check(&text);
        assert_eq!(
            codes_and_positions(&findings),
            [
                ("L026", 24, 15),
                ("L022", 30, 17),
                ("L026", 37, 15),
                ("L022", 39, 1)
            ],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].message,
            "session 3 leaves field `framing` of lens `decision-review` blank"
        );
        assert_eq!(
            findings[3].message,
            "session 4 uses lens `influence-review` but does not answer its field `misread`"
        );
    }
}
