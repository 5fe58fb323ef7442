//! The parser, the resolver and the program checks never panic, whatever the text: arbitrary
//! strings, and the reference program with bytes and lines deleted, inserted or duplicated.
//! Rendering the diagnostics in every format must not panic either (spans stay in bounds).

use std::path::Path;
use std::sync::OnceLock;

use mentor::check::{check_model, check_program_source};
use mentor::diagnostic::Diagnostics;
use mentor::render::{Summary, render_human, render_json, render_short};
use mentor::resolve::{Loaded, resolve_source};
use mentor::rules;
use mentor::source::Sources;
use proptest::prelude::*;
use tempfile::TempDir;

use crate::support::reference_text;

/// Parses, resolves and checks `text` the way `mentor check` does, then renders the result.
fn check_text(text: &str, base_dir: &Path) {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let id = sources.add("input.mentor", text);
    // The parser on its own first: it is the public entry point other tools use.
    let mut parse_diagnostics = Diagnostics::new();
    let _ = mentor::syntax::parse(id, text, &mut parse_diagnostics);
    if let Loaded::Program(program) =
        resolve_source(id, base_dir, None, &mut sources, &mut diagnostics)
    {
        // Like the CLI, but also with references marked resolved: the checks must not panic
        // on a model built from broken text either way.
        let resolved = !diagnostics
            .iter()
            .any(|d| d.rule == &rules::UNKNOWN_REFERENCE || d.rule == &rules::DUPLICATE_ID);
        check_model(&program, resolved, &mut diagnostics);
        check_model(&program, true, &mut Diagnostics::new());
    }
    diagnostics.sort(&sources);
    let diagnostics = diagnostics.into_vec();
    for d in &diagnostics {
        let span = d.primary.span;
        let file_len = sources.text(span.source).len();
        assert!(
            span.start <= span.end && span.end as usize <= file_len,
            "{} label {:?} outside its file of {file_len} bytes",
            d.rule.code,
            span.range()
        );
    }
    let summary = Summary::count(1, &diagnostics);
    let _ = render_human(&diagnostics, &sources, false);
    let _ = render_short(&diagnostics, &sources);
    let _ = render_json(&diagnostics, &sources, &summary);
}

/// Keywords, ids, numbers, strings and punctuation of the language, so generated text gets past
/// the first token and exercises the item parsers and the checks.
fn token() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "program",
        "library",
        "import",
        "phase",
        "lens",
        "section",
        "field",
        "optional",
        "milestone",
        "replaces",
        "track",
        "drop",
        "due by",
        "session",
        "sessions",
        "week",
        "date",
        "lenses",
        "none",
        "any",
        "exactly",
        "of",
        "at least",
        "at most",
        "cadence",
        "every",
        "gap",
        "weeks",
        "days",
        "minutes",
        "length",
        "within",
        "competency",
        "outcome",
        "failed",
        "severity",
        "error",
        "off",
        "review",
        "agreement",
        "before",
        "commitment",
        "hours",
        "per",
        "month",
        "progression",
        "new-problems",
        "forbidden",
        "evidence",
        "goal",
        "doc",
        "mentorship",
        "is",
        "is-not",
        "..",
        "{",
        "}",
        ",",
        "\"",
        "\"T\"",
        "// c",
        "\n",
        " ",
        "0",
        "1",
        "2",
        "5",
        "99",
        "4294967296",
        "2025-02-30",
        "2025-06-30",
        "a",
        "decision-review",
        "judgment",
        "-",
    ];
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(|w| format!("{w} ")),
        1 => "[a-z0-9\"{}.\n -]{1,4}",
    ]
}

/// One edit to the reference program.
#[derive(Debug, Clone)]
enum Edit {
    DeleteByte(usize),
    InsertByte(usize, u8),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let bytes = prop_oneof![
        Just(b'{'),
        Just(b'}'),
        Just(b'"'),
        Just(b'.'),
        Just(b'\n'),
        Just(b'0'),
        Just(b'9'),
        Just(b'-'),
        Just(b','),
        Just(b'/'),
        Just(b'\\'),
        any::<u8>().prop_filter("ASCII", u8::is_ascii),
    ];
    prop_oneof![
        any::<usize>().prop_map(Edit::DeleteByte),
        (any::<usize>(), bytes).prop_map(|(at, byte)| Edit::InsertByte(at, byte)),
        any::<usize>().prop_map(Edit::DeleteLine),
        any::<usize>().prop_map(Edit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

/// Applies the edits; indexes wrap around the current length. Byte edits that would split a
/// character are moved to the previous character boundary, so the text stays UTF-8 (the CLI
/// reports non-UTF-8 files before parsing).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut text = text.to_owned();
    for edit in edits {
        let boundary = |text: &str, at: usize| {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
        match *edit {
            Edit::DeleteByte(at) if !text.is_empty() => {
                let at = boundary(&text, at % text.len());
                text.remove(at);
            }
            Edit::DeleteByte(_) => {}
            Edit::InsertByte(at, byte) => {
                let at = boundary(&text, at);
                text.insert(at, char::from(byte));
            }
            Edit::DeleteLine(at) if !lines.is_empty() => {
                lines.remove(at % lines.len());
                text = lines.concat();
            }
            Edit::DuplicateLine(at) if !lines.is_empty() => {
                let line = lines[at % lines.len()].clone();
                lines.insert(at % lines.len(), line);
                text = lines.concat();
            }
            Edit::SwapLines(a, b) if !lines.is_empty() => {
                let n = lines.len();
                lines.swap(a % n, b % n);
                text = lines.concat();
            }
            Edit::DeleteLine(_) | Edit::DuplicateLine(_) | Edit::SwapLines(..) => {}
        }
    }
    text
}

/// An empty directory to resolve imports against, shared by every case: an `import` in
/// generated text finds nothing.
fn empty_dir() -> &'static Path {
    static DIR: OnceLock<TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory"))
        .path()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Failures are reported with their minimal input; no regression files under tests/.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        check_text(&text, empty_dir());
    }

    #[test]
    fn program_shaped_text_never_panics(tokens in prop::collection::vec(token(), 0..80)) {
        check_text(&tokens.concat(), empty_dir());
    }

    #[test]
    fn the_reference_program_mutated_never_panics(edits in prop::collection::vec(edit(), 1..8)) {
        let text = apply(&reference_text(), &edits);
        check_text(&text, empty_dir());
    }
}

#[test]
fn the_reference_program_checks_clean_through_the_api() {
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let path = crate::support::crate_root().join(crate::support::REFERENCE_PROGRAM);
    let text = reference_text();
    let id = sources.add(crate::support::REFERENCE_PROGRAM, text.as_str());
    let base_dir = path.parent().expect("programs/");
    let checked = check_program_source(
        id,
        base_dir,
        Some(path.clone()),
        &mut sources,
        &mut diagnostics,
    );
    assert!(
        checked.program.is_some(),
        "the reference program loads as a program"
    );
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.rule.code).collect();
    assert_eq!(codes, Vec::<&str>::new());
}
