//! The rule catalogue: one table of stable codes that the checker, the CLI (`mentor rules`,
//! `mentor explain`), the machine formats (SARIF `tool.driver.rules`) and the generated rule
//! reference (`docs/rules.md`) all read.
//!
//! Codes never change meaning once published. The prefix says which stage reports the rule:
//! `F` reading files, `S` syntax, `P` the program itself, `L` a session log, `C` the files that
//! configure a run (`mentor.toml`, exceptions, a baseline). Code asks
//! [`Rule::stage`] rather than reading the letter, so the letter is a name for people and this
//! module's tests are the one place that tie the two together.

mod config;
mod file;
mod log;
mod program;
mod roster;
mod selection;
mod syntax;

pub use config::*;
pub use file::*;
pub use log::*;
pub use program::*;
pub use roster::*;
pub use selection::Selection;
pub use syntax::*;

use crate::diagnostic::Severity;

/// The stage of the pipeline that reports a rule, in the order the stages run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Reading a file (`F`): nothing in it was checked, so the run exits with status 2.
    File,
    /// The syntax of a `.mentor` file (`S`).
    Syntax,
    /// The program itself (`P`).
    Program,
    /// A session log (`L`).
    Log,
    /// The files that configure a run (`C`): `mentor.toml`, the exceptions file, a baseline.
    Config,
    /// A roster that `mentor match` pairs (`R`).
    Roster,
}

/// One rule: its stable code and name, default severity, and the `mentor explain` page.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, e.g. `P004`.
    pub code: &'static str,
    /// The stage that reports it; the code's letter says the same to a reader.
    pub stage: Stage,
    /// Stable kebab-case name, e.g. `phase-overlap`; programs may use it in `severity` lines.
    pub name: &'static str,
    pub severity: Severity,
    /// One line, lowercase, no final period.
    pub summary: &'static str,
    /// Markdown: what it flags, why it matters, an example and how to fix it.
    pub explanation: &'static str,
}

impl Rule {
    /// Whether a program may change this rule's severity. Unreadable files and syntax errors
    /// always stop the check, so they cannot be relaxed.
    pub fn is_overridable(&self) -> bool {
        matches!(self.stage, Stage::Program | Stage::Log)
    }

    /// Whether a finding of this rule means the run could not check what it was asked to (exit
    /// status 2): a file that could not be read, or a configuration or baseline the tool cannot
    /// understand, with which no result would mean what the user asked for.
    pub fn stops_the_run(&self) -> bool {
        self.stage == Stage::File
            || std::ptr::eq(self, &CONFIG_INVALID)
            || std::ptr::eq(self, &BASELINE_INVALID)
            || std::ptr::eq(self, &ROSTER_UNREADABLE)
            || std::ptr::eq(self, &ROSTER_COLUMN_MISSING)
    }
}

/// Every rule, by stage (F, S, P, L, C, then R) and then by code.
pub fn all() -> impl Iterator<Item = &'static Rule> + Clone {
    FILE_RULES
        .iter()
        .chain(SYNTAX_RULES)
        .chain(PROGRAM_RULES)
        .chain(LOG_RULES)
        .chain(CONFIG_RULES)
        .chain(ROSTER_RULES)
        .copied()
}

/// Looks a rule up by code (`P004`, case-insensitive) or name (`phase-overlap`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    all().find(|rule| rule.code.eq_ignore_ascii_case(code_or_name) || rule.name == code_or_name)
}

/// The rule reference in Markdown; `docs/rules.md` is this text, checked by a test.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Rule reference\n\n\
         <!-- Generated from src/rules by `mentor rules --format markdown`; do not edit by hand. -->\n\n\
         Every diagnostic carries one of these stable codes. `F` rules concern reading files,\n\
         `S` rules the syntax of a `.mentor` file, `P` rules the program itself, `L` rules a\n\
         session log, `C` rules the files that configure a run (`mentor.toml`, the exceptions\n\
         file, a baseline), and `R` rules the roster `mentor match` pairs. A program may change\n\
         the severity of `P` and `L` rules with a `severity` line; `--select` and `--ignore` choose the rules a run reports.\n\n\
         | code | name | default | summary |\n| --- | --- | --- | --- |\n",
    );
    for rule in all() {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {severity} | {summary} |\n",
            code = rule.code,
            anchor = rule.code.to_lowercase(),
            name = rule.name,
            severity = rule.severity.as_str(),
            summary = rule.summary,
        ));
    }
    for rule in all() {
        out.push_str(&format!(
            "\n## {code}\n\n`{name}` · default severity: {severity}\n\n{explanation}",
            code = rule.code,
            name = rule.name,
            severity = rule.severity.as_str(),
            explanation = rule.explanation.trim_start(),
        ));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one place that reads a code's letter: everything else asks `rule.stage`.
    #[test]
    fn every_rule_has_the_stage_its_letter_names_and_a_code_of_its_own() {
        let letter = |stage: Stage| match stage {
            Stage::File => 'F',
            Stage::Syntax => 'S',
            Stage::Program => 'P',
            Stage::Log => 'L',
            Stage::Config => 'C',
            Stage::Roster => 'R',
        };
        for rule in all() {
            let (first, number) = rule.code.split_at(1);
            assert_eq!(
                first.chars().next(),
                Some(letter(rule.stage)),
                "{} is reported by the {:?} stage",
                rule.code,
                rule.stage
            );
            assert!(
                number.len() == 3 && number.bytes().all(|b| b.is_ascii_digit()),
                "{} is a letter and three digits",
                rule.code
            );
        }
        let mut codes: Vec<&str> = all().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all().count(), "rule codes must be unique");
    }

    #[test]
    fn codes_and_names_are_unique_and_ordered() {
        let rules: Vec<&Rule> = all().collect();
        for pair in rules.windows(2) {
            let key = |r: &Rule| (r.stage, r.code);
            assert!(
                key(pair[0]) < key(pair[1]),
                "{} before {}",
                pair[0].code,
                pair[1].code
            );
        }
        let mut names: Vec<&str> = rules.iter().map(|r| r.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), rules.len(), "rule names must be unique");
    }

    #[test]
    fn every_rule_has_a_summary_and_an_explanation_with_an_example() {
        for rule in all() {
            assert!(
                !rule.summary.is_empty() && !rule.summary.ends_with('.'),
                "{}",
                rule.code
            );
            assert!(
                rule.summary
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_uppercase()),
                "{} summary starts lowercase",
                rule.code
            );
            assert!(
                rule.explanation.contains("```"),
                "{} has an example",
                rule.code
            );
        }
    }

    #[test]
    fn find_accepts_code_or_name() {
        assert_eq!(find("p004").map(|r| r.code), Some("P004"));
        assert_eq!(find("phase-overlap").map(|r| r.code), Some("P004"));
        assert_eq!(find("nope"), None);
    }
}
