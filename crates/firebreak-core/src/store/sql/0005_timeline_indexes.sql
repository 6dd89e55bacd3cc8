-- Indexes for timelines of a million entries.

-- Chronological listings and exports order by (occurred_at_utc, seq): with seq in the index
-- they stream in index order instead of sorting.
DROP INDEX timeline_by_occurred;
CREATE INDEX timeline_by_occurred ON timeline_entries (incident_id, occurred_at_utc, seq);

-- The host filter is case-insensitive; an index in the filter's collation can serve it.
DROP INDEX timeline_by_host;
CREATE INDEX timeline_by_host ON timeline_entries (incident_id, host COLLATE NOCASE, occurred_at_utc);

-- Almost no entry supersedes another: index only those that do (one index write less per
-- imported row), which is all the "is it superseded?" lookups need.
DROP INDEX timeline_by_supersedes;
CREATE INDEX timeline_by_supersedes ON timeline_entries (supersedes) WHERE supersedes IS NOT NULL;
