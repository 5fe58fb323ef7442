//! The corpus generator's core, shared by `examples/corpus` and the benchmarks: seeded,
//! deterministic pair logs written against `programs/senior-ic.mentor`, a chosen share of them
//! carrying one violation each, and large `.mentor` programs for parser benchmarks.
//!
//! A log is built once as a small value tree ([`Doc`]) and written as TOML, pretty JSON and
//! compact JSON (one line of a JSON Lines file), YAML and a CSV export, so every format holds the
//! same pairs.

use std::fmt::Write as _;

/// One value of a generated log.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Str(String),
    Int(i64),
    Bool(bool),
    /// A date: a TOML local date, a `"YYYY-MM-DD"` string in JSON.
    Date(jiff::civil::Date),
    List(Vec<Val>),
    Table(Vec<(String, Val)>),
}

/// A generated log: top-level entries (sessions last, as a list of tables).
pub(crate) type Doc = Vec<(String, Val)>;

/// One kind of violation, the single change it makes to a compliant log, and the rule codes
/// `mentor validate` reports for it (at `AS_OF`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Violation {
    pub name: &'static str,
    pub codes: &'static [&'static str],
    /// Whether a JSON Schema of the log's structure (keys, types, enums) can see it.
    pub structural: bool,
}

pub(crate) const VIOLATIONS: &[Violation] = &[
    Violation {
        name: "gap-too-long",
        codes: &["L014"],
        structural: false,
    },
    Violation {
        name: "misspelled-lens",
        codes: &["L008"],
        structural: false,
    },
    Violation {
        name: "missing-outcome",
        codes: &["L023"],
        structural: false,
    },
    Violation {
        name: "milestone-never-claimed",
        codes: &["L029"],
        structural: false,
    },
    Violation {
        name: "lens-in-framing",
        codes: &["L019", "L024"],
        structural: false,
    },
    Violation {
        name: "unknown-session-field",
        codes: &["L001"],
        structural: true,
    },
    Violation {
        name: "minutes-not-a-number",
        codes: &["L003"],
        structural: true,
    },
    Violation {
        name: "session-too-short",
        codes: &["L016"],
        structural: false,
    },
    Violation {
        name: "numbering-skips",
        codes: &["L012", "L018"],
        structural: false,
    },
    Violation {
        name: "missing-pair",
        codes: &["L004"],
        structural: true,
    },
    Violation {
        name: "new-problem-in-judgment",
        codes: &["L025"],
        structural: false,
    },
    Violation {
        name: "unknown-status",
        codes: &["L003"],
        structural: true,
    },
];

/// The day the corpus is validated on: every deadline of every generated log has passed.
pub(crate) const AS_OF: &str = "2026-06-01";

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settings {
    pub logs: usize,
    pub seed: u64,
    /// Share of logs carrying a violation, 0.0–1.0.
    pub violation_share: f64,
}

/// One generated log and what it breaks.
#[derive(Debug, Clone)]
pub(crate) struct GeneratedLog {
    pub pair: String,
    pub doc: Doc,
    pub violation: Option<&'static Violation>,
}

const TAKEAWAYS: &[&str] = &[
    "My skip-level cares more about risk than speed",
    "Say the trade-off out loud before the recommendation",
    "Ask for a pre-mortem before the next launch call",
    "The platform lead needs a cost number, not a principle",
    "Write the decision record before the meeting, not after",
    "Name the assumption before defending the plan",
    "Silence in a review is not agreement",
    "Légère friction: \"fast\" meant different things to each team",
    "I optimised for being right — not for being followed",
    "Bring two options and a default, not a question",
];

const ANSWERS: &[&str] = &[
    "Delayed the launch by one sprint",
    "Reliability of the billing path",
    "Marketing date slipped",
    "Did I frame it as risk or as quality?",
    "Kept the on-call rotation as it is for one more quarter",
    "Team stability during the reorganisation",
    "Two senior engineers stay overloaded a little longer",
    "The platform team lead",
    "Their roadmap decides whether our migration lands this quarter",
    "Agreed in the meeting, deprioritised a week later",
    "I took polite agreement for commitment",
    "A \"quick win\" that cost a week of trust",
    "Moved the data-retention decision to the security council",
];

const DECISION_FIELDS: &[&str] = &["chose", "optimized-for", "trade-off", "framing"];
const INFLUENCE_FIELDS: &[&str] = &["who", "why", "what-happened", "misread"];

/// Generates the logs, deterministically for a seed.
pub(crate) fn generate(settings: Settings) -> Vec<GeneratedLog> {
    let mut rng = fastrand::Rng::with_seed(settings.seed);
    let threshold = (settings.violation_share.clamp(0.0, 1.0) * 1_000_000.0) as u32;
    (0..settings.logs)
        .map(|i| {
            let pair = format!("pair-{:06}", i + 1);
            let violation = (rng.u32(0..1_000_000) < threshold)
                .then(|| &VIOLATIONS[rng.usize(0..VIOLATIONS.len())]);
            let doc = compliant(&mut rng, &pair, i);
            let doc = match violation {
                Some(v) => break_log(doc, v.name),
                None => doc,
            };
            GeneratedLog {
                pair,
                doc,
                violation,
            }
        })
        .collect()
}

fn text(rng: &mut fastrand::Rng, pool: &[&str]) -> String {
    let parts = rng.usize(1..4);
    let mut out = String::new();
    for i in 0..parts {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(pool[rng.usize(0..pool.len())]);
    }
    out
}

fn s(text: &str) -> Val {
    Val::Str(text.to_owned())
}

/// A compliant completed pair: two framing sessions without a lens, three judgment sessions
/// with one lens each, both milestones claimed on time, sometimes a cancelled session.
fn compliant(rng: &mut fastrand::Rng, pair: &str, index: usize) -> Doc {
    let started = jiff::civil::date(2025, 1, 6)
        .checked_add(jiff::Span::new().days(rng.i64(0..300)))
        .unwrap_or(jiff::civil::date(2025, 1, 6));
    let mut doc: Doc = vec![
        ("program".into(), s("senior-ic")),
        ("version".into(), s("2025.1")),
        ("pair".into(), s(pair)),
        (
            "mentor".into(),
            Val::Str(format!("mentor-{:03}", index % 97)),
        ),
        ("mentee".into(), Val::Str(format!("mentee-{:05}", index))),
        ("started".into(), Val::Date(started)),
        ("status".into(), s("completed")),
    ];
    // Session 4 claims `influence-reflection` (due by week 10), so sessions 1–4 fit in 63 days.
    let mut day = 0i64;
    let mut sessions = Vec::new();
    // The fourth session always reviews influence; the others pick a lens.
    let lenses = [None, None, Some(true), Some(false), Some(rng.bool())];
    let cancelled_after = rng.usize(0..12);
    for (i, lens) in lenses.into_iter().enumerate() {
        let number = i as i64 + 1;
        let date = started
            .checked_add(jiff::Span::new().days(day))
            .unwrap_or(started);
        let mut session: Vec<(String, Val)> = vec![
            ("number".into(), Val::Int(number)),
            ("date".into(), Val::Date(date)),
            ("minutes".into(), Val::Int(rng.i64(45..=60))),
        ];
        if let Some(decision) = lens {
            let id = if decision {
                "decision-review"
            } else {
                "influence-review"
            };
            let lens_value = if rng.u8(0..4) == 0 {
                Val::List(vec![s(id)])
            } else {
                s(id)
            };
            session.push(("lens".into(), lens_value));
            if number == 3 {
                session.push((
                    "milestones".into(),
                    Val::List(vec![s("first-decision-review")]),
                ));
            }
            if number == 4 {
                session.push((
                    "milestones".into(),
                    Val::List(vec![s("influence-reflection")]),
                ));
            }
            session.push(("new-problem".into(), Val::Bool(false)));
        }
        let outcome = if rng.bool() { "assumption" } else { "behavior" };
        session.push(("outcome".into(), s(outcome)));
        session.push(("takeaway".into(), Val::Str(text(rng, TAKEAWAYS))));
        if let Some(decision) = lens {
            let fields = if decision {
                DECISION_FIELDS
            } else {
                INFLUENCE_FIELDS
            };
            let answers = fields
                .iter()
                .map(|f| ((*f).to_owned(), Val::Str(text(rng, ANSWERS))))
                .collect();
            session.push(("answers".into(), Val::Table(answers)));
        }
        sessions.push(Val::Table(session));
        if cancelled_after == i && i < 4 {
            let date = started
                .checked_add(jiff::Span::new().days(day + 7))
                .unwrap_or(started);
            sessions.push(Val::Table(vec![
                ("date".into(), Val::Date(date)),
                ("status".into(), s("cancelled")),
            ]));
        }
        day += rng.i64(14..=16);
    }
    doc.push(("sessions".into(), Val::List(sessions)));
    doc
}

fn sessions_mut(doc: &mut Doc) -> Option<&mut Vec<Val>> {
    doc.iter_mut().find_map(|(k, v)| match (k.as_str(), v) {
        ("sessions", Val::List(list)) => Some(list),
        _ => None,
    })
}

/// The held session numbered `number`.
fn held_mut(doc: &mut Doc, number: i64) -> Option<&mut Vec<(String, Val)>> {
    sessions_mut(doc)?.iter_mut().find_map(|s| match s {
        Val::Table(entries)
            if entries
                .iter()
                .any(|(k, v)| k == "number" && matches!(v, Val::Int(n) if *n == number)) =>
        {
            Some(entries)
        }
        _ => None,
    })
}

fn set(entries: &mut Vec<(String, Val)>, key: &str, value: Val) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value,
        None => entries.push((key.to_owned(), value)),
    }
}

/// Applies one violation to a compliant log.
fn break_log(mut doc: Doc, violation: &str) -> Doc {
    match violation {
        "gap-too-long" => {
            // Sessions on days 0, 14, 28, 63 and 77: 35 days between sessions 3 and 4, more
            // than the cadence's 4 weeks, while session 4 stays within week 10.
            if let Some(list) = sessions_mut(&mut doc) {
                list.retain(|s| match s {
                    Val::Table(e) => e.iter().any(|(k, _)| k == "number"),
                    _ => true,
                });
            }
            let started = doc.iter().find_map(|(k, v)| match (k.as_str(), v) {
                ("started", Val::Date(d)) => Some(*d),
                _ => None,
            });
            if let Some(started) = started {
                for (n, days) in [(1, 0), (2, 14), (3, 28), (4, 63), (5, 77)] {
                    let date = started
                        .checked_add(jiff::Span::new().days(days))
                        .unwrap_or(started);
                    if let Some(s) = held_mut(&mut doc, n) {
                        set(s, "date", Val::Date(date));
                    }
                }
            }
        }
        "misspelled-lens" => {
            if let Some(s) = held_mut(&mut doc, 5) {
                set(s, "lens", s_val("decision-reveiw"));
                s.retain(|(k, _)| k != "answers");
            }
        }
        "missing-outcome" => {
            if let Some(s) = held_mut(&mut doc, 2) {
                s.retain(|(k, _)| k != "outcome");
            }
        }
        "milestone-never-claimed" => {
            if let Some(s) = held_mut(&mut doc, 4) {
                s.retain(|(k, _)| k != "milestones");
            }
        }
        "lens-in-framing" => {
            if let Some(s) = held_mut(&mut doc, 2) {
                set(s, "lens", s_val("decision-review"));
                set(s, "outcome", s_val("answer"));
            }
        }
        "unknown-session-field" => {
            if let Some(s) = held_mut(&mut doc, 1) {
                set(s, "mood", s_val("hopeful"));
            }
        }
        "minutes-not-a-number" => {
            if let Some(s) = held_mut(&mut doc, 3) {
                set(s, "minutes", s_val("fifty"));
            }
        }
        "session-too-short" => {
            if let Some(s) = held_mut(&mut doc, 2) {
                set(s, "minutes", Val::Int(30));
            }
        }
        "numbering-skips" => {
            if let Some(s) = held_mut(&mut doc, 5) {
                set(s, "number", Val::Int(6));
            }
        }
        "missing-pair" => doc.retain(|(k, _)| k != "pair"),
        "new-problem-in-judgment" => {
            if let Some(s) = held_mut(&mut doc, 4) {
                set(s, "new-problem", Val::Bool(true));
            }
        }
        "unknown-status" => {
            if let Some((_, v)) = doc.iter_mut().find(|(k, _)| k == "status") {
                *v = s_val("finished");
            }
        }
        _ => {}
    }
    doc
}

fn s_val(text: &str) -> Val {
    Val::Str(text.to_owned())
}

/// A TOML basic string.
fn toml_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// How an inline value is written: TOML's and YAML's flow styles differ only in strings and
/// in a table's brackets and key separator.
#[derive(Clone, Copy)]
enum Inline {
    Toml,
    Yaml,
}

/// One value on one line: a scalar, or a list or table in flow style. Strings are TOML basic
/// strings, or double-quoted YAML scalars (a JSON string is one); dates are plain in both.
fn inline(out: &mut String, value: &Val, style: Inline) {
    match value {
        Val::Str(text) => match style {
            Inline::Toml => toml_string(out, text),
            Inline::Yaml => out.push_str(&serde_json::to_string(text).unwrap_or_default()),
        },
        Val::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Val::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Val::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Val::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                inline(out, item, style);
            }
            out.push(']');
        }
        Val::Table(entries) => {
            let (open, separator, close) = match style {
                Inline::Toml => ("{ ", " = ", " }"),
                Inline::Yaml => ("{", ": ", "}"),
            };
            out.push_str(open);
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{k}{separator}");
                inline(out, v, style);
            }
            out.push_str(close);
        }
    }
}

fn toml_inline(out: &mut String, value: &Val) {
    inline(out, value, Inline::Toml);
}

/// The log as a hand-written TOML file: top-level keys, then one `[[sessions]]` per session
/// with its `[sessions.answers]`.
pub(crate) fn to_toml(doc: &Doc) -> String {
    let mut out = String::from("# Generated by examples/corpus.rs\n");
    let mut sessions: &[Val] = &[];
    for (key, value) in doc {
        match (key.as_str(), value) {
            ("sessions", Val::List(list)) => sessions = list,
            _ => {
                let _ = write!(out, "{key:<8} = ");
                toml_inline(&mut out, value);
                out.push('\n');
            }
        }
    }
    for session in sessions {
        let Val::Table(entries) = session else {
            continue;
        };
        out.push_str("\n[[sessions]]\n");
        let mut answers = None;
        for (key, value) in entries {
            match (key.as_str(), value) {
                ("answers", Val::Table(table)) => answers = Some(table),
                _ => {
                    let _ = write!(out, "{key:<11} = ");
                    toml_inline(&mut out, value);
                    out.push('\n');
                }
            }
        }
        if let Some(answers) = answers {
            out.push_str("[sessions.answers]\n");
            for (key, value) in answers {
                let _ = write!(out, "{key:<13} = ");
                toml_inline(&mut out, value);
                out.push('\n');
            }
        }
    }
    out
}

fn yaml_inline(out: &mut String, value: &Val) {
    inline(out, value, Inline::Yaml);
}

/// The log as a block-style YAML file, as a platform would export it: top-level keys, then
/// `sessions:` as a list of mappings with their `answers:` mapping.
pub(crate) fn to_yaml(doc: &Doc) -> String {
    let mut out = String::from("# Generated by examples/corpus\n");
    let mut sessions: &[Val] = &[];
    for (key, value) in doc {
        match (key.as_str(), value) {
            ("sessions", Val::List(list)) => sessions = list,
            _ => {
                let _ = write!(out, "{key}: ");
                yaml_inline(&mut out, value);
                out.push('\n');
            }
        }
    }
    out.push_str("sessions:\n");
    for session in sessions {
        let Val::Table(entries) = session else {
            continue;
        };
        for (i, (key, value)) in entries.iter().enumerate() {
            out.push_str(if i == 0 { "  - " } else { "    " });
            match value {
                Val::Table(table) if key == "answers" => {
                    out.push_str("answers:\n");
                    for (field, answer) in table {
                        let _ = write!(out, "      {field}: ");
                        yaml_inline(&mut out, answer);
                        out.push('\n');
                    }
                }
                _ => {
                    let _ = write!(out, "{key}: ");
                    yaml_inline(&mut out, value);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn json_value(out: &mut String, value: &Val, indent: Option<usize>) {
    let newline = |out: &mut String, level: usize| {
        if indent.is_some() {
            out.push('\n');
            out.extend(std::iter::repeat_n("  ", level));
        }
    };
    let level = indent.unwrap_or(0);
    let inner = indent.map(|l| l + 1);
    match value {
        Val::Str(text) => {
            // serde_json's escaping; a String always serializes.
            out.push_str(&serde_json::to_string(text).unwrap_or_default());
        }
        Val::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Val::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Val::Date(d) => {
            let _ = write!(out, "\"{d}\"");
        }
        Val::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    if indent.is_none() {
                        out.push(' ');
                    }
                }
                newline(out, level + 1);
                json_value(out, item, inner);
            }
            if !items.is_empty() {
                newline(out, level);
            }
            out.push(']');
        }
        Val::Table(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    if indent.is_none() {
                        out.push(' ');
                    }
                }
                newline(out, level + 1);
                let _ = write!(out, "\"{key}\": ");
                json_value(out, value, inner);
            }
            if !entries.is_empty() {
                newline(out, level);
            }
            out.push('}');
        }
    }
}

/// Logs as one platform CSV export: a header row, a row per session (a row of the log's own
/// fields for a log with no session), columns in order of first use, the pair's status as
/// `pair-status`, answers as `answers.FIELD`, lists joined with `;`. What a CSV cell cannot
/// hold (a table where a value belongs, a generated structural violation) is written as its
/// JSON text, which the reader then reports as a wrong value.
pub(crate) fn to_csv(docs: &[&Doc]) -> String {
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    let column = |name: String, header: &mut Vec<String>| {
        if !header.contains(&name) {
            header.push(name.clone());
        }
        name
    };
    for doc in docs {
        let mut log = Vec::new();
        let mut sessions: &[Val] = &[];
        for (key, value) in doc.iter() {
            match (key.as_str(), value) {
                ("sessions", Val::List(list)) => sessions = list,
                _ => {
                    let name = if key == "status" { "pair-status" } else { key };
                    log.push((column(name.to_owned(), &mut header), csv_cell(value)));
                }
            }
        }
        if sessions.is_empty() {
            rows.push(log.clone());
        }
        for session in sessions {
            let mut row = log.clone();
            match session {
                Val::Table(entries) => {
                    for (key, value) in entries {
                        match value {
                            Val::Table(answers) if key == "answers" => {
                                for (field, answer) in answers {
                                    let name = column(format!("answers.{field}"), &mut header);
                                    row.push((name, csv_cell(answer)));
                                }
                            }
                            _ => row.push((column(key.clone(), &mut header), csv_cell(value))),
                        }
                    }
                }
                other => row.push((column("number".to_owned(), &mut header), csv_cell(other))),
            }
            rows.push(row);
        }
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory fails only on a ragged row, and every row is written at the header's width.
    let _ = writer.write_record(&header);
    for row in &rows {
        let cells = header.iter().map(|name| {
            row.iter()
                .find(|(k, _)| k == name)
                .map_or("", |(_, v)| v.as_str())
        });
        let _ = writer.write_record(cells);
    }
    writer
        .into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// One value as a CSV cell's text.
fn csv_cell(value: &Val) -> String {
    match value {
        Val::Str(text) => text.clone(),
        Val::Int(n) => n.to_string(),
        Val::Bool(b) => b.to_string(),
        Val::Date(d) => d.to_string(),
        Val::List(items) => items.iter().map(csv_cell).collect::<Vec<_>>().join(";"),
        Val::Table(_) => {
            let mut out = String::new();
            json_value(&mut out, value, None);
            out
        }
    }
}

/// The log as an exported JSON file (indented).
pub(crate) fn to_json(doc: &Doc) -> String {
    let mut out = String::new();
    json_value(&mut out, &Val::Table(doc.clone()), Some(0));
    out.push('\n');
    out
}

/// The log as one line of a JSON Lines file (no newline).
pub(crate) fn to_json_line(doc: &Doc) -> String {
    let mut out = String::new();
    json_value(&mut out, &Val::Table(doc.clone()), None);
    out
}

/// A large valid program for parser benchmarks: `phases` phases of one session each, a lens,
/// a competency and a milestone per phase.
pub(crate) fn large_program(phases: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by examples/corpus.rs: a program of {phases} phases for benchmarks.\n"
    );
    let _ = writeln!(
        out,
        "program bench-{phases} \"A generated program with {phases} phases\" {{"
    );
    let _ = writeln!(out, "    version \"1.0\"");
    let _ = writeln!(out, "    audience \"Benchmarks\"");
    let _ = writeln!(
        out,
        "    purpose \"Exercise the parser and the checker on a large file.\""
    );
    let _ = writeln!(
        out,
        "    length {phases} sessions within {} weeks",
        phases * 2 + 2
    );
    let _ = writeln!(out, "    cadence every 2 weeks, gap at most 4 weeks");
    let _ = writeln!(out, "    session at least 45 minutes\n");
    let _ = writeln!(out, "    outcome assumption \"One assumption to test\"");
    let _ = writeln!(out, "    outcome answer \"A step-by-step answer\" failed\n");
    for i in 1..=phases {
        let _ = writeln!(
            out,
            "    competency skill-{i} \"Skill number {i}, practised and reviewed\""
        );
    }
    out.push('\n');
    for i in 1..=phases {
        let _ = writeln!(out, "    lens lens-{i} \"Lens number {i}\" {{");
        let _ = writeln!(out, "        section \"What happened in situation {i}\" {{");
        let _ = writeln!(out, "            field what-{i} \"What I did\"");
        let _ = writeln!(out, "            field why-{i} \"Why I did it\"");
        let _ = writeln!(out, "        }}");
        let _ = writeln!(out, "        section \"What I want perspective on\" {{");
        let _ = writeln!(out, "            field ask-{i} \"What I would do again\"");
        let _ = writeln!(out, "        }}");
        let _ = writeln!(out, "    }}\n");
    }
    for i in 1..=phases {
        let other = if i == phases { 1 } else { i + 1 };
        let _ = writeln!(
            out,
            "    phase phase-{i} \"Phase {i}\" sessions {i}..{i} {{"
        );
        let _ = writeln!(
            out,
            "        goal \"Practise skill {i} on a real situation\""
        );
        let _ = writeln!(out, "        bring \"A situation from the last two weeks\"");
        let _ = writeln!(out, "        note \"Phase {i} of a generated program.\"");
        let _ = writeln!(out, "        lenses exactly 1 of lens-{i}, lens-{other}");
        let _ = writeln!(out, "    }}\n");
    }
    for i in 1..=phases {
        let _ = writeln!(
            out,
            "    milestone reviewed-{i} \"Situation {i} reviewed with its lens\" {{"
        );
        let _ = writeln!(out, "        competency skill-{i}");
        let _ = writeln!(out, "        due by session {i}");
        let _ = writeln!(out, "        evidence lens lens-{i}");
        let _ = writeln!(out, "    }}");
    }
    out.push_str("}\n");
    out
}

/// A roster for `programs/leadership-tracks.mentor`'s `matching` block, as CSV: `mentees`
/// mentees and `mentors` mentors (each of capacity 5 by the `capacity` column), every value
/// drawn from the attribute's declared values, a manager for a third of the mentees among the
/// mentors. Mentors sit at levels 5..8 and mentees at 1..5, so most pairs meet the level
/// requirement and the assignment, not the requirements, decides.
pub(crate) fn roster(mentees: usize, mentors: usize, seed: u64) -> String {
    const FUNCTIONS: &[&str] = &["engineering", "product", "sales", "operations", "people"];
    const TRACKS: &[&str] = &[
        "engineering",
        "product",
        "sales",
        "operations",
        "people-management",
    ];
    const COMPETENCIES: &[&str] = &[
        "strategic-thinking",
        "stakeholder-influence",
        "decision-quality",
        "people-development",
    ];
    const LANGUAGES: &[&str] = &[
        "english",
        "french",
        "german",
        "spanish",
        "portuguese",
        "japanese",
        "mandarin",
    ];
    const VALUES: &[&str] = &[
        "candour",
        "craft",
        "inclusion",
        "ownership",
        "curiosity",
        "service",
    ];
    const STYLES: &[&str] = &["direct", "reflective", "collaborative"];
    const BACKGROUNDS: &[&str] = &["emea", "americas", "apac"];
    let mut rng = fastrand::Rng::with_seed(seed);
    let some = |rng: &mut fastrand::Rng, pool: &[&str], most: usize| {
        let mut picked: Vec<&str> = Vec::new();
        for _ in 0..rng.usize(1..=most) {
            let value = pool[rng.usize(..pool.len())];
            if !picked.contains(&value) {
                picked.push(value);
            }
        }
        picked.join(";")
    };
    let mut out = String::from(
        "id,role,level,manager,function,track,develops,languages,time-zone,values,communication,feedback,background,capacity\n",
    );
    for index in 0..mentors + mentees {
        let mentor = index < mentors;
        let (id, role, level) = if mentor {
            (format!("mentor-{index:05}"), "mentor", rng.i64(5..=8))
        } else {
            (
                format!("mentee-{:05}", index - mentors),
                "mentee",
                rng.i64(1..=5),
            )
        };
        let manager = if !mentor && mentors > 0 && rng.usize(..3) == 0 {
            format!("mentor-{:05}", rng.usize(..mentors))
        } else {
            String::new()
        };
        // English for most, so the language requirement rarely decides alone.
        let mut languages = some(&mut rng, LANGUAGES, 2);
        if rng.usize(..10) < 8 && !languages.split(';').any(|l| l == "english") {
            languages.push_str(";english");
        }
        let _ = writeln!(
            out,
            "{id},{role},{level},{manager},{},{},{},{languages},{},{},{},{},{},{}",
            FUNCTIONS[rng.usize(..FUNCTIONS.len())],
            some(&mut rng, TRACKS, if mentor { 3 } else { 1 }),
            some(&mut rng, COMPETENCIES, 2),
            rng.i64(-8..=9),
            some(&mut rng, VALUES, 3),
            STYLES[rng.usize(..STYLES.len())],
            rng.i64(1..=5),
            BACKGROUNDS[rng.usize(..BACKGROUNDS.len())],
            if mentor { "5" } else { "" },
        );
    }
    out
}
