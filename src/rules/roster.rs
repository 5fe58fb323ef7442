//! `R` rules: the roster `mentor match` pairs — one row per mentor or mentee, a column per
//! attribute of the program's `matching` block. A roster with an error is not matched (exit 1);
//! `R001` and `R002` mean it could not be read as a roster at all (exit 2).

use super::{Rule, Stage};
use crate::diagnostic::Severity;

pub static ROSTER_RULES: &[&Rule] = &[
    &ROSTER_UNREADABLE,
    &ROSTER_COLUMN_MISSING,
    &ROSTER_COLUMN_UNKNOWN,
    &ROSTER_VALUE_INVALID,
    &ROSTER_VALUE_MISSING,
    &ROSTER_DUPLICATE_ID,
];

pub static ROSTER_UNREADABLE: Rule = Rule {
    code: "R001",
    stage: Stage::Roster,
    name: "roster-unreadable",
    severity: Severity::Error,
    summary: "the roster is not a CSV table with a header row, or a JSON list of objects",
    explanation: r#"
A roster is a CSV file whose first row names the columns, or a JSON file holding a list of
objects (one per person). A CSV row with more or fewer cells than the header, a quote left
open, or JSON that does not parse stops the match: nothing is paired.

```csv
id,role,level,languages
mentee-01,mentee,3,english;french
mentor-07,mentor,6            <- one cell short
```

Give every row one cell per column (an empty cell is written as nothing between two commas).
"#,
};

pub static ROSTER_COLUMN_MISSING: Rule = Rule {
    code: "R002",
    stage: Stage::Roster,
    name: "roster-column-missing",
    severity: Severity::Error,
    summary: "the roster lacks `id`, `role`, or a column for an attribute the program declares",
    explanation: r#"
Every roster has an `id` and a `role` column (`mentor` or `mentee`), and one column per
`attribute` of the program's `matching` block, named by the attribute's id. Without one, no
pair can be judged, so nothing is paired. A `capacity` column is optional: it sets a mentor's
capacity in place of the program's `capacity`.

```csv
id,role,level          <- the program also declares `languages`: no column for it
mentee-01,mentee,3
```
"#,
};

pub static ROSTER_COLUMN_UNKNOWN: Rule = Rule {
    code: "R003",
    stage: Stage::Roster,
    name: "roster-column-unknown",
    severity: Severity::Warning,
    summary: "a roster column is not an attribute of the program; it is ignored",
    explanation: r#"
A column the program does not declare is left out of the match, and its cells are never read
or printed: a `name` or `email` column of an HR export stays private. Usually it is a
misspelled attribute (`langauges`), and the warning names the closest one.

```csv
id,role,langauges,name     <- `langauges`: did you mean `languages`? `name`: ignored
```
"#,
};

pub static ROSTER_VALUE_INVALID: Rule = Rule {
    code: "R004",
    stage: Stage::Roster,
    name: "roster-value-invalid",
    severity: Severity::Error,
    summary: "a roster cell holds a value its column does not allow",
    explanation: r#"
A `one of` or `any of` cell holds values the attribute lists (an `any of` cell separates them
with `;`), a `number` cell a whole number inside the attribute's range, `role` is `mentor` or
`mentee`, `capacity` a whole number. A `person` cell holds an id, like `id`.

```csv
id,role,level,function
mentee-01,mentee,12,enginering     <- level is 1..8; did you mean `engineering`?
```

The row is judged by nothing it holds until the cell is fixed, so the roster is not matched.
"#,
};

pub static ROSTER_VALUE_MISSING: Rule = Rule {
    code: "R005",
    stage: Stage::Roster,
    name: "roster-value-missing",
    severity: Severity::Error,
    summary: "a roster cell is empty where the match needs a value",
    explanation: r#"
`id` and `role` are never empty, nor is a cell of an attribute a `require` line reads: the
requirement could not be judged for that person. An attribute only preferences read may be
left empty; the person then scores nothing for it.

```csv
id,role,level,languages
mentee-01,mentee,3,        <- `require shared languages` cannot be judged
```

A `person` attribute that only `outside reporting line of` reads may be empty: the person has
no line manager in the roster.
"#,
};

pub static ROSTER_DUPLICATE_ID: Rule = Rule {
    code: "R006",
    stage: Stage::Roster,
    name: "roster-duplicate-id",
    severity: Severity::Error,
    summary: "two roster rows have one id",
    explanation: r#"
Each person has one row and one pseudonymous id, whether a mentor or a mentee; a pair and its
log name them by it. A mentor who is also a mentee elsewhere needs two ids.

```csv
id,role,level
p-07,mentor,6
p-07,mentee,3      <- listed twice
```
"#,
};
