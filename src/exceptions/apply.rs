//! Exceptions against a run: entries that name what the programs lack (`C003`) are dropped
//! before the logs are checked ([`Exceptions::resolve`]); once they are, [`apply`] moves the
//! findings a waiver excuses aside, and reports entries that are expired (`C004`) or matched
//! nothing (`C005`).

use jiff::civil::Date;

use super::{Approval, Exceptions, Extension, PairRef, Waiver};
use crate::diagnostic::{Diagnostic, Diagnostics, Label};
use crate::log::looks_like_id;
use crate::model::Program;
use crate::rules::{self, Selection};
use crate::words::{self, quote_id};

/// A log the run read: the program it was checked against and its pair.
#[derive(Debug, Clone, Copy)]
pub struct LogRead<'a> {
    pub program: Option<&'a str>,
    pub pair: &'a str,
}

/// The findings of a run once the waivers are applied.
#[derive(Debug, Default)]
pub struct Applied {
    /// The findings that stand, with the exceptions file's own (`C004`, `C005`).
    pub findings: Diagnostics,
    /// The findings a waiver excused, each with [`Diagnostic::waived`] set, in input order.
    pub waived: Vec<Diagnostic>,
}

impl Exceptions {
    /// Drops (and reports, `C003`) the entries that name a program or milestone the run's
    /// programs do not have: a typo must not silently excuse nothing, nor move a deadline of
    /// another milestone. Run before the logs are checked, since pauses and extensions change
    /// what the log rules find.
    pub fn resolve(&mut self, programs: &[Program], diagnostics: &mut Diagnostics) {
        let known = |target: &PairRef, milestone: Option<&crate::log::Spanned<String>>| {
            unknown_target(programs, target, milestone)
        };
        self.waivers.retain(|waiver| {
            report(
                diagnostics,
                known(&waiver.target, waiver.milestone.as_ref()),
            )
        });
        self.pauses
            .retain(|pause| report(diagnostics, known(&pause.target, None)));
        self.extensions.retain(|extension| {
            report(
                diagnostics,
                known(&extension.target, Some(&extension.milestone))
                    .or_else(|| without_deadline(programs, extension)),
            )
        });
        // Two deadlines for one milestone of one pair: which one holds would depend on the
        // order of the file, so the later entry is reported and left out. An entry without a
        // program concerns the pair in every program, so it overlaps one that names a program.
        let mut first: std::collections::HashMap<(&str, &str), Vec<&Extension>> =
            std::collections::HashMap::new();
        let mut repeated = vec![false; self.extensions.len()];
        for (extension, repeated) in self.extensions.iter().zip(&mut repeated) {
            let key = (
                extension.target.pair.value.as_str(),
                extension.milestone.value.as_str(),
            );
            let earlier = first.entry(key).or_default();
            let program = |e: &Extension| e.target.program.as_ref().map(|p| p.value.clone());
            let overlapping = earlier.iter().find(|e| {
                let (a, b) = (program(e), program(extension));
                a.is_none() || b.is_none() || a == b
            });
            match overlapping {
                Some(earlier_one) => {
                    diagnostics.push(
                        Diagnostic::new(
                            &rules::EXCEPTION_INVALID,
                            format!(
                                "milestone `{}` of pair {} is extended twice",
                                extension.milestone.value,
                                quote_id(&extension.target.pair.value)
                            ),
                            Label::new(extension.to.span, "a second deadline"),
                        )
                        .with_label(Label::new(earlier_one.to.span, "the first extension"))
                        .with_help(
                            "keep the one extension that was approved last, and remove the other",
                        ),
                    );
                    *repeated = true;
                }
                None => earlier.push(extension),
            }
        }
        let mut repeated = repeated.into_iter();
        self.extensions
            .retain(|_| !repeated.next().unwrap_or(false));
    }
}

/// Pushes the diagnostic, if any; whether there was none (the entry stays).
fn report(diagnostics: &mut Diagnostics, problem: Option<Diagnostic>) -> bool {
    match problem {
        Some(problem) => {
            diagnostics.push(problem);
            false
        }
        None => true,
    }
}

/// `C003` for an entry whose program, or milestone, the programs do not have.
fn unknown_target(
    programs: &[Program],
    target: &PairRef,
    milestone: Option<&crate::log::Spanned<String>>,
) -> Option<Diagnostic> {
    let candidates: Vec<&Program> = match &target.program {
        Some(program) => {
            let named: Vec<&Program> = programs.iter().filter(|p| p.id == program.value).collect();
            if named.is_empty() {
                let ids = programs.iter().map(|p| p.id.as_str());
                return Some(
                    Diagnostic::new(
                        &rules::EXCEPTION_UNKNOWN_TARGET,
                        format!(
                            "no program `{}` among the programs of this run",
                            program.value
                        ),
                        Label::new(program.span, "unknown program"),
                    )
                    .with_help(words::unknown_id_help(
                        "program",
                        &program.value,
                        ids,
                    )),
                );
            }
            named
        }
        None => programs.iter().collect(),
    };
    let milestone = milestone?;
    let ids = candidates
        .iter()
        .flat_map(|p| {
            let of_tracks = p.tracks.iter().flat_map(|t| &t.milestones);
            p.milestones.iter().chain(of_tracks.map(|m| &m.milestone))
        })
        .map(|m| m.id.as_str());
    if ids.clone().any(|id| id == milestone.value) {
        return None;
    }
    let within = match (&target.program, candidates.as_slice()) {
        (Some(program), _) => format!("program `{}`", program.value),
        (None, [only]) => format!("program `{}`", only.id),
        (None, _) => "the programs of this run".to_owned(),
    };
    Some(
        Diagnostic::new(
            &rules::EXCEPTION_UNKNOWN_TARGET,
            format!("no milestone `{}` in {within}", milestone.value),
            Label::new(milestone.span, "unknown milestone"),
        )
        .with_help(words::unknown_id_help("milestone", &milestone.value, ids)),
    )
}

/// `C003` for an extension of a milestone that has no deadline in the programs it concerns:
/// it would move nothing.
fn without_deadline(programs: &[Program], extension: &Extension) -> Option<Diagnostic> {
    let concerned = programs.iter().filter(|p| {
        extension
            .target
            .program
            .as_ref()
            .is_none_or(|named| named.value == p.id)
    });
    let has_deadline = concerned
        .flat_map(|p| {
            let of_tracks = p.tracks.iter().flat_map(|t| &t.milestones);
            p.milestones.iter().chain(of_tracks.map(|m| &m.milestone))
        })
        .any(|m| m.id == extension.milestone.value && m.due.is_some());
    (!has_deadline).then(|| {
        Diagnostic::new(
            &rules::EXCEPTION_UNKNOWN_TARGET,
            format!(
                "milestone `{}` has no deadline to extend",
                extension.milestone.value
            ),
            Label::new(extension.milestone.span, "no `due by` line"),
        )
        .with_help(
            "an extension moves a `due by` deadline; this milestone is due whenever it is met",
        )
    })
}

/// Applies the waivers to a run's findings and reports the entries that are expired or
/// unused. `logs` lists the logs the run checked (asked for only when an entry needs to know
/// which pairs were read); `selection` is the rules it reports.
pub fn apply<'a>(
    exceptions: &Exceptions,
    mut findings: Diagnostics,
    logs: &dyn Fn() -> Vec<LogRead<'a>>,
    as_of: Date,
    selection: &Selection,
) -> Applied {
    let mut used = vec![false; exceptions.waivers.len()];
    // The excused findings are taken out and the others stay where they are: a cohort's
    // findings are never held twice. (Without waivers nothing is taken.)
    let waived = if exceptions.waivers.is_empty() {
        Vec::new()
    } else {
        findings.take_where(|finding| {
            let matching = exceptions
                .waivers
                .iter()
                .enumerate()
                .filter(|(_, waiver)| excuses(waiver, finding));
            let mut expired = None;
            for (at, waiver) in matching {
                if waiver.approval.holds_on(as_of) {
                    if let Some(flag) = used.get_mut(at) {
                        *flag = true;
                    }
                    finding.waived = Some(Box::new(waiver.approval.note()));
                    return true;
                }
                expired.get_or_insert(waiver);
            }
            if let Some(expires) = expired.and_then(|waiver| waiver.approval.expires.as_ref()) {
                finding.secondary.push(Label::new(
                    expires.span,
                    format!("a waiver of this finding expired on {}", expires.value),
                ));
            }
            false
        })
    };
    let mut applied = Applied { findings, waived };
    // The pairs read are listed only for an entry that asks which were: one that matched
    // nothing, a pause, an extension (a cohort file's 190,000 logs and their index were 18 MB).
    let read = std::cell::OnceCell::new();
    let read = || read.get_or_init(|| ReadPairs::new(&logs()));
    let diagnostics = &mut applied.findings;
    for (waiver, used) in exceptions.waivers.iter().zip(used) {
        if expired(
            diagnostics,
            "waiver",
            &waiver.target,
            &waiver.approval,
            as_of,
        ) {
            continue;
        }
        // A waiver of a rule the run leaves out (`--ignore`) had nothing to match.
        if !used && selection.includes(waiver.rule.value) {
            unused_waiver(diagnostics, waiver, read());
        }
    }
    for pause in &exceptions.pauses {
        if !expired(diagnostics, "pause", &pause.target, &pause.approval, as_of) {
            unused_unless_read(diagnostics, "pause", &pause.target, read());
        }
    }
    for extension in &exceptions.extensions {
        if !expired(
            diagnostics,
            "extension",
            &extension.target,
            &extension.approval,
            as_of,
        ) {
            unused_unless_read(diagnostics, "extension", &extension.target, read());
        }
    }
    applied
}

impl Exceptions {
    /// Whether a waiver that holds on `as_of` excuses `finding` (what `apply` sets aside): the
    /// cohort report leaves such findings out of its counts.
    pub fn excuses(&self, finding: &Diagnostic, as_of: Date) -> bool {
        self.waivers
            .iter()
            .any(|waiver| waiver.approval.holds_on(as_of) && excuses(waiver, finding))
    }
}

/// Whether the waiver names this finding: its rule, its pair (and program), and the session or
/// milestone when it names one.
fn excuses(waiver: &Waiver, finding: &Diagnostic) -> bool {
    let subject = &finding.subject;
    std::ptr::eq(waiver.rule.value, finding.rule)
        && waiver
            .target
            .matches(subject.program.as_deref(), subject.pair.as_deref())
        && waiver
            .session
            .as_ref()
            .is_none_or(|s| subject.session == Some(s.value))
        && waiver
            .milestone
            .as_ref()
            .is_none_or(|m| subject.milestone.as_deref() == Some(m.value.as_str()))
}

/// `C004` for an entry past its `expires`; whether it was.
fn expired(
    diagnostics: &mut Diagnostics,
    kind: &str,
    target: &PairRef,
    approval: &Approval,
    as_of: Date,
) -> bool {
    let Some(expires) = approval
        .expires
        .as_ref()
        .filter(|_| !approval.holds_on(as_of))
    else {
        return false;
    };
    diagnostics.push(
        Diagnostic::new(
            &rules::EXCEPTION_EXPIRED,
            format!(
                "the {kind} for pair {} expired on {}: it no longer applies as of {as_of}",
                quote_id(&target.pair.value),
                expires.value
            ),
            Label::new(expires.span, "expired"),
        )
        .with_label(Label::bare(approval.span))
        .with_help("renew the approval with a later `expires`, or remove the entry"),
    );
    true
}

/// `C005` for a waiver that excused nothing.
fn unused_waiver(diagnostics: &mut Diagnostics, waiver: &Waiver, read: &ReadPairs) {
    let pair = quote_id(&waiver.target.pair.value);
    let rule = waiver.rule.value;
    let what = match (&waiver.session, &waiver.milestone) {
        (Some(session), _) => format!(" in session {}", session.value),
        (_, Some(milestone)) => format!(" about milestone `{}`", milestone.value),
        _ => String::new(),
    };
    let help = if read.has(&waiver.target) {
        format!(
            "pair {pair} has no finding of {} ({}){what} in this run: remove the entry if it was fixed",
            rule.code, rule.name
        )
    } else {
        read.not_read_help(&waiver.target)
    };
    diagnostics.push(
        Diagnostic::new(
            &rules::EXCEPTION_UNUSED,
            format!(
                "the waiver of {} ({}) for pair {pair}{what} matched no finding",
                rule.code, rule.name
            ),
            Label::new(waiver.target.pair.span, "matched nothing"),
        )
        .with_label(Label::bare(waiver.approval.span))
        .with_help(help),
    );
}

/// `C005` for a pause or extension whose pair no log of the run is of.
fn unused_unless_read(
    diagnostics: &mut Diagnostics,
    kind: &str,
    target: &PairRef,
    read: &ReadPairs,
) {
    if read.has(target) {
        return;
    }
    diagnostics.push(
        Diagnostic::new(
            &rules::EXCEPTION_UNUSED,
            format!(
                "the {kind} for pair {} matched nothing: no log of that pair was read",
                quote_id(&target.pair.value)
            ),
            Label::new(target.pair.span, "matched nothing"),
        )
        .with_help(read.not_read_help(target)),
    );
}

/// The pairs a run read, by id and by program: what tells an entry that matched nothing
/// because its pair was not read from one that matched nothing else. Looked up per entry, so a
/// large cohort with a large exceptions file stays linear.
struct ReadPairs<'a> {
    /// Pair ids, sorted (for a "did you mean" over them), each once.
    pairs: Vec<&'a str>,
    of_program: std::collections::HashSet<(&'a str, &'a str)>,
}

impl<'a> ReadPairs<'a> {
    fn new(logs: &[LogRead<'a>]) -> ReadPairs<'a> {
        // A pair that reads like a sentence is no id: never suggested, never matched.
        let logs: Vec<&LogRead<'a>> = logs.iter().filter(|log| looks_like_id(log.pair)).collect();
        let mut pairs: Vec<&str> = logs.iter().map(|log| log.pair).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let of_program = logs
            .iter()
            .filter_map(|log| Some((log.program?, log.pair)))
            .collect();
        ReadPairs { pairs, of_program }
    }

    /// Whether a log of the entry's pair (of its program, when it names one) was read.
    fn has(&self, target: &PairRef) -> bool {
        let pair = target.pair.value.as_str();
        match &target.program {
            Some(program) => self.of_program.contains(&(program.value.as_str(), pair)),
            None => self.pairs.binary_search(&pair).is_ok(),
        }
    }

    /// Help for an entry whose pair no log read has: the closest pair that was, if one is
    /// close.
    fn not_read_help(&self, target: &PairRef) -> String {
        let pair = quote_id(&target.pair.value);
        match words::did_you_mean(&target.pair.value, self.pairs.iter().copied()) {
            Some(best) => format!("no log of pair {pair} was read; did you mean `{best}`?"),
            None => format!(
                "no log of pair {pair} was read: remove the entry if the pair left, or run over the logs that include it"
            ),
        }
    }
}
