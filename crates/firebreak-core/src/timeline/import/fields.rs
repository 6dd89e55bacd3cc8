//! What each column of an import file means, and turning one record into an entry.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::source::{row_error, Fields, Record};
use super::times::{self, TimeRules, When};
use crate::timeline::{ColumnMapping, NewEvent};
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Message,
    Datetime,
    Timestamp,
    Desc,
    /// Firebreak's own column: the time in its original offset.
    OccurredAt,
    Source,
    Host,
    Account,
    Tactics,
    Techniques,
    Confidence,
    Tags,
    StepLinks,
    Note,
    Kind,
    EntryId,
    IncidentId,
    Superseded,
    /// The date alone, when the time of day is in another column.
    Date,
    TimeOfDay,
    /// The row's time zone or offset, for its zone-less time.
    Zone,
    /// What part of the tool produced the row (Plaso's parser): "Tool: this".
    SubSource,
    /// The tool's rule or event name: the message when the row has none.
    Rule,
    /// Parts of a message made for rows without one ("EventID: 4624 · Channel: Security").
    Summary,
    /// A part of a file path that makes the message of rows without one (MFTECmd's
    /// ParentPath and FileName, joined with `\\`).
    PathPart,
    /// Free text holding ATT&CK technique ids (`T1059.001`, Sigma's `attack.t1059.001`).
    TechniqueText,
    /// Free text holding ATT&CK tactics (names, Sigma's `attack.execution`, Hayabusa's `Exec`).
    TacticText,
    /// TLN's description: `ISO time; timestamp_desc; message` as Plaso writes it.
    TlnDescription,
    /// Plaso's date_time class: `NotSet` for events it could not date.
    PlasoDateClass,
    /// Bookkeeping of the exporting copy (its hashes, sequence, recorder): not data.
    Ignore,
    /// Anything else: kept in the note as "column: value" so nothing is dropped.
    Extra,
}

impl Role {
    /// Whether the column says when the row happened (or that the tool could not say).
    pub fn is_time(self) -> bool {
        matches!(
            self,
            Role::Datetime
                | Role::Timestamp
                | Role::OccurredAt
                | Role::Date
                | Role::TimeOfDay
                | Role::Zone
                | Role::TlnDescription
                | Role::PlasoDateClass
        )
    }

    /// The entry field a column fills, as the preview shows it.
    pub fn field(self) -> &'static str {
        match self {
            Role::Message | Role::TlnDescription => "message",
            Role::Datetime | Role::Timestamp | Role::OccurredAt => "time",
            Role::Date => "date",
            Role::TimeOfDay => "time of day",
            Role::Zone => "time zone",
            Role::Desc | Role::Extra => "detail",
            Role::Source | Role::SubSource => "source",
            Role::Host => "host",
            Role::Account => "account",
            Role::Tactics | Role::TacticText => "tactics",
            Role::Techniques | Role::TechniqueText => "techniques",
            Role::Confidence => "confidence",
            Role::Tags => "tags",
            Role::StepLinks => "playbook steps",
            Role::Note => "note",
            Role::Rule => "rule (message)",
            Role::Summary | Role::PathPart => "message part",
            Role::PlasoDateClass => "undated check",
            Role::Kind | Role::EntryId | Role::IncidentId | Role::Superseded => "re-import check",
            Role::Ignore => "not kept",
        }
    }
}

/// Timesketch columns and the names other tools use for the same thing.
pub(super) fn timesketch_role(name: &str) -> Role {
    match name.to_ascii_lowercase().as_str() {
        "message" => Role::Message,
        "datetime" => Role::Datetime,
        "timestamp" => Role::Timestamp,
        "timestamp_desc" => Role::Desc,
        "occurred_at" => Role::OccurredAt,
        "source" | "source_short" | "source_long" => Role::Source,
        "host" | "hostname" | "computer_name" => Role::Host,
        "account" | "username" | "user" => Role::Account,
        "tactic" | "tactics" => Role::Tactics,
        "technique" | "techniques" => Role::Techniques,
        "confidence" => Role::Confidence,
        "tag" | "tags" => Role::Tags,
        "step_links" => Role::StepLinks,
        "note" => Role::Note,
        "kind" => Role::Kind,
        "entry_id" => Role::EntryId,
        "incident_id" => Role::IncidentId,
        "superseded" => Role::Superseded,
        "seq" | "recorded_at" | "recorded_by" | "action" | "supersedes" | "reason"
        | "entry_hash" | "chain_head" | "__ts_timeline_id" | "_id" | "_index" | "_type"
        | "_source" => Role::Ignore,
        _ => Role::Extra,
    }
}

pub(super) fn mapped_role(name: &str, m: &ColumnMapping) -> Role {
    let is = |v: &Option<String>| v.as_deref() == Some(name);
    if name == m.occurred_at {
        if m.time_of_day
            .as_deref()
            .is_some_and(|t| !t.trim().is_empty())
        {
            Role::Date
        } else {
            Role::Datetime
        }
    } else if is(&m.time_of_day) {
        Role::TimeOfDay
    } else if is(&m.time_zone) {
        Role::Zone
    } else if name == m.message {
        Role::Message
    } else if is(&m.source) {
        Role::Source
    } else if is(&m.host) {
        Role::Host
    } else if is(&m.account) {
        Role::Account
    } else if is(&m.tactics) {
        Role::Tactics
    } else if is(&m.techniques) {
        Role::Techniques
    } else if is(&m.confidence) {
        Role::Confidence
    } else if is(&m.tags) {
        Role::Tags
    } else {
        Role::Extra
    }
}

/// Firebreak's own `timestamp_desc` values: they say nothing the entry kind does not.
const OWN_DESCS: [&str; 4] = [
    "Event Occurred",
    "Action Taken",
    "Entry Retracted",
    "Event Occurred (superseded version)",
];

type Named<'a> = (Cow<'a, str>, Cow<'a, str>);

/// One record, by role.
#[derive(Default)]
pub(super) struct Input<'a> {
    pub line: u64,
    message: Option<Cow<'a, str>>,
    /// Time columns keep their name, for errors and undated reasons.
    datetime: Option<Named<'a>>,
    timestamp: Option<Named<'a>>,
    date: Option<Cow<'a, str>>,
    time_of_day: Option<Cow<'a, str>>,
    zone: Option<Cow<'a, str>>,
    plaso_class: Option<Cow<'a, str>>,
    desc: Option<Cow<'a, str>>,
    occurred_at: Option<Cow<'a, str>>,
    source: Option<Cow<'a, str>>,
    sub_source: Option<Cow<'a, str>>,
    host: Option<Cow<'a, str>>,
    account: Option<Cow<'a, str>>,
    rules: Vec<Cow<'a, str>>,
    path: Vec<Cow<'a, str>>,
    summary: Vec<Named<'a>>,
    tactics: Vec<String>,
    techniques: Vec<String>,
    confidence: Option<Cow<'a, str>>,
    tags: Vec<String>,
    step_links: Vec<String>,
    note: Option<Cow<'a, str>>,
    pub kind: Option<Cow<'a, str>>,
    pub entry_id: Option<Cow<'a, str>>,
    pub incident_id: Option<Cow<'a, str>>,
    pub superseded: bool,
    extras: Vec<Named<'a>>,
}

/// What a tool format adds to every row: its name as the source, and how its times read.
#[derive(Clone, Default)]
pub(super) struct Style {
    /// The tool's name, the entry's source ("Plaso", or "Plaso: text/dpkg" with a parser).
    pub tool: &'static str,
    /// What follows the tool's name when the row names no part of it (the artifact of a
    /// Velociraptor result set).
    pub part: String,
    pub times: TimeRules,
    /// Where the format's time is, to name it when a row has none.
    pub time_name: String,
}

impl<'a> Input<'a> {
    /// Collects a record's values; `roles` holds one role per CSV column. JSON objects are
    /// flattened to dotted paths (`Event.System.Computer`) when `flatten` is set; otherwise
    /// nested values are kept as JSON text.
    pub fn collect(
        rec: &'a Record,
        headers: &'a [String],
        roles: &[Role],
        role_of: &dyn Fn(&str) -> Role,
        flatten: bool,
    ) -> Result<Input<'a>> {
        let mut input = Input {
            line: rec.line,
            ..Input::default()
        };
        match &rec.fields {
            Fields::Csv(values) => {
                for ((name, role), v) in headers.iter().zip(roles).zip(values) {
                    let v = v.trim();
                    if !v.is_empty() {
                        input.set(*role, Cow::Borrowed(name), Cow::Borrowed(v), None)?;
                    }
                }
            }
            Fields::Json(map) if flatten => {
                for (name, v) in map {
                    input.flattened(Cow::Borrowed(name), v, role_of)?;
                }
            }
            Fields::Json(map) => {
                for (name, v) in map {
                    let role = role_of(name);
                    let text = match v {
                        Value::Null => continue,
                        Value::String(s) if s.trim().is_empty() => continue,
                        Value::String(s) => Cow::Borrowed(s.trim()),
                        other => Cow::Owned(other.to_string()),
                    };
                    input.set(role, Cow::Borrowed(name), text, Some(v))?;
                }
            }
        }
        Ok(input)
    }

    fn flattened(
        &mut self,
        name: Cow<'a, str>,
        v: &'a Value,
        role_of: &dyn Fn(&str) -> Role,
    ) -> Result<()> {
        let role = role_of(&name);
        let text = match v {
            Value::Null => return Ok(()),
            Value::String(s) if s.trim().is_empty() => return Ok(()),
            Value::String(s) => Cow::Borrowed(s.trim()),
            Value::Object(map) if role == Role::Extra => {
                for (k, inner) in map {
                    self.flattened(Cow::Owned(format!("{name}.{k}")), inner, role_of)?;
                }
                return Ok(());
            }
            Value::Array(items) if items.is_empty() => return Ok(()),
            other => Cow::Owned(other.to_string()),
        };
        self.set(role, name, text, Some(v))
    }

    fn set(
        &mut self,
        role: Role,
        name: Cow<'a, str>,
        v: Cow<'a, str>,
        json: Option<&Value>,
    ) -> Result<()> {
        let line = self.line;
        let list = |v: &str| list_value(line, &name, v, json);
        let dash = v == "-";
        match role {
            Role::Message => self.message = Some(v),
            Role::Datetime => self.datetime = Some((name, v)),
            Role::Timestamp => self.timestamp = Some((name, v)),
            Role::Date => self.date = Some(v),
            Role::TimeOfDay => self.time_of_day = Some(v),
            Role::Zone => self.zone = Some(v),
            Role::PlasoDateClass => self.plaso_class = Some(v),
            Role::Desc => self.desc = Some(v),
            Role::OccurredAt => self.occurred_at = Some(v),
            Role::Source => self.source = Some(v),
            Role::SubSource if !dash => self.sub_source = Some(v),
            Role::Host if !dash => self.host = Some(v),
            Role::Account if !dash => self.account = Some(v),
            Role::SubSource | Role::Host | Role::Account | Role::Ignore => {}
            Role::Rule => match json {
                Some(Value::Array(_)) => {
                    let names = list(&v)?;
                    self.rules.extend(names.into_iter().map(Cow::Owned));
                }
                _ => self.rules.push(v),
            },
            Role::Summary => self.summary.push((name, v)),
            Role::PathPart => self.path.push(v),
            Role::Tactics => self.tactics = list(&v)?,
            Role::Techniques => self.techniques = list(&v)?,
            Role::TechniqueText => {
                self.techniques.extend(technique_ids(&v));
                self.extras.push((name, v));
            }
            Role::TacticText => {
                self.tactics.extend(tactic_ids(&v));
                self.extras.push((name, v));
            }
            Role::TlnDescription => self.tln_description(v),
            Role::Confidence => self.confidence = Some(v),
            Role::Tags => self.tags = list(&v)?,
            Role::StepLinks => self.step_links = list(&v)?,
            Role::Note => self.note = Some(v),
            Role::Kind => self.kind = Some(v),
            Role::EntryId => self.entry_id = Some(v),
            Role::IncidentId => self.incident_id = Some(v),
            Role::Superseded => self.superseded = v.eq_ignore_ascii_case("true"),
            Role::Extra => self.extras.push((name, v)),
        }
        Ok(())
    }

    /// Plaso's TLN description starts with the event's ISO time (to the nanosecond, in the
    /// output zone) and its timestamp_desc: `2012-01-22T07:52:33+00:00; Content
    /// Modification Time; [client, pid: 30840] INFO …`. The Time column has only seconds.
    fn tln_description(&mut self, v: Cow<'a, str>) {
        fn split(s: &str) -> Option<(&str, &str, &str)> {
            let (time, rest) = s.split_once("; ")?;
            let (desc, message) = rest.split_once("; ")?;
            let looks_like_time = time.len() >= 19 && time.as_bytes().get(4) == Some(&b'-');
            looks_like_time.then_some((time, desc, message))
        }
        match v {
            Cow::Borrowed(s) => match split(s) {
                Some((time, desc, message)) => {
                    self.datetime = Some((Cow::Borrowed("Description"), Cow::Borrowed(time)));
                    self.desc = Some(Cow::Borrowed(desc));
                    self.message = Some(Cow::Borrowed(message));
                }
                None => self.message = Some(Cow::Borrowed(s)),
            },
            Cow::Owned(s) => self.message = Some(Cow::Owned(s)),
        }
    }

    /// Whether a Firebreak export row records something other than a current event.
    pub fn is_foreign_action(&self) -> bool {
        self.superseded
            || self
                .kind
                .as_deref()
                .is_some_and(|k| k == "action" || k == "retraction")
    }

    /// The event this record describes and when it happened (or why the tool could not say).
    pub fn event(&self, style: &Style) -> Result<(NewEvent, When)> {
        let line = self.line;
        let when = self.occurred(&style.times, &style.time_name)?;
        if let When::Undated(_) = when {
            return Ok((NewEvent::default(), when));
        }
        let message = self.message()?;
        let confidence = match self.confidence.as_deref() {
            None => None,
            Some(c) => Some(c.parse::<u8>().ok().filter(|c| *c <= 100).ok_or_else(|| {
                row_error(
                    line,
                    format!("confidence {c:?} is not a whole number from 0 to 100"),
                )
            })?),
        };
        let mut note = self.note.as_deref().unwrap_or("").to_owned();
        let desc = self.desc.as_deref().filter(|d| !OWN_DESCS.contains(d));
        let extra = desc
            .map(|d| ("timestamp_desc", d))
            .into_iter()
            .chain(self.extras.iter().map(|(k, v)| (k.as_ref(), v.as_ref())));
        for (k, v) in extra {
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(k);
            note.push_str(": ");
            note.push_str(v);
        }
        let event = NewEvent {
            occurred_at: String::new(),
            message,
            source: self.source(style),
            host: self.host.as_deref().map(str::to_owned),
            account: self.account.as_deref().map(str::to_owned),
            tactics: self.tactics.clone(),
            techniques: self.techniques.clone(),
            confidence,
            tags: self.tags.clone(),
            step_links: self.step_links.clone(),
            note: (!note.is_empty()).then_some(note),
        };
        Ok((event, when))
    }

    /// The row's message; else the tool's rule names; else the summary fields.
    fn message(&self) -> Result<String> {
        if let Some(m) = self.message.as_deref() {
            return Ok(m.to_owned());
        }
        if !self.rules.is_empty() {
            return Ok(self.rules.join("; "));
        }
        if !self.path.is_empty() {
            return Ok(self.path.join("\\"));
        }
        if !self.summary.is_empty() {
            let parts: Vec<String> = self
                .summary
                .iter()
                .map(|(k, v)| {
                    let k = k.strip_prefix("event.").unwrap_or(k);
                    let k = k.strip_prefix("Event.System.").unwrap_or(k);
                    format!("{k}: {v}")
                })
                .collect();
            return Ok(parts.join(" · "));
        }
        Err(row_error(
            self.line,
            "message is empty: every entry needs one",
        ))
    }

    fn source(&self, style: &Style) -> Option<String> {
        let tool = style.tool;
        if tool.is_empty() {
            return self.source.as_deref().map(str::to_owned);
        }
        let part = Some(style.part.as_str()).filter(|p| !p.is_empty());
        match self
            .sub_source
            .as_deref()
            .or(self.source.as_deref())
            .or(part)
        {
            Some(sub) => Some(format!("{tool}: {sub}")),
            None => Some(tool.to_owned()),
        }
    }

    /// Why the tool could not date this row, if it could not (the preview's count).
    pub fn undated(&self, rules: &TimeRules) -> Option<String> {
        match self.occurred(rules, "") {
            Ok(When::Undated(reason)) => Some(reason),
            _ => None,
        }
    }

    fn occurred(&self, rules: &TimeRules, time_name: &str) -> Result<When> {
        let line = self.line;
        if self.plaso_class.as_deref() == Some("NotSet") {
            return Ok(When::Undated(
                "date_time is NotSet: Plaso could not date the event".into(),
            ));
        }
        let when = match (&self.datetime, &self.date, &self.timestamp) {
            (Some((column, d)), _, _) => {
                times::read_time(line, column, d, &self.zone_rules(d, rules)?)?
            }
            (None, Some(date), _) => {
                let time = self.time_of_day.as_deref().unwrap_or("00:00:00");
                times::date_and_time(line, date, time, self.zone.as_deref(), rules)?
            }
            (None, None, Some((column, t))) => times::epoch(line, column, t, rules)?,
            (None, None, None) if rules.missing_undated => {
                return Ok(When::Undated(
                    "the time field is empty or null: the tool had no time for this row".into(),
                ))
            }
            (None, None, None) => {
                let name = if time_name.is_empty() {
                    "the time"
                } else {
                    time_name
                };
                return Err(row_error(
                    line,
                    format!("{name} is empty or missing: every entry needs a time"),
                ));
            }
        };
        let When::At(instant) = when else {
            return Ok(when);
        };
        // Firebreak's own exports carry the original offset alongside the UTC datetime.
        match self.occurred_at.as_deref() {
            Some(o) => {
                let original = times::parse_time(line, "occurred_at", o, None)?;
                if original != instant {
                    return Err(row_error(
                        line,
                        format!("occurred_at {o:?} and datetime are different instants"),
                    ));
                }
                Ok(When::At(original))
            }
            None => Ok(When::At(instant)),
        }
    }

    /// A one-column time without an offset, on a row naming its zone: the zone's offset at
    /// that local time becomes the offset for it. Times with an offset keep theirs.
    fn zone_rules(&self, time: &str, rules: &TimeRules) -> Result<TimeRules> {
        let Some(zone) = self.zone.as_deref().filter(|z| *z != "-") else {
            return Ok(*rules);
        };
        let Ok(probe) = times::parse_time(self.line, "time", time, Some(times::utc())) else {
            return Ok(*rules);
        };
        let local = times::in_zone(self.line, time, probe.naive_local(), zone)?;
        Ok(TimeRules {
            naive_offset: Some(*local.offset()),
            ..*rules
        })
    }
}

/// ATT&CK technique ids in free text: `T1059.001`, `attack.t1059.001`, `T1086 ¦ T1059`.
fn technique_ids(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.')) {
        let word = word
            .strip_prefix("attack.")
            .or_else(|| word.strip_prefix("ATTACK."))
            .unwrap_or(word);
        let Some(digits) = word.strip_prefix(['T', 't']) else {
            continue;
        };
        let (main, sub) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let ok = main.len() == 4
            && all_digits(main)
            && (sub.is_empty() || (sub.len() == 3 && all_digits(sub)));
        let id = format!("T{digits}");
        if ok && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// ATT&CK tactics in free text: names, Sigma tags (`attack.defense_evasion`) and Hayabusa's
/// abbreviations (`Exec`, `PrivEsc`, `LatMov`, …).
fn tactic_ids(text: &str) -> Vec<String> {
    const SHORT: &[(&str, &str)] = &[
        ("Recon", "TA0043"),
        ("ResDev", "TA0042"),
        ("InitAccess", "TA0001"),
        ("Exec", "TA0002"),
        ("Persis", "TA0003"),
        ("PrivEsc", "TA0004"),
        ("Evas", "TA0005"),
        ("CredAccess", "TA0006"),
        ("Disc", "TA0007"),
        ("LatMov", "TA0008"),
        ("Collect", "TA0009"),
        ("C2", "TA0011"),
        ("Exfil", "TA0010"),
        ("Impact", "TA0040"),
    ];
    let mut out: Vec<String> = Vec::new();
    for part in text.split(['¦', ',', '|', ';']) {
        let part = part.trim().trim_matches(['[', ']', '"']).trim();
        let part = part.strip_prefix("attack.").unwrap_or(part);
        let id = SHORT
            .iter()
            .find(|(s, _)| s.eq_ignore_ascii_case(part))
            .map(|(_, id)| *id)
            .or_else(|| crate::timeline::attack::tactic_id(part));
        if let Some(id) = id {
            if !out.iter().any(|o| o == id) {
                out.push(id.to_owned());
            }
        }
    }
    out
}

/// A list column: a JSON array (Timesketch's `tag` form, or a JSONL array), `-` for none,
/// or comma-separated values.
fn list_value(line: u64, column: &str, text: &str, json: Option<&Value>) -> Result<Vec<String>> {
    if let Some(Value::Array(items)) = json {
        return items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.trim().to_owned()),
                other => Err(row_error(
                    line,
                    format!("{column} must be a list of strings; found {other}"),
                )),
            })
            .filter(|v| !matches!(v, Ok(s) if s.is_empty()))
            .collect();
    }
    let text = text.trim();
    if text.starts_with('[') && text.ends_with(']') {
        let items: Vec<String> = serde_json::from_str(text).map_err(|e| {
            row_error(
                line,
                format!("{column} looks like a JSON list but is not one: {e}"),
            )
        })?;
        return Ok(items
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect());
    }
    if text == "-" {
        return Ok(Vec::new());
    }
    Ok(text
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect())
}

pub(super) fn parse_offset(text: &str) -> Result<FixedOffset> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0).ok_or_else(|| Error::validation("naive_offset", "bad"));
    }
    DateTime::parse_from_str(&format!("2000-01-01T00:00:00{t}"), "%Y-%m-%dT%H:%M:%S%z")
        .map(|d| *d.offset())
        .map_err(|_| {
            Error::validation(
                "naive_offset",
                format!("{text:?} is not a UTC offset like +01:00, -05:00 or Z"),
            )
        })
}

impl Input<'_> {
    /// Timesketch needs these in every JSONL line (CSV checks its header once).
    pub fn require_timesketch_fields(&self) -> Result<()> {
        let mut missing = Vec::new();
        if self.message.is_none() {
            missing.push("message");
        }
        if self.datetime.is_none() && self.timestamp.is_none() {
            missing.push("datetime");
        }
        if self.desc.is_none() {
            missing.push("timestamp_desc");
        }
        if missing.is_empty() {
            return Ok(());
        }
        Err(row_error(
            self.line,
            format!("missing field(s): {}", missing.join(", ")),
        ))
    }
}
