//! Tests that drive the library directly.

mod no_panic;
mod rules_doc;
