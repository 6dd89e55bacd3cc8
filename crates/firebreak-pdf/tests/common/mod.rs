//! Shared fixtures: a realistic post-incident report exercising every block type.
#![allow(dead_code)]

use firebreak_pdf::{Block, Column, Document, TextStyle, Tone};

pub const UNICODE_LINE: &str = "Łukasz Żółć → ≥ 72 h — done";
pub const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

fn s(text: &str) -> String {
    text.to_owned()
}

pub fn para(text: &str) -> Block {
    Block::Paragraph {
        text: s(text),
        style: TextStyle::Normal,
    }
}

pub fn report() -> Document {
    Document {
        title: s("Post-incident report — INC-2026-0042"),
        author: s("Łukasz Żółć"),
        subject: s("Ransomware containment at the Gdańsk plant"),
        created: Some(s("2026-11-22T07:13:00Z")),
        header: s("TLP:AMBER · Confidential"),
        footer: s("Firebreak · INC-2026-0042"),
        blocks: vec![
            Block::Title { text: s("Post-incident report"), subtitle: s("INC-2026-0042 · Ransomware containment") },
            Block::KeyValues(vec![
                (s("Incident lead"), s("Łukasz Żółć")),
                (s("Severity"), s("SEV-1 (critical)")),
                (s("Detected"), s("2026-11-20 03:12 UTC")),
                (s("Contained"), s("2026-11-20 09:40 UTC → 6 h 28 min after detection")),
            ]),
            Block::Callout {
                tone: Tone::Warning,
                title: s("Regulatory clock running"),
                text: s("Notification to the supervisory authority is due ≥ 72 h after awareness — done on 2026-11-22."),
            },
            Block::Heading { level: 1, text: s("Summary") },
            para(UNICODE_LINE),
            para(&"Attackers gained access through an unpatched VPN appliance and deployed ransomware to file servers. Backups were intact and restoration completed without paying a ransom. ".repeat(3)),
            Block::Heading { level: 2, text: s("Indicators") },
            Block::Paragraph { text: s(HASH), style: TextStyle::Mono },
            Block::Bullets(vec![
                s("Isolated 14 hosts within 40 minutes"),
                s("Rotated all privileged credentials and revoked VPN sessions"),
                s("Restored file shares from immutable backups"),
            ]),
            Block::Heading { level: 1, text: s("Timeline") },
            Block::Table {
                columns: vec![Column::new("Time (UTC)", 1.2), Column::new("Event", 4.0), Column::mono("Evidence", 2.0)],
                rows: (0..20)
                    .map(|i| vec![format!("2026-11-20 {:02}:{:02}", 3 + i / 4, (i * 13) % 60), format!("Step {i}: analyst action recorded in the incident log with some detail"), format!("EV-{i:04}")])
                    .collect(),
            },
            Block::Heading { level: 3, text: s("Lessons") },
            Block::Callout { tone: Tone::Success, title: s("What went well"), text: s("Backups were immutable and tested.") },
            Block::Callout { tone: Tone::Danger, title: s("What went badly"), text: s("Patch for CVE-2026-1234 was 41 days late.") },
            Block::Rule,
            Block::Paragraph { text: s("Prepared with Firebreak.\nNext review: 2026-12-01."), style: TextStyle::Muted },
        ],
    }
}
