//! Table-driven tests of the built-in rules: the deadline arithmetic the issue names, and one
//! row per rule so a rule added to the file without a test fails here.

use super::derive::SentTimes;
use super::facts::{AffectedJurisdiction, NotificationFacts};
use super::model::{Applicability, Obligation};
use super::obligations::for_facts;
use super::rules::built_in;
use super::vocab::{Answer, DataCategory as D, ProfileFlag as P, RiskLevel, ServiceImpact};
use crate::time::{parse_moment, Moment};
use crate::Result;

pub(super) fn at(s: &str) -> Moment {
    parse_moment("test", s).unwrap_or_default()
}

pub(super) fn place(code: &str, people: u32) -> AffectedJurisdiction {
    AffectedJurisdiction {
        code: code.into(),
        people: Some(people),
    }
}

fn facts(flags: &[P], places: &[(&str, u32)], data: &[D]) -> NotificationFacts {
    let mut f = NotificationFacts::default();
    f.profile.flags = flags.to_vec();
    f.jurisdictions = places.iter().map(|(c, n)| place(c, *n)).collect();
    f.data_categories = data.to_vec();
    f.encrypted = Answer::No;
    f.risk_to_people = RiskLevel::High;
    f.significant_harm = Answer::Yes;
    f
}

fn find<'a>(list: &'a [Obligation], id: &str) -> Option<&'a Obligation> {
    list.iter().find(|o| o.rule_id == id)
}

fn due_of(f: &NotificationFacts, id: &str) -> Result<Option<String>> {
    let view = for_facts(f)?;
    let o = find(&view.obligations, id);
    assert!(
        o.is_some(),
        "{id} should apply; got {:?}",
        ids(&view.obligations)
    );
    Ok(o.and_then(|o| o.due_utc).map(|d| d.to_rfc3339()))
}

fn ids(list: &[Obligation]) -> Vec<&str> {
    list.iter().map(|o| o.rule_id.as_str()).collect()
}

#[test]
fn built_in_rules_parse() -> Result<()> {
    let set = built_in()?;
    assert!(set.rules.len() >= 40, "{} rules", set.rules.len());
    for regime in [
        "GDPR",
        "UK GDPR",
        "NIS2",
        "DORA",
        "SEC",
        "HIPAA",
        "NYDFS",
        "CIRCIA",
        "PCI DSS",
        "CERT-In",
        "DPDP",
        "AU NDB",
        "AU SOCI",
        "AU CSA",
        "PIPEDA",
        "PDPA",
        "LGPD",
        "Colorado",
        "Florida",
        "Washington",
        "Texas",
    ] {
        assert!(
            set.rules.iter().any(|r| r.regime == regime),
            "no rule for {regime}"
        );
    }
    Ok(())
}

fn sec(determined: &str) -> NotificationFacts {
    let mut f = facts(&[P::SecRegistrant], &[], &[]);
    f.moments.materiality_determined = Some(at(determined));
    f
}

#[test]
fn sec_8k_counts_federal_business_days_to_1730_eastern() -> Result<()> {
    // Wednesday before Thanksgiving: Thu 26 is a holiday; Fri, Mon, Tue, Wed → 2 Dec.
    let due = due_of(&sec("2026-11-25T10:00:00-05:00"), "sec-8k-item-1-05")?;
    assert_eq!(due.as_deref(), Some("2026-12-02T22:30:00+00:00"));
    // Thursday 2 July 2026: 4 July is a Saturday, observed Friday 3 July.
    let due = due_of(&sec("2026-07-02T09:00:00-04:00"), "sec-8k-item-1-05")?;
    assert_eq!(due.as_deref(), Some("2026-07-09T21:30:00+00:00"));
    // 21:00 Eastern on Monday is Tuesday in UTC; day 0 is still Monday in New York.
    let due = due_of(&sec("2026-03-10T01:00:00Z"), "sec-8k-item-1-05")?;
    assert_eq!(due.as_deref(), Some("2026-03-13T21:30:00+00:00"));
    Ok(())
}

#[test]
fn gdpr_72_hours_run_through_a_weekend_and_a_dst_change() -> Result<()> {
    let mut f = facts(&[], &[("DE", 1200)], &[D::PersonalData]);
    f.profile.home_zone = Some("Europe/Berlin".into());
    f.moments.aware_personal_data_breach = Some(at("2026-10-23T10:00:00+02:00"));
    let view = for_facts(&f)?;
    let o = find(&view.obligations, "gdpr-33-authority");
    let due = o.and_then(|o| o.due_utc).map(|d| d.to_rfc3339());
    assert_eq!(due.as_deref(), Some("2026-10-26T08:00:00+00:00"));
    // Summer time ended on the Sunday: Monday 09:00 in Berlin, not 10:00.
    let local = o.and_then(|o| o.due_local).map(|d| d.to_rfc3339());
    assert_eq!(local.as_deref(), Some("2026-10-26T09:00:00+01:00"));
    Ok(())
}

#[test]
fn hipaa_60_calendar_days_to_the_end_of_the_day() -> Result<()> {
    let mut f = facts(&[P::HipaaCoveredEntity], &[("US-NY", 120)], &[D::Health]);
    f.profile.home_zone = Some("America/New_York".into());
    f.moments.breach_determined = Some(at("2026-01-10T15:00:00-05:00"));
    f.moments.detected = Some(at("2026-01-10T15:00:00-05:00"));
    f.moments.aware_personal_data_breach = Some(at("2026-01-10T15:00:00-05:00"));
    let due = due_of(&f, "hipaa-individuals")?;
    assert_eq!(due.as_deref(), Some("2026-03-12T03:59:59.999999+00:00"));
    Ok(())
}

#[test]
fn lgpd_three_working_days_skip_a_national_holiday() -> Result<()> {
    let mut f = facts(&[], &[("BR", 40)], &[D::PersonalData]);
    f.moments.aware_personal_data_breach = Some(at("2026-11-19T10:00:00-03:00"));
    f.moments.breach_determined = Some(at("2026-11-19T10:00:00-03:00"));
    // Friday 20 Nov is Black Consciousness Day: Mon 23, Tue 24, Wed 25.
    let due = due_of(&f, "lgpd-anpd")?;
    assert_eq!(due.as_deref(), Some("2026-11-26T02:59:59.999999+00:00"));
    Ok(())
}

#[test]
fn texas_attorney_general_only_from_250_residents() -> Result<()> {
    let base = |n| {
        let mut f = facts(&[], &[("US-TX", n)], &[D::GovernmentId]);
        f.moments.breach_determined = Some(at("2026-05-04T12:00:00-05:00"));
        f
    };
    let below = for_facts(&base(249))?;
    assert!(find(&below.obligations, "texas-attorney-general").is_none());
    assert!(find(&below.obligations, "texas-individuals").is_some());
    let at_threshold = for_facts(&base(250))?;
    assert!(find(&at_threshold.obligations, "texas-attorney-general").is_some());
    // Unknown head count: shown as possible, never silently dropped.
    let mut unknown = base(0);
    unknown.jurisdictions[0].people = None;
    let view = for_facts(&unknown)?;
    let o = find(&view.obligations, "texas-attorney-general");
    assert_eq!(o.map(|o| o.applicability), Some(Applicability::Possible));
    Ok(())
}

#[test]
fn nydfs_ransom_payment_within_24_hours() -> Result<()> {
    let mut f = facts(&[P::NydfsCoveredEntity], &[("US-NY", 10)], &[]);
    let view = for_facts(&f)?;
    assert!(find(&view.obligations, "nydfs-ransom-payment-notice").is_none());
    f.moments.ransom_paid = Some(at("2026-11-20T12:00:00Z"));
    let due = due_of(&f, "nydfs-ransom-payment-notice")?;
    assert_eq!(due.as_deref(), Some("2026-11-21T12:00:00+00:00"));
    Ok(())
}

#[test]
fn undue_delay_rules_have_no_made_up_number() -> Result<()> {
    let mut f = facts(&[], &[("DE", 5)], &[D::PersonalData]);
    f.moments.aware_personal_data_breach = Some(at("2026-10-23T10:00:00+02:00"));
    let view = for_facts(&f)?;
    let o = find(&view.obligations, "gdpr-34-individuals");
    assert!(o.is_some_and(|o| o.due_utc.is_none() && !o.deadline.is_empty()));
    Ok(())
}

#[test]
fn encryption_safe_harbour_removes_individual_notices() -> Result<()> {
    let mut f = facts(&[], &[("DE", 5)], &[D::PersonalData]);
    f.encrypted = Answer::Yes;
    f.keys_safe = Answer::Yes;
    let view = for_facts(&f)?;
    assert!(find(&view.obligations, "gdpr-34-individuals").is_none());
    assert!(find(&view.obligations, "gdpr-33-authority").is_some());
    f.keys_safe = Answer::Unknown;
    let view = for_facts(&f)?;
    let o = find(&view.obligations, "gdpr-34-individuals");
    assert_eq!(o.map(|o| o.applicability), Some(Applicability::Possible));
    Ok(())
}

#[test]
fn follow_ups_start_when_the_first_report_is_sent() -> Result<()> {
    let mut f = facts(&[P::Nis2EssentialEntity], &[("FR", 0)], &[]);
    f.moments.classified_major = Some(at("2026-11-02T08:00:00+01:00"));
    let set = built_in()?;
    let mut sent = SentTimes::new();
    let list = super::obligations::derive(set, &f, &sent);
    let final_report = list.iter().find(|d| d.rule.id == "nis2-final-report");
    assert!(final_report.is_some_and(|d| d.due.is_none()));
    sent.insert(
        "nis2-incident-notification".into(),
        at("2026-11-04T18:00:00+01:00"),
    );
    let list = super::obligations::derive(set, &f, &sent);
    let due = list
        .iter()
        .find(|d| d.rule.id == "nis2-final-report")
        .and_then(|d| d.due);
    assert!(
        due.is_some_and(|d| d.to_rfc3339().starts_with("2026-12-04")),
        "{due:?}"
    );
    Ok(())
}

/// Everything true at once: every rule not excluded by design applies.
fn kitchen_sink() -> NotificationFacts {
    let flags: Vec<P> = P::ALL
        .iter()
        .copied()
        .filter(|p| !matches!(p, P::ProcessorForAffectedData | P::BrSmallAgent))
        .collect();
    let places: Vec<(&str, u32)> = [
        "DE", "GB", "IN", "AU", "CA", "SG", "BR", "US-CO", "US-FL", "US-WA", "US-TX", "US-NY",
        "US-CA",
    ]
    .into_iter()
    .map(|c| (c, 20_000))
    .collect();
    let mut f = facts(&flags, &places, D::ALL);
    f.critical_service_impact = ServiceImpact::Significant;
    let t = at("2026-03-02T09:00:00Z");
    f.moments = super::facts::KeyMoments {
        detected: Some(t),
        aware_personal_data_breach: Some(t),
        breach_determined: Some(t),
        materiality_determined: Some(t),
        classified_major: Some(t),
        ransom_paid: Some(t),
    };
    f
}

/// The kitchen sink, plus the facts that turn on what it excludes by design: small agents,
/// "relevant" SOCI impact and small head counts, and acting as a processor.
fn variants() -> [NotificationFacts; 3] {
    let mut small = kitchen_sink();
    small
        .profile
        .flags
        .retain(|p| *p != P::Nis2TrustServiceProvider);
    small.profile.flags.push(P::BrSmallAgent);
    small.critical_service_impact = ServiceImpact::Relevant;
    for j in &mut small.jurisdictions {
        j.people = Some(30);
    }
    let mut processor = kitchen_sink();
    processor.profile.flags.push(P::ProcessorForAffectedData);
    [kitchen_sink(), small, processor]
}

#[test]
fn every_rule_applies_to_some_facts() -> Result<()> {
    let set = built_in()?;
    let variants = variants();
    let sent: SentTimes = set
        .rules
        .iter()
        .map(|r| (r.id.clone(), at("2026-03-03T09:00:00Z")))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for f in &variants {
        for d in super::obligations::derive(set, f, &sent) {
            seen.insert(d.rule.id.clone());
        }
    }
    let missing: Vec<&str> = set
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !seen.contains(*id))
        .collect();
    assert!(missing.is_empty(), "rules that never apply: {missing:?}");
    Ok(())
}

/// Due times for the kitchen-sink facts (every moment at Monday 2 March 2026 09:00 UTC, every
/// report sent a day later), checked by hand against each rule's counting when written.
const EXPECTED_DUE: &[(&str, Option<&str>)] = &[
    ("au-csa-ransom-payment", Some("2026-03-05T09:00:00+00:00")),
    (
        "au-ndb-assessment",
        Some("2026-04-01T23:59:59.999999+00:00"),
    ),
    ("au-ndb-individuals", None),
    ("au-ndb-oaic-statement", None),
    ("au-soci-relevant-impact", Some("2026-03-05T09:00:00+00:00")),
    (
        "au-soci-significant-impact",
        Some("2026-03-02T21:00:00+00:00"),
    ),
    ("cert-in-6h", Some("2026-03-02T15:00:00+00:00")),
    ("circia-covered-incident", Some("2026-03-05T09:00:00+00:00")),
    ("circia-ransom-payment", Some("2026-03-03T09:00:00+00:00")),
    (
        "colorado-attorney-general",
        Some("2026-04-02T05:59:59.999999+00:00"),
    ),
    ("colorado-credit-bureaus", None),
    (
        "colorado-residents",
        Some("2026-04-02T05:59:59.999999+00:00"),
    ),
    ("dora-final", Some("2026-04-03T23:59:59.999999+00:00")),
    ("dora-initial", Some("2026-03-02T13:00:00+00:00")),
    ("dora-intermediate", Some("2026-03-06T09:00:00+00:00")),
    (
        "dpdp-board-detailed-report",
        Some("2026-03-05T09:00:00+00:00"),
    ),
    ("dpdp-board-initial", None),
    ("dpdp-individuals", None),
    (
        "eu-omnibus-authority-proposed",
        Some("2026-03-06T09:00:00+00:00"),
    ),
    ("florida-credit-bureaus", None),
    (
        "florida-individuals",
        Some("2026-04-02T03:59:59.999999+00:00"),
    ),
    (
        "florida-legal-affairs",
        Some("2026-04-02T03:59:59.999999+00:00"),
    ),
    ("gdpr-33-authority", Some("2026-03-05T09:00:00+00:00")),
    ("gdpr-34-individuals", None),
    (
        "hipaa-business-associate",
        Some("2026-05-01T23:59:59.999999+00:00"),
    ),
    (
        "hipaa-hhs-500-or-more",
        Some("2026-05-01T23:59:59.999999+00:00"),
    ),
    (
        "hipaa-individuals",
        Some("2026-05-01T23:59:59.999999+00:00"),
    ),
    ("hipaa-media", Some("2026-05-01T23:59:59.999999+00:00")),
    ("lgpd-anpd", Some("2026-03-06T02:59:59.999999+00:00")),
    (
        "lgpd-anpd-small-agent",
        Some("2026-03-11T02:59:59.999999+00:00"),
    ),
    (
        "lgpd-data-subjects",
        Some("2026-03-06T02:59:59.999999+00:00"),
    ),
    (
        "lgpd-data-subjects-small-agent",
        Some("2026-03-11T02:59:59.999999+00:00"),
    ),
    ("nis2-early-warning", Some("2026-03-03T09:00:00+00:00")),
    (
        "nis2-final-report",
        Some("2026-04-03T23:59:59.999999+00:00"),
    ),
    (
        "nis2-incident-notification",
        Some("2026-03-05T09:00:00+00:00"),
    ),
    (
        "nis2-trust-service-final-report",
        Some("2026-04-03T23:59:59.999999+00:00"),
    ),
    (
        "nis2-trust-service-notification",
        Some("2026-03-03T09:00:00+00:00"),
    ),
    (
        "nydfs-ransom-payment-explanation",
        Some("2026-04-01T23:59:59.999999+00:00"),
    ),
    (
        "nydfs-ransom-payment-notice",
        Some("2026-03-03T09:00:00+00:00"),
    ),
    ("nydfs-superintendent", Some("2026-03-05T09:00:00+00:00")),
    ("pci-acquirer-and-brands", None),
    (
        "pci-visa-affected-accounts",
        Some("2026-03-16T23:59:59.999999+00:00"),
    ),
    (
        "pci-visa-incident-report",
        Some("2026-03-05T23:59:59.999999+00:00"),
    ),
    ("pdpa-individuals", None),
    ("pdpa-pdpc", Some("2026-03-05T15:59:59.999999+00:00")),
    ("pipeda-commissioner", None),
    ("pipeda-individuals", None),
    ("running", Some("test")),
    ("sec-8k-item-1-05", Some("2026-03-06T22:30:00+00:00")),
    ("test", Some("...")),
    ("test", Some("ok.")),
    (
        "texas-attorney-general",
        Some("2026-04-02T04:59:59.999999+00:00"),
    ),
    ("texas-credit-bureaus", None),
    (
        "texas-individuals",
        Some("2026-05-02T04:59:59.999999+00:00"),
    ),
    ("uk-gdpr-ico", Some("2026-03-05T09:00:00+00:00")),
    ("uk-gdpr-individuals", None),
    (
        "washington-attorney-general",
        Some("2026-04-02T06:59:59.999999+00:00"),
    ),
    ("washington-credit-bureaus", None),
    (
        "washington-residents",
        Some("2026-04-02T06:59:59.999999+00:00"),
    ),
    ("gdpr-33-processor-to-controller", None),
    (
        "hipaa-hhs-under-500",
        Some("2027-03-01T23:59:59.999999+00:00"),
    ),
];

#[test]
fn every_rule_has_its_due_time() -> Result<()> {
    let set = built_in()?;
    let sent: SentTimes = set
        .rules
        .iter()
        .map(|r| (r.id.clone(), at("2026-03-03T09:00:00Z")))
        .collect();
    let mut got = std::collections::BTreeMap::new();
    for f in variants() {
        for d in super::obligations::derive(set, &f, &sent) {
            got.insert(d.rule.id.clone(), d.due.map(|x| x.to_rfc3339()));
        }
    }
    for rule in &set.rules {
        let expected = EXPECTED_DUE.iter().find(|(id, _)| *id == rule.id);
        assert!(expected.is_some(), "{} has no row in EXPECTED_DUE", rule.id);
        let want = expected.and_then(|(_, due)| *due);
        assert_eq!(
            got.get(&rule.id).cloned().flatten().as_deref(),
            want,
            "{}",
            rule.id
        );
    }
    Ok(())
}
