-- The dashboard's lists (issue 12): the operation log and the webhook deliveries are read newest first, a
-- page at a time by a keyset cursor, filtered by kind, status, integration or connection. Each filter has
-- an index whose order is the page's order, so a page reads only its own rows (bench/dashboard.bench.ts).

-- operations: (started_at desc, id desc) is the page order; id breaks ties of the same instant.
drop index if exists operations_env_started;
create index operations_env_page on operations (environment_id, started_at desc, id desc);
create index operations_kind_page on operations (environment_id, kind, started_at desc, id desc);
create index operations_status_page on operations (environment_id, status, started_at desc, id desc);
create index operations_integration_page on operations (environment_id, provider_config_key, started_at desc, id desc);
-- A connection belongs to one environment: its own index serves the connection filter and the
-- ON DELETE SET NULL of a deleted connection (which would otherwise scan the whole log).
create index operations_connection_page on operations (connection_id, started_at desc, id desc) where connection_id is not null;

-- webhook deliveries: which connection an event is about (from its payload), for the connection filter.
alter table webhook_deliveries add column connection_id integer references connections(id) on delete set null;
create index webhook_deliveries_env_page on webhook_deliveries (environment_id, id desc);
create index webhook_deliveries_status_page on webhook_deliveries (environment_id, status, id desc);
create index webhook_deliveries_connection_page on webhook_deliveries (connection_id, id desc) where connection_id is not null;

-- Every attempt at a delivery and the app's answer: status, the first bytes of its body, duration, or the
-- network error. Never the request's headers (they carry the signature) nor the signing key.
create table webhook_delivery_attempts (
  id bigserial primary key,
  delivery_id bigint not null references webhook_deliveries(id) on delete cascade,
  attempt integer not null,
  -- the app's HTTP status; null when no answer came (error says why)
  status integer,
  -- at most 2 KB of the answer's body, as text
  response_body text,
  error text,
  duration_ms integer not null,
  started_at timestamptz not null,
  -- true for the first attempt after POST /webhooks/deliveries/:id/redeliver
  redelivery boolean not null default false
);
create index webhook_delivery_attempts_delivery on webhook_delivery_attempts (delivery_id, id);

-- A redelivery asked for and not yet attempted.
alter table webhook_deliveries add column redelivery_requested_at timestamptz;

-- connections: the connections list pages by (created_at desc, id desc) (connections_env_created) and filters
-- by integration; the integration filter gets the page order too.
create index connections_integration_page on connections (integration_id, created_at desc, id desc);

-- Retention deletes the log by age (jobs/retention.ts), in batches: each batch finds its rows by this index.
create index operations_started on operations (started_at);

-- A connection's API usage over time (issue 12 point 4): the last reading of each hour, beside the latest
-- reading in connections.api_usage, written by the same batched writer (proxy/api-usage-recorder.ts).
create table connection_api_usage_samples (
  connection_id integer not null references connections(id) on delete cascade,
  hour timestamptz not null,
  used integer not null,
  max integer not null,
  primary key (connection_id, hour)
);
create index connection_api_usage_samples_hour on connection_api_usage_samples (hour);

-- Connection search (GET /connections?search=, nango-api.md §6.1: a substring of connection_id, the end
-- user's display name or email, any case) reads trigram indexes when the database has pg_trgm (a trusted
-- extension since PostgreSQL 13; the embedded PostgreSQL ships it). Without it search scans the
-- environment's connections, which stays correct.
do $$
begin
  begin
    create extension if not exists pg_trgm;
  exception when others then
    raise notice 'pg_trgm is not available (%): connection search will scan', sqlerrm;
  end;
  if exists (select 1 from pg_extension where extname = 'pg_trgm') then
    execute 'create index connections_search_id on connections using gin (lower(connection_id) gin_trgm_ops)';
    execute $i$create index connections_search_name on connections using gin (lower(end_user->>'display_name') gin_trgm_ops)$i$;
    execute $i$create index connections_search_email on connections using gin (lower(end_user->>'email') gin_trgm_ops)$i$;
  end if;
end
$$;
