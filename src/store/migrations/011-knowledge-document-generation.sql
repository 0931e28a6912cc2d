-- The generation at which each document was last written, so a process can load only what changed since its
-- in-process index was built instead of every chunk.
alter table knowledge_documents add column generation bigint not null default 0;
create index knowledge_documents_generation on knowledge_documents (generation);
