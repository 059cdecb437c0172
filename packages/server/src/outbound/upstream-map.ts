// TERAPI_UPSTREAM_MAP (spec/operations.md): `HOST=ORIGIN` pairs, HOST exact or `*.suffix`, first match wins.
export interface UpstreamRule {
  readonly pattern: string;
  readonly origin: string;
}

export interface UpstreamMap {
  readonly rules: readonly UpstreamRule[];
  /** The origin that replaces `host`'s (no trailing slash), or undefined when no rule matches. */
  originFor(hostname: string): string | undefined;
}

export function parseUpstreamMap(raw: string): UpstreamMap {
  const rules: UpstreamRule[] = [];
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`"${part}" is not HOST=ORIGIN`);
    const pattern = part.slice(0, eq).trim().toLowerCase();
    const originRaw = part.slice(eq + 1).trim();
    let origin: URL;
    try {
      origin = new URL(originRaw);
    } catch {
      throw new Error(`"${originRaw}" is not an origin URL (e.g. http://127.0.0.1:9100)`);
    }
    if (origin.protocol !== 'http:' && origin.protocol !== 'https:') throw new Error(`"${originRaw}" must be http or https`);
    if (!/^(\*\.)?[a-z0-9.-]+$/.test(pattern)) throw new Error(`"${pattern}" must be a host name or *.suffix`);
    rules.push({ pattern, origin: origin.origin });
  }
  return {
    rules,
    originFor(hostname: string) {
      const h = hostname.toLowerCase();
      for (const r of rules) {
        if (r.pattern.startsWith('*.') ? h.endsWith(r.pattern.slice(1)) : h === r.pattern) return r.origin;
      }
      return undefined;
    },
  };
}

/** Rewrites a browser-facing URL to the mapped origin (redirects to a mapped host, spec/operations.md). */
export function rewriteForBrowser(map: UpstreamMap, url: string): string {
  const u = new URL(url);
  const origin = map.originFor(u.hostname);
  if (!origin) return url;
  const o = new URL(origin);
  u.protocol = o.protocol;
  u.host = o.host;
  return u.toString();
}
