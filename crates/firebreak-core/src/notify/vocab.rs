//! The words notification facts and rules are written in: organisation profile flags, data
//! categories, key moments, and the yes/no/unknown answers. Rules name them by code, so a
//! typo in the rules file or a facts file is refused instead of silently never matching.

coded_enum!(
    /// What the organisation is, legally; kept in Settings and copied onto each incident.
    ProfileFlag ("profile", "organisation profile flag") {
        SecRegistrant = "sec_registrant",
        HipaaCoveredEntity = "hipaa_covered_entity",
        HipaaBusinessAssociate = "hipaa_business_associate",
        Nis2EssentialEntity = "nis2_essential_entity",
        Nis2ImportantEntity = "nis2_important_entity",
        Nis2TrustServiceProvider = "nis2_trust_service_provider",
        DoraFinancialEntity = "dora_financial_entity",
        NydfsCoveredEntity = "nydfs_covered_entity",
        CardMerchant = "card_merchant",
        CardServiceProvider = "card_service_provider",
        CertInEntity = "cert_in_entity",
        IndiaDataFiduciary = "india_data_fiduciary",
        AuAppEntity = "au_app_entity",
        AuSociResponsibleEntity = "au_soci_responsible_entity",
        AuBusinessOver3m = "au_business_over_3m",
        UsCriticalInfrastructure = "us_critical_infrastructure",
        ProcessorForAffectedData = "processor_for_affected_data",
        BrSmallAgent = "br_small_agent",
    }
);

impl ProfileFlag {
    pub fn label(self) -> &'static str {
        use ProfileFlag::*;
        match self {
            SecRegistrant => "SEC registrant (files with the US SEC)",
            HipaaCoveredEntity => "HIPAA covered entity",
            HipaaBusinessAssociate => "HIPAA business associate",
            Nis2EssentialEntity => "NIS2 essential entity",
            Nis2ImportantEntity => "NIS2 important entity",
            Nis2TrustServiceProvider => "NIS2 trust service provider",
            DoraFinancialEntity => "DORA financial entity",
            NydfsCoveredEntity => "NYDFS covered entity (23 NYCRR 500)",
            CardMerchant => "Payment card merchant",
            CardServiceProvider => "Payment card service provider",
            CertInEntity => "Service provider or body corporate in India (CERT-In)",
            IndiaDataFiduciary => "Data fiduciary under India's DPDP Act",
            AuAppEntity => "APP entity under Australia's Privacy Act",
            AuSociResponsibleEntity => "Responsible entity for an Australian critical asset (SOCI)",
            AuBusinessOver3m => "Business with Australian turnover over A$3 million",
            UsCriticalInfrastructure => "US critical-infrastructure entity (CIRCIA)",
            ProcessorForAffectedData => {
                "We process the affected data for another organisation (processor)"
            }
            BrSmallAgent => "Small processing agent under Brazil's LGPD",
        }
    }
}

coded_enum!(
    /// What kind of data the incident touched.
    DataCategory ("data_categories", "data category") {
        PersonalData = "personal_data",
        SpecialCategory = "special_category",
        Health = "health",
        Genetic = "genetic",
        Biometric = "biometric",
        PaymentCard = "payment_card",
        FinancialAccount = "financial_account",
        AccountCredentials = "account_credentials" | "credentials",
        GovernmentId = "government_id",
        Children = "children",
    }
);

impl DataCategory {
    pub fn label(self) -> &'static str {
        use DataCategory::*;
        match self {
            PersonalData => "Personal data",
            SpecialCategory => "Special-category data (GDPR Art. 9)",
            Health => "Health information",
            Genetic => "Genetic data",
            Biometric => "Biometric data",
            PaymentCard => "Payment card data",
            FinancialAccount => "Financial account numbers",
            AccountCredentials => "Account credentials (username and password)",
            GovernmentId => "Government identifiers (SSN, passport, driving licence)",
            Children => "Children's data",
        }
    }
}

coded_enum!(
    /// The moments that start regulatory clocks; each is recorded with its own time.
    KeyMoment ("trigger", "key moment") {
        Detected = "detected",
        AwarePersonalDataBreach = "aware_personal_data_breach",
        BreachDetermined = "breach_determined",
        MaterialityDetermined = "materiality_determined",
        ClassifiedMajor = "classified_major",
        RansomPaid = "ransom_paid",
    }
);

impl KeyMoment {
    pub fn label(self) -> &'static str {
        use KeyMoment::*;
        match self {
            Detected => "Detected",
            AwarePersonalDataBreach => "Became aware of a personal-data breach",
            BreachDetermined => "Determined that a breach occurred",
            MaterialityDetermined => "Determined the incident is material",
            ClassifiedMajor => "Classified as major / significant",
            RansomPaid => "Ransom paid",
        }
    }
}

coded_enum!(
    /// A fact that may not be known yet; unknown never silently counts as "no".
    Answer ("answer", "answer") { Unknown = "unknown", Yes = "yes" | "y" | "true", No = "no" | "n" | "false" }
);

// coded_enum! fixes the derive list, so Default cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for Answer {
    fn default() -> Self {
        Answer::Unknown
    }
}

coded_enum!(
    /// The assessed risk to the people whose data was affected (GDPR's scale).
    RiskLevel ("risk_to_people", "risk level") {
        Unknown = "unknown",
        Unlikely = "unlikely" | "none",
        Risk = "risk",
        High = "high",
    }
);

// coded_enum! fixes the derive list, so Default cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for RiskLevel {
    fn default() -> Self {
        RiskLevel::Unknown
    }
}

coded_enum!(
    /// Impact on an Australian critical asset's service (SOCI Act): decides 12 h or 72 h.
    ServiceImpact ("critical_service_impact", "service impact") {
        Unknown = "unknown",
        None = "none",
        Relevant = "relevant",
        Significant = "significant",
    }
);

// coded_enum! fixes the derive list, so Default cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for ServiceImpact {
    fn default() -> Self {
        ServiceImpact::Unknown
    }
}
