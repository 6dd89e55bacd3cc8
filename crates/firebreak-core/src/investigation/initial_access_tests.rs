//! Imported background does not distort the incident (issue 18 §5): time to detect and the
//! phase strip start at the event a responder marked as initial access, not at the oldest
//! event on record, and say so until it is marked.

use super::initial_access::{self, InitialAccessState};
use super::metrics;
use crate::catalog::IncidentType;
use crate::incident::{self, AuditAction};
use crate::testing::with_incident;
use crate::timeline::{self, ChainStatus, NewEvent, TimelineEntry};
use crate::{Error, Result};

fn event(fx: &crate::testing::Fx, at: &str, message: &str) -> Result<TimelineEntry> {
    timeline::add_event(
        &fx.store,
        fx.incident,
        NewEvent {
            occurred_at: at.into(),
            message: message.into(),
            host: Some("FS01".into()),
            ..NewEvent::default()
        },
        "bob",
    )
}

fn detect(fx: &crate::testing::Fx) -> Result<metrics::Metric> {
    metrics::metrics(&fx.store, fx.incident)?
        .into_iter()
        .find(|m| m.key == "time_to_detect")
        .ok_or_else(|| Error::Corrupt("no time to detect".into()))
}

fn milestones(fx: &crate::testing::Fx) -> Result<Vec<String>> {
    Ok(timeline::phases(&fx.store, fx.incident)?
        .into_iter()
        .map(|m| m.milestone)
        .collect())
}

#[test]
fn years_of_imported_background_do_not_become_time_to_detect() -> Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Background")?;
    let detected = incident::show(&fx.store, fx.incident)?.incident.detected_at;
    event(
        &fx,
        "2013-10-24T01:16:13+09:00",
        "Old detection from the export",
    )?;
    let access_at = detected - chrono::Duration::hours(30);
    let access = event(
        &fx,
        &access_at.to_rfc3339(),
        "VPN logon with stolen credentials",
    )?;

    let m = detect(&fx)?;
    assert_eq!((m.seconds, m.from), (None, None));
    assert_eq!(m.display, "missing");
    assert!(m.missing.contains("not yet established"), "{}", m.missing);
    assert_eq!(m.from_label, "Initial access (first malicious activity)");
    assert!(!milestones(&fx)?.contains(&"initial_access".to_owned()));

    let state = initial_access::mark(&fx.store, fx.incident, access.id, "carol")?;
    let mark = state
        .mark
        .ok_or_else(|| Error::Corrupt("not marked".into()))?;
    assert_eq!(
        (mark.entry_id, mark.marked_by.as_str()),
        (access.id, "carol")
    );
    let m = detect(&fx)?;
    assert_eq!(
        (m.seconds, m.display.as_str()),
        (Some(30 * 3600), "1 d 6 h")
    );
    assert_eq!(
        milestones(&fx)?.first().map(String::as_str),
        Some("initial_access")
    );

    // Marking is a responder action on the hash-chained timeline; marking again is a no-op.
    initial_access::mark(&fx.store, fx.incident, access.id, "carol")?;
    let trail = incident::show(&fx.store, fx.incident)?.audit;
    let marks: Vec<_> = trail
        .iter()
        .filter(|a| a.action == AuditAction::InitialAccessMarked)
        .collect();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].subject, "VPN logon with stolen credentials");
    assert_eq!(
        marks[0].headline,
        "Initial access marked: VPN logon with stolen credentials"
    );
    assert!(matches!(
        timeline::verify(&fx.store, fx.incident)?,
        ChainStatus::Intact { .. }
    ));
    Ok(())
}

#[test]
fn the_mark_follows_corrections_and_ends_with_a_retraction_or_unmarking() -> Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Corrections")?;
    let detected = incident::show(&fx.store, fx.incident)?.incident.detected_at;
    let first = event(
        &fx,
        &(detected - chrono::Duration::hours(2)).to_rfc3339(),
        "Phishing mail opened",
    )?;
    initial_access::mark(&fx.store, fx.incident, first.id, "bob")?;
    let corrected = timeline::edit_event(
        &fx.store,
        fx.incident,
        first.id,
        NewEvent {
            occurred_at: (detected - chrono::Duration::hours(5)).to_rfc3339(),
            message: "Phishing mail opened (time from the mail log)".into(),
            ..NewEvent::default()
        },
        "bob",
    )?;
    let state = initial_access::state(&fx.store, fx.incident)?;
    assert_eq!(state.mark.map(|m| m.entry_id), Some(corrected.id));
    assert_eq!(detect(&fx)?.seconds, Some(5 * 3600));

    timeline::retract(&fx.store, fx.incident, corrected.id, "wrong host", "bob")?;
    let m = detect(&fx)?;
    assert_eq!(m.seconds, None);
    assert!(m.missing.contains("was retracted"), "{}", m.missing);

    let other = event(
        &fx,
        &(detected - chrono::Duration::hours(1)).to_rfc3339(),
        "Macro ran",
    )?;
    initial_access::mark(&fx.store, fx.incident, other.id, "bob")?;
    let cleared: InitialAccessState = initial_access::clear(&fx.store, fx.incident, "bob")?;
    assert_eq!(cleared.mark, None);
    assert!(cleared.missing.contains("not yet established"));
    let err = initial_access::clear(&fx.store, fx.incident, "bob").err();
    assert!(matches!(err, Some(Error::Validation { .. })), "{err:?}");
    let trail = incident::show(&fx.store, fx.incident)?.audit;
    assert_eq!(
        trail.last().map(|a| a.action),
        Some(AuditAction::InitialAccessCleared)
    );
    Ok(())
}

#[test]
fn only_a_current_event_of_the_incident_can_be_marked() -> Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Refusals")?;
    let trail = incident::show(&fx.store, fx.incident)?.audit;
    let declared = trail
        .first()
        .map(|a| a.id)
        .ok_or(Error::Corrupt("no entry".into()))?;
    let err = initial_access::mark(&fx.store, fx.incident, declared, "bob").err();
    assert!(matches!(err, Some(Error::Validation { .. })), "{err:?}");
    let missing = uuid::Uuid::now_v7();
    let err = initial_access::mark(&fx.store, fx.incident, missing, "bob").err();
    assert!(matches!(err, Some(Error::NotFound { .. })), "{err:?}");
    let e = event(&fx, "2026-11-20T09:00:00Z", "Logon")?;
    let fixed = timeline::edit_event(
        &fx.store,
        fx.incident,
        e.id,
        NewEvent {
            occurred_at: "2026-11-20T09:05:00Z".into(),
            message: "Logon".into(),
            ..NewEvent::default()
        },
        "bob",
    )?;
    let err = initial_access::mark(&fx.store, fx.incident, e.id, "bob").err();
    assert!(matches!(err, Some(Error::Conflict(_))), "{err:?}");
    initial_access::mark(&fx.store, fx.incident, fixed.id, "bob")?;
    Ok(())
}
