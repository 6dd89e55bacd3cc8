use std::io::Write;

use super::vocab::*;
use super::*;
use crate::catalog::{IncidentType, Phase};
use crate::incident::{self, AuditAction, IncidentPatch};
use crate::testing::{with_incident, Fx};
use crate::timeline::{self, ChainStatus, NewEvent, TimelineFilter};

fn no_progress() -> impl FnMut(crate::progress::Progress) {
    |_| {}
}

fn write_file(fx: &Fx, name: &str, bytes: &[u8]) -> crate::Result<String> {
    let path = fx.dir.path().join(name);
    let mut f = std::fs::File::create(&path).map_err(|e| crate::Error::Io {
        context: "create".into(),
        source: e,
    })?;
    f.write_all(bytes).map_err(|e| crate::Error::Io {
        context: "write".into(),
        source: e,
    })?;
    Ok(path.to_string_lossy().into_owned())
}

fn add_file(fx: &Fx, path: &str) -> crate::Result<EvidenceItem> {
    evidence::add(
        &fx.store,
        fx.incident,
        NewEvidence {
            label: "Memory image FIN-LT-042".into(),
            path: Some(path.into()),
            source_system: "EDR live response".into(),
            collected_at: Some("2026-11-20T09:15:00+01:00".into()),
            storage_location: "Evidence locker B, shelf 2".into(),
            ..NewEvidence::default()
        },
        "bob",
        &mut no_progress(),
    )
}

fn actions(fx: &Fx) -> crate::Result<Vec<AuditAction>> {
    Ok(incident::show(&fx.store, fx.incident)?
        .audit
        .into_iter()
        .map(|a| a.action)
        .collect())
}

#[test]
fn evidence_is_hashed_where_it_lies_with_its_collection_on_record() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Evidence")?;
    let path = write_file(&fx, "mem.raw", b"abc")?;
    let item = add_file(&fx, &path)?;
    assert_eq!(
        item.sha256.as_deref(),
        Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );
    assert_eq!(item.size_bytes, Some(3));
    assert_eq!(item.kind, EvidenceKind::File);
    assert_eq!(item.collected_at.to_rfc3339(), "2026-11-20T09:15:00+01:00");
    assert_eq!(item.custody.len(), 1);
    assert_eq!(item.custody[0].action, CustodyAction::Collected);
    assert_eq!(item.custody[0].location, "Evidence locker B, shelf 2");
    assert!(actions(&fx)?.contains(&AuditAction::EvidenceAdded));
    Ok(())
}

#[test]
fn a_tampered_file_is_detected_recorded_and_on_the_timeline() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Tamper")?;
    let path = write_file(&fx, "disk.img", b"original evidence bytes")?;
    let item = add_file(&fx, &path)?;
    let ok = evidence::verify(&fx.store, fx.incident, item.id, "carol", &mut no_progress())?;
    assert_eq!(ok.status, EvidenceStatus::Intact);

    write_file(&fx, "disk.img", b"original evidence bytez")?;
    let bad = evidence::verify(&fx.store, fx.incident, item.id, "carol", &mut no_progress())?;
    assert_eq!(bad.status, EvidenceStatus::Mismatch);
    assert!(bad.message.contains("HASH MISMATCH"), "{}", bad.message);
    assert_ne!(bad.observed_sha256, item.sha256);

    let after = evidence::get(&fx.store, fx.incident, item.id)?;
    assert_eq!(after.status, EvidenceStatus::Mismatch);
    let trail: Vec<CustodyAction> = after.custody.iter().map(|c| c.action).collect();
    assert_eq!(
        trail,
        [
            CustodyAction::Collected,
            CustodyAction::Verified,
            CustodyAction::VerificationFailed
        ]
    );
    let mismatch = timeline::list(&fx.store, fx.incident, &TimelineFilter::default())?
        .into_iter()
        .find(|e| e.action == Some(AuditAction::EvidenceMismatch));
    let mismatch = mismatch.ok_or_else(|| crate::Error::Corrupt("no mismatch entry".into()))?;
    assert!(
        mismatch.message.contains("EVIDENCE INTEGRITY FAILURE"),
        "{}",
        mismatch.message
    );
    assert!(matches!(
        timeline::verify(&fx.store, fx.incident)?,
        ChainStatus::Intact { .. }
    ));

    std::fs::remove_file(&path).map_err(|e| crate::Error::Io {
        context: "rm".into(),
        source: e,
    })?;
    let gone = evidence::verify(&fx.store, fx.incident, item.id, "carol", &mut no_progress())?;
    assert_eq!(gone.status, EvidenceStatus::Missing);
    assert_eq!(gone.observed_sha256, None);
    Ok(())
}

#[test]
fn the_recorded_hash_and_custody_log_cannot_be_rewritten() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Fixed")?;
    let path = write_file(&fx, "a.bin", b"x")?;
    let item = add_file(&fx, &path)?;
    let conn = rusqlite::Connection::open(fx.store.path())?;
    let hash = conn.execute("UPDATE evidence SET sha256 = ?1", [&"0".repeat(64)]);
    assert!(format!("{hash:?}").contains("cannot change"), "{hash:?}");
    let custody = conn.execute("UPDATE custody_events SET actor = 'mallory'", []);
    assert!(
        format!("{custody:?}").contains("append-only"),
        "{custody:?}"
    );
    let delete = conn.execute("DELETE FROM custody_events", []);
    assert!(delete.is_err());
    assert_eq!(
        evidence::get(&fx.store, fx.incident, item.id)?.custody[0].actor,
        "bob"
    );
    Ok(())
}

#[test]
fn custody_needs_a_reason_and_nothing_follows_destruction() -> crate::Result<()> {
    let fx = with_incident(IncidentType::InsiderThreat, "Custody")?;
    let item = evidence::add(
        &fx.store,
        fx.incident,
        NewEvidence {
            label: "Laptop image held by forensics vendor".into(),
            sha256: Some("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855".into()),
            storage_location: "Vendor case 2026-118".into(),
            ..NewEvidence::default()
        },
        "bob",
        &mut no_progress(),
    )?;
    assert_eq!(item.kind, EvidenceKind::Reference);
    assert_eq!(
        item.sha256.as_deref(),
        Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    );
    let event = |action, purpose: &str| NewCustodyEvent {
        action,
        actor: Some("Dana (vendor)".into()),
        at: Some("2026-11-21T14:00:00-05:00".into()),
        location: "Vendor lab, Reston".into(),
        purpose: purpose.into(),
    };
    let no_reason = evidence::record_custody(
        &fx.store,
        fx.incident,
        item.id,
        event(CustodyAction::Transferred, " "),
        "bob",
    );
    assert!(
        matches!(no_reason, Err(crate::Error::Validation { ref field, .. }) if field == "purpose")
    );
    let forged = evidence::record_custody(
        &fx.store,
        fx.incident,
        item.id,
        event(CustodyAction::Verified, "x"),
        "bob",
    );
    assert!(forged.is_err());
    evidence::record_custody(
        &fx.store,
        fx.incident,
        item.id,
        event(CustodyAction::Transferred, "Imaging"),
        "bob",
    )?;
    evidence::record_custody(
        &fx.store,
        fx.incident,
        item.id,
        event(CustodyAction::Destroyed, "Retention ended"),
        "bob",
    )?;
    let after = evidence::record_custody(
        &fx.store,
        fx.incident,
        item.id,
        event(CustodyAction::Accessed, "Look"),
        "bob",
    );
    assert!(matches!(after, Err(crate::Error::Conflict(ref m)) if m.contains("destroyed")));
    let verify = evidence::verify(&fx.store, fx.incident, item.id, "bob", &mut no_progress());
    assert!(verify.is_err(), "a reference cannot be re-hashed");
    let reference_without_place = evidence::add(
        &fx.store,
        fx.incident,
        NewEvidence {
            label: "Somewhere".into(),
            ..NewEvidence::default()
        },
        "bob",
        &mut no_progress(),
    );
    assert!(
        matches!(reference_without_place, Err(crate::Error::Validation { ref field, .. }) if field == "storage_location")
    );
    Ok(())
}

#[test]
fn indicators_are_all_or_nothing_and_deduplicated() -> crate::Result<()> {
    let fx = with_incident(IncidentType::BusinessEmailCompromise, "IOCs")?;
    let ioc = |v: &str, first: Option<&str>| NewIndicator {
        value: v.into(),
        first_seen: first.map(str::to_owned),
        ..NewIndicator::default()
    };
    let bad = indicators::add(
        &fx.store,
        fx.incident,
        vec![
            ioc("evil.com", None),
            ioc("999.1.1.1x", None),
            ioc("1.2.3.4", None),
        ],
        "",
        "bob",
    );
    let msg = format!("{bad:?}");
    assert!(
        msg.contains("indicator 2 of 3") && msg.contains("none were added"),
        "{msg}"
    );
    assert!(indicators::list(&fx.store, fx.incident)?.is_empty());

    let first = indicators::add(
        &fx.store,
        fx.incident,
        vec![
            ioc(
                "hxxps://login-micros0ft[.]com/owa",
                Some("2026-11-19T08:00:00Z"),
            ),
            ioc("EVIL.com", None),
        ],
        "",
        "bob",
    )?;
    assert_eq!(first.added.len(), 2);
    assert_eq!(first.added[0].value, "https://login-micros0ft.com/owa");
    assert_eq!(first.added[0].original, "hxxps://login-micros0ft[.]com/owa");
    assert_eq!(first.added[0].tlp, Tlp::Amber);

    let again = indicators::add(
        &fx.store,
        fx.incident,
        vec![ioc(
            "https://login-micros0ft.com/owa",
            Some("2026-11-18T08:00:00+01:00"),
        )],
        "",
        "bob",
    )?;
    assert!(again.added.is_empty());
    assert_eq!(again.already_known.len(), 1);
    let widened = again.already_known[0].first_seen.map(|m| m.to_rfc3339());
    assert_eq!(widened.as_deref(), Some("2026-11-18T08:00:00+01:00"));
    assert_eq!(indicators::list(&fx.store, fx.incident)?.len(), 2);
    let acts = actions(&fx)?;
    // The batch of two is one entry; the single repeat sighting is an entry of its own.
    let count = |k: AuditAction| acts.iter().filter(|a| **a == k).count();
    assert_eq!(count(AuditAction::IndicatorAdded), 0);
    assert_eq!(count(AuditAction::IndicatorsAdded), 1);
    assert_eq!(count(AuditAction::IndicatorUpdated), 1);

    let found = indicators::extract(
        &fx.store,
        fx.incident,
        "beacon to evil[.]com and 203.0.113.50",
    )?;
    assert_eq!(found.len(), 2);
    assert!(found[0].known && !found[1].known);
    Ok(())
}

#[test]
fn stix_bundle_is_deterministic_and_complete() -> crate::Result<()> {
    let fx = with_incident(IncidentType::BusinessEmailCompromise, "STIX")?;
    indicators::add(
        &fx.store,
        fx.incident,
        vec![
            NewIndicator {
                value: "evil.com".into(),
                tlp: Some(Tlp::AmberStrict),
                ..NewIndicator::default()
            },
            NewIndicator {
                value: "HKCU\\Software\\Run".into(),
                ..NewIndicator::default()
            },
        ],
        "",
        "bob",
    )?;
    let inc = incident::show(&fx.store, fx.incident)?.incident;
    let list = indicators::list(&fx.store, fx.incident)?;
    let a = ioc::stix::bundle(&inc, &list, "Example Corp");
    let b = ioc::stix::bundle(&inc, &list, "Example Corp");
    assert_eq!(a, b);
    let objects = a["objects"].as_array().cloned().unwrap_or_default();
    let count = |t: &str| objects.iter().filter(|o| o["type"] == t).count();
    assert_eq!(
        (
            count("identity"),
            count("incident"),
            count("indicator"),
            count("relationship"),
            count("marking-definition")
        ),
        (1, 1, 2, 2, 1)
    );
    let patterns: Vec<&str> = objects
        .iter()
        .filter_map(|o| o["pattern"].as_str())
        .collect();
    assert!(
        patterns.contains(&"[domain-name:value = 'evil.com']"),
        "{patterns:?}"
    );
    assert!(
        patterns.contains(&"[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\Run']"),
        "{patterns:?}"
    );
    Ok(())
}

#[test]
fn assets_refuse_duplicates_and_stale_edits() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Assets")?;
    let input = |containment| AssetInput {
        kind: AssetKind::Host,
        name: "FIN-LT-042".into(),
        owner: "Finance".into(),
        compromise: Compromise::Confirmed,
        containment,
        notes: String::new(),
    };
    let a = assets::add(
        &fx.store,
        fx.incident,
        input(Containment::NotStarted),
        "bob",
    )?;
    let dup = assets::add(
        &fx.store,
        fx.incident,
        AssetInput {
            name: "fin-lt-042".into(),
            ..input(Containment::NotStarted)
        },
        "bob",
    );
    assert!(matches!(dup, Err(crate::Error::Conflict(_))));
    let b = assets::update(
        &fx.store,
        fx.incident,
        a.id,
        input(Containment::Contained),
        a.revision,
        "carol",
    )?;
    assert_eq!((b.containment, b.revision), (Containment::Contained, 2));
    let stale = assets::update(
        &fx.store,
        fx.incident,
        a.id,
        input(Containment::InProgress),
        a.revision,
        "dave",
    );
    assert!(matches!(stale, Err(crate::Error::Conflict(_))));
    let last = incident::show(&fx.store, fx.incident)?.audit.pop();
    let last = last.ok_or_else(|| crate::Error::Corrupt("no audit".into()))?;
    assert_eq!(last.action, AuditAction::AssetUpdated);
    assert_eq!(last.changes[0].old.as_deref(), Some("Not contained"));
    assert_eq!(last.changes[0].new.as_deref(), Some("Contained"));
    Ok(())
}

#[test]
fn hypotheses_root_cause_and_lessons() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Root cause")?;
    let h = rootcause::add_hypothesis(
        &fx.store,
        fx.incident,
        "Initial access via exposed RDP",
        "bob",
    )?;
    let no_why = rootcause::set_hypothesis(
        &fx.store,
        fx.incident,
        h.id,
        HypothesisStatus::Refuted,
        "",
        "bob",
    );
    assert!(
        matches!(no_why, Err(crate::Error::Validation { ref field, .. }) if field == "rationale")
    );
    let h = rootcause::set_hypothesis(
        &fx.store,
        fx.incident,
        h.id,
        HypothesisStatus::Refuted,
        "RDP closed at the firewall since 2024 (change 8812)",
        "bob",
    )?;
    assert_eq!(h.status, HypothesisStatus::Refuted);

    let input = |access: &str, revision| RootCauseInput {
        statement: "Phishing email delivered a loader; stolen VPN credentials without MFA.".into(),
        initial_access: access.into(),
        contributing_factors: vec![
            "No MFA on VPN".into(),
            "No MFA on VPN".into(),
            "EDR not on FIN-LT-042".into(),
        ],
        revision,
    };
    let wrong = rootcause::set_root_cause(&fx.store, fx.incident, input("T1486", None), "bob");
    assert!(
        matches!(wrong, Err(crate::Error::Validation { ref field, .. }) if field == "initial_access")
    );
    let rc = rootcause::set_root_cause(&fx.store, fx.incident, input("t1566.001", Some(0)), "bob")?;
    assert_eq!(rc.initial_access, "T1566.001");
    assert_eq!(rc.initial_access_name, "Phishing: Spearphishing Attachment");
    assert_eq!(rc.contributing_factors.len(), 2);
    let stale = rootcause::set_root_cause(&fx.store, fx.incident, input("T1078", Some(0)), "carol");
    assert!(matches!(stale, Err(crate::Error::Conflict(_))));

    let bad_date = rootcause::add_action_item(
        &fx.store,
        fx.incident,
        ActionItemInput {
            action: "MFA on VPN".into(),
            owner: "IT".into(),
            due_date: "2026-02-30".into(),
        },
        "bob",
    );
    assert!(
        matches!(bad_date, Err(crate::Error::Validation { ref field, .. }) if field == "due_date")
    );
    let item = rootcause::add_action_item(
        &fx.store,
        fx.incident,
        ActionItemInput {
            action: "Enforce MFA on VPN".into(),
            owner: "IT ops".into(),
            due_date: "2026-12-15".into(),
        },
        "bob",
    )?;
    let done =
        rootcause::set_action_status(&fx.store, fx.incident, item.id, ActionStatus::Done, "bob")?;
    assert!(done.done_at.is_some());

    let ws = workspace(&fx.store, fx.incident)?;
    assert_eq!((ws.hypotheses.len(), ws.action_items.len()), (1, 1));
    assert!(ws.root_cause.is_some());
    Ok(())
}

#[test]
fn links_stay_inside_the_incident() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Links")?;
    let other = incident::declare(
        &fx.store,
        incident::NewIncident {
            title: "Other".into(),
            incident_type: IncidentType::Other,
            severity: crate::catalog::Severity::Sev4,
            detected_at: None,
            phase: None,
            commander: None,
            summary: None,
        },
        "bob",
    )?;
    let path = write_file(&fx, "e.bin", b"e")?;
    let item = add_file(&fx, &path)?;
    let finding = rootcause::add_finding(&fx.store, fx.incident, "Loader ran as SYSTEM", "bob")?;
    let link = Link {
        from_kind: LinkFrom::Evidence,
        from_id: item.id.to_string(),
        to_kind: LinkTo::Finding,
        to_id: finding.id.to_string(),
    };
    links::add(&fx.store, fx.incident, link.clone(), "bob")?;
    links::add(&fx.store, fx.incident, link.clone(), "bob")?;
    assert_eq!(workspace(&fx.store, fx.incident)?.links, vec![link.clone()]);
    let foreign = links::add(&fx.store, other.id, link.clone(), "bob");
    assert!(matches!(foreign, Err(crate::Error::NotFound { .. })));
    let wrong_way = links::add(
        &fx.store,
        fx.incident,
        Link {
            to_kind: LinkTo::Evidence,
            ..link
        },
        "bob",
    );
    assert!(wrong_way.is_err());
    Ok(())
}

#[test]
fn metrics_are_measured_only_from_recorded_moments() -> crate::Result<()> {
    let fx = with_incident(IncidentType::Ransomware, "Metrics")?;
    let m = metrics::metrics(&fx.store, fx.incident)?;
    let get = |m: &[metrics::Metric], k: &str| m.iter().find(|x| x.key == k).cloned();
    let detect =
        get(&m, "time_to_detect").ok_or_else(|| crate::Error::Corrupt("no metric".into()))?;
    assert_eq!(detect.seconds, None);
    assert!(
        detect.missing.contains("not yet established"),
        "{}",
        detect.missing
    );
    assert!(
        get(&m, "time_to_contain").is_some_and(|x| x.seconds.is_none() && x.display == "missing")
    );

    let detected = incident::show(&fx.store, fx.incident)?.incident.detected_at;
    let earlier = detected - chrono::Duration::hours(50);
    let first = timeline::add_event(
        &fx.store,
        fx.incident,
        NewEvent {
            occurred_at: earlier.to_rfc3339(),
            message: "First phishing email opened".into(),
            ..NewEvent::default()
        },
        "bob",
    )?;
    initial_access::mark(&fx.store, fx.incident, first.id, "bob")?;
    incident::edit(
        &fx.store,
        fx.incident,
        IncidentPatch {
            phase: Some(Phase::Eradication),
            ..IncidentPatch::default()
        },
        "bob",
    )?;
    let m = metrics::metrics(&fx.store, fx.incident)?;
    let detect =
        get(&m, "time_to_detect").ok_or_else(|| crate::Error::Corrupt("no metric".into()))?;
    assert_eq!(detect.seconds, Some(50 * 3600));
    assert_eq!(detect.display, "2 d 2 h");
    assert!(get(&m, "time_to_contain").is_some_and(|x| x.seconds.is_some()));
    assert!(get(&m, "time_to_recover").is_some_and(|x| x.seconds.is_none()));
    assert_eq!(metrics::human(59), "59 s");
    assert_eq!(metrics::human(3 * 3600 + 15 * 60), "3 h 15 min");
    Ok(())
}

#[test]
fn a_pasted_batch_is_one_timeline_entry_with_every_value() -> crate::Result<()> {
    let fx = with_incident(IncidentType::BusinessEmailCompromise, "Pasted report")?;
    let ioc = |v: &str| NewIndicator {
        value: v.into(),
        ..NewIndicator::default()
    };
    indicators::add(
        &fx.store,
        fx.incident,
        vec![ioc("known.example")],
        "",
        "bob",
    )?;
    let before = timeline::list(&fx.store, fx.incident, &TimelineFilter::default())?.len();
    let mut batch: Vec<NewIndicator> = (0..40).map(|i| ioc(&format!("198.51.100.{i}"))).collect();
    batch.extend((0..12).map(|i| ioc(&format!("bad{i}[.]example"))));
    batch.push(ioc("known.example"));
    batch.push(NewIndicator {
        first_seen: Some("2026-11-01T00:00:00Z".into()),
        ..ioc("known.example")
    });
    let out = indicators::add(&fx.store, fx.incident, batch, "pasted text", "bob")?;
    assert_eq!(out.added.len(), 52);

    let all = timeline::list(&fx.store, fx.incident, &TimelineFilter::default())?;
    assert_eq!(all.len(), before + 1, "one entry for the whole batch");
    let entry = all
        .iter()
        .find(|e| e.action == Some(AuditAction::IndicatorsAdded))
        .ok_or(crate::Error::Corrupt("no bulk entry".into()))?;
    assert_eq!(
        entry.summary,
        "Added 52 indicators from pasted text: 40 IPv4 addresses, 12 domains; 1 already known \
         (sightings merged)"
    );
    assert_eq!(entry.message, entry.summary);
    assert_eq!(entry.sentences.len(), 53);
    assert!(entry
        .sentences
        .contains(&"IPv4 address 198.51.100.39".to_owned()));
    assert!(entry.sentences.contains(&"Domain bad11.example".to_owned()));
    assert!(entry
        .sentences
        .contains(&"Domain known.example (already known)".to_owned()));
    let trail = incident::show(&fx.store, fx.incident)?.audit;
    let last = trail
        .last()
        .ok_or(crate::Error::Corrupt("no audit".into()))?;
    assert_eq!(last.sentences, entry.sentences);
    assert_eq!(last.headline, entry.summary);
    assert!(matches!(
        timeline::verify(&fx.store, fx.incident)?,
        ChainStatus::Intact { .. }
    ));
    Ok(())
}
