import { randomUUID } from 'node:crypto';
import type { SalesforceSim } from '../salesforce-sim.js';
import { ackFailure, outboundEnvelope, type OutboundNotification } from './outbound-envelope.js';

export interface OutboundMessageInput {
  orgId: string;
  url: string;
  sObjectType: string;
  recordIds: string[];
  /** Fields to send besides `Id`; all the record's fields when absent. */
  fields?: string[];
  /** "Send Session ID": a live session of the org's first active user goes in `SessionId`. */
  sendSessionId?: boolean;
  /**
   * Delays (ms) before the 2nd, 3rd, … attempt; the last one repeats. Salesforce backs off up to 2 hours (§5.3);
   * the default is a fast schedule for tests.
   */
  retryDelaysMs?: number[];
  /** Attempts before giving up (Salesforce drops messages after 24 hours, §5.3). */
  maxAttempts?: number;
  /** Per-attempt timeout; Salesforce's is about 60 s (§5.3). */
  timeoutMs?: number;
}

export interface DeliveryAttempt {
  at: string;
  status?: number;
  error?: string;
}

export interface OutboundDelivery {
  id: string;
  orgId: string;
  url: string;
  sObjectType: string;
  actionId: string;
  notificationIds: string[];
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  history: DeliveryAttempt[];
}

const DEFAULT_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600];
const DEFAULT_MAX_ATTEMPTS = 10;
// spec/salesforce.md §5.1: 1–100 notifications per message.
export const MAX_NOTIFICATIONS = 100;

/** spec/salesforce.md §5.1–5.3: SOAP deliveries, retried until a true Ack. */
export class OutboundMessages {
  readonly #deliveries = new Map<string, OutboundDelivery>();
  readonly #waiters = new Map<string, (() => void)[]>();
  readonly #abort = new AbortController();
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(private readonly sim: SalesforceSim) {}

  send(input: OutboundMessageInput): OutboundDelivery {
    const org = this.sim.getOrg(input.orgId);
    if (!org) throw new Error(`no org with id ${input.orgId}`);
    if (input.recordIds.length < 1 || input.recordIds.length > MAX_NOTIFICATIONS) {
      throw new Error(`an outbound message carries 1 to ${MAX_NOTIFICATIONS} notifications`);
    }
    const delivery: OutboundDelivery = {
      id: randomUUID(),
      orgId: org.id,
      url: input.url,
      sObjectType: input.sObjectType,
      actionId: this.sim.nextId('04k'),
      notificationIds: input.recordIds.map(() => this.sim.nextId('04l')),
      state: 'pending',
      attempts: 0,
      history: [],
    };
    this.#deliveries.set(delivery.id, delivery);
    this.#schedule(delivery, input, 0);
    return delivery;
  }

  list(): OutboundDelivery[] {
    return [...this.#deliveries.values()];
  }

  get(id: string): OutboundDelivery | undefined {
    return this.#deliveries.get(id);
  }

  /** Resolves once the delivery is acknowledged or given up. */
  settled(id: string): Promise<OutboundDelivery | undefined> {
    const d = this.#deliveries.get(id);
    if (!d || d.state !== 'pending') return Promise.resolve(d);
    return new Promise((resolve) => {
      const list = this.#waiters.get(id) ?? [];
      list.push(() => resolve(this.#deliveries.get(id)));
      this.#waiters.set(id, list);
    });
  }

  close(): void {
    this.#abort.abort();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  #schedule(delivery: OutboundDelivery, input: OutboundMessageInput, delayMs: number): void {
    if (this.#abort.signal.aborted) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(delivery, input);
    }, delayMs);
    this.#timers.add(timer);
  }

  async #attempt(delivery: OutboundDelivery, input: OutboundMessageInput): Promise<void> {
    const org = this.sim.getOrg(delivery.orgId);
    if (!org) return;
    // spec/salesforce.md §5.3: field values are read at send time.
    const notifications: OutboundNotification[] = input.recordIds.map((recordId, i) => {
      const record = org.data.get(input.sObjectType, recordId);
      return {
        id: delivery.notificationIds[i] ?? '',
        sObjectType: input.sObjectType,
        recordId: typeof record?.Id === 'string' ? record.Id : recordId,
        fields: record === undefined ? undefined : pick(record, input.fields),
      };
    });
    const sessionId = input.sendSessionId === true ? this.#sessionId(delivery.orgId) : undefined;
    const body = outboundEnvelope({
      orgId: org.id,
      instanceUrl: org.instanceUrl,
      actionId: delivery.actionId,
      ...(sessionId !== undefined ? { sessionId } : {}),
      notifications,
    });
    delivery.attempts++;
    let failure: string | undefined;
    let status: number | undefined;
    try {
      const signal = AbortSignal.any([this.#abort.signal, AbortSignal.timeout(input.timeoutMs ?? 60_000)]);
      const res = await fetch(input.url, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body,
        signal,
      });
      status = res.status;
      failure = ackFailure(res.status, res.statusText, await res.text());
    } catch (err) {
      if (this.#abort.signal.aborted) return;
      const cause = (err as { cause?: { message?: string } }).cause;
      failure = cause?.message ?? (err as Error).message;
    }
    delivery.history.push({ at: new Date().toISOString(), ...(status !== undefined ? { status } : {}), ...(failure ? { error: failure } : {}) });
    if (status !== undefined) delivery.lastStatus = status;
    if (failure === undefined) {
      delete delivery.lastError;
      delivery.state = 'delivered';
    } else {
      delivery.lastError = failure;
      if (delivery.attempts >= (input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) delivery.state = 'failed';
    }
    if (delivery.state !== 'pending') {
      for (const wake of this.#waiters.get(delivery.id) ?? []) wake();
      this.#waiters.delete(delivery.id);
      return;
    }
    const delays = input.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#schedule(delivery, input, delays[Math.min(delivery.attempts - 1, delays.length - 1)] ?? 0);
  }

  #sessionId(orgId: string): string | undefined {
    const org = this.sim.getOrg(orgId);
    const user = org?.users.find((u) => u.active);
    if (!org || !user) return undefined;
    const now = this.sim.now();
    return this.sim.tokens.issueAccess({
      orgId,
      userId: user.id,
      clientId: org.apps[0]?.clientId ?? '',
      scope: 'api',
      issuedAt: now,
      expiresAt: now + org.sessionSeconds * 1000,
      family: randomUUID(),
    }).value;
  }
}

function pick(record: Record<string, unknown>, fields: readonly string[] | undefined): Record<string, unknown> {
  if (fields === undefined) return record;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const key = Object.keys(record).find((k) => k.toLowerCase() === f.toLowerCase());
    out[key ?? f] = key === undefined ? null : record[key];
  }
  return out;
}
