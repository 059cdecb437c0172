import type { SalesforceSim, SimOrg, SimUser } from '../salesforce-sim.js';
import { toId15 } from '../ids/salesforce-id.js';

function urls(org: SimOrg, version: string): Record<string, string> {
  const base = org.instanceUrl;
  const org15 = toId15(org.id);
  return {
    enterprise: `${base}/services/Soap/c/${version}/${org15}`,
    metadata: `${base}/services/Soap/m/${version}/${org15}`,
    partner: `${base}/services/Soap/u/${version}/${org15}`,
    rest: `${base}/services/data/v${version}/`,
    sobjects: `${base}/services/data/v${version}/sobjects/`,
    search: `${base}/services/data/v${version}/search/`,
    query: `${base}/services/data/v${version}/query/`,
  };
}

const LOCALE = { language: 'en_US', locale: 'en_US', utcOffset: -28800000 } as const;

/** spec/salesforce.md §2.3. */
export function userinfoBody(sim: SalesforceSim, org: SimOrg, user: SimUser): Record<string, unknown> {
  const name = `${user.firstName} ${user.lastName}`;
  return {
    sub: sim.identityUrl(org, user),
    user_id: user.id,
    organization_id: org.id,
    preferred_username: user.username,
    nickname: user.username.split('@')[0] ?? user.username,
    name,
    email: user.email,
    email_verified: true,
    given_name: user.firstName,
    family_name: user.lastName,
    zoneinfo: 'America/Los_Angeles',
    active: user.active,
    user_type: 'STANDARD',
    ...LOCALE,
    updated_at: '2024-05-01T10:00:00Z',
    is_app_installed: true,
    urls: urls(org, '{version}'),
  };
}

/** spec/salesforce.md §2.4: URL templates keep a literal `{version}` unless `version=` is given. */
export function identityBody(sim: SalesforceSim, org: SimOrg, user: SimUser, version = '{version}'): Record<string, unknown> {
  return {
    id: sim.identityUrl(org, user),
    asserted_user: true,
    user_id: user.id,
    organization_id: org.id,
    username: user.username,
    nick_name: user.username.split('@')[0] ?? user.username,
    display_name: `${user.firstName} ${user.lastName}`,
    email: user.email,
    email_verified: true,
    first_name: user.firstName,
    last_name: user.lastName,
    timezone: 'America/Los_Angeles',
    status: { created_date: null, body: null },
    urls: urls(org, version),
    active: user.active,
    user_type: 'STANDARD',
    ...LOCALE,
    last_modified_date: '2024-05-01T10:00:00.000Z',
  };
}
