-- Signed checkpoints over each incident's hash chain (docs/timeline.md, "Signatures").
-- The chain alone is unkeyed: whoever can write the file can re-hash it from any entry to
-- the end. Every write transaction that moves a chain ends with a checkpoint: the chain's
-- head at that sequence number, signed with the writing device's Ed25519 key, whose private
-- half never enters the database.

CREATE TABLE authors (
    fingerprint     TEXT PRIMARY KEY,
    public_key      BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
    name            TEXT NOT NULL,
    first_seen_utc  TEXT NOT NULL
) STRICT;

-- A checkpoint vouches for the entries first_seq..=seq (written in one transaction, or, when
-- adopted = 1, recorded before this database was first opened with a key) and for the head
-- hash at seq. Checkpoints must tile a chain from entry 1: an entry no checkpoint covers was
-- written without a key, and no later signature can cover it.
CREATE TABLE chain_checkpoints (
    incident       INTEGER NOT NULL REFERENCES timeline_incidents (key),
    first_seq      INTEGER NOT NULL CHECK (first_seq >= 1),
    seq            INTEGER NOT NULL CHECK (seq >= first_seq),
    adopted        INTEGER NOT NULL CHECK (adopted IN (0, 1)),
    head           BLOB NOT NULL CHECK (length(head) = 32),
    author         TEXT NOT NULL REFERENCES authors (fingerprint),
    signed_at_utc  TEXT NOT NULL,
    signature      BLOB NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (incident, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER authors_no_update BEFORE UPDATE ON authors
BEGIN
    SELECT RAISE(ABORT, 'authors are append-only');
END;

CREATE TRIGGER authors_no_delete BEFORE DELETE ON authors
BEGIN
    SELECT RAISE(ABORT, 'authors are append-only');
END;

CREATE TRIGGER chain_checkpoints_no_update BEFORE UPDATE ON chain_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only');
END;

CREATE TRIGGER chain_checkpoints_no_delete BEFORE DELETE ON chain_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'checkpoints are append-only');
END;
