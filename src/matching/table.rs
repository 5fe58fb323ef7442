//! A roster file as a table of cells with their spans, whatever its format: CSV through the
//! log reader's `csv-core` cells (each cell's raw text range), JSON through the log reader's
//! span-keeping tree (a list of objects; the keys make the columns, in the order first seen).
//! What a cell means is the roster reader's business; here only the shape is checked (`R001`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use super::MAX_PEOPLE;
use crate::diagnostic::{Diagnostic, Label};
use crate::log::tree::{Node, Value, parse_json};
use crate::log::{looks_like_id, read_csv_records};
use crate::rules;
use crate::source::{SourceId, Span};

/// A cell of the table: its text (or, from a JSON list, its items), and where it is.
pub(super) struct TableCell<'t> {
    pub(super) text: Cow<'t, str>,
    /// A JSON list's items, each with its span; `None` for a text.
    pub(super) items: Option<Vec<(Cow<'t, str>, Span)>>,
    pub(super) span: Span,
    /// A JSON value no roster cell can be (an object, a boolean, a fraction).
    pub(super) wrong_type: Option<&'static str>,
}

pub(super) struct Table<'t> {
    /// Each column's name and header span.
    pub(super) columns: Vec<(Cow<'t, str>, Span)>,
    /// Each row: its span, and its cells (by column; `None` where a JSON object lacks the key).
    pub(super) rows: Vec<(Span, Vec<Option<TableCell<'t>>>)>,
    /// Where the header is, for a missing column.
    pub(super) header: Span,
    /// JSON keys that are not ids, wherever they occur (a CSV header is one row, masked by the
    /// reader).
    pub(super) private_keys: Vec<Range<usize>>,
}

/// Whether a cell's text may be shown around a diagnostic: empty, an id, a whole number, or a
/// `;` list of ids. Anything else may be a name or a sentence.
pub(super) fn shows_nothing_private(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || looks_like_id(text)
        || text
            .strip_prefix(['+', '-'])
            .unwrap_or(text)
            .parse::<u64>()
            .is_ok()
        || text.split(';').all(|part| {
            let part = part.trim();
            part.is_empty() || looks_like_id(part)
        })
}

fn unreadable(
    span: Span,
    message: String,
    label: &'static str,
    help: &'static str,
) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::new(&rules::ROSTER_UNREADABLE, message, Label::new(span, label))
            .with_help(help),
    )
}

const CSV_HELP: &str = "a roster is a CSV table whose first row names the columns (`id`, `role`, then one per attribute), one row per person";
const JSON_HELP: &str = "a JSON roster is a list of objects, one per person: `[{\"id\": \"mentee-01\", \"role\": \"mentee\", …}]`";

pub(super) fn csv_table(source: SourceId, text: &str) -> Result<Table<'_>, Box<Diagnostic>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let records = read_csv_records(text, start).map_err(|error| {
        unreadable(
            Span::new(source, error.range),
            format!("the roster is not valid CSV: {}", error.message),
            "here",
            CSV_HELP,
        )
    })?;
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        return Err(unreadable(
            Span::new(source, 0..text.len()),
            "the roster is empty: it has no header row".to_owned(),
            "nothing to read",
            CSV_HELP,
        ));
    };
    let span_of = |range: &Range<usize>| Span::new(source, range.clone());
    let header_span = match (header.first(), header.last()) {
        (Some(first), Some(last)) => Span::new(source, first.range.start..last.range.end),
        _ => Span::new(source, 0..0),
    };
    let columns: Vec<(Cow<'_, str>, Span)> = header
        .iter()
        .map(|cell| {
            (
                Cow::Owned(cell.text.trim().to_owned()),
                span_of(&cell.range),
            )
        })
        .collect();
    let mut rows = Vec::new();
    for record in records {
        let (Some(first), Some(last)) = (record.first(), record.last()) else {
            continue;
        };
        let row_span = Span::new(source, first.range.start..last.range.end);
        // A line with one empty cell is a blank line.
        if record.len() == 1 && first.text.trim().is_empty() {
            continue;
        }
        if record.len() != columns.len() {
            return Err(unreadable(
                row_span,
                format!(
                    "a row of the roster has {} cells; its header has {}",
                    record.len(),
                    columns.len()
                ),
                "this row",
                "give every row one cell per column: an empty cell is nothing between two commas",
            ));
        }
        if rows.len() >= MAX_PEOPLE {
            return Err(too_many(row_span));
        }
        let cells = record
            .into_iter()
            .map(|cell| {
                Some(TableCell {
                    span: span_of(&cell.range),
                    text: cell.text,
                    items: None,
                    wrong_type: None,
                })
            })
            .collect();
        rows.push((row_span, cells));
    }
    Ok(Table {
        columns,
        rows,
        header: header_span,
        private_keys: Vec::new(),
    })
}

fn too_many(span: Span) -> Box<Diagnostic> {
    unreadable(
        span,
        format!("the roster lists more than {MAX_PEOPLE} people"),
        "one too many",
        "split the cohort into rosters of at most this size",
    )
}

pub(super) fn json_table(source: SourceId, text: &str) -> Result<Table<'_>, Box<Diagnostic>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let node = parse_json(source, &text[start..], start).map_err(|error| {
        unreadable(
            Span::new(source, error.range),
            format!("the roster is not valid JSON: {}", error.message),
            "here",
            JSON_HELP,
        )
    })?;
    let Value::Array(items) = node.value else {
        return Err(unreadable(
            node.span,
            format!("the roster is {}, not a list of people", node.value.kind()),
            "not a list",
            JSON_HELP,
        ));
    };
    let mut columns: Vec<(Cow<'_, str>, Span)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut private_keys = Vec::new();
    let mut rows = Vec::new();
    for item in items {
        let Value::Table(entries) = item.value else {
            return Err(unreadable(
                item.span,
                format!(
                    "a person of the roster is {}, not an object",
                    item.value.kind()
                ),
                "not an object",
                JSON_HELP,
            ));
        };
        if rows.len() >= MAX_PEOPLE {
            return Err(too_many(item.span));
        }
        let mut cells: Vec<Option<TableCell<'_>>> = Vec::new();
        for entry in entries {
            if !shows_nothing_private(&entry.key) {
                private_keys.push(entry.key_span.range());
            }
            let column = match index.get(entry.key.as_ref()) {
                Some(&column) => column,
                None => {
                    index.insert(entry.key.to_string(), columns.len());
                    columns.push((entry.key.clone(), entry.key_span));
                    columns.len() - 1
                }
            };
            if cells.len() <= column {
                cells.resize_with(column + 1, || None);
            }
            // A key given twice in one object: the first value counts, as for a log.
            if cells[column].is_none() {
                cells[column] = Some(json_cell(entry.node));
            }
        }
        rows.push((item.span, cells));
    }
    for (_, cells) in &mut rows {
        cells.resize_with(columns.len(), || None);
    }
    let header = Span::new(source, start..start + 1);
    Ok(Table {
        columns,
        rows,
        header,
        private_keys,
    })
}

fn json_cell(node: Node<'_>) -> TableCell<'_> {
    let span = node.span;
    let text = |text: Cow<'static, str>| TableCell {
        text,
        items: None,
        span,
        wrong_type: None,
    };
    match node.value {
        Value::String(value) => TableCell {
            text: value,
            items: None,
            span,
            wrong_type: None,
        },
        Value::Integer(value) => text(Cow::Owned(value.to_string())),
        Value::Null => text(Cow::Borrowed("")),
        Value::Array(items) => {
            let mut listed = Vec::new();
            let mut wrong_type = None;
            for item in items {
                match item.value {
                    Value::String(value) => listed.push((value, item.span)),
                    other => wrong_type = Some(other.kind()),
                }
            }
            TableCell {
                text: Cow::Borrowed(""),
                items: Some(listed),
                span,
                wrong_type,
            }
        }
        // `Number` is a fraction, or an integer beyond 64 bits.
        Value::Number => TableCell {
            text: Cow::Borrowed(""),
            items: None,
            span,
            wrong_type: Some("a fraction or a number too large"),
        },
        other => TableCell {
            text: Cow::Borrowed(""),
            items: None,
            span,
            wrong_type: Some(other.kind()),
        },
    }
}

pub(super) fn cell_is_blank(cell: &TableCell<'_>) -> bool {
    match &cell.items {
        Some(items) => items.is_empty() && cell.wrong_type.is_none(),
        None => cell.text.trim().is_empty() && cell.wrong_type.is_none(),
    }
}

/// The values of an `any of` cell: a JSON list's items, or a CSV cell's `;`-separated parts,
/// each with its own span where the cell's text is the file's (an unquoted cell, or one whose
/// quotes are its only change).
pub(super) fn set_items(cell: &TableCell<'_>) -> Vec<(String, Span)> {
    if let Some(items) = &cell.items {
        return items
            .iter()
            .map(|(text, span)| (text.trim().to_owned(), *span))
            .collect();
    }
    let range = cell.span.range();
    let raw_len = range.len();
    let offset = if raw_len == cell.text.len() {
        Some(range.start)
    } else if raw_len == cell.text.len() + 2 {
        Some(range.start + 1)
    } else {
        None
    };
    let mut items = Vec::new();
    let mut at = 0;
    for part in cell.text.split(';') {
        let trimmed = part.trim();
        if !trimmed.is_empty() {
            let lead = part.len() - part.trim_start().len();
            let span = match offset {
                Some(start) => Span::new(
                    cell.span.source,
                    start + at + lead..start + at + lead + trimmed.len(),
                ),
                None => cell.span,
            };
            items.push((trimmed.to_owned(), span));
        }
        at += part.len() + 1;
    }
    items
}
