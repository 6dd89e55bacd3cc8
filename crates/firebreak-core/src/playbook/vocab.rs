//! The closed vocabularies a playbook may use. Lint rejects anything else, so a typo in a
//! custom playbook can never silently hide a step.

coded_enum!(
    /// Where a step sits in the response, in display order.
    Section ("section", "section") {
        Triage = "triage",
        Containment = "containment",
        Investigation = "investigation" | "root_cause",
        Notification = "notification" | "communication",
        EradicationRecovery = "eradication_recovery",
        PostIncident = "post_incident",
    }
);

coded_enum!(
    /// Who owns a step.
    Role ("owner", "role") {
        Commander = "commander",
        Scribe = "scribe",
        ItOps = "it_ops",
        Forensics = "forensics",
        Legal = "legal",
        Comms = "comms",
        Executive = "executive",
        Hr = "hr",
    }
);

coded_enum!(
    /// Yes/no facts about an incident that decide whether conditional steps apply.
    Fact ("fact", "fact") {
        PersonalDataInvolved = "personal_data_involved",
        HealthDataInvolved = "health_data_involved",
        PaymentCardDataInvolved = "payment_card_data_involved",
        DataExfiltrated = "data_exfiltrated",
        RansomDemanded = "ransom_demanded",
        RansomPaymentConsidered = "ransom_payment_considered",
        PubliclyTraded = "publicly_traded",
        RegulatedEntity = "regulated_entity",
        LawEnforcementEngaged = "law_enforcement_engaged",
        FundsTransferred = "funds_transferred",
        CyberInsurance = "cyber_insurance",
        DeviceEncrypted = "device_encrypted",
        ThirdPartyInvolved = "third_party_involved",
        SuspectStillHasAccess = "suspect_still_has_access",
        ServiceOutage = "service_outage",
    }
);

impl Section {
    pub fn label(self) -> &'static str {
        match self {
            Section::Triage => "Triage",
            Section::Containment => "Containment",
            Section::Investigation => "Investigation & root cause",
            Section::Notification => "Notification & communication",
            Section::EradicationRecovery => "Eradication & recovery",
            Section::PostIncident => "Post-incident",
        }
    }
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Commander => "Incident commander",
            Role::Scribe => "Scribe",
            Role::ItOps => "IT / operations",
            Role::Forensics => "Forensics",
            Role::Legal => "Legal",
            Role::Comms => "Communications",
            Role::Executive => "Executive",
            Role::Hr => "HR",
        }
    }
}

impl Fact {
    pub fn label(self) -> &'static str {
        match self {
            Fact::PersonalDataInvolved => "Personal data involved",
            Fact::HealthDataInvolved => "Health data involved",
            Fact::PaymentCardDataInvolved => "Payment card data involved",
            Fact::DataExfiltrated => "Data exfiltrated",
            Fact::RansomDemanded => "Ransom demanded",
            Fact::RansomPaymentConsidered => "Ransom payment considered",
            Fact::PubliclyTraded => "Publicly traded",
            Fact::RegulatedEntity => "Regulated entity",
            Fact::LawEnforcementEngaged => "Law enforcement engaged",
            Fact::FundsTransferred => "Funds transferred",
            Fact::CyberInsurance => "Cyber insurance",
            Fact::DeviceEncrypted => "Device encrypted",
            Fact::ThirdPartyInvolved => "Third party involved",
            Fact::SuspectStillHasAccess => "Suspect still has access",
            Fact::ServiceOutage => "Service outage",
        }
    }

    /// The question a responder answers yes or no to.
    pub fn question(self) -> &'static str {
        match self {
            Fact::PersonalDataInvolved => "Personal data may have been accessed, altered or taken",
            Fact::HealthDataInvolved => "Health information (PHI) may be involved",
            Fact::PaymentCardDataInvolved => "Payment card data may be involved",
            Fact::DataExfiltrated => "Data was, or may have been, taken out",
            Fact::RansomDemanded => "A ransom or extortion demand was made",
            Fact::RansomPaymentConsidered => {
                "Paying a ransom or extortion demand is being considered"
            }
            Fact::PubliclyTraded => "The organisation is an SEC registrant / publicly traded",
            Fact::RegulatedEntity => {
                "The organisation is a NIS2, DORA, NYDFS or similarly regulated entity"
            }
            Fact::LawEnforcementEngaged => "Law enforcement is engaged",
            Fact::FundsTransferred => "Money has already been transferred",
            Fact::CyberInsurance => "A cyber insurance policy may respond",
            Fact::DeviceEncrypted => "The device was fully encrypted and its keys are safe",
            Fact::ThirdPartyInvolved => "A vendor, supplier or service provider is involved",
            Fact::SuspectStillHasAccess => "The suspected insider still has access",
            Fact::ServiceOutage => "Customer-facing services are down or degraded",
        }
    }
}
