-- When the newest delivery was recorded, on any replica: answer work waits for a pause in arrivals across all of
-- them, so one replica's answers do not start while another is still acknowledging the same burst.
create index inbox_created on inbox (created_at);
