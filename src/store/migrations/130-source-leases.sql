-- Source syncs take their leases in scheduled_jobs, as the directory sync does: one job per source, named source:ID,
-- holding when its next scheduled sync is due ('infinity' for a source synced only on demand) and which replica holds
-- it now. The sources table keeps the run, the cursor and the last result.
insert into scheduled_jobs (name, next_run_at, lease_owner, lease_until)
  select 'source:' || id, coalesce(next_sync_at, 'infinity'::timestamptz), lease_owner, lease_until from sources
  on conflict (name) do nothing;
drop index if exists sources_next_sync;
alter table sources drop column next_sync_at;
alter table sources drop column lease_owner;
alter table sources drop column lease_until;
