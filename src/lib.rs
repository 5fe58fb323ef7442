//! `mentor` turns a mentoring program into code.
//!
//! The pipeline follows the data, one module per stage:
//! `source` (files, spans) → `syntax` (pest grammar → AST with spans and comments) →
//! `resolve` (imports merged, names resolved → `model::Program`) → `check` (program checks,
//! log rules) → `render` (diagnostics in every output format) → `cli`.
//! `log` loads session logs with positions; `rules` is the catalogue of stable codes;
//! `expectations` reads, compares and updates the expected findings of `mentor test`'s cases.
//!
//! `check` is the front door: the CLI, the language server, benches, fuzz targets and the API
//! tests check programs and logs only through `check::{check_program_file,
//! check_program_source, load_programs, Validator}`, never through the rule modules behind it.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod cohort;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod exceptions;
pub mod expectations;
pub mod format;
pub mod log;
pub mod lsp;
pub mod matching;
pub mod model;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod schedule;
pub(crate) mod settings;
pub mod source;
pub mod syntax;
pub mod words;
