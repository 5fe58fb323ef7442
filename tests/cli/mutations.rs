//! The "Done when" mistakes, each introduced into a copy of the reference program: every one is
//! an error whose primary label is on the line that was changed, with the right id suggested
//! where one was misspelled.
//!
//! The whole of `programs/` is copied so the reference program's imports (a shared lens
//! library, say) still resolve. The expected line is computed from the text being replaced, so
//! the tests follow the reference program when it is edited; a replaced text that is no longer
//! there fails loudly.

use crate::support::{Diag, REFERENCE_PROGRAM, Scratch, reference_text};

/// A mistake: replace the first `find` with `replace` in the reference program.
struct Mutation {
    find: &'static str,
    replace: &'static str,
    code: &'static str,
    help: Option<&'static str>,
}

/// Applies the mutation, checks the copy, and asserts that the mistake is reported as an error
/// on the changed line. Returns every diagnostic and that line.
fn assert_mutation(mutation: Mutation) -> (Vec<Diag>, u64) {
    let original = reference_text();
    let offset = original.find(mutation.find).unwrap_or_else(|| {
        panic!(
            "`{}` is no longer in {REFERENCE_PROGRAM}; update this test",
            mutation.find.escape_debug()
        )
    });
    // The line of the first changed character (`find` may start with a newline or spaces).
    let common_prefix = mutation
        .find
        .bytes()
        .zip(mutation.replace.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let changed_at = offset + common_prefix;
    let line = original[..changed_at].matches('\n').count() as u64 + 1;
    let mutated = original.replacen(mutation.find, mutation.replace, 1);
    assert_ne!(mutated, original);

    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(REFERENCE_PROGRAM, &mutated);
    let (output, diagnostics) = scratch.check_json(&[REFERENCE_PROGRAM]);

    assert_eq!(output.status, 1, "exit status\n{output:#?}");
    let found = diagnostics
        .iter()
        .find(|d| d.code == mutation.code)
        .unwrap_or_else(|| panic!("no {} in {diagnostics:#?}", mutation.code));
    assert_eq!(found.severity, "error");
    assert_eq!(found.file, REFERENCE_PROGRAM);
    assert_eq!(
        found.line, line,
        "the primary label of {} is on the changed line {line}: {found:#?}",
        mutation.code
    );
    if let Some(help) = mutation.help {
        assert_eq!(found.help.as_deref(), Some(help), "{found:#?}");
    }
    (diagnostics, line)
}

/// The mistake is the only thing reported: nothing elsewhere follows from it.
fn assert_no_knock_on((diagnostics, line): (Vec<Diag>, u64)) {
    for d in &diagnostics {
        assert_eq!(
            (d.file.as_str(), d.line),
            (REFERENCE_PROGRAM, line),
            "a knock-on diagnostic {d:#?}"
        );
    }
}

#[test]
fn misspelled_lens_reference_suggests_the_lens() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "lenses exactly 1 of decision-review",
        replace: "lenses exactly 1 of decision-reveiw",
        code: "P002",
        help: Some("did you mean `decision-review`?"),
    }));
}

#[test]
fn misspelled_evidence_lens_suggests_the_lens() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "evidence lens influence-review",
        replace: "evidence lens influense-review",
        code: "P002",
        help: Some("did you mean `influence-review`?"),
    }));
}

#[test]
fn misspelled_competency_reference_suggests_the_competency() {
    // The milestone's `competency judgment` line (the declaration has a label after the id).
    assert_no_knock_on(assert_mutation(Mutation {
        find: "competency judgment\n",
        replace: "competency judgement\n",
        code: "P002",
        help: Some("did you mean `judgment`?"),
    }));
}

#[test]
fn overlapping_phases() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "\"Judgment Building\" sessions 3..5",
        replace: "\"Judgment Building\" sessions 2..5",
        code: "P004",
        help: None,
    }));
}

#[test]
fn milestone_due_after_the_last_session() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "due by session 4",
        replace: "due by session 9",
        code: "P008",
        help: None,
    }));
}

#[test]
fn duplicate_milestone_id() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "milestone influence-reflection",
        replace: "milestone first-decision-review",
        code: "P001",
        help: None,
    }));
}

#[test]
fn duplicate_phase_id() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "phase judgment \"Judgment Building\"",
        replace: "phase framing \"Judgment Building\"",
        code: "P001",
        help: None,
    }));
}

#[test]
fn milestone_due_after_the_last_week() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "due by week 10",
        replace: "due by week 14",
        code: "P009",
        help: None,
    }));
}

#[test]
fn cadence_minimum_gap_above_maximum() {
    assert_no_knock_on(assert_mutation(Mutation {
        find: "cadence every 2 weeks, gap at most 4 weeks",
        replace: "cadence every 2 weeks, gap at least 5 weeks, gap at most 4 weeks",
        code: "P012",
        help: None,
    }));
}
