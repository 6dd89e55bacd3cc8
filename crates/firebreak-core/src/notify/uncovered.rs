//! Affected jurisdictions Firebreak's reference has no rule for. Without this, a place with
//! no rule produces no obligation and no note, and silence reads as "nothing to do".
//! A place named by a rule that did not apply (too few people, data not in scope…) is
//! covered: that rule's reasons already say why.

use serde::Serialize;
use specta::Type;

use super::facts::NotificationFacts;
use super::jurisdiction;
use super::rules::{RuleSet, When};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct UncoveredJurisdiction {
    pub code: String,
    pub name: String,
    /// How many affected people live there; `null` while unknown.
    pub people: Option<u32>,
    /// "No rule for US-CA (California) in Firebreak's reference — check with counsel."
    pub note: String,
}

/// The affected jurisdictions no rule names, in the order they were recorded.
pub fn uncovered(set: &RuleSet, f: &NotificationFacts) -> Vec<UncoveredJurisdiction> {
    let mut named = Vec::new();
    for rule in &set.rules {
        names(&rule.when, &mut named);
    }
    f.jurisdictions
        .iter()
        .filter(|a| !named.iter().any(|code| covers(code, &a.code)))
        .map(|a| {
            let name = jurisdiction::name(&a.code).to_owned();
            UncoveredJurisdiction {
                note: format!(
                    "No rule for {} ({name}) in Firebreak's reference — check with counsel.",
                    a.code
                ),
                code: a.code.clone(),
                name,
                people: a.people,
            }
        })
        .collect()
}

/// Whether a rule naming `rule_code` speaks for `affected`. EU and EEA rules are the member
/// states' own law. Rules for the whole United States are federal sector rules (HIPAA,
/// CIRCIA): they do not stand in for a state's own breach law, so they cover only "US".
fn covers(rule_code: &str, affected: &str) -> bool {
    if rule_code == "US" {
        return affected == "US";
    }
    jurisdiction::within(affected, rule_code)
}

fn names<'a>(w: &'a When, out: &mut Vec<&'a str>) {
    out.extend(w.jurisdiction.iter().map(String::as_str));
    if let Some(p) = &w.people {
        out.push(&p.within);
    }
    for sub in &w.any {
        names(sub, out);
    }
}
