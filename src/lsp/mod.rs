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
//!
//! This file is the server loop (framing, JSON-RPC, the lifecycle, dispatch and output);
//! `documents.rs` keeps the open documents and publishes their diagnostics, `requests.rs`
//! answers hover, definition, completion, formatting and the outline.

mod completion;
mod diagnostics;
mod documents;
mod hover;
mod index;
mod position;
mod requests;
mod symbols;
mod transport;

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::{
    InitializeParams, InitializeResult, OneOf, PositionEncodingKind, PublishDiagnosticsParams,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Url,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::log::LogFormat;
use crate::source;
use index::Index;
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
