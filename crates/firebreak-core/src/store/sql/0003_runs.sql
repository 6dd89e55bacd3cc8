-- Yes/no facts about an incident that decide which conditional steps apply.
-- No row means "unknown".
CREATE TABLE incident_facts (
    incident_id  TEXT NOT NULL REFERENCES incidents (id),
    fact         TEXT NOT NULL,
    value        INTEGER NOT NULL CHECK (value IN (0, 1)),
    PRIMARY KEY (incident_id, fact)
) STRICT;

-- A playbook followed on an incident, pinned to the exact version it started with.
CREATE TABLE runs (
    id                 TEXT PRIMARY KEY NOT NULL,
    incident_id        TEXT NOT NULL REFERENCES incidents (id),
    playbook_id        TEXT NOT NULL,
    playbook_version   INTEGER NOT NULL,
    started_at_utc     TEXT NOT NULL,
    started_at_offset  INTEGER NOT NULL,
    started_by         TEXT NOT NULL,
    FOREIGN KEY (playbook_id, playbook_version) REFERENCES playbooks (id, version),
    UNIQUE (incident_id, playbook_id)
) STRICT;

CREATE TABLE run_steps (
    run_id          TEXT NOT NULL REFERENCES runs (id),
    step_id         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('todo', 'in_progress', 'done', 'skipped', 'blocked')),
    reason          TEXT NOT NULL DEFAULT '',
    note            TEXT NOT NULL DEFAULT '',
    assignee_role   TEXT,
    assignee_name   TEXT NOT NULL DEFAULT '',
    updated_at_utc  TEXT,
    updated_by      TEXT,
    PRIMARY KEY (run_id, step_id),
    CHECK (state NOT IN ('skipped', 'blocked') OR length(trim(reason)) > 0)
) STRICT;

-- What an audit entry is about beyond the incident itself (a playbook step, a fact), and the
-- responder's note on the change.
ALTER TABLE audit_entries ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_entries ADD COLUMN note TEXT NOT NULL DEFAULT '';
