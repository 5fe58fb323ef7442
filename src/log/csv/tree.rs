//! One pair's rows as a log tree: the log fields from the first row that gives each (later rows
//! must agree), one session per row, each cell typed as the contract types its field. Text
//! borrows the file's cells, so building a tree copies no cell that needs no unquoting.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use super::cells::Cell;
use super::{Column, CsvLog, CsvMapping, column_name};
use crate::diagnostic::{Diagnostic, Label};
use crate::log::build::looks_like_id;
use crate::log::tree::{Entry, Node, Value};
use crate::rules;
use crate::source::{SourceId, Span};

/// One pair's log tree from its rows.
pub(super) fn build_tree<'t>(
    source: SourceId,
    text: &'t str,
    rows: &[Vec<Cell<'t>>],
    columns: &'t [(String, Column, Span)],
    mapping: &CsvMapping,
    line_starts: &OnceLock<Vec<usize>>,
) -> CsvLog<'t> {
    let span = |range: &Range<usize>| Span::new(source, range.clone());
    let first_cell = |row: &Vec<Cell>| row.first().map_or(0..0, |c| c.range.clone());
    let root_span = rows
        .first()
        .map_or(Span::new(source, 0..0), |row| span(&first_cell(row)));
    let mut entries: Vec<Entry<'t>> = Vec::new();
    let mut problems = Vec::new();
    let mut private_cells = Vec::new();
    // Log fields: the first non-empty cell of the column; later rows must agree.
    for (index, (header, column, _)) in columns.iter().enumerate() {
        let Column::Log(key) = column else { continue };
        let mut first: Option<&Cell> = None;
        for row in rows {
            let cell = &row[index];
            if cell.text.is_empty() {
                continue;
            }
            match first {
                None => {
                    first = Some(cell);
                    entries.push(Entry {
                        key: Cow::Borrowed(key),
                        key_span: span(&cell.range),
                        node: typed(source, key, cell, mapping),
                    });
                }
                Some(given) if given.text != cell.text => {
                    let starts = line_starts.get_or_init(|| line_starts_of(text));
                    let line = starts.partition_point(|&s| s <= given.range.start);
                    let field = if *key == "status" { "pair-status" } else { key };
                    private_cells.push(span(&cell.range));
                    problems.push(
                        Diagnostic::new(
                            &rules::DUPLICATE_LOG_FIELD,
                            format!(
                                "{} differs from line {line}, where the pair's rows first give it",
                                column_name(header, field)
                            ),
                            Label::new(span(&cell.range), "another value for the same pair"),
                        )
                        .with_label(Label::new(
                            span(&given.range),
                            "first given here; this one is used",
                        ))
                        .with_help(
                            "a log's own fields (program, pair, started, …) are the same on \
                             every row of the pair",
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
    let mut sessions = Vec::new();
    let mut cells = Vec::new();
    for row in rows {
        let mut fields: Vec<Entry<'t>> = Vec::new();
        let mut answers: Vec<Entry<'t>> = Vec::new();
        for (index, (_, column, _)) in columns.iter().enumerate() {
            let cell = &row[index];
            if cell.text.is_empty() {
                continue;
            }
            cells.push((cell.range.start, index));
            // A column not read may hold anything; elsewhere, what is not an id, a number or a
            // date may be words.
            if *column == Column::Ignored || !could_be_an_id_or_value(&cell.text) {
                private_cells.push(span(&cell.range));
            }
            match column {
                Column::Session(key) => fields.push(Entry {
                    key: Cow::Borrowed(key),
                    key_span: span(&cell.range),
                    node: typed(source, key, cell, mapping),
                }),
                Column::Answer(field) => answers.push(Entry {
                    key: Cow::Borrowed(field),
                    key_span: span(&cell.range),
                    node: Node {
                        value: Value::String(cell.text.clone()),
                        span: span(&cell.range),
                    },
                }),
                Column::Log(_) | Column::Ignored => {}
            }
        }
        if let Some(first) = answers.first() {
            let answers_span = first.key_span;
            fields.push(Entry {
                key: Cow::Borrowed("answers"),
                key_span: answers_span,
                node: Node {
                    value: Value::Table(answers),
                    span: answers_span,
                },
            });
        }
        if !fields.is_empty() {
            sessions.push(Node {
                value: Value::Table(fields),
                span: span(&first_cell(row)),
            });
        }
    }
    if !sessions.is_empty() {
        entries.push(Entry {
            key: Cow::Borrowed("sessions"),
            key_span: root_span,
            node: Node {
                value: Value::Array(sessions),
                span: root_span,
            },
        });
    }
    CsvLog {
        root: Node {
            value: Value::Table(entries),
            span: root_span,
        },
        problems,
        private_cells,
        cells,
    }
}

/// The byte offset where each line starts.
pub(super) fn line_starts_of(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect()
}

/// A cell's value as the contract types its field; text borrows the cell's.
pub(super) fn typed<'t>(
    source: SourceId,
    key: &str,
    cell: &Cell<'t>,
    mapping: &CsvMapping,
) -> Node<'t> {
    let span = Span::new(source, cell.range.clone());
    let text = cell.text.as_ref();
    let as_text = || Value::String(cell.text.clone());
    let value = match key {
        "number" | "minutes" => number(cell.text.clone()),
        "new-problem" => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => as_text(),
        },
        "started" | "agreement" | "date" => match &mapping.date_format {
            Some(format) => match jiff::civil::Date::strptime(format, text) {
                Ok(date) => Value::Date(Some(date)),
                Err(_) => as_text(),
            },
            None => as_text(),
        },
        "lens" | "milestones" => return list(source, cell),
        _ => as_text(),
    };
    Node { value, span }
}

/// `45`, `-3`: an integer (a number when it does not fit `i64`); `1.5`: a number; anything else
/// text, which the field then reports as not a whole number.
pub(super) fn number<'t>(text: impl Into<Cow<'t, str>>) -> Value<'t> {
    let text = text.into();
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(&text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(unsigned) {
        return text.parse().map_or(Value::Number, Value::Integer);
    }
    match unsigned.split_once('.') {
        Some((whole, fraction)) if digits(whole) && digits(fraction) => Value::Number,
        _ => Value::String(text),
    }
}

/// `a; b`: a list of ids, each with its own span when the cell's raw text is its text (not
/// quoted, or quoted without doubled quotes); a single id stands for itself.
pub(super) fn list<'t>(source: SourceId, cell: &Cell<'t>) -> Node<'t> {
    let whole = Span::new(source, cell.range.clone());
    let raw_len = cell.range.end - cell.range.start;
    // Where the decoded text starts in the raw cell, when it is a plain slice of it.
    let offset = if raw_len == cell.text.len() {
        Some(cell.range.start)
    } else if raw_len == cell.text.len() + 2 {
        Some(cell.range.start + 1)
    } else {
        None
    };
    let mut items = Vec::new();
    let mut at = 0;
    for part in cell.text.split(';') {
        let trimmed = part.trim();
        let lead = part.len() - part.trim_start().len();
        if !trimmed.is_empty() {
            let within = at + lead..at + lead + trimmed.len();
            let item_span = offset.map_or(whole, |start| {
                Span::new(source, start + within.start..start + within.end)
            });
            items.push(Node {
                value: Value::String(slice_of(&cell.text, within)),
                span: item_span,
            });
        }
        at += part.len() + 1;
    }
    match items.len() {
        1 => items.remove(0),
        _ => Node {
            value: Value::Array(items),
            span: whole,
        },
    }
}

/// A part of a cell's text, borrowed from the file as the cell's text is.
fn slice_of<'t>(text: &Cow<'t, str>, range: Range<usize>) -> Cow<'t, str> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(text.get(range).unwrap_or_default()),
        Cow::Owned(text) => Cow::Owned(text.get(range).unwrap_or_default().to_owned()),
    }
}

/// A cell that cannot be a pair's words: an id, a number, a date (`2025-01-06`, `01/06/2025`),
/// a list of ids. Anything else is masked in snippets.
pub(crate) fn could_be_an_id_or_value(text: &str) -> bool {
    let dateish = |s: &str| {
        s.chars().any(|c| c.is_ascii_digit())
            && s.chars().all(|c| c.is_ascii_digit() || "+-./:".contains(c))
    };
    text.split(';')
        .map(str::trim)
        .all(|part| looks_like_id(part) || dateish(part))
}
