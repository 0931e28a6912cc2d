-- Who did what, when: imports, profile changes, admin actions (UK GDPR accountability).
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_email text,
  via text not null,
  action text not null,
  subject text,
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_subject on audit_log (subject, at);
