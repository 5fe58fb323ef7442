//! `mentor lsp`: a language server over stdio for `.mentor` programs and session logs.
//!
//! Synchronous and single-threaded: every request is answered from the current text before
//! the next message is read (checking a program takes about a millisecond). The features:
//! diagnostics as you type (the codes and messages of `mentor check`, and of `mentor validate`
//! for an open session log whose program can be found), hover, go to definition (across
//! imports), completion, formatting through `format`, and the document outline.
//!
//! Messages are `lsp-server`'s types and `lsp-types`' parameters; the framing is ours (see
//! [`transport`]) so that a malformed message is answered with a JSON-RPC error and the server
//! keeps running.
//!
//! **Architecture Invariant:** no input ends the server but `exit` or the end of its input:
//! every handler runs under `catch_unwind`, and a failure becomes an error response.

mod completion;
mod diagnostics;
mod hover;
mod index;
mod position;
mod symbols;
mod transport;

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    CompletionTriggerKind, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentFormattingParams,
    DocumentSymbolParams, DocumentSymbolResponse, Documentation, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, InitializeParams, InitializeResult,
    Location, MarkupContent, MarkupKind, OneOf, Position, PositionEncodingKind,
    PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::format::{FormatError, format_source};
use crate::log::LogFormat;
use crate::source::{self, Span};
use index::{Index, Kind, Target};
use position::{Encoding, LineIndex};
use transport::Frame;

/// Runs the server on standard input and output; returns the process exit status (0 after
/// `shutdown` then `exit`, 1 otherwise, as the protocol asks).
pub fn run_stdio() -> u8 {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    Server::new(stdout.lock()).run(&mut stdin.lock())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Uninitialized,
    Running,
    ShutDown,
}

/// What a document is, by its name (or language id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DocKind {
    Mentor,
    Log(LogFormat),
    Other,
}

struct Document {
    text: String,
    version: i32,
    lines: LineIndex,
    kind: DocKind,
    /// Built on first use after each change.
    index: Option<Index>,
}

impl Document {
    fn new(text: String, version: i32, kind: DocKind) -> Document {
        Document {
            lines: LineIndex::new(&text),
            text,
            version,
            kind,
            index: None,
        }
    }
}

/// The id a request with a number id `lsp-server` cannot hold (over `i32`, or with a fraction)
/// is handled under; its response carries the original number.
const STAND_IN_ID: &str = "mentor: a number id";

/// An error response: a JSON-RPC code and a message.
struct Failure(ErrorCode, String);

type Answer = Result<Value, Failure>;

struct Server<W: Write> {
    out: W,
    state: State,
    encoding: Encoding,
    roots: Vec<PathBuf>,
    documents: HashMap<Url, Document>,
    /// What each `.mentor` file on disk beside a log declares, with the size and modification
    /// time it had when read (see [`Server::header`]).
    headers: RefCell<HashMap<PathBuf, (source::FileVersion, Option<diagnostics::Header>)>>,
}

impl<W: Write> Server<W> {
    fn new(out: W) -> Server<W> {
        Server {
            out,
            state: State::Uninitialized,
            encoding: Encoding::Utf16,
            roots: Vec::new(),
            documents: HashMap::new(),
            headers: RefCell::new(HashMap::new()),
        }
    }

    fn run(mut self, input: &mut impl BufRead) -> u8 {
        loop {
            let frame = match transport::read_frame(input) {
                Ok(frame) => frame,
                Err(_) => return self.status_at_end(),
            };
            match frame {
                Frame::Eof => return self.status_at_end(),
                Frame::BadHeader(message) => {
                    self.send_error(Value::Null, ErrorCode::ParseError, message);
                }
                Frame::Body(body) => {
                    if let Some(status) = self.on_body(&body) {
                        return status;
                    }
                }
            }
        }
    }

    fn status_at_end(&self) -> u8 {
        if self.state == State::ShutDown { 0 } else { 1 }
    }

    /// Handles one message; returns the exit status once `exit` arrives.
    fn on_body(&mut self, body: &[u8]) -> Option<u8> {
        let mut value: Value = match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(error) => {
                self.send_error(
                    Value::Null,
                    ErrorCode::ParseError,
                    format!("the message is not JSON: {error}"),
                );
                return None;
            }
        };
        let id = value
            .get("id")
            .filter(|id| id.is_string() || id.is_number())
            .cloned()
            .unwrap_or(Value::Null);
        let has_method = value.get("method").is_some_and(Value::is_string);
        // `lsp-server` reads only string ids and numbers that fit an `i32`; with any other id
        // a request would be taken for a notification and never answered.
        let mut number_id = None;
        if has_method && let Some(request_id) = value.get_mut("id") {
            match request_id {
                Value::String(_) => {}
                Value::Number(n) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => {}
                Value::Number(_) => {
                    // Any JSON number is a valid id: answer under a stand-in, echo the number.
                    number_id = Some(std::mem::replace(request_id, Value::from(STAND_IN_ID)));
                }
                _ => {
                    self.send_error(
                        Value::Null,
                        ErrorCode::InvalidRequest,
                        "a request id must be a string or a number".to_owned(),
                    );
                    return None;
                }
            }
        }
        if !has_method {
            let is_response = value.get("result").is_some() || value.get("error").is_some();
            if !(value.is_object() && is_response) {
                self.send_error(
                    id,
                    ErrorCode::InvalidRequest,
                    "expected a JSON-RPC request, notification or response".to_owned(),
                );
            }
            return None; // We send no requests, so a response needs no handling.
        }
        match serde_json::from_value::<Message>(value) {
            Ok(Message::Request(request)) => {
                let response = self.on_request(request);
                if let Ok(mut value) = serde_json::to_value(Message::Response(response)) {
                    if let (Some(id), Some(object)) = (number_id, value.as_object_mut()) {
                        object.insert("id".to_owned(), id);
                    }
                    self.write(value);
                }
                None
            }
            Ok(Message::Notification(notification)) => self.on_notification(notification),
            Ok(Message::Response(_)) => None,
            Err(error) => {
                self.send_error(
                    id,
                    ErrorCode::InvalidRequest,
                    format!("not a valid JSON-RPC message: {error}"),
                );
                None
            }
        }
    }

    fn on_request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let method = request.method.clone();
        let answer = match (self.state, method.as_str()) {
            (State::Uninitialized, "initialize") => self.initialize(request),
            (State::Uninitialized, _) => Err(Failure(
                ErrorCode::ServerNotInitialized,
                "the server has not been initialized".to_owned(),
            )),
            (State::ShutDown, _) => Err(Failure(
                ErrorCode::InvalidRequest,
                "the server is shutting down".to_owned(),
            )),
            (State::Running, "initialize") => Err(Failure(
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_owned(),
            )),
            (State::Running, "shutdown") => {
                self.state = State::ShutDown;
                self.documents.clear();
                Ok(Value::Null)
            }
            (State::Running, _) => {
                match catch_unwind(AssertUnwindSafe(|| self.dispatch(request))) {
                    Ok(answer) => answer,
                    Err(_) => Err(Failure(
                        ErrorCode::InternalError,
                        format!("internal error while answering `{method}`"),
                    )),
                }
            }
        };
        match answer {
            Ok(result) => Response {
                id,
                response_result: Ok(result),
            },
            Err(Failure(code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn dispatch(&mut self, request: Request) -> Answer {
        match request.method.as_str() {
            "textDocument/hover" => self.answer(request, Self::hover),
            "textDocument/definition" => self.answer(request, Self::definition),
            "textDocument/completion" => self.answer(request, Self::completion),
            "textDocument/formatting" => self.answer(request, Self::formatting),
            "textDocument/documentSymbol" => self.answer(request, Self::document_symbol),
            method => Err(Failure(
                ErrorCode::MethodNotFound,
                format!("unsupported request `{method}`"),
            )),
        }
    }

    /// Parses the request's parameters and serializes the handler's answer.
    fn answer<P: DeserializeOwned, R: Serialize>(
        &mut self,
        request: Request,
        handler: fn(&mut Self, P) -> Result<R, Failure>,
    ) -> Answer {
        let params: P = serde_json::from_value(request.params).map_err(|error| {
            Failure(
                ErrorCode::InvalidParams,
                format!("invalid parameters for `{}`: {error}", request.method),
            )
        })?;
        let result = handler(self, params)?;
        serde_json::to_value(result).map_err(|e| Failure(ErrorCode::InternalError, e.to_string()))
    }

    fn on_notification(&mut self, notification: Notification) -> Option<u8> {
        if notification.method == "exit" {
            return Some(self.status_at_end());
        }
        if self.state != State::Running {
            return None;
        }
        let method = notification.method.clone();
        let handled = catch_unwind(AssertUnwindSafe(|| match method.as_str() {
            "textDocument/didOpen" => self.notified(notification, Self::did_open),
            "textDocument/didChange" => self.notified(notification, Self::did_change),
            "textDocument/didSave" => self.notified(notification, Self::did_save),
            "textDocument/didClose" => self.notified(notification, Self::did_close),
            _ => Ok(()), // `initialized`, `$/cancelRequest`, settings: nothing to do.
        }));
        let message = match handled {
            Ok(Ok(())) => return None,
            Ok(Err(message)) => message,
            Err(_) => format!("internal error while handling `{method}`"),
        };
        self.log_message(&message);
        None
    }

    fn notified<P: DeserializeOwned>(
        &mut self,
        notification: Notification,
        handler: fn(&mut Self, P),
    ) -> Result<(), String> {
        let params: P = serde_json::from_value(notification.params).map_err(|error| {
            format!("invalid parameters for `{}`: {error}", notification.method)
        })?;
        handler(self, params);
        Ok(())
    }

    // ------------------------------------------------------------------ lifecycle

    fn initialize(&mut self, request: Request) -> Answer {
        let params: InitializeParams = serde_json::from_value(request.params).map_err(|e| {
            Failure(
                ErrorCode::InvalidParams,
                format!("invalid parameters for `initialize`: {e}"),
            )
        })?;
        let offers_utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|encodings| encodings.contains(&PositionEncodingKind::UTF8));
        self.encoding = if offers_utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.roots = workspace_roots(&params);
        self.state = State::Running;
        let result = InitializeResult {
            capabilities: capabilities(self.encoding),
            server_info: Some(ServerInfo {
                name: "mentor".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        serde_json::to_value(result).map_err(|e| Failure(ErrorCode::InternalError, e.to_string()))
    }

    // ------------------------------------------------------------------ documents

    fn did_open(&mut self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let kind = doc_kind(&item.uri, &item.language_id);
        self.documents.insert(
            item.uri.clone(),
            Document::new(item.text, item.version, kind),
        );
        self.publish(&item.uri);
        if kind == DocKind::Mentor {
            self.publish_logs();
        }
    }

    fn did_change(&mut self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let encoding = self.encoding;
        let Some(document) = self.documents.get_mut(&uri) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                None => document.text = change.text,
                Some(range) => {
                    let start = document.lines.offset(&document.text, range.start, encoding);
                    let end = document
                        .lines
                        .offset(&document.text, range.end, encoding)
                        .max(start);
                    document.text.replace_range(start..end, &change.text);
                }
            }
            document.lines = LineIndex::new(&document.text);
        }
        document.version = params.text_document.version;
        document.index = None;
        let kind = document.kind;
        self.publish(&uri);
        if kind == DocKind::Mentor {
            self.publish_logs();
        }
    }

    /// A saved library changes what the programs importing it see: check every document again.
    fn did_save(&mut self, params: DidSaveTextDocumentParams) {
        // Saved within the resolution of the file system's clock, a file may keep its size and
        // time; what the editor saved is read again.
        if let Ok(path) = params.text_document.uri.to_file_path() {
            self.headers.borrow_mut().remove(&path);
        }
        let uris: Vec<Url> = self.documents.keys().cloned().collect();
        for uri in uris {
            if let Some(document) = self.documents.get_mut(&uri) {
                document.index = None;
            }
            self.publish(&uri);
        }
    }

    fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.documents.remove(&uri).is_some() {
            self.send_diagnostics(uri, Vec::new(), None);
        }
    }

    fn publish_logs(&mut self) {
        let logs: Vec<Url> = self
            .documents
            .iter()
            .filter(|(_, d)| matches!(d.kind, DocKind::Log(_)))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in logs {
            self.publish(&uri);
        }
    }

    fn publish(&mut self, uri: &Url) {
        let Some(document) = self.documents.get(uri) else {
            return;
        };
        let version = document.version;
        let path = uri.to_file_path().ok();
        let diagnostics = match document.kind {
            DocKind::Mentor => {
                let base_dir = self.base_dir(path.as_deref());
                let checked = diagnostics::check_mentor(&document.text, path.as_deref(), &base_dir);
                // Only a problem in an imported file needs the import lines (and the index).
                let elsewhere = checked
                    .diagnostics
                    .iter()
                    .any(|d| d.primary.span.source != checked.source);
                let imports = if elsewhere {
                    self.import_spans(uri)
                } else {
                    Vec::new()
                };
                diagnostics::to_lsp(&checked, uri, self.encoding, &|file: &Path| {
                    import_for(&imports, file)
                })
            }
            DocKind::Log(format) => {
                let Some(path) = path else { return };
                let read = |file: &Path| self.read(file);
                let header = |file: &Path| self.header(file);
                let workspace = diagnostics::Workspace {
                    roots: &self.roots,
                    read: &read,
                    header: &header,
                };
                let today = jiff::Zoned::now().date();
                match diagnostics::check_log_file(&document.text, &path, format, &workspace, today)
                {
                    Some(checked) => {
                        let fallback = |_: &Path| 0..0;
                        diagnostics::to_lsp(&checked, uri, self.encoding, &fallback)
                    }
                    None => return, // Not a session log.
                }
            }
            DocKind::Other => return,
        };
        self.send_diagnostics(uri.clone(), diagnostics, Some(version));
    }

    /// The `import` lines of a document, with the file each one reads.
    fn import_spans(&mut self, uri: &Url) -> Vec<(std::ops::Range<usize>, Option<PathBuf>)> {
        self.index(uri)
            .map(|index| {
                index
                    .imports
                    .iter()
                    .map(|i| (i.span.range(), i.path.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The editor's text of an open file, else the file on disk (read as the CLI reads files:
    /// regular files of at most 256 MiB).
    fn read(&self, path: &Path) -> Option<String> {
        match self.open_document(path) {
            Some(document) => Some(document.text.clone()),
            None => String::from_utf8(source::read_bytes(path).ok()?).ok(),
        }
    }

    fn open_document(&self, path: &Path) -> Option<&Document> {
        Url::from_file_path(path)
            .ok()
            .and_then(|uri| self.documents.get(&uri))
    }

    /// What a `.mentor` file declares; for a file on disk, read once per size and modification
    /// time.
    fn header(&self, path: &Path) -> Option<diagnostics::Header> {
        if let Some(document) = self.open_document(path) {
            return Some(diagnostics::Header::of(&document.text));
        }
        let version = source::file_version(path)?;
        if let Some((seen, header)) = self.headers.borrow().get(path)
            && *seen == version
        {
            return header.clone();
        }
        let header = self.read(path).map(|text| diagnostics::Header::of(&text));
        self.headers
            .borrow_mut()
            .insert(path.to_path_buf(), (version, header.clone()));
        header
    }

    /// Imports are relative to the document's directory; an unsaved document's are relative to
    /// the first workspace folder.
    fn base_dir(&self, path: Option<&Path>) -> PathBuf {
        path.and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.roots.first().cloned())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn index(&mut self, uri: &Url) -> Option<&Index> {
        let path = uri.to_file_path().ok();
        let base_dir = self.base_dir(path.as_deref());
        let document = self.documents.get_mut(uri)?;
        if document.kind != DocKind::Mentor {
            return None;
        }
        if document.index.is_none() {
            document.index = Some(Index::build(&document.text, path.as_deref(), &base_dir));
        }
        document.index.as_ref()
    }

    // ------------------------------------------------------------------ requests

    /// The document, its index and the byte offset of a position in it.
    fn locate(&mut self, uri: &Url, position: Position) -> Option<(&Document, &Index, usize)> {
        self.index(uri)?;
        let document = self.documents.get(uri)?;
        let index = document.index.as_ref()?;
        let offset = document
            .lines
            .offset(&document.text, position, self.encoding);
        Some((document, index, offset))
    }

    fn hover(&mut self, params: HoverParams) -> Result<Option<Hover>, Failure> {
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

    fn definition(
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

    fn completion(
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

    fn formatting(
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

    fn document_symbol(
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

    // ------------------------------------------------------------------ output

    fn send(&mut self, message: &Message) {
        if let Ok(value) = serde_json::to_value(message) {
            self.write(value);
        }
    }

    fn write(&mut self, mut value: Value) {
        if let Some(object) = value.as_object_mut() {
            object.insert("jsonrpc".to_owned(), Value::from("2.0"));
        }
        // A client that stopped reading cannot be told anything; the read side will end.
        let _ = transport::write_frame(&mut self.out, &value);
    }

    fn send_error(&mut self, id: Value, code: ErrorCode, message: String) {
        self.write(serde_json::json!({
            "id": id,
            "error": { "code": code as i32, "message": message },
        }));
    }

    fn send_notification(&mut self, method: &str, params: impl Serialize) {
        self.send(&Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    fn send_diagnostics(
        &mut self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        self.send_notification(
            "textDocument/publishDiagnostics",
            PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            },
        );
    }

    fn log_message(&mut self, message: &str) {
        self.send_notification(
            "window/logMessage",
            lsp_types::LogMessageParams {
                typ: lsp_types::MessageType::ERROR,
                message: message.to_owned(),
            },
        );
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec![" ".to_owned(), ",".to_owned()]),
            ..Default::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

#[expect(
    deprecated,
    reason = "`root_uri` and `root_path` are how older clients name the workspace"
)]
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|folder| folder.uri.to_file_path().ok())
        .collect();
    if roots.is_empty() {
        roots.extend(params.root_uri.as_ref().and_then(|u| u.to_file_path().ok()));
    }
    if roots.is_empty() {
        roots.extend(params.root_path.as_ref().map(PathBuf::from));
    }
    roots
}

fn doc_kind(uri: &Url, language_id: &str) -> DocKind {
    let path = Path::new(uri.path());
    if language_id == "mentor" || path.extension().is_some_and(|e| e == "mentor") {
        return DocKind::Mentor;
    }
    match LogFormat::from_extension(path) {
        Some(format) if uri.scheme() == "file" => DocKind::Log(format),
        _ => DocKind::Other,
    }
}

/// The `import` line a diagnostic in another file is shown at: the import of that file, or
/// the first import (the file came in through it, indirectly), or the start of the document.
fn import_for(
    imports: &[(std::ops::Range<usize>, Option<PathBuf>)],
    file: &Path,
) -> std::ops::Range<usize> {
    let canonical = file.canonicalize().ok();
    imports
        .iter()
        .find(|(_, path)| path.is_some() && path.as_ref() == canonical.as_ref())
        .or_else(|| imports.first())
        .map_or(0..0, |(range, _)| range.clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn frame(message: &Value) -> Vec<u8> {
        let body = message.to_string();
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend(body.into_bytes());
        out
    }

    /// Randomly edited programs, each asked every request at random positions: no request
    /// may fail with an internal error (a caught panic), and the server exits cleanly.
    #[test]
    fn random_edits_never_make_a_handler_fail() {
        let program = include_str!("../../programs/senior-ic.mentor");
        let uri = "untitled:fuzz.mentor";
        let mut input = frame(&json!({
            "jsonrpc": "2.0", "id": 0, "method": "initialize",
            "params": { "processId": null, "capabilities": {} },
        }));
        input.extend(frame(&json!({
            "jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": { "textDocument": {
                "uri": uri, "languageId": "mentor", "version": 0, "text": program,
            }},
        })));
        let mut rng = fastrand::Rng::with_seed(7);
        let pieces = [
            "",
            "{",
            "}",
            "\"",
            "\\",
            "//",
            ",",
            "..",
            "lenses exactly 1 of ",
            "milestone ",
            "replaces ",
            "ü𝄞",
            "\n",
            "0",
            "99999999999",
            "phase x \"X\" sessions 9..1 {",
        ];
        let mut id = 1;
        for version in 1..150 {
            let mut text: Vec<char> = program.chars().collect();
            for _ in 0..rng.usize(1..4) {
                let at = rng.usize(0..=text.len());
                let cut = rng.usize(0..8).min(text.len() - at);
                let piece = pieces[rng.usize(0..pieces.len())];
                text.splice(at..at + cut, piece.chars());
            }
            let text: String = text.into_iter().collect();
            input.extend(frame(&json!({
                "jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {
                    "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "text": text }],
                },
            })));
            for method in [
                "textDocument/hover",
                "textDocument/definition",
                "textDocument/completion",
                "textDocument/documentSymbol",
                "textDocument/formatting",
            ] {
                let position = json!({ "line": rng.u32(0..80), "character": rng.u32(0..90) });
                input.extend(frame(&json!({
                    "jsonrpc": "2.0", "id": id, "method": method,
                    "params": {
                        "textDocument": { "uri": uri },
                        "position": position,
                        "options": { "tabSize": 4, "insertSpaces": true },
                    },
                })));
                id += 1;
            }
        }
        input.extend(frame(
            &json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown" }),
        ));
        input.extend(frame(&json!({ "jsonrpc": "2.0", "method": "exit" })));

        let mut output = Vec::new();
        let status = Server::new(&mut output).run(&mut input.as_slice());
        assert_eq!(status, 0);
        let mut reader = output.as_slice();
        let mut responses = 0;
        while let Ok(Frame::Body(body)) = transport::read_frame(&mut reader) {
            let message: Value = serde_json::from_slice(&body).unwrap_or_default();
            assert!(message.get("error").is_none(), "{message}");
            responses += usize::from(message.get("id").is_some());
        }
        assert_eq!(responses, id as usize + 1);
    }
}
