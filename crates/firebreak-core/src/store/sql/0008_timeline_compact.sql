-- Compact timeline storage for incidents of a million entries. The content and its hash
-- chain are unchanged (the canonical form is built from these columns byte for byte as
-- before); what changes is how many bytes SQLite writes and reads for each entry, which
-- is what bulk imports, exports and chain verification spend their time on:
-- - an integer incident key instead of the 36-character id, in the row and every index;
-- - 16-byte ids and import keys, and the 32-byte hash, as BLOBs instead of hex text;
-- - times as integer microseconds (UTC) instead of 27 characters of text;
-- - no stored prev_hash: it is the previous entry's hash, recomputed when verifying;
-- - re-import detection looks entries up by time instead of keeping its own index.
-- The migration hook copies and converts every entry, then runs 0008_timeline_compact_finish.sql.

CREATE TABLE timeline_incidents (
    key          INTEGER PRIMARY KEY,
    incident_id  TEXT NOT NULL UNIQUE REFERENCES incidents (id)
) STRICT;

-- No foreign key on `incident`: the appender allots the key in the same transaction, and a
-- per-row key lookup would cost a bulk import more than every index but one.
CREATE TABLE timeline_entries_compact (
    incident            INTEGER NOT NULL,
    seq                 INTEGER NOT NULL CHECK (seq >= 1),
    id                  BLOB NOT NULL UNIQUE CHECK (length(id) = 16),
    kind                TEXT NOT NULL CHECK (kind IN ('event', 'action', 'retraction')),
    occurred_at         INTEGER NOT NULL,
    occurred_at_offset  INTEGER NOT NULL,
    recorded_at         INTEGER NOT NULL,
    recorded_at_offset  INTEGER NOT NULL,
    recorded_by         TEXT NOT NULL,
    message             TEXT NOT NULL,
    source              TEXT NOT NULL,
    host                TEXT NOT NULL,
    account             TEXT NOT NULL,
    tactics             TEXT NOT NULL,
    techniques          TEXT NOT NULL,
    confidence          INTEGER CHECK (confidence BETWEEN 0 AND 100),
    tags                TEXT NOT NULL,
    step_links          TEXT NOT NULL,
    action              TEXT NOT NULL,
    subject             TEXT NOT NULL,
    note                TEXT NOT NULL,
    changes             TEXT NOT NULL,
    supersedes          BLOB REFERENCES timeline_entries_compact (id),
    reason              TEXT NOT NULL,
    import_key          BLOB CHECK (import_key IS NULL OR length(import_key) = 16),
    hash                BLOB NOT NULL CHECK (length(hash) = 32),
    UNIQUE (incident, seq)
) STRICT;
