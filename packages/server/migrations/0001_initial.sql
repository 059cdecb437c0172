-- terapi's first schema: environments, integrations, connect and OAuth sessions, connections,
-- the webhook outbox and the operation log. Secrets are stored encrypted (AES-256-GCM, columns *_enc)
-- or hashed (*_hash); nothing here holds a token or a client secret in clear.

create table environments (
  id serial primary key,
  uuid uuid not null unique,
  name text not null unique,
  secret_key_hash text not null unique,
  secret_key_enc text not null,
  public_key uuid not null unique,
  webhook_signing_key_enc text not null,
  webhook_settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table integrations (
  id serial primary key,
  environment_id integer not null references environments(id) on delete cascade,
  unique_key text not null,
  provider text not null,
  display_name text,
  forward_webhooks boolean not null default true,
  credentials_type text,
  credentials_enc text,
  integration_config jsonb,
  custom jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (environment_id, unique_key)
);

create table connections (
  id serial primary key,
  environment_id integer not null references environments(id) on delete cascade,
  integration_id integer not null references integrations(id) on delete cascade,
  connection_id text not null,
  credentials_enc text,
  -- when the current access token stops working, if known (introspection `exp` or `expires_in`)
  token_expires_at timestamptz,
  -- the access token whose expiry was learnt by introspection (sha256): introspect each token at most once
  introspected_token_hash text,
  connection_config jsonb not null default '{}',
  metadata jsonb,
  end_user jsonb,
  tags jsonb not null default '{}',
  webhook_url_override text,
  -- ok | needs_reauth
  auth_status text not null default 'ok',
  last_error jsonb,
  last_refresh_at timestamptz,
  last_refresh_failure_at timestamptz,
  last_fetched_at timestamptz,
  api_usage jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (integration_id, connection_id)
);
create index connections_env_created on connections (environment_id, created_at desc, id desc);

create table connect_sessions (
  id serial primary key,
  environment_id integer not null references environments(id) on delete cascade,
  token_hash text not null unique,
  end_user jsonb,
  organization jsonb,
  allowed_integrations text[],
  integrations_config_defaults jsonb,
  overrides jsonb,
  webhook_url_override text,
  tags jsonb not null default '{}',
  -- set for reconnect sessions: auth made with this session overwrites this connection
  reconnect_connection_id integer references connections(id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);

-- RFC 6749 §10.12 state, single use (deleted when consumed), expiring
create table oauth_sessions (
  state uuid primary key,
  environment_id integer not null references environments(id) on delete cascade,
  integration_id integer not null references integrations(id) on delete cascade,
  connection_id text not null,
  connect_session_id integer references connect_sessions(id) on delete set null,
  code_verifier_enc text,
  connection_config jsonb not null default '{}',
  redirect_uri text not null,
  token_url text not null,
  ws_client_id text,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);

create table webhook_deliveries (
  id bigserial primary key,
  environment_id integer not null references environments(id) on delete cascade,
  url text not null,
  event_type text not null,
  body text not null,
  status text not null default 'pending',
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_status integer,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

create table operations (
  id bigserial primary key,
  environment_id integer references environments(id) on delete cascade,
  kind text not null,
  connection_id integer references connections(id) on delete set null,
  provider_config_key text,
  status text not null,
  message text,
  detail jsonb,
  started_at timestamptz not null default now(),
  ended_at timestamptz
);
create index operations_env_started on operations (environment_id, started_at desc);
