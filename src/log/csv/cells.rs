//! The cells of a CSV text, each with the byte range of its raw text in the file, read by
//! `csv-core`: its `read_field` says how many input bytes each field took, so a quoted cell
//! holding a comma or a line break keeps its exact span. A cell quoted wrongly is a syntax
//! error here, since csv-core itself accepts anything.
//!
//! A cell's text is a slice of the file unless removing its quotes changed more than the two
//! around it (a doubled `""` inside): a 40 MB export then holds no copy of its cells.
//! [`Records`] reads one record at a time, from the start or from any record's start, so a
//! reader can keep what it needs of a record and drop the rest.

use std::borrow::Cow;
use std::ops::Range;

use crate::log::tree::SyntaxError;

/// One cell: its raw text's byte range in the file and its text, quotes removed.
#[derive(Debug, Clone)]
pub(crate) struct Cell<'t> {
    pub(crate) range: Range<usize>,
    pub(crate) text: Cow<'t, str>,
}

/// Reads the records of a CSV text one at a time.
pub(crate) struct Records<'t> {
    text: &'t str,
    reader: csv_core::Reader,
    /// csv-core's unquoted copy of the field being read.
    output: Vec<u8>,
    at: usize,
}

impl<'t> Records<'t> {
    /// Reads `text` from byte `start` (after a byte-order mark).
    pub(crate) fn new(text: &'t str, start: usize) -> Records<'t> {
        Records {
            text,
            reader: csv_core::Reader::new(),
            output: vec![0u8; 256],
            at: start,
        }
    }

    /// Where the next record starts (the line break that ended the one before may come first).
    pub(crate) fn position(&self) -> usize {
        self.at
    }

    /// Goes back or ahead to `at`, a [`position`](Records::position) seen before, to read the
    /// record there again as the whole text's reading read it.
    pub(crate) fn seek(&mut self, at: usize) {
        self.reader.reset();
        // csv-core takes a byte-order mark at the start of its first input for the file's and
        // skips it; a record that starts with U+FEFF must keep it. A line break read first is
        // a blank line, skipped, after which the reader is where it was between records.
        let _ = self.reader.read_field(b"\n", &mut self.output);
        self.at = at;
    }

    /// Reads the next record's cells into `record` (emptied first); `false` at the end of the
    /// text. A cell quoted wrongly is a syntax error.
    pub(crate) fn next_into(&mut self, record: &mut Vec<Cell<'t>>) -> Result<bool, SyntaxError> {
        record.clear();
        let text = self.text;
        let bytes = text.as_bytes();
        let (mut written, mut field_start) = (0usize, self.at);
        loop {
            let input = bytes.get(self.at..).unwrap_or_default();
            let (result, read, wrote) = self
                .reader
                .read_field(input, self.output.get_mut(written..).unwrap_or_default());
            self.at += read;
            written += wrote;
            match result {
                csv_core::ReadFieldResult::InputEmpty => {}
                csv_core::ReadFieldResult::OutputFull => {
                    let larger = self.output.len().saturating_mul(2).max(256);
                    self.output.resize(larger, 0);
                }
                csv_core::ReadFieldResult::Field { record_end } => {
                    let first = record.is_empty();
                    let range = raw_cell(bytes, field_start..self.at, first, record_end);
                    check_quotes(text, range.clone())?;
                    let decoded = self.output.get(..written).unwrap_or_default();
                    record.push(Cell {
                        text: cell_text(text, &range, decoded),
                        range,
                    });
                    written = 0;
                    field_start = self.at;
                    if record_end {
                        return Ok(true);
                    }
                }
                csv_core::ReadFieldResult::End => return Ok(false),
            }
        }
    }
}

/// Reads every record of `text` from byte `start` (after a byte-order mark), each cell with
/// its raw span. A cell quoted wrongly is a syntax error.
pub(crate) fn read_records(text: &str, start: usize) -> Result<Vec<Vec<Cell<'_>>>, SyntaxError> {
    let mut records = Records::new(text, start);
    let mut all = Vec::new();
    let mut record = Vec::new();
    while records.next_into(&mut record)? {
        all.push(std::mem::take(&mut record));
    }
    Ok(all)
}

/// A cell's text as csv-core decoded it, borrowed from the file when it is the raw text or the
/// raw text between its two quotes.
fn cell_text<'t>(text: &'t str, raw: &Range<usize>, decoded: &[u8]) -> Cow<'t, str> {
    let inner = raw.start.saturating_add(1)..raw.end.saturating_sub(1);
    for range in [raw.clone(), inner] {
        if let Some(slice) = text.get(range)
            && slice.as_bytes() == decoded
        {
            return Cow::Borrowed(slice);
        }
    }
    String::from_utf8_lossy(decoded).into_owned().into()
}

/// The raw text of a cell among the bytes a field took: without the line breaks csv-core skips
/// before a record's first cell (blank lines, the `\n` of a `\r\n`) and the delimiter or line
/// break after it. An empty last cell (`a,\n`) took only its line break: it is the empty range
/// before it, on its own row, not the start of the next.
fn raw_cell(bytes: &[u8], taken: Range<usize>, first: bool, record_end: bool) -> Range<usize> {
    let (mut start, mut end) = (taken.start, taken.end);
    while first && start < end && matches!(bytes[start], b'\r' | b'\n') {
        start += 1;
    }
    if record_end {
        while end > start && matches!(bytes[end - 1], b'\r' | b'\n') {
            end -= 1;
        }
    } else if end > start && bytes[end - 1] == b',' {
        end -= 1;
    }
    start..end
}

/// A quoted cell is a quote, text with every quote doubled, and a closing quote, and nothing
/// after it: csv-core reads `"a"b` as `ab` and a quote never closed as the rest of the file,
/// where a spreadsheet would have seen something else.
fn check_quotes(text: &str, range: Range<usize>) -> Result<(), SyntaxError> {
    let raw = text.as_bytes().get(range.clone()).unwrap_or_default();
    if raw.first() != Some(&b'"') {
        return Ok(());
    }
    let mut i = 1;
    while i < raw.len() {
        if raw[i] == b'"' {
            if raw.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            if i + 1 == raw.len() {
                return Ok(());
            }
            let after = range.start + i + 1;
            let width = text
                .get(after..)
                .and_then(|rest| rest.chars().next())
                .map_or(0, char::len_utf8);
            return Err(SyntaxError {
                message: "text after the closing quote of a cell (a quote inside a quoted cell \
                          is written twice: `\"\"`)"
                    .to_owned(),
                range: after..after + width,
            });
        }
        i += 1;
    }
    Err(SyntaxError {
        message: "this quote is never closed: the cell runs to the end of the file".to_owned(),
        range: range.start..range.start + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Vec<(String, String)>> {
        read_records(text, 0)
            .expect("valid CSV")
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|c| (text[c.range].to_owned(), c.text.into_owned()))
                    .collect()
            })
            .collect()
    }

    fn pairs(cells: &[(&str, &str)]) -> Vec<(String, String)> {
        cells
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn every_cell_spans_its_raw_text_quotes_and_line_breaks_included() {
        let text = "a,b\r\n\"x, \"\"y\"\"\nz\",2\r\n\n,\"\"\n";
        assert_eq!(
            read(text),
            [
                pairs(&[("a", "a"), ("b", "b")]),
                pairs(&[("\"x, \"\"y\"\"\nz\"", "x, \"y\"\nz"), ("2", "2")]),
                pairs(&[("", ""), ("\"\"", "")]),
            ]
        );
        // No line break at the end, a multi-byte character.
        assert_eq!(read("é,b"), [pairs(&[("é", "é"), ("b", "b")])]);
    }

    #[test]
    fn wrongly_quoted_cells_are_syntax_errors_at_the_quote() {
        let never_closed = read_records("a,b\n1,\"open\n2,3\n", 0).expect_err("never closed");
        assert_eq!(never_closed.range, 6..7);
        assert!(never_closed.message.contains("never closed"));
        let after = read_records("a,b\n\"x\"y,1\n", 0).expect_err("text after the quote");
        assert_eq!(after.range, 7..8);
        // The whole character after the quote, not a byte of it.
        let wide = read_records("a,b\n\"x\"é,1\n", 0).expect_err("text after the quote");
        assert_eq!(wide.range, 7..9);
    }

    #[test]
    fn a_cell_borrows_its_text_unless_a_quote_is_doubled() {
        let text = "a,\"b,c\",\"d\"\"e\"\n";
        let records = read_records(text, 0).expect("valid CSV");
        let [record] = records.as_slice() else {
            panic!("one record")
        };
        let borrowed: Vec<bool> = record
            .iter()
            .map(|c| matches!(c.text, Cow::Borrowed(_)))
            .collect();
        assert_eq!(borrowed, [true, true, false]);
        assert_eq!(record[2].text, "d\"e");
    }

    proptest::proptest! {
        /// Reading a record after the first again from where it started (as a log's rows are
        /// read) gives the cells the whole text's reading gave, blank lines, `\r\n` and a
        /// leading U+FEFF included (csv-core skips one at the start of the text only).
        #[test]
        fn a_record_read_again_from_its_position_is_the_same(
            text in "[a,\"\n\r\u{feff}é]{0,60}"
        ) {
            let mut records = Records::new(&text, 0);
            let mut record = Vec::new();
            let mut read = Vec::new();
            loop {
                let at = records.position();
                match records.next_into(&mut record) {
                    Ok(true) => read.push((at, std::mem::take(&mut record))),
                    Ok(false) | Err(_) => break,
                }
            }
            let mut again = Records::new(&text, 0);
            for (at, cells) in read.iter().skip(1).rev() {
                again.seek(*at);
                let mut reread = Vec::new();
                proptest::prop_assert!(matches!(again.next_into(&mut reread), Ok(true)));
                let key = |cells: &[Cell]| {
                    cells.iter().map(|c| (c.range.clone(), c.text.to_string())).collect::<Vec<_>>()
                };
                proptest::prop_assert_eq!(key(&reread), key(cells));
            }
        }
    }
}
