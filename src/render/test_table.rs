//! `mentor test`'s results: a table with one row per case (PASS, FAIL with the first
//! difference, UPDATED with what changed, ERROR with why it could not run) and a summary line,
//! or the same as JSON. Rows come in the order given (the CLI sorts them by path). Nothing from
//! a log reaches a row but its path: findings are named by code, rule name and line.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::visible::visible_line;
use crate::expectations::{CaseResult, Change, Comparison, Difference, Finding, Verdict};
use crate::words;

/// The table, then `4 cases: 3 passed, 1 failed`.
/// `not_cases`: the logs a walk found without a directive, which were not run.
pub fn render_test_table(results: &[CaseResult], not_cases: usize) -> String {
    let rows: Vec<(&str, String, Option<String>)> = results
        .iter()
        .map(|result| {
            let (status, detail) = status_and_detail(&result.verdict);
            (status, visible_line(&result.case).into_owned(), detail)
        })
        .collect();
    // Details start in one column, after the longest path that has one.
    let width = rows
        .iter()
        .filter(|(_, _, detail)| detail.is_some())
        .map(|(_, case, _)| case.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (status, case, detail) in rows {
        match detail {
            Some(detail) => out.push_str(&format!(
                "{status:<7}  {case:<width$}  {}\n",
                visible_line(&detail)
            )),
            None => out.push_str(&format!("{status:<7}  {case}\n")),
        }
    }
    out.push_str(&summary_line(results, not_cases));
    out.push('\n');
    out
}

/// `{"cases": [...], "summary": {...}}`, one object per case with its result and, by result,
/// the first difference with every missing and unexpected finding, the changes made, or the
/// problem.
pub fn render_test_json(results: &[CaseResult], not_cases: usize) -> String {
    let cases: Vec<Value> = results
        .iter()
        .map(|result| {
            let mut case = json!({ "case": result.case });
            match &result.verdict {
                Verdict::Passed => case["result"] = json!("pass"),
                Verdict::Failed(comparison) => {
                    case["result"] = json!("fail");
                    case["difference"] = json!(first_difference(comparison));
                    case["missing"] = findings_json(&comparison.missing);
                    case["unexpected"] = findings_json(&comparison.unexpected);
                }
                Verdict::Updated(changes) => {
                    case["result"] = json!("updated");
                    case["changes"] = changes
                        .iter()
                        .map(|c| {
                            json!({
                                "change": if c.added { "added" } else { "removed" },
                                "code": c.rule.code,
                                "name": c.rule.name,
                                "line": c.line,
                            })
                        })
                        .collect();
                }
                Verdict::Error { problem, more } => {
                    case["result"] = json!("error");
                    case["error"] = json!(problem);
                    case["more_errors"] = json!(more);
                }
            }
            case
        })
        .collect();
    let counts = Counts::of(results);
    let document = json!({
        "cases": cases,
        "summary": {
            "cases": results.len(),
            "passed": counts.passed,
            "failed": counts.failed,
            "updated": counts.updated,
            "errors": counts.errors,
            "not_cases": not_cases,
        },
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

fn findings_json(findings: &[Finding]) -> Value {
    findings
        .iter()
        .map(|f| json!({ "code": f.rule.code, "name": f.rule.name, "line": f.line }))
        .collect()
}

fn status_and_detail(verdict: &Verdict) -> (&'static str, Option<String>) {
    match verdict {
        Verdict::Passed => ("PASS", None),
        Verdict::Failed(comparison) => ("FAIL", Some(first_difference(comparison))),
        Verdict::Updated(changes) => ("UPDATED", Some(changes_text(changes))),
        Verdict::Error { problem, more } => (
            "ERROR",
            Some(if *more == 0 {
                problem.clone()
            } else {
                format!(
                    "{problem} (and {})",
                    words::count(*more as u64, "more problem", "more problems")
                )
            }),
        ),
    }
}

/// `expected L014 gap-too-long at line 42, got L014 at line 41`, and how many differences
/// follow it.
fn first_difference(comparison: &Comparison) -> String {
    let Some(first) = comparison.first_difference() else {
        return String::new();
    };
    let named = |f: &Finding| format!("{} {} at line {}", f.rule.code, f.rule.name, f.line);
    let mut text = match first {
        Difference::Moved { expected, got } => format!(
            "expected {}, got {} at line {}",
            named(&expected),
            got.rule.code,
            got.line
        ),
        Difference::Missing(expected) => format!("expected {}, got nothing", named(&expected)),
        Difference::Unexpected(got) => format!("got {}, not expected", named(&got)),
    };
    let more = comparison.differences() - first.differences_named();
    if more > 0 {
        text.push_str(&format!(
            " (and {})",
            words::count(more as u64, "more difference", "more differences")
        ));
    }
    text
}

/// `+ gap-too-long at line 41, - gap-too-long at line 42`.
fn changes_text(changes: &[Change]) -> String {
    changes
        .iter()
        .map(|c| {
            let sign = if c.added { '+' } else { '-' };
            format!("{sign} {} at line {}", c.rule.name, c.line)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Default)]
struct Counts {
    passed: usize,
    failed: usize,
    updated: usize,
    errors: usize,
}

impl Counts {
    fn of(results: &[CaseResult]) -> Counts {
        let mut counts = Counts::default();
        for result in results {
            match result.verdict {
                Verdict::Passed => counts.passed += 1,
                Verdict::Failed(_) => counts.failed += 1,
                Verdict::Updated(_) => counts.updated += 1,
                Verdict::Error { .. } => counts.errors += 1,
            }
        }
        counts
    }
}

/// `4 cases: 3 passed, 1 failed`, then the updated cases and those that could not run, if any.
fn summary_line(results: &[CaseResult], not_cases: usize) -> String {
    let counts = Counts::of(results);
    let mut parts = vec![
        format!("{} passed", counts.passed),
        format!("{} failed", counts.failed),
    ];
    if counts.updated > 0 {
        parts.push(format!("{} updated", counts.updated));
    }
    if counts.errors > 0 {
        parts.push(format!("{} could not be run", counts.errors));
    }
    let mut line = format!(
        "{}: {}",
        words::count(results.len() as u64, "case", "cases"),
        parts.join(", ")
    );
    if not_cases > 0 {
        let _ = write!(
            line,
            " ({} without `# as-of:` or `# expect:` left out: not cases)",
            words::count(not_cases as u64, "log", "logs")
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expectations::compare;
    use crate::expectations::test_finding as finding;
    use crate::rules;

    fn result(case: &str, verdict: Verdict) -> CaseResult {
        CaseResult {
            case: case.to_owned(),
            verdict,
        }
    }

    #[test]
    fn the_table_names_the_first_difference_of_each_failing_case() {
        let results = [
            result("tests/clean.toml", Verdict::Passed),
            result(
                "tests/gap.toml",
                Verdict::Failed(compare(&[finding("L014", 42)], &[finding("L014", 41)])),
            ),
            result(
                "tests/lens.toml",
                Verdict::Failed(compare(&[finding("L019", 23)], &[])),
            ),
            result(
                "tests/x.toml",
                Verdict::Failed(compare(
                    &[],
                    &[
                        finding("L022", 12),
                        finding("L024", 13),
                        finding("L023", 30),
                    ],
                )),
            ),
        ];
        assert_eq!(
            render_test_table(&results, 0),
            concat!(
                "PASS     tests/clean.toml\n",
                "FAIL     tests/gap.toml   expected L014 gap-too-long at line 42, got L014 at line 41\n",
                "FAIL     tests/lens.toml  expected L019 lens-not-allowed at line 23, got nothing\n",
                "FAIL     tests/x.toml     got L022 lens-field-unanswered at line 12, not expected (and 2 more differences)\n",
                "4 cases: 1 passed, 3 failed\n",
            )
        );
    }

    #[test]
    fn updates_errors_and_hostile_names_are_shown_on_one_line() {
        let results = [
            result(
                "a\u{1b}[31m\n.toml",
                Verdict::Updated(vec![
                    Change {
                        added: true,
                        rule: rules::find("L014").expect("a rule"),
                        line: 41,
                    },
                    Change {
                        added: false,
                        rule: rules::find("L014").expect("a rule"),
                        line: 42,
                    },
                ]),
            ),
            result(
                "b.toml",
                Verdict::Error {
                    problem: "line 3, column 11: unknown rule `gap-to-long` in `# expect:`"
                        .to_owned(),
                    more: 1,
                },
            ),
        ];
        assert_eq!(
            render_test_table(&results, 0),
            concat!(
                "UPDATED  a\\u{1b}[31m\\u{a}.toml  + gap-too-long at line 41, - gap-too-long at line 42\n",
                "ERROR    b.toml                 line 3, column 11: unknown rule `gap-to-long` in `# expect:` (and 1 more problem)\n",
                "2 cases: 0 passed, 0 failed, 1 updated, 1 could not be run\n",
            )
        );
    }

    #[test]
    fn json_lists_every_difference() {
        let results = [result(
            "tests/gap.toml",
            Verdict::Failed(compare(&[finding("L014", 42)], &[finding("L014", 41)])),
        )];
        let json: Value = serde_json::from_str(&render_test_json(&results, 0)).expect("JSON");
        assert_eq!(
            json,
            json!({
                "cases": [{
                    "case": "tests/gap.toml",
                    "result": "fail",
                    "difference": "expected L014 gap-too-long at line 42, got L014 at line 41",
                    "missing": [{ "code": "L014", "name": "gap-too-long", "line": 42 }],
                    "unexpected": [{ "code": "L014", "name": "gap-too-long", "line": 41 }],
                }],
                "summary": { "cases": 1, "passed": 0, "failed": 1, "updated": 0, "errors": 0, "not_cases": 0 },
            })
        );
    }
}
