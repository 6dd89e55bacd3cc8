-- What a responder has typed but not yet saved (a declaration, a regulator message, the
-- root cause, a pasted threat report), kept here rather than in the webview's storage so it
-- lives in the same owner-only file as the incident. Drafts are not part of the record:
-- they are not on the operation log, and they are removed once saved or discarded.
CREATE TABLE drafts (
    key             TEXT PRIMARY KEY CHECK (key GLOB 'firebreak.draft.*' AND length(key) <= 200),
    incident_id     TEXT,
    value           TEXT NOT NULL CHECK (json_valid(value)),
    updated_at_utc  TEXT NOT NULL
) STRICT;

CREATE INDEX drafts_by_incident ON drafts (incident_id);
