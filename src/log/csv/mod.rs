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
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

mod cells;
mod tree;

use cells::Records;
pub(crate) use cells::{Cell, read_records};
use tree::build_tree;
pub(crate) use tree::could_be_an_id_or_value;

use super::tree::{Node, SyntaxError};
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

/// A CSV file read once through: its header row, and where each pair's rows start. Each pair's
/// log is then read from its own rows ([`CsvLogs::log`]), so only the cells of the logs being
/// built are held, in whatever order the export lists its rows.
pub(crate) struct CsvLogs<'a> {
    text: &'a str,
    /// The mapping's `date-format` types date cells, and messages about them name it.
    mapping: CsvMapping,
    /// Problems with the header row (unknown or repeated columns), reported once for the file.
    pub header_problems: Vec<Diagnostic>,
    /// The header row's cells, to name a mapped column in messages.
    columns: Vec<(String, Column, Span)>,
    /// Where each row starts, the rows of the first log first (file order within a log).
    row_starts: Vec<usize>,
    /// Log `i`'s rows are `row_starts[log_bounds[i]..log_bounds[i + 1]]`.
    log_bounds: Vec<usize>,
    /// Where each line of the file starts, for the messages that name a line; built for the
    /// first of them.
    line_starts: OnceLock<Vec<usize>>,
    /// The file: only findings in it are about its cells.
    source: SourceId,
}

/// One pair's rows as a log tree.
pub(crate) struct CsvLog<'a> {
    pub root: Node<'a>,
    /// `L002` for each cell that disagrees with a log field given on an earlier row.
    pub problems: Vec<Diagnostic>,
    /// The cells of this pair's rows that could be a pair's words.
    pub private_cells: Vec<Span>,
    /// The start of every filled cell of the pair's rows and its column, in file order: what
    /// [`CsvLogs::name_columns`] looks a finding's cell up in.
    pub cells: Vec<(usize, usize)>,
}

#[cfg(test)]
thread_local! {
    /// How many rows [`CsvLogs::log`] has read on this thread: tests see when a log's rows
    /// are read.
    pub(crate) static ROWS_READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Reads a CSV export once through: its header row, then which rows are which pair's. `Err`
/// holds the syntax errors (a wrongly quoted cell, rows of the wrong length); `Ok` with no logs
/// when the file has a header and no rows. No cell is kept but the header's and one pair id
/// per pair.
pub(crate) fn parse_csv<'a>(
    source: SourceId,
    text: &'a str,
    start: usize,
    mapping: &CsvMapping,
) -> Result<CsvLogs<'a>, Vec<SyntaxError>> {
    let mut records = Records::new(text, start);
    let mut header = Vec::new();
    records
        .next_into(&mut header)
        .map_err(|error| vec![error])?;
    let span = |range: &Range<usize>| Span::new(source, range.clone());
    // Each problem with its column, when that column is reported only if a row fills it.
    let mut header_problems: Vec<(Option<usize>, Diagnostic)> = Vec::new();
    let mut columns: Vec<(String, Column, Span)> = Vec::with_capacity(header.len());
    for (index, cell) in header.iter().enumerate() {
        let name = cell.text.as_ref();
        let field = mapping.column_for(name);
        let mut column = resolve(field);
        if column == Column::Ignored {
            let unnamed = name.is_empty().then_some(index);
            header_problems.push((unnamed, unknown_column(name, field, span(&cell.range))));
        } else if let Some((first, _, first_span)) = columns.iter().find(|(_, c, _)| *c == column) {
            header_problems.push((
                None,
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
            ));
            column = Column::Ignored;
        }
        columns.push((name.to_owned(), column, span(&cell.range)));
    }
    let width = header.len();
    let pair_column = columns
        .iter()
        .position(|(_, c, _)| *c == Column::Log("pair"));
    // Rows by pair, in order of first appearance. Rows without a pair cannot be told apart by
    // pair: a run of them (one after another) whose log fields agree is taken as one log, as an
    // export lists a pair's rows together; merging every such row would make one log of many.
    let log_columns: Vec<usize> = (0..width)
        .filter(|&i| matches!(columns[i].1, Column::Log(_)))
        .collect();
    let mut filled = vec![false; width];
    let mut ragged = Vec::new();
    let mut logs: HashMap<(Cow<'a, str>, usize), usize> = HashMap::new();
    // Each row's start and log, in file order.
    let mut rows: Vec<(usize, usize)> = Vec::new();
    let mut run = 0;
    // The log fields of the first row of the current run of rows without a pair.
    let mut run_first: Option<Vec<Cow<'a, str>>> = None;
    let mut row = Vec::with_capacity(width);
    loop {
        let row_start = records.position();
        if !records.next_into(&mut row).map_err(|error| vec![error])? {
            break;
        }
        if row.len() != width {
            ragged.push(ragged_row(text, &row, width));
        }
        // Once a row is ragged, only the syntax errors are reported.
        if !ragged.is_empty() {
            continue;
        }
        for (filled, cell) in filled.iter_mut().zip(&row) {
            *filled |= !cell.text.is_empty();
        }
        let pair = pair_column.map_or(Cow::Borrowed(""), |at| row[at].text.clone());
        if pair.is_empty() {
            let same_log = run_first.as_ref().is_some_and(|first| {
                log_columns.iter().zip(first).all(|(&i, given)| {
                    given.is_empty() || row[i].text.is_empty() || *given == row[i].text
                })
            });
            if !same_log {
                run += 1;
                run_first = Some(log_columns.iter().map(|&i| row[i].text.clone()).collect());
            }
        } else {
            run_first = None;
        }
        let run_key = if pair.is_empty() { run } else { 0 };
        let next = logs.len();
        let log = *logs.entry((pair, run_key)).or_insert(next);
        rows.push((row_start, log));
    }
    if !ragged.is_empty() {
        return Err(ragged);
    }
    // The rows' starts, log after log: a counting sort, which keeps file order within a log.
    let mut log_bounds = vec![0usize; logs.len() + 1];
    for &(_, log) in &rows {
        log_bounds[log + 1] += 1;
    }
    for log in 0..logs.len() {
        log_bounds[log + 1] += log_bounds[log];
    }
    let mut next_slot = log_bounds.clone();
    let mut row_starts = vec![0; rows.len()];
    for (row_start, log) in rows {
        row_starts[next_slot[log]] = row_start;
        next_slot[log] += 1;
    }
    Ok(CsvLogs {
        text,
        mapping: mapping.clone(),
        header_problems: header_problems
            .into_iter()
            .filter(|(unnamed, _)| unnamed.is_none_or(|index| filled[index]))
            .map(|(_, problem)| problem)
            .collect(),
        columns,
        row_starts,
        log_bounds,
        line_starts: OnceLock::new(),
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
pub(super) fn column_name(header: &str, field: &str) -> String {
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

impl<'a> CsvLogs<'a> {
    /// How many logs the rows make.
    pub(crate) fn len(&self) -> usize {
        self.log_bounds.len().saturating_sub(1)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Log `index` (in order of first appearance), read from its own rows: the cells read are
    /// dropped once its tree is built, and no other pair's are read.
    pub(crate) fn log(&self, index: usize) -> Result<CsvLog<'_>, SyntaxError> {
        let from = self.log_bounds.get(index).copied().unwrap_or(0);
        let to = self.log_bounds.get(index + 1).copied().unwrap_or(from);
        let starts = self.row_starts.get(from..to).unwrap_or_default();
        let mut records = Records::new(self.text, 0);
        let mut rows = Vec::with_capacity(starts.len());
        for &start in starts {
            records.seek(start);
            let mut row = Vec::with_capacity(self.columns.len());
            // The first reading found this row whole; a second that does not is a bug here,
            // reported rather than read by the wrong columns.
            if !records.next_into(&mut row)? || row.len() != self.columns.len() {
                return Err(SyntaxError {
                    message: "this row could not be read again as it was read first".to_owned(),
                    range: start..start,
                });
            }
            #[cfg(test)]
            ROWS_READ.with(|read| read.set(read.get() + 1));
            rows.push(row);
        }
        Ok(build_tree(
            self.source,
            self.text,
            &rows,
            &self.columns,
            &self.mapping,
            &self.line_starts,
        ))
    }
}

impl CsvLogs<'_> {
    /// Names the column of a mapped or renamed field in messages about its cells (`cells`, a
    /// log's [`CsvLog::cells`]): `` `date` `` becomes `` column `Session date` (date) ``,
    /// `` `status` `` of the pair's status `` `pair-status` ``; a message about a mapped column's
    /// cell that does not quote the field (a check's finding) gets
    /// `` (column `Outcome`, mapped to outcome) `` after it.
    pub(crate) fn name_columns(&self, cells: &[(usize, usize)], problems: &mut [Diagnostic]) {
        for problem in problems {
            if problem.primary.span.source != self.source {
                continue;
            }
            let start = problem.primary.span.range().start;
            let at = cells.partition_point(|(s, _)| *s < start);
            let Some(&(cell_start, index)) = cells.get(at) else {
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
            if let Some(format) = &self.mapping.date_format
                && matches!(field, "started" | "agreement" | "date")
                && problem.message.ends_with("written YYYY-MM-DD")
            {
                let cut = problem.message.len() - "YYYY-MM-DD".len();
                problem.message.replace_range(cut.., format);
                problem.help = Some(
                    format!("write the date as `date-format` says ({format}), or as YYYY-MM-DD")
                        .into(),
                );
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
    use super::tree::{list, number, typed};
    use super::*;
    use crate::log::tree::Value;
    use crate::source::Sources;

    /// Every log of a read file, each read from its rows.
    fn all_logs<'a>(read: &'a CsvLogs) -> Vec<CsvLog<'a>> {
        (0..read.len())
            .map(|index| read.log(index).expect("rows read again"))
            .collect()
    }

    /// The CSV columns are the contract's fields, as the log reader knows them: a field added
    /// to the contract must get its column (the pair's `status` as `pair-status`; sessions and
    /// answers are rows and `answers.FIELD` columns).
    #[test]
    fn the_columns_are_the_contracts_fields() {
        let log: Vec<&str> = super::super::fields::LOG_FIELDS
            .iter()
            .filter(|f| **f != "sessions")
            .map(|f| if *f == "status" { "pair-status" } else { f })
            .collect();
        let mut columns = LOG_COLUMNS.to_vec();
        let mut expected = log;
        columns.sort_unstable();
        expected.sort_unstable();
        assert_eq!(columns, expected);
        let session: Vec<&str> = super::super::fields::SESSION_FIELDS
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
        let logs = all_logs(&read);
        let sessions: Vec<usize> = logs
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
        assert!(logs.iter().all(|log| log.problems.is_empty()));
    }

    /// Six rows, the first pair's spread over the whole file between the others'.
    const INTERLEAVED: &str = "program,pair,started,number,date\n\
        senior-ic,p1,2025-01-06,1,2025-01-06\n\
        senior-ic,p2,2025-01-07,1,2025-01-07\n\
        senior-ic,p1,,2,2025-01-20\n\
        senior-ic,p3,2025-01-08,1,2025-01-08\n\
        senior-ic,p2,,2,2025-01-21\n\
        senior-ic,p1,,3,2025-02-03\n";

    /// Each log as its pair and its sessions' numbers, in the order given.
    fn pairs_and_sessions(logs: &[crate::log::Log]) -> Vec<(String, Vec<u32>)> {
        logs.iter()
            .map(|log| {
                let pair = log
                    .pair
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_default();
                let numbers = log.sessions.iter().filter_map(|s| s.number.as_ref());
                (pair, numbers.map(|n| n.value).collect())
            })
            .collect()
    }

    #[test]
    fn a_pair_whose_rows_are_spread_among_others_is_one_log_in_first_appearance_order() {
        let mut sources = Sources::new();
        let id = sources.add("t.csv", INTERLEAVED);
        let mut diagnostics = crate::diagnostic::Diagnostics::new();
        let logs =
            crate::log::parse_logs(&sources, id, crate::log::LogFormat::Csv, &mut diagnostics);
        assert_eq!(diagnostics.iter().count(), 0);
        assert_eq!(
            pairs_and_sessions(&logs),
            [
                ("p1".to_owned(), vec![1, 2, 3]),
                ("p2".to_owned(), vec![1, 2]),
                ("p3".to_owned(), vec![1]),
            ]
        );
        let problems: Vec<&str> = logs
            .iter()
            .flat_map(|log| log.problems.iter().map(|p| p.message.as_str()))
            .collect();
        assert!(problems.is_empty(), "{problems:?}");
    }

    /// A log is handed to `visit` once its own rows are read, not the file's: the first pair's
    /// last row is the file's last, yet it is checked when 3 of the 6 rows have been read, and
    /// its cells are gone before the next log's are read. What `visit` returns stays in order
    /// of first appearance.
    #[test]
    fn each_log_is_visited_after_reading_only_its_own_rows() {
        let mut sources = Sources::new();
        let id = sources.add("t.csv", INTERLEAVED);
        // One thread: the logs are then built one after another on it, and its count of rows
        // read is the reader's.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a thread pool");
        let visited = std::sync::Mutex::new(Vec::new());
        let kept = pool.install(|| {
            ROWS_READ.with(|read| read.set(0));
            let mut diagnostics = crate::diagnostic::Diagnostics::new();
            crate::log::parse_logs_map(
                &sources,
                id,
                crate::log::LogFormat::Csv,
                &mut diagnostics,
                &|log, _| {
                    let pair = log.pair.map(|p| p.value).unwrap_or_default();
                    let rows_read = ROWS_READ.with(std::cell::Cell::get);
                    if let Ok(mut visited) = visited.lock() {
                        visited.push((pair.clone(), rows_read));
                    }
                    pair
                },
            )
        });
        let visited = visited.into_inner().unwrap_or_default();
        assert_eq!(
            visited,
            [
                ("p1".to_owned(), 3),
                ("p2".to_owned(), 5),
                ("p3".to_owned(), 6)
            ]
        );
        assert_eq!(kept, ["p1", "p2", "p3"]);
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
                text: decoded.into(),
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
        let cell = |text: &'static str| Cell {
            range: 0..text.len(),
            text: text.into(),
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
                    for log in &all_logs(&read) {
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
