//! The log rules: a loaded [`Log`] compared with the [`Program`] it names.
//!
//! Every diagnostic has its primary label on the offending value in the log (or on the
//! session, or the log's first line, when something is missing) and, where the program states
//! the rule in its text, a second label there. Messages give the computed values (dates, gaps
//! in days, limits) in the designer's words and name ids, numbers and dates only: answers and
//! takeaways are never quoted, whatever rule fires.
//!
//! **Architecture Invariant:** no IO and no printing; `as_of` stands in for "today" so checks
//! are reproducible.

use jiff::civil::Date;

use crate::diagnostic::{DefaultSeverities, Diagnostic, Diagnostics, Label};
use crate::log::{Log, PairStatus, Session, SessionKind, Spanned};
use crate::model::{Deadline, Lens, LensRule, Milestone, Phase, Program, Review};
use crate::rules::{self, Rule};
use crate::schedule::{
    claimed_with_evidence, days_between, due_date, evidence_shortfall, lateness, session_reached,
};
use crate::source::Span;
use crate::words::{
    self, days_with_weeks, did_you_mean, ids_and, ids_comma, ids_or, plural, quote_id,
    unknown_id_help,
};

/// Checks each log against the program its `program` field names (see [`check_matched`]).
/// Logs are checked in parallel; their diagnostics come out in log order.
pub fn check_logs(programs: &[Program], logs: &[Log], as_of: Date, diagnostics: &mut Diagnostics) {
    use rayon::prelude::*;
    let found: Vec<Diagnostics> = logs
        .par_iter()
        .map(|log| {
            let mut found = Diagnostics::new();
            check_matched(programs, log, as_of, &mut found);
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
pub fn check_matched<'p>(
    programs: &'p [Program],
    log: &Log,
    as_of: Date,
    diagnostics: &mut Diagnostics,
) -> Option<&'p Program> {
    let program = find_program(programs, log);
    match program {
        Some(program) => check_log(program, log, as_of, diagnostics),
        None => report_unmatched(programs, log, diagnostics),
    }
    program
}

/// The program a log names, if it is among `programs`. When several programs share the id
/// (an old and a new version side by side), the one of the log's `version` is preferred.
pub fn find_program<'p>(programs: &'p [Program], log: &Log) -> Option<&'p Program> {
    let id = log.program_id()?;
    let version = log.version.as_ref().map(|v| v.value.as_str());
    let mut candidates = programs.iter().filter(|p| p.id == id);
    let first = candidates.next()?;
    let same_version = std::iter::once(first)
        .chain(candidates)
        .find(|p| version.is_some() && p.version.as_deref() == version);
    Some(same_version.unwrap_or(first))
}

/// `L034`: two logs of one program that name the same pair. `pairs` gives each matched log's
/// program id and `pair` value in input order; the later log is reported, pointing at the first.
pub fn check_unique_pairs<'a>(
    programs: &[Program],
    pairs: impl IntoIterator<Item = (&'a str, &'a Spanned<String>)>,
    diagnostics: &mut Diagnostics,
) {
    let mut first: std::collections::HashMap<(&str, &str), Span> = std::collections::HashMap::new();
    for (program_id, pair) in pairs {
        let Some(earlier) = first.get(&(program_id, pair.value.as_str())) else {
            first.insert((program_id, pair.value.as_str()), pair.span);
            continue;
        };
        let diagnostic = Diagnostic::new(
            &rules::DUPLICATE_PAIR,
            format!(
                "pair {} of program `{program_id}` has another log: the contract is one log per pair",
                quote_id(&pair.value)
            ),
            Label::new(pair.span, "a second log of this pair"),
        )
        .with_label(Label::new(*earlier, "the first log of this pair"))
        .with_help("keep one log per pair (an export and a hand-written copy count twice), or give each pair its own id");
        match programs.iter().find(|p| p.id == program_id) {
            Some(program) => diagnostics.push_with(program, diagnostic),
            None => diagnostics.push(diagnostic),
        }
    }
}

/// Reports a log whose program is missing or unknown: its shape problems, and `L005` when it
/// names an id that no program has.
pub fn report_unmatched(programs: &[Program], log: &Log, diagnostics: &mut Diagnostics) {
    for problem in &log.problems {
        diagnostics.push_with(&DefaultSeverities, problem.clone());
    }
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

/// Checks one log against its program, pushing with the program's severities.
pub fn check_log(program: &Program, log: &Log, as_of: Date, diagnostics: &mut Diagnostics) {
    let mut checker = Checker {
        program,
        log,
        as_of,
        found: log.problems.clone(),
    };
    checker.check();
    for diagnostic in checker.found {
        diagnostics.push_with(program, diagnostic);
    }
}

struct Checker<'a> {
    program: &'a Program,
    log: &'a Log,
    as_of: Date,
    found: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn check(&mut self) {
        self.version();
        self.track();
        self.numbering();
        self.date_order();
        self.gaps();
        for session in &self.log.sessions {
            self.session_ids(session);
            if session.is_held() {
                self.held_session(session);
            }
        }
        self.milestones();
        self.completion();
        self.reviews();
        self.agreement();
    }

    fn report(&mut self, rule: &'static Rule, message: String, primary: Label) -> &mut Diagnostic {
        self.found.push(Diagnostic::new(rule, message, primary));
        let last = self.found.len() - 1;
        &mut self.found[last]
    }

    fn version(&mut self) {
        let (Some(logged), Some(current)) = (&self.log.version, &self.program.version) else {
            return;
        };
        if &logged.value == current {
            return;
        }
        let program_span = self.program.span;
        let diagnostic = self.report(
            &rules::VERSION_MISMATCH,
            format!(
                "the log was started on version {} of `{}`; the program is now version {}",
                quote_id(&logged.value),
                self.program.id,
                quote_id(current)
            ),
            Label::new(logged.span, "the version the pair started on"),
        );
        diagnostic.secondary.push(Label::new(
            program_span,
            format!("this program is version `{current}`"),
        ));
        diagnostic.help = Some(
            "check the log against the program file of its version, or update `version` once \
             the pair moves to the new one"
                .to_owned(),
        );
    }

    fn track(&mut self) {
        let Some(track) = &self.log.track else {
            return;
        };
        if self.program.track(&track.value).is_some() {
            return;
        }
        let help = unknown_id_help(
            "track",
            &track.value,
            self.program.tracks.iter().map(|t| t.id.as_str()),
        );
        let program_span = self.program.span;
        let message = if self.program.tracks.is_empty() {
            format!(
                "the log names track {}, but program `{}` has no tracks",
                quote_id(&track.value),
                self.program.id
            )
        } else {
            format!(
                "program `{}` has no track {}",
                self.program.id,
                quote_id(&track.value)
            )
        };
        let diagnostic = self.report(
            &rules::UNKNOWN_TRACK,
            message,
            Label::new(track.span, "unknown track"),
        );
        diagnostic
            .secondary
            .push(Label::new(program_span, "the program the log follows"));
        diagnostic.help = Some(help);
    }

    /// Held sessions are numbered 1, 2, 3 … in list order; others carry no number.
    fn numbering(&mut self) {
        let mut expected = 1u32;
        for session in &self.log.sessions {
            let Some(number) = &session.number else {
                if session.is_held() {
                    expected = expected.saturating_add(1);
                }
                continue;
            };
            if !session.is_held() {
                let status = session.session_status().as_str();
                let what = match &session.date {
                    Some(date) => format!("the {status} session on {}", date.value),
                    None => format!("session entry {} ({status})", session.index + 1),
                };
                self.report(
                    &rules::SESSION_NUMBERING,
                    format!(
                        "{what} has number {}; only held sessions are numbered",
                        number.value
                    ),
                    Label::new(number.span, "not held, so not numbered"),
                )
                .help = Some(format!(
                    "remove `number`, or mark the session held; the next held session is number {expected}"
                ));
                continue;
            }
            if number.value != expected {
                self.report(
                    &rules::SESSION_NUMBERING,
                    format!(
                        "held session numbered {} where {expected} was expected: held sessions are numbered 1, 2, 3 … in the order listed",
                        number.value
                    ),
                    Label::new(number.span, format!("expected {expected}")),
                );
            }
            expected = number.value.saturating_add(1);
        }
    }

    /// Sessions are listed in date order, none before the log started.
    fn date_order(&mut self) {
        let started = self.log.started.clone();
        let mut previous: Option<(&Session, &Spanned<Date>)> = None;
        for session in &self.log.sessions {
            let Some(date) = &session.date else {
                continue;
            };
            if let Some(started) = &started
                && date.value < started.value
            {
                self.report(
                    &rules::SESSION_DATE_ORDER,
                    format!(
                        "{} is dated before the log started on {}",
                        session.describe_dated(),
                        started.value
                    ),
                    Label::new(date.span, "before `started`"),
                )
                .secondary
                .push(Label::new(started.span, "the log started here"));
            } else if let Some((before, before_date)) = previous
                && date.value < before_date.value
            {
                self.report(
                    &rules::SESSION_DATE_ORDER,
                    format!(
                        "{} is dated before {}, listed above it",
                        session.describe_dated(),
                        before.describe_dated()
                    ),
                    Label::new(date.span, "out of order"),
                )
                .secondary
                .push(Label::new(before_date.span, "the session listed above"));
            }
            previous = Some((session, date));
        }
    }

    /// Days between consecutive held sessions, against the cadence's gap bounds.
    fn gaps(&mut self) {
        let Some(cadence) = &self.program.cadence else {
            return;
        };
        // Consecutive held sessions only: when one has no valid date (reported on its own),
        // the gaps on either side of it are unknown, not the gap between its neighbours.
        let held: Vec<(&Session, Option<&Spanned<Date>>)> = self
            .log
            .held_sessions()
            .map(|s| (s, s.date.as_ref()))
            .collect();
        for pair in held.windows(2) {
            let [(before, Some(before_date)), (after, Some(after_date))] = pair else {
                continue;
            };
            if after_date.value < before_date.value {
                continue; // reported by `session-date-order`; a negative gap means nothing
            }
            let days = days_between(before_date.value, after_date.value);
            if let Some(max) = cadence.max_gap
                && days > i64::from(max.value)
            {
                self.report(
                    &rules::GAP_TOO_LONG,
                    format!(
                        "{} is {days} days after {}; the program allows at most {}",
                        after.describe_dated(),
                        before.describe_dated(),
                        days_with_weeks(max.value)
                    ),
                    Label::new(
                        after_date.span,
                        format!("{days} days after the session before"),
                    ),
                )
                .secondary
                .push(Label::new(max.span, "the longest gap the program allows"));
            }
            if let Some(min) = cadence.min_gap
                && days < i64::from(min.value)
            {
                self.report(
                    &rules::GAP_TOO_SHORT,
                    format!(
                        "{} is {} after {}; the program asks for at least {}",
                        after.describe_dated(),
                        plural(days, "day"),
                        before.describe_dated(),
                        days_with_weeks(min.value)
                    ),
                    Label::new(
                        after_date.span,
                        format!("{} after the session before", plural(days, "day")),
                    ),
                )
                .secondary
                .push(Label::new(
                    min.span,
                    "the shortest gap the program asks for",
                ));
            }
        }
    }

    /// Ids a session names must exist, whether or not it was held: a misspelled id in a
    /// cancelled session is still a misspelling.
    fn session_ids(&mut self, session: &Session) {
        for lens in &session.lenses {
            if self.program.lens(&lens.value).is_none() {
                let help = unknown_id_help(
                    "lens",
                    &lens.value,
                    self.program.lenses.iter().map(|l| l.id.as_str()),
                );
                self.report(
                    &rules::UNKNOWN_LENS,
                    format!(
                        "{} uses lens {}, which program `{}` does not define",
                        session.describe(),
                        quote_id(&lens.value),
                        self.program.id
                    ),
                    Label::new(lens.span, "unknown lens"),
                )
                .help = Some(help);
            }
        }
        if let Some(outcome) = &session.outcome
            && self.program.outcome(&outcome.value).is_none()
        {
            let help = unknown_id_help(
                "outcome",
                &outcome.value,
                self.program.outcomes.iter().map(|o| o.id.as_str()),
            );
            self.report(
                &rules::UNKNOWN_OUTCOME,
                format!(
                    "{} records outcome {}, which program `{}` does not define",
                    session.describe(),
                    quote_id(&outcome.value),
                    self.program.id
                ),
                Label::new(outcome.span, "unknown outcome"),
            )
            .help = Some(help);
        }
        let track = self.log.track_id();
        let applicable = self.program.milestones_for_track(track);
        for claim in &session.milestones {
            if applicable.iter().any(|m| m.id == claim.value) {
                continue;
            }
            let elsewhere = self.program.all_milestones().any(|m| m.id == claim.value);
            if elsewhere && self.track_unknown() {
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
                    self.program.id
                ),
            };
            let help = unknown_id_help(
                "milestone",
                &claim.value,
                applicable.iter().map(|m| m.id.as_str()),
            );
            self.report(
                &rules::UNKNOWN_MILESTONE,
                message,
                Label::new(claim.span, "unknown milestone"),
            )
            .help = Some(help);
        }
    }

    fn held_session(&mut self, session: &'a Session) {
        self.minutes(session);
        let number = session.number.as_ref();
        let phase = number.and_then(|n| self.program.phase_for_session(n.value));
        if let Some(number) = number {
            let last = self.program.last_session();
            if phase.is_none() && last > 0 && number.value > last {
                let rule_span = self
                    .program
                    .phases
                    .iter()
                    .max_by_key(|p| p.last_session)
                    .map_or(self.program.span, |p| p.range_span);
                self.report(
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
        let review_lens = self
            .program
            .review
            .as_ref()
            .filter(|_| session.session_kind() == SessionKind::Review)
            .and_then(|review| Some((review, review.lens.as_deref()?)));
        let allowed_lenses = match (review_lens, phase) {
            (Some((review, lens)), _) => self.review_lens_rule(session, review, lens),
            (None, Some(phase)) => Some(self.lens_rule(session, phase)),
            (None, None) => Some(session.lenses.iter().map(|l| l.value.as_str()).collect()),
        };
        if let Some(allowed_lenses) = allowed_lenses {
            self.answers(session, &allowed_lenses);
        }
        self.outcome(session);
        if let (Some(phase), Some(new_problem)) = (phase, &session.new_problem)
            && new_problem.value
            && let Some(rule) = phase.new_problems.as_ref().filter(|n| !n.allowed)
        {
            self.report(
                &rules::NEW_PROBLEM_FORBIDDEN,
                format!(
                    "{} brings a new problem, but phase `{}` (sessions {}..{}) forbids new problems",
                    session.describe(),
                    phase.id,
                    phase.first_session,
                    phase.last_session
                ),
                Label::new(new_problem.span, "a new problem"),
            )
            .secondary
            .push(Label::new(rule.span, format!("phase `{}` forbids new problems", phase.id)));
        }
    }

    fn minutes(&mut self, session: &Session) {
        let (Some(minutes), Some(limits)) = (&session.minutes, &self.program.session_minutes)
        else {
            return;
        };
        if let Some(min) = limits.at_least
            && minutes.value < min.value
        {
            self.report(
                &rules::SESSION_TOO_SHORT,
                format!(
                    "{} lasted {} minutes; the program asks for at least {}",
                    session.describe(),
                    minutes.value,
                    min.value
                ),
                Label::new(minutes.span, "too short"),
            )
            .secondary
            .push(Label::new(
                min.span,
                "the shortest session the program allows",
            ));
        }
        if let Some(max) = limits.at_most
            && minutes.value > max.value
        {
            self.report(
                &rules::SESSION_TOO_LONG,
                format!(
                    "{} lasted {} minutes; the program allows at most {}",
                    session.describe(),
                    minutes.value,
                    max.value
                ),
                Label::new(minutes.span, "too long"),
            )
            .secondary
            .push(Label::new(
                max.span,
                "the longest session the program allows",
            ));
        }
    }

    /// `review every N sessions with lens X`: a review session uses lens X, in place of its
    /// phase's lens rule and progression. Returns the lenses whose fields it must answer, or
    /// `None` when it names another lens: which worksheet its answers belong to is then the
    /// one mistake, already reported.
    fn review_lens_rule(
        &mut self,
        session: &'a Session,
        review: &Review,
        lens: &str,
    ) -> Option<Vec<&'a str>> {
        let mut allowed = Vec::new();
        let mut other_lens = false;
        for used in &session.lenses {
            if used.value == lens {
                allowed.push(used.value.as_str());
            } else if self.program.lens(&used.value).is_none() {
                other_lens = true; // `L008` names it, with the closest lens
            } else {
                other_lens = true;
                self.report(
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
            let diagnostic = self.report(
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
            diagnostic.help = Some(format!("add `lens = \"{lens}\"` and answer its fields"));
        }
        (!other_lens).then_some(allowed)
    }

    /// The phase's lens rule and progression; returns the known lenses the phase allows,
    /// whose fields the session must then answer.
    fn lens_rule(&mut self, session: &'a Session, phase: &Phase) -> Vec<&'a str> {
        let known: Vec<&Spanned<String>> = session
            .lenses
            .iter()
            .filter(|l| self.program.lens(&l.value).is_some())
            .collect();
        let mut allowed = Vec::new();
        let phase_name = format!(
            "phase `{}` (sessions {}..{})",
            phase.id, phase.first_session, phase.last_session
        );
        for lens in &known {
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
            let diagnostic = self.report(
                &rules::LENS_NOT_ALLOWED,
                message,
                Label::new(lens.span, "not allowed in this phase"),
            );
            diagnostic
                .secondary
                .push(Label::new(phase.lens_rule_span, "the phase's lens rule"));
            diagnostic.help = help;
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
            self.report(
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
            self.report(
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

    /// Answers must belong to the session's lenses; required fields of the allowed lenses
    /// must be answered.
    fn answers(&mut self, session: &Session, allowed_lenses: &[&str]) {
        let lenses: Vec<&Lens> = session
            .lenses
            .iter()
            .filter_map(|l| self.program.lens(&l.value))
            .collect();
        if lenses.is_empty() && !session.lenses.is_empty() {
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
            let owner = self
                .program
                .lenses
                .iter()
                .find(|l| l.field(&first.field.value).is_some());
            self.report(
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
            .help = owner.map(|lens| format!("add `lens = \"{}\"` to the session", lens.id));
            return;
        }
        for answer in &session.answers {
            let field = &answer.field.value;
            if lenses.iter().any(|l| l.field(field).is_some()) {
                continue;
            }
            let owner = self
                .program
                .lenses
                .iter()
                .find(|l| l.field(field).is_some());
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
            let diagnostic = self.report(
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
            diagnostic.help = help;
        }
        for lens in lenses
            .iter()
            .filter(|l| allowed_lenses.contains(&l.id.as_str()))
        {
            let unanswered: Vec<_> = lens
                .fields()
                .filter(|f| !f.optional && session.answer(&f.id).is_none())
                .collect();
            if !unanswered.is_empty() {
                let primary_span = session
                    .answers_span
                    .or(session.lens_span)
                    .unwrap_or(session.span);
                let diagnostic = self.report(
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
            for field in lens.fields().filter(|f| !f.optional) {
                if let Some(answer) = session.answer(&field.id).filter(|a| a.is_blank) {
                    self.report(
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
    }

    fn outcome(&mut self, session: &Session) {
        match &session.outcome {
            None if !session.has_field("outcome") && !self.program.outcomes.is_empty() => {
                // Suggest the outcomes a session should end with, not the failed ones.
                let ids = ids_or(
                    self.program
                        .outcomes
                        .iter()
                        .filter(|o| !o.failed)
                        .map(|o| &o.id),
                );
                let first = self.program.outcomes.first().map(|o| o.span);
                let diagnostic = self.report(
                    &rules::MISSING_OUTCOME,
                    format!("{} records no outcome", session.describe()),
                    Label::new(session.span, "no `outcome` in this session"),
                );
                if let Some(span) = first {
                    diagnostic
                        .secondary
                        .push(Label::new(span, "the program's outcomes start here"));
                }
                diagnostic.help = Some(format!("add an `outcome`: {ids}"));
            }
            Some(outcome) => {
                if let Some(declared) = self.program.outcome(&outcome.value).filter(|o| o.failed) {
                    let span = declared.span;
                    self.report(
                        &rules::FAILED_OUTCOME,
                        format!(
                            "{} ended with outcome `{}`, which the program marks as failed",
                            session.describe(),
                            declared.id
                        ),
                        Label::new(outcome.span, "a failed outcome"),
                    )
                    .secondary
                    .push(Label::new(span, "marked `failed` here"));
                }
            }
            None => {}
        }
    }

    /// The log names a track the program does not have (`L007`).
    fn track_unknown(&self) -> bool {
        self.log
            .track_id()
            .is_some_and(|id| self.program.track(id).is_none())
    }

    /// Claims (evidence, deadline) and unclaimed milestones (overdue, or unmet at completion).
    fn milestones(&mut self) {
        let applicable = self.program.milestones_for_track(self.log.track_id());
        let mut claimed: Vec<&str> = Vec::new();
        for session in &self.log.sessions {
            for claim in &session.milestones {
                let Some(milestone) = applicable.iter().find(|m| m.id == claim.value) else {
                    continue; // reported by `unknown-milestone`
                };
                if !session.is_held() {
                    self.report(
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
                self.evidence(session, claim, milestone);
                self.claimed_late(session, claim, milestone);
            }
        }
        // Nothing is owed when the pair withdrew, or when the milestones it owes are unknown
        // because its track is (a misspelt track would make every track milestone "missing").
        if self.log.pair_status() == PairStatus::Withdrawn || self.track_unknown() {
            return;
        }
        for milestone in applicable
            .iter()
            .filter(|m| !claimed.contains(&m.id.as_str()))
        {
            if self.log.pair_status() == PairStatus::Completed {
                self.unmet_at_completion(milestone);
            } else {
                self.overdue(milestone);
            }
        }
    }

    fn evidence(&mut self, session: &Session, claim: &Spanned<String>, milestone: &Milestone) {
        let shortfall = evidence_shortfall(self.program, session, milestone);
        let Some(shortfall) = shortfall else {
            return;
        };
        let rule_span = milestone.evidence_span.unwrap_or(milestone.span);
        self.report(
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

    fn due_date(&self, deadline: Deadline) -> Option<Date> {
        due_date(self.log, deadline)
    }

    /// "by session 4", "by week 10 (2025-03-17)", "by 2025-06-30".
    fn describe_deadline(&self, deadline: Deadline) -> String {
        match (deadline, self.due_date(deadline)) {
            (Deadline::ByWeek(weeks), Some(date)) => format!("by week {weeks} ({date})"),
            _ => deadline.describe(),
        }
    }

    fn claimed_late(&mut self, session: &Session, claim: &Spanned<String>, milestone: &Milestone) {
        let Some(deadline) = milestone.due else {
            return;
        };
        // Once a claim with its evidence met the deadline, claiming it again later is no lateness
        // (and `mentor report` counts the milestone met on time).
        if claimed_with_evidence(self.program, self.log, milestone) == Some(true) {
            return;
        }
        let late = lateness(self.log, session, deadline);
        let Some(late) = late else {
            return;
        };
        let rule_span = milestone.due_span.unwrap_or(milestone.span);
        self.report(
            &rules::MILESTONE_LATE,
            format!(
                "milestone `{}` is claimed in {}; it was due {}",
                milestone.id,
                words::late_claim(session, late),
                self.describe_deadline(deadline)
            ),
            Label::new(claim.span, "claimed late"),
        )
        .secondary
        .push(Label::new(rule_span, "the deadline"));
    }

    fn overdue(&mut self, milestone: &Milestone) {
        let Some(deadline) = milestone.due else {
            return;
        };
        let rule_span = milestone.due_span.unwrap_or(milestone.span);
        let (message, primary) = match deadline {
            Deadline::BySession(last) => {
                let Some((session, number)) = session_reached(self.log, last, self.as_of) else {
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
                let Some(due) = self.due_date(deadline) else {
                    return; // no `started` date: reported by `missing-log-field`
                };
                if due >= self.as_of {
                    return; // the deadline is still ahead
                }
                let primary = match (&self.log.started, deadline) {
                    (Some(started), Deadline::ByWeek(_)) => {
                        Label::new(started.span, "the deadline counts from here")
                    }
                    _ => Label::new(
                        self.log.span,
                        format!("no session claims `{}`", milestone.id),
                    ),
                };
                (
                    format!(
                        "milestone `{}` is overdue: it was due {} and no session claims it as of {}",
                        milestone.id,
                        self.describe_deadline(deadline),
                        self.as_of
                    ),
                    primary,
                )
            }
        };
        self.report(&rules::MILESTONE_OVERDUE, message, primary)
            .secondary
            .push(Label::new(rule_span, "the deadline"));
    }

    fn unmet_at_completion(&mut self, milestone: &Milestone) {
        let Some(status) = &self.log.status else {
            return;
        };
        let pair = self.log.pair.as_ref().map_or_else(
            || "the pair".to_owned(),
            |p| format!("pair {}", quote_id(&p.value)),
        );
        self.report(
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

    fn completion(&mut self) {
        let (Some(status), Some(length)) = (&self.log.status, &self.program.length) else {
            return;
        };
        if status.value != PairStatus::Completed {
            return;
        }
        let held = self.log.held_sessions().count();
        if held < length.min_sessions as usize {
            self.report(
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

    /// Among any `every` consecutive held sessions, one is a review.
    fn reviews(&mut self) {
        let Some(review) = &self.program.review else {
            return;
        };
        let every = review.every_sessions.max(1) as usize;
        let held: Vec<&Session> = self.log.held_sessions().collect();
        let mut since_review = 0usize;
        for (position, session) in held.iter().enumerate() {
            if session.session_kind() == SessionKind::Review {
                since_review = 0;
                continue;
            }
            since_review += 1;
            if since_review < every {
                continue;
            }
            let first = held
                .get(position + 1 - every)
                .map_or_else(String::new, |s| s.describe());
            let primary = match &session.kind {
                Some(kind) => Label::new(kind.span, "not a review"),
                None => Label::new(session.span, "not a review"),
            };
            let span = review.span;
            self.report(
                &rules::REVIEW_OVERDUE,
                format!(
                    "no review from {first} to {}: the program asks for a review at least every {}",
                    session.describe(),
                    plural(every as i64, "session")
                ),
                primary,
            )
            .secondary
            .push(Label::new(span, "the review interval"));
            since_review = 0;
        }
    }

    fn agreement(&mut self) {
        let Some(rule) = &self.program.agreement else {
            return;
        };
        let before = rule.before_session;
        let Some((session, _)) = session_reached(self.log, before, self.as_of) else {
            return; // session K not held (as of `as_of`) yet: the pair still has time
        };
        let session_name = session.describe();
        let on = session
            .date
            .as_ref()
            .map(|d| format!(" on {}", d.value))
            .unwrap_or_default();
        let rule_span = rule.span;
        match &self.log.agreement {
            None if !self.log.has_field("agreement") => {
                self.report(
                    &rules::AGREEMENT_MISSING,
                    format!(
                        "the log records no `agreement` date, but {session_name} was held{on}; the program asks for an agreement before session {before}"
                    ),
                    Label::new(session.span, "held without a recorded agreement"),
                )
                .secondary
                .push(Label::new(rule_span, "the agreement rule"));
                if let Some(last) = self.found.last_mut() {
                    last.help =
                        Some("add `agreement = YYYY-MM-DD` at the top of the log".to_owned());
                }
            }
            Some(agreement) => {
                if let Some(date) = &session.date
                    && agreement.value > date.value
                {
                    self.report(
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
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::log::{LogFormat, parse_logs};
    use crate::model::{
        Agreement, Bound, Cadence, CountRule, Evidence, Field, Length, NewProblems, Outcome,
        Progression, Review, Section, SessionMinutes,
    };
    use crate::source::{SourceId, Sources, Span};

    /// The reference program of the language sketch (Part A), the rules the model below
    /// states; kept here so the tests do not depend on the example files or the parser.
    const PROGRAM_TEXT: &str = r#"program senior-ic "Leadership Development Program" {
    version "2025.1"
    length 5 sessions within 12 weeks
    cadence every 2 weeks, gap at most 4 weeks
    session at least 45 minutes

    outcome assumption "One assumption to test"
    outcome behavior   "One behavior to try"
    outcome answer     "A step-by-step answer" failed
    outcome borrowed   "A borrowed decision"   failed

    lens decision-review "Decision Review" {
        section "Decision I made" {
            field chose         "What I chose"
            field optimized-for "What I optimized for"
            field trade-off     "What trade-off I accepted"
        }
        section "What I want perspective on" {
            field framing "Was my framing strong?"
        }
    }
    lens influence-review "Influence Attempt Review" {
        section "Where I tried to influence without authority" {
            field who           "Who I was trying to influence"
            field why           "Why it mattered"
            field what-happened "What happened"
        }
        section "What I want help with" {
            field misread "What I misread or underused"
        }
    }

    phase framing "Framing & Trust" sessions 1..2 {
        lenses none
    }
    phase judgment "Judgment Building" sessions 3..5 {
        lenses exactly 1 of decision-review, influence-review
        new-problems forbidden
    }

    milestone first-decision-review "A real decision reviewed" {
        due by session 4
        evidence lens decision-review
    }
    milestone influence-reflection "An influence attempt reviewed" {
        due by week 10
        evidence lens influence-review
    }
    review every 4 sessions
    agreement before session 2
}
"#;

    /// The span of the first occurrence of `needle` in the program text.
    fn at(source: SourceId, needle: &str) -> Span {
        let start = PROGRAM_TEXT
            .find(needle)
            .unwrap_or_else(|| panic!("`{needle}` is not in the program"));
        Span::new(source, start..start + needle.len())
    }

    fn bound(source: SourceId, value: u32, needle: &str) -> Bound {
        Bound {
            value,
            span: at(source, needle),
        }
    }

    fn lens(source: SourceId, id: &str, sections: &[&[&str]]) -> Lens {
        Lens {
            id: id.to_owned(),
            label: id.to_owned(),
            docs: Vec::new(),
            sections: sections
                .iter()
                .map(|fields| Section {
                    title: String::new(),
                    fields: fields
                        .iter()
                        .map(|f| Field {
                            id: (*f).to_owned(),
                            label: String::new(),
                            optional: false,
                            span: at(source, &format!("field {f} ")),
                        })
                        .collect(),
                    span: at(source, &format!("lens {id}")),
                })
                .collect(),
            span: at(source, &format!("lens {id}")),
            imported: false,
        }
    }

    fn phase(
        source: SourceId,
        id: &str,
        sessions: (u32, u32),
        rule: LensRule,
        rule_text: &str,
    ) -> Phase {
        Phase {
            id: id.to_owned(),
            label: String::new(),
            first_session: sessions.0,
            last_session: sessions.1,
            range_span: at(source, &format!("sessions {}..{}", sessions.0, sessions.1)),
            span: at(source, &format!("phase {id}")),
            goals: Vec::new(),
            bring: Vec::new(),
            not_expected: Vec::new(),
            notes: Vec::new(),
            docs: Vec::new(),
            lens_rule: rule,
            lens_rule_span: at(source, rule_text),
            new_problems: None,
            progression: None,
        }
    }

    fn milestone(
        source: SourceId,
        id: &str,
        due: Deadline,
        due_text: &str,
        lens: &str,
    ) -> Milestone {
        Milestone {
            id: id.to_owned(),
            id_span: at(source, id),
            label: String::new(),
            competency: None,
            due: Some(due),
            due_span: Some(at(source, due_text)),
            evidence: Some(Evidence::Lens(lens.to_owned())),
            evidence_span: Some(at(source, &format!("evidence lens {lens}"))),
            docs: Vec::new(),
            span: at(source, &format!("milestone {id}")),
        }
    }

    /// The reference program of the language sketch, built by hand so these tests do not
    /// depend on the parser; every span points at its rule in `programs/senior-ic.mentor`.
    fn reference_program(source: SourceId) -> Program {
        let outcome = |id: &str, failed: bool| Outcome {
            id: id.to_owned(),
            label: String::new(),
            failed,
            span: at(source, &format!("outcome {id}")),
        };
        let mut judgment = phase(
            source,
            "judgment",
            (3, 5),
            LensRule::Choose {
                count: CountRule::Exactly(1),
                of: vec!["decision-review".to_owned(), "influence-review".to_owned()],
            },
            "lenses exactly 1 of decision-review, influence-review",
        );
        judgment.new_problems = Some(NewProblems {
            allowed: false,
            span: at(source, "new-problems forbidden"),
        });
        Program {
            id: "senior-ic".to_owned(),
            title: String::new(),
            span: at(source, "program senior-ic"),
            source,
            version: Some("2025.1".to_owned()),
            audience: None,
            purpose: None,
            docs: Vec::new(),
            mentorship_is: Vec::new(),
            mentorship_is_not: Vec::new(),
            length: Some(Length {
                min_sessions: 5,
                max_sessions: 5,
                within_days: Some(84),
                span: at(source, "length 5 sessions within 12 weeks"),
            }),
            cadence: Some(Cadence {
                every_days: Some(14),
                min_gap: None,
                max_gap: Some(bound(source, 28, "gap at most 4 weeks")),
                span: at(source, "cadence every 2 weeks"),
            }),
            session_minutes: Some(SessionMinutes {
                at_least: Some(bound(source, 45, "at least 45 minutes")),
                at_most: None,
                span: at(source, "session at least 45 minutes"),
            }),
            outcomes: vec![
                outcome("assumption", false),
                outcome("behavior", false),
                outcome("answer", true),
                outcome("borrowed", true),
            ],
            competencies: Vec::new(),
            lenses: vec![
                lens(
                    source,
                    "decision-review",
                    &[&["chose", "optimized-for", "trade-off"], &["framing"]],
                ),
                lens(
                    source,
                    "influence-review",
                    &[&["who", "why", "what-happened"], &["misread"]],
                ),
            ],
            phases: vec![
                phase(source, "framing", (1, 2), LensRule::None, "lenses none"),
                judgment,
            ],
            milestones: vec![
                milestone(
                    source,
                    "first-decision-review",
                    Deadline::BySession(4),
                    "due by session 4",
                    "decision-review",
                ),
                milestone(
                    source,
                    "influence-reflection",
                    Deadline::ByWeek(10),
                    "due by week 10",
                    "influence-review",
                ),
            ],
            review: None,
            commitment: None,
            agreement: None,
            tracks: Vec::new(),
            severity_overrides: BTreeMap::new(),
            plan_numbers: Vec::new(),
        }
    }

    /// A pair that follows the reference program to the letter.
    const COMPLIANT: &str = r#"program = "senior-ic"
version = "2025.1"
pair    = "pair-017"
started = 2025-01-06
status  = "completed"

[[sessions]]
number  = 1
date    = 2025-01-06
minutes = 60
outcome = "assumption"

[[sessions]]
number  = 2
date    = 2025-01-20
minutes = 50
outcome = "behavior"

[[sessions]]
number     = 3
date       = 2025-02-03
minutes    = 50
lens       = "decision-review"
milestones = ["first-decision-review"]
outcome    = "behavior"
[sessions.answers]
chose         = "private text one"
optimized-for = "private text two"
trade-off     = "private text three"
framing       = "private text four"

[[sessions]]
number     = 4
date       = 2025-02-17
minutes    = 55
lens       = "influence-review"
milestones = ["influence-reflection"]
outcome    = "assumption"
[sessions.answers]
who           = "private text five"
why           = "private text six"
what-happened = "private text seven"
misread       = "private text eight"

[[sessions]]
number  = 5
date    = 2025-03-03
minutes = 45
lens    = "decision-review"
outcome = "behavior"
[sessions.answers]
chose         = "private text nine"
optimized-for = "private text ten"
trade-off     = "private text eleven"
framing       = "private text twelve"
"#;

    fn as_of() -> Date {
        jiff::civil::date(2026, 11, 23)
    }

    /// A finding as the tests read it: code, message, primary position and the position of
    /// the first program label.
    #[derive(Debug)]
    struct Finding {
        code: &'static str,
        message: String,
        help: Option<String>,
        at: (usize, usize),
        program_label: Option<(usize, usize)>,
    }

    fn check_with(
        format: LogFormat,
        log_text: &str,
        edit: impl FnOnce(&mut Program),
    ) -> Vec<Finding> {
        let mut sources = Sources::new();
        let program_source = sources.add("senior-ic.mentor", PROGRAM_TEXT);
        let log_source = sources.add("pair.log", log_text);
        let mut program = reference_program(program_source);
        edit(&mut program);
        let mut diagnostics = Diagnostics::new();
        let logs = parse_logs(&sources, log_source, format, &mut diagnostics);
        check_logs(&[program], &logs, as_of(), &mut diagnostics);
        diagnostics.sort(&sources);
        let findings: Vec<Finding> = diagnostics
            .iter()
            .map(|d| {
                let position = |span: Span| {
                    let lc = sources.line_column(span);
                    (lc.line, lc.column)
                };
                Finding {
                    code: d.code(),
                    message: d.message.clone(),
                    help: d.help.clone(),
                    at: position(d.primary.span),
                    program_label: d
                        .secondary
                        .iter()
                        .find(|l| l.span.source == program_source)
                        .map(|l| position(l.span)),
                }
            })
            .collect();
        for finding in &findings {
            assert!(
                !finding.message.contains("private text"),
                "a message quotes what the pair wrote: {}",
                finding.message
            );
        }
        findings
    }

    fn check(log_text: &str) -> Vec<Finding> {
        check_with(LogFormat::Toml, log_text, |_| {})
    }

    /// `COMPLIANT` with one exact replacement (which must apply).
    fn compliant_with(from: &str, to: &str) -> String {
        assert!(
            COMPLIANT.contains(from),
            "`{from}` is not in the compliant log"
        );
        COMPLIANT.replacen(from, to, 1)
    }

    fn codes_and_positions(findings: &[Finding]) -> Vec<(&'static str, usize, usize)> {
        findings.iter().map(|f| (f.code, f.at.0, f.at.1)).collect()
    }

    /// The line and column of the program text `needle`.
    fn program_position(needle: &str) -> (usize, usize) {
        let mut sources = Sources::new();
        let id = sources.add("p", PROGRAM_TEXT);
        let lc = sources.line_column(at(id, needle));
        (lc.line, lc.column)
    }

    #[test]
    fn the_compliant_log_passes() {
        let findings = check(COMPLIANT);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn the_same_log_in_json_passes_and_json_lines_positions_are_per_line() {
        let json = r#"{"program": "senior-ic", "pair": "pair-1", "started": "2026-11-02", "status": "active", "sessions": [{"number": 1, "date": "2026-11-02", "minutes": 60, "outcome": "assumption"}]}"#;
        assert!(check_with(LogFormat::Json, json, |_| {}).is_empty());
        let lines = format!(
            "{json}\n\n{}\n",
            json.replace("\"minutes\": 60", "\"minutes\": 30")
        );
        let findings = check_with(LogFormat::JsonLines, &lines, |_| {});
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
            "`status` must be one of `held`, `cancelled`, `no-show`, found `canceled`"
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

    /// Session 2 has no date: the gaps around it are unknown, so nothing is measured from
    /// session 1 to session 3 (35 days apart) as if they were consecutive.
    #[test]
    fn a_session_without_a_date_breaks_no_gap_between_its_neighbours() {
        let text = compliant_with("date    = 2025-01-20\n", "").replacen(
            "date       = 2025-02-03",
            "date       = 2025-02-10",
            1,
        );
        let findings = check(&text);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L004"], "{findings:#?}");
    }

    /// A session without a number is described by its date, and the date is named once.
    #[test]
    fn a_cancelled_session_out_of_order_names_its_date_once() {
        let text = compliant_with(
            "outcome = \"behavior\"\n\n",
            "outcome = \"behavior\"\n\n[[sessions]]\ndate = 2025-01-10\nstatus = \"cancelled\"\n\n",
        );
        let findings = check(&text);
        assert_eq!(
            findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>(),
            [
                "the cancelled session on 2025-01-10 is dated before session 2 on 2025-01-20, listed above it"
            ],
            "{findings:#?}"
        );
    }

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
        assert_eq!(
            findings[0].program_label,
            Some(program_position("program senior-ic"))
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
    fn numbering_and_date_order() {
        let findings = check(
            &compliant_with("number     = 4", "number     = 5").replacen(
                "date    = 2025-03-03",
                "date    = 2025-02-10",
                1,
            ),
        );
        assert_eq!(
            codes_and_positions(&findings),
            [("L012", 33, 14), ("L012", 46, 11), ("L013", 47, 11)],
            "{findings:#?}"
        );
    }

    #[test]
    fn a_gap_longer_than_the_cadence_gives_the_days_and_the_limit() {
        let findings = check(&compliant_with(
            "date    = 2025-03-03",
            "date    = 2025-03-24",
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L014", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 5 on 2025-03-24 is 35 days after session 4 on 2025-02-17; the program allows at most 28 days (4 weeks)"
        );
        assert_eq!(
            findings[0].program_label,
            Some(program_position("gap at most 4 weeks"))
        );
    }

    #[test]
    fn sessions_shorter_than_the_minimum() {
        let findings = check(&compliant_with("minutes = 45", "minutes = 30"));
        assert_eq!(codes_and_positions(&findings), [("L016", 48, 11)]);
        assert_eq!(
            findings[0].message,
            "session 5 lasted 30 minutes; the program asks for at least 45"
        );
        assert_eq!(
            findings[0].program_label,
            Some(program_position("at least 45 minutes"))
        );
    }

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
        let findings = check_with(LogFormat::Toml, COMPLIANT, |program| {
            if let Some(judgment) = program.phases.get_mut(1) {
                judgment.progression = Some(Progression {
                    lenses: vec![
                        "decision-review".to_owned(),
                        "decision-review".to_owned(),
                        "influence-review".to_owned(),
                    ],
                    span: at(program.source, "phase judgment"),
                });
            }
        });
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

    #[test]
    fn missing_and_failed_outcomes() {
        let findings = check(&compliant_with("outcome = \"assumption\"\n", "").replacen(
            "outcome = \"behavior\"",
            "outcome = \"answer\"",
            1,
        ));
        assert_eq!(
            codes_and_positions(&findings),
            [("L023", 7, 1), ("L024", 16, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].program_label,
            Some(program_position("outcome answer"))
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
    fn milestones_late_overdue_and_at_completion() {
        // The decision review claimed in session 5 (late), the influence reflection never.
        let text = compliant_with("milestones = [\"first-decision-review\"]\n", "")
            .replacen("milestones = [\"influence-reflection\"]\n", "", 1)
            .replacen(
                "lens    = \"decision-review\"",
                "lens    = \"decision-review\"\nmilestones = [\"first-decision-review\"]",
                1,
            )
            .replacen("status  = \"completed\"", "status  = \"active\"", 1);
        let findings = check(&text);
        assert_eq!(
            codes_and_positions(&findings),
            [("L028", 4, 11), ("L027", 48, 15)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "milestone `influence-reflection` is overdue: it was due by week 10 (2025-03-17) and no session claims it as of 2026-11-23"
        );
        assert_eq!(
            findings[1].message,
            "milestone `first-decision-review` is claimed in session 5; it was due by session 4"
        );
        let completed = check(&text.replacen("status  = \"active\"", "status  = \"completed\"", 1));
        assert_eq!(
            codes_and_positions(&completed),
            [("L029", 5, 11), ("L027", 48, 15)],
            "{completed:#?}"
        );
    }

    #[test]
    fn a_milestone_met_in_time_may_be_claimed_again_later() {
        // Session 3 meets `first-decision-review`; session 5 claims it again, after session 4.
        let text = compliant_with(
            "lens    = \"decision-review\"\noutcome = \"behavior\"",
            "lens    = \"decision-review\"\nmilestones = [\"first-decision-review\"]\noutcome = \"behavior\"",
        );
        assert_eq!(codes_and_positions(&check(&text)), []);
        // Without the claim in time, the late one is reported.
        let late_only = text.replacen("milestones = [\"first-decision-review\"]\n", "", 1);
        assert_eq!(codes_and_positions(&check(&late_only)), [("L027", 49, 15)]);
    }

    #[test]
    fn future_deadlines_are_not_violations() {
        let text = compliant_with("milestones = [\"influence-reflection\"]\n", "")
            .replacen("status  = \"completed\"", "status  = \"active\"", 1)
            .replace("2025-", "2027-");
        let findings = check(&text);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn a_session_deadline_passes_when_its_session_was_held_by_as_of() {
        // Session 4 (the deadline of `first-decision-review`) is dated 2025-02-17.
        let text = compliant_with("milestones = [\"first-decision-review\"]\n", "")
            .replacen("status  = \"completed\"", "status  = \"active\"", 1)
            .replacen("milestones = [\"influence-reflection\"]\n", "", 1);
        let codes_as_of = |day: &str| {
            let mut sources = Sources::new();
            let program_source = sources.add("senior-ic.mentor", PROGRAM_TEXT);
            let log_source = sources.add("pair.log", text.as_str());
            let program = reference_program(program_source);
            let mut diagnostics = Diagnostics::new();
            let logs = parse_logs(&sources, log_source, LogFormat::Toml, &mut diagnostics);
            let as_of: Date = day.parse().unwrap_or_default();
            check_logs(&[program], &logs, as_of, &mut diagnostics);
            diagnostics
                .iter()
                .map(|d| (d.code(), d.message.clone()))
                .collect::<Vec<_>>()
        };
        // As of the day before session 4, neither deadline has passed.
        assert_eq!(codes_as_of("2025-02-16"), []);
        let on_the_day = codes_as_of("2025-02-17");
        assert_eq!(on_the_day.len(), 1, "{on_the_day:?}");
        assert!(
            on_the_day[0]
                .1
                .starts_with("milestone `first-decision-review` is overdue")
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

    #[test]
    fn reviews_within_the_interval() {
        let program_with_review = |program: &mut Program| {
            program.review = Some(Review {
                every_sessions: 4,
                span: at(program.source, "review every 4 sessions"),
                lens: None,
            });
        };
        let findings = check_with(LogFormat::Toml, COMPLIANT, program_with_review);
        assert_eq!(
            codes_and_positions(&findings),
            [("L031", 32, 1)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "no review from session 1 to session 4: the program asks for a review at least every 4 sessions"
        );
        let with_review = compliant_with(
            "minutes = 50\noutcome = \"behavior\"",
            "minutes = 50\nkind = \"review\"\noutcome = \"behavior\"",
        );
        assert!(check_with(LogFormat::Toml, &with_review, program_with_review).is_empty());
    }

    #[test]
    fn reviews_with_their_own_lens_step_outside_the_phase_rule() {
        // Reviews use the Influence Attempt Review, whatever the phase allows.
        let program_with_review_lens = |program: &mut Program| {
            program.review = Some(Review {
                every_sessions: 4,
                span: at(program.source, "review every 4 sessions"),
                lens: Some("influence-review".to_owned()),
            });
        };
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
            program_with_review_lens,
        );
        assert_eq!(codes_and_positions(&findings), [], "{findings:#?}");
        // Without the program's review lens, the same session breaks framing's rule.
        let findings = check_with(LogFormat::Toml, &review_in_framing, |_| {});
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
        let findings = check_with(LogFormat::Toml, &no_lens, program_with_review_lens);
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
        let findings = check_with(LogFormat::Toml, &other_lens, program_with_review_lens);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L019"], "{findings:#?}");
        assert_eq!(
            findings[0].message,
            "session 2 is a review and uses lens `decision-review`; the program's reviews use lens `influence-review`"
        );
        // A misspelt review lens is `L008` alone.
        let misspelt =
            review_in_framing.replacen("\"influence-review\"", "\"influence-reveiw\"", 1);
        let findings = check_with(LogFormat::Toml, &misspelt, program_with_review_lens);
        let codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
        assert_eq!(codes, ["L008"], "{findings:#?}");
    }

    #[test]
    fn agreement_missing_or_late() {
        let program_with_agreement = |program: &mut Program| {
            program.agreement = Some(Agreement {
                before_session: 2,
                span: at(program.source, "agreement before session 2"),
            });
        };
        let missing = check_with(LogFormat::Toml, COMPLIANT, program_with_agreement);
        assert_eq!(
            codes_and_positions(&missing),
            [("L032", 13, 1)],
            "{missing:#?}"
        );
        let late = compliant_with(
            "started = 2025-01-06",
            "started = 2025-01-06\nagreement = 2025-01-27",
        );
        let late = check_with(LogFormat::Toml, &late, program_with_agreement);
        assert_eq!(codes_and_positions(&late), [("L033", 5, 13)], "{late:#?}");
        let on_time = compliant_with(
            "started = 2025-01-06",
            "started = 2025-01-06\nagreement = 2025-01-06",
        );
        assert!(check_with(LogFormat::Toml, &on_time, program_with_agreement).is_empty());
    }

    #[test]
    fn long_sessions_and_short_gaps_are_warnings() {
        let findings = check_with(
            LogFormat::Toml,
            &compliant_with("minutes = 60", "minutes = 150").replacen(
                "date    = 2025-03-03",
                "date    = 2025-02-19",
                1,
            ),
            |program| {
                if let Some(minutes) = program.session_minutes.as_mut() {
                    minutes.at_most = Some(bound(program.source, 90, "session at least"));
                }
                if let Some(cadence) = program.cadence.as_mut() {
                    cadence.min_gap = Some(bound(program.source, 7, "cadence every 2 weeks"));
                }
            },
        );
        assert_eq!(
            codes_and_positions(&findings),
            [("L017", 10, 11), ("L015", 47, 11)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 1 lasted 150 minutes; the program allows at most 90"
        );
        assert_eq!(
            findings[1].message,
            "session 5 on 2025-02-19 is 2 days after session 4 on 2025-02-17; the program asks for at least 7 days (1 week)"
        );
    }

    #[test]
    fn date_deadlines_and_review_evidence() {
        let edit = |program: &mut Program| {
            if let Some(milestone) = program.milestones.get_mut(1) {
                milestone.due = Some(Deadline::ByDate(jiff::civil::date(2025, 2, 10)));
                milestone.evidence = Some(Evidence::Review);
            }
        };
        let findings = check_with(LogFormat::Toml, COMPLIANT, edit);
        assert_eq!(
            codes_and_positions(&findings),
            [("L026", 37, 15), ("L027", 37, 15)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "session 4 claims milestone `influence-reflection` but is not a review (`kind = \"review\"`)"
        );
        assert_eq!(
            findings[1].message,
            "milestone `influence-reflection` is claimed in session 4 on 2025-02-17, 7 days after the deadline; it was due by 2025-02-10"
        );
    }

    #[test]
    fn track_milestones_replace_the_programs() {
        let edit = |program: &mut Program| {
            let mut replacement = milestone(
                program.source,
                "first-decision-review",
                Deadline::BySession(5),
                "due by session 4",
                "decision-review",
            );
            replacement.id = "first-design-review".to_owned();
            program.tracks.push(crate::model::Track {
                id: "engineering".to_owned(),
                label: String::new(),
                docs: Vec::new(),
                milestones: vec![crate::model::TrackMilestone {
                    milestone: replacement,
                    replaces: Some(("first-decision-review".to_owned(), program.span)),
                }],
                drops: Vec::new(),
                span: program.span,
            });
        };
        let on_track = compliant_with(
            "status  = \"completed\"",
            "status  = \"completed\"\ntrack   = \"engineering\"",
        );
        let findings = check_with(LogFormat::Toml, &on_track, edit);
        assert_eq!(
            codes_and_positions(&findings),
            [("L029", 5, 11), ("L010", 25, 15)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[1].message,
            "session 3 claims milestone `first-decision-review`, which does not apply to track `engineering`"
        );
        assert_eq!(
            findings[1].help.as_deref(),
            Some("did you mean `first-design-review`?")
        );
        let claimed = on_track.replacen(
            "[\"first-decision-review\"]",
            "[\"first-design-review\"]",
            1,
        );
        assert!(check_with(LogFormat::Toml, &claimed, edit).is_empty());
        // A misspelt track is one mistake: its milestones are not judged against the program's.
        let misspelt = claimed.replacen("\"engineering\"", "\"enginering\"", 1);
        let findings = check_with(LogFormat::Toml, &misspelt, edit);
        assert_eq!(
            findings.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["L007"],
            "{findings:#?}"
        );
    }

    #[test]
    fn withdrawn_pairs_owe_no_milestones() {
        let text = compliant_with("status  = \"completed\"", "status  = \"withdrawn\"").replacen(
            "milestones = [\"influence-reflection\"]\n",
            "",
            1,
        );
        assert!(check(&text).is_empty());
    }

    #[test]
    fn cancelled_sessions_are_not_numbered_and_do_not_close_a_gap() {
        let text = compliant_with(
            "[[sessions]]\nnumber     = 4",
            "[[sessions]]\ndate = 2025-02-10\nstatus = \"cancelled\"\nnumber = 4\n\n[[sessions]]\nnumber     = 4",
        )
        .replacen("date       = 2025-02-17", "date       = 2025-03-10", 1)
        .replacen("date    = 2025-03-03", "date    = 2025-03-17", 1);
        let findings = check(&text);
        assert_eq!(
            codes_and_positions(&findings),
            [("L012", 35, 10), ("L014", 39, 14)],
            "{findings:#?}"
        );
        assert_eq!(
            findings[0].message,
            "the cancelled session on 2025-02-10 has number 4; only held sessions are numbered"
        );
    }

    #[test]
    fn a_log_is_checked_against_the_program_of_its_version() {
        let mut sources = Sources::new();
        let program_source = sources.add("senior-ic.mentor", PROGRAM_TEXT);
        let current = reference_program(program_source);
        let mut old = reference_program(program_source);
        old.version = Some("2024.2".to_owned());
        let log_source = sources.add("pair.toml", compliant_with("\"2025.1\"", "\"2024.2\""));
        let mut diagnostics = Diagnostics::new();
        let logs = parse_logs(&sources, log_source, LogFormat::Toml, &mut diagnostics);
        let programs = [current, old];
        let chosen = logs.first().and_then(|log| find_program(&programs, log));
        assert_eq!(chosen.and_then(|p| p.version.as_deref()), Some("2024.2"));
        check_logs(&programs, &logs, as_of(), &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    }

    #[test]
    fn program_severity_overrides_apply_to_log_rules() {
        let text = compliant_with("minutes = 45", "minutes = 30");
        let mut sources = Sources::new();
        let program_source = sources.add("senior-ic.mentor", PROGRAM_TEXT);
        let log_source = sources.add("pair.toml", text);
        let mut program = reference_program(program_source);
        program.severity_overrides.insert(
            "L016",
            crate::model::SeverityOverride {
                severity: Some(crate::diagnostic::Severity::Warning),
                span: program.span,
            },
        );
        let mut diagnostics = Diagnostics::new();
        let logs = parse_logs(&sources, log_source, LogFormat::Toml, &mut diagnostics);
        check_logs(&[program], &logs, as_of(), &mut diagnostics);
        let severities: Vec<_> = diagnostics.iter().map(|d| (d.code(), d.severity)).collect();
        assert_eq!(severities, [("L016", crate::diagnostic::Severity::Warning)]);
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
            let findings = check_with(format, text, |_| {});
            assert!(!findings.is_empty(), "{text:?} gave no diagnostic");
        }
    }
}

/// The example logs under `programs/logs/` checked against `programs/senior-ic.mentor` through
/// the real parser and resolver: the compliant ones pass, each failing one breaks what
/// `programs/logs/README.md` says it breaks.
#[cfg(test)]
mod example_logs {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::log::load_paths;
    use crate::resolve::{self, Loaded};
    use crate::source::Sources;

    fn programs_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
    }

    /// (file name, code, line, column) of every finding for the logs under `dir`.
    fn check_dir(dir: &str) -> Vec<(String, &'static str, usize, usize)> {
        let mut sources = Sources::new();
        let mut program_diagnostics = Diagnostics::new();
        let Loaded::Program(program) = resolve::load(
            &programs_dir().join("senior-ic.mentor"),
            &mut sources,
            &mut program_diagnostics,
        ) else {
            panic!("senior-ic.mentor is a program")
        };
        let mut diagnostics = Diagnostics::new();
        let logs = load_paths(&[programs_dir().join(dir)], &mut sources, &mut diagnostics);
        check_logs(
            &[*program],
            &logs,
            jiff::civil::date(2026, 11, 23),
            &mut diagnostics,
        );
        diagnostics.sort(&sources);
        diagnostics
            .iter()
            .map(|d| {
                let position = sources.line_column(d.primary.span);
                let name = Path::new(sources.name(d.primary.span.source))
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (name, d.code(), position.line, position.column)
            })
            .collect()
    }

    #[test]
    fn compliant_logs_pass() {
        assert_eq!(check_dir("logs/senior-ic"), []);
    }

    #[test]
    fn failing_logs_break_what_the_readme_says() {
        let found = check_dir("logs/senior-ic-failing");
        let expected: Vec<(String, &str, usize, usize)> = [
            ("cadence-gap.toml", "L014", 42, 15),
            ("lens-in-framing.toml", "L019", 23, 12),
            ("lens-in-framing.toml", "L024", 24, 12),
            ("missing-outcome.json", "L023", 9, 5),
            ("misspelled-lens.toml", "L008", 58, 15),
            ("overdue-milestone.toml", "L028", 8, 12),
        ]
        .into_iter()
        .map(|(file, code, line, column)| (file.to_owned(), code, line, column))
        .collect();
        assert_eq!(found, expected);
    }
}
