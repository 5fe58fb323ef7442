//! `--format junit`: JUnit XML with one test case per checked log, so CI systems that chart
//! test results show which pairs fail. Errors (and warnings under `--deny-warnings`) are
//! failures; other findings go into the case's `system-out`.

use std::collections::HashMap;

use quick_xml::escape::escape;

use crate::render::Unit;
use crate::render::visible::{visible, visible_line};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceId, Sources};
use crate::words::waiver_note;

impl Unit {
    fn owns(&self, diagnostic: &Diagnostic) -> bool {
        let primary = diagnostic.primary.span;
        primary.source == self.source
            && self
                .span()
                .is_none_or(|s| s.start <= primary.start && primary.start <= s.end)
    }
}

/// One test case per [`Unit`].
pub fn render_junit(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    units: &[Unit],
    deny_warnings: bool,
) -> String {
    crate::render::written(|out| write_junit(diagnostics, sources, units, deny_warnings, out))
}

/// [`render_junit`] written to `out` a test case at a time.
pub fn write_junit(
    diagnostics: &[Diagnostic],
    sources: &Sources,
    units: &[Unit],
    deny_warnings: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    // A waived finding never fails its case; it is listed in the case's `system-out`.
    let is_failure = |d: &Diagnostic| {
        d.waived.is_none()
            && (d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning))
    };
    // Each diagnostic belongs to the first case that owns it. One that no case owns (a
    // program's error when logs are validated, an unreadable line of a JSON Lines file) gets a
    // case of its own per file: a finding missing from the report would let CI go green.
    // A case is a position: among `units`, or past them among `file_cases`. (Cases were copies
    // of the units, each with its list of findings: 23 MB for a cohort file of 190,000 logs.)
    let mut file_cases: Vec<Unit> = Vec::new();
    // The cases of each file, by where they start: a cohort file has a case per line, and a
    // search through all of them for every diagnostic would be quadratic.
    let start_of = |case: u32| units[case as usize].span().map_or(0, |s| s.start);
    let mut by_source = crate::render::by_source(units, |index, _| u32::try_from(index).ok());
    for indices in by_source.values_mut() {
        indices.sort_by_key(|&i| start_of(i));
    }
    // The cases of whole files named by a pair (each pair's rows of a CSV export), the first of
    // each name: a search through every case of a file for each finding was quadratic (a
    // cohort file of 190,000 records and 44,000 findings took 35 s).
    let mut whole_file_by_pair: HashMap<(SourceId, &str), usize> = HashMap::new();
    for (index, unit) in units.iter().enumerate() {
        if unit.span().is_none() {
            whole_file_by_pair
                .entry((unit.source, unit.name.as_str()))
                .or_insert(index);
        }
    }
    let mut rest: HashMap<SourceId, usize> = HashMap::new();
    // (case, diagnostic) for each diagnostic, then sorted: each case's findings together, in
    // the diagnostics' order.
    let mut owned: Vec<(usize, usize)> = Vec::with_capacity(diagnostics.len());
    for (at, diagnostic) in diagnostics.iter().enumerate() {
        let source = diagnostic.primary.span.source;
        let start = diagnostic.primary.span.start;
        // A finding about a pair belongs to that pair's case in its file: the rows of a CSV
        // export's pair need not be together, so a place in the file cannot tell.
        let by_pair = diagnostic
            .subject
            .pair
            .as_deref()
            .and_then(|pair| whole_file_by_pair.get(&(source, pair)).copied());
        let owner = by_pair.or_else(|| {
            by_source.get(&source).and_then(|indices| {
                // Records do not overlap: only the last one starting at or before the diagnostic
                // can hold it; otherwise a case for the whole file (which sorts first).
                let after = indices.partition_point(|&i| start_of(i) <= start);
                let last = after.checked_sub(1).map(|k| indices[k]);
                last.into_iter()
                    .chain(indices.first().copied())
                    .map(|i| i as usize)
                    .find(|&i| units[i].owns(diagnostic))
            })
        });
        let case = match owner.or_else(|| rest.get(&source).copied()) {
            Some(case) => case,
            None => {
                let case = units.len() + file_cases.len();
                rest.insert(source, case);
                file_cases.push(Unit::file(sources.name(source), source));
                case
            }
        };
        owned.push((case, at));
    }
    owned.sort_unstable();
    let case_unit = |case: usize| {
        units
            .get(case)
            .or_else(|| file_cases.get(case - units.len()))
    };
    let owned_by = |case: usize| -> Vec<&Diagnostic> {
        let first = owned.partition_point(|&(c, _)| c < case);
        let end = owned.partition_point(|&(c, _)| c <= case);
        owned[first..end]
            .iter()
            .map(|&(_, at)| &diagnostics[at])
            .collect()
    };
    // File, then place: the same run gives the same document whatever the order of its inputs.
    // (Positions as `u32`: a cohort file's 190,000 cases are listed at the end of a run, when
    // its memory peaks.)
    let case_count = u32::try_from(units.len() + file_cases.len()).unwrap_or(u32::MAX);
    let mut cases: Vec<u32> = (0..case_count).collect();
    // (Unstable, with the position last among the keys: the same order as a stable sort,
    // without its buffer of half the cases.)
    cases.sort_unstable_by(|&a, &b| {
        fn key<'u>(
            sources: &'u Sources,
            case: Option<&'u Unit>,
        ) -> (&'u str, Option<u32>, &'u str) {
            case.map_or(("", None, ""), |case| {
                (
                    sources.name(case.source),
                    case.span().map(|s| s.start),
                    case.name.as_str(),
                )
            })
        }
        key(sources, case_unit(a as usize))
            .cmp(&key(sources, case_unit(b as usize)))
            .then(a.cmp(&b))
    });
    let mut failures = 0;
    let mut previous = None;
    for &(case, at) in &owned {
        if previous != Some(case) && is_failure(&diagnostics[at]) {
            failures += 1;
            previous = Some(case);
        }
    }
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    writeln!(
        out,
        "<testsuites name=\"mentor\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\">",
        n = cases.len()
    )?;
    writeln!(
        out,
        "  <testsuite name=\"mentor\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        n = cases.len()
    )?;
    for index in cases.iter().map(|&case| case as usize) {
        let Some(case) = case_unit(index) else {
            continue;
        };
        let owned = owned_by(index);
        // One line each: a line break in a file name could otherwise start a line of the
        // report with `::`, which a CI log reads as a workflow command.
        let file = visible_line(sources.name(case.source));
        write!(
            out,
            "    <testcase classname=\"{classname}\" name=\"{name}\" file=\"{classname}\"",
            classname = attribute(&file),
            name = attribute(&case.name),
        )?;
        if owned.is_empty() {
            out.write_all(b"/>\n")?;
            continue;
        }
        out.write_all(b">\n")?;
        let lines = |list: &[&Diagnostic]| {
            list.iter()
                .map(|d| {
                    let at = sources.line_column(d.primary.span);
                    let waiver = d
                        .waived
                        .as_ref()
                        .map(|w| format!(" ({})", waiver_note(w)))
                        .unwrap_or_default();
                    format!(
                        "{file}:{}:{}: {}[{}] {}{}",
                        at.line,
                        at.column,
                        d.shown_severity(),
                        d.rule.code,
                        visible_line(&d.message),
                        visible_line(&waiver)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (failing, other): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            owned.iter().partition(|d| is_failure(d));
        if let Some(first) = failing.first() {
            writeln!(
                out,
                "      <failure type=\"{code}\" message=\"{message}\">{body}</failure>",
                code = first.rule.code,
                message = attribute(&format!(
                    "{} problem(s); first: {}",
                    failing.len(),
                    first.message
                )),
                body = text(&lines(&failing)),
            )?;
        }
        if !other.is_empty() {
            writeln!(
                out,
                "      <system-out>{}</system-out>",
                text(&lines(&other))
            )?;
        }
        out.write_all(b"    </testcase>\n")?;
    }
    out.write_all(b"  </testsuite>\n</testsuites>\n")?;
    Ok(())
}

/// Text XML 1.0 can hold: control characters other than tab and line breaks, and the
/// noncharacters U+FFFE and U+FFFF (which a file name or a pair id from a log may contain), are
/// shown escaped (`visible`: `\u{1b}`), then `&`, `<`, `>` and quotes are escaped.
fn text(s: &str) -> String {
    escape(visible(s).as_ref()).into_owned()
}

/// [`text`] for an attribute value, on one line (line breaks shown escaped, as in names
/// everywhere); a tab is written as a reference so a reader keeps it.
fn attribute(s: &str) -> String {
    text(&visible_line(s)).replace('\t', "&#9;")
}
