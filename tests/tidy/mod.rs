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
                // Test code follows the first `#[cfg(test)]` of a file: unit tests sit at the
                // end of the file they test (clippy's `items_after_test_module` keeps it so).
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

/// The names a line takes from `module::`: `check::Validator` gives `Validator`, and
/// `check::{self, log::find_program}` gives `self` and `log`.
fn names_from(line: &str, module: &str) -> Vec<String> {
    let prefix = format!("{module}::");
    let mut names = Vec::new();
    for (at, _) in line.match_indices(&prefix) {
        let before = line[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &line[at + prefix.len()..];
        let items = match rest.strip_prefix('{') {
            Some(inside) => {
                let mut depth = 0;
                let end = inside
                    .char_indices()
                    .find(|&(_, c)| {
                        depth += match c {
                            '{' => 1,
                            '}' => -1,
                            _ => 0,
                        };
                        depth < 0
                    })
                    .map_or(inside.len(), |(i, _)| i);
                inside[..end].split(',').map(str::trim).collect::<Vec<_>>()
            }
            None => vec![rest],
        };
        for item in items {
            let name: String = item
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

/// What the front door offers (`src/check/mod.rs`).
const FRONT_DOOR: &[&str] = &[
    "self",
    "check_program_file",
    "check_program_source",
    "check_playbook_program",
    "find_track",
    "load_programs",
    "same_edition",
    "LoadedPrograms",
    "ProgramCheck",
    "Validator",
    "check_model",
    "Selection",
];

#[test]
fn check_is_the_only_door_into_the_pipeline() {
    let mut found = Vec::new();
    for dir in ["src", "benches", "fuzz/fuzz_targets", "tests"] {
        for file in rust_files(dir) {
            if file.path.starts_with("src/check/") || file.path == "tests/tidy/mod.rs" {
                continue;
            }
            // Under `src/cli/`, `check::` is the `mentor check` subcommand's module.
            let module = if file.path.starts_with("src/cli/") {
                "crate::check"
            } else {
                "check"
            };
            for (number, line) in &file.code {
                let behind: Vec<String> = names_from(line, module)
                    .into_iter()
                    .filter(|name| !FRONT_DOOR.contains(&name.as_str()))
                    .collect();
                if !behind.is_empty() {
                    found.push(format!(
                        "{}:{number}: {} ({behind:?})",
                        file.path,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert_none(
        "outside `src/check/`, only the front door of `check` is called: \
         `check::{check_program_file, check_program_source, load_programs, Validator, …}`",
        found,
    );
}

#[test]
fn the_front_door_test_reads_braces() {
    assert_eq!(
        names_from("use crate::check::{self, log::find_program};", "check"),
        ["self", "log"]
    );
    assert_eq!(
        names_from("let v = check::Validator::new(p, d);", "check"),
        ["Validator"]
    );
    assert!(names_from("let c = recheck::x;", "check").is_empty());
}

#[test]
fn only_the_reader_and_the_writer_touch_the_file_system() {
    let allowed = [
        "src/source/files.rs",
        "src/source/walk.rs",
        "src/cli/writing.rs",
    ];
    let found = rust_files("src")
        .iter()
        .filter(|file| !allowed.contains(&file.path.as_str()))
        .flat_map(|file| {
            file.find(&[
                "std::fs",
                "fs::",
                "read_dir",
                "File::open",
                "canonicalize",
                ".is_dir()",
                ".is_file()",
                ".exists()",
                "metadata(",
            ])
        })
        .collect();
    assert_none(
        "the file system is read (a file, a directory, or what a path leads to) only in \
         `src/source/files.rs` and the directory walk, `src/source/walk.rs`, and written only in \
         `src/cli/writing.rs`",
        found,
    );
}

#[test]
fn standard_input_is_read_in_one_place() {
    // `source::read_stdin` reads a `-` argument; the language server reads its protocol
    // stream; the writer compares standard input's file with each output target.
    let allowed = [
        "src/source/files.rs",
        "src/lsp/mod.rs",
        "src/cli/writing.rs",
    ];
    let found = rust_files("src")
        .iter()
        .filter(|file| !allowed.contains(&file.path.as_str()))
        .flat_map(|file| {
            let mut found = file.find(&["io::stdin"]);
            // A bare `stdin()` after `use std::io::stdin`; `read_stdin()` is the way in.
            // (`mentions` matches whole identifiers, so `read_stdin` is not `stdin`.)
            found.extend(
                file.code
                    .iter()
                    .filter(|(_, line)| mentions(line, "stdin") && line.contains("stdin()"))
                    .map(|(number, line)| format!("{}:{number}: {}", file.path, line.trim())),
            );
            found
        })
        .collect();
    assert_none("standard input is read through `source::read_stdin`", found);
}

#[test]
fn the_cli_holds_no_rule() {
    // `rules::UNKNOWN_LENS`, not a type such as `rules::Selection`.
    fn is_rule_constant(name: &str) -> bool {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    }
    let found = rust_files("src/cli")
        .iter()
        .flat_map(|file| {
            let mut found = file.find(&["Diagnostic::new", "rules::Stage"]);
            // `rules::all()` reads the catalogue; a rule constant (`rules::UNKNOWN_LENS`) is a
            // diagnostic being made.
            found.extend(
                file.code
                    .iter()
                    .filter(|(_, line)| {
                        names_from(line, "rules")
                            .iter()
                            .any(|name| is_rule_constant(name))
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
        .flat_map(|file| file.find(&["crate::check", "check::", "super::check"]))
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

/// The codes each file of `dir` makes, by file name (`identity.rs`).
fn codes_made_in(dir: &str) -> BTreeMap<String, Vec<String>> {
    let rules = catalogue();
    let mut made = BTreeMap::new();
    for file in rust_files(dir) {
        let name = file.path.rsplit('/').next().unwrap().to_owned();
        let mut codes: Vec<String> = rules
            .iter()
            .filter(|(ident, _)| {
                file.code.iter().any(|(_, line)| {
                    mentions(line, ident) && !line.contains("== &") && !line.contains("!= &")
                })
            })
            .map(|(_, code)| code.clone())
            .collect();
        codes.sort();
        if !codes.is_empty() && name != "mod.rs" {
            made.insert(name, codes);
        }
    }
    made
}

/// Compares the codes a document lists for each file with the codes the file makes.
fn compare_lists(
    what: &str,
    made: &BTreeMap<String, Vec<String>>,
    listed: &BTreeMap<String, Vec<String>>,
    problems: &mut Vec<String>,
) {
    for (file, codes) in made {
        match listed.get(file) {
            None => problems.push(format!("{what} does not list `{file}` ({codes:?})")),
            Some(list) if list != codes => problems.push(format!(
                "{what} lists {list:?} for `{file}`, which makes {codes:?}"
            )),
            Some(_) => {}
        }
    }
}

#[test]
fn the_lists_of_codes_per_file_agree_with_the_files() {
    let mut problems = Vec::new();
    let sorted = |mut codes: Vec<String>| {
        codes.sort();
        codes
    };
    let doc = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let check = doc.split("\n### `src/check/`").nth(1).unwrap_or_default();
    let check = check.split("\n### ").next().unwrap_or_default();
    for dir in ["log", "program"] {
        let made = codes_made_in(&format!("src/check/{dir}"));
        // ARCHITECTURE.md: "- `log/`: … `identity.rs` (`L005`–`L010`), `sequence.rs` (…)".
        let bullet = check
            .split("\n- `")
            .find(|bullet| bullet.starts_with(&format!("{dir}/`")))
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut listed = BTreeMap::new();
        for file in made.keys() {
            if let Some((_, after)) = bullet.split_once(&format!("`{file}` (")) {
                let codes = after.split(')').next().unwrap_or_default();
                listed.insert(file.clone(), sorted(codes_named(codes)));
            }
        }
        compare_lists(
            &format!("ARCHITECTURE.md's `{dir}/`"),
            &made,
            &listed,
            &mut problems,
        );
        // The module's own `//!`: a table row "| `identity.rs` | L005–L010 | …" (log) or a
        // line "- `numbers`: P007 P025 (…)" (program).
        let header =
            std::fs::read_to_string(root().join(format!("src/check/{dir}/mod.rs"))).unwrap();
        let mut listed = BTreeMap::new();
        for line in header.lines().filter_map(|line| line.strip_prefix("//! ")) {
            let entry = if let Some(row) = line.strip_prefix("| `") {
                row.split_once("` |")
                    .map(|(file, rest)| (file.to_owned(), rest.split('|').next().unwrap_or("")))
            } else if let Some(item) = line.strip_prefix("- `") {
                item.split_once("`:").map(|(file, rest)| {
                    (format!("{file}.rs"), rest.split('(').next().unwrap_or(""))
                })
            } else {
                None
            };
            if let Some((file, codes)) = entry {
                listed.insert(file, sorted(codes_named(codes)));
            }
        }
        compare_lists(
            &format!("src/check/{dir}/mod.rs's `//!`"),
            &made,
            &listed,
            &mut problems,
        );
    }
    assert_none("the lists of codes per file are out of date", problems);
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
    // Every file under src/ is in the code map: a top-level module has its own `### `
    // heading, and a file of a module directory is named in that directory's section.
    let sections: Vec<(&str, &str)> = doc
        .split("\n### `")
        .skip(1)
        .filter_map(|section| section.split_once('`'))
        .collect();
    let section = |heading: &str| {
        sections
            .iter()
            .find(|(name, _)| *name == heading)
            .map(|(_, text)| *text)
    };
    for file in rust_files("src") {
        let Some(inside) = file.path.strip_prefix("src/") else {
            continue;
        };
        match inside.split_once('/') {
            None if inside == "main.rs" || inside == "lib.rs" => {}
            None => {
                if section(&file.path).is_none() {
                    problems.push(format!("the code map has no `### `{}`` section", file.path));
                }
            }
            Some((module, rest)) => {
                let heading = format!("src/{module}/");
                let base = rest.rsplit('/').next().unwrap();
                let named = section(&heading).is_some_and(|text| {
                    base == "mod.rs"
                        || text.contains(&format!("`{rest}`"))
                        || text.contains(&format!("`{base}`"))
                });
                if !named {
                    problems.push(format!("the `{heading}` section does not name `{rest}`"));
                }
            }
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
