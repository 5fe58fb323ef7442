//! Finding and reading log files: directories searched recursively in sorted order, `-` for
//! standard input, every file registered in [`Sources`] (even one that could not be read, so
//! its diagnostic has a location).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Log, LogFormat, parse_logs_map};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::{self, SourceId, Sources, Span};

/// A log file that was read and registered, with the format to parse it as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogInput {
    pub source: SourceId,
    pub format: LogFormat,
}

/// What a path on the command line stands for.
enum Origin {
    Stdin,
    File(PathBuf),
}

/// Reads every log file the paths name: a file as given, a directory searched recursively
/// for `*.toml`, `*.json` and `*.jsonl` (in sorted order, so output is deterministic), `-` for
/// standard input (its format sniffed from the text, as for a file with another extension).
/// Unreadable files get `F001`, files that are not UTF-8 `F002`.
pub fn collect_log_inputs(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<LogInput> {
    let mut origins = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            origins.push(Origin::Stdin);
        } else if source::is_directory(path) {
            // `mentor.toml` configures the run: a walk never reads it as a log.
            let (found, errors) = source::find_files(path, &|p| {
                LogFormat::from_extension(p).is_some()
                    && p.file_name() != Some(crate::config::CONFIG_FILE.as_ref())
            });
            for (dir, error) in errors {
                unreadable(sources, diagnostics, &dir, &error);
            }
            // A mistyped or empty directory in CI must not pass as "no problems".
            if found.is_empty() {
                let name = path.display().to_string();
                let id = sources.add(name.clone(), "");
                diagnostics.push(Diagnostic::new(
                    &rules::UNREADABLE_FILE,
                    format!("no log file (`.toml`, `.json`, `.jsonl`) in directory `{name}`"),
                    Label::bare(Span::new(id, 0..0)),
                ));
            }
            origins.extend(found.into_iter().map(Origin::File));
        } else {
            origins.push(Origin::File(path.clone()));
        }
    }
    // A file named twice (or inside a directory also named) is read once: the same log twice
    // would be a pair with two logs (`L034`) and count double in a report.
    let mut seen = std::collections::HashSet::new();
    origins.retain(|origin| match origin {
        Origin::Stdin => true,
        Origin::File(path) => seen.insert(source::canonical(path)),
    });
    // Files are read in parallel (many small logs), then registered in order.
    let mut contents: Vec<Option<std::io::Result<Vec<u8>>>> = origins
        .par_iter()
        .map(|origin| match origin {
            Origin::Stdin => None,
            Origin::File(path) => Some(source::read_bytes(path)),
        })
        .collect();
    let mut inputs = Vec::with_capacity(origins.len());
    for (origin, read) in origins.into_iter().zip(contents.iter_mut()) {
        let (registered, extension_format) = match origin {
            Origin::Stdin => {
                let bytes = match source::read_stdin() {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        unreadable(sources, diagnostics, Path::new("<stdin>"), &error);
                        continue;
                    }
                };
                (source::decode(bytes, "<stdin>", sources), None)
            }
            Origin::File(path) => {
                let name = path.display().to_string();
                let read = read.take().unwrap_or_else(|| source::read_bytes(&path));
                (
                    source::register_read(&path, &name, read, sources),
                    LogFormat::from_extension(&path),
                )
            }
        };
        match registered {
            Ok(id) => inputs.push(LogInput {
                source: id,
                format: extension_format.unwrap_or_else(|| LogFormat::sniff(sources.text(id))),
            }),
            Err(diagnostic) => diagnostics.push(*diagnostic),
        }
    }
    inputs
}

/// Parses the inputs, in order.
pub fn load_inputs(
    inputs: &[LogInput],
    sources: &Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<Log> {
    load_inputs_map(inputs, sources, diagnostics, &|log, _| log)
}

/// [`load_inputs`], handing each log to `visit` as it is built (see [`parse_logs_map`]).
pub fn load_inputs_map<T: Send>(
    inputs: &[LogInput],
    sources: &Sources,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<T> {
    // Files are parsed in parallel; logs and diagnostics come out in input order.
    let parsed: Vec<(Vec<T>, Diagnostics)> = inputs
        .par_iter()
        .map(|input| {
            let mut found = Diagnostics::new();
            let logs = parse_logs_map(sources, input.source, input.format, &mut found, visit);
            (logs, found)
        })
        .collect();
    let mut logs = Vec::new();
    for (found_logs, found) in parsed {
        logs.extend(found_logs);
        diagnostics.extend(found);
    }
    logs
}

/// [`collect_log_inputs`] then [`load_inputs`].
pub fn load_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<Log> {
    let inputs = collect_log_inputs(paths, sources, diagnostics);
    load_inputs(&inputs, sources, diagnostics)
}

fn unreadable(
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
    path: &Path,
    error: &std::io::Error,
) {
    let name = path.display().to_string();
    diagnostics.push(source::unreadable(sources, &name, &error.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_searched_recursively_in_sorted_order() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("b"))?;
        std::fs::write(dir.path().join("b/z.toml"), "x = 1")?;
        std::fs::write(dir.path().join("a.jsonl"), "")?;
        std::fs::write(dir.path().join("c.json"), "{}")?;
        std::fs::write(dir.path().join("notes.md"), "not a log")?;
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let inputs =
            collect_log_inputs(&[dir.path().to_path_buf()], &mut sources, &mut diagnostics);
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                Path::new(sources.name(i.source))
                    .strip_prefix(dir.path())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(names, ["a.jsonl", "b/z.toml", "c.json"]);
        assert!(diagnostics.is_empty());
        Ok(())
    }

    #[test]
    fn a_missing_file_is_f001_with_a_location() {
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let inputs = collect_log_inputs(
            &[PathBuf::from("/nonexistent/pair-1.toml")],
            &mut sources,
            &mut diagnostics,
        );
        assert!(inputs.is_empty());
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code()).collect();
        assert_eq!(codes, ["F001"]);
        assert_eq!(sources.len(), 1);
    }

    #[test]
    fn non_utf8_is_f002_at_the_first_bad_byte() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("latin1.toml");
        std::fs::write(&path, b"program = \"senior-ic\"\npair = \"caf\xe9\"\n")?;
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let inputs = collect_log_inputs(&[path], &mut sources, &mut diagnostics);
        assert!(inputs.is_empty());
        let diagnostic = diagnostics.iter().next().expect("one diagnostic");
        assert_eq!(diagnostic.code(), "F002");
        assert!(
            diagnostic.message.contains("offset 33"),
            "{}",
            diagnostic.message
        );
        let position = sources.line_column(diagnostic.primary.span);
        assert_eq!((position.line, position.column), (2, 12));
        Ok(())
    }
}
