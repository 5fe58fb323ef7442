//! The requests an editor asks about a document: hover, go to definition, completion,
//! formatting and the outline.

use lsp_server::ErrorCode;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    CompletionTriggerKind, DocumentFormattingParams, DocumentSymbolParams, DocumentSymbolResponse,
    Documentation, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents, HoverParams,
    Location, MarkupContent, MarkupKind, Position, Range, TextEdit, Url,
};

use super::index::{Index, Kind, Target};
use super::position::{Encoding, LineIndex};
use super::{DocKind, Document, Failure, Server, completion, hover, symbols};
use crate::format::{FormatError, format_source};
use crate::source::Span;

impl<W: std::io::Write> Server<W> {
    /// The document, its index and the byte offset of a position in it.
    pub(super) fn locate(
        &mut self,
        uri: &Url,
        position: Position,
    ) -> Option<(&Document, &Index, usize)> {
        self.index(uri)?;
        let document = self.documents.get(uri)?;
        let index = document.index.as_ref()?;
        let offset = document
            .lines
            .offset(&document.text, position, self.encoding);
        Some((document, index, offset))
    }

    pub(super) fn hover(&mut self, params: HoverParams) -> Result<Option<Hover>, Failure> {
        let at = params.text_document_position_params;
        let encoding = self.encoding;
        let Some((document, index, offset)) = self.locate(&at.text_document.uri, at.position)
        else {
            return Ok(None);
        };
        let range = |span: Span| document.lines.range(&document.text, span.range(), encoding);
        let markdown = |value: String, span: Span| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(range(span)),
        };
        if let Some(target) = index.at(offset) {
            let span = match target {
                Target::Reference(r) => r.span,
                Target::Declaration(d) => d.id_span,
                Target::Import(i) => i.span,
            };
            if let Target::Import(import) = target {
                let text = match &import.path {
                    Some(path) => format!("imports `{}`", path.display()),
                    None => "nothing is imported: no `.mentor` file at this path (imports \
                             read only `.mentor` files)"
                        .to_owned(),
                };
                return Ok(Some(markdown(text, span)));
            }
            return Ok(match index.declaration_of(target) {
                Some(decl) => Some(markdown(hover::describe(index, decl), span)),
                None => {
                    let noun = match target {
                        Target::Reference(r) => r.kind.noun(),
                        _ => "id",
                    };
                    Some(markdown(format!("no {noun} has this id"), span))
                }
            });
        }
        let Some(word) = word_at(&document.text, offset) else {
            return Ok(None);
        };
        if !completion::is_code(&document.text, word.start) {
            return Ok(None);
        }
        let source = span_in_document(index, word.clone());
        Ok(hover::keyword(&document.text[word]).map(|text| markdown(text.to_owned(), source)))
    }

    pub(super) fn definition(
        &mut self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>, Failure> {
        let at = params.text_document_position_params;
        let uri = at.text_document.uri.clone();
        let encoding = self.encoding;
        let Some((_, index, offset)) = self.locate(&uri, at.position) else {
            return Ok(None);
        };
        let Some(target) = index.at(offset) else {
            return Ok(None);
        };
        let location = match target {
            Target::Import(import) => import
                .path
                .as_deref()
                .and_then(|p| Url::from_file_path(p).ok())
                .map(|file| Location::new(file, Range::default())),
            _ => index
                .declaration_of(target)
                .and_then(|decl| location(index, &uri, decl.id_span, encoding)),
        };
        Ok(location.map(GotoDefinitionResponse::Scalar))
    }

    pub(super) fn completion(
        &mut self,
        params: CompletionParams,
    ) -> Result<Option<CompletionResponse>, Failure> {
        let at = params.text_document_position;
        let encoding = self.encoding;
        let on_trigger_character = params
            .context
            .is_some_and(|c| c.trigger_kind == CompletionTriggerKind::TRIGGER_CHARACTER);
        let Some((document, index, offset)) = self.locate(&at.text_document.uri, at.position)
        else {
            return Ok(None);
        };
        let Some(found) = completion::complete(&document.text, offset) else {
            return Ok(None);
        };
        if found.is_item_start && on_trigger_character {
            return Ok(None); // A space at the start of an item is indentation, not a request.
        }
        let range = document
            .lines
            .range(&document.text, found.replace, encoding);
        let item =
            |label: String, kind: CompletionItemKind, detail: Option<String>| CompletionItem {
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    range,
                    label.clone(),
                ))),
                filter_text: Some(label.clone()),
                label,
                kind: Some(kind),
                detail,
                ..Default::default()
            };
        let items: Vec<CompletionItem> = match found.offer {
            completion::Offer::Keywords(words) => words
                .into_iter()
                .map(|word| {
                    let mut keyword = item(word.to_owned(), CompletionItemKind::KEYWORD, None);
                    keyword.documentation = hover::keyword(word).map(|text| {
                        Documentation::MarkupContent(MarkupContent {
                            kind: MarkupKind::Markdown,
                            value: text.to_owned(),
                        })
                    });
                    keyword
                })
                .collect(),
            completion::Offer::Ids(kind) => {
                let item_kind = match kind {
                    Kind::Lens => CompletionItemKind::CLASS,
                    Kind::Competency => CompletionItemKind::INTERFACE,
                    _ => CompletionItemKind::EVENT,
                };
                completion::ids(index, kind)
                    .into_iter()
                    .map(|(id, label)| item(id, item_kind, Some(label)))
                    .collect()
            }
            completion::Offer::Rules => completion::overridable_rules()
                .flat_map(|rule| {
                    [
                        item(
                            rule.code.to_owned(),
                            CompletionItemKind::CONSTANT,
                            Some(format!("{}: {}", rule.name, rule.summary)),
                        ),
                        item(
                            rule.name.to_owned(),
                            CompletionItemKind::CONSTANT,
                            Some(format!("{}: {}", rule.code, rule.summary)),
                        ),
                    ]
                })
                .collect(),
        };
        Ok(Some(CompletionResponse::Array(items)))
    }

    pub(super) fn formatting(
        &mut self,
        params: DocumentFormattingParams,
    ) -> Result<Option<Vec<TextEdit>>, Failure> {
        let Some(document) = self.documents.get(&params.text_document.uri) else {
            return Ok(None);
        };
        if document.kind != DocKind::Mentor {
            return Ok(None);
        }
        match format_source(&document.text) {
            Ok(formatted) => Ok(Some(
                minimal_edit(&document.text, &formatted, &document.lines, self.encoding)
                    .into_iter()
                    .collect(),
            )),
            // Syntax errors are shown as diagnostics; a file that does not parse is not touched.
            Err(FormatError::Syntax(_)) => Ok(Some(Vec::new())),
            Err(FormatError::Internal(message)) => Err(Failure(
                ErrorCode::RequestFailed,
                format!("the formatter refused this file: {message}"),
            )),
        }
    }

    pub(super) fn document_symbol(
        &mut self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>, Failure> {
        let encoding = self.encoding;
        let uri = params.text_document.uri;
        if self.index(&uri).is_none() {
            return Ok(None);
        }
        let Some(document) = self.documents.get(&uri) else {
            return Ok(None);
        };
        let Some(index) = document.index.as_ref() else {
            return Ok(None);
        };
        let range = |span: Span| document.lines.range(&document.text, span.range(), encoding);
        Ok(Some(DocumentSymbolResponse::Nested(symbols::outline(
            &index.file,
            &range,
        ))))
    }
}

/// A span of the document (source 0 of its index).
fn span_in_document(index: &Index, range: std::ops::Range<usize>) -> Span {
    Span::new(index.file.span.source, range)
}

fn location(index: &Index, document: &Url, span: Span, encoding: Encoding) -> Option<Location> {
    let source = span.source;
    let uri = if source.index() == 0 {
        document.clone()
    } else {
        Url::from_file_path(index.paths.get(source.index())?.as_ref()?).ok()?
    };
    let text = index.sources.text(source);
    let range = LineIndex::new(text).range(text, span.range(), encoding);
    Some(Location::new(uri, range))
}

/// The identifier-like word around a byte offset.
fn word_at(text: &str, offset: usize) -> Option<std::ops::Range<usize>> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word(c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_word(c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some(start..end)
}

/// One edit that turns `old` into `new`, covering only the lines that differ (so the editor
/// keeps the cursor and folds elsewhere); `None` when they are equal.
fn minimal_edit(old: &str, new: &str, lines: &LineIndex, encoding: Encoding) -> Option<TextEdit> {
    if old == new {
        return None;
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let max_suffix = old_lines.len().min(new_lines.len()) - prefix;
    let suffix = old_lines
        .iter()
        .rev()
        .zip(new_lines.iter().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    let bytes = |lines: &[&str]| lines.iter().map(|l| l.len()).sum::<usize>();
    let old_start = bytes(&old_lines[..prefix]);
    let old_end = old.len() - bytes(&old_lines[old_lines.len() - suffix..]);
    let new_start = bytes(&new_lines[..prefix]);
    let new_end = new.len() - bytes(&new_lines[new_lines.len() - suffix..]);
    Some(TextEdit::new(
        lines.range(old, old_start..old_end, encoding),
        new[new_start..new_end].to_owned(),
    ))
}
