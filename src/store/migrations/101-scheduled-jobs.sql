-- Jobs the server runs on a schedule (the directory sync): when each is next due, and which replica holds it now. A
-- replica takes a due job by writing its lease; another takes it over only once the lease has run out (the holder
-- died), so several replicas never run the same job at once.
create table scheduled_jobs (
  name text primary key,
  next_run_at timestamptz not null,
  lease_owner text,
  lease_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text
);
