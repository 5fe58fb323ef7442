//! The exceptions file, read into [`Exceptions`]: every entry complete and consistent, or
//! reported (`C002`) and left out, so nothing is excused by an entry nobody could audit.

use super::{Approval, Exceptions, Extension, PairRef, Pause, Waiver};
use crate::diagnostic::Diagnostics;
use crate::log::tree::{Node, Value};
use crate::log::{Spanned, looks_like_id};
use crate::rules::{self, Rule, Stage};
use crate::settings::{self, Table};
use crate::source::{SourceId, Sources};
use crate::words;

/// The kinds of entry, as the file names them.
const KINDS: [&str; 3] = ["waive", "pause", "extend"];

/// The keys every entry has (`program` optional), then each kind's own.
const APPROVAL_KEYS: [&str; 7] = [
    "program",
    "pair",
    "reason",
    "approved-by",
    "approved",
    "expires",
    "ticket",
];

/// Reads the exceptions file registered as `source`.
pub fn read(sources: &Sources, source: SourceId, diagnostics: &mut Diagnostics) -> Exceptions {
    let mut exceptions = Exceptions::default();
    let rule = &rules::EXCEPTION_INVALID;
    let Some(root) = settings::parse(sources, source, rule, diagnostics) else {
        return exceptions;
    };
    let Some(mut file) = Table::new(&root, "the exceptions file", rule, diagnostics) else {
        return exceptions;
    };
    for kind in KINDS {
        let Some(entry) = file.take(kind) else {
            continue;
        };
        for node in entries(&entry.node, kind, &mut file, diagnostics) {
            let name = format!("the `[[{kind}]]` entry");
            let Some(mut table) = Table::new(node, name, rule, diagnostics) else {
                continue;
            };
            match kind {
                "waive" => {
                    if let Some(waiver) = waiver(&mut table, diagnostics) {
                        exceptions.waivers.push(waiver);
                    }
                }
                "pause" => {
                    if let Some(pause) = pause(&mut table, diagnostics) {
                        exceptions.pauses.push(pause);
                    }
                }
                _ => {
                    if let Some(extension) = extension(&mut table, diagnostics) {
                        exceptions.extensions.push(extension);
                    }
                }
            }
        }
    }
    file.finish(diagnostics, &KINDS);
    exceptions.sort_by_pair();
    exceptions
}

/// The tables under `[[kind]]` (an array of tables); anything else is reported.
fn entries<'a, 't>(
    node: &'a Node<'t>,
    kind: &str,
    file: &mut Table,
    diagnostics: &mut Diagnostics,
) -> Vec<&'a Node<'t>> {
    match &node.value {
        Value::Array(items) => items.iter().collect(),
        Value::Table(_) => vec![node],
        other => {
            let message = format!(
                "`{kind}` must be a list of entries (`[[{kind}]]`), found {}",
                other.kind()
            );
            let help = format!("write each entry as a `[[{kind}]]` table");
            file.problem(diagnostics, node.span, message, "not an entry", Some(help));
            Vec::new()
        }
    }
}

/// The pair an entry concerns and its approval; `None` (reported) when either is incomplete.
fn target_and_approval(
    table: &mut Table,
    diagnostics: &mut Diagnostics,
) -> (Option<PairRef>, Option<Approval>) {
    let program = table.text(diagnostics, "program");
    let pair = table.required_text(
        diagnostics,
        "pair",
        "name the pair the exception is for, as its log's `pair` says",
    );
    let reason = table.required_text(
        diagnostics,
        "reason",
        "say why the exception was granted: it is shown with every finding it excuses",
    );
    let approved_by = table.required_text(
        diagnostics,
        "approved-by",
        "say who approved the exception (a role or a name)",
    );
    let approved = table.required_date(
        diagnostics,
        "approved",
        "give the day the exception was approved, e.g. `approved = 2025-03-01`",
    );
    let expires = table.date(diagnostics, "expires");
    // A reference to where the approval is recorded; kept for the people reading the file.
    let _ticket = table.text(diagnostics, "ticket");
    if let (Some(approved), Some(expires)) = (&approved, &expires)
        && expires.value < approved.value
    {
        let message = format!(
            "{} expires on {}, before it was approved on {}",
            table.name, expires.value, approved.value
        );
        table.problem(
            diagnostics,
            expires.span,
            message,
            "before `approved`",
            Some(
                "an exception holds up to and including its `expires` day: check both dates"
                    .to_owned(),
            ),
        );
    }
    // A pair id that reads like a sentence may name a person: findings never carry one (a
    // baseline or a report could repeat it), so no entry could name its findings either.
    let pair = pair.filter(|pair| {
        let is_id = looks_like_id(&pair.value);
        if !is_id {
            table.problem(
                diagnostics,
                pair.span,
                "`pair` must be an id (letters, digits, `-`, `_`, `.`; at most 64 characters)"
                    .to_owned(),
                "not an id",
                Some(
                    "a log whose `pair` is not an id is named by its file and cannot have \
                     exceptions: give the pair an id in the platform's export"
                        .to_owned(),
                ),
            );
        }
        is_id
    });
    let target = pair.map(|pair| PairRef { program, pair });
    let approval = match (reason, approved_by, approved) {
        (Some(reason), Some(approved_by), Some(approved)) => Some(Approval {
            span: table.span,
            reason,
            approved_by,
            approved,
            expires,
        }),
        _ => None,
    };
    (target, approval)
}

fn waiver(table: &mut Table, diagnostics: &mut Diagnostics) -> Option<Waiver> {
    let (target, approval) = target_and_approval(table, diagnostics);
    let rule = table.required_text(
        diagnostics,
        "rule",
        "name the rule the waiver excuses, by code (`L014`) or name (`gap-too-long`)",
    );
    let rule = rule.and_then(|rule| waivable_rule(table, diagnostics, rule));
    let session = table.positive(diagnostics, "session");
    let milestone = table.text(diagnostics, "milestone");
    if let (Some(session), Some(_)) = (&session, &milestone) {
        table.problem(
            diagnostics,
            session.span,
            "a waiver names one session or one milestone, not both".to_owned(),
            "and a milestone",
            Some("write two waivers, or leave both out to waive every finding of the rule for the pair".to_owned()),
        );
    }
    let mut known: Vec<&str> = APPROVAL_KEYS.to_vec();
    known.extend(["rule", "session", "milestone"]);
    let table_ok = table.finish(diagnostics, &known);
    Some(Waiver {
        target: target?,
        rule: rule?,
        session,
        milestone,
        approval: approval.filter(|_| table_ok)?,
    })
}

/// The rule a waiver names, if it is a log rule: a waiver is for one pair, and only log rules
/// judge a pair.
fn waivable_rule(
    table: &mut Table,
    diagnostics: &mut Diagnostics,
    named: Spanned<String>,
) -> Option<Spanned<&'static Rule>> {
    match rules::find(&named.value) {
        Some(rule) if rule.stage == Stage::Log => Some(Spanned::new(rule, named.span)),
        Some(rule) => {
            let message = format!(
                "rule {} ({}) cannot be waived for a pair: only log rules (`L…`) judge a pair",
                rule.code, rule.name
            );
            let help = "a program's own findings are fixed in the program, or relaxed for \
                        everyone with a `severity` line; `--ignore` leaves a rule out of a run";
            table.problem(
                diagnostics,
                named.span,
                message,
                "not a log rule",
                Some(help.to_owned()),
            );
            None
        }
        None => {
            let candidates = rules::all()
                .filter(|r| r.stage == Stage::Log)
                .flat_map(|r| [r.code, r.name]);
            let help = match words::did_you_mean(&named.value, candidates) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "`mentor rules` lists every rule with its code and name".to_owned(),
            };
            let message = format!("no rule `{}`", named.value);
            table.problem(diagnostics, named.span, message, "unknown rule", Some(help));
            None
        }
    }
}

fn pause(table: &mut Table, diagnostics: &mut Diagnostics) -> Option<Pause> {
    let (target, approval) = target_and_approval(table, diagnostics);
    let from = table.required_date(diagnostics, "from", "give the first day of the pause");
    let to = table.required_date(
        diagnostics,
        "to",
        "give the day the pair resumes: the pause is the days from `from` to `to`",
    );
    if let (Some(from), Some(to)) = (&from, &to)
        && to.value <= from.value
    {
        let message = format!(
            "the pause ends on {} but starts on {}: `to` must be after `from`",
            to.value, from.value
        );
        table.problem(diagnostics, to.span, message, "not after `from`", None);
    }
    let mut known: Vec<&str> = APPROVAL_KEYS.to_vec();
    known.extend(["from", "to"]);
    let table_ok = table.finish(diagnostics, &known);
    Some(Pause {
        target: target?,
        from: from?,
        to: to?,
        approval: approval.filter(|_| table_ok)?,
    })
}

fn extension(table: &mut Table, diagnostics: &mut Diagnostics) -> Option<Extension> {
    let (target, approval) = target_and_approval(table, diagnostics);
    let milestone = table.required_text(
        diagnostics,
        "milestone",
        "name the milestone whose deadline moves, by its id in the program",
    );
    let to = table.required_date(
        diagnostics,
        "to",
        "give the new deadline, e.g. `to = 2025-05-30`",
    );
    let mut known: Vec<&str> = APPROVAL_KEYS.to_vec();
    known.extend(["milestone", "to"]);
    let table_ok = table.finish(diagnostics, &known);
    Some(Extension {
        target: target?,
        milestone: milestone?,
        to: to?,
        approval: approval.filter(|_| table_ok)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file read, and each problem as (line, column, message).
    fn read_text(text: &str) -> (Exceptions, Vec<(usize, usize, String)>) {
        let mut sources = Sources::new();
        let id = sources.add("mentor-exceptions.toml", text);
        let mut diagnostics = Diagnostics::new();
        let exceptions = read(&sources, id, &mut diagnostics);
        let mut problems: Vec<(usize, usize, String)> = diagnostics
            .iter()
            .map(|d| {
                assert_eq!(d.code(), "C002");
                let at = sources.line_column(d.primary.span);
                (at.line, at.column, d.message.clone())
            })
            .collect();
        problems.sort();
        (exceptions, problems)
    }

    const APPROVAL: &str =
        "reason = \"parental leave\"\napproved-by = \"program-lead\"\napproved = 2025-02-28\n";

    #[test]
    fn the_three_kinds_of_entry_are_read_with_their_approval() {
        let text = format!(
            "[[pause]]\npair = \"pair-051\"\nfrom = 2025-03-03\nto = \"2025-03-24\"\n{APPROVAL}\n\
             [[extend]]\nprogram = \"senior-ic\"\npair = \"pair-052\"\nmilestone = \"m\"\nto = 2025-05-30\n{APPROVAL}\n\
             [[waive]]\npair = \"pair-053\"\nrule = \"l014\"\nmilestone = \"m\"\n{APPROVAL}"
        );
        let (exceptions, problems) = read_text(&text);
        assert!(problems.is_empty(), "{problems:?}");
        let pause = &exceptions.pauses[0];
        assert_eq!(pause.days(), 21, "a date given as a string is read too");
        assert_eq!(pause.approval.reason.value, "parental leave");
        assert_eq!(exceptions.extensions[0].milestone.value, "m");
        let waiver = &exceptions.waivers[0];
        assert_eq!(waiver.rule.value.code, "L014", "codes are read in any case");
        assert!(waiver.session.is_none());
    }

    #[test]
    fn a_broken_entry_is_reported_and_left_out_while_the_others_apply() {
        let text = format!(
            "[[pause]]\npair = \"pair-051\"\nfrom = 2025-03-24\nto = 2025-03-03\n{APPROVAL}\n\
             [[pause]]\npair = \"pair-052\"\nfrom = 2025-03-03\nto = 2025-03-24\n{APPROVAL}\n\
             [[waive]]\npair = \"pair-053\"\nrule = \"L014\"\nsession = 0\n{APPROVAL}\n\
             [[waiver]]\npair = \"pair-054\"\n"
        );
        let (exceptions, problems) = read_text(&text);
        assert_eq!(
            problems,
            [
                (
                    4,
                    6,
                    "the pause ends on 2025-03-03 but starts on 2025-03-24: `to` must be after `from`"
                        .to_owned()
                ),
                (
                    20,
                    11,
                    "`session` must be a whole number from 1, found 0".to_owned()
                ),
                (
                    25,
                    3,
                    "the exceptions file has no key `waiver`".to_owned()
                ),
            ]
        );
        let pairs: Vec<&str> = exceptions
            .pauses
            .iter()
            .map(|p| p.target.pair.value.as_str())
            .collect();
        assert_eq!(pairs, ["pair-052"]);
        assert!(exceptions.waivers.is_empty());
    }

    #[test]
    fn a_pair_that_reads_like_a_sentence_cannot_have_exceptions() {
        let text = format!(
            "[[pause]]\npair = \"Jane is struggling\"\nfrom = 2025-03-03\nto = 2025-03-24\n{APPROVAL}"
        );
        let (exceptions, problems) = read_text(&text);
        assert!(exceptions.is_empty());
        assert_eq!(
            problems,
            [(
                2,
                8,
                "`pair` must be an id (letters, digits, `-`, `_`, `.`; at most 64 characters)"
                    .to_owned()
            )]
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_one_problem_and_no_entry() {
        let (exceptions, problems) = read_text("[[waive]\npair = \n");
        assert!(exceptions.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        // At the end of the unclosed header.
        assert_eq!((problems[0].0, problems[0].1), (1, 9));
    }
}
