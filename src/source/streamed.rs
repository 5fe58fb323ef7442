//! A file read in a stream (a JSON Lines file of any size): what is kept of it instead of its
//! text. The reading pass records where every line starts, and what counting columns needs of
//! the lines whose records had findings ([`ExaminedLines`]); once the findings are known, a
//! second pass keeps only the other lines they need: those a human report shows (masked), and
//! those holding a character of more than one byte, to count columns in.
//!
//! Positions stay offsets in the real file, so a diagnostic's span means the same whether the
//! file was read whole or streamed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::LineColumn;

/// What a [`SourceFile`](super::SourceFile) read in a stream keeps of its file.
#[derive(Debug)]
pub(super) struct Streamed {
    pub(super) path: PathBuf,
    /// Set once, by the pass that reads the file.
    lines: OnceLock<LineStarts>,
    /// Set by the reading pass: what it kept of the lines holding a record with findings.
    examined: Mutex<ExaminedLines>,
    /// Set once, when the findings are known: what counting the columns of the lines they
    /// point into needs.
    kept: OnceLock<BTreeMap<usize, KeptLine>>,
    /// The lines a human report shows now, masked, by 0-based line: those of every finding, or
    /// those of the reports being written, replaced for each batch of them (a report on a
    /// 500 MB file then holds one batch's lines, not every finding's).
    shown: Mutex<BTreeMap<usize, String>>,
}

/// Where each line of the file starts, and the file's length.
#[derive(Debug)]
struct LineStarts {
    starts: Vec<u32>,
    len: usize,
    /// The file starts with a byte-order mark: no column on line 1.
    byte_order_mark: bool,
}

/// What is kept of a line with characters wider than a byte, to count its columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptLine {
    /// For a line with characters of more than one byte: each such character's offset in the
    /// line and the bytes beyond one that the line holds up to and including it, so a column
    /// is counted without the text. Empty for an ASCII line.
    pub wide: Vec<(u32, u32)>,
}

/// What the reading pass kept of the lines holding a record with findings (most lines the
/// findings will point into): where each starts and, for those with wider characters, what
/// counting their columns needs. Once every finding is known, only the lines the others point
/// into (a repeated pair's first log, say) are read again, where every line with a finding was:
/// 30,000 logs with 5,937 findings spent 10–20 ms of their run (0.15 s) reading 6,000 lines a
/// second time. Flat, a few bytes a line, a block of the file's at a time, each sized exactly: a
/// 500 MB file has tens of thousands, and one list grown by doubling held (with the copies it
/// left behind) 6 MB where 1.2 MB are needed.
#[derive(Debug, Default)]
pub struct ExaminedLines {
    /// In the file's order.
    blocks: Vec<ExaminedBlock>,
}

#[derive(Debug)]
struct ExaminedBlock {
    /// Where each line starts in the file, in the file's order.
    starts: Vec<u32>,
    /// Where each line's characters end in `wide`.
    ends: Vec<u32>,
    /// The lines' [`KeptLine::wide`], one after the other.
    wide: Vec<(u32, u32)>,
}

impl ExaminedLines {
    /// Adds the lines of a block of the file (each line's start and what it keeps), after
    /// those added before them. (Positions are 32-bit, as a streamed file's are: a line that
    /// starts past 4 GiB, which no file read in a stream has, is not kept, and is read again.)
    pub fn add_block<'l>(&mut self, lines: impl Iterator<Item = &'l (usize, KeptLine)> + Clone) {
        let lines = lines.filter_map(|(start, line)| Some((u32::try_from(*start).ok()?, line)));
        let count = lines.clone().count();
        if count == 0 {
            return;
        }
        let characters = lines.clone().map(|(_, line)| line.wide.len()).sum();
        let mut block = ExaminedBlock {
            starts: Vec::with_capacity(count),
            ends: Vec::with_capacity(count),
            wide: Vec::with_capacity(characters),
        };
        for (start, line) in lines {
            block.wide.extend_from_slice(&line.wide);
            block.starts.push(start);
            block
                .ends
                .push(u32::try_from(block.wide.len()).unwrap_or(u32::MAX));
        }
        self.blocks.push(block);
    }

    /// What counting the columns of the line starting at `start` needs, if it was examined.
    pub fn get(&self, start: usize) -> Option<KeptLine> {
        let start = u32::try_from(start).ok()?;
        let block = self
            .blocks
            .partition_point(|block| block.starts.last().is_some_and(|&last| last < start));
        let block = self.blocks.get(block)?;
        let index = block.starts.binary_search(&start).ok()?;
        let begin = match index.checked_sub(1) {
            Some(before) => *block.ends.get(before)? as usize,
            None => 0,
        };
        let end = *block.ends.get(index)? as usize;
        Some(KeptLine {
            wide: block.wide.get(begin..end)?.to_vec(),
        })
    }
}

impl KeptLine {
    /// What `line` (without its line break) needs kept for columns.
    pub fn new(line: &str) -> KeptLine {
        let mut extra = 0u32;
        let mut wide = Vec::new();
        // A line is kilobytes long and nearly all ASCII: runs of ASCII are passed over 32 bytes
        // at a time, and of the rest, a byte `0b11xx_xxxx` starts a character of as many bytes
        // as it has leading ones (in a `str`; no character is decoded).
        for (chunk_index, chunk) in line.as_bytes().chunks(32).enumerate() {
            if chunk.is_ascii() {
                continue;
            }
            for (i, &byte) in chunk.iter().enumerate() {
                if byte >= 0xC0 {
                    extra = extra.saturating_add(byte.leading_ones() - 1);
                    wide.push(((chunk_index * 32 + i) as u32, extra));
                }
            }
        }
        KeptLine { wide }
    }

    /// Characters in the first `bytes` bytes of the line. An offset inside a character (the
    /// end of a one-byte span at an invalid byte, shown as U+FFFD) counts as the character's
    /// start, as for a file read whole.
    fn chars_before(&self, bytes: usize) -> usize {
        let before = self.wide.partition_point(|&(at, _)| (at as usize) < bytes);
        let extra_up_to = |i: Option<usize>| {
            i.and_then(|i| self.wide.get(i))
                .map_or(0, |&(_, extra)| extra as usize)
        };
        let last = before.checked_sub(1);
        let extra = extra_up_to(last);
        if let Some(i) = last
            && let Some(&(at, _)) = self.wide.get(i)
        {
            let width = extra - extra_up_to(i.checked_sub(1)) + 1;
            if bytes < at as usize + width {
                return (at as usize).saturating_sub(extra_up_to(i.checked_sub(1)));
            }
        }
        bytes.saturating_sub(extra)
    }
}

impl Streamed {
    pub(super) fn new(path: PathBuf) -> Streamed {
        Streamed {
            path,
            lines: OnceLock::new(),
            examined: Mutex::new(ExaminedLines::default()),
            kept: OnceLock::new(),
            shown: Mutex::new(BTreeMap::new()),
        }
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    pub(super) fn set_line_starts(&self, starts: Vec<u32>, len: usize, byte_order_mark: bool) {
        let _ = self.lines.set(LineStarts {
            starts,
            len,
            byte_order_mark,
        });
    }

    pub(super) fn set_examined(&self, examined: ExaminedLines) {
        // A poisoned lock only means a thread panicked while it held it: the lines are whole.
        *self.examined.lock().unwrap_or_else(|e| e.into_inner()) = examined;
    }

    pub(super) fn take_examined(&self) -> ExaminedLines {
        std::mem::take(&mut *self.examined.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn set_kept(&self, kept: BTreeMap<usize, KeptLine>) {
        let _ = self.kept.set(kept);
    }

    pub(super) fn set_shown(&self, shown: BTreeMap<usize, String>) {
        // A poisoned lock only means a report panicked while reading: the lines are whole.
        *self.shown.lock().unwrap_or_else(|e| e.into_inner()) = shown;
    }

    pub(super) fn with_shown<R>(&self, read: impl FnOnce(&BTreeMap<usize, String>) -> R) -> R {
        read(&self.shown.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn len(&self) -> usize {
        self.lines.get().map_or(0, |l| l.len)
    }

    /// The 0-based line holding `offset`.
    pub(super) fn line_index(&self, offset: usize) -> usize {
        let Some(lines) = self.lines.get() else {
            return 0;
        };
        lines
            .starts
            .partition_point(|&start| start as usize <= offset)
            .saturating_sub(1)
    }

    /// The byte range of line `index`, with its line break.
    pub(super) fn line_range(&self, index: usize) -> Option<std::ops::Range<usize>> {
        let lines = self.lines.get()?;
        let start = *lines.starts.get(index)? as usize;
        let end = lines
            .starts
            .get(index + 1)
            .map_or(lines.len, |&next| next as usize);
        Some(start..end)
    }

    pub(super) fn last_line_index(&self) -> usize {
        self.lines
            .get()
            .map_or(0, |lines| lines.starts.len().saturating_sub(1))
    }

    pub(super) fn line_column(&self, offset: usize) -> LineColumn {
        let offset = offset.min(self.len());
        let line = self.line_index(offset);
        let mut start = self.line_range(line).map_or(0, |r| r.start);
        let mark = '\u{feff}'.len_utf8();
        if line == 0 && self.lines.get().is_some_and(|l| l.byte_order_mark) && offset >= mark {
            start = mark;
        }
        let bytes = offset.saturating_sub(start);
        let kept = self.kept.get().and_then(|kept| kept.get(&line));
        // A line no finding was kept for is counted in bytes: every line a finding points
        // into is kept when it has a character of more than one byte.
        let before_in_line = match kept {
            Some(kept) if start == mark && line == 0 => {
                kept.chars_before(bytes + mark).saturating_sub(1)
            }
            Some(kept) => kept.chars_before(bytes),
            None => bytes,
        };
        LineColumn {
            line: line + 1,
            column: before_in_line + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examined_lines_are_found_by_their_start_across_blocks() {
        let wide = KeptLine::new("é—x𝄞");
        let ascii = KeptLine::new("{}");
        let mut examined = ExaminedLines::default();
        examined.add_block([(0, wide.clone()), (40, ascii.clone())].iter());
        examined.add_block(std::iter::empty());
        examined.add_block([(90, ascii.clone()), (120, wide.clone())].iter());
        // A line past 4 GiB is not kept (no file read in a stream has one).
        examined.add_block([(1 << 33, wide.clone())].iter());
        assert_eq!(examined.get(0), Some(wide.clone()));
        assert_eq!(examined.get(40), Some(ascii.clone()));
        assert_eq!(examined.get(90), Some(ascii));
        assert_eq!(examined.get(120), Some(wide));
        for unknown in [1, 39, 41, 100, 121, 1 << 33] {
            assert_eq!(examined.get(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn columns_count_characters_from_the_kept_line_and_bytes_elsewhere() {
        let text = "{\"a\": 1}\n\u{feff}\n{\"é—𝄞\": 2}\n";
        let starts: Vec<u32> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
            .collect();
        let streamed = Streamed::new(PathBuf::from("x.jsonl"));
        streamed.set_line_starts(starts, text.len(), false);
        let third = text.find("{\"é").unwrap_or(0);
        let line = &text[third..text.len() - 1];
        streamed.set_kept(BTreeMap::from([(2, KeptLine::new(line))]));
        for (offset, _) in text.char_indices() {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = LineColumn {
                line: text[..offset].matches('\n').count() + 1,
                column: text[line_start..offset].chars().count() + 1,
            };
            if offset >= third || offset < 9 {
                assert_eq!(streamed.line_column(offset), expected, "offset {offset}");
            }
        }
        // An offset inside a character is at that character's column.
        let e_acute = third + "{\"".len();
        assert_eq!(
            streamed.line_column(e_acute + 1),
            streamed.line_column(e_acute)
        );
        assert_eq!(streamed.line_column(e_acute + 3).column, 4);
        assert_eq!(streamed.line_range(1), Some(9..13));
        assert_eq!(streamed.last_line_index(), 3);
    }

    #[test]
    fn a_kept_line_has_every_wide_character_wherever_it_falls() {
        let wide: String = (0..200)
            .map(|i| match i % 7 {
                0 => 'é',
                3 => '—',
                5 => '𝄞',
                _ => 'a',
            })
            .collect();
        // Shifted by up to a chunk and more, so that characters straddle every boundary.
        for lead in 0..40 {
            let line = format!("{}{wide}", "x".repeat(lead));
            let mut extra = 0;
            let expected: Vec<(u32, u32)> = line
                .char_indices()
                .filter(|(_, c)| c.len_utf8() > 1)
                .map(|(at, c)| {
                    extra += c.len_utf8() as u32 - 1;
                    (at as u32, extra)
                })
                .collect();
            assert_eq!(KeptLine::new(&line).wide, expected, "lead {lead}");
        }
    }
}
