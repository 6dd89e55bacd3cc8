//! The fixed vocabularies of an incident (type, severity, phase, status) with the labels and
//! definitions the UI and CLI show. Kept here so both front ends say exactly the same thing.

use serde::Serialize;

use crate::playbook::{Fact, Role, Section};
use crate::run::StepState;
use specta::Type;

/// Declares a string-coded enum: stable snake_case codes stored in SQLite and sent over IPC,
/// plus CLI aliases, so adding a value is one line.
macro_rules! coded_enum {
    ($(#[$meta:meta])* $name:ident ($field:literal, $noun:literal) { $($variant:ident = $code:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize, ::specta::Type)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn codes() -> String {
                [$($code),+].join(", ")
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::Error;
            fn from_str(s: &str) -> ::std::result::Result<Self, $crate::Error> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                match wanted.as_str() {
                    $($code $(| $alias)* => Ok($name::$variant),)+
                    _ => Err($crate::Error::validation(
                        $field,
                        format!("unknown {} {:?}; expected one of: {}", $noun, s, Self::codes()),
                    )),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

coded_enum!(
    /// What kind of incident this is; decides which playbooks are suggested.
    IncidentType ("incident_type", "incident type") {
        Ransomware = "ransomware",
        BusinessEmailCompromise = "business_email_compromise" | "bec",
        DataBreach = "data_breach" | "exfiltration" | "data_exfiltration",
        CredentialCompromise = "credential_compromise" | "account_takeover" | "ato",
        InsiderThreat = "insider_threat" | "insider",
        MalwareOutbreak = "malware_outbreak" | "malware",
        Ddos = "ddos" | "dos",
        CloudAccountCompromise = "cloud_account_compromise" | "cloud",
        LostStolenDevice = "lost_stolen_device" | "lost_device" | "stolen_device",
        ThirdParty = "third_party" | "supply_chain",
        Other = "other",
    }
);

coded_enum!(
    /// How bad it is; SEV1 is the worst.
    Severity ("severity", "severity") { Sev1 = "sev1" | "1", Sev2 = "sev2" | "2", Sev3 = "sev3" | "3", Sev4 = "sev4" | "4" }
);

coded_enum!(
    /// Where the response stands, in NIST SP 800-61r2 terms (mapped to CSF 2.0 in docs).
    Phase ("phase", "phase") {
        DetectionAnalysis = "detection_analysis" | "detection" | "analysis",
        Containment = "containment",
        Eradication = "eradication",
        Recovery = "recovery",
        PostIncident = "post_incident" | "lessons_learned",
    }
);

coded_enum!(
    Status ("status", "status") { Open = "open", Closed = "closed" }
);

impl IncidentType {
    pub fn label(self) -> &'static str {
        match self {
            IncidentType::Ransomware => "Ransomware",
            IncidentType::BusinessEmailCompromise => "Business email compromise",
            IncidentType::DataBreach => "Data breach / exfiltration",
            IncidentType::CredentialCompromise => "Credential compromise / account takeover",
            IncidentType::InsiderThreat => "Insider threat",
            IncidentType::MalwareOutbreak => "Malware outbreak",
            IncidentType::Ddos => "DDoS",
            IncidentType::CloudAccountCompromise => "Cloud account compromise",
            IncidentType::LostStolenDevice => "Lost / stolen device",
            IncidentType::ThirdParty => "Third-party / supply chain",
            IncidentType::Other => "Other",
        }
    }
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Sev1 => "SEV1 · Critical",
            Severity::Sev2 => "SEV2 · High",
            Severity::Sev3 => "SEV3 · Moderate",
            Severity::Sev4 => "SEV4 · Low",
        }
    }

    pub fn definition(self) -> &'static str {
        match self {
            Severity::Sev1 => "Business-critical systems down or regulated data confirmed exposed; all hands, executives engaged now.",
            Severity::Sev2 => "Confirmed compromise with significant but bounded impact; dedicated responders around the clock.",
            Severity::Sev3 => "Suspicious activity or a contained compromise with limited impact; work it this business day.",
            Severity::Sev4 => "Minor event with no sign of data access or spread; track to closure in normal hours.",
        }
    }
}

impl Phase {
    pub fn label(self) -> &'static str {
        match self {
            Phase::DetectionAnalysis => "Detection & analysis",
            Phase::Containment => "Containment",
            Phase::Eradication => "Eradication",
            Phase::Recovery => "Recovery",
            Phase::PostIncident => "Post-incident",
        }
    }

    /// The NIST CSF 2.0 functions/categories this phase corresponds to (SP 800-61r3).
    pub fn csf(self) -> &'static str {
        match self {
            Phase::DetectionAnalysis => "DE.AE, RS.MA, RS.AN",
            Phase::Containment => "RS.MI-01, RS.CO",
            Phase::Eradication => "RS.MI-02",
            Phase::Recovery => "RC.RP, RC.CO",
            Phase::PostIncident => "ID.IM",
        }
    }
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Closed => "Closed",
        }
    }
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct Choice<T> {
    pub value: T,
    pub label: String,
    /// A one-line definition (severity) or framework mapping (phase); empty when none.
    pub detail: String,
}

/// Every vocabulary with its labels, fetched once by the UI.
#[derive(Debug, Clone, Serialize, Type)]
pub struct Catalog {
    pub incident_types: Vec<Choice<IncidentType>>,
    pub severities: Vec<Choice<Severity>>,
    pub phases: Vec<Choice<Phase>>,
    pub statuses: Vec<Choice<Status>>,
    pub sections: Vec<Choice<Section>>,
    pub roles: Vec<Choice<Role>>,
    /// `detail` is the yes/no question the fact answers.
    pub facts: Vec<Choice<Fact>>,
    pub step_states: Vec<Choice<StepState>>,
}

pub fn catalog() -> Catalog {
    fn choices<T: Copy>(
        all: &[T],
        label: impl Fn(T) -> &'static str,
        detail: impl Fn(T) -> &'static str,
    ) -> Vec<Choice<T>> {
        all.iter()
            .map(|&v| Choice {
                value: v,
                label: label(v).into(),
                detail: detail(v).into(),
            })
            .collect()
    }
    Catalog {
        incident_types: choices(IncidentType::ALL, IncidentType::label, |_| ""),
        severities: choices(Severity::ALL, Severity::label, Severity::definition),
        phases: choices(Phase::ALL, Phase::label, Phase::csf),
        statuses: choices(Status::ALL, Status::label, |_| ""),
        sections: choices(Section::ALL, Section::label, |_| ""),
        roles: choices(Role::ALL, Role::label, |_| ""),
        facts: choices(Fact::ALL, Fact::label, Fact::question),
        step_states: choices(StepState::ALL, StepState::label, |_| ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_aliases_parse() {
        for t in IncidentType::ALL {
            assert_eq!(t.code().parse::<IncidentType>().ok(), Some(*t));
        }
        assert_eq!(
            "BEC".parse::<IncidentType>().ok(),
            Some(IncidentType::BusinessEmailCompromise)
        );
        assert_eq!(
            "supply-chain".parse::<IncidentType>().ok(),
            Some(IncidentType::ThirdParty)
        );
        assert_eq!("SEV1".parse::<Severity>().ok(), Some(Severity::Sev1));
    }

    #[test]
    fn unknown_code_names_the_choices() {
        let err = "ransomwar"
            .parse::<IncidentType>()
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unknown incident type \"ransomwar\""), "{err}");
        assert!(err.contains("business_email_compromise"), "{err}");
    }

    #[test]
    fn serde_uses_the_stored_codes() -> Result<(), serde_json::Error> {
        assert_eq!(
            serde_json::to_string(&Phase::PostIncident)?,
            "\"post_incident\""
        );
        assert_eq!(
            serde_json::from_str::<Severity>("\"sev2\"")?,
            Severity::Sev2
        );
        Ok(())
    }

    #[test]
    fn severities_sort_worst_first() {
        let mut s = vec![Severity::Sev3, Severity::Sev1, Severity::Sev4];
        s.sort();
        assert_eq!(s, vec![Severity::Sev1, Severity::Sev3, Severity::Sev4]);
    }
}
