// Host names that name a non-public address on their face, judged without DNS (for URLs stored now and
// dialled later, such as webhook_url_override): localhost and *.localhost (RFC 6761 §6.3), and IP literals in
// the ranges of private-network-guard.ts. A public name that resolves to a private address is refused when it
// is dialled, by that guard.
import { isForbiddenAddress } from './private-network-guard.js';

/** `hostname` as `URL.hostname` gives it (IPv6 in brackets, IPv4 already normalised by the URL parser). */
export function isPrivateHostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || isForbiddenAddress(h);
}
