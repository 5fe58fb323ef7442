//! `P020` (unused-competency): every competency the program declares is measured by a
//! milestone, and no track drops the only milestone for one.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{Milestone, Program};
use crate::rules;

pub(super) fn check_competencies(program: &Program, found: &mut Diagnostics) {
    check_competencies_measured(program, found);
    check_tracks_keep_competencies(program, found);
}

/// A track must not leave a competency the program measures without a milestone.
fn check_tracks_keep_competencies(program: &Program, found: &mut Diagnostics) {
    let measured_by_program = measured(program.milestones.iter());
    for track in &program.tracks {
        let measured_on_track = measured(program.milestones_for_track(Some(&track.id)));
        for competency in &program.competencies {
            let id = competency.id.as_str();
            if measured_by_program.contains(id) && !measured_on_track.contains(id) {
                found.push(
                    Diagnostic::new(
                        &rules::UNUSED_COMPETENCY,
                        format!(
                            "track `{}` leaves competency `{}` without a milestone",
                            track.id, competency.id
                        ),
                        Label::new(track.span, "no milestone of this track measures it"),
                    )
                    .with_help(format!(
                        "replace the dropped milestone with one for `{}` instead of dropping it",
                        competency.id
                    )),
                );
            }
        }
    }
}

/// The competencies some milestone among `milestones` measures.
fn measured<'p>(milestones: impl IntoIterator<Item = &'p Milestone>) -> HashSet<&'p str> {
    milestones
        .into_iter()
        .filter_map(|m| m.competency.as_deref())
        .collect()
}

fn check_competencies_measured(program: &Program, found: &mut Diagnostics) {
    let measured = measured(program.all_milestones());
    for competency in program.competencies.iter().filter(|c| !c.imported) {
        if !measured.contains(competency.id.as_str()) {
            found.push(
                Diagnostic::new(
                    &rules::UNUSED_COMPETENCY,
                    format!("competency `{}` has no milestone", competency.id),
                    Label::new(competency.span, "never measured"),
                )
                .with_help(format!(
                    "add a milestone with `competency {}`, or remove the competency",
                    competency.id
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::check;

    #[test]
    fn every_competency_has_a_milestone() {
        check(
            &[(
                "competency judgment \"Leadership judgment\"\n",
                "competency judgment \"Leadership judgment\"\n    competency spare \"Spare\"\n",
            )],
            &["P020 competency `spare` has no milestone"],
        );
    }

    #[test]
    fn a_track_keeps_every_competency_measured() {
        check(
            &[(
                "    }\n}\n",
                "    }\n    track sales \"Sales\" {\n        drop milestone first-review\n    }\n}\n",
            )],
            &["P020 track `sales` leaves competency `judgment` without a milestone"],
        );
    }
}
