-- A random stamp that every knowledge write replaces along with the generation: a copy of the index saved on disk is
-- used only while the generation and the stamp are both the ones it was built at. The generation alone could come
-- round again after a restore from backup or on another database; a stamp is never reused.
alter table knowledge_generation add column stamp text not null default '';
update knowledge_generation set stamp = md5(random()::text || clock_timestamp()::text);
