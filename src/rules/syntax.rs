//! `S` rules: the text of a `.mentor` file does not match the grammar.

use super::{Rule, Stage};
use crate::diagnostic::Severity;

pub static SYNTAX_RULES: &[&Rule] = &[&SYNTAX_ERROR, &UNKNOWN_ITEM, &MISPLACED_ITEM];

pub static SYNTAX_ERROR: Rule = Rule {
    code: "S001",
    stage: Stage::Syntax,
    name: "syntax-error",
    severity: Severity::Error,
    summary: "the text does not match the `.mentor` grammar",
    explanation: r#"
An item starts with a known keyword but what follows is not what that item takes. The label
points at the first character that could not be read and names what was expected there.

```mentor
phase framing "Framing & Trust" sessions 1-2 {   // expected `..`: ranges are written 1..2
```

Only the broken item is skipped: the rest of the file is still read and checked, so one typo
does not hide the next ones. See `docs/language.md` for the form of every item.
"#,
};

pub static UNKNOWN_ITEM: Rule = Rule {
    code: "S002",
    stage: Stage::Syntax,
    name: "unknown-item",
    severity: Severity::Error,
    summary: "a line starts with a word that is not a keyword",
    explanation: r#"
Every item in a `.mentor` file starts with a keyword (`phase`, `lens`, `goal`, …). This line
starts with something else, most often a misspelled keyword or text that lost its quotes.

```mentor
phaze judgment "Judgment Building" sessions 3..5 {   // did you mean `phase`?
```

The help names the closest keyword allowed at that place.
"#,
};

pub static MISPLACED_ITEM: Rule = Rule {
    code: "S003",
    stage: Stage::Syntax,
    name: "misplaced-item",
    severity: Severity::Error,
    summary: "an item is written in a block where it does not belong",
    explanation: r#"
The keyword is known but not allowed here: a `goal` belongs in a `phase`, a `field` in a lens
`section`, a `due` line in a `milestone`.

```mentor
program senior-ic "…" {
    goal "Build trust"        // `goal` belongs inside a `phase` block
}
```

Move the item into the block the help names.
"#,
};
