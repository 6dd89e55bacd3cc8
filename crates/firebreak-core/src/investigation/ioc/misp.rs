//! Reads the attributes of a MISP event as MISP exports it (`{"Event": {…}}`, or the
//! `{"response": [{"Event": …}]}` of its REST search): the event's own attributes and those
//! of its objects, by MISP attribute type. Attributes with `to_ids` off are context (a
//! victim address, a benign service) and are reported, not imported; TLP comes from the
//! attribute's `tlp:` tag, else the event's.

use serde_json::Value;

use super::feed::{tally, Candidate, Feed, Skipped};
use super::IocType;
use crate::investigation::vocab::Tlp;
use crate::{Error, Result};

/// Whether `root` looks like a MISP export rather than STIX.
pub fn is_misp(root: &Value) -> bool {
    root.get("Event").is_some() || root.get("response").is_some_and(Value::is_array)
}

pub fn read(root: &Value) -> Result<Feed> {
    let events: Vec<&Value> = match (root.get("Event"), root.get("response")) {
        (Some(e), _) => vec![e],
        (None, Some(Value::Array(list))) => list.iter().filter_map(|r| r.get("Event")).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|e| e.is_object())
    .collect();
    if events.is_empty() {
        return Err(Error::validation(
            "path",
            "not a MISP event: no \"Event\" object in the file",
        ));
    }
    let mut feed = Feed::default();
    let mut others = Vec::new();
    for event in events {
        let info = str_of(event, "info");
        if feed.title.is_empty() {
            feed.title = info.clone();
        }
        let event_tlp = tlp_in(event);
        for a in array(event, "Attribute") {
            attribute(a, event_tlp, &info, &mut feed);
        }
        for o in array(event, "Object") {
            others.push("object");
            for a in array(o, "Attribute") {
                attribute(a, event_tlp, &info, &mut feed);
            }
        }
    }
    feed.other_objects = tally(others.into_iter());
    Ok(feed)
}

fn attribute(a: &Value, event_tlp: Option<Tlp>, info: &str, feed: &mut Feed) {
    let kind = str_of(a, "type");
    let value = str_of(a, "value");
    let source = match str_of(a, "uuid") {
        u if u.is_empty() => format!("attribute {kind}"),
        u => format!("attribute {u}"),
    };
    let skip = |reason: String| Skipped {
        source: source.clone(),
        part: format!("{kind}: {value}"),
        reason,
    };
    if truthy(a.get("deleted")) {
        return feed.skipped.push(skip("deleted in MISP".into()));
    }
    if !truthy(a.get("to_ids")) {
        let why = "not for detection in MISP (to_ids is off): context, not an indicator";
        return feed.skipped.push(skip(why.into()));
    }
    let Some(types) = types_of(&kind) else {
        let why = format!("Firebreak has no indicator type for the MISP type {kind:?}");
        return feed.skipped.push(skip(why));
    };
    let parts: Vec<&str> = value.split('|').collect();
    let tlp = tlp_in(a).or(event_tlp);
    let comment = str_of(a, "comment");
    let description = [info, comment.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(": ");
    for (n, t) in types.iter().enumerate() {
        let Some(t) = t else { continue };
        let Some(raw) = parts.get(n).map(|p| p.trim()).filter(|p| !p.is_empty()) else {
            feed.skipped
                .push(skip(format!("the {kind} value has no part {}", n + 1)));
            continue;
        };
        feed.candidates.push(Candidate {
            ioc_type: t.unwrap_or_else(|| ip_type(raw)),
            raw: raw.to_owned(),
            tlp,
            description: description.clone(),
            source: source.clone(),
            first_seen: time_of(a, "first_seen"),
            last_seen: time_of(a, "last_seen"),
        });
    }
}

/// Firebreak types for each `|`-separated part of a MISP type's value (MISP's
/// categories-and-types list); `Some(None)` is an address whose family the value decides,
/// `None` a part that is not an indicator here (a port, a registry value).
type Parts = &'static [Option<Option<IocType>>];

fn types_of(kind: &str) -> Option<Parts> {
    use IocType::*;
    const IP: Option<Option<IocType>> = Some(None);
    Some(match kind {
        "ip-src" | "ip-dst" => &[IP],
        "ip-src|port" | "ip-dst|port" => &[IP, None],
        "domain" | "hostname" => &[Some(Some(Domain))],
        "hostname|port" => &[Some(Some(Domain)), None],
        "domain|ip" => &[Some(Some(Domain)), IP],
        "url" => &[Some(Some(Url))],
        "email" | "email-src" | "email-dst" | "email-reply-to" => &[Some(Some(Email))],
        "filename" => &[Some(Some(FileName))],
        "md5" => &[Some(Some(Md5))],
        "sha1" => &[Some(Some(Sha1))],
        "sha256" => &[Some(Some(Sha256))],
        "sha512" => &[Some(Some(Sha512))],
        "filename|md5" => &[Some(Some(FileName)), Some(Some(Md5))],
        "filename|sha1" => &[Some(Some(FileName)), Some(Some(Sha1))],
        "filename|sha256" => &[Some(Some(FileName)), Some(Some(Sha256))],
        "filename|sha512" => &[Some(Some(FileName)), Some(Some(Sha512))],
        "regkey" => &[Some(Some(RegistryKey))],
        "regkey|value" => &[Some(Some(RegistryKey)), None],
        "user-agent" => &[Some(Some(UserAgent))],
        _ => return None,
    })
}

/// MISP's ip-src and ip-dst hold IPv4, IPv6 or a CIDR block.
fn ip_type(v: &str) -> IocType {
    if v.contains('/') {
        IocType::Cidr
    } else if v.contains(':') {
        IocType::Ipv6
    } else {
        IocType::Ipv4
    }
}

/// The most restrictive `tlp:` tag; MISP writes them lower case (`tlp:amber+strict`).
fn tlp_in(o: &Value) -> Option<Tlp> {
    array(o, "Tag")
        .filter_map(|t| t.get("name")?.as_str())
        .filter(|n| n.to_ascii_lowercase().starts_with("tlp:"))
        .filter_map(|n| n.parse::<Tlp>().ok())
        .max()
}

fn time_of(a: &Value, key: &str) -> Option<String> {
    a.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// MISP writes booleans as JSON booleans, or as "1"/"0" in older exports.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "1" || s.eq_ignore_ascii_case("true"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

fn array<'a>(o: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    o.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn str_of(o: &Value, key: &str) -> String {
    o.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}
