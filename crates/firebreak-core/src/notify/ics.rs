//! An iCalendar (RFC 5545) file of an incident's notification deadlines, so they sit in the
//! responders' own calendars with alarms, independent of this app being open.

use chrono::{DateTime, Utc};

use super::model::{Applicability, DecisionState, ObligationsView};

/// Alarms before each deadline: a day ahead to prepare, two hours ahead to file.
const ALARMS: &[(&str, &str)] = &[("-PT24H", "24 hours"), ("-PT2H", "2 hours")];

pub fn calendar(view: &ObligationsView, incident_title: &str, now: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Firebreak//Notification deadlines//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!(
            "X-WR-CALNAME:{}",
            text(&format!("Deadlines: {incident_title}"))
        ),
    ];
    let stamp = stamp(now);
    let incident = view.incident_id.map(|i| i.to_string()).unwrap_or_default();
    for o in &view.obligations {
        let Some(due) = o.due_utc else { continue };
        if o.applicability == Applicability::NoLongerApplies {
            continue;
        }
        let done = matches!(
            o.decision.state,
            DecisionState::Sent | DecisionState::NotRequired
        );
        let possible = if o.applicability == Applicability::Possible {
            " (may apply)"
        } else {
            ""
        };
        let summary = format!("{}: {}{possible}", o.regime, o.title);
        let mut description = vec![
            format!("Incident: {incident_title}"),
            format!("Recipient: {}", o.recipient),
            format!("Deadline: {}", o.deadline),
            format!("Counted: {}", o.counting),
            format!(
                "Clock started: {} at {}",
                o.trigger_label,
                o.trigger_at.map(|t| t.to_rfc3339()).unwrap_or_default()
            ),
            format!("Decision: {}", o.decision.state),
            format!(
                "Rule: {} ({}), reviewed {}",
                o.rule_id, o.citation, o.last_reviewed
            ),
            view.disclaimer.clone(),
        ];
        if !o.depends_on.is_empty() {
            description.insert(1, format!("Depends on: {}", o.depends_on.join("; ")));
        }
        lines.extend([
            "BEGIN:VEVENT".into(),
            format!("UID:{}-{}@firebreak", o.rule_id, incident),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART:{}", self::stamp(due)),
            "DURATION:PT30M".into(),
            format!("SUMMARY:{}", text(&summary)),
            format!("DESCRIPTION:{}", text(&description.join("\n"))),
            format!("CATEGORIES:{}", text(&o.regime)),
            format!("STATUS:{}", if done { "CANCELLED" } else { "CONFIRMED" }),
            "TRANSP:TRANSPARENT".into(),
        ]);
        if !done {
            for (trigger, words) in ALARMS {
                lines.extend([
                    "BEGIN:VALARM".into(),
                    "ACTION:DISPLAY".into(),
                    format!("TRIGGER:{trigger}"),
                    format!("DESCRIPTION:{}", text(&format!("{summary} due in {words}"))),
                    "END:VALARM".into(),
                ]);
            }
        }
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT value escaping (RFC 5545 §3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "é".repeat(60)), &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("DESCRIPTION:{}\r\n", "é".repeat(60))
        );
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
