-- Chronological listings and exports order by (occurred_at_utc, seq): with seq in the index
-- they stream in index order instead of sorting a million rows.
DROP INDEX timeline_by_occurred;
CREATE INDEX timeline_by_occurred ON timeline_entries (incident_id, occurred_at_utc, seq);
