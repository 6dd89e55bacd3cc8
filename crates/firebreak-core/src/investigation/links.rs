//! Links between investigation records: evidence on timeline entries, playbook steps and
//! findings; hypotheses resting on evidence and findings; indicators seen in entries. Both
//! ends must belong to the incident, so a link can never point into another case.

use rusqlite::{params, Connection};
use uuid::Uuid;

use super::analysis_project::{self as project, LinkAdded};
use super::model::Link;
use super::vocab::{LinkFrom, LinkTo};
use super::{audit, change, code};
use crate::incident::AuditAction;
use crate::oplog::{self, Change};
use crate::time;
use crate::{Error, Result, Store};

pub fn add(store: &Store, incident_id: Uuid, link: Link, actor: &str) -> Result<Link> {
    let allowed = match link.from_kind {
        LinkFrom::Evidence => matches!(
            link.to_kind,
            LinkTo::TimelineEntry | LinkTo::PlaybookStep | LinkTo::Finding
        ),
        LinkFrom::Hypothesis => matches!(link.to_kind, LinkTo::Evidence | LinkTo::Finding),
        LinkFrom::Indicator => link.to_kind == LinkTo::TimelineEntry,
    };
    if !allowed {
        return Err(Error::validation(
            "to_kind",
            format!("{} cannot be linked to {}", link.from_kind, link.to_kind),
        ));
    }
    let now = time::now_local();
    store.write(|tx| {
        let from = describe_from(tx, incident_id, link.from_kind, link.from_id.trim())?;
        let to = describe_to(tx, incident_id, link.to_kind, link.to_id.trim())?;
        let added = LinkAdded {
            from_kind: link.from_kind,
            from_id: link.from_id.trim().to_owned(),
            to_kind: link.to_kind,
            to_id: link.to_id.trim().to_owned(),
            by: actor.trim().to_owned(),
            at: now,
        };
        // Linking twice records nothing, not even an operation.
        if !project::link_exists(tx, &added)? {
            oplog::commit(
                tx,
                store.author(actor),
                Some(incident_id),
                &Change::LinkAdded(added),
            )?;
            let changes = [change(link.to_kind.code(), None, Some(&to))];
            audit(
                tx,
                incident_id,
                &now,
                actor,
                AuditAction::Linked,
                &from,
                "",
                &changes,
            )?;
        }
        Ok(Link {
            from_kind: link.from_kind,
            from_id: link.from_id.trim().to_owned(),
            to_kind: link.to_kind,
            to_id: link.to_id.trim().to_owned(),
        })
    })
}

pub(crate) fn list_on(c: &Connection, incident_id: Uuid) -> Result<Vec<Link>> {
    let mut stmt = c.prepare_cached(
        "SELECT from_kind, from_id, to_kind, to_id FROM investigation_links
         WHERE incident_id = ?1 ORDER BY added_at_utc",
    )?;
    let rows = stmt.query_map([incident_id.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })?;
    rows.map(|r| {
        let (fk, from_id, tk, to_id) = r?;
        Ok(Link {
            from_kind: code("link source", &fk)?,
            from_id,
            to_kind: code("link target", &tk)?,
            to_id,
        })
    })
    .collect()
}

/// The label of the record a link starts from, checking it is the incident's.
fn describe_from(c: &Connection, incident_id: Uuid, kind: LinkFrom, id: &str) -> Result<String> {
    let (table, column, what) = match kind {
        LinkFrom::Evidence => ("evidence", "label", "evidence item"),
        LinkFrom::Indicator => ("indicators", "value", "indicator"),
        LinkFrom::Hypothesis => ("hypotheses", "statement", "hypothesis"),
    };
    one(c, incident_id, table, column, id, what)
}

fn describe_to(c: &Connection, incident_id: Uuid, kind: LinkTo, id: &str) -> Result<String> {
    match kind {
        LinkTo::TimelineEntry => {
            crate::timeline::entry_message(c, incident_id, id)?.ok_or(Error::NotFound {
                what: "timeline entry",
                id: id.to_owned(),
            })
        }
        LinkTo::Finding => one(c, incident_id, "findings", "statement", id, "finding"),
        LinkTo::Evidence => one(c, incident_id, "evidence", "label", id, "evidence item"),
        LinkTo::PlaybookStep => {
            let (playbook, step) = id.split_once('/').ok_or_else(|| {
                Error::validation(
                    "to_id",
                    format!("{id:?} is not a step reference like ransomware/isolate-hosts"),
                )
            })?;
            let found: i64 = c.query_row(
                "SELECT count(*) FROM runs r JOIN run_steps s ON s.run_id = r.id
                 WHERE r.incident_id = ?1 AND r.playbook_id = ?2 AND s.step_id = ?3",
                params![incident_id.to_string(), playbook, step],
                |r| r.get(0),
            )?;
            if found == 0 {
                return Err(Error::NotFound {
                    what: "playbook step in this incident's runs",
                    id: id.to_owned(),
                });
            }
            Ok(id.to_owned())
        }
    }
}

fn one(
    c: &Connection,
    incident_id: Uuid,
    table: &str,
    column: &str,
    id: &str,
    what: &'static str,
) -> Result<String> {
    let label: Option<String> = c
        .query_row(
            &format!("SELECT {column} FROM {table} WHERE id = ?1 AND incident_id = ?2"),
            params![id, incident_id.to_string()],
            |r| r.get(0),
        )
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    label.ok_or(Error::NotFound {
        what,
        id: id.to_owned(),
    })
}
