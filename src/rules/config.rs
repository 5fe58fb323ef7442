//! `C` rules: the files that configure a run rather than describe a program or a pair —
//! `mentor.toml`, the exceptions file (`--exceptions`) and a baseline (`--baseline`).

use super::{Rule, Stage};
use crate::diagnostic::Severity;

pub static CONFIG_RULES: &[&Rule] = &[
    &CONFIG_INVALID,
    &EXCEPTION_INVALID,
    &EXCEPTION_UNKNOWN_TARGET,
    &EXCEPTION_EXPIRED,
    &EXCEPTION_UNUSED,
    &BASELINE_INVALID,
    &BASELINE_ENTRY_FIXED,
];

pub static CONFIG_INVALID: Rule = Rule {
    code: "C001",
    stage: Stage::Config,
    name: "config-invalid",
    severity: Severity::Error,
    summary: "`mentor.toml` is not valid: a syntax error, an unknown key or a value of the wrong type",
    explanation: r#"
`mentor.toml` (found in the working directory or the nearest parent that has one, or given
with `--config`) sets the defaults of a run: which programs and logs to read, which paths to
leave out, the exceptions file and baseline, the rules to select or ignore, the output formats,
the report's `min-group`. A file the tool cannot read as that (a TOML syntax error, an unknown
key, a value of the wrong type, a format or rule that does not exist) is reported at the key or
value at fault, with the closest known key suggested for a misspelt one:

```toml
program = "programs/"
logs = ["logs/"]
exclud = ["archive/**"]   # error[C001]: `mentor.toml` has no key `exclud`; did you mean `exclude`?
```

Nothing is checked with a configuration the tool cannot understand: the run stops with exit
status 2 ("could not check"). Fix the file, or pass `--no-config` to run without it.
`docs/configuration.md` lists the keys.
"#,
};

pub static EXCEPTION_INVALID: Rule = Rule {
    code: "C002",
    stage: Stage::Config,
    name: "exception-invalid",
    severity: Severity::Error,
    summary: "an entry of the exceptions file is incomplete or malformed, so it excuses nothing",
    explanation: r#"
Every entry of the exceptions file (`[[waive]]`, `[[pause]]`, `[[extend]]`) is an approved
decision: it names the pair it concerns and says why (`reason`), who approved it
(`approved-by`) and when (`approved`). An entry that lacks one of these, names a rule that does
not exist, gives a field the entry does not have, or has dates that contradict each other
(`expires` before `approved`, a pause whose `to` is before its `from`) is reported here and
applies to nothing, so the findings it was meant to excuse are still reported.

```toml
[[waive]]
pair = "pair-044"
rule = "gap-too-lnog"         # error[C002]: no rule `gap-too-lnog`; did you mean `gap-too-long`?
reason = "mentee on sick leave"
approved-by = "program-lead"
approved = 2025-03-01
```

Complete or correct the entry. The file's syntax is TOML; a syntax error is reported here too.
"#,
};

pub static EXCEPTION_UNKNOWN_TARGET: Rule = Rule {
    code: "C003",
    stage: Stage::Config,
    name: "exception-unknown-target",
    severity: Severity::Error,
    summary: "an exception names a program, milestone or session the programs do not have",
    explanation: r#"
An exception names what it excuses by id: the program (optional when the logs follow one
program), a milestone (`milestone = "…"` on a waiver or an extension) or a session number. An
id the programs of the run do not have is most often a typo, and an exception with a typo would
silently excuse nothing: the closest id is suggested.

```toml
[[extend]]
pair = "pair-052"
milestone = "influence-reflektion"   # error[C003]: no milestone `influence-reflektion` in
to = 2025-05-30                      # program `senior-ic`; did you mean `influence-reflection`?
```

A pair is not checked here: the logs of a run may be a part of the cohort. An exception for a
pair whose log was not read is reported as unused (`C005`), with the closest pair id that was.
"#,
};

pub static EXCEPTION_EXPIRED: Rule = Rule {
    code: "C004",
    stage: Stage::Config,
    name: "exception-expired",
    severity: Severity::Warning,
    summary: "an exception is past its `expires` date and no longer applies",
    explanation: r#"
A waiver, pause or extension with `expires = 2025-06-30` applies up to and including that day
(as of `--as-of`, or today). From the day after it excuses nothing: the findings it excused
are reported again, each pointing at the expired entry, and the entry itself is reported here
so the file is renewed or tidied deliberately.

```toml
[[waive]]
pair = "pair-044"
rule = "L014"
reason = "mentee on sick leave"
approved-by = "program-lead"
approved = 2025-03-01
expires = 2025-06-30        # warning[C004]: the waiver expired on 2025-06-30
```

Renew the approval with a later `expires`, or remove the entry.
"#,
};

pub static EXCEPTION_UNUSED: Rule = Rule {
    code: "C005",
    stage: Stage::Config,
    name: "exception-unused",
    severity: Severity::Warning,
    summary: "an exception matched nothing in this run",
    explanation: r#"
A waiver that excused no finding, or a pause or extension for a pair whose log was not read,
does nothing. Left in place, such entries rot: the finding was fixed, the pair was renamed, or
the entry never matched because of a typo (the closest pair id read is suggested). Like ruff's
unused `noqa` (`RUF100`), the entry is reported so the file stays true.

```toml
[[waive]]
pair = "pair-44"            # warning[C005]: the waiver matched no finding: no log of pair
rule = "gap-too-long"       # `pair-44` was read; did you mean `pair-044`?
```

Remove the entry, or correct what it names. A run over part of the cohort reports the entries
of the pairs it did not read; `--ignore C005` turns that off for such runs.
"#,
};

pub static BASELINE_INVALID: Rule = Rule {
    code: "C006",
    stage: Stage::Config,
    name: "baseline-invalid",
    severity: Severity::Error,
    summary: "a baseline file cannot be read as one",
    explanation: r#"
A baseline is written by `mentor validate … --write-baseline FILE` and read with
`--baseline FILE`. A file that is not the TOML the tool writes (a syntax error, an entry
without `rule`, a rule that does not exist, a `count` that is not a positive number) cannot
say which findings are known, so nothing is checked: the run stops with exit status 2.

```toml
[[finding]]
pair = "pair-017"
rule = "gap-too-lnog"     # error[C006]: no rule `gap-too-lnog`; did you mean `gap-too-long`?
session = 4
```

Write the baseline again with `--write-baseline`, or fix the entry the label points at.
"#,
};

pub static BASELINE_ENTRY_FIXED: Rule = Rule {
    code: "C007",
    stage: Stage::Config,
    name: "baseline-entry-fixed",
    severity: Severity::Warning,
    summary: "a baseline entry no longer occurs and can be removed",
    explanation: r#"
A baseline records the findings a cohort had when it adopted `mentor`, so a run reports only
new ones. When a recorded finding no longer occurs (the log was fixed, or the pair finished),
its entry is reported here, like PHPStan's "ignored error pattern was not matched", so the
baseline shrinks as the cohort improves instead of hiding new findings that happen to match an
old entry.

```console
$ mentor validate -p program.mentor logs/ --baseline mentor-baseline.toml
warning[C007]: the baseline entry for pair `pair-017`, rule L014 (gap-too-long), session 4
no longer occurs
```

Write the baseline again (`--write-baseline` with the same file), or delete the entry.
"#,
};
