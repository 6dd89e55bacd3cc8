//! The investigation's fixed vocabularies, with the labels both front ends show.

coded_enum!(
    /// A file hashed on this machine, or evidence held elsewhere that is only described.
    EvidenceKind ("kind", "evidence kind") { File = "file", Reference = "reference" }
);

coded_enum!(
    /// The outcome of the latest re-verification of an evidence file's hash.
    EvidenceStatus ("status", "evidence status") {
        Unverified = "unverified",
        Intact = "intact",
        Mismatch = "mismatch",
        Missing = "missing",
    }
);

coded_enum!(
    /// What happened to an evidence item; the last two are written by re-verification only.
    CustodyAction ("action", "custody action") {
        Collected = "collected",
        Transferred = "transferred",
        Accessed = "accessed",
        Analysed = "analysed" | "analyzed",
        Returned = "returned",
        Destroyed = "destroyed",
        Verified = "verified",
        VerificationFailed = "verification_failed",
    }
);

coded_enum!(
    /// Traffic Light Protocol 2.0 label: who the indicator may be shared with.
    Tlp ("tlp", "TLP label") {
        Clear = "clear" | "white" | "tlp:clear" | "tlp:white",
        Green = "green" | "tlp:green",
        Amber = "amber" | "tlp:amber",
        AmberStrict = "amber_strict" | "amber+strict" | "tlp:amber+strict",
        Red = "red" | "tlp:red",
    }
);

coded_enum!(
    AssetKind ("kind", "asset kind") {
        Host = "host",
        Account = "account" | "user",
        Service = "service",
        DataStore = "data_store" | "database",
        Network = "network",
        Application = "application" | "app",
    }
);

coded_enum!(
    Compromise ("compromise", "compromise status") {
        Suspected = "suspected",
        Confirmed = "confirmed",
        Cleared = "cleared",
    }
);

coded_enum!(
    Containment ("containment", "containment status") {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Contained = "contained",
        NotNeeded = "not_needed",
    }
);

coded_enum!(
    HypothesisStatus ("status", "hypothesis status") {
        Open = "open",
        Supported = "supported",
        Refuted = "refuted",
    }
);

coded_enum!(
    ActionStatus ("status", "action item status") { Open = "open", Done = "done" }
);

coded_enum!(
    /// What a link starts from.
    LinkFrom ("from_kind", "link source") {
        Evidence = "evidence",
        Indicator = "indicator",
        Hypothesis = "hypothesis",
    }
);

coded_enum!(
    /// What a link points at.
    LinkTo ("to_kind", "link target") {
        TimelineEntry = "timeline_entry" | "entry",
        PlaybookStep = "playbook_step" | "step",
        Finding = "finding",
        Evidence = "evidence",
    }
);

impl CustodyAction {
    pub fn label(self) -> &'static str {
        use CustodyAction::*;
        match self {
            Collected => "Collected",
            Transferred => "Transferred",
            Accessed => "Accessed",
            Analysed => "Analysed",
            Returned => "Returned",
            Destroyed => "Destroyed",
            Verified => "Hash verified",
            VerificationFailed => "Hash verification FAILED",
        }
    }

    /// Responders record these; the verification outcomes only come from re-hashing.
    pub fn recordable(self) -> bool {
        !matches!(
            self,
            CustodyAction::Verified | CustodyAction::VerificationFailed
        )
    }
}

impl Tlp {
    pub fn label(self) -> &'static str {
        match self {
            Tlp::Clear => "TLP:CLEAR",
            Tlp::Green => "TLP:GREEN",
            Tlp::Amber => "TLP:AMBER",
            Tlp::AmberStrict => "TLP:AMBER+STRICT",
            Tlp::Red => "TLP:RED",
        }
    }
}

impl AssetKind {
    pub fn label(self) -> &'static str {
        match self {
            AssetKind::Host => "Host",
            AssetKind::Account => "Account",
            AssetKind::Service => "Service",
            AssetKind::DataStore => "Data store",
            AssetKind::Network => "Network",
            AssetKind::Application => "Application",
        }
    }
}

impl Compromise {
    pub fn label(self) -> &'static str {
        match self {
            Compromise::Suspected => "Suspected",
            Compromise::Confirmed => "Confirmed",
            Compromise::Cleared => "Cleared",
        }
    }
}

impl Containment {
    pub fn label(self) -> &'static str {
        match self {
            Containment::NotStarted => "Not contained",
            Containment::InProgress => "Containment in progress",
            Containment::Contained => "Contained",
            Containment::NotNeeded => "No containment needed",
        }
    }
}

impl HypothesisStatus {
    pub fn label(self) -> &'static str {
        match self {
            HypothesisStatus::Open => "Open",
            HypothesisStatus::Supported => "Supported",
            HypothesisStatus::Refuted => "Refuted",
        }
    }
}

/// Every investigation vocabulary with its labels, fetched once by the UI.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct InvestigationCatalog {
    pub ioc_types: Vec<crate::catalog::Choice<super::ioc::IocType>>,
    pub tlp: Vec<crate::catalog::Choice<Tlp>>,
    pub asset_kinds: Vec<crate::catalog::Choice<AssetKind>>,
    pub compromise: Vec<crate::catalog::Choice<Compromise>>,
    pub containment: Vec<crate::catalog::Choice<Containment>>,
    /// Only the actions a responder records by hand.
    pub custody_actions: Vec<crate::catalog::Choice<CustodyAction>>,
    pub hypothesis_statuses: Vec<crate::catalog::Choice<HypothesisStatus>>,
    /// `value` is the technique id, `label` its name.
    pub initial_access: Vec<crate::catalog::Choice<String>>,
}

pub fn catalog() -> InvestigationCatalog {
    use crate::catalog::Choice;
    fn choices<T: Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<Choice<T>> {
        all.iter()
            .map(|&v| Choice {
                value: v,
                label: label(v).into(),
                detail: String::new(),
            })
            .collect()
    }
    let recordable: Vec<CustodyAction> = CustodyAction::ALL
        .iter()
        .copied()
        .filter(|a| a.recordable())
        .collect();
    InvestigationCatalog {
        ioc_types: choices(super::ioc::IocType::ALL, super::ioc::IocType::label),
        tlp: choices(Tlp::ALL, Tlp::label),
        asset_kinds: choices(AssetKind::ALL, AssetKind::label),
        compromise: choices(Compromise::ALL, Compromise::label),
        containment: choices(Containment::ALL, Containment::label),
        custody_actions: choices(&recordable, CustodyAction::label),
        hypothesis_statuses: choices(HypothesisStatus::ALL, HypothesisStatus::label),
        initial_access: crate::timeline::attack::initial_access_techniques()
            .iter()
            .map(|(id, name)| Choice {
                value: (*id).to_owned(),
                label: (*name).to_owned(),
                detail: String::new(),
            })
            .collect(),
    }
}
