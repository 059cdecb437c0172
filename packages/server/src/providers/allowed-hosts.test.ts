import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerapiError } from '../errors/terapi-error.js';
import { allowedProviderUrl, checkAutomatedConnectionConfig } from './allowed-hosts.js';
import { CatalogError, ProviderCatalog } from './provider-catalog.js';
import { providerModules } from './provider-modules.js';

const hooks = new Set(providerModules().keys());
const catalog = ProviderCatalog.load(hooks);
const SALESFORCE_VARIANTS = ['salesforce', 'salesforce-sandbox', 'salesforce-cc', 'salesforce-jwt', 'salesforce-experience-cloud', 'salesforce-cdp'];

// Real instance_url families (spec/salesforce.md §0, §1.7): My Domain and its sandbox/developer/scratch forms,
// legacy instances, Experience Cloud and Sites (enhanced domains and legacy force.com), Data Cloud tenants.
const LEGITIMATE = [
  'https://acme.my.salesforce.com',
  'https://acme--uat.sandbox.my.salesforce.com',
  'https://nango-dev-ed.develop.my.salesforce.com',
  'https://acme-dev-ed.scratch.my.salesforce.com',
  'https://na139.salesforce.com',
  'https://login.salesforce.com',
  'https://test.salesforce.com',
  'https://mqzdmmbzg4ytmzrzgyzdqmbwmy.c360a.salesforce.com',
  'https://acme.my.site.com',
  'https://acme--uat.sandbox.my.site.com/partners',
  'https://acme.force.com',
  'https://acme.secure.force.com',
  'https://acme.my.salesforce-sites.com',
];

test('every Salesforce variant accepts every real Salesforce host family as instance_url', () => {
  for (const name of SALESFORCE_VARIANTS) {
    const provider = catalog.get(name)!;
    for (const url of LEGITIMATE) assert.doesNotThrow(() => checkAutomatedConnectionConfig(provider, { instance_url: url }, 'token_response'), `${name} ${url}`);
  }
});

test('an instance_url off the allowed hosts, not https, with credentials or not a URL is refused, naming the field and the hosts', () => {
  const provider = catalog.get('salesforce')!;
  for (const value of ['https://evil.example.com', 'https://salesforce.com', 'https://evilsalesforce.com', 'https://acme.my.salesforce.com.evil.example', 'https://127.0.0.1', 'https://[::1]', 'http://acme.my.salesforce.com', 'https://u:p@acme.my.salesforce.com', 'acme.my.salesforce.com', '', 7]) {
    assert.throws(
      () => checkAutomatedConnectionConfig(provider, { instance_url: value }, 'import'),
      (err: unknown) =>
        err instanceof TerapiError &&
        err.code === 'connection_config_host_not_allowed' &&
        err.message.includes('connection_config.instance_url') &&
        err.message.includes('*.salesforce.com, *.force.com, *.my.site.com') &&
        err.errors?.[0]?.path.join('.') === 'connection_config.instance_url',
      String(value),
    );
  }
  // Fields users type (hostname) are validated by their pattern elsewhere; only automated fields are checked here.
  assert.doesNotThrow(() => checkAutomatedConnectionConfig(provider, { hostname: 'whatever' }, 'import'));
  assert.equal(allowedProviderUrl(provider, 'https://acme.my.salesforce.com/services/a360/token', { label: 'the token exchange URL', from: 'token_response' }).host, 'acme.my.salesforce.com');
});

test('a catalog entry whose automated fields could not be checked does not load', () => {
  const yaml = (proxy: string) => `
x:
  display_name: X
  auth_mode: OAUTH2
  authorization_url: https://x.example/authorize
  token_url: https://x.example/token
  token_response_metadata: [api_domain, extra]
${proxy}  connection_config:
    api_domain:
      type: string
      title: API domain
      automated: true
`;
  assert.throws(() => ProviderCatalog.fromYaml(yaml(''), hooks), (err: unknown) => err instanceof CatalogError && /x\.proxy\.allowed_hosts: required, since api_domain/.test(err.message) && /x\.token_response_metadata: extra must also be an automated/.test(err.message));
  assert.throws(() => ProviderCatalog.fromYaml(yaml("  proxy:\n    base_url: ${connectionConfig.api_domain}\n    allowed_hosts: ['*.x.example']\n"), hooks), /extra must also be an automated/);
});
