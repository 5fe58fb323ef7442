//! Reading a roster: one row per mentor or mentee, as a CSV table with a header row or a JSON
//! list of objects, checked against the program's `matching` attributes (`R` rules).
//!
//! Both formats become the same [`Table`] of cells with their spans (CSV through the log
//! reader's `csv-core` cells, JSON through the log reader's span-keeping tree), so every
//! diagnostic points at the cell at fault, with its column's name, whatever the format.
//!
//! **Privacy:** a roster holds pseudonymous ids and attributes. What else an export carries (a
//! `name` or `email` column, a sentence typed into a cell) is never quoted: a column the program
//! does not declare is not read, a value that does not look like an id is named by a neutral
//! phrase (`words::quote_id`), and [`Roster::private`] lists the ranges to mask before any line of
//! the file is shown around a diagnostic.

use std::collections::HashMap;
use std::ops::Range;

use super::MAX_CANDIDATE_PAIRS;
use super::table::{
    Table, TableCell, cell_is_blank, csv_table, json_table, set_items, shows_nothing_private,
};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::log::looks_like_id;
use crate::model::matching::{
    AttributeKind, CriterionKind, MAX_CAPACITY, Matching, RESERVED_COLUMNS,
};
use crate::rules;
use crate::source::{SourceId, Span};
use crate::words::{did_you_mean, quote_id};

/// How a roster file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosterFormat {
    Csv,
    Json,
}

impl RosterFormat {
    /// The format of a file named `name`: `.json` is JSON, anything else CSV; standard input
    /// (no extension) is JSON when its first character opens a list.
    pub fn of(name: &str, text: &str) -> RosterFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return RosterFormat::Json;
        }
        if lower.ends_with(".csv") {
            return RosterFormat::Csv;
        }
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next()
        {
            Some('[') => RosterFormat::Json,
            _ => RosterFormat::Csv,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Mentor,
    Mentee,
}

/// One person of the roster.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub role: Role,
    /// The roster's `capacity` cell (mentors only).
    pub capacity: Option<u32>,
    /// One value per attribute of the program, in the order the program declares them.
    pub values: Vec<AttributeValue>,
    /// The `id` cell.
    pub span: Span,
}

/// A person's value of one attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeValue {
    /// The cell is empty: the person scores nothing for it.
    Missing,
    /// The index of the value among the attribute's values.
    One(usize),
    /// The indexes of the values, as a bit set.
    Set(ValueSet),
    Number(i64),
    /// Another person's id (a line manager), who need not be in the roster.
    Person(String),
}

/// A set of value indexes, 64 to a word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueSet(Vec<u64>);

impl ValueSet {
    pub fn insert(&mut self, index: usize) {
        let word = index / 64;
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << (index % 64);
    }

    pub fn contains(&self, index: usize) -> bool {
        self.0
            .get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    /// How many values the two sets share.
    pub fn shared(&self, other: &ValueSet) -> u32 {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a & b).count_ones())
            .sum()
    }

    /// The indexes in the set, ascending.
    pub fn indexes(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &word)| {
            (0..64)
                .filter(move |bit| word & (1 << bit) != 0)
                .map(move |bit| w * 64 + bit)
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&word| word == 0)
    }
}

/// A roster read and checked: its people, mentees and mentors apart, each sorted by id.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub mentees: Vec<Person>,
    pub mentors: Vec<Person>,
    /// Byte ranges of the text no output may show: cells of undeclared columns, and cells that
    /// do not look like ids, numbers or lists of ids.
    pub private: Vec<Range<usize>>,
}

/// Reads the roster in `text` (the file `source`) against the program's `matching` block.
/// Every problem is pushed to `diagnostics`; the roster is matched only when none is an error.
pub fn read_roster(
    source: SourceId,
    text: &str,
    format: RosterFormat,
    matching: &Matching,
    diagnostics: &mut Diagnostics,
) -> Roster {
    let table = match format {
        RosterFormat::Csv => csv_table(source, text),
        RosterFormat::Json => json_table(source, text),
    };
    let table = match table {
        Ok(table) => table,
        Err(problem) => {
            diagnostics.push(*problem);
            // A file that is not a table has no cells to tell apart: all of it is private.
            return Roster {
                private: std::iter::once(0..text.len()).collect(),
                ..Roster::default()
            };
        }
    };
    Reader {
        matching,
        diagnostics,
        roster: Roster::default(),
    }
    .read(table)
}

/// What each column of the table is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Role,
    Capacity,
    Attribute(usize),
    /// Not declared: never read.
    Ignored,
}

struct Reader<'m, 'd> {
    matching: &'m Matching,
    diagnostics: &'d mut Diagnostics,
    roster: Roster,
}

impl Reader<'_, '_> {
    fn read(mut self, table: Table<'_>) -> Roster {
        self.mask_what_may_be_private(&table);
        let Some(columns) = self.columns(&table) else {
            // The cells of every column are private until the header reads.
            return self.finish_private(&table);
        };
        let required: Vec<bool> = (0..self.matching.attributes.len())
            .map(|index| {
                // A person with no line manager given heads their own line: the reporting
                // line needs no value to be judged.
                self.matching.requirements.iter().any(|criterion| {
                    criterion.attribute == index
                        && criterion.kind != CriterionKind::OutsideReportingLine
                })
            })
            .collect();
        let mut first_row: HashMap<String, Span> = HashMap::new();
        for (row_span, cells) in &table.rows {
            let mut person = Person {
                id: String::new(),
                role: Role::Mentee,
                capacity: None,
                values: vec![AttributeValue::Missing; self.matching.attributes.len()],
                span: *row_span,
            };
            let mut usable = true;
            for (column, cell) in columns.iter().zip(cells) {
                match (column, cell) {
                    (Column::Ignored, Some(cell)) => self.roster.private.push(cell.span.range()),
                    (Column::Ignored, None) => {}
                    (Column::Id, cell) => match self.id(cell, *row_span) {
                        Some((id, span)) => {
                            person.id = id;
                            person.span = span;
                        }
                        None => usable = false,
                    },
                    (Column::Role, cell) => match self.role(cell, *row_span) {
                        Some(role) => person.role = role,
                        None => usable = false,
                    },
                    (Column::Capacity, Some(cell)) if !cell_is_blank(cell) => {
                        match self.capacity(cell) {
                            Some(capacity) => person.capacity = Some(capacity),
                            None => usable = false,
                        }
                    }
                    (Column::Capacity, _) => {}
                    (Column::Attribute(index), cell) => {
                        match self.value(*index, cell, *row_span, required[*index]) {
                            Some(value) => person.values[*index] = value,
                            None => usable = false,
                        }
                    }
                }
            }
            // Two rows with one id are reported whatever else is wrong with either: fixing
            // the other mistake first would only reveal this one later.
            if !person.id.is_empty() {
                if let Some(first) = first_row.get(&person.id) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            &rules::ROSTER_DUPLICATE_ID,
                            format!("`{}` is listed twice in the roster", person.id),
                            Label::new(person.span, "listed again here"),
                        )
                        .with_label(Label::new(*first, "first listed here"))
                        .with_help("give each person one row and one id; a mentor who is also a mentee needs two ids"),
                    );
                    continue;
                }
                first_row.insert(person.id.clone(), person.span);
            }
            if !usable {
                continue;
            }
            match person.role {
                Role::Mentor => self.roster.mentors.push(person),
                Role::Mentee => self.roster.mentees.push(person),
            }
        }
        self.roster.mentors.sort_by(|a, b| a.id.cmp(&b.id));
        self.roster.mentees.sort_by(|a, b| a.id.cmp(&b.id));
        let (mentees, mentors) = (self.roster.mentees.len(), self.roster.mentors.len());
        if mentees.saturating_mul(mentors) > MAX_CANDIDATE_PAIRS {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::ROSTER_UNREADABLE,
                    format!(
                        "the roster pairs {mentees} mentees with {mentors} mentors: {} candidate pairs, more than the {MAX_CANDIDATE_PAIRS} one match weighs",
                        mentees.saturating_mul(mentors)
                    ),
                    Label::new(table.header, "the roster"),
                )
                .with_help("split the cohort into rosters that are matched one at a time, by location or function"),
            );
        }
        self.roster
    }

    /// Every header cell, cell and list item whose text may be a name or a sentence.
    fn mask_what_may_be_private(&mut self, table: &Table<'_>) {
        let private = &mut self.roster.private;
        private.extend(table.private_keys.iter().cloned());
        for (name, span) in &table.columns {
            if !shows_nothing_private(name) {
                private.push(span.range());
            }
        }
        for cell in table
            .rows
            .iter()
            .flat_map(|(_, cells)| cells.iter().flatten())
        {
            if !shows_nothing_private(&cell.text) {
                private.push(cell.span.range());
            }
            for (item, span) in cell.items.iter().flatten() {
                if !shows_nothing_private(item) {
                    private.push(span.range());
                }
            }
        }
    }

    /// Every cell private, for a table whose header did not read.
    fn finish_private(mut self, table: &Table<'_>) -> Roster {
        for (_, cells) in &table.rows {
            for cell in cells.iter().flatten() {
                self.roster.private.push(cell.span.range());
            }
        }
        self.roster
    }

    /// What each column is; `None` (after reporting) when a column the match needs is missing
    /// or one is named twice.
    fn columns(&mut self, table: &Table<'_>) -> Option<Vec<Column>> {
        let mut columns = Vec::new();
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut complete = true;
        // Without `id` and `role` the first row is most likely a person (an export without a
        // header): its cells are private, and naming each as an unknown column would quote them.
        let no_header = !table
            .columns
            .iter()
            .any(|(name, _)| name == "id" || name == "role");
        if no_header {
            self.roster
                .private
                .extend(table.columns.iter().map(|(_, span)| span.range()));
        }
        for (name, span) in &table.columns {
            if let Some(first) = seen.get(name.as_ref()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::ROSTER_UNREADABLE,
                        format!("the roster has two columns named {}", quote_id(name)),
                        Label::new(*span, "named again here"),
                    )
                    .with_label(Label::new(*first, "first here"))
                    .with_help("each column is one attribute; remove or rename one of them"),
                );
                complete = false;
            }
            seen.insert(name, *span);
            let column = match name.as_ref() {
                "id" => Column::Id,
                "role" => Column::Role,
                "capacity" => Column::Capacity,
                other => match self.matching.attributes.iter().position(|a| a.id == other) {
                    Some(index) => Column::Attribute(index),
                    None => {
                        if !no_header {
                            self.unknown_column(name, *span);
                        }
                        Column::Ignored
                    }
                },
            };
            columns.push(column);
        }
        let mut missing: Vec<&str> = Vec::new();
        for needed in ["id", "role"]
            .into_iter()
            .chain(self.matching.attributes.iter().map(|a| a.id.as_str()))
        {
            if !seen.contains_key(needed) {
                missing.push(needed);
            }
        }
        if table.rows.is_empty() && !no_header {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::ROSTER_UNREADABLE,
                    "the roster lists nobody",
                    Label::new(table.header, "no person follows"),
                )
                .with_help("a roster has one row (in JSON, one object) per mentor and mentee"),
            );
            return None;
        }
        if !missing.is_empty() {
            let list: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::ROSTER_COLUMN_MISSING,
                    format!(
                        "the roster has no {} column{}",
                        crate::words::or_list(&list),
                        if missing.len() == 1 { "" } else { "s" }
                    ),
                    Label::new(table.header, "the header"),
                )
                .with_help(if no_header {
                    "the first row names the columns (`id`, `role`, then one per attribute of the program's `matching` block); this one reads like a person's row"
                } else {
                    "a roster has `id` and `role` columns and one column per attribute of the program's `matching` block"
                }),
            );
            complete = false;
        }
        complete.then_some(columns)
    }

    fn unknown_column(&mut self, name: &str, span: Span) {
        let known = RESERVED_COLUMNS
            .into_iter()
            .chain(self.matching.attributes.iter().map(|a| a.id.as_str()));
        let help = match did_you_mean(name, known) {
            Some(best) => format!("did you mean `{best}`? The column is left out of the match"),
            None => "the column is left out of the match and its cells are never read or shown"
                .to_owned(),
        };
        self.diagnostics.push(
            Diagnostic::new(
                &rules::ROSTER_COLUMN_UNKNOWN,
                format!(
                    "column {} is not an attribute of the program",
                    quote_id(name)
                ),
                Label::new(span, "ignored"),
            )
            .with_help(help),
        );
    }

    fn missing(&mut self, column: &str, span: Span, why: &str) {
        self.diagnostics.push(
            Diagnostic::new(
                &rules::ROSTER_VALUE_MISSING,
                format!("`{column}` is empty"),
                Label::new(span, "no value"),
            )
            .with_help(why.to_owned()),
        );
    }

    fn invalid(&mut self, column: &str, cell_span: Span, message: String, help: String) {
        self.diagnostics.push(
            Diagnostic::new(
                &rules::ROSTER_VALUE_INVALID,
                format!("`{column}`: {message}"),
                Label::new(cell_span, "not allowed here"),
            )
            .with_help(help),
        );
    }

    fn text_of<'c>(&mut self, cell: &'c TableCell<'_>, column: &str) -> Option<&'c str> {
        if let Some(kind) = cell.wrong_type {
            self.roster.private.push(cell.span.range());
            self.invalid(
                column,
                cell.span,
                format!("{kind} cannot be a roster value"),
                "a roster value is a text, a whole number, or a list of texts".to_owned(),
            );
            return None;
        }
        if cell.items.is_some() {
            self.invalid(
                column,
                cell.span,
                "a list where one value belongs".to_owned(),
                "only an `any of` attribute takes a list".to_owned(),
            );
            return None;
        }
        Some(cell.text.trim())
    }

    fn id(&mut self, cell: &Option<TableCell<'_>>, row: Span) -> Option<(String, Span)> {
        let column = "id";
        let Some(cell) = cell.as_ref().filter(|c| !cell_is_blank(c)) else {
            let span = cell.as_ref().map_or(row, |c| c.span);
            self.missing(
                column,
                span,
                "every person has a pseudonymous id, such as `mentee-017`",
            );
            return None;
        };
        let text = self.text_of(cell, column)?;
        if !looks_like_id(text) {
            self.roster.private.push(cell.span.range());
            self.invalid(
                column,
                cell.span,
                "the cell does not hold an id".to_owned(),
                "an id is one word of letters, digits, `-`, `_` or `.` (at most 64 characters): a pseudonym, never a name".to_owned(),
            );
            return None;
        }
        Some((text.to_owned(), cell.span))
    }

    fn role(&mut self, cell: &Option<TableCell<'_>>, row: Span) -> Option<Role> {
        let Some(cell) = cell.as_ref().filter(|c| !cell_is_blank(c)) else {
            let span = cell.as_ref().map_or(row, |c| c.span);
            self.missing("role", span, "every person is a `mentor` or a `mentee`");
            return None;
        };
        let text = self.text_of(cell, "role")?;
        match text {
            "mentor" => Some(Role::Mentor),
            "mentee" => Some(Role::Mentee),
            other => {
                self.mark_if_private(cell, other);
                let help = match did_you_mean(other, ["mentor", "mentee"]) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "a role is `mentor` or `mentee`".to_owned(),
                };
                self.invalid(
                    "role",
                    cell.span,
                    format!("{} is not a role", quote_id(other)),
                    help,
                );
                None
            }
        }
    }

    fn capacity(&mut self, cell: &TableCell<'_>) -> Option<u32> {
        let text = self.text_of(cell, "capacity")?;
        match text.parse::<u32>() {
            Ok(value) if value <= MAX_CAPACITY => Some(value),
            _ => {
                self.mark_if_private(cell, text);
                self.invalid(
                    "capacity",
                    cell.span,
                    format!("{} is not a capacity", quote_id(text)),
                    format!(
                        "a capacity is a whole number of mentees, from 0 to {}",
                        MAX_CAPACITY
                    ),
                );
                None
            }
        }
    }

    fn mark_if_private(&mut self, cell: &TableCell<'_>, text: &str) {
        if !looks_like_id(text) {
            self.roster.private.push(cell.span.range());
        }
    }

    /// The value of attribute `index` in `cell`; `None` after reporting a problem.
    fn value(
        &mut self,
        index: usize,
        cell: &Option<TableCell<'_>>,
        row: Span,
        required: bool,
    ) -> Option<AttributeValue> {
        let matching = self.matching;
        let attribute = &matching.attributes[index];
        let column = attribute.id.as_str();
        let Some(cell) = cell.as_ref().filter(|c| !cell_is_blank(c)) else {
            if required {
                let span = cell.as_ref().map_or(row, |c| c.span);
                self.missing(
                    column,
                    span,
                    "a `require` line reads this attribute, so every person needs a value",
                );
                return None;
            }
            return Some(AttributeValue::Missing);
        };
        match &attribute.kind {
            AttributeKind::OneOf(values) => {
                let text = self.text_of(cell, column)?;
                let index = self.listed_value(column, &values.ids, text, cell.span, cell)?;
                Some(AttributeValue::One(index))
            }
            AttributeKind::AnyOf(values) => {
                let mut set = ValueSet::default();
                let mut ok = true;
                for (item, span) in set_items(cell) {
                    match self.listed_value(column, &values.ids, &item, span, cell) {
                        Some(index) => set.insert(index),
                        None => ok = false,
                    }
                }
                if let Some(kind) = cell.wrong_type {
                    self.invalid(
                        column,
                        cell.span,
                        format!("{kind} in a list of values"),
                        "a list of values holds texts".to_owned(),
                    );
                    ok = false;
                }
                ok.then_some(AttributeValue::Set(set))
            }
            AttributeKind::Number { min, max } => {
                let text = self.text_of(cell, column)?;
                match text.strip_prefix('+').unwrap_or(text).parse::<i64>() {
                    Ok(value) if (*min..=*max).contains(&value) => {
                        Some(AttributeValue::Number(value))
                    }
                    Ok(value) => {
                        self.invalid(
                            column,
                            cell.span,
                            format!("{value} is outside {min}..{max}"),
                            format!("`{column}` is a whole number from {min} to {max}"),
                        );
                        None
                    }
                    Err(_) => {
                        self.mark_if_private(cell, text);
                        self.invalid(
                            column,
                            cell.span,
                            format!("{} is not a whole number", quote_id(text)),
                            format!("`{column}` is a whole number from {min} to {max}"),
                        );
                        None
                    }
                }
            }
            AttributeKind::Person => {
                let text = self.text_of(cell, column)?;
                if looks_like_id(text) {
                    Some(AttributeValue::Person(text.to_owned()))
                } else {
                    self.roster.private.push(cell.span.range());
                    self.invalid(
                        column,
                        cell.span,
                        format!("{} is not an id", quote_id(text)),
                        "a `person` attribute holds another person's pseudonymous id".to_owned(),
                    );
                    None
                }
            }
        }
    }

    /// The index of `text` among `values`, or a report with the closest value.
    fn listed_value(
        &mut self,
        column: &str,
        values: &[String],
        text: &str,
        span: Span,
        cell: &TableCell<'_>,
    ) -> Option<usize> {
        if let Some(index) = values.iter().position(|v| v == text) {
            return Some(index);
        }
        self.mark_if_private(cell, text);
        let help = match did_you_mean(text, values.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None if values.is_empty() => format!("`{column}` has no values to choose from"),
            None => format!(
                "`{column}` is one of {}",
                crate::words::ids_comma(values.iter().map(String::as_str))
            ),
        };
        self.diagnostics.push(
            Diagnostic::new(
                &rules::ROSTER_VALUE_INVALID,
                format!("`{column}`: {} is not one of its values", quote_id(text)),
                Label::new(span, "unknown value"),
            )
            .with_help(help),
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::resolve::{Loaded, resolve_source};
    use crate::source::Sources;

    const PROGRAM: &str = "program p \"P\" {\n    track sales \"Sales\" {}\n    matching {\n        attribute level \"Level\" number 1..8\n        attribute function \"Function\" one of engineering, product\n        attribute languages \"Languages\" any of english, french\n        attribute track \"Track\" one of tracks\n        attribute manager \"Manager\" person\n        require shared languages\n        require outside reporting line of manager\n        prefer level within 2 weight 1\n    }\n}\n";

    /// The roster `text` (named `name`) read against `PROGRAM`: the roster, and each
    /// diagnostic as `CODE line:column message`.
    fn read(name: &str, text: &str) -> (Roster, Vec<String>) {
        let mut sources = Sources::new();
        let program = sources.add("p.mentor", PROGRAM);
        let mut diagnostics = Diagnostics::new();
        let Loaded::Program(program) = resolve_source(
            program,
            Path::new("."),
            None,
            &mut sources,
            &mut diagnostics,
        ) else {
            panic!("the test program did not load");
        };
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let matching = program.matching.expect("a matching block");
        let source = sources.add(name, text);
        let format = RosterFormat::of(name, text);
        let roster = read_roster(source, text, format, &matching, &mut diagnostics);
        let found = diagnostics
            .iter()
            .map(|d| {
                let at = sources.line_column(d.primary.span);
                format!("{} {}:{} {}", d.rule.code, at.line, at.column, d.message)
            })
            .collect();
        (roster, found)
    }

    const HEADER: &str = "id,role,level,function,languages,track,manager\n";

    #[test]
    fn a_clean_csv_roster_reads_every_kind_of_value() {
        let (roster, found) = read(
            "r.csv",
            &format!(
                "{HEADER}mentor-1,mentor,7,product,english; french,sales,\nmentee-1,mentee,+3,engineering,french,,mentor-1\n"
            ),
        );
        assert_eq!(found, Vec::<String>::new());
        assert_eq!(roster.mentors.len(), 1);
        let mentee = &roster.mentees[0];
        assert_eq!(mentee.id, "mentee-1");
        assert_eq!(mentee.values[0], AttributeValue::Number(3));
        let mentor = &roster.mentors[0];
        let AttributeValue::Set(languages) = &mentor.values[2] else {
            panic!("{:?}", mentor.values[2]);
        };
        assert_eq!(languages.indexes().collect::<Vec<_>>(), [0, 1]);
        assert_eq!(mentor.values[3], AttributeValue::One(0));
        assert_eq!(mentor.values[4], AttributeValue::Missing);
        assert_eq!(mentee.values[4], AttributeValue::Person("mentor-1".into()));
    }

    #[test]
    fn each_mistake_is_reported_at_its_cell_with_its_column() {
        let (roster, found) = read(
            "r.csv",
            &format!(
                "{HEADER}mentor-1,mentr,7,product,english,sales,\n\
                 mentee-1,mentee,12,enginering,english;klingon,sales,\n\
                 mentee-2,mentee,x,product,,sales,\n\
                 ,mentee,3,product,english,sales,\n\
                 Jane Doe,mentee,3,product,english,sales,\n\
                 mentee-2,mentee,3,product,english,sales,\n\
                 mentee-2,mentee,4,product,english,sales,\n"
            ),
        );
        assert_eq!(
            found,
            [
                "R004 2:10 `role`: `mentr` is not a role",
                "R004 3:17 `level`: 12 is outside 1..8",
                "R004 3:20 `function`: `enginering` is not one of its values",
                "R004 3:39 `languages`: `klingon` is not one of its values",
                "R004 4:17 `level`: `x` is not a whole number",
                "R005 4:27 `languages` is empty",
                "R005 5:1 `id` is empty",
                "R004 6:1 `id`: the cell does not hold an id",
                // Row 4's `mentee-2` has a mistake of its own; the id is taken all the same.
                "R006 7:1 `mentee-2` is listed twice in the roster",
                "R006 8:1 `mentee-2` is listed twice in the roster",
            ]
        );
        assert_eq!(
            roster.mentees.len(),
            0,
            "every mentee row has a mistake or a taken id"
        );
        // The name is private: its cell is masked before any line is shown.
        assert!(
            roster.private.iter().any(|r| r.len() == "Jane Doe".len()),
            "{:?}",
            roster.private
        );
    }

    #[test]
    fn columns_missing_unknown_or_repeated() {
        let (_, found) = read("r.csv", "id,role,level,name,lvl\nm,mentor,3,Jane,4\n");
        assert_eq!(
            found,
            [
                "R003 1:15 column `name` is not an attribute of the program",
                "R003 1:20 column `lvl` is not an attribute of the program",
                "R002 1:1 the roster has no `function`, `languages`, `track` or `manager` columns",
            ]
        );
        let (_, found) = read("r.csv", "id,role,id\nm,mentor,m\n");
        assert_eq!(
            found,
            [
                "R001 1:9 the roster has two columns named `id`",
                "R002 1:1 the roster has no `level`, `function`, `languages`, `track` or `manager` columns",
            ]
        );
        let (_, found) = read("r.csv", "id,role\nm,mentor,extra\n");
        assert_eq!(
            found,
            ["R001 2:1 a row of the roster has 3 cells; its header has 2"]
        );
        let (_, found) = read("r.csv", "");
        assert_eq!(
            found,
            ["R001 1:1 the roster is empty: it has no header row"]
        );
    }

    #[test]
    fn a_json_roster_reads_like_a_csv_one() {
        let json = r#"[
  {"id": "mentor-1", "role": "mentor", "level": 7, "function": "product", "languages": ["english", "french"], "track": "sales", "manager": null, "capacity": 3},
  {"id": "mentee-1", "role": "mentee", "level": "3", "function": "engineering", "languages": ["french"], "track": "sales", "manager": "mentor-1"}
]"#;
        let (roster, found) = read("r.json", json);
        assert_eq!(found, Vec::<String>::new());
        assert_eq!(roster.mentors[0].capacity, Some(3));
        assert_eq!(roster.mentees[0].values[0], AttributeValue::Number(3));

        let (_, found) = read(
            "r.json",
            r#"[{"id": "m", "role": "mentee", "level": 3.5, "function": "product", "languages": ["english", 4], "track": "sale", "manager": "x"}]"#,
        );
        assert_eq!(
            found,
            [
                "R004 1:41 `level`: a fraction or a number too large cannot be a roster value",
                "R004 1:82 `languages`: a number in a list of values",
                "R004 1:107 `track`: `sale` is not one of its values",
            ]
        );
        let (_, found) = read("r.json", r#"{"id": "m"}"#);
        assert_eq!(
            found,
            ["R001 1:1 the roster is a table, not a list of people"]
        );
        let (_, found) = read("r.json", "[1, 2");
        assert_eq!(found.len(), 1);
        assert!(found[0].starts_with("R001 1:"), "{found:?}");
    }
}
