// A terapi and a Salesforce simulator that know each other: the simulator's apps accept terapi's callback
// URL, and terapi's TERAPI_UPSTREAM_MAP sends every Salesforce host to the simulator.
import { startSalesforceSim, type RunningSalesforceSim, type StartSalesforceSimOptions } from '@terapi/salesforce-sim';
import { freePort, startTestTerapi, type TestTerapi, type TestTerapiOptions } from '../../../testing/test-terapi.js';

export interface TerapiWithSim {
  t: TestTerapi & { encryptionKey: string };
  sim: RunningSalesforceSim;
  close(): Promise<void>;
}

export async function startTerapiWithSalesforceSim(opts: { terapi?: TestTerapiOptions; sim?: StartSalesforceSimOptions } = {}): Promise<TerapiWithSim> {
  const port = opts.terapi?.port ?? (await freePort());
  const sim = await startSalesforceSim({ port: 0, ...opts.sim, callbackUrls: [`http://127.0.0.1:${port}/oauth/callback`, ...(opts.sim?.callbackUrls ?? [])] });
  try {
    const t = await startTestTerapi({ ...opts.terapi, port, env: { TERAPI_UPSTREAM_MAP: sim.upstreamMap, ...opts.terapi?.env } });
    return {
      t,
      sim,
      async close() {
        await t.close();
        await sim.close();
      },
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}
