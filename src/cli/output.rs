//! Output of a finished run: every format, to stdout and to the extra files `--output` names.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, ValueEnum};

use super::write_stdout;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, MAX_DIAGNOSTICS_PER_UNIT, Summary, TestCase};
use crate::source::{SourceId, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette's graphical report
    Human,
    /// One line per diagnostic: file:line:col: severity[CODE] message
    Short,
    /// One JSON document with every diagnostic and a summary
    Json,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// JUnit XML, one test case per checked log or file
    Junit,
}

/// The output options `check` and `validate` share.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Also write FORMAT to PATH (repeatable), e.g. `--output sarif=mentor.sarif`
    #[arg(long = "output", value_name = "FORMAT=PATH")]
    pub outputs: Vec<OutputSpec>,

    /// Exit with status 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `--output FORMAT=PATH`: another format written to a file in the same run.
#[derive(Debug, Clone)]
pub struct OutputSpec {
    pub format: Format,
    pub path: PathBuf,
}

impl FromStr for OutputSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<OutputSpec, String> {
        let (format, path) = text.split_once('=').ok_or_else(|| {
            format!("expected FORMAT=PATH, e.g. sarif=mentor.sarif, found `{text}`")
        })?;
        let format = Format::from_str(format, true).map_err(|_| {
            format!(
                "unknown format `{format}`; expected human, short, json, sarif, github or junit"
            )
        })?;
        if path.is_empty() {
            return Err("the path after `=` is empty".to_owned());
        }
        Ok(OutputSpec {
            format,
            path: PathBuf::from(path),
        })
    }
}

/// Everything a run produced, ready to render.
pub struct Finished<'a> {
    pub sources: &'a Sources,
    /// Sorted; at most [`MAX_DIAGNOSTICS_PER_UNIT`] per log or file.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    pub cases: Vec<TestCase>,
    pub deny_warnings: bool,
    /// Of every diagnostic found, including those not shown.
    pub status: u8,
}

impl Finished<'_> {
    pub fn new<'a>(
        sources: &'a Sources,
        mut diagnostics: Diagnostics,
        summary: impl FnOnce(&[Diagnostic]) -> Summary,
        cases: Vec<TestCase>,
        deny_warnings: bool,
    ) -> Finished<'a> {
        diagnostics.sort(sources);
        let mut diagnostics = diagnostics.into_vec();
        let mut summary = summary(&diagnostics);
        let status = super::exit_status(&diagnostics, deny_warnings);
        summary.not_shown = keep_first_per_unit(&mut diagnostics, &cases, MAX_DIAGNOSTICS_PER_UNIT);
        Finished {
            sources,
            diagnostics,
            summary,
            cases,
            deny_warnings,
            status,
        }
    }

    pub fn render(&self, format: Format, color: bool) -> String {
        let (diagnostics, sources) = (&self.diagnostics, self.sources);
        match format {
            Format::Human => {
                let mut text = render::render_human(diagnostics, sources, color);
                text.push_str(&self.summary.line());
                text
            }
            Format::Short => {
                let mut text = render::render_short(diagnostics, sources);
                text.push_str(&self.summary.line());
                text
            }
            Format::Json => render::render_json(diagnostics, sources, &self.summary),
            Format::Sarif => render::render_sarif(diagnostics, sources),
            Format::Github => render::render_github(diagnostics, sources),
            Format::Junit => {
                render::render_junit(diagnostics, sources, &self.cases, self.deny_warnings)
            }
        }
    }

    /// Prints `--format` to stdout and writes each `--output`; returns the exit status.
    pub fn emit(&self, args: &OutputArgs, color: bool) -> u8 {
        write_stdout(&self.render(args.format, color));
        let mut status = self.status;
        for output in &args.outputs {
            let written = write_output(
                &output.path,
                &self.render(output.format, false),
                self.sources,
            );
            if written.is_err() {
                status = super::exit::COULD_NOT_CHECK;
            }
        }
        status
    }
}

/// Keeps the first `limit` diagnostics of each unit: the test case (a log) whose span holds the
/// primary label, or else the file. The list is sorted by file and position, so counting in
/// order keeps the first ones. Returns how many were dropped.
fn keep_first_per_unit(
    diagnostics: &mut Vec<Diagnostic>,
    cases: &[TestCase],
    limit: usize,
) -> usize {
    // Per file, the byte ranges of its logs when a file holds several (JSON Lines), in order.
    let mut logs_in_file: HashMap<SourceId, Vec<(u32, u32)>> = HashMap::new();
    for case in cases {
        if let Some(span) = case.span {
            logs_in_file
                .entry(case.source)
                .or_default()
                .push((span.start, span.end));
        }
    }
    for ranges in logs_in_file.values_mut() {
        ranges.sort_unstable();
    }
    let unit = |d: &Diagnostic| {
        let span = d.primary.span;
        let log = logs_in_file.get(&span.source).and_then(|ranges| {
            let i = ranges.partition_point(|&(start, _)| start <= span.start);
            i.checked_sub(1)
                .filter(|&i| ranges.get(i).is_some_and(|&(_, end)| span.start <= end))
        });
        (span.source, log)
    };
    let before = diagnostics.len();
    let mut shown: HashMap<(SourceId, Option<usize>), usize> = HashMap::new();
    diagnostics.retain(|d| {
        let count = shown.entry(unit(d)).or_insert(0);
        *count += 1;
        *count <= limit
    });
    before - diagnostics.len()
}

/// Prints diagnostics on stderr with a summary line, so stdout carries only what the command
/// makes (a playbook, a report).
pub fn print_to_stderr(mut diagnostics: Diagnostics, sources: &Sources, color: bool, files: usize) {
    diagnostics.sort(sources);
    let diagnostics = diagnostics.into_vec();
    let mut text = render::render_human(&diagnostics, sources, color);
    text.push_str(&Summary::count(files, &diagnostics).line());
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// When the programs a command needs have errors: their diagnostics on stderr, "no `what`
/// written", and exit 2 if a file could not be read (an `F` rule), else 1.
pub fn refuse(
    diagnostics: Diagnostics,
    sources: &Sources,
    color: bool,
    what: &str,
    the_program: &str,
) -> u8 {
    let unreadable = diagnostics.iter().any(|d| d.rule.code.starts_with('F'));
    print_to_stderr(diagnostics, sources, color, 1);
    if unreadable {
        eprintln!("error: no {what} written: {the_program} could not be read");
        super::exit::COULD_NOT_CHECK
    } else {
        eprintln!("error: no {what} written: {the_program} has errors");
        super::exit::VIOLATIONS
    }
}

/// Writes a command's output to `path`, unless `path` is one of the files the run read (a
/// program, a library, a log), under that name or any other (a symbolic or hard link): nothing
/// the user wrote is replaced by a report about it. Problems are printed on stderr; `Err` means
/// nothing was written.
pub fn write_output(path: &Path, text: &str, read: &Sources) -> Result<(), ()> {
    if let Some(input) = input_at(path, read) {
        let through = if Path::new(input) == path {
            String::new()
        } else {
            " (the same file under another name)".to_owned()
        };
        eprintln!(
            "error: not writing `{}`: it is one of the files this run read, `{input}`{through}",
            path.display()
        );
        return Err(());
    }
    write_atomically(path, text).map_err(|error| {
        // tempfile names its temporary file in the error; the user asked for `path`.
        let message = error.to_string();
        let shown = message.split(" at path ").next().unwrap_or_default();
        eprintln!("error: cannot write `{}`: {shown}", path.display());
    })
}

/// The name of the file the run read that `path` is, if it is one: the same device and inode,
/// so a symbolic link or a hard link to an input is recognised. Only a regular file counts:
/// `-o /dev/null` is fine even when the run read `/dev/null`.
fn input_at<'s>(path: &Path, read: &'s Sources) -> Option<&'s str> {
    let target = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    read.ids()
        .map(|id| read.name(id))
        .find(|input| std::fs::metadata(input).is_ok_and(|input| same_file(&input, &target)))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    // Without inode numbers, size and modification time stand in; a false match only refuses
    // a write.
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

/// Writes through a temporary file in the same directory and a rename, so a crash or a full
/// disk never leaves a truncated file where a good one was. The file keeps the permissions of
/// the one it replaces; a new one is readable by all (a temporary file is created private).
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(text.as_bytes())?;
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => shareable_permissions(file.as_file().metadata()?.permissions()),
    };
    file.as_file().set_permissions(permissions)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn shareable_permissions(mut permissions: std::fs::Permissions) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt as _;
    permissions.set_mode(0o644);
    permissions
}

#[cfg(not(unix))]
fn shareable_permissions(permissions: std::fs::Permissions) -> std::fs::Permissions {
    permissions
}
