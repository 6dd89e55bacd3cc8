-- Root-cause investigation: evidence with its chain of custody, indicators of compromise,
-- affected assets, findings and hypotheses, the root cause and its lessons, and the links
-- between them. Files are never copied in: evidence rows hold the hash and where it lives.

CREATE TABLE evidence (
    id                   TEXT PRIMARY KEY NOT NULL,
    incident_id          TEXT NOT NULL REFERENCES incidents (id),
    label                TEXT NOT NULL CHECK (length(trim(label)) > 0),
    description          TEXT NOT NULL DEFAULT '',
    kind                 TEXT NOT NULL CHECK (kind IN ('file', 'reference')),
    path                 TEXT NOT NULL DEFAULT '',
    sha256               TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    size_bytes           INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
    source_system        TEXT NOT NULL DEFAULT '',
    collected_by         TEXT NOT NULL,
    collected_at_utc     TEXT NOT NULL,
    collected_at_offset  INTEGER NOT NULL,
    storage_location     TEXT NOT NULL DEFAULT '',
    -- The outcome of the latest re-verification; history is in custody_events.
    status               TEXT NOT NULL DEFAULT 'unverified'
                         CHECK (status IN ('unverified', 'intact', 'mismatch', 'missing')),
    checked_at_utc       TEXT,
    added_by             TEXT NOT NULL,
    added_at_utc         TEXT NOT NULL,
    CHECK (kind <> 'file' OR (sha256 IS NOT NULL AND size_bytes IS NOT NULL AND length(path) > 0))
) STRICT;

CREATE INDEX evidence_by_incident ON evidence (incident_id, added_at_utc);

-- What was recorded at collection is the reference every later check compares against.
CREATE TRIGGER evidence_identity_fixed BEFORE UPDATE OF id, incident_id, kind, path, sha256, size_bytes, collected_by, collected_at_utc, collected_at_offset ON evidence
BEGIN
    SELECT RAISE(ABORT, 'an evidence item''s hash, size, path and collection record cannot change');
END;

CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence items are never deleted; record a custody event instead');
END;

CREATE TABLE custody_events (
    id               TEXT PRIMARY KEY NOT NULL,
    evidence_id      TEXT NOT NULL REFERENCES evidence (id),
    seq              INTEGER NOT NULL CHECK (seq >= 1),
    action           TEXT NOT NULL CHECK (action IN ('collected', 'transferred', 'accessed', 'analysed', 'returned', 'destroyed', 'verified', 'verification_failed')),
    actor            TEXT NOT NULL CHECK (length(trim(actor)) > 0),
    at_utc           TEXT NOT NULL,
    at_offset        INTEGER NOT NULL,
    location         TEXT NOT NULL DEFAULT '',
    purpose          TEXT NOT NULL DEFAULT '',
    observed_sha256  TEXT,
    recorded_by      TEXT NOT NULL,
    recorded_at_utc  TEXT NOT NULL,
    UNIQUE (evidence_id, seq)
) STRICT;

CREATE TRIGGER custody_events_no_update BEFORE UPDATE ON custody_events
BEGIN
    SELECT RAISE(ABORT, 'the chain of custody is append-only');
END;

CREATE TRIGGER custody_events_no_delete BEFORE DELETE ON custody_events
BEGIN
    SELECT RAISE(ABORT, 'the chain of custody is append-only');
END;

CREATE TABLE indicators (
    id                 TEXT PRIMARY KEY NOT NULL,
    incident_id        TEXT NOT NULL REFERENCES incidents (id),
    ioc_type           TEXT NOT NULL,
    value              TEXT NOT NULL CHECK (length(value) > 0),
    original           TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',
    tlp                TEXT NOT NULL CHECK (tlp IN ('clear', 'green', 'amber', 'amber_strict', 'red')),
    first_seen_utc     TEXT,
    first_seen_offset  INTEGER,
    last_seen_utc      TEXT,
    last_seen_offset   INTEGER,
    added_by           TEXT NOT NULL,
    added_at_utc       TEXT NOT NULL,
    updated_at_utc     TEXT NOT NULL,
    UNIQUE (incident_id, ioc_type, value),
    CHECK (first_seen_utc IS NULL OR last_seen_utc IS NULL OR first_seen_utc <= last_seen_utc)
) STRICT;

CREATE TABLE assets (
    id              TEXT PRIMARY KEY NOT NULL,
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    kind            TEXT NOT NULL CHECK (kind IN ('host', 'account', 'service', 'data_store', 'network', 'application')),
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    owner           TEXT NOT NULL DEFAULT '',
    compromise      TEXT NOT NULL CHECK (compromise IN ('suspected', 'confirmed', 'cleared')),
    containment     TEXT NOT NULL CHECK (containment IN ('not_started', 'in_progress', 'contained', 'not_needed')),
    notes           TEXT NOT NULL DEFAULT '',
    revision        INTEGER NOT NULL DEFAULT 1,
    updated_by      TEXT NOT NULL,
    updated_at_utc  TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX assets_by_identity ON assets (incident_id, kind, name COLLATE NOCASE);

CREATE TABLE findings (
    id              TEXT PRIMARY KEY NOT NULL,
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    statement       TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    added_by        TEXT NOT NULL,
    added_at_utc    TEXT NOT NULL
) STRICT;

CREATE TABLE hypotheses (
    id              TEXT PRIMARY KEY NOT NULL,
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    statement       TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    status          TEXT NOT NULL CHECK (status IN ('open', 'supported', 'refuted')),
    rationale       TEXT NOT NULL DEFAULT '',
    revision        INTEGER NOT NULL DEFAULT 1,
    added_by        TEXT NOT NULL,
    added_at_utc    TEXT NOT NULL,
    updated_at_utc  TEXT NOT NULL,
    CHECK (status = 'open' OR length(trim(rationale)) > 0)
) STRICT;

CREATE TABLE root_causes (
    incident_id           TEXT PRIMARY KEY NOT NULL REFERENCES incidents (id),
    statement             TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    initial_access        TEXT NOT NULL DEFAULT '',
    contributing_factors  TEXT NOT NULL CHECK (json_valid(contributing_factors)),
    revision              INTEGER NOT NULL DEFAULT 1,
    updated_by            TEXT NOT NULL,
    updated_at_utc        TEXT NOT NULL
) STRICT;

CREATE TABLE action_items (
    id              TEXT PRIMARY KEY NOT NULL,
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    action          TEXT NOT NULL CHECK (length(trim(action)) > 0),
    owner           TEXT NOT NULL CHECK (length(trim(owner)) > 0),
    due_date        TEXT NOT NULL CHECK (date(due_date) IS due_date),
    status          TEXT NOT NULL CHECK (status IN ('open', 'done')),
    added_by        TEXT NOT NULL,
    added_at_utc    TEXT NOT NULL,
    done_at_utc     TEXT
) STRICT;

-- Evidence supports findings and sits on timeline entries and playbook steps; hypotheses
-- rest on evidence and findings; indicators were seen in timeline entries.
CREATE TABLE investigation_links (
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    from_kind       TEXT NOT NULL CHECK (from_kind IN ('evidence', 'indicator', 'hypothesis')),
    from_id         TEXT NOT NULL,
    to_kind         TEXT NOT NULL CHECK (to_kind IN ('timeline_entry', 'playbook_step', 'finding', 'evidence')),
    to_id           TEXT NOT NULL,
    added_by        TEXT NOT NULL,
    added_at_utc    TEXT NOT NULL,
    PRIMARY KEY (from_kind, from_id, to_kind, to_id)
) STRICT;

CREATE INDEX links_by_incident ON investigation_links (incident_id);
