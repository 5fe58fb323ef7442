//! A span-carrying value tree, the common ground of TOML and JSON logs.
//!
//! TOML comes from `toml`'s `DeTable`, which keeps the span of every key and value. serde_json
//! keeps none, so JSON is read through `serde_json::value::RawValue`: a borrowed `&RawValue` is
//! a slice of the input, and its address minus the input's gives its byte offset. Objects and
//! arrays are read one level at a time as raw values, so every key and value gets its exact
//! span; each byte is scanned once per nesting level (a log is four levels deep).
//!
//! Both readers turn syntax errors into `(message, byte range)` pairs; they never panic on
//! input, whatever it holds.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::source::{SourceId, Span};

/// One value of a log document and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    pub value: Value<'a>,
    pub span: Span,
}

#[derive(Debug, Clone)]
/// Strings borrow from the file text where they can: most log strings need no unescaping.
pub(crate) enum Value<'a> {
    String(Cow<'a, str>),
    Integer(i64),
    /// An integer too large for `i64`, or any float.
    Number,
    Bool(bool),
    /// A TOML local date (`None` when it does not exist in the calendar).
    Date(Option<jiff::civil::Date>),
    /// A TOML date-time or time: a date was expected, and this has more.
    DateTime,
    Null,
    Array(Vec<Node<'a>>),
    Table(Vec<Entry<'a>>),
}

impl Value<'_> {
    /// How a diagnostic names this kind of value.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) | Value::Number => "a number",
            Value::Bool(_) => "a boolean",
            Value::Date(_) => "a date",
            Value::DateTime => "a date-time",
            Value::Null => "`null`",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

/// One `key = value` of a table, in the order written.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub node: Node<'a>,
}

/// A syntax error: what went wrong and where (byte range in the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub range: Range<usize>,
}

/// Parses a TOML document; entries are in the order they appear in the text.
pub(crate) fn parse_toml(source: SourceId, text: &str) -> Result<Node<'_>, Vec<SyntaxError>> {
    let (table, errors) = toml::de::DeTable::parse_recoverable(text);
    if errors.is_empty() {
        let span = table.span();
        return Ok(Node {
            value: Value::Table(toml_entries(source, table.into_inner())),
            span: Span::new(source, span),
        });
    }
    let impossible = impossible_days(text, &errors);
    if !impossible.is_empty()
        && let Some(node) = parse_toml_with_impossible_days(source, text, &impossible)
    {
        return Ok(node);
    }
    let mut errors: Vec<SyntaxError> = errors
        .iter()
        .map(|error| SyntaxError {
            message: error.message().to_owned(),
            range: error.span().unwrap_or(0..0),
        })
        .collect();
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    Err(errors)
}

/// Where TOML's parser refused a day that is not in the calendar (`2025-02-30`,
/// `2025-13-01`): the start of each, when every error is one of them.
///
/// TOML's grammar refuses such a day, while JSON carries it as a string: so that a log says
/// the same in every format (`L003` at the date, not `F003` for the whole file), the TOML is
/// read again with those days replaced.
fn impossible_days(text: &str, errors: &[toml::de::Error]) -> Vec<usize> {
    let mut starts = Vec::new();
    for error in errors {
        let day = error
            .span()
            .filter(|_| error.message().starts_with("invalid date, expected "))
            .and_then(|span| {
                text.get(span.start..span.start + 10)
                    .map(|day| (span.start, day))
            })
            .filter(|(_, day)| is_day_shaped(day));
        match day {
            Some((start, _)) => starts.push(start),
            None => return Vec::new(),
        }
    }
    starts
}

/// `YYYY-MM-DD`, digits and dashes only.
fn is_day_shaped(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// The TOML read with each impossible day (starting at `starts`) replaced by a real day of the
/// same length, so every span stays where it was; those days then read as `Date(None)`.
fn parse_toml_with_impossible_days(
    source: SourceId,
    text: &str,
    starts: &[usize],
) -> Option<Node<'static>> {
    let mut patched = text.to_owned();
    for &start in starts {
        patched.replace_range(start..start + 10, "2000-01-01");
    }
    let (table, errors) = toml::de::DeTable::parse_recoverable(&patched);
    if !errors.is_empty() {
        return None;
    }
    let span = Span::new(source, table.span());
    let mut node = Node {
        value: Value::Table(toml_entries(source, table.into_inner())),
        span,
    }
    .into_owned();
    node.mark_impossible_days(starts);
    Some(node)
}

impl Node<'_> {
    /// The same tree with every string owned: it no longer borrows the text it was read from.
    fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::String(text) => Value::String(Cow::Owned(text.into_owned())),
            Value::Integer(n) => Value::Integer(n),
            Value::Number => Value::Number,
            Value::Bool(b) => Value::Bool(b),
            Value::Date(date) => Value::Date(date),
            Value::DateTime => Value::DateTime,
            Value::Null => Value::Null,
            Value::Array(items) => Value::Array(items.into_iter().map(Node::into_owned).collect()),
            Value::Table(entries) => Value::Table(
                entries
                    .into_iter()
                    .map(|entry| Entry {
                        key: Cow::Owned(entry.key.into_owned()),
                        key_span: entry.key_span,
                        node: entry.node.into_owned(),
                    })
                    .collect(),
            ),
        };
        Node {
            value,
            span: self.span,
        }
    }

    /// Every date starting at one of `starts` becomes a date not in the calendar.
    fn mark_impossible_days(&mut self, starts: &[usize]) {
        match &mut self.value {
            Value::Date(date) if starts.contains(&self.span.range().start) => *date = None,
            Value::Array(items) => {
                for item in items {
                    item.mark_impossible_days(starts);
                }
            }
            Value::Table(entries) => {
                for entry in entries {
                    entry.node.mark_impossible_days(starts);
                }
            }
            _ => {}
        }
    }
}

/// The entries of a parsed TOML table, taken from it (its strings are moved, not copied).
fn toml_entries<'a>(source: SourceId, table: toml::de::DeTable<'a>) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry<'a>> = table
        .into_iter()
        .map(|(key, value)| {
            let key_span = Span::new(source, key.span());
            Entry {
                key: key.into_inner(),
                key_span,
                node: toml_node(source, value),
            }
        })
        .collect();
    // `DeTable` is ordered by key; diagnostics and duplicate handling want text order.
    entries.sort_by_key(|e| e.key_span.start);
    entries
}

fn toml_node<'a>(source: SourceId, value: toml::Spanned<toml::de::DeValue<'a>>) -> Node<'a> {
    use toml::de::DeValue;
    let span = Span::new(source, value.span());
    let value = match value.into_inner() {
        DeValue::String(s) => Value::String(s),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Integer(n),
            Err(_) => Value::Number,
        },
        DeValue::Float(_) => Value::Number,
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(datetime) => match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => Value::Date(civil_date(
                i32::from(date.year),
                i32::from(date.month),
                i32::from(date.day),
            )),
            _ => Value::DateTime,
        },
        DeValue::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| toml_node(source, item))
                .collect(),
        ),
        DeValue::Table(table) => Value::Table(toml_entries(source, table)),
    };
    Node { value, span }
}

/// The calendar date, if it exists.
pub(crate) fn civil_date(year: i32, month: i32, day: i32) -> Option<jiff::civil::Date> {
    let year = i16::try_from(year).ok()?;
    let month = i8::try_from(month).ok()?;
    let day = i8::try_from(day).ok()?;
    jiff::civil::Date::new(year, month, day).ok()
}

/// Parses one JSON value that starts at byte `offset` of the file (`text` is that value's
/// part of the file, e.g. one line of a JSON Lines file).
///
/// Well-formed input is read in one pass by [`FastReader`]; anything it is not sure of (a
/// syntax error, a float, deep nesting, a string serde_json would reject) is read again by
/// the raw-value reader, whose tree or error is the reference.
pub(crate) fn parse_json(
    source: SourceId,
    text: &str,
    offset: usize,
) -> Result<Node<'_>, SyntaxError> {
    if let Some(node) = FastReader::read(source, text, offset) {
        return Ok(node);
    }
    // Deep nesting is found in one pass here; the raw-value reader would rescan each level.
    if let Some(at) = too_deep(text) {
        return Err(SyntaxError {
            message: format!("lists and objects nest more than {MAX_JSON_DEPTH} levels deep"),
            range: offset + at..offset + at + 1,
        });
    }
    parse_json_raw(source, text, offset)
}

/// The offset of the first `{` or `[` nested deeper than [`MAX_JSON_DEPTH`], outside strings.
fn too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Some(at);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The reference reader: serde_json raw values, one nesting level at a time.
fn parse_json_raw(source: SourceId, text: &str, offset: usize) -> Result<Node<'_>, SyntaxError> {
    let root: &RawValue = serde_json::from_str(text).map_err(|error| SyntaxError {
        message: json_error_message(&error),
        range: json_error_offset(text, &error).map_or(offset..offset, |at| {
            let at = offset + at;
            at..at
        }),
    })?;
    let reader = JsonReader {
        source,
        base: text,
        offset,
    };
    reader.node(root, 0)
}

/// Lists and objects nested deeper than this are an error, as serde_json's own limit: the
/// raw-value reader recurses once per level (and rescans the level's text), so without a
/// bound a file of 100,000 `[` would overflow the stack.
pub(crate) const MAX_JSON_DEPTH: usize = 128;

struct JsonReader<'a> {
    source: SourceId,
    base: &'a str,
    offset: usize,
}

impl<'a> JsonReader<'a> {
    /// The span of a raw value, from its address inside `base`.
    fn span(&self, raw: &str) -> Span {
        let start = (raw.as_ptr() as usize)
            .checked_sub(self.base.as_ptr() as usize)
            .filter(|start| *start <= self.base.len())
            .unwrap_or(0);
        Span::new(
            self.source,
            self.offset + start..self.offset + start + raw.len(),
        )
    }

    fn error(&self, raw: &str, error: &serde_json::Error) -> SyntaxError {
        let span = self.span(raw);
        SyntaxError {
            message: json_error_message(error),
            range: span.range(),
        }
    }

    fn node(&self, raw: &'a RawValue, depth: usize) -> Result<Node<'a>, SyntaxError> {
        let text = raw.get();
        let span = self.span(text);
        if depth >= MAX_JSON_DEPTH && matches!(text.as_bytes().first(), Some(b'{' | b'[')) {
            let start = span.range().start;
            return Err(SyntaxError {
                message: format!("lists and objects nest more than {MAX_JSON_DEPTH} levels deep"),
                range: start..start + 1,
            });
        }
        let value = match text.as_bytes().first() {
            Some(b'{') => {
                let entries: RawEntries<'_> =
                    serde_json::from_str(text).map_err(|e| self.error(text, &e))?;
                let mut table = Vec::with_capacity(entries.0.len());
                for (key, value) in entries.0 {
                    let key_text = key.get();
                    let name = json_string(key_text).map_err(|e| self.error(key_text, &e))?;
                    table.push(Entry {
                        key: name,
                        key_span: self.span(key_text),
                        node: self.node(value, depth + 1)?,
                    });
                }
                Value::Table(table)
            }
            Some(b'[') => {
                let items: Vec<&RawValue> =
                    serde_json::from_str(text).map_err(|e| self.error(text, &e))?;
                Value::Array(
                    items
                        .into_iter()
                        .map(|item| self.node(item, depth + 1))
                        .collect::<Result<_, _>>()?,
                )
            }
            Some(b'"') => Value::String(json_string(text).map_err(|e| self.error(text, &e))?),
            Some(b't') => Value::Bool(true),
            Some(b'f') => Value::Bool(false),
            Some(b'n') => Value::Null,
            _ => match serde_json::from_str::<serde_json::Number>(text) {
                Ok(number) => number.as_i64().map_or(Value::Number, Value::Integer),
                Err(e) => return Err(self.error(text, &e)),
            },
        };
        Ok(Node { value, span })
    }
}

/// A single-pass reader on jiter's pull parser: every value's span is the parser's index
/// before and after it. It gives up (`None`) rather than guess wherever the raw-value reader
/// could answer differently, so both always build the same tree.
struct FastReader<'a> {
    jiter: jiter::Jiter<'a>,
    place: Place<'a>,
}

/// The text a [`FastReader`] (or `direct`'s reader) reads and where it is in its file.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    pub(super) text: &'a str,
    pub(super) source: SourceId,
    pub(super) offset: usize,
}

impl<'a> Place<'a> {
    pub(super) fn span(self, range: Range<usize>) -> Span {
        Span::new(
            self.source,
            self.offset + range.start..self.offset + range.end,
        )
    }

    /// A string as jiter read it: borrowed from the text when jiter found no escape (then
    /// `read` is a slice of the text), decoded by jiter otherwise.
    pub(super) fn string(self, read: &str) -> Option<Cow<'a, str>> {
        Some(match range_in(self.text, read.as_bytes()) {
            Some(inner) => Cow::Borrowed(self.text.get(inner)?),
            None => Cow::Owned(read.to_owned()),
        })
    }

    /// A key as jiter read it, and the span of the quoted key. A key with escapes (rare in a
    /// log) is left to the raw-value reader, since jiter does not say where it was.
    pub(super) fn key(self, read: &str) -> Option<(Cow<'a, str>, Span)> {
        let inner = range_in(self.text, read.as_bytes())?;
        let quoted = inner.start.checked_sub(1)?..inner.end + 1;
        Some((Cow::Borrowed(self.text.get(inner)?), self.span(quoted)))
    }
}

/// Deeper than this, the raw-value reader decides (serde_json stops at 128 levels).
const FAST_MAX_DEPTH: usize = 64;

impl<'a> FastReader<'a> {
    fn read(source: SourceId, text: &'a str, offset: usize) -> Option<Node<'a>> {
        let mut reader = FastReader {
            jiter: jiter::Jiter::new(text.as_bytes()),
            place: Place {
                text,
                source,
                offset,
            },
        };
        let peek = reader.jiter.peek().ok()?;
        let node = reader.value(peek, 0)?;
        reader.jiter.finish().ok()?;
        Some(node)
    }

    fn value(&mut self, peek: jiter::Peek, depth: usize) -> Option<Node<'a>> {
        use jiter::Peek;
        let start = self.jiter.current_index();
        let value = match peek {
            Peek::Object => {
                if depth >= FAST_MAX_DEPTH {
                    return None;
                }
                let mut entries = Vec::new();
                let mut key = match self.jiter.next_object().ok()? {
                    Some(read) => Some(self.place.key(read)?),
                    None => None,
                };
                while let Some((name, key_span)) = key {
                    let peek = self.jiter.peek().ok()?;
                    let node = self.value(peek, depth + 1)?;
                    entries.push(Entry {
                        key: name,
                        key_span,
                        node,
                    });
                    key = match self.jiter.next_key().ok()? {
                        Some(read) => Some(self.place.key(read)?),
                        None => None,
                    };
                }
                Value::Table(entries)
            }
            Peek::Array => {
                if depth >= FAST_MAX_DEPTH {
                    return None;
                }
                let mut items = Vec::new();
                let mut next = self.jiter.known_array().ok()?;
                while let Some(peek) = next {
                    items.push(self.value(peek, depth + 1)?);
                    next = self.jiter.array_step().ok()?;
                }
                Value::Array(items)
            }
            Peek::String => {
                let text = self.place.string(self.jiter.known_str().ok()?)?;
                Value::String(text)
            }
            Peek::True | Peek::False => Value::Bool(self.jiter.known_bool(peek).ok()?),
            Peek::Null => {
                self.jiter.known_null().ok()?;
                Value::Null
            }
            _ if peek.into_inner().is_ascii_digit() || peek == Peek::Minus => {
                let bytes = self.jiter.known_number_bytes(peek).ok()?;
                let raw = std::str::from_utf8(bytes).ok()?;
                // Plain non-negative integers are read here; anything else (a sign, a
                // fraction, an exponent, many digits) as serde_json reads it (`-0` is a float
                // there).
                let plain = raw.len() <= 18
                    && raw.bytes().all(|b| b.is_ascii_digit())
                    && (raw == "0" || !raw.starts_with('0'));
                if plain {
                    Value::Integer(raw.parse().ok()?)
                } else {
                    let number = serde_json::from_str::<serde_json::Number>(raw).ok()?;
                    number.as_i64().map_or(Value::Number, Value::Integer)
                }
            }
            _ => return None,
        };
        let end = self.jiter.current_index();
        Some(Node {
            value,
            span: self.place.span(start..end),
        })
    }
}

/// Where `bytes`, a slice of `text`, lies in it.
pub(super) fn range_in(text: &str, bytes: &[u8]) -> Option<Range<usize>> {
    let start = (bytes.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start + bytes.len();
    (end <= text.len()).then_some(start..end)
}

/// The text of a JSON string already validated by the raw pass. Most log strings have no
/// escapes, so their text is the slice between the quotes; only the others are decoded again.
fn json_string(raw: &str) -> Result<Cow<'_, str>, serde_json::Error> {
    match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) if !inner.contains('\\') => Ok(Cow::Borrowed(inner)),
        _ => serde_json::from_str::<String>(raw).map(Cow::Owned),
    }
}

/// The entries of a JSON object as raw key and value slices, duplicates kept.
struct RawEntries<'a>(Vec<(&'a RawValue, &'a RawValue)>);

impl<'de> Deserialize<'de> for RawEntries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = RawEntries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<&'de RawValue>()? {
                    let value = map.next_value::<&'de RawValue>()?;
                    entries.push((key, value));
                }
                Ok(RawEntries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// serde_json's message without its " at line L column C" suffix: the label shows the place.
fn json_error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// The byte offset of a serde_json error inside `text` (its line and column are 1-based;
/// the column counts bytes).
fn json_error_offset(text: &str, error: &serde_json::Error) -> Option<usize> {
    if error.line() == 0 {
        return None;
    }
    let line_start = if error.line() == 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(error.line() - 2)
            .map(|(at, _)| at + 1)?
    };
    let at = (line_start + error.column().saturating_sub(1)).min(text.len());
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    fn keys_and_spans(node: &Node, text: &str) -> Vec<(String, String)> {
        match &node.value {
            Value::Table(entries) => entries
                .iter()
                .map(|e| (e.key.to_string(), text[e.node.span.range()].to_owned()))
                .collect(),
            other => panic!("expected a table, found {}", other.kind()),
        }
    }

    #[test]
    fn json_spans_point_at_keys_and_values_even_with_escapes_and_offsets() {
        let mut sources = Sources::new();
        let text = "  {\"a\\u0062\": [1, \"x\"], \"c\" : {\"d\": null}}";
        let id = sources.add("t.json", text);
        let node = parse_json(id, &text[2..], 2).expect("valid JSON");
        assert_eq!(node.span.range(), 2..text.len());
        assert_eq!(
            keys_and_spans(&node, text),
            vec![
                ("ab".to_owned(), "[1, \"x\"]".to_owned()),
                ("c".to_owned(), "{\"d\": null}".to_owned())
            ]
        );
        let Value::Table(entries) = &node.value else {
            panic!("table")
        };
        assert_eq!(&text[entries[0].key_span.range()], "\"a\\u0062\"");
    }

    /// Every key, value kind and span of a tree, for comparing readers.
    fn shape(node: &Node) -> String {
        match &node.value {
            Value::Table(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|e| format!("{}@{:?}={}", e.key, e.key_span.range(), shape(&e.node)))
                    .collect();
                format!("{{{}}}@{:?}", inner.join(","), node.span.range())
            }
            Value::Array(items) => {
                let inner: Vec<String> = items.iter().map(shape).collect();
                format!("[{}]@{:?}", inner.join(","), node.span.range())
            }
            other => format!("{other:?}@{:?}", node.span.range()),
        }
    }

    #[test]
    fn the_fast_reader_builds_what_the_raw_reader_builds_or_leaves_it_to_it() {
        let mut sources = Sources::new();
        let id = sources.add("t.json", "");
        let texts = [
            r#"{"a": 1, "b": [true, false, null], "c": {"d": "e\u00e9\"", "f": []}, "g": {}}"#,
            "{ \"k\" :\t\"v\" ,\n\"n\": -0, \"m\": 1.5e3, \"big\": 123456789012345678901 }\n",
            r#"{"a": 01}"#,
            r#"{"a": "\ud800"}"#,
            r#"{"a": "tab\there"}"#,
            "{\"a\": \"raw\ttab\"}",
            r#"{"a": [1, 2,]}"#,
            r#"{"a": 1} trailing"#,
            r#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"#,
            r#""just a string""#,
            "-12",
            "18446744073709551616",
            "9223372036854775807",
            "1e400",
            "NaN",
            r#"{"a": "é", "é": "\/"}"#,
            // An escaped key is left to the raw reader; a surrogate pair is decoded by both.
            r#"{"k\u0065y": 1, "n\"q": 2}"#,
            r#"{"smile": "\ud83d\ude00 and \n"}"#,
        ];
        for text in texts {
            let fast = FastReader::read(id, text, 3);
            let raw = parse_json_raw(id, text, 3);
            match (&fast, &raw) {
                (Some(fast), Ok(raw)) => assert_eq!(shape(fast), shape(raw), "{text}"),
                (Some(fast), Err(e)) => panic!("fast read {} where raw failed: {e:?}", shape(fast)),
                (None, _) => {}
            }
            assert_eq!(
                parse_json(id, text, 3).map(|n| shape(&n)),
                raw.map(|n| shape(&n)),
                "{text}"
            );
        }
        // The common case does take the fast path.
        assert!(FastReader::read(id, texts[0], 0).is_some());
    }

    proptest::proptest! {
        #[test]
        fn the_fast_reader_never_disagrees_with_the_raw_reader(
            text in r#"[ {}\[\],:"\\0-9a-eu.+\-\t\n]{0,48}"#
        ) {
            let mut sources = Sources::new();
            let id = sources.add("t.json", "");
            let raw = parse_json_raw(id, &text, 0).map(|n| shape(&n));
            if let Some(fast) = FastReader::read(id, &text, 0) {
                proptest::prop_assert_eq!(Ok(shape(&fast)), raw);
            }
        }
    }

    /// 100,000 levels would overflow the stack of a reader that recursed without a bound.
    #[test]
    fn json_nested_past_the_limit_is_a_syntax_error_at_the_level_too_deep() {
        let mut sources = Sources::new();
        let id = sources.add("t.json", "");
        let at_limit = format!(
            "{}{}",
            "[".repeat(MAX_JSON_DEPTH),
            "]".repeat(MAX_JSON_DEPTH)
        );
        assert!(parse_json(id, &at_limit, 0).is_ok());
        for depth in [MAX_JSON_DEPTH + 1, 100_000] {
            let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let error = parse_json(id, &text, 0).expect_err("too deep");
            assert_eq!(error.range, MAX_JSON_DEPTH..MAX_JSON_DEPTH + 1);
            let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
            let error = parse_json(id, &text, 0).expect_err("too deep");
            assert!(error.message.contains("nest"), "{}", error.message);
        }
    }

    #[test]
    fn json_duplicate_keys_are_kept() {
        let mut sources = Sources::new();
        let text = r#"{"a": 1, "a": 2}"#;
        let id = sources.add("t.json", text);
        let node = parse_json(id, text, 0).expect("valid JSON");
        assert_eq!(keys_and_spans(&node, text).len(), 2);
    }

    #[test]
    fn json_syntax_errors_have_an_offset() {
        let mut sources = Sources::new();
        let text = "{\"a\": 1,\n \"b\": }";
        let id = sources.add("t.json", text);
        let error = parse_json(id, text, 0).expect_err("invalid JSON");
        assert_eq!(error.range.start, 15);
        assert!(!error.message.contains("line"), "{}", error.message);
    }

    #[test]
    fn toml_entries_are_in_text_order_with_dates() {
        let mut sources = Sources::new();
        let text = "z = 2025-01-06\na = 2025-01-06T10:00:00\n";
        let id = sources.add("t.toml", text);
        let node = parse_toml(id, text).expect("valid TOML");
        let Value::Table(entries) = &node.value else {
            panic!("table")
        };
        assert_eq!(entries[0].key, "z");
        assert!(matches!(entries[0].node.value, Value::Date(Some(_))));
        assert!(matches!(entries[1].node.value, Value::DateTime));
        // toml refuses February 30 as a syntax error; it is read as a day not in the
        // calendar instead, at its place, and the strings around it are kept.
        let text = "started = 2025-02-30\nnote = \"x\"\ndays = [2025-01-06, 2024-02-30]\n";
        let id = sources.add("u.toml", text);
        let node = parse_toml(id, text).expect("read with the impossible days");
        let Value::Table(entries) = &node.value else {
            panic!("table")
        };
        assert!(matches!(entries[0].node.value, Value::Date(None)));
        assert_eq!(entries[0].node.span.range(), 10..20);
        assert!(matches!(&entries[1].node.value, Value::String(s) if s == "x"));
        let Value::Array(days) = &entries[2].node.value else {
            panic!("list")
        };
        assert!(matches!(days[0].value, Value::Date(Some(_))));
        assert!(matches!(days[1].value, Value::Date(None)));
        // Another syntax error beside it: the file is not read.
        let text = "started = 2025-02-30\nnote = \n";
        let id = sources.add("v.toml", text);
        let errors = parse_toml(id, text).expect_err("not TOML");
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn toml_syntax_errors_are_returned_not_raised() {
        let mut sources = Sources::new();
        let text = "a = \n[x\n";
        let id = sources.add("t.toml", text);
        let errors = parse_toml(id, text).expect_err("invalid TOML");
        assert!(!errors.is_empty());
    }
}
