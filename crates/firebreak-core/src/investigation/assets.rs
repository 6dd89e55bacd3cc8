//! Affected assets (hosts, accounts, services, data stores…) with how compromised and how
//! contained each is. Every change is a timeline action with the fields old → new.

use rusqlite::{params, Connection, OptionalExtension, Row};
use uuid::Uuid;

use super::analysis_project::AssetState;
use super::model::{Asset, AssetInput};
use super::{audit, change, code, short, uuid_col, Rows};
use crate::incident::{AuditAction, FieldChange};
use crate::oplog::{self, Change};
use crate::time::{self, Moment};
use crate::{Error, Result, Store};

pub fn add(store: &Store, incident_id: Uuid, input: AssetInput, actor: &str) -> Result<Asset> {
    let now = time::now_local();
    let a = checked(input)?;
    store.write(|tx| {
        crate::timeline::require_incident(tx, incident_id)?;
        if let Some(same) = by_identity(tx, incident_id, &a)? {
            return Err(Error::Conflict(format!(
                "{} {} is already listed (by {}); edit it instead",
                same.kind.label(),
                same.name,
                same.updated_by
            )));
        }
        let id = Uuid::now_v7();
        let op = Change::AssetAdded(state(id, &a, actor, now));
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        let changes = [
            change("kind", None, Some(a.kind.label())),
            change("compromise", None, Some(a.compromise.label())),
            change("containment", None, Some(a.containment.label())),
            change("owner", None, Some(&a.owner)),
        ];
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::AssetAdded,
            &a.name,
            &a.notes,
            &changes,
        )?;
        get_on(tx, incident_id, id)
    })
}

/// Saves an edit made against `revision`; a stale revision is refused so two responders
/// do not silently overwrite each other's status.
pub fn update(
    store: &Store,
    incident_id: Uuid,
    asset_id: Uuid,
    input: AssetInput,
    revision: u32,
    actor: &str,
) -> Result<Asset> {
    let now = time::now_local();
    let a = checked(input)?;
    store.write(|tx| {
        let old = get_on(tx, incident_id, asset_id)?;
        if old.revision != revision {
            return Err(Error::Conflict(format!(
                "{} was changed by {} since you opened it (revision {} → {}); reload and try again",
                old.name, old.updated_by, revision, old.revision
            )));
        }
        let mut changes: Vec<FieldChange> = Vec::new();
        let mut diff = |field: &str, o: &str, n: &str| {
            if o != n {
                changes.push(change(field, Some(o), Some(n)));
            }
        };
        diff("kind", old.kind.label(), a.kind.label());
        diff("name", &old.name, &a.name);
        diff("owner", &old.owner, &a.owner);
        diff("compromise", old.compromise.label(), a.compromise.label());
        diff(
            "containment",
            old.containment.label(),
            a.containment.label(),
        );
        diff("notes", &old.notes, &a.notes);
        if changes.is_empty() {
            return Ok(old);
        }
        if let Some(same) = by_identity(tx, incident_id, &a)? {
            if same.id != asset_id {
                return Err(Error::Conflict(format!(
                    "{} {} is already listed",
                    same.kind.label(),
                    same.name
                )));
            }
        }
        let op = Change::AssetUpdated(state(asset_id, &a, actor, now));
        oplog::commit(tx, store.author(actor), Some(incident_id), &op)?;
        audit(
            tx,
            incident_id,
            &now,
            actor,
            AuditAction::AssetUpdated,
            &a.name,
            "",
            &changes,
        )?;
        get_on(tx, incident_id, asset_id)
    })
}

/// The asset as the operation records it: every field, who set it and when.
fn state(id: Uuid, a: &AssetInput, actor: &str, at: Moment) -> AssetState {
    AssetState {
        id,
        kind: a.kind,
        name: a.name.clone(),
        owner: a.owner.clone(),
        compromise: a.compromise,
        containment: a.containment,
        notes: a.notes.clone(),
        by: actor.trim().to_owned(),
        at,
    }
}

fn checked(mut a: AssetInput) -> Result<AssetInput> {
    a.name = short("name", &a.name)?;
    if a.name.is_empty() {
        return Err(Error::validation(
            "name",
            "name the asset (host name, account, service…)",
        ));
    }
    a.owner = short("owner", &a.owner)?;
    a.notes = super::long("notes", &a.notes)?;
    Ok(a)
}

fn by_identity(c: &Connection, incident_id: Uuid, a: &AssetInput) -> Result<Option<Asset>> {
    let id: Option<String> = c
        .query_row(
            "SELECT id FROM assets WHERE incident_id = ?1 AND kind = ?2 AND name = ?3 COLLATE NOCASE",
            params![incident_id.to_string(), a.kind.code(), a.name],
            |r| r.get(0),
        )
        .optional()?;
    id.map(|id| get_on(c, incident_id, uuid_col(&id)?))
        .transpose()
}

const ASSETS: Rows<Asset> = Rows {
    table: "assets",
    columns: COLUMNS,
    order: "kind, name COLLATE NOCASE",
    what: "asset",
    row,
};

pub(crate) fn list_on(c: &Connection, incident_id: Uuid) -> Result<Vec<Asset>> {
    ASSETS.all(c, incident_id)
}

fn get_on(c: &Connection, incident_id: Uuid, id: Uuid) -> Result<Asset> {
    ASSETS.one(c, incident_id, id)
}

const COLUMNS: &str =
    "id, kind, name, owner, compromise, containment, notes, revision, updated_by, updated_at_utc";

fn row(r: &Row<'_>) -> rusqlite::Result<Result<Asset>> {
    let id: String = r.get(0)?;
    let kind: String = r.get(1)?;
    let compromise: String = r.get(4)?;
    let containment: String = r.get(5)?;
    let revision: i64 = r.get(7)?;
    let at: String = r.get(9)?;
    let (name, owner, notes, updated_by) = (r.get(2)?, r.get(3)?, r.get(6)?, r.get(8)?);
    Ok((|| {
        let updated_at: Moment = time::from_columns(&at, 0)?;
        Ok(Asset {
            id: uuid_col(&id)?,
            kind: code("asset kind", &kind)?,
            name,
            owner,
            compromise: code("compromise", &compromise)?,
            containment: code("containment", &containment)?,
            notes,
            revision: u32::try_from(revision).unwrap_or(0),
            updated_by,
            updated_at,
        })
    })())
}
