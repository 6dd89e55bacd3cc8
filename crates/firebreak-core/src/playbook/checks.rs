//! Lint warnings: problems that do not stop a playbook from loading but would hurt a
//! responder — a short legal clock hidden behind investigation work, or a playbook nobody has
//! checked against its sources for too long. Rules documented in docs/playbook-format.md.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::model::{Playbook, Step};
use super::vocab::Section;

/// Clocks at or under this many hours must never wait for investigation or eradication.
pub const SHORT_CLOCK_HOURS: u32 = 72;

/// Words that, right before "N hours", make the period a deadline ("within 72 hours").
const BEFORE: &[&str] = &["within", "≤", "<=", "under", "than"];
/// Words that, right after "N hours", make it one ("72 hours of awareness", "24-hour clock").
const AFTER: &[&str] = &[
    "of",
    "from",
    "after",
    "clock",
    "deadline",
    "early",
    "initial",
    "notice",
    "report",
    "notification",
    "window",
];

/// The shortest deadline in hours that `text` names, if any. A deadline is a whole number of
/// hours ("72 hours", "24 h", "6-hour") preceded by a word such as "within" or followed by one
/// such as "of", "from", "after" or "clock"; look-backs like "the last 24 hours" and waits like
/// "10 hours by default" are not deadlines.
pub fn shortest_deadline_hours(text: &str) -> Option<u32> {
    let spaced: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '-' | '(' | ')' | ',' | ';' | ':' | '.' | '*' | '_' | '"' | '\'' | '`' => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut best: Option<u32> = None;
    for (i, w) in words.iter().enumerate() {
        let (marked, digits) = match w.strip_prefix('≤') {
            Some(rest) => (true, rest),
            None => (false, *w),
        };
        let Ok(n) = digits.parse::<u32>() else {
            continue;
        };
        if !matches!(
            words.get(i + 1).copied(),
            Some("h" | "hour" | "hours" | "hrs")
        ) {
            continue;
        }
        let before = i.checked_sub(1).and_then(|j| words.get(j)).copied();
        let after = words.get(i + 2).copied();
        let is_deadline = marked
            || before.is_some_and(|b| BEFORE.contains(&b))
            || after.is_some_and(|a| AFTER.contains(&a));
        if is_deadline {
            best = Some(best.map_or(n, |b| b.min(n)));
        }
    }
    best
}

/// Investigation and eradication are the work a legal clock never waits for: a step is one
/// of them by its `section` (`investigation`, `eradication_recovery`).
pub fn is_investigation_or_eradication(s: &Step) -> bool {
    matches!(
        s.section,
        Section::Investigation | Section::EradicationRecovery
    )
}

/// A step naming a clock of at most [`SHORT_CLOCK_HOURS`] that comes, through `after`, behind
/// an investigation or eradication step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockedClock {
    pub step_id: String,
    pub hours: u32,
    /// From the step back to the blocking step, e.g. `["notify", "map-data", "root-cause"]`.
    pub path: Vec<String>,
}

impl BlockedClock {
    pub fn message(&self) -> String {
        let blocker = self.path.last().cloned().unwrap_or_default();
        format!(
            "step `{}` names a {}-hour deadline but waits for investigation or eradication step \
             `{blocker}` (after: {}); make it depend only on triage, scoping or containment steps",
            self.step_id,
            self.hours,
            self.path.join(" → ")
        )
    }
}

/// Every short-clock step that waits, transitively, for investigation or eradication.
pub fn blocked_clocks(p: &Playbook) -> Vec<BlockedClock> {
    let by_id: HashMap<&str, &Step> = p.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut out = Vec::new();
    for s in &p.steps {
        let Some(hours) = shortest_deadline_hours(&s.guidance) else {
            continue;
        };
        if hours > SHORT_CLOCK_HOURS {
            continue;
        }
        if let Some(path) = path_to_blocker(s, &by_id) {
            out.push(BlockedClock {
                step_id: s.id.clone(),
                hours,
                path,
            });
        }
    }
    out
}

/// Breadth-first through `after`, so the path reported is the shortest; cycles are safe.
fn path_to_blocker(start: &Step, by_id: &HashMap<&str, &Step>) -> Option<Vec<String>> {
    let mut seen: HashSet<&str> = HashSet::from([start.id.as_str()]);
    let mut queue: Vec<Vec<&str>> = vec![vec![start.id.as_str()]];
    let mut next = 0;
    while let Some(path) = queue.get(next).cloned() {
        next += 1;
        let last = path.last().and_then(|id| by_id.get(id))?;
        for dep in &last.after {
            let Some(step) = by_id.get(dep.as_str()) else {
                continue;
            };
            if !seen.insert(step.id.as_str()) {
                continue;
            }
            let mut longer = path.clone();
            longer.push(step.id.as_str());
            if is_investigation_or_eradication(step) {
                return Some(longer.into_iter().map(str::to_owned).collect());
            }
            queue.push(longer);
        }
    }
    None
}

/// The warning for a playbook whose `review_by` date is before `today`.
pub fn review_overdue(p: &Playbook, today: NaiveDate) -> Option<String> {
    let due = p.review_by.as_deref()?.parse::<NaiveDate>().ok()?;
    (due < today).then(|| {
        format!(
            "review date {due} has passed: check the playbook against its sources, then set \
             `reviewed` and a new `review_by` and bump `version`"
        )
    })
}
