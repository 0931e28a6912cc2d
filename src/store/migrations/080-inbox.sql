-- The inbox: work a chat platform delivered, recorded before the delivery is acknowledged, so a crash or a
-- restart after the acknowledgement loses nothing. Keyed by the platform's own id (a Slack event id or
-- trigger id, a Bot Framework activity id): a retried delivery is still one piece of work.
create table inbox (
  key text primary key,
  -- which handler does the work, e.g. slack.conversation
  kind text not null,
  -- what the handler needs; emptied once the work is done
  payload jsonb not null,
  -- pending (waiting or being worked on) | done | failed (retries used up; the person was told)
  status text not null default 'pending',
  -- attempts started so far, counted when an item is taken
  attempts integer not null default 0,
  -- not taken before this moment (a retry waits its backoff)
  available_at timestamptz not null default now(),
  -- the worker holding it and until when; an expired lease (a crashed process) makes it available again
  leased_by text,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index inbox_ready on inbox (available_at) where status = 'pending';
create index inbox_finished on inbox (finished_at) where status <> 'pending';
