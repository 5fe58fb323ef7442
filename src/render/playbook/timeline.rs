//! The inline SVG timeline: phases as bands along the sessions, and one row per milestone with
//! a marker at its deadline.
//!
//! The x axis counts sessions. A `by week N` deadline is placed where week N falls if sessions
//! keep the cadence (session 1 in week 0); without a cadence it cannot be placed and is left to
//! the milestone table. Fixed dates are placed the same way when the playbook has a start date.

use jiff::civil::Date;

use super::Playbook;
use crate::model::Deadline;
use crate::render::svg::{GLYPH, Svg, fit, fits, num, wrap};

const WIDTH: f64 = 800.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;
const AXIS_TOP: f64 = 28.0;
const BAND_HEIGHT: f64 = 40.0;
const ROW_HEIGHT: f64 = 24.0;
/// The extra height of a label's second line.
const LINE_HEIGHT: f64 = 17.0;

/// The most session ticks the axis carries. Up to this many sessions each one is numbered;
/// beyond, every session whose number is a multiple of a round step (2, 5, 10, 20, 50, …) is,
/// so the drawing stays the same size whether the program has 60 sessions or 100,000.
const MAX_TICKS: u32 = 60;

/// Fills for the phase bands, light enough for dark text (contrast above 7:1 with #1a1a1a).
const BAND_FILLS: [&str; 4] = ["#dbe7f3", "#e4efd9", "#f6e6cf", "#ece0f0"];

/// Where on the session axis a deadline falls (1.0 = session 1), if it can be placed.
fn deadline_position(playbook: &Playbook, deadline: Deadline) -> Option<f64> {
    let every = playbook
        .program
        .cadence
        .as_ref()
        .and_then(|c| c.every_days)
        .filter(|d| *d > 0)?;
    let days = match deadline {
        Deadline::BySession(n) => return Some(f64::from(n)),
        Deadline::ByWeek(weeks) => f64::from(weeks) * 7.0,
        Deadline::ByDate(date) => days_between(playbook.start?, date)?,
    };
    Some(1.0 + days / f64::from(every))
}

fn days_between(start: Date, end: Date) -> Option<f64> {
    // A civil `Date::until` counts in days unless asked for larger units.
    Some(f64::from(start.until(end).ok()?.get_days()))
}

/// The timeline as an `<svg>` element, or `None` when the program has no sessions to draw.
pub(super) fn svg(playbook: &Playbook) -> Option<String> {
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
            let position = deadline_position(playbook, due.deadline)?;
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
    let band_top = AXIS_TOP + 8.0;
    let rows_top = band_top + BAND_HEIGHT + 16.0;
    // Each milestone row: marker position, text anchor and the (at most two) lines of its label.
    let rows: Vec<(f64, &str, f64, Vec<String>)> = placed
        .iter()
        .map(|(number, label, position, due)| {
            let x = x_of(*position);
            let (right, left) = (WIDTH - RIGHT - x - 10.0, x - 10.0 - LEFT);
            let text = format!("{number}. {label} — {due}");
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
        "Timeline of the phases and milestone deadlines",
        &description(playbook, &placed),
    );
    // Session ticks and numbers; past the last session the axis only carries late deadlines.
    let step = readable_step(tick_step(last), last, slot);
    // Session 1 is numbered too when the next number is far enough not to collide with it.
    let ticks = std::iter::once(1)
        .filter(|_| step >= 5)
        .chain((step..=last).step_by(usize::try_from(step).unwrap_or(usize::MAX)));
    for n in ticks {
        let x = x_of(f64::from(n));
        svg.element("text")
            .num("x", x)
            .num("y", AXIS_TOP - 8.0)
            .attr("class", "tick")
            .attr("text-anchor", "middle")
            .text(&n.to_string());
        svg.element("line")
            .num("x1", x)
            .num("y1", AXIS_TOP)
            .num("x2", x)
            .num("y2", height - 4.0)
            .attr("class", "grid")
            .empty();
    }
    svg.element("text")
        .num("x", LEFT)
        .attr("y", "10")
        .attr("class", "axis-label")
        .text("Session");
    for (index, phase) in program.phases.iter().enumerate() {
        let x0 = LEFT + f64::from(phase.first_session.saturating_sub(1)) * slot;
        let x1 = LEFT + f64::from(phase.last_session) * slot;
        svg.element("rect")
            .num("x", x0 + 1.0)
            .num("y", band_top)
            .num("width", (x1 - x0 - 2.0).max(1.0))
            .num("height", BAND_HEIGHT)
            .attr("rx", "4")
            .attr("fill", BAND_FILLS[index % BAND_FILLS.len()])
            .attr("stroke", "#1a1a1a")
            .attr("stroke-width", "0.75")
            .empty();
        // A band too narrow for its title shows the phase number; the arc table names it.
        let full = format!("{}. {}", index + 1, phase.label);
        let label = fit(&full, x1 - x0 - 8.0).unwrap_or_else(|| (index + 1).to_string());
        svg.element("text")
            .num("x", (x0 + x1) / 2.0)
            .num("y", band_top + BAND_HEIGHT / 2.0 + 5.0)
            .attr("class", "band")
            .attr("text-anchor", "middle")
            .text(&label);
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
    Some(svg.finish())
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
fn description(playbook: &Playbook, placed: &[(usize, &str, f64, String)]) -> String {
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
    parts.extend(
        placed
            .iter()
            .map(|(_, label, _, due)| format!("milestone {label}, {due}")),
    );
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::{GLYPH, MAX_TICKS, readable_step, tick_step};

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
}
