DROP TRIGGER IF EXISTS timeline_entries_no_update;
DROP TRIGGER IF EXISTS timeline_entries_no_delete;
DROP TABLE timeline_entries;
ALTER TABLE timeline_entries_compact RENAME TO timeline_entries;

-- Chronological listings, exports and re-import detection: (occurred_at, seq) in index order.
CREATE INDEX timeline_by_occurred ON timeline_entries (incident, occurred_at, seq);
-- The host filter is case-insensitive; an index in the filter's collation can serve it.
CREATE INDEX timeline_by_host ON timeline_entries (incident, host COLLATE NOCASE, occurred_at);
-- Almost no entry supersedes another: index only those that do.
CREATE INDEX timeline_by_supersedes ON timeline_entries (supersedes) WHERE supersedes IS NOT NULL;

CREATE TRIGGER timeline_entries_no_update BEFORE UPDATE ON timeline_entries
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are append-only');
END;

CREATE TRIGGER timeline_entries_no_delete BEFORE DELETE ON timeline_entries
BEGIN
    SELECT RAISE(ABORT, 'timeline entries are append-only');
END;
