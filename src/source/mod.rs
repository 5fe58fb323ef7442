//! Source files and spans.
//!
//! Every file the tool reads (programs, imported libraries, session logs) is added to one
//! [`Sources`] map and addressed by a [`SourceId`]. Spans are owned (`SourceId` + byte range),
//! so diagnostics outlive the parser and can point into two files at once.
//!
//! Line and column lookups go through `codespan-reporting`'s line index (computed once per file,
//! binary-searched per lookup). miette's own `SourceCode` impl for `String` rescans from byte 0
//! for every span, which is quadratic on large files; [`IndexedSource`] reuses the index instead.
//!
//! `mod.rs` holds the ids and spans, `index.rs` a file's line and character index (and the miette
//! adapter), `mask.rs` the masking of a pair's words before lines are shown, `register.rs` the
//! registering of what was read (and `F001`/`F002` for what could not be), and `files.rs` every
//! read of the file system.

mod files;
mod index;
mod mask;
mod program_paths;
mod register;
mod streamed;
mod walk;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub(crate) use files::not_a_program_file;
pub use files::{
    ConfigSearch, FileVersion, LineBlocks, MAX_FILE_BYTES, MAX_STREAMED_BYTES, Read, canonical,
    canonical_if_found, file_above, file_version, find_config, is_directory, is_one_line_block,
    is_regular_file, program_files_above, read_bytes, read_file, read_limited, read_ranges,
    read_stdin, register_read,
};
pub use index::{IndexedSource, SNIPPET_CONTEXT, SNIPPET_MAX, SNIPPET_SPAN, SourceFile};
pub use mask::{mask_all, mask_range};
pub(crate) use program_paths::{expand_program_paths, expand_program_paths_with};
pub use register::{cannot_read, decode, not_utf8, unreadable};
pub use streamed::{ExaminedLines, KeptLine};
pub use walk::{
    SKIPPED_DIRECTORIES, WalkOptions, exclude_glob, find_files, find_files_with_identity,
};

/// Identifies one file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SourceId(u32);

impl SourceId {
    /// The position of the file in [`Sources`], from 0 in the order added.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub source: SourceId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(source: SourceId, range: Range<usize>) -> Span {
        Span {
            source,
            start: clamp_u32(range.start),
            end: clamp_u32(range.end),
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both (both must be in the same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            source: self.source,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and column (column counted in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// The most text of deferred files (see [`Sources::add_deferred`]) a run keeps from their
/// checks for the findings in them: 32 MiB, about 12,000 logs of 2.5 KB. The files with findings
/// past it are read again for them, so a directory where most logs have findings is still not
/// held whole while it is checked.
pub const KEPT_TEXT_BYTES: usize = 32 << 20;

/// All files read in one run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
    /// Bytes of deferred files' text kept from their checks (at most [`KEPT_TEXT_BYTES`]).
    kept_bytes: AtomicUsize,
    /// The libraries imports read, parsed, so that a run reads each once
    /// (see `resolve::ImportCache`).
    pub(crate) imports: crate::resolve::ImportCache,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> SourceId {
        let id = SourceId(clamp_u32(self.files.len()));
        self.files
            .push(Arc::new(SourceFile::new(name.into(), text.into())));
        id
    }

    /// Registers the file at `path` without reading it: a JSON Lines file read in a stream,
    /// whose line starts and kept lines are recorded on its [`SourceFile`] as they are known.
    pub fn add_streamed(&mut self, name: impl Into<String>, path: PathBuf) -> SourceId {
        let id = SourceId(clamp_u32(self.files.len()));
        self.files
            .push(Arc::new(SourceFile::streamed(name.into(), path)));
        id
    }

    /// Registers the file at `path` without its text: it is read where its logs are checked,
    /// its text kept if they have findings ([`Sources::keep_deferred_text`]) and read again
    /// only if a finding found later points into it ([`Sources::fill_deferred`]).
    pub fn add_deferred(&mut self, name: impl Into<String>, path: PathBuf) -> SourceId {
        let id = SourceId(clamp_u32(self.files.len()));
        self.files
            .push(Arc::new(SourceFile::deferred(name.into(), path)));
        id
    }

    /// Keeps `text`, what was read of the deferred file `id` when its checks found something,
    /// for the report, while what is kept stays within [`KEPT_TEXT_BYTES`]; past it, the file's
    /// length and hash are kept instead, and it is read again should a finding need it.
    pub fn keep_deferred_text(&self, id: SourceId, text: String) {
        let len = text.len();
        let within = self
            .kept_bytes
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |kept| {
                kept.checked_add(len)
                    .filter(|&total| total <= KEPT_TEXT_BYTES)
            })
            .is_ok();
        let file = self.get(id);
        if within {
            file.keep_deferred_text(text);
        } else {
            file.record_deferred_read(text.as_bytes());
        }
    }

    /// Lets go of the text the deferred file `id` kept (see
    /// [`SourceFile::forget_kept_text`]): no finding points into it any more.
    pub fn forget_kept_text(&mut self, id: SourceId) {
        if let Some(file) = self.files.get_mut(id.0 as usize).and_then(Arc::get_mut) {
            file.forget_kept_text();
        }
    }

    /// The text of the deferred file `id` kept when it was checked (see
    /// [`Sources::keep_deferred_text`]), taken out of it: the file is to be filled with it at
    /// once ([`Sources::fill_deferred_with`]).
    pub fn take_kept_text(&mut self, id: SourceId) -> Option<String> {
        let file = self.files.get_mut(id.0 as usize)?;
        // Shared (a report still holds it): nothing is taken, and the file is read again and
        // compared with the text it kept.
        Arc::get_mut(file)?.take_kept_text()
    }

    /// Gives the deferred file `id` its text, as `file` (built with its name and indexed where
    /// it was read again, or from the text kept).
    pub fn fill_deferred_with(&mut self, id: SourceId, file: SourceFile) {
        if let Some(slot) = self.files.get_mut(id.0 as usize) {
            *slot = Arc::new(file);
        }
    }

    /// Gives a deferred file its text, read again for the findings that point into it.
    pub fn fill_deferred(&mut self, id: SourceId, text: String) {
        if let Some(file) = self.files.get_mut(id.0 as usize) {
            let name = file.name().to_owned();
            *file = Arc::new(SourceFile::new(name, text));
        }
    }

    pub fn get(&self, id: SourceId) -> &Arc<SourceFile> {
        &self.files[id.0 as usize]
    }

    pub fn name(&self, id: SourceId) -> &str {
        self.get(id).name()
    }

    pub fn text(&self, id: SourceId) -> &str {
        self.get(id).text()
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.text(span.source).get(span.range()).unwrap_or("")
    }

    pub fn line_column(&self, span: Span) -> LineColumn {
        self.get(span.source).line_column(span.start as usize)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Every id, in the order the files were added.
    pub fn ids(&self) -> impl Iterator<Item = SourceId> {
        (0..self.files.len()).map(|i| SourceId(clamp_u32(i)))
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
