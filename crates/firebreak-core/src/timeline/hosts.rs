//! The hosts of an incident's timeline: suggestions for the host filter ("fs01" finds
//! fs01.offsec.lan and how many entries it has) and the hosts a typed fragment stands for.
//!
//! A fragment can match anywhere in a name, so no index range answers it. Instead the
//! distinct hosts are walked through the host index, one seek per host (a "skip scan":
//! an incident of a million entries has hundreds or a few thousand hosts, not a million),
//! the fragment is tested on each name, and only the matching hosts' index ranges are
//! counted. Nothing is stored for this, so imports pay nothing extra per entry.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use super::chain::INCIDENT;
use crate::Result;

/// A host named on the timeline and how many current entries name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HostCount {
    pub host: String,
    /// Entries naming this host, superseded versions and retracted entries not counted
    /// (what the host filter lists unless history is shown).
    pub entries: u32,
}

/// Suggestions never list more than this many hosts.
pub const SUGGESTIONS_MAX: u32 = 50;

/// Every distinct host of the incident (case-insensitively, first spelling in index order),
/// in case-insensitive order, one index seek per host.
pub(super) fn distinct(c: &Connection, incident_id: Uuid) -> Result<Vec<String>> {
    let mut next = c.prepare_cached(&format!(
        "SELECT t.host FROM timeline_entries t INDEXED BY timeline_by_host
         WHERE t.incident = {INCIDENT} AND t.host COLLATE NOCASE > ?2
         ORDER BY t.host COLLATE NOCASE LIMIT 1"
    ))?;
    let incident = incident_id.to_string();
    let mut hosts: Vec<String> = Vec::new();
    // '' is "no host"; every name sorts after it.
    let mut last = String::new();
    while let Some(host) = next
        .query_row(params![incident, last], |r| r.get::<_, String>(0))
        .optional()?
    {
        last.clone_from(&host);
        hosts.push(host);
    }
    Ok(hosts)
}

/// Does `host` contain `fragment`, ignoring case? An empty fragment matches every host.
pub(super) fn contains(host: &str, fragment: &str) -> bool {
    host.to_lowercase().contains(&fragment.to_lowercase())
}

/// The incident's hosts containing `fragment` (trimmed, case-insensitive), in no order.
pub(super) fn matching(c: &Connection, incident_id: Uuid, fragment: &str) -> Result<Vec<String>> {
    let fragment = fragment.trim();
    Ok(distinct(c, incident_id)?
        .into_iter()
        .filter(|h| contains(h, fragment))
        .collect())
}

/// Up to `limit` hosts containing `fragment`, most entries first (ties by name).
pub(super) fn suggest(
    c: &Connection,
    incident_id: Uuid,
    fragment: &str,
    limit: u32,
) -> Result<Vec<HostCount>> {
    let hosts = matching(c, incident_id, fragment)?;
    let incident = incident_id.to_string();
    let mut count = c.prepare_cached(&format!(
        "SELECT count(*) FROM timeline_entries t INDEXED BY timeline_by_host
         WHERE t.incident = {INCIDENT} AND t.host = ?2 COLLATE NOCASE"
    ))?;
    let replaced = replaced_by_host(c, &incident)?;
    let mut out = Vec::with_capacity(hosts.len());
    for host in hosts {
        let stored: i64 = count.query_row(params![incident, host], |r| r.get(0))?;
        let gone = replaced
            .iter()
            .find(|(h, _)| h.eq_ignore_ascii_case(&host))
            .map_or(0, |(_, n)| *n);
        let entries = u32::try_from((stored - gone).max(0)).unwrap_or(u32::MAX);
        if entries > 0 {
            out.push(HostCount { host, entries });
        }
    }
    out.sort_by(|a, b| {
        b.entries
            .cmp(&a.entries)
            .then_with(|| a.host.to_lowercase().cmp(&b.host.to_lowercase()))
    });
    out.truncate(usize::try_from(limit.min(SUGGESTIONS_MAX)).unwrap_or(usize::MAX));
    Ok(out)
}

/// Per host, how many of its entries were superseded by a correction or a retraction.
/// Only rows that supersede another are in `timeline_by_supersedes`, and corrections are
/// rare next to imported entries, so this reads few rows at any timeline size.
fn replaced_by_host(c: &Connection, incident: &str) -> Result<Vec<(String, i64)>> {
    let mut stmt = c.prepare_cached(&format!(
        "SELECT o.host, count(*) FROM timeline_entries s INDEXED BY timeline_by_supersedes
         JOIN timeline_entries o ON o.id = s.supersedes
         WHERE s.supersedes IS NOT NULL AND s.incident = {INCIDENT} AND o.host != ''
         GROUP BY o.host COLLATE NOCASE"
    ))?;
    let rows = stmt.query_map([incident], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
