//! Imports resolved relative to the importing file: shared libraries, and the problems P016–P018
//! (written to a scratch directory, so each test builds exactly the files it needs).

use crate::support::Scratch;

/// A program importing `import`, using a lens that the library declares (so a clean check
/// proves the library was read and merged).
pub(crate) fn program_importing(import: &str) -> String {
    format!(
        r#"import "{import}"

program demo "Demo program" {{
    length 4 sessions within 8 weeks
    competency judgment "Leadership judgment"
    phase framing "Framing" sessions 1..2 {{
        lenses none
    }}
    phase practice "Practice" sessions 3..4 {{
        lenses exactly 1 of decision-review
    }}
    milestone first-review "A decision reviewed" {{
        competency judgment
        due by session 4
        evidence lens decision-review
    }}
}}
"#
    )
}

const LENS_LIBRARY: &str = r#"library lenses "Shared lenses" {
    lens decision-review "Decision Review" {
        section "Decision I made" {
            field chose "What I chose"
        }
    }
    lens unused-review "Never used by the program" {
        section "Anything" {
            field what "What happened"
        }
    }
}
"#;

#[test]
fn a_library_is_imported_relative_to_the_importing_file() {
    let scratch = Scratch::new();
    scratch.write(
        "programs/demo.mentor",
        program_importing("lib/lenses.mentor"),
    );
    scratch.write("programs/lib/lenses.mentor", LENS_LIBRARY);
    // Run from the scratch root: the import is still found next to the program.
    let (output, diagnostics) = scratch.check_json(&["programs/demo.mentor"]);
    assert_eq!(
        diagnostics,
        vec![],
        "imported lenses resolve; unused imported lenses are fine"
    );
    assert_eq!(output.status, 0);
    // A library checked on its own is clean too.
    let (output, diagnostics) = scratch.check_json(&["programs/lib/lenses.mentor"]);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(output.status, 0);
}

#[test]
fn a_missing_import_is_p016_at_the_import() {
    let scratch = Scratch::new();
    scratch.write("demo.mentor", program_importing("lib/lenses.mentor"));
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(output.status, 1, "{output:#?}");
    let codes: Vec<(&str, u64, u64)> = diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line, d.column))
        .collect();
    // The lens the library would have declared is then unknown: that is reported too.
    assert_eq!(codes[0], ("P016", 1, 8), "{diagnostics:#?}");
    assert!(diagnostics[0].message.contains("lib/lenses.mentor"));
}

#[test]
fn an_import_cycle_is_p017() {
    let scratch = Scratch::new();
    scratch.write("demo.mentor", program_importing("a.mentor"));
    scratch.write("a.mentor", format!("import \"b.mentor\"\n{LENS_LIBRARY}"));
    scratch.write(
        "b.mentor",
        "import \"a.mentor\"\nlibrary b \"B\" {\n    outcome tested \"Tested\"\n}\n",
    );
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(output.status, 1, "{output:#?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let cycle = &diagnostics[0];
    assert_eq!(cycle.code, "P017");
    assert_eq!((cycle.file.as_str(), cycle.line), ("b.mentor", 1));
    assert_eq!(
        cycle.message,
        "import cycle: a.mentor → b.mentor → a.mentor"
    );

    // Checking the whole directory loads the libraries once per file that reaches them; each
    // problem is still reported once.
    let (_, diagnostics) = scratch.check_json(&["."]);
    let mut places: Vec<(String, u64, String)> = diagnostics
        .iter()
        .map(|d| (d.file.clone(), d.line, d.message.clone()))
        .collect();
    let all = places.len();
    places.sort();
    places.dedup();
    assert_eq!(places.len(), all, "{diagnostics:#?}");
}

#[test]
fn a_library_importing_itself_is_p017() {
    let scratch = Scratch::new();
    scratch.write("demo.mentor", program_importing("lenses.mentor"));
    scratch.write(
        "lenses.mentor",
        format!("import \"lenses.mentor\"\n{LENS_LIBRARY}"),
    );
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(output.status, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, "P017");
}

#[test]
fn a_diamond_is_not_a_cycle() {
    // demo imports a and b; both import shared: shared is read once, nothing is a duplicate.
    let scratch = Scratch::new();
    scratch.write(
        "demo.mentor",
        program_importing("a.mentor").replacen(
            "import \"a.mentor\"",
            "import \"a.mentor\"\nimport \"b.mentor\"",
            1,
        ),
    );
    scratch.write(
        "a.mentor",
        "import \"shared.mentor\"\nlibrary a \"A\" {\n}\n",
    );
    scratch.write(
        "b.mentor",
        "import \"shared.mentor\"\nlibrary b \"B\" {\n}\n",
    );
    scratch.write("shared.mentor", LENS_LIBRARY);
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(output.status, 0);
}

#[test]
fn importing_a_program_is_p018() {
    let scratch = Scratch::new();
    scratch.write("demo.mentor", program_importing("other.mentor"));
    scratch.write(
        "other.mentor",
        "program other \"Other\" {\n    phase only \"Only\" sessions 1..1 {\n        lenses none\n    }\n}\n",
    );
    let (output, diagnostics) = scratch.check_json(&["demo.mentor"]);
    assert_eq!(output.status, 1, "{output:#?}");
    let first = &diagnostics[0];
    assert_eq!(
        (first.code.as_str(), first.file.as_str(), first.line),
        ("P018", "demo.mentor", 1)
    );
    let json = output.json();
    let labels = json["diagnostics"][0]["labels"]
        .as_array()
        .expect("labels")
        .clone();
    assert_eq!(
        labels[1]["file"], "other.mentor",
        "a second label at the imported program"
    );
    assert_eq!(labels[1]["line"], 1);
}
