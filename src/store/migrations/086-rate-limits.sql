-- Counters for rate limits that hold across replicas (rate-limiter-flexible's PostgreSQL layout): one row per
-- key, e.g. failed admin-token guesses from one address. `expire` is in milliseconds since 1970.
create table rate_limits (
  key varchar(255) primary key,
  points integer not null default 0,
  expire bigint
);
create index rate_limits_expire on rate_limits (expire);
