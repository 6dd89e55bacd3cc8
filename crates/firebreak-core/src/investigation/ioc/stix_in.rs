//! Reads the indicators of a STIX 2.1 bundle (or a lone STIX object): each `indicator` with a
//! STIX pattern gives one candidate per equality comparison on an object path Firebreak has
//! a type for; its TLP comes from its `object_marking_refs`. Everything else is reported.

use std::collections::HashMap;

use serde_json::Value;

use super::feed::{tally, Candidate, Feed, Skipped};
use super::pattern::{self, Comparison};
use crate::investigation::vocab::Tlp;
use crate::{Error, Result};

/// TLP marking definitions every STIX 2.1 consumer knows: the four TLP 1.0 ones the
/// specification predefines (§7.2.1.4) and the five of the OASIS TLP 2.0 extension.
const KNOWN_TLP: &[(&str, Tlp)] = &[
    ("613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp::Clear),
    ("34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp::Green),
    ("f88d31f6-486f-44da-b317-01333bde0b82", Tlp::Amber),
    ("5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp::Red),
    ("94868c89-83c2-464b-929b-a1a8aa3c8487", Tlp::Clear),
    ("bab4a63c-aed9-4cf5-a766-dfca5abac2bb", Tlp::Green),
    ("55d920b0-5e8b-4f79-9ee9-91f868d9b421", Tlp::Amber),
    ("939a9414-2ddd-4d32-a0cd-375ea402b003", Tlp::AmberStrict),
    ("e828b379-4e03-4974-9ac4-e53a884c97c1", Tlp::Red),
];

pub fn read(root: &Value) -> Result<Feed> {
    let objects: Vec<&Value> = match root.get("type").and_then(Value::as_str) {
        Some("bundle") => root
            .get("objects")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Some(_) => vec![root],
        None => {
            return Err(Error::validation(
                "path",
                "not a STIX 2.1 bundle: the top-level object has no \"type\"",
            ))
        }
    };
    let markings = bundle_markings(&objects);
    let mut feed = Feed::default();
    let mut others = Vec::new();
    for o in &objects {
        let kind = o.get("type").and_then(Value::as_str).unwrap_or("(no type)");
        match kind {
            "indicator" => indicator(o, &markings, &mut feed),
            "report" if feed.title.is_empty() => {
                feed.title = text(o, "name");
                others.push(kind);
            }
            _ => others.push(kind),
        }
    }
    feed.other_objects = tally(others.into_iter());
    Ok(feed)
}

/// TLP of the marking definitions the bundle itself defines: TLP 1.0 style
/// (`definition_type: tlp`), the TLP 2.0 extension property, or a `TLP:` name (Firebreak's
/// own AMBER+STRICT statement).
fn bundle_markings(objects: &[&Value]) -> HashMap<String, Tlp> {
    let mut out = HashMap::new();
    for o in objects {
        if o.get("type").and_then(Value::as_str) != Some("marking-definition") {
            continue;
        }
        let level = o
            .pointer("/definition/tlp")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                o.get("extensions")?
                    .as_object()?
                    .values()
                    .find_map(|e| e.get("tlp_2_0")?.as_str().map(str::to_owned))
            })
            .or_else(|| {
                let name = o.get("name")?.as_str()?;
                name.to_ascii_lowercase()
                    .starts_with("tlp:")
                    .then(|| name.to_owned())
            });
        if let (Some(id), Some(tlp)) = (
            o.get("id").and_then(Value::as_str),
            level.and_then(|l| l.parse::<Tlp>().ok()),
        ) {
            out.insert(id.to_owned(), tlp);
        }
    }
    out
}

/// The most restrictive TLP among the object's markings (AMBER with an AMBER+STRICT
/// statement is AMBER+STRICT).
fn tlp_of(o: &Value, markings: &HashMap<String, Tlp>) -> Option<Tlp> {
    o.get("object_marking_refs")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|id| {
            markings.get(id).copied().or_else(|| {
                let uuid = id.strip_prefix("marking-definition--")?;
                KNOWN_TLP.iter().find(|(k, _)| *k == uuid).map(|(_, t)| *t)
            })
        })
        .max()
}

fn indicator(o: &Value, markings: &HashMap<String, Tlp>, feed: &mut Feed) {
    let source = text(o, "id");
    let skip = |part: String, reason: String| Skipped {
        source: source.clone(),
        part,
        reason,
    };
    let pattern = text(o, "pattern");
    if o.get("revoked").and_then(Value::as_bool) == Some(true) {
        let why = "revoked by its producer: no longer an indicator".to_owned();
        feed.skipped.push(skip(clip(&pattern, 200), why));
        return;
    }
    let pattern_type = o
        .get("pattern_type")
        .and_then(Value::as_str)
        .unwrap_or("stix");
    if pattern_type != "stix" {
        let why =
            format!("a {pattern_type} rule, not a STIX pattern: it is a detection, not a value");
        feed.skipped.push(skip(clip(&pattern, 200), why));
        return;
    }
    let scanned = match pattern::scan(&pattern) {
        Ok(s) => s,
        Err(why) => {
            feed.skipped.push(skip(
                clip(&pattern, 200),
                format!("not a readable STIX pattern: {why}"),
            ));
            return;
        }
    };
    let tlp = tlp_of(o, markings);
    let description = [text(o, "name"), text(o, "description")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    for part in scanned.other_parts {
        let why = "a timing or order condition; Firebreak stores the values alone".to_owned();
        feed.skipped.push(skip(part, why));
    }
    for cmp in scanned.comparisons {
        match supported(&cmp) {
            Ok(list) => feed
                .candidates
                .extend(list.into_iter().map(|(ioc_type, raw)| Candidate {
                    ioc_type,
                    raw,
                    tlp,
                    description: description.clone(),
                    source: source.clone(),
                    first_seen: None,
                    last_seen: None,
                })),
            Err(why) => feed.skipped.push(skip(cmp.text.clone(), why)),
        }
    }
}

/// The values a comparison names, or why it names none: only `=` and `IN` state a value
/// the malicious object has.
fn supported(cmp: &Comparison) -> std::result::Result<Vec<(super::IocType, String)>, String> {
    if cmp.op != "=" && cmp.op != "IN" {
        return Err(format!(
            "the operator {} describes a condition, not a value",
            cmp.op
        ));
    }
    if cmp.values.is_empty() {
        return Err("compares no string value".into());
    }
    cmp.values
        .iter()
        .map(|v| {
            pattern::ioc_type(&cmp.path, v)
                .map(|t| (t, v.clone()))
                .ok_or_else(|| format!("Firebreak has no indicator type for {}", cmp.path))
        })
        .collect()
}

fn text(o: &Value, key: &str) -> String {
    o.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}
