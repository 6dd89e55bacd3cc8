//! Text and JSON output. Text is for people at a terminal; JSON is the stable interface.

use std::io::Write;

use chrono::{SecondsFormat, Utc};
use firebreak_core::glance::{Glance, GlanceItem, GlanceKind};
use firebreak_core::incident::{AuditEntry, Incident, IncidentDetail};
use firebreak_core::investigation::metrics::human;
use firebreak_core::signing::Identity;
use firebreak_core::time::Moment;
use firebreak_core::Error;
use serde::Serialize;

pub struct Output {
    pub json: bool,
}

impl Output {
    pub fn incident(&self, i: &Incident) -> Result<(), Error> {
        if self.json {
            return print_json(i);
        }
        print_text(&format!("{}  {}  {}\n", i.id, i.severity.label(), i.title))
    }

    pub fn incidents(&self, list: &[Incident]) -> Result<(), Error> {
        if self.json {
            return print_json(&list);
        }
        if list.is_empty() {
            return print_text("No incidents match. Declare one with: firebreak incident declare --title … --type … --severity …\n");
        }
        let mut text = format!(
            "{:<8}  {:<4}  {:<6}  {:<20}  {:<20}  {}\n",
            "ID", "SEV", "STATUS", "PHASE", "DECLARED (UTC)", "TITLE"
        );
        for i in list {
            text.push_str(&format!(
                "{:<8}  {:<4}  {:<6}  {:<20}  {:<20}  {}\n",
                short_id(i),
                i.severity.code().to_uppercase(),
                i.status.code(),
                i.phase.label(),
                utc(&i.declared_at),
                i.title
            ));
        }
        print_text(&text)
    }

    pub fn detail(&self, d: &IncidentDetail) -> Result<(), Error> {
        if self.json {
            return print_json(d);
        }
        let i = &d.incident;
        let mut t = format!(
            "{}\n{}\n\n",
            i.title,
            "=".repeat(i.title.chars().count().min(80))
        );
        let rows = [
            ("id", i.id.to_string()),
            ("status", i.status.label().to_owned()),
            (
                "severity",
                format!("{} — {}", i.severity.label(), i.severity.definition()),
            ),
            ("type", i.incident_type.label().to_owned()),
            ("phase", i.phase.label().to_owned()),
            ("detected", moment(&i.detected_at)),
            ("declared", moment(&i.declared_at)),
            ("commander", i.commander.clone()),
            ("revision", i.revision.to_string()),
        ];
        for (k, v) in rows {
            t.push_str(&format!("{k:>10}: {v}\n"));
        }
        if !i.summary.is_empty() {
            t.push_str(&format!("\n{}\n", i.summary));
        }
        t.push_str("\nAudit trail (UTC)\n");
        for e in &d.audit {
            t.push_str(&audit_line(e));
        }
        print_text(&t)
    }
}

impl Output {
    /// This device's signing identity (never the private key).
    pub fn identity(&self, key: &Identity, file: &std::path::Path) -> Result<(), Error> {
        if self.json {
            return print_json(&serde_json::json!({
                "name": key.name(),
                "fingerprint": key.fingerprint(),
                "key_file": file.display().to_string(),
            }));
        }
        print_text(&format!(
            "{}\nfingerprint: {}\nkey file:    {}\n",
            key.name(),
            key.fingerprint(),
            file.display()
        ))
    }

    /// The incident at a glance, as the top of the incident page says it.
    pub fn glance(&self, i: &Incident, g: &Glance) -> Result<(), Error> {
        if self.json {
            return print_json(g);
        }
        let since = (g.as_of - i.detected_at.with_timezone(&Utc)).num_seconds();
        let mut t = format!(
            "{} · {} · {} · detected {} ago\n{}\n",
            i.severity.label(),
            i.status.label(),
            i.phase.label(),
            human(since),
            i.title
        );
        t.push_str(&format!("\nOverdue ({})\n", g.overdue.len()));
        if g.overdue.is_empty() {
            t.push_str("  nothing\n");
        }
        for item in &g.overdue {
            t.push_str(&glance_line(item, g));
        }
        t.push_str("\nNext\n");
        if g.next.is_empty() {
            t.push_str("  nothing open\n");
        }
        for item in g.next.iter().chain(&g.blocked) {
            t.push_str(&glance_line(item, g));
        }
        let p = &g.progress;
        t.push_str(&format!(
            "\nProgress: steps {}/{} · notifications settled {}/{} · assets contained {}/{}\n",
            p.steps_complete,
            p.steps_total,
            p.obligations_settled,
            p.obligations_total,
            p.assets_contained,
            p.assets_total
        ));
        print_text(&t)
    }
}

fn glance_line(item: &GlanceItem, g: &Glance) -> String {
    let when = match item.due_utc {
        Some(due) if due < g.as_of => format!(
            "{} late (due {})",
            human((g.as_of - due).num_seconds()),
            due.to_rfc3339_opts(SecondsFormat::Secs, true)
        ),
        Some(due) => format!(
            "in {} (due {})",
            human((due - g.as_of).num_seconds()),
            due.to_rfc3339_opts(SecondsFormat::Secs, true)
        ),
        None => match item.kind {
            GlanceKind::Blocked => "blocked".into(),
            GlanceKind::Decide => "decide: firebreak run facts".into(),
            _ => "step".into(),
        },
    };
    format!("  - {} — {} [{}]\n", item.title, item.detail, when)
}

/// How many sentences of one entry the text output shows (a bulk entry lists hundreds;
/// `--json` has them all).
const AUDIT_LINES: usize = 12;

fn audit_line(e: &AuditEntry) -> String {
    let mut s = format!("  {}  {} (by {})\n", utc(&e.at), e.headline, e.actor);
    for line in e.sentences.iter().take(AUDIT_LINES) {
        s.push_str(&format!("      {line}\n"));
    }
    if e.sentences.len() > AUDIT_LINES {
        s.push_str(&format!(
            "      … and {} more (--json lists them all)\n",
            e.sentences.len() - AUDIT_LINES
        ));
    }
    if !e.note.is_empty() {
        s.push_str(&format!("      note: {}\n", e.note));
    }
    s
}

/// The random tail of the UUIDv7: unlike its time-ordered head, it tells incidents declared
/// in the same minute apart. `incident show` accepts it.
fn short_id(i: &Incident) -> String {
    let id = i.id.simple().to_string();
    id[id.len() - 8..].to_owned()
}

fn utc(m: &Moment) -> String {
    m.with_timezone(&Utc)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// UTC first (what everyone compares), then the time as it was reported.
fn moment(m: &Moment) -> String {
    format!(
        "{} UTC  ({})",
        utc(m),
        m.to_rfc3339_opts(SecondsFormat::Secs, false)
    )
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Corrupt(format!("encoding JSON: {e}")))?;
    print_text(&format!("{text}\n"))
}

pub fn print_text(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // A closed pipe (`firebreak incident list | head`) is not a failure worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|source| Error::Io {
            context: "writing output".into(),
            source,
        }),
    }
}
