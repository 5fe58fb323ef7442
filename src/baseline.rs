//! Baselines, for a cohort that adopts `mentor` half-way: `--write-baseline FILE` records the
//! findings of today, `--baseline FILE` reports only the findings it does not record and the
//! entries that no longer occur (`C007`), so the file shrinks as logs are fixed.
//!
//! A finding is recorded by what it is about, not where it is: the program, the pair, the rule,
//! and the session or milestone (see [`Subject`]); a finding about no pair (a log without a
//! pair id, a program) by its file instead. Line numbers are not part of it, so a log that
//! grows or is reformatted keeps its entries. Several findings with one fingerprint (two
//! missing fields in one session) are one entry with a `count`.
//!
//! **Architecture Invariant:** no IO; the file's text comes from [`Sources`], and what
//! [`write`] returns is written by the CLI.

use std::collections::BTreeMap;

use compact_str::CompactString;

use crate::diagnostic::{Diagnostic, Diagnostics, Label, Subject};
use crate::log::Spanned;
use crate::rules::{self, Rule, Selection, Stage};
use crate::settings::{self, Table};
use crate::source::{SourceId, Sources, Span};
use crate::words::{self, quote_id};

/// What identifies a finding across runs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint {
    pub program: Option<String>,
    pub pair: Option<String>,
    /// The file, for a finding about no pair.
    pub file: Option<String>,
    pub rule: &'static str,
    pub session: Option<u32>,
    pub milestone: Option<String>,
}

impl Fingerprint {
    /// The fingerprint of a finding.
    pub fn of(diagnostic: &Diagnostic, sources: &Sources) -> Fingerprint {
        let Subject {
            program,
            pair,
            session,
            milestone,
        } = diagnostic.subject.clone();
        let file = pair
            .is_none()
            .then(|| normal_path(sources.name(diagnostic.primary.span.source)));
        Fingerprint {
            program: program.map(CompactString::into_string),
            pair: pair.map(CompactString::into_string),
            file,
            rule: diagnostic.rule.code,
            session,
            milestone: milestone.map(CompactString::into_string),
        }
    }

    /// How a message names the entry: "pair `pair-017`, rule L014 (gap-too-long), session 4".
    fn describe(&self) -> String {
        let mut text = match (&self.pair, &self.file) {
            (Some(pair), _) => format!("pair {}", quote_id(pair)),
            (None, Some(file)) => format!("file `{file}`"),
            (None, None) => "the run".to_owned(),
        };
        let name = rules::find(self.rule).map_or("", |r| r.name);
        text.push_str(&format!(", rule {} ({name})", self.rule));
        if let Some(session) = self.session {
            text.push_str(&format!(", session {session}"));
        }
        if let Some(milestone) = &self.milestone {
            text.push_str(&format!(", milestone `{milestone}`"));
        }
        text
    }
}

/// A file name as a fingerprint keeps it: `./logs/a.toml` and `logs/a.toml` are one file. (A
/// name is as the run was given it, so a baseline is read from the directory it was written
/// from.)
fn normal_path(name: &str) -> String {
    let path = std::path::Path::new(name);
    let parts: std::path::PathBuf = path
        .components()
        .filter(|part| !matches!(part, std::path::Component::CurDir))
        .collect();
    parts.to_string_lossy().into_owned()
}

/// Whether a finding may be recorded: one about a program or a log. A file that could not be
/// read, and what is wrong with the files that configure the run (the exceptions file, the
/// baseline itself), are never hidden by a baseline.
fn recordable(diagnostic: &Diagnostic) -> bool {
    matches!(diagnostic.rule.stage, Stage::Program | Stage::Log)
}

/// One entry of a baseline file.
#[derive(Debug, Clone)]
struct Entry {
    fingerprint: Fingerprint,
    count: usize,
    span: Span,
}

/// A baseline read from its file.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: Vec<Entry>,
}

/// The keys of a `[[finding]]` entry.
const ENTRY_KEYS: [&str; 8] = [
    "program",
    "pair",
    "file",
    "rule",
    "name",
    "session",
    "milestone",
    "count",
];

impl Baseline {
    /// Reads the baseline registered as `source`; `None` (reported, `C006`) when any part of
    /// it cannot be read: a half-read baseline would report findings it does record.
    pub fn read(
        sources: &Sources,
        source: SourceId,
        diagnostics: &mut Diagnostics,
    ) -> Option<Baseline> {
        let rule = &rules::BASELINE_INVALID;
        let first = diagnostics.len();
        let root = settings::parse(sources, source, rule, diagnostics)?;
        let mut file = Table::new(&root, "the baseline", rule, diagnostics)?;
        let mut baseline = Baseline::default();
        // A baseline of another version would be misread: its entries may mean other things.
        if let Some(version) = file.positive(diagnostics, "version")
            && version.value != 1
        {
            let message = format!(
                "baseline version {} is not one this `mentor` reads (it writes version 1)",
                version.value
            );
            let help = "write the baseline again with `--write-baseline`".to_owned();
            file.problem(
                diagnostics,
                version.span,
                message,
                "unknown version",
                Some(help),
            );
        }
        if let Some(findings) = file.take("finding") {
            let items = match &findings.node.value {
                crate::log::tree::Value::Array(items) => items.iter().collect(),
                _ => vec![&findings.node],
            };
            for node in items {
                let Some(mut table) =
                    Table::new(node, "the `[[finding]]` entry", rule, diagnostics)
                else {
                    continue;
                };
                if let Some(entry) = read_entry(&mut table, diagnostics) {
                    baseline.entries.push(entry);
                }
            }
        }
        file.finish(diagnostics, &["version", "finding"]);
        (diagnostics.len() == first).then_some(baseline)
    }

    /// Drops the findings the baseline records (as many of each fingerprint as it counts, the
    /// first in the run's order) and reports, `C007`, the entries of the rules the run reports
    /// (`selection`) that occur less often than recorded. Returns how many findings were
    /// dropped.
    pub fn filter(
        &self,
        findings: &mut Diagnostics,
        sources: &Sources,
        selection: &Selection,
    ) -> usize {
        let mut left: BTreeMap<&Fingerprint, usize> = BTreeMap::new();
        for entry in &self.entries {
            *left.entry(&entry.fingerprint).or_insert(0) += entry.count;
        }
        findings.sort(sources);
        let mut dropped = 0;
        findings.retain(|finding| {
            if !recordable(finding) {
                return true;
            }
            let fingerprint = Fingerprint::of(finding, sources);
            match left.get_mut(&fingerprint) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    dropped += 1;
                    false
                }
                _ => true,
            }
        });
        for entry in &self.entries {
            // An entry of a rule the run leaves out (`--ignore`) had nothing to match.
            if !rules::find(entry.fingerprint.rule).is_some_and(|rule| selection.includes(rule)) {
                continue;
            }
            let Some(n) = left.get_mut(&entry.fingerprint) else {
                continue;
            };
            if *n == 0 {
                continue;
            }
            let unmatched = (*n).min(entry.count);
            *n -= unmatched;
            let occurs = entry.count - unmatched;
            let message = if occurs == 0 {
                format!(
                    "the baseline entry for {} no longer occurs",
                    entry.fingerprint.describe()
                )
            } else {
                format!(
                    "the baseline entry for {} records {} but {} occurs",
                    entry.fingerprint.describe(),
                    words::count(entry.count as u64, "finding", "findings"),
                    words::count(occurs as u64, "time", "times"),
                )
            };
            findings.push(
                Diagnostic::new(
                    &rules::BASELINE_ENTRY_FIXED,
                    message,
                    Label::new(entry.span, "no longer needed"),
                )
                .with_help("write the baseline again with `--write-baseline`, or remove the entry"),
            );
        }
        dropped
    }
}

/// One `[[finding]]` entry, or `None` when it was reported.
fn read_entry(table: &mut Table, diagnostics: &mut Diagnostics) -> Option<Entry> {
    let program = table.text(diagnostics, "program");
    let pair = table.text(diagnostics, "pair");
    let file = table.text(diagnostics, "file");
    let rule = table.required_text(diagnostics, "rule", "give the rule's code, e.g. `L014`");
    let rule = rule.and_then(|rule| known_rule(table, diagnostics, rule));
    let _name = table.text(diagnostics, "name");
    let session = table.positive(diagnostics, "session");
    let milestone = table.text(diagnostics, "milestone");
    let count = table.positive(diagnostics, "count");
    if table.finish(diagnostics, &ENTRY_KEYS) {
        let text = |v: Option<Spanned<String>>| v.map(|v| v.value);
        Some(Entry {
            fingerprint: Fingerprint {
                program: text(program),
                pair: text(pair),
                file: text(file),
                rule: rule?.code,
                session: session.map(|s| s.value),
                milestone: text(milestone),
            },
            count: count.map_or(1, |c| c.value as usize),
            span: table.span,
        })
    } else {
        None
    }
}

fn known_rule(
    table: &mut Table,
    diagnostics: &mut Diagnostics,
    named: Spanned<String>,
) -> Option<&'static Rule> {
    if let Some(rule) = rules::find(&named.value) {
        return Some(rule);
    }
    let help = words::unknown_id_help("rule", &named.value, rules::all().map(|r| r.code));
    let message = format!("no rule `{}`", named.value);
    table.problem(diagnostics, named.span, message, "unknown rule", Some(help));
    None
}

/// The baseline of `findings` as TOML: one entry per fingerprint, sorted, with a count when
/// several findings share it. Returns the text and the number of entries.
pub fn write(findings: &[Diagnostic], sources: &Sources) -> (String, usize) {
    let mut counts: BTreeMap<Fingerprint, usize> = BTreeMap::new();
    for finding in findings.iter().filter(|d| recordable(d)) {
        *counts.entry(Fingerprint::of(finding, sources)).or_insert(0) += 1;
    }
    let mut out = String::from(
        "# The findings `mentor validate` reported when this baseline was written. A run with\n\
         # `--baseline` reports only findings not recorded here, and the entries that no longer\n\
         # occur; write it again with `--write-baseline`. Generated: edit by removing entries.\n\
         version = 1\n",
    );
    let string = |text: &str| toml::Value::String(text.to_owned()).to_string();
    for (fingerprint, count) in &counts {
        out.push_str("\n[[finding]]\n");
        if let Some(program) = &fingerprint.program {
            out.push_str(&format!("program = {}\n", string(program)));
        }
        if let Some(pair) = &fingerprint.pair {
            out.push_str(&format!("pair = {}\n", string(pair)));
        }
        if let Some(file) = &fingerprint.file {
            out.push_str(&format!("file = {}\n", string(file)));
        }
        out.push_str(&format!("rule = {}\n", string(fingerprint.rule)));
        if let Some(rule) = rules::find(fingerprint.rule) {
            out.push_str(&format!("name = {}\n", string(rule.name)));
        }
        if let Some(session) = fingerprint.session {
            out.push_str(&format!("session = {session}\n"));
        }
        if let Some(milestone) = &fingerprint.milestone {
            out.push_str(&format!("milestone = {}\n", string(milestone)));
        }
        if *count > 1 {
            out.push_str(&format!("count = {count}\n"));
        }
    }
    (out, counts.len())
}
