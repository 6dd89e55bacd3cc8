use super::*;
use crate::catalog::{IncidentType, Severity};
use chrono::Utc;

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
}

fn fixture() -> Result<Fixture> {
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let store = Store::open(&dir.path().join("t.db"))?;
    Ok(Fixture { _dir: dir, store })
}

fn new(title: &str, t: IncidentType, s: Severity) -> NewIncident {
    NewIncident {
        title: title.into(),
        incident_type: t,
        severity: s,
        detected_at: None,
        phase: None,
        commander: None,
        summary: None,
    }
}

#[test]
fn declare_stores_incident_and_audit_in_one_go() -> Result<()> {
    let f = fixture()?;
    let mut input = new(
        "  Encrypted file shares in Lyon  ",
        IncidentType::Ransomware,
        Severity::Sev1,
    );
    input.detected_at = Some("2026-11-21T23:40:00+01:00".into());
    input.commander = Some("Dana Reyes".into());
    let inc = declare(&f.store, input, "alice")?;
    assert_eq!(inc.title, "Encrypted file shares in Lyon");
    assert_eq!(inc.status, Status::Open);
    assert_eq!(inc.phase, Phase::DetectionAnalysis);
    assert_eq!(inc.id.get_version_num(), 7);

    let detail = show(&f.store, inc.id)?;
    assert_eq!(detail.incident, inc);
    assert_eq!(
        detail.incident.detected_at.to_rfc3339(),
        "2026-11-21T23:40:00+01:00"
    );
    assert_eq!(detail.audit.len(), 1);
    let entry = &detail.audit[0];
    assert_eq!(
        (entry.action, entry.actor.as_str()),
        (AuditAction::Declared, "alice")
    );
    assert!(entry
        .changes
        .iter()
        .any(|c| c.field == "severity" && c.new.as_deref() == Some("sev1") && c.old.is_none()));
    Ok(())
}

#[test]
fn invalid_input_is_refused_with_the_field_and_nothing_is_stored() -> Result<()> {
    let f = fixture()?;
    let mut bad_time = new("x", IncidentType::Other, Severity::Sev3);
    bad_time.detected_at = Some("yesterday".into());
    let cases = [
        (new("   ", IncidentType::Other, Severity::Sev3), "title"),
        (
            new(&"t".repeat(201), IncidentType::Other, Severity::Sev3),
            "title",
        ),
        (bad_time, "detected_at"),
    ];
    for (input, field) in cases {
        let err = declare(&f.store, input, "alice").err();
        assert!(
            matches!(&err, Some(Error::Validation { field: got, .. }) if got == field),
            "{err:?}"
        );
    }
    let mut future = new("x", IncidentType::Other, Severity::Sev3);
    future.detected_at = Some((Utc::now() + Duration::hours(2)).to_rfc3339());
    assert!(matches!(
        declare(&f.store, future, "alice"),
        Err(Error::Validation { .. })
    ));
    assert!(matches!(
        declare(&f.store, new("x", IncidentType::Other, Severity::Sev3), " "),
        Err(Error::Validation { .. })
    ));
    assert_eq!(raw_count(&f.store, "incidents")?, 0);
    assert_eq!(raw_count(&f.store, "timeline_entries")?, 0);
    Ok(())
}

#[test]
fn edit_records_old_and_new_values_and_bumps_revision() -> Result<()> {
    let f = fixture()?;
    let inc = declare(
        &f.store,
        new(
            "Phish",
            IncidentType::BusinessEmailCompromise,
            Severity::Sev3,
        ),
        "alice",
    )?;
    let patch = IncidentPatch {
        expected_revision: Some(1),
        severity: Some(Severity::Sev2),
        phase: Some(Phase::Containment),
        title: Some("Phish".into()), // unchanged: must not appear in the audit entry
        ..Default::default()
    };
    let edited = edit(&f.store, inc.id, patch, "bob")?;
    assert_eq!(
        (edited.severity, edited.phase, edited.revision),
        (Severity::Sev2, Phase::Containment, 2)
    );

    let audit = show(&f.store, inc.id)?.audit;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        (audit[1].action, audit[1].actor.as_str()),
        (AuditAction::Edited, "bob")
    );
    assert_eq!(
        audit[1].changes,
        vec![
            FieldChange {
                field: "severity".into(),
                old: Some("sev3".into()),
                new: Some("sev2".into())
            },
            FieldChange {
                field: "phase".into(),
                old: Some("detection_analysis".into()),
                new: Some("containment".into())
            },
        ]
    );
    Ok(())
}

#[test]
fn a_no_op_edit_writes_nothing() -> Result<()> {
    let f = fixture()?;
    let inc = declare(
        &f.store,
        new(
            "Phish",
            IncidentType::BusinessEmailCompromise,
            Severity::Sev3,
        ),
        "alice",
    )?;
    let same = edit(
        &f.store,
        inc.id,
        IncidentPatch {
            severity: Some(Severity::Sev3),
            ..Default::default()
        },
        "bob",
    )?;
    assert_eq!(same.revision, 1);
    assert_eq!(raw_count(&f.store, "timeline_entries")?, 1);
    Ok(())
}

#[test]
fn stale_revision_is_a_conflict_and_changes_nothing() -> Result<()> {
    let f = fixture()?;
    let inc = declare(
        &f.store,
        new("DDoS on checkout", IncidentType::Ddos, Severity::Sev2),
        "alice",
    )?;
    edit(
        &f.store,
        inc.id,
        IncidentPatch {
            summary: Some("CDN engaged".into()),
            ..Default::default()
        },
        "bob",
    )?;
    let stale = IncidentPatch {
        expected_revision: Some(1),
        severity: Some(Severity::Sev4),
        ..Default::default()
    };
    assert!(matches!(
        edit(&f.store, inc.id, stale, "carol"),
        Err(Error::Conflict(_))
    ));
    assert_eq!(show(&f.store, inc.id)?.incident.severity, Severity::Sev2);
    assert_eq!(raw_count(&f.store, "timeline_entries")?, 2);
    Ok(())
}

#[test]
fn close_and_reopen_are_audited() -> Result<()> {
    let f = fixture()?;
    let inc = declare(
        &f.store,
        new(
            "Laptop left on train",
            IncidentType::LostStolenDevice,
            Severity::Sev4,
        ),
        "alice",
    )?;
    let closed = set_status(&f.store, inc.id, Status::Closed, Some(1), "alice")?;
    assert!(closed.closed_at.is_some());
    assert!(matches!(
        set_status(&f.store, inc.id, Status::Closed, None, "alice"),
        Err(Error::Conflict(_))
    ));
    let reopened = set_status(&f.store, inc.id, Status::Open, None, "bob")?;
    assert_eq!(
        (reopened.status, reopened.closed_at, reopened.revision),
        (Status::Open, None, 3)
    );
    let actions: Vec<_> = show(&f.store, inc.id)?
        .audit
        .iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::Declared,
            AuditAction::Closed,
            AuditAction::Reopened
        ]
    );
    Ok(())
}

#[test]
fn list_filters_and_sorts() -> Result<()> {
    let f = fixture()?;
    let a = declare(
        &f.store,
        new("Alpha ransomware", IncidentType::Ransomware, Severity::Sev2),
        "x",
    )?;
    let b = declare(
        &f.store,
        new(
            "bravo BEC 100%",
            IncidentType::BusinessEmailCompromise,
            Severity::Sev1,
        ),
        "x",
    )?;
    let c = declare(
        &f.store,
        new(
            "Charlie ransomware",
            IncidentType::Ransomware,
            Severity::Sev4,
        ),
        "x",
    )?;
    set_status(&f.store, c.id, Status::Closed, None, "x")?;
    let ids = |filter: IncidentFilter| -> Result<Vec<Uuid>> {
        Ok(list(&f.store, &filter)?.into_iter().map(|i| i.id).collect())
    };

    assert_eq!(ids(IncidentFilter::default())?, vec![c.id, b.id, a.id]);
    assert_eq!(
        ids(IncidentFilter {
            sort: Some(IncidentSort::Severity),
            ..Default::default()
        })?,
        vec![b.id, a.id, c.id]
    );
    assert_eq!(
        ids(IncidentFilter {
            sort: Some(IncidentSort::Title),
            ..Default::default()
        })?,
        vec![a.id, b.id, c.id]
    );
    assert_eq!(
        ids(IncidentFilter {
            status: Some(Status::Open),
            ..Default::default()
        })?,
        vec![b.id, a.id]
    );
    let ransomware_open = IncidentFilter {
        status: Some(Status::Open),
        incident_type: Some(IncidentType::Ransomware),
        ..Default::default()
    };
    assert_eq!(ids(ransomware_open)?, vec![a.id]);
    assert_eq!(
        ids(IncidentFilter {
            severity: Some(Severity::Sev4),
            ..Default::default()
        })?,
        vec![c.id]
    );
    // LIKE wildcards in the search text are literal.
    assert_eq!(
        ids(IncidentFilter {
            text: Some("100%".into()),
            ..Default::default()
        })?,
        vec![b.id]
    );
    assert_eq!(
        ids(IncidentFilter {
            text: Some("RANSOM".into()),
            ..Default::default()
        })?
        .len(),
        2
    );
    Ok(())
}

#[test]
fn ids_resolve_from_unambiguous_prefixes() -> Result<()> {
    let f = fixture()?;
    let inc = declare(&f.store, new("x", IncidentType::Other, Severity::Sev3), "x")?;
    let full = inc.id.to_string();
    assert_eq!(resolve_id(&f.store, &full)?, inc.id);
    assert_eq!(resolve_id(&f.store, &full[..8])?, inc.id);
    assert_eq!(resolve_id(&f.store, &full[full.len() - 8..])?, inc.id);
    // Declared in the same minute: same leading characters, so the prefix is ambiguous.
    let other = declare(&f.store, new("y", IncidentType::Other, Severity::Sev3), "x")?;
    assert!(matches!(
        resolve_id(&f.store, &full[..8]),
        Err(Error::Validation { .. })
    ));
    let other_full = other.id.to_string();
    assert_eq!(
        resolve_id(&f.store, &other_full[other_full.len() - 8..])?,
        other.id
    );
    assert!(matches!(
        resolve_id(&f.store, "abc"),
        Err(Error::Validation { .. })
    ));
    assert!(matches!(
        resolve_id(&f.store, "ffffffff"),
        Err(Error::NotFound { .. })
    ));
    Ok(())
}

#[test]
fn audit_entries_cannot_be_rewritten_even_with_raw_sql() -> Result<()> {
    let f = fixture()?;
    declare(&f.store, new("x", IncidentType::Other, Severity::Sev3), "x")?;
    let update = f
        .store
        .write(|tx| Ok(tx.execute("UPDATE timeline_entries SET recorded_by = 'mallory'", [])?));
    assert!(update
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default()
        .contains("append-only"));
    let delete = f
        .store
        .write(|tx| Ok(tx.execute("DELETE FROM timeline_entries", [])?));
    assert!(delete.is_err());
    assert_eq!(raw_count(&f.store, "timeline_entries")?, 1);
    Ok(())
}
