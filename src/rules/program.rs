//! `P` rules: the program itself is contradictory, impossible or refers to something undefined.
//! They are found by `mentor check` before any cohort starts.

use super::{Rule, Stage};
use crate::diagnostic::Severity;

pub static PROGRAM_RULES: &[&Rule] = &[
    &DUPLICATE_ID,
    &UNKNOWN_REFERENCE,
    &DUPLICATE_SETTING,
    &PHASE_OVERLAP,
    &PHASE_GAP,
    &PHASE_NOT_STARTING_AT_ONE,
    &EMPTY_RANGE,
    &SESSION_BEYOND_PROGRAM,
    &DEADLINE_BEYOND_LENGTH,
    &LENS_NEVER_ALLOWED,
    &LENS_CHOICE_TOO_SMALL,
    &CADENCE_CONTRADICTION,
    &EVIDENCE_UNREACHABLE,
    &LENGTH_UNREACHABLE,
    &MISSING_PROGRAM,
    &IMPORT_NOT_FOUND,
    &IMPORT_CYCLE,
    &IMPORT_NOT_LIBRARY,
    &PROGRESSION_LENS_NOT_ALLOWED,
    &UNUSED_COMPETENCY,
    &INVALID_DATE,
    &CONFLICTING_TRACK_CHANGE,
    &COMMITMENT_BELOW_SESSIONS,
    &VAGUE_MILESTONE,
    &NUMBER_TOO_LARGE,
    &SESSIONS_OUT_OF_ORDER,
    &REDUNDANT_PHASE_RULE,
    &EMPTY_LABEL,
    &MATCHING_ATTRIBUTE_MISUSED,
    &REQUIREMENT_UNMEETABLE,
    &PREFERENCES_WEIGHTLESS,
];

pub static DUPLICATE_ID: Rule = Rule {
    code: "P001",
    stage: Stage::Program,
    name: "duplicate-id",
    severity: Severity::Error,
    summary: "two declarations of the same kind share an id",
    explanation: r#"
Logs and other items refer to lenses, phases, competencies, milestones, outcomes and tracks by
id, so an id must name one thing. Ids are separate per kind: a phase and a competency may both
be called `judgment`, two lenses may not.

```mentor
lens decision-review "Decision Review" { … }
lens decision-review "Decision Review (short)" { … }   // `decision-review` is already a lens
```

Rename one of them. The second label points at the first declaration. A field id must also be
unique within its lens (across all its sections), because log answers are keyed by field id.

Programs given together (`--program DIR`, or the files `mentor check` checks in one run) are
matched to logs by id and `version`. Several versions of one program may sit side by side, each
log checked against the version it names; two programs with the same id and the same version
(or both without one) are this rule, since no log could tell them apart:

```mentor
program senior-ic "…" { version "2025.1" … }   // programs/senior-ic.mentor
program senior-ic "…" { version "2025.1" … }   // programs/copy.mentor: the same edition again
```

Give the newer file its own `version`, or remove the copy.
"#,
};

pub static UNKNOWN_REFERENCE: Rule = Rule {
    code: "P002",
    stage: Stage::Program,
    name: "unknown-reference",
    severity: Severity::Error,
    summary: "a reference names a lens, competency, milestone, phase, outcome, track or rule that does not exist",
    explanation: r#"
A lens rule, progression, milestone, track or `severity` line refers to an id that is not
declared in the program or in a file it imports. The help suggests the closest declared id.

```mentor
lenses exactly 1 of decision-reveiw, influence-review   // did you mean `decision-review`?
```

Fix the spelling, or declare the missing item.
"#,
};

pub static DUPLICATE_SETTING: Rule = Rule {
    code: "P003",
    stage: Stage::Program,
    name: "duplicate-setting",
    severity: Severity::Error,
    summary: "a setting that may appear once is given twice",
    explanation: r#"
`version`, `audience`, `purpose`, `length`, `cadence`, `session`, `review`, `commitment` and
`agreement` may each appear once in a program; a phase may have one `lenses` line, one
`new-problems` line and one `progression`; a milestone one `competency`, one `due` and one
`evidence`. With two, it is unclear which one holds. Likewise an id listed twice in one list
(`lenses exactly 2 of decision-review, decision-review, …`) is most often a typo for another id,
and so is a session listed twice in `review at sessions 4, 8, 8`.

```mentor
cadence every 2 weeks, gap at most 4 weeks
cadence every 3 weeks                        // `cadence` is already set
```

Keep one.
"#,
};

pub static PHASE_OVERLAP: Rule = Rule {
    code: "P004",
    stage: Stage::Program,
    name: "phase-overlap",
    severity: Severity::Error,
    summary: "two phases claim the same session numbers",
    explanation: r#"
Each held session belongs to exactly one phase, which decides its lens rule and what it may
cover. Two phases whose session ranges share a number make that session ambiguous.

```mentor
phase framing  "Framing & Trust"    sessions 1..3 { … }
phase judgment "Judgment Building"  sessions 3..5 { … }   // session 3 is in both
```

Make the ranges meet without overlapping: `1..2` and `3..5`.
"#,
};

pub static PHASE_GAP: Rule = Rule {
    code: "P005",
    stage: Stage::Program,
    name: "phase-gap",
    severity: Severity::Error,
    summary: "some session numbers belong to no phase",
    explanation: r#"
Phases must cover every session from 1 to the program's last session without holes; a session
in a gap would have no lens rule. When the program states a `length`, the phases must reach its
largest session count.

```mentor
length 5 sessions within 12 weeks
phase framing  "Framing & Trust"   sessions 1..2 { … }
phase judgment "Judgment Building" sessions 4..5 { … }   // session 3 belongs to no phase
```

Extend a neighbouring phase or add one for the missing sessions.
"#,
};

pub static PHASE_NOT_STARTING_AT_ONE: Rule = Rule {
    code: "P006",
    stage: Stage::Program,
    name: "phase-not-starting-at-one",
    severity: Severity::Error,
    summary: "the first phase does not start at session 1",
    explanation: r#"
Held sessions are numbered from 1, so the first phase must start at session 1.

```mentor
phase framing "Framing & Trust" sessions 2..3 { … }   // session 1 belongs to no phase
```
"#,
};

pub static EMPTY_RANGE: Rule = Rule {
    code: "P007",
    stage: Stage::Program,
    name: "empty-range",
    severity: Severity::Error,
    summary: "a range or count is empty or zero",
    explanation: r#"
A range whose start is after its end (`5..3`), a range or count that starts at 0 (sessions are
numbered from 1), or a length, cadence, review interval, review session or deadline of zero
can never be met. With the rule turned off, `review every 0 sessions` plans no review: the log
check asks for none and the playbook shows none.

```mentor
phase judgment "Judgment Building" sessions 5..3 { … }   // 5 is after 3
```
"#,
};

pub static SESSION_BEYOND_PROGRAM: Rule = Rule {
    code: "P008",
    stage: Stage::Program,
    name: "session-beyond-program",
    severity: Severity::Error,
    summary: "a deadline, review or agreement refers to a session after the program's last",
    explanation: r#"
A milestone due by session N, an agreement before session N, a review every N sessions or a
review at session N only makes sense if the program can reach session N. The last possible session is the end of the
last phase (or the largest `length` count).

```mentor
phase judgment "Judgment Building" sessions 3..5 { … }
milestone first-decision-review "…" {
    due by session 7                 // the program ends at session 5
}
```
"#,
};

pub static DEADLINE_BEYOND_LENGTH: Rule = Rule {
    code: "P009",
    stage: Stage::Program,
    name: "deadline-beyond-length",
    severity: Severity::Error,
    summary: "a milestone is due after the program has ended",
    explanation: r#"
`length … within N weeks` bounds the program in time. A milestone due by a later week can
never be met inside the program.

```mentor
length 5 sessions within 12 weeks
milestone influence-reflection "…" {
    due by week 14                   // the program lasts 12 weeks
}
```
"#,
};

pub static LENS_NEVER_ALLOWED: Rule = Rule {
    code: "P010",
    stage: Stage::Program,
    name: "lens-never-allowed",
    severity: Severity::Error,
    summary: "a lens declared in the program is allowed in no phase",
    explanation: r#"
Every phase has a lens rule (`lenses none`, `lenses exactly 1 of a, b`, …). A lens declared in
the program that no phase's rule admits can never be used in a log, so its worksheet is dead
weight in the playbook. (Lenses imported from a shared library are not reported: a library
serves many programs.)

```mentor
lens influence-review "Influence Attempt Review" { … }
phase judgment "Judgment Building" sessions 3..5 {
    lenses exactly 1 of decision-review        // influence-review is never allowed
}
```
"#,
};

pub static LENS_CHOICE_TOO_SMALL: Rule = Rule {
    code: "P011",
    stage: Stage::Program,
    name: "lens-choice-too-small",
    severity: Severity::Error,
    summary: "a lens rule asks for more lenses than its list offers",
    explanation: r#"
`lenses exactly N of …` and `lenses at least N of …` need at least N distinct lenses in the
list, and a list must not be empty; otherwise no session can satisfy the rule.

```mentor
lenses exactly 2 of decision-review       // only one lens to choose from
```
"#,
};

pub static CADENCE_CONTRADICTION: Rule = Rule {
    code: "P012",
    stage: Stage::Program,
    name: "cadence-contradiction",
    severity: Severity::Error,
    summary: "the cadence's minimum gap exceeds its maximum, or its rhythm lies outside them",
    explanation: r#"
`gap at least` must not exceed `gap at most`, and the nominal rhythm (`every N weeks`) must lie
between them; otherwise no schedule satisfies the cadence. The same holds for `session at
least … minutes, at most … minutes`.

```mentor
cadence every 2 weeks, gap at least 3 weeks, gap at most 2 weeks
```
"#,
};

pub static EVIDENCE_UNREACHABLE: Rule = Rule {
    code: "P013",
    stage: Stage::Program,
    name: "evidence-unreachable",
    severity: Severity::Error,
    summary: "a milestone's evidence lens, or review, cannot come in any session before its deadline",
    explanation: r#"
A milestone that must be evidenced with a lens and is due by session N needs some session up to
N that can use that lens: its phase allows it and, when the phase has a `progression`, the
progression gives that session the lens (with `review every N sessions` a review may fall on
any session, so a review's `with lens` counts from session 1; with `review at sessions 4, 8`,
from the first session listed). Otherwise every pair misses it, or breaks the progression, by
construction. Likewise a milestone with `evidence review` due by session N, when the program
lists its review sessions and the first comes after N.

```mentor
phase framing  "Framing & Trust"   sessions 1..2 { lenses none }
phase judgment "Judgment Building" sessions 3..5 { lenses exactly 1 of decision-review }
milestone first-decision-review "…" {
    due by session 2
    evidence lens decision-review          // sessions 1 and 2 allow no lens
}
```

```mentor
phase practice "Practice" sessions 1..3 {
    lenses exactly 1 of observation, assignment, debrief
    progression observation, assignment, debrief   // session 1 is the observation
}
milestone first-debrief "…" {
    due by session 1
    evidence lens debrief                  // the progression gives `debrief` at session 3
}
```

```mentor
review at sessions 4, 8
milestone first-review "…" {
    due by session 3
    evidence review                        // the first review is session 4
}
```
"#,
};

pub static LENGTH_UNREACHABLE: Rule = Rule {
    code: "P014",
    stage: Stage::Program,
    name: "length-unreachable",
    severity: Severity::Error,
    summary: "the sessions cannot fit in the program's time, or its length is contradictory",
    explanation: r#"
With a minimum gap between sessions, N sessions need at least (N − 1) × gap days. If that
exceeds `within … weeks`, no pair can complete the program in time. Likewise the maximum gap
bounds how long N sessions can take.

```mentor
length 12 sessions within 12 weeks
cadence every 2 weeks, gap at least 2 weeks   // 12 sessions need at least 22 weeks
```
"#,
};

pub static MISSING_PROGRAM: Rule = Rule {
    code: "P015",
    stage: Stage::Program,
    name: "missing-program",
    severity: Severity::Error,
    summary: "a file holds no program, more than one, or a program without phases",
    explanation: r#"
A `.mentor` file checked as a program must hold exactly one `program` block with at least one
phase. (A file that only shares lenses and competencies is a `library`, imported by programs.)
An empty file reports this rule too.

```mentor
program senior-ic "Senior ICs" {
    outcome assumption "One assumption to test"
}                                  // no phase: no session can be checked
```
"#,
};

pub static IMPORT_NOT_FOUND: Rule = Rule {
    code: "P016",
    stage: Stage::Program,
    name: "import-not-found",
    severity: Severity::Error,
    summary: "an imported file does not exist, is not a `.mentor` file, or cannot be read",
    explanation: r#"
`import "path"` is resolved relative to the directory of the importing file.

```mentor
import "lib/lenses.mentor"         // programs/lib/lenses.mentor does not exist
```

An import names a library written in a `.mentor` file. Any other path (`import "notes.txt"`,
`import "/proc/self/environ"`, or a `.mentor` link to such a file) is refused before the file is
read, so its text can never appear in a diagnostic. So is a directory, FIFO or device.
"#,
};

pub static IMPORT_CYCLE: Rule = Rule {
    code: "P017",
    stage: Stage::Program,
    name: "import-cycle",
    severity: Severity::Error,
    summary: "files import each other in a cycle",
    explanation: r#"
A library that (directly or through others) imports the file importing it has no first file to
read. The message lists the cycle.

```mentor
// lib/a.mentor
import "b.mentor"
// lib/b.mentor
import "a.mentor"                  // a.mentor → b.mentor → a.mentor
```
"#,
};

pub static IMPORT_NOT_LIBRARY: Rule = Rule {
    code: "P018",
    stage: Stage::Program,
    name: "import-not-library",
    severity: Severity::Error,
    summary: "an imported file is not a library",
    explanation: r#"
Only `library` files can be imported; importing a file with a `program` block would merge two
programs' phases and rules.

```mentor
import "senior-ic.mentor"          // a program, not a library
```

Move the shared lenses, competencies and outcomes into a `library` block in their own file.
"#,
};

pub static PROGRESSION_LENS_NOT_ALLOWED: Rule = Rule {
    code: "P019",
    stage: Stage::Program,
    name: "progression-lens-not-allowed",
    severity: Severity::Error,
    summary: "a phase's progression uses a lens its lens rule forbids",
    explanation: r#"
`progression a, b, c` asks the sessions of a phase to use lens `a`, then `b`, then `c`, and
round again. Each lens of the progression must be allowed by the phase's `lenses` rule, and
the rule must allow one lens per session.

```mentor
phase practice "Practice" sessions 3..8 {
    lenses exactly 1 of observation, debrief
    progression observation, assignment, debrief    // `assignment` is not allowed here
}
```
"#,
};

pub static UNUSED_COMPETENCY: Rule = Rule {
    code: "P020",
    stage: Stage::Program,
    name: "unused-competency",
    severity: Severity::Warning,
    summary: "a competency declared in the program has no milestone",
    explanation: r#"
The article behind the language asks for milestones "tethered to competencies": a competency
with no milestone is never measured, and cohort reports will show nothing for it.

```mentor
competency storytelling "Organizational storytelling"    // no milestone names it
```

Add a milestone for it, or remove it. Competencies imported from a library are not reported.

The same holds per track: a track that drops or replaces the only milestone of a competency
leaves its pairs with nothing to show for it ("tailor milestones … without compromising broader
leadership competencies"), and is reported at the track.
"#,
};

pub static INVALID_DATE: Rule = Rule {
    code: "P021",
    stage: Stage::Program,
    name: "invalid-date",
    severity: Severity::Error,
    summary: "a date in the program does not exist",
    explanation: r#"
Dates are written `YYYY-MM-DD` and must be real calendar dates.

```mentor
due by date 2025-02-30             // February has no 30th
```
"#,
};

pub static CONFLICTING_TRACK_CHANGE: Rule = Rule {
    code: "P022",
    stage: Stage::Program,
    name: "conflicting-track-change",
    severity: Severity::Error,
    summary: "a track changes the same program milestone twice",
    explanation: r#"
Within one track, a program milestone may be dropped (`drop milestone m`) or replaced by one
track milestone (`milestone m2 "…" replaces m { … }`), not both, and not replaced twice: the
pairs on the track would not know which milestone stands.

```mentor
track sales "Sales" {
    drop milestone first-decision-review
    milestone deal-review "A deal decision reviewed" replaces first-decision-review { … }
}
```

Keep one change per program milestone.
"#,
};

pub static COMMITMENT_BELOW_SESSIONS: Rule = Rule {
    code: "P023",
    stage: Stage::Program,
    name: "commitment-below-sessions",
    severity: Severity::Warning,
    summary: "the sessions the cadence plans take more time than the program's time commitment",
    explanation: r#"
`commitment` is the time each pair agrees to give the program. The sessions alone take at least
the shortest session length times the number of sessions the cadence plans in a period (the
rhythm `every N weeks`, or the longest gap allowed when no rhythm is given). When that is more
than the commitment, pairs cannot keep both: the commitment understates what the program asks,
and the agreement a pair signs would be broken by following the cadence.

```mentor
commitment 1 hour per month
cadence every 1 week                  // about 4.3 sessions a month
session at least 45 minutes           // at least 196 minutes a month
```

Raise the commitment, space the sessions out, or shorten them. (Time outside sessions, such as
assignments and preparation, counts towards the commitment too, so a commitment larger than the
sessions is normal.)
"#,
};

pub static VAGUE_MILESTONE: Rule = Rule {
    code: "P024",
    stage: Stage::Program,
    name: "vague-milestone",
    severity: Severity::Warning,
    summary: "a milestone has no deadline or asks for no evidence",
    explanation: r#"
Milestones should be "specific, observable, and time-bound, with practical evidence of
progress". A milestone without `due` can never be overdue, so no log is ever held to it; one
without `evidence` can be claimed by any held session, whatever it was about.

```mentor
milestone first-decision-review "A real decision reviewed" {
    competency judgment
    // no `due by …`: when is it late?
    // no `evidence lens …` or `evidence review`: what shows it was met?
}
```

Add `due by session N`, `due by week N` or `due by date YYYY-MM-DD`, and `evidence lens ID` or
`evidence review`. A program that means to keep a milestone open-ended can turn the rule off
with `severity vague-milestone off`.
"#,
};

pub static NUMBER_TOO_LARGE: Rule = Rule {
    code: "P025",
    stage: Stage::Program,
    name: "number-too-large",
    severity: Severity::Error,
    summary: "a session number or duration is larger than any program can use",
    explanation: r#"
Deadlines, planned session dates and the playbook's calendar are computed from the program's
session numbers and durations. A session number above 100,000, or a duration above 36,400 days
(5,200 weeks, about a century), describes no mentoring program, and dates computed from it
would leave the calendar. The diagnostic points at the number.

```mentor
length 5 sessions within 12 weeks
cadence every 1043498 weeks           // 20,000 years between sessions
milestone first-review "…" {
    due by week 1043498               // a deadline 20,000 years after the start
}
```

Write the number that was meant. The bounds apply to `length`, `cadence` (`every`, `gap at
least`, `gap at most`), phase ranges (`sessions 1..N`), `due by session N`, `due by week N`,
`review every N sessions` and `agreement before session N`. Turning the rule off does not lift
the bounds: dates that cannot be computed are left out of reports and playbooks.
"#,
};

pub static SESSIONS_OUT_OF_ORDER: Rule = Rule {
    code: "P026",
    stage: Stage::Program,
    name: "sessions-out-of-order",
    severity: Severity::Warning,
    summary: "the sessions of `review at sessions …` are not listed from first to last",
    explanation: r#"
`review at sessions 4, 8, 12` names the review sessions. Listed out of order, the plan means
the same (the reviews are sessions 4, 8 and 12 whatever the order), but a list such as
`4, 12, 8` is most often a typo for another number, and it reads harder on the page.

```mentor
review at sessions 4, 12, 8          // 8 after 12: was 16 meant?
```

List the sessions from first to last.
"#,
};

pub static REDUNDANT_PHASE_RULE: Rule = Rule {
    code: "P027",
    stage: Stage::Program,
    name: "redundant-phase-rule",
    severity: Severity::Warning,
    summary: "a phase restates a rule an earlier phase carries into it",
    explanation: r#"
`new-problems forbidden from here on` holds in its phase and in every later phase, until a later
phase has a `new-problems` line of its own. A later phase that says the same again adds nothing,
and a reader may take it for the place the rule starts; the playbook states the rule once, where
it starts.

```mentor
phase judgment "Judgment Building" sessions 3..5 {
    new-problems forbidden from here on
}
phase practice "Practice" sessions 6..8 {
    new-problems forbidden               // already forbidden since `judgment`
}
```

Remove the repeated line: the rule carries on without it. To end the rule, write
`new-problems allowed` in the phase where new problems are welcome again.
"#,
};

pub static EMPTY_LABEL: Rule = Rule {
    code: "P028",
    stage: Stage::Program,
    name: "empty-label",
    severity: Severity::Warning,
    summary: "a field of a lens or of the agreement form has an empty label",
    explanation: r#"
A field's label is the question the printed worksheet or agreement form asks. With an empty (or
blank) label, the playbook prints a line to write on under no question.

```mentor
agreement before session 2 {
    field contributions "What each of us contributes"
    field time          ""                     // nothing to print
}
```

Write the question: `field time "Time commitment"`.
"#,
};

pub static MATCHING_ATTRIBUTE_MISUSED: Rule = Rule {
    code: "P029",
    stage: Stage::Program,
    name: "matching-attribute-misused",
    severity: Severity::Error,
    summary: "a matching criterion does not fit its attribute, or an attribute takes a roster column the tool reads itself",
    explanation: r#"
Each criterion of a `matching` block asks something a kind of attribute can answer: `shared`
needs values (`one of`, `any of`), `at least N above` and `within N` need a `number`, `outside
reporting line of` needs a `person`, and `same` or `different` a single value (for an `any of`
set, `shared` says what is meant).

```mentor
matching {
    attribute level "Level" one of junior, senior, principal
    require level at least 2 above      // `level` has no numbers to compare
}
```

Declare `attribute level "Level" number 1..8`, or ask `different level`. The roster columns
`id`, `role` and `capacity` are the tool's own: an attribute cannot take one of those names.
"#,
};

pub static REQUIREMENT_UNMEETABLE: Rule = Rule {
    code: "P030",
    stage: Stage::Program,
    name: "requirement-unmeetable",
    severity: Severity::Error,
    summary: "no mentor and mentee can meet a matching requirement, given what the program declares",
    explanation: r#"
A requirement every pair must meet, which the declared values make impossible, leaves every
mentee unmatched whatever the roster says:

```mentor
matching {
    attribute level "Level" number 1..5
    require level at least 5 above      // the widest gap 1..5 allows is 4
}
```

Other forms: `different` on an attribute with one value, `shared` on an attribute with no
values (`one of tracks` in a program without tracks), `capacity 0`. Widen the range, lower the
gap, or make the requirement a preference (`prefer … weight N`).
"#,
};

pub static PREFERENCES_WEIGHTLESS: Rule = Rule {
    code: "P031",
    stage: Stage::Program,
    name: "preferences-weightless",
    severity: Severity::Warning,
    summary: "every matching preference has weight 0, so no pair scores better than another",
    explanation: r#"
With every `prefer` line at `weight 0`, every pair that meets the requirements scores 0: the
match is decided by the order of the roster's ids alone, and each pair's explanation says
nothing.

```mentor
matching {
    prefer shared values weight 0
    prefer different function weight 0
}
```

Give the preferences that matter a weight (`weight 3`), or remove the lines: a matching block
with requirements only is fine, and says so.
"#,
};
