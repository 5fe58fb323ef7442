//! From lines to text: column alignment, the comment column, line ends.

/// Items whose consecutive lines line up in columns (`outcome id "label" failed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Outcome,
    Competency,
    Field,
    Severity,
    /// `attribute id "Label" kind` in a `matching` block.
    Attribute,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Line {
    Blank,
    /// A comment on a line of its own.
    Comment {
        indent: usize,
        text: String,
    },
    /// Code, in cells that [`Align`] lines up, and maybe a comment at the end of the line.
    Code {
        indent: usize,
        cells: Vec<String>,
        align: Option<Align>,
        trailing: Option<String>,
    },
}

/// Where a comment at the end of a line starts (0-based), unless the code is longer.
pub(super) const COMMENT_COLUMN: usize = 43;
/// The least space between code and a comment at the end of its line.
pub(super) const COMMENT_GAP: usize = 2;

fn width(text: &str) -> usize {
    text.chars().count()
}

/// The text of the lines, each ending in `\n`.
pub(super) fn render(lines: &[Line]) -> String {
    let mut code = code_texts(lines);
    let comment_columns = comment_columns(lines, &code);
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Blank => {}
            Line::Comment { indent, text } => {
                push_indent(&mut out, *indent);
                out.push_str(text);
            }
            Line::Code {
                indent, trailing, ..
            } => {
                push_indent(&mut out, *indent);
                let text = std::mem::take(&mut code[i]);
                out.push_str(&text);
                if let Some(comment) = trailing {
                    let column = comment_columns[i];
                    let used = indent + width(&text);
                    push_spaces(&mut out, column.saturating_sub(used).max(COMMENT_GAP));
                    out.push_str(comment);
                }
            }
        }
        out.push('\n');
    }
    out
}

fn push_indent(out: &mut String, indent: usize) {
    push_spaces(out, indent);
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The code of each line with its cells aligned (empty for non-code lines).
///
/// A run of code lines of one [`Align`] kind at one indent, not interrupted by a blank line
/// or another item (comment lines do not interrupt it), is one group. In a group, each cell
/// is padded to the widest of that column among the group's lines that have a cell after it.
fn code_texts(lines: &[Line]) -> Vec<String> {
    let mut texts = vec![String::new(); lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let Line::Code {
            indent,
            cells,
            align,
            ..
        } = &lines[i]
        else {
            i += 1;
            continue;
        };
        let Some(kind) = align else {
            texts[i] = cells.concat();
            i += 1;
            continue;
        };
        // The group: lines i..end, members are the code lines among them.
        let mut members = vec![i];
        let mut end = i + 1;
        let mut j = i + 1;
        while j < lines.len() {
            match &lines[j] {
                Line::Comment { .. } => j += 1,
                Line::Code {
                    indent: other_indent,
                    align: Some(other),
                    ..
                } if other == kind && other_indent == indent => {
                    members.push(j);
                    j += 1;
                    end = j;
                }
                _ => break,
            }
        }
        let mut widths: Vec<usize> = Vec::new();
        for &m in &members {
            if let Line::Code { cells, .. } = &lines[m] {
                for (c, cell) in cells.iter().enumerate().take(cells.len().saturating_sub(1)) {
                    if widths.len() <= c {
                        widths.resize(c + 1, 0);
                    }
                    widths[c] = widths[c].max(width(cell));
                }
            }
        }
        for &m in &members {
            if let Line::Code { cells, .. } = &lines[m] {
                let mut text = String::new();
                for (c, cell) in cells.iter().enumerate() {
                    text.push_str(cell);
                    if c + 1 < cells.len() {
                        let pad = widths
                            .get(c)
                            .copied()
                            .unwrap_or(0)
                            .saturating_sub(width(cell))
                            + 1;
                        push_spaces(&mut text, pad);
                    }
                }
                texts[m] = text;
            }
        }
        i = end;
    }
    texts
}

/// The column of each line's end-of-line comment: [`COMMENT_COLUMN`], or further right when
/// the code is longer; consecutive lines with such comments share the column.
fn comment_columns(lines: &[Line], code: &[String]) -> Vec<usize> {
    let mut columns = vec![0; lines.len()];
    let has_comment = |i: usize| {
        matches!(
            &lines[i],
            Line::Code {
                trailing: Some(_),
                ..
            }
        )
    };
    let used = |i: usize| match &lines[i] {
        Line::Code { indent, .. } => indent + width(&code[i]),
        _ => 0,
    };
    let mut i = 0;
    while i < lines.len() {
        if !has_comment(i) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < lines.len() && has_comment(end) {
            end += 1;
        }
        let column = (i..end)
            .map(|k| used(k) + COMMENT_GAP)
            .fold(COMMENT_COLUMN, usize::max);
        for slot in &mut columns[i..end] {
            *slot = column;
        }
        i = end;
    }
    columns
}
