//! `mentor lsp`: JSON-RPC over stdio to the real binary. Each test starts a server on a copy
//! of `programs/`, so `programs/lib/lenses.mentor` is found relative to the program, as in an
//! editor.

mod client;
mod editors;
mod hostile;
mod neovim;
mod robustness;
mod vsix;

use serde_json::{Value, json};

use crate::support::{REFERENCE_PROGRAM, Scratch, reference_text};
use client::{Client, apply_edits, position_of, uri};

/// A scratch copy of `programs/` and a server whose workspace is the scratch directory.
fn workspace() -> (Scratch, Client) {
    let scratch = Scratch::new();
    scratch.copy_programs();
    let client = Client::start(scratch.path());
    (scratch, client)
}

fn program_uri(scratch: &Scratch) -> String {
    uri(&scratch.path().join(REFERENCE_PROGRAM))
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn a_clean_program_gets_no_diagnostics() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    client.open(&uri, "mentor", &reference_text());
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_misspelled_lens_reference_is_reported_on_its_line_as_check_reports_it() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    let text = reference_text();
    client.open(&uri, "mentor", &text);
    assert_eq!(client.diagnostics(&uri, 1), Vec::<Value>::new());

    // Typed, not saved: the server checks the editor's text.
    let typo = text.replacen(
        "exactly 1 of decision-review",
        "exactly 1 of decision-reveiw",
        1,
    );
    client.change(&uri, 2, &typo);
    let diagnostics = client.diagnostics(&uri, 2);
    let p002: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "P002").collect();
    assert_eq!(p002.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        p002[0]["range"]["start"],
        position_of(&typo, "decision-reveiw", 0)
    );
    assert_eq!(
        p002[0]["range"]["end"],
        position_of(&typo, "decision-reveiw", 15)
    );
    assert_eq!(p002[0]["severity"], 1);
    assert_eq!(p002[0]["source"], "mentor");

    // The same codes, messages and lines as `mentor check`.
    scratch.write("programs/typo.mentor", &typo);
    let (_, expected) = scratch.check_json(&["programs/typo.mentor"]);
    let got: Vec<(String, String, u64)> = diagnostics
        .iter()
        .map(|d| {
            let message = d["message"].as_str().unwrap_or("");
            let message = message.split("\nhelp: ").next().unwrap_or("");
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                message.to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0) + 1,
            )
        })
        .collect();
    let expected: Vec<(String, String, u64)> = expected
        .into_iter()
        .map(|d| (d.code, d.message, d.line))
        .collect();
    assert_eq!(got, expected);
    let help = all_messages(&diagnostics);
    assert!(help.contains("did you mean `decision-review`?"), "{help}");

    // Fixing it clears the diagnostic.
    client.change(&uri, 3, &text);
    assert_eq!(client.diagnostics(&uri, 3), Vec::<Value>::new());
    assert_eq!(client.shutdown(), 0);
}

fn all_messages(diagnostics: &[Value]) -> String {
    diagnostics
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn definition_of_a_lens_reference_is_the_lens_in_the_library() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    let text = reference_text();
    client.open(&uri, "mentor", &text);
    let library_path = scratch.path().join("programs/lib/lenses.mentor");
    let library = std::fs::read_to_string(&library_path).expect("read the library");
    let declaration = json!({
        "start": position_of(&library, "decision-review \"Decision Review\"", 0),
        "end": position_of(&library, "decision-review \"Decision Review\"", 15),
    });
    for reference in [
        "exactly 1 of decision-review",
        "evidence lens decision-review",
    ] {
        let skip = reference.len() - 3; // Inside the id.
        let result = client.request(
            "textDocument/definition",
            json!({
                "textDocument": { "uri": uri },
                "position": position_of(&text, reference, skip),
            }),
        );
        assert_eq!(result["uri"], client::uri(&library_path), "{result}");
        assert_eq!(result["range"], declaration, "{reference}");
    }
    // A competency reference goes to the program's own declaration.
    let result = client.request(
        "textDocument/definition",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "competency influence\n", 12),
        }),
    );
    assert_eq!(result["uri"], uri);
    assert_eq!(
        result["range"]["start"],
        position_of(&text, "influence \"Influence without authority\"", 0)
    );
    // The import path opens the library.
    let result = client.request(
        "textDocument/definition",
        json!({
            "textDocument": { "uri": uri },
            "position": position_of(&text, "lib/lenses.mentor\"\n", 2),
        }),
    );
    assert_eq!(result["uri"], client::uri(&library_path));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_shows_what_an_id_names() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    let text = reference_text();
    client.open(&uri, "mentor", &text);
    let mut hover = |needle: &str, skip: usize| {
        let result = client.request(
            "textDocument/hover",
            json!({
                "textDocument": { "uri": uri },
                "position": position_of(&text, needle, skip),
            }),
        );
        result["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let lens = hover("evidence lens decision-review", 20);
    assert!(lens.contains("Decision Review"), "{lens}");
    assert!(
        lens.contains("`trade-off`: What trade-off I accepted"),
        "{lens}"
    );
    let phase = hover("phase judgment", 8);
    assert!(
        phase.contains("Judgment Building") && phase.contains("sessions 3..5"),
        "{phase}"
    );
    assert!(
        phase.contains("exactly 1 of `decision-review`, `influence-review`"),
        "{phase}"
    );
    let milestone = hover("milestone first-decision-review", 12);
    assert!(
        milestone.contains("by session 4")
            && milestone.contains("Leadership judgment under ambiguity")
            && milestone.contains("lens `decision-review` (Decision Review)"),
        "{milestone}"
    );
    let competency = hover("competency influence\n", 13);
    assert!(
        competency.contains("Influence without authority"),
        "{competency}"
    );
    let outcome = hover("outcome borrowed", 10);
    assert!(outcome.contains("A borrowed decision"), "{outcome}");
    let keyword = hover("    cadence every", 5);
    assert!(keyword.contains("how often pairs meet"), "{keyword}");
    assert_eq!(hover("\"Establish context\"", 3), "");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn completion_offers_the_ids_in_scope() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    let text = reference_text().replacen(
        "lenses exactly 1 of decision-review, influence-review",
        "lenses exactly 1 of ",
        1,
    );
    client.open(&uri, "mentor", &text);
    let mut complete = |needle: &str, skip: usize| -> Vec<String> {
        let result = client.request(
            "textDocument/completion",
            json!({
                "textDocument": { "uri": uri },
                "position": position_of(&text, needle, skip),
            }),
        );
        result
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .map(|i| i["label"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let lenses = complete("lenses exactly 1 of ", 20);
    assert_eq!(
        lenses,
        [
            "decision-review",
            "influence-review",
            "observation",
            "assignment",
            "debrief",
            "progress-review"
        ]
    );
    let competencies = complete("competency judgment\n", 11);
    assert_eq!(competencies, ["judgment", "influence"]);
    // At the start of an item in a phase: the phase's keywords.
    let keywords = complete("        new-problems", 8);
    assert!(
        keywords.contains(&"progression".to_owned()) && !keywords.contains(&"milestone".to_owned()),
        "{keywords:?}"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn formatting_returns_edits_that_produce_the_formatted_text() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    let text = reference_text();
    let messy: String = text
        .lines()
        .map(|line| format!("{}\n", line.trim_start().replace("  ", " ")))
        .collect();
    assert_ne!(messy, text);
    client.open(&uri, "mentor", &messy);
    let options = json!({ "tabSize": 4, "insertSpaces": true });
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": options }),
    );
    let edits = edits.as_array().cloned().unwrap_or_default();
    assert_eq!(apply_edits(&messy, &edits), text);

    // Formatted text needs no edit; a file that does not parse gets none.
    client.change(&uri, 2, &text);
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": options }),
    );
    assert_eq!(edits, json!([]));
    client.change(&uri, 3, &messy.replacen("length", "lenght", 1));
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": options }),
    );
    assert_eq!(edits, json!([]));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn document_symbols_outline_the_program() {
    let (scratch, mut client) = workspace();
    let uri = program_uri(&scratch);
    client.open(&uri, "mentor", &reference_text());
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(symbols[0]["name"], "senior-ic");
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .map(|c| c.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        children,
        [
            "assumption",
            "behavior",
            "answer",
            "borrowed",
            "judgment",
            "influence",
            "framing",
            "judgment",
            "first-decision-review",
            "influence-reflection"
        ]
    );
    let phases: Vec<&Value> = symbols[0]["children"]
        .as_array()
        .map(|c| c.iter().filter(|s| s["kind"] == 24).collect())
        .unwrap_or_default();
    assert_eq!(phases.len(), 2, "{symbols:#}");
    assert_eq!(phases[0]["detail"], "Framing & Trust");

    // A library's outline has its lenses, their sections and fields.
    let library_path = scratch.path().join("programs/lib/lenses.mentor");
    let library_uri = client::uri(&library_path);
    let library = std::fs::read_to_string(&library_path).expect("read the library");
    client.open(&library_uri, "mentor", &library);
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": library_uri } }),
    );
    let lens = &symbols[0]["children"][0];
    assert_eq!(lens["name"], "decision-review");
    assert_eq!(lens["children"][0]["name"], "Decision I made");
    assert_eq!(lens["children"][0]["children"][0]["name"], "chose");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn an_open_session_log_gets_validate_diagnostics() {
    let (scratch, mut client) = workspace();
    let log_path = scratch
        .path()
        .join("programs/logs/senior-ic-failing/misspelled-lens.toml");
    let uri = uri(&log_path);
    let text = std::fs::read_to_string(&log_path).expect("read the log");
    client.open(&uri, "toml", &text);
    let diagnostics = client.diagnostics(&uri, 1);
    let l008: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "L008").collect();
    assert_eq!(l008.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        l008[0]["range"]["start"],
        position_of(&text, "\"decision-reveiw\"", 0)
    );
    // A rule the program states in its text: the second label points there.
    let framing_path = scratch
        .path()
        .join("programs/logs/senior-ic-failing/lens-in-framing.toml");
    let framing_uri = client::uri(&framing_path);
    let framing = std::fs::read_to_string(&framing_path).expect("read the log");
    client.open(&framing_uri, "toml", &framing);
    let diagnostics = client.diagnostics(&framing_uri, 1);
    let l019 = diagnostics
        .iter()
        .find(|d| d["code"] == "L019")
        .unwrap_or_else(|| panic!("no L019 in {diagnostics:#?}"));
    let program = reference_text();
    assert_eq!(
        l019["relatedInformation"][0]["location"],
        json!({
            "uri": program_uri(&scratch),
            "range": {
                "start": position_of(&program, "lenses none", 0),
                "end": position_of(&program, "lenses none", 11),
            },
        })
    );
    assert_eq!(
        l019["relatedInformation"][0]["message"],
        "the phase's lens rule"
    );

    // The log follows the editor's text; a JSON file that is no log stays quiet.
    client.change(&uri, 2, &text.replace("decision-reveiw", "decision-review"));
    assert!(!codes(&client.diagnostics(&uri, 2)).contains(&"L008"));
    // A program that no `.mentor` file nearby declares: a note, with the likely id.
    client.change(
        &uri,
        3,
        &text.replacen("\"senior-ic\"", "\"senior-icc\"", 1),
    );
    let diagnostics = client.diagnostics(&uri, 3);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0]["severity"], 3);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `senior-ic`?")),
        "{diagnostics:#?}"
    );
    let other = scratch.write("package.json", "{\"name\": \"x\"}");
    let other_uri = client::uri(&other);
    client.open(&other_uri, "json", "{\"name\": \"x\"}");
    let result = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": other_uri }, "position": { "line": 0, "character": 1 } }),
    );
    assert_eq!(result, Value::Null);
    assert!(
        !client.pending_contains(|m| m["params"]["uri"] == other_uri.as_str()),
        "a JSON file that is not a log got diagnostics"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn positions_are_utf16_unless_the_client_offers_utf8() {
    let line = "        note \"Ünïcode 𝄞\" lenses exactly 1 of decision-reveiw\n";
    let text = reference_text().replacen(
        "        lenses exactly 1 of decision-review, influence-review\n",
        line,
        1,
    );
    for (capabilities, encoding) in [
        (json!({}), "utf-16"),
        (
            json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
            "utf-8",
        ),
    ] {
        let scratch = Scratch::new();
        scratch.copy_programs();
        let mut client = Client::spawn(scratch.path());
        let result = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        assert_eq!(result["capabilities"]["positionEncoding"], encoding);
        client.notify("initialized", json!({}));
        let uri = program_uri(&scratch);
        client.open(&uri, "mentor", &text);
        let diagnostics = client.diagnostics(&uri, 1);
        let p002 = diagnostics
            .iter()
            .find(|d| d["code"] == "P002")
            .expect("a P002 diagnostic");
        let before = &line[..line.find("decision-reveiw").unwrap_or(0)];
        let column = match encoding {
            "utf-8" => before.len(),
            _ => before.encode_utf16().count(),
        };
        assert_eq!(p002["range"]["start"]["character"], column, "{encoding}");
        assert_eq!(client.shutdown(), 0);
    }
}

#[test]
fn definition_of_replaces_and_drop_is_the_program_milestone() {
    let (scratch, mut client) = workspace();
    let path = scratch.path().join("programs/leadership-tracks.mentor");
    let uri = uri(&path);
    let text = std::fs::read_to_string(&path).expect("read the program");
    client.open(&uri, "mentor", &text);
    for reference in [
        "replaces strategic-recommendation",
        "drop milestone stakeholder-map",
    ] {
        let id = reference.rsplit(' ').next().unwrap_or("");
        let result = client.request(
            "textDocument/definition",
            json!({
                "textDocument": { "uri": uri },
                "position": position_of(&text, reference, reference.len() - 1),
            }),
        );
        assert_eq!(result["uri"], uri);
        assert_eq!(
            result["range"]["start"],
            position_of(&text, &format!("milestone {id} \""), 10),
            "{reference}"
        );
    }
    assert_eq!(client.shutdown(), 0);
}

/// Issue 20: a criterion's attribute leads to its declaration, and hover says what it is.
#[test]
fn definition_and_hover_of_a_matching_attribute() {
    let (scratch, mut client) = workspace();
    let path = scratch.path().join("programs/leadership-tracks.mentor");
    let uri = uri(&path);
    let text = std::fs::read_to_string(&path).expect("read the program");
    client.open(&uri, "mentor", &text);
    let at = json!({
        "textDocument": { "uri": uri },
        "position": position_of(&text, "require shared languages", "require shared ".len() + 2),
    });
    let definition = client.request("textDocument/definition", at.clone());
    assert_eq!(definition["uri"], uri);
    assert_eq!(
        definition["range"]["start"],
        position_of(&text, "attribute languages ", "attribute ".len()),
    );
    let hover = client.request("textDocument/hover", at);
    let value = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(
        value.starts_with("**Working languages**\n\nattribute `languages` of the `matching` block, `any of english,"),
        "{value}"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_problem_in_an_imported_library_is_shown_at_the_import() {
    let (scratch, mut client) = workspace();
    let library = scratch.path().join("programs/lib/lenses.mentor");
    let broken = std::fs::read_to_string(&library)
        .expect("read the library")
        .replacen("field chose", "feild chose", 1);
    std::fs::write(&library, broken).expect("write the library");
    let uri = program_uri(&scratch);
    let text = reference_text();
    client.open(&uri, "mentor", &text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(!diagnostics.is_empty());
    for diagnostic in &diagnostics {
        assert_eq!(
            diagnostic["range"]["start"],
            position_of(&text, "\"lib/lenses.mentor\"", 0)
        );
        let message = diagnostic["message"].as_str().unwrap_or("");
        assert!(message.contains("lenses.mentor`: "), "{message}");
        assert!(
            diagnostic["relatedInformation"][0]["location"]["uri"]
                .as_str()
                .is_some_and(|u| u.ends_with("/programs/lib/lenses.mentor")),
            "{diagnostic:#}"
        );
    }
    assert!(codes(&diagnostics).iter().any(|c| c.starts_with('S')));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_finding_the_cohorts_exceptions_waive_is_not_shown_in_the_editor() {
    let (scratch, mut client) = workspace();
    let log_path = scratch
        .path()
        .join("programs/logs/senior-ic-failing/misspelled-lens.toml");
    let uri = uri(&log_path);
    let text = std::fs::read_to_string(&log_path).expect("read the log");
    client.open(&uri, "toml", &text);
    assert!(codes(&client.diagnostics(&uri, 1)).contains(&"L008"));

    // As `mentor validate` would find it: `mentor-exceptions.toml` in a parent directory.
    let waiver = "[[waive]]\npair = \"pair-042\"\nrule = \"unknown-lens\"\n\
                  reason = \"the platform exports the old lens id\"\n\
                  approved-by = \"program-lead\"\napproved = 2025-03-01\n";
    scratch.write("programs/logs/mentor-exceptions.toml", waiver);
    client.change(&uri, 2, &text);
    let waived = client.diagnostics(&uri, 2);
    assert!(!codes(&waived).contains(&"L008"), "{waived:#?}");
    // A waiver for another pair changes nothing.
    scratch.write(
        "programs/logs/mentor-exceptions.toml",
        waiver.replace("pair-042", "pair-043"),
    );
    client.change(&uri, 3, &text);
    assert!(codes(&client.diagnostics(&uri, 3)).contains(&"L008"));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn the_editor_applies_the_exceptions_file_mentor_toml_names() {
    let (scratch, mut client) = workspace();
    let log_path = scratch
        .path()
        .join("programs/logs/senior-ic-failing/misspelled-lens.toml");
    let uri = uri(&log_path);
    let text = std::fs::read_to_string(&log_path).expect("read the log");
    scratch.write(
        "ops/approved.toml",
        "[[waive]]\npair = \"pair-042\"\nrule = \"L008\"\nreason = \"old export\"\n\
         approved-by = \"program-lead\"\napproved = 2025-03-01\n",
    );
    // A `mentor-exceptions.toml` nearer the log is not the cohort's file when the
    // configuration names another.
    scratch.write("programs/logs/mentor-exceptions.toml", "");
    scratch.write("mentor.toml", "exceptions = \"ops/approved.toml\"\n");
    client.open(&uri, "toml", &text);
    let diagnostics = client.diagnostics(&uri, 1);
    assert!(!codes(&diagnostics).contains(&"L008"), "{diagnostics:#?}");
    assert_eq!(client.shutdown(), 0);
}

/// A YAML log open in the editor gets `mentor validate`'s diagnostics at its own positions.
#[test]
fn an_open_yaml_log_gets_validate_diagnostics() {
    let (scratch, mut client) = workspace();
    let text = std::fs::read_to_string(
        crate::support::crate_root().join("tests/fixtures/yaml/misspelled-lens.yaml"),
    )
    .expect("read the YAML fixture");
    let path = scratch.write("programs/logs/pair-042.yaml", &text);
    let uri = uri(&path);
    client.open(&uri, "yaml", &text);
    let diagnostics = client.diagnostics(&uri, 1);
    let l008: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "L008").collect();
    assert_eq!(l008.len(), 1, "{diagnostics:#?}");
    assert_eq!(
        l008[0]["range"]["start"],
        position_of(&text, "decision-reveiw", 0)
    );
    assert_eq!(client.shutdown(), 0);
}
