//! Writes a deterministic corpus of pair logs against `programs/senior-ic.mentor`, for
//! benchmarks and the JSON Schema comparison (`scripts/compare-jsonschema.sh`).
//!
//! ```text
//! cargo run --release --example corpus -- --out target/corpus --logs 25000 --seed 1 --violations 0.2
//! ```
//!
//! writes, under `--out`:
//! - `toml/pair-NNNNNN.toml`: one hand-written-style TOML file per pair;
//! - `json/pair-NNNNNN.json`: one indented JSON export per pair;
//! - `logs.jsonl`: every pair, one compact JSON object per line, in pair order;
//! - `manifest.tsv`: one row per pair: its JSON Lines line, its violation (`none` for a
//!   compliant log), the rule codes `mentor validate --as-of 2026-06-01` reports for it, and
//!   whether the violation is structural (visible to a JSON Schema);
//! - with `--program-phases K`, `program-K.mentor`: a large valid program for parser benchmarks;
//! - with `--roster-mentees N --roster-mentors M`, `leadership-tracks.roster.csv`: a roster of
//!   N mentees and M mentors (capacity 5 each) for `programs/leadership-tracks.mentor`'s
//!   `matching` block, for `mentor match`.
//!
//! The same seed and settings give byte-identical files.

mod generate;

use std::io::{BufWriter, Write as _};
use std::path::PathBuf;

use clap::Parser;

#[derive(Debug, Parser)]
struct Args {
    /// Directory to write into (created; existing corpus files are replaced)
    #[arg(long)]
    out: PathBuf,
    /// Number of pair logs
    #[arg(long, default_value_t = 1000)]
    logs: usize,
    /// Seed of the random generator
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of logs carrying one violation (0.0–1.0)
    #[arg(long, default_value_t = 0.2)]
    violations: f64,
    /// Formats to write: any of toml, json, jsonl, yaml, csv
    #[arg(long, value_delimiter = ',', default_value = "toml,json,jsonl")]
    formats: Vec<String>,
    /// Also write `program-K.mentor`, a valid program of K phases
    #[arg(long, value_name = "K")]
    program_phases: Option<usize>,
    /// Also write `leadership-tracks.roster.csv` with this many mentees
    #[arg(long, value_name = "N", requires = "roster_mentors")]
    roster_mentees: Option<usize>,
    /// …and this many mentors
    #[arg(long, value_name = "M", requires = "roster_mentees")]
    roster_mentors: Option<usize>,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let logs = generate::generate(generate::Settings {
        logs: args.logs,
        seed: args.seed,
        violation_share: args.violations,
    });
    std::fs::create_dir_all(&args.out)?;
    if let (Some(mentees), Some(mentors)) = (args.roster_mentees, args.roster_mentors) {
        let roster = generate::roster(mentees, mentors, args.seed);
        std::fs::write(args.out.join("leadership-tracks.roster.csv"), roster)?;
    }
    let wants = |format: &str| args.formats.iter().any(|f| f == format);

    let mut bytes = [0usize; 5];
    if wants("toml") {
        let dir = args.out.join("toml");
        std::fs::create_dir_all(&dir)?;
        for log in &logs {
            let text = generate::to_toml(&log.doc);
            bytes[0] += text.len();
            std::fs::write(dir.join(format!("{}.toml", log.pair)), text)?;
        }
    }
    if wants("json") {
        let dir = args.out.join("json");
        std::fs::create_dir_all(&dir)?;
        for log in &logs {
            let text = generate::to_json(&log.doc);
            bytes[1] += text.len();
            std::fs::write(dir.join(format!("{}.json", log.pair)), text)?;
        }
    }
    if wants("yaml") {
        let dir = args.out.join("yaml");
        std::fs::create_dir_all(&dir)?;
        for log in &logs {
            let text = generate::to_yaml(&log.doc);
            bytes[3] += text.len();
            std::fs::write(dir.join(format!("{}.yaml", log.pair)), text)?;
        }
    }
    if wants("csv") {
        // One export of every log, as a platform writes it.
        let docs: Vec<&generate::Doc> = logs.iter().map(|log| &log.doc).collect();
        let text = generate::to_csv(&docs);
        bytes[4] = text.len();
        std::fs::write(args.out.join("logs.csv"), text)?;
    }
    if wants("jsonl") {
        let mut file = BufWriter::new(std::fs::File::create(args.out.join("logs.jsonl"))?);
        for log in &logs {
            let line = generate::to_json_line(&log.doc);
            bytes[2] += line.len() + 1;
            file.write_all(line.as_bytes())?;
            file.write_all(b"\n")?;
        }
        file.flush()?;
    }

    let mut manifest = BufWriter::new(std::fs::File::create(args.out.join("manifest.tsv"))?);
    writeln!(manifest, "pair\tjsonl_line\tviolation\tcodes\tstructural")?;
    for (line, log) in logs.iter().enumerate() {
        let (name, codes, structural) = match log.violation {
            Some(v) => (v.name, v.codes.join(","), v.structural.to_string()),
            None => ("none", "-".to_owned(), "-".to_owned()),
        };
        writeln!(
            manifest,
            "{}\t{}\t{name}\t{codes}\t{structural}",
            log.pair,
            line + 1
        )?;
    }
    manifest.flush()?;

    if let Some(phases) = args.program_phases {
        let text = generate::large_program(phases);
        std::fs::write(args.out.join(format!("program-{phases}.mentor")), &text)?;
        eprintln!("program-{phases}.mentor: {} bytes", text.len());
    }

    let flagged = logs.iter().filter(|l| l.violation.is_some()).count();
    eprintln!(
        "{} logs ({flagged} with a violation) in {}: toml {} B, json {} B, jsonl {} B, yaml {} B, csv {} B; validate with --as-of {}",
        logs.len(),
        args.out.display(),
        bytes[0],
        bytes[1],
        bytes[2],
        bytes[3],
        bytes[4],
        generate::AS_OF
    );
    Ok(())
}
