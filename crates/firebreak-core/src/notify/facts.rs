//! The incident facts that decide which notification obligations apply and when their clocks
//! start. The same JSON shape is the CLI's `--facts FILE.json` and the IPC payload, and all
//! validation happens while deserialising, so a bad facts file is reported with its line and
//! column (documented in docs/notifications.md).

use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize};
use specta::Type;

use super::jurisdiction;
use super::vocab::{Answer, DataCategory, KeyMoment, ProfileFlag, RiskLevel, ServiceImpact};
use crate::time::Moment;
use crate::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct NotificationFacts {
    #[serde(default, deserialize_with = "unique_jurisdictions")]
    #[specta(type = Vec<AffectedJurisdiction>)]
    pub jurisdictions: Vec<AffectedJurisdiction>,
    #[serde(default)]
    pub data_categories: Vec<DataCategory>,
    /// Whether the affected data was encrypted…
    #[serde(default)]
    pub encrypted: Answer,
    /// …and the keys were not compromised with it (the usual safe harbour needs both).
    #[serde(default)]
    pub keys_safe: Answer,
    #[serde(default)]
    pub risk_to_people: RiskLevel,
    /// Real risk of significant harm (PIPEDA), serious harm (Australia), significant harm
    /// (Singapore): the assessments that make those regimes notifiable.
    #[serde(default)]
    pub significant_harm: Answer,
    #[serde(default)]
    pub critical_service_impact: ServiceImpact,
    #[serde(default)]
    pub profile: OrgProfile,
    #[serde(default)]
    pub moments: KeyMoments,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct AffectedJurisdiction {
    /// `DE`, `GB`, `US-TX`, or `EU` when the member state is not known yet.
    #[serde(deserialize_with = "jurisdiction_code")]
    #[specta(type = String)]
    pub code: String,
    /// How many affected people live there; `null` while unknown.
    #[serde(default)]
    pub people: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct OrgProfile {
    #[serde(default)]
    pub flags: Vec<ProfileFlag>,
    /// IANA zone of the organisation's home office: day-counted deadlines without a zone of
    /// their own end at midnight there.
    #[serde(default, deserialize_with = "zone_name")]
    #[specta(type = Option<String>)]
    pub home_zone: Option<String>,
    /// Whether the organisation (as controller) has its main establishment in the EU/EEA: it
    /// decides between one lead supervisory authority and every authority where affected
    /// people live (GDPR one-stop shop; an EU representative does not count). Files and
    /// profiles saved before this field existed read as unknown.
    #[serde(default)]
    pub eu_main_establishment: Answer,
    /// The member state of that main establishment (ISO code, e.g. `IE`), when known.
    #[serde(default, deserialize_with = "eea_state")]
    #[specta(type = Option<String>)]
    pub eu_main_establishment_state: Option<String>,
}

impl OrgProfile {
    /// The member state of the main establishment, only when there is one.
    pub fn main_establishment_state(&self) -> Option<&str> {
        match self.eu_main_establishment {
            Answer::Yes => self.eu_main_establishment_state.as_deref(),
            _ => None,
        }
    }
}

/// When each clock-starting moment happened, in the offset it was given in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct KeyMoments {
    #[serde(default)]
    pub detected: Option<Moment>,
    #[serde(default)]
    pub aware_personal_data_breach: Option<Moment>,
    #[serde(default)]
    pub breach_determined: Option<Moment>,
    #[serde(default)]
    pub materiality_determined: Option<Moment>,
    #[serde(default)]
    pub classified_major: Option<Moment>,
    #[serde(default)]
    pub ransom_paid: Option<Moment>,
}

impl KeyMoments {
    pub fn get(&self, m: KeyMoment) -> Option<Moment> {
        match m {
            KeyMoment::Detected => self.detected,
            KeyMoment::AwarePersonalDataBreach => self.aware_personal_data_breach,
            KeyMoment::BreachDetermined => self.breach_determined,
            KeyMoment::MaterialityDetermined => self.materiality_determined,
            KeyMoment::ClassifiedMajor => self.classified_major,
            KeyMoment::RansomPaid => self.ransom_paid,
        }
    }
}

fn jurisdiction_code<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<String, D::Error> {
    let raw = String::deserialize(d)?;
    jurisdiction::normalise(&raw).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "unknown jurisdiction {raw:?}: use an ISO 3166-1 country code (DE, GB, BR…), a US \
             state as US-XX (US-CA), or EU"
        ))
    })
}

fn unique_jurisdictions<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<AffectedJurisdiction>, D::Error> {
    let list = Vec::<AffectedJurisdiction>::deserialize(d)?;
    let mut seen = BTreeSet::new();
    for j in &list {
        if !seen.insert(j.code.as_str()) {
            return Err(serde::de::Error::custom(format!(
                "{} ({}) is listed twice in jurisdictions",
                j.code,
                jurisdiction::name(&j.code)
            )));
        }
    }
    Ok(list)
}

fn eea_state<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(None);
    };
    jurisdiction::normalise(&raw)
        .filter(|c| c != "EU" && jurisdiction::within(c, "EEA"))
        .map(Some)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "{raw:?} is not an EU/EEA member state: use its ISO code (IE, DE, NL…)"
            ))
        })
}

fn zone_name<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    let raw: Option<String> = Option::deserialize(d)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(z) => z
            .parse::<chrono_tz::Tz>()
            .map(|tz| Some(tz.name().to_owned()))
            .map_err(|_| {
                serde::de::Error::custom(format!(
                    "unknown time zone {z:?}: use an IANA name such as Europe/Berlin"
                ))
            }),
    }
}

impl NotificationFacts {
    /// Reads a facts file; errors name the file, line and column.
    pub fn from_json(file: &str, text: &str) -> Result<Self> {
        if text.len() as u64 > crate::files::caps::FACTS {
            let cap = crate::files::caps::FACTS;
            return Err(crate::files::too_large(
                "facts file",
                text.len() as u64,
                cap,
            ));
        }
        serde_json::from_str(text).map_err(|e| Error::BadFile {
            file: file.to_owned(),
            line: e.line() as u64,
            column: e.column() as u64,
            message: strip_position(&e.to_string()).to_owned(),
        })
    }

    /// Every specific category is personal data too, so rules need only ask for that.
    pub fn has_data(&self, wanted: DataCategory) -> bool {
        self.data_categories.contains(&wanted)
            || (wanted == DataCategory::PersonalData && !self.data_categories.is_empty())
    }

    pub fn has_flag(&self, flag: ProfileFlag) -> bool {
        self.profile.flags.contains(&flag)
    }
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |i| &message[..i])
}
