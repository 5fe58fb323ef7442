//! Session logs: loading TOML, JSON, JSON Lines, YAML and CSV logs with the position of every value.
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
mod csv;
mod direct;
mod direct_toml;
mod fields;
mod files;
mod json_lines;
mod mask;
mod parse;
mod status;
pub(crate) mod tree;
mod yaml;

pub(crate) use build::looks_like_id;
pub use csv::CsvMapping;
pub(crate) use csv::{
    contract_columns as csv_columns, is_contract_column as is_csv_column,
    read_records as read_csv_records,
};
pub use fields::FieldsGiven;
pub use files::{
    LogInput, LogPath, NOT_LOGS, collect_log_inputs, collect_log_inputs_deferred,
    collect_log_inputs_streaming, find_log_paths, inputs_read, load_inputs, load_inputs_map,
    load_inputs_mapped, load_paths, read_again_for,
};
pub use json_lines::{ShownLineReader, keep_lines_for};
pub(crate) use mask::toml_comments_and_values;
pub use mask::unparsed_text_ranges;
use parse::{byte_order_mark_len, empty_file, syntax_error};
pub use parse::{parse_logs, parse_logs_map, parse_logs_mapped};
pub use status::{PairStatus, SessionKind, SessionStatus};

use crate::diagnostic::{Diagnostic, Diagnostics};
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

/// The ways a log file can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Toml,
    /// One log object, or a list of them.
    Json,
    /// One JSON log object per line.
    JsonLines,
    /// One log mapping per document, or a list of them.
    Yaml,
    /// A platform's export: one row per session, rows grouped into logs by pair.
    Csv,
}

impl LogFormat {
    /// The format a file name's extension announces (`.toml`, `.json`, `.jsonl`, `.yaml`, `.yml`, `.csv`).
    pub fn from_extension(path: &std::path::Path) -> Option<LogFormat> {
        match path.extension()?.to_str()? {
            "toml" => Some(LogFormat::Toml),
            "json" => Some(LogFormat::Json),
            "jsonl" => Some(LogFormat::JsonLines),
            "yaml" | "yml" => Some(LogFormat::Yaml),
            "csv" => Some(LogFormat::Csv),
            _ => None,
        }
    }

    /// The format of a text with no telling name (standard input): JSON if the whole text is
    /// one JSON value (even `null`, so the diagnostic says what it is), JSON Lines if it has
    /// several lines and every non-blank one is an object or the first is a whole object by
    /// itself (so one broken record is reported on its line, not the stream as one document),
    /// JSON if it starts like one, YAML if its first line is `---` or `key:`, TOML otherwise.
    pub fn sniff(text: &str) -> LogFormat {
        let trimmed = text[byte_order_mark_len(text)..].trim();
        if trimmed.is_empty() {
            return LogFormat::Toml;
        }
        if serde_json::from_str::<serde::de::IgnoredAny>(trimmed).is_ok() {
            return LogFormat::Json;
        }
        let mut lines = trimmed.lines().map(str::trim).filter(|l| !l.is_empty());
        let first_is_a_record = trimmed.lines().next().is_some_and(|line| {
            line.trim_start().starts_with('{')
                && serde_json::from_str::<serde::de::IgnoredAny>(line).is_ok()
        });
        if trimmed.lines().nth(1).is_some()
            && (first_is_a_record || lines.all(|line| line.starts_with('{')))
        {
            return LogFormat::JsonLines;
        }
        if trimmed.starts_with('{') {
            return LogFormat::Json;
        }
        // YAML starts with `---` or a `key:` line; TOML's keys take `=`, its tables `[`.
        let first = trimmed
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'));
        let yaml = first.is_some_and(|line| {
            line == "---"
                || line.split_once(':').is_some_and(|(key, rest)| {
                    build::looks_like_id(key.trim())
                        && (rest.is_empty() || rest.starts_with([' ', '\t']))
                })
        });
        if yaml {
            LogFormat::Yaml
        } else {
            LogFormat::Toml
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
    pub fields_given: FieldsGiven,
    /// Shape problems found while loading (`L001`–`L004`); `check::log` pushes them with the
    /// program's severities.
    pub problems: Vec<Diagnostic>,
    /// The values that were not read (of unknown fields, or invalid): kept only to be masked in
    /// human output like answers.
    pub unread_values: Vec<Span>,
}

impl Log {
    pub fn pair_status(&self) -> PairStatus {
        self.status.as_ref().map_or(PairStatus::Active, |s| s.value)
    }

    /// Where the pair's own words may be: every takeaway and answer, and every value that was
    /// not read (a note under an invented key, a sentence where a status belongs). Human output
    /// masks these spans in the source lines it shows around a diagnostic (`Sources::mask`).
    pub fn private_spans(&self) -> impl Iterator<Item = Span> + '_ {
        let sessions = self.sessions.iter().flat_map(|session| {
            session
                .takeaway
                .iter()
                .copied()
                .chain(session.answers.iter().map(|a| a.text_span))
        });
        sessions.chain(self.unread_values.iter().copied())
    }

    /// The held sessions, in the order listed.
    pub fn held_sessions(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter().filter(|s| s.is_held())
    }

    pub fn has_field(&self, field: &str) -> bool {
        self.fields_given.contains(field)
    }

    pub fn program_id(&self) -> Option<&str> {
        self.program.as_ref().map(|p| p.value.as_str())
    }

    pub fn track_id(&self) -> Option<&str> {
        self.track.as_ref().map(|t| t.value.as_str())
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
    /// Where the takeaway is: its text, the pair's own words, is not kept.
    pub takeaway: Option<Span>,
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
    pub fields_given: FieldsGiven,
}

impl Session {
    pub fn session_status(&self) -> SessionStatus {
        self.status
            .as_ref()
            .map_or(SessionStatus::Held, |s| s.value)
    }

    pub fn is_held(&self) -> bool {
        match &self.status {
            Some(status) => status.value == SessionStatus::Held,
            // An unreadable status (`canceled`, `noshow`: reported as `L003`) is judged by the
            // number: a held session has one, a cancelled or missed one has none. Guessing
            // "held" would report the typo three times (no outcome, numbering, the count).
            None if self.has_field("status") => self.number.is_some(),
            None => true,
        }
    }

    pub fn session_kind(&self) -> SessionKind {
        self.kind.as_ref().map_or(SessionKind::CheckIn, |k| k.value)
    }

    pub fn has_field(&self, field: &str) -> bool {
        self.fields_given.contains(field)
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

    /// "session 3 on 2025-02-03": the description with the session's date, named once.
    pub fn describe_dated(&self) -> String {
        let text = self.describe();
        match &self.date {
            Some(date) if !text.ends_with(&date.value.to_string()) => {
                format!("{text} on {}", date.value)
            }
            _ => text,
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

/// Masks the pair's words at `spans` (a parsed log's `private_spans`) in the sources of
/// `inputs`. In TOML and JSON every such value is quoted, and only what is between the quotes is
/// masked, so keys and structure stay readable; a YAML value may be plain or a block (`|`, `>`),
/// and a CSV cell need not be quoted, so there the whole span is masked.
pub fn mask_private(sources: &mut Sources, inputs: &[LogInput], spans: Vec<Span>) {
    let yaml: std::collections::HashSet<SourceId> = inputs
        .iter()
        .filter(|input| matches!(input.format, LogFormat::Yaml | LogFormat::Csv))
        .map(|input| input.source)
        .collect();
    let (in_yaml, quoted): (Vec<Span>, Vec<Span>) = spans
        .into_iter()
        .partition(|span| yaml.contains(&span.source));
    sources.mask(quoted);
    let mut by_source: std::collections::BTreeMap<SourceId, Vec<std::ops::Range<usize>>> =
        std::collections::BTreeMap::new();
    for span in in_yaml {
        by_source.entry(span.source).or_default().push(span.range());
    }
    for (source, ranges) in by_source {
        sources.mask_ranges(source, &ranges);
    }
}

/// Masks the text a log's tree does not account for, in the log files a diagnostic points
/// into: every value that could be a pair's words in a file that did not parse (an `F003`
/// among `diagnostics`), and the comments of a TOML log that did. Lines a human report shows
/// around a finding then quote nobody. The values of parsed logs are masked precisely from
/// their `private_spans` instead.
pub fn mask_unparsed(sources: &mut Sources, inputs: &[LogInput], diagnostics: &Diagnostics) {
    mask_unparsed_mapped(sources, inputs, diagnostics, &CsvMapping::default());
}

/// [`mask_unparsed`], the headers of CSV exports read through `csv` (a mapped id column shown,
/// a mapped answer column masked whole).
pub fn mask_unparsed_mapped(
    sources: &mut Sources,
    inputs: &[LogInput],
    diagnostics: &Diagnostics,
    csv: &CsvMapping,
) {
    let mut unparsed = std::collections::HashSet::new();
    let mut shown = std::collections::HashSet::new();
    for diagnostic in diagnostics.iter() {
        if diagnostic.rule == &rules::UNPARSEABLE_LOG {
            unparsed.insert(diagnostic.primary.span.source);
        }
        shown.insert(diagnostic.primary.span.source);
        shown.extend(diagnostic.secondary.iter().map(|l| l.span.source));
    }
    for input in inputs {
        if !shown.contains(&input.source) {
            continue;
        }
        let text = sources.text(input.source);
        let ranges = if input.format == LogFormat::Csv {
            // Parsed or not, every cell that could be words (a parsed export's words are
            // masked from its logs' spans as well).
            mask::csv_word_ranges(text, byte_order_mark_len(text), csv)
        } else if unparsed.contains(&input.source) {
            unparsed_text_ranges(text, input.format)
        } else if input.format == LogFormat::Toml {
            mask::toml_comment_ranges(text)
        } else if input.format == LogFormat::Yaml {
            mask::yaml_comment_ranges(text)
        } else {
            continue;
        };
        sources.mask_ranges(input.source, &ranges);
    }
}

/// When `unreadable` is the `F002` of a log that is not UTF-8: masks the text it was
/// registered with (decoded lossily, only for the diagnostic to point at), as the text of a log
/// that does not parse is masked, since it is a pair's words all the same. `format` is what the
/// file's extension says, if anything. Every reader of a log file that reports its `F002` calls
/// this before the diagnostic can be shown.
pub fn mask_undecoded(sources: &mut Sources, unreadable: &Diagnostic, format: Option<LogFormat>) {
    if unreadable.rule != &rules::NOT_UTF8 {
        return;
    }
    let id = unreadable.primary.span.source;
    let text = sources.text(id);
    let format = format.unwrap_or_else(|| LogFormat::sniff(text));
    let ranges = mask::unparsed_text_ranges(text, format);
    sources.mask_ranges(id, &ranges);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A diagnostic as these tests read it: code, line, column, message.
    type Found = (&'static str, usize, usize, String);

    /// Parses `text` as `format`; returns the logs and every diagnostic (file-level ones and
    /// each log's problems) as (code, line, column, message).
    fn load(format: LogFormat, text: &str) -> (Vec<Log>, Vec<Found>) {
        let mut sources = Sources::new();
        let id = sources.add("log", text);
        let mut diagnostics = Diagnostics::new();
        let logs = parse_logs(&sources, id, format, &mut diagnostics);
        let mut found: Vec<_> = diagnostics
            .iter()
            .chain(logs.iter().flat_map(|l| l.problems.iter()))
            .map(|d| {
                let at = sources.line_column(d.primary.span);
                (d.code(), at.line, at.column, d.message.clone())
            })
            .collect();
        found.sort();
        (logs, found)
    }

    fn codes_at(found: &[Found]) -> Vec<(&'static str, usize, usize)> {
        found.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect()
    }

    #[test]
    fn toml_and_json_load_the_same_log() {
        let toml = "program = \"senior-ic\"\npair = \"pair-1\"\nstarted = 2025-01-06\nagreement = 2025-01-06\n\n[[sessions]]\nnumber = 1\ndate = 2025-01-06\nlens = [\"a\", \"b\"]\n[sessions.answers]\nchose = \" \"\n";
        let json = r#"{"program": "senior-ic", "pair": "pair-1", "started": "2025-01-06", "agreement": "2025-01-06",
            "sessions": [{"number": 1, "date": "2025-01-06", "lens": ["a", "b"], "answers": {"chose": " "}}]}"#;
        for (format, text) in [(LogFormat::Toml, toml), (LogFormat::Json, json)] {
            let (logs, found) = load(format, text);
            assert_eq!(found, [], "{format:?}");
            let [log] = logs.as_slice() else {
                panic!("one log expected")
            };
            assert_eq!(log.program_id(), Some("senior-ic"));
            assert_eq!(
                log.started.as_ref().map(|d| d.value),
                Some(jiff::civil::date(2025, 1, 6))
            );
            assert!(log.agreement.is_some());
            let [session] = log.sessions.as_slice() else {
                panic!("one session expected")
            };
            assert_eq!(session.number.as_ref().map(|n| n.value), Some(1));
            assert_eq!(session.lenses.len(), 2);
            assert!(session.answer("chose").is_some_and(|a| a.is_blank));
        }
    }

    #[test]
    fn json_problems_point_at_the_value_or_key() {
        let text = "{\"program\": \"senior-ic\", \"pair\": \"p\", \"started\": \"2025-1-6\",\n \"sessions\": [{\"number\": 0, \"date\": \"2025-01-06\", \"minutes\": \"fifty\",\n  \"date\": \"2025-01-07\", \"lenz\": \"x\"}]}";
        let (_, found) = load(LogFormat::Json, text);
        assert_eq!(
            codes_at(&found),
            [
                ("L001", 3, 25),
                ("L002", 3, 3),
                ("L003", 1, 50),
                ("L003", 2, 26),
                ("L003", 2, 62)
            ],
            "{found:#?}"
        );
        let messages: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
        assert!(messages.contains(&"`minutes` must be a whole number, found a string"));
        assert!(messages.contains(&"`number` must be a whole number from 1, found 0"));
        assert!(messages.contains(&"`started` must be a date written YYYY-MM-DD"));
    }

    #[test]
    fn files_that_hold_no_log_get_f003() {
        for (format, text, at) in [
            (LogFormat::Toml, "", (1, 1)),
            (LogFormat::Json, "  \n", (1, 1)),
            (LogFormat::Json, "null", (1, 1)),
            (LogFormat::Json, "[]", (1, 1)),
            (
                LogFormat::Json,
                "{\"program\": \"senior-ic\",\n \"pair\" }",
                (2, 9),
            ),
            (
                LogFormat::Toml,
                "program = \"senior-ic\"\npair = \n",
                (2, 8),
            ),
            (LogFormat::JsonLines, "\n\n", (1, 1)),
        ] {
            let (logs, found) = load(format, text);
            assert!(logs.is_empty(), "{text:?}");
            assert_eq!(
                codes_at(&found),
                [("F003", at.0, at.1)],
                "{text:?}: {found:#?}"
            );
        }
    }

    #[test]
    fn json_lines_keep_going_after_a_bad_line_with_positions_in_the_file() {
        let text = "{\"program\": \"a\", \"pair\": \"p1\", \"started\": \"2025-01-06\"}\nnot json\n\n  {\"program\": \"a\", \"pair\": \"p2\", \"started\": 5}\n";
        let (logs, found) = load(LogFormat::JsonLines, text);
        assert_eq!(logs.len(), 2);
        assert_eq!(
            codes_at(&found),
            [("F003", 2, 2), ("L003", 4, 45)],
            "{found:#?}"
        );
        let second = text.rfind('{').unwrap_or(0);
        assert_eq!(logs[1].span, Span::new(logs[1].source, second..second + 1));
    }

    #[test]
    fn missing_fields_are_reported_once_and_not_for_invalid_values() {
        let (logs, found) = load(
            LogFormat::Toml,
            "program = \"senior-ic\"\nstarted = \"soon\"\n\n[[sessions]]\nstatus = \"cancelled\"\n",
        );
        assert_eq!(
            codes_at(&found),
            [("L003", 2, 11), ("L004", 1, 1), ("L004", 4, 1)],
            "{found:#?}"
        );
        assert_eq!(found[1].3, "the log has no `pair`");
        assert_eq!(found[2].3, "session entry 1 has no `date`");
        assert!(logs[0].has_field("started") && logs[0].started.is_none());
    }

    #[test]
    fn text_in_the_wrong_place_is_not_quoted() {
        let (_, found) = load(
            LogFormat::Toml,
            "program = \"senior-ic\"\npair = \"p\"\nstarted = 2025-01-06\n\"I felt unheard by my lead\" = 1\n[[sessions]]\ndate = 2025-01-06\nstatus = \"my mentor was late again\"\n",
        );
        for (_, _, _, message) in &found {
            assert!(
                !message.contains("unheard") && !message.contains("late again"),
                "{message}"
            );
        }
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn sniffing_standard_input() {
        assert_eq!(
            LogFormat::sniff("{\"a\": 1}\n{\"a\": 2}\n"),
            LogFormat::JsonLines
        );
        assert_eq!(LogFormat::sniff("{\n  \"a\": 1\n}\n"), LogFormat::Json);
        assert_eq!(LogFormat::sniff("{\"a\": 1}"), LogFormat::Json);
        assert_eq!(LogFormat::sniff("program = \"x\"\n"), LogFormat::Toml);
        assert_eq!(LogFormat::sniff(""), LogFormat::Toml);
        assert_eq!(LogFormat::sniff(" null\n"), LogFormat::Json);
        assert_eq!(LogFormat::sniff("[]"), LogFormat::Json);
        assert_eq!(
            LogFormat::sniff("[[sessions]]\nnumber = 1\n"),
            LogFormat::Toml
        );
        assert_eq!(LogFormat::sniff("{\"a\": \n"), LogFormat::Json);
        // A stream with a record that is not an object is still a stream: its other records
        // are read, the odd one reported on its line.
        for text in [
            "{\"a\": 1}\n42\n{\"a\": 2}\n",
            "{\"a\": 1}\ngarbage\n",
            "{\"a\": 1}\n\u{feff}{\"a\": 2}\n",
        ] {
            assert_eq!(LogFormat::sniff(text), LogFormat::JsonLines, "{text:?}");
        }
        assert_eq!(LogFormat::sniff("{\n  \"a\": [\n"), LogFormat::Json);
    }

    proptest::proptest! {
        /// Whatever the bytes, loading returns diagnostics and never panics.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC*", cut in 0usize..400) {
            let log = "program = \"senior-ic\"\npair = \"p\"\nstarted = 2025-01-06\n[[sessions]]\nnumber = 1\ndate = 2025-01-06\nlens = [\"a\"]\n[sessions.answers]\nx = \"y\"\n";
            let at = log.char_indices().map(|(i, _)| i).find(|i| *i >= cut.min(log.len())).unwrap_or(log.len());
            let spliced = format!("{}{text}{}", &log[..at], &log[at..]);
            for format in [LogFormat::Toml, LogFormat::Json, LogFormat::JsonLines, LogFormat::Csv] {
                let _ = load(format, &text);
                let _ = load(format, &spliced);
            }
        }
    }
}
