import type { SimRecord } from '../data/org-data.js';
import type { FaultRule, FaultRuleInput } from '../faults/fault-rules.js';
import type { TokenSelector } from '../oauth/token-store.js';
import type { OutboundDelivery, OutboundMessageInput } from '../outbound-messages/outbound-messages.js';
import type { RequestLogSnapshot } from '../request-log/request-log.js';
import type { AppSettings, CreateAppInput, CreateOrgInput, CreateUserInput, SimApp, SimUser } from '../salesforce-sim.js';
import type { OrgView, SimSummary } from './sim-summary.js';

/** A control request the simulator refused; `body` is its JSON answer. */
export class SimControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`simulator control request failed with ${status}: ${JSON.stringify(body)}`);
    this.name = 'SimControlError';
  }
}

/** Typed client of the simulator's control API (`/__sim/…`), for tests and scripts in other processes. */
export class SimControlClient {
  constructor(readonly origin: string) {}

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}/__sim/${path}`, {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!res.ok) throw new SimControlError(res.status, parsed);
    return parsed as T;
  }

  summary(): Promise<SimSummary> {
    return this.#call('GET', 'summary');
  }

  async listOrgs(): Promise<OrgView[]> {
    return (await this.#call<{ orgs: OrgView[] }>('GET', 'orgs')).orgs;
  }

  getOrg(orgId: string): Promise<OrgView> {
    return this.#call('GET', `orgs/${orgId}`);
  }

  createOrg(input: CreateOrgInput & { users?: CreateUserInput[]; apps?: CreateAppInput[] }): Promise<OrgView> {
    return this.#call('POST', 'orgs', input);
  }

  createUser(orgId: string, input: CreateUserInput): Promise<SimUser> {
    return this.#call('POST', `orgs/${orgId}/users`, input);
  }

  setUserActive(orgId: string, userId: string, active: boolean): Promise<SimUser> {
    return this.#call('POST', `orgs/${orgId}/users/${userId}/${active ? 'activate' : 'deactivate'}`);
  }

  /** An inactive org refuses every token grant (`inactive_org`) and every session. */
  async setOrgActive(orgId: string, active: boolean): Promise<OrgView> {
    return this.#call('POST', `orgs/${orgId}/${active ? 'activate' : 'deactivate'}`);
  }

  createApp(orgId: string, input: CreateAppInput = {}): Promise<SimApp> {
    return this.#call('POST', `orgs/${orgId}/apps`, input);
  }

  updateApp(clientId: string, patch: Partial<AppSettings>): Promise<SimApp> {
    return this.#call('PATCH', `apps/${encodeURIComponent(clientId)}`, patch);
  }

  async seed(orgId: string, perObject: number, seed?: number): Promise<void> {
    await this.#call('POST', `orgs/${orgId}/seed`, { perObject, ...(seed !== undefined ? { seed } : {}) });
  }

  createRecord(orgId: string, type: string, fields: Record<string, unknown>): Promise<SimRecord> {
    return this.#call('POST', `orgs/${orgId}/records/${type}`, fields);
  }

  getRecord(orgId: string, type: string, id: string): Promise<SimRecord> {
    return this.#call('GET', `orgs/${orgId}/records/${type}/${id}`);
  }

  updateRecord(orgId: string, type: string, id: string, fields: Record<string, unknown>): Promise<SimRecord> {
    return this.#call('PATCH', `orgs/${orgId}/records/${type}/${id}`, fields);
  }

  async deleteRecord(orgId: string, type: string, id: string): Promise<void> {
    await this.#call('DELETE', `orgs/${orgId}/records/${type}/${id}`);
  }

  /** Hard delete: out of the recycle bin, so only `/deleted/` still knows it. */
  async purgeRecord(orgId: string, type: string, id: string): Promise<void> {
    await this.#call('POST', `orgs/${orgId}/records/${type}/${id}/purge`);
  }

  undeleteRecord(orgId: string, type: string, id: string): Promise<SimRecord> {
    return this.#call('POST', `orgs/${orgId}/records/${type}/${id}/undelete`);
  }

  /** Ends the selected access tokens' sessions; returns how many were live. */
  async expireTokens(selector: TokenSelector): Promise<number> {
    return (await this.#call<{ count: number }>('POST', 'tokens/expire', selector)).count;
  }

  /** Revokes the selected tokens (a refresh token's access tokens with it); returns how many. */
  async revokeTokens(selector: TokenSelector): Promise<number> {
    return (await this.#call<{ count: number }>('POST', 'tokens/revoke', selector)).count;
  }

  /** Moves the simulator's clock forward (codes, sessions and JWT `exp` follow it); returns its new time in ms. */
  async advanceClock(ms: number): Promise<number> {
    return (await this.#call<{ now: number }>('POST', 'clock/advance', { ms })).now;
  }

  addFault(input: FaultRuleInput): Promise<FaultRule> {
    return this.#call('POST', 'faults', input);
  }

  async listFaults(): Promise<FaultRule[]> {
    return (await this.#call<{ faults: FaultRule[] }>('GET', 'faults')).faults;
  }

  async removeFault(id: string): Promise<void> {
    await this.#call('DELETE', `faults/${id}`);
  }

  async clearFaults(): Promise<void> {
    await this.#call('DELETE', 'faults');
  }

  requestLog(): Promise<RequestLogSnapshot> {
    return this.#call('GET', 'requests');
  }

  async resetRequestLog(): Promise<void> {
    await this.#call('DELETE', 'requests');
  }

  sendOutboundMessage(input: OutboundMessageInput): Promise<OutboundDelivery> {
    return this.#call('POST', 'outbound-messages', input);
  }

  async outboundDeliveries(): Promise<OutboundDelivery[]> {
    return (await this.#call<{ deliveries: OutboundDelivery[] }>('GET', 'outbound-messages')).deliveries;
  }

  /** With `wait`, answers once the delivery is acknowledged or given up. */
  outboundDelivery(id: string, opts: { wait?: boolean } = {}): Promise<OutboundDelivery> {
    return this.#call('GET', `outbound-messages/${id}${opts.wait === true ? '?wait=true' : ''}`);
  }
}
