-- The operation log (docs/operations.md): every change is one typed operation, appended
-- here and applied to the tables the app reads, which become projections of the log.
-- Domains move onto the log one at a time: incidents, evidence, and the investigation's
-- findings, hypotheses, root cause, lessons, assets and links, and playbook runs, step
-- states and facts, notification facts, obligations, settings, the stakeholder directory,
-- message templates, messages and indicators first.
--
-- Each device (a key: its fingerprint, or 'unsigned' for a store opened without one)
-- numbers its operations 1, 2, 3… and links each to the previous one by hash. Every write
-- transaction that appends ends with a checkpoint signed by the device key over the
-- operations it added and the device chain's head, as chain_checkpoints do for timelines.

CREATE TABLE operations (
    seq         INTEGER PRIMARY KEY,            -- arrival order in this database
    id          TEXT NOT NULL UNIQUE,           -- UUIDv7
    device      TEXT NOT NULL,
    device_seq  INTEGER NOT NULL CHECK (device_seq >= 1),
    hlc         INTEGER NOT NULL CHECK (hlc >= 0),
    incident    TEXT,
    author      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,                  -- canonical JSON (docs/operations.md)
    prev        BLOB NOT NULL CHECK (length(prev) = 32),
    hash        BLOB NOT NULL CHECK (length(hash) = 32),
    UNIQUE (device, device_seq)
) STRICT;

CREATE INDEX operations_by_incident ON operations (incident, hlc);
CREATE INDEX operations_by_hlc ON operations (hlc, device, device_seq);

CREATE TABLE op_checkpoints (
    device         TEXT NOT NULL REFERENCES authors (fingerprint),
    first_seq      INTEGER NOT NULL CHECK (first_seq >= 1),
    seq            INTEGER NOT NULL CHECK (seq >= first_seq),
    adopted        INTEGER NOT NULL CHECK (adopted IN (0, 1)),
    head           BLOB NOT NULL CHECK (length(head) = 32),
    signed_at_utc  TEXT NOT NULL,
    signature      BLOB NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (device, seq)
) STRICT, WITHOUT ROWID;

-- The domains whose rows were recorded before the log: the next open records each row as
-- it stands (one '…_adopted' operation) and clears the flags in the same transaction, so a
-- crash between the two cannot leave rows outside the log.
CREATE TABLE oplog_pending (
    domain  TEXT PRIMARY KEY
) STRICT;

INSERT INTO oplog_pending (domain) SELECT 'incidents' WHERE EXISTS (SELECT 1 FROM incidents);
INSERT INTO oplog_pending (domain) SELECT 'evidence' WHERE EXISTS (SELECT 1 FROM evidence);
INSERT INTO oplog_pending (domain) SELECT 'investigation'
WHERE EXISTS (SELECT 1 FROM findings) OR EXISTS (SELECT 1 FROM hypotheses)
   OR EXISTS (SELECT 1 FROM root_causes) OR EXISTS (SELECT 1 FROM action_items)
   OR EXISTS (SELECT 1 FROM assets) OR EXISTS (SELECT 1 FROM investigation_links);
INSERT INTO oplog_pending (domain) SELECT 'runs'
WHERE EXISTS (SELECT 1 FROM runs) OR EXISTS (SELECT 1 FROM incident_facts);
INSERT INTO oplog_pending (domain) SELECT 'notifications'
WHERE EXISTS (SELECT 1 FROM notification_facts) OR EXISTS (SELECT 1 FROM obligations)
   OR EXISTS (SELECT 1 FROM settings) OR EXISTS (SELECT 1 FROM stakeholders)
   OR EXISTS (SELECT 1 FROM message_templates) OR EXISTS (SELECT 1 FROM messages);
INSERT INTO oplog_pending (domain) SELECT 'indicators' WHERE EXISTS (SELECT 1 FROM indicators);

CREATE TRIGGER operations_no_update BEFORE UPDATE ON operations
BEGIN
    SELECT RAISE(ABORT, 'operations are append-only');
END;

CREATE TRIGGER operations_no_delete BEFORE DELETE ON operations
BEGIN
    SELECT RAISE(ABORT, 'operations are append-only');
END;

CREATE TRIGGER op_checkpoints_no_update BEFORE UPDATE ON op_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only');
END;

CREATE TRIGGER op_checkpoints_no_delete BEFORE DELETE ON op_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only');
END;
