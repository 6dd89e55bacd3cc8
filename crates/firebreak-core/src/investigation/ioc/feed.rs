//! What a threat-intelligence file offers before it is checked against the incident: the
//! values with their type, TLP and provenance, and every part that is not imported with the
//! reason. Readers for STIX 2.1 (`stix_in`) and MISP (`misp`) produce this.

use super::IocType;
use crate::investigation::vocab::Tlp;

/// A value the file gives, not yet validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub ioc_type: IocType,
    pub raw: String,
    /// None: the file marks it with no TLP.
    pub tlp: Option<Tlp>,
    pub description: String,
    /// Where in the file: the STIX indicator id, the MISP attribute uuid.
    pub source: String,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// A part of the file that is not imported, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub source: String,
    pub part: String,
    pub reason: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct Feed {
    /// The bundle's report or the MISP event's title, when it has one.
    pub title: String,
    pub candidates: Vec<Candidate>,
    pub skipped: Vec<Skipped>,
    /// Objects that are not indicators, by kind: "30 relationship, 10 tool".
    pub other_objects: String,
}

/// "30 relationship, 10 tool, 1 report" from kinds seen, most frequent first.
pub fn tally<'a>(kinds: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for k in kinds {
        match counts.iter_mut().find(|(seen, _)| *seen == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}
