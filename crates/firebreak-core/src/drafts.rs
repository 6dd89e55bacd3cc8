//! Unsaved form contents, kept in the database (owner-only, with the incident) instead of the
//! webview's local storage, so nothing a responder typed is lost to a crash and nothing
//! sensitive sits in a browser profile. Not part of the record: not on the operation log.

use serde::Serialize;
use specta::Type;
use uuid::Uuid;

use crate::{time, Error, Result, Store};

const PREFIX: &str = "firebreak.draft.";
const KEY_MAX: usize = 200;
/// A pasted threat report or a long regulator message fits many times over.
const VALUE_MAX: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Draft {
    pub key: String,
    /// The form's contents as JSON text, exactly as the window stored it.
    pub value: String,
}

/// Every draft, for the window to read once at start.
pub fn all(store: &Store) -> Result<Vec<Draft>> {
    store.read(|c| {
        let mut stmt = c.prepare("SELECT key, value FROM drafts ORDER BY key")?;
        let rows = stmt.query_map([], |r| {
            Ok(Draft {
                key: r.get(0)?,
                value: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    })
}

/// Keeps `value` (JSON text) under `key`, replacing what was there.
pub fn put(store: &Store, key: &str, value: &str) -> Result<()> {
    let key = checked_key(key)?;
    if value.len() > VALUE_MAX {
        return Err(Error::validation(
            "value",
            format!(
                "a draft is at most {} KiB; this one is {} KiB",
                VALUE_MAX / 1024,
                value.len() / 1024
            ),
        ));
    }
    if serde_json::from_str::<serde_json::Value>(value).is_err() {
        return Err(Error::validation("value", "a draft is stored as JSON"));
    }
    // Per-incident drafts end with the incident's id; they go when the incident's do.
    let incident = key
        .rsplit('.')
        .next()
        .and_then(|tail| Uuid::parse_str(tail).ok())
        .map(|u| u.to_string());
    let now = time::utc_text(&time::now_local());
    store.write(|tx| {
        tx.execute(
            "INSERT INTO drafts (key, incident_id, value, updated_at_utc) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                 updated_at_utc = excluded.updated_at_utc",
            rusqlite::params![key, incident, value, now],
        )?;
        Ok(())
    })
}

/// Removes the draft (saved or discarded); removing one that is not there is not an error.
pub fn clear(store: &Store, key: &str) -> Result<()> {
    let key = checked_key(key)?;
    store.write(|tx| {
        tx.execute("DELETE FROM drafts WHERE key = ?1", [key])?;
        Ok(())
    })
}

fn checked_key(key: &str) -> Result<&str> {
    if !key.starts_with(PREFIX) || key.len() > KEY_MAX || key.chars().any(char::is_control) {
        return Err(Error::validation(
            "key",
            format!("{key:?} is not a draft key (firebreak.draft.…, at most {KEY_MAX} characters)"),
        ));
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_kept_replaced_and_cleared() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            context: "tempdir".into(),
            source,
        })?;
        let store = Store::open(&dir.path().join("t.db"))?;
        let id = crate::testing::declare_in(&store, "Ransom note on fs01")?;
        let key = format!("firebreak.draft.message.v1.{id}");
        put(&store, &key, r#"{"body":"Dear ICO,"}"#)?;
        put(&store, &key, r#"{"body":"Dear ICO, we write"}"#)?;
        put(
            &store,
            "firebreak.draft.declare.v1",
            r#"{"title":"Half-typed"}"#,
        )?;
        let drafts = all(&store)?;
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[1].value, r#"{"body":"Dear ICO, we write"}"#);
        let owner: Option<String> = store.read(|c| {
            Ok(c.query_row(
                "SELECT incident_id FROM drafts WHERE key = ?1",
                [&key],
                |r| r.get(0),
            )?)
        })?;
        assert_eq!(owner, Some(id.to_string()));
        clear(&store, &key)?;
        clear(&store, &key)?;
        assert_eq!(all(&store)?.len(), 1);
        Ok(())
    }

    #[test]
    fn foreign_keys_oversized_and_non_json_values_are_refused() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|source| Error::Io {
            context: "tempdir".into(),
            source,
        })?;
        let store = Store::open(&dir.path().join("t.db"))?;
        assert!(put(&store, "settings.theme", "{}").is_err());
        assert!(put(&store, "firebreak.draft.x", "not json").is_err());
        let big = format!("\"{}\"", "x".repeat(VALUE_MAX));
        let refused = put(&store, "firebreak.draft.x", &big);
        assert!(
            matches!(&refused, Err(Error::Validation { message, .. }) if message.contains("KiB"))
        );
        assert!(all(&store)?.is_empty());
        Ok(())
    }
}
