//! The output writers' name and escape paths, for any file name, source text and message:
//! no text format lets a control character through raw, a one-line format stays one line per
//! diagnostic, GitHub commands stay commands, and JUnit stays well-formed XML.

use mentor::diagnostic::{Diagnostic, Label};
use mentor::render::{Unit, render_github, render_human, render_junit, render_short};
use mentor::rules;
use mentor::source::{Sources, Span};
use proptest::prelude::*;

/// Text rich in what escapes must handle: controls, bidi overrides, noncharacters, line ends,
/// quotes, `%`, `:` and `,` (GitHub), `&` and `<` (XML), and ordinary letters.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\u{1b}[2J".to_owned()),
        Just("\u{1b}]0;t\u{7}".to_owned()),
        Just("\r".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n::error::x".to_owned()),
        Just("\u{9b}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{2066}".to_owned()),
        Just("\u{fffe}\u{ffff}".to_owned()),
        Just("%0A,:&<>\"'\\".to_owned()),
        Just("\t".to_owned()),
        "[a-zé ]{0,6}",
        any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// The first character that may not reach a terminal raw, if any. With colour, miette's own
/// SGR sequences (`ESC [ digits ; m`) are allowed: input ESCs are escaped before miette runs,
/// so any other ESC came from input.
fn raw_control(text: &str, color: bool) -> Option<(usize, char)> {
    let mut skip_to = 0;
    for (i, c) in text.char_indices() {
        if i < skip_to {
            continue;
        }
        if c == '\u{1b}' && color {
            let rest = &text[i + 1..];
            if let Some(after) = rest.strip_prefix('[') {
                let len = after
                    .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                    .unwrap_or(after.len());
                if after[len..].starts_with('m') {
                    skip_to = i + 2 + len + 1;
                    continue;
                }
            }
        }
        let hidden = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}');
        if hidden {
            return Some((i, c));
        }
    }
    None
}

/// A span of `text` on character boundaries, from two fractions of its length.
fn span_in(text: &str, source: mentor::source::SourceId, a: f64, b: f64) -> Span {
    let boundary = |f: f64| {
        let mut at = ((text.len() as f64) * f) as usize;
        while at > 0 && !text.is_char_boundary(at) {
            at -= 1;
        }
        at.min(text.len())
    };
    let (start, end) = (boundary(a.min(b)), boundary(a.max(b)));
    Span::new(source, start..end)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn text_formats_escape_every_control_from_input(
        name in hostile_text(),
        text in hostile_text(),
        message in hostile_text(),
        label in hostile_text(),
        help in hostile_text(),
        a in 0.0f64..=1.0,
        b in 0.0f64..=1.0,
    ) {
        let mut sources = Sources::new();
        let source = sources.add(name.clone(), text.clone());
        let span = span_in(&text, source, a, b);
        let diagnostic = Diagnostic::new(&rules::UNKNOWN_LOG_FIELD, message, Label::new(span, label))
            .with_help(help);
        let diagnostics = [diagnostic];

        for color in [false, true] {
            let human = render_human(&diagnostics, &sources, color);
            prop_assert!(raw_control(&human, color).is_none(), "human (color {color}): {human:?}");
        }
        let short = render_short(&diagnostics, &sources);
        prop_assert!(raw_control(&short, false).is_none(), "short: {short:?}");
        prop_assert_eq!(short.lines().count(), 1, "short is one line: {:?}", short);

        let github = render_github(&diagnostics, &sources);
        prop_assert!(raw_control(&github, false).is_none(), "github: {github:?}");
        prop_assert_eq!(github.lines().count(), 1, "github is one command: {:?}", github);
        prop_assert!(github.starts_with("::error file="), "github: {github:?}");

        let cases = [Unit::file(name.clone(), source)];
        let junit = render_junit(&diagnostics, &sources, &cases, false);
        prop_assert!(raw_control(&junit, false).is_none(), "junit: {junit:?}");
        let mut reader = quick_xml::Reader::from_str(&junit);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(element) | quick_xml::events::Event::Empty(element)) => {
                    for attribute in element.attributes() {
                        prop_assert!(attribute.is_ok(), "junit attribute: {junit}");
                    }
                }
                Ok(_) => {}
                Err(error) => prop_assert!(false, "junit is not XML ({error}): {junit}"),
            }
        }
        for line in junit.lines() {
            prop_assert!(!line.starts_with("::"), "junit line starts a command: {junit}");
        }
    }
}
