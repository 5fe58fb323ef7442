//! Building the `model::Program` from the program's syntax and the libraries merged into it:
//! ids declared once per kind, every reference resolved (or reported and dropped), settings
//! given at most once.

use std::collections::{BTreeMap, HashMap};

use super::duplicates::{Names, Settings};

// `new-problems … from here on`, carried into the later phases.
mod carry;
// The `matching` block: attributes, requirements, preferences.
mod matching;
// Reviews and the agreement: what the plan asks for at given sessions.
mod plan;

use crate::diagnostic::{Diagnostic, Diagnostics, Label, Severity};
use crate::model::{self, Program};
use crate::rules;
use crate::source::{SourceId, Span};
use crate::syntax::ast;
use crate::words::{did_you_mean, unknown_id_help};

pub(super) struct Builder<'a> {
    pub(super) diagnostics: &'a mut Diagnostics,
    outcomes: Vec<model::Outcome>,
    competencies: Vec<model::Competency>,
    lenses: Vec<model::Lens>,
    outcome_names: Names,
    competency_names: Names,
    lens_names: Names,
    /// An import could not be loaded, so an unknown id may be declared in the missing file.
    pub(super) imports_failed: bool,
    plan_numbers: Vec<model::PlanNumber>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(diagnostics: &'a mut Diagnostics) -> Builder<'a> {
        Builder {
            diagnostics,
            outcomes: Vec::new(),
            competencies: Vec::new(),
            lenses: Vec::new(),
            outcome_names: Names::default(),
            competency_names: Names::default(),
            lens_names: Names::default(),
            imports_failed: false,
            plan_numbers: Vec::new(),
        }
    }

    /// Notes a session number that dates are computed from, for the program check's bounds.
    fn plan_session(&mut self, number: ast::Number) {
        // `sessions 3` and `length 5 sessions` are ranges whose ends are the same text.
        if self
            .plan_numbers
            .last()
            .is_some_and(|n| n.span == number.span)
        {
            return;
        }
        self.plan_numbers.push(model::PlanNumber {
            value: number.value,
            unit: model::PlanUnit::Session,
            span: number.span,
        });
    }

    /// Notes a duration that dates are computed from, for the program check's bounds.
    fn plan_duration(&mut self, duration: &ast::Duration) {
        self.plan_numbers.push(model::PlanNumber {
            value: duration.amount.value,
            unit: match duration.unit {
                ast::TimeUnit::Day => model::PlanUnit::Day,
                ast::TimeUnit::Week => model::PlanUnit::Week,
            },
            span: duration.amount.span,
        });
    }

    pub(super) fn add_library_items(&mut self, items: &[ast::ProgramItem], imported: bool) {
        for item in items {
            self.add_shared_item(item, imported);
        }
    }

    /// Outcomes, competencies and lenses: the items a library may share. Returns false for
    /// any other item.
    fn add_shared_item(&mut self, item: &ast::ProgramItem, imported: bool) -> bool {
        match &item.kind {
            ast::ProgramItemKind::Outcome(outcome) => {
                if self
                    .outcome_names
                    .declare("outcome", &outcome.id, self.diagnostics)
                {
                    self.outcomes.push(model::Outcome {
                        id: outcome.id.name.clone(),
                        label: outcome.label.value.clone(),
                        failed: outcome.failed,
                        span: item.span,
                    });
                }
            }
            ast::ProgramItemKind::Competency(competency) => {
                if self
                    .competency_names
                    .declare("competency", &competency.id, self.diagnostics)
                {
                    self.competencies.push(model::Competency {
                        id: competency.id.name.clone(),
                        label: competency.label.value.clone(),
                        docs: texts(&competency.docs),
                        span: competency.id.span,
                        imported,
                    });
                }
            }
            ast::ProgramItemKind::Lens(lens) => {
                if self.lens_names.declare("lens", &lens.id, self.diagnostics) {
                    let lens = self.lens(lens, imported);
                    self.lenses.push(lens);
                }
            }
            // A library's own `doc` describes the library, not the programs importing it.
            ast::ProgramItemKind::Doc(_) => {}
            _ => return false,
        }
        true
    }

    fn lens(&mut self, lens: &ast::Lens, imported: bool) -> model::Lens {
        let mut fields = Names::default();
        let sections = lens
            .sections
            .iter()
            .map(|section| model::Section {
                title: section.title.value.clone(),
                span: section.span,
                fields: section
                    .fields
                    .iter()
                    .filter(|field| {
                        let once = fields.declare(
                            &format!("field of lens `{}`", lens.id.name),
                            &field.id,
                            self.diagnostics,
                        );
                        if once {
                            let whose = format!("lens `{}`", lens.id.name);
                            plan::labelled(self.diagnostics, &whose, &field.id, &field.label);
                        }
                        once
                    })
                    .map(|field| model::Field {
                        id: field.id.name.clone(),
                        label: field.label.value.clone(),
                        optional: field.optional,
                        span: field.span,
                    })
                    .collect(),
            })
            .collect();
        // `filled by` once per lens: a second one is `P003` and left out.
        let mut settings = super::duplicates::Settings::default();
        let kept: Vec<ast::FilledBy> = lens
            .filled_by
            .iter()
            .filter(|(_, span)| settings.first("filled by", *span, self.diagnostics))
            .map(|(who, _)| *who)
            .collect();
        let filled_by = kept.first().copied();
        model::Lens {
            id: lens.id.name.clone(),
            label: lens.label.value.clone(),
            docs: texts(&lens.docs),
            filled_by,
            sections,
            span: lens.id.span,
            imported,
        }
    }

    fn unknown(&mut self, kind: &str, id: &ast::Ident, names: &Names) {
        let mut help = unknown_id_help(kind, &id.name, names.ids());
        // Only lenses, competencies and outcomes can come from a library.
        let from_a_library = matches!(kind, "lens" | "competency" | "outcome");
        if self.imports_failed && from_a_library && !help.starts_with("did you mean") {
            help = format!("it may be declared in the import that could not be loaded; {help}");
        }
        self.diagnostics.push(
            Diagnostic::new(
                &rules::UNKNOWN_REFERENCE,
                format!("unknown {kind} `{}`", id.name),
                Label::new(id.span, format!("no {kind} has this id")),
            )
            .with_help(help),
        );
    }

    /// Keeps the ids of `list` that name a lens, reporting the others.
    fn lens_refs(&mut self, list: &[ast::Ident]) -> Vec<String> {
        let mut kept = Vec::new();
        for id in list {
            if self.lens_names.contains(&id.name) {
                kept.push(id.name.clone());
            } else {
                let names = std::mem::take(&mut self.lens_names);
                self.unknown("lens", id, &names);
                self.lens_names = names;
            }
        }
        kept
    }

    /// Builds the program in passes whose order is the order of the diagnostics: shared items
    /// first, so references resolve whatever the order in the file; then the settings, in file
    /// order; then phases, milestones and tracks, the last needing the program's milestones.
    pub(super) fn build(mut self, program: &ast::Program, source: SourceId) -> Program {
        let mut model = empty_program(program, source);
        for item in &program.items {
            self.add_shared_item(item, false);
        }
        let blocks = self.settings_and_blocks(&program.items, &mut model);
        model.phases = self.phases(&blocks.phases);
        let (milestones, milestone_names) = self.program_milestones(&blocks.milestones);
        model.milestones = milestones;
        model.tracks = self.tracks(&blocks.tracks, &milestone_names);
        if let Some((items, span)) = blocks.matching {
            model.matching = Some(self.matching(items, span, &model));
        }
        model.outcomes = self.outcomes;
        model.competencies = self.competencies;
        model.lenses = self.lenses;
        model.plan_numbers = self.plan_numbers;
        model
    }

    /// Sets the program's settings, each at most once, and declares its phase ids, all in file
    /// order so their `P001`/`P003` reports come in the order of the text. Phases, milestones
    /// and tracks are set aside in `Blocks`, built by the passes after this one.
    fn settings_and_blocks<'p>(
        &mut self,
        items: &'p [ast::ProgramItem],
        model: &mut Program,
    ) -> Blocks<'p> {
        let mut blocks = Blocks::default();
        let mut settings = Settings::default();
        let mut phase_names = Names::default();
        for item in items {
            use ast::ProgramItemKind as K;
            let keyword = item.kind.keyword();
            match &item.kind {
                K::Version(text) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.version = Some(text.value.clone());
                    }
                }
                K::Audience(text) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.audience = Some(text.value.clone());
                    }
                }
                K::Purpose(text) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.purpose = Some(text.value.clone());
                    }
                }
                K::Doc(text) => model.docs.push(text.value.clone()),
                K::Mentorship(m) => {
                    let list = if m.negated {
                        &mut model.mentorship_is_not
                    } else {
                        &mut model.mentorship_is
                    };
                    list.extend(m.lines.iter().map(|t| t.value.clone()));
                }
                K::Length(length) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.length = Some(self.length(length, item.span));
                    }
                }
                K::Cadence(parts) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.cadence = Some(self.cadence(parts, item.span));
                    }
                }
                K::Session(bounds) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.session_minutes = Some(self.session_minutes(bounds, item.span));
                    }
                }
                K::Outcome(_) | K::Competency(_) | K::Lens(_) => {}
                K::Phase(phase) => {
                    if phase_names.declare("phase", &phase.id, self.diagnostics) {
                        blocks.phases.push((phase, item.span));
                    }
                }
                K::Milestone(milestone) => blocks.milestones.push((milestone, item.span)),
                K::Review(review) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.review = Some(self.review(review, item.span));
                    }
                }
                K::Commitment(commitment) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.commitment = Some(Self::commitment(commitment, item.span));
                    }
                }
                K::Agreement(agreement) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.agreement = Some(self.agreement(agreement, item.span));
                    }
                }
                K::FirstSession(within) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        self.plan_duration(within);
                        model.first_session = Some(model::FirstSession {
                            within_days: within.days(),
                            span: item.span,
                        });
                    }
                }
                K::MissedSessions(at_most) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        model.missed_sessions = Some(model::MissedSessions {
                            at_most: at_most.value,
                            span: item.span,
                        });
                    }
                }
                K::LogWithin(grace) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        self.plan_duration(grace);
                        model.log_within = Some(model::LogWithin {
                            days: grace.days(),
                            span: item.span,
                        });
                    }
                }
                K::Track(track) => blocks.tracks.push(track),
                K::Matching(items) => {
                    if settings.first(keyword, item.span, self.diagnostics) {
                        blocks.matching = Some((items, item.span));
                    }
                }
                K::Severity(decl) => self.severity(decl, item.span, &mut model.severity_overrides),
            }
        }
        blocks
    }

    /// Builds the phases whose id was declared once, sorted by their sessions so later checks
    /// (overlaps, gaps) can walk them in order.
    fn phases(&mut self, phases: &[(&ast::Phase, Span)]) -> Vec<model::Phase> {
        let mut built: Vec<model::Phase> = phases
            .iter()
            .map(|&(phase, span)| self.phase(phase, span))
            .collect();
        built.sort_by_key(|p| (p.first_session, p.last_session));
        self.carry_new_problems(&mut built);
        built
    }

    /// Builds the program's own milestones, refusing a `replaces` (only a track's milestone
    /// may replace one), and returns their ids too: tracks drop and replace by them.
    fn program_milestones(
        &mut self,
        milestones: &[(&ast::Milestone, Span)],
    ) -> (Vec<model::Milestone>, Names) {
        let mut built = Vec::new();
        let mut milestone_names = Names::default();
        for &(milestone, span) in milestones {
            if let Some(replaces) = &milestone.replaces {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::MISPLACED_ITEM,
                        "`replaces` is only allowed on a milestone inside a `track`",
                        Label::new(replaces.span, "outside any track"),
                    )
                    .with_help("move this milestone into the track that replaces the other one"),
                );
            }
            if milestone_names.declare("milestone", &milestone.id, self.diagnostics) {
                let m = self.milestone(milestone, span);
                built.push(m);
            }
        }
        (built, milestone_names)
    }

    /// Builds the tracks, last, because each changes the program milestones named in
    /// `program_milestones`.
    fn tracks(&mut self, tracks: &[&ast::Track], program_milestones: &Names) -> Vec<model::Track> {
        let mut built = Vec::new();
        let mut track_names = Names::default();
        for &track in tracks {
            if track_names.declare("track", &track.id, self.diagnostics) {
                let t = self.track(
                    track,
                    track.id.span.to(track.label.span),
                    program_milestones,
                );
                built.push(t);
            }
        }
        built
    }

    /// Notes its session numbers and duration, in the order written, for the plan's bounds.
    fn length(&mut self, length: &ast::Length, span: Span) -> model::Length {
        self.plan_session(length.sessions.first);
        self.plan_session(length.sessions.last);
        if let Some(within) = &length.within {
            self.plan_duration(within);
        }
        model::Length {
            min_sessions: length.sessions.first.value,
            max_sessions: length.sessions.last.value,
            within_days: length.within.map(|d| d.days()),
            span,
        }
    }

    /// Needs nothing resolved, nor any plan number: the minutes are the amount times its unit.
    fn commitment(commitment: &ast::Commitment, span: Span) -> model::Commitment {
        model::Commitment {
            minutes: commitment
                .amount
                .value
                .saturating_mul(commitment.unit_minutes),
            per: if commitment.per_month {
                model::Period::Month
            } else {
                model::Period::Week
            },
            span,
        }
    }

    fn cadence(&mut self, parts: &[ast::Item<ast::CadencePart>], span: Span) -> model::Cadence {
        let mut cadence = model::Cadence {
            every_days: None,
            min_gap: None,
            max_gap: None,
            span,
        };
        let mut seen = Settings::default();
        for part in parts {
            let (name, duration) = match &part.kind {
                ast::CadencePart::Every(d) => ("every", d),
                ast::CadencePart::GapAtLeast(d) => ("gap at least", d),
                ast::CadencePart::GapAtMost(d) => ("gap at most", d),
            };
            if !seen.first(name, part.span, self.diagnostics) {
                continue;
            }
            self.plan_duration(duration);
            let bound = model::Bound {
                value: duration.days(),
                span: part.span,
            };
            match &part.kind {
                ast::CadencePart::Every(_) => cadence.every_days = Some(bound.value),
                ast::CadencePart::GapAtLeast(_) => cadence.min_gap = Some(bound),
                ast::CadencePart::GapAtMost(_) => cadence.max_gap = Some(bound),
            }
        }
        cadence
    }

    fn session_minutes(
        &mut self,
        bounds: &[ast::Item<ast::MinutesBound>],
        span: Span,
    ) -> model::SessionMinutes {
        let mut minutes = model::SessionMinutes {
            at_least: None,
            at_most: None,
            span,
        };
        let mut seen = Settings::default();
        for bound in bounds {
            let name = if bound.kind.at_least {
                "at least"
            } else {
                "at most"
            };
            if !seen.first(name, bound.span, self.diagnostics) {
                continue;
            }
            let value = Some(model::Bound {
                value: bound.kind.minutes.value,
                span: bound.span,
            });
            if bound.kind.at_least {
                minutes.at_least = value;
            } else {
                minutes.at_most = value;
            }
        }
        minutes
    }

    fn severity(
        &mut self,
        decl: &ast::SeverityDecl,
        span: Span,
        overrides: &mut BTreeMap<&'static str, model::SeverityOverride>,
    ) {
        let Some(rule) = rules::find(&decl.rule.name) else {
            let names = rules::all().flat_map(|r| [r.code, r.name]);
            let help = match did_you_mean(&decl.rule.name, names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "run `mentor rules` for every code and name".to_owned(),
            };
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::UNKNOWN_REFERENCE,
                    format!("unknown rule `{}`", decl.rule.name),
                    Label::new(decl.rule.span, "no rule has this code or name"),
                )
                .with_help(help),
            );
            return;
        };
        if !rule.is_overridable() {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::UNKNOWN_REFERENCE,
                    format!("the severity of `{}` cannot be changed", rule.code),
                    Label::new(decl.rule.span, "file and syntax errors always stop a check"),
                )
                .with_help("only `P` and `L` rules can be relaxed or raised"),
            );
            return;
        }
        if let Some(first) = overrides.get(rule.code) {
            self.diagnostics.push(
                Diagnostic::new(
                    &rules::DUPLICATE_SETTING,
                    format!("the severity of `{}` is already set", rule.code),
                    Label::new(span, "set again here"),
                )
                .with_label(Label::new(first.span, "first set here")),
            );
            return;
        }
        let severity = match decl.level {
            ast::SeverityLevel::Error => Some(Severity::Error),
            ast::SeverityLevel::Warning => Some(Severity::Warning),
            ast::SeverityLevel::Advice => Some(Severity::Advice),
            ast::SeverityLevel::Off => None,
        };
        overrides.insert(rule.code, model::SeverityOverride { severity, span });
    }

    fn phase(&mut self, phase: &ast::Phase, span: Span) -> model::Phase {
        self.plan_session(phase.sessions.first);
        self.plan_session(phase.sessions.last);
        let mut out = model::Phase {
            id: phase.id.name.clone(),
            label: phase.label.value.clone(),
            first_session: phase.sessions.first.value,
            last_session: phase.sessions.last.value,
            range_span: phase.sessions.span,
            span,
            goals: Vec::new(),
            bring: Vec::new(),
            not_expected: Vec::new(),
            notes: Vec::new(),
            docs: Vec::new(),
            lens_rule: model::LensRule::Unrestricted,
            lens_rule_span: phase.id.span.to(phase.sessions.span),
            new_problems: None,
            progression: None,
        };
        let mut settings = Settings::default();
        for item in &phase.items {
            use ast::PhaseItemKind as K;
            match &item.kind {
                K::Goal(t) => out.goals.push(t.value.clone()),
                K::Bring(t) => out.bring.push(t.value.clone()),
                K::NotExpected(t) => out.not_expected.push(t.value.clone()),
                K::Note(t) => out.notes.push(t.value.clone()),
                K::Doc(t) => out.docs.push(t.value.clone()),
                K::Lenses(rule) => {
                    if settings.first("lenses", item.span, self.diagnostics) {
                        out.lens_rule = self.lens_rule(rule);
                        out.lens_rule_span = item.span;
                    }
                }
                K::NewProblems { allowed, onward } => {
                    if settings.first("new-problems", item.span, self.diagnostics) {
                        out.new_problems = Some(model::NewProblems {
                            allowed: *allowed,
                            span: item.span,
                            onward: *onward,
                            stated_in: out.id.clone(),
                        });
                    }
                }
                K::Progression(list) => {
                    if settings.first("progression", item.span, self.diagnostics) {
                        out.progression = Some(model::Progression {
                            lenses: self.lens_refs(list),
                            span: item.span,
                        });
                    }
                }
            }
        }
        out
    }

    fn lens_rule(&mut self, rule: &ast::LensRule) -> model::LensRule {
        if let ast::LensRule::AnyOf(list) | ast::LensRule::Count { of: list, .. } = rule {
            self.listed_once(list);
        }
        match rule {
            ast::LensRule::None => model::LensRule::None,
            ast::LensRule::Any => model::LensRule::Unrestricted,
            ast::LensRule::AnyOf(list) => model::LensRule::Choose {
                count: model::CountRule::AtLeast(0),
                of: self.lens_refs(list),
            },
            ast::LensRule::Count { kind, count, of } => model::LensRule::Choose {
                count: match kind {
                    ast::CountKind::Exactly => model::CountRule::Exactly(count.value),
                    ast::CountKind::AtLeast => model::CountRule::AtLeast(count.value),
                    ast::CountKind::AtMost => model::CountRule::AtMost(count.value),
                },
                of: self.lens_refs(of),
            },
        }
    }

    /// `P003` for an id listed twice in one list (`lenses exactly 2 of a, a, b`).
    fn listed_once(&mut self, list: &[ast::Ident]) {
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for id in list {
            if let Some(&first) = seen.get(id.name.as_str()) {
                self.diagnostics.push(
                    Diagnostic::new(
                        &rules::DUPLICATE_SETTING,
                        format!("`{}` is listed twice", id.name),
                        Label::new(id.span, "listed again here"),
                    )
                    .with_label(Label::new(first, "first listed here"))
                    .with_help("list each id once; was another one meant?"),
                );
            } else {
                seen.insert(&id.name, id.span);
            }
        }
    }

    fn milestone(&mut self, milestone: &ast::Milestone, span: Span) -> model::Milestone {
        let mut out = model::Milestone {
            id: milestone.id.name.clone(),
            id_span: milestone.id.span,
            label: milestone.label.value.clone(),
            competency: None,
            due: None,
            due_span: None,
            evidence: None,
            evidence_span: None,
            docs: Vec::new(),
            span,
        };
        let mut settings = Settings::default();
        for item in &milestone.items {
            use ast::MilestoneItemKind as K;
            match &item.kind {
                K::Competency(id) => {
                    if !settings.first("competency", item.span, self.diagnostics) {
                        continue;
                    }
                    if self.competency_names.contains(&id.name) {
                        out.competency = Some(id.name.clone());
                    } else {
                        let names = std::mem::take(&mut self.competency_names);
                        self.unknown("competency", id, &names);
                        self.competency_names = names;
                    }
                }
                K::Due(due) => {
                    if !settings.first("due", item.span, self.diagnostics) {
                        continue;
                    }
                    out.due_span = Some(item.span);
                    match due {
                        ast::Due::BySession(n) => self.plan_session(*n),
                        ast::Due::ByWeek(n) => self.plan_duration(&ast::Duration {
                            amount: *n,
                            unit: ast::TimeUnit::Week,
                            span: n.span,
                        }),
                        ast::Due::ByDate { .. } => {}
                    }
                    out.due = match due {
                        ast::Due::BySession(n) => Some(model::Deadline::BySession(n.value)),
                        ast::Due::ByWeek(n) => Some(model::Deadline::ByWeek(n.value)),
                        ast::Due::ByDate { text, span } => {
                            match text.parse::<jiff::civil::Date>() {
                                Ok(date) => Some(model::Deadline::ByDate(date)),
                                Err(_) => {
                                    self.diagnostics.push(
                                        Diagnostic::new(
                                            &rules::INVALID_DATE,
                                            format!("`{text}` is not a date in the calendar"),
                                            Label::new(*span, "no such day"),
                                        )
                                        .with_help("dates are written YYYY-MM-DD, e.g. 2025-06-30"),
                                    );
                                    None
                                }
                            }
                        }
                    };
                }
                K::Evidence(evidence) => {
                    if !settings.first("evidence", item.span, self.diagnostics) {
                        continue;
                    }
                    out.evidence_span = Some(item.span);
                    out.evidence = match evidence {
                        ast::Evidence::Review => Some(model::Evidence::Review),
                        ast::Evidence::Lens(id) => self
                            .lens_refs(std::slice::from_ref(id))
                            .pop()
                            .map(model::Evidence::Lens),
                    };
                }
                K::Doc(t) => out.docs.push(t.value.clone()),
            }
        }
        out
    }

    fn track(
        &mut self,
        track: &ast::Track,
        span: Span,
        program_milestones: &Names,
    ) -> model::Track {
        let mut out = model::Track {
            id: track.id.name.clone(),
            label: track.label.value.clone(),
            docs: Vec::new(),
            milestones: Vec::new(),
            drops: Vec::new(),
            span,
        };
        let mut own_names = Names::default();
        // Program milestones this track already drops or replaces, and where.
        let mut changed: HashMap<String, Span> = HashMap::new();
        let mut change_once = |id: &str, span: Span, diagnostics: &mut Diagnostics| {
            if let Some(first) = changed.get(id) {
                diagnostics.push(
                    Diagnostic::new(
                        &rules::CONFLICTING_TRACK_CHANGE,
                        format!("track `{}` changes milestone `{id}` twice", track.id.name),
                        Label::new(span, "second change"),
                    )
                    .with_label(Label::new(*first, "first change"))
                    .with_help("drop it or replace it once"),
                );
                false
            } else {
                changed.insert(id.to_owned(), span);
                true
            }
        };
        for item in &track.items {
            match &item.kind {
                ast::TrackItemKind::Doc(t) => out.docs.push(t.value.clone()),
                ast::TrackItemKind::Drop(id) => {
                    if program_milestones.contains(&id.name) {
                        if change_once(&id.name, id.span, self.diagnostics) {
                            out.drops.push((id.name.clone(), id.span));
                        }
                    } else {
                        self.unknown("milestone", id, program_milestones);
                    }
                }
                ast::TrackItemKind::Milestone(milestone) => {
                    let replaces = match &milestone.replaces {
                        Some(id) if program_milestones.contains(&id.name) => {
                            change_once(&id.name, id.span, self.diagnostics)
                                .then(|| (id.name.clone(), id.span))
                        }
                        Some(id) => {
                            self.unknown("milestone", id, program_milestones);
                            None
                        }
                        None => None,
                    };
                    let replaces_itself = replaces
                        .as_ref()
                        .is_some_and(|(r, _)| *r == milestone.id.name);
                    if !replaces_itself && program_milestones.contains(&milestone.id.name) {
                        let first = program_milestones.spans.get(&milestone.id.name).copied();
                        let mut diagnostic = Diagnostic::new(
                            &rules::DUPLICATE_ID,
                            format!("`{}` is already a milestone of the program", milestone.id.name),
                            Label::new(milestone.id.span, "same id as a program milestone"),
                        )
                        .with_help(format!(
                            "to change it for this track, write `milestone {0} \"…\" replaces {0} {{ … }}`",
                            milestone.id.name
                        ));
                        if let Some(first) = first {
                            diagnostic =
                                diagnostic.with_label(Label::new(first, "program milestone"));
                        }
                        self.diagnostics.push(diagnostic);
                        continue;
                    }
                    if own_names.declare("milestone of this track", &milestone.id, self.diagnostics)
                    {
                        let m = self.milestone(milestone, item.span);
                        out.milestones.push(model::TrackMilestone {
                            milestone: m,
                            replaces,
                        });
                    }
                }
            }
        }
        out
    }
}

fn texts(texts: &[ast::Text]) -> Vec<String> {
    texts.iter().map(|t| t.value.clone()).collect()
}

/// The program with its header and every setting unset, for the passes of `Builder::build` to
/// fill.
fn empty_program(program: &ast::Program, source: SourceId) -> Program {
    Program {
        id: program.id.name.clone(),
        title: program.title.value.clone(),
        span: program.id.span.to(program.title.span),
        source,
        version: None,
        audience: None,
        purpose: None,
        docs: Vec::new(),
        mentorship_is: Vec::new(),
        mentorship_is_not: Vec::new(),
        length: None,
        cadence: None,
        session_minutes: None,
        outcomes: Vec::new(),
        competencies: Vec::new(),
        lenses: Vec::new(),
        phases: Vec::new(),
        milestones: Vec::new(),
        review: None,
        commitment: None,
        agreement: None,
        first_session: None,
        missed_sessions: None,
        log_within: None,
        tracks: Vec::new(),
        matching: None,
        severity_overrides: BTreeMap::new(),
        plan_numbers: Vec::new(),
    }
}

/// The program's blocks, set aside by `Builder::settings_and_blocks` in file order to be built
/// after the settings.
#[derive(Default)]
struct Blocks<'p> {
    /// Only phases whose id was declared once, with the span of the whole item.
    phases: Vec<(&'p ast::Phase, Span)>,
    milestones: Vec<(&'p ast::Milestone, Span)>,
    tracks: Vec<&'p ast::Track>,
    /// The first `matching` block.
    matching: Option<(&'p [ast::Item<ast::MatchingItemKind>], Span)>,
}
