//! `F` rules: a file could not be read at all. These make a run exit with status 2.

use super::{Rule, Stage};
use crate::diagnostic::Severity;

pub static FILE_RULES: &[&Rule] = &[&UNREADABLE_FILE, &NOT_UTF8, &UNPARSEABLE_LOG];

pub static UNREADABLE_FILE: Rule = Rule {
    code: "F001",
    stage: Stage::File,
    name: "unreadable-file",
    severity: Severity::Error,
    summary: "a file could not be read",
    explanation: r#"
A file named on the command line (or found in a directory, or imported by a program) does not
exist, is not a regular file (a FIFO, socket or device: use `-` for standard input), is larger
than 256 MiB, or cannot be read with the permissions the tool runs with. A JSON Lines file that
`mentor validate` names is read in a stream instead: it may hold up to 4 GiB and 2^25 lines,
none longer than 256 MiB. A program must be a `.mentor` file, and a `.mentor` link must lead
to one: anything else is refused before it is read, so its text never appears in a diagnostic.

Nothing was checked in that file, so the run exits with status 2 ("could not check") rather
than 1 ("violations found").

```console
$ mentor check programs/senoir-ic.mentor
error[F001]: cannot read `programs/senoir-ic.mentor`: No such file or directory (os error 2)
```

Check the path, and that the file is readable.
"#,
};

pub static NOT_UTF8: Rule = Rule {
    code: "F002",
    stage: Stage::File,
    name: "not-utf8",
    severity: Severity::Error,
    summary: "a file is not valid UTF-8 text",
    explanation: r#"
Programs and logs are text in UTF-8. The diagnostic points at the first byte that is not valid
UTF-8 and gives its byte offset. This usually means the file is binary (a spreadsheet, a PDF)
or was saved in a legacy encoding such as Latin-1 or UTF-16.

```text
purpose "Build judgment, not provide solutions" <- saved as Windows-1252: the dash is byte 0x97
```

Save the file as UTF-8 (every modern editor offers it). The run exits with status 2.
"#,
};

pub static UNPARSEABLE_LOG: Rule = Rule {
    code: "F003",
    stage: Stage::File,
    name: "unparseable-log",
    severity: Severity::Error,
    summary: "a log file is not valid TOML, JSON, JSON Lines or YAML, or holds no log",
    explanation: r#"
A session log is a TOML table (`.toml`), a JSON object or a list of them (`.json`), one JSON
object per line (`.jsonl`), or a YAML mapping per document or a list of them (`.yaml`, `.yml`);
a byte-order mark before any of them is read past. The file could not be read as one: a syntax
error (the label points at it), an empty file or list, a value that is not a log object
(`null`, a number, an element of a list that is not an object), or, in YAML, an alias (`*name`)
or a key that is a list or a mapping.

```json
{"program": "senior-ic", "pair": "pair-017", "started": "2025-01-06",
```

Nothing in that log was checked, so the run exits with status 2. For many logs in one file,
write a JSON list of log objects (`[{…}, {…}]`, the shape most platforms export) or JSON Lines:
one log object per line. A day not in the calendar (`2025-02-30`) is not this rule in any
format: the log is read, and the date is `L003`.
"#,
};
