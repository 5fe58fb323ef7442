//! Output of a finished run: every format, to stdout and to the extra files `--output` names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use clap::{Args, ValueEnum};

use super::{ExitStatus, write_stdout_with};
use crate::check::Selection;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::log::ShownLineReader;
use crate::render::{self, MAX_DIAGNOSTICS_PER_UNIT, Summary, Unit, keep_first_per_unit};
use crate::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Format {
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
pub(super) struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Also write FORMAT to PATH (repeatable), e.g. `--output sarif=mentor.sarif`
    #[arg(long = "output", value_name = "FORMAT=PATH")]
    pub outputs: Vec<OutputSpec>,

    /// Exit with status 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,

    /// Report only these rules: codes (`L014`), names (`gap-too-long`), code prefixes (`L01`,
    /// `L`) or `ALL`, comma-separated or repeated
    #[arg(long, value_name = "RULES", value_parser = rule_selector)]
    pub select: Option<Vec<String>>,

    /// Report these rules as well as the selected ones
    #[arg(long, value_name = "RULES", value_parser = rule_selector)]
    pub extend_select: Vec<String>,

    /// Leave these rules out (unreadable files and syntax errors are always reported)
    #[arg(long, value_name = "RULES", value_parser = rule_selector)]
    pub ignore: Vec<String>,
}

impl OutputArgs {
    /// The rules the run reports.
    pub(super) fn selection(&self) -> Selection {
        // Every selector was read when the arguments were parsed.
        Selection::new(self.select.as_deref(), &self.extend_select, &self.ignore)
            .unwrap_or_default()
    }

    /// Whether the run writes `format`, on stdout or to an `--output` file.
    pub(super) fn writes(&self, format: Format) -> bool {
        self.format == format || self.outputs.iter().any(|o| o.format == format)
    }
}

/// Checks a `--select`/`--ignore` value while the arguments are parsed, so a typo is a usage
/// error with a suggestion.
fn rule_selector(text: &str) -> Result<String, String> {
    Selection::new(Some(&[text]), &[], &[]).map(|_| text.to_owned())
}

/// `--output FORMAT=PATH`: another format written to a file in the same run.
#[derive(Debug, Clone)]
pub(super) struct OutputSpec {
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
pub(super) struct Finished<'a> {
    pub sources: &'a Sources,
    /// Sorted; at most [`MAX_DIAGNOSTICS_PER_UNIT`] per [`Unit`] (a log, or else a file).
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    pub units: Vec<Unit>,
    pub deny_warnings: bool,
    /// Of every diagnostic found, including those not shown.
    pub status: ExitStatus,
    /// The findings an approved waiver excused, sorted and capped like `diagnostics`: JSON,
    /// SARIF and JUnit carry them marked; the other formats only under `--show-waived`.
    pub waived: Vec<Diagnostic>,
    pub show_waived: bool,
    /// Reads the lines of streamed files a human report shows, for each batch of reports as
    /// it is written; `None` when they were kept for every finding before.
    pub shown_lines: Option<&'a ShownLineReader<'a>>,
    /// The formats the run writes, on stdout and to `--output` files.
    formats: Vec<Format>,
}

impl<'a> Finished<'a> {
    pub(super) fn new(
        sources: &'a Sources,
        mut diagnostics: Diagnostics,
        summary: impl FnOnce(&[Diagnostic]) -> Summary,
        units: Vec<Unit>,
        args: &OutputArgs,
    ) -> Finished<'a> {
        let deny_warnings = args.deny_warnings;
        // Left-out rules are dropped before anything is counted: the summary and the exit
        // status say what the run reports.
        let selection = args.selection();
        diagnostics.retain(|d| selection.includes(d.rule));
        diagnostics.sort(sources);
        let mut diagnostics = diagnostics.into_vec();
        let mut summary = summary(&diagnostics);
        let status = ExitStatus::of(&diagnostics, deny_warnings);
        // The cap is applied here, once, before any renderer runs: every format shows the same
        // diagnostics.
        summary.not_shown = keep_first_per_unit(&mut diagnostics, &units, MAX_DIAGNOSTICS_PER_UNIT);
        Finished {
            sources,
            diagnostics,
            summary,
            units,
            deny_warnings,
            status,
            waived: Vec::new(),
            show_waived: false,
            shown_lines: None,
            formats: std::iter::once(args.format)
                .chain(args.outputs.iter().map(|o| o.format))
                .collect(),
        }
    }

    /// Adds the findings waivers excused (they count in the summary as waived, never in the
    /// exit status).
    pub(super) fn with_waived(mut self, waived: Vec<Diagnostic>, show_waived: bool) -> Self {
        let mut sorted = Diagnostics::new();
        for diagnostic in waived {
            sorted.push(diagnostic);
        }
        sorted.sort(self.sources);
        let mut waived = sorted.into_vec();
        self.summary.waived = waived.len();
        keep_first_per_unit(&mut waived, &self.units, MAX_DIAGNOSTICS_PER_UNIT);
        self.show_waived = show_waived;
        // When every format written shows the waived findings among the others (JSON, SARIF,
        // JUnit; any under `--show-waived`), they are moved in among them once, in the
        // findings' own list (sorting moves them in place), and `waived` stays empty: a
        // cohort's findings are not copied into a third list for each format written.
        let every_format_shows_them = self
            .formats
            .iter()
            .all(|&format| carries_waived(format, show_waived));
        if every_format_shows_them && !waived.is_empty() {
            let mut all = Diagnostics::from(std::mem::take(&mut self.diagnostics));
            for diagnostic in waived {
                all.push(diagnostic);
            }
            all.sort(self.sources);
            self.diagnostics = all.into_vec();
        } else {
            self.waived = waived;
        }
        self
    }

    /// Reads the lines a human report shows of streamed files a batch of reports at a time
    /// (see [`Finished::shown_lines`]).
    pub(super) fn reading_shown_lines(mut self, reader: &'a ShownLineReader<'a>) -> Self {
        self.shown_lines = Some(reader);
        self
    }

    /// Counts the findings a baseline recorded (and so not shown).
    pub(super) fn with_baselined(mut self, baselined: usize) -> Self {
        self.summary.baselined = baselined;
        self
    }

    /// What `format` shows: the findings that stand, and the waived ones where they belong,
    /// in the one sorted order.
    fn shown(&self, format: Format) -> std::borrow::Cow<'_, [Diagnostic]> {
        if !carries_waived(format, self.show_waived) || self.waived.is_empty() {
            return std::borrow::Cow::Borrowed(&self.diagnostics);
        }
        let mut all = Diagnostics::new();
        for diagnostic in self.diagnostics.iter().chain(&self.waived) {
            all.push(diagnostic.clone());
        }
        all.sort(self.sources);
        std::borrow::Cow::Owned(all.into_vec())
    }

    pub(super) fn render(&self, format: Format, color: bool) -> String {
        render::written(|out| self.write(format, color, out))
    }

    /// Writes the output in `format` to `out` as it is made, in every format: a cohort's
    /// report is never held whole (SARIF on 37,864 findings held 672 MB of JSON values).
    fn write(&self, format: Format, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
        let shown = self.shown(format);
        let (diagnostics, sources) = (shown.as_ref(), self.sources);
        match format {
            Format::Human => {
                self.write_human(diagnostics, color, out)?;
                out.write_all(self.summary.line().as_bytes())
            }
            Format::Short => {
                render::write_short(diagnostics, sources, out)?;
                out.write_all(self.summary.line().as_bytes())
            }
            Format::Json => render::write_json(diagnostics, sources, &self.summary, out),
            Format::Sarif => render::write_sarif(diagnostics, sources, out),
            Format::Github => render::write_github(diagnostics, sources, out),
            Format::Junit => {
                render::write_junit(diagnostics, sources, &self.units, self.deny_warnings, out)
            }
        }
    }

    fn write_human(
        &self,
        diagnostics: &[Diagnostic],
        color: bool,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let keep_for = |batch: &[Diagnostic]| {
            if let Some(reader) = self.shown_lines {
                reader.keep_for(batch);
            }
        };
        let before_batch = self
            .shown_lines
            .map(|_| &keep_for as &dyn Fn(&[Diagnostic]));
        render::write_human(diagnostics, self.sources, color, out, before_batch)
    }

    /// Prints `--format` to stdout and writes each `--output`; returns the exit status.
    pub(super) fn emit(&self, args: &OutputArgs, color: bool) -> ExitStatus {
        write_stdout_with(&mut |out| self.write(args.format, color, out));
        let mut status = self.status;
        for output in &args.outputs {
            let written = write_output(
                &output.path,
                &self.render(output.format, false),
                self.sources,
            );
            if written.is_err() {
                status = ExitStatus::CouldNotCheck;
            }
        }
        status
    }
}

/// Whether `format` shows the findings a waiver excused among the others.
fn carries_waived(format: Format, show_waived: bool) -> bool {
    match format {
        Format::Json | Format::Sarif | Format::Junit => true,
        Format::Human | Format::Short | Format::Github => show_waived,
    }
}

/// Prints diagnostics on stderr with a summary line, so stdout carries only what the command
/// makes (a playbook, a report).
pub(super) fn print_to_stderr(
    mut diagnostics: Diagnostics,
    sources: &Sources,
    color: bool,
    files: usize,
) {
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
pub(super) fn refuse(
    diagnostics: Diagnostics,
    sources: &Sources,
    color: bool,
    what: &str,
    the_program: &str,
) -> ExitStatus {
    let unreadable = diagnostics.iter().any(Diagnostic::is_unreadable_input);
    print_to_stderr(diagnostics, sources, color, 1);
    if unreadable {
        eprintln!("error: no {what} written: {the_program} could not be read");
        ExitStatus::CouldNotCheck
    } else {
        eprintln!("error: no {what} written: {the_program} has errors");
        ExitStatus::Violations
    }
}

/// Writes a command's output to `-o FILE` ([`write_output`]), or to stdout when there is none
/// or it is `-`; whether it was written.
pub(super) fn write_to(output: Option<&Path>, text: &str, read: &Sources) -> bool {
    match output.filter(|p| *p != Path::new("-")) {
        None => {
            super::write_stdout(text);
            true
        }
        Some(path) => write_output(path, text, read).is_ok(),
    }
}

/// Writes a command's output to `path`, unless `path` is one of the files the run read (a
/// program, a library, a log), under that name or any other (a symbolic or hard link): nothing
/// the user wrote is replaced by a report about it. Problems are printed on stderr; `Err` means
/// nothing was written.
pub(super) fn write_output(path: &Path, text: &str, read: &Sources) -> Result<(), ()> {
    if let Some(input) = input_at(path, read) {
        let through = if input == STDIN_NAME {
            " (standard input is redirected from it)".to_owned()
        } else if Path::new(input) == path {
            String::new()
        } else {
            " (the same file under another name)".to_owned()
        };
        eprintln!(
            "error: not writing `{}`: it is one of the files this run read, `{}`{through}",
            super::shown_path(path),
            super::shown_path(Path::new(input))
        );
        return Err(());
    }
    write_file(path, text).map_err(|error| {
        eprintln!("error: cannot write `{}`: {error}", super::shown_path(path));
    })
}

/// The name of the file the run read that `path` is, if it is one: the same device and inode,
/// so a symbolic link or a hard link to an input is recognised. Only a regular file counts:
/// `-o /dev/null` is fine even when the run read `/dev/null`. When the run read standard input
/// (`-`, registered as `<stdin>`), the file standard input is redirected from counts too:
/// `mentor playbook - -o p.mentor < p.mentor` would otherwise replace the program it read.
fn input_at<'s>(path: &Path, read: &'s Sources) -> Option<&'s str> {
    let target = file_identity(path)?;
    read.ids().map(|id| read.name(id)).find(|input| {
        file_identity(Path::new(input)).as_ref() == Some(&target)
            || (*input == STDIN_NAME && stdin_identity().as_ref() == Some(&target))
    })
}

/// The name a source read from standard input is registered under (`check::load_stdin`,
/// `log::files`), even when it could not be read or decoded.
const STDIN_NAME: &str = "<stdin>";

/// [`file_identity`] of what standard input is, when it is a regular file (`< file`); a pipe
/// or a terminal is not a file an output could replace.
#[cfg(unix)]
fn stdin_identity() -> Option<(u64, u64)> {
    use std::os::fd::AsFd as _;
    use std::os::unix::fs::MetadataExt as _;
    let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
    let metadata = std::fs::File::from(fd)
        .metadata()
        .ok()
        .filter(|m| m.is_file())?;
    Some((metadata.dev(), metadata.ino()))
}

/// Without `fstat`, standard input cannot be told from a file by name: it never matches.
#[cfg(not(unix))]
fn stdin_identity() -> Option<PathBuf> {
    None
}

/// What makes a regular file itself, whatever it is called.
#[cfg(unix)]
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt as _;
    let metadata = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((metadata.dev(), metadata.ino()))
}

/// Without inode numbers, the canonical path: links are resolved, hard links are not seen.
#[cfg(not(unix))]
fn file_identity(path: &Path) -> Option<PathBuf> {
    std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    path.canonicalize().ok()
}

/// How many symbolic links `write_file` follows before giving up (Linux's own limit).
const MAX_LINKS: usize = 40;

/// Marks a temporary file as ours: `.<name>.mentor-tmp-<pid>-<random>` beside `<name>`.
const TEMPORARY_MARK: &str = ".mentor-tmp-";

/// The one way the tool writes a file (`fmt`, `-o`, `--output`, `new`). What it does depends on
/// what `path` is:
///
/// - `/dev/stdout` (or `/dev/fd/1`) is standard output, as `-` is; `/dev/stderr` likewise.
/// - A symbolic link is followed: the link stays a link and its target gets the text. In a
///   sticky directory anyone may write to (`/tmp`), a link or file of another user is refused
///   and hard links are not written through: they may have been planted to aim the run.
/// - A device, FIFO or socket is opened and written in place (never replaced by a regular
///   file); a write error such as `/dev/full`'s is returned.
/// - A regular file without any write permission bit is refused, even for root, and so is one
///   this user may not open for writing.
/// - Otherwise a temporary file in the target's directory gets the text, the replaced file's
///   owner, group and mode (a new file's mode is 0666 less the umask), and is renamed over the
///   target, so a crash or a full disk never leaves a truncated file where a good one was.
/// - Where a rename would lose something, the file is written in place instead: a file with
///   several hard links (the links would split), one whose owner this user cannot give to a new
///   file, one in a directory where no file can be created. The text is first written to a
///   temporary file beside it when the directory allows, so a full disk is found before the
///   original is touched.
///
/// Temporary files left by a killed run (their process is gone) are removed when a later run
/// writes into the same directory.
pub(super) fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(stream) = standard_stream(path) {
        return write_stream(stream, text);
    }
    let target = follow_links(path)?;
    // Devices are opened by `path` itself, letting the kernel follow /proc's magic links to
    // pipes (`--output json=>(jq .)` names /dev/fd/63), which have no path to follow by hand.
    match std::fs::metadata(path) {
        Ok(found) if is_special(&found) => write_special(path, text),
        Ok(found) if found.is_dir() => Err(std::io::Error::other("it is a directory")),
        _ => match std::fs::metadata(&target) {
            Ok(existing) if existing.is_file() => replace(&target, text, Some(&existing)),
            // Changed since it was looked at: the same answers as above.
            Ok(found) if is_special(&found) => write_special(&target, text),
            Ok(_) => Err(std::io::Error::other("it is not a file")),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                replace(&target, text, None)
            }
            Err(error) => Err(error),
        },
    }
    .map_err(without_temporary_path)
}

/// Creates the directory `path` and its missing parents (`mentor man --dir`), as `mkdir -p`.
pub(super) fn create_dir_all(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

/// Whether writing `path` would replace something the user has (`mentor new` asks for `--force`
/// first): a file, or a link even to nothing. Standard streams, devices and FIFOs are written
/// to, not replaced.
pub(super) fn would_replace(path: &Path) -> bool {
    if standard_stream(path).is_some() {
        return false;
    }
    match std::fs::metadata(path) {
        Ok(found) => !is_special(&found),
        Err(_) => std::fs::symlink_metadata(path).is_ok(),
    }
}

#[derive(Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

/// The names of the process's own output streams: writing them is writing to the stream, not
/// replacing whatever file the stream happens to be redirected to.
fn standard_stream(path: &Path) -> Option<Stream> {
    match path.to_str()? {
        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Stream::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Stream::Stderr),
        _ => None,
    }
}

fn write_stream(stream: Stream, text: &str) -> std::io::Result<()> {
    match stream {
        Stream::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()
        }
        Stream::Stderr => {
            let mut stderr = std::io::stderr().lock();
            stderr.write_all(text.as_bytes())?;
            stderr.flush()
        }
    }
}

#[cfg(unix)]
fn is_special(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    let kind = metadata.file_type();
    kind.is_char_device() || kind.is_block_device() || kind.is_fifo() || kind.is_socket()
}

#[cfg(not(unix))]
fn is_special(metadata: &std::fs::Metadata) -> bool {
    !metadata.is_file() && !metadata.is_dir()
}

/// A device or FIFO: opened (a FIFO waits for its reader, as a shell redirection does) and
/// written; never created, truncated or renamed over.
fn write_special(path: &Path, text: &str) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(text.as_bytes())?;
    file.flush()
}

/// The path a chain of symbolic links ends at (which may not exist yet: writing through a
/// dangling link creates its target, as a shell redirection does). Each relative link is taken
/// from the directory of the link, and no path is normalised, so `..` means what the kernel
/// says it means.
fn follow_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(found) if found.file_type().is_symlink() => {
                refuse_planted(&current, &found, "a symbolic link")?;
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row"
    )))
}

/// A directory anyone may write to and only owners may delete from (sticky, like `/tmp`): what
/// sits there may have been planted by another user to aim a run (perhaps as root) at a file of
/// their choosing.
#[cfg(unix)]
fn in_shared_directory(path: &Path) -> Option<std::fs::Metadata> {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(directory_of(path))
        .ok()
        .filter(|dir| dir.mode() & 0o1002 == 0o1002)
}

#[cfg(not(unix))]
fn in_shared_directory(_path: &Path) -> Option<std::fs::Metadata> {
    None
}

/// In a shared directory, a link or file that belongs neither to this user nor to the
/// directory's owner is not written through: the kernel's own `protected_symlinks` and
/// `protected_regular` rules, applied whatever the machine's settings.
#[cfg(unix)]
fn refuse_planted(path: &Path, found: &std::fs::Metadata, what: &str) -> std::io::Result<()> {
    use std::os::unix::fs::MetadataExt as _;
    let owner = found.uid();
    match in_shared_directory(path) {
        Some(dir) if owner != rustix::process::geteuid().as_raw() && owner != dir.uid() => {
            Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                format!(
                    "{what} belongs to another user (uid {owner}) in a directory anyone can \
                     write to; not writing through it"
                ),
            ))
        }
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
fn refuse_planted(_path: &Path, _found: &std::fs::Metadata, _what: &str) -> std::io::Result<()> {
    Ok(())
}

/// Replaces the regular file `target` (or creates it, when `existing` is `None`).
fn replace(target: &Path, text: &str, existing: Option<&std::fs::Metadata>) -> std::io::Result<()> {
    let dir = directory_of(target);
    remove_stale_temporaries(dir);
    if let Some(existing) = existing {
        refuse_planted(target, existing, "the file")?;
        refuse_read_only(existing)?;
        // The kernel's own check of this user's right to write it: a rename only needs the
        // directory to be writable, and would replace a file the user may not change.
        std::fs::OpenOptions::new().write(true).open(target)?;
        // In a shared directory a second link may be another user's, made to a file of ours
        // they want overwritten (`protected_hardlinks` is not always on): there the link is
        // replaced, not written through.
        if hard_links(existing) > 1 && in_shared_directory(target).is_none() {
            return write_in_place(target, text);
        }
    }
    let name = target
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path does not name a file"))?;
    let prefix = temporary_prefix(name);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).rand_bytes(6);
    if let Some(permissions) = creation_permissions(existing) {
        builder.permissions(permissions);
    }
    let mut file = match builder.tempfile_in(dir) {
        Ok(file) => file,
        Err(error)
            if existing.is_some() && error.kind() == std::io::ErrorKind::PermissionDenied =>
        {
            // A writable file in a directory where no file can be created.
            return write_in_place(target, text);
        }
        Err(error) => return Err(error),
    };
    if let Some(existing) = existing {
        if !keep_owner(file.as_file(), existing)? {
            drop(file);
            return write_in_place(target, text);
        }
        // After the owner: changing it clears the set-user-id and set-group-id bits.
        file.as_file().set_permissions(existing.permissions())?;
    }
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(target).map_err(|e| e.error)?;
    Ok(())
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `.<name>.mentor-tmp-<pid>-`: recognisable beside its target, hidden from `ls`, and with the
/// process that owns it, so a later run can tell a dead run's file from a live one's. Long
/// names are shortened so the whole name stays within the 255 bytes a file name may have.
fn temporary_prefix(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let name = name.to_string_lossy();
    let mut end = name.len().min(200);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let shortened = name.get(..end).unwrap_or_default();
    format!(".{shortened}{TEMPORARY_MARK}{}-", std::process::id()).into()
}

/// Removes the temporary files of runs that were killed before they could rename or remove
/// them, once per directory and run. A file whose process still runs is left alone: it may be
/// another run writing beside us.
fn remove_stale_temporaries(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::{Mutex, PoisonError};
    static CLEANED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);
    {
        let mut cleaned = CLEANED.lock().unwrap_or_else(PoisonError::into_inner);
        if !cleaned
            .get_or_insert_with(HashSet::new)
            .insert(dir.to_path_buf())
        {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temporary_owner(&name.to_string_lossy()) else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        if is_file && pid != std::process::id() && !process_exists(pid) {
            // Best effort: a file we cannot remove is no worse than before.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file name `write_file` made, if `name` is one.
fn temporary_owner(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?;
    let (_, after) = rest.rsplit_once(TEMPORARY_MARK)?;
    let (pid, random) = after.split_once('-')?;
    (!random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| pid.parse().ok())
        .flatten()
}

#[cfg(unix)]
fn process_exists(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // Signal 0 checks without sending: ESRCH means no such process; EPERM means one runs that
    // is not ours.
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(error) => error != rustix::io::Errno::SRCH,
    }
}

#[cfg(not(unix))]
fn process_exists(_pid: u32) -> bool {
    // Cannot tell: keep the file rather than remove a live run's.
    true
}

/// Writes over the existing file itself, keeping its inode (so its hard links, owner and mode).
/// The text goes to a temporary file beside it first, when the directory allows one, so a full
/// disk fails the write before the original is touched.
fn write_in_place(target: &Path, text: &str) -> std::io::Result<()> {
    let dir = directory_of(target);
    if let Some(name) = target.file_name()
        && let Ok(mut probe) = tempfile::Builder::new()
            .prefix(&temporary_prefix(name))
            .rand_bytes(6)
            .tempfile_in(dir)
    {
        probe.write_all(text.as_bytes())?;
        probe.as_file().sync_all()?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).open(target)?;
    file.write_all(text.as_bytes())?;
    file.set_len(text.len() as u64)?;
    file.sync_all()
}

/// A file nobody may write is not replaced, whoever runs the tool: root passes every
/// permission check, so the mode bits are read rather than relying on the kernel to refuse.
#[cfg(unix)]
fn refuse_read_only(existing: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = existing.permissions().mode() & 0o7777;
    if mode & 0o222 == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("it is read-only (mode {mode:04o}); make it writable to replace it"),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_read_only(existing: &std::fs::Metadata) -> std::io::Result<()> {
    if existing.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "it is read-only; make it writable to replace it",
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn hard_links(existing: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    existing.nlink()
}

#[cfg(not(unix))]
fn hard_links(_existing: &std::fs::Metadata) -> u64 {
    1
}

/// The mode the temporary file is created with: the replaced file's (the umask can only narrow
/// it; the exact mode is set once the owner is), or 0666 for a new file, which the kernel
/// narrows by the umask as for any new file.
#[cfg(unix)]
fn creation_permissions(existing: Option<&std::fs::Metadata>) -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = existing.map_or(0o666, |e| e.permissions().mode() & 0o777);
    Some(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn creation_permissions(_existing: Option<&std::fs::Metadata>) -> Option<std::fs::Permissions> {
    None
}

/// Gives the temporary file the owner and group of the file it replaces. `Ok(false)` when this
/// user may not (only root can give a file away): the caller then writes in place, which keeps
/// them.
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, existing: &std::fs::Metadata) -> std::io::Result<bool> {
    use std::os::unix::fs::MetadataExt as _;
    let created = file.metadata()?;
    if (created.uid(), created.gid()) == (existing.uid(), existing.gid()) {
        return Ok(true);
    }
    match std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid())) {
        Ok(()) => Ok(true),
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied => Ok(false),
        Err(error) => Err(error),
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &std::fs::File, _existing: &std::fs::Metadata) -> std::io::Result<bool> {
    Ok(true)
}

/// tempfile names its temporary file in its errors (`… at path /dir/.x.mentor-tmp-…`); the
/// user asked for the target, which the caller names.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    let message = error.to_string();
    match message.split_once(" at path ") {
        Some((shown, _)) => std::io::Error::new(error.kind(), shown.to_owned()),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_name_is_recognised_as_ours_with_its_process() {
        for name in [
            "out.md",
            "mentor.sarif",
            ".hidden",
            "ü.md",
            &"x".repeat(255),
        ] {
            let temporary = format!(
                "{}Ab3xYz",
                temporary_prefix(std::ffi::OsStr::new(name)).to_string_lossy()
            );
            assert!(temporary.len() <= 255, "{name}: {} bytes", temporary.len());
            assert_eq!(
                temporary_owner(&temporary),
                Some(std::process::id()),
                "{name}"
            );
        }
        for other in [
            ".out.md.tmpAb3xYz",
            "out.md.mentor-tmp-12-Ab3xYz",
            ".out.md.mentor-tmp-12-",
            ".out.md.mentor-tmp-x-Ab3xYz",
        ] {
            assert_eq!(temporary_owner(other), None, "{other}");
        }
    }
}
