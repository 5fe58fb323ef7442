//! Hand-drawn inline SVG, shared by the playbook's timeline and the cohort dashboard's charts:
//! an element writer that escapes every attribute value and text, one number format, and the
//! rough text measure that keeps labels inside a drawing.
//!
//! We draw ourselves rather than through a charting crate (ARCHITECTURE.md, "Dependencies"):
//! a printed page needs a drawing that scales to the paper (`viewBox`, `width="100%"`), a text
//! alternative (`<title>`, `<desc>`), classes the print stylesheet styles, and exact control of
//! what is drawn, so that a suppressed figure is never drawn nor sizes anything.
//!
//! Coordinates are SVG user units, written with one decimal: the same drawing gives the same
//! bytes on every machine.

use std::fmt::Write as _;

use crate::render::html::escape;

/// Text size in SVG units (the stylesheets use the same); the page scales the drawing to fit.
pub(crate) const FONT: f64 = 14.0;
/// A rough average glyph width for a sans-serif face, to keep labels inside the drawing.
pub(crate) const GLYPH: f64 = FONT * 0.55;

/// An SVG drawing being written.
pub(crate) struct Svg {
    out: String,
}

impl Svg {
    /// Opens an `<svg>` that scales to the width of its container, with its accessible name and
    /// description (`{id}-title`, `{id}-desc`; both escaped).
    pub(crate) fn new(
        class: &str,
        id: &str,
        width: f64,
        height: f64,
        title: &str,
        description: &str,
    ) -> Svg {
        let mut out = String::new();
        let _ = write!(
            out,
            "<svg class=\"{class}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             viewBox=\"0 0 {width} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\n\
             <title id=\"{id}-title\">{}</title>\n\
             <desc id=\"{id}-desc\">{}</desc>\n",
            escape(title),
            escape(description)
        );
        Svg { out }
    }

    /// Starts an element; its attributes follow, then `empty`, `text` or `open`.
    pub(crate) fn element(&mut self, name: &'static str) -> Element<'_> {
        self.out.push('<');
        self.out.push_str(name);
        Element {
            out: &mut self.out,
            name,
        }
    }

    /// Ends an element started with [`Element::open`].
    pub(crate) fn close(&mut self, name: &str) {
        let _ = writeln!(self.out, "</{name}>");
    }

    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// An element whose start tag is being written.
pub(crate) struct Element<'a> {
    out: &'a mut String,
    name: &'static str,
}

impl Element<'_> {
    /// A coordinate or length, with one decimal.
    pub(crate) fn num(self, name: &str, value: f64) -> Self {
        let _ = write!(self.out, " {name}=\"{}\"", num(value));
        self
    }

    /// Any other attribute, escaped.
    pub(crate) fn attr(self, name: &str, value: &str) -> Self {
        let _ = write!(self.out, " {name}=\"{}\"", escape(value));
        self
    }

    /// An element without content, on its own line.
    pub(crate) fn empty(self) {
        self.out.push_str("/>\n");
    }

    /// An element holding `text` (escaped), on its own line.
    pub(crate) fn text(self, text: &str) {
        let name = self.name;
        let _ = writeln!(self.out, ">{}</{name}>", escape(text));
    }

    /// An element holding `text` (escaped), followed by its siblings on the same line (a
    /// `<tspan>` of a label).
    pub(crate) fn inline_text(self, text: &str) {
        let name = self.name;
        let _ = write!(self.out, ">{}</{name}>", escape(text));
    }

    /// An element with children; end it with [`Svg::close`].
    pub(crate) fn open(self) {
        self.out.push('>');
    }

    /// An element with children on their own lines; end it with [`Svg::close`].
    pub(crate) fn open_line(self) {
        self.out.push_str(">\n");
    }
}

/// A coordinate as every drawing writes it: one decimal.
pub(crate) fn num(value: f64) -> String {
    format!("{value:.1}")
}

/// How wide `text` is at `size` SVG units, roughly.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.55
}

/// Whether `text` fits in `room` units at the drawing's text size.
pub(crate) fn fits(text: &str, room: f64) -> bool {
    text.chars().count() as f64 * GLYPH <= room
}

/// `text` in at most two lines of `room` units, broken between words; what does not fit ends
/// in an ellipsis (the full text is in the table beside every drawing).
pub(crate) fn wrap(text: &str, room: f64) -> Vec<String> {
    let per_line = ((room / GLYPH) as usize).max(8);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if !current.is_empty() && needed > per_line {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(" ");
        lines.push(rest);
    }
    lines
        .into_iter()
        .map(|line| {
            if line.chars().count() > per_line {
                let mut cut: String = line.chars().take(per_line - 1).collect();
                cut.push('…');
                cut
            } else {
                line
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_text_are_escaped() {
        let mut svg = Svg::new("c", "x", 100.0, 50.5, "A <b>", "\"quoted\"");
        svg.element("rect")
            .num("x", 1.26)
            .attr("class", "a\"b")
            .empty();
        svg.element("text").num("y", 3.0).text("<script>");
        let out = svg.finish();
        assert!(out.starts_with(
            "<svg class=\"c\" role=\"img\" aria-labelledby=\"x-title x-desc\" viewBox=\"0 0 100 50.5\""
        ));
        assert!(out.contains("<title id=\"x-title\">A &lt;b&gt;</title>"));
        assert!(out.contains("<desc id=\"x-desc\">&quot;quoted&quot;</desc>"));
        assert!(out.contains("<rect x=\"1.3\" class=\"a&quot;b\"/>\n"));
        assert!(out.contains("<text y=\"3.0\">&lt;script&gt;</text>\n"));
        assert!(out.ends_with("</svg>"));
    }

    #[test]
    fn long_labels_wrap_into_two_lines_and_end_in_an_ellipsis() {
        assert_eq!(wrap("short", 200.0), ["short"]);
        let lines = wrap(
            "a label far too long for the room it has been given here",
            100.0,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| fits(l, 100.0 + GLYPH)));
        assert!(lines[1].ends_with('…'));
        assert!(fits("abc", 3.0 * GLYPH));
        assert!(!fits("abcd", 3.0 * GLYPH));
    }
}
