//! Every read of the file system but the directory walk ([`super::walk`]): files, file
//! metadata and the questions a path answers (is it a directory, where does it lead), and which
//! paths are read as programs.
//!
//! **Architecture Invariant:** no other module outside `walk.rs` and `cli/writing.rs` (the one
//! writer) touches `std::fs`. IO stays at the edge: the stages read text from [`Sources`], and the language
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

/// The most bytes a file read in blocks ([`LineBlocks`]) may hold: positions in a file
/// are 32-bit offsets.
pub const MAX_STREAMED_BYTES: u64 = u32::MAX as u64;

/// Bytes read at a time by [`LineBlocks`]: large enough that parsing a block costs far more
/// than handing it on, small enough that memory does not grow with the file (each thread that
/// parses holds one block).
const LINE_BLOCK_BYTES: u64 = 1 << 19;

/// Whether [`LineBlocks`] reads the file at `path` in one block (or cannot read it: then
/// reading it says why).
pub fn is_one_line_block(path: &std::path::Path) -> bool {
    std::fs::metadata(path).map_or(true, |metadata| metadata.len() <= LINE_BLOCK_BYTES)
}

/// A regular file read a block of whole lines at a time ([`LineBlocks::next_block`]), until
/// its end. A block ends with a line break, except the file's last; a line longer than a block
/// grows the block. JSON Lines files are read so: a cohort's file may be larger than memory
/// should hold, and only the blocks being parsed are held whole. The threads that parse take
/// turns reading the next block, each into a buffer of its own.
pub struct LineBlocks {
    file: std::fs::File,
    size: u64,
    /// The start of a line past the last block's last break, which begins the next block.
    carried: Vec<u8>,
    /// The offset in the file of the next block (of `carried`'s first byte).
    offset: usize,
    /// Whether a read found the end: a file still being written is not read past it.
    ended: bool,
}

impl LineBlocks {
    pub fn open(path: &std::path::Path) -> std::io::Result<LineBlocks> {
        let (file, size) = open_regular_file(path)?;
        if size > MAX_STREAMED_BYTES {
            return Err(too_large_to_stream());
        }
        Ok(LineBlocks {
            file,
            size,
            carried: Vec::new(),
            offset: 0,
            ended: false,
        })
    }

    /// The file's size when it was opened, to size what a reader keeps per line.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Reads the next block into `block`, emptied first: the block's offset in the file, or
    /// `None` past the end. After a failed read, `None` too: the block it was reading is lost.
    pub fn next_block(&mut self, block: &mut Vec<u8>) -> std::io::Result<Option<usize>> {
        block.clear();
        if self.ended {
            return Ok(None);
        }
        let read = self.read_next(block);
        self.ended |= read.is_err();
        read
    }

    fn read_next(&mut self, block: &mut Vec<u8>) -> std::io::Result<Option<usize>> {
        use std::io::Read as _;
        block.append(&mut self.carried);
        loop {
            // Only what this read adds can hold a line break: the rest of the block has none.
            let searched = block.len();
            // A block is filled up to `LINE_BLOCK_BYTES`, so that one buffer holds every block
            // a thread reads; only a line longer than that grows it, a block's worth at a time.
            let room = match LINE_BLOCK_BYTES.saturating_sub(block.len() as u64) {
                0 => LINE_BLOCK_BYTES,
                room => room,
            };
            // Room for the whole read at once (grown while reading, the block would be copied),
            // and no more than the file has left.
            let left = self.size.saturating_sub((self.offset + block.len()) as u64);
            block.reserve(left.min(room) as usize + 1);
            let read = (&mut self.file).take(room).read_to_end(block)?;
            if (self.offset + block.len()) as u64 > MAX_STREAMED_BYTES {
                return Err(too_large_to_stream());
            }
            if read == 0 {
                self.ended = true;
                if block.is_empty() {
                    return Ok(None);
                }
                let offset = self.offset;
                self.offset += block.len();
                return Ok(Some(offset));
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
                    self.carried.extend_from_slice(&block[whole..]);
                    block.truncate(whole);
                    let offset = self.offset;
                    self.offset += whole;
                    return Ok(Some(offset));
                }
                // One line may be as long as a whole file read at once, no longer: a file with
                // no line break is not held whole.
                None if block.len() as u64 > MAX_FILE_BYTES => return Err(line_too_long()),
                None => {}
            }
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
