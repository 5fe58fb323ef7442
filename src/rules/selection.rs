//! Which rules a run reports: `--select`, `--extend-select` and `--ignore` (and the same keys
//! of `mentor.toml`), read like ruff's. Each names rules by code (`L014`), name
//! (`gap-too-long`), code prefix (`L01`, `L`) or `ALL`. A run reports the selected rules (all
//! when nothing is selected), plus the extended ones, minus the ignored ones.
//!
//! Rules that say the run could not check (`F` rules, a configuration or baseline the tool
//! cannot use) and syntax errors are always reported: a run that hid them would pass without
//! having read its input.

use super::{Rule, Stage, all};
use crate::words;

/// One way of naming rules.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    All,
    /// A code prefix, upper case: `L`, `L01`, `L014`.
    Prefix(String),
    /// One rule by name.
    Rule(&'static Rule),
}

impl Matcher {
    fn matches(&self, rule: &Rule) -> bool {
        match self {
            Matcher::All => true,
            Matcher::Prefix(prefix) => rule.code.starts_with(prefix.as_str()),
            Matcher::Rule(named) => std::ptr::eq(*named, rule),
        }
    }
}

/// Reads one selector: `ALL`, a code or prefix, or a rule name.
fn matcher(text: &str) -> Result<Matcher, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("all") {
        return Ok(Matcher::All);
    }
    let upper = text.to_ascii_uppercase();
    if !upper.is_empty() && all().any(|rule| rule.code.starts_with(upper.as_str())) {
        return Ok(Matcher::Prefix(upper));
    }
    if let Some(rule) = all().find(|rule| rule.name == text) {
        return Ok(Matcher::Rule(rule));
    }
    let candidates = all().flat_map(|rule| [rule.code, rule.name]);
    let help = match words::did_you_mean(text, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "`mentor rules` lists every code and name; a prefix such as `L01` or `L` \
                 names a group, `ALL` every rule"
            .to_owned(),
    };
    Err(format!("no rule or code prefix `{text}`: {help}"))
}

/// The rules a run reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// `None`: every rule.
    select: Option<Vec<Matcher>>,
    extend: Vec<Matcher>,
    ignore: Vec<Matcher>,
}

impl Selection {
    /// A selection from the lists a run was given; each item may hold several selectors
    /// separated by commas (`--select L014,L035`). The error names the first unknown one.
    pub fn new<S: AsRef<str>>(
        select: Option<&[S]>,
        extend: &[S],
        ignore: &[S],
    ) -> Result<Selection, String> {
        let read = |items: &[S]| -> Result<Vec<Matcher>, String> {
            let mut matchers = Vec::new();
            for item in items {
                // `--select ""` (an unset variable in CI) would otherwise select nothing and
                // pass every run.
                let named: Vec<&str> = item
                    .as_ref()
                    .split(',')
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .collect();
                if named.is_empty() {
                    return Err(
                        "an empty list of rules: name codes, names, prefixes or `ALL`".to_owned(),
                    );
                }
                for part in named {
                    matchers.push(matcher(part)?);
                }
            }
            Ok(matchers)
        };
        Ok(Selection {
            select: select.map(read).transpose()?,
            extend: read(extend)?,
            ignore: read(ignore)?,
        })
    }

    /// Whether findings of `rule` are reported.
    pub fn includes(&self, rule: &Rule) -> bool {
        if rule.stops_the_run() || rule.stage == Stage::Syntax {
            return true;
        }
        let selected = self
            .select
            .as_ref()
            .is_none_or(|select| select.iter().any(|m| m.matches(rule)))
            || self.extend.iter().any(|m| m.matches(rule));
        selected && !self.ignore.iter().any(|m| m.matches(rule))
    }

    /// Whether every rule is reported.
    pub fn is_everything(&self) -> bool {
        *self == Selection::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules;

    fn selection(select: Option<&[&str]>, extend: &[&str], ignore: &[&str]) -> Selection {
        Selection::new(select, extend, ignore).unwrap_or_default()
    }

    #[test]
    fn codes_names_prefixes_and_all_select_rules() {
        let only_gaps = selection(Some(&["gap-too-long"]), &[], &[]);
        assert!(only_gaps.includes(&rules::GAP_TOO_LONG));
        assert!(!only_gaps.includes(&rules::PAIR_INACTIVE));
        let l01 = selection(Some(&["l01"]), &[], &[]);
        assert!(l01.includes(&rules::GAP_TOO_LONG));
        assert!(!l01.includes(&rules::PAIR_INACTIVE));
        let all_but = selection(Some(&["ALL"]), &[], &["L014,L035"]);
        assert!(!all_but.includes(&rules::GAP_TOO_LONG));
        assert!(!all_but.includes(&rules::PAIR_INACTIVE));
        assert!(all_but.includes(&rules::PHASE_OVERLAP));
        let extended = selection(Some(&["P"]), &["L035"], &[]);
        assert!(extended.includes(&rules::PAIR_INACTIVE));
        assert!(!extended.includes(&rules::GAP_TOO_LONG));
    }

    #[test]
    fn unreadable_input_and_syntax_errors_cannot_be_left_out() {
        let nothing = selection(None, &[], &["ALL"]);
        assert!(nothing.includes(&rules::UNREADABLE_FILE));
        assert!(nothing.includes(&rules::CONFIG_INVALID));
        assert!(!nothing.includes(&rules::GAP_TOO_LONG));
    }

    #[test]
    fn an_unknown_selector_is_an_error_with_a_suggestion() {
        let error = Selection::new(Some(&["gap-to-long"]), &[], &[]).err();
        assert_eq!(
            error.as_deref(),
            Some("no rule or code prefix `gap-to-long`: did you mean `gap-too-long`?")
        );
        assert!(Selection::new::<&str>(None, &[], &["X9"]).is_err());
        assert!(Selection::new(Some(&[""]), &[], &[]).is_err());
        assert!(Selection::new(Some(&[" , "]), &[], &[]).is_err());
    }
}
