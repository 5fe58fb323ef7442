//! YAML logs (`.yaml`, `.yml`), read into the span-carrying tree TOML and JSON logs share
//! ([`Node`]), from the events of `saphyr-parser`, which carry the position of every scalar,
//! mapping and sequence.
//!
//! - The parser counts positions in characters; one forward cursor turns them into byte offsets
//!   (events come in text order), so a file costs one pass.
//! - The tree is built with an explicit stack: nesting costs heap, not stack, and is bounded
//!   like JSON's ([`MAX_JSON_DEPTH`]).
//! - What a log never needs is refused as a syntax error, not expanded: an alias (`*a`, the
//!   "billion laughs"), a key that is a list or a mapping.
//! - Scalars follow YAML 1.2's core schema: a plain `45` is a number, `true` a boolean, `~`,
//!   `null` or nothing a null; anything quoted (or tagged `!!str`) is a string. A plain
//!   `2025-01-06` is a string, which the log's date fields read as a date, as in JSON.
//! - Each document of the stream (`---`) is a value of its own; `parse_logs` makes each a log.
//!   An empty document (a trailing `---`) is none.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};

use super::tree::{Entry, MAX_JSON_DEPTH, Node, SyntaxError, Value};
use crate::source::{SourceId, Span};

/// The root of each document in `text`, in order.
pub(crate) fn parse_yaml(source: SourceId, text: &str) -> Result<Vec<Node<'_>>, SyntaxError> {
    let mut offsets = ByteOffsets::new(text);
    let mut stack: Vec<Open<'_>> = Vec::new();
    let mut documents = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|error| scan_error(&mut offsets, &error))?;
        if matches!(
            event,
            Event::StreamStart
                | Event::StreamEnd
                | Event::DocumentStart(_)
                | Event::DocumentEnd
                | Event::Nothing
        ) {
            continue;
        }
        let start = offsets.of(span.start);
        let end = offsets.of(span.end).max(start);
        let node = match event {
            Event::Scalar(value, style, _anchor, tag) => {
                // An empty document (a stream ending in `---`, as joined exports often end)
                // holds no log and is no mistake; `~` written out is still a value.
                if stack.is_empty()
                    && value.is_empty()
                    && style == ScalarStyle::Plain
                    && tag.is_none()
                {
                    continue;
                }
                if let Some(Open::Mapping {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some((value, Span::new(source, start..end)));
                    continue;
                }
                Node {
                    value: scalar(value, style, tag.as_deref()),
                    span: Span::new(source, start..end),
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if let Some(Open::Mapping { key: None, .. }) = stack.last() {
                    return Err(error_at(
                        start,
                        text,
                        "a key must be a plain word, not a list or a mapping",
                    ));
                }
                if stack.len() >= MAX_JSON_DEPTH {
                    return Err(error_at(
                        start,
                        text,
                        &format!("lists and mappings nest more than {MAX_JSON_DEPTH} levels deep"),
                    ));
                }
                stack.push(match event {
                    Event::MappingStart(..) => Open::Mapping {
                        start,
                        entries: Vec::new(),
                        key: None,
                    },
                    _ => Open::Sequence {
                        start,
                        items: Vec::new(),
                    },
                });
                continue;
            }
            // A flow collection ends at its bracket, which is this event's span; a block
            // collection's end event stands at the next token (a later line), so it ends where
            // its last child does.
            Event::MappingEnd | Event::SequenceEnd => match stack.pop() {
                Some(Open::Mapping { start, entries, .. }) => {
                    let last = entries.last().map(|e| e.node.span.range().end);
                    Node {
                        value: Value::Table(entries),
                        span: Span::new(source, start..collection_end(text, start, last, end)),
                    }
                }
                Some(Open::Sequence { start, items }) => {
                    let last = items.last().map(|item| item.span.range().end);
                    Node {
                        value: Value::Array(items),
                        span: Span::new(source, start..collection_end(text, start, last, end)),
                    }
                }
                None => continue,
            },
            Event::Alias(_) => {
                return Err(error_at(
                    start,
                    text,
                    "aliases (`*name`) are not read in a log: write the value itself",
                ));
            }
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => continue,
        };
        match stack.last_mut() {
            None => documents.push(node),
            Some(Open::Sequence { items, .. }) => items.push(node),
            Some(Open::Mapping { entries, key, .. }) => {
                if let Some((key, key_span)) = key.take() {
                    entries.push(Entry {
                        key,
                        key_span,
                        node,
                    });
                }
            }
        }
    }
    Ok(documents)
}

/// Where a collection starting at `start` ends: at its closing bracket (`event_end`) if it is a
/// flow collection, else at the end of its last child.
fn collection_end(text: &str, start: usize, last_child: Option<usize>, event_end: usize) -> usize {
    let flow = matches!(text.as_bytes().get(start), Some(b'[' | b'{'));
    match last_child {
        Some(last) if !flow => last.max(start),
        _ => event_end.max(start),
    }
}

/// A mapping or sequence being read: where it starts and what it holds so far. A mapping's
/// `key` is its pending key, waiting for its value.
enum Open<'a> {
    Mapping {
        start: usize,
        entries: Vec<Entry<'a>>,
        key: Option<(Cow<'a, str>, Span)>,
    },
    Sequence {
        start: usize,
        items: Vec<Node<'a>>,
    },
}

/// A scalar's value by YAML 1.2's core schema: only a plain scalar without a tag can be
/// anything but a string (`!!str 45` and `"45"` are strings).
fn scalar<'a>(text: Cow<'a, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value<'a> {
    let tagged_string = tag.is_some_and(|tag| tag.suffix == "str");
    if style != ScalarStyle::Plain || tagged_string {
        return Value::String(text);
    }
    let plain = text.as_ref();
    match plain {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(number) = integer(plain) {
        return number;
    }
    if is_float(plain) {
        return Value::Number;
    }
    Value::String(text)
}

/// `45`, `-3`, `0o17`, `0x1F`: an integer (a number when it does not fit `i64`).
fn integer(plain: &str) -> Option<Value<'static>> {
    let (digits, radix) = if let Some(octal) = plain.strip_prefix("0o") {
        (octal, 8)
    } else if let Some(hex) = plain.strip_prefix("0x") {
        (hex, 16)
    } else {
        let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(plain);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(plain.parse().map_or(Value::Number, Value::Integer));
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(i64::from_str_radix(digits, radix).map_or(Value::Number, Value::Integer))
}

/// `1.5`, `-.5`, `2e3`, `.inf`, `.nan`: a float of the core schema.
fn is_float(plain: &str) -> bool {
    let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(plain);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(plain, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            (digits(whole) || whole.is_empty())
                && (digits(fraction) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
        }
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Character positions to byte offsets, moving forward through the text (and, rarely, a few
/// characters back).
struct ByteOffsets<'t> {
    text: &'t str,
    chars: usize,
    bytes: usize,
}

impl<'t> ByteOffsets<'t> {
    fn new(text: &'t str) -> ByteOffsets<'t> {
        ByteOffsets {
            text,
            chars: 0,
            bytes: 0,
        }
    }

    fn of(&mut self, marker: Marker) -> usize {
        let target = marker.index();
        // Back a few characters (a document's end and the next one's start share a position):
        // step back from here, never from the start, or a stream of many documents would be
        // quadratic.
        let mut back = self.text[..self.bytes].chars().rev();
        while self.chars > target {
            let Some(c) = back.next() else { break };
            self.chars -= 1;
            self.bytes -= c.len_utf8();
        }
        let mut rest = self.text[self.bytes..].chars();
        while self.chars < target {
            let Some(c) = rest.next() else { break };
            self.chars += 1;
            self.bytes += c.len_utf8();
        }
        self.bytes
    }
}

fn scan_error(offsets: &mut ByteOffsets<'_>, error: &ScanError) -> SyntaxError {
    let at = offsets.of(*error.marker());
    // The scanner has a nesting limit of its own for flow collections (`[[[…`), which it meets
    // before the parser hands this reader the 129th level: say it as for block nesting.
    if error.info().contains("recursion limit") {
        return error_at(
            at,
            offsets.text,
            &format!("lists and mappings nest more than {MAX_JSON_DEPTH} levels deep"),
        );
    }
    error_at(at, offsets.text, error.info())
}

/// A syntax error on the character at byte `at` (or at the end of the text).
fn error_at(at: usize, text: &str, message: &str) -> SyntaxError {
    let width = text[at.min(text.len())..]
        .chars()
        .next()
        .map_or(0, char::len_utf8);
    SyntaxError {
        message: message.to_owned(),
        range: at..at + width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    fn parse(text: &str) -> Result<Vec<Node<'_>>, SyntaxError> {
        let mut sources = Sources::new();
        let id = sources.add("t.yaml", text);
        parse_yaml(id, text)
    }

    /// The text each span covers.
    fn spanned<'t>(text: &'t str, node: &Node<'_>) -> &'t str {
        &text[node.span.range()]
    }

    #[test]
    fn keys_and_values_keep_their_spans_in_bytes() {
        let text = "pair: pair-é17\nsessions:\n  - number: 1\n    takeaway: \"ça va\"\n";
        let roots = parse(text).expect("valid YAML");
        let [root] = roots.as_slice() else {
            panic!("one document")
        };
        let Value::Table(entries) = &root.value else {
            panic!("a mapping")
        };
        assert_eq!(entries[0].key, "pair");
        assert_eq!(&text[entries[0].key_span.range()], "pair");
        assert_eq!(spanned(text, &entries[0].node), "pair-é17");
        let Value::Array(sessions) = &entries[1].node.value else {
            panic!("a list")
        };
        let Value::Table(session) = &sessions[0].value else {
            panic!("a mapping")
        };
        assert!(matches!(session[0].node.value, Value::Integer(1)));
        assert!(matches!(&session[1].node.value, Value::String(s) if s == "ça va"));
        assert_eq!(spanned(text, &session[1].node), "\"ça va\"");
        // A block collection ends with its last value, not at the next line's key.
        assert_eq!(
            spanned(text, &entries[1].node),
            "- number: 1\n    takeaway: \"ça va\""
        );
        let flow = "a: [1, 2]\nb: 3\n";
        let roots = parse(flow).expect("valid YAML");
        let Value::Table(entries) = &roots[0].value else {
            panic!("a mapping")
        };
        assert_eq!(spanned(flow, &entries[0].node), "[1, 2]");
    }

    #[test]
    fn many_documents_read_in_linear_time() {
        // Each document boundary steps a character back; 20,000 of them must not rescan.
        let text = "---\npair: p\n".repeat(20_000);
        assert_eq!(parse(&text).expect("valid YAML").len(), 20_000);
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let text = "a: 45\nb: '45'\nc: true\nd: ~\ne:\nf: 1.5\ng: 2025-01-06\nh: !!str 7\ni: 0x1F\nj: .inf\nk: 3 colleagues\n";
        let roots = parse(text).expect("valid YAML");
        let Value::Table(entries) = &roots[0].value else {
            panic!("a mapping")
        };
        let kinds: Vec<&str> = entries.iter().map(|e| e.node.value.kind()).collect();
        assert_eq!(
            kinds,
            [
                "a number",
                "a string",
                "a boolean",
                "`null`",
                "`null`",
                "a number",
                "a string",
                "a string",
                "a number",
                "a number",
                "a string"
            ]
        );
    }

    #[test]
    fn aliases_complex_keys_and_deep_nesting_are_refused_with_a_position() {
        let alias = parse("a: &x 1\nb: *x\n").expect_err("an alias");
        assert_eq!(alias.range, 11..12);
        assert!(alias.message.contains("aliases"), "{}", alias.message);
        let complex = parse("? [a, b]\n: 1\n").expect_err("a complex key");
        assert!(complex.message.contains("key"), "{}", complex.message);
        let deep = format!(
            "{}1{}",
            "[".repeat(MAX_JSON_DEPTH + 1),
            "]".repeat(MAX_JSON_DEPTH + 1)
        );
        let error = parse(&deep).expect_err("too deep");
        assert_eq!(error.range, MAX_JSON_DEPTH..MAX_JSON_DEPTH + 1);
        let broken = parse("a: \"open\nb: 1\n").expect_err("an unclosed quote");
        assert!(!broken.message.is_empty());
    }

    #[test]
    fn every_document_of_a_stream_is_a_root() {
        let roots = parse("---\npair: a\n---\npair: b\n").expect("two documents");
        assert_eq!(roots.len(), 2);
        let roots = parse("pair: a\n---\n").expect("a trailing separator");
        assert_eq!(roots.len(), 1);
        assert_eq!(parse("~\n").expect("a null written out").len(), 1);
        assert!(parse("").expect("empty").is_empty());
        assert!(parse("# only a comment\n").expect("empty").is_empty());
    }
}
