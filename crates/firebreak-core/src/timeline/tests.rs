use super::*;
use crate::catalog::{IncidentType, Severity};
use crate::incident::{self, IncidentPatch};
use crate::testing::Fx;

fn fx() -> Result<Fx> {
    crate::testing::with_incident(IncidentType::DataBreach, "Exfil over HTTPS")
}

fn event(at: &str, message: &str) -> NewEvent {
    NewEvent {
        occurred_at: at.into(),
        message: message.into(),
        ..NewEvent::default()
    }
}

fn messages(f: &Fx, filter: TimelineFilter) -> Result<Vec<String>> {
    Ok(list(&f.store, f.incident, &filter)?
        .into_iter()
        .map(|e| e.message)
        .collect())
}

#[test]
fn events_and_actions_share_one_intact_chain() -> Result<()> {
    let f = fx()?;
    let mut e = event(
        "2026-11-20T23:15:00+01:00",
        "Outbound 4 GB to 203.0.113.7 from FS-01",
    );
    e.host = Some("FS-01".into());
    e.tactics = vec!["Exfiltration".into(), "Defense Evasion".into()];
    e.techniques = vec!["t1048".into()];
    e.confidence = Some(80);
    e.tags = vec!["exfil".into()];
    let added = add_event(&f.store, f.incident, e, "bob")?;
    assert_eq!(added.tactics, vec!["TA0010", "TA0005"]);
    assert_eq!(added.techniques, vec!["T1048"]);
    assert_eq!(added.occurred_at.to_rfc3339(), "2026-11-20T23:15:00+01:00");
    incident::edit(
        &f.store,
        f.incident,
        IncidentPatch {
            severity: Some(Severity::Sev1),
            ..Default::default()
        },
        "carol",
    )?;

    let all = list(
        &f.store,
        f.incident,
        &TimelineFilter {
            order: Some(TimelineOrder::Recorded),
            ..Default::default()
        },
    )?;
    assert_eq!(
        all.iter().map(|e| e.kind).collect::<Vec<_>>(),
        vec![EntryKind::Action, EntryKind::Event, EntryKind::Action]
    );
    assert_eq!(all[2].message, "Incident edited (severity: sev2 → sev1)");
    match verify(&f.store, f.incident)? {
        ChainStatus::Intact { entries, head_hash } => {
            assert_eq!(entries, 3);
            assert_eq!(head_hash, all[2].hash);
        }
        broken => panic!("{broken:?}"),
    }
    Ok(())
}

#[test]
fn events_are_validated() -> Result<()> {
    let f = fx()?;
    let cases = [
        (event("yesterday", "x"), "occurred_at"),
        (event("2026-11-20T23:15:00Z", "  "), "message"),
        (
            NewEvent {
                tactics: vec!["Teleportation".into()],
                ..event("2026-11-20T23:15:00Z", "x")
            },
            "tactics",
        ),
        (
            NewEvent {
                techniques: vec!["T15".into()],
                ..event("2026-11-20T23:15:00Z", "x")
            },
            "techniques",
        ),
        (
            NewEvent {
                confidence: Some(101),
                ..event("2026-11-20T23:15:00Z", "x")
            },
            "confidence",
        ),
        (
            NewEvent {
                step_links: vec!["Ransomware step".into()],
                ..event("2026-11-20T23:15:00Z", "x")
            },
            "step_links",
        ),
    ];
    for (e, field) in cases {
        let err = add_event(&f.store, f.incident, e, "bob").err();
        assert!(
            matches!(&err, Some(Error::Validation { field: got, .. }) if got == field),
            "{field}: {err:?}"
        );
    }
    Ok(())
}

#[test]
fn edits_and_retractions_keep_history() -> Result<()> {
    let f = fx()?;
    let first = add_event(
        &f.store,
        f.incident,
        event("2026-11-20T10:00:00Z", "Phish opened by J. Doe"),
        "bob",
    )?;
    let fixed = edit_event(
        &f.store,
        f.incident,
        first.id,
        event("2026-11-20T09:58:00Z", "Phish opened by J. Roe"),
        "bob",
    )?;
    assert_eq!(fixed.supersedes, Some(first.id));
    assert!(matches!(
        edit_event(
            &f.store,
            f.incident,
            first.id,
            event("2026-11-20T10:00:00Z", "again"),
            "bob"
        ),
        Err(Error::Conflict(_))
    ));
    let other = add_event(
        &f.store,
        f.incident,
        event("2026-11-20T11:00:00Z", "Duplicate alert"),
        "bob",
    )?;
    assert!(matches!(
        retract(&f.store, f.incident, other.id, " ", "bob"),
        Err(Error::Validation { .. })
    ));
    retract(
        &f.store,
        f.incident,
        other.id,
        "same alert as the phish",
        "bob",
    )?;

    let events = TimelineFilter {
        kind: Some(EntryKind::Event),
        ..Default::default()
    };
    assert_eq!(
        messages(&f, events.clone())?,
        vec!["Phish opened by J. Roe"]
    );
    let history = TimelineFilter {
        include_history: true,
        ..Default::default()
    };
    let all = list(&f.store, f.incident, &history)?;
    assert!(all
        .iter()
        .any(|e| e.message == "Phish opened by J. Doe" && e.superseded));
    assert!(all
        .iter()
        .any(|e| e.kind == EntryKind::Retraction && e.reason == "same alert as the phish"));
    assert!(matches!(
        verify(&f.store, f.incident)?,
        ChainStatus::Intact { entries: 5, .. }
    ));
    Ok(())
}

#[test]
fn filters_by_host_actor_tactic_tag_text_and_window() -> Result<()> {
    let f = fx()?;
    let mk = |at: &str, msg: &str, host: &str, tag: &str, tactic: &str| NewEvent {
        host: Some(host.into()),
        account: Some("svc-backup".into()),
        tags: vec![tag.into()],
        tactics: vec![tactic.into()],
        ..event(at, msg)
    };
    add_event(
        &f.store,
        f.incident,
        mk(
            "2026-11-20T08:00:00Z",
            "RDP logon",
            "DC-01",
            "lateral",
            "TA0008",
        ),
        "bob",
    )?;
    add_event(
        &f.store,
        f.incident,
        mk(
            "2026-11-20T09:00:00Z",
            "Mimikatz seen",
            "DC-01",
            "creds",
            "TA0006",
        ),
        "bob",
    )?;
    add_event(
        &f.store,
        f.incident,
        mk(
            "2026-11-20T10:00:00Z",
            "Staging archive",
            "FS-01",
            "exfil",
            "TA0009",
        ),
        "bob",
    )?;
    let base = TimelineFilter {
        kind: Some(EntryKind::Event),
        ..Default::default()
    };
    assert_eq!(
        messages(
            &f,
            TimelineFilter {
                host: Some("dc-01".into()),
                ..base.clone()
            }
        )?,
        vec!["RDP logon", "Mimikatz seen"]
    );
    assert_eq!(
        messages(
            &f,
            TimelineFilter {
                tactic: Some("Credential Access".into()),
                ..base.clone()
            }
        )?,
        vec!["Mimikatz seen"]
    );
    assert_eq!(
        messages(
            &f,
            TimelineFilter {
                tag: Some("EXFIL".into()),
                ..base.clone()
            }
        )?,
        vec!["Staging archive"]
    );
    assert_eq!(
        messages(
            &f,
            TimelineFilter {
                text: Some("mimi".into()),
                ..base.clone()
            }
        )?,
        vec!["Mimikatz seen"]
    );
    assert_eq!(
        messages(
            &f,
            TimelineFilter {
                actor: Some("backup".into()),
                ..base.clone()
            }
        )?
        .len(),
        3
    );
    let window = TimelineFilter {
        from: Some("2026-11-20T09:00:00Z".into()),
        to: Some("2026-11-20T11:00:00+01:00".into()),
        ..base.clone()
    };
    assert_eq!(messages(&f, window)?, vec!["Mimikatz seen"]);
    Ok(())
}

#[test]
fn tampering_behind_firebreaks_back_is_detected() -> Result<()> {
    let f = fx()?;
    add_event(
        &f.store,
        f.incident,
        event("2026-11-20T08:00:00Z", "Beacon to 198.51.100.9"),
        "bob",
    )?;
    add_event(
        &f.store,
        f.incident,
        event("2026-11-20T09:00:00Z", "Backup deleted"),
        "bob",
    )?;
    drop(f.store);
    let path = f.dir.path().join("t.db");
    // What someone with the sqlite3 shell could do: drop the guard, rewrite history.
    let c = Connection::open(&path)?;
    c.execute_batch(
        "DROP TRIGGER timeline_entries_no_update;
         UPDATE timeline_entries SET message = 'Backup verified' WHERE message = 'Backup deleted';",
    )?;
    drop(c);
    let store = Store::open(&path)?;
    match verify(&store, f.incident)? {
        ChainStatus::Broken {
            first_bad_seq,
            problem,
            ..
        } => {
            assert_eq!(first_bad_seq, 3);
            assert!(problem.contains("altered"), "{problem}");
        }
        intact => panic!("tampering not detected: {intact:?}"),
    }
    Ok(())
}

#[test]
fn deleting_an_entry_is_detected() -> Result<()> {
    let f = fx()?;
    add_event(
        &f.store,
        f.incident,
        event("2026-11-20T08:00:00Z", "one"),
        "bob",
    )?;
    add_event(
        &f.store,
        f.incident,
        event("2026-11-20T09:00:00Z", "two"),
        "bob",
    )?;
    let path = f.dir.path().join("t.db");
    let c = Connection::open(&path)?;
    c.execute_batch("DROP TRIGGER timeline_entries_no_delete; DELETE FROM timeline_entries WHERE message = 'one';")?;
    drop(c);
    assert!(matches!(
        verify(&f.store, f.incident)?,
        ChainStatus::Broken {
            first_bad_seq: 2,
            ..
        }
    ));
    Ok(())
}
