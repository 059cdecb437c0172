-- Secret-key rotation (issue 12 point 7): POST /environment/secret-key/rotate makes a new key current and
-- keeps the one it replaces working until previous_secret_key_expires_at (a grace, 24 h by default) or until
-- POST /environment/secret-key/revoke-previous. The previous key is stored as the current one is: looked up by
-- its SHA-256, kept encrypted only so the dashboard can show it during the grace.
alter table environments
  add column previous_secret_key_hash text unique,
  add column previous_secret_key_enc text,
  add column previous_secret_key_expires_at timestamptz;
