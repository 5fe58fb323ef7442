//! The English the tool writes, in one place: counts, days, minutes, session ranges, id lists,
//! quoted ids and "did you mean".
//!
//! Each phrasing in use keeps its own name (`days_with_weeks` says "28 days (4 weeks)" where
//! `days_or_weeks` says "4 weeks"), so moving a helper here never changed a message; choosing one
//! phrasing for a thing is a product change, made with reviewed snapshot diffs. Predicates
//! elsewhere return data (`schedule::Lateness`, `schedule::Shortfall`); this module and the rule
//! files turn it into sentences.

use crate::log::{Session, looks_like_id};
use crate::model::{Deadline, Review, ReviewSchedule};
use crate::schedule::{Due, Lateness, Moved, PaceBasis, Shortfall};

/// "1 day", "2 days": `n` and the noun, with an `s` unless `n` is one.
pub(crate) fn plural(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "1 week", "3 weeks", "1 advice", "2 advice": `n` and the singular or plural form given.
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "one session every 23 days (the mean gap of 3 held sessions)", "one session a day (the
/// program's cadence)": a pace and where it comes from.
pub(crate) fn pace(days: u32, basis: PaceBasis) -> String {
    let every = if days == 1 {
        "one session a day".to_owned()
    } else {
        format!("one session every {days} days")
    };
    match basis {
        PaceBasis::Held(n) => format!("{every} (the mean gap of {n} held sessions)"),
        PaceBasis::Cadence => format!("{every} (the program's cadence)"),
    }
}

/// "28 days (4 weeks)", "10 days", "1 day": exact days, with weeks beside them when whole.
pub(crate) fn days_with_weeks(days: u32) -> String {
    if days >= 7 && days.is_multiple_of(7) {
        format!(
            "{} ({})",
            plural(i64::from(days), "day"),
            plural(i64::from(days / 7), "week")
        )
    } else {
        plural(i64::from(days), "day")
    }
}

/// "4 weeks", "1 week", "10 days", "0 days": weeks when whole, as a program check says it.
pub(crate) fn days_or_weeks(days: u32) -> String {
    if days.is_multiple_of(7) && days > 0 {
        count(u64::from(days / 7), "week", "weeks")
    } else {
        count(u64::from(days), "day", "days")
    }
}

/// "2 weeks", "10 days", "0 weeks": weeks when whole (zero included), as the playbook says it.
pub(crate) fn weeks_or_days(days: u32) -> String {
    if days.is_multiple_of(7) {
        count(u64::from(days / 7), "week", "weeks")
    } else {
        count(u64::from(days), "day", "days")
    }
}

/// "45 minutes", "1 hour", "4 hours", "90 minutes", "1 minute".
pub(crate) fn minutes(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        count(u64::from(minutes / 60), "hour", "hours")
    } else {
        count(u64::from(minutes), "minute", "minutes")
    }
}

/// "session 3" or "sessions 3..5", as the language writes a range.
pub(crate) fn session_range(first: u32, last: u32) -> String {
    if first == last {
        format!("session {first}")
    } else {
        format!("sessions {first}..{last}")
    }
}

/// "Session 3" or "Sessions 3–5", as a heading of the playbook writes a range.
pub(crate) fn session_range_title(first: u32, last: u32) -> String {
    if first == last {
        format!("Session {first}")
    } else {
        format!("Sessions {first}–{last}")
    }
}

/// When a program's reviews come: "every 4 sessions", "at sessions 4, 8 and 12", "at session 6".
pub(crate) fn review_when(review: &Review) -> String {
    match &review.schedule {
        ReviewSchedule::Every(every) => {
            format!("every {}", count(u64::from(*every), "session", "sessions"))
        }
        ReviewSchedule::At { sessions, .. } => match sessions.as_slice() {
            [one] => format!("at session {one}"),
            _ => {
                let listed: Vec<String> = sessions.iter().map(u32::to_string).collect();
                format!("at sessions {}", and_list(&listed))
            }
        },
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "22nd".
pub(crate) fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// "a, b and c" ("nothing" for none).
pub(crate) fn and_list(items: &[String]) -> String {
    match items {
        [] => "nothing".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "a, b or c" (empty for none).
pub(crate) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

fn backticked<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> Vec<String> {
    ids.into_iter()
        .map(|id| format!("`{}`", id.as_ref()))
        .collect()
}

/// "`a`, `b` and `c`" ("nothing" for none).
pub(crate) fn ids_and<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> String {
    and_list(&backticked(ids))
}

/// "`a`, `b` or `c`" ("none" for none).
pub(crate) fn ids_or<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> String {
    let ids = backticked(ids);
    if ids.is_empty() {
        "none".to_owned()
    } else {
        or_list(&ids)
    }
}

/// "`a`, `b`", as a lens rule writes its choices.
pub(crate) fn ids_comma<S: AsRef<str>>(ids: impl IntoIterator<Item = S>) -> String {
    backticked(ids).join(", ")
}

/// `` `id` `` when the text looks like an id; otherwise a neutral phrase, because a value in
/// the wrong place may be personal text that must not reach CI output.
pub(crate) fn quote_id(text: &str) -> String {
    if looks_like_id(text) {
        format!("`{text}`")
    } else {
        "(a text that is not an id)".to_owned()
    }
}

/// Where a late claim was made: "session 5", or "session 3 on 2025-03-20, 3 days after the
/// deadline".
pub(crate) fn late_claim(session: &Session, lateness: Lateness) -> String {
    match lateness {
        Lateness::PastSession(number) => format!("session {number}"),
        Lateness::DaysLate(days) => format!(
            "{}, {} after the deadline",
            session.describe_dated(),
            plural(days, "day")
        ),
    }
}

/// "moved 21 days by a pause", "moved 35 days by 2 pauses": how far the pair's pauses moved a
/// date.
pub(crate) fn moved_by_pauses(days: i64, pauses: usize) -> String {
    let by = match pauses {
        0 | 1 => "a pause".to_owned(),
        n => format!("{n} pauses"),
    };
    format!("moved {} by {by}", plural(days, "day"))
}

/// " (moved 21 days by a pause)" when `moved` lies after `stated`, else nothing: the end of a
/// sentence giving the moved date.
pub(crate) fn moved_suffix(
    stated: Option<jiff::civil::Date>,
    moved: jiff::civil::Date,
    pauses: usize,
) -> String {
    match stated {
        Some(stated) if moved > stated => format!(
            " ({})",
            moved_by_pauses(crate::schedule::days_between(stated, moved), pauses)
        ),
        _ => String::new(),
    }
}

/// " (21 of them paused)" when some of a stretch of days were paused, else nothing.
pub(crate) fn paused_part(paused: i64) -> String {
    if paused > 0 {
        format!(" ({paused} of them paused)")
    } else {
        String::new()
    }
}

/// "a pause of 21 days": the label on a pause entry that moved a finding's dates.
pub(crate) fn pause_label(days: i64) -> String {
    format!("a pause of {}", plural(days, "day"))
}

/// A milestone's deadline for a pair: "by session 4", "by week 10 (2025-03-17)",
/// "by 2025-06-30", "by 2025-04-07 (week 10, moved 21 days by a pause)",
/// "by 2025-05-30 (moved from week 6 by an approved extension)".
pub(crate) fn deadline(deadline: Deadline, due: Option<&Due<'_>>) -> String {
    let stated = match deadline {
        Deadline::BySession(n) => format!("session {n}"),
        Deadline::ByWeek(n) => format!("week {n}"),
        Deadline::ByDate(date) => date.to_string(),
    };
    match (deadline, due) {
        (
            _,
            Some(Due::ByDay {
                date,
                moved: Moved::Paused { days, pauses },
            }),
        ) => {
            format!(
                "by {date} ({stated}, {})",
                moved_by_pauses(*days, pauses.len())
            )
        }
        (
            _,
            Some(Due::ByDay {
                date,
                moved: Moved::Extended(_),
            }),
        ) => {
            format!("by {date} (moved from {stated} by an approved extension)")
        }
        (Deadline::ByWeek(weeks), Some(Due::ByDay { date, .. })) => {
            format!("by week {weeks} ({date})")
        }
        _ => deadline.describe(),
    }
}

/// " (moved 21 days by a pause)", " (moved by an approved extension)", or nothing: how the
/// date a deadline is held against came to be, after that date.
pub(crate) fn moved_note(due: &Due<'_>) -> String {
    match due {
        Due::ByDay {
            moved: Moved::Paused { days, pauses },
            ..
        } => format!(" ({})", moved_by_pauses(*days, pauses.len())),
        Due::ByDay {
            moved: Moved::Extended(_),
            ..
        } => " (moved by an approved extension)".to_owned(),
        _ => String::new(),
    }
}

/// What a claim lacks, as the end of "… claims milestone `m` but …".
pub(crate) fn shortfall(shortfall: Shortfall<'_>) -> String {
    match shortfall {
        Shortfall::NotAReview => "is not a review (`kind = \"review\"`)".to_owned(),
        Shortfall::LensNotUsed(lens) => format!("does not use lens `{lens}`"),
        Shortfall::FieldsUnanswered(lens) => {
            format!("leaves required fields of lens `{lens}` unanswered")
        }
    }
}

/// How a waived finding shows its waiver: "waived by program-lead on 2025-03-01 until
/// 2025-06-30: mentee on sick leave".
pub(crate) fn waiver_note(waiver: &crate::diagnostic::Waiver) -> String {
    let until = waiver
        .expires
        .map(|day| format!(" until {day}"))
        .unwrap_or_default();
    format!(
        "waived by {} on {}{until}: {}",
        waiver.approved_by, waiver.approved, waiver.reason
    )
}

/// Words longer than this (in bytes) get no "did you mean".
pub(crate) const MAX_SUGGESTION_INPUT: usize = 256;

/// The closest candidate to `unknown`, if one is close enough to be a likely typo.
/// The one fuzzy-match helper every "did you mean" goes through.
pub(crate) fn did_you_mean<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Ids and keywords are short; comparing a megabyte-long word with each of them costs
    // seconds (Jaro's match window grows with the longer string) and suggests nothing useful.
    if unknown.len() > MAX_SUGGESTION_INPUT {
        return None;
    }
    let unknown_lower = unknown.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&unknown_lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// `help` text for an unknown id: the suggestion if there is one, else the list of known ids.
pub(crate) fn unknown_id_help<'a>(
    kind: &str,
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match did_you_mean(unknown, candidates.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            let known = ids_comma(candidates);
            if known.is_empty() {
                format!("no {kind} is defined")
            } else {
                format!("known {kind} ids: {known}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_phrasing_of_days_keeps_its_own_form() {
        assert_eq!(days_with_weeks(28), "28 days (4 weeks)");
        assert_eq!(days_with_weeks(1), "1 day");
        assert_eq!(days_with_weeks(0), "0 days");
        assert_eq!(days_or_weeks(7), "1 week");
        assert_eq!(days_or_weeks(0), "0 days");
        assert_eq!(days_or_weeks(10), "10 days");
        assert_eq!(weeks_or_days(0), "0 weeks");
        assert_eq!(weeks_or_days(14), "2 weeks");
        assert_eq!(weeks_or_days(1), "1 day");
    }

    #[test]
    fn minutes_become_hours_when_whole() {
        assert_eq!(minutes(60), "1 hour");
        assert_eq!(minutes(240), "4 hours");
        assert_eq!(minutes(90), "90 minutes");
        assert_eq!(minutes(1), "1 minute");
    }

    #[test]
    fn ranges_and_lists() {
        assert_eq!(session_range(3, 3), "session 3");
        assert_eq!(session_range(3, 5), "sessions 3..5");
        assert_eq!(session_range_title(3, 5), "Sessions 3–5");
        assert_eq!(ids_and(["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(ids_and(Vec::<String>::new()), "nothing");
        assert_eq!(ids_or(["a", "b"]), "`a` or `b`");
        assert_eq!(ids_or(Vec::<String>::new()), "none");
        assert_eq!(ids_comma(["a", "b"]), "`a`, `b`");
        assert_eq!(quote_id("Jane thinks"), "(a text that is not an id)");
        assert_eq!(quote_id("pair-1"), "`pair-1`");
    }
}
