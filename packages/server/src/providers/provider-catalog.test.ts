import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogError, ProviderCatalog } from './provider-catalog.js';
import { providerModules } from './provider-modules.js';
import { interpolate, TemplateError } from './template.js';
import { validateConnectionConfig } from './connection-config.js';
import { TerapiError } from '../errors/terapi-error.js';

const hooks = new Set(providerModules().keys());

test('the shipped catalog loads and has every Salesforce variant with its real hosts', () => {
  const catalog = ProviderCatalog.load(hooks);
  for (const name of ['salesforce', 'salesforce-sandbox', 'salesforce-cc', 'salesforce-jwt', 'salesforce-experience-cloud', 'salesforce-cdp']) {
    const p = catalog.get(name);
    assert.ok(p, name);
    assert.equal(p.proxy?.base_url, '${connectionConfig.instance_url}', name);
    assert.deepEqual(p.token_response_metadata, ['instance_url'], name);
  }
  const sf = catalog.get('salesforce')!;
  assert.equal(sf.authorization_params?.prompt, 'consent');
  assert.deepEqual(sf.default_scopes, ['offline_access']);
  assert.equal(interpolate(sf.authorization_url!, { connectionConfig: {} }), 'https://login.salesforce.com/services/oauth2/authorize');
  assert.equal(interpolate(sf.token_url!, { connectionConfig: { hostname: 'acme.my.salesforce.com' } }), 'https://acme.my.salesforce.com/services/oauth2/token');
  const sandbox = catalog.get('salesforce-sandbox')!;
  assert.equal(interpolate(sandbox.token_url!, { connectionConfig: {} }), 'https://test.salesforce.com/services/oauth2/token');
  assert.equal(catalog.get('salesforce-cc')!.auth_mode, 'OAUTH2_CC');
  assert.equal(catalog.get('salesforce-jwt')!.auth_mode, 'TWO_STEP');
  assert.equal(interpolate(catalog.get('salesforce-experience-cloud')!.token_url!, { connectionConfig: { subdomain: 'acme' } }), 'https://acme.my.site.com/services/oauth2/token');
});

test('a broken entry fails with the entry and the field named', () => {
  const yaml = `
good:
  display_name: Good
  auth_mode: API_KEY
broken:
  display_name: Broken
  auth_mode: OAUTH3
  token_url: 42
`;
  assert.throws(
    () => ProviderCatalog.fromYaml(yaml, hooks),
    (err: unknown) => {
      assert.ok(err instanceof CatalogError);
      assert.ok(err.problems.some((p) => p.startsWith('broken.auth_mode:')), err.message);
      assert.ok(err.problems.some((p) => p.startsWith('broken.token_url:')), err.message);
      assert.ok(!err.problems.some((p) => p.startsWith('good')), err.message);
      return true;
    },
  );
  assert.throws(() => ProviderCatalog.fromYaml('x:\n  display_name: X\n  auth_mode: OAUTH2\n  hooks: nope\n', hooks), /x\.hooks: no provider module named "nope"/);
  assert.throws(() => ProviderCatalog.fromYaml('x:\n  display_name: X\n  auth_mode: API_KEY\n  surprise: 1\n', hooks), /x\.\(entry\)|x\.surprise|Unrecognized key/);
});

test('templates: references, fallbacks, literals and missing values', () => {
  const scope = { connectionConfig: { hostname: 'a.my.salesforce.com', empty: '' }, credentials: { clientId: 'cid' } };
  assert.equal(interpolate('https://${connectionConfig.hostname}/x', scope), 'https://a.my.salesforce.com/x');
  assert.equal(interpolate('${connectionConfig.empty || connectionConfig.hostname}', scope), 'a.my.salesforce.com');
  assert.equal(interpolate('${connectionConfig.missing || login.salesforce.com}', scope), 'login.salesforce.com');
  assert.equal(interpolate("${connectionConfig.missing || 'quoted value'}", scope), 'quoted value');
  assert.equal(interpolate('${credentials.clientId}', scope), 'cid');
  assert.throws(() => interpolate('${connectionConfig.missing}', scope), TemplateError);
});

test('connection config: pattern, optional, automated, and the Lightning host refused with advice', () => {
  const catalog = ProviderCatalog.load(hooks);
  const sf = catalog.get('salesforce')!;
  assert.deepEqual(validateConnectionConfig(sf, {}), {});
  assert.deepEqual(validateConnectionConfig(sf, { hostname: 'https://acme.my.salesforce.com/' }), { hostname: 'acme.my.salesforce.com' });
  assert.deepEqual(validateConnectionConfig(sf, { instance_url: 'https://evil.example' }), {}, 'automated fields are never taken from users');
  assert.throws(
    () => validateConnectionConfig(sf, { hostname: 'acme.lightning.force.com' }),
    (err: unknown) => err instanceof TerapiError && err.code === 'salesforce_lightning_hostname' && /my\.salesforce\.com/.test(err.message),
  );
  assert.throws(() => validateConnectionConfig(sf, { hostname: 'evil.example.com' }), (err: unknown) => err instanceof TerapiError && err.code === 'invalid_connection_config');
  const cc = catalog.get('salesforce-cc')!;
  assert.throws(() => validateConnectionConfig(cc, {}), (err: unknown) => err instanceof TerapiError && err.code === 'invalid_connection_config' && /Hostname \(hostname\) is required/.test(err.message));
  assert.throws(() => validateConnectionConfig(cc, { hostname: 'login.salesforce.com' }), (err: unknown) => err instanceof TerapiError && err.code === 'salesforce_client_credentials_host');
  const site = catalog.get('salesforce-experience-cloud')!;
  assert.throws(() => validateConnectionConfig(site, { subdomain: 'Not Valid!' }), (err: unknown) => err instanceof TerapiError && err.code === 'invalid_connection_config');
  assert.deepEqual(validateConnectionConfig(site, { subdomain: 'acme' }), { subdomain: 'acme' });
});

test('the catalog is one file per provider folder; a name defined in two files is refused with both named', () => {
  const entry = '  display_name: X\n  auth_mode: API_KEY\n';
  const catalog = ProviderCatalog.fromYamlFiles([{ file: 'a/catalog.yaml', text: `x:\n${entry}` }, { file: 'b/catalog.yaml', text: `y:\n${entry}` }], hooks);
  assert.deepEqual(catalog.list().map((p) => p.name), ['x', 'y']);
  assert.throws(
    () => ProviderCatalog.fromYamlFiles([{ file: 'a/catalog.yaml', text: `x:\n${entry}` }, { file: 'b/catalog.yaml', text: `x:\n${entry}` }], hooks),
    /x: defined in both a\/catalog\.yaml and b\/catalog\.yaml/,
  );
});

test('a catalog file that is not YAML stops the start with the file named and where it broke', () => {
  assert.throws(
    () => ProviderCatalog.fromYamlFiles([{ file: 'broken/catalog.yaml', text: 'broken:\n  auth_mode: OAUTH2\n   display_name: [unclosed\n' }], new Set()),
    (err: unknown) => err instanceof CatalogError && /^broken\/catalog\.yaml: not valid YAML: .*\(3:/.test(err.problems[0] ?? ''),
  );
});
