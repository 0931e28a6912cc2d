-- Slack deliveries already handled (event_id, or a slash command's / interaction's trigger_id), so a retried
-- delivery (X-Slack-Retry-Num) is never processed twice, whichever replica receives it.
create table slack_deliveries (
  key text primary key,
  received_at timestamptz not null default now()
);
create index slack_deliveries_received on slack_deliveries (received_at);

-- The Slack messages that show a sharing request (the requester's status message, each routed person's DM),
-- so every step updates them in place with chat.update.
create table slack_request_messages (
  request_id text not null,
  channel text not null,
  ts text not null,
  -- requester | recipient
  role text not null,
  email text not null,
  -- en | cy: the language the message is shown in
  language text not null default 'en',
  created_at timestamptz not null default now(),
  primary key (channel, ts)
);
create index slack_request_messages_request on slack_request_messages (request_id);

-- A private lookup result the user may still choose to share in the channel ("Share in channel").
create table slack_lookups (
  id text primary key,
  user_id text not null,
  text text not null,
  blocks jsonb not null,
  created_at timestamptz not null default now()
);
