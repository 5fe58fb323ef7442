//! Session logs: loading TOML, JSON and JSON Lines logs with the position of every value.
//!
//! A [`Log`] guarantees that every field it holds had the right type and an allowed value;
//! it does not guarantee that the ids it names exist or that it follows its program (that is
//! `check::log`). Problems with the log's shape (an unknown or repeated field, a wrong type, a
//! missing required field) are kept in [`Log::problems`] rather than pushed at once, so the
//! checker can apply the severity overrides of the program the log names. Files that hold no
//! log at all (unreadable, not UTF-8, a syntax error, `null`) are reported straight away.
//!
//! **Architecture Invariant:** loading does no printing, and nothing a pair wrote (an answer,
//! a takeaway) is ever copied into a diagnostic.

mod build;
mod files;
mod tree;

pub(crate) use build::quote_id;
pub use files::{LogInput, collect_log_inputs, load_inputs, load_paths};

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::{SourceId, Sources, Span};

/// A value from a log and the span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// The three ways a log file can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Toml,
    Json,
    /// One JSON log object per line.
    JsonLines,
}

impl LogFormat {
    /// The format a file name's extension announces (`.toml`, `.json`, `.jsonl`).
    pub fn from_extension(path: &std::path::Path) -> Option<LogFormat> {
        match path.extension()?.to_str()? {
            "toml" => Some(LogFormat::Toml),
            "json" => Some(LogFormat::Json),
            "jsonl" => Some(LogFormat::JsonLines),
            _ => None,
        }
    }

    /// The format of a text with no telling name (standard input): JSON Lines if every
    /// non-blank line is an object, JSON if the text starts with `{`, TOML otherwise.
    pub fn sniff(text: &str) -> LogFormat {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(first) = lines.next() else {
            return LogFormat::Toml;
        };
        if !first.starts_with('{') {
            return LogFormat::Toml;
        }
        let mut more_than_one = false;
        for line in lines {
            if !line.starts_with('{') {
                return LogFormat::Json;
            }
            more_than_one = true;
        }
        if more_than_one {
            LogFormat::JsonLines
        } else {
            LogFormat::Json
        }
    }
}

/// One mentoring pair's log.
#[derive(Debug, Clone)]
pub struct Log {
    pub source: SourceId,
    /// Where the log starts: the first line of a TOML file, the opening `{` of a JSON object.
    /// Labels about a missing top-level field point here.
    pub span: Span,
    pub program: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub pair: Option<Spanned<String>>,
    pub mentor: Option<Spanned<String>>,
    pub mentee: Option<Spanned<String>>,
    pub track: Option<Spanned<String>>,
    pub started: Option<Spanned<jiff::civil::Date>>,
    /// `None` when the log does not say (the pair is active).
    pub status: Option<Spanned<PairStatus>>,
    /// The date the pair recorded its mentoring agreement (an addition to the contract, for
    /// programs with `agreement before session K`).
    pub agreement: Option<Spanned<jiff::civil::Date>>,
    pub sessions: Vec<Session>,
    /// The known top-level fields the log gives, valid or not: a field given with an invalid
    /// value is reported once (`L003`), not again as missing by a later rule.
    pub fields_given: Vec<&'static str>,
    /// Shape problems found while loading (`L001`–`L004`); `check::log` pushes them with the
    /// program's severities.
    pub problems: Vec<Diagnostic>,
}

impl Log {
    pub fn pair_status(&self) -> PairStatus {
        self.status.as_ref().map_or(PairStatus::Active, |s| s.value)
    }

    /// The held sessions, in the order listed.
    pub fn held_sessions(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter().filter(|s| s.is_held())
    }

    pub fn has_field(&self, field: &str) -> bool {
        self.fields_given.contains(&field)
    }

    pub fn program_id(&self) -> Option<&str> {
        self.program.as_ref().map(|p| p.value.as_str())
    }

    pub fn track_id(&self) -> Option<&str> {
        self.track.as_ref().map(|t| t.value.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStatus {
    Active,
    Completed,
    Withdrawn,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PairStatus::Active => "active",
            PairStatus::Completed => "completed",
            PairStatus::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Held,
    Cancelled,
    NoShow,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Held => "held",
            SessionStatus::Cancelled => "cancelled",
            SessionStatus::NoShow => "no-show",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    CheckIn,
    Review,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::CheckIn => "check-in",
            SessionKind::Review => "review",
        }
    }
}

/// One entry of `sessions`.
#[derive(Debug, Clone)]
pub struct Session {
    /// Position in the log's list, from 0.
    pub index: usize,
    /// Where the session starts: its `[[sessions]]` header in TOML, its opening `{` in JSON.
    /// Labels about something the session lacks point here.
    pub span: Span,
    pub number: Option<Spanned<u32>>,
    pub date: Option<Spanned<jiff::civil::Date>>,
    pub minutes: Option<Spanned<u32>>,
    /// `None`: a check-in.
    pub kind: Option<Spanned<SessionKind>>,
    /// `None`: held.
    pub status: Option<Spanned<SessionStatus>>,
    pub outcome: Option<Spanned<String>>,
    /// Free text; never quoted in a diagnostic.
    pub takeaway: Option<Spanned<String>>,
    /// `lens = "a"` or `lens = ["a", "b"]`; empty when the session names none.
    pub lenses: Vec<Spanned<String>>,
    /// The whole `lens` value (a string or a list).
    pub lens_span: Option<Span>,
    pub milestones: Vec<Spanned<String>>,
    pub new_problem: Option<Spanned<bool>>,
    /// Lens field id → what was written, in text order; texts are never quoted.
    pub answers: Vec<Answer>,
    /// The `answers` table (its header in TOML).
    pub answers_span: Option<Span>,
    /// The known fields the session gives, valid or not (see [`Log::fields_given`]).
    pub fields_given: Vec<&'static str>,
}

impl Session {
    pub fn session_status(&self) -> SessionStatus {
        self.status
            .as_ref()
            .map_or(SessionStatus::Held, |s| s.value)
    }

    pub fn is_held(&self) -> bool {
        self.session_status() == SessionStatus::Held
    }

    pub fn session_kind(&self) -> SessionKind {
        self.kind.as_ref().map_or(SessionKind::CheckIn, |k| k.value)
    }

    pub fn has_field(&self, field: &str) -> bool {
        self.fields_given.contains(&field)
    }

    pub fn uses_lens(&self, lens: &str) -> bool {
        self.lenses.iter().any(|l| l.value == lens)
    }

    pub fn answer(&self, field: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.field.value == field)
    }

    /// How messages name the session: "session 3", "the cancelled session on 2025-01-20",
    /// or "session entry 4" (its position) when it has neither number nor date.
    pub fn describe(&self) -> String {
        match (&self.number, &self.date, self.session_status()) {
            (Some(number), _, SessionStatus::Held) => format!("session {}", number.value),
            (_, Some(date), SessionStatus::Held) => format!("the session on {}", date.value),
            (_, Some(date), status) => format!("the {} session on {}", status.as_str(), date.value),
            (_, None, _) => format!("session entry {}", self.index + 1),
        }
    }
}

/// One answer to a lens field.
#[derive(Debug, Clone)]
pub struct Answer {
    pub field: Spanned<String>,
    /// The span of the written text; the text itself is only inspected for blankness.
    pub text_span: Span,
    pub is_blank: bool,
}

/// Parses the logs in a source already registered in `sources`. Files that hold no log are
/// reported in `diagnostics` (`F003`); shape problems of a log go into its `problems`.
pub fn parse_logs(
    sources: &Sources,
    source: SourceId,
    format: LogFormat,
    diagnostics: &mut Diagnostics,
) -> Vec<Log> {
    let text = sources.text(source);
    let mut logs = Vec::new();
    match format {
        LogFormat::Toml => {
            if text.trim().is_empty() {
                diagnostics.push(empty_file(sources, source));
                return logs;
            }
            match tree::parse_toml(source, text) {
                Ok(root) => logs.extend(build::build_log(source, format, root, diagnostics)),
                Err(errors) => {
                    for error in errors {
                        diagnostics.push(syntax_error(source, "TOML", error));
                    }
                }
            }
        }
        LogFormat::Json => {
            let start = text.len() - text.trim_start().len();
            if start == text.len() {
                diagnostics.push(empty_file(sources, source));
                return logs;
            }
            match tree::parse_json(source, &text[start..], start) {
                Ok(root) => logs.extend(build::build_log(source, format, root, diagnostics)),
                Err(error) => diagnostics.push(syntax_error(source, "JSON", error)),
            }
        }
        LogFormat::JsonLines => {
            let mut line_start = 0;
            for line in text.split_inclusive('\n') {
                let offset = line_start;
                line_start += line.len();
                let trimmed = line.trim_start();
                if trimmed.trim_end().is_empty() {
                    continue;
                }
                let offset = offset + (line.len() - trimmed.len());
                match tree::parse_json(source, trimmed, offset) {
                    Ok(root) => logs.extend(build::build_log(source, format, root, diagnostics)),
                    Err(error) => diagnostics.push(syntax_error(source, "JSON", error)),
                }
            }
            if line_start == 0 || text.trim().is_empty() {
                diagnostics.push(empty_file(sources, source));
            }
        }
    }
    logs
}

fn empty_file(sources: &Sources, source: SourceId) -> Diagnostic {
    Diagnostic::new(
        &rules::UNPARSEABLE_LOG,
        format!("`{}` is empty: it holds no log", sources.name(source)),
        Label::new(Span::new(source, 0..0), "nothing here"),
    )
    .with_help("a log names at least its `program`, `pair` and `started` date")
}

fn syntax_error(source: SourceId, language: &str, error: tree::SyntaxError) -> Diagnostic {
    Diagnostic::new(
        &rules::UNPARSEABLE_LOG,
        format!("the log is not valid {language}: {}", error.message),
        Label::new(Span::new(source, error.range), "cannot be read from here"),
    )
}
