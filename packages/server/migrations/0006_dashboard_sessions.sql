-- The dashboard's sign-in (issue 12 point 1). Both tables hold SHA-256 hashes of their tokens, never the
-- tokens: a database dump signs no one in.
-- One-time sign-in tokens: `terapi start` makes one and prints it in the dashboard URL; the first sign-in
-- with it sets used_at, so a second use (or a copy of the URL in a log) is refused.
create table dashboard_sign_in_tokens (
  token_hash text primary key,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);

-- A signed-in browser: the cookie holds the token, this row its hash. environment_id null = an operator
-- session (every environment); set = signed in with that environment's secret key (that one only).
-- csrf_token is sent back by the SPA in x-csrf-token on every non-GET request.
create table dashboard_sessions (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  csrf_token text not null,
  environment_id integer references environments(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index dashboard_sessions_expiry on dashboard_sessions (expires_at);
