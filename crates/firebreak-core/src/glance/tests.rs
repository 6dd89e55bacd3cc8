//! The glance against a real store: overdue obligations and tasks with their due times, next
//! deadlines beside next steps, and progress counts that move when work is done.

use chrono::{DateTime, Utc};

use super::*;
use crate::catalog::IncidentType;
use crate::investigation::vocab::{AssetKind, Compromise};
use crate::investigation::{assets, rootcause, ActionItemInput, AssetInput};
use crate::notify::{AffectedJurisdiction, DecisionInput, NotificationFacts};
use crate::testing::with_incident;
use crate::time::parse_moment;

fn utc(s: &str) -> Result<DateTime<Utc>> {
    Ok(parse_moment("test", s)?.with_timezone(&Utc))
}

#[test]
fn overdue_and_next_come_from_obligations_tasks_and_steps() -> Result<()> {
    let f = with_incident(IncidentType::Ransomware, "Ransom note on fs01")?;
    run::start(&f.store, f.incident, "ransomware", "alice")?;
    let mut facts = NotificationFacts {
        jurisdictions: vec![AffectedJurisdiction {
            code: "DE".into(),
            people: Some(1200),
        }],
        data_categories: vec![notify::vocab::DataCategory::PersonalData],
        risk_to_people: notify::vocab::RiskLevel::Risk,
        ..NotificationFacts::default()
    };
    facts.moments.aware_personal_data_breach =
        Some(parse_moment("t", "2026-11-20T10:00:00+01:00")?);
    notify::set_facts(&f.store, f.incident, &facts, "alice")?;
    rootcause::add_action_item(
        &f.store,
        f.incident,
        ActionItemInput {
            action: "Rotate the backup service account".into(),
            owner: "Sam (IT)".into(),
            due_date: "2026-11-22".into(),
        },
        "alice",
    )?;
    assets::add(
        &f.store,
        f.incident,
        AssetInput {
            kind: AssetKind::Host,
            name: "fs01.offsec.lan".into(),
            owner: String::new(),
            compromise: Compromise::Confirmed,
            containment: Containment::Contained,
            notes: String::new(),
        },
        "alice",
    )?;

    // GDPR's 72 hours from 20 Nov 09:00 UTC ran out on 23 Nov 09:00 UTC.
    let now = utc("2026-11-25T12:00:00Z")?;
    let g = glance(&f.store, f.incident, now)?;
    let gdpr = g
        .overdue
        .iter()
        .find(|i| i.key == "gdpr-33-authority")
        .map(|i| (i.kind, i.due_utc));
    assert_eq!(
        gdpr,
        Some((GlanceKind::Obligation, Some(utc("2026-11-23T09:00:00Z")?)))
    );
    let task = g.overdue.iter().find(|i| i.kind == GlanceKind::Task);
    assert_eq!(
        task.map(|t| (t.title.as_str(), t.detail.as_str(), t.due_utc)),
        Some((
            "Rotate the backup service account",
            "Owner: Sam (IT)",
            Some(utc("2026-11-23T00:00:00Z")?)
        ))
    );
    // Legal notices first, then tasks, each most overdue first; nothing overdue is next.
    let order: Vec<_> = g
        .overdue
        .iter()
        .map(|i| (i.kind != GlanceKind::Obligation, i.due_utc))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(
        g.overdue.first().map(|i| i.kind),
        Some(GlanceKind::Obligation)
    );
    assert!(g.next.iter().all(|i| i.due_utc.is_none_or(|d| d >= now)));
    assert!(g.next.iter().any(|i| i.kind == GlanceKind::Step));
    // Cyber insurance is unknown: the insurer step is a question, not work to start.
    let insurer = g.next.iter().find(|i| i.key == "engage-insurer-early");
    assert_eq!(
        insurer.map(|i| (i.kind, i.title.as_str())),
        Some((
            GlanceKind::Decide,
            "Decide whether a cyber insurance policy may respond"
        ))
    );
    assert!(g.progress.steps_total > 0 && g.progress.steps_complete == 0);
    assert_eq!(
        (g.progress.assets_contained, g.progress.assets_total),
        (1, 1)
    );
    let settled_before = g.progress.obligations_settled;

    // A delay keeps the clock, as the strip and the notifications page show it, marked so.
    notify::decide(
        &f.store,
        f.incident,
        &DecisionInput {
            rule_id: "gdpr-33-authority".into(),
            state: DecisionState::Delayed,
            note: "Police asked us to hold off (case 4471)".into(),
            sent_at: None,
        },
        "alice",
    )?;
    let delayed = glance(&f.store, f.incident, now)?;
    let detail = delayed
        .overdue
        .iter()
        .find(|i| i.key == "gdpr-33-authority")
        .map(|i| i.detail.clone());
    assert!(
        detail.as_deref().is_some_and(|d| d.contains("delayed")),
        "{detail:?}"
    );

    // Sending takes it off the overdue list and counts it as settled.
    notify::decide(
        &f.store,
        f.incident,
        &DecisionInput {
            rule_id: "gdpr-33-authority".into(),
            state: DecisionState::Sent,
            note: String::new(),
            sent_at: None,
        },
        "alice",
    )?;
    let after = glance(&f.store, f.incident, now)?;
    assert!(after.overdue.iter().all(|i| i.key != "gdpr-33-authority"));
    assert_eq!(after.progress.obligations_settled, settled_before + 1);

    // The same moment seen a week earlier: nothing is overdue yet, and the deadline is next.
    let early = glance(&f.store, f.incident, utc("2026-11-18T12:00:00Z")?)?;
    assert!(early.overdue.is_empty());
    Ok(())
}

#[test]
fn a_task_is_late_when_its_day_has_ended_where_the_organisation_is() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
    assert_eq!(
        task_due(day, None).to_rfc3339(),
        "2026-11-23T00:00:00+00:00"
    );
    let ny: Tz = chrono_tz::America::New_York;
    assert_eq!(
        task_due(day, Some(ny)).to_rfc3339(),
        "2026-11-23T05:00:00+00:00"
    );
    // Santiago springs forward at midnight: 6 Sep 2026 00:00 does not exist there, and the
    // 5 Sep day ends when the clocks jump (04:00 UTC), never later.
    let gap_day = NaiveDate::from_ymd_opt(2026, 9, 5).unwrap_or_default();
    let santiago: Tz = chrono_tz::America::Santiago;
    assert_eq!(
        task_due(gap_day, Some(santiago)).to_rfc3339(),
        "2026-09-06T04:00:00+00:00"
    );
}
