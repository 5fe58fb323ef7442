//! What the log rules' unit tests share: the reference program as text, resolved by the real
//! resolver (so the tests check what a designer's file means, not a model built by hand), a
//! log that follows it to the letter, and one `check` helper that runs a log through the front
//! of this module and reads the findings back as codes, messages and positions.
//!
//! Every helper also enforces the privacy invariant: a finding whose message quotes what the
//! pair wrote ("private text …" in the logs below) fails the test.

use jiff::civil::Date;

use super::{check_logs, find_program};
use crate::diagnostic::{Diagnostics, Severity};
use crate::log::{LogFormat, parse_logs};
use crate::model::Program;
use crate::resolve::{Loaded, resolve_source};
use crate::source::{SourceId, Sources, Span};

/// The reference program of the language sketch (Part A). Tests that need a rule it does not
/// state (a review interval, an agreement, a track, a progression) add it with
/// [`program_with`] or [`program_replacing`], so every position before the edit stays put.
pub(super) const PROGRAM_TEXT: &str = r#"program senior-ic "Leadership Development Program" {
    version "2025.1"
    length 5 sessions within 12 weeks
    cadence every 2 weeks, gap at most 4 weeks
    session at least 45 minutes

    outcome assumption "One assumption to test"
    outcome behavior   "One behavior to try"
    outcome answer     "A step-by-step answer" failed
    outcome borrowed   "A borrowed decision"   failed

    lens decision-review "Decision Review" {
        section "Decision I made" {
            field chose         "What I chose"
            field optimized-for "What I optimized for"
            field trade-off     "What trade-off I accepted"
        }
        section "What I want perspective on" {
            field framing "Was my framing strong?"
        }
    }
    lens influence-review "Influence Attempt Review" {
        section "Where I tried to influence without authority" {
            field who           "Who I was trying to influence"
            field why           "Why it mattered"
            field what-happened "What happened"
        }
        section "What I want help with" {
            field misread "What I misread or underused"
        }
    }

    phase framing "Framing & Trust" sessions 1..2 {
        lenses none
    }
    phase judgment "Judgment Building" sessions 3..5 {
        lenses exactly 1 of decision-review, influence-review
        new-problems forbidden
    }

    milestone first-decision-review "A real decision reviewed" {
        due by session 4
        evidence lens decision-review
    }
    milestone influence-reflection "An influence attempt reviewed" {
        due by week 10
        evidence lens influence-review
    }
}
"#;

/// A pair that follows the reference program to the letter.
pub(super) const COMPLIANT: &str = r#"program = "senior-ic"
version = "2025.1"
pair    = "pair-017"
started = 2025-01-06
status  = "completed"

[[sessions]]
number  = 1
date    = 2025-01-06
minutes = 60
outcome = "assumption"

[[sessions]]
number  = 2
date    = 2025-01-20
minutes = 50
outcome = "behavior"

[[sessions]]
number     = 3
date       = 2025-02-03
minutes    = 50
lens       = "decision-review"
milestones = ["first-decision-review"]
outcome    = "behavior"
[sessions.answers]
chose         = "private text one"
optimized-for = "private text two"
trade-off     = "private text three"
framing       = "private text four"

[[sessions]]
number     = 4
date       = 2025-02-17
minutes    = 55
lens       = "influence-review"
milestones = ["influence-reflection"]
outcome    = "assumption"
[sessions.answers]
who           = "private text five"
why           = "private text six"
what-happened = "private text seven"
misread       = "private text eight"

[[sessions]]
number  = 5
date    = 2025-03-03
minutes = 45
lens    = "decision-review"
outcome = "behavior"
[sessions.answers]
chose         = "private text nine"
optimized-for = "private text ten"
trade-off     = "private text eleven"
framing       = "private text twelve"
"#;

/// The date that stands in for "today": long after every date in [`COMPLIANT`].
pub(super) fn as_of() -> Date {
    jiff::civil::date(2026, 11, 23)
}

/// A finding as the tests read it: code, message, primary position and the position of
/// the first program label.
#[derive(Debug)]
pub(super) struct Finding {
    pub(super) code: &'static str,
    pub(super) severity: Severity,
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) at: (usize, usize),
    pub(super) program_label: Option<(usize, usize)>,
    /// The labels in the exceptions file: line, column and text.
    pub(super) exception_labels: Vec<(usize, usize, String)>,
}

/// `log_text` (TOML) checked against the reference program as of [`as_of`].
pub(super) fn check(log_text: &str) -> Vec<Finding> {
    check_with(LogFormat::Toml, log_text, PROGRAM_TEXT)
}

/// `log_text` in `format` checked against `program_text` as of [`as_of`].
pub(super) fn check_with(format: LogFormat, log_text: &str, program_text: &str) -> Vec<Finding> {
    check_as_of(format, log_text, program_text, as_of())
}

/// `log_text` in `format` checked against `program_text` as of `as_of`.
pub(super) fn check_as_of(
    format: LogFormat,
    log_text: &str,
    program_text: &str,
    as_of: Date,
) -> Vec<Finding> {
    findings(format, log_text, &[program_text], None, as_of)
}

/// `log_text` (TOML) checked against `program_text` as of `as_of`, with the exceptions file
/// `exceptions_text` (read by the real reader, which must find nothing to say about it).
pub(super) fn check_excepted(
    log_text: &str,
    program_text: &str,
    exceptions_text: &str,
    as_of: Date,
) -> Vec<Finding> {
    findings(
        LogFormat::Toml,
        log_text,
        &[program_text],
        Some(exceptions_text),
        as_of,
    )
}

/// `log_text` (TOML) checked against several programs, as `validate` checks a log against
/// every `--program` it was given.
pub(super) fn check_against(log_text: &str, program_texts: &[&str]) -> Vec<Finding> {
    findings(LogFormat::Toml, log_text, program_texts, None, as_of())
}

fn findings(
    format: LogFormat,
    log_text: &str,
    program_texts: &[&str],
    exceptions_text: Option<&str>,
    as_of: Date,
) -> Vec<Finding> {
    let mut sources = Sources::new();
    let programs: Vec<Program> = program_texts
        .iter()
        .map(|text| resolved(&mut sources, text))
        .collect();
    let program_sources: Vec<SourceId> = programs.iter().map(|p| p.source).collect();
    let log_source = sources.add("pair.log", log_text);
    let mut diagnostics = Diagnostics::new();
    let exceptions_source = exceptions_text.map(|text| sources.add("exceptions.toml", text));
    let exceptions = match exceptions_source {
        Some(source) => crate::exceptions::read(&sources, source, &mut diagnostics),
        None => crate::exceptions::Exceptions::default(),
    };
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let logs = parse_logs(&sources, log_source, format, &mut diagnostics);
    check_logs(&programs, &logs, as_of, &exceptions, &mut diagnostics);
    diagnostics.sort(&sources);
    let findings: Vec<Finding> = diagnostics
        .iter()
        .map(|d| {
            let position = |span: Span| {
                let lc = sources.line_column(span);
                (lc.line, lc.column)
            };
            Finding {
                code: d.code(),
                severity: d.severity,
                message: d.message.clone(),
                help: d.help.as_deref().map(str::to_owned),
                at: position(d.primary.span),
                program_label: d
                    .secondary
                    .iter()
                    .find(|l| program_sources.contains(&l.span.source))
                    .map(|l| position(l.span)),
                exception_labels: d
                    .secondary
                    .iter()
                    .filter(|l| Some(l.span.source) == exceptions_source)
                    .map(|l| {
                        let (line, column) = position(l.span);
                        (
                            line,
                            column,
                            l.text.as_deref().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    for finding in &findings {
        assert!(
            !finding.message.contains("private text"),
            "a message quotes what the pair wrote: {}",
            finding.message
        );
    }
    findings
}

/// `program_text` added to `sources` and resolved by the real resolver, which must find
/// nothing to say about it.
pub(super) fn resolved(sources: &mut Sources, program_text: &str) -> Program {
    let source = sources.add("senior-ic.mentor", program_text);
    let mut diagnostics = Diagnostics::new();
    let loaded = resolve_source(
        source,
        std::path::Path::new("."),
        None,
        sources,
        &mut diagnostics,
    );
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let Loaded::Program(program) = loaded else {
        panic!("the test program resolves to a program: {loaded:?}");
    };
    *program
}

/// The program chosen for `log_text` among `program_texts` (its `version`, when given).
pub(super) fn chosen_version(program_texts: &[&str], log_text: &str) -> Option<String> {
    let mut sources = Sources::new();
    let programs: Vec<Program> = program_texts
        .iter()
        .map(|text| resolved(&mut sources, text))
        .collect();
    let log_source = sources.add("pair.toml", log_text);
    let mut diagnostics = Diagnostics::new();
    let logs = parse_logs(&sources, log_source, LogFormat::Toml, &mut diagnostics);
    let chosen = logs.first().and_then(|log| find_program(&programs, log));
    chosen.and_then(|p| p.version.clone())
}

/// A `[[pause]]` entry of an exceptions file: `pair` paused from `from` until `to` (TOML
/// dates), approved on 2025-01-01.
pub(super) fn pause(pair: &str, from: &str, to: &str) -> String {
    format!(
        "[[pause]]\npair = \"{pair}\"\nfrom = {from}\nto = {to}\nreason = \"leave\"\napproved-by = \"program-lead\"\napproved = 2025-01-01\n\n"
    )
}

/// An `[[extend]]` entry of an exceptions file: `milestone` due by `to` for `pair`, approved on
/// 2025-01-01.
pub(super) fn extension(pair: &str, milestone: &str, to: &str) -> String {
    format!(
        "[[extend]]\npair = \"{pair}\"\nmilestone = \"{milestone}\"\nto = {to}\nreason = \"scope change\"\napproved-by = \"program-lead\"\napproved = 2025-01-01\n\n"
    )
}

/// [`PROGRAM_TEXT`] with `lines` added at the end of the program block.
pub(super) fn program_with(lines: &str) -> String {
    let end = PROGRAM_TEXT.rfind('}').unwrap_or(PROGRAM_TEXT.len());
    format!("{}{lines}{}", &PROGRAM_TEXT[..end], &PROGRAM_TEXT[end..])
}

/// [`PROGRAM_TEXT`] with one exact replacement (which must apply).
pub(super) fn program_replacing(from: &str, to: &str) -> String {
    assert!(
        PROGRAM_TEXT.contains(from),
        "`{from}` is not in the program"
    );
    PROGRAM_TEXT.replacen(from, to, 1)
}

/// [`COMPLIANT`] with one exact replacement (which must apply).
pub(super) fn compliant_with(from: &str, to: &str) -> String {
    assert!(
        COMPLIANT.contains(from),
        "`{from}` is not in the compliant log"
    );
    COMPLIANT.replacen(from, to, 1)
}

pub(super) fn codes_and_positions(findings: &[Finding]) -> Vec<(&'static str, usize, usize)> {
    findings.iter().map(|f| (f.code, f.at.0, f.at.1)).collect()
}

/// The line and column of the first occurrence of `needle` in [`PROGRAM_TEXT`].
pub(super) fn program_position(needle: &str) -> (usize, usize) {
    let start = PROGRAM_TEXT
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` is not in the program"));
    let mut sources = Sources::new();
    let id = sources.add("p", PROGRAM_TEXT);
    let lc = sources.line_column(Span::new(id, start..start + needle.len()));
    (lc.line, lc.column)
}
