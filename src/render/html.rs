//! What every HTML page we write shares: the escaping of text we did not write.
//!
//! The playbook and the cohort dashboard are self-contained pages; every program and log string
//! in them (text and double-quoted attribute values alike, inline SVG included) goes through
//! [`escape`].

/// Text from a program or a log, escaped for HTML text and double-quoted attribute values, with
/// control characters and bidi overrides shown escaped (`render::visible`).
pub(crate) fn escape(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(&crate::render::visible::visible(s)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_quotes_and_control_characters_are_escaped() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; 'b'&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{1b}[31mb");
    }
}
