//! `firebreak evidence …`, `firebreak ioc …` and `firebreak report …` end to end, checked
//! by tools that are not ours: sha256sum, an independent STIX 2.1 validator and poppler.

mod common;

use std::path::Path;
use std::process::Command;

use common::{tool, Env, TestResult};

fn declare(env: &Env) -> Result<String, Box<dyn std::error::Error>> {
    let i = env.json(&[
        "incident",
        "declare",
        "--title",
        "Ransomware at the Łódź plant",
        "--type",
        "ransomware",
        "--severity",
        "sev1",
        "--summary",
        "File servers encrypted; backups intact.",
    ])?;
    Ok(i["id"].as_str().ok_or("no id")?.to_owned())
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}

#[test]
fn evidence_hash_custody_and_tamper_detection() -> TestResult {
    let env = Env::new()?;
    let id = declare(&env)?;
    let file = env.file("triage.zip", "collected triage package")?;
    let item = env.json(&[
        "evidence",
        "add",
        &id,
        s(&file),
        "--label",
        "KAPE triage FIN-LT-042",
        "--source",
        "EDR",
        "--location",
        "Evidence share \\\\vault\\case-118",
    ])?;
    if let Some(sha256sum) = tool("FIREBREAK_SHA256SUM", "sha256sum") {
        let out = Command::new(sha256sum).arg(&file).output()?;
        let theirs = String::from_utf8(out.stdout)?;
        assert_eq!(
            Some(theirs.split_whitespace().next().unwrap_or_default()),
            item["sha256"].as_str()
        );
    }
    let label = "KAPE triage FIN-LT-042";
    env.ok(&[
        "evidence",
        "custody",
        &id,
        label,
        "--action",
        "transferred",
        "--purpose",
        "Handed to forensics vendor",
        "--by",
        "Dana",
        "--location",
        "Vendor lab",
    ])?;
    let log = env.ok(&["evidence", "custody", &id, label])?;
    assert!(
        log.contains("Collected")
            && log.contains("Transferred")
            && log.contains("Handed to forensics vendor"),
        "{log}"
    );

    let ok = env.run(&["evidence", "verify", &id])?;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8(ok.stdout)?.contains("intact"));

    std::fs::write(&file, "collected triage packagE")?;
    let bad = env.run(&["evidence", "verify", &id, label])?;
    assert_eq!(bad.status.code(), Some(1));
    let stdout = String::from_utf8(bad.stdout)?;
    let stderr = String::from_utf8(bad.stderr)?;
    assert!(stdout.contains("HASH MISMATCH"), "{stdout}");
    assert!(stderr.contains("failed verification"), "{stderr}");
    let timeline = env.ok(&["timeline", "list", &id, "--kind", "action"])?;
    assert!(
        timeline.contains("EVIDENCE INTEGRITY FAILURE"),
        "{timeline}"
    );
    let list = env.json(&["evidence", "list", &id])?;
    assert_eq!(list[0]["status"], "mismatch");
    Ok(())
}

#[test]
fn indicators_of_every_type_export_as_valid_stix_2_1() -> TestResult {
    let env = Env::new()?;
    let id = declare(&env)?;
    env.ok(&[
        "ioc", "add", &id, "198[.]51[.]100[.]7", "2001:db8::bad", "203.0.113.0/24", "evil-cdn[.]net",
        "hxxps://evil-cdn[.]net/gate.php?id=7", "payroll[@]corp-mail[.]net", "invoice.pdf.exe",
        "D41D8CD98F00B204E9800998ECF8427E", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
        "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\o'updater", "--tlp", "amber+strict",
    ])?;
    env.ok(&[
        "ioc",
        "add",
        &id,
        "Mozilla/5.0 (Windows NT 10.0; EvilBot/1.0)",
        "--type",
        "user_agent",
        "--tlp",
        "red",
        "--description",
        "C2 beacon UA",
    ])?;
    let text = env.file(
        "alert.txt",
        "Beacon to 198[.]51[.]100[.]7 and new host 192.0.2.44.",
    )?;
    let added = env.json(&["ioc", "add", &id, "--from-text", s(&text), "--tlp", "green"])?;
    assert_eq!(added["added"].as_array().map(Vec::len), Some(1), "{added}");
    assert_eq!(
        added["already_known"].as_array().map(Vec::len),
        Some(1),
        "{added}"
    );

    let out = env.dir.path().join("iocs.stix.json");
    env.ok(&[
        "ioc",
        "export",
        &id,
        "--format",
        "stix",
        "-o",
        s(&out),
        "--producer",
        "Example Corp CSIRT",
    ])?;
    let bundle: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out)?)?;
    let indicators = bundle["objects"]
        .as_array()
        .ok_or("no objects")?
        .iter()
        .filter(|o| o["type"] == "indicator")
        .count();
    assert_eq!(indicators, 14);
    if let Some(validator) = tool("FIREBREAK_STIX2_VALIDATOR", "stix2_validator") {
        let v = Command::new(validator).arg("--strict").arg(&out).output()?;
        let report = String::from_utf8_lossy(&v.stdout);
        assert!(
            v.status.success() && report.contains("STIX JSON: Valid"),
            "{report}{}",
            String::from_utf8_lossy(&v.stderr)
        );
    }
    let csv = env.dir.path().join("iocs.csv");
    env.ok(&["ioc", "export", &id, "--format", "csv", "-o", s(&csv)])?;
    let csv_text = std::fs::read_to_string(&csv)?;
    assert_eq!(csv_text.lines().count(), 15, "{csv_text}");
    assert!(
        csv_text.contains("\"Mozilla/5.0 (Windows NT 10.0; EvilBot/1.0)\"")
            || csv_text.contains("Mozilla/5.0 (Windows NT 10.0; EvilBot/1.0)")
    );
    Ok(())
}

#[test]
fn a_bad_indicator_refuses_the_whole_batch() -> TestResult {
    let env = Env::new()?;
    let id = declare(&env)?;
    let out = env.run(&["ioc", "add", &id, "evil.com", "300.1.2.3", "--type", "ipv4"])?;
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr)?;
    assert!(
        err.contains("indicator 1 of 2") && err.contains("none were added"),
        "{err}"
    );
    assert_eq!(env.json(&["ioc", "list", &id])?, serde_json::json!([]));
    Ok(())
}

#[test]
fn reports_render_headless_as_html_and_pdf() -> TestResult {
    let env = Env::new()?;
    let id = declare(&env)?;
    env.ok(&["ioc", "add", &id, "evil-cdn.net"])?;
    let html = env.dir.path().join("brief.html");
    env.ok(&["report", &id, "--kind", "brief", "-o", s(&html)])?;
    let page = std::fs::read_to_string(&html)?;
    assert!(
        page.contains("Executive brief: Ransomware at the Łódź plant"),
        "{page}"
    );
    for section in [
        "Bottom line: ",
        "Decisions needed",
        "Decisions already taken",
        "Upcoming deadlines",
        "Impact and containment",
        "Next steps for the response team",
    ] {
        assert!(page.contains(section), "brief lacks {section}");
    }
    assert!(
        !page.contains("src=")
            && !page.contains("href=")
            && !page.contains("@import")
            && !page.contains("<script"),
        "not self-contained"
    );

    let pdf = env.dir.path().join("full.pdf");
    env.ok(&["report", &id, "--kind", "full", "-o", s(&pdf)])?;
    let bytes = std::fs::read(&pdf)?;
    assert!(bytes.starts_with(b"%PDF-"));
    if let Some(pdftotext) = tool("FIREBREAK_PDFTOTEXT", "pdftotext") {
        let text = Command::new(pdftotext).arg(&pdf).arg("-").output()?;
        let text = String::from_utf8(text.stdout)?;
        for wanted in [
            "Post-incident report",
            "Łódź",
            "Root cause",
            "Lessons learned",
            "evil-cdn.net",
            "Page 1 of",
        ] {
            assert!(text.contains(wanted), "PDF text lacks {wanted:?}:\n{text}");
        }
    }
    if let Some(pdftoppm) = tool("FIREBREAK_PDFTOPPM", "pdftoppm") {
        let prefix = env.dir.path().join("page");
        let status = Command::new(pdftoppm)
            .args(["-r", "40", "-gray", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg(&prefix)
            .status()?;
        assert!(status.success());
        let pgm = std::fs::read_dir(env.dir.path())?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|x| x == "pgm"))
            .ok_or("pdftoppm wrote no image")?;
        let image = std::fs::read(pgm)?;
        let pixels = &image[image.len().saturating_sub(200 * 280)..];
        let dark = pixels.iter().filter(|&&p| p < 192).count();
        assert!(
            dark * 100 > pixels.len(),
            "page 1 looks blank ({dark} dark pixels)"
        );
    }
    let bad = env.run(&["report", &id, "-o", s(&env.dir.path().join("report.docx"))])?;
    assert_eq!(bad.status.code(), Some(2));
    Ok(())
}

#[test]
fn ioc_import_previews_with_dry_run_then_imports_a_misp_event() -> TestResult {
    let env = Env::new()?;
    let id = declare(&env)?;
    let event = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../firebreak-core/tests/fixtures/misp/event.json");
    let dry = env.ok(&["ioc", "import", &id, s(&event), "--dry-run"])?;
    assert!(
        dry.starts_with("MISP event event.json — Phishing wave"),
        "{dry}"
    );
    assert!(
        dry.contains("12 to add, 0 already known, 4 not imported"),
        "{dry}"
    );
    assert!(
        dry.contains("add      ipv4          TLP:RED           203.0.113.10"),
        "{dry}"
    );
    assert!(
        dry.contains("skip     vulnerability: CVE-2026-12345 — Firebreak has no indicator type"),
        "{dry}"
    );
    assert_eq!(env.json(&["ioc", "list", &id])?, serde_json::json!([]));

    let done = env.json(&["ioc", "import", &id, s(&event)])?;
    assert_eq!(
        (&done["format"], &done["added"], &done["unsupported"]),
        (
            &serde_json::json!("misp"),
            &serde_json::json!(12),
            &serde_json::json!(4)
        )
    );
    let again = env.json(&["ioc", "import", &id, s(&event), "--dry-run"])?;
    assert_eq!(again["to_add"], serde_json::json!([]));
    assert_eq!(again["duplicates"].as_array().map(Vec::len), Some(12));

    let junk = env.file("junk.json", "{\"hello\": 1}")?;
    let out = env.run(&["ioc", "import", &id, s(&junk)])?;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)?.contains("not a STIX 2.1 bundle"));
    Ok(())
}

#[test]
fn time_to_detect_starts_at_the_marked_initial_access_not_the_oldest_event() -> TestResult {
    let env = Env::new()?;
    let id = declare(&env)?;
    env.ok(&[
        "timeline",
        "add",
        &id,
        "--at",
        "2013-10-24T01:16:13+09:00",
        "--message",
        "Old detection from an imported export",
    ])?;
    let detected = env.json(&["incident", "show", &id])?["incident"]["detected_at"]
        .as_str()
        .ok_or("no detected_at")?
        .to_owned();
    let detected = chrono::DateTime::parse_from_rfc3339(&detected)?;
    let at = (detected - chrono::Duration::hours(26)).to_rfc3339();
    let access = env.json(&[
        "timeline",
        "add",
        &id,
        "--at",
        &at,
        "--message",
        "VPN logon",
    ])?;
    let access_id = access["id"].as_str().ok_or("no id")?.to_owned();

    let none = env.ok(&["timeline", "initial-access", &id])?;
    assert!(none.contains("the start is not yet established"), "{none}");
    let report = |name: &str| -> Result<String, Box<dyn std::error::Error>> {
        let html = env.dir.path().join(name);
        env.ok(&["report", &id, "--kind", "full", "-o", s(&html)])?;
        Ok(std::fs::read_to_string(&html)?)
    };
    let before = report("before.html")?;
    assert!(
        before.contains("missing — the start is not yet established"),
        "{before}"
    );
    assert!(
        before.contains(
            "<td>Time to detect</td><td>Initial access (first malicious activity): not recorded</td>"
        ),
        "no guess from the 2013 row: {before}"
    );

    let marked = env.json(&["timeline", "initial-access", &id, &access_id])?;
    assert_eq!(
        marked["mark"]["entry_id"].as_str(),
        Some(access_id.as_str())
    );
    let after = report("after.html")?;
    assert!(
        after.contains("<td>Time to detect</td><td>Initial access (first malicious activity)"),
        "{after}"
    );
    assert!(after.contains("<td>1 d 2 h</td>"), "{after}");

    let cleared = env.ok(&["timeline", "initial-access", &id, "--clear"])?;
    assert!(cleared.contains("not yet established"), "{cleared}");
    let out = env.run(&["timeline", "initial-access", &id, "--clear"])?;
    assert_eq!(out.status.code(), Some(2));
    Ok(())
}
