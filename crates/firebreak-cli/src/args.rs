use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use firebreak_core::incident::IncidentSort;

/// Firebreak incident-response coordinator, headless.
///
/// Uses the same database as the desktop app: --db PATH, else $FIREBREAK_DB, else the
/// OS app-data directory.
#[derive(Debug, Parser)]
#[command(name = "firebreak", version)]
pub struct Cli {
    /// Database file (its directory must exist).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text (errors too, on stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// Name recorded in the audit trail (default: $FIREBREAK_ACTOR, else your login name).
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub actor: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Declare, list, show and change incidents.
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// Check, import, list, read and search playbooks.
    #[command(subcommand)]
    Playbook(PlaybookCommand),
    /// Follow playbooks on an incident: start them, see progress, change step states.
    #[command(subcommand)]
    Run(RunCommand),
    /// The incident timeline: observed events and responder actions, hash-chained.
    #[command(subcommand)]
    Timeline(TimelineCommand),
    /// Notification obligations: who must be told, by when, and what was decided.
    ///
    /// With INCIDENT: the incident's obligations (optionally after loading facts, recording a
    /// decision or exporting an .ics calendar). With --facts FILE.json alone: the obligations
    /// those facts give, without a database (format in docs/notifications.md).
    Obligations(ObligationsArgs),
    /// Evidence register: hash files where they lie, keep the chain of custody, re-verify.
    #[command(subcommand)]
    Evidence(crate::investigate::EvidenceCommand),
    /// Indicators of compromise: add (refanged, deduplicated), import STIX 2.1 or MISP, list,
    /// export STIX 2.1 or CSV.
    #[command(subcommand)]
    Ioc(crate::investigate::IocCommand),
    /// Write the executive brief or the post-incident report as HTML or PDF (no window needed).
    Report(crate::investigate::ReportArgs),
    /// This device's signing key: name, fingerprint and key file (made on first use).
    Identity,
    /// Check the whole record: each incident's timeline chain and signatures, the operation
    /// log's device chains and signatures, and a replay of the log compared row by row with
    /// the tables. Exit 1 if anything fails.
    Verify {
        /// Only this incident (id or a unique prefix/suffix); the log is still checked whole.
        incident: Option<String>,
    },
    /// The stakeholder directory: import and export CSV or vCard (.vcf) files.
    #[command(subcommand)]
    Contacts(ContactsCommand),
}

#[derive(Debug, Subcommand)]
pub enum ContactsCommand {
    /// Add or update people from a CSV or vCard file (Outlook, iPhone, Android, Gmail,
    /// macOS, Lotus Notes exports); all or nothing, a bad record names its line.
    Import {
        /// A .csv (Firebreak's columns) or .vcf/.vcard file.
        file: PathBuf,
        /// Check the file and say what would change, without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write the directory to a CSV or vCard file (chosen by the extension).
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Replace FILE if it exists (otherwise an existing file is refused and kept).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct ObligationsArgs {
    /// Incident id (or a unique prefix/suffix of it).
    pub incident: Option<String>,
    /// Facts file (JSON). Without INCIDENT: evaluate it alone. With INCIDENT: needs --save.
    #[arg(long, value_name = "FILE.json")]
    pub facts: Option<PathBuf>,
    /// Store the --facts file as the incident's notification facts (re-derives and records).
    #[arg(long, requires_all = ["facts", "incident"])]
    pub save: bool,
    /// Record a decision on this rule id.
    #[arg(long, value_name = "RULE_ID", requires_all = ["incident", "decision"])]
    pub decide: Option<String>,
    /// pending | drafted | sent | not_required | delayed
    #[arg(long, requires = "decide")]
    pub decision: Option<String>,
    /// Rationale (not_required), legal basis (delayed) or a note.
    #[arg(long, requires = "decide", default_value = "")]
    pub note: String,
    /// When it was sent (RFC 3339 with offset; default now).
    #[arg(long, value_name = "RFC3339", requires = "decide")]
    pub sent_at: Option<String>,
    /// Write the incident's deadlines to an iCalendar file.
    #[arg(long, value_name = "FILE.ics", requires = "incident")]
    pub ics: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum TimelineCommand {
    /// Record an observed event.
    Add {
        incident: String,
        /// When it happened, RFC 3339 with offset
        #[arg(long, value_name = "RFC3339")]
        at: String,
        #[arg(long)]
        message: String,
        /// Where it was seen (EDR, firewall, email gateway, interview…)
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        host: Option<String>,
        /// Account or actor involved
        #[arg(long)]
        account: Option<String>,
        /// ATT&CK tactic id or name (repeatable)
        #[arg(long)]
        tactic: Vec<String>,
        /// ATT&CK technique id (repeatable)
        #[arg(long)]
        technique: Vec<String>,
        /// 0–100
        #[arg(long)]
        confidence: Option<u8>,
        #[arg(long)]
        tag: Vec<String>,
        /// PLAYBOOK/STEP this relates to (repeatable)
        #[arg(long)]
        step: Vec<String>,
    },
    /// List entries (current versions, by time of occurrence).
    List {
        incident: String,
        /// event, action or retraction
        #[arg(long)]
        kind: Option<String>,
        /// One host, exactly (ignoring case)
        #[arg(long)]
        host: Option<String>,
        /// Hosts whose name contains this text (ignoring case)
        #[arg(long, value_name = "TEXT")]
        host_contains: Option<String>,
        #[arg(long)]
        actor: Option<String>,
        #[arg(long)]
        tactic: Option<String>,
        #[arg(long)]
        tag: Option<String>,
        #[arg(long)]
        search: Option<String>,
        #[arg(long, value_name = "RFC3339")]
        from: Option<String>,
        #[arg(long, value_name = "RFC3339")]
        to: Option<String>,
        /// Order by recording time (chain order) instead of occurrence
        #[arg(long)]
        recorded: bool,
        /// Include superseded versions and retractions
        #[arg(long)]
        history: bool,
    },
    /// Hosts on the timeline containing TEXT (all without it), most entries first.
    Hosts {
        incident: String,
        text: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Withdraw an entry (it stays in the history with the reason).
    Retract {
        incident: String,
        entry: String,
        #[arg(long)]
        reason: String,
    },
    /// Show, mark (ENTRY: an event id) or --clear the first malicious activity: where time
    /// to detect and the phase strip start (never the oldest imported event).
    InitialAccess {
        incident: String,
        entry: Option<String>,
        #[arg(long, conflicts_with = "entry")]
        clear: bool,
    },
    /// Check the incident's hash chain; exit 1 if it is broken.
    Verify { incident: String },
    /// Write the timeline to a file (written whole or not at all).
    Export {
        incident: String,
        /// timesketch-csv, timesketch-jsonl (exact, for tools), spreadsheet-csv (formula cells
        /// neutralised, for people), markdown or html
        #[arg(long)]
        format: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// IANA time zone for local times in Markdown and HTML (default UTC)
        #[arg(long, value_name = "ZONE")]
        tz: Option<String>,
        /// Include superseded versions and retractions
        #[arg(long)]
        history: bool,
    },
    /// Import events from Timesketch, Plaso, Hayabusa, Chainsaw, Velociraptor or EZ Tools
    /// output, or any CSV / JSON Lines with --map; all rows or none.
    Import {
        incident: String,
        file: PathBuf,
        /// The format (default: recognised from the header or first record): timesketch_csv,
        /// timesketch_jsonl, plaso_dynamic, plaso_l2tcsv, plaso_json_line, plaso_json,
        /// plaso_tln, plaso_l2ttln, hayabusa_csv, hayabusa_jsonl, chainsaw_json,
        /// velociraptor_jsonl, evtxecmd_csv, mftecmd_csv, generic_csv, generic_jsonl
        #[arg(long)]
        format: Option<String>,
        /// For a generic file: FIELD=COLUMN pairs, e.g. occurred_at=Time,message=Event,host=Computer
        /// (also time_of_day=COLUMN and time_zone=COLUMN; JSON fields as dotted paths)
        #[arg(long, value_name = "FIELD=COLUMN", value_delimiter = ',')]
        map: Vec<String>,
        /// Offset of times written without one, e.g. +01:00 or Z (default: refuse them)
        #[arg(long, value_name = "OFFSET")]
        naive_offset: Option<String>,
        /// Skip rows the tool could not date (Plaso's "Not a time"); the count is recorded
        /// on the timeline. Without it such rows are refused and nothing is imported.
        #[arg(long)]
        skip_undated: bool,
        /// Show the detected format, how columns map, the row count and undated rows;
        /// store nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlaybookCommand {
    /// Check playbook files; prints every problem as FILE:LINE:COL: MESSAGE.
    Lint {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Validate and store a playbook file (nothing is stored if it has any problem).
    Import { file: PathBuf },
    /// List the latest version of every playbook.
    List,
    /// Print a playbook as a document (latest version unless --version).
    Show {
        id: String,
        #[arg(long)]
        version: Option<u32>,
    },
    /// Full-text search across all playbooks.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum RunCommand {
    /// Start a playbook on an incident.
    Start { incident: String, playbook: String },
    /// Progress per playbook and section, what to do next, and the incident's facts.
    Status { incident: String },
    /// Change a step: STEP is a step id, or PLAYBOOK/STEP when several runs have it.
    Step {
        incident: String,
        step: String,
        /// todo, in-progress, done, skipped, blocked
        #[arg(long)]
        state: Option<String>,
        /// Why it was skipped or is blocked (required for those states)
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// Role of the assignee (commander, scribe, it_ops, forensics, legal, comms, executive, hr)
        #[arg(long)]
        role: Option<String>,
        #[arg(long, value_name = "NAME")]
        assignee: Option<String>,
    },
    /// Set incident facts that decide conditional steps: FACT=yes|no|unknown.
    Facts {
        incident: String,
        #[arg(value_name = "FACT=VALUE")]
        set: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Declare a new incident.
    Declare(DeclareArgs),
    /// List incidents (open ones by default).
    List(ListArgs),
    /// Show one incident with its audit trail.
    Show {
        /// Incident id, or an unambiguous prefix or suffix (the ID column of `list`).
        id: String,
    },
    /// The incident at a glance: what is overdue, what is next, progress.
    Status {
        /// Incident id, or an unambiguous prefix or suffix.
        id: String,
    },
    /// Change fields of an incident; only the options given are changed.
    Edit(EditArgs),
    /// Close an incident.
    Close { id: String },
    /// Reopen a closed incident.
    Reopen { id: String },
}

// Vocabulary options are plain strings parsed by the core, so the CLI and the app accept
// and reject exactly the same values with the same messages.
#[derive(Debug, Args)]
pub struct DeclareArgs {
    #[arg(long)]
    pub title: String,
    /// ransomware, business_email_compromise (bec), data_breach, credential_compromise,
    /// insider_threat, malware_outbreak, ddos, cloud_account_compromise,
    /// lost_stolen_device, third_party, other
    #[arg(long = "type", value_name = "TYPE")]
    pub incident_type: String,
    /// sev1 (critical) … sev4 (low)
    #[arg(long)]
    pub severity: String,
    /// When it was detected, RFC 3339 with offset (default: now)
    #[arg(long, value_name = "RFC3339")]
    pub detected_at: Option<String>,
    /// detection_analysis (default), containment, eradication, recovery, post_incident
    #[arg(long)]
    pub phase: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub commander: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// open, closed or all
    #[arg(long, default_value = "open")]
    pub status: String,
    #[arg(long = "type", value_name = "TYPE")]
    pub incident_type: Option<String>,
    #[arg(long)]
    pub severity: Option<String>,
    /// Text to find in title, summary or commander
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, value_enum, default_value_t = SortArg::Declared)]
    pub sort: SortArg,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub id: String,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long = "type", value_name = "TYPE")]
    pub incident_type: Option<String>,
    #[arg(long)]
    pub severity: Option<String>,
    #[arg(long)]
    pub phase: Option<String>,
    #[arg(long, value_name = "RFC3339")]
    pub detected_at: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub commander: Option<String>,
    #[arg(long)]
    pub summary: Option<String>,
    /// Refuse the edit if the incident is no longer at this revision
    #[arg(long, value_name = "N")]
    pub expect_revision: Option<u32>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    /// Most recently declared first
    Declared,
    /// Oldest declared first
    Oldest,
    /// Most recently detected first
    Detected,
    /// SEV1 first
    Severity,
    /// Most recently changed first
    Updated,
    Title,
}

impl From<SortArg> for IncidentSort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Declared => IncidentSort::DeclaredDesc,
            SortArg::Oldest => IncidentSort::DeclaredAsc,
            SortArg::Detected => IncidentSort::DetectedDesc,
            SortArg::Severity => IncidentSort::Severity,
            SortArg::Updated => IncidentSort::UpdatedDesc,
            SortArg::Title => IncidentSort::Title,
        }
    }
}
