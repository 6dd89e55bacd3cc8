//! Full-text search across the latest version of every playbook (SQLite FTS5, BM25 ranking).

use rusqlite::params;
use serde::Serialize;
use specta::Type;

use super::Section;
use crate::{Error, Result, Store};

/// Marks the start and end of a matched term in [`SearchHit::snippet`]. Control characters
/// never occur in playbook text, so the UI can split on them and render the match without
/// treating any of the text as HTML.
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct SearchHit {
    pub playbook_id: String,
    pub playbook_title: String,
    pub version: u32,
    pub step_id: String,
    pub step_title: String,
    pub section: Section,
    /// A short extract around the match, matched terms between MATCH_START and MATCH_END.
    pub snippet: String,
}

/// Every word must match (as a prefix, after stemming); titles weigh more than guidance.
pub fn search(store: &Store, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
    let Some(fts) = fts_query(query) else {
        return Ok(Vec::new());
    };
    store.read(|c| {
        let mut stmt = c.prepare_cached(
            "SELECT s.playbook_id, s.playbook_title, s.version, s.step_id, s.title, s.section,
                    snippet(step_search, -1, char(2), char(3), '…', 16)
             FROM step_search s
             JOIN (SELECT id, max(version) AS v FROM playbooks GROUP BY id) latest
               ON latest.id = s.playbook_id AND latest.v = s.version
             WHERE step_search MATCH ?1
             ORDER BY bm25(step_search, 0, 0, 0, 0, 2.0, 8.0, 1.0, 2.0)
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![fts, limit], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        rows.map(|row| {
            let (playbook_id, playbook_title, version, step_id, step_title, section, snippet) =
                row?;
            Ok(SearchHit {
                playbook_id,
                playbook_title,
                version,
                step_id,
                step_title,
                section: section
                    .parse()
                    .map_err(|e: Error| Error::Corrupt(e.to_string()))?,
                snippet: snippet.replace("**", ""),
            })
        })
        .collect()
    })
}

/// Turns what a person typed into an FTS5 query: each word quoted (so `-`, `:` or `AND` in
/// the input are text, not syntax) and matched as a prefix.
fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_text_cannot_inject_fts_syntax() {
        assert_eq!(
            fts_query("isolate host").as_deref(),
            Some("\"isolate\"* \"host\"*")
        );
        assert_eq!(
            fts_query("NEAR(\"x\" OR -y)").as_deref(),
            Some("\"near\"* \"x\"* \"or\"* \"y\"*")
        );
        assert_eq!(fts_query("  --  "), None);
    }
}
