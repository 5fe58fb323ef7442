//! The baseline for TOML validation speed: what the `toml` crate alone takes to read and parse
//! a directory of TOML files, with nothing of mentor's on top.
//!
//! ```text
//! cargo run --release --example toml_parse_alone -- target/corpus/toml
//! ```
//!
//! Walks the directory (and its subdirectories) in sorted order, collects every `*.toml` file,
//! then reads each as UTF-8 and parses it with `toml::de::DeTable::parse`, the parser behind
//! mentor's own TOML reading (`log::tree`), on all cores with rayon, as `mentor validate` reads
//! and parses its files. It prints the number of files, their bytes, and how many did not
//! parse. Time it beside `mentor validate` on the same directory (`docs/performance.md`,
//! *Reproduce*): mentor's target is at least 90% of this speed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

/// What parsing one file gave.
enum Outcome {
    Parsed { bytes: usize },
    NotToml { bytes: usize },
    Unreadable,
}

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(dir), None) = (args.next(), args.next()) else {
        eprintln!("usage: toml_parse_alone DIR");
        return ExitCode::from(2);
    };
    let mut files = Vec::new();
    if let Err(error) = toml_files(Path::new(&dir), &mut files) {
        eprintln!("cannot read {}: {error}", Path::new(&dir).display());
        return ExitCode::from(2);
    }
    let outcomes: Vec<Outcome> = files.par_iter().map(|path| parse(path)).collect();

    let (mut parsed, mut not_toml, mut unreadable, mut bytes) = (0usize, 0usize, 0usize, 0usize);
    for outcome in &outcomes {
        match outcome {
            Outcome::Parsed { bytes: read } => {
                parsed += 1;
                bytes += read;
            }
            Outcome::NotToml { bytes: read } => {
                not_toml += 1;
                bytes += read;
            }
            Outcome::Unreadable => unreadable += 1,
        }
    }
    println!(
        "{} files, {bytes} bytes: {parsed} parsed, {not_toml} not valid TOML, {unreadable} unreadable",
        files.len()
    );
    if unreadable > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads `path` as UTF-8 (mentor refuses other encodings too) and parses it.
fn parse(path: &Path) -> Outcome {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Outcome::Unreadable;
    };
    let bytes = text.len();
    match toml::de::DeTable::parse(&text) {
        Ok(_) => Outcome::Parsed { bytes },
        Err(_) => Outcome::NotToml { bytes },
    }
}

/// Every `*.toml` file under `dir`, depth first, each directory's entries sorted by name, so
/// the files are found in the same order on every run. Symlinked directories are not followed
/// (as mentor's walk does not), so a link loop cannot recurse.
fn toml_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = std::fs::read_dir(dir)?
        .map(|entry| entry.and_then(|e| Ok((e.path(), e.file_type()?))))
        .collect::<Result<_, _>>()?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        if kind.is_dir() {
            toml_files(&path, files)?;
        } else if !kind.is_symlink() && path.extension().is_some_and(|ext| ext == "toml") {
            files.push(path);
        }
    }
    Ok(())
}
