//! The incident's state at a glance: what the top of the incident page (and
//! `firebreak incident status`) answers without scrolling — what is overdue and by how much,
//! what comes next (open steps and the nearest deadlines together), and how far the response
//! has got. Gathered here once so the window and the CLI say the same thing.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::investigation;
use crate::investigation::vocab::{ActionStatus, Containment};
use crate::notify::{self, Applicability, DecisionState, Obligation};
use crate::run::{self, IncidentRuns};
use crate::{Result, Store};

/// How many deadlines "Next" lists; the steps are the runs' own "what next" (at most seven).
const NEXT_DEADLINES: usize = 3;

coded_enum!(
    /// What a glance item is: an obligation with a legal clock, an owned action item with a
    /// due date, a playbook step ready to work on, a question whose answer decides whether a
    /// step applies, or a step blocked on something.
    GlanceKind ("kind", "glance item kind") {
        Obligation = "obligation",
        Task = "task",
        Step = "step",
        Decide = "decide",
        Blocked = "blocked",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct GlanceItem {
    pub kind: GlanceKind,
    /// "GDPR · Notify the lead supervisory authority", "Isolate affected hosts".
    pub title: String,
    /// Who it is for or who owns it: the recipient, the owner, the playbook and role.
    pub detail: String,
    /// When it is due; none for steps and for clocks that have not started.
    pub due_utc: Option<DateTime<Utc>>,
    /// What to open: the obligation's rule id, the step id, the action item id.
    pub key: String,
    /// The playbook a step belongs to.
    pub playbook_id: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Type)]
pub struct GlanceProgress {
    /// Applicable playbook steps done or deliberately skipped, of all applicable steps.
    pub steps_complete: u32,
    pub steps_total: u32,
    /// Obligations sent or ruled out, of those that apply or may apply (a delayed one still
    /// counts down, as on the notifications page).
    pub obligations_settled: u32,
    pub obligations_total: u32,
    /// Affected assets contained (or needing no containment), of all recorded.
    pub assets_contained: u32,
    pub assets_total: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Glance {
    pub incident_id: Uuid,
    pub as_of: DateTime<Utc>,
    /// Past due and not settled, most overdue first.
    pub overdue: Vec<GlanceItem>,
    /// The nearest open deadlines, then the first open steps.
    pub next: Vec<GlanceItem>,
    /// Steps blocked on something.
    pub blocked: Vec<GlanceItem>,
    pub progress: GlanceProgress,
}

/// The incident's state now.
pub fn current(store: &Store, incident_id: Uuid) -> Result<Glance> {
    glance(store, incident_id, Utc::now())
}

/// The incident's state as of `now`.
pub fn glance(store: &Store, incident_id: Uuid, now: DateTime<Utc>) -> Result<Glance> {
    let obligations = notify::view(store, incident_id)?;
    let runs = run::overview(store, incident_id)?;
    let workspace = investigation::workspace(store, incident_id)?;
    // The incident's copy of the organisation profile, else Settings (as the reports do).
    let home = match obligations.facts.profile.home_zone.clone() {
        Some(z) => Some(z),
        None => notify::org_profile(store)?.home_zone,
    };
    let zone = home.as_deref().and_then(|z| z.parse::<Tz>().ok());
    let parts = Parts {
        obligations: &obligations.obligations,
        runs: &runs,
        tasks: &workspace.action_items,
        assets: &workspace.assets,
        zone,
    };
    Ok(parts.glance(incident_id, now))
}

/// What the glance is computed from, so the computation is testable without a store.
struct Parts<'a> {
    obligations: &'a [Obligation],
    runs: &'a IncidentRuns,
    tasks: &'a [investigation::ActionItem],
    assets: &'a [investigation::Asset],
    zone: Option<Tz>,
}

impl Parts<'_> {
    fn glance(&self, incident_id: Uuid, now: DateTime<Utc>) -> Glance {
        let live: Vec<&Obligation> = self
            .obligations
            .iter()
            .filter(|o| o.applicability != Applicability::NoLongerApplies)
            .collect();
        let open: Vec<&Obligation> = live.iter().copied().filter(|o| o.clock_running()).collect();

        let mut overdue: Vec<GlanceItem> = open
            .iter()
            .filter(|o| o.due_utc.is_some_and(|d| d < now))
            .map(|o| obligation_item(o))
            .collect();
        overdue.extend(
            self.tasks
                .iter()
                .filter(|t| t.status == ActionStatus::Open)
                .filter(|t| task_due(t.due_date, self.zone) < now)
                .map(|t| GlanceItem {
                    kind: GlanceKind::Task,
                    title: t.action.clone(),
                    detail: owner_text(&t.owner),
                    due_utc: Some(task_due(t.due_date, self.zone)),
                    key: t.id.to_string(),
                    playbook_id: None,
                }),
        );
        // Legal notices before owned tasks, each most overdue first: four old action items
        // must not push a regulator's deadline out of sight.
        overdue.sort_by_key(|i| (i.kind != GlanceKind::Obligation, i.due_utc));

        let mut upcoming: Vec<&&Obligation> = open
            .iter()
            .filter(|o| o.due_utc.is_some_and(|d| d >= now))
            .collect();
        upcoming.sort_by_key(|o| o.due_utc);
        let mut next: Vec<GlanceItem> = upcoming
            .into_iter()
            .take(NEXT_DEADLINES)
            .map(|o| obligation_item(o))
            .collect();
        next.extend(
            self.runs
                .next
                .iter()
                .map(|s| step_item(s, GlanceKind::Step)),
        );
        let blocked = self
            .runs
            .blocked
            .iter()
            .map(|s| step_item(s, GlanceKind::Blocked))
            .collect();

        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let progress = GlanceProgress {
            steps_complete: self.runs.runs.iter().map(|r| r.complete).sum(),
            steps_total: self.runs.runs.iter().map(|r| r.applicable).sum(),
            obligations_settled: count(live.len() - open.len()),
            obligations_total: count(live.len()),
            assets_contained: count(
                self.assets
                    .iter()
                    .filter(|a| {
                        matches!(
                            a.containment,
                            Containment::Contained | Containment::NotNeeded
                        )
                    })
                    .count(),
            ),
            assets_total: count(self.assets.len()),
        };
        Glance {
            incident_id,
            as_of: now,
            overdue,
            next,
            blocked,
            progress,
        }
    }
}

fn obligation_item(o: &Obligation) -> GlanceItem {
    let may = if o.applicability == Applicability::Possible {
        " (may apply)"
    } else {
        ""
    };
    let drafted = match o.decision.state {
        DecisionState::Drafted => " · drafted",
        DecisionState::Delayed => " · delayed (legal basis recorded)",
        _ => "",
    };
    GlanceItem {
        kind: GlanceKind::Obligation,
        title: format!("{} · {}{may}", o.regime, o.title),
        detail: format!("To {}{drafted}", o.recipient),
        due_utc: o.due_utc,
        key: o.rule_id.clone(),
        playbook_id: None,
    }
}

fn step_item(s: &run::NextStep, kind: GlanceKind) -> GlanceItem {
    // A step waiting on an unknown fact is a question to answer, not work to start.
    if let (GlanceKind::Step, Some(q)) = (kind, s.decide.first()) {
        return GlanceItem {
            kind: GlanceKind::Decide,
            title: format!("Decide whether {}", sentence_case(&q.question)),
            detail: format!("Decides “{}” · {}", s.title, s.playbook_title),
            due_utc: None,
            key: s.step_id.clone(),
            playbook_id: Some(s.playbook_id.clone()),
        };
    }
    GlanceItem {
        kind,
        title: s.title.clone(),
        detail: format!("{} · {}", s.playbook_title, s.owner.label()),
        due_utc: None,
        key: s.step_id.clone(),
        playbook_id: Some(s.playbook_id.clone()),
    }
}

/// "A cyber insurance policy may respond" → "a cyber insurance policy may respond" inside a
/// sentence; words in capitals ("SEC registrant") keep them.
fn sentence_case(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.clone().next()) {
        (Some(f), Some(n)) if !n.is_uppercase() => f.to_lowercase().chain(c).collect(),
        _ => s.to_owned(),
    }
}

fn owner_text(owner: &str) -> String {
    let owner = owner.trim();
    if owner.is_empty() {
        "No owner".into()
    } else {
        format!("Owner: {owner}")
    }
}

/// An action item due on a date is late once that day has ended where the organisation is
/// (UTC when no home zone is set).
fn task_due(date: NaiveDate, zone: Option<Tz>) -> DateTime<Utc> {
    let end = date.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::days(1);
    let Some(tz) = zone else {
        return end.and_utc();
    };
    // Where clocks jump at midnight (Beirut, Cairo, Santiago…) local midnight may not exist:
    // the day then ends when the clocks jump, the first instant after the gap.
    (0..=12)
        .find_map(|q| {
            (end + Duration::minutes(15 * q))
                .and_local_timezone(tz)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
        })
        .unwrap_or_else(|| end.and_utc())
}

#[cfg(test)]
mod tests;
