//! `mentor new program` and `mentor new log`: starting points to fill in.
//!
//! `new program` writes a commented starter program that checks clean. `new log` writes the
//! skeleton of one pair's session log for a given program: every session of the program with
//! a planned date, the lens each phase asks for and its fields as blank answers. Neither ever
//! replaces an existing file unless `--force` is given.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

use super::output::{would_replace, write_output};
use super::{ExitStatus, write_stdout};
use crate::check::check_program_file;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::model::{LensRule, Phase, Program};
use crate::render;
use crate::render::visible::{is_hidden_control, visible_line};
use crate::source::Sources;

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    what: NewCommand,
}

#[derive(Debug, Subcommand)]
enum NewCommand {
    /// A commented starter program that `mentor check` accepts
    Program(NewProgramArgs),
    /// The skeleton of one pair's session log for a program
    Log(NewLogArgs),
}

#[derive(Debug, Args)]
struct NewProgramArgs {
    /// Write to FILE instead of standard output (`-`: standard output)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Replace FILE if it exists
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct NewLogArgs {
    /// The `.mentor` program the pair follows
    #[arg(long, short = 'p', value_name = "PROGRAM")]
    program: PathBuf,

    /// The pair's pseudonymous id, e.g. `pair-017`
    #[arg(long, value_name = "ID")]
    pair: String,

    /// The day the program starts for the pair (YYYY-MM-DD); defaults to today
    #[arg(long, value_name = "DATE")]
    started: Option<Date>,

    /// Write to FILE instead of standard output (`-`: standard output)
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// The log format; defaults to the extension of FILE, else TOML (JSON has no comments)
    #[arg(long, value_enum)]
    format: Option<LogFormatArg>,

    /// Replace FILE if it exists
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LogFormatArg {
    Toml,
    Json,
}

pub fn run(args: NewArgs, color: bool) -> ExitStatus {
    match args.what {
        NewCommand::Program(args) => emit(
            STARTER_PROGRAM,
            args.output.as_deref(),
            args.force,
            &Sources::new(),
        ),
        NewCommand::Log(args) => new_log(args, color),
    }
}

/// Prints `text` (no `output`, or `-`), or writes it to `output` unless that is a file that
/// exists (and `force` is not given) or one of the files `read` (`--force` replaces an old log,
/// never the program it was made from).
fn emit(text: &str, output: Option<&Path>, force: bool, read: &Sources) -> ExitStatus {
    let Some(path) = output.filter(|p| *p != Path::new("-")) else {
        write_stdout(text);
        return ExitStatus::Clean;
    };
    if !force && would_replace(path) {
        eprintln!(
            "error: `{}` already exists; pass --force to replace it",
            super::shown_path(path)
        );
        return ExitStatus::CouldNotCheck;
    }
    match write_output(path, text, read) {
        Ok(()) => {
            eprintln!("wrote {}", super::shown_path(path));
            ExitStatus::Clean
        }
        Err(()) => ExitStatus::CouldNotCheck,
    }
}

fn new_log(args: NewLogArgs, color: bool) -> ExitStatus {
    if !is_id(&args.pair) {
        eprintln!(
            "error: the pair id must be a pseudonymous id of letters, digits, `-`, `_` or `.`, e.g. `pair-017`"
        );
        return ExitStatus::CouldNotCheck;
    }
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let program = check_program_file(&args.program, &mut sources, &mut diagnostics).program;
    let errors: Vec<Diagnostic> = diagnostics
        .into_vec()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        eprint!("{}", render::render_human(&errors, &sources, color));
        eprintln!(
            "error: `{}` has errors; fix them before writing a log for it",
            super::shown_path(&args.program)
        );
        return ExitStatus::CouldNotCheck;
    }
    let Some(program) = program else {
        eprintln!(
            "error: `{}` holds a library, not a program",
            super::shown_path(&args.program)
        );
        return ExitStatus::CouldNotCheck;
    };
    let started = args.started.unwrap_or_else(|| jiff::Zoned::now().date());
    let from_extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e == "json");
    let format = args.format.unwrap_or(if from_extension {
        LogFormatArg::Json
    } else {
        LogFormatArg::Toml
    });
    let plan = Plan::new(&program, &args.pair, started);
    let text = match format {
        LogFormatArg::Toml => plan.toml(&args.program),
        LogFormatArg::Json => plan.json(),
    };
    emit(&text, args.output.as_deref(), args.force, &sources)
}

fn is_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

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
struct Plan<'p> {
    program: &'p Program,
    pair: &'p str,
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
}

impl<'p> Plan<'p> {
    fn new(program: &'p Program, pair: &'p str, started: Date) -> Plan<'p> {
        let last = match program.last_session() {
            0 => program.length.as_ref().map_or(1, |l| l.max_sessions.max(1)),
            n => n,
        };
        let cadence = program.cadence.as_ref();
        let every_days = cadence
            .and_then(|c| c.every_days.or(c.min_gap.as_ref().map(|g| g.value)))
            .unwrap_or(7)
            .max(1);
        let review_every = program.review.as_ref().map(|r| r.every_sessions.max(1));
        let sessions = (1..=last.min(1000))
            .map_while(|number| {
                // The plan ends where the dates leave the calendar: `P025` keeps the cadence
                // within a century, but a program may turn the rule off, and 1,000 sessions a
                // century apart from a late start date still pass 9999-12-31.
                let offset = i64::from(every_days) * i64::from(number - 1);
                let date = jiff::Span::new()
                    .try_days(offset)
                    .ok()
                    .and_then(|span| started.checked_add(span).ok())?;
                let phase = program.phase_for_session(number);
                let (lenses, alternatives) = phase.map_or((Vec::new(), Vec::new()), |phase| {
                    lenses_for(program, phase, number)
                });
                Some(PlannedSession {
                    number,
                    date,
                    phase,
                    lenses,
                    alternatives,
                    review: review_every.is_some_and(|every| number % every == 0),
                })
            })
            .collect();
        Plan {
            program,
            pair,
            started,
            sessions,
        }
    }

    fn toml(&self, program_path: &Path) -> String {
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
             # Each [[sessions]] entry is one session of the program, dated by its cadence from\n\
             # `started`. After a session: set its real date, answer the lens fields, record the\n\
             # outcome. `mentor validate` treats every entry as held, so until then it reports\n\
             # what is missing; delete the entries of sessions that have not happened yet if you\n\
             # want a clean run, and copy them back from a fresh skeleton later.\n\n",
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
        top.commented("mentor", "\"mentor-id\"", "pseudonymous ids (optional)");
        top.commented("mentee", "\"mentee-id\"", "");
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
            "active (default), completed, withdrawn",
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
        table.entry("number", &session.number.to_string(), "");
        table.entry(
            "date",
            &session.date.to_string(),
            "planned: change it to the day the session was held",
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
            table.entry("kind", "\"review\"", "the program asks for regular reviews");
        }
        if let Some(phase) = session.phase {
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

    fn json(&self) -> String {
        let program = self.program;
        let mut out = String::from("{\n");
        let _ = writeln!(out, "  \"program\": {},", quoted(&program.id));
        if let Some(version) = &program.version {
            let _ = writeln!(out, "  \"version\": {},", quoted(version));
        }
        let _ = writeln!(out, "  \"pair\": {},", quoted(self.pair));
        let _ = writeln!(out, "  \"started\": \"{}\",", self.started);
        out.push_str("  \"sessions\": [");
        for (i, session) in self.sessions.iter().enumerate() {
            out.push_str(if i == 0 { "\n" } else { ",\n" });
            let mut fields = vec![
                format!("\"number\": {}", session.number),
                format!("\"date\": \"{}\"", session.date),
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
            let sessions = if phase.first_session == phase.last_session {
                format!("session {}", phase.first_session)
            } else {
                format!("sessions {}..{}", phase.first_session, phase.last_session)
            };
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

/// What `mentor new program` writes. `tests/new` checks that it is clean (also with
/// `--deny-warnings`) and already formatted.
const STARTER_PROGRAM: &str = r#"// A starter mentoring program, written by `mentor new program`. Rename it, then make it yours.
//
// Lines that start with `//` are comments: notes for whoever edits the program, ignored by mentor.
// `mentor check FILE` finds mistakes, `mentor fmt FILE` tidies the layout, and
// `mentor playbook FILE` prints the playbook that mentors and mentees read.
// `mentor new log --program FILE --pair pair-001` writes the session log of one pair.

// Lenses, competencies and outcomes that several programs share can live in a library file,
// brought in with a line like this one (the path is relative to this file):
// import "lib/lenses.mentor"

// A program has an id (used by session logs) and a title (printed in the playbook).
program starter "A Starter Mentoring Program" {
    // Logs name the version a pair started on, so change it when the program changes.
    version "2026.1"
    audience "Who the program is for, e.g. new team leads"
    purpose "What the program is for, in one sentence."

    // What mentoring is, and is not, in this program: printed at the top of the playbook.
    mentorship is {
        "Pressure-testing the mentee's thinking"
        "Surfacing blind spots and assumptions"
    }
    mentorship is-not {
        "Solving the mentee's problems for them"
        "A replacement for line management"
    }

    // How many sessions, how often, and how long. A range is allowed too: 6..8 sessions.
    length 6 sessions within 16 weeks
    cadence every 2 weeks, gap at most 4 weeks  // logs are checked against these gaps
    session at least 45 minutes

    // A formal review at least every 3 held sessions (a log marks it with kind = "review").
    review every 3 sessions

    // How a held session may end; every held session records one outcome.
    // A `failed` outcome is reported when a log records it.
    outcome insight "An insight to apply to real work"
    outcome action  "One action to try before the next session"
    outcome advice  "Advice taken without reflection" failed

    // What the program develops; each competency should be measured by a milestone.
    competency judgment "Judgment under ambiguity"

    // A lens is a worksheet for a session: sections of fields the mentee answers.
    // Fields marked `optional` may be left out of the log.
    lens decision-review "Decision Review" {
        doc "Look back at one real decision, before asking what to do next."
        section "The decision" {
            field chose     "What I chose"
            field trade-off "What trade-off I accepted"
        }
        section "What I want perspective on" {
            field question "A question for my mentor" optional
        }
    }

    // Phases split the sessions (1..2, 3..6: no gaps, no overlaps). Each says what sessions
    // aim at, what to bring, and which lenses a session may use.
    phase start "Getting Started" sessions 1..2 {
        goal "Agree on goals and ways of working"
        bring "Your role, and a situation where leadership feels hard"
        not-expected "Immediate answers"
        lenses none
    }

    phase practice "Practice" sessions 3..6 {
        note "Each session reviews one real decision."
        lenses exactly 1 of decision-review
        new-problems forbidden             // bring decisions already made, not new problems
    }

    // A milestone is evidence of progress on a competency, due by a session or a week.
    milestone first-review "A real decision reviewed with the Decision Review lens" {
        competency judgment
        due by session 4
        evidence lens decision-review
    }
}
"#;

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
