-- The kind CHECK as a list of comparisons instead of IN (...). SQLite evaluates a CHECK with
-- an IN list of three or more constants by building a temporary index of the list for each
-- statement execution, and an INSERT is one execution per entry: that cost a bulk import of
-- a million entries about half a second. The two forms accept exactly the same values and
-- the stored rows are untouched, so the table definition is edited in place, as SQLite
-- documents for changing CHECK constraints; the migration hook then bumps the schema
-- version so every connection re-reads it, and checks the edit took.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(
    sql,
    'CHECK (kind IN (''event'', ''action'', ''retraction''))',
    'CHECK (kind = ''event'' OR kind = ''action'' OR kind = ''retraction'')'
)
WHERE type = 'table' AND name = 'timeline_entries';
PRAGMA writable_schema = OFF;
