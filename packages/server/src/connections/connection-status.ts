// A connection's state as the dashboard filters and shows it (issue 12 point 4), derived from what the row
// holds — one definition for the SQL filter and the API field:
// - refresh_failed: a refresh was refused for good (auth_status needs_reauth); the end user must reconnect;
// - expired: the access token's known expiry has passed (the next use refreshes it, when the mode can);
// - healthy: anything else.

export const CONNECTION_STATUSES = ['healthy', 'expired', 'refresh_failed'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** The SQL condition of each status over `connections c`. */
export const CONNECTION_STATUS_SQL: Record<ConnectionStatus, string> = {
  healthy: `(c.auth_status = 'ok' and (c.token_expires_at is null or c.token_expires_at > now()))`,
  expired: `(c.auth_status = 'ok' and c.token_expires_at <= now())`,
  refresh_failed: `(c.auth_status = 'needs_reauth')`,
};

export function connectionStatus(c: { authStatus: 'ok' | 'needs_reauth'; tokenExpiresAt: Date | null }, now = new Date()): ConnectionStatus {
  if (c.authStatus === 'needs_reauth') return 'refresh_failed';
  if (c.tokenExpiresAt && c.tokenExpiresAt <= now) return 'expired';
  return 'healthy';
}
