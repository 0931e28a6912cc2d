-- Councils are configuration (the councils file), not a fixed pair: the directory accepts any configured council id;
-- Pont checks the id against the councils file before it writes.
alter table people drop constraint if exists people_council_check;
