//! Tidy tests: the architecture invariants of `ARCHITECTURE.md`, checked by reading the source
//! (rust-analyzer's `xtask/src/tidy.rs` is the model). They are grep-level on purpose: each
//! one is a sentence of the architecture document turned into a search that fails the build
//! when the code drifts from it. A failure names the file and the line to change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A Rust file of the repository: its path relative to the root (with `/`), its lines, and
/// the lines that are code (not comments, not test code).
struct RustFile {
    path: String,
    text: String,
    code: Vec<(usize, String)>,
}

impl RustFile {
    fn read(path: &Path) -> RustFile {
        let text = std::fs::read_to_string(path).unwrap();
        let relative = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let test_file = relative.ends_with("/test_support.rs") || relative.ends_with("/tests.rs");
        let mut code = Vec::new();
        if !test_file {
            for (index, line) in text.lines().enumerate() {
                let trimmed = line.trim_start();
                // Test code follows the first `#[cfg(test)]` of a file, by this crate's layout
                // (unit tests sit at the end of the file they test).
                if trimmed.starts_with("#[cfg(test)]") {
                    break;
                }
                if trimmed.starts_with("//") {
                    continue;
                }
                let without_comment = match line.find(" // ") {
                    Some(at) => &line[..at],
                    None => line,
                };
                code.push((index + 1, without_comment.to_owned()));
            }
        }
        RustFile {
            path: relative,
            text,
            code,
        }
    }

    /// `path:line: text` for every code line containing any of `needles`.
    fn find(&self, needles: &[&str]) -> Vec<String> {
        self.code
            .iter()
            .filter(|(_, line)| needles.iter().any(|needle| line.contains(needle)))
            .map(|(number, line)| format!("{}:{number}: {}", self.path, line.trim()))
            .collect()
    }
}

/// Every `.rs` file under `dir` (relative to the root), sorted.
fn rust_files(dir: &str) -> Vec<RustFile> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join(dir), &mut paths);
    paths.sort();
    paths.iter().map(|p| RustFile::read(p)).collect()
}

fn assert_none(what: &str, found: Vec<String>) {
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

#[test]
fn check_is_the_only_door_into_the_pipeline() {
    let mut found = Vec::new();
    for dir in ["src", "benches", "fuzz/fuzz_targets", "tests"] {
        for file in rust_files(dir) {
            if file.path.starts_with("src/check/") || file.path == "tests/tidy/mod.rs" {
                continue;
            }
            found.extend(file.find(&["check::log", "check::program"]));
        }
    }
    assert_none(
        "only `src/check/` may name `check::log` or `check::program`; call the front door \
         (`check::{check_program_file, check_program_source, load_programs, Validator}`)",
        found,
    );
}

#[test]
fn only_the_reader_and_the_writer_touch_the_file_system() {
    let allowed = ["src/source/files.rs", "src/cli/output.rs"];
    let found = rust_files("src")
        .iter()
        .filter(|file| !allowed.contains(&file.path.as_str()))
        .flat_map(|file| file.find(&["std::fs", "fs::", "read_dir", "File::open"]))
        .collect();
    assert_none(
        "the file system is read only in `src/source/files.rs` and written only in \
         `src/cli/output.rs`",
        found,
    );
}

#[test]
fn standard_input_is_read_in_one_place() {
    // `source::read_stdin` reads a `-` argument; the language server reads its protocol
    // stream; the writer compares standard input's file with each output target.
    let allowed = ["src/source/files.rs", "src/lsp/mod.rs", "src/cli/output.rs"];
    let found = rust_files("src")
        .iter()
        .filter(|file| !allowed.contains(&file.path.as_str()))
        .flat_map(|file| file.find(&["io::stdin"]))
        .collect();
    assert_none("standard input is read through `source::read_stdin`", found);
}

#[test]
fn the_cli_holds_no_rule() {
    let found = rust_files("src/cli")
        .iter()
        .flat_map(|file| {
            let mut found = file.find(&["Diagnostic::new", "rules::Stage"]);
            // `rules::all()` and `rules::find` read the catalogue (for `explain`); a rule
            // constant (`rules::UNKNOWN_LENS`) is a diagnostic being made.
            found.extend(
                file.code
                    .iter()
                    .filter(|(_, line)| {
                        line.match_indices("rules::").any(|(at, _)| {
                            line[at + 7..].starts_with(|c: char| c.is_ascii_uppercase())
                        })
                    })
                    .map(|(number, line)| format!("{}:{number}: {}", file.path, line.trim())),
            );
            found
        })
        .collect();
    assert_none(
        "`src/cli/` turns flags into calls of `check::` and `render::`; a diagnostic is made \
         in `check`, `resolve`, `syntax`, `log` or `source`",
        found,
    );
}

#[test]
fn english_is_made_in_words_rs() {
    let needles = [
        "fn plural",
        "fn days_text",
        "fn minutes_text",
        "fn sessions_text",
        "fn range_text",
        "fn describe_days",
        "fn id_list",
    ];
    let found = rust_files("src")
        .iter()
        .filter(|file| file.path != "src/words.rs")
        .flat_map(|file| file.find(&needles))
        .collect();
    assert_none(
        "counts, days, minutes and session ranges are worded in `src/words.rs`",
        found,
    );
}

#[test]
fn the_cohort_report_reads_time_from_schedule_not_check() {
    let found = rust_files("src/cohort")
        .iter()
        .flat_map(|file| file.find(&["crate::check"]))
        .collect();
    assert_none(
        "`cohort` reads deadlines from `schedule`, never from `check`",
        found,
    );
}

/// `NAME` → `code` for every `pub static NAME: Rule` of the catalogue.
fn catalogue() -> BTreeMap<String, String> {
    let mut rules = BTreeMap::new();
    for file in rust_files("src/rules") {
        let mut name = None;
        for line in file.text.lines() {
            if let Some(rest) = line.strip_prefix("pub static ") {
                if let Some(ident) = rest.strip_suffix(": Rule = Rule {") {
                    name = Some(ident.to_owned());
                }
            } else if let (Some(ident), Some(rest)) =
                (name.as_ref(), line.trim().strip_prefix("code: \""))
            {
                rules.insert(ident.clone(), rest.trim_end_matches("\",").to_owned());
                name = None;
            }
        }
    }
    rules
}

fn mentions(line: &str, ident: &str) -> bool {
    line.match_indices(ident).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + ident.len()..].chars().next();
        let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !is_ident(before) && !is_ident(after)
    })
}

/// Codes made in more than one home on purpose: the homes, and why. Every other program and
/// log code has one home: one file of `check`, or one other stage.
const SHARED_HOMES: &[(&str, &[&str], &str)] = &[
    (
        "P001",
        &["src/check/mod.rs", "src/resolve"],
        "ids clash inside a program (`resolve`) or between the programs of one run \
         (`check::load_programs`)",
    ),
    (
        "P002",
        &["src/check/mod.rs", "src/resolve"],
        "a reference in the program names nothing (`resolve`), or `playbook --track` does \
         (`check::find_track`)",
    ),
    (
        "P015",
        &[
            "src/check/mod.rs",
            "src/check/program/phases.rs",
            "src/resolve",
        ],
        "a file holds no program or two (`resolve`), a library is given to `playbook` \
         (`check`), or a program has no phase (`check::program`)",
    ),
];

#[test]
fn every_rule_is_emitted_from_one_home() {
    let rules = catalogue();
    assert!(
        rules.len() > 60,
        "the catalogue reader found {} rules",
        rules.len()
    );
    let files: Vec<RustFile> = rust_files("src")
        .into_iter()
        .filter(|file| !file.path.starts_with("src/rules/"))
        .collect();
    let mut problems = Vec::new();
    for (ident, code) in &rules {
        // Where a diagnostic with this rule is made (`rule == &rules::X` only asks): a file of
        // `check`, or another stage as a whole (`src/resolve`), whose files share its codes.
        let mut homes: Vec<&str> = Vec::new();
        for file in &files {
            let makes = file.code.iter().any(|(_, line)| {
                mentions(line, ident) && !line.contains("== &") && !line.contains("!= &")
            });
            let home = if file.path.starts_with("src/check/") {
                file.path.as_str()
            } else {
                let stage_end = file.path[4..]
                    .find(['/', '.'])
                    .map_or(file.path.len(), |i| i + 4);
                &file.path[..stage_end]
            };
            if makes && !homes.contains(&home) {
                homes.push(home);
            }
        }
        let shared = SHARED_HOMES.iter().find(|(shared, _, _)| shared == code);
        let ok = match shared {
            Some((_, files, _)) => homes == *files,
            None if code.starts_with('P') || code.starts_with('L') => homes.len() == 1,
            // File and syntax rules are raised wherever reading or parsing fails.
            None => !homes.is_empty(),
        };
        if !ok {
            problems.push(format!("{code} ({ident}) is made in {homes:?}"));
        }
    }
    assert_none("every program and log rule has one home file", problems);
}

/// The codes a `//!` header names: each `L012`, and every code of a range `L005`–`L010`.
fn codes_named(header: &str) -> Vec<String> {
    let is_code = |word: &str| {
        word.len() == 4
            && word.starts_with(['F', 'S', 'P', 'L'])
            && word[1..].chars().all(|c| c.is_ascii_digit())
    };
    // Words and dashes, in order: "`L005`–`L010`" is ["L005", "–", "L010"].
    let spaced = header.replace('–', " – ");
    let words: Vec<&str> = spaced
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '–'))
        .filter(|word| !word.is_empty())
        .collect();
    let mut codes = Vec::new();
    for (index, word) in words.iter().enumerate() {
        if is_code(word) {
            codes.push((*word).to_owned());
        }
        if let (Some(first), Some(last)) = (
            index
                .checked_sub(1)
                .and_then(|i| words.get(i))
                .filter(|w| is_code(w)),
            words.get(index + 1).filter(|w| is_code(w) && *word == "–"),
        ) {
            let (from, to): (u32, u32) = (first[1..].parse().unwrap(), last[1..].parse().unwrap());
            codes.extend((from + 1..to).map(|n| format!("{}{n:03}", &first[..1])));
        }
    }
    codes
}

#[test]
fn each_check_file_names_the_codes_it_makes() {
    let rules = catalogue();
    let mut problems = Vec::new();
    for file in rust_files("src/check") {
        let header: String = file
            .text
            .lines()
            .take_while(|line| line.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        for (ident, code) in &rules {
            let makes = file.code.iter().any(|(_, line)| {
                mentions(line, ident) && !line.contains("== &") && !line.contains("!= &")
            });
            if makes && !codes_named(&header).contains(code) {
                problems.push(format!(
                    "{} makes {code} but its `//!` does not say so",
                    file.path
                ));
            }
        }
    }
    assert_none("a rule's home says which codes it owns", problems);
}

#[test]
fn no_source_file_grows_past_900_lines() {
    let found = rust_files("src")
        .iter()
        .filter(|file| file.text.lines().count() > 900)
        .map(|file| format!("{}: {} lines", file.path, file.text.lines().count()))
        .collect();
    assert_none(
        "split files by the data they own before they pass 900 lines",
        found,
    );
}

#[test]
fn architecture_md_names_every_module_and_only_real_paths() {
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut problems = Vec::new();
    // Every path the document names in backticks exists.
    for piece in doc.split('`').skip(1).step_by(2) {
        if (piece.starts_with("src/")
            || piece.starts_with("tests/")
            || piece.starts_with("grammar/"))
            && !piece.contains(' ')
            && !piece.contains('*')
            && !piece.contains('<')
        {
            let path = piece.trim_end_matches([':', ',']);
            if !root().join(path).exists() {
                problems.push(format!(
                    "ARCHITECTURE.md names `{piece}`, which does not exist"
                ));
            }
        }
    }
    // Every module file and directory under src/ is in the code map.
    for file in rust_files("src") {
        let path = Path::new(&file.path);
        let name = path.file_stem().unwrap().to_string_lossy();
        let parent = path.parent().unwrap().to_string_lossy();
        if name == "main" || name == "lib" || name == "mod" {
            let dir = format!("`{parent}/`");
            let short = format!("`{}/`", parent.rsplit('/').next().unwrap());
            if parent != "src" && !doc.contains(&dir) && !doc.contains(&short) {
                problems.push(format!("the code map has no entry for {dir}"));
            }
            continue;
        }
        let file_name = path.file_name().unwrap().to_string_lossy();
        if !doc.contains(&format!("`{}`", file.path)) && !doc.contains(&format!("`{file_name}`")) {
            problems.push(format!("the code map does not mention `{}`", file.path));
        }
    }
    // Every dependency has a line saying why.
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            in_dependencies = line.ends_with("dependencies]");
            continue;
        }
        if let Some((name, _)) = line.split_once('=').filter(|_| in_dependencies) {
            let name = name.trim();
            if !name.is_empty() && !name.starts_with('#') && !doc.contains(&format!("`{name}`")) {
                problems.push(format!(
                    "dependency `{name}` has no line in the table of why"
                ));
            }
        }
    }
    assert_none("ARCHITECTURE.md is out of date", problems);
}
