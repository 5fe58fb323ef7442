//! `.mentor` text: parse, resolve (imports relative to `programs/`, so `lib/lenses.mentor`
//! resolves), check, and render the diagnostics in the human, short and JSON formats. Nothing
//! may panic, and every label stays inside its file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mentor::check::check_model;
use mentor::diagnostic::Diagnostics;
use mentor::render::{Summary, render_human, render_json, render_short};
use mentor::resolve::{Loaded, resolve_source};
use mentor::rules;
use mentor::source::Sources;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let programs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../programs");
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let id = sources.add("input.mentor", text);
    if let Loaded::Program(program) =
        resolve_source(id, &programs, None, &mut sources, &mut diagnostics)
    {
        let resolved = !diagnostics
            .iter()
            .any(|d| d.rule == &rules::UNKNOWN_REFERENCE || d.rule == &rules::DUPLICATE_ID);
        check_model(&program, resolved, &mut diagnostics);
    }
    diagnostics.sort(&sources);
    let diagnostics = diagnostics.into_vec();
    for d in &diagnostics {
        for label in std::iter::once(&d.primary).chain(&d.secondary) {
            let len = sources.text(label.span.source).len();
            assert!(label.span.start <= label.span.end && label.span.end as usize <= len);
        }
    }
    let summary = Summary::count(1, &diagnostics);
    let _ = render_human(&diagnostics, &sources, false);
    let _ = render_short(&diagnostics, &sources);
    let _ = render_json(&diagnostics, &sources, &summary);
});
