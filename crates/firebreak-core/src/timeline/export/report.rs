//! Markdown and self-contained HTML timelines for people: regulators, insurers, counsel and
//! the board. They state the time zone, whether the chain verified, and its head hash.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;

use super::row::{self, Row};
use super::{io_error, Ticker};
use crate::incident::Incident;
use crate::timeline::{attack, ChainStatus, ExportFormat};
use crate::{Error, Result};

pub(super) fn time_zone(name: Option<&str>) -> Result<Tz> {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        None => Ok(Tz::UTC),
        Some(n) => n.parse().map_err(|_| {
            Error::validation(
                "time_zone",
                format!("{n:?} is not an IANA time zone name like Europe/Berlin or UTC"),
            )
        }),
    }
}

pub(super) struct Report<'a> {
    pub incident: &'a Incident,
    pub tz: Tz,
    pub status: &'a ChainStatus,
    pub listing: &'a row::Listing,
    pub total: u64,
}

impl Report<'_> {
    pub fn write(
        &self,
        c: &Connection,
        format: ExportFormat,
        out: &mut dyn Write,
        tick: &mut Ticker<'_>,
    ) -> Result<u32> {
        let html = format == ExportFormat::Html;
        let mut buf = String::with_capacity(1 << 16);
        if html {
            self.html_head(&mut buf);
        } else {
            self.markdown_head(&mut buf);
        }
        let mut stmt = c.prepare(&row::select())?;
        let mut rows = stmt.query(self.listing.params(self.incident.id))?;
        let mut n: u32 = 0;
        while let Some(r) = rows.next()? {
            if self.listing.hides(r.get_ref(0)?) {
                continue;
            }
            let r = Row::read(r, self.listing)?;
            n += 1;
            let cells = self.cells(&r)?;
            if html {
                html_row(&mut buf, &r, &cells, n);
            } else {
                markdown_row(&mut buf, &cells, n);
            }
            if buf.len() > 1 << 16 {
                out.write_all(buf.as_bytes()).map_err(io_error)?;
                buf.clear();
            }
            tick.tick()?;
        }
        if html {
            buf.push_str("</tbody></table>\n");
            if n == 0 {
                buf.push_str("<p class=\"empty\">No entries.</p>\n");
            }
            buf.push_str("</main></body></html>\n");
        } else if n == 0 {
            buf.push_str("\n_No entries._\n");
        }
        out.write_all(buf.as_bytes()).map_err(io_error)?;
        Ok(n)
    }

    fn local(&self, micros: i64) -> Result<(String, String)> {
        let t = DateTime::<Utc>::from_timestamp_micros(micros)
            .ok_or_else(|| Error::Corrupt(format!("stored time {micros}µs out of range")))?;
        let local = t
            .with_timezone(&self.tz)
            .format("%Y-%m-%d %H:%M:%S%.f %Z")
            .to_string();
        Ok((local, t.format("%Y-%m-%d %H:%M:%S%.fZ").to_string()))
    }

    fn cells(&self, r: &Row<'_>) -> Result<Cells> {
        let (local, utc) = self.local(r.occurred_at)?;
        let (recorded, _) = self.local(r.recorded_at)?;
        let mut entry = r.message.to_owned();
        if !r.note.is_empty() {
            entry.push_str("\nNote: ");
            entry.push_str(r.note);
        }
        if !r.reason.is_empty() {
            entry.push_str("\nReason: ");
            entry.push_str(r.reason);
        }
        let mut attack: Vec<String> = row::list(r.tactics)?
            .iter()
            .map(|t| match attack::tactic_name(t) {
                Some(name) => format!("{t} {name}"),
                None => t.clone(),
            })
            .collect();
        attack.extend(row::list(r.techniques)?);
        let mut context: Vec<String> = [("", r.source), ("host ", r.host), ("account ", r.account)]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(label, v)| format!("{label}{v}"))
            .collect();
        if let Some(c) = r.confidence {
            context.push(format!("confidence {c}"));
        }
        let tags = row::list(r.tags)?;
        if !tags.is_empty() {
            context.push(format!("tags {}", tags.join(", ")));
        }
        let kind = match (r.kind, r.superseded) {
            ("event", true) => "event (superseded)".to_owned(),
            (k, _) => k.to_owned(),
        };
        Ok(Cells {
            local,
            utc,
            kind,
            entry,
            context: context.join(" · "),
            attack: attack.join(", "),
            recorded: format!("{} by {}", recorded, r.recorded_by),
        })
    }

    fn facts(&self) -> Vec<(&'static str, String)> {
        let i = self.incident;
        let scope = if self.listing.include_history {
            "including superseded versions and retractions"
        } else {
            "current versions (superseded versions and retracted entries left out)"
        };
        let chain = match self.status {
            ChainStatus::Intact { entries, head_hash } => {
                format!("intact: {entries} entries verified; head hash {head_hash}")
            }
            ChainStatus::Broken {
                first_bad_seq,
                entry_id,
                problem,
                ..
            } => format!(
                "BROKEN: entry {first_bad_seq} ({entry_id}) {problem}. The stored record was \
                 changed outside Firebreak; do not rely on this export without investigation."
            ),
        };
        vec![
            ("Incident", format!("{} ({})", i.title, i.id)),
            (
                "Type / severity",
                format!("{} / {}", i.incident_type.label(), i.severity.label()),
            ),
            (
                "Phase / status",
                format!("{} / {}", i.phase.label(), i.status.label()),
            ),
            ("Commander", i.commander.clone()),
            ("Detected", i.detected_at.to_rfc3339()),
            ("Declared", i.declared_at.to_rfc3339()),
            (
                "Times shown in",
                format!("{} (UTC alongside)", self.tz.name()),
            ),
            ("Entries", format!("{} — {scope}", self.total)),
            ("Hash chain", chain),
            (
                "Exported",
                Utc::now().format("%Y-%m-%d %H:%M:%SZ").to_string(),
            ),
        ]
    }

    fn markdown_head(&self, b: &mut String) {
        b.push_str(&format!(
            "# Incident timeline: {}\n\n| | |\n|---|---|\n",
            md(&self.incident.title)
        ));
        for (k, v) in self.facts() {
            b.push_str(&format!("| {k} | {} |\n", md(&v)));
        }
        b.push_str(&format!(
            "\n## Entries\n\n| # | When ({tz}) | UTC | Kind | Entry | Source · host · account | ATT&CK | Recorded |\n\
             |---|---|---|---|---|---|---|---|\n",
            tz = self.tz.name()
        ));
    }

    fn html_head(&self, b: &mut String) {
        b.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        b.push_str(crate::report::html::CSP);
        b.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.push_str(&format!(
            "<title>Incident timeline: {}</title>\n<style>{}</style></head><body><main>\n",
            esc(&self.incident.title),
            STYLE
        ));
        b.push_str(&format!(
            "<h1>Incident timeline: {}</h1>\n<dl class=\"facts\">\n",
            esc(&self.incident.title)
        ));
        for (k, v) in self.facts() {
            let class = if k == "Hash chain" {
                match self.status {
                    ChainStatus::Intact { .. } => " class=\"intact\"",
                    ChainStatus::Broken { .. } => " class=\"broken\"",
                }
            } else {
                ""
            };
            b.push_str(&format!("<dt>{}</dt><dd{class}>{}</dd>\n", esc(k), esc(&v)));
        }
        b.push_str(&format!(
            "</dl>\n<table><thead><tr><th>#</th><th>When ({tz})</th><th>UTC</th><th>Kind</th>\
             <th>Entry</th><th>Source · host · account</th><th>ATT&amp;CK</th><th>Recorded</th>\
             </tr></thead><tbody>\n",
            tz = esc(self.tz.name())
        ));
    }
}

struct Cells {
    local: String,
    utc: String,
    kind: String,
    entry: String,
    context: String,
    attack: String,
    recorded: String,
}

fn markdown_row(b: &mut String, c: &Cells, n: u32) {
    b.push_str(&format!(
        "| {n} | {} | {} | {} | {} | {} | {} | {} |\n",
        md(&c.local),
        md(&c.utc),
        md(&c.kind),
        md(&c.entry),
        md(&c.context),
        md(&c.attack),
        md(&c.recorded)
    ));
}

fn html_row(b: &mut String, r: &Row<'_>, c: &Cells, n: u32) {
    let class = if r.superseded || r.kind == "retraction" {
        format!("{} old", r.kind)
    } else {
        r.kind.to_owned()
    };
    b.push_str(&format!(
        "<tr class=\"{class}\"><td>{n}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
         <td>{}</td><td>{}</td></tr>\n",
        esc(&c.local),
        esc(&c.utc),
        esc(&c.kind),
        esc(&c.entry).replace('\n', "<br>"),
        esc(&c.context),
        esc(&c.attack),
        esc(&c.recorded)
    ));
}

/// A Markdown table cell whose text renders as text, whatever it says. Messages come from
/// imported files and pasted reports: raw HTML (`<img onerror=…>`), links and images
/// (`[click](https://…)`, `![x](…)`), emphasis and code spans are escaped; so are the
/// starts of bare links GitHub-flavoured renderers would make clickable (`https://`,
/// `www.`, `name@host`). Line breaks become `<br>`, since a table row is one line.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("<br>"),
            '\\' | '|' | '[' | ']' | '(' | ')' | '!' | '`' | '*' | '_' | '~' | '@' | '#' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.clone().take(2).eq(['/', '/']) => out.push_str("\\:"),
            '.' if out
                .get(out.len().saturating_sub(3)..)
                .is_some_and(|t| t.eq_ignore_ascii_case("www")) =>
            {
                out.push_str("\\.")
            }
            c => out.push(c),
        }
    }
    out
}

use crate::report::html::esc;

const STYLE: &str = "
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;margin:2rem}
h1{font-size:1.4rem;margin:0 0 1rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
dd.intact{color:#0a5d1e}dd.broken{color:#fff;background:#b00020;padding:.25rem .5rem;font-weight:700}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:left}
th{background:#eee}td:first-child{text-align:right;color:#555}
tr.action td:nth-child(4){color:#0b4f8a}tr.retraction td:nth-child(4){color:#8a0b0b}
tr.old td{color:#777;text-decoration:line-through}
.empty{color:#555}
@media print{body{margin:0;font-size:10pt}thead{display:table-header-group}tr{break-inside:avoid}}
";
