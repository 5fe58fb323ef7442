//! From the value tree to a [`Log`]: every field checked for its type and allowed values,
//! unknown and repeated fields reported with the closest known field.

use std::borrow::Cow;

use super::fields::{LOG_FIELDS, SESSION_FIELDS};
use super::tree::{Entry, Node, Value};
use super::{
    Answer, FieldsGiven, Log, LogFormat, PairStatus, Session, SessionKind, SessionStatus, Spanned,
};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::{SourceId, Span};
use crate::words::{did_you_mean, ids_comma, quote_id};

pub(super) const PAIR_STATUSES: &[(&str, PairStatus)] = &[
    ("active", PairStatus::Active),
    ("completed", PairStatus::Completed),
    ("withdrawn", PairStatus::Withdrawn),
    ("re-matched", PairStatus::Rematched),
];

pub(super) const SESSION_STATUSES: &[(&str, SessionStatus)] = &[
    ("held", SessionStatus::Held),
    ("cancelled", SessionStatus::Cancelled),
    ("no-show", SessionStatus::NoShow),
    ("planned", SessionStatus::Planned),
];

pub(super) const SESSION_KINDS: &[(&str, SessionKind)] = &[
    ("check-in", SessionKind::CheckIn),
    ("review", SessionKind::Review),
];

/// Builds a log from a parsed document; `None` (with an `F003` diagnostic) when the document
/// is not an object, because then nothing in it can be checked.
pub(super) fn build_log(
    source: SourceId,
    format: LogFormat,
    root: Node,
    diagnostics: &mut Diagnostics,
) -> Option<Log> {
    let Value::Table(entries) = root.value else {
        diagnostics.push(
            Diagnostic::new(
                &rules::UNPARSEABLE_LOG,
                format!("expected a log object, found {}", root.value.kind()),
                Label::new(root.span, "not a log"),
            )
            .with_help(match format {
                LogFormat::Yaml => {
                    "a log is one mapping with `program`, `pair`, `started` and `sessions`; \
                     for many logs in one file, write a list of such mappings, or one per \
                     document (`---`)"
                }
                _ => {
                    "a log is one object with `program`, `pair`, `started` and `sessions`; \
                     for many logs in one file, write a JSON list of such objects, or one \
                     object per line in a `.jsonl` file"
                }
            }),
        );
        return None;
    };
    // A TOML document (and a YAML block mapping) has no opening brace: its first key stands
    // for the whole log.
    let log_span = match format {
        LogFormat::Toml | LogFormat::Yaml => entries
            .first()
            .map_or(Span::new(source, 0..0), |e| e.key_span),
        LogFormat::Json | LogFormat::JsonLines => head(root.span),
        // The first cell of the pair's first row.
        LogFormat::Csv => root.span,
    };
    let mut builder = Builder {
        format,
        problems: Vec::new(),
        unread_values: Vec::new(),
    };
    let mut log = Log::empty(source, log_span);
    let (entries, given) = builder.known_fields(entries, LOG_FIELDS, "log");
    log.fields_given = given;
    for field in ["program", "pair", "started"] {
        if !given.contains(field) {
            builder.missing(field, log_span, "the log", "log");
        }
    }
    for Entry { key, node, .. } in entries {
        match key.as_ref() {
            "program" => log.program = builder.id(&key, node),
            "version" => {
                log.version = builder.text(&key, node);
                // Quoted by `L030` only when it looks like an id (`quote_id`), so masked otherwise.
                if let Some(version) = &log.version {
                    builder.private_unless_id(&version.value, version.span);
                }
            }
            "pair" => log.pair = builder.id(&key, node),
            "mentor" => log.mentor = builder.id(&key, node),
            "mentee" => log.mentee = builder.id(&key, node),
            "track" => log.track = builder.id(&key, node),
            "started" => log.started = builder.date(&key, node),
            "agreement" => log.agreement = builder.date(&key, node),
            "status" => log.status = builder.choice(&key, node, PAIR_STATUSES),
            "sessions" => match node.value {
                Value::Array(items) => {
                    for (index, item) in items.into_iter().enumerate() {
                        if let Some(session) = builder.session(index, item) {
                            log.sessions.push(session);
                        }
                    }
                }
                other => builder.wrong_type(&key, &other, node.span, "a list of sessions"),
            },
            _ => {}
        }
    }
    log.problems = builder.problems;
    log.unread_values = builder.unread_values;
    Some(log)
}

/// The empty log and session every reader of the format fills in (the builder, and the
/// direct reader of clean JSON).
impl Log {
    /// A log that gives nothing yet, starting at `span`: what a reader fills in.
    pub(super) fn empty(source: SourceId, span: Span) -> Log {
        Log {
            source,
            span,
            program: None,
            version: None,
            pair: None,
            mentor: None,
            mentee: None,
            track: None,
            started: None,
            status: None,
            agreement: None,
            sessions: Vec::new(),
            fields_given: FieldsGiven::none(LOG_FIELDS),
            problems: Vec::new(),
            unread_values: Vec::new(),
        }
    }
}

impl Session {
    /// Entry `index` of `sessions`, starting at `span`, giving nothing yet.
    pub(super) fn empty(index: usize, span: Span) -> Session {
        Session {
            index,
            span,
            number: None,
            date: None,
            minutes: None,
            kind: None,
            status: None,
            outcome: None,
            takeaway: None,
            lenses: Vec::new(),
            lens_span: None,
            milestones: Vec::new(),
            new_problem: None,
            answers: Vec::new(),
            answers_span: None,
            fields_given: FieldsGiven::none(SESSION_FIELDS),
        }
    }
}

/// The first byte of a span: the `{` of a JSON object, so that "something is missing here"
/// labels stay on one line.
pub(super) fn head(span: Span) -> Span {
    Span {
        source: span.source,
        start: span.start,
        end: span.end.min(span.start.saturating_add(1)),
    }
}

pub(crate) fn looks_like_id(text: &str) -> bool {
    /// The ASCII bytes of an id, by value: a lookup a byte, where three comparisons each were
    /// 4.8% of the instructions of a cohort file's run.
    const ID_BYTES: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            let b = byte as u8;
            table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
            byte += 1;
        }
        table
    };
    !text.is_empty()
        && text.len() <= 64
        // Every key of the format and nearly every id is ASCII: one pass over bytes decides.
        // (A fold with no early exit: an id is short and nearly always one, and a loop without
        // a branch a byte took 15% fewer instructions here on a cohort file.)
        && (text
            .as_bytes()
            .iter()
            .fold(true, |is_id, &b| is_id & ID_BYTES[usize::from(b)])
            || text
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
}

struct Builder {
    format: LogFormat,
    problems: Vec<Diagnostic>,
    /// Where the values that were not read are (unknown fields, invalid values: free text as
    /// often as not), to be masked.
    unread_values: Vec<Span>,
}

impl Builder {
    /// The entries whose key is known and not repeated, and which known fields were given;
    /// unknown and repeated keys are reported.
    fn known_fields<'a>(
        &mut self,
        entries: Vec<Entry<'a>>,
        known: &'static [&'static str],
        what: &str,
    ) -> (Vec<Entry<'a>>, FieldsGiven) {
        let mut given = FieldsGiven::none(known);
        let mut kept: Vec<Entry<'a>> = Vec::with_capacity(entries.len());
        for entry in entries {
            // A key that is not a name may itself be what the pair wrote (`"I felt unheard" = …`).
            self.private_unless_id(&entry.key, entry.key_span);
            let Some(index) = known.iter().position(|k| *k == entry.key) else {
                let help = match did_you_mean(&entry.key, known.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("a {what} has the fields {}", ids_comma(known.iter())),
                };
                self.unread(&entry.node);
                self.problems.push(
                    Diagnostic::new(
                        &rules::UNKNOWN_LOG_FIELD,
                        format!("unknown {what} field {}", quote_id(&entry.key)),
                        Label::new(entry.key_span, "not a field of the log format"),
                    )
                    .with_help(help),
                );
                continue;
            };
            if given.contains_index(index)
                && let Some(first) = kept.iter().find(|k| k.key == entry.key)
            {
                let first_span = first.key_span;
                // The repeated value is never read, so it is masked like any unread value:
                // `"takeaway": "a", "takeaway": "b"` shows neither text.
                self.unread(&entry.node);
                self.problems.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_LOG_FIELD,
                        format!("`{}` is given twice in the same {what}", entry.key),
                        Label::new(entry.key_span, "given again here"),
                    )
                    .with_label(Label::new(first_span, "first given here; this one is used")),
                );
                continue;
            }
            given.add(index);
            kept.push(entry);
        }
        (kept, given)
    }

    /// `owner` names the log or session in the message; `place` is "log" or "session".
    fn missing(&mut self, field: &str, span: Span, owner: &str, place: &str) {
        self.problems.push(Diagnostic::new(
            &rules::MISSING_LOG_FIELD,
            format!("{owner} has no `{field}`"),
            Label::new(span, format!("this {place} needs `{field}`")),
        ));
    }

    /// Marks `node` and everything in it as not read, to be masked. A TOML table's span may
    /// not cover its contents (`[meta]` and the lines below it, `meta.feeling = …`), so every
    /// value and every key that is not a name inside it is marked on its own.
    fn unread(&mut self, node: &Node) {
        self.unread_values.push(node.span);
        self.unread_within(&node.value);
    }

    fn unread_within(&mut self, value: &Value) {
        match value {
            Value::Array(items) => items.iter().for_each(|item| self.unread(item)),
            Value::Table(entries) => {
                for entry in entries {
                    self.private_unless_id(&entry.key, entry.key_span);
                    self.unread(&entry.node);
                }
            }
            _ => {}
        }
    }

    fn wrong_type(&mut self, key: &str, found: &Value, span: Span, expected: &str) {
        self.unread_within(found);
        self.invalid(
            span,
            format!("`{key}` must be {expected}, found {}", found.kind()),
            None,
        );
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        self.unread_values.push(span);
        self.problems.push(
            Diagnostic::new(
                &rules::INVALID_LOG_VALUE,
                message,
                Label::new(span, "invalid value"),
            )
            .with_optional_help(help),
        );
    }

    fn text(&mut self, key: &str, node: Node) -> Option<Spanned<String>> {
        let text = self.string(key, node)?;
        Some(Spanned::new(text.value.into_owned(), text.span))
    }

    /// A string as the tree holds it, borrowed from the file's text where it can be.
    fn string<'t>(&mut self, key: &str, node: Node<'t>) -> Option<Spanned<Cow<'t, str>>> {
        match node.value {
            Value::String(text) => Some(Spanned::new(text, node.span)),
            other => {
                let help = matches!(other, Value::Number | Value::Integer(_))
                    .then(|| "write it in quotes, as a string".to_owned());
                self.unread_within(&other);
                self.invalid(
                    node.span,
                    format!("`{key}` must be a string, found {}", other.kind()),
                    help,
                );
                None
            }
        }
    }

    fn id(&mut self, key: &str, node: Node) -> Option<Spanned<String>> {
        let span = node.span;
        let text = self.text(key, node)?;
        if text.value.trim().is_empty() {
            self.invalid(span, format!("`{key}` is blank"), None);
            return None;
        }
        self.private_unless_id(&text.value, span);
        Some(text)
    }

    /// Masks `span` in human output unless `text` looks like an id: a sentence where an id
    /// belongs (`outcome = "I cried after the meeting"`) is not quoted by any message
    /// (`quote_id`), so the snippet under that message must not show it either.
    fn private_unless_id(&mut self, text: &str, span: Span) {
        if !looks_like_id(text) {
            self.unread_values.push(span);
        }
    }

    fn date(&mut self, key: &str, node: Node) -> Option<Spanned<jiff::civil::Date>> {
        let help = || Some("write the date as YYYY-MM-DD, e.g. 2025-01-06".to_owned());
        match node.value {
            Value::Date(Some(date)) => Some(Spanned::new(date, node.span)),
            Value::Date(None) => {
                self.invalid(
                    node.span,
                    format!("`{key}` is not a date of the calendar"),
                    None,
                );
                None
            }
            Value::String(text) => match parse_iso_date(&text) {
                Ok(date) => Some(Spanned::new(date, node.span)),
                Err(DateError::Shape) => {
                    self.invalid(
                        node.span,
                        format!("`{key}` must be a date written YYYY-MM-DD"),
                        help(),
                    );
                    None
                }
                Err(DateError::NotInCalendar) => {
                    self.invalid(
                        node.span,
                        format!("`{key}` is not a date of the calendar: {text}"),
                        None,
                    );
                    None
                }
            },
            other => {
                let expected = match self.format {
                    LogFormat::Toml | LogFormat::Yaml | LogFormat::Csv => "a date (YYYY-MM-DD)",
                    LogFormat::Json | LogFormat::JsonLines => "a date string (\"YYYY-MM-DD\")",
                };
                self.unread_within(&other);
                self.invalid(
                    node.span,
                    format!("`{key}` must be {expected}, found {}", other.kind()),
                    help(),
                );
                None
            }
        }
    }

    /// A whole number from `min` up.
    fn count(&mut self, key: &str, node: Node, min: u32) -> Option<Spanned<u32>> {
        match node.value {
            Value::Integer(n) => match u32::try_from(n) {
                Ok(n) if n >= min => Some(Spanned::new(n, node.span)),
                _ => {
                    let message = if n > i64::from(u32::MAX) {
                        format!(
                            "`{key}` is too large: it must be a whole number from {min} to {}",
                            u32::MAX
                        )
                    } else {
                        format!("`{key}` must be a whole number from {min}, found {n}")
                    };
                    self.invalid(node.span, message, None);
                    None
                }
            },
            other => {
                self.wrong_type(key, &other, node.span, "a whole number");
                None
            }
        }
    }

    fn boolean(&mut self, key: &str, node: Node) -> Option<Spanned<bool>> {
        match node.value {
            Value::Bool(b) => Some(Spanned::new(b, node.span)),
            other => {
                self.wrong_type(key, &other, node.span, "`true` or `false`");
                None
            }
        }
    }

    fn choice<T: Copy>(
        &mut self,
        key: &str,
        node: Node,
        choices: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let span = node.span;
        let text = self.text(key, node)?;
        if let Some((_, value)) = choices.iter().find(|(name, _)| *name == text.value) {
            return Some(Spanned::new(*value, span));
        }
        let allowed = ids_comma(choices.iter().map(|(name, _)| name));
        let help = did_you_mean(&text.value, choices.iter().map(|(name, _)| *name))
            .map(|best| format!("did you mean `{best}`?"));
        self.invalid(
            span,
            format!(
                "`{key}` must be one of {allowed}, found {}",
                quote_id(&text.value)
            ),
            help,
        );
        None
    }

    /// A list of ids, or a single id standing for a list of one.
    fn ids(&mut self, key: &str, node: Node) -> Vec<Spanned<String>> {
        match node.value {
            Value::String(_) => self.id(key, node).into_iter().collect(),
            Value::Array(items) => {
                let mut ids: Vec<Spanned<String>> = Vec::with_capacity(items.len());
                let mut seen = FirstSpans::for_len(items.len());
                for item in items {
                    let Some(id) = self.id(key, item) else {
                        continue;
                    };
                    // `lens = ["decision-review", "decision-review"]` is one lens used, not two.
                    let kept = ids.iter().map(|id| (id.value.as_str(), id.span));
                    if let Some(first_span) = seen.first(&id.value, kept) {
                        self.problems.push(
                            Diagnostic::new(
                                &rules::DUPLICATE_LOG_FIELD,
                                format!("{} is listed twice in `{key}`", quote_id(&id.value)),
                                Label::new(id.span, "listed again here"),
                            )
                            .with_label(Label::new(first_span, "first listed here")),
                        );
                        continue;
                    }
                    seen.record(&id.value, id.span);
                    ids.push(id);
                }
                ids
            }
            other => {
                self.wrong_type(key, &other, node.span, "an id or a list of ids");
                Vec::new()
            }
        }
    }

    fn session(&mut self, index: usize, node: Node) -> Option<Session> {
        let Value::Table(entries) = node.value else {
            self.wrong_type(
                "sessions",
                &node.value,
                node.span,
                "a list of session tables",
            );
            return None;
        };
        let span = match self.format {
            // `[[sessions]]` headers are short; an inline table is shown from its brace.
            LogFormat::Toml if !starts_inline(&entries, node.span) => node.span,
            _ => head(node.span),
        };
        let mut session = Session::empty(index, span);
        let (entries, given) = self.known_fields(entries, SESSION_FIELDS, "session");
        session.fields_given = given;
        let (has_date, has_number) = (session.has_field("date"), session.has_field("number"));
        for Entry { key, node, .. } in entries {
            match key.as_ref() {
                "number" => session.number = self.count(&key, node, 1),
                "date" => session.date = self.date(&key, node),
                "minutes" => session.minutes = self.count(&key, node, 0),
                "kind" => session.kind = self.choice(&key, node, SESSION_KINDS),
                "status" => session.status = self.choice(&key, node, SESSION_STATUSES),
                "outcome" => session.outcome = self.id(&key, node),
                // Where the takeaway is; its text is the pair's and not kept.
                "takeaway" => session.takeaway = self.string(&key, node).map(|t| t.span),
                "lens" => {
                    session.lens_span = Some(node.span);
                    session.lenses = self.ids(&key, node);
                }
                "milestones" => session.milestones = self.ids(&key, node),
                "new-problem" => session.new_problem = self.boolean(&key, node),
                "answers" => {
                    session.answers_span = Some(node.span);
                    session.answers = self.answers(node);
                }
                _ => {}
            }
        }
        if !has_date {
            self.missing(
                "date",
                span,
                &format!("session entry {}", index + 1),
                "session",
            );
        }
        // With an invalid `status` it is unknown whether the session was held.
        let status_unknown = session.has_field("status") && session.status.is_none();
        if !has_number && session.is_held() && !status_unknown {
            let owner = match &session.date {
                Some(date) => format!("the held session on {}", date.value),
                None => format!("session entry {}", index + 1),
            };
            self.missing("number", span, &owner, "session");
        }
        Some(session)
    }

    fn answers(&mut self, node: Node) -> Vec<Answer> {
        let Value::Table(entries) = node.value else {
            self.wrong_type(
                "answers",
                &node.value,
                node.span,
                "a table of lens field ids and texts",
            );
            return Vec::new();
        };
        let mut answers: Vec<Answer> = Vec::with_capacity(entries.len());
        // Each answer kept, wrongly typed or not, is the first of its field.
        let mut answered = FirstSpans::for_len(entries.len());
        for entry in entries {
            self.private_unless_id(&entry.key, entry.key_span);
            let Value::String(text) = &entry.node.value else {
                // `[sessions.answers.chose]` holds its texts in a table of its own.
                self.unread_within(&entry.node.value);
                self.invalid(
                    entry.node.span,
                    format!(
                        "the answer to {} must be a text, found {}",
                        quote_id(&entry.key),
                        entry.node.value.kind()
                    ),
                    None,
                );
                // Answered, if wrongly: the field is not also "missing" (`L022`), and the value
                // stays masked like any answer.
                let kept = answers
                    .iter()
                    .map(|a| (a.field.value.as_str(), a.field.span));
                if answered.first(&entry.key, kept).is_none() {
                    answered.record(&entry.key, entry.key_span);
                }
                answers.push(Answer {
                    is_blank: false,
                    field: Spanned::new(entry.key.into_owned(), entry.key_span),
                    text_span: entry.node.span,
                });
                continue;
            };
            let kept = answers
                .iter()
                .map(|a| (a.field.value.as_str(), a.field.span));
            if let Some(first_span) = answered.first(&entry.key, kept) {
                // Never read, and a pair's words all the same: masked like the first answer.
                self.unread(&entry.node);
                self.problems.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_LOG_FIELD,
                        format!(
                            "{} is answered twice in the same session",
                            quote_id(&entry.key)
                        ),
                        Label::new(entry.key_span, "answered again here"),
                    )
                    .with_label(Label::new(
                        first_span,
                        "first answered here; this one is used",
                    )),
                );
                continue;
            }
            answered.record(&entry.key, entry.key_span);
            answers.push(Answer {
                is_blank: text.trim().is_empty(),
                field: Spanned::new(entry.key.into_owned(), entry.key_span),
                text_span: entry.node.span,
            });
        }
        answers
    }
}

/// Where each key of one list was first given, to report a repeat. Logs' lists are short (a
/// few lenses, a few answers): those are scanned, as kept; a long one gets a hash index, so
/// that a hostile session of a million answers is still read in linear time.
enum FirstSpans {
    Scan,
    Index(std::collections::HashMap<String, Span>),
}

impl FirstSpans {
    /// The longest list scanned rather than indexed.
    const MOST_SCANNED: usize = 16;

    fn for_len(len: usize) -> FirstSpans {
        if len <= Self::MOST_SCANNED {
            FirstSpans::Scan
        } else {
            FirstSpans::Index(std::collections::HashMap::with_capacity(len))
        }
    }

    /// Where `key` was first given: found in `kept` (the keys kept so far, in order) when
    /// scanning, in the index otherwise.
    fn first<'k>(
        &self,
        key: &str,
        mut kept: impl Iterator<Item = (&'k str, Span)>,
    ) -> Option<Span> {
        match self {
            FirstSpans::Scan => kept.find(|(kept, _)| *kept == key).map(|(_, span)| span),
            FirstSpans::Index(index) => index.get(key).copied(),
        }
    }

    /// `key` kept, first given at `span`.
    fn record(&mut self, key: &str, span: Span) {
        if let FirstSpans::Index(index) = self {
            index.entry(key.to_owned()).or_insert(span);
        }
    }
}

/// Whether a TOML session is an inline table (`{ … }`, its span ends after its last value)
/// rather than a `[[sessions]]` header (its span ends before its first key).
fn starts_inline(entries: &[Entry], span: Span) -> bool {
    entries.first().is_some_and(|e| e.key_span.start < span.end)
}

pub(super) enum DateError {
    Shape,
    NotInCalendar,
}

/// Strictly `YYYY-MM-DD`: the contract's one date format, so `2025-1-6` or a date-time
/// written as a string is reported rather than guessed.
pub(super) fn parse_iso_date(text: &str) -> Result<jiff::civil::Date, DateError> {
    let Ok([y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1]) = <[u8; 10]>::try_from(text.as_bytes())
    else {
        return Err(DateError::Shape);
    };
    // The digits' values straight from the bytes: a date is read for every session of every
    // log, and `str::parse` three times was most of its cost.
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0i32, |n, &digit| {
            digit
                .is_ascii_digit()
                .then(|| n * 10 + i32::from(digit - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (
        number(&[y0, y1, y2, y3]),
        number(&[m0, m1]),
        number(&[d0, d1]),
    ) else {
        return Err(DateError::Shape);
    };
    super::tree::civil_date(year, month, day).ok_or(DateError::NotInCalendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::parse_logs;
    use crate::source::Sources;

    #[test]
    fn iso_dates_are_strict() {
        assert!(parse_iso_date("2025-01-06").is_ok());
        assert!(matches!(
            parse_iso_date("2025-02-30"),
            Err(DateError::NotInCalendar)
        ));
        for bad in [
            "2025-1-6",
            "06/01/2025",
            "2025-01-06T10:00",
            "",
            "２０２５-01-06",
            "2025-01-0x",
            "2025/01/06",
            "+025-01-06",
            "2025-01-061",
        ] {
            assert!(
                matches!(parse_iso_date(bad), Err(DateError::Shape)),
                "{bad}"
            );
        }
    }

    #[test]
    fn ids_are_quoted_only_when_they_look_like_ids() {
        assert_eq!(quote_id("decision-review"), "`decision-review`");
        assert_eq!(quote_id("I felt unheard"), "(a text that is not an id)");
    }

    /// One log with the pair status `status`, written in `format`.
    fn log_with_status(format: LogFormat, status: &str) -> String {
        match format {
            LogFormat::Toml => format!(
                "program = \"senior-ic\"\npair = \"pair-1\"\nstarted = 2025-01-06\nstatus = \"{status}\"\n"
            ),
            LogFormat::Json | LogFormat::JsonLines => format!(
                "{{\"program\": \"senior-ic\", \"pair\": \"pair-1\", \"started\": \"2025-01-06\", \"status\": \"{status}\"}}\n"
            ),
            LogFormat::Yaml => {
                format!("program: senior-ic\npair: pair-1\nstarted: 2025-01-06\nstatus: {status}\n")
            }
            LogFormat::Csv => {
                format!("program,pair,started,pair-status\nsenior-ic,pair-1,2025-01-06,{status}\n")
            }
        }
    }

    const EVERY_FORMAT: [LogFormat; 5] = [
        LogFormat::Toml,
        LogFormat::Json,
        LogFormat::JsonLines,
        LogFormat::Yaml,
        LogFormat::Csv,
    ];

    /// The one log `text` holds in `format`; nothing may be wrong with the file itself.
    fn only_log(format: LogFormat, text: String) -> Log {
        let mut sources = Sources::new();
        let id = sources.add("log", text);
        let mut diagnostics = Diagnostics::new();
        let mut logs = parse_logs(&sources, id, format, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{format:?}: {diagnostics:?}");
        assert_eq!(logs.len(), 1, "{format:?}: one log expected");
        logs.remove(0)
    }

    #[test]
    fn every_format_reads_a_re_matched_pair() {
        for format in EVERY_FORMAT {
            let log = only_log(format, log_with_status(format, "re-matched"));
            assert!(log.problems.is_empty(), "{format:?}: {:?}", log.problems);
            assert_eq!(log.pair_status(), PairStatus::Rematched, "{format:?}");
            assert_eq!(log.pair_status().as_str(), "re-matched");
        }
    }

    #[test]
    fn a_misspelt_re_matched_is_an_invalid_value_with_the_spelling_suggested() {
        for format in EVERY_FORMAT {
            for misspelt in ["rematched", "re-match", "Re-Matched", "re_matched"] {
                let log = only_log(format, log_with_status(format, misspelt));
                assert!(log.status.is_none(), "{format:?} {misspelt}");
                let [problem] = log.problems.as_slice() else {
                    panic!(
                        "{format:?} {misspelt}: one problem expected: {:?}",
                        log.problems
                    )
                };
                assert_eq!(problem.code(), "L003", "{format:?} {misspelt}");
                assert!(
                    problem.message.ends_with(&format!(
                        "must be one of `active`, `completed`, `withdrawn`, `re-matched`, found `{misspelt}`"
                    )),
                    "{format:?}: {}",
                    problem.message
                );
                assert_eq!(
                    problem.help.as_deref(),
                    Some("did you mean `re-matched`?"),
                    "{format:?} {misspelt}"
                );
            }
        }
    }
}
