//! The dashboard's charts, drawn as inline SVG through `render::svg`: stacked bars (where pairs
//! stand with each milestone), bars side by side (tracks, outcomes, findings, the at-risk
//! reasons, and centred as a funnel for the phases) and the weekly activity with its burn-up.
//!
//! A chart is given only what may be shown. A hidden figure reaches it as `None` and is drawn
//! as a line of text ("hidden (fewer than N pairs)"): no bar, no point, and no scale is ever
//! computed from it (each scale is the largest *shown* value, or a fixed 100%).
//!
//! Colours are the Okabe–Ito palette, chosen also for their lightness, so the states stay apart
//! in greyscale print (dark blue 34% grey, sky blue 62%, light grey 87%); the one that means
//! trouble (overdue, a failed outcome) is vermillion with white hatching. Every bar carries its
//! figure as a direct label where it fits, and every stacked chart its legend.

use jiff::civil::Date;

use crate::render::svg::{Svg, num, text_width, wrap};

/// Width of every chart in SVG units; the page scales it to the paper.
const WIDTH: f64 = 800.0;
const RIGHT: f64 = 12.0;
const ROW_HEIGHT: f64 = 28.0;
const LINE_HEIGHT: f64 = 16.0;
const BAR_HEIGHT: f64 = 18.0;
/// Text of axes, legends and notes.
const SMALL: f64 = 12.0;
/// Space between the label and the bar, and between columns.
const GAP: f64 = 8.0;

/// Dark blue: met, and the bars of single figures.
pub(super) const BLUE: &str = "#0072B2";
const SKY: &str = "#56B4E9";
const VERMILLION: &str = "#D55E00";
const LIGHT_GREY: &str = "#dddddd";
const INK: &str = "#1a1a1a";

/// How a bar or segment is filled.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fill {
    /// A plain colour, and whether text on it is white.
    Solid(&'static str, bool),
    /// Vermillion hatched with white: what needs attention.
    Alert,
}

impl Fill {
    fn paint(self, id: &str) -> String {
        match self {
            Fill::Solid(colour, _) => colour.to_owned(),
            Fill::Alert => format!("url(#{id}-alert)"),
        }
    }

    fn text_class(self) -> &'static str {
        match self {
            Fill::Solid(_, false) => "on-light",
            Fill::Solid(_, true) => "on-dark",
            // White text would vanish in the white stripes: dark text with a white halo.
            Fill::Alert => "on-hatch",
        }
    }
}

pub(super) const MET: Fill = Fill::Solid(BLUE, true);
pub(super) const MET_LATE: Fill = Fill::Solid(SKY, false);
pub(super) const OVERDUE: Fill = Fill::Alert;
pub(super) const NOT_YET_DUE: Fill = Fill::Solid(LIGHT_GREY, false);
pub(super) const PLAIN: Fill = Fill::Solid(BLUE, true);

/// What every chart has: an id unique in the page, and its text alternative.
pub(super) struct Chart<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) description: String,
    /// What a hidden figure says: "hidden (fewer than 5 pairs)".
    pub(super) hidden: &'a str,
}

impl Chart<'_> {
    fn start(&self, height: f64) -> Svg {
        let mut svg = Svg::new(
            "chart",
            self.id,
            WIDTH,
            height,
            self.title,
            &self.description,
        );
        // The hatching of what needs attention: vermillion under white stripes, so it differs
        // from the dark blue in grey too.
        let pattern = format!("{}-alert", self.id);
        svg.element("defs").open_line();
        svg.element("pattern")
            .attr("id", &pattern)
            .attr("width", "6")
            .attr("height", "6")
            .attr("patternUnits", "userSpaceOnUse")
            .attr("patternTransform", "rotate(45)")
            .open_line();
        svg.element("rect")
            .attr("width", "6")
            .attr("height", "6")
            .attr("fill", VERMILLION)
            .empty();
        svg.element("line")
            .attr("x1", "0")
            .attr("y1", "0")
            .attr("x2", "0")
            .attr("y2", "6")
            .attr("stroke", "#ffffff")
            .attr("stroke-width", "2.5")
            .empty();
        svg.close("pattern");
        svg.close("defs");
        svg
    }
}

/// A row label in at most two lines: the lines, and the row's height.
fn label_lines(label: &str, room: f64) -> (Vec<String>, f64) {
    let lines = wrap(label, room);
    let height = ROW_HEIGHT + LINE_HEIGHT * (lines.len() as f64 - 1.0);
    (lines, height)
}

fn row_label(svg: &mut Svg, lines: &[String], x: f64, top: f64, height: f64) {
    let first = top + height / 2.0 + 5.0 - LINE_HEIGHT * (lines.len() as f64 - 1.0) / 2.0;
    svg.element("text")
        .num("x", x)
        .num("y", first)
        .attr("class", "label")
        .attr("text-anchor", "end")
        .open();
    for (index, line) in lines.iter().enumerate() {
        let dy = if index == 0 { 0.0 } else { LINE_HEIGHT };
        svg.element("tspan")
            .num("x", x)
            .num("dy", dy)
            .inline_text(line);
    }
    svg.close("text");
}

fn note(svg: &mut Svg, x: f64, y: f64, text: &str) {
    svg.element("text")
        .num("x", x)
        .num("y", y)
        .attr("class", "note")
        .text(text);
}

fn swatch(svg: &mut Svg, id: &str, x: f64, y: f64, fill: Fill) {
    svg.element("rect")
        .num("x", x)
        .num("y", y)
        .attr("width", "14")
        .attr("height", "14")
        .attr("fill", &fill.paint(id))
        .attr("stroke", INK)
        .attr("stroke-width", "0.75")
        .empty();
}

/// A legend in one line (or more, when it does not fit): swatches and names. Returns the
/// height it took.
fn legend(svg: &mut Svg, id: &str, top: f64, entries: &[(&str, Fill)]) -> f64 {
    let mut x = 8.0;
    let mut y = top;
    for (name, fill) in entries {
        let width = 20.0 + text_width(name, SMALL) + 18.0;
        if x + width > WIDTH - RIGHT && x > 8.0 {
            x = 8.0;
            y += 20.0;
        }
        swatch(svg, id, x, y, *fill);
        svg.element("text")
            .num("x", x + 20.0)
            .num("y", y + 12.0)
            .attr("class", "legend")
            .text(name);
        x += width;
    }
    y + 20.0 - top
}

/// One row of a stacked chart: its label, and its parts (in the order of the legend), or
/// `None` when the row is hidden.
pub(super) struct StackedRow {
    pub(super) label: String,
    pub(super) parts: Option<Vec<usize>>,
}

/// Horizontal bars of 100%, each split into the parts of its row (met, met late, overdue, not
/// yet due), with the legend above and each part's count on it where it fits.
pub(super) fn stacked(
    chart: &Chart,
    segments: &[(&str, Fill)],
    rows: &[StackedRow],
    empty: &str,
) -> String {
    let label_room = 280.0;
    let bar_left = label_room + GAP * 2.0;
    let bar_width = WIDTH - RIGHT - bar_left;
    let laid_out: Vec<(Vec<String>, f64)> = rows
        .iter()
        .map(|row| label_lines(&row.label, label_room))
        .collect();
    // The legend is measured before the drawing is opened: a dry run on a scratch drawing.
    let legend_height = legend(
        &mut Svg::new("", "", 0.0, 0.0, "", ""),
        chart.id,
        0.0,
        segments,
    );
    let rows_top = legend_height + 12.0;
    let height = rows_top + laid_out.iter().map(|(_, h)| h).sum::<f64>() + 8.0;
    let mut svg = chart.start(height);
    legend(&mut svg, chart.id, 4.0, segments);
    let mut top = rows_top;
    for (row, (lines, row_height)) in rows.iter().zip(&laid_out) {
        let class = if row.parts.is_some() {
            "row"
        } else {
            "row hidden"
        };
        svg.element("g").attr("class", class).open_line();
        row_label(&mut svg, lines, label_room + GAP, top, *row_height);
        let bar_top = top + (row_height - BAR_HEIGHT) / 2.0;
        let text_y = bar_top + BAR_HEIGHT / 2.0 + 4.5;
        match &row.parts {
            None => note(&mut svg, bar_left, text_y, chart.hidden),
            Some(parts) => {
                let total: usize = parts.iter().sum();
                if total == 0 {
                    note(&mut svg, bar_left, text_y, empty);
                }
                let mut x = bar_left;
                for (part, (_, fill)) in parts.iter().zip(segments) {
                    if *part == 0 || total == 0 {
                        continue;
                    }
                    let width = bar_width * *part as f64 / total as f64;
                    svg.element("rect")
                        .num("x", x)
                        .num("y", bar_top)
                        .num("width", width)
                        .num("height", BAR_HEIGHT)
                        .attr("class", "bar")
                        .attr("fill", &fill.paint(chart.id))
                        .attr("stroke", "#ffffff")
                        .attr("stroke-width", "1")
                        .empty();
                    let count = part.to_string();
                    if text_width(&count, SMALL) + 6.0 <= width {
                        svg.element("text")
                            .num("x", x + width / 2.0)
                            .num("y", text_y)
                            .attr("class", &format!("count {}", fill.text_class()))
                            .attr("text-anchor", "middle")
                            .text(&count);
                    }
                    x += width;
                }
            }
        }
        svg.close("g");
        top += row_height;
    }
    svg.finish()
}

/// How a column of bars is scaled.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scale {
    /// To the largest value shown in the column.
    Largest,
    /// To a fixed whole (100 for percentages).
    Whole(f64),
}

pub(super) struct Column<'a> {
    pub(super) heading: &'a str,
    pub(super) scale: Scale,
}

/// One bar: its length in the column's units and the figure written beside it.
pub(super) struct Bar {
    pub(super) value: f64,
    pub(super) text: String,
}

/// A row of a bar chart: its label, a bar per column (`None`: hidden), and its fill.
pub(super) struct BarRow {
    pub(super) label: String,
    pub(super) bars: Vec<Option<Bar>>,
    pub(super) fill: Fill,
}

/// Horizontal bars, one column per figure, rows sharing their labels: tracks side by side,
/// outcomes, findings, reasons. `centred` draws each bar about the column's middle (a funnel).
pub(super) fn bars(chart: &Chart, columns: &[Column], rows: &[BarRow], centred: bool) -> String {
    let label_room = if columns.len() > 1 { 200.0 } else { 300.0 };
    let first_column = label_room + GAP * 2.0;
    let column_width = (WIDTH - RIGHT - first_column - GAP * 2.0 * (columns.len() as f64 - 1.0))
        .max(60.0)
        / columns.len().max(1) as f64;
    let headed = columns.iter().any(|c| !c.heading.is_empty());
    let rows_top = if headed { 26.0 } else { 4.0 };
    let laid_out: Vec<(Vec<String>, f64)> = rows
        .iter()
        .map(|row| label_lines(&row.label, label_room))
        .collect();
    let height = rows_top + laid_out.iter().map(|(_, h)| h).sum::<f64>() + 8.0;
    let mut svg = chart.start(height);
    // Each column's scale and the room its bars leave for their figures: from shown bars only.
    let layout: Vec<(f64, f64)> = columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let shown = rows
                .iter()
                .filter_map(|r| r.bars.get(c).and_then(Option::as_ref));
            let (largest, widest) = shown.fold((0.0_f64, 0.0_f64), |(l, w), bar| {
                (l.max(bar.value), w.max(text_width(&bar.text, SMALL)))
            });
            let whole = match column.scale {
                Scale::Largest => largest,
                Scale::Whole(whole) => whole,
            };
            let sides = if centred { 2.0 } else { 1.0 };
            let room = (column_width - sides * (widest + 6.0)).max(column_width * 0.3);
            (whole, room)
        })
        .collect();
    for (c, column) in columns.iter().enumerate() {
        if headed {
            svg.element("text")
                .num("x", first_column + c as f64 * (column_width + GAP * 2.0))
                .attr("y", "16")
                .attr("class", "heading")
                .text(column.heading);
        }
    }
    let mut top = rows_top;
    for (row, (lines, row_height)) in rows.iter().zip(&laid_out) {
        let hidden = row.bars.iter().all(Option::is_none);
        let class = if hidden { "row hidden" } else { "row" };
        svg.element("g").attr("class", class).open_line();
        row_label(&mut svg, lines, label_room + GAP, top, *row_height);
        let bar_top = top + (row_height - BAR_HEIGHT) / 2.0;
        let text_y = bar_top + BAR_HEIGHT / 2.0 + 4.5;
        for (c, bar) in row.bars.iter().enumerate() {
            let left = first_column + c as f64 * (column_width + GAP * 2.0);
            let Some(&(whole, room)) = layout.get(c) else {
                continue;
            };
            let Some(bar) = bar else {
                // A row hidden whole says so once; a hidden figure in a shown row, in its place.
                if !hidden || c == 0 {
                    note(&mut svg, left, text_y, chart.hidden);
                }
                continue;
            };
            let length = if whole > 0.0 {
                room * (bar.value / whole).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let x = if centred {
                left + (column_width - length) / 2.0
            } else {
                left
            };
            if length > 0.0 {
                svg.element("rect")
                    .num("x", x)
                    .num("y", bar_top)
                    .num("width", length)
                    .num("height", BAR_HEIGHT)
                    .attr("class", "bar")
                    .attr("fill", &row.fill.paint(chart.id))
                    .empty();
            }
            svg.element("text")
                .num("x", x + length + 5.0)
                .num("y", text_y)
                .attr("class", "count")
                .text(&bar.text);
        }
        svg.close("g");
        top += row_height;
    }
    svg.finish()
}

/// One week of the activity chart: its Monday, sessions held, milestones met to date (each
/// `None` when hidden).
pub(super) struct WeekPoint {
    pub(super) week: Date,
    pub(super) sessions: Option<u64>,
    pub(super) met_to_date: Option<u64>,
}

/// A round number at or above `value` (1, 2, 5 times a power of ten), for an axis's top.
fn round_up(value: u64) -> u64 {
    let mut power: u64 = 1;
    loop {
        for factor in [1, 2, 5] {
            let top = power.saturating_mul(factor);
            if top >= value || top == u64::MAX {
                return top.max(1);
            }
        }
        power = power.saturating_mul(10);
    }
}

/// Sessions held per week as columns, and below them, on the same weeks, milestones met to
/// date as a line (a burn-up). A hidden week has no column and no point: the line breaks
/// there, and a grey band with a hatched foot marks the week in both panels.
pub(super) fn weekly(chart: &Chart, weeks: &[WeekPoint]) -> String {
    const LEFT: f64 = 56.0;
    const PANEL: f64 = 150.0;
    const TOP: f64 = 30.0;
    let plot_width = WIDTH - RIGHT - LEFT;
    let slot = plot_width / weeks.len().max(1) as f64;
    let x_of = |i: usize| LEFT + (i as f64 + 0.5) * slot;
    let sessions_top = TOP;
    let burn_top = sessions_top + PANEL + 44.0;
    let axis_y = burn_top + PANEL;
    let any_hidden = weeks
        .iter()
        .any(|w| w.sessions.is_none() || w.met_to_date.is_none());
    let legend_top = axis_y + 34.0;
    let height = legend_top + 24.0;
    let mut svg = chart.start(height);

    let most_sessions = round_up(weeks.iter().filter_map(|w| w.sessions).max().unwrap_or(0));
    let most_met = round_up(
        weeks
            .iter()
            .filter_map(|w| w.met_to_date)
            .max()
            .unwrap_or(0),
    );
    for (top, most, title) in [
        (sessions_top, most_sessions, "Sessions held per week"),
        (burn_top, most_met, "Milestones met to date"),
    ] {
        svg.element("text")
            .attr("x", "0")
            .num("y", top - 12.0)
            .attr("class", "heading")
            .text(title);
        for step in 0..=2 {
            let value = most * step / 2;
            if step == 1 && most % 2 == 1 {
                continue;
            }
            let y = top + PANEL - PANEL * value as f64 / most as f64;
            svg.element("line")
                .num("x1", LEFT)
                .num("y1", y)
                .num("x2", WIDTH - RIGHT)
                .num("y2", y)
                .attr("class", if step == 0 { "axis" } else { "grid" })
                .empty();
            svg.element("text")
                .num("x", LEFT - 6.0)
                .num("y", y + 4.0)
                .attr("class", "tick")
                .attr("text-anchor", "end")
                .text(&value.to_string());
        }
    }
    // Hidden weeks: a band of fixed size, the same for every hidden week, in the panel whose
    // figure is hidden.
    for (i, week) in weeks.iter().enumerate() {
        for (hidden, top) in [
            (week.sessions.is_none(), sessions_top),
            (week.met_to_date.is_none(), burn_top),
        ] {
            if hidden {
                svg.element("rect")
                    .num("x", LEFT + i as f64 * slot)
                    .num("y", top)
                    .num("width", slot)
                    .num("height", PANEL)
                    .attr("class", "hidden-week")
                    .attr("fill", &format!("url(#{}-alert)", chart.id))
                    .attr("fill-opacity", "0.35")
                    .empty();
            }
        }
    }
    // The columns.
    let column = (slot * 0.7).max(0.5);
    for (i, week) in weeks.iter().enumerate() {
        let Some(sessions) = week.sessions.filter(|s| *s > 0) else {
            continue;
        };
        let length = PANEL * sessions as f64 / most_sessions as f64;
        svg.element("rect")
            .num("x", x_of(i) - column / 2.0)
            .num("y", sessions_top + PANEL - length)
            .num("width", column)
            .num("height", length)
            .attr("class", "column")
            .attr("fill", BLUE)
            .empty();
        if weeks.len() <= 26 {
            svg.element("text")
                .num("x", x_of(i))
                .num("y", sessions_top + PANEL - length - 4.0)
                .attr("class", "count")
                .attr("text-anchor", "middle")
                .text(&sessions.to_string());
        }
    }
    // The burn-up: a line through the shown points, broken at each hidden one.
    let point_y = |met: u64| burn_top + PANEL - PANEL * met as f64 / most_met as f64;
    let mut path = String::new();
    let mut previous_shown = false;
    for (i, week) in weeks.iter().enumerate() {
        match week.met_to_date {
            Some(met) => {
                let command = if previous_shown { 'L' } else { 'M' };
                path.push_str(&format!(
                    "{command} {} {} ",
                    num(x_of(i)),
                    num(point_y(met))
                ));
                previous_shown = true;
            }
            None => previous_shown = false,
        }
    }
    if !path.is_empty() {
        svg.element("path")
            .attr("d", path.trim_end())
            .attr("class", "burn-up")
            .attr("fill", "none")
            .attr("stroke", INK)
            .attr("stroke-width", "2")
            .empty();
    }
    for (i, week) in weeks.iter().enumerate() {
        let Some(met) = week.met_to_date else {
            continue;
        };
        // A point of its own where the line cannot show it (hidden weeks either side), and
        // every point while the weeks are few enough to tell apart.
        let alone = (i == 0 || weeks[i - 1].met_to_date.is_none())
            && weeks.get(i + 1).is_none_or(|w| w.met_to_date.is_none());
        if weeks.len() <= 60 || alone {
            svg.element("circle")
                .num("cx", x_of(i))
                .num("cy", point_y(met))
                .attr("r", "3")
                .attr("fill", INK)
                .empty();
        }
    }
    if let Some(last) = weeks.iter().rposition(|w| w.met_to_date.is_some())
        && let Some(met) = weeks[last].met_to_date
    {
        svg.element("text")
            .num("x", (x_of(last) - 4.0).max(LEFT))
            .num("y", point_y(met) - 8.0)
            .attr("class", "count")
            .attr("text-anchor", "end")
            .text(&met.to_string());
    }
    // The weeks: as many dates as fit without touching.
    let label_width = text_width("2025-01-06", SMALL);
    let every = (((label_width + 16.0) / slot).ceil() as usize).max(1);
    let mut dates: Vec<(usize, &str, f64)> = Vec::new();
    for i in (0..weeks.len()).step_by(every) {
        // A date at the right end is aligned to stay inside the drawing; moved left so, it may
        // reach the date before it, which is then left out: the newest date is the one to read.
        let (anchor, left) = if x_of(i) + label_width / 2.0 > WIDTH {
            ("end", x_of(i) - label_width)
        } else {
            ("middle", x_of(i) - label_width / 2.0)
        };
        while dates
            .last()
            .is_some_and(|&(_, _, before)| left < before + label_width + 8.0)
        {
            dates.pop();
        }
        dates.push((i, anchor, left));
    }
    for (i, anchor, _) in dates {
        let week = &weeks[i];
        svg.element("line")
            .num("x1", x_of(i))
            .num("y1", axis_y)
            .num("x2", x_of(i))
            .num("y2", axis_y + 4.0)
            .attr("class", "axis")
            .empty();
        svg.element("text")
            .num("x", x_of(i))
            .num("y", axis_y + 18.0)
            .attr("class", "tick")
            .attr("text-anchor", anchor)
            .text(&week.week.to_string());
    }
    let mut entries = vec![("sessions held", PLAIN)];
    if any_hidden {
        entries.push(("hidden week", Fill::Alert));
    }
    let used = legend(&mut svg, chart.id, legend_top, &entries);
    // The line's own key, after the swatches.
    let key_x = 8.0
        + entries
            .iter()
            .map(|(name, _)| 38.0 + text_width(name, SMALL))
            .sum::<f64>();
    if used <= 20.0 {
        svg.element("line")
            .num("x1", key_x)
            .num("y1", legend_top + 7.0)
            .num("x2", key_x + 24.0)
            .num("y2", legend_top + 7.0)
            .attr("stroke", INK)
            .attr("stroke-width", "2")
            .empty();
        svg.element("text")
            .num("x", key_x + 30.0)
            .num("y", legend_top + 12.0)
            .attr("class", "legend")
            .text("milestones met to date");
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(id: &str) -> Chart<'_> {
        Chart {
            id,
            title: "t",
            description: "d".to_owned(),
            hidden: "hidden (fewer than 5 pairs)",
        }
    }

    /// The `<g class="row hidden">` groups of a drawing.
    fn hidden_rows(svg: &str) -> Vec<&str> {
        svg.split("<g class=\"row hidden\">")
            .skip(1)
            .filter_map(|rest| rest.split("</g>").next())
            .collect()
    }

    #[test]
    fn a_hidden_row_draws_no_bar_and_sizes_no_other() {
        let rows = [
            StackedRow {
                label: "shown".to_owned(),
                parts: Some(vec![3, 1, 1, 0]),
            },
            StackedRow {
                label: "secret".to_owned(),
                parts: None,
            },
        ];
        let segments = [
            ("met", MET),
            ("met late", MET_LATE),
            ("overdue", OVERDUE),
            ("not yet due", NOT_YET_DUE),
        ];
        let svg = stacked(&chart("m"), &segments, &rows, "no pair");
        let hidden = hidden_rows(&svg);
        assert_eq!(hidden.len(), 1);
        assert!(hidden[0].contains("hidden (fewer than 5 pairs)"));
        assert!(!hidden[0].contains("<rect"), "{}", hidden[0]);

        // A bar chart's scale is the largest shown value: the same with or without a hidden row.
        let bar = |value: f64| {
            Some(Bar {
                value,
                text: value.to_string(),
            })
        };
        let shown = BarRow {
            label: "a".to_owned(),
            bars: vec![bar(4.0)],
            fill: PLAIN,
        };
        let alone = bars(
            &chart("b"),
            &[Column {
                heading: "",
                scale: Scale::Largest,
            }],
            std::slice::from_ref(&shown),
            false,
        );
        let with_hidden = bars(
            &chart("b"),
            &[Column {
                heading: "",
                scale: Scale::Largest,
            }],
            &[
                shown,
                BarRow {
                    label: "b".to_owned(),
                    bars: vec![None],
                    fill: PLAIN,
                },
            ],
            false,
        );
        let width = |svg: &str| {
            svg.split("<rect x=")
                .nth(1)
                .and_then(|r| r.split("width=\"").nth(1))
                .and_then(|w| w.split('"').next())
                .map(str::to_owned)
        };
        assert!(width(&alone).is_some());
        assert_eq!(width(&alone), width(&with_hidden));
        assert!(!hidden_rows(&with_hidden)[0].contains("<rect"));
    }

    #[test]
    fn a_hidden_week_has_no_column_and_breaks_the_line() {
        let week = |day: i8, sessions, met| WeekPoint {
            week: jiff::civil::date(2025, 1, day),
            sessions,
            met_to_date: met,
        };
        let weeks = [
            week(6, Some(4), Some(1)),
            week(13, None, None),
            week(20, Some(5), Some(3)),
        ];
        let svg = weekly(&chart("w"), &weeks);
        let path = svg
            .split("class=\"burn-up\"")
            .next()
            .and_then(|before| before.rsplit("d=\"").next())
            .unwrap_or_default();
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert!(!path.contains('L'), "{path}");
        assert_eq!(svg.matches("class=\"column\"").count(), 2);
        assert_eq!(svg.matches("class=\"hidden-week\"").count(), 2);
        assert_eq!(round_up(7), 10);
        assert_eq!(round_up(0), 1);
        assert_eq!(round_up(20), 20);
    }

    /// The dates under the weekly chart never touch, whatever the number of weeks: when the
    /// last one, aligned to stay inside the drawing, would reach the one before, that one is
    /// left out and the newest date stays.
    #[test]
    fn the_week_dates_never_overlap() {
        let width = text_width("2025-01-06", SMALL);
        for count in (1..=130).chain([261, crate::cohort::MAX_WEEKS]) {
            let weeks: Vec<WeekPoint> = (0..count)
                .map(|i| WeekPoint {
                    week: jiff::civil::date(2025, 1, 6) + jiff::Span::new().weeks(i),
                    sessions: Some(3),
                    met_to_date: Some(1),
                })
                .collect();
            let svg = weekly(&chart("w"), &weeks);
            let extents: Vec<(f64, f64)> = svg
                .split("<text ")
                .skip(1)
                .filter(|text| text.contains("class=\"tick\""))
                // The dates, not the figures on the vertical axes.
                .filter(|text| {
                    text.split('>')
                        .nth(1)
                        .and_then(|content| content.split('<').next())
                        .is_some_and(|content| content.parse::<jiff::civil::Date>().is_ok())
                })
                .filter_map(|text| {
                    let x: f64 = text.split("x=\"").nth(1)?.split('"').next()?.parse().ok()?;
                    Some(if text.contains("text-anchor=\"end\"") {
                        (x - width, x)
                    } else {
                        (x - width / 2.0, x + width / 2.0)
                    })
                })
                .collect();
            assert!(!extents.is_empty(), "{count} weeks: no date drawn");
            for pair in extents.windows(2) {
                assert!(
                    pair[1].0 >= pair[0].1 + 8.0,
                    "{count} weeks: dates at {:?} and {:?} touch",
                    pair[0],
                    pair[1]
                );
            }
            assert!(
                extents.iter().all(|&(_, right)| right <= WIDTH),
                "{count} weeks"
            );
            if count == 22 {
                // Week 21 is a date to draw (every third week), aligned to the right edge.
                assert!(svg.contains(">2025-06-02<"), "{svg}");
            }
        }
    }
}
