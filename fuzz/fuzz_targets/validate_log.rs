//! A session log against `programs/senior-ic.mentor`: the first byte picks the format (TOML,
//! JSON or JSON Lines), the rest is the file. Load, check, render; nothing may panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mentor::check::{Validator, check_program_file};
use mentor::diagnostic::Diagnostics;
use mentor::log::{LogFormat, parse_logs};
use mentor::render::{Summary, render_human, render_json, render_short};
use mentor::source::Sources;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (format, name) = match selector % 3 {
        0 => (LogFormat::Toml, "log.toml"),
        1 => (LogFormat::Json, "log.json"),
        _ => (LogFormat::JsonLines, "log.jsonl"),
    };
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("../programs/senior-ic.mentor");
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let Some(program) = check_program_file(&program, &mut sources, &mut diagnostics).program else {
        panic!("programs/senior-ic.mentor loads");
    };
    let id = sources.add(name, text);
    let logs = parse_logs(&sources, id, format, &mut diagnostics);
    let as_of = jiff::civil::date(2026, 11, 23);
    Validator::new(vec![program], as_of).validate_all(&logs, &mut diagnostics);
    diagnostics.sort(&sources);
    let diagnostics = diagnostics.into_vec();
    let summary = Summary::count(1, &diagnostics);
    let _ = render_human(&diagnostics, &sources, false);
    let _ = render_short(&diagnostics, &sources);
    let _ = render_json(&diagnostics, &sources, &summary);
});
