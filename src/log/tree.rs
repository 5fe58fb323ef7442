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
    pub fn kind(&self) -> &'static str {
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
    if !errors.is_empty() {
        let mut errors: Vec<SyntaxError> = errors
            .iter()
            .map(|error| SyntaxError {
                message: error.message().to_owned(),
                range: error.span().unwrap_or(0..0),
            })
            .collect();
        errors.sort_by_key(|e| (e.range.start, e.range.end));
        return Err(errors);
    }
    let span = table.span();
    Ok(Node {
        value: Value::Table(toml_entries(source, table.get_ref())),
        span: Span::new(source, span),
    })
}

fn toml_entries<'a>(source: SourceId, table: &toml::de::DeTable<'a>) -> Vec<Entry<'a>> {
    let mut entries: Vec<Entry<'a>> = table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().clone(),
            key_span: Span::new(source, key.span()),
            node: toml_node(source, value),
        })
        .collect();
    // `DeTable` is ordered by key; diagnostics and duplicate handling want text order.
    entries.sort_by_key(|e| e.key_span.start);
    entries
}

fn toml_node<'a>(source: SourceId, value: &toml::Spanned<toml::de::DeValue<'a>>) -> Node<'a> {
    use toml::de::DeValue;
    let span = Span::new(source, value.span());
    let value = match value.get_ref() {
        DeValue::String(s) => Value::String(s.clone()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Integer(n),
            Err(_) => Value::Number,
        },
        DeValue::Float(_) => Value::Number,
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(datetime) => match (datetime.date, datetime.time, datetime.offset) {
            (Some(date), None, None) => Value::Date(civil_date(
                i32::from(date.year),
                i32::from(date.month),
                i32::from(date.day),
            )),
            _ => Value::DateTime,
        },
        DeValue::Array(items) => {
            Value::Array(items.iter().map(|item| toml_node(source, item)).collect())
        }
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
pub(crate) fn parse_json(
    source: SourceId,
    text: &str,
    offset: usize,
) -> Result<Node<'_>, SyntaxError> {
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
    reader.node(root)
}

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

    fn node(&self, raw: &'a RawValue) -> Result<Node<'a>, SyntaxError> {
        let text = raw.get();
        let span = self.span(text);
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
                        node: self.node(value)?,
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
                        .map(|item| self.node(item))
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
        // toml checks the calendar itself: February 30 is a syntax error with a position.
        let text = "started = 2025-02-30\n";
        let id = sources.add("u.toml", text);
        let errors = parse_toml(id, text).expect_err("not a date");
        assert_eq!(errors[0].range, 10..20);
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
