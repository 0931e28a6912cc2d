-- Knowledge: indexed documents and their chunks. The keyword index is built in process from these rows;
-- knowledge_generation moves on every write so each process can tell cheaply when to rebuild it.
create table knowledge_documents (
  id bigserial primary key,
  source text not null unique,
  title text not null,
  language text not null check (language in ('en', 'cy')),
  kind text not null default 'document' check (kind in ('document', 'shared-practice')),
  published text,
  content_hash text not null,
  metadata jsonb not null default '{}'::jsonb,
  indexed_at timestamptz not null default now()
);
create index knowledge_documents_content_hash on knowledge_documents (content_hash);

-- embedding is a plain real[] so it works with or without pgvector; where pgvector is installed the store
-- casts it to vector and lets the database rank.
create table knowledge_chunks (
  id bigserial primary key,
  document_id bigint not null references knowledge_documents (id) on delete cascade,
  position integer not null,
  heading text not null default '',
  text text not null,
  language text not null check (language in ('en', 'cy')),
  embedding_model text,
  embedding real[],
  unique (document_id, position)
);

create table knowledge_generation (
  id integer primary key check (id = 1),
  generation bigint not null
);
insert into knowledge_generation (id, generation) values (1, 0);
