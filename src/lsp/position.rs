//! Byte offsets ↔ LSP positions.
//!
//! LSP positions are 0-based lines and columns counted in the negotiated encoding: UTF-16 code
//! units unless the client offers UTF-8 (then bytes). Lines end at `\n`, as everywhere else in
//! `mentor` (a `\r` before it is part of the line's text).

use lsp_types::{Position, Range};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Encoding {
    Utf8,
    Utf16,
}

/// Where each line of one text starts.
#[derive(Debug, Clone)]
pub(super) struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { line_starts }
    }

    /// The position of a byte offset; offsets past the end (or inside a character) move back
    /// to the nearest character boundary.
    pub(super) fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = self.line_starts.get(line).copied().unwrap_or(0).min(offset);
        let before = text.get(line_start..offset).unwrap_or("");
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position. A line past the end maps to the end of the text; a
    /// column past the end of its line to the line's end; a column inside a character (half a
    /// surrogate pair) to the start of the next character.
    pub(super) fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&line_start) = self.line_starts.get(position.line as usize) else {
            return text.len();
        };
        let line_end = self
            .line_starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let line = text.get(line_start..line_end).unwrap_or("");
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= wanted {
                return line_start + i;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        line_end
    }

    pub(super) fn range(
        &self,
        text: &str,
        bytes: std::ops::Range<usize>,
        encoding: Encoding,
    ) -> Range {
        Range::new(
            self.position(text, bytes.start, encoding),
            self.position(text, bytes.end.max(bytes.start), encoding),
        )
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "a𝄞b\nü€\n";
        let index = LineIndex::new(text);
        let b = text.find('b').unwrap_or(0);
        assert_eq!(
            index.position(text, b, Encoding::Utf16),
            Position::new(0, 3)
        );
        assert_eq!(index.position(text, b, Encoding::Utf8), Position::new(0, 5));
        assert_eq!(index.offset(text, Position::new(0, 3), Encoding::Utf16), b);
        // Half a surrogate pair rounds forward to the next character.
        assert_eq!(index.offset(text, Position::new(0, 2), Encoding::Utf16), b);
        let euro = text.find('€').unwrap_or(0);
        assert_eq!(
            index.position(text, euro, Encoding::Utf16),
            Position::new(1, 1)
        );
        assert_eq!(
            index.offset(text, Position::new(1, 99), Encoding::Utf16),
            text.len() - 1
        );
        assert_eq!(
            index.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn every_offset_round_trips() {
        let text = "program p \"Ü𝄞\" {\r\n    // ✓\n}";
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (offset, _) in text.char_indices() {
                let position = index.position(text, offset, encoding);
                assert_eq!(index.offset(text, position, encoding), offset, "{offset}");
            }
        }
    }
}
