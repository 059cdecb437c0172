// The hosts a provider's data may send terapi to (issue 9 point 3): the catalog's `proxy.allowed_hosts`,
// exact or `*.suffix`. A URL learnt from a token response or imported with a connection (an automated
// connection_config field such as Salesforce's instance_url, the Data Cloud exchange URL) must be an https
// URL on one of them, checked when it is stored or before it is called; TERAPI_UPSTREAM_MAP applies later,
// to the host named here, so tests keep their real-looking hosts.
import { TerapiError } from '../errors/terapi-error.js';
import type { Provider } from './provider-catalog.js';

/** `host` is `pattern`, or below it when the pattern is `*.suffix` (the bare suffix itself does not match). */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.toLowerCase();
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
}

export function allowedHostsOf(provider: Provider): readonly string[] {
  return provider.proxy?.allowed_hosts ?? [];
}

/** Where a checked URL came from: its name in messages, and what the user can do about it. */
export interface UrlSource {
  /** `connection_config.instance_url`, or `the token exchange URL`. */
  label: string;
  /** The connection_config key, for errors[].path. */
  field?: string;
  /** `stored`: read back from the database, where it may predate this check. */
  from: 'token_response' | 'import' | 'stored';
}

/**
 * `value` as a URL when it is https, carries no credentials and names an allowed host; otherwise a
 * `connection_config_host_not_allowed` error naming the field, the value and the allowed hosts.
 */
export function allowedProviderUrl(provider: Provider, value: unknown, source: UrlSource): URL {
  const allowed = allowedHostsOf(provider);
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url && url.protocol === 'https:' && !url.username && !url.password && allowed.some((p) => hostMatches(url.hostname, p))) return url;
  const hosts = allowed.join(', ') || 'none';
  const shown = typeof value === 'string' ? `"${value.slice(0, 200)}"` : `a ${typeof value}`;
  throw new TerapiError(`connection_config_host_not_allowed.${source.from}`, { label: source.label, value: shown, provider: provider.display_name, hosts }, {
    errors: [{ code: 'host_not_allowed', message: `${source.label} must be an https URL on ${hosts}`, path: source.field ? ['connection_config', source.field] : [] }],
  });
}

/** Checks every automated connection_config field present in `config` (the fields terapi learns, never users). */
export function checkAutomatedConnectionConfig(provider: Provider, config: Record<string, unknown>, from: UrlSource['from']): void {
  for (const [key, field] of Object.entries(provider.connection_config ?? {})) {
    if (!field.automated || config[key] === undefined || config[key] === null) continue;
    allowedProviderUrl(provider, config[key], { label: `connection_config.${key}`, field: key, from });
  }
}
