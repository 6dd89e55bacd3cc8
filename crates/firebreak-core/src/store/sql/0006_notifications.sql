-- Stakeholder notification: the facts that decide which regulatory clocks run, the decision
-- taken on each obligation, a reusable stakeholder directory, message templates with
-- versions, and the messages drafted and sent.

-- Installation-wide settings as JSON values (the organisation profile lives here).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY NOT NULL,
    value  TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

-- The incident's notification facts (jurisdictions, data, assessments, profile copy) as one
-- JSON document; the key moments are columns of their own so times keep UTC + offset.
CREATE TABLE notification_facts (
    incident_id  TEXT PRIMARY KEY NOT NULL REFERENCES incidents (id),
    facts        TEXT NOT NULL CHECK (json_valid(facts)),
    revision     INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE key_moments (
    incident_id  TEXT NOT NULL REFERENCES incidents (id),
    moment       TEXT NOT NULL,
    at_utc       TEXT NOT NULL,
    at_offset    INTEGER NOT NULL,
    PRIMARY KEY (incident_id, moment)
) STRICT;

-- One row per obligation ever derived for an incident. Rows are never deleted: one that no
-- longer applies keeps its decision and says so.
CREATE TABLE obligations (
    incident_id     TEXT NOT NULL REFERENCES incidents (id),
    rule_id         TEXT NOT NULL,
    applicability   TEXT NOT NULL CHECK (applicability IN ('applies', 'possible', 'no_longer_applies')),
    due_utc         TEXT,
    decision        TEXT NOT NULL DEFAULT 'pending'
                    CHECK (decision IN ('pending', 'drafted', 'sent', 'not_required', 'delayed')),
    note            TEXT NOT NULL DEFAULT '',
    sent_at_utc     TEXT,
    sent_at_offset  INTEGER,
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at_utc  TEXT,
    PRIMARY KEY (incident_id, rule_id),
    CHECK (decision NOT IN ('not_required', 'delayed') OR length(trim(note)) > 0),
    CHECK (decision <> 'sent' OR sent_at_utc IS NOT NULL)
) STRICT;

CREATE TABLE stakeholders (
    id               TEXT PRIMARY KEY NOT NULL,
    name             TEXT NOT NULL CHECK (length(trim(name)) > 0),
    organisation     TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL,
    primary_channel  TEXT NOT NULL,
    primary_address  TEXT NOT NULL DEFAULT '',
    oob_channel      TEXT NOT NULL DEFAULT '',
    oob_address      TEXT NOT NULL DEFAULT '',
    notes            TEXT NOT NULL DEFAULT '',
    updated_at_utc   TEXT NOT NULL,
    archived         INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;

CREATE UNIQUE INDEX stakeholders_by_identity ON stakeholders (name COLLATE NOCASE, organisation COLLATE NOCASE);

-- Every saved edit of a template is a new version; messages pin the version they used.
CREATE TABLE message_templates (
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    name         TEXT NOT NULL CHECK (length(trim(name)) > 0),
    audience     TEXT NOT NULL,
    regime       TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    built_in     INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
    created_by   TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;

CREATE TABLE messages (
    id                TEXT PRIMARY KEY NOT NULL,
    incident_id       TEXT NOT NULL REFERENCES incidents (id),
    rule_id           TEXT,
    template_id       TEXT,
    template_version  INTEGER,
    recipients        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(recipients)),
    channel           TEXT NOT NULL DEFAULT '',
    subject           TEXT NOT NULL,
    body              TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'sent')),
    sent_at_utc       TEXT,
    sent_at_offset    INTEGER,
    sent_by           TEXT NOT NULL DEFAULT '',
    updated_at_utc    TEXT NOT NULL,
    CHECK (status <> 'sent' OR sent_at_utc IS NOT NULL)
) STRICT;

CREATE INDEX messages_by_incident ON messages (incident_id, updated_at_utc);

-- A sent message is a record of what was said: it cannot change afterwards.
CREATE TRIGGER messages_sent_are_final BEFORE UPDATE ON messages
WHEN OLD.status = 'sent'
BEGIN
    SELECT RAISE(ABORT, 'a sent message cannot be changed');
END;
