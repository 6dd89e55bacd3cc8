//! Threat intelligence in: the official STIX 2.1 examples (read in place from
//! `../shared/thirdparty/stix/`), a hand-written MISP event, and Firebreak's own export.

use std::path::{Path, PathBuf};

use super::intel::{self, IntelFormat, IntelPreview};
use super::ioc::pattern;
use super::ioc::IocType;
use super::vocab::Tlp;
use super::{indicators, NewIndicator};
use crate::catalog::IncidentType;
use crate::incident::{self, AuditAction};
use crate::testing::{declare_in, with_incident};
use crate::timeline::{self, TimelineFilter};

fn misp_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/misp/event.json")
}

fn values(items: &[intel::IntelItem]) -> Vec<(IocType, &str, Tlp)> {
    items
        .iter()
        .map(|i| (i.ioc_type, i.value.as_str(), i.tlp))
        .collect()
}

/// Each official example: to add, not imported, and the objects that are not indicators.
const STIX_EXAMPLES: &[(&str, usize, usize, &str)] = &[
    ("indicator-for-c2-ip-address.json", 1, 0, ""),
    (
        "indicator-to-campaign-relationship.json",
        1,
        0,
        "1 campaign, 1 relationship",
    ),
    (
        "indicators-for-C2-with-COA.json",
        2,
        0,
        "3 relationship, 1 course-of-action, 1 identity, 1 malware",
    ),
    (
        "infrastructure.json",
        0,
        0,
        "4 relationship, 2 infrastructure, 2 malware, 1 domain-name, 1 ipv4-addr",
    ),
    ("interop-objectmarking-test.json", 0, 0, "1 campaign"),
    (
        "malicious-email-indicator-with-attachment.json",
        0,
        2,
        "2 relationship, 1 attack-pattern, 1 identity",
    ),
    (
        "threat-reports/apt1.json",
        10,
        4,
        "30 relationship, 10 tool, 7 attack-pattern, 6 malware, 5 threat-actor, 4 identity, \
         1 intrusion-set, 1 report",
    ),
    (
        "threat-reports/poisonivy.json",
        44,
        1,
        "90 relationship, 25 malware, 6 vulnerability, 3 attack-pattern, 3 campaign, \
         1 course-of-action, 1 identity, 1 report",
    ),
];

#[test]
fn the_official_stix_examples_import_with_exact_counts() -> crate::Result<()> {
    let fx = with_incident(IncidentType::MalwareOutbreak, "STIX examples")?;
    for (file, add, unsupported, others) in STIX_EXAMPLES {
        let Some(path) = crate::testing::thirdparty(&format!("stix/examples/{file}")) else {
            return Ok(());
        };
        let incident = declare_in(&fx.store, file)?;
        let p = intel::preview(&fx.store, incident, &path)?;
        let got = (
            p.to_add.len(),
            p.unsupported.len(),
            p.other_objects.as_str(),
        );
        assert_eq!(got, (*add, *unsupported, *others), "{file}: {p:#?}");
        assert_eq!(p.format, IntelFormat::Stix);
        let done = intel::import(&fx.store, incident, &path, "bob")?;
        assert_eq!(
            (done.added, done.already_known),
            (u32::try_from(*add).unwrap_or(0), 0),
            "{file}"
        );
        assert_eq!(indicators::list(&fx.store, incident)?.len(), *add, "{file}");
        // A second import finds them all known.
        let again = intel::preview(&fx.store, incident, &path)?;
        assert_eq!((again.to_add.len(), again.duplicates.len()), (0, *add));
        assert!(matches!(
            timeline::verify(&fx.store, incident)?,
            timeline::ChainStatus::Intact { .. }
        ));
    }
    Ok(())
}

#[test]
fn apt1_keeps_networks_hashes_and_reports_what_it_cannot_store() -> crate::Result<()> {
    let Some(path) = crate::testing::thirdparty("stix/examples/threat-reports/apt1.json") else {
        return Ok(());
    };
    let fx = with_incident(IncidentType::MalwareOutbreak, "APT1")?;
    let p = intel::preview(&fx.store, fx.incident, &path)?;
    let got = values(&p.to_add);
    assert!(got.contains(&(IocType::Cidr, "223.166.0.0/15", Tlp::Amber)));
    assert!(got.contains(&(IocType::Md5, "001dd76872d80801692ff942308c64e6", Tlp::Amber)));
    assert!(got.contains(&(IocType::Domain, "hugesoft.org", Tlp::Amber)));
    // The bundle marks nothing: AMBER is Firebreak's default, and the preview says so.
    assert!(p.to_add.iter().all(|i| !i.tlp_marked));
    assert_eq!(
        p.title,
        "APT1: Exposing One of China's Cyber Espionage Units"
    );
    let x509: Vec<&str> = p.unsupported.iter().map(|s| s.part.as_str()).collect();
    assert!(
        x509.contains(&"x509-certificate:issuer = 'CN=WEBMAIL'"),
        "{x509:?}"
    );
    assert!(p
        .unsupported
        .iter()
        .all(|s| s.reason.contains("no indicator type for x509-certificate")));
    Ok(())
}

#[test]
fn a_misp_event_imports_by_type_with_tlp_tags_and_to_ids() -> crate::Result<()> {
    let fx = with_incident(IncidentType::BusinessEmailCompromise, "MISP")?;
    indicators::add(
        &fx.store,
        fx.incident,
        vec![NewIndicator {
            value: "evil-update.example".into(),
            ..NewIndicator::default()
        }],
        "",
        "alice",
    )?;
    let p: IntelPreview = intel::preview(&fx.store, fx.incident, &misp_fixture())?;
    assert_eq!(p.format, IntelFormat::Misp);
    assert_eq!(
        p.title,
        "Phishing wave delivering a loader (Firebreak test fixture)"
    );
    use IocType::*;
    use Tlp::*;
    assert_eq!(
        values(&p.to_add),
        vec![
            (Ipv4, "203.0.113.10", Red),
            (Url, "http://evil-update.example/gate.php?id=7", Amber),
            (Cidr, "198.51.100.0/24", Green),
            (Ipv4, "192.0.2.44", Amber),
            (Email, "payroll@bad-mail.example", Amber),
            (FileName, "invoice.pdf.exe", Amber),
            (
                Sha256,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Amber
            ),
            (
                RegistryKey,
                "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\updater",
                Amber
            ),
            (
                UserAgent,
                "Mozilla/5.0 (Windows NT 10.0; EvilLoader/2.1)",
                Amber
            ),
            (Domain, "cdn.bad-mail.example", Amber),
            (Md5, "d41d8cd98f00b204e9800998ecf8427e", Amber),
        ]
    );
    assert_eq!(
        values(&p.duplicates),
        vec![(Domain, "evil-update.example", Amber)]
    );
    let skipped: Vec<(&str, bool)> = p
        .unsupported
        .iter()
        .map(|s| (s.part.as_str(), s.reason.contains("to_ids is off")))
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("ip-dst: 10.20.30.40", true),
            ("vulnerability: CVE-2026-12345", false),
            ("text: Campaign also seen in October", true),
            ("filename: loader.dll", true),
        ]
    );

    let done = intel::import(&fx.store, fx.incident, &misp_fixture(), "bob")?;
    assert_eq!(
        (done.added, done.already_known, done.unsupported),
        (11, 1, 4)
    );
    let list = indicators::list(&fx.store, fx.incident)?;
    let c2 = list
        .iter()
        .find(|i| i.value == "203.0.113.10")
        .ok_or(crate::Error::Corrupt("C2 missing".into()))?;
    assert_eq!(
        c2.first_seen.map(|m| m.to_rfc3339()),
        Some("2026-11-18T08:00:00+00:00".into())
    );
    assert!(c2.description.starts_with("Phishing wave"), "{c2:?}");
    let entries = timeline::list(&fx.store, fx.incident, &TimelineFilter::default())?;
    let entry = entries
        .iter()
        .find(|e| e.action == Some(AuditAction::IndicatorsAdded))
        .ok_or(crate::Error::Corrupt("no import entry".into()))?;
    assert!(
        entry.summary.contains("from MISP event event.json"),
        "{}",
        entry.summary
    );
    let trail = incident::show(&fx.store, fx.incident)?.audit;
    let note = trail
        .iter()
        .find(|a| a.action == AuditAction::IndicatorsAdded)
        .map(|a| a.note.clone())
        .unwrap_or_default();
    assert!(note.starts_with("Not imported (4):"), "{note}");
    Ok(())
}

#[test]
fn firebreak_reads_back_its_own_stix_export() -> crate::Result<()> {
    let fx = with_incident(IncidentType::MalwareOutbreak, "Round trip")?;
    let values = [
        ("203.0.113.7", Tlp::Clear),
        ("2001:db8::7", Tlp::Green),
        ("10.0.0.0/8", Tlp::Amber),
        ("evil.example", Tlp::AmberStrict),
        ("https://evil.example/o'brien?q=1", Tlp::Red),
        ("ceo@evil.example", Tlp::Amber),
        ("invoice.pdf.exe", Tlp::Amber),
        ("d41d8cd98f00b204e9800998ecf8427e", Tlp::Amber),
        ("da39a3ee5e6b4b0d3255bfef95601890afd80709", Tlp::Amber),
        (
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Tlp::Amber,
        ),
        ("HKCU\\Software\\Run", Tlp::Amber),
    ];
    let mut inputs: Vec<NewIndicator> = values
        .iter()
        .map(|(v, tlp)| NewIndicator {
            value: (*v).into(),
            tlp: Some(*tlp),
            ..NewIndicator::default()
        })
        .collect();
    inputs.push(NewIndicator {
        value: "a".repeat(128),
        ..NewIndicator::default()
    });
    inputs.push(NewIndicator {
        value: "Mozilla/5.0 (Evil)".into(),
        ioc_type: Some(IocType::UserAgent),
        ..NewIndicator::default()
    });
    indicators::add(&fx.store, fx.incident, inputs, "", "bob")?;
    let path = fx.dir.path().join("out.stix.json");
    let format = indicators::IocExportFormat::Stix;
    indicators::export(&fx.store, fx.incident, format, &path, "Acme")?;
    let other = declare_in(&fx.store, "Receiver")?;
    let p = intel::preview(&fx.store, other, &path)?;
    assert!(p.unsupported.is_empty(), "{:?}", p.unsupported);
    let mut want: Vec<(IocType, String, Tlp)> = indicators::list(&fx.store, fx.incident)?
        .into_iter()
        .map(|i| (i.ioc_type, i.value, i.tlp))
        .collect();
    let mut got: Vec<(IocType, String, Tlp)> = p
        .to_add
        .into_iter()
        .map(|i| (i.ioc_type, i.value, i.tlp))
        .collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(got.len(), 13, "every type round-trips");
    Ok(())
}

#[test]
fn a_file_that_is_neither_is_refused_and_nothing_is_stored() -> crate::Result<()> {
    let fx = with_incident(IncidentType::MalwareOutbreak, "Bad files")?;
    for (name, body, why) in [
        ("a.json", "not json", "not JSON"),
        ("b.json", "{\"objects\": []}", "no \"type\""),
        ("c.json", "{\"Event\": null, \"x\": 1}", "no \"Event\""),
    ] {
        let path = fx.dir.path().join(name);
        std::fs::write(&path, body).map_err(|e| crate::Error::Io {
            context: "fixture".into(),
            source: e,
        })?;
        let err = intel::import(&fx.store, fx.incident, &path, "bob")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains(why), "{name}: {err}");
    }
    assert!(indicators::list(&fx.store, fx.incident)?.is_empty());
    Ok(())
}

#[test]
fn patterns_are_taken_apart_without_guessing() -> Result<(), String> {
    let s = pattern::scan(
        "([ipv4-addr:value = '198.51.100.1' OR domain-name:value MATCHES '^evil'] AND \
         [file:hashes.'SHA-256' IN ('aa', 'b\\'c')]) WITHIN 600 SECONDS",
    )?;
    let got: Vec<(&str, &str, Vec<&str>)> = s
        .comparisons
        .iter()
        .map(|c| {
            (
                c.path.as_str(),
                c.op.as_str(),
                c.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("ipv4-addr:value", "=", vec!["198.51.100.1"]),
            ("domain-name:value", "MATCHES", vec!["^evil"]),
            ("file:hashes.sha-256", "IN", vec!["aa", "b'c"]),
        ]
    );
    assert_eq!(s.other_parts, vec!["WITHIN 600 SECONDS"]);
    assert_eq!(s.comparisons[1].text, "domain-name:value MATCHES '^evil'");
    let negated = pattern::scan("[url:value NOT = 'http://a.example/']")?;
    assert_eq!(negated.comparisons[0].op, "NOT =");
    assert!(pattern::scan("[ipv4-addr:value = '1.2.3.4'").is_ok());
    assert!(pattern::scan("[ipv4-addr:value = '1.2.3.4]").is_err());
    assert!(pattern::scan("[ipv4-addr:value]").is_err());
    Ok(())
}

#[test]
fn markings_revocation_and_other_pattern_languages_are_read_as_stix_defines_them(
) -> crate::Result<()> {
    let fx = with_incident(IncidentType::MalwareOutbreak, "Markings")?;
    let ind = |id: &str, pattern: &str, extra: serde_json::Value| {
        let mut o = serde_json::json!({
            "type": "indicator", "spec_version": "2.1", "id": id,
            "created": "2026-11-20T00:00:00.000Z", "modified": "2026-11-20T00:00:00.000Z",
            "pattern": pattern, "pattern_type": "stix", "valid_from": "2026-11-20T00:00:00Z",
        });
        if let (Some(o), Some(e)) = (o.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        o
    };
    let own_red = "marking-definition--11111111-2222-4333-8444-555555555555";
    let bundle = serde_json::json!({
        "type": "bundle",
        "id": "bundle--00000000-0000-4000-8000-000000000000",
        "objects": [
            {"type": "marking-definition", "spec_version": "2.1", "id": own_red,
             "created": "2026-11-20T00:00:00.000Z", "definition_type": "tlp",
             "definition": {"tlp": "red"}},
            ind("indicator--1", "[ipv4-addr:value = '203.0.113.1']", serde_json::json!({
                "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]})),
            ind("indicator--2", "[domain-name:value = 'evil.example']", serde_json::json!({
                "object_marking_refs": [own_red]})),
            ind("indicator--3", "[domain-name:value = 'old.example']", serde_json::json!({
                "revoked": true})),
            ind("indicator--4", "title: x", serde_json::json!({"pattern_type": "sigma"})),
            ind("indicator--5",
                "[url:value = 'http://a.example/x'] FOLLOWEDBY [url:value = 'http://b.example/y']",
                serde_json::json!({})),
        ],
    });
    let path = fx.dir.path().join("markings.json");
    std::fs::write(&path, bundle.to_string()).map_err(|e| crate::Error::Io {
        context: "fixture".into(),
        source: e,
    })?;
    let p = intel::preview(&fx.store, fx.incident, &path)?;
    assert_eq!(
        values(&p.to_add),
        vec![
            (IocType::Ipv4, "203.0.113.1", Tlp::Green),
            (IocType::Domain, "evil.example", Tlp::Red),
            (IocType::Url, "http://a.example/x", Tlp::Amber),
            (IocType::Url, "http://b.example/y", Tlp::Amber),
        ]
    );
    let why: Vec<&str> = p.unsupported.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert!(why[0].starts_with("revoked by its producer"));
    assert!(why[1].starts_with("a sigma rule"));
    assert!(why[2].starts_with("a timing or order condition"));
    Ok(())
}

/// Found by fuzzing (fuzz/, intel): a pattern with a multi-byte character where a word
/// should start was cut in half when the error named it; it is now a refusal naming it.
#[test]
fn a_pattern_with_a_multibyte_character_is_refused_not_a_panic() {
    match pattern::scan("[fileɗas:value = 'x']") {
        Err(e) => assert!(e.contains("'ɗ'"), "{e}"),
        Ok(s) => panic!("accepted: {s:?}"),
    }
}
