-- Teams users Pont has seen: their Teams ids, the directory person behind them, and the reference to their
-- personal (1:1) chat with the bot, so any replica can message them proactively.
create table teams_users (
  aad_object_id text primary key,
  teams_user_id text not null,
  tenant_id text,
  service_url text not null,
  email text,
  person_email text,
  locale text,
  personal_reference jsonb,
  resolved_at timestamptz,
  updated_at timestamptz not null default now()
);
create index teams_users_person on teams_users (person_email);
create index teams_users_email on teams_users (email);

-- Cards Pont sent about a sharing request, by activity id, so they can be updated in place.
create table teams_cards (
  conversation_id text not null,
  activity_id text not null,
  request_id text not null,
  recipient_email text not null,
  reference jsonb not null,
  sent_at timestamptz not null default now(),
  primary key (conversation_id, activity_id)
);
create index teams_cards_request on teams_cards (request_id);

-- Proactive messages. Each notification is written here first and delivered after, with retries, so a
-- connector failure delays a message but never loses it.
create table teams_outbox (
  id bigserial primary key,
  recipient_email text not null,
  kind text not null,
  request_id text not null,
  notification jsonb not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  activity_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index teams_outbox_due on teams_outbox (next_attempt_at) where status = 'pending';
create index teams_outbox_recipient on teams_outbox (recipient_email, status);
