//! Stored playbooks: the built-ins (synced into every database on open) and imported ones,
//! every version kept.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use specta::Type;

use super::parse::parse;
use super::{Playbook, Section};
use crate::catalog::IncidentType;
use crate::{time, Error, Result, Store};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_playbooks.rs"));
}

pub use builtin::BUILTIN;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PlaybookSource {
    Builtin,
    Imported,
}

impl PlaybookSource {
    fn code(self) -> &'static str {
        match self {
            PlaybookSource::Builtin => "builtin",
            PlaybookSource::Imported => "imported",
        }
    }
}

/// A playbook as listed: its latest version and how many steps each section has.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PlaybookSummary {
    pub id: String,
    pub title: String,
    pub version: u32,
    pub source: PlaybookSource,
    pub incident_types: Vec<IncidentType>,
    pub summary: String,
    pub section_counts: Vec<SectionCount>,
    pub conditional_steps: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SectionCount {
    pub section: Section,
    pub steps: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ImportOutcome {
    pub id: String,
    pub version: u32,
    /// False when exactly this file was already stored (importing it again changes nothing).
    pub added: bool,
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Stores any built-in playbook version the database does not have yet. `Store::open` runs
/// it in one transaction, so a database never has half a library.
pub(crate) fn sync_builtins(c: &Connection) -> Result<()> {
    for (file, content) in BUILTIN {
        let sha = sha256_hex(content);
        let known: Option<i64> = c
            .query_row(
                "SELECT 1 FROM playbooks WHERE content_sha256 = ?1",
                [&sha],
                |r| r.get(0),
            )
            .optional()?;
        if known.is_some() {
            continue;
        }
        let playbook = parse(content).map_err(|d| {
            Error::Corrupt(format!(
                "built-in playbook {file} does not lint: {}",
                d.first().map(ToString::to_string).unwrap_or_default()
            ))
        })?;
        // A changed built-in must bump its version; an unchanged (id, version) is kept as is.
        if !version_exists(c, &playbook.id, playbook.version)? {
            insert(c, &playbook, PlaybookSource::Builtin, file, content, &sha)?;
        }
    }
    Ok(())
}

/// Validates and stores a playbook file. All or nothing: an invalid file stores nothing and
/// its every problem is returned; a version already stored with other content is refused.
pub fn import(store: &Store, file_name: &str, content: &str) -> Result<ImportOutcome> {
    let playbook = parse(content).map_err(|diagnostics| Error::PlaybookInvalid {
        file: file_name.to_owned(),
        diagnostics,
    })?;
    let sha = sha256_hex(content);
    store.write(|tx| {
        let stored: Option<String> = tx
            .query_row(
                "SELECT content_sha256 FROM playbooks WHERE id = ?1 AND version = ?2",
                params![playbook.id, playbook.version],
                |r| r.get(0),
            )
            .optional()?;
        let outcome = ImportOutcome { id: playbook.id.clone(), version: playbook.version, added: stored.is_none() };
        match stored {
            Some(existing) if existing == sha => Ok(outcome),
            Some(_) => Err(Error::Conflict(format!(
                "playbook {} version {} is already stored with different content; bump `version` to import a change",
                playbook.id, playbook.version
            ))),
            None => {
                insert(tx, &playbook, PlaybookSource::Imported, file_name, content, &sha)?;
                Ok(outcome)
            }
        }
    })
}

/// The latest version of every playbook, by title.
pub fn list(store: &Store) -> Result<Vec<PlaybookSummary>> {
    store.read(|c| {
        let mut stmt = c.prepare_cached(
            "SELECT p.source, p.content FROM playbooks p
             WHERE p.version = (SELECT max(version) FROM playbooks q WHERE q.id = p.id)
             ORDER BY p.title COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (source, content) = row?;
            Ok(summarise(&reparse(&content)?, source_of(&source)?))
        })
        .collect()
    })
}

/// One playbook: the given version, or the latest.
pub fn get(store: &Store, id: &str, version: Option<u32>) -> Result<Playbook> {
    store.read(|c| load(c, id, version))
}

pub(crate) fn load(c: &Connection, id: &str, version: Option<u32>) -> Result<Playbook> {
    let content: Option<String> = c
        .query_row(
            "SELECT content FROM playbooks WHERE id = ?1 AND (?2 IS NULL OR version = ?2)
             ORDER BY version DESC LIMIT 1",
            params![id, version],
            |r| r.get(0),
        )
        .optional()?;
    let what = match version {
        Some(v) => format!("{id} version {v}"),
        None => id.to_owned(),
    };
    reparse(&content.ok_or(Error::NotFound {
        what: "playbook",
        id: what,
    })?)
}

fn reparse(content: &str) -> Result<Playbook> {
    parse(content).map_err(|d| {
        Error::Corrupt(format!(
            "stored playbook no longer parses: {}",
            d.first().map(ToString::to_string).unwrap_or_default()
        ))
    })
}

fn source_of(code: &str) -> Result<PlaybookSource> {
    match code {
        "builtin" => Ok(PlaybookSource::Builtin),
        "imported" => Ok(PlaybookSource::Imported),
        other => Err(Error::Corrupt(format!("unknown playbook source {other:?}"))),
    }
}

pub fn summarise(p: &Playbook, source: PlaybookSource) -> PlaybookSummary {
    let section_counts = Section::ALL
        .iter()
        .map(|&section| SectionCount {
            section,
            steps: u32::try_from(p.steps.iter().filter(|s| s.section == section).count())
                .unwrap_or(u32::MAX),
        })
        .collect();
    PlaybookSummary {
        id: p.id.clone(),
        title: p.title.clone(),
        version: p.version,
        source,
        incident_types: p.incident_types.clone(),
        summary: p.summary.clone(),
        section_counts,
        conditional_steps: u32::try_from(p.steps.iter().filter(|s| !s.when.is_empty()).count())
            .unwrap_or(u32::MAX),
    }
}

fn version_exists(c: &Connection, id: &str, version: u32) -> Result<bool> {
    Ok(c.query_row(
        "SELECT 1 FROM playbooks WHERE id = ?1 AND version = ?2",
        params![id, version],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

fn insert(
    c: &Connection,
    p: &Playbook,
    source: PlaybookSource,
    file: &str,
    content: &str,
    sha: &str,
) -> Result<()> {
    c.execute(
        "INSERT INTO playbooks (id, version, title, source, file_name, content, content_sha256, added_at_utc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![p.id, p.version, p.title, source.code(), file, content, sha, time::utc_text(&time::now_local())],
    )?;
    let mut stmt = c.prepare_cached(
        "INSERT INTO step_search (playbook_id, version, step_id, section, playbook_title, title, guidance, output)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for s in &p.steps {
        stmt.execute(params![
            p.id,
            p.version,
            s.id,
            s.section.code(),
            p.title,
            s.title,
            s.guidance,
            s.output
        ])?;
    }
    Ok(())
}
