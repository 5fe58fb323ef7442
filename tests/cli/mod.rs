//! Tests that run the built `mentor` binary.

mod bounds;
mod controls;
mod exit_codes;
mod explain;
mod fixtures;
mod formats;
pub(crate) mod imports;
mod mutations;
mod programs;
pub(crate) mod reading;
mod robustness;
mod writing;
