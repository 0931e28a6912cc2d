-- The staff directory of both councils (people area). Canonical services and levels are worked out from the
-- taxonomy when profiles are read, so they are not stored here.
create table people (
  email text primary key,
  name text not null,
  council text not null check (council in ('blaenau-gwent', 'torfaen')),
  job_title text not null default '',
  service_area text not null default '',
  team text,
  manager_email text,
  skills jsonb not null default '[]'::jsonb,
  welsh_level integer not null default 0 check (welsh_level between 0 and 5),
  slack_user_id text,
  teams_user_id text,
  -- As HR set it; hidden_by_self is the person's own choice, which an import never undoes.
  visible boolean not null default true,
  hidden_by_self boolean not null default false,
  -- Fields the person edited themselves (["skills", "welshLevel"]); an import keeps their values.
  self_edited jsonb not null default '[]'::jsonb,
  updated_at timestamptz not null default now()
);
create index people_slack_user on people (slack_user_id) where slack_user_id is not null;
create index people_teams_user on people (teams_user_id) where teams_user_id is not null;

-- One counter bumped by every change to people: each process compares it to refresh its in-memory index.
create table people_directory_version (
  id integer primary key check (id = 1),
  version bigint not null
);
insert into people_directory_version (id, version) values (1, 0);
