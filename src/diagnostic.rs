//! Diagnostics: values with a rule code, a severity, a message and labels that may point into
//! several files (a log value and the program rule it breaks).
//!
//! Stages push diagnostics into a [`Diagnostics`] sink and keep going; nothing here prints.
//! Rendering lives in `render`.

use compact_str::CompactString;
use std::borrow::Cow;

use crate::rules::Rule;
use crate::source::{Sources, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Advice,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Advice => "advice",
        }
    }
}

/// A labelled span; the text says what this place has to do with the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    /// Most labels are fixed words (`unknown lens`): those are kept without a copy, where each of
    /// a cohort's tens of thousands of findings allocated its own.
    pub text: Option<Cow<'static, str>>,
}

impl Label {
    pub fn new(span: Span, text: impl Into<Cow<'static, str>>) -> Label {
        Label {
            span,
            text: Some(text.into()),
        }
    }

    pub fn bare(span: Span) -> Label {
        Label { span, text: None }
    }
}

/// One finding. `primary` is where the problem is; `secondary` labels may be in other files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    /// Fixed words, or formatted (`did you mean ...?`): see [`Label::text`].
    pub help: Option<Cow<'static, str>>,
    /// Which pair, session or milestone the finding is about: what a waiver or a baseline
    /// entry names it by. Empty for findings about a program or a file.
    pub subject: Subject,
    /// Set when an approved exception excuses the finding: it is then counted as waived, not
    /// as an error or warning, and shown only where the output asks for waived findings.
    pub waived: Option<Box<Waiver>>,
}

/// What a log finding is about, in the words an exceptions file or a baseline uses: ids and
/// numbers only, never text from the log (a pair id that reads like a sentence is left out).
///
/// The ids are kept inline up to 24 bytes (`CompactString`): each of a cohort's tens of
/// thousands of findings names its program and pair, and would allocate both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    pub program: Option<CompactString>,
    pub pair: Option<CompactString>,
    /// The number of the session the finding points into.
    pub session: Option<u32>,
    /// The milestone a milestone rule judged.
    pub milestone: Option<CompactString>,
}

/// The approved exception that excuses a finding, as outputs show it (SARIF's
/// `suppressions`, JSON's `waived`, `--show-waived`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiver {
    /// Why the exception was granted, as the exceptions file says.
    pub reason: String,
    pub approved_by: String,
    pub approved: jiff::civil::Date,
    pub expires: Option<jiff::civil::Date>,
    /// The entry in the exceptions file.
    pub entry: Span,
}

impl Diagnostic {
    /// A diagnostic with the rule's default severity.
    pub fn new(rule: &'static Rule, message: impl Into<String>, primary: Label) -> Diagnostic {
        let message: String = message.into();
        // A formatted message has room to spare (`format!` reserves twice its fixed words, and
        // the allocator keeps a string shrunk by less than half where it was): a copy of its
        // text alone saved 1.3 MB of a 500 MB file's 44,287 findings.
        let message = if message.capacity() > message.len() {
            message.as_str().to_owned()
        } else {
            message
        };
        Diagnostic {
            rule,
            severity: rule.severity,
            message,
            primary,
            secondary: Vec::new(),
            help: None,
            subject: Subject::default(),
            waived: None,
        }
    }

    /// Names the milestone the finding is about (see [`Subject`]).
    pub fn about_milestone(&mut self, milestone: &str) -> &mut Diagnostic {
        self.subject.milestone = Some(milestone.into());
        self
    }

    pub fn with_label(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_optional_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help.map(Cow::Owned).or(self.help);
        self
    }

    /// Whether an input could not be read or understood (an `F` rule, or a configuration the
    /// tool cannot use; see [`Rule::stops_the_run`]): the run could not check it, which is exit
    /// status 2 whatever else was found.
    pub fn is_unreadable_input(&self) -> bool {
        self.rule.stops_the_run()
    }

    /// The severity as text outputs print it, or `waived` for a waived finding.
    pub fn shown_severity(&self) -> &'static str {
        if self.waived.is_some() {
            "waived"
        } else {
            self.severity.as_str()
        }
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}

/// Severity changes a program makes to rules (`severity L010 warning`); `None` turns a rule off.
pub trait SeverityPolicy {
    fn severity_for(&self, rule: &'static Rule) -> Option<Severity>;
}

/// Rules keep the severity the catalogue gives them.
pub struct DefaultSeverities;

impl SeverityPolicy for DefaultSeverities {
    fn severity_for(&self, rule: &'static Rule) -> Option<Severity> {
        Some(rule.severity)
    }
}

/// Collects diagnostics; stages push and carry on rather than stop at the first problem.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Rules of problems met again and not pushed again, each with [`Diagnostics::len`] when it
    /// was met: a library that many checked files import is read and reported once, yet each
    /// of those files must know its imports had (say) syntax errors. See [`Self::rules_since`].
    met_again: Vec<(usize, &'static Rule)>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Pushes with the severity the policy assigns, or drops the diagnostic if the rule is off.
    pub fn push_with(&mut self, policy: &dyn SeverityPolicy, mut diagnostic: Diagnostic) {
        if let Some(severity) = policy.severity_for(diagnostic.rule) {
            diagnostic.severity = severity;
            self.items.push(diagnostic);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        // Taken whole into an empty list: a cohort's findings are not copied on their way up.
        if self.items.is_empty() {
            self.items = other.items;
        } else {
            self.items.extend(other.items);
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Notes that a problem of `rule`, already pushed, was met again here (see
    /// [`Self::rules_since`]).
    pub fn met_again(&mut self, rule: &'static Rule) {
        self.met_again.push((self.items.len(), rule));
    }

    /// The rules of the problems found since [`Self::len`] was `first`: those pushed, and those
    /// met again ([`Self::met_again`]).
    pub fn rules_since(&self, first: usize) -> impl Iterator<Item = &'static Rule> + '_ {
        let again = self.met_again.partition_point(|&(at, _)| at < first);
        let pushed = self.items.get(first..).unwrap_or_default();
        pushed
            .iter()
            .map(|d| d.rule)
            .chain(self.met_again[again..].iter().map(|&(_, rule)| rule))
    }

    /// Keeps the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.met_again.clear(); // Positions in a list about to change.
        self.items.retain(keep);
    }

    /// The diagnostics pushed since [`Self::len`] was `first`, to be completed in place.
    pub fn since_mut(&mut self, first: usize) -> &mut [Diagnostic] {
        self.items.get_mut(first..).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorts into the order every output uses (by file name, position, then code and message)
    /// and drops exact repeats.
    /// Output must not depend on thread scheduling or hash order, so CI diffs stay meaningful.
    pub fn sort(&mut self, sources: &Sources) {
        self.met_again.clear(); // Positions in a list about to be reordered.
        let key = |d: &Diagnostic| {
            (
                sources.name(d.primary.span.source),
                d.primary.span.start,
                d.primary.span.end,
                d.rule.code,
            )
        };
        // The positions are sorted, then the findings moved to theirs: a stable sort of the
        // findings themselves borrows a copy of up to 8 MB of them (a cohort's 44,000
        // findings are 9 MB).
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.items[a], &self.items[b]);
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        permute(&mut self.items, order);
        // A parser that recovers can meet the same problem at the same place many times (a
        // TOML file of 100,000 `[`): one report of it is enough. Places compare by file name,
        // not id: a library that two checked files import is loaded, and reported, twice.
        let place = |label: &Label| (sources.name(label.span.source), label.span.range());
        self.items.dedup_by(|a, b| {
            a.rule.code == b.rule.code
                && a.message == b.message
                && a.severity == b.severity
                && place(&a.primary) == place(&b.primary)
                && a.secondary.len() == b.secondary.len()
                && a.secondary
                    .iter()
                    .zip(&b.secondary)
                    .all(|(x, y)| place(x) == place(y) && x.text == y.text)
        });
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Takes out, in order, the diagnostics `take` picks (it may change any it is shown), and
    /// keeps the others where they are: a cohort's findings are not moved into a second list.
    pub fn take_where(&mut self, take: impl FnMut(&mut Diagnostic) -> bool) -> Vec<Diagnostic> {
        self.items.extract_if(.., take).collect()
    }
}

/// Reorders `items` so that the item at position `i` is the one that was at `order[i]`, by
/// swaps along each cycle of the permutation (`order` holds each position once).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut current = start;
        // A position whose item is in place points at itself.
        while order[current] != current {
            let next = order[current];
            order[current] = current;
            if next == start {
                break;
            }
            items.swap(current, next);
            current = next;
        }
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    /// The list as it is, in its own allocation.
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        Diagnostics {
            items,
            met_again: Vec::new(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

#[cfg(test)]
mod tests {
    use super::permute;

    /// Every permutation of five items, each moved by [`permute`] as by indexing a copy.
    #[test]
    fn permute_puts_each_item_where_the_order_says() {
        let mut orders = vec![vec![]];
        for n in 0..5 {
            orders = orders
                .into_iter()
                .flat_map(|order: Vec<usize>| {
                    (0..=n).map(move |at| {
                        let mut longer = order.clone();
                        longer.insert(at, n);
                        longer
                    })
                })
                .collect();
        }
        assert_eq!(orders.len(), 120);
        for order in orders {
            let items: Vec<char> = "abcde".chars().collect();
            let expected: Vec<char> = order.iter().map(|&i| items[i]).collect();
            let mut moved = items.clone();
            permute(&mut moved, order.clone());
            assert_eq!(moved, expected, "order {order:?}");
        }
    }
}
