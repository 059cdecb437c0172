-- The Connect UI's look per environment (issue 11 point 5): Nango's connectUISettings (nango-api.md §2.3,
-- theme colours, default theme, watermark) plus terapi's logo. No row means the defaults.
create table connect_ui_settings (
  environment_id integer primary key references environments(id) on delete cascade,
  -- { "theme": { "light": {"primary"}, "dark": {"primary"} }, "defaultTheme", "showWatermark", "logoUrl"? }
  settings jsonb not null,
  updated_at timestamptz not null default now()
);
