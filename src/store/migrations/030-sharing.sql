-- Sharing: best-practice requests, who they went to and why, every transition, follow-up deadlines and the
-- notifications they caused (an outbox: written with the change, delivered after it).
create table sharing_requests (
  id bigserial primary key,
  -- A platform's retry key (Slack trigger, Teams activity id): the same key never opens a second request.
  client_key text unique,
  requester_email text not null,
  requester_council text not null,
  title text not null,
  detail text not null,
  topic_services text[] not null default '{}',
  topic_skills text[] not null default '{}',
  target_councils text[] not null,
  status text not null check (status in ('open', 'routed', 'claimed', 'answered', 'closed', 'cancelled', 'expired')),
  routed_to text[] not null default '{}',
  claimed_by text,
  claimed_by_council text,
  answer text,
  answered_by text,
  answered_by_council text,
  consent_to_share boolean,
  helpful boolean,
  shared_as text,
  language text not null default 'en',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  first_claimed_at timestamptz,
  answered_at timestamptz,
  finished_at timestamptz
);
create index sharing_requests_status on sharing_requests (status, created_at);
create index sharing_requests_requester on sharing_requests (requester_email);
create index sharing_requests_claimed_by on sharing_requests (claimed_by) where claimed_by is not null;
create index sharing_requests_routed_to on sharing_requests using gin (routed_to);

-- Everyone a request was routed to, in which round, and why they were chosen.
create table sharing_routes (
  request_id bigint not null references sharing_requests (id) on delete cascade,
  email text not null,
  council text not null,
  round integer not null,
  basis text not null,
  score double precision not null,
  reasons jsonb not null default '[]'::jsonb,
  routed_at timestamptz not null,
  declined_at timestamptz,
  primary key (request_id, email)
);
create index sharing_routes_email on sharing_routes (email);

-- Every transition: who, when, what.
create table sharing_events (
  id bigserial primary key,
  request_id bigint not null references sharing_requests (id) on delete cascade,
  type text not null,
  actor_email text,
  via text not null,
  at timestamptz not null,
  detail jsonb not null default '{}'::jsonb
);
create index sharing_events_request on sharing_events (request_id, id);
create index sharing_events_type on sharing_events (type, at);

-- The next follow-up of each live request. Workers lease due rows with FOR UPDATE SKIP LOCKED.
create table sharing_followups (
  request_id bigint primary key references sharing_requests (id) on delete cascade,
  step text not null,
  due_at timestamptz not null,
  attempts integer not null default 0,
  lease_token text,
  updated_at timestamptz not null
);
create index sharing_followups_due on sharing_followups (due_at);

-- Notifications written with the change that caused them; delivered after commit, outcome recorded.
create table sharing_notifications (
  id bigserial primary key,
  request_id bigint not null references sharing_requests (id) on delete cascade,
  kind text not null,
  recipient_email text not null,
  reasons jsonb not null default '[]'::jsonb,
  status text not null default 'sending' check (status in ('sending', 'sent', 'failed')),
  attempts integer not null default 1,
  error text,
  created_at timestamptz not null,
  lease_until timestamptz not null,
  finished_at timestamptz
);
create index sharing_notifications_stale on sharing_notifications (lease_until) where status = 'sending';
create index sharing_notifications_request on sharing_notifications (request_id);
