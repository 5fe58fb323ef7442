//! From pest pairs to the AST, one `parse_*` function per construct.
//!
//! Parsing never fails: it returns a tree and diagnostics. The grammar's `invalid_item`
//! catch-alls turn each unreadable item into a diagnostic (see [`super::recovery`]) and the
//! parse carries on with the next item.

use pest::Parser as _;
use pest::iterators::Pair;

use super::ast::*;
use super::keywords::Block;
use super::recovery::report_invalid_item;
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::rules;
use crate::source::{SourceId, Span};

// The `matching` block: attributes, requirements, preferences, capacity.
mod matching;
// The agreement and the reviews: the items that plan given sessions.
mod plan;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/mentor.pest"]
pub(crate) struct MentorParser;

pub(crate) struct Cx<'a> {
    pub source: SourceId,
    pub text: &'a str,
    pub diagnostics: &'a mut Diagnostics,
    /// Byte ranges of every comment, in order; see [`Cx::span`].
    pub comments: Vec<(usize, usize)>,
}

impl Cx<'_> {
    /// The span of a pair, without trailing whitespace and comments.
    ///
    /// pest skips whitespace (and comments) before trying an optional or repeated part, and
    /// keeps it in the pair when the part is absent: `cadence every 2 weeks` followed by a blank
    /// line and a comment would otherwise end on the next item's line.
    pub(super) fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        let start = span.start();
        let mut end = span.end();
        loop {
            end = start + self.text[start..end].trim_end().len();
            match self
                .comments
                .binary_search_by_key(&end, |&(_, comment_end)| comment_end)
            {
                Ok(i) if self.comments[i].0 >= start => end = self.comments[i].0,
                _ => break,
            }
        }
        Span::new(self.source, start..end)
    }
}

/// Parses a whole file. Never fails; problems are pushed to `diagnostics`.
pub(super) fn parse_file(source: SourceId, text: &str, diagnostics: &mut Diagnostics) -> File {
    let mut cx = Cx {
        source,
        text,
        diagnostics,
        comments: Vec::new(),
    };
    let whole = Span::new(source, 0..text.len());
    if let Some(at) = super::braces::too_deeply_nested(text) {
        cx.diagnostics
            .push(super::braces::too_deeply_nested_diagnostic(source, at));
        return empty_file(whole);
    }
    match MentorParser::parse(Rule::file, text) {
        Ok(mut pairs) => match pairs.next() {
            Some(file) => parse_file_pair(file, &mut cx),
            None => empty_file(whole),
        },
        Err(error) => {
            // The catch-alls make this unreachable for ordinary mistakes; it remains the
            // answer for input the recovery rules cannot frame.
            let diagnostic = super::recovery::pest_error_diagnostic(&error, source, 0, "file");
            cx.diagnostics.push(diagnostic);
            empty_file(whole)
        }
    }
}

fn text_len(pair: &Pair<'_, Rule>) -> usize {
    pair.as_span().end()
}

fn empty_file(span: Span) -> File {
    File {
        items: Vec::new(),
        comments: Vec::new(),
        span,
    }
}

fn parse_file_pair(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> File {
    let comments: Vec<Comment> = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
        .map(|p| Comment {
            text: p.as_str().to_owned(),
            span: Span::new(cx.source, p.as_span().start()..p.as_span().end()),
        })
        .collect();
    // Ends without trailing white space (a CRLF file's `\r`), to meet `Cx::span`'s trimming.
    cx.comments = comments
        .iter()
        .map(|c| {
            let start = c.span.start as usize;
            (start, start + c.text.trim_end().len())
        })
        .collect();
    let span = Span::new(cx.source, 0..text_len(&pair));
    let mut items = Vec::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::import_decl => items.push(TopItem::Import(parse_import(child, cx))),
            Rule::program_decl => items.push(TopItem::Program(parse_program(child, cx))),
            Rule::library_decl => items.push(TopItem::Library(parse_library(child, cx))),
            Rule::stray_close => {
                let span = cx.span(&child);
                cx.diagnostics.push(
                    Diagnostic::new(
                        &rules::SYNTAX_ERROR,
                        "unexpected `}` with no block to close",
                        Label::new(span, "this closes nothing"),
                    )
                    .with_help("remove it, or look for a `{` missing before it"),
                );
            }
            Rule::invalid_item => report_invalid_item(child, Block::Top, cx),
            _ => {}
        }
    }
    File {
        items,
        comments,
        span,
    }
}

/// The children of a pair without comments (collected once, up front, by `parse_file_pair`).
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT)
}

fn parse_ident(pair: Pair<'_, Rule>, cx: &Cx<'_>) -> Ident {
    Ident {
        name: pair.as_str().to_owned(),
        span: cx.span(&pair),
    }
}

fn parse_text(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Text {
    let span = cx.span(&pair);
    let raw = pair.as_str();
    let body = raw
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(raw);
    let body_start = span.start as usize + 1;
    Text {
        value: unescape(body, body_start, cx),
        span,
    }
}

/// Undoes the escapes `\"`, `\\`, `\n`, `\t`; reports any other at its place.
fn unescape(body: &str, body_start: usize, cx: &mut Cx<'_>) -> String {
    if !body.contains('\\') {
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, escaped @ ('"' | '\\'))) => out.push(escaped),
            Some((j, other)) => {
                let at = body_start + i;
                let end = body_start + j + other.len_utf8();
                cx.diagnostics.push(
                    Diagnostic::new(
                        &rules::SYNTAX_ERROR,
                        format!("unknown escape `\\{other}` in a quoted text"),
                        Label::new(Span::new(cx.source, at..end), "not an escape"),
                    )
                    .with_help("the escapes are \\\" (quote), \\\\ (backslash), \\n (new line) and \\t (tab)"),
                );
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn parse_number(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Number {
    let span = cx.span(&pair);
    let value = match pair.as_str().parse::<u32>() {
        Ok(value) => value,
        Err(_) => {
            cx.diagnostics.push(
                Diagnostic::new(
                    &rules::SYNTAX_ERROR,
                    format!("number `{}` is too large", pair.as_str()),
                    Label::new(span, "larger than 4294967295"),
                )
                .with_help("session counts, weeks and minutes are small whole numbers"),
            );
            u32::MAX
        }
    };
    Number { value, span }
}

/// `1..2` or a single number.
fn parse_range(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Range {
    let span = cx.span(&pair);
    if pair.as_rule() == Rule::int {
        let number = parse_number(pair, cx);
        return Range {
            first: number,
            last: number,
            span,
        };
    }
    let mut numbers = children(pair).map(|p| parse_number(p, cx));
    let placeholder = Number { value: 0, span };
    let first = numbers.next().unwrap_or(placeholder);
    let last = numbers.next().unwrap_or(first);
    Range { first, last, span }
}

fn parse_ident_list(pair: Pair<'_, Rule>, cx: &Cx<'_>) -> Vec<Ident> {
    children(pair).map(|p| parse_ident(p, cx)).collect()
}

fn parse_duration(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Duration {
    let span = cx.span(&pair);
    let mut amount = Number { value: 0, span };
    let mut unit = TimeUnit::Week;
    for child in children(pair) {
        match child.as_rule() {
            Rule::int => amount = parse_number(child, cx),
            Rule::time_unit => {
                unit = if child.as_str().starts_with("day") {
                    TimeUnit::Day
                } else {
                    TimeUnit::Week
                }
            }
            _ => {}
        }
    }
    Duration { amount, unit, span }
}

/// The first ident and string of a declaration header (`phase id "label"`).
struct Header {
    id: Option<Ident>,
    label: Option<Text>,
}

impl Header {
    fn new() -> Header {
        Header {
            id: None,
            label: None,
        }
    }

    /// Takes an ident or string child if the header still needs one; says whether it did.
    fn take(&mut self, child: &Pair<'_, Rule>, cx: &mut Cx<'_>) -> bool {
        match child.as_rule() {
            Rule::ident if self.id.is_none() => {
                self.id = Some(parse_ident(child.clone(), cx));
                true
            }
            Rule::string if self.label.is_none() => {
                self.label = Some(parse_text(child.clone(), cx));
                true
            }
            _ => false,
        }
    }

    fn id(&mut self, fallback: Span) -> Ident {
        self.id.take().unwrap_or(Ident {
            name: String::new(),
            span: fallback,
        })
    }

    fn label(&mut self, fallback: Span) -> Text {
        self.label.take().unwrap_or(Text {
            value: String::new(),
            span: fallback,
        })
    }
}

fn parse_import(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Import {
    let span = cx.span(&pair);
    let mut header = Header::new();
    for child in children(pair) {
        header.take(&child, cx);
    }
    Import {
        path: header.label(span),
        span,
    }
}

fn parse_program(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Program {
    let span = cx.span(&pair);
    let (mut header, items) = parse_header_and_items(pair, Block::Program, cx);
    Program {
        id: header.id(span),
        title: header.label(span),
        items,
        span,
    }
}

fn parse_library(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Library {
    let span = cx.span(&pair);
    let (mut header, items) = parse_header_and_items(pair, Block::Library, cx);
    Library {
        id: header.id(span),
        title: header.label.take(),
        items,
        span,
    }
}

/// `program` and `library` share their shape: `keyword id "title" { items }`.
fn parse_header_and_items(
    pair: Pair<'_, Rule>,
    block: Block,
    cx: &mut Cx<'_>,
) -> (Header, Vec<ProgramItem>) {
    let mut header = Header::new();
    let mut items = Vec::new();
    for child in children(pair) {
        if !header.take(&child, cx) {
            parse_program_item(child, block, &mut items, cx);
        }
    }
    (header, items)
}

fn parse_program_item(
    pair: Pair<'_, Rule>,
    block: Block,
    items: &mut Vec<ProgramItem>,
    cx: &mut Cx<'_>,
) {
    let span = cx.span(&pair);
    let kind = match pair.as_rule() {
        Rule::version_decl => ProgramItemKind::Version(first_text(pair, cx, span)),
        Rule::audience_decl => ProgramItemKind::Audience(first_text(pair, cx, span)),
        Rule::purpose_decl => ProgramItemKind::Purpose(first_text(pair, cx, span)),
        Rule::doc_decl => ProgramItemKind::Doc(first_text(pair, cx, span)),
        Rule::mentorship_decl => ProgramItemKind::Mentorship(parse_mentorship(pair, cx)),
        Rule::length_decl => ProgramItemKind::Length(parse_length(pair, cx)),
        Rule::cadence_decl => ProgramItemKind::Cadence(parse_cadence(pair, cx)),
        Rule::session_decl => ProgramItemKind::Session(parse_session_bounds(pair, cx)),
        Rule::outcome_decl => ProgramItemKind::Outcome(parse_outcome(pair, cx)),
        Rule::competency_decl => ProgramItemKind::Competency(parse_competency(pair, cx)),
        Rule::lens_decl => ProgramItemKind::Lens(parse_lens(pair, cx)),
        Rule::phase_decl => ProgramItemKind::Phase(parse_phase(pair, cx)),
        Rule::milestone_decl => ProgramItemKind::Milestone(parse_milestone(pair, cx)),
        Rule::review_decl => ProgramItemKind::Review(plan::parse_review(pair, cx, span)),
        Rule::commitment_decl => ProgramItemKind::Commitment(parse_commitment(pair, cx)),
        Rule::agreement_decl => ProgramItemKind::Agreement(plan::parse_agreement(pair, cx, span)),
        Rule::track_decl => ProgramItemKind::Track(parse_track(pair, cx)),
        Rule::severity_decl => ProgramItemKind::Severity(parse_severity(pair, cx)),
        Rule::first_session_decl => ProgramItemKind::FirstSession(first_duration(pair, cx, span)),
        Rule::missed_decl => ProgramItemKind::MissedSessions(first_number(pair, cx, span)),
        Rule::log_decl => match children(pair).find(|p| p.as_rule() == Rule::duration) {
            Some(duration) => ProgramItemKind::LogWithin(parse_duration(duration, cx)),
            None => return,
        },
        Rule::matching_decl => ProgramItemKind::Matching(matching::parse_matching(pair, cx)),
        Rule::invalid_item => {
            report_invalid_item(pair, block, cx);
            return;
        }
        _ => return,
    };
    items.push(Item { kind, span });
}

fn first_text(pair: Pair<'_, Rule>, cx: &mut Cx<'_>, fallback: Span) -> Text {
    let mut header = Header::new();
    for child in children(pair) {
        header.take(&child, cx);
    }
    header.label(fallback)
}

fn first_number(pair: Pair<'_, Rule>, cx: &mut Cx<'_>, fallback: Span) -> Number {
    children(pair)
        .find(|p| p.as_rule() == Rule::int)
        .map(|p| parse_number(p, cx))
        .unwrap_or(Number {
            value: 0,
            span: fallback,
        })
}

fn first_duration(pair: Pair<'_, Rule>, cx: &mut Cx<'_>, fallback: Span) -> Duration {
    children(pair)
        .find(|p| p.as_rule() == Rule::duration)
        .map(|p| parse_duration(p, cx))
        .unwrap_or(Duration {
            amount: Number {
                value: 0,
                span: fallback,
            },
            unit: TimeUnit::Day,
            span: fallback,
        })
}

fn parse_mentorship(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Mentorship {
    let mut negated = false;
    let mut lines = Vec::new();
    for child in children(pair) {
        match child.as_rule() {
            Rule::kw_is_not => negated = true,
            Rule::string => lines.push(parse_text(child, cx)),
            Rule::invalid_item => report_invalid_item(child, Block::Mentorship, cx),
            _ => {}
        }
    }
    Mentorship { negated, lines }
}

fn parse_length(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Length {
    let span = cx.span(&pair);
    let mut sessions = None;
    let mut within = None;
    for child in children(pair) {
        match child.as_rule() {
            Rule::int | Rule::range => sessions = Some(parse_range(child, cx)),
            Rule::duration => within = Some(parse_duration(child, cx)),
            _ => {}
        }
    }
    let zero = Number { value: 0, span };
    Length {
        sessions: sessions.unwrap_or(Range {
            first: zero,
            last: zero,
            span,
        }),
        within,
    }
}

fn parse_cadence(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Vec<Item<CadencePart>> {
    let mut parts = Vec::new();
    for child in children(pair) {
        let span = cx.span(&child);
        let rule = child.as_rule();
        let Some(duration) = children(child)
            .find(|p| p.as_rule() == Rule::duration)
            .map(|p| parse_duration(p, cx))
        else {
            continue;
        };
        let kind = match rule {
            Rule::cadence_every => CadencePart::Every(duration),
            Rule::gap_at_least => CadencePart::GapAtLeast(duration),
            Rule::gap_at_most => CadencePart::GapAtMost(duration),
            _ => continue,
        };
        parts.push(Item { kind, span });
    }
    parts
}

fn parse_session_bounds(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Vec<Item<MinutesBound>> {
    let mut bounds = Vec::new();
    for child in children(pair).filter(|p| p.as_rule() == Rule::minutes_bound) {
        let span = cx.span(&child);
        let mut at_least = true;
        let mut minutes = Number { value: 0, span };
        for part in children(child) {
            match part.as_rule() {
                Rule::kw_most => at_least = false,
                Rule::int => minutes = parse_number(part, cx),
                _ => {}
            }
        }
        bounds.push(Item {
            kind: MinutesBound { at_least, minutes },
            span,
        });
    }
    bounds
}

fn parse_outcome(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Outcome {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut failed = false;
    for child in children(pair) {
        if !header.take(&child, cx) && child.as_rule() == Rule::kw_failed {
            failed = true;
        }
    }
    Outcome {
        id: header.id(span),
        label: header.label(span),
        failed,
    }
}

fn parse_competency(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Competency {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut docs = Vec::new();
    for child in children(pair) {
        if !header.take(&child, cx) && child.as_rule() == Rule::doc_block {
            for item in children(child) {
                match item.as_rule() {
                    Rule::doc_decl => docs.push(first_text(item, cx, span)),
                    Rule::invalid_item => report_invalid_item(item, Block::Competency, cx),
                    _ => {}
                }
            }
        }
    }
    Competency {
        id: header.id(span),
        label: header.label(span),
        docs,
    }
}

fn parse_lens(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Lens {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut docs = Vec::new();
    let mut filled_by = Vec::new();
    let mut sections = Vec::new();
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        match child.as_rule() {
            Rule::doc_decl => docs.push(first_text(child, cx, span)),
            Rule::filled_by_decl => {
                let item_span = cx.span(&child);
                let who = children(child)
                    .find(|c| c.as_rule() == Rule::filler)
                    .map(|c| match c.as_str() {
                        "mentor" => FilledBy::Mentor,
                        "both" => FilledBy::Both,
                        _ => FilledBy::Mentee,
                    });
                if let Some(who) = who {
                    filled_by.push((who, item_span));
                }
            }
            Rule::section_decl => sections.push(parse_section(child, cx)),
            Rule::invalid_item => report_invalid_item(child, Block::Lens, cx),
            _ => {}
        }
    }
    Lens {
        id: header.id(span),
        label: header.label(span),
        docs,
        filled_by,
        sections,
    }
}

fn parse_section(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Section {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut fields = Vec::new();
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        match child.as_rule() {
            Rule::field_decl => fields.push(parse_field(child, cx)),
            Rule::invalid_item => report_invalid_item(child, Block::Section, cx),
            _ => {}
        }
    }
    Section {
        title: header.label(span),
        fields,
        span,
    }
}

fn parse_field(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Field {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut optional = false;
    for child in children(pair) {
        if !header.take(&child, cx) && child.as_rule() == Rule::kw_optional {
            optional = true;
        }
    }
    Field {
        id: header.id(span),
        label: header.label(span),
        optional,
        span,
    }
}

fn parse_phase(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Phase {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut sessions = None;
    let mut items = Vec::new();
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        let item_span = cx.span(&child);
        let kind = match child.as_rule() {
            Rule::int | Rule::range => {
                sessions = Some(parse_range(child, cx));
                continue;
            }
            Rule::goal_decl => PhaseItemKind::Goal(first_text(child, cx, item_span)),
            Rule::bring_decl => PhaseItemKind::Bring(first_text(child, cx, item_span)),
            Rule::not_expected_decl => PhaseItemKind::NotExpected(first_text(child, cx, item_span)),
            Rule::note_decl => PhaseItemKind::Note(first_text(child, cx, item_span)),
            Rule::doc_decl => PhaseItemKind::Doc(first_text(child, cx, item_span)),
            Rule::lens_rule => PhaseItemKind::Lenses(parse_lens_rule(child, cx)),
            Rule::new_problems_decl => PhaseItemKind::NewProblems {
                allowed: children(child.clone()).any(|p| p.as_rule() == Rule::kw_allowed),
                onward: children(child).any(|p| p.as_rule() == Rule::from_here_on),
            },
            Rule::progression_decl => PhaseItemKind::Progression(
                children(child)
                    .find(|p| p.as_rule() == Rule::ident_list)
                    .map(|p| parse_ident_list(p, cx))
                    .unwrap_or_default(),
            ),
            Rule::invalid_item => {
                report_invalid_item(child, Block::Phase, cx);
                continue;
            }
            _ => continue,
        };
        items.push(Item {
            kind,
            span: item_span,
        });
    }
    let zero = Number { value: 0, span };
    Phase {
        id: header.id(span),
        label: header.label(span),
        sessions: sessions.unwrap_or(Range {
            first: zero,
            last: zero,
            span,
        }),
        items,
    }
}

fn parse_lens_rule(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> LensRule {
    let span = cx.span(&pair);
    let Some(form) = children(pair).find(|p| p.as_rule() != Rule::kw_lenses) else {
        return LensRule::Any;
    };
    match form.as_rule() {
        Rule::lenses_none => LensRule::None,
        Rule::lenses_any => LensRule::Any,
        Rule::lenses_any_of => LensRule::AnyOf(
            children(form)
                .find(|p| p.as_rule() == Rule::ident_list)
                .map(|p| parse_ident_list(p, cx))
                .unwrap_or_default(),
        ),
        _ => {
            let mut kind = CountKind::Exactly;
            let mut count = Number { value: 0, span };
            let mut of = Vec::new();
            for child in children(form) {
                match child.as_rule() {
                    Rule::count => {
                        for part in children(child) {
                            match part.as_rule() {
                                Rule::kw_least => kind = CountKind::AtLeast,
                                Rule::kw_most => kind = CountKind::AtMost,
                                Rule::int => count = parse_number(part, cx),
                                _ => {}
                            }
                        }
                    }
                    Rule::ident_list => of = parse_ident_list(child, cx),
                    _ => {}
                }
            }
            LensRule::Count { kind, count, of }
        }
    }
}

fn parse_milestone(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Milestone {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut replaces = None;
    let mut items = Vec::new();
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        let item_span = cx.span(&child);
        let kind = match child.as_rule() {
            Rule::replaces_clause => {
                replaces = children(child)
                    .find(|p| p.as_rule() == Rule::ident)
                    .map(|p| parse_ident(p, cx));
                continue;
            }
            Rule::competency_ref => match children(child).find(|p| p.as_rule() == Rule::ident) {
                Some(id) => MilestoneItemKind::Competency(parse_ident(id, cx)),
                None => continue,
            },
            Rule::due_decl => match parse_due(child, cx) {
                Some(due) => MilestoneItemKind::Due(due),
                None => continue,
            },
            Rule::evidence_decl => {
                let lens = children(child)
                    .find(|p| p.as_rule() == Rule::evidence_lens)
                    .and_then(|p| children(p).find(|p| p.as_rule() == Rule::ident));
                MilestoneItemKind::Evidence(match lens {
                    Some(id) => Evidence::Lens(parse_ident(id, cx)),
                    None => Evidence::Review,
                })
            }
            Rule::doc_decl => MilestoneItemKind::Doc(first_text(child, cx, item_span)),
            Rule::invalid_item => {
                report_invalid_item(child, Block::Milestone, cx);
                continue;
            }
            _ => continue,
        };
        items.push(Item {
            kind,
            span: item_span,
        });
    }
    Milestone {
        id: header.id(span),
        label: header.label(span),
        replaces,
        items,
    }
}

fn parse_due(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Option<Due> {
    let form = children(pair).find(|p| {
        matches!(
            p.as_rule(),
            Rule::due_session | Rule::due_week | Rule::due_date
        )
    })?;
    let rule = form.as_rule();
    let value = children(form).find(|p| matches!(p.as_rule(), Rule::int | Rule::date))?;
    Some(match rule {
        Rule::due_session => Due::BySession(parse_number(value, cx)),
        Rule::due_week => Due::ByWeek(parse_number(value, cx)),
        _ => Due::ByDate {
            text: value.as_str().to_owned(),
            span: cx.span(&value),
        },
    })
}

fn parse_commitment(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Commitment {
    let span = cx.span(&pair);
    let mut amount = Number { value: 0, span };
    let mut unit_minutes = 60;
    let mut per_month = true;
    for child in children(pair) {
        match child.as_rule() {
            Rule::int => amount = parse_number(child, cx),
            Rule::kw_minutes => unit_minutes = 1,
            Rule::kw_week => per_month = false,
            _ => {}
        }
    }
    Commitment {
        amount,
        unit_minutes,
        per_month,
    }
}

fn parse_track(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> Track {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut items = Vec::new();
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        let item_span = cx.span(&child);
        let kind = match child.as_rule() {
            Rule::doc_decl => TrackItemKind::Doc(first_text(child, cx, item_span)),
            Rule::milestone_decl => TrackItemKind::Milestone(parse_milestone(child, cx)),
            Rule::drop_decl => match children(child).find(|p| p.as_rule() == Rule::ident) {
                Some(id) => TrackItemKind::Drop(parse_ident(id, cx)),
                None => continue,
            },
            Rule::invalid_item => {
                report_invalid_item(child, Block::Track, cx);
                continue;
            }
            _ => continue,
        };
        items.push(Item {
            kind,
            span: item_span,
        });
    }
    Track {
        id: header.id(span),
        label: header.label(span),
        items,
    }
}

fn parse_severity(pair: Pair<'_, Rule>, cx: &mut Cx<'_>) -> SeverityDecl {
    let span = cx.span(&pair);
    let mut header = Header::new();
    let mut level = SeverityLevel::Error;
    let mut level_span = span;
    for child in children(pair) {
        if header.take(&child, cx) {
            continue;
        }
        if child.as_rule() == Rule::severity_level {
            level_span = cx.span(&child);
            level = match child.as_str() {
                "warning" => SeverityLevel::Warning,
                "advice" => SeverityLevel::Advice,
                "off" => SeverityLevel::Off,
                _ => SeverityLevel::Error,
            };
        }
    }
    SeverityDecl {
        rule: header.id(span),
        level,
        level_span,
    }
}
