//! The language's vocabulary: one row per keyword of `grammar/mentor.pest` (each is its own
//! `kw_*` rule there), with the blocks it starts an item in, the form of that item (the help
//! under its syntax errors) and what it does (the editor's hover and completion text).
//!
//! Recovery (which keywords a block allows, which block a misplaced one belongs in), completion
//! (the keywords that start an item where the cursor is) and hover read this table and nothing
//! else, so adding a keyword to the grammar means adding its row here; a test compares the table
//! with the grammar's `kw_*` rules and with each block's item rules.

use super::parser::Rule;

/// A place where items are written; each allows its own keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Block {
    /// The file itself, outside any block.
    Top,
    Program,
    Library,
    /// `mentorship is { … }`: quoted texts only.
    Mentorship,
    /// A competency's `{ doc … }` block.
    Competency,
    Lens,
    Section,
    Phase,
    Milestone,
    Track,
    /// `agreement before session 2 { field … }`: the agreement form's fields.
    Agreement,
    /// `matching { … }`: attributes, requirements, preferences, capacity.
    Matching,
}

/// Every block, in the order a misplaced keyword's home is looked for.
pub(crate) const ALL_BLOCKS: [Block; 12] = [
    Block::Top,
    Block::Program,
    Block::Library,
    Block::Mentorship,
    Block::Competency,
    Block::Lens,
    Block::Section,
    Block::Phase,
    Block::Milestone,
    Block::Track,
    Block::Agreement,
    Block::Matching,
];

impl Block {
    /// How a designer would name the place: "a `phase` block".
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Block::Top => "at the top of the file",
            Block::Program => "in a `program` block",
            Block::Library => "in a `library` block",
            Block::Mentorship => "in a `mentorship` list",
            Block::Competency => "in a `competency` block",
            Block::Lens => "in a `lens` block",
            Block::Section => "in a lens `section`",
            Block::Phase => "in a `phase` block",
            Block::Milestone => "in a `milestone` block",
            Block::Track => "in a `track` block",
            Block::Agreement => "in an `agreement` block",
            Block::Matching => "in a `matching` block",
        }
    }

    /// The keywords that start an item in this block, each with the rule that parses the item,
    /// in the order help texts and completion list them: the table's order, but for `doc`.
    pub(crate) fn items(self) -> Vec<(&'static str, Rule)> {
        let mut items: Vec<(&'static str, Rule)> = KEYWORDS
            .iter()
            .filter(|keyword| keyword.word != "doc")
            .filter_map(|keyword| Some((keyword.word, keyword.item_rule(self)?)))
            .collect();
        if let Some(rule) = keyword("doc").and_then(|doc| doc.item_rule(self)) {
            items.insert(self.doc_position().min(items.len()), ("doc", rule));
        }
        items
    }

    /// Where `doc` is listed among the block's keywords. Every block but the top and a section
    /// takes a `doc`, and it has no one place in the table's order that fits them all (first in a
    /// lens, after `purpose` in a program, last in a milestone).
    fn doc_position(self) -> usize {
        match self {
            Block::Program | Block::Milestone => 3,
            Block::Phase => 4,
            _ => 0,
        }
    }
}

/// One keyword of the language.
#[derive(Debug)]
pub(crate) struct Keyword {
    /// As written; also what pest's `kw_*` rule matches.
    pub(crate) word: &'static str,
    /// Its `kw_*` rule in `grammar/mentor.pest`.
    pub(crate) rule: Rule,
    /// The blocks in which it starts an item, each with the rule that parses that item (a bad
    /// item is re-parsed alone with it).
    pub(crate) starts: &'static [(Block, Rule)],
    /// The block its item's `{` opens, if it opens one.
    pub(crate) opens: Option<Block>,
    /// The form of its item, shown as help under the item's syntax errors.
    pub(crate) form: Option<&'static str>,
    /// What it does, in a line or two of Markdown (hover, completion documentation).
    pub(crate) hover: Option<&'static str>,
}

impl Keyword {
    /// The rule of the item this keyword starts in `block`, if it starts one there.
    pub(crate) fn item_rule(&self, block: Block) -> Option<Rule> {
        self.starts
            .iter()
            .find(|(place, _)| *place == block)
            .map(|&(_, rule)| rule)
    }
}

/// The keyword spelled `word`.
pub(crate) fn keyword(word: &str) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|keyword| keyword.word == word)
}

/// The keyword a `kw_*` rule matches.
pub(crate) fn by_rule(rule: Rule) -> Option<&'static Keyword> {
    KEYWORDS.iter().find(|keyword| keyword.rule == rule)
}

/// A word within items: it starts none, and has no hover text of its own.
const fn word(word: &'static str, rule: Rule) -> Keyword {
    Keyword {
        word,
        rule,
        starts: &[],
        opens: None,
        form: None,
        hover: None,
    }
}

/// Every keyword: first those that start an item, then the words within items, in the order of
/// the grammar.
pub(crate) static KEYWORDS: &[Keyword] = &[
    Keyword {
        word: "import",
        rule: Rule::kw_import,
        starts: &[(Block::Top, Rule::import_decl)],
        opens: None,
        form: Some("an import reads `import \"path/to/library.mentor\"`"),
        hover: Some(
            "`import \"path.mentor\"`: brings in a library; the path is relative to this file.",
        ),
    },
    Keyword {
        word: "program",
        rule: Rule::kw_program,
        starts: &[(Block::Top, Rule::program_decl)],
        opens: Some(Block::Program),
        form: Some("a program reads `program id \"Title\" { … }`"),
        hover: Some("`program id \"Title\" { … }`: the program, one per file."),
    },
    Keyword {
        word: "library",
        rule: Rule::kw_library,
        starts: &[(Block::Top, Rule::library_decl)],
        opens: Some(Block::Library),
        form: Some("a library reads `library id \"Title\" { … }`"),
        hover: Some(
            "`library id \"Title\" { … }`: lenses, competencies and outcomes that programs share through `import`.",
        ),
    },
    Keyword {
        word: "version",
        rule: Rule::kw_version,
        starts: &[(Block::Program, Rule::version_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("`version \"…\"`: the program's version; logs may name it."),
    },
    Keyword {
        word: "audience",
        rule: Rule::kw_audience,
        starts: &[(Block::Program, Rule::audience_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("`audience \"…\"`: who the program is for."),
    },
    Keyword {
        word: "purpose",
        rule: Rule::kw_purpose,
        starts: &[(Block::Program, Rule::purpose_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("`purpose \"…\"`: what the program is for, in one sentence."),
    },
    Keyword {
        word: "doc",
        rule: Rule::kw_doc,
        starts: &[
            (Block::Program, Rule::doc_decl),
            (Block::Library, Rule::doc_decl),
            (Block::Competency, Rule::doc_decl),
            (Block::Lens, Rule::doc_decl),
            (Block::Phase, Rule::doc_decl),
            (Block::Milestone, Rule::doc_decl),
            (Block::Track, Rule::doc_decl),
            (Block::Matching, Rule::doc_decl),
        ],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("`doc \"…\"`: text for the playbook."),
    },
    Keyword {
        word: "mentorship",
        rule: Rule::kw_mentorship,
        starts: &[(Block::Program, Rule::mentorship_decl)],
        opens: Some(Block::Mentorship),
        form: Some("write `mentorship is { \"…\" }` or `mentorship is-not { \"…\" }`"),
        hover: Some(
            "`mentorship is { \"…\" }` / `mentorship is-not { \"…\" }`: what mentorship is and is not, one string per line.",
        ),
    },
    Keyword {
        word: "length",
        rule: Rule::kw_length,
        starts: &[(Block::Program, Rule::length_decl)],
        opens: None,
        form: Some("a length reads `length 5 sessions within 12 weeks` or `length 8..12 sessions`"),
        hover: Some(
            "`length 5 sessions within 12 weeks` (or a range `8..12 sessions`): how many sessions, over how long.",
        ),
    },
    Keyword {
        word: "cadence",
        rule: Rule::kw_cadence,
        starts: &[(Block::Program, Rule::cadence_decl)],
        opens: None,
        form: Some("a cadence reads `cadence every 2 weeks, gap at most 4 weeks`"),
        hover: Some(
            "`cadence every 2 weeks, gap at least 1 week, gap at most 4 weeks`: how often pairs meet (all parts optional).",
        ),
    },
    Keyword {
        word: "session",
        rule: Rule::kw_session,
        starts: &[(Block::Program, Rule::session_decl)],
        opens: None,
        form: Some("a session limit reads `session at least 45 minutes`"),
        hover: Some("`session at least 45 minutes, at most 90 minutes`: how long a session lasts."),
    },
    Keyword {
        word: "outcome",
        rule: Rule::kw_outcome,
        starts: &[
            (Block::Program, Rule::outcome_decl),
            (Block::Library, Rule::outcome_decl),
        ],
        opens: None,
        form: Some(
            "an outcome reads `outcome id \"Label\"`, with `failed` after it for a failed outcome",
        ),
        hover: Some(
            "`outcome id \"Label\" [failed]`: a way a held session may end; every held session records one.",
        ),
    },
    Keyword {
        word: "competency",
        rule: Rule::kw_competency,
        starts: &[
            (Block::Program, Rule::competency_decl),
            (Block::Library, Rule::competency_decl),
            (Block::Milestone, Rule::competency_ref),
        ],
        opens: Some(Block::Competency),
        form: Some("a competency reads `competency id \"Label\"`; in a milestone, `competency id`"),
        hover: Some(
            "`competency id \"Label\"` declares a competency; inside a milestone, `competency id` names the one it shows.",
        ),
    },
    Keyword {
        word: "lens",
        rule: Rule::kw_lens,
        starts: &[
            (Block::Program, Rule::lens_decl),
            (Block::Library, Rule::lens_decl),
        ],
        opens: Some(Block::Lens),
        form: Some("a lens reads `lens id \"Title\" { section \"…\" { field id \"…\" } }`"),
        hover: Some(
            "`lens id \"Title\" { section … }`: a structured reflection; sessions that use it answer its fields.",
        ),
    },
    Keyword {
        word: "filled",
        rule: Rule::kw_filled,
        starts: &[(Block::Lens, Rule::filled_by_decl)],
        opens: None,
        form: Some(
            "who fills a worksheet in reads `filled by mentee`, `filled by mentor` or `filled by both`",
        ),
        hover: Some(
            "`filled by mentee | mentor | both`: who writes the lens's answers; the playbook prints it on the worksheet.",
        ),
    },
    Keyword {
        word: "section",
        rule: Rule::kw_section,
        starts: &[(Block::Lens, Rule::section_decl)],
        opens: Some(Block::Section),
        form: Some("a section reads `section \"Title\" { field id \"Label\" }`"),
        hover: Some("`section \"Title\" { field … }`: a group of fields of a lens."),
    },
    Keyword {
        word: "field",
        rule: Rule::kw_field,
        starts: &[
            (Block::Section, Rule::field_decl),
            (Block::Agreement, Rule::agreement_field),
        ],
        opens: None,
        form: Some(
            "a field reads `field id \"Label\"`; in a lens section, optionally followed by `optional`",
        ),
        hover: Some(
            "`field id \"Label\" [optional]`: one question of a lens; optional fields may be left blank. In an `agreement` block, one part of the agreement form.",
        ),
    },
    Keyword {
        word: "phase",
        rule: Rule::kw_phase,
        starts: &[(Block::Program, Rule::phase_decl)],
        opens: Some(Block::Phase),
        form: Some("a phase reads `phase id \"Title\" sessions 1..2 { … }`"),
        hover: Some(
            "`phase id \"Title\" sessions 1..2 { … }`: a stretch of sessions with its goals and lens rule.",
        ),
    },
    Keyword {
        word: "goal",
        rule: Rule::kw_goal,
        starts: &[(Block::Phase, Rule::goal_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("text of a phase, for the playbook."),
    },
    Keyword {
        word: "bring",
        rule: Rule::kw_bring,
        starts: &[(Block::Phase, Rule::bring_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("text of a phase, for the playbook."),
    },
    Keyword {
        word: "not-expected",
        rule: Rule::kw_not_expected,
        starts: &[(Block::Phase, Rule::not_expected_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("text of a phase, for the playbook."),
    },
    Keyword {
        word: "note",
        rule: Rule::kw_note,
        starts: &[(Block::Phase, Rule::note_decl)],
        opens: None,
        form: Some("this item takes one quoted text"),
        hover: Some("text of a phase, for the playbook."),
    },
    Keyword {
        word: "lenses",
        rule: Rule::kw_lenses,
        starts: &[(Block::Phase, Rule::lens_rule)],
        opens: None,
        form: Some(
            "a lens rule reads `lenses none`, `lenses any`, `lenses any of a, b` or `lenses exactly 1 of a, b`",
        ),
        hover: Some(
            "`lenses none | any | any of a, b | exactly N of a, b | at least N of … | at most N of …`: which lenses a session of this phase may use.",
        ),
    },
    Keyword {
        word: "new-problems",
        rule: Rule::kw_new_problems,
        starts: &[(Block::Phase, Rule::new_problems_decl)],
        opens: None,
        form: Some(
            "write `new-problems forbidden` or `new-problems allowed`, and `from here on` after it to carry it into the later phases",
        ),
        hover: Some(
            "`new-problems forbidden | allowed [from here on]`: whether a session of this phase may bring a new problem; with `from here on`, of every later phase too, until one says otherwise.",
        ),
    },
    Keyword {
        word: "progression",
        rule: Rule::kw_progression,
        starts: &[(Block::Phase, Rule::progression_decl)],
        opens: None,
        form: Some("a progression reads `progression observation, assignment, debrief`"),
        hover: Some("`progression a, b, c`: the phase's sessions use these lenses in turn."),
    },
    Keyword {
        word: "milestone",
        rule: Rule::kw_milestone,
        starts: &[
            (Block::Program, Rule::milestone_decl),
            (Block::Track, Rule::milestone_decl),
        ],
        opens: Some(Block::Milestone),
        form: Some(
            "a milestone reads `milestone id \"Title\" { competency … due by … evidence … }`",
        ),
        hover: Some(
            "`milestone id \"Title\" { competency …  due by …  evidence … }`: something a pair must reach, by when, shown how.",
        ),
    },
    Keyword {
        word: "due",
        rule: Rule::kw_due,
        starts: &[(Block::Milestone, Rule::due_decl)],
        opens: None,
        form: Some(
            "a deadline reads `due by session 4`, `due by week 10` or `due by date 2025-06-30`",
        ),
        hover: Some(
            "`due by session N | week N | date YYYY-MM-DD`: when a milestone is due (weeks count from the log's `started`).",
        ),
    },
    Keyword {
        word: "evidence",
        rule: Rule::kw_evidence,
        starts: &[(Block::Milestone, Rule::evidence_decl)],
        opens: None,
        form: Some("evidence reads `evidence lens decision-review` or `evidence review`"),
        hover: Some(
            "`evidence lens id | review`: what the session claiming a milestone must show.",
        ),
    },
    Keyword {
        word: "review",
        rule: Rule::kw_review,
        starts: &[(Block::Program, Rule::review_decl)],
        opens: None,
        form: Some(
            "reviews read `review every 4 sessions` or `review at sessions 4, 8, 12`, optionally followed by `with lens id`",
        ),
        hover: Some(
            "`review every N sessions [with lens id]`: a session of kind `review` at least every N held sessions; `review at sessions 4, 8, 12 [with lens id]`: those sessions are reviews. A review uses that lens whatever its phase allows; `evidence review` in a milestone.",
        ),
    },
    Keyword {
        word: "commitment",
        rule: Rule::kw_commitment,
        starts: &[(Block::Program, Rule::commitment_decl)],
        opens: None,
        form: Some("a commitment reads `commitment 2 hours per month`"),
        hover: Some("`commitment 4 hours per month`: the time a pair agrees to spend."),
    },
    Keyword {
        word: "agreement",
        rule: Rule::kw_agreement,
        starts: &[(Block::Program, Rule::agreement_decl)],
        opens: Some(Block::Agreement),
        form: Some(
            "an agreement reads `agreement before session 2`, optionally followed by `{ field id \"Label\" … }`",
        ),
        hover: Some(
            "`agreement before session 2 [{ field id \"Label\" … }]`: the log records an agreement date on or before that session; the fields are the parts of the agreement form the playbook prints.",
        ),
    },
    Keyword {
        word: "log",
        rule: Rule::kw_log,
        starts: &[(Block::Program, Rule::log_decl)],
        opens: None,
        form: Some("a logging grace reads `log sessions within 3 days`"),
        hover: Some(
            "`log sessions within N days`: a planned session must be logged (held, cancelled or no-show) within N days of its date; without the line, by the day itself.",
        ),
    },
    Keyword {
        word: "track",
        rule: Rule::kw_track,
        starts: &[(Block::Program, Rule::track_decl)],
        opens: Some(Block::Track),
        form: Some("a track reads `track id \"Title\" { … }`"),
        hover: Some(
            "`track id \"Title\" { milestone … replaces …  drop milestone … }`: a variant of the program's milestones.",
        ),
    },
    Keyword {
        word: "drop",
        rule: Rule::kw_drop,
        starts: &[(Block::Track, Rule::drop_decl)],
        opens: None,
        form: Some("write `drop milestone id` to leave a program milestone out of a track"),
        hover: Some("`drop milestone id`: the track does without a program milestone."),
    },
    Keyword {
        word: "severity",
        rule: Rule::kw_severity,
        starts: &[(Block::Program, Rule::severity_decl)],
        opens: None,
        form: Some("a severity line reads `severity L012 warning` (or `error`, `advice`, `off`)"),
        hover: Some(
            "`severity CODE-or-name error | warning | advice | off`: changes how a rule reports for this program.",
        ),
    },
    Keyword {
        word: "first",
        rule: Rule::kw_first,
        starts: &[(Block::Program, Rule::first_session_decl)],
        opens: None,
        form: Some("a first-session limit reads `first session within 2 weeks`"),
        hover: Some(
            "`first session within N days | weeks`: a pair holds its first session within that time of the log's `started` date.",
        ),
    },
    Keyword {
        word: "missed",
        rule: Rule::kw_missed,
        starts: &[(Block::Program, Rule::missed_decl)],
        opens: None,
        form: Some("a limit on missed sessions reads `missed sessions at most 2 in a row`"),
        hover: Some(
            "`missed sessions at most N in a row`: no more than N `cancelled` or `no-show` sessions one after another in a log.",
        ),
    },
    Keyword {
        word: "matching",
        rule: Rule::kw_matching,
        starts: &[(Block::Program, Rule::matching_decl)],
        opens: Some(Block::Matching),
        form: Some("matching reads `matching { attribute …  require …  prefer … weight N }`"),
        hover: Some(
            "`matching { attribute …  require …  prefer … weight N  capacity N }`: how `mentor match` pairs mentees with mentors from a roster.",
        ),
    },
    Keyword {
        word: "attribute",
        rule: Rule::kw_attribute,
        starts: &[(Block::Matching, Rule::attribute_decl)],
        opens: None,
        form: Some(
            "an attribute reads `attribute id \"Label\"` then `one of a, b`, `any of a, b`, `number 1..8` or `person`",
        ),
        hover: Some(
            "`attribute id \"Label\" one of a, b | any of a, b | number 1..8 | person`: a column of the roster (`one of tracks`, `any of competencies` take the program's ids).",
        ),
    },
    Keyword {
        word: "capacity",
        rule: Rule::kw_capacity,
        starts: &[(Block::Matching, Rule::capacity_decl)],
        opens: None,
        form: Some("a capacity reads `capacity 3`"),
        hover: Some(
            "`capacity N`: how many mentees a mentor takes, unless the roster's `capacity` column says otherwise.",
        ),
    },
    Keyword {
        word: "require",
        rule: Rule::kw_require,
        starts: &[(Block::Matching, Rule::require_decl)],
        opens: None,
        form: Some(
            "a requirement reads `require shared a`, `require same a`, `require different a`, `require a at least 2 above`, `require a within 3` or `require outside reporting line of a`",
        ),
        hover: Some(
            "`require …`: a hard constraint every pair meets; a mentee no mentor meets it for is left unmatched, with the reason.",
        ),
    },
    Keyword {
        word: "prefer",
        rule: Rule::kw_prefer,
        starts: &[(Block::Matching, Rule::prefer_decl)],
        opens: None,
        form: Some(
            "a preference reads `prefer shared values weight 3` (any form `require` takes, then `weight N`)",
        ),
        hover: Some(
            "`prefer … weight N`: a pair that meets it scores N (`shared`: N for each value in common); the match maximises the total.",
        ),
    },
    word("one", Rule::kw_one),
    word("number", Rule::kw_number),
    word("person", Rule::kw_person),
    word("tracks", Rule::kw_tracks),
    word("competencies", Rule::kw_competencies),
    word("weight", Rule::kw_weight),
    word("shared", Rule::kw_shared),
    word("same", Rule::kw_same),
    word("different", Rule::kw_different),
    word("above", Rule::kw_above),
    word("outside", Rule::kw_outside),
    word("reporting", Rule::kw_reporting),
    word("line", Rule::kw_line),
    word("is", Rule::kw_is),
    word("is-not", Rule::kw_is_not),
    word("sessions", Rule::kw_sessions),
    word("within", Rule::kw_within),
    word("every", Rule::kw_every),
    word("gap", Rule::kw_gap),
    word("at", Rule::kw_at),
    word("least", Rule::kw_least),
    word("most", Rule::kw_most),
    word("minutes", Rule::kw_minutes),
    word("hours", Rule::kw_hours),
    word("hour", Rule::kw_hour),
    word("days", Rule::kw_days),
    word("day", Rule::kw_day),
    word("weeks", Rule::kw_weeks),
    word("week", Rule::kw_week),
    word("month", Rule::kw_month),
    word("per", Rule::kw_per),
    Keyword {
        word: "failed",
        rule: Rule::kw_failed,
        starts: &[],
        opens: None,
        form: None,
        hover: Some("marks an outcome that means the session went wrong."),
    },
    Keyword {
        word: "optional",
        rule: Rule::kw_optional,
        starts: &[],
        opens: None,
        form: None,
        hover: Some("the field may be left blank in a log."),
    },
    word("with", Rule::kw_with),
    word("none", Rule::kw_none),
    word("any", Rule::kw_any),
    word("exactly", Rule::kw_exactly),
    word("of", Rule::kw_of),
    word("forbidden", Rule::kw_forbidden),
    word("allowed", Rule::kw_allowed),
    word("from", Rule::kw_from),
    word("here", Rule::kw_here),
    word("on", Rule::kw_on),
    Keyword {
        word: "replaces",
        rule: Rule::kw_replaces,
        starts: &[],
        opens: None,
        form: None,
        hover: Some(
            "`milestone id \"Title\" replaces other { … }`: in a track, stands in for a program milestone.",
        ),
    },
    word("by", Rule::kw_by),
    word("date", Rule::kw_date),
    word("before", Rule::kw_before),
    word("error", Rule::kw_error),
    word("warning", Rule::kw_warning),
    word("advice", Rule::kw_advice),
    word("off", Rule::kw_off),
    word("in", Rule::kw_in),
    word("a", Rule::kw_a),
    word("row", Rule::kw_row),
];

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;

    const GRAMMAR: &str = include_str!("../../grammar/mentor.pest");

    /// `kw_name = @{ "word" ~ !ident_char }` rules of the grammar: rule name to word.
    fn grammar_keywords() -> BTreeMap<String, String> {
        GRAMMAR
            .lines()
            .filter_map(|line| {
                let (name, body) = line.split_once('=')?;
                let name = name.trim();
                if !name.starts_with("kw_") {
                    return None;
                }
                let word = body.split('"').nth(1)?;
                Some((name.to_owned(), word.to_owned()))
            })
            .collect()
    }

    #[test]
    fn every_grammar_keyword_has_exactly_one_row() {
        let grammar = grammar_keywords();
        assert!(grammar.len() > 60, "the grammar's keywords were not found");
        let mut rows: BTreeMap<String, String> = BTreeMap::new();
        for keyword in KEYWORDS {
            let rule = format!("{:?}", keyword.rule);
            let earlier = rows.insert(rule.clone(), keyword.word.to_owned());
            assert!(earlier.is_none(), "two rows for `{rule}`");
        }
        assert_eq!(rows, grammar);
    }

    /// The body of the grammar rule `name`, up to the next rule.
    fn rule_body(name: &str) -> String {
        let mut lines = GRAMMAR
            .lines()
            .skip_while(|line| line.split_once('=').is_none_or(|(n, _)| n.trim() != name));
        let mut body: String = lines.next().unwrap_or_default().to_owned();
        for line in lines {
            let starts_rule = !line.starts_with(' ')
                && line.split_once('=').is_some_and(|(n, _)| {
                    let n = n.trim();
                    !n.is_empty() && !n.contains(' ')
                });
            if starts_rule || line.starts_with("//") || line.trim().is_empty() {
                break;
            }
            body.push_str(line);
        }
        body
    }

    /// Each block allows, as items, exactly the rules its grammar rule lists.
    #[test]
    fn each_block_starts_the_items_its_grammar_rule_lists() {
        let item_rules: BTreeSet<String> = KEYWORDS
            .iter()
            .flat_map(|keyword| keyword.starts)
            .map(|(_, rule)| format!("{rule:?}"))
            .collect();
        for (block, grammar_rule) in [
            (Block::Top, "top_item"),
            (Block::Program, "program_item"),
            (Block::Library, "library_item"),
            (Block::Mentorship, "mentorship_decl"),
            (Block::Competency, "doc_block"),
            (Block::Lens, "lens_item"),
            (Block::Section, "section_decl"),
            (Block::Phase, "phase_item"),
            (Block::Milestone, "milestone_item"),
            (Block::Track, "track_item"),
            (Block::Agreement, "agreement_block"),
            (Block::Matching, "matching_item"),
        ] {
            let body = rule_body(grammar_rule);
            let listed: BTreeSet<String> = body
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|word| *word != grammar_rule && item_rules.contains(*word))
                .map(str::to_owned)
                .collect();
            let table: BTreeSet<String> = block
                .items()
                .iter()
                .map(|(_, rule)| format!("{rule:?}"))
                .collect();
            assert_eq!(table, listed, "{block:?} ({grammar_rule}: {body})");
        }
    }

    #[test]
    fn a_keyword_that_opens_a_block_starts_an_item() {
        for keyword in KEYWORDS {
            if keyword.opens.is_some() {
                assert!(!keyword.starts.is_empty(), "{}", keyword.word);
            }
        }
    }

    /// An id list ends where a phase item plainly starts (`phase_item_start`), so a new phase
    /// keyword must be added there too, or an empty `lenses exactly 1 of` would read it as a lens
    /// id. `progression` is left out on purpose: it is followed by ids, so after an empty list
    /// nothing tells its word from a lens called `progression`.
    #[test]
    fn every_phase_item_keyword_ends_an_id_list() {
        let ends_list = rule_body("phase_item_start");
        assert!(
            ends_list.contains("kw_goal"),
            "phase_item_start was not found"
        );
        for keyword in KEYWORDS {
            let rule = format!("{:?}", keyword.rule);
            if keyword.item_rule(Block::Phase).is_some() && keyword.word != "progression" {
                assert!(
                    ends_list.contains(&rule),
                    "`{}` starts a phase item but is not in `phase_item_start`",
                    keyword.word
                );
            }
        }
    }
}
