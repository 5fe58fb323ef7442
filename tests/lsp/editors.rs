//! `editors/vscode/`: the TextMate grammar knows every keyword of `grammar/mentor.pest`, and the
//! extension's JSON files are valid.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::crate_root;

fn json(relative: &str) -> Value {
    let text = std::fs::read_to_string(crate_root().join(relative))
        .unwrap_or_else(|e| panic!("read {relative}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{relative} is not JSON: {e}"))
}

/// Every `kw_* = @{ "word" ~ … }` of the pest grammar.
fn grammar_keywords() -> BTreeSet<String> {
    let grammar = std::fs::read_to_string(crate_root().join("grammar/mentor.pest"))
        .expect("read the grammar");
    grammar
        .lines()
        .filter(|line| line.starts_with("kw_"))
        .filter_map(|line| line.split('"').nth(1).map(str::to_owned))
        .collect()
}

#[test]
fn the_textmate_grammar_highlights_every_keyword() {
    let grammar = json("editors/vscode/syntaxes/mentor.tmLanguage.json");
    assert_eq!(grammar["scopeName"], "source.mentor");
    // The keyword patterns are alternations of plain words: `\b(?:a|b|c)\b`-like.
    let mut highlighted = BTreeSet::new();
    for pattern in grammar["repository"]["keywords"]["patterns"]
        .as_array()
        .expect("keyword patterns")
    {
        let regex = pattern["match"].as_str().expect("a match");
        let inner = regex
            .split_once("(?:")
            .and_then(|(_, rest)| rest.split_once(')'))
            .map(|(words, _)| words)
            .expect("an alternation");
        highlighted.extend(inner.split('|').map(|w| w.replace("\\-", "-")));
    }
    let keywords = grammar_keywords();
    assert!(keywords.len() > 60, "{keywords:?}");
    let missing: Vec<&String> = keywords.difference(&highlighted).collect();
    assert!(
        missing.is_empty(),
        "not highlighted (add them to editors/vscode/syntaxes/mentor.tmLanguage.json): {missing:?}"
    );
}

#[test]
fn the_extension_manifest_starts_mentor_lsp() {
    let manifest = json("editors/vscode/package.json");
    assert_eq!(manifest["contributes"]["languages"][0]["id"], "mentor");
    assert_eq!(
        manifest["contributes"]["grammars"][0]["path"],
        "./syntaxes/mentor.tmLanguage.json"
    );
    let configuration = json("editors/vscode/language-configuration.json");
    assert_eq!(configuration["comments"]["lineComment"], "//");
    let extension = std::fs::read_to_string(crate_root().join("editors/vscode/extension.js"))
        .expect("read extension.js");
    assert!(
        extension.contains("'lsp'"),
        "the extension runs `mentor lsp`"
    );
}
