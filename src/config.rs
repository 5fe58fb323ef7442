//! `mentor.toml`: the defaults of a run, read into a [`Config`]. Every problem is `C001` at the
//! key or value at fault (an unknown key with the closest known one, a value of the wrong type,
//! a format or rule that does not exist), and a file with one is not used: the run stops.
//!
//! The file's keys are the command line's long flags, so a flag and its key read the same:
//!
//! ```toml
//! program = "programs/"            # or a list; `--program`
//! logs = ["logs/"]                 # the LOG_OR_DIR arguments
//! exclude = ["archive/**"]         # `--exclude`, added to the command line's
//! exceptions = "mentor-exceptions.toml"
//! baseline = "mentor-baseline.toml"
//! select = ["L"]                   # `--select` replaces it; `--extend-select`, `--ignore` add
//! extend-select = ["C"]
//! ignore = ["C005"]
//! format = "human"
//! output = ["sarif=mentor.sarif"]  # `--output FORMAT=PATH`
//! deny-warnings = true
//!
//! [report]
//! min-group = 5
//!
//! [csv]                            # how CSV exports name the log's columns; `--csv-map FILE`
//! date-format = "%m/%d/%Y"
//! [csv.columns]
//! "Pair ID" = "pair"
//! ```
//!
//! Relative paths (`program`, `logs`, `exceptions`, `baseline`, an `output`'s path) are
//! relative to the directory of the file, as in ruff's and cargo's configurations; `exclude`
//! globs are matched inside each walked directory, as `--exclude` is.
//!
//! **Architecture Invariant:** no IO; the text comes from [`Sources`], and `source::find_config`
//! finds the file.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostics;
use crate::log::{CsvMapping, Spanned};
use crate::rules::{self, Selection};
use crate::settings::{self, Table};
use crate::source::{SourceId, Sources};
use crate::words;

/// The file's name, searched for in the working directory and then each parent.
pub const CONFIG_FILE: &str = "mentor.toml";

/// The diagnostic formats `format` and `output` name (`--format`'s values).
pub const FORMATS: [&str; 6] = ["human", "short", "json", "sarif", "github", "junit"];

/// The top-level keys, in the order the documentation gives them.
const KEYS: [&str; 13] = [
    "program",
    "logs",
    "exclude",
    "exceptions",
    "baseline",
    "select",
    "extend-select",
    "ignore",
    "format",
    "output",
    "deny-warnings",
    "report",
    "csv",
];

/// The keys of `[report]`.
const REPORT_KEYS: [&str; 1] = ["min-group"];

/// The keys of `[csv]`, and of a `--csv-map` file.
const CSV_KEYS: [&str; 2] = ["columns", "date-format"];

/// What `mentor.toml` sets; an absent key is `None` or empty, and the command line's default
/// (or nothing) applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// `program`: `.mentor` files or directories, resolved against the file's directory.
    pub programs: Vec<PathBuf>,
    /// `logs`: log files or directories, resolved likewise.
    pub logs: Vec<PathBuf>,
    /// `exclude`: gitignore-style globs, as written.
    pub exclude: Vec<String>,
    pub exceptions: Option<PathBuf>,
    pub baseline: Option<PathBuf>,
    /// `select`: `None` when absent (every rule), as `--select`.
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// `format`: one of [`FORMATS`].
    pub format: Option<String>,
    /// `output`: each `FORMAT=PATH`, the format one of [`FORMATS`], the path resolved.
    pub outputs: Vec<(String, PathBuf)>,
    pub deny_warnings: Option<bool>,
    /// `[report] min-group`.
    pub min_group: Option<u32>,
    /// `[csv]`: how CSV exports name the contract's columns and write dates.
    pub csv: CsvMapping,
}

impl Config {
    /// Reads the `mentor.toml` registered as `source`; `dir` is the directory holding it, which
    /// its relative paths are relative to. `None` when anything in it was reported (`C001`):
    /// a configuration half understood is not used.
    pub fn read(
        sources: &Sources,
        source: SourceId,
        dir: &Path,
        diagnostics: &mut Diagnostics,
    ) -> Option<Config> {
        let rule = &rules::CONFIG_INVALID;
        let root = settings::parse(sources, source, rule, diagnostics)?;
        let name = format!("`{}`", sources.name(source));
        let mut file = Table::new(&root, name, rule, diagnostics)?;
        let paths = |file: &mut Table, diagnostics: &mut Diagnostics, key: &str| {
            let items = file.strings(diagnostics, key).unwrap_or_default();
            items.iter().map(|p| resolve(dir, &p.value)).collect()
        };
        let path = |file: &mut Table, diagnostics: &mut Diagnostics, key: &str| {
            file.text(diagnostics, key).map(|p| resolve(dir, &p.value))
        };
        let mut config = Config {
            programs: paths(&mut file, diagnostics, "program"),
            logs: paths(&mut file, diagnostics, "logs"),
            exclude: Vec::new(),
            exceptions: path(&mut file, diagnostics, "exceptions"),
            baseline: path(&mut file, diagnostics, "baseline"),
            ..Config::default()
        };
        // Each glob is checked as `--exclude` checks it: one that does not parse would
        // otherwise leave the walk reading what the file meant to exclude.
        for glob in file.strings(diagnostics, "exclude").unwrap_or_default() {
            match crate::source::exclude_glob(&glob.value) {
                Ok(glob) => config.exclude.push(glob),
                Err(reason) => file.problem(
                    diagnostics,
                    glob.span,
                    format!("`exclude` holds a glob that does not parse: {reason}"),
                    "not a glob",
                    None,
                ),
            }
        }
        config.select = rule_list(&mut file, diagnostics, "select");
        config.extend_select =
            rule_list(&mut file, diagnostics, "extend-select").unwrap_or_default();
        config.ignore = rule_list(&mut file, diagnostics, "ignore").unwrap_or_default();
        if let Some(format) = file.text(diagnostics, "format") {
            config.format = known_format(&mut file, diagnostics, "format", &format);
        }
        for output in file.strings(diagnostics, "output").unwrap_or_default() {
            if let Some(spec) = output_spec(&mut file, diagnostics, &output, dir) {
                config.outputs.push(spec);
            }
        }
        config.deny_warnings = file.boolean(diagnostics, "deny-warnings").map(|b| b.value);
        if let Some(mut report) = file.table(diagnostics, "report") {
            config.min_group = report.positive(diagnostics, "min-group").map(|n| n.value);
            if !report.finish(diagnostics, &REPORT_KEYS) {
                file.failed = true;
            }
        }
        if let Some(mut csv) = file.table(diagnostics, "csv") {
            config.csv = csv_mapping(&mut csv, diagnostics);
            if !csv.finish(diagnostics, &CSV_KEYS) {
                file.failed = true;
            }
        }
        file.finish(diagnostics, &KEYS).then_some(config)
    }
}

/// Reads a `--csv-map` file: the keys of `mentor.toml`'s `[csv]` table at its top
/// (`date-format`, `[columns]`). `None` when anything in it was reported (`C001`).
pub fn read_csv_map(
    sources: &Sources,
    source: SourceId,
    diagnostics: &mut Diagnostics,
) -> Option<CsvMapping> {
    let rule = &rules::CONFIG_INVALID;
    let root = settings::parse(sources, source, rule, diagnostics)?;
    let name = format!("`{}`", sources.name(source));
    let mut file = Table::new(&root, name, rule, diagnostics)?;
    let mapping = csv_mapping(&mut file, diagnostics);
    file.finish(diagnostics, &CSV_KEYS).then_some(mapping)
}

/// `columns` (header = contract column) and `date-format` of a `[csv]` table. A column mapped
/// to no field of the log format, and a date format that cannot read back the date it writes,
/// are reported at their value.
fn csv_mapping(table: &mut Table, diagnostics: &mut Diagnostics) -> CsvMapping {
    let mut mapping = CsvMapping::default();
    if let Some(mut columns) = table.table(diagnostics, "columns") {
        for entry in columns.take_rest() {
            let crate::log::tree::Value::String(field) = &entry.node.value else {
                let message = format!(
                    "`[csv.columns]` maps each header to a column name (a string), found {}",
                    entry.node.value.kind()
                );
                table.problem(diagnostics, entry.node.span, message, "not a string", None);
                continue;
            };
            if !crate::log::is_csv_column(field) {
                let help = words::did_you_mean(field, crate::log::csv_columns())
                    .map(|best| format!("did you mean `{best}`?"))
                    .or_else(|| {
                        Some(format!(
                            "the columns are {} and `answers.FIELD`",
                            words::ids_comma(crate::log::csv_columns())
                        ))
                    });
                let message = format!(
                    "`[csv.columns]` maps {} to {}, which is not a column of the log format",
                    words::quote_id(&entry.key).replace("(a text that is not an id)", "a header"),
                    words::quote_id(field)
                );
                table.problem(
                    diagnostics,
                    entry.node.span,
                    message,
                    "unknown column",
                    help,
                );
                continue;
            }
            mapping
                .columns
                .push((entry.key.to_string(), field.to_string()));
        }
        if !columns.finish(diagnostics, &[]) {
            table.failed = true;
        }
    }
    if let Some(format) = table.text(diagnostics, "date-format") {
        let sample = jiff::civil::date(2025, 1, 20);
        let reads_back = jiff::fmt::strtime::format(format.value.as_str(), sample)
            .ok()
            .and_then(|text| jiff::civil::Date::strptime(format.value.as_str(), text).ok())
            == Some(sample);
        if reads_back {
            mapping.date_format = Some(format.value);
        } else {
            let message = "`date-format` cannot read a date: it needs a year, a month and a day \
                           (`%Y`, `%m`, `%d`)"
                .to_owned();
            let help = Some("e.g. `date-format = \"%m/%d/%Y\"` for 01/20/2025".to_owned());
            table.problem(diagnostics, format.span, message, "not a date format", help);
        }
    }
    mapping
}

/// `path` as written when absolute (or `-`, standard input), else under `dir`.
fn resolve(dir: &Path, path: &str) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() || path.as_os_str() == "-" {
        path.to_path_buf()
    } else {
        dir.join(path)
    }
}

fn values(items: Option<Vec<Spanned<String>>>) -> Vec<String> {
    items
        .unwrap_or_default()
        .into_iter()
        .map(|item| item.value)
        .collect()
}

/// A list of rule selectors, each checked as `--select` checks its value.
fn rule_list(file: &mut Table, diagnostics: &mut Diagnostics, key: &str) -> Option<Vec<String>> {
    let items = file.strings(diagnostics, key)?;
    for item in &items {
        if let Err(error) = Selection::new(Some(&[item.value.as_str()]), &[], &[]) {
            // "no rule or code prefix `X`: did you mean `Y`?"
            let (message, help) = error.split_once(": ").unwrap_or((&error, ""));
            let help = (!help.is_empty()).then(|| help.to_owned());
            let message = format!("`{key}` names {message}");
            file.problem(diagnostics, item.span, message, "unknown rule", help);
        }
    }
    Some(values(Some(items)))
}

/// `format` (or an `output`'s format) when it is one of [`FORMATS`]; else reported.
fn known_format(
    file: &mut Table,
    diagnostics: &mut Diagnostics,
    key: &str,
    format: &Spanned<String>,
) -> Option<String> {
    let lower = format.value.to_ascii_lowercase();
    if FORMATS.contains(&lower.as_str()) {
        return Some(lower);
    }
    let message = format!(
        "`{key}` names no format `{}`; the formats are {}",
        format.value,
        words::ids_comma(FORMATS.iter().copied())
    );
    let help = words::did_you_mean(&format.value, FORMATS.iter().copied())
        .map(|best| format!("did you mean `{best}`?"));
    file.problem(diagnostics, format.span, message, "unknown format", help);
    None
}

/// One `output` item, `FORMAT=PATH`.
fn output_spec(
    file: &mut Table,
    diagnostics: &mut Diagnostics,
    output: &Spanned<String>,
    dir: &Path,
) -> Option<(String, PathBuf)> {
    match output.value.split_once('=') {
        Some((format, path)) if !path.is_empty() => {
            let format = Spanned::new(format.to_owned(), output.span);
            let format = known_format(file, diagnostics, "output", &format)?;
            Some((format, resolve(dir, path)))
        }
        _ => {
            let message = "each item of `output` is FORMAT=PATH".to_owned();
            let help = Some("e.g. `output = [\"sarif=mentor.sarif\"]`".to_owned());
            file.problem(diagnostics, output.span, message, "not FORMAT=PATH", help);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::source::LineColumn;

    fn read_in(dir: &str, text: &str) -> (Option<Config>, Vec<(String, LineColumn, String)>) {
        let mut sources = Sources::new();
        let id = sources.add(CONFIG_FILE, text);
        let mut diagnostics = Diagnostics::new();
        let config = Config::read(&sources, id, Path::new(dir), &mut diagnostics);
        let found = diagnostics
            .into_vec()
            .into_iter()
            .map(|d: Diagnostic| {
                let at = sources.line_column(d.primary.span);
                let help = d.help.unwrap_or_default().into_owned();
                assert_eq!(d.rule.code, "C001");
                (d.message, at, help)
            })
            .collect();
        (config, found)
    }

    fn read(text: &str) -> (Option<Config>, Vec<(String, LineColumn, String)>) {
        read_in("", text)
    }

    #[test]
    fn every_key_is_read() {
        let (config, problems) = read(
            r#"
program = "programs/"
logs = ["logs/", "more.jsonl"]
exclude = ["archive/**"]
exceptions = "mentor-exceptions.toml"
baseline = "base.toml"
select = ["L", "gap-too-long"]
extend-select = "C"
ignore = ["C005"]
format = "json"
output = ["sarif=out/mentor.sarif"]
deny-warnings = true

[report]
min-group = 3
"#,
        );
        assert_eq!(problems, []);
        let config = config.expect("a config");
        assert_eq!(config.programs, [PathBuf::from("programs/")]);
        assert_eq!(
            config.logs,
            [PathBuf::from("logs/"), PathBuf::from("more.jsonl")]
        );
        assert_eq!(config.exclude, ["archive/**"]);
        assert_eq!(
            config.exceptions,
            Some(PathBuf::from("mentor-exceptions.toml"))
        );
        assert_eq!(config.baseline, Some(PathBuf::from("base.toml")));
        assert_eq!(
            config.select,
            Some(vec!["L".to_owned(), "gap-too-long".to_owned()])
        );
        assert_eq!(config.extend_select, ["C"]);
        assert_eq!(config.ignore, ["C005"]);
        assert_eq!(config.format.as_deref(), Some("json"));
        assert_eq!(
            config.outputs,
            [("sarif".to_owned(), PathBuf::from("out/mentor.sarif"))]
        );
        assert_eq!(config.deny_warnings, Some(true));
        assert_eq!(config.min_group, Some(3));
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        assert_eq!(read(""), (Some(Config::default()), vec![]));
    }

    #[test]
    fn relative_paths_are_under_the_files_directory_and_globs_are_kept() {
        let (config, _) = read_in(
            "..",
            r#"program = "programs"
logs = ["logs/", "/abs/logs", "-"]
exclude = ["drafts/"]
exceptions = "ex.toml"
output = ["json=report.json"]
"#,
        );
        let config = config.expect("a config");
        assert_eq!(config.programs, [PathBuf::from("../programs")]);
        assert_eq!(
            config.logs,
            [
                PathBuf::from("../logs/"),
                PathBuf::from("/abs/logs"),
                PathBuf::from("-")
            ]
        );
        assert_eq!(config.exclude, ["drafts/"]);
        assert_eq!(config.exceptions, Some(PathBuf::from("../ex.toml")));
        assert_eq!(config.outputs[0].1, PathBuf::from("../report.json"));
    }

    #[test]
    fn an_unknown_key_is_reported_where_it_is_with_the_closest_key() {
        let (config, problems) = read("logs = [\"logs/\"]\nexclud = [\"a\"]\n");
        assert_eq!(config, None);
        assert_eq!(
            problems,
            [(
                "`mentor.toml` has no key `exclud`".to_owned(),
                LineColumn { line: 2, column: 1 },
                "did you mean `exclude`?".to_owned()
            )]
        );
        let (_, problems) = read("[report]\nmin-groups = 3\n");
        assert_eq!(problems[0].0, "`[report]` has no key `min-groups`");
        assert_eq!(problems[0].2, "did you mean `min-group`?");
    }

    #[test]
    fn values_of_the_wrong_type_are_reported_at_the_value() {
        let (config, problems) = read(
            "program = 3\nlogs = [\"a\", 4]\nexceptions = [\"x\"]\ndeny-warnings = \"yes\"\nreport = 5\n",
        );
        assert_eq!(config, None);
        let messages: Vec<(&str, usize, usize)> = problems
            .iter()
            .map(|(m, at, _)| (m.as_str(), at.line, at.column))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "`program` must be a string or a list of strings, found a number",
                    1,
                    11
                ),
                (
                    "each item of `logs` must be a string, found a number",
                    2,
                    14
                ),
                ("`exceptions` must be a string, found a list", 3, 14),
                (
                    "`deny-warnings` must be `true` or `false`, found a string",
                    4,
                    17
                ),
                ("`[report]` must be a table, found a number", 5, 10),
            ]
        );
    }

    #[test]
    fn formats_and_rules_must_exist() {
        let (config, problems) = read(
            "format = \"jsn\"\noutput = [\"sarif\", \"xml=a.xml\"]\nselect = [\"gap-too-lng\"]\n[report]\nmin-group = 0\n",
        );
        assert_eq!(config, None);
        let shown: Vec<(&str, usize, &str)> = problems
            .iter()
            .map(|(m, at, help)| (m.as_str(), at.line, help.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "`select` names no rule or code prefix `gap-too-lng`",
                    3,
                    "did you mean `gap-too-long`?"
                ),
                (
                    "`format` names no format `jsn`; the formats are `human`, `short`, `json`, `sarif`, `github`, `junit`",
                    1,
                    "did you mean `json`?"
                ),
                (
                    "each item of `output` is FORMAT=PATH",
                    2,
                    "e.g. `output = [\"sarif=mentor.sarif\"]`"
                ),
                (
                    "`output` names no format `xml`; the formats are `human`, `short`, `json`, `sarif`, `github`, `junit`",
                    2,
                    ""
                ),
                ("`min-group` must be a whole number from 1, found 0", 5, ""),
            ]
        );
    }

    #[test]
    fn a_syntax_error_is_c001() {
        let (config, problems) = read("logs = [\n");
        assert_eq!(config, None);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].0.starts_with("`mentor.toml` is not valid TOML"));
    }
}
