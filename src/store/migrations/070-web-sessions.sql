-- Sessions of the local web chat and dashboard: who the browser acts as, and whether it signed in with the
-- admin token. Only a SHA-256 of the cookie value is kept, so a copy of the database opens no session.
create table web_sessions (
  token_hash text primary key,
  email text,
  signed_in_with_token boolean not null default false,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index web_sessions_expires_at on web_sessions (expires_at);
