import type { FaultRules } from '../faults/fault-rules.js';
import type { OutboundMessages } from '../outbound-messages/outbound-messages.js';
import type { RequestLog } from '../request-log/request-log.js';
import type { SalesforceSim } from '../salesforce-sim.js';

/** What the control API acts on. */
export interface ControlDeps {
  sim: SalesforceSim;
  faults: FaultRules;
  requestLog: RequestLog;
  outbound: OutboundMessages;
  /** The simulator's origin once it listens, e.g. `http://127.0.0.1:9100`. */
  origin: () => string;
}

/** A control request that names something that does not exist. */
export class ControlNotFound extends Error {
  override name = 'ControlNotFound';
}
