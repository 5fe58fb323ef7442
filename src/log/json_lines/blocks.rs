//! The first pass over a streamed JSON Lines file: its blocks of whole lines read by the
//! pool's threads in turn, each parsed and checked by the thread that read it, and added to
//! what is known of the file in the file's order. (The second pass, for the lines findings
//! point into, is the parent module's.)

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{parse_kept, parse_records, records_between};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::log::{Log, byte_order_mark_len, empty_file};
use crate::source::{self, ExaminedLines, KeptLine, SourceId, Sources};

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
pub(in crate::log) fn read_streamed<T: Send>(
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
        let _stop_on_panic = StopOnPanic(self.stop);
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

/// Stops the other threads' reading when this one unwinds: they would read the rest of the
/// file before the panic, which ends the whole reading, surfaced.
struct StopOnPanic<'s>(&'s AtomicBool);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stop_is_set_by_a_thread_that_unwinds_and_not_by_one_that_returns() {
        let stop = AtomicBool::new(false);
        {
            let _stop_on_panic = StopOnPanic(&stop);
        }
        assert!(!stop.load(Ordering::Relaxed));
        let unwound = std::panic::catch_unwind(|| {
            let _stop_on_panic = StopOnPanic(&stop);
            panic!("a worker's bug");
        });
        assert!(unwound.is_err());
        assert!(stop.load(Ordering::Relaxed));
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
}
