//! Reading the logs out of one registered file, whatever its format: a deferred file is read
//! here, each format goes to its parser (a clean TOML or JSON log to its direct reader), and
//! every log is handed to the caller's `visit` as it is built.

use rayon::prelude::*;

use super::{CsvMapping, Log, LogFormat, build, csv, direct, direct_toml, json_lines, tree, yaml};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::{SourceId, Sources, Span};

/// Parses the logs in a source already registered in `sources`. Files that hold no log are
/// reported in `diagnostics` (`F003`); shape problems of a log go into its `problems`.
pub fn parse_logs(
    sources: &Sources,
    source: SourceId,
    format: LogFormat,
    diagnostics: &mut Diagnostics,
) -> Vec<Log> {
    parse_logs_map(sources, source, format, diagnostics, &|log, _| log)
}

/// [`parse_logs`], handing each log to `visit` as soon as it is built (on the thread that built
/// it, for JSON Lines records) and keeping only what `visit` returns. `mentor validate` checks
/// each log here and keeps a small summary, so a cohort file's logs never all sit in memory.
pub fn parse_logs_map<T: Send>(
    sources: &Sources,
    source: SourceId,
    format: LogFormat,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<T> {
    parse_logs_mapped(
        sources,
        source,
        format,
        &CsvMapping::default(),
        diagnostics,
        visit,
    )
}

/// [`parse_logs_map`], a CSV export read with `csv`'s column names and date format.
pub fn parse_logs_mapped<T: Send>(
    sources: &Sources,
    source: SourceId,
    format: LogFormat,
    csv: &CsvMapping,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<T> {
    if sources.get(source).streamed_path().is_some() {
        return json_lines::read_streamed(sources, source, diagnostics, visit);
    }
    let Some(path) = sources.get(source).deferred_path() else {
        return parse_text_mapped(
            sources,
            source,
            sources.text(source),
            format,
            csv,
            diagnostics,
            visit,
        );
    };
    // A deferred file is read here, where its logs are checked. Its text is kept when they
    // have findings (the report shows it), and dropped otherwise.
    let file = sources.get(source);
    match crate::source::read_bytes(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let before = diagnostics.len();
                let logs =
                    parse_text_mapped(sources, source, &text, format, csv, diagnostics, visit);
                if diagnostics.len() > before {
                    sources.keep_deferred_text(source, text);
                } else {
                    file.record_deferred_read(text.as_bytes());
                }
                logs
            }
            Err(error) => {
                file.record_deferred_read(error.as_bytes());
                let offset = error.utf8_error().valid_up_to();
                let byte = error.as_bytes().get(offset).copied().unwrap_or(0);
                let name = sources.name(source);
                diagnostics.push(crate::source::not_utf8(source, name, offset, byte));
                Vec::new()
            }
        },
        Err(error) => {
            let reason = if crate::source::is_directory(path) {
                "it is a directory".to_owned()
            } else {
                error.to_string()
            };
            let name = sources.name(source);
            diagnostics.push(crate::source::cannot_read(source, name, &reason));
            Vec::new()
        }
    }
}

/// The logs of `text`, the text of the file `source` (as read, or read for the call), in
/// `format`, each handed to `visit`.
fn parse_text_mapped<T: Send>(
    sources: &Sources,
    source: SourceId,
    text: &str,
    format: LogFormat,
    csv: &CsvMapping,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<T> {
    let mut logs = Vec::new();
    match format {
        LogFormat::Toml => {
            // A byte-order mark alone is an empty file too, as in the other formats.
            if text.trim_start_matches('\u{feff}').trim().is_empty() {
                diagnostics.push(empty_file(sources, source));
                return logs;
            }
            // Most logs are clean, built with no table between; the others are judged by the
            // builder, from the tree.
            if let Some(log) = direct_toml::clean_log(source, text) {
                logs.push(visit(log, diagnostics));
                return logs;
            }
            match tree::parse_toml(source, text) {
                Ok(root) => logs.extend(
                    build::build_log(source, format, root, diagnostics)
                        .map(|log| visit(log, diagnostics)),
                ),
                Err(errors) => {
                    for error in errors {
                        diagnostics.push(syntax_error(source, "TOML", error));
                    }
                }
            }
        }
        LogFormat::Json => {
            let after_bom = byte_order_mark_len(text);
            let start = text.len() - text[after_bom..].trim_start().len();
            if start == text.len() {
                diagnostics.push(empty_file(sources, source));
                return logs;
            }
            // A clean log is built with no value tree between (see `direct`).
            if let Some(log) = direct::clean_log(source, &text[start..], start) {
                logs.push(visit(log, diagnostics));
                return logs;
            }
            match tree::parse_json(source, &text[start..], start) {
                // A list of logs, the shape most platforms export: each element is a log, read
                // as a JSON Lines record is (in parallel, file order kept).
                Ok(tree::Node {
                    value: tree::Value::Array(items),
                    span,
                }) => {
                    if items.is_empty() {
                        diagnostics.push(empty_list(span));
                    }
                    let built: Vec<(Option<T>, Diagnostics)> = items
                        .into_par_iter()
                        .map(|item| {
                            let mut found = Diagnostics::new();
                            let log = build::build_log(source, format, item, &mut found)
                                .map(|log| visit(log, &mut found));
                            (log, found)
                        })
                        .collect();
                    for (log, found) in built {
                        logs.extend(log);
                        diagnostics.extend(found);
                    }
                }
                Ok(root) => logs.extend(
                    build::build_log(source, format, root, diagnostics)
                        .map(|log| visit(log, diagnostics)),
                ),
                Err(error) => diagnostics.push(syntax_error(source, "JSON", error)),
            }
        }
        LogFormat::Yaml => match yaml::parse_yaml(source, text) {
            Ok(documents) => {
                // An empty document (a stream ending in `---`, as joined exports often do)
                // holds no log and is no mistake; `~` written out is still a value.
                let documents: Vec<tree::Node> = documents
                    .into_iter()
                    .filter(|root| {
                        !(matches!(root.value, tree::Value::Null) && root.span.range().is_empty())
                    })
                    .collect();
                if documents.is_empty() {
                    diagnostics.push(empty_file(sources, source));
                }
                for root in documents {
                    let roots = match root.value {
                        // A list of logs, as in JSON.
                        tree::Value::Array(items) if items.is_empty() => {
                            diagnostics.push(empty_list(root.span));
                            Vec::new()
                        }
                        tree::Value::Array(items) => items,
                        _ => vec![root],
                    };
                    for root in roots {
                        logs.extend(
                            build::build_log(source, format, root, diagnostics)
                                .map(|log| visit(log, diagnostics)),
                        );
                    }
                }
            }
            Err(error) => diagnostics.push(syntax_error(source, "YAML", error)),
        },
        LogFormat::Csv => {
            parse_csv_logs(sources, source, text, csv, diagnostics, visit, &mut logs);
        }
        LogFormat::JsonLines => {
            let records = json_lines::records(text, byte_order_mark_len(text), 0);
            let no_records = records.is_empty();
            for parsed in json_lines::parse_records(source, records, false, visit) {
                logs.extend(parsed.log);
                diagnostics.extend(parsed.found);
            }
            if no_records {
                diagnostics.push(empty_file(sources, source));
            }
        }
    }
    logs
}

/// The logs of a CSV export, one per pair, each handed to `visit`. Problems with the header row
/// (an unknown column) go with the first log, so they are reported once and take the program's
/// severities; with no rows at all, the file holds no log.
fn parse_csv_logs<T: Send>(
    sources: &Sources,
    source: SourceId,
    text: &str,
    mapping: &CsvMapping,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
    logs: &mut Vec<T>,
) {
    let start = byte_order_mark_len(text);
    if text[start..].trim().is_empty() {
        diagnostics.push(empty_file(sources, source));
        return;
    }
    let read = match csv::parse_csv(source, text, start, mapping) {
        Ok(read) => read,
        Err(errors) => {
            for error in errors {
                diagnostics.push(syntax_error(source, "CSV", error));
            }
            return;
        }
    };
    let mut read = read;
    if read.is_empty() {
        for problem in std::mem::take(&mut read.header_problems) {
            diagnostics.push(problem);
        }
        diagnostics.push(
            Diagnostic::new(
                &rules::UNPARSEABLE_LOG,
                format!(
                    "`{}` has a header row and no rows: it holds no log",
                    sources.name(source)
                ),
                Label::new(Span::new(source, 0..0), "only the header row"),
            )
            .with_help("a CSV export has one row per session below its header row"),
        );
        return;
    }
    // Pairs are independent logs, each read from its own rows, built and checked in parallel
    // as JSON list elements are; only what `visit` keeps outlives a log's cells.
    let read = &read;
    let built: Vec<(Option<T>, Diagnostics)> = (0..read.len())
        .into_par_iter()
        .map(|index| {
            let mut found = Diagnostics::new();
            let group = match read.log(index) {
                Ok(group) => group,
                Err(error) => {
                    found.push(syntax_error(source, "CSV", error));
                    return (None, found);
                }
            };
            let cells = group.cells;
            let log =
                build::build_log(source, LogFormat::Csv, group.root, &mut found).map(|mut log| {
                    log.problems.extend(group.problems);
                    if index == 0 {
                        log.problems.extend(read.header_problems.iter().cloned());
                    }
                    read.name_columns(&cells, &mut log.problems);
                    log.unread_values.extend(group.private_cells);
                    // What checking the log finds about a mapped column's cell names it too.
                    let first = found.len();
                    let visited = visit(log, &mut found);
                    read.name_columns(&cells, found.since_mut(first));
                    visited
                });
            (log, found)
        })
        .collect();
    for (log, found) in built {
        logs.extend(log);
        diagnostics.extend(found);
    }
}

/// The length of a byte-order mark at the start of `text` (Excel and many exporters write
/// one before JSON as before CSV), else 0. TOML's parser skips it on its own.
pub(super) fn byte_order_mark_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    }
}

pub(super) fn empty_file(sources: &Sources, source: SourceId) -> Diagnostic {
    Diagnostic::new(
        &rules::UNPARSEABLE_LOG,
        format!("`{}` is empty: it holds no log", sources.name(source)),
        Label::new(Span::new(source, 0..0), "nothing here"),
    )
    .with_help("a log names at least its `program`, `pair` and `started` date")
}

/// `[]`: a JSON list of logs with none in it, like an empty file.
fn empty_list(span: Span) -> Diagnostic {
    Diagnostic::new(
        &rules::UNPARSEABLE_LOG,
        "the list is empty: it holds no log",
        Label::new(span, "an empty list"),
    )
    .with_help("a log file holds one log, or a list of them")
}

pub(super) fn syntax_error(
    source: SourceId,
    language: &str,
    error: tree::SyntaxError,
) -> Diagnostic {
    Diagnostic::new(
        &rules::UNPARSEABLE_LOG,
        format!("the log is not valid {language}: {}", error.message),
        Label::new(Span::new(source, error.range), "cannot be read from here"),
    )
}
