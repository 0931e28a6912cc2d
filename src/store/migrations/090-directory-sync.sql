-- The directory from Microsoft Entra ID (Graph): where each council's sync resumes, and which directory account
-- is which profile.
create table directory_sync_state (
  council text primary key,
  -- Graph's @odata.deltaLink from the last complete sync: the next sync reads only what changed since.
  delta_link text,
  -- Graph's @odata.nextLink of the page a sync reaches next; set while a sync is under way or after it failed.
  next_link text,
  -- A full read (the first, or --full) under way: accounts it has not seen by its end have left the directory.
  full_run text,
  started_at timestamptz,
  finished_at timestamptz,
  last_error text,
  last_report jsonb
);

create table directory_accounts (
  council text not null,
  -- Graph's user id: @removed entries carry nothing else.
  account_id text not null,
  email text not null,
  manager_account_id text,
  office text,
  -- What the directory said last time (DirectoryProfile): tells its own earlier values from other sources' values.
  profile jsonb not null,
  -- The full read that last saw the account.
  seen_in text,
  primary key (council, account_id)
);
create index directory_accounts_email on directory_accounts (email);
create index directory_accounts_manager on directory_accounts (council, manager_account_id) where manager_account_id is not null;
