//! The operation log: every change is one typed operation, appended to `operations` and
//! applied to the tables the app reads, which are projections of the log (docs/operations.md).
//! Domains move onto the log one at a time; incidents are the first.
//!
//! An operation carries a time-ordered id (UUIDv7), its incident (or none), the author's
//! display name, the device that made it and that device's sequence number, a hybrid
//! logical clock, and its change as canonical JSON ([`canon`]). Its hash covers all of that
//! and the hash of the same device's previous operation, so each device's operations form a
//! chain; each write transaction ends with a checkpoint over the device chain's head signed
//! by the device key ([`sign`]). [`verify`] checks the chains and signatures and replays the
//! log into an empty database to compare it, row by row, with the live tables.

pub(crate) mod adopt;
pub(crate) mod canon;
mod replay;
pub(crate) mod sign;
mod verify;

#[cfg(test)]
mod analysis_tests;
#[cfg(test)]
mod evidence_tests;
#[cfg(test)]
mod run_tests;
#[cfg(test)]
mod tests;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::incident::project;
use crate::investigation::analysis_project as analysis;
use crate::investigation::evidence_project as evidence;
use crate::investigation::indicators_project as indicators;
use crate::notify::project as notify;
use crate::run::project as run;
use crate::{Error, Result};

pub use verify::{verify, DeviceLog, LogVerdict, LogVerification};

/// The device of a store opened without a key (tests, benchmarks): its operations are
/// chained but nobody vouches for them, and verification says so.
pub const UNSIGNED_DEVICE: &str = "unsigned";

/// The version of the envelope hashed for every operation.
const ENVELOPE_VERSION: i64 = 1;

/// One change, as recorded. The `type` tag is also stored in the `kind` column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    IncidentDeclared(project::Declared),
    IncidentEdited(project::Edited),
    IncidentStatusSet(project::StatusSet),
    IncidentAdopted(project::Adopted),
    EvidenceRegistered(Box<evidence::Registered>),
    CustodyRecorded(evidence::CustodyRecorded),
    EvidenceVerified(evidence::Verified),
    EvidenceAdopted(evidence::Adopted),
    FindingAdded(analysis::Statement),
    HypothesisAdded(analysis::Statement),
    HypothesisSet(analysis::HypothesisSet),
    RootCauseSet(analysis::RootCauseSet),
    ActionItemAdded(analysis::ActionItemAdded),
    ActionItemSet(analysis::ActionItemSet),
    AssetAdded(analysis::AssetState),
    AssetUpdated(analysis::AssetState),
    LinkAdded(analysis::LinkAdded),
    RowAdopted(adopt::RowAdopted),
    RunStarted(run::RunStarted),
    StepChanged(run::StepChanged),
    FactSet(run::FactSet),
    NotificationFactsSet(Box<notify::FactsSet>),
    ObligationDerived(notify::ObligationDerived),
    ObligationDecided(notify::ObligationDecided),
    SettingSet(notify::SettingSet),
    StakeholderSaved(Box<notify::StakeholderSaved>),
    StakeholderArchived(notify::StakeholderArchived),
    TemplateSaved(Box<notify::TemplateSaved>),
    MessageSaved(Box<notify::MessageSaved>),
    MessageSent(notify::MessageSent),
    IndicatorAdded(Box<indicators::IndicatorAdded>),
    IndicatorWidened(indicators::IndicatorWidened),
}

impl Change {
    pub fn kind(&self) -> &'static str {
        match self {
            Change::IncidentDeclared(_) => "incident_declared",
            Change::IncidentEdited(_) => "incident_edited",
            Change::IncidentStatusSet(_) => "incident_status_set",
            Change::IncidentAdopted(_) => "incident_adopted",
            Change::EvidenceRegistered(_) => "evidence_registered",
            Change::CustodyRecorded(_) => "custody_recorded",
            Change::EvidenceVerified(_) => "evidence_verified",
            Change::EvidenceAdopted(_) => "evidence_adopted",
            Change::FindingAdded(_) => "finding_added",
            Change::HypothesisAdded(_) => "hypothesis_added",
            Change::HypothesisSet(_) => "hypothesis_set",
            Change::RootCauseSet(_) => "root_cause_set",
            Change::ActionItemAdded(_) => "action_item_added",
            Change::ActionItemSet(_) => "action_item_set",
            Change::AssetAdded(_) => "asset_added",
            Change::AssetUpdated(_) => "asset_updated",
            Change::LinkAdded(_) => "link_added",
            Change::RowAdopted(_) => "row_adopted",
            Change::RunStarted(_) => "run_started",
            Change::StepChanged(_) => "step_changed",
            Change::FactSet(_) => "fact_set",
            Change::NotificationFactsSet(_) => "notification_facts_set",
            Change::ObligationDerived(_) => "obligation_derived",
            Change::ObligationDecided(_) => "obligation_decided",
            Change::SettingSet(_) => "setting_set",
            Change::StakeholderSaved(_) => "stakeholder_saved",
            Change::StakeholderArchived(_) => "stakeholder_archived",
            Change::TemplateSaved(_) => "template_saved",
            Change::MessageSaved(_) => "message_saved",
            Change::MessageSent(_) => "message_sent",
            Change::IndicatorAdded(_) => "indicator_added",
            Change::IndicatorWidened(_) => "indicator_widened",
        }
    }
}

/// Who records a change: the device (key fingerprint) and the display name typed for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Author<'a> {
    pub device: &'a str,
    pub name: &'a str,
}

thread_local! {
    /// The device of the store whose write transaction is running on this thread.
    static WRITING_AS: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (a write transaction's body) with `device` as the device its operations are
/// recorded as. The device is a property of the store, and every operation is recorded
/// inside `Store::write`; publishing it here spares every helper that records a change
/// (deep inside derivations and decisions) from threading the store through.
pub(crate) fn writing_as<T>(device: &str, f: impl FnOnce() -> T) -> T {
    let before = WRITING_AS.with(|d| d.replace(Some(device.to_owned())));
    let out = f();
    WRITING_AS.with(|d| *d.borrow_mut() = before);
    out
}

/// [`commit`] as the device of the write transaction running on this thread, under the
/// display name `name`.
pub(crate) fn record(
    c: &Connection,
    name: &str,
    incident: Option<Uuid>,
    change: &Change,
) -> Result<()> {
    let device = WRITING_AS.with(|d| d.borrow().clone()).ok_or_else(|| {
        Error::Corrupt("an operation was recorded outside a write transaction".into())
    })?;
    commit(
        c,
        Author {
            device: &device,
            name,
        },
        incident,
        change,
    )
}

/// Appends `change` as the device's next operation and applies it, in the caller's
/// transaction: the operation and its effect commit together or not at all.
pub(crate) fn commit(
    c: &Connection,
    by: Author<'_>,
    incident: Option<Uuid>,
    change: &Change,
) -> Result<()> {
    let (last_seq, prev) = device_head(c, by.device)?;
    let op = Envelope {
        id: Uuid::now_v7().to_string(),
        device: by.device.to_owned(),
        device_seq: last_seq + 1,
        hlc: next_hlc(c)?,
        incident: incident.map(|u| u.to_string()),
        author: by.name.to_owned(),
        kind: change.kind().to_owned(),
        prev: hex(&prev),
        payload: serde_json::to_value(change)
            .map_err(|e| Error::Corrupt(format!("an operation cannot be encoded: {e}")))?,
    };
    let payload = canon::encode(&op.payload)?;
    let hash = op.hash()?;
    c.prepare_cached(
        "INSERT INTO operations
             (id, device, device_seq, hlc, incident, author, kind, payload, prev, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        op.id,
        op.device,
        op.device_seq,
        op.hlc,
        op.incident,
        op.author,
        op.kind,
        String::from_utf8_lossy(&payload),
        prev.to_vec(),
        hash.to_vec(),
    ])?;
    apply(c, incident, change)
}

/// Applies one change to the projections: the one place each kind's effect is defined, used
/// alike when a change is made and when the log is replayed.
pub(crate) fn apply(c: &Connection, incident: Option<Uuid>, change: &Change) -> Result<()> {
    let id = || {
        incident.ok_or_else(|| {
            Error::Corrupt(format!("a {} operation names no incident", change.kind()))
        })
    };
    match change {
        Change::IncidentDeclared(d) => project::declared(c, id()?, d),
        Change::IncidentEdited(e) => project::edited(c, id()?, e),
        Change::IncidentStatusSet(s) => project::status_set(c, id()?, s),
        Change::IncidentAdopted(a) => project::adopted(c, id()?, a),
        Change::EvidenceRegistered(r) => evidence::registered(c, id()?, r),
        Change::CustodyRecorded(r) => evidence::custody_recorded(c, r),
        Change::EvidenceVerified(v) => evidence::verified(c, v),
        Change::EvidenceAdopted(a) => evidence::adopted(c, a),
        Change::FindingAdded(f) => analysis::finding_added(c, id()?, f),
        Change::HypothesisAdded(h) => analysis::hypothesis_added(c, id()?, h),
        Change::HypothesisSet(h) => analysis::hypothesis_set(c, h),
        Change::RootCauseSet(r) => analysis::root_cause_set(c, id()?, r),
        Change::ActionItemAdded(a) => analysis::action_item_added(c, id()?, a),
        Change::ActionItemSet(a) => analysis::action_item_set(c, a),
        Change::AssetAdded(a) => analysis::asset_added(c, id()?, a),
        Change::AssetUpdated(a) => analysis::asset_updated(c, a),
        Change::LinkAdded(l) => analysis::link_added(c, id()?, l),
        Change::RowAdopted(r) => adopt::apply(c, r),
        Change::RunStarted(r) => run::run_started(c, id()?, r),
        Change::StepChanged(s) => run::step_changed(c, s),
        Change::FactSet(f) => run::fact_set(c, id()?, f),
        Change::NotificationFactsSet(f) => notify::facts_set(c, id()?, f),
        Change::ObligationDerived(o) => notify::obligation_derived(c, id()?, o),
        Change::ObligationDecided(d) => notify::obligation_decided(c, id()?, d),
        Change::SettingSet(s) => notify::setting_set(c, s),
        Change::StakeholderSaved(s) => notify::stakeholder_saved(c, s),
        Change::StakeholderArchived(s) => notify::stakeholder_archived(c, s),
        Change::TemplateSaved(t) => notify::template_saved(c, t),
        Change::MessageSaved(m) => notify::message_saved(c, id()?, m),
        Change::MessageSent(m) => notify::message_sent(c, m),
        Change::IndicatorAdded(n) => indicators::added(c, id()?, n),
        Change::IndicatorWidened(w) => indicators::widened(c, w),
    }
}

/// Records what the first open after a domain moved onto the log finds in its tables, as
/// it stands (the migration flags each domain that holds rows), so the log accounts for
/// every row from then on. Incidents first: the rows of other domains belong to them.
pub(crate) fn adopt_pending(c: &Connection, device: &str) -> Result<u32> {
    let pending = |domain: &str| -> Result<bool> {
        Ok(
            c.prepare_cached("SELECT EXISTS (SELECT 1 FROM oplog_pending WHERE domain = ?1)")?
                .query_row([domain], |r| r.get(0))?,
        )
    };
    let by = Author {
        device,
        name: "Firebreak (upgrade to the operation log)",
    };
    let mut n = 0;
    if pending("incidents")? {
        for i in &crate::incident::all_on(c)? {
            let change = Change::IncidentAdopted(project::Adopted::of(i));
            commit(c, by, Some(i.id), &change)?;
            n += 1;
        }
    }
    if pending("evidence")? {
        for (incident, item) in evidence::adopt_all(c)? {
            commit(c, by, Some(incident), &Change::EvidenceAdopted(item))?;
            n += 1;
        }
    }
    let rows_pending = ["investigation", "runs", "notifications", "indicators"]
        .iter()
        .map(|d| pending(d))
        .collect::<Result<Vec<bool>>>()?;
    if rows_pending.contains(&true) {
        for (incident, row) in adopt::rows(c)? {
            commit(c, by, incident, &Change::RowAdopted(row))?;
            n += 1;
        }
    }
    c.execute("DELETE FROM oplog_pending", [])?;
    Ok(n)
}

/// The device's last sequence number and operation hash (0 and zeros before its first).
pub(crate) fn device_head(c: &Connection, device: &str) -> Result<(i64, [u8; 32])> {
    let row: Option<(i64, Vec<u8>)> = c
        .prepare_cached(
            "SELECT device_seq, hash FROM operations WHERE device = ?1
             ORDER BY device_seq DESC LIMIT 1",
        )?
        .query_row([device], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match row {
        None => Ok((0, [0; 32])),
        Some((seq, hash)) => Ok((seq, to_hash(&hash)?)),
    }
}

/// A hybrid logical clock reading: milliseconds since 1970 in the high 48 bits, a counter in
/// the low 16. Never behind the newest operation this database holds, from whichever
/// device, so a laptop whose clock runs slow still orders its changes after what it has
/// seen; never behind this machine's clock either.
fn next_hlc(c: &Connection) -> Result<i64> {
    let last: Option<i64> = c
        .prepare_cached("SELECT max(hlc) FROM operations")?
        .query_row([], |r| r.get(0))?;
    let now = chrono::Utc::now().timestamp_millis().max(0) << 16;
    Ok(last.map_or(now, |l| now.max(l + 1)))
}

/// What is hashed for an operation: everything it says, and the device's previous hash.
#[derive(Serialize)]
pub(crate) struct Envelope {
    pub id: String,
    pub device: String,
    pub device_seq: i64,
    pub hlc: i64,
    pub incident: Option<String>,
    pub author: String,
    pub kind: String,
    pub prev: String,
    pub payload: serde_json::Value,
}

impl Envelope {
    pub(crate) fn hash(&self) -> Result<[u8; 32]> {
        let mut v = serde_json::to_value(self)
            .map_err(|e| Error::Corrupt(format!("an operation cannot be encoded: {e}")))?;
        if let Some(map) = v.as_object_mut() {
            map.insert("v".into(), ENVELOPE_VERSION.into());
        }
        let mut bytes = Vec::with_capacity(256);
        canon::write(&mut bytes, &v)?;
        Ok(Sha256::digest(&bytes).into())
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn to_hash(bytes: &[u8]) -> Result<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| Error::Corrupt(format!("an operation hash of {} bytes", bytes.len())))
}
