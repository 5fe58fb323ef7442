//! The cells of a CSV text, each with the byte range of its raw text in the file, read by
//! `csv-core`: its `read_field` says how many input bytes each field took, so a quoted cell
//! holding a comma or a line break keeps its exact span. A cell quoted wrongly is a syntax
//! error here, since csv-core itself accepts anything.

use std::ops::Range;

use crate::log::tree::SyntaxError;

/// One cell: its raw text's byte range in the file and its text, quotes removed.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub(crate) range: Range<usize>,
    pub(crate) text: String,
}

/// Reads every record of `text` from byte `start` (after a byte-order mark), each cell with
/// its raw span. A cell quoted wrongly is a syntax error.
pub(crate) fn read_records(text: &str, start: usize) -> Result<Vec<Vec<Cell>>, SyntaxError> {
    let bytes = text.as_bytes();
    let mut reader = csv_core::Reader::new();
    let mut output = vec![0u8; 256];
    let (mut at, mut written, mut field_start) = (start, 0usize, start);
    let mut records = Vec::new();
    let mut record = Vec::new();
    loop {
        let input = bytes.get(at..).unwrap_or_default();
        let (result, read, wrote) =
            reader.read_field(input, output.get_mut(written..).unwrap_or_default());
        at += read;
        written += wrote;
        match result {
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => {
                let larger = output.len().saturating_mul(2).max(256);
                output.resize(larger, 0);
            }
            csv_core::ReadFieldResult::Field { record_end } => {
                let range = raw_cell(bytes, field_start..at, record_end);
                check_quotes(text, range.clone())?;
                let decoded = output.get(..written).unwrap_or_default();
                record.push(Cell {
                    range,
                    text: String::from_utf8_lossy(decoded).into_owned(),
                });
                written = 0;
                field_start = at;
                if record_end {
                    records.push(std::mem::take(&mut record));
                }
            }
            csv_core::ReadFieldResult::End => break,
        }
    }
    Ok(records)
}

/// The raw text of a cell among the bytes a field took: without the line breaks csv-core skips
/// before a record (blank lines, the `\n` of a `\r\n`) and the delimiter or line break after it.
fn raw_cell(bytes: &[u8], taken: Range<usize>, record_end: bool) -> Range<usize> {
    let (mut start, mut end) = (taken.start, taken.end);
    while start < end && matches!(bytes[start], b'\r' | b'\n') {
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
                    .map(|c| (text[c.range].to_owned(), c.text))
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
}
