//! `mentor fmt`: whatever text formats, its output parses to the same tree (spans aside, and
//! comments without trailing white space) and formats to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mentor::diagnostic::Diagnostics;
use mentor::format::{FormatError, format_source};
use mentor::source::Sources;

/// The syntax tree without its spans, as text (as tests/fmt compares them).
fn tree_without_spans(text: &str) -> String {
    let mut diagnostics = Diagnostics::new();
    let source = Sources::new().add("x", text);
    let mut file = mentor::syntax::parse(source, text, &mut diagnostics);
    assert!(!diagnostics.has_errors(), "the text parses");
    for comment in &mut file.comments {
        comment.text = comment.text.trim_end().to_owned();
    }
    let debug = format!("{file:?}");
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find('}').unwrap_or(rest.len() - at - 1);
        out.push_str("Span");
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match format_source(text) {
        Ok(formatted) => {
            assert_eq!(tree_without_spans(text), tree_without_spans(&formatted));
            match format_source(&formatted) {
                Ok(again) => assert_eq!(again, formatted, "fmt is idempotent"),
                Err(_) => panic!("formatted output does not format"),
            }
        }
        Err(FormatError::Syntax(_)) => {}
        Err(FormatError::Internal(message)) => panic!("the formatter refused: {message}"),
    }
});
