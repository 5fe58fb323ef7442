//! `L` rules: a session log breaks the log contract or the program it names.
//!
//! `L001`–`L004` are about the shape of the log (found while loading it); the others compare
//! the log with its program (found by `check::log`). Every rule of the sketch's "in a log"
//! list is an error by default; of the rules added beyond it, those that say a pair went off
//! its program's rhythm (an inactive pair, a session dated in the future) are errors, and those
//! a pair may have a good reason for (a version mismatch, sessions closer or longer than the
//! program asks, a pair running past the program's end) are warnings.
//!
//! `absence.rs` holds the rules about what did not happen as of a day (`L035`–`L040`, and the
//! forecast `L041`), so each file of the catalogue stays short enough to read.

mod absence;

pub use absence::*;

use super::{Rule, Stage};
use crate::diagnostic::Severity;

pub static LOG_RULES: &[&Rule] = &[
    &UNKNOWN_LOG_FIELD,
    &DUPLICATE_LOG_FIELD,
    &INVALID_LOG_VALUE,
    &MISSING_LOG_FIELD,
    &UNKNOWN_PROGRAM,
    &VERSION_MISMATCH,
    &UNKNOWN_TRACK,
    &UNKNOWN_LENS,
    &UNKNOWN_OUTCOME,
    &UNKNOWN_MILESTONE,
    &UNKNOWN_ANSWER_FIELD,
    &SESSION_NUMBERING,
    &SESSION_DATE_ORDER,
    &GAP_TOO_LONG,
    &GAP_TOO_SHORT,
    &SESSION_TOO_SHORT,
    &SESSION_TOO_LONG,
    &SESSION_BEYOND_LAST_PHASE,
    &LENS_NOT_ALLOWED,
    &LENS_COUNT,
    &PROGRESSION_NOT_FOLLOWED,
    &LENS_FIELD_UNANSWERED,
    &MISSING_OUTCOME,
    &FAILED_OUTCOME,
    &NEW_PROBLEM_FORBIDDEN,
    &MILESTONE_WITHOUT_EVIDENCE,
    &MILESTONE_LATE,
    &MILESTONE_OVERDUE,
    &COMPLETED_WITH_UNMET_MILESTONES,
    &COMPLETED_TOO_FEW_SESSIONS,
    &REVIEW_OVERDUE,
    &AGREEMENT_MISSING,
    &AGREEMENT_LATE,
    &DUPLICATE_PAIR,
    &PAIR_INACTIVE,
    &SESSION_IN_FUTURE,
    &PROGRAM_OVERRUN,
    &FIRST_SESSION_LATE,
    &MISSED_SESSIONS_STREAK,
    &PLANNED_SESSION_NOT_LOGGED,
    &MILESTONE_AT_RISK,
];

pub static UNKNOWN_LOG_FIELD: Rule = Rule {
    code: "L001",
    stage: Stage::Log,
    name: "unknown-log-field",
    severity: Severity::Error,
    summary: "a log or session has a field the log format does not define",
    explanation: r#"
The log format has a fixed set of fields (see "the session log contract" in the language
reference). A field it does not define is most often a misspelling, and ignoring it would
silently drop what the pair wrote, so it is reported; the help suggests the closest field.

```toml
[[sessions]]
number  = 3
date    = 2025-02-03
outcom  = "behavior"        # did you mean `outcome`?
```

Top-level fields: `program`, `version`, `pair`, `mentor`, `mentee`, `track`, `started`,
`status`, `agreement`, `sessions`. Session fields: `number`, `date`, `minutes`, `kind`,
`status`, `outcome`, `takeaway`, `lens`, `milestones`, `new-problem`, `answers`. The keys of
`answers` are lens field ids and are checked by `L011`.
"#,
};

pub static DUPLICATE_LOG_FIELD: Rule = Rule {
    code: "L002",
    stage: Stage::Log,
    name: "duplicate-log-field",
    severity: Severity::Error,
    summary: "a field appears twice in the same log object, or an id twice in one list",
    explanation: r#"
JSON allows an object to repeat a key, and most tools then keep the last value without a
word. A log with two `date` fields is ambiguous, so the second one is reported and the first
one is used. (TOML forbids repeated keys; a TOML log with one is unreadable, `F003`.) An id
listed twice in `lens` or `milestones` (or a field answered twice) is reported the same way and
counted once: `lens = ["decision-review", "decision-review"]` is one lens used.

```json
{"number": 3, "date": "2025-02-03", "minutes": 50, "date": "2025-02-04"}
```

Keep one of them.
"#,
};

pub static INVALID_LOG_VALUE: Rule = Rule {
    code: "L003",
    stage: Stage::Log,
    name: "invalid-log-value",
    severity: Severity::Error,
    summary: "a log value has the wrong type or is not one of the allowed values",
    explanation: r#"
Each log field takes one kind of value: ids and versions are strings, `number` and `minutes`
are whole numbers (`number` from 1), dates are `YYYY-MM-DD` (a TOML date or a JSON string) and
must exist in the calendar, `new-problem` is `true` or `false`, `lens` is an id or a list of
ids, `milestones` a list of ids, `answers` a table of texts. `status` and `kind` take the
values listed below.

```toml
started = "06/01/2025"      # expected a date written YYYY-MM-DD
[[sessions]]
minutes = "fifty"           # expected a whole number of minutes
status  = "canceled"        # expected `held`, `cancelled`, `no-show` or `planned`
```

Pair `status`: `active` (default), `completed`, `withdrawn`, `re-matched` (the pair's chemistry
did not work and its mentee goes on with another mentor). Session `status`: `held` (default),
`cancelled`, `no-show`, `planned`. Session `kind`: `check-in` (default), `review`. A field with
an invalid value is treated as absent by the other rules.
"#,
};

pub static MISSING_LOG_FIELD: Rule = Rule {
    code: "L004",
    stage: Stage::Log,
    name: "missing-log-field",
    severity: Severity::Error,
    summary: "a field the log format requires is missing",
    explanation: r#"
Every log names its `program`, its `pair` and the date it `started` (relative deadlines count
from it). Every session has a `date`, and a held session (the default status) has a `number`.

```toml
program = "senior-ic"
pair    = "pair-017"
                            # `started` is missing
[[sessions]]
date    = 2025-01-06        # held (the default), so it needs `number = 1`
```

The label points at the log, or at the session that lacks the field.
"#,
};

pub static UNKNOWN_PROGRAM: Rule = Rule {
    code: "L005",
    stage: Stage::Log,
    name: "unknown-program",
    severity: Severity::Error,
    summary: "the log names a program that is not among the programs checked",
    explanation: r#"
A log is checked against the program whose id its `program` field names. No program given to
`mentor validate --program` has that id, so nothing in the log was checked.

```toml
program = "senior-lc"       # did you mean `senior-ic`?
```

Fix the id, or pass the file or directory that holds the program.
"#,
};

pub static VERSION_MISMATCH: Rule = Rule {
    code: "L006",
    stage: Stage::Log,
    name: "version-mismatch",
    severity: Severity::Warning,
    summary: "the log was started on a different version of the program",
    explanation: r#"
The log's `version` is the program version the pair started on. Several versions of one program
may be given side by side (`--program` holding `senior-ic-2025.1.mentor` and
`senior-ic-2026.1.mentor`, both `program senior-ic`): each log is checked against the version it
names. When that version is not among them, the log is checked against the newest, and may be
reported for rules the pair never agreed to (a phase moved, a milestone added). This is a
warning: decide whether the pair moves to the new version, or give the old program file too.

```toml
program = "senior-ic"
version = "2024.2"          # the program says `version "2025.1"`
```
"#,
};

pub static UNKNOWN_TRACK: Rule = Rule {
    code: "L007",
    stage: Stage::Log,
    name: "unknown-track",
    severity: Severity::Error,
    summary: "the log names a track the program does not define",
    explanation: r#"
A track is a domain variant of the program that adds or replaces milestones. The log's `track`
must be one of the program's tracks, otherwise it is unclear which milestones the pair owes.
The log is then checked against the program's own milestones.

```toml
track = "enginering"        # did you mean `engineering`?
```
"#,
};

pub static UNKNOWN_LENS: Rule = Rule {
    code: "L008",
    stage: Stage::Log,
    name: "unknown-lens",
    severity: Severity::Error,
    summary: "a session names a lens the program does not define",
    explanation: r#"
`lens` must name lenses declared in the program (or in a library it imports). The help
suggests the closest lens id.

```toml
[[sessions]]
number = 3
lens   = "decision-reveiw"  # did you mean `decision-review`?
```
"#,
};

pub static UNKNOWN_OUTCOME: Rule = Rule {
    code: "L009",
    stage: Stage::Log,
    name: "unknown-outcome",
    severity: Severity::Error,
    summary: "a session records an outcome the program does not define",
    explanation: r#"
A held session records how it ended with one of the program's `outcome` ids.

```toml
[[sessions]]
number  = 2
outcome = "assumptions"     # did you mean `assumption`?
```
"#,
};

pub static UNKNOWN_MILESTONE: Rule = Rule {
    code: "L010",
    stage: Stage::Log,
    name: "unknown-milestone",
    severity: Severity::Error,
    summary: "a session claims a milestone the program or the pair's track does not define",
    explanation: r#"
`milestones` lists the ids of milestones the session meets. Each must be a milestone of the
program that applies to the pair's track (a track may replace or drop program milestones).

```toml
[[sessions]]
number     = 4
milestones = ["first-decision-reveiw"]   # did you mean `first-decision-review`?
```
"#,
};

pub static UNKNOWN_ANSWER_FIELD: Rule = Rule {
    code: "L011",
    stage: Stage::Log,
    name: "unknown-answer-field",
    severity: Severity::Error,
    summary: "an answer is given for a field that none of the session's lenses has",
    explanation: r#"
The keys of a session's `answers` are field ids of the lenses the session uses. An answer to
another key is a misspelled field, or belongs to a lens the session does not name, and would
never reach a report.

```toml
[[sessions]]
lens = "decision-review"
[sessions.answers]
choose = "…"                # did you mean `chose`?
who    = "…"                # `who` is a field of `influence-review`, not of `decision-review`
```

The answer texts themselves are never quoted in a diagnostic.
"#,
};

pub static SESSION_NUMBERING: Rule = Rule {
    code: "L012",
    stage: Stage::Log,
    name: "session-numbering",
    severity: Severity::Error,
    summary: "held sessions are not numbered 1, 2, 3 … in the order they are listed",
    explanation: r#"
Held sessions are numbered from 1 without gaps or repeats, in the order the log lists them;
the number decides the session's phase, lens rule and deadlines. Cancelled sessions and
no-shows do not count and carry no number.

```toml
[[sessions]]
number = 1
date   = 2025-01-06
[[sessions]]
number = 3                  # expected 2
date   = 2025-01-20
```

After a wrong number, counting resumes from it, so one slip is reported once.
"#,
};

pub static SESSION_DATE_ORDER: Rule = Rule {
    code: "L013",
    stage: Stage::Log,
    name: "session-date-order",
    severity: Severity::Error,
    summary: "a session is dated before the session listed above it, or before the log started",
    explanation: r#"
Sessions are listed in the order they took place, none before the log's `started` date. A date
out of order is usually a typo in the month or the day, and it would make every gap and
deadline computed from it wrong.

```toml
started = 2025-01-06
[[sessions]]
number = 2
date   = 2025-02-03
[[sessions]]
number = 3
date   = 2025-01-17          # before session 2 on 2025-02-03
```
"#,
};

pub static GAP_TOO_LONG: Rule = Rule {
    code: "L014",
    stage: Stage::Log,
    name: "gap-too-long",
    severity: Severity::Error,
    summary: "two consecutive held sessions are further apart than the cadence allows",
    explanation: r#"
`cadence …, gap at most N weeks` bounds the days between one held session and the next:
momentum is lost in longer gaps. Cancelled sessions and no-shows do not close a gap.

An approved pause in the exceptions file (`[[pause]]`) takes its days out of the gaps it falls
in: a gap of 49 days with 21 paused counts 28. A gap still too long says how many of its days
were paused and points at the pause.

```mentor
cadence every 2 weeks, gap at most 4 weeks
```
```toml
[[sessions]]
number = 2
date   = 2025-01-20
[[sessions]]
number = 3
date   = 2025-02-24          # 35 days after session 2; the program allows at most 28
```
"#,
};

pub static GAP_TOO_SHORT: Rule = Rule {
    code: "L015",
    stage: Stage::Log,
    name: "gap-too-short",
    severity: Severity::Warning,
    summary: "two consecutive held sessions are closer together than the cadence's minimum gap",
    explanation: r#"
`cadence …, gap at least N days` asks for time between sessions to try what was discussed.
Sessions closer together are reported as a warning: meeting more often rarely harms a pair,
but the designer asked for the space.

```mentor
cadence every 2 weeks, gap at least 1 week
```
```toml
[[sessions]]
number = 2
date   = 2025-01-20
[[sessions]]
number = 3
date   = 2025-01-22          # 2 days after session 2; the program asks for at least 7
```
"#,
};

pub static SESSION_TOO_SHORT: Rule = Rule {
    code: "L016",
    stage: Stage::Log,
    name: "session-too-short",
    severity: Severity::Error,
    summary: "a held session lasted fewer minutes than the program's minimum",
    explanation: r#"
`session at least N minutes` is the time a session needs to go beyond status updates. A held
session that records fewer `minutes` is reported; a session without `minutes` is not.

```mentor
session at least 45 minutes
```
```toml
[[sessions]]
number  = 2
minutes = 30                # the program asks for at least 45
```
"#,
};

pub static SESSION_TOO_LONG: Rule = Rule {
    code: "L017",
    stage: Stage::Log,
    name: "session-too-long",
    severity: Severity::Warning,
    summary: "a held session lasted more minutes than the program's maximum",
    explanation: r#"
`session …, at most N minutes` protects the time commitment both sides agreed to. A longer
session is a warning.

```mentor
session at least 45 minutes, at most 90 minutes
```
```toml
[[sessions]]
number  = 2
minutes = 150               # the program allows at most 90
```
"#,
};

pub static SESSION_BEYOND_LAST_PHASE: Rule = Rule {
    code: "L018",
    stage: Stage::Log,
    name: "session-beyond-last-phase",
    severity: Severity::Error,
    summary: "a held session's number is beyond the program's last session",
    explanation: r#"
The program's phases (and its `length`) end at some session; a session numbered after it
belongs to no phase and no rule applies to it. Either the pair went on after the program
ended, or the numbering is wrong.

```mentor
phase judgment "Judgment Building" sessions 3..5 { … }
```
```toml
[[sessions]]
number = 6                  # the program ends at session 5
```
"#,
};

pub static LENS_NOT_ALLOWED: Rule = Rule {
    code: "L019",
    stage: Stage::Log,
    name: "lens-not-allowed",
    severity: Severity::Error,
    summary: "a session uses a lens its phase does not allow",
    explanation: r#"
Each phase says which lenses its sessions may use: `lenses none` allows none, `lenses exactly
1 of a, b` allows only `a` and `b`. A lens outside that list is reported at the lens; the
second label points at the phase's `lenses` line.

```mentor
phase framing "Framing & Trust" sessions 1..2 {
    lenses none
}
```
```toml
[[sessions]]
number = 2
lens   = "decision-review"  # phase `framing` allows no lens
```
"#,
};

pub static LENS_COUNT: Rule = Rule {
    code: "L020",
    stage: Stage::Log,
    name: "lens-count",
    severity: Severity::Error,
    summary: "a session uses fewer or more lenses than its phase requires",
    explanation: r#"
`lenses exactly 1 of …` asks every session of the phase to work through one lens: none means
the session had no structure, two mean neither got the time it needs. `at least N` and `at
most N` work the same way.

```mentor
phase judgment "Judgment Building" sessions 3..5 {
    lenses exactly 1 of decision-review, influence-review
}
```
```toml
[[sessions]]
number = 3                  # no `lens`: the phase requires exactly 1
[[sessions]]
number = 4
lens   = ["decision-review", "influence-review"]   # 2 lenses: the phase requires exactly 1
```
"#,
};

pub static PROGRESSION_NOT_FOLLOWED: Rule = Rule {
    code: "L021",
    stage: Stage::Log,
    name: "progression-not-followed",
    severity: Severity::Error,
    summary: "a session does not use the lens its phase's progression expects",
    explanation: r#"
`progression a, b, c` asks the phase's sessions to move through the lenses in order (for
example observation, then a hands-on assignment, then a reflective debrief), starting again
after the last. A session using another lens breaks the sequence.

```mentor
phase practice "Practice" sessions 3..8 {
    lenses exactly 1 of observation, assignment, debrief
    progression observation, assignment, debrief
}
```
```toml
[[sessions]]
number = 4
lens   = "debrief"          # the progression expects `assignment` in session 4
```
"#,
};

pub static LENS_FIELD_UNANSWERED: Rule = Rule {
    code: "L022",
    stage: Stage::Log,
    name: "lens-field-unanswered",
    severity: Severity::Error,
    summary: "a required field of a session's lens is missing or blank",
    explanation: r#"
A lens is a worksheet: the session that uses it answers every field that is not marked
`optional`. A missing or blank answer means the lens was named but not worked through.

```mentor
lens decision-review "Decision Review" {
    section "Decision I made" {
        field chose "What I chose"
        field trade-off "What trade-off I accepted"
    }
}
```
```toml
[[sessions]]
lens = "decision-review"
[sessions.answers]
chose     = "…"
trade-off = ""              # blank
```
"#,
};

pub static MISSING_OUTCOME: Rule = Rule {
    code: "L023",
    stage: Stage::Log,
    name: "missing-outcome",
    severity: Severity::Error,
    summary: "a held session records no outcome",
    explanation: r#"
When a program declares outcomes, every held session ends with one of them: an assumption to
test, a behavior to try. Without it, the session left nothing to act on and reports cannot
show what sessions produce.

```toml
[[sessions]]
number   = 2
date     = 2025-01-20
takeaway = "…"              # but no `outcome`
```
"#,
};

pub static FAILED_OUTCOME: Rule = Rule {
    code: "L024",
    stage: Stage::Log,
    name: "failed-outcome",
    severity: Severity::Error,
    summary: "a held session ended with an outcome the program marks as failed",
    explanation: r#"
A program marks outcomes that defeat its purpose as `failed`: in the reference program, a
step-by-step answer or a borrowed decision means the mentor solved the problem instead of
building the mentee's judgment. The log is honest; the rule makes the pattern visible.

```mentor
outcome answer "A step-by-step answer" failed
```
```toml
[[sessions]]
number  = 3
outcome = "answer"
```

A program that wants these counted but not failing CI can write `severity L024 warning`.
"#,
};

pub static NEW_PROBLEM_FORBIDDEN: Rule = Rule {
    code: "L025",
    stage: Stage::Log,
    name: "new-problem-forbidden",
    severity: Severity::Error,
    summary: "a session brings a new problem in a phase that forbids new problems",
    explanation: r#"
Some phases deepen the problems already on the table rather than open new ones
(`new-problems forbidden`). A session of such a phase with `new-problem = true` is reported.

```mentor
phase judgment "Judgment Building" sessions 3..5 {
    new-problems forbidden
}
```
```toml
[[sessions]]
number      = 4
new-problem = true
```
"#,
};

pub static MILESTONE_WITHOUT_EVIDENCE: Rule = Rule {
    code: "L026",
    stage: Stage::Log,
    name: "milestone-without-evidence",
    severity: Severity::Error,
    summary: "a milestone is claimed in a session that does not show the evidence it requires",
    explanation: r#"
A milestone's `evidence` says what the claiming session must show: `evidence lens X` means the
session used lens X and answered its required fields; `evidence review` means the session is a
review (`kind = "review"`). A claim in a cancelled session shows nothing.

```mentor
milestone first-decision-review "…" {
    evidence lens decision-review
}
```
```toml
[[sessions]]
number     = 4
lens       = "influence-review"
milestones = ["first-decision-review"]   # the session did not use `decision-review`
```
"#,
};

pub static MILESTONE_LATE: Rule = Rule {
    code: "L027",
    stage: Stage::Log,
    name: "milestone-late",
    severity: Severity::Error,
    summary: "a milestone is claimed after its deadline",
    explanation: r#"
A milestone is `due by session N` (claimed in a held session numbered N or lower), `due by
week N` (on or before the log's `started` date plus N weeks) or `due by date D`. A claim after
that is counted but reported.

An approved pause (`[[pause]]` in the exceptions file) moves a `due by week N` or `due by date
D` deadline by its length when it starts on or before the (moved) deadline, counting its days
from `started` on; an approved extension (`[[extend]]`) replaces the milestone's deadline for
its pair with its date, whatever the deadline's kind. The message gives the moved date and why
("due by 2025-04-07 (week 10, moved 21 days by a pause)", "due by 2025-05-30 (moved from
session 4 by an approved extension)") and points at the entry.

```mentor
milestone first-decision-review "…" {
    due by session 4
}
```
```toml
[[sessions]]
number     = 5
milestones = ["first-decision-review"]   # due by session 4
```
"#,
};

pub static MILESTONE_OVERDUE: Rule = Rule {
    code: "L028",
    stage: Stage::Log,
    name: "milestone-overdue",
    severity: Severity::Error,
    summary: "a milestone was not claimed by its deadline",
    explanation: r#"
A milestone of the pair's program and track that no session claims is overdue once its
deadline has passed: for `due by session N`, once session N was held without the claim (on or
before `--as-of`, default today: a session logged for a later day has not happened yet); for
`due by week N` and `due by date D`, once the date is before `--as-of`. A deadline still in the
future is not a violation. Withdrawn and re-matched pairs are not reported.

An approved pause or extension in the exceptions file moves the deadline as for
`milestone-late`: a pause that starts on or before a week or date deadline moves it by its
length; an extension replaces the deadline of its milestone, for its pair only. The message
says so: "it was due by 2025-04-07 (week 10, moved 21 days by a pause)".

```mentor
milestone influence-reflection "…" {
    due by week 10          // counted from the log's `started` date
}
```
```toml
started = 2025-01-06        # due 2025-03-17; no session claims `influence-reflection`
```
"#,
};

pub static COMPLETED_WITH_UNMET_MILESTONES: Rule = Rule {
    code: "L029",
    stage: Stage::Log,
    name: "completed-with-unmet-milestones",
    severity: Severity::Error,
    summary: "a pair marked completed has milestones no session claims",
    explanation: r#"
`status = "completed"` says the pair finished the program. Every milestone of its program and
track must then be claimed by some session. Each unmet milestone is reported at the status.

```toml
status = "completed"        # but no session claims `influence-reflection`
```

If the pair stopped early, `status = "withdrawn"` says so; if its chemistry did not work and
the mentee goes on with another mentor, `status = "re-matched"`.
"#,
};

pub static COMPLETED_TOO_FEW_SESSIONS: Rule = Rule {
    code: "L030",
    stage: Stage::Log,
    name: "completed-too-few-sessions",
    severity: Severity::Error,
    summary: "a pair marked completed held fewer sessions than the program's length",
    explanation: r#"
`length N sessions` (or `length N..M sessions`) is what completing the program takes. A pair
marked `completed` with fewer held sessions did not complete it. Cancelled sessions and
no-shows do not count.

```mentor
length 5 sessions within 12 weeks
```
```toml
status = "completed"        # only 4 held sessions
```
"#,
};

pub static REVIEW_OVERDUE: Rule = Rule {
    code: "L031",
    stage: Stage::Log,
    name: "review-overdue",
    severity: Severity::Error,
    summary: "no review session took place within the interval the program requires, or at a session it lists",
    explanation: r#"
`review every N sessions` blends formal evaluations with the informal check-ins: among any N
consecutive held sessions, one has `kind = "review"`. The diagnostic points at the session
that closed the interval without a review.

```mentor
review every 4 sessions
```
```toml
[[sessions]]
number = 4                  # sessions 1–4 held, none of kind `review`
kind   = "check-in"
```

`review at sessions 4, 8, 12` names the review sessions themselves: each of them a log has
held has `kind = "review"`, and the diagnostic points at the one that is not. (Another session
may be a review as well.)

```mentor
review at sessions 4, 8, 12
```
```toml
[[sessions]]
number = 8                  # session 8 is listed, and held as a check-in
```

A program that states `review every 0 sessions` with `severity empty-range off` asks for no
review.
"#,
};

pub static AGREEMENT_MISSING: Rule = Rule {
    code: "L032",
    stage: Stage::Log,
    name: "agreement-missing",
    severity: Severity::Error,
    summary: "the log records no agreement although the program requires one before a session that was held",
    explanation: r#"
`agreement before session K` asks each pair to record its mentoring agreement (goals, time
commitment, confidentiality) before session K. The log records it as a top-level
`agreement = YYYY-MM-DD` date. Once session K is held, a log without it is reported.

```mentor
agreement before session 2
```
```toml
started = 2025-01-06        # no `agreement` date, and session 2 was held
```
"#,
};

pub static AGREEMENT_LATE: Rule = Rule {
    code: "L033",
    stage: Stage::Log,
    name: "agreement-late",
    severity: Severity::Error,
    summary: "the agreement is dated after the session it had to precede",
    explanation: r#"
With `agreement before session K`, the log's `agreement` date must be on or before the date of
session K.

```mentor
agreement before session 2
```
```toml
agreement = 2025-01-27      # session 2 was on 2025-01-20
```
"#,
};

pub static DUPLICATE_PAIR: Rule = Rule {
    code: "L034",
    stage: Stage::Log,
    name: "duplicate-pair",
    severity: Severity::Error,
    summary: "two logs of one program name the same pair",
    explanation: r#"
The log contract is one log per mentoring pair. Two logs that follow the same program and give
the same `pair` id are either the same pair exported twice (a TOML file and a line of a JSON
Lines export, say), which would count its sessions twice in `mentor report`, or two pairs that
share an id, which makes every report about them ambiguous.

```toml
# logs/pair-017.toml              # logs/export.jsonl, line 12
pair = "pair-017"                 {"program": "senior-ic", "pair": "pair-017", …}
```

Keep one log per pair, or give each pair its own id. The diagnostic is on the later log (in the
order the files are read: paths as given, directories in sorted order) and points at the first.
"#,
};
