//! The common case of a JSON log, built straight from jiter's pull parser with no value tree
//! between: a log whose every key is a known field given once, every value of its field's type
//! and allowed, and nothing in it that a report would have to mask or report.
//!
//! Anything else (an unknown or repeated key, a wrong type, an invalid value, a key with an
//! escape, a blank id, a missing field, a number that is not a plain whole number) makes it
//! give up (`None`), and the record is read again through the value tree and
//! [`build::build_log`](super::build), which says what is wrong. So there is one place that
//! judges a log, and this one only ever builds what that place builds from a clean log (the
//! tests hold the two to the same `Log`). About four logs in five of a cohort take this path.

use std::borrow::Cow;

use jiter::{Jiter, Peek};

use super::build::{
    PAIR_STATUSES, SESSION_KINDS, SESSION_STATUSES, head, looks_like_id, parse_iso_date,
};
use super::fields::{LOG_FIELDS, SESSION_FIELDS};
use super::tree::{Place, range_in};
use super::{Answer, FieldsGiven, Log, Session, Spanned};
use crate::source::{SourceId, Span};

/// The clean log `text` holds (it starts at `offset` in its file), or `None` to leave it to the
/// value tree.
pub(super) fn clean_log(source: SourceId, text: &str, offset: usize) -> Option<Log> {
    let mut reader = Reader {
        jiter: Jiter::new(text.as_bytes()),
        base: 0,
        pending: None,
        place: Place {
            text,
            source,
            offset,
        },
    };
    if reader.parser().peek().ok()? != Peek::Object {
        return None;
    }
    let start = reader.at();
    let mut log = Log::empty(source, Span::new(source, 0..0));
    let mut key = reader.next_key(true)?;
    while let Some(name) = key {
        if read_log_field(&mut reader, &mut log, name)? == Field::Nested {
            if reader.parser().peek().ok()? != Peek::Array {
                return None;
            }
            let mut next = reader.parser().known_array().ok()?;
            while let Some(peek) = next {
                if peek != Peek::Object {
                    return None;
                }
                // Filled where it is kept: a session is a few hundred bytes, moved twice
                // when built apart and pushed.
                let index = log.sessions.len();
                log.sessions
                    .push(Session::empty(index, Span::new(source, 0..0)));
                // (`last_mut` is the session just pushed: it is never `None`.)
                reader.session(log.sessions.last_mut()?)?;
                next = reader.parser().array_step().ok()?;
            }
        }
        key = reader.next_key(false)?;
    }
    let end = reader.at();
    reader.parser().finish().ok()?;
    if !nothing_missing(&log) {
        return None;
    }
    log.span = head(reader.span(start..end));
    Some(log)
}

/// How a direct reader reads the next value as each kind a log's fields hold: each `None` when
/// the value is not clean (of another type, invalid, or anything the builder would mask or
/// report). JSON's and TOML's readers ([`super::direct_toml`]) fill a log's fields through it.
pub(super) trait CleanValues<'a> {
    fn string(&mut self) -> Option<Spanned<Cow<'a, str>>>;
    /// The next value, a string of free text (a takeaway, an answer), of which a log keeps only
    /// where it is and whether it is blank.
    fn free_text(&mut self) -> Option<(Span, bool)> {
        let text = self.string()?;
        Some((text.span, text.value.trim().is_empty()))
    }
    fn id(&mut self) -> Option<Spanned<String>>;
    fn date(&mut self) -> Option<Spanned<jiff::civil::Date>>;
    fn choice<T: Copy>(&mut self, choices: &[(&str, T)]) -> Option<Spanned<T>>;
    fn count(&mut self, min: u32) -> Option<Spanned<u32>>;
    fn boolean(&mut self) -> Option<Spanned<bool>>;
    fn ids(&mut self) -> Option<(Vec<Spanned<String>>, Span)>;
}

/// The position of `key` among `known`, marked as given; `None` for a key that is not a field,
/// or given again.
pub(super) fn take_field(key: &str, known: &[&str], given: &mut FieldsGiven) -> Option<usize> {
    let index = known.iter().position(|k| *k == key)?;
    if given.contains_index(index) {
        return None;
    }
    given.add(index);
    Some(index)
}

/// What [`read_log_field`] and [`read_session_field`] did with a field.
#[derive(PartialEq, Eq)]
pub(super) enum Field {
    Read,
    /// `sessions` or `answers`: a table or list each reader reads itself.
    Nested,
}

/// Reads the value of the log's field `key` into `log`, marked as given; `None` for a key that
/// is no field or is given again, or a value that is not clean.
pub(super) fn read_log_field<'a>(
    values: &mut impl CleanValues<'a>,
    log: &mut Log,
    key: &str,
) -> Option<Field> {
    let index = take_field(key, LOG_FIELDS, &mut log.fields_given)?;
    match LOG_FIELDS[index] {
        "program" => log.program = Some(values.id()?),
        "version" => log.version = Some(values.id()?),
        "pair" => log.pair = Some(values.id()?),
        "mentor" => log.mentor = Some(values.id()?),
        "mentee" => log.mentee = Some(values.id()?),
        "track" => log.track = Some(values.id()?),
        "started" => log.started = Some(values.date()?),
        "agreement" => log.agreement = Some(values.date()?),
        "status" => log.status = Some(values.choice(PAIR_STATUSES)?),
        "sessions" => return Some(Field::Nested),
        _ => return None,
    }
    Some(Field::Read)
}

/// Reads the value of the session's field `key` into `session`, as [`read_log_field`] does.
pub(super) fn read_session_field<'a>(
    values: &mut impl CleanValues<'a>,
    session: &mut Session,
    key: &str,
) -> Option<Field> {
    let index = take_field(key, SESSION_FIELDS, &mut session.fields_given)?;
    match SESSION_FIELDS[index] {
        "number" => session.number = Some(values.count(1)?),
        "date" => session.date = Some(values.date()?),
        "minutes" => session.minutes = Some(values.count(0)?),
        "kind" => session.kind = Some(values.choice(SESSION_KINDS)?),
        "status" => session.status = Some(values.choice(SESSION_STATUSES)?),
        "outcome" => session.outcome = Some(values.id()?),
        // Where the takeaway is; its text is the pair's and not kept.
        "takeaway" => session.takeaway = Some(values.free_text()?.0),
        "lens" => {
            let (lenses, span) = values.ids()?;
            session.lenses = lenses;
            session.lens_span = Some(span);
        }
        "milestones" => session.milestones = values.ids()?.0,
        "new-problem" => session.new_problem = Some(values.boolean()?),
        "answers" => return Some(Field::Nested),
        _ => return None,
    }
    Some(Field::Read)
}

/// Whether the builder would find nothing missing in `log`: a program, a pair and a start, and
/// in each session a date, and a number if it was held.
pub(super) fn nothing_missing(log: &Log) -> bool {
    ["program", "pair", "started"]
        .iter()
        .all(|field| log.fields_given.contains(field))
        && log.sessions.iter().all(|session| {
            session.has_field("date") && (session.has_field("number") || !session.is_held())
        })
}

/// Reads a record's keys, plain strings (most of its bytes: see [`plain_string`]), whole
/// numbers and booleans itself, and its lists, structure and anything else with jiter's pull
/// parser.
struct Reader<'a> {
    /// The parser, over the record from `base` on.
    jiter: Jiter<'a>,
    base: usize,
    /// Where the reader stands when it has read on past the parser: the parser is started there
    /// only when it is next needed ([`Reader::parser`]). (Started again after every value read
    /// here, it was 2.7% of a cohort file's run.)
    pending: Option<usize>,
    place: Place<'a>,
}

/// The string whose opening quote is at `at` in `text`, if it is plain: no escape, no control
/// character (which JSON does not allow in a string). Its text and where its closing quote
/// ends. A plain string is exactly what jiter reads, and since `text` is a `str` it is UTF-8:
/// finding its end is all there is to read. `None` for any other string, which jiter then
/// reads (and reports, if it is not JSON).
fn plain_string(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = text.as_bytes().get(at + 1..)?;
    let length = plain_text_length(rest)?;
    if rest.get(length) != Some(&b'"') {
        return None;
    }
    Some((text.get(at + 1..at + 1 + length)?, at + length + 2))
}

/// How many bytes of `bytes` come before the first quote, backslash or control character.
/// Keys, ids and dates end within a word or two: these are searched eight bytes at a step, in
/// a `u64` (a call to `memchr` costs more than such a string's whole search); free text,
/// hundreds of bytes, past them with `memchr`, 32 bytes at a step, and then checked for control
/// characters in one vectorised pass.
fn plain_text_length(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGHS: u64 = ONES << 7;
    const QUOTES: u64 = ONES * b'"' as u64;
    const BACKSLASHES: u64 = ONES * b'\\' as u64;
    const SPACES: u64 = ONES * b' ' as u64;
    let is_stop = |byte: &u8| matches!(byte, b'"' | b'\\' | 0..=0x1f);
    let mut at = 0;
    while at < WORD_SEARCH {
        let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
        else {
            // Fewer than eight bytes left.
            return Some(at + bytes.get(at..)?.iter().position(is_stop)?);
        };
        let word = u64::from_le_bytes(word);
        // A byte below `n` in `x` has its high bit set in `(x - n) & !x` (for each byte, as if
        // subtracted alone, in the lowest such byte; a borrow may mark bytes above it, never
        // below): the lowest bit set is the first stop. Quotes and backslashes are the zero
        // bytes of `word ^ QUOTES` and `word ^ BACKSLASHES`, control characters the bytes below
        // a space.
        let (quotes, backslashes) = (word ^ QUOTES, word ^ BACKSLASHES);
        let stops = (quotes.wrapping_sub(ONES) & !quotes
            | backslashes.wrapping_sub(ONES) & !backslashes
            | word.wrapping_sub(SPACES) & !word)
            & HIGHS;
        if stops != 0 {
            return Some(at + stops.trailing_zeros() as usize / 8);
        }
        at += 8;
    }
    let rest = bytes.get(at..)?;
    let length = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
    // (The least byte: a search that stops at nothing is vectorised.)
    let least = rest
        .get(..length)?
        .iter()
        .fold(u8::MAX, |least, &b| least.min(b));
    let control = least < b' ';
    match control {
        false if length < rest.len() => Some(at + length),
        false => None,
        true => Some(at + rest.iter().position(is_stop)?),
    }
}

/// How many bytes [`plain_text_length`] searches a word at a time before it calls `memchr`.
const WORD_SEARCH: usize = 16;

/// The index of the first byte from `at` on that is not JSON whitespace.
fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

impl<'a> Reader<'a> {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        self.place.span(range)
    }

    /// Where the reader is in the record.
    fn at(&self) -> usize {
        self.pending
            .unwrap_or_else(|| self.base + self.jiter.current_index())
    }

    /// Moves the reader to `at` in the record, past what it read itself.
    fn seek(&mut self, at: usize) {
        self.pending = Some(at);
    }

    /// The parser, where the reader is. jiter's pull parser holds nothing but where it is (the
    /// reader tracks the nesting), so a parser started over the rest of the record reads on
    /// exactly as one that had read the record up to there.
    fn parser(&mut self) -> &mut Jiter<'a> {
        if let Some(at) = self.pending.take() {
            let rest = self.place.text.as_bytes().get(at..).unwrap_or_default();
            self.jiter = Jiter::new(rest);
            self.base = at;
        }
        &mut self.jiter
    }

    /// Where the next value starts (past white space), and its first byte.
    fn next_value(&self) -> (usize, Option<u8>) {
        let bytes = self.place.text.as_bytes();
        let at = skip_whitespace(bytes, self.at());
        (at, bytes.get(at).copied())
    }

    /// The next key of the object being read (its first when `first`), undecoded, as a slice of
    /// the text: a key with an escape then matches no field. `Some(None)` past the last key.
    fn next_key(&mut self, first: bool) -> Option<Option<&'a str>> {
        if let Some(key) = self.next_plain_key(first) {
            return Some(key);
        }
        let text = self.place.text;
        let read = if first {
            self.parser().next_object_bytes()
        } else {
            self.parser().next_key_bytes()
        };
        match read.ok()? {
            Some(bytes) => Some(Some(text.get(range_in(text, bytes)?)?)),
            None => Some(None),
        }
    }

    /// [`Reader::next_key`] for a plain key (see [`plain_string`]) after `{` or a value, read
    /// here with its `:`; `None` for anything else, left to jiter where the parser stands.
    fn next_plain_key(&mut self, first: bool) -> Option<Option<&'a str>> {
        let text = self.place.text;
        let bytes = text.as_bytes();
        let mut at = skip_whitespace(bytes, self.at());
        // After `{`, or a value and its `,`; the object may end instead.
        match (first, bytes.get(at)) {
            (true, Some(b'{')) | (false, Some(b',')) => at = skip_whitespace(bytes, at + 1),
            (false, Some(b'}')) => {
                self.seek(at + 1);
                return Some(None);
            }
            _ => return None,
        }
        match bytes.get(at) {
            Some(b'"') => {}
            Some(b'}') if first => {
                self.seek(at + 1);
                return Some(None);
            }
            _ => return None,
        }
        let (key, end) = plain_string(text, at)?;
        let colon = skip_whitespace(bytes, end);
        if bytes.get(colon) != Some(&b':') {
            return None;
        }
        self.seek(colon + 1);
        Some(Some(key))
    }

    /// The next value, a string that is plain ([`plain_string`]): its text and span; `None`
    /// for any other value, the reader left where it stands.
    fn next_plain_string(&mut self) -> Option<(&'a str, Span)> {
        let (start, Some(b'"')) = self.next_value() else {
            return None;
        };
        let (text, end) = plain_string(self.place.text, start)?;
        self.seek(end);
        Some((text, self.span(start..end)))
    }

    /// A table of lens field ids and texts, none twice; and its span.
    fn answers(&mut self) -> Option<(Vec<Answer>, Span)> {
        if self.parser().peek().ok()? != Peek::Object {
            return None;
        }
        let start = self.at();
        let mut answers: Vec<Answer> = Vec::new();
        let mut key = self.next_key(true)?;
        while let Some(name) = key {
            let field = self.key(name)?;
            if !looks_like_id(&field.value)
                || answers.len() >= 16
                || answers.iter().any(|a| a.field.value == field.value)
            {
                return None;
            }
            let (text_span, is_blank) = self.free_text()?;
            answers.push(Answer {
                is_blank,
                field,
                text_span,
            });
            key = self.next_key(false)?;
        }
        let end = self.at();
        Some((answers, self.span(start..end)))
    }

    /// A key [`Reader::next_key`] read (a slice of the text, undecoded), with the span of the
    /// quoted key; `None` for a key with an escape.
    fn key(&self, name: &str) -> Option<Spanned<String>> {
        if name.contains('\\') {
            return None;
        }
        let (key, span) = self.place.key(name)?;
        Some(Spanned::new(key.into_owned(), span))
    }

    /// Reads the next value, an object, into `session` (given nothing yet).
    fn session(&mut self, session: &mut Session) -> Option<()> {
        let start = self.at();
        let mut key = self.next_key(true)?;
        while let Some(name) = key {
            if read_session_field(self, session, name)? == Field::Nested {
                let (answers, span) = self.answers()?;
                session.answers = answers;
                session.answers_span = Some(span);
            }
            key = self.next_key(false)?;
        }
        let end = self.at();
        session.span = head(self.span(start..end));
        Some(())
    }
}

impl<'a> CleanValues<'a> for Reader<'a> {
    /// The next value, a string: its text (borrowed when jiter found no escape) and its span.
    fn string(&mut self) -> Option<Spanned<Cow<'a, str>>> {
        if let Some((text, span)) = self.next_plain_string() {
            return Some(Spanned::new(Cow::Borrowed(text), span));
        }
        if self.parser().peek().ok()? != Peek::String {
            return None;
        }
        let start = self.at();
        let text = self.place.string(self.parser().known_str().ok()?)?;
        let end = self.at();
        Some(Spanned::new(text, self.span(start..end)))
    }

    /// Free text is most of a log's bytes: a plain one is read as any plain string; another is
    /// checked by jiter (escapes, control characters) but not decoded, and is not blank if it
    /// starts with a visible ASCII character. Only one that starts with a space, an escape or
    /// other Unicode is decoded to tell. (Decoding every text was 2-3% of a cohort file's run.)
    fn free_text(&mut self) -> Option<(Span, bool)> {
        if let Some((text, span)) = self.next_plain_string() {
            let is_blank = match text.as_bytes().first() {
                Some(first) if first.is_ascii_graphic() => false,
                _ => text.trim().is_empty(),
            };
            return Some((span, is_blank));
        }
        if self.parser().peek().ok()? != Peek::String {
            return None;
        }
        let start = self.at();
        let first = self.parser().known_bytes().ok()?.first().copied();
        let end = self.at();
        let is_blank = match first {
            None => true,
            Some(first) if first.is_ascii_graphic() && first != b'\\' => false,
            Some(_) => {
                // The quoted text again, decoded this time.
                let quoted = self.place.text.get(start..end)?;
                let mut decoder = jiter::Jiter::new(quoted.as_bytes());
                decoder.next_str().ok()?.trim().is_empty()
            }
        };
        Some((self.span(start..end), is_blank))
    }

    /// An id: a string that is not blank and reads as an id (anything else is masked, or
    /// reported, by the builder).
    fn id(&mut self) -> Option<Spanned<String>> {
        let text = self.string()?;
        (looks_like_id(&text.value)).then(|| Spanned::new(text.value.into_owned(), text.span))
    }

    fn date(&mut self) -> Option<Spanned<jiff::civil::Date>> {
        let text = self.string()?;
        let date = parse_iso_date(&text.value).ok()?;
        Some(Spanned::new(date, text.span))
    }

    fn choice<T: Copy>(&mut self, choices: &[(&str, T)]) -> Option<Spanned<T>> {
        let text = self.string()?;
        let (_, value) = choices.iter().find(|(name, _)| *name == text.value)?;
        Some(Spanned::new(*value, text.span))
    }

    /// A plain whole number from `min` up that fits a `u32`, read here: a run of digits not
    /// followed by a fraction or an exponent. (Whatever else follows is judged as what follows
    /// any value: by the next key's or the list's step.)
    fn count(&mut self, min: u32) -> Option<Spanned<u32>> {
        let (start, _) = self.next_value();
        let bytes = self.place.text.as_bytes();
        let rest = bytes.get(start..)?;
        let length = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let (digits, after) = rest.split_at(length);
        // `-1`, `01`, `1.5`, `1e3`: left to the builder, as the value tree reads them.
        let plain = matches!(digits, [b'0'] | [b'1'..=b'9', ..])
            && digits.len() <= 10
            && !matches!(after.first(), Some(b'.' | b'e' | b'E'));
        if !plain {
            return None;
        }
        let n = digits.iter().try_fold(0u32, |n, &digit| {
            n.checked_mul(10)?.checked_add(u32::from(digit - b'0'))
        })?;
        let end = start + length;
        self.seek(end);
        (n >= min).then(|| Spanned::new(n, self.span(start..end)))
    }

    /// `true` or `false`, read here (what follows is judged as for [`Reader::count`]).
    fn boolean(&mut self) -> Option<Spanned<bool>> {
        let (start, _) = self.next_value();
        let rest = self.place.text.as_bytes().get(start..)?;
        let (value, length) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        let end = start + length;
        self.seek(end);
        Some(Spanned::new(value, self.span(start..end)))
    }

    /// A list of ids (a single id stands for a list of one), none twice; and its span.
    fn ids(&mut self) -> Option<(Vec<Spanned<String>>, Span)> {
        let peek = self.parser().peek().ok()?;
        let start = self.at();
        match peek {
            Peek::String => {
                let id = self.id()?;
                let span = id.span;
                Some((vec![id], span))
            }
            Peek::Array => {
                let mut ids: Vec<Spanned<String>> = Vec::new();
                let mut next = self.parser().known_array().ok()?;
                while next.is_some() {
                    let id = self.id()?;
                    // Short lists: a hostile long one is left to the builder's index.
                    if ids.len() >= 16 || ids.iter().any(|kept| kept.value == id.value) {
                        return None;
                    }
                    ids.push(id);
                    next = self.parser().array_step().ok()?;
                }
                let end = self.at();
                Some((ids, self.span(start..end)))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostics;
    use crate::log::{LogFormat, build, tree};
    use crate::source::Sources;

    /// The log the value tree and the builder make of `record`, and whether they found it clean
    /// (nothing reported, nothing to mask).
    fn built(source: SourceId, record: &str) -> Option<(Log, bool)> {
        let root = tree::parse_json(source, record, 7).ok()?;
        let mut found = Diagnostics::new();
        let log = build::build_log(source, LogFormat::JsonLines, root, &mut found)?;
        let clean = found.is_empty() && log.problems.is_empty() && log.unread_values.is_empty();
        Some((log, clean))
    }

    fn cohort() -> Vec<String> {
        include_str!("../../programs/logs/senior-ic/cohort-2025-spring.jsonl")
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// Ways a record can be other than clean, or clean in another shape.
    const CHANGES: &[(&str, &str)] = &[
        (r#""pair": "pair-031""#, r#""pair": "pair 031""#),
        (r#""pair": "pair-031""#, r#""pair": "  ""#),
        (r#""pair": "pair-031""#, r#""pair": 31"#),
        (r#""pair": "pair-031", "#, ""),
        (
            r#""pair": "pair-031""#,
            r#""pair": "pair-031", "pair": "pair-032""#,
        ),
        (
            r#""pair": "pair-031""#,
            r#""pair": "pair-031", "notes": {"x": "I felt"}"#,
        ),
        (r#""pair": "pair-031""#, r#""p\u0061ir": "pair-031""#),
        (r#""pair": "pair-031""#, r#""pair": "p\u0061ir-031""#),
        (r#""version": "2025.1""#, r#""version": "2025 spring""#),
        (r#""started": "2025-02-03""#, r#""started": "2025-02-30""#),
        (r#""started": "2025-02-03""#, r#""started": "2025-2-3""#),
        (r#""status": "completed""#, r#""status": "complete""#),
        (r#""status": "completed""#, r#""status": "re-matched""#),
        (r#""number": 1,"#, r#""number": 0,"#),
        (r#""number": 1,"#, r#""number": 01,"#),
        (r#""number": 1,"#, r#""number": 1.0,"#),
        (r#""number": 1,"#, r#""number": -1,"#),
        (r#""number": 1,"#, r#""number": 4294967296,"#),
        (r#""number": 1,"#, ""),
        (r#""minutes": 60"#, r#""minutes": 0"#),
        (r#""minutes": 60"#, r#""minutes": "60""#),
        (r#""date": "2025-02-03", "minutes""#, r#""minutes""#),
        (r#""outcome": "assumption""#, r#""outcome": "I cried""#),
        (
            r#""outcome": "assumption""#,
            r#""outcome": "assumption", "outcome": "x""#,
        ),
        (r#""takeaway": "Try"#, r#""takeaway": "\"Try\" \n"#),
        (
            r#""lens": "decision-review""#,
            r#""lens": ["decision-review"]"#,
        ),
        (
            r#""lens": "decision-review""#,
            r#""lens": [ "decision-review" , "x" ]"#,
        ),
        (
            r#""lens": "decision-review""#,
            r#""lens": ["decision-review", "decision-review"]"#,
        ),
        (r#""lens": "decision-review""#, r#""lens": []"#),
        (
            r#""milestones": ["first-decision-review"]"#,
            r#""milestones": "first-decision-review""#,
        ),
        (r#""new-problem": false"#, r#""new-problem": "no""#),
        // Free text that is not clean JSON (see `FREE_TEXTS` for the rest).
        (r#""answers": {"#, r#""answers": {"free": "x\q", "#),
        (r#""answers": {"#, "\"answers\": {\"free\": \"x\u{1}\", "),
        (r#""takeaway": "Try"#, r#""takeaway": "\q Try"#),
        (r#""takeaway": "Try"#, r#""takeaway": " \u0054ry"#),
        (r#""answers": {"#, r#""answers": {"my words": "x", "#),
        (r#""answers": {"#, r#""answers": {"chose": 3, "#),
        (r#""answers": {"#, r#""answers": {"ch\u006fse": "x", "#),
        (r#""sessions": [{"#, r#""sessions": [3, {"#),
        (
            r#""sessions": [{"#,
            r#""sessions":[ {"kind": "review", "status": "cancelled", "date": "2025-02-01"}, {"#,
        ),
        (
            r#""sessions": [{"#,
            r#""sessions": [{"status": "planned", "date": "2025-02-01"}, {"#,
        ),
        (
            r#""sessions": [{"#,
            r#""sessions": [{"status": "held", "date": "2025-02-01"}, {"#,
        ),
        (
            r#""sessions": [{"#,
            r#""sessions": [{"kind": "check in", "number": 9, "date": "2025-02-01"}, {"#,
        ),
        (
            "}]}",
            "}], \"agreement\": \"2025-02-01\", \"track\": \"ic\"}",
        ),
        ("}]}", "}]} trailing"),
        ("}]}", "}]"),
    ];

    /// Answers, and whether each is blank: free text is decoded only when its first byte
    /// cannot tell.
    const FREE_TEXTS: &[(&str, bool)] = &[
        (r#""""#, true),
        (r#""\t \n""#, true),
        (r#""\u0020""#, true),
        (r#""\u00e9""#, false),
        ("\"\u{3000}\"", true),
        ("\"\u{3000}x\"", false),
        (r#"" x""#, false),
        (r#""x ""#, false),
    ];

    #[test]
    fn plain_text_ends_at_its_first_quote_backslash_or_control_character_wherever_it_lies() {
        // Bytes next to the stops' values and with the high bit set, which a word's search
        // must not take for them.
        for filler in [
            b'a', b' ', 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff,
        ] {
            for length in 0..48 {
                let plain = vec![filler; length];
                assert_eq!(plain_text_length(&plain), None, "{filler:#x} x {length}");
                for at in 0..length {
                    for stop in [b'"', b'\\', 0x00, 0x01, b'\t', b'\n', 0x1f] {
                        // And a later stop of another kind, which must not be taken first.
                        let after = if stop == b'"' { 0x01 } else { b'"' };
                        let mut bytes = plain.clone();
                        bytes[at] = stop;
                        if let Some(next) = bytes.get_mut(at + 1) {
                            *next = after;
                        }
                        assert_eq!(plain_text_length(&bytes), Some(at), "{bytes:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_control_character_is_white_space_between_values_and_no_json_in_a_string() {
        let mut sources = Sources::new();
        let source = sources.add("cohort.jsonl", "");
        let record = &cohort()[0];
        // A tab or a line break between values is white space (a `.json` log is indented);
        // inside a string it is not JSON.
        let between = record.replacen(", ", ",\t", 1).replacen(", ", ",\n  ", 1);
        assert!(clean_log(source, &between, 7).is_some());
        let inside = record.replacen("\"pair-", "\"pair\t-", 1);
        assert_ne!(inside, *record);
        assert!(clean_log(source, &inside, 7).is_none());
        assert!(tree::parse_json(source, &inside, 7).is_err());
    }

    #[test]
    fn free_text_is_read_directly_and_its_blankness_as_the_builder_tells_it() {
        let mut sources = Sources::new();
        let source = sources.add("cohort.jsonl", "");
        let answers = r#""answers": {"#;
        let record = cohort()
            .into_iter()
            .find(|record| record.contains(answers))
            .expect("a record with answers");
        for &(text, blank) in FREE_TEXTS {
            let record = record.replacen(answers, &format!(r#"{answers}"free": {text}, "#), 1);
            let Some(log) = clean_log(source, &record, 7) else {
                panic!("left to the builder: {text}");
            };
            let (expected, clean) = built(source, &record).expect("built");
            assert!(clean, "{text}");
            assert_eq!(format!("{log:?}"), format!("{expected:?}"), "{text}");
            let answer = log.sessions.iter().find_map(|s| s.answer("free"));
            assert_eq!(answer.map(|a| a.is_blank), Some(blank), "{text}");
        }
    }

    proptest::proptest! {
        // (A fraction of a second: enough cases to hit each kind of change in each place.)
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// A record with a byte taken out, put in or changed (from those JSON gives meaning,
        /// and a control character, a letter, a digit and a wider character) is built directly
        /// only if it is still a clean log, and then exactly as the builder builds it: reading
        /// keys and strings without jiter accepts nothing that JSON does not.
        #[test]
        fn a_changed_record_is_built_directly_only_as_the_builder_builds_it(
            which in 0usize..64,
            at in 0usize..4096,
            edit in 0u8..3,
            byte in proptest::sample::select(vec![
                "\"", "\\", ",", ":", "{", "}", "[", "]", " ", "\t", "\u{1}", "a", "1", "é",
            ]),
        ) {
            let mut sources = Sources::new();
            let source = sources.add("cohort.jsonl", "");
            let records = cohort();
            let record = &records[which % records.len()];
            let at = record.floor_char_boundary(at % (record.len() + 1));
            let mut changed = record.clone();
            match edit {
                0 => {
                    let next = record[at..].chars().next().map_or(0, char::len_utf8);
                    changed.replace_range(at..at + next, "");
                }
                1 => changed.insert_str(at, byte),
                _ => {
                    let next = record[at..].chars().next().map_or(0, char::len_utf8);
                    changed.replace_range(at..at + next, byte);
                }
            }
            if let Some(log) = clean_log(source, &changed, 7) {
                let built = built(source, &changed);
                let Some((expected, true)) = built else {
                    panic!("built directly, the builder: {built:?}\n{changed}");
                };
                proptest::prop_assert_eq!(format!("{log:?}"), format!("{expected:?}"));
            }
        }
    }

    #[test]
    fn a_clean_log_is_built_as_the_builder_builds_it_and_any_other_is_left_to_it() {
        let mut sources = Sources::new();
        let source = sources.add("cohort.jsonl", "");
        let mut direct = 0;
        for record in cohort() {
            let mut records = vec![record.clone()];
            for (from, to) in CHANGES {
                if record.contains(from) {
                    records.push(record.replacen(from, to, 1));
                }
            }
            for record in records {
                let from_tree = built(source, &record);
                match (clean_log(source, &record, 7), from_tree) {
                    (Some(log), Some((expected, true))) => {
                        direct += 1;
                        assert_eq!(format!("{log:?}"), format!("{expected:?}"), "{record}");
                    }
                    (Some(log), other) => {
                        panic!("built directly {log:?}, the builder: {other:?}\n{record}")
                    }
                    (None, Some((_, true))) if !record.contains('\\') => {
                        panic!("a clean log was left to the builder: {record}")
                    }
                    (None, _) => {}
                }
            }
        }
        // The example cohort's logs and the clean variants take the direct path.
        assert!(direct >= 10, "{direct}");
    }
}
