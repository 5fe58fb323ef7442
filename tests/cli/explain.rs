//! `mentor explain CODE` and `mentor rules`.

use serde_json::Value;

use crate::support::{crate_root, run_in};

/// Every rule as `mentor rules --format json` lists it.
fn listed_rules() -> Vec<Value> {
    let output = run_in(crate_root(), &["rules", "--format", "json"]);
    assert_eq!(output.status, 0);
    let json = output.json();
    let rules = json.as_array().expect("a JSON array of rules").clone();
    assert!(rules.len() > 20, "{} rules", rules.len());
    rules
}

#[test]
fn every_code_has_a_page_with_an_example() {
    for rule in listed_rules() {
        let code = rule["code"].as_str().expect("a code");
        let name = rule["name"].as_str().expect("a name");
        let summary = rule["summary"].as_str().expect("a summary");
        let output = run_in(crate_root(), &["explain", code]);
        assert_eq!(output.status, 0, "explain {code}: {output:#?}");
        assert_eq!(output.stderr, "");
        let page = &output.stdout;
        assert!(
            page.starts_with(&format!("{code} {name} ")),
            "explain {code}:\n{page}"
        );
        assert!(page.contains(summary), "explain {code} gives the summary");
        assert!(
            page.matches("```").count() >= 2,
            "explain {code} has an example:\n{page}"
        );
        assert!(
            page.lines().count() >= 6,
            "explain {code} is a page, not a line:\n{page}"
        );
    }
}

#[test]
fn explain_accepts_a_lowercase_code_or_a_name() {
    let by_code = run_in(crate_root(), &["explain", "P004"]);
    for other in ["p004", "phase-overlap"] {
        let output = run_in(crate_root(), &["explain", other]);
        assert_eq!(output.status, 0);
        assert_eq!(output.stdout, by_code.stdout, "explain {other}");
    }
}

#[test]
fn an_unknown_code_exits_2_with_a_suggestion() {
    let output = run_in(crate_root(), &["explain", "P0044"]);
    assert_eq!(output.status, 2, "{output:#?}");
    assert_eq!(output.stdout, "");
    assert!(
        output.stderr.contains("unknown rule `P0044`"),
        "{}",
        output.stderr
    );
    assert!(
        output.stderr.contains("did you mean `P004`?"),
        "{}",
        output.stderr
    );

    let output = run_in(crate_root(), &["explain", "phase-overlapp"]);
    assert_eq!(output.status, 2);
    assert!(
        output.stderr.contains("did you mean `phase-overlap`?"),
        "{}",
        output.stderr
    );

    let output = run_in(crate_root(), &["explain", "zzzz"]);
    assert_eq!(output.status, 2);
    assert!(output.stderr.contains("mentor rules"), "{}", output.stderr);
}

#[test]
fn rules_lists_every_code_once_in_order() {
    let codes: Vec<String> = listed_rules()
        .iter()
        .map(|r| r["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    let catalogue: Vec<String> = mentor::rules::all().map(|r| r.code.to_owned()).collect();
    assert_eq!(codes, catalogue);
    let text = run_in(crate_root(), &["rules"]);
    assert_eq!(text.status, 0);
    for code in &codes {
        assert_eq!(
            text.stdout
                .lines()
                .filter(|l| l.starts_with(code.as_str()))
                .count(),
            1,
            "{code} in `mentor rules`"
        );
    }
}
