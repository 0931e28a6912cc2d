-- A request card posted in a Teams group chat or channel is everyone's there: it is kept with no recipient, so a
-- step taken anywhere brings its viewer-neutral card up to date.
alter table teams_cards alter column recipient_email drop not null;
