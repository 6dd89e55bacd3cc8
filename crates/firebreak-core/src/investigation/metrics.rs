//! Response metrics from the incident's recorded moments: never estimated. A metric whose
//! end points are not on record is reported as missing, with what would complete it.

use rusqlite::OptionalExtension;
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::catalog::Phase;
use crate::incident;
use crate::time::{self, Moment};
use crate::timeline;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Metric {
    /// `time_to_detect`, `time_to_declare`, `time_to_contain`, `time_to_eradicate`,
    /// `time_to_recover`, `time_to_notify`.
    pub key: String,
    pub label: String,
    pub from_label: String,
    pub from: Option<Moment>,
    pub to_label: String,
    pub to: Option<Moment>,
    #[specta(type = Option<f64>)]
    pub seconds: Option<i64>,
    /// "2 d 3 h 15 min", or "missing".
    pub display: String,
    /// Why it is missing, and what to record; empty when measured.
    pub missing: String,
}

pub fn metrics(store: &Store, incident_id: Uuid) -> Result<Vec<Metric>> {
    let detail = incident::show(store, incident_id)?;
    let i = &detail.incident;
    let marks = timeline::phases(store, incident_id)?;
    // Time to detect starts at the responder's mark, never at the oldest event on record:
    // an imported detection export holds years of background.
    let start = store.read(|c| super::initial_access::state_on(c, incident_id))?;
    let initial_access = start.mark.as_ref().map(|m| m.occurred_at);
    let first_notice = store.read(|c| {
        let row: Option<(String, Option<i32>)> = c
            .query_row(
                "SELECT sent_at_utc, sent_at_offset FROM obligations
                 WHERE incident_id = ?1 AND decision = 'sent' AND sent_at_utc IS NOT NULL
                 ORDER BY sent_at_utc LIMIT 1",
                [incident_id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        row.map(|(utc, off)| time::from_columns(&utc, off.unwrap_or(0)))
            .transpose()
    })?;
    let reached = |phase: Phase| -> Option<Moment> {
        marks
            .iter()
            .filter(|m| m.milestone.parse::<Phase>().is_ok_and(|p| p >= phase))
            .map(|m| m.at)
            .min()
    };
    let detected = Some(i.detected_at);
    let mut detect = metric(
        "time_to_detect",
        "Time to detect",
        ("Initial access (first malicious activity)", initial_access),
        ("Detected", detected),
        "",
    );
    if initial_access.is_none() {
        detect.missing = start.missing;
    }
    Ok(vec![
        detect,
        metric(
            "time_to_declare",
            "Time to declare",
            ("Detected", detected),
            ("Declared", Some(i.declared_at)),
            "",
        ),
        metric(
            "time_to_contain",
            "Time to contain",
            ("Detected", detected),
            (
                "Contained (moved to eradication)",
                reached(Phase::Eradication),
            ),
            "move the incident to Eradication when containment is achieved",
        ),
        metric(
            "time_to_eradicate",
            "Time to eradicate",
            ("Detected", detected),
            ("Eradicated (moved to recovery)", reached(Phase::Recovery)),
            "move the incident to Recovery when the threat is removed",
        ),
        metric(
            "time_to_recover",
            "Time to recover",
            ("Detected", detected),
            (
                "Recovered (moved to post-incident)",
                reached(Phase::PostIncident),
            ),
            "move the incident to Post-incident when operations are restored",
        ),
        metric(
            "time_to_notify",
            "Time to notify",
            ("Detected", detected),
            ("First regulatory notification sent", first_notice),
            "mark a notification obligation as sent",
        ),
    ])
}

fn metric(
    key: &str,
    label: &str,
    from: (&str, Option<Moment>),
    to: (&str, Option<Moment>),
    to_record: &str,
) -> Metric {
    let (seconds, missing) = match (from.1, to.1) {
        (Some(a), Some(b)) if b >= a => (Some((b - a).num_seconds()), String::new()),
        (Some(_), Some(_)) => (
            None,
            format!(
                "{} is recorded after {}; check both times",
                from.0,
                to.0.to_lowercase()
            ),
        ),
        (None, _) => (None, format!("{} is not on record: {to_record}", from.0)),
        (_, None) => (None, format!("not yet: {to_record}")),
    };
    Metric {
        key: key.into(),
        label: label.into(),
        from_label: from.0.into(),
        from: from.1,
        to_label: to.0.into(),
        to: to.1,
        display: seconds.map_or_else(|| "missing".into(), human),
        seconds,
        missing,
    }
}

/// "2 d 3 h 15 min": days, hours and minutes, largest first; seconds only under a minute.
pub fn human(seconds: i64) -> String {
    if seconds < 60 {
        return format!("{seconds} s");
    }
    let (d, h, m) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d} d"));
    }
    if h > 0 {
        parts.push(format!("{h} h"));
    }
    if m > 0 && d == 0 {
        parts.push(format!("{m} min"));
    }
    if parts.is_empty() {
        parts.push(format!("{d} d"));
    }
    parts.join(" ")
}
