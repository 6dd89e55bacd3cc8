//! Notification facts, obligations and decisions against a real migrated store.

use super::rule_tests::{at, place};
use super::vocab::{Answer, DataCategory, ProfileFlag};
use super::*;
use crate::catalog::IncidentType;
use crate::incident::{self, AuditAction, AuditEntry};
use crate::testing::with_incident;
use crate::{Error, Result};

fn eu_and_california() -> NotificationFacts {
    let mut f = NotificationFacts {
        jurisdictions: vec![place("DE", 1200), place("US-CA", 300)],
        data_categories: vec![DataCategory::PersonalData],
        risk_to_people: vocab::RiskLevel::Risk,
        ..NotificationFacts::default()
    };
    f.moments.aware_personal_data_breach = Some(at("2026-11-20T10:00:00+01:00"));
    f
}

fn find<'a>(v: &'a ObligationsView, id: &str) -> Option<&'a Obligation> {
    v.obligations.iter().find(|o| o.rule_id == id)
}

fn actions(f: &crate::testing::Fx, action: AuditAction) -> Result<Vec<AuditEntry>> {
    let trail = incident::show(&f.store, f.incident)?.audit;
    Ok(trail.into_iter().filter(|e| e.action == action).collect())
}

#[test]
fn facts_derive_obligations_and_the_timeline_says_why() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "Customer DB")?;
    let view = set_facts(&f.store, f.incident, &eu_and_california(), "alice")?;
    let gdpr = find(&view, "gdpr-33-authority").ok_or(Error::Corrupt("no GDPR".into()))?;
    assert_eq!(gdpr.applicability, Applicability::Applies);
    assert_eq!(
        gdpr.due_utc.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-23T09:00:00+00:00")
    );
    assert!(
        gdpr.reasons.iter().any(|r| r.contains("Germany")),
        "{:?}",
        gdpr.reasons
    );
    assert!(!gdpr.sources.is_empty() && !gdpr.last_reviewed.is_empty());

    let added = actions(&f, AuditAction::ObligationAdded)?;
    let entry = added
        .iter()
        .find(|e| e.subject.contains("gdpr-33-authority"));
    assert!(entry.is_some_and(|e| e.note.contains("people affected in Germany")));
    assert_eq!(actions(&f, AuditAction::NotificationFactsChanged)?.len(), 1);

    // Saving the same facts again changes nothing and records nothing.
    set_facts(&f.store, f.incident, &eu_and_california(), "alice")?;
    assert_eq!(actions(&f, AuditAction::NotificationFactsChanged)?.len(), 1);
    Ok(())
}

#[test]
fn a_changed_fact_moves_or_retires_obligations_but_keeps_decisions() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "Customer DB")?;
    let mut facts = eu_and_california();
    set_facts(&f.store, f.incident, &facts, "alice")?;
    let decision = DecisionInput {
        rule_id: "gdpr-33-authority".into(),
        state: DecisionState::Drafted,
        note: "draft with DPO".into(),
        sent_at: None,
    };
    decide(&f.store, f.incident, &decision, "alice")?;

    facts.moments.aware_personal_data_breach = Some(at("2026-11-21T10:00:00+01:00"));
    set_facts(&f.store, f.incident, &facts, "bob")?;
    let moved = actions(&f, AuditAction::ObligationChanged)?;
    let e = moved
        .iter()
        .find(|e| e.subject.contains("gdpr-33-authority"));
    let due = e.and_then(|e| e.changes.iter().find(|c| c.field == "due"));
    assert_eq!(
        due.and_then(|c| c.old.as_deref()),
        Some("2026-11-23T09:00:00Z")
    );
    assert_eq!(
        due.and_then(|c| c.new.as_deref()),
        Some("2026-11-24T09:00:00Z")
    );

    facts.jurisdictions.retain(|j| j.code != "DE");
    let view = set_facts(&f.store, f.incident, &facts, "bob")?;
    let gdpr = find(&view, "gdpr-33-authority");
    assert_eq!(
        gdpr.map(|o| o.applicability),
        Some(Applicability::NoLongerApplies)
    );
    assert_eq!(gdpr.map(|o| o.decision.state), Some(DecisionState::Drafted));
    let removed = actions(&f, AuditAction::ObligationRemoved)?;
    let e = removed
        .iter()
        .find(|e| e.subject.contains("gdpr-33-authority"));
    assert!(
        e.is_some_and(|e| e.note.contains("no one affected in the EU/EEA")
            && e.note.contains("decision kept: drafted")),
        "{e:?}"
    );
    Ok(())
}

#[test]
fn decisions_need_reasons_and_sent_starts_follow_up_clocks() -> Result<()> {
    let f = with_incident(IncidentType::Ransomware, "Encrypted file servers")?;
    let mut facts = NotificationFacts {
        jurisdictions: vec![place("FR", 0)],
        ..NotificationFacts::default()
    };
    facts.profile.flags = vec![ProfileFlag::Nis2EssentialEntity];
    facts.moments.classified_major = Some(at("2026-11-02T08:00:00+01:00"));
    set_facts(&f.store, f.incident, &facts, "alice")?;

    let mut input = DecisionInput {
        rule_id: "nis2-early-warning".into(),
        state: DecisionState::NotRequired,
        note: "  ".into(),
        sent_at: None,
    };
    let err = decide(&f.store, f.incident, &input, "alice").err();
    assert!(matches!(err, Some(Error::Validation { ref field, .. }) if field == "note"));
    input.state = DecisionState::Delayed;
    assert!(decide(&f.store, f.incident, &input, "alice").is_err());

    input.rule_id = "nis2-incident-notification".into();
    input.state = DecisionState::Sent;
    input.sent_at = Some("2026-11-04T18:00:00+01:00".into());
    let view = decide(&f.store, f.incident, &input, "alice")?;
    let sent = find(&view, "nis2-incident-notification");
    assert_eq!(
        sent.and_then(|o| o.decision.sent_at)
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2026-11-04T18:00:00+01:00")
    );
    let final_report = find(&view, "nis2-final-report").and_then(|o| o.due_utc);
    assert!(final_report.is_some_and(|d| d.to_rfc3339().starts_with("2026-12-04")));
    let decided = actions(&f, AuditAction::ObligationDecided)?;
    assert!(decided
        .iter()
        .any(|e| e.changes.iter().any(|c| c.new.as_deref() == Some("sent"))));
    Ok(())
}

#[test]
fn org_profile_is_copied_onto_new_incidents_and_ics_lists_deadlines() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "Payroll, \"export\"; leak")?;
    let profile = OrgProfile {
        flags: vec![ProfileFlag::SecRegistrant],
        home_zone: Some("America/New_York".into()),
        eu_main_establishment: Answer::Yes,
        eu_main_establishment_state: Some("IE".into()),
    };
    set_org_profile(&f.store, &profile, "dana")?;
    let view = view(&f.store, f.incident)?;
    assert_eq!(view.facts.profile, profile);
    let mut facts = eu_and_california();
    facts.profile = profile;
    facts.moments.materiality_determined = Some(at("2026-11-25T10:00:00-05:00"));
    set_facts(&f.store, f.incident, &facts, "alice")?;

    let path = f.dir.path().join("deadlines.ics");
    let saved = export_ics(&f.store, f.incident, &path)?;
    let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
        context: "read".into(),
        source: e,
    })?;
    assert!(saved.items >= 2, "{saved:?}");
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert!(
        text.contains("DTSTART:20261202T223000Z"),
        "SEC 8-K due 2 Dec 17:30 ET"
    );
    assert!(text.contains("DTSTART:20261123T090000Z"), "GDPR 72 h");
    assert!(text.contains("Payroll\\, \"export\"\\; leak"));
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    Ok(())
}

#[test]
fn facts_files_report_the_line_of_a_bad_value() {
    let cases = [
        (
            "{\n  \"jurisdictions\": [\n    {\"code\": \"ZZ\"}\n  ]\n}",
            3,
            "unknown jurisdiction",
        ),
        (
            "{\n  \"moments\": {\n    \"ransom_paid\": \"2026-02-30T10:00:00Z\"\n  }\n}",
            3,
            "input is out of range",
        ),
        (
            "{\n  \"moments\": {\"detected\": \"2026-02-03 10:00\"}\n}",
            2,
            "premature end",
        ),
        ("{\"data_categories\": [\"tea\"]}", 1, "unknown variant"),
        (
            "{\n\"jurisdictions\": [{\"code\": \"DE\"}, {\"code\": \"de\"}]}",
            2,
            "listed twice",
        ),
        (
            "{\"profile\": {\"home_zone\": \"Mars/Olympus\"}}",
            1,
            "unknown time zone",
        ),
        ("{\"colour\": 1}", 1, "unknown field"),
    ];
    for (text, line, wanted) in cases {
        match NotificationFacts::from_json("facts.json", text) {
            Err(Error::BadFile {
                line: l, message, ..
            }) => {
                assert_eq!(l, line, "{text}: {message}");
                assert!(message.contains(wanted), "{text}: {message}");
            }
            other => panic!("{text}: expected a bad-file error, got {other:?}"),
        }
    }
}

#[test]
fn a_jurisdiction_without_any_rule_says_so_and_a_covered_one_does_not() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "Customer DB")?;
    let mut facts = eu_and_california();
    // Texas has rules; with 100 people and no data in their scope they do not apply, for a
    // stated reason: that is not "no rule".
    facts.jurisdictions.push(place("US-TX", 100));
    facts.jurisdictions.push(AffectedJurisdiction {
        code: "US-NV".into(),
        people: None,
    });
    let view = set_facts(&f.store, f.incident, &facts, "alice")?;
    assert!(view
        .obligations
        .iter()
        .all(|o| !o.rule_id.starts_with("texas")));
    let codes: Vec<&str> = view.uncovered.iter().map(|u| u.code.as_str()).collect();
    assert_eq!(codes, ["US-CA", "US-NV"]);
    let ca = &view.uncovered[0];
    assert_eq!(ca.people, Some(300));
    assert_eq!(ca.name, "California");
    assert_eq!(
        ca.note,
        "No rule for US-CA (California) in Firebreak's reference — check with counsel."
    );
    assert_eq!(view.uncovered[1].people, None);
    // The CLI's facts-file path says the same.
    assert_eq!(for_facts(&facts)?.uncovered, view.uncovered);
    Ok(())
}

#[test]
fn notification_facts_changes_read_as_sentences_in_the_audit_trail() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "Customer DB")?;
    let mut facts = eu_and_california();
    facts.jurisdictions.push(AffectedJurisdiction {
        code: "US-TX".into(),
        people: None,
    });
    facts.profile.flags = vec![ProfileFlag::SecRegistrant];
    set_facts(&f.store, f.incident, &facts, "alice")?;
    let entry = actions(&f, AuditAction::NotificationFactsChanged)?
        .pop()
        .ok_or(Error::Corrupt("no entry".into()))?;
    let says = |s: &str| entry.sentences.iter().any(|l| l == s);
    assert!(
        says("Affected people by jurisdiction: Germany 1,200 · California 300 · Texas unknown"),
        "{:?}",
        entry.sentences
    );
    assert!(
        says("Organisation: now an SEC registrant"),
        "{:?}",
        entry.sentences
    );
    assert!(
        says("Became aware of a personal-data breach: 20 Nov 2026 09:00 UTC (10:00 +01:00)"),
        "{:?}",
        entry.sentences
    );
    assert_eq!(entry.headline, "Notification facts changed");
    // The obligations it added say which facts changed in words, not field codes.
    let added = actions(&f, AuditAction::ObligationAdded)?;
    let note = &added
        .first()
        .ok_or(Error::Corrupt("no obligation".into()))?
        .note;
    assert!(
        note.contains("where people are affected")
            && note.contains("\"became aware of a personal-data breach\"")
            && !note.contains("data_categories"),
        "{note}"
    );
    Ok(())
}

#[test]
fn learning_there_is_no_eu_main_establishment_splits_the_authority_obligation() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "Customer DB")?;
    let mut facts = eu_and_california();
    set_facts(&f.store, f.incident, &facts, "alice")?;
    let drafted = DecisionInput {
        rule_id: "gdpr-33-authority".into(),
        state: DecisionState::Drafted,
        note: "draft for the lead authority".into(),
        sent_at: None,
    };
    decide(&f.store, f.incident, &drafted, "alice")?;

    facts.profile.eu_main_establishment = Answer::No;
    let view = set_facts(&f.store, f.incident, &facts, "bob")?;
    let old = find(&view, "gdpr-33-authority");
    assert_eq!(
        old.map(|o| (o.applicability, o.decision.state)),
        Some((Applicability::NoLongerApplies, DecisionState::Drafted))
    );
    let de = find(&view, "gdpr-33-authority@DE").ok_or(Error::Corrupt("no DE".into()))?;
    assert_eq!(de.applicability, Applicability::Applies);
    assert_eq!(de.recipient, "Supervisory authority of Germany");
    let removed = actions(&f, AuditAction::ObligationRemoved)?;
    assert!(
        removed.iter().any(|e| e
            .note
            .contains("EU main establishment changed who must be told")),
        "{removed:?}"
    );
    let added = actions(&f, AuditAction::ObligationAdded)?;
    assert!(added.iter().any(|e| e
        .subject
        .contains("Notify the supervisory authority of Germany (gdpr-33-authority@DE)")));

    // Each member state's notice is decided on its own.
    let sent = DecisionInput {
        rule_id: "gdpr-33-authority@DE".into(),
        state: DecisionState::Sent,
        note: String::new(),
        sent_at: Some("2026-11-21T12:00:00+01:00".into()),
    };
    let view = decide(&f.store, f.incident, &sent, "bob")?;
    assert_eq!(
        find(&view, "gdpr-33-authority@DE").map(|o| o.decision.state),
        Some(DecisionState::Sent)
    );
    Ok(())
}
