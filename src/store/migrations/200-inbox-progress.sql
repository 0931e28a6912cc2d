-- What an attempt at a piece of work has already shown the person (the id of a message it posted and will edit),
-- written the moment it happens: a later attempt, after a crash, edits that message rather than posting again.
-- Emptied with the payload once the work is done.
alter table inbox add column progress jsonb not null default '{}'::jsonb;
