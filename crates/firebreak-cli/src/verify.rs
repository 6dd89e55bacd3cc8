//! `firebreak verify [INCIDENT]`: everything that makes the record trustworthy, in one
//! command: each incident's timeline chain and its signatures, the operation log's device
//! chains and signatures, and a replay of the log compared with the tables. Any failure
//! exits 1 after every check has been printed.

use firebreak_core::incident::{self, IncidentFilter};
use firebreak_core::oplog::{self, LogVerdict, LogVerification};
use firebreak_core::signing::{self, SignatureStatus};
use firebreak_core::timeline::{self, ChainStatus};
use firebreak_core::{Error, Store};

use crate::render::{print_json, print_text, Output};

pub fn command(store: &Store, incident: Option<&str>, out: &Output) -> Result<(), Error> {
    let only = incident
        .map(|text| incident::resolve_id(store, text))
        .transpose()?;
    let incidents = match only {
        Some(id) => vec![incident::show(store, id)?.incident],
        None => incident::list(store, &IncidentFilter::default())?,
    };
    let mut failed = 0;
    let mut records = Vec::new();
    for i in &incidents {
        let chain = timeline::verify(store, i.id)?;
        let signatures = signing::verify(store, i.id)?;
        let (line, ok) = timeline_line(&chain, &signatures);
        failed += usize::from(!ok);
        if !out.json {
            print_text(&format!("{}  {}\n  {line}\n", short(&i.id), i.title))?;
        }
        records.push(serde_json::json!({
            "id": i.id, "title": i.title, "chain": chain, "signatures": signatures
        }));
    }
    let log = oplog::verify(store, only)?;
    failed += usize::from(log.verdict != LogVerdict::Intact);
    if out.json {
        print_json(&serde_json::json!({ "incidents": records, "log": log }))?;
    } else {
        print_text(&format!("{}\n", log_line(&log)))?;
    }
    match failed {
        0 => Ok(()),
        n => Err(Error::Corrupt(format!(
            "{n} of {} checks failed (see above)",
            incidents.len() + 1
        ))),
    }
}

fn short(id: &uuid::Uuid) -> String {
    id.to_string().chars().take(8).collect()
}

fn timeline_line(chain: &ChainStatus, signatures: &SignatureStatus) -> (String, bool) {
    let chain_text = match chain {
        ChainStatus::Intact { entries, .. } => format!("timeline intact ({entries} entries)"),
        ChainStatus::Broken {
            first_bad_seq,
            problem,
            ..
        } => {
            return (
                format!("timeline BROKEN at entry {first_bad_seq}: {problem}"),
                false,
            )
        }
    };
    match signatures {
        SignatureStatus::Signed { authors, .. } => {
            let names: Vec<String> = authors.iter().map(|a| a.name.clone()).collect();
            (
                format!("{chain_text}, signed by {}", names.join(", ")),
                true,
            )
        }
        SignatureStatus::Unsigned {
            from_seq, to_seq, ..
        } => (
            format!("{chain_text}, but entries {from_seq}–{to_seq} carry no signature"),
            false,
        ),
        SignatureStatus::Broken { seq, problem } => (
            format!("{chain_text}, but the signature check failed at entry {seq}: {problem}"),
            false,
        ),
    }
}

fn log_line(log: &LogVerification) -> String {
    let devices: Vec<String> = log
        .devices
        .iter()
        .map(|d| match &d.name {
            Some(name) => format!("{name} ({})", d.device),
            None => d.device.clone(),
        })
        .collect();
    let head = format!(
        "operation log: {} operations from {}",
        log.operations,
        if devices.is_empty() {
            "no device yet".to_owned()
        } else {
            devices.join(", ")
        }
    );
    match &log.verdict {
        LogVerdict::Intact => format!(
            "{head}\n  intact and signed; replay gives the same {}",
            log.replayed.join(", ")
        ),
        LogVerdict::Unsigned {
            device,
            from_seq,
            to_seq,
        } => format!(
            "{head}\n  operations {from_seq}–{to_seq} of device {device} carry no signature"
        ),
        LogVerdict::Broken { problem, .. } => format!("{head}\n  BROKEN: {problem}"),
        LogVerdict::Differs { problem, .. } => {
            format!("{head}\n  CHANGED BEHIND FIREBREAK'S BACK: {problem}")
        }
    }
}
