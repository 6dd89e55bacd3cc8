//! STIX 2.1 bundles of an incident's indicators: an identity for the producer, the
//! incident, one indicator per IOC with a STIX pattern, and a `related-to` relationship
//! from each indicator to the incident. Ids are derived from the content (UUIDv4-shaped),
//! so exporting twice gives the same objects and consumers update rather than duplicate.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::IocType;
use crate::incident::Incident;
use crate::investigation::vocab::Tlp;
use crate::investigation::Indicator;
use crate::time::Moment;

/// The TLP 1.0 marking definitions predefined by the STIX 2.1 specification (§7.2.1.4).
const TLP_WHITE: &str = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
const TLP_GREEN: &str = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
const TLP_AMBER: &str = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
const TLP_RED: &str = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

/// Builds the bundle. `producer` names the organisation in the identity object.
pub fn bundle(incident: &Incident, indicators: &[Indicator], producer: &str) -> Value {
    let producer = if producer.trim().is_empty() {
        "Incident response team"
    } else {
        producer.trim()
    };
    let created = ts(&incident.declared_at);
    let identity_id = sdo_id("identity", &["identity", producer]);
    let incident_id = sdo_id("incident", &["incident", &incident.id.to_string()]);
    let mut objects = vec![
        json!({
            "type": "identity",
            "spec_version": "2.1",
            "id": identity_id,
            "created": created,
            "modified": created,
            "name": producer,
            "identity_class": "organization",
        }),
        json!({
            "type": "incident",
            "spec_version": "2.1",
            "id": incident_id,
            "created": created,
            "modified": created,
            "created_by_ref": identity_id,
            "name": incident.title,
            "description": incident_description(incident),
        }),
    ];
    let strict_id = sdo_id("marking-definition", &["amber+strict"]);
    if indicators.iter().any(|i| i.tlp == Tlp::AmberStrict) {
        objects.push(json!({
            "type": "marking-definition",
            "spec_version": "2.1",
            "id": strict_id,
            "created": created,
            "name": "TLP:AMBER+STRICT",
            "definition_type": "statement",
            "definition": { "statement": "TLP:AMBER+STRICT — share only within the recipient's own organisation." },
        }));
    }
    for i in indicators {
        let id = sdo_id(
            "indicator",
            &[
                "indicator",
                &incident.id.to_string(),
                i.ioc_type.code(),
                &i.value,
            ],
        );
        let at = ts(&i.added_at);
        let valid_from = i.first_seen.as_ref().map(ts).unwrap_or_else(|| at.clone());
        let markings: Vec<&str> = match i.tlp {
            Tlp::Clear => vec![TLP_WHITE],
            Tlp::Green => vec![TLP_GREEN],
            Tlp::Amber => vec![TLP_AMBER],
            Tlp::AmberStrict => vec![TLP_AMBER, &strict_id],
            Tlp::Red => vec![TLP_RED],
        };
        let mut indicator = json!({
            "type": "indicator",
            "spec_version": "2.1",
            "id": id,
            "created": at,
            "modified": at,
            "created_by_ref": identity_id,
            "name": format!("{}: {}", i.ioc_type.label(), clip(&i.value, 120)),
            "indicator_types": ["malicious-activity"],
            "pattern": pattern(i.ioc_type, &i.value),
            "pattern_type": "stix",
            "pattern_version": "2.1",
            "valid_from": valid_from,
            "object_marking_refs": markings,
        });
        // Validators (and analysts receiving the bundle) expect a description on every
        // indicator; say where it came from when the responder wrote none.
        indicator["description"] = json!(if i.description.is_empty() {
            format!(
                "{} observed during incident \"{}\".",
                i.ioc_type.label(),
                incident.title
            )
        } else {
            i.description.clone()
        });
        objects.push(indicator);
        objects.push(json!({
            "type": "relationship",
            "spec_version": "2.1",
            "id": sdo_id("relationship", &["relationship", &id, &incident_id]),
            "created": at,
            "modified": at,
            "created_by_ref": identity_id,
            "relationship_type": "related-to",
            "source_ref": id,
            "target_ref": incident_id,
            "object_marking_refs": markings,
        }));
    }
    let ids: Vec<String> = objects
        .iter()
        .filter_map(|o| o["id"].as_str().map(str::to_owned))
        .collect();
    let id_refs: Vec<&str> = std::iter::once("bundle")
        .chain(ids.iter().map(String::as_str))
        .collect();
    json!({
        "type": "bundle",
        "id": sdo_id("bundle", &id_refs),
        "objects": objects,
    })
}

/// The STIX patterning expression that matches the indicator.
pub fn pattern(t: IocType, value: &str) -> String {
    let v = quote(value);
    let ip_family = |v6: bool| if v6 { "ipv6-addr" } else { "ipv4-addr" };
    match t {
        IocType::Ipv4 => format!("[ipv4-addr:value = {v}]"),
        IocType::Ipv6 => format!("[ipv6-addr:value = {v}]"),
        IocType::Cidr => format!("[{}:value = {v}]", ip_family(value.contains(':'))),
        IocType::Domain => format!("[domain-name:value = {v}]"),
        IocType::Url => format!("[url:value = {v}]"),
        IocType::Email => format!("[email-addr:value = {v}]"),
        IocType::FileName => format!("[file:name = {v}]"),
        IocType::Md5 => format!("[file:hashes.MD5 = {v}]"),
        IocType::Sha1 => format!("[file:hashes.'SHA-1' = {v}]"),
        IocType::Sha256 => format!("[file:hashes.'SHA-256' = {v}]"),
        IocType::Sha512 => format!("[file:hashes.'SHA-512' = {v}]"),
        IocType::RegistryKey => format!("[windows-registry-key:key = {v}]"),
        IocType::UserAgent => format!(
            "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = {v}]"
        ),
    }
}

/// A STIX pattern string literal: single quotes, with `\` and `'` escaped.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// STIX timestamps are UTC with a `Z`; milliseconds is the precision created/modified need.
fn ts(m: &Moment) -> String {
    let utc: DateTime<Utc> = m.with_timezone(&Utc);
    utc.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn sdo_id(kind: &str, parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    format!(
        "{kind}--{}",
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    )
}

fn incident_description(i: &Incident) -> String {
    let mut d = format!(
        "{} incident, {}, detected {}.",
        i.incident_type.label(),
        i.severity.label(),
        i.detected_at.to_rfc3339()
    );
    if !i.summary.is_empty() {
        d.push(' ');
        d.push_str(&i.summary);
    }
    d
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(max - 1).collect();
        out.push('…');
        out
    }
}
