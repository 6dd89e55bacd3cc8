//! Reports from a realistic incident: snapshots of the document (what both renderers draw)
//! and of the HTML, with ids, hashes and digits masked so only run-dependent values vary.
//! Regenerate after an intended change with FIREBREAK_UPDATE_SNAPSHOTS=1.

use super::*;
use crate::catalog::{IncidentType, Phase, Severity};
use crate::incident::{self, IncidentPatch, NewIncident};
use crate::investigation::vocab::*;
use crate::investigation::{self as inv, *};
use crate::notify::{self, NotificationFacts};
use crate::timeline::{self, NewEvent};

const FACTS: &str = r#"{
  "jurisdictions": [{ "code": "DE", "people": 1200 }, { "code": "FR", "people": null }],
  "data_categories": ["personal_data"],
  "encrypted": "no",
  "risk_to_people": "high",
  "moments": { "aware_personal_data_breach": "2026-11-20T10:00:00+01:00" }
}"#;

fn fixture() -> Result<(tempfile::TempDir, ReportData)> {
    // Everything recorded "now" is recorded at this instant, on every run.
    crate::time::freeze(Some(crate::time::parse_moment(
        "t",
        "2026-11-20T14:05:00+01:00",
    )?));
    let dir = tempfile::tempdir().map_err(|e| Error::Io {
        context: "tempdir".into(),
        source: e,
    })?;
    let store = Store::open(&dir.path().join("r.db"))?;
    let id = incident::declare(
        &store,
        NewIncident {
            title: "Ransomware at the Łódź plant".into(),
            incident_type: IncidentType::Ransomware,
            severity: Severity::Sev1,
            detected_at: Some("2026-11-20T06:40:00+01:00".into()),
            phase: None,
            commander: Some("Ana Kowalska".into()),
            summary: Some(
                "File servers at the plant were encrypted; production is on manual procedures."
                    .into(),
            ),
        },
        "alice",
    )?
    .id;
    let facts = NotificationFacts::from_json("facts.json", FACTS)?;
    notify::set_facts(&store, id, &facts, "alice")?;
    let opened = timeline::add_event(
        &store,
        id,
        NewEvent {
            occurred_at: "2026-11-18T23:12:00+01:00".into(),
            message: "Phishing attachment opened on FIN-LT-042".into(),
            host: Some("FIN-LT-042".into()),
            ..NewEvent::default()
        },
        "bob",
    )?;
    crate::investigation::initial_access::mark(&store, id, opened.id, "bob")?;
    let asset = |name: &str, containment| AssetInput {
        kind: AssetKind::Host,
        name: name.into(),
        owner: "Plant IT".into(),
        compromise: Compromise::Confirmed,
        containment,
        notes: String::new(),
    };
    inv::assets::add(
        &store,
        id,
        asset("FS-LODZ-01", Containment::Contained),
        "bob",
    )?;
    inv::assets::add(
        &store,
        id,
        asset("FIN-LT-042", Containment::InProgress),
        "bob",
    )?;
    inv::indicators::add(
        &store,
        id,
        vec![NewIndicator {
            value: "cdn-update[.]net".into(),
            ..NewIndicator::default()
        }],
        "",
        "bob",
    )?;
    inv::evidence::add(
        &store,
        id,
        NewEvidence {
            label: "Disk image FS-LODZ-01".into(),
            sha256: Some("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into()),
            storage_location: "Forensics vendor, case 2026-118".into(),
            ..NewEvidence::default()
        },
        "bob",
        &mut |_| {},
    )?;
    let h = inv::rootcause::add_hypothesis(
        &store,
        id,
        "Initial access through the VPN appliance",
        "bob",
    )?;
    inv::rootcause::set_hypothesis(
        &store,
        id,
        h.id,
        HypothesisStatus::Refuted,
        "VPN logs show no session from the attacker's IPs",
        "bob",
    )?;
    inv::rootcause::set_root_cause(
        &store,
        id,
        RootCauseInput {
            statement: "A spearphishing attachment installed a loader; the attacker reused cached domain credentials.".into(),
            initial_access: "T1566.001".into(),
            contributing_factors: vec!["Macros allowed from the internet".into()],
            revision: None,
        },
        "bob",
    )?;
    inv::rootcause::add_action_item(
        &store,
        id,
        ActionItemInput {
            action: "Block internet macros by policy".into(),
            owner: "Endpoint team".into(),
            due_date: "2026-12-15".into(),
        },
        "bob",
    )?;
    incident::edit(
        &store,
        id,
        IncidentPatch {
            phase: Some(Phase::Eradication),
            ..IncidentPatch::default()
        },
        "alice",
    )?;
    let at = crate::time::parse_moment("t", "2026-11-21T12:00:00Z")?;
    let data = gather(&store, id, at, "Ana Kowalska")?;
    crate::time::freeze(None);
    Ok((dir, data))
}

/// Masks what still differs between runs with the clock frozen: random ids (and the short
/// form in the page header) and the hashes that cover them.
fn mask(text: &str, incident: &uuid::Uuid) -> String {
    let id = incident.to_string();
    let text = text
        .replace(&id, "<incident>")
        .replace(&id[id.len() - 8..], "<id8>");
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let hex = |c: &char| c.is_ascii_hexdigit() && !c.is_ascii_uppercase();
    while i < chars.len() {
        let word: String = chars[i..chars.len().min(i + 36)].iter().collect();
        if word.len() == 36 && uuid::Uuid::parse_str(&word).is_ok() {
            out.push_str("<uuid>");
            i += 36;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| hex(c)).count();
        if run >= 32 {
            out.push_str("<hash>");
            i += run;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn check_snapshot(name: &str, actual: &str) -> Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/report/snapshots")
        .join(name);
    if std::env::var_os("FIREBREAK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).map_err(|e| Error::Io {
            context: path.display().to_string(),
            source: e,
        })?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs from its snapshot; if intended, rerun with FIREBREAK_UPDATE_SNAPSHOTS=1 and review the diff"
    );
    Ok(())
}

#[test]
fn brief_and_full_report_match_their_snapshots() -> Result<()> {
    let (_dir, data) = fixture()?;
    for kind in [ReportKind::Brief, ReportKind::Full] {
        let doc = document_for(&data, kind);
        let json = serde_json::to_string_pretty(&doc).map_err(|e| Error::Corrupt(e.to_string()))?;
        check_snapshot(
            &format!("{}.document.json", kind.code()),
            &mask(&json, &data.incident.id),
        )?;
        let html = String::from_utf8(render_data(&data, kind, ReportFormat::Html)?)
            .map_err(|e| Error::Corrupt(e.to_string()))?;
        // The timeline's HTML export carries the same policy: nothing loads, nothing runs.
        assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none';"));
        check_snapshot(
            &format!("{}.html", kind.code()),
            &mask(&html, &data.incident.id),
        )?;
    }
    Ok(())
}

#[test]
fn the_brief_says_what_the_board_needs_in_plain_words() -> Result<()> {
    let (_dir, data) = fixture()?;
    let html = String::from_utf8(render_data(&data, ReportKind::Brief, ReportFormat::Html)?)
        .map_err(|e| Error::Corrupt(e.to_string()))?;
    for wanted in [
        "Executive brief: Ransomware at the Łódź plant",
        "Bottom line: not yet contained — 1 affected system still open.",
        "SEV1 (critical) ransomware incident, detected Fri 20 Nov 05:40 UTC, now in eradication, led by Ana Kowalska (incident commander).",
        "2 affected systems: 2 confirmed compromised, 0 suspected.",
        "Data of at least 1,200 people is involved.",
        "People affected by place: Germany 1,200, France unknown.",
        "Contained: FS-LODZ-01.",
        "Containment in progress: FIN-LT-042.",
        "Approve sending — GDPR: Notify the lead supervisory authority, or each one concerned, due Mon 23 Nov 09:00 UTC, in 1 day 21 hours.",
        "Root cause: A spearphishing attachment installed a loader",
    ] {
        assert!(html.contains(wanted), "brief lacks {wanted:?}");
    }
    Ok(())
}

#[test]
fn the_full_report_has_every_section_and_the_chain_head() -> Result<()> {
    let (_dir, data) = fixture()?;
    let doc = document_for(&data, ReportKind::Full);
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level: 1, text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "1. Summary",
            "2. Scope and impact",
            "3. Timeline",
            "4. Actions taken",
            "5. Root cause",
            "6. Notifications and decisions",
            "7. Metrics",
            "8. Lessons learned",
            "9. Integrity of this record"
        ]
    );
    let head = match &data.chain {
        crate::timeline::ChainStatus::Intact { head_hash, .. } => head_hash.clone(),
        other => panic!("chain not intact: {other:?}"),
    };
    let text = serde_json::to_string(&doc).map_err(|e| Error::Corrupt(e.to_string()))?;
    assert!(
        text.contains(&head),
        "the report must carry the chain head hash"
    );
    assert!(text.contains("T1566.001 Phishing: Spearphishing Attachment"));
    // Detected 05:40Z on the 20th; first activity 22:12Z on the 18th; moved to eradication
    // (contained) at 13:05Z on the 20th.
    assert!(text.contains(r#"["Time to detect","Initial access (first malicious activity): 2026-11-18 22:12","Detected: 2026-11-20 05:40","1 d 7 h"]"#), "{text}");
    assert!(
        text.contains(r#""Contained (moved to eradication): 2026-11-20 13:05","7 h 25 min"]"#),
        "{text}"
    );
    Ok(())
}

#[test]
fn pdf_output_is_deterministic_for_the_same_data() -> Result<()> {
    let (_dir, data) = fixture()?;
    let a = render_data(&data, ReportKind::Full, ReportFormat::Pdf)?;
    let b = render_data(&data, ReportKind::Full, ReportFormat::Pdf)?;
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "the same report data must give the same PDF bytes");
    let brief = render_data(&data, ReportKind::Brief, ReportFormat::Pdf)?;
    let page = b"<< /Type /Page /";
    let pages = brief.windows(page.len()).filter(|w| w == page).count();
    assert_eq!(pages, 1, "the executive brief must fit on one page");
    Ok(())
}

#[test]
fn obligations_that_only_may_apply_are_one_line_in_the_brief() -> Result<()> {
    let fx = crate::testing::with_incident(IncidentType::Ransomware, "No facts yet")?;
    let at = crate::time::parse_moment("t", "2026-11-21T12:00:00Z")?;
    let data = gather(&fx.store, fx.incident, at, "Ana")?;
    assert!(
        data.open_obligations().len() > 1,
        "state rules should be possible without facts"
    );
    let doc = document_for(&data, ReportKind::Brief);
    let decisions = doc
        .blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Heading { text, .. } if text == "Decisions needed"))
        .find_map(|b| match b {
            Block::Bullets(items) => Some(items.clone()),
            _ => None,
        })
        .unwrap_or_default();
    // One line per unknown fact, not one per obligation it decides.
    let mut facts: Vec<&String> = data
        .open_obligations()
        .iter()
        .flat_map(|o| &o.depends_on)
        .collect();
    facts.sort();
    facts.dedup();
    assert!(facts.len() < data.open_obligations().len(), "{facts:?}");
    assert_eq!(decisions.len(), facts.len(), "{decisions:?}");
    assert!(
        decisions.iter().all(|d| d.starts_with("Establish ")),
        "{decisions:?}"
    );
    Ok(())
}

#[test]
fn the_brief_words_a_step_on_an_unknown_fact_as_a_decision() -> Result<()> {
    let fx = crate::testing::with_incident(IncidentType::Ransomware, "Insurance unknown")?;
    crate::run::start(&fx.store, fx.incident, "ransomware", "ana")?;
    let at = crate::time::parse_moment("t", "2026-11-21T12:00:00Z")?;
    let data = gather(&fx.store, fx.incident, at, "Ana")?;
    // The full report lists every decision the brief may have had to shorten.
    let doc = document_for(&data, ReportKind::Full);
    let bullets: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Bullets(items) => Some(items.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        bullets.iter().any(|n| n
            .starts_with("Decide whether a cyber insurance policy may respond: it decides")
            && n.contains("Call the cyber insurer")),
        "{bullets:?}"
    );
    Ok(())
}

#[test]
fn a_place_with_no_rule_is_a_question_for_counsel_in_both_reports() -> Result<()> {
    let fx = crate::testing::with_incident(IncidentType::DataBreach, "Customer DB")?;
    let facts = NotificationFacts::from_json(
        "facts",
        r#"{"jurisdictions": [{"code": "DE", "people": 1200}, {"code": "US-CA", "people": 1300}]}"#,
    )?;
    notify::set_facts(&fx.store, fx.incident, &facts, "ana")?;
    let at = crate::time::parse_moment("t", "2026-11-21T12:00:00Z")?;
    let data = gather(&fx.store, fx.incident, at, "Ana")?;
    let line = "No rule for US-CA (California) in Firebreak's reference — check with counsel. \
                1,300 people affected there.";
    for kind in [ReportKind::Brief, ReportKind::Full] {
        let doc = document_for(&data, kind);
        let listed = doc.blocks.iter().any(|b| match b {
            Block::Bullets(items) => items.iter().any(|i| i == line),
            _ => false,
        });
        assert!(listed, "{kind:?} lacks the no-rule line");
    }
    Ok(())
}
