//! Diagnostics in every output format, one file per format: `human` (miette's graphical
//! report), `short` (one line each), `json`, `sarif`, `github` (workflow commands) and `junit`.
//!
//! They take sorted diagnostics and the sources, and never reorder, filter or change a
//! diagnostic, so every format says the same. They live apart from the other renderers (the
//! playbook, the cohort report, the log skeleton), which lay out a program or a report, not
//! findings.

pub(super) mod github;
pub(super) mod human;
pub(super) mod json;
pub(super) mod junit;
pub(super) mod sarif;
pub(super) mod short;
