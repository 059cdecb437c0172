// The `id` of a Salesforce token response: https://login.salesforce.com/id/<orgId18>/<userId18>
// (spec/salesforce.md §2.4). Its host is test.salesforce.com for sandbox orgs (§1.3 note).
export interface SalesforceIdentity {
  orgId: string;
  userId: string;
  host: string;
}

export function parseIdentityUrl(id: unknown): SalesforceIdentity | undefined {
  if (typeof id !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    return undefined;
  }
  const m = /^\/id\/(00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)\/(005[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?)\/?$/.exec(url.pathname);
  if (!m) return undefined;
  return { orgId: m[1]!, userId: m[2]!, host: url.host };
}
