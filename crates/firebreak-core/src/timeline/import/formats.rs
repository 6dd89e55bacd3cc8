//! The tools' formats: how each is recognised from its header or first record, and what
//! each column or field becomes (docs/timeline.md, "Import").

use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value};

use super::fields::{mapped_role, timesketch_role, Role, Style};
use super::times::{utc, TimeRules};
use crate::timeline::{ColumnMapping, ImportFormat};
use crate::{Error, Result};

/// How the file's records are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    Csv,
    /// Pipe-separated, no quoting (TLN).
    Pipe,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects, or an object whose values are the events.
    JsonSeq,
}

impl ImportFormat {
    /// The format in words, as the preview and the CLI name it.
    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::TimesketchCsv => "Timesketch CSV",
            ImportFormat::TimesketchJsonl => "Timesketch JSONL",
            ImportFormat::GenericCsv => "Other CSV (column mapping)",
            ImportFormat::GenericJsonl => "Other JSON Lines (field mapping)",
            ImportFormat::PlasoDynamic => "Plaso dynamic CSV",
            ImportFormat::PlasoL2tcsv => "Plaso l2tcsv",
            ImportFormat::PlasoJsonLine => "Plaso json_line",
            ImportFormat::PlasoJson => "Plaso json",
            ImportFormat::PlasoTln => "Plaso TLN",
            ImportFormat::PlasoL2ttln => "Plaso l2t TLN",
            ImportFormat::HayabusaCsv => "Hayabusa CSV",
            ImportFormat::HayabusaJsonl => "Hayabusa JSONL",
            ImportFormat::Chainsaw => "Chainsaw JSON",
            ImportFormat::Velociraptor => "Velociraptor JSON Lines",
            ImportFormat::EvtxecmdCsv => "EvtxECmd CSV",
            ImportFormat::MftecmdCsv => "MFTECmd CSV",
        }
    }

    pub(super) fn layout(self, path: &Path) -> Layout {
        match self {
            ImportFormat::PlasoTln | ImportFormat::PlasoL2ttln => Layout::Pipe,
            ImportFormat::PlasoJson => Layout::JsonSeq,
            ImportFormat::Chainsaw | ImportFormat::GenericJsonl | ImportFormat::Velociraptor => {
                match first_byte(path) {
                    Some(b'[') => Layout::JsonSeq,
                    _ => Layout::JsonLines,
                }
            }
            ImportFormat::TimesketchJsonl
            | ImportFormat::PlasoJsonLine
            | ImportFormat::HayabusaJsonl => Layout::JsonLines,
            _ => Layout::Csv,
        }
    }

    /// Whether JSON records are flattened to dotted paths (tools' nested records) or kept
    /// as Timesketch reads them (nested values as JSON text).
    pub(super) fn flattens(self) -> bool {
        !matches!(self, ImportFormat::TimesketchJsonl)
    }

    /// Whether every column Timesketch requires must be present (CSV: in the header).
    pub(super) fn is_timesketch(self) -> bool {
        matches!(
            self,
            ImportFormat::TimesketchCsv | ImportFormat::TimesketchJsonl
        )
    }

    /// The generic format for a file of this one's kind: a mapping of JSON fields for JSON
    /// formats, of CSV columns otherwise.
    pub fn generic(self) -> ImportFormat {
        match self {
            ImportFormat::TimesketchJsonl
            | ImportFormat::GenericJsonl
            | ImportFormat::PlasoJsonLine
            | ImportFormat::PlasoJson
            | ImportFormat::HayabusaJsonl
            | ImportFormat::Chainsaw
            | ImportFormat::Velociraptor => ImportFormat::GenericJsonl,
            _ => ImportFormat::GenericCsv,
        }
    }

    /// The column or field a format's time is read from, to name it when it is empty.
    fn time_column(self) -> &'static str {
        match self {
            ImportFormat::PlasoL2tcsv => "date",
            ImportFormat::PlasoJsonLine | ImportFormat::PlasoJson => "timestamp",
            ImportFormat::PlasoTln | ImportFormat::PlasoL2ttln => "Time",
            ImportFormat::HayabusaCsv | ImportFormat::HayabusaJsonl => "Timestamp",
            ImportFormat::Chainsaw => "Event.System.TimeCreated_attributes.SystemTime",
            ImportFormat::EvtxecmdCsv => "TimeCreated",
            ImportFormat::MftecmdCsv => "Created0x10",
            _ => "datetime",
        }
    }

    pub(super) fn needs_mapping(self) -> bool {
        matches!(self, ImportFormat::GenericCsv | ImportFormat::GenericJsonl)
    }
}

/// The first byte of the file that is not white space or a byte-order mark.
fn first_byte(path: &Path) -> Option<u8> {
    let mut head = Vec::with_capacity(256);
    let file = std::fs::File::open(path).ok()?;
    file.take(256).read_to_end(&mut head).ok()?;
    head.into_iter()
        .find(|b| !b.is_ascii_whitespace() && *b < 0x80)
}

/// The role of a column (or JSON field path) by its name.
pub(super) type RoleOf = Box<dyn Fn(&str) -> Role + Send + Sync>;

/// How the rows of a format become entries: the role of each column or field path, the
/// tool named as source, and how its times read.
pub(super) struct Profile {
    pub role_of: RoleOf,
    pub style: Style,
}

impl Profile {
    /// `artifact` is the Velociraptor artifact (from the file name); `time_field` the field
    /// holding its rows' time (chosen from the first record).
    pub fn new(
        format: ImportFormat,
        mapping: Option<&ColumnMapping>,
        naive_offset: Option<chrono::FixedOffset>,
        velo: Option<&Velo>,
    ) -> Profile {
        let plaso = TimeRules {
            naive_offset,
            zero_epoch_undated: true,
            ..TimeRules::default()
        };
        let utc_tool = TimeRules {
            naive_offset: Some(naive_offset.unwrap_or(utc())),
            windows_zero_undated: true,
            ..TimeRules::default()
        };
        // Rows with a null or empty time field: the tool had no time for them.
        let utc_missing = TimeRules {
            missing_undated: true,
            ..utc_tool
        };
        let plain = TimeRules {
            naive_offset,
            ..TimeRules::default()
        };
        let (tool, times, role_of): (&'static str, TimeRules, RoleOf) = match format {
            ImportFormat::TimesketchCsv | ImportFormat::TimesketchJsonl => {
                ("", plain, Box::new(timesketch_role))
            }
            ImportFormat::GenericCsv | ImportFormat::GenericJsonl => {
                let m = mapping.cloned().unwrap_or_default();
                ("", plain, Box::new(move |n: &str| mapped_role(n, &m)))
            }
            ImportFormat::PlasoDynamic => ("Plaso", plaso, Box::new(plaso_dynamic_role)),
            ImportFormat::PlasoL2tcsv => ("Plaso", plaso, Box::new(l2tcsv_role)),
            ImportFormat::PlasoJsonLine | ImportFormat::PlasoJson => {
                ("Plaso", plaso, Box::new(plaso_json_role))
            }
            ImportFormat::PlasoTln | ImportFormat::PlasoL2ttln => {
                ("Plaso", plaso, Box::new(tln_role))
            }
            ImportFormat::HayabusaCsv | ImportFormat::HayabusaJsonl => {
                ("Hayabusa", plain, Box::new(hayabusa_role))
            }
            ImportFormat::Chainsaw => ("Chainsaw", utc_tool, Box::new(chainsaw_role)),
            ImportFormat::Velociraptor => {
                let v = velo.cloned().unwrap_or_default();
                (
                    "Velociraptor",
                    utc_missing,
                    Box::new(move |n: &str| v.role(n)),
                )
            }
            ImportFormat::EvtxecmdCsv => ("EvtxECmd", utc_tool, Box::new(evtxecmd_role)),
            // Extension and attribute records carry no $SI times of their own.
            ImportFormat::MftecmdCsv => ("MFTECmd", utc_missing, Box::new(mftecmd_role)),
        };
        let part = match (format, velo) {
            (ImportFormat::Velociraptor, Some(v)) => v.artifact.clone(),
            _ => String::new(),
        };
        let time_name = match format {
            ImportFormat::GenericCsv | ImportFormat::GenericJsonl => {
                mapping.map(|m| m.occurred_at.clone()).unwrap_or_default()
            }
            ImportFormat::Velociraptor => velo.map(|v| v.time_field.clone()).unwrap_or_default(),
            other => other.time_column().to_owned(),
        };
        Profile {
            role_of,
            style: Style {
                tool,
                part,
                times,
                time_name,
            },
        }
    }
}

/// Plaso's dynamic CSV: `datetime,timestamp_desc,source,source_long,message,parser,
/// display_name,tag` (and any extra fields psort was asked for).
fn plaso_dynamic_role(name: &str) -> Role {
    match name {
        "parser" => Role::SubSource,
        "source" | "source_long" | "display_name" => Role::Extra,
        "hostname" => Role::Host,
        "username" => Role::Account,
        other => timesketch_role(other),
    }
}

/// Plaso's l2tcsv: `date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,
/// version,filename,inode,notes,format,extra`.
fn l2tcsv_role(name: &str) -> Role {
    match name {
        "date" => Role::Date,
        "time" => Role::TimeOfDay,
        "timezone" => Role::Zone,
        "type" => Role::Desc,
        "user" => Role::Account,
        "host" => Role::Host,
        "desc" => Role::Message,
        "format" => Role::SubSource,
        // `short` repeats `desc` cut short; `version` is the format's version (2).
        "short" | "version" => Role::Ignore,
        _ => Role::Extra,
    }
}

/// Plaso's json_line and json: one serialised event container each.
fn plaso_json_role(name: &str) -> Role {
    match name {
        "message" => Role::Message,
        "timestamp" => Role::Timestamp,
        "timestamp_desc" => Role::Desc,
        "date_time.__class_name__" => Role::PlasoDateClass,
        "date_time" => Role::Extra,
        "parser" => Role::SubSource,
        "hostname" => Role::Host,
        "username" => Role::Account,
        "tag" => Role::Tags,
        // Container bookkeeping, and the time again in Plaso's own types.
        "__container_type__" | "__type__" | "message_body" => Role::Ignore,
        n if n.starts_with("date_time") || n.ends_with(".__type__") => Role::Ignore,
        _ => Role::Extra,
    }
}

/// TLN and l2t TLN: `Time|Source|Host|User|Description[|TZ|Notes]`.
fn tln_role(name: &str) -> Role {
    match name {
        "Time" => Role::Timestamp,
        "Source" => Role::SubSource,
        "Host" => Role::Host,
        "User" => Role::Account,
        "Description" => Role::TlnDescription,
        // The zone the Description's time was written in; that time carries its offset.
        "TZ" => Role::Ignore,
        _ => Role::Extra,
    }
}

/// Hayabusa's CSV and JSONL (every profile: minimal to super-verbose).
fn hayabusa_role(name: &str) -> Role {
    match name {
        "Timestamp" => Role::Datetime,
        "Computer" => Role::Host,
        "RuleTitle" => Role::Rule,
        "MitreTactics" => Role::TacticText,
        "MitreTags" => Role::TechniqueText,
        "Channel" => Role::SubSource,
        // JSONL keeps Details as an object, with Hayabusa's abbreviated field names.
        "Details.TgtUser" | "Details.User" => Role::Account,
        _ => Role::Extra,
    }
}

/// Chainsaw: 1.x hunt `{"detection": [titles], "event": {"Event": …}}`, 2.x search
/// `{"Event": …}`; both flattened from their Windows event XML.
fn chainsaw_role(name: &str) -> Role {
    let event = name.strip_prefix("event.").unwrap_or(name);
    match event {
        "detection" => Role::Rule,
        "Event.System.TimeCreated_attributes.SystemTime" => Role::Datetime,
        "Event.System.Computer" => Role::Host,
        "Event.System.Channel" => Role::SubSource,
        "Event.System.EventID" => Role::Summary,
        "Event.EventData.TargetUserName" | "Event.EventData.User" => Role::Account,
        n if n.starts_with("Event_attributes") => Role::Ignore,
        _ => Role::Extra,
    }
}

/// EvtxECmd's CSV (its documented columns: RecordNumber, EventRecordId, TimeCreated, EventId,
/// Level, Provider, Channel, ProcessId, ThreadId, Computer, ChunkNumber, UserId,
/// MapDescription, UserName, RemoteHost, PayloadData1–6, ExecutableInfo, HiddenRecord,
/// SourceFile, Keywords, ExtraDataOffset, Payload).
fn evtxecmd_role(name: &str) -> Role {
    match name {
        "TimeCreated" => Role::Datetime,
        "Computer" => Role::Host,
        "UserName" => Role::Account,
        "MapDescription" => Role::Rule,
        "Channel" => Role::SubSource,
        "EventId" => Role::Summary,
        _ => Role::Extra,
    }
}

/// MFTECmd's $MFT CSV: one entry per file record, at its $STANDARD_INFORMATION creation
/// time (`Created0x10`); the other seven times are kept as detail.
fn mftecmd_role(name: &str) -> Role {
    match name {
        "Created0x10" => Role::Datetime,
        "ParentPath" | "FileName" => Role::PathPart,
        _ => Role::Extra,
    }
}

/// A Velociraptor result set: the artifact (from the file name) and the field its rows'
/// time is in.
#[derive(Debug, Clone, Default)]
pub(super) struct Velo {
    pub artifact: String,
    pub time_field: String,
}

/// Fields Velociraptor artifacts put their row's time in, most specific first.
const VELO_TIMES: [&str; 12] = [
    "Timestamp",
    "EventTime",
    "Time",
    "Mtime",
    "LastModified",
    "Modified",
    "CreationTime",
    "Ctime",
    "Btime",
    "Atime",
    "LastWriteTime",
    "_ts",
];

/// Fields that make the message of a row that has none, in this order.
const VELO_SUMMARY: [&str; 10] = [
    "FullPath",
    "Name",
    "Filename",
    "Entry",
    "Entry Location",
    "CommandLine",
    "Reason",
    "Status",
    "Raddr.IP",
    "Raddr.Port",
];

impl Velo {
    pub fn from_first(path: &Path, first: &Map<String, Value>) -> Velo {
        let artifact = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_end_matches(".jsonl").trim_end_matches(".json"))
            .unwrap_or("")
            .to_owned();
        let time_field = VELO_TIMES
            .iter()
            .find(|t| first.contains_key(**t))
            .map(|t| (*t).to_owned())
            .unwrap_or_default();
        Velo {
            artifact,
            time_field,
        }
    }

    fn role(&self, name: &str) -> Role {
        if name == self.time_field {
            return Role::Datetime;
        }
        match name {
            "Hostname" | "Fqdn" | "ClientHostname" => Role::Host,
            "Username" | "User" | "OSPath.Username" => Role::Account,
            n if VELO_SUMMARY.contains(&n) => Role::Summary,
            _ => Role::Extra,
        }
    }
}

/// The format a file is in, from its name, header or first record.
pub(super) fn detect(path: &Path, head: &str) -> ImportFormat {
    let text = head.trim_start_matches('\u{feff}').trim_start();
    let first_line = text.lines().next().unwrap_or("");
    if text.starts_with('[') || text.starts_with('{') {
        return detect_json(path, text, first_line);
    }
    if first_line.starts_with("Time|Source|Host|User|Description") {
        return if first_line.contains("|TZ|") {
            ImportFormat::PlasoL2ttln
        } else {
            ImportFormat::PlasoTln
        };
    }
    let columns: Vec<&str> = first_line
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    let has = |c: &str| columns.contains(&c);
    if has("date") && has("time") && has("timezone") && has("MACB") {
        ImportFormat::PlasoL2tcsv
    } else if has("datetime") && has("timestamp_desc") && has("parser") && has("message") {
        ImportFormat::PlasoDynamic
    } else if has("Timestamp") && has("RuleTitle") && has("Computer") {
        ImportFormat::HayabusaCsv
    } else if has("TimeCreated") && has("EventId") && has("MapDescription") {
        ImportFormat::EvtxecmdCsv
    } else if has("EntryNumber") && has("ParentPath") && has("Created0x10") {
        ImportFormat::MftecmdCsv
    } else if [
        has("message"),
        has("datetime") || has("timestamp"),
        has("timestamp_desc"),
    ]
    .iter()
    .filter(|h| **h)
    .count()
        >= 2
    {
        // Timesketch's own columns, even with one missing: the import then names it.
        ImportFormat::TimesketchCsv
    } else {
        ImportFormat::GenericCsv
    }
}

fn detect_json(path: &Path, text: &str, first_line: &str) -> ImportFormat {
    let first: Option<Map<String, Value>> = serde_json::from_str(first_line.trim()).ok();
    let Some(first) = first else {
        // Not one object per line: an array (Chainsaw) or an object of events (Plaso json).
        return if text.starts_with("{\"event_") {
            ImportFormat::PlasoJson
        } else if text.contains("\"Event\"") {
            ImportFormat::Chainsaw
        } else {
            ImportFormat::GenericJsonl
        };
    };
    let has = |k: &str| first.contains_key(k);
    if has("detection") && has("event") || has("Event") {
        ImportFormat::Chainsaw
    } else if has("__container_type__") || has("date_time") && has("data_type") {
        ImportFormat::PlasoJsonLine
    } else if has("RuleTitle") && has("Timestamp") {
        ImportFormat::HayabusaJsonl
    } else if has("message") && (has("datetime") || has("timestamp")) {
        ImportFormat::TimesketchJsonl
    } else if looks_like_artifact(path) {
        ImportFormat::Velociraptor
    } else {
        ImportFormat::GenericJsonl
    }
}

/// Velociraptor names result files after their artifact: `Windows.Network.Netstat.json`.
fn looks_like_artifact(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.trim_end_matches(".jsonl").trim_end_matches(".json");
    let parts: Vec<&str> = stem.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// The first bytes of a file, enough for a header or a first record (a Plaso json_line
/// record with a long message included).
pub(super) fn head(path: &Path) -> Result<String> {
    let mut bytes = Vec::with_capacity(1 << 16);
    std::fs::File::open(path)
        .and_then(|f| f.take(1 << 20).read_to_end(&mut bytes))
        .map_err(|source| Error::Io {
            context: format!("reading {}", path.display()),
            source,
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
