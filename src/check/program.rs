//! Program checks: the rules that make a program impossible or contradictory before any cohort
//! starts (`P004`–`P015`, `P019`, `P020`, `P023`, `P024`). Names were resolved earlier (`resolve`); these checks
//! read the model only.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::model::{
    Deadline, Evidence, LensRule, Milestone, Period, Phase, PlanNumber, PlanUnit, Program,
};
use crate::resolve::Loaded;
use crate::rules;
use crate::words;

/// The program checks for what `resolve` loaded; `first_new` is the index of the first
/// diagnostic the load pushed. Returns the program, if the file held one.
///
/// The checks are skipped when the file has syntax errors: items that could not be read are
/// missing from the model, and checking what is left would report false gaps and overlaps.
/// `mentor check` and the language server both come through here, so they always agree.
pub fn check_loaded(
    loaded: Loaded,
    first_new: usize,
    diagnostics: &mut Diagnostics,
) -> Option<Program> {
    let Loaded::Program(program) = loaded else {
        return None;
    };
    let new = || diagnostics.rules_since(first_new);
    if !new().any(|rule| rule.code.starts_with('S')) {
        let references_resolved =
            !new().any(|rule| rule == &rules::UNKNOWN_REFERENCE || rule == &rules::DUPLICATE_ID);
        check_program(&program, references_resolved, diagnostics);
    }
    Some(*program)
}

/// Runs every program check, honouring the program's `severity` lines.
///
/// `references_resolved` says whether resolution found every id and no duplicate. When it did
/// not, the model lacks what was misspelled or dropped, and the checks that look for something
/// absent (a phase covering a session, a lens ever allowed, evidence that can be produced, a
/// milestone for a competency) are skipped: the cause is already reported, and a "gap" that is
/// only a dropped duplicate phase would be noise.
pub fn check_program(program: &Program, references_resolved: bool, diagnostics: &mut Diagnostics) {
    let mut found = Diagnostics::new();
    check_plan_numbers(program, &mut found);
    check_phases(program, references_resolved, &mut found);
    check_length(program, &mut found);
    check_cadence(program, &mut found);
    check_session_minutes(program, &mut found);
    check_commitment(program, &mut found);
    let availability = LensAvailability::new(program);
    // Once, not per milestone: it scans every phase, and a generated program has 100,000 of
    // each (a scan per milestone made `check` quadratic).
    let last_session = program.last_session();
    for milestone in program.all_milestones() {
        check_deadline(program, last_session, milestone, &mut found);
        check_milestone_is_measurable(milestone, &mut found);
        if references_resolved {
            check_evidence(milestone, &availability, &mut found);
        }
    }
    if references_resolved {
        check_lenses_allowed(program, &availability, &mut found);
    }
    check_lens_rules(program, &mut found);
    check_session_references(program, &mut found);
    if references_resolved {
        check_competencies(program, &mut found);
    }
    for diagnostic in found {
        diagnostics.push_with(program, diagnostic);
    }
}

/// `P025`: every session number and duration that dates are computed from stays within bounds
/// no real program reaches, so the date arithmetic downstream never leaves jiff's range by
/// way of one absurd number (it is checked arithmetic as well, for programs that turn the
/// rule off).
fn check_plan_numbers(program: &Program, found: &mut Diagnostics) {
    for number in program.plan_numbers.iter().filter(|n| !n.in_range()) {
        let (message, label) = match number.unit {
            PlanUnit::Session => (
                format!(
                    "session {} is beyond any program: session numbers go up to {}",
                    number.value,
                    PlanNumber::MAX_SESSION
                ),
                format!("at most {}", PlanNumber::MAX_SESSION),
            ),
            PlanUnit::Day | PlanUnit::Week => {
                let (unit, most) = if number.unit == PlanUnit::Day {
                    ("days", PlanNumber::MAX_DAYS)
                } else {
                    ("weeks", PlanNumber::MAX_DAYS / 7)
                };
                (
                    format!(
                        "{} {unit} is longer than any program: durations go up to {} days ({} weeks)",
                        number.value,
                        PlanNumber::MAX_DAYS,
                        PlanNumber::MAX_DAYS / 7
                    ),
                    format!("at most {most}"),
                )
            }
        };
        found.push(
            Diagnostic::new(
                &rules::NUMBER_TOO_LARGE,
                message,
                Label::new(number.span, label),
            )
            .with_help("dates are computed from this number; write the number that was meant"),
        );
    }
}

/// "session 3 belongs" / "sessions 3..4 belong".
fn belong_text(first: u32, last: u32) -> String {
    let verb = if first == last { "belongs" } else { "belong" };
    format!("{} {verb}", words::session_range(first, last))
}

fn check_phases(program: &Program, check_coverage: bool, found: &mut Diagnostics) {
    if program.phases.is_empty() {
        found.push(
            Diagnostic::new(
                &rules::MISSING_PROGRAM,
                format!("program `{}` has no phase", program.id),
                Label::new(program.span, "no phase in this program"),
            )
            .with_help("add at least one `phase id \"Title\" sessions 1..N { … }`"),
        );
        return;
    }
    let mut valid: Vec<&Phase> = Vec::new();
    for phase in &program.phases {
        if phase.first_session == 0 {
            found.push(
                Diagnostic::new(
                    &rules::EMPTY_RANGE,
                    format!("phase `{}` starts at session 0", phase.id),
                    Label::new(phase.range_span, "sessions are numbered from 1"),
                )
                .with_help(format!("write `sessions 1..{}`", phase.last_session.max(1))),
            );
        } else if phase.first_session > phase.last_session {
            found.push(
                Diagnostic::new(
                    &rules::EMPTY_RANGE,
                    format!(
                        "phase `{}` has no sessions: {} comes after {}",
                        phase.id, phase.first_session, phase.last_session
                    ),
                    Label::new(phase.range_span, "empty range"),
                )
                .with_help(format!(
                    "did you mean `sessions {}..{}`?",
                    phase.last_session, phase.first_session
                )),
            );
        } else {
            valid.push(phase);
        }
    }
    let Some(first) = valid.first() else {
        return;
    };
    // A phase with an empty range is reported above; the sessions it was meant to cover would
    // otherwise show up again as "not starting at 1" or as a gap.
    let check_coverage = check_coverage && valid.len() == program.phases.len();
    if check_coverage && first.first_session != 1 {
        found.push(
            Diagnostic::new(
                &rules::PHASE_NOT_STARTING_AT_ONE,
                format!(
                    "the first phase, `{}`, starts at session {}",
                    first.id, first.first_session
                ),
                Label::new(
                    first.range_span,
                    format!(
                        "{} belong to no phase",
                        words::session_range(1, first.first_session - 1)
                    ),
                ),
            )
            .with_help("held sessions are numbered from 1; start the first phase there"),
        );
    }
    // Phases are sorted by first session, so only neighbours can overlap or leave a gap first;
    // `reach` tracks the furthest session covered so far for phases nested inside others.
    let mut reach: &Phase = first;
    for phase in valid.iter().skip(1) {
        if phase.first_session <= reach.last_session {
            let shared_last = phase.last_session.min(reach.last_session);
            found.push(
                Diagnostic::new(
                    &rules::PHASE_OVERLAP,
                    format!(
                        "phase `{}` ({}) overlaps phase `{}` ({})",
                        phase.id,
                        words::session_range(phase.first_session, phase.last_session),
                        reach.id,
                        words::session_range(reach.first_session, reach.last_session)
                    ),
                    Label::new(
                        phase.range_span,
                        format!(
                            "{} also in `{}`",
                            words::session_range(phase.first_session, shared_last),
                            reach.id
                        ),
                    ),
                )
                .with_label(Label::new(
                    reach.range_span,
                    format!("`{}` is here", reach.id),
                ))
                .with_help(format!(
                    "start `{}` at session {}",
                    phase.id,
                    reach.last_session.saturating_add(1)
                )),
            );
        } else if check_coverage && phase.first_session > reach.last_session.saturating_add(1) {
            found.push(
                Diagnostic::new(
                    &rules::PHASE_GAP,
                    format!(
                        "{} to no phase: `{}` ends at session {} and `{}` starts at session {}",
                        belong_text(
                            reach.last_session.saturating_add(1),
                            phase.first_session - 1
                        ),
                        reach.id,
                        reach.last_session,
                        phase.id,
                        phase.first_session
                    ),
                    Label::new(phase.range_span, "the gap ends here"),
                )
                .with_label(Label::new(
                    reach.range_span,
                    "the gap starts after this phase",
                ))
                .with_help(format!(
                    "start `{}` at session {}, or add a phase for the missing sessions",
                    phase.id,
                    reach.last_session.saturating_add(1)
                )),
            );
        }
        if phase.last_session > reach.last_session {
            reach = phase;
        }
    }
    if let Some(length) = &program.length
        && check_coverage
        && length.max_sessions > reach.last_session
        && length.min_sessions <= length.max_sessions
    {
        found.push(
            Diagnostic::new(
                &rules::PHASE_GAP,
                format!(
                    "{} to no phase: the program has up to {} sessions but the last phase, `{}`, ends at session {}",
                    belong_text(reach.last_session.saturating_add(1), length.max_sessions),
                    length.max_sessions,
                    reach.id,
                    reach.last_session
                ),
                Label::new(reach.range_span, "the last phase ends here"),
            )
            .with_label(Label::new(length.span, "the program's length"))
            .with_help(format!(
                "extend `{}` to session {}, or shorten the program",
                reach.id, length.max_sessions
            )),
        );
    }
}

fn check_length(program: &Program, found: &mut Diagnostics) {
    let Some(length) = &program.length else {
        return;
    };
    if length.min_sessions == 0 || length.min_sessions > length.max_sessions {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            if length.min_sessions == 0 {
                "the program's length is zero sessions".to_owned()
            } else {
                format!(
                    "the program's length `{}..{}` is empty: {} comes after {}",
                    length.min_sessions,
                    length.max_sessions,
                    length.min_sessions,
                    length.max_sessions
                )
            },
            Label::new(length.span, "no number of sessions satisfies this"),
        ));
        return;
    }
    if length.within_days == Some(0) {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "the program lasts zero days",
            Label::new(length.span, "`within` must be at least 1 day"),
        ));
        return;
    }
    let phases_end = program
        .phases
        .iter()
        .map(|p| p.last_session)
        .max()
        .unwrap_or(0);
    if phases_end > length.max_sessions
        && let Some(last) = program.phases.iter().find(|p| p.last_session == phases_end)
    {
        found.push(
            Diagnostic::new(
                &rules::LENGTH_UNREACHABLE,
                format!(
                    "phase `{}` runs to session {}, but the program has at most {} sessions",
                    last.id, phases_end, length.max_sessions
                ),
                Label::new(last.range_span, format!("ends at session {phases_end}")),
            )
            .with_label(Label::new(length.span, "the program's length"))
            .with_help("make the phases and the length agree"),
        );
    }
    let (Some(within), Some(cadence)) = (length.within_days, &program.cadence) else {
        return;
    };
    let intervals = length.min_sessions.saturating_sub(1);
    if let (Some(min), Some(max)) = (cadence.min_gap, cadence.max_gap)
        && min.value > max.value
    {
        return; // The cadence contradicts itself; that is reported on its own.
    }
    let min_gap = cadence.min_gap.map(|b| (b.value, b.span, "at least"));
    let every = cadence.every_days.map(|d| (d, cadence.span, "every"));
    for (gap, span, how) in [min_gap, every].into_iter().flatten() {
        let needed = intervals.saturating_mul(gap);
        if needed > within {
            found.push(
                Diagnostic::new(
                    &rules::LENGTH_UNREACHABLE,
                    format!(
                        "{} sessions {} {} apart take at least {} days, but the program lasts {} days",
                        length.min_sessions,
                        how,
                        words::days_or_weeks(gap),
                        needed,
                        within
                    ),
                    Label::new(span, format!("{} between sessions", words::days_or_weeks(gap))),
                )
                .with_label(Label::new(length.span, format!("{within} days in all")))
                .with_help("lengthen the program, shorten the gap, or plan fewer sessions"),
            );
            break;
        }
    }
}

fn check_cadence(program: &Program, found: &mut Diagnostics) {
    let Some(cadence) = &program.cadence else {
        return;
    };
    if cadence.every_days == Some(0) || cadence.max_gap.is_some_and(|b| b.value == 0) {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "the cadence has a zero interval",
            Label::new(cadence.span, "intervals must be at least 1 day"),
        ));
        return;
    }
    if let (Some(min), Some(max)) = (cadence.min_gap, cadence.max_gap)
        && min.value > max.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "the minimum gap ({}) exceeds the maximum gap ({})",
                    words::days_or_weeks(min.value),
                    words::days_or_weeks(max.value)
                ),
                Label::new(min.span, "minimum"),
            )
            .with_label(Label::new(max.span, "maximum"))
            .with_help("no two sessions can be both this far and this close apart"),
        );
        return;
    }
    let Some(every) = cadence.every_days else {
        return;
    };
    if let Some(max) = cadence.max_gap
        && every > max.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "sessions every {} break the maximum gap of {}",
                    words::days_or_weeks(every),
                    words::days_or_weeks(max.value)
                ),
                Label::new(max.span, "maximum gap"),
            )
            .with_label(Label::new(cadence.span, "the rhythm"))
            .with_help("the rhythm must lie within the gap limits"),
        );
    }
    if let Some(min) = cadence.min_gap
        && every < min.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "sessions every {} break the minimum gap of {}",
                    words::days_or_weeks(every),
                    words::days_or_weeks(min.value)
                ),
                Label::new(min.span, "minimum gap"),
            )
            .with_label(Label::new(cadence.span, "the rhythm"))
            .with_help("the rhythm must lie within the gap limits"),
        );
    }
}

fn check_session_minutes(program: &Program, found: &mut Diagnostics) {
    let Some(minutes) = &program.session_minutes else {
        return;
    };
    if let Some(most) = minutes.at_most
        && most.value == 0
    {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "sessions may last at most 0 minutes",
            Label::new(most.span, "no session is this short"),
        ));
    }
    if let (Some(least), Some(most)) = (minutes.at_least, minutes.at_most)
        && least.value > most.value
    {
        found.push(
            Diagnostic::new(
                &rules::CADENCE_CONTRADICTION,
                format!(
                    "sessions must last at least {} minutes but at most {}",
                    least.value, most.value
                ),
                Label::new(least.span, "minimum"),
            )
            .with_label(Label::new(most.span, "maximum"))
            .with_help("no session can satisfy both limits"),
        );
    }
}

/// The sessions the cadence plans, at their shortest, must fit in the time commitment.
fn check_commitment(program: &Program, found: &mut Diagnostics) {
    let (Some(commitment), Some(cadence), Some(minutes)) = (
        &program.commitment,
        &program.cadence,
        &program.session_minutes,
    ) else {
        return;
    };
    let Some(least) = minutes.at_least else {
        return;
    };
    // The planned rhythm; without one, the longest gap allowed is the sparsest a pair may meet.
    let (gap, rhythm) = match (cadence.every_days, cadence.max_gap) {
        (Some(every), _) => (every, format!("every {}", words::days_or_weeks(every))),
        (None, Some(max)) => (
            max.value,
            format!("at most {} apart", words::days_or_weeks(max.value)),
        ),
        (None, None) => return,
    };
    if gap == 0 || commitment.minutes == 0 || least.value == 0 {
        return; // zero intervals and commitments are `empty-range`
    }
    let (period, period_days) = match commitment.per {
        Period::Week => ("week", 7.0),
        Period::Month => ("month", 365.25 / 12.0),
    };
    let sessions = period_days / f64::from(gap);
    let needed = f64::from(least.value) * sessions;
    if needed <= f64::from(commitment.minutes) {
        return;
    }
    found.push(
        Diagnostic::new(
            &rules::COMMITMENT_BELOW_SESSIONS,
            format!(
                "sessions {rhythm} of at least {} minutes take about {} minutes per {period}, more than the commitment of {} per {period}",
                least.value,
                needed.round(),
                words::minutes(commitment.minutes)
            ),
            Label::new(commitment.span, "the time each pair commits"),
        )
        .with_label(Label::new(cadence.span, "the cadence"))
        .with_label(Label::new(least.span, "the shortest session"))
        .with_help("raise the commitment, space the sessions out, or shorten them"),
    );
}

/// A milestone is time-bound and states its evidence. What was written counts, even if it
/// could not be read (an impossible date, a misspelled lens): that is reported on its own.
fn check_milestone_is_measurable(milestone: &Milestone, found: &mut Diagnostics) {
    let (message, help) = match (milestone.due_span, milestone.evidence_span) {
        (Some(_), Some(_)) => return,
        (None, None) => (
            format!(
                "milestone `{}` has no deadline and asks for no evidence: it is neither time-bound nor observable",
                milestone.id
            ),
            "add `due by session N` (or `by week N`, `by date YYYY-MM-DD`) and `evidence lens ID` (or `evidence review`)",
        ),
        (None, Some(_)) => (
            format!(
                "milestone `{}` has no deadline: no pair can be late with it",
                milestone.id
            ),
            "add `due by session N`, `due by week N` or `due by date YYYY-MM-DD`",
        ),
        (Some(_), None) => (
            format!(
                "milestone `{}` asks for no evidence: any held session may claim it",
                milestone.id
            ),
            "add `evidence lens ID` (the lens a claiming session uses) or `evidence review`",
        ),
    };
    found.push(
        Diagnostic::new(
            &rules::VAGUE_MILESTONE,
            message,
            Label::new(milestone.id_span, "this milestone"),
        )
        .with_help(help),
    );
}

fn check_deadline(program: &Program, last: u32, milestone: &Milestone, found: &mut Diagnostics) {
    let out_of_range = match milestone.due {
        Some(Deadline::BySession(n)) => n > PlanNumber::MAX_SESSION,
        Some(Deadline::ByWeek(weeks)) => weeks.saturating_mul(7) > PlanNumber::MAX_DAYS,
        _ => false,
    };
    if out_of_range {
        return; // `P025` says what is wrong with the number; "after the program ends" is noise
    }
    let due_span = milestone.due_span.unwrap_or(milestone.span);
    match milestone.due {
        Some(Deadline::BySession(0)) | Some(Deadline::ByWeek(0)) => found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            format!(
                "milestone `{}` is due before the program starts",
                milestone.id
            ),
            Label::new(due_span, "sessions and weeks are counted from 1"),
        )),
        Some(Deadline::BySession(n)) if n > last && last > 0 => found.push(
            Diagnostic::new(
                &rules::SESSION_BEYOND_PROGRAM,
                format!(
                    "milestone `{}` is due by session {n}, but the program ends at session {last}",
                    milestone.id
                ),
                Label::new(due_span, format!("session {n} never happens")),
            )
            .with_optional_help(last_phase_help(program, last)),
        ),
        Some(Deadline::ByWeek(week)) => {
            if let Some(length) = &program.length
                && let Some(within) = length.within_days
                && week.saturating_mul(7) > within
            {
                found.push(
                    Diagnostic::new(
                        &rules::DEADLINE_BEYOND_LENGTH,
                        format!(
                            "milestone `{}` is due by week {week}, but the program lasts {}",
                            milestone.id,
                            words::days_or_weeks(within)
                        ),
                        Label::new(due_span, format!("week {week} is after the program ends")),
                    )
                    .with_label(Label::new(length.span, "the program's length"))
                    .with_help("move the deadline inside the program, or lengthen the program"),
                );
            }
        }
        _ => {}
    }
}

/// The first session at which each lens is allowed, computed once: checking every milestone
/// and lens against every phase is quadratic, and generated programs have thousands of each.
struct LensAvailability<'p> {
    first_session: HashMap<&'p str, u32>,
    /// The first session of a phase without a lens rule (any lens allowed).
    unrestricted_from: Option<u32>,
}

impl<'p> LensAvailability<'p> {
    fn new(program: &'p Program) -> LensAvailability<'p> {
        let mut first_session: HashMap<&str, u32> = HashMap::new();
        let mut unrestricted_from: Option<u32> = None;
        for phase in &program.phases {
            let first = phase.first_session;
            match &phase.lens_rule {
                LensRule::Unrestricted => {
                    unrestricted_from = Some(unrestricted_from.map_or(first, |u| u.min(first)));
                }
                LensRule::None => {}
                // Every lens listed is allowed unless the rule admits none (`allows` per lens
                // would rescan the list for each of its lenses).
                LensRule::Choose { count, of } if count.max() != Some(0) => {
                    for lens in of {
                        let entry = first_session.entry(lens.as_str()).or_insert(first);
                        *entry = (*entry).min(first);
                    }
                }
                LensRule::Choose { .. } => {}
            }
        }
        // A review may fall on any session, and uses its lens whatever the phase allows.
        if let Some(lens) = program.review.as_ref().and_then(|r| r.lens.as_deref()) {
            first_session.insert(lens, 1);
        }
        LensAvailability {
            first_session,
            unrestricted_from,
        }
    }

    /// The first session whose phase allows `lens`, if any does.
    fn first_session(&self, lens: &str) -> Option<u32> {
        let chosen = self.first_session.get(lens).copied();
        match (chosen, self.unrestricted_from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

fn check_evidence(
    milestone: &Milestone,
    availability: &LensAvailability<'_>,
    found: &mut Diagnostics,
) {
    let Some(Evidence::Lens(lens)) = &milestone.evidence else {
        return;
    };
    let evidence_span = milestone.evidence_span.unwrap_or(milestone.span);
    let deadline_session = match milestone.due {
        Some(Deadline::BySession(n)) => n,
        _ => u32::MAX,
    };
    let reachable = availability
        .first_session(lens)
        .is_some_and(|first| first <= deadline_session);
    if reachable {
        return;
    }
    let message = if deadline_session == u32::MAX {
        format!(
            "milestone `{}` needs lens `{lens}`, which no phase allows",
            milestone.id
        )
    } else {
        format!(
            "milestone `{}` needs lens `{lens}` by session {deadline_session}, but no phase allows it that early",
            milestone.id
        )
    };
    let mut diagnostic = Diagnostic::new(
        &rules::EVIDENCE_UNREACHABLE,
        message,
        Label::new(evidence_span, "this evidence cannot be produced in time"),
    )
    .with_help(format!(
        "allow `{lens}` in a phase before the deadline, or move the deadline"
    ));
    if let Some(due) = milestone.due_span {
        diagnostic = diagnostic.with_label(Label::new(due, "the deadline"));
    }
    found.push(diagnostic);
}

fn last_phase_help(program: &Program, last: u32) -> Option<String> {
    program
        .phases
        .iter()
        .find(|p| p.last_session == last)
        .map(|p| {
            format!(
                "the last phase, `{}`, covers {}",
                p.id,
                words::session_range(p.first_session, p.last_session)
            )
        })
}

fn check_lenses_allowed(
    program: &Program,
    availability: &LensAvailability<'_>,
    found: &mut Diagnostics,
) {
    for lens in program.lenses.iter().filter(|l| !l.imported) {
        if !program.phases.is_empty() && availability.first_session(&lens.id).is_none() {
            found.push(
                Diagnostic::new(
                    &rules::LENS_NEVER_ALLOWED,
                    format!("lens `{}` is allowed in no phase", lens.id),
                    Label::new(lens.span, "never usable"),
                )
                .with_help(format!(
                    "name `{}` in a phase's `lenses` line, or remove the lens",
                    lens.id
                )),
            );
        }
    }
}

fn check_lens_rules(program: &Program, found: &mut Diagnostics) {
    for phase in &program.phases {
        if let LensRule::Choose { count, of } = &phase.lens_rule {
            if count.max() == Some(0) && !of.is_empty() {
                found.push(
                    Diagnostic::new(
                        &rules::EMPTY_RANGE,
                        format!(
                            "phase `{}` asks for {} of its lenses: no session may use one",
                            phase.id,
                            count.describe()
                        ),
                        Label::new(phase.lens_rule_span, "allows no lens"),
                    )
                    .with_help("write `lenses none`, or ask for at least 1"),
                );
                check_progression(phase, found);
                continue;
            }
            let mut distinct: Vec<&String> = of.iter().collect();
            distinct.sort();
            distinct.dedup();
            let available = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
            if !of.is_empty() && available < count.min() {
                found.push(
                    Diagnostic::new(
                        &rules::LENS_CHOICE_TOO_SMALL,
                        format!(
                            "phase `{}` asks for {} of {} {}",
                            phase.id,
                            count.describe(),
                            available,
                            if available == 1 { "lens" } else { "lenses" }
                        ),
                        Label::new(phase.lens_rule_span, "not enough lenses to choose from"),
                    )
                    .with_help("list more lenses, or ask for fewer"),
                );
            }
        }
        check_progression(phase, found);
    }
}

fn check_progression(phase: &Phase, found: &mut Diagnostics) {
    let Some(progression) = &phase.progression else {
        return;
    };
    let one_lens_allowed = match &phase.lens_rule {
        LensRule::Unrestricted => true,
        LensRule::None => false,
        LensRule::Choose { count, .. } => count.admits(1),
    };
    if !one_lens_allowed {
        found.push(
            Diagnostic::new(
                &rules::PROGRESSION_LENS_NOT_ALLOWED,
                format!(
                    "phase `{}` has a progression, but its lens rule does not allow one lens per session",
                    phase.id
                ),
                Label::new(progression.span, "one lens per session"),
            )
            .with_label(Label::new(phase.lens_rule_span, "the phase's lens rule"))
            .with_help("a progression needs a rule such as `lenses exactly 1 of …`"),
        );
        return;
    }
    for lens in &progression.lenses {
        if !phase.lens_rule.allows(lens) {
            found.push(
                Diagnostic::new(
                    &rules::PROGRESSION_LENS_NOT_ALLOWED,
                    format!(
                        "the progression of phase `{}` uses lens `{lens}`, which the phase does not allow",
                        phase.id
                    ),
                    Label::new(progression.span, format!("`{lens}` is not allowed here")),
                )
                .with_label(Label::new(phase.lens_rule_span, "the phase's lens rule"))
                .with_help(format!("add `{lens}` to the phase's `lenses` line")),
            );
        }
    }
}

/// `review every N sessions` and `agreement before session N` must fit in the program.
fn check_session_references(program: &Program, found: &mut Diagnostics) {
    let last = program.last_session();
    if let Some(review) = &program.review {
        if review.every_sessions == 0 {
            found.push(Diagnostic::new(
                &rules::EMPTY_RANGE,
                "reviews every 0 sessions",
                Label::new(review.span, "must be at least 1"),
            ));
        } else if last > 0 && review.every_sessions > last {
            found.push(
                Diagnostic::new(
                    &rules::SESSION_BEYOND_PROGRAM,
                    format!(
                        "a review every {} sessions never comes due: the program ends at session {last}",
                        review.every_sessions
                    ),
                    Label::new(review.span, "longer than the program"),
                )
                .with_help(format!("review at least every {last} sessions")),
            );
        }
    }
    if let Some(agreement) = &program.agreement {
        if agreement.before_session == 0 {
            found.push(Diagnostic::new(
                &rules::EMPTY_RANGE,
                "an agreement before session 0 can never be recorded",
                Label::new(agreement.span, "sessions are numbered from 1"),
            ));
        } else if last > 0 && agreement.before_session > last {
            found.push(
                Diagnostic::new(
                    &rules::SESSION_BEYOND_PROGRAM,
                    format!(
                        "the agreement is due before session {}, but the program ends at session {last}",
                        agreement.before_session
                    ),
                    Label::new(agreement.span, format!("session {} never happens", agreement.before_session)),
                )
                .with_optional_help(last_phase_help(program, last)),
            );
        }
    }
    if let Some(commitment) = &program.commitment
        && commitment.minutes == 0
    {
        found.push(Diagnostic::new(
            &rules::EMPTY_RANGE,
            "the time commitment is zero",
            Label::new(commitment.span, "commit at least some time"),
        ));
    }
}

fn check_competencies(program: &Program, found: &mut Diagnostics) {
    check_competencies_measured(program, found);
    check_tracks_keep_competencies(program, found);
}

/// A track must not leave a competency the program measures without a milestone.
fn check_tracks_keep_competencies(program: &Program, found: &mut Diagnostics) {
    let measured_by_program = measured(program.milestones.iter());
    for track in &program.tracks {
        let measured_on_track = measured(program.milestones_for_track(Some(&track.id)));
        for competency in &program.competencies {
            let id = competency.id.as_str();
            if measured_by_program.contains(id) && !measured_on_track.contains(id) {
                found.push(
                    Diagnostic::new(
                        &rules::UNUSED_COMPETENCY,
                        format!(
                            "track `{}` leaves competency `{}` without a milestone",
                            track.id, competency.id
                        ),
                        Label::new(track.span, "no milestone of this track measures it"),
                    )
                    .with_help(format!(
                        "replace the dropped milestone with one for `{}` instead of dropping it",
                        competency.id
                    )),
                );
            }
        }
    }
}

/// The competencies some milestone among `milestones` measures.
fn measured<'p>(milestones: impl IntoIterator<Item = &'p Milestone>) -> HashSet<&'p str> {
    milestones
        .into_iter()
        .filter_map(|m| m.competency.as_deref())
        .collect()
}

fn check_competencies_measured(program: &Program, found: &mut Diagnostics) {
    let measured = measured(program.all_milestones());
    for competency in program.competencies.iter().filter(|c| !c.imported) {
        if !measured.contains(competency.id.as_str()) {
            found.push(
                Diagnostic::new(
                    &rules::UNUSED_COMPETENCY,
                    format!("competency `{}` has no milestone", competency.id),
                    Label::new(competency.span, "never measured"),
                )
                .with_help(format!(
                    "add a milestone with `competency {}`, or remove the competency",
                    competency.id
                )),
            );
        }
    }
}
