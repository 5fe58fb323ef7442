//! Registering what was read in [`Sources`]: bytes decoded as UTF-8 (else `F002`, the text kept
//! with each bad byte replaced), and `F001` for what could not be read, registered empty so the
//! diagnostic has a place to point at. Nothing here touches the file system (`files.rs` does).

use super::{SourceId, Sources, Span};
use crate::diagnostic::{Diagnostic, Label};

/// Registers bytes as a source, with an `F002` diagnostic if they are not UTF-8.
pub fn decode(
    bytes: Vec<u8>,
    display_name: &str,
    sources: &mut Sources,
) -> Result<SourceId, Box<crate::diagnostic::Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(sources.add(display_name, text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let byte = error.as_bytes().get(offset).copied().unwrap_or(0);
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let id = sources.add(display_name, text);
            Err(Box::new(not_utf8(id, display_name, offset, byte)))
        }
    }
}

/// `F001` for a file or directory that could not be read, registered (empty) in `sources` so
/// the diagnostic has a place to point at.
pub fn unreadable(
    sources: &mut Sources,
    display_name: &str,
    reason: &str,
) -> crate::diagnostic::Diagnostic {
    let id = sources.add(display_name, "");
    cannot_read(id, display_name, reason)
}

/// `F001` for the file registered as `id`, which could not be read (or read to its end).
pub fn cannot_read(id: SourceId, display_name: &str, reason: &str) -> Diagnostic {
    Diagnostic::new(
        &crate::rules::UNREADABLE_FILE,
        format!("cannot read `{display_name}`: {reason}"),
        Label::bare(Span::new(id, 0..0)),
    )
}

/// `F002` for the file registered as `id`: `byte`, at `offset`, is the first that is not UTF-8.
pub fn not_utf8(id: SourceId, display_name: &str, offset: usize, byte: u8) -> Diagnostic {
    Diagnostic::new(
        &crate::rules::NOT_UTF8,
        format!(
            "`{display_name}` is not UTF-8 text: byte 0x{byte:02X} at offset {offset} is invalid"
        ),
        Label::new(Span::new(id, offset..offset + 1), "not UTF-8"),
    )
    .with_help("save the file as UTF-8; a binary file cannot be checked")
}
