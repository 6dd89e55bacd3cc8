//! Notification-facts changes in words. These entries store each changed fact as the JSON
//! of its value (a list of jurisdictions, the organisation profile, …); the reader gets
//! "Germany 1,200 · California 300 · Texas unknown" instead.

use serde::Deserialize;
use serde_json::Value;

use super::audit::FieldChange;
use super::wording::{flatten_json, group, humanise, moment_text, present};
use crate::notify::jurisdiction;
use crate::notify::vocab::{DataCategory, KeyMoment, ProfileFlag};

pub(super) fn sentence(c: &FieldChange) -> String {
    let (old, new) = (present(&c.old), present(&c.new));
    if let Some(moment) = c.field.strip_prefix("moments.") {
        return moment_sentence(moment, old, new);
    }
    match c.field.as_str() {
        "jurisdictions" => jurisdictions(old, new),
        "data_categories" => categories(old, new),
        "profile" => profile(old, new),
        "encrypted" => answer("Affected data encrypted", old, new),
        "keys_safe" => answer("Encryption keys safe (not taken with the data)", old, new),
        "significant_harm" => answer("Real risk of significant harm to people", old, new),
        "risk_to_people" => answer("Risk to people", old.map(risk), new.map(risk)),
        "critical_service_impact" => answer("Impact on a critical service", old, new),
        field => {
            let text = |v: &str| flatten_json(v).unwrap_or_else(|| v.to_owned());
            answer(
                &humanise(field),
                old.map(text).as_deref(),
                new.map(text).as_deref(),
            )
        }
    }
}

/// A notification fact's name in words, for notes that list what changed.
pub fn fact_name(field: &str) -> String {
    if let Some(m) = field.strip_prefix("moments.") {
        return m.parse::<KeyMoment>().map_or_else(
            |_| humanise(m).to_lowercase(),
            |k| format!("\"{}\"", k.label().to_lowercase()),
        );
    }
    match field {
        "jurisdictions" => "where people are affected".to_owned(),
        "data_categories" => "data involved".to_owned(),
        "encrypted" => "encryption".to_owned(),
        "keys_safe" => "encryption keys".to_owned(),
        "risk_to_people" => "risk to people".to_owned(),
        "significant_harm" => "significant harm".to_owned(),
        "critical_service_impact" => "critical service impact".to_owned(),
        "profile" => "organisation profile".to_owned(),
        other => humanise(other).to_lowercase(),
    }
}

/// "Encrypted: yes (was unknown)"; an absent value is "unknown", never an empty sign.
fn answer(label: &str, old: Option<&str>, new: Option<&str>) -> String {
    let word = |v: Option<&str>| v.unwrap_or("unknown").to_owned();
    format!("{label}: {} (was {})", word(new), word(old))
}

fn risk(v: &str) -> &str {
    match v {
        "unknown" => "not assessed",
        "unlikely" | "none" => "unlikely",
        "risk" => "a risk",
        "high" => "a high risk",
        other => other,
    }
}

fn moment_sentence(code: &str, old: Option<&str>, new: Option<&str>) -> String {
    let label = code
        .parse::<KeyMoment>()
        .map_or_else(|_| humanise(code), |m| m.label().to_owned());
    let when = |v: &str| moment_text(v).unwrap_or_else(|| v.to_owned());
    match (old, new) {
        (None, Some(n)) => format!("{label}: {}", when(n)),
        (Some(o), None) => format!("{label}: cleared (was {})", when(o)),
        (Some(o), Some(n)) => format!("{label}: {} (was {})", when(n), when(o)),
        (None, None) => format!("{label}: cleared"),
    }
}

#[derive(Deserialize)]
struct Place {
    code: String,
    people: Option<u64>,
}

fn places(v: Option<&str>) -> Option<Vec<Place>> {
    match v {
        None => Some(Vec::new()),
        Some(t) => serde_json::from_str(t).ok(),
    }
}

/// "Germany 1,200 · California 300 · Texas unknown".
pub(crate) fn place_list<'a>(list: impl IntoIterator<Item = (&'a str, Option<u64>)>) -> String {
    let items: Vec<String> = list
        .into_iter()
        .map(|(code, people)| {
            let count = people.map_or_else(|| "unknown".to_owned(), group);
            format!("{} {count}", jurisdiction::name(code))
        })
        .collect();
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(" · ")
    }
}

fn jurisdictions(old: Option<&str>, new: Option<&str>) -> String {
    let (Some(before), Some(after)) = (places(old), places(new)) else {
        let text =
            |v: Option<&str>| v.map_or("none".to_owned(), |v| flatten_json(v).unwrap_or(v.into()));
        return format!(
            "Affected people by jurisdiction: {} (was {})",
            text(new),
            text(old)
        );
    };
    let list = |l: &[Place]| place_list(l.iter().map(|p| (p.code.as_str(), p.people)));
    if after.is_empty() {
        return format!("Affected jurisdictions cleared (were {})", list(&before));
    }
    if before.is_empty() {
        return format!("Affected people by jurisdiction: {}", list(&after));
    }
    format!(
        "Affected people by jurisdiction: {} (was {})",
        list(&after),
        list(&before)
    )
}

fn codes(v: Option<&str>) -> Option<Vec<String>> {
    match v {
        None => Some(Vec::new()),
        Some(t) => serde_json::from_str(t).ok(),
    }
}

fn categories(old: Option<&str>, new: Option<&str>) -> String {
    let label = |c: &String| {
        c.parse::<DataCategory>()
            .map_or_else(|_| humanise(c), |d| d.label().to_owned())
    };
    let (Some(before), Some(after)) = (codes(old), codes(new)) else {
        return answer("Data involved", old, new);
    };
    let added: Vec<String> = after
        .iter()
        .filter(|c| !before.contains(c))
        .map(label)
        .collect();
    let removed: Vec<String> = before
        .iter()
        .filter(|c| !after.contains(c))
        .map(label)
        .collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("now includes {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("no longer {}", removed.join(", ")));
    }
    if parts.is_empty() {
        return "Data involved: unchanged".to_owned();
    }
    format!("Data involved: {}", parts.join("; "))
}

/// "Organisation: now an SEC registrant", "no longer a HIPAA covered entity".
fn profile(old: Option<&str>, new: Option<&str>) -> String {
    let read = |v: Option<&str>| -> Option<(Vec<String>, Option<String>)> {
        let Some(t) = v else {
            return Some((Vec::new(), None));
        };
        let value: Value = serde_json::from_str(t).ok()?;
        let flags = value
            .get("flags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let zone = value
            .get("home_zone")
            .and_then(Value::as_str)
            .map(str::to_owned);
        Some((flags, zone))
    };
    let (Some((old_flags, old_zone)), Some((new_flags, new_zone))) = (read(old), read(new)) else {
        return answer("Organisation", old, new);
    };
    let mut parts: Vec<String> = Vec::new();
    for f in new_flags.iter().filter(|f| !old_flags.contains(f)) {
        parts.push(format!("now {}", flag_noun(f)));
    }
    for f in old_flags.iter().filter(|f| !new_flags.contains(f)) {
        parts.push(format!("no longer {}", flag_noun(f)));
    }
    if old_zone != new_zone {
        parts.push(match (&old_zone, &new_zone) {
            (_, Some(z)) => format!("home office time zone {z}"),
            (Some(z), None) => format!("home office time zone cleared (was {z})"),
            (None, None) => String::new(),
        });
    }
    if parts.is_empty() {
        return "Organisation: unchanged".to_owned();
    }
    format!("Organisation: {}", parts.join("; "))
}

fn flag_noun(code: &str) -> String {
    use ProfileFlag::*;
    let Ok(flag) = code.parse::<ProfileFlag>() else {
        return humanise(code);
    };
    match flag {
        SecRegistrant => "an SEC registrant",
        HipaaCoveredEntity => "a HIPAA covered entity",
        HipaaBusinessAssociate => "a HIPAA business associate",
        Nis2EssentialEntity => "a NIS2 essential entity",
        Nis2ImportantEntity => "a NIS2 important entity",
        Nis2TrustServiceProvider => "a NIS2 trust service provider",
        DoraFinancialEntity => "a DORA financial entity",
        NydfsCoveredEntity => "an NYDFS covered entity",
        CardMerchant => "a payment card merchant",
        CardServiceProvider => "a payment card service provider",
        CertInEntity => "a CERT-In reporting entity (India)",
        IndiaDataFiduciary => "a data fiduciary under India's DPDP Act",
        AuAppEntity => "an APP entity under Australia's Privacy Act",
        AuSociResponsibleEntity => "a responsible entity for an Australian critical asset",
        AuBusinessOver3m => "a business with Australian turnover over A$3 million",
        UsCriticalInfrastructure => "a US critical-infrastructure entity (CIRCIA)",
        ProcessorForAffectedData => "the processor of the affected data",
        BrSmallAgent => "a small processing agent under Brazil's LGPD",
    }
    .to_owned()
}
