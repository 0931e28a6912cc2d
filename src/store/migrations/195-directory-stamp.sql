-- A random stamp that every directory write replaces along with the version: the visible profiles kept on disk are
-- used only while the version and the stamp are both the ones they were read at. The version alone could come round
-- again after a restore from backup or on another database; a stamp is never reused.
alter table people_directory_version add column stamp text not null default '';
update people_directory_version set stamp = md5(random()::text || clock_timestamp()::text);
