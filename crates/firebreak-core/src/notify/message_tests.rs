//! The stakeholder directory, its files, templates and the sent log against a real store.

use super::contacts::{self, ContactImport};
use super::directory::{self, ContactChannel, StakeholderCategory, StakeholderInput};
use super::messages::{self, DraftInput, TemplateInput};
use super::rule_tests::{at, place};
use super::vocab::DataCategory;
use super::*;
use crate::catalog::IncidentType;
use crate::incident::{self, AuditAction};
use crate::testing::with_incident;
use crate::{Error, Result};

fn io(e: std::io::Error) -> Error {
    Error::Io {
        context: "test file".into(),
        source: e,
    }
}

fn counsel() -> StakeholderInput {
    StakeholderInput {
        name: "Dana Whitfield".into(),
        organisation: "Whitfield & Roe LLP".into(),
        role: "Breach counsel".into(),
        category: Some(StakeholderCategory::OutsideCounsel),
        primary_channel: Some(ContactChannel::Email),
        primary_address: "dana@whitfield.example".into(),
        oob_channel: Some(ContactChannel::Phone),
        oob_address: "+1 212 555 0100".into(),
        notes: "Call first, then Signal; \"privileged\" in subject".into(),
    }
}

#[test]
fn directory_validates_channels_and_round_trips_csv_and_vcard() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "x")?;
    let mut same = counsel();
    same.oob_channel = Some(ContactChannel::Email);
    let err = directory::save(&f.store, None, &same, "dana").err();
    assert!(matches!(err, Some(Error::Validation { ref field, .. }) if field == "oob_channel"));
    let mut bad_mail = counsel();
    bad_mail.primary_address = "dana at whitfield".into();
    assert!(directory::save(&f.store, None, &bad_mail, "dana").is_err());

    let saved = directory::save(&f.store, None, &counsel(), "dana")?;
    assert!(!saved.internal);
    let mut ciso = counsel();
    ciso.name = "Priya Nair, CISO".into();
    ciso.organisation = String::new();
    ciso.category = Some(StakeholderCategory::Executive);
    ciso.primary_address = "priya@corp.example".into();
    directory::save(&f.store, None, &ciso, "dana")?;

    for ext in ["csv", "vcf"] {
        let path = f.dir.path().join(format!("people.{ext}"));
        let out = contacts::export(&f.store, &path)?;
        assert_eq!(out.items, 2);
        let g = with_incident(IncidentType::DataBreach, "y")?;
        let summary = contacts::import(&g.store, &path, "dana")?;
        assert_eq!(
            summary,
            ContactImport {
                added: 2,
                updated: 0
            },
            "{ext}"
        );
        let mut a = directory::list(&f.store)?;
        let mut b = directory::list(&g.store)?;
        for s in a.iter_mut().chain(b.iter_mut()) {
            s.id = uuid::Uuid::nil();
            s.updated_at = chrono::DateTime::default();
        }
        assert_eq!(a, b, "{ext} round trip");
        // Importing again updates the same people instead of duplicating them.
        let again = contacts::import(&g.store, &path, "dana")?;
        assert_eq!(
            again,
            ContactImport {
                added: 0,
                updated: 2
            }
        );
    }
    Ok(())
}

#[test]
fn a_bad_contact_file_names_the_line_and_saves_nothing() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "x")?;
    let csv = "name,category,primary_channel,primary_address\n\
               Ann,legal,email,ann@corp.example\n\
               Bob,legal,carrier pigeon,loft 3\n";
    let path = f.dir.path().join("people.csv");
    std::fs::write(&path, csv).map_err(io)?;
    match contacts::import(&f.store, &path, "dana") {
        Err(Error::ImportRow { line, message, .. }) => {
            assert_eq!(line, 3, "{message}");
            assert!(message.contains("carrier pigeon"), "{message}");
        }
        other => panic!("expected a line error, got {other:?}"),
    }
    assert!(directory::list(&f.store)?.is_empty());
    let vcf = f.dir.path().join("people.vcf");
    std::fs::write(
        &vcf,
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nEMAIL:ann@corp.example\r\n",
    )
    .map_err(io)?;
    assert!(matches!(
        contacts::import(&f.store, &vcf, "dana"),
        Err(Error::ImportRow { line: 1, .. })
    ));
    Ok(())
}

#[test]
fn sending_a_message_records_its_exact_text_and_answers_the_obligation() -> Result<()> {
    let f = with_incident(IncidentType::DataBreach, "CRM export")?;
    let mut facts = NotificationFacts {
        jurisdictions: vec![place("DE", 1200)],
        data_categories: vec![DataCategory::PersonalData],
        risk_to_people: vocab::RiskLevel::Risk,
        ..NotificationFacts::default()
    };
    facts.moments.aware_personal_data_breach = Some(at("2026-11-20T10:00:00+01:00"));
    set_facts(&f.store, f.incident, &facts, "alice")?;
    let dpa = directory::save(
        &f.store,
        None,
        &StakeholderInput {
            name: "BfDI".into(),
            category: Some(StakeholderCategory::Regulator),
            primary_channel: Some(ContactChannel::Portal),
            primary_address: "https://dpa.example/report".into(),
            ..StakeholderInput::default()
        },
        "dana",
    )?;

    let bad = TemplateInput {
        id: None,
        name: "x".into(),
        audience: "regulator".into(),
        regime: "GDPR".into(),
        subject: "{{incident_titel}}".into(),
        body: "b".into(),
    };
    assert!(matches!(
        messages::save_template(&f.store, &bad, "alice"),
        Err(Error::Validation { .. })
    ));

    let r = messages::render(
        &f.store,
        f.incident,
        "regulator-initial",
        Some("gdpr-33-authority"),
        "alice",
    )?;
    assert!(r.subject.contains("CRM export"));
    assert!(r.body.contains("Germany") && r.body.contains("Lead supervisory authority"));
    assert!(!r.body.contains("{{"), "{}", r.body);

    let draft = messages::save_draft(
        &f.store,
        f.incident,
        &DraftInput {
            id: None,
            rule_id: Some("gdpr-33-authority".into()),
            template_id: Some(r.template_id.clone()),
            template_version: Some(r.template_version),
            stakeholder_ids: vec![dpa.id],
            other_recipients: vec!["dpo@corp.example".into()],
            channel: ContactChannel::Portal,
            subject: r.subject.clone(),
            body: format!("{}\n\nÄnderungen folgen.", r.body),
        },
        "alice",
    )?;
    let eml_path = f.dir.path().join("draft.eml");
    messages::export_eml(&f.store, f.incident, draft.id, &eml_path)?;
    let eml = std::fs::read_to_string(&eml_path).map_err(io)?;
    assert!(
        eml.starts_with("X-Unsent: 1\r\n") && eml.contains("To: dpo@corp.example\r\n"),
        "a portal is not an e-mail recipient: {eml}"
    );
    assert!(eml.contains("=C3=84nderungen folgen."));

    let sent = messages::mark_sent(
        &f.store,
        f.incident,
        draft.id,
        Some("2026-11-21T09:30:00+01:00"),
        "alice",
    )?;
    assert!(sent.sent);
    assert!(messages::mark_sent(&f.store, f.incident, draft.id, None, "alice").is_err());
    let trail = incident::show(&f.store, f.incident)?.audit;
    let entry = trail.iter().find(|e| e.action == AuditAction::MessageSent);
    assert!(entry.is_some_and(|e| e.note.ends_with("Änderungen folgen.")
        && e.changes.iter().any(|c| c.field == "recipients"
            && c.new
                .as_deref()
                .is_some_and(|r| r.contains("dpo@corp.example")))));
    let view = view(&f.store, f.incident)?;
    let gdpr = view
        .obligations
        .iter()
        .find(|o| o.rule_id == "gdpr-33-authority");
    assert_eq!(gdpr.map(|o| o.decision.state), Some(DecisionState::Sent));
    assert_eq!(
        gdpr.and_then(|o| o.decision.sent_at)
            .map(|t| t.to_rfc3339())
            .as_deref(),
        Some("2026-11-21T09:30:00+01:00")
    );
    // A sent message is final, even behind the app's back.
    let changed = f.store.write(|tx| {
        Ok(tx.execute(
            "UPDATE messages SET body = 'edited' WHERE id = ?1",
            [draft.id.to_string()],
        ))
    })?;
    assert!(changed.is_err());
    Ok(())
}

#[test]
fn a_draft_needs_no_recipient_and_marks_its_obligation_drafted() -> Result<()> {
    let f = with_incident(IncidentType::Ransomware, "Ransom note on fs01")?;
    let mut facts = NotificationFacts {
        jurisdictions: vec![
            place("DE", 1200),
            place("US-CA", 300),
            AffectedJurisdiction {
                code: "US-TX".into(),
                people: None,
            },
        ],
        data_categories: vec![DataCategory::PersonalData],
        risk_to_people: vocab::RiskLevel::Risk,
        ..NotificationFacts::default()
    };
    facts.moments.aware_personal_data_breach = Some(at("2026-11-20T10:00:00+01:00"));
    set_facts(&f.store, f.incident, &facts, "alice")?;

    // One unknown count must not hide the counts that are known.
    let r = messages::render(
        &f.store,
        f.incident,
        "regulator-initial",
        Some("gdpr-33-authority"),
        "alice",
    )?;
    assert!(
        r.body.contains(
            "People affected: at least 1,500 (Germany 1,200, California 300, Texas number not yet known)"
        ),
        "{}",
        r.body
    );

    let gdpr_state = |store| -> Result<Option<DecisionState>> {
        Ok(view(store, f.incident)?
            .obligations
            .iter()
            .find(|o| o.rule_id == "gdpr-33-authority")
            .map(|o| o.decision.state))
    };
    assert_eq!(gdpr_state(&f.store)?, Some(DecisionState::Pending));
    decide(
        &f.store,
        f.incident,
        &DecisionInput {
            rule_id: "gdpr-33-authority".into(),
            state: DecisionState::Pending,
            note: "waiting for the DPO".into(),
            sent_at: None,
        },
        "alice",
    )?;
    let input = DraftInput {
        id: None,
        rule_id: Some("gdpr-33-authority".into()),
        template_id: Some(r.template_id.clone()),
        template_version: Some(r.template_version),
        stakeholder_ids: Vec::new(),
        other_recipients: vec!["  ".into()],
        channel: ContactChannel::Portal,
        subject: r.subject.clone(),
        body: r.body.clone(),
    };
    let draft = messages::save_draft(&f.store, f.incident, &input, "alice")?;
    assert!(draft.recipients.is_empty());
    let eml = messages::eml(&draft);
    assert!(eml.starts_with("X-Unsent: 1\r\nSubject: "), "{eml}");
    let headers = eml.split("\r\n\r\n").next().unwrap_or_default();
    assert!(!headers.contains("To:"), "{eml}");
    assert_eq!(gdpr_state(&f.store)?, Some(DecisionState::Drafted));
    // The obligation keeps its own note: machine text must never pass for a later rationale.
    let note = view(&f.store, f.incident)?
        .obligations
        .iter()
        .find(|o| o.rule_id == "gdpr-33-authority")
        .map(|o| o.decision.note.clone());
    assert_eq!(note.as_deref(), Some("waiting for the DPO"));
    let trail = incident::show(&f.store, f.incident)?.audit;
    assert!(trail
        .iter()
        .any(|e| e.action == AuditAction::ObligationDecided
            && e.actor == "alice"
            && e.changes
                .iter()
                .any(|c| c.new.as_deref() == Some("drafted"))));

    // Sending needs someone to send to; nothing is recorded when it is refused.
    let refused = messages::mark_sent(&f.store, f.incident, draft.id, None, "alice");
    assert!(
        matches!(refused, Err(Error::Validation { ref field, .. }) if field == "recipients"),
        "{refused:?}"
    );
    assert!(!messages::list(&f.store, f.incident)?[0].sent);

    // A decision already taken is not moved back by saving the draft again.
    decide(
        &f.store,
        f.incident,
        &DecisionInput {
            rule_id: "gdpr-33-authority".into(),
            state: DecisionState::Delayed,
            note: "law enforcement request".into(),
            sent_at: None,
        },
        "alice",
    )?;
    let again = DraftInput {
        id: Some(draft.id),
        other_recipients: vec!["dpa@example.org".into()],
        ..input
    };
    messages::save_draft(&f.store, f.incident, &again, "alice")?;
    assert_eq!(gdpr_state(&f.store)?, Some(DecisionState::Delayed));
    Ok(())
}
