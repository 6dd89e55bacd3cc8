//! Where affected people live: ISO 3166-1 alpha-2 countries, US states as ISO 3166-2 codes
//! (`US-TX`), and `EU` for "somewhere in the EU, country not yet known". Rules may also name
//! the groups `EEA`, `EU` and `US`.

use std::sync::OnceLock;

use serde::Serialize;
use specta::Type;

/// Generated once from Debian's iso-codes; names are shown in pickers and explanations.
const TABLE: &str = include_str!("jurisdictions.tsv");

const EU27: &[&str] = &[
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];
const EEA_EXTRA: &[&str] = &["IS", "LI", "NO"];

#[derive(Debug, Clone, Serialize, Type)]
pub struct JurisdictionInfo {
    pub code: String,
    pub name: String,
}

fn table() -> &'static Vec<JurisdictionInfo> {
    static CELL: OnceLock<Vec<JurisdictionInfo>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut all = vec![JurisdictionInfo {
            code: "EU".into(),
            name: "European Union (country not yet known)".into(),
        }];
        all.extend(
            TABLE
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .filter_map(|l| l.split_once('\t'))
                .map(|(code, name)| JurisdictionInfo {
                    code: code.into(),
                    name: name.into(),
                }),
        );
        all
    })
}

pub fn all() -> &'static [JurisdictionInfo] {
    table()
}

/// The canonical code for user input (`uk` → `GB`, `us-tx` → `US-TX`), or `None`.
pub fn normalise(input: &str) -> Option<String> {
    let upper = input.trim().to_ascii_uppercase().replace('_', "-");
    let code = match upper.as_str() {
        "UK" => "GB".to_owned(),
        _ => upper,
    };
    table().iter().any(|j| j.code == code).then_some(code)
}

pub fn name(code: &str) -> &str {
    table()
        .iter()
        .find(|j| j.code == code)
        .map_or(code, |j| j.name.as_str())
}

/// Codes and groups a rule may name.
pub fn is_rule_code(code: &str) -> bool {
    matches!(code, "EEA" | "EU" | "US") || table().iter().any(|j| j.code == code)
}

/// Whether an affected jurisdiction (always a canonical code) falls under a rule's code or group.
pub fn within(affected: &str, rule_code: &str) -> bool {
    match rule_code {
        "EU" => affected == "EU" || EU27.contains(&affected),
        "EEA" => affected == "EU" || EU27.contains(&affected) || EEA_EXTRA.contains(&affected),
        "US" => affected == "US" || affected.starts_with("US-"),
        _ => affected == rule_code,
    }
}

pub fn group_name(rule_code: &str) -> &str {
    match rule_code {
        "EEA" => "the EU/EEA",
        "EU" => "the EU",
        "US" => "the United States",
        other => name(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_normalise_and_group() {
        assert_eq!(normalise("uk").as_deref(), Some("GB"));
        assert_eq!(normalise(" us-tx ").as_deref(), Some("US-TX"));
        assert_eq!(normalise("de").as_deref(), Some("DE"));
        assert_eq!(normalise("XX"), None);
        assert_eq!(normalise("US-ZZ"), None);
        assert!(within("DE", "EEA") && within("NO", "EEA") && !within("NO", "EU"));
        assert!(within("EU", "EEA") && within("US-CA", "US") && !within("CA", "US"));
        assert_eq!(name("US-TX"), "Texas");
    }
}
