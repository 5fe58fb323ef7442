//! Masking a pair's words in a source before its lines are shown around a diagnostic.
//!
//! A neighbouring line of a log may hold a private reflection; masking replaces characters with
//! ones of the same UTF-8 length, so every span, line and column stays valid.

use std::ops::Range;
use std::sync::Arc;

use super::{SourceFile, SourceId, Sources, Span};

impl Sources {
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
            // A streamed file's kept lines were masked as they were kept; a deferred file not
            // read again holds no text to mask (and must keep its mark).
            if old.streamed_path().is_some() || old.deferred_path().is_some() {
                continue;
            }
            let mut text = old.text().to_owned();
            for span in spans {
                mask_range(&mut text, span.range());
            }
            self.files[index] = Arc::new(SourceFile::new(old.name().to_owned(), text));
        }
    }

    /// Masks every character in `ranges` of `source` but line breaks (same UTF-8 lengths, so
    /// positions do not move): for text whose quoting is not known, such as a log that did not
    /// parse (see `log::unparsed_text_ranges`).
    pub fn mask_ranges(&mut self, source: SourceId, ranges: &[Range<usize>]) {
        let Some(old) = self.files.get(source.0 as usize) else {
            return;
        };
        if ranges.is_empty() || old.streamed_path().is_some() || old.deferred_path().is_some() {
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
        self.files[source.0 as usize] = Arc::new(SourceFile::new(name, text));
    }
}

/// Masks every character of `text[range]` but line breaks, in place, keeping UTF-8 lengths (what
/// [`Sources::mask_ranges`] does to a file): for one line kept of a streamed file.
pub fn mask_all(text: &mut String, range: Range<usize>) {
    if let Some(slice) = text.get(range.clone()) {
        let masked: String = slice.chars().map(mask_char).collect();
        text.replace_range(range, &masked);
    }
}

/// Masks the quoted text inside `text[range]` in place; quotes, keys, numbers, dates and line
/// breaks stay as they are (what [`Sources::mask`] does to a file).
pub fn mask_range(text: &mut String, range: Range<usize>) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
