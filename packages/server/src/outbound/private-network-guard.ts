// SSRF protection (issue 5 point 5): a request that TERAPI_UPSTREAM_MAP does not send elsewhere may not reach
// loopback, private, link-local or otherwise non-public addresses. The check runs on the addresses the
// socket is about to dial (a custom `lookup` for net/tls.connect), so a DNS name that resolves to 127.0.0.1,
// or re-resolves there after a first check (DNS rebinding), is refused too.
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';

/** Non-public IPv4 ranges: RFC 6890 special-purpose registry (this-network, private, CGNAT, loopback, link-local, benchmarking, multicast, reserved). */
const IPV4_FORBIDDEN: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/** Non-public IPv6 ranges: unspecified, loopback, unique-local (RFC 4193), link-local, multicast, documentation, NAT64 and 6to4 wrappers. */
const IPV6_FORBIDDEN: ReadonlyArray<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['2001:db8::', 32],
  ['64:ff9b::', 96],
  ['2002::', 16],
];

export const UPSTREAM_ADDRESS_FORBIDDEN = 'ERR_TERAPI_UPSTREAM_ADDRESS_FORBIDDEN';

export class ForbiddenAddressError extends Error {
  readonly code = UPSTREAM_ADDRESS_FORBIDDEN;
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, a loopback, private or link-local address; only TERAPI_UPSTREAM_MAP may send requests there`);
    this.name = 'ForbiddenAddressError';
  }
}

/** Built once; a BlockList is only read after this. */
const FORBIDDEN: BlockList = (() => {
  const list = new BlockList();
  for (const [net, prefix] of IPV4_FORBIDDEN) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of IPV6_FORBIDDEN) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

/** Whether an IP address literal is not a public unicast address (IPv4-mapped IPv6 judged by its IPv4 part). */
export function isForbiddenAddress(address: string): boolean {
  const ip = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(ip);
  if (family === 4) return FORBIDDEN.check(ip, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return FORBIDDEN.check(mapped[1]!, 'ipv4');
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1]!, 16);
      const lo = parseInt(hexMapped[2]!, 16);
      return FORBIDDEN.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, 'ipv4');
    }
    return FORBIDDEN.check(ip, 'ipv6');
  }
  return false;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for net.connect / tls.connect that refuses non-public addresses. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => isForbiddenAddress(a.address));
    if (bad) return callback(new ForbiddenAddressError(hostname, bad.address) as unknown as NodeJS.ErrnoException, []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
