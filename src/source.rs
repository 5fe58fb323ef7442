//! Source files and spans.
//!
//! Every file the tool reads (programs, imported libraries, session logs) is added to one
//! [`Sources`] map and addressed by a [`SourceId`]. Spans are owned (`SourceId` + byte range),
//! so diagnostics outlive the parser and can point into two files at once.
//!
//! Line and column lookups go through `codespan-reporting`'s line index (computed once per file,
//! binary-searched per lookup). miette's own `SourceCode` impl for `String` rescans from byte 0
//! for every span, which is quadratic on large files; [`IndexedSource`] reuses the index instead.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use codespan_reporting::files::{Files, SimpleFile};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

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

/// One file: its display name, its text, and a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The text is kept as read (a `String`), never copied into another buffer.
    file: SimpleFile<String, String>,
    /// Character counts, for columns; built on first use (most files never need a column).
    chars: OnceLock<CharIndex>,
}

impl SourceFile {
    /// A file of `name` holding `text`, outside any [`Sources`]: a copy made for display
    /// (see `render::visible`).
    pub fn new(name: String, text: String) -> SourceFile {
        SourceFile {
            file: SimpleFile::new(name, text),
            chars: OnceLock::new(),
        }
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
        let offset = self.floor_char_boundary(offset);
        let line = self.line_index(offset);
        let line_start = self.line_range(line).map_or(0, |r| r.start).min(offset);
        LineColumn {
            line: line + 1,
            column: self.chars_between(line_start, offset) + 1,
        }
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
        self.file.line_index((), offset).unwrap_or(0)
    }

    fn line_range(&self, line_index: usize) -> Option<Range<usize>> {
        self.file.line_range((), line_index).ok()
    }

    fn last_line_index(&self) -> usize {
        self.line_index(self.text().len())
    }
}

/// A human snippet longer than this (in bytes) is cut to a window around its span.
pub const SNIPPET_MAX: usize = 4096;
/// Bytes of context kept each side of the span in a cut snippet.
pub const SNIPPET_CONTEXT: usize = 160;
/// Bytes of a long span kept in a cut snippet.
pub const SNIPPET_SPAN: usize = 1024;

/// All files read in one run.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
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
        self.files.push(Arc::new(SourceFile {
            file: SimpleFile::new(name.into(), text.into()),
            chars: OnceLock::new(),
        }));
        id
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

    /// Replaces the quoted text inside each span with mask characters of the same UTF-8 length,
    /// so offsets, lines and columns are unchanged while the words are gone. Used before showing
    /// log lines around a diagnostic: a neighbouring line may hold a pair's private reflection.
    pub fn mask(&mut self, spans: impl IntoIterator<Item = Span>) {
        let mut by_source: Vec<Vec<Span>> = vec![Vec::new(); self.files.len()];
        for span in spans {
            if let Some(list) = by_source.get_mut(span.source.0 as usize) {
                list.push(span);
            }
        }
        for (index, spans) in by_source.into_iter().enumerate() {
            if spans.is_empty() {
                continue;
            }
            let old = &self.files[index];
            let mut text = old.text().to_owned();
            for span in spans {
                mask_range(&mut text, span.range());
            }
            self.files[index] = Arc::new(SourceFile {
                file: SimpleFile::new(old.name().to_owned(), text),
                chars: OnceLock::new(),
            });
        }
    }

    /// Masks every character in `ranges` of `source` but line breaks (same UTF-8 lengths, so
    /// positions do not move): for text whose quoting is not known, such as a log that did not
    /// parse (see `log::unparsed_text_ranges`).
    pub fn mask_ranges(&mut self, source: SourceId, ranges: &[Range<usize>]) {
        let Some(old) = self.files.get(source.0 as usize) else {
            return;
        };
        if ranges.is_empty() {
            return;
        }
        let mut text = old.text().to_owned();
        for range in ranges {
            let Some(slice) = text.get(range.clone()) else {
                continue;
            };
            let masked: String = slice.chars().map(mask_char).collect();
            text.replace_range(range.clone(), &masked);
        }
        let name = old.name().to_owned();
        self.files[source.0 as usize] = Arc::new(SourceFile {
            file: SimpleFile::new(name, text),
            chars: OnceLock::new(),
        });
    }

    /// Every id, in the order the files were added.
    pub fn ids(&self) -> impl Iterator<Item = SourceId> {
        (0..self.files.len()).map(|i| SourceId(clamp_u32(i)))
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Masks the quoted text inside `text[range]` in place; quotes, keys, numbers, dates and line
/// breaks stay as they are.
fn mask_range(text: &mut String, range: Range<usize>) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let mut open_quote: Option<char> = None;
    let mut escaped = false;
    let masked: String = slice
        .chars()
        .map(|c| match open_quote {
            None => {
                if c == '"' || c == '\'' {
                    open_quote = Some(c);
                }
                c
            }
            Some(quote) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && quote == '"' {
                    escaped = true;
                } else if c == quote {
                    open_quote = None;
                    return c;
                }
                mask_char(c)
            }
        })
        .collect();
    text.replace_range(range, &masked);
}

/// A mask character of the same UTF-8 length, so offsets and columns do not move.
fn mask_char(c: char) -> char {
    match c.len_utf8() {
        _ if c == '\n' || c == '\r' => c,
        1 => '*',
        2 => '\u{00B7}',  // ·
        3 => '\u{2022}',  // •
        _ => '\u{1F512}', // 🔒
    }
}

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
            let column = file.chars_between(line_start.min(span_start), span_start);
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
            line,
            column,
            last_line - line + 1,
        )))
    }
}

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

/// Everything `reader` gives, or an error once it gives more than `limit` bytes (standard input
/// is read this way too).
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns from the block index equal counting characters from the line start, across
    /// block boundaries, on ASCII and non-ASCII text, on one long line and on many.
    #[test]
    fn masking_keeps_lengths_lines_and_columns() {
        let text = "takeaway = \"Ask für a pre-mortem ✓ 𝄞\"\nnext = 1\n";
        let mut sources = Sources::new();
        let id = sources.add("log.toml", text);
        let start = text.find('"').unwrap_or(0);
        let end = text.find('\n').unwrap_or(0);
        let after = sources.line_column(Span::new(id, text.len() - 2..text.len() - 1));
        sources.mask([Span::new(id, start..end)]);
        let masked = sources.text(id);
        assert_eq!(masked.len(), text.len());
        assert!(
            !masked.contains("pre-mortem") && !masked.contains("für"),
            "{masked}"
        );
        assert!(masked.starts_with("takeaway = \"***") && masked.contains("\"\nnext = 1"));
        assert_eq!(
            sources.line_column(Span::new(id, text.len() - 2..text.len() - 1)),
            after
        );
    }

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

    #[test]
    fn columns_count_characters_at_every_offset() {
        let long_line = "ü€x𝄞 ".repeat(300);
        let many_lines = "aé\nb€c\n\nd".repeat(100);
        for text in [
            long_line.as_str(),
            many_lines.as_str(),
            "plain ascii\nline two",
        ] {
            let mut sources = Sources::new();
            let id = sources.add("t", text);
            let file = sources.get(id);
            for (offset, _) in text.char_indices() {
                let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
                let expected = LineColumn {
                    line: text[..offset].matches('\n').count() + 1,
                    column: text[line_start..offset].chars().count() + 1,
                };
                assert_eq!(file.line_column(offset), expected, "offset {offset}");
            }
        }
    }
}
