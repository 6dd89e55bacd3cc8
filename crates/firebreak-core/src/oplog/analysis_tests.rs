//! The investigation's findings, hypotheses, root cause, lessons, assets and links on the
//! log: each change is an operation, replay gives the tables, an edit behind Firebreak's
//! back is named, and rows from before the log are adopted as they stood.

use rusqlite::Connection;

use super::*;
use crate::investigation::vocab::{
    ActionStatus, AssetKind, Compromise, Containment, HypothesisStatus, LinkFrom, LinkTo,
};
use crate::investigation::{
    assets, indicators, links, rootcause, ActionItemInput, AssetInput, Link, NewIndicator,
    RootCauseInput,
};
use crate::testing::{op_kinds, signed_store, tempdir};
use crate::Store;

/// One of everything the investigation records, with edits.
fn investigate(store: &Store) -> Result<Uuid> {
    let id = crate::testing::declare_in(store, "Ransom note on fs01")?;
    let finding = rootcause::add_finding(store, id, "fs01 encrypted at 03:10", "sam")?;
    let h = rootcause::add_hypothesis(store, id, "VPN credentials were phished", "sam")?;
    rootcause::set_hypothesis(
        store,
        id,
        h.id,
        HypothesisStatus::Supported,
        "MFA logs",
        "sam",
    )?;
    let cause = |statement: &str, revision| RootCauseInput {
        statement: statement.into(),
        initial_access: "T1566".into(),
        contributing_factors: vec!["No MFA on VPN".into(), "Flat network".into()],
        revision,
    };
    rootcause::set_root_cause(store, id, cause("Phished VPN account", None), "dana")?;
    rootcause::set_root_cause(
        store,
        id,
        cause("Phished VPN account, no MFA", Some(1)),
        "dana",
    )?;
    let lesson = ActionItemInput {
        action: "MFA on the VPN".into(),
        owner: "IT ops".into(),
        due_date: "2027-01-15".into(),
    };
    let item = rootcause::add_action_item(store, id, lesson, "dana")?;
    rootcause::set_action_status(store, id, item.id, ActionStatus::Done, "dana")?;
    let mut host = AssetInput {
        kind: AssetKind::Host,
        name: "fs01".into(),
        owner: "Finance".into(),
        compromise: Compromise::Confirmed,
        containment: Containment::InProgress,
        notes: String::new(),
    };
    let asset = assets::add(store, id, host.clone(), "sam")?;
    host.containment = Containment::Contained;
    assets::update(store, id, asset.id, host, asset.revision, "sam")?;
    let link = Link {
        from_kind: LinkFrom::Hypothesis,
        from_id: h.id.to_string(),
        to_kind: LinkTo::Finding,
        to_id: finding.id.to_string(),
    };
    links::add(store, id, link.clone(), "sam")?;
    links::add(store, id, link, "sam")?;
    let seen = |last: &str| NewIndicator {
        value: "hxxps://cdn-update[.]net/gate.php".into(),
        first_seen: Some("2026-11-20T01:00:00Z".into()),
        last_seen: Some(last.into()),
        ..NewIndicator::default()
    };
    indicators::add(store, id, vec![seen("2026-11-20T02:00:00Z")], "EDR", "sam")?;
    indicators::add(
        store,
        id,
        vec![seen("2026-11-21T02:00:00Z")],
        "proxy logs",
        "sam",
    )?;
    Ok(id)
}

#[test]
fn every_investigation_change_is_an_operation_and_replay_gives_the_tables() -> Result<()> {
    let dir = tempdir()?;
    let store = signed_store(&dir)?;
    investigate(&store)?;
    assert_eq!(
        op_kinds(&store)?[1..],
        [
            "finding_added",
            "hypothesis_added",
            "hypothesis_set",
            "root_cause_set",
            "root_cause_set",
            "action_item_added",
            "action_item_set",
            "asset_added",
            "asset_updated",
            // Linking twice records one link.
            "link_added",
            "indicator_added",
            // The second sighting moves last seen.
            "indicator_widened",
        ]
    );
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    for table in [
        "findings",
        "hypotheses",
        "root_causes",
        "action_items",
        "assets",
    ] {
        assert!(
            report.replayed.iter().any(|t| t == table),
            "{table} not replayed"
        );
    }
    Ok(())
}

#[test]
fn a_root_cause_or_an_asset_changed_behind_firebreaks_back_is_named() -> Result<()> {
    let dir = tempdir()?;
    let store = signed_store(&dir)?;
    let id = investigate(&store)?;
    let c = Connection::open(dir.path().join("t.db"))?;
    c.execute("UPDATE assets SET containment = 'not_needed'", [])?;
    match verify(&store, Some(id))?.verdict {
        LogVerdict::Differs { table, problem, .. } => {
            assert_eq!(table, "assets");
            assert!(
                problem.contains("containment is \"not_needed\""),
                "{problem}"
            );
        }
        other => panic!("expected a difference, got {other:?}"),
    }
    c.execute("UPDATE assets SET containment = 'contained'", [])?;
    c.execute(
        "UPDATE root_causes SET statement = 'A zero-day nobody could stop'",
        [],
    )?;
    assert!(matches!(
        verify(&store, Some(id))?.verdict,
        LogVerdict::Differs { table, .. } if table == "root_causes"
    ));
    Ok(())
}

#[test]
fn investigation_rows_from_before_the_log_are_adopted_as_they_stood() -> Result<()> {
    let dir = tempdir()?;
    investigate(&signed_store(&dir)?)?;
    crate::testing::back_to_schema_10(&dir.path().join("t.db"))?;
    let store = signed_store(&dir)?;
    let adopted = op_kinds(&store)?;
    assert_eq!(adopted[0], "incident_adopted");
    // A finding, a hypothesis, a root cause, an action item, an asset, a link, an indicator.
    assert_eq!(adopted.iter().filter(|k| *k == "row_adopted").count(), 7);
    let report = verify(&store, None)?;
    assert_eq!(report.verdict, LogVerdict::Intact, "{report:?}");
    Ok(())
}
