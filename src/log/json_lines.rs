//! JSON Lines files: one log per line, read whole or in a stream. A file read in a stream
//! (`mentor validate`'s) never sits in memory whole, whatever its size.
//!
//! The first pass reads the file a block of whole lines at a time, checks each record on the
//! thread that parsed it (as a file read whole is checked) and records where each line starts,
//! and, of each line whose record has findings, what counting its columns needs. Once every
//! finding is known (a duplicate pair is found only at the end), the second pass reads the
//! file again for what the first did not keep: the lines a human report shows, masked, and the
//! columns of lines other findings point into. Spans stay offsets in
//! the real file throughout (see `source::streamed`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use rayon::prelude::*;

use super::{
    Log, LogFormat, LogInput, build, byte_order_mark_len, direct, empty_file, mask, syntax_error,
    tree,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::rules;
use crate::source::{self, ExaminedLines, KeptLine, SourceId, Sources};

/// A JSON Lines record: a line that is not blank, without the blanks around it.
pub(super) struct Record<'t> {
    /// Where it starts in its file.
    pub(super) at: usize,
    pub(super) text: &'t str,
    /// Its line up to its end, with the blanks before it (columns count from the line's
    /// start).
    pub(super) line: &'t str,
}

/// The records of JSON Lines `text`, which starts at `offset` in its file. `from` skips a
/// byte-order mark.
pub(super) fn records(text: &str, from: usize, offset: usize) -> Vec<Record<'_>> {
    // (memchr's search, where `split_inclusive('\n')` was 1.6% of a run's time.)
    let breaks = memchr::memchr_iter(b'\n', text.get(from..).unwrap_or_default().as_bytes());
    records_between(text, from, offset, breaks.map(|at| at + 1))
}

/// [`records`] where the line breaks are known: `line_ends` are the positions just after
/// them in `text[from..]`, in order (the thread reading a streamed block has found them to count
/// lines).
fn records_between(
    text: &str,
    from: usize,
    offset: usize,
    line_ends: impl Iterator<Item = usize>,
) -> Vec<Record<'_>> {
    let mut records = Vec::new();
    let text = text.get(from..).unwrap_or_default();
    // Each line ends after its line break, the last one at the end of the text.
    let line_ends = line_ends.chain(std::iter::once(text.len()));
    let mut line_start = 0;
    for line_end in line_ends {
        let Some(line) = text
            .get(line_start..line_end)
            .filter(|line| !line.is_empty())
        else {
            continue;
        };
        // Without the line break: an error at the end of a cut-short record is then reported
        // on its own line, not at the start of the next.
        let trimmed = line.trim_start();
        if !trimmed.trim_end().is_empty() {
            let lead = line.len() - trimmed.len();
            let text = trimmed.trim_end();
            records.push(Record {
                at: offset + from + line_start + lead,
                text,
                line: line.get(..lead + text.len()).unwrap_or(text),
            });
        }
        line_start = line_end;
    }
    records
}

/// What [`parse_records`] made of a record: what `visit` made of its log, what was found in
/// it, and, when asked and something was found, where its line starts and what counting the
/// line's columns needs.
pub(super) struct Parsed<T> {
    pub(super) log: Option<T>,
    pub(super) found: Diagnostics,
    pub(super) line: Option<(usize, KeptLine)>,
}

/// Each JSON Lines record parsed, built and handed to `visit`, in parallel (records are
/// independent logs); results in the records' order. A streamed file asks for the lines with
/// findings (`keep_lines`): its findings' columns are then counted without reading them again.
pub(super) fn parse_records<T: Send>(
    source: SourceId,
    records: Vec<Record<'_>>,
    keep_lines: bool,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<Parsed<T>> {
    records
        .into_par_iter()
        .map(|record| parse_kept(source, &record, keep_lines, visit))
        .collect()
}

/// What [`parse_records`] makes of one record.
fn parse_kept<T>(
    source: SourceId,
    record: &Record<'_>,
    keep_lines: bool,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Parsed<T> {
    let mut found = Diagnostics::new();
    let log = parse_record(source, record, &mut found, visit);
    let line = (keep_lines && !found.is_empty()).then(|| {
        // (A file's byte-order mark is no part of its first record's line here, so that line
        // is not found where the file's first line starts, and is read again: its columns
        // count from after the mark.)
        let blanks = record.line.len() - record.text.len();
        (record.at - blanks, KeptLine::new(record.line))
    });
    Parsed { log, found, line }
}

/// One record's log, handed to `visit`; what is wrong with it goes to `found`.
fn parse_record<T>(
    source: SourceId,
    record: &Record<'_>,
    found: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Option<T> {
    let (text, at) = (record.text, record.at);
    // Most records are clean logs, built with no value tree between; the others are judged by
    // the builder, from the tree.
    if let Some(log) = direct::clean_log(source, text, at) {
        return Some(visit(log, found));
    }
    match tree::parse_json(source, text, at) {
        Ok(root) => {
            build::build_log(source, LogFormat::JsonLines, root, found).map(|log| visit(log, found))
        }
        Err(error) => {
            found.push(syntax_error(source, "JSON", error));
            None
        }
    }
}

/// The most line breaks a streamed file may have: where each line starts is kept (4 bytes a
/// line), so a file of nothing but line breaks must not make that list gigabytes long. 2^25
/// lines is 128 MiB of positions, and more pair logs than any cohort has.
const MAX_STREAMED_LINES: usize = 1 << 25;

/// What a thread made of one block of a streamed file: where the lines it starts begin, what
/// it found of the file's form, and what its records came to. Blocks are added to what is known of
/// the file in the file's order ([`FileSoFar::add`]), whichever thread finished first.
struct ParsedBlock<T> {
    offset: usize,
    len: usize,
    /// Where each line that starts in the block (after a line break in it) begins in the file.
    line_starts: Vec<u32>,
    byte_order_mark: bool,
    /// Its first byte that is not UTF-8: then nothing in it was parsed.
    not_utf8: Option<Diagnostic>,
    records: usize,
    /// What `visit` made of each record's log, and what was found in its records.
    logs: Vec<T>,
    found: Diagnostics,
    /// Each line whose record had findings: where it starts, what counting its columns needs.
    kept_lines: Vec<(usize, KeptLine)>,
}

/// What the blocks read so far, in order, tell of the whole file: where each line starts, its
/// length, whether it has a byte-order mark and any record, and its first byte that is not
/// UTF-8; and the logs, findings and lines with findings of its records.
struct FileSoFar<T> {
    /// The index of the next block in the file's order; blocks that a thread finished before
    /// it wait in `waiting`.
    next: usize,
    waiting: BTreeMap<usize, ParsedBlock<T>>,
    size: u64,
    starts: Vec<u32>,
    len: usize,
    byte_order_mark: bool,
    any_record: bool,
    not_utf8: Option<Diagnostic>,
    logs: Vec<T>,
    found: Diagnostics,
    examined: ExaminedLines,
}

impl<T> FileSoFar<T> {
    fn new(size: u64) -> FileSoFar<T> {
        FileSoFar {
            next: 0,
            waiting: BTreeMap::new(),
            size,
            starts: vec![0],
            len: 0,
            byte_order_mark: false,
            any_record: false,
            not_utf8: None,
            logs: Vec::new(),
            found: Diagnostics::new(),
            examined: ExaminedLines::default(),
        }
    }

    /// Adds the block at `index` in the file's order, and every block it was the one missing
    /// before.
    fn add(&mut self, index: usize, block: ParsedBlock<T>) {
        self.waiting.insert(index, block);
        while let Some(block) = self.waiting.remove(&self.next) {
            self.next += 1;
            self.add_next(block);
        }
    }

    fn add_next(&mut self, block: ParsedBlock<T>) {
        // What is kept per line and per log is sized for the whole file from its first block:
        // grown by doubling, a list would hold up to twice what it needs, and three times
        // while it moves.
        if block.offset == 0 && block.len > 0 {
            let per_byte = |n: usize| n as f64 / block.len as f64;
            let lines = estimate(
                per_byte(block.line_starts.len()),
                self.size,
                MAX_STREAMED_LINES,
            );
            self.starts.reserve_exact(lines);
            let logs = estimate(per_byte(block.records), self.size, 1 << 20);
            self.logs.reserve_exact(logs);
        }
        self.starts.extend_from_slice(&block.line_starts);
        self.len = block.offset + block.len;
        // Past the first byte that is not UTF-8 nothing is read as logs, but lines are still
        // counted: a report shows the line after it, as for a file read whole.
        if self.not_utf8.is_some() {
            return;
        }
        if block.not_utf8.is_some() {
            self.not_utf8 = block.not_utf8;
            return;
        }
        self.byte_order_mark |= block.byte_order_mark;
        self.any_record |= block.records > 0;
        self.examined.add_block(block.kept_lines.iter());
        self.logs.extend(block.logs);
        self.found.extend(block.found);
    }
}

/// The logs of the streamed JSON Lines file `source`, each handed to `visit` as it is built
/// (see [`super::parse_logs_map`]). A file that is not UTF-8 or cannot be read to its end
/// yields no log, as when it is read whole, and its `F002` or `F001`.
///
/// Each thread of the pool takes its turn to read the next block and count its lines, then
/// checks it is UTF-8 and parses its records alone while the others do the same with theirs:
/// no thread waits on another but to read, and each reads into one buffer of its own. (A
/// thread that read the blocks and handed each to the whole pool woke and stopped the pool at
/// every block: 958 context switches on 30,000 logs, 595 now, and 3.7% more CPU time.) A file
/// of one block, or a directory of small `.jsonl` files, is read on this thread and its
/// records parsed by the whole pool.
pub(super) fn read_streamed<T: Send>(
    sources: &Sources,
    source: SourceId,
    diagnostics: &mut Diagnostics,
    visit: &(dyn Fn(Log, &mut Diagnostics) -> T + Sync),
) -> Vec<T> {
    let file = sources.get(source);
    let Some(path) = file.streamed_path() else {
        return Vec::new();
    };
    let name = file.name();
    let one_block = source::is_one_line_block(path);
    let read = source::LineBlocks::open(path).and_then(|blocks| {
        let so_far = Mutex::new(FileSoFar::new(blocks.size()));
        let reading = Mutex::new(Reading {
            blocks,
            next: 0,
            line_breaks: 0,
        });
        let stop = AtomicBool::new(false);
        let first_not_utf8 = AtomicUsize::new(usize::MAX);
        let block_reader = BlockReader {
            source,
            name,
            visit,
            parse_in_parallel: one_block,
            reading: &reading,
            stop: &stop,
            first_not_utf8: &first_not_utf8,
        };
        let add = |index, block| {
            lock(&so_far).add(index, block);
            ControlFlow::Continue(())
        };
        let read = if one_block {
            block_reader.run(&add)
        } else if rayon::current_thread_index().is_some() {
            // On a thread of the pool (files read side by side), the pool's threads read with
            // it, each adding its own blocks, and it waits for them as the pool's work waits:
            // waiting on a channel, it could wait for its own share of the reading.
            rayon::broadcast(|_| block_reader.run(&add))
                .into_iter()
                .collect()
        } else {
            // Elsewhere the pool's threads read and this one adds the blocks: the lists of the
            // whole file are grown on one thread. (Grown by whichever thread added the next
            // block, they left the room they grew out of in the other's heap: 12 MB more on
            // 500 MB.) A thread that reads ahead of this one's adding waits; blocks read
            // ahead of a slow one wait in `FileSoFar::waiting`, with no more than the file
            // keeps of them anyway.
            let (blocks_out, blocks_in) =
                std::sync::mpsc::sync_channel(rayon::current_num_threads());
            let mut read = Ok(());
            rayon::in_place_scope(|scope| {
                let block_reader = &block_reader;
                scope.spawn_broadcast(move |_, _| {
                    let blocks_out = blocks_out.clone();
                    let send = |index, block| match blocks_out.send(Ok((index, block))) {
                        Ok(()) => ControlFlow::Continue(()),
                        Err(_) => ControlFlow::Break(()),
                    };
                    if let Err(error) = block_reader.run(&send) {
                        let _ = blocks_out.send(Err(error));
                    }
                });
                for message in blocks_in {
                    match message {
                        Ok((index, block)) => lock(&so_far).add(index, block),
                        Err(error) if read.is_ok() => read = Err(error),
                        Err(_) => {}
                    }
                }
            });
            read
        };
        read.map(|()| so_far.into_inner().unwrap_or_else(PoisonError::into_inner))
    });
    // A file not read to its end shows no snippet, as a file that could not be read at all.
    let so_far = match read {
        Ok(so_far) => so_far,
        Err(error) => {
            file.set_line_starts(vec![0], 0, false);
            diagnostics.push(source::cannot_read(source, name, &error.to_string()));
            return Vec::new();
        }
    };
    file.set_line_starts(so_far.starts, so_far.len, so_far.byte_order_mark);
    file.set_examined_lines(so_far.examined);
    if let Some(not_utf8) = so_far.not_utf8 {
        diagnostics.push(not_utf8);
        return Vec::new();
    }
    diagnostics.extend(so_far.found);
    if !so_far.any_record {
        diagnostics.push(empty_file(sources, source));
    }
    so_far.logs
}

/// How many of something a file of `size` bytes holds, from how many its first block held per
/// byte (with 5% to spare), and no more than `most`.
fn estimate(per_byte: f64, size: u64, most: usize) -> usize {
    ((per_byte * size as f64 * 1.05) as usize)
        .saturating_add(16)
        .min(most)
}

/// The largest buffer a thread reads its next block into again (a few blocks' worth): one grown
/// for a line of hundreds of MiB is let go.
const MOST_REUSED_BUFFER: usize = 4 << 20;

/// A streamed file as the threads read it, in turn: the index of the block read next, and
/// how many line breaks the blocks read so far hold.
struct Reading {
    blocks: source::LineBlocks,
    next: usize,
    line_breaks: usize,
}

/// What each thread reading a streamed file shares with the others ([`read_streamed`]).
struct BlockReader<'r, T> {
    source: SourceId,
    name: &'r str,
    visit: &'r (dyn Fn(Log, &mut Diagnostics) -> T + Sync),
    /// Whether a block's records are parsed by the whole pool (a file of one block).
    parse_in_parallel: bool,
    reading: &'r Mutex<Reading>,
    /// Set when reading stops before the end: a read failed, or the file has too many lines
    /// (set by a thread holding `reading`: one error is met, the first in the file).
    stop: &'r AtomicBool,
    /// The index of the first block found not to be UTF-8: past it, blocks are not parsed
    /// (the file yields no log), only their lines counted.
    first_not_utf8: &'r AtomicUsize,
}

impl<T: Send> BlockReader<'_, T> {
    /// Reads the file's next block, in turn with the other threads, and hands what it holds to
    /// `add` with its index; again until the end, or until reading stops. The error of a read
    /// that failed.
    fn run(
        &self,
        add: &(dyn Fn(usize, ParsedBlock<T>) -> ControlFlow<()> + Sync),
    ) -> std::io::Result<()> {
        let mut buffer = Vec::new();
        loop {
            let (index, offset, line_starts) = {
                let mut reading = lock(self.reading);
                if self.stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                let offset = match reading.blocks.next_block(&mut buffer) {
                    Ok(Some(offset)) => offset,
                    Ok(None) => return Ok(()),
                    Err(error) => {
                        self.stop.store(true, Ordering::Relaxed);
                        return Err(error);
                    }
                };
                // Lines are counted here, in the file's order, and the reading stops at the
                // block that passes the most, before a later block is read (or its error met).
                let line_starts: Vec<u32> = memchr::memchr_iter(b'\n', &buffer)
                    .map(|i| u32::try_from(offset + i + 1).unwrap_or(u32::MAX))
                    .collect();
                reading.line_breaks += line_starts.len();
                if reading.line_breaks > MAX_STREAMED_LINES {
                    self.stop.store(true, Ordering::Relaxed);
                    return Err(std::io::Error::other(format!(
                        "it has more than {MAX_STREAMED_LINES} lines, the most `mentor` reads from one JSON Lines file"
                    )));
                }
                reading.next += 1;
                (reading.next - 1, offset, line_starts)
            };
            let block = self.parse_block(index, offset, &buffer, line_starts);
            if add(index, block).is_break() {
                self.stop.store(true, Ordering::Relaxed);
            }
            if buffer.capacity() > MOST_REUSED_BUFFER {
                buffer = Vec::new();
            }
        }
    }

    /// What the block at `index` (at `offset` in the file, its lines starting at
    /// `line_starts`) holds.
    fn parse_block(
        &self,
        index: usize,
        offset: usize,
        bytes: &[u8],
        line_starts: Vec<u32>,
    ) -> ParsedBlock<T> {
        let mut block = ParsedBlock {
            offset,
            len: bytes.len(),
            line_starts,
            byte_order_mark: false,
            not_utf8: None,
            records: 0,
            logs: Vec::new(),
            found: Diagnostics::new(),
            kept_lines: Vec::new(),
        };
        if index > self.first_not_utf8.load(Ordering::Relaxed) {
            return block;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let at = error.valid_up_to();
                let byte = bytes.get(at).copied().unwrap_or(0);
                block.not_utf8 = Some(source::not_utf8(self.source, self.name, offset + at, byte));
                self.first_not_utf8.fetch_min(index, Ordering::Relaxed);
                return block;
            }
        };
        // (A first block that is not UTF-8 counts the mark as a column, as a file read whole
        // and refused does.)
        let from = if offset == 0 {
            byte_order_mark_len(text)
        } else {
            0
        };
        block.byte_order_mark = from > 0;
        // The lines this block starts are where its lines end.
        let line_ends = (block.line_starts.iter())
            .filter_map(|&start| (start as usize).checked_sub(offset + from));
        let records = records_between(text, from, offset, line_ends);
        block.records = records.len();
        let parsed = if self.parse_in_parallel {
            parse_records(self.source, records, true, self.visit)
        } else {
            (records.iter())
                .map(|record| parse_kept(self.source, record, true, self.visit))
                .collect()
        };
        block.logs.reserve_exact(parsed.len());
        for parsed in parsed {
            block.logs.extend(parsed.log);
            block.found.extend(parsed.found);
            block.kept_lines.extend(parsed.line);
        }
        block
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Keeps, of each streamed file among `inputs`, the lines `findings` point into: with their
/// text masked (and the line either side, which a human report shows too) when `shown`, else
/// only what counting their columns needs. Call once every finding is known, before any is
/// rendered. A human report on a large file keeps only the columns here and its shown lines a
/// batch of reports at a time ([`ShownLineReader`]). The columns of lines whose records had
/// findings come from the first pass (the text that was checked); only the others are read
/// again, so a file changed in between counts those as it is now.
pub fn keep_lines_for<'d>(
    sources: &Sources,
    inputs: &[LogInput],
    findings: impl IntoIterator<Item = &'d Diagnostic> + Clone,
    shown: bool,
) {
    let reader = ShownLineReader::new(sources, inputs, findings.clone());
    if reader.streamed.is_empty() {
        return;
    }
    let around = usize::from(shown);
    for (id, lines) in reader.wanted(findings, around) {
        let file = sources.get(id);
        // The lines the reading pass examined need no second read for their columns; their
        // text, when it is shown, does.
        let examined = file.take_examined_lines();
        let mut known = BTreeMap::new();
        let unread: BTreeSet<usize> = if shown {
            lines
        } else {
            lines
                .into_iter()
                .filter(|&line| {
                    let kept = file
                        .line_bounds(line)
                        .and_then(|bounds| examined.get(bounds.start));
                    match kept {
                        Some(kept) => {
                            // (An ASCII line needs nothing: its columns are its bytes.)
                            if !kept.wide.is_empty() {
                                known.insert(line, kept);
                            }
                            false
                        }
                        None => true,
                    }
                })
                .collect()
        };
        let (mut columns, shown_lines) = if unread.is_empty() {
            (BTreeMap::new(), BTreeMap::new())
        } else {
            read_kept_lines(sources, id, &unread, shown, reader.unparsed.contains(&id))
        };
        columns.append(&mut known);
        file.set_kept_lines(columns);
        if shown {
            file.set_shown_lines(shown_lines);
        }
    }
}

/// Reads, for a batch of human reports, the lines of streamed files they show, masked: each
/// batch's lines replace the last batch's, so a report on a file of any size holds one batch's
/// lines. Columns are [`keep_lines_for`]'s, kept for every finding.
pub struct ShownLineReader<'s> {
    sources: &'s Sources,
    streamed: HashSet<SourceId>,
    /// Files where a record did not parse (or the file is not UTF-8) are masked as a file that
    /// did not parse is: every value that could be words, parsed record or not.
    unparsed: HashSet<SourceId>,
}

impl<'s> ShownLineReader<'s> {
    /// For the streamed files among `inputs`, with every finding that will be shown.
    pub fn new<'d>(
        sources: &'s Sources,
        inputs: &[LogInput],
        findings: impl IntoIterator<Item = &'d Diagnostic>,
    ) -> ShownLineReader<'s> {
        let streamed: HashSet<SourceId> = inputs
            .iter()
            .map(|input| input.source)
            .filter(|&id| sources.get(id).streamed_path().is_some())
            .collect();
        let unparsed = if streamed.is_empty() {
            HashSet::new()
        } else {
            findings
                .into_iter()
                .filter(|f| f.rule == &rules::UNPARSEABLE_LOG || f.rule == &rules::NOT_UTF8)
                .map(|f| f.primary.span.source)
                .filter(|home| streamed.contains(home))
                .collect()
        };
        ShownLineReader {
            sources,
            streamed,
            unparsed,
        }
    }

    /// Reads the lines `batch` shows (each label's lines and one either side) and makes them
    /// the lines shown of their files; every other streamed file shows none.
    pub fn keep_for(&self, batch: &[Diagnostic]) {
        if self.streamed.is_empty() {
            return;
        }
        let mut wanted = self.wanted(batch, 1);
        for &id in &self.streamed {
            let shown = match wanted.remove(&id) {
                Some(lines) => {
                    let unparsed = self.unparsed.contains(&id);
                    read_kept_lines(self.sources, id, &lines, true, unparsed).1
                }
                None => BTreeMap::new(),
            };
            self.sources.get(id).set_shown_lines(shown);
        }
    }

    /// The lines of each streamed file `findings` point into, with `around` lines either side.
    fn wanted<'d>(
        &self,
        findings: impl IntoIterator<Item = &'d Diagnostic>,
        around: usize,
    ) -> BTreeMap<SourceId, BTreeSet<usize>> {
        let mut wanted: BTreeMap<SourceId, BTreeSet<usize>> = BTreeMap::new();
        for finding in findings {
            for label in std::iter::once(&finding.primary).chain(&finding.secondary) {
                let span = label.span;
                if !self.streamed.contains(&span.source) {
                    continue;
                }
                let file = self.sources.get(span.source);
                let (first, _) = file.line_start(span.start as usize);
                let (last, _) = file.line_start(
                    (span.end as usize)
                        .saturating_sub(1)
                        .max(span.start as usize),
                );
                let lines = wanted.entry(span.source).or_default();
                lines.extend(first.saturating_sub(around)..=last + around);
            }
        }
        wanted
    }
}

/// The second pass over one streamed file: of its `lines` (0-based), what counting columns
/// needs (of the lines with characters wider than a byte) and, when `shown`, their text
/// masked. A file changed since the first pass gives what now lies where its lines were.
fn read_kept_lines(
    sources: &Sources,
    id: SourceId,
    lines: &BTreeSet<usize>,
    shown: bool,
    unparsed: bool,
) -> (BTreeMap<usize, KeptLine>, BTreeMap<usize, String>) {
    let file = sources.get(id);
    let mut columns = BTreeMap::new();
    let mut shown_lines = BTreeMap::new();
    let Some(path) = file.streamed_path() else {
        return (columns, shown_lines);
    };
    // Each wanted line with where it starts and ends (before its line break) in the file.
    let wanted: Vec<(usize, usize, usize)> = lines
        .iter()
        .filter_map(|&line| {
            let start = file.line_bounds(line)?.start;
            Some((line, start, file.line_end(start)))
        })
        .collect();
    // Runs of consecutive lines are read at once; nothing else of the file is read again.
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let mut previous_line = None;
    for &(line, start, end) in &wanted {
        match runs.last_mut() {
            Some(run) if previous_line.is_some_and(|p: usize| p + 1 == line) => run.end = end,
            _ => runs.push(start..end),
        }
        previous_line = Some(line);
    }
    let mut next = wanted.iter().peekable();
    let _ = source::read_ranges(path, &runs, &mut |offset, bytes| {
        let read_end = offset + bytes.len();
        while let Some(&&(line, start, end)) = next.peek() {
            if start > read_end {
                break;
            }
            next.next();
            let Some(line_bytes) =
                bytes.get(start.saturating_sub(offset)..end.saturating_sub(offset))
            else {
                continue;
            };
            // An ASCII line not shown has nothing to keep: its columns are its bytes.
            if !shown && line_bytes.is_ascii() {
                continue;
            }
            let text = match std::str::from_utf8(line_bytes) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(line_bytes),
            };
            if !text.is_ascii() {
                columns.insert(line, KeptLine::new(&text));
            }
            if shown {
                shown_lines.insert(line, masked(id, &text, start, unparsed));
            }
        }
    });
    (columns, shown_lines)
}

/// `line` (at `start` in the file) with the pair's words masked: the private values of the log
/// it holds, or, in a file where a record did not parse, every value that could be words.
fn masked(id: SourceId, line: &str, start: usize, unparsed: bool) -> String {
    let mut text = line.to_owned();
    // As a file read whole is masked: first the private values of the log the line holds
    // (an unread value whole, keys inside it too), then, in a file where a record did not
    // parse, every value of what is left that could be words.
    // The file's byte-order mark is no part of its first record.
    let mark = if start == 0 {
        byte_order_mark_len(line)
    } else {
        0
    };
    let after_mark = line.get(mark..).unwrap_or_default();
    let record = after_mark.trim();
    let lead = mark + after_mark.len() - after_mark.trim_start().len();
    let mut ignored = Diagnostics::new();
    let log = tree::parse_json(id, record, start + lead)
        .ok()
        .and_then(|root| build::build_log(id, LogFormat::JsonLines, root, &mut ignored));
    match log {
        Some(log) => {
            for span in log.private_spans() {
                let range = span.range();
                source::mask_range(
                    &mut text,
                    range.start.saturating_sub(start)..range.end.saturating_sub(start),
                );
            }
        }
        // A record that is no log (a list, a number) holds no private field: mask it as
        // text that did not parse.
        None => {
            for range in mask::unparsed_text_ranges(line, LogFormat::JsonLines) {
                source::mask_all(&mut text, range);
            }
            return text;
        }
    }
    if unparsed {
        let ranges = mask::unparsed_text_ranges(&text, LogFormat::JsonLines);
        for range in ranges {
            source::mask_all(&mut text, range);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::source::Span;

    /// A finding at each log's `pair`, as a check would push.
    fn finding_at_pair(log: Log, found: &mut Diagnostics) {
        if let Some(pair) = &log.pair {
            let label = Label::new(pair.span, "here");
            found.push(Diagnostic::new(&rules::UNPARSEABLE_LOG, "found", label));
        }
    }

    /// Blocks that threads finish out of order are added in the file's order: of two that are
    /// not UTF-8, the first in the file is reported, whichever was added first.
    #[test]
    fn blocks_added_out_of_order_report_the_first_byte_that_is_not_utf8() {
        let mut sources = Sources::new();
        let source = sources.add_streamed("cohort.jsonl", std::path::PathBuf::from("cohort.jsonl"));
        let block = |offset: usize, bad_at: usize| ParsedBlock::<()> {
            offset,
            len: 10,
            line_starts: vec![(offset + 10) as u32],
            byte_order_mark: false,
            not_utf8: Some(source::not_utf8(source, "cohort.jsonl", bad_at, 0xff)),
            records: 0,
            logs: Vec::new(),
            found: Diagnostics::new(),
            kept_lines: Vec::new(),
        };
        let mut so_far = FileSoFar::new(20);
        so_far.add(1, block(10, 15));
        assert!(
            so_far.not_utf8.is_none(),
            "the second block waits for the first"
        );
        assert_eq!(so_far.starts, [0]);
        so_far.add(0, block(0, 3));
        let reported = so_far
            .not_utf8
            .map(|found| found.message)
            .unwrap_or_default();
        assert!(reported.contains("at offset 3 "), "{reported}");
        assert_eq!(so_far.starts, [0, 10, 20]);
        assert_eq!(so_far.len, 20);
    }

    #[test]
    fn columns_of_lines_with_findings_come_from_the_first_read_and_only_the_others_are_read_again()
    {
        let path = std::env::temp_dir().join(format!(
            "mentor-examined-lines-{}.jsonl",
            std::process::id()
        ));
        let first = "{\"mentor\": \"é\", \"pair\": \"p-1\"}\n \u{3000}{\"mentor\": \"—\", \"pair\": \"p-2\"}\n{\"mentor\": \"ü\"}\n";
        let written = std::fs::write(&path, first);
        assert!(written.is_ok(), "{written:?}");
        let mut sources = Sources::new();
        let source = sources.add_streamed("cohort.jsonl", path.clone());
        let mut diagnostics = Diagnostics::new();
        read_streamed(&sources, source, &mut diagnostics, &|log, found| {
            finding_at_pair(log, found)
        });
        // The third line's log has no pair: nothing was found in it, as in a log that a
        // repeated pair's finding points into later. Its finding comes once every log is read.
        let third = first.rfind("\"ü\"").unwrap_or(0);
        diagnostics.push(Diagnostic::new(
            &rules::UNPARSEABLE_LOG,
            "found later",
            Label::new(Span::new(source, third + 4..third + 5), "here"),
        ));
        // The file changes before the second pass: each wide character becomes two ASCII
        // bytes or three, at the same offsets.
        let second = first
            .replace('é', "ee")
            .replace('—', "---")
            .replace('ü', "uu");
        let rewritten = std::fs::write(&path, &second);
        assert!(rewritten.is_ok(), "{rewritten:?}");
        let inputs = [LogInput {
            source,
            format: LogFormat::JsonLines,
        }];
        keep_lines_for(&sources, &inputs, diagnostics.iter(), false);
        let _ = std::fs::remove_file(&path);
        let columns: Vec<(usize, usize)> = diagnostics
            .iter()
            .map(|finding| {
                let at = sources
                    .get(source)
                    .line_column(finding.primary.span.start as usize);
                (at.line, at.column)
            })
            .collect();
        // Lines 1 and 2 count characters as they were checked (the ideographic space before
        // the second record too); line 3, in bytes, as it is now.
        let pair = |line: &str| line.find("\"p-").unwrap_or(0);
        let line_two = first.lines().nth(1).unwrap_or_default();
        let line_three_start = first[..third].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(
            columns,
            [
                (1, first[..pair(first)].chars().count() + 1),
                (2, line_two[..pair(line_two)].chars().count() + 1),
                (3, third + 4 - line_three_start + 1),
            ]
        );
    }
}
