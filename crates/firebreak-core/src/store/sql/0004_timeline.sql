-- One append-only, hash-chained record per incident: observed events (what happened),
-- responder actions (what we did; formerly audit_entries) and retractions. An edit is a new
-- entry that supersedes the old one; nothing is rewritten in place.
CREATE TABLE timeline_entries (
    id                  TEXT PRIMARY KEY NOT NULL,
    incident_id         TEXT NOT NULL REFERENCES incidents (id),
    seq                 INTEGER NOT NULL CHECK (seq >= 1),
    kind                TEXT NOT NULL CHECK (kind IN ('event', 'action', 'retraction')),
    occurred_at_utc     TEXT NOT NULL,
    occurred_at_offset  INTEGER NOT NULL,
    recorded_at_utc     TEXT NOT NULL,
    recorded_at_offset  INTEGER NOT NULL,
    recorded_by         TEXT NOT NULL,
    message             TEXT NOT NULL,
    source              TEXT NOT NULL DEFAULT '',
    host                TEXT NOT NULL DEFAULT '',
    account             TEXT NOT NULL DEFAULT '',
    tactics             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tactics)),
    techniques          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(techniques)),
    confidence          INTEGER CHECK (confidence BETWEEN 0 AND 100),
    tags                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    step_links          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(step_links)),
    action              TEXT NOT NULL DEFAULT '',
    subject             TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    changes             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
    supersedes          TEXT REFERENCES timeline_entries (id),
    reason              TEXT NOT NULL DEFAULT '',
    import_key          TEXT,
    prev_hash           TEXT NOT NULL,
    hash                TEXT NOT NULL,
    UNIQUE (incident_id, seq),
    UNIQUE (incident_id, import_key)
) STRICT;

CREATE INDEX timeline_by_occurred ON timeline_entries (incident_id, occurred_at_utc);
CREATE INDEX timeline_by_host ON timeline_entries (incident_id, host, occurred_at_utc);

-- Existing audit entries become action entries, in their original order; the migration hook
-- computes their hash chain and then installs the append-only triggers.
INSERT INTO timeline_entries (
    id, incident_id, seq, kind, occurred_at_utc, occurred_at_offset, recorded_at_utc,
    recorded_at_offset, recorded_by, message, action, subject, note, changes, prev_hash, hash
)
SELECT id, incident_id, row_number() OVER (PARTITION BY incident_id ORDER BY id), 'action',
       at_utc, at_offset, at_utc, at_offset, actor, '', action, subject, note, changes, '', ''
FROM audit_entries;

DROP TRIGGER audit_entries_no_update;
DROP TRIGGER audit_entries_no_delete;
DROP TABLE audit_entries;
