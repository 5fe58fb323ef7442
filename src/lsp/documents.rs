//! The documents the editor has open: opening, editing, saving and closing them, publishing
//! their diagnostics, and reading files for the checks (an open document's text before the
//! disk's).

use std::path::{Path, PathBuf};

use lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Url,
};

use super::index::Index;
use super::position::LineIndex;
use super::{DocKind, Document, Server, diagnostics};
use crate::log::LogFormat;
use crate::source;

impl<W: std::io::Write> Server<W> {
    pub(super) fn did_open(&mut self, params: DidOpenTextDocumentParams) {
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

    pub(super) fn did_change(&mut self, params: DidChangeTextDocumentParams) {
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
    pub(super) fn did_save(&mut self, params: DidSaveTextDocumentParams) {
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

    pub(super) fn did_close(&mut self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.documents.remove(&uri).is_some() {
            self.send_diagnostics(uri, Vec::new(), None);
        }
    }

    pub(super) fn publish_logs(&mut self) {
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

    pub(super) fn publish(&mut self, uri: &Url) {
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
    pub(super) fn import_spans(
        &mut self,
        uri: &Url,
    ) -> Vec<(std::ops::Range<usize>, Option<PathBuf>)> {
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
    pub(super) fn read(&self, path: &Path) -> Option<String> {
        match self.open_document(path) {
            Some(document) => Some(document.text.clone()),
            None => String::from_utf8(source::read_bytes(path).ok()?).ok(),
        }
    }

    pub(super) fn open_document(&self, path: &Path) -> Option<&Document> {
        Url::from_file_path(path)
            .ok()
            .and_then(|uri| self.documents.get(&uri))
    }

    /// What a `.mentor` file declares; for a file on disk, read once per size and modification
    /// time.
    pub(super) fn header(&self, path: &Path) -> Option<diagnostics::Header> {
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
    pub(super) fn base_dir(&self, path: Option<&Path>) -> PathBuf {
        path.and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| self.roots.first().cloned())
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    pub(super) fn index(&mut self, uri: &Url) -> Option<&Index> {
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
    let canonical = crate::source::canonical_if_found(file);
    imports
        .iter()
        .find(|(_, path)| path.is_some() && path.as_ref() == canonical.as_ref())
        .or_else(|| imports.first())
        .map_or(0..0, |(range, _)| range.clone())
}
