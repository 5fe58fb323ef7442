//! Finding and reading log files: directories walked as git would see them, in sorted order,
//! never reading another tool's manifest ([`NOT_LOGS`]), `-` for standard input, every file registered in [`Sources`] (even one that could not be read, so
//! its diagnostic has a location).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{CsvMapping, Log, LogFormat, parse_logs_mapped};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::{self, SourceId, Sources, Span};

/// A log file that was read and registered, with the format to parse it as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogInput {
    pub source: SourceId,
    pub format: LogFormat,
}

/// What a path on the command line stands for: standard input, or a file to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogPath {
    Stdin,
    File(PathBuf),
}

/// Files a directory walk never reads as logs, at any depth, though they end in `.toml` or
/// `.json`: the manifests and settings of other tools, which sit beside logs in a repository
/// (a `package.json` read as a log is an `L004` "the log has no `program`" that nobody can fix), and
/// `mentor.toml`, `mentor`'s own configuration. A file named on the command line is read
/// whatever its name.
pub const NOT_LOGS: &[&str] = &[
    "mentor.toml",
    // The exceptions file found by name, and the name the docs suggest for a baseline.
    "mentor-exceptions.toml",
    "mentor-baseline.toml",
    // JavaScript and TypeScript.
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "tsconfig.json",
    "jsconfig.json",
    "deno.json",
    "composer.json",
    // Python and Rust.
    "pyproject.toml",
    "ruff.toml",
    "Cargo.toml",
    "rustfmt.toml",
    "clippy.toml",
    "rust-toolchain.toml",
    // Hosting.
    "netlify.toml",
    "vercel.json",
    // YAML: CI, containers, documentation sites, lock files.
    "action.yml",
    "action.yaml",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yml",
    "compose.yaml",
    "mkdocs.yml",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    "environment.yml",
    "codecov.yml",
    "dependabot.yml",
];

/// What a roster's file name ends with, so a walk for logs leaves it out: `cohort.roster.csv`,
/// `cohort.roster.json` (`mentor match --roster` reads any name).
pub(crate) const ROSTER_SUFFIXES: &[&str] = &[".roster.csv", ".roster.json"];

/// Whether a walk reads `path` as a log: its extension is a log's, and its name is not one of
/// [`NOT_LOGS`] nor a roster's ([`ROSTER_SUFFIXES`]).
fn is_walked_log(path: &Path) -> bool {
    // The name answers both questions: found once in the path (each search parses it).
    let Some(name) = path.file_name() else {
        return false;
    };
    LogFormat::from_extension(Path::new(name)).is_some()
        && !name.to_str().is_some_and(|name| {
            NOT_LOGS.contains(&name) || ROSTER_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        })
}

/// The log files the paths name, in order, without reading them: a file as given (whatever its
/// name or the ignore files say), a directory walked for `*.toml`, `*.json`, `*.jsonl`, `*.yaml`,
/// `*.yml` and `*.csv` as
/// [`source::find_files`] walks it (hidden and ignored files, other tools' dependency
/// directories and `walk`'s globs left out; sorted, so output is deterministic) but for the
/// files of [`NOT_LOGS`] and those `walk` reads otherwise, `-` for standard input. A file named
/// twice (or inside a directory also named) is listed once. An unreadable directory, and one
/// that holds no log file, are `F001`.
pub fn find_log_paths(
    paths: &[PathBuf],
    walk: &source::WalkOptions,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<LogPath> {
    // Each file with its canonical path (none for standard input).
    let mut origins: Vec<(LogPath, Option<PathBuf>)> = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            origins.push((LogPath::Stdin, None));
        } else if source::is_directory(path) {
            let (found, errors) = source::find_files_with_identity(path, walk, &is_walked_log);
            for (dir, error) in errors {
                unreadable(sources, diagnostics, &dir, &error);
            }
            // A mistyped or empty directory in CI must not pass as "no problems".
            if found.is_empty() && !walk.allows_empty_directories() {
                let name = path.display().to_string();
                let id = sources.add(name.clone(), "");
                diagnostics.push(
                    Diagnostic::new(
                        &rules::UNREADABLE_FILE,
                        format!("no log file (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml`, `.csv`) in directory `{name}`"),
                        Label::bare(Span::new(id, 0..0)),
                    )
                    .with_help(
                        "a directory walk skips hidden files, what `.gitignore`, `.ignore` and \
                     `--exclude` leave out, and other tools' files (`package.json`, …); name a \
                     file to read it anyway",
                    ),
                );
            }
            origins.extend(
                found
                    .into_iter()
                    .filter(|(file, _)| !walk.is_read_otherwise(file))
                    .map(|(file, identity)| (LogPath::File(file), Some(identity))),
            );
        } else {
            origins.push((LogPath::File(path.clone()), Some(source::canonical(path))));
        }
    }
    // A file named twice (or inside a directory also named) is read once: the same log twice
    // would be a pair with two logs (`L034`) and count double in a report.
    // (Borrowed, not copied: a cohort has tens of thousands. Hashed by foldhash: std's SipHash
    // was a tenth of the walk.)
    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
        origins.len(),
        foldhash::fast::RandomState::default(),
    );
    let first: Vec<bool> = origins
        .iter()
        .map(|(_, identity)| identity.as_ref().is_none_or(|i| seen.insert(i.as_path())))
        .collect();
    origins
        .into_iter()
        .zip(first)
        .filter(|(_, first)| *first)
        .map(|((origin, _), _)| origin)
        .collect()
}

/// Reads every log file [`find_log_paths`] finds, registering each in `sources` with the
/// format to parse it as (a file's by its extension; standard input's, or a file's with another
/// extension, sniffed from the text). Unreadable files get `F001`, files that are not UTF-8
/// `F002`.
pub fn collect_log_inputs(
    paths: &[PathBuf],
    walk: &source::WalkOptions,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<LogInput> {
    collect_inputs(paths, walk, Reading::Whole, sources, diagnostics)
}

/// [`collect_log_inputs`], registering `.jsonl` files without reading them: they are read in a
/// stream when loaded, and only the lines the findings need are kept afterwards
/// ([`super::keep_lines_for`], which a run that renders findings must call first).
pub fn collect_log_inputs_streaming(
    paths: &[PathBuf],
    walk: &source::WalkOptions,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<LogInput> {
    collect_inputs(paths, walk, Reading::Streamed, sources, diagnostics)
}

/// [`collect_log_inputs_streaming`], registering the other log files without reading them
/// either: each is read where its logs are checked, its text kept when they have findings
/// (within [`source::KEPT_TEXT_BYTES`]) and dropped otherwise. A run must call
/// [`read_again_for`] once its findings are known, before any is rendered: it gives each file
/// a finding points into its text, kept or read again. `mentor validate`'s reading: a directory
/// of 19,100 logs is never held whole.
pub fn collect_log_inputs_deferred(
    paths: &[PathBuf],
    walk: &source::WalkOptions,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<LogInput> {
    collect_inputs(paths, walk, Reading::Deferred, sources, diagnostics)
}

/// How [`collect_inputs`] reads the files it finds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    Whole,
    /// JSON Lines files in a stream, the others whole.
    Streamed,
    /// JSON Lines files in a stream, the others where their logs are checked.
    Deferred,
}

/// Gives each deferred file a finding (or a finding's other label) points into its text: the
/// text kept when it was checked, or else the file read again, when its bytes are the ones
/// checked (masked as a file read whole is when they are not UTF-8). A file read again that
/// changed in between, or cannot be read now, gets no text: its findings' places belong to the
/// text checked, which is gone. Returns the names of those files, for a note.
pub fn read_again_for<'d>(
    sources: &mut Sources,
    inputs: &[LogInput],
    findings: impl IntoIterator<Item = &'d Diagnostic>,
) -> Vec<String> {
    let mut wanted: std::collections::BTreeMap<SourceId, Option<&'d Diagnostic>> =
        std::collections::BTreeMap::new();
    for finding in findings {
        for label in std::iter::once(&finding.primary).chain(&finding.secondary) {
            let id = label.span.source;
            if sources.get(id).deferred_path().is_some() {
                let not_utf8 = (finding.rule == &rules::NOT_UTF8).then_some(finding);
                let entry = wanted.entry(id).or_insert(None);
                if entry.is_none() {
                    *entry = not_utf8;
                }
            }
        }
    }
    /// What a deferred file holds now.
    enum Now {
        /// It could not be read when checked (`F001`): nothing to show.
        NotReadThen,
        /// Its bytes are not the ones checked, or it cannot be read now.
        Changed,
        /// What was checked: the file, indexed.
        Text(source::SourceFile),
        /// Not UTF-8 (as when checked): its text with each bad byte replaced.
        NotUtf8(String),
    }
    // A text kept for findings that are all gone (left out by `--ignore`, or by a baseline) is
    // not held to the end.
    for input in inputs {
        if !wanted.contains_key(&input.source) {
            sources.forget_kept_text(input.source);
        }
    }
    // Most were kept when checked (their checks found something): those are not read again.
    let wanted: Vec<(SourceId, Option<&Diagnostic>, Option<String>)> = wanted
        .into_iter()
        .map(|(id, not_utf8)| (id, not_utf8, sources.take_kept_text(id)))
        .collect();
    // Read (or indexed) on every core (a directory of logs has thousands with findings), then
    // filled in in order.
    let read: Vec<(SourceId, Option<&Diagnostic>, Now)> = wanted
        .into_par_iter()
        .filter_map(|(id, not_utf8, kept)| {
            let file = sources.get(id);
            let path = file.deferred_path()?;
            let now = if let Some(text) = kept {
                Now::Text(source::SourceFile::indexed(file.name().to_owned(), text))
            } else if !file.was_deferred_read() {
                Now::NotReadThen
            } else {
                let bytes = source::read_bytes(path).unwrap_or_default();
                if !file.is_deferred_read(&bytes) {
                    Now::Changed
                } else {
                    match String::from_utf8(bytes) {
                        Ok(text) => {
                            Now::Text(source::SourceFile::indexed(file.name().to_owned(), text))
                        }
                        Err(error) => {
                            Now::NotUtf8(String::from_utf8_lossy(error.as_bytes()).into_owned())
                        }
                    }
                }
            };
            Some((id, not_utf8, now))
        })
        .collect();
    let mut changed = Vec::new();
    for (id, not_utf8, now) in read {
        match now {
            Now::NotReadThen => sources.fill_deferred(id, String::new()),
            Now::Changed => {
                changed.push(sources.name(id).to_owned());
                sources.fill_deferred(id, String::new());
            }
            Now::Text(file) => sources.fill_deferred_with(id, file),
            Now::NotUtf8(text) => {
                sources.fill_deferred(id, text);
                let format = inputs
                    .iter()
                    .find(|input| input.source == id)
                    .map(|input| input.format);
                match not_utf8 {
                    Some(finding) => super::mask_undecoded(sources, finding, format),
                    None => {
                        let whole = 0..sources.text(id).len();
                        sources.mask_ranges(id, &[whole]);
                    }
                }
            }
        }
    }
    changed
}

/// How many of `inputs` were read: a file that could not be read or is not UTF-8 (registered
/// when it was deferred, left out when read whole) is not counted.
pub fn inputs_read(inputs: &[LogInput], diagnostics: &Diagnostics) -> usize {
    let failed: std::collections::HashSet<SourceId> = diagnostics
        .iter()
        .filter(|d| d.rule == &rules::UNREADABLE_FILE || d.rule == &rules::NOT_UTF8)
        .map(|d| d.primary.span.source)
        .collect();
    inputs
        .iter()
        .filter(|input| !failed.contains(&input.source))
        .count()
}

fn collect_inputs(
    paths: &[PathBuf],
    walk: &source::WalkOptions,
    reading: Reading,
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<LogInput> {
    let origins = find_log_paths(paths, walk, sources, diagnostics);
    // Each file's format by its extension, found once.
    let extension_formats: Vec<Option<LogFormat>> = origins
        .iter()
        .map(|origin| match origin {
            LogPath::File(path) => LogFormat::from_extension(path),
            LogPath::Stdin => None,
        })
        .collect();
    let streams = |format: Option<LogFormat>| {
        reading != Reading::Whole && format == Some(LogFormat::JsonLines)
    };
    // A file whose extension names its format needs no look at its text to be registered.
    let defers = |format: Option<LogFormat>| reading == Reading::Deferred && format.is_some();
    // Files are read in parallel (many small logs), then registered in order.
    let mut contents: Vec<Option<std::io::Result<Vec<u8>>>> = origins
        .par_iter()
        .zip(&extension_formats)
        .map(|(origin, &format)| match origin {
            LogPath::File(path) if !streams(format) && !defers(format) => {
                Some(source::read_bytes(path))
            }
            _ => None,
        })
        .collect();
    let mut inputs = Vec::with_capacity(origins.len());
    for ((origin, read), extension_format) in origins
        .into_iter()
        .zip(contents.iter_mut())
        .zip(extension_formats)
    {
        if streams(extension_format)
            && let LogPath::File(path) = origin
        {
            let name = path.display().to_string();
            inputs.push(LogInput {
                source: sources.add_streamed(name, path),
                format: LogFormat::JsonLines,
            });
            continue;
        }
        if defers(extension_format)
            && let LogPath::File(path) = origin
        {
            let name = path.display().to_string();
            if let Some(format) = extension_format {
                inputs.push(LogInput {
                    source: sources.add_deferred(name, path),
                    format,
                });
            }
            continue;
        }
        let (registered, extension_format) = match origin {
            LogPath::Stdin => {
                let bytes = match source::read_stdin() {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        unreadable(sources, diagnostics, Path::new("<stdin>"), &error);
                        continue;
                    }
                };
                (source::decode(bytes, "<stdin>", sources), None)
            }
            LogPath::File(path) => {
                let name = path.display().to_string();
                let read = read.take().unwrap_or_else(|| source::read_bytes(&path));
                (
                    source::register_read(&path, &name, read, sources),
                    extension_format,
                )
            }
        };
        match registered {
            Ok(id) => inputs.push(LogInput {
                source: id,
                format: extension_format.unwrap_or_else(|| LogFormat::sniff(sources.text(id))),
            }),
            Err(diagnostic) => {
                super::mask_undecoded(sources, &diagnostic, extension_format);
                diagnostics.push(*diagnostic);
            }
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
    load_inputs_mapped(inputs, &CsvMapping::default(), sources, diagnostics, visit)
}

/// [`load_inputs_map`], CSV exports read with `csv`'s column names and date format
/// (`mentor.toml`'s `[csv]`, or `--csv-map`).
pub fn load_inputs_mapped<T: Send>(
    inputs: &[LogInput],
    csv: &CsvMapping,
    sources: &Sources,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<T> {
    // Files are parsed in parallel; logs and diagnostics come out in input order.
    let parsed: Vec<(Vec<T>, Diagnostics)> = inputs
        .par_iter()
        .map(|input| {
            let mut found = Diagnostics::new();
            let logs =
                parse_logs_mapped(sources, input.source, input.format, csv, &mut found, visit);
            (logs, found)
        })
        .collect();
    // Sized once; the first file's list is taken as it is, so a run over one cohort file
    // never holds its logs twice.
    let total: usize = parsed.iter().map(|(found_logs, _)| found_logs.len()).sum();
    let mut logs = Vec::new();
    for (found_logs, found) in parsed {
        if logs.is_empty() {
            logs = found_logs;
            logs.reserve_exact(total - logs.len());
        } else {
            logs.extend(found_logs);
        }
        diagnostics.extend(found);
    }
    logs
}

/// [`collect_log_inputs`], with no glob excluded, then [`load_inputs`].
pub fn load_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<Log> {
    let inputs = collect_log_inputs(paths, &source::WalkOptions::new(), sources, diagnostics);
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

    /// The log files in `dir`, registered deferred (unread), as `validate` registers them.
    fn deferred_in(dir: &Path) -> (Sources, Diagnostics, Vec<LogInput>) {
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let inputs = collect_log_inputs_deferred(
            &[dir.to_path_buf()],
            &source::WalkOptions::new(),
            &mut sources,
            &mut diagnostics,
        );
        (sources, diagnostics, inputs)
    }

    /// A finding at the start of the file `source`.
    fn finding(source: SourceId) -> Diagnostic {
        Diagnostic::new(
            &rules::UNPARSEABLE_LOG,
            "a finding",
            Label::new(Span::new(source, 0..1), "here"),
        )
    }

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
        let inputs = collect_log_inputs(
            &[dir.path().to_path_buf()],
            &source::WalkOptions::new(),
            &mut sources,
            &mut diagnostics,
        );
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
            &source::WalkOptions::new(),
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
        let inputs = collect_log_inputs(
            &[path],
            &source::WalkOptions::new(),
            &mut sources,
            &mut diagnostics,
        );
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

    /// A deferred file is read where it is checked, and read again only for a finding: as it
    /// was, or masked whole when it changed in between.
    #[test]
    fn a_deferred_file_is_read_again_only_for_a_finding_and_only_as_it_was() -> std::io::Result<()>
    {
        let dir = tempfile::tempdir()?;
        let log = |n: u32| {
            format!(
                "program = \"p\"\npair = \"p{n}\"\nstarted = 2025-01-06\ntakeaway = \"words {n}\"\n"
            )
        };
        for n in 1..=3 {
            std::fs::write(dir.path().join(format!("p{n}.toml")), log(n))?;
        }
        let (mut sources, mut diagnostics, inputs) = deferred_in(dir.path());
        assert_eq!(inputs.len(), 3);
        assert!(inputs.iter().all(|i| sources.text(i.source).is_empty()));
        let logs = load_inputs(&inputs, &sources, &mut diagnostics);
        assert_eq!(logs.len(), 3);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        // A finding in p1, and p2 changed since it was checked.
        std::fs::write(dir.path().join("p2.toml"), log(22))?;
        let findings = [finding(inputs[0].source), finding(inputs[1].source)];
        let changed = read_again_for(&mut sources, &inputs, &findings);
        assert_eq!(sources.text(inputs[0].source), log(1));
        assert_eq!(
            sources.text(inputs[1].source),
            "",
            "nothing of a changed file is shown"
        );
        assert_eq!(changed, [sources.name(inputs[1].source).to_owned()]);
        assert!(
            sources.text(inputs[2].source).is_empty(),
            "no finding, not read again"
        );
        Ok(())
    }

    #[test]
    fn past_the_kept_bytes_a_file_is_read_again_and_a_text_no_finding_needs_goes()
    -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        for n in 1..=3 {
            std::fs::write(
                dir.path().join(format!("p{n}.toml")),
                format!("pair = \"p{n}\"\n"),
            )?;
        }
        let (mut sources, _, inputs) = deferred_in(dir.path());
        let [first, second, third] = [0, 1, 2].map(|n| inputs[n].source);
        // What the checks of three files with findings read: the first and the third fill what
        // a run keeps, so the second's is hashed and read again for its finding.
        sources.keep_deferred_text(third, "third".to_owned());
        let big = "a".repeat(source::KEPT_TEXT_BYTES - "third".len());
        sources.keep_deferred_text(first, big.clone());
        sources.keep_deferred_text(second, "pair = \"p2\"\n".to_owned());
        std::fs::write(dir.path().join("p2.toml"), "pair = \"changed\"\n")?;
        // The third file's finding was left out (`--ignore`, a baseline).
        let changed = read_again_for(&mut sources, &inputs, &[finding(first), finding(second)]);
        assert!(sources.text(first) == big, "the kept text, not the file");
        assert_eq!(sources.text(second), "", "read again, and changed");
        assert_eq!(changed, [sources.name(second).to_owned()]);
        assert_eq!(sources.text(third), "");
        assert_eq!(sources.take_kept_text(third), None, "not held to the end");
        Ok(())
    }

    #[test]
    fn a_deferred_file_with_findings_when_checked_keeps_the_text_checked() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let broken = "program = \"p\"\npair = \"p1\"\nstarted = \n";
        std::fs::write(dir.path().join("p1.toml"), broken)?;
        let (mut sources, mut diagnostics, inputs) = deferred_in(dir.path());
        let logs = load_inputs(&inputs, &sources, &mut diagnostics);
        assert!(logs.is_empty());
        assert_eq!(
            diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>(),
            ["F003"]
        );
        assert!(sources.text(inputs[0].source).is_empty());
        // Rewritten after the check: the report shows the text that was checked, unread.
        std::fs::write(dir.path().join("p1.toml"), "takeaway = \"new words\"\n")?;
        let changed = read_again_for(&mut sources, &inputs, diagnostics.iter());
        assert_eq!(sources.text(inputs[0].source), broken);
        assert!(changed.is_empty(), "{changed:?}");
        // Its lines and columns are found as in any file.
        let file = sources.get(inputs[0].source);
        let end = file.line_column(broken.len() - 1);
        assert_eq!((end.line, end.column), (3, 11));
        Ok(())
    }
}
