use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::incident::{AuditAction, FieldChange};
use crate::time::Moment;

coded_enum!(
    /// What an entry records: an event (something that happened, from a tool, a log or an
    /// interview), an action (something responders did: every audited change) or a
    /// retraction (the withdrawal of an earlier entry, with the reason).
    EntryKind ("kind", "entry kind") {
        Event = "event",
        Action = "action",
        Retraction = "retraction",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct TimelineEntry {
    pub id: Uuid,
    pub incident_id: Uuid,
    /// Position in the incident's hash chain (1-based).
    pub seq: u32,
    pub kind: EntryKind,
    /// When it happened, in the offset it was given in.
    pub occurred_at: Moment,
    /// When it was written into Firebreak.
    pub recorded_at: Moment,
    pub recorded_by: String,
    pub message: String,
    pub source: String,
    pub host: String,
    pub account: String,
    /// ATT&CK tactic ids, e.g. TA0005.
    pub tactics: Vec<String>,
    /// ATT&CK technique ids, e.g. T1486 or T1566.001.
    pub techniques: Vec<String>,
    pub confidence: Option<u8>,
    pub tags: Vec<String>,
    /// Playbook steps this entry relates to, as "playbook/step".
    pub step_links: Vec<String>,
    /// For actions: what kind of change, its subject, note and field changes.
    pub action: Option<AuditAction>,
    pub subject: String,
    pub note: String,
    pub changes: Vec<FieldChange>,
    /// What the entry says, in words: an action's headline and changes in one line (made
    /// from the record when read, so old records read as well as new ones); an event's or
    /// retraction's message as written.
    pub summary: String,
    /// An action's headline without its changes; an event's or retraction's message.
    pub headline: String,
    /// An action's changes, one sentence each (for a bulk action, one per item).
    pub sentences: Vec<String>,
    /// The entry this one replaces (an edit) or withdraws (a retraction).
    pub supersedes: Option<Uuid>,
    pub reason: String,
    /// Replaced by a later version or retracted.
    pub superseded: bool,
    pub hash: String,
}

/// An observed event as a responder or an import gives it.
#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct NewEvent {
    /// RFC 3339 with an offset.
    pub occurred_at: String,
    pub message: String,
    pub source: Option<String>,
    pub host: Option<String>,
    pub account: Option<String>,
    /// Tactic ids (TA0005) or names ("Defense Evasion" and "Stealth" both mean TA0005).
    pub tactics: Vec<String>,
    pub techniques: Vec<String>,
    pub confidence: Option<u8>,
    pub tags: Vec<String>,
    pub step_links: Vec<String>,
    /// Detail that does not fit the fields above (imports keep unknown columns here).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TimelineOrder {
    /// By when it happened.
    #[default]
    Occurred,
    /// By when it was recorded (chain order).
    Recorded,
    /// By when it happened, newest first (what a responder reads first during an incident).
    OccurredDesc,
    /// Chain order, last recorded first.
    RecordedDesc,
}

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct TimelineFilter {
    pub kind: Option<EntryKind>,
    /// One host, exactly (ignoring case).
    pub host: Option<String>,
    /// Hosts whose name contains this text anywhere, ignoring case ("fs01" finds
    /// fs01.offsec.lan).
    #[serde(default)]
    pub host_contains: Option<String>,
    /// Matches the account (for events) or the responder who recorded it.
    pub actor: Option<String>,
    pub tactic: Option<String>,
    pub tag: Option<String>,
    pub text: Option<String>,
    /// RFC 3339; inclusive.
    pub from: Option<String>,
    /// RFC 3339; exclusive.
    pub to: Option<String>,
    pub order: Option<TimelineOrder>,
    /// Skip this many matching entries (paging).
    pub offset: Option<u32>,
    /// Also list superseded versions and retracted entries.
    pub include_history: bool,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ChainStatus {
    Intact {
        entries: u32,
        head_hash: String,
    },
    Broken {
        entries: u32,
        first_bad_seq: u32,
        entry_id: String,
        problem: String,
    },
}

/// One window of a filtered listing, for views that page through large timelines.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct TimelinePage {
    /// How many entries match the filter in all.
    pub total: u32,
    pub offset: u32,
    pub entries: Vec<TimelineEntry>,
}

/// Where an incident was, phase by phase, over time (for the phase strip).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PhaseMark {
    /// `detected`, `declared`, then a phase code (`containment`, …) or `closed`/`reopened`.
    pub milestone: String,
    pub label: String,
    pub at: Moment,
}

coded_enum!(
    /// Formats the timeline can be exported in. `spreadsheet_csv` has the Timesketch CSV's
    /// columns for people: text cells that would start a formula begin with an apostrophe,
    /// so it is not for tools (the text is no longer exact); the Timesketch CSV is.
    ExportFormat ("format", "export format") {
        TimesketchCsv = "timesketch_csv" | "csv",
        TimesketchJsonl = "timesketch_jsonl" | "jsonl",
        SpreadsheetCsv = "spreadsheet_csv" | "spreadsheet",
        Markdown = "markdown" | "md",
        Html = "html",
    }
);

#[derive(Debug, Clone, Default, Deserialize, Type)]
pub struct ExportOptions {
    /// IANA time zone the Markdown and HTML reports show local times in (UTC when absent).
    pub time_zone: Option<String>,
    /// Also export superseded versions and retractions.
    pub include_history: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ExportSummary {
    pub path: String,
    pub format: ExportFormat,
    pub entries: u32,
    /// Typed as a plain number for TypeScript (exact up to 2^53).
    #[specta(type = u32)]
    pub bytes: u64,
    /// The chain head at the time of export; also written into the file.
    pub head_hash: String,
}

coded_enum!(
    /// Files the timeline can be imported from.
    ImportFormat ("format", "import format") {
        TimesketchCsv = "timesketch_csv",
        TimesketchJsonl = "timesketch_jsonl" | "jsonl",
        GenericCsv = "generic_csv" | "csv",
        GenericJsonl = "generic_jsonl",
        PlasoDynamic = "plaso_dynamic" | "dynamic",
        PlasoL2tcsv = "plaso_l2tcsv" | "l2tcsv",
        PlasoJsonLine = "plaso_json_line" | "json_line",
        PlasoJson = "plaso_json",
        PlasoTln = "plaso_tln" | "tln",
        PlasoL2ttln = "plaso_l2ttln" | "l2ttln",
        HayabusaCsv = "hayabusa_csv",
        HayabusaJsonl = "hayabusa_jsonl",
        Chainsaw = "chainsaw_json" | "chainsaw",
        Velociraptor = "velociraptor_jsonl" | "velociraptor",
        EvtxecmdCsv = "evtxecmd_csv" | "evtxecmd",
        MftecmdCsv = "mftecmd_csv" | "mftecmd",
    }
);

/// Which column of a generic CSV holds which field. Column names as in the header row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct ColumnMapping {
    pub occurred_at: String,
    pub message: String,
    pub source: Option<String>,
    pub host: Option<String>,
    pub account: Option<String>,
    pub tactics: Option<String>,
    pub techniques: Option<String>,
    pub confidence: Option<String>,
    pub tags: Option<String>,
    /// A second column holding the time of day, when `occurred_at` holds only the date.
    #[serde(default)]
    pub time_of_day: Option<String>,
    /// A column naming each row's time zone or offset (`UTC`, `CET`, `+02:00`,
    /// `Europe/Berlin`), for times written without an offset.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Offset for times written without one, e.g. "+01:00" or "Z". Absent: such times are
    /// refused rather than guessed.
    pub naive_offset: Option<String>,
}

/// What a file looks like before it is imported: its format, columns and first rows.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ImportPreview {
    pub format: ImportFormat,
    pub headers: Vec<String>,
    /// Up to five data rows, each with one value per header.
    pub sample: Vec<Vec<String>>,
    /// A mapping guessed from the header names (for generic CSV, to be confirmed).
    pub suggested: ColumnMapping,
    /// Typed as a plain number for TypeScript (exact up to 2^53).
    #[specta(type = u32)]
    pub bytes: u64,
    /// The detected format in words ("Plaso dynamic CSV").
    pub format_label: String,
    /// How each column (for JSON: each field path) becomes part of an entry.
    pub columns: Vec<ColumnUse>,
    /// Data rows in the file.
    pub rows: u32,
    /// Rows the tool that wrote the file could not date; importing them needs the
    /// responder's choice to skip them.
    pub undated: u32,
    /// Why those rows have no time, in words, with the first line that has none.
    pub undated_reason: Option<String>,
}

/// One column of an import file and the entry field it fills.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ColumnUse {
    pub column: String,
    /// In words, e.g. `time`, `date`, `time of day`, `time zone`, `message`, `rule
    /// (message)`, `message part`, `source`, `host`, `account`, `tactics`, `techniques`,
    /// `confidence`, `tags`, `detail` (kept in the note as "column: value") or `not kept`.
    pub field: String,
}

/// What to import and how: the format, a column mapping for generic files, and whether
/// rows the tool could not date are skipped (counted and recorded) rather than refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRequest {
    pub format: ImportFormat,
    pub mapping: Option<ColumnMapping>,
    pub skip_undated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ImportSummary {
    /// Data rows read (not counting the header).
    pub rows: u32,
    pub imported: u32,
    /// Rows already in this incident's timeline (same entry or same content); not added.
    pub duplicates: u32,
    /// Responder actions and retractions from another Firebreak export: those belong to the
    /// incident that recorded them and are not replayed as this incident's actions.
    pub skipped_actions: u32,
    /// Rows the tool could not date, skipped at the responder's request (recorded on the
    /// timeline as an action naming the file and the count).
    pub skipped_undated: u32,
    pub head_hash: String,
}
