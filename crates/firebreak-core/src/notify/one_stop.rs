//! GDPR's one-stop shop. A controller with its main establishment in the EU/EEA reports to one
//! lead supervisory authority; one without (an EU representative does not change that, EDPB
//! Guidelines 9/2022) reports to every supervisory authority of a member state where affected
//! people live. Each of those reports is its own obligation, with its own decision, keyed
//! `<rule-id>@<state>`. While the answer is unknown the single obligation stays and says so;
//! every variant keeps the rule's clock, so none is ever due later than the law allows.

use super::facts::NotificationFacts;
use super::jurisdiction;
use super::rules::Rule;
use super::vocab::Answer;

/// One obligation drawn from a rule: its id, title and recipient, and a reason to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub id: String,
    pub title: String,
    pub recipient: String,
    pub reason: Option<String>,
}

const NO_MAIN: &str = "no EU main establishment: every supervisory authority where affected \
people live is told, each within the same deadline (an EU representative does not make one \
lead authority)";

/// The obligations a rule gives for these facts (one unless the rule is a one-stop-shop rule
/// and the organisation has no EU main establishment).
pub fn variants(rule: &Rule, f: &NotificationFacts) -> Vec<Variant> {
    if !rule.one_stop_shop {
        return vec![plain(rule, None)];
    }
    match f.profile.eu_main_establishment {
        Answer::Yes => {
            let (recipient, reason) = match f.profile.main_establishment_state() {
                Some(s) => (
                    format!("Lead supervisory authority ({})", jurisdiction::name(s)),
                    format!(
                        "main establishment in {}: its authority leads",
                        jurisdiction::name(s)
                    ),
                ),
                None => (
                    "Lead supervisory authority (member state of the main establishment not recorded)"
                        .to_owned(),
                    "main establishment in the EU: one lead authority (record which member state)"
                        .to_owned(),
                ),
            };
            vec![Variant {
                recipient,
                ..plain(rule, Some(reason))
            }]
        }
        Answer::Unknown => vec![Variant {
            title: "Notify the lead supervisory authority, or each one concerned".to_owned(),
            recipient: "Lead supervisory authority, or the authority of each member state \
                        concerned"
                .to_owned(),
            ..plain(
                rule,
                Some(
                    "EU main establishment not recorded: without one, every supervisory \
                     authority where affected people live must be told, each within the same \
                     deadline; answer it in the organisation profile"
                        .to_owned(),
                ),
            )
        }],
        Answer::No => {
            let states: Vec<&str> = f
                .jurisdictions
                .iter()
                .map(|j| j.code.as_str())
                .filter(|c| {
                    rule.when
                        .jurisdiction
                        .iter()
                        .any(|g| jurisdiction::within(c, g))
                })
                .collect();
            if states.is_empty() {
                return vec![Variant {
                    title: "Notify the supervisory authority of each member state concerned"
                        .to_owned(),
                    recipient: "Supervisory authority of every member state where affected \
                                people live"
                        .to_owned(),
                    ..plain(rule, Some(NO_MAIN.to_owned()))
                }];
            }
            states.into_iter().map(|s| per_state(rule, s)).collect()
        }
    }
}

/// The variant an obligation id names, also for rows whose facts no longer derive them.
pub fn variant_for_id(rule: &Rule, id: &str) -> Variant {
    match id.split_once('@') {
        Some((_, state)) => per_state(rule, state),
        None => plain(rule, None),
    }
}

fn plain(rule: &Rule, reason: Option<String>) -> Variant {
    Variant {
        id: rule.id.clone(),
        title: rule.title.clone(),
        recipient: rule.recipient.clone(),
        reason,
    }
}

fn per_state(rule: &Rule, state: &str) -> Variant {
    let (title, recipient) = if state == "EU" {
        (
            "Notify the supervisory authorities of the member states concerned".to_owned(),
            "Supervisory authority of each member state where affected people live (member \
             states not recorded yet)"
                .to_owned(),
        )
    } else {
        let name = jurisdiction::name(state);
        (
            format!("Notify the supervisory authority of {name}"),
            format!("Supervisory authority of {name}"),
        )
    };
    Variant {
        id: format!("{}@{state}", rule.id),
        title,
        recipient,
        reason: Some(NO_MAIN.to_owned()),
    }
}
