-- Sources: the places Pont keeps itself up to date from (a council's website, its ModernGov committee papers,
-- a SharePoint library, a news feed), each belonging to one council, with its schedule, its last result and
-- a lease so only one process syncs it at a time.
create table sources (
  id bigserial primary key,
  kind text not null check (kind in ('website', 'moderngov', 'sharepoint', 'feed')),
  url text not null,
  council text not null,
  settings jsonb not null default '{}'::jsonb,
  every_seconds integer check (every_seconds is null or every_seconds >= 60),
  created_by text,
  created_at timestamptz not null default now(),
  next_sync_at timestamptz,
  -- The sync run in progress or last finished; a run that did not finish is resumed under the same number.
  run integer not null default 0,
  run_finished boolean not null default true,
  -- Connector state kept between runs (e.g. a Graph delta link).
  cursor jsonb not null default '{}'::jsonb,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_result jsonb,
  last_error text,
  lease_owner text,
  lease_until timestamptz,
  unique (kind, url, council)
);
create index sources_next_sync on sources (next_sync_at);

-- What a source holds: one row per page, file or meeting paper, with what a conditional request needs and the
-- run that last saw it (a finished run removes what it did not see).
create table source_items (
  source_id bigint not null references sources (id) on delete cascade,
  key text not null,
  document_source text,
  etag text,
  last_modified text,
  version text,
  -- Website pages: the links a page had when last read, so an unchanged page (a 304) still leads the crawl on.
  links jsonb,
  run integer not null,
  error text,
  updated_at timestamptz not null default now(),
  primary key (source_id, key)
);
create index source_items_document on source_items (document_source);

-- Documents removed, by generation, so each process's in-process index drops their passages without a rebuild.
create table knowledge_removed (
  document_id bigint not null,
  generation bigint not null
);
create index knowledge_removed_generation on knowledge_removed (generation);
