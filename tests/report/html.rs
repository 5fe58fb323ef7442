//! `mentor report --format html`: the dashboard is one self-contained page, says the JSON's
//! figures in its tables and charts, escapes what it did not write, and neither writes nor
//! draws a hidden figure.

use serde_json::Value;

use super::{AS_OF, json, report, track_cohort};
use crate::support::Scratch;

/// The shipped cohort's dashboard and JSON report, with `extra` arguments.
fn dashboard_and_json(extra: &[&str]) -> (String, Value) {
    let mut args = vec!["-p", "programs", "programs/logs", "--format", "html"];
    args.extend_from_slice(extra);
    let html = report(&args);
    assert_eq!(html.status, 0, "{}", html.stderr);
    args[4] = "json";
    let json_output = report(&args);
    assert_eq!(json_output.status, 0, "{}", json_output.stderr);
    (html.stdout, json(&json_output))
}

/// The `<svg>` of the chart whose id ends in `name` (`p1-phases`, …).
fn chart<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("aria-labelledby=\"{id}-title {id}-desc\""))
        .unwrap_or_else(|| panic!("no chart `{id}`"));
    let rest = &html[start..];
    &rest[..rest.find("</svg>").unwrap_or(rest.len())]
}

/// The rows of a chart drawn for hidden figures.
fn hidden_rows(svg: &str) -> Vec<&str> {
    svg.split("<g class=\"row hidden\">")
        .skip(1)
        .filter_map(|rest| rest.split("</g>").next())
        .collect()
}

/// The text of a chart's `<desc>`.
fn description(svg: &str) -> &str {
    svg.split("-desc\">")
        .nth(1)
        .and_then(|rest| rest.split("</desc>").next())
        .unwrap_or_default()
}

/// `text` as the page writes it.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The table row (`<tr>…</tr>`) that holds `needle`, within the text after `from`.
fn row_with<'h>(html: &'h str, from: &str, needle: &str) -> &'h str {
    let start = html.find(from).unwrap_or(0);
    html[start..]
        .split("<tr>")
        .find(|row| row.contains(needle))
        .and_then(|row| row.split("</tr>").next())
        .unwrap_or_else(|| panic!("no row with `{needle}` after `{from}`"))
}

#[test]
fn the_dashboard_is_one_page_with_nothing_from_outside() {
    let (html, _) = dashboard_and_json(&["--min-group", "1"]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
    for absent in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "@import",
        " src=",
        "href=\"http",
    ] {
        assert!(!html.contains(absent), "the dashboard holds `{absent}`");
    }
    // The one address in the page is the SVG namespace, which names and loads nothing.
    let addresses = html.matches("http://").count() + html.matches("https://").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert!(namespaces >= 7, "{namespaces} charts");
    assert_eq!(addresses, namespaces);
    // Patterns are referenced within the page only.
    assert_eq!(html.matches("url(").count(), html.matches("url(#").count());
    // Every chart has a text alternative and sits in a figure with a caption.
    assert_eq!(html.matches("<svg ").count(), namespaces);
    assert_eq!(html.matches("role=\"img\"").count(), namespaces);
    assert_eq!(html.matches("<desc id=").count(), namespaces);
    assert_eq!(html.matches("<figure class=\"chart\">").count(), namespaces);
    assert_eq!(html.matches("<figcaption>").count(), namespaces);
    // The same report gives the same bytes.
    let (again, _) = dashboard_and_json(&["--min-group", "1"]);
    assert_eq!(html, again);
}

#[test]
fn the_dashboard_says_the_figures_of_the_json_report() {
    let (html, report) = dashboard_and_json(&["--min-group", "1"]);
    let program = &report["programs"][0];
    assert_eq!(program["id"], "senior-ic");
    let cohort = &program["cohort"];
    for (tile, key) in [
        ("pairs", "pairs"),
        ("held sessions", "held_sessions"),
        ("completed", "completed"),
        ("withdrawn", "withdrawn"),
    ] {
        assert!(
            html.contains(&format!("<dt>{tile}</dt><dd>{}</dd>", cohort[key])),
            "{tile}"
        );
    }

    // Each milestone: its table row and its bar's description say the JSON's counts.
    let mut seen = 0;
    for (index, competency) in program["competencies"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let svg = chart(&html, &format!("p1-competency-{}", index + 1));
        for milestone in competency["milestones"].as_array().into_iter().flatten() {
            seen += 1;
            let counts = &milestone["counts"];
            let label = escaped(milestone["label"].as_str().unwrap_or_default());
            let said = format!(
                "{label}: of {} pairs, {} met, {} met late, {} overdue, {} not yet due",
                counts["pairs"],
                counts["met"],
                counts["met_late"],
                counts["overdue"],
                counts["pending"]
            );
            assert!(description(svg).contains(&said), "{said}\n{svg}");
            // One bar segment per state with pairs in it.
            let segments = ["met", "met_late", "overdue", "pending"]
                .iter()
                .filter(|k| counts[**k].as_u64() > Some(0))
                .count();
            assert_eq!(svg.matches("class=\"bar\"").count(), segments, "{svg}");
            let row = row_with(
                &html,
                "<table class=\"milestones\">",
                &format!("<code>{}</code>", milestone["id"].as_str().unwrap_or("?")),
            );
            assert!(
                row.contains(&format!("<td class=\"num\">{}</td>", counts["pairs"])),
                "{row}"
            );
            assert!(
                row.contains(&format!("<td class=\"num\">{} (", counts["met"])),
                "{row}"
            );
        }
    }
    assert_eq!(seen, 2, "the shipped program has two milestones");

    // Each phase: its funnel bar's figure and its table row.
    let funnel = chart(&html, "p1-phases");
    for phase in program["phases"].as_array().into_iter().flatten() {
        let label = escaped(phase["label"].as_str().unwrap_or_default());
        let pairs = &phase["active_pairs_here"];
        assert!(
            description(funnel).contains(&format!("{label}: {pairs}")),
            "{label}"
        );
        let row = row_with(&html, "<table class=\"phases\">", &label);
        assert!(row.contains(&format!("<td class=\"num\">{pairs}</td>")));
    }
    // Outcomes and findings, likewise.
    let outcomes = chart(&html, "p1-outcomes");
    for outcome in program["outcomes"].as_array().into_iter().flatten() {
        let sessions = outcome["sessions"].as_u64().unwrap_or(u64::MAX);
        let failed = if outcome["failed"] == true {
            " (failed)"
        } else {
            ""
        };
        assert!(
            description(outcomes).contains(&format!(
                "{}{failed}: {sessions} (",
                escaped(outcome["label"].as_str().unwrap_or("?"))
            )),
            "{outcome}"
        );
    }
    let findings = chart(&html, "p1-findings");
    for finding in program["findings"].as_array().into_iter().flatten() {
        assert!(
            description(findings).contains(&format!(
                "{} {}: {} (",
                finding["code"].as_str().unwrap_or("?"),
                finding["name"].as_str().unwrap_or("?"),
                finding["pairs"]
            )),
            "{finding}"
        );
    }

    // The weekly series: a column per week with sessions, a table row per week.
    let weeks = program["trends"]["weeks"].as_array().expect("weeks");
    let activity = chart(&html, "p1-activity");
    let with_sessions = weeks
        .iter()
        .filter(|w| w["sessions_held"].as_u64() > Some(0))
        .count();
    assert_eq!(activity.matches("class=\"column\"").count(), with_sessions);
    for week in weeks {
        let row = row_with(
            &html,
            "<table class=\"weeks\">",
            week["week"].as_str().unwrap_or("?"),
        );
        assert!(
            row.ends_with(&format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                week["sessions_held"], week["milestones_met_to_date"]
            )),
            "{row}"
        );
    }
    // Every pair is listed, and the logs left out say there are none.
    for pair in program["pairs"].as_array().into_iter().flatten() {
        assert!(html.contains(&format!(
            "<tr><td>{}</td>",
            pair["pair"].as_str().unwrap_or("?")
        )));
    }
    assert!(html.contains("None: every log read is in the figures."));
}

#[test]
fn a_hidden_week_has_no_column_and_no_point() {
    let (html, report) = dashboard_and_json(&[]);
    let weeks = report["programs"][0]["trends"]["weeks"]
        .as_array()
        .expect("weeks")
        .clone();
    let hidden = |key: &str| {
        weeks
            .iter()
            .filter(|w| w[key]["suppressed"] == true)
            .count()
    };
    assert!(
        hidden("sessions_held") > 0,
        "the example cohort hides weeks at 5"
    );
    let activity = chart(&html, "p1-activity");
    let with_sessions = weeks
        .iter()
        .filter(|w| w["sessions_held"].as_u64() > Some(0))
        .count();
    assert_eq!(activity.matches("class=\"column\"").count(), with_sessions);
    assert_eq!(
        activity.matches("class=\"hidden-week\"").count(),
        hidden("sessions_held") + hidden("milestones_met_to_date")
    );
    // The burn-up restarts after each hidden run: one `M` per run of shown points.
    let runs = weeks
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            w["milestones_met_to_date"].is_u64()
                && (*i == 0 || !weeks[i - 1]["milestones_met_to_date"].is_u64())
        })
        .count();
    let path = activity
        .split("class=\"burn-up\"")
        .next()
        .and_then(|before| before.rsplit("d=\"").next())
        .unwrap_or_default();
    assert_eq!(path.matches('M').count(), runs, "{path}");
    let points = weeks
        .iter()
        .filter(|w| w["milestones_met_to_date"].is_u64())
        .count();
    assert_eq!(
        path.matches('M').count() + path.matches('L').count(),
        points
    );
    let row = row_with(&html, "<table class=\"weeks\">", "2025-01-13");
    assert!(row.contains("hidden"), "{row}");
}

#[test]
fn suppressed_tracks_and_milestones_are_neither_written_nor_drawn() {
    let scratch = Scratch::new();
    // Five engineers and one sales pair: both tracks are hidden (the sales pair alone, and
    // engineering because the cohort minus it would give the sales pair away), and so are the
    // milestone rows those tracks add, replace or drop.
    let mut tracks = vec![Some("engineering"); 5];
    tracks.push(Some("sales"));
    track_cohort(&scratch, &tracks);
    let html = scratch.run(&[
        "report",
        "-p",
        "programs",
        "logs",
        "--as-of",
        "2025-02-01",
        "--format",
        "html",
    ]);
    assert_eq!(html.status, 0, "{}", html.stderr);
    let html = html.stdout;
    let hidden = "hidden (fewer than 5 pairs)";

    let tracks_chart = chart(&html, "p1-tracks");
    let rows = hidden_rows(tracks_chart);
    assert_eq!(rows.len(), 2, "engineering and sales\n{tracks_chart}");
    for row in &rows {
        assert!(row.contains(hidden), "{row}");
        assert!(!row.contains("<rect"), "a hidden track drawn: {row}");
        assert!(!row.contains("class=\"count\""), "{row}");
    }
    assert!(rows.iter().any(|r| r.contains(">Sales<")));
    assert!(rows.iter().any(|r| r.contains(">Engineering<")));
    for track in [
        "Sales <code>sales</code>",
        "Engineering <code>engineering</code>",
    ] {
        let row = row_with(&html, "<table class=\"tracks\">", track);
        assert!(row.ends_with(&format!("<td colspan=\"3\" class=\"hidden\">{hidden}</td>")));
    }
    let sales = tracks_chart.split("<desc").nth(1).unwrap_or_default();
    assert!(sales.contains(&format!("Sales: {hidden}")), "{sales}");
    assert!(sales.contains(&format!("Engineering: {hidden}")), "{sales}");

    // A hidden milestone row: the table and the chart say so, and the chart draws nothing for
    // it. `quick-win` is the first of its competency; `deal-strategy` the sales track's own.
    let mut hidden_milestones = 0;
    for index in 1..=5 {
        let id = format!("p1-competency-{index}");
        if !html.contains(&format!("{id}-title")) {
            continue;
        }
        for row in hidden_rows(chart(&html, &id)) {
            hidden_milestones += 1;
            assert!(row.contains(hidden), "{row}");
            assert!(!row.contains("<rect"), "a hidden milestone drawn: {row}");
            assert!(!row.contains("class=\"count"), "{row}");
        }
    }
    assert!(
        hidden_milestones >= 5,
        "{hidden_milestones} hidden rows drawn"
    );
    for milestone in ["quick-win", "deal-strategy", "technical-strategy"] {
        let row = row_with(
            &html,
            "<table class=\"milestones\">",
            &format!("<code>{milestone}</code>"),
        );
        assert!(
            row.ends_with(&format!("<td colspan=\"5\" class=\"hidden\">{hidden}</td>")),
            "{row}"
        );
    }

    // A cohort below the minimum: no cohort figure, no chart of its figures.
    let small = scratch.run(&[
        "report",
        "-p",
        "programs",
        "logs",
        "--as-of",
        "2025-02-01",
        "--format",
        "html",
        "--min-group",
        "7",
    ]);
    assert_eq!(small.status, 0);
    let small = small.stdout;
    assert!(small.contains("The cohort has fewer than 7 pairs"));
    for absent in [
        "p1-activity",
        "p1-phases",
        "p1-outcomes",
        "p1-findings",
        "p1-risks",
        "<dl class=\"tiles\">",
    ] {
        assert!(
            !small.contains(absent),
            "`{absent}` in a hidden cohort's dashboard"
        );
    }
    for index in 1..=5 {
        let id = format!("p1-competency-{index}");
        if small.contains(&format!("{id}-title")) {
            let svg = chart(&small, &id);
            assert!(!svg.contains("class=\"bar\""), "{svg}");
        }
    }
    // The pairs are still listed for program operations, with the day of the report.
    assert!(small.contains("<tr><td>lt-05</td>"));
    assert!(small.contains("As of 2025-02-01"));
}

const HOSTILE_PROGRAM: &str = r##"
program hostile "Title <script>alert(1)</script> \"quoted\" & more" {
    length 3 sessions
    cadence every 1 week
    outcome good "Good </td><script>x</script>"
    outcome bad "Bad \"onload=\" <b>" failed
    competency c "Competency <svg onload=alert(1)>"
    phase one "Phase </title><script>" sessions 1..2 { lenses none }
    phase two "Two <desc>" sessions 3 { lenses none }
    milestone m "Milestone <tspan>\"x\"</tspan>" {
        competency c
        due by session 3
    }
    track t "Track <g onclick=x>" {
        milestone tm "Track milestone </text><script>" {
            competency c
            due by session 3
        }
    }
}
"##;

#[test]
fn every_string_from_a_program_or_a_log_is_escaped() {
    let scratch = Scratch::new();
    scratch.write("hostile.mentor", HOSTILE_PROGRAM);
    let log = |pair: &str, track: &str| {
        format!(
            "program = \"hostile\"\n{pair}started = 2025-01-06\n{track}\
             [[sessions]]\nnumber = 1\ndate = 2025-01-06\nminutes = 60\noutcome = \"good\"\n\
             takeaway = \"TAKEAWAY-MARKER\"\n"
        )
    };
    scratch.write("logs/p1.toml", log("pair = \"p-1\"\n", "track = \"t\"\n"));
    // A pair id that is no id is named by its file: a file name full of markup.
    scratch.write(
        "logs/a\"<script>alert(2)<\u{1b}[31m.toml",
        log("pair = \"<script>alert(3)</script>\"\n", ""),
    );
    let output = scratch.run(&[
        "report",
        "-p",
        "hostile.mentor",
        "logs",
        "--as-of",
        "2025-02-01",
        "--format",
        "html",
        "--min-group",
        "1",
    ]);
    assert_eq!(output.status, 0, "{}", output.stderr);
    let html = output.stdout;
    assert!(!html.contains("<script"), "a raw <script> in the dashboard");
    for raw in [
        "<svg onload",
        "<b>",
        "<g onclick",
        "</title><",
        "<desc>",
        "<tspan>\"",
        "</text><",
        "</td><script",
        "\u{1b}",
        "TAKEAWAY-MARKER",
        "alert(3)",
    ] {
        assert!(
            !html.contains(raw),
            "`{raw}` reached the dashboard unescaped"
        );
    }
    assert!(
        html.contains("Title &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more")
    );
    // In a chart's text and in its description alike.
    assert!(html.contains("Competency &lt;svg onload=alert(1)&gt;"));
    assert!(html.contains("Milestone &lt;tspan&gt;&quot;x&quot;&lt;/tspan&gt;"));
    assert!(html.contains("Phase &lt;/title&gt;&lt;script&gt;"));
    // The file that names the pair, with its control character shown escaped.
    assert!(
        html.contains("a&quot;&lt;script&gt;alert(2)&lt;\\u{1b}[31m.toml"),
        "{}",
        html.lines()
            .filter(|l| l.contains("alert(2)"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn an_anonymous_dashboard_names_no_pair_and_no_file() {
    let scratch = Scratch::new();
    scratch.copy_programs();
    scratch.write(
        "logs/pair-017.toml",
        std::fs::read(crate::support::crate_root().join("programs/logs/senior-ic/pair-017.toml"))
            .expect("the example log"),
    );
    scratch.write("logs/broken.toml", "program = \"senior-ic\"\npair = \n");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "-p",
            "programs",
            "logs",
            "--as-of",
            AS_OF,
            "--format",
            "html",
            "--min-group",
            "1",
        ];
        args.extend_from_slice(extra);
        scratch.run(&args)
    };
    let named = run(&[]);
    assert_eq!(named.status, 2, "a log could not be read");
    assert!(named.stdout.contains("<tr><td>pair-017</td>"));
    assert!(named.stdout.contains("broken.toml"));
    assert!(
        named
            .stdout
            .contains("<td>could not be read</td><td>F001–F003</td><td class=\"num\">1</td>")
    );
    let anonymous = run(&["--anonymous"]);
    assert_eq!(anonymous.status, 2);
    for absent in ["pair-017", "broken.toml", "<table class=\"pairs\">"] {
        assert!(
            !anonymous.stdout.contains(absent),
            "`{absent}` in an anonymous dashboard"
        );
    }
    assert!(
        anonymous
            .stdout
            .contains("The files are not named in an anonymous report.")
    );
    assert!(
        anonymous
            .stdout
            .contains("<td>could not be read</td><td>F001–F003</td><td class=\"num\">1</td>")
    );
}
