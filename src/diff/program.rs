//! The comparison of two editions of one program, item by item. Each value is written the way
//! the language writes it (`every 2 weeks`, `sessions 1..2`, `by session 4`), so a designer
//! reads a change in the words they wrote it in.

use std::collections::BTreeSet;

use super::{Change, Item, Verb};
use crate::model::{
    Agreement, Cadence, Commitment, Competency, CountRule, Deadline, Evidence, Field, FirstSession,
    Length, Lens, LensRule, LogWithin, Milestone, MissedSessions, Outcome, Period, Phase, Program,
    Review, SessionMinutes, Track,
};
use crate::rules;
use crate::source::Span;
use crate::words;

/// The change a whole program is when only one side has it.
pub(super) fn whole(program: &Program, verb: Verb) -> Change {
    Change {
        item: Item::Program,
        change: verb,
        subject: format!("program `{}`", program.id),
        before: None,
        after: program.version.as_deref().map(version),
        affects_logs: true,
        span: program.span,
    }
}

/// Every change from `old` to `new`, in program order.
pub(super) fn changes(old: &Program, new: &Program) -> Vec<Change> {
    let mut out = Changes {
        list: Vec::new(),
        new_span: new.span,
    };
    header(&mut out, old, new);
    settings(&mut out, old, new);
    outcomes(&mut out, old, new);
    competencies(&mut out, old, new);
    lenses(&mut out, old, new);
    phases(&mut out, old, new);
    milestones(&mut out, "", &old.milestones, &new.milestones);
    tracks(&mut out, old, new);
    severities(&mut out, old, new);
    out.list
}

/// The list being built, and the new program's header, where a change without a place of
/// its own points.
struct Changes {
    list: Vec<Change>,
    new_span: Span,
}

impl Changes {
    fn push(
        &mut self,
        item: Item,
        change: Verb,
        subject: String,
        (before, after): (Option<String>, Option<String>),
        span: Span,
    ) {
        self.list.push(Change {
            item,
            change,
            subject,
            before,
            after,
            affects_logs: change != Verb::Reworded,
            span,
        });
    }

    /// A value that may be set, unset or changed (a setting, a phase's lens rule): nothing when
    /// equal. `new_span` is where the new value is, `old_span` where the old one was.
    fn value(
        &mut self,
        item: Item,
        subject: impl Into<String>,
        before: Option<String>,
        after: Option<String>,
        spans: (Option<Span>, Option<Span>),
    ) {
        self.setting(item, subject.into(), (before, after), spans, true);
    }

    /// A value only the playbook shows (who fills a worksheet in): set, unset or changed, and
    /// counted with the rewording, as no log is judged by it.
    fn playbook_value(
        &mut self,
        item: Item,
        subject: impl Into<String>,
        before: Option<String>,
        after: Option<String>,
        spans: (Option<Span>, Option<Span>),
    ) {
        self.setting(item, subject.into(), (before, after), spans, false);
    }

    fn setting(
        &mut self,
        item: Item,
        subject: String,
        (before, after): (Option<String>, Option<String>),
        spans: (Option<Span>, Option<Span>),
        affects_logs: bool,
    ) {
        if before == after {
            return;
        }
        let verb = match (&before, &after) {
            (None, Some(_)) => Verb::Added,
            (Some(_), None) => Verb::Removed,
            _ => Verb::Changed,
        };
        let span = spans.1.or(spans.0).unwrap_or(self.new_span);
        let values = match verb {
            Verb::Removed => (before, None),
            Verb::Added => (None, after),
            _ => (before, after),
        };
        self.push(item, verb, subject, values, span);
        if let Some(change) = self.list.last_mut() {
            change.affects_logs &= affects_logs;
        }
    }

    fn reworded(&mut self, item: Item, subject: String, changed: bool, span: Span) {
        if changed {
            self.push(item, Verb::Reworded, subject, (None, None), span);
        }
    }
}

fn version(text: &str) -> String {
    // A version is the designer's own text: a backtick in it would end the code span.
    format!("`{}`", text.replace('`', "'"))
}

fn header(out: &mut Changes, old: &Program, new: &Program) {
    let span = new.span;
    out.value(
        Item::Program,
        "version",
        old.version.as_deref().map(version),
        new.version.as_deref().map(version),
        (Some(old.span), Some(span)),
    );
    // Only the playbook shows these.
    out.reworded(Item::Program, "title".into(), old.title != new.title, span);
    let texts = [
        ("audience", old.audience != new.audience),
        ("purpose", old.purpose != new.purpose),
        ("doc text", old.docs != new.docs),
        ("what mentorship is", old.mentorship_is != new.mentorship_is),
        (
            "what mentorship is not",
            old.mentorship_is_not != new.mentorship_is_not,
        ),
    ];
    for (what, changed) in texts {
        out.reworded(Item::Program, what.into(), changed, span);
    }
}

fn settings(out: &mut Changes, old: &Program, new: &Program) {
    let length = |l: &Option<Length>| l.as_ref().map(length_text);
    let span_of = |l: &Option<Length>| l.as_ref().map(|l| l.span);
    out.value(
        Item::Setting,
        "length",
        length(&old.length),
        length(&new.length),
        (span_of(&old.length), span_of(&new.length)),
    );
    cadence(out, old.cadence.as_ref(), new.cadence.as_ref());
    session_minutes(
        out,
        old.session_minutes.as_ref(),
        new.session_minutes.as_ref(),
    );
    // "every 4 sessions" or "at sessions 4, 8 and 12", so a change of form reads as one.
    let review = |r: &Review| {
        let when = words::review_when(r);
        match &r.lens {
            Some(lens) => format!("{when} with lens `{lens}`"),
            None => when,
        }
    };
    setting(
        out,
        "review",
        old.review.as_ref(),
        new.review.as_ref(),
        review,
        |r| r.span,
    );
    let commitment = |c: &Commitment| {
        let per = match c.per {
            Period::Week => "week",
            Period::Month => "month",
        };
        format!("{} per {per}", words::minutes(c.minutes))
    };
    setting(
        out,
        "commitment",
        old.commitment.as_ref(),
        new.commitment.as_ref(),
        commitment,
        |c| c.span,
    );
    // The form's fields by id: a changed label is the playbook's wording, not the plan.
    let agreement = |a: &Agreement| match &a.fields {
        None => format!("before session {}", a.before_session),
        Some(fields) if fields.is_empty() => {
            format!("before session {}, no form fields", a.before_session)
        }
        Some(fields) => format!(
            "before session {}, form fields {}",
            a.before_session,
            words::ids_comma(fields.iter().map(|f| &f.id))
        ),
    };
    setting(
        out,
        "agreement",
        old.agreement.as_ref(),
        new.agreement.as_ref(),
        agreement,
        |a| a.span,
    );
    let first = |f: &FirstSession| format!("within {}", words::days_or_weeks(f.within_days));
    setting(
        out,
        "first session",
        old.first_session.as_ref(),
        new.first_session.as_ref(),
        first,
        |f| f.span,
    );
    let missed = |m: &MissedSessions| format!("at most {} in a row", m.at_most);
    setting(
        out,
        "missed sessions",
        old.missed_sessions.as_ref(),
        new.missed_sessions.as_ref(),
        missed,
        |m| m.span,
    );
    let log_within = |l: &LogWithin| format!("within {}", words::plural(i64::from(l.days), "day"));
    setting(
        out,
        "log sessions",
        old.log_within.as_ref(),
        new.log_within.as_ref(),
        log_within,
        |l| l.span,
    );
}

/// A setting of one line, compared by its text.
fn setting<T>(
    out: &mut Changes,
    subject: &str,
    old: Option<&T>,
    new: Option<&T>,
    text: impl Fn(&T) -> String,
    span: impl Fn(&T) -> Span,
) {
    out.value(
        Item::Setting,
        subject,
        old.map(&text),
        new.map(&text),
        (old.map(&span), new.map(&span)),
    );
}

fn length_text(length: &Length) -> String {
    let sessions = if length.min_sessions == length.max_sessions {
        words::count(u64::from(length.max_sessions), "session", "sessions")
    } else {
        format!("{}..{} sessions", length.min_sessions, length.max_sessions)
    };
    match length.within_days {
        Some(days) => format!("{sessions} within {}", words::days_or_weeks(days)),
        None => sessions,
    }
}

/// Each part of the cadence on its own, so the change names the part that moved.
fn cadence(out: &mut Changes, old: Option<&Cadence>, new: Option<&Cadence>) {
    let spans = (old.map(|c| c.span), new.map(|c| c.span));
    let every = |c: Option<&Cadence>| {
        c.and_then(|c| c.every_days)
            .map(|d| format!("every {}", words::days_or_weeks(d)))
    };
    out.value(
        Item::Setting,
        "cadence: sessions",
        every(old),
        every(new),
        spans,
    );
    let min = |c: Option<&Cadence>| {
        c.and_then(|c| c.min_gap)
            .map(|b| words::days_or_weeks(b.value))
    };
    let min_spans = (
        old.and_then(|c| c.min_gap).map(|b| b.span),
        new.and_then(|c| c.min_gap).map(|b| b.span),
    );
    out.value(
        Item::Setting,
        "cadence: shortest gap",
        min(old),
        min(new),
        (min_spans.0.or(spans.0), min_spans.1.or(spans.1)),
    );
    let max = |c: Option<&Cadence>| {
        c.and_then(|c| c.max_gap)
            .map(|b| words::days_or_weeks(b.value))
    };
    let max_spans = (
        old.and_then(|c| c.max_gap).map(|b| b.span),
        new.and_then(|c| c.max_gap).map(|b| b.span),
    );
    out.value(
        Item::Setting,
        "cadence: longest gap",
        max(old),
        max(new),
        (max_spans.0.or(spans.0), max_spans.1.or(spans.1)),
    );
}

fn session_minutes(out: &mut Changes, old: Option<&SessionMinutes>, new: Option<&SessionMinutes>) {
    let spans = (old.map(|s| s.span), new.map(|s| s.span));
    let least =
        |s: Option<&SessionMinutes>| s.and_then(|s| s.at_least).map(|b| words::minutes(b.value));
    out.value(
        Item::Setting,
        "shortest session",
        least(old),
        least(new),
        spans,
    );
    let most =
        |s: Option<&SessionMinutes>| s.and_then(|s| s.at_most).map(|b| words::minutes(b.value));
    out.value(
        Item::Setting,
        "longest session",
        most(old),
        most(new),
        spans,
    );
}

/// How an item with an id is found on the two sides.
enum Pairing<'a, T> {
    Removed(&'a T),
    Added(&'a T),
    Both(&'a T, &'a T),
}

/// Items with ids on both sides: those removed (in old order), then each new item in its
/// order, added or paired with the old one of its id.
fn by_id<'a, T>(old: &'a [T], new: &'a [T], id: impl Fn(&T) -> &str) -> Vec<Pairing<'a, T>> {
    let new_ids: BTreeSet<&str> = new.iter().map(&id).collect();
    let old_by_id: std::collections::HashMap<&str, &T> = old.iter().map(|o| (id(o), o)).collect();
    let removed = old
        .iter()
        .filter(|o| !new_ids.contains(id(o)))
        .map(Pairing::Removed);
    let kept = new.iter().map(|n| match old_by_id.get(id(n)) {
        Some(before) => Pairing::Both(*before, n),
        None => Pairing::Added(n),
    });
    removed.chain(kept).collect()
}

fn outcomes(out: &mut Changes, old: &Program, new: &Program) {
    let subject = |o: &Outcome| format!("outcome `{}`", o.id);
    for pairing in by_id(&old.outcomes, &new.outcomes, |o| &o.id) {
        match pairing {
            Pairing::Removed(o) => {
                out.push(
                    Item::Outcome,
                    Verb::Removed,
                    subject(o),
                    (None, None),
                    o.span,
                );
            }
            Pairing::Added(o) => {
                let after = o.failed.then(|| "failed".to_owned());
                out.push(
                    Item::Outcome,
                    Verb::Added,
                    subject(o),
                    (None, after),
                    o.span,
                );
            }
            Pairing::Both(a, b) => {
                let failed = |f: bool| if f { "failed" } else { "not failed" }.to_owned();
                let values = (Some(failed(a.failed)), Some(failed(b.failed)));
                out.value(
                    Item::Outcome,
                    subject(b),
                    values.0,
                    values.1,
                    (Some(a.span), Some(b.span)),
                );
                out.reworded(Item::Outcome, subject(b), a.label != b.label, b.span);
            }
        }
    }
}

fn competencies(out: &mut Changes, old: &Program, new: &Program) {
    let subject = |c: &Competency| format!("competency `{}`", c.id);
    for pairing in by_id(&old.competencies, &new.competencies, |c| &c.id) {
        match pairing {
            Pairing::Removed(c) => {
                out.push(
                    Item::Competency,
                    Verb::Removed,
                    subject(c),
                    (None, None),
                    c.span,
                );
            }
            Pairing::Added(c) => {
                out.push(
                    Item::Competency,
                    Verb::Added,
                    subject(c),
                    (None, None),
                    c.span,
                );
            }
            Pairing::Both(a, b) => {
                let changed = a.label != b.label || a.docs != b.docs;
                out.reworded(Item::Competency, subject(b), changed, b.span);
            }
        }
    }
}

fn lenses(out: &mut Changes, old: &Program, new: &Program) {
    let subject = |l: &Lens| format!("lens `{}`", l.id);
    for pairing in by_id(&old.lenses, &new.lenses, |l| &l.id) {
        match pairing {
            Pairing::Removed(l) => {
                out.push(Item::Lens, Verb::Removed, subject(l), (None, None), l.span);
            }
            Pairing::Added(l) => {
                let after = Some(required_fields(l));
                out.push(Item::Lens, Verb::Added, subject(l), (None, after), l.span);
            }
            Pairing::Both(a, b) => lens(out, a, b),
        }
    }
}

/// "required fields `a`, `b`", or "no required field".
fn required_fields(lens: &Lens) -> String {
    let required: Vec<&str> = lens
        .fields()
        .filter(|f| !f.optional)
        .map(|f| f.id.as_str())
        .collect();
    match required.len() {
        0 => "no required field".to_owned(),
        1 => format!("required field {}", words::ids_comma(required)),
        _ => format!("required fields {}", words::ids_comma(required)),
    }
}

fn lens(out: &mut Changes, old: &Lens, new: &Lens) {
    let old_fields: Vec<&Field> = old.fields().collect();
    let new_fields: Vec<&Field> = new.fields().collect();
    let subject = |f: &Field| format!("field `{}` of lens `{}`", f.id, new.id);
    for pairing in by_id(&old_fields, &new_fields, |f| &f.id) {
        match pairing {
            Pairing::Removed(f) => {
                out.push(Item::Field, Verb::Removed, subject(f), (None, None), f.span);
            }
            Pairing::Added(f) => {
                let after = Some(if f.optional { "optional" } else { "required" }.to_owned());
                out.push(Item::Field, Verb::Added, subject(f), (None, after), f.span);
            }
            Pairing::Both(a, b) => {
                if a.optional != b.optional {
                    let verb = if b.optional {
                        Verb::MadeOptional
                    } else {
                        Verb::MadeRequired
                    };
                    out.push(Item::Field, verb, subject(b), (None, None), b.span);
                }
                out.reworded(Item::Field, subject(b), a.label != b.label, b.span);
            }
        }
    }
    let sections = |l: &Lens| {
        l.sections
            .iter()
            .map(|s| s.title.clone())
            .collect::<Vec<_>>()
    };
    let changed = old.label != new.label || old.docs != new.docs || sections(old) != sections(new);
    out.reworded(Item::Lens, format!("lens `{}`", new.id), changed, new.span);
    // The worksheet says who fills it in; a log does not record who wrote an answer.
    let filled_by = |l: &Lens| {
        l.filled_by
            .map(|who| format!("`filled by {}`", who.keyword()))
    };
    out.playbook_value(
        Item::Lens,
        format!("who fills lens `{}` in", new.id),
        filled_by(old),
        filled_by(new),
        (Some(old.span), Some(new.span)),
    );
}

fn phases(out: &mut Changes, old: &Program, new: &Program) {
    let subject = |p: &Phase| format!("phase `{}`", p.id);
    for pairing in by_id(&old.phases, &new.phases, |p| &p.id) {
        match pairing {
            Pairing::Removed(p) => {
                out.push(
                    Item::Phase,
                    Verb::Removed,
                    subject(p),
                    (Some(range(p)), None),
                    p.span,
                );
            }
            Pairing::Added(p) => {
                out.push(
                    Item::Phase,
                    Verb::Added,
                    subject(p),
                    (None, Some(range(p))),
                    p.span,
                );
            }
            Pairing::Both(a, b) => phase(out, a, b),
        }
    }
}

fn range(phase: &Phase) -> String {
    words::session_range(phase.first_session, phase.last_session)
}

fn phase(out: &mut Changes, old: &Phase, new: &Phase) {
    let subject = format!("phase `{}`", new.id);
    if (old.first_session, old.last_session) != (new.first_session, new.last_session) {
        out.push(
            Item::Phase,
            Verb::Moved,
            subject.clone(),
            (Some(range(old)), Some(range(new))),
            new.range_span,
        );
    }
    out.value(
        Item::Phase,
        format!("{subject}: lenses"),
        Some(lens_rule(&old.lens_rule)),
        Some(lens_rule(&new.lens_rule)),
        (Some(old.lens_rule_span), Some(new.lens_rule_span)),
    );
    let progression = |p: &Phase| p.progression.as_ref().map(|p| words::ids_comma(&p.lenses));
    out.value(
        Item::Phase,
        format!("{subject}: progression"),
        progression(old),
        progression(new),
        (
            old.progression.as_ref().map(|p| p.span),
            new.progression.as_ref().map(|p| p.span),
        ),
    );
    let new_problems = |p: &Phase| {
        p.new_problems
            .as_ref()
            .map(|n| if n.allowed { "allowed" } else { "forbidden" }.to_owned())
    };
    out.value(
        Item::Phase,
        format!("{subject}: new problems"),
        new_problems(old),
        new_problems(new),
        (
            old.new_problems.as_ref().map(|n| n.span),
            new.new_problems.as_ref().map(|n| n.span),
        ),
    );
    let text_changed = old.label != new.label
        || old.goals != new.goals
        || old.bring != new.bring
        || old.not_expected != new.not_expected
        || old.notes != new.notes
        || old.docs != new.docs;
    out.reworded(Item::Phase, subject, text_changed, new.span);
}

/// A phase's lens rule as its `lenses` line says it.
fn lens_rule(rule: &LensRule) -> String {
    match rule {
        LensRule::Unrestricted => "any lens".to_owned(),
        LensRule::None => "none".to_owned(),
        LensRule::Choose {
            count: CountRule::AtLeast(0),
            of,
        } => format!("any of {}", words::ids_comma(of)),
        LensRule::Choose { count, of } => {
            format!("{} of {}", count.describe(), words::ids_comma(of))
        }
    }
}

/// Milestones of the program (`track` empty) or of a track.
fn milestones(out: &mut Changes, track: &str, old: &[Milestone], new: &[Milestone]) {
    let subject = |m: &Milestone| format!("milestone `{}`{track}", m.id);
    for pairing in by_id(old, new, |m| &m.id) {
        match pairing {
            Pairing::Removed(m) => {
                out.push(
                    Item::Milestone,
                    Verb::Dropped,
                    subject(m),
                    (None, None),
                    m.span,
                );
            }
            Pairing::Added(m) => {
                let after = Some(milestone_summary(m));
                out.push(
                    Item::Milestone,
                    Verb::Added,
                    subject(m),
                    (None, after),
                    m.span,
                );
            }
            Pairing::Both(a, b) => milestone(out, &subject(b), a, b),
        }
    }
}

/// "due by session 4, evidence lens `decision-review`, competency `judgment`".
fn milestone_summary(m: &Milestone) -> String {
    let mut parts = Vec::new();
    if let Some(due) = m.due {
        parts.push(format!("due {}", due.describe()));
    }
    if let Some(evidence) = &m.evidence {
        parts.push(format!("evidence {}", evidence_text(evidence)));
    }
    if let Some(competency) = &m.competency {
        parts.push(format!("competency `{competency}`"));
    }
    if parts.is_empty() {
        "no deadline".to_owned()
    } else {
        parts.join(", ")
    }
}

fn evidence_text(evidence: &Evidence) -> String {
    match evidence {
        Evidence::Lens(lens) => format!("lens `{lens}`"),
        Evidence::Review => "a review session".to_owned(),
    }
}

fn milestone(out: &mut Changes, subject: &str, old: &Milestone, new: &Milestone) {
    if old.due != new.due {
        let due = |d: Option<Deadline>| {
            Some(d.map_or_else(|| "no deadline".to_owned(), Deadline::describe))
        };
        let span = new.due_span.unwrap_or(new.span);
        out.push(
            Item::Milestone,
            Verb::Redated,
            subject.to_owned(),
            (due(old.due), due(new.due)),
            span,
        );
    }
    if old.evidence != new.evidence {
        let evidence = |e: &Option<Evidence>| {
            Some(e.as_ref().map_or_else(|| "none".to_owned(), evidence_text))
        };
        let span = new.evidence_span.unwrap_or(new.span);
        out.push(
            Item::Milestone,
            Verb::Reevidenced,
            subject.to_owned(),
            (evidence(&old.evidence), evidence(&new.evidence)),
            span,
        );
    }
    let competency = |m: &Milestone| m.competency.as_ref().map(|c| format!("`{c}`"));
    out.value(
        Item::Milestone,
        format!("{subject}: competency"),
        competency(old),
        competency(new),
        (Some(old.span), Some(new.span)),
    );
    out.reworded(
        Item::Milestone,
        subject.to_owned(),
        old.label != new.label || old.docs != new.docs,
        new.span,
    );
}

fn tracks(out: &mut Changes, old: &Program, new: &Program) {
    let subject = |t: &Track| format!("track `{}`", t.id);
    for pairing in by_id(&old.tracks, &new.tracks, |t| &t.id) {
        match pairing {
            Pairing::Removed(t) => {
                out.push(Item::Track, Verb::Removed, subject(t), (None, None), t.span);
            }
            Pairing::Added(t) => {
                out.push(Item::Track, Verb::Added, subject(t), (None, None), t.span);
            }
            Pairing::Both(a, b) => track(out, a, b),
        }
    }
}

fn track(out: &mut Changes, old: &Track, new: &Track) {
    let subject = format!("track `{}`", new.id);
    let in_track = format!(" of track `{}`", new.id);
    let own = |t: &Track| {
        t.milestones
            .iter()
            .map(|m| m.milestone.clone())
            .collect::<Vec<_>>()
    };
    milestones(out, &in_track, &own(old), &own(new));
    let replaces = |t: &Track, id: &str| {
        t.milestones
            .iter()
            .find(|m| m.milestone.id == id)
            .and_then(|m| m.replaces.as_ref())
            .map(|(id, _)| format!("replaces `{id}`"))
    };
    for m in &new.milestones {
        if old
            .milestones
            .iter()
            .any(|o| o.milestone.id == m.milestone.id)
        {
            out.value(
                Item::Track,
                format!("milestone `{}`{in_track}", m.milestone.id),
                replaces(old, &m.milestone.id),
                replaces(new, &m.milestone.id),
                (None, Some(m.milestone.span)),
            );
        }
    }
    let drops = |t: &Track| {
        t.drops
            .iter()
            .map(|(id, _)| id.clone())
            .collect::<BTreeSet<_>>()
    };
    let (old_drops, new_drops) = (drops(old), drops(new));
    for (id, span) in &new.drops {
        if !old_drops.contains(id) {
            out.push(
                Item::Track,
                Verb::Changed,
                subject.clone(),
                (None, Some(format!("drops `{id}`"))),
                *span,
            );
        }
    }
    for (id, _) in &old.drops {
        if !new_drops.contains(id) {
            // The track is still there: the change is in the new file.
            let after = Some(format!("no longer drops `{id}`"));
            out.push(
                Item::Track,
                Verb::Changed,
                subject.clone(),
                (None, after),
                new.span,
            );
        }
    }
    out.reworded(
        Item::Track,
        subject,
        old.label != new.label || old.docs != new.docs,
        new.span,
    );
}

/// Each rule whose severity in the program differs, by code.
fn severities(out: &mut Changes, old: &Program, new: &Program) {
    let codes: BTreeSet<&'static str> = old
        .severity_overrides
        .keys()
        .chain(new.severity_overrides.keys())
        .copied()
        .collect();
    for code in codes {
        let Some(rule) = rules::find(code) else {
            continue;
        };
        let severity = |p: &Program| {
            p.severity_for(rule)
                .map_or("off", |s| s.as_str())
                .to_owned()
        };
        let span = new
            .severity_overrides
            .get(code)
            .or_else(|| old.severity_overrides.get(code))
            .map(|o| o.span);
        out.value(
            Item::Severity,
            format!("severity of {code} {}", rule.name),
            Some(severity(old)),
            Some(severity(new)),
            (span, span),
        );
    }
}
