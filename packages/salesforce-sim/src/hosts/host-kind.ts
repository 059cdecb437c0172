// The Salesforce hosts one simulator port serves, told apart by the `Host` header (operations.md "The Salesforce simulator").
export const LOGIN_HOST = 'login.salesforce.com';
export const TEST_HOST = 'test.salesforce.com';

export type HostKind = 'login' | 'test' | 'my-domain' | 'site' | 'bare';

const BARE_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Lower-cased host name of a `Host` header, port stripped. */
export function hostnameOf(hostHeader: string | undefined): string {
  const h = (hostHeader ?? '').trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end === -1 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

export function isBareHost(hostname: string): boolean {
  return BARE_HOSTS.has(hostname);
}

/** spec/salesforce.md §1.3 note: production identities live on login, sandbox ones on test. */
export function loginHostFor(sandbox: boolean): string {
  return sandbox ? TEST_HOST : LOGIN_HOST;
}
