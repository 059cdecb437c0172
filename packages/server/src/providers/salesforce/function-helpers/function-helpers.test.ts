// Issue 14 §6: `terapi/salesforce` for function authors. A user's own functions folder, outside terapi, with a sync
// of a custom object that imports the helpers: `terapi deploy` type-checks and bundles it, and it syncs against the
// simulator — changes, then a deletion found through queryAll. A `terapi/<unknown>` import is refused at deploy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../testing/connect-salesforce.js';
import { deployCommand } from '../../../cli/deploy-command.js';
import { waitUntil } from '../../../testing/wait-until.js';

const INVOICES = `import { createSync } from 'terapi';
import * as z from 'zod';
import { ObjectCheckpoint, syncIncrementally, booleanOr, numberOrNull, stringOrNull, type SoqlRecord } from 'terapi/salesforce';

const Invoice = z.object({ id: z.string(), name: z.string().nullable(), amount: z.number().nullable(), paid: z.boolean() });

export default createSync({
  description: 'Invoices (a custom object) through the terapi/salesforce helpers',
  frequency: 'every 1h',
  autoStart: true,
  syncType: 'incremental',
  models: { Invoice },
  checkpoint: ObjectCheckpoint,
  exec: async (nango) => {
    await syncIncrementally(nango, {
      object: 'Invoice__c',
      model: 'Invoice',
      fields: ['Name', 'Amount__c', 'Paid__c'],
      toRecord: (r: SoqlRecord) => ({ id: r.Id, name: stringOrNull(r.Name), amount: numberOrNull(r.Amount__c), paid: booleanOr(r.Paid__c) }),
    });
  },
});
`;

type Rec = { id: string; name: string | null; amount: number | null; paid: boolean; _nango_metadata: { last_action: string } };

describe('terapi/salesforce in a user function', () => {
  let env: TerapiWithSim;
  let orgId: string;
  let connectionId: string;
  const dirs: string[] = [];
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'terapi-user-fns-'));
    dirs.push(dir);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  const deploy = async (dir: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await deployCommand(dir, { env: { TERAPI_HOST: env.t.url, TERAPI_SECRET_KEY: env.t.devSecretKey }, out: (l) => void out.push(l), err: (l) => void err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const records = async (): Promise<Map<string, Rec>> => {
    const res = await env.t.api('/records?model=Invoice&limit=10000', { headers: { 'connection-id': connectionId, 'provider-config-key': 'salesforce' } });
    assert.equal(res.status, 200);
    return new Map(((await res.json()) as { records: Rec[] }).records.map((r) => [r.id, r]));
  };
  const status = async () => {
    const res = await env.t.api(`/sync/status?syncs=invoices&provider_config_key=salesforce&connection_id=${connectionId}`);
    return ((await res.json()) as { syncs: { status: string; finishedAt?: string; latestExecutionStatus?: string }[] }).syncs[0]!;
  };

  before(async () => {
    env = await startTerapiWithSalesforceSim();
    orgId = env.sim.summary().orgs.find((o) => !o.sandbox)!.id;
    await env.sim.control.seed(orgId, 300);
    ({ connectionId } = await connectSalesforce(env.t, env.sim));
  });
  after(async () => {
    await env?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  test('a user sync importing terapi/salesforce deploys (type-checked, bundled) and syncs a custom object with its deletions', async () => {
    const deployed = await deploy(folder({ 'salesforce/syncs/invoices.ts': INVOICES }));
    assert.equal(deployed.code, 0, deployed.err);
    const first = await waitUntil('the first invoices run', async () => {
      const s = await status();
      return s.latestExecutionStatus !== undefined && s.status !== 'RUNNING' ? s : undefined;
    }, { every: 100 });
    assert.equal(first.latestExecutionStatus, 'SUCCESS', JSON.stringify(first));
    const table = env.sim.sim.getOrg(orgId)!.data.table('Invoice__c')!;
    const live = table.column('IsDeleted').filter((d) => !d).length;
    assert.ok(live > 0, 'the simulator seeded invoices');
    const recs = await records();
    assert.equal(recs.size, live);
    const one = [...recs.values()][0]!;
    const sim = env.sim.sim.getOrg(orgId)!.data.get('Invoice__c', one.id)!;
    assert.equal(one.amount, sim.Amount__c);
    assert.equal(one.paid, sim.Paid__c);

    await env.sim.control.deleteRecord(orgId, 'Invoice__c', one.id);
    const before = first.finishedAt ?? '';
    const res = await env.t.api('/sync/trigger', { method: 'POST', json: { syncs: ['invoices'], provider_config_key: 'salesforce', connection_id: connectionId } });
    assert.equal(res.status, 200, await res.text());
    const second = await waitUntil('the second invoices run', async () => {
      const s = await status();
      return s.status !== 'RUNNING' && (s.finishedAt ?? '') > before && s;
    }, { every: 100 });
    assert.equal(second.latestExecutionStatus, 'SUCCESS');
    assert.equal((await records()).get(one.id)?._nango_metadata.last_action, 'DELETED');
  });

  test('an import of a terapi module that does not exist is refused at deploy, naming the ones that do', async () => {
    const bad = await deploy(folder({ 'salesforce/syncs/nope.ts': INVOICES.replace("from 'terapi/salesforce'", "from 'terapi/hubspot'") }));
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /terapi\/hubspot/);
  });
});
