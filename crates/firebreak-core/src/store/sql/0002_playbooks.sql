-- Every version of every playbook, built-in or imported, as the exact text it was read from:
-- a run points at (id, version) and so always shows what was actually followed.
CREATE TABLE playbooks (
    id              TEXT NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    title           TEXT NOT NULL,
    source          TEXT NOT NULL CHECK (source IN ('builtin', 'imported')),
    file_name       TEXT NOT NULL,
    content         TEXT NOT NULL,
    content_sha256  TEXT NOT NULL,
    added_at_utc    TEXT NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;

CREATE INDEX playbooks_by_sha ON playbooks (content_sha256);

-- Full-text index of steps, one row per step per stored version.
CREATE VIRTUAL TABLE step_search USING fts5(
    playbook_id UNINDEXED,
    version UNINDEXED,
    step_id UNINDEXED,
    section UNINDEXED,
    playbook_title,
    title,
    guidance,
    output,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
