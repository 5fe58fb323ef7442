//! From the syntax tree and the tokens to the lines of the formatted file.
//!
//! The tree says where each item starts and ends and which items are blocks; the tokens give
//! the text. Every token is printed exactly once, in order, except that a comment written in
//! the middle of an item moves to its own line just before the item.

use super::print::{Align, Line};
use crate::syntax::ast;
use crate::syntax::lexer::{Kind, Token};

/// An item of the file as the formatter sees it: a span and, for a block, its items.
pub(super) struct Node {
    start: usize,
    end: usize,
    shape: Shape,
}

enum Shape {
    /// Printed on one line.
    Line(Option<Align>),
    /// A header line ending in `{`, the items indented, and `}` on its own line.
    Block(Vec<Node>),
}

/// The tree of nodes for a parsed file.
pub(super) fn nodes(file: &ast::File, text: &str, tokens: &[Token]) -> Vec<Node> {
    let tree = Tree { text, tokens };
    file.items.iter().map(|item| tree.top_item(item)).collect()
}

struct Tree<'t> {
    text: &'t str,
    tokens: &'t [Token],
}

impl Tree<'_> {
    fn line(&self, span: crate::source::Span, align: Option<Align>) -> Node {
        Node {
            start: span.start as usize,
            end: span.end as usize,
            shape: Shape::Line(align),
        }
    }

    fn block(&self, span: crate::source::Span, mut children: Vec<Node>) -> Node {
        children.sort_by_key(|c| c.start);
        Node {
            start: span.start as usize,
            end: span.end as usize,
            shape: Shape::Block(children),
        }
    }

    /// Whether the span holds a `{` (a competency may or may not have a doc block).
    fn has_block(&self, span: crate::source::Span) -> bool {
        let range = span.range();
        let first = self.tokens.partition_point(|t| t.start < range.start);
        self.tokens[first..]
            .iter()
            .take_while(|t| t.start < range.end)
            .any(|t| t.kind == Kind::Punct && t.text(self.text) == "{")
    }

    /// `doc "…"` inside a lens or competency: the AST keeps only the text's span, so the line
    /// starts at the `doc` keyword, the word before it.
    fn doc(&self, text: &ast::Text) -> Node {
        let start = text.span.start as usize;
        let before = self.tokens.partition_point(|t| t.end <= start);
        let keyword = self.tokens[..before]
            .iter()
            .rev()
            .find(|t| t.end <= start && !t.is_comment())
            .map_or(start, |t| t.start);
        Node {
            start: keyword,
            end: text.span.end as usize,
            shape: Shape::Line(None),
        }
    }

    fn top_item(&self, item: &ast::TopItem) -> Node {
        match item {
            ast::TopItem::Import(import) => self.line(import.span, None),
            ast::TopItem::Program(program) => self.block(
                program.span,
                program.items.iter().map(|i| self.program_item(i)).collect(),
            ),
            ast::TopItem::Library(library) => self.block(
                library.span,
                library.items.iter().map(|i| self.program_item(i)).collect(),
            ),
        }
    }

    fn program_item(&self, item: &ast::ProgramItem) -> Node {
        use ast::ProgramItemKind as K;
        match &item.kind {
            K::Mentorship(mentorship) => self.block(
                item.span,
                mentorship
                    .lines
                    .iter()
                    .map(|l| self.line(l.span, None))
                    .collect(),
            ),
            K::Competency(competency) if self.has_block(item.span) => self.block(
                item.span,
                competency.docs.iter().map(|d| self.doc(d)).collect(),
            ),
            K::Competency(_) => self.line(item.span, Some(Align::Competency)),
            K::Agreement(agreement) if self.has_block(item.span) => self.block(
                item.span,
                agreement
                    .fields
                    .iter()
                    .flatten()
                    .map(|f| self.line(f.span, Some(Align::Field)))
                    .collect(),
            ),
            K::Outcome(_) => self.line(item.span, Some(Align::Outcome)),
            K::Severity(_) => self.line(item.span, Some(Align::Severity)),
            K::Lens(lens) => {
                let mut children: Vec<Node> = lens.docs.iter().map(|d| self.doc(d)).collect();
                children.extend(
                    lens.filled_by
                        .iter()
                        .map(|(_, span)| self.line(*span, None)),
                );
                children.extend(lens.sections.iter().map(|section| {
                    self.block(
                        section.span,
                        section
                            .fields
                            .iter()
                            .map(|f| self.line(f.span, Some(Align::Field)))
                            .collect(),
                    )
                }));
                self.block(item.span, children)
            }
            K::Phase(phase) => self.block(
                item.span,
                phase
                    .items
                    .iter()
                    .map(|i| self.line(i.span, None))
                    .collect(),
            ),
            K::Milestone(milestone) => self.milestone(item.span, milestone),
            K::Track(track) => self.block(
                item.span,
                track
                    .items
                    .iter()
                    .map(|i| match &i.kind {
                        ast::TrackItemKind::Milestone(milestone) => {
                            self.milestone(i.span, milestone)
                        }
                        ast::TrackItemKind::Doc(_) | ast::TrackItemKind::Drop(_) => {
                            self.line(i.span, None)
                        }
                    })
                    .collect(),
            ),
            K::Matching(items) => self.block(
                item.span,
                items
                    .iter()
                    .map(|i| match &i.kind {
                        ast::MatchingItemKind::Attribute(_) => {
                            self.line(i.span, Some(Align::Attribute))
                        }
                        _ => self.line(i.span, None),
                    })
                    .collect(),
            ),
            K::Version(_)
            | K::Audience(_)
            | K::Purpose(_)
            | K::Doc(_)
            | K::Length(_)
            | K::Cadence(_)
            | K::Session(_)
            | K::Review(_)
            | K::Commitment(_)
            | K::Agreement(_)
            | K::FirstSession(_)
            | K::MissedSessions(_)
            | K::LogWithin(_) => self.line(item.span, None),
        }
    }

    fn milestone(&self, span: crate::source::Span, milestone: &ast::Milestone) -> Node {
        self.block(
            span,
            milestone
                .items
                .iter()
                .map(|i| self.line(i.span, None))
                .collect(),
        )
    }
}

/// Why the tokens and the tree did not fit together (a formatter bug, never the user's).
#[derive(Debug)]
pub(super) struct Mismatch(pub String);

/// Walks the nodes and the tokens together, producing lines.
pub(super) struct Layout<'t> {
    text: &'t str,
    tokens: &'t [Token],
    next: usize,
    pub lines: Vec<Line>,
}

const INDENT: usize = 4;

impl<'t> Layout<'t> {
    pub(super) fn new(text: &'t str, tokens: &'t [Token]) -> Layout<'t> {
        Layout {
            text,
            tokens,
            next: 0,
            lines: Vec::new(),
        }
    }

    /// Lays out the whole file: the top-level items and every comment around them.
    pub(super) fn file(mut self, nodes: &[Node]) -> Result<Vec<Line>, Mismatch> {
        self.body(nodes, 0, self.text.len())?;
        if let Some(token) = self.tokens.get(self.next) {
            return Err(self.stray(token));
        }
        Ok(self.lines)
    }

    fn stray(&self, token: &Token) -> Mismatch {
        Mismatch(format!(
            "the token `{}` at byte {} belongs to no item",
            token.text(self.text),
            token.start
        ))
    }

    /// The items of a block (or of the file) and the comments between them, up to `end`.
    fn body(&mut self, children: &[Node], depth: usize, end: usize) -> Result<(), Mismatch> {
        for child in children {
            self.comments_before(child.start, depth)?;
            self.node(child, depth)?;
        }
        self.comments_before(end, depth)
    }

    /// Comments between the last printed token and `until`: a comment on the line of the
    /// previous token ends that line; any other comment gets its own line.
    fn comments_before(&mut self, until: usize, depth: usize) -> Result<(), Mismatch> {
        while let Some(token) = self.tokens.get(self.next).copied() {
            if token.start >= until {
                break;
            }
            if !token.is_comment() {
                return Err(self.stray(&token));
            }
            self.next += 1;
            let text = token.text(self.text).to_owned();
            let ends_a_line = token.newlines_before == 0 && self.next > 1;
            if ends_a_line
                && let Some(Line::Code { trailing, .. }) = self.lines.last_mut()
                && trailing.is_none()
            {
                *trailing = Some(text);
                continue;
            }
            self.blank_if(token.newlines_before);
            self.lines.push(Line::Comment {
                indent: depth * INDENT,
                text,
            });
        }
        Ok(())
    }

    /// Keeps one blank line where the source had at least one, except at the top of the file.
    fn blank_if(&mut self, newlines_before: u32) {
        if newlines_before >= 2 && !matches!(self.lines.last(), None | Some(Line::Blank)) {
            self.lines.push(Line::Blank);
        }
    }

    /// The tokens of a node up to `end`: the words printed, and the comments among them
    /// printed on their own lines before the node.
    fn take_until(&mut self, end: usize, depth: usize) -> Vec<Token> {
        let mut words = Vec::new();
        let mut hoisted = Vec::new();
        while let Some(token) = self.tokens.get(self.next).copied() {
            if token.start >= end {
                break;
            }
            self.next += 1;
            if token.is_comment() {
                hoisted.push(token);
            } else {
                words.push(token);
            }
        }
        if let Some(first) = words.first() {
            self.blank_if(first.newlines_before);
        }
        for comment in hoisted {
            self.lines.push(Line::Comment {
                indent: depth * INDENT,
                text: comment.text(self.text).to_owned(),
            });
        }
        words
    }

    fn node(&mut self, node: &Node, depth: usize) -> Result<(), Mismatch> {
        match &node.shape {
            Shape::Line(align) => {
                let words = self.take_until(node.end, depth);
                if words.is_empty() {
                    return Err(Mismatch(format!(
                        "no text for the item at byte {}",
                        node.start
                    )));
                }
                let cells = match align {
                    // `attribute id "Label"` line up; the kind after them (`one of a, b`,
                    // `number 1..8`) is written as one text.
                    Some(Align::Attribute) if words.len() > 3 => {
                        let (head, kind) = words.split_at(3);
                        let mut cells: Vec<String> =
                            head.iter().map(|t| t.text(self.text).to_owned()).collect();
                        cells.push(self.join(kind));
                        cells
                    }
                    Some(_) => words.iter().map(|t| t.text(self.text).to_owned()).collect(),
                    None => vec![self.join(&words)],
                };
                self.lines.push(Line::Code {
                    indent: depth * INDENT,
                    cells,
                    align: *align,
                    trailing: None,
                });
            }
            Shape::Block(children) => {
                let open = self.tokens[self.next..]
                    .iter()
                    .find(|t| t.kind == Kind::Punct && t.text(self.text) == "{")
                    .map(|t| t.start)
                    .ok_or_else(|| {
                        Mismatch(format!("no `{{` in the block at byte {}", node.start))
                    })?;
                let last = self.tokens.partition_point(|t| t.end < node.end);
                let close = self
                    .tokens
                    .get(last)
                    .filter(|t| t.end == node.end && t.text(self.text) == "}")
                    .map(|t| t.start)
                    .ok_or_else(|| {
                        Mismatch(format!("no `}}` ends the block at byte {}", node.start))
                    })?;
                let header = self.take_until(open, depth);
                // The `{` itself.
                self.next += 1;
                let mut head = self.join(&header);
                head.push_str(" {");
                self.lines.push(Line::Code {
                    indent: depth * INDENT,
                    cells: vec![head],
                    align: None,
                    trailing: None,
                });
                let header_line = self.lines.len() - 1;
                self.body(children, depth + 1, close)?;
                // The `}`.
                self.next += 1;
                let empty = self.lines.len() == header_line + 1
                    && matches!(&self.lines[header_line], Line::Code { trailing: None, .. });
                match &mut self.lines[header_line] {
                    Line::Code { cells, .. } if empty => {
                        if let Some(head) = cells.first_mut() {
                            head.push('}');
                        }
                    }
                    _ => self.lines.push(Line::Code {
                        indent: depth * INDENT,
                        cells: vec!["}".to_owned()],
                        align: None,
                        trailing: None,
                    }),
                }
            }
        }
        Ok(())
    }

    /// Words separated by one space; no space before `,` and none around `..`.
    fn join(&self, words: &[Token]) -> String {
        let mut out = String::new();
        let mut previous = "";
        for word in words {
            let text = word.text(self.text);
            if !out.is_empty() && text != "," && text != ".." && previous != ".." {
                out.push(' ');
            }
            out.push_str(text);
            previous = text;
        }
        out
    }
}
