-- The records cache and the syncs that fill it (issue 6; nango-api.md §8, §9).
-- Records: one row per (connection, model, external id). data_hash (md5 of the canonical jsonb text) lets a
-- batch skip rows whose content did not change, so they are not rewritten and never show as UPDATED.
-- Order and cursors follow (updated_at, id); id is an identity column, so it is monotonic.
create table records (
  id bigint generated always as identity primary key,
  connection_id integer not null references connections(id) on delete cascade,
  -- "<Model>" or "<Model>::<variant>" (nango-api.md §8.1 variant)
  model text not null,
  external_id text not null,
  data jsonb not null,
  data_hash text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  deleted_at timestamptz,
  pruned_at timestamptz,
  -- the sync run that last saw this record; full runs with trackDeletes delete what they did not see
  last_seen_run bigint,
  unique (connection_id, model, external_id)
);
create index records_page on records (connection_id, model, updated_at, id);

-- One row per (connection, sync function, variant): its schedule state, checkpoint and latest result.
create table syncs (
  id uuid primary key default gen_random_uuid(),
  connection_id integer not null references connections(id) on delete cascade,
  name text not null,
  variant text not null default 'base',
  -- the schedule: STARTED runs at its frequency, PAUSED does not
  schedule_status text not null default 'STARTED' check (schedule_status in ('STARTED', 'PAUSED')),
  frequency_override text,
  checkpoint jsonb,
  -- start of the last successful run: the next run's lastSyncDate
  last_sync_date timestamptz,
  -- what the next run must do when a trigger asked for more than an incremental run
  pending_mode text check (pending_mode in ('full', 'full_and_clear')),
  next_run_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (connection_id, name, variant)
);

-- Each run of a sync. A run interrupted by a crash stays RUNNING and is resumed by the retried job.
create table sync_runs (
  id bigint generated always as identity primary key,
  sync_id uuid not null references syncs(id) on delete cascade,
  mode text not null check (mode in ('incremental', 'full')),
  status text not null default 'RUNNING' check (status in ('RUNNING', 'SUCCESS', 'ERROR', 'SKIPPED')),
  attempts integer not null default 1,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  -- { "<Model>": {added, updated, deleted} }
  result jsonb not null default '{}',
  error jsonb
);
create index sync_runs_latest on sync_runs (sync_id, id desc);
