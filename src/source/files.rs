//! Every read of the file system: files, directory walks, file metadata and the questions a
//! path answers (is it a directory, where does it lead), and which paths are read as programs.
//!
//! **Architecture Invariant:** no other module outside `cli/output.rs` (the one writer) touches
//! `std::fs`. IO stays at the edge: the stages read text from [`Sources`], and the language
//! server reads its open buffers before the disk through the same functions here.

use std::path::{Path, PathBuf};

use super::{SourceId, Sources, Span};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};

/// How a stage reads a file's bytes: [`read_bytes`] from disk, or a reader that answers from
/// the editor's open buffers first (the language server).
pub type Read<'a> = &'a dyn Fn(&std::path::Path) -> std::io::Result<Vec<u8>>;

/// Reads a file into `sources`. A file that cannot be read or is not UTF-8 is still registered
/// (empty, or decoded lossily) so the returned diagnostic has a place to point at.
pub fn read_file(
    path: &std::path::Path,
    display_name: &str,
    sources: &mut Sources,
) -> Result<SourceId, Box<crate::diagnostic::Diagnostic>> {
    register_read(path, display_name, read_bytes(path), sources)
}

/// The most bytes the tool reads from one file (or from standard input). Real programs are
/// kilobytes and a cohort's logs megabytes; without a limit `/dev/zero`, or a file that keeps
/// growing, would be read until memory runs out.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]; every file the tool reads from
/// disk is read here. A FIFO, socket or device is refused before a byte is read, and the file
/// is opened without blocking, so a FIFO with no writer cannot hang the run.
pub fn read_bytes(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let file = open_without_blocking(path)?;
    // The type and size of what was opened, not of what the name pointed at a moment before.
    let metadata = file.metadata()?;
    if metadata.is_dir() {
        return Err(std::io::Error::other("it is a directory"));
    }
    if !metadata.is_file() {
        return Err(std::io::Error::other(
            "it is not a regular file (a FIFO, socket or device); use `-` to read standard input",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // The size is a hint only: a file in /proc says 0, a log being appended to grows.
    read_limited(file, MAX_FILE_BYTES)
}

/// All of standard input (a program, log or file to format named `-`), capped like every
/// read: `mentor fmt - < /dev/zero` must end. The one read of standard input outside the
/// language server's protocol stream.
pub fn read_stdin() -> std::io::Result<Vec<u8>> {
    read_limited(std::io::stdin().lock(), MAX_FILE_BYTES)
}

/// Everything `reader` gives, or an error once it gives more than `limit` bytes.
pub fn read_limited(reader: impl std::io::Read, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> std::io::Error {
    std::io::Error::other(format!(
        "it is larger than {} MiB, the most `mentor` reads from one file",
        MAX_FILE_BYTES / (1024 * 1024)
    ))
}

/// Opens for reading. On Unix with `O_NONBLOCK`: opening a FIFO that no process writes to
/// would otherwise wait forever (the flag does not change how a regular file is read).
fn open_without_blocking(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// [`read_file`] for bytes already read (files are read in parallel, registered in order).
pub fn register_read(
    path: &std::path::Path,
    display_name: &str,
    read: std::io::Result<Vec<u8>>,
    sources: &mut Sources,
) -> Result<SourceId, Box<crate::diagnostic::Diagnostic>> {
    match read {
        Ok(bytes) => decode(bytes, display_name, sources),
        Err(error) => {
            let reason = if path.is_dir() {
                "it is a directory".to_owned()
            } else {
                error.to_string()
            };
            Err(Box::new(unreadable(sources, display_name, &reason)))
        }
    }
}

/// `F001` for a file or directory that could not be read, registered (empty) in `sources` so
/// the diagnostic has a place to point at.
pub fn unreadable(
    sources: &mut Sources,
    display_name: &str,
    reason: &str,
) -> crate::diagnostic::Diagnostic {
    use crate::diagnostic::{Diagnostic, Label};
    let id = sources.add(display_name, "");
    Diagnostic::new(
        &crate::rules::UNREADABLE_FILE,
        format!("cannot read `{display_name}`: {reason}"),
        Label::bare(Span::new(id, 0..0)),
    )
}

/// Every file under `dir` that `wanted` accepts, sorted, and the directories that could not be
/// read (the walk goes on past them). Symbolic links to directories are not followed, so a link
/// cycle cannot loop; a link to nothing is kept when `wanted` accepts its name, so reading it
/// reports `F001` instead of the file vanishing silently.
pub fn find_files(
    dir: &std::path::Path,
    wanted: &dyn Fn(&std::path::Path) -> bool,
) -> (
    Vec<std::path::PathBuf>,
    Vec<(std::path::PathBuf, std::io::Error)>,
) {
    fn walk(
        dir: &std::path::Path,
        wanted: &dyn Fn(&std::path::Path) -> bool,
        found: &mut Vec<std::path::PathBuf>,
        errors: &mut Vec<(std::path::PathBuf, std::io::Error)>,
    ) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                errors.push((dir.to_path_buf(), error));
                return;
            }
        };
        for entry in entries {
            let (path, file_type) = match entry.and_then(|e| Ok((e.path(), e.file_type()?))) {
                Ok(entry) => entry,
                Err(error) => {
                    errors.push((dir.to_path_buf(), error));
                    continue;
                }
            };
            if file_type.is_dir() {
                walk(&path, wanted, found, errors);
            } else if wanted(&path)
                && (path.is_file() || (file_type.is_symlink() && !path.exists()))
            {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    let mut errors = Vec::new();
    walk(dir, wanted, &mut found, &mut errors);
    found.sort();
    (found, errors)
}

/// Registers bytes as a source, with an `F002` diagnostic if they are not UTF-8.
pub fn decode(
    bytes: Vec<u8>,
    display_name: &str,
    sources: &mut Sources,
) -> Result<SourceId, Box<crate::diagnostic::Diagnostic>> {
    use crate::diagnostic::{Diagnostic, Label};
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add(display_name, text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let byte = error.as_bytes().get(offset).copied().unwrap_or(0);
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let id = sources.add(display_name, text);
            let diagnostic = Diagnostic::new(
                &crate::rules::NOT_UTF8,
                format!(
                    "`{display_name}` is not UTF-8 text: byte 0x{byte:02X} at offset {offset} is invalid"
                ),
                Label::new(Span::new(id, offset..offset + 1), "not UTF-8"),
            )
            .with_help("save the file as UTF-8; a binary file cannot be checked");
            Err(Box::new(diagnostic))
        }
    }
}

/// A file's size and modification time: while neither changes, what was read from the file
/// may be kept (the language server remembers what each program beside a log declares).
pub type FileVersion = (u64, Option<std::time::SystemTime>);

/// The [`FileVersion`] of the file at `path`; `None` when it cannot be read.
pub fn file_version(path: &std::path::Path) -> Option<FileVersion> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}

/// Where the program of the log at `log_path` is looked for: the log's directory and its
/// parents, nearest first, each with the `.mentor` files directly in it (sorted). The search
/// stops at the deepest of `roots` that holds the log, or after `parents_outside_roots`
/// parents when none does. A directory that cannot be read holds no file.
pub fn program_files_above(
    log_path: &std::path::Path,
    roots: &[std::path::PathBuf],
    parents_outside_roots: usize,
) -> Vec<(std::path::PathBuf, Vec<std::path::PathBuf>)> {
    let root = roots
        .iter()
        .filter(|root| log_path.starts_with(root))
        .max_by_key(|root| root.components().count());
    let mut dirs = Vec::new();
    for dir in log_path.ancestors().skip(1) {
        dirs.push(dir.to_path_buf());
        match root {
            Some(root) if dir == root.as_path() => break,
            None if dirs.len() > parents_outside_roots => break,
            _ => {}
        }
    }
    dirs.into_iter()
        .map(|dir| {
            let files = mentor_files_in(&dir);
            (dir, files)
        })
        .collect()
}

/// The `.mentor` files directly in `dir`, sorted; none when it cannot be read.
fn mentor_files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "mentor") && p.is_file())
        .collect();
    files.sort();
    files
}

/// Where `mentor.toml` was looked for, and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigSearch {
    /// The directory the search started from (the working directory), absolute.
    pub from: PathBuf,
    /// The nearest `name` file, as a path from the working directory: `mentor.toml`,
    /// `../mentor.toml`, … (so its relative paths, joined to its directory, read well in
    /// messages).
    pub found: Option<PathBuf>,
}

/// Looks for a regular file called `name` in the working directory, then in each parent up to
/// the file-system root, as cargo and ruff look for their configuration. A directory of that
/// name is passed over; an unreadable file is found (reading it then reports `F001`).
pub fn find_config(name: &str) -> ConfigSearch {
    let from = std::env::current_dir().unwrap_or_default();
    let mut relative = PathBuf::new();
    let mut found = None;
    for dir in from.ancestors() {
        if dir.join(name).is_file() {
            found = Some(relative.join(name));
            break;
        }
        relative.push("..");
    }
    ConfigSearch { from, found }
}

/// The path with every link and `..` resolved, or the path as given when that fails (it does not
/// exist): the key under which a file read twice is recognised.
pub fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// Where `path` leads, if it exists.
pub fn canonical_if_found(path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok()
}

/// Whether `path` is a directory (following links).
pub fn is_directory(path: &Path) -> bool {
    path.is_dir()
}

/// Whether `path` is a regular file (following links).
pub fn is_regular_file(path: &Path) -> bool {
    path.is_file()
}

/// Why `path` is not read as a program, decided from names before a byte is read: programs
/// are `.mentor` files, and the file a name leads to must be one too. A link
/// `programs/x.mentor` to `/proc/self/environ`, committed to a repository whose CI runs
/// `mentor check programs/`, would otherwise print the CI's environment in a snippet of its
/// syntax errors. A path that does not exist, or a directory, is left to the read, which
/// reports it as such.
pub(crate) fn not_a_program_file(path: &Path) -> Option<String> {
    let is_mentor = |path: &Path| path.extension().is_some_and(|e| e == "mentor");
    if path.is_dir() || !path.exists() {
        return None;
    }
    if !is_mentor(path) {
        return Some(
            "it is not a `.mentor` file; programs are read from `.mentor` files only (or `-`, \
             standard input)"
                .to_owned(),
        );
    }
    match canonical_if_found(path) {
        Some(target) if !is_mentor(&target) => Some(format!(
            "it leads to `{}`, which is not a `.mentor` file",
            target.display()
        )),
        _ => None,
    }
}

/// The `.mentor` files `paths` name: files as given, directories searched (sorted) for
/// `*.mentor`. Guarantees: a directory holding none, an unreadable directory and a file that is
/// not a `.mentor` file (see [`not_a_program_file`]) are each reported (`F001`) and left out;
/// a file named twice (or inside a directory also named) is listed once.
pub(crate) fn expand_program_paths(
    paths: &[PathBuf],
    sources: &mut Sources,
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let (found, errors) =
                find_files(path, &|p| p.extension().is_some_and(|e| e == "mentor"));
            for (dir, error) in errors {
                let name = dir.display().to_string();
                diagnostics.push(unreadable(sources, &name, &error.to_string()));
            }
            if found.is_empty() {
                let name = path.display().to_string();
                let id = sources.add(name.clone(), "");
                diagnostics.push(Diagnostic::new(
                    &crate::rules::UNREADABLE_FILE,
                    format!("no `.mentor` file in directory `{name}`"),
                    Label::bare(Span::new(id, 0..0)),
                ));
            }
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files.retain(|file| {
        if file.as_os_str() == "-" {
            return true;
        }
        let Some(reason) = not_a_program_file(file) else {
            return true;
        };
        let name = file.display().to_string();
        diagnostics.push(unreadable(sources, &name, &reason));
        false
    });
    // A file named twice (or inside a directory also named) is checked once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(canonical(f)));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard input and files that grow or misstate their size (`/proc`) stop at the limit.
    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let text = b"0123456789";
        assert_eq!(read_limited(&text[..], 10).ok(), Some(text.to_vec()));
        let error = read_limited(&text[..], 9).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("it is larger than 256 MiB, the most `mentor` reads from one file")
        );
        // An endless reader is cut off too.
        assert!(read_limited(std::io::repeat(0), 1000).is_err());
    }
}
