//! The inline SVG timeline: phases as bands along the sessions, review sessions circled on the
//! axis, the estimated dates of sessions with `--start`, and one row per milestone with a
//! marker at its deadline.
//!
//! The x axis counts sessions. A `by week N` deadline is placed where week N falls if sessions
//! keep the cadence (session 1 in week 0); without a cadence it cannot be placed and is left to
//! the milestone table. Fixed dates are placed the same way when the playbook has a start date.
//!
//! Every text stays readable in print: a phase's title wraps inside its band (a band too narrow
//! for it is numbered and named in a key under the bands), the caption has a row of its own,
//! and grid lines stop short of every label they would cross, so no line runs through a word.
//! (A white outline drawn under the letters was tried: Chromium puts it in the PDF as a second
//! copy of every word, so the printout's text read "1. A 1. A strategic strategic …".)

use jiff::civil::Date;

use super::{PROGRESSION_ROWS, Playbook, ReviewSessions};
use crate::render::svg::{FONT, GLYPH, Svg, fits, num, text_width, wrap};

const WIDTH: f64 = 800.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;
/// Baselines of the caption, the session numbers and (with dates) the dates.
const CAPTION_Y: f64 = 12.0;
const NUMBERS_Y: f64 = 34.0;
const DATES_Y: f64 = 52.0;
const ROW_HEIGHT: f64 = 24.0;
/// The extra height of a label's second line.
const LINE_HEIGHT: f64 = 17.0;

/// Phase titles inside the bands: their size, a generous glyph width for the semibold face,
/// their line height, and the most lines a band holds.
const BAND_FONT: f64 = 12.0;
const BAND_GLYPH: f64 = BAND_FONT * 0.62;
const BAND_LINE: f64 = 15.0;
const BAND_LINES: usize = 3;
/// The dates' size (the stylesheet's `.date`).
const DATE_FONT: f64 = 11.0;

/// The most session ticks the axis carries. Up to this many sessions each one is numbered;
/// beyond, every session whose number is a multiple of a round step (2, 5, 10, 20, 50, …) is,
/// so the drawing stays the same size whether the program has 60 sessions or 100,000.
const MAX_TICKS: u32 = 60;

/// Fills for the phase bands, light enough for dark text (contrast above 7:1 with #1a1a1a).
const BAND_FILLS: [&str; 4] = ["#dbe7f3", "#e4efd9", "#f6e6cf", "#ece0f0"];

/// How the drawing shows review sessions, for its caption to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reviews {
    None,
    /// Every session is numbered: a review's number is circled. `capped`: only the first
    /// [`PROGRESSION_ROWS`] of a phase are.
    Circled {
        capped: bool,
    },
    /// Too many sessions to number each: a dot above the bands.
    Dotted {
        capped: bool,
    },
}

impl Reviews {
    /// The caption's sentence on reviews: "Review sessions are circled."
    pub(super) fn caption(self) -> String {
        let (sentence, capped) = match self {
            Reviews::None => return String::new(),
            Reviews::Circled { capped } => ("Review sessions are circled", capped),
            Reviews::Dotted { capped } => {
                ("A dot above the bands marks each review session", capped)
            }
        };
        let capped = if capped {
            format!(" (the first {PROGRESSION_ROWS} of a phase)")
        } else {
            String::new()
        };
        format!(" {sentence}{capped}.")
    }
}

/// The timeline as an `<svg>` element and how it marks reviews, or `None` when the program has
/// no sessions to draw.
pub(super) fn svg(playbook: &Playbook) -> Option<(String, Reviews)> {
    let program = playbook.program;
    let last = program.last_session();
    if last == 0 || program.phases.is_empty() {
        return None;
    }
    let placed: Vec<(usize, &str, f64, String)> = playbook
        .milestones
        .iter()
        .filter_map(|m| {
            let due = m.due.as_ref()?;
            let position = playbook.deadline_position(due.deadline)?;
            Some((
                m.number,
                m.milestone.label.as_str(),
                position,
                due.deadline.describe(),
            ))
        })
        .collect();
    // Deadlines beyond the last session (a mistake `check` warns about) widen the axis so the
    // marker still shows.
    let axis_end = placed
        .iter()
        .map(|(_, _, p, _)| *p)
        .fold(f64::from(last), f64::max)
        .ceil();
    let slot = (WIDTH - LEFT - RIGHT) / axis_end;
    // Session n occupies the slot [n-1, n); its centre is the tick.
    let x_of = |position: f64| LEFT + (position - 0.5) * slot;

    let step = readable_step(tick_step(last), last, slot);
    let dates = session_dates(playbook, last, slot);
    let ReviewSessions {
        sessions: reviews,
        capped,
    } = playbook.review_sessions();
    let axis_bottom = if dates.is_empty() { NUMBERS_Y } else { DATES_Y } + 8.0;
    let band_top = axis_bottom + 4.0;

    // Each band's title in the lines that fit inside it, or `None`: numbered, and named in the
    // key under the bands.
    let titles: Vec<(f64, f64, Option<Vec<String>>)> = program
        .phases
        .iter()
        .enumerate()
        .map(|(index, phase)| {
            let x0 = LEFT + f64::from(phase.first_session.saturating_sub(1)) * slot;
            let x1 = LEFT + f64::from(phase.last_session) * slot;
            let title = format!("{}. {}", index + 1, phase.label);
            (x0, x1, wrap_within(&title, x1 - x0 - 8.0))
        })
        .collect();
    let band_lines = titles
        .iter()
        .filter_map(|(_, _, lines)| lines.as_ref().map(Vec::len))
        .max()
        .unwrap_or(1);
    let band_height = 14.0 + BAND_LINE * band_lines as f64;
    let key: Vec<String> = program
        .phases
        .iter()
        .zip(&titles)
        .enumerate()
        .filter(|(_, (_, (_, _, lines)))| lines.is_none())
        .map(|(index, (phase, _))| format!("{}. {}", index + 1, phase.label))
        .collect();
    let key_lines = key_lines(&key, WIDTH - LEFT - RIGHT);
    let key_top = band_top + band_height + 6.0;
    let rows_top = key_top + LINE_HEIGHT * key_lines.len() as f64 + 10.0;

    // Each milestone row: marker position, text anchor and the (at most two) lines of its label.
    let rows: Vec<(f64, &str, f64, Vec<String>)> = placed
        .iter()
        .map(|(number, label, position, due)| {
            let x = x_of(*position);
            let (right, left) = (WIDTH - RIGHT - x - 10.0, x - 10.0 - LEFT);
            // The deadline is never broken over two lines ("— by" / "session 5" read badly).
            let text = format!("{number}. {label} — {}", due.replace(' ', "\u{a0}"));
            // Right of the marker when the label fits there, else on the side with more room.
            let (anchor, label_x, room) = if fits(&text, right) || right >= left {
                ("start", x + 10.0, right)
            } else {
                ("end", x - 10.0, left)
            };
            (label_x, anchor, x, wrap(&text, room))
        })
        .collect();
    let rows_height: f64 = rows
        .iter()
        .map(|(_, _, _, lines)| ROW_HEIGHT + LINE_HEIGHT * (lines.len() as f64 - 1.0))
        .sum();
    let height = rows_top + rows_height + 8.0;

    let mut svg = Svg::new(
        "timeline",
        "timeline",
        WIDTH,
        height,
        "Timeline of the phases, reviews and milestone deadlines",
        &description(playbook, &placed, &reviews, capped),
    );
    // Where the texts below the bands lie (the key, each line of each milestone label), roughly
    // and generously measured: a grid line is drawn around them, never through them.
    let mut labels: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (line_index, line) in key_lines.iter().enumerate() {
        let baseline = key_top + 12.0 + LINE_HEIGHT * line_index as f64;
        labels.push((
            LEFT - 4.0,
            LEFT + generous_width(line, 13.0) + 4.0,
            baseline - 13.0,
            baseline + 5.0,
        ));
    }
    let mut y = rows_top;
    for (label_x, anchor, _, lines) in &rows {
        let centre = y + ROW_HEIGHT / 2.0;
        for (line_index, line) in lines.iter().enumerate() {
            let baseline = centre + 5.0 + LINE_HEIGHT * line_index as f64;
            let width = generous_width(line, FONT);
            let (x0, x1) = if *anchor == "start" {
                (*label_x, label_x + width)
            } else {
                (label_x - width, *label_x)
            };
            labels.push((x0 - 4.0, x1 + 4.0, baseline - 14.0, baseline + 5.0));
        }
        y += ROW_HEIGHT + LINE_HEIGHT * (lines.len() as f64 - 1.0);
    }
    // Grid lines first, behind everything: the bands cover them.
    let ticks: Vec<u32> = std::iter::once(1)
        .filter(|_| step >= 5)
        .chain((step..=last).step_by(usize::try_from(step).unwrap_or(usize::MAX)))
        .collect();
    for &n in &ticks {
        let x = x_of(f64::from(n));
        let path = grid_path(x, axis_bottom - 4.0, height - 4.0, &labels);
        if !path.is_empty() {
            svg.element("path")
                .attr("d", &path)
                .attr("class", "grid")
                .empty();
        }
    }
    svg.element("text")
        .num("x", LEFT)
        .num("y", CAPTION_Y)
        .attr("class", "axis-label")
        .text(if dates.is_empty() {
            "Session"
        } else {
            "Session, and its date if every session keeps the cadence (estimated)"
        });
    // A review session's number is circled; on an axis too dense to number every session, a
    // review is a dot under the numbers.
    // One dot per drawing unit at most: reviews closer together than that look like one, and a
    // program of many long phases stays a drawing of bounded size.
    let mut last_dot: Option<i64> = None;
    for &n in &reviews {
        let x = x_of(f64::from(n));
        // A rounded coordinate inside the drawing's 800 units, so the cast is exact.
        let unit = x.round() as i64;
        if last_dot == Some(unit) {
            continue;
        }
        last_dot = Some(unit);
        if step == 1 {
            svg.element("circle")
                .num("cx", x)
                .num("cy", NUMBERS_Y - 4.5)
                .attr("r", "10")
                .attr("class", "review")
                .empty();
        } else {
            svg.element("circle")
                .num("cx", x)
                .num("cy", axis_bottom)
                .attr("r", "2.5")
                .attr("class", "review")
                .empty();
        }
    }
    for &n in &ticks {
        let class = if step == 1 && reviews.binary_search(&n).is_ok() {
            "tick on-review"
        } else {
            "tick"
        };
        svg.element("text")
            .num("x", x_of(f64::from(n)))
            .num("y", NUMBERS_Y)
            .attr("class", class)
            .attr("text-anchor", "middle")
            .text(&n.to_string());
    }
    // A date is centred under its session, moved in at the drawing's edges so it is whole.
    let half_date = text_width("2025-01-06", DATE_FONT) / 2.0;
    for (n, date) in &dates {
        svg.element("text")
            .num(
                "x",
                x_of(f64::from(*n)).clamp(half_date + 2.0, WIDTH - half_date - 2.0),
            )
            .num("y", DATES_Y)
            .attr("class", "date")
            .attr("text-anchor", "middle")
            .text(&date.to_string());
    }
    for (index, (x0, x1, lines)) in titles.iter().enumerate() {
        svg.element("rect")
            .num("x", x0 + 1.0)
            .num("y", band_top)
            .num("width", (x1 - x0 - 2.0).max(1.0))
            .num("height", band_height)
            .attr("rx", "4")
            .attr("fill", BAND_FILLS[index % BAND_FILLS.len()])
            .attr("stroke", "#1a1a1a")
            .attr("stroke-width", "0.75")
            .empty();
        let number = [(index + 1).to_string()];
        let lines = lines.as_deref().unwrap_or(&number);
        // The lines centred in the band, whatever their number.
        let first_baseline = band_top + band_height / 2.0
            - BAND_LINE * (lines.len() as f64 - 1.0) / 2.0
            + BAND_FONT * 0.35;
        svg.element("text")
            .num("x", (x0 + x1) / 2.0)
            .num("y", first_baseline)
            .attr("class", "band")
            .attr("text-anchor", "middle")
            .open();
        for (line_index, line) in lines.iter().enumerate() {
            let dy = if line_index == 0 { 0.0 } else { BAND_LINE };
            svg.element("tspan")
                .num("x", (x0 + x1) / 2.0)
                .num("dy", dy)
                .inline_text(line);
        }
        svg.close("text");
    }
    for (line_index, line) in key_lines.iter().enumerate() {
        svg.element("text")
            .num("x", LEFT)
            .num("y", key_top + 12.0 + LINE_HEIGHT * line_index as f64)
            .attr("class", "key")
            .text(line);
    }
    let mut y = rows_top;
    for (label_x, anchor, x, lines) in rows {
        let centre = y + ROW_HEIGHT / 2.0;
        svg.element("path")
            .attr(
                "d",
                &format!("M {} {} l 6 6 l -6 6 l -6 -6 z", num(x), num(centre - 6.0)),
            )
            .attr("class", "marker")
            .empty();
        svg.element("text")
            .num("x", label_x)
            .num("y", centre + 5.0)
            .attr("class", "milestone")
            .attr("text-anchor", anchor)
            .open();
        for (index, line) in lines.iter().enumerate() {
            let dy = if index == 0 { 0.0 } else { LINE_HEIGHT };
            svg.element("tspan")
                .num("x", label_x)
                .num("dy", dy)
                .inline_text(line);
        }
        svg.close("text");
        y += ROW_HEIGHT + LINE_HEIGHT * (lines.len() as f64 - 1.0);
    }
    let marked = match (reviews.is_empty(), step == 1) {
        (true, _) => Reviews::None,
        (false, true) => Reviews::Circled { capped },
        (false, false) => Reviews::Dotted { capped },
    };
    Some((svg.finish(), marked))
}

/// A width no label of `text` at `size` exceeds in the usual sans-serif faces (the drawing's
/// own measure, [`text_width`], is an average).
fn generous_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.62
}

/// A vertical grid line at `x` from `top` to `bottom` as path data, broken around every label
/// box `(x0, x1, y0, y1)` it would cross; empty when nothing of it is left.
fn grid_path(x: f64, top: f64, bottom: f64, labels: &[(f64, f64, f64, f64)]) -> String {
    let mut gaps: Vec<(f64, f64)> = labels
        .iter()
        .filter(|(x0, x1, _, _)| *x0 <= x && x <= *x1)
        .map(|(_, _, y0, y1)| (*y0, *y1))
        .collect();
    gaps.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut path = String::new();
    let mut from = top;
    for (gap_top, gap_bottom) in gaps {
        if gap_top > from {
            path.push_str(&format!("M {} {} V {} ", num(x), num(from), num(gap_top)));
        }
        from = from.max(gap_bottom);
    }
    if bottom > from {
        path.push_str(&format!("M {} {} V {}", num(x), num(from), num(bottom)));
    }
    path.trim_end().to_owned()
}

/// `title` broken between words into at most [`BAND_LINES`] lines of `room` units each, or
/// `None` when a word is wider than the band or the lines are more than it holds.
fn wrap_within(title: &str, room: f64) -> Option<Vec<String>> {
    let per_line = (room / BAND_GLYPH).floor();
    if per_line < 1.0 {
        return None;
    }
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in title.split_whitespace() {
        let words = word.chars().count();
        if words as f64 > per_line {
            return None;
        }
        let needed = current.chars().count() + usize::from(!current.is_empty()) + words;
        if !current.is_empty() && needed as f64 > per_line {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    (lines.len() <= BAND_LINES).then_some(lines)
}

/// The key naming the bands too narrow for their titles, in lines of `room` units:
/// "3. Cross-functional Exposure · 4. Strategic Initiatives".
fn key_lines(entries: &[String], room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for entry in entries {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} · {entry}"), 13.0) <= room => {
                line.push_str(" · ");
                line.push_str(entry);
            }
            _ => lines.push(entry.clone()),
        }
    }
    lines
}

/// The sessions whose estimated dates the axis shows (with `--start` and a cadence): session 1
/// and every d-th after it, d the smallest round step (1, 2, 5, 10, …) at which the dates do
/// not run into each other.
fn session_dates(playbook: &Playbook, last: u32, slot: f64) -> Vec<(u32, Date)> {
    if playbook.session_date(1).is_none() {
        return Vec::new();
    }
    // The width of a date, a gap, and room for the first and last to move in from the edges.
    let needed = text_width("2025-01-06", DATE_FONT) + 24.0;
    let mut every: u32 = 1;
    while f64::from(every) * slot < needed && every < last {
        every = match every.to_string().as_bytes().first() {
            Some(b'2') => every.saturating_div(2).saturating_mul(5),
            _ => every.saturating_mul(2),
        };
    }
    (1..=last)
        .step_by(usize::try_from(every).unwrap_or(usize::MAX))
        .map_while(|n| Some((n, playbook.session_date(n)?)))
        .collect()
}

/// The distance between numbered sessions on an axis of `last` sessions: 1, or the smallest
/// round step (1, 2, 5 times a power of ten) that numbers at most [`MAX_TICKS`] of them.
fn tick_step(last: u32) -> u32 {
    let mut power: u32 = 1;
    loop {
        for factor in [1, 2, 5] {
            let step = power.saturating_mul(factor);
            if last.div_ceil(step) <= MAX_TICKS || step == u32::MAX {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// `step`, or the next round step at which the numbers do not run into each other: each needs
/// the width of the longest (`last`'s digits) and two glyphs of space. On the page, 300
/// sessions numbered every 5 ran together into one unreadable line of digits.
fn readable_step(step: u32, last: u32, slot: f64) -> u32 {
    let digits = last.checked_ilog10().map_or(1, |d| d + 1);
    let needed = (f64::from(digits) + 2.0) * GLYPH;
    let mut step = step;
    while f64::from(step) * slot < needed && step < last {
        step = match step.to_string().as_bytes().first() {
            Some(b'2') => step.saturating_div(2).saturating_mul(5),
            _ => step.saturating_mul(2),
        };
    }
    step
}

/// The timeline in words, for screen readers.
fn description(
    playbook: &Playbook,
    placed: &[(usize, &str, f64, String)],
    reviews: &[u32],
    capped: bool,
) -> String {
    let mut parts: Vec<String> = playbook
        .program
        .phases
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.label,
                crate::words::session_range_title(p.first_session, p.last_session).to_lowercase()
            )
        })
        .collect();
    match reviews {
        [] => {}
        [one] => parts.push(format!("review session {one}")),
        // A dozen are read out; more are counted.
        [first, .., last] if reviews.len() > 12 || capped => parts.push(format!(
            "{} review sessions marked, from session {first} to session {last}{}",
            reviews.len(),
            if capped { ", and more not marked" } else { "" }
        )),
        _ => {
            let listed: Vec<String> = reviews.iter().map(u32::to_string).collect();
            parts.push(format!(
                "review sessions {}",
                crate::words::and_list(&listed)
            ));
        }
    }
    parts.extend(
        placed
            .iter()
            .map(|(_, label, _, due)| format!("milestone {label}, {due}")),
    );
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::{GLYPH, MAX_TICKS, grid_path, readable_step, tick_step, wrap_within};

    #[test]
    fn numbers_on_the_axis_never_run_into_each_other() {
        // A real program's sessions each have room for their number.
        assert_eq!(readable_step(1, 12, 70.0), 1);
        // 300 sessions on the same width: every 20th, not every 5th.
        let slot = 860.0 / 300.0;
        let step = readable_step(tick_step(300), 300, slot);
        assert_eq!(step, 20);
        assert!(f64::from(step) * slot >= 5.0 * GLYPH);
        // Round steps only: 1, 2, 5, 10, 20, 50, …
        assert_eq!(readable_step(1, 99, 5.0), 10);
        assert_eq!(readable_step(2, 9_999, 1.0), 50);
    }

    #[test]
    fn the_axis_numbers_every_session_of_a_real_program_and_a_bounded_number_of_any() {
        for last in 1..=MAX_TICKS {
            assert_eq!(tick_step(last), 1);
        }
        assert_eq!(tick_step(61), 2);
        assert_eq!(tick_step(100), 2);
        assert_eq!(tick_step(300), 5);
        assert_eq!(tick_step(1_000), 20);
        assert_eq!(tick_step(100_000), 2_000);
        for last in [61, 121, 599, 100_000, 4_294_967_295] {
            let step = tick_step(last);
            assert!(last.div_ceil(step) <= MAX_TICKS, "{last}: step {step}");
        }
    }

    #[test]
    fn a_phase_title_wraps_inside_its_band_or_goes_to_the_key() {
        // Two of twelve sessions (118 units inside): three lines; a little wider, two.
        assert_eq!(
            wrap_within("1. Chemistry & Shared Objectives", 118.0),
            Some(vec![
                "1. Chemistry &".to_owned(),
                "Shared".to_owned(),
                "Objectives".to_owned()
            ])
        );
        assert_eq!(
            wrap_within("1. Chemistry & Shared Objectives", 140.0),
            Some(vec![
                "1. Chemistry &".to_owned(),
                "Shared Objectives".to_owned()
            ])
        );
        // One session: three short lines still fit.
        assert_eq!(
            wrap_within("5. Closing Review", 56.0),
            Some(vec![
                "5.".to_owned(),
                "Closing".to_owned(),
                "Review".to_owned()
            ])
        );
        // A word wider than the band, or more than three lines: numbered, named in the key.
        assert_eq!(wrap_within("3. Cross-functional Exposure", 56.0), None);
        assert_eq!(wrap_within("1. a b c d e f g h", 20.0), None);
        assert_eq!(wrap_within("1. Anything", 2.0), None);
    }

    #[test]
    fn a_grid_line_stops_short_of_the_labels_it_would_cross() {
        let labels = [
            (90.0, 200.0, 50.0, 70.0),
            (0.0, 120.0, 60.0, 80.0),
            (300.0, 400.0, 0.0, 99.0),
        ];
        assert_eq!(
            grid_path(100.0, 10.0, 120.0, &labels),
            "M 100.0 10.0 V 50.0 M 100.0 80.0 V 120.0"
        );
        assert_eq!(
            grid_path(250.0, 10.0, 120.0, &labels),
            "M 250.0 10.0 V 120.0"
        );
        assert_eq!(grid_path(350.0, 10.0, 90.0, &labels), "");
    }
}
