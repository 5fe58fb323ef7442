//! Tests that drive the library directly.

mod escapes;
mod no_panic;
mod rules_doc;
