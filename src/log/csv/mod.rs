//! CSV session exports (`.csv`): one row per session, as mentoring platforms export them, read
//! into the span-carrying tree TOML, JSON and YAML logs share ([`Node`]), one tree per pair.
//!
//! - Cells are read with `csv-core`, whose `read_field` says how many input bytes each field
//!   took: every cell's span is its raw text in the file (quotes included), so a diagnostic's
//!   line:column is the cell's even when a quoted cell holds a comma or a line break.
//! - The header row names the columns: a log field by its name (`program`, `pair`, `started`,
//!   …), the pair's own status as `pair-status` (`status` is the session's), a session field by
//!   its name (`number`, `date`, `lens`, …), an answer as `answers.FIELD`. A [`CsvMapping`] maps
//!   other headers onto these names. An unknown column is reported once, at its header cell.
//! - Rows group into logs by their `pair` cell, in order of first appearance (rows without a
//!   pair: each run of them whose log fields agree is one log). A log field is the
//!   first non-empty cell of its column among the pair's rows; a later row that says otherwise
//!   is `L002` at its cell. A row with no session cell filled is a pair with no session.
//! - Cells are typed as the contract types the field: whole numbers for `number` and `minutes`,
//!   `true`/`false` for `new-problem`, `;`-separated lists for `lens` and `milestones`, text for
//!   the rest (dates are read from text, as in JSON, or with the mapping's `date-format`). An
//!   empty cell is an absent value.
//! - A cell quoted wrongly (a quote never closed, text after a closing quote) and a row whose
//!   number of cells is not the header's are syntax errors (`F003`): a shifted row cannot be
//!   read safely. csv-core itself never fails.

use std::borrow::Cow;
use std::ops::Range;

mod cells;

pub(super) use cells::{Cell, read_records};

use super::build::looks_like_id;
use super::tree::{Entry, Node, SyntaxError, Value};
use crate::diagnostic::{Diagnostic, Label};
use crate::rules;
use crate::source::{SourceId, Span};
use crate::words::did_you_mean;

/// The log fields a CSV names by their own names; the pair's status is `pair-status`.
const LOG_COLUMNS: &[&str] = &[
    "program",
    "version",
    "pair",
    "mentor",
    "mentee",
    "track",
    "started",
    "agreement",
    "pair-status",
];

/// The session fields a CSV names by their own names.
const SESSION_COLUMNS: &[&str] = &[
    "number",
    "date",
    "minutes",
    "kind",
    "status",
    "outcome",
    "takeaway",
    "lens",
    "milestones",
    "new-problem",
];

/// The prefix of an answer column: `answers.chose` holds the answers to the field `chose`.
pub(crate) const ANSWER_PREFIX: &str = "answers.";

/// Every column name the contract knows (answers aside), for "did you mean".
pub(crate) fn contract_columns() -> impl Iterator<Item = &'static str> {
    LOG_COLUMNS.iter().chain(SESSION_COLUMNS).copied()
}

/// Whether `name` is a column of the contract (`answers.FIELD` included): what a mapping may
/// map a header to.
pub(crate) fn is_contract_column(name: &str) -> bool {
    contract_columns().any(|c| c == name)
        || name
            .strip_prefix(ANSWER_PREFIX)
            .is_some_and(|field| !field.is_empty())
}

/// How an export's headers map onto the contract's column names, and how it writes dates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvMapping {
    /// Header → contract column name (`"Session date"` → `"date"`).
    pub columns: Vec<(String, String)>,
    /// A `strptime` format (`%m/%d/%Y`) for every date cell; `None`: `YYYY-MM-DD`.
    pub date_format: Option<String>,
}

impl CsvMapping {
    pub(super) fn column_for<'h>(&'h self, header: &'h str) -> &'h str {
        self.columns
            .iter()
            .find(|(from, _)| from == header)
            .map_or(header, |(_, to)| to.as_str())
    }
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    /// A log field, by its key in the tree (`status` for `pair-status`).
    Log(&'static str),
    Session(&'static str),
    /// An answer to the lens field named.
    Answer(String),
    /// Not read: unknown (reported at its header), a second column for the same field, or an
    /// unnamed column with nothing in it.
    Ignored,
}

/// The logs of a CSV file, ready to build.
pub(crate) struct CsvLogs {
    /// One tree per pair, with what its rows disagree on.
    pub logs: Vec<CsvLog>,
    /// Problems with the header row (unknown or repeated columns), reported once for the file.
    pub header_problems: Vec<Diagnostic>,
    /// The header row's cells, to name a mapped column in messages.
    columns: Vec<(String, Column, Span)>,
    /// The start of every cell read and its column, in file order.
    cell_columns: Vec<(usize, usize)>,
    /// The mapping's `date-format`, which messages about a date cell then name.
    date_format: Option<String>,
    /// The file: only findings in it are about its cells.
    source: SourceId,
}

/// One pair's rows as a log tree.
pub(crate) struct CsvLog {
    pub root: Node<'static>,
    /// `L002` for each cell that disagrees with a log field given on an earlier row.
    pub problems: Vec<Diagnostic>,
    /// The cells of this pair's rows that could be a pair's words.
    pub private_cells: Vec<Span>,
}

/// Reads a CSV export: its header row, then its rows grouped by pair. `Err` holds the syntax
/// errors (a wrongly quoted cell, rows of the wrong length); `Ok` with no logs when the file
/// has a header and no rows.
pub(crate) fn parse_csv(
    source: SourceId,
    text: &str,
    start: usize,
    mapping: &CsvMapping,
) -> Result<CsvLogs, Vec<SyntaxError>> {
    let records = read_records(text, start).map_err(|error| vec![error])?;
    let mut records = records.into_iter();
    let header = records.next().unwrap_or_default();
    let rows: Vec<Vec<Cell>> = records.collect();
    let ragged: Vec<SyntaxError> = rows
        .iter()
        .filter(|row| row.len() != header.len())
        .map(|row| ragged_row(text, row, header.len()))
        .collect();
    if !ragged.is_empty() {
        return Err(ragged);
    }
    let span = |range: &Range<usize>| Span::new(source, range.clone());
    let mut header_problems = Vec::new();
    let mut columns: Vec<(String, Column, Span)> = Vec::with_capacity(header.len());
    for (index, cell) in header.iter().enumerate() {
        let name = cell.text.as_str();
        let field = mapping.column_for(name);
        let mut column = resolve(field);
        if column == Column::Ignored {
            let filled = rows.iter().any(|row| !row[index].text.is_empty());
            if !name.is_empty() || filled {
                header_problems.push(unknown_column(name, field, span(&cell.range)));
            }
        } else if let Some((first, _, first_span)) = columns.iter().find(|(_, c, _)| *c == column) {
            header_problems.push(
                Diagnostic::new(
                    &rules::DUPLICATE_LOG_FIELD,
                    format!(
                        "{} gives `{field}` again: only the first such column is read",
                        column_name(name, field)
                    ),
                    Label::new(span(&cell.range), "a second column for the same field"),
                )
                .with_label(Label::new(
                    *first_span,
                    format!("{} is read", column_name(first, field)),
                )),
            );
            column = Column::Ignored;
        }
        columns.push((name.to_owned(), column, span(&cell.range)));
    }
    let pair_column = columns
        .iter()
        .position(|(_, c, _)| *c == Column::Log("pair"));
    // Rows by pair, in order of first appearance. Rows without a pair cannot be told apart by
    // pair: a run of them (one after another) whose log fields agree is taken as one log, as an
    // export lists a pair's rows together; merging every such row would make one log of many.
    let log_columns: Vec<usize> = (0..columns.len())
        .filter(|&i| matches!(columns[i].1, Column::Log(_)))
        .collect();
    let mut order: Vec<(&str, usize)> = Vec::new();
    let mut groups: std::collections::HashMap<(&str, usize), Vec<&Vec<Cell>>> =
        std::collections::HashMap::new();
    let mut run = 0;
    let mut run_first: Option<&Vec<Cell>> = None;
    for row in &rows {
        let pair = pair_column.map_or("", |at| row[at].text.as_str());
        if pair.is_empty() {
            let same_log = run_first.is_some_and(|first| {
                log_columns.iter().all(|&i| {
                    first[i].text.is_empty()
                        || row[i].text.is_empty()
                        || first[i].text == row[i].text
                })
            });
            if !same_log {
                run += 1;
                run_first = Some(row);
            }
        } else {
            run_first = None;
        }
        let key = (pair, if pair.is_empty() { run } else { 0 });
        groups
            .entry(key)
            .or_insert_with(|| {
                order.push(key);
                Vec::new()
            })
            .push(row);
    }
    let mut line_starts: Option<Vec<usize>> = None;
    let mut logs = Vec::with_capacity(order.len());
    let mut cell_columns = Vec::new();
    for pair in order {
        let group = groups.remove(&pair).unwrap_or_default();
        logs.push(build_tree(
            source,
            text,
            &group,
            &columns,
            mapping,
            &mut line_starts,
        ));
    }
    for row in &rows {
        for (index, cell) in row.iter().enumerate() {
            if cell.text.is_empty() {
                continue;
            }
            cell_columns.push((cell.range.start, index));
        }
    }
    cell_columns.sort_unstable();
    Ok(CsvLogs {
        logs,
        header_problems,
        columns,
        cell_columns,
        date_format: mapping.date_format.clone(),
        source,
    })
}

fn resolve(field: &str) -> Column {
    if field == "pair-status" {
        return Column::Log("status");
    }
    if let Some(name) = LOG_COLUMNS.iter().find(|c| **c == field) {
        return Column::Log(name);
    }
    if let Some(name) = SESSION_COLUMNS.iter().find(|c| **c == field) {
        return Column::Session(name);
    }
    match field.strip_prefix(ANSWER_PREFIX) {
        Some(answer) if !answer.is_empty() => Column::Answer(answer.to_owned()),
        _ => Column::Ignored,
    }
}

/// How a message names a column: `` `date` `` when its header is the contract's name, else
/// `` column `Session date` (date) ``. A header is an export's label, not a pair's words, but it
/// is shown only when it is short and printable.
fn column_name(header: &str, field: &str) -> String {
    if header == field {
        format!("`{field}`")
    } else {
        format!("column {} ({field})", shown_header(header))
    }
}

fn shown_header(header: &str) -> String {
    if header.is_empty() {
        "(no name)".to_owned()
    } else if header.chars().count() <= 64 && !header.chars().any(|c| c.is_control() || c == '`') {
        format!("`{header}`")
    } else {
        "(a header that is not shown)".to_owned()
    }
}

fn unknown_column(header: &str, field: &str, span: Span) -> Diagnostic {
    let mapped = header != field;
    let candidates = contract_columns();
    let help = match did_you_mean(field, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "a column is a log field ({}), a session field ({}) or `answers.FIELD`; \
             map other headers with `[csv.columns]` in mentor.toml",
            crate::words::ids_comma(LOG_COLUMNS.iter()),
            crate::words::ids_comma(SESSION_COLUMNS.iter()),
        ),
    };
    let message = if mapped {
        format!(
            "column {} is mapped to `{field}`, which is not a column of the log format",
            shown_header(header)
        )
    } else {
        format!("unknown column {}", shown_header(header))
    };
    Diagnostic::new(
        &rules::UNKNOWN_LOG_FIELD,
        message,
        Label::new(
            span,
            "not a field of the log format: the column is not read",
        ),
    )
    .with_help(help)
}

/// `F003` for a row whose number of cells is not the header's, at its first extra cell or at
/// its end.
fn ragged_row(text: &str, row: &[Cell], width: usize) -> SyntaxError {
    let range = match row.get(width) {
        Some(extra) => extra.range.start..extra.range.start + 1,
        None => {
            let end = row.last().map_or(0, |c| c.range.end);
            let next = text[end..].chars().next().map_or(0, char::len_utf8);
            end..end + next
        }
    };
    SyntaxError {
        message: format!(
            "this row has {} cells, the header row {width}: a row with cells missing or added \
             cannot be read by column",
            row.len()
        ),
        range,
    }
}

/// One pair's log tree from its rows.
fn build_tree(
    source: SourceId,
    text: &str,
    rows: &[&Vec<Cell>],
    columns: &[(String, Column, Span)],
    mapping: &CsvMapping,
    line_starts: &mut Option<Vec<usize>>,
) -> CsvLog {
    let span = |range: &Range<usize>| Span::new(source, range.clone());
    let first_cell = |row: &Vec<Cell>| row.first().map_or(0..0, |c| c.range.clone());
    let root_span = rows
        .first()
        .map_or(Span::new(source, 0..0), |row| span(&first_cell(row)));
    let mut entries: Vec<Entry<'static>> = Vec::new();
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
                    let starts = line_starts.get_or_insert_with(|| line_starts_of(text));
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
    for row in rows {
        let mut fields: Vec<Entry<'static>> = Vec::new();
        let mut answers: Vec<Entry<'static>> = Vec::new();
        for (index, (_, column, _)) in columns.iter().enumerate() {
            let cell = &row[index];
            if cell.text.is_empty() {
                continue;
            }
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
                    key: Cow::Owned(field.clone()),
                    key_span: span(&cell.range),
                    node: Node {
                        value: Value::String(Cow::Owned(cell.text.clone())),
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
    }
}

/// The byte offset where each line starts.
fn line_starts_of(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect()
}

/// A cell's value as the contract types its field.
fn typed(source: SourceId, key: &str, cell: &Cell, mapping: &CsvMapping) -> Node<'static> {
    let span = Span::new(source, cell.range.clone());
    let text = cell.text.as_str();
    let value = match key {
        "number" | "minutes" => number(text),
        "new-problem" => match text.to_ascii_lowercase().as_str() {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(Cow::Owned(text.to_owned())),
        },
        "started" | "agreement" | "date" => match &mapping.date_format {
            Some(format) => match jiff::civil::Date::strptime(format, text) {
                Ok(date) => Value::Date(Some(date)),
                Err(_) => Value::String(Cow::Owned(text.to_owned())),
            },
            None => Value::String(Cow::Owned(text.to_owned())),
        },
        "lens" | "milestones" => return list(source, cell),
        _ => Value::String(Cow::Owned(text.to_owned())),
    };
    Node { value, span }
}

/// `45`, `-3`: an integer (a number when it does not fit `i64`); `1.5`: a number; anything else
/// text, which the field then reports as not a whole number.
fn number(text: &str) -> Value<'static> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(unsigned) {
        return text.parse().map_or(Value::Number, Value::Integer);
    }
    match unsigned.split_once('.') {
        Some((whole, fraction)) if digits(whole) && digits(fraction) => Value::Number,
        _ => Value::String(Cow::Owned(text.to_owned())),
    }
}

/// `a; b`: a list of ids, each with its own span when the cell's raw text is its text (not
/// quoted, or quoted without doubled quotes); a single id stands for itself.
fn list(source: SourceId, cell: &Cell) -> Node<'static> {
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
            let item_span = offset.map_or(whole, |start| {
                Span::new(source, start + at + lead..start + at + lead + trimmed.len())
            });
            items.push(Node {
                value: Value::String(Cow::Owned(trimmed.to_owned())),
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

impl CsvLogs {
    /// Names the column of a mapped or renamed field in messages about its cells: `` `date` ``
    /// becomes `` column `Session date` (date) ``, `` `status` `` of the pair's status
    /// `` `pair-status` ``; a message about a mapped column's cell that does not quote the field
    /// (a check's finding) gets `` (column `Outcome`, mapped to outcome) `` after it.
    pub(crate) fn name_columns(&self, problems: &mut [Diagnostic]) {
        for problem in problems {
            if problem.primary.span.source != self.source {
                continue;
            }
            let start = problem.primary.span.range().start;
            let at = self.cell_columns.partition_point(|(s, _)| *s < start);
            let Some(&(cell_start, index)) = self.cell_columns.get(at) else {
                continue;
            };
            if cell_start != start {
                continue;
            }
            let (header, column, _) = &self.columns[index];
            // The field as messages quote it (the log tree's key), and the CSV's name of it.
            let (field, plain) = match column {
                Column::Log("status") => ("status", "pair-status".to_owned()),
                Column::Log(key) | Column::Session(key) => (*key, (*key).to_owned()),
                Column::Answer(answer) => ("", format!("{ANSWER_PREFIX}{answer}")),
                Column::Ignored => continue,
            };
            if let Some(format) = &self.date_format
                && matches!(field, "started" | "agreement" | "date")
                && problem.message.ends_with("written YYYY-MM-DD")
            {
                let cut = problem.message.len() - "YYYY-MM-DD".len();
                problem.message.replace_range(cut.., format);
                problem.help = Some(format!(
                    "write the date as `date-format` says ({format}), or as YYYY-MM-DD"
                ));
            }
            if header == field {
                continue;
            }
            let quoted = format!("`{field}`");
            match problem.message.find(&quoted).filter(|_| !field.is_empty()) {
                Some(found) => {
                    let named = column_name(header, &plain);
                    problem
                        .message
                        .replace_range(found..found + quoted.len(), &named);
                }
                // A message that does not name the field (`session 1 records outcome …`):
                // the column of a mapped header is said after it.
                None if *header != plain => {
                    // Named once, though a log's own problems pass here twice (when read,
                    // and again among what checking it found).
                    let shown = shown_header(header);
                    if !problem.message.contains(&format!("column {shown}")) {
                        problem
                            .message
                            .push_str(&format!(" (column {shown}, mapped to {plain})"));
                    }
                }
                None => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    /// The CSV columns are the contract's fields, as the log reader knows them: a field added
    /// to the contract must get its column (the pair's `status` as `pair-status`; sessions and
    /// answers are rows and `answers.FIELD` columns).
    #[test]
    fn the_columns_are_the_contracts_fields() {
        let log: Vec<&str> = super::super::build::LOG_FIELDS
            .iter()
            .filter(|f| **f != "sessions")
            .map(|f| if *f == "status" { "pair-status" } else { f })
            .collect();
        let mut columns = LOG_COLUMNS.to_vec();
        let mut expected = log;
        columns.sort_unstable();
        expected.sort_unstable();
        assert_eq!(columns, expected);
        let session: Vec<&str> = super::super::build::SESSION_FIELDS
            .iter()
            .copied()
            .filter(|f| *f != "answers")
            .collect();
        assert_eq!(SESSION_COLUMNS, session.as_slice());
    }

    #[test]
    fn a_row_of_the_wrong_length_is_an_error_at_its_extra_cell_or_end() {
        let mut sources = Sources::new();
        let id = sources.add("t.csv", "");
        let text = "pair,date\np1,2025-01-06,x\np2\n";
        let Err(errors) = parse_csv(id, text, 0, &CsvMapping::default()) else {
            panic!("ragged rows")
        };
        let ranges: Vec<_> = errors.iter().map(|e| e.range.clone()).collect();
        assert_eq!(ranges, [24..25, 28..29]);
    }

    #[test]
    fn rows_group_by_pair_and_rows_without_one_by_runs_that_agree() {
        let mut sources = Sources::new();
        let id = sources.add("t.csv", "");
        let text = "pair,started,number\np1,2025-01-06,1\n,2025-01-06,1\n,2025-01-06,2\n,2025-02-03,1\np1,,2\n";
        let read = parse_csv(id, text, 0, &CsvMapping::default()).expect("valid CSV");
        let sessions: Vec<usize> = read
            .logs
            .iter()
            .map(|log| match &log.root.value {
                Value::Table(entries) => {
                    entries.iter().find(|e| e.key == "sessions").map_or(0, |e| {
                        match &e.node.value {
                            Value::Array(items) => items.len(),
                            _ => 0,
                        }
                    })
                }
                _ => 0,
            })
            .collect();
        // p1 (two rows), the first run without a pair (two rows), the one that starts later.
        assert_eq!(sessions, [2, 2, 1]);
        assert!(read.logs.iter().all(|log| log.problems.is_empty()));
    }

    #[test]
    fn a_second_column_for_a_field_and_a_named_or_filled_unknown_column_are_reported_once() {
        let mut sources = Sources::new();
        let id = sources.add("t.csv", "");
        let mapping = CsvMapping {
            columns: vec![("Session date".to_owned(), "date".to_owned())],
            date_format: None,
        };
        // A trailing comma on every row (an unnamed, empty column) is left alone; an unnamed
        // column with something in it is not.
        for (text, expected) in [
            (
                "pair,date,Session date,\np1,2025-01-06,2025-01-07,\np1,2025-01-13,,\n",
                vec![("L002", 10..22)],
            ),
            ("pair,,date\np1,x,2025-01-06\n", vec![("L001", 5..5)]),
        ] {
            let read = parse_csv(id, text, 0, &mapping).expect("valid CSV");
            let found: Vec<_> = read
                .header_problems
                .iter()
                .map(|d| (d.code(), d.primary.span.range()))
                .collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn lists_split_on_semicolons_with_each_id_at_its_place() {
        let mut sources = Sources::new();
        let id = sources.add("t.csv", "");
        for (raw, decoded, expected) in [
            ("a; b", "a; b", vec![0..1, 3..4]),
            ("\"a;b\"", "a;b", vec![1..2, 3..4]),
            ("\"a;\"\"b\"", "a;\"b", vec![0..7, 0..7]),
        ] {
            let cell = Cell {
                range: 0..raw.len(),
                text: decoded.to_owned(),
            };
            let Value::Array(items) = list(id, &cell).value else {
                panic!("a list")
            };
            let spans: Vec<_> = items.iter().map(|i| i.span.range()).collect();
            assert_eq!(spans, expected, "{raw}");
        }
    }

    #[test]
    fn cells_are_typed_as_the_contract_types_their_field() {
        assert!(matches!(number("60"), Value::Integer(60)));
        assert!(matches!(number("1.5"), Value::Number));
        assert!(matches!(number("sixty"), Value::String(_)));
        assert!(matches!(number("99999999999999999999"), Value::Number));
        let mut sources = Sources::new();
        let id = sources.add("t.csv", "");
        let us = CsvMapping {
            columns: Vec::new(),
            date_format: Some("%m/%d/%Y".to_owned()),
        };
        let cell = |text: &str| Cell {
            range: 0..text.len(),
            text: text.to_owned(),
        };
        assert!(matches!(
            typed(id, "date", &cell("01/20/2025"), &us).value,
            Value::Date(Some(d)) if d == jiff::civil::date(2025, 1, 20)
        ));
        assert!(matches!(
            typed(id, "date", &cell("20/01/2025"), &us).value,
            Value::String(_)
        ));
        assert!(matches!(
            typed(id, "new-problem", &cell("TRUE"), &us).value,
            Value::Bool(true)
        ));
    }

    proptest::proptest! {
        /// Whatever the text, reading returns logs or syntax errors, and every span is a range
        /// of the text on character boundaries (what a snippet may slice).
        #[test]
        fn any_text_reads_without_panicking_and_spans_stay_in_the_text(
            text in "[a-z0-9é,;\"\n\r -]{0,80}"
        ) {
            let mut sources = Sources::new();
            let id = sources.add("t.csv", "");
            let header = "program,pair,started,number,date,lens,takeaway,x\n";
            let text = format!("{header}{text}");
            let in_text = |span: Span| {
                let range = span.range();
                range.end <= text.len()
                    && text.is_char_boundary(range.start)
                    && text.is_char_boundary(range.end)
            };
            match parse_csv(id, &text, 0, &CsvMapping::default()) {
                Ok(read) => {
                    for log in &read.logs {
                        proptest::prop_assert!(log.private_cells.iter().all(|s| in_text(*s)));
                        proptest::prop_assert!(log.problems.iter().all(|d| in_text(d.primary.span)));
                    }
                }
                Err(errors) => {
                    for error in errors {
                        proptest::prop_assert!(text.get(error.range.clone()).is_some());
                    }
                }
            }
            for range in crate::log::mask::csv_word_ranges(&text, 0, &CsvMapping::default()) {
                proptest::prop_assert!(text.get(range).is_some());
            }
        }
    }
}
