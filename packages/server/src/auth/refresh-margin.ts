// How long before its expiry a token is refreshed. nango-api.md §6.2 says 15 minutes, but a Salesforce admin
// can set the session timeout to 15 minutes (or less): with a fixed margin every read of such a connection
// would refresh. The margin therefore scales with the token's lifetime: never more than a quarter of it.

/** The share of a token's lifetime kept as margin when the lifetime is shorter than four margins. */
const LIFETIME_SHARE = 1 / 4;

/**
 * The margin in ms. The lifetime is measured from `issuedAt` (when terapi stored the token: every write of
 * credentials stamps last_refresh_at) to `expiresAt`; unknown either way, the configured margin applies.
 * An imported token issued before its import looks shorter-lived than it is, which only makes the margin
 * smaller, never a refresh more frequent.
 */
export function refreshMarginMs(configuredSeconds: number, issuedAt: Date | null, expiresAt: Date | null): number {
  const configured = configuredSeconds * 1000;
  if (!issuedAt || !expiresAt) return configured;
  const lifetime = expiresAt.getTime() - issuedAt.getTime();
  if (lifetime <= 0) return configured;
  return Math.min(configured, Math.floor(lifetime * LIFETIME_SHARE));
}
