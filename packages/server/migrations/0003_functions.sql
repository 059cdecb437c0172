-- Deployed functions (issue 6): every deploy of a changed function adds a version; at most one version per
-- (environment, integration, name) is active. Removing a function deactivates it; versions are kept.
create table functions (
  id bigserial primary key,
  environment_id integer not null references environments(id) on delete cascade,
  integration_key text not null,
  name text not null,
  kind text not null check (kind in ('sync', 'action', 'on-event')),
  version integer not null,
  declared_version text,
  bundle text not null,
  definition jsonb not null,
  content_hash text not null,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (environment_id, integration_key, name, version)
);
create unique index functions_one_active on functions (environment_id, integration_key, name) where active;

-- Async action runs (nango-api.md §10): queued by POST /action/trigger with X-Async, run by a worker loop.
create table action_runs (
  id uuid primary key,
  environment_id integer not null references environments(id) on delete cascade,
  connection_id integer not null references connections(id) on delete cascade,
  function_id bigint not null references functions(id) on delete cascade,
  input jsonb,
  status text not null default 'pending' check (status in ('pending', 'running', 'success', 'failed')),
  attempts integer not null default 0,
  max_retries integer not null default 0,
  output jsonb,
  error jsonb,
  locked_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index action_runs_due on action_runs (created_at) where status in ('pending', 'running');
