//! How a program pairs mentors and mentees: the attributes a roster carries, the requirements
//! every pair meets, the weighted preferences that score a pair, and a mentor's capacity.
//!
//! Built by `resolve` from a `matching { … }` block: attribute ids are unique, every criterion
//! names a declared attribute (unknown ones were reported and dropped), and `one of tracks` /
//! `any of competencies` hold the program's ids. Whether a criterion fits its attribute's kind
//! and can be met at all is `check::program`'s to report; [`CriterionKind::fits`] says it.

use crate::source::Span;

/// The roster columns the tool reads itself, which no attribute may take.
pub const RESERVED_COLUMNS: [&str; 3] = ["id", "role", "capacity"];
/// The largest weight a preference may have (`P025` beyond): scores stay far inside `i32`.
pub const MAX_WEIGHT: u32 = 1_000;
/// The largest capacity of a mentor, in the program or the roster.
pub const MAX_CAPACITY: u32 = 10_000;

#[derive(Debug, Clone)]
pub struct Matching {
    pub docs: Vec<String>,
    pub attributes: Vec<Attribute>,
    /// `capacity N`; without it a mentor takes one mentee.
    pub capacity: Option<Capacity>,
    pub requirements: Vec<Criterion>,
    pub preferences: Vec<Preference>,
    /// The `matching` block.
    pub span: Span,
}

impl Matching {
    /// How many mentees a mentor takes when the roster does not say.
    pub fn default_capacity(&self) -> u32 {
        self.capacity.map_or(1, |capacity| capacity.value)
    }

    pub fn attribute(&self, id: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attribute| attribute.id == id)
    }

    /// The criterion as the program writes it after `require` or `prefer`: "shared languages",
    /// "level at least 2 above".
    pub fn describe(&self, criterion: &Criterion) -> String {
        let attribute = self
            .attributes
            .get(criterion.attribute)
            .map_or("?", |a| a.id.as_str());
        match criterion.kind {
            CriterionKind::AtLeastAbove(_) | CriterionKind::Within(_) => {
                format!("{attribute} {}", criterion.kind.words())
            }
            kind => format!("{} {attribute}", kind.words()),
        }
    }

    /// Whether a preference on `criterion` counts once per value the two share (`shared` on an
    /// `any of` attribute) rather than once.
    pub fn counts_per_value(&self, criterion: &Criterion) -> bool {
        criterion.kind == CriterionKind::Shared
            && self
                .attributes
                .get(criterion.attribute)
                .is_some_and(|a| matches!(a.kind, AttributeKind::AnyOf(_)))
    }

    /// Why no match can be made by this block even when the program turned off the rules that
    /// report it (`P029`, `P025`): a criterion its attribute cannot answer, an attribute named
    /// like a column the tool reads itself, or a best score that would not fit the match's
    /// 32-bit scores.
    pub fn unusable(&self) -> Option<String> {
        if let Some(attribute) = self
            .attributes
            .iter()
            .find(|a| RESERVED_COLUMNS.contains(&a.id.as_str()))
        {
            return Some(format!(
                "attribute `{}` takes a roster column the tool reads itself (P029)",
                attribute.id
            ));
        }
        let criteria = self
            .requirements
            .iter()
            .chain(self.preferences.iter().map(|p| &p.criterion));
        for criterion in criteria {
            let fits = self
                .attributes
                .get(criterion.attribute)
                .is_some_and(|a| criterion.kind.fits(&a.kind));
            if !fits {
                return Some(format!(
                    "`{}` cannot be asked of its attribute (P029)",
                    self.describe(criterion)
                ));
            }
        }
        let best: u128 = self
            .preferences
            .iter()
            .map(|preference| {
                let most = match self.attributes.get(preference.criterion.attribute) {
                    Some(attribute) if self.counts_per_value(&preference.criterion) => {
                        attribute.kind.values().map_or(1, |v| v.ids.len())
                    }
                    _ => 1,
                };
                u128::from(preference.weight) * most as u128
            })
            .sum();
        if best > u128::from(i32::MAX.unsigned_abs() / 2) {
            return Some(format!(
                "a pair could score {best}, beyond what the match weighs; weights go up to {MAX_WEIGHT} (P025)"
            ));
        }
        None
    }

    /// What a preference is worth, in a sentence: "`prefer shared values weight 3`: 3 points
    /// for each value shared".
    pub fn describe_preference(&self, preference: &Preference) -> String {
        let text = self.describe(&preference.criterion);
        let per_value = self.counts_per_value(&preference.criterion);
        let points = if preference.weight == 1 {
            "point"
        } else {
            "points"
        };
        if per_value {
            format!(
                "`prefer {text} weight {}`: {} {points} for each value shared",
                preference.weight, preference.weight
            )
        } else {
            format!(
                "`prefer {text} weight {}`: {} {points} when it holds",
                preference.weight, preference.weight
            )
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Capacity {
    pub value: u32,
    pub span: Span,
}

/// A column of the roster.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub id: String,
    pub label: String,
    pub kind: AttributeKind,
    /// The id.
    pub span: Span,
    /// The kind as written (`number 1..8`).
    pub kind_span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeKind {
    /// One value of the list.
    OneOf(Values),
    /// Any number of values of the list.
    AnyOf(Values),
    /// A whole number from `min` to `max`.
    Number { min: i64, max: i64 },
    /// The id of another person of the roster: a line manager.
    Person,
}

impl AttributeKind {
    /// The kind in the words of the language: "one of", "any of", "number", "person".
    pub fn describe(&self) -> &'static str {
        match self {
            AttributeKind::OneOf(_) => "one of",
            AttributeKind::AnyOf(_) => "any of",
            AttributeKind::Number { .. } => "number",
            AttributeKind::Person => "person",
        }
    }

    /// The values a category or set may hold.
    pub fn values(&self) -> Option<&Values> {
        match self {
            AttributeKind::OneOf(values) | AttributeKind::AnyOf(values) => Some(values),
            AttributeKind::Number { .. } | AttributeKind::Person => None,
        }
    }
}

/// The values of a category or a set, and where they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub ids: Vec<String>,
    pub from: ValuesFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValuesFrom {
    Listed,
    /// `tracks`: the program's tracks.
    Tracks,
    /// `competencies`: the program's competencies.
    Competencies,
}

/// A requirement or the condition of a preference, about one attribute.
#[derive(Debug, Clone)]
pub struct Criterion {
    pub kind: CriterionKind,
    /// The attribute's index in [`Matching::attributes`].
    pub attribute: usize,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriterionKind {
    /// At least one value in common; as a preference, the weight counts once per value shared.
    Shared,
    Same,
    Different,
    /// Neither person is the other's line manager, or above them in the line.
    OutsideReportingLine,
    /// The mentor's number exceeds the mentee's by at least this much.
    AtLeastAbove(u32),
    /// The two numbers differ by at most this much.
    Within(u32),
}

impl CriterionKind {
    /// The criterion's words, without its attribute: "shared", "at least 2 above".
    pub fn words(self) -> String {
        match self {
            CriterionKind::Shared => "shared".to_owned(),
            CriterionKind::Same => "same".to_owned(),
            CriterionKind::Different => "different".to_owned(),
            CriterionKind::OutsideReportingLine => "outside reporting line of".to_owned(),
            CriterionKind::AtLeastAbove(by) => format!("at least {by} above"),
            CriterionKind::Within(by) => format!("within {by}"),
        }
    }

    /// Whether the criterion can be asked of an attribute of this kind.
    pub fn fits(self, kind: &AttributeKind) -> bool {
        match self {
            CriterionKind::Shared => {
                matches!(kind, AttributeKind::OneOf(_) | AttributeKind::AnyOf(_))
            }
            CriterionKind::Same | CriterionKind::Different => {
                !matches!(kind, AttributeKind::AnyOf(_))
            }
            CriterionKind::OutsideReportingLine => *kind == AttributeKind::Person,
            CriterionKind::AtLeastAbove(_) | CriterionKind::Within(_) => {
                matches!(kind, AttributeKind::Number { .. })
            }
        }
    }

    /// The kinds of attribute the criterion fits, for a diagnostic's help.
    pub fn fitting_kinds(self) -> &'static str {
        match self {
            CriterionKind::Shared => "a `one of` or `any of` attribute",
            CriterionKind::Same | CriterionKind::Different => {
                "a `one of`, `number` or `person` attribute (for `any of`, use `shared`)"
            }
            CriterionKind::OutsideReportingLine => "a `person` attribute",
            CriterionKind::AtLeastAbove(_) | CriterionKind::Within(_) => "a `number` attribute",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Preference {
    pub criterion: Criterion,
    pub weight: u32,
    /// The weight's digits.
    pub weight_span: Span,
    /// The whole `prefer` item.
    pub span: Span,
}
