//! Firebreak's Timesketch exports read by Timesketch's own importer
//! (`timesketch.lib.utils.read_and_validate_csv` / `_jsonl`, run by
//! tests/timesketch_accept.py in the venv scripts/setup builds): every row accepted, the
//! text as written, the time to the microsecond.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::DateTime;
use common::{tool, Env, TestResult};

/// Rows that exercise the CSV quoting and the times: a comma, doubled quotes and a line
/// break inside a field, non-ASCII text, offsets either side of UTC, single microseconds.
const FIXTURE: &str = "message,datetime,timestamp_desc,hostname,username,tag\n\
\"Beacon to 203.0.113.7, port 443\",2026-11-20T08:00:00.123456+05:30,Network Connection,WS-1,alice,\"[\"\"c2\"\",\"\"sev1\"\"]\"\n\
\"Caller said \"\"pay now\"\"\nthen hung up\",2026-11-20T09:15:30.000001-08:00,Phone call,,,\n\
Łódź plant: 東京 share encrypted 🔒,2026-11-21T00:00:00Z,File Modified,FS-02,svc_backup,ransomware\n";

fn expected() -> [(&'static str, &'static str); 3] {
    [
        (
            "Beacon to 203.0.113.7, port 443",
            "2026-11-20T08:00:00.123456+05:30",
        ),
        (
            "Caller said \"pay now\"\nthen hung up",
            "2026-11-20T09:15:30.000001-08:00",
        ),
        (
            "Łódź plant: 東京 share encrypted 🔒",
            "2026-11-21T00:00:00Z",
        ),
    ]
}

#[test]
fn timesketch_accepts_every_row_of_both_exports() -> TestResult {
    let Some(python) = tool("FIREBREAK_TIMESKETCH_PYTHON", "timesketch-python") else {
        return Ok(());
    };
    let env = Env::new()?;
    let inc = env.json(&[
        "incident",
        "declare",
        "--title",
        "Extortion call",
        "--type",
        "ransomware",
        "--severity",
        "sev1",
    ])?;
    let id = inc["id"].as_str().ok_or("id")?.to_owned();
    let fixture = env.file("edr.csv", FIXTURE)?;
    let summary = env.json(&["timeline", "import", &id, s(&fixture)?])?;
    assert_eq!(summary["imported"], 3, "{summary}");

    let csv = env.db().with_file_name("export.csv");
    let jsonl = env.db().with_file_name("export.jsonl");
    let mut written = Vec::new();
    for (format, out) in [("timesketch-csv", &csv), ("timesketch-jsonl", &jsonl)] {
        let text = env.ok(&["timeline", "export", &id, "--format", format, "-o", s(out)?])?;
        let n: usize = text
            .strip_prefix("wrote ")
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("no entry count in {text:?}"))?;
        written.push(n);
    }

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/timesketch_accept.py");
    let run = Command::new(python)
        .arg(&script)
        .arg(&csv)
        .arg(&jsonl)
        .output()?;
    assert!(
        run.status.success(),
        "Timesketch refused the export: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let indexed: serde_json::Value = serde_json::from_slice(&run.stdout)?;
    for (format, n) in [("csv", written[0]), ("jsonl", written[1])] {
        let events = indexed[format].as_array().ok_or("no events")?;
        // The three imported events and the responder action that declared the incident.
        assert_eq!(events.len(), n, "{format}");
        assert_eq!(n, 4, "{format}");
        for (message, given) in expected() {
            let event = events
                .iter()
                .find(|e| e["message"] == message)
                .ok_or_else(|| format!("{format}: {message:?} not indexed as written"))?;
            let micros = DateTime::parse_from_rfc3339(given)?.timestamp_micros();
            assert_eq!(event["timestamp"], micros, "{format}: {message:?}");
        }
        let beacon = events
            .iter()
            .find(|e| {
                e["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("Beacon"))
            })
            .ok_or("no beacon")?;
        assert_eq!(beacon["tag"], serde_json::json!(["c2", "sev1"]), "{format}");
    }
    Ok(())
}

fn s(p: &Path) -> Result<&str, &'static str> {
    p.to_str().ok_or("path is not UTF-8")
}
