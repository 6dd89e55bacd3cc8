//! The audit trail in words. The records below are shaped exactly as Firebreak stored them
//! before the wording existed (JSON values, codes, empty old values), so old timelines are
//! covered too.

use super::wording::{headline, sentences, summary};
use super::{AuditAction as A, FieldChange};

fn ch(field: &str, old: Option<&str>, new: Option<&str>) -> FieldChange {
    FieldChange {
        field: field.into(),
        old: old.map(str::to_owned),
        new: new.map(str::to_owned),
    }
}

/// Nothing a reader sees may be JSON, an empty-set sign or a dotted field code.
fn readable(lines: &[String]) {
    for l in lines {
        for bad in ["∅", "{\"", "[\"", "[{", "moments.", "null"] {
            assert!(!l.contains(bad), "{bad:?} in {l:?}");
        }
        // A snake_case code (a field or vocabulary code), not a zone like America/New_York.
        let code = l
            .split_whitespace()
            .any(|w| w.contains('_') && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        assert!(!code, "a code in {l:?}");
    }
}

#[test]
fn notification_facts_read_as_sentences() {
    let changes = [
        ch(
            "jurisdictions",
            Some(r#"[{"code":"DE","people":1000}]"#),
            Some(
                r#"[{"code":"DE","people":1200},{"code":"US-CA","people":300},{"code":"US-TX","people":null}]"#,
            ),
        ),
        ch(
            "data_categories",
            Some("[]"),
            Some(r#"["personal_data","health"]"#),
        ),
        ch("encrypted", Some("unknown"), Some("no")),
        ch("risk_to_people", Some("unknown"), Some("high")),
        ch(
            "moments.aware_personal_data_breach",
            None,
            Some("2026-12-03T14:05:00Z"),
        ),
        ch(
            "moments.breach_determined",
            Some("2026-12-03T15:05:00+01:00"),
            None,
        ),
    ];
    let s = sentences(A::NotificationFactsChanged, &changes);
    readable(&s);
    assert_eq!(
        s[0],
        "Affected people by jurisdiction: Germany 1,200 · California 300 · Texas unknown \
         (was Germany 1,000)"
    );
    assert_eq!(
        s[1],
        "Data involved: now includes Personal data, Health information"
    );
    assert_eq!(s[2], "Affected data encrypted: no (was unknown)");
    assert_eq!(s[3], "Risk to people: a high risk (was not assessed)");
    assert_eq!(
        s[4],
        "Became aware of a personal-data breach: 3 Dec 2026 14:05 UTC"
    );
    assert_eq!(
        s[5],
        "Determined that a breach occurred: cleared (was 3 Dec 2026 14:05 UTC (15:05 +01:00))"
    );
    assert_eq!(
        headline(A::NotificationFactsChanged, "notification facts", &changes),
        "Notification facts changed"
    );
}

#[test]
fn jurisdictions_set_and_cleared() {
    let set = ch(
        "jurisdictions",
        Some("[]"),
        Some(r#"[{"code":"GB","people":5}]"#),
    );
    let cleared = ch(
        "jurisdictions",
        Some(r#"[{"code":"GB","people":5}]"#),
        Some("[]"),
    );
    let s = sentences(A::NotificationFactsChanged, &[set, cleared]);
    assert_eq!(s[0], "Affected people by jurisdiction: United Kingdom 5");
    assert_eq!(
        s[1],
        "Affected jurisdictions cleared (were United Kingdom 5)"
    );
}

#[test]
fn organisation_flags_say_now_and_no_longer() {
    let c = ch(
        "profile",
        Some(r#"{"flags":["hipaa_covered_entity"],"home_zone":null}"#),
        Some(r#"{"flags":["sec_registrant"],"home_zone":"America/New_York"}"#),
    );
    let s = sentences(A::NotificationFactsChanged, &[c]);
    readable(&s);
    assert_eq!(
        s[0],
        "Organisation: now an SEC registrant; no longer a HIPAA covered entity; \
         home office time zone America/New_York"
    );
}

#[test]
fn incident_edits_use_labels_set_and_cleared() {
    let changes = [
        ch("severity", Some("sev2"), Some("sev1")),
        ch("phase", Some("detection_analysis"), Some("containment")),
        ch("commander", Some(""), Some("Dana Cho")),
        ch("summary", Some("Old text"), Some("")),
        ch("title", Some("Phish"), Some("Phish at finance")),
    ];
    let s = sentences(A::Edited, &changes);
    readable(&s);
    assert_eq!(s[0], "Severity: SEV2 · High → SEV1 · Critical");
    assert_eq!(s[1], "Phase: Detection & analysis → Containment");
    assert_eq!(s[2], "Commander set to Dana Cho");
    assert_eq!(s[3], "Summary cleared (was Old text)");
    assert_eq!(s[4], "Title: Phish → Phish at finance");
    assert_eq!(
        summary(A::Edited, "", &changes),
        "Incident edited — Severity: SEV2 · High → SEV1 · Critical; Phase: Detection & \
         analysis → Containment; Commander set to Dana Cho; and 2 more"
    );
}

#[test]
fn a_declaration_lists_initial_values_but_its_summary_stays_short() {
    let changes = [
        ch("title", None, Some("Ransomware at HQ")),
        ch("incident_type", None, Some("ransomware")),
        ch("detected_at", None, Some("2026-11-20T07:15:00+01:00")),
    ];
    let s = sentences(A::Declared, &changes);
    assert_eq!(s[1], "Type: Ransomware");
    assert_eq!(s[2], "Detected: 20 Nov 2026 06:15 UTC (07:15 +01:00)");
    assert_eq!(
        summary(A::Declared, "", &changes),
        "Incident declared: Ransomware at HQ"
    );
}

#[test]
fn facts_carry_their_question() {
    let c = ch("personal_data_involved", Some("unknown"), Some("yes"));
    let s = sentences(A::FactsChanged, &[c]);
    assert_eq!(
        s[0],
        "Personal data may have been accessed, altered or taken: yes (was unknown)"
    );
}

#[test]
fn step_changes_use_state_and_role_labels() {
    let changes = [
        ch("state", Some("todo"), Some("blocked")),
        ch("reason", None, Some("waiting for the backup team")),
        ch("assignee_role", None, Some("it_ops")),
    ];
    let s = sentences(A::StepUpdated, &changes);
    readable(&s[..1]);
    assert_eq!(s[0], "State: To do → Blocked");
    assert_eq!(s[1], "Reason set to waiting for the backup team");
    assert_eq!(s[2], "Owner role set to IT / operations");
    assert_eq!(
        headline(
            A::StepUpdated,
            "Ransomware › Isolate affected hosts",
            &changes
        ),
        "Step updated: Ransomware › Isolate affected hosts"
    );
}

#[test]
fn obligation_decisions_and_due_times() {
    let decided = [
        ch("decision", Some("pending"), Some("not_required")),
        ch("sent_at", None, Some("2026-11-21T09:30:00+00:00")),
    ];
    let s = sentences(A::ObligationDecided, &decided);
    assert_eq!(s[0], "Decision: pending → not required");
    assert_eq!(s[1], "Sent set to 21 Nov 2026 09:30 UTC");
    let added = [
        ch("applicability", None, Some("applies")),
        ch("due", None, Some("2026-11-23T09:00:00Z")),
    ];
    let s = sentences(A::ObligationAdded, &added);
    assert_eq!(s, ["Applies", "Due 23 Nov 2026 09:00 UTC"]);
    let changed = [
        ch("applicability", Some("applies"), Some("possible")),
        ch("due", Some("2026-11-23T09:00:00Z"), Some("no fixed time")),
    ];
    let s = sentences(A::ObligationChanged, &changed);
    assert_eq!(
        s,
        [
            "May apply (depends on facts not known yet) (was applies)",
            "No fixed due time (was due 23 Nov 2026 09:00 UTC)"
        ]
    );
    assert_eq!(
        summary(
            A::ObligationAdded,
            "GDPR — Notify the authority (gdpr-33-authority)",
            &added
        ),
        "Obligation added: GDPR — Notify the authority (gdpr-33-authority). Applies; Due 23 Nov \
         2026 09:00 UTC"
    );
}

#[test]
fn evidence_and_indicators() {
    let evidence = [
        ch("kind", None, Some("file")),
        ch("size_bytes", None, Some("1536")),
        ch("storage_location", None, Some("Safe 2")),
    ];
    let s = sentences(A::EvidenceAdded, &evidence);
    assert_eq!(s[0], "Kind: file hashed on this machine");
    assert_eq!(s[1], "Size: 1.5 KiB (1,536 bytes)");
    assert_eq!(s[2], "Storage location: Safe 2");
    let widened = [ch(
        "first_seen",
        Some("2026-11-19T08:00:00+00:00"),
        Some("2026-11-18T08:00:00+01:00"),
    )];
    let s = sentences(A::IndicatorUpdated, &widened);
    assert_eq!(
        s[0],
        "First seen: 19 Nov 2026 08:00 UTC → 18 Nov 2026 07:00 UTC (08:00 +01:00)"
    );
}

#[test]
fn a_bulk_entry_counts_by_type_and_lists_every_value() {
    let mut changes = Vec::new();
    for i in 0..310 {
        changes.push(ch(
            "added.ipv4",
            None,
            Some(&format!("203.0.113.{}", i % 256)),
        ));
    }
    for i in 0..120 {
        changes.push(ch("added.domain", None, Some(&format!("evil{i}.example"))));
    }
    changes.push(ch("added.sha256", None, Some(&"a".repeat(64))));
    changes.push(ch("known.domain", None, Some("known.example")));
    let head = headline(A::IndicatorsAdded, "pasted text", &changes);
    assert_eq!(
        head,
        "Added 431 indicators from pasted text: 310 IPv4 addresses, 120 domains, 1 SHA-256 hash; \
         1 already known (sightings merged)"
    );
    assert_eq!(summary(A::IndicatorsAdded, "pasted text", &changes), head);
    let s = sentences(A::IndicatorsAdded, &changes);
    assert_eq!(s.len(), 432);
    assert_eq!(s[0], "IPv4 address 203.0.113.0");
    assert_eq!(s[431], "Domain known.example (already known)");
}

#[test]
fn a_bulk_entry_of_only_known_indicators_says_so() {
    let changes = [
        ch("known.domain", None, Some("a.example")),
        ch("known.domain", None, Some("b.example")),
    ];
    assert_eq!(
        headline(A::IndicatorsAdded, "pasted text", &changes),
        "Merged new sightings into 2 known indicators from pasted text"
    );
}

#[test]
fn unknown_fields_and_json_values_still_read() {
    let c = ch(
        "owner_team",
        Some("[\"a\",\"b\"]"),
        Some("{\"lead\":\"Dana\"}"),
    );
    let s = sentences(A::AssetUpdated, &[c]);
    assert_eq!(s[0], "Owner team: a, b → Lead Dana");
}

#[test]
fn old_obligation_notes_name_the_facts_in_words() {
    let old = "notification facts changed (data_categories, jurisdictions, \
               moments.aware_personal_data_breach); people affected in Germany";
    assert_eq!(
        super::wording::note(A::ObligationAdded, old),
        "notification facts changed (data involved, where people are affected, \"became aware \
         of a personal-data breach\"); people affected in Germany"
    );
    // A responder's own words are never touched, even if they look alike.
    let mine = "notification facts changed (see the call notes)";
    assert_eq!(super::wording::note(A::ObligationAdded, mine), mine);
    assert_eq!(super::wording::note(A::StepUpdated, old), old);
}

#[test]
fn runs_custody_and_messages_read_as_phrases() {
    let started = [ch("playbook", None, Some("ransomware v3"))];
    assert_eq!(
        sentences(A::PlaybookStarted, &started),
        ["Pinned to version 3 of ransomware"]
    );
    let note = [ch("note", None, Some("called the MSP"))];
    assert_eq!(sentences(A::StepUpdated, &note), ["Note added"]);
    let custody = [
        ch("custody", None, Some("Transferred")),
        ch("by", None, Some("Priya Nair")),
        ch("location", None, Some("Forensics lab")),
    ];
    assert_eq!(
        sentences(A::CustodyRecorded, &custody),
        ["Transferred", "By: Priya Nair", "Location: Forensics lab"]
    );
    let sent = [
        ch("recipients", None, Some("Dana <dana@example.org>")),
        ch("channel", None, Some("email")),
    ];
    assert_eq!(
        sentences(A::MessageSent, &sent),
        ["To Dana <dana@example.org>", "Channel: email"]
    );
}
