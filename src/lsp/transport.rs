//! Content-Length framed JSON-RPC over a byte stream.
//!
//! `lsp-server`'s own stdio transport ends the connection on the first payload that is not a
//! JSON-RPC message; a language server must answer it with an error and keep going. So frames
//! are read here, and only well-formed bodies become `lsp_server::Message`s.

use std::io::{self, BufRead, Read, Write};

/// Frames larger than this are skipped (and answered with an error) rather than buffered.
const MAX_FRAME: usize = 64 * 1024 * 1024;

/// Header lines are `Content-Length: 123` and `Content-Type: …`; past this many bytes a line
/// is skipped, not buffered: a client sending 50 MiB without a line break must not make the
/// server hold it, or quote it back.
const MAX_HEADER_LINE: usize = 1024;

/// How much of a bad header line an error message quotes.
const QUOTED: usize = 80;

/// What one read from the client gave.
#[derive(Debug)]
pub(super) enum Frame {
    /// A message body (not yet known to be JSON).
    Body(Vec<u8>),
    /// A header block that could not be understood; the reader has skipped past it.
    BadHeader(String),
    /// The client closed the stream.
    Eof,
}

/// Reads one frame. IO errors other than malformed input end the connection.
pub(super) fn read_frame(reader: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut line = Vec::new();
    let mut saw_header = false;
    loop {
        line.clear();
        let (read, cut) = read_line_capped(reader, &mut line)?;
        if read == 0 {
            return Ok(if saw_header {
                Frame::BadHeader("the stream ended inside a header".to_owned())
            } else {
                Frame::Eof
            });
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() && !cut {
            if !saw_header {
                continue; // Stray blank lines between frames.
            }
            break;
        }
        saw_header = true;
        if cut {
            bad = Some(format!(
                "a header line of more than {MAX_HEADER_LINE} bytes, starting `{}`",
                quote(text)
            ));
            continue;
        }
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) => length = Some(n),
                    Err(_) => {
                        bad = Some(format!("invalid Content-Length `{}`", quote(value.trim())));
                    }
                }
            }
            Some(_) => {} // Content-Type and any other header.
            None => bad = Some(format!("malformed header line `{}`", quote(text))),
        }
    }
    if let Some(message) = bad {
        if let Some(n) = length {
            skip(reader, n)?;
        }
        return Ok(Frame::BadHeader(message));
    }
    let Some(length) = length else {
        return Ok(Frame::BadHeader("no Content-Length header".to_owned()));
    };
    if length > MAX_FRAME {
        skip(reader, length)?;
        return Ok(Frame::BadHeader(format!(
            "a message of {length} bytes is larger than the limit of {MAX_FRAME}"
        )));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Frame::Body(body))
}

/// Reads one line (up to and including `\n`, or to the end of the stream) into `line`, keeping
/// at most [`MAX_HEADER_LINE`] bytes of it. Returns the bytes consumed (0 at the end of the
/// stream) and whether the line was cut.
fn read_line_capped(reader: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut cut = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok((consumed, cut));
        }
        let (chunk, ends_line) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (&available[..=end], true),
            None => (available, false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        cut |= chunk.len() > room;
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        reader.consume(used);
        consumed += used;
        if ends_line {
            return Ok((consumed, cut));
        }
    }
}

/// The start of a text quoted in an error message: at most [`QUOTED`] characters.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTED) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

fn skip(reader: &mut impl BufRead, n: usize) -> io::Result<()> {
    let copied = io::copy(&mut Read::take(reader.by_ref(), n as u64), &mut io::sink())?;
    if (copied as usize) < n {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the stream ended inside a message",
        ));
    }
    Ok(())
}

/// Writes one framed JSON value.
pub(super) fn write_frame(writer: &mut impl Write, body: &serde_json::Value) -> io::Result<()> {
    let text = serde_json::to_string(body)?;
    write!(writer, "Content-Length: {}\r\n\r\n", text.len())?;
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut reader) {
                Ok(Frame::Eof) | Err(_) => return out,
                Ok(Frame::Body(body)) => out.push(String::from_utf8_lossy(&body).into_owned()),
                Ok(Frame::BadHeader(message)) => out.push(format!("bad: {message}")),
            }
        }
    }

    #[test]
    fn reads_frames_and_skips_bad_headers() {
        let input = "Content-Length: 2\r\n\r\n{}garbage\r\n\r\ncontent-length: 4\r\nContent-Type: x\r\n\r\nnull";
        assert_eq!(
            frames(input),
            ["{}", "bad: malformed header line `garbage`", "null"]
        );
        assert_eq!(
            frames("Content-Length: x\r\n\r\n"),
            ["bad: invalid Content-Length `x`"]
        );
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        /// Whatever the client sends (header-like lines, line breaks, garbage of any length),
        /// reading ends, and an error quotes at most a short piece of it.
        #[test]
        fn any_bytes_are_framed_with_short_errors(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("Content-Length: 2\r\n".to_owned()),
                    proptest::strategy::Just("Content-Length: 99999999999\r\n".to_owned()),
                    proptest::strategy::Just("\r\n".to_owned()),
                    proptest::strategy::Just("{}".to_owned()),
                    "[^\n]{0,40}",
                    (1usize..5000).prop_map(|n| "y".repeat(n)),
                ],
                0..40,
            )
        ) {
            let input = pieces.concat();
            for frame in frames(&input) {
                if let Some(message) = frame.strip_prefix("bad: ") {
                    proptest::prop_assert!(message.chars().count() <= 200, "{message}");
                }
            }
        }
    }

    /// A header line of megabytes is neither kept nor quoted back whole, and the frame after
    /// it is read as usual.
    #[test]
    fn a_long_header_line_is_skipped_and_quoted_briefly() {
        let long = "x".repeat(5 * 1024 * 1024);
        let input = format!("{long}\r\n\r\nContent-Length: 2\r\n\r\n{{}}");
        let out = frames(&input);
        assert_eq!(
            out.len(),
            2,
            "{:?}",
            out.iter().map(String::len).collect::<Vec<_>>()
        );
        assert_eq!(
            out[0],
            format!(
                "bad: a header line of more than 1024 bytes, starting `{}…`",
                "x".repeat(80)
            )
        );
        assert_eq!(out[1], "{}");
        // No line break at all: the stream ends inside the header.
        assert_eq!(frames(&long), ["bad: the stream ended inside a header"]);
        // Quoted text is cut at 80 characters, not bytes.
        let wide = format!("{}\r\n\r\n", "é".repeat(200));
        assert_eq!(
            frames(&wide),
            [format!("bad: malformed header line `{}…`", "é".repeat(80))]
        );
    }
}
