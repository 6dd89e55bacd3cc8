//! What each column of an import file means, and turning one record into an entry.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDateTime, SubsecRound};
use serde_json::Value;

use super::source::{row_error, Fields, Record};
use crate::time::Moment;
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
    /// Bookkeeping of the exporting copy (its hashes, sequence, recorder): not data.
    Ignore,
    /// Anything else: kept in the note as "column: value" so nothing is dropped.
    Extra,
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
        Role::Datetime
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

/// One record, by role.
#[derive(Default)]
pub(super) struct Input<'a> {
    pub line: u64,
    message: Option<Cow<'a, str>>,
    datetime: Option<Cow<'a, str>>,
    timestamp: Option<Cow<'a, str>>,
    desc: Option<Cow<'a, str>>,
    occurred_at: Option<Cow<'a, str>>,
    source: Option<Cow<'a, str>>,
    host: Option<Cow<'a, str>>,
    account: Option<Cow<'a, str>>,
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
    extras: Vec<(&'a str, Cow<'a, str>)>,
}

impl<'a> Input<'a> {
    /// Collects a record's values; `roles` holds one role per CSV column (unused for JSON).
    pub fn collect(
        rec: &'a Record,
        headers: &'a [String],
        roles: &[Role],
        role_of: &dyn Fn(&str) -> Role,
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
                        input.set(*role, name, Cow::Borrowed(v), None)?;
                    }
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
                    input.set(role, name, text, Some(v))?;
                }
            }
        }
        Ok(input)
    }

    fn set(
        &mut self,
        role: Role,
        name: &'a str,
        v: Cow<'a, str>,
        json: Option<&Value>,
    ) -> Result<()> {
        let list = |v: &str| list_value(self.line, name, v, json);
        match role {
            Role::Message => self.message = Some(v),
            Role::Datetime => self.datetime = Some(v),
            Role::Timestamp => self.timestamp = Some(v),
            Role::Desc => self.desc = Some(v),
            Role::OccurredAt => self.occurred_at = Some(v),
            Role::Source => self.source = Some(v),
            Role::Host => self.host = Some(v),
            Role::Account => self.account = Some(v),
            Role::Tactics => self.tactics = list(&v)?,
            Role::Techniques => self.techniques = list(&v)?,
            Role::Confidence => self.confidence = Some(v),
            Role::Tags => self.tags = list(&v)?,
            Role::StepLinks => self.step_links = list(&v)?,
            Role::Note => self.note = Some(v),
            Role::Kind => self.kind = Some(v),
            Role::EntryId => self.entry_id = Some(v),
            Role::IncidentId => self.incident_id = Some(v),
            Role::Superseded => self.superseded = v.eq_ignore_ascii_case("true"),
            Role::Ignore => {}
            Role::Extra => self.extras.push((name, v)),
        }
        Ok(())
    }

    /// Whether a Firebreak export row records something other than a current event.
    pub fn is_foreign_action(&self) -> bool {
        self.superseded
            || self
                .kind
                .as_deref()
                .is_some_and(|k| k == "action" || k == "retraction")
    }

    /// The event this record describes and its occurred-at moment.
    pub fn event(&self, naive_offset: Option<FixedOffset>) -> Result<(NewEvent, Moment)> {
        let line = self.line;
        let message = self
            .message
            .as_deref()
            .ok_or_else(|| row_error(line, "message is empty: every entry needs one"))?;
        let occurred = self.occurred(naive_offset)?;
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
            .chain(self.extras.iter().map(|(k, v)| (*k, v.as_ref())));
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
            message: message.to_owned(),
            source: self.source.as_deref().map(str::to_owned),
            host: self.host.as_deref().map(str::to_owned),
            account: self.account.as_deref().map(str::to_owned),
            tactics: self.tactics.clone(),
            techniques: self.techniques.clone(),
            confidence,
            tags: self.tags.clone(),
            step_links: self.step_links.clone(),
            note: (!note.is_empty()).then_some(note),
        };
        Ok((event, occurred))
    }

    fn occurred(&self, naive_offset: Option<FixedOffset>) -> Result<Moment> {
        let line = self.line;
        let instant = match (self.datetime.as_deref(), self.timestamp.as_deref()) {
            (Some(d), _) => parse_time(line, "datetime", d, naive_offset)?,
            (None, Some(t)) => {
                let micros: i64 = t.parse().map_err(|_| {
                    row_error(
                        line,
                        format!("timestamp {t:?} is not a whole number of microseconds"),
                    )
                })?;
                DateTime::from_timestamp_micros(micros)
                    .ok_or_else(|| row_error(line, format!("timestamp {t} is out of range")))?
                    .fixed_offset()
            }
            (None, None) => {
                return Err(row_error(
                    line,
                    "datetime is empty: every entry needs a time",
                ))
            }
        };
        // Firebreak's own exports carry the original offset alongside the UTC datetime.
        match self.occurred_at.as_deref() {
            Some(o) => {
                let original = parse_time(line, "occurred_at", o, None)?;
                if original != instant {
                    return Err(row_error(
                        line,
                        format!("occurred_at {o:?} and datetime are different instants"),
                    ));
                }
                Ok(original)
            }
            None => Ok(instant),
        }
    }
}

/// ISO 8601 / RFC 3339 with an offset (`T` or a space between date and time; `Z`, `+01:00`
/// or `+0100`). A time without an offset is only taken when the importer said which offset
/// such times are in: never guessed.
pub(super) fn parse_time(
    line: u64,
    column: &str,
    text: &str,
    naive_offset: Option<FixedOffset>,
) -> Result<Moment> {
    let text = text.trim();
    let parsed = DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f%z"));
    if let Ok(t) = parsed {
        return Ok(t.trunc_subsecs(6));
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"));
    match (naive, naive_offset) {
        (Ok(n), Some(offset)) => n
            .and_local_timezone(offset)
            .single()
            .map(|t| t.trunc_subsecs(6))
            .ok_or_else(|| row_error(line, format!("{column} {text:?} is out of range"))),
        (Ok(_), None) => Err(row_error(
            line,
            format!(
                "{column} {text:?} has no UTC offset; Firebreak does not guess time zones: add \
                 the offset (e.g. {text}+00:00) or import as generic CSV and say which offset \
                 these times are in"
            ),
        )),
        (Err(_), _) => Err(row_error(
            line,
            format!(
                "{column} {text:?} is not an ISO 8601 time with a UTC offset, like \
                 2026-11-20T22:15:00+00:00"
            ),
        )),
    }
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
