//! `L035`–`L041`: what did not happen as of a day: an inactive pair, a session dated in the
//! future, a pair past the program's end, a late first session, a run of missed sessions, a
//! planned session never logged; and what will not happen in time at the pair's pace, a
//! milestone at risk. Listed in `LOG_RULES` with the other log rules.

use crate::diagnostic::Severity;
use crate::rules::{Rule, Stage};

pub static PAIR_INACTIVE: Rule = Rule {
    code: "L035",
    stage: Stage::Log,
    name: "pair-inactive",
    severity: Severity::Error,
    summary: "an active pair has held no session for longer than the cadence's longest gap",
    explanation: r#"
Pairs rarely stop on purpose: they fizzle. With `cadence … gap at most N`, an `active` pair
(or one whose log gives no `status`) whose last held session lies more than N days before
`--as-of` (default today) has stalled, and the message gives the day its next session was due
by. A pair that has held no session yet is counted from its `started` date. Inactivity exactly
at the limit is not reported; cancelled sessions and no-shows do not count as held, and a
session dated after `--as-of` has not happened yet. Completed, withdrawn and re-matched pairs
are not inactive.

An approved pause in the exceptions file (`[[pause]]`) does not count towards the silence: the
next session's due day moves by each pause that starts on or before it, and a pair inside a
pause on `--as-of` is not inactive. A finding that still fires gives the paused days and points
at the pause.

```mentor
cadence every 2 weeks, gap at most 4 weeks
```
```toml
status = "active"
[[sessions]]
number = 4
date   = 2025-03-24         # checked as of 2025-06-01: 69 days ago, the next one was due by 2025-04-21
```

Log the sessions held since, or set `status` to `completed`, `withdrawn` or `re-matched` if the
pair ended.
"#,
};

pub static SESSION_IN_FUTURE: Rule = Rule {
    code: "L036",
    stage: Stage::Log,
    name: "session-in-future",
    severity: Severity::Error,
    summary: "a held, cancelled or no-show session is dated after the day the log is checked as of",
    explanation: r#"
A session logged as held (the default), `cancelled` or `no-show` has taken place, so its date
cannot lie after `--as-of` (default today). Such a date is most often a typo in the year or
the month, and it would count towards milestones and phases that have not been reached yet.

```toml
[[sessions]]
number = 5
date   = 2026-03-03         # checked as of 2025-06-01
```

Correct the date, or log the session once its day has come.
"#,
};

pub static PROGRAM_OVERRUN: Rule = Rule {
    code: "L037",
    stage: Stage::Log,
    name: "program-overrun",
    severity: Severity::Warning,
    summary: "a pair ran past the end of the program's `length … within N weeks`",
    explanation: r#"
`length 5 sessions within 12 weeks` says how long the program runs, counted from the log's
`started` date. A pair overruns it when it held a session after that end, or when it is still
`active` (or gives no `status`) on `--as-of` (default today), after the end. The message gives
the end date. The end day itself is still within the program.

An approved pause in the exceptions file (`[[pause]]`) that starts on or before the end moves
it by its length (its days from `started` on); the message then says "moved 21 days by a pause".

```mentor
length 5 sessions within 12 weeks
```
```toml
started = 2025-02-10        # the program ends on 2025-05-05
status  = "active"          # checked as of 2025-06-01
```

It is a warning by default: a pair may need a few more weeks. Mark a pair that finished
`completed` (or `withdrawn`, or `re-matched`); a program that allows no overrun raises it with
`severity L037 error`.
"#,
};

pub static FIRST_SESSION_LATE: Rule = Rule {
    code: "L038",
    stage: Stage::Log,
    name: "first-session-late",
    severity: Severity::Error,
    summary: "the pair held its first session later than the program allows after its start",
    explanation: r#"
Pairs that do not meet soon after they are matched rarely meet at all. With
`first session within N days` (or `weeks`), the first held session of a log (the earliest by
date) falls at most that long after the log's `started` date. A pair that has held no session
is reported once that time has passed as of `--as-of` (on the last allowed day it still has
time), unless it is `withdrawn` or `re-matched`. Cancelled sessions and no-shows do not count
as a start.

An approved pause in the exceptions file (`[[pause]]`) that starts on or before the due day
moves it by its length; the message then gives the moved day ("by 2025-01-27 (moved 14 days by
a pause)").

```mentor
first session within 2 weeks
```
```toml
started = 2025-01-06

[[sessions]]
number = 1
date   = 2025-02-10        # 35 days after the start; due by 2025-01-20
```

The diagnostic points at the first session's date, or at `started` when no session was held,
and at the program's `first session within` line.
"#,
};

pub static MISSED_SESSIONS_STREAK: Rule = Rule {
    code: "L039",
    stage: Stage::Log,
    name: "missed-sessions-streak",
    severity: Severity::Error,
    summary: "more sessions in a row were cancelled or missed than the program allows",
    explanation: r#"
One cancelled session is life; a run of them is a pair drifting apart. With
`missed sessions at most N in a row`, no more than N consecutive sessions of a log (in the
order the log lists them) have `status = "cancelled"` or `"no-show"`. Any other session (held,
planned, or one whose status could not be read) ends a run. Each run longer than N is reported once, with a label over all its sessions, from the
first to the last.

A cancelled or missed session dated inside an approved pause (`[[pause]]` in the exceptions
file) neither counts nor ends a run: the pair was not expected to meet.

```mentor
missed sessions at most 2 in a row
```
```toml
[[sessions]]
date   = 2025-01-20
status = "cancelled"

[[sessions]]
date   = 2025-02-03
status = "no-show"

[[sessions]]
date   = 2025-02-17
status = "cancelled"        # the third in a row
```

`missed sessions at most 0 in a row` reports every cancelled or missed session.
"#,
};

pub static PLANNED_SESSION_NOT_LOGGED: Rule = Rule {
    code: "L040",
    stage: Stage::Log,
    name: "planned-session-not-logged",
    severity: Severity::Error,
    summary: "a planned session whose date has passed was never logged as held, cancelled or no-show",
    explanation: r#"
A session with `status = "planned"` is on the calendar, not held: it counts nowhere (like a
cancelled session) until the pair logs what happened. `mentor new log` writes every session of
the program this way. Once its date has passed, the plan must become a held session (with its
number), a cancelled one or a no-show, or move to a new date; a log whose plans silently pass
hides the sessions that did not happen.

`log sessions within N days` gives pairs that many days after the date to log it; without the
line, a plan is due to be logged on its own date and is reported from the day after.

```mentor
log sessions within 3 days
```
```toml
[[sessions]]
date   = 2025-03-03             # --as-of 2025-03-15: 12 days later, due by 2025-03-06
status = "planned"
```
"#,
};

pub static MILESTONE_AT_RISK: Rule = Rule {
    code: "L041",
    stage: Stage::Log,
    name: "milestone-at-risk",
    severity: Severity::Warning,
    summary: "at the pair's own pace, an unclaimed milestone's deadline will not be reached in time",
    explanation: r#"
A forecast, made before the deadline passes (`milestone-overdue` reports it after). The pair's
pace is the mean gap between its held sessions (first to last dated, on or before `--as-of`,
rounded to whole days); with fewer than two held sessions it is the program's
`cadence every N`, and without one nothing is forecast. The next session falls one pace after
the last held session (or `started`), but not before `--as-of`: a pair behind its pace can meet
today at the earliest. Each later session falls one pace after the one before.

- `due by week N` and `due by date D`: the next session is the first that could claim the
  milestone; it is at risk when that session falls after the deadline's date.
- `due by session N`: a session number has no date of its own, so the forecast is the date
  of session N, counted on from the highest session number held, against the program's end
  (`started` plus `length … within`); without a `within` nothing is forecast.

Only unclaimed milestones (a claim with its evidence) of active pairs are forecast, and only
while the deadline is still ahead; withdrawn, re-matched and completed pairs, and logs whose
track is unknown, are not. The message shows the arithmetic: the pace, the projected date,
the deadline.

Approved pauses and extensions in the exceptions file apply as for `milestone-overdue`: the
forecast is held against the moved deadline (and the program's end moved by the pauses), the
pace leaves paused days out, and a session that would fall in a pause falls after it.

```mentor
milestone influence-reflection "An influence attempt reviewed" {
    due by week 9               # started 2025-01-06: due by 2025-03-10
}
```
```toml
started = 2025-01-06            # --as-of 2025-03-01

[[sessions]]
number = 1
date   = 2025-01-06

[[sessions]]
number = 2
date   = 2025-01-29             # 23 days later

[[sessions]]
number = 3
date   = 2025-02-21             # 23 days later: one session every 23 days, so session 4
                                # falls around 2025-03-16, after its deadline 2025-03-10
```
"#,
};
