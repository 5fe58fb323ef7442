//! Every read of the file system: files, directory walks, file metadata and the questions a
//! path answers (is it a directory, where does it lead), and which paths are read as programs.
//!
//! **Architecture Invariant:** no other module outside `cli/output.rs` (the one writer) touches
//! `std::fs`. IO stays at the edge: the stages read text from [`Sources`], and the language
//! server reads its open buffers before the disk through the same functions here.

use std::path::{Path, PathBuf};

use super::register::{decode, unreadable};
use super::{SourceId, Sources};

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
    let (file, size) = open_regular_file(path)?;
    if size > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // The size is a hint only: a file in /proc says 0, a log being appended to grows. Sized
    // from it, a file is read in two calls (its bytes, then the end) instead of growing the
    // buffer from a few bytes: nine reads a file for a directory of small logs.
    read_limited(file, MAX_FILE_BYTES, size as usize + 1)
}

/// Opens a regular file for reading, with its size; a directory, FIFO, socket or device is
/// refused before a byte is read.
fn open_regular_file(path: &std::path::Path) -> std::io::Result<(std::fs::File, u64)> {
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
    Ok((file, metadata.len()))
}

/// The most bytes a file read in blocks ([`read_line_blocks`]) may hold: positions in a file
/// are 32-bit offsets.
pub const MAX_STREAMED_BYTES: u64 = u32::MAX as u64;

/// Bytes read at a time by [`read_line_blocks`]: large enough that the lines of one block keep
/// both cores busy, small enough that memory does not grow with the file.
const LINE_BLOCK_BYTES: u64 = 1 << 19;

/// What [`read_line_blocks`] hands each block to: its offset, its bytes, the file's size. The
/// visitor may take the bytes (so that another thread parses them while the next block is
/// read), leaving another buffer in their place to read into: a spent block's, so that the
/// blocks in flight are the only memory reading takes.
pub(super) type LineBlockVisitor<'v> =
    dyn FnMut(usize, &mut Vec<u8>, u64) -> std::ops::ControlFlow<()> + 'v;

/// Whether [`read_line_blocks`] reads the file at `path` in one block (or cannot read it:
/// then reading it says why).
pub fn is_one_line_block(path: &std::path::Path) -> bool {
    std::fs::metadata(path).map_or(true, |metadata| metadata.len() <= LINE_BLOCK_BYTES)
}

/// Reads a regular file in blocks of whole lines, handing each block to `visit` with its offset
/// in the file and the file's size when opened (to size what a reader keeps per line), until
/// the end or until `visit` breaks. A block ends with a line break, except the file's last; a
/// line longer than a block grows the block. JSON Lines files are read so: a cohort's file may
/// be larger than memory should hold, and only one block of it is.
pub fn read_line_blocks(
    path: &std::path::Path,
    visit: &mut LineBlockVisitor,
) -> std::io::Result<()> {
    use std::io::Read as _;
    let (mut file, size) = open_regular_file(path)?;
    if size > MAX_STREAMED_BYTES {
        return Err(too_large_to_stream());
    }
    let mut block: Vec<u8> = Vec::new();
    // The start of a line past a block's last break, which begins the next block.
    let mut carried: Vec<u8> = Vec::new();
    // The offset in the file of `block[0]`.
    let mut offset: usize = 0;
    loop {
        // Only what this read added can hold a line break: the rest of the block has none.
        let searched = block.len();
        // Room for the whole read at once (grown while reading, the block would be copied),
        // and no more than the file has left.
        let left = size.saturating_sub((offset + block.len()) as u64);
        block.reserve(left.min(LINE_BLOCK_BYTES) as usize + 1);
        let read = (&mut file).take(LINE_BLOCK_BYTES).read_to_end(&mut block)?;
        if (offset + block.len()) as u64 > MAX_STREAMED_BYTES {
            return Err(too_large_to_stream());
        }
        if read == 0 {
            if !block.is_empty() {
                let _ = visit(offset, &mut block, size);
            }
            return Ok(());
        }
        match memchr::memrchr(b'\n', &block[searched..]) {
            // The block's first line is the one that may have grown over several reads.
            Some(_)
                if searched as u64 > MAX_FILE_BYTES
                    || memchr::memchr(b'\n', &block[searched..])
                        .is_some_and(|first| (searched + first) as u64 > MAX_FILE_BYTES) =>
            {
                return Err(line_too_long());
            }
            Some(last_break) => {
                let whole = searched + last_break + 1;
                carried.clear();
                carried.extend_from_slice(&block[whole..]);
                block.truncate(whole);
                if visit(offset, &mut block, size).is_break() {
                    return Ok(());
                }
                block.clear();
                block.extend_from_slice(&carried);
                offset += whole;
            }
            // One line may be as long as a whole file read at once, no longer: a file with no
            // line break is not held whole.
            None if block.len() as u64 > MAX_FILE_BYTES => return Err(line_too_long()),
            None => {}
        }
    }
}

/// Reads the byte ranges `ranges` (in order) of a regular file, handing each to `visit` with
/// its start: what a report needs of a file read in a stream, without reading the rest again.
/// A range past the end of the file (it shrank since) is cut short or skipped.
pub fn read_ranges(
    path: &std::path::Path,
    ranges: &[std::ops::Range<usize>],
    visit: &mut dyn FnMut(usize, &[u8]),
) -> std::io::Result<()> {
    use std::io::{Read as _, Seek as _};
    let (mut file, size) = open_regular_file(path)?;
    let mut buffer = Vec::new();
    for range in ranges {
        let (start, end) = (range.start as u64, (range.end as u64).min(size));
        if start >= end {
            continue;
        }
        file.seek(std::io::SeekFrom::Start(start))?;
        buffer.clear();
        (&mut file).take(end - start).read_to_end(&mut buffer)?;
        visit(range.start, &buffer);
    }
    Ok(())
}

fn line_too_long() -> std::io::Error {
    std::io::Error::other(format!(
        "a line is longer than {} MiB, the most `mentor` reads as one JSON Lines record",
        MAX_FILE_BYTES >> 20
    ))
}

fn too_large_to_stream() -> std::io::Error {
    std::io::Error::other(format!(
        "it is larger than {} GiB, the most `mentor` reads from one JSON Lines file",
        (MAX_STREAMED_BYTES + 1) >> 30
    ))
}

/// All of standard input (a program, log or file to format named `-`), capped like every
/// read: `mentor fmt - < /dev/zero` must end. The one read of standard input outside the
/// language server's protocol stream.
pub fn read_stdin() -> std::io::Result<Vec<u8>> {
    read_limited(std::io::stdin().lock(), MAX_FILE_BYTES, 0)
}

/// Everything `reader` gives (room made for `expected` bytes), or an error past `limit` bytes.
pub fn read_limited(
    reader: impl std::io::Read,
    limit: u64,
    expected: usize,
) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(expected);
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

/// What a directory walk leaves out besides what git would not see: gitignore-style globs
/// (`--exclude`, and later a config file's `exclude`), each matched relative to the directory
/// walked. Globs from several places combine: every one added excludes what it matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WalkOptions {
    exclude: Vec<String>,
    /// Files the run reads for another purpose (its exceptions file, its baseline), by
    /// canonical path: a walk that meets one does not read it as a log too.
    read_otherwise: Vec<PathBuf>,
    /// A directory with no log in it is no mistake (`mentor match --existing` before the first
    /// cohort has a log).
    empty_is_fine: bool,
}

impl WalkOptions {
    /// This walk, for which a directory with no log in it is no mistake.
    pub fn allowing_empty_directories(mut self) -> WalkOptions {
        self.empty_is_fine = true;
        self
    }

    /// Whether a directory with no log in it is no mistake.
    pub fn allows_empty_directories(&self) -> bool {
        self.empty_is_fine
    }

    /// A walk that leaves out nothing but what every walk does (see [`find_files`]).
    pub fn new() -> WalkOptions {
        WalkOptions::default()
    }

    /// A walk excluding `globs`, or why one of them is not a glob ([`exclude_glob`]).
    pub fn excluding<S: AsRef<str>>(
        globs: impl IntoIterator<Item = S>,
    ) -> Result<WalkOptions, String> {
        let mut walk = WalkOptions::new();
        for glob in globs {
            walk.exclude(glob.as_ref())?;
        }
        Ok(walk)
    }

    /// Adds one more glob to leave out; an invalid glob is refused with the reason.
    pub fn exclude(&mut self, glob: &str) -> Result<(), String> {
        let glob = exclude_glob(glob)?;
        if !self.exclude.contains(&glob) {
            self.exclude.push(glob);
        }
        Ok(())
    }

    /// The globs left out, in the order added.
    pub fn excluded(&self) -> &[String] {
        &self.exclude
    }

    /// Leaves `path` out of the walk: the run reads it as something else (an exceptions file,
    /// a baseline). A path that does not exist changes nothing.
    pub fn read_otherwise(&mut self, path: &Path) {
        if let Some(path) = canonical_if_found(path) {
            self.read_otherwise.push(path);
        }
    }

    /// Whether `path` is one of the files [`WalkOptions::read_otherwise`] names.
    pub fn is_read_otherwise(&self, path: &Path) -> bool {
        !self.read_otherwise.is_empty()
            && canonical_if_found(path).is_some_and(|p| self.read_otherwise.contains(&p))
    }

    /// The globs as the walker's overrides, rooted at `dir`: `!GLOB` leaves out what it matches
    /// and, with no glob that is not negated, includes nothing it would not include anyway.
    fn overrides(&self, dir: &Path) -> Result<ignore::overrides::Override, ignore::Error> {
        let mut builder = ignore::overrides::OverrideBuilder::new(dir);
        for glob in &self.exclude {
            builder.add(&format!("!{glob}"))?;
        }
        builder.build()
    }
}

/// `glob` checked as an `--exclude` value (clap's value parser, so a bad glob is a usage
/// error, exit 2): gitignore syntax (`drafts/`, `*.bak`, `2024/**/old`), relative to the
/// directory walked. A leading `!` (re-include, in a `.gitignore`) is refused: `--exclude` only
/// leaves out.
pub fn exclude_glob(glob: &str) -> Result<String, String> {
    if glob.trim().is_empty() {
        return Err("an empty glob excludes nothing".to_owned());
    }
    if glob.starts_with('!') {
        return Err(
            "a glob to exclude cannot start with `!`: `--exclude` only leaves files out".to_owned(),
        );
    }
    let mut builder = ignore::overrides::OverrideBuilder::new("");
    match builder.add(&format!("!{glob}")).and_then(|b| b.build()) {
        Ok(_) => Ok(glob.to_owned()),
        Err(error) => Err(glob_error(&error)),
    }
}

/// The reason of a glob error, without the glob (which the usage error already quotes).
fn glob_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::Glob { err, .. } => err.clone(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => glob_error(err),
        other => other.to_string(),
    }
}

/// Directories no walk enters, at any depth, even when no ignore file names them: other tools'
/// dependencies, which hold `package.json` files and JSON or TOML data by the thousand and never
/// a program or a log (the non-hidden ones of ruff's default excludes that hold installed
/// packages; `.git`, `.venv` and other tool directories are hidden, and hidden entries are never
/// walked). A directory named on the command line is walked whatever its name.
pub const SKIPPED_DIRECTORIES: &[&str] = &[
    "node_modules",
    "bower_components",
    "__pypackages__",
    "site-packages",
    "venv",
];

/// Where a walk could not read (a directory, an entry), and why.
pub(crate) type WalkErrors = Vec<(PathBuf, std::io::Error)>;

/// Every file under `dir` that `wanted` accepts, sorted, and the directories that could not be
/// read (the walk goes on past them). The walk sees the tree as git would, wherever it is (in
/// a repository or not), and the same on every machine:
///
/// - hidden files and directories (a name starting with `.`: `.git/`, `.venv/`) are skipped;
/// - `.gitignore` and `.ignore` files are honoured in `dir` and below it, in a repository or
///   not, and in `dir`'s parents up to the root of the repository holding it (the nearest
///   directory with a `.git`), as git reads them; outside a repository no parent's file is read;
/// - the user's global git excludes (`core.excludesFile`), a clone's own `.git/info/exclude`
///   and ignore files above the repository (a `~/.ignore`) are not read: none is committed,
///   so CI and a laptop would disagree;
/// - [`SKIPPED_DIRECTORIES`] and the globs `walk` excludes are left out.
///
/// `dir` itself is walked whatever its name or the ignore files say: a path named on the command
/// line always wins. Symbolic links to directories are not followed, so a link cycle cannot
/// loop; a link to nothing is kept when `wanted` accepts its name, so reading it reports `F001`
/// instead of the file vanishing silently.
pub fn find_files(
    dir: &Path,
    walk: &WalkOptions,
    wanted: &dyn Fn(&Path) -> bool,
) -> (Vec<PathBuf>, WalkErrors) {
    let (found, errors) = find_files_with_identity(dir, walk, wanted);
    (found.into_iter().map(|(path, _)| path).collect(), errors)
}

/// [`find_files`], each path with its canonical path (a file named twice is read once). The
/// walk is of the canonical `dir` and follows no link to a directory, so only a link to a file
/// needs resolving: asking the kernel for each of 19,100 files cost more than reading them.
pub fn find_files_with_identity(
    dir: &Path,
    walk: &WalkOptions,
    wanted: &dyn Fn(&Path) -> bool,
) -> (Vec<(PathBuf, PathBuf)>, WalkErrors) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    // The walk runs over the absolute path, so the ignore files of the parents (rooted at
    // their own directories) match the paths it yields; each is shown as `dir` joined with
    // the rest, as named on the command line.
    let root = canonical(dir);
    let shown = |path: &Path| match below(&root, path) {
        Some(rest) if rest.as_os_str().is_empty() => dir.to_path_buf(),
        Some(rest) => dir.join(rest),
        None => path.to_path_buf(),
    };
    let overrides = match walk.overrides(&root) {
        Ok(overrides) => overrides,
        // Globs are checked when they are given (`exclude_glob`); this cannot happen.
        Err(error) => {
            errors.push((dir.to_path_buf(), std::io::Error::other(glob_error(&error))));
            return (found, errors);
        }
    };
    let mut builder = ignore::WalkBuilder::new(&root);
    builder
        .hidden(true)
        .parents(false)
        .ignore(true)
        .git_ignore(true)
        .require_git(false)
        .git_global(false)
        .git_exclude(false)
        .follow_links(false)
        // Unsorted: the walk's own sort asks each entry's name of its path at every comparison
        // (a third of the walk's time on 19,100 files); the paths found are sorted once below.
        .overrides(overrides);
    // The parents' ignore files, nearest first; each matches paths relative to its own
    // directory. A file that cannot be read or parsed is passed over, as git does.
    let parents: Vec<ignore::gitignore::Gitignore> = repository_parents(&root)
        .iter()
        .rev()
        .flat_map(|parent| [parent.join(".ignore"), parent.join(".gitignore")])
        .filter(|file| file.is_file())
        .filter_map(|file| {
            let mut builder = ignore::gitignore::GitignoreBuilder::new(file.parent()?);
            let _ = builder.add(&file);
            builder.build().ok()
        })
        .collect();
    builder.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if is_dir
            && entry
                .file_name()
                .to_str()
                .is_some_and(|name| SKIPPED_DIRECTORIES.contains(&name))
        {
            return false;
        }
        // The nearest file with a rule for the path decides (`!` re-includes). The ignore files
        // inside `dir` were asked first: what they leave out never reaches here.
        !parents
            .iter()
            .map(|parent| parent.matched(entry.path(), is_dir))
            .find(|m| !m.is_none())
            .is_some_and(|m| m.is_ignore())
    });
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                if file_type.is_dir() {
                    continue;
                }
                let path = shown(entry.path());
                if !wanted(&path) {
                    continue;
                }
                if file_type.is_file() {
                    found.push((path, entry.into_path()));
                } else if file_type.is_symlink() && (path.is_file() || !path.exists()) {
                    let identity = canonical(&path);
                    found.push((path, identity));
                }
            }
            // A directory (or entry) that could not be read. An ignore file that could not be
            // read or parsed has no depth: like git, the walk goes on without its bad lines.
            Err(error) if error.depth().is_some() => {
                let path = error_path(&error).map_or_else(|| dir.to_path_buf(), shown);
                let message = error.to_string();
                let error = error
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other(message));
                errors.push((path, error));
            }
            Err(_) => {}
        }
    }
    // Every path found is `dir` joined with a path the walk built, and no two are the same.
    sort_walked(&mut found);
    // By message too: errors about one path (or none, shown as `dir`) come in the order the
    // directory listed its entries.
    errors.sort_by_cached_key(|(path, error)| (path.clone(), error.to_string()));
    (found, errors)
}

/// `path` without the leading `root`, when it is below it (or is it).
fn below<'p>(root: &Path, path: &'p Path) -> Option<&'p Path> {
    // The walk builds each path as `root` joined with names, so the bytes tell: comparing
    // component by component costs more than the walk's own work on 19,100 files.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let rest = path
            .as_os_str()
            .as_bytes()
            .strip_prefix(root.as_os_str().as_bytes())?;
        match rest {
            [] => Some(Path::new("")),
            [b'/', rest @ ..] => Some(Path::new(std::ffi::OsStr::from_bytes(rest))),
            // `root` is `/`: its separator was stripped with it.
            _ if root.as_os_str().as_bytes().ends_with(b"/") => {
                Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
            }
            _ => None,
        }
    }
    #[cfg(not(unix))]
    path.strip_prefix(root).ok()
}

/// Sorts what a walk found by path, as `Path`'s own comparison does (component by component).
fn sort_walked(found: &mut [(PathBuf, PathBuf)]) {
    // Compared as keys of bytes at once, where `Path` parses components at each comparison.
    #[cfg(unix)]
    found.sort_by_cached_key(|(path, _)| walk_key(path));
    #[cfg(not(unix))]
    found.sort_by(|(a, _), (b, _)| a.cmp(b));
}

/// The bytes of `path` with each separator made a zero byte, which no name holds: compared as
/// bytes, such keys sort as `Path` does for the paths a walk finds. Each is the directory as
/// named (which may hold `./` or `//`: the same bytes in every path, so they never decide) joined
/// with names by single separators; a name holds no separator, so comparing names one by one is
/// comparing bytes with the separator before any other byte (`a/b` before `a.toml`, as `a` is
/// before `a.toml`).
#[cfg(unix)]
fn walk_key(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    bytes
        .iter()
        .map(|&b| if b == b'/' { 0 } else { b })
        .collect()
}

/// The directories above `dir` whose ignore files git reads for it, from the repository's root
/// down: none when `dir` holds its own `.git` or is in no repository.
fn repository_parents(dir: &Path) -> Vec<PathBuf> {
    let mut parents = Vec::new();
    if dir.join(".git").exists() {
        return parents;
    }
    for parent in dir.ancestors().skip(1) {
        parents.push(parent.to_path_buf());
        if parent.join(".git").exists() {
            parents.reverse();
            return parents;
        }
    }
    Vec::new()
}

/// The path a walk error is about.
fn error_path(error: &ignore::Error) -> Option<&Path> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
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
    directories_above(log_path, roots, parents_outside_roots)
        .into_iter()
        .map(|dir| {
            let files = mentor_files_in(&dir);
            (dir, files)
        })
        .collect()
}

/// The nearest file called `name` in the directory of `log_path` or a parent, searched as
/// [`program_files_above`] searches for programs (up to the deepest root holding the log, or
/// `parents_outside_roots` parents): the exceptions file the language server applies.
pub fn file_above(
    log_path: &std::path::Path,
    name: &str,
    roots: &[std::path::PathBuf],
    parents_outside_roots: usize,
) -> Option<std::path::PathBuf> {
    directories_above(log_path, roots, parents_outside_roots)
        .into_iter()
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// The log's directory and its parents, nearest first, up to the deepest of `roots` that holds
/// the log, or `parents_outside_roots` parents when none does.
fn directories_above(
    log_path: &std::path::Path,
    roots: &[std::path::PathBuf],
    parents_outside_roots: usize,
) -> Vec<std::path::PathBuf> {
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
    dirs
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_walk_finds_is_in_paths_own_order() {
        // Names that sort one way as bytes and another as paths: `.`, `-` and ` ` come before
        // `/`, and a name may be the start of another.
        let parts = ["a", "a.toml", "a-b", "a b", "ab", "b", "é", "a0", "\u{1}"];
        let mut paths: Vec<PathBuf> = Vec::new();
        for first in parts {
            paths.push(PathBuf::from("logs").join(first));
            for second in parts {
                paths.push(PathBuf::from("logs").join(first).join(second));
                paths.push(PathBuf::from("logs").join(first).join(second).join("c"));
            }
        }
        let mut by_path = paths.clone();
        by_path.sort();
        paths.reverse();
        let mut found: Vec<(PathBuf, PathBuf)> =
            paths.into_iter().map(|p| (p, PathBuf::new())).collect();
        sort_walked(&mut found);
        let walked: Vec<PathBuf> = found.into_iter().map(|(p, _)| p).collect();
        assert_eq!(walked, by_path);
        assert_eq!(
            below(Path::new("/srv/logs"), Path::new("/srv/logs/a/b.toml")),
            Some(Path::new("a/b.toml"))
        );
        assert_eq!(
            below(Path::new("/"), Path::new("/a.toml")),
            Some(Path::new("a.toml"))
        );
        assert_eq!(
            below(Path::new("/srv/logs"), Path::new("/srv/logs")),
            Some(Path::new(""))
        );
        assert_eq!(below(Path::new("/srv/log"), Path::new("/srv/logs/a")), None);
    }

    fn names(dir: &Path, walk: &WalkOptions) -> Vec<String> {
        let (found, errors) =
            find_files(dir, walk, &|p| p.extension().is_some_and(|e| e == "toml"));
        assert!(errors.is_empty(), "{errors:?}");
        found
            .iter()
            .filter_map(|p| p.strip_prefix(dir).ok())
            .map(|p| p.display().to_string())
            .collect()
    }

    #[test]
    fn a_walk_skips_hidden_ignored_dependency_and_excluded_entries() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        for name in [
            "a.toml",
            ".b.toml",
            ".git/c.toml",
            "node_modules/d/e.toml",
            "drafts/f.toml",
            "keep/drafts/g.toml",
            "old/h.toml",
            "sub/i.toml",
            "sub/j.bak.toml",
        ] {
            let path = root.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, "")?;
        }
        std::fs::write(root.join(".gitignore"), "/drafts/\n")?;
        std::fs::write(root.join("sub/.ignore"), "*.bak.toml\n")?;
        assert_eq!(
            names(root, &WalkOptions::new()),
            ["a.toml", "keep/drafts/g.toml", "old/h.toml", "sub/i.toml"]
        );
        let walk = WalkOptions::excluding(["old", "keep/"]).map_err(std::io::Error::other)?;
        assert_eq!(names(root, &walk), ["a.toml", "sub/i.toml"]);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_is_kept_and_a_linked_directory_is_not_followed() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir(root.join("real"))?;
        std::fs::write(root.join("real/a.toml"), "")?;
        std::os::unix::fs::symlink(root.join("real"), root.join("loop"))?;
        std::os::unix::fs::symlink(root.join("nowhere.toml"), root.join("dangling.toml"))?;
        assert_eq!(
            names(root, &WalkOptions::new()),
            ["dangling.toml", "real/a.toml"]
        );
        Ok(())
    }

    #[test]
    fn only_the_parents_inside_the_repository_give_ignore_files() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = canonical(dir.path());
        std::fs::create_dir_all(root.join("repo/.git"))?;
        std::fs::create_dir_all(root.join("repo/a/b"))?;
        assert_eq!(
            repository_parents(&root.join("repo/a/b")),
            [root.join("repo"), root.join("repo/a")]
        );
        assert!(repository_parents(&root.join("repo")).is_empty());
        Ok(())
    }

    #[test]
    fn an_exclude_glob_is_checked_when_given() {
        assert_eq!(exclude_glob("drafts/"), Ok("drafts/".to_owned()));
        assert_eq!(
            exclude_glob("**/*.bak.toml"),
            Ok("**/*.bak.toml".to_owned())
        );
        assert_eq!(
            exclude_glob("[a-"),
            Err("unclosed character class; missing ']'".to_owned())
        );
        assert!(exclude_glob("!drafts").is_err());
        assert!(exclude_glob(" ").is_err());
        let mut walk = WalkOptions::new();
        assert!(walk.exclude("a/").is_ok() && walk.exclude("a/").is_ok());
        assert_eq!(walk.excluded(), ["a/"]);
    }

    /// Standard input and files that grow or misstate their size (`/proc`) stop at the limit.
    #[test]
    fn reading_stops_one_byte_past_the_limit() {
        let text = b"0123456789";
        assert_eq!(read_limited(&text[..], 10, 0).ok(), Some(text.to_vec()));
        let error = read_limited(&text[..], 9, 4).err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some("it is larger than 256 MiB, the most `mentor` reads from one file")
        );
        // An endless reader is cut off too.
        assert!(read_limited(std::io::repeat(0), 1000, 0).is_err());
    }
}
