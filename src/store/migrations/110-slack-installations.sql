-- Slack workspaces (and Enterprise Grid organisations) Pont is installed in through Slack's OAuth flow, one row
-- each: a workspace install has its team id, an organisation-wide install its enterprise id and an empty team id.
-- `installation` is what @slack/oauth hands over (bot token, scopes, bot user); `council` is the council whose
-- workspace it is, when the install link named one.
create table slack_installations (
  enterprise_id text not null default '',
  team_id text not null default '',
  is_enterprise_install boolean not null default false,
  council text,
  installation jsonb not null,
  installed_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (enterprise_id, team_id)
);

-- Which workspace each Slack user Pont has seen belongs to, so a message to them goes out with their own
-- workspace's token and they are looked up where their email is visible (Slack Connect hides it elsewhere).
create table slack_user_workspaces (
  user_id text primary key,
  team_id text not null default '',
  enterprise_id text not null default '',
  updated_at timestamptz not null default now()
);

-- The workspace whose token shows (and updates) each request message; empty with a single bot token.
alter table slack_request_messages add column team_id text not null default '';
alter table slack_request_messages add column enterprise_id text not null default '';
