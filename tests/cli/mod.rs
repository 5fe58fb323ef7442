//! Tests that run the built `mentor` binary.

mod bounds;
mod exit_codes;
mod explain;
mod fixtures;
mod formats;
mod imports;
mod mutations;
mod programs;
mod robustness;
