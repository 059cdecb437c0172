// The Connect UI settings of each environment (migration 0005): Nango's connectUISettings shape
// (nango-api.md §2.3) plus `logoUrl`, terapi's addition. An environment without a row gets the defaults.
import type { Database } from '../database/database.js';

export interface ConnectUISettings {
  theme: { light: { primary: string }; dark: { primary: string } };
  defaultTheme: 'light' | 'dark' | 'system';
  showWatermark: boolean;
  /** An https URL or a small data: URL, shown at the top of every screen; null shows none. */
  logoUrl: string | null;
}

export const DEFAULT_CONNECT_UI_SETTINGS: ConnectUISettings = {
  theme: { light: { primary: '#0b5cff' }, dark: { primary: '#5b8cff' } },
  defaultTheme: 'system',
  showWatermark: true,
  logoUrl: null,
};

function withDefaults(stored: Partial<ConnectUISettings> | undefined): ConnectUISettings {
  const d = DEFAULT_CONNECT_UI_SETTINGS;
  return {
    theme: { light: { ...d.theme.light, ...stored?.theme?.light }, dark: { ...d.theme.dark, ...stored?.theme?.dark } },
    defaultTheme: stored?.defaultTheme ?? d.defaultTheme,
    showWatermark: stored?.showWatermark ?? d.showWatermark,
    logoUrl: stored?.logoUrl ?? d.logoUrl,
  };
}

export class ConnectUiSettingsStore {
  constructor(private readonly db: Database) {}

  async get(environmentId: number): Promise<ConnectUISettings> {
    const { rows } = await this.db.query<{ settings: Partial<ConnectUISettings> }>('select settings from connect_ui_settings where environment_id = $1', [environmentId]);
    return withDefaults(rows[0]?.settings);
  }

  /** Replaces the environment's settings; returns them as the Connect UI will read them. */
  async put(environmentId: number, settings: ConnectUISettings): Promise<ConnectUISettings> {
    const { rows } = await this.db.query<{ settings: Partial<ConnectUISettings> }>(
      `insert into connect_ui_settings (environment_id, settings) values ($1, $2)
       on conflict (environment_id) do update set settings = excluded.settings, updated_at = now() returning settings`,
      [environmentId, JSON.stringify(settings)],
    );
    return withDefaults(rows[0]!.settings);
  }
}
