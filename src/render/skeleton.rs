//! The files `mentor new` writes: the starter program, and the skeleton of one pair's session
//! log for a program (TOML with comments, JSON, or a CSV export).
//!
//! A skeleton lists every session of the program as `status = "planned"` with a planned date (by
//! the `new log` policy, `schedule::skeleton_dates`) and its number in a comment (a planned
//! session is not numbered), the lens each phase asks for and its fields as blank answers.
//! It is rendering like the playbook: a view of a checked program, no IO and no clock (the
//! start date is given). Every program string it copies is escaped for where it lands: a TOML
//! or JSON string (`quoted`) or a `#` comment (`comment_text`), so no label can add a key.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::Date;

use crate::model::{LensRule, Phase, Program};
use crate::render::visible::{is_hidden_control, visible_line};
use crate::schedule::skeleton_dates;
use crate::words;

/// What `mentor new program` writes. `tests/new` checks that it is clean (also with
/// `--deny-warnings`) and already formatted; it is a `.mentor` file of its own so that it reads,
/// and can be checked, as one.
pub(crate) const STARTER_PROGRAM: &str = include_str!("starter.mentor");

/// A quoted string, valid in both TOML and JSON. serde_json escapes the quote, the backslash
/// and C0 controls with escapes both languages share; DEL (which TOML forbids raw), C1
/// controls, bidi controls and line separators (which a terminal or editor would act on) are
/// escaped here as `\uXXXX`, also common to both.
fn quoted(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    if !json.chars().any(is_hidden_control) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if is_hidden_control(c) {
            // All of them are in the Basic Multilingual Plane: one escape each.
            let _ = write!(out, "\\u{:04X}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Program text in a `#` comment of the TOML skeleton: one line, whatever the program says.
/// A line break would end the comment and make the rest of the text live TOML (a label
/// `"One\nstatus = \"withdrawn\" #"` would withdraw the pair), and TOML forbids control
/// characters in comments; line breaks become spaces, other controls are shown escaped
/// (`\u{1b}`), as are bidi controls, which would make the line read otherwise than it parses.
fn comment_text(text: &str) -> std::borrow::Cow<'_, str> {
    let is_line_break = |c: char| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    if !text.contains(is_line_break) {
        return visible_line(text);
    }
    std::borrow::Cow::Owned(visible_line(&text.replace(is_line_break, " ")).into_owned())
}

/// The log to write: the program's sessions with their planned dates and lenses.
pub(crate) struct LogSkeleton<'p> {
    program: &'p Program,
    pair: &'p str,
    /// The pair's mentor and mentee ids, when known (`mentor match --start`).
    people: Option<(&'p str, &'p str)>,
    started: Date,
    sessions: Vec<PlannedSession<'p>>,
}

struct PlannedSession<'p> {
    number: u32,
    date: Date,
    phase: Option<&'p Phase>,
    /// The lenses written into the session (the ones the phase requires).
    lenses: Vec<&'p str>,
    /// Other lenses the phase allows, offered in comments.
    alternatives: Vec<&'p str>,
    review: bool,
    /// The review's `with lens`, for a review session: it stands in for the phase's lens rule
    /// and progression, as the log checks read it.
    review_lens: Option<&'p str>,
}

impl<'p> LogSkeleton<'p> {
    pub(crate) fn new(program: &'p Program, pair: &'p str, started: Date) -> LogSkeleton<'p> {
        let last = match program.last_session() {
            0 => program.length.as_ref().map_or(1, |l| l.max_sessions.max(1)),
            n => n,
        };
        let dates = skeleton_dates(program, started);
        let sessions = (1..=last.min(1000))
            .map_while(|number| {
                // The skeleton ends where the dates leave the calendar: `P025` keeps the cadence
                // within a century, but a program may turn the rule off, and 1,000 sessions a
                // century apart from a late start date still pass 9999-12-31.
                let date = dates.date_of(number)?;
                let phase = program.phase_for_session(number);
                // Every Nth session, or each listed one (`review every 0 sessions` plans none).
                let review = program
                    .review
                    .as_ref()
                    .is_some_and(|review| review.planned_at(number));
                let review_lens = review
                    .then(|| program.review.as_ref()?.lens.as_deref())
                    .flatten();
                let (lenses, alternatives) = match (review_lens, phase) {
                    (Some(lens), _) => (vec![lens], Vec::new()),
                    (None, Some(phase)) => lenses_for(program, phase, number),
                    (None, None) => (Vec::new(), Vec::new()),
                };
                Some(PlannedSession {
                    number,
                    date,
                    phase,
                    lenses,
                    alternatives,
                    review,
                    review_lens,
                })
            })
            .collect();
        LogSkeleton {
            program,
            pair,
            people: None,
            started,
            sessions,
        }
    }

    /// The skeleton of a pair whose mentor and mentee are known, as `mentor match` makes them.
    pub(crate) fn with_people(mut self, mentor: &'p str, mentee: &'p str) -> LogSkeleton<'p> {
        self.people = Some((mentor, mentee));
        self
    }

    /// The skeleton as TOML, with comments; `program_path` is shown in the command to check it.
    pub(crate) fn toml(&self, program_path: &Path) -> String {
        let program = self.program;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# The session log of pair `{}` in program `{}`: {}.",
            self.pair,
            program.id,
            comment_text(&program.title)
        );
        let _ = writeln!(
            out,
            "# Written by `mentor new log`; check it with\n#   mentor validate --program {} THIS-FILE",
            comment_text(&program_path.display().to_string())
        );
        out.push_str(
            "#\n\
             # Each [[sessions]] entry is one session of the program, planned on a date its\n\
             # cadence gives from `started`; a planned session counts nowhere. After a session:\n\
             # delete `status = \"planned\"`, uncomment its `number`, set its real date, answer\n\
             # the lens fields, record the outcome. If it did not take place, set `status` to\n\
             # \"cancelled\" or \"no-show\" instead. `mentor validate` reports a session still\n\
             # planned once its date has passed (plus the program's `log sessions within`).\n\n",
        );
        let mut top = Table::default();
        top.entry(
            "program",
            &quoted(&program.id),
            "the program the pair follows",
        );
        if let Some(version) = &program.version {
            top.entry(
                "version",
                &quoted(version),
                "the version the pair started on",
            );
        }
        top.entry("pair", &quoted(self.pair), "pseudonymous: no real names");
        match self.people {
            Some((mentor, mentee)) => {
                top.entry(
                    "mentor",
                    &quoted(mentor),
                    "pseudonymous ids, as the roster gives them",
                );
                top.entry("mentee", &quoted(mentee), "");
            }
            None => {
                top.commented("mentor", "\"mentor-id\"", "pseudonymous ids (optional)");
                top.commented("mentee", "\"mentee-id\"", "");
            }
        }
        if !program.tracks.is_empty() {
            let ids: Vec<&str> = program.tracks.iter().map(|t| t.id.as_str()).collect();
            top.commented(
                "track",
                &quoted(ids[0]),
                &format!("one of: {}", ids.join(", ")),
            );
        }
        top.entry(
            "started",
            &self.started.to_string(),
            "the program's first day for this pair; deadlines count from it",
        );
        top.commented(
            "status",
            "\"completed\"",
            "active (default), completed, withdrawn, re-matched",
        );
        if let Some(agreement) = &program.agreement {
            top.commented(
                "agreement",
                &self.started.to_string(),
                &format!(
                    "the day the agreement was recorded; needed before session {}",
                    agreement.before_session
                ),
            );
        }
        out.push_str(&top.render());

        let mut current_phase = None;
        for session in &self.sessions {
            let phase_id = session.phase.map(|p| p.id.as_str());
            if phase_id != current_phase || session.number == 1 {
                current_phase = phase_id;
                out.push('\n');
                out.push_str(&phase_banner(session.phase));
            }
            out.push_str(&self.session_toml(session));
        }
        out
    }

    fn session_toml(&self, session: &PlannedSession<'_>) -> String {
        let program = self.program;
        let mut out = String::from("\n[[sessions]]\n");
        let mut table = Table::default();
        table.commented("number", &session.number.to_string(), "once held");
        table.entry(
            "date",
            &session.date.to_string(),
            "planned: change it to the day the session was held",
        );
        table.entry(
            "status",
            "\"planned\"",
            "once held, delete it; or \"cancelled\", \"no-show\"",
        );
        if let Some(minutes) = &program.session_minutes {
            let mut limits = Vec::new();
            if let Some(least) = &minutes.at_least {
                limits.push(format!("at least {}", least.value));
            }
            if let Some(most) = &minutes.at_most {
                limits.push(format!("at most {}", most.value));
            }
            let example = minutes.at_least.as_ref().map_or(60, |b| b.value);
            table.commented("minutes", &example.to_string(), &limits.join(", "));
        } else {
            table.commented("minutes", "60", "");
        }
        if session.review {
            let why = match program.review.as_ref().map(|r| &r.schedule) {
                Some(crate::model::ReviewSchedule::At { .. }) => {
                    "the program plans a review at this session"
                }
                _ => "the program asks for regular reviews",
            };
            table.entry("kind", "\"review\"", why);
        }
        if let Some(lens) = session.review_lens {
            table.entry("lens", &quoted(lens), "a review uses the review lens");
        } else if let Some(phase) = session.phase {
            let lens_note = match &phase.lens_rule {
                LensRule::Choose { count, of } => {
                    format!("{} of {}", count.describe(), of.join(", "))
                }
                LensRule::Unrestricted => "any lens of the program".to_owned(),
                LensRule::None => String::new(),
            };
            match session.lenses.as_slice() {
                [] if !lens_note.is_empty() => {
                    let example = session.alternatives.first().copied().unwrap_or("");
                    table.commented("lens", &quoted(example), &lens_note);
                }
                [] => {}
                [one] => table.entry("lens", &quoted(one), &lens_note),
                many => {
                    let list: Vec<String> = many.iter().map(|l| quoted(l)).collect();
                    table.entry("lens", &format!("[{}]", list.join(", ")), &lens_note);
                }
            }
        }
        let due: Vec<&str> = program
            .milestones
            .iter()
            .filter(|m| m.due == Some(crate::model::Deadline::BySession(session.number)))
            .map(|m| m.id.as_str())
            .collect();
        if !due.is_empty() {
            let list: Vec<String> = due.iter().map(|m| quoted(m)).collect();
            table.commented(
                "milestones",
                &format!("[{}]", list.join(", ")),
                "due by this session; claim in the session that shows the evidence",
            );
        }
        if session.phase.is_some_and(|p| p.new_problems_forbidden()) {
            table.commented("new-problem", "false", "this phase forbids new problems");
        }
        let good: Vec<&str> = program
            .outcomes
            .iter()
            .filter(|o| !o.failed)
            .map(|o| o.id.as_str())
            .collect();
        if !program.outcomes.is_empty() {
            table.commented(
                "outcome",
                &quoted(good.first().copied().unwrap_or("")),
                &format!("one of: {}", good.join(", ")),
            );
        }
        table.commented("takeaway", "\"\"", "one line the mentee takes away");
        out.push_str(&table.render());

        let answered: Vec<&str> = session.lenses.clone();
        let offered: Vec<&str> = session.alternatives.clone();
        if answered.is_empty() && offered.is_empty() {
            return out;
        }
        out.push_str("\n[sessions.answers]\n");
        for (lens_id, live) in answered
            .iter()
            .map(|l| (*l, true))
            .chain(offered.iter().map(|l| (*l, false)))
        {
            let Some(lens) = program.lens(lens_id) else {
                continue;
            };
            let mut answers = Table::default();
            let _ = writeln!(
                out,
                "# {} ({}){}",
                comment_text(&lens.label),
                lens.id,
                if live {
                    ""
                } else {
                    ": if the session uses this lens instead"
                }
            );
            for field in lens.fields() {
                let label = if field.optional {
                    format!("{} (optional)", field.label)
                } else {
                    field.label.clone()
                };
                if live {
                    answers.entry(&field.id, "\"\"", &label);
                } else {
                    answers.commented(&field.id, "\"\"", &label);
                }
            }
            out.push_str(&answers.render());
        }
        out
    }

    /// The skeleton as JSON (no comments: the sessions, their lenses and blank answers).
    pub(crate) fn json(&self) -> String {
        let program = self.program;
        let mut out = String::from("{\n");
        let _ = writeln!(out, "  \"program\": {},", quoted(&program.id));
        if let Some(version) = &program.version {
            let _ = writeln!(out, "  \"version\": {},", quoted(version));
        }
        let _ = writeln!(out, "  \"pair\": {},", quoted(self.pair));
        if let Some((mentor, mentee)) = self.people {
            let _ = writeln!(out, "  \"mentor\": {},", quoted(mentor));
            let _ = writeln!(out, "  \"mentee\": {},", quoted(mentee));
        }
        let _ = writeln!(out, "  \"started\": \"{}\",", self.started);
        out.push_str("  \"sessions\": [");
        for (i, session) in self.sessions.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            // Planned sessions carry no number: it is given when the session is held.
            let mut fields = vec![
                format!("\"date\": \"{}\"", session.date),
                "\"status\": \"planned\"".to_owned(),
            ];
            if session.review {
                fields.push("\"kind\": \"review\"".to_owned());
            }
            match session.lenses.as_slice() {
                [] => {}
                [one] => fields.push(format!("\"lens\": {}", quoted(one))),
                many => {
                    let list: Vec<String> = many.iter().map(|l| quoted(l)).collect();
                    fields.push(format!("\"lens\": [{}]", list.join(", ")));
                }
            }
            let answers: Vec<String> = session
                .lenses
                .iter()
                .filter_map(|l| program.lens(l))
                .flat_map(|lens| lens.fields())
                .map(|f| format!("{}: \"\"", quoted(&f.id)))
                .collect();
            if !answers.is_empty() {
                fields.push(format!("\"answers\": {{{}}}", answers.join(", ")));
            }
            let _ = write!(out, "    {{{}}}", fields.join(", "));
        }
        out.push_str(if self.sessions.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }
}

impl LogSkeleton<'_> {
    /// The skeleton as a CSV export: a header row of the contract's columns (the fields of the
    /// lenses the sessions use as `answers.FIELD`), one row per planned session, the log's own
    /// fields repeated on every row as a platform writes them. The `csv` writer quotes what
    /// needs it; a control character in the program's version is shown escaped (`\u{1b}`), as
    /// CSV has no escapes of its own and the text may be printed to a terminal.
    pub(crate) fn csv(&self) -> String {
        let program = self.program;
        let version = program.version.as_deref().map(visible_line);
        let reviews = self.sessions.iter().any(|s| s.review);
        let mut fields: Vec<&str> = Vec::new();
        for session in &self.sessions {
            for lens in session.lenses.iter().filter_map(|l| program.lens(l)) {
                for field in lens.fields() {
                    if !fields.contains(&field.id.as_str()) {
                        fields.push(&field.id);
                    }
                }
            }
        }
        let mut header: Vec<String> = vec!["program".to_owned()];
        if version.is_some() {
            header.push("version".to_owned());
        }
        header.extend(["pair", "started", "number", "date", "status"].map(str::to_owned));
        if reviews {
            header.push("kind".to_owned());
        }
        header.extend(["minutes", "lens", "outcome", "takeaway"].map(str::to_owned));
        header.extend(fields.iter().map(|f| format!("answers.{f}")));
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail but on a ragged row, and every row is the header's width.
        let _ = writer.write_record(&header);
        for session in &self.sessions {
            let mut row: Vec<String> = vec![program.id.clone()];
            if let Some(version) = &version {
                row.push(version.to_string());
            }
            // Planned sessions carry no number: it is given when the session is held.
            row.extend([
                self.pair.to_owned(),
                self.started.to_string(),
                String::new(),
                session.date.to_string(),
                "planned".to_owned(),
            ]);
            if reviews {
                row.push(if session.review { "review" } else { "" }.to_owned());
            }
            row.extend([
                String::new(),
                session.lenses.join(";"),
                String::new(),
                String::new(),
            ]);
            row.extend(fields.iter().map(|_| String::new()));
            let _ = writer.write_record(&row);
        }
        writer
            .into_inner()
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

/// The lenses a session writes (those its phase requires: the progression's lens, or the
/// first ones of the rule's list) and the others the phase allows.
fn lenses_for<'p>(
    program: &'p Program,
    phase: &'p Phase,
    number: u32,
) -> (Vec<&'p str>, Vec<&'p str>) {
    match &phase.lens_rule {
        LensRule::None => (Vec::new(), Vec::new()),
        LensRule::Unrestricted => (
            Vec::new(),
            program.lenses.iter().map(|l| l.id.as_str()).collect(),
        ),
        LensRule::Choose { count, of } => {
            let mut chosen: Vec<&str> = Vec::new();
            if let Some(expected) = phase
                .progression
                .as_ref()
                .and_then(|p| p.expected_lens(phase, number))
            {
                chosen.push(expected);
            }
            for id in of {
                if chosen.len() >= count.min() as usize {
                    break;
                }
                if !chosen.contains(&id.as_str()) {
                    chosen.push(id);
                }
            }
            chosen.truncate(count.max().map_or(usize::MAX, |m| m as usize));
            let others = of
                .iter()
                .map(String::as_str)
                .filter(|id| !chosen.contains(id))
                .collect();
            (chosen, others)
        }
    }
}

fn phase_banner(phase: Option<&Phase>) -> String {
    match phase {
        Some(phase) => {
            let sessions = words::session_range(phase.first_session, phase.last_session);
            let lenses = match &phase.lens_rule {
                LensRule::None => "no lens".to_owned(),
                LensRule::Unrestricted => "any lens".to_owned(),
                LensRule::Choose { count, of } => {
                    format!("lenses: {} of {}", count.describe(), of.join(", "))
                }
            };
            format!(
                "# ---- phase `{}`, {} ({sessions}); {lenses}\n",
                phase.id,
                comment_text(&phase.label)
            )
        }
        None => "# ---- sessions outside every phase\n".to_owned(),
    }
}

/// `key = value` lines with their comments lined up; commented-out entries show optional or
/// later fields.
#[derive(Default)]
struct Table {
    rows: Vec<(String, String)>,
}

/// Where the comments of a table start.
const TOML_COMMENT_COLUMN: usize = 32;

impl Table {
    fn entry(&mut self, key: &str, value: &str, comment: &str) {
        self.rows
            .push((format!("{key} = {value}"), comment.to_owned()));
    }

    fn commented(&mut self, key: &str, value: &str, comment: &str) {
        self.rows
            .push((format!("# {key} = {value}"), comment.to_owned()));
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (code, comment) in &self.rows {
            out.push_str(code);
            if !comment.is_empty() {
                let width = code.chars().count();
                let pad = TOML_COMMENT_COLUMN.saturating_sub(width).max(2);
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str("# ");
                out.push_str(&comment_text(comment));
            }
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{comment_text, quoted};

    /// Texts that would end a comment, break a string or act on a terminal.
    const HOSTILE: &[&str] = &[
        "One\nstatus = \"withdrawn\" #",
        "a\r\nb",
        "line\u{2028}separator\u{2029}paragraph\u{85}next",
        "\u{0}\u{7}\u{8}\u{b}\u{c}\u{1b}[2J\u{7f}\u{80}\u{9b}31m",
        "\u{202e}reversed\u{2066}isolate\u{2069}\u{200f}",
        "tab\there \\ backslash \"quote\" ''' \"\"\"",
        "😀 non-BMP, é",
    ];

    #[test]
    fn a_comment_stays_one_line_without_controls() {
        for text in HOSTILE {
            let comment = comment_text(text);
            let toml = format!("# {comment}\nkey = 1\n");
            let parsed: toml::Table = toml::from_str(&toml)
                .unwrap_or_else(|e| panic!("{text:?} breaks the comment: {e}\n{toml}"));
            assert_eq!(parsed.len(), 1, "{toml}");
            assert!(
                !comment
                    .chars()
                    .any(|c| c.is_control() && c != '\t' || matches!(c, '\u{202e}' | '\u{2028}')),
                "{comment:?}"
            );
        }
        assert_eq!(
            comment_text("One\nstatus = \"withdrawn\" #"),
            "One status = \"withdrawn\" #"
        );
        assert_eq!(comment_text("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(comment_text("plain – text"), "plain – text");
    }

    #[test]
    fn a_quoted_text_is_the_same_text_in_toml_and_json() {
        for text in HOSTILE {
            let literal = quoted(text);
            let toml: toml::Table = toml::from_str(&format!("key = {literal}\n"))
                .unwrap_or_else(|e| panic!("{text:?} as {literal}: {e}"));
            assert_eq!(toml["key"].as_str(), Some(*text), "{literal}");
            let json: String = serde_json::from_str(&literal).expect("a JSON string");
            assert_eq!(json, *text, "{literal}");
            assert!(
                !literal
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\u{202e}' | '\u{2028}')),
                "{literal}"
            );
        }
    }
}
