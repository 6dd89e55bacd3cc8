//! A bulk entry in words: one entry for a batch of indicators (a pasted report), its
//! headline counting them by type, its details one line per value.

use super::audit::FieldChange;
use super::wording::{group, humanise, present};
use crate::investigation::ioc::IocType;

/// "Added 527 indicators from pasted text: 310 IPv4 addresses, 120 domains, …".
pub(super) fn headline(origin: &str, changes: &[FieldChange]) -> String {
    let added: Vec<&str> = changes
        .iter()
        .filter_map(|c| c.field.strip_prefix("added."))
        .collect();
    let known = changes.len() - added.len();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in &added {
        match counts.iter_mut().find(|(code, _)| code == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let by_type: Vec<String> = counts
        .iter()
        .map(|(code, n)| format!("{} {}", group(*n as u64), ioc_noun(code, *n)))
        .collect();
    let from = match origin.trim() {
        "" => String::new(),
        o => format!(" from {o}"),
    };
    if added.is_empty() {
        return format!(
            "Merged new sightings into {} known indicators{from}",
            group(known as u64)
        );
    }
    let mut head = format!(
        "Added {} {}{from}: {}",
        group(added.len() as u64),
        if added.len() == 1 {
            "indicator"
        } else {
            "indicators"
        },
        by_type.join(", ")
    );
    if known > 0 {
        head.push_str(&format!(
            "; {} already known (sightings merged)",
            group(known as u64)
        ));
    }
    head
}

pub(super) fn item(c: &FieldChange) -> String {
    let value = present(&c.new).unwrap_or("");
    match c.field.split_once('.') {
        Some(("added", t)) => format!("{} {value}", ioc_label(t)),
        Some(("known", t)) => format!("{} {value} (already known)", ioc_label(t)),
        _ => format!("{} {value}", humanise(&c.field)),
    }
}

fn ioc_label(code: &str) -> String {
    code.parse::<IocType>()
        .map_or_else(|_| humanise(code), |t| t.label().to_owned())
}

/// "IPv4 addresses", "domains", "SHA-256 hashes": the type as a count reads it.
fn ioc_noun(code: &str, n: usize) -> String {
    use IocType::*;
    let Ok(t) = code.parse::<IocType>() else {
        return humanise(code);
    };
    let (one, many) = match t {
        Ipv4 => ("IPv4 address", "IPv4 addresses"),
        Ipv6 => ("IPv6 address", "IPv6 addresses"),
        Cidr => ("network (CIDR)", "networks (CIDR)"),
        Domain => ("domain", "domains"),
        Url => ("URL", "URLs"),
        Email => ("email address", "email addresses"),
        FileName => ("file name", "file names"),
        Md5 => ("MD5 hash", "MD5 hashes"),
        Sha1 => ("SHA-1 hash", "SHA-1 hashes"),
        Sha256 => ("SHA-256 hash", "SHA-256 hashes"),
        Sha512 => ("SHA-512 hash", "SHA-512 hashes"),
        RegistryKey => ("registry key", "registry keys"),
        UserAgent => ("user agent", "user agents"),
    };
    if n == 1 { one } else { many }.to_owned()
}
