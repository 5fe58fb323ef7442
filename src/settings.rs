//! Reading the small TOML files that configure a run — `mentor.toml`, the exceptions file, a
//! baseline — into typed values with spans. One reader, so each file reports a syntax error, an
//! unknown key (with the closest known one suggested), a value of the wrong type or a missing
//! key the same way, at the text at fault, under the rule its caller names.
//!
//! **Architecture Invariant:** no IO; the text comes from [`Sources`].

use std::borrow::Cow;

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::log::Spanned;
use crate::log::tree::{Entry, Node, Value, parse_toml};
use crate::rules::Rule;
use crate::source::{SourceId, Sources, Span};
use crate::words;

/// The top-level table of a settings file, or `None` after its syntax errors are reported.
pub(crate) fn parse<'t>(
    sources: &'t Sources,
    source: SourceId,
    rule: &'static Rule,
    diagnostics: &mut Diagnostics,
) -> Option<Node<'t>> {
    match parse_toml(source, sources.text(source)) {
        Ok(node) => Some(node),
        Err(errors) => {
            let mut errors = errors.into_iter();
            // One report: after the first error, TOML's parser mostly reports its echoes.
            if let Some(error) = errors.next() {
                let message = error.message.trim_end().trim_end_matches('.').to_owned();
                let (first, _) = error.message.split_once('\n').unwrap_or((&message, ""));
                diagnostics.push(
                    Diagnostic::new(
                        rule,
                        format!("`{}` is not valid TOML: {first}", sources.name(source)),
                        Label::new(Span::new(source, error.range), "here"),
                    )
                    .with_help("the file is TOML: see https://toml.io for its syntax"),
                );
            }
            None
        }
    }
}

/// The keys of one table, read one at a time; what is left at the end is unknown and is
/// reported by [`Table::finish`].
pub(crate) struct Table<'a, 't> {
    /// What the table is called in messages: "the `[[waive]]` entry", "`mentor.toml`".
    pub(crate) name: String,
    /// Where a missing key is reported.
    pub(crate) span: Span,
    entries: Vec<&'a Entry<'t>>,
    /// The keys taken so far: a required key given with a wrong value is reported once.
    given: Vec<&'a str>,
    rule: &'static Rule,
    /// Set when a problem was reported: the caller then leaves the table's entry out.
    pub(crate) failed: bool,
}

impl<'a, 't> Table<'a, 't> {
    /// The table `node` is, or `None` with a diagnostic when it is another kind of value.
    pub(crate) fn new(
        node: &'a Node<'t>,
        name: impl Into<String>,
        rule: &'static Rule,
        diagnostics: &mut Diagnostics,
    ) -> Option<Table<'a, 't>> {
        let name = name.into();
        match &node.value {
            Value::Table(entries) => Some(Table {
                name,
                span: node.span,
                entries: entries.iter().collect(),
                given: Vec::new(),
                rule,
                failed: false,
            }),
            other => {
                diagnostics.push(Diagnostic::new(
                    rule,
                    format!("{name} must be a table, found {}", other.kind()),
                    Label::new(node.span, "not a table"),
                ));
                None
            }
        }
    }

    /// The node under `key`, taken out of the table.
    pub(crate) fn take(&mut self, key: &str) -> Option<&'a Entry<'t>> {
        let at = self.entries.iter().position(|e| e.key == key)?;
        let entry: &'a Entry<'t> = self.entries.remove(at);
        self.given.push(&entry.key);
        Some(entry)
    }

    /// Every entry not taken yet, in the order written, taken out of the table: for a table
    /// whose keys are the user's own (`[csv.columns]`, headers of an export).
    pub(crate) fn take_rest(&mut self) -> Vec<&'a Entry<'t>> {
        let rest = std::mem::take(&mut self.entries);
        self.given.extend(rest.iter().map(|e| e.key.as_ref()));
        rest
    }

    /// Reports a problem with the entry at `span`; the table is then marked failed.
    pub(crate) fn problem(
        &mut self,
        diagnostics: &mut Diagnostics,
        span: Span,
        message: String,
        label: impl Into<Cow<'static, str>>,
        help: Option<String>,
    ) {
        self.failed = true;
        diagnostics.push(
            Diagnostic::new(self.rule, message, Label::new(span, label)).with_optional_help(help),
        );
    }

    fn wrong_type(&mut self, diagnostics: &mut Diagnostics, entry: &Entry, expected: &str) {
        let message = format!(
            "`{}` must be {expected}, found {}",
            entry.key,
            entry.node.value.kind()
        );
        self.problem(diagnostics, entry.node.span, message, "wrong type", None);
    }

    /// A required key that is absent is reported at the table (one given with a wrong value
    /// was reported where it is).
    fn required<T>(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
        value: Option<T>,
        help: &str,
    ) -> Option<T> {
        if value.is_none() && !self.given.contains(&key) {
            let message = format!("{} has no `{key}`", self.name);
            let span = self.span;
            self.problem(
                diagnostics,
                span,
                message,
                format!("needs `{key}`"),
                Some(help.to_owned()),
            );
        }
        value
    }

    /// [`Table::text`] that must be given; `help` says what to write.
    pub(crate) fn required_text(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
        help: &str,
    ) -> Option<Spanned<String>> {
        let value = self.text(diagnostics, key);
        self.required(diagnostics, key, value, help)
    }

    /// [`Table::date`] that must be given; `help` says what to write.
    pub(crate) fn required_date(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
        help: &str,
    ) -> Option<Spanned<Date>> {
        let value = self.date(diagnostics, key);
        self.required(diagnostics, key, value, help)
    }

    /// A string that is not blank.
    pub(crate) fn text(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
    ) -> Option<Spanned<String>> {
        let entry = self.take(key)?;
        match &entry.node.value {
            Value::String(text) if text.trim().is_empty() => {
                let message = format!("`{key}` is empty");
                self.problem(diagnostics, entry.node.span, message, "empty", None);
                None
            }
            Value::String(text) => Some(Spanned::new(text.to_string(), entry.node.span)),
            _ => {
                self.wrong_type(diagnostics, entry, "a string");
                None
            }
        }
    }

    /// A TOML date (`2025-03-01`), or a string holding one (for files written by scripts).
    pub(crate) fn date(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
    ) -> Option<Spanned<Date>> {
        let entry = self.take(key)?;
        let span = entry.node.span;
        match &entry.node.value {
            Value::Date(Some(date)) => Some(Spanned::new(*date, span)),
            Value::String(text) => match text.parse::<Date>() {
                Ok(date) => Some(Spanned::new(date, span)),
                Err(_) => {
                    let message = format!(
                        "`{key}` must be a date (YYYY-MM-DD), found a string that is not one"
                    );
                    self.problem(diagnostics, span, message, "not a date", None);
                    None
                }
            },
            Value::Date(None) => {
                let message = format!("`{key}` is not a day of the calendar");
                self.problem(diagnostics, span, message, "no such day", None);
                None
            }
            _ => {
                self.wrong_type(diagnostics, entry, "a date (YYYY-MM-DD)");
                None
            }
        }
    }

    /// A whole number of at least 1.
    pub(crate) fn positive(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
    ) -> Option<Spanned<u32>> {
        let entry = self.take(key)?;
        let span = entry.node.span;
        match &entry.node.value {
            Value::Integer(n) => match u32::try_from(*n) {
                Ok(n) if n >= 1 => Some(Spanned::new(n, span)),
                _ => {
                    let message = format!("`{key}` must be a whole number from 1, found {n}");
                    self.problem(diagnostics, span, message, "out of range", None);
                    None
                }
            },
            _ => {
                self.wrong_type(diagnostics, entry, "a whole number");
                None
            }
        }
    }

    /// `true` or `false`.
    pub(crate) fn boolean(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
    ) -> Option<Spanned<bool>> {
        let entry = self.take(key)?;
        match &entry.node.value {
            Value::Bool(value) => Some(Spanned::new(*value, entry.node.span)),
            _ => {
                self.wrong_type(diagnostics, entry, "`true` or `false`");
                None
            }
        }
    }

    /// A list of strings, none blank; a single string stands for a list of one
    /// (`program = "programs/"`). Each item keeps its span. `None` when absent or wrong (then
    /// reported, at the item at fault).
    pub(crate) fn strings(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
    ) -> Option<Vec<Spanned<String>>> {
        let entry = self.take(key)?;
        let items: Vec<&Node> = match &entry.node.value {
            Value::String(_) => vec![&entry.node],
            Value::Array(items) => items.iter().collect(),
            _ => {
                self.wrong_type(diagnostics, entry, "a string or a list of strings");
                return None;
            }
        };
        let mut strings = Vec::with_capacity(items.len());
        for item in items {
            match &item.value {
                Value::String(text) if text.trim().is_empty() => {
                    let message = format!("`{key}` has an empty string");
                    self.problem(diagnostics, item.span, message, "empty", None);
                }
                Value::String(text) => strings.push(Spanned::new(text.to_string(), item.span)),
                other => {
                    let message = format!(
                        "each item of `{key}` must be a string, found {}",
                        other.kind()
                    );
                    self.problem(diagnostics, item.span, message, "not a string", None);
                }
            }
        }
        (strings.len() == items_len(&entry.node)).then_some(strings)
    }

    /// The table under `key` (`[report]`), read like this one; `None` when absent, or when
    /// it is another kind of value (reported, and this table marked failed).
    pub(crate) fn table(
        &mut self,
        diagnostics: &mut Diagnostics,
        key: &str,
    ) -> Option<Table<'a, 't>> {
        let entry = self.take(key)?;
        let table = Table::new(&entry.node, format!("`[{key}]`"), self.rule, diagnostics);
        if table.is_none() {
            self.failed = true;
        }
        table
    }

    /// Reports every key not taken as unknown, suggesting the closest of `known`.
    pub(crate) fn finish(&mut self, diagnostics: &mut Diagnostics, known: &[&str]) -> bool {
        for entry in std::mem::take(&mut self.entries) {
            let help = match words::did_you_mean(&entry.key, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("known keys: {}", words::ids_comma(known.iter().copied())),
            };
            let message = format!("{} has no key `{}`", self.name, entry.key);
            self.problem(
                diagnostics,
                entry.key_span,
                message,
                "unknown key",
                Some(help),
            );
        }
        !self.failed
    }
}

/// How many values a string-or-list node holds.
fn items_len(node: &Node) -> usize {
    match &node.value {
        Value::Array(items) => items.len(),
        _ => 1,
    }
}
