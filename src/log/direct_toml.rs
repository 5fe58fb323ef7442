//! The common case of a TOML log, built straight from `toml_parser`'s events with no `DeTable`
//! or value tree between: top-level keys, then `[[sessions]]` tables, each with at most one
//! `[sessions.answers]` table after it; every key bare, a known field given once, every value
//! of its field's type and allowed, and nothing in it that a report would have to mask or
//! report.
//!
//! Anything else (a quoted or dotted key, an inline table, a multi-line string, a date with a
//! time, a number that is not a plain whole number, any syntax error) makes it give up
//! (`None`), and the file is read again through `toml`'s `DeTable` and
//! [`build::build_log`](super::build), which says what is wrong: as [`super::direct`] does
//! for JSON, this only ever builds what the builder builds from a clean log (the tests hold
//! the two to the same `Log`). Events are cheaper than `toml`'s table: its parse was two thirds
//! of a directory of TOML logs' time.

use std::borrow::Cow;

use toml_parser::ParseError;
use toml_parser::decoder::{Encoding, IntegerRadix, ScalarKind};
use toml_parser::parser::{Event, EventKind, RecursionGuard, ValidateWhitespace};

use super::build::{looks_like_id, parse_iso_date};
use super::direct::{
    CleanValues, Field, nothing_missing, read_log_field, read_session_field, take_field,
};
use super::fields::{LOG_FIELDS, SESSION_FIELDS};
use super::{Answer, Log, Session, Spanned};
use crate::source::{SourceId, Span};

/// The clean log the TOML document `text` holds, or `None` to leave it to `DeTable`.
pub(super) fn clean_log(source: SourceId, text: &str) -> Option<Log> {
    // (A byte-order mark is left to the tree, which shows where it is.)
    if text.starts_with('\u{feff}') {
        return None;
    }
    let toml = toml_parser::Source::new(text);
    let tokens = toml.lex().into_vec();
    let mut events: Vec<Event> = Vec::with_capacity(tokens.len());
    let mut errors: Vec<ParseError> = Vec::new();
    // The parser recurses into nested arrays: past `toml`'s own depth it must stop, or a line
    // of a hundred thousand `[` overflows the stack (`toml` then reports the depth).
    let mut validated = ValidateWhitespace::new(&mut events, toml);
    let mut guarded = RecursionGuard::new(&mut validated, MAX_DEPTH);
    toml_parser::parser::parse_document(&tokens, &mut guarded, &mut errors);
    if !errors.is_empty() {
        return None;
    }
    let mut reader = Reader {
        source,
        toml,
        events: events.iter().filter(|e| {
            !matches!(
                e.kind(),
                EventKind::Whitespace | EventKind::Comment | EventKind::Newline
            )
        }),
    };
    let mut log = Log::empty(source, Span::new(source, 0..0));
    // Where keys go: the log's, the last session's, or the last session's answers.
    let mut table = Table::Log;
    let mut first_key = true;
    while let Some(event) = reader.events.next() {
        match event.kind() {
            EventKind::SimpleKey => {
                let key = reader.key(event)?;
                reader.expect(EventKind::KeyValSep)?;
                if first_key && table == Table::Log {
                    // A TOML document has no opening brace: its first key stands for the log.
                    log.span = key.span;
                }
                first_key = false;
                // `sessions = [...]` and `answers = { ... }`, inline, are left to the builder.
                match table {
                    Table::Log => {
                        if read_log_field(&mut reader, &mut log, key.value)? == Field::Nested {
                            return None;
                        }
                    }
                    Table::Session => {
                        let session = log.sessions.last_mut()?;
                        if read_session_field(&mut reader, session, key.value)? == Field::Nested {
                            return None;
                        }
                    }
                    Table::Answers => {
                        let session = log.sessions.last_mut()?;
                        let (text_span, is_blank) = reader.free_text()?;
                        if !looks_like_id(key.value)
                            || session.answers.len() >= 16
                            || session.answers.iter().any(|a| a.field.value == key.value)
                        {
                            return None;
                        }
                        session.answers.push(Answer {
                            is_blank,
                            field: Spanned::new(key.value.to_owned(), key.span),
                            text_span,
                        });
                    }
                }
            }
            EventKind::ArrayTableOpen => {
                // `[[sessions]]`
                let name = reader.header_key()?;
                let close = reader.expect(EventKind::ArrayTableClose)?;
                if name.value != "sessions" {
                    return None;
                }
                let index = log.sessions.len();
                if index == 0 {
                    take_field("sessions", LOG_FIELDS, &mut log.fields_given)?;
                    if first_key {
                        log.span = name.span;
                        first_key = false;
                    }
                }
                let span = reader.span(event.span().start()..close.span().end());
                log.sessions.push(Session::empty(index, span));
                table = Table::Session;
            }
            EventKind::StdTableOpen => {
                // `[sessions.answers]`, of the session just opened
                let sessions = reader.header_key()?;
                reader.expect(EventKind::KeySep)?;
                let answers = reader.header_key()?;
                let close = reader.expect(EventKind::StdTableClose)?;
                if sessions.value != "sessions" || answers.value != "answers" {
                    return None;
                }
                let session = log.sessions.last_mut()?;
                take_field("answers", SESSION_FIELDS, &mut session.fields_given)?;
                session.answers_span = Some(reader.span(event.span().start()..close.span().end()));
                table = Table::Answers;
            }
            _ => return None,
        }
    }
    nothing_missing(&log).then_some(log)
}

/// The deepest nesting the parser enters, as `toml`'s parser (a log nests two deep).
const MAX_DEPTH: u32 = 80;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Table {
    Log,
    Session,
    Answers,
}

struct Reader<'a, I> {
    source: SourceId,
    toml: toml_parser::Source<'a>,
    events: I,
}

impl<'a, I: Iterator<Item = &'a Event>> Reader<'a, I> {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span::new(self.source, range)
    }

    /// The next event, if it is of `kind`.
    fn expect(&mut self, kind: EventKind) -> Option<&'a Event> {
        self.events.next().filter(|event| event.kind() == kind)
    }

    /// A bare key (a quoted one is left to the builder) and its span. The event parser does
    /// not check a bare key's characters (`toml` does, decoding it): ASCII letters, digits,
    /// `-` and `_` only, or the file is left to `toml` to refuse.
    fn key(&self, event: &Event) -> Option<Spanned<&'a str>> {
        if event.encoding().is_some() {
            return None;
        }
        let span = event.span();
        let raw = self.toml.get(span)?.as_str();
        let bare = !raw.is_empty()
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        bare.then(|| Spanned::new(raw, self.span(span.start()..span.end())))
    }

    /// The next event, a bare key inside a table header.
    fn header_key(&mut self) -> Option<Spanned<&'a str>> {
        let event = self.expect(EventKind::SimpleKey)?;
        self.key(event)
    }

    /// The next value, a scalar: what it decodes to, its kind, its raw text and its span.
    fn scalar(&mut self) -> Option<Scalar<'a>> {
        let event = self.expect(EventKind::Scalar)?;
        self.decode(event)
    }

    fn decode(&self, event: &Event) -> Option<Scalar<'a>> {
        // Multi-line strings are left to the builder.
        if matches!(
            event.encoding(),
            Some(Encoding::MlBasicString | Encoding::MlLiteralString)
        ) {
            return None;
        }
        let span = event.span();
        // (The event, not its span: it carries the string's encoding.)
        let raw = self.toml.get(event)?;
        if let Some(text) = plain_string(event.encoding(), raw.as_str()) {
            return Some(Scalar {
                kind: ScalarKind::String,
                decoded: Cow::Borrowed(text),
                raw: raw.as_str(),
                span: self.span(span.start()..span.end()),
            });
        }
        let mut decoded: Cow<'a, str> = Cow::Borrowed("");
        let mut errors: Vec<ParseError> = Vec::new();
        let kind = raw.decode_scalar(&mut decoded, &mut errors);
        if !errors.is_empty() {
            return None;
        }
        Some(Scalar {
            kind,
            decoded,
            raw: raw.as_str(),
            span: self.span(span.start()..span.end()),
        })
    }

    fn string_of(&self, event: &Event) -> Option<Spanned<Cow<'a, str>>> {
        let scalar = self.decode(event)?;
        (scalar.kind == ScalarKind::String).then(|| Spanned::new(scalar.decoded, scalar.span))
    }
}

impl<'a, I: Iterator<Item = &'a Event>> CleanValues<'a> for Reader<'a, I> {
    /// A string: its text and its span (of the quoted string).
    fn string(&mut self) -> Option<Spanned<Cow<'a, str>>> {
        let scalar = self.scalar()?;
        (scalar.kind == ScalarKind::String).then(|| Spanned::new(scalar.decoded, scalar.span))
    }

    /// An id: a string that is not blank and reads as an id (anything else is masked, or
    /// reported, by the builder).
    fn id(&mut self) -> Option<Spanned<String>> {
        let text = self.string()?;
        looks_like_id(&text.value).then(|| Spanned::new(text.value.into_owned(), text.span))
    }

    /// A TOML local date (a date in quotes is left to the builder).
    fn date(&mut self) -> Option<Spanned<jiff::civil::Date>> {
        let scalar = self.scalar()?;
        if scalar.kind != ScalarKind::DateTime {
            return None;
        }
        let date = parse_iso_date(scalar.raw).ok()?;
        Some(Spanned::new(date, scalar.span))
    }

    fn choice<T: Copy>(&mut self, choices: &[(&str, T)]) -> Option<Spanned<T>> {
        let text = self.string()?;
        let (_, value) = choices.iter().find(|(name, _)| *name == text.value)?;
        Some(Spanned::new(*value, text.span))
    }

    /// A plain whole number (decimal digits, no sign or `_`) from `min` up that fits a `u32`.
    fn count(&mut self, min: u32) -> Option<Spanned<u32>> {
        let scalar = self.scalar()?;
        if scalar.kind != ScalarKind::Integer(IntegerRadix::Dec)
            || scalar.raw.len() > 10
            || !scalar.raw.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let n: u32 = scalar.raw.parse().ok()?;
        (n >= min).then(|| Spanned::new(n, scalar.span))
    }

    fn boolean(&mut self) -> Option<Spanned<bool>> {
        let scalar = self.scalar()?;
        match scalar.kind {
            ScalarKind::Boolean(value) => Some(Spanned::new(value, scalar.span)),
            _ => None,
        }
    }

    /// A list of ids (a single id stands for a list of one), none twice; and its span.
    fn ids(&mut self) -> Option<(Vec<Spanned<String>>, Span)> {
        let event = self.events.next()?;
        match event.kind() {
            EventKind::Scalar => {
                let text = self.string_of(event)?;
                if !looks_like_id(&text.value) {
                    return None;
                }
                let span = text.span;
                Some((vec![Spanned::new(text.value.into_owned(), span)], span))
            }
            EventKind::ArrayOpen => {
                let mut ids: Vec<Spanned<String>> = Vec::new();
                loop {
                    let next = self.events.next()?;
                    match next.kind() {
                        EventKind::ArrayClose => {
                            let span = self.span(event.span().start()..next.span().end());
                            return Some((ids, span));
                        }
                        EventKind::ValueSep if !ids.is_empty() => {}
                        EventKind::Scalar => {
                            let text = self.string_of(next)?;
                            // Short lists: a hostile long one is left to the builder's index.
                            if !looks_like_id(&text.value)
                                || ids.len() >= 16
                                || ids.iter().any(|kept| kept.value == text.value)
                            {
                                return None;
                            }
                            ids.push(Spanned::new(text.value.into_owned(), text.span));
                        }
                        _ => return None,
                    }
                }
            }
            _ => None,
        }
    }
}

/// The text of a one-line string that has nothing to decode: no escape (in a basic string)
/// and no control character but a tab (which the decoder refuses). Takeaways and answers are
/// most of a log's bytes and nearly always plain; anything else is left to the decoder.
fn plain_string(encoding: Option<Encoding>, raw: &str) -> Option<&str> {
    let (quote, escapes) = match encoding {
        Some(Encoding::BasicString) => (b'"', true),
        Some(Encoding::LiteralString) => (b'\'', false),
        _ => return None,
    };
    let bytes = raw.as_bytes();
    let quoted = bytes.len() >= 2 && bytes.first() == Some(&quote) && bytes.last() == Some(&quote);
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    let plain = inner
        .bytes()
        .all(|b| (b >= 0x20 && b != 0x7f && !(escapes && b == b'\\')) || b == b'\t');
    (quoted && plain).then_some(inner)
}

/// A scalar value as `toml_parser` decodes it.
struct Scalar<'a> {
    kind: ScalarKind,
    decoded: Cow<'a, str>,
    raw: &'a str,
    span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::log::{LogFormat, build, tree};
    use crate::source::Sources;

    /// The log the value tree and the builder make of `text`, and whether they found it clean
    /// (nothing reported, nothing to mask).
    fn built(source: SourceId, text: &str) -> Option<(Log, bool)> {
        let root = tree::parse_toml(source, text).ok()?;
        let mut found = Diagnostics::new();
        let log = build::build_log(source, LogFormat::Toml, root, &mut found)?;
        let clean = found.is_empty() && log.problems.is_empty() && log.unread_values.is_empty();
        Some((log, clean))
    }

    fn logs() -> Vec<String> {
        let mut logs = vec![
            include_str!("../../programs/logs/senior-ic/pair-017.toml").to_owned(),
            include_str!("../../programs/logs/senior-ic-failing/lens-in-framing.toml").to_owned(),
            include_str!("../../programs/logs/senior-ic-failing/cadence-gap.toml").to_owned(),
            include_str!("../../programs/logs/senior-ic-failing/overdue-milestone.toml").to_owned(),
            include_str!("../../programs/logs/senior-ic-failing/misspelled-lens.toml").to_owned(),
        ];
        logs.push(GENERATED.to_owned());
        logs
    }

    /// A log as `examples/corpus.rs` writes them.
    const GENERATED: &str = r#"# Generated by examples/corpus.rs
program  = "senior-ic"
version  = "2025.1"
pair     = "pair-000001"
mentor   = "mentor-000"
mentee   = "mentee-00000"
started  = 2025-06-15
status   = "completed"

[[sessions]]
number      = 1
date        = 2025-06-15
minutes     = 45
outcome     = "assumption"
takeaway    = "I optimised for being right — not for being followed"

[[sessions]]
number      = 3
date        = 2025-07-14
minutes     = 53
lens        = "decision-review"
milestones  = ["first-decision-review"]
new-problem = false
outcome     = "behavior"
takeaway    = 'Bring two options'
[sessions.answers]
chose         = "Reliability of the billing path"
trade-off     = "A \"quick win\" that cost a week of trust"
"#;

    /// Ways a log can be other than clean, or clean in another shape.
    const CHANGES: &[(&str, &str)] = &[
        ("pair     = \"pair-000001\"", "pair = \"pair 1\""),
        ("pair     = \"pair-000001\"", "pair = \"  \""),
        ("pair     = \"pair-000001\"", "pair = 31"),
        ("pair     = \"pair-000001\"\n", ""),
        (
            "pair     = \"pair-000001\"",
            "pair = \"pair-1\"\npair = \"pair-2\"",
        ),
        ("pair     = \"pair-000001\"", "\"pair\" = \"pair-1\""),
        ("pair     = \"pair-000001\"", "pair = \"p\\u0061ir-1\""),
        ("pair     = \"pair-000001\"", "pair = 'pair-1'"),
        ("pair     = \"pair-000001\"", "pair = \"\"\"pair-1\"\"\""),
        ("pair     = \"pair-000001\"", "notes.feeling = \"I felt\""),
        (
            "pair     = \"pair-000001\"",
            "notes = { feeling = \"I felt\" }",
        ),
        ("version  = \"2025.1\"", "version = \"2025 spring\""),
        ("started  = 2025-06-15", "started = 2025-02-30"),
        ("started  = 2025-06-15", "started = \"2025-06-15\""),
        ("started  = 2025-06-15", "started = 2025-06-15T10:00:00"),
        (
            "started  = 2025-06-15",
            "started = 2025-06-15 # the kick-off",
        ),
        ("status   = \"completed\"", "status = \"complete\""),
        ("number      = 1", "number = 0"),
        ("number      = 1", "number = +1"),
        ("number      = 1", "number = 1_0"),
        ("number      = 1", "number = 0x1"),
        ("number      = 1", "number = 1.0"),
        ("number      = 1", "number = 4294967296"),
        ("number      = 1\n", ""),
        ("minutes     = 45", "minutes = 0"),
        ("minutes     = 45", "minutes = \"45\""),
        ("date        = 2025-06-15\n", ""),
        ("outcome     = \"assumption\"", "outcome = \"I cried\""),
        ("takeaway    = \"I", "takeaway = \"\\q I"),
        ("takeaway    = \"I", "takeaway = \"\\tI"),
        ("takeaway    = \"I", "takeaway = \"\u{1}I"),
        ("takeaway    = \"I", "takeaway = \"\u{7f}I"),
        ("takeaway    = \"I", "takeaway = \"\tI"),
        ("takeaway    = 'Bring", "takeaway = '\u{1}Bring"),
        ("takeaway    = 'Bring", "takeaway = 'C:\\Bring"),
        ("chose         = \"", "chose = \"\t \\u0020"),
        (
            "lens        = \"decision-review\"",
            "lens = [\"decision-review\"]",
        ),
        (
            "lens        = \"decision-review\"",
            "lens = [ \"decision-review\" , 'x', ]",
        ),
        (
            "lens        = \"decision-review\"",
            "lens = [\"decision-review\", \"decision-review\"]",
        ),
        ("lens        = \"decision-review\"", "lens = []"),
        ("lens        = \"decision-review\"", "lens = [,]"),
        ("lens        = \"decision-review\"", "lens = [[\"x\"]]"),
        (
            "milestones  = [\"first-decision-review\"]",
            "milestones = \"first-decision-review\"",
        ),
        ("new-problem = false", "new-problem = \"no\""),
        (
            "[sessions.answers]\n",
            "[sessions.answers]\nframing = \"\"\n",
        ),
        (
            "[sessions.answers]\n",
            "[sessions.answers]\n\"my words\" = \"x\"\n",
        ),
        ("[sessions.answers]\n", "[sessions.answers]\nframing = 3\n"),
        ("[sessions.answers]\n", "[ sessions . answers ] # why\n"),
        (
            "[[sessions]]\nnumber      = 1",
            "[[ sessions ]] # first\nnumber = 1 # one",
        ),
        (
            "lens        = \"decision-review\"",
            "lens = [\n  \"decision-review\", # the first\n]",
        ),
        (
            "[sessions.answers]\n",
            "[sessions.answers]\nelección = \"x\"\n",
        ),
        (
            "[sessions.answers]\n",
            "[sessions.answers]\nmy.words = \"x\"\n",
        ),
        ("pair     = \"pair-000001\"", "pαir = \"pair-1\""),
        (
            "[sessions.answers]\n",
            "[sessions.answers]\nframing = \"  \"\n",
        ),
        ("[sessions.answers]\n", "[sessions.answer]\n"),
        ("[sessions.answers]\n", "[meta]\n"),
        ("[sessions.answers]\n", "[sessions.answers.more]\n"),
        ("[sessions.answers]\n", ""),
        ("chose         =", "chose = \"x\"\nchose ="),
        (
            "[[sessions]]\nnumber      = 1",
            "[[session]]\nnumber      = 1",
        ),
        (
            "[[sessions]]\nnumber      = 1",
            "[[sessions]]\nkind = \"review\"\nstatus = \"cancelled\"\ndate = 2025-06-01\n\n[[sessions]]\nnumber      = 1",
        ),
        (
            "[[sessions]]\nnumber      = 1",
            "[[sessions]]\nstatus = \"planned\"\ndate = 2025-06-01\n\n[[sessions]]\nnumber      = 1",
        ),
        (
            "[[sessions]]\nnumber      = 1",
            "[[sessions]]\nstatus = \"held\"\ndate = 2025-06-01\n\n[[sessions]]\nnumber      = 1",
        ),
        (
            "[[sessions]]\nnumber      = 1",
            "[[sessions]]\n[[sessions]]\nnumber      = 1",
        ),
        (
            "status   = \"completed\"\n",
            "status   = \"completed\"\nsessions = []\n",
        ),
        (
            "status   = \"completed\"\n",
            "status   = \"completed\"\ntrack = \"ic\"\nagreement = 2025-06-01\n",
        ),
        (
            "takeaway    = 'Bring two options'",
            "takeaway    = 'Bring two options'\nanswers = { chose = \"x\" }",
        ),
        ("# Generated", "\u{feff}# Generated"),
        (
            "program  = \"senior-ic\"\n",
            "[[sessions]]\ndate = 2025-06-01\nprogram  = \"senior-ic\"\n",
        ),
    ];

    /// Clean logs in a shape the direct reader leaves to the builder.
    const LEFT_TO_THE_BUILDER: &[&str] = &[
        "\"pair\" =",
        "\u{feff}",
        "started = \"2025",
        "sessions = []",
        "answers = {",
        "\"\"\"",
        "= +1",
        "= 1_0",
        "= 0x1",
    ];

    #[test]
    fn a_clean_log_is_built_as_the_builder_builds_it_and_any_other_is_left_to_it() {
        let mut sources = Sources::new();
        let source = sources.add("log.toml", "");
        let mut direct = 0;
        for log in logs() {
            let mut texts = vec![log.clone(), log.replace('\n', "\r\n")];
            for (from, to) in CHANGES {
                if log.contains(from) {
                    texts.push(log.replacen(from, to, 1));
                }
            }
            for text in texts {
                match (clean_log(source, &text), built(source, &text)) {
                    (Some(log), Some((expected, true))) => {
                        direct += 1;
                        assert_eq!(format!("{log:?}"), format!("{expected:?}"), "{text}");
                    }
                    (Some(log), other) => {
                        panic!("built directly {log:?}, the builder: {other:?}\n{text}")
                    }
                    (None, Some((_, true)))
                        if !LEFT_TO_THE_BUILDER.iter().any(|shape| text.contains(shape)) =>
                    {
                        panic!("a clean log was left to the builder: {text}")
                    }
                    (None, _) => {}
                }
            }
        }
        // The example logs and the clean variants take the direct path.
        assert!(direct >= 8, "{direct}");
    }

    #[test]
    fn a_deeply_nested_value_is_left_to_the_builder_without_overflowing_the_stack() {
        let mut sources = Sources::new();
        let source = sources.add("log.toml", "");
        for depth in [81, 100_000] {
            let text = format!(
                "program = \"senior-ic\"\npair = \"p-1\"\nstarted = 2025-01-01\n\
                 [[sessions]]\ndate = 2025-01-01\nlens = {}{}\n",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            assert!(clean_log(source, &text).is_none(), "{depth}");
        }
    }
}
