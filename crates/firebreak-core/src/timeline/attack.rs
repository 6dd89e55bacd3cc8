//! MITRE ATT&CK Enterprise tactics (v19), for validating and normalising tactic input.

/// (id, current name, earlier name if renamed).
const TACTICS: &[(&str, &str, Option<&str>)] = &[
    ("TA0043", "Reconnaissance", None),
    ("TA0042", "Resource Development", None),
    ("TA0001", "Initial Access", None),
    ("TA0002", "Execution", None),
    ("TA0003", "Persistence", None),
    ("TA0004", "Privilege Escalation", None),
    // Renamed in v19; tools built on older data still say "Defense Evasion".
    ("TA0005", "Stealth", Some("Defense Evasion")),
    ("TA0112", "Defense Impairment", None),
    ("TA0006", "Credential Access", None),
    ("TA0007", "Discovery", None),
    ("TA0008", "Lateral Movement", None),
    ("TA0009", "Collection", None),
    ("TA0011", "Command and Control", None),
    ("TA0010", "Exfiltration", None),
    ("TA0040", "Impact", None),
];

/// A tactic id for an id or a (current or former) name, case-insensitively.
pub fn tactic_id(input: &str) -> Option<&'static str> {
    // Compared in place: a bulk import asks this for every row.
    let wanted = input.trim().as_bytes();
    let same = |known: &str| {
        known.len() == wanted.len()
            && known.bytes().zip(wanted).all(|(k, &w)| {
                let w = if w == b'-' || w == b'_' { b' ' } else { w };
                k.eq_ignore_ascii_case(&w)
            })
    };
    TACTICS.iter().find_map(|(id, name, old)| {
        (same(id) || same(name) || old.is_some_and(same)).then_some(*id)
    })
}

pub fn tactic_name(id: &str) -> Option<&'static str> {
    TACTICS
        .iter()
        .find(|(t, _, _)| *t == id)
        .map(|(_, name, _)| *name)
}

/// The techniques of TA0001 Initial Access (Enterprise), for a root cause's access vector.
/// Sub-techniques of these are accepted too.
const INITIAL_ACCESS: &[(&str, &str)] = &[
    ("T1189", "Drive-by Compromise"),
    ("T1190", "Exploit Public-Facing Application"),
    ("T1133", "External Remote Services"),
    ("T1200", "Hardware Additions"),
    ("T1566", "Phishing"),
    ("T1566.001", "Phishing: Spearphishing Attachment"),
    ("T1566.002", "Phishing: Spearphishing Link"),
    ("T1566.003", "Phishing: Spearphishing via Service"),
    ("T1566.004", "Phishing: Spearphishing Voice"),
    ("T1091", "Replication Through Removable Media"),
    ("T1195", "Supply Chain Compromise"),
    (
        "T1195.001",
        "Supply Chain Compromise: Compromise Software Dependencies and Development Tools",
    ),
    (
        "T1195.002",
        "Supply Chain Compromise: Compromise Software Supply Chain",
    ),
    (
        "T1195.003",
        "Supply Chain Compromise: Compromise Hardware Supply Chain",
    ),
    ("T1199", "Trusted Relationship"),
    ("T1078", "Valid Accounts"),
    ("T1078.001", "Valid Accounts: Default Accounts"),
    ("T1078.002", "Valid Accounts: Domain Accounts"),
    ("T1078.003", "Valid Accounts: Local Accounts"),
    ("T1078.004", "Valid Accounts: Cloud Accounts"),
    ("T1659", "Content Injection"),
    ("T1669", "Wi-Fi Networks"),
];

/// Every initial-access technique Firebreak names, for pickers.
pub fn initial_access_techniques() -> &'static [(&'static str, &'static str)] {
    INITIAL_ACCESS
}

/// The name of an initial-access technique, or None when `id` is not one (a sub-technique
/// of a listed technique that is not itself listed gets its parent's name).
pub fn initial_access_name(id: &str) -> Option<&'static str> {
    let parent = id.split('.').next().unwrap_or(id);
    INITIAL_ACCESS
        .iter()
        .find(|(t, _)| *t == id)
        .or_else(|| INITIAL_ACCESS.iter().find(|(t, _)| *t == parent))
        .map(|(_, name)| *name)
}

/// `T1486` or `T1566.001`.
pub fn is_technique(s: &str) -> bool {
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|c| c.is_ascii_digit());
    match s
        .strip_prefix('T')
        .map(|r| r.split_once('.').map_or((r, None), |(a, b)| (a, Some(b))))
    {
        Some((tech, None)) => digits(tech, 4),
        Some((tech, Some(sub))) => digits(tech, 4) && digits(sub, 3),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_names_of_ta0005_are_accepted() {
        assert_eq!(tactic_id("Defense Evasion"), Some("TA0005"));
        assert_eq!(tactic_id("stealth"), Some("TA0005"));
        assert_eq!(tactic_id("ta0005"), Some("TA0005"));
        assert_eq!(tactic_id("command-and-control"), Some("TA0011"));
        assert_eq!(tactic_id("TA0099"), None);
        assert_eq!(tactic_id("  lateral_MOVEMENT "), Some("TA0008"));
        assert_eq!(tactic_id("Lateral Movement!"), None);
        assert_eq!(tactic_id("Impac"), None);
        assert_eq!(tactic_id(""), None);
        assert_eq!(tactic_name("TA0112"), Some("Defense Impairment"));
    }

    #[test]
    fn technique_ids() {
        assert!(is_technique("T1486") && is_technique("T1566.001"));
        assert!(
            !is_technique("T148")
                && !is_technique("T1566.1")
                && !is_technique("TA0001")
                && !is_technique("T1566.")
        );
    }
}
