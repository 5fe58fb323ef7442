//! Benchmarks (divan): `.mentor` parse + check, log load + check per format, the `toml` crate
//! alone parsing the same TOML logs (the baseline of TOML validation speed), rendering 10,000
//! diagnostics, the playbook of a large program, the cohort report of 19,100 pairs in every
//! format (the HTML dashboard among them), the impact of a program change on 1,000 logs
//! (`mentor diff --logs`), mentor's JSON reading beside other JSON parsers (SIMD ones
//! among them), and the optimal assignment of `mentor match` (group `matching`).
//! Inputs come from the corpus generator (`examples/corpus`), in memory, so no run depends on
//! files left behind by another.
//!
//! ```text
//! cargo bench --bench mentor               # everything
//! cargo bench --bench mentor -- logs       # one group
//! ```
//!
//! Benchmarks, not tests: nothing here fails on a slow machine. `docs/performance.md` has the
//! end-to-end figures (the `mentor` binary on a 50 MB corpus) and how to reproduce them.

#[path = "../examples/corpus/generate.rs"]
#[allow(dead_code, reason = "the generator's file writers are for the example")]
mod generate;

use std::path::Path;
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use mentor::check::{Validator, check_program_file, check_program_source};
use mentor::diagnostic::{Diagnostic, Diagnostics};
use mentor::log::{LogFormat, parse_logs};
use mentor::model::Program;
use mentor::render::{
    Summary, Unit, render_github, render_human, render_json, render_junit, render_sarif,
    render_short,
};
use mentor::source::{SourceId, Sources, Span};

fn main() {
    divan::main();
}

/// Logs per format in the load benchmarks (about 2.6 MB of JSON Lines).
const LOGS: usize = 1000;

fn as_of() -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 1)
}

fn corpus() -> &'static [generate::GeneratedLog] {
    static CORPUS: OnceLock<Vec<generate::GeneratedLog>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        generate::generate(generate::Settings {
            logs: LOGS,
            seed: 1,
            violation_share: 0.2,
        })
    })
}

/// `programs/senior-ic.mentor` (and its library) loaded into `sources`.
fn senior_ic(sources: &mut Sources) -> Option<Program> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs/senior-ic.mentor");
    check_program_file(&path, sources, &mut Diagnostics::new()).program
}

/// The corpus as `format`: one text per file (JSON Lines: one file of every log).
fn texts(format: LogFormat) -> Vec<String> {
    let logs = corpus();
    match format {
        LogFormat::Toml => logs.iter().map(|l| generate::to_toml(&l.doc)).collect(),
        LogFormat::Json => logs.iter().map(|l| generate::to_json(&l.doc)).collect(),
        LogFormat::Yaml => logs.iter().map(|l| generate::to_yaml(&l.doc)).collect(),
        // One export of every log, as a platform writes it.
        LogFormat::Csv => vec![generate::to_csv(
            &logs.iter().map(|l| &l.doc).collect::<Vec<_>>(),
        )],
        LogFormat::JsonLines => {
            let mut text = String::new();
            for log in logs {
                text.push_str(&generate::to_json_line(&log.doc));
                text.push('\n');
            }
            vec![text]
        }
    }
}

/// Loads and checks every text; returns the diagnostics (unsorted).
fn load_and_check(
    validator: &Validator,
    sources: &Sources,
    ids: &[SourceId],
    format: LogFormat,
) -> Diagnostics {
    let mut diagnostics = Diagnostics::new();
    let logs: Vec<_> = ids
        .iter()
        .flat_map(|id| parse_logs(sources, *id, format, &mut diagnostics))
        .collect();
    validator.validate_all(&logs, &mut diagnostics);
    diagnostics
}

const FORMATS: [&str; 5] = ["toml", "json", "jsonl", "yaml", "csv"];

fn format_of(name: &str) -> LogFormat {
    match name {
        "toml" => LogFormat::Toml,
        "json" => LogFormat::Json,
        "yaml" => LogFormat::Yaml,
        "csv" => LogFormat::Csv,
        _ => LogFormat::JsonLines,
    }
}

/// Log load + check of the 1,000-log corpus in one format (all cores, as `mentor validate`).
#[divan::bench(args = FORMATS, sample_count = 20)]
fn logs(bencher: Bencher, format: &str) {
    let format = format_of(format);
    let mut sources = Sources::new();
    let Some(program) = senior_ic(&mut sources) else {
        return;
    };
    let validator = Validator::new(vec![program], as_of());
    let texts = texts(format);
    let bytes: usize = texts.iter().map(String::len).sum();
    let ids: Vec<SourceId> = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| sources.add(format!("log-{i}"), text))
        .collect();
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| load_and_check(&validator, &sources, &ids, format).len());
}

/// The TOML texts of `logs/toml`, parsed by the `toml` crate alone with the parser mentor's
/// own TOML reading uses (`toml::de::DeTable::parse`), one after another as `logs` parses
/// them, and nothing built from the result: how fast TOML can be read at all, so that
/// `logs/toml` can be stated as a share of it. Returns how many parsed (a log with a day not in
/// the calendar is refused by TOML's grammar).
#[divan::bench(sample_count = 20)]
fn toml_crate_alone(bencher: Bencher) {
    let texts = texts(LogFormat::Toml);
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        texts
            .iter()
            .filter(|text| toml::de::DeTable::parse(text).is_ok())
            .count()
    });
}

/// The same texts through `toml::from_str` into a `toml::Table` (owned strings, serde): what a
/// program reading TOML the usual way pays.
#[divan::bench(sample_count = 20)]
fn toml_from_str(bencher: Bencher) {
    let texts = texts(LogFormat::Toml);
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        texts
            .iter()
            .filter(|text| toml::from_str::<toml::Table>(text).is_ok())
            .count()
    });
}

/// `.mentor` parse + resolve + check of a generated program of this many phases (each with a
/// lens, a competency and a milestone; 2,000 phases is about 1.6 MB).
#[divan::bench(args = [20, 200, 2000], sample_count = 10)]
fn program(bencher: Bencher, phases: usize) {
    let text = generate::large_program(phases);
    bencher.counter(BytesCount::new(text.len())).bench(|| {
        let mut sources = Sources::new();
        let mut diagnostics = Diagnostics::new();
        let id = sources.add("bench.mentor", text.as_str());
        check_program_source(id, Path::new("."), None, &mut sources, &mut diagnostics);
        diagnostics.len()
    });
}

/// The HTML playbook (dated, so every deadline and phase gets its dates) of a generated
/// program of this many phases; the program is parsed once, outside the measurement. Each
/// lens, milestone and phase is looked up by the others, so a quadratic step shows as a
/// tenfold jump from 2,000 to 20,000 phases where linear rendering takes ten times as long.
#[divan::bench(args = [200, 2000, 20000], sample_count = 5)]
fn playbook(bencher: Bencher, phases: usize) {
    let text =
        generate::large_program(phases).replace(&format!(" within {} weeks", phases * 2 + 2), "");
    let mut sources = Sources::new();
    let mut diagnostics = Diagnostics::new();
    let id = sources.add("bench.mentor", text.as_str());
    let Some(program) =
        check_program_source(id, Path::new("."), None, &mut sources, &mut diagnostics).program
    else {
        return;
    };
    let start = jiff::civil::date(2026, 1, 5);
    bencher.bench(|| {
        let playbook = mentor::render::playbook::Playbook::new(&program, None, Some(start));
        mentor::render::playbook::render_html(&playbook, mentor::render::playbook::Paper::A4).len()
    });
}

/// 10,000 sorted diagnostics from the logs of `format`, with their sources.
fn ten_thousand(format: LogFormat) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let Some(program) = senior_ic(&mut sources) else {
        return (sources, Vec::new());
    };
    // Every log carries a violation: about 1.3 diagnostics each.
    let logs = generate::generate(generate::Settings {
        logs: 9000,
        seed: 2,
        violation_share: 1.0,
    });
    let texts: Vec<String> = match format {
        LogFormat::JsonLines => {
            let mut text = String::new();
            for log in &logs {
                text.push_str(&generate::to_json_line(&log.doc));
                text.push('\n');
            }
            vec![text]
        }
        _ => logs.iter().map(|l| generate::to_toml(&l.doc)).collect(),
    };
    let ids: Vec<SourceId> = texts
        .into_iter()
        .enumerate()
        .map(|(i, text)| sources.add(format!("logs/pair-{i:06}"), text))
        .collect();
    let validator = Validator::new(vec![program], as_of());
    let mut diagnostics = load_and_check(&validator, &sources, &ids, format);
    diagnostics.sort(&sources);
    let mut diagnostics = diagnostics.into_vec();
    diagnostics.truncate(10_000);
    (sources, diagnostics)
}

/// Rendering 10,000 diagnostics in each format, pointing into TOML files (one log per file)
/// or into one JSON Lines file (long lines: the human snippets are wide; a JUnit test case per
/// record, each named by its pair).
#[divan::bench(
    args = [
        "human/toml", "short/toml", "json/toml", "human/jsonl", "short/jsonl", "json/jsonl",
        "sarif/jsonl", "github/jsonl", "junit/jsonl",
    ],
    sample_count = 5
)]
fn render(bencher: Bencher, case: &str) {
    let (output, source) = case.split_once('/').unwrap_or((case, "toml"));
    let format = format_of(source);
    let (sources, diagnostics) = ten_thousand(format);
    let summary = Summary::count(sources.len(), &diagnostics);
    let units = if output == "junit" {
        record_units(&sources)
    } else {
        Vec::new()
    };
    bencher
        .counter(divan::counter::ItemsCount::new(diagnostics.len()))
        .bench(|| match output {
            "human" => render_human(&diagnostics, &sources, false).len(),
            "short" => render_short(&diagnostics, &sources).len(),
            "sarif" => render_sarif(&diagnostics, &sources).len(),
            "github" => render_github(&diagnostics, &sources).len(),
            "junit" => render_junit(&diagnostics, &sources, &units, false).len(),
            _ => render_json(&diagnostics, &sources, &summary).len(),
        });
}

/// A unit for each line of each source, named as a pair: a JUnit test case per record.
fn record_units(sources: &Sources) -> Vec<Unit> {
    let mut units = Vec::new();
    for id in sources.ids() {
        let mut start = 0;
        for line in sources.get(id).text().split_inclusive('\n') {
            units.push(Unit::part(
                format!("pair-{:06}", units.len()),
                Span::new(id, start..start + line.trim_end().len()),
            ));
            start += line.len();
        }
    }
    units
}

/// The cohort of `REPORT_PAIRS` generated pairs, each checked and reduced as `mentor report`
/// does (once, outside the measurement).
const REPORT_PAIRS: usize = 19_100;

fn cohort_pairs() -> &'static (Program, Vec<mentor::cohort::PairProgress<'static>>) {
    static PAIRS: OnceLock<(Program, Vec<mentor::cohort::PairProgress<'static>>)> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut sources = Sources::new();
        let program = senior_ic(&mut sources).unwrap_or_else(|| std::process::abort());
        let logs = generate::generate(generate::Settings {
            logs: REPORT_PAIRS,
            seed: 1,
            violation_share: 0.2,
        });
        let mut text = String::new();
        for log in &logs {
            text.push_str(&generate::to_json_line(&log.doc));
            text.push('\n');
        }
        let id = sources.add("cohort.jsonl", text);
        // The pairs borrow their program's ids from the validator, which lives as long as they.
        let validator: &'static Validator =
            Box::leak(Box::new(Validator::new(vec![program.clone()], as_of())));
        let mut diagnostics = Diagnostics::new();
        let pairs = parse_logs(&sources, id, LogFormat::JsonLines, &mut diagnostics)
            .iter()
            .filter_map(|log| {
                let mut findings = Diagnostics::new();
                let program = validator.validate(log, &mut findings)?;
                let pair = log.pair.as_ref().map(|p| p.value.as_str());
                let exceptions = validator
                    .exceptions()
                    .for_pair(Some(&program.id), pair, as_of());
                Some(mentor::cohort::PairProgress::of(
                    program,
                    log,
                    as_of(),
                    &findings,
                    exceptions,
                ))
            })
            .collect();
        (program, pairs)
    })
}

/// `mentor report` of 19,100 pairs once every log is reduced: the aggregation (with its
/// suppression and weekly series) and the rendering, per format; `html` is the dashboard
/// (`mentor report --format html`: charts, tables capped at `MAX_TABLE_ROWS` rows).
#[divan::bench(args = ["md", "json", "csv", "html"], sample_count = 10)]
fn report(bencher: Bencher, format: &str) {
    let (program, pairs) = cohort_pairs();
    let pairs: Vec<&mentor::cohort::PairProgress> = pairs.iter().collect();
    bencher.bench(|| {
        let report = mentor::cohort::CohortReport::new(
            &[program],
            &pairs,
            Vec::new(),
            as_of(),
            5,
            false,
            &|_| String::new(),
        );
        match format {
            "md" => mentor::render::render_cohort_markdown(&report).len(),
            "csv" => mentor::render::render_cohort_csv(&report).len(),
            "html" => mentor::render::render_cohort_html(&report).len(),
            _ => mentor::render::render_cohort_json(&report).len(),
        }
    });
}

/// `mentor diff --logs` on the 1,000-log corpus (JSON Lines): every log checked under the
/// reference program and under a copy with a shorter longest gap (3 weeks), and the findings
/// compared (`diff::impact`). About twice `logs`, plus the comparison.
#[divan::bench(sample_count = 10)]
fn diff_impact(bencher: Bencher) {
    use mentor::diff::impact::{CheckedLog, Impact};
    let mut sources = Sources::new();
    let Some(old) = senior_ic(&mut sources) else {
        return;
    };
    let programs = Path::new(env!("CARGO_MANIFEST_DIR")).join("programs");
    let Ok(reference) = std::fs::read_to_string(programs.join("senior-ic.mentor")) else {
        return;
    };
    let shorter = reference.replace("gap at most 4 weeks", "gap at most 3 weeks");
    let source = sources.add("new/senior-ic.mentor", shorter);
    let Some(new) = check_program_source(
        source,
        &programs,
        None,
        &mut sources,
        &mut Diagnostics::new(),
    )
    .program
    else {
        return;
    };
    let (old, new) = (
        Validator::new(vec![old], as_of()),
        Validator::new(vec![new], as_of()),
    );
    let text: String = texts(LogFormat::JsonLines).concat();
    let bytes = text.len();
    let id = sources.add("logs.jsonl", text);
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        let mut diagnostics = Diagnostics::new();
        let checked: Vec<CheckedLog> =
            parse_logs(&sources, id, LogFormat::JsonLines, &mut diagnostics)
                .iter()
                .map(|log| {
                    let findings = |validator: &Validator| {
                        let mut found = Diagnostics::new();
                        validator.validate(log, &mut found);
                        found.into_vec()
                    };
                    CheckedLog {
                        name: String::new(),
                        file: String::new(),
                        line: None,
                        source: id,
                        program: None,
                        old: findings(&old),
                        new: findings(&new),
                    }
                })
                .collect();
        Impact::new(checked, &sources, as_of(), false)
            .changed_logs
            .len()
    });
}

/// JSON parsers on the JSON Lines corpus, one record at a time: what a SIMD parser would buy on
/// mentor's common path (issue 19). `mentor` is the whole of mentor's reading of a JSON Lines
/// text in memory (`parse_logs`: each record as a streamed file's blocks are read, without the
/// file), jiter's pull parser with every value's span kept and the typed log built from it, no
/// checks; the others parse each record into their own value tree,
/// with no span, which is what they can give without a second pass. All on one thread (mentor
/// parses records on every core; here it gets one, as the others do).
#[divan::bench(
    args = ["mentor (jiter, spans, typed log)", "jiter value", "serde_json value", "sonic-rs value", "simd-json borrowed value"],
    sample_count = 20
)]
fn json_parsers(bencher: Bencher, parser: &str) {
    let text: String = texts(LogFormat::JsonLines).concat();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bytes = text.len();
    let mut sources = Sources::new();
    let id = sources.add("logs.jsonl", text.clone());
    let bencher = bencher.counter(BytesCount::new(bytes));
    match parser {
        "jiter value" => bencher.bench(|| {
            lines
                .iter()
                .filter(|line| jiter::JsonValue::parse(line.as_bytes(), false).is_ok())
                .count()
        }),
        "serde_json value" => bencher.bench(|| {
            lines
                .iter()
                .filter(|line| serde_json::from_str::<serde_json::Value>(line).is_ok())
                .count()
        }),
        "sonic-rs value" => bencher.bench(|| {
            lines
                .iter()
                .filter(|line| sonic_rs::from_str::<sonic_rs::Value>(line).is_ok())
                .count()
        }),
        // simd-json parses in place: each record is copied into a reused buffer first.
        "simd-json borrowed value" => bencher.bench(|| {
            let mut buffer = Vec::new();
            lines
                .iter()
                .filter(|line| {
                    buffer.clear();
                    buffer.extend_from_slice(line.as_bytes());
                    simd_json::to_borrowed_value(&mut buffer).is_ok()
                })
                .count()
        }),
        _ => {
            let Ok(one_thread) = rayon::ThreadPoolBuilder::new().num_threads(1).build() else {
                return;
            };
            bencher.bench(|| {
                one_thread.install(|| {
                    let mut diagnostics = Diagnostics::new();
                    parse_logs(&sources, id, LogFormat::JsonLines, &mut diagnostics).len()
                })
            });
        }
    }
}

/// `mentor match`'s optimal assignment (`matching::assign`).
mod matching {
    use divan::Bencher;
    use mentor::matching::assign::{NOT_ALLOWED, Scores, assign};

    /// 5,000 mentees and 1,000 mentors of 5 places each (as many places as mentees): scores
    /// 0..30 from a fixed seed, a tenth of the pairs not allowed. `pathfinding::kuhn_munkres`
    /// took 630 s on the same problem expanded to 5,000 × 10,000 (`matching/assign.rs`).
    #[divan::bench(sample_count = 10)]
    fn assign_5000_mentees_1000_mentors(bencher: Bencher) {
        let (mentees, mentors) = (5000, 1000);
        let mut random = fastrand::Rng::with_seed(1);
        let mut scores = Scores::new(mentees, mentors);
        for mentee in 0..mentees {
            for mentor in 0..mentors {
                let score = if random.u8(0..10) == 0 {
                    NOT_ALLOWED
                } else {
                    random.i32(0..30)
                };
                scores.set(mentee, mentor, score);
            }
        }
        let capacities = vec![5; mentors];
        bencher.bench(|| assign(&scores, &capacities));
    }

    /// `mentor match`'s work on the same scale, from the roster's text: read and checked
    /// against `programs/leadership-tracks.mentor`'s `matching` block, every pair scored by its
    /// 4 requirements and 7 preferences, assigned, each pair explained. The generated roster
    /// (`examples/corpus`, `--roster-mentees 5000 --roster-mentors 1000`) is 0.6 MB.
    #[divan::bench(sample_count = 10)]
    fn match_roster_5000_mentees_1000_mentors(bencher: Bencher) {
        use mentor::check::check_program_file;
        use mentor::diagnostic::Diagnostics;
        use mentor::matching::roster::{RosterFormat, read_roster};
        use mentor::matching::{Existing, match_roster};
        use mentor::source::Sources;

        let mut sources = Sources::new();
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("programs/leadership-tracks.mentor");
        let checked = check_program_file(&path, &mut sources, &mut Diagnostics::new());
        let Some(matching) = checked.program.and_then(|program| program.matching) else {
            return;
        };
        let text = super::generate::roster(5000, 1000, 1);
        let source = sources.add("roster.csv", text.as_str());
        bencher.bench(|| {
            let mut diagnostics = Diagnostics::new();
            let roster = read_roster(
                source,
                &text,
                RosterFormat::Csv,
                &matching,
                &mut diagnostics,
            );
            assert!(!diagnostics.has_errors());
            match_roster(&matching, &roster, &Existing::default())
        });
    }
}
