PRAGMA application_id = 1179796043;

CREATE TABLE incidents (
    id                  TEXT PRIMARY KEY NOT NULL,
    title               TEXT NOT NULL CHECK (length(trim(title)) > 0),
    incident_type       TEXT NOT NULL,
    severity            TEXT NOT NULL CHECK (severity IN ('sev1', 'sev2', 'sev3', 'sev4')),
    phase               TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    detected_at_utc     TEXT NOT NULL,
    detected_at_offset  INTEGER NOT NULL,
    declared_at_utc     TEXT NOT NULL,
    declared_at_offset  INTEGER NOT NULL,
    commander           TEXT NOT NULL DEFAULT '',
    summary             TEXT NOT NULL DEFAULT '',
    revision            INTEGER NOT NULL DEFAULT 1,
    updated_at_utc      TEXT NOT NULL,
    closed_at_utc       TEXT
) STRICT;

CREATE INDEX incidents_by_declared ON incidents (declared_at_utc);
CREATE INDEX incidents_by_status ON incidents (status, declared_at_utc);

-- The record of what responders did is evidence: append-only, enforced by the database.
CREATE TABLE audit_entries (
    id           TEXT PRIMARY KEY NOT NULL,
    incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE RESTRICT,
    at_utc       TEXT NOT NULL,
    at_offset    INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    changes      TEXT NOT NULL CHECK (json_valid(changes))
) STRICT;

CREATE INDEX audit_by_incident ON audit_entries (incident_id, id);

CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only');
END;
