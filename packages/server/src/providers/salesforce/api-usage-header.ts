// spec/salesforce.md §3.12: `Sforce-Limit-Info: api-usage=18/5000`, possibly with more segments
// (`; api-bursts=1/750`, `per-app-api-usage=17/250(appName=…)`); only `api-usage` is the org's daily allocation.
import type { ApiUsageReading } from '../provider-hooks.js';

const API_USAGE = /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/;

export function apiUsageFromSforceLimitInfo(headers: Record<string, string | string[] | undefined>): ApiUsageReading | undefined {
  const raw = headers['sforce-limit-info'];
  const value = Array.isArray(raw) ? raw.join(';') : raw;
  if (!value) return undefined;
  const m = API_USAGE.exec(value);
  if (!m) return undefined;
  return { used: Number(m[1]), max: Number(m[2]) };
}

/** spec/salesforce.md §3.11, §6: 403 REQUEST_LIMIT_EXCEEDED (TotalRequests or ConcurrentRequests) is a rate limit. */
export function isSalesforceRateLimited(status: number, body: string): boolean {
  return status === 403 && body.includes('REQUEST_LIMIT_EXCEEDED');
}
