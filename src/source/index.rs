//! One file's text with the indexes that answer "which line, which column" quickly, and the
//! `miette::SourceCode` adapter over them.
//!
//! Lookups go through `codespan-reporting`'s line index (built once per file) and a block index
//! of character counts: a JSON log exported on one line is megabytes long, and both miette's own
//! `String` impl and counting from the line start would make every diagnostic cost a rescan.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use codespan_reporting::files::{Files, SimpleFile};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::LineColumn;
use super::streamed::{ExaminedLines, KeptLine, Streamed};

/// One file: its display name, its text, and a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The text is kept as read (a `String`), never copied into another buffer.
    file: SimpleFile<String, String>,
    /// Character counts, for columns; built on first use (most files never need a column).
    chars: OnceLock<CharIndex>,
    /// For a file read in a stream: its line starts and the lines kept of it. Its `text` is
    /// then empty.
    streamed: Option<Box<Streamed>>,
    /// For a file read when its logs are checked: where it is, and what was kept of what was
    /// read (its text, or a hash of it). Its `text` is empty until a finding needs it
    /// ([`Sources::fill_deferred`]).
    deferred: Option<Box<Deferred>>,
    /// For a copy of part of a file made for display: the line of the file its first line is,
    /// so a report numbers lines as the file does (0 for a whole file).
    first_line: usize,
}

/// A file read where it is checked: its path, and what was kept of what was read.
#[derive(Debug)]
pub(crate) struct Deferred {
    path: PathBuf,
    read: OnceLock<Checked>,
}

/// What is kept of a deferred file once its logs are checked.
#[derive(Debug)]
enum Checked {
    /// Its text, when its checks found something (within [`super::KEPT_TEXT_BYTES`]): the
    /// report will likely show it.
    Kept(String),
    /// The length and hash of its bytes (UTF-8 or not), when no finding points into it yet: a
    /// finding found later (a pair's other log, `L034`) reads it again, and the text read then
    /// is known to be the text checked.
    Hashed(usize, u64),
}

impl SourceFile {
    /// A file of `name` holding `text`, outside any [`Sources`]: a copy made for display
    /// (see `render::visible`).
    pub fn new(name: String, text: String) -> SourceFile {
        SourceFile {
            file: SimpleFile::new(name, text),
            chars: OnceLock::new(),
            streamed: None,
            deferred: None,
            first_line: 0,
        }
    }

    /// A file of `name` holding `text`, with where its lines start and how its characters
    /// lie already found: built on the thread that read it, so that a report on thousands of
    /// files does not index them one by one.
    pub fn indexed(name: String, text: String) -> SourceFile {
        let file = SourceFile::new(name, text);
        let _ = file.chars.set(CharIndex::new(file.text()));
        file
    }

    /// Part of a file, copied for display from its line `first_line` (0-based) on: a report
    /// shows that line's number for its first line.
    pub fn part(name: String, text: String, first_line: usize) -> SourceFile {
        SourceFile {
            first_line,
            ..SourceFile::new(name, text)
        }
    }

    /// The file at `path`, to be read where its logs are checked (see [`Sources::add_deferred`]).
    pub(super) fn deferred(name: String, path: PathBuf) -> SourceFile {
        SourceFile {
            file: SimpleFile::new(name, String::new()),
            chars: OnceLock::new(),
            streamed: None,
            first_line: 0,
            deferred: Some(Box::new(Deferred {
                path,
                read: OnceLock::new(),
            })),
        }
    }

    /// Where a file read when checked is on disk, while its text is not kept; `None` otherwise.
    pub fn deferred_path(&self) -> Option<&Path> {
        self.deferred.as_deref().map(|d| d.path.as_path())
    }

    /// Notes what was read of a deferred file when it was checked (its bytes, UTF-8 or not),
    /// once.
    pub fn record_deferred_read(&self, bytes: &[u8]) {
        if let Some(deferred) = &self.deferred {
            let _ = deferred
                .read
                .set(Checked::Hashed(bytes.len(), text_hash(bytes)));
        }
    }

    /// Keeps the text of a deferred file its checks found something in, once: the report
    /// likely needs it, and reading it again would cost a second open and read of each. (Through
    /// [`Sources::keep_deferred_text`], which counts what is kept.)
    pub(super) fn keep_deferred_text(&self, text: String) {
        if let Some(deferred) = &self.deferred {
            let _ = deferred.read.set(Checked::Kept(text));
        }
    }

    /// The text [`SourceFile::keep_deferred_text`] kept, taken: the file then reads as never
    /// read, and is to be replaced by one holding the text at once
    /// ([`Sources::fill_deferred_with`]).
    pub(super) fn take_kept_text(&mut self) -> Option<String> {
        let deferred = self.deferred.as_mut()?;
        match deferred.read.take()? {
            Checked::Kept(text) => Some(text),
            hashed => {
                let _ = deferred.read.set(hashed);
                None
            }
        }
    }

    /// Turns a kept text no finding points into any more (one `--ignore` or a baseline left
    /// out) into its length and hash, as for a file with no finding: the text goes, and a
    /// finding found after would still read the file again and know it for the one checked.
    pub(super) fn forget_kept_text(&mut self) {
        if let Some(deferred) = self.deferred.as_mut()
            && let Some(Checked::Kept(text)) = deferred.read.take()
        {
            let _ = deferred
                .read
                .set(Checked::Hashed(text.len(), text_hash(text.as_bytes())));
        }
    }

    /// Whether anything was read of this deferred file when it was checked.
    pub fn was_deferred_read(&self) -> bool {
        self.deferred
            .as_ref()
            .is_some_and(|d| d.read.get().is_some())
    }

    /// Whether `bytes` are what was read of this deferred file when it was checked.
    pub fn is_deferred_read(&self, bytes: &[u8]) -> bool {
        self.deferred
            .as_ref()
            .and_then(|d| d.read.get())
            .is_some_and(|checked| match checked {
                Checked::Kept(text) => text.as_bytes() == bytes,
                &Checked::Hashed(len, hash) => len == bytes.len() && hash == text_hash(bytes),
            })
    }

    /// The file at `path`, to be read in a stream (see [`Sources::add_streamed`]).
    pub(super) fn streamed(name: String, path: PathBuf) -> SourceFile {
        SourceFile {
            file: SimpleFile::new(name, String::new()),
            chars: OnceLock::new(),
            streamed: Some(Box::new(Streamed::new(path))),
            deferred: None,
            first_line: 0,
        }
    }

    /// Where a file read in a stream is on disk; `None` for a file read whole.
    pub fn streamed_path(&self) -> Option<&Path> {
        self.streamed.as_deref().map(Streamed::path)
    }

    /// Records where each line of a streamed file starts (`starts` begins with 0), once.
    pub fn set_line_starts(&self, starts: Vec<u32>, len: usize, byte_order_mark: bool) {
        if let Some(streamed) = &self.streamed {
            streamed.set_line_starts(starts, len, byte_order_mark);
        }
    }

    /// Records what the reading pass kept of a streamed file's lines with findings.
    pub fn set_examined_lines(&self, examined: ExaminedLines) {
        if let Some(streamed) = &self.streamed {
            streamed.set_examined(examined);
        }
    }

    /// Takes what the reading pass kept of a streamed file's lines with findings (nothing for
    /// a file read whole, or once taken).
    pub fn take_examined_lines(&self) -> ExaminedLines {
        self.streamed
            .as_ref()
            .map(|streamed| streamed.take_examined())
            .unwrap_or_default()
    }

    /// Records what counting columns needs of the lines findings point into in a streamed
    /// file, by 0-based line, once.
    pub fn set_kept_lines(&self, kept: BTreeMap<usize, KeptLine>) {
        if let Some(streamed) = &self.streamed {
            streamed.set_kept(kept);
        }
    }

    /// Sets the lines of a streamed file a human report shows now (masked, by 0-based line),
    /// replacing those set before.
    pub fn set_shown_lines(&self, shown: BTreeMap<usize, String>) {
        if let Some(streamed) = &self.streamed {
            streamed.set_shown(shown);
        }
    }

    /// `read` of the lines of a streamed file a human report shows now (none for a file read
    /// whole).
    pub fn with_shown_lines<R>(&self, read: impl FnOnce(&BTreeMap<usize, String>) -> R) -> R {
        match &self.streamed {
            Some(streamed) => streamed.with_shown(read),
            None => read(&BTreeMap::new()),
        }
    }

    /// The length of the file in bytes (of a streamed file, on disk).
    pub fn len(&self) -> usize {
        match &self.streamed {
            Some(streamed) => streamed.len(),
            None => self.text().len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the line holding `offset` ends, before its line break.
    pub fn line_end(&self, offset: usize) -> usize {
        match &self.streamed {
            Some(streamed) => {
                let line = streamed.line_index(offset);
                let end = streamed.line_range(line).map_or(offset, |r| r.end);
                // The next line's start is after the break; the last line has none.
                if line < streamed.last_line_index() {
                    end.saturating_sub(1).max(offset)
                } else {
                    end.max(offset)
                }
            }
            None => {
                let text = self.text();
                text.get(offset..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(text.len(), |i| offset + i)
            }
        }
    }

    /// The byte range of the 0-based `line`, with its line break; `None` past the last line.
    pub fn line_bounds(&self, line: usize) -> Option<Range<usize>> {
        self.line_range(line)
    }

    /// The 0-based line holding `offset`, and where that line starts.
    pub fn line_start(&self, offset: usize) -> (usize, usize) {
        let line = self.line_index(offset);
        (line, self.line_range(line).map_or(0, |r| r.start))
    }
}

/// Answers "how many characters before this byte" in O(1), however long the line: a JSON log
/// exported on one line is a single line of megabytes, and counting from the line start for
/// every diagnostic would be quadratic.
#[derive(Debug)]
enum CharIndex {
    /// Every byte is a character.
    Ascii,
    /// The character count before each block of `CHAR_BLOCK` bytes.
    Blocks(Vec<u32>),
}

const CHAR_BLOCK: usize = 256;

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex::Ascii;
        }
        let mut before = Vec::with_capacity(text.len() / CHAR_BLOCK + 1);
        let mut count: u32 = 0;
        for block in text.as_bytes().chunks(CHAR_BLOCK) {
            before.push(count);
            // A character starts at every byte that is not a UTF-8 continuation byte.
            let starts = block.iter().filter(|&&b| (b as i8) >= -0x40).count();
            count = count.saturating_add(u32::try_from(starts).unwrap_or(u32::MAX));
        }
        // The end of the text is an offset too: when the length is a multiple of the block
        // size it starts a block of its own, which needs its count.
        before.push(count);
        CharIndex::Blocks(before)
    }

    /// Characters in `text[..offset]`; `offset` is a char boundary.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        match self {
            CharIndex::Ascii => offset,
            CharIndex::Blocks(before) => {
                let block = offset / CHAR_BLOCK;
                let start = block * CHAR_BLOCK;
                let in_block = text.as_bytes()[start..offset]
                    .iter()
                    .filter(|&&b| (b as i8) >= -0x40)
                    .count();
                before.get(block).map_or(0, |&n| n as usize) + in_block
            }
        }
    }
}

impl SourceFile {
    pub fn name(&self) -> &str {
        self.file.name()
    }

    pub fn text(&self) -> &str {
        self.file.source()
    }

    /// Line and column of a byte offset; offsets past the end map to the end.
    pub fn line_column(&self, offset: usize) -> LineColumn {
        if let Some(streamed) = &self.streamed {
            return streamed.line_column(offset);
        }
        let offset = self.floor_char_boundary(offset);
        let line = self.line_index(offset);
        let mut line_start = self.line_range(line).map_or(0, |r| r.start).min(offset);
        // A byte-order mark is no character an editor shows: the first line's columns count
        // from after it (a CSV header's cells keep their columns with or without one).
        if line_start == 0 && self.text().starts_with('\u{feff}') {
            line_start = '\u{feff}'.len_utf8().min(offset);
        }
        LineColumn {
            line: line + 1,
            column: self.chars_between(line_start, offset) + 1
                - self.mark_before(line_start, offset),
        }
    }

    /// 1 when `offset` is on the first line (`line_start` 0) after a byte-order mark: editors
    /// do not show it, so it is no column (an annotation at `1:12` lands on the editor's 12th).
    fn mark_before(&self, line_start: usize, offset: usize) -> usize {
        usize::from(
            line_start == 0
                && offset >= '\u{feff}'.len_utf8()
                && self.text().starts_with('\u{feff}'),
        )
    }

    /// Characters in `text[start..end]` (both char boundaries, `start <= end`).
    fn chars_between(&self, start: usize, end: usize) -> usize {
        let text = self.text();
        let index = self.chars.get_or_init(|| CharIndex::new(text));
        index.chars_before(text, end) - index.chars_before(text, start)
    }

    /// Narrows the text shown around a span (`start..end`, beginning at `line` and `column`,
    /// 0-based) to [`SNIPPET_CONTEXT`] bytes each side of at most [`SNIPPET_SPAN`] bytes of the
    /// span (called when the snippet is longer than [`SNIPPET_MAX`]): a one-line JSON log or a program line of
    /// megabytes must not be printed once per diagnostic. The snippet may then start and end
    /// inside a line.
    fn window(
        &self,
        start: usize,
        end: usize,
        span_start: usize,
        span_end: usize,
        line: usize,
        column: usize,
    ) -> (usize, usize, usize, usize) {
        let shown_end = span_end.min(span_start + SNIPPET_SPAN);
        let new_start = self
            .floor_char_boundary(span_start.saturating_sub(SNIPPET_CONTEXT))
            .max(start);
        let new_end = self
            .ceil_char_boundary(shown_end + SNIPPET_CONTEXT)
            .min(end)
            .max(new_start);
        if new_start == start {
            return (start, new_end, line, column);
        }
        let new_line = self.line_index(new_start);
        let line_start = self
            .line_range(new_line)
            .map_or(0, |r| r.start)
            .min(new_start);
        let new_column = self.chars_between(line_start, new_start);
        (new_start, new_end, new_line, new_column)
    }

    fn ceil_char_boundary(&self, offset: usize) -> usize {
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let text = self.text();
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn line_index(&self, offset: usize) -> usize {
        match &self.streamed {
            Some(streamed) => streamed.line_index(offset),
            None => self.file.line_index((), offset).unwrap_or(0),
        }
    }

    fn line_range(&self, line_index: usize) -> Option<Range<usize>> {
        match &self.streamed {
            Some(streamed) => streamed.line_range(line_index),
            None => self.file.line_range((), line_index).ok(),
        }
    }

    /// The 0-based index of the file's last line (the empty one after a final line break).
    pub fn last_line_index(&self) -> usize {
        match &self.streamed {
            Some(streamed) => streamed.last_line_index(),
            None => self.line_index(self.text().len()),
        }
    }
}

/// A human snippet longer than this (in bytes) is cut to a window around its span.
pub const SNIPPET_MAX: usize = 4096;
/// Bytes of context kept each side of the span in a cut snippet.
pub const SNIPPET_CONTEXT: usize = 160;
/// Bytes of a long span kept in a cut snippet.
pub const SNIPPET_SPAN: usize = 1024;

/// A [`SourceFile`] as miette's `SourceCode`, answering span lookups from the line index.
#[derive(Debug, Clone)]
pub struct IndexedSource(pub Arc<SourceFile>);

impl SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let file = &self.0;
        let text = file.text();
        let span_start = span.offset();
        let span_end = span_start + span.len();
        if span_end > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = file.line_index(span_start);
        let last_span_line = file.line_index(span_end.saturating_sub(1).max(span_start));
        let last_line = (last_span_line + context_lines_after).min(file.last_line_index());
        let context_first_line = first_line.saturating_sub(context_lines_before);
        // Like miette's own implementation: without context lines before, the contents start at
        // the span itself and the column is the span's column; otherwise at a line start.
        let (start, column) = if context_lines_before == 0 {
            // miette shows this column in the report's header; count characters, as the
            // short and JSON formats do, not bytes.
            let line_start = file.line_range(first_line).map_or(0, |r| r.start);
            let line_start = line_start.min(span_start);
            let column = file.chars_between(line_start, span_start)
                - file.mark_before(line_start, span_start);
            (span_start, column)
        } else {
            (
                file.line_range(context_first_line).map_or(0, |r| r.start),
                0,
            )
        };
        let end = file
            .line_range(last_line)
            .map_or(text.len(), |r| r.end)
            .max(span_end);
        let line = if context_lines_before == 0 {
            first_line
        } else {
            context_first_line
        };
        let (start, end, line, column, last_line) = if end - start > SNIPPET_MAX {
            let (start, end, line, column) =
                file.window(start, end, span_start, span_end, line, column);
            let last_line = file.line_index(end.saturating_sub(1).max(start)).max(line);
            (start, end, line, column, last_line)
        } else {
            (start, end, line, column, last_line)
        };
        Ok(Box::new(MietteSpanContents::new_named(
            file.name().to_owned(),
            &text.as_bytes()[start..end],
            (start, end - start).into(),
            line + file.first_line,
            column,
            last_line - line + 1,
        )))
    }
}

/// A hash of a file's bytes, to tell a file read again from one that changed in between. Seeded
/// at random once per run, so no file can be written to collide with another on purpose
/// without knowing the seed. (foldhash, not std's SipHash: every file of a walk is hashed, and
/// SipHash took 3% of a 19,100-file run.)
fn text_hash(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher as _;
    static SEED: OnceLock<foldhash::quality::RandomState> = OnceLock::new();
    SEED.get_or_init(foldhash::quality::RandomState::default)
        .hash_one(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    /// Columns from the block index equal counting characters from the line start, across
    /// block boundaries, on ASCII and non-ASCII text, on one long line and on many.
    #[test]
    fn columns_count_characters_at_every_offset() {
        let long_line = "ü€x𝄞 ".repeat(300);
        let many_lines = "aé\nb€c\n\nd".repeat(100);
        // 512 bytes: the end of the text starts a block of its own.
        let whole_blocks = "é".repeat(CHAR_BLOCK);
        for text in [
            long_line.as_str(),
            many_lines.as_str(),
            whole_blocks.as_str(),
            "plain ascii\nline two",
        ] {
            let mut sources = Sources::new();
            let id = sources.add("t", text);
            let file = sources.get(id);
            let offsets = text.char_indices().map(|(offset, _)| offset);
            for offset in offsets.chain([text.len()]) {
                let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let expected = LineColumn {
                    line: text[..offset].matches('\n').count() + 1,
                    column: text[line_start..offset].chars().count() + 1,
                };
                assert_eq!(file.line_column(offset), expected, "offset {offset}");
            }
        }
    }

    /// A byte-order mark is no column: editors do not show it.
    #[test]
    fn a_byte_order_mark_is_no_column_on_the_first_line() {
        let text = "\u{feff}ab\ncd";
        let mut sources = Sources::new();
        let id = sources.add("bom", text);
        let file = sources.get(id);
        let at = |needle: char| text.find(needle).unwrap_or(0);
        assert_eq!(file.line_column(at('a')), LineColumn { line: 1, column: 1 });
        assert_eq!(file.line_column(at('b')), LineColumn { line: 1, column: 2 });
        assert_eq!(file.line_column(at('d')), LineColumn { line: 2, column: 2 });
    }
}
