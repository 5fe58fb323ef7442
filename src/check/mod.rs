//! Checks over resolved programs and loaded logs. No IO and no printing: checks read the model
//! and push diagnostics.

pub mod log;
pub mod program;
