-- The assistant's question log: every message handled, for the dashboard's questions-over-time and its
-- documentation gaps. The asker's email is deliberately not stored.
create table assistant_questions (
  id text primary key,
  asked_at timestamptz not null default now(),
  channel text not null,
  language text not null,
  intent text not null,
  question text not null,
  answered boolean not null,
  -- The asker's council when known: enough for figures, not enough to identify anyone.
  asker_council text,
  -- A platform retry key (Slack event id, Teams activity id): a retried event is logged once.
  client_key text,
  unique (channel, client_key)
);
create index assistant_questions_asked_at on assistant_questions (asked_at);
create index assistant_questions_unanswered on assistant_questions (intent, asked_at) where not answered;

-- 👍/👎 on answers. `voter` is a one-way hash of who voted, so a second vote replaces the first.
create table assistant_feedback (
  question_id text not null references assistant_questions (id) on delete cascade,
  voter text not null,
  helpful boolean not null,
  at timestamptz not null default now(),
  primary key (question_id, voter)
);
