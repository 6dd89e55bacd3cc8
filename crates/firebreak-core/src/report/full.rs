//! The post-incident report: summary, scope and impact, timeline, actions taken, root
//! cause, notifications and decisions, metrics and lessons learned — what a regulator,
//! insurer or auditor reads, with the evidence hashes and the timeline's chain head.

use firebreak_pdf::{Block, Column, Document, TextStyle, Tone};

use super::data::{ReportData, TIMELINE_MAX};
use super::{fmt_due, framed, key_facts, kv, para, when};
use crate::run::StepState;
use crate::timeline::{ChainStatus, EntryKind};

pub fn build(d: &ReportData) -> Document {
    let i = &d.incident;
    let ws = &d.workspace;
    let mut b = vec![Block::Title {
        text: format!("Post-incident report: {}", i.title),
        subtitle: format!(
            "{} · {} · generated {}",
            i.severity.label(),
            i.incident_type.label(),
            when(&d.generated_at)
        ),
    }];

    b.push(h1("1. Summary"));
    b.push(para(if i.summary.is_empty() {
        "No summary recorded."
    } else {
        &i.summary
    }));
    let mut facts = vec![kv("Incident", &i.id.to_string())];
    facts.extend(key_facts(d));
    let root_cause = ws
        .root_cause
        .as_ref()
        .map_or("not yet established", |r| r.statement.as_str());
    facts.push(kv("Root cause", root_cause));
    b.push(Block::KeyValues(facts));

    b.push(h1("2. Scope and impact"));
    b.push(h2("Affected assets"));
    b.push(table(
        &[
            ("Asset", 2.0),
            ("Kind", 1.0),
            ("Owner", 1.2),
            ("Compromise", 1.0),
            ("Containment", 1.3),
        ],
        ws.assets
            .iter()
            .map(|a| {
                vec![
                    a.name.clone(),
                    a.kind.label().into(),
                    a.owner.clone(),
                    a.compromise.label().into(),
                    a.containment.label().into(),
                ]
            })
            .collect(),
        "No affected assets recorded.",
    ));
    let facts = &d.notifications.facts;
    if !facts.data_categories.is_empty() || !facts.jurisdictions.is_empty() {
        b.push(h2("Data and people"));
        let cats: Vec<&str> = facts.data_categories.iter().map(|c| c.label()).collect();
        let places: Vec<String> = facts
            .jurisdictions
            .iter()
            .map(|j| {
                let people = j
                    .people
                    .map_or("count unknown".into(), |p| format!("{p} people"));
                format!("{} ({people})", crate::notify::jurisdiction::name(&j.code))
            })
            .collect();
        b.push(Block::KeyValues(vec![
            kv(
                "Data categories",
                &if cats.is_empty() {
                    "none recorded".into()
                } else {
                    cats.join(", ")
                },
            ),
            kv(
                "Jurisdictions",
                &if places.is_empty() {
                    "none recorded".into()
                } else {
                    places.join("; ")
                },
            ),
        ]));
    }
    b.push(h2("Indicators of compromise"));
    b.push(table(
        &[
            ("Type", 1.0),
            ("Value", 3.0),
            ("TLP", 0.9),
            ("First seen", 1.4),
        ],
        ws.indicators
            .iter()
            .map(|x| {
                vec![
                    x.ioc_type.label().into(),
                    x.value.clone(),
                    x.tlp.label().into(),
                    x.first_seen.as_ref().map(when).unwrap_or_default(),
                ]
            })
            .collect(),
        "No indicators recorded.",
    ));

    b.push(h1("3. Timeline"));
    let shown = d.timeline.len();
    b.push(Block::Paragraph {
        text: format!(
            "{} entries on record{}. Times in UTC.",
            d.timeline_total,
            if (d.timeline_total as usize) > shown { format!("; the first {TIMELINE_MAX} are listed — the full timeline is in the timeline export") } else { String::new() }
        ),
        style: TextStyle::Muted,
    });
    b.push(table(
        &[
            ("When (UTC)", 1.3),
            ("Kind", 0.8),
            ("What", 4.0),
            ("Host / by", 1.2),
        ],
        d.timeline
            .iter()
            .map(|e| {
                let kind = match e.kind {
                    EntryKind::Event => "Event",
                    EntryKind::Action => "Action",
                    EntryKind::Retraction => "Retraction",
                };
                let who = if e.host.is_empty() {
                    e.recorded_by.clone()
                } else {
                    e.host.clone()
                };
                vec![utc(&e.occurred_at), kind.into(), e.summary.clone(), who]
            })
            .collect(),
        "The timeline is empty.",
    ));

    b.push(h1("4. Actions taken"));
    let mut done = Vec::new();
    for run in &d.runs.runs {
        for section in &run.sections {
            for s in &section.steps {
                if s.state == StepState::Done {
                    let at = s
                        .updated_at
                        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                        .unwrap_or_default();
                    let by = s.updated_by.clone().unwrap_or_default();
                    done.push(vec![
                        at,
                        run.playbook_title.clone(),
                        s.step.title.clone(),
                        by,
                    ]);
                }
            }
        }
    }
    done.sort();
    b.push(table(
        &[
            ("Done (UTC)", 1.3),
            ("Playbook", 1.4),
            ("Step", 3.0),
            ("By", 1.0),
        ],
        done,
        "No playbook steps completed yet.",
    ));
    let contained: Vec<String> = ws
        .assets
        .iter()
        .filter(|a| a.containment == crate::investigation::vocab::Containment::Contained)
        .map(|a| {
            format!(
                "{} contained ({} by {})",
                a.name,
                utc(&a.updated_at),
                a.updated_by
            )
        })
        .collect();
    if !contained.is_empty() {
        b.push(Block::Bullets(contained));
    }
    // Everything the executive brief may have cut short ("+N more — see the full report").
    let clock = super::clock::Clock::new(d.home_zone.as_deref(), d.now_utc());
    let brief = super::brief_lines::gather(d, &clock);
    b.push(h2("Still to do"));
    b.push(bullets(brief.next, "No playbook step is waiting."));

    b.push(h1("5. Root cause"));
    match &ws.root_cause {
        Some(rc) => {
            b.push(para(&rc.statement));
            let access = if rc.initial_access.is_empty() {
                "not determined".into()
            } else {
                format!("{} {}", rc.initial_access, rc.initial_access_name)
            };
            b.push(Block::KeyValues(vec![
                kv("Initial access (ATT&CK)", &access),
                kv(
                    "Contributing factors",
                    &if rc.contributing_factors.is_empty() {
                        "none recorded".into()
                    } else {
                        rc.contributing_factors.join("\n")
                    },
                ),
                kv(
                    "Recorded by",
                    &format!(
                        "{} ({}), revision {}",
                        rc.updated_by,
                        utc(&rc.updated_at),
                        rc.revision
                    ),
                ),
            ]));
        }
        None => b.push(Block::Callout {
            tone: Tone::Warning,
            title: "Root cause not yet established".into(),
            text: "The hypotheses below are still being tested.".into(),
        }),
    }
    b.push(h2("Hypotheses"));
    b.push(table(
        &[("Hypothesis", 3.0), ("Status", 0.9), ("Reasoning", 3.0)],
        ws.hypotheses
            .iter()
            .map(|h| {
                vec![
                    h.statement.clone(),
                    h.status.label().into(),
                    h.rationale.clone(),
                ]
            })
            .collect(),
        "No hypotheses recorded.",
    ));
    if !ws.findings.is_empty() {
        b.push(h2("Findings"));
        b.push(Block::Bullets(
            ws.findings.iter().map(|f| f.statement.clone()).collect(),
        ));
    }
    b.push(h2("Evidence"));
    if ws.evidence.is_empty() {
        b.push(Block::Paragraph {
            text: "No evidence registered.".into(),
            style: TextStyle::Muted,
        });
    } else {
        let rows = ws
            .evidence
            .iter()
            .map(|e| {
                let last = e
                    .custody
                    .last()
                    .map(|c| {
                        format!(
                            "{} entries; last: {} by {}",
                            e.custody.len(),
                            c.action.label(),
                            c.actor
                        )
                    })
                    .unwrap_or_default();
                let hash = e.sha256.clone().unwrap_or_else(|| "—".into());
                vec![
                    e.label.clone(),
                    hash,
                    e.status.code().replace('_', " "),
                    last,
                ]
            })
            .collect();
        b.push(Block::Table {
            columns: vec![
                Column::new("Item", 2.0),
                Column::mono("SHA-256", 3.2),
                Column::new("Integrity", 1.0),
                Column::new("Custody", 1.6),
            ],
            rows,
        });
    }

    b.push(h1("6. Notifications and decisions"));
    b.push(table(
        &[
            ("Regime", 1.1),
            ("Recipient", 1.6),
            ("Due", 1.6),
            ("Decision", 1.0),
            ("Note / sent", 2.2),
        ],
        d.decided_obligations()
            .into_iter()
            .chain(d.open_obligations())
            .map(|o| {
                let sent = o
                    .decision
                    .sent_at
                    .as_ref()
                    .map(|s| format!("sent {}", when(s)));
                let note = [sent.unwrap_or_default(), o.decision.note.clone()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ");
                vec![
                    o.regime.clone(),
                    o.recipient.clone(),
                    fmt_due(o, d.now_utc()),
                    o.decision.state.code().replace('_', " "),
                    note,
                ]
            })
            .collect(),
        "No notification obligations derived.",
    ));
    let uncovered = d.uncovered_lines();
    if !uncovered.is_empty() {
        b.push(Block::Bullets(uncovered));
    }
    if !brief.overdue.is_empty() {
        b.push(h2("Overdue"));
        b.push(Block::Bullets(brief.overdue));
    }
    b.push(h2("Decisions needed"));
    b.push(bullets(brief.needed, "None pending."));
    b.push(h2("Decisions already taken"));
    b.push(bullets(brief.taken, "None recorded yet."));

    b.push(h1("7. Metrics"));
    b.push(table(
        &[
            ("Measure", 1.2),
            ("From", 1.8),
            ("To", 1.8),
            ("Duration", 1.0),
        ],
        ws.metrics
            .iter()
            .map(|m| {
                let end = |label: &str, at: &Option<crate::time::Moment>| match at {
                    Some(t) => format!("{label}: {}", utc(t)),
                    None => format!("{label}: not recorded"),
                };
                let dur = if m.seconds.is_some() {
                    m.display.clone()
                } else {
                    format!("missing — {}", m.missing)
                };
                vec![
                    m.label.clone(),
                    end(&m.from_label, &m.from),
                    end(&m.to_label, &m.to),
                    dur,
                ]
            })
            .collect(),
        "",
    ));

    b.push(h1("8. Lessons learned"));
    b.push(table(
        &[
            ("Action", 3.0),
            ("Owner", 1.2),
            ("Due", 0.9),
            ("Status", 0.8),
        ],
        ws.action_items
            .iter()
            .map(|a| {
                vec![
                    a.action.clone(),
                    a.owner.clone(),
                    a.due_date.to_string(),
                    a.status.code().into(),
                ]
            })
            .collect(),
        "No action items recorded.",
    ));

    b.push(h1("9. Integrity of this record"));
    b.push(match &d.chain {
        ChainStatus::Intact { entries, head_hash } => Block::Callout {
            tone: Tone::Success,
            title: format!("Timeline hash chain intact ({entries} entries)"),
            text: format!("Chain head SHA-256: {head_hash}"),
        },
        ChainStatus::Broken {
            first_bad_seq,
            problem,
            ..
        } => Block::Callout {
            tone: Tone::Danger,
            title: format!("Timeline hash chain BROKEN at entry {first_bad_seq}"),
            text: problem.clone(),
        },
    });
    framed(d, "Post-incident report", b)
}

fn bullets(items: Vec<String>, empty: &str) -> Block {
    if items.is_empty() {
        Block::Paragraph {
            text: empty.into(),
            style: firebreak_pdf::TextStyle::Muted,
        }
    } else {
        Block::Bullets(items)
    }
}

fn h1(t: &str) -> Block {
    Block::Heading {
        level: 1,
        text: t.into(),
    }
}

fn h2(t: &str) -> Block {
    Block::Heading {
        level: 2,
        text: t.into(),
    }
}

fn utc(m: &crate::time::Moment) -> String {
    m.with_timezone(&chrono::Utc)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A table, or a muted line saying it is empty (when `empty` is not blank).
fn table(cols: &[(&str, f32)], rows: Vec<Vec<String>>, empty: &str) -> Block {
    if rows.is_empty() && !empty.is_empty() {
        return Block::Paragraph {
            text: empty.into(),
            style: TextStyle::Muted,
        };
    }
    Block::Table {
        columns: cols.iter().map(|(h, w)| Column::new(*h, *w)).collect(),
        rows,
    }
}
