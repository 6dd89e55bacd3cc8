//! GDPR's one-stop shop: one lead authority with an EU main establishment, one obligation per
//! member state concerned without one, and a plain warning while it is unknown.

use super::facts::{NotificationFacts, OrgProfile};
use super::model::Obligation;
use super::obligations::for_facts;
use super::rule_tests::{at, place};
use super::vocab::{Answer, DataCategory, RiskLevel};
use crate::Result;

fn breach(establishment: Answer, state: Option<&str>) -> NotificationFacts {
    let mut f = NotificationFacts {
        jurisdictions: vec![place("DE", 40), place("FR", 7), place("US-CA", 3)],
        data_categories: vec![DataCategory::PersonalData],
        risk_to_people: RiskLevel::Risk,
        ..Default::default()
    };
    f.profile.eu_main_establishment = establishment;
    f.profile.eu_main_establishment_state = state.map(str::to_owned);
    f.moments.aware_personal_data_breach = Some(at("2026-12-01T09:00:00+01:00"));
    f
}

fn gdpr_authority(list: &[Obligation]) -> Vec<&Obligation> {
    list.iter()
        .filter(|o| o.rule_id.starts_with("gdpr-33-authority"))
        .collect()
}

#[test]
fn with_a_main_establishment_one_lead_authority() -> Result<()> {
    let view = for_facts(&breach(Answer::Yes, Some("IE")))?;
    let found = gdpr_authority(&view.obligations);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule_id, "gdpr-33-authority");
    assert_eq!(found[0].recipient, "Lead supervisory authority (Ireland)");
    assert!(found[0].reasons.iter().any(|r| r.contains("Ireland")));
    Ok(())
}

#[test]
fn without_one_an_obligation_per_member_state_concerned_on_the_same_clock() -> Result<()> {
    let view = for_facts(&breach(Answer::No, Some("IE")))?;
    let found = gdpr_authority(&view.obligations);
    let ids: Vec<&str> = found.iter().map(|o| o.rule_id.as_str()).collect();
    assert_eq!(ids, ["gdpr-33-authority@DE", "gdpr-33-authority@FR"]);
    assert_eq!(found[0].recipient, "Supervisory authority of Germany");
    let due = Some(at("2026-12-04T08:00:00Z").with_timezone(&chrono::Utc));
    assert!(found.iter().all(|o| o.due_utc == due), "{found:#?}");
    assert!(found.iter().all(|o| o
        .reasons
        .iter()
        .any(|r| r.contains("no EU main establishment"))));
    Ok(())
}

#[test]
fn without_one_and_member_state_unknown_the_eu_row_still_has_the_clock() -> Result<()> {
    let mut f = breach(Answer::No, None);
    f.jurisdictions = vec![place("EU", 12)];
    let view = for_facts(&f)?;
    let found = gdpr_authority(&view.obligations);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].rule_id, "gdpr-33-authority@EU");
    assert!(found[0].due_utc.is_some());
    Ok(())
}

#[test]
fn while_unknown_one_obligation_that_says_so_and_keeps_the_72_hours() -> Result<()> {
    let view = for_facts(&breach(Answer::Unknown, None))?;
    let found = gdpr_authority(&view.obligations);
    assert_eq!(found.len(), 1, "{found:#?}");
    let o = found[0];
    assert_eq!(o.rule_id, "gdpr-33-authority");
    assert!(o.title.contains("or each one concerned"), "{}", o.title);
    assert!(
        o.reasons
            .iter()
            .any(|r| r.contains("EU main establishment not recorded")),
        "{:?}",
        o.reasons
    );
    assert_eq!(
        o.due_utc,
        Some(at("2026-12-04T08:00:00Z").with_timezone(&chrono::Utc))
    );
    Ok(())
}

#[test]
fn profiles_and_facts_saved_before_the_field_read_as_unknown() -> Result<()> {
    let old: OrgProfile = serde_json::from_str(r#"{"flags":["sec_registrant"],"home_zone":null}"#)
        .map_err(|e| crate::Error::Corrupt(e.to_string()))?;
    assert_eq!(old.eu_main_establishment, Answer::Unknown);
    assert_eq!(old.eu_main_establishment_state, None);
    let facts = NotificationFacts::from_json("old.json", r#"{"profile":{"flags":[]}}"#)?;
    assert_eq!(facts.profile.eu_main_establishment, Answer::Unknown);
    let new = NotificationFacts::from_json(
        "new.json",
        r#"{"profile":{"eu_main_establishment":"yes","eu_main_establishment_state":"nl"}}"#,
    )?;
    assert_eq!(new.profile.main_establishment_state(), Some("NL"));
    let bad = NotificationFacts::from_json(
        "bad.json",
        r#"{"profile":{"eu_main_establishment":"yes","eu_main_establishment_state":"US"}}"#,
    );
    assert!(
        matches!(&bad, Err(crate::Error::BadFile { message, .. }) if message.contains("not an EU/EEA member state")),
        "{bad:?}"
    );
    Ok(())
}
