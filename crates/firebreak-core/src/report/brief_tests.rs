//! The executive brief of a heavy SEV1 ransomware incident — overdue and upcoming
//! obligations, many facts, affected systems, a run with blocked and skipped steps — must
//! still be one page, bottom line first, in plain words and the organisation's time zone.

use super::*;
use crate::catalog::{IncidentType, Severity};
use crate::incident::{self, NewIncident};
use crate::investigation::vocab::*;
use crate::investigation::{self as inv, AssetInput};
use crate::notify::{self, DecisionInput, DecisionState, NotificationFacts};
use crate::playbook::Fact;
use crate::run::{self, FactChange, StepState, StepUpdate};

const FACTS: &str = r#"{
  "jurisdictions": [
    { "code": "DE", "people": 1200 }, { "code": "FR", "people": 800 },
    { "code": "NL", "people": 95 }, { "code": "GB", "people": 410 },
    { "code": "US-CA", "people": 300 }, { "code": "US-TX", "people": null },
    { "code": "US-NY", "people": 1250 }, { "code": "US-FL", "people": 620 }
  ],
  "data_categories": ["personal_data", "government_id", "financial_account", "health"],
  "risk_to_people": "risk",
  "profile": { "home_zone": "Europe/Berlin" },
  "moments": {
    "aware_personal_data_breach": "2026-12-03T00:22:00+01:00",
    "breach_determined": "2026-12-06T00:22:00Z"
  }
}"#;

struct Heavy {
    _dir: tempfile::TempDir,
    data: ReportData,
}

fn heavy(with_assets: bool) -> Result<Heavy> {
    crate::time::freeze(Some(crate::time::parse_moment(
        "t",
        "2026-12-07T20:00:00Z",
    )?));
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let store = Store::open(&dir.path().join("h.db"))?;
    let id = incident::declare(
        &store,
        NewIncident {
            title: "Ransom note on fs01.offsec.lan".into(),
            incident_type: IncidentType::Ransomware,
            severity: Severity::Sev1,
            detected_at: Some("2026-12-02T22:22:00Z".into()),
            phase: None,
            commander: Some("Dana Reyes".into()),
            summary: Some(
                "File shares and the ERP database are encrypted; the plant runs on paper.".into(),
            ),
        },
        "dana",
    )?
    .id;
    notify::set_facts(
        &store,
        id,
        &NotificationFacts::from_json("f.json", FACTS)?,
        "dana",
    )?;
    notify::decide(
        &store,
        id,
        &DecisionInput {
            rule_id: "texas-credit-bureaus".into(),
            state: DecisionState::NotRequired,
            note: "Fewer than 10,000 Texans affected on current estimates".into(),
            sent_at: None,
        },
        "Lee Chen",
    )?;
    run::start(&store, id, "ransomware", "dana")?;
    let facts = [
        (Fact::PersonalDataInvolved, Some(true)),
        (Fact::RansomDemanded, Some(true)),
        (Fact::CyberInsurance, Some(true)),
        (Fact::PubliclyTraded, Some(false)),
    ];
    let changes: Vec<FactChange> = facts
        .iter()
        .map(|&(fact, value)| FactChange { fact, value })
        .collect();
    run::set_facts(&store, id, &changes, "dana")?;
    let step = |state, reason: &str| StepUpdate {
        state: Some(state),
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
        ..StepUpdate::default()
    };
    for s in [
        "declare-incident",
        "open-oob-channel",
        "engage-insurer-early",
    ] {
        run::update_step(&store, id, None, s, step(StepState::Done, ""), "dana")?;
    }
    run::update_step(
        &store,
        id,
        None,
        "image-sample-hosts",
        step(
            StepState::Blocked,
            "Forensics vendor not yet under contract",
        ),
        "dana",
    )?;
    run::update_step(
        &store,
        id,
        None,
        "export-logs",
        step(StepState::Skipped, "Logs already shipped to the SIEM"),
        "dana",
    )?;
    if with_assets {
        for (i, name) in [
            "FS01", "FS02", "ERP-DB", "DC01", "DC02", "HR-APP", "BKP01", "WS-114", "WS-207",
        ]
        .iter()
        .enumerate()
        {
            let containment = [
                Containment::Contained,
                Containment::InProgress,
                Containment::NotStarted,
            ][i % 3];
            inv::assets::add(
                &store,
                id,
                AssetInput {
                    kind: AssetKind::Host,
                    name: (*name).into(),
                    owner: "IT".into(),
                    compromise: Compromise::Confirmed,
                    containment,
                    notes: String::new(),
                },
                "dana",
            )?;
        }
    }
    let data = gather(&store, id, crate::time::now_local(), "Dana Reyes")?;
    crate::time::freeze(None);
    Ok(Heavy { _dir: dir, data })
}

fn pages(pdf: &[u8]) -> usize {
    let page = b"<< /Type /Page /";
    pdf.windows(page.len()).filter(|w| w == page).count()
}

fn bullets_after<'a>(doc: &'a firebreak_pdf::Document, heading: &str) -> &'a [String] {
    doc.blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Heading { text, .. } if text == heading))
        .find_map(|b| match b {
            Block::Bullets(items) => Some(items.as_slice()),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn a_heavy_brief_fits_one_page_and_says_what_it_left_out() -> Result<()> {
    let h = heavy(true)?;
    let pdf = render_data(&h.data, ReportKind::Brief, ReportFormat::Pdf)?;
    if let Some(out) = std::env::var_os("FIREBREAK_BRIEF_OUT") {
        let _ = std::fs::write(out, &pdf);
    }
    assert_eq!(pages(&pdf), 1, "the executive brief must fit on one page");
    let doc = document_for(&h.data, ReportKind::Brief);
    let text = serde_json::to_string(&doc).map_err(|e| Error::Corrupt(e.to_string()))?;
    assert!(text.contains("more — see the full report."), "{text}");
    // What the brief cut short is in the full report, as it says.
    let full = serde_json::to_string(&document_for(&h.data, ReportKind::Full))
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    let clock = super::clock::Clock::new(h.data.home_zone.as_deref(), h.data.now_utc());
    let all = super::brief_lines::gather(&h.data, &clock);
    for line in all
        .overdue
        .iter()
        .chain(&all.needed)
        .chain(&all.taken)
        .chain(&all.next)
    {
        let json = serde_json::to_string(line).map_err(|e| Error::Corrupt(e.to_string()))?;
        assert!(full.contains(&json), "the full report lacks {line}");
    }
    // The bottom line comes first, right under the title.
    assert!(
        matches!(&doc.blocks[1], Block::Callout { title, .. } if title.starts_with("Bottom line: 2 notification deadlines have passed")),
        "{:?}",
        doc.blocks[1]
    );
    Ok(())
}

#[test]
fn the_brief_speaks_plainly_in_the_home_zone() -> Result<()> {
    let h = heavy(false)?;
    let doc = document_for(&h.data, ReportKind::Brief);
    let text = serde_json::to_string(&doc).map_err(|e| Error::Corrupt(e.to_string()))?;
    for banned in ["(s)", "(first:", "No affected systems recorded yet"] {
        assert!(!text.contains(banned), "the brief says {banned:?}: {text}");
    }
    assert!(
        text.contains("not yet assessed beyond fs01.offsec.lan"),
        "{text}"
    );
    let overdue = bullets_after(&doc, "Overdue now");
    assert!(!overdue.is_empty(), "{text}");
    for line in overdue {
        assert!(
            line.contains("Owner: Dana Reyes (incident commander; no one else is assigned)"),
            "{line}"
        );
        assert!(line.contains(" CET (") && line.contains(" UTC)"), "{line}");
    }
    // GDPR's 72 h ran out at 00:22 CET on the 6th.
    assert!(
        overdue[0].contains("GDPR: Notify the lead supervisory authority, or each one concerned — was due Sun 6 Dec 00:22 CET (5 Dec 23:22 UTC), overdue by 1 day 20 hours"),
        "{overdue:?}"
    );
    for line in bullets_after(&doc, "Upcoming deadlines") {
        assert!(
            !line.contains("overdue"),
            "overdue listed as upcoming: {line}"
        );
    }
    // What each list holds before the page limit shortens it.
    let clock = super::clock::Clock::new(h.data.home_zone.as_deref(), h.data.now_utc());
    let all = super::brief_lines::gather(&h.data, &clock);
    let taken = all.taken.join("\n");
    assert!(taken.contains("no notice to nationwide consumer reporting agencies — Fewer than 10,000 Texans affected on current estimates (Lee Chen, "), "{taken}");
    assert!(
        taken.contains("Ruled out: the organisation is an SEC registrant"),
        "{taken}"
    );
    let needed = all.needed.join("\n");
    assert!(needed.contains("Unblock “Capture memory and disk images of sample hosts before any wipe” (Forensics): Forensics vendor not yet under contract."), "{needed}");
    // The commander is named, not her role.
    let next = bullets_after(&doc, "Next steps for the response team");
    assert!(
        next.iter().all(|s| !s.ends_with("— Incident commander")),
        "{next:?}"
    );
    Ok(())
}

#[test]
fn unknown_facts_are_ranked_by_the_obligations_they_decide() -> Result<()> {
    let h = heavy(false)?;
    let doc = document_for(&h.data, ReportKind::Brief);
    let needed = bullets_after(&doc, "Decisions needed");
    let first_fact = needed
        .iter()
        .find(|l| l.starts_with("Establish "))
        .cloned()
        .unwrap_or_default();
    let possible: Vec<_> = h
        .data
        .open_obligations()
        .into_iter()
        .filter(|o| o.applicability == notify::Applicability::Possible)
        .collect();
    let most = super::brief_lines::by_unknown_fact(&possible)
        .first()
        .map(|(fact, list)| (fact.clone(), list.len()))
        .unwrap_or_default();
    assert!(most.1 > 0, "the fixture has possible obligations");
    assert!(
        first_fact.starts_with(&format!(
            "Establish {}: it decides {} possible notification",
            most.0, most.1
        )),
        "{first_fact} vs {most:?}"
    );
    Ok(())
}

#[test]
fn a_server_in_the_title_is_recognised() {
    use super::brief_lines::named_server;
    assert_eq!(
        named_server("Ransom note on fs01.offsec.lan").as_deref(),
        Some("fs01.offsec.lan")
    );
    assert_eq!(
        named_server("Beacon from 10.0.4.12, again").as_deref(),
        Some("10.0.4.12")
    );
    assert_eq!(named_server("Ransomware at the Łódź plant"), None);
    assert_eq!(named_server("Leaked invoice.pdf"), None);
}
