//! The log rules: a loaded [`Log`] compared with the [`Program`] it names.
//!
//! Every diagnostic has its primary label on the offending value in the log (or on the
//! session, or the log's first line, when something is missing) and, where the program states
//! the rule in its text, a second label there. Messages give the computed values (dates, gaps
//! in days, limits) in the designer's words and name ids, numbers and dates only: answers and
//! takeaways are never quoted, whatever rule fires.
//!
//! This file holds the entry points, the [`LogContext`] every rule reads and reports into, and
//! the run order ([`run`]). Each code is emitted from exactly one file, named for the situation
//! its codes cover:
//!
//! | file | codes | situation |
//! |---|---|---|
//! | `identity.rs` | L005–L010 | the program, version, track and ids the log names exist |
//! | `sequence.rs` | L012 L013 | sessions numbered and dated in order |
//! | `rhythm.rs` | L014–L017 | gaps between sessions and session lengths |
//! | `phase.rs` | L018–L021 L025 | what the session's phase (or the review rule) allows |
//! | `answers.rs` | L011 L022 | a session's answers against its lenses' fields |
//! | `outcomes.rs` | L023 L024 | how a held session ended |
//! | `milestones.rs` | L026–L029 L041 | claims, evidence, deadlines, and the forecast of a deadline at the pair's pace |
//! | `completion.rs` | L030 | a pair marked completed too early |
//! | `reviews.rs` | L031 | the review interval |
//! | `agreement.rs` | L032 L033 | the agreement before session K |
//! | `pairs.rs` | L034 | one log per pair, across logs |
//! | `activity.rs` | L035–L037 | the log against the calendar as of `--as-of`: inactivity, sessions in the future, overrun |
//! | `start.rs` | L038 | the first session, counted from the start |
//! | `streaks.rs` | L039 | runs of cancelled or missed sessions |
//! | `planned.rs` | L040 | planned sessions whose date has passed |
//!
//! `L001`–`L004` (the log's shape) are found while loading, in `crate::log`, and only pushed
//! here with the program's severities.
//!
//! Two cuts differ from the first plan (identity L005–L011, phase L018–L025). `L011` and
//! `L022` are one pass over a session's answers, run only when the session's lenses are
//! settled (a review naming another lens has its answers judged by nothing: the lens is the
//! one mistake), so they share `answers.rs` rather than splitting that pass between identity
//! and phase. `L023`/`L024` judge the outcome a session ended with, which no phase states, so
//! they have `outcomes.rs`.
//!
//! **Architecture Invariant:** no IO and no printing; `as_of` stands in for "today" so checks
//! are reproducible.

mod activity;
mod agreement;
mod answers;
mod completion;
mod identity;
mod milestones;
mod outcomes;
mod pairs;
mod phase;
mod planned;
mod reviews;
mod rhythm;
mod sequence;
mod start;
mod streaks;

use compact_str::CompactString;
use jiff::civil::Date;

use crate::diagnostic::{DefaultSeverities, Diagnostic, Diagnostics, Label, Subject};
use crate::exceptions::{Exceptions, PairExceptions, Pause};
use crate::log::{Log, Session, Spanned, looks_like_id};
use crate::model::{self, Milestone, Program};
use crate::rules::Rule;
use crate::source::Span;
use crate::words;

pub(crate) use pairs::check_unique_pairs;

/// Checks each log against the program its `program` field names (see [`check_matched`]).
/// Logs are checked in parallel; their diagnostics come out in log order.
pub(crate) fn check_logs(
    programs: &[Program],
    logs: &[Log],
    as_of: Date,
    exceptions: &Exceptions,
    diagnostics: &mut Diagnostics,
) {
    use rayon::prelude::*;
    let found: Vec<Diagnostics> = logs
        .par_iter()
        .map(|log| {
            let mut found = Diagnostics::new();
            check_matched(programs, log, as_of, exceptions, &mut found);
            found
        })
        .collect();
    for found in found {
        diagnostics.extend(found);
    }
}

/// Checks one log against the program its `program` field names. A log naming no known
/// program gets `L005` and its shape problems with default severities.
/// Returns the program the log was checked against.
pub(crate) fn check_matched<'p>(
    programs: &'p [Program],
    log: &Log,
    as_of: Date,
    exceptions: &Exceptions,
    diagnostics: &mut Diagnostics,
) -> Option<&'p Program> {
    let program = find_program(programs, log);
    match program {
        Some(program) => {
            let pair = log.pair.as_ref().map(|p| p.value.as_str());
            let exceptions = exceptions.for_pair(Some(&program.id), pair, as_of);
            check_log(program, log, as_of, exceptions, diagnostics);
        }
        None => report_unmatched(programs, log, diagnostics),
    }
    program
}

/// The program a log names, if it is among `programs`. When several versions of the program
/// sit side by side, the log is checked against the version it names; a log naming none of
/// them falls back to the newest (and `L006` says so), a log naming no version too (without a
/// warning: it does not say which it started on).
pub(crate) fn find_program<'p>(programs: &'p [Program], log: &Log) -> Option<&'p Program> {
    let id = log.program_id()?;
    let version = log.version.as_ref().map(|v| v.value.as_str());
    let candidates = programs.iter().filter(|p| p.id == id);
    if let Some(version) = version
        && let Some(named) = candidates
            .clone()
            .find(|p| p.version.as_deref() == Some(version))
    {
        return Some(named);
    }
    // The first of equals wins: the language server lists the nearest directory's programs
    // first.
    candidates.reduce(|newest, p| {
        match model::compare_versions(p.version.as_deref(), newest.version.as_deref()) {
            std::cmp::Ordering::Greater => p,
            _ => newest,
        }
    })
}

/// Reports a log whose program is missing or unknown: its shape problems, and `L005` when it
/// names an id that no program has.
pub(crate) fn report_unmatched(programs: &[Program], log: &Log, diagnostics: &mut Diagnostics) {
    let first = diagnostics.len();
    for problem in &log.problems {
        diagnostics.push_with(&DefaultSeverities, problem.clone());
    }
    identity::unknown_program(programs, log, diagnostics);
    for diagnostic in diagnostics.since_mut(first) {
        diagnostic.subject = subject_of(
            log.program_id(),
            log.pair.as_ref().map(|p| p.value.as_str()),
            None,
        );
    }
}

/// Checks one log against its program, pushing with the program's severities. `exceptions`
/// are the pair's pauses and extensions.
pub(crate) fn check_log(
    program: &Program,
    log: &Log,
    as_of: Date,
    exceptions: PairExceptions<'_>,
    diagnostics: &mut Diagnostics,
) {
    let mut cx = LogContext {
        program,
        log,
        as_of,
        exceptions,
        applicable_milestones: program.milestones_for_track(log.track_id()),
        found: log.problems.clone(),
        about_the_whole_log: Vec::new(),
    };
    run(&mut cx);
    if cx.found.is_empty() {
        // Most logs: no session to find for any finding.
        return;
    }
    let whole_log = cx.about_the_whole_log;
    let extents = SessionExtents::of(log);
    for (index, mut diagnostic) in cx.found.into_iter().enumerate() {
        let milestone = diagnostic.subject.milestone.take();
        // A finding about the whole log or a milestone points at a session only as evidence
        // (the last one held): its subject is not that session, which a new session changes.
        let session = (milestone.is_none() && !whole_log.contains(&index))
            .then(|| extents.session_at(diagnostic.primary.span))
            .flatten();
        diagnostic.subject = Subject {
            milestone,
            ..subject_of(
                Some(&program.id),
                log.pair.as_ref().map(|p| p.value.as_str()),
                session,
            )
        };
        diagnostics.push_with(program, diagnostic);
    }
}

/// A finding's [`Subject`]: the program and the pair, each only when it is an id (a `program`
/// or `pair` that reads like a sentence may name a person, and a subject is written to a
/// baseline; a waiver could not name it anyway), and the session.
pub(super) fn subject_of(
    program: Option<&str>,
    pair: Option<&str>,
    session: Option<u32>,
) -> Subject {
    Subject {
        program: program
            .filter(|p| looks_like_id(p))
            .map(CompactString::from),
        pair: pair.filter(|p| looks_like_id(p)).map(CompactString::from),
        session,
        milestone: None,
    }
}

/// Where each session's text is: from its start to the end of the last value it gives, in
/// text order. Sessions do not interleave (a TOML `[[sessions]]` table, a JSON object in a
/// list), so the session a finding points into is found by binary search: a log of 50,000
/// sessions with a finding in each must not compare every finding with every session.
struct SessionExtents {
    /// (start, end, source, number) of each numbered session, sorted by start.
    extents: Vec<(u32, u32, crate::source::SourceId, u32)>,
}

impl SessionExtents {
    fn of(log: &Log) -> SessionExtents {
        let mut extents: Vec<(u32, u32, crate::source::SourceId, u32)> = log
            .sessions
            .iter()
            .filter_map(|session| {
                let number = session.number.as_ref()?.value;
                let start = session_spans(session).map(|s| s.start).min()?;
                let end = session_spans(session).map(|s| s.end).max()?;
                Some((start, end, session.span.source, number))
            })
            .collect();
        extents.sort_unstable();
        SessionExtents { extents }
    }

    /// The number of the session whose text holds `span`: its start, or any value it gives.
    /// Every finding about a session points at one of these, whatever order the fields come
    /// in.
    fn session_at(&self, span: Span) -> Option<u32> {
        let after = self.extents.partition_point(|e| e.0 <= span.start);
        let &(_, end, source, number) = self.extents.get(after.checked_sub(1)?)?;
        (source == span.source && span.end <= end).then_some(number)
    }
}

/// The places a session's text occupies, as far as the log keeps them.
fn session_spans(session: &Session) -> impl Iterator<Item = Span> + '_ {
    let values = [
        session.number.as_ref().map(|v| v.span),
        session.date.as_ref().map(|v| v.span),
        session.minutes.as_ref().map(|v| v.span),
        session.kind.as_ref().map(|v| v.span),
        session.status.as_ref().map(|v| v.span),
        session.outcome.as_ref().map(|v| v.span),
        session.takeaway,
        session.new_problem.as_ref().map(|v| v.span),
        session.lens_span,
        session.answers_span,
    ];
    std::iter::once(session.span)
        .chain(values.into_iter().flatten())
        .chain(session.lenses.iter().map(|l| l.span))
        .chain(session.milestones.iter().map(|m| m.span))
        .chain(
            session
                .answers
                .iter()
                .flat_map(|a| [a.field.span, a.text_span]),
        )
}

/// What every log rule reads (the program, the log, the date that stands in for "today") and
/// where it reports. Findings are kept in emission order and pushed with the program's
/// severities once the log is done.
pub(super) struct LogContext<'a> {
    pub(super) program: &'a Program,
    pub(super) log: &'a Log,
    pub(super) as_of: Date,
    /// The pair's approved pauses and extensions, which move its deadlines and take days out
    /// of its calendar (`crate::schedule` reads them).
    pub(super) exceptions: PairExceptions<'a>,
    /// The milestones the log's track owes (the program's when the track is absent or
    /// unknown), found once: each session's claims and the milestone rules read them.
    pub(super) applicable_milestones: Vec<&'a Milestone>,
    found: Vec<Diagnostic>,
    /// Which of `found` are about the whole log though they point into a session (see
    /// [`LogContext::report_about_log`]).
    about_the_whole_log: Vec<usize>,
}

impl LogContext<'_> {
    /// Records a finding; the caller adds its program label and help to what this returns.
    pub(super) fn report(
        &mut self,
        rule: &'static Rule,
        message: String,
        primary: Label,
    ) -> &mut Diagnostic {
        self.found.push(Diagnostic::new(rule, message, primary));
        let last = self.found.len() - 1;
        &mut self.found[last]
    }

    /// [`LogContext::report`] for a finding about the whole log whose label points into a
    /// session only as evidence (the last one held): a waiver or baseline names it by the
    /// pair, not by that session, which the next session changes.
    pub(super) fn report_about_log(
        &mut self,
        rule: &'static Rule,
        message: String,
        primary: Label,
    ) -> &mut Diagnostic {
        self.about_the_whole_log.push(self.found.len());
        self.report(rule, message, primary)
    }

    /// The log names a track the program does not have (`L007`): which track's milestones
    /// apply is then unknown, so the rules that depend on them stay silent.
    pub(super) fn track_unknown(&self) -> bool {
        self.log
            .track_id()
            .is_some_and(|id| self.program.track(id).is_none())
    }
}

/// The labels on the pause entries that moved a finding's dates ("a pause of 21 days"), so a
/// reader sees why a date is not the program's.
pub(super) fn pause_labels(pauses: &[&Pause]) -> Vec<Label> {
    pauses
        .iter()
        .map(|pause| Label::new(pause.approval.span, words::pause_label(pause.days())))
        .collect()
}

/// A lens a session names that the program defines.
pub(super) struct KnownLens<'a> {
    /// Where the session names it.
    pub(super) named: &'a Spanned<String>,
    pub(super) lens: &'a model::Lens,
}

/// The run order: log-wide rules, then each session in list order, then the rules over the
/// whole history. Output is sorted before it is shown; this is still the order findings were
/// always emitted in, so no caller that reads them unsorted sees a difference.
fn run(cx: &mut LogContext<'_>) {
    identity::version(cx);
    identity::track(cx);
    sequence::numbering(cx);
    sequence::date_order(cx);
    rhythm::gaps(cx);
    for session in &cx.log.sessions {
        identity::session_ids(cx, session);
        activity::session_in_future(cx, session);
        if session.is_held() {
            held_session(cx, session);
        }
    }
    milestones::milestones(cx);
    completion::completion(cx);
    reviews::reviews(cx);
    agreement::agreement(cx);
    activity::inactive(cx);
    activity::overrun(cx);
    start::first_session(cx);
    streaks::missed_sessions(cx);
    planned::planned_sessions(cx);
}

/// The rules of one held session. Its phase decides which lenses it may use, and those decide
/// which fields it must answer.
fn held_session<'a>(cx: &mut LogContext<'a>, session: &'a Session) {
    rhythm::minutes(cx, session);
    let phase = session
        .number
        .as_ref()
        .and_then(|n| cx.program.phase_for_session(n.value));
    phase::beyond_last_phase(cx, session, phase);
    // The lenses it names that the program defines, looked up once for the lens rule and the
    // answers.
    let known_lenses: Vec<KnownLens<'a>> = session
        .lenses
        .iter()
        .filter_map(|named| {
            let lens = cx.program.lens(&named.value)?;
            Some(KnownLens { named, lens })
        })
        .collect();
    if let Some(allowed_lenses) = phase::allowed_lenses(cx, session, phase, &known_lenses) {
        answers::answers(cx, session, &known_lenses, &allowed_lenses);
    }
    outcomes::outcome(cx, session);
    phase::new_problem(cx, session, phase);
}

#[cfg(test)]
mod example_logs;
#[cfg(test)]
mod test_support;

#[cfg(test)]
mod tests {
    use super::test_support::{
        COMPLIANT, PROGRAM_TEXT, check, check_against, check_with, chosen_version,
        codes_and_positions, compliant_with, program_replacing, program_with,
    };
    use crate::diagnostic::Severity;
    use crate::log::LogFormat;

    #[test]
    fn the_compliant_log_passes() {
        let findings = check(COMPLIANT);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn the_same_log_in_json_passes_and_json_lines_positions_are_per_line() {
        let json = r#"{"program": "senior-ic", "pair": "pair-1", "started": "2026-11-02", "status": "active", "sessions": [{"number": 1, "date": "2026-11-02", "minutes": 60, "outcome": "assumption"}]}"#;
        assert!(check_with(LogFormat::Json, json, PROGRAM_TEXT).is_empty());
        let lines = format!(
            "{json}\n\n{}\n",
            json.replace("\"minutes\": 60", "\"minutes\": 30")
        );
        let findings = check_with(LogFormat::JsonLines, &lines, PROGRAM_TEXT);
        let column = json.find("60").map(|c| c + 1).unwrap_or(0);
        assert_eq!(codes_and_positions(&findings), [("L016", 3, column)]);
    }

    #[test]
    fn unknown_fields_suggest_the_closest_one() {
        let findings = check(&compliant_with(
            "outcome = \"behavior\"\n\n",
            "outcom = \"behavior\"\n\n",
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L023", 13, 1), ("L001", 17, 1)],
            "{findings:#?}"
        );
        assert_eq!(findings[1].message, "unknown session field `outcom`");
        assert_eq!(findings[1].help.as_deref(), Some("did you mean `outcome`?"));
    }

    #[test]
    fn wrong_types_and_values_point_at_the_value() {
        let findings = check(&compliant_with(
            "minutes = 50\noutcome = \"behavior\"",
            "minutes = \"fifty\"\noutcome = \"behavior\"\nstatus = \"canceled\"",
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L003", 16, 11), ("L003", 18, 10)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].message,
            "`status` must be one of `held`, `cancelled`, `no-show`, `planned`, found `canceled`"
        );
    }

    #[test]
    fn missing_required_fields_point_at_the_log_or_the_session() {
        let findings =
            check(&compliant_with("started = 2025-01-06\n", "").replacen("number  = 2\n", "", 1));
        assert_eq!(
            codes_and_positions(&findings),
            [("L004", 1, 1), ("L004", 12, 1)],
            "{findings:#?}"
        );
        assert_eq!(findings[0].message, "the log has no `started`");
        assert_eq!(
            findings[1].message,
            "the held session on 2025-01-20 has no `number`"
        );
    }

    #[test]
    fn a_misspelt_session_status_is_reported_once() {
        let cancelled =
            "[[sessions]]\ndate   = 2025-01-13\nstatus = \"canceled\"\n\n[[sessions]]\nnumber  = 2";
        let text = compliant_with("[[sessions]]\nnumber  = 2", cancelled);
        let findings = check(&text);
        assert_eq!(
            codes_and_positions(&findings),
            [("L003", 15, 10)],
            "{findings:#?}"
        );
        // With a number, the session was held: its checks still apply.
        let numbered = text.replacen("date   = 2025-01-13", "number = 2\ndate   = 2025-01-13", 1);
        let codes: Vec<&str> = check(&numbered).iter().map(|f| f.code).collect();
        assert!(
            codes.contains(&"L003") && codes.contains(&"L012"),
            "{codes:?}"
        );
    }

    #[test]
    fn a_log_is_checked_against_the_program_of_its_version() {
        let old = program_replacing("version \"2025.1\"", "version \"2024.2\"");
        let log = compliant_with("\"2025.1\"", "\"2024.2\"");
        let chosen = chosen_version(&[PROGRAM_TEXT, &old], &log);
        assert_eq!(chosen.as_deref(), Some("2024.2"));
        let findings = check_against(&log, &[PROGRAM_TEXT, &old]);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn program_severity_overrides_apply_to_log_rules() {
        let text = compliant_with("minutes = 45", "minutes = 30");
        let program = program_with("    severity L016 warning\n");
        let findings = check_with(LogFormat::Toml, &text, &program);
        let severities: Vec<_> = findings.iter().map(|f| (f.code, f.severity)).collect();
        assert_eq!(severities, [("L016", Severity::Warning)]);
    }

    #[test]
    fn garbage_empty_and_non_objects_never_panic() {
        for (format, text) in [
            (LogFormat::Toml, ""),
            (LogFormat::Toml, "program = "),
            (LogFormat::Json, "null"),
            (LogFormat::Json, "[]"),
            (LogFormat::Json, "{\"program\": "),
            (LogFormat::JsonLines, "{}\n[1]\nnot json\n"),
            (
                LogFormat::Json,
                "{\"sessions\": [1, null, {\"answers\": [\"x\"]}]}",
            ),
            (
                LogFormat::Toml,
                "sessions = 3\nstarted = 1979-05-27T07:32:00Z",
            ),
        ] {
            let findings = check_with(format, text, PROGRAM_TEXT);
            assert!(!findings.is_empty(), "{text:?} gave no diagnostic");
        }
    }
}
