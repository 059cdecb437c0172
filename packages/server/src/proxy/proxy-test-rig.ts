// For the proxy's integration tests and benchmark: terapi + the Salesforce simulator + one connection, and
// a way to call the simulator directly with the connection's own token, so a test can compare "through
// the proxy" with "as if direct" byte for byte.
import { request } from 'undici';
import type { StartSalesforceSimOptions } from '@terapi/salesforce-sim';
import { startTerapiWithSalesforceSim, type TerapiWithSim } from '../providers/salesforce/testing/terapi-with-salesforce-sim.js';
import { connectSalesforce } from '../providers/salesforce/testing/connect-salesforce.js';
import type { TestTerapiOptions } from '../testing/test-terapi.js';

export interface ProxyRig extends TerapiWithSim {
  connectionId: string;
  providerConfigKey: string;
  /** The headers every proxied call needs besides the secret key. */
  proxyHeaders: Record<string, string>;
  /** The connection's current access token and instance host (read through GET /connections/:id). */
  token(): Promise<{ accessToken: string; host: string }>;
  /** The same request sent straight to the simulator as `instance_url`'s host, with the connection's token. */
  direct(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>;
}

export async function startProxyRig(opts: { sim?: StartSalesforceSimOptions; terapi?: TestTerapiOptions } = {}): Promise<ProxyRig> {
  const env = await startTerapiWithSalesforceSim(opts);
  try {
    const { connectionId, providerConfigKey } = await connectSalesforce(env.t, env.sim);
    const token = async () => {
      const res = await env.t.api(`/connections/${encodeURIComponent(connectionId)}?provider_config_key=${encodeURIComponent(providerConfigKey)}`);
      const c = (await res.json()) as { credentials: { access_token: string }; connection_config: { instance_url: string } };
      return { accessToken: c.credentials.access_token, host: new URL(c.connection_config.instance_url).host };
    };
    return {
      ...env,
      connectionId,
      providerConfigKey,
      proxyHeaders: { 'Connection-Id': connectionId, 'Provider-Config-Key': providerConfigKey },
      token,
      async direct(path, init = {}) {
        const { accessToken, host } = await token();
        const res = await request(`${env.sim.origin}${path}`, {
          method: (init.method ?? 'GET') as 'GET',
          headers: { host, authorization: `Bearer ${accessToken}`, ...init.headers },
          body: init.body ?? null,
        });
        return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
      },
    };
  } catch (err) {
    await env.close();
    throw err;
  }
}
