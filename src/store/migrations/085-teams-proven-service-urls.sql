-- Bot Framework service URLs that signed Teams traffic has proven (the token's serviceurl claim matched the
-- activity). Pont looks members up, replies and sends proactive messages only to these, so an unsigned or
-- forged activity can never make it talk to an address an outsider chose.
create table teams_proven_service_urls (
  service_url text primary key,
  first_proven_at timestamptz not null default now(),
  last_proven_at timestamptz not null default now()
);
